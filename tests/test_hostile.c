/*
 * test_hostile.c: hostile feeds, one case each, through the code that
 * reads them and the code that hands their text on.
 *
 *  - terminal escapes, C0 and C1 controls (U+009B among them), bidi
 *    overrides and zero-width characters in every field of RSS 2.0, RSS
 *    1.0, Atom and JSON Feed that reaches the screen: feed title, link,
 *    description, author; item title, link, guid, author(s), summary,
 *    content, categories, comments, enclosure URL and type; then the
 *    content's rendered lines and link table;
 *  - XML attacks the parser tests (test_feed) do not already cover:
 *    quadratic blow-up, huge attributes, NUL bytes, invalid UTF-8 and
 *    encoding declarations that lie;
 *  - file names for saving made from hostile titles;
 *  - shell metacharacters handed to a child: as an argument (browser,
 *    bookmark, notify all go through ui_exec_wait), in the browser
 *    command's %u, and as the text piped to the user's command.
 * Must never touch the network, nor write outside its temporary files.
 */
#include "config.h"

#include <sys/stat.h>

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "feed.h"
#include "html.h"
#include "str.h"
#include "ui_int.h"
#include "util.h"

#include "tap.h"

/*
 * Everything a terminal might act on: CSI colour, OSC window title, BEL,
 * BS, C1 CSI (U+009B) and NEL (U+0085), a right-to-left override, a bidi
 * isolate, a zero-width space and joiner, a BOM, DEL, a line separator.
 */
#define EVIL	"A\x1b[31mB\x1b]0;PWNED\x07" "C\xc2\x9b" "2JD\xe2\x80\xae" \
		"E\xe2\x81\xa6" "F\xe2\x80\x8b" "G\xe2\x80\x8d" "H\xef\xbb\xbf" \
		"I\x08\x7fJ\xc2\x85K\xe2\x80\xa8L"
/* EVIL as XML: the controls XML 1.0 cannot carry go as raw bytes too. */
#define EVIL_URL "https://evil.example/a\x1b[2J\xc2\x9b" "b\xe2\x80\xae" "c"

/* CPU seconds: the machine running the tests may be busy. */
static double
seconds(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

/* The first unsafe character of s (body: \n and \t allowed), or 0. */
static uint32_t
unsafe_in(const char *s, int body)
{
	size_t n, i, k;
	uint32_t cp;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (!str_utf8_valid(s, n))
		return 0xfffffffe;
	for (i = 0; i < n; i += k) {
		k = str_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return 0xfffffffe;
		if (body && (cp == '\n' || cp == '\t'))
			continue;
		if (str_is_unsafe(cp) || cp == 0x1b || cp == 0x9b ||
		    cp == 0x85 || cp == 0x202e || cp == 0x200b)
			return cp;
	}
	return 0;
}

static int nfields, nbad;

/* One field: present (when must), and clean. */
static void
field(const char *fmt, const char *name, const char *s, int body, int must)
{
	uint32_t cp = unsafe_in(s, body);

	nfields++;
	if ((must && s == NULL) || cp != 0) {
		nbad++;
		printf("# %s: %s %s (U+%04X)\n", fmt, name,
		    s == NULL ? "missing" : "unclean", (unsigned)cp);
	}
}

/* The content rendered: every line and every link clean. */
static void
rendered(const char *fmt, const char *html)
{
	struct html_lines *l;
	struct html_doc *d;
	size_t i;
	int k;

	if (html == NULL)
		return;
	d = html_parse(html, strlen(html), "https://evil.example/");
	l = html_layout(d, 60, 0);
	for (i = 0; i < l->n; i++)
		field(fmt, "rendered line", l->line[i].text, 0, 1);
	for (k = 1; k <= html_link_count(d); k++)
		field(fmt, "link table entry", html_link(d, k), 0, 1);
	html_lines_free(l);
	html_free(d);
}

/* enclosures: how many the format carries here (RSS 1.0 has none). */
static void
check_feed(const char *fmt, const char *doc, size_t enclosures)
{
	const struct feed_item *it;
	struct feed *f;
	char err[256] = "";
	size_t i;

	nfields = nbad = 0;
	f = feed_parse(doc, strlen(doc), "https://evil.example/feed", NULL,
	    err, sizeof err);
	if (f == NULL || f->n_items != 1) {
		tap_ok(0, "%s: the hostile feed parses (%s)", fmt, err);
		feed_free(f);
		return;
	}
	it = f->items[0];
	field(fmt, "feed title", f->title, 0, 1);
	field(fmt, "feed link", f->link, 0, 1);
	field(fmt, "feed description", f->description, 1, 0);
	field(fmt, "feed author", f->author, 0, 0);
	field(fmt, "item title", it->title, 0, 1);
	field(fmt, "item link", it->link, 0, 1);
	field(fmt, "item guid", it->guid, 0, 1);
	field(fmt, "item author", it->author, 0, 1);
	for (i = 0; i < it->n_authors; i++)
		field(fmt, "item authors[]", it->authors[i], 0, 1);
	field(fmt, "item summary", it->summary, 1, 0);
	field(fmt, "item content", it->content, 1, 0);
	field(fmt, "item summary or content", it->content ? it->content :
	    it->summary, 1, 1);
	for (i = 0; i < it->n_categories; i++)
		field(fmt, "item category", it->categories[i], 0, 1);
	field(fmt, "item comments", it->comments, 0, 0);
	for (i = 0; i < it->n_enclosures; i++) {
		field(fmt, "enclosure url", it->enclosures[i].url, 0, 1);
		field(fmt, "enclosure type", it->enclosures[i].type, 0, 0);
	}
	rendered(fmt, it->content);
	rendered(fmt, it->summary);
	tap_ok(nbad == 0 && nfields >= 14 && it->n_enclosures == enclosures &&
	    it->n_categories >= 1,
	    "%s: controls, bidi and zero-width characters scrubbed from all "
	    "%d fields (%d unclean; %zu enclosures, %zu categories)", fmt,
	    nfields, nbad, it->n_enclosures, it->n_categories);
	feed_free(f);
}

static void
test_fields(void)
{
	check_feed("RSS 2.0",
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
	    "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "<channel><title>" EVIL "</title><link>" EVIL_URL "</link>"
	    "<description>" EVIL "</description>"
	    "<managingEditor>" EVIL "</managingEditor>"
	    "<item><title>" EVIL "</title><link>" EVIL_URL "</link>"
	    "<guid>" EVIL "</guid><dc:creator>" EVIL "</dc:creator>"
	    "<description>&lt;p&gt;" EVIL "&lt;a href=\"" EVIL_URL "\"&gt;"
	    EVIL "&lt;/a&gt;&lt;/p&gt;</description>"
	    "<category>" EVIL "</category><comments>" EVIL_URL "</comments>"
	    "<enclosure url=\"" EVIL_URL "\" type=\"" EVIL "\" length=\"1\"/>"
	    "</item></channel></rss>", 1);
	check_feed("RSS 1.0",
	    "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/"
	    "1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content="
	    "\"http://purl.org/rss/1.0/modules/content/\" xmlns:enc=\"http://"
	    "purl.oclc.org/net/rss_2.0/enc#\"><channel rdf:about=\"x\"><title>"
	    EVIL "</title><link>" EVIL_URL "</link><description>" EVIL
	    "</description></channel><item rdf:about=\"" EVIL_URL "\"><title>"
	    EVIL "</title><link>" EVIL_URL "</link><dc:creator>" EVIL
	    "</dc:creator><dc:subject>" EVIL "</dc:subject><content:encoded>"
	    "<![CDATA[<p>" EVIL "</p>]]></content:encoded></item>"
	    "</rdf:RDF>", 0);
	check_feed("Atom",
	    "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
	    "<title type=\"html\">" EVIL "</title><link href=\"" EVIL_URL "\"/>"
	    "<subtitle>" EVIL "</subtitle><author><name>" EVIL "</name></author>"
	    "<entry><title>" EVIL "</title><link href=\"" EVIL_URL "\"/>"
	    "<link rel=\"enclosure\" href=\"" EVIL_URL "\" type=\"" EVIL "\"/>"
	    "<id>" EVIL "</id><author><name>" EVIL "</name></author>"
	    "<category term=\"" EVIL "\"/><summary>" EVIL "</summary>"
	    "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/"
	    "xhtml\"><p>" EVIL "<a href=\"" EVIL_URL "\">" EVIL "</a></p></div>"
	    "</content></entry></feed>", 1);
	check_feed("JSON Feed",
	    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":"
	    "\"A\\u001b[31mB\\u001b]0;PWNED\\u0007C\\u009b2JD\\u202eE\\u2066F"
	    "\\u200bG\\u200dH\\ufeffI\\b\\u007fJ\\u0085K\\u2028L\","
	    "\"home_page_url\":\"https://evil.example/\\u001b[2J\\u009b\","
	    "\"description\":\"\\u001b]0;x\\u0007d\",\"authors\":[{\"name\":"
	    "\"\\u009b1m\\u202eme\"}],\"items\":[{\"id\":\"\\u001b[1mid\","
	    "\"url\":\"https://evil.example/\\u001b[2J\\u202e\",\"title\":"
	    "\"t\\u001b]0;PWNED\\u0007\\u009b\\u200b\",\"authors\":[{\"name\":"
	    "\"\\u001b[5mMallory\\u2067\"}],\"content_html\":\"<p>\\u001b[2J"
	    "\\u009b1;1H\\u202e</p><a href=\\\"https://x.example/\\u001b[1m\\\">"
	    "l</a>\",\"summary\":\"s\\u0007\",\"tags\":[\"\\u001b[1mtag\"],"
	    "\"attachments\":[{\"url\":\"https://evil.example/e\\u001b[1m.mp3\","
	    "\"mime_type\":\"audio/\\u009bmpeg\"}]}]}", 1);
}

/* A document parsed within a time bound, and its title within FEED_MAX. */
static struct feed *
timed(const char *name, const char *doc, size_t len, double limit,
    char *err, size_t errlen)
{
	struct feed *f;
	double t = seconds();

	f = feed_parse(doc, len, NULL, NULL, err, errlen);
	t = seconds() - t;
	tap_time(t < limit, "%s: done in %.3f s of CPU", name, t);
	return f;
}

static void
test_quadratic(void)
{
	struct buf b;
	struct feed *f;
	char err[256] = "";
	int i;

	/* One 50 KB entity referenced 50,000 times: 2.5 GB if expanded. */
	buf_init(&b, 0);
	buf_puts(&b, "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"");
	for (i = 0; i < 50000; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\">]><rss version=\"2.0\"><channel><title>");
	for (i = 0; i < 50000; i++)
		buf_puts(&b, "&a;");
	buf_puts(&b, "</title><item><title>after</title></item></channel>"
	    "</rss>");
	f = timed("quadratic blow-up", b.data, b.len, 5.0, err, sizeof err);
	tap_ok(f == NULL || f->title == NULL ||
	    strlen(f->title) <= FEED_MAX_FIELD,
	    "quadratic blow-up: the title stays within %d bytes (%s)",
	    FEED_MAX_FIELD, f == NULL ? err : "parsed");
	feed_free(f);
	buf_free(&b);
}

static void
test_huge_attributes(void)
{
	struct buf b;
	struct feed *f;
	char err[256] = "";
	size_t i, n = 20u * 1024 * 1024;

	buf_init(&b, 0);
	buf_puts(&b, "<rss version=\"2.0\"><channel><title>T</title><item>"
	    "<title>x</title><enclosure type=\"audio/mpeg\" url=\"https://e/");
	for (i = 0; i < n; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, "\"/></item><item><title>y</title><link junk=\"");
	for (i = 0; i < n; i++)
		buf_putc(&b, '"' + 1);
	buf_puts(&b, "\">https://e/y</link></item></channel></rss>");
	f = timed("20 MB attributes", b.data, b.len, 10.0, err, sizeof err);
	if (f != NULL) {
		size_t longest = 0, k;

		for (i = 0; i < f->n_items; i++)
			for (k = 0; k < f->items[i]->n_enclosures; k++)
				if (strlen(f->items[i]->enclosures[k].url) >
				    longest)
					longest = strlen(
					    f->items[i]->enclosures[k].url);
		tap_ok(longest <= FEED_MAX_FIELD, "20 MB attributes: no field "
		    "longer than %d bytes (longest %zu)", FEED_MAX_FIELD,
		    longest);
	} else
		tap_ok(err[0] != '\0' && unsafe_in(err, 0) == 0,
		    "20 MB attributes: refused with a clean reason: %s", err);
	feed_free(f);
	buf_free(&b);
}

static void
test_nul_bytes(void)
{
	static const char doc[] = "<rss version=\"2.0\"><channel><title>a\0b"
	    "</title><item><title>x\0\0y</title><link>https://e/\0z</link>"
	    "</item></channel></rss>";
	struct feed *f;
	char err[256] = "";

	f = feed_parse(doc, sizeof doc - 1, NULL, NULL, err, sizeof err);
	if (f != NULL) {
		tap_ok(unsafe_in(f->title, 0) == 0 && (f->n_items == 0 ||
		    (unsafe_in(f->items[0]->title, 0) == 0 &&
		    unsafe_in(f->items[0]->link, 0) == 0)),
		    "NUL bytes: what is read is clean (title \"%s\")",
		    f->title ? f->title : "");
	} else
		tap_ok(err[0] != '\0' && unsafe_in(err, 0) == 0,
		    "NUL bytes: refused with a clean reason: %s", err);
	feed_free(f);
}

static void
test_encodings(void)
{
	static const struct {
		const char *name, *doc;
	} docs[] = {
		{ "invalid UTF-8 in a UTF-8 document",
		  "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version="
		  "\"2.0\"><channel><title>a\xff\xfe\xc3(\xed\xa0\x80\xf8\x88"
		  "\x80\x80\x80z</title><item><title>\xc0\xaf</title></item>"
		  "</channel></rss>" },
		{ "declared UTF-16, bytes are ASCII",
		  "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version="
		  "\"2.0\"><channel><title>t</title><item><title>x</title>"
		  "</item></channel></rss>" },
		{ "declared ISO-8859-1, bytes are UTF-8",
		  "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss version="
		  "\"2.0\"><channel><title>caf\xc3\xa9 \xe2\x80\xae</title>"
		  "<item><title>x</title></item></channel></rss>" },
		{ "declared UTF-8, bytes are windows-1252 with C1",
		  "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version="
		  "\"2.0\"><channel><title>caf\xe9 \x9b" "2J \x85</title>"
		  "<item><title>x</title></item></channel></rss>" },
		{ "declared EBCDIC, bytes are ASCII",
		  "<?xml version=\"1.0\" encoding=\"ibm037\"?><rss version="
		  "\"2.0\"><channel><title>t</title><item><title>x</title>"
		  "</item></channel></rss>" },
		{ "declared UCS-4, bytes are ASCII",
		  "<?xml version=\"1.0\" encoding=\"ucs-4\"?><rss version="
		  "\"2.0\"><channel><title>t</title></channel></rss>" },
		{ "an unknown encoding",
		  "<?xml version=\"1.0\" encoding=\"x-\x1b[2J-evil\"?><rss "
		  "version=\"2.0\"><channel><title>t</title></channel></rss>" },
		{ "a UTF-16 BOM before a UTF-8 declaration",
		  "\xff\xfe<?xml version=\"1.0\" encoding=\"utf-8\"?><rss/>" },
	};
	size_t i, k;

	for (i = 0; i < UTIL_ARRAY_LEN(docs); i++) {
		char err[256] = "";
		struct feed *f = feed_parse(docs[i].doc, strlen(docs[i].doc),
		    NULL, NULL, err, sizeof err);
		int clean;

		if (f != NULL) {
			clean = unsafe_in(f->title, 0) == 0;
			for (k = 0; k < f->n_items; k++)
				clean = clean && unsafe_in(f->items[k]->title,
				    0) == 0;
			tap_ok(clean, "%s: read as clean text (title \"%s\")",
			    docs[i].name, f->title ? f->title : "");
		} else
			tap_ok(err[0] != '\0' && unsafe_in(err, 0) == 0,
			    "%s: refused with a clean reason: %s",
			    docs[i].name, err);
		feed_free(f);
	}
}

static void
test_save_names(void)
{
	static const char *titles[] = {
		"../../../etc/passwd", "/etc/cron.d/x", ".bashrc", "..",
		"-rf --no-preserve-root", "a/b\\c:d*e?f\"g<h>i|j",
		"$(touch pwned)`id`;rm -rf ~ &", EVIL, "\xe2\x80\xae" "txt.exe",
		"", "   ", "\x1b", "~/x", "a\nb\rc\td",
		"\xff\xfe invalid", "con", "...", "-",
	};
	size_t i, bad = 0;
	char *n, big[600];

	for (i = 0; i < UTIL_ARRAY_LEN(titles) + 1; i++) {
		const char *t = titles[i < UTIL_ARRAY_LEN(titles) ? i : 0];
		const char *p;

		if (i == UTIL_ARRAY_LEN(titles)) {
			memset(big, 'x', sizeof big - 1);
			big[sizeof big - 1] = '\0';
			t = big;
		}
		n = ui_save_name(t);
		for (p = n; *p != '\0'; p++)
			if (strchr("/\\ \"'`$;&|<>*?:~\n\r\t", *p) != NULL)
				break;
		if (*p != '\0' || n[0] == '.' || n[0] == '-' ||
		    unsafe_in(n, 0) != 0 || strlen(n) > 100 ||
		    strcmp(n + strlen(n) - 4, ".txt") != 0) {
			bad++;
			printf("# save name of title %zu: \"%s\"\n", i, n);
		}
		free(n);
	}
	tap_ok(bad == 0, "%zu hostile titles make plain file names: no "
	    "path, no dot or dash first, no shell or control character, "
	    "short, .txt", UTIL_ARRAY_LEN(titles) + 1);
}

/* Reads a whole small file; "" when missing. Caller frees. */
static char *
slurp(const char *path)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *fp = fopen(path, "rb");

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	if (fp != NULL) {
		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_append(&b, chunk, n);
		fclose(fp);
	}
	return buf_detach(&b);
}

static void
test_exec(void)
{
	static const char meta[] = "https://e.example/$(touch PWNED1)`touch "
	    "PWNED2`;touch PWNED3|touch PWNED4&&touch PWNED5'\"\\*?~#!{a,b}"
	    "<x>y\n$HOME%s%u";
	char dir[] = "/tmp/test_hostile.XXXXXX", out[256], err[256];
	char script[300], pwned[300], **argv;
	char *v[6], *got;
	size_t k;
	int rc, found = 0;
	FILE *fp;

	if (mkdtemp(dir) == NULL || chdir(dir) != 0) {
		tap_ok(0, "a scratch directory");
		return;
	}
	util_errf(out, sizeof out, "%s/out", dir);
	util_errf(script, sizeof script, "%s/record", dir);
	fp = fopen(script, "w");
	if (fp != NULL) {
		fprintf(fp, "#!/bin/sh\nfor a in \"$@\"; do printf '%%s\\0' "
		    "\"$a\"; done > '%s'\n", out);
		fclose(fp);
	}
	chmod(script, 0700);

	/* As one argument (the browser, bookmark-cmd, notify-program). */
	v[0] = script;
	v[1] = (char *)meta;
	v[2] = (char *)EVIL;
	v[3] = NULL;
	rc = ui_exec_wait(NULL, v, err, sizeof err);
	got = slurp(out);
	tap_ok(rc == 0 && memcmp(got, meta, sizeof meta) == 0 &&
	    strcmp(got + sizeof meta, EVIL) == 0,
	    "metacharacters and escapes reach the child as arguments, byte "
	    "for byte");
	free(got);

	/* In the browser command's %u. */
	argv = ui_browser_argv(script, meta, err, sizeof err);
	if (argv == NULL) {
		tap_ok(0, "the browser command is taken: %s", err);
		return;
	}
	for (k = 0; argv[k] != NULL; k++)
		;
	rc = ui_exec_wait(NULL, argv, err, sizeof err);
	got = slurp(out);
	tap_ok(rc == 0 && k == 2 && strcmp(got, meta) == 0,
	    "the browser gets a hostile URL as its one argument (%zu words)",
	    k);
	free(got);
	for (k = 0; argv[k] != NULL; k++)
		free(argv[k]);
	free(argv);

	/* As the text piped to the user's command. */
	util_errf(pwned, sizeof pwned, "cat > '%s'", out);
	rc = ui_exec_pipe(NULL, pwned, meta, sizeof meta - 1, err,
	    sizeof err);
	got = slurp(out);
	tap_ok(rc == 0 && strcmp(got, meta) == 0,
	    "piped text with metacharacters arrives as data");
	free(got);

	for (k = 1; k <= 5; k++) {
		util_errf(pwned, sizeof pwned, "%s/PWNED%zu", dir, k);
		if (access(pwned, F_OK) == 0)
			found++;
		unlink(pwned);
	}
	tap_ok(found == 0, "no shell ran any of it (%d files made)", found);
	unlink(out);
	unlink(script);
	if (chdir("/") == 0)
		rmdir(dir);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_fields();
	test_quadratic();
	test_huge_attributes();
	test_nul_bytes();
	test_encodings();
	test_save_names();
	test_exec();
	return tap_done();
}
