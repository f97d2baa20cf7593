/*
 * test_urls.c: the urls file reader, line formatter and appender.
 *
 * Parsing is table-driven: each case is a file's text and the feeds and
 * warnings it must give, both rendered as one string. Appending runs in a
 * fresh temporary directory and compares every byte of the file after.
 * Must never touch the user's real urls file.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
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
	for (i = 0; i < u->n_entries; i++) {
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
	for (i = 0; i < u->n_warnings; i++)
		buf_printf(&b, "%s%d:%s", i ? " " : "", u->warnings[i].line,
		    kind_names[u->warnings[i].kind]);
	return buf_detach(&b);
}

static const struct parse_case {
	const char *name;
	const char *text;
	const char *entries;
	const char *warnings;
} parse_cases[] = {
	{ "empty file gives nothing", "", "", "" },
	{ "comments and blank lines are skipped",
	  "# my feeds\n\n   \n\t\nhttp://a.example/f\n  # indented\n",
	  "http://a.example/f []", "" },
	{ "last line needs no newline",
	  "http://a.example/f\nhttp://b.example/f",
	  "http://a.example/f [] | http://b.example/f []", "" },
	{ "leading and trailing white space is trimmed",
	  "   \thttp://a.example/f  \t \n",
	  "http://a.example/f []", "" },
	{ "tags follow the URL, blanks or tabs between",
	  "http://a.example/f news\ttech  linux\n",
	  "http://a.example/f [news,tech,linux]", "" },
	{ "a quoted tag keeps its spaces",
	  "http://a.example/f \"cool stuff\" plain\n",
	  "http://a.example/f [cool stuff,plain]", "" },
	{ "escapes inside quotes",
	  "http://a.example/f \"say \\\"hi\\\"\" \"back\\\\slash\"\n",
	  "http://a.example/f [say \"hi\",back\\slash]", "" },
	{ "a tab escape is folded to a space, never kept",
	  "http://a.example/f \"a\\tb\" \"c\\nd\"\n",
	  "http://a.example/f [a b,c d]", "" },
	{ "an unterminated quote runs to the end of the line",
	  "http://a.example/f \"open tag\n",
	  "http://a.example/f [open tag]", "" },
	{ "~tag sets the title and is not a tag",
	  "http://a.example/f \"~My Feed\" news\n",
	  "http://a.example/f [news] ~My Feed", "" },
	{ "the first ~title wins",
	  "http://a.example/f ~One ~Two\n",
	  "http://a.example/f [] ~One", "" },
	{ "an empty ~ gives no title",
	  "http://a.example/f \"~\" \"~  \" x\n",
	  "http://a.example/f [x]", "" },
	{ "!tag hides the feed",
	  "http://a.example/f \"!ORF News (hidden)\" news\n",
	  "http://a.example/f [news] !", "" },
	{ "a token starting with # ends the line",
	  "http://a.example/f x #comment y\n",
	  "http://a.example/f [x]", "" },
	{ "a # inside a tag or quoted is kept",
	  "http://a.example/f c#x \"#q\"\n",
	  "http://a.example/f [c#x,#q]", "" },
	{ "a # inside a URL is kept",
	  "http://a.example/f#frag\n",
	  "http://a.example/f#frag []", "" },
	{ "a tag never starts with ~ or ! once cleaned (found by fuzz_urls)",
	  "http://a.example/f \"~\"\x16~Second \"\x01!x\" \"\x0b~ ~y\" "
	  "\"\x01\xe3\x80\x80!z\" t\n",
	  "http://a.example/f [Second,x,y,z,t]", "" },
	{ "repeated tags are kept once",
	  "http://a.example/f x y x\n",
	  "http://a.example/f [x,y]", "" },
	{ "exec: and filter: lines are reported, not feeds; query: is neither",
	  "http://a.example/f\n"
	  "\"query:Unread:unread = \\\"yes\\\"\"\n"
	  "exec:~/bin/script tag\n"
	  "\"exec:~/bin/script arg\"\n"
	  "filter:~/bin/f:https://b.example/f t\n"
	  "|~/fetch.py\n"
	  "http://c.example/f\n",
	  "http://a.example/f [] | http://c.example/f []",
	  "3:exec 4:exec 5:filter 6:exec" },
	{ "only http, https and file schemes are feeds",
	  "gopher://a.example/\njavascript:alert(1)\nexample.com/feed\n"
	  "ftp://a.example/f\nHTTPS://A.EXAMPLE/f\nfile:///tmp/w.xml\n",
	  "HTTPS://A.EXAMPLE/f [] | file:///tmp/w.xml []",
	  "1:scheme 2:scheme 3:scheme 4:scheme" },
	{ "a URL without a host, or with a blank, is bad",
	  "http://\nhttps:///path\nfile://\n\"http://a.example/x y\"\n"
	  "\"http://a.example/\\tz\"\n",
	  "", "1:bad 2:bad 3:bad 4:bad 5:bad" },
	{ "control characters in a URL are refused",
	  "http://a.example/\x01x\nhttp://a.example/\x1b[2J\n"
	  "http://a.example/\xe2\x80\xae" "evil\n",
	  "", "1:bad 2:bad 3:bad" },
	{ "a line with a NUL byte is refused",
	  "http://a.example/f\0junk\nhttp://b.example/f\n",
	  "http://b.example/f []", "1:bad" },
	{ "control characters are scrubbed from tags and titles",
	  "http://a.example/f \"a\x1b[31mb\" \"~T\x07itle\"\n",
	  "http://a.example/f [a[31mb] ~Title", "" },
	{ "the first of two equal URLs wins",
	  "http://a.example/f one\nhttp://b.example/f\n"
	  "http://a.example/f two\n",
	  "http://a.example/f [one] | http://b.example/f []", "3:dup" },
	{ "CRLF line endings",
	  "# c\r\nhttp://a.example/f x\r\nhttp://b.example/f \"y z\"\r\n"
	  "\r\nhttp://c.example/f \"~T\"\r\n",
	  "http://a.example/f [x] | http://b.example/f [y z] | "
	  "http://c.example/f [] ~T", "" },
	{ "a byte order mark is not part of the first URL",
	  "\xef\xbb\xbfhttp://a.example/f\n",
	  "http://a.example/f []", "" },
};

static void
test_parse_table(void)
{
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		/* The NUL case needs its real length. */
		size_t len = strlen(c->text);
		struct urls *u;
		char *got;

		if (strstr(c->name, "NUL") != NULL)
			len = sizeof("http://a.example/f\0junk\n"
			    "http://b.example/f\n") - 1;
		u = urls_parse(c->text, len);
		got = render_entries(u);
		tap_str(got, c->entries, "parse: %s: feeds", c->name);
		free(got);
		got = render_warnings(u);
		tap_str(got, c->warnings, "parse: %s: warnings", c->name);
		free(got);
		urls_free(u);
	}
}

static void
test_queries(void)
{
	static const char text[] =
	    "http://a.example/f\n"
	    "\"query:Unread Articles:unread = \\\"yes\\\"\" news "
	    "\"~ignored\" \"!\"\n"
	    "http://b.example/f\n"
	    "\"query:Week:age between 0:7 and title =~ \\\"a:b\\\"\"\n"
	    "\"query:Bad:title == \" x\n"
	    "\"query:NoName\"\n"
	    "\"query::unread = \\\"yes\\\"\"\n"
	    "\"query:\x1b[2J:unread = \\\"no\\\"\"\n"
	    "\"query:Broken:(title # \\\"x\\\"\"\n";
	struct urls *u = urls_parse(text, sizeof(text) - 1);
	char *w = render_warnings(u);

	tap_ok(u->n_entries == 2 && u->n_queries == 3,
	    "query feeds are kept apart from feeds (%zu, %zu)", u->n_entries,
	    u->n_queries);
	if (u->n_queries == 3) {
		tap_str(u->queries[0].name, "Unread Articles", "its name");
		tap_str(u->queries[0].expr, "unread = \"yes\"",
		    "its expression, unescaped once");
		tap_ok(u->queries[0].n_tags == 1 &&
		    strcmp(u->queries[0].tags[0], "news") == 0 &&
		    u->queries[0].hidden && u->queries[0].line == 2 &&
		    u->queries[0].pos == 1, "its tags, '!', line and place");
		tap_str(u->queries[1].expr,
		    "age between 0:7 and title =~ \"a:b\"",
		    "colons after the name belong to the expression");
		tap_ok(u->queries[1].pos == 2, "the second comes after two feeds");
		tap_str(u->queries[2].name, "[2J",
		    "a name is cleaned of control characters");
	}
	tap_str(w, "5:query 6:query 7:query 9:query",
	    "bad query lines are reported");
	tap_ok(u->n_warnings > 0 && strstr(u->warnings[0].msg, "column") !=
	    NULL, "with the column of the problem: %s",
	    u->n_warnings ? u->warnings[0].msg : "");
	free(w);
	urls_free(u);
}

static void
test_warning_text(void)
{
	struct urls *u;
	const char *text = "http://a.example/f\n\nexec:~/x\n"
	    "gopher://\x1b[2Jx/\nhttp://a.example/f\n";

	u = urls_parse(text, strlen(text));
	tap_ok(u->n_warnings == 3, "warnings: three reported");
	if (u->n_warnings == 3) {
		tap_str(u->warnings[0].msg,
		    "exec: feeds are not supported; ignored",
		    "warnings: exec: message");
		tap_str(u->warnings[1].msg, "\"gopher://[2Jx/\": only http, "
		    "https and file URLs are supported; ignored",
		    "warnings: the URL in a message is scrubbed");
		tap_str(u->warnings[2].msg, "\"http://a.example/f\" is "
		    "already listed on line 1; ignored",
		    "warnings: duplicate names the first line");
	}
	tap_ok(u->n_entries == 1 && u->entries[0].line == 1,
	    "warnings: the feed keeps its line number");
	urls_free(u);
}

static void
test_limits(void)
{
	struct buf b;
	struct urls *u;
	size_t i;
	char *got;

	/* A line past URLS_MAX_LINE is skipped; counting goes on. */
	buf_init(&b, 0);
	buf_puts(&b, "http://a.example/");
	for (i = 0; i < URLS_MAX_LINE; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, " tag\nhttp://b.example/f\n");
	u = urls_parse(b.data, b.len);
	got = render_entries(u);
	tap_str(got, "http://b.example/f []", "limits: a very long line "
	    "is skipped");
	free(got);
	got = render_warnings(u);
	tap_str(got, "1:long", "limits: the long line is reported");
	free(got);
	tap_ok(u->n_entries == 1 && u->entries[0].line == 2,
	    "limits: the next line keeps its number");
	urls_free(u);
	buf_free(&b);

	/* A line just under the limit is a feed. */
	buf_init(&b, 0);
	buf_puts(&b, "http://a.example/");
	while (b.len < URLS_MAX_LINE)
		buf_putc(&b, 'y');
	buf_putc(&b, '\n');
	u = urls_parse(b.data, b.len);
	tap_ok(u->n_entries == 1 && u->n_warnings == 0,
	    "limits: a line of exactly %d bytes is read", URLS_MAX_LINE);
	urls_free(u);
	buf_free(&b);

	/* Tags past URLS_MAX_TAGS are dropped with one warning. */
	buf_init(&b, 0);
	buf_puts(&b, "http://a.example/f");
	for (i = 0; i < URLS_MAX_TAGS + 10; i++)
		buf_printf(&b, " t%zu", i);
	buf_puts(&b, " \"~Title\"\n");
	u = urls_parse(b.data, b.len);
	tap_ok(u->n_entries == 1 && u->entries[0].n_tags == URLS_MAX_TAGS,
	    "limits: at most %d tags kept", URLS_MAX_TAGS);
	tap_str(u->n_entries == 1 ? u->entries[0].title : NULL, "Title",
	    "limits: a title after too many tags still counts");
	got = render_warnings(u);
	tap_str(got, "1:limit", "limits: too many tags reported once");
	free(got);
	urls_free(u);
	buf_free(&b);

	/* Feeds past URLS_MAX_ENTRIES are dropped with one warning. */
	buf_init(&b, 0);
	for (i = 0; i < URLS_MAX_ENTRIES + 5; i++)
		buf_printf(&b, "https://h%zu.example/feed\n", i);
	buf_puts(&b, "https://h0.example/feed\n");
	u = urls_parse(b.data, b.len);
	tap_ok(u->n_entries == URLS_MAX_ENTRIES, "limits: at most %d feeds "
	    "(got %zu)", URLS_MAX_ENTRIES, u->n_entries);
	got = render_warnings(u);
	tap_str(got, "100001:limit", "limits: too many feeds reported once");
	free(got);
	tap_ok(urls_find(u, "https://h99999.example/feed") != NULL &&
	    urls_find(u, "https://h100000.example/feed") == NULL,
	    "limits: the first feeds are the ones kept");
	urls_free(u);
	buf_free(&b);

	/* Warnings past URLS_MAX_WARNINGS are only counted. */
	buf_init(&b, 0);
	for (i = 0; i < URLS_MAX_WARNINGS + 7; i++)
		buf_puts(&b, "exec:x\n");
	u = urls_parse(b.data, b.len);
	tap_ok(u->n_warnings == URLS_MAX_WARNINGS &&
	    u->n_warnings_dropped == 7, "limits: warnings are bounded");
	urls_free(u);
	buf_free(&b);
}

static const struct format_case {
	const char *name;
	const char *url;
	const char *tags[4];
	const char *title;
	int hidden;
	const char *line;
} format_cases[] = {
	{ "a bare URL", "http://a.example/f", { NULL }, NULL, 0,
	  "http://a.example/f" },
	{ "plain tags stay plain", "http://a.example/f",
	  { "news", "tech", NULL }, NULL, 0, "http://a.example/f news tech" },
	{ "a tag with a space is quoted", "http://a.example/f",
	  { "cool stuff", NULL }, NULL, 0,
	  "http://a.example/f \"cool stuff\"" },
	{ "quotes and backslashes are escaped", "http://a.example/f",
	  { "say \"hi\"", "a\\b", NULL }, NULL, 0,
	  "http://a.example/f \"say \\\"hi\\\"\" \"a\\\\b\"" },
	{ "a tag starting with # is quoted", "http://a.example/f",
	  { "#1", "c#", NULL }, NULL, 0, "http://a.example/f \"#1\" c#" },
	{ "the title is a quoted ~tag", "http://a.example/f",
	  { "x", NULL }, "My \"Feed\"", 0,
	  "http://a.example/f x \"~My \\\"Feed\\\"\"" },
	{ "hidden is a ! tag", "http://a.example/f", { NULL }, NULL, 1,
	  "http://a.example/f \"!\"" },
	{ "~ and ! cannot start a plain tag", "http://a.example/f",
	  { "~x", "!y", NULL }, NULL, 0, "http://a.example/f x y" },
	{ "backticks are written as they are", "http://a.example/f",
	  { "`ls`", NULL }, NULL, 0, "http://a.example/f `ls`" },
};

static void
test_format_table(void)
{
	size_t i, n;
	struct urls *u, *back;
	char *line, *a, *b;
	char err[256];

	for (i = 0; i < UTIL_ARRAY_LEN(format_cases); i++) {
		const struct format_case *c = &format_cases[i];

		for (n = 0; c->tags[n] != NULL; n++)
			;
		u = urls_new();
		urls_add(u, c->url, (char *const *)c->tags, n, c->title,
		    c->hidden, 0, err, sizeof err);
		line = urls_format_line(&u->entries[0]);
		tap_str(line, c->line, "format: %s", c->name);
		/* Reading the line back gives the same feed. */
		back = urls_parse(line, strlen(line));
		a = render_entries(u);
		b = render_entries(back);
		tap_str(b, a, "format: %s: round trip", c->name);
		free(a);
		free(b);
		free(line);
		urls_free(back);
		urls_free(u);
	}
}

static void
test_add(void)
{
	struct urls *u = urls_new();
	char *tags[] = { "a", " a ", "", "~b", "!c", "d\x1b" };
	char err[256];
	char *got;

	tap_ok(urls_add(u, "https://a.example/f", tags, 6, "  T  ", 0, 3,
	    err, sizeof err) == URLS_OK, "add: a feed");
	got = render_entries(u);
	tap_str(got, "https://a.example/f [a,b,c,d] ~T",
	    "add: tags cleaned, repeats and empties dropped");
	free(got);
	tap_ok(urls_add(u, "https://a.example/f", NULL, 0, NULL, 0, 4, err,
	    sizeof err) == URLS_DUPLICATE, "add: a repeated URL is refused");
	tap_ok(urls_add(u, "exec:rm -rf ~", NULL, 0, NULL, 0, 5, err,
	    sizeof err) == URLS_ERROR, "add: exec: is refused");
	tap_ok(strstr(err, "exec:rm") != NULL, "add: the error names it");
	tap_ok(urls_find(u, "https://a.example/f") == &u->entries[0] &&
	    urls_find(u, "https://a.example/g") == NULL,
	    "find: by exact URL");
	urls_free(u);
}

static const struct classify_case {
	const char *url;
	enum urls_url_kind kind;
} classify_cases[] = {
	{ "http://a.example/", URLS_URL_HTTP },
	{ "https://a.example", URLS_URL_HTTP },
	{ "HtTpS://a.example/", URLS_URL_HTTP },
	{ "file:///home/u/w.xml", URLS_URL_FILE },
	{ "query:x:unread = \"yes\"", URLS_URL_QUERY },
	{ "exec:~/x", URLS_URL_EXEC },
	{ "|~/x", URLS_URL_EXEC },
	{ "filter:~/f:http://a.example/", URLS_URL_FILTER },
	{ "EXEC:~/x", URLS_URL_OTHER },
	{ "javascript:alert(1)", URLS_URL_OTHER },
	{ "feed://a.example/", URLS_URL_OTHER },
	{ "", URLS_URL_OTHER },
	{ "http://", URLS_URL_BAD },
	{ "http:///x", URLS_URL_BAD },
	{ "http://a b/", URLS_URL_BAD },
	{ "http://a.example/\"", URLS_URL_BAD },
	{ "http://a.example/\xff", URLS_URL_BAD },
	{ "http://a.example/\xc2\xa0", URLS_URL_BAD },
	{ "http://\xc3\xa9t\xc3\xa9.example/", URLS_URL_HTTP },
};

static void
test_classify_table(void)
{
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(classify_cases); i++)
		tap_ok(urls_classify(classify_cases[i].url) ==
		    classify_cases[i].kind, "classify: case %zu (%d)", i,
		    (int)classify_cases[i].kind);
}

static char tmpdir[256];

static char *
read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	buf_init(&b, 0);
	buf_append(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

static void
write_all(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

static const struct append_case {
	const char *name;
	const char *before;	/* NULL: no file yet */
	const char *url;
	const char *tags[3];
	const char *title;
	int rc;
	const char *after;
} append_cases[] = {
	{ "creates the file", NULL, "https://a.example/f",
	  { "news", NULL }, "A", URLS_OK,
	  "https://a.example/f news \"~A\"\n" },
	{ "keeps comments and order",
	  "# mine\nhttp://b.example/f x\n\n# end\n", "https://a.example/f",
	  { NULL }, NULL, URLS_OK,
	  "# mine\nhttp://b.example/f x\n\n# end\nhttps://a.example/f\n" },
	{ "ends a last line that has no newline",
	  "# mine\nhttp://b.example/f", "https://a.example/f",
	  { "a b", NULL }, NULL, URLS_OK,
	  "# mine\nhttp://b.example/f\nhttps://a.example/f \"a b\"\n" },
	{ "keeps CRLF line endings",
	  "http://b.example/f\r\n", "https://a.example/f", { NULL }, NULL,
	  URLS_OK, "http://b.example/f\r\nhttps://a.example/f\r\n" },
	{ "an empty file", "", "https://a.example/f", { NULL }, NULL,
	  URLS_OK, "https://a.example/f\n" },
	{ "refuses a URL already there",
	  "# x\nhttps://a.example/f old", "https://a.example/f",
	  { "new", NULL }, NULL, URLS_DUPLICATE,
	  "# x\nhttps://a.example/f old" },
	{ "refuses a hidden URL already there",
	  "https://a.example/f \"!\"\n", "https://a.example/f", { NULL },
	  NULL, URLS_DUPLICATE, "https://a.example/f \"!\"\n" },
	{ "refuses exec:", "# x\n", "exec:touch /tmp/pwned", { NULL },
	  NULL, URLS_ERROR, "# x\n" },
	{ "refuses a URL with a newline", "# x\n",
	  "https://a.example/f\nexec:x", { NULL }, NULL, URLS_ERROR,
	  "# x\n" },
	{ "leaves lines it cannot read alone",
	  "\"query:q:unread = \\\"yes\\\"\"\nexec:x\n", "http://a.example/f",
	  { NULL }, NULL, URLS_OK,
	  "\"query:q:unread = \\\"yes\\\"\"\nexec:x\nhttp://a.example/f\n" },
};

static void
test_append_table(void)
{
	size_t i, n;
	char path[512], err[256];
	char *got;
	int rc;

	for (i = 0; i < UTIL_ARRAY_LEN(append_cases); i++) {
		const struct append_case *c = &append_cases[i];

		snprintf(path, sizeof path, "%s/append%zu", tmpdir, i);
		if (c->before != NULL)
			write_all(path, c->before);
		for (n = 0; c->tags[n] != NULL; n++)
			;
		err[0] = '\0';
		rc = urls_append(path, c->url, (char *const *)c->tags, n,
		    c->title, err, sizeof err);
		tap_ok(rc == c->rc, "append: %s: returns %d (got %d: %s)",
		    c->name, c->rc, rc, err);
		got = read_all(path);
		tap_str(got, c->after, "append: %s: file bytes", c->name);
		free(got);
	}
}

static void
test_append_more(void)
{
	struct urls_entry batch[4];
	struct urls *u;
	struct stat st;
	size_t added, dups;
	char path[512], err[256];
	char *got;
	int rc;

	/* Parent directories are made; the new file is private. */
	snprintf(path, sizeof path, "%s/d1/d2/urls", tmpdir);
	rc = urls_append(path, "https://a.example/f", NULL, 0, NULL, err,
	    sizeof err);
	tap_ok(rc == URLS_OK, "append: makes parent directories (%s)",
	    rc == URLS_OK ? "ok" : err);
	tap_ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "append: a new file is mode 0600");

	/* A batch: one already there, one repeated in the batch. */
	memset(batch, 0, sizeof batch);
	batch[0].url = "https://a.example/f";
	batch[1].url = "https://b.example/f";
	batch[1].title = "B";
	batch[2].url = "https://c.example/f";
	batch[2].hidden = 1;
	batch[3].url = "https://b.example/f";
	rc = urls_append_entries(path, batch, 4, &added, &dups, err,
	    sizeof err);
	tap_ok(rc == URLS_OK && added == 2 && dups == 2,
	    "append batch: 2 added, 2 duplicates (%zu, %zu)", added, dups);
	got = read_all(path);
	tap_str(got, "https://a.example/f\nhttps://b.example/f \"~B\"\n"
	    "https://c.example/f \"!\"\n", "append batch: file bytes");
	free(got);

	/* One bad URL refuses the whole batch. */
	batch[0].url = "https://d.example/f";
	batch[1].url = "javascript:alert(1)";
	rc = urls_append_entries(path, batch, 2, &added, &dups, err,
	    sizeof err);
	tap_ok(rc == URLS_ERROR && added == 0, "append batch: a bad URL "
	    "refuses all");
	got = read_all(path);
	tap_ok(got != NULL && strstr(got, "d.example") == NULL,
	    "append batch: nothing written");
	free(got);

	/* Loading what was appended. */
	tap_ok(urls_load(path, &u, err, sizeof err) == URLS_OK &&
	    u->n_entries == 3 && u->entries[2].hidden,
	    "load: reads the appended file");
	urls_free(u);
	snprintf(path, sizeof path, "%s/none", tmpdir);
	tap_ok(urls_load(path, &u, err, sizeof err) == URLS_MISSING &&
	    u == NULL, "load: a missing file is URLS_MISSING");
	tap_ok(urls_load(tmpdir, &u, err, sizeof err) == URLS_ERROR &&
	    u == NULL, "load: a directory is an error");
	snprintf(path, sizeof path, "%s/d1", tmpdir);
	tap_ok(urls_append(path, "https://a.example/f", NULL, 0, NULL, err,
	    sizeof err) == URLS_ERROR, "append: to a directory is an error");
}

/* urls_add_line gives the same bytes as urls_append, atomically. */
static void
test_add_line_table(void)
{
	struct urls_entry e;
	size_t i, n;
	char path[512], err[256];
	char *got;
	int rc;

	for (i = 0; i < UTIL_ARRAY_LEN(append_cases); i++) {
		const struct append_case *c = &append_cases[i];

		snprintf(path, sizeof path, "%s/addline%zu", tmpdir, i);
		if (c->before != NULL)
			write_all(path, c->before);
		for (n = 0; c->tags[n] != NULL; n++)
			;
		memset(&e, 0, sizeof e);
		e.url = (char *)c->url;
		e.tags = (char **)c->tags;
		e.n_tags = n;
		e.title = (char *)c->title;
		err[0] = '\0';
		rc = urls_add_line(path, &e, err, sizeof err);
		tap_ok(rc == c->rc, "add line: %s: returns %d (got %d: %s)",
		    c->name, c->rc, rc, err);
		got = read_all(path);
		tap_str(got, c->after, "add line: %s: file bytes", c->name);
		free(got);
	}
}

static void
test_add_line_more(void)
{
	struct urls_entry e;
	struct stat before, after, lst;
	char path[512], link[600], err[256] = "", *got;
	DIR *d;
	struct dirent *de;
	int leftovers = 0;

	memset(&e, 0, sizeof e);
	snprintf(path, sizeof path, "%s/al/urls", tmpdir);
	e.url = "https://a.example/f";
	tap_ok(urls_add_line(path, &e, err, sizeof err) == URLS_OK &&
	    stat(path, &after) == 0 && (after.st_mode & 0777) == 0600,
	    "add line: makes the directory and a 0600 file");
	chmod(path, 0640);
	stat(path, &before);
	e.url = "https://b.example/f";
	tap_ok(urls_add_line(path, &e, err, sizeof err) == URLS_OK &&
	    stat(path, &after) == 0 && (after.st_mode & 0777) == 0640,
	    "add line: keeps the file's mode");
	tap_ok(before.st_ino != after.st_ino, "add line: the file is "
	    "replaced by a rename, not rewritten in place");
	/* A symbolic link stays one; its target gets the line. */
	snprintf(link, sizeof link, "%s/al/link", tmpdir);
	tap_ok(symlink("urls", link) == 0, "add line: a link to the file");
	e.url = "https://c.example/f";
	tap_ok(urls_add_line(link, &e, err, sizeof err) == URLS_OK &&
	    lstat(link, &lst) == 0 && S_ISLNK(lst.st_mode),
	    "add line: a symbolic link stays a link (%s)", err);
	got = read_all(path);
	tap_str(got, "https://a.example/f\nhttps://b.example/f\n"
	    "https://c.example/f\n", "add line: its target has every line");
	free(got);
	snprintf(link, sizeof link, "%s/al", tmpdir);
	if ((d = opendir(link)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (strstr(de->d_name, "tidings-") != NULL)
				leftovers++;
		closedir(d);
	}
	tap_ok(leftovers == 0, "add line: no temporary file is left");
	snprintf(path, sizeof path, "%s/al", tmpdir);
	tap_ok(urls_add_line(path, &e, err, sizeof err) == URLS_ERROR,
	    "add line: to a directory is an error (%s)", err);
}

static void
remove_tree(const char *dir)
{
	char cmd[600];

	/* tmpdir is our own mkdtemp() result: no user input in it. */
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", dir);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/tidings-urls-XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	test_parse_table();
	test_queries();
	test_warning_text();
	test_limits();
	test_format_table();
	test_add();
	test_classify_table();
	if (mkdtemp(tmpdir) == NULL) {
		tap_ok(0, "mkdtemp: %s", strerror(errno));
	} else {
		test_append_table();
		test_append_more();
		test_add_line_table();
		test_add_line_more();
		remove_tree(tmpdir);
	}
	return tap_done();
}
