/*
 * test_json.c: the JSON reader and writers (json.c) and the JSON Feed
 * parser (feed_json.c, reached through feed_parse()).
 *
 * Table-driven; the gofeed corpus under $TIDINGS_CORPUS is read when
 * present and skipped visibly when not. Must never write into the corpus.
 */
#include "config.h"

#include <dirent.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "json.h"
#include "str.h"
#include "util.h"

#include "tap.h"

/* Parses s and writes it back compactly; "ERR: message" on failure. */
static char *
reparse(const char *s, size_t len)
{
	struct json *j;
	struct buf b;
	char err[256];

	if ((j = json_parse(s, len, err, sizeof err)) == NULL)
		return xasprintf("ERR: %s", err);
	buf_init(&b, 0);
	json_write(&b, j);
	json_free(j);
	return buf_detach(&b);
}

static char *
nested(int depth)
{
	char *s = xmalloc((size_t)depth * 2 + 1);
	int i;

	for (i = 0; i < depth; i++) {
		s[i] = '[';
		s[depth * 2 - 1 - i] = ']';
	}
	s[depth * 2] = '\0';
	return s;
}

static void
test_valid(void)
{
	static const struct {
		const char *name, *in, *want;
	} t[] = {
		{ "empty object", "{}", "{}" },
		{ "empty array", "[]", "[]" },
		{ "empty containers with space", "[ { } , [ ] ]", "[{},[]]" },
		{ "surrounding white space", " \t\r\n[1, 2 ,3]\r\n ",
		    "[1,2,3]" },
		{ "leading BOM", "\xef\xbb\xbf{\"a\":1}", "{\"a\":1}" },
		{ "nesting", "{\"a\":{\"b\":[{\"c\":null},[true,false]]}}",
		    "{\"a\":{\"b\":[{\"c\":null},[true,false]]}}" },
		{ "keys keep their order", "{\"z\":1,\"a\":2,\"m\":3}",
		    "{\"z\":1,\"a\":2,\"m\":3}" },
		{ "duplicate keys are kept", "{\"a\":1,\"a\":2}",
		    "{\"a\":1,\"a\":2}" },
		{ "simple escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
		    "\"\\\"\\\\/\\b\\f\\n\\r\\t\"" },
		{ "\\u escape to UTF-8", "\"caf\\u00e9 \\u65E5\"",
		    "\"caf\xc3\xa9 \xe6\x97\xa5\"" },
		{ "surrogate pair", "\"\\ud83d\\ude00\"",
		    "\"\xf0\x9f\x98\x80\"" },
		{ "lone high surrogate is U+FFFD", "\"\\ud800x\"",
		    "\"\xef\xbf\xbdx\"" },
		{ "lone low surrogate is U+FFFD", "\"\\udc00\"",
		    "\"\xef\xbf\xbd\"" },
		{ "high surrogate then BMP escape", "\"\\ud800\\u0041\"",
		    "\"\xef\xbf\xbd" "A\"" },
		{ "two high surrogates", "\"\\ud800\\ud800\\udc00\"",
		    "\"\xef\xbf\xbd\xf0\x90\x80\x80\"" },
		{ "\\u0000 is dropped", "\"a\\u0000b\"", "\"ab\"" },
		{ "escaped control kept in the tree", "\"\\u0001\"",
		    "\"\\u0001\"" },
		{ "raw UTF-8 kept", "\"h\xc3\xa9llo \xe2\x82\xac\"",
		    "\"h\xc3\xa9llo \xe2\x82\xac\"" },
		{ "latin-1 byte read as windows-1252", "\"caf\xe9\"",
		    "\"caf\xc3\xa9\"" },
		{ "0x80 read as euro sign", "\"\x80\"", "\"\xe2\x82\xac\"" },
		{ "undefined 0x81 is U+FFFD", "\"\x81\"", "\"\xef\xbf\xbd\"" },
		{ "overlong sequence read bytewise", "\"\xc0\xaf\"",
		    "\"\xc3\x80\xc2\xaf\"" },
		{ "encoded surrogate read bytewise", "\"\xed\xa0\x80\"",
		    "\"\xc3\xad\xc2\xa0\xe2\x82\xac\"" },
		{ "truncated sequence at the end", "\"\xe2\x82\"",
		    "\"\xc3\xa2\xe2\x80\x9a\"" },
		{ "integers", "[0,-0,7,-12,9223372036854775807,"
		    "-9223372036854775808]",
		    "[0,0,7,-12,9223372036854775807,-9223372036854775808]" },
		{ "fractions and exponents", "[1.5,-1.5e3,1E+2,2e-2,0.1,-0.0]",
		    "[1.5,-1500,100,0.02,0.1,0]" },
		{ "beyond int64 is a double", "18446744073709551616",
		    "1.8446744073709552e+19" },
		{ "too large is written as null", "1e400", "null" },
		{ "scalar top level", "\"x\"", "\"x\"" },
		{ "literals", "[true,false,null]", "[true,false,null]" },
		{ "U+2028 escaped on output", "\"\xe2\x80\xa8\"",
		    "\"\\u2028\"" },
	};
	size_t i;
	char *got, *s;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		got = reparse(t[i].in, strlen(t[i].in));
		tap_str(got, t[i].want, "valid: %s", t[i].name);
		free(got);
	}

	s = nested(JSON_MAX_DEPTH);
	got = reparse(s, strlen(s));
	tap_str(got, s, "valid: depth %d is allowed", JSON_MAX_DEPTH);
	free(got);
	free(s);

	got = reparse("\"a\0b\\u0000c\"", 12);
	tap_str(got, "ERR: JSON: control character in string at byte 2",
	    "invalid: raw NUL in a string");
	free(got);
}

static void
test_invalid(void)
{
	static const struct {
		const char *name, *in, *want;
	} t[] = {
		{ "empty document", "",
		    "JSON: unexpected end of input at byte 0" },
		{ "only white space", "  \n",
		    "JSON: unexpected end of input at byte 3" },
		{ "trailing comma in array", "[1,2,]",
		    "JSON: expected a value at byte 5" },
		{ "trailing comma in object", "{\"a\":1,}",
		    "JSON: expected a member name at byte 7" },
		{ "missing comma in object", "{\"a\":1 \"b\":2}",
		    "JSON: expected ',' or '}' at byte 7" },
		{ "missing comma in array", "[1 2]",
		    "JSON: expected ',' or ']' at byte 3" },
		{ "missing colon", "{\"a\" 1}",
		    "JSON: expected ':' at byte 5" },
		{ "number as key", "{1:2}",
		    "JSON: expected a member name at byte 1" },
		{ "leading comma", "[,1]",
		    "JSON: expected a value at byte 1" },
		{ "unterminated array", "[1,2",
		    "JSON: unexpected end of input at byte 4" },
		{ "unterminated object", "{\"a\":1",
		    "JSON: unexpected end of input at byte 6" },
		{ "unterminated string", "[\"abc",
		    "JSON: unterminated string at byte 1" },
		{ "unterminated escape", "\"ab\\",
		    "JSON: unterminated string at byte 0" },
		{ "bad escape", "\"a\\x\"",
		    "JSON: invalid escape in string at byte 2" },
		{ "bad \\u escape", "\"\\u12g4\"",
		    "JSON: invalid \\u escape at byte 3" },
		{ "short \\u escape", "\"\\u12\"",
		    "JSON: invalid \\u escape at byte 3" },
		{ "tab in string", "\"a\tb\"",
		    "JSON: control character in string at byte 2" },
		{ "newline in string", "\"a\nb\"",
		    "JSON: control character in string at byte 2" },
		{ "leading zero", "01",
		    "JSON: unexpected data after the value at byte 1" },
		{ "dot without digits", "1.",
		    "JSON: unexpected end of input at byte 2" },
		{ "exponent without digits", "[1e]",
		    "JSON: invalid number at byte 3" },
		{ "lone minus", "[-]", "JSON: invalid number at byte 2" },
		{ "leading dot", ".5", "JSON: expected a value at byte 0" },
		{ "leading plus", "+1", "JSON: expected a value at byte 0" },
		{ "NaN", "NaN", "JSON: expected a value at byte 0" },
		{ "Infinity", "[Infinity]",
		    "JSON: expected a value at byte 1" },
		{ "truncated literal", "tru",
		    "JSON: expected a value at byte 0" },
		{ "capitalised literal", "True",
		    "JSON: expected a value at byte 0" },
		{ "literal with tail", "nulls",
		    "JSON: unexpected data after the value at byte 4" },
		{ "single quotes", "['a']",
		    "JSON: expected a value at byte 1" },
		{ "comment", "/* c */ 1",
		    "JSON: expected a value at byte 0" },
		{ "two values", "1 2",
		    "JSON: unexpected data after the value at byte 2" },
		{ "data after the object", "{}x",
		    "JSON: unexpected data after the value at byte 2" },
		{ "two BOMs", "\xef\xbb\xbf\xef\xbb\xbf{}",
		    "JSON: expected a value at byte 3" },
		{ "unquoted key", "{a:1}",
		    "JSON: expected a member name at byte 1" },
	};
	char err[256];
	struct json *j;
	size_t i;
	char *s;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		err[0] = '\0';
		j = json_parse(t[i].in, strlen(t[i].in), err, sizeof err);
		tap_ok(j == NULL, "invalid: %s is refused", t[i].name);
		tap_str(err, t[i].want, "invalid: %s message", t[i].name);
		json_free(j);
	}

	s = nested(JSON_MAX_DEPTH + 1);
	j = json_parse(s, strlen(s), err, sizeof err);
	tap_ok(j == NULL, "invalid: depth %d is refused", JSON_MAX_DEPTH + 1);
	tap_str(err, "JSON: nesting too deep at byte 64",
	    "invalid: depth %d message", JSON_MAX_DEPTH + 1);
	json_free(j);
	free(s);

	/* Deep nesting far past the limit must not recurse that deep. */
	s = nested(1000000);
	j = json_parse(s, strlen(s), err, sizeof err);
	tap_ok(j == NULL, "invalid: a million nested arrays are refused");
	json_free(j);
	free(s);

	j = json_parse(NULL, 5, err, sizeof err);
	tap_ok(j == NULL, "invalid: NULL input is refused");
	json_parse("[", 1, NULL, 0);
	tap_ok(1, "invalid: a NULL error buffer is allowed");
}

/* A JSON array of n zeros. */
static char *
zeros(size_t n, size_t *len)
{
	char *s = xmalloc(n * 2 + 2);
	size_t i;

	s[0] = '[';
	for (i = 0; i < n; i++) {
		s[1 + i * 2] = '0';
		s[2 + i * 2] = ',';
	}
	s[n > 0 ? n * 2 : 1] = ']';
	s[n > 0 ? n * 2 + 1 : 2] = '\0';
	*len = strlen(s);
	return s;
}

/* A JSON string of n bytes of 'a'. */
static char *
long_string(size_t n, size_t *len)
{
	char *s = xmalloc(n + 3);

	s[0] = '"';
	memset(s + 1, 'a', n);
	s[n + 1] = '"';
	s[n + 2] = '\0';
	*len = n + 2;
	return s;
}

static void
test_limits(void)
{
	struct json *j;
	char err[256], *s;
	size_t len;

	s = zeros(JSON_MAX_NODES - 1, &len);
	j = json_parse(s, len, err, sizeof err);
	tap_ok(j != NULL && json_len(j) == JSON_MAX_NODES - 1,
	    "limits: %d values are allowed", JSON_MAX_NODES);
	json_free(j);
	free(s);

	s = zeros(JSON_MAX_NODES, &len);
	j = json_parse(s, len, err, sizeof err);
	tap_ok(j == NULL, "limits: %d values are refused",
	    JSON_MAX_NODES + 1);
	tap_ok(strstr(err, "JSON: too many values at byte") == err,
	    "limits: too many values message (%s)", err);
	json_free(j);
	free(s);

	s = long_string(JSON_MAX_STRING, &len);
	j = json_parse(s, len, err, sizeof err);
	tap_ok(j != NULL && json_str_len(j) == JSON_MAX_STRING,
	    "limits: a string of %u bytes is allowed", JSON_MAX_STRING);
	json_free(j);
	free(s);

	s = long_string(JSON_MAX_STRING + 1, &len);
	j = json_parse(s, len, err, sizeof err);
	tap_ok(j == NULL, "limits: a string of %u bytes is refused",
	    JSON_MAX_STRING + 1);
	tap_str(err, "JSON: string longer than the limit at byte 0",
	    "limits: long string message");
	json_free(j);
	free(s);
}

static void
test_accessors(void)
{
	const char *doc = "{\"s\":\"x\\u0000y\",\"n\":1.5,\"i\":-42,"
	    "\"big\":1e20,\"t\":true,\"f\":false,\"z\":null,"
	    "\"a\":[10,\"b\"],\"o\":{\"k\":\"v\"},\"s\":\"second\"}";
	const struct json *v;
	struct json *j;
	int64_t i = 0;
	char err[128];

	j = json_parse(doc, strlen(doc), err, sizeof err);
	tap_ok(j != NULL, "accessors: document parses (%s)", err);
	tap_ok(json_type(j) == JSON_OBJECT, "accessors: root is an object");
	tap_ok(json_len(j) == 10, "accessors: object has 10 members");
	tap_str(json_key_at(j, 1), "n", "accessors: second key");
	tap_ok(json_key_at(j, 10) == NULL, "accessors: key out of range");
	v = json_get(j, "s");
	tap_str(json_str(v), "xy", "accessors: first duplicate wins");
	tap_ok(json_str_len(v) == 2, "accessors: string length");
	tap_ok(json_num(json_get(j, "n")) == 1.5, "accessors: number");
	tap_ok(json_int(json_get(j, "n"), &i) == -1,
	    "accessors: 1.5 is not an integer");
	tap_ok(json_int(json_get(j, "i"), &i) == 0 && i == -42,
	    "accessors: -42 is an integer");
	tap_ok(json_int(json_get(j, "big"), &i) == -1 &&
	    json_num(json_get(j, "big")) == 1e20,
	    "accessors: 1e20 is a number, not an integer");
	tap_ok(json_bool(json_get(j, "t")) == 1 &&
	    json_bool(json_get(j, "f")) == 0 &&
	    json_type(json_get(j, "t")) == JSON_BOOL,
	    "accessors: booleans");
	tap_ok(json_type(json_get(j, "z")) == JSON_NULL &&
	    json_get(j, "z") != NULL, "accessors: null is present");
	tap_ok(json_get(j, "missing") == NULL, "accessors: absent key");
	v = json_get(j, "a");
	tap_ok(json_type(v) == JSON_ARRAY && json_len(v) == 2,
	    "accessors: array length");
	tap_ok(json_num(json_at(v, 0)) == 10, "accessors: json_at");
	tap_ok(json_at(v, 2) == NULL, "accessors: json_at out of range");
	tap_ok(json_key_at(v, 0) == NULL, "accessors: arrays have no keys");
	tap_ok(json_get(v, "0") == NULL, "accessors: json_get on an array");
	tap_str(json_str(json_get(json_get(j, "o"), "k")), "v",
	    "accessors: chained lookup");
	tap_ok(json_str(json_get(j, "n")) == NULL,
	    "accessors: json_str of a number is NULL");
	tap_ok(json_len(json_get(j, "s")) == 0,
	    "accessors: json_len of a string is 0");
	tap_ok(json_type(NULL) == JSON_NULL && json_len(NULL) == 0 &&
	    json_str(NULL) == NULL && json_num(NULL) == 0 &&
	    json_get(NULL, "x") == NULL && json_at(NULL, 0) == NULL &&
	    json_int(NULL, &i) == -1 && json_bool(NULL) == 0,
	    "accessors: NULL reads as absent");
	json_free(j);
	json_free(NULL);
}

static char *
put(const char *s, size_t n)
{
	struct buf b;

	buf_init(&b, 0);
	json_put_stringn(&b, s, n);
	return buf_detach(&b);
}

static void
test_writer(void)
{
	static const struct {
		const char *name, *in, *want;
	} t[] = {
		{ "plain", "hello", "\"hello\"" },
		{ "empty", "", "\"\"" },
		{ "quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"" },
		{ "short escapes", "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
		{ "other C0 controls", "\x01\x1b[31m\x1f",
		    "\"\\u0001\\u001b[31m\\u001f\"" },
		{ "DEL", "a\x7f", "\"a\\u007f\"" },
		{ "C1 control", "\xc2\x85\xc2\x9b",
		    "\"\\u0085\\u009b\"" },
		{ "line separators", "\xe2\x80\xa8\xe2\x80\xa9",
		    "\"\\u2028\\u2029\"" },
		{ "UTF-8 preserved", "h\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac "
		    "\xf0\x9f\x98\x80", "\"h\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac "
		    "\xf0\x9f\x98\x80\"" },
		{ "slash not escaped", "a/b", "\"a/b\"" },
		{ "latin-1 byte made UTF-8", "caf\xe9", "\"caf\xc3\xa9\"" },
		{ "undefined byte made U+FFFD", "\x81", "\"\xef\xbf\xbd\"" },
		{ "truncated sequence", "\xe6\x97",
		    "\"\xc3\xa6\xe2\x80\x94\"" },
	};
	struct buf b;
	struct json *j;
	char *got, all[128];
	size_t i;
	int ok;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		got = put(t[i].in, strlen(t[i].in));
		tap_str(got, t[i].want, "writer: %s", t[i].name);
		tap_ok(str_utf8_valid(got, strlen(got)),
		    "writer: %s gives valid UTF-8", t[i].name);
		free(got);
	}
	got = put("a\0b", 3);
	tap_str(got, "\"a\\u0000b\"", "writer: NUL as \\u0000");
	free(got);

	/* Every ASCII byte survives a write and a read. */
	for (i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	all[127] = '\0';
	got = put(all, 127);
	ok = 1;
	for (i = 0; got[i] != '\0'; i++)
		if ((unsigned char)got[i] < 0x20 || got[i] == 0x7f)
			ok = 0;
	tap_ok(ok, "writer: no raw control byte in the output");
	j = json_parse(got, strlen(got), NULL, 0);
	tap_str(json_str(j), all, "writer: ASCII 1-127 round-trips");
	json_free(j);
	free(got);

	buf_init(&b, 0);
	json_put_string(&b, NULL);
	buf_putc(&b, ' ');
	json_put_null(&b);
	buf_putc(&b, ' ');
	json_put_bool(&b, 1);
	buf_putc(&b, ' ');
	json_put_bool(&b, 0);
	buf_putc(&b, ' ');
	json_put_int(&b, INT64_MIN);
	buf_putc(&b, ' ');
	json_put_num(&b, 0.1);
	buf_putc(&b, ' ');
	json_put_num(&b, -2.5e-300);
	buf_putc(&b, ' ');
	json_put_num(&b, NAN);
	buf_putc(&b, ' ');
	json_put_num(&b, INFINITY);
	tap_str(buf_str(&b), "null null true false -9223372036854775808 0.1 "
	    "-2.5e-300 null null", "writer: scalars");
	buf_free(&b);

	buf_init(&b, 0);
	json_put_num(&b, 1.0 / 3);
	j = json_parse(buf_str(&b), b.len, NULL, 0);
	tap_ok(j != NULL && json_num(j) == 1.0 / 3,
	    "writer: 1/3 reads back exactly (%s)", buf_str(&b));
	json_free(j);
	buf_free(&b);

	buf_init(&b, 8);
	json_put_string(&b, "longer than eight");
	tap_ok(b.overflow, "writer: a full buffer sets overflow");
	buf_free(&b);
}

/*
 * Numbers must not depend on LC_NUMERIC (tidings calls setlocale). Only
 * full locale names are tried: glibc leaks a little when it has to guess.
 */
static void
test_locale(void)
{
	static const char *names[] = { "de_DE.UTF-8", "fr_FR.UTF-8" };
	struct json *j;
	struct buf b;
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(names); i++)
		if (setlocale(LC_NUMERIC, names[i]) != NULL)
			break;
	if (i == UTIL_ARRAY_LEN(names)) {
		tap_skip("locale: no de_DE or fr_FR locale installed");
		return;
	}
	tap_str(localeconv()->decimal_point, ",",
	    "locale: %s has a decimal comma", names[i]);
	j = json_parse("[1.5]", 5, NULL, 0);
	tap_ok(json_num(json_at(j, 0)) == 1.5,
	    "locale: 1.5 read under %s", names[i]);
	buf_init(&b, 0);
	json_write(&b, j);
	json_put_num(&b, -0.25);
	tap_str(buf_str(&b), "[1.5]-0.25", "locale: 1.5 and -0.25 written "
	    "under %s", names[i]);
	buf_free(&b);
	json_free(j);
	setlocale(LC_NUMERIC, "C");
}

/* ---- JSON Feed ---- */

static struct feed *
jf(const char *doc, const char *url, char *err, size_t errlen)
{
	err[0] = '\0';
	return feed_parse(doc, strlen(doc), url, NULL, err, errlen);
}

static void
test_feed_basic(void)
{
	const char *doc =
	    "{\"version\":\"https://jsonfeed.org/version/1\","
	    "\"title\":\"  My \\n Blog \\u202e \","
	    "\"home_page_url\":\"https://example.org/\","
	    "\"feed_url\":\"https://example.org/feed.json\","
	    "\"description\":\"Line one\\nLine two\","
	    "\"icon\":\"/icon.png\",\"favicon\":\"/fav.ico\","
	    "\"language\":\"en-GB\","
	    "\"author\":{\"name\":\"Ann\",\"url\":\"https://ann.example/\"},"
	    "\"items\":["
	    "{\"id\":\"1\",\"url\":\"/posts/1\",\"title\":\"First\","
	    "\"content_html\":\"<p>Hello</p>\",\"content_text\":\"Hello\","
	    "\"summary\":\"Sum\",\"date_published\":"
	    "\"2019-10-12T07:20:50.52Z\",\"date_modified\":"
	    "\"2019-10-13T00:00:00+02:00\",\"tags\":[\"a\",\" b \",\"a\","
	    "7,\"\"],\"image\":\"img/1.png\"},"
	    "{\"id\":42,\"content_text\":\"Only text\\r\\nhere\","
	    "\"external_url\":\"https://other.example/x\","
	    "\"author\":{\"name\":\"Bob\"},"
	    "\"title\":\"<b>Bold</b> &amp; more\"},"
	    "\"not an object\","
	    "{\"id\":1.5,\"title\":\"\\u0007Bell\",\"banner_image\":"
	    "\"/banner.png\",\"attachments\":[{\"url\":\"ep1.mp3\","
	    "\"mime_type\":\"audio/mpeg\",\"size_in_bytes\":123456,"
	    "\"duration_in_seconds\":61.6},{\"url\":\"ep1.ogg\"},"
	    "{\"mime_type\":\"no/url\"},{\"url\":\"ep1.m4a\","
	    "\"size_in_bytes\":\"99\"},{\"url\":\"neg.mp3\","
	    "\"size_in_bytes\":-5}]}"
	    "]}";
	struct feed *f;
	struct feed_item *it;
	char err[256];

	f = jf(doc, "https://mirror.example/feed.json", err, sizeof err);
	tap_ok(f != NULL, "feed: JSON Feed 1.0 parses (%s)", err);
	if (f == NULL)
		return;
	tap_ok(f->format == FEED_FORMAT_JSON10, "feed: version/1 is 1.0");
	tap_str(f->title, "My Blog", "feed: title cleaned and folded");
	tap_str(f->link, "https://example.org/", "feed: home_page_url");
	tap_str(f->description, "Line one\nLine two",
	    "feed: description keeps newlines");
	tap_str(f->image, "https://example.org/icon.png",
	    "feed: icon resolved against feed_url");
	tap_str(f->language, "en-GB", "feed: language");
	tap_str(f->author, "Ann", "feed: 1.0 author");
	tap_ok(f->n_items == 3, "feed: 3 items (a string item skipped)");
	if (f->n_items != 3)
		goto out;

	it = f->items[0];
	tap_str(it->guid, "1", "item: id");
	tap_str(it->link, "https://example.org/posts/1",
	    "item: relative url resolved against feed_url");
	tap_str(it->title, "First", "item: title");
	tap_str(it->content, "<p>Hello</p>", "item: content_html preferred");
	tap_ok(it->content_type == FEED_CONTENT_HTML, "item: HTML content");
	tap_str(it->summary, "Sum", "item: summary");
	tap_ok(it->summary_type == FEED_CONTENT_TEXT,
	    "item: summary is text");
	tap_ok(f->updated == 1570917600,
	    "feed: updated is the newest item's date (%lld)",
	    (long long)f->updated);
	tap_ok(it->published == 1570864850, "item: date_published");
	tap_ok(it->updated == 1570917600, "item: date_modified with zone");
	tap_ok(it->n_categories == 2, "item: tags deduplicated, "
	    "non-strings and blanks dropped (%zu)", it->n_categories);
	if (it->n_categories == 2) {
		tap_str(it->categories[0], "a", "item: first tag");
		tap_str(it->categories[1], "b", "item: second tag trimmed");
	}
	tap_str(it->author, "Ann", "item: inherits the feed author");
	tap_str(it->image, "https://example.org/img/1.png",
	    "item: image resolved");

	it = f->items[1];
	tap_str(it->guid, "42", "item: numeric id");
	tap_str(it->link, "https://other.example/x",
	    "item: external_url when url is absent");
	tap_str(it->content, "Only text\nhere", "item: content_text");
	tap_ok(it->content_type == FEED_CONTENT_TEXT, "item: text content");
	tap_str(it->title, "Bold & more", "item: HTML title reduced");
	tap_str(it->author, "Bob", "item: own author wins");
	tap_ok(it->n_authors == 1, "item: one author");
	tap_ok(it->published == DATE_NONE, "item: no date is DATE_NONE");

	it = f->items[2];
	tap_str(it->guid, "1.5", "item: fractional numeric id");
	tap_str(it->title, "Bell", "item: control character dropped");
	tap_str(it->image, "https://example.org/banner.png",
	    "item: banner_image when image is absent");
	tap_ok(it->n_enclosures == 4, "item: 4 attachments with a url (%zu)",
	    it->n_enclosures);
	if (it->n_enclosures == 4) {
		tap_str(it->enclosures[0].url, "https://example.org/ep1.mp3",
		    "item: attachment url resolved");
		tap_str(it->enclosures[0].type, "audio/mpeg",
		    "item: attachment mime_type");
		tap_ok(it->enclosures[0].length == 123456,
		    "item: attachment size_in_bytes");
		tap_ok(it->enclosures[1].length == -1 &&
		    it->enclosures[1].type == NULL,
		    "item: attachment without size or type");
		tap_ok(it->enclosures[2].length == 99,
		    "item: size_in_bytes as a string of digits");
		tap_ok(it->enclosures[3].length == -1,
		    "item: negative size is unknown");
	}
	tap_str(it->duration, "62", "item: duration_in_seconds rounded");
out:
	feed_free(f);
}

static void
test_feed_authors(void)
{
	static const struct {
		const char *name, *doc, *feed_author, *item_author;
		size_t n_item_authors;
		enum feed_format format;
	} t[] = {
		{ "1.1 authors",
		    "{\"version\":\"https://jsonfeed.org/version/1.1\","
		    "\"authors\":[{\"name\":\"A\"},{\"name\":\"B\"}],"
		    "\"items\":[{\"id\":\"x\"}]}",
		    "A", "A", 2, FEED_FORMAT_JSON11 },
		{ "1.1 item authors win",
		    "{\"version\":\"https://jsonfeed.org/version/1.1\","
		    "\"authors\":[{\"name\":\"A\"}],\"items\":[{\"id\":\"x\","
		    "\"authors\":[{\"name\":\"C\"},{\"url\":\"https://d/\"},"
		    "{\"avatar\":\"x.png\"}]}]}",
		    "A", "C", 2, FEED_FORMAT_JSON11 },
		{ "1.1 with the deprecated author",
		    "{\"version\":\"https://jsonfeed.org/version/1.1\","
		    "\"author\":{\"name\":\"Old\"},\"items\":[{\"id\":\"x\"}]}",
		    "Old", "Old", 1, FEED_FORMAT_JSON11 },
		{ "authors preferred over author",
		    "{\"version\":\"https://jsonfeed.org/version/1.1\","
		    "\"author\":{\"name\":\"Old\"},\"authors\":[{\"name\":"
		    "\"New\"}],\"items\":[{\"id\":\"x\"}]}",
		    "New", "New", 1, FEED_FORMAT_JSON11 },
		{ "author as a bare string",
		    "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"author\":\"  Plain   Name \","
		    "\"items\":[{\"id\":\"x\"}]}",
		    "Plain Name", "Plain Name", 1, FEED_FORMAT_JSON10 },
		{ "no authors",
		    "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"author\":{},\"items\":[{\"id\":\"x\"}]}",
		    NULL, NULL, 0, FEED_FORMAT_JSON10 },
		{ "bare version 1.1",
		    "{\"version\":\"1.1\",\"items\":[{\"id\":\"x\"}]}",
		    NULL, NULL, 0, FEED_FORMAT_JSON11 },
		{ "bare version 1.0",
		    "{\"version\":\"1.0\",\"items\":[{\"id\":\"x\"}]}",
		    NULL, NULL, 0, FEED_FORMAT_JSON10 },
		{ "no version but items",
		    "{\"items\":[{\"id\":\"x\"}]}",
		    NULL, NULL, 0, FEED_FORMAT_JSON10 },
	};
	struct feed *f;
	char err[256];
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		f = jf(t[i].doc, NULL, err, sizeof err);
		tap_ok(f != NULL && f->n_items == 1, "authors: %s parses (%s)",
		    t[i].name, err);
		if (f == NULL || f->n_items != 1) {
			feed_free(f);
			continue;
		}
		tap_ok(f->format == t[i].format, "authors: %s format %s",
		    t[i].name, feed_format_name(f->format));
		tap_str(f->author, t[i].feed_author, "authors: %s feed author",
		    t[i].name);
		tap_str(f->items[0]->author, t[i].item_author,
		    "authors: %s item author", t[i].name);
		tap_ok(f->items[0]->n_authors == t[i].n_item_authors,
		    "authors: %s item has %zu authors", t[i].name,
		    t[i].n_item_authors);
		feed_free(f);
	}
}

static void
test_feed_urls(void)
{
	static const struct {
		const char *name, *doc, *url, *link;
	} t[] = {
		{ "against feed_url",
		    "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"feed_url\":\"https://a.example/blog/feed.json\","
		    "\"items\":[{\"url\":\"p/1\"}]}",
		    "https://b.example/x/feed.json",
		    "https://a.example/blog/p/1" },
		{ "against the document url without feed_url",
		    "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"items\":[{\"url\":\"../p/1\"}]}",
		    "https://b.example/x/y/feed.json",
		    "https://b.example/x/p/1" },
		{ "relative feed_url against the document url",
		    "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"feed_url\":\"/blog/feed.json\","
		    "\"items\":[{\"url\":\"p/1\"}]}",
		    "https://b.example/x/feed.json",
		    "https://b.example/blog/p/1" },
		{ "absolute url kept",
		    "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"feed_url\":\"https://a.example/feed.json\","
		    "\"items\":[{\"url\":\"https://c.example/q?a=1&b=2\"}]}",
		    NULL, "https://c.example/q?a=1&b=2" },
		{ "relative without any base kept",
		    "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"items\":[{\"url\":\"/p/1\"}]}",
		    NULL, "/p/1" },
		{ "url with spaces and controls trimmed",
		    "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"items\":[{\"url\":\" https://c.example/\\u0000p \"}]}",
		    NULL, "https://c.example/p" },
		{ "non-string url ignored",
		    "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"items\":[{\"url\":5,\"title\":\"t\"}]}",
		    NULL, NULL },
	};
	struct feed *f;
	char err[256];
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		f = jf(t[i].doc, t[i].url, err, sizeof err);
		if (f == NULL || f->n_items != 1) {
			tap_ok(0, "urls: %s parses (%s)", t[i].name, err);
			feed_free(f);
			continue;
		}
		tap_str(f->items[0]->link, t[i].link, "urls: %s", t[i].name);
		tap_ok(f->items[0]->guid != NULL, "urls: %s has a guid",
		    t[i].name);
		feed_free(f);
	}
}

/* JSON Feed has no feed date: the newest item's (modified, else published). */
static void
test_feed_updated(void)
{
	static const struct {
		const char	*items;
		int64_t		 want;
		const char	*name;
	} t[] = {
		{ "{\"id\":\"a\",\"date_modified\":\"2020-01-01T00:00:00Z\"},"
		  "{\"id\":\"b\",\"date_published\":\"2021-01-01T00:00:00Z\"}",
		  1609459200, "a later published date beats an earlier update" },
		{ "{\"id\":\"a\",\"date_published\":\"2022-01-01T00:00:00Z\","
		  "\"date_modified\":\"2020-01-01T00:00:00Z\"},"
		  "{\"id\":\"b\",\"date_modified\":\"2021-01-01T00:00:00Z\"}",
		  1609459200, "an item's modified date is the one counted" },
		{ "{\"id\":\"a\"},{\"id\":\"b\",\"date_published\":\"junk\"}",
		  DATE_NONE, "no item date: no feed date" },
	};
	char doc[512], err[256];
	struct feed *f;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		snprintf(doc, sizeof doc, "{\"version\":"
		    "\"https://jsonfeed.org/version/1.1\",\"items\":[%s]}",
		    t[i].items);
		f = jf(doc, NULL, err, sizeof err);
		tap_ok(f != NULL && f->updated == t[i].want,
		    "feed updated: %s (%lld)", t[i].name,
		    f != NULL ? (long long)f->updated : -1LL);
		feed_free(f);
	}
}

static void
test_feed_errors(void)
{
	static const struct {
		const char *name, *doc, *err;
	} t[] = {
		{ "no version and no items",
		    "{\"title\":\"x\"}",
		    "not a JSON Feed: no \"version\" naming jsonfeed.org and "
		    "no \"items\" array" },
		{ "other version and items not an array",
		    "{\"version\":\"2.0\",\"items\":{}}",
		    "not a JSON Feed: no \"version\" naming jsonfeed.org and "
		    "no \"items\" array" },
		{ "gofeed's misspelt version, unterminated",
		    "{\n  \"verion\": \"1.0\"\n",
		    "JSON: unexpected end of input at byte 20" },
		{ "syntax error", "{\"version\":}",
		    "JSON: expected a value at byte 11" },
	};
	struct feed *f;
	char err[256];
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		f = jf(t[i].doc, NULL, err, sizeof err);
		tap_ok(f == NULL, "errors: %s is refused", t[i].name);
		tap_str(err, t[i].err, "errors: %s message", t[i].name);
		feed_free(f);
	}

	err[0] = '\0';
	tap_ok(feed_json_parse(f = feed_new(), "[1]", 3, NULL, NULL, NULL,
	    err, sizeof err) == -1, "errors: an array is refused");
	tap_str(err, "not a JSON Feed: the document is not a JSON object",
	    "errors: array message");
	feed_free(f);

	f = jf("{\"version\":\"https://jsonfeed.org/version/1.1\"}", NULL,
	    err, sizeof err);
	tap_ok(f != NULL && f->n_items == 0 &&
	    f->format == FEED_FORMAT_JSON11,
	    "errors: a jsonfeed.org version without items is an empty feed");
	feed_free(f);
}

struct cb_state {
	int	 seen;
	int	 stop_at;
	char	 titles[64];
};

static int
count_cb(void *arg, const struct feed *f, struct feed_item *it)
{
	struct cb_state *st = arg;
	size_t n = strlen(st->titles);

	st->seen++;
	if (f->title != NULL && it->title != NULL &&
	    n + strlen(it->title) + 1 < sizeof st->titles) {
		memcpy(st->titles + n, it->title, strlen(it->title) + 1);
	}
	feed_item_free(it);
	return st->seen == st->stop_at ? -1 : 0;
}

static void
test_feed_callback(void)
{
	const char *doc = "{\"version\":\"https://jsonfeed.org/version/1\","
	    "\"title\":\"T\",\"items\":[{\"title\":\"a\"},{\"title\":\"b\"},"
	    "{\"title\":\"c\"}]}";
	struct feed_parser *p;
	struct cb_state st;
	char err[128];
	int rc;

	memset(&st, 0, sizeof st);
	p = feed_parser_new(NULL, NULL, count_cb, &st);
	feed_parser_push(p, doc, 10);
	feed_parser_push(p, doc + 10, strlen(doc) - 10);
	rc = feed_parser_finish(p, err, sizeof err);
	tap_ok(rc == 0 && st.seen == 3, "callback: gets every item");
	tap_str(st.titles, "abc", "callback: in order, feed title known");
	tap_ok(feed_parser_feed(p)->n_items == 0,
	    "callback: items are not also collected");
	feed_parser_free(p);

	memset(&st, 0, sizeof st);
	st.stop_at = 2;
	p = feed_parser_new(NULL, NULL, count_cb, &st);
	feed_parser_push(p, doc, strlen(doc));
	rc = feed_parser_finish(p, err, sizeof err);
	tap_ok(rc == 0 && st.seen == 2,
	    "callback: -1 stops the parse, which still succeeds (as XML)");
	feed_parser_free(p);
}

/* ---- the gofeed corpus ---- */

static char *
read_file(const char *path, size_t *len)
{
	FILE *fp;
	struct buf b;
	char chunk[8192];
	size_t n;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	buf_init(&b, FEED_MAX_JSON);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (buf_append(&b, chunk, n) == -1)
			break;
	fclose(fp);
	*len = b.len;
	return buf_detach(&b);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int corpus_checks;	/* fields compared with an expectation */

/* Compares one field when the expected file has it; counts mismatches. */
static int
check_field(const char *file, const char *what, const char *got,
    const struct json *want)
{
	const char *w = json_str(want);

	if (want == NULL)
		return 0;
	corpus_checks++;
	if (w != NULL && got != NULL && strcmp(w, got) == 0)
		return 0;
	printf("# %s: %s: got \"%s\", want \"%s\"\n", file, what,
	    got ? got : "(null)", w ? w : "(not a string)");
	return 1;
}

static int
check_date(const char *file, const char *what, int64_t got,
    const struct json *want)
{
	char g[32];

	if (want == NULL)
		return 0;
	corpus_checks++;
	if (json_str(want) != NULL && date_parse(json_str(want)) == got)
		return 0;
	date_format_iso(got, g, sizeof g);
	printf("# %s: %s: got %s, want \"%s\"\n", file, what,
	    got == DATE_NONE ? "none" : g,
	    json_str(want) ? json_str(want) : "(not a string)");
	return 1;
}

/*
 * translator/ expectations use gofeed's common model (title, link, guid,
 * publishedParsed); parser/ ones are JSON Feed documents (title, url, id,
 * date_published).
 */
static int
compare_expected(const char *file, const struct feed *f,
    const struct json *x, int translator)
{
	const struct json *items = json_get(x, "items"), *xi;
	int bad = 0;
	size_t i;

	bad += check_field(file, "feed title", f->title, json_get(x, "title"));
	bad += check_field(file, "feed link", f->link,
	    json_get(x, translator ? "link" : "home_page_url"));
	if (json_len(items) != f->n_items) {
		printf("# %s: %zu items, want %zu\n", file, f->n_items,
		    json_len(items));
		return bad + 1;
	}
	for (i = 0; i < f->n_items; i++) {
		const struct feed_item *it = f->items[i];

		xi = json_at(items, i);
		bad += check_field(file, "item title", it->title,
		    json_get(xi, "title"));
		bad += check_field(file, "item link", it->link,
		    json_get(xi, translator ? "link" : "url"));
		bad += check_field(file, "item guid", it->guid,
		    json_get(xi, translator ? "guid" : "id"));
		bad += check_date(file, "item published", it->published,
		    json_get(xi, translator ? "publishedParsed" :
		    "date_published"));
	}
	return bad;
}

/* Runs every input in dir; returns files passed and adds to *total. */
static int
run_corpus_dir(const char *corpus, const char *sub, int translator,
    int must_fail, int *total)
{
	char *dir = xasprintf("%s/%s", corpus, sub), *path, *xpath;
	char **names = NULL, *data, *xdata, err[256];
	size_t n = 0, i, len, xlen, nl;
	struct dirent *de;
	struct feed *f;
	struct json *x;
	int passed = 0, ok;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		tap_skip("corpus: %s is missing", dir);
		free(dir);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		nl = strlen(de->d_name);
		if (nl < 5 || strcmp(de->d_name + nl - 5, ".json") != 0 ||
		    (nl > 14 && strcmp(de->d_name + nl - 14,
		    "_expected.json") == 0))
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		nl = strlen(path) - 5;
		xpath = xasprintf("%.*s_expected.json", (int)nl, path);
		data = read_file(path, &len);
		err[0] = '\0';
		f = data ? feed_parse(data, len, NULL, NULL, err, sizeof err) :
		    NULL;
		if (must_fail)
			ok = data != NULL && f == NULL && err[0] != '\0';
		else if (f == NULL)
			ok = 0;
		else if ((xdata = read_file(xpath, &xlen)) == NULL)
			ok = 1;		/* no expectation: reading is enough */
		else {
			x = json_parse(xdata, xlen, NULL, 0);
			ok = x != NULL &&
			    compare_expected(names[i], f, x, translator) == 0;
			json_free(x);
			free(xdata);
		}
		tap_ok(ok, "corpus: %s/%s%s%s", sub, names[i],
		    f == NULL && err[0] ? ": " : "", f == NULL ? err : "");
		passed += ok;
		(*total)++;
		feed_free(f);
		free(data);
		free(path);
		free(xpath);
		free(names[i]);
	}
	free(names);
	free(dir);
	return passed;
}

static int
dir_exists(const char *path)
{
	DIR *d = opendir(path);

	if (d == NULL)
		return 0;
	closedir(d);
	return 1;
}

static void
test_corpus(void)
{
	const char *corpus = getenv("TIDINGS_CORPUS");
	int passed = 0, total = 0;

	if (corpus == NULL || *corpus == '\0')
		corpus = "../shared/corpus";
	if (!dir_exists(corpus)) {
		tap_skip("corpus: %s not found; gofeed JSON cases skipped",
		    corpus);
		return;
	}
	passed += run_corpus_dir(corpus, "gofeed/testdata/translator/json", 1,
	    0, &total);
	passed += run_corpus_dir(corpus, "gofeed/testdata/parser/json", 0, 0,
	    &total);
	passed += run_corpus_dir(corpus,
	    "gofeed/testdata/parser/json/invalid", 0, 1, &total);
	printf("# gofeed JSON corpus: %d/%d files pass, %d fields compared\n",
	    passed, total, corpus_checks);
}

int
main(void)
{
	test_valid();
	test_invalid();
	test_limits();
	test_accessors();
	test_writer();
	test_locale();
	test_feed_basic();
	test_feed_authors();
	test_feed_urls();
	test_feed_updated();
	test_feed_errors();
	test_feed_callback();
	test_corpus();
	return tap_done();
}
