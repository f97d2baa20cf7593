/*
 * test_readability.c: reader mode, measured and pinned.
 *
 * Measured on the readability corpus ($TIDINGS_CORPUS/readability/
 * test-pages: real pages with the article Mozilla's Readability.js takes
 * from each): per page, the F1 of the word multisets of our article and
 * the expected one, and whether title, byline, excerpt, site name and
 * publication time match the expected metadata. The scores are printed as
 * TAP diagnostics and the test fails below the floors at the top, which
 * are raised as the extractor improves. Pinned on pages of our own:
 * boilerplate around a news article, URL resolution, hidden elements,
 * scripts and event handlers, errors for input that is no page.
 * Must never depend on the corpus being present: it skips visibly.
 */
#include "config.h"

#include <dirent.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "buf.h"
#include "date.h"
#include "html.h"
#include "json.h"
#include "readability.h"
#include "str.h"
#include "tap.h"
#include "util.h"

/* Floors: raise them as the extractor improves, never lower them. */
#define FLOOR_MEDIAN_F1		0.98	/* median word F1 over the corpus */
#define FLOOR_MIN_F1		0.95	/* every page's word F1 */
#define FLOOR_TITLE		0.95	/* share of pages whose title matches */
#define FLOOR_BYLINE		0.95
#define FLOOR_EXCERPT		0.95
#define FLOOR_SITE		0.95
#define FLOOR_PUBLISHED		0.95

#define MAX_FILE	(16u << 20)
#define MAX_PAGES	256

/* ---- Words of an HTML text, as a sorted multiset. ---- */

struct words {
	char		**w;
	size_t		 n;
	size_t		 cap;
};

static void
words_add(struct words *ws, const char *s, size_t n)
{
	char *w;
	size_t i;

	if (n == 0)
		return;
	if (ws->n == ws->cap) {
		ws->cap = ws->cap ? ws->cap * 2 : 256;
		ws->w = xreallocarray(ws->w, ws->cap, sizeof(*ws->w));
	}
	w = xstrndup(s, n);
	for (i = 0; i < n; i++)
		if (w[i] >= 'A' && w[i] <= 'Z')
			w[i] = (char)(w[i] + 32);
	ws->w[ws->n++] = w;
}

/* Splits text into words: runs of ASCII letters and digits or non-ASCII. */
static void
words_split(struct words *ws, const char *s)
{
	const char *p = s, *start = NULL;

	for (;; p++) {
		unsigned char c = (unsigned char)*p;
		int wc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c >= 0x80;

		if (wc && start == NULL)
			start = p;
		else if (!wc && start != NULL) {
			words_add(ws, start, (size_t)(p - start));
			start = NULL;
		}
		if (c == '\0')
			break;
	}
}

static int
words_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
words_free(struct words *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
	memset(ws, 0, sizeof(*ws));
}

static int
is_inline(const char *name)
{
	static const char *const inl[] = {
		"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data",
		"del", "dfn", "em", "font", "i", "ins", "kbd", "label", "mark",
		"q", "s", "samp", "small", "span", "strike", "strong", "sub",
		"sup", "time", "tt", "u", "var", NULL
	};
	size_t i;

	for (i = 0; inl[i] != NULL; i++)
		if (strcmp(name, inl[i]) == 0)
			return 1;
	return 0;
}

/* The words of an HTML fragment's text; block edges separate words. */
static void
html_words(const char *html, struct words *ws)
{
	htmlParserCtxtPtr ctxt;
	xmlDoc *d = NULL;
	xmlNode *n, *root;
	struct buf b;
	char *clean = str_clean(html, strlen(html), STR_KEEP_NEWLINES);

	buf_init(&b, 0);
	if (*clean != '\0' && (ctxt = htmlNewParserCtxt()) != NULL) {
		ctxt->sax->ignorableWhitespace = xmlSAX2Characters;
		d = htmlCtxtReadMemory(ctxt, clean, (int)strlen(clean), NULL,
		    "UTF-8", HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
		    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
		htmlFreeParserCtxt(ctxt);
	}
	free(clean);
	root = d != NULL ? xmlDocGetRootElement(d) : NULL;
	n = root;
	while (n != NULL) {
		int skip = n->type == XML_ELEMENT_NODE &&
		    (strcmp((const char *)n->name, "script") == 0 ||
		    strcmp((const char *)n->name, "style") == 0);

		if (n->type == XML_TEXT_NODE || n->type ==
		    XML_CDATA_SECTION_NODE)
			buf_puts(&b, (const char *)n->content);
		else if (n->type == XML_ELEMENT_NODE &&
		    !is_inline((const char *)n->name))
			buf_putc(&b, ' ');
		if (!skip && n->type == XML_ELEMENT_NODE &&
		    n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != root && n->next == NULL) {
			n = n->parent;
			if (n->type == XML_ELEMENT_NODE &&
			    !is_inline((const char *)n->name))
				buf_putc(&b, ' ');
		}
		n = n == root ? NULL : n->next;
	}
	if (d != NULL)
		xmlFreeDoc(d);
	words_split(ws, b.data ? b.data : "");
	buf_free(&b);
	qsort(ws->w, ws->n, sizeof(*ws->w), words_cmp);
}

/* F1 of two sorted word multisets. */
static double
words_f1(const struct words *a, const struct words *b)
{
	size_t i = 0, j = 0, common = 0;
	int c;

	if (a->n == 0 && b->n == 0)
		return 1;
	while (i < a->n && j < b->n) {
		c = strcmp(a->w[i], b->w[j]);
		if (c == 0) {
			common++;
			i++;
			j++;
		} else if (c < 0)
			i++;
		else
			j++;
	}
	return 2.0 * (double)common / (double)(a->n + b->n);
}

static double
html_f1(const char *got, const char *want, size_t *ngot, size_t *nwant)
{
	struct words a = { 0 }, b = { 0 };
	double f;

	html_words(got, &a);
	html_words(want, &b);
	f = words_f1(&a, &b);
	*ngot = a.n;
	*nwant = b.n;
	words_free(&a);
	words_free(&b);
	return f;
}

/* ---- Files. ---- */

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	buf_init(&b, MAX_FILE);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(&b, chunk, n) < 0)
			break;
	fclose(f);
	if (len != NULL)
		*len = b.len;
	return buf_detach(&b);
}

/* ---- Metadata comparison. ---- */

/* Folds white space, trims and lowercases (ASCII) a copy of s. */
static char *
norm(const char *s)
{
	char *r, *p;

	if (s == NULL)
		return NULL;
	r = str_clean(s, strlen(s), STR_FOLD_SPACE | STR_TRIM);
	for (p = r; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	if (strncmp(r, "by ", 3) == 0)
		memmove(r, r + 3, strlen(r + 3) + 1);
	return r;
}

static int
same_text(const char *got, const char *want)
{
	char *a = norm(got), *b = norm(want);
	int r;

	if (a == NULL || b == NULL)
		r = (a == NULL || *a == '\0') && (b == NULL || *b == '\0');
	else
		r = strcmp(a, b) == 0;
	free(a);
	free(b);
	return r;
}

/*
 * Titles match when equal, or when the expected one is ours plus a
 * " | Site" part that we strip on purpose.
 */
static int
same_title(const char *got, const char *want)
{
	char *a = norm(got), *b = norm(want);
	size_t n;
	int r = 0;

	if (a == NULL || b == NULL)
		r = a == b;
	else if (strcmp(a, b) == 0)
		r = 1;
	else if ((n = strlen(a)) > 0 && strncmp(a, b, n) == 0 &&
	    b[n] == ' ' && b[n + 1] != '\0' && strchr("|-/>\\\xe2\xc2",
	    b[n + 1]) != NULL)
		r = 1;
	free(a);
	free(b);
	return r;
}

/*
 * 1 when the times match, 2 when the reference has none and we found one
 * in the page (<time itemprop=datePublished>, which Readability.js does
 * not read), 0 otherwise.
 */
static int
same_time(int64_t got, const char *want)
{
	if (want == NULL)
		return got == DATE_NONE ? 1 : 2;
	return got == date_parse(want);
}

/* ---- The corpus. ---- */

struct page_score {
	char		 name[64];
	double		 f1;
	int		 title, byline, excerpt, site, published;
};

static int
double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_corpus(void)
{
	const char *root = getenv("TIDINGS_CORPUS");
	struct page_score *ps;
	char *dir, *path, *src, *want, *meta, err[256], *names[MAX_PAGES];
	struct readability *r;
	struct json *mj;
	struct dirent *de;
	double f1s[MAX_PAGES], median, min;
	size_t n = 0, i, len, nw = 0, nwant = 0;
	int totals[5] = { 0 }, extra_dates = 0;
	DIR *d;

	if (root == NULL || *root == '\0')
		root = "../shared/corpus";
	dir = xasprintf("%s/readability/test-pages", root);
	if ((d = opendir(dir)) == NULL) {
		tap_skip("corpus: %s absent (set TIDINGS_CORPUS)", dir);
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL && n < MAX_PAGES)
		if (de->d_name[0] != '.')
			names[n++] = xstrdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	ps = xcalloc(n ? n : 1, sizeof(*ps));
	printf("# %-30s %5s %6s %6s  title byline excerpt site date\n",
	    "page", "F1", "words", "want");
	for (i = 0; i < n; i++) {
		struct page_score *p = &ps[i];
		char *url;

		util_errf(p->name, sizeof(p->name), "%s", names[i]);
		path = xasprintf("%s/%s/source.html", dir, names[i]);
		src = read_file(path, &len);
		free(path);
		path = xasprintf("%s/%s/expected.html", dir, names[i]);
		want = read_file(path, NULL);
		free(path);
		path = xasprintf("%s/%s/expected-metadata.json", dir, names[i]);
		meta = read_file(path, NULL);
		free(path);
		if (src == NULL || want == NULL || meta == NULL) {
			tap_ok(0, "corpus page %s: files readable", names[i]);
			free(src);
			free(want);
			free(meta);
			continue;
		}
		mj = json_parse(meta, strlen(meta), err, sizeof(err));
		/* The address Readability's tests give every page. */
		url = "http://fakehost/test/page.html";
		r = readability_extract(src, len, url, NULL, err, sizeof(err));
		p->f1 = r != NULL ? html_f1(r->content, want, &nw, &nwant) :
		    0;
		if (r != NULL) {
			p->title = same_title(r->title,
			    json_str(json_get(mj, "title")));
			p->byline = same_text(r->byline,
			    json_str(json_get(mj, "byline")));
			p->excerpt = same_text(r->excerpt,
			    json_str(json_get(mj, "excerpt")));
			p->site = same_text(r->site_name,
			    json_str(json_get(mj, "siteName")));
			p->published = same_time(r->published,
			    json_str(json_get(mj, "publishedTime")));
		}
		printf("# %-30s %5.3f %6zu %6zu  %-5s %-6s %-7s %-4s %s%s%s\n",
		    names[i], p->f1, nw, nwant, p->title ? "ok" : "NO",
		    p->byline ? "ok" : "NO", p->excerpt ? "ok" : "NO",
		    p->site ? "ok" : "NO", p->published == 2 ? "extra" :
		    p->published ? "ok" : "NO",
		    r == NULL ? "  error: " : "", r == NULL ? err : "");
		if (getenv("READABILITY_VERBOSE") != NULL && r != NULL)
			printf("#   title=%s\n#   byline=%s\n#   site=%s\n"
			    "#   excerpt=%.100s\n",
			    r->title ? r->title : "(null)",
			    r->byline ? r->byline : "(null)",
			    r->site_name ? r->site_name : "(null)",
			    r->excerpt ? r->excerpt : "(null)");
		if (getenv("READABILITY_DUMP") != NULL && r != NULL &&
		    strcmp(getenv("READABILITY_DUMP"), names[i]) == 0)
			printf("%s\n", r->content);
		tap_ok(p->f1 >= FLOOR_MIN_F1, "corpus page %s: word F1 %.3f "
		    ">= %.2f", names[i], p->f1, FLOOR_MIN_F1);
		totals[0] += p->title;
		totals[1] += p->byline;
		totals[2] += p->excerpt;
		totals[3] += p->site;
		totals[4] += p->published != 0;
		extra_dates += p->published == 2;
		f1s[i] = p->f1;
		readability_free(r);
		json_free(mj);
		free(src);
		free(want);
		free(meta);
	}
	if (n > 0) {
		static const char *const what[] = {
			"title", "byline", "excerpt", "site name",
			"publication time"
		};
		static const double floors[] = {
			FLOOR_TITLE, FLOOR_BYLINE, FLOOR_EXCERPT, FLOOR_SITE,
			FLOOR_PUBLISHED
		};
		qsort(f1s, n, sizeof(*f1s), double_cmp);
		median = n % 2 ? f1s[n / 2] : (f1s[n / 2 - 1] + f1s[n / 2]) / 2;
		min = f1s[0];
		printf("# %zu pages: median F1 %.3f, lowest %.3f; publication "
		    "time found where the reference has none: %d pages\n", n,
		    median, min, extra_dates);
		tap_ok(median >= FLOOR_MEDIAN_F1, "corpus: median word F1 "
		    "%.3f >= %.2f", median, FLOOR_MEDIAN_F1);
		for (i = 0; i < 5; i++)
			tap_ok((double)totals[i] / (double)n >= floors[i],
			    "corpus: %s matches on %d of %zu pages (%.0f%%, "
			    "floor %.0f%%)", what[i], totals[i], n,
			    100.0 * totals[i] / (double)n, 100 * floors[i]);
	} else
		tap_skip("corpus: no pages in %s", dir);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(ps);
	free(dir);
}

/* ---- Pages of our own. ---- */

#define P1 "Harbour officials confirmed on Tuesday that the old ferry " \
	"terminal, closed since the storm of 2019, will reopen next spring " \
	"after a renovation costing twelve million euros."
#define P2 "The work, which began in March, replaced the rotten pilings, " \
	"rebuilt the waiting hall and added a covered walkway to the bus " \
	"station, according to the port authority's latest report."
#define P3 "Commuters who have spent four winters on the temporary pontoon " \
	"greeted the news with relief, though several said they would " \
	"believe it when the first boat actually docked."
#define P4 "The mayor, speaking at the site, said the terminal would also " \
	"house a small museum about the island ferries, with photographs " \
	"lent by families who worked on them for generations."
#define P5 "Critics on the council argued that the money would have been " \
	"better spent on the roads, and asked why the budget had grown by " \
	"a third since the plans were first approved."
#define P6 "The port authority said the increase came from the price of " \
	"steel and from extra work on the foundations, and promised to " \
	"publish the full accounts before the terminal opens."
#define QUOTE "We waited a long time, but this is a building the town " \
	"can be proud of again."
#define CAPTION "The rebuilt waiting hall, seen from the harbour wall."

static const char news_page[] =
	"<!DOCTYPE html><html lang=\"en\"><head>"
	"<title>Old ferry terminal to reopen next spring | The Harbour "
	"Gazette</title>"
	"<meta property=\"og:site_name\" content=\"The Harbour Gazette\">"
	"<meta property=\"og:title\" content=\"Old ferry terminal to reopen "
	"next spring | The Harbour Gazette\">"
	"<meta name=\"description\" content=\"The terminal closed since the "
	"storm will reopen after a renovation.\">"
	"<meta property=\"article:published_time\" "
	"content=\"2024-03-05T09:30:00Z\">"
	"<script>document.write('SCRIPTTEXT');</script>"
	"<style>.x { color: red }</style>"
	"</head><body>"
	"<header class=\"site-header\"><a href=\"/\">The Harbour Gazette</a>"
	"<nav><ul><li><a href=\"/news\">NAVNEWS</a></li><li><a href=\"/sport\">"
	"NAVSPORT</a></li><li><a href=\"/weather\">NAVWEATHER</a></li></ul>"
	"</nav></header>"
	"<div class=\"cookie-banner\">COOKIEBANNER We use cookies, accept "
	"them all, please, now, thanks.</div>"
	"<div id=\"wrapper\"><main>"
	"<article class=\"story\">"
	"<h1>Old ferry terminal to reopen next spring</h1>"
	"<p class=\"byline\">By <a rel=\"author\" href=\"/staff/jr\">Jane "
	"Reporter</a></p>"
	"<div class=\"share-bar\"><a href=\"https://facebook.com/share\">"
	"SHAREFACEBOOK</a> <a href=\"https://twitter.com/intent\">"
	"SHARETWITTER</a></div>"
	"<p>" P1 "</p>"
	"<p>" P2 "</p>"
	"<figure><img src=\"../images/hall.jpg\" alt=\"The hall\">"
	"<figcaption>" CAPTION "</figcaption></figure>"
	"<p>" P3 "</p>"
	"<blockquote><p>" QUOTE "</p></blockquote>"
	"<p>" P4 " <a href=\"/museum?id=3&amp;x=1\" onclick=\"steal()\">"
	"museum plans</a></p>"
	"<p>" P5 "</p>"
	"<p>" P6 "</p>"
	"</article>"
	"<section class=\"related-stories\"><h2>RELATEDHEAD</h2><ul>"
	"<li><a href=\"/a\">RELATEDONE story about boats</a></li>"
	"<li><a href=\"/b\">RELATEDTWO story about harbours</a></li>"
	"<li><a href=\"/c\">RELATEDTHREE story about islands</a></li>"
	"</ul></section>"
	"<div id=\"comments\"><h3>COMMENTSHEAD</h3>"
	"<div class=\"comment\"><p>COMMENTONE I have been waiting for this "
	"for years, and honestly, it is about time they did it.</p></div>"
	"<div class=\"comment\"><p>COMMENTTWO Twelve million euros, for a "
	"ferry terminal, in this economy, is simply too much.</p></div>"
	"</div>"
	"</main>"
	"<aside class=\"sidebar\"><h3>SIDEBARHEAD</h3><ol>"
	"<li><a href=\"/x\">SIDEBARONE most read</a></li>"
	"<li><a href=\"/y\">SIDEBARTWO most read</a></li></ol></aside>"
	"</div>"
	"<footer><p>FOOTERTEXT Copyright 2024 The Harbour Gazette, all "
	"rights reserved, by the harbour.</p></footer>"
	"</body></html>";

static int
has(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static void
test_news_page(void)
{
	static const char *const article[] = {
		P1, P2, P3, P4, P5, P6, QUOTE, CAPTION
	};
	static const char *const boilerplate[] = {
		"SCRIPTTEXT", "NAVNEWS", "NAVSPORT", "COOKIEBANNER",
		"SHAREFACEBOOK", "SHARETWITTER", "RELATEDHEAD", "RELATEDONE",
		"COMMENTSHEAD", "COMMENTONE", "COMMENTTWO", "SIDEBARHEAD",
		"SIDEBARONE", "FOOTERTEXT", "color: red", "onclick", "steal",
		"<script", "<style", "class=", "Jane Reporter"
	};
	struct readability *r;
	struct html_doc *d;
	struct html_lines *ls;
	char err[256], *text;
	size_t i;
	int n, found;

	r = readability_extract(news_page, sizeof(news_page) - 1,
	    "https://gazette.example/news/2024/ferry.html", NULL, err,
	    sizeof(err));
	tap_ok(r != NULL, "news page: extracted (%s)", r ? "ok" : err);
	if (r == NULL)
		return;
	for (i = 0; i < UTIL_ARRAY_LEN(article); i++)
		tap_ok(has(r->content, article[i]), "news page: article "
		    "text %zu of %zu kept (%.30s...)", i + 1,
		    UTIL_ARRAY_LEN(article), article[i]);
	for (i = 0; i < UTIL_ARRAY_LEN(boilerplate); i++)
		tap_ok(!has(r->content, boilerplate[i]), "news page: "
		    "boilerplate \"%s\" dropped", boilerplate[i]);
	tap_ok(has(r->content, "<blockquote>"), "news page: the quote is "
	    "still a blockquote");
	tap_ok(has(r->content, "<figcaption>"), "news page: the caption is "
	    "still a figcaption");
	tap_ok(has(r->content, "src=\"https://gazette.example/news/images/"
	    "hall.jpg\""), "news page: image source made absolute");
	tap_ok(has(r->content, "href=\"https://gazette.example/museum?id=3"
	    "&amp;x=1\""), "news page: link made absolute, & escaped");
	tap_str(r->title, "Old ferry terminal to reopen next spring",
	    "news page: title without the site's suffix");
	tap_str(r->byline, "Jane Reporter", "news page: byline from "
	    "rel=author");
	tap_str(r->site_name, "The Harbour Gazette", "news page: site name");
	tap_ok(r->published == date_parse("2024-03-05T09:30:00Z"),
	    "news page: publication time");
	tap_str(r->excerpt, "The terminal closed since the storm will "
	    "reopen after a renovation.", "news page: excerpt from "
	    "description");
	tap_ok(r->length > 900 && r->length < 1300, "news page: length %zu "
	    "counts the article's characters", r->length);

	/* The renderer reads the result: every paragraph, absolute links. */
	d = html_parse(r->content, strlen(r->content), NULL);
	ls = html_layout(d, 100000, HTML_LAYOUT_LINKS);
	text = html_lines_text(ls);
	found = 1;
	for (i = 0; i < 6; i++)
		found &= has(text, article[i]);
	tap_ok(found, "news page: rendered text holds the six paragraphs");
	found = html_link_count(d) > 0;
	for (n = 1; n <= html_link_count(d); n++)
		found &= strncmp(html_link(d, n), "https://gazette.example/",
		    24) == 0;
	tap_ok(found, "news page: rendered links (%d) are all absolute",
	    html_link_count(d));
	free(text);
	html_lines_free(ls);
	html_free(d);
	readability_free(r);
}

/*
 * A blog page of the test's own with no <article>, no <p> (divs only),
 * its metadata in JSON-LD, and a blog engine's boilerplate around it:
 * menu, share bar, reply form, comment list, widgets, hidden text.
 */
static const char soup_page[] =
	"<html><head><title>Why tide tables matter - Ann's notes</title>\n"
	"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"BlogPosting\",\"headline\":\"Why tide tables matter\",\"author\":{\"@type\":\"Person\",\"name\":\"Ann Mariner\"},\"datePublished\":\"2024-05-01T12:00:00+02:00\",\"publisher\":{\"@type\":\"Organization\",\"name\":\"Ann's notes\"}}</script>\n"
	"</head><body>\n"
	"<div id=\"top\"><div class=\"menu\"><a href=\"/\">Home</a> | <a href=\"/about\">MENUABOUT</a> | <a href=\"/archive\">MENUARCHIVE</a></div></div>\n"
	"<div id=\"container\"><div id=\"left-column\">\n"
	"<div class=\"entry\">\n"
	"<div class=\"entry-title\">Why tide tables matter</div>\n"
	"<div class=\"entry-meta\">Posted on <time datetime=\"2024-05-01\">May 1</time> by Ann</div>\n"
	"<div class=\"entry-content\">\n"
	"<div>Every sailor learns the hard way that the sea keeps its own timetable, and the tide table is the only honest copy of it that anyone can carry in a pocket.</div>\n"
	"<div>Spring tides, which come twice a month with the new and the full moon, can move the water line by several metres in a few hours, and a harbour that was deep at noon may be a field of mud by evening.</div>\n"
	"<div>Neap tides are gentler, but they fool people in their own way, because a boat that floated easily last week may touch the bottom at the same hour this week, with no warning at all.</div>\n"
	"<div>The tables are computed from harmonic constants measured over many years at each port, which is why they are so reliable, and why a local table is always better than a general one.</div>\n"
	"<div>So before you leave, read the table, write the times on the back of your hand, and plan to be home an hour before the water says you must be.</div>\n"
	"</div>\n"
	"<div class=\"sharedaddy\">SHARETHIS <a href=\"/s1\">Facebook</a> <a href=\"/s2\">Twitter</a> <a href=\"/s3\">Email</a></div>\n"
	"</div>\n"
	"<div id=\"respond\" class=\"comment-respond\"><h3>LEAVEAREPLY</h3><form><textarea></textarea><input type=\"submit\" value=\"Post\"></form></div>\n"
	"<ol class=\"commentlist\"><li class=\"comment\">COMMENTBOB Great post, thank you for writing it, I learned a lot.</li></ol>\n"
	"</div>\n"
	"<div id=\"right-column\" class=\"widget-area\"><div class=\"widget\">WIDGETRECENT <a href=\"/p1\">Older post one</a> <a href=\"/p2\">Older post two</a> <a href=\"/p3\">Older post three</a></div>\n"
	"<div style=\"visibility:hidden\">HIDDENVIS invisible text</div></div>\n"
	"</div>\n"
	"<div id=\"bottom\">BOTTOMCREDITS Powered by a blog engine</div>\n"
	"</body></html>\n";

static void
test_soup_page(void)
{
	static const char *const article[] = {
		"the sea keeps its own timetable",
		"a field of mud by evening",
		"touch the bottom at the same hour this week",
		"harmonic constants measured over many years",
		"plan to be home an hour before the water says",
	};
	static const char *const boilerplate[] = {
		"MENUABOUT", "MENUARCHIVE", "Posted on", "SHARETHIS",
		"LEAVEAREPLY", "<textarea", "COMMENTBOB", "WIDGETRECENT",
		"HIDDENVIS", "BOTTOMCREDITS", "ld+json", "Older post",
	};
	struct readability *r;
	char err[256];
	size_t i;

	r = readability_extract(soup_page, sizeof(soup_page) - 1,
	    "https://ann.example/2024/05/tides/", NULL, err, sizeof(err));
	tap_ok(r != NULL, "div soup page: extracted (%s)", r ? "ok" : err);
	if (r == NULL)
		return;
	for (i = 0; i < UTIL_ARRAY_LEN(article); i++)
		tap_ok(has(r->content, article[i]), "div soup page: article "
		    "text kept: %s", article[i]);
	for (i = 0; i < UTIL_ARRAY_LEN(boilerplate); i++)
		tap_ok(!has(r->content, boilerplate[i]), "div soup page: "
		    "boilerplate \"%s\" dropped", boilerplate[i]);
	tap_str(r->title, "Why tide tables matter", "div soup page: title");
	tap_str(r->byline, "Ann Mariner", "div soup page: byline from "
	    "JSON-LD");
	tap_str(r->site_name, "Ann's notes", "div soup page: site name "
	    "from JSON-LD");
	tap_ok(r->published == date_parse("2024-05-01T10:00:00Z"),
	    "div soup page: publication time from JSON-LD, to UTC");
	readability_free(r);
}

/* A body of filler paragraphs long enough to be an article. */
#define FILLER "<p>Lorem ipsum dolor sit amet, consectetur adipiscing " \
	"elit, sed do eiusmod tempor incididunt ut labore et dolore magna " \
	"aliqua, ut enim ad minim veniam, quis nostrud exercitation.</p>"

struct link_case {
	const char	*name;
	const char	*url;		/* page address */
	const char	*html;		/* inserted among the filler */
	const char	*want;		/* must be in the output */
	const char	*unwanted;	/* must not be, or NULL */
};

static const struct link_case link_cases[] = {
	{ "relative path", "https://ex.org/a/b/page.html",
	  "<p>See <a href=\"c/d.html\">this one</a>, it is good.</p>",
	  "href=\"https://ex.org/a/b/c/d.html\"", NULL },
	{ "parent path", "https://ex.org/a/b/page.html",
	  "<p>See <a href=\"../up.html\">this one</a>, it is good.</p>",
	  "href=\"https://ex.org/a/up.html\"", NULL },
	{ "root path", "https://ex.org/a/b/page.html",
	  "<p>See <a href=\"/root\">this one</a>, it is good.</p>",
	  "href=\"https://ex.org/root\"", NULL },
	{ "scheme-relative", "https://ex.org/a/page.html",
	  "<p>See <img src=\"//cdn.ex.net/i.png\" alt=\"x\"> here.</p>",
	  "src=\"https://cdn.ex.net/i.png\"", NULL },
	{ "absolute kept", "https://ex.org/a/page.html",
	  "<p>See <a href=\"http://other.example/x\">this</a>, it is.</p>",
	  "href=\"http://other.example/x\"", NULL },
	{ "in-page fragment kept", "https://ex.org/a/page.html",
	  "<p>See <a href=\"#notes\">the notes</a>, it is good.</p>",
	  "href=\"#notes\"", NULL },
	{ "javascript: link unwrapped, text kept",
	  "https://ex.org/a/page.html",
	  "<p>Click <a href=\"javascript:alert(1)\">JSLINKTEXT</a> ok.</p>",
	  "JSLINKTEXT", "javascript" },
	{ "javascript: with spaces and case", "https://ex.org/a/page.html",
	  "<p>Click <a href=\" JavaScript:alert(1)\">here</a> ok.</p>",
	  "here", "alert" },
	{ "base href wins over the page's address",
	  "https://ex.org/a/page.html",
	  "<base href=\"https://static.example/root/\">"
	  "<p>See <a href=\"x/y.html\">this</a>, it is good.</p>",
	  "href=\"https://static.example/root/x/y.html\"", NULL },
	{ "relative base href", "https://ex.org/a/page.html",
	  "<base href=\"/base/\"><p>See <a href=\"z\">this</a>, it is.</p>",
	  "href=\"https://ex.org/base/z\"", NULL },
	{ "srcset URLs resolved", "https://ex.org/a/page.html",
	  "<p>Pic <img src=\"s.jpg\" srcset=\"m.jpg 2x, /l.jpg 3x\" "
	  "alt=\"p\"> here.</p>",
	  "srcset=\"https://ex.org/a/m.jpg 2x, https://ex.org/l.jpg 3x\"",
	  NULL },
	{ "image with only a srcset gets its first source as src",
	  "https://ex.org/a/page.html",
	  "<p>Pic <img srcset=\"/w1.jpg 1x, /w2.jpg 2x\" alt=\"p\"> here.</p>",
	  "src=\"https://ex.org/w1.jpg\"", NULL },
	{ "noscript image replaces its lazy placeholder",
	  "https://ex.org/a/page.html",
	  "<figure><img class=\"lazy\" src=\"/placeholder.gif\" alt=\"x\">"
	  "<noscript><img src=\"/real.jpg\" alt=\"x\"></noscript>"
	  "<figcaption>A real picture behind a placeholder.</figcaption>"
	  "</figure>",
	  "src=\"https://ex.org/real.jpg\"", "placeholder.gif" },
	{ "data: image sources dropped", "https://ex.org/a/page.html",
	  "<p>Pic <img src=\"data:image/png;base64,AAAA\" alt=\"p\"> and "
	  "<a href=\"data:text/html,hi\">DATALINK</a> here.</p>",
	  "DATALINK", "data:" },
	{ "lazy image: data-src becomes src", "https://ex.org/a/page.html",
	  "<figure><img class=\"lazy\" data-src=\"/lazy.jpg\" alt=\"l\">"
	  "<figcaption>A lazy picture, captioned.</figcaption></figure>",
	  "src=\"https://ex.org/lazy.jpg\"", NULL },
	{ "no page address: relative kept", NULL,
	  "<p>See <a href=\"rel/x.html\">this</a>, it is good.</p>",
	  "href=\"rel/x.html\"", NULL },
};

static char *
filler_page(const char *head, const char *inner)
{
	return xasprintf("<html><head><title>A test page about filler</title>"
	    "%s</head><body><div id=\"content\">" FILLER FILLER "%s" FILLER
	    FILLER FILLER "</div></body></html>", head ? head : "", inner);
}

static void
test_links(void)
{
	const struct link_case *lc;
	struct readability *r;
	char err[256], *page;
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(link_cases); i++) {
		lc = &link_cases[i];
		if (strncmp(lc->html, "<base", 5) == 0) {
			const char *end = strchr(lc->html, '>') + 1;
			char *head = xstrndup(lc->html,
			    (size_t)(end - lc->html));

			page = filler_page(head, end);
			free(head);
		} else
			page = filler_page(NULL, lc->html);
		r = readability_extract(page, strlen(page), lc->url, NULL, err,
		    sizeof(err));
		tap_ok(r != NULL && has(r->content, lc->want) &&
		    (lc->unwanted == NULL || !has(r->content, lc->unwanted)),
		    "links: %s", lc->name);
		if (r != NULL && (!has(r->content, lc->want) ||
		    (lc->unwanted && has(r->content, lc->unwanted))))
			printf("#   got: %s\n", r->content);
		readability_free(r);
		free(page);
	}
}

struct hidden_case {
	const char	*name;
	const char	*html;
};

static const struct hidden_case hidden_cases[] = {
	{ "display:none", "<p style=\"color: red; display : none\">"
	  "HIDDENTEXT in a paragraph of its own, long enough.</p>" },
	{ "display:none !important", "<div style=\"display:none "
	  "!important\"><p>HIDDENTEXT here, and more, and more.</p></div>" },
	{ "visibility:hidden", "<p style=\"visibility:hidden\">HIDDENTEXT "
	  "in a paragraph of its own, long enough.</p>" },
	{ "hidden attribute", "<div hidden><p>HIDDENTEXT in a paragraph of "
	  "its own, long enough to count.</p></div>" },
	{ "aria-hidden", "<p aria-hidden=\"true\">HIDDENTEXT in a paragraph "
	  "of its own, long enough to count.</p>" },
	{ "script", "<script>var s = 'HIDDENTEXT';</script>" },
	{ "style", "<style>p::after { content: 'HIDDENTEXT' }</style>" },
	{ "noscript", "<noscript><p>HIDDENTEXT: please enable JavaScript, "
	  "it is needed for this.</p></noscript>" },
	{ "template", "<template><p>HIDDENTEXT in a template, which is never "
	  "shown at all.</p></template>" },
	{ "form controls", "<p>Name: <input value=\"HIDDENTEXT\"> "
	  "<button>HIDDENTEXT</button> and more words here.</p>" },
	{ "aria-modal dialog", "<div role=\"dialog\" aria-modal=\"true\"><p>"
	  "HIDDENTEXT: subscribe to our newsletter today, now.</p></div>" },
};

static void
test_hidden(void)
{
	struct readability *r;
	char err[256], *page;
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(hidden_cases); i++) {
		page = filler_page(NULL, hidden_cases[i].html);
		r = readability_extract(page, strlen(page),
		    "https://ex.org/", NULL, err, sizeof(err));
		tap_ok(r != NULL && !has(r->content, "HIDDENTEXT") &&
		    has(r->content, "Lorem ipsum"), "hidden: %s dropped, "
		    "article kept", hidden_cases[i].name);
		readability_free(r);
		free(page);
	}
}

struct error_case {
	const char	*name;
	const char	*in;
	size_t		 len;
	const char	*want;		/* start of the error message */
};

static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";

static const struct error_case error_cases[] = {
	{ "empty input", "", 0, "empty page" },
	{ "white space only", " \n\t\r\n ", 6, "empty page" },
	{ "binary data", png, sizeof(png) - 1, "not an HTML page" },
	{ "plain text", "Just some words, no markup at all.", 34,
	  "not an HTML page" },
	{ "JSON", "{\"title\": \"x\", \"items\": [1, 2, 3]}", 34,
	  "not an HTML page" },
	{ "a page with no text", "<html><body><div><img src=x.png></div>"
	  "</body></html>", 52, "no article text" },
	{ "only boilerplate that is hidden", "<html><body><div hidden><p>"
	  "text</p></div></body></html>", 55, "no article text" },
};

static void
test_errors(void)
{
	struct readability *r;
	char err[256];
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(error_cases); i++) {
		err[0] = '\0';
		r = readability_extract(error_cases[i].in, error_cases[i].len,
		    NULL, NULL, err, sizeof(err));
		tap_ok(r == NULL && strncmp(err, error_cases[i].want,
		    strlen(error_cases[i].want)) == 0, "errors: %s gives "
		    "\"%s\" (got \"%s\")", error_cases[i].name,
		    error_cases[i].want, r == NULL ? err : "an article");
		readability_free(r);
	}
	r = readability_extract(NULL, 10, NULL, NULL, err, sizeof(err));
	tap_ok(r == NULL && strcmp(err, "empty page") == 0,
	    "errors: NULL input is an empty page");
}

static void
test_metadata(void)
{
	static const char jsonld[] =
	    "<html><head><title>Fallback title - Some Site</title>"
	    "<script type=\"application/ld+json\">{\"@context\": "
	    "\"https://schema.org\", \"@type\": \"NewsArticle\", "
	    "\"headline\": \"The JSON-LD headline\", \"author\": [{\"name\": "
	    "\"Ann One\"}, {\"name\": \"Bob Two\"}], \"datePublished\": "
	    "\"2023-11-02T08:00:00+01:00\", \"publisher\": {\"name\": "
	    "\"Ld Site\"}, \"description\": \"Ld &amp; description\"}"
	    "</script></head><body><article>" FILLER FILLER FILLER FILLER
	    "</article></body></html>";
	static const char plain[] =
	    "<html><head><title>Plain page title: with a colon in it</title>"
	    "<meta name=\"author\" content=\"Meta Author\">"
	    "</head><body><article><h1>Plain page title: with a colon in it"
	    "</h1><time datetime=\"2022-01-02\">2 Jan</time>"
	    FILLER FILLER FILLER FILLER "</article></body></html>";
	static const char ctrl[] =
	    "<html><head><title>Bell\x07 title</title></head><body><article>"
	    "<p>Text with a \x1b[31mterminal escape\x1b[0m and a bell\x07, "
	    "and more, and more words to make it long enough to count as "
	    "an article paragraph, which it needs to be.</p>" FILLER FILLER
	    FILLER "</article></body></html>";
	struct readability *r;
	char err[256];

	r = readability_extract(jsonld, sizeof(jsonld) - 1, NULL, NULL, err,
	    sizeof(err));
	tap_ok(r != NULL, "metadata: JSON-LD page extracted");
	if (r != NULL) {
		tap_str(r->title, "The JSON-LD headline", "metadata: JSON-LD "
		    "headline");
		tap_str(r->byline, "Ann One, Bob Two", "metadata: JSON-LD "
		    "authors joined");
		tap_str(r->site_name, "Ld Site", "metadata: JSON-LD "
		    "publisher");
		tap_str(r->excerpt, "Ld & description", "metadata: JSON-LD "
		    "description, entities decoded");
		tap_ok(r->published == date_parse("2023-11-02T07:00:00Z"),
		    "metadata: JSON-LD datePublished in UTC");
	}
	readability_free(r);
	r = readability_extract(plain, sizeof(plain) - 1, NULL, NULL, err,
	    sizeof(err));
	tap_ok(r != NULL, "metadata: plain page extracted");
	if (r != NULL) {
		tap_str(r->title, "Plain page title: with a colon in it",
		    "metadata: title kept whole when a heading repeats it");
		tap_str(r->byline, "Meta Author", "metadata: meta author");
		tap_ok(r->site_name == NULL, "metadata: no site name");
		tap_ok(r->published == date_parse("2022-01-02"),
		    "metadata: <time datetime> in the article");
		tap_ok(has(r->excerpt, "Lorem ipsum dolor sit amet"),
		    "metadata: excerpt from the first paragraph");
		tap_ok(!has(r->content, "<h1"), "metadata: the heading that "
		    "repeats the title is dropped");
	}
	readability_free(r);
	r = readability_extract(ctrl, sizeof(ctrl) - 1, NULL, NULL, err,
	    sizeof(err));
	tap_ok(r != NULL && strchr(r->content, '\x1b') == NULL &&
	    strchr(r->content, '\x07') == NULL && has(r->content,
	    "terminal escape"), "controls: escape and bell dropped from "
	    "the article");
	tap_ok(r != NULL && r->title != NULL && strchr(r->title, '\x07') ==
	    NULL, "controls: dropped from the title");
	readability_free(r);
}

static void
test_sole_article(void)
{
	static const char page[] =
	    "<html><head><title>One article on a busy page</title></head>"
	    "<body><div id=\"page\"><div class=\"story-body\" "
	    "itemprop=\"articleBody\">" FILLER FILLER FILLER FILLER FILLER
	    FILLER "</div><div class=\"teasers\"><p>MORESTORY: another "
	    "story, with its own long paragraph, and commas, and more words "
	    "than a teaser should have, which is why it scores.</p></div>"
	    "</div></body></html>";
	struct readability *r;
	char err[256];

	r = readability_extract(page, sizeof(page) - 1, NULL, NULL, err,
	    sizeof(err));
	tap_ok(r != NULL && has(r->content, "Lorem ipsum") &&
	    !has(r->content, "MORESTORY"), "sole article: the only "
	    "articleBody, holding the paragraphs, stands alone");
	readability_free(r);
}

static void
test_bounds(void)
{
	struct readability *r;
	struct buf b;
	char err[256];
	size_t i;

	/* Deeper than RD_MAX_DEPTH: the content moves up and is read. */
	buf_init(&b, 0);
	buf_puts(&b, "<html><body>");
	for (i = 0; i < 3000; i++)
		buf_puts(&b, "<div>");
	buf_puts(&b, FILLER FILLER FILLER FILLER);
	buf_puts(&b, "</body></html>");
	r = readability_extract(b.data, b.len, NULL, NULL, err, sizeof(err));
	tap_ok(r != NULL && has(r->content, "Lorem ipsum"), "bounds: an "
	    "article under 3000 nested divs is found (%s)",
	    r ? "ok" : err);
	readability_free(r);
	buf_free(&b);

	/* Pathological nesting: no crash, and no waiting without end. */
	buf_init(&b, 0);
	buf_puts(&b, "<html><body>");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "<div>");
	buf_puts(&b, FILLER FILLER FILLER FILLER);
	buf_puts(&b, "</body></html>");
	err[0] = '\0';
	r = readability_extract(b.data, b.len, NULL, NULL, err, sizeof(err));
	tap_ok(r != NULL || strncmp(err, "page too complex", 16) == 0,
	    "bounds: 100000 nested divs give an article or \"too complex\" "
	    "(%s)", r ? "article" : err);
	readability_free(r);
	buf_free(&b);

	/* Longer than the limit: read up to it, and say so. */
	buf_init(&b, 0);
	buf_puts(&b, "<html><body><article>");
	while (b.len < READABILITY_MAX_INPUT + 1000)
		buf_puts(&b, FILLER);
	buf_puts(&b, "</article></body></html>");
	r = readability_extract(b.data, b.len, NULL, NULL, err, sizeof(err));
	tap_ok(r != NULL && r->truncated && r->length > 0,
	    "bounds: a page over %u bytes is cut and marked truncated",
	    READABILITY_MAX_INPUT);
	readability_free(r);
	buf_free(&b);

	/* Not NUL-terminated: only len bytes are read. */
	{
		char *page = filler_page(NULL, "");
		size_t len = strlen(page);
		char *copy = xmalloc(len);

		memcpy(copy, page, len);
		r = readability_extract(copy, len, NULL, NULL, err,
		    sizeof(err));
		tap_ok(r != NULL, "bounds: input without a NUL is read by "
		    "its length");
		readability_free(r);
		free(copy);
		free(page);
	}

	/* A legacy charset declared in <meta>. */
	{
		static const char latin1[] = "<html><head><meta charset="
		    "\"iso-8859-1\"><title>Caf\xe9</title></head><body>"
		    "<article>" FILLER FILLER "<p>Un caf\xe9 cr\xe8me, "
		    "s'il vous pla\xeet, avec des mots en plus ici.</p>"
		    FILLER FILLER "</article></body></html>";

		r = readability_extract(latin1, sizeof(latin1) - 1, NULL,
		    NULL, err, sizeof(err));
		tap_ok(r != NULL && has(r->content, "caf\xc3\xa9 cr\xc3\xa8me")
		    && r->title != NULL && strcmp(r->title, "Caf\xc3\xa9") ==
		    0, "charset: <meta charset=iso-8859-1> read as Latin-1");
		readability_free(r);
		r = readability_extract(latin1, sizeof(latin1) - 1, NULL,
		    "windows-1252", err, sizeof(err));
		tap_ok(r != NULL && has(r->content, "caf\xc3\xa9 cr\xc3\xa8me"),
		    "charset: the server's charset is used");
		readability_free(r);
	}
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_news_page();
	test_soup_page();
	test_links();
	test_hidden();
	test_errors();
	test_metadata();
	test_sole_article();
	test_bounds();
	test_corpus();
	xmlCleanupParser();
	return tap_done();
}
