/*
 * readability.c: reader mode: finds the article in a web page and gives it
 * back as clean HTML with the page's metadata.
 *
 * The algorithm follows Mozilla's Readability.js (itself Arc90's), on
 * libxml2's HTML tree: prepare the page (noscript images, scripts, styles,
 * <br><br> runs, font tags), read its metadata, then grab the article:
 * walk the tree dropping hidden and unlikely blocks, score paragraphs,
 * pick the best candidate and its siblings, clean the result; when that
 * yields under RD_CHAR_THRESHOLD characters, parse again with fewer rules
 * and keep the longest attempt. Finally the article is written out with
 * only known elements and safe attributes, its URLs made absolute.
 *
 * Must never fetch anything, keep a script, style, event handler or
 * javascript: link, recurse on the page's nesting (every walk is
 * iterative; the one recursive helper has a depth bound), let a control
 * character into a string it returns, or trust a size or count in the page.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "buf.h"
#include "date.h"
#include "json.h"
#include "readability.h"
#include "str.h"
#include "util.h"

#define RD_CHAR_THRESHOLD	500	/* characters an article should reach */
#define RD_TOP_CANDIDATES	5	/* best candidates remembered */
#define RD_MIN_ALTERNATIVES	3	/* near-best ones that share a parent */
#define RD_SOLE_SHARE		0.8	/* of paragraph text in an <article> */
#define RD_MAX_JSONLD		(1u << 20)	/* bytes of a JSON-LD script */
#define RD_MAX_OUTPUT		(16u << 20)	/* bytes of article HTML */
#define RD_MAX_MATCH		1024	/* bytes of class and id looked at */
#define RD_MAX_PHRASING_DEPTH	64	/* deeper links are not phrasing */
#define RD_MAX_URL		8192	/* longer URLs are dropped */
#define RD_MAX_META_VALUES	256	/* <meta> values remembered */

#define RD_MAX_DEPTH		256	/* deeper elements are unwrapped */
#define RD_MAX_STEPS		20000000UL	/* node visits per page */

#define RD_FLAG_STRIP_UNLIKELY	0x1	/* drop blocks with unlikely names */
#define RD_FLAG_WEIGHT_CLASSES	0x2	/* class and id names weigh */
#define RD_FLAG_CLEAN_COND	0x4	/* drop blocks that look like lists */
#define RD_FLAG_ALL		0x7

#define RD_I_SCORED	0x1	/* the node is a candidate with a score */
#define RD_I_DATATABLE	0x2	/* a table holding data, not layout */

/* What the scorer remembers about a node; hung on node->_private. */
struct rd_info {
	double		 score;		/* content score */
	unsigned	 flags;		/* RD_I_* */
};

/* A growable list of nodes. */
struct rd_nodes {
	xmlNode		**v;
	size_t		 n;
	size_t		 cap;
};

/* How the page's bytes are handed to libxml2. */
struct rd_source {
	char		*data;		/* the bytes, owned */
	size_t		 len;
	const char	*encoding;	/* "UTF-8" or the charset found */
	char		 charset[64];	/* storage for encoding */
};

/* Metadata read from the page before the article is looked for. */
struct rd_meta {
	char		*title;
	char		*byline;
	char		*excerpt;
	char		*site_name;
	char		*published;
	char		*doc_title;	/* <title>, cleaned up as a title */
	char		*base;		/* URL relative links resolve against */
	int		 base_is_page;	/* base is the page's own URL */
};

/* State of one attempt at grabbing the article. */
struct rd_ctx {
	xmlDoc		*doc;
	int		 flags;		/* RD_FLAG_* still in force */
	const char	*title;		/* headings repeating it are dropped */
	int		 have_byline;	/* the metadata names the author */
	char		*byline;	/* a byline found in the text */
	struct rd_nodes	 trash;		/* unlinked nodes, freed at the end */
	struct rd_info	**info;		/* every rd_info handed out */
	size_t		 ninfo;
	size_t		 infocap;
};

/* One attempt's result. */
struct rd_attempt {
	char		*html;
	size_t		 length;	/* characters of text */
	char		*first_p;	/* text of the first paragraph */
	char		*time;		/* first <time datetime> */
};

/* Names (lowercase) that make a block unlikely to be the article. */
static const char *const rd_unlikely[] = {
	"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment",
	"community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
	"header", "legends", "menu", "related", "remark", "replies", "rss",
	"shoutbox", "sidebar", "skyscraper", "social", "sponsor",
	"supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
	"yom-remote", NULL
};
/* Whole words (between non-word characters) that are as unlikely. */
static const char *const rd_unlikely_words[] = {
	"nav", "navbar", "navigation", "cookie", "cookies", "consent", "ad",
	"ads", "advert", "advertisement", "promo", "newsletter", "subscribe",
	"paywall", NULL
};
/* Names that save an unlikely-looking block. */
static const char *const rd_maybe[] = {
	"and", "article", "body", "column", "content", "main", "mathjax",
	"shadow", NULL
};
static const char *const rd_negative[] = {
	"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact",
	"footer", "gdpr", "masthead", "media", "meta", "outbrain", "promo",
	"related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
	"sponsor", "shopping", "tags", "widget", NULL
};
static const char *const rd_positive[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main",
	"page", "pagination", "post", "text", "blog", "story", NULL
};
static const char *const rd_byline_names[] = {
	"byline", "author", "dateline", "writtenby", "p-author", NULL
};
static const char *const rd_unlikely_roles[] = {
	"menu", "menubar", "complementary", "navigation", "alert",
	"alertdialog", "dialog", NULL
};
static const char *const rd_phrasing[] = {
	"abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data",
	"datalist", "dfn", "em", "embed", "i", "img", "input", "kbd", "label",
	"mark", "math", "meter", "noscript", "object", "output", "progress",
	"q", "ruby", "samp", "script", "select", "small", "span", "strong",
	"sub", "sup", "textarea", "time", "var", "wbr", NULL
};
/* Children that keep a div from becoming a paragraph. */
static const char *const rd_div_to_p[] = {
	"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
	NULL
};
static const char *const rd_to_score[] = {
	"section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", NULL
};
/* Siblings of the best block kept under their own name. */
static const char *const rd_keep_tag[] = {
	"div", "article", "section", "p", "ol", "ul", "blockquote", "pre",
	"figure", "dl", "h2", "h3", "h4", "h5", "h6", NULL
};
static const char *const rd_textish[] = {
	"span", "li", "td", "blockquote", "dl", "div", "img", "ol", "p", "pre",
	"table", "ul", NULL
};
static const char *const rd_headings[] = {
	"h1", "h2", "h3", "h4", "h5", "h6", NULL
};
static const char *const rd_embeds[] = {
	"object", "embed", "iframe", NULL
};
/* What keeps an empty paragraph. */
static const char *const rd_media[] = {
	"img", "embed", "object", "iframe", NULL
};
static const char *const rd_video_hosts[] = {
	"dailymotion.com", "youtube.com", "youtube-nocookie.com",
	"player.vimeo.com", "v.qq.com", "archive.org", "upload.wikimedia.org",
	"player.twitch.tv", NULL
};
static const char *const rd_article_types[] = {
	"Article", "Report", "SocialMediaPosting", "BlogPosting",
	"LiveBlogPosting", "DiscussionForumPosting", "APIReference", NULL
};

/*
 * Nodes visited by the walks of the extraction running on this thread.
 * Scoring and cleaning visit subtrees again and again; past RD_MAX_STEPS
 * the page is given up on rather than the caller kept waiting.
 */
static _Thread_local unsigned long rd_steps;

static int
rd_busy(void)
{
	return rd_steps > RD_MAX_STEPS;
}

/* ---- Small helpers over names and strings. ---- */

static int
rd_in(const char *s, const char *const *list)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; list[i] != NULL; i++)
		if (s[0] == list[i][0] && strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* True when lowercase s contains any of the lowercase needles. */
static int
rd_contains_any(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strstr(s, list[i]) != NULL)
			return 1;
	return 0;
}

static int
rd_is_word_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* True when lowercase s holds word w between word boundaries. */
static int
rd_has_word(const char *s, const char *w)
{
	const char *p = s;
	size_t n = strlen(w);

	while ((p = strstr(p, w)) != NULL) {
		if ((p == s || !rd_is_word_char((unsigned char)p[-1])) &&
		    !rd_is_word_char((unsigned char)p[n]))
			return 1;
		p++;
	}
	return 0;
}

static int
rd_has_any_word(const char *s, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (rd_has_word(s, words[i]))
			return 1;
	return 0;
}

/* True when lowercase s holds "hid" as a whole space-separated word. */
static int
rd_has_hid(const char *s)
{
	const char *p = s;

	while ((p = strstr(p, "hid")) != NULL) {
		if ((p == s || p[-1] == ' ') && (p[3] == '\0' || p[3] == ' '))
			return 1;
		p++;
	}
	return 0;
}

static int
rd_is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v' || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

static int
rd_is_comma(uint32_t c)
{
	return c == 0x2c || c == 0x60c || c == 0xfe50 || c == 0xfe10 ||
	    c == 0xfe11 || c == 0x2e41 || c == 0x2e34 || c == 0x2e32 ||
	    c == 0xff0c;
}

/* Decodes one character of s[0..n); never returns a length of 0. */
static size_t
rd_decode(const char *s, size_t n, uint32_t *cp)
{
	size_t k = str_utf8_decode(s, n, cp);

	return k == 0 ? 1 : k;
}

/* Number of words in s as JavaScript's s.split(/\s+/).length counts. */
static size_t
rd_word_count(const char *s)
{
	size_t i = 0, n = strlen(s), runs = 0, k;
	uint32_t c;
	int in = 0;

	while (i < n) {
		k = rd_decode(s + i, n - i, &c);
		if (rd_is_space(c)) {
			if (!in)
				runs++;
			in = 1;
		} else
			in = 0;
		i += k;
	}
	return runs + 1;
}

/* Cuts a malloc'd string to at most max bytes on a character boundary. */
static char *
rd_cut(char *s, size_t max)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	s[n] = '\0';
	return s;
}

/* A one-line, trimmed, bounded copy of s; NULL when s is blank. */
static char *
rd_clean_line(const char *s)
{
	char *r;

	if (s == NULL)
		return NULL;
	r = str_clean(s, strlen(s), STR_FOLD_SPACE | STR_TRIM);
	if (*r == '\0') {
		free(r);
		return NULL;
	}
	return rd_cut(r, READABILITY_MAX_META);
}

/* Decodes the character references a metadata string may still hold. */
static char *
rd_unescape(const char *s)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' }, { "nbsp;", 0xa0 },
	};
	struct buf b;
	size_t i, j, n;
	char enc[4];
	uint32_t cp;
	char *end;
	int done;

	buf_init(&b, 0);
	for (i = 0; s[i] != '\0'; i++) {
		done = 0;
		if (s[i] == '&' && s[i + 1] == '#') {
			if (s[i + 2] == 'x' || s[i + 2] == 'X')
				cp = (uint32_t)strtoul(s + i + 3, &end, 16);
			else
				cp = (uint32_t)strtoul(s + i + 2, &end, 10);
			if (*end == ';' && end > s + i + 2 && cp > 0 &&
			    cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
				n = str_utf8_encode(cp, enc);
				buf_append(&b, enc, n);
				i = (size_t)(end - s);
				done = 1;
			}
		} else if (s[i] == '&') {
			for (j = 0; j < UTIL_ARRAY_LEN(named); j++) {
				n = strlen(named[j].name);
				if (strncmp(s + i + 1, named[j].name, n) == 0) {
					buf_append(&b, enc,
					    str_utf8_encode(named[j].cp, enc));
					i += n;
					done = 1;
					break;
				}
			}
		}
		if (!done)
			buf_putc(&b, s[i]);
	}
	return buf_detach(&b);
}

/* A metadata string: entities decoded, one line, bounded; or NULL. */
static char *
rd_meta_string(const char *s)
{
	char *u, *r;

	if (s == NULL)
		return NULL;
	u = rd_unescape(s);
	r = rd_clean_line(u);
	free(u);
	return r;
}

/* ---- Node helpers. ---- */

static int
rd_is_elem(const xmlNode *n)
{
	return n != NULL && n->type == XML_ELEMENT_NODE;
}

static int
rd_is(const xmlNode *n, const char *tag)
{
	return rd_is_elem(n) && strcmp((const char *)n->name, tag) == 0;
}

static int
rd_is_in(const xmlNode *n, const char *const *tags)
{
	return rd_is_elem(n) && rd_in((const char *)n->name, tags);
}

static int
rd_is_text(const xmlNode *n)
{
	return n != NULL && (n->type == XML_TEXT_NODE ||
	    n->type == XML_CDATA_SECTION_NODE);
}

/* The value of attribute name (lowercase), or NULL when absent. */
static const char *
rd_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	if (!rd_is_elem(n))
		return NULL;
	for (a = n->properties; a != NULL; a = a->next) {
		if (a->name == NULL ||
		    str_casecmp_ascii((const char *)a->name, name) != 0)
			continue;
		if (a->children != NULL && a->children->content != NULL)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

static void
rd_set_attr(xmlNode *n, const char *name, const char *value)
{
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

static xmlNode *
rd_first_elem(const xmlNode *n)
{
	xmlNode *k;

	for (k = n->children; k != NULL; k = k->next)
		if (rd_is_elem(k))
			return k;
	return NULL;
}

static xmlNode *
rd_next_elem(const xmlNode *n)
{
	xmlNode *k;

	for (k = n->next; k != NULL; k = k->next)
		if (rd_is_elem(k))
			return k;
	return NULL;
}

static xmlNode *
rd_prev_elem(const xmlNode *n)
{
	xmlNode *k;

	for (k = n->prev; k != NULL; k = k->prev)
		if (rd_is_elem(k))
			return k;
	return NULL;
}

static size_t
rd_elem_count(const xmlNode *n)
{
	size_t c = 0;
	xmlNode *k;

	for (k = n->children; k != NULL; k = k->next)
		if (rd_is_elem(k))
			c++;
	return c;
}

/*
 * The node after n in document order inside root (all node types), not
 * entering n's children when skip is set; NULL at the end of root.
 */
static xmlNode *
rd_walk(const xmlNode *root, const xmlNode *n, int skip)
{
	rd_steps++;
	if (!skip && (rd_is_elem(n) || n->type == XML_DOCUMENT_NODE ||
	    n->type == XML_HTML_DOCUMENT_NODE) && n->children != NULL)
		return n->children;
	while (n != NULL && n != root) {
		if (n->next != NULL)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

/* The next element in document order (Readability's _getNextNode). */
static xmlNode *
rd_next_node(xmlNode *n, int skip_kids)
{
	xmlNode *k;

	rd_steps++;
	if (!skip_kids && (k = rd_first_elem(n)) != NULL)
		return k;
	while (rd_is_elem(n)) {
		if ((k = rd_next_elem(n)) != NULL)
			return k;
		n = n->parent;
	}
	return NULL;
}

static void
rd_nodes_push(struct rd_nodes *l, xmlNode *n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = n;
}

static void
rd_nodes_free(struct rd_nodes *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Descendants of root (not root) named by tags, in document order. */
static void
rd_collect(const xmlNode *root, const char *const *tags, struct rd_nodes *l)
{
	const xmlNode *n;

	for (n = rd_walk(root, root, 0); n != NULL; n = rd_walk(root, n, 0))
		if (rd_is_in(n, tags))
			rd_nodes_push(l, (xmlNode *)n);
}

static void
rd_collect1(const xmlNode *root, const char *tag, struct rd_nodes *l)
{
	const char *tags[2] = { tag, NULL };

	rd_collect(root, tags, l);
}

static size_t
rd_count(const xmlNode *root, const char *tag)
{
	const xmlNode *n;
	size_t c = 0;

	for (n = rd_walk(root, root, 0); n != NULL; n = rd_walk(root, n, 0))
		if (rd_is(n, tag))
			c++;
	return c;
}

static int
rd_is_ancestor(const xmlNode *anc, const xmlNode *n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

static struct rd_info *
rd_info(const xmlNode *n)
{
	return rd_is_elem(n) ? n->_private : NULL;
}

static struct rd_info *
rd_info_make(struct rd_ctx *c, xmlNode *n)
{
	struct rd_info *i = n->_private;

	if (i != NULL)
		return i;
	if (c->ninfo == c->infocap) {
		c->infocap = c->infocap ? c->infocap * 2 : 64;
		c->info = xreallocarray(c->info, c->infocap,
		    sizeof(*c->info));
	}
	i = xcalloc(1, sizeof(*i));
	c->info[c->ninfo++] = i;
	n->_private = i;
	return i;
}

static int
rd_is_data_table(const xmlNode *n)
{
	struct rd_info *i = rd_info(n);

	return i != NULL && (i->flags & RD_I_DATATABLE);
}

/*
 * True when an ancestor of n is tag (and a data table when data_table
 * is set), looking at most max_depth levels up (all when max_depth < 1).
 */
static int
rd_has_ancestor(const xmlNode *n, const char *tag, int max_depth,
    int data_table)
{
	int depth = 0;

	for (; n->parent != NULL; n = n->parent, depth++) {
		if (max_depth > 0 && depth > max_depth)
			return 0;
		if (rd_is(n->parent, tag) &&
		    (!data_table || rd_is_data_table(n->parent)))
			return 1;
	}
	return 0;
}

/* ---- Tree surgery: libxml2's own helpers merge text nodes. ---- */

/* Unlinks n; the node stays valid until the attempt ends. */
static void
rd_remove(struct rd_ctx *c, xmlNode *n)
{
	xmlUnlinkNode(n);
	rd_nodes_push(&c->trash, n);
}

static void
rd_append(xmlNode *parent, xmlNode *n)
{
	xmlUnlinkNode(n);
	n->parent = parent;
	n->prev = parent->last;
	n->next = NULL;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
}

/* Puts n (unlinked) where ref is, and unlinks ref. */
static void
rd_replace(xmlNode *ref, xmlNode *n)
{
	xmlUnlinkNode(n);
	n->parent = ref->parent;
	n->prev = ref->prev;
	n->next = ref->next;
	if (ref->prev != NULL)
		ref->prev->next = n;
	else if (ref->parent != NULL)
		ref->parent->children = n;
	if (ref->next != NULL)
		ref->next->prev = n;
	else if (ref->parent != NULL)
		ref->parent->last = n;
	ref->parent = ref->prev = ref->next = NULL;
}

static xmlNode *
rd_new_elem(struct rd_ctx *c, const char *tag)
{
	xmlNode *n = xmlNewDocNode(c->doc, NULL, (const xmlChar *)tag, NULL);

	if (n == NULL)
		util_fatal("out of memory");
	return n;
}

static void
rd_set_tag(xmlNode *n, const char *tag)
{
	xmlNodeSetName(n, (const xmlChar *)tag);
}

/* Removes n and returns the element that came after it. */
static xmlNode *
rd_remove_and_next(struct rd_ctx *c, xmlNode *n)
{
	xmlNode *next = rd_next_node(n, 1);

	rd_remove(c, n);
	return next;
}

/* ---- Text. ---- */

/*
 * Length in characters of n's text with white space folded and trimmed
 * (Readability's _getInnerText(n).length); also counts commas.
 */
static size_t
rd_text_len2(const xmlNode *root, size_t *commas, int fold)
{
	const xmlNode *n;
	size_t len = 0, pend = 0, i, k, nb;
	const char *s;
	uint32_t c;
	int started = 0;

	if (commas != NULL)
		*commas = 0;
	for (n = root; n != NULL; n = rd_walk(root, n, 0)) {
		if (!rd_is_text(n) || n->content == NULL)
			continue;
		s = (const char *)n->content;
		nb = strlen(s);
		rd_steps += nb / 32;
		for (i = 0; i < nb; i += k) {
			k = rd_decode(s + i, nb - i, &c);
			if (rd_is_space(c)) {
				pend++;
				continue;
			}
			if (started && pend > 0)
				len += fold ? 1 : pend;
			pend = 0;
			started = 1;
			len++;
			if (commas != NULL && rd_is_comma(c))
				(*commas)++;
		}
	}
	return len;
}

static size_t
rd_text_len(const xmlNode *n)
{
	return rd_text_len2(n, NULL, 1);
}

/* n's text, trimmed, with white space folded to single spaces if fold. */
static char *
rd_text(const xmlNode *root, int fold)
{
	const xmlNode *n;
	struct buf b;
	size_t i, k, nb;
	const char *s;
	uint32_t c;
	int started = 0;
	struct buf pend;

	buf_init(&b, RD_MAX_OUTPUT);
	buf_init(&pend, 0);
	for (n = root; n != NULL; n = rd_walk(root, n, 0)) {
		if (!rd_is_text(n) || n->content == NULL)
			continue;
		s = (const char *)n->content;
		nb = strlen(s);
		rd_steps += nb / 32;
		for (i = 0; i < nb; i += k) {
			k = rd_decode(s + i, nb - i, &c);
			if (rd_is_space(c)) {
				if (started && (!fold || pend.len == 0))
					buf_append(&pend, fold ? " " : s + i,
					    fold ? 1 : k);
				continue;
			}
			if (pend.len > 0)
				buf_append(&b, pend.data, pend.len);
			buf_reset(&pend);
			started = 1;
			buf_append(&b, s + i, k);
		}
	}
	buf_free(&pend);
	return buf_detach(&b);
}

/* Raw length of n's text in characters (textContent.length). */
static size_t
rd_raw_len(const xmlNode *root)
{
	const xmlNode *n;
	const char *s;
	size_t len = 0;

	for (n = root; n != NULL; n = rd_walk(root, n, 0)) {
		if (!rd_is_text(n) || n->content == NULL)
			continue;
		for (s = (const char *)n->content; *s != '\0'; s++)
			if (((unsigned char)*s & 0xc0) != 0x80)
				len++;
	}
	return len;
}

/* True when n holds no text but white space. */
static int
rd_is_blank_node(const xmlNode *root)
{
	const xmlNode *n;
	const char *s;
	size_t i, k, nb;
	uint32_t c;

	for (n = root; n != NULL; n = rd_walk(root, n, 0)) {
		if (!rd_is_text(n) || n->content == NULL)
			continue;
		s = (const char *)n->content;
		nb = strlen(s);
		rd_steps += nb / 32;
		for (i = 0; i < nb; i += k) {
			k = rd_decode(s + i, nb - i, &c);
			if (!rd_is_space(c))
				return 0;
		}
	}
	return 1;
}

static size_t
rd_count_char(const xmlNode *root, char ch)
{
	const xmlNode *n;
	const char *s;
	size_t c = 0;

	for (n = root; n != NULL; n = rd_walk(root, n, 0)) {
		if (!rd_is_text(n) || n->content == NULL)
			continue;
		for (s = (const char *)n->content; *s != '\0'; s++)
			if (*s == ch)
				c++;
	}
	return c;
}

/* Share of n's text inside links; in-page links count for 0.3. */
static double
rd_link_density(const xmlNode *root)
{
	const xmlNode *n;
	size_t len = rd_text_len(root);
	double links = 0;
	const char *href;

	if (len == 0)
		return 0;
	for (n = rd_walk(root, root, 0); n != NULL; n = rd_walk(root, n, 0)) {
		if (!rd_is(n, "a"))
			continue;
		href = rd_attr(n, "href");
		links += (double)rd_text_len(n) *
		    (href != NULL && href[0] == '#' && href[1] != '\0' ?
		    0.3 : 1);
	}
	return links / (double)len;
}

/* Share of n's text inside descendants named by tags. */
static double
rd_text_density(const xmlNode *root, const char *const *tags)
{
	struct rd_nodes l = { 0 };
	size_t len = rd_text_len(root), in = 0, i;

	if (len == 0)
		return 0;
	rd_collect(root, tags, &l);
	for (i = 0; i < l.n; i++)
		in += rd_text_len(l.v[i]);
	rd_nodes_free(&l);
	return (double)in / (double)len;
}

/*
 * True when some text of root lies in a span, li, td or block below it
 * (Readability's text density of those tags being above zero).
 */
static int
rd_has_textish_text(const xmlNode *root)
{
	const xmlNode *n, *a;

	for (n = rd_walk(root, root, 0); n != NULL; n = rd_walk(root, n, 0)) {
		if (!rd_is_text(n) || rd_is_blank_node(n))
			continue;
		for (a = n->parent; a != NULL && a != root; a = a->parent)
			if (rd_is_in(a, rd_textish))
				return 1;
	}
	return 0;
}

/* Lowercases s and turns all but word characters into spaces. */
static void
rd_tokens(char *s)
{
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			*s = (char)(c + 32);
		else if (c < 0x80 && !rd_is_word_char(c))
			*s = ' ';
	}
}

/*
 * Readability's _textSimilarity(): 1 minus the share of b's words (by
 * length) that a lacks. Words are runs of ASCII word characters and of
 * non-ASCII bytes.
 */
static double
rd_text_similarity(const char *a, const char *b)
{
	char *ta = xasprintf(" %s ", a), *tb = xstrdup(b), *p, *w, *needle;
	size_t all = 0, uniq = 0, wl;

	rd_tokens(ta);
	rd_tokens(tb);
	for (p = tb; *p != '\0';) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		wl = (size_t)(p - w);
		all += wl + (all > 0);
		needle = xasprintf(" %.*s ", (int)wl, w);
		if (strstr(ta, needle) == NULL)
			uniq += wl + (uniq > 0);
		free(needle);
	}
	free(ta);
	free(tb);
	return all == 0 ? 0 : 1 - (double)uniq / (double)all;
}

/* ---- Visibility and names. ---- */

/* Looks up a declaration in a style attribute; value lowercased. */
static int
rd_style_is(const char *style, const char *prop, const char *value)
{
	const char *p = style, *q, *e, *v;
	size_t pl = strlen(prop), vl = strlen(value), n;

	while (p != NULL && *p != '\0') {
		e = strchr(p, ';');
		if (e == NULL)
			e = p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r'))
			p++;
		q = memchr(p, ':', (size_t)(e - p));
		if (q != NULL) {
			n = (size_t)(q - p);
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				n--;
			v = q + 1;
			while (v < e && (*v == ' ' || *v == '\t' || *v == '\n'))
				v++;
			if (n == pl && str_ncasecmp_ascii(p, prop, pl) == 0 &&
			    (size_t)(e - v) >= vl &&
			    str_ncasecmp_ascii(v, value, vl) == 0 &&
			    (v + vl == e || v[vl] == ' ' || v[vl] == '!' ||
			    v[vl] == '\t'))
				return 1;
		}
		p = *e != '\0' ? e + 1 : e;
	}
	return 0;
}

static int
rd_is_visible(const xmlNode *n)
{
	const char *style = rd_attr(n, "style"), *ah, *cls;

	if (style != NULL && (rd_style_is(style, "display", "none") ||
	    rd_style_is(style, "visibility", "hidden")))
		return 0;
	if (rd_attr(n, "hidden") != NULL)
		return 0;
	ah = rd_attr(n, "aria-hidden");
	if (ah != NULL && strcmp(ah, "true") == 0) {
		cls = rd_attr(n, "class");
		return cls != NULL && strstr(cls, "fallback-image") != NULL;
	}
	return 1;
}

/* class and id, lowercased, into out (Readability's matchString). */
static void
rd_match_string(const xmlNode *n, char *out, size_t outlen)
{
	const char *cls = rd_attr(n, "class"), *id = rd_attr(n, "id");
	size_t i;

	util_errf(out, outlen, "%s %s", cls ? cls : "", id ? id : "");
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] + 32);
}

static int
rd_name_weight(const char *v)
{
	char low[RD_MAX_MATCH];
	size_t i;
	int w = 0;

	if (v == NULL || *v == '\0')
		return 0;
	util_errf(low, sizeof(low), "%s", v);
	for (i = 0; low[i] != '\0'; i++)
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] = (char)(low[i] + 32);
	if (rd_contains_any(low, rd_negative) || rd_has_hid(low))
		w -= 25;
	if (rd_contains_any(low, rd_positive))
		w += 25;
	return w;
}

static int
rd_class_weight(const struct rd_ctx *c, const xmlNode *n)
{
	if (!(c->flags & RD_FLAG_WEIGHT_CLASSES))
		return 0;
	return rd_name_weight(rd_attr(n, "class")) +
	    rd_name_weight(rd_attr(n, "id"));
}

/* True when s holds a URL of a video player kept in articles. */
static int
rd_is_video_url(const char *s)
{
	const char *p = s;
	char host[64];
	size_t i, j;

	while (s != NULL && (p = strstr(p, "//")) != NULL) {
		p += 2;
		if (str_ncasecmp_ascii(p, "www.", 4) == 0)
			p += 4;
		for (j = 0; j < sizeof(host) - 1 && p[j] != '\0'; j++)
			host[j] = (char)(p[j] >= 'A' && p[j] <= 'Z' ?
			    p[j] + 32 : p[j]);
		host[j] = '\0';
		for (i = 0; rd_video_hosts[i] != NULL; i++)
			if (strncmp(host, rd_video_hosts[i],
			    strlen(rd_video_hosts[i])) == 0)
				return 1;
	}
	return 0;
}

static int
rd_is_video_embed(const xmlNode *n)
{
	const xmlAttr *a;
	const xmlNode *k;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->children != NULL && rd_is_video_url(
		    (const char *)a->children->content))
			return 1;
	if (rd_is(n, "object"))
		for (k = rd_walk(n, n, 0); k != NULL; k = rd_walk(n, k, 0))
			if (rd_is_elem(k) && rd_is_video_embed(k))
				return 1;
	return 0;
}

/* ---- Readability's predicates on nodes. ---- */

static int
rd_is_phrasing(const xmlNode *n, int depth)
{
	const xmlNode *k;

	if (rd_is_text(n))
		return 1;
	if (!rd_is_elem(n))
		return 0;
	if (rd_in((const char *)n->name, rd_phrasing))
		return 1;
	if (!rd_is(n, "a") && !rd_is(n, "del") && !rd_is(n, "ins"))
		return 0;
	if (depth >= RD_MAX_PHRASING_DEPTH)
		return 0;
	for (k = n->children; k != NULL; k = k->next)
		if (!rd_is_phrasing(k, depth + 1))
			return 0;
	return 1;
}

static int
rd_is_whitespace(const xmlNode *n)
{
	return (rd_is_text(n) && rd_is_blank_node(n)) || rd_is(n, "br");
}

/* Skips white-space text (and other non-elements that are blank). */
static xmlNode *
rd_skip_blank(xmlNode *n)
{
	while (n != NULL && !rd_is_elem(n) && rd_is_blank_node(n))
		n = n->next;
	return n;
}

static int
rd_has_single_tag(const xmlNode *n, const char *tag)
{
	const xmlNode *k;

	if (rd_elem_count(n) != 1 || !rd_is(rd_first_elem(n), tag))
		return 0;
	for (k = n->children; k != NULL; k = k->next)
		if (rd_is_text(k) && !rd_is_blank_node(k))
			return 0;
	return 1;
}

static int
rd_has_child_block(const xmlNode *root)
{
	const xmlNode *n;

	for (n = rd_walk(root, root, 0); n != NULL; n = rd_walk(root, n, 0))
		if (rd_is_in(n, rd_div_to_p))
			return 1;
	return 0;
}

static int
rd_without_content(const xmlNode *n)
{
	size_t kids;

	if (!rd_is_blank_node(n))
		return 0;
	kids = rd_elem_count(n);
	return kids == 0 || kids == rd_count(n, "br") + rd_count(n, "hr");
}

static int
rd_is_single_image(const xmlNode *n)
{
	while (!rd_is(n, "img")) {
		if (rd_elem_count(n) != 1 || !rd_is_blank_node(n))
			return 0;
		n = rd_first_elem(n);
	}
	return 1;
}

static int
rd_has_image_ext(const char *v)
{
	static const char *const exts[] = {
		".jpg", ".jpeg", ".png", ".webp", NULL
	};
	const char *p;
	size_t i;

	for (i = 0; exts[i] != NULL; i++)
		for (p = v; (p = strchr(p, '.')) != NULL; p++)
			if (str_ncasecmp_ascii(p, exts[i], strlen(exts[i])) ==
			    0)
				return 1;
	return 0;
}

/* ---- Preparing the page. ---- */

/* Lazy images: use the <noscript> copy that a page keeps for no-JS. */
static void
rd_unwrap_noscript_images(struct rd_ctx *c)
{
	struct rd_nodes imgs = { 0 }, ns = { 0 };
	xmlNode *root = xmlDocGetRootElement(c->doc), *prev, *pimg, *nimg;
	const xmlAttr *a;
	const char *v, *have;
	char *name;
	size_t i;
	int keep;

	if (root == NULL)
		return;
	rd_collect1((xmlNode *)c->doc, "img", &imgs);
	for (i = 0; i < imgs.n; i++) {
		keep = 0;
		for (a = imgs.v[i]->properties; a != NULL && !keep;
		    a = a->next) {
			v = a->children ? (const char *)a->children->content :
			    "";
			if (rd_in((const char *)a->name, (const char *const[]){
			    "src", "srcset", "data-src", "data-srcset",
			    NULL }) || rd_has_image_ext(v))
				keep = 1;
		}
		if (!keep)
			rd_remove(c, imgs.v[i]);
	}
	rd_nodes_free(&imgs);
	rd_collect1((xmlNode *)c->doc, "noscript", &ns);
	for (i = 0; i < ns.n; i++) {
		if (ns.v[i]->parent == NULL || !rd_is_single_image(ns.v[i]))
			continue;
		prev = rd_prev_elem(ns.v[i]);
		if (prev == NULL || !rd_is_single_image(prev))
			continue;
		pimg = prev;
		while (!rd_is(pimg, "img"))
			pimg = rd_first_elem(pimg);
		nimg = rd_first_elem(ns.v[i]);
		while (!rd_is(nimg, "img"))
			nimg = rd_first_elem(nimg);
		for (a = pimg->properties; a != NULL; a = a->next) {
			v = a->children ? (const char *)a->children->content :
			    "";
			if (*v == '\0')
				continue;
			if (strcmp((const char *)a->name, "src") != 0 &&
			    strcmp((const char *)a->name, "srcset") != 0 &&
			    !rd_has_image_ext(v))
				continue;
			have = rd_attr(nimg, (const char *)a->name);
			if (have != NULL && strcmp(have, v) == 0)
				continue;
			if (have != NULL)
				name = xasprintf("data-old-%s",
				    (const char *)a->name);
			else
				name = xstrdup((const char *)a->name);
			rd_set_attr(nimg, name, v);
			free(name);
		}
		/* The noscript's content takes the place of prev. */
		nimg = rd_first_elem(ns.v[i]);
		rd_replace(prev, nimg);
		rd_nodes_push(&c->trash, prev);
	}
	rd_nodes_free(&ns);
}

static void
rd_remove_tags(struct rd_ctx *c, xmlNode *root, const char *const *tags)
{
	struct rd_nodes l = { 0 };
	size_t i;

	rd_collect(root, tags, &l);
	for (i = l.n; i-- > 0;)
		if (l.v[i]->parent != NULL)
			rd_remove(c, l.v[i]);
	rd_nodes_free(&l);
}

/* Turns runs of two or more <br> into paragraphs. */
static void
rd_replace_brs(struct rd_ctx *c, xmlNode *root)
{
	struct rd_nodes l = { 0 };
	xmlNode *br, *next, *sib, *p, *ne;
	size_t i;
	int replaced;

	rd_collect1(root, "br", &l);
	for (i = 0; i < l.n; i++) {
		br = l.v[i];
		if (br->parent == NULL)
			continue;
		next = br->next;
		replaced = 0;
		while ((next = rd_skip_blank(next)) != NULL &&
		    rd_is(next, "br")) {
			replaced = 1;
			sib = next->next;
			rd_remove(c, next);
			next = sib;
		}
		if (!replaced)
			continue;
		p = rd_new_elem(c, "p");
		rd_replace(br, p);
		rd_nodes_push(&c->trash, br);
		next = p->next;
		while (next != NULL) {
			if (rd_is(next, "br")) {
				ne = rd_skip_blank(next->next);
				if (ne != NULL && rd_is(ne, "br"))
					break;
			}
			if (!rd_is_phrasing(next, 0))
				break;
			sib = next->next;
			rd_append(p, next);
			next = sib;
		}
		while (p->last != NULL && rd_is_whitespace(p->last))
			rd_remove(c, p->last);
		if (rd_is(p->parent, "p"))
			rd_set_tag(p->parent, "div");
	}
	rd_nodes_free(&l);
}

static void
rd_prepare(struct rd_ctx *c)
{
	static const char *const drop[] = {
		"script", "noscript", "style", "template", NULL
	};
	struct rd_nodes l = { 0 };
	xmlNode *body;
	size_t i;

	rd_unwrap_noscript_images(c);
	rd_remove_tags(c, (xmlNode *)c->doc, drop);
	body = xmlDocGetRootElement(c->doc);
	if (body != NULL)
		rd_replace_brs(c, body);
	rd_collect1((xmlNode *)c->doc, "font", &l);
	for (i = 0; i < l.n; i++)
		rd_set_tag(l.v[i], "span");
	rd_nodes_free(&l);
}

/* ---- Metadata. ---- */

static void
rd_meta_free(struct rd_meta *m)
{
	free(m->title);
	free(m->byline);
	free(m->excerpt);
	free(m->site_name);
	free(m->published);
	free(m->doc_title);
	free(m->base);
}

/* root's first descendant named by tags, in document order. */
static xmlNode *
rd_find_in(const xmlNode *root, const char *const *tags)
{
	const xmlNode *n;

	for (n = rd_walk(root, root, 0); n != NULL; n = rd_walk(root, n, 0))
		if (rd_is_in(n, tags))
			return (xmlNode *)n;
	return NULL;
}

/* The element's first descendant named tag, in document order. */
static xmlNode *
rd_find(const xmlNode *root, const char *tag)
{
	const xmlNode *n;

	for (n = rd_walk(root, root, 0); n != NULL; n = rd_walk(root, n, 0))
		if (rd_is(n, tag))
			return (xmlNode *)n;
	return NULL;
}

/* Starts of " | ", " - ", " » "... in s: positions of the space before. */
static size_t
rd_title_separators(const char *s, size_t *pos, size_t max, int *hier)
{
	static const char *const seps[] = {
		"|", "-", "\xe2\x80\x93", "\xe2\x80\x94", "\\", "/", ">",
		"\xc2\xbb", NULL
	};
	size_t i, j, n = 0, l;
	uint32_t c;

	for (i = 0; s[i] != '\0'; i++) {
		if (!rd_is_space((unsigned char)s[i]))
			continue;
		for (j = 0; seps[j] != NULL; j++) {
			l = strlen(seps[j]);
			if (strncmp(s + i + 1, seps[j], l) != 0)
				continue;
			rd_decode(s + i + 1 + l, strlen(s + i + 1 + l), &c);
			if (s[i + 1 + l] == '\0' || !rd_is_space(c))
				continue;
			if (n < max)
				pos[n++] = i;
			if (j >= 4 && hier != NULL)
				*hier = 1;
			i += l;
			break;
		}
	}
	return n;
}

static int
rd_is_sep_byte(const char *s, size_t *len)
{
	static const char *const seps[] = {
		"|", "-", "\xe2\x80\x93", "\xe2\x80\x94", "\\", "/", ">",
		"\xc2\xbb", NULL
	};
	size_t j;

	for (j = 0; seps[j] != NULL; j++)
		if (strncmp(s, seps[j], strlen(seps[j])) == 0) {
			*len = strlen(seps[j]);
			return 1;
		}
	return 0;
}

/* Readability's _getArticleTitle(): the <title> without the site. */
static char *
rd_article_title(xmlDoc *doc)
{
	xmlNode *t = rd_find((xmlNode *)doc, "title"), *h;
	struct rd_nodes hs = { 0 };
	char *orig, *cur, *stripped, *colon, *text;
	size_t pos[64], n, i, l, wc;
	int hier = 0, match;
	struct buf b;

	if (t == NULL)
		return NULL;
	orig = rd_text(t, 1);
	cur = xstrdup(orig);
	n = rd_title_separators(orig, pos, UTIL_ARRAY_LEN(pos), &hier);
	if (n > 0) {
		free(cur);
		cur = xstrndup(orig, pos[n - 1]);
		if (rd_word_count(cur) < 3) {
			free(cur);
			for (i = 0; orig[i] != '\0' &&
			    !rd_is_sep_byte(orig + i, &l); i++)
				;
			cur = xstrdup(orig[i] ? orig + i + l : orig);
		}
	} else if (strstr(cur, ": ") != NULL) {
		static const char *const hh[] = { "h1", "h2", NULL };

		rd_collect((xmlNode *)doc, hh, &hs);
		match = 0;
		for (i = 0; i < hs.n && !match; i++) {
			text = rd_text(hs.v[i], 0);
			match = strcmp(text, orig) == 0;
			free(text);
		}
		rd_nodes_free(&hs);
		if (!match) {
			colon = strrchr(orig, ':');
			free(cur);
			cur = xstrdup(colon + 1);
			if (rd_word_count(cur) < 3) {
				free(cur);
				cur = xstrdup(strchr(orig, ':') + 1);
			} else {
				text = xstrndup(orig,
				    (size_t)(strchr(orig, ':') - orig));
				if (rd_word_count(text) > 5) {
					free(cur);
					cur = xstrdup(orig);
				}
				free(text);
			}
		}
	} else {
		l = 0;
		for (i = 0; cur[i] != '\0'; i++)
			if (((unsigned char)cur[i] & 0xc0) != 0x80)
				l++;
		if ((l > 150 || l < 15) &&
		    rd_count((xmlNode *)doc, "h1") == 1) {
			h = rd_find((xmlNode *)doc, "h1");
			free(cur);
			cur = rd_text(h, 1);
		}
	}
	text = str_clean(cur, strlen(cur), STR_FOLD_SPACE | STR_TRIM);
	free(cur);
	cur = text;
	wc = rd_word_count(cur);
	if (wc <= 4) {
		/* The title without its separators, for a word count. */
		buf_init(&b, 0);
		for (i = 0; orig[i] != '\0';) {
			if (rd_is_sep_byte(orig + i, &l)) {
				i += l;
				continue;
			}
			buf_putc(&b, orig[i]);
			i++;
		}
		stripped = buf_detach(&b);
		if (!hier || wc != rd_word_count(stripped) - 1) {
			free(cur);
			cur = xstrdup(orig);
		}
		free(stripped);
	}
	free(orig);
	return cur;
}

static int
rd_is_article_type(const struct json *t)
{
	size_t i;
	const char *s;

	if (json_type(t) == JSON_ARRAY) {
		for (i = 0; i < json_len(t); i++)
			if (rd_is_article_type(json_at(t, i)))
				return 1;
		return 0;
	}
	if ((s = json_str(t)) == NULL)
		return 0;
	for (i = 0; rd_article_types[i] != NULL; i++)
		if (strstr(s, rd_article_types[i]) != NULL)
			return 1;
	return 0;
}

static int
rd_is_schema_org(const struct json *ctx)
{
	const char *s;
	size_t i;

	if (json_type(ctx) == JSON_ARRAY) {
		for (i = 0; i < json_len(ctx); i++)
			if (rd_is_schema_org(json_at(ctx, i)))
				return 1;
		return 0;
	}
	if (json_type(ctx) == JSON_OBJECT)
		ctx = json_get(ctx, "@vocab");
	s = json_str(ctx);
	return s != NULL && strstr(s, "schema.org") != NULL;
}

/* An author value: {"name": ...}, a string, or a list of either. */
static char *
rd_jsonld_author(const struct json *a)
{
	struct buf b;
	const char *s;
	size_t i;

	if (json_type(a) == JSON_STRING)
		return rd_meta_string(json_str(a));
	if (json_type(a) == JSON_OBJECT)
		return rd_meta_string(json_str(json_get(a, "name")));
	if (json_type(a) != JSON_ARRAY)
		return NULL;
	buf_init(&b, READABILITY_MAX_META);
	for (i = 0; i < json_len(a) && i < 50; i++) {
		s = json_str(json_get(json_at(a, i), "name"));
		if (s == NULL)
			s = json_str(json_at(a, i));
		if (s == NULL || str_is_blank(s))
			continue;
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, s);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	{
		char *r = rd_meta_string(b.data);

		buf_free(&b);
		return r;
	}
}

static const struct json *
rd_jsonld_article(const struct json *root)
{
	const struct json *g, *it;
	size_t i;

	if (json_type(root) == JSON_ARRAY) {
		for (i = 0; i < json_len(root); i++) {
			it = json_at(root, i);
			if (rd_is_article_type(json_get(it, "@type")))
				return rd_is_schema_org(json_get(it,
				    "@context")) ? it : NULL;
		}
		return NULL;
	}
	if (!rd_is_schema_org(json_get(root, "@context")))
		return NULL;
	if (json_get(root, "@type") == NULL &&
	    json_type(g = json_get(root, "@graph")) == JSON_ARRAY) {
		for (i = 0; i < json_len(g); i++)
			if (rd_is_article_type(json_get(json_at(g, i),
			    "@type")))
				return json_at(g, i);
		return NULL;
	}
	return rd_is_article_type(json_get(root, "@type")) ? root : NULL;
}

/* Metadata from the first JSON-LD script that describes an article. */
static void
rd_jsonld(xmlDoc *doc, const char *html_title, struct rd_meta *m)
{
	struct rd_nodes l = { 0 };
	const struct json *a;
	const char *type, *name, *headline;
	struct json *root;
	char *text, *s, *e, err[128];
	size_t i;
	int done = 0;

	rd_collect1((xmlNode *)doc, "script", &l);
	for (i = 0; i < l.n && !done; i++) {
		type = rd_attr(l.v[i], "type");
		if (type == NULL ||
		    str_casecmp_ascii(type, "application/ld+json") != 0 ||
		    rd_raw_len(l.v[i]) > RD_MAX_JSONLD)
			continue;
		text = rd_text(l.v[i], 0);
		s = text;
		if (strncmp(s, "<![CDATA[", 9) == 0)
			s += 9;
		e = s + strlen(s);
		if (e - s >= 3 && strcmp(e - 3, "]]>") == 0)
			e -= 3;
		root = json_parse(s, (size_t)(e - s), err, sizeof(err));
		free(text);
		if ((a = rd_jsonld_article(root)) == NULL) {
			json_free(root);
			continue;
		}
		done = 1;
		name = json_str(json_get(a, "name"));
		headline = json_str(json_get(a, "headline"));
		if (name != NULL && headline != NULL &&
		    strcmp(name, headline) != 0 && html_title != NULL &&
		    rd_text_similarity(headline, html_title) > 0.75 &&
		    rd_text_similarity(name, html_title) <= 0.75)
			m->title = rd_meta_string(headline);
		else if (name != NULL)
			m->title = rd_meta_string(name);
		else
			m->title = rd_meta_string(headline);
		m->byline = rd_jsonld_author(json_get(a, "author"));
		m->excerpt = rd_meta_string(json_str(json_get(a,
		    "description")));
		m->site_name = rd_meta_string(json_str(json_get(json_get(a,
		    "publisher"), "name")));
		m->published = rd_meta_string(json_str(json_get(a,
		    "datePublished")));
		json_free(root);
	}
	rd_nodes_free(&l);
}

/* <meta> values by normalised key; later ones win, as in Readability. */
struct rd_values {
	char		*key[RD_MAX_META_VALUES];
	char		*value[RD_MAX_META_VALUES];
	size_t		 n;
};

static void
rd_values_set(struct rd_values *v, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->key[i], key) == 0) {
			free(v->value[i]);
			v->value[i] = xstrdup(value);
			return;
		}
	if (v->n == RD_MAX_META_VALUES)
		return;
	v->key[v->n] = xstrdup(key);
	v->value[v->n++] = xstrdup(value);
}

static const char *
rd_values_get(const struct rd_values *v, const char *key)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->key[i], key) == 0)
			return v->value[i];
	return NULL;
}

/* Matches prefix:name in a property attribute ("og:title"). */
static int
rd_property_key(const char *prop, char *key, size_t keylen)
{
	static const char *const pre[] = {
		"article", "dcterm", "dc", "og", "twitter", NULL
	};
	static const char *const names[] = {
		"author", "creator", "description", "published_time", "title",
		"site_name", NULL
	};
	const char *p, *q;
	size_t i, j, n;

	for (p = prop; *p != '\0'; p++)
		for (i = 0; pre[i] != NULL; i++) {
			n = strlen(pre[i]);
			if (str_ncasecmp_ascii(p, pre[i], n) != 0)
				continue;
			q = p + n;
			while (*q == ' ')
				q++;
			if (*q++ != ':')
				continue;
			while (*q == ' ')
				q++;
			for (j = 0; names[j] != NULL; j++)
				if (str_ncasecmp_ascii(q, names[j],
				    strlen(names[j])) == 0) {
					util_errf(key, keylen, "%s:%s", pre[i],
					    names[j]);
					return 1;
				}
		}
	return 0;
}

/* Matches [prefix(-|.|:)]name in a name attribute ("twitter:title"). */
static int
rd_name_key(const char *name, char *key, size_t keylen)
{
	static const char *const pre[] = {
		"dcterm", "dc", "og", "twitter", "parsely", "weibo:article",
		"weibo:webpage", NULL
	};
	static const char *const names[] = {
		"author", "creator", "pub-date", "description", "title",
		"site_name", NULL
	};
	char low[128];
	const char *rest;
	size_t i, j, n = 0;

	for (; *name != '\0' && n < sizeof(low) - 1; name++) {
		if (*name == ' ' || *name == '\t' || *name == '\n')
			continue;
		low[n++] = (char)(*name >= 'A' && *name <= 'Z' ? *name + 32 :
		    *name == '.' ? ':' : *name);
	}
	low[n] = '\0';
	if (rd_in(low, names)) {
		util_errf(key, keylen, "%s", low);
		return 1;
	}
	for (i = 0; pre[i] != NULL; i++) {
		n = strlen(pre[i]);
		if (strncmp(low, pre[i], n) != 0 ||
		    (low[n] != '-' && low[n] != ':'))
			continue;
		rest = low + n + 1;
		for (j = 0; names[j] != NULL; j++)
			if (strcmp(rest, names[j]) == 0) {
				util_errf(key, keylen, "%s", low);
				return 1;
			}
	}
	return 0;
}

static int
rd_is_url(const char *s)
{
	return str_has_prefix_ci(s, "http://") ||
	    str_has_prefix_ci(s, "https://");
}

/* Removes a " | Site" (or " - Site", ...) suffix naming the site. */
static void
rd_strip_site(char *title, const char *site)
{
	size_t pos[64], n, i, tl, sl;
	char *tail;

	if (title == NULL || site == NULL)
		return;
	n = rd_title_separators(title, pos, UTIL_ARRAY_LEN(pos), NULL);
	tl = strlen(title);
	sl = strlen(site);
	for (i = n; i-- > 0;) {
		tail = title + pos[i];
		/* Skip " X " to the site's name. */
		while (*tail != '\0' && rd_is_space((unsigned char)*tail))
			tail++;
		while (*tail != '\0' && !rd_is_space((unsigned char)*tail))
			tail++;
		while (*tail != '\0' && rd_is_space((unsigned char)*tail))
			tail++;
		if ((size_t)(title + tl - tail) == sl &&
		    str_casecmp_ascii(tail, site) == 0 && pos[i] > 0) {
			title[pos[i]] = '\0';
			return;
		}
	}
}

static const char *
rd_first_of(const struct rd_values *v, const char *const *keys)
{
	const char *s;
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if ((s = rd_values_get(v, keys[i])) != NULL && *s != '\0')
			return s;
	return NULL;
}

/* The page's base URL: <base href> resolved against url, else url. */
static void
rd_base_url(xmlDoc *doc, const char *url, struct rd_meta *m)
{
	xmlNode *b = rd_find((xmlNode *)doc, "base");
	const char *href = b != NULL ? rd_attr(b, "href") : NULL;
	xmlChar *u;
	char *clean;

	m->base_is_page = 1;
	if (url != NULL && *url != '\0')
		m->base = str_clean(url, strlen(url), STR_TRIM);
	if (href == NULL || str_is_blank(href))
		return;
	clean = str_clean(href, strlen(href), STR_TRIM);
	if (m->base == NULL) {
		m->base = clean;
		m->base_is_page = 0;
		return;
	}
	u = xmlBuildURI((const xmlChar *)clean, (const xmlChar *)m->base);
	free(clean);
	if (u == NULL)
		return;
	if (strcmp((const char *)u, m->base) != 0) {
		free(m->base);
		m->base = xstrdup((const char *)u);
		m->base_is_page = 0;
	}
	xmlFree(u);
}

static void
rd_metadata(xmlDoc *doc, const char *url, struct rd_meta *m)
{
	static const char *const titles[] = {
		"dc:title", "dcterm:title", "og:title", "weibo:article:title",
		"weibo:webpage:title", "title", "twitter:title",
		"parsely-title", NULL
	};
	static const char *const bylines[] = {
		"dc:creator", "dcterm:creator", "author", "parsely-author", NULL
	};
	static const char *const excerpts[] = {
		"dc:description", "dcterm:description", "og:description",
		"weibo:article:description", "weibo:webpage:description",
		"description", "twitter:description", NULL
	};
	struct rd_values v;
	struct rd_nodes l = { 0 };
	const char *name, *prop, *content, *s;
	char key[64];
	size_t i;
	xmlNode *n;

	memset(&v, 0, sizeof(v));
	rd_base_url(doc, url, m);
	m->doc_title = rd_article_title(doc);
	rd_jsonld(doc, m->doc_title, m);
	rd_collect1((xmlNode *)doc, "meta", &l);
	for (i = 0; i < l.n; i++) {
		name = rd_attr(l.v[i], "name");
		prop = rd_attr(l.v[i], "property");
		content = rd_attr(l.v[i], "content");
		if (content == NULL || *content == '\0')
			continue;
		if (prop != NULL && rd_property_key(prop, key, sizeof(key)))
			rd_values_set(&v, key, content);
		else if (name != NULL && rd_name_key(name, key, sizeof(key)))
			rd_values_set(&v, key, content);
		else if ((s = rd_attr(l.v[i], "itemprop")) != NULL &&
		    strcmp(s, "datePublished") == 0)
			rd_values_set(&v, "itemprop:datepublished", content);
	}
	rd_nodes_free(&l);
	if (m->title == NULL)
		m->title = rd_meta_string(rd_first_of(&v, titles));
	if (m->title == NULL)
		m->title = rd_meta_string(m->doc_title);
	if (m->byline == NULL)
		m->byline = rd_meta_string(rd_first_of(&v, bylines));
	if (m->byline == NULL && (s = rd_values_get(&v, "article:author")) !=
	    NULL && !rd_is_url(s))
		m->byline = rd_meta_string(s);
	if (m->excerpt == NULL)
		m->excerpt = rd_meta_string(rd_first_of(&v, excerpts));
	if (m->site_name == NULL)
		m->site_name = rd_meta_string(rd_values_get(&v,
		    "og:site_name"));
	if (m->published == NULL)
		m->published = rd_meta_string(rd_first_of(&v,
		    (const char *const[]){ "article:published_time",
		    "parsely-pub-date", "itemprop:datepublished", NULL }));
	if (m->published == NULL) {
		/* <time itemprop=datePublished> or <time pubdate>. */
		for (n = rd_walk((xmlNode *)doc, (xmlNode *)doc, 0);
		    n != NULL && m->published == NULL;
		    n = rd_walk((xmlNode *)doc, n, 0)) {
			if (!rd_is(n, "time") ||
			    (s = rd_attr(n, "datetime")) == NULL)
				continue;
			if (rd_attr(n, "pubdate") != NULL ||
			    ((name = rd_attr(n, "itemprop")) != NULL &&
			    strstr(name, "datePublished") != NULL))
				m->published = rd_meta_string(s);
		}
	}
	for (i = 0; i < v.n; i++) {
		free(v.key[i]);
		free(v.value[i]);
	}
}

/* ---- Grabbing the article. ---- */

static int
rd_is_byline(const xmlNode *n, const char *match)
{
	const char *rel = rd_attr(n, "rel"), *ip = rd_attr(n, "itemprop");
	size_t len;

	if (!((rel != NULL && strcmp(rel, "author") == 0) ||
	    (ip != NULL && strstr(ip, "author") != NULL) ||
	    rd_contains_any(match, rd_byline_names)))
		return 0;
	len = rd_text_len2(n, NULL, 0);
	return len > 0 && len < 100;
}

static int
rd_header_duplicates_title(const struct rd_ctx *c, const xmlNode *n)
{
	char *h;
	int r;

	if (c->title == NULL || (!rd_is(n, "h1") && !rd_is(n, "h2")) ||
	    rd_text_len(n) > 4 * strlen(c->title) + 100)
		return 0;
	h = rd_text(n, 0);
	r = rd_text_similarity(c->title, h) > 0.75;
	free(h);
	return r;
}

/* Inside <article>, <main> or an [itemprop=articleBody]. */
static int
rd_in_article(const xmlNode *n)
{
	const char *ip;

	for (n = n->parent; rd_is_elem(n); n = n->parent) {
		if (rd_is(n, "article") || rd_is(n, "main"))
			return 1;
		ip = rd_attr(n, "itemprop");
		if (ip != NULL && strstr(ip, "articleBody") != NULL)
			return 1;
	}
	return 0;
}

/* Wraps runs of phrasing children of a div into paragraphs. */
static void
rd_wrap_phrasing(struct rd_ctx *c, xmlNode *div)
{
	xmlNode *k = div->children, *next, *p = NULL;

	while (k != NULL) {
		next = k->next;
		if (rd_is_phrasing(k, 0)) {
			if (p != NULL)
				rd_append(p, k);
			else if (!rd_is_whitespace(k)) {
				p = rd_new_elem(c, "p");
				rd_replace(k, p);
				rd_append(p, k);
			}
		} else if (p != NULL) {
			while (p->last != NULL && rd_is_whitespace(p->last))
				rd_remove(c, p->last);
			p = NULL;
		}
		k = next;
	}
}

static void
rd_init_node(struct rd_ctx *c, xmlNode *n)
{
	struct rd_info *i = rd_info_make(c, n);
	const char *t = (const char *)n->name;

	i->flags |= RD_I_SCORED;
	i->score = 0;
	if (strcmp(t, "div") == 0)
		i->score += 5;
	else if (rd_in(t, (const char *const[]){ "pre", "td", "blockquote",
	    NULL }))
		i->score += 3;
	else if (rd_in(t, (const char *const[]){ "address", "ol", "ul", "dl",
	    "dd", "dt", "li", "form", NULL }))
		i->score -= 3;
	else if (rd_in(t, (const char *const[]){ "h1", "h2", "h3", "h4", "h5",
	    "h6", "th", NULL }))
		i->score -= 5;
	i->score += rd_class_weight(c, n);
}

static int
rd_scored(const xmlNode *n)
{
	struct rd_info *i = rd_info(n);

	return i != NULL && (i->flags & RD_I_SCORED);
}

static double
rd_score(const xmlNode *n)
{
	return rd_scored(n) ? rd_info(n)->score : 0;
}

static int
rd_is_top(const xmlNode *n)
{
	return !rd_is_elem(n) || rd_is(n, "body");
}

/* The walk over the page: drops what cannot be the article. */
static void
rd_walk_page(struct rd_ctx *c, struct rd_nodes *to_score)
{
	xmlNode *node = xmlDocGetRootElement(c->doc), *end, *next, *k;
	const char *role, *am, *ip;
	char match[RD_MAX_MATCH];
	int remove_title = 1;

	while (node != NULL && !rd_busy()) {
		rd_match_string(node, match, sizeof(match));
		if (!rd_is_visible(node)) {
			node = rd_remove_and_next(c, node);
			continue;
		}
		am = rd_attr(node, "aria-modal");
		role = rd_attr(node, "role");
		if (am != NULL && strcmp(am, "true") == 0 && role != NULL &&
		    strcmp(role, "dialog") == 0) {
			node = rd_remove_and_next(c, node);
			continue;
		}
		if (c->byline == NULL && !c->have_byline &&
		    rd_is_byline(node, match)) {
			/* A child [itemprop~=name] names the author best. */
			end = rd_next_node(node, 1);
			k = node;
			for (next = rd_next_node(node, 0);
			    next != NULL && next != end;
			    next = rd_next_node(next, 0)) {
				ip = rd_attr(next, "itemprop");
				if (ip != NULL && strstr(ip, "name") != NULL) {
					k = next;
					break;
				}
			}
			c->byline = rd_text(k, 1);
			node = rd_remove_and_next(c, node);
			continue;
		}
		if (remove_title && rd_header_duplicates_title(c, node)) {
			remove_title = 0;
			node = rd_remove_and_next(c, node);
			continue;
		}
		if (c->flags & RD_FLAG_STRIP_UNLIKELY) {
			if ((rd_contains_any(match, rd_unlikely) ||
			    rd_has_any_word(match, rd_unlikely_words)) &&
			    !rd_contains_any(match, rd_maybe) &&
			    !rd_has_ancestor(node, "table", 3, 0) &&
			    !rd_has_ancestor(node, "code", 3, 0) &&
			    !rd_is(node, "body") && !rd_is(node, "a")) {
				node = rd_remove_and_next(c, node);
				continue;
			}
			if (role != NULL && rd_in(role, rd_unlikely_roles)) {
				node = rd_remove_and_next(c, node);
				continue;
			}
			/* Site navigation, mastheads and page footers. */
			if ((rd_is(node, "nav") || rd_is(node, "footer") ||
			    rd_is(node, "header")) && !rd_in_article(node)) {
				node = rd_remove_and_next(c, node);
				continue;
			}
		}
		if ((rd_is(node, "div") || rd_is(node, "section") ||
		    rd_is(node, "header") || rd_is_in(node, rd_headings)) &&
		    rd_without_content(node)) {
			node = rd_remove_and_next(c, node);
			continue;
		}
		if (rd_is_in(node, rd_to_score))
			rd_nodes_push(to_score, node);
		if (rd_is(node, "div")) {
			rd_wrap_phrasing(c, node);
			if (rd_has_single_tag(node, "p") &&
			    rd_link_density(node) < 0.25) {
				k = rd_first_elem(node);
				rd_replace(node, k);
				rd_nodes_push(&c->trash, node);
				node = k;
				rd_nodes_push(to_score, node);
			} else if (!rd_has_child_block(node)) {
				rd_set_tag(node, "p");
				rd_nodes_push(to_score, node);
			}
		}
		node = rd_next_node(node, 0);
	}
}

/* Scores paragraphs into their ancestors; returns the candidates. */
static void
rd_score_paragraphs(struct rd_ctx *c, const struct rd_nodes *to_score,
    struct rd_nodes *cands)
{
	xmlNode *e, *anc;
	size_t i, len, commas, level;
	double score, div;

	for (i = 0; i < to_score->n && !rd_busy(); i++) {
		e = to_score->v[i];
		if (!rd_is_elem(e->parent))
			continue;
		len = rd_text_len2(e, &commas, 1);
		if (len < 25)
			continue;
		score = 1 + (double)(commas + 1) +
		    (double)(len / 100 < 3 ? len / 100 : 3);
		for (anc = e->parent, level = 0; anc != NULL && level < 5;
		    anc = anc->parent, level++) {
			if (!rd_is_elem(anc) || !rd_is_elem(anc->parent))
				continue;
			if (!rd_scored(anc)) {
				rd_init_node(c, anc);
				rd_nodes_push(cands, anc);
			}
			div = level == 0 ? 1 : level == 1 ? 2 :
			    (double)level * 3;
			rd_info(anc)->score += score / div;
		}
	}
}

/* Picks the best candidate; NULL when there is none worth a look. */
static xmlNode *
rd_pick(struct rd_ctx *c, const struct rd_nodes *cands)
{
	xmlNode *top[RD_TOP_CANDIDATES] = { 0 }, *best, *p;
	size_t i, t, ntop = 0, nalt, hits;
	double s, last, threshold;

	for (i = 0; i < cands->n && !rd_busy(); i++) {
		s = rd_info(cands->v[i])->score *
		    (1 - rd_link_density(cands->v[i]));
		rd_info(cands->v[i])->score = s;
		for (t = 0; t < RD_TOP_CANDIDATES; t++) {
			if (t < ntop && s <= rd_score(top[t]))
				continue;
			memmove(top + t + 1, top + t,
			    (RD_TOP_CANDIDATES - t - 1) * sizeof(*top));
			top[t] = cands->v[i];
			if (ntop < RD_TOP_CANDIDATES)
				ntop++;
			break;
		}
	}
	best = ntop > 0 ? top[0] : NULL;
	if (best == NULL || rd_is(best, "body"))
		return NULL;
	/* Near-best candidates sharing an ancestor: take the ancestor. */
	for (i = 1, nalt = 0; i < ntop && rd_score(best) > 0; i++)
		if (rd_score(top[i]) / rd_score(best) >= 0.75)
			nalt++;
	if (nalt >= RD_MIN_ALTERNATIVES && rd_score(best) > 0) {
		for (p = best->parent; !rd_is_top(p); p = p->parent) {
			for (i = 1, hits = 0; i < ntop; i++)
				if (rd_score(top[i]) / rd_score(best) >= 0.75 &&
				    rd_is_ancestor(p, top[i]))
					hits++;
			if (hits >= RD_MIN_ALTERNATIVES) {
				best = p;
				break;
			}
		}
	}
	if (!rd_scored(best))
		rd_init_node(c, best);
	/* Climb while the parents score about as well. */
	last = rd_score(best);
	threshold = last / 3;
	for (p = best->parent; !rd_is_top(p); p = p->parent) {
		if (!rd_scored(p))
			continue;
		if (rd_score(p) < threshold)
			break;
		if (rd_score(p) > last) {
			best = p;
			break;
		}
		last = rd_score(p);
	}
	/* An only child speaks for its parent. */
	for (p = best->parent; !rd_is_top(p) && rd_elem_count(p) == 1;
	    p = best->parent)
		best = p;
	if (!rd_scored(best))
		rd_init_node(c, best);
	return best;
}

/* True when sibling s of the best block looks like more of the article. */
static int
rd_sibling_wanted(const xmlNode *s, const xmlNode *best, double threshold)
{
	const char *sc = rd_attr(s, "class"), *bc = rd_attr(best, "class");
	double bonus = 0, ld;
	size_t len;
	char *text;
	int r;

	if (s == best)
		return 1;
	if (bc != NULL && *bc != '\0' && sc != NULL && strcmp(sc, bc) == 0)
		bonus = rd_score(best) * 0.2;
	if (rd_scored(s) && rd_score(s) + bonus >= threshold)
		return 1;
	if (!rd_is(s, "p"))
		return 0;
	ld = rd_link_density(s);
	len = rd_text_len(s);
	if (len > 80 && ld < 0.25)
		return 1;
	if (len >= 80 || len == 0 || ld != 0)
		return 0;
	text = rd_text(s, 1);
	r = strstr(text, ". ") != NULL ||
	    (*text != '\0' && text[strlen(text) - 1] == '.');
	free(text);
	return r;
}

/* Readability's _markDataTables(). */
static void
rd_mark_data_tables(struct rd_ctx *c, xmlNode *root)
{
	static const char *const data_tags[] = {
		"col", "colgroup", "tfoot", "thead", "th", NULL
	};
	struct rd_nodes l = { 0 }, rows = { 0 }, cells = { 0 };
	const char *role, *dt, *sum, *span;
	xmlNode *t, *cap, *n;
	size_t i, r, k, nrows, ncols, cols;
	long v;
	int data;

	rd_collect1(root, "table", &l);
	for (i = 0; i < l.n && !rd_busy(); i++) {
		t = l.v[i];
		role = rd_attr(t, "role");
		dt = rd_attr(t, "datatable");
		sum = rd_attr(t, "summary");
		cap = rd_find(t, "caption");
		data = 0;
		if (role != NULL && strcmp(role, "presentation") == 0)
			data = 0;
		else if (dt != NULL && strcmp(dt, "0") == 0)
			data = 0;
		else if (sum != NULL && *sum != '\0')
			data = 1;
		else if (cap != NULL && cap->children != NULL)
			data = 1;
		else {
			for (n = rd_walk(t, t, 0); n != NULL;
			    n = rd_walk(t, n, 0))
				if (rd_is_in(n, data_tags))
					break;
			if (n != NULL)
				data = 1;
			else if (rd_find(t, "table") != NULL)
				data = 0;
			else {
				rows.n = 0;
				rd_collect1(t, "tr", &rows);
				nrows = ncols = 0;
				for (r = 0; r < rows.n; r++) {
					span = rd_attr(rows.v[r], "rowspan");
					v = span ? strtol(span, NULL, 10) : 0;
					nrows += v > 0 && v < 1000 ?
					    (size_t)v : 1;
					cells.n = 0;
					rd_collect1(rows.v[r], "td", &cells);
					cols = 0;
					for (k = 0; k < cells.n; k++) {
						span = rd_attr(cells.v[k],
						    "colspan");
						v = span ? strtol(span, NULL,
						    10) : 0;
						cols += v > 0 && v < 1000 ?
						    (size_t)v : 1;
					}
					if (cols > ncols)
						ncols = cols;
				}
				if (ncols == 1 || nrows == 1)
					data = 0;
				else if (nrows >= 10 || ncols > 4)
					data = 1;
				else
					data = nrows * ncols > 10;
			}
		}
		if (data)
			rd_info_make(c, t)->flags |= RD_I_DATATABLE;
	}
	rd_nodes_free(&l);
	rd_nodes_free(&rows);
	rd_nodes_free(&cells);
}

/* Readability's _fixLazyImages(): data-src and friends become src. */
static void
rd_fix_lazy_images(struct rd_ctx *c, xmlNode *root)
{
	static const char *const tags[] = {
		"img", "picture", "figure", NULL
	};
	struct rd_nodes l = { 0 };
	const char *src, *srcset, *cls, *v, *semi;
	const xmlAttr *a;
	xmlNode *e, *img;
	char *name, *val;
	size_t i, n;
	int other;

	rd_collect(root, tags, &l);
	for (i = 0; i < l.n && !rd_busy(); i++) {
		e = l.v[i];
		src = rd_attr(e, "src");
		/* A tiny data: placeholder gives way to a real source. */
		if (src != NULL && str_has_prefix_ci(src, "data:") &&
		    (semi = strstr(src, "base64,")) != NULL &&
		    strncmp(src + 5, "image/svg+xml", 13) != 0) {
			other = 0;
			for (a = e->properties; a != NULL; a = a->next) {
				v = a->children ?
				    (const char *)a->children->content : "";
				if (strcmp((const char *)a->name, "src") != 0 &&
				    rd_has_image_ext(v))
					other = 1;
			}
			if (other && strlen(semi + 7) < 133) {
				xmlUnsetProp(e, (const xmlChar *)"src");
				src = NULL;
			}
		}
		srcset = rd_attr(e, "srcset");
		cls = rd_attr(e, "class");
		if ((src != NULL || (srcset != NULL && strcmp(srcset,
		    "null") != 0)) && (cls == NULL || strstr(cls, "lazy") ==
		    NULL))
			continue;
		for (a = e->properties; a != NULL; a = a->next) {
			name = NULL;
			if (rd_in((const char *)a->name, (const char *const[]){
			    "src", "srcset", "alt", NULL }))
				continue;
			v = a->children ? (const char *)a->children->content :
			    "";
			n = strlen(v);
			/* "x.jpg 2x" or "x.jpg 640w" is a srcset. */
			if (rd_has_image_ext(v) && strchr(v, ' ') != NULL &&
			    strpbrk(strchr(v, ' '), "0123456789") != NULL)
				name = "srcset";
			else if (rd_has_image_ext(v) && n > 0 &&
			    strpbrk(v, " \t\n") == NULL)
				name = "src";
			if (name == NULL)
				continue;
			val = xstrdup(v);
			if (rd_is(e, "img") || rd_is(e, "picture")) {
				rd_set_attr(e, name, val);
			} else if (rd_is(e, "figure") &&
			    rd_find(e, "img") == NULL &&
			    rd_find(e, "picture") == NULL) {
				img = rd_new_elem(c, "img");
				rd_set_attr(img, name, val);
				rd_append(e, img);
			}
			free(val);
		}
	}
	rd_nodes_free(&l);
}

/* Removes every descendant named by tags (video embeds kept). */
static void
rd_clean(struct rd_ctx *c, xmlNode *root, const char *const *tags)
{
	struct rd_nodes l = { 0 };
	size_t i;

	rd_collect(root, tags, &l);
	for (i = l.n; i-- > 0;)
		if (!rd_is_in(l.v[i], rd_embeds) ||
		    !rd_is_video_embed(l.v[i]))
			rd_remove(c, l.v[i]);
	rd_nodes_free(&l);
}

static int
rd_is_ad_text(const xmlNode *n)
{
	static const char *const words[] = {
		"ad", "advertising", "advertisement", "pub", "publicit\xc3\xa9",
		"werb", "werbung", "\xe5\xb9\xbf\xe5\x91\x8a",
		"\xd0\xa0\xd0\xb5\xd0\xba\xd0\xbb\xd0\xb0\xd0\xbc\xd0\xb0",
		"anuncio", "loading", "loading...", "loading\xe2\x80\xa6",
		"chargement", "chargement...", "cargando", "cargando...",
		NULL
	};
	char *t;
	size_t i;
	int r = 0;

	if (rd_text_len(n) > 20)
		return 0;
	t = rd_text(n, 1);
	for (i = 0; words[i] != NULL && !r; i++)
		r = str_casecmp_ascii(t, words[i]) == 0;
	free(t);
	return r;
}

/* Readability's _cleanConditionally(): should n go? */
static int
rd_shady(struct rd_ctx *c, xmlNode *n, const char *tag)
{
	struct rd_nodes lists = { 0 }, embeds = { 0 };
	size_t i, list_len = 0, len, p, img, input, nli, emb = 0;
	double li, ld, hd;
	int is_list, weight, fig, r, td;
	xmlNode *k;

	is_list = strcmp(tag, "ul") == 0 || strcmp(tag, "ol") == 0;
	len = rd_text_len(n);
	if (!is_list) {
		static const char *const lt[] = { "ul", "ol", NULL };

		rd_collect(n, lt, &lists);
		for (i = 0; i < lists.n; i++)
			list_len += rd_text_len(lists.v[i]);
		rd_nodes_free(&lists);
		is_list = len > 0 && (double)list_len / (double)len > 0.9;
	}
	if (strcmp(tag, "table") == 0 && rd_is_data_table(n))
		return 0;
	if (rd_has_ancestor(n, "table", -1, 1) ||
	    rd_has_ancestor(n, "code", 3, 0))
		return 0;
	for (k = rd_walk(n, n, 0); k != NULL; k = rd_walk(n, k, 0))
		if (rd_is(k, "table") && rd_is_data_table(k))
			return 0;
	weight = rd_class_weight(c, n);
	if (weight < 0)
		return 1;
	if (rd_count_char(n, ',') >= 10)
		return 0;
	p = img = input = nli = 0;
	for (k = rd_walk(n, n, 0); k != NULL; k = rd_walk(n, k, 0)) {
		if (!rd_is_elem(k))
			continue;
		if (rd_is(k, "p"))
			p++;
		else if (rd_is(k, "img"))
			img++;
		else if (rd_is(k, "li"))
			nli++;
		else if (rd_is(k, "input"))
			input++;
	}
	li = (double)nli - 100;
	hd = rd_text_density(n, rd_headings);
	rd_collect(n, rd_embeds, &embeds);
	for (i = 0; i < embeds.n; i++) {
		if (rd_is_video_embed(embeds.v[i])) {
			rd_nodes_free(&embeds);
			return 0;
		}
		emb++;
	}
	rd_nodes_free(&embeds);
	if (rd_is_ad_text(n))
		return 1;
	ld = rd_link_density(n);
	td = rd_has_textish_text(n);
	fig = rd_has_ancestor(n, "figure", 3, 0);
	r = 0;
	if (!fig && img > 1 && (double)p / (double)img < 0.5)
		r = 1;
	if (!is_list && li > (double)p)
		r = 1;
	if ((double)input > floor((double)p / 3))
		r = 1;
	if (!is_list && !fig && hd < 0.9 && len < 25 &&
	    (img == 0 || img > 2) && ld > 0)
		r = 1;
	if (!is_list && weight < 25 && ld > 0.2)
		r = 1;
	if (weight >= 25 && ld > 0.5)
		r = 1;
	if ((emb == 1 && len < 75) || emb > 1)
		r = 1;
	if (img == 0 && !td)
		r = 1;
	/* Lists of images stay. */
	if (is_list && r) {
		for (k = rd_first_elem(n); k != NULL; k = rd_next_elem(k))
			if (rd_elem_count(k) > 1)
				return r;
		if (img == nli)
			return 0;
	}
	return r;
}

static void
rd_clean_conditionally(struct rd_ctx *c, xmlNode *root, const char *tag)
{
	struct rd_nodes l = { 0 };
	size_t i;

	if (!(c->flags & RD_FLAG_CLEAN_COND))
		return;
	rd_collect1(root, tag, &l);
	for (i = l.n; i-- > 0 && !rd_busy();)
		if (l.v[i]->parent != NULL && rd_shady(c, l.v[i], tag))
			rd_remove(c, l.v[i]);
	rd_nodes_free(&l);
}

/* Share bars: blocks named "share" with little text. */
static void
rd_clean_share(struct rd_ctx *c, xmlNode *root)
{
	xmlNode *top, *next, *end, *n;
	char match[RD_MAX_MATCH];

	for (top = rd_first_elem(root); top != NULL; top = next) {
		next = rd_next_elem(top);
		end = rd_next_node(top, 1);
		n = rd_next_node(top, 0);
		while (n != NULL && n != end && !rd_busy()) {
			rd_match_string(n, match, sizeof(match));
			if ((rd_has_word(match, "share") ||
			    rd_has_word(match, "sharedaddy")) &&
			    rd_raw_len(n) < RD_CHAR_THRESHOLD)
				n = rd_remove_and_next(c, n);
			else
				n = rd_next_node(n, 0);
		}
	}
}

static void
rd_prep_article(struct rd_ctx *c, xmlNode *art)
{
	static const char *const drop1[] = {
		"object", "embed", "footer", "link", "aside", NULL
	};
	static const char *const drop2[] = {
		"iframe", "input", "textarea", "select", "button", "nav", "svg",
		"canvas", NULL
	};
	static const char *const hh[] = { "h1", "h2", NULL };
	struct rd_nodes l = { 0 };
	xmlNode *n, *next, *t, *row, *cell, *k;
	size_t i;
	int phrasing;

	rd_mark_data_tables(c, art);
	rd_fix_lazy_images(c, art);
	rd_clean_conditionally(c, art, "form");
	rd_clean_conditionally(c, art, "fieldset");
	rd_clean(c, art, drop1);
	rd_clean_share(c, art);
	rd_clean(c, art, drop2);
	/* Headings whose names say they are not the article's. */
	rd_collect(art, hh, &l);
	for (i = l.n; i-- > 0;)
		if (rd_class_weight(c, l.v[i]) < 0)
			rd_remove(c, l.v[i]);
	rd_nodes_free(&l);
	rd_clean_conditionally(c, art, "table");
	rd_clean_conditionally(c, art, "ul");
	rd_clean_conditionally(c, art, "div");
	rd_collect1(art, "h1", &l);
	for (i = 0; i < l.n; i++)
		rd_set_tag(l.v[i], "h2");
	rd_nodes_free(&l);
	/* Empty paragraphs. */
	rd_collect1(art, "p", &l);
	for (i = l.n; i-- > 0 && !rd_busy();) {
		n = l.v[i];
		if (rd_is_blank_node(n) && rd_find_in(n, rd_media) == NULL)
			rd_remove(c, n);
	}
	rd_nodes_free(&l);
	/* A <br> just before a paragraph. */
	rd_collect1(art, "br", &l);
	for (i = 0; i < l.n; i++) {
		next = rd_skip_blank(l.v[i]->next);
		if (next != NULL && rd_is(next, "p"))
			rd_remove(c, l.v[i]);
	}
	rd_nodes_free(&l);
	/* Single-cell tables are layout: keep the cell. */
	rd_collect1(art, "table", &l);
	for (i = 0; i < l.n; i++) {
		t = l.v[i];
		if (t->parent == NULL)
			continue;
		if (rd_has_single_tag(t, "tbody"))
			t = rd_first_elem(t);
		if (!rd_has_single_tag(t, "tr"))
			continue;
		row = rd_first_elem(t);
		if (!rd_has_single_tag(row, "td"))
			continue;
		cell = rd_first_elem(row);
		phrasing = 1;
		for (k = cell->children; k != NULL && phrasing; k = k->next)
			phrasing = rd_is_phrasing(k, 0);
		rd_set_tag(cell, phrasing ? "p" : "div");
		rd_replace(l.v[i], cell);
		rd_nodes_push(&c->trash, l.v[i]);
	}
	rd_nodes_free(&l);
}

/*
 * The page's only [itemprop~=articleBody], else its only <article>, else
 * its only <main>; NULL when it has none of them alone.
 */
static xmlNode *
rd_sole_article(xmlDoc *doc)
{
	xmlNode *n, *found[3] = { NULL, NULL, NULL };
	size_t count[3] = { 0, 0, 0 }, k;
	const char *ip;

	for (n = rd_walk((xmlNode *)doc, (xmlNode *)doc, 0); n != NULL;
	    n = rd_walk((xmlNode *)doc, n, 0)) {
		if (!rd_is_elem(n))
			continue;
		ip = rd_attr(n, "itemprop");
		if (ip != NULL && strstr(ip, "articleBody") != NULL)
			k = 0;
		else if (rd_is(n, "article"))
			k = 1;
		else if (rd_is(n, "main"))
			k = 2;
		else
			continue;
		if (count[k]++ == 0)
			found[k] = n;
	}
	for (k = 0; k < 3; k++)
		if (count[k] == 1)
			return found[k];
	return NULL;
}

/* Share of the scored paragraphs' text that lies inside e. */
static double
rd_share_in(const struct rd_nodes *to_score, const xmlNode *e)
{
	size_t i, len, total = 0, in = 0;
	const xmlNode *p;

	for (i = 0; i < to_score->n && !rd_busy(); i++) {
		p = to_score->v[i];
		if (!rd_is_elem(p->parent) || (len = rd_text_len(p)) < 25)
			continue;
		total += len;
		if (p == e || rd_is_ancestor(e, p))
			in += len;
	}
	return total > 0 ? (double)in / (double)total : 0;
}

/*
 * One attempt at the article: returns a new, unlinked div holding it
 * (freed with the attempt), never NULL.
 */
static xmlNode *
rd_grab(struct rd_ctx *c)
{
	struct rd_nodes to_score = { 0 }, cands = { 0 };
	xmlNode *best, *parent, *art, *s, *next, *body, *sole;
	double threshold;
	int alone;

	rd_walk_page(c, &to_score);
	sole = rd_sole_article(c->doc);
	rd_score_paragraphs(c, &to_score, &cands);
	best = rd_pick(c, &cands);
	/*
	 * An <article> (or articleBody, or <main>) holding nearly all of
	 * the page's paragraphs is the article, alone, when the scores
	 * picked it or a block around it.
	 */
	alone = 0;
	if (sole != NULL && (best == NULL || best == sole ||
	    rd_is_ancestor(best, sole)) &&
	    rd_share_in(&to_score, sole) >= RD_SOLE_SHARE) {
		best = sole;
		alone = 1;
		if (!rd_scored(best))
			rd_init_node(c, best);
	}
	rd_nodes_free(&to_score);
	rd_nodes_free(&cands);
	art = rd_new_elem(c, "div");
	rd_nodes_push(&c->trash, art);
	if (best == NULL) {
		/* No clear winner: the whole body, cleaned. */
		body = rd_find((xmlNode *)c->doc, "body");
		if (body == NULL)
			body = xmlDocGetRootElement(c->doc);
		if (body != NULL)
			while (body->children != NULL)
				rd_append(art, body->children);
		rd_prep_article(c, art);
		return art;
	}
	threshold = fmax(10, rd_score(best) * 0.2);
	parent = best->parent;
	for (s = rd_first_elem(parent); s != NULL; s = next) {
		next = rd_next_elem(s);
		if (alone ? s != best : !rd_sibling_wanted(s, best, threshold))
			continue;
		if (!rd_is_in(s, rd_keep_tag))
			rd_set_tag(s, "div");
		rd_append(art, s);
	}
	rd_prep_article(c, art);
	return art;
}

/* ---- Writing the article out. ---- */

enum rd_mode {
	RD_DROP,	/* neither the element nor its content */
	RD_UNWRAP,	/* its content only */
	RD_EMIT		/* the element, its safe attributes and content */
};

static const char *const rd_emit_tags[] = {
	"a", "abbr", "acronym", "address", "article", "audio", "b", "bdi",
	"bdo", "big", "blockquote", "br", "caption", "center", "cite", "code",
	"col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
	"em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
	"header", "hr", "i", "iframe", "img", "ins", "kbd", "li", "main",
	"mark", "nav", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby",
	"s", "samp", "section", "small", "source", "span", "strike",
	"strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
	"th", "thead", "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
	NULL
};
static const char *const rd_drop_tags[] = {
	"script", "style", "noscript", "template", "svg", "canvas", "head",
	"title", "meta", "link", "input", "button", "select", "textarea",
	"option", "object", "embed", "form", "frame", "frameset", "applet",
	"base", "map", "area", "dialog", NULL
};
static const char *const rd_void_tags[] = {
	"br", "col", "hr", "img", "source", "wbr", NULL
};

/* Attributes kept: "tag:attr" pairs, or "*:attr" on any element. */
static const char *const rd_keep_attrs[] = {
	"a:href", "a:title", "img:src", "img:srcset", "img:alt", "img:title",
	"img:width", "img:height", "source:src", "source:srcset",
	"source:type", "source:media", "video:src", "video:poster",
	"audio:src", "iframe:src", "iframe:title", "iframe:width",
	"iframe:height", "td:colspan", "td:rowspan", "td:headers",
	"th:colspan", "th:rowspan", "th:scope", "th:headers", "ol:start",
	"ol:reversed", "ol:type", "li:value", "time:datetime",
	"del:datetime", "ins:datetime", "abbr:title", "acronym:title",
	"blockquote:cite", "q:cite", "details:open", "col:span",
	"colgroup:span", "*:lang", "*:dir", NULL
};

static int
rd_keep_attr(const char *tag, const char *attr)
{
	size_t i, tl = strlen(tag);
	const char *k;

	for (i = 0; (k = rd_keep_attrs[i]) != NULL; i++) {
		if (k[0] == '*' && k[1] == ':') {
			if (str_casecmp_ascii(k + 2, attr) == 0)
				return 1;
		} else if (strncmp(k, tag, tl) == 0 && k[tl] == ':' &&
		    str_casecmp_ascii(k + tl + 1, attr) == 0)
			return 1;
	}
	return 0;
}

struct rd_out {
	struct buf	 b;
	const char	*base;		/* base URL, or NULL */
	int		 base_is_page;	/* "#x" links stay in-page */
};

/*
 * ref made absolute against the base; NULL for a URL that must go
 * (javascript:, data:, too long, empty). Caller frees.
 */
static char *
rd_resolve(const struct rd_out *o, const char *ref)
{
	static const char *const bad[] = {
		"javascript:", "vbscript:", "data:", "file:", "livescript:",
		"mocha:", NULL
	};
	char *clean, *r;
	xmlChar *u;
	size_t i, j, n;
	char scheme[16];

	clean = str_clean(ref, strlen(ref), STR_TRIM);
	/* Browsers ignore tabs and newlines inside URLs. */
	for (i = j = 0; clean[i] != '\0'; i++)
		if (clean[i] != '\t' && clean[i] != '\n' && clean[i] != '\r')
			clean[j++] = clean[i];
	clean[j] = '\0';
	n = strlen(clean);
	if (n == 0 || n > RD_MAX_URL) {
		free(clean);
		return NULL;
	}
	for (i = 0; i < sizeof(scheme) - 2 && clean[i] != '\0' &&
	    clean[i] != ':'; i++)
		scheme[i] = (char)(clean[i] >= 'A' && clean[i] <= 'Z' ?
		    clean[i] + 32 : clean[i]);
	scheme[i] = clean[i] == ':' ? ':' : '\0';
	scheme[i + (clean[i] == ':')] = '\0';
	for (i = 0; bad[i] != NULL; i++)
		if (strcmp(scheme, bad[i]) == 0) {
			free(clean);
			return NULL;
		}
	if (o->base == NULL || (clean[0] == '#' && o->base_is_page))
		return clean;
	u = xmlBuildURI((const xmlChar *)clean, (const xmlChar *)o->base);
	if (u == NULL)
		return clean;
	r = xstrdup((const char *)u);
	xmlFree(u);
	free(clean);
	return r;
}

static void
rd_put_escaped(struct buf *b, const char *s, int attr)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '&')
			buf_puts(b, "&amp;");
		else if (*p == '<')
			buf_puts(b, "&lt;");
		else if (*p == '>')
			buf_puts(b, "&gt;");
		else if (*p == '"' && attr)
			buf_puts(b, "&quot;");
		else
			buf_putc(b, *p);
	}
}

/* A srcset with each URL resolved. */
static char *
rd_resolve_srcset(const struct rd_out *o, const char *set)
{
	struct buf b;
	const char *p = set, *u, *d;
	char *url, *abs;

	buf_init(&b, RD_MAX_URL * 4);
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		u = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		url = xstrndup(u, (size_t)(p - u));
		if (url[0] != '\0' && url[strlen(url) - 1] == ',' &&
		    strncmp(url, "data:", 5) != 0) {
			url[strlen(url) - 1] = '\0';
			p--;
		}
		d = p;
		while (*p != '\0' && *p != ',')
			p++;
		abs = rd_resolve(o, url);
		if (abs != NULL) {
			if (b.len > 0)
				buf_puts(&b, ", ");
			buf_puts(&b, abs);
			while (d < p && (*d == ' ' || *d == '\t' ||
			    *d == '\n'))
				d++;
			if (d < p) {
				buf_putc(&b, ' ');
				while (d < p && *d != ' ' && *d != '\t' &&
				    *d != '\n')
					buf_putc(&b, *d++);
			}
		}
		free(abs);
		free(url);
	}
	if (b.len == 0 || b.overflow) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static enum rd_mode
rd_mode(const struct rd_out *o, const xmlNode *n)
{
	const char *t, *href, *src;
	char *u;

	if (rd_is_text(n))
		return RD_EMIT;
	if (!rd_is_elem(n))
		return RD_DROP;
	t = (const char *)n->name;
	if (rd_in(t, rd_drop_tags))
		return RD_DROP;
	if (!rd_in(t, rd_emit_tags))
		return RD_UNWRAP;
	if (strcmp(t, "a") == 0) {
		href = rd_attr(n, "href");
		if (href == NULL)
			return RD_UNWRAP;
		if ((u = rd_resolve(o, href)) == NULL)
			return RD_UNWRAP;
		free(u);
	}
	if (strcmp(t, "img") == 0 || strcmp(t, "iframe") == 0) {
		src = rd_attr(n, "src");
		u = src != NULL ? rd_resolve(o, src) : NULL;
		if (u == NULL && (strcmp(t, "iframe") == 0 ||
		    rd_attr(n, "srcset") == NULL))
			return RD_DROP;
		free(u);
	}
	return RD_EMIT;
}

static void
rd_open(struct rd_out *o, const xmlNode *n)
{
	const char *t = (const char *)n->name, *v;
	const xmlAttr *a;
	char *val, *clean, an[32];
	size_t i;
	int has_src = 0;

	if (rd_is_text(n)) {
		clean = str_clean((const char *)n->content,
		    strlen((const char *)n->content), STR_KEEP_NEWLINES);
		rd_put_escaped(&o->b, clean, 0);
		free(clean);
		return;
	}
	buf_printf(&o->b, "<%s", t);
	for (a = n->properties; a != NULL; a = a->next) {
		for (i = 0; i < sizeof(an) - 1 && a->name[i] != '\0'; i++)
			an[i] = (char)(a->name[i] >= 'A' && a->name[i] <= 'Z' ?
			    a->name[i] + 32 : a->name[i]);
		an[i] = '\0';
		if (a->name[i] != '\0' || !rd_keep_attr(t, an))
			continue;
		v = a->children != NULL && a->children->content != NULL ?
		    (const char *)a->children->content : "";
		if (strcmp(an, "href") == 0 || strcmp(an, "src") == 0 ||
		    strcmp(an, "poster") == 0 || strcmp(an, "cite") == 0)
			val = rd_resolve(o, v);
		else if (strcmp(an, "srcset") == 0)
			val = rd_resolve_srcset(o, v);
		else
			val = str_clean(v, strlen(v), STR_FOLD_SPACE |
			    STR_TRIM);
		if (val == NULL)
			continue;
		has_src |= strcmp(an, "src") == 0;
		buf_printf(&o->b, " %s=\"", an);
		rd_put_escaped(&o->b, val, 1);
		buf_putc(&o->b, '"');
		free(val);
	}
	/* An image known only by its srcset gets its first source. */
	if (strcmp(t, "img") == 0 && !has_src &&
	    (v = rd_attr(n, "srcset")) != NULL &&
	    (val = rd_resolve_srcset(o, v)) != NULL) {
		val[strcspn(val, " ,")] = '\0';
		buf_puts(&o->b, " src=\"");
		rd_put_escaped(&o->b, val, 1);
		buf_putc(&o->b, '"');
		free(val);
	}
	buf_putc(&o->b, '>');
}

static void
rd_close(struct rd_out *o, const xmlNode *n, enum rd_mode m)
{
	if (m == RD_EMIT && rd_is_elem(n) &&
	    !rd_in((const char *)n->name, rd_void_tags))
		buf_printf(&o->b, "</%s>", (const char *)n->name);
}

/* Writes root's content as HTML; iterative, so any depth is fine. */
static void
rd_serialize(struct rd_out *o, const xmlNode *root)
{
	const xmlNode *n = root->children;
	enum rd_mode m;

	while (n != NULL) {
		m = rd_mode(o, n);
		if (m == RD_EMIT)
			rd_open(o, n);
		if (m != RD_DROP && rd_is_elem(n) && n->children != NULL &&
		    !rd_in((const char *)n->name, rd_void_tags)) {
			n = n->children;
			continue;
		}
		rd_close(o, n, m);
		while (n->next == NULL) {
			n = n->parent;
			if (n == root || n == NULL)
				return;
			rd_close(o, n, rd_mode(o, n));
		}
		n = n->next;
	}
}

/* ---- The whole. ---- */

static void
rd_attempt_free(struct rd_attempt *a)
{
	free(a->html);
	free(a->first_p);
	free(a->time);
	memset(a, 0, sizeof(*a));
}

static int
rd_ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(xmlNode *const *)a;
	uintptr_t y = (uintptr_t)*(xmlNode *const *)b;

	return x < y ? -1 : x > y;
}

/* Frees the attempt's document, its unlinked nodes and scores. */
static void
rd_ctx_reset(struct rd_ctx *c)
{
	size_t i;

	/* A node may have been put there twice: free each root once. */
	if (c->trash.n > 1)
		qsort(c->trash.v, c->trash.n, sizeof(*c->trash.v),
		    rd_ptr_cmp);
	for (i = 0; i < c->trash.n; i++)
		if ((i == 0 || c->trash.v[i] != c->trash.v[i - 1]) &&
		    c->trash.v[i]->parent == NULL)
			xmlFreeNode(c->trash.v[i]);
	rd_nodes_free(&c->trash);
	for (i = 0; i < c->ninfo; i++)
		free(c->info[i]);
	free(c->info);
	c->info = NULL;
	c->ninfo = c->infocap = 0;
	if (c->doc != NULL)
		xmlFreeDoc(c->doc);
	c->doc = NULL;
}

/* Puts ref's children after it, in order; ref is left empty. */
static void
rd_hoist_children(xmlNode *ref)
{
	xmlNode *first = ref->children, *last = ref->last, *k;

	if (first == NULL)
		return;
	for (k = first; k != NULL; k = k->next)
		k->parent = ref->parent;
	last->next = ref->next;
	if (ref->next != NULL)
		ref->next->prev = last;
	else if (ref->parent != NULL)
		ref->parent->last = last;
	ref->next = first;
	first->prev = ref;
	ref->children = ref->last = NULL;
}

/*
 * Elements nested deeper than RD_MAX_DEPTH give their content to the
 * level above, so that no walk meets a page deeper than that.
 */
static void
rd_flatten(xmlDoc *doc)
{
	xmlNode *n = doc->children;
	size_t depth = 1;

	while (n != NULL) {
		if (rd_is_elem(n) && depth > RD_MAX_DEPTH)
			rd_hoist_children(n);
		if (rd_is_elem(n) && n->children != NULL) {
			n = n->children;
			depth++;
			continue;
		}
		while (n->next == NULL) {
			n = n->parent;
			depth--;
			if (n == NULL || n == (xmlNode *)doc)
				return;
		}
		n = n->next;
	}
}

static xmlDoc *
rd_parse(const struct rd_source *src)
{
	htmlParserCtxtPtr ctxt;
	xmlDoc *d;

	if ((ctxt = htmlNewParserCtxt()) == NULL)
		return NULL;
	/* Keep white-space-only text: it separates words. */
	ctxt->sax->ignorableWhitespace = xmlSAX2Characters;
	/* XML_PARSE_HUGE: nesting to 2048 levels, as html.c reads. */
	d = htmlCtxtReadMemory(ctxt, src->data, (int)src->len, NULL,
	    src->encoding, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET | XML_PARSE_HUGE);
	htmlFreeParserCtxt(ctxt);
	if (d != NULL && xmlDocGetRootElement(d) == NULL) {
		xmlFreeDoc(d);
		d = NULL;
	}
	if (d != NULL)
		rd_flatten(d);
	return d;
}

/* Finds charset=NAME in the first bytes of the page. */
static int
rd_meta_charset(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i, j;

	if (n > 4096)
		n = 4096;
	for (i = 0; i + 8 < n; i++) {
		if (str_ncasecmp_ascii(s + i, "charset=", 8) != 0)
			continue;
		i += 8;
		while (i < n && (s[i] == '"' || s[i] == '\'' || s[i] == ' '))
			i++;
		for (j = 0; i < n && j < outlen - 1 &&
		    ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_' || s[i] == '.' || s[i] == ':'); i++)
			out[j++] = s[i];
		out[j] = '\0';
		return j > 0;
	}
	return 0;
}

static int
rd_known_charset(const char *cs)
{
	xmlCharEncodingHandlerPtr h;

	if (str_casecmp_ascii(cs, "utf-8") == 0 ||
	    str_casecmp_ascii(cs, "utf8") == 0)
		return 0;
	if ((h = xmlFindCharEncodingHandler(cs)) == NULL)
		return 0;
	xmlCharEncCloseFunc(h);
	return 1;
}

static void
rd_source_init(struct rd_source *src, const char *html, size_t len,
    const char *charset)
{
	char cs[64];

	memset(src, 0, sizeof(*src));
	src->encoding = "UTF-8";
	cs[0] = '\0';
	if (charset != NULL && *charset != '\0')
		util_errf(cs, sizeof(cs), "%s", charset);
	else if (!str_utf8_valid(html, len))
		rd_meta_charset(html, len, cs, sizeof(cs));
	if (cs[0] != '\0' && rd_known_charset(cs)) {
		util_errf(src->charset, sizeof(src->charset), "%s", cs);
		src->encoding = src->charset;
		src->data = xmalloc(len + 1);
		memcpy(src->data, html, len);
		src->data[len] = '\0';
		src->len = len;
		return;
	}
	/* UTF-8, bad bytes read as windows-1252, controls dropped. */
	src->data = str_clean(html, len, STR_KEEP_NEWLINES);
	src->len = strlen(src->data);
}

/* Does the page look like HTML at all? NULL when so, else why not. */
static const char *
rd_not_html(const char *s, size_t len)
{
	size_t i, n = len < 4096 ? len : 4096;

	for (i = 0; i < n; i++)
		if (s[i] == '\0')
			return "not an HTML page (binary data)";
	for (i = 0; i + 1 < len; i++)
		if (s[i] == '<' && ((s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
		    (s[i + 1] >= 'A' && s[i + 1] <= 'Z') || s[i + 1] == '!'))
			return NULL;
	return "not an HTML page (no markup)";
}

/* Grabs with the rules in c->flags; keeps the result in *a. */
static int
rd_attempt(struct rd_ctx *c, const struct rd_source *src,
    const struct rd_meta *m, struct rd_attempt *a)
{
	struct rd_out o;
	xmlNode *art, *n;
	const char *dt;

	/* The first attempt uses the document the metadata came from. */
	if (c->doc == NULL && (c->doc = rd_parse(src)) == NULL)
		return -1;
	rd_prepare(c);
	art = rd_grab(c);
	memset(&o, 0, sizeof(o));
	buf_init(&o.b, RD_MAX_OUTPUT);
	o.base = m->base;
	o.base_is_page = m->base_is_page;
	rd_serialize(&o, art);
	a->html = buf_detach(&o.b);
	a->length = rd_text_len(art);
	if ((n = rd_find(art, "p")) != NULL)
		a->first_p = rd_text(n, 1);
	for (n = rd_walk(art, art, 0); n != NULL; n = rd_walk(art, n, 0))
		if (rd_is(n, "time") && (dt = rd_attr(n, "datetime")) != NULL &&
		    date_parse(dt) != DATE_NONE) {
			a->time = xstrdup(dt);
			break;
		}
	rd_ctx_reset(c);
	return 0;
}

/* "By Jane Doe" is Jane Doe. */
static void
rd_strip_by(char *s)
{
	if (s != NULL && str_ncasecmp_ascii(s, "by ", 3) == 0 && s[3] != '\0')
		memmove(s, s + 3, strlen(s + 3) + 1);
}

struct readability *
readability_extract(const char *html, size_t len, const char *url,
    const char *charset, char *err, size_t errlen)
{
	static const int flags[] = {
		RD_FLAG_ALL,
		RD_FLAG_ALL & ~RD_FLAG_STRIP_UNLIKELY,
		RD_FLAG_ALL & ~RD_FLAG_STRIP_UNLIKELY & ~RD_FLAG_WEIGHT_CLASSES,
		0,
	};
	struct rd_attempt best, cur;
	struct rd_source src;
	struct rd_meta m;
	struct rd_ctx c;
	struct readability *r;
	const char *why;
	size_t i;
	int truncated = 0;

	for (i = 0; html != NULL && i < len; i++)
		if (html[i] != ' ' && html[i] != '\t' && html[i] != '\n' &&
		    html[i] != '\r' && html[i] != '\f')
			break;
	if (html == NULL || i == len) {
		util_errf(err, errlen, "empty page");
		return NULL;
	}
	if (len > READABILITY_MAX_INPUT) {
		len = READABILITY_MAX_INPUT;
		truncated = 1;
	}
	if ((why = rd_not_html(html, len)) != NULL) {
		util_errf(err, errlen, "%s", why);
		return NULL;
	}
	rd_steps = 0;
	rd_source_init(&src, html, len, charset);
	memset(&c, 0, sizeof(c));
	memset(&m, 0, sizeof(m));
	memset(&best, 0, sizeof(best));
	if ((c.doc = rd_parse(&src)) == NULL) {
		free(src.data);
		util_errf(err, errlen, "could not parse the page");
		return NULL;
	}
	rd_metadata(c.doc, url, &m);
	c.title = m.title;
	c.have_byline = m.byline != NULL;
	for (i = 0; i < UTIL_ARRAY_LEN(flags); i++) {
		memset(&cur, 0, sizeof(cur));
		c.flags = flags[i];
		if (rd_attempt(&c, &src, &m, &cur) < 0)
			break;
		if (cur.length > best.length || best.html == NULL) {
			rd_attempt_free(&best);
			best = cur;
		} else
			rd_attempt_free(&cur);
		if (best.length >= RD_CHAR_THRESHOLD)
			break;
	}
	free(src.data);
	if (rd_busy()) {
		rd_attempt_free(&best);
		rd_meta_free(&m);
		free(c.byline);
		util_errf(err, errlen, "page too complex to read (gave up "
		    "after %lu steps)", rd_steps);
		return NULL;
	}
	if (best.html == NULL || best.length == 0) {
		rd_attempt_free(&best);
		rd_meta_free(&m);
		free(c.byline);
		util_errf(err, errlen, "no article text found in the page");
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->content = best.html;
	best.html = NULL;
	r->length = best.length;
	r->truncated = truncated;
	r->title = m.title;
	m.title = NULL;
	rd_strip_site(r->title, m.site_name);
	r->byline = m.byline != NULL ? m.byline : rd_clean_line(c.byline);
	m.byline = NULL;
	rd_strip_by(r->byline);
	r->site_name = m.site_name;
	m.site_name = NULL;
	r->excerpt = m.excerpt != NULL ? m.excerpt :
	    rd_clean_line(best.first_p);
	m.excerpt = NULL;
	r->published = DATE_NONE;
	if (m.published != NULL)
		r->published = date_parse(m.published);
	if (r->published == DATE_NONE && best.time != NULL)
		r->published = date_parse(best.time);
	free(c.byline);
	rd_attempt_free(&best);
	rd_meta_free(&m);
	return r;
}

void
readability_free(struct readability *r)
{
	if (r == NULL)
		return;
	free(r->content);
	free(r->title);
	free(r->byline);
	free(r->site_name);
	free(r->excerpt);
	free(r);
}
