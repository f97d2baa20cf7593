/*
 * store.c: the SQLite cache: schema and migrations, the writer's lock,
 * upserts of parsed items, and the queries the screens are built from.
 *
 * Must never hold more than one row per call in memory for a list, never
 * write without the writer's lock, and never leave a half-stored refresh:
 * every multi-statement write runs inside a transaction or a savepoint.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "feed.h"
#include "store.h"
#include "str.h"
#include "util.h"

#define STORE_BUSY_MS	5000		/* wait this long for a busy database */
#define STORE_CACHE_KIB	"16384"		/* SQLite page cache limit */
/*
 * A sibling's (a refresh's writer): a refresh writes an article's pages
 * once and keeps only index pages, so a smaller cache costs no speed, even
 * on a 500,000-article cache, and leaves room for the refresh's queues.
 */
#define STORE_SIBLING_CACHE_KIB "4096"
#define STORE_PAGE_SIZE	"8192"		/* pages of a new cache */
#define STORE_ANALYSIS_ROWS "1000"	/* rows per index ANALYZE may read */
#define STORE_DAY	86400
#define STORE_GONE_TOUCH (1 * STORE_DAY)	/* refresh a tombstone's time */
#define STORE_GONE_GRACE (2 * STORE_DAY)	/* absent this long: forget */

/*
 * Schema 6's triggers: takes an indexed item out of the FTS index with the
 * values it was indexed with (the version 5 way below fts_backlog's
 * "below", through tidings_fts_cjk() above it).
 */
#define STORE_FTS_UNINDEX_OLD \
	" INSERT INTO items_fts (items_fts, rowid, title, author, body)" \
	"  SELECT 'delete', OLD.id," \
	"  CASE WHEN old THEN OLD.title ELSE tidings_fts_cjk(OLD.title) END," \
	"  CASE WHEN old THEN OLD.author ELSE tidings_fts_cjk(OLD.author) END," \
	"  CASE WHEN old THEN t ELSE tidings_fts_cjk(t) END" \
	"  FROM (SELECT OLD.id < IFNULL((SELECT max(below) FROM fts_backlog)," \
	"   0) AS old, tidings_fts_text(OLD.content, OLD.content_type," \
	"   OLD.summary, OLD.summary_type) AS t)" \
	"  WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = OLD.id);"

/*
 * The schema, one step per version: step i takes a cache from version i to
 * i + 1. Steps are only ever appended; a released step never changes.
 *
 * Enclosures live in a child table rather than JSON text: they are
 * structured (url, type, numeric length), a later podcast view can query
 * them, deletion cascades with the item, and the store needs no JSON
 * parser. Authors and categories are short lists of one-line strings that
 * are only ever shown, so they are stored as newline-joined text.
 *
 * items.date is published, else updated, else first_seen, kept by the
 * store so every list is one index walk. Small columns come first so lists
 * never read a body's overflow pages. "gone" remembers the guids that
 * store_cleanup() deleted while their feed still carries them.
 */

static const char *const store_migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE feeds ("
	" id INTEGER PRIMARY KEY,"
	" url TEXT NOT NULL UNIQUE,"
	" title TEXT,"
	" link TEXT,"
	" description TEXT,"
	" etag BLOB,"
	" last_modified BLOB,"
	" last_fetch INTEGER NOT NULL DEFAULT 0,"
	" last_status INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" redirect_url TEXT,"
	" retry_after INTEGER NOT NULL DEFAULT 0,"
	" format TEXT);"
	"CREATE TABLE items ("
	" id INTEGER PRIMARY KEY,"
	" feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	" date INTEGER NOT NULL,"
	" unread INTEGER NOT NULL DEFAULT 1,"
	" flagged INTEGER NOT NULL DEFAULT 0,"
	" first_seen INTEGER NOT NULL,"
	" hash INTEGER NOT NULL,"
	" published INTEGER,"
	" updated INTEGER,"
	" summary_type INTEGER NOT NULL DEFAULT 0,"
	" content_type INTEGER NOT NULL DEFAULT 0,"
	" guid TEXT NOT NULL,"
	" title TEXT,"
	" link TEXT,"
	" author TEXT,"
	" authors TEXT,"
	" categories TEXT,"
	" comments TEXT,"
	" image TEXT,"
	" duration TEXT,"
	" summary TEXT,"
	" content TEXT,"
	" UNIQUE (feed_id, guid));"
	"CREATE TABLE enclosures ("
	" item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL,"
	" url TEXT NOT NULL,"
	" type TEXT,"
	" length INTEGER,"
	" PRIMARY KEY (item_id, pos)) WITHOUT ROWID;"
	"CREATE TABLE gone ("
	" feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	" guid TEXT NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" PRIMARY KEY (feed_id, guid)) WITHOUT ROWID;"
	/* A feed's list, newest first; also its total count (covering). */
	"CREATE INDEX items_feed_date ON items (feed_id, date DESC, id DESC);"
	/* The "all articles" list. */
	"CREATE INDEX items_date ON items (date DESC, id DESC);"
	/* Unread is a small part of a big cache: partial indexes stay small. */
	"CREATE INDEX items_unread_feed ON items (feed_id, date DESC, id DESC)"
	" WHERE unread = 1;"
	"CREATE INDEX items_unread_date ON items (date DESC, id DESC)"
	" WHERE unread = 1;"
	"CREATE INDEX items_flagged ON items (date DESC, id DESC)"
	" WHERE flagged = 1;",
	/*
	 * 1 -> 2: per-feed counters, so the first screen and print-unread
	 * read one small row per feed instead of counting the items. Only
	 * triggers write them: every statement that adds, deletes (also by
	 * cascade from feeds), reads or moves an item keeps them exact, and
	 * no C path has to remember to. A narrow table of its own rather than
	 * columns of feeds, so an item's insert never rewrites a feed's row
	 * with its description and validators.
	 */
	"CREATE TABLE feed_counts ("
	" feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,"
	" n_items INTEGER NOT NULL DEFAULT 0,"
	" n_unread INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO feed_counts (feed_id, n_items, n_unread)"
	" SELECT f.id, (SELECT count(*) FROM items WHERE feed_id = f.id),"
	"  (SELECT count(*) FROM items WHERE feed_id = f.id AND unread = 1)"
	" FROM feeds AS f;"
	/* REPLACE: a reused feed id starts from zero whatever was left. */
	"CREATE TRIGGER feeds_counts_add AFTER INSERT ON feeds BEGIN"
	" INSERT OR REPLACE INTO feed_counts (feed_id) VALUES (NEW.id);"
	" END;"
	"CREATE TRIGGER items_counts_add AFTER INSERT ON items BEGIN"
	" UPDATE feed_counts SET n_items = n_items + 1,"
	"  n_unread = n_unread + (NEW.unread = 1)"
	"  WHERE feed_id = NEW.feed_id;"
	" END;"
	"CREATE TRIGGER items_counts_delete AFTER DELETE ON items BEGIN"
	" UPDATE feed_counts SET n_items = n_items - 1,"
	"  n_unread = n_unread - (OLD.unread = 1)"
	"  WHERE feed_id = OLD.feed_id;"
	" END;"
	"CREATE TRIGGER items_counts_unread AFTER UPDATE OF unread ON items"
	" WHEN OLD.feed_id = NEW.feed_id AND"
	"  (OLD.unread = 1) <> (NEW.unread = 1) BEGIN"
	" UPDATE feed_counts SET"
	"  n_unread = n_unread + (NEW.unread = 1) - (OLD.unread = 1)"
	"  WHERE feed_id = NEW.feed_id;"
	" END;"
	"CREATE TRIGGER items_counts_move AFTER UPDATE OF feed_id ON items"
	" WHEN OLD.feed_id <> NEW.feed_id BEGIN"
	" UPDATE feed_counts SET n_items = n_items - 1,"
	"  n_unread = n_unread - (OLD.unread = 1)"
	"  WHERE feed_id = OLD.feed_id;"
	" UPDATE feed_counts SET n_items = n_items + 1,"
	"  n_unread = n_unread + (NEW.unread = 1)"
	"  WHERE feed_id = NEW.feed_id;"
	" END;",
	/*
	 * 2 -> 3: reader mode. The article a page gave for an item, kept
	 * apart from the feed's own text (which a refresh may rewrite) so
	 * both can be shown, and so it reads offline. A failed attempt is a
	 * row with its error (and the older content, if any, kept), which
	 * stops refreshes from fetching a broken page again and again.
	 * "shown" remembers which text the reader last chose for the item.
	 */
	"CREATE TABLE extracts ("
	" item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,"
	" fetched INTEGER NOT NULL,"
	" shown INTEGER NOT NULL DEFAULT 1,"
	" published INTEGER,"
	" url TEXT,"
	" error TEXT,"
	" title TEXT,"
	" byline TEXT,"
	" site_name TEXT,"
	" content TEXT);",
	/*
	 * 3 -> 4: full-text search. A contentless FTS5 index (content=''):
	 * the text is already in items, so the index keeps only its tokens.
	 * The body is indexed as plain text, HTML stripped once by
	 * tidings_fts_text() (store_fts_text()), which keeps the index small.
	 * A contentless index can only forget a row given the very values it
	 * indexed, so triggers hand it OLD's columns through the same
	 * function: that function must never change what it returns for a
	 * given input (a change needs a new step that rebuilds the index).
	 */
	"CREATE VIRTUAL TABLE items_fts USING fts5(title, author, body,"
	" content='', tokenize='unicode61 remove_diacritics 2');"
	"INSERT INTO items_fts (rowid, title, author, body)"
	" SELECT id, title, author, tidings_fts_text(content, content_type,"
	"  summary, summary_type) FROM items;"
	"CREATE TRIGGER items_fts_add AFTER INSERT ON items BEGIN"
	" INSERT INTO items_fts (rowid, title, author, body) VALUES (NEW.id,"
	"  NEW.title, NEW.author, tidings_fts_text(NEW.content,"
	"  NEW.content_type, NEW.summary, NEW.summary_type));"
	" END;"
	"CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN"
	" INSERT INTO items_fts (items_fts, rowid, title, author, body)"
	"  VALUES ('delete', OLD.id, OLD.title, OLD.author,"
	"  tidings_fts_text(OLD.content, OLD.content_type, OLD.summary,"
	"  OLD.summary_type));"
	" END;"
	"CREATE TRIGGER items_fts_update AFTER UPDATE OF title, author,"
	" content, content_type, summary, summary_type ON items BEGIN"
	" INSERT INTO items_fts (items_fts, rowid, title, author, body)"
	"  VALUES ('delete', OLD.id, OLD.title, OLD.author,"
	"  tidings_fts_text(OLD.content, OLD.content_type, OLD.summary,"
	"  OLD.summary_type));"
	" INSERT INTO items_fts (rowid, title, author, body) VALUES (NEW.id,"
	"  NEW.title, NEW.author, tidings_fts_text(NEW.content,"
	"  NEW.content_type, NEW.summary, NEW.summary_type));"
	" END;",
	/*
	 * 4 -> 5: the index is brought up to date in batches, not inside
	 * every refresh: new and changed items wait in fts_pending until
	 * store_fts_flush() (before a search, and when the interface is
	 * idle), where one big insert costs far less than one per feed and
	 * a reload no longer pays for it. An item is in the index or in
	 * fts_pending, never both; only an indexed one is deleted from the
	 * index, with the values it was indexed with.
	 */
	"CREATE TABLE fts_pending (id INTEGER PRIMARY KEY);"
	"DROP TRIGGER items_fts_add;"
	"DROP TRIGGER items_fts_delete;"
	"DROP TRIGGER items_fts_update;"
	"CREATE TRIGGER items_fts_add AFTER INSERT ON items BEGIN"
	" INSERT OR IGNORE INTO fts_pending (id) VALUES (NEW.id);"
	" END;"
	"CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN"
	" INSERT INTO items_fts (items_fts, rowid, title, author, body)"
	"  SELECT 'delete', OLD.id, OLD.title, OLD.author,"
	"  tidings_fts_text(OLD.content, OLD.content_type, OLD.summary,"
	"  OLD.summary_type)"
	"  WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = OLD.id);"
	" DELETE FROM fts_pending WHERE id = OLD.id;"
	" END;"
	"CREATE TRIGGER items_fts_update AFTER UPDATE OF title, author,"
	" content, content_type, summary, summary_type ON items BEGIN"
	" INSERT INTO items_fts (items_fts, rowid, title, author, body)"
	"  SELECT 'delete', OLD.id, OLD.title, OLD.author,"
	"  tidings_fts_text(OLD.content, OLD.content_type, OLD.summary,"
	"  OLD.summary_type)"
	"  WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = OLD.id);"
	" INSERT OR IGNORE INTO fts_pending (id) VALUES (NEW.id);"
	" END;",
	/*
	 * 5 -> 6: Chinese, Japanese and Korean are found by substring.
	 * unicode61 makes a whole run of such characters, a sentence
	 * written without spaces, one token; the index now keeps every run
	 * as its overlapping pairs of characters and its last character
	 * (tidings_fts_cjk(), store_fts_cjk()); a word searched for becomes
	 * the phrase of its pairs. Text without those characters is indexed
	 * exactly as before, so the index stays and only the articles with
	 * them are indexed again, without blocking the start: fts_backlog's
	 * "below" says that the items under it are still indexed the
	 * version 5 way
	 * (title, author and tidings_fts_text() as they are); store_fts_flush
	 * walks it down, newest first, re-indexing the articles that hold
	 * such characters, and deletes the row when it reaches the bottom.
	 * Items waiting in fts_pending under it are left to that walk, so an
	 * indexed item below is always indexed the old way, and one above
	 * the new way: the triggers delete with the values it was indexed
	 * with.
	 */
	"CREATE TABLE fts_backlog (below INTEGER NOT NULL);"
	"INSERT INTO fts_backlog (below)"
	" SELECT id + 1 FROM items ORDER BY id DESC LIMIT 1;"
	"DROP TRIGGER items_fts_delete;"
	"DROP TRIGGER items_fts_update;"
	"CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN"
	STORE_FTS_UNINDEX_OLD
	" DELETE FROM fts_pending WHERE id = OLD.id;"
	" END;"
	"CREATE TRIGGER items_fts_update AFTER UPDATE OF title, author,"
	" content, content_type, summary, summary_type ON items BEGIN"
	STORE_FTS_UNINDEX_OLD
	" INSERT OR IGNORE INTO fts_pending (id) VALUES (NEW.id);"
	" END;",
};

_Static_assert(UTIL_ARRAY_LEN(store_migrations) == STORE_SCHEMA_VERSION,
    "one migration step per schema version");

enum store_sql {
	SQL_BEGIN,
	SQL_COMMIT,
	SQL_ROLLBACK,
	SQL_SAVEPOINT,
	SQL_RELEASE,
	SQL_ROLLBACK_TO,
	SQL_FEED_ADD,
	SQL_FEED_ID,
	SQL_FEED_GET,
	SQL_FEED_GET_URL,
	SQL_FEED_SET_META,
	SQL_FEED_SET_FETCH,
	SQL_FEED_REMOVE,
	SQL_ITEM_FIND,
	SQL_ITEM_GUID,
	SQL_ITEM_INSERT,
	SQL_ITEM_UPDATE,
	SQL_ENC_DELETE,
	SQL_ENC_INSERT,
	SQL_GONE_FIND,
	SQL_GONE_TOUCH,
	SQL_COUNTS,
	SQL_UNREAD_TOTAL,
	SQL_FEED_NEWEST,
	SQL_LIST_ALL,
	SQL_LIST_FEED,
	SQL_LIST_UNREAD,
	SQL_LIST_UNREAD_FEED,
	SQL_LIST_FLAGGED,
	SQL_LIST_FLAGGED_FEED,
	SQL_LIST_BOTH,
	SQL_LIST_BOTH_FEED,
	SQL_ITEM_LOAD,
	SQL_ENC_LOAD,
	SQL_SET_UNREAD,
	SQL_SET_FLAGGED,
	SQL_UNREAD_IDS_FEED,
	SQL_MARK_FEED,
	SQL_UNREAD_IDS,
	SQL_MARK_ALL,
	SQL_EXTRACT_GET,
	SQL_EXTRACT_PUT,
	SQL_EXTRACT_FAIL,
	SQL_EXTRACT_SHOW,
	SQL_EXTRACT_TODO,
	SQL_SEARCH,
	SQL_SEARCH_FEED,
	SQL__COUNT
};

/* An article list's columns, as store_row_read() reads them. */
#define STORE_ROW_COLS "SELECT id, feed_id, title, author, link, date," \
	" unread, flagged, first_seen FROM items"
#define STORE_ROW_NCOLS 9
#define STORE_ROW_ORDER " ORDER BY date DESC, id DESC"

static const char *const store_sql_text[SQL__COUNT] = {
	[SQL_BEGIN] = "BEGIN IMMEDIATE",
	[SQL_COMMIT] = "COMMIT",
	[SQL_ROLLBACK] = "ROLLBACK",
	[SQL_SAVEPOINT] = "SAVEPOINT store_op",
	[SQL_RELEASE] = "RELEASE store_op",
	[SQL_ROLLBACK_TO] = "ROLLBACK TO store_op",
	[SQL_FEED_ADD] = "INSERT OR IGNORE INTO feeds (url) VALUES (?1)",
	[SQL_FEED_ID] = "SELECT id FROM feeds WHERE url = ?1",
	[SQL_FEED_GET] = "SELECT id, url, title, link, description, etag,"
	    " last_modified, last_fetch, last_status, last_error,"
	    " redirect_url, retry_after, format FROM feeds WHERE id = ?1",
	[SQL_FEED_GET_URL] = "SELECT id, url, title, link, description, etag,"
	    " last_modified, last_fetch, last_status, last_error,"
	    " redirect_url, retry_after, format FROM feeds WHERE url = ?1",
	[SQL_FEED_SET_META] = "UPDATE feeds SET title = COALESCE(?2, title),"
	    " link = COALESCE(?3, link),"
	    " description = COALESCE(?4, description),"
	    " format = COALESCE(?5, format) WHERE id = ?1",
	[SQL_FEED_SET_FETCH] = "UPDATE feeds SET last_fetch = ?2,"
	    " last_status = ?3, last_error = ?4,"
	    " etag = CASE WHEN ?3 BETWEEN 200 AND 299 THEN ?5"
	    "  WHEN ?3 = 304 THEN COALESCE(?5, etag) ELSE etag END,"
	    " last_modified = CASE WHEN ?3 BETWEEN 200 AND 299 THEN ?6"
	    "  WHEN ?3 = 304 THEN COALESCE(?6, last_modified)"
	    "  ELSE last_modified END,"
	    " retry_after = ?7,"
	    " redirect_url = CASE WHEN ?8 IS NULL THEN redirect_url"
	    "  WHEN ?8 = '' THEN NULL ELSE ?8 END"
	    " WHERE id = ?1",
	[SQL_FEED_REMOVE] = "DELETE FROM feeds WHERE id = ?1",
	[SQL_ITEM_FIND] = "SELECT id, hash FROM items"
	    " WHERE feed_id = ?1 AND guid = ?2",
	[SQL_ITEM_GUID] = "SELECT guid FROM items WHERE id = ?1",
	/* Parameters shared by insert and update, see store_item_bind(). */
	[SQL_ITEM_INSERT] = "INSERT INTO items (feed_id, guid, date,"
	    " first_seen, hash, published, updated, summary_type,"
	    " content_type, title, link, author, authors, categories,"
	    " comments, image, duration, summary, content) VALUES (?1, ?2,"
	    " COALESCE(?3, ?4, ?5), ?5, ?6, ?3, ?4, ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
	[SQL_ITEM_UPDATE] = "UPDATE items SET"
	    " date = COALESCE(?3, ?4, first_seen), hash = ?6,"
	    " published = ?3, updated = ?4, summary_type = ?7,"
	    " content_type = ?8, title = ?9, link = ?10, author = ?11,"
	    " authors = ?12, categories = ?13, comments = ?14, image = ?15,"
	    " duration = ?16, summary = ?17, content = ?18 WHERE id = ?1",
	[SQL_ENC_DELETE] = "DELETE FROM enclosures WHERE item_id = ?1",
	[SQL_ENC_INSERT] = "INSERT INTO enclosures (item_id, pos, url, type,"
	    " length) VALUES (?1, ?2, ?3, ?4, ?5)",
	[SQL_GONE_FIND] = "SELECT last_seen FROM gone"
	    " WHERE feed_id = ?1 AND guid = ?2",
	[SQL_GONE_TOUCH] = "UPDATE gone SET last_seen = ?3"
	    " WHERE feed_id = ?1 AND guid = ?2",
	/* One counter row per feed (schema 2): O(feeds), not O(items). */
	[SQL_COUNTS] = "SELECT f.id, f.url, f.title, IFNULL(c.n_unread, 0),"
	    " IFNULL(c.n_items, 0) FROM feeds AS f"
	    " LEFT JOIN feed_counts AS c ON c.feed_id = f.id ORDER BY f.id",
	[SQL_UNREAD_TOTAL] = "SELECT IFNULL(sum(n_unread), 0)"
	    " FROM feed_counts",
	/* One seek of items_feed_date. */
	[SQL_FEED_NEWEST] = "SELECT max(date) FROM items WHERE feed_id = ?1",
	[SQL_LIST_ALL] = STORE_ROW_COLS STORE_ROW_ORDER,
	[SQL_LIST_FEED] = STORE_ROW_COLS " WHERE feed_id = ?1"
	    STORE_ROW_ORDER,
	[SQL_LIST_UNREAD] = STORE_ROW_COLS " WHERE unread = 1"
	    STORE_ROW_ORDER,
	[SQL_LIST_UNREAD_FEED] = STORE_ROW_COLS
	    " WHERE feed_id = ?1 AND unread = 1" STORE_ROW_ORDER,
	[SQL_LIST_FLAGGED] = STORE_ROW_COLS " WHERE flagged = 1"
	    STORE_ROW_ORDER,
	[SQL_LIST_FLAGGED_FEED] = STORE_ROW_COLS
	    " WHERE feed_id = ?1 AND flagged = 1" STORE_ROW_ORDER,
	[SQL_LIST_BOTH] = STORE_ROW_COLS
	    " WHERE flagged = 1 AND unread = 1" STORE_ROW_ORDER,
	[SQL_LIST_BOTH_FEED] = STORE_ROW_COLS
	    " WHERE feed_id = ?1 AND unread = 1 AND flagged = 1"
	    STORE_ROW_ORDER,
	[SQL_ITEM_LOAD] = "SELECT feed_id, guid, title, link, author, authors,"
	    " summary, summary_type, content, content_type, published,"
	    " updated, categories, comments, image, duration, first_seen,"
	    " date, unread, flagged FROM items WHERE id = ?1",
	[SQL_ENC_LOAD] = "SELECT url, type, length FROM enclosures"
	    " WHERE item_id = ?1 ORDER BY pos",
	[SQL_SET_UNREAD] = "UPDATE items SET unread = ?2"
	    " WHERE id = ?1 AND unread <> ?2",
	[SQL_SET_FLAGGED] = "UPDATE items SET flagged = ?2"
	    " WHERE id = ?1 AND flagged <> ?2",
	[SQL_UNREAD_IDS_FEED] = "SELECT id FROM items"
	    " WHERE feed_id = ?1 AND unread = 1",
	[SQL_MARK_FEED] = "UPDATE items SET unread = 0"
	    " WHERE feed_id = ?1 AND unread = 1",
	[SQL_UNREAD_IDS] = "SELECT id FROM items WHERE unread = 1",
	[SQL_MARK_ALL] = "UPDATE items SET unread = 0 WHERE unread = 1",
	[SQL_EXTRACT_GET] = "SELECT fetched, shown, published, url, error,"
	    " title, byline, site_name, content FROM extracts"
	    " WHERE item_id = ?1",
	[SQL_EXTRACT_PUT] = "INSERT OR REPLACE INTO extracts (item_id,"
	    " fetched, shown, published, url, error, title, byline,"
	    " site_name, content) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7,"
	    " ?8, ?9)",
	/* A failure keeps an earlier article and which text was shown. */
	[SQL_EXTRACT_FAIL] = "INSERT INTO extracts (item_id, fetched, shown,"
	    " error) VALUES (?1, ?2, 0, ?3) ON CONFLICT (item_id) DO UPDATE"
	    " SET fetched = excluded.fetched, error = excluded.error",
	[SQL_EXTRACT_SHOW] = "UPDATE extracts SET shown = ?2"
	    " WHERE item_id = ?1 AND content IS NOT NULL AND shown <> ?2",
	/* Unread items with a link and no attempt yet, newest first. */
	[SQL_EXTRACT_TODO] = "SELECT i.id, i.link FROM items AS i"
	    " WHERE i.feed_id = ?1 AND i.unread = 1 AND i.link IS NOT NULL"
	    " AND i.link <> '' AND NOT EXISTS (SELECT 1 FROM extracts AS e"
	    "  WHERE e.item_id = i.id) ORDER BY i.date DESC, i.id DESC"
	    " LIMIT ?2",
	[SQL_SEARCH] = STORE_ROW_COLS " WHERE id IN (SELECT rowid FROM"
	    " items_fts WHERE items_fts MATCH ?1 ORDER BY rowid DESC"
	    " LIMIT ?2)" STORE_ROW_ORDER,
	/* One feed's matches: the feed's index finds them, not the words. */
	[SQL_SEARCH_FEED] = STORE_ROW_COLS " WHERE feed_id = ?3 AND id IN"
	    " (SELECT rowid FROM items_fts WHERE items_fts MATCH ?1)"
	    STORE_ROW_ORDER " LIMIT ?2",
};

struct store {
	sqlite3	*db;
	char	*path;		/* the cache file as given */
	int	 readonly;	/* opened with STORE_OPEN_READONLY */
	int	 sibling;	/* store_open_sibling(): another's lock */
	int	 lock_fd;	/* "<path>.lock", locked; -1 when read-only */
	dev_t	 lock_dev;	/* identity of the lock file, so one process */
	ino_t	 lock_ino;	/*   cannot open the same cache twice */
	pid_t	 lock_pid;	/* the process that took the lock */
	struct store *next;	/* in store_writers */
	int64_t	 clock;		/* store_set_clock(), or 0 */
	sqlite3_stmt *stmt[SQL__COUNT];	/* prepared on first use */
	struct buf authors;	/* scratch for store_item_put() */
	struct buf categories;
	struct buf fts;		/* scratch for tidings_fts_text() */
	struct buf cjk;		/* scratch for tidings_fts_cjk() */
	char	 err[512];
};

/*
 * Writers open in this process. fcntl locks belong to a process, so a
 * second open by the same process would succeed (and its close would drop
 * the first one's lock); this list refuses it instead.
 */
static struct store *store_writers;

static int store_fail(struct store *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static int store_exec_ints(struct store *, const char *, int, int64_t,
    int64_t, int64_t);

static int
store_fail(struct store *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int
store_dberr(struct store *s, const char *what)
{
	return store_fail(s, "cache %s: %s: %s", s->path, what,
	    sqlite3_errmsg(s->db));
}

const char *
store_error(const struct store *s)
{
	return s->err;
}

static int64_t
store_now(const struct store *s)
{
	return s->clock != 0 ? s->clock : (int64_t)time(NULL);
}

void
store_set_clock(struct store *s, int64_t now)
{
	s->clock = now;
}

/*
 * Returns the cached statement, reset and ready to bind, or NULL. A
 * statement still stepping means a callback called back into the store.
 */
static sqlite3_stmt *
store_stmt(struct store *s, enum store_sql id)
{
	sqlite3_stmt *st = s->stmt[id];

	if (st == NULL) {
		if (sqlite3_prepare_v3(s->db, store_sql_text[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
			store_dberr(s, "prepare");
			return NULL;
		}
		s->stmt[id] = st;
		return st;
	}
	if (sqlite3_stmt_busy(st)) {
		store_fail(s, "cache %s: store called from a list callback",
		    s->path);
		return NULL;
	}
	return st;
}

/* Resets st after use (keeping the step's result code meaningful). */
static void
store_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Steps a statement that returns no rows; 0 or -1. */
static int
store_run(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc;

	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_dberr(s, what);
		store_done(st);
		return -1;
	}
	store_done(st);
	return 0;
}

static int
store_exec_id(struct store *s, enum store_sql id, const char *what)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, id)) == NULL)
		return -1;
	return store_run(s, st, what);
}

static int
store_exec(struct store *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_fail(s, "cache %s: %s", s->path,
		    msg != NULL ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static void
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Validators are bound as blobs so no byte is ever reinterpreted. */
static void
store_bind_bytes(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_blob(st, i, v, (int)strlen(v), SQLITE_STATIC);
}

static void
store_bind_date(sqlite3_stmt *st, int i, int64_t v)
{
	if (v == DATE_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

/* A column as a new string (blob or text, byte for byte), or NULL. */
static char *
store_col_dup(sqlite3_stmt *st, int i)
{
	const void *p;
	int n;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	p = sqlite3_column_blob(st, i);
	n = sqlite3_column_bytes(st, i);
	if (p == NULL || n <= 0)
		return xstrdup("");
	return xstrndup(p, (size_t)n);
}

static const char *
store_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int64_t
store_col_date(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return DATE_NONE;
	return sqlite3_column_int64(st, i);
}

/*
 * Savepoints make one call atomic inside or outside the caller's
 * transaction. store_sp_end() releases on ok == 0, else rolls back.
 */
static int
store_sp_begin(struct store *s)
{
	return store_exec_id(s, SQL_SAVEPOINT, "savepoint");
}

static int
store_sp_end(struct store *s, int ok)
{
	if (ok != 0) {
		char keep[sizeof s->err];

		memcpy(keep, s->err, sizeof keep);
		store_exec_id(s, SQL_ROLLBACK_TO, "rollback");
		store_exec_id(s, SQL_RELEASE, "release");
		memcpy(s->err, keep, sizeof keep);
		return -1;
	}
	if (store_exec_id(s, SQL_RELEASE, "release") == -1) {
		store_exec_id(s, SQL_ROLLBACK_TO, "rollback");
		return -1;
	}
	return 0;
}

static int
store_writable(struct store *s)
{
	if (s->readonly)
		return store_fail(s, "cache %s is open read-only", s->path);
	return 0;
}

/* Stable names for formats in the database (never the enum's numbers). */
static const struct {
	enum feed_format format;
	const char *name;
} store_formats[] = {
	{ FEED_FORMAT_RSS090, "rss0.90" },
	{ FEED_FORMAT_RSS091, "rss0.91" },
	{ FEED_FORMAT_RSS092, "rss0.92" },
	{ FEED_FORMAT_RSS093, "rss0.93" },
	{ FEED_FORMAT_RSS094, "rss0.94" },
	{ FEED_FORMAT_RSS10, "rss1.0" },
	{ FEED_FORMAT_RSS20, "rss2.0" },
	{ FEED_FORMAT_ATOM03, "atom0.3" },
	{ FEED_FORMAT_ATOM10, "atom1.0" },
	{ FEED_FORMAT_JSON10, "json1.0" },
	{ FEED_FORMAT_JSON11, "json1.1" },
};

static const char *
store_format_to_db(enum feed_format f)
{
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(store_formats); i++)
		if (store_formats[i].format == f)
			return store_formats[i].name;
	return NULL;
}

static enum feed_format
store_format_from_db(const char *name)
{
	size_t i;

	if (name == NULL)
		return FEED_FORMAT_UNKNOWN;
	for (i = 0; i < UTIL_ARRAY_LEN(store_formats); i++)
		if (strcmp(store_formats[i].name, name) == 0)
			return store_formats[i].format;
	return FEED_FORMAT_UNKNOWN;
}

/* Content types in the database: 0 none, 1 text, 2 html. */
static int
store_type_to_db(enum feed_content_type t)
{
	switch (t) {
	case FEED_CONTENT_TEXT:
		return 1;
	case FEED_CONTENT_HTML:
		return 2;
	default:
		return 0;
	}
}

static enum feed_content_type
store_type_from_db(int v)
{
	switch (v) {
	case 1:
		return FEED_CONTENT_TEXT;
	case 2:
		return FEED_CONTENT_HTML;
	default:
		return FEED_CONTENT_NONE;
	}
}

/* --- the text of full-text search --- */

/* Tags whose text is no text: their whole element is left out. */
static const char *const store_fts_skip[] = { "script", "style", "head" };
/* Tags inside a word: "foo<b>bar</b>" is one word; others separate. */
static const char *const store_fts_inline[] = { "a", "abbr", "b", "bdi",
    "bdo", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
    "sup", "tt", "u", "var" };

static int
store_fts_tag_in(const char *name, size_t n, const char *const *list,
    size_t nlist)
{
	size_t i;

	for (i = 0; i < nlist; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], name, n) == 0)
			return 1;
	return 0;
}

/* Appends the character of the reference at p (after '&'); its length. */
static size_t
store_fts_entity(const char *p, const char *end, struct buf *out)
{
	static const struct {
		const char *name;
		const char *text;
	} named[] = {
		{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
		{ "apos", "'" }, { "nbsp", " " },
	};
	char enc[4];
	uint32_t cp = 0;
	size_t i, n;
	int hex = 0, digits = 0;

	if (p < end && *p == '#') {
		i = 1;
		if (p + i < end && (p[i] == 'x' || p[i] == 'X')) {
			hex = 1;
			i++;
		}
		for (; p + i < end && digits < 8; i++, digits++) {
			int c = (unsigned char)p[i], v;

			if (c >= '0' && c <= '9')
				v = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				v = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				v = c - 'A' + 10;
			else
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)v;
		}
		if (digits == 0)
			return 0;
		if (p + i < end && p[i] == ';')
			i++;
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			buf_putc(out, ' ');
		else
			buf_append(out, enc, str_utf8_encode(cp, enc));
		return i;
	}
	for (i = 0; i < UTIL_ARRAY_LEN(named); i++) {
		n = strlen(named[i].name);
		if ((size_t)(end - p) > n && strncmp(p, named[i].name, n) == 0 &&
		    p[n] == ';') {
			buf_puts(out, named[i].text);
			return n + 1;
		}
	}
	return 0;
}

void
store_fts_text(const char *s, size_t len, int html, struct buf *out)
{
	const char *p = s, *end = s + len, *q, *name;
	size_t n, k;
	int closing;

	if (!html) {
		n = len < STORE_FTS_MAX ? len : STORE_FTS_MAX;
		while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		buf_append(out, s, n);
	}
	while (html && p < end && out->len < STORE_FTS_MAX) {
		if (*p == '&') {
			if ((k = store_fts_entity(p + 1, end, out)) > 0) {
				p += 1 + k;
				continue;
			}
			buf_putc(out, *p++);
			continue;
		}
		if (*p != '<') {
			q = p;
			while (q < end && *q != '<' && *q != '&')
				q++;
			buf_append(out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			for (q = p + 4; q + 3 <= end && memcmp(q, "-->", 3) != 0;
			    q++)
				;
			p = q + 3 <= end ? q + 3 : end;
			buf_putc(out, ' ');
			continue;
		}
		closing = p + 1 < end && p[1] == '/';
		name = p + 1 + closing;
		for (n = 0; name + n < end && (isalnum((unsigned char)name[n]) ||
		    name[n] == '-' || name[n] == ':'); n++)
			;
		if (n == 0) {
			buf_putc(out, *p++);	/* a '<' that starts no tag */
			continue;
		}
		q = memchr(name, '>', (size_t)(end - name));
		q = q != NULL ? q + 1 : end;
		if (!closing && store_fts_tag_in(name, n, store_fts_skip,
		    UTIL_ARRAY_LEN(store_fts_skip))) {
			/* Skip to the matching end tag (or the end). */
			const char *e = q;

			for (; e + 2 + n <= end; e++)
				if (e[0] == '<' && e[1] == '/' &&
				    strncasecmp(e + 2, name, n) == 0)
					break;
			if (e + 2 + n > end)
				q = end;
			else {
				q = memchr(e, '>', (size_t)(end - e));
				q = q != NULL ? q + 1 : end;
			}
			buf_putc(out, ' ');
		} else if (!store_fts_tag_in(name, n, store_fts_inline,
		    UTIL_ARRAY_LEN(store_fts_inline)))
			buf_putc(out, ' ');
		p = q;
	}
	/* At most STORE_FTS_MAX bytes, cut between two characters. */
	if (out->len > STORE_FTS_MAX) {
		out->len = STORE_FTS_MAX;
		while (out->len > 0 &&
		    ((unsigned char)out->data[out->len] & 0xc0) == 0x80)
			out->len--;
		out->data[out->len] = '\0';
	}
}

/* tidings_fts_text(content, content_type, summary, summary_type). */
static void
store_fts_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf *b = sqlite3_user_data(ctx);
	const char *text;
	int i = 0, n;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_bytes(argv[0]) == 0)
		i = 2;
	text = (const char *)sqlite3_value_text(argv[i]);
	n = sqlite3_value_bytes(argv[i]);
	if (text == NULL || n <= 0) {
		sqlite3_result_null(ctx);
		return;
	}
	buf_reset(b);
	store_fts_text(text, (size_t)n, sqlite3_value_int(argv[i + 1]) == 2,
	    b);
	sqlite3_result_text(ctx, b->len > 0 ? b->data : "", (int)b->len,
	    SQLITE_TRANSIENT);
}

/*
 * The letters of scripts written without spaces between words (Han,
 * kana, Hangul, Bopomofo); unicode61 takes their punctuation and symbols
 * for separators already.
 */
static int
store_cjk_cp(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x11ff) ||	/* Hangul Jamo */
	    (c >= 0x3005 && c <= 0x3007) ||	/* 々〆〇 */
	    (c >= 0x3021 && c <= 0x3029) ||	/* Hangzhou numerals */
	    (c >= 0x3031 && c <= 0x3035) ||	/* kana repeat marks */
	    (c >= 0x3041 && c <= 0x3096) ||	/* Hiragana */
	    (c >= 0x309d && c <= 0x309f) ||
	    (c >= 0x30a1 && c <= 0x30fa) ||	/* Katakana */
	    (c >= 0x30fc && c <= 0x30ff) ||
	    (c >= 0x3105 && c <= 0x312f) ||	/* Bopomofo */
	    (c >= 0x3131 && c <= 0x318e) ||	/* Hangul compatibility */
	    (c >= 0x31a0 && c <= 0x31bf) ||
	    (c >= 0x31f0 && c <= 0x31ff) ||	/* small Katakana */
	    (c >= 0x3400 && c <= 0x4dbf) ||	/* CJK extension A */
	    (c >= 0x4e00 && c <= 0x9fff) ||	/* CJK unified ideographs */
	    (c >= 0xa960 && c <= 0xa97c) ||	/* Hangul Jamo extended */
	    (c >= 0xac00 && c <= 0xd7a3) ||	/* Hangul syllables */
	    (c >= 0xd7b0 && c <= 0xd7fb) ||
	    (c >= 0xf900 && c <= 0xfaff) ||	/* compatibility ideographs */
	    (c >= 0xff66 && c <= 0xffdc) ||	/* halfwidth kana, Hangul */
	    (c >= 0x1b000 && c <= 0x1b16f) ||	/* kana supplement */
	    (c >= 0x20000 && c <= 0x3134f);	/* extensions B to G */
}

/* The length of the CJK character at s[i], or 0 for anything else. */
static size_t
store_cjk_at(const char *s, size_t len, size_t i)
{
	uint32_t cp;
	size_t n;

	/* Every one of them is U+1100 or above: a lead byte >= 0xe1. */
	if ((unsigned char)s[i] < 0xe1)
		return 0;
	n = str_utf8_decode(s + i, len - i, &cp);
	return n > 0 && store_cjk_cp(cp) ? n : 0;
}

static int
store_has_cjk(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (store_cjk_at(s, len, i) > 0)
			return 1;
	return 0;
}

/* Is anything unicode61 would make a token left in s? */
static int
store_token_follows(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 ||
		    isalnum((unsigned char)s[i]))
			return 1;
	return 0;
}

/*
 * store_fts_cjk(), and its form for a query (query): there the last run
 * of a term keeps no last character of its own (the text may go on past
 * it), and when that run is one character, *prefix is set: it is found
 * as the start of a pair.
 */
static int
store_cjk_split(const char *s, size_t len, struct buf *out, int query,
    int *prefix)
{
	size_t base = out->len, i = 0, n, first, last, lastn, nchars;
	int changed = 0;

	while (i < len) {
		if ((n = store_cjk_at(s, len, i)) == 0) {
			buf_append(out, s + i, 1);
			i++;
			continue;
		}
		changed = 1;
		/* One space between pieces, none at either end. */
		if (out->len > base && out->data[out->len - 1] != ' ')
			buf_putc(out, ' ');
		first = last = i;
		lastn = n;
		nchars = 1;
		for (i += n; i < len && (n = store_cjk_at(s, len, i)) > 0;
		    i += n) {
			/* The pair of the last character and this one. */
			if (nchars > 1)
				buf_putc(out, ' ');
			buf_append(out, s + last, i + n - last);
			last = i;
			lastn = n;
			nchars++;
		}
		if (query && !store_token_follows(s + i, len - i)) {
			if (nchars == 1) {
				buf_append(out, s + first, lastn);
				if (prefix != NULL)
					*prefix = 1;
			}
		} else {
			if (nchars > 1)
				buf_putc(out, ' ');
			buf_append(out, s + last, lastn);
		}
		if (i < len && s[i] != ' ')
			buf_putc(out, ' ');
	}
	return changed;
}

int
store_fts_cjk(const char *s, size_t len, struct buf *out)
{
	return store_cjk_split(s, len, out, 0, NULL);
}

/* tidings_fts_cjk(text): store_fts_cjk(), the value itself when same. */
static void
store_cjk_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf *b = sqlite3_user_data(ctx);
	const char *text;
	int n;

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	text = (const char *)sqlite3_value_text(argv[0]);
	n = sqlite3_value_bytes(argv[0]);
	if (text == NULL || n <= 0 || !store_has_cjk(text, (size_t)n)) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	buf_reset(b);
	store_fts_cjk(text, (size_t)n, b);
	sqlite3_result_text(ctx, b->data, (int)b->len, SQLITE_TRANSIENT);
}

/* tidings_fts_has_cjk(text, ...): 1 when one of them holds CJK text. */
static void
store_has_cjk_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text;
	int i;

	for (i = 0; i < argc; i++) {
		if (sqlite3_value_type(argv[i]) != SQLITE_TEXT)
			continue;
		text = (const char *)sqlite3_value_text(argv[i]);
		if (text != NULL && store_has_cjk(text,
		    (size_t)sqlite3_value_bytes(argv[i]))) {
			sqlite3_result_int(ctx, 1);
			return;
		}
	}
	sqlite3_result_int(ctx, 0);
}

/* --- opening, locking, migrating --- */

/* Reads the PID a lock holder wrote; 0 when unreadable. */
static long
store_lock_pid(int fd)
{
	char b[32];
	ssize_t n;
	long pid = 0;
	ssize_t i;

	n = pread(fd, b, sizeof b - 1, 0);
	for (i = 0; i < n && b[i] >= '0' && b[i] <= '9'; i++) {
		if (pid > 100000000L)
			return 0;
		pid = pid * 10 + (b[i] - '0');
	}
	return pid;
}

static int
store_lock(struct store *s, char *err, size_t errlen)
{
	struct store *o;
	struct flock fl;
	struct stat sb;
	char *lpath, pidbuf[32];
	int fd, n;
	long pid;

	lpath = xasprintf("%s.lock", s->path);
	/*
	 * Before opening it: closing any descriptor of the lock file would
	 * drop the lock this process already holds on it.
	 */
	if (stat(lpath, &sb) == 0) {
		for (o = store_writers; o != NULL; o = o->next) {
			if (o->lock_pid == getpid() &&
			    o->lock_dev == sb.st_dev &&
			    o->lock_ino == sb.st_ino) {
				util_errf(err, errlen, "cache %s is in use by "
				    "process %ld", s->path, (long)getpid());
				free(lpath);
				return -1;
			}
		}
	}
	fd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1 || fstat(fd, &sb) == -1) {
		util_errf(err, errlen, "cannot open lock file %s: %s", lpath,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		free(lpath);
		return -1;
	}
	free(lpath);
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) == -1) {
		if (errno == EACCES || errno == EAGAIN) {
			if ((pid = store_lock_pid(fd)) > 0)
				util_errf(err, errlen, "cache %s is in use by "
				    "process %ld", s->path, pid);
			else
				util_errf(err, errlen, "cache %s is in use by "
				    "another process", s->path);
		} else
			util_errf(err, errlen, "cannot lock cache %s: %s",
			    s->path, strerror(errno));
		close(fd);
		return -1;
	}
	n = snprintf(pidbuf, sizeof pidbuf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, pidbuf, (size_t)n, 0) != n) {
		util_errf(err, errlen, "cannot write lock file of %s: %s",
		    s->path, strerror(errno));
		close(fd);
		return -1;
	}
	s->lock_fd = fd;
	s->lock_dev = sb.st_dev;
	s->lock_ino = sb.st_ino;
	s->lock_pid = getpid();
	s->next = store_writers;
	store_writers = s;
	return 0;
}

static void
store_unlock(struct store *s)
{
	struct store **pp;

	if (s->lock_fd == -1)
		return;
	for (pp = &store_writers; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	/* Never unlink it: another process may already hold it open. */
	close(s->lock_fd);
	s->lock_fd = -1;
}

static int
store_pragma_int(struct store *s, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, "read schema");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_dberr(s, "read schema");
	return 0;
}

static int
store_version_ok(struct store *s, int64_t version)
{
	if (version > STORE_SCHEMA_VERSION)
		return store_fail(s, "cache %s has schema version %lld, newer "
		    "than this tidings knows (%d); use a newer tidings or "
		    "another cache", s->path, (long long)version,
		    STORE_SCHEMA_VERSION);
	return 0;
}

/*
 * Brings the schema to STORE_SCHEMA_VERSION in one transaction. A current
 * cache costs one read of the header: no transaction, nothing scanned.
 */
static int
store_migrate(struct store *s)
{
	int64_t version, tables;
	char *sql;
	int i;

	if (store_pragma_int(s, "PRAGMA user_version", &version) == -1)
		return -1;
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (store_exec(s, "BEGIN IMMEDIATE") == -1)
		return -1;
	if (store_pragma_int(s, "PRAGMA user_version", &version) == -1 ||
	    store_version_ok(s, version) == -1)
		goto fail;
	if (version <= 0) {
		/* Never build on top of some other program's database. */
		if (store_pragma_int(s, "SELECT count(*) FROM sqlite_master",
		    &tables) == -1)
			goto fail;
		if (tables > 0) {
			store_fail(s, "cache %s is not a tidings cache (it has "
			    "tables but no schema version)", s->path);
			goto fail;
		}
		version = 0;
	}
	for (i = (int)version; i < STORE_SCHEMA_VERSION; i++)
		if (store_exec(s, store_migrations[i]) == -1)
			goto fail;
	if (version != STORE_SCHEMA_VERSION) {
		sql = xasprintf("PRAGMA user_version = %d",
		    STORE_SCHEMA_VERSION);
		i = store_exec(s, sql);
		free(sql);
		if (i == -1)
			goto fail;
	}
	if (store_exec(s, "COMMIT") == -1)
		goto fail;
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int
store_setup(struct store *s)
{
	sqlite3_stmt *st;
	const char *mode;
	int64_t version;
	int ok;

	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	/*
	 * Nothing here may cost time or memory that grows with the cache:
	 * no integrity check, no ANALYZE, no scan. Recursive triggers make
	 * a REPLACE that deletes an item run the counters' delete trigger.
	 */
	if (store_exec(s, "PRAGMA foreign_keys = ON;"
	    " PRAGMA recursive_triggers = ON") == -1)
		return -1;
	/* For the full-text index's triggers (schemas 3 and 6). */
	if (sqlite3_create_function_v2(s->db, "tidings_fts_text", 4,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, &s->fts,
	    store_fts_fn, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(s->db, "tidings_fts_cjk", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, &s->cjk,
	    store_cjk_fn, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(s->db, "tidings_fts_has_cjk", -1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    store_has_cjk_fn, NULL, NULL, NULL) != SQLITE_OK)
		return store_dberr(s, "create function");
	if (s->readonly) {
		if (store_pragma_int(s, "PRAGMA user_version", &version) == -1
		    || store_version_ok(s, version) == -1)
			return -1;
		if (version < STORE_SCHEMA_VERSION)
			return store_fail(s, "cache %s has schema version "
			    "%lld; open it once with tidings to upgrade it",
			    s->path, (long long)version);
		return store_exec(s, "PRAGMA query_only = ON");
	}
	/*
	 * A new cache gets 8 KiB pages: half the writes of 4 KiB ones for
	 * the same articles (a refresh is mostly page writes), and a body
	 * fits in fewer overflow pages. No effect on an existing cache.
	 */
	if (store_exec(s, "PRAGMA page_size = " STORE_PAGE_SIZE) == -1)
		return -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL) != SQLITE_OK)
		return store_dberr(s, "set WAL mode");
	ok = sqlite3_step(st) == SQLITE_ROW &&
	    (mode = store_col_text(st, 0)) != NULL &&
	    strcmp(mode, "wal") == 0;
	sqlite3_finalize(st);
	if (!ok)
		return store_dberr(s, "cannot use WAL mode");
	if (store_exec(s, "PRAGMA synchronous = NORMAL") == -1)
		return -1;
	/* Savepoint journals and cleanup's scratch tables stay in memory. */
	if (store_exec(s, "PRAGMA temp_store = MEMORY") == -1)
		return -1;
	/* Room for a refresh's index pages (bounded; used only as needed). */
	if (store_exec(s, "PRAGMA cache_size = -" STORE_CACHE_KIB) == -1)
		return -1;
	return store_migrate(s);
}

/*
 * Process-wide SQLite settings, which only take before its first use: no
 * global memory statistics (a lock on every allocation). Failing (SQLite
 * already in use) costs speed only.
 */
static void
store_global_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* The connection of store_open() and store_open_sibling(). */
static struct store *
store_connect(const char *path, int flags, int sibling, int64_t clock,
    char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, store_global_setup);
	struct store *s;
	int oflags, rc;

	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->readonly = (flags & STORE_OPEN_READONLY) != 0;
	s->sibling = sibling;
	s->clock = clock;
	s->lock_fd = -1;
	buf_init(&s->authors, FEED_MAX_BODY);
	buf_init(&s->categories, FEED_MAX_BODY);
	buf_init(&s->fts, 0);
	buf_init(&s->cjk, 0);
	if (!s->readonly && !sibling && store_lock(s, err, errlen) == -1) {
		store_close(s);
		return NULL;
	}
	oflags = s->readonly ? SQLITE_OPEN_READONLY : sibling ?
	    SQLITE_OPEN_READWRITE : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		util_errf(err, errlen, "cannot open cache %s: %s", path,
		    s->db != NULL ? sqlite3_errmsg(s->db) :
		    sqlite3_errstr(rc));
		store_close(s);
		return NULL;
	}
	if (store_setup(s) == -1) {
		util_errf(err, errlen, "%s", s->err);
		store_close(s);
		return NULL;
	}
	return s;
}

struct store *
store_open(const char *path, int flags, char *err, size_t errlen)
{
	return store_connect(path, flags, 0, 0, err, errlen);
}

struct store *
store_open_sibling(const struct store *s, char *err, size_t errlen)
{
	struct store *w;

	if (s->readonly) {
		util_errf(err, errlen, "cache %s is open read-only", s->path);
		return NULL;
	}
	w = store_connect(s->path, 0, 1, s->clock, err, errlen);
	if (w != NULL && store_exec(w, "PRAGMA cache_size = -"
	    STORE_SIBLING_CACHE_KIB) == -1) {
		util_errf(err, errlen, "%s", w->err);
		store_close(w);
		return NULL;
	}
	return w;
}

void
store_close(struct store *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < SQL__COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	if (s->db != NULL) {
		/*
		 * optimize may ANALYZE a table its queries used; the limit
		 * keeps that to a sample, never a walk of every index (SQLite
		 * 3.32 and later; older ones ignore it).
		 */
		if (!s->readonly && !s->sibling)
			sqlite3_exec(s->db, "PRAGMA analysis_limit = "
			    STORE_ANALYSIS_ROWS "; PRAGMA optimize", NULL,
			    NULL, NULL);
		sqlite3_close_v2(s->db);
	}
	store_unlock(s);
	buf_free(&s->authors);
	buf_free(&s->categories);
	buf_free(&s->fts);
	buf_free(&s->cjk);
	free(s->path);
	free(s);
}

int
store_check(struct store *s)
{
	sqlite3_stmt *st;
	const char *msg;
	int rc, ok = 0;

	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK)
		return store_dberr(s, "integrity check");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		msg = store_col_text(st, 0);
		if (msg != NULL && strcmp(msg, "ok") == 0)
			ok = 1;
		else {
			store_fail(s, "cache %s is damaged: %s", s->path,
			    msg != NULL ? msg : "?");
			ok = 0;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_dberr(s, "integrity check");
		ok = 0;
	}
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* --- transactions --- */

int
store_begin(struct store *s)
{
	if (store_writable(s) == -1)
		return -1;
	if (!sqlite3_get_autocommit(s->db))
		return store_fail(s, "cache %s: transaction already open",
		    s->path);
	return store_exec_id(s, SQL_BEGIN, "begin");
}

int
store_commit(struct store *s)
{
	if (store_exec_id(s, SQL_COMMIT, "commit") == -1) {
		char keep[sizeof s->err];

		memcpy(keep, s->err, sizeof keep);
		if (!sqlite3_get_autocommit(s->db))
			store_exec_id(s, SQL_ROLLBACK, "rollback");
		memcpy(s->err, keep, sizeof keep);
		return -1;
	}
	return 0;
}

int
store_rollback(struct store *s)
{
	if (sqlite3_get_autocommit(s->db))
		return 0;
	return store_exec_id(s, SQL_ROLLBACK, "rollback");
}

/* --- feeds --- */

int64_t
store_feed_add(struct store *s, const char *url)
{
	sqlite3_stmt *st;
	int64_t id = -1;
	int rc;

	if (store_writable(s) == -1)
		return -1;
	if (url == NULL || *url == '\0' || strlen(url) > FEED_MAX_FIELD)
		return store_fail(s, "cache %s: bad feed url", s->path);
	if ((st = store_stmt(s, SQL_FEED_ADD)) == NULL)
		return -1;
	store_bind_text(st, 1, url);
	if (store_run(s, st, "add feed") == -1)
		return -1;
	if ((st = store_stmt(s, SQL_FEED_ID)) == NULL)
		return -1;
	store_bind_text(st, 1, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else
		store_dberr(s, "add feed");
	store_done(st);
	return id;
}

static int
store_feed_read(struct store *s, sqlite3_stmt *st, struct store_feed *f)
{
	int rc;

	memset(f, 0, sizeof *f);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		store_done(st);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		store_dberr(s, "read feed");
		store_done(st);
		return -1;
	}
	f->id = sqlite3_column_int64(st, 0);
	f->url = store_col_dup(st, 1);
	f->title = store_col_dup(st, 2);
	f->link = store_col_dup(st, 3);
	f->description = store_col_dup(st, 4);
	f->etag = store_col_dup(st, 5);
	f->last_modified = store_col_dup(st, 6);
	f->last_fetch = sqlite3_column_int64(st, 7);
	f->last_status = sqlite3_column_int(st, 8);
	f->last_error = store_col_dup(st, 9);
	f->redirect_url = store_col_dup(st, 10);
	f->retry_after = sqlite3_column_int64(st, 11);
	f->format = store_format_from_db(store_col_text(st, 12));
	store_done(st);
	return 0;
}

int
store_feed_get(struct store *s, int64_t id, struct store_feed *out)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	if ((st = store_stmt(s, SQL_FEED_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_feed_read(s, st, out);
}

int
store_feed_get_url(struct store *s, const char *url, struct store_feed *out)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	if ((st = store_stmt(s, SQL_FEED_GET_URL)) == NULL)
		return -1;
	store_bind_text(st, 1, url);
	return store_feed_read(s, st, out);
}

void
store_feed_clear(struct store_feed *f)
{
	free(f->url);
	free(f->title);
	free(f->link);
	free(f->description);
	free(f->etag);
	free(f->last_modified);
	free(f->last_error);
	free(f->redirect_url);
	memset(f, 0, sizeof *f);
}

/* Runs an UPDATE/DELETE of one feed; fails when there is no such feed. */
static int
store_feed_change(struct store *s, sqlite3_stmt *st, int64_t id,
    const char *what)
{
	if (store_run(s, st, what) == -1)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return store_fail(s, "cache %s: no feed %lld", s->path,
		    (long long)id);
	return 0;
}

int
store_feed_set_meta(struct store *s, int64_t id, const struct feed *f)
{
	sqlite3_stmt *st;

	if (store_writable(s) == -1 ||
	    (st = store_stmt(s, SQL_FEED_SET_META)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, f->title);
	store_bind_text(st, 3, f->link);
	store_bind_text(st, 4, f->description);
	store_bind_text(st, 5, store_format_to_db(f->format));
	return store_feed_change(s, st, id, "set feed");
}

int
store_feed_set_fetch(struct store *s, int64_t id, int status,
    const char *error, const char *etag, const char *last_modified,
    int64_t retry_after, const char *redirect_url)
{
	sqlite3_stmt *st;

	if (store_writable(s) == -1 ||
	    (st = store_stmt(s, SQL_FEED_SET_FETCH)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, store_now(s));
	sqlite3_bind_int(st, 3, status);
	store_bind_text(st, 4, error);
	store_bind_bytes(st, 5, etag);
	store_bind_bytes(st, 6, last_modified);
	sqlite3_bind_int64(st, 7, retry_after > 0 ? retry_after : 0);
	store_bind_text(st, 8, redirect_url);
	return store_feed_change(s, st, id, "record fetch");
}

int
store_feed_remove(struct store *s, int64_t id)
{
	sqlite3_stmt *st;

	if (store_writable(s) == -1 ||
	    (st = store_stmt(s, SQL_FEED_REMOVE)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_run(s, st, "remove feed") == -1)
		return -1;
	return sqlite3_changes(s->db) == 0 ? 1 : 0;
}

int64_t
store_feeds_prune(struct store *s, const char *const *urls, size_t n)
{
	sqlite3_stmt *st = NULL;
	int64_t removed = -1;
	size_t i;
	int ok = -1;

	if (store_writable(s) == -1 || store_sp_begin(s) == -1)
		return -1;
	if (store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS store_keep"
	    " (url TEXT PRIMARY KEY); DELETE FROM temp.store_keep") == -1)
		goto out;
	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO temp.store_keep"
	    " (url) VALUES (?1)", -1, &st, NULL) != SQLITE_OK) {
		store_dberr(s, "prune feeds");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (urls[i] == NULL)
			continue;
		store_bind_text(st, 1, urls[i]);
		if (store_run(s, st, "prune feeds") == -1)
			goto out;
	}
	if (store_exec(s, "DELETE FROM feeds WHERE url NOT IN"
	    " (SELECT url FROM temp.store_keep)") == -1)
		goto out;
	removed = sqlite3_changes(s->db);
	if (store_exec(s, "DELETE FROM temp.store_keep") == -1)
		goto out;
	ok = 0;
out:
	sqlite3_finalize(st);
	if (store_sp_end(s, ok) == -1)
		return -1;
	return removed;
}

/* --- items --- */

static uint64_t
store_hash_str(uint64_t h, const char *v)
{
	uint64_t n;

	if (v == NULL) {
		n = UINT64_MAX;
		return util_hash64(&n, sizeof n, h);
	}
	n = strlen(v);
	h = util_hash64(&n, sizeof n, h);
	return util_hash64(v, (size_t)n, h);
}

static uint64_t
store_hash_int(uint64_t h, int64_t v)
{
	return util_hash64(&v, sizeof v, h);
}

/* A fingerprint of everything stored about an item except its guid. */
int64_t
store_item_hash(const struct feed_item *it)
{
	uint64_t h = 0;
	int64_t out;
	size_t i;

	h = store_hash_str(h, it->title);
	h = store_hash_str(h, it->link);
	h = store_hash_str(h, it->author);
	h = store_hash_int(h, (int64_t)it->n_authors);
	for (i = 0; i < it->n_authors; i++)
		h = store_hash_str(h, it->authors[i]);
	h = store_hash_str(h, it->summary);
	h = store_hash_int(h, store_type_to_db(it->summary_type));
	h = store_hash_str(h, it->content);
	h = store_hash_int(h, store_type_to_db(it->content_type));
	h = store_hash_int(h, it->published);
	h = store_hash_int(h, it->updated);
	h = store_hash_int(h, (int64_t)it->n_enclosures);
	for (i = 0; i < it->n_enclosures; i++) {
		h = store_hash_str(h, it->enclosures[i].url);
		h = store_hash_str(h, it->enclosures[i].type);
		h = store_hash_int(h, it->enclosures[i].length);
	}
	h = store_hash_int(h, (int64_t)it->n_categories);
	for (i = 0; i < it->n_categories; i++)
		h = store_hash_str(h, it->categories[i]);
	h = store_hash_str(h, it->comments);
	h = store_hash_str(h, it->image);
	h = store_hash_str(h, it->duration);
	memcpy(&out, &h, sizeof out);
	return out;
}

/*
 * Joins a string list with newlines into b (newlines inside an entry
 * become spaces); returns the text, or NULL for an empty list.
 */
static const char *
store_join(struct buf *b, char *const *list, size_t n)
{
	size_t i, j, start;

	buf_reset(b);
	for (i = 0; i < n; i++) {
		if (list[i] == NULL || *list[i] == '\0')
			continue;
		if (b->len > 0 && buf_putc(b, '\n') == -1)
			break;
		start = b->len;
		if (buf_puts(b, list[i]) == -1)
			break;
		for (j = start; j < b->len; j++)
			if (b->data[j] == '\n' || b->data[j] == '\r')
				b->data[j] = ' ';
	}
	/* Past the limit whole entries are dropped, and a trailing newline. */
	if (b->len > 0 && b->data[b->len - 1] == '\n')
		b->data[--b->len] = '\0';
	return b->len > 0 ? b->data : NULL;
}

static char **
store_split(const char *v, size_t *n)
{
	const char *p, *nl, *end;
	char **list;
	size_t count = 1, i = 0;

	*n = 0;
	if (v == NULL || *v == '\0')
		return NULL;
	for (p = v; (p = strchr(p, '\n')) != NULL; p++)
		count++;
	list = xcalloc(count, sizeof *list);
	for (p = v;; p = nl + 1) {
		nl = strchr(p, '\n');
		end = nl != NULL ? nl : p + strlen(p);
		if (end > p && i < count)
			list[i++] = xstrndup(p, (size_t)(end - p));
		if (nl == NULL)
			break;
	}
	*n = i;
	return list;
}

static void
store_item_bind(struct store *s, sqlite3_stmt *st, int64_t key,
    const char *guid, const struct feed_item *it, int64_t hash)
{
	sqlite3_bind_int64(st, 1, key);
	store_bind_text(st, 2, guid);
	store_bind_date(st, 3, it->published);
	store_bind_date(st, 4, it->updated);
	sqlite3_bind_int64(st, 5, store_now(s));
	sqlite3_bind_int64(st, 6, hash);
	sqlite3_bind_int(st, 7, store_type_to_db(it->summary_type));
	sqlite3_bind_int(st, 8, store_type_to_db(it->content_type));
	store_bind_text(st, 9, it->title);
	store_bind_text(st, 10, it->link);
	store_bind_text(st, 11, it->author);
	store_bind_text(st, 12, store_join(&s->authors, it->authors,
	    it->n_authors));
	store_bind_text(st, 13, store_join(&s->categories, it->categories,
	    it->n_categories));
	store_bind_text(st, 14, it->comments);
	store_bind_text(st, 15, it->image);
	store_bind_text(st, 16, it->duration);
	store_bind_text(st, 17, it->summary);
	store_bind_text(st, 18, it->content);
}

static int
store_enclosures_put(struct store *s, int64_t item_id,
    const struct feed_item *it, int replace)
{
	sqlite3_stmt *st;
	size_t i, pos = 0;

	if (replace) {
		if ((st = store_stmt(s, SQL_ENC_DELETE)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, item_id);
		if (store_run(s, st, "store enclosures") == -1)
			return -1;
	}
	for (i = 0; i < it->n_enclosures && i < FEED_MAX_LIST; i++) {
		const struct feed_enclosure *e = &it->enclosures[i];

		if (e->url == NULL)
			continue;
		if ((st = store_stmt(s, SQL_ENC_INSERT)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, item_id);
		sqlite3_bind_int64(st, 2, (int64_t)pos++);
		store_bind_text(st, 3, e->url);
		store_bind_text(st, 4, e->type);
		if (e->length >= 0)
			sqlite3_bind_int64(st, 5, e->length);
		if (store_run(s, st, "store enclosures") == -1)
			return -1;
	}
	return 0;
}

/*
 * Looks for a tombstone of guid; returns 1 (touching it when stale) if the
 * item was cleaned up before, 0 if not, -1 on error.
 */
static int
store_gone(struct store *s, int64_t feed_id, const char *guid)
{
	sqlite3_stmt *st;
	int64_t seen, now = store_now(s);
	int rc;

	if ((st = store_stmt(s, SQL_GONE_FIND)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, feed_id);
	store_bind_text(st, 2, guid);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		store_done(st);
		if (rc == SQLITE_DONE)
			return 0;
		return store_dberr(s, "store item");
	}
	seen = sqlite3_column_int64(st, 0);
	store_done(st);
	if (seen >= now - STORE_GONE_TOUCH)
		return 1;
	if ((st = store_stmt(s, SQL_GONE_TOUCH)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, feed_id);
	store_bind_text(st, 2, guid);
	sqlite3_bind_int64(st, 3, now);
	return store_run(s, st, "store item") == -1 ? -1 : 1;
}

/*
 * Writes a new or changed item. Several statements run under a savepoint;
 * a lone INSERT (no enclosures) is atomic by itself and needs none.
 */
static int
store_item_write(struct store *s, int64_t feed_id, int64_t id,
    const char *guid, const struct feed_item *it, int64_t hash)
{
	sqlite3_stmt *st;
	int multi = id != 0 || it->n_enclosures > 0, rc = -1;

	if (multi && store_sp_begin(s) == -1)
		return -1;
	if (id != 0) {
		if ((st = store_stmt(s, SQL_ITEM_UPDATE)) == NULL)
			goto out;
		store_item_bind(s, st, id, guid, it, hash);
		if (store_run(s, st, "update item") == -1 ||
		    store_enclosures_put(s, id, it, 1) == -1)
			goto out;
		rc = STORE_ITEM_CHANGED;
		goto out;
	}
	if ((st = store_stmt(s, SQL_ITEM_INSERT)) == NULL)
		goto out;
	store_item_bind(s, st, feed_id, guid, it, hash);
	if (store_run(s, st, "insert item") == -1) {
		if (sqlite3_extended_errcode(s->db) ==
		    SQLITE_CONSTRAINT_FOREIGNKEY)
			store_fail(s, "cache %s: no feed %lld", s->path,
			    (long long)feed_id);
		goto out;
	}
	id = sqlite3_last_insert_rowid(s->db);
	if (store_enclosures_put(s, id, it, 0) == -1)
		goto out;
	rc = STORE_ITEM_NEW;
out:
	if (multi && store_sp_end(s, rc == -1) == -1)
		return -1;
	return rc;
}

int
store_item_put(struct store *s, int64_t feed_id, const struct feed_item *it)
{
	return store_item_put_hashed(s, feed_id, it, store_item_hash(it));
}

int
store_item_put_hashed(struct store *s, int64_t feed_id,
    const struct feed_item *it, int64_t hash)
{
	sqlite3_stmt *st;
	char *made = NULL;
	const char *guid = it->guid;
	int64_t id = 0;
	uint64_t h;
	int rc;

	if (store_writable(s) == -1)
		return -1;
	if (guid == NULL || *guid == '\0')
		guid = it->link;
	if (guid == NULL || *guid == '\0') {
		/* feed_item_finish() normally did this already. */
		h = store_hash_str(0, it->title);
		h = store_hash_str(h, it->content);
		h = store_hash_str(h, it->summary);
		made = xasprintf("tidings:%016llx", (unsigned long long)h);
		guid = made;
	}
	if ((st = store_stmt(s, SQL_ITEM_FIND)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, feed_id);
	store_bind_text(st, 2, guid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		rc = sqlite3_column_int64(st, 1) == hash ? STORE_ITEM_SAME : 0;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = store_dberr(s, "store item");
	store_done(st);
	if (rc == 0 && id == 0) {
		/* An item store_cleanup() deleted stays deleted. */
		if ((rc = store_gone(s, feed_id, guid)) == 1)
			rc = STORE_ITEM_SAME;
	}
	if (rc == 0)
		rc = store_item_write(s, feed_id, id, guid, it, hash);
	free(made);
	return rc;
out:
	free(made);
	return -1;
}

int
store_item_forget(struct store *s, int64_t feed_id, const char *guid)
{
	sqlite3_stmt *st;
	int rc;

	if (store_writable(s) == -1)
		return -1;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO gone"
	    " (feed_id, guid, last_seen) VALUES (?1, ?2, ?3)", -1, &st,
	    NULL) != SQLITE_OK)
		return store_dberr(s, "forget item");
	sqlite3_bind_int64(st, 1, feed_id);
	store_bind_text(st, 2, guid);
	sqlite3_bind_int64(st, 3, store_now(s));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_dberr(s, "forget item");
}

int64_t
store_item_find(struct store *s, int64_t feed_id, const char *guid)
{
	sqlite3_stmt *st;
	int64_t id = -1;
	int rc;

	if ((st = store_stmt(s, SQL_ITEM_FIND)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, feed_id);
	store_bind_text(st, 2, guid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		id = 0;
	else
		store_dberr(s, "find item");
	store_done(st);
	return id;
}

int64_t
store_feed_newest(struct store *s, int64_t feed_id)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	int rc;

	if ((st = store_stmt(s, SQL_FEED_NEWEST)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, feed_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_NULL ? 0 :
		    sqlite3_column_int64(st, 0);
	else
		store_dberr(s, "read a feed's newest date");
	store_done(st);
	return v;
}

char *
store_item_guid(struct store *s, int64_t id)
{
	sqlite3_stmt *st;
	char *guid = NULL;
	int rc;

	if ((st = store_stmt(s, SQL_ITEM_GUID)) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		guid = store_col_dup(st, 0);
	else if (rc == SQLITE_DONE)
		store_fail(s, "cache %s: no item %lld", s->path,
		    (long long)id);
	else
		store_dberr(s, "read a guid");
	store_done(st);
	return guid;
}

struct store_item *
store_item_load(struct store *s, int64_t id)
{
	struct store_item *si;
	struct feed_item *it;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if ((st = store_stmt(s, SQL_ITEM_LOAD)) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			store_fail(s, "cache %s: no item %lld", s->path,
			    (long long)id);
		else
			store_dberr(s, "load item");
		store_done(st);
		return NULL;
	}
	si = xcalloc(1, sizeof *si);
	it = &si->item;
	si->id = id;
	si->feed_id = sqlite3_column_int64(st, 0);
	it->guid = store_col_dup(st, 1);
	it->title = store_col_dup(st, 2);
	it->link = store_col_dup(st, 3);
	it->author = store_col_dup(st, 4);
	it->authors = store_split(store_col_text(st, 5), &it->n_authors);
	it->summary = store_col_dup(st, 6);
	it->summary_type = store_type_from_db(sqlite3_column_int(st, 7));
	it->content = store_col_dup(st, 8);
	it->content_type = store_type_from_db(sqlite3_column_int(st, 9));
	it->published = store_col_date(st, 10);
	it->updated = store_col_date(st, 11);
	it->categories = store_split(store_col_text(st, 12),
	    &it->n_categories);
	it->comments = store_col_dup(st, 13);
	it->image = store_col_dup(st, 14);
	it->duration = store_col_dup(st, 15);
	si->first_seen = sqlite3_column_int64(st, 16);
	si->date = sqlite3_column_int64(st, 17);
	si->unread = sqlite3_column_int(st, 18) != 0;
	si->flagged = sqlite3_column_int(st, 19) != 0;
	store_done(st);

	if ((st = store_stmt(s, SQL_ENC_LOAD)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    it->n_enclosures < FEED_MAX_LIST) {
		struct feed_enclosure *e;

		if (it->n_enclosures == cap) {
			cap = cap ? cap * 2 : 4;
			it->enclosures = xreallocarray(it->enclosures, cap,
			    sizeof *it->enclosures);
		}
		e = &it->enclosures[it->n_enclosures++];
		e->url = store_col_dup(st, 0);
		e->type = store_col_dup(st, 1);
		e->length = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 2);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_dberr(s, "load enclosures");
		store_done(st);
		goto fail;
	}
	store_done(st);
	return si;
fail:
	store_item_free(si);
	return NULL;
}

void
store_item_free(struct store_item *si)
{
	if (si == NULL)
		return;
	feed_item_clear(&si->item);
	free(si);
}

/* --- counts and lists --- */

int
store_feed_counts(struct store *s, store_feed_count_cb cb, void *arg)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, SQL_COUNTS)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cb(arg, sqlite3_column_int64(st, 0),
		    store_col_text(st, 1), store_col_text(st, 2),
		    sqlite3_column_int64(st, 3),
		    sqlite3_column_int64(st, 4)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_dberr(s, "count items");
		store_done(st);
		return -1;
	}
	store_done(st);
	return 0;
}

int64_t
store_unread_total(struct store *s)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if ((st = store_stmt(s, SQL_UNREAD_TOTAL)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		store_dberr(s, "count unread");
	store_done(st);
	return n;
}

/* Reads the STORE_ROW_COLS of a row (the strings live until the next
 * step). */
static void
store_row_read(sqlite3_stmt *st, struct store_item_row *row)
{
	row->id = sqlite3_column_int64(st, 0);
	row->feed_id = sqlite3_column_int64(st, 1);
	row->title = store_col_text(st, 2);
	row->author = store_col_text(st, 3);
	row->link = store_col_text(st, 4);
	row->date = sqlite3_column_int64(st, 5);
	row->unread = sqlite3_column_int(st, 6) != 0;
	row->flagged = sqlite3_column_int(st, 7) != 0;
	row->first_seen = sqlite3_column_int64(st, 8);
}

int
store_item_list(struct store *s, int64_t feed_id, int flags,
    store_item_cb cb, void *arg)
{
	static const enum store_sql pick[4][2] = {
		{ SQL_LIST_ALL, SQL_LIST_FEED },
		{ SQL_LIST_UNREAD, SQL_LIST_UNREAD_FEED },
		{ SQL_LIST_FLAGGED, SQL_LIST_FLAGGED_FEED },
		{ SQL_LIST_BOTH, SQL_LIST_BOTH_FEED },
	};
	struct store_item_row row;
	sqlite3_stmt *st;
	int rc;

	st = store_stmt(s, pick[flags & (STORE_LIST_UNREAD |
	    STORE_LIST_FLAGGED)][feed_id > 0]);
	if (st == NULL)
		return -1;
	if (feed_id > 0)
		sqlite3_bind_int64(st, 1, feed_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_row_read(st, &row);
		if (cb(arg, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_dberr(s, "list items");
		store_done(st);
		return -1;
	}
	store_done(st);
	return 0;
}

/* --- scans for filters --- */

int
store_item_scan(struct store *s, const struct store_scan *sc,
    store_scan_cb cb, void *arg)
{
	struct store_scan_row row;
	struct buf sql;
	sqlite3_stmt *st = NULL;
	int rc, col, and = 0;

	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT id, feed_id, title, author, link, date, unread,"
	    " flagged, first_seen, guid");
	if (sc->content)
		buf_puts(&sql, ", CASE WHEN content IS NULL OR content = ''"
		    " THEN summary ELSE content END");
	if (sc->enclosure)
		buf_puts(&sql, ", (SELECT url FROM enclosures WHERE"
		    " item_id = items.id AND pos = 0), (SELECT type FROM"
		    " enclosures WHERE item_id = items.id AND pos = 0)");
	buf_puts(&sql, " FROM items");
	if (sc->unread != 0) {
		buf_printf(&sql, " WHERE unread = %d", sc->unread > 0);
		and = 1;
	}
	if (sc->min_date > INT64_MIN) {
		buf_printf(&sql, " %s date >= ?1", and ? "AND" : "WHERE");
		and = 1;
	}
	if (sc->feed_id > 0)
		buf_printf(&sql, " %s feed_id = ?2", and ? "AND" : "WHERE");
	buf_puts(&sql, STORE_ROW_ORDER);
	if (sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &st, NULL) !=
	    SQLITE_OK) {
		buf_free(&sql);
		return store_dberr(s, "scan items");
	}
	buf_free(&sql);
	if (sc->min_date > INT64_MIN)
		sqlite3_bind_int64(st, 1, sc->min_date);
	if (sc->feed_id > 0)
		sqlite3_bind_int64(st, 2, sc->feed_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		store_row_read(st, &row.row);
		row.guid = store_col_text(st, STORE_ROW_NCOLS);
		col = STORE_ROW_NCOLS + 1;
		if (sc->content)
			row.content = store_col_text(st, col++);
		if (sc->enclosure) {
			row.enclosure_url = store_col_text(st, col++);
			row.enclosure_type = store_col_text(st, col++);
		}
		if (cb(arg, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		store_dberr(s, "scan items");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* --- full-text search --- */

int
store_fts_query(const char *words, struct buf *out)
{
	const char *p = words;
	struct buf term, split;
	size_t i;
	int n = 0, prefix;

	buf_reset(out);
	buf_init(&term, 0);
	buf_init(&split, 0);
	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		buf_reset(&term);
		buf_reset(&split);
		prefix = 0;
		if (*p == '"') {
			/* A "quoted phrase", to the next quote or the end. */
			for (p++; *p != '\0' && *p != '"'; p++)
				buf_putc(&term, *p);
			if (*p == '"')
				p++;
		} else {
			for (; *p != '\0' && *p != ' ' && *p != '\t'; p++) {
				if (*p == '*' && (p[1] == '\0' || p[1] == ' ' ||
				    p[1] == '\t')) {
					prefix = 1;
					p++;
					break;
				}
				buf_putc(&term, *p);
			}
		}
		/* Nothing between the quotes: no term. */
		if (term.len == 0)
			continue;
		/* CJK text as the index keeps it (store_fts_cjk()). */
		store_cjk_split(term.data, term.len, &split, 1, &prefix);
		if (n > 0)
			buf_putc(out, ' ');
		buf_putc(out, '"');
		for (i = 0; i < split.len; i++) {
			if (split.data[i] == '"')
				buf_putc(out, '"');
			buf_putc(out, split.data[i]);
		}
		buf_putc(out, '"');
		if (prefix)
			buf_putc(out, '*');
		n++;
	}
	buf_free(&term);
	buf_free(&split);
	return n;
}

/* Runs sql (binding ?1 and ?2) for one integer; -1 with an error. */
static int
store_int_query(struct store *s, const char *sql, int64_t a, int64_t b,
    int64_t *out, int64_t *out2)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, "index");
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		if (out2 != NULL)
			*out2 = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_dberr(s, "index");
	return 0;
}

/* Where the walk of schema 6's backlog is (0: done, or none). */
static int
store_fts_below(struct store *s, int64_t *below)
{
	return store_int_query(s, "SELECT IFNULL(max(below), 0) FROM"
	    " fts_backlog", 0, 0, below, NULL);
}

/* Binds a text of len bytes (NULL: SQL NULL). */
static void
store_bind_len(sqlite3_stmt *st, int i, const char *v, size_t len)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, (int)len, SQLITE_STATIC);
}

/* A column's text into b as the index keeps it; NULL when it is NULL. */
static const char *
store_cjk_col(const char *v, size_t len, struct buf *b, size_t *outlen)
{
	*outlen = len;
	if (v == NULL || !store_has_cjk(v, len))
		return v;
	buf_reset(b);
	buf_append(b, "", 0);
	store_fts_cjk(v, len, b);
	*outlen = b->len;
	return b->data;
}

/*
 * The backlog's next step: the max items under below, newest first.
 * Those still indexed the version 5 way and holding CJK text are
 * deleted from the index with those values and indexed again; those
 * waiting in fts_pending are indexed. Each body is read and stripped
 * once, and only the items that change are written. Returns how many
 * items it passed.
 */
static int64_t
store_fts_walk(struct store *s, int64_t below, int64_t max)
{
	sqlite3_stmt *rows = NULL, *del = NULL, *add = NULL;
	struct buf text, c[3];
	const char *v[3], *col[3];
	size_t len[3], clen[3];
	int64_t lo = 0, n = 0, id;
	int rc = -1, i, body, waiting;

	if (sqlite3_prepare_v2(s->db, "SELECT i.id, i.title, i.author,"
	    " IFNULL(NULLIF(i.content, ''), i.summary), CASE WHEN"
	    " IFNULL(i.content, '') <> '' THEN i.content_type ELSE"
	    " i.summary_type END, EXISTS (SELECT 1 FROM fts_pending AS p"
	    " WHERE p.id = i.id) FROM items AS i WHERE i.id < ?1"
	    " ORDER BY i.id DESC LIMIT ?2", -1, &rows, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO items_fts (items_fts, rowid,"
	    " title, author, body) VALUES ('delete', ?1, ?2, ?3, ?4)", -1,
	    &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO items_fts (rowid, title,"
	    " author, body) VALUES (?1, ?2, ?3, ?4)", -1, &add, NULL) !=
	    SQLITE_OK) {
		store_dberr(s, "index");
		goto out;
	}
	buf_init(&text, 0);
	for (i = 0; i < 3; i++)
		buf_init(&c[i], 0);
	sqlite3_bind_int64(rows, 1, below);
	sqlite3_bind_int64(rows, 2, max);
	while ((i = sqlite3_step(rows)) == SQLITE_ROW) {
		id = lo = sqlite3_column_int64(rows, 0);
		n++;
		waiting = sqlite3_column_int(rows, 5);
		for (i = 0; i < 3; i++) {
			v[i] = (const char *)sqlite3_column_text(rows, i + 1);
			len[i] = (size_t)sqlite3_column_bytes(rows, i + 1);
		}
		/* The body as tidings_fts_text() gives it. */
		body = v[2] != NULL && len[2] > 0;
		if (body) {
			buf_reset(&text);
			buf_append(&text, "", 0);
			store_fts_text(v[2], len[2], sqlite3_column_int(rows,
			    4) == 2, &text);
			v[2] = text.data;
			len[2] = text.len;
		} else
			v[2] = NULL;
		if (!waiting && !store_has_cjk(v[0] ? v[0] : "", len[0]) &&
		    !store_has_cjk(v[1] ? v[1] : "", len[1]) &&
		    !store_has_cjk(v[2] ? v[2] : "", len[2]))
			continue;
		if (!waiting) {
			sqlite3_bind_int64(del, 1, id);
			for (i = 0; i < 3; i++)
				store_bind_len(del, i + 2, v[i], len[i]);
			if (sqlite3_step(del) != SQLITE_DONE) {
				store_dberr(s, "index");
				goto done;
			}
			sqlite3_reset(del);
		}
		sqlite3_bind_int64(add, 1, id);
		for (i = 0; i < 3; i++) {
			col[i] = store_cjk_col(v[i], len[i], &c[i], &clen[i]);
			store_bind_len(add, i + 2, col[i], clen[i]);
		}
		if (sqlite3_step(add) != SQLITE_DONE) {
			store_dberr(s, "index");
			goto done;
		}
		sqlite3_reset(add);
	}
	if (i != SQLITE_DONE) {
		store_dberr(s, "index");
		goto done;
	}
	rc = 0;
done:
	buf_free(&text);
	for (i = 0; i < 3; i++)
		buf_free(&c[i]);
out:
	sqlite3_finalize(rows);
	sqlite3_finalize(del);
	sqlite3_finalize(add);
	if (rc == -1)
		return -1;
	if (n > 0 && store_exec_ints(s, "DELETE FROM fts_pending WHERE"
	    " id >= ?1 AND id < ?2", 2, lo, below, 0) == -1)
		return -1;
	/* Below the last item passed is nothing: the walk is over. */
	if (n < max) {
		if (store_exec_ints(s, "DELETE FROM fts_pending WHERE id < ?1",
		    1, below, 0, 0) == -1 || store_exec(s,
		    "DELETE FROM fts_backlog") == -1)
			return -1;
	} else if (store_exec_ints(s, "UPDATE fts_backlog SET below = ?1", 1,
	    lo, 0, 0) == -1)
		return -1;
	return n;
}

/*
 * Indexes up to max items: those stored or changed since the last flush,
 * then (walk) the backlog's. Items waiting under the backlog's bottom are
 * left to its walk.
 */
static int64_t
store_fts_index(struct store *s, int64_t max, int walk)
{
	int64_t n = 0, below = 0, k;
	sqlite3_stmt *st = NULL;
	int ok = -1;

	if (s->readonly)
		return 0;
	if (max <= 0)
		max = INT64_MAX;
	if (store_fts_below(s, &below) == -1)
		return -1;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM (SELECT 1 FROM"
	    " fts_pending WHERE id >= ?1 LIMIT 1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return store_dberr(s, "index");
	sqlite3_bind_int64(st, 1, below);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (n == 0 && (below == 0 || !walk))
		return 0;
	if (store_sp_begin(s) == -1)
		return -1;
	n = 0;
	if (store_exec_ints(s, "INSERT INTO items_fts (rowid, title, author,"
	    " body) SELECT i.id, tidings_fts_cjk(i.title),"
	    " tidings_fts_cjk(i.author), tidings_fts_cjk(tidings_fts_text("
	    "i.content, i.content_type, i.summary, i.summary_type)) FROM"
	    " (SELECT id FROM fts_pending WHERE id >= ?2 ORDER BY id LIMIT ?1)"
	    " AS p JOIN items AS i ON i.id = p.id", 2, max, below, 0) == -1)
		goto out;
	if (store_exec_ints(s, "DELETE FROM fts_pending WHERE id IN"
	    " (SELECT id FROM fts_pending WHERE id >= ?2 ORDER BY id LIMIT"
	    " ?1)", 2, max, below, 0) == -1)
		goto out;
	n = sqlite3_changes(s->db);
	if (walk && below > 0 && n < max) {
		if ((k = store_fts_walk(s, below, max - n)) == -1)
			goto out;
		n += k;
	}
	ok = 0;
out:
	if (store_sp_end(s, ok) == -1)
		return -1;
	return n;
}

int64_t
store_fts_flush(struct store *s, int64_t max)
{
	return store_fts_index(s, max, 1);
}

int
store_fts_backlog(struct store *s)
{
	int64_t below = 0;

	if (store_fts_below(s, &below) == -1)
		return -1;
	return below > 0;
}

int
store_search(struct store *s, const char *words, int64_t feed_id, size_t max,
    store_item_cb cb, void *arg)
{
	struct store_item_row row;
	struct buf q;
	sqlite3_stmt *st;
	int rc;

	/*
	 * What was stored since the last flush is indexed now, in one batch;
	 * the backlog of an upgraded cache is left to idle turns (its items
	 * are indexed the old way meanwhile, found as before).
	 */
	if (store_fts_index(s, 0, 0) == -1)
		return -1;
	buf_init(&q, 0);
	if (store_fts_query(words, &q) == 0) {
		buf_free(&q);
		return store_fail(s, "nothing to search for");
	}
	/*
	 * The index walks matches newest-stored first and stops at max, so a
	 * word in every article costs max rows, not the whole cache; only
	 * those are then sorted by date.
	 */
	if ((st = store_stmt(s, feed_id > 0 ? SQL_SEARCH_FEED :
	    SQL_SEARCH)) == NULL) {
		buf_free(&q);
		return -1;
	}
	sqlite3_bind_text(st, 1, buf_str(&q), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, max > 0 && max < INT64_MAX ? (int64_t)max :
	    -1);
	if (feed_id > 0)
		sqlite3_bind_int64(st, 3, feed_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_row_read(st, &row);
		if (cb(arg, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_dberr(s, "search");
		store_done(st);
		buf_free(&q);
		return -1;
	}
	store_done(st);
	buf_free(&q);
	return 0;
}

/* --- read and flagged state --- */

static int
store_item_set(struct store *s, enum store_sql id_sql, int64_t id, int v)
{
	sqlite3_stmt *st;

	if (store_writable(s) == -1 || (st = store_stmt(s, id_sql)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, v != 0);
	if (store_run(s, st, "set item state") == -1)
		return -1;
	return sqlite3_changes(s->db) > 0 ? 1 : 0;
}

int
store_item_set_unread(struct store *s, int64_t id, int unread)
{
	return store_item_set(s, SQL_SET_UNREAD, id, unread);
}

int
store_item_set_flagged(struct store *s, int64_t id, int flagged)
{
	return store_item_set(s, SQL_SET_FLAGGED, id, flagged);
}

static void
store_ids_add(struct store_ids *ids, int64_t id)
{
	if (ids->n == ids->cap) {
		ids->cap = ids->cap ? ids->cap * 2 : 64;
		ids->v = xreallocarray(ids->v, ids->cap, sizeof *ids->v);
	}
	ids->v[ids->n++] = id;
}

void
store_ids_free(struct store_ids *ids)
{
	free(ids->v);
	memset(ids, 0, sizeof *ids);
}

/* Collects the ids a mark-read will change, then changes them. */
static int64_t
store_mark(struct store *s, enum store_sql ids_sql, enum store_sql mark_sql,
    int64_t feed_id, struct store_ids *changed)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	int rc, ok = -1;

	if (store_writable(s) == -1 || store_sp_begin(s) == -1)
		return -1;
	if (changed != NULL) {
		if ((st = store_stmt(s, ids_sql)) == NULL)
			goto out;
		if (feed_id > 0)
			sqlite3_bind_int64(st, 1, feed_id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			store_ids_add(changed, sqlite3_column_int64(st, 0));
		store_done(st);
		if (rc != SQLITE_DONE) {
			store_dberr(s, "mark read");
			goto out;
		}
	}
	if ((st = store_stmt(s, mark_sql)) == NULL)
		goto out;
	if (feed_id > 0)
		sqlite3_bind_int64(st, 1, feed_id);
	if (store_run(s, st, "mark read") == -1)
		goto out;
	n = sqlite3_changes(s->db);
	ok = 0;
out:
	if (store_sp_end(s, ok) == -1)
		return -1;
	return n;
}

int64_t
store_feed_mark_read(struct store *s, int64_t feed_id,
    struct store_ids *changed)
{
	return store_mark(s, SQL_UNREAD_IDS_FEED, SQL_MARK_FEED, feed_id,
	    changed);
}

int64_t
store_mark_all_read(struct store *s, struct store_ids *changed)
{
	return store_mark(s, SQL_UNREAD_IDS, SQL_MARK_ALL, 0, changed);
}

int64_t
store_items_set_unread(struct store *s, const struct store_ids *ids,
    int unread)
{
	int64_t n = 0;
	size_t i;
	int rc = 0;

	if (store_writable(s) == -1 || store_sp_begin(s) == -1)
		return -1;
	for (i = 0; i < ids->n; i++) {
		if ((rc = store_item_set(s, SQL_SET_UNREAD, ids->v[i],
		    unread)) == -1)
			break;
		n += rc;
	}
	if (store_sp_end(s, rc == -1) == -1)
		return -1;
	return n;
}

/* --- cleanup --- */

/* Runs one statement with up to three integer parameters. */
static int
store_exec_ints(struct store *s, const char *sql, int n, int64_t a,
    int64_t b, int64_t c)
{
	sqlite3_stmt *st;
	int64_t v[3] = { a, b, c };
	int i;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, "clean up");
	for (i = 0; i < n; i++)
		sqlite3_bind_int64(st, i + 1, v[i]);
	i = sqlite3_step(st);
	sqlite3_finalize(st);
	if (i != SQLITE_DONE)
		return store_dberr(s, "clean up");
	return 0;
}

int64_t
store_cleanup(struct store *s, int64_t max_items, int64_t max_age_days)
{
	int64_t now = store_now(s), deleted = -1;
	int ok = -1;

	if (store_writable(s) == -1 || store_sp_begin(s) == -1)
		return -1;
	if (store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS store_doomed"
	    " (id INTEGER PRIMARY KEY); DELETE FROM temp.store_doomed") == -1)
		goto out;
	if (max_items > 0 && store_exec_ints(s,
	    "INSERT OR IGNORE INTO temp.store_doomed (id)"
	    " SELECT id FROM (SELECT id, flagged, row_number() OVER"
	    "  (PARTITION BY feed_id ORDER BY date DESC, id DESC) AS n"
	    "  FROM items) WHERE n > ?1 AND flagged = 0",
	    1, max_items, 0, 0) == -1)
		goto out;
	if (max_age_days > 0 && max_age_days < INT64_MAX / STORE_DAY &&
	    store_exec_ints(s, "INSERT OR IGNORE INTO temp.store_doomed (id)"
	    " SELECT id FROM items WHERE date < ?1 AND flagged = 0",
	    1, now - max_age_days * STORE_DAY, 0, 0) == -1)
		goto out;
	if (store_exec_ints(s, "INSERT OR REPLACE INTO gone"
	    " (feed_id, guid, last_seen) SELECT feed_id, guid, ?1 FROM items"
	    " WHERE id IN (SELECT id FROM temp.store_doomed)",
	    1, now, 0, 0) == -1)
		goto out;
	if (store_exec(s, "DELETE FROM items"
	    " WHERE id IN (SELECT id FROM temp.store_doomed)") == -1)
		goto out;
	deleted = sqlite3_changes(s->db);
	/*
	 * Forget a tombstone once a full fetch (2xx) of its feed no longer
	 * carried the item: put refreshes last_seen while it is carried.
	 */
	if (store_exec_ints(s, "DELETE FROM gone WHERE last_seen <"
	    " (SELECT f.last_fetch FROM feeds AS f WHERE f.id = gone.feed_id"
	    "  AND f.last_status BETWEEN 200 AND 299) - ?1",
	    1, STORE_GONE_GRACE, 0, 0) == -1)
		goto out;
	if (store_exec(s, "DELETE FROM temp.store_doomed") == -1)
		goto out;
	ok = 0;
out:
	if (store_sp_end(s, ok) == -1)
		return -1;
	return deleted;
}

/* --- reader mode: extracted articles --- */

int
store_extract_get(struct store *s, int64_t item_id,
    struct store_extract *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = store_stmt(s, SQL_EXTRACT_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, item_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		store_done(st);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		store_dberr(s, "load extract");
		store_done(st);
		return -1;
	}
	out->item_id = item_id;
	out->fetched = sqlite3_column_int64(st, 0);
	out->shown = sqlite3_column_int(st, 1) != 0;
	out->published = store_col_date(st, 2);
	out->url = store_col_dup(st, 3);
	out->error = store_col_dup(st, 4);
	out->title = store_col_dup(st, 5);
	out->byline = store_col_dup(st, 6);
	out->site_name = store_col_dup(st, 7);
	out->content = store_col_dup(st, 8);
	store_done(st);
	return 0;
}

void
store_extract_clear(struct store_extract *e)
{
	free(e->url);
	free(e->error);
	free(e->title);
	free(e->byline);
	free(e->site_name);
	free(e->content);
	memset(e, 0, sizeof *e);
}

int
store_extract_put(struct store *s, int64_t item_id,
    const struct store_extract *e)
{
	sqlite3_stmt *st;

	if (e->content == NULL)
		return store_fail(s, "cache %s: an extract without content",
		    s->path);
	if (store_writable(s) == -1 ||
	    (st = store_stmt(s, SQL_EXTRACT_PUT)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, e->fetched != 0 ? e->fetched :
	    store_now(s));
	sqlite3_bind_int(st, 3, e->shown != 0);
	store_bind_date(st, 4, e->published);
	store_bind_text(st, 5, e->url);
	store_bind_text(st, 6, e->title);
	store_bind_text(st, 7, e->byline);
	store_bind_text(st, 8, e->site_name);
	store_bind_text(st, 9, e->content);
	return store_run(s, st, "store extract");
}

int
store_extract_fail(struct store *s, int64_t item_id, const char *error)
{
	sqlite3_stmt *st;

	if (store_writable(s) == -1 ||
	    (st = store_stmt(s, SQL_EXTRACT_FAIL)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, store_now(s));
	store_bind_text(st, 3, error != NULL ? error : "failed");
	return store_run(s, st, "store extract failure");
}

int
store_extract_show(struct store *s, int64_t item_id, int shown)
{
	return store_item_set(s, SQL_EXTRACT_SHOW, item_id, shown);
}

int
store_extract_todo(struct store *s, int64_t feed_id, int max,
    store_extract_todo_cb cb, void *arg)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if ((st = store_stmt(s, SQL_EXTRACT_TODO)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, feed_id);
	sqlite3_bind_int(st, 2, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (cb(arg, sqlite3_column_int64(st, 0),
		    store_col_text(st, 1)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_dberr(s, "list articles to extract");
		store_done(st);
		return -1;
	}
	store_done(st);
	return n;
}
