/*
 * query.h: query feeds, newsboat's "query:Name:expression" lines: a
 * filter (filter.h) matched against every cached article, and the same
 * matching for the one-off filter and ignore-article's display mode.
 *
 * The store narrows the rows with SQL where the filter allows (unread,
 * age) and reads the body only when the filter looks at it; filter.c
 * decides every row. Rows stream: memory does not grow with the cache.
 */
#ifndef TIDINGS_QUERY_H
#define TIDINGS_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct filter;
struct filter_item;

/*
 * Fills the feed's part of it (feed_title, feed_url, tags, ...) for the
 * store's feed_id; returns 0, or nonzero to leave the row out (a feed
 * that is not in the list).
 */
typedef int (*query_feed_cb)(void *arg, int64_t feed_id,
    struct filter_item *it);

/*
 * Calls cb with every article matching f, newest first (feed_id > 0: of
 * that feed only). now is the time "age" counts from (0: the clock).
 * Returns 0, or -1 with store_error().
 */
int	 query_run(struct store *, const struct filter *f, int64_t now,
	    int64_t feed_id, query_feed_cb, void *farg, store_item_cb cb,
	    void *arg);
/* How many match, and how many of those are unread. */
int	 query_count(struct store *, const struct filter *f, int64_t now,
	    query_feed_cb, void *farg, int64_t *unread, int64_t *total);

/*
 * The killfile: does an ignore-article rule of cf drop this article of the
 * feed at url (tags: the feed's, from the urls file)? A rule's feed is
 * "*", the feed's URL, or a glob matched against it (fnmatch(3)).
 */
struct conf;
struct feed;
struct feed_item;
int	 query_ignored(const struct conf *cf, const char *url,
	    const char *const *tags, size_t ntags, const struct feed *,
	    const struct feed_item *);

#endif
