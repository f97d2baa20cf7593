/*
 * fuzz_json.c: libFuzzer target for json_parse() and the JSON writers.
 *
 * Checks, besides "no crash": every string and key in a parsed tree is
 * valid UTF-8 of the length it claims; writing a tree and reading it back
 * gives the same text again; every number survives json_put_num() or
 * json_put_int(); and any bytes written with json_put_stringn() read back
 * as a string (the same string when they were valid UTF-8 without NULs).
 * Must never print, or read anything but its input.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_common.h"
#include "json.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_locale();
	return 0;
}

/* Reads text that the writers made; it must parse. Caller frees. */
static struct json *
reparse(const struct buf *b, const char *what)
{
	struct json *j;
	char err[256];

	if (b->overflow)
		fuzz_fail("%s: buffer overflow", what);
	if (!str_utf8_valid(buf_str(b), b->len))
		fuzz_fail("%s: writer made invalid UTF-8", what);
	err[0] = '\0';
	j = json_parse(buf_str(b), b->len, err, sizeof err);
	if (j == NULL)
		fuzz_fail("%s: own output does not parse (%s): %s", what, err,
		    buf_str(b));
	return j;
}

static void
check_number(const struct json *v)
{
	struct buf b;
	struct json *j;
	int64_t i, i2;
	double d = json_num(v), d2;

	buf_init(&b, 0);
	if (json_int(v, &i) == 0) {
		json_put_int(&b, i);
		j = reparse(&b, "json_put_int");
		if (json_int(j, &i2) != 0 || i2 != i)
			fuzz_fail("integer %lld wrote as %s", (long long)i,
			    buf_str(&b));
		json_free(j);
	} else if (isfinite(d)) {
		json_put_num(&b, d);
		j = reparse(&b, "json_put_num");
		d2 = json_num(j);
		if (json_type(j) != JSON_NUMBER || d2 != d)
			fuzz_fail("number %.17g wrote as %s, read as %.17g",
			    d, buf_str(&b), d2);
		json_free(j);
	}
	buf_free(&b);
}

/* Walks a parsed tree checking its strings and numbers. */
static void
check_tree(const struct json *v, int depth)
{
	size_t i, n;
	const char *s;

	if (depth > JSON_MAX_DEPTH + 1)
		fuzz_fail("tree deeper than JSON_MAX_DEPTH (%d)",
		    JSON_MAX_DEPTH);
	switch (json_type(v)) {
	case JSON_STRING:
		s = json_str(v);
		n = json_str_len(v);
		if (s == NULL || strlen(s) != n)
			fuzz_fail("string length %zu but strlen %zu", n,
			    s ? strlen(s) : 0);
		if (!str_utf8_valid(s, n))
			fuzz_fail("string is invalid UTF-8");
		break;
	case JSON_NUMBER:
		check_number(v);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		n = json_len(v);
		for (i = 0; i < n; i++) {
			if (json_type(v) == JSON_OBJECT) {
				s = json_key_at(v, i);
				if (s == NULL || !str_utf8_valid(s, strlen(s)))
					fuzz_fail("key %zu missing or invalid "
					    "UTF-8", i);
			}
			check_tree(json_at(v, i), depth + 1);
		}
		if (json_at(v, n) != NULL)
			fuzz_fail("json_at past the end is not NULL");
		break;
	default:
		break;
	}
}

/* The input as one string: it must come back as a string. */
static void
check_string_writer(const uint8_t *data, size_t size)
{
	struct buf b;
	struct json *j;

	if (size > JSON_MAX_STRING / 8)
		return;
	buf_init(&b, 0);
	json_put_stringn(&b, (const char *)data, size);
	j = reparse(&b, "json_put_stringn");
	if (json_type(j) != JSON_STRING)
		fuzz_fail("json_put_stringn did not read back as a string");
	if (memchr(data, '\0', size) == NULL &&
	    str_utf8_valid((const char *)data, size) &&
	    (json_str_len(j) != size ||
	    memcmp(json_str(j), data, size) != 0))
		fuzz_fail("valid UTF-8 string changed through the writer: "
		    "%zu bytes in, %zu out", size, json_str_len(j));
	json_free(j);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json *j, *j2;
	struct buf w1, w2;
	char err[256];

	check_string_writer(data, size);

	err[0] = '\0';
	j = json_parse((const char *)data, size, err, sizeof err);
	if (j == NULL) {
		if (err[0] == '\0')
			fuzz_fail("json_parse failed without a message");
		return 0;
	}
	check_tree(j, 0);

	/* write -> parse -> write gives the same text. */
	buf_init(&w1, 0);
	buf_init(&w2, 0);
	json_write(&w1, j);
	j2 = reparse(&w1, "json_write");
	json_write(&w2, j2);
	fuzz_check_same("json_write of the re-read tree", buf_str(&w1),
	    buf_str(&w2));
	json_free(j2);
	json_free(j);
	buf_free(&w1);
	buf_free(&w2);
	return 0;
}
