/*
 * opml.c: OPML import (libxml2 tree, hostile input) and export (OPML 2.0
 * through xmlTextWriter).
 *
 * An imported OPML only ever yields http and https URLs to fetch: anything
 * newsboat would have turned into a command (exec:, filter:, "|command",
 * filtercmd) and every other scheme is reported and left out. The parser
 * must never load an external entity or DTD, never expand a declared
 * entity (the declarations are dropped, so "billion laughs" has nothing to
 * expand), never touch the network, and never print to the terminal.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "buf.h"
#include "opml.h"
#include "str.h"
#include "urls.h"
#include "util.h"

#define OPML_CLEAN	(STR_FOLD_SPACE | STR_TRIM)
#define OPML_SHOW_MAX	80	/* bytes of a URL quoted in a message */

#if LIBXML_VERSION >= 21300
#define OPML_NO_XXE	XML_PARSE_NO_XXE	/* one more lock, where known */
#else
#define OPML_NO_XXE	0
#endif

void
opml_free(struct opml *o)
{
	if (o == NULL)
		return;
	free(o->title);
	urls_free(o->feeds);
	free(o);
}

/* SAX hooks that keep the parser away from entities and the terminal. */
static void
opml_no_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *public_id, const xmlChar *system_id, xmlChar *content)
{
	/* Declared entities are dropped: nothing to load or expand. */
}

static void
opml_no_external_subset(void *ctx, const xmlChar *name,
    const xmlChar *external_id, const xmlChar *system_id)
{
}

static xmlParserInputPtr
opml_no_resolve(void *ctx, const xmlChar *public_id,
    const xmlChar *system_id)
{
	return NULL;
}

#if LIBXML_VERSION >= 21200
static void
opml_quiet(void *ctx, const xmlError *e)
#else
static void
opml_quiet(void *ctx, xmlErrorPtr e)
#endif
{
	/* Errors are read from the context afterwards, never printed. */
}

static int
opml_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    str_casecmp_ascii((const char *)n->name, name) == 0;
}

static xmlNode *
opml_child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (opml_is(c, name))
			return c;
	return NULL;
}

/*
 * The value of attribute name (matched ignoring ASCII case, as real files
 * spell xmlUrl every way), or NULL when absent. Caller frees.
 */
static char *
opml_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;
	xmlChar *v;
	char *s;

	for (a = n->properties; a != NULL; a = a->next) {
		if (str_casecmp_ascii((const char *)a->name, name) != 0)
			continue;
		v = xmlNodeListGetString(n->doc, a->children, 1);
		s = xstrdup(v != NULL ? (const char *)v : "");
		xmlFree(v);
		return s;
	}
	return NULL;
}

/* The attribute cleaned for display; NULL when absent or blank. */
static char *
opml_attr_clean(const xmlNode *n, const char *name)
{
	char *v = opml_attr(n, name);

	if (v == NULL)
		return NULL;
	v = str_clean_inplace(v, OPML_CLEAN);
	if (*v == '\0') {
		free(v);
		return NULL;
	}
	return v;
}

/* The text of the outline (text, else title), clean; NULL if none. */
static char *
opml_outline_name(const xmlNode *n)
{
	char *s = opml_attr_clean(n, "text");

	return s != NULL ? s : opml_attr_clean(n, "title");
}

/* Drops leading and trailing ASCII blanks in place. */
static char *
opml_trim(char *s)
{
	size_t n;
	char *p = s;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	memmove(s, p, n);
	s[n] = '\0';
	return s;
}

static int
opml_line(const xmlNode *n)
{
	long l = xmlGetLineNo(n);

	return l > 0 && l < 2000000000L ? (int)l : 0;
}

struct opml_walk {
	struct opml *o;
	char	*path[OPML_MAX_DEPTH];	/* enclosing folder names */
	size_t	 n_path;
	int	 deep_warned;		/* OPML_MAX_DEPTH reported */
	int	 full_warned;		/* URLS_MAX_ENTRIES reported */
};

/* Reports an outline that is left out. */
static void
opml_ignore(struct opml_walk *w, int line, enum urls_warn_kind kind,
    const char *url, const char *why)
{
	char *show = urls_show(url, OPML_SHOW_MAX);

	w->o->n_ignored++;
	urls_warn(w->o->feeds, line, kind, "\"%s\": %s; ignored", show, why);
	free(show);
}

/* Splits the category attribute into tags (and "~title", "!"). */
static void
opml_categories(const char *cat, char ***tags, size_t *n_tags,
    char **title, int *hidden)
{
	const char *p = cat, *comma;
	char *t, *s;

	while (p != NULL && *n_tags < URLS_MAX_TAGS * 2) {
		comma = strchr(p, ',');
		t = xstrndup(p, comma != NULL ? (size_t)(comma - p) :
		    strlen(p));
		p = comma != NULL ? comma + 1 : NULL;
		t = str_clean_inplace(t, OPML_CLEAN);
		/* OPML 2.0 writes a plain tag as "/tag"; after the '/',
		 * '!' and '~' are part of the tag. */
		s = t + (*t == '/');
		if (s == t && *s == '!') {
			*hidden = 1;
		} else if (s == t && *s == '~') {
			if (*title == NULL && s[1] != '\0')
				*title = xstrdup(s + 1);
		} else if (*s != '\0') {
			*tags = xreallocarray(*tags, *n_tags + 1,
			    sizeof **tags);
			(*tags)[(*n_tags)++] = xstrdup(s);
		}
		free(t);
	}
}

static void
opml_add_feed(struct opml_walk *w, const xmlNode *n, char *url)
{
	const struct urls_entry *first;
	char **tags = NULL;
	char *title, *cat, *filter, *show;
	size_t n_tags = 0, i;
	int hidden = 0, line = opml_line(n);
	char err[256];

	filter = opml_attr(n, "filtercmd");
	if (filter != NULL) {
		free(filter);
		opml_ignore(w, line, URLS_WARN_FILTER, url, "filter "
		    "commands (filtercmd) are not supported");
		return;
	}
	switch (urls_classify(url)) {
	case URLS_URL_HTTP:
		break;
	case URLS_URL_QUERY:
		opml_ignore(w, line, URLS_WARN_QUERY, url,
		    "query feeds are not supported");
		return;
	case URLS_URL_EXEC:
		opml_ignore(w, line, URLS_WARN_EXEC, url,
		    "a command, not a feed");
		return;
	case URLS_URL_FILTER:
		opml_ignore(w, line, URLS_WARN_FILTER, url,
		    "a filter command, not a feed");
		return;
	case URLS_URL_FILE:
		opml_ignore(w, line, URLS_WARN_SCHEME, url, "file: URLs are "
		    "accepted only from your own urls file");
		return;
	case URLS_URL_BAD:
		opml_ignore(w, line, URLS_WARN_BAD_URL, url,
		    "not a usable URL");
		return;
	default:
		opml_ignore(w, line, URLS_WARN_SCHEME, url,
		    "not an http or https URL");
		return;
	}
	if ((first = urls_find(w->o->feeds, url)) != NULL) {
		w->o->n_duplicates++;
		show = urls_show(url, OPML_SHOW_MAX);
		urls_warn(w->o->feeds, line, URLS_WARN_DUPLICATE, "\"%s\" is "
		    "already listed on line %d; ignored", show, first->line);
		free(show);
		return;
	}
	title = opml_outline_name(n);
	/* Our export names an untitled feed by its URL: not a title. */
	if (title != NULL && strcmp(title, url) == 0) {
		char *t = opml_attr(n, "title");

		if (t == NULL) {
			free(title);
			title = NULL;
		}
		free(t);
	}
	for (i = 0; i < w->n_path; i++) {
		tags = xreallocarray(tags, n_tags + 1, sizeof *tags);
		tags[n_tags++] = xstrdup(w->path[i]);
	}
	if ((cat = opml_attr(n, "category")) != NULL)
		opml_categories(cat, &tags, &n_tags, &title, &hidden);
	free(cat);
	if (urls_add(w->o->feeds, url, tags, n_tags, title, hidden, line,
	    err, sizeof err) != URLS_OK) {
		w->o->n_ignored++;
		if (!w->full_warned) {
			w->full_warned = 1;
			urls_warn(w->o->feeds, line, URLS_WARN_LIMIT,
			    "%s; the rest are ignored", err);
		}
	}
	for (i = 0; i < n_tags; i++)
		free(tags[i]);
	free(tags);
	free(title);
}

/* The feed URL of an outline, trimmed, or NULL for a folder. */
static char *
opml_feed_url(struct opml_walk *w, const xmlNode *n, int *not_feed)
{
	char *url, *type;

	*not_feed = 0;
	url = opml_attr(n, "xmlUrl");
	if (url != NULL && *opml_trim(url) != '\0')
		return url;
	free(url);
	/* "url" names a feed only on rss/atom outlines; on "link" and
	 * "include" ones it is a web page or another OPML file. */
	url = opml_attr(n, "url");
	if (url == NULL || *opml_trim(url) == '\0') {
		free(url);
		return NULL;
	}
	type = opml_attr(n, "type");
	if (type != NULL && (str_casecmp_ascii(opml_trim(type), "rss") == 0 ||
	    str_casecmp_ascii(type, "atom") == 0)) {
		free(type);
		return url;
	}
	free(type);
	opml_ignore(w, opml_line(n), URLS_WARN_NOT_FEED, url,
	    "a link outline, not a feed");
	free(url);
	*not_feed = 1;
	return NULL;
}

static void
opml_walk(struct opml_walk *w, const xmlNode *n, size_t depth)
{
	char *url, *name, *s;
	int not_feed;

	for (; n != NULL; n = n->next) {
		if (!opml_is(n, "outline"))
			continue;
		if (depth >= OPML_MAX_DEPTH) {
			if (!w->deep_warned)
				urls_warn(w->o->feeds, opml_line(n),
				    URLS_WARN_LIMIT, "outlines nested more "
				    "than %d deep; ignored", OPML_MAX_DEPTH);
			w->deep_warned = 1;
			continue;
		}
		url = opml_feed_url(w, n, &not_feed);
		if (url != NULL || not_feed) {
			if (url != NULL)
				opml_add_feed(w, n, url);
			free(url);
			opml_walk(w, n->children, depth + 1);
			continue;
		}
		/* A folder: its name is a tag of every feed inside. */
		name = opml_outline_name(n);
		s = name;
		while (s != NULL && (*s == '~' || *s == '!' || *s == ' '))
			s++;
		if (s != NULL && *s != '\0' && w->n_path < OPML_MAX_DEPTH) {
			w->path[w->n_path++] = s;
			opml_walk(w, n->children, depth + 1);
			w->n_path--;
		} else {
			opml_walk(w, n->children, depth + 1);
		}
		free(name);
	}
}

/* Length of the character or entity reference at p ("&amp;"), or 0. */
static size_t
opml_ref_len(const char *p, const char *end)
{
	const char *q = p + 1;

	if (q < end && *q == '#') {
		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			for (q++; q < end && strchr("0123456789abcdefABCDEF",
			    *q) != NULL && *q != '\0'; q++)
				;
		} else {
			for (; q < end && *q >= '0' && *q <= '9'; q++)
				;
		}
		if (q - p < 3 || (q - p == 3 && (p[2] == 'x' || p[2] == 'X')))
			return 0;
	} else {
		for (; q < end && ((*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z') || *q == '_' || *q == ':' ||
		    (q > p + 1 && ((*q >= '0' && *q <= '9') || *q == '.' ||
		    *q == '-'))); q++)
			;
		if (q == p + 1)
			return 0;
	}
	return q < end && *q == ';' ? (size_t)(q - p + 1) : 0;
}

/*
 * Real exporters write URLs with a bare '&' ("?a=1&b=2"), which the XML
 * parser's recovery would silently turn into a different URL. Escapes
 * every '&' that does not start a reference; returns NULL when none needs
 * it (or the result would be too big), else a copy with *outlen set.
 */
static char *
opml_fix_amps(const char *data, size_t len, size_t *outlen)
{
	struct buf b;
	const char *p = data, *end = data + len, *amp;
	size_t k;
	int fixed = 0;

	buf_init(&b, 2 * (size_t)OPML_MAX_SIZE);
	while ((amp = memchr(p, '&', (size_t)(end - p))) != NULL) {
		k = opml_ref_len(amp, end);
		if (buf_append(&b, p, (size_t)(amp - p) + (k ? k : 1)) == -1 ||
		    (k == 0 && buf_puts(&b, "amp;") == -1)) {
			buf_free(&b);
			return NULL;
		}
		fixed |= k == 0;
		p = amp + (k ? k : 1);
	}
	if (!fixed || buf_append(&b, p, (size_t)(end - p)) == -1) {
		buf_free(&b);
		return NULL;
	}
	*outlen = b.len;
	return buf_detach(&b);
}

int
opml_parse(const char *data, size_t len, struct opml **out, char *err,
    size_t errlen)
{
	struct opml_walk w;
	struct opml *o;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlNode *root, *n;
	const xmlError *e;
	xmlChar *t;
	char *fixed;
	size_t fixed_len;
	int found_body = 0;

	*out = NULL;
	if (len > OPML_MAX_SIZE) {
		util_errf(err, errlen, "OPML file larger than %d MiB",
		    OPML_MAX_SIZE / (1024 * 1024));
		return -1;
	}
	if (len == 0) {
		util_errf(err, errlen, "OPML file is empty");
		return -1;
	}
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		util_fatal("out of memory");
	ctxt->sax->entityDecl = opml_no_entity_decl;
	ctxt->sax->externalSubset = opml_no_external_subset;
	ctxt->sax->resolveEntity = opml_no_resolve;
	ctxt->sax->serror = opml_quiet;
	ctxt->sax->warning = NULL;
	ctxt->sax->error = NULL;
	fixed = opml_fix_amps(data, len, &fixed_len);
	if (fixed != NULL) {
		data = fixed;
		len = fixed_len;
	}
	/* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID or HUGE. */
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
	    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | OPML_NO_XXE);
	free(fixed);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		e = xmlCtxtGetLastError(ctxt);
		if (e != NULL && e->message != NULL) {
			char *m = str_clean(e->message, strlen(e->message),
			    OPML_CLEAN);

			util_errf(err, errlen, "not an XML file: line %d: %s",
			    e->line, m);
			free(m);
		} else {
			util_errf(err, errlen, "not an XML file");
		}
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return -1;
	}
	xmlFreeParserCtxt(ctxt);
	if (!opml_is(root, "opml")) {
		char *name = urls_show((const char *)root->name, 40);

		util_errf(err, errlen, "not an OPML file: the root element is "
		    "<%s>, not <opml>", name);
		free(name);
		xmlFreeDoc(doc);
		return -1;
	}
	o = xcalloc(1, sizeof *o);
	o->feeds = urls_new();
	if ((n = opml_child(root, "head")) != NULL &&
	    (n = opml_child(n, "title")) != NULL &&
	    (t = xmlNodeGetContent(n)) != NULL) {
		o->title = str_clean((const char *)t, strlen((char *)t),
		    OPML_CLEAN);
		xmlFree(t);
		if (*o->title == '\0') {
			free(o->title);
			o->title = NULL;
		}
	}
	memset(&w, 0, sizeof w);
	w.o = o;
	for (n = root->children; n != NULL; n = n->next) {
		if (!opml_is(n, "body"))
			continue;
		found_body = 1;
		opml_walk(&w, n->children, 0);
	}
	xmlFreeDoc(doc);
	if (!found_body) {
		util_errf(err, errlen, "not an OPML file: <opml> has no "
		    "<body>");
		opml_free(o);
		return -1;
	}
	*out = o;
	return 0;
}

int
opml_import_file(const char *path, struct opml **out, char *err,
    size_t errlen)
{
	struct buf b;
	struct stat st;
	char chunk[65536];
	ssize_t r;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		util_errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		util_errf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	buf_init(&b, OPML_MAX_SIZE);
	for (;;) {
		r = read(fd, chunk, sizeof chunk);
		if (r == 0)
			break;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			util_errf(err, errlen, "%s: %s", path,
			    strerror(errno));
			goto fail;
		}
		if (buf_append(&b, chunk, (size_t)r) == -1) {
			util_errf(err, errlen, "%s: larger than %d MiB",
			    path, OPML_MAX_SIZE / (1024 * 1024));
			goto fail;
		}
	}
	close(fd);
	rc = opml_parse(b.data, b.len, out, err, errlen);
	buf_free(&b);
	return rc;
fail:
	close(fd);
	buf_free(&b);
	return -1;
}

void
opml_merge(const struct urls *existing, const struct opml *o,
    struct opml_merge *m)
{
	const struct urls_entry *e;
	size_t i;

	memset(m, 0, sizeof *m);
	m->add = urls_new();
	m->n_duplicates = o->n_duplicates;
	m->n_ignored = o->n_ignored;
	for (i = 0; i < o->feeds->n_entries; i++) {
		e = &o->feeds->entries[i];
		if (existing != NULL && urls_find(existing, e->url) != NULL) {
			m->n_duplicates++;
			continue;
		}
		if (urls_add(m->add, e->url, e->tags, e->n_tags, e->title,
		    e->hidden, e->line, NULL, 0) != URLS_OK)
			m->n_ignored++;
	}
}

void
opml_merge_free(struct opml_merge *m)
{
	urls_free(m->add);
	m->add = NULL;
}

char *
opml_report(size_t added, size_t duplicates, size_t ignored)
{
	return xasprintf("added %zu feed%s, skipped %zu duplicate%s, "
	    "ignored %zu non-feed entr%s", added, added == 1 ? "" : "s",
	    duplicates, duplicates == 1 ? "" : "s", ignored,
	    ignored == 1 ? "y" : "ies");
}

/* "Tue, 14 Nov 2023 22:13:20 GMT", whatever the locale. */
static void
opml_rfc822(int64_t now, char *out, size_t outlen)
{
	static const char days[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm tm;
	time_t t = (time_t)now;

	if (gmtime_r(&t, &tm) == NULL) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	snprintf(out, outlen, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The category attribute: tags joined by ',' (',' in a tag as '_'); a tag
 * that starts with '/' is written "//tag", as import strips one. */
static char *
opml_category(const struct urls_entry *e)
{
	struct buf b;
	const char *p;
	size_t i;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (i = 0; i < e->n_tags; i++) {
		if (b.len > 0)
			buf_putc(&b, ',');
		if (e->tags[i][0] == '/')
			buf_putc(&b, '/');
		for (p = e->tags[i]; *p != '\0'; p++)
			buf_putc(&b, *p == ',' ? '_' : *p);
	}
	if (e->hidden)
		buf_puts(&b, b.len > 0 ? ",!" : "!");
	return buf_detach(&b);
}

#define W(x) do { if ((x) < 0) goto fail; } while (0)

int
opml_export(FILE *out, const struct urls *u,
    const char *(*title_of)(void *arg, const struct urls_entry *),
    void *arg, int64_t now, char *err, size_t errlen)
{
	xmlBufferPtr xb;
	xmlTextWriterPtr tw;
	const struct urls_entry *e;
	const char *t;
	char *title = NULL, *cat = NULL;
	char date[64];
	size_t i;
	int count = 0;

	xb = xmlBufferCreate();
	if (xb == NULL)
		util_fatal("out of memory");
	tw = xmlNewTextWriterMemory(xb, 0);
	if (tw == NULL)
		util_fatal("out of memory");
	opml_rfc822(now, date, sizeof date);
	W(xmlTextWriterSetIndent(tw, 1));
	W(xmlTextWriterSetIndentString(tw, BAD_CAST "  "));
	W(xmlTextWriterStartDocument(tw, "1.0", "UTF-8", NULL));
	W(xmlTextWriterStartElement(tw, BAD_CAST "opml"));
	W(xmlTextWriterWriteAttribute(tw, BAD_CAST "version",
	    BAD_CAST "2.0"));
	W(xmlTextWriterStartElement(tw, BAD_CAST "head"));
	W(xmlTextWriterWriteElement(tw, BAD_CAST "title",
	    BAD_CAST PACKAGE_NAME " feeds"));
	W(xmlTextWriterWriteElement(tw, BAD_CAST "dateCreated",
	    BAD_CAST date));
	W(xmlTextWriterEndElement(tw));
	W(xmlTextWriterStartElement(tw, BAD_CAST "body"));
	for (i = 0; u != NULL && i < u->n_entries; i++) {
		e = &u->entries[i];
		if (urls_classify(e->url) != URLS_URL_HTTP)
			continue;
		t = e->title;
		if (t == NULL && title_of != NULL)
			t = title_of(arg, e);
		title = str_clean(t, t != NULL ? strlen(t) : 0, OPML_CLEAN);
		cat = opml_category(e);
		W(xmlTextWriterStartElement(tw, BAD_CAST "outline"));
		W(xmlTextWriterWriteAttribute(tw, BAD_CAST "type",
		    BAD_CAST "rss"));
		/* text is required: an untitled feed is named by its URL. */
		W(xmlTextWriterWriteAttribute(tw, BAD_CAST "text",
		    BAD_CAST (*title != '\0' ? title : e->url)));
		if (*title != '\0')
			W(xmlTextWriterWriteAttribute(tw, BAD_CAST "title",
			    BAD_CAST title));
		W(xmlTextWriterWriteAttribute(tw, BAD_CAST "xmlUrl",
		    BAD_CAST e->url));
		if (*cat != '\0')
			W(xmlTextWriterWriteAttribute(tw,
			    BAD_CAST "category", BAD_CAST cat));
		W(xmlTextWriterEndElement(tw));
		free(title);
		free(cat);
		title = cat = NULL;
		count++;
	}
	W(xmlTextWriterEndDocument(tw));
	xmlFreeTextWriter(tw);
	tw = NULL;
	if (fwrite(xmlBufferContent(xb), 1, (size_t)xmlBufferLength(xb),
	    out) != (size_t)xmlBufferLength(xb) || fflush(out) != 0) {
		util_errf(err, errlen, "writing OPML: %s", strerror(errno));
		xmlBufferFree(xb);
		return -1;
	}
	xmlBufferFree(xb);
	return count;
fail:
	util_errf(err, errlen, "writing OPML failed");
	free(title);
	free(cat);
	xmlFreeTextWriter(tw);
	xmlBufferFree(xb);
	return -1;
}
