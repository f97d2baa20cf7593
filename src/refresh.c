/*
 * refresh.c: fetch feeds on a struct net and store what they hold.
 *
 * Each job's body goes, chunk by chunk, to a parser thread while the
 * caller's thread keeps the transfers going and stores the feeds the
 * parser finished: parsing and storing overlap. The parsed items wait in
 * memory (bounded by the body limit) until the body is known to be whole,
 * and then go into the store in one transaction with the feed's
 * validators. A truncated or unparseable body therefore changes nothing
 * but the feed's error. Must never touch the terminal.
 *
 * Threads: the parser thread only ever touches the parsers (pure code:
 * bytes in, a struct feed out) and the queue. The store, the net, the
 * callback and everything the caller sees stay on the caller's thread. The
 * thread starts with a batch's first body and ends when the batch's last
 * job is stored, so no thread outlives a batch. The queue of bytes waiting
 * for the parser is bounded (REFRESH_MAX_QUEUED): past it the caller's
 * thread stores finished feeds, or waits.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
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

/* Body bytes queued for the parser thread at most (one chunk may exceed). */
#define REFRESH_MAX_QUEUED	(4u << 20)

/*
 * Parsed feeds are stored together, in one transaction, once this many
 * are waiting or the oldest has waited this long (or the batch is over),
 * Each commit rewrites every index page its articles touched, and the
 * date indexes interleave all feeds: storing 200 feeds in a few commits
 * instead of one or two feeds a commit writes a fifth of the pages.
 */
#define REFRESH_GROUP_FEEDS	32
#define REFRESH_GROUP_MS	250
/* ... or when their bodies came to this many bytes: parsed feeds wait in
 * memory, and a refresh must stay lighter than newsboat's. */
#define REFRESH_GROUP_BYTES	(1u << 20)

/* What the parser thread is asked to do with a job. */
enum msg_kind {
	MSG_DATA,	/* parse these bytes */
	MSG_FINISH,	/* the body is whole: end the document */
	MSG_DROP,	/* the job ended otherwise: parse nothing more */
};

struct msg {
	struct msg	*next;
	struct job	*job;
	enum msg_kind	 kind;
	size_t		 len;
	char		 data[];	/* MSG_DATA's bytes */
};

struct job {
	struct refresh		*r;
	struct job		*next;		/* in r->done */
	int64_t			 feed_id;
	char			*url;
	struct feed_parser	*parser;
	int			 handed;	/* the parser thread has it */
	size_t			 body_bytes;	/* handed to the parser so far */
	int			 push_failed;	/* set by the parser thread */
	int			 skip;		/* parse none of its bytes left */
	/* What net said at the end (copied: net's strings go away). */
	enum net_code		 code;
	long			 status;
	char			*etag;
	char			*last_modified;
	char			*redirect_url;	/* permanent redirect, or NULL */
	char			*error;
	int64_t			 retry_after;
	/* The parser thread's verdict on MSG_FINISH. */
	int			 finish_rc;
	char			 perr[256];
	int64_t			*hashes;	/* store_item_hash() of each item */
	/* A batch's result, kept for the report after its commit. */
	struct refresh_result	 res;
	char			*msg;		/* res.error, when made here */
};

struct refresh {
	struct store		*store;
	struct net		*net;
	refresh_cb		 cb;
	void			*arg;
	size_t			 pending;
	struct refresh_totals	 totals;
	size_t			 in_net;	/* jobs net has not ended */
	refresh_ignore_cb	 ignore;	/* the killfile, or NULL */
	void			*ignore_arg;
	/* Shared with the parser thread, under mu. */
	pthread_mutex_t		 mu;
	pthread_cond_t		 work;		/* the parser thread waits */
	pthread_cond_t		 wake;		/* the caller's thread waits */
	pthread_t		 thread;
	int			 running;	/* the thread exists */
	int			 stop;		/* it ends once the queue is empty */
	int			 waiting;	/* the caller's thread waits */
	struct msg		*head, *tail;	/* the queue, oldest first */
	size_t			 queued;	/* bytes in the queue */
	struct job		*done, *done_tail;	/* parsed, to store */
	size_t			 n_done;	/* jobs in done */
	size_t			 done_bytes;	/* their bodies' bytes */
	int64_t			 done_since;	/* when done was last empty, ms */
	size_t			 handed;	/* jobs given, not yet stored */
	int			 draining;	/* inside drain(): no reentry */
};

static void	drain(struct refresh *, int all);

static void	refresh_tick_cb(void *);

struct refresh *
refresh_new(struct store *store, struct net *net, refresh_cb cb, void *arg)
{
	struct refresh *r = xcalloc(1, sizeof *r);

	r->store = store;
	r->net = net;
	r->cb = cb;
	r->arg = arg;
	if (pthread_mutex_init(&r->mu, NULL) != 0 ||
	    pthread_cond_init(&r->work, NULL) != 0 ||
	    pthread_cond_init(&r->wake, NULL) != 0)
		util_fatal("refresh: cannot set up a lock");
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
	if (r == NULL)
		return;
	/* Jobs still with the parser end here (only when net outlives us). */
	drain(r, 1);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->wake);
	pthread_mutex_destroy(&r->mu);
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

static void
job_free(struct job *j)
{
	feed_parser_free(j->parser);
	free(j->url);
	free(j->etag);
	free(j->last_modified);
	free(j->redirect_url);
	free(j->error);
	free(j->hashes);
	free(j->msg);
	free(j);
}

/* ---- the parser thread ------------------------------------------------- */

/*
 * Ends j's document and fingerprints its items for the store, so the
 * caller's thread has only the writes left to do.
 */
static void
job_finish(struct job *j, int failed)
{
	const struct feed *f;
	size_t i;

	j->finish_rc = feed_parser_finish(j->parser, j->perr, sizeof j->perr);
	if (failed || j->finish_rc == -1)
		return;
	f = feed_parser_feed(j->parser);
	j->hashes = xreallocarray(NULL, f->n_items ? f->n_items : 1,
	    sizeof *j->hashes);
	for (i = 0; i < f->n_items; i++)
		j->hashes[i] = store_item_hash(f->items[i]);
}

static void *
parser_main(void *arg)
{
	struct refresh *r = arg;
	enum msg_kind kind;
	struct msg *m;
	struct job *j;
	int failed;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		while (r->head == NULL && !r->stop)
			pthread_cond_wait(&r->work, &r->mu);
		if ((m = r->head) == NULL)
			break;		/* stopping, and nothing is left */
		if ((r->head = m->next) == NULL)
			r->tail = NULL;
		r->queued -= m->len;
		j = m->job;
		kind = m->kind;
		failed = j->push_failed || j->skip;
		if (r->waiting)
			pthread_cond_signal(&r->wake);
		pthread_mutex_unlock(&r->mu);

		if (kind == MSG_DATA && !failed &&
		    feed_parser_push(j->parser, m->data, m->len) == -1)
			failed = 1;
		/* A parser that gave up still says why. */
		if (kind == MSG_FINISH)
			job_finish(j, failed);
		free(m);

		pthread_mutex_lock(&r->mu);
		if (kind == MSG_DATA && failed && !j->skip)
			j->push_failed = 1;
		if (kind == MSG_DATA)
			continue;
		j->next = NULL;
		if (r->done_tail != NULL)
			r->done_tail->next = j;
		else {
			r->done = j;
			r->done_since = util_now_ms();
		}
		r->done_tail = j;
		r->n_done++;
		r->done_bytes += j->body_bytes;
		if (r->waiting)
			pthread_cond_signal(&r->wake);
		/* The caller's loop may be asleep in net_poll(). */
		pthread_mutex_unlock(&r->mu);
		net_wakeup(r->net);
		pthread_mutex_lock(&r->mu);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* Starts the parser thread, with every signal left to the caller's. */
static void
parser_start(struct refresh *r)
{
	sigset_t all, old;

	if (r->running)
		return;
	/* libxml2 sets up its globals once, before any thread uses it. */
	feed_init();
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r->stop = 0;
	if (pthread_create(&r->thread, NULL, parser_main, r) != 0)
		util_fatal("refresh: cannot start the parser thread");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	r->running = 1;
	net_set_tick(r->net, refresh_tick_cb, r);
}

/* Ends the parser thread once its queue is empty. */
static void
parser_stop(struct refresh *r)
{
	if (!r->running)
		return;
	pthread_mutex_lock(&r->mu);
	r->stop = 1;
	pthread_cond_signal(&r->work);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->thread, NULL);
	r->running = 0;
	net_set_tick(r->net, NULL, NULL);
}

/* Queues a message for j (a copy of len bytes); called with r->mu held. */
static void
enqueue(struct refresh *r, struct job *j, enum msg_kind kind,
    const char *data, size_t len)
{
	struct msg *m = xmalloc(sizeof *m + len);

	m->next = NULL;
	m->job = j;
	m->kind = kind;
	m->len = len;
	if (len > 0)
		memcpy(m->data, data, len);
	if (r->tail != NULL)
		r->tail->next = m;
	else
		r->head = m;
	r->tail = m;
	r->queued += len;
	j->body_bytes += len;
	pthread_cond_signal(&r->work);
}

/* ---- the caller's thread ----------------------------------------------- */

/* Writes a whole, parsed feed: its fields, items and validators. */
static int
store_feed_body(struct refresh *r, struct job *j, const struct feed *f,
    struct refresh_result *res)
{
	struct store *s = r->store;
	size_t i;
	int put;

	if (store_feed_set_meta(s, j->feed_id, f) == -1)
		return -1;
	for (i = 0; i < f->n_items; i++) {
		/* An ignored article is never stored (ignore-article). */
		if (r->ignore != NULL && r->ignore(r->ignore_arg, j->url, f,
		    f->items[i]))
			continue;
		put = j->hashes != NULL ?
		    store_item_put_hashed(s, j->feed_id, f->items[i],
		    j->hashes[i]) : store_item_put(s, j->feed_id, f->items[i]);
		if (put == -1)
			return -1;
		if (put == STORE_ITEM_NEW)
			res->new_items++;
		else if (put == STORE_ITEM_CHANGED)
			res->changed_items++;
	}
	return store_feed_set_fetch(s, j->feed_id, (int)j->status, NULL,
	    j->etag, j->last_modified, 0, j->redirect_url);
}

/* Keeps what net said about the end of j (its strings go away). */
static void
job_keep_result(struct job *j, const struct net_result *nr)
{
	j->code = nr->code;
	j->status = nr->status;
	j->etag = nr->etag ? xstrdup(nr->etag) : NULL;
	j->last_modified = nr->last_modified ?
	    xstrdup(nr->last_modified) : NULL;
	if (nr->permanent_redirect && nr->redirect_url != NULL)
		j->redirect_url = xstrdup(nr->redirect_url);
	j->error = nr->error ? xstrdup(nr->error) : NULL;
	j->retry_after = nr->retry_after;
}

/* Starts j's result for the report: what net said, no outcome yet. */
static void
job_result_init(struct job *j)
{
	struct refresh_result *res = &j->res;

	memset(res, 0, sizeof *res);
	res->feed_id = j->feed_id;
	res->url = j->url;
	res->status = (int)j->status;
	res->redirect = j->redirect_url;
	res->retry_after = j->retry_after;
}

/*
 * The writes for one finished job, inside the caller's transaction; the
 * result waits in j->res for the report. -1 on a store error: the caller
 * rolls back.
 */
static int
job_write(struct refresh *r, struct job *j)
{
	struct refresh_result *res = &j->res;
	const char *error = NULL;

	job_result_init(j);
	free(j->msg);
	j->msg = NULL;
	if ((j->code == NET_OK || j->code == NET_ERR_ABORTED) &&
	    j->push_failed)
		error = j->msg = xasprintf("not a readable feed: %s",
		    j->perr[0] ? j->perr : "the parser gave up");
	else if (j->code == NET_OK && j->finish_rc == -1)
		error = j->msg = xasprintf("not a readable feed: %s", j->perr);
	else if (j->code == NET_OK) {
		if (store_feed_body(r, j, feed_parser_feed(j->parser), res)
		    == -1)
			return -1;
		res->outcome = REFRESH_OK;
		/* A document cut short: its whole items stay, and it fails. */
		error = feed_parser_warning(j->parser);
	} else if (j->code == NET_NOT_MODIFIED) {
		if (store_feed_set_fetch(r->store, j->feed_id, 304, NULL,
		    j->etag, j->last_modified, 0, j->redirect_url) == -1)
			return -1;
		res->outcome = REFRESH_UNCHANGED;
	} else
		error = j->error ? j->error : "fetch failed";
	if (error != NULL) {
		res->outcome = REFRESH_FAILED;
		res->error = error;
		/* The validators go: the next fetch must not be a 304. */
		if (store_feed_set_fetch(r->store, j->feed_id, (int)j->status,
		    error, NULL, NULL, j->retry_after, NULL) == -1)
			return -1;
	}
	return 0;
}

/* Stores and reports a job whose body (if any) the parser is done with. */
static void
job_complete(struct refresh *r, struct job *j)
{
	if (store_begin(r->store) == 0) {
		if (job_write(r, j) == 0 && store_commit(r->store) == 0)
			goto report;
		store_rollback(r->store);
	}
	/* The store failed: say so, where the feed's error is kept. */
	job_result_init(j);
	free(j->msg);
	j->msg = xstrdup(store_error(r->store));
	j->res.outcome = REFRESH_FAILED;
	j->res.error = j->msg;
	store_feed_set_fetch(r->store, j->feed_id, (int)j->status, j->msg,
	    NULL, NULL, j->retry_after, NULL);
report:
	r->pending--;
	report(r, &j->res);
	job_free(j);
}

/*
 * Stores the jobs of list (linked by next) and reports them. Feeds that
 * finished together share one transaction: each is whole in it, and a
 * crash loses them all or none, as it would lose one. The store writes the
 * pages many feeds touch (the indexes) once instead of once per feed.
 */
static void
complete_batch(struct refresh *r, struct job *list)
{
	struct job *j, *next;

	if (list->next != NULL && store_begin(r->store) == 0) {
		for (j = list; j != NULL; j = j->next)
			if (job_write(r, j) == -1)
				break;
		if (j == NULL && store_commit(r->store) == 0) {
			for (j = list; j != NULL; j = next) {
				next = j->next;
				r->pending--;
				report(r, &j->res);
				job_free(j);
			}
			return;
		}
		store_rollback(r->store);
	}
	/* One feed, or a batch that failed: a transaction each. */
	for (j = list; j != NULL; j = next) {
		next = j->next;
		job_complete(r, j);
	}
}

/*
 * Stores the feeds the parser finished. With all, also waits for every
 * job it still has and then ends the thread: the batch is over.
 */
static void
drain(struct refresh *r, int all)
{
	struct job *list, *j;
	int64_t wait;

	if (!r->running || r->draining)
		return;
	r->draining = 1;
	pthread_mutex_lock(&r->mu);
	/* Not all: store a group only when it is big or old enough. */
	if (!all && r->done != NULL && r->n_done < REFRESH_GROUP_FEEDS &&
	    r->done_bytes < REFRESH_GROUP_BYTES && (wait = r->done_since + REFRESH_GROUP_MS - util_now_ms()) > 0) {
		net_tick_within(r->net, (int)wait);
		pthread_mutex_unlock(&r->mu);
		r->draining = 0;
		return;
	}
	for (;;) {
		if ((list = r->done) != NULL) {
			r->done = r->done_tail = NULL;
			r->n_done = r->done_bytes = 0;
			pthread_mutex_unlock(&r->mu);
			for (j = list; j != NULL; j = j->next)
				r->handed--;
			complete_batch(r, list);
			pthread_mutex_lock(&r->mu);
			continue;
		}
		if (!all || r->handed == 0)
			break;
		r->waiting = 1;
		pthread_cond_wait(&r->wake, &r->mu);
		r->waiting = 0;
	}
	pthread_mutex_unlock(&r->mu);
	r->draining = 0;
	if (all)
		parser_stop(r);
}

static void
refresh_tick_cb(void *arg)
{
	drain(arg, 0);
}

/* Waits (storing finished feeds meanwhile) until len bytes fit the queue. */
static void
wait_for_room(struct refresh *r, size_t len)
{
	struct job *list, *j;

	pthread_mutex_lock(&r->mu);
	while (r->queued > 0 && r->queued + len > REFRESH_MAX_QUEUED) {
		if ((list = r->done) != NULL && !r->draining) {
			r->done = r->done_tail = NULL;
			r->n_done = r->done_bytes = 0;
			pthread_mutex_unlock(&r->mu);
			r->draining = 1;
			for (j = list; j != NULL; j = j->next)
				r->handed--;
			complete_batch(r, list);
			r->draining = 0;
			pthread_mutex_lock(&r->mu);
			continue;
		}
		r->waiting = 1;
		pthread_cond_wait(&r->wake, &r->mu);
		r->waiting = 0;
	}
	pthread_mutex_unlock(&r->mu);
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
	struct refresh *r = j->r;
	int failed;

	if (j->parser == NULL)
		j->parser = feed_parser_new(j->url, NULL, NULL, NULL);
	if (len == 0)
		return 0;
	if (!j->handed) {
		parser_start(r);
		j->handed = 1;
		r->handed++;
	}
	wait_for_room(r, len);
	pthread_mutex_lock(&r->mu);
	/* A parser that gave up stops the download too. */
	if (!(failed = j->push_failed))
		enqueue(r, j, MSG_DATA, bytes, len);
	pthread_mutex_unlock(&r->mu);
	return failed ? -1 : 0;
}

static void
job_done(void *arg, const struct net_result *nr)
{
	struct job *j = arg;
	struct refresh *r = j->r;
	int parse;

	r->in_net--;
	job_keep_result(j, nr);
	if (!j->handed) {
		/* No body went to the parser: nothing to wait for. */
		if (j->code == NET_OK) {
			if (j->parser == NULL)
				j->parser = feed_parser_new(j->url, NULL, NULL,
				    NULL);
			j->finish_rc = feed_parser_finish(j->parser, j->perr,
			    sizeof j->perr);
		}
		job_complete(r, j);
	} else {
		pthread_mutex_lock(&r->mu);
		parse = j->code == NET_OK || (j->code == NET_ERR_ABORTED &&
		    j->push_failed);
		if (!parse)
			j->skip = 1;	/* its bytes no longer matter */
		enqueue(r, j, parse ? MSG_FINISH : MSG_DROP, NULL, 0);
		pthread_mutex_unlock(&r->mu);
	}
	/* The batch's last transfer: store everything, end the thread. */
	drain(r, r->in_net == 0);
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
	r->in_net++;
	net_add(r->net, &req);
	store_feed_clear(&sf);
	return 0;
}
