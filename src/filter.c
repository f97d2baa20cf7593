/*
 * filter.c: newsboat's filter language: a recursive-descent parser into a
 * small tree, and its evaluation against a struct filter_item.
 *
 * The grammar ("and" binds tighter than "or"):
 *
 *	expr	 = and { "or" and }
 *	and	 = primary { "and" primary }
 *	primary	 = "(" expr ")" | attribute operator value
 *	value	 = "quoted string" | number | number ":" number
 *
 * Everything that can go wrong is found while parsing, so matching never
 * fails. This file must never recurse deeper than the parentheses allow
 * (FILTER_MAX_DEPTH), never compile more than FILTER_MAX_REGEX regular
 * expressions per filter, and never hand regcomp() a pattern whose
 * repetitions would multiply out beyond FILTER_MAX_RX_COST, nor one that
 * repeats a repetition without first compiling it on trial in a child
 * that has FILTER_RX_TRIAL_MS to do it (and at most FILTER_RX_TRIAL_FAILS
 * such trials may fail in a process).
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "filter.h"
#include "str.h"
#include "util.h"

enum filter_attr {
	FA_TITLE,
	FA_LINK,
	FA_AUTHOR,
	FA_CONTENT,
	FA_DATE,
	FA_GUID,
	FA_UNREAD,
	FA_ENCLOSURE_URL,
	FA_ENCLOSURE_TYPE,
	FA_FLAGS,
	FA_AGE,
	FA_ARTICLEINDEX,
	FA_FEEDTITLE,
	FA_DESCRIPTION,
	FA_FEEDLINK,
	FA_FEEDDATE,
	FA_RSSURL,
	FA_UNREAD_COUNT,
	FA_TOTAL_COUNT,
	FA_TAGS,
	FA_FEEDINDEX,
	FA_FLAGGED,
};

struct filter_attr_name {
	const char *name;
	enum filter_attr attr;
	int	 numeric;	/* compared as a number by =, != */
};

/* The attributes by name; "feed" and "feedurl" are tidings' own aliases. */
static const struct filter_attr_name filter_attrs[] = {
	{ "title", FA_TITLE, 0 },
	{ "link", FA_LINK, 0 },
	{ "author", FA_AUTHOR, 0 },
	{ "content", FA_CONTENT, 0 },
	{ "date", FA_DATE, 1 },
	{ "guid", FA_GUID, 0 },
	{ "unread", FA_UNREAD, 0 },
	{ "enclosure_url", FA_ENCLOSURE_URL, 0 },
	{ "enclosure_type", FA_ENCLOSURE_TYPE, 0 },
	{ "flags", FA_FLAGS, 0 },
	{ "age", FA_AGE, 1 },
	{ "articleindex", FA_ARTICLEINDEX, 1 },
	{ "feedtitle", FA_FEEDTITLE, 0 },
	{ "feed", FA_FEEDTITLE, 0 },
	{ "description", FA_DESCRIPTION, 0 },
	{ "feedlink", FA_FEEDLINK, 0 },
	{ "feeddate", FA_FEEDDATE, 1 },
	{ "rssurl", FA_RSSURL, 0 },
	{ "feedurl", FA_RSSURL, 0 },
	{ "unread_count", FA_UNREAD_COUNT, 1 },
	{ "total_count", FA_TOTAL_COUNT, 1 },
	{ "tags", FA_TAGS, 0 },
	{ "feedindex", FA_FEEDINDEX, 1 },
	{ "flagged", FA_FLAGGED, 0 },
};

/*
 * A feed's attributes, for filtering the feed list: newsboat's, with
 * "title" and "link" naming the feed's own (as in newsboat's feed list).
 */
static const struct filter_attr_name filter_feed_attrs[] = {
	{ "title", FA_FEEDTITLE, 0 },
	{ "feedtitle", FA_FEEDTITLE, 0 },
	{ "feed", FA_FEEDTITLE, 0 },
	{ "link", FA_FEEDLINK, 0 },
	{ "feedlink", FA_FEEDLINK, 0 },
	{ "rssurl", FA_RSSURL, 0 },
	{ "feedurl", FA_RSSURL, 0 },
	{ "description", FA_DESCRIPTION, 0 },
	{ "unread_count", FA_UNREAD_COUNT, 1 },
	{ "total_count", FA_TOTAL_COUNT, 1 },
	{ "tags", FA_TAGS, 0 },
	{ "feedindex", FA_FEEDINDEX, 1 },
};

/* Which attributes an expression may name. */
struct filter_scope {
	const struct filter_attr_name *attrs;
	size_t	 nattrs;
	const char *examples;	/* for "expected an attribute name" */
};

static const struct filter_scope filter_scope_items = {
	filter_attrs, UTIL_ARRAY_LEN(filter_attrs),
	"title, author, unread, age, ..."
};

static const struct filter_scope filter_scope_feeds = {
	filter_feed_attrs, UTIL_ARRAY_LEN(filter_feed_attrs),
	"title, rssurl, tags, unread_count, ..."
};

enum filter_op {
	FOP_EQ,
	FOP_NE,
	FOP_RX,
	FOP_NRX,
	FOP_LT,
	FOP_GT,
	FOP_LE,
	FOP_GE,
	FOP_BETWEEN,
	FOP_HAS,
	FOP_NHAS,
};

/* Longest first, so "=~" is not read as "=". */
static const struct {
	const char *text;
	enum filter_op op;
} filter_ops[] = {
	{ "=~", FOP_RX }, { "==", FOP_EQ }, { "!~", FOP_NRX },
	{ "!=", FOP_NE }, { "!#", FOP_NHAS }, { "<=", FOP_LE },
	{ ">=", FOP_GE }, { "=", FOP_EQ }, { "<", FOP_LT }, { ">", FOP_GT },
	{ "#", FOP_HAS },
};

enum filter_kind {
	FN_CMP,
	FN_AND,
	FN_OR,
};

struct filter_node {
	enum filter_kind kind;
	struct filter_node **kids;	/* FN_AND, FN_OR: two or more */
	size_t	 nkids;
	enum filter_attr attr;		/* FN_CMP from here on */
	int	 numeric_attr;		/* the attribute is a number */
	enum filter_op op;
	char	*str;			/* the literal's text, unescaped */
	int	 is_num;		/* the literal was a number */
	int64_t	 lo, hi;		/* its value; hi for ranges */
	regex_t	*re;			/* FOP_RX, FOP_NRX */
};

struct filter {
	char	*text;
	struct filter_node *root;
};

/* The parser's state. */
struct filter_parse {
	const struct filter_scope *scope;
	const char *s;
	size_t	 pos;
	int	 depth;
	int	 nregex;
	int	 failed;
	char	*err;
	size_t	 errlen;
};

static struct filter_node *filter_parse_or(struct filter_parse *);

/* 1-based column, in characters, of byte offset off. */
static size_t
filter_column(const char *s, size_t off)
{
	size_t i, col = 1;

	for (i = 0; i < off && s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static void filter_fail(struct filter_parse *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error only, with its column. */
static void
filter_fail(struct filter_parse *p, size_t off, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	util_errf(p->err, p->errlen, "column %zu: %s",
	    filter_column(p->s, off), msg);
}

/* A short, clean quote of the text at off for an error message. */
static char *
filter_quote(const char *s, size_t off)
{
	size_t n = strlen(s + off);
	char *c;

	if (n > 24)
		n = 24;
	while (n > 0 && ((unsigned char)s[off + n] & 0xc0) == 0x80)
		n--;
	c = str_clean(s + off, n, STR_FOLD_SPACE);
	return c;
}

static void
filter_node_free(struct filter_node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		filter_node_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	if (n->re != NULL) {
		regfree(n->re);
		free(n->re);
	}
	free(n);
}

void
filter_free(struct filter *f)
{
	if (f == NULL)
		return;
	filter_node_free(f->root);
	free(f->text);
	free(f);
}

const char *
filter_text(const struct filter *f)
{
	return f->text;
}

static void
filter_skip_space(struct filter_parse *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
		p->pos++;
}

static int
filter_is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
	    c >= 0x80;
}

/* Is the keyword kw at the position, followed by a blank, "(" or the end? */
static int
filter_keyword(struct filter_parse *p, const char *kw)
{
	size_t n = strlen(kw);
	char next;

	if (strncmp(p->s + p->pos, kw, n) != 0)
		return 0;
	next = p->s[p->pos + n];
	return next == ' ' || next == '\t' || next == '(' || next == '\0';
}

/* Joins kids into an "and" or "or" node; one kid is returned as is. */
static struct filter_node *
filter_join(enum filter_kind kind, struct filter_node **kids, size_t n)
{
	struct filter_node *node;

	if (n == 1) {
		node = kids[0];
		free(kids);
		return node;
	}
	node = xcalloc(1, sizeof(*node));
	node->kind = kind;
	node->kids = kids;
	node->nkids = n;
	return node;
}

/* Parses a run of "sub kw sub kw sub..." for one keyword. */
static struct filter_node *
filter_parse_list(struct filter_parse *p, const char *kw,
    enum filter_kind kind, struct filter_node *(*sub)(struct filter_parse *))
{
	struct filter_node **kids = NULL, *n;
	size_t nkids = 0, cap = 0, i;

	for (;;) {
		n = sub(p);
		if (n == NULL)
			break;
		if (nkids == cap) {
			cap = cap ? cap * 2 : 4;
			kids = xreallocarray(kids, cap, sizeof(*kids));
		}
		kids[nkids++] = n;
		filter_skip_space(p);
		if (!filter_keyword(p, kw))
			return filter_join(kind, kids, nkids);
		p->pos += strlen(kw);
		filter_skip_space(p);
	}
	for (i = 0; i < nkids; i++)
		filter_node_free(kids[i]);
	free(kids);
	return NULL;
}

/* Reads -?[0-9]+ at the position into *v; 0 if there is none. */
static int
filter_number(struct filter_parse *p, int64_t *v)
{
	const char *s = p->s + p->pos;
	size_t i = 0;
	int neg = 0;
	uint64_t acc = 0, lim;

	if (s[i] == '-') {
		neg = 1;
		i++;
	}
	if (s[i] < '0' || s[i] > '9')
		return 0;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		if (acc > (lim - (uint64_t)(s[i] - '0')) / 10) {
			filter_fail(p, p->pos, "number too large");
			return -1;
		}
		acc = acc * 10 + (uint64_t)(s[i] - '0');
	}
	if (neg)
		*v = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
		    -(int64_t)acc;
	else
		*v = (int64_t)acc;
	p->pos += i;
	return 1;
}

/* Reads "a:b" (optional blanks around) from a whole string; 0 if not. */
static int
filter_range_text(const char *s, int64_t *lo, int64_t *hi)
{
	struct filter_parse q;
	int r;

	memset(&q, 0, sizeof(q));
	q.s = s;
	q.err = NULL;
	q.failed = 1;		/* keeps filter_fail() quiet */
	filter_skip_space(&q);
	if (filter_number(&q, lo) != 1)
		return 0;
	if (q.s[q.pos] == '\0') {
		*hi = *lo;
		r = 2;
	} else if (q.s[q.pos] == ':') {
		q.pos++;
		if (filter_number(&q, hi) != 1)
			return 0;
		r = 3;
	} else
		return 0;
	filter_skip_space(&q);
	return q.s[q.pos] == '\0' ? r : 0;
}

/*
 * The value of a comparison: a quoted string (its raw text, backslashes
 * and all, in *raw, and unescaped in *str), a number or a range.
 * Returns 1 string, 2 number, 3 range, 0 on error.
 */
static int
filter_value(struct filter_parse *p, char **raw, char **str, int64_t *lo,
    int64_t *hi)
{
	const char *s = p->s;
	size_t start = p->pos, i, n;
	struct buf b;
	uint32_t cp;
	char *q;
	int r;

	if (s[start] == '"') {
		for (i = start + 1; s[i] != '\0' && s[i] != '"'; i++)
			if (s[i] == '\\' && s[i + 1] != '\0')
				i++;
		if (s[i] != '"') {
			filter_fail(p, start, "the string has no closing "
			    "double quote");
			return 0;
		}
		*raw = xstrndup(s + start + 1, i - start - 1);
		buf_init(&b, 0);
		for (i = start + 1; s[i] != '"'; i++) {
			if (s[i] == '\\' && (s[i + 1] == '"' ||
			    s[i + 1] == '\\'))
				i++;
			buf_putc(&b, s[i]);
		}
		*str = buf_detach(&b);
		p->pos = i + 1;
		return 1;
	}
	r = filter_number(p, lo);
	if (r < 0)
		return 0;
	if (r == 0) {
		filter_fail(p, start, "expected a value (a \"quoted string\", "
		    "a number or a range like 1:5)");
		return 0;
	}
	if (s[p->pos] == ':') {
		p->pos++;
		r = filter_number(p, hi);
		if (r < 0)
			return 0;
		if (r == 0) {
			filter_fail(p, p->pos, "expected the number that "
			    "ends the range");
			return 0;
		}
		*raw = xstrndup(s + start, p->pos - start);
		*str = xstrdup(*raw);
		return 3;
	}
	if (filter_is_name_char((unsigned char)s[p->pos])) {
		/* One character, cleaned: it may be any byte >= 0x80. */
		n = str_utf8_decode(s + p->pos, strlen(s + p->pos), &cp);
		q = str_clean(s + p->pos, n > 0 ? n : 1, 0);
		filter_fail(p, p->pos, "a number cannot go on with '%s'", q);
		free(q);
		return 0;
	}
	*hi = *lo;
	*raw = xstrndup(s + start, p->pos - start);
	*str = xstrdup(*raw);
	return 2;
}

/* Does the literal fit the operator? Fills node, or fails. */
static int
filter_check(struct filter_parse *p, struct filter_node *n, int kind,
    const char *raw, size_t vpos)
{
	char rxerr[200];

	switch (n->op) {
	case FOP_EQ:
	case FOP_NE:
	case FOP_HAS:
	case FOP_NHAS:
		if (kind == 3) {
			filter_fail(p, vpos, "a range like 1:5 only goes with "
			    "between");
			return -1;
		}
		n->is_num = kind == 2;
		return 0;
	case FOP_RX:
	case FOP_NRX:
		if (kind == 3) {
			filter_fail(p, vpos, "a range like 1:5 only goes with "
			    "between");
			return -1;
		}
		if (p->nregex >= FILTER_MAX_REGEX) {
			filter_fail(p, vpos, "more than %d regular "
			    "expressions", FILTER_MAX_REGEX);
			return -1;
		}
		n->re = xmalloc(sizeof(*n->re));
		if (filter_regcomp(n->re, raw, REG_ICASE | REG_NOSUB, rxerr,
		    sizeof(rxerr)) != 0) {
			free(n->re);
			n->re = NULL;
			filter_fail(p, vpos, "bad regular expression: %s",
			    rxerr);
			return -1;
		}
		p->nregex++;
		return 0;
	case FOP_LT:
	case FOP_GT:
	case FOP_LE:
	case FOP_GE:
		if (kind == 2)
			return 0;
		if (kind == 1 && filter_range_text(n->str, &n->lo, &n->hi) ==
		    2)
			return 0;
		filter_fail(p, vpos, "this comparison needs a number");
		return -1;
	case FOP_BETWEEN:
		if (kind == 3)
			break;
		if (kind == 1 && filter_range_text(n->str, &n->lo,
		    &n->hi) == 3)
			break;
		filter_fail(p, vpos, "between needs a range like 1:5");
		return -1;
	}
	if (n->lo > n->hi) {
		int64_t t = n->lo;

		n->lo = n->hi;
		n->hi = t;
	}
	return 0;
}

static struct filter_node *
filter_parse_cmp(struct filter_parse *p)
{
	struct filter_node *n;
	const char *s = p->s;
	char *name, *raw = NULL, *q;
	size_t start = p->pos, i, vpos;
	int kind;

	while (filter_is_name_char((unsigned char)s[p->pos]))
		p->pos++;
	if (p->pos == start) {
		if (s[start] == '\0')
			filter_fail(p, start, "expected an attribute name "
			    "(%s)", p->scope->examples);
		else {
			q = filter_quote(s, start);
			filter_fail(p, start, "expected an attribute name "
			    "(%s), found \"%s\"", p->scope->examples, q);
			free(q);
		}
		return NULL;
	}
	name = xstrndup(s + start, p->pos - start);
	for (i = 0; i < p->scope->nattrs; i++)
		if (strcmp(p->scope->attrs[i].name, name) == 0)
			break;
	if (i == p->scope->nattrs) {
		/* Quoted short: a long name would be cut mid-character. */
		q = filter_quote(name, 0);
		if (p->scope == &filter_scope_feeds)
			filter_fail(p, start, "unknown attribute \"%s\" (a "
			    "feed has %s)", q, p->scope->examples);
		else
			filter_fail(p, start, "unknown attribute \"%s\"", q);
		free(q);
		free(name);
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	n->kind = FN_CMP;
	n->attr = p->scope->attrs[i].attr;
	n->numeric_attr = p->scope->attrs[i].numeric;
	free(name);

	filter_skip_space(p);
	for (i = 0; i < UTIL_ARRAY_LEN(filter_ops); i++)
		if (strncmp(s + p->pos, filter_ops[i].text,
		    strlen(filter_ops[i].text)) == 0)
			break;
	if (i < UTIL_ARRAY_LEN(filter_ops)) {
		n->op = filter_ops[i].op;
		p->pos += strlen(filter_ops[i].text);
	} else if (strncmp(s + p->pos, "between", 7) == 0 &&
	    !filter_is_name_char((unsigned char)s[p->pos + 7])) {
		n->op = FOP_BETWEEN;
		p->pos += 7;
	} else {
		filter_fail(p, p->pos, "expected an operator (=, !=, =~, !~, "
		    "<, >, <=, >=, between, #, !#)");
		filter_node_free(n);
		return NULL;
	}
	filter_skip_space(p);
	vpos = p->pos;
	kind = filter_value(p, &raw, &n->str, &n->lo, &n->hi);
	if (kind == 0 || filter_check(p, n, kind, raw, vpos) != 0) {
		free(raw);
		filter_node_free(n);
		return NULL;
	}
	free(raw);
	return n;
}

static struct filter_node *
filter_parse_primary(struct filter_parse *p)
{
	struct filter_node *n;
	size_t open;

	filter_skip_space(p);
	if (p->s[p->pos] != '(')
		return filter_parse_cmp(p);
	open = p->pos;
	if (p->depth >= FILTER_MAX_DEPTH) {
		filter_fail(p, open, "parentheses nested more than %d deep",
		    FILTER_MAX_DEPTH);
		return NULL;
	}
	p->depth++;
	p->pos++;
	filter_skip_space(p);
	n = filter_parse_or(p);
	p->depth--;
	if (n == NULL)
		return NULL;
	filter_skip_space(p);
	if (p->s[p->pos] != ')') {
		filter_fail(p, p->s[p->pos] == '\0' ? open : p->pos,
		    p->s[p->pos] == '\0' ? "this parenthesis is never "
		    "closed" : "expected \"and\", \"or\" or \")\"");
		filter_node_free(n);
		return NULL;
	}
	p->pos++;
	return n;
}

static struct filter_node *
filter_parse_and(struct filter_parse *p)
{
	return filter_parse_list(p, "and", FN_AND, filter_parse_primary);
}

static struct filter_node *
filter_parse_or(struct filter_parse *p)
{
	return filter_parse_list(p, "or", FN_OR, filter_parse_and);
}

static struct filter *
filter_parse_in(const struct filter_scope *scope, const char *expr,
    char *err, size_t errlen)
{
	struct filter_parse p;
	struct filter_node *root;
	struct filter *f;
	size_t i, len;
	char *q;

	if (expr == NULL)
		expr = "";
	len = strlen(expr);
	if (len > FILTER_MAX_LEN) {
		util_errf(err, errlen, "the expression is longer than %d "
		    "bytes", FILTER_MAX_LEN);
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.scope = scope;
	p.s = expr;
	p.err = err;
	p.errlen = errlen;
	for (i = 0; i < len; i++) {
		if ((unsigned char)expr[i] < 0x20 && expr[i] != '\t') {
			filter_fail(&p, i, "control character in the "
			    "expression");
			return NULL;
		}
	}
	filter_skip_space(&p);
	if (expr[p.pos] == '\0') {
		util_errf(err, errlen, "the expression is empty");
		return NULL;
	}
	root = filter_parse_or(&p);
	if (root == NULL)
		return NULL;
	filter_skip_space(&p);
	if (expr[p.pos] != '\0') {
		q = filter_quote(expr, p.pos);
		if (expr[p.pos] == ')')
			filter_fail(&p, p.pos, "this parenthesis closes "
			    "nothing");
		else
			filter_fail(&p, p.pos, "expected \"and\", \"or\" or "
			    "the end, found \"%s\"", q);
		free(q);
		filter_node_free(root);
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	f->text = xstrdup(expr);
	f->root = root;
	return f;
}

struct filter *
filter_parse(const char *expr, char *err, size_t errlen)
{
	return filter_parse_in(&filter_scope_items, expr, err, errlen);
}

struct filter *
filter_parse_feeds(const char *expr, char *err, size_t errlen)
{
	return filter_parse_in(&filter_scope_feeds, expr, err, errlen);
}

/* ---- Matching. ---- */

static int64_t
filter_age(const struct filter_item *it)
{
	int64_t now = it->now ? it->now : (int64_t)time(NULL);

	return (now - it->date) / 86400;
}

/* newsboat's reading of a string as a number: leading digits, else 0. */
static int64_t
filter_leading_number(const char *s)
{
	struct filter_parse q;
	int64_t v = 0;

	if (s == NULL)
		return 0;
	memset(&q, 0, sizeof(q));
	q.s = s;
	q.failed = 1;
	while (q.s[q.pos] == ' ' || q.s[q.pos] == '\t' || q.s[q.pos] == '\n')
		q.pos++;
	if (q.s[q.pos] == '+')
		q.pos++;
	if (filter_number(&q, &v) != 1)
		return 0;
	return v;
}

static const char *
filter_str_attr(const struct filter_item *it, enum filter_attr a)
{
	switch (a) {
	case FA_TITLE:		return it->title;
	case FA_LINK:		return it->link;
	case FA_AUTHOR:		return it->author;
	case FA_CONTENT:	return it->content;
	case FA_GUID:		return it->guid;
	case FA_ENCLOSURE_URL:	return it->enclosure_url;
	case FA_ENCLOSURE_TYPE:	return it->enclosure_type;
	case FA_FLAGS:		return it->flags;
	case FA_FEEDTITLE:	return it->feed_title;
	case FA_DESCRIPTION:	return it->feed_description;
	case FA_FEEDLINK:	return it->feed_link;
	case FA_RSSURL:		return it->feed_url;
	case FA_UNREAD:		return it->unread ? "yes" : "no";
	case FA_FLAGGED:	return it->flagged ? "yes" : "no";
	default:		return NULL;
	}
}

static int64_t
filter_num_attr(const struct filter_item *it, enum filter_attr a)
{
	switch (a) {
	case FA_DATE:		return it->date;
	case FA_FEEDDATE:	return it->feed_date;
	case FA_AGE:		return filter_age(it);
	case FA_ARTICLEINDEX:	return it->article_index;
	case FA_UNREAD_COUNT:	return it->unread_count;
	case FA_TOTAL_COUNT:	return it->total_count;
	case FA_FEEDINDEX:	return it->feed_index;
	case FA_UNREAD:		return it->unread ? 1 : 0;
	case FA_FLAGGED:	return it->flagged ? 1 : 0;
	case FA_TAGS:		return 0;
	default:		return filter_leading_number(
				    filter_str_attr(it, a));
	}
}

/*
 * The attribute as text: strings as they are, numbers in decimal, dates
 * as newsboat shows them, tags joined by spaces. Returns a pointer to the
 * text (into the item, tmp, or *dyn, which the caller frees).
 */
static const char *
filter_text_attr(const struct filter_item *it, enum filter_attr a,
    char *tmp, size_t tmplen, char **dyn)
{
	const char *s;
	struct buf b;
	struct tm tm;
	time_t t;
	size_t i;

	*dyn = NULL;
	switch (a) {
	case FA_DATE:
	case FA_FEEDDATE:
		t = (time_t)(a == FA_DATE ? it->date : it->feed_date);
		if (t == 0 || localtime_r(&t, &tm) == NULL ||
		    strftime(tmp, tmplen, "%a, %d %b %Y %H:%M:%S %z",
		    &tm) == 0)
			tmp[0] = '\0';
		return tmp;
	case FA_AGE:
	case FA_ARTICLEINDEX:
	case FA_UNREAD_COUNT:
	case FA_TOTAL_COUNT:
	case FA_FEEDINDEX:
		snprintf(tmp, tmplen, "%lld",
		    (long long)filter_num_attr(it, a));
		return tmp;
	case FA_TAGS:
		buf_init(&b, 0);
		for (i = 0; i < it->ntags; i++) {
			if (i > 0)
				buf_putc(&b, ' ');
			buf_puts(&b, it->tags[i] ? it->tags[i] : "");
		}
		*dyn = buf_detach(&b);
		return *dyn;
	default:
		s = filter_str_attr(it, a);
		return s ? s : "";
	}
}

/* Is word one of the space-separated words of s? */
static int
filter_has_word(const char *s, const char *word)
{
	size_t n = strlen(word), k;

	while (s != NULL && *s != '\0') {
		while (*s == ' ')
			s++;
		k = strcspn(s, " ");
		if (k == n && k > 0 && strncmp(s, word, n) == 0)
			return 1;
		s += k;
	}
	return 0;
}

/* The # operator: whole tags, every letter of a flag set, else words. */
static int
filter_contains(const struct filter_node *n, const struct filter_item *it)
{
	const char *f;
	size_t i;

	switch (n->attr) {
	case FA_TAGS:
		for (i = 0; i < it->ntags; i++)
			if (it->tags[i] != NULL &&
			    strcmp(it->tags[i], n->str) == 0)
				return 1;
		return 0;
	case FA_FLAGS:
		if (n->str[0] == '\0')
			return 0;
		f = it->flags ? it->flags : "";
		for (i = 0; n->str[i] != '\0'; i++)
			if (strchr(f, n->str[i]) == NULL)
				return 0;
		return 1;
	default:
		return 0;
	}
}

static int
filter_cmp(const struct filter_node *n, const struct filter_item *it)
{
	char tmp[64], *dyn = NULL;
	const char *s;
	int64_t v;
	int r = 0;

	switch (n->op) {
	case FOP_EQ:
	case FOP_NE:
		if (n->numeric_attr && n->is_num)
			r = filter_num_attr(it, n->attr) == n->lo;
		else {
			s = filter_text_attr(it, n->attr, tmp, sizeof(tmp),
			    &dyn);
			r = strcmp(s, n->str) == 0;
		}
		if (n->op == FOP_NE)
			r = !r;
		break;
	case FOP_RX:
	case FOP_NRX:
		s = filter_text_attr(it, n->attr, tmp, sizeof(tmp), &dyn);
		r = regexec(n->re, s, 0, NULL, 0) == 0;
		if (n->op == FOP_NRX)
			r = !r;
		break;
	case FOP_LT:
	case FOP_GT:
	case FOP_LE:
	case FOP_GE:
	case FOP_BETWEEN:
		v = filter_num_attr(it, n->attr);
		if (n->op == FOP_LT)
			r = v < n->lo;
		else if (n->op == FOP_GT)
			r = v > n->lo;
		else if (n->op == FOP_LE)
			r = v <= n->lo;
		else if (n->op == FOP_GE)
			r = v >= n->lo;
		else
			r = v >= n->lo && v <= n->hi;
		break;
	case FOP_HAS:
	case FOP_NHAS:
		if (n->attr == FA_TAGS || n->attr == FA_FLAGS)
			r = filter_contains(n, it);
		else {
			s = filter_text_attr(it, n->attr, tmp, sizeof(tmp),
			    &dyn);
			r = filter_has_word(s, n->str);
		}
		if (n->op == FOP_NHAS)
			r = !r;
		break;
	}
	free(dyn);
	return r;
}

static int
filter_eval(const struct filter_node *n, const struct filter_item *it)
{
	size_t i;

	switch (n->kind) {
	case FN_AND:
		for (i = 0; i < n->nkids; i++)
			if (!filter_eval(n->kids[i], it))
				return 0;
		return 1;
	case FN_OR:
		for (i = 0; i < n->nkids; i++)
			if (filter_eval(n->kids[i], it))
				return 1;
		return 0;
	default:
		return filter_cmp(n, it);
	}
}

int
filter_match(const struct filter *f, const struct filter_item *it)
{
	if (f == NULL || it == NULL)
		return 0;
	return filter_eval(f->root, it);
}

/* ---- What a filter needs to be matched. ---- */

static void
filter_needs_attrs(const struct filter_node *n, struct filter_needs *nd)
{
	size_t i;

	if (n->kind != FN_CMP) {
		for (i = 0; i < n->nkids; i++)
			filter_needs_attrs(n->kids[i], nd);
		return;
	}
	if (n->attr == FA_CONTENT)
		nd->content = 1;
	if (n->attr == FA_ENCLOSURE_URL || n->attr == FA_ENCLOSURE_TYPE)
		nd->enclosure = 1;
}

/* A comparison every match must pass: narrows what needs reading. */
static void
filter_needs_cmp(const struct filter_node *n, struct filter_needs *nd)
{
	int yes;

	if (n->attr == FA_UNREAD && (n->op == FOP_EQ || n->op == FOP_NE) &&
	    !n->is_num && (strcmp(n->str, "yes") == 0 ||
	    strcmp(n->str, "no") == 0)) {
		yes = (strcmp(n->str, "yes") == 0) == (n->op == FOP_EQ);
		nd->unread = yes ? 1 : -1;
	}
	/* age = floor((now - date) / day) < N needs date > now - N days. */
	if (n->attr == FA_AGE) {
		int64_t top = -1;

		if (n->op == FOP_LT && n->lo > 0)
			top = n->lo - 1;
		else if ((n->op == FOP_LE || n->op == FOP_BETWEEN ||
		    (n->op == FOP_EQ && n->is_num)) && n->lo >= 0)
			top = n->op == FOP_BETWEEN ? n->hi : n->lo;
		if (top >= 0 && top < INT64_MAX / 86400 - 2 &&
		    (nd->max_age < 0 || top < nd->max_age))
			nd->max_age = top;
	}
}

void
filter_needs(const struct filter *f, struct filter_needs *nd)
{
	size_t i;

	memset(nd, 0, sizeof(*nd));
	nd->max_age = -1;
	if (f == NULL)
		return;
	filter_needs_attrs(f->root, nd);
	if (f->root->kind == FN_CMP)
		filter_needs_cmp(f->root, nd);
	else if (f->root->kind == FN_AND)
		for (i = 0; i < f->root->nkids; i++)
			if (f->root->kids[i]->kind == FN_CMP)
				filter_needs_cmp(f->root->kids[i], nd);
}

/* ---- Bounding regular expressions. ---- */

#define RX_MAX_NEST 64

/* Saturating arithmetic for the costs below. */
#define RX_CAP	((uint64_t)1 << 40)
/* The upper bound of "{m,}" in filter_rx_interval(). */
#define RX_UNBOUNDED	UINT64_MAX

static uint64_t
filter_rx_mul(uint64_t a, uint64_t b)
{
	if (a == 0 || b == 0)
		return 0;
	if (a >= RX_CAP / b)
		return RX_CAP;
	return a * b;
}

static uint64_t
filter_rx_add(uint64_t a, uint64_t b)
{
	a += b;
	return a > RX_CAP ? RX_CAP : a;
}

/*
 * Reads "{m}", "{m,}", "{m,n}", "{,n}" or "{,}" at p[*i] into *m and *n
 * (n is RX_UNBOUNDED for "{m,}" and "{,}"); 0 if it is not one.
 */
static int
filter_rx_interval(const char *p, size_t *i, uint64_t *m, uint64_t *n)
{
	size_t j = *i + 1;
	int comma = 0, digits = 0, ndigits = 0;

	*m = *n = 0;
	for (; p[j] >= '0' && p[j] <= '9'; j++, digits++)
		if (*m < 1000000)
			*m = *m * 10 + (uint64_t)(p[j] - '0');
	if (p[j] == ',') {
		comma = 1;
		for (j++; p[j] >= '0' && p[j] <= '9'; j++, ndigits++)
			if (*n < 1000000)
				*n = *n * 10 + (uint64_t)(p[j] - '0');
	}
	/* "{,}" is "{0,}" to glibc, as "{,n}" is "{0,n}"; "{}" is text. */
	if (p[j] != '}' || (digits == 0 && !comma))
		return 0;
	*i = j + 1;
	if (!comma)
		*n = *m;
	else if (ndigits == 0)
		*n = RX_UNBOUNDED;
	return 1;
}

/* Steps *i over the bracket expression that starts at p[*i] ('['). */
static void
filter_rx_skip_bracket(const char *p, size_t *i)
{
	(*i)++;
	if (p[*i] == '^')
		(*i)++;
	if (p[*i] == ']')
		(*i)++;
	while (p[*i] != '\0' && p[*i] != ']') {
		if (p[*i] == '[' && (p[*i + 1] == ':' || p[*i + 1] == '.' ||
		    p[*i + 1] == '=')) {
			char close = p[*i + 1];

			*i += 2;
			while (p[*i] != '\0' && !(p[*i] == close &&
			    p[*i + 1] == ']'))
				(*i)++;
			if (p[*i] != '\0')
				*i += 2;
		} else
			(*i)++;
	}
	if (p[*i] == ']')
		(*i)++;
}

/*
 * Does the pattern hold a back-reference (\1 to \9 outside brackets)?
 * glibc accepts them in extended expressions, and matching one costs
 * time exponential in the text: "(.*)(.*)(.*)\3\2\1x" takes seconds on
 * 60 characters.
 */
static int
filter_rx_backref(const char *p)
{
	size_t i = 0;

	while (p[i] != '\0') {
		if (p[i] == '\\') {
			if (p[i + 1] >= '1' && p[i + 1] <= '9')
				return 1;
			i += p[i + 1] != '\0' ? 2 : 1;
		} else if (p[i] == '[')
			filter_rx_skip_bracket(p, &i);
		else
			i++;
	}
	return 0;
}

/*
 * What glibc's regcomp() builds from a pattern: states, the atoms it
 * unfolds into, and opt, how many of them can be skipped. Each atom
 * counts 1 state, a group the sum of its inside; X{m,n} is m copies of
 * X and n - m optional ones, X+ is XX*, X* and X? add a node and make X
 * skippable. Its
 * memory grows with states, and with the square of opt (every skippable
 * state is reachable from every other: "(a{0,255}){0,255}" takes 535 MB).
 */
struct rx_cost {
	uint64_t states;
	uint64_t opt;
};

static void
filter_rx_sum(struct rx_cost *total, const struct rx_cost *c)
{
	total->states = filter_rx_add(total->states, c->states);
	total->opt = filter_rx_add(total->opt, c->opt);
}

static struct rx_cost
filter_rx_cost(const char *p, size_t *i, int depth)
{
	struct rx_cost total = { 0, 0 }, last = { 0, 0 }, inner;
	uint64_t m, n;

	if (depth > RX_MAX_NEST) {
		total.states = RX_CAP;
		return total;
	}
	while (p[*i] != '\0' && p[*i] != ')') {
		switch (p[*i]) {
		case '(':
			(*i)++;
			inner = filter_rx_cost(p, i, depth + 1);
			if (p[*i] == ')')
				(*i)++;
			filter_rx_sum(&total, &last);
			last = inner;
			if (last.states == 0)
				last.states = 1;
			break;
		case '[':
			filter_rx_skip_bracket(p, i);
			filter_rx_sum(&total, &last);
			last.states = 1;
			last.opt = 0;
			break;
		case '\\':
			(*i)++;
			if (p[*i] != '\0')
				(*i)++;
			filter_rx_sum(&total, &last);
			last.states = 1;
			last.opt = 0;
			break;
		case '{':
			if (!filter_rx_interval(p, i, &m, &n)) {
				(*i)++;
				filter_rx_sum(&total, &last);
				last.states = 1;
				last.opt = 0;
				break;
			}
			if (last.states == 0)
				last.states = 1;
			if (n == RX_UNBOUNDED) {	/* {m,}: m and a star */
				last.opt = filter_rx_add(filter_rx_mul(
				    last.opt, m), last.states);
				last.states = filter_rx_mul(last.states, m + 1);
			} else {
				if (n < m)
					n = m;	/* regcomp() refuses it */
				last.opt = filter_rx_add(filter_rx_mul(
				    last.opt, m), filter_rx_mul(last.states,
				    n - m));
				last.states = filter_rx_mul(last.states,
				    n > 0 ? n : 1);
			}
			break;
		case '|':
			(*i)++;
			filter_rx_sum(&total, &last);
			last.states = last.opt = 0;
			break;
		case '+':
			/* glibc turns x+ into xx*: each '+' doubles what it
			 * follows, so "x++++..." grows as 2^n. */
			(*i)++;
			if (last.states == 0)
				last.states = 1;
			last.opt = filter_rx_add(last.opt, last.states);
			last.states = filter_rx_mul(last.states, 2);
			break;
		case '*':
		case '?':
			/* Each is a node of its own: "a???..." is as many
			 * skippable nodes as marks. */
			(*i)++;
			last.states = filter_rx_add(last.states, 1);
			last.opt = last.states;
			break;
		default:
			(*i)++;
			filter_rx_sum(&total, &last);
			last.states = 1;
			last.opt = 0;
			break;
		}
	}
	filter_rx_sum(&total, &last);
	return total;
}

/*
 * Could glibc's regcomp() take long over the pattern? Its closures grow
 * fast when '*', '+' or '?' applies to a repetition: stacked operators
 * ("a**", "x+?", "a{2}*") or a repeated group ("(a*)*"), worse next to anchors
 * ("^(^(a*)*)*" nested 30 deep never ends, "$x" and 60 stars takes a
 * third of a second). The shapes are too many for the cost model above,
 * so such a pattern is first compiled on trial (filter_rx_trial()).
 */
static int
filter_rx_risky(const char *p)
{
	size_t i = 0;
	uint64_t m, n;
	int rep = 0, group = 0;	/* after a repetition (1 bounded, 2 not),
				   after ')' */

	while (p[i] != '\0') {
		switch (p[i]) {
		case '\\':
			i += p[i + 1] != '\0' ? 2 : 1;
			rep = group = 0;
			break;
		case '[':
			filter_rx_skip_bracket(p, &i);
			rep = group = 0;
			break;
		case '{':
			if (!filter_rx_interval(p, &i, &m, &n)) {
				i++;		/* a '{' that is a character */
				rep = group = 0;
				break;
			}
			/*
			 * A bounded interval multiplies out in the cost model
			 * after a group or another bounded interval; after
			 * '*', '+' or '?', or unbounded ("{m,}", "{,}"), it
			 * is a repeated repetition like them.
			 */
			if (rep == 2 || ((rep || group) && n == RX_UNBOUNDED))
				return 1;
			rep = n == RX_UNBOUNDED ? 2 : 1;
			group = 0;
			break;
		case '*':
		case '+':
		case '?':
			if (rep || group)
				return 1;
			i++;
			rep = 2;
			break;
		default:
			group = p[i] == ')';
			rep = 0;
			i++;
			break;
		}
	}
	return 0;
}

/*
 * Compiles the pattern in a child process that may take at most
 * FILTER_RX_TRIAL_MS: 0 when it compiled in time (or no child could be
 * made: nothing is known then), -1 when it did not. A process spends at
 * most FILTER_RX_TRIAL_FAILS failed trials: after them every pattern that
 * would need one is refused at once, so no file of someone else's can
 * stall a start for longer than that.
 */
static int
filter_rx_trial(const char *pattern, int cflags)
{
	static int fails;
	const struct timespec step = { 0, 2 * 1000 * 1000 };
	regex_t re;
	pid_t pid, got;
	int64_t deadline;
	int status;

	if (fails >= FILTER_RX_TRIAL_FAILS)
		return -1;
	fflush(NULL);
	if ((pid = fork()) == -1)
		return 0;
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(FILTER_RX_TRIAL_MS / 1000 + 2);	/* if never killed */
		_exit(regcomp(&re, pattern, cflags | REG_EXTENDED) == 0 ? 0 :
		    1);
	}
	deadline = util_now_ms() + FILTER_RX_TRIAL_MS;
	while ((got = waitpid(pid, &status, WNOHANG)) == 0 &&
	    util_now_ms() < deadline)
		nanosleep(&step, NULL);
	if (got == 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
		fails++;
		return -1;
	}
	/* A child reaped elsewhere, or one that ran out of memory: the
	 * real regcomp() says what it thinks. */
	return 0;
}

int
filter_regcomp(regex_t *re, const char *pattern, int cflags, char *err,
    size_t errlen)
{
	struct rx_cost cost = { 0, 0 }, part;
	char msg[160];
	size_t i = 0;
	int rc;

	if (strlen(pattern) > FILTER_MAX_RX_LEN) {
		util_errf(err, errlen, "longer than %d bytes",
		    FILTER_MAX_RX_LEN);
		return -1;
	}
	while (pattern[i] != '\0') {
		part = filter_rx_cost(pattern, &i, 0);
		filter_rx_sum(&cost, &part);
		if (pattern[i] == ')')
			i++;
	}
	if (filter_rx_backref(pattern)) {
		util_errf(err, errlen, "back-references (\\1 to \\9) are not "
		    "supported");
		return -1;
	}
	if (cost.states > FILTER_MAX_RX_COST) {
		util_errf(err, errlen, "its repetitions would unfold into "
		    "more than %d states", FILTER_MAX_RX_COST);
		return -1;
	}
	if (cost.opt > FILTER_MAX_RX_OPT) {
		util_errf(err, errlen, "its repetitions would unfold into "
		    "more than %d optional states", FILTER_MAX_RX_OPT);
		return -1;
	}
	if (filter_rx_risky(pattern) &&
	    filter_rx_trial(pattern, cflags) == -1) {
		util_errf(err, errlen, "too complex: repetitions of "
		    "repetitions that take more than %d ms to compile (or "
		    "%d such patterns did already)", FILTER_RX_TRIAL_MS,
		    FILTER_RX_TRIAL_FAILS);
		return -1;
	}
	rc = regcomp(re, pattern, cflags | REG_EXTENDED);
	if (rc != 0) {
		regerror(rc, re, msg, sizeof(msg));
		util_errf(err, errlen, "%s", msg);
		return -1;
	}
	return 0;
}
