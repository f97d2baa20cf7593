/*
 * store.h: the cache, an SQLite database that is the truth about feeds,
 * items and their read and flagged state.
 *
 * One process at a time may write a cache: store_open() takes an fcntl lock
 * on "<cache>.lock" holding the writer's PID. A read-only open takes no lock
 * and may run beside the writer. Screens are views of the store: lists and
 * counts come from queries, rows reach callers through callbacks with
 * borrowed strings, and only an opened article is loaded whole.
 *
 * Every fallible call returns -1 (NULL for pointers) and leaves a one-line
 * reason in store_error(). Callbacks must not call back into the store.
 */
#ifndef TIDINGS_STORE_H
#define TIDINGS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "feed.h"

struct store;

/* Flags for store_open(). */
#define STORE_OPEN_READONLY 0x01	/* no lock, no writes, no migrations */

/* The schema version this tidings writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 6

/* What store_item_put() did. */
enum store_put {
	STORE_ITEM_NEW = 1,	/* a guid not seen before: stored unread */
	STORE_ITEM_CHANGED,	/* known guid, new content; read state kept */
	STORE_ITEM_SAME,	/* nothing changed (or it was cleaned up) */
};

/* Flags for store_item_list(). */
#define STORE_LIST_UNREAD  0x01	/* only unread items */
#define STORE_LIST_FLAGGED 0x02	/* only flagged items */

/* One row of the feeds table; store_feed_clear() frees the strings. */
struct store_feed {
	int64_t	 id;
	char	*url;		/* as the user gave it */
	char	*title;		/* from the feed, or NULL */
	char	*link;		/* the site's home page, or NULL */
	char	*description;
	char	*etag;		/* validator, byte for byte, or NULL */
	char	*last_modified;	/* validator, byte for byte, or NULL */
	int64_t	 last_fetch;	/* UTC seconds of the last attempt, or 0 */
	int	 last_status;	/* HTTP status of the last attempt, or 0 */
	char	*last_error;	/* why the last attempt failed, or NULL */
	char	*redirect_url;	/* permanent redirect target, or NULL */
	int64_t	 retry_after;	/* do not fetch before (UTC seconds), or 0 */
	enum feed_format format;
};

/* One line of an article list; strings are borrowed for the callback. */
struct store_item_row {
	int64_t	 id;
	int64_t	 feed_id;
	const char *title;	/* or NULL */
	const char *author;	/* or NULL */
	const char *link;	/* or NULL */
	int64_t	 date;		/* published, else updated, else first seen */
	int	 unread;
	int	 flagged;
	int64_t	 first_seen;	/* UTC seconds it was first stored */
};

/* A whole article; store_item_free() frees it. */
struct store_item {
	int64_t	 id;
	int64_t	 feed_id;
	struct feed_item item;	/* every parsed field, owned by this struct */
	int64_t	 first_seen;	/* UTC seconds it was first stored */
	int64_t	 date;		/* published, else updated, else first_seen */
	int	 unread;
	int	 flagged;
};

/* A list of item ids, e.g. what a mark-read changed (for undo). */
struct store_ids {
	int64_t	*v;
	size_t	 n;
	size_t	 cap;
};

/* Returning non-zero from a callback stops the iteration (not an error). */
typedef int (*store_feed_count_cb)(void *arg, int64_t id, const char *url,
    const char *title, int64_t unread, int64_t total);
typedef int (*store_item_cb)(void *arg, const struct store_item_row *);

/*
 * Opens (creating and migrating when writable) the cache at path. Returns
 * NULL with a reason in err, e.g. "cache PATH is in use by process PID".
 */
struct store *store_open(const char *path, int flags, char *err,
	    size_t errlen);
/*
 * A second connection to the cache that s has open for writing, for
 * another thread of this process (one connection a thread): s's lock
 * covers it, so it takes none. Close it before s. NULL with the reason in
 * err.
 */
struct store *store_open_sibling(const struct store *s, char *err,
    size_t errlen);
void	 store_close(struct store *);
const char *store_error(const struct store *);
/* Runs PRAGMA integrity_check; 0 when it says "ok". */
int	 store_check(struct store *);
/* For tests: pretend the time is now (UTC seconds); 0 uses the clock. */
void	 store_set_clock(struct store *, int64_t now);

/* One transaction (BEGIN IMMEDIATE); they do not nest. */
int	 store_begin(struct store *);
int	 store_commit(struct store *);
int	 store_rollback(struct store *);

/* Returns the feed's id, adding it when the url is new. */
int64_t	 store_feed_add(struct store *, const char *url);
/* Fill out; 0 when found, 1 when there is no such feed, -1 on error. */
int	 store_feed_get(struct store *, int64_t id, struct store_feed *out);
int	 store_feed_get_url(struct store *, const char *url,
	    struct store_feed *out);
void	 store_feed_clear(struct store_feed *);
/* Title, link, description and format; NULL or UNKNOWN keeps the old. */
int	 store_feed_set_meta(struct store *, int64_t id, const struct feed *);
/*
 * Records a fetch attempt now. Validators are replaced on 2xx (NULL
 * clears), updated only where given on 304, kept otherwise. error NULL
 * clears the last error; redirect_url NULL keeps the old one, "" clears it.
 */
int	 store_feed_set_fetch(struct store *, int64_t id, int status,
	    const char *error, const char *etag, const char *last_modified,
	    int64_t retry_after, const char *redirect_url);
/* Deletes a feed with its items; 0, or 1 when there was no such feed. */
int	 store_feed_remove(struct store *, int64_t id);
/* Deletes every feed whose url is not in urls; returns how many. */
int64_t	 store_feeds_prune(struct store *, const char *const *urls,
	    size_t n);

/* Stores one parsed item of a feed; returns an enum store_put or -1. */
int	 store_item_put(struct store *, int64_t feed_id,
	    const struct feed_item *);
/*
 * Remembers guid as deleted from the feed, as store_cleanup() does, so
 * that it is not stored again while the feed carries it (newsboat's
 * deleted articles). 0 or -1.
 */
int	 store_item_forget(struct store *, int64_t feed_id, const char *guid);
/* The id of the feed's item with this guid; 0 when none, -1 on error. */
int64_t	 store_item_find(struct store *, int64_t feed_id, const char *guid);
/*
 * The fingerprint that tells a changed item from the same one: pure, so
 * another thread may compute it ahead of store_item_put_hashed().
 */
int64_t	 store_item_hash(const struct feed_item *);
/* store_item_put() given the item's store_item_hash(). */
int	 store_item_put_hashed(struct store *, int64_t feed_id,
	    const struct feed_item *, int64_t hash);
/* The item's guid (the caller frees it), or NULL. */
char	*store_item_guid(struct store *, int64_t id);
/* Loads a whole article, or NULL (also when there is no such item). */
struct store_item *store_item_load(struct store *, int64_t id);
void	 store_item_free(struct store_item *);

/*
 * Every feed with its unread and total counts, in id order, and the unread
 * sum. Both read per-feed counters that triggers keep: O(feeds), never a
 * walk of the items.
 */
int	 store_feed_counts(struct store *, store_feed_count_cb, void *arg);
int64_t	 store_unread_total(struct store *);
/* The date of the feed's newest item, 0 when it has none; -1 on error. */
int64_t	 store_feed_newest(struct store *, int64_t feed_id);
/* Items of one feed (feed_id > 0) or of all, newest first. */
int	 store_item_list(struct store *, int64_t feed_id, int flags,
	    store_item_cb, void *arg);

/* What store_item_scan() reads, and which rows it may leave out. */
struct store_scan {
	int	 content;	/* read the body (content, else summary) */
	int	 enclosure;	/* read the first enclosure's url and type */
	int	 unread;	/* 1: only unread, -1: only read, 0: all */
	int64_t	 min_date;	/* only date >= this; INT64_MIN: all */
	int64_t	 feed_id;	/* only this feed; 0: all */
};

/* One row of a scan; strings are borrowed for the callback. */
struct store_scan_row {
	struct store_item_row row;
	const char *guid;
	const char *content;	/* NULL unless asked for */
	const char *enclosure_url;
	const char *enclosure_type;
};
typedef int (*store_scan_cb)(void *arg, const struct store_scan_row *);

/*
 * Streams the items a filter is matched against (query feeds, the
 * killfile shown), newest first, one row in memory at a time.
 */
int	 store_item_scan(struct store *, const struct store_scan *,
	    store_scan_cb, void *arg);

/*
 * Full-text search (schema 3: FTS5 over title, author and the body's
 * text). words are what the user typed: every word must occur (any case,
 * accents ignored), a "quoted phrase" must occur as such, and a trailing
 * '*' makes a word a prefix. Chinese, Japanese and Korean text is found
 * anywhere inside a run of it (schema 6), from one character on. With
 * feed_id > 0 only that feed's articles; at most max rows (0: all), the
 * most recently stored matches, newest first by date. -1 with "nothing
 * to search for" when words has none. What was stored since the last
 * flush is indexed first; an upgraded cache's backlog is not (see
 * store_fts_backlog()).
 */
int	 store_search(struct store *, const char *words, int64_t feed_id,
	    size_t max, store_item_cb, void *arg);
/*
 * Indexes up to max (0: all) of the items stored or changed since the
 * last call (schema 5 keeps them waiting, so a refresh does not pay for
 * the index), then goes through up to the rest of max items of the
 * backlog a cache upgraded to schema 6 has (indexing again, newest
 * first, those with CJK text); returns how many items it indexed or went
 * through, 0 when nothing waited, -1 on error. A read-only store does
 * nothing.
 */
int64_t	 store_fts_flush(struct store *, int64_t max);
/*
 * 1 while an upgraded cache's older articles still wait for CJK search
 * (they are found as before meanwhile), 0 when none do, -1 on error.
 */
int	 store_fts_backlog(struct store *);
/*
 * The FTS5 query that store_search() runs for words, into out (reset
 * first); returns the number of terms. Never an FTS5 syntax error.
 */
struct buf;
int	 store_fts_query(const char *words, struct buf *out);
/*
 * The text the index keeps of a body: HTML (when html) without its tags,
 * comments, scripts and styles, references decoded; text as it is; at
 * most STORE_FTS_MAX bytes. Appended to out. Its output for a given input
 * is part of the cache's format (see the schema): never change it.
 */
#define STORE_FTS_MAX	(64 * 1024)
void	 store_fts_text(const char *s, size_t len, int html, struct buf *out);
/*
 * What the index keeps of a title, an author or store_fts_text()'s text
 * (schema 6): the text as it is, but every run of Chinese, Japanese or
 * Korean letters (written without spaces between words: unicode61 would
 * make the whole run one token) as its overlapping pairs of characters,
 * then its last character, one space between pieces and around the run
 * where it touches other text: "東京都庁" becomes "東京 京都 都庁 庁". A
 * word of any length in a run is then one pair, a phrase of pairs, or
 * (one character) the prefix of a pair. Appended to out; returns 1 when
 * it changed anything. Part of the cache's format, as store_fts_text().
 */
int	 store_fts_cjk(const char *s, size_t len, struct buf *out);

/* These return 1 when the item changed, 0 when it already was so. */
int	 store_item_set_unread(struct store *, int64_t id, int unread);
int	 store_item_set_flagged(struct store *, int64_t id, int flagged);
/*
 * Marks read; appends the ids that were unread to changed (may be NULL)
 * so that store_items_set_unread(changed, 1) undoes it. Returns how many.
 */
int64_t	 store_feed_mark_read(struct store *, int64_t feed_id,
	    struct store_ids *changed);
int64_t	 store_mark_all_read(struct store *, struct store_ids *changed);
int64_t	 store_items_set_unread(struct store *, const struct store_ids *,
	    int unread);
void	 store_ids_free(struct store_ids *);

/*
 * Deletes, per feed, the oldest items beyond max_items and items older than
 * max_age_days (0 disables either), read or unread; flagged items are always
 * kept. A deleted guid is remembered while its feed still carries it, so it
 * does not come back as new. Returns how many items were deleted.
 */
int64_t	 store_cleanup(struct store *, int64_t max_items,
	    int64_t max_age_days);

/*
 * Reader mode: the article extracted from an item's page (readability.h),
 * kept beside the feed's own text. store_extract_clear() frees the strings.
 */
struct store_extract {
	int64_t	 item_id;
	int64_t	 fetched;	/* UTC seconds of the last attempt */
	int	 shown;		/* 1: show this rather than the feed's text */
	int64_t	 published;	/* from the page's metadata, or DATE_NONE */
	char	*url;		/* the page it came from, or NULL */
	char	*error;		/* why the last attempt failed, or NULL */
	char	*title;		/* page metadata, each NULL when absent */
	char	*byline;
	char	*site_name;
	char	*content;	/* clean HTML; NULL: no article yet */
};

typedef int (*store_extract_todo_cb)(void *arg, int64_t item_id,
    const char *link);

/* Fills out; 0 when found, 1 when the item has none, -1 on error. */
int	 store_extract_get(struct store *, int64_t item_id,
	    struct store_extract *out);
void	 store_extract_clear(struct store_extract *);
/*
 * Stores an article (e->content must not be NULL; e->item_id is ignored),
 * replacing an earlier one and clearing an earlier error. A zero
 * e->fetched means now.
 */
int	 store_extract_put(struct store *, int64_t item_id,
	    const struct store_extract *);
/* Records a failed attempt now; an earlier article is kept. */
int	 store_extract_fail(struct store *, int64_t item_id,
	    const char *error);
/*
 * Chooses which text the item shows; 1 when that changed, 0 when it
 * already was so or there is no article to show.
 */
int	 store_extract_show(struct store *, int64_t item_id, int shown);
/*
 * Calls cb for at most max unread items of a feed that have a link and
 * were never tried, newest first; returns how many, or -1.
 */
int	 store_extract_todo(struct store *, int64_t feed_id, int max,
	    store_extract_todo_cb, void *arg);

#endif
