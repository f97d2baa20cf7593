/*
 * test_discover.c: finding the feeds a page advertises, without the
 * network: which <link> elements count, how their URLs resolve (against
 * the page and its <base href>), what is left out, and the common paths
 * of a site. The fetching half runs against a local server in
 * tests/discover.sh.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "buf.h"
#include "discover.h"
#include "tap.h"
#include "util.h"

static const struct links_case {
	const char *name;
	const char *page;	/* page URL */
	const char *html;
	const char *want;	/* "url|title|format\n" per feed */
} links_cases[] = {
	{ "one RSS link, relative", "https://ex.com/blog/post.html",
	  "<html><head><link rel=alternate type=application/rss+xml "
	  "title=\"Posts\" href=\"feed.xml\"></head></html>",
	  "https://ex.com/blog/feed.xml|Posts|RSS\n" },
	{ "the three kinds, in the page's order", "https://ex.com/",
	  "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/a\">"
	  "<link rel=\"alternate\" type=\"application/feed+json\" "
	  "href=\"/j\" title=\"JSON\">"
	  "<link rel=\"alternate\" type=\"application/rss+xml\" "
	  "href=\"https://other.example/r\" title=\"Elsewhere\">",
	  "https://ex.com/a||Atom\nhttps://ex.com/j|JSON|JSON Feed\n"
	  "https://other.example/r|Elsewhere|RSS\n" },
	{ "base href is the base", "https://ex.com/x/y.html",
	  "<head><base href=\"https://cdn.ex.com/site/\">"
	  "<link rel=alternate type=application/rss+xml href=rss></head>",
	  "https://cdn.ex.com/site/rss||RSS\n" },
	{ "a relative base resolves against the page",
	  "https://ex.com/x/y.html",
	  "<base href=\"/z/\"><link rel=alternate "
	  "type=application/atom+xml href=f.atom>",
	  "https://ex.com/z/f.atom||Atom\n" },
	{ "rel lists, case and type parameters",
	  "http://ex.com/",
	  "<LINK REL=\"feed Alternate\" TYPE=\"Application/RSS+XML; "
	  "charset=utf-8\" HREF=\"/f\">",
	  "http://ex.com/f||RSS\n" },
	{ "other rels and types are not feeds", "https://ex.com/",
	  "<link rel=stylesheet type=application/rss+xml href=/s>"
	  "<link rel=alternate type=text/html hreflang=fr href=/fr>"
	  "<link rel=alternate href=/notype>"
	  "<link rel=\"alternate\" type=\"application/rss+xml\">"
	  "<a rel=alternate type=application/rss+xml href=/anchor>x</a>",
	  "" },
	{ "duplicates and non-http links are left out", "https://ex.com/",
	  "<link rel=alternate type=application/rss+xml href=/f title=A>"
	  "<link rel=alternate type=application/atom+xml href=/f title=B>"
	  "<link rel=alternate type=application/rss+xml "
	  "href=\"javascript:alert(1)\">"
	  "<link rel=alternate type=application/rss+xml "
	  "href=\"file:///etc/passwd\">",
	  "https://ex.com/f|A|RSS\n" },
	{ "titles are cleaned", "https://ex.com/",
	  "<link rel=alternate type=application/rss+xml href=/f "
	  "title=\"A\x1b[31m  red&#10;title\">",
	  "https://ex.com/f|A[31m red title|RSS\n" },
	{ "links in the body count too", "https://ex.com/",
	  "<body><p>x</p><link rel=alternate type=application/rss+xml "
	  "href=/late></body>",
	  "https://ex.com/late||RSS\n" },
	{ "not HTML at all", "https://ex.com/", "just text", "" },
};

static char *
render(const struct discover_result *r)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_puts(&b, "");
	for (i = 0; i < r->n; i++)
		buf_printf(&b, "%s|%s|%s\n", r->feeds[i].url,
		    r->feeds[i].title, r->feeds[i].format);
	return buf_detach(&b);
}

static void
test_links(void)
{
	struct discover_result r;
	size_t i, n;
	char *got;

	for (i = 0; i < UTIL_ARRAY_LEN(links_cases); i++) {
		const struct links_case *c = &links_cases[i];

		memset(&r, 0, sizeof r);
		n = discover_page_links(c->html, strlen(c->html), c->page,
		    &r);
		got = render(&r);
		tap_ok(n == r.n, "links: %s: count %zu", c->name, n);
		tap_str(got, c->want, "links: %s", c->name);
		free(got);
		discover_result_free(&r);
	}
}

static void
test_many_links(void)
{
	struct discover_result r;
	struct buf b;
	int i;

	buf_init(&b, 0);
	for (i = 0; i < 100; i++)
		buf_printf(&b, "<link rel=alternate "
		    "type=application/rss+xml href=/f%d>", i);
	memset(&r, 0, sizeof r);
	tap_ok(discover_page_links(b.data, b.len, "https://ex.com/", &r) ==
	    DISCOVER_MAX_LINKS, "links: at most %d from one page",
	    DISCOVER_MAX_LINKS);
	discover_result_free(&r);
	buf_free(&b);
}

static void
test_common(void)
{
	char **v = discover_common_urls("https://ex.com:8080/a/b.html?q#f");
	static const char *const want[] = {
		"https://ex.com:8080/feed", "https://ex.com:8080/rss.xml",
		"https://ex.com:8080/atom.xml", "https://ex.com:8080/index.xml",
		"https://ex.com:8080/feed.json",
	};
	size_t i;

	tap_ok(v != NULL, "common: paths of an https page");
	for (i = 0; v != NULL && i < UTIL_ARRAY_LEN(want); i++)
		tap_str(v[i], want[i], "common: path %zu", i + 1);
	tap_ok(v != NULL && v[UTIL_ARRAY_LEN(want)] == NULL,
	    "common: five of them");
	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
	v = discover_common_urls("http://ex.com");
	tap_str(v != NULL ? v[0] : NULL, "http://ex.com/feed",
	    "common: a bare host");
	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
	tap_ok(discover_common_urls("file:///tmp/x") == NULL &&
	    discover_common_urls("ftp://ex.com/") == NULL,
	    "common: none for other schemes");
}

static const char *bad_error;

static void
bad_cb(void *arg, const struct discover_result *r)
{
	(*(int *)arg)++;
	bad_error = r->error != NULL ? strdup(r->error) : NULL;
}

static void
test_bad_address(void)
{
	int calls = 0;

	tap_ok(discover_start(NULL, "exec:rm -rf /", bad_cb, &calls) ==
	    NULL && calls == 1 && bad_error != NULL &&
	    strstr(bad_error, "not an http or https address") != NULL,
	    "start: a non-http address is refused at once (%s)",
	    bad_error != NULL ? bad_error : "no error");
	free((char *)bad_error);
}

int
main(void)
{
	xmlInitParser();
	test_links();
	test_many_links();
	test_common();
	test_bad_address();
	xmlCleanupParser();
	return tap_done();
}
