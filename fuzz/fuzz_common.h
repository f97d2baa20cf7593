/*
 * fuzz_common.h: checks shared by the libFuzzer targets in fuzz/.
 *
 * A broken invariant prints what broke and aborts, so libFuzzer keeps the
 * input like any other crash. Must never be included by tidings itself:
 * it is test code, and it aborts.
 */
#ifndef TIDINGS_FUZZ_COMMON_H
#define TIDINGS_FUZZ_COMMON_H

#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

#define FUZZ_UNUSED __attribute__((unused))

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void fuzz_fail(const char *, ...)
    __attribute__((format(printf, 1, 2), noreturn, unused));
static void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Display widths as the tests see them (wcwidth needs a UTF-8 locale). */
static FUZZ_UNUSED void
fuzz_init_locale(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
}

/* A NUL-terminated copy of the input, for parsers that want a C string. */
static FUZZ_UNUSED char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Checks that s is valid UTF-8 holding no character str_is_unsafe()
 * rejects; with body set, \n and \t are allowed. With trimmed set, it must
 * not start or end with a space, tab or newline. what names the field.
 */
static FUZZ_UNUSED void
fuzz_check_text(const char *what, const char *s, int body, int trimmed)
{
	size_t n, i, k;
	uint32_t cp;

	if (s == NULL)
		return;
	n = strlen(s);
	if (!str_utf8_valid(s, n))
		fuzz_fail("%s: invalid UTF-8", what);
	for (i = 0; i < n; i += k) {
		k = str_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			fuzz_fail("%s: undecodable byte at %zu", what, i);
		if (body && (cp == '\n' || cp == '\t'))
			continue;
		if (str_is_unsafe(cp))
			fuzz_fail("%s: unsafe character U+%04X at byte %zu",
			    what, (unsigned)cp, i);
	}
	if (trimmed && n > 0 && (strchr(" \t\n", s[0]) != NULL ||
	    strchr(" \t\n", s[n - 1]) != NULL))
		fuzz_fail("%s: not trimmed: \"%s\"", what, s);
}

/* Fails when two strings (NULL allowed) differ. */
static FUZZ_UNUSED void
fuzz_check_same(const char *what, const char *a, const char *b)
{
	if (a == NULL && b == NULL)
		return;
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		fuzz_fail("%s differs:\n  first:  %s\n  second: %s", what,
		    a ? a : "NULL", b ? b : "NULL");
}

#endif
