/*
 * json.c: a small RFC 8259 reader building a read-only tree, and writers.
 *
 * Why tidings has its own JSON reader rather than a library: it needs only
 * a DOM for documents of a few MB (JSON Feed), it must enforce our own
 * limits (nesting depth, string size, value count) on hostile input, and
 * a few hundred lines are a small surface that is easy to fuzz and review.
 *
 * The reader recurses once per nested array or object and refuses to go
 * deeper than JSON_MAX_DEPTH. Numbers are read and written independently
 * of LC_NUMERIC. Must never return a string that is not valid UTF-8 or
 * that holds a NUL, and never read past len.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "str.h"
#include "util.h"

struct json {
	enum json_type	 type;
	int		 is_int;	/* number written as a 64-bit integer */
	size_t		 n;		/* string bytes, or elements/members */
	size_t		 cap;		/* elements/members allocated */
	union {
		int	 boolean;
		struct {
			double	 d;	/* every number */
			int64_t	 i;	/* when is_int */
		} num;
		char	*str;		/* NUL-terminated, n bytes */
		struct {
			struct json *kids;	/* elements or member values */
			char	**keys;		/* member names (objects) */
		} c;
	} u;
};

struct json_parser {
	const unsigned char *s;		/* the document */
	size_t		 len;
	size_t		 pos;		/* next byte to read */
	size_t		 nodes;		/* values made so far */
	struct buf	 scratch;	/* the string being decoded */
	char		*err;
	size_t		 errlen;
};

static int	json_parse_value(struct json_parser *, struct json *, int);

/* Records "JSON: what at byte N" and returns -1. */
static int
json_fail(struct json_parser *p, const char *what)
{
	if (p->pos >= p->len)
		what = "unexpected end of input";
	util_errf(p->err, p->errlen, "JSON: %s at byte %zu", what, p->pos);
	return -1;
}

static void
json_skip_space(struct json_parser *p)
{
	while (p->pos < p->len) {
		unsigned char c = p->s[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int
json_hex4(const unsigned char *s, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Reads the \uXXXX escape at p->pos (just after the backslash's 'u'). */
static int
json_unicode_escape(struct json_parser *p, uint32_t *cp)
{
	uint32_t lo;

	if (p->len - p->pos < 4 || json_hex4(p->s + p->pos, cp) == -1)
		return json_fail(p, "invalid \\u escape");
	p->pos += 4;
	if (*cp >= 0xdc00 && *cp <= 0xdfff) {
		*cp = 0xfffd;			/* a lone low surrogate */
	} else if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (p->len - p->pos >= 6 && p->s[p->pos] == '\\' &&
		    p->s[p->pos + 1] == 'u' &&
		    json_hex4(p->s + p->pos + 2, &lo) == 0 &&
		    lo >= 0xdc00 && lo <= 0xdfff) {
			*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
			p->pos += 6;
		} else
			*cp = 0xfffd;		/* a lone high surrogate */
	}
	return 0;
}

/*
 * Reads the string starting at the quote at p->pos into a new NUL-free,
 * valid UTF-8 string; *out is the caller's.
 */
static int
json_parse_string(struct json_parser *p, char **out, size_t *outlen)
{
	struct buf *b = &p->scratch;
	size_t start = p->pos, run;
	uint32_t cp;
	char enc[4];
	int r = 0;

	buf_reset(b);
	p->pos++;
	for (;;) {
		run = p->pos;
		while (p->pos < p->len) {
			unsigned char c = p->s[p->pos];
			size_t k;

			if (c == '"' || c == '\\' || c < 0x20)
				break;
			if (c < 0x80) {
				p->pos++;
				continue;
			}
			k = str_utf8_decode((const char *)p->s + p->pos,
			    p->len - p->pos, &cp);
			if (k == 0)
				break;		/* not UTF-8: see below */
			p->pos += k;
		}
		if (p->pos > run)
			r |= buf_append(b, p->s + run, p->pos - run);
		if (r == -1)
			break;
		if (p->pos >= p->len) {
			p->pos = start;
			return json_fail(p, "unterminated string");
		}
		if (p->s[p->pos] == '"')
			break;
		if (p->s[p->pos] < 0x20)
			return json_fail(p, "control character in string");
		if (p->s[p->pos] >= 0x80) {
			/* A stray byte: windows-1252, as in str_clean(). */
			str_utf8_decode((const char *)p->s + p->pos,
			    p->len - p->pos, &cp);
			r |= buf_append(b, enc, str_utf8_encode(cp, enc));
			p->pos++;
			continue;
		}
		/* A backslash. */
		p->pos++;
		if (p->pos >= p->len) {
			p->pos = start;
			return json_fail(p, "unterminated string");
		}
		switch (p->s[p->pos++]) {
		case '"':  r |= buf_putc(b, '"'); break;
		case '\\': r |= buf_putc(b, '\\'); break;
		case '/':  r |= buf_putc(b, '/'); break;
		case 'b':  r |= buf_putc(b, '\b'); break;
		case 'f':  r |= buf_putc(b, '\f'); break;
		case 'n':  r |= buf_putc(b, '\n'); break;
		case 'r':  r |= buf_putc(b, '\r'); break;
		case 't':  r |= buf_putc(b, '\t'); break;
		case 'u':
			if (json_unicode_escape(p, &cp) == -1)
				return -1;
			if (cp != 0)		/* NULs are dropped */
				r |= buf_append(b, enc,
				    str_utf8_encode(cp, enc));
			break;
		default:
			p->pos -= 2;
			return json_fail(p, "invalid escape in string");
		}
		if (r == -1)
			break;
	}
	if (r == -1) {
		p->pos = start;
		return json_fail(p, "string longer than the limit");
	}
	p->pos++;				/* the closing quote */
	*outlen = b->len;
	*out = xmalloc(b->len + 1);
	memcpy(*out, b->data ? b->data : "", b->len + 1);
	return 0;
}

static int
json_is_digit(const struct json_parser *p)
{
	return p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9';
}

/* Converts the number text s[0..n) with strtod, whatever LC_NUMERIC says. */
static double
json_strtod(const char *s, size_t n)
{
	const char *dp = localeconv()->decimal_point;
	size_t dplen = (dp != NULL && *dp != '\0') ? strlen(dp) : 1;
	char small[64], *tmp, *o;
	double d;
	size_t i;

	if (dp == NULL || *dp == '\0')
		dp = ".";
	tmp = n + dplen + 1 <= sizeof small ? small : xmalloc(n + dplen + 1);
	for (i = 0, o = tmp; i < n; i++) {
		if (s[i] == '.') {
			memcpy(o, dp, dplen);
			o += dplen;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	d = strtod(tmp, NULL);
	if (tmp != small)
		free(tmp);
	return d;
}

static int
json_parse_number(struct json_parser *p, struct json *v)
{
	size_t start = p->pos;
	uint64_t mag = 0;
	int neg = 0, overflow = 0, is_int = 1;

	if (p->s[p->pos] == '-') {
		neg = 1;
		p->pos++;
	}
	if (!json_is_digit(p))
		return json_fail(p, "invalid number");
	if (p->s[p->pos] == '0')
		p->pos++;
	else {
		while (json_is_digit(p)) {
			unsigned d = p->s[p->pos] - '0';

			if (mag > (UINT64_MAX - d) / 10)
				overflow = 1;
			else
				mag = mag * 10 + d;
			p->pos++;
		}
	}
	if (p->pos < p->len && p->s[p->pos] == '.') {
		is_int = 0;
		p->pos++;
		if (!json_is_digit(p))
			return json_fail(p, "invalid number");
		while (json_is_digit(p))
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		is_int = 0;
		p->pos++;
		if (p->pos < p->len && (p->s[p->pos] == '+' ||
		    p->s[p->pos] == '-'))
			p->pos++;
		if (!json_is_digit(p))
			return json_fail(p, "invalid number");
		while (json_is_digit(p))
			p->pos++;
	}
	v->type = JSON_NUMBER;
	v->u.num.d = json_strtod((const char *)p->s + start, p->pos - start);
	if (is_int && !overflow) {
		if (!neg && mag <= (uint64_t)INT64_MAX) {
			v->is_int = 1;
			v->u.num.i = (int64_t)mag;
		} else if (neg && mag <= (uint64_t)INT64_MAX + 1) {
			v->is_int = 1;
			v->u.num.i = mag == (uint64_t)INT64_MAX + 1 ?
			    INT64_MIN : -(int64_t)mag;
		}
	}
	return 0;
}

static int
json_parse_literal(struct json_parser *p, struct json *v, const char *word,
    enum json_type type, int boolean)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return json_fail(p, "expected a value");
	p->pos += n;
	v->type = type;
	if (type == JSON_BOOL)
		v->u.boolean = boolean;
	return 0;
}

/* Makes room for one more element or member; returns the new, zeroed slot. */
static struct json *
json_grow(struct json *v, int with_keys)
{
	struct json *kid;

	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		v->u.c.kids = xreallocarray(v->u.c.kids, v->cap,
		    sizeof *v->u.c.kids);
		if (with_keys)
			v->u.c.keys = xreallocarray(v->u.c.keys, v->cap,
			    sizeof *v->u.c.keys);
	}
	kid = &v->u.c.kids[v->n];
	memset(kid, 0, sizeof *kid);
	if (with_keys)
		v->u.c.keys[v->n] = NULL;
	v->n++;
	return kid;
}

/* Gives back the slack left by doubling once a container is complete. */
static void
json_shrink(struct json *v, int with_keys)
{
	if (v->n == v->cap || v->n == 0)
		return;
	v->u.c.kids = xreallocarray(v->u.c.kids, v->n, sizeof *v->u.c.kids);
	if (with_keys)
		v->u.c.keys = xreallocarray(v->u.c.keys, v->n,
		    sizeof *v->u.c.keys);
	v->cap = v->n;
}

/*
 * Containers are linked into the tree before their contents are read, and
 * every slot is counted before it is filled, so json_free() of the root
 * cleans up after an error anywhere below.
 */
static int
json_parse_array(struct json_parser *p, struct json *v, int depth)
{
	v->type = JSON_ARRAY;
	p->pos++;
	json_skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == ']') {
		p->pos++;
		return 0;
	}
	for (;;) {
		if (json_parse_value(p, json_grow(v, 0), depth + 1) == -1)
			return -1;
		json_skip_space(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			json_skip_space(p);
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == ']') {
			p->pos++;
			break;
		}
		return json_fail(p, "expected ',' or ']'");
	}
	json_shrink(v, 0);
	return 0;
}

static int
json_parse_object(struct json_parser *p, struct json *v, int depth)
{
	struct json *kid;
	char *key;
	size_t keylen;

	v->type = JSON_OBJECT;
	p->pos++;
	json_skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == '}') {
		p->pos++;
		return 0;
	}
	for (;;) {
		if (p->pos >= p->len || p->s[p->pos] != '"')
			return json_fail(p, "expected a member name");
		if (json_parse_string(p, &key, &keylen) == -1)
			return -1;
		kid = json_grow(v, 1);
		v->u.c.keys[v->n - 1] = key;
		json_skip_space(p);
		if (p->pos >= p->len || p->s[p->pos] != ':')
			return json_fail(p, "expected ':'");
		p->pos++;
		json_skip_space(p);
		if (json_parse_value(p, kid, depth + 1) == -1)
			return -1;
		json_skip_space(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			json_skip_space(p);
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == '}') {
			p->pos++;
			break;
		}
		return json_fail(p, "expected ',' or '}'");
	}
	json_shrink(v, 1);
	return 0;
}

/* depth is the number of arrays and objects around v. */
static int
json_parse_value(struct json_parser *p, struct json *v, int depth)
{
	if (p->pos >= p->len)
		return json_fail(p, "expected a value");
	if (++p->nodes > JSON_MAX_NODES)
		return json_fail(p, "too many values");
	switch (p->s[p->pos]) {
	case '{':
	case '[':
		if (depth >= JSON_MAX_DEPTH)
			return json_fail(p, "nesting too deep");
		if (p->s[p->pos] == '{')
			return json_parse_object(p, v, depth);
		return json_parse_array(p, v, depth);
	case '"':
		v->type = JSON_STRING;
		return json_parse_string(p, &v->u.str, &v->n);
	case 't':
		return json_parse_literal(p, v, "true", JSON_BOOL, 1);
	case 'f':
		return json_parse_literal(p, v, "false", JSON_BOOL, 0);
	case 'n':
		return json_parse_literal(p, v, "null", JSON_NULL, 0);
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return json_parse_number(p, v);
	}
	return json_fail(p, "expected a value");
}

struct json *
json_parse(const char *s, size_t len, char *err, size_t errlen)
{
	struct json_parser p;
	struct json *root;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(&p, 0, sizeof p);
	p.s = (const unsigned char *)(s != NULL ? s : "");
	p.len = s != NULL ? len : 0;
	p.err = err;
	p.errlen = errlen;
	buf_init(&p.scratch, JSON_MAX_STRING);
	if (p.len >= 3 && memcmp(p.s, "\xef\xbb\xbf", 3) == 0)
		p.pos = 3;
	root = xcalloc(1, sizeof *root);
	json_skip_space(&p);
	if (json_parse_value(&p, root, 0) == 0) {
		json_skip_space(&p);
		if (p.pos < p.len)
			json_fail(&p, "unexpected data after the value");
		else {
			buf_free(&p.scratch);
			return root;
		}
	}
	buf_free(&p.scratch);
	json_free(root);
	return NULL;
}

/* Frees what v holds, not v itself; recursion is bounded by the depth. */
static void
json_clear(struct json *v)
{
	size_t i;

	switch (v->type) {
	case JSON_STRING:
		free(v->u.str);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		for (i = 0; i < v->n; i++) {
			json_clear(&v->u.c.kids[i]);
			if (v->type == JSON_OBJECT)
				free(v->u.c.keys[i]);
		}
		free(v->u.c.kids);
		free(v->u.c.keys);
		break;
	default:
		break;
	}
}

void
json_free(struct json *v)
{
	if (v == NULL)
		return;
	json_clear(v);
	free(v);
}

enum json_type
json_type(const struct json *v)
{
	return v != NULL ? v->type : JSON_NULL;
}

int
json_bool(const struct json *v)
{
	return v != NULL && v->type == JSON_BOOL && v->u.boolean;
}

double
json_num(const struct json *v)
{
	return v != NULL && v->type == JSON_NUMBER ? v->u.num.d : 0.0;
}

int
json_int(const struct json *v, int64_t *out)
{
	if (v == NULL || v->type != JSON_NUMBER || !v->is_int)
		return -1;
	*out = v->u.num.i;
	return 0;
}

const char *
json_str(const struct json *v)
{
	return v != NULL && v->type == JSON_STRING ? v->u.str : NULL;
}

size_t
json_str_len(const struct json *v)
{
	return v != NULL && v->type == JSON_STRING ? v->n : 0;
}

size_t
json_len(const struct json *v)
{
	if (v == NULL || (v->type != JSON_ARRAY && v->type != JSON_OBJECT))
		return 0;
	return v->n;
}

const struct json *
json_at(const struct json *v, size_t i)
{
	if (i >= json_len(v))
		return NULL;
	return &v->u.c.kids[i];
}

const char *
json_key_at(const struct json *v, size_t i)
{
	if (v == NULL || v->type != JSON_OBJECT || i >= v->n)
		return NULL;
	return v->u.c.keys[i];
}

const struct json *
json_get(const struct json *v, const char *key)
{
	size_t i;

	if (v == NULL || v->type != JSON_OBJECT || key == NULL)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->u.c.keys[i], key) == 0)
			return &v->u.c.kids[i];
	return NULL;
}

void
json_put_stringn(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const char *run;
	uint32_t cp;
	size_t k;
	char enc[8];

	buf_putc(b, '"');
	run = s;
	while (n > 0) {
		k = str_utf8_decode(s, n, &cp);
		if (k > 0 && cp >= 0x20 && cp != '"' && cp != '\\' &&
		    cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
		    cp != 0x2028 && cp != 0x2029) {
			s += k;
			n -= k;
			continue;
		}
		buf_append(b, run, (size_t)(s - run));
		if (k == 0)
			k = 1;	/* not UTF-8: cp is the windows-1252 reading */
		s += k;
		n -= k;
		run = s;
		switch (cp) {
		case '"':  buf_puts(b, "\\\""); continue;
		case '\\': buf_puts(b, "\\\\"); continue;
		case '\b': buf_puts(b, "\\b"); continue;
		case '\f': buf_puts(b, "\\f"); continue;
		case '\n': buf_puts(b, "\\n"); continue;
		case '\r': buf_puts(b, "\\r"); continue;
		case '\t': buf_puts(b, "\\t"); continue;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == 0x2028 || cp == 0x2029) {
			enc[0] = '\\';
			enc[1] = 'u';
			enc[2] = hex[(cp >> 12) & 0xf];
			enc[3] = hex[(cp >> 8) & 0xf];
			enc[4] = hex[(cp >> 4) & 0xf];
			enc[5] = hex[cp & 0xf];
			buf_append(b, enc, 6);
		} else
			buf_append(b, enc, str_utf8_encode(cp, enc));
	}
	buf_append(b, run, (size_t)(s - run));
	buf_putc(b, '"');
}

void
json_put_string(struct buf *b, const char *s)
{
	if (s == NULL) {
		json_put_null(b);
		return;
	}
	json_put_stringn(b, s, strlen(s));
}

void
json_put_null(struct buf *b)
{
	buf_puts(b, "null");
}

void
json_put_bool(struct buf *b, int v)
{
	buf_puts(b, v ? "true" : "false");
}

void
json_put_int(struct buf *b, int64_t v)
{
	buf_printf(b, "%lld", (long long)v);
}

/* Replaces the locale's decimal point in s (from snprintf) with '.'. */
static void
json_c_decimal(char *s)
{
	const char *dp = localeconv()->decimal_point;
	size_t dplen;
	char *at;

	if (dp == NULL || *dp == '\0' || strcmp(dp, ".") == 0)
		return;
	dplen = strlen(dp);
	if ((at = strstr(s, dp)) == NULL)
		return;
	*at = '.';
	memmove(at + 1, at + dplen, strlen(at + dplen) + 1);
}

void
json_put_num(struct buf *b, double v)
{
	char tmp[64];
	int prec;

	if (!isfinite(v)) {
		json_put_null(b);
		return;
	}
	if (v == 0) {
		buf_putc(b, '0');	/* for -0 too: "-0" reads as 0 */
		return;
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	json_c_decimal(tmp);
	buf_puts(b, tmp);
}

void
json_write(struct buf *b, const struct json *v)
{
	size_t i;

	switch (json_type(v)) {
	case JSON_NULL:
		json_put_null(b);
		break;
	case JSON_BOOL:
		json_put_bool(b, v->u.boolean);
		break;
	case JSON_NUMBER:
		if (v->is_int)
			json_put_int(b, v->u.num.i);
		else
			json_put_num(b, v->u.num.d);
		break;
	case JSON_STRING:
		json_put_stringn(b, v->u.str, v->n);
		break;
	case JSON_ARRAY:
		buf_putc(b, '[');
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				buf_putc(b, ',');
			json_write(b, &v->u.c.kids[i]);
		}
		buf_putc(b, ']');
		break;
	case JSON_OBJECT:
		buf_putc(b, '{');
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				buf_putc(b, ',');
			json_put_string(b, v->u.c.keys[i]);
			buf_putc(b, ':');
			json_write(b, &v->u.c.kids[i]);
		}
		buf_putc(b, '}');
		break;
	}
}
