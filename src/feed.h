/*
 * feed.h: the parsed-feed model and the one entry point to every parser.
 *
 * A feed's bytes (RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.x) go in
 * through feed_parser_push() as they arrive; items come out through a
 * callback as each one ends, or are collected in struct feed. Knows nothing
 * of the network or the disk, so it can be tested and fuzzed on a string.
 *
 * Every string in the model is valid UTF-8 with no control characters
 * (bodies keep \n and \t), trimmed, or NULL when absent.
 */
#ifndef TIDINGS_FEED_H
#define TIDINGS_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"

enum feed_format {
	FEED_FORMAT_UNKNOWN,
	FEED_FORMAT_RSS090,
	FEED_FORMAT_RSS091,
	FEED_FORMAT_RSS092,
	FEED_FORMAT_RSS093,
	FEED_FORMAT_RSS094,
	FEED_FORMAT_RSS10,
	FEED_FORMAT_RSS20,
	FEED_FORMAT_ATOM03,
	FEED_FORMAT_ATOM10,
	FEED_FORMAT_JSON10,
	FEED_FORMAT_JSON11,
};

enum feed_content_type {
	FEED_CONTENT_NONE,
	FEED_CONTENT_TEXT,
	FEED_CONTENT_HTML,
};

struct feed_enclosure {
	char	*url;		/* absolute URL */
	char	*type;		/* MIME type, or NULL */
	int64_t	 length;	/* bytes, or -1 when unknown */
};

struct feed_item {
	char	*title;		/* plain text */
	char	*link;		/* absolute URL of the article */
	char	*guid;		/* the feed's id, or a derived stable one */
	int	 guid_derived;	/* 1 when guid was made up by tidings */
	char	*author;	/* first author, plain text */
	char	**authors;	/* every author (author is authors[0]) */
	size_t	 n_authors;
	char	*summary;	/* short text or HTML (see summary_type) */
	enum feed_content_type summary_type;
	char	*content;	/* the full body, or NULL */
	enum feed_content_type content_type;
	int64_t	 published;	/* UTC seconds, or DATE_NONE */
	int64_t	 updated;	/* UTC seconds, or DATE_NONE */
	struct feed_enclosure *enclosures;
	size_t	 n_enclosures;
	char	**categories;
	size_t	 n_categories;
	char	*comments;	/* URL of the comments page */
	char	*image;		/* thumbnail or episode image URL */
	char	*duration;	/* itunes:duration as given */
};

struct feed {
	enum feed_format format;
	char	*title;
	char	*link;		/* the site's home page */
	char	*description;
	char	*language;
	char	*author;
	char	*image;		/* logo or icon URL */
	int64_t	 updated;	/* UTC seconds, or DATE_NONE */
	struct feed_item **items;	/* collected items (see feed_parser_new) */
	size_t	 n_items;
	size_t	 items_cap;
};

/* Limits on what one document may make us hold. */
#define FEED_MAX_FIELD	  (1u << 20)	/* one title, link, author... */
#define FEED_MAX_BODY	  (8u << 20)	/* one content or summary */
#define FEED_MAX_ITEMS	  100000	/* items collected in memory */
#define FEED_MAX_LIST	  256		/* authors, categories, enclosures */
#define FEED_MAX_DEPTH	  256		/* element nesting */
#define FEED_MAX_JSON	  (64u << 20)	/* a whole JSON Feed document */

/*
 * Called once per finished item. The callback takes ownership of the item
 * (free it with feed_item_free()); feed has the channel fields seen so far.
 * Returning -1 stops the parse.
 */
typedef int (*feed_item_cb)(void *arg, const struct feed *feed,
    struct feed_item *item);

/*
 * Sets libxml2 up once (its globals, before any thread parses) with error
 * handlers that print nothing, in this thread and in threads made later.
 * Safe to call again, from any thread; feed_parser_new() calls it.
 */
void	 feed_init(void);

struct feed_parser;

/*
 * url is the document's own address (the base for relative links; may be
 * NULL); charset is the HTTP Content-Type charset if any. With cb NULL,
 * items are collected into the feed (at most FEED_MAX_ITEMS).
 */
struct feed_parser *feed_parser_new(const char *url, const char *charset,
	    feed_item_cb cb, void *arg);
int	 feed_parser_push(struct feed_parser *, const char *, size_t);
/*
 * Ends the document. Returns 0 when a feed was read (possibly with
 * recoverable errors) and -1 with a one-line reason in err otherwise.
 */
int	 feed_parser_finish(struct feed_parser *, char *err, size_t errlen);
/*
 * After a finish that returned 0: a one-line reason the feed read may be
 * incomplete ("cut short: the document ends inside <item>"), or NULL.
 */
const char *feed_parser_warning(const struct feed_parser *);
/* The feed read so far; owned by the parser until feed_parser_take(). */
struct feed *feed_parser_feed(struct feed_parser *);
/* Gives the feed to the caller. */
struct feed *feed_parser_take(struct feed_parser *);
void	 feed_parser_free(struct feed_parser *);

/* Parses a whole document in memory; returns NULL with err on failure. */
struct feed *feed_parse(const char *data, size_t len, const char *url,
	    const char *charset, char *err, size_t errlen);

struct feed *feed_new(void);
void	 feed_free(struct feed *);
struct feed_item *feed_item_new(void);
void	 feed_item_free(struct feed_item *);
/* Frees what an item holds (not the item itself) and empties it. */
void	 feed_item_clear(struct feed_item *);
/* Adds item to feed->items (takes ownership); -1 when over the limit. */
int	 feed_add_item(struct feed *, struct feed_item *);
/* Appends a copy of s to a string list, skipping duplicates and blanks. */
int	 feed_list_add(char ***list, size_t *n, const char *s);
int	 feed_add_enclosure(struct feed_item *, const char *url,
	    const char *type, int64_t length);

/*
 * Fills what an item lacks once it is complete: a stable guid (link, else a
 * hash of title and content), a title from the body, author from authors.
 */
void	 feed_item_finish(struct feed_item *);

const char *feed_format_name(enum feed_format);

/* Internals shared by the format parsers (feed_xml.c, feed_json.c). */
char	*feed_resolve_url(const char *base, const char *ref);
char	*feed_text_from_html(const char *s);
int	 feed_json_parse(struct feed *, const char *data, size_t len,
	    const char *url, feed_item_cb cb, void *arg, char *err,
	    size_t errlen);

#endif
