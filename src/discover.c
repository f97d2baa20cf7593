/*
 * discover.c: a feed from any address: the address itself, the feeds its
 * page advertises, or the common paths of its site, each fetched and
 * kept only when it parses as a feed.
 *
 * Must never fetch anything but http and https, never follow a link the
 * user did not give other than the page's advertised feeds and the common
 * paths of the same site, and never write anything.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "discover.h"
#include "feed.h"
#include "net.h"
#include "str.h"
#include "urls.h"
#include "util.h"

#define DISCOVER_MAX_NODES 200000	/* elements looked at in one page */

static const char *const discover_paths[] = {
	"/feed", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json",
};

/* The feed types of <link rel="alternate" type=...>, with their names. */
static const struct {
	const char *type;
	const char *name;
} discover_types[] = {
	{ "application/rss+xml", "RSS" },
	{ "application/atom+xml", "Atom" },
	{ "application/rdf+xml", "RSS 1.0" },
	{ "application/feed+json", "JSON Feed" },
	{ "application/json", "JSON Feed" },
	{ "text/xml", "XML" },
};

static const char *
discover_format_name(enum feed_format f)
{
	switch (f) {
	case FEED_FORMAT_RSS090: return "RSS 0.90";
	case FEED_FORMAT_RSS091: return "RSS 0.91";
	case FEED_FORMAT_RSS092: return "RSS 0.92";
	case FEED_FORMAT_RSS093: return "RSS 0.93";
	case FEED_FORMAT_RSS094: return "RSS 0.94";
	case FEED_FORMAT_RSS10: return "RSS 1.0";
	case FEED_FORMAT_RSS20: return "RSS 2.0";
	case FEED_FORMAT_ATOM03: return "Atom 0.3";
	case FEED_FORMAT_ATOM10: return "Atom 1.0";
	case FEED_FORMAT_JSON10: return "JSON Feed 1.0";
	case FEED_FORMAT_JSON11: return "JSON Feed 1.1";
	default: return "feed";
	}
}

/* A one-line clean title of at most DISCOVER_MAX_TITLE bytes. */
static char *
discover_title(const char *s)
{
	char *c;
	size_t n;

	if (s == NULL)
		return xstrdup("");
	c = str_clean(s, strlen(s), STR_FOLD_SPACE | STR_TRIM);
	if ((n = strlen(c)) > DISCOVER_MAX_TITLE) {
		n = DISCOVER_MAX_TITLE;
		while (n > 0 && (c[n] & 0xc0) == 0x80)
			n--;
		memcpy(c + n, "...", 4);
	}
	return c;
}

void
discover_result_free(struct discover_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->feeds[i].url);
		free(r->feeds[i].title);
	}
	free(r->feeds);
	free(r->error);
	memset(r, 0, sizeof *r);
}

static int
discover_has(const struct discover_result *r, const char *url)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->feeds[i].url, url) == 0)
			return 1;
	return 0;
}

/* Adds a copy of url (an http(s) URL not listed yet); 0, or -1 if not. */
static int
discover_add(struct discover_result *r, const char *url, const char *title,
    const char *format)
{
	struct discover_feed *f;

	if (urls_classify(url) != URLS_URL_HTTP || discover_has(r, url))
		return -1;
	r->feeds = xreallocarray(r->feeds, r->n + 1, sizeof *r->feeds);
	f = &r->feeds[r->n++];
	f->url = xstrdup(url);
	f->title = discover_title(title);
	f->format = format;
	return 0;
}

static char *
discover_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *r;

	if (v == NULL)
		return NULL;
	r = xstrdup((const char *)v);
	xmlFree(v);
	return r;
}

/* Does the space-separated list rel hold "alternate"? */
static int
discover_rel_alternate(const char *rel)
{
	const char *p = rel;
	size_t n;

	while (p != NULL && *p != '\0') {
		p += strspn(p, " \t\r\n\f");
		n = strcspn(p, " \t\r\n\f");
		if (n == 9 && str_ncasecmp_ascii(p, "alternate", 9) == 0)
			return 1;
		p += n;
	}
	return 0;
}

/* The name of a feed type ("application/rss+xml; charset=x"), or NULL. */
static const char *
discover_type_name(const char *type)
{
	size_t i, n;

	if (type == NULL)
		return NULL;
	type += strspn(type, " \t");
	n = strcspn(type, " \t;");
	for (i = 0; i < UTIL_ARRAY_LEN(discover_types); i++)
		if (strlen(discover_types[i].type) == n &&
		    str_ncasecmp_ascii(type, discover_types[i].type, n) == 0)
			return discover_types[i].name;
	return NULL;
}

size_t
discover_page_links(const char *html, size_t len, const char *page_url,
    struct discover_result *out)
{
	htmlParserCtxtPtr ctxt;
	htmlDocPtr doc;
	xmlNodePtr n, root;
	char *base = NULL;
	size_t before = out->n, seen = 0;
	int pass;

	if (len > DISCOVER_MAX_BODY)
		len = DISCOVER_MAX_BODY;
	if ((ctxt = htmlNewParserCtxt()) == NULL)
		return 0;
	doc = htmlCtxtReadMemory(ctxt, html, (int)len, page_url, NULL,
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	htmlFreeParserCtxt(ctxt);
	if (doc == NULL)
		return 0;
	root = xmlDocGetRootElement(doc);
	/* Pass 0 finds <base href>, pass 1 the links; iteratively. */
	for (pass = 0; pass < 2; pass++) {
		for (n = root; n != NULL && seen < DISCOVER_MAX_NODES;) {
			if (n->type == XML_ELEMENT_NODE) {
				const char *name = (const char *)n->name;

				seen++;
				if (pass == 0 && base == NULL &&
				    strcmp(name, "base") == 0) {
					char *h = discover_attr(n, "href");

					base = h != NULL ? feed_resolve_url(
					    page_url, h) : NULL;
					free(h);
				} else if (pass == 1 &&
				    strcmp(name, "link") == 0 &&
				    out->n - before < DISCOVER_MAX_LINKS) {
					char *rel = discover_attr(n, "rel");
					char *type = discover_attr(n, "type");
					char *href = discover_attr(n, "href");
					char *title = discover_attr(n, "title");
					const char *fmt =
					    discover_type_name(type);
					char *abs = NULL;

					if (rel != NULL && fmt != NULL &&
					    href != NULL &&
					    discover_rel_alternate(rel))
						abs = feed_resolve_url(base !=
						    NULL ? base : page_url,
						    href);
					if (abs != NULL)
						discover_add(out, abs, title,
						    fmt);
					free(abs);
					free(rel);
					free(type);
					free(href);
					free(title);
				}
			}
			if (n->children != NULL &&
			    n->type == XML_ELEMENT_NODE) {
				n = n->children;
				continue;
			}
			while (n != NULL && n->next == NULL)
				n = n->parent == (xmlNodePtr)doc ? NULL :
				    n->parent;
			if (n != NULL)
				n = n->next;
		}
		seen = 0;
	}
	free(base);
	xmlFreeDoc(doc);
	return out->n - before;
}

char **
discover_common_urls(const char *page_url)
{
	const char *p;
	char **v;
	size_t i, n;

	if (page_url == NULL || urls_classify(page_url) != URLS_URL_HTTP)
		return NULL;
	p = strstr(page_url, "://") + 3;
	n = (size_t)(p - page_url) + strcspn(p, "/?#");
	v = xcalloc(UTIL_ARRAY_LEN(discover_paths) + 1, sizeof *v);
	for (i = 0; i < UTIL_ARRAY_LEN(discover_paths); i++)
		v[i] = xasprintf("%.*s%s", (int)n, page_url,
		    discover_paths[i]);
	return v;
}

/* --- the search, on net --- */

struct discover_cand {
	char	*url;
	char	*link_title;	/* from the page, or NULL */
	char	*feed_title;	/* from the feed once fetched */
	const char *format;
	int	 ok;		/* it parsed as a feed */
	char	 err[200];	/* why not */
};

struct discover {
	struct net *net;
	discover_cb cb;
	void	*arg;
	char	*url;
	int	 cancelled;
	int	 done;		/* cb was called (or will never be) */
	size_t	 pending;	/* jobs in flight */
	enum discover_how how;
	struct discover_cand *cands;
	size_t	 ncands;
};

struct discover_job {
	struct discover *d;
	long	 cand;		/* index in d->cands, or -1 for the page */
	struct buf body;
	int	 cut;
};

static void discover_fetch(struct discover *, long cand, const char *url);

static void
discover_free(struct discover *d)
{
	size_t i;

	for (i = 0; i < d->ncands; i++) {
		free(d->cands[i].url);
		free(d->cands[i].link_title);
		free(d->cands[i].feed_title);
	}
	free(d->cands);
	free(d->url);
	free(d);
}

static void
discover_finish(struct discover *d, struct discover_result *r)
{
	if (!d->cancelled && !d->done && d->cb != NULL)
		d->cb(d->arg, r);
	d->done = 1;
	discover_result_free(r);
}

/* Ends the search with no feed: prefix and s (cleaned) as the reason. */
static void
discover_fail(struct discover *d, const char *prefix, const char *s)
{
	struct discover_result r;
	char *c = str_clean(s != NULL ? s : "", s != NULL ? strlen(s) : 0,
	    STR_FOLD_SPACE | STR_TRIM);

	memset(&r, 0, sizeof r);
	r.how = DISCOVER_ERROR;
	r.error = xasprintf("%s%s", prefix, c);
	free(c);
	discover_finish(d, &r);
}

/* Every candidate is in: the feeds among them, in order. */
static void
discover_collect(struct discover *d)
{
	struct discover_result r;
	size_t i;

	memset(&r, 0, sizeof r);
	r.how = d->how;
	r.tried = d->ncands;
	for (i = 0; i < d->ncands; i++) {
		struct discover_cand *c = &d->cands[i];

		if (!c->ok)
			continue;
		discover_add(&r, c->url, c->link_title != NULL &&
		    *c->link_title != '\0' ? c->link_title : c->feed_title !=
		    NULL && *c->feed_title != '\0' ? c->feed_title : c->url,
		    c->format);
	}
	if (r.n == 0 && d->how == DISCOVER_ADVERTISED) {
		char *show = urls_show(d->cands[0].url, 100);

		r.error = xasprintf("the page advertises %zu %s, but none "
		    "could be read (%s: %s)", d->ncands, util_plural((long long)
		    d->ncands, "feed", "feeds"), show, d->cands[0].err);
		free(show);
	} else if (r.n == 0)
		r.error = xstrdup("no feeds found: the page advertises none, "
		    "and none of /feed, /rss.xml, /atom.xml, /index.xml and "
		    "/feed.json on its site is a feed");
	discover_finish(d, &r);
}

static int
discover_on_data(void *arg, const char *bytes, size_t len)
{
	struct discover_job *j = arg;

	if (buf_append_upto(&j->body, bytes, len) == -1) {
		j->cut = 1;
		return -1;
	}
	return 0;
}

/* The page (or the address itself) is in. */
static void
discover_page_done(struct discover *d, struct discover_job *j,
    const struct net_result *res)
{
	struct discover_result links;
	struct feed *f;
	const char *page = res->effective_url != NULL ? res->effective_url :
	    d->url;
	char err[256] = "", **common;
	size_t i;

	f = feed_parse(j->body.data != NULL ? j->body.data : "", j->body.len,
	    page, res->charset, err, sizeof err);
	if (f != NULL && f->format != FEED_FORMAT_UNKNOWN) {
		struct discover_result r;

		memset(&r, 0, sizeof r);
		r.how = DISCOVER_IS_FEED;
		r.tried = 1;
		discover_add(&r, d->url, f->title != NULL ? f->title :
		    d->url, discover_format_name(f->format));
		feed_free(f);
		discover_finish(d, &r);
		return;
	}
	feed_free(f);
	memset(&links, 0, sizeof links);
	discover_page_links(j->body.data != NULL ? j->body.data : "",
	    j->body.len, page, &links);
	if (links.n > 0) {
		d->how = DISCOVER_ADVERTISED;
		d->cands = xcalloc(links.n, sizeof *d->cands);
		for (i = 0; i < links.n; i++) {
			d->cands[i].url = xstrdup(links.feeds[i].url);
			d->cands[i].link_title = xstrdup(links.feeds[i].title);
			d->cands[i].format = links.feeds[i].format;
		}
		d->ncands = links.n;
	} else if ((common = discover_common_urls(page)) != NULL) {
		d->how = DISCOVER_COMMON;
		for (i = 0; common[i] != NULL; i++)
			;
		d->cands = xcalloc(i, sizeof *d->cands);
		for (i = 0; common[i] != NULL; i++) {
			if (strcmp(common[i], page) == 0 ||
			    strcmp(common[i], d->url) == 0) {
				free(common[i]);
				continue;
			}
			d->cands[d->ncands++].url = common[i];
		}
		free(common);
	}
	discover_result_free(&links);
	if (d->ncands == 0) {
		discover_fail(d, "no feeds found at this address", "");
		return;
	}
	for (i = 0; i < d->ncands; i++)
		discover_fetch(d, (long)i, d->cands[i].url);
}

static void
discover_cand_done(struct discover *d, struct discover_job *j,
    const struct net_result *res)
{
	struct discover_cand *c = &d->cands[j->cand];
	struct feed *f;

	if (res->code != NET_OK && !(res->code == NET_ERR_ABORTED && j->cut)) {
		util_errf(c->err, sizeof c->err, "%s", res->error != NULL ?
		    res->error : "failed");
		return;
	}
	f = feed_parse(j->body.data != NULL ? j->body.data : "", j->body.len,
	    c->url, res->charset, c->err, sizeof c->err);
	if (f != NULL && f->format != FEED_FORMAT_UNKNOWN) {
		c->ok = 1;
		c->feed_title = f->title != NULL ? xstrdup(f->title) : NULL;
		c->format = discover_format_name(f->format);
	} else if (c->err[0] == '\0')
		util_errf(c->err, sizeof c->err, "not a feed");
	feed_free(f);
}

static void
discover_on_done(void *arg, const struct net_result *res)
{
	struct discover_job *j = arg;
	struct discover *d = j->d;

	d->pending--;
	if (!d->cancelled && !d->done) {
		if (j->cand < 0) {
			if (res->code != NET_OK && !(res->code ==
			    NET_ERR_ABORTED && j->cut))
				discover_fail(d, "", res->error != NULL ?
				    res->error : "the address could not be "
				    "fetched");
			else
				discover_page_done(d, j, res);
		} else {
			discover_cand_done(d, j, res);
			if (d->pending == 0)
				discover_collect(d);
		}
	}
	buf_free(&j->body);
	free(j);
	if (d->pending == 0 && (d->done || d->cancelled))
		discover_free(d);
}

static void
discover_fetch(struct discover *d, long cand, const char *url)
{
	struct net_request req;
	struct discover_job *j = xcalloc(1, sizeof *j);

	j->d = d;
	j->cand = cand;
	buf_init(&j->body, DISCOVER_MAX_BODY);
	d->pending++;
	memset(&req, 0, sizeof req);
	req.url = url;
	req.arg = j;
	req.on_data = discover_on_data;
	req.on_done = discover_on_done;
	net_add(d->net, &req);
}

/* "example.org/blog" is taken as "https://example.org/blog". */
static char *
discover_with_scheme(const char *url)
{
	const char *p;

	for (p = url; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' ||
		    *p == '.'))
			break;
	/* A scheme ("mailto:", "exec:"), or a host with a port ("h:80/")? */
	if (*p == ':' && p > url && !(p[1] >= '0' && p[1] <= '9'))
		return xstrdup(url);
	if (*url == '\0' || *url == '/' || *url == '|' ||
	    strchr(url, ' ') != NULL)
		return xstrdup(url);
	return xasprintf("https://%s", url);
}

struct discover *
discover_start(struct net *net, const char *url, discover_cb cb, void *arg)
{
	struct discover *d = xcalloc(1, sizeof *d);

	d->net = net;
	d->cb = cb;
	d->arg = arg;
	d->url = discover_with_scheme(url != NULL ? url : "");
	if (urls_classify(d->url) != URLS_URL_HTTP) {
		char *show = urls_show(d->url, 100);

		discover_fail(d, "not an http or https address: ", show);
		free(show);
		discover_free(d);
		return NULL;
	}
	discover_fetch(d, -1, d->url);
	return d;
}

void
discover_cancel(struct discover *d)
{
	if (d == NULL)
		return;
	d->cancelled = 1;
	if (d->pending == 0)
		discover_free(d);
}
