/*
 * tap.h: a minimal Test Anything Protocol emitter for the C unit tests.
 *
 * Each check prints "ok N - name" or "not ok N - name"; tap_done() prints the
 * plan and returns the exit status. automake's tap-driver counts every line,
 * so the totals CI prints are real assertion counts.
 */
#ifndef TIDINGS_TAP_H
#define TIDINGS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static void tap_ok(int, const char *, ...)
    __attribute__((format(printf, 2, 3), unused));
static void
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	fflush(stdout);
}

/* Compares two strings (NULL allowed) and shows both on failure. */
static void tap_str(const char *, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4), unused));
static void
tap_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int same;

	if (got == NULL || want == NULL)
		same = got == want;
	else
		same = strcmp(got, want) == 0;
	tap_n++;
	printf("%sok %d - ", same ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!same) {
		tap_failed++;
		printf("#   got:  %s%s%s\n", got ? "\"" : "", got ? got : "NULL",
		    got ? "\"" : "");
		printf("#   want: %s%s%s\n", want ? "\"" : "",
		    want ? want : "NULL", want ? "\"" : "");
	}
	fflush(stdout);
}

static void tap_skip(const char *, ...)
    __attribute__((format(printf, 1, 2), unused));
static void
tap_skip(const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("ok %d # SKIP ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/*
 * A time bound: checked as tap_ok() does, except under valgrind
 * (tests/valgrind.sh sets TIDINGS_VALGRIND), whose slowness is all it
 * would measure there: then a visible skip that says so.
 */
static void tap_time(int, const char *, ...)
    __attribute__((format(printf, 2, 3), unused));
static void
tap_time(int cond, const char *fmt, ...)
{
	const char *vg = getenv("TIDINGS_VALGRIND");
	va_list ap;

	if (vg == NULL || *vg == '\0' || strcmp(vg, "0") == 0) {
		tap_n++;
		printf("%sok %d - ", cond ? "" : "not ", tap_n);
		if (!cond)
			tap_failed++;
	} else {
		tap_n++;
		printf("ok %d # SKIP time bound not checked under valgrind: ",
		    tap_n);
	}
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static int tap_done(void) __attribute__((unused));
static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
