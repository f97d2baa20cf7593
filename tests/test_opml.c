/*
 * test_opml.c: OPML import (including hostile files), export, the round
 * trip between them, and the merge into an existing urls list.
 *
 * Import is table-driven: each case is an OPML text and the feeds and
 * warnings it must give, rendered as strings. The newsboat OPML files of
 * the corpus ($TIDINGS_CORPUS) are read when present and skipped visibly
 * when not. Must never write outside its own temporary directory.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "buf.h"
#include "opml.h"
#include "tap.h"
#include "urls.h"
#include "util.h"

/* "url [tag,tag] ~title !" for each feed, joined by " | ". */
static char *
render_entries(const struct urls *u)
{
	struct buf b;
	size_t i, j;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (i = 0; u != NULL && i < u->n_entries; i++) {
		const struct urls_entry *e = &u->entries[i];

		if (i > 0)
			buf_puts(&b, " | ");
		buf_puts(&b, e->url);
		buf_puts(&b, " [");
		for (j = 0; j < e->n_tags; j++)
			buf_printf(&b, "%s%s", j ? "," : "", e->tags[j]);
		buf_putc(&b, ']');
		if (e->title != NULL)
			buf_printf(&b, " ~%s", e->title);
		if (e->hidden)
			buf_puts(&b, " !");
	}
	return buf_detach(&b);
}

static const char *const kind_names[] = {
	"query", "exec", "filter", "scheme", "bad", "dup", "long", "limit",
	"notfeed"
};

/* "line:kind" for each warning, joined by spaces. */
static char *
render_warnings(const struct urls *u)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (i = 0; u != NULL && i < u->n_warnings; i++)
		buf_printf(&b, "%s%d:%s", i ? " " : "", u->warnings[i].line,
		    kind_names[u->warnings[i].kind]);
	return buf_detach(&b);
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static const struct import_case {
	const char *name;
	const char *xml;
	const char *entries;
	const char *warnings;
	size_t	 dups, ignored;
} import_cases[] = {
	{ "OPML 1.0 flat list",
	  HEAD "<opml version=\"1.0\"><head><title>Mine</title></head>\n"
	  "<body>\n"
	  "<outline type=\"rss\" title=\"A\" xmlUrl=\"http://a.example/\"/>\n"
	  "<outline type=\"rss\" xmlUrl=\"https://b.example/f\"/>\n"
	  "</body></opml>\n",
	  "http://a.example/ [] ~A | https://b.example/f []", "", 0, 0 },
	{ "OPML 2.0 category gives tags",
	  HEAD "<opml version=\"2.0\"><head/><body>\n"
	  "<outline type=\"rss\" text=\"A\" xmlUrl=\"http://a.example/\" "
	  "category=\"news, /tech ,a/b,,tech\"/>\n"
	  "</body></opml>\n",
	  "http://a.example/ [news,tech,a/b] ~A", "", 0, 0 },
	{ "category ! hides and ~ titles, as newsboat writes them",
	  HEAD "<opml version=\"2.0\"><body>\n"
	  "<outline xmlUrl=\"http://a.example/\" category=\"x,!,~T\"/>\n"
	  "<outline text=\"Mine\" xmlUrl=\"http://b.example/\" "
	  "category=\"~T\"/>\n"
	  "</body></opml>\n",
	  "http://a.example/ [x] ~T ! | http://b.example/ [] ~Mine", "",
	  0, 0 },
	{ "a text that is only the URL (our export's) is no title",
	  HEAD "<opml version=\"2.0\"><body>\n"
	  "<outline text=\"http://a.example/\" xmlUrl=\"http://a.example/\"/>\n"
	  "<outline text=\"http://b.example/\" title=\"http://b.example/\" "
	  "xmlUrl=\"http://b.example/\"/>\n"
	  "</body></opml>\n",
	  "http://a.example/ [] | http://b.example/ [] ~http://b.example/",
	  "", 0, 0 },
	{ "after a leading '/', '/' belongs to the tag; '!' and '~' do not "
	  "hide or title (a tag never starts with them)",
	  HEAD "<opml version=\"2.0\"><body>\n"
	  "<outline xmlUrl=\"http://a.example/\" "
	  "category=\"//x,/!y,/~z\"/>\n"
	  "</body></opml>\n",
	  "http://a.example/ [/x,y,z]", "", 0, 0 },
	{ "nested folders: each level is a tag",
	  HEAD "<opml version=\"1.0\"><body>\n"
	  "<outline text=\"Blogs\" title=\"not this\">\n"
	  " <outline title=\"friends\">\n"
	  "  <outline text=\"Mike\" xmlUrl=\"http://m.example/\"/>\n"
	  " </outline>\n"
	  " <outline text=\"John\" xmlUrl=\"http://j.example/\"/>\n"
	  "</outline>\n"
	  "<outline text=\"Top\" xmlUrl=\"http://t.example/\"/>\n"
	  "</body></opml>\n",
	  "http://m.example/ [Blogs,friends] ~Mike | "
	  "http://j.example/ [Blogs] ~John | http://t.example/ [] ~Top",
	  "", 0, 0 },
	{ "a folder without a name gives no tag",
	  HEAD "<opml><body><outline><outline text=\"~!\">"
	  "<outline xmlUrl=\"http://a.example/\"/></outline></outline>"
	  "<outline text=\"!Sec\"><outline xmlUrl=\"http://b.example/\"/>"
	  "</outline></body></opml>",
	  "http://a.example/ [] | http://b.example/ [Sec]", "", 0, 0 },
	{ "text wins over title; blank text falls back to title",
	  HEAD "<opml><body>\n"
	  "<outline text=\"T1\" title=\"T2\" xmlUrl=\"http://a.example/\"/>\n"
	  "<outline text=\"  \" title=\"T3\" xmlUrl=\"http://b.example/\"/>\n"
	  "</body></opml>",
	  "http://a.example/ [] ~T1 | http://b.example/ [] ~T3", "", 0, 0 },
	{ "the first of two equal URLs wins",
	  HEAD "<opml><body>\n"
	  "<outline text=\"one\" xmlUrl=\"http://a.example/\"/>\n"
	  "<outline text=\"F\"><outline text=\"two\" "
	  "xmlUrl=\"http://a.example/\"/></outline>\n"
	  "</body></opml>",
	  "http://a.example/ [] ~one", "4:dup", 1, 0 },
	{ "commands and other schemes are refused",
	  HEAD "<opml><body>\n"
	  "<outline xmlUrl=\"exec:touch /tmp/pwned\"/>\n"
	  "<outline xmlUrl=\"filter:rm -rf ~:http://a.example/\"/>\n"
	  "<outline xmlUrl=\"query:x:unread = &quot;yes&quot;\"/>\n"
	  "<outline xmlUrl=\"|~/fetch.py\"/>\n"
	  "<outline xmlUrl=\"http://f.example/\" filtercmd=\"~/bin/x\"/>\n"
	  "<outline xmlUrl=\"javascript:alert(1)\"/>\n"
	  "<outline xmlUrl=\"file:///etc/passwd\"/>\n"
	  "<outline xmlUrl=\"data:text/xml,&lt;rss/&gt;\"/>\n"
	  "<outline xmlUrl=\"feed://a.example/\"/>\n"
	  "<outline xmlUrl=\"http://a b.example/\"/>\n"
	  "<outline xmlUrl=\"http://ok.example/\"/>\n"
	  "</body></opml>",
	  "http://ok.example/ []",
	  "3:exec 4:filter 5:query 6:exec 7:filter 8:scheme 9:scheme "
	  "10:scheme 11:scheme 12:bad", 0, 10 },
	{ "url is a feed only on rss and atom outlines",
	  HEAD "<opml><body>\n"
	  "<outline type=\"rss\" url=\"http://a.example/\"/>\n"
	  "<outline type=\"Atom\" url=\"http://b.example/\"/>\n"
	  "<outline type=\"link\" url=\"http://page.example/\"/>\n"
	  "<outline type=\"include\" url=\"http://x.example/l.opml\"/>\n"
	  "</body></opml>",
	  "http://a.example/ [] | http://b.example/ []",
	  "5:notfeed 6:notfeed", 0, 2 },
	{ "a blank xmlUrl makes a folder",
	  HEAD "<opml><body><outline text=\"F\" xmlUrl=\"  \">"
	  "<outline xmlUrl=\"http://a.example/\"/></outline></body></opml>",
	  "http://a.example/ [F]", "", 0, 0 },
	{ "URLs are trimmed and attribute names matched in any case",
	  HEAD "<opml><body><outline XMLURL=\"  http://a.example/ \" "
	  "TEXT=\"A\"/></body></opml>",
	  "http://a.example/ [] ~A", "", 0, 0 },
	{ "escaped and bare ampersands in URLs",
	  HEAD "<opml><body>\n"
	  "<outline xmlUrl=\"http://a.example/?a=1&amp;b=2\"/>\n"
	  "<outline xmlUrl=\"http://b.example/?a=1&b=2&c\" text=\"x&y\"/>\n"
	  "<outline xmlUrl=\"http://c.example/?q=&#38;&#x26;\"/>\n"
	  "</body></opml>",
	  "http://a.example/?a=1&b=2 [] | "
	  "http://b.example/?a=1&b=2&c [] ~x&y | "
	  "http://c.example/?q=&& []", "", 0, 0 },
	{ "control and bidi characters are scrubbed from titles and tags",
	  HEAD "<opml><body><outline text=\"F&#x202E;G\">"
	  "<outline text=\"a&#9;b&#10;c&#x200B;d\" "
	  "xmlUrl=\"http://a.example/\"/></outline></body></opml>",
	  "http://a.example/ [FG] ~a b cd", "", 0, 0 },
	{ "a declared encoding is honoured",
	  "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
	  "<opml><body><outline text=\"caf\xe9\" "
	  "xmlUrl=\"http://a.example/\"/></body></opml>",
	  "http://a.example/ [] ~caf\xc3\xa9", "", 0, 0 },
	{ "a truncated file keeps what came before the break",
	  HEAD "<opml><body>\n<outline text=\"F\">\n"
	  "<outline xmlUrl=\"http://a.example/\"/>\n"
	  "<outline xmlUrl=\"http://b.example/\" text=\"unter",
	  "http://a.example/ [F] | http://b.example/ [F] ~unter", "", 0, 0 },
	{ "outlines outside <body> are not feeds",
	  HEAD "<opml><head><outline xmlUrl=\"http://h.example/\"/></head>"
	  "<body><outline xmlUrl=\"http://a.example/\"/></body>"
	  "<outline xmlUrl=\"http://t.example/\"/></opml>",
	  "http://a.example/ []", "", 0, 0 },
	{ "an empty body is an empty list",
	  HEAD "<opml version=\"2.0\"><head/><body/></opml>", "", "", 0, 0 },
};

static void
test_import_table(void)
{
	struct opml *o;
	size_t i;
	char err[256];
	char *got;
	int rc;

	for (i = 0; i < UTIL_ARRAY_LEN(import_cases); i++) {
		const struct import_case *c = &import_cases[i];

		err[0] = '\0';
		rc = opml_parse(c->xml, strlen(c->xml), &o, err, sizeof err);
		tap_ok(rc == 0 && o != NULL, "import: %s: parses (%s)",
		    c->name, err);
		if (rc != 0)
			continue;
		got = render_entries(o->feeds);
		tap_str(got, c->entries, "import: %s: feeds", c->name);
		free(got);
		got = render_warnings(o->feeds);
		tap_str(got, c->warnings, "import: %s: warnings", c->name);
		free(got);
		tap_ok(o->n_duplicates == c->dups && o->n_ignored == c->ignored,
		    "import: %s: %zu duplicates, %zu ignored (got %zu, %zu)",
		    c->name, c->dups, c->ignored, o->n_duplicates,
		    o->n_ignored);
		opml_free(o);
	}
}

static const struct error_case {
	const char *name;
	const char *xml;
	const char *err;	/* a part of the message */
} error_cases[] = {
	{ "an empty file", "", "empty" },
	{ "not XML", "just some text\n", "not an XML file" },
	{ "an RSS feed, not OPML", HEAD "<rss version=\"2.0\"><channel/></rss>",
	  "<rss>, not <opml>" },
	{ "no body", HEAD "<opml><head><title>x</title></head></opml>",
	  "no <body>" },
};

static void
test_errors(void)
{
	struct opml *o;
	size_t i;
	char err[256];
	char *big;

	for (i = 0; i < UTIL_ARRAY_LEN(error_cases); i++) {
		const struct error_case *c = &error_cases[i];

		err[0] = '\0';
		tap_ok(opml_parse(c->xml, strlen(c->xml), &o, err,
		    sizeof err) == -1 && o == NULL, "error: %s is refused",
		    c->name);
		tap_ok(strstr(err, c->err) != NULL, "error: %s: says \"%s\" "
		    "(%s)", c->name, c->err, err);
	}
	big = xmalloc((size_t)OPML_MAX_SIZE + 1);
	memset(big, ' ', (size_t)OPML_MAX_SIZE + 1);
	tap_ok(opml_parse(big, (size_t)OPML_MAX_SIZE + 1, &o, err,
	    sizeof err) == -1 && strstr(err, "larger") != NULL,
	    "error: more than %d bytes is refused unread", OPML_MAX_SIZE);
	free(big);
	tap_ok(opml_import_file("/nonexistent/x.opml", &o, err,
	    sizeof err) == -1 && o == NULL, "error: a missing file");
}

static char tmpdir[256];
static int loader_calls;

static xmlParserInputPtr
counting_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	loader_calls++;
	return NULL;
}

/* True if needle is in any string the import produced. */
static int
opml_mentions(const struct opml *o, const char *needle)
{
	size_t i, j;

	if (o->title != NULL && strstr(o->title, needle) != NULL)
		return 1;
	for (i = 0; i < o->feeds->n_entries; i++) {
		const struct urls_entry *e = &o->feeds->entries[i];

		if (strstr(e->url, needle) != NULL || (e->title != NULL &&
		    strstr(e->title, needle) != NULL))
			return 1;
		for (j = 0; j < e->n_tags; j++)
			if (strstr(e->tags[j], needle) != NULL)
				return 1;
	}
	for (i = 0; i < o->feeds->n_warnings; i++)
		if (strstr(o->feeds->warnings[i].msg, needle) != NULL)
			return 1;
	return 0;
}

static void
test_external_entities(void)
{
	xmlExternalEntityLoader old;
	struct opml *o;
	char secret[512], err[256];
	char *xml, *got;
	FILE *f;
	int rc;

	snprintf(secret, sizeof secret, "%s/secret.txt", tmpdir);
	if ((f = fopen(secret, "w")) == NULL) {
		tap_ok(0, "xxe: write %s", secret);
		return;
	}
	fputs("SECRET-MARKER-4711\n", f);
	fclose(f);
	xml = xasprintf(HEAD
	    "<!DOCTYPE opml SYSTEM \"file://%s\" [\n"
	    "<!ENTITY x SYSTEM \"file://%s\">\n"
	    "<!ENTITY %% p SYSTEM \"file://%s\">\n"
	    "<!ENTITY net SYSTEM \"http://127.0.0.1:9/x\">\n"
	    "%%p;\n"
	    "]>\n"
	    "<opml version=\"2.0\"><head><title>T&x;</title></head><body>\n"
	    "<outline text=\"A&x;\" xmlUrl=\"http://a.example/&x;\" "
	    "category=\"&x;\"/>\n"
	    "<outline text=\"B\" xmlUrl=\"http://b.example/&net;\"/>\n"
	    "&x;\n"
	    "</body></opml>\n", secret, secret, secret);
	loader_calls = 0;
	old = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(counting_loader);
	rc = opml_parse(xml, strlen(xml), &o, err, sizeof err);
	xmlSetExternalEntityLoader(old);
	tap_ok(rc == 0, "xxe: the file still parses (%s)",
	    rc == 0 ? "ok" : err);
	tap_ok(loader_calls == 0, "xxe: no external entity or DTD is "
	    "loaded (%d loads)", loader_calls);
	if (rc == 0) {
		tap_ok(!opml_mentions(o, "SECRET-MARKER"),
		    "xxe: the file's content appears nowhere");
		got = render_entries(o->feeds);
		tap_str(got, "http://a.example/ [] ~A | "
		    "http://b.example/ [] ~B", "xxe: the feeds, entities "
		    "left out");
		free(got);
		opml_free(o);
	}
	free(xml);
}

static void
test_entity_bombs(void)
{
	struct buf b;
	struct opml *o;
	clock_t t0;
	double secs;
	size_t i, j, longest = 0;
	char err[256];
	int rc;

	/* Billion laughs: 10^9 "lol"s if anything expanded them. */
	buf_init(&b, 0);
	buf_puts(&b, HEAD "<!DOCTYPE opml [\n<!ENTITY lol0 \"lol\">\n");
	for (i = 1; i <= 9; i++) {
		buf_printf(&b, "<!ENTITY lol%zu \"", i);
		for (j = 0; j < 10; j++)
			buf_printf(&b, "&lol%zu;", i - 1);
		buf_puts(&b, "\">\n");
	}
	buf_puts(&b, "]>\n<opml><head><title>&lol9;</title></head><body>\n"
	    "<outline text=\"&lol9;\" xmlUrl=\"http://a.example/&lol9;\" "
	    "category=\"&lol9;\"/>\n"
	    "<outline text=\"ok\" xmlUrl=\"http://b.example/\"/>\n"
	    "<outline text=\"&lol9;\">&lol9;<outline "
	    "xmlUrl=\"http://c.example/\"/></outline>\n</body></opml>\n");
	t0 = clock();
	rc = opml_parse(b.data, b.len, &o, err, sizeof err);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	tap_time(secs < 2.0, "billion laughs: bounded time (%.3f s)", secs);
	if (rc == 0) {
		for (i = 0; i < o->feeds->n_entries; i++) {
			const struct urls_entry *e = &o->feeds->entries[i];

			if (strlen(e->url) > longest)
				longest = strlen(e->url);
			if (e->title != NULL && strlen(e->title) > longest)
				longest = strlen(e->title);
			for (j = 0; j < e->n_tags; j++)
				if (strlen(e->tags[j]) > longest)
					longest = strlen(e->tags[j]);
		}
		tap_ok(longest < 100 && (o->title == NULL ||
		    strlen(o->title) < 100), "billion laughs: nothing "
		    "expanded (longest string %zu bytes)", longest);
		tap_ok(o->feeds->n_entries == 3, "billion laughs: the feeds "
		    "around it are read (%zu)", o->feeds->n_entries);
		opml_free(o);
	} else {
		tap_ok(1, "billion laughs: refused (%s)", err);
		tap_skip("billion laughs: no feeds to check");
	}
	buf_free(&b);

	/* Quadratic blowup: one big entity used many times. */
	buf_init(&b, 0);
	buf_puts(&b, HEAD "<!DOCTYPE opml [<!ENTITY a \"");
	for (i = 0; i < 50000; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, "\">]>\n<opml><body><outline xmlUrl=\"http://a.example/"
	    "\" text=\"");
	for (i = 0; i < 20000; i++)
		buf_puts(&b, "&a;");
	buf_puts(&b, "\"/></body></opml>\n");
	t0 = clock();
	rc = opml_parse(b.data, b.len, &o, err, sizeof err);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	tap_time(secs < 2.0, "quadratic blowup: bounded time (%.3f s)", secs);
	tap_ok(rc == -1 || o->feeds->n_entries == 0 ||
	    o->feeds->entries[0].title == NULL ||
	    strlen(o->feeds->entries[0].title) < 1000,
	    "quadratic blowup: nothing expanded");
	if (rc == 0)
		opml_free(o);
	buf_free(&b);
}

static void
test_deep_nesting(void)
{
	struct buf b;
	struct opml *o;
	size_t i;
	char err[256];
	char *got;
	int rc;

	buf_init(&b, 0);
	buf_puts(&b, HEAD "<opml><body>");
	for (i = 0; i < OPML_MAX_DEPTH + 5; i++) {
		buf_printf(&b, "<outline text=\"f%zu\">", i);
		if (i == 2)
			buf_puts(&b, "<outline xmlUrl=\"http://a.example/\"/>");
	}
	buf_puts(&b, "<outline xmlUrl=\"http://deep.example/\"/>");
	for (i = 0; i < OPML_MAX_DEPTH + 5; i++)
		buf_puts(&b, "</outline>");
	buf_puts(&b, "</body></opml>");
	rc = opml_parse(b.data, b.len, &o, err, sizeof err);
	tap_ok(rc == 0, "nesting: parses (%s)", rc == 0 ? "ok" : err);
	if (rc == 0) {
		got = render_entries(o->feeds);
		tap_str(got, "http://a.example/ [f0,f1,f2]",
		    "nesting: feeds past %d levels are left out",
		    OPML_MAX_DEPTH);
		free(got);
		got = render_warnings(o->feeds);
		tap_str(got, "2:limit", "nesting: reported once");
		free(got);
		opml_free(o);
	}
	buf_free(&b);
}

/* Writes u through opml_export into a string. */
static char *
export_string(const struct urls *u,
    const char *(*title_of)(void *, const struct urls_entry *), void *arg,
    int *count)
{
	struct buf b;
	FILE *f = tmpfile();
	char chunk[4096], err[256];
	size_t n;

	if (f == NULL)
		return NULL;
	*count = opml_export(f, u, title_of, arg, 1700000000, err,
	    sizeof err);
	rewind(f);
	buf_init(&b, 0);
	buf_append(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

static const char *
fetched_title(void *arg, const struct urls_entry *e)
{
	(*(int *)arg)++;
	return strcmp(e->url, "https://b.example/") == 0 ?
	    "Fetched \x1b[1mB" : NULL;
}

static void
test_export(void)
{
	const char *text =
	    "http://a.example/?x=1&y=2 news \"cool stuff\" "
	    "\"~A & B <\\\"C\\\">\"\n"
	    "https://b.example/ \"tag,with,commas\" \"!\"\n"
	    "file:///tmp/welcome.xml welcome\n"
	    "https://c.example/ \"caf\xc3\xa9\" /slash \"~\xe2\x9c\x93 done\"\n";
	struct urls *u = urls_parse(text, strlen(text));
	struct opml *o;
	char err[256];
	char *out, *got;
	int count, calls = 0;

	out = export_string(u, fetched_title, &calls, &count);
	tap_ok(count == 3, "export: three feeds, file: left out (%d)",
	    count);
	tap_ok(calls == 1, "export: the callback is asked only for feeds "
	    "without a custom title (%d)", calls);
	tap_ok(out != NULL && strstr(out, "<opml version=\"2.0\">") != NULL,
	    "export: OPML 2.0");
	tap_ok(out != NULL && strstr(out, "<dateCreated>Tue, 14 Nov 2023 "
	    "22:13:20 GMT</dateCreated>") != NULL,
	    "export: dateCreated in RFC 822");
	tap_ok(out != NULL && strstr(out, "<outline type=\"rss\" "
	    "text=\"A &amp; B &lt;&quot;C&quot;&gt;\" "
	    "title=\"A &amp; B &lt;&quot;C&quot;&gt;\" "
	    "xmlUrl=\"http://a.example/?x=1&amp;y=2\" "
	    "category=\"news,cool stuff\"/>") != NULL,
	    "export: attributes escaped");
	tap_ok(out != NULL && strstr(out, "category=\"tag_with_commas,!\"")
	    != NULL, "export: commas in a tag become '_', hidden is \"!\"");
	tap_ok(out != NULL && strstr(out, "category=\"caf\xc3\xa9,//slash\"")
	    != NULL, "export: a tag that starts with '/' is written \"//\"");
	tap_ok(out != NULL && strstr(out, "text=\"Fetched [1mB\"") != NULL,
	    "export: the callback's title, scrubbed");
	tap_ok(out != NULL && strstr(out, "welcome") == NULL,
	    "export: no file: feed");
	tap_ok(out != NULL && strchr(out, '\x1b') == NULL,
	    "export: no control characters");

	/* Import what was exported: the same feeds come back. */
	o = NULL;
	tap_ok(out != NULL && opml_parse(out, strlen(out), &o, err,
	    sizeof err) == 0, "round trip: the export parses");
	if (o != NULL) {
		got = render_entries(o->feeds);
		tap_str(got, "http://a.example/?x=1&y=2 [news,cool stuff] "
		    "~A & B <\"C\"> | "
		    "https://b.example/ [tag_with_commas] ~Fetched [1mB ! | "
		    "https://c.example/ [caf\xc3\xa9,/slash] ~\xe2\x9c\x93 done",
		    "round trip: same URLs, titles, tags and hidden");
		free(got);
		tap_ok(o->feeds->n_warnings == 0, "round trip: no warnings");
		opml_free(o);
	}
	free(out);
	urls_free(u);

	/* Without a callback or titles: empty text, no title attribute. */
	text = "https://d.example/ x\n";
	u = urls_parse(text, strlen(text));
	out = export_string(u, NULL, NULL, &count);
	tap_ok(out != NULL && strstr(out, "<outline type=\"rss\" "
	    "text=\"https://d.example/\" xmlUrl=\"https://d.example/\" "
	    "category=\"x\"/>") != NULL,
	    "export: a feed with no title is named by its URL in text");
	o = NULL;
	if (out != NULL && opml_parse(out, strlen(out), &o, err,
	    sizeof err) == 0) {
		got = render_entries(o->feeds);
		tap_str(got, "https://d.example/ [x]",
		    "round trip: no title stays no title");
		free(got);
		opml_free(o);
	} else {
		tap_ok(0, "round trip: no title stays no title");
	}
	free(out);
	urls_free(u);

	/* An empty list is still a valid OPML. */
	u = urls_new();
	out = export_string(u, NULL, NULL, &count);
	o = NULL;
	tap_ok(count == 0 && out != NULL && opml_parse(out, strlen(out), &o,
	    err, sizeof err) == 0 && o->feeds->n_entries == 0,
	    "export: an empty list round-trips");
	opml_free(o);
	free(out);
	urls_free(u);
}

static void
test_merge(void)
{
	const char *have = "http://a.example/\nhttp://b.example/ x\n";
	const char *xml = HEAD "<opml><body>\n"
	    "<outline text=\"A\" xmlUrl=\"http://a.example/\"/>\n"
	    "<outline text=\"News\">\n"
	    " <outline text=\"C\" xmlUrl=\"http://c.example/\"/>\n"
	    " <outline text=\"D\" xmlUrl=\"http://d.example/\"/>\n"
	    "</outline>\n"
	    "<outline text=\"C again\" xmlUrl=\"http://c.example/\"/>\n"
	    "<outline xmlUrl=\"exec:rm -rf ~\"/>\n"
	    "</body></opml>\n";
	struct urls *u = urls_parse(have, strlen(have));
	struct opml *o;
	struct opml_merge m;
	char path[512], err[256];
	char *got;
	size_t added = 0, dups = 0;	/* read as printf arguments too */
	FILE *f;

	if (opml_parse(xml, strlen(xml), &o, err, sizeof err) != 0) {
		tap_ok(0, "merge: parse (%s)", err);
		urls_free(u);
		return;
	}
	opml_merge(u, o, &m);
	got = render_entries(m.add);
	tap_str(got, "http://c.example/ [News] ~C | http://d.example/ [News] "
	    "~D", "merge: only the new feeds");
	free(got);
	tap_ok(m.n_duplicates == 2 && m.n_ignored == 1,
	    "merge: 2 duplicates, 1 ignored (%zu, %zu)", m.n_duplicates,
	    m.n_ignored);
	got = opml_report(m.add->n_entries, m.n_duplicates, m.n_ignored);
	tap_str(got, "added 2 feeds, skipped 2 duplicates, ignored 1 "
	    "non-feed entry", "merge: the report");
	free(got);

	/* The new feeds appended to the file after its own lines. */
	snprintf(path, sizeof path, "%s/urls", tmpdir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(have, f);
		fclose(f);
	}
	tap_ok(urls_append_entries(path, m.add->entries, m.add->n_entries,
	    &added, &dups, err, sizeof err) == URLS_OK && added == 2 &&
	    dups == 0, "merge: appended (%zu added)", added);
	opml_merge_free(&m);
	opml_free(o);
	urls_free(u);
	if (urls_load(path, &u, err, sizeof err) == URLS_OK) {
		got = render_entries(u);
		tap_str(got, "http://a.example/ [] | http://b.example/ [x] | "
		    "http://c.example/ [News] ~C | http://d.example/ [News] ~D",
		    "merge: the urls file afterwards");
		free(got);
		urls_free(u);
	} else {
		tap_ok(0, "merge: the urls file afterwards (%s)", err);
	}

	got = opml_report(1, 1, 1);
	tap_str(got, "added 1 feed, skipped 1 duplicate, ignored 1 non-feed "
	    "entry", "report: singular");
	free(got);
	got = opml_report(0, 0, 0);
	tap_str(got, "added 0 feeds, skipped 0 duplicates, ignored 0 "
	    "non-feed entries", "report: zero");
	free(got);
}

/* The known content of newsboat's test OPML files. */
static const struct corpus_case {
	const char *file;
	int ok;
	const char *entries;
	size_t ignored;
} corpus_cases[] = {
	{ "example.opml", 1,
	  "https://example.com/feed.xml [] ~example.com website | "
	  "https://example.com/mirrors/distrowatch.rss [] ~Distrowatch mirror"
	  " | https://example.com/feed.atom [] ~example.com website (Atom "
	  "feed) | https://example.com/feed.rss09 [] ~example.com website "
	  "(RSS 0.9 feed) | https://blogs.example.com/~john/posts.rss "
	  "[Blogs] ~John's musings | https://blogs.example.com/~mike/.rss "
	  "[Blogs,friends] ~Notes by Mike | "
	  "https://fred.example.com/writing/index.php?type=rss [eloquent] "
	  "~Fred on everything", 0 },
	{ "category.opml", 1,
	  "http://feeds.bbci.co.uk/news/business/rss.xml?edition=int "
	  "[tag one,tag_two,tag/three]", 0 },
	{ "piped.opml", 1,
	  "https://example.com/feed.atom [tagged] ~example.com website (Atom "
	  "feed)", 1 },
	{ "filtered.opml", 1,
	  "https://example.com/another_feed.atom [misc] ~example.com website "
	  "(Atom feed)", 1 },
	{ "body-element-missing.opml", 0, NULL, 0 },
	{ "opml-element-missing.opml", 0, NULL, 0 },
};

static void
test_corpus(void)
{
	const char *root = getenv("TIDINGS_CORPUS");
	struct opml *o;
	struct dirent *de;
	DIR *d;
	size_t i, len;
	char dir[1024], path[2048], err[256];
	char *got;
	int files = 0, crashed = 0, rc;

	if (root == NULL || *root == '\0')
		root = "../shared/corpus";
	snprintf(dir, sizeof dir, "%s/newsboat/test/data", root);
	if ((d = opendir(dir)) == NULL) {
		tap_skip("corpus: %s absent (set TIDINGS_CORPUS)", dir);
		return;
	}
	/* Every OPML file parses or is refused with a message. */
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 5, ".opml") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		err[0] = '\0';
		rc = opml_import_file(path, &o, err, sizeof err);
		if ((rc == 0) != (o != NULL) || (rc != 0 && err[0] == '\0'))
			crashed++;
		opml_free(o);
		files++;
	}
	closedir(d);
	tap_ok(files >= 8 && crashed == 0, "corpus: %d OPML files each "
	    "parse or fail with a message", files);
	for (i = 0; i < UTIL_ARRAY_LEN(corpus_cases); i++) {
		const struct corpus_case *c = &corpus_cases[i];

		snprintf(path, sizeof path, "%s/%s", dir, c->file);
		rc = opml_import_file(path, &o, err, sizeof err);
		if (!c->ok) {
			tap_ok(rc == -1, "corpus: %s is refused (%s)", c->file,
			    rc == -1 ? err : "accepted");
			opml_free(o);
			continue;
		}
		tap_ok(rc == 0, "corpus: %s parses (%s)", c->file,
		    rc == 0 ? "ok" : err);
		if (rc != 0)
			continue;
		got = render_entries(o->feeds);
		tap_str(got, c->entries, "corpus: %s: feeds", c->file);
		free(got);
		tap_ok(o->n_ignored == c->ignored, "corpus: %s: %zu ignored "
		    "(got %zu)", c->file, c->ignored, o->n_ignored);
		opml_free(o);
	}
}

static void
remove_tree(const char *path)
{
	char cmd[600];

	/* path is our own mkdtemp() result: no user input in it. */
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", path);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/tidings-opml-XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		tap_ok(0, "mkdtemp: %s", strerror(errno));
		return tap_done();
	}
	test_import_table();
	test_errors();
	test_external_entities();
	test_entity_bombs();
	test_deep_nesting();
	test_export();
	test_merge();
	test_corpus();
	remove_tree(tmpdir);
	xmlCleanupParser();
	return tap_done();
}
