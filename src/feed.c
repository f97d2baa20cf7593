/*
 * feed.c: the feed model, the parser entry point, and helpers shared by the
 * format parsers (URL resolution, HTML titles to text).
 *
 * Decides the format from the first bytes: '{' means JSON Feed (buffered,
 * bounded by FEED_MAX_JSON), anything else goes to the streaming XML parser.
 * Must never touch the network or the disk.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "feed.h"
#include "feed_xml.h"
#include "str.h"
#include "util.h"

/* White space held before the first byte that tells XML from JSON. */
#define FEED_MAX_HEAD	(64u << 10)

enum parser_kind {
	KIND_UNDECIDED,
	KIND_XML,
	KIND_JSON,
};

struct feed_parser {
	enum parser_kind kind;
	char		*url;
	char		*charset;
	feed_item_cb	 cb;
	void		*arg;
	struct feed	*feed;
	struct feed_xml	*xml;		/* when kind is KIND_XML */
	struct buf	 json;		/* the JSON document, when KIND_JSON */
	struct buf	 head;		/* bytes before the kind is known */
	int		 failed;	/* the callback stopped the parse */
};

static const char *format_names[] = {
	[FEED_FORMAT_UNKNOWN] = "unknown",
	[FEED_FORMAT_RSS090] = "rss0.90",
	[FEED_FORMAT_RSS091] = "rss0.91",
	[FEED_FORMAT_RSS092] = "rss0.92",
	[FEED_FORMAT_RSS093] = "rss0.93",
	[FEED_FORMAT_RSS094] = "rss0.94",
	[FEED_FORMAT_RSS10] = "rss1.0",
	[FEED_FORMAT_RSS20] = "rss2.0",
	[FEED_FORMAT_ATOM03] = "atom0.3",
	[FEED_FORMAT_ATOM10] = "atom1.0",
	[FEED_FORMAT_JSON10] = "json1.0",
	[FEED_FORMAT_JSON11] = "json1.1",
};

/* libxml2's messages go nowhere: parsers report through their own. */
static void
quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static void
init_once(void)
{
	xmlInitParser();
	/* For this thread, and the defaults of threads made later. */
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	xmlThrDefSetGenericErrorFunc(NULL, quiet_generic);
	xmlThrDefSetStructuredErrorFunc(NULL, quiet_structured);
}

void
feed_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, init_once);
}

const char *
feed_format_name(enum feed_format f)
{
	if ((size_t)f >= UTIL_ARRAY_LEN(format_names))
		return "unknown";
	return format_names[f];
}

struct feed *
feed_new(void)
{
	struct feed *f = xcalloc(1, sizeof *f);

	f->updated = DATE_NONE;
	return f;
}

static void
free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void
feed_free(struct feed *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->title);
	free(f->link);
	free(f->description);
	free(f->language);
	free(f->author);
	free(f->image);
	for (i = 0; i < f->n_items; i++)
		feed_item_free(f->items[i]);
	free(f->items);
	free(f);
}

struct feed_item *
feed_item_new(void)
{
	struct feed_item *it = xcalloc(1, sizeof *it);

	it->published = DATE_NONE;
	it->updated = DATE_NONE;
	return it;
}

void
feed_item_clear(struct feed_item *it)
{
	size_t i;

	free(it->title);
	free(it->link);
	free(it->guid);
	free(it->author);
	free_list(it->authors, it->n_authors);
	free(it->summary);
	free(it->content);
	for (i = 0; i < it->n_enclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	free_list(it->categories, it->n_categories);
	free(it->comments);
	free(it->image);
	free(it->duration);
	memset(it, 0, sizeof *it);
	it->published = DATE_NONE;
	it->updated = DATE_NONE;
}

void
feed_item_free(struct feed_item *it)
{
	if (it == NULL)
		return;
	feed_item_clear(it);
	free(it);
}

int
feed_add_item(struct feed *f, struct feed_item *it)
{
	if (f->n_items >= FEED_MAX_ITEMS) {
		feed_item_free(it);
		return -1;
	}
	if (f->n_items == f->items_cap) {
		f->items_cap = f->items_cap ? f->items_cap * 2 : 16;
		f->items = xreallocarray(f->items, f->items_cap,
		    sizeof *f->items);
	}
	f->items[f->n_items++] = it;
	return 0;
}

int
feed_list_add(char ***list, size_t *n, const char *s)
{
	size_t i;

	if (s == NULL || str_is_blank(s) || *n >= FEED_MAX_LIST)
		return -1;
	for (i = 0; i < *n; i++)
		if (strcmp((*list)[i], s) == 0)
			return 0;
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = xstrdup(s);
	return 0;
}

int
feed_add_enclosure(struct feed_item *it, const char *url, const char *type,
    int64_t length)
{
	struct feed_enclosure *e;
	size_t i;

	if (url == NULL || *url == '\0' || it->n_enclosures >= FEED_MAX_LIST)
		return -1;
	for (i = 0; i < it->n_enclosures; i++)
		if (strcmp(it->enclosures[i].url, url) == 0)
			return 0;
	it->enclosures = xreallocarray(it->enclosures, it->n_enclosures + 1,
	    sizeof *it->enclosures);
	e = &it->enclosures[it->n_enclosures++];
	e->url = xstrdup(url);
	e->type = type != NULL ? str_clean(type, strlen(type),
	    STR_FOLD_SPACE | STR_TRIM) : NULL;
	if (e->type != NULL && *e->type == '\0') {
		free(e->type);
		e->type = NULL;
	}
	e->length = length;
	return 0;
}

void
feed_item_finish(struct feed_item *it)
{
	uint64_t h;

	if (it->author == NULL && it->n_authors > 0)
		it->author = xstrdup(it->authors[0]);
	if (it->guid != NULL)
		return;
	it->guid_derived = 1;
	if (it->link != NULL) {
		it->guid = xstrdup(it->link);
		return;
	}
	h = util_hash64(it->title ? it->title : "",
	    it->title ? strlen(it->title) : 0, 0);
	h = util_hash64("\n", 1, h);
	if (it->content != NULL)
		h = util_hash64(it->content, strlen(it->content), h);
	else if (it->summary != NULL)
		h = util_hash64(it->summary, strlen(it->summary), h);
	it->guid = xasprintf("tidings:%016llx", (unsigned long long)h);
}

/*
 * Resolves ref against base; returns a new string, or NULL when ref is
 * empty. A reference libxml2 cannot parse is kept as given.
 */
char *
feed_resolve_url(const char *base, const char *ref)
{
	xmlChar *u;
	char *r, *clean;

	if (ref == NULL)
		return NULL;
	clean = str_clean(ref, strlen(ref), STR_FOLD_SPACE | STR_TRIM);
	if (*clean == '\0') {
		free(clean);
		return NULL;
	}
	if (base == NULL || *base == '\0')
		return clean;
	u = xmlBuildURI((const xmlChar *)clean, (const xmlChar *)base);
	if (u == NULL)
		return clean;
	r = xstrdup((const char *)u);
	xmlFree(u);
	free(clean);
	return r;
}

static int
is_block(const char *name)
{
	static const char *blocks[] = {
		"p", "br", "div", "li", "tr", "td", "th", "h1", "h2", "h3",
		"h4", "h5", "h6", "blockquote", "pre", "hr", "dt", "dd",
	};
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(blocks); i++)
		if (strcmp(name, blocks[i]) == 0)
			return 1;
	return 0;
}

static void
collect_text(xmlNode *n, struct buf *b, int depth)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				buf_puts(b, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE &&
		    depth < FEED_MAX_DEPTH) {
			const char *name = (const char *)n->name;

			if (strcmp(name, "script") == 0 ||
			    strcmp(name, "style") == 0)
				continue;
			if (is_block(name))
				buf_putc(b, ' ');
			collect_text(n->children, b, depth + 1);
			if (is_block(name))
				buf_putc(b, ' ');
		}
	}
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Is p ("&...") a character or entity reference: &amp; &#38; &#x26;? */
static int
is_reference(const char *p)
{
	const char *q = p + 1;

	if (q[0] == '#' && (q[1] == 'x' || q[1] == 'X')) {
		for (q += 2; is_hex(*q); q++)
			;
		return *q == ';' && q > p + 3;
	}
	if (q[0] == '#') {
		for (q++; *q >= '0' && *q <= '9'; q++)
			;
		return *q == ';' && q > p + 2;
	}
	if (!is_alpha(*q))
		return 0;
	while (is_alpha(*q) || (*q >= '0' && *q <= '9'))
		q++;
	return *q == ';';
}

/*
 * Does s look like markup rather than plain text? A tag must be closed:
 * "<!DOCTYPE ~" or "<no title" in a title is text.
 */
static int
looks_like_html(const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (p[0] == '<' && (p[1] == '/' || p[1] == '!' ||
		    (p[1] >= 'a' && p[1] <= 'z') ||
		    (p[1] >= 'A' && p[1] <= 'Z')) && strchr(p, '>') != NULL)
			return 1;
		if (p[0] == '&' && is_reference(p))
			return 1;
	}
	return 0;
}

/*
 * Reduces HTML (a title, an author) to one line of plain text: tags
 * dropped, entities decoded, white space folded. Plain text passes through
 * str_clean only, so "AT&T" and "a < b" survive.
 */
char *
feed_text_from_html(const char *s)
{
	htmlDocPtr doc;
	struct buf b;
	char *r;
	size_t len;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	if (!looks_like_html(s) || len > FEED_MAX_BODY)
		return str_clean(s, len, STR_FOLD_SPACE | STR_TRIM);
	doc = htmlReadMemory(s, (int)len, NULL, "UTF-8", HTML_PARSE_RECOVER |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	    HTML_PARSE_NOIMPLIED | HTML_PARSE_NOBLANKS);
	if (doc == NULL)
		return str_clean(s, len, STR_FOLD_SPACE | STR_TRIM);
	buf_init(&b, FEED_MAX_BODY);
	collect_text(doc->children, &b, 0);
	xmlFreeDoc(doc);
	r = str_clean(buf_str(&b), b.len, STR_FOLD_SPACE | STR_TRIM);
	buf_free(&b);
	return r;
}

struct feed_parser *
feed_parser_new(const char *url, const char *charset, feed_item_cb cb,
    void *arg)
{
	struct feed_parser *p = xcalloc(1, sizeof *p);

	feed_init();
	p->url = url ? xstrdup(url) : NULL;
	p->charset = (charset && *charset) ? xstrdup(charset) : NULL;
	p->cb = cb;
	p->arg = arg;
	p->feed = feed_new();
	buf_init(&p->json, FEED_MAX_JSON);
	buf_init(&p->head, 0);
	return p;
}

void
feed_parser_free(struct feed_parser *p)
{
	if (p == NULL)
		return;
	feed_xml_free(p->xml);
	feed_free(p->feed);
	buf_free(&p->json);
	buf_free(&p->head);
	free(p->url);
	free(p->charset);
	free(p);
}

/* Decides the kind from the first non-blank byte (after any UTF-8 BOM). */
static enum parser_kind
sniff(const char *s, size_t n, int final)
{
	size_t i = 0;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		return c == '{' ? KIND_JSON : KIND_XML;
	}
	return final ? KIND_XML : KIND_UNDECIDED;
}

static int
parser_feed_bytes(struct feed_parser *p, const char *s, size_t n)
{
	if (p->kind == KIND_JSON) {
		if (buf_append(&p->json, s, n) == -1)
			return -1;
		return 0;
	}
	return feed_xml_push(p->xml, s, n);
}

static int
parser_decide(struct feed_parser *p, int final)
{
	p->kind = sniff(buf_str(&p->head), p->head.len, final);
	if (p->kind == KIND_UNDECIDED)
		return 0;
	if (p->kind == KIND_XML)
		p->xml = feed_xml_new(p->feed, p->url, p->charset, p->cb,
		    p->arg);
	if (p->head.len > 0 &&
	    parser_feed_bytes(p, p->head.data, p->head.len) == -1)
		return -1;
	buf_free(&p->head);
	return 0;
}

int
feed_parser_push(struct feed_parser *p, const char *s, size_t n)
{
	if (p->failed)
		return -1;
	if (p->kind == KIND_UNDECIDED) {
		buf_append(&p->head, s, n);
		/*
		 * A document of white space so far stays undecided, but not
		 * for ever: past FEED_MAX_HEAD bytes it goes to the XML parser.
		 */
		if (parser_decide(p, p->head.len > FEED_MAX_HEAD) == -1)
			return p->failed = -1;
		return 0;
	}
	if (parser_feed_bytes(p, s, n) == -1)
		return p->failed = -1;
	return 0;
}

int
feed_parser_finish(struct feed_parser *p, char *err, size_t errlen)
{
	if (p->kind == KIND_UNDECIDED) {
		if (p->head.len == 0 || str_is_blank(buf_str(&p->head))) {
			util_errf(err, errlen, "empty document");
			return -1;
		}
		if (parser_decide(p, 1) == -1) {
			util_errf(err, errlen, "could not read the document");
			return -1;
		}
	}
	if (p->kind == KIND_JSON) {
		if (p->json.overflow) {
			util_errf(err, errlen, "JSON Feed larger than %u MiB",
			    FEED_MAX_JSON >> 20);
			return -1;
		}
		return feed_json_parse(p->feed, buf_str(&p->json), p->json.len,
		    p->url, p->cb, p->arg, err, errlen);
	}
	return feed_xml_finish(p->xml, err, errlen);
}

const char *
feed_parser_warning(const struct feed_parser *p)
{
	return p->kind == KIND_XML && p->xml != NULL ?
	    feed_xml_warning(p->xml) : NULL;
}

struct feed *
feed_parser_feed(struct feed_parser *p)
{
	return p->feed;
}

struct feed *
feed_parser_take(struct feed_parser *p)
{
	struct feed *f = p->feed;

	p->feed = NULL;
	if (p->xml != NULL) {
		feed_xml_free(p->xml);
		p->xml = NULL;
	}
	return f;
}

struct feed *
feed_parse(const char *data, size_t len, const char *url, const char *charset,
    char *err, size_t errlen)
{
	struct feed_parser *p;
	struct feed *f = NULL;

	p = feed_parser_new(url, charset, NULL, NULL);
	if (feed_parser_push(p, data, len) == 0 &&
	    feed_parser_finish(p, err, errlen) == 0)
		f = feed_parser_take(p);
	else if (err != NULL && errlen > 0 && err[0] == '\0')
		util_errf(err, errlen, "could not read the document");
	feed_parser_free(p);
	return f;
}
