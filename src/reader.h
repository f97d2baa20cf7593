/*
 * reader.h: reader mode's fetching: an article's web page through the
 * same net engine as the feeds (limits, per-host politeness, User-Agent,
 * the caller's event loop), its article taken out by readability.c and
 * kept in the store beside the feed's own text.
 *
 * A struct reader runs any number of page fetches at once, one per item;
 * asking again for an item already in flight is a no-op. Each fetch ends
 * in one call of the callback, after the store has the article (or the
 * failure, with a one-line reason). Only http and https pages are
 * fetched; nothing is run; the terminal is never touched.
 */
#ifndef TIDINGS_READER_H
#define TIDINGS_READER_H

#include <stddef.h>
#include <stdint.h>

struct net;
struct store;

#define READER_MAX_FEED_ITEMS 20	/* pages one feed's refresh fetches */

/* How one fetch ended; strings are borrowed for the callback. */
struct reader_result {
	int64_t	 item_id;
	int	 ok;		/* the article is in the store */
	const char *error;	/* one clean line when !ok */
	const char *url;	/* the page asked for */
	const char *title;	/* the page's title when ok, or NULL */
	size_t	 length;	/* characters of article text when ok */
};

typedef void (*reader_cb)(void *arg, const struct reader_result *);

/*
 * store and net are borrowed; net must not be freed before reader_free()
 * unless the reader was freed first. cb may be NULL.
 */
struct reader	*reader_new(struct store *, struct net *, reader_cb,
		    void *arg);
/*
 * Lets go of the reader. Fetches still in flight end quietly (no
 * callback, nothing stored) when the net finishes or frees them; the
 * memory goes with the last of them.
 */
void		 reader_free(struct reader *);

/* Flags for reader_add(). */
#define READER_INSECURE	0x01	/* accept a bad TLS certificate */

/*
 * Queues the page at url for item_id. Returns 0 when queued, 1 when that
 * item is already being fetched, or -1 (nothing queued) with a reason in
 * err when the URL is not an http or https address.
 */
int		 reader_add(struct reader *, int64_t item_id, const char *url,
		    int flags, char *err, size_t errlen);
/*
 * Queues the unread articles of a feed that have a link and were never
 * tried (at most max, newest first). Returns how many, or -1 with
 * store_error().
 */
int		 reader_add_feed(struct reader *, int64_t feed_id, int max);
/* Is this item's page being fetched? */
int		 reader_busy(const struct reader *, int64_t item_id);
/* Fetches queued or in flight. */
size_t		 reader_pending(const struct reader *);

#endif
