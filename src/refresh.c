/*
 * refresh.c: fetch feeds on a struct net and store what they hold.
 *
 * A job's body goes from the caller's thread, chunk by chunk, to a parser
 * thread; the feed it parsed comes back to the caller's thread, which runs
 * the killfile over it, and goes on to a store thread, which writes it
 * through a connection of its own; the written job comes back to the
 * caller's thread for the report. Fetching, parsing and storing overlap,
 * each on its own thread. The parsed items wait in memory (bounded) until
 * the body is known to be whole, and then go into the store in one
 * transaction with the feed's validators. A truncated or unparseable body
 * therefore changes nothing but the feed's error. Must never touch the
 * terminal.
 *
 * Threads: the parser thread only ever touches the parsers (pure code:
 * bytes in, a struct feed out) and the lists. The store thread only ever
 * touches its own store connection (the caller's lock on the cache covers
 * it: store_open_sibling()), the jobs handed to it and the lists. The net,
 * the callbacks, the caller's store and everything the caller sees stay on
 * the caller's thread: the killfile too, since it reads what the caller
 * may change (the urls). The threads start with a batch's first job and
 * end when the batch's last job is reported, so no thread outlives a
 * batch. What waits between them is bounded: body bytes for the parser
 * (REFRESH_MAX_QUEUED; past it the caller's thread waits) and parsed
 * feeds for the store (REFRESH_MAX_PARSED; past it the parser waits).
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
#define REFRESH_MAX_QUEUED	(2u << 20)

/*
 * Bodies of the parsed feeds waiting for the store thread, at most: past
 * it the parser thread waits. Parsed feeds wait in memory, and a refresh
 * must stay lighter than newsboat's.
 */
#define REFRESH_MAX_PARSED	(4u << 20)

/*
 * The store thread writes feeds together, in one transaction, once this
 * many are waiting or the oldest has waited this long (or the batch's
 * transfers are over). Each commit rewrites every index page its articles
 * touched, and the date indexes interleave all feeds: storing 200 feeds in
 * a few commits instead of one or two feeds a commit writes a fifth of the
 * pages.
 */
#define REFRESH_GROUP_FEEDS	32
#define REFRESH_GROUP_MS	250
/* ... or when their bodies came to this many bytes. */
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
	struct job		*next;		/* in one of r's job lists */
	int64_t			 feed_id;
	char			*url;
	struct feed_parser	*parser;
	int			 handed;	/* the threads have it */
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
	unsigned char		*ignored;	/* the killfile's, per item */
	/* The store thread's result, kept for the report. */
	struct refresh_result	 res;
	char			*msg;		/* res.error, when made here */
};

/* A list of jobs, oldest first. */
struct jobs {
	struct job		*head, *tail;
	size_t			 n;
	size_t			 bytes;		/* their bodies' bytes */
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
	int			 draining;	/* inside drain(): no reentry */
	int			 running;	/* the threads exist */
	/* The store thread's connection, opened with its first batch. */
	struct store		*wstore;
	char			 wstore_err[256];
	/* Shared with the threads, under mu. */
	pthread_mutex_t		 mu;
	pthread_cond_t		 work;		/* the parser thread waits */
	pthread_cond_t		 room;		/* ... for parsed to shrink */
	pthread_cond_t		 swork;		/* the store thread waits */
	pthread_cond_t		 wake;		/* the caller's thread waits */
	pthread_t		 parser_thread;
	pthread_t		 store_thread;
	int			 stop;		/* the parser ends, queue empty */
	int			 sstop;		/* the store thread ends */
	int			 flush;		/* store now: transfers over */
	int			 waiting;	/* the caller's thread waits */
	struct msg		*head, *tail;	/* the queue, oldest first */
	size_t			 queued;	/* bytes in the queue */
	struct jobs		 parsed;	/* for the caller to vet */
	struct jobs		 ready;		/* for the store thread */
	struct jobs		 stored;	/* for the caller to report */
	int64_t			 ready_since;	/* ready's oldest, ms */
	size_t			 handed;	/* jobs given, not yet stored */
};

static void	drain(struct refresh *, int all);

static void	refresh_tick_cb(void *);

struct refresh *
refresh_new(struct store *store, struct net *net, refresh_cb cb, void *arg)
{
	struct refresh *r = xcalloc(1, sizeof *r);
	pthread_condattr_t mono;

	r->store = store;
	r->net = net;
	r->cb = cb;
	r->arg = arg;
	/* The store thread's group deadline is on the monotonic clock. */
	if (pthread_mutex_init(&r->mu, NULL) != 0 ||
	    pthread_condattr_init(&mono) != 0 ||
	    pthread_condattr_setclock(&mono, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&r->swork, &mono) != 0 ||
	    pthread_cond_init(&r->work, NULL) != 0 ||
	    pthread_cond_init(&r->room, NULL) != 0 ||
	    pthread_cond_init(&r->wake, NULL) != 0)
		util_fatal("refresh: cannot set up a lock");
	pthread_condattr_destroy(&mono);
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
	/* Jobs still with the threads end here (only when net outlives us). */
	drain(r, 1);
	store_close(r->wstore);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->room);
	pthread_cond_destroy(&r->swork);
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
	free(j->ignored);
	free(j->msg);
	free(j);
}

/* Appends j to list l. */
static void
jobs_push(struct jobs *l, struct job *j)
{
	j->next = NULL;
	if (l->tail != NULL)
		l->tail->next = j;
	else
		l->head = j;
	l->tail = j;
	l->n++;
	l->bytes += j->body_bytes;
}

/* Empties l, returning its jobs (linked by next). */
static struct job *
jobs_take(struct jobs *l)
{
	struct job *head = l->head;

	memset(l, 0, sizeof *l);
	return head;
}

/*
 * From a thread: wakes the caller's thread, which may wait in drain() or
 * wait_for_room(), or sleep in net_poll(). Called with r->mu held.
 */
static void
tell_caller(struct refresh *r)
{
	if (r->waiting)
		pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->mu);
	net_wakeup(r->net);
	pthread_mutex_lock(&r->mu);
}

/* ---- the parser thread ------------------------------------------------- */

/*
 * Ends j's document and fingerprints its items for the store, so the
 * store thread has only the writes left to do.
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
		/* Parsed feeds wait in memory: not too many of them. */
		while (r->parsed.bytes + r->ready.bytes >= REFRESH_MAX_PARSED)
			pthread_cond_wait(&r->room, &r->mu);
		jobs_push(&r->parsed, j);
		tell_caller(r);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* ---- the store thread -------------------------------------------------- */

/* Writes a whole, parsed feed: its fields, items and validators. */
static int
store_feed_body(struct store *s, struct job *j, const struct feed *f,
    struct refresh_result *res)
{
	size_t i;
	int put;

	if (store_feed_set_meta(s, j->feed_id, f) == -1)
		return -1;
	for (i = 0; i < f->n_items; i++) {
		/* An ignored article is never stored (ignore-article). */
		if (j->ignored != NULL && j->ignored[i])
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
job_write(struct store *s, struct job *j)
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
		if (store_feed_body(s, j, feed_parser_feed(j->parser), res)
		    == -1)
			return -1;
		res->outcome = REFRESH_OK;
		/* A document cut short: its whole items stay, and it fails. */
		error = feed_parser_warning(j->parser);
	} else if (j->code == NET_NOT_MODIFIED) {
		if (store_feed_set_fetch(s, j->feed_id, 304, NULL, j->etag,
		    j->last_modified, 0, j->redirect_url) == -1)
			return -1;
		res->outcome = REFRESH_UNCHANGED;
	} else
		error = j->error ? j->error : "fetch failed";
	if (error != NULL) {
		res->outcome = REFRESH_FAILED;
		res->error = error;
		/* The validators go: the next fetch must not be a 304. */
		if (store_feed_set_fetch(s, j->feed_id, (int)j->status, error,
		    NULL, NULL, j->retry_after, NULL) == -1)
			return -1;
	}
	return 0;
}

/* Stores one job in a transaction of its own. */
static void
job_write_alone(struct refresh *r, struct job *j)
{
	struct store *s = r->wstore;

	if (s != NULL && store_begin(s) == 0) {
		if (job_write(s, j) == 0 && store_commit(s) == 0)
			return;
		store_rollback(s);
	}
	/* The store failed: say so, where the feed's error is kept. */
	job_result_init(j);
	free(j->msg);
	j->msg = xstrdup(s != NULL ? store_error(s) : r->wstore_err);
	j->res.outcome = REFRESH_FAILED;
	j->res.error = j->msg;
	if (s != NULL)
		store_feed_set_fetch(s, j->feed_id, (int)j->status, j->msg,
		    NULL, NULL, j->retry_after, NULL);
}

/*
 * Stores the jobs of list (linked by next). Feeds that finished together
 * share one transaction: each is whole in it, and a crash loses them all
 * or none, as it would lose one. The store writes the pages many feeds
 * touch (the indexes) once instead of once per feed.
 */
static void
write_batch(struct refresh *r, struct job *list)
{
	struct store *s = r->wstore;
	struct job *j;

	if (s != NULL && list->next != NULL && store_begin(s) == 0) {
		for (j = list; j != NULL; j = j->next)
			if (job_write(s, j) == -1)
				break;
		if (j == NULL && store_commit(s) == 0)
			return;
		store_rollback(s);
	}
	/* One feed, or a batch that failed: a transaction each. */
	for (j = list; j != NULL; j = j->next)
		job_write_alone(r, j);
}

static void *
store_main(void *arg)
{
	struct refresh *r = arg;
	struct timespec due;
	struct job *list, *j, *next;
	int64_t wait;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		if (r->ready.head == NULL) {
			if (r->sstop)
				break;
			pthread_cond_wait(&r->swork, &r->mu);
			continue;
		}
		/* A group, unless the feeds come slowly. */
		if (!r->flush && !r->sstop &&
		    r->ready.n < REFRESH_GROUP_FEEDS &&
		    r->ready.bytes < REFRESH_GROUP_BYTES &&
		    (wait = r->ready_since + REFRESH_GROUP_MS -
		    util_now_ms()) > 0) {
			util_deadline(&due, wait);
			pthread_cond_timedwait(&r->swork, &r->mu, &due);
			continue;
		}
		list = jobs_take(&r->ready);
		pthread_cond_signal(&r->room);
		pthread_mutex_unlock(&r->mu);

		write_batch(r, list);

		pthread_mutex_lock(&r->mu);
		for (j = list; j != NULL; j = next) {
			next = j->next;
			jobs_push(&r->stored, j);
			r->handed--;
		}
		tell_caller(r);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* ---- the caller's thread ----------------------------------------------- */

/*
 * Starts the threads, with every signal left to the caller's, and the
 * store thread's connection with the first batch.
 */
static void
threads_start(struct refresh *r)
{
	sigset_t all, old;

	if (r->running)
		return;
	/* libxml2 sets up its globals once, before any thread uses it. */
	feed_init();
	if (r->wstore == NULL)
		r->wstore = store_open_sibling(r->store, r->wstore_err,
		    sizeof r->wstore_err);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r->stop = r->sstop = r->flush = 0;
	if (pthread_create(&r->parser_thread, NULL, parser_main, r) != 0 ||
	    pthread_create(&r->store_thread, NULL, store_main, r) != 0)
		util_fatal("refresh: cannot start a thread");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	r->running = 1;
	net_set_tick(r->net, refresh_tick_cb, r);
}

/* Ends the threads: the parser's once its queue is empty, then the
 * store's once it stored everything. */
static void
threads_stop(struct refresh *r)
{
	if (!r->running)
		return;
	pthread_mutex_lock(&r->mu);
	r->stop = 1;
	pthread_cond_signal(&r->work);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->parser_thread, NULL);
	pthread_mutex_lock(&r->mu);
	r->sstop = 1;
	pthread_cond_signal(&r->swork);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->store_thread, NULL);
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

/* The killfile's verdict on each of a parsed job's items. */
static void
job_vet(struct refresh *r, struct job *j)
{
	const struct feed *f;
	size_t i;

	if (r->ignore == NULL || j->code != NET_OK || j->push_failed ||
	    j->finish_rc == -1 || j->parser == NULL)
		return;
	f = feed_parser_feed(j->parser);
	if (f->n_items == 0)
		return;
	j->ignored = xcalloc(f->n_items, 1);
	for (i = 0; i < f->n_items; i++)
		j->ignored[i] = r->ignore(r->ignore_arg, j->url, f,
		    f->items[i]) != 0;
}

/* Gives j to the store thread; called with r->mu held. */
static void
make_ready(struct refresh *r, struct job *j)
{
	if (r->ready.head == NULL)
		r->ready_since = util_now_ms();
	jobs_push(&r->ready, j);
	pthread_cond_signal(&r->swork);
}

/*
 * Runs the killfile over the feeds parsed so far and passes them on to
 * the store thread; called with r->mu held, which it lets go meanwhile.
 */
static void
vet_parsed(struct refresh *r)
{
	struct job *list, *j, *next;

	if (r->parsed.head == NULL)
		return;
	list = jobs_take(&r->parsed);
	if (r->ignore != NULL) {
		pthread_mutex_unlock(&r->mu);
		for (j = list; j != NULL; j = j->next)
			job_vet(r, j);
		pthread_mutex_lock(&r->mu);
	}
	for (j = list; j != NULL; j = next) {
		next = j->next;
		make_ready(r, j);
	}
}

/* Reports the stored jobs of list (linked by next) and frees them. */
static void
report_list(struct refresh *r, struct job *list)
{
	struct job *j, *next;

	for (j = list; j != NULL; j = next) {
		next = j->next;
		r->pending--;
		report(r, &j->res);
		job_free(j);
	}
}

/*
 * Passes parsed feeds on and reports stored ones. With all, the batch's
 * transfers are over: also waits for every job the threads still have,
 * and then ends them.
 */
static void
drain(struct refresh *r, int all)
{
	struct job *list;

	if (!r->running || r->draining)
		return;
	r->draining = 1;
	pthread_mutex_lock(&r->mu);
	if (all) {
		r->flush = 1;
		pthread_cond_signal(&r->swork);
	}
	for (;;) {
		/* Whatever lets the lock go starts the checks again. */
		if (r->parsed.head != NULL) {
			vet_parsed(r);
			continue;
		}
		if (r->stored.head != NULL) {
			list = jobs_take(&r->stored);
			pthread_mutex_unlock(&r->mu);
			report_list(r, list);
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
	/* With all, nothing is left with the threads (handed is 0). */
	if (all)
		threads_stop(r);
	r->draining = 0;
}

static void
refresh_tick_cb(void *arg)
{
	drain(arg, 0);
}

/*
 * Waits until len bytes fit the parser's queue, passing parsed feeds on
 * meanwhile (the parser may be waiting for them to go).
 */
static void
wait_for_room(struct refresh *r, size_t len)
{
	pthread_mutex_lock(&r->mu);
	while (r->queued > 0 && r->queued + len > REFRESH_MAX_QUEUED) {
		if (r->parsed.head != NULL) {
			vet_parsed(r);
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

/* Says the threads have j, starting them if need be. */
static void
job_hand(struct refresh *r, struct job *j)
{
	if (j->handed)
		return;
	threads_start(r);
	j->handed = 1;
	r->handed++;
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
		pthread_mutex_lock(&r->mu);
		job_hand(r, j);
		pthread_mutex_unlock(&r->mu);
	}
	wait_for_room(r, len);
	pthread_mutex_lock(&r->mu);
	/* A parser that gave up stops the download too. */
	if (!(failed = j->push_failed))
		enqueue(r, j, MSG_DATA, bytes, len);
	pthread_mutex_unlock(&r->mu);
	return failed ? -1 : 0;
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

static void
job_done(void *arg, const struct net_result *nr)
{
	struct job *j = arg;
	struct refresh *r = j->r;
	int parse;

	r->in_net--;
	job_keep_result(j, nr);
	if (!j->handed) {
		/* No body went to the parser: straight to the store. */
		if (j->code == NET_OK) {
			if (j->parser == NULL)
				j->parser = feed_parser_new(j->url, NULL, NULL,
				    NULL);
			j->finish_rc = feed_parser_finish(j->parser, j->perr,
			    sizeof j->perr);
		}
		job_vet(r, j);
		pthread_mutex_lock(&r->mu);
		job_hand(r, j);
		make_ready(r, j);
		pthread_mutex_unlock(&r->mu);
	} else {
		pthread_mutex_lock(&r->mu);
		parse = j->code == NET_OK || (j->code == NET_ERR_ABORTED &&
		    j->push_failed);
		if (!parse)
			j->skip = 1;	/* its bytes no longer matter */
		enqueue(r, j, parse ? MSG_FINISH : MSG_DROP, NULL, 0);
		pthread_mutex_unlock(&r->mu);
	}
	/* The batch's last transfer: store everything, end the threads. */
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
