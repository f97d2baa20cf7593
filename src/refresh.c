/*
 * refresh.c: fetch feeds on a struct net and store what they hold.
 *
 * Each job streams its body into a feed parser as it arrives; the parsed
 * items wait in memory (bounded by the body limit) until the body is known
 * to be whole, and then go into the store in one transaction with the
 * feed's validators. A truncated or unparseable body therefore changes
 * nothing but the feed's error. Must never touch the terminal.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed.h"
#include "net.h"
#include "refresh.h"
#include "store.h"
#include "str.h"
#include "util.h"

struct refresh {
	struct store		*store;
	struct net		*net;
	refresh_cb		 cb;
	void			*arg;
	size_t			 pending;
	struct refresh_totals	 totals;
	refresh_ignore_cb	 ignore;	/* the killfile, or NULL */
	void			*ignore_arg;
};

struct job {
	struct refresh		*r;
	int64_t			 feed_id;
	char			*url;
	struct feed_parser	*parser;
	int			 parse_failed;
};

struct refresh *
refresh_new(struct store *store, struct net *net, refresh_cb cb, void *arg)
{
	struct refresh *r = xcalloc(1, sizeof *r);

	r->store = store;
	r->net = net;
	r->cb = cb;
	r->arg = arg;
	return r;
}

void
refresh_set_ignore(struct refresh *r, refresh_ignore_cb cb, void *arg)
{
	r->ignore = cb;
	r->ignore_arg = arg;
}

void
refresh_free(struct refresh *r)
{
	free(r);
}

size_t
refresh_pending(const struct refresh *r)
{
	return r->pending;
}

void
refresh_get_totals(const struct refresh *r, struct refresh_totals *t)
{
	*t = r->totals;
}

static void
report(struct refresh *r, struct refresh_result *res)
{
	struct refresh_totals *t = &r->totals;

	t->done++;
	switch (res->outcome) {
	case REFRESH_OK:
		t->fetched++;
		t->new_items += res->new_items;
		break;
	case REFRESH_UNCHANGED:
		t->unchanged++;
		break;
	case REFRESH_SKIPPED:
		t->skipped++;
		break;
	case REFRESH_FAILED:
		t->failed++;
		break;
	}
	if (r->cb != NULL)
		r->cb(r->arg, res);
}

static int
job_head(void *arg, const struct net_result *nr)
{
	struct job *j = arg;
	const char *base = nr->effective_url ? nr->effective_url : j->url;

	if (j->parser == NULL)
		j->parser = feed_parser_new(base, nr->charset, NULL, NULL);
	return 0;
}

static int
job_data(void *arg, const char *bytes, size_t len)
{
	struct job *j = arg;

	if (j->parser == NULL)
		j->parser = feed_parser_new(j->url, NULL, NULL, NULL);
	/* A parser that gave up stops the download too. */
	if (feed_parser_push(j->parser, bytes, len) == -1) {
		j->parse_failed = 1;
		return -1;
	}
	return 0;
}

/* Stores a whole, parsed feed in one transaction. */
static int
store_feed(struct refresh *r, struct job *j, const struct net_result *nr,
    const struct feed *f, struct refresh_result *res)
{
	struct store *s = r->store;
	size_t i;
	int put;

	if (store_begin(s) == -1)
		return -1;
	if (store_feed_set_meta(s, j->feed_id, f) == -1)
		goto fail;
	for (i = 0; i < f->n_items; i++) {
		/* An ignored article is never stored (ignore-article). */
		if (r->ignore != NULL && r->ignore(r->ignore_arg, j->url, f,
		    f->items[i]))
			continue;
		if ((put = store_item_put(s, j->feed_id, f->items[i])) == -1)
			goto fail;
		if (put == STORE_ITEM_NEW)
			res->new_items++;
		else if (put == STORE_ITEM_CHANGED)
			res->changed_items++;
	}
	if (store_feed_set_fetch(s, j->feed_id, (int)nr->status, NULL,
	    nr->etag, nr->last_modified, 0,
	    nr->permanent_redirect ? nr->redirect_url : NULL) == -1)
		goto fail;
	return store_commit(s);
fail:
	store_rollback(s);
	return -1;
}

static void
job_done(void *arg, const struct net_result *nr)
{
	struct job *j = arg;
	struct refresh *r = j->r;
	struct refresh_result res;
	char perr[256] = "", *msg = NULL;
	const char *error = NULL;

	memset(&res, 0, sizeof res);
	res.feed_id = j->feed_id;
	res.url = j->url;
	res.status = (int)nr->status;
	if (nr->permanent_redirect)
		res.redirect = nr->redirect_url;
	res.retry_after = nr->retry_after;

	if (nr->code == NET_OK) {
		if (j->parser == NULL)
			j->parser = feed_parser_new(j->url, NULL, NULL, NULL);
		if (feed_parser_finish(j->parser, perr, sizeof perr) == -1) {
			msg = xasprintf("not a readable feed: %s", perr);
			error = msg;
		} else if (store_feed(r, j, nr, feed_parser_feed(j->parser),
		    &res) == -1)
			error = store_error(r->store);
		else
			res.outcome = REFRESH_OK;
	} else if (nr->code == NET_NOT_MODIFIED) {
		if (store_feed_set_fetch(r->store, j->feed_id, 304, NULL,
		    nr->etag, nr->last_modified, 0, nr->permanent_redirect ?
		    nr->redirect_url : NULL) == -1)
			error = store_error(r->store);
		else
			res.outcome = REFRESH_UNCHANGED;
	} else if (nr->code == NET_ERR_ABORTED && j->parse_failed) {
		feed_parser_finish(j->parser, perr, sizeof perr);
		msg = xasprintf("not a readable feed: %s", perr[0] ? perr :
		    "the parser gave up");
		error = msg;
	} else
		error = nr->error ? nr->error : "fetch failed";

	if (error != NULL) {
		res.outcome = REFRESH_FAILED;
		res.error = error;
		/* The validators stay: the next fetch must not be a 304. */
		store_feed_set_fetch(r->store, j->feed_id, (int)nr->status,
		    error, NULL, NULL, nr->retry_after, NULL);
	}
	r->pending--;
	report(r, &res);
	free(msg);
	feed_parser_free(j->parser);
	free(j->url);
	free(j);
}

int
refresh_add(struct refresh *r, int64_t feed_id, const char *url, int flags)
{
	struct store_feed sf;
	struct net_request req;
	struct job *j;
	int found;

	memset(&sf, 0, sizeof sf);
	if ((found = store_feed_get(r->store, feed_id, &sf)) == -1)
		return -1;
	r->totals.feeds++;
	if (found == 0 && !(flags & REFRESH_FORCE) &&
	    sf.retry_after > (int64_t)time(NULL)) {
		struct refresh_result res;
		char when[64];
		time_t t = (time_t)sf.retry_after;
		struct tm tm;
		char *msg;

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		msg = xasprintf("server asked to wait until %s", when);
		memset(&res, 0, sizeof res);
		res.feed_id = feed_id;
		res.url = url;
		res.outcome = REFRESH_SKIPPED;
		res.error = msg;
		res.retry_after = sf.retry_after;
		report(r, &res);
		free(msg);
		store_feed_clear(&sf);
		return 0;
	}
	j = xcalloc(1, sizeof *j);
	j->r = r;
	j->feed_id = feed_id;
	j->url = xstrdup(url);
	memset(&req, 0, sizeof req);
	req.url = url;
	if (found == 0 && !(flags & REFRESH_FORCE)) {
		req.etag = sf.etag;
		req.last_modified = sf.last_modified;
	}
	if (flags & REFRESH_ALLOW_FILE)
		req.flags |= NET_ALLOW_FILE;
	if (flags & REFRESH_INSECURE)
		req.flags |= NET_INSECURE;
	req.arg = j;
	req.on_head = job_head;
	req.on_data = job_data;
	req.on_done = job_done;
	r->pending++;
	net_add(r->net, &req);
	store_feed_clear(&sf);
	return 0;
}
