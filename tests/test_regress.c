/*
 * test_regress.c: inputs the fuzzers (fuzz/) found to break the feed
 * parser, the filter language and the config file, each pinned so the
 * bug stays fixed.
 *
 * Each feed case is ASCII text and the form its bytes take (UTF-8 or
 * UTF-16 big/little endian, with or without a BOM). It must parse, and
 * pushing it in two pieces split at any offset must give the same
 * cli_feed_json() text as one piece, as a feed arriving from the network
 * in chunks would. Each refused document must come with a clean reason.
 * A case whose fix is still owed carries a reason and is reported as TAP
 * "# TODO" (an expected failure) until then; drop the reason once fixed,
 * or the suite reports an unexpected pass (XPASS, which fails the run).
 * Must never read files or touch the network.
 */
#include "config.h"

#include <locale.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "feed.h"
#include "filter.h"
#include "str.h"
#include "util.h"

#include "tap.h"

#define URL "https://example.com/feeds/news.xml"

/* 1024 bytes of text. */
#define PAD64	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde "
#define PAD1K	PAD64 PAD64 PAD64 PAD64 PAD64 PAD64 PAD64 PAD64 PAD64 PAD64 \
		PAD64 PAD64 PAD64 PAD64 PAD64 PAD64

enum form {
	UTF8,
	UTF16BE,
	UTF16LE,
};

static const struct regress_case {
	const char	*name;
	const char	*text;		/* the document as ASCII */
	enum form	 form;		/* how its bytes are laid out */
	int		 bom;		/* a byte order mark first */
	const char	*todo_whole;	/* why one piece fails, or NULL */
	const char	*todo_split;	/* why two pieces differ, or NULL */
} cases[] = {
	/* fuzz_feed, from feedparser's tests/encoding/utf_16.xml: libxml2
	 * does not know the label, and a chunk ending inside a UTF-16
	 * code unit then breaks the parse ("Comment not terminated"). */
	{ "UTF-16BE labelled utf_16, split inside a code unit",
	  "<?xml version=\"1.0\" encoding=\"utf_16\"?>\n<!--\nc\n-->\n"
	  "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
	  UTF16BE, 0, NULL, NULL },
	/* Found while reducing the case above: in UTF-16LE the same label
	 * loses the channel title even in one piece; and a BOM should
	 * outrank a label nobody knows, as it does for UTF-8. */
	{ "UTF-16LE with a BOM labelled utf_16",
	  "<?xml version=\"1.0\" encoding=\"utf_16\"?>"
	  "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
	  UTF16LE, 1, NULL, NULL },
	{ "UTF-16BE with a BOM and an unknown label",
	  "<?xml version=\"1.0\" encoding=\"x-no-such\"?>"
	  "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
	  UTF16BE, 1, NULL, NULL },
	/* fuzz_feed, reduced from a feedparser file: libxml2 2.9's push
	 * parser ends a comment at the "-->" of "<!-->" when a chunk ends
	 * right there, so commented-out markup becomes the feed, or the
	 * comment never ends ("Comment not terminated"). */
	{ "a comment opened by <!--> hides what it holds at any split",
	  "<?xml version=\"1.0\"?>\n<!--><rss version=\"2.0\"><channel>"
	  "<title>Hidden</title></channel></rss>-->"
	  "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
	  UTF8, 0, NULL, NULL },
	/* fuzz_feed (the 30-minute run): an XML declaration with no "?>"
	 * was searched for "encoding" as far as the bytes held when the
	 * filter decided, so a label 4 KiB on (IBM037: every byte read
	 * otherwise) counted in one piece and not when the first piece
	 * already held 4 KiB. The declaration is now read from a window of
	 * fixed size. */
	{ "a declaration with no ?> and a label 4 KiB on, any split",
	  "<?xml version=\"1.0\" <rss version=\"2.0\"><channel>"
	  "<title>T</title><description>" PAD1K PAD1K PAD1K PAD1K PAD1K
	  " encoding=\"ibm037\"</description></channel></rss>",
	  UTF8, 0, NULL, NULL },
	/* Controls that pass, so the check itself is known to work. */
	{ "UTF-16BE labelled utf-16, any split",
	  "<?xml version=\"1.0\" encoding=\"utf-16\"?><!--c-->"
	  "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
	  UTF16BE, 0, NULL, NULL },
	{ "UTF-8 with a BOM and an unknown label, any split",
	  "<?xml version=\"1.0\" encoding=\"x-no-such\"?>"
	  "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
	  UTF8, 1, NULL, NULL },
};

/*
 * Documents the feed parser refuses: the reason it gives reaches the
 * screen, so it must be valid UTF-8 without unsafe characters.
 */
static const struct error_case {
	const char	*name;
	const char	*doc;
	const char	*todo;		/* why it still fails, or NULL */
} error_cases[] = {
	/* fuzz_feed: the root element's name is copied raw. */
	{ "a root element named with U+FEFF", "<\xef\xbb\xbf/>", NULL },
	{ "a root element named with U+FFF9", "<a\xef\xbf\xb9/>", NULL },
	/* Found with the one above: root_name[64] cuts a character. */
	{ "a long root element name of two-byte characters",
	  "<\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9/>",
	  NULL },
	/* A control that passes. */
	{ "a web page", "<html><body>x</body></html>", NULL },
};

/*
 * Filter expressions the filter language refuses: the reason reaches the
 * status line, so it must be clean too.
 */
static const struct filter_case {
	const char	*name;
	const char	*expr;
	const char	*todo;		/* why it still fails, or NULL */
} filter_cases[] = {
	/* fuzz_filter: the byte after a number was quoted raw with %c. */
	{ "a number followed by a lone byte 0x98",
	  "unread_count < 6\x98", NULL },
	{ "a number followed by a two-byte character",
	  "unread_count < 6\xc3\xa9", NULL },
	/* fuzz_filter: an unknown attribute was quoted whole, cleaned (a
	 * byte growing to three), then cut mid-character at 256 bytes. */
	{ "an unknown attribute of 200 lone bytes 0x93",
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93\x93"
	  "ta{1}9{a}0919Cr", NULL },
	/* A control that passes. */
	{ "a number followed by a letter", "unread_count < 6x", NULL },
};

/*
 * Regular expressions (highlight, and =~ in filters, which a urls file
 * from someone else can hold in a query feed) that glibc takes seconds
 * or hours to compile or match: filter_regcomp() must refuse them at
 * once. An alarm fails the test instead of hanging it.
 */
static const struct regex_case {
	const char	*name;
	const char	*pattern;
	int		 ok;		/* accepted */
} regex_cases[] = {
	/* fuzz_filter (timeouts): glibc makes x+ into xx*, so each '+'
	 * doubles the pattern; 21 took 4 s, 40 never ends. */
	{ "forty '+' in a row", "l++++++++++++++++++++++++++++++++++++++++",
	  0 },
	{ "twenty nested groups each with '+'",
	  "((((((((((((((((((((l+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+",
	  0 },
	/* Found with the above: back-references match in exponential
	 * time (12 s on 60 characters). */
	{ "five back-references", "(.*)(.*)(.*)(.*)(.*)\\5\\4\\3\\2\\1x", 0 },
	{ "one back-reference", "(a*)*\\1b", 0 },
	/* Found measuring the above: glibc's memory grows with the square
	 * of the optional states (535 MB), time with their number (9 s),
	 * and a bound past 32767 crashes it. */
	{ "optional inside optional", "(a{0,255}){0,255}", 0 },
	{ "a long optional alternation", "(a|b){1,9999}", 0 },
	{ "a bound past RE_DUP_MAX", "a{1,99999}", 0 },
	{ "a star repeated", "(a*){0,1999}", 0 },
	/* fuzz_filter (timeout): each '?' of "e???..." is a node of its
	 * own, all skippable, and {1,99} copies them all. */
	{ "sixty '?' repeated 99 times",
	  "e????????????????????????????????????????????????????????????"
	  "{1,99}??????????", 0 },
	/* fuzz_filter (timeout, the 30-minute run): glibc's closures grow
	 * with repetitions of repetitions, far worse after an anchor; these
	 * take minutes or never end, and are now compiled on trial. */
	{ "an anchor, a byte and 200 stars",
	  "\x87\xae\x87$\x87"
	  "**************************************************"
	  "**************************************************"
	  "**************************************************"
	  "**************************************************", 0 },
	{ "thirty anchored groups, each starred",
	  "^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(a*"
	  ")*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*", 0 },
	/* fuzz_filter (timeout, the re-run on the trial compile): "{,}" is
	 * "{0,}" to glibc but was text to the cost model, so "1*{,}{,17}"
	 * went untried; 4.8 s in a release build. */
	{ "stars and intervals with empty bounds, stacked",
	  "\x8c\xa8{,5}9sz#b){,17},},17},5}etitle =~ \"\xa8{,25}l\\b1*{,}"
	  "{,17}z{,}", 0 },
	/* Controls that pass. */
	{ "a lazy star, compiled on trial", "colou?r.*?end", 1 },
	{ "an optional group, compiled on trial", "(foo|bar)?baz", 1 },
	{ "255 optional states", "(a?){0,127}", 1 },
	{ "an everyday pattern", ".*colou?r[0-9]{1,4}(foo|bar)?x*$", 1 },
	{ "four '+' in a row", "l++++", 1 },
	{ "a backslash-digit in brackets is no back-reference", "[\\1]+x",
	  1 },
	{ "an escaped backslash before a digit", "a\\\\1", 1 },
};

/* tap_ok(), but a failure with a todo reason is an expected one. */
static void regress_ok(int, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4)));
static void
regress_ok(int cond, const char *todo, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (todo != NULL)
		printf(" # TODO %s", todo);
	putchar('\n');
	if (!cond && todo == NULL)
		tap_failed++;
	fflush(stdout);
}

/* The case's bytes in b. */
static void
encode(const struct regress_case *c, struct buf *b)
{
	const char *p;

	buf_init(b, 0);
	buf_append(b, "", 0);
	if (c->form == UTF8) {
		if (c->bom)
			buf_puts(b, "\xef\xbb\xbf");
		buf_puts(b, c->text);
		return;
	}
	if (c->bom)
		buf_append(b, c->form == UTF16BE ? "\xfe\xff" : "\xff\xfe", 2);
	for (p = c->text; *p != '\0'; p++) {
		if (c->form == UTF16BE)
			buf_putc(b, '\0');
		buf_putc(b, *p);
		if (c->form == UTF16LE)
			buf_putc(b, '\0');
	}
}

/* Parses data in pieces cut at split; the JSON text, or NULL on failure. */
static char *
parse_json(const char *data, size_t len, size_t split)
{
	struct feed_parser *p;
	struct buf out;
	char err[256], *r = NULL;
	int rc;

	p = feed_parser_new(URL, NULL, NULL, NULL);
	rc = feed_parser_push(p, data, split);
	if (rc == 0)
		rc = feed_parser_push(p, data + split, len - split);
	if (rc == 0)
		rc = feed_parser_finish(p, err, sizeof err);
	if (rc == 0) {
		buf_init(&out, 0);
		cli_feed_json(&out, feed_parser_feed(p));
		r = buf_detach(&out);
	}
	feed_parser_free(p);
	return r;
}

static void
test_case(const struct regress_case *c)
{
	struct buf b;
	char *whole, *piece;
	size_t split, bad = 0, first_bad = 0;

	encode(c, &b);
	whole = parse_json(b.data, b.len, b.len);
	regress_ok(whole != NULL && strstr(whole, "\"title\":\"T\"") != NULL,
	    c->todo_whole, "%s: parses in one piece, title kept", c->name);
	for (split = 0; whole != NULL && split <= b.len; split++) {
		piece = parse_json(b.data, b.len, split);
		if (piece == NULL || strcmp(piece, whole) != 0) {
			if (bad++ == 0)
				first_bad = split;
		}
		free(piece);
	}
	if (whole == NULL)
		regress_ok(0, c->todo_split, "%s: same in two pieces (no "
		    "whole parse to compare)", c->name);
	else
		regress_ok(bad == 0, c->todo_split, "%s: same in two pieces "
		    "at all %zu splits (%zu differ, first at %zu)", c->name,
		    b.len + 1, bad, first_bad);
	free(whole);
	buf_free(&b);
}

/* Is s valid UTF-8 without a character str_is_unsafe() rejects? */
static int
is_clean(const char *s)
{
	size_t n = strlen(s), i, k;
	uint32_t cp;

	if (!str_utf8_valid(s, n))
		return 0;
	for (i = 0; i < n; i += k) {
		k = str_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || str_is_unsafe(cp))
			return 0;
	}
	return 1;
}

static void
test_error(const struct error_case *c)
{
	struct feed *f;
	char err[256] = "";

	f = feed_parse(c->doc, strlen(c->doc), URL, NULL, err, sizeof err);
	regress_ok(f == NULL && err[0] != '\0' && is_clean(err), c->todo,
	    "%s: refused with a clean reason", c->name);
	feed_free(f);
}

static void
test_filter_error(const struct filter_case *c)
{
	struct filter *f;
	char err[256] = "";

	f = filter_parse(c->expr, err, sizeof err);
	regress_ok(f == NULL && err[0] != '\0' && is_clean(err), c->todo,
	    "filter: %s: refused with a clean reason", c->name);
	filter_free(f);
}

static void
test_regex(const struct regex_case *c)
{
	char err[256] = "", subject[128];
	regex_t re;
	int rc;

	memset(subject, 'l', sizeof(subject) - 1);
	subject[sizeof(subject) - 1] = '\0';
	rc = filter_regcomp(&re, c->pattern, REG_ICASE | REG_NOSUB, err,
	    sizeof err);
	if (rc == 0) {
		(void)regexec(&re, subject, 0, NULL, 0);
		regfree(&re);
	}
	regress_ok(c->ok ? rc == 0 : rc != 0 && is_clean(err) && err[0],
	    NULL, "regex: %s: %s", c->name, c->ok ? "accepted" :
	    "refused at once with a clean reason");
}

/*
 * util_errf() cutting a message of two- and three-byte characters at
 * every buffer size: what is left must stay valid UTF-8 (fuzz_filter
 * found messages cut mid-character).
 */
static void
test_errf_cut(void)
{
	char buf[64];
	size_t len, bad = 0, first = 0;

	for (len = 1; len <= sizeof(buf); len++) {
		util_errf(buf, len, "x %s %s", "\xc3\xa9\xc3\xa9\xc3\xa9",
		    "\xe2\x80\x9c\xe2\x80\x9d\xf0\x9f\x98\x80\xf0\x9f\x98\x80");
		if (!str_utf8_valid(buf, strlen(buf)) && bad++ == 0)
			first = len;
	}
	regress_ok(bad == 0, NULL, "util_errf: valid UTF-8 cut at every "
	    "size from 1 to %zu (%zu not, first at %zu)", sizeof(buf), bad,
	    first);
}

/*
 * Failed trial compiles are limited per process: once FILTER_RX_TRIAL_FAILS
 * have failed (two above), a pattern that would need one is refused at
 * once, even one that would compile fast. Runs last: it spends them all.
 */
static void
test_trial_budget(void)
{
	const char *slow = "^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^(^"
	    "(^(^(^(^(^(a*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)*)"
	    "*)*)*)*)*";
	char err[256] = "";
	regex_t re;
	int i, rc;

	for (i = 0; i < FILTER_RX_TRIAL_FAILS; i++)
		if (filter_regcomp(&re, slow, REG_NOSUB, err, sizeof err) == 0)
			regfree(&re);
	rc = filter_regcomp(&re, "colou?r.*?end", REG_NOSUB, err, sizeof err);
	if (rc == 0)
		regfree(&re);
	tap_ok(rc == -1 && strstr(err, "did already") != NULL, "after %d "
	    "failed trial compiles a pattern needing one is refused at once "
	    "(%s)", FILTER_RX_TRIAL_FAILS, err);
	rc = filter_regcomp(&re, "colou?r.+end", REG_NOSUB, err, sizeof err);
	if (rc == 0)
		regfree(&re);
	tap_ok(rc == 0, "and one needing none still compiles");
}

int
main(void)
{
	size_t i;

	setlocale(LC_ALL, "C.UTF-8");
	for (i = 0; i < UTIL_ARRAY_LEN(cases); i++)
		test_case(&cases[i]);
	for (i = 0; i < UTIL_ARRAY_LEN(error_cases); i++)
		test_error(&error_cases[i]);
	for (i = 0; i < UTIL_ARRAY_LEN(filter_cases); i++)
		test_filter_error(&filter_cases[i]);
	test_errf_cut();
	alarm(30);
	for (i = 0; i < UTIL_ARRAY_LEN(regex_cases); i++)
		test_regex(&regex_cases[i]);
	test_trial_budget();
	return tap_done();
}
