/*
 * test_feed.c: feed_parse() and the streaming parser on strings: format
 * detection, the fields each version carries, encodings, the byte filter's
 * repairs, hostile documents (external entities, entity bombs, deep
 * nesting), truncation, byte-at-a-time streaming and the item callback.
 *
 * Table-driven: each case is a document and the fields expected from it.
 * Must never read the network or the disk.
 */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "str.h"
#include "util.h"

#include "tap.h"

/* ---- reading fields by name ------------------------------------------- */

static char *
fmt_date(int64_t t)
{
	char iso[32];

	if (t == DATE_NONE)
		return NULL;
	date_format_iso(t, iso, sizeof iso);
	return xstrdup(iso);
}

static const char *
type_name(enum feed_content_type t)
{
	return t == FEED_CONTENT_HTML ? "html" : t == FEED_CONTENT_TEXT ?
	    "text" : "none";
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* A list joined with "|", or NULL when empty. */
static char *
join(char **list, size_t n)
{
	struct buf b;
	size_t i;

	if (n == 0)
		return NULL;
	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, '|');
		buf_puts(&b, list[i]);
	}
	return buf_detach(&b);
}

static char *
item_field(const struct feed_item *it, const char *name)
{
	const struct feed_enclosure *e = it->n_enclosures > 0 ?
	    &it->enclosures[0] : NULL;

	if (strcmp(name, "title") == 0)
		return dup_or_null(it->title);
	if (strcmp(name, "link") == 0)
		return dup_or_null(it->link);
	if (strcmp(name, "guid") == 0)
		return dup_or_null(it->guid);
	if (strcmp(name, "guid_derived") == 0)
		return xasprintf("%d", it->guid_derived);
	if (strcmp(name, "author") == 0)
		return dup_or_null(it->author);
	if (strcmp(name, "authors") == 0)
		return join(it->authors, it->n_authors);
	if (strcmp(name, "summary") == 0)
		return dup_or_null(it->summary);
	if (strcmp(name, "summary_type") == 0)
		return xstrdup(type_name(it->summary_type));
	if (strcmp(name, "content") == 0)
		return dup_or_null(it->content);
	if (strcmp(name, "content_type") == 0)
		return xstrdup(type_name(it->content_type));
	if (strcmp(name, "published") == 0)
		return fmt_date(it->published);
	if (strcmp(name, "updated") == 0)
		return fmt_date(it->updated);
	if (strcmp(name, "categories") == 0)
		return join(it->categories, it->n_categories);
	if (strcmp(name, "comments") == 0)
		return dup_or_null(it->comments);
	if (strcmp(name, "image") == 0)
		return dup_or_null(it->image);
	if (strcmp(name, "duration") == 0)
		return dup_or_null(it->duration);
	if (strcmp(name, "n_enclosures") == 0)
		return xasprintf("%zu", it->n_enclosures);
	if (strcmp(name, "enclosure.url") == 0)
		return e ? dup_or_null(e->url) : NULL;
	if (strcmp(name, "enclosure.type") == 0)
		return e ? dup_or_null(e->type) : NULL;
	if (strcmp(name, "enclosure.length") == 0)
		return e ? xasprintf("%lld", (long long)e->length) : NULL;
	return xstrdup("?unknown field");
}

/*
 * The value of a field as a string (NULL when absent): "title",
 * "format", "n_items", "items[1].guid", "items[0].enclosure.url"...
 */
static char *
field(const struct feed *f, const char *name)
{
	size_t i;

	if (strncmp(name, "items[", 6) == 0) {
		char *end;

		i = strtoul(name + 6, &end, 10);
		if (end[0] != ']' || end[1] != '.')
			return xstrdup("?bad field");
		if (i >= f->n_items)
			return xstrdup("?no such item");
		return item_field(f->items[i], end + 2);
	}
	if (strcmp(name, "format") == 0)
		return xstrdup(feed_format_name(f->format));
	if (strcmp(name, "title") == 0)
		return dup_or_null(f->title);
	if (strcmp(name, "link") == 0)
		return dup_or_null(f->link);
	if (strcmp(name, "description") == 0)
		return dup_or_null(f->description);
	if (strcmp(name, "language") == 0)
		return dup_or_null(f->language);
	if (strcmp(name, "author") == 0)
		return dup_or_null(f->author);
	if (strcmp(name, "image") == 0)
		return dup_or_null(f->image);
	if (strcmp(name, "updated") == 0)
		return fmt_date(f->updated);
	if (strcmp(name, "n_items") == 0)
		return xasprintf("%zu", f->n_items);
	return xstrdup("?unknown field");
}

/* Every field of a feed, for comparing two readings of one document. */
static char *
dump(const struct feed *f)
{
	static const char *feed_fields[] = { "format", "title", "link",
	    "description", "language", "author", "image", "updated",
	    "n_items" };
	static const char *item_fields[] = { "title", "link", "guid",
	    "guid_derived", "authors", "summary", "summary_type", "content",
	    "content_type", "published", "updated", "categories", "comments",
	    "image", "duration", "n_enclosures", "enclosure.url",
	    "enclosure.type", "enclosure.length" };
	struct buf b;
	size_t i, j;
	char *v;

	buf_init(&b, 0);
	for (i = 0; i < UTIL_ARRAY_LEN(feed_fields); i++) {
		v = field(f, feed_fields[i]);
		buf_printf(&b, "%s=%s\n", feed_fields[i], v ? v : "(null)");
		free(v);
	}
	for (j = 0; j < f->n_items; j++)
		for (i = 0; i < UTIL_ARRAY_LEN(item_fields); i++) {
			v = item_field(f->items[j], item_fields[i]);
			buf_printf(&b, "item%zu.%s=%s\n", j, item_fields[i],
			    v ? v : "(null)");
			free(v);
		}
	return buf_detach(&b);
}

/* ---- table-driven cases ------------------------------------------------ */

struct want {
	const char	*field;
	const char	*value;		/* NULL: the field is absent */
};

struct feed_case {
	const char	*name;
	const char	*doc;
	size_t		 len;		/* 0: strlen(doc) */
	const char	*url;		/* the document's address */
	const char	*charset;	/* as HTTP would give it */
	struct want	 want[8];
};

#define RSS(body) "<rss version=\"2.0\"><channel>" body "</channel></rss>"
#define ITEM(body) RSS("<item>" body "</item>")
#define ATOM(body) "<feed xmlns=\"http://www.w3.org/2005/Atom\">" body \
	"</feed>"
#define ENTRY(body) ATOM("<entry>" body "</entry>")

static const struct feed_case cases[] = {
	/* Every version is told apart. */
	{ "RSS 0.90", "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-"
	    "syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">"
	    "<channel><title>Old</title></channel><item><title>I</title>"
	    "<link>http://e.org/i</link></item></rdf:RDF>", 0, NULL, NULL,
	    { { "format", "rss0.90" }, { "title", "Old" },
	    { "items[0].link", "http://e.org/i" } } },
	{ "RSS 0.91", "<rss version=\"0.91\"><channel><title>T</title>"
	    "</channel></rss>", 0, NULL, NULL, { { "format", "rss0.91" } } },
	{ "RSS 0.92", "<rss version=\"0.92\"><channel/></rss>", 0, NULL,
	    NULL, { { "format", "rss0.92" } } },
	{ "RSS 0.93", "<rss version=\"0.93\"><channel/></rss>", 0, NULL,
	    NULL, { { "format", "rss0.93" } } },
	{ "RSS 0.94", "<rss version=\"0.94\"><channel/></rss>", 0, NULL,
	    NULL, { { "format", "rss0.94" } } },
	{ "RSS 1.0", "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-"
	    "syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel "
	    "rdf:about=\"http://e.org/\"><title>R</title></channel>"
	    "<item rdf:about=\"http://e.org/1\"><title>One</title></item>"
	    "</rdf:RDF>", 0, NULL, NULL,
	    { { "format", "rss1.0" }, { "items[0].title", "One" },
	    { "items[0].guid", "http://e.org/1" },
	    { "items[0].guid_derived", "0" },
	    { "items[0].link", "http://e.org/1" } } },
	{ "RSS 1.0 <link> beats rdf:about", "<rdf:RDF xmlns:rdf=\"http://www"
	    ".w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/"
	    "1.0/\"><item rdf:about=\"http://e.org/about\"><link>http://e.org"
	    "/link</link></item></rdf:RDF>", 0, NULL, NULL,
	    { { "items[0].link", "http://e.org/link" },
	    { "items[0].guid", "http://e.org/about" } } },
	{ "RSS 2.0", RSS("<title>Two</title>"), 0, NULL, NULL,
	    { { "format", "rss2.0" }, { "title", "Two" } } },
	{ "RSS with no version is 2.0", "<rss><channel><title>T</title>"
	    "</channel></rss>", 0, NULL, NULL, { { "format", "rss2.0" } } },
	{ "Atom 0.3", "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/"
	    "ns#\"><title>A</title><entry><title>E</title><issued>2004-01-01"
	    "T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified>"
	    "</entry></feed>", 0, NULL, NULL,
	    { { "format", "atom0.3" }, { "items[0].title", "E" },
	    { "items[0].published", "2004-01-01T00:00:00Z" },
	    { "items[0].updated", "2004-01-02T00:00:00Z" } } },
	{ "Atom 1.0", ATOM("<title>A</title><updated>2020-05-06T07:08:09+02:00"
	    "</updated><author><name>Ann</name><email>a@e.org</email>"
	    "</author>"), 0, NULL, NULL,
	    { { "format", "atom1.0" }, { "title", "A" },
	    { "updated", "2020-05-06T05:08:09Z" }, { "author", "Ann" } } },
	{ "Atom in no namespace still reads as Atom", "<feed><entry><id>x</id>"
	    "<title>t</title></entry></feed>", 0, NULL, NULL,
	    { { "format", "atom1.0" }, { "items[0].guid", "x" },
	    { "items[0].title", "t" } } },
	{ "RSS in a namespace of its own", "<r:rss xmlns:r=\"http://backend."
	    "userland.com/rss2\" version=\"2.0\"><r:channel><r:title>N"
	    "</r:title><r:item><r:title>I</r:title></r:item></r:channel>"
	    "</r:rss>", 0, NULL, NULL,
	    { { "title", "N" }, { "items[0].title", "I" } } },
	{ "RSS 1.1", "<Channel xmlns=\"http://purl.org/net/rss1.1#\" xmlns:rdf"
	    "=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" rdf:about=\"http:"
	    "//e.org/\"><title>One</title><items rdf:parseType=\"Collection\">"
	    "<item rdf:about=\"http://e.org/1\"><title>I</title></item>"
	    "</items></Channel>", 0, NULL, NULL,
	    { { "format", "rss1.0" }, { "title", "One" },
	    { "items[0].title", "I" },
	    { "items[0].link", "http://e.org/1" } } },
	{ "an Atom entry document is a feed of one", "<entry xmlns=\"http://"
	    "www.w3.org/2005/Atom\"><id>e1</id><title>Solo</title></entry>", 0,
	    NULL, NULL, { { "format", "atom1.0" }, { "n_items", "1" },
	    { "items[0].guid", "e1" }, { "items[0].title", "Solo" } } },
	{ "RSS 1.0 items may use RSS 2.0 names", "<rdf:RDF xmlns:rdf=\"http:"
	    "//www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/"
	    "rss/1.0/\"><item><pubDate>Sat, 01 Jan 2000 00:00:00 GMT</pubDate>"
	    "</item></rdf:RDF>", 0, NULL, NULL,
	    { { "items[0].published", "2000-01-01T00:00:00Z" } } },
	{ "issued beats created; a repeated date corrects the first",
	    "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry>"
	    "<issued>2001-01-01T00:00:00Z</issued><created>2000-01-01T00:00:"
	    "00Z</created></entry><entry><created>2009-01-01T00:00:00Z"
	    "</created><created>2003-01-01T00:00:00Z</created></entry></feed>",
	    0, NULL, NULL,
	    { { "items[0].published", "2001-01-01T00:00:00Z" },
	    { "items[1].published", "2003-01-01T00:00:00Z" } } },
	{ "core RSS names without case", RSS("<TiTlE>Mixed</TiTlE><item>"
	    "<pubdate>Tue, 10 Jun 2003 04:00:00 GMT</pubdate></item>"), 0,
	    NULL, NULL, { { "title", "Mixed" },
	    { "items[0].published", "2003-06-10T04:00:00Z" } } },

	/* Bodies. */
	{ "content:encoded is the content, description the summary",
	    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/"
	    "modules/content/\"><channel><item><description>Short"
	    "</description><content:encoded><![CDATA[<p>Long</p>]]>"
	    "</content:encoded></item></channel></rss>", 0, NULL, NULL,
	    { { "items[0].summary", "Short" },
	    { "items[0].content", "<p>Long</p>" },
	    { "items[0].content_type", "html" } } },
	{ "Atom text, html and xhtml", ENTRY("<title type=\"text\">AT&amp;T "
	    "&lt;b&gt;</title><summary type=\"html\">&lt;b&gt;Bold&lt;/b&gt;"
	    "</summary><content type=\"xhtml\"><div xmlns=\"http://www.w3.org"
	    "/1999/xhtml\"><p>Hi <b>there</b><br/></p></div></content>"), 0,
	    NULL, NULL,
	    { { "items[0].title", "AT&T <b>" },
	    { "items[0].summary", "<b>Bold</b>" },
	    { "items[0].summary_type", "html" },
	    { "items[0].content", "<p>Hi <b>there</b><br /></p>" },
	    { "items[0].content_type", "html" } } },
	{ "Atom html and xhtml titles become text", ATOM("<entry><title "
	    "type=\"html\">&lt;em&gt;Big&lt;/em&gt; &amp;amp; small</title>"
	    "</entry><entry><title type=\"xhtml\"><div xmlns=\"http://www.w3."
	    "org/1999/xhtml\"><em>X</em>  y</div></title></entry>"), 0, NULL,
	    NULL,
	    { { "items[0].title", "Big & small" },
	    { "items[1].title", "X y" } } },
	{ "Atom text summary", ENTRY("<summary>a &lt; b</summary>"), 0, NULL,
	    NULL, { { "items[0].summary", "a < b" },
	    { "items[0].summary_type", "text" } } },
	{ "Atom base64 content", ENTRY("<content type=\"application/octet-"
	    "stream\">SGVsbG8=</content>"), 0, NULL, NULL,
	    { { "items[0].content", "Hello" } } },
	{ "Atom content of another type that is not base64", ENTRY("<title "
	    "type=\"application/x-custom\">test</title>"), 0, NULL, NULL,
	    { { "items[0].title", "test" } } },
	{ "HTML in an RSS title is reduced to text", ITEM("<title>&lt;b&gt;"
	    "Bold&lt;/b&gt;   news &amp;amp; more</title>"), 0, NULL, NULL,
	    { { "items[0].title", "Bold news & more" } } },
	{ "an unclosed '<' in an HTML title is text", ENTRY("<title type="
	    "\"html\">&lt;!DOCTYPE ~</title>"), 0, NULL, NULL,
	    { { "items[0].title", "<!DOCTYPE ~" } } },
	{ "a plain RSS title keeps its < and &", ITEM("<title>1 &lt; 2 &amp; "
	    "AT&amp;T</title>"), 0, NULL, NULL,
	    { { "items[0].title", "1 < 2 & AT&T" } } },
	{ "itunes:summary is a summary of last resort",
	    "<rss xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">"
	    "<channel><item><itunes:summary>it</itunes:summary><description>"
	    "desc</description></item></channel></rss>", 0, NULL, NULL,
	    { { "items[0].summary", "desc" } } },

	/* Links and bases. */
	{ "xml:base resolves Atom links", "<feed xmlns=\"http://www.w3.org/"
	    "2005/Atom\" xml:base=\"http://e.org/blog/\"><link href=\"/\"/>"
	    "<entry xml:base=\"2020/\"><link href=\"post.html\"/></entry>"
	    "<entry><link rel=\"alternate\" href=\"../x\"/></entry></feed>", 0,
	    "http://other.org/feed", NULL,
	    { { "link", "http://e.org/" },
	    { "items[0].link", "http://e.org/blog/2020/post.html" },
	    { "items[1].link", "http://e.org/x" } } },
	{ "xml:base resolves links in XHTML content", "<feed xmlns=\"http://"
	    "www.w3.org/2005/Atom\" xml:base=\"http://e.org/blog/\"><entry>"
	    "<content type=\"xhtml\" xml:base=\"2020/\"><div xmlns=\"http://"
	    "www.w3.org/1999/xhtml\"><a href=\"p.html?a=1&amp;b=2\">p</a>"
	    "<img src=\"/i.png\"/><a href=\"#top\">t</a></div></content>"
	    "</entry></feed>", 0, NULL, NULL,
	    { { "items[0].content", "<a href=\"http://e.org/blog/2020/p.html"
	    "?a=1&amp;b=2\">p</a><img src=\"http://e.org/i.png\" /><a href="
	    "\"http://e.org/blog/2020/#top\">t</a>" } } },
	{ "relative links resolve against the document URL",
	    ITEM("<link>/a?b=1&amp;c=2</link><enclosure url=\"m.mp3\" "
	    "type=\"audio/mpeg\" length=\"12\"/><comments>c</comments>"), 0,
	    "https://e.org/feeds/rss.xml", NULL,
	    { { "items[0].link", "https://e.org/a?b=1&c=2" },
	    { "items[0].enclosure.url", "https://e.org/feeds/m.mp3" },
	    { "items[0].enclosure.type", "audio/mpeg" },
	    { "items[0].enclosure.length", "12" },
	    { "items[0].comments", "https://e.org/feeds/c" } } },
	{ "an Atom href keeps its &", ENTRY("<link href=\"http://e.org/"
	    "?a=1&amp;b=2\"/>"), 0, NULL, NULL,
	    { { "items[0].link", "http://e.org/?a=1&b=2" } } },
	{ "a permalink guid is the link", ITEM("<guid>http://e.org/1</guid>"),
	    0, NULL, NULL, { { "items[0].link", "http://e.org/1" },
	    { "items[0].guid", "http://e.org/1" },
	    { "items[0].guid_derived", "0" } } },
	{ "guid isPermaLink=false is not a link", ITEM("<guid isPermaLink="
	    "\"false\">http://e.org/2</guid>"), 0, NULL, NULL,
	    { { "items[0].link", NULL }, { "items[0].guid", "http://e.org/2" },
	    { "items[0].guid_derived", "0" } } },
	{ "a <link> after a permalink guid wins", ITEM("<guid>http://e.org/g"
	    "</guid><link>http://e.org/l</link>"), 0, NULL, NULL,
	    { { "items[0].link", "http://e.org/l" } } },
	{ "no guid: the link is the guid", ITEM("<link>http://e.org/3</link>"),
	    0, NULL, NULL, { { "items[0].guid", "http://e.org/3" },
	    { "items[0].guid_derived", "1" } } },
	{ "FeedBurner's origLink beats its redirect",
	    "<rss xmlns:feedburner=\"http://rssnamespace.org/feedburner/ext/"
	    "1.0\"><channel><item><link>http://feedproxy.google.com/~r/x"
	    "</link><feedburner:origLink>http://e.org/real</feedburner:"
	    "origLink></item></channel></rss>", 0, NULL, NULL,
	    { { "items[0].link", "http://e.org/real" } } },

	/* People, dates, categories, media. */
	{ "RSS author forms keep the name", RSS("<item><author>a@e.org "
	    "(Ann A)</author></item><item><author>Bob B (b@e.org)</author>"
	    "</item><item><author>Cy C &lt;c@e.org&gt;</author></item><item>"
	    "<author>d@e.org</author></item>"), 0, NULL, NULL,
	    { { "items[0].author", "Ann A" }, { "items[1].author", "Bob B" },
	    { "items[2].author", "Cy C" }, { "items[3].author", "d@e.org" } } },
	{ "feed author: managingEditor before webMaster",
	    RSS("<webMaster>w@e.org (Web)</webMaster><managingEditor>"
	    "m@e.org (Editor)</managingEditor>"), 0, NULL, NULL,
	    { { "author", "Editor" } } },
	{ "itunes:author when nothing else names one",
	    "<rss xmlns:itunes=\"http://www.itunes.com/DTDs/PodCast-1.0.dtd\">"
	    "<channel><itunes:author>Pod</itunes:author><item><itunes:author>"
	    "Ep</itunes:author></item><item><itunes:author>X</itunes:author>"
	    "<author>Y</author></item></channel></rss>", 0, NULL, NULL,
	    { { "author", "Pod" }, { "items[0].authors", "Ep" },
	    { "items[1].authors", "Y" } } },
	{ "dates: pubDate, dc:date and lastBuildDate",
	    "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
	    "<pubDate>Mon, 01 Jan 2001 00:00:00 GMT</pubDate><lastBuildDate>"
	    "Tue, 02 Jan 2001 00:00:00 +0100</lastBuildDate><item><dc:date>"
	    "2002-03-04T05:06:07-01:00</dc:date></item><item><pubDate>bogus"
	    "</pubDate></item></channel></rss>", 0, NULL, NULL,
	    { { "updated", "2001-01-01T23:00:00Z" },
	    { "items[0].published", "2002-03-04T06:06:07Z" },
	    { "items[1].published", NULL } } },
	{ "categories from RSS, dc:subject, Atom and iTunes",
	    "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:atom="
	    "\"http://www.w3.org/2005/Atom\" xmlns:itunes=\"http://www.itunes"
	    ".com/dtds/podcast-1.0.dtd\"><channel><item><category>a</category>"
	    "<dc:subject>b</dc:subject><atom:category term=\"c\"/>"
	    "<atom:category term=\"t\" label=\"Label\"/><itunes:category "
	    "text=\"d\"/><category>a</category></item></channel></rss>", 0,
	    NULL, NULL, { { "items[0].categories", "a|b|c|Label|d" } } },
	{ "media:content is the enclosure when there is none",
	    "<rss xmlns:media=\"http://search.yahoo.com/mrss/\"><channel>"
	    "<item><media:content url=\"http://e.org/v.mp4\" type=\"video/mp4\""
	    " fileSize=\"99\"/><media:thumbnail url=\"http://e.org/t.jpg\"/>"
	    "<media:title>MT</media:title></item></channel></rss>", 0, NULL,
	    NULL, { { "items[0].enclosure.url", "http://e.org/v.mp4" },
	    { "items[0].enclosure.length", "99" },
	    { "items[0].image", "http://e.org/t.jpg" },
	    { "items[0].title", "MT" } } },
	{ "Atom enclosure link", ENTRY("<link rel=\"enclosure\" href=\"http://"
	    "e.org/p.mp3\" type=\"audio/mpeg\" length=\"123\"/>"), 0, NULL,
	    NULL, { { "items[0].n_enclosures", "1" },
	    { "items[0].enclosure.length", "123" },
	    { "items[0].link", NULL } } },
	{ "language from xml:lang, en_US written en-US", "<feed xmlns=\"http:"
	    "//www.w3.org/2005/Atom\" xml:lang=\"en_US\"/>", 0, NULL, NULL,
	    { { "language", "en-US" } } },
	{ "channel image, not its title", RSS("<title>Feed</title><image>"
	    "<title>Logo</title><url>/logo.png</url><link>http://x/</link>"
	    "</image>"), 0, "http://e.org/rss", NULL,
	    { { "title", "Feed" }, { "image", "http://e.org/logo.png" },
	    { "link", NULL } } },

	/* What the byte filter repairs. */
	{ "leading white space before <?xml", "\n\n  \t<?xml version=\"1.0\"?>"
	    RSS("<title>ws</title>"), 0, NULL, NULL, { { "title", "ws" } } },
	{ "a BOM and white space before <?xml", "\xef\xbb\xbf\r\n<?xml "
	    "version=\"1.0\" encoding=\"utf-8\"?>"
	    RSS("<title>b\xc3\xa9</title>"),
	    0, NULL, NULL, { { "title", "b\xc3\xa9" } } },
	{ "undeclared HTML entities and a bare &", ITEM("<title>caf&eacute; "
	    "&hellip; R&D &amp; AT&T &copy</title><description>x&nbsp;y"
	    "</description>"), 0, NULL, NULL,
	    { { "items[0].title", "caf\xc3\xa9 \xe2\x80\xa6 R&D & AT&T &copy" },
	    { "items[0].summary", "x\xc2\xa0y" } } },
	{ "an entity nobody declared stays as text", RSS("<title>a &bogus; b"
	    "</title>"), 0, NULL, NULL, { { "title", "a &bogus; b" } } },
	{ "character references: &#X, windows-1252 and controls",
	    RSS("<title>&#X41;&#146;&#x2019;&#27;&#0;&#xD800;!</title>"), 0,
	    NULL, NULL,
	    { { "title", "A\xe2\x80\x99\xe2\x80\x99\xef\xbf\xbd!" } } },
	{ "a '<' that starts no tag is text", RSS("<item><title>a < b <= c <3"
	    "</title></item><item><title>two</title></item>"), 0, NULL, NULL,
	    { { "items[0].title", "a < b <= c <3" },
	    { "items[1].title", "two" } } },
	{ "a '<' in an attribute value is text", "<?xml version=\"1.0\"?>"
	    "<!DOCTYPE rss [<!ENTITY e \"x\"><!-- \"' -->]><rss><!-- a \" "
	    "<b --><channel><?pi \" ?><item><enclosure url=\"http://e.org/"
	    "a<b\" type='a/b'/><title>t</title></item><item><title>u"
	    "</title></item></channel></rss>", 0, NULL, NULL,
	    { { "items[0].enclosure.url", "http://e.org/a<b" },
	    { "items[0].enclosure.type", "a/b" },
	    { "items[1].title", "u" } } },
	{ "malformed comments and a '>' in a value, in any chunking",
	    "<!--\nhead -- of the feed\n--->\n<rss version=\"2.0\"><channel>"
	    "<!-- a - b --><item><media:content xmlns:media=\"http://search."
	    "yahoo.com/mrss/\" url=\"http://e.org/x.mp4\" type=\"v>b</x>\"/>"
	    "<title>t</title></item><!----><item><title>u</title></item>"
	    "</channel></rss>", 0, NULL, NULL,
	    { { "items[0].enclosure.type", "v>b</x>" },
	    { "items[0].title", "t" }, { "items[1].title", "u" } } },
	{ "']]>' and '>' in text", RSS("<item><title>a ]]> b -> c</title>"
	    "</item><item><title>u</title></item>"), 0, NULL, NULL,
	    { { "items[0].title", "a ]]> b -> c" },
	    { "items[1].title", "u" } } },
	{ "CDATA is left alone", ITEM("<description><![CDATA[a &nbsp; & b]]>"
	    "</description>"), 0, NULL, NULL,
	    { { "items[0].summary", "a &nbsp; & b" } } },
	{ "windows-1252 bytes in a UTF-8 document", RSS("<title>na\xefve "
	    "\x93quoted\x94 \xe2\x82\xac</title>"), 0, NULL, NULL,
	    { { "title", "na\xc3\xafve \xe2\x80\x9cquoted\xe2\x80\x9d "
	    "\xe2\x82\xac" } } },
	{ "Latin-1 declared, UTF-8 sent", "<?xml version=\"1.0\" encoding="
	    "\"ISO-8859-1\"?>" RSS("<title>\xc3\xa9t\xc3\xa9 \xe9</title>"), 0,
	    NULL, NULL, { { "title", "\xc3\xa9t\xc3\xa9 \xc3\xa9" } } },
	{ "a declared encoding is decoded", "<?xml version=\"1.0\" encoding="
	    "\"windows-1251\"?>" RSS("<title>\xcf\xf0\xe8\xe2\xe5\xf2</title>"),
	    0, NULL, NULL, { { "title", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0"
	    "\xb5\xd1\x82" } } },
	{ "a legacy charset: a stray byte costs one character",
	    "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>" RSS("<title>"
	    "\x82\xa0\x81\xff\x82\xa2</title><item><title>\x83\x4a</title>"
	    "</item>"), 0, NULL, NULL,
	    { { "title", "\xe3\x81\x82\xef\xbf\xbd\xef\xbf\xbd\xe3\x81"
	    "\x84" }, { "items[0].title", "\xe3\x82\xab" } } },
	{ "gb2312 is read as GB18030, as feeds that say so mean",
	    "<?xml version=\"1.0\" encoding=\"gb2312\"?>"
	    RSS("<title>\x81\x40\xc4\xe3</title>"), 0, NULL, NULL,
	    { { "title", "\xe4\xb8\x82\xe4\xbd\xa0" } } },
	{ "an unknown encoding is read as UTF-8", "<?xml version=\"1.0\" "
	    "encoding=\"x-bogus\"?>" RSS("<title>\xc3\xa9</title>"), 0, NULL,
	    NULL, { { "title", "\xc3\xa9" } } },
	{ "the charset passed in is used", RSS("<title>caf\xe9 \x80</title>"),
	    0, NULL, "windows-1252",
	    { { "title", "caf\xc3\xa9 \xe2\x82\xac" } } },
	{ "the charset passed in beats the declaration", "<?xml version=\"1.0\""
	    " encoding=\"utf-8\"?>" RSS("<title>\xc1\xc2</title>"), 0, NULL,
	    "koi8-r", { { "title", "\xd0\xb0\xd0\xb1" } } },
	{ "UTF-16 with a BOM", "\xff\xfe<\0r\0s\0s\0>\0<\0c\0h\0a\0n\0n\0e\0"
	    "l\0>\0<\0t\0i\0t\0l\0e\0>\0\xe9\0<\0/\0t\0i\0t\0l\0e\0>\0"
	    "<\0/\0c\0h\0a\0n\0n\0e\0l\0>\0<\0/\0r\0s\0s\0>\0", 68, NULL,
	    NULL,
	    { { "title", "\xc3\xa9" } } },
	{ "UTF-16BE, no BOM, a label nobody knows, white space first",
	    "\0\n\0<\0?\0x\0m\0l\0 \0e\0n\0c\0o\0d\0i\0n\0g\0=\0'\0u\0t"
	    "\0f\0_\0\x31\0\x36\0'\0?\0>\0<\0r\0s\0s\0>\0<\0c\0h\0a\0n"
	    "\0n\0e\0l\0>\0<\0t\0i\0t\0l\0e\0>\0&\0e\0a\0c\0u\0t\0e\0;"
	    "\x20\xac\0<\0/\0t\0i\0t\0l\0e\0>\0<\0/\0c\0h\0a\0n\0n\0e"
	    "\0l\0>\0<\0/\0r\0s\0s\0>", 118, NULL, NULL,
	    { { "title", "\xc3\xa9\xe2\x82\xac" } } },
	{ "EBCDIC is read with the code page its declaration names",
	    "\x4c\x6f\xa7\x94\x93\x40\xa5\x85\x99\xa2\x89\x96\x95\x7e"
	    "\x7f\xf1\x4b\xf0\x7f\x40\x85\x95\x83\x96\x84\x89\x95\x87"
	    "\x7e\x7f\x89\x82\x94\xf5\xf0\xf0\x7f\x6f\x6e\x4c\x99\xa2"
	    "\xa2\x6e\x4c\x83\x88\x81\x95\x95\x85\x93\x6e\x4c\xa3\x89"
	    "\xa3\x93\x85\x6e\x4a\x4f\x80\x5a\x4c\x61\xa3\x89\xa3\x93"
	    "\x85\x6e\x4c\x61\x83\x88\x81\x95\x95\x85\x93\x6e\x4c\x61"
	    "\x99\xa2\xa2\x6e", 88, NULL, NULL,
	    { { "title", "[!\xc3\x98]" } } },
	{ "UTF-32LE with a BOM", "\xff\xfe\0\0<\0\0\0f\0\0\0e\0\0\0e"
	    "\0\0\0d\0\0\0>\0\0\0\xe9\0\0\0<\0\0\0/\0\0\0f\0\0\0e"
	    "\0\0\0e\0\0\0d\0\0\0>\0\0\0", 60, NULL, NULL,
	    { { "format", "atom1.0" } } },
};

static int
run_case(const struct feed_case *c)
{
	struct feed *f;
	char err[256] = "";
	size_t len = c->len ? c->len : strlen(c->doc), i;
	int ok = 1;

	f = feed_parse(c->doc, len, c->url, c->charset, err, sizeof err);
	if (f == NULL) {
		tap_ok(0, "%s: parses (%s)", c->name, err);
		return 0;
	}
	for (i = 0; i < UTIL_ARRAY_LEN(c->want) && c->want[i].field; i++) {
		char *v = field(f, c->want[i].field);

		tap_str(v, c->want[i].value, "%s: %s", c->name,
		    c->want[i].field);
		ok &= (v == NULL) == (c->want[i].value == NULL);
		free(v);
	}
	feed_free(f);
	return ok;
}

/* ---- properties --------------------------------------------------------- */

/* Does s hold a control character (\n and \t allowed in bodies)? */
static int
has_control(const char *s, int body)
{
	uint32_t cp;
	size_t k, n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	while (n > 0) {
		if ((k = str_utf8_decode(s, n, &cp)) == 0)
			return 1;	/* not UTF-8 either */
		if (str_is_unsafe(cp) && !(body && (cp == '\n' || cp == '\t')))
			return 1;
		s += k;
		n -= k;
	}
	return 0;
}

static int
list_has_control(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (has_control(list[i], 0))
			return 1;
	return 0;
}

static void
test_controls_removed(void)
{
	static const char doc[] =
	    "<rss xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
	    "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
	    "<channel><title>t\x1b[31m\x07</title><link>http://e.org/\x1b"
	    "</link><description>d\xc2\x9b" "2J</description><language>"
	    "en\x1b</language><managingEditor>\x1b]0;x\x07" "ed"
	    "</managingEditor>"
	    "<image><url>http://e.org/i\x7f.png</url></image>"
	    "<item><title>&#27;[2J&#x9b;x&#7;</title><link>http://e.org/\x07"
	    "a</link><guid>g\x1b</guid><author>a\x1b</author><description>"
	    "s\x1b\n\tok&#x1b;</description><content:encoded><![CDATA[c\x1b"
	    "\x07\xc2\x9b]]></content:encoded><category>k\x1b</category>"
	    "<comments>http://e.org/c\x1b</comments><enclosure url=\"http://"
	    "e.org/e\x1b.mp3\" type=\" audio/\x1bmpeg\n\" length=\"1\"/>"
	    "<itunes:duration>1:00\x1b</itunes:duration><itunes:image "
	    "href=\"http://e.org/\x1bi.jpg\"/></item></channel></rss>";
	struct feed *f;
	struct feed_item *it;
	char err[256];
	int bad;

	f = feed_parse(doc, sizeof doc - 1, NULL, NULL, err, sizeof err);
	if (f == NULL || f->n_items != 1) {
		tap_ok(0, "controls: the document parses (%s)", err);
		feed_free(f);
		return;
	}
	it = f->items[0];
	bad = has_control(f->title, 0) || has_control(f->link, 0) ||
	    has_control(f->description, 0) || has_control(f->language, 0) ||
	    has_control(f->author, 0) || has_control(f->image, 0);
	tap_ok(!bad, "controls: none left in the feed's fields");
	bad = has_control(it->title, 0) || has_control(it->link, 0) ||
	    has_control(it->guid, 0) || has_control(it->author, 0) ||
	    list_has_control(it->authors, it->n_authors) ||
	    has_control(it->summary, 1) || has_control(it->content, 1) ||
	    list_has_control(it->categories, it->n_categories) ||
	    has_control(it->comments, 0) || has_control(it->image, 0) ||
	    has_control(it->duration, 0) || it->n_enclosures != 1 ||
	    has_control(it->enclosures[0].url, 0) ||
	    has_control(it->enclosures[0].type, 0);
	tap_ok(!bad, "controls: none left in the item's fields");
	tap_str(f->title, "t[31m",
	    "controls: ESC and BEL dropped from a title");
	tap_str(it->summary, "s\n\tok", "controls: a body keeps \\n and \\t");
	tap_str(it->n_enclosures ? it->enclosures[0].type : NULL, "audio/mpeg",
	    "controls: an enclosure type is trimmed and cleaned");
	feed_free(f);
}

static void
test_external_entities(void)
{
	static const char *docs[] = {
		"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM "
		"\"file:///etc/passwd\">]><rss><channel><title>a&x;b</title>"
		"</channel></rss>",
		"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "
		"\"file:///etc/passwd\"> %p;]><rss><channel><title>ab</title>"
		"</channel></rss>",
		"<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"file:///etc/"
		"passwd\"><rss><channel><title>ab</title></channel></rss>",
		"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM "
		"\"http://127.0.0.1:9/x\">]><rss><channel><title>a&x;b</title>"
		"</channel></rss>",
	};
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(docs); i++) {
		char err[256] = "";
		struct feed *f = feed_parse(docs[i], strlen(docs[i]), NULL,
		    NULL, err, sizeof err);

		tap_str(f ? f->title : err, "ab",
		    "external entity %zu is never read", i + 1);
		feed_free(f);
	}
}

static void
test_internal_entity(void)
{
	static const char doc[] = "<?xml version=\"1.0\"?><!DOCTYPE rss ["
	    "<!ENTITY me \"Jo\">]><rss><channel><title>by &me;</title>"
	    "</channel></rss>";
	char err[256] = "";
	struct feed *f = feed_parse(doc, sizeof doc - 1, NULL, NULL, err,
	    sizeof err);

	tap_str(f ? f->title : err, "by Jo",
	    "an entity the document declares is expanded");
	feed_free(f);
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_billion_laughs(void)
{
	struct buf b;
	struct feed *f;
	char err[256] = "";
	double t;
	int i, j;

	buf_init(&b, 0);
	buf_puts(&b, "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY l0 "
	    "\"lol\">");
	for (i = 1; i <= 12; i++) {
		buf_printf(&b, "<!ENTITY l%d \"", i);
		for (j = 0; j < 10; j++)
			buf_printf(&b, "&l%d;", i - 1);
		buf_puts(&b, "\">");
	}
	buf_puts(&b, "]><rss><channel><title>&l12;</title><item><title>"
	    "after</title></item></channel></rss>");
	t = seconds();
	f = feed_parse(b.data, b.len, NULL, NULL, err, sizeof err);
	t = seconds() - t;
	tap_time(t < 2.0, "billion laughs: done in %.3f s", t);
	tap_ok(f == NULL || f->title == NULL ||
	    strlen(f->title) <= FEED_MAX_FIELD,
	    "billion laughs: the expansion is bounded");
	feed_free(f);
	buf_free(&b);
}

static void
test_deep_nesting(void)
{
	const int depth = 100000;
	struct buf b;
	struct feed *f;
	char err[256] = "";
	int i;

	buf_init(&b, 0);
	buf_puts(&b, "<rss><channel><item><title>ok</title></item>");
	for (i = 0; i < depth; i++)
		buf_puts(&b, "<a>");
	for (i = 0; i < depth; i++)
		buf_puts(&b, "</a>");
	buf_puts(&b, "</channel></rss>");
	f = feed_parse(b.data, b.len, NULL, NULL, err, sizeof err);
	tap_ok(f == NULL, "100,000-deep nesting is refused");
	tap_ok(strstr(err, "nest") != NULL, "with a reason: %s", err);
	feed_free(f);
	buf_free(&b);
}

/* Documents that are not feeds, and the reason given. */
static void
test_refused(void)
{
	static const struct {
		const char *name, *doc, *reason;
	} docs[] = {
		{ "an XHTML page", "<?xml version=\"1.0\"?><html xmlns="
		    "\"http://www.w3.org/1999/xhtml\"><head><title>x</title>"
		    "</head><body/></html>", "not a feed" },
		{ "an HTML page", "<!DOCTYPE html>\n<html lang=en><head><meta "
		    "charset=utf-8><title>Shop</title></head><body><p>Hi<br>"
		    "</body></html>", "not a feed" },
		{ "a lower-case doctype", "\n<!doctype html><html><body>&nbsp;"
		    "</body></html>", "not a feed" },
		{ "an empty document", "", "empty" },
		{ "white space only", " \r\n\t ", "empty" },
		{ "plain text", "hello, world", "not" },
		{ "another XML document", "<?xml version=\"1.0\"?><opml "
		    "version=\"2.0\"/>", "not a feed" },
	};
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(docs); i++) {
		char err[256] = "";
		struct feed *f = feed_parse(docs[i].doc, strlen(docs[i].doc),
		    NULL, NULL, err, sizeof err);

		tap_ok(f == NULL && strstr(err, docs[i].reason) != NULL,
		    "%s is refused: %s", docs[i].name, err);
		feed_free(f);
	}
}

static void
parse_for_error(const char *doc, size_t len, char *err, size_t errlen)
{
	struct feed *f = feed_parse(doc, len, NULL, NULL, err, errlen);

	feed_free(f);
}

/* Megabytes of white space are not held waiting for the document. */
static void
test_blank_flood(void)
{
	struct feed_parser *p = feed_parser_new(NULL, NULL, NULL, NULL);
	static const char doc[] = RSS("<title>late</title>");
	char blanks[4096], err[256] = "";
	int i, rc;

	memset(blanks, ' ', sizeof blanks);
	for (i = 0; i < 1024; i++)
		feed_parser_push(p, blanks, sizeof blanks);
	feed_parser_push(p, doc, strlen(doc));
	rc = feed_parser_finish(p, err, sizeof err);
	tap_ok(rc == 0, "4 MiB of white space, then a feed (%s)", err);
	tap_str(feed_parser_feed(p)->title, "late",
	    "the feed after the white space is read");
	feed_parser_free(p);
}

/* The reason given is valid UTF-8 even when cut to fit. */
static void
test_error_utf8(void)
{
	struct buf b;
	char err[256], small[31];
	int i;

	buf_init(&b, 0);
	buf_putc(&b, '<');
	for (i = 0; i < 60; i++)
		buf_puts(&b, "\xc3\xa9");
	buf_puts(&b, "/>");
	err[0] = small[0] = '\0';
	parse_for_error(b.data, b.len, err, sizeof err);
	parse_for_error(b.data, b.len, small, sizeof small);
	tap_ok(str_utf8_valid(err, strlen(err)) && strlen(err) > 0,
	    "a long non-ASCII root name gives a valid message");
	tap_ok(str_utf8_valid(small, strlen(small)) && strlen(small) > 0,
	    "the message cut to %zu bytes is valid UTF-8", sizeof small);
	parse_for_error("<a\xef\xbb\xbf\xe2\x80\xae/>", 10, err, sizeof err);
	tap_ok(!has_control(err, 0), "the message has no invisible or "
	    "control character: %s", err);
	buf_free(&b);
}

/* Parses doc (len bytes, or all when 0) and checks the parser's warning. */
static void
truncated_warning(const char *doc, size_t len, const char *want,
    const char *what)
{
	struct feed_parser *p = feed_parser_new(NULL, NULL, NULL, NULL);
	char err[256] = "";
	int rc;

	rc = feed_parser_push(p, doc, len ? len : strlen(doc));
	if (rc == 0)
		rc = feed_parser_finish(p, err, sizeof err);
	tap_ok(rc == 0, "%s: read (%s)", what, err);
	tap_str(feed_parser_warning(p), want, "%s: the warning", what);
	feed_parser_free(p);
}

static void
test_truncated(void)
{
	static const char doc[] = RSS("<title>T</title><item><title>one"
	    "</title></item><item><title>two</title></item><item><title>th");
	size_t cut = strlen(doc) - strlen("</channel></rss>");
	char err[256] = "";
	struct feed *f = feed_parse(doc, cut, NULL, NULL, err, sizeof err);

	tap_ok(f != NULL, "a truncated document is still read (%s)", err);
	if (f != NULL) {
		tap_ok(f->n_items == 2, "the two items before the cut are kept "
		    "(%zu)", f->n_items);
		tap_str(f->n_items == 2 ? f->items[1]->title : NULL, "two",
		    "the last whole item is intact");
	}
	feed_free(f);
	truncated_warning(doc, cut, "cut short: the document ends inside "
	    "<title>, after 2 whole articles", "a document cut mid-item");
	truncated_warning(doc, strlen(doc), NULL, "the same document whole");
	truncated_warning(RSS("<item><title>one</title></item>"
	    "<!-- generated in 0.1 s -->"), 0, NULL,
	    "a comment after the root");
	/* A mismatched end tag is an error before the end: what it left open
	 * is no proof of a cut. */
	truncated_warning("<rss version=\"2.0\"><channel><item><title>one"
	    "</title></item></rss>", 0, NULL, "a mismatched end tag");
	truncated_warning("<feed xmlns=\"http://www.w3.org/2005/Atom\">"
	    "<title>A</title><entry><title>e</title></entry><entry>", 0,
	    "cut short: the document ends inside <entry>, after 1 whole "
	    "article", "an Atom feed cut after an entry's start tag");
}

static void
test_stable_guid(void)
{
	static const char doc[] = ITEM("<title>No id</title><description>"
	    "body</description>");
	struct feed *a, *b;
	char err[256];

	a = feed_parse(doc, strlen(doc), NULL, NULL, err, sizeof err);
	b = feed_parse(doc, strlen(doc), NULL, NULL, err, sizeof err);
	if (a == NULL || b == NULL || a->n_items != 1 || b->n_items != 1) {
		tap_ok(0, "stable guid: the document parses");
	} else {
		tap_str(a->items[0]->guid, b->items[0]->guid,
		    "a derived guid is the same on every reading");
		tap_ok(a->items[0]->guid_derived &&
		    str_has_prefix_ci(a->items[0]->guid, "tidings:"),
		    "a guid derived from the content is marked so");
	}
	feed_free(a);
	feed_free(b);
}

/* Reads doc pushed in pieces of step bytes. */
static char *
dump_in_steps(const char *doc, size_t len, size_t step, const char *charset)
{
	struct feed_parser *p = feed_parser_new("http://e.org/f", charset,
	    NULL, NULL);
	char err[256] = "", *r;
	size_t i;

	for (i = 0; i < len; i += step)
		feed_parser_push(p, doc + i, len - i < step ? len - i : step);
	if (feed_parser_finish(p, err, sizeof err) == -1)
		r = xasprintf("ERROR: %s", err);
	else
		r = dump(feed_parser_feed(p));
	feed_parser_free(p);
	return r;
}

static void
test_streaming(void)
{
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(cases); i++) {
		const struct feed_case *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->doc);
		char *whole = dump_in_steps(c->doc, len, len ? len : 1,
		    c->charset);
		char *bytes = dump_in_steps(c->doc, len, 1, c->charset);
		char *threes = dump_in_steps(c->doc, len, 3, c->charset);

		tap_ok(strcmp(whole, bytes) == 0 && strcmp(whole, threes) == 0,
		    "streaming: %s reads the same byte by byte", c->name);
		if (strcmp(whole, bytes) != 0)
			printf("#   whole:\n%s#   byte by byte:\n%s", whole,
			    bytes);
		free(whole);
		free(bytes);
		free(threes);
	}
}

struct collected {
	int	 calls;
	int	 stop_at;
	char	 titles[64];
};

static int
collect(void *arg, const struct feed *f, struct feed_item *it)
{
	struct collected *c = arg;
	size_t n = strlen(c->titles);

	c->calls++;
	snprintf(c->titles + n, sizeof c->titles - n, "%s%s", n ? "," : "",
	    it->title ? it->title : "?");
	feed_item_free(it);
	return c->calls == c->stop_at ? -1 : 0;
}

static void
test_callback(void)
{
	static const char doc[] = RSS("<title>F</title><item><title>a</title>"
	    "</item><item><title>b</title></item><item><title>c</title>"
	    "</item>");
	struct collected c = { 0, 0, "" };
	struct feed_parser *p;
	char err[256] = "";
	int rc;

	p = feed_parser_new(NULL, NULL, collect, &c);
	feed_parser_push(p, doc, strlen(doc));
	rc = feed_parser_finish(p, err, sizeof err);
	tap_ok(rc == 0, "callback: the document reads (%s)", err);
	tap_str(c.titles, "a,b,c", "callback: items come one by one, in order");
	tap_ok(feed_parser_feed(p)->n_items == 0,
	    "callback: items are not also collected");
	tap_str(feed_parser_feed(p)->title, "F",
	    "callback: the feed's fields are there");
	feed_parser_free(p);

	memset(&c, 0, sizeof c);
	c.stop_at = 2;
	p = feed_parser_new(NULL, NULL, collect, &c);
	rc = feed_parser_push(p, doc, strlen(doc));
	tap_ok(rc == -1, "callback: -1 stops the push");
	tap_str(c.titles, "a,b", "callback: no item after the stop");
	feed_parser_free(p);
}

static void
test_helpers(void)
{
	static const struct {
		const char *base, *ref, *want;
	} urls[] = {
		{ "http://e.org/a/b", "c", "http://e.org/a/c" },
		{ "http://e.org/a/b", "/c?d#e", "http://e.org/c?d#e" },
		{ "http://e.org/a/", "../x", "http://e.org/x" },
		{ "http://e.org/", "https://o.org/", "https://o.org/" },
		{ NULL, " http://e.org/ x ", "http://e.org/ x" },
		{ "http://e.org/", "   ", NULL },
	};
	static const struct {
		const char *in, *want;
	} texts[] = {
		{ "<b>Bold</b> &amp; <i>it</i>", "Bold & it" },
		{ "a < b & c", "a < b & c" },
		{ "<p>one</p><p>two</p>", "one two" },
		{ "x<script>evil()</script>y", "xy" },
		{ "  spaced \t out  ", "spaced out" },
		{ "AT&T &#; &#xZZ; &1; &", "AT&T &#; &#xZZ; &1; &" },
		{ "&#x41;&#66;&eacute;", "AB\xc3\xa9" },
	};
	size_t i;
	char *r;

	for (i = 0; i < UTIL_ARRAY_LEN(urls); i++) {
		r = feed_resolve_url(urls[i].base, urls[i].ref);
		tap_str(r, urls[i].want, "feed_resolve_url(%s, \"%s\")",
		    urls[i].base ? urls[i].base : "NULL", urls[i].ref);
		free(r);
	}
	for (i = 0; i < UTIL_ARRAY_LEN(texts); i++) {
		r = feed_text_from_html(texts[i].in);
		tap_str(r, texts[i].want, "feed_text_from_html(\"%s\")",
		    texts[i].in);
		free(r);
	}
}

/* What libxml2's own error channels print (to a scratch stderr). */
static void *
libxml_says(void *arg)
{
	(void)arg;
	xmlGenericError(xmlGenericErrorContext, "tidings-test: generic\n");
	/* A parse with no handlers of its own goes to the global ones. */
	xmlFreeDoc(xmlReadMemory("<a><b></a>", 10, NULL, NULL, 0));
	return NULL;
}

static void
test_quiet_libxml(void)
{
	char path[] = "/tmp/test_feed.XXXXXX";
	pthread_t t;
	off_t size;
	int fd, saved;

	feed_init();
	if ((fd = mkstemp(path)) == -1) {
		tap_skip("mkstemp failed");
		return;
	}
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	libxml_says(NULL);
	if (pthread_create(&t, NULL, libxml_says, NULL) == 0)
		pthread_join(t, NULL);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(path);
	tap_ok(size == 0, "feed_init: libxml2 prints nothing, in this thread "
	    "or another (%lld bytes)", (long long)size);
}

int
main(void)
{
	size_t i;

	setlocale(LC_ALL, "");
	test_quiet_libxml();
	for (i = 0; i < UTIL_ARRAY_LEN(cases); i++)
		run_case(&cases[i]);
	test_controls_removed();
	test_external_entities();
	test_internal_entity();
	test_billion_laughs();
	test_deep_nesting();
	test_refused();
	test_blank_flood();
	test_error_utf8();
	test_truncated();
	test_stable_guid();
	test_streaming();
	test_callback();
	test_helpers();
	xmlCleanupParser();
	return tap_done();
}
