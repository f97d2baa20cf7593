/*
 * urls.h: the urls file, one feed a line, in newsboat's syntax, so a
 * newsboat user can point tidings at the file they already have.
 *
 *	https://example.com/feed.xml news "cool stuff" "~My title" "!hidden"
 *
 * A line is a URL and then tags separated by blanks; a tag may be quoted
 * ("..." with \" \\ \n \t escapes); "~text" sets the title, a tag starting
 * with '!' hides the feed; a token starting with '#' begins a comment that
 * runs to the end of the line. Lines tidings cannot use (exec:,
 * filter:, other schemes, duplicates) become warnings with their line
 * number. A "query:Name:expression" line is a query feed (query.h); its
 * expression is checked here. This module never runs, fetches or opens anything a line names,
 * and never rewrites a byte of the user's file: it only appends.
 */
#ifndef TIDINGS_URLS_H
#define TIDINGS_URLS_H

#include <stddef.h>

#define URLS_MAX_LINE	  (64 * 1024)	/* longer lines are skipped */
#define URLS_MAX_ENTRIES  100000	/* feeds kept from one file */
#define URLS_MAX_TAGS	  64		/* tags kept per feed */
#define URLS_MAX_WARNINGS 1000		/* warnings kept; the rest counted */
#define URLS_MAX_QUERIES  1000		/* query feeds kept from one file */
#define URLS_MAX_FILE	  (32 * 1024 * 1024)	/* largest urls file read */

/* Return values; URLS_ERROR always comes with a message in err. */
enum urls_status {
	URLS_ERROR = -1,
	URLS_OK = 0,
	URLS_MISSING = 1,	/* urls_load: no such file (use the defaults) */
	URLS_DUPLICATE = 2	/* urls_add/urls_append: URL already listed */
};

/* What a URL is, judged by its first characters only. */
enum urls_url_kind {
	URLS_URL_HTTP,		/* http:// or https:// with a host */
	URLS_URL_FILE,		/* file:// with a path */
	URLS_URL_QUERY,		/* newsboat query feed ("query:...") */
	URLS_URL_EXEC,		/* a command: "exec:..." or Liferea's "|..." */
	URLS_URL_FILTER,	/* a feed piped through a command ("filter:") */
	URLS_URL_OTHER,		/* any other scheme, or none at all */
	URLS_URL_BAD		/* http/https/file, but empty, too long, or
				   holding blanks, quotes, control characters
				   or invalid UTF-8 */
};

enum urls_warn_kind {
	URLS_WARN_QUERY,	/* query feed whose expression is bad */
	URLS_WARN_EXEC,		/* exec: or |command: never run */
	URLS_WARN_FILTER,	/* filter: never run */
	URLS_WARN_SCHEME,	/* not http, https (or file in the urls file) */
	URLS_WARN_BAD_URL,	/* URLS_URL_BAD */
	URLS_WARN_DUPLICATE,	/* the URL came earlier; the first one wins */
	URLS_WARN_LONG_LINE,	/* longer than URLS_MAX_LINE */
	URLS_WARN_LIMIT,	/* past URLS_MAX_ENTRIES, _TAGS or _WARNINGS */
	URLS_WARN_NOT_FEED	/* OPML: an outline that is not a feed */
};

struct urls_warning {
	int	 line;		/* 1-based line it is about; 0 if none */
	enum urls_warn_kind kind;
	char	*msg;		/* clean text ending in "; ignored", no
				   file name or line: the caller adds them */
};

struct urls_entry {
	char	*url;		/* an http, https or file URL; never NULL */
	char	**tags;		/* plain tags: clean, non-empty, distinct,
				   never starting with '~' or '!' */
	size_t	 n_tags;
	char	*title;		/* from the first "~title" tag, or NULL */
	int	 hidden;	/* a tag starting with '!' was given */
	int	 line;		/* 1-based line it came from; 0 if none */
};

/* A query feed: "query:Name:expression" and tags, as newsboat has them. */
struct urls_query {
	char	*name;		/* clean, non-empty */
	char	*expr;		/* the filter expression, parsed once fine */
	char	**tags;		/* as an entry's */
	size_t	 n_tags;
	int	 hidden;	/* a tag starting with '!' was given */
	int	 line;		/* 1-based line it came from */
	size_t	 pos;		/* feeds listed before it in the file */
};

struct urls {
	struct urls_entry *entries;	/* in file order, URLs distinct */
	size_t	 n_entries;
	struct urls_query *queries;	/* in file order */
	size_t	 n_queries;
	struct urls_warning *warnings;	/* in line order */
	size_t	 n_warnings;
	size_t	 n_warnings_dropped;	/* past URLS_MAX_WARNINGS */
	size_t	 entries_cap;		/* private: entries allocated */
	size_t	*index;			/* private: URL hash, entry + 1 */
	size_t	 index_cap;		/* private: slots, a power of two */
	int	 full_warned;		/* private: URLS_MAX_ENTRIES said */
};

/* An empty list; urls_free() releases it. */
struct urls *urls_new(void);
void	 urls_free(struct urls *);

/*
 * Reads the urls file at path into a new list (*out, caller frees).
 * Returns URLS_OK, URLS_MISSING when the file does not exist (*out is
 * NULL: the caller uses its default list), or URLS_ERROR with err filled.
 * Lines that are not usable feeds are warnings in (*out)->warnings.
 */
int	 urls_load(const char *path, struct urls **out, char *err,
	    size_t errlen);
/* Parses the text of a urls file (len bytes, NULs allowed); caller frees. */
struct urls *urls_parse(const char *text, size_t len);

enum urls_url_kind urls_classify(const char *url);

/*
 * Adds a feed, copying everything: tags are cleaned, a leading '~' or '!'
 * is dropped, empty and repeated tags are left out, at most URLS_MAX_TAGS
 * are kept; the title is cleaned (empty means none). Returns URLS_OK,
 * URLS_DUPLICATE when the URL is already in the list, or URLS_ERROR when
 * the URL is not http, https or file, or the list is full.
 */
int	 urls_add(struct urls *, const char *url, char *const *tags,
	    size_t n_tags, const char *title, int hidden, int line,
	    char *err, size_t errlen);
/* The entry with exactly this URL, or NULL. */
const struct urls_entry *urls_find(const struct urls *, const char *url);

/*
 * Adds a warning; fmt is printf-like and the result is cleaned. Past
 * URLS_MAX_WARNINGS it is only counted in n_warnings_dropped.
 */
void	 urls_warn(struct urls *, int line, enum urls_warn_kind,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Copies at most max bytes of s, cleaned and shortened with "..." for
 * showing an untrusted URL inside a message. Caller frees.
 */
char	*urls_show(const char *s, size_t max);

/*
 * The entry as one urls-file line in newsboat syntax, without the
 * newline: the URL, the tags (quoted when they need it), "~title" and
 * "!" when hidden. Caller frees.
 */
char	*urls_format_line(const struct urls_entry *);

/*
 * Appends one feed line to the urls file at path, creating the file (mode
 * 0600) and its missing parent directories (0700). Every existing byte is
 * kept; a missing final newline is added first. Returns URLS_OK,
 * URLS_DUPLICATE (nothing written) if the URL is already in the file, or
 * URLS_ERROR (nothing written) for an unusable URL or an I/O failure.
 */
int	 urls_append(const char *path, const char *url, char *const *tags,
	    size_t n_tags, const char *title, char *err, size_t errlen);
/*
 * Appends the n entries in one write, leaving out those whose URL is
 * already in the file or earlier in the array. Refuses the whole batch
 * (URLS_ERROR, nothing written) if any URL is not http, https or file.
 * *added and *duplicates (either may be NULL) get the counts.
 */
int	 urls_append_entries(const char *path, const struct urls_entry *,
	    size_t n, size_t *added, size_t *duplicates, char *err,
	    size_t errlen);

/*
 * Adds one feed line (e's URL, tags, title and hidden flag; line is
 * ignored) at the end of the urls file at path, creating it (0600, and
 * missing parent directories 0700) if needed. Every existing byte,
 * comments and order included, is kept; a missing final newline is
 * added first. The file is replaced atomically: the old bytes and the
 * new line are written to a temporary file beside it, synced, and renamed
 * over it, keeping its mode; a symbolic link is followed and its target
 * replaced. Returns URLS_OK, URLS_DUPLICATE (nothing written; err says
 * so) when the URL is already listed, or URLS_ERROR with err.
 */
int	 urls_add_line(const char *path, const struct urls_entry *e,
	    char *err, size_t errlen);

#endif
