/*
 * str.c: UTF-8 and text-cleaning helpers.
 * Must never emit a control character or invalid UTF-8 from str_clean().
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "str.h"
#include "util.h"

/* windows-1252's reading of 0x80-0x9f; 0 where the byte is undefined. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

size_t
str_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t len, i;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2; c &= 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; c &= 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else
		goto bad;
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	c = p[0];
	if (c >= 0x80 && c < 0xa0)
		*cp = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xfffd;
	else
		*cp = c;
	return 0;
}

size_t
str_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

int
str_utf8_valid(const char *s, size_t n)
{
	uint32_t cp;
	size_t k;

	while (n > 0) {
		if ((k = str_utf8_decode(s, n, &cp)) == 0)
			return 0;
		s += k;
		n -= k;
	}
	return 1;
}

int
str_is_unsafe(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return 1;
	if (cp >= 0x80 && cp < 0xa0)
		return 1;
	switch (cp) {
	case 0x200b: case 0x200c: case 0x200d: case 0x200e: case 0x200f:
	case 0x2028: case 0x2029:
	case 0x202a: case 0x202b: case 0x202c: case 0x202d: case 0x202e:
	case 0x2060: case 0x2061: case 0x2062: case 0x2063: case 0x2064:
	case 0x2066: case 0x2067: case 0x2068: case 0x2069:
	case 0x206a: case 0x206b: case 0x206c: case 0x206d: case 0x206e:
	case 0x206f: case 0xfeff: case 0xfff9: case 0xfffa: case 0xfffb:
		return 1;
	}
	return 0;
}

static int
is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v' || cp == 0xa0 || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200a);
}

/*
 * The length of the run at s that str_clean() copies unchanged: printable
 * ASCII, a space unless spaces are folded, and whole UTF-8 characters that
 * are neither unsafe nor (when folding) white space. Such a character
 * re-encodes to the same bytes, so the run is copied as it is.
 */
static size_t
clean_run(const char *s, size_t n, int fold)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t i = 0, k;

	while (i < n) {
		if ((u[i] > 0x20 && u[i] < 0x7f) || (u[i] == 0x20 && !fold)) {
			i++;
			continue;
		}
		if (u[i] < 0x80 || (k = str_utf8_decode(s + i, n - i, &cp)) == 0 ||
		    str_is_unsafe(cp) || (fold && is_space_cp(cp)))
			break;
		i += k;
	}
	return i;
}

char *
str_clean(const char *s, size_t n, int flags)
{
	struct buf b;
	uint32_t cp;
	size_t k, run;
	char enc[4];
	int pending_space = 0, fold = (flags & STR_FOLD_SPACE) != 0;

	buf_init(&b, 0);
	/* One allocation for the common case: the result is rarely longer. */
	buf_reserve(&b, s != NULL ? n : 0);
	if (s == NULL)
		return buf_detach(&b);
	while (n > 0 && *s != '\0') {
		if ((run = clean_run(s, n, fold)) > 0) {
			if (pending_space) {
				if (b.len > 0 || !(flags & STR_TRIM))
					buf_putc(&b, ' ');
				pending_space = 0;
			}
			buf_append(&b, s, run);
			s += run;
			n -= run;
			continue;
		}
		k = str_utf8_decode(s, n, &cp);
		if (k == 0)
			k = 1;
		s += k;
		n -= k;
		if (cp == '\r') {
			/* CRLF and lone CR both become a newline. */
			if (n > 0 && *s == '\n')
				continue;
			cp = '\n';
		}
		if ((flags & STR_KEEP_NEWLINES) && (cp == '\n' || cp == '\t')) {
			/* Trailing spaces before a newline are kept out. */
			if (pending_space && cp == '\t')
				buf_putc(&b, ' ');
			pending_space = 0;
			buf_putc(&b, (int)cp);
			continue;
		}
		if (is_space_cp(cp) && (cp < 0x80 || (flags & STR_FOLD_SPACE))) {
			if (flags & STR_FOLD_SPACE) {
				pending_space = 1;
				continue;
			}
			cp = ' ';
		}
		if (str_is_unsafe(cp))
			continue;
		if (pending_space) {
			if (b.len > 0 || !(flags & STR_TRIM))
				buf_putc(&b, ' ');
			pending_space = 0;
		}
		buf_append(&b, enc, str_utf8_encode(cp, enc));
	}
	if (pending_space && !(flags & STR_TRIM))
		buf_putc(&b, ' ');
	if (flags & STR_TRIM) {
		while (b.len > 0 && (b.data[b.len - 1] == ' ' ||
		    b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\t'))
			b.data[--b.len] = '\0';
		if (b.len > 0 && (b.data[0] == ' ' || b.data[0] == '\n' ||
		    b.data[0] == '\t')) {
			size_t i = 0;
			while (i < b.len && (b.data[i] == ' ' ||
			    b.data[i] == '\n' || b.data[i] == '\t'))
				i++;
			memmove(b.data, b.data + i, b.len - i + 1);
			b.len -= i;
		}
	}
	return buf_detach(&b);
}

char *
str_clean_inplace(char *s, int flags)
{
	char *c;

	if (s == NULL)
		return NULL;
	c = str_clean(s, strlen(s), flags);
	free(s);
	return c;
}

int
str_is_blank(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static int
lower_ascii(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int
str_casecmp_ascii(const char *a, const char *b)
{
	int ca, cb;

	do {
		ca = lower_ascii((unsigned char)*a++);
		cb = lower_ascii((unsigned char)*b++);
	} while (ca == cb && ca != '\0');
	return ca - cb;
}

int
str_ncasecmp_ascii(const char *a, const char *b, size_t n)
{
	int ca = 0, cb = 0;

	while (n-- > 0) {
		ca = lower_ascii((unsigned char)*a++);
		cb = lower_ascii((unsigned char)*b++);
		if (ca != cb || ca == '\0')
			break;
	}
	return ca - cb;
}

int
str_has_prefix_ci(const char *s, const char *prefix)
{
	return str_ncasecmp_ascii(s, prefix, strlen(prefix)) == 0;
}

int
str_cp_width(uint32_t cp)
{
	int w;

	if (cp == 0)
		return 0;
	if (str_is_unsafe(cp))
		return 0;
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

size_t
str_width(const char *s)
{
	size_t w = 0, n = strlen(s), k;
	uint32_t cp;

	while (n > 0) {
		if ((k = str_utf8_decode(s, n, &cp)) == 0)
			k = 1;
		w += (size_t)str_cp_width(cp);
		s += k;
		n -= k;
	}
	return w;
}
