/*
 * refresh.h: fetching feeds into the store.
 *
 * A refresh is a batch of feeds fetched together on one struct net: each
 * response streams into a feed parser and its items into the store, one
 * transaction per feed, so an interrupted refresh loses nothing already
 * stored. It does not block: the caller's event loop drives the net
 * (net_poll/net_perform), or net_run() drives it to the end for the command
 * line. Progress is reported per feed through a callback.
 */
#ifndef TIDINGS_REFRESH_H
#define TIDINGS_REFRESH_H

#include <stddef.h>
#include <stdint.h>

struct net;
struct store;

enum refresh_outcome {
	REFRESH_OK,		/* fetched and parsed */
	REFRESH_UNCHANGED,	/* 304 Not Modified */
	REFRESH_SKIPPED,	/* Retry-After still in force */
	REFRESH_FAILED,		/* network, HTTP or parse error */
};

/* What happened to one feed; strings are borrowed for the callback. */
struct refresh_result {
	int64_t		 feed_id;
	const char	*url;
	enum refresh_outcome outcome;
	int		 status;	/* HTTP status, or 0 */
	const char	*error;		/* one clean line, or NULL */
	const char	*redirect;	/* permanent redirect target, or NULL */
	int64_t		 retry_after;	/* skipped until (UTC seconds), or 0 */
	int64_t		 new_items;
	int64_t		 changed_items;
};

struct refresh_totals {
	size_t		 feeds;		/* added to the batch */
	size_t		 done;		/* finished, whatever the outcome */
	size_t		 fetched;
	size_t		 unchanged;
	size_t		 skipped;
	size_t		 failed;
	int64_t		 new_items;
};

typedef void (*refresh_cb)(void *arg, const struct refresh_result *);

/* Flags for refresh_add(). */
#define REFRESH_ALLOW_FILE	0x01	/* file:// allowed (the user's own) */
#define REFRESH_INSECURE	0x02	/* accept a bad TLS certificate */
#define REFRESH_FORCE		0x04	/* ignore Retry-After and validators */

/*
 * Returns nonzero to leave an item of the feed at url out of the store
 * (ignore-article); everything is borrowed for the call.
 */
struct feed;
struct feed_item;
typedef int (*refresh_ignore_cb)(void *arg, const char *url,
    const struct feed *, const struct feed_item *);

/* store and net are borrowed and must outlive the refresh. */
struct refresh	*refresh_new(struct store *, struct net *, refresh_cb, void *);
void		 refresh_free(struct refresh *);
/* Sets the killfile's test for every feed stored from now on. */
void		 refresh_set_ignore(struct refresh *, refresh_ignore_cb,
		    void *arg);
/* Queues one feed (its id in the store); 0, or -1 with store_error(). */
int		 refresh_add(struct refresh *, int64_t feed_id, const char *url,
		    int flags);
/* Feeds queued or in flight. */
size_t		 refresh_pending(const struct refresh *);
void		 refresh_get_totals(const struct refresh *,
		    struct refresh_totals *);

#endif
