/*
 * query.c: matching a filter over the cache, for query feeds, the
 * one-off filter and the killfile's display mode.
 *
 * Must never hold more than one row of the store at a time, and never
 * decide a match anywhere but in filter_match().
 */
#include "config.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "date.h"
#include "feed.h"
#include "filter.h"
#include "query.h"
#include "store.h"

/* tidings keeps one flag: a flagged article has every flag letter. */
static const char query_all_flags[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

struct query_ctx {
	const struct filter *f;
	int64_t	 now;
	query_feed_cb feed;
	void	*farg;
	store_item_cb cb;
	void	*arg;
	int64_t	 unread;	/* query_count() */
	int64_t	 total;
};

static int
query_row(void *arg, const struct store_scan_row *r)
{
	struct query_ctx *c = arg;
	struct filter_item it;

	memset(&it, 0, sizeof(it));
	it.title = r->row.title;
	it.link = r->row.link;
	it.author = r->row.author;
	it.content = r->content;
	it.guid = r->guid;
	it.flags = r->row.flagged ? query_all_flags : "";
	it.enclosure_url = r->enclosure_url;
	it.enclosure_type = r->enclosure_type;
	it.unread = r->row.unread;
	it.flagged = r->row.flagged;
	it.date = r->row.date;
	it.now = c->now;
	if (c->feed != NULL && c->feed(c->farg, r->row.feed_id, &it) != 0)
		return 0;
	if (!filter_match(c->f, &it))
		return 0;
	if (c->cb != NULL)
		return c->cb(c->arg, &r->row);
	c->total++;
	c->unread += r->row.unread != 0;
	return 0;
}

static int
query_scan(struct store *s, struct query_ctx *c, int64_t feed_id)
{
	struct filter_needs nd;
	struct store_scan sc;

	if (c->now == 0)
		c->now = (int64_t)time(NULL);
	filter_needs(c->f, &nd);
	memset(&sc, 0, sizeof(sc));
	sc.content = nd.content;
	sc.enclosure = nd.enclosure;
	sc.unread = nd.unread;
	sc.feed_id = feed_id;
	sc.min_date = INT64_MIN;
	/* age <= max_age needs now - date < (max_age + 1) days. */
	if (nd.max_age >= 0 && c->now > INT64_MIN / 2)
		sc.min_date = c->now - (nd.max_age + 1) * 86400 + 1;
	return store_item_scan(s, &sc, query_row, c);
}

int
query_run(struct store *s, const struct filter *f, int64_t now,
    int64_t feed_id, query_feed_cb feed, void *farg, store_item_cb cb,
    void *arg)
{
	struct query_ctx c;

	memset(&c, 0, sizeof(c));
	c.f = f;
	c.now = now;
	c.feed = feed;
	c.farg = farg;
	c.cb = cb;
	c.arg = arg;
	return query_scan(s, &c, feed_id);
}

int
query_count(struct store *s, const struct filter *f, int64_t now,
    query_feed_cb feed, void *farg, int64_t *unread, int64_t *total)
{
	struct query_ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.f = f;
	c.now = now;
	c.feed = feed;
	c.farg = farg;
	rc = query_scan(s, &c, 0);
	*unread = c.unread;
	*total = c.total;
	return rc;
}

int
query_ignored(const struct conf *cf, const char *url,
    const char *const *tags, size_t ntags, const struct feed *f,
    const struct feed_item *fi)
{
	struct filter_item it;
	size_t i;

	if (cf == NULL || cf->nignores == 0)
		return 0;
	memset(&it, 0, sizeof(it));
	it.title = fi->title;
	it.link = fi->link;
	it.author = fi->author;
	it.content = fi->content != NULL && *fi->content != '\0' ?
	    fi->content : fi->summary;
	it.guid = fi->guid;
	it.flags = "";
	if (fi->n_enclosures > 0) {
		it.enclosure_url = fi->enclosures[0].url;
		it.enclosure_type = fi->enclosures[0].type;
	}
	it.unread = 1;
	it.now = (int64_t)time(NULL);
	it.date = fi->published != DATE_NONE ? fi->published :
	    fi->updated != DATE_NONE ? fi->updated : it.now;
	it.feed_title = f->title;
	it.feed_description = f->description;
	it.feed_link = f->link;
	it.feed_url = url;
	it.feed_date = f->updated != DATE_NONE ? f->updated : 0;
	it.tags = tags;
	it.ntags = ntags;
	for (i = 0; i < cf->nignores; i++) {
		const char *feed = cf->ignores[i].feed;

		if (feed != NULL && (url == NULL || (strcmp(feed, url) != 0 &&
		    fnmatch(feed, url, 0) != 0)))
			continue;
		if (filter_match(cf->ignores[i].filter, &it))
			return 1;
	}
	return 0;
}
