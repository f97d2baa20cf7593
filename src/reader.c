/*
 * reader.c: reader mode's fetching: a page through net, readability on
 * the bytes, the article (or why there is none) into the store.
 *
 * Must never fetch anything but http and https, never touch the terminal,
 * and never touch the store after reader_free(): a fetch that ends later
 * only frees itself.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "net.h"
#include "readability.h"
#include "reader.h"
#include "store.h"
#include "str.h"
#include "urls.h"
#include "util.h"

struct reader_job {
	struct reader	*r;
	struct reader_job *next;
	int64_t		 item_id;
	char		*url;
	struct buf	 body;		/* up to READABILITY_MAX_INPUT */
	int		 cut;		/* we stopped reading: enough bytes */
	char		 err[256];	/* a reason found before on_done */
};

struct reader {
	struct store	*store;
	struct net	*net;
	reader_cb	 cb;
	void		*arg;
	struct reader_job *jobs;	/* in flight */
	size_t		 pending;
	int		 freed;		/* reader_free() ran: jobs only end */
};

struct reader *
reader_new(struct store *store, struct net *net, reader_cb cb, void *arg)
{
	struct reader *r = xcalloc(1, sizeof *r);

	r->store = store;
	r->net = net;
	r->cb = cb;
	r->arg = arg;
	return r;
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	if (r->pending == 0) {
		free(r);
		return;
	}
	/* The last job to end frees r (reader_job_end). */
	r->freed = 1;
	r->store = NULL;
	r->cb = NULL;
}

size_t
reader_pending(const struct reader *r)
{
	return r->pending;
}

int
reader_busy(const struct reader *r, int64_t item_id)
{
	const struct reader_job *j;

	for (j = r->jobs; j != NULL; j = j->next)
		if (j->item_id == item_id)
			return 1;
	return 0;
}

/* Unlinks and frees j; frees its reader when that was let go and idle. */
static void
reader_job_end(struct reader_job *j)
{
	struct reader *r = j->r;
	struct reader_job **pp;

	for (pp = &r->jobs; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	}
	r->pending--;
	buf_free(&j->body);
	free(j->url);
	free(j);
	if (r->freed && r->pending == 0)
		free(r);
}

/* Only pages: a PDF or an image has no article to take out. */
static int
reader_on_head(void *arg, const struct net_result *res)
{
	struct reader_job *j = arg;
	const char *t = res->content_type;

	if (t == NULL || strcmp(t, "text/html") == 0 ||
	    strcmp(t, "application/xhtml+xml") == 0 ||
	    strcmp(t, "text/plain") == 0 ||
	    strcmp(t, "application/octet-stream") == 0)
		return 0;
	util_errf(j->err, sizeof j->err, "not a web page (%s)", t);
	return -1;
}

static int
reader_on_data(void *arg, const char *bytes, size_t len)
{
	struct reader_job *j = arg;

	/* readability reads no more than the body's max: stop there. */
	if (buf_append_upto(&j->body, bytes, len) == -1) {
		j->cut = 1;
		return -1;
	}
	return 0;
}

static void
reader_report(struct reader *r, struct reader_result *res)
{
	if (r->cb != NULL)
		r->cb(r->arg, res);
}

/* Takes the article out of the page and stores it; 0, or -1 with err. */
static int
reader_extract(struct reader_job *j, const struct net_result *res,
    struct reader_result *out, char *err, size_t errlen)
{
	struct reader *r = j->r;
	struct readability *a;
	struct store_extract e;
	const char *page = res->effective_url != NULL ? res->effective_url :
	    j->url;

	a = readability_extract(j->body.data != NULL ? j->body.data : "",
	    j->body.len, page, res->charset, err, errlen);
	if (a == NULL)
		return -1;
	memset(&e, 0, sizeof e);
	e.shown = 1;
	e.published = a->published;
	e.url = (char *)page;
	e.title = a->title;
	e.byline = a->byline;
	e.site_name = a->site_name;
	e.content = a->content;
	if (store_extract_put(r->store, j->item_id, &e) == -1) {
		util_errf(err, errlen, "%s", store_error(r->store));
		readability_free(a);
		return -1;
	}
	out->ok = 1;
	out->length = a->length;
	out->title = a->title != NULL ? xstrdup(a->title) : NULL;
	readability_free(a);
	return 0;
}

static void
reader_on_done(void *arg, const struct net_result *res)
{
	struct reader_job *j = arg;
	struct reader *r = j->r;
	struct reader_result out;
	char err[512] = "";
	char *title = NULL;

	if (r->freed) {
		reader_job_end(j);
		return;
	}
	memset(&out, 0, sizeof out);
	out.item_id = j->item_id;
	out.url = j->url;
	if (res->code == NET_ERR_CANCELLED) {
		/* Nothing is stored: the page was never seen. */
		out.error = "cancelled";
		reader_report(r, &out);
		reader_job_end(j);
		return;
	}
	if (res->code == NET_OK || (res->code == NET_ERR_ABORTED && j->cut)) {
		if (reader_extract(j, res, &out, err, sizeof err) == 0)
			title = (char *)out.title;
	} else if (j->err[0] != '\0')
		util_errf(err, sizeof err, "%s", j->err);
	else
		util_errf(err, sizeof err, "%s", res->error != NULL ?
		    res->error : "the page could not be fetched");
	if (!out.ok) {
		char *clean = str_clean(err, strlen(err),
		    STR_FOLD_SPACE | STR_TRIM);

		if (r->store != NULL)
			store_extract_fail(r->store, j->item_id, clean);
		util_errf(err, sizeof err, "%s", clean);
		free(clean);
		out.error = err;
	}
	reader_report(r, &out);
	free(title);
	reader_job_end(j);
}

int
reader_add(struct reader *r, int64_t item_id, const char *url, int flags,
    char *err, size_t errlen)
{
	struct net_request req;
	struct reader_job *j;

	if (url == NULL || *url == '\0') {
		util_errf(err, errlen, "the article has no link");
		return -1;
	}
	if (urls_classify(url) != URLS_URL_HTTP) {
		char *show = urls_show(url, 80);

		util_errf(err, errlen, "the article's link is not a web "
		    "address: %s", show);
		free(show);
		return -1;
	}
	if (reader_busy(r, item_id))
		return 1;
	j = xcalloc(1, sizeof *j);
	j->r = r;
	j->item_id = item_id;
	j->url = xstrdup(url);
	buf_init(&j->body, READABILITY_MAX_INPUT);
	j->next = r->jobs;
	r->jobs = j;
	r->pending++;
	memset(&req, 0, sizeof req);
	req.url = url;
	if (flags & READER_INSECURE)
		req.flags |= NET_INSECURE;
	req.arg = j;
	req.on_head = reader_on_head;
	req.on_data = reader_on_data;
	req.on_done = reader_on_done;
	net_add(r->net, &req);
	return 0;
}

struct reader_todo {
	int64_t	*ids;
	char	**links;
	size_t	 n;
};

static int
reader_todo_cb(void *arg, int64_t item_id, const char *link)
{
	struct reader_todo *t = arg;

	t->ids[t->n] = item_id;
	t->links[t->n] = xstrdup(link);
	t->n++;
	return 0;
}

int
reader_add_feed(struct reader *r, int64_t feed_id, int max)
{
	struct reader_todo t;
	char err[256];
	size_t i;
	int n, added = 0;

	if (max <= 0)
		return 0;
	t.ids = xcalloc((size_t)max, sizeof *t.ids);
	t.links = xcalloc((size_t)max, sizeof *t.links);
	t.n = 0;
	n = store_extract_todo(r->store, feed_id, max, reader_todo_cb, &t);
	for (i = 0; i < t.n; i++) {
		int rc = reader_add(r, t.ids[i], t.links[i], 0, err,
		    sizeof err);

		if (rc == 0)
			added++;
		else if (rc == -1)
			/* Never tried again by a refresh. */
			store_extract_fail(r->store, t.ids[i], err);
		free(t.links[i]);
	}
	free(t.ids);
	free(t.links);
	return n < 0 ? -1 : added;
}
