/*
 * cli.c: non-interactive commands (--dump-feed and friends).
 * Must never start curses; output is plain text or JSON on stdout.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "conf.h"
#include "date.h"
#include "discover.h"
#include "feed.h"
#include "json.h"
#include "nbimport.h"
#include "net.h"
#include "opml.h"
#include "paths.h"
#include "reader.h"
#include "query.h"
#include "refresh.h"
#include "store.h"
#include "str.h"
#include "ui.h"
#include "urls.h"
#include "util.h"

static void
put_key(struct buf *b, const char *key, int *first)
{
	if (!*first)
		buf_putc(b, ',');
	*first = 0;
	json_put_string(b, key);
	buf_putc(b, ':');
}

static void
put_str(struct buf *b, const char *key, const char *val, int *first)
{
	put_key(b, key, first);
	if (val == NULL)
		json_put_null(b);
	else
		json_put_string(b, val);
}

static void
put_date(struct buf *b, const char *key, int64_t t, int *first)
{
	char iso[32];

	put_key(b, key, first);
	if (t == DATE_NONE) {
		json_put_null(b);
		return;
	}
	date_format_iso(t, iso, sizeof iso);
	json_put_string(b, iso);
}

static void
put_list(struct buf *b, const char *key, char **list, size_t n, int *first)
{
	size_t i;

	put_key(b, key, first);
	buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		json_put_string(b, list[i]);
	}
	buf_putc(b, ']');
}

static const char *
content_type_name(enum feed_content_type t)
{
	switch (t) {
	case FEED_CONTENT_HTML:
		return "html";
	case FEED_CONTENT_TEXT:
		return "text";
	default:
		return NULL;
	}
}

static void
item_json(struct buf *b, const struct feed_item *it)
{
	int first = 1;
	size_t i;

	buf_putc(b, '{');
	put_str(b, "title", it->title, &first);
	put_str(b, "link", it->link, &first);
	put_str(b, "guid", it->guid, &first);
	put_date(b, "published", it->published, &first);
	put_date(b, "updated", it->updated, &first);
	put_str(b, "author", it->author, &first);
	put_list(b, "authors", it->authors, it->n_authors, &first);
	put_str(b, "summary", it->summary, &first);
	put_str(b, "summary_type", it->summary ?
	    content_type_name(it->summary_type) : NULL, &first);
	put_str(b, "content", it->content, &first);
	put_str(b, "content_type", it->content ?
	    content_type_name(it->content_type) : NULL, &first);
	put_key(b, "enclosures", &first);
	buf_putc(b, '[');
	for (i = 0; i < it->n_enclosures; i++) {
		const struct feed_enclosure *e = &it->enclosures[i];
		int f2 = 1;

		if (i > 0)
			buf_putc(b, ',');
		buf_putc(b, '{');
		put_str(b, "url", e->url, &f2);
		put_str(b, "type", e->type, &f2);
		put_key(b, "length", &f2);
		if (e->length < 0)
			json_put_null(b);
		else
			json_put_int(b, e->length);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	put_list(b, "categories", it->categories, it->n_categories, &first);
	put_str(b, "comments", it->comments, &first);
	put_str(b, "image", it->image, &first);
	put_str(b, "duration", it->duration, &first);
	buf_putc(b, '}');
}

void
cli_feed_json(struct buf *b, const struct feed *f)
{
	int first = 1;
	size_t i;

	buf_putc(b, '{');
	put_str(b, "format", feed_format_name(f->format), &first);
	put_str(b, "title", f->title, &first);
	put_str(b, "link", f->link, &first);
	put_str(b, "description", f->description, &first);
	put_str(b, "language", f->language, &first);
	put_date(b, "updated", f->updated, &first);
	put_str(b, "author", f->author, &first);
	put_str(b, "image", f->image, &first);
	put_key(b, "items", &first);
	buf_puts(b, "[\n");
	for (i = 0; i < f->n_items; i++) {
		item_json(b, f->items[i]);
		buf_puts(b, i + 1 < f->n_items ? ",\n" : "\n");
	}
	buf_puts(b, "]}\n");
}

/* Reads a file or stdin into the parser as it comes, in 64 KiB steps. */
static int
parse_stream(FILE *fp, struct feed_parser *p, char *err, size_t errlen)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (feed_parser_push(p, chunk, n) == -1)
			break;
	if (ferror(fp)) {
		util_errf(err, errlen, "read error: %s", strerror(errno));
		return -1;
	}
	return feed_parser_finish(p, err, errlen);
}

/* A --dump-feed of a URL: the body streams into the parser. */
struct dump_fetch {
	const char		*url;
	struct feed_parser	*parser;
	int			 ok;
	char			 err[512];
};

static int
dump_head(void *arg, const struct net_result *nr)
{
	struct dump_fetch *d = arg;

	if (d->parser == NULL)
		d->parser = feed_parser_new(nr->effective_url ?
		    nr->effective_url : d->url, nr->charset, NULL, NULL);
	return 0;
}

static int
dump_data(void *arg, const char *bytes, size_t len)
{
	struct dump_fetch *d = arg;

	if (d->parser == NULL)
		d->parser = feed_parser_new(d->url, NULL, NULL, NULL);
	return feed_parser_push(d->parser, bytes, len);
}

static void
dump_done(void *arg, const struct net_result *nr)
{
	struct dump_fetch *d = arg;

	d->ok = nr->code == NET_OK;
	if (!d->ok)
		util_errf(d->err, sizeof d->err, "%s",
		    nr->error ? nr->error : "fetch failed");
}

static struct feed_parser *
dump_fetch(const char *url, char *err, size_t errlen)
{
	struct dump_fetch d;
	struct net_request req;
	struct net *net;

	memset(&d, 0, sizeof d);
	d.url = url;
	if ((net = net_new(NULL)) == NULL) {
		util_errf(err, errlen, "%s", net_last_error());
		return NULL;
	}
	memset(&req, 0, sizeof req);
	req.url = url;
	req.arg = &d;
	req.on_head = dump_head;
	req.on_data = dump_data;
	req.on_done = dump_done;
	net_add(net, &req);
	net_run(net);
	net_free(net);
	if (d.parser == NULL)
		d.parser = feed_parser_new(url, NULL, NULL, NULL);
	if (!d.ok) {
		util_errf(err, errlen, "%s", d.err[0] ? d.err :
		    "could not read the document");
		feed_parser_free(d.parser);
		return NULL;
	}
	return d.parser;
}

/* Parses one source into *out; on failure says why in err. */
static int
dump_parse(const char *source, struct feed_parser **out, char *err,
    size_t errlen)
{
	struct feed_parser *p = NULL;
	FILE *fp = NULL;
	int rc = -1;

	if (str_has_prefix_ci(source, "http://") ||
	    str_has_prefix_ci(source, "https://")) {
		if ((p = dump_fetch(source, err, errlen)) != NULL)
			rc = feed_parser_finish(p, err, errlen);
	} else if (strcmp(source, "-") != 0 &&
	    (fp = fopen(source, "rb")) == NULL)
		util_errf(err, errlen, "%s", strerror(errno));
	else {
		/* A file's place on disk is not the feed's address. */
		p = feed_parser_new(NULL, NULL, NULL, NULL);
		rc = parse_stream(fp ? fp : stdin, p, err, errlen);
		if (fp != NULL)
			fclose(fp);
	}
	if (rc == -1) {
		feed_parser_free(p);
		p = NULL;
	}
	*out = p;
	return rc;
}

/*
 * --dump-feed: one source prints its feed as JSON, or says on stderr why
 * it could not. More sources print one object per source, in order:
 * {"source": ..., "feed": {...}} or {"source": ..., "error": "..."}, so
 * one process reads a whole folder; a document cut short adds "warning"
 * (one source: a line on stderr). Exit 1 when any source failed.
 */
int
cli_dump_feed(const char *const *sources, int n)
{
	struct feed_parser *p;
	struct buf out;
	char err[512], *clean;
	int i, failed = 0;

	buf_init(&out, 0);
	for (i = 0; i < n; i++) {
		err[0] = '\0';
		buf_reset(&out);
		if (dump_parse(sources[i], &p, err, sizeof err) == -1) {
			failed = 1;
			clean = str_clean(sources[i], strlen(sources[i]),
			    STR_FOLD_SPACE);
			if (n == 1)
				fprintf(stderr, "tidings: %s: %s\n", clean,
				    err);
			else {
				buf_puts(&out, "{\"source\":");
				json_put_string(&out, sources[i]);
				buf_puts(&out, ",\"error\":");
				json_put_string(&out, err);
				buf_puts(&out, "}\n");
			}
			free(clean);
		} else {
			/* Read, but cut short: said beside the feed. */
			const char *warning = feed_parser_warning(p);

			if (n > 1) {
				buf_puts(&out, "{\"source\":");
				json_put_string(&out, sources[i]);
				if (warning != NULL) {
					buf_puts(&out, ",\"warning\":");
					json_put_string(&out, warning);
				}
				buf_puts(&out, ",\"feed\":");
			} else if (warning != NULL) {
				clean = str_clean(sources[i],
				    strlen(sources[i]), STR_FOLD_SPACE);
				fprintf(stderr, "tidings: %s: %s\n", clean,
				    warning);
				free(clean);
			}
			cli_feed_json(&out, feed_parser_feed(p));
			if (n > 1)
				buf_puts(&out, "}\n");
			feed_parser_free(p);
		}
		if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) !=
		    out.len)
			break;
	}
	buf_free(&out);
	return fflush(stdout) == 0 && !failed ? 0 : 1;
}

/* ---- the feed list and the cache ------------------------------------- */

/* Feeds a first run starts with, after the shipped welcome feed. */
static const struct {
	const char	*url;
	const char	*title;
	const char	*tag;
} default_feeds[] = {
	{ "https://lwn.net/headlines/rss", "LWN.net", "linux" },
	{ "https://www.debian.org/News/news", "Debian news", "linux" },
	{ "https://feeds.arstechnica.com/arstechnica/index", "Ars Technica",
	    "news" },
	{ "https://feeds.bbci.co.uk/news/world/rss.xml", "BBC News: World",
	    "news" },
};

/*
 * What the config and urls files said while loading: printed on stderr at
 * once, and remembered (the first line and how many messages) so the
 * interface can say so in its status line, where curses would otherwise
 * hide them. count is the messages the line stands for: 1, or those a
 * "N more" line sums up.
 */
static struct {
	char	 first[256];
	size_t	 n;
} start_warnings;

static void
start_warn(size_t count, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
start_warn(size_t count, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "tidings: %s\n", line);
	if (start_warnings.n == 0)
		util_errf(start_warnings.first, sizeof start_warnings.first,
		    "%s", line);
	start_warnings.n += count;
}

static void
print_warnings(const char *path, const struct urls *u)
{
	size_t i;
	char *shown = urls_show(path, 200);

	for (i = 0; i < u->n_warnings; i++)
		start_warn(1, "%s:%d: %s", shown, u->warnings[i].line,
		    u->warnings[i].msg);
	if (u->n_warnings_dropped > 0)
		start_warn(u->n_warnings_dropped, "%s: %zu more %s", shown,
		    u->n_warnings_dropped,
		    util_plural((long long)u->n_warnings_dropped, "warning",
		    "warnings"));
	free(shown);
}

struct urls *
cli_load_urls(const struct cli_paths *p)
{
	struct urls *u = NULL;
	char err[512], *welcome, *tag;
	size_t i;
	int rc;

	rc = urls_load(p->urls, &u, err, sizeof err);
	if (rc == URLS_OK) {
		print_warnings(p->urls, u);
		return u;
	}
	if (rc == URLS_ERROR || p->urls_given) {
		if (rc == URLS_MISSING)
			util_errf(err, sizeof err, "%s: no such file", p->urls);
		fprintf(stderr, "tidings: %s\n", err);
		return NULL;
	}
	/* No urls file yet: the default list, welcome feed first. */
	u = urls_new();
	if ((welcome = paths_shipped_url("welcome.xml")) != NULL) {
		tag = "tidings";
		urls_add(u, welcome, &tag, 1, NULL, 0, 0, err, sizeof err);
		free(welcome);
	}
	for (i = 0; i < UTIL_ARRAY_LEN(default_feeds); i++) {
		tag = (char *)default_feeds[i].tag;
		urls_add(u, default_feeds[i].url, &tag, 1,
		    default_feeds[i].title, 0, 0, err, sizeof err);
	}
	return u;
}

struct store *
cli_open_store(const struct cli_paths *p)
{
	struct store *s;
	char err[512];

	if (paths_mkdir_for(p->cache, err, sizeof err) == -1) {
		fprintf(stderr, "tidings: %s\n", err);
		return NULL;
	}
	if ((s = store_open(p->cache, 0, err, sizeof err)) == NULL)
		fprintf(stderr, "tidings: %s\n", err);
	return s;
}

int
cli_sync_feeds(struct store *s, const struct urls *u)
{
	size_t i;

	if (store_begin(s) == -1)
		goto fail;
	for (i = 0; i < u->n_entries; i++)
		if (store_feed_add(s, u->entries[i].url) == -1) {
			store_rollback(s);
			goto fail;
		}
	if (store_commit(s) == 0)
		return 0;
fail:
	fprintf(stderr, "tidings: %s\n", store_error(s));
	return -1;
}

/* ---- the config file ----------------------------------------------------- */

int
cli_load_conf(const struct cli_paths *p, struct conf *c)
{
	struct conf_msgs msgs;
	enum conf_status st;
	size_t i;

	memset(&msgs, 0, sizeof msgs);
	c->actions = ui_conf_actions(&c->nactions);
	st = conf_load(c, p->config, &msgs);
	for (i = 0; i < msgs.n; i++)
		start_warn(1, "%s", msgs.v[i]);
	if (msgs.dropped > 0)
		start_warn(msgs.dropped, "%zu more %s about %s", msgs.dropped,
		    util_plural((long long)msgs.dropped, "message",
		    "messages"), p->config);
	conf_msgs_free(&msgs);
	if (st == CONF_ERROR || (st == CONF_MISSING && p->config_given)) {
		if (st == CONF_MISSING)
			fprintf(stderr, "tidings: %s: no such file\n",
			    p->config);
		return -1;
	}
	return 0;
}

int
cli_check_config(const struct cli_paths *p)
{
	const struct conf_action *a;
	size_t na;
	int n;

	a = ui_conf_actions(&na);
	n = conf_check(p->config, a, na, stdout);

	if (n < 0)
		return 1;
	if (n == 0)
		printf("%s: ok\n", p->config);
	return n == 0 ? 0 : 1;
}

/* Applies the cleanup policy of the config (max-items, keep-articles-days). */
static void
cleanup(struct store *s, const struct conf *c)
{
	if (c == NULL || (c->max_items <= 0 && c->keep_articles_days <= 0))
		return;
	if (store_cleanup(s, c->max_items, c->keep_articles_days) < 0)
		fprintf(stderr, "tidings: cleanup: %s\n", store_error(s));
}

/* ---- the killfile (ignore-article) ------------------------------------ */

struct killfile {
	const struct conf *conf;
	const struct urls *urls;
};

static int
killfile_test(void *arg, const char *url, const struct feed *f,
    const struct feed_item *it)
{
	const struct killfile *k = arg;
	const struct urls_entry *e = urls_find(k->urls, url);

	return query_ignored(k->conf, url, e != NULL ?
	    (const char *const *)e->tags : NULL, e != NULL ? e->n_tags : 0, f,
	    it);
}

/* The killfile's test for a refresh, or NULL when there is nothing. */
static refresh_ignore_cb
killfile_cb(const struct conf *c)
{
	return c != NULL && c->nignores > 0 &&
	    c->ignore_mode == CONF_IGNORE_DOWNLOAD ? killfile_test : NULL;
}

/* ---- -x reload --------------------------------------------------------- */

struct reload_view {
	int		 tty;		/* draw a progress bar on stderr */
	size_t		 total;
	struct buf	 failures;	/* shown after the bar */
	const struct refresh *r;
	const struct urls *urls;	/* for reader-mode's tags */
	const struct conf *conf;	/* reader-mode rules, or NULL */
	struct reader	*reader;	/* article pages (reader-mode refresh) */
	size_t		 pages_ok;
	size_t		 pages_failed;
};

/* Reader mode: one article page fetched (or not) during a reload. */
static void
reload_page_done(void *arg, const struct reader_result *res)
{
	struct reload_view *v = arg;
	char *url = urls_show(res->url, 120);

	if (res->ok)
		v->pages_ok++;
	else
		v->pages_failed++;
	if (!v->tty) {
		if (res->ok)
			printf("%-9s %s (%zu %s)\n", "article", url,
			    res->length, util_plural((long long)res->length,
			    "character", "characters"));
		else
			printf("%-9s %s: %s\n", "no-text", url, res->error);
		fflush(stdout);
	} else if (!res->ok)
		buf_printf(&v->failures, "  %s: %s\n", url, res->error);
	free(url);
}

/* A feed reloaded: queue its new articles' pages if reader-mode says so. */
static void
reload_reader(struct reload_view *v, const struct refresh_result *res)
{
	const struct urls_entry *e;

	if (v->reader == NULL || (res->outcome != REFRESH_OK &&
	    res->outcome != REFRESH_UNCHANGED))
		return;
	e = urls_find(v->urls, res->url);
	if (conf_reader_mode(v->conf, res->url, e != NULL ? e->tags : NULL,
	    e != NULL ? e->n_tags : 0) != CONF_READER_REFRESH)
		return;
	reader_add_feed(v->reader, res->feed_id, READER_MAX_FEED_ITEMS);
}

static const char *
outcome_word(enum refresh_outcome o)
{
	switch (o) {
	case REFRESH_OK:
		return "ok";
	case REFRESH_UNCHANGED:
		return "unchanged";
	case REFRESH_SKIPPED:
		return "skipped";
	default:
		return "failed";
	}
}

static void
reload_progress(void *arg, const struct refresh_result *res)
{
	struct reload_view *v = arg;
	struct refresh_totals t;
	char *url = urls_show(res->url, 120);
	char *error = res->error ? str_clean(res->error, strlen(res->error),
	    STR_FOLD_SPACE | STR_TRIM) : NULL;
	const int width = 30;
	int fill;

	reload_reader(v, res);
	if (!v->tty) {
		printf("%-9s %s", outcome_word(res->outcome), url);
		if (res->outcome == REFRESH_OK)
			printf(" (%lld new)", (long long)res->new_items);
		if (error != NULL)
			printf(": %s", error);
		putchar('\n');
		if (res->redirect != NULL) {
			char *to = urls_show(res->redirect, 120);

			printf("%-9s %s moved permanently to %s\n", "moved",
			    url, to);
			free(to);
		}
		fflush(stdout);
	} else {
		if (error != NULL)
			buf_printf(&v->failures, "  %s: %s\n", url, error);
		if (res->redirect != NULL) {
			char *to = urls_show(res->redirect, 120);

			buf_printf(&v->failures, "  %s moved permanently to "
			    "%s\n", url, to);
			free(to);
		}
		if (v->r != NULL) {
			refresh_get_totals(v->r, &t);
			fill = v->total ? (int)(t.done * width / v->total) : 0;
			fprintf(stderr, "\rReloading [%.*s%*s] %zu/%zu %s, "
			    "%lld new, %zu failed ", fill,
			    "##############################", width - fill, "",
			    t.done, v->total, util_plural((long long)v->total,
			    "feed", "feeds"), (long long)t.new_items,
			    t.failed);
			fflush(stderr);
		}
	}
	free(url);
	free(error);
}

/* notify-program, as after a reload in the interface. */
static void
notify(struct store *s, const struct urls *u, const struct conf *c,
    int64_t new_items)
{
	char err[256];
	int64_t unread;

	if (c == NULL || c->notify_program == NULL || new_items <= 0)
		return;
	if ((unread = cli_unread_shown(s, u)) < 0)
		fprintf(stderr, "tidings: %s\n", store_error(s));
	if (ui_notify_program(c, new_items, unread, err, sizeof err) == -1)
		fprintf(stderr, "tidings: notify-program: %s\n", err);
}

int
cli_reload(struct store *s, const struct urls *u, const struct conf *c)
{
	struct reload_view v;
	struct killfile kf;
	struct refresh *r;
	struct refresh_totals t;
	struct store_feed sf;
	struct net *net;
	size_t i;
	int flags;

	if ((net = net_new(NULL)) == NULL) {
		fprintf(stderr, "tidings: %s\n", net_last_error());
		return 1;
	}
	memset(&v, 0, sizeof v);
	v.tty = isatty(STDERR_FILENO) && isatty(STDOUT_FILENO);
	v.total = u->n_entries;
	v.urls = u;
	v.conf = c;
	buf_init(&v.failures, 1u << 20);
	if (c != NULL && c->nreaders > 0)
		v.reader = reader_new(s, net, reload_page_done, &v);
	r = refresh_new(s, net, reload_progress, &v);
	kf.conf = c;
	kf.urls = u;
	refresh_set_ignore(r, killfile_cb(c), &kf);
	v.r = r;
	for (i = 0; i < u->n_entries; i++) {
		const char *url = u->entries[i].url;

		memset(&sf, 0, sizeof sf);
		if (store_feed_get_url(s, url, &sf) != 0) {
			fprintf(stderr, "tidings: %s\n", store_error(s));
			continue;
		}
		flags = urls_classify(url) == URLS_URL_FILE ?
		    REFRESH_ALLOW_FILE : 0;
		if (conf_insecure_tls(c, url))
			flags |= REFRESH_INSECURE;
		if (refresh_add(r, sf.id, url, flags) == -1)
			fprintf(stderr, "tidings: %s\n", store_error(s));
		store_feed_clear(&sf);
	}
	net_run(net);
	cleanup(s, c);
	refresh_get_totals(r, &t);
	if (v.tty) {
		fputc('\n', stderr);
		if (v.failures.len > 0)
			fputs(v.failures.data, stderr);
	}
	printf("%zu %s: %zu fetched, %zu unchanged, %zu failed, "
	    "%zu skipped; %lld new %s\n", t.feeds, util_plural((long long)
	    t.feeds, "feed", "feeds"), t.fetched, t.unchanged, t.failed,
	    t.skipped, (long long)t.new_items, util_plural(t.new_items,
	    "article", "articles"));
	if (v.pages_ok + v.pages_failed > 0)
		printf("reader mode: %zu %s extracted, %zu failed\n",
		    v.pages_ok, util_plural((long long)v.pages_ok, "article",
		    "articles"), v.pages_failed);
	fflush(stdout);
	notify(s, u, c, t.new_items);
	reader_free(v.reader);
	refresh_free(r);
	net_free(net);
	buf_free(&v.failures);
	return t.failed > 0 ? 1 : 0;
}

/* ---- the interface ------------------------------------------------------ */

/* What start_cleanup() needs once the first screen is up. */
struct cli_start {
	struct store	*store;
	const struct conf *conf;
};

/*
 * What the interface's start needs to know of the store, from one read of
 * the per-feed counters (kept by triggers, so this is O(feeds)): which
 * entries of the urls file have a row, and which rows hold no article yet
 * (never fetched, or fetched empty).
 */
struct start_scan {
	const struct urls *u;
	unsigned char	*state;	/* per entry: SCAN_* bits */
	size_t		 missing;	/* entries without a row */
};

#define SCAN_STORED	0x01	/* the URL has a row in the store */
#define SCAN_EMPTY	0x02	/* and that row holds no article */

static int
start_scan_cb(void *arg, int64_t id, const char *url, const char *title,
    int64_t unread, int64_t total)
{
	struct start_scan *sc = arg;
	const struct urls_entry *e;
	size_t i;

	if (url == NULL || (e = urls_find(sc->u, url)) == NULL)
		return 0;
	i = (size_t)(e - sc->u->entries);
	if (!(sc->state[i] & SCAN_STORED))
		sc->missing--;
	sc->state[i] = SCAN_STORED | (total == 0 ? SCAN_EMPTY : 0);
	return 0;
}

/*
 * Fills sc from the store; -1 if the store could not be read (the caller
 * then does the whole work, as if nothing were known).
 */
static int
start_scan(struct store *s, const struct urls *u, struct start_scan *sc)
{
	sc->u = u;
	sc->state = xcalloc(u->n_entries + 1, 1);
	sc->missing = u->n_entries;
	if (store_feed_counts(s, start_scan_cb, sc) == -1) {
		memset(sc->state, 0, u->n_entries + 1);
		sc->missing = u->n_entries;
		return -1;
	}
	return 0;
}

/*
 * Fetches, in the foreground, the local feeds that were never fetched (so
 * a first run opens on the welcome feed's articles); returns 1 when some
 * network feed was never fetched either. Only the feeds without articles
 * can be unfetched, so only those are looked up one by one.
 */
static int
fetch_new_local(struct store *s, const struct urls *u,
    const struct start_scan *sc)
{
	struct refresh *r = NULL;
	struct store_feed sf;
	struct net *net = NULL;
	size_t i;
	int unfetched_remote = 0;

	for (i = 0; i < u->n_entries; i++) {
		const char *url = u->entries[i].url;
		int local;

		if (sc->state[i] == SCAN_STORED)
			continue;	/* it has articles: it was fetched */
		local = urls_classify(url) == URLS_URL_FILE;
		memset(&sf, 0, sizeof sf);
		if (store_feed_get_url(s, url, &sf) != 0)
			continue;
		if (sf.last_fetch == 0 && !local)
			unfetched_remote = 1;
		if (sf.last_fetch == 0 && local) {
			if (net == NULL && (net = net_new(NULL)) != NULL)
				r = refresh_new(s, net, NULL, NULL);
			if (r != NULL)
				refresh_add(r, sf.id, url, REFRESH_ALLOW_FILE);
		}
		store_feed_clear(&sf);
	}
	if (net != NULL) {
		net_run(net);
		refresh_free(r);
		net_free(net);
	}
	return unfetched_remote;
}

/*
 * "CACHE.last-run" holds when the interface was last closed (UTC seconds,
 * in decimal): what the store got after it is new to the reader. 0 when
 * there is none yet.
 */
static int64_t
last_run_read(const char *cache)
{
	char *path = xasprintf("%s.last-run", cache), buf[32];
	long long v = 0;
	FILE *fp;

	if ((fp = fopen(path, "re")) != NULL) {
		if (fgets(buf, sizeof buf, fp) != NULL)
			v = strtoll(buf, NULL, 10);
		fclose(fp);
	}
	free(path);
	return v > 0 ? (int64_t)v : 0;
}

static void
last_run_write(const char *cache, int64_t t)
{
	char *path = xasprintf("%s.last-run", cache);
	char *tmp = xasprintf("%s.last-run.tmp", cache);
	FILE *fp;

	/* Written aside and renamed: a crash leaves the old time. */
	if ((fp = fopen(tmp, "we")) != NULL) {
		fprintf(fp, "%lld\n", (long long)t);
		if (fclose(fp) == 0 && rename(tmp, path) == 0) {
			free(tmp);
			free(path);
			return;
		}
	}
	fprintf(stderr, "tidings: %s: %s\n", path, strerror(errno));
	unlink(tmp);
	free(tmp);
	free(path);
}

/* The config's cleanup, run once the first screen is up. */
static int
start_cleanup(void *arg, char *err, size_t errlen)
{
	struct cli_start *cs = arg;
	const struct conf *c = cs->conf;
	int64_t n;

	if (c->max_items <= 0 && c->keep_articles_days <= 0)
		return 0;
	if ((n = store_cleanup(cs->store, c->max_items,
	    c->keep_articles_days)) < 0) {
		util_errf(err, errlen, "cleanup: %s", store_error(cs->store));
		return -1;
	}
	return n > 0;
}

int
cli_interface(const struct cli_paths *p, int refresh_on_start)
{
	struct ui_config cfg;
	struct killfile kf;
	struct cli_start cs;
	struct start_scan sc;
	struct conf conf;
	struct urls *u;
	struct store *s;
	struct net *net;
	char err[512] = "", start_msg[512];
	int rc = 0;

	/* Nothing is read or created for an interface that cannot start. */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "tidings: the interface needs a terminal on "
		    "standard input and output (-x reload and -x "
		    "print-unread work without one)\n");
		return 1;
	}
	memset(&sc, 0, sizeof sc);
	conf_init(&conf);
	if (cli_load_conf(p, &conf) == -1 || (u = cli_load_urls(p)) == NULL) {
		conf_free(&conf);
		return 1;
	}
	/*
	 * The first screen needs only the store's counters: the write
	 * transaction that adds the urls file's new feeds runs only when
	 * the file names a feed the store does not know.
	 */
	if ((s = cli_open_store(p)) == NULL ||
	    ((start_scan(s, u, &sc) == -1 || sc.missing > 0) &&
	    cli_sync_feeds(s, u) == -1)) {
		if (s != NULL)
			store_close(s);
		free(sc.state);
		urls_free(u);
		conf_free(&conf);
		return 1;
	}
	ui_config_init(&cfg);
	cfg.layout = conf.layout == CONF_LAYOUT_SPLIT ? UI_LAYOUT_SPLIT :
	    UI_LAYOUT_CLASSIC;
	if (conf.text_width > 0)
		cfg.text_width = conf.text_width;
	cfg.text_left = conf.text_left;
	cfg.browser = conf.browser;
	cfg.save_dir = conf.save_path;
	cfg.reload_minutes = conf.auto_reload ? conf.reload_time : 0;
	cfg.refresh_on_start = refresh_on_start || conf.refresh_on_startup;
	cfg.mouse = conf.mouse;
	cfg.conf = &conf;
	cfg.urls_path = p->urls;
	kf.conf = &conf;
	kf.urls = u;
	cfg.ignore = killfile_cb(&conf);
	cfg.ignore_arg = &kf;
	cfg.hyperlinks = conf.hyperlinks;
	if (start_warnings.n > 0) {
		if (start_warnings.n > 1)
			snprintf(start_msg, sizeof start_msg, "%s (%zu more: "
			    "tidings --check-config)", start_warnings.first,
			    start_warnings.n - 1);
		else
			snprintf(start_msg, sizeof start_msg, "%s",
			    start_warnings.first);
		cfg.start_msg = start_msg;
	}
	if (fetch_new_local(s, u, &sc))
		cfg.refresh_on_start = 1;
	free(sc.state);
	cs.store = s;
	cs.conf = &conf;
	cfg.after_first = start_cleanup;
	cfg.after_first_arg = &cs;
	net = net_new(NULL);
	cfg.last_run = last_run_read(p->cache);
	if (ui_run(s, u, &cfg, net, err, sizeof err) == -1) {
		fprintf(stderr, "tidings: %s\n", err);
		rc = 1;
	} else
		last_run_write(p->cache, (int64_t)time(NULL));
	if (net != NULL)
		net_free(net);
	store_close(s);
	urls_free(u);
	conf_free(&conf);
	return rc;
}

/* ---- -x print-unread --------------------------------------------------- */

struct unread_shown {
	const struct urls *u;
	int64_t	 n;
};

static int
unread_shown_cb(void *arg, int64_t id, const char *url, const char *title,
    int64_t unread, int64_t total)
{
	struct unread_shown *c = arg;
	const struct urls_entry *e;

	(void)id;
	(void)title;
	(void)total;
	if (url != NULL && (e = urls_find(c->u, url)) != NULL && !e->hidden)
		c->n += unread;
	return 0;
}

int64_t
cli_unread_shown(struct store *s, const struct urls *u)
{
	struct unread_shown c;

	c.u = u;
	c.n = 0;
	if (store_feed_counts(s, unread_shown_cb, &c) == -1)
		return -1;
	return c.n;
}

int
cli_print_unread(const struct cli_paths *p, const struct urls *given)
{
	struct urls *u = NULL;
	struct store *s;
	char err[512];
	int64_t n;

	if (given == NULL && (u = cli_load_urls(p)) == NULL)
		return 1;
	if (access(p->cache, F_OK) == -1) {
		urls_free(u);
		printf("0 unread articles\n");
		return 0;
	}
	if ((s = store_open(p->cache, STORE_OPEN_READONLY, err,
	    sizeof err)) == NULL) {
		urls_free(u);
		fprintf(stderr, "tidings: %s\n", err);
		return 1;
	}
	n = cli_unread_shown(s, given != NULL ? given : u);
	urls_free(u);
	if (n < 0) {
		fprintf(stderr, "tidings: %s\n", store_error(s));
		store_close(s);
		return 1;
	}
	printf("%lld unread %s\n", (long long)n, util_plural(n, "article",
	    "articles"));
	store_close(s);
	return 0;
}

/* ---- OPML ---------------------------------------------------------------- */

int
cli_import_opml(const struct cli_paths *p, const char *file)
{
	struct opml *o = NULL;
	struct opml_merge m;
	struct urls *u = NULL;
	char err[512], *report;
	size_t added = 0, dups = 0, i;
	int rc;

	if (opml_import_file(file, &o, err, sizeof err) != 0) {
		fprintf(stderr, "tidings: %s\n", err);
		return 1;
	}
	rc = urls_load(p->urls, &u, err, sizeof err);
	if (rc == URLS_ERROR) {
		fprintf(stderr, "tidings: %s\n", err);
		opml_free(o);
		return 1;
	}
	if (u == NULL)
		u = urls_new();
	for (i = 0; i < o->feeds->n_warnings; i++)
		fprintf(stderr, "tidings: %s:%d: %s\n", file,
		    o->feeds->warnings[i].line, o->feeds->warnings[i].msg);
	opml_merge(u, o, &m);
	if (m.add->n_entries > 0 && urls_append_entries(p->urls,
	    m.add->entries, m.add->n_entries, &added, &dups, err,
	    sizeof err) != URLS_OK) {
		fprintf(stderr, "tidings: %s\n", err);
		rc = 1;
	} else
		rc = 0;
	report = opml_report(added, m.n_duplicates + dups, m.n_ignored);
	printf("%s\n", report);
	free(report);
	opml_merge_free(&m);
	opml_free(o);
	urls_free(u);
	return rc;
}

struct export_titles {
	struct store	*store;
	struct store_feed sf;
};

static const char *
export_title(void *arg, const struct urls_entry *e)
{
	struct export_titles *x = arg;

	store_feed_clear(&x->sf);
	memset(&x->sf, 0, sizeof x->sf);
	if (x->store == NULL ||
	    store_feed_get_url(x->store, e->url, &x->sf) != 0)
		return NULL;
	return x->sf.title;
}

int
cli_export_opml(const struct cli_paths *p)
{
	struct export_titles x;
	struct urls *u;
	char err[512];
	int rc;

	if ((u = cli_load_urls(p)) == NULL)
		return 1;
	memset(&x, 0, sizeof x);
	if (access(p->cache, F_OK) == 0)
		x.store = store_open(p->cache, STORE_OPEN_READONLY, err,
		    sizeof err);
	rc = opml_export(stdout, u, export_title, &x, (int64_t)time(NULL),
	    err, sizeof err);
	if (rc < 0)
		fprintf(stderr, "tidings: %s\n", err);
	store_feed_clear(&x.sf);
	if (x.store != NULL)
		store_close(x.store);
	urls_free(u);
	return rc < 0 ? 1 : 0;
}

/* ---- --add: a feed from any address ---------------------------------- */

struct add_state {
	struct discover_result res;
	int	 done;
};

static void
add_found(void *arg, const struct discover_result *r)
{
	struct add_state *a = arg;
	size_t i;

	a->done = 1;
	a->res = *r;
	/* r is freed after this returns: keep copies. */
	a->res.error = r->error != NULL ? xstrdup(r->error) : NULL;
	a->res.feeds = r->n > 0 ? xcalloc(r->n, sizeof *r->feeds) : NULL;
	for (i = 0; i < r->n; i++) {
		a->res.feeds[i].url = xstrdup(r->feeds[i].url);
		a->res.feeds[i].title = xstrdup(r->feeds[i].title);
		a->res.feeds[i].format = r->feeds[i].format;
	}
}

/* Asks which feed on a terminal; 1-based, 0 to cancel, -1 on EOF. */
static int
add_ask(size_t n)
{
	char line[64], *end;
	long k;

	for (;;) {
		printf("Add which feed? [1-%zu, Enter for 1, q to cancel] ",
		    n);
		fflush(stdout);
		if (fgets(line, sizeof line, stdin) == NULL)
			return -1;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			return 1;
		if (line[0] == 'q' || line[0] == 'Q')
			return 0;
		k = strtol(line, &end, 10);
		if (end != line && *end == '\0' && k >= 1 && (size_t)k <= n)
			return (int)k;
		printf("Please answer a number from 1 to %zu.\n", n);
	}
}

int
cli_add_feed(const struct cli_paths *p, const char *url, int pick)
{
	struct add_state a;
	struct urls_entry e;
	struct net *net;
	char err[512], *show;
	size_t i;
	int k, rc = 1;

	memset(&a, 0, sizeof a);
	if ((net = net_new(NULL)) == NULL) {
		fprintf(stderr, "tidings: %s\n", net_last_error());
		return 1;
	}
	show = urls_show(url, 200);
	if (discover_start(net, url, add_found, &a) != NULL)
		net_run(net);
	net_free(net);
	if (!a.done || a.res.n == 0) {
		fprintf(stderr, "tidings: %s: %s\n", show, a.res.error != NULL ?
		    a.res.error : "no feed found");
		goto out;
	}
	if (a.res.how != DISCOVER_IS_FEED) {
		printf("%s %s %zu feed%s:\n", show, a.res.how ==
		    DISCOVER_ADVERTISED ? "advertises" : "advertises no feed; "
		    "its site has", a.res.n, util_plural((long long)a.res.n,
		    "", "s"));
		for (i = 0; i < a.res.n; i++)
			printf("%3zu) %s (%s)\n     %s\n", i + 1,
			    a.res.feeds[i].title, a.res.feeds[i].format,
			    a.res.feeds[i].url);
	}
	if (pick > 0 && (size_t)pick > a.res.n) {
		fprintf(stderr, "tidings: --pick %d: there %s only %zu\n",
		    pick, a.res.n == 1 ? "is" : "are", a.res.n);
		goto out;
	}
	k = pick > 0 ? pick : 1;
	if (pick <= 0 && a.res.n > 1) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "tidings: %zu %s found; choose one "
			    "with --pick N\n", a.res.n, util_plural((long long)
			    a.res.n, "feed", "feeds"));
			goto out;
		}
		if ((k = add_ask(a.res.n)) <= 0) {
			printf("Nothing added.\n");
			rc = k == 0 ? 0 : 1;
			goto out;
		}
	}
	memset(&e, 0, sizeof e);
	e.url = a.res.feeds[k - 1].url;
	switch (urls_add_line(p->urls, &e, err, sizeof err)) {
	case URLS_OK:
		printf("Added %s (%s) to %s\n", e.url, a.res.feeds[k - 1].title,
		    p->urls);
		rc = 0;
		break;
	case URLS_DUPLICATE:
		printf("%s\n", err);
		rc = 0;
		break;
	default:
		fprintf(stderr, "tidings: %s\n", err);
		break;
	}
out:
	free(show);
	discover_result_free(&a.res);
	return rc;
}

/* ---- --import-newsboat ------------------------------------------------- */

/* newsboat's files: DIR/NAME, else ~/.newsboat, else the XDG places. */
static char *
nb_path(const char *dir, int data, const char *name)
{
	const char *home = getenv("HOME"), *x;
	struct stat sb;
	char *d;

	if (dir != NULL)
		return xasprintf("%s/%s", dir, name);
	if (home != NULL && *home != '\0') {
		d = xasprintf("%s/.newsboat", home);
		if (stat(d, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			free(d);
			return xasprintf("%s/.newsboat/%s", home, name);
		}
		free(d);
	}
	x = getenv(data ? "XDG_DATA_HOME" : "XDG_CONFIG_HOME");
	if (x != NULL && x[0] == '/')
		return xasprintf("%s/newsboat/%s", x, name);
	if (home == NULL || *home == '\0')
		return NULL;
	return xasprintf("%s/%s/newsboat/%s", home, data ? ".local/share" :
	    ".config", name);
}

/* Reads a whole file (at most 32 MiB) into b; 0, 1 if missing, -1. */
static int
nb_read(const char *path, struct buf *b, char *err, size_t errlen)
{
	FILE *fp;
	char chunk[65536];
	size_t n;

	buf_init(b, 32u << 20);
	buf_append(b, "", 0);
	if ((fp = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT)
			return 1;
		util_errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (buf_append(b, chunk, n) == -1) {
			util_errf(err, errlen, "%s: too large", path);
			fclose(fp);
			return -1;
		}
	fclose(fp);
	return 0;
}

/* Writes a new file (never over an existing one), mode 0600. */
static int
nb_write_new(const char *path, const char *text, size_t len, char *err,
    size_t errlen)
{
	int fd;
	ssize_t w;

	if (paths_mkdir_for(path, err, errlen) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1) {
		util_errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (len > 0) {
		if ((w = write(fd, text, len)) < 0) {
			if (errno == EINTR)
				continue;
			util_errf(err, errlen, "%s: %s", path,
			    strerror(errno));
			close(fd);
			return -1;
		}
		text += w;
		len -= (size_t)w;
	}
	if (close(fd) == -1) {
		util_errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* A query feed as a urls-file line, quoted the way urls.c reads it. */
static void
nb_query_line(struct buf *b, const struct urls_query *q)
{
	const char *p;
	size_t i;

	buf_puts(b, "\"query:");
	for (p = q->name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
	buf_putc(b, ':');
	for (p = q->expr; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
	for (i = 0; i < q->n_tags; i++) {
		buf_puts(b, " \"");
		for (p = q->tags[i]; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	}
	if (q->hidden)
		buf_puts(b, " \"!\"");
	buf_putc(b, '\n');
}

/* The urls file: copied whole when tidings has none, else merged. */
static int
nb_import_urls(const struct cli_paths *p, const char *nbu)
{
	struct urls *nb = NULL, *mine = NULL;
	struct buf text, add;
	char err[512], *shown = urls_show(nbu, 200);
	size_t i, j, added = 0, dups = 0, nq = 0;
	int rc;

	rc = nb_read(nbu, &text, err, sizeof err);
	if (rc != 0) {
		if (rc == 1)
			printf("urls: no file %s; nothing taken\n", shown);
		else
			fprintf(stderr, "tidings: %s\n", err);
		buf_free(&text);
		free(shown);
		return rc == 1 ? 0 : -1;
	}
	nb = urls_parse(text.data, text.len);
	for (i = 0; i < nb->n_warnings; i++)
		printf("  not taken: %s:%d: %s\n", shown, nb->warnings[i].line,
		    nb->warnings[i].msg);
	if (access(p->urls, F_OK) == -1) {
		rc = nb_write_new(p->urls, text.data, text.len, err,
		    sizeof err);
		if (rc == 0)
			printf("urls: %zu %s and %zu query %s taken, the "
			    "file copied as it is to %s\n", nb->n_entries,
			    util_plural((long long)nb->n_entries, "feed",
			    "feeds"), nb->n_queries, util_plural((long long)
			    nb->n_queries, "feed", "feeds"), p->urls);
	} else if ((rc = urls_load(p->urls, &mine, err, sizeof err)) ==
	    URLS_OK) {
		rc = 0;
		if (nb->n_entries > 0)
			rc = urls_append_entries(p->urls, nb->entries,
			    nb->n_entries, &added, &dups, err, sizeof err) ==
			    URLS_OK ? 0 : -1;
		/* Query feeds whose name the file does not have yet. */
		buf_init(&add, 0);
		buf_append(&add, "", 0);
		for (i = 0; rc == 0 && i < nb->n_queries; i++) {
			for (j = 0; j < mine->n_queries; j++)
				if (strcmp(mine->queries[j].name,
				    nb->queries[i].name) == 0)
					break;
			if (j < mine->n_queries)
				continue;
			nb_query_line(&add, &nb->queries[i]);
			nq++;
		}
		if (rc == 0 && add.len > 0) {
			FILE *fp = fopen(p->urls, "a");

			if (fp == NULL || fwrite(add.data, 1, add.len, fp) !=
			    add.len || fclose(fp) != 0) {
				util_errf(err, sizeof err, "%s: %s", p->urls,
				    strerror(errno));
				rc = -1;
			}
		}
		buf_free(&add);
		if (rc == 0)
			printf("urls: %zu %s and %zu query %s added to %s "
			    "(%zu %s there already)\n", added,
			    util_plural((long long)added, "feed", "feeds"),
			    nq, util_plural((long long)nq, "feed", "feeds"),
			    p->urls, dups, util_plural((long long)dups,
			    "feed was", "feeds were"));
	} else
		rc = -1;
	if (rc != 0)
		fprintf(stderr, "tidings: %s\n", err);
	urls_free(nb);
	urls_free(mine);
	buf_free(&text);
	free(shown);
	return rc;
}

/* The config: the lines tidings understands, into a new config file. */
static int
nb_import_config(const struct cli_paths *p, const char *nbc)
{
	struct conf scratch;
	struct conf_msgs msgs;
	struct buf text, out;
	char err[512], *shown = urls_show(nbc, 200), *prefix;
	size_t i, line, len, nbad = 0, ntaken = 0, plen;
	const char *s, *e, *m;
	unsigned char *bad;
	int rc;

	rc = nb_read(nbc, &text, err, sizeof err);
	if (rc != 0) {
		if (rc == 1)
			printf("config: no file %s; nothing taken\n", shown);
		else
			fprintf(stderr, "tidings: %s\n", err);
		buf_free(&text);
		free(shown);
		return rc == 1 ? 0 : -1;
	}
	conf_init(&scratch);
	memset(&msgs, 0, sizeof msgs);
	conf_load_text(&scratch, nbc, text.data, text.len, &msgs);
	/* The lines of the file, and which ones a message is about. */
	for (line = 1, i = 0; i < text.len; i++)
		line += text.data[i] == '\n';
	bad = xcalloc(line + 2, 1);
	prefix = xasprintf("%s:", nbc);
	plen = strlen(prefix);
	for (i = 0; i < msgs.n; i++) {
		m = msgs.v[i];
		if (strncmp(m, prefix, plen) == 0) {
			size_t n = strtoul(m + plen, NULL, 10);

			if (n > 0 && n <= line)
				bad[n] = 1;
		}
		printf("  not taken: %s\n", m);
	}
	buf_init(&out, 0);
	buf_printf(&out, "# Taken from newsboat's %s by tidings "
	    "--import-newsboat.\n", nbc);
	for (s = text.data, line = 1; s < text.data + text.len; line++) {
		e = memchr(s, '\n', (size_t)(text.data + text.len - s));
		len = e != NULL ? (size_t)(e - s) : (size_t)(text.data +
		    text.len - s);
		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		if (len > 0 && *s != '#') {
			if (bad[line]) {
				nbad++;
				buf_puts(&out, "# not understood: ");
			} else
				ntaken++;
			buf_append(&out, s, len);
			buf_putc(&out, '\n');
		}
		if (e == NULL)
			break;
		s = e + 1;
	}
	if (access(p->config, F_OK) == 0)
		printf("config: %zu %s understood, %zu not; %s exists "
		    "and is left as it is\n", ntaken, util_plural((long long)
		    ntaken, "command", "commands"), nbad, p->config);
	else if ((rc = nb_write_new(p->config, out.data, out.len, err,
	    sizeof err)) == 0)
		printf("config: %zu %s taken, %zu not understood (kept "
		    "as comments) in %s\n", ntaken, util_plural((long long)
		    ntaken, "command", "commands"), nbad, p->config);
	else
		fprintf(stderr, "tidings: %s\n", err);
	free(bad);
	free(prefix);
	buf_free(&out);
	buf_free(&text);
	conf_msgs_free(&msgs);
	conf_free(&scratch);
	free(shown);
	return rc;
}

int
cli_import_newsboat(const struct cli_paths *p, const char *dir)
{
	struct nbimport_stats st;
	struct store *s;
	struct urls *u;
	char *nbu, *nbc, *nbd, err[512];
	int rc = 0;

	nbu = nb_path(dir, 0, "urls");
	nbc = nb_path(dir, 0, "config");
	nbd = nb_path(dir, 1, "cache.db");
	if (nbu == NULL || nbc == NULL || nbd == NULL) {
		fprintf(stderr, "tidings: set HOME or name newsboat's "
		    "directory\n");
		rc = 1;
		goto out;
	}
	if (nb_import_urls(p, nbu) == -1)
		rc = 1;
	if (nb_import_config(p, nbc) == -1)
		rc = 1;
	if (access(nbd, F_OK) == -1) {
		printf("cache: no file %s; no read or flagged state taken\n",
		    nbd);
		goto out;
	}
	if (rc != 0 || (u = cli_load_urls(p)) == NULL) {
		rc = 1;
		goto out;
	}
	if ((s = cli_open_store(p)) == NULL || cli_sync_feeds(s, u) == -1) {
		if (s != NULL)
			store_close(s);
		urls_free(u);
		rc = 1;
		goto out;
	}
	if (nbimport_cache(s, nbd, u, &st, err, sizeof err) == -1) {
		fprintf(stderr, "tidings: %s\n", err);
		rc = 1;
	} else
		printf("cache: %lld %s in %s: %lld already cached, %lld "
		    "taken from newsboat's copy; %lld marked read, %lld "
		    "flagged; not taken: %lld of feeds not in the urls file, "
		    "%lld deleted in newsboat\n", (long long)st.articles,
		    util_plural(st.articles, "article", "articles"), nbd,
		    (long long)st.matched, (long long)st.added,
		    (long long)st.read, (long long)st.flagged,
		    (long long)st.other_feed, (long long)st.deleted);
	store_close(s);
	urls_free(u);
out:
	free(nbu);
	free(nbc);
	free(nbd);
	return rc;
}
