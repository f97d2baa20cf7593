/*
 * buf.c: size-limited growable buffers.
 * Must never grow past b->max.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->overflow = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->overflow = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static int
buf_grow(struct buf *b, size_t need)
{
	size_t cap;

	if (b->max != 0 && (need > b->max || b->len > b->max - need)) {
		b->overflow = 1;
		return -1;
	}
	if (b->len + need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + need + 1) {
		if (cap > SIZE_MAX / 2)
			util_fatal("buffer too large");
		cap *= 2;
	}
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

void
buf_reserve(struct buf *b, size_t n)
{
	if (b->max != 0 && n > b->max)
		n = b->max;
	if (b->len > SIZE_MAX - 1 - n)
		util_fatal("buffer too large");
	if (b->len + n + 1 <= b->cap)
		return;
	b->data = xrealloc(b->data, b->len + n + 1);
	b->cap = b->len + n + 1;
	b->data[b->len] = '\0';
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_append_upto(struct buf *b, const void *p, size_t n)
{
	size_t room;

	if (b->max == 0 || n <= b->max - b->len)
		return buf_append(b, p, n);
	room = b->max - b->len;
	buf_append(b, p, room);
	b->overflow = 1;
	return -1;
}

int
buf_putc(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_append(b, &ch, 1);
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *
buf_detach(struct buf *b)
{
	char *p = b->data;

	if (p == NULL)
		p = xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	b->overflow = 0;
	return p;
}

const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}
