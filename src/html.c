/*
 * html.c: HTML and plain text to styled lines, in two steps: html_parse()
 * walks libxml2's HTML tree into width-independent blocks and a link table;
 * html_layout() wraps those blocks for one width.
 *
 * Must never let a control, bidi or zero-width character through, never
 * make a line wider than the width asked for, never recurse on the input's
 * nesting and never grow without a bound. Knows nothing of curses, the
 * network or the disk.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html.h"
#include "str.h"
#include "util.h"

#define MAX_BLOCKS	100000	/* blocks per document */
#define MAX_FRAMES	4096	/* elements deeper than this are transparent */
#define MAX_ROWS	2000	/* more rows: the table is read cell by cell */
#define MAX_COLS	32	/* more columns: likewise */
#define MAX_CELL_TEXT	1000	/* bytes in one cell before it is layout */
#define MAX_URL		8192	/* longer URLs are not numbered */
#define MAX_ALT		300	/* bytes of alt text shown */
#define MAX_MARKS	8	/* zero-width characters after one base */
#define MIN_COL		6	/* narrowest table column worth wrapping in */
#define TAB_STOP	8
#define SHY		0xad	/* soft hyphen: seen only at a break */

/* A string with styled runs: the content of a block, cell or prefix. */
struct run {
	size_t		 off;	/* byte offset in the string */
	size_t		 len;
	unsigned	 attr;	/* HTML_A_* */
	int		 link;	/* link number or 0 */
};

struct sstr {
	struct buf	 b;
	struct run	*runs;
	size_t		 nruns;
	size_t		 cap;
};

enum blk_type {
	BLK_PARA,	/* wrapped text */
	BLK_PRE,	/* lines kept, cut at the width */
	BLK_RULE,	/* a line across the width */
	BLK_TABLE	/* a data table */
};

struct cell {
	struct sstr	 text;
	int		 th;	/* a header cell */
};

struct row {
	struct cell	*cells;
	size_t		 n;
	int		 header; /* in thead, or made only of th */
};

struct table {
	struct row	*rows;
	size_t		 nrows;
	size_t		 cap;
	size_t		 ncols;
	struct sstr	 caption;
};

struct block {
	enum blk_type	 type;
	int		 gap;	/* a blank line before it */
	int		 quote;	/* blockquote depth */
	int		 heading; /* 1-6 for h1-h6, else 0 */
	int		 item;	/* ctx index + 1 whose marker pre1 took */
	struct sstr	 pre1;	/* prefix of the first line */
	struct sstr	 pre2;	/* prefix of the following lines */
	struct sstr	 text;
	struct table	*table;
};

struct link {
	char		*url;
	enum html_link_kind kind;
};

struct html_doc {
	struct block	**blocks;
	size_t		 nblocks;
	size_t		 capblocks;
	struct link	*links;
	size_t		 nlinks;
	size_t		 caplinks;
	uint32_t	*slots;	/* URL hash: index + 1, 0 when empty */
	size_t		 nslots;
};

/* What encloses the text, outermost first: each level gives a prefix. */
enum ctx_kind {
	CTX_QUOTE,	/* "│ " */
	CTX_ITEM,	/* a list item: its marker, then its width of spaces */
	CTX_INDENT	/* dd */
};

struct ctx {
	enum ctx_kind	 kind;
	int		 width;		/* columns */
	char		 marker[32];	/* ASCII or one bullet */
	int		 right;		/* right-align the marker */
	int		 pending;	/* marker not shown yet */
};

struct list {
	int		 ordered;
	long		 next;		/* number of the next item */
	int		 step;		/* 1, or -1 when reversed */
	char		 type;		/* '1', 'a', 'A', 'i', 'I' */
	int		 width;		/* columns for markers, with a space */
	int		 bullet;	/* which bullet, for ul */
};

enum elem_kind {
	E_INLINE, E_SKIP, E_BLOCK, E_BR, E_HEADING, E_QUOTE, E_UL, E_OL,
	E_LI, E_DL, E_DT, E_DD, E_PRE, E_HR, E_IMG, E_A, E_TABLE, E_TSECT,
	E_TR, E_CELL, E_CAPTION, E_FIGCAPTION, E_MEDIA, E_Q
};

#define EF_GAP	0x01	/* a blank line before and after */

struct elem {
	const char	*name;
	enum elem_kind	 kind;
	unsigned	 attr;	/* HTML_A_* it adds to its content */
	int		 flags;	/* EF_* */
	int		 arg;	/* heading level, link kind, thead */
};

/* Sorted by name for bsearch; any other element is inline. */
static const struct elem elems[] = {
	{ "a",		E_A,		0,		0,	0 },
	{ "address",	E_BLOCK,	HTML_A_ITALIC,	0,	0 },
	{ "annotation",	E_SKIP,		0,		0,	0 },
	{ "annotation-xml", E_SKIP,	0,		0,	0 },
	{ "applet",	E_SKIP,		0,		0,	0 },
	{ "area",	E_SKIP,		0,		0,	0 },
	{ "article",	E_BLOCK,	0,		0,	0 },
	{ "aside",	E_BLOCK,	0,		EF_GAP,	0 },
	{ "audio",	E_MEDIA,	0,		0, HTML_LINK_AUDIO },
	{ "b",		E_INLINE,	HTML_A_BOLD,	0,	0 },
	{ "base",	E_SKIP,		0,		0,	0 },
	{ "blockquote",	E_QUOTE,	0,		EF_GAP,	0 },
	{ "body",	E_BLOCK,	0,		0,	0 },
	{ "br",		E_BR,		0,		0,	0 },
	{ "button",	E_SKIP,		0,		0,	0 },
	{ "canvas",	E_SKIP,		0,		0,	0 },
	{ "caption",	E_CAPTION,	HTML_A_ITALIC,	0,	0 },
	{ "center",	E_BLOCK,	0,		0,	0 },
	{ "cite",	E_INLINE,	HTML_A_ITALIC,	0,	0 },
	{ "code",	E_INLINE,	HTML_A_CODE,	0,	0 },
	{ "datalist",	E_SKIP,		0,		0,	0 },
	{ "dd",		E_DD,		0,		0,	0 },
	{ "del",	E_INLINE,	HTML_A_STRIKE,	0,	0 },
	{ "details",	E_BLOCK,	0,		EF_GAP,	0 },
	{ "dfn",	E_INLINE,	HTML_A_ITALIC,	0,	0 },
	{ "dialog",	E_BLOCK,	0,		0,	0 },
	{ "dir",	E_UL,		0,		0,	0 },
	{ "div",	E_BLOCK,	0,		0,	0 },
	{ "dl",		E_DL,		0,		EF_GAP,	0 },
	{ "dt",		E_DT,		HTML_A_BOLD,	0,	0 },
	{ "em",		E_INLINE,	HTML_A_ITALIC,	0,	0 },
	{ "embed",	E_MEDIA,	0,		0, HTML_LINK_EMBED },
	{ "fieldset",	E_BLOCK,	0,		0,	0 },
	{ "figcaption",	E_FIGCAPTION,	HTML_A_ITALIC,	0,	0 },
	{ "figure",	E_BLOCK,	0,		EF_GAP,	0 },
	{ "footer",	E_BLOCK,	0,		0,	0 },
	{ "form",	E_BLOCK,	0,		0,	0 },
	{ "frame",	E_SKIP,		0,		0,	0 },
	{ "frameset",	E_SKIP,		0,		0,	0 },
	{ "h1",		E_HEADING,	0,		EF_GAP,	1 },
	{ "h2",		E_HEADING,	0,		EF_GAP,	2 },
	{ "h3",		E_HEADING,	0,		EF_GAP,	3 },
	{ "h4",		E_HEADING,	0,		EF_GAP,	4 },
	{ "h5",		E_HEADING,	0,		EF_GAP,	5 },
	{ "h6",		E_HEADING,	0,		EF_GAP,	6 },
	{ "head",	E_SKIP,		0,		0,	0 },
	{ "header",	E_BLOCK,	0,		0,	0 },
	{ "hgroup",	E_BLOCK,	0,		0,	0 },
	{ "hr",		E_HR,		0,		EF_GAP,	0 },
	{ "html",	E_BLOCK,	0,		0,	0 },
	{ "i",		E_INLINE,	HTML_A_ITALIC,	0,	0 },
	{ "iframe",	E_MEDIA,	0,		0, HTML_LINK_EMBED },
	{ "img",	E_IMG,		0,		0,	0 },
	{ "input",	E_SKIP,		0,		0,	0 },
	{ "ins",	E_INLINE,	HTML_A_UNDERLINE, 0,	0 },
	{ "kbd",	E_INLINE,	HTML_A_CODE,	0,	0 },
	{ "keygen",	E_SKIP,		0,		0,	0 },
	{ "li",		E_LI,		0,		0,	0 },
	{ "link",	E_SKIP,		0,		0,	0 },
	{ "listing",	E_PRE,		0,		EF_GAP,	0 },
	{ "main",	E_BLOCK,	0,		0,	0 },
	{ "map",	E_SKIP,		0,		0,	0 },
	{ "mark",	E_INLINE,	HTML_A_BOLD,	0,	0 },
	{ "menu",	E_UL,		0,		0,	0 },
	{ "meta",	E_SKIP,		0,		0,	0 },
	{ "meter",	E_SKIP,		0,		0,	0 },
	{ "nav",	E_BLOCK,	0,		0,	0 },
	{ "noembed",	E_SKIP,		0,		0,	0 },
	{ "noframes",	E_SKIP,		0,		0,	0 },
	{ "noscript",	E_SKIP,		0,		0,	0 },
	{ "object",	E_MEDIA,	0,		0, HTML_LINK_EMBED },
	{ "ol",		E_OL,		0,		0,	0 },
	{ "optgroup",	E_SKIP,		0,		0,	0 },
	{ "option",	E_SKIP,		0,		0,	0 },
	{ "output",	E_SKIP,		0,		0,	0 },
	{ "p",		E_BLOCK,	0,		EF_GAP,	0 },
	{ "param",	E_SKIP,		0,		0,	0 },
	{ "plaintext",	E_PRE,		0,		EF_GAP,	0 },
	{ "pre",	E_PRE,		0,		EF_GAP,	0 },
	{ "progress",	E_SKIP,		0,		0,	0 },
	{ "q",		E_Q,		0,		0,	0 },
	{ "rp",		E_SKIP,		0,		0,	0 },
	{ "s",		E_INLINE,	HTML_A_STRIKE,	0,	0 },
	{ "samp",	E_INLINE,	HTML_A_CODE,	0,	0 },
	{ "script",	E_SKIP,		0,		0,	0 },
	{ "section",	E_BLOCK,	0,		0,	0 },
	{ "select",	E_SKIP,		0,		0,	0 },
	{ "source",	E_SKIP,		0,		0,	0 },
	{ "strike",	E_INLINE,	HTML_A_STRIKE,	0,	0 },
	{ "strong",	E_INLINE,	HTML_A_BOLD,	0,	0 },
	{ "style",	E_SKIP,		0,		0,	0 },
	{ "summary",	E_BLOCK,	HTML_A_BOLD,	0,	0 },
	{ "svg",	E_SKIP,		0,		0,	0 },
	{ "table",	E_TABLE,	0,		EF_GAP,	0 },
	{ "tbody",	E_TSECT,	0,		0,	0 },
	{ "td",		E_CELL,		0,		0,	0 },
	{ "template",	E_SKIP,		0,		0,	0 },
	{ "textarea",	E_SKIP,		0,		0,	0 },
	{ "tfoot",	E_TSECT,	0,		0,	0 },
	{ "th",		E_CELL,		HTML_A_BOLD,	0,	1 },
	{ "thead",	E_TSECT,	0,		0,	1 },
	{ "title",	E_SKIP,		0,		0,	0 },
	{ "tr",		E_TR,		0,		0,	0 },
	{ "track",	E_SKIP,		0,		0,	0 },
	{ "tt",		E_INLINE,	HTML_A_CODE,	0,	0 },
	{ "u",		E_INLINE,	HTML_A_UNDERLINE, 0,	0 },
	{ "ul",		E_UL,		0,		0,	0 },
	{ "var",	E_INLINE,	HTML_A_ITALIC,	0,	0 },
	{ "video",	E_MEDIA,	0,		0, HTML_LINK_VIDEO },
	{ "xmp",	E_PRE,		0,		EF_GAP,	0 },
};

static const struct elem elem_inline = { "", E_INLINE, 0, 0, 0 };

/* What entering an element changed, for leaving it. */
#define F_CTX		0x01	/* pushed a ctx */
#define F_LIST		0x02	/* pushed a list */
#define F_LISTOVER	0x04	/* a list too deep to push */
#define F_TABLE		0x08	/* started a data table */
#define F_CELL		0x10	/* started a data-table cell */

struct frame {
	const struct elem *e;
	unsigned	 attr;	/* saved state */
	int		 link;
	int		 pend;
	int		 pre;
	int		 heading;
	int		 thead;
	int		 flags;	/* F_* */
	char		*url;	/* a link's URL until it is numbered */
	int		 n;	/* the link's number once numbered */
	size_t		 nblocks; /* blocks in the doc when the link began */
};

/* The parser's state while it walks the tree. */
struct hp {
	struct html_doc	*doc;
	char		*base;		/* absolute base URL, or NULL */
	struct block	*blk;		/* block being filled, or NULL */
	struct table	*tbl;		/* data table being filled, or NULL */
	struct sstr	*cell;		/* its cell (or caption) being filled */
	struct frame	*frames;
	size_t		 nframes;
	unsigned	 attr;		/* HTML_A_* of the text now */
	int		 link;		/* its link number, or 0 */
	int		 pend;		/* frame of a link not numbered yet */
	int		 pre;		/* inside pre: keep white space */
	int		 plain;		/* text/plain: keep spaces, but wrap */
	int		 heading;
	int		 thead;
	int		 col;		/* column in a pre line, for tabs */
	int		 space;		/* a folded space is pending */
	unsigned	 space_attr;
	int		 space_link;
	int		 gap;		/* a blank line before the next block */
	int		 marks;		/* zero-width chars in a row */
	size_t		 visible;	/* characters added so far */
	struct ctx	 ctx[HTML_MAX_DEPTH];
	int		 nctx;
	struct list	 lists[HTML_MAX_DEPTH];
	int		 nlists;
	int		 listover;	/* lists too deep to push */
	int		 full;		/* MAX_BLOCKS reached */
	int		 force;		/* push the block even when full */
};

/* ---------------------------------------------------------------------- */
/* Styled strings. */

static void
sstr_init(struct sstr *s)
{
	buf_init(&s->b, 0);
	s->runs = NULL;
	s->nruns = s->cap = 0;
}

static void
sstr_free(struct sstr *s)
{
	buf_free(&s->b);
	free(s->runs);
	s->runs = NULL;
	s->nruns = s->cap = 0;
}

static const char *
sstr_data(const struct sstr *s)
{
	return buf_str(&s->b);
}

static void
sstr_add(struct sstr *s, const char *p, size_t n, unsigned attr, int link)
{
	struct run *r;

	if (n == 0)
		return;
	if (s->nruns > 0) {
		r = &s->runs[s->nruns - 1];
		if (r->attr == attr && r->link == link &&
		    r->off + r->len == s->b.len) {
			buf_append(&s->b, p, n);
			r->len += n;
			return;
		}
	}
	if (s->nruns == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->runs = xreallocarray(s->runs, s->cap, sizeof *s->runs);
	}
	r = &s->runs[s->nruns++];
	r->off = s->b.len;
	r->len = n;
	r->attr = attr;
	r->link = link;
	buf_append(&s->b, p, n);
}

static void
sstr_adds(struct sstr *s, const char *p, unsigned attr, int link)
{
	sstr_add(s, p, strlen(p), attr, link);
}

static void
sstr_spaces(struct sstr *s, int n)
{
	while (n-- > 0)
		sstr_add(s, " ", 1, 0, 0);
}

/* Appends bytes [a, b) of src with their runs. */
static void
sstr_copy(struct sstr *dst, const struct sstr *src, size_t a, size_t b)
{
	const char *d = sstr_data(src);
	size_t i, ra, rb;

	for (i = 0; i < src->nruns; i++) {
		ra = src->runs[i].off;
		rb = ra + src->runs[i].len;
		if (rb <= a || ra >= b)
			continue;
		if (ra < a)
			ra = a;
		if (rb > b)
			rb = b;
		sstr_add(dst, d + ra, rb - ra, src->runs[i].attr,
		    src->runs[i].link);
	}
}

/* Cuts the string to n bytes. */
static void
sstr_truncate(struct sstr *s, size_t n)
{
	if (n >= s->b.len)
		return;
	s->b.len = n;
	s->b.data[n] = '\0';
	while (s->nruns > 0 && s->runs[s->nruns - 1].off >= n)
		s->nruns--;
	if (s->nruns > 0 && s->runs[s->nruns - 1].off +
	    s->runs[s->nruns - 1].len > n)
		s->runs[s->nruns - 1].len = n - s->runs[s->nruns - 1].off;
}

static int
sstr_last(const struct sstr *s)
{
	return s->b.len > 0 ? (unsigned char)s->b.data[s->b.len - 1] : -1;
}

/* Drops trailing spaces and line breaks. */
static void
sstr_rtrim(struct sstr *s)
{
	size_t n = s->b.len;

	while (n > 0 && (s->b.data[n - 1] == ' ' || s->b.data[n - 1] == '\n'))
		n--;
	sstr_truncate(s, n);
}

/* True when the string holds something besides spaces and breaks. */
static int
sstr_has_ink(const struct sstr *s)
{
	const char *p = sstr_data(s);
	size_t i;

	for (i = 0; i < s->b.len; i++) {
		if (p[i] == ' ' || p[i] == '\n')
			continue;
		if ((unsigned char)p[i] == 0xc2 && i + 1 < s->b.len &&
		    (unsigned char)p[i + 1] == 0xa0) {
			i++;
			continue;
		}
		return 1;
	}
	return 0;
}

/* Display width of bytes [a, b) of p. */
static int
text_width(const char *p, size_t a, size_t b)
{
	uint32_t cp;
	size_t k;
	int w = 0;

	while (a < b) {
		if ((k = str_utf8_decode(p + a, b - a, &cp)) == 0)
			k = 1;
		if (cp != SHY)
			w += str_cp_width(cp);
		a += k;
	}
	return w;
}

/* ---------------------------------------------------------------------- */
/* The document. */

static void
table_free(struct table *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].n; j++)
			sstr_free(&t->rows[i].cells[j].text);
		free(t->rows[i].cells);
	}
	free(t->rows);
	sstr_free(&t->caption);
	free(t);
}

static void
block_free(struct block *b)
{
	if (b == NULL)
		return;
	sstr_free(&b->pre1);
	sstr_free(&b->pre2);
	sstr_free(&b->text);
	table_free(b->table);
	free(b);
}

void
html_free(struct html_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->nblocks; i++)
		block_free(doc->blocks[i]);
	free(doc->blocks);
	for (i = 0; i < doc->nlinks; i++)
		free(doc->links[i].url);
	free(doc->links);
	free(doc->slots);
	free(doc);
}

static void
doc_push(struct html_doc *doc, struct block *b)
{
	if (doc->nblocks == doc->capblocks) {
		doc->capblocks = doc->capblocks ? doc->capblocks * 2 : 16;
		doc->blocks = xreallocarray(doc->blocks, doc->capblocks,
		    sizeof *doc->blocks);
	}
	doc->blocks[doc->nblocks++] = b;
}

static size_t
doc_slot(const struct html_doc *doc, const char *url)
{
	size_t mask = doc->nslots - 1, i;
	uint32_t v;

	i = (size_t)util_hash64(url, strlen(url), 0) & mask;
	while ((v = doc->slots[i]) != 0 &&
	    strcmp(doc->links[v - 1].url, url) != 0)
		i = (i + 1) & mask;
	return i;
}

/*
 * Numbers url (taking ownership of it): the number it already has, a new
 * one, or 0 when the table is full.
 */
static int
doc_link(struct html_doc *doc, char *url, enum html_link_kind kind)
{
	size_t i, s;

	if (doc->nslots > 0) {
		s = doc_slot(doc, url);
		if (doc->slots[s] != 0) {
			free(url);
			return (int)doc->slots[s];
		}
	}
	if (doc->nlinks >= HTML_MAX_LINKS) {
		free(url);
		return 0;
	}
	if (doc->nlinks == doc->caplinks) {
		doc->caplinks = doc->caplinks ? doc->caplinks * 2 : 16;
		doc->links = xreallocarray(doc->links, doc->caplinks,
		    sizeof *doc->links);
	}
	doc->links[doc->nlinks].url = url;
	doc->links[doc->nlinks].kind = kind;
	doc->nlinks++;
	if (doc->nlinks * 2 > doc->nslots) {
		free(doc->slots);
		doc->nslots = doc->nslots ? doc->nslots * 2 : 64;
		while (doc->nlinks * 2 > doc->nslots)
			doc->nslots *= 2;
		doc->slots = xcalloc(doc->nslots, sizeof *doc->slots);
		for (i = 0; i < doc->nlinks; i++)
			doc->slots[doc_slot(doc, doc->links[i].url)] =
			    (uint32_t)(i + 1);
	} else
		doc->slots[doc_slot(doc, url)] = (uint32_t)doc->nlinks;
	return (int)doc->nlinks;
}

int
html_link_count(const struct html_doc *doc)
{
	return doc != NULL ? (int)doc->nlinks : 0;
}

const char *
html_link(const struct html_doc *doc, int n)
{
	if (doc == NULL || n < 1 || (size_t)n > doc->nlinks)
		return NULL;
	return doc->links[n - 1].url;
}

enum html_link_kind
html_link_kind(const struct html_doc *doc, int n)
{
	if (doc == NULL || n < 1 || (size_t)n > doc->nlinks)
		return HTML_LINK_HREF;
	return doc->links[n - 1].kind;
}

/* ---------------------------------------------------------------------- */
/* URLs: RFC 3986 reference resolution. */

struct uri {
	const char	*scheme;
	size_t		 scheme_len;	/* 0: none */
	int		 has_auth;
	const char	*auth;
	size_t		 auth_len;
	const char	*path;
	size_t		 path_len;
	int		 has_query;
	const char	*query;
	size_t		 query_len;
	int		 has_frag;
	const char	*frag;
	size_t		 frag_len;
};

static void
uri_split(const char *s, struct uri *u)
{
	const char *p = s, *q;

	memset(u, 0, sizeof *u);
	if (isalpha((unsigned char)*p)) {
		for (q = p + 1; isalnum((unsigned char)*q) || *q == '+' ||
		    *q == '-' || *q == '.'; q++)
			;
		if (*q == ':') {
			u->scheme = s;
			u->scheme_len = (size_t)(q - s);
			p = q + 1;
		}
	}
	if (p[0] == '/' && p[1] == '/') {
		u->has_auth = 1;
		u->auth = p + 2;
		u->auth_len = strcspn(u->auth, "/?#");
		p = u->auth + u->auth_len;
	}
	u->path = p;
	u->path_len = strcspn(p, "?#");
	p += u->path_len;
	if (*p == '?') {
		u->has_query = 1;
		u->query = p + 1;
		u->query_len = strcspn(u->query, "#");
		p = u->query + u->query_len;
	}
	if (*p == '#') {
		u->has_frag = 1;
		u->frag = p + 1;
		u->frag_len = strlen(u->frag);
	}
}

/* Drops the last segment of out, with the '/' before it. */
static void
uri_pop(struct buf *out)
{
	while (out->len > 0 && out->data[out->len - 1] != '/')
		out->len--;
	if (out->len > 0)
		out->len--;
	if (out->data != NULL)
		out->data[out->len] = '\0';
}

/* RFC 3986 5.2.4: appends path without "." and ".." segments to out. */
static void
uri_remove_dots(const char *path, size_t n, struct buf *out)
{
	char *in = xstrndup(path, n);
	size_t i = 0, j, rem;
	const char *p;

	while (i < n) {
		p = in + i;
		rem = n - i;
		if (rem >= 3 && memcmp(p, "../", 3) == 0)
			i += 3;
		else if (rem >= 2 && memcmp(p, "./", 2) == 0)
			i += 2;
		else if (rem >= 3 && memcmp(p, "/./", 3) == 0)
			i += 2;
		else if (rem == 2 && memcmp(p, "/.", 2) == 0) {
			in[i + 1] = '/';
			i += 1;
		} else if (rem >= 4 && memcmp(p, "/../", 4) == 0) {
			i += 3;
			uri_pop(out);
		} else if (rem == 3 && memcmp(p, "/..", 3) == 0) {
			i += 2;
			in[i] = '/';
			uri_pop(out);
		} else if ((rem == 1 && p[0] == '.') ||
		    (rem == 2 && memcmp(p, "..", 2) == 0))
			i = n;
		else {
			j = i + (p[0] == '/');
			while (j < n && in[j] != '/')
				j++;
			buf_append(out, in + i, j - i);
			i = j;
		}
	}
	free(in);
}

/* Resolves ref against an absolute base; returns a new string. */
static char *
uri_resolve(const char *base, const char *ref)
{
	struct uri b, r;
	struct buf out, path;
	const char *slash;
	size_t i;

	uri_split(ref, &r);
	if (base == NULL || r.scheme_len > 0)
		return xstrdup(ref);
	uri_split(base, &b);
	if (b.scheme_len == 0)
		return xstrdup(ref);
	buf_init(&out, 0);
	buf_init(&path, 0);
	buf_append(&out, b.scheme, b.scheme_len);
	buf_putc(&out, ':');
	if (r.has_auth) {
		buf_puts(&out, "//");
		buf_append(&out, r.auth, r.auth_len);
		uri_remove_dots(r.path, r.path_len, &path);
	} else {
		if (b.has_auth) {
			buf_puts(&out, "//");
			buf_append(&out, b.auth, b.auth_len);
		}
		if (r.path_len == 0) {
			buf_append(&path, b.path, b.path_len);
			if (!r.has_query && b.has_query) {
				r.has_query = 1;
				r.query = b.query;
				r.query_len = b.query_len;
			}
		} else if (r.path[0] == '/')
			uri_remove_dots(r.path, r.path_len, &path);
		else {
			struct buf merged;

			buf_init(&merged, 0);
			if (b.has_auth && b.path_len == 0)
				buf_putc(&merged, '/');
			else {
				slash = NULL;
				for (i = 0; i < b.path_len; i++)
					if (b.path[i] == '/')
						slash = b.path + i;
				if (slash != NULL)
					buf_append(&merged, b.path,
					    (size_t)(slash - b.path) + 1);
			}
			buf_append(&merged, r.path, r.path_len);
			uri_remove_dots(buf_str(&merged), merged.len, &path);
			buf_free(&merged);
		}
	}
	buf_append(&out, buf_str(&path), path.len);
	if (r.has_query) {
		buf_putc(&out, '?');
		buf_append(&out, r.query, r.query_len);
	}
	if (r.has_frag) {
		buf_putc(&out, '#');
		buf_append(&out, r.frag, r.frag_len);
	}
	buf_free(&path);
	return buf_detach(&out);
}

static int
uri_split_has_scheme(const char *url)
{
	struct uri u;

	uri_split(url, &u);
	return u.scheme_len > 0;
}

static int
uri_scheme_ok(const char *url)
{
	static const char *const ok[] = {
		"http", "https", "ftp", "ftps", "mailto", "gopher", "gemini",
		"news", "nntp", "irc", "ircs", "xmpp", "tel", "magnet"
	};
	struct uri u;
	size_t i;

	uri_split(url, &u);
	if (u.scheme_len == 0)
		return 1;
	for (i = 0; i < UTIL_ARRAY_LEN(ok); i++)
		if (strlen(ok[i]) == u.scheme_len &&
		    str_ncasecmp_ascii(url, ok[i], u.scheme_len) == 0)
			return 1;
	return 0;
}

/*
 * Cleans an attribute's URL (tabs and newlines dropped, white space trimmed,
 * spaces and quotes escaped) and resolves it against base. Returns a new
 * string, or NULL for an empty, in-page, too long or unsafe URL.
 */
static char *
url_make(const char *base, const char *raw, int allow_fragment)
{
	struct buf b;
	const char *r;
	char *c, *u, *p;

	buf_init(&b, MAX_URL);
	for (r = raw; *r != '\0'; r++)
		if (*r != '\t' && *r != '\n' && *r != '\r')
			buf_putc(&b, *r);
	if (b.overflow) {
		buf_free(&b);
		return NULL;
	}
	c = str_clean(buf_str(&b), b.len, STR_TRIM);
	buf_free(&b);
	if (*c == '\0' || (*c == '#' && !allow_fragment)) {
		free(c);
		return NULL;
	}
	buf_init(&b, 0);
	for (p = c; *p != '\0'; p++) {
		switch (*p) {
		case ' ': case '"': case '<': case '>': case '`':
			buf_printf(&b, "%%%02X", (unsigned char)*p);
			break;
		default:
			buf_putc(&b, *p);
		}
	}
	free(c);
	u = uri_resolve(base, buf_str(&b));
	buf_free(&b);
	if (!uri_scheme_ok(u) || strlen(u) > MAX_URL) {
		free(u);
		return NULL;
	}
	return u;
}

/* ---------------------------------------------------------------------- */
/* Building blocks while walking the tree. */

static char *
node_attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Attribute cleaned for display: folded, trimmed, at most max bytes. */
static char *
node_text_attr(xmlNode *n, const char *name, size_t max)
{
	char *v = node_attr(n, name), *c;
	size_t len;

	if (v == NULL)
		return NULL;
	c = str_clean(v, strlen(v), STR_FOLD_SPACE | STR_TRIM);
	free(v);
	if (*c == '\0') {
		free(c);
		return NULL;
	}
	if ((len = strlen(c)) > max) {
		len = max;
		while (len > 0 && ((unsigned char)c[len] & 0xc0) == 0x80)
			len--;
		c[len] = '\0';
		v = xasprintf("%s…", c);
		free(c);
		c = v;
	}
	return c;
}

static int
node_is(xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static int
elem_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct elem *)e)->name);
}

static const struct elem *
elem_find(const char *name)
{
	const struct elem *e;

	e = bsearch(name, elems, UTIL_ARRAY_LEN(elems), sizeof elems[0],
	    elem_cmp);
	return e != NULL ? e : &elem_inline;
}

/* Marked hidden: the hidden attribute or an inline display:none. */
static int
node_hidden(xmlNode *n)
{
	char *style, *p, *q;
	int hidden;

	if (xmlHasProp(n, (const xmlChar *)"hidden") != NULL)
		return 1;
	if ((style = node_attr(n, "style")) == NULL)
		return 0;
	for (p = q = style; *p != '\0'; p++)
		if (!isspace((unsigned char)*p))
			*q++ = (char)tolower((unsigned char)*p);
	*q = '\0';
	hidden = strstr(style, "display:none") != NULL ||
	    strstr(style, "visibility:hidden") != NULL;
	free(style);
	return hidden;
}

/* The prefix a new block gets from the enclosing quotes and items. */
static void
hp_prefix(struct hp *P, struct block *b)
{
	struct ctx *c;
	int i, pad;

	for (i = 0; i < P->nctx; i++) {
		c = &P->ctx[i];
		switch (c->kind) {
		case CTX_QUOTE:
			sstr_adds(&b->pre1, "│", HTML_A_QUOTE, 0);
			sstr_spaces(&b->pre1, 1);
			sstr_adds(&b->pre2, "│", HTML_A_QUOTE, 0);
			sstr_spaces(&b->pre2, 1);
			b->quote++;
			break;
		case CTX_INDENT:
			sstr_spaces(&b->pre1, c->width);
			sstr_spaces(&b->pre2, c->width);
			break;
		case CTX_ITEM:
			sstr_spaces(&b->pre2, c->width);
			if (!c->pending) {
				sstr_spaces(&b->pre1, c->width);
				break;
			}
			pad = c->width - (int)str_width(c->marker);
			if (c->right && pad > 1)
				sstr_spaces(&b->pre1, pad - 1);
			sstr_adds(&b->pre1, c->marker, HTML_A_MARK, 0);
			if (c->right)
				sstr_spaces(&b->pre1, pad > 1 ? 1 : pad);
			else
				sstr_spaces(&b->pre1, pad);
			c->pending = 0;
			b->item = i + 1;
			break;
		}
	}
}

/* The string text goes to now, making a block if needed; NULL: nowhere. */
static struct sstr *
hp_target(struct hp *P)
{
	struct block *b;

	if (P->tbl != NULL)
		return P->cell;
	if (P->blk != NULL)
		return &P->blk->text;
	if (P->full)
		return NULL;
	b = xcalloc(1, sizeof *b);
	sstr_init(&b->pre1);
	sstr_init(&b->pre2);
	sstr_init(&b->text);
	b->type = P->pre && !P->plain ? BLK_PRE : BLK_PARA;
	b->gap = P->gap;
	b->heading = P->heading;
	P->gap = 0;
	P->col = 0;
	hp_prefix(P, b);
	P->blk = b;
	return &b->text;
}

/* Ends the block being filled; a block with nothing to show is dropped. */
static void
hp_flush(struct hp *P)
{
	struct block *b = P->blk;

	P->space = 0;
	if (P->tbl != NULL) {
		if (P->cell != NULL && P->cell->b.len > 0 &&
		    sstr_last(P->cell) != '\n')
			sstr_add(P->cell, "\n", 1, 0, 0);
		return;
	}
	if (b == NULL)
		return;
	P->blk = NULL;
	sstr_rtrim(&b->text);
	if (!sstr_has_ink(&b->text)) {
		/* Give an item's marker back to the next block. */
		if (b->item > 0 && b->item <= P->nctx &&
		    P->ctx[b->item - 1].kind == CTX_ITEM)
			P->ctx[b->item - 1].pending = 1;
		if (b->gap)
			P->gap = 1;
		block_free(b);
		return;
	}
	if (P->doc->nblocks >= MAX_BLOCKS && !P->force) {
		block_free(b);
		P->full = 1;
		return;
	}
	doc_push(P->doc, b);
}

/* Gives a link still waiting for its number that number. */
static void
hp_number_link(struct hp *P)
{
	struct frame *f;

	if (P->pend < 0)
		return;
	f = &P->frames[P->pend];
	P->pend = -1;
	if (f->url != NULL)
		f->n = doc_link(P->doc, f->url, HTML_LINK_HREF);
	f->url = NULL;
	P->link = f->n;
}

/* Adds the pending folded space, if it has a place. */
static void
hp_space(struct hp *P, struct sstr *t)
{
	unsigned attr;
	int link, last;

	if (!P->space)
		return;
	P->space = 0;
	last = sstr_last(t);
	if (last == -1 || last == '\n' || last == ' ')
		return;
	attr = P->space_attr & P->attr;
	link = P->space_link == P->link ? P->link : 0;
	if (link != 0)
		attr |= HTML_A_LINK;
	sstr_add(t, " ", 1, attr, link);
}

static int
is_fold_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f';
}

/* Adds text already cleaned by str_clean(STR_KEEP_NEWLINES). */
static void
hp_text(struct hp *P, const char *s, size_t n)
{
	struct sstr *t;
	uint32_t cp;
	size_t k;
	unsigned attr;
	int w;

	while (n > 0) {
		if ((k = str_utf8_decode(s, n, &cp)) == 0)
			k = 1;
		if (!P->pre && is_fold_space(cp)) {
			if (!P->space) {
				P->space = 1;
				P->space_attr = P->attr;
				P->space_link = P->link;
			}
			s += k;
			n -= k;
			continue;
		}
		if (P->pre && cp == '\n') {
			if ((t = P->tbl != NULL ? P->cell : P->blk != NULL ?
			    &P->blk->text : NULL) != NULL)
				sstr_add(t, "\n", 1, 0, 0);
			P->col = 0;
			s += k;
			n -= k;
			continue;
		}
		w = cp == SHY ? 1 : str_cp_width(cp);
		if (w == 0 && ++P->marks > MAX_MARKS) {
			s += k;
			n -= k;
			continue;
		}
		if (w > 0)
			P->marks = 0;
		hp_number_link(P);
		if ((t = hp_target(P)) == NULL)
			return;
		hp_space(P, t);
		attr = P->attr | (P->link ? HTML_A_LINK : 0);
		if (cp == '\t') {
			do
				sstr_add(t, " ", 1, attr, P->link);
			while (++P->col % TAB_STOP != 0);
		} else {
			sstr_add(t, s, k, attr, P->link);
			P->col += w;
		}
		P->visible++;
		s += k;
		n -= k;
	}
}

static void
hp_text_node(struct hp *P, const xmlChar *content)
{
	char *c;

	if (content == NULL)
		return;
	c = str_clean((const char *)content, strlen((const char *)content),
	    STR_KEEP_NEWLINES);
	hp_text(P, c, strlen(c));
	free(c);
}

/*
 * Adds text tidings made up ([image N: alt], quotes). A suffix ("[N]" after
 * a link) sticks to the text before it and leaves a pending space pending.
 */
static void
hp_mark(struct hp *P, const char *s, int link, int suffix)
{
	struct sstr *t;

	if (!suffix)
		hp_number_link(P);
	if ((t = hp_target(P)) == NULL)
		return;
	if (!suffix)
		hp_space(P, t);
	sstr_adds(t, s, (P->attr & ~HTML_A_LINK) | HTML_A_MARK, link);
	P->visible++;
	P->marks = 0;
}

static void
hp_br(struct hp *P)
{
	struct sstr *t;
	size_t n;

	P->space = 0;
	if (P->pre) {
		hp_text(P, "\n", 1);
		return;
	}
	t = P->tbl != NULL ? P->cell : P->blk != NULL ? &P->blk->text : NULL;
	if (t == NULL || t->b.len == 0)
		return;
	/* Two breaks in a row at most: one empty line. */
	n = t->b.len;
	if (n >= 2 && t->b.data[n - 1] == '\n' && t->b.data[n - 2] == '\n')
		return;
	sstr_add(t, "\n", 1, 0, 0);
}

static void
hp_push_ctx(struct hp *P, struct frame *f, enum ctx_kind kind, int width,
    const char *marker, int right)
{
	struct ctx *c;

	if (P->nctx >= HTML_MAX_DEPTH)
		return;
	c = &P->ctx[P->nctx++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->width = width;
	c->right = right;
	if (marker != NULL) {
		/* Markers are short ("12.", a bullet); a long one is cut. */
		size_t n = strnlen(marker, sizeof c->marker - 1);

		memcpy(c->marker, marker, n);
		c->marker[n] = '\0';
		c->pending = 1;
	}
	f->flags |= F_CTX;
}

/* ---------------------------------------------------------------------- */
/* Lists. */

static void
roman(long v, int upper, char *out, size_t sz)
{
	static const struct { int v; const char *s; } r[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
		{ 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
		{ 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" }
	};
	size_t i, n = 0, j;

	for (i = 0; i < UTIL_ARRAY_LEN(r); i++) {
		while (v >= r[i].v) {
			for (j = 0; r[i].s[j] != '\0' && n + 1 < sz; j++)
				out[n++] = upper ? (char)toupper(
				    (unsigned char)r[i].s[j]) : r[i].s[j];
			v -= r[i].v;
		}
	}
	out[n] = '\0';
}

/* The marker of item v in a list of the given type ("3.", "c.", "iv."). */
static void
list_marker(char type, long v, char *out, size_t sz)
{
	char tmp[24];
	size_t n;

	if ((type == 'i' || type == 'I') && v >= 1 && v < 4000) {
		roman(v, type == 'I', tmp, sizeof tmp);
		snprintf(out, sz, "%s.", tmp);
	} else if ((type == 'a' || type == 'A') && v >= 1) {
		n = sizeof tmp - 1;
		tmp[n] = '\0';
		while (v > 0 && n > 0) {
			v--;
			tmp[--n] = (char)((type == 'A' ? 'A' : 'a') + v % 26);
			v /= 26;
		}
		snprintf(out, sz, "%s.", tmp + n);
	} else
		snprintf(out, sz, "%ld.", v);
}

static long
attr_long(xmlNode *n, const char *name, long dflt, int *found)
{
	char *v = node_attr(n, name), *end;
	long l;

	if (found != NULL)
		*found = 0;
	if (v == NULL)
		return dflt;
	l = strtol(v, &end, 10);
	if (end == v) {
		free(v);
		return dflt;
	}
	free(v);
	if (found != NULL)
		*found = 1;
	if (l > 1000000000L)
		l = 1000000000L;
	if (l < -1000000000L)
		l = -1000000000L;
	return l;
}

static void
hp_list(struct hp *P, xmlNode *n, struct frame *f, int ordered)
{
	struct list *l;
	xmlNode *c;
	char m[40], *type;
	long count = 0, v;
	int found, w, i, depth = 0;

	if (P->nlists >= HTML_MAX_DEPTH) {
		P->listover++;
		f->flags |= F_LISTOVER;
		return;
	}
	for (i = 0; i < P->nlists; i++)
		if (!P->lists[i].ordered)
			depth++;
	l = &P->lists[P->nlists++];
	f->flags |= F_LIST;
	memset(l, 0, sizeof *l);
	l->ordered = ordered;
	l->type = '1';
	l->step = 1;
	if (!ordered) {
		l->width = 2;
		l->bullet = depth % 3;
		return;
	}
	if ((type = node_attr(n, "type")) != NULL) {
		if (strchr("aAiI", type[0]) != NULL && type[0] != '\0')
			l->type = type[0];
		free(type);
	}
	for (c = n->children; c != NULL; c = c->next)
		if (node_is(c, "li"))
			count++;
	if (xmlHasProp(n, (const xmlChar *)"reversed") != NULL)
		l->step = -1;
	l->next = attr_long(n, "start", l->step < 0 ? count : 1, NULL);
	/* Size the marker column for the widest marker of the list. */
	l->width = 0;
	v = l->next;
	for (c = n->children; c != NULL; c = c->next) {
		if (!node_is(c, "li"))
			continue;
		v = attr_long(c, "value", v, &found);
		list_marker(l->type, v, m, sizeof m);
		if ((w = (int)strlen(m) + 1) > l->width)
			l->width = w;
		v += l->step;
	}
	if (l->width == 0)
		l->width = 3;
}

static void
hp_item(struct hp *P, xmlNode *n, struct frame *f)
{
	static const char *const bullets[] = { "•", "◦", "▪" };
	struct list *l;
	char m[40];
	int found;
	long v;

	hp_flush(P);
	if (P->listover > 0)
		return;
	if (P->nlists == 0) {
		hp_push_ctx(P, f, CTX_ITEM, 2, bullets[0], 0);
		return;
	}
	l = &P->lists[P->nlists - 1];
	if (!l->ordered) {
		hp_push_ctx(P, f, CTX_ITEM, l->width, bullets[l->bullet], 0);
		return;
	}
	v = attr_long(n, "value", l->next, &found);
	list_marker(l->type, v, m, sizeof m);
	l->next = v + l->step;
	hp_push_ctx(P, f, CTX_ITEM, l->width, m, 1);
}

/* ---------------------------------------------------------------------- */
/* Images, media, links. */

static void
hp_image(struct hp *P, xmlNode *n)
{
	char *src, *alt, *url = NULL, *w, *h, *s;
	int num = 0, pixel;

	w = node_attr(n, "width");
	h = node_attr(n, "height");
	pixel = w != NULL && h != NULL && atoi(w) <= 1 && atoi(h) <= 1 &&
	    isdigit((unsigned char)w[0]) && isdigit((unsigned char)h[0]);
	free(w);
	free(h);
	if (pixel)
		return;
	src = node_attr(n, "src");
	if (src == NULL || str_has_prefix_ci(src, "data:")) {
		free(src);
		src = node_attr(n, "data-src");
	}
	if (src != NULL)
		url = url_make(P->base, src, 0);
	free(src);
	alt = node_text_attr(n, "alt", MAX_ALT);
	if (url == NULL && alt == NULL)
		return;
	hp_number_link(P);
	if (url != NULL)
		num = doc_link(P->doc, url, HTML_LINK_IMAGE);
	if (num > 0 && alt != NULL)
		s = xasprintf("[image %d: %s]", num, alt);
	else if (num > 0)
		s = xasprintf("[image %d]", num);
	else
		s = xasprintf("[image: %s]", alt != NULL ? alt : "");
	hp_mark(P, s, num, 0);
	free(s);
	free(alt);
}

static void
hp_media(struct hp *P, xmlNode *n, enum html_link_kind kind)
{
	static const char *const names[] = {
		"link", "image", "video", "audio", "embed"
	};
	const char *name = names[kind];
	char *src, *url = NULL, *title, *s;
	xmlNode *c;
	int num = 0;

	src = node_attr(n, node_is(n, "object") ? "data" : "src");
	for (c = n->children; src == NULL && c != NULL; c = c->next)
		if (node_is(c, "source"))
			src = node_attr(c, "src");
	if (src != NULL)
		url = url_make(P->base, src, 0);
	free(src);
	if (url != NULL &&
	    (strstr(url, "youtube.com/") != NULL ||
	    strstr(url, "youtube-nocookie.com/") != NULL ||
	    strstr(url, "youtu.be/") != NULL ||
	    strstr(url, "vimeo.com/") != NULL)) {
		name = "video";
		kind = HTML_LINK_VIDEO;
	}
	title = node_text_attr(n, "title", MAX_ALT);
	hp_number_link(P);
	if (url != NULL)
		num = doc_link(P->doc, url, kind);
	if (num > 0 && title != NULL)
		s = xasprintf("[%s %d: %s]", name, num, title);
	else if (num > 0)
		s = xasprintf("[%s %d]", name, num);
	else if (title != NULL)
		s = xasprintf("[%s: %s]", name, title);
	else
		s = xasprintf("[%s]", name);
	hp_mark(P, s, num, 0);
	free(s);
	free(title);
}

static void
hp_link_open(struct hp *P, xmlNode *n, struct frame *f)
{
	char *href;

	if ((href = node_attr(n, "href")) == NULL)
		return;
	f->url = url_make(P->base, href, 0);
	free(href);
	if (f->url == NULL)
		return;
	f->nblocks = P->doc->nblocks;
	P->pend = (int)(f - P->frames);
	P->link = 0;
}

static void
hp_link_close(struct hp *P, struct frame *f)
{
	struct block *b;
	char m[24];

	free(f->url);
	f->url = NULL;
	if (f->n <= 0)
		return;
	snprintf(m, sizeof m, "[%d]", f->n);
	if (P->tbl == NULL && P->blk == NULL &&
	    P->doc->nblocks > f->nblocks) {
		/* The link's text was in a block that has ended: join it. */
		b = P->doc->blocks[P->doc->nblocks - 1];
		if (b->type == BLK_PARA) {
			sstr_adds(&b->text, m,
			    (P->attr & ~HTML_A_LINK) | HTML_A_MARK, f->n);
			return;
		}
	}
	hp_mark(P, m, f->n, 1);
}

/* ---------------------------------------------------------------------- */
/* Tables. */

/*
 * True for a table of data, to lay out in columns: at least two columns,
 * not too many rows or columns, short cells, and no block content (lists,
 * headings, quotes, pre, nested tables), which marks a layout table.
 */
static int
table_is_data(xmlNode *t)
{
	static const char *const blocky[] = {
		"blockquote", "dl", "figure", "h1", "h2", "h3", "h4", "h5",
		"h6", "hr", "iframe", "ol", "pre", "table", "ul", "video"
	};
	xmlNode *n = t->children, *c;
	size_t rows = 0, cols, maxcols = 0, celltext = 0, i;
	const char *name;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			name = (const char *)n->name;
			for (i = 0; i < UTIL_ARRAY_LEN(blocky); i++)
				if (strcmp(name, blocky[i]) == 0)
					return 0;
			if (strcmp(name, "tr") == 0) {
				rows++;
				cols = 0;
				for (c = n->children; c != NULL; c = c->next)
					if (node_is(c, "td") ||
					    node_is(c, "th"))
						cols++;
				if (cols > maxcols)
					maxcols = cols;
			} else if (strcmp(name, "td") == 0 ||
			    strcmp(name, "th") == 0)
				celltext = 0;
		} else if (n->type == XML_TEXT_NODE && n->content != NULL) {
			celltext += strlen((const char *)n->content);
			if (celltext > MAX_CELL_TEXT)
				return 0;
		}
		if (rows > MAX_ROWS || maxcols > MAX_COLS)
			return 0;
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != t && n->next == NULL)
			n = n->parent;
		if (n == t)
			break;
		n = n->next;
	}
	return rows >= 1 && maxcols >= 2;
}

static struct row *
table_row(struct table *t)
{
	struct row *r;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->rows = xreallocarray(t->rows, t->cap, sizeof *t->rows);
	}
	r = &t->rows[t->nrows++];
	memset(r, 0, sizeof *r);
	return r;
}

static void
hp_cell(struct hp *P, int th)
{
	struct table *t = P->tbl;
	struct row *r;
	struct cell *c;

	if (t->nrows == 0)
		table_row(t)->header = P->thead;
	r = &t->rows[t->nrows - 1];
	if (r->n >= MAX_COLS) {
		/* Spare cells join the last one. */
		c = &r->cells[r->n - 1];
		if (c->text.b.len > 0)
			sstr_add(&c->text, " ", 1, 0, 0);
		P->cell = &c->text;
		return;
	}
	r->cells = xreallocarray(r->cells, r->n + 1, sizeof *r->cells);
	c = &r->cells[r->n++];
	sstr_init(&c->text);
	c->th = th;
	P->cell = &c->text;
	if (r->n > t->ncols)
		t->ncols = r->n;
}

static void
hp_table_end(struct hp *P)
{
	struct table *t = P->tbl;
	struct block *b;
	size_t i, j;
	int allth;

	P->tbl = NULL;
	P->cell = NULL;
	for (i = 0; i < t->nrows; i++) {
		allth = t->rows[i].n > 0;
		for (j = 0; j < t->rows[i].n; j++) {
			sstr_rtrim(&t->rows[i].cells[j].text);
			if (!t->rows[i].cells[j].th)
				allth = 0;
		}
		if (allth)
			t->rows[i].header = 1;
	}
	sstr_rtrim(&t->caption);
	if (t->ncols == 0 || P->full) {
		table_free(t);
		return;
	}
	b = xcalloc(1, sizeof *b);
	sstr_init(&b->pre1);
	sstr_init(&b->pre2);
	sstr_init(&b->text);
	b->type = BLK_TABLE;
	b->gap = 1;
	b->table = t;
	hp_prefix(P, b);
	if (P->doc->nblocks >= MAX_BLOCKS) {
		block_free(b);
		P->full = 1;
		return;
	}
	doc_push(P->doc, b);
	P->gap = 1;
}

/* ---------------------------------------------------------------------- */
/* The walk. */

/* Enters element n; returns 1 to walk its children (and leave it later). */
static int
hp_enter(struct hp *P, xmlNode *n, struct frame *f)
{
	const struct elem *e = elem_find((const char *)n->name);

	memset(f, 0, sizeof *f);
	f->e = e;
	f->attr = P->attr;
	f->link = P->link;
	f->pend = P->pend;
	f->pre = P->pre;
	f->heading = P->heading;
	f->thead = P->thead;
	if (e->kind == E_SKIP || node_hidden(n))
		return 0;
	P->attr |= e->attr;
	switch (e->kind) {
	case E_INLINE:
	case E_SKIP:
		break;
	case E_BLOCK:
	case E_DL:
	case E_DT:
	case E_FIGCAPTION:
		hp_flush(P);
		if (e->flags & EF_GAP)
			P->gap = 1;
		break;
	case E_BR:
		hp_br(P);
		return 0;
	case E_HEADING:
		hp_flush(P);
		P->gap = 1;
		P->heading = e->arg;
		P->attr |= HTML_A_BOLD | HTML_A_HEADING;
		break;
	case E_QUOTE:
		hp_flush(P);
		P->gap = 1;
		hp_push_ctx(P, f, CTX_QUOTE, 2, NULL, 0);
		break;
	case E_UL:
	case E_OL:
		hp_flush(P);
		if (P->nlists == 0 && P->listover == 0)
			P->gap = 1;
		hp_list(P, n, f, e->kind == E_OL);
		break;
	case E_LI:
		hp_item(P, n, f);
		break;
	case E_DD:
		hp_flush(P);
		hp_push_ctx(P, f, CTX_INDENT, 4, NULL, 0);
		break;
	case E_PRE:
		hp_flush(P);
		P->gap = 1;
		P->pre++;
		P->attr |= HTML_A_CODE;
		break;
	case E_HR:
		hp_flush(P);
		if (!P->full && P->tbl == NULL) {
			struct block *b;

			P->gap = 1;
			hp_target(P);
			b = P->blk;
			P->blk = NULL;
			b->type = BLK_RULE;
			if (P->doc->nblocks < MAX_BLOCKS)
				doc_push(P->doc, b);
			else
				block_free(b);
			P->gap = 1;
		}
		return 0;
	case E_IMG:
		hp_image(P, n);
		return 0;
	case E_MEDIA:
		hp_media(P, n, (enum html_link_kind)e->arg);
		return 0;
	case E_A:
		hp_link_open(P, n, f);
		break;
	case E_Q:
		hp_mark(P, "“", 0, 0);
		break;
	case E_TABLE:
		hp_flush(P);
		P->gap = 1;
		if (P->tbl == NULL && table_is_data(n)) {
			P->tbl = xcalloc(1, sizeof *P->tbl);
			sstr_init(&P->tbl->caption);
			P->cell = NULL;
			P->thead = 0;
			f->flags |= F_TABLE;
		}
		break;
	case E_TSECT:
		if (P->tbl != NULL)
			P->thead = e->arg;
		else
			hp_flush(P);
		break;
	case E_TR:
		if (P->tbl != NULL) {
			table_row(P->tbl)->header = P->thead;
			P->cell = NULL;
		} else
			hp_flush(P);
		break;
	case E_CELL:
		if (P->tbl != NULL) {
			hp_cell(P, e->arg);
			P->space = 0;
			f->flags |= F_CELL;
		} else
			hp_flush(P);
		break;
	case E_CAPTION:
		if (P->tbl != NULL) {
			P->cell = &P->tbl->caption;
			P->space = 0;
			f->flags |= F_CELL;
		} else
			hp_flush(P);
		break;
	}
	return 1;
}

static void
hp_leave(struct hp *P, struct frame *f)
{
	const struct elem *e = f->e;

	switch (e->kind) {
	case E_INLINE:
	case E_SKIP:
	case E_BR:
	case E_HR:
	case E_IMG:
	case E_MEDIA:
		break;
	case E_BLOCK:
	case E_DL:
	case E_DT:
	case E_FIGCAPTION:
	case E_HEADING:
	case E_PRE:
		hp_flush(P);
		if (e->flags & EF_GAP)
			P->gap = 1;
		break;
	case E_QUOTE:
	case E_LI:
	case E_DD:
		hp_flush(P);
		if (e->flags & EF_GAP)
			P->gap = 1;
		if (f->flags & F_CTX)
			P->nctx--;
		break;
	case E_UL:
	case E_OL:
		hp_flush(P);
		if (f->flags & F_LIST)
			P->nlists--;
		if (f->flags & F_LISTOVER)
			P->listover--;
		if (P->nlists == 0 && P->listover == 0)
			P->gap = 1;
		break;
	case E_A:
		hp_link_close(P, f);
		break;
	case E_Q:
		P->attr = f->attr;
		hp_mark(P, "”", 0, 1);
		break;
	case E_TABLE:
		if (f->flags & F_TABLE)
			hp_table_end(P);
		else
			hp_flush(P);
		P->gap = 1;
		break;
	case E_TSECT:
	case E_TR:
		if (P->tbl == NULL)
			hp_flush(P);
		break;
	case E_CELL:
	case E_CAPTION:
		if (f->flags & F_CELL) {
			P->cell = NULL;
			P->space = 0;
		} else
			hp_flush(P);
		break;
	}
	P->attr = f->attr;
	P->link = f->link;
	P->pend = f->pend;
	P->pre = f->pre;
	P->heading = f->heading;
	P->thead = f->thead;
	/* An enclosing link numbered while inside this element. */
	if (P->pend >= 0 && P->frames[P->pend].url == NULL) {
		P->link = P->frames[P->pend].n;
		P->pend = -1;
	}
}

static int
hp_visit(struct hp *P, xmlNode *n, size_t depth)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		hp_text_node(P, n->content);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (depth >= MAX_FRAMES)
		return elem_find((const char *)n->name)->kind != E_SKIP;
	if (depth >= P->nframes) {
		P->nframes = P->nframes ? P->nframes * 2 : 64;
		P->frames = xreallocarray(P->frames, P->nframes,
		    sizeof *P->frames);
	}
	return hp_enter(P, n, &P->frames[depth]);
}

/* Walks the tree without recursion, so depth costs no stack. */
static void
hp_walk(struct hp *P, xmlDoc *d)
{
	xmlNode *n = d->children;
	size_t depth = 0;

	while (n != NULL) {
		if (hp_visit(P, n, depth)) {
			if (n->children != NULL) {
				n = n->children;
				depth++;
				continue;
			}
			if (depth < MAX_FRAMES)
				hp_leave(P, &P->frames[depth]);
		}
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || depth == 0 ||
			    n->type != XML_ELEMENT_NODE) {
				n = NULL;
				break;
			}
			depth--;
			if (depth < MAX_FRAMES)
				hp_leave(P, &P->frames[depth]);
		}
		if (n != NULL)
			n = n->next;
	}
}

/* The document's <base href>, resolved against base_url. */
static char *
find_base(xmlDoc *d, const char *base_url)
{
	xmlNode *n = d->children;
	char *href, *u = NULL;

	while (n != NULL) {
		if (node_is(n, "base") &&
		    (href = node_attr(n, "href")) != NULL) {
			u = url_make(base_url, href, 0);
			free(href);
			if (u != NULL && uri_split_has_scheme(u))
				return u;
			free(u);
			u = NULL;
		}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL &&
		    !node_is(n, "base")) {
			n = n->children;
			continue;
		}
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n->type != XML_ELEMENT_NODE)
				return NULL;
		}
		n = n->next;
	}
	return NULL;
}

static void
hp_init(struct hp *P)
{
	memset(P, 0, sizeof *P);
	P->doc = xcalloc(1, sizeof *P->doc);
	P->pend = -1;
}

static void
hp_note(struct hp *P, const char *s)
{
	P->tbl = NULL;
	P->nctx = 0;
	P->pre = 0;
	P->attr = 0;
	P->link = 0;
	P->pend = -1;
	P->full = 0;
	hp_flush(P);
	P->force = 1;
	P->gap = 1;
	hp_mark(P, s, 0, 0);
	hp_flush(P);
}

static struct html_doc *
hp_finish(struct hp *P)
{
	struct html_doc *doc = P->doc;

	hp_flush(P);
	free(P->frames);
	free(P->base);
	return doc;
}

struct html_doc *
html_parse(const char *html, size_t len, const char *base_url)
{
	struct hp P;
	htmlParserCtxtPtr ctxt;
	xmlDoc *d = NULL;
	char *clean, *u;
	int truncated = 0, full;

	hp_init(&P);
	if (html == NULL)
		len = 0;
	if (len > HTML_MAX_INPUT) {
		len = HTML_MAX_INPUT;
		truncated = 1;
	}
	/* Valid UTF-8 without controls before libxml2 sees it. */
	clean = str_clean(html, len, STR_KEEP_NEWLINES);
	if (base_url != NULL &&
	    (u = url_make(NULL, base_url, 1)) != NULL) {
		if (uri_split_has_scheme(u))
			P.base = u;
		else
			free(u);
	}
	if (*clean != '\0' && (ctxt = htmlNewParserCtxt()) != NULL) {
		/* Keep every white-space node: they separate words. */
		ctxt->sax->ignorableWhitespace = xmlSAX2Characters;
		d = htmlCtxtReadMemory(ctxt, clean, (int)strlen(clean), NULL,
		    "UTF-8", HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
		    HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
		    XML_PARSE_HUGE);
		htmlFreeParserCtxt(ctxt);
	}
	free(clean);
	if (d != NULL) {
		if ((u = find_base(d, P.base)) != NULL) {
			free(P.base);
			P.base = u;
		}
		hp_walk(&P, d);
		xmlFreeDoc(d);
	}
	hp_flush(&P);
	full = P.full;
	if (truncated)
		hp_note(&P, "[article cut: longer than 8 MiB]");
	else if (full)
		hp_note(&P, "[article cut: too many blocks]");
	return hp_finish(&P);
}

struct html_doc *
html_parse_text(const char *text, size_t len)
{
	struct hp P;
	struct buf para;
	char *clean, *p, *nl, *end;
	size_t n;
	int truncated = 0, blank;

	hp_init(&P);
	if (text == NULL)
		len = 0;
	if (len > HTML_MAX_INPUT) {
		len = HTML_MAX_INPUT;
		truncated = 1;
	}
	clean = str_clean(text, len, STR_KEEP_NEWLINES);
	P.pre = 1;
	P.plain = 1;
	buf_init(&para, 0);
	for (p = clean; ; p = nl + 1) {
		nl = strchr(p, '\n');
		end = nl != NULL ? nl : p + strlen(p);
		n = (size_t)(end - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		blank = n == 0;
		if (!blank) {
			if (para.len > 0)
				buf_putc(&para, '\n');
			buf_append(&para, p, n);
		}
		if ((blank || nl == NULL) && para.len > 0) {
			P.gap = 1;
			hp_text(&P, buf_str(&para), para.len);
			hp_flush(&P);
			buf_reset(&para);
		}
		if (nl == NULL)
			break;
	}
	buf_free(&para);
	free(clean);
	if (truncated) {
		P.plain = 0;
		hp_note(&P, "[article cut: longer than 8 MiB]");
	}
	return hp_finish(&P);
}

/* ---------------------------------------------------------------------- */
/* Layout. */

struct seg {
	size_t		 a;	/* bytes [a, b) of the text */
	size_t		 b;
	int		 flags;	/* SEG_* */
};

#define SEG_CONT	0x01	/* goes on with the pre line above */
#define SEG_HYPHEN	0x02	/* broken at a soft hyphen: show "-" */

/* What starts the rows a long pre line goes on in, as in less and vim. */
#define PRE_MARK	"\xe2\x86\xaa"	/* ↪ */
#define PRE_MARK_W	1

struct segv {
	struct seg	*v;
	size_t		 n;
	size_t		 cap;
};

struct lline {
	size_t		 off;	/* in the text arena */
	size_t		 len;
	size_t		 span0;	/* first span in the span arena */
	size_t		 nspans;
	int		 indent;
	int		 width;
	int		 flags;
};

struct lay {
	struct buf	 text;		/* every line, each NUL-terminated */
	struct html_span *spans;
	size_t		 nspans;
	size_t		 capspans;
	struct lline	*lines;
	size_t		 n;
	size_t		 cap;
	int		 width;
	int		 full;		/* HTML_MAX_LINES reached */
	size_t		 off;		/* the line being built */
	size_t		 span0;
	int		 w;
	int		 first;		/* the block's first line is next */
	int		 whole;		/* HTML_LAYOUT_WHOLE */
	struct segv	 segs;		/* scratch for wrapping */
};

static void
seg_push(struct segv *sv, const char *s, size_t a, size_t b, int flags)
{
	/* Trailing spaces and soft hyphens show nothing. */
	while (!(flags & SEG_HYPHEN) && b > a && (s[b - 1] == ' ' ||
	    (b - a >= 2 && (unsigned char)s[b - 2] == 0xc2 &&
	    (unsigned char)s[b - 1] == 0xad)))
		b -= s[b - 1] == ' ' ? 1 : 2;
	if (sv->n >= HTML_MAX_LINES)
		return;
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 16;
		sv->v = xreallocarray(sv->v, sv->cap, sizeof *sv->v);
	}
	sv->v[sv->n].a = a;
	sv->v[sv->n].b = b;
	sv->v[sv->n].flags = flags;
	sv->n++;
}

static void
lb_begin(struct lay *L)
{
	L->off = L->text.len;
	L->span0 = L->nspans;
	L->w = 0;
}

static void
lb_put(struct lay *L, const char *p, size_t n, unsigned attr, int link)
{
	struct html_span *sp;
	size_t rel;

	if (L->full || n == 0)
		return;
	rel = L->text.len - L->off;
	buf_append(&L->text, p, n);
	L->w += text_width(p, 0, n);
	if (attr == 0 && link == 0)
		return;
	if (L->nspans > L->span0) {
		sp = &L->spans[L->nspans - 1];
		if (sp->attr == attr && sp->link == link &&
		    sp->off + sp->len == rel) {
			sp->len += n;
			return;
		}
	}
	if (L->nspans == L->capspans) {
		L->capspans = L->capspans ? L->capspans * 2 : 64;
		L->spans = xreallocarray(L->spans, L->capspans,
		    sizeof *L->spans);
	}
	sp = &L->spans[L->nspans++];
	sp->off = rel;
	sp->len = n;
	sp->attr = attr;
	sp->link = link;
}

static void
lb_puts(struct lay *L, const char *s, unsigned attr, int link)
{
	lb_put(L, s, strlen(s), attr, link);
}

static void
lb_repeat(struct lay *L, const char *s, int n, unsigned attr)
{
	while (n-- > 0)
		lb_puts(L, s, attr, 0);
}

/* Puts bytes [a, b) of s with their runs. */
static void
lb_put_sstr(struct lay *L, const struct sstr *s, size_t a, size_t b)
{
	const char *d = sstr_data(s);
	size_t i, ra, rb;

	for (i = 0; i < s->nruns; i++) {
		ra = s->runs[i].off;
		rb = ra + s->runs[i].len;
		if (rb <= a || ra >= b)
			continue;
		if (ra < a)
			ra = a;
		if (rb > b)
			rb = b;
		lb_put(L, d + ra, rb - ra, s->runs[i].attr, s->runs[i].link);
	}
}

static unsigned
sstr_attr_at(const struct sstr *s, size_t off, int *link)
{
	size_t i;

	for (i = 0; i < s->nruns; i++)
		if (off >= s->runs[i].off &&
		    off < s->runs[i].off + s->runs[i].len) {
			*link = s->runs[i].link;
			return s->runs[i].attr;
		}
	*link = 0;
	return 0;
}

static int
is_shy(const char *d, size_t i, size_t n)
{
	return i + 1 < n && (unsigned char)d[i] == 0xc2 &&
	    (unsigned char)d[i + 1] == 0xad;
}

/*
 * Puts bytes [a, b) of a block's text: soft hyphens vanish, but one that
 * ends a wrapped line shows as "-".
 */
static void
lb_put_text(struct lay *L, const struct sstr *s, const struct seg *g)
{
	size_t a = g->a, b = g->b;
	const char *d = sstr_data(s);
	size_t i = a, j;
	unsigned attr;
	int link;

	while (i < b) {
		for (j = i; j < b && !is_shy(d, j, b); j++)
			;
		lb_put_sstr(L, s, i, j);
		i = j < b ? j + 2 : b;
	}
	if ((g->flags & SEG_HYPHEN) && b - a >= 2 && is_shy(d, b - 2, b)) {
		attr = sstr_attr_at(s, b - 1, &link);
		lb_put(L, "-", 1, attr, link);
	}
}

/* The prefix of the block's next line: pre1 once, then pre2. */
static const struct sstr *
lay_pre(struct lay *L, const struct block *b)
{
	if (L->first) {
		L->first = 0;
		return &b->pre1;
	}
	return &b->pre2;
}

/* Ends the line: trailing spaces go, the line is recorded. */
static void
lb_end(struct lay *L, int indent, int flags)
{
	struct lline *l;
	size_t len;

	if (L->full)
		return;
	len = L->text.len - L->off;
	while (len > 0 && L->text.data[L->off + len - 1] == ' ') {
		len--;
		L->w--;
	}
	while (L->nspans > L->span0 && L->spans[L->nspans - 1].off >= len)
		L->nspans--;
	if (L->nspans > L->span0 && L->spans[L->nspans - 1].off +
	    L->spans[L->nspans - 1].len > len)
		L->spans[L->nspans - 1].len =
		    len - L->spans[L->nspans - 1].off;
	L->text.len = L->off + len;
	buf_putc(&L->text, '\0');
	if (L->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 64;
		L->lines = xreallocarray(L->lines, L->cap, sizeof *L->lines);
	}
	l = &L->lines[L->n++];
	l->off = L->off;
	l->len = len;
	l->span0 = L->span0;
	l->nspans = L->nspans - L->span0;
	l->indent = indent < L->w ? indent : L->w;
	l->width = L->w;
	l->flags = flags;
	if (L->n >= HTML_MAX_LINES - 1)
		L->full = 1;
}

/* Columns a prefix may take: the text keeps at least half the width. */
static int
lay_budget(int width)
{
	int keep = width / 2 > 8 ? width / 2 : 8;

	if (keep > width)
		keep = width;
	return width - keep;
}

static int
lay_prefix_width(const struct sstr *pf, int budget)
{
	int w = text_width(sstr_data(pf), 0, pf->b.len);

	return w < budget ? w : budget;
}

/* Puts a prefix, cut from the left to fit budget; returns its width. */
static int
lay_prefix(struct lay *L, const struct sstr *pf, int budget)
{
	const char *p = sstr_data(pf);
	size_t a = 0, n = pf->b.len, k;
	uint32_t cp;
	int w = text_width(p, 0, n);

	while (w > budget && a < n) {
		if ((k = str_utf8_decode(p + a, n - a, &cp)) == 0)
			k = 1;
		w -= str_cp_width(cp);
		a += k;
	}
	lb_put_sstr(L, pf, a, n);
	return w;
}

static int
no_break_before(uint32_t cp)
{
	if (cp < 0x80)
		return cp != 0 && strchr(",.;:!?)]}%'\"", (int)cp) != NULL;
	switch (cp) {
	case 0x3001: case 0x3002: case 0x3009: case 0x300b: case 0x300d:
	case 0x300f: case 0x3011: case 0x30fc: case 0xff01: case 0xff09:
	case 0xff0c: case 0xff0e: case 0xff1a: case 0xff1b: case 0xff1f:
	case 0x2019: case 0x201d: case 0x2026:
		return 1;
	}
	return 0;
}

static int
no_break_after(uint32_t cp)
{
	switch (cp) {
	case '(': case '[': case '{': case 0x2018: case 0x201c:
	case 0x3008: case 0x300a: case 0x300c: case 0x300e: case 0x3010:
	case 0xff08:
		return 1;
	}
	return 0;
}

static int
is_wordish(uint32_t cp)
{
	return (cp < 0x80 && isalnum((int)cp)) || (cp >= 0xc0 && cp != 0xd7 &&
	    cp != 0xf7 && cp < 0x2000);
}

/* May a line break between prev and cp (no space between them)? */
static int
can_break(uint32_t prev2, uint32_t prev, int pw, uint32_t cp, int cw)
{
	if (cw == 0 || no_break_before(cp) || no_break_after(prev))
		return 0;
	if (cw == 2 || pw == 2)
		return 1;
	return prev == '-' && is_wordish(prev2) && is_wordish(cp);
}

/*
 * Splits bytes [0, n) of s into lines of at most avail columns: at hard
 * breaks, at spaces, after a hyphen in a word, next to wide characters and,
 * when a word is longer than a line, inside it. A character wider than
 * avail on its own is dropped. Leading spaces of a hard line stay.
 */
static void
lay_wrap(struct segv *sv, const char *s, size_t n, int avail)
{
	size_t hs = 0, he, p, q, k, brk_end = 0, brk_next = 0;
	uint32_t cp, prev, prev2;
	int w, cw, pw, brk, ink, shy = 0;

	sv->n = 0;
	for (;;) {
		for (he = hs; he < n && s[he] != '\n'; he++)
			;
		if (he == hs)
			seg_push(sv, s, hs, hs, 0);
		p = hs;
		while (p < he && sv->n < HTML_MAX_LINES) {
			w = pw = brk = ink = shy = 0;
			prev = prev2 = 0;
			for (q = p; ; q += k) {
				if (q >= he) {
					seg_push(sv, s, p, he, 0);
					p = he;
					break;
				}
				if ((k = str_utf8_decode(s + q, he - q,
				    &cp)) == 0)
					k = 1;
				cw = str_cp_width(cp);
				if (cp == SHY) {
					/* A break here shows a hyphen. */
					if (ink && w + 1 <= avail) {
						brk = shy = 1;
						brk_end = brk_next = q + k;
					}
					continue;
				}
				if (cp == ' ') {
					if (ink) {
						brk = 1;
						shy = 0;
						brk_end = q;
						brk_next = q + 1;
					}
					w++;
					prev2 = prev;
					prev = cp;
					pw = 1;
					continue;
				}
				if (ink && can_break(prev2, prev, pw, cp, cw)) {
					brk = 1;
					shy = 0;
					brk_end = brk_next = q;
				}
				if (w + cw > avail) {
					if (brk) {
						seg_push(sv, s, p, brk_end,
						    shy ? SEG_HYPHEN : 0);
						p = brk_next;
					} else if (q > p) {
						seg_push(sv, s, p, q, 0);
						p = q;
					} else
						p = q + k;
					break;
				}
				w += cw;
				if (cw > 0) {
					prev2 = prev;
					prev = cp;
					pw = cw;
					ink = 1;
				}
			}
			while (p < he && s[p] == ' ')
				p++;
		}
		if (he >= n || sv->n >= HTML_MAX_LINES)
			break;
		hs = he + 1;
	}
}

/*
 * Splits preformatted s at its line breaks. A line longer than avail
 * columns goes on in rows of avail - PRE_MARK_W (SEG_CONT: the marker
 * comes first), broken at the column, not at a space: nothing is lost.
 * With whole, lines are never broken (text for a file or a pipe).
 */
static void
lay_pre_lines(struct segv *sv, const char *s, size_t n, int avail,
    int whole)
{
	size_t hs = 0, he, p, q, k;
	uint32_t cp;
	int w, cw, room, cont;

	sv->n = 0;
	for (;;) {
		for (he = hs; he < n && s[he] != '\n'; he++)
			;
		p = hs;
		cont = 0;
		do {
			room = !cont ? avail : avail > PRE_MARK_W + 1 ?
			    avail - PRE_MARK_W : avail;
			w = 0;
			for (q = p; q < he && !whole; q += k) {
				if ((k = str_utf8_decode(s + q, he - q,
				    &cp)) == 0)
					k = 1;
				cw = cp == SHY ? 0 : str_cp_width(cp);
				if (w + cw > room && q == p) {
					/* Wider than a row: dropped, as
					   lay_wrap() drops it. */
					p = q + k;
					continue;
				}
				if (w + cw > room)
					break;
				w += cw;
			}
			if (whole)
				q = he;
			if (cont && q == p)
				break;
			seg_push(sv, s, p, q, cont ? SEG_CONT : 0);
			cont = 1;
			p = q;
		} while (p < he && sv->n < HTML_MAX_LINES);
		if (he >= n || sv->n >= HTML_MAX_LINES)
			break;
		hs = he + 1;
	}
}

/* A blank line between blocks, keeping the bars of enclosing quotes. */
static void
lay_gap(struct lay *L, int quote)
{
	struct sstr bars;
	int i;

	sstr_init(&bars);
	for (i = 0; i < quote; i++) {
		sstr_adds(&bars, "│", HTML_A_QUOTE, 0);
		sstr_spaces(&bars, 1);
	}
	lb_begin(L);
	lay_prefix(L, &bars, lay_budget(L->width));
	lb_end(L, 0, 0);
	sstr_free(&bars);
}

static void
lay_para(struct lay *L, const struct block *b)
{
	int budget = lay_budget(L->width), avail, ind, maxw = 0;
	size_t i;

	avail = L->width - lay_prefix_width(&b->pre1, budget);
	if (b->type == BLK_PRE)
		lay_pre_lines(&L->segs, sstr_data(&b->text), b->text.b.len,
		    avail, L->whole);
	else
		lay_wrap(&L->segs, sstr_data(&b->text), b->text.b.len, avail);
	for (i = 0; i < L->segs.n && !L->full; i++) {
		int cont = (L->segs.v[i].flags & SEG_CONT) != 0;

		lb_begin(L);
		ind = lay_prefix(L, lay_pre(L, b), budget);
		if (cont && avail > PRE_MARK_W + 1) {
			lb_puts(L, PRE_MARK, HTML_A_MARK, 0);
			ind += PRE_MARK_W;
		}
		lb_put_text(L, &b->text, &L->segs.v[i]);
		lb_end(L, ind, cont ? HTML_LINE_CONT : 0);
		if (L->w - ind > maxw)
			maxw = L->w - ind;
	}
	if (b->heading == 1 || b->heading == 2) {
		lb_begin(L);
		ind = lay_prefix(L, &b->pre2, budget);
		lb_repeat(L, b->heading == 1 ? "=" : "-", maxw,
		    HTML_A_HEADING | HTML_A_MARK);
		lb_end(L, ind, 0);
	}
}

static void
lay_rule(struct lay *L, const struct block *b)
{
	int budget = lay_budget(L->width), ind;

	lb_begin(L);
	ind = lay_prefix(L, lay_pre(L, b), budget);
	lb_repeat(L, "─", L->width - ind, HTML_A_MARK);
	lb_end(L, ind, 0);
}

/* Widest line of a cell. */
static int
cell_width(const struct sstr *s)
{
	const char *d = sstr_data(s);
	size_t a = 0, e;
	int w, max = 0;

	while (a <= s->b.len) {
		for (e = a; e < s->b.len && d[e] != '\n'; e++)
			;
		if ((w = text_width(d, a, e)) > max)
			max = w;
		a = e + 1;
	}
	return max;
}

/* Wraps s at avail and puts its lines after the prefix. */
static void
lay_lines(struct lay *L, const struct sstr *s, const struct sstr *pre1,
    const struct sstr *pre2, int flags)
{
	int budget = lay_budget(L->width), avail, ind;
	size_t i;

	avail = L->width - lay_prefix_width(pre1, budget);
	lay_wrap(&L->segs, sstr_data(s), s->b.len, avail);
	for (i = 0; i < L->segs.n && !L->full; i++) {
		lb_begin(L);
		ind = lay_prefix(L, i == 0 ? pre1 : pre2, budget);
		lb_put_text(L, s, &L->segs.v[i]);
		lb_end(L, ind, flags);
	}
}

/* A table too wide for columns: one cell a line, its header as label. */
static void
lay_table_cells(struct lay *L, const struct block *b)
{
	const struct table *t = b->table;
	const struct row *labels = NULL, *r;
	struct sstr tmp;
	size_t i, c;
	int first = 1, any;

	if (t->nrows > 1 && t->rows[0].header)
		labels = &t->rows[0];
	for (i = labels != NULL ? 1 : 0; i < t->nrows && !L->full; i++) {
		r = &t->rows[i];
		any = 0;
		for (c = 0; c < r->n; c++)
			any |= sstr_has_ink(&r->cells[c].text);
		if (!any)
			continue;
		if (!first)
			lay_gap(L, b->quote);
		first = 0;
		for (c = 0; c < r->n; c++) {
			if (!sstr_has_ink(&r->cells[c].text))
				continue;
			sstr_init(&tmp);
			if (labels != NULL && c < labels->n &&
			    sstr_has_ink(&labels->cells[c].text)) {
				sstr_copy(&tmp, &labels->cells[c].text, 0,
				    labels->cells[c].text.b.len);
				sstr_adds(&tmp, ":", HTML_A_BOLD, 0);
				sstr_spaces(&tmp, 1);
			}
			sstr_copy(&tmp, &r->cells[c].text, 0,
			    r->cells[c].text.b.len);
			lay_lines(L, &tmp, lay_pre(L, b), &b->pre2, 0);
			sstr_free(&tmp);
		}
	}
}

static int
col_cmp(const void *a, const void *b)
{
	const int *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

static void
lay_table(struct lay *L, const struct block *b)
{
	const struct table *t = b->table;
	const struct row *r;
	struct segv *cs;
	int budget = lay_budget(L->width), avail, ind, seps, total = 0;
	int *nat, *colw, (*order)[2], remaining, left, share, w;
	size_t nc = t->ncols, i, c, k, h;

	avail = L->width - lay_prefix_width(&b->pre2, budget);
	if (sstr_has_ink(&t->caption))
		lay_lines(L, &t->caption, lay_pre(L, b), &b->pre2, 0);
	nat = xcalloc(nc, sizeof *nat);
	colw = xcalloc(nc, sizeof *colw);
	order = xcalloc(nc, sizeof *order);
	for (i = 0; i < t->nrows; i++)
		for (c = 0; c < t->rows[i].n; c++)
			if ((w = cell_width(&t->rows[i].cells[c].text)) >
			    nat[c])
				nat[c] = w;
	seps = 3 * (int)(nc - 1);
	for (c = 0; c < nc; c++)
		total += nat[c];
	if (total + seps <= avail)
		memcpy(colw, nat, nc * sizeof *colw);
	else if ((int)nc * MIN_COL + seps <= avail) {
		/* Narrow columns keep their width; wide ones share the rest. */
		for (c = 0; c < nc; c++) {
			order[c][0] = nat[c];
			order[c][1] = (int)c;
		}
		qsort(order, nc, sizeof *order, col_cmp);
		remaining = avail - seps;
		for (c = 0; c < nc; c++) {
			left = (int)(nc - c);
			share = remaining / left;
			w = order[c][0] < share ? order[c][0] : share;
			colw[order[c][1]] = w;
			remaining -= w;
		}
	} else {
		free(nat);
		free(colw);
		free(order);
		lay_table_cells(L, b);
		return;
	}
	cs = xcalloc(nc, sizeof *cs);
	for (i = 0; i < t->nrows && !L->full; i++) {
		r = &t->rows[i];
		h = 1;
		for (c = 0; c < nc; c++) {
			cs[c].n = 0;
			if (c < r->n)
				lay_wrap(&cs[c], sstr_data(&r->cells[c].text),
				    r->cells[c].text.b.len, colw[c] > 0 ?
				    colw[c] : 1);
			if (cs[c].n > h)
				h = cs[c].n;
		}
		for (k = 0; k < h && !L->full; k++) {
			lb_begin(L);
			ind = lay_prefix(L, lay_pre(L, b), budget);
			for (c = 0; c < nc; c++) {
				w = L->w;
				if (k < cs[c].n)
					lb_put_text(L, &r->cells[c].text,
					    &cs[c].v[k]);
				w = L->w - w;
				if (c + 1 < nc) {
					lb_repeat(L, " ", colw[c] - w, 0);
					lb_puts(L, " │ ", HTML_A_MARK, 0);
				}
			}
			lb_end(L, ind, 0);
		}
		if (r->header && i + 1 < t->nrows && !t->rows[i + 1].header) {
			lb_begin(L);
			ind = lay_prefix(L, lay_pre(L, b), budget);
			for (c = 0; c < nc; c++) {
				lb_repeat(L, "─", colw[c], HTML_A_MARK);
				if (c + 1 < nc)
					lb_puts(L, "─┼─", HTML_A_MARK, 0);
			}
			lb_end(L, ind, 0);
		}
	}
	for (c = 0; c < nc; c++)
		free(cs[c].v);
	free(cs);
	free(nat);
	free(colw);
	free(order);
}

static void
lay_links(struct lay *L, const struct html_doc *doc)
{
	static const char *const kinds[] = {
		"", " (image)", " (video)", " (audio)", " (embed)"
	};
	struct sstr pre1, pre2, text;
	char m[24];
	size_t i;

	if (doc->nlinks == 0)
		return;
	lb_begin(L);
	lb_end(L, 0, HTML_LINE_LINKS);
	for (i = 0; i < doc->nlinks && !L->full; i++) {
		sstr_init(&pre1);
		sstr_init(&pre2);
		sstr_init(&text);
		snprintf(m, sizeof m, "[%zu]", i + 1);
		sstr_adds(&pre1, m, HTML_A_MARK, (int)i + 1);
		sstr_spaces(&pre1, 1);
		sstr_spaces(&pre2, (int)strlen(m) + 1);
		sstr_adds(&text, doc->links[i].url, HTML_A_LINK, (int)i + 1);
		sstr_adds(&text, kinds[doc->links[i].kind], HTML_A_MARK, 0);
		if (L->whole) {
			/* A URL cut in two in a file is no URL. */
			lb_begin(L);
			lb_put_sstr(L, &pre1, 0, pre1.b.len);
			lb_put_sstr(L, &text, 0, text.b.len);
			lb_end(L, (int)strlen(m) + 1, HTML_LINE_LINKS);
		} else
			lay_lines(L, &text, &pre1, &pre2, HTML_LINE_LINKS);
		sstr_free(&pre1);
		sstr_free(&pre2);
		sstr_free(&text);
	}
}

struct html_lines *
html_layout(const struct html_doc *doc, int width, int flags)
{
	struct html_lines *out = xcalloc(1, sizeof *out);
	struct lay L;
	const struct block *b;
	size_t i;
	int prevq = 0;

	memset(&L, 0, sizeof L);
	buf_init(&L.text, 0);
	L.width = width;
	L.whole = (flags & HTML_LAYOUT_WHOLE) != 0;
	out->width = width;
	if (doc != NULL && width >= 1) {
		for (i = 0; i < doc->nblocks && !L.full; i++) {
			b = doc->blocks[i];
			L.first = 1;
			if (b->gap && L.n > 0)
				lay_gap(&L, prevq < b->quote ? prevq :
				    b->quote);
			switch (b->type) {
			case BLK_PARA:
			case BLK_PRE:
				lay_para(&L, b);
				break;
			case BLK_RULE:
				lay_rule(&L, b);
				break;
			case BLK_TABLE:
				lay_table(&L, b);
				break;
			}
			prevq = b->quote;
		}
		if (flags & HTML_LAYOUT_LINKS)
			lay_links(&L, doc);
		if (L.full) {
			L.full = 0;
			lb_begin(&L);
			lb_puts(&L, "…", HTML_A_MARK, 0);
			lb_end(&L, 0, 0);
		}
	}
	free(L.segs.v);
	out->arena = buf_detach(&L.text);
	out->span_arena = L.spans;
	out->n = L.n;
	out->line = out->n > 0 ? xcalloc(out->n, sizeof *out->line) : NULL;
	for (i = 0; i < L.n; i++) {
		out->line[i].text = out->arena + L.lines[i].off;
		out->line[i].len = L.lines[i].len;
		out->line[i].spans = L.lines[i].nspans > 0 ?
		    L.spans + L.lines[i].span0 : NULL;
		out->line[i].nspans = L.lines[i].nspans;
		out->line[i].indent = L.lines[i].indent;
		out->line[i].width = L.lines[i].width;
		out->line[i].flags = L.lines[i].flags;
	}
	free(L.lines);
	return out;
}

void
html_lines_free(struct html_lines *l)
{
	if (l == NULL)
		return;
	free(l->line);
	free(l->arena);
	free(l->span_arena);
	free(l);
}

char *
html_lines_text(const struct html_lines *l)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (i = 0; l != NULL && i < l->n; i++) {
		buf_append(&b, l->line[i].text, l->line[i].len);
		buf_putc(&b, '\n');
	}
	return buf_detach(&b);
}
