/*
 * fuzz_filter.c: libFuzzer target for filter_parse(), filter_match() and
 * filter_regcomp().
 *
 * The input is the expression, up to its first NUL byte; what follows
 * (split at further NUL bytes) fills the article's strings and numbers,
 * so matching runs on hostile values too. Checks, besides "no crash":
 * a refused expression has a clean one-line reason that names a column
 * or a limit; an accepted one gives its text back, matches 0 or 1, the
 * same each time, and "(e) and (e)", "(e) or (e)" match as e alone
 * whenever they parse. A refused regular expression has a clean reason.
 * Must never print, run or open anything the input names.
 */
#include "config.h"

#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "filter.h"
#include "fuzz_common.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_locale();
	/* Dates as text must not depend on the machine. */
	setenv("TZ", "UTC", 1);
	return 0;
}

/* The next NUL-terminated piece of the input after *pos, or NULL. */
static const char *
next_piece(const char *s, size_t len, size_t *pos)
{
	const char *p;

	if (*pos >= len)
		return NULL;
	p = s + *pos;
	*pos += strlen(p) + 1;
	return p;
}

static int64_t
piece_num(const char *s)
{
	return s != NULL ? strtoll(s, NULL, 10) : 0;
}

/* A reason must be clean, non-empty and say where or which limit. */
static void
check_reason(const char *what, const char *expr, const char *err)
{
	if (err[0] == '\0')
		fuzz_fail("%s refused without a reason: %s", what, expr);
	fuzz_check_text(what, err, 0, 0);
	if (strchr(err, '\n') != NULL)
		fuzz_fail("%s reason has a newline: %s", what, err);
}

static int
match_checked(const struct filter *f, const struct filter_item *it)
{
	int r = filter_match(f, it), r2;

	if (r != 0 && r != 1)
		fuzz_fail("filter_match gave %d", r);
	r2 = filter_match(f, it);
	if (r2 != r)
		fuzz_fail("filter_match gave %d then %d: %s", r, r2,
		    filter_text(f));
	return r;
}

/* "(e) OP (e)" must match as e, when it parses at all. */
static void
check_doubled(const char *expr, const char *op, const struct filter_item *it,
    int want)
{
	struct filter *f2;
	struct buf b;
	char err[256];

	buf_init(&b, 0);
	buf_printf(&b, "(%s) %s (%s)", expr, op, expr);
	f2 = filter_parse(b.data, err, sizeof(err));
	if (f2 != NULL) {
		if (match_checked(f2, it) != want)
			fuzz_fail("\"(e) %s (e)\" differs from e: %s", op,
			    expr);
		filter_free(f2);
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const no_tags[1] = { NULL };
	const char *tags[4];
	struct filter_item it, empty;
	struct filter *f;
	regex_t re;
	char err[512], *s;
	const char *expr;
	size_t pos = 0, i;
	int r;

	s = fuzz_cstr(data, size);
	expr = next_piece(s, size, &pos);
	if (expr == NULL)
		expr = "";

	memset(&it, 0, sizeof(it));
	it.title = next_piece(s, size, &pos);
	it.content = next_piece(s, size, &pos);
	it.author = next_piece(s, size, &pos);
	it.link = next_piece(s, size, &pos);
	it.flags = next_piece(s, size, &pos);
	it.feed_title = next_piece(s, size, &pos);
	it.feed_url = next_piece(s, size, &pos);
	it.date = piece_num(next_piece(s, size, &pos));
	it.now = piece_num(next_piece(s, size, &pos));
	it.unread_count = piece_num(next_piece(s, size, &pos));
	it.unread = (int)(size & 1);
	for (i = 0; i < 3; i++)
		tags[i] = next_piece(s, size, &pos);
	tags[3] = NULL;
	it.tags = tags;
	it.ntags = 3;
	memset(&empty, 0, sizeof(empty));
	empty.tags = no_tags;
	empty.ntags = 1;

	err[0] = '\0';
	f = filter_parse(expr, err, sizeof(err));
	if (f == NULL) {
		check_reason("filter", expr, err);
		if (strncmp(err, "column ", 7) != 0 &&
		    strncmp(err, "the expression ", 15) != 0)
			fuzz_fail("reason names no column: %s", err);
	} else {
		fuzz_check_same("filter_text", filter_text(f), expr);
		r = match_checked(f, &it);
		match_checked(f, &empty);
		check_doubled(expr, "and", &it, r);
		check_doubled(expr, "or", &it, r);
		filter_free(f);
	}

	/* The expression as a regular expression, as highlight uses it. */
	err[0] = '\0';
	if (filter_regcomp(&re, expr, REG_ICASE | REG_NOSUB, err,
	    sizeof(err)) == 0) {
		if (it.title != NULL)
			(void)regexec(&re, it.title, 0, NULL, 0);
		regfree(&re);
	} else
		check_reason("regex", expr, err);
	free(s);
	return 0;
}
