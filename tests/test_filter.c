/*
 * test_filter.c: newsboat's filter language: every operator and
 * attribute, "and"/"or" precedence, parentheses, between, literals, and
 * the errors (with their columns) for bad expressions, bad regular
 * expressions and expressions past the limits.
 *
 * Matching is table-driven over one article whose every attribute is
 * known; each case names the expected result, so a case whose operator
 * or attribute were ignored would fail.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "filter.h"
#include "tap.h"
#include "util.h"

#define NOW	1700000000	/* Tue, 14 Nov 2023 22:13:20 UTC */
#define DAY	86400

static const char *const tags[] = { "news", "tech", "cool stuff" };

static struct filter_item
fixture(void)
{
	struct filter_item it;

	memset(&it, 0, sizeof(it));
	it.title = "Linux 6.1 released";
	it.link = "https://example.com/a";
	it.author = "Ann Author";
	it.content = "<p>The kernel news of the week</p>";
	it.guid = "guid-1";
	it.flags = "ab";
	it.enclosure_url = "https://example.com/a.mp3";
	it.enclosure_type = "audio/mpeg";
	it.unread = 1;
	it.date = NOW - 3 * DAY - 100;
	it.now = NOW;
	it.article_index = 4;
	it.feed_title = "Example News";
	it.feed_description = "All the news";
	it.feed_link = "https://example.com/";
	it.feed_url = "https://example.com/feed.xml";
	it.feed_date = NOW - 10 * DAY;
	it.tags = tags;
	it.ntags = 3;
	it.unread_count = 5;
	it.total_count = 20;
	it.feed_index = 2;
	return it;
}

static const struct {
	const char *expr;
	int	 want;
} match_cases[] = {
	/* = and == : exact, case-sensitive strings */
	{ "title = \"Linux 6.1 released\"", 1 },
	{ "title == \"Linux 6.1 released\"", 1 },
	{ "title = \"linux 6.1 released\"", 0 },
	{ "title = \"Linux\"", 0 },
	{ "title=\"Linux 6.1 released\"", 1 },
	/* != */
	{ "title != \"Linux\"", 1 },
	{ "title != \"Linux 6.1 released\"", 0 },
	/* =~ : extended regex, ignoring case */
	{ "title =~ \"linux\"", 1 },
	{ "title =~ \"^LINUX [0-9]+\\.[0-9]\"", 1 },
	{ "title =~ \"^LINUX [0-9]+\\\\.[0-9]\"", 0 },
	{ "content =~ \"\\\\\"", 0 },
	{ "title =~ \"windows|bsd\"", 0 },
	{ "title =~ \"(released|out)$\"", 1 },
	/* !~ */
	{ "title !~ \"windows\"", 1 },
	{ "title !~ \"LINUX\"", 0 },
	/* < > <= >= on numbers */
	{ "unread_count < 6", 1 },
	{ "unread_count < 5", 0 },
	{ "unread_count > 4", 1 },
	{ "unread_count > 5", 0 },
	{ "unread_count <= 5", 1 },
	{ "unread_count <= 4", 0 },
	{ "unread_count >= 5", 1 },
	{ "unread_count >= 6", 0 },
	{ "unread_count < \"6\"", 1 },
	{ "total_count = 20", 1 },
	{ "total_count = 020", 1 },
	{ "total_count != 20", 0 },
	{ "total_count = \"20\"", 1 },
	{ "unread_count > -1", 1 },
	/* between, inclusive, either order */
	{ "age between 1:5", 1 },
	{ "age between 5:1", 1 },
	{ "age between 3:3", 1 },
	{ "age between 4:9", 0 },
	{ "age between 0:2", 0 },
	{ "age between \"1:5\"", 1 },
	{ "age between -5:-1", 0 },
	/* # and !# : whole words, whole tags, flag letters */
	{ "tags # \"news\"", 1 },
	{ "tags # \"cool stuff\"", 1 },
	{ "tags # \"cool\"", 0 },
	{ "tags # \"new\"", 0 },
	{ "tags !# \"sports\"", 1 },
	{ "tags !# \"tech\"", 0 },
	{ "flags # \"a\"", 1 },
	{ "flags # \"ba\"", 1 },
	{ "flags # \"c\"", 0 },
	{ "flags !# \"c\"", 1 },
	{ "author # \"Ann\"", 1 },
	{ "author # \"An\"", 0 },
	/* every attribute */
	{ "link = \"https://example.com/a\"", 1 },
	{ "author =~ \"^ann\"", 1 },
	{ "content =~ \"kernel\"", 1 },
	{ "guid = \"guid-1\"", 1 },
	{ "unread = \"yes\"", 1 },
	{ "unread = \"no\"", 0 },
	{ "enclosure_url =~ \"mp3$\"", 1 },
	{ "enclosure_type = \"audio/mpeg\"", 1 },
	{ "flags = \"ab\"", 1 },
	{ "age = 3", 1 },
	{ "age > 2 and age < 4", 1 },
	{ "articleindex = 4", 1 },
	{ "feedtitle = \"Example News\"", 1 },
	{ "feed = \"Example News\"", 1 },
	{ "description =~ \"all the\"", 1 },
	{ "feedlink = \"https://example.com/\"", 1 },
	{ "rssurl =~ \"feed\\.xml$\"", 1 },
	{ "feedurl = \"https://example.com/feed.xml\"", 1 },
	{ "unread_count = 5", 1 },
	{ "total_count > 19", 1 },
	{ "tags = \"news tech cool stuff\"", 1 },
	{ "tags =~ \"tech\"", 1 },
	{ "feedindex = 2", 1 },
	{ "date > 1699000000", 1 },
	{ "date < 1699000000", 0 },
	{ "date =~ \"^[A-Z][a-z][a-z], [0-9][0-9] Nov 2023\"", 1 },
	{ "feeddate < 1700000000", 1 },
	{ "feeddate =~ \"2023\"", 1 },
	/* strings read as numbers, as newsboat: leading digits or 0 */
	{ "title < 1", 1 },
	{ "guid > 0", 0 },
	/* a number literal against a string attribute is its text */
	{ "title = 6", 0 },
	/* and, or, precedence ("and" binds tighter) */
	{ "unread = \"yes\" and author = \"Ann Author\"", 1 },
	{ "unread = \"yes\" and author = \"nobody\"", 0 },
	{ "unread = \"no\" or author = \"Ann Author\"", 1 },
	{ "unread = \"no\" or author = \"nobody\"", 0 },
	{ "unread = \"yes\" or title = \"nope\" and author = \"nobody\"", 1 },
	{ "author = \"nobody\" and title = \"nope\" or unread = \"yes\"", 1 },
	{ "unread = \"no\" or unread = \"yes\" and age = 3", 1 },
	{ "unread = \"no\" or unread = \"yes\" and age = 4", 0 },
	/* parentheses regroup */
	{ "(unread = \"yes\" or title = \"nope\") and author = \"nobody\"", 0 },
	{ "author = \"nobody\" and (title = \"nope\" or unread = \"yes\")", 0 },
	{ "((unread = \"yes\"))", 1 },
	{ "( unread = \"yes\" )and(age = 3)", 1 },
	{ "(a.b = 1 or age = 3)", -1 },	/* unknown attribute: error */
	{ "unread = \"yes\" and (age = 9 or (feedindex = 2 and tags # "
	  "\"tech\"))", 1 },
	/* blanks */
	{ "   title =~ \"linux\"   ", 1 },
	{ "title\t=~\t\"linux\"", 1 },
	{ "age between 1:5and unread = \"yes\"", 1 },
	/* escapes in strings: \" and \\ */
	{ "title = \"say \\\"hi\\\"\"", 0 },
	{ "title !~ \"\\\"\"", 1 },
	/* an empty string */
	{ "enclosure_type != \"\"", 1 },
};

static const struct {
	const char *expr;
	const char *want;	/* the start of the error */
} error_cases[] = {
	{ "", "the expression is empty" },
	{ "   ", "the expression is empty" },
	{ "title", "column 6: expected an operator" },
	{ "title = ", "column 9: expected a value" },
	{ "title = Alpha", "column 9: expected a value" },
	{ "title ~ \"x\"", "column 7: expected an operator" },
	{ "bogus = \"x\"", "column 1: unknown attribute \"bogus\"" },
	{ "= \"x\"", "column 1: expected an attribute name" },
	{ "title = \"x", "column 9: the string has no closing double quote" },
	{ "title = \"x\" andd age = 1", "column 13: expected \"and\", \"or\" "
	  "or the end, found \"andd age = 1\"" },
	{ "title = \"x\" and", "column 16: expected an attribute name" },
	{ "title = \"x\" or or age = 1", "column 16: unknown attribute "
	  "\"or\"" },
	{ "(title = \"x\"", "column 1: this parenthesis is never closed" },
	{ "title = \"x\")", "column 12: this parenthesis closes nothing" },
	{ "()", "column 2: expected an attribute name" },
	{ "(title = \"x\" age = 1)", "column 14: expected \"and\", \"or\" "
	  "or \")\"" },
	{ "title =~ \"(\"", "column 10: bad regular expression: " },
	{ "title !~ \"[[\"", "column 10: bad regular expression: " },
	{ "title =~ \"a\" and author =~ \"*?(\"", "column 28: bad regular "
	  "expression" },
	{ "title =~ 1:5", "column 10: a range like 1:5 only goes with "
	  "between" },
	{ "title = 1:5", "column 9: a range like 1:5 only goes with between" },
	{ "age between 5", "column 13: between needs a range like 1:5" },
	{ "age between \"x\"", "column 13: between needs a range" },
	{ "age < \"x\"", "column 7: this comparison needs a number" },
	{ "age > 1:2", "column 7: this comparison needs a number" },
	{ "age = 99999999999999999999", "column 7: number too large" },
	{ "age = 5x", "column 8: a number cannot go on with 'x'" },
	{ "age = 1:", "column 9: expected the number that ends the range" },
	{ "title = \"\x01\"", "column 10: control character" },
	{ "tïtle = \"x\"", "column 1: unknown attribute \"tïtle\"" },
	{ "tags # \"a\" or ünread = 1", "column 15: unknown attribute "
	  "\"ünread\"" },
};

static void
test_matches(void)
{
	struct filter_item it = fixture();
	struct filter *f;
	char err[256];
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(match_cases); i++) {
		f = filter_parse(match_cases[i].expr, err, sizeof(err));
		if (match_cases[i].want < 0) {
			tap_ok(f == NULL, "refused: %s", match_cases[i].expr);
			filter_free(f);
			continue;
		}
		if (f == NULL) {
			tap_ok(0, "parses: %s (%s)", match_cases[i].expr, err);
			continue;
		}
		tap_ok(filter_match(f, &it) == match_cases[i].want,
		    "%s: %s", match_cases[i].want ? "matches" :
		    "does not match", match_cases[i].expr);
		tap_str(filter_text(f), match_cases[i].expr,
		    "filter_text gives the expression back");
		filter_free(f);
	}
}

static void
test_errors(void)
{
	struct filter *f;
	char err[256];
	size_t i, n;

	for (i = 0; i < UTIL_ARRAY_LEN(error_cases); i++) {
		err[0] = '\0';
		f = filter_parse(error_cases[i].expr, err, sizeof(err));
		n = strlen(error_cases[i].want);
		tap_ok(f == NULL && strncmp(err, error_cases[i].want, n) == 0,
		    "error for \"%s\": %s", error_cases[i].expr, err);
		filter_free(f);
	}
}

/*
 * The feed list's F: the same language over a feed's attributes, where
 * "title" and "link" are the feed's own and an article's attribute is
 * refused. The fixture's article title differs from its feed's, so a
 * case resolved to the wrong attribute fails.
 */
static void
test_feed_scope(void)
{
	static const struct {
		const char *expr;
		int	 want;
	} cases[] = {
		{ "title = \"Example News\"", 1 },
		{ "title =~ \"linux\"", 0 },
		{ "feedtitle =~ \"^example\"", 1 },
		{ "feed # \"News\"", 1 },
		{ "link = \"https://example.com/\"", 1 },
		{ "feedlink = \"https://example.com/a\"", 0 },
		{ "rssurl =~ \"feed\\.xml$\"", 1 },
		{ "feedurl != \"https://example.com/feed.xml\"", 0 },
		{ "description =~ \"all the\"", 1 },
		{ "tags # \"tech\" and tags !# \"sport\"", 1 },
		{ "tags # \"cool\"", 0 },
		{ "unread_count > 4 and unread_count < 6", 1 },
		{ "unread_count = 0", 0 },
		{ "total_count between 10:20", 1 },
		{ "feedindex = 2 or feedindex = 3", 1 },
		{ "(tags # \"none\" or title =~ \"news\") and "
		  "total_count >= 21", 0 },
	};
	static const char *const refused[] = { "author = \"Ann Author\"",
	    "unread = \"yes\"", "content =~ \"kernel\"", "age < 7",
	    "flags # \"a\"", "date > 0", "guid = \"guid-1\"" };
	struct filter_item it = fixture();
	struct filter *f;
	char err[256];
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(cases); i++) {
		f = filter_parse_feeds(cases[i].expr, err, sizeof(err));
		if (f == NULL) {
			tap_ok(0, "feed filter parses: %s (%s)", cases[i].expr,
			    err);
			continue;
		}
		tap_ok(filter_match(f, &it) == cases[i].want,
		    "feed filter %s: %s", cases[i].want ? "matches" :
		    "does not match", cases[i].expr);
		filter_free(f);
	}
	for (i = 0; i < UTIL_ARRAY_LEN(refused); i++) {
		err[0] = '\0';
		f = filter_parse_feeds(refused[i], err, sizeof(err));
		tap_ok(f == NULL && strstr(err,
		    "column 1: unknown attribute") != NULL &&
		    strstr(err, "a feed has") != NULL,
		    "an article's attribute is not a feed's: %s", err);
		filter_free(f);
	}
	/* And the article's filter still reads "title" as the article's. */
	f = filter_parse("title = \"Example News\"", err, sizeof(err));
	tap_ok(f != NULL && filter_match(f, &it) == 0,
	    "an article filter's title is the article's");
	filter_free(f);
	f = filter_parse_feeds("", err, sizeof(err));
	tap_ok(f == NULL && strstr(err, "empty") != NULL,
	    "an empty feed filter is refused: %s", err);
	f = filter_parse_feeds("(title = \"x\"", err, sizeof(err));
	tap_ok(f == NULL && strstr(err, "never closed") != NULL,
	    "the grammar's errors are the same: %s", err);
	f = filter_parse_feeds("=", err, sizeof(err));
	tap_ok(f == NULL && strstr(err, "rssurl") != NULL,
	    "a missing name lists a feed's attributes: %s", err);
}

/* The item's absent values count as empty, never as a crash. */
static void
test_empty_item(void)
{
	struct filter_item it;
	struct filter *f;
	char err[256];

	memset(&it, 0, sizeof(it));
	it.now = NOW;
	f = filter_parse("title = \"\" and author !~ \"x\" and tags !# \"a\" "
	    "and flags !# \"a\" and unread = \"no\"", err, sizeof(err));
	tap_ok(f != NULL && filter_match(f, &it) == 1,
	    "an item with nothing set matches emptiness");
	tap_ok(filter_match(f, NULL) == 0, "a NULL item matches nothing");
	filter_free(f);
	f = filter_parse("flags # \"\"", err, sizeof(err));
	it.flags = "a";
	tap_ok(f != NULL && filter_match(f, &it) == 0,
	    "flags # \"\" matches nothing");
	filter_free(f);
	f = filter_parse("age > 1000", err, sizeof(err));
	tap_ok(f != NULL && filter_match(f, &it) == 1,
	    "an article without a date is old (age from 1970)");
	filter_free(f);
	filter_free(NULL);
}

/* Nesting, length and regex-count limits refuse without crashing. */
static void
test_limits(void)
{
	struct filter_item it = fixture();
	struct filter *f;
	struct buf b;
	char err[256];
	int i;

	buf_init(&b, 0);
	for (i = 0; i < 10000; i++)
		buf_putc(&b, '(');
	buf_puts(&b, "age = 3");
	for (i = 0; i < 10000; i++)
		buf_putc(&b, ')');
	f = filter_parse(b.data, err, sizeof(err));
	tap_ok(f == NULL && strstr(err, "longer than 4096") != NULL,
	    "10,000 nested parentheses are refused: %s", err);
	buf_free(&b);

	buf_init(&b, 0);
	for (i = 0; i < 10000; i++)
		buf_putc(&b, '(');
	f = filter_parse(b.data, err, sizeof(err));
	tap_ok(f == NULL, "10,000 opening parentheses are refused: %s", err);
	buf_free(&b);

	for (i = 63; i <= 65; i++) {
		int j;

		buf_init(&b, 0);
		for (j = 0; j < i; j++)
			buf_putc(&b, '(');
		buf_puts(&b, "age = 3");
		for (j = 0; j < i; j++)
			buf_putc(&b, ')');
		f = filter_parse(b.data, err, sizeof(err));
		if (i <= FILTER_MAX_DEPTH)
			tap_ok(f != NULL && filter_match(f, &it),
			    "%d nested parentheses work", i);
		else
			tap_ok(f == NULL && strcmp(err, "column 65: "
			    "parentheses nested more than 64 deep") == 0,
			    "%d nested parentheses are refused: %s", i, err);
		filter_free(f);
		buf_free(&b);
	}

	/* A long flat chain evaluates without deep recursion. */
	buf_init(&b, 0);
	buf_puts(&b, "age = 3");
	for (i = 0; i < 400; i++)
		buf_puts(&b, " and age=3");
	f = filter_parse(b.data, err, sizeof(err));
	tap_ok(f != NULL && filter_match(f, &it) == 1,
	    "401 comparisons joined by and");
	filter_free(f);
	buf_free(&b);

	buf_init(&b, 0);
	buf_puts(&b, "title =~ \"zzz\"");
	for (i = 1; i < FILTER_MAX_REGEX; i++)
		buf_puts(&b, " or title =~ \"zzz\"");
	f = filter_parse(b.data, err, sizeof(err));
	tap_ok(f != NULL && filter_match(f, &it) == 0,
	    "%d regular expressions are allowed", FILTER_MAX_REGEX);
	filter_free(f);
	buf_puts(&b, " or title =~ \"linux\"");
	f = filter_parse(b.data, err, sizeof(err));
	tap_ok(f == NULL && strstr(err, "more than 32 regular") != NULL,
	    "the next one is refused: %s", err);
	buf_free(&b);

	buf_init(&b, 0);
	buf_puts(&b, "title = \"");
	for (i = 0; i < FILTER_MAX_LEN; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\"");
	f = filter_parse(b.data, err, sizeof(err));
	tap_ok(f == NULL && strcmp(err, "the expression is longer than "
	    "4096 bytes") == 0, "an over-long expression is refused");
	buf_free(&b);
}

static const struct {
	const char *rx;
	int	 ok;
} regex_cases[] = {
	{ "(a{255}){255}", 1 },
	{ "x{32767}", 1 },
	{ "a{1000}b{1000}", 1 },
	{ "((a{255}){255}){255}", 0 },
	{ "(((a{10}){10}){10}){10}{10}", 1 },
	{ "(((a{10}){10}){10}){10}{11}", 0 },
	{ "[{]{5}", 1 },
	{ "a{,5}", 1 },
	{ "(", 0 },
	{ "a{2,1}", 0 },
};

static void
test_regcomp(void)
{
	char err[256], big[FILTER_MAX_RX_LEN + 2];
	regex_t re;
	size_t i;
	int r;

	for (i = 0; i < UTIL_ARRAY_LEN(regex_cases); i++) {
		err[0] = '\0';
		r = filter_regcomp(&re, regex_cases[i].rx, REG_NOSUB, err,
		    sizeof(err));
		tap_ok((r == 0) == regex_cases[i].ok,
		    "filter_regcomp %s %s%s%s", regex_cases[i].rx,
		    regex_cases[i].ok ? "compiles" : "is refused",
		    err[0] ? ": " : "", err);
		if (r == 0)
			regfree(&re);
	}
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	r = filter_regcomp(&re, big, 0, err, sizeof(err));
	tap_ok(r != 0 && strstr(err, "longer than 1024") != NULL,
	    "a regular expression over 1024 bytes is refused");
	r = filter_regcomp(&re, "^ab+c$", REG_ICASE | REG_NOSUB, err,
	    sizeof(err));
	tap_ok(r == 0 && regexec(&re, "ABBC", 0, NULL, 0) == 0,
	    "REG_EXTENDED is always on");
	if (r == 0)
		regfree(&re);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	test_matches();
	test_errors();
	test_feed_scope();
	test_empty_item();
	test_limits();
	test_regcomp();
	return tap_done();
}
