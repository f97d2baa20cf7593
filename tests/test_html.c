/*
 * test_html.c: the HTML renderer, pinned by exact output at a given width,
 * by the invariants every layout must keep (no line wider than the width,
 * no control character, spans inside their line) and by a sweep over the
 * readability corpus pages.
 * Must never depend on the corpus being present: it skips visibly.
 */
#include "config.h"

#include <dirent.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "html.h"
#include "str.h"
#include "tap.h"
#include "util.h"

#define BASE "https://ex.com/dir/page.html"

enum mode {
	M_HTML,		/* html_parse, no link list */
	M_LINKS,	/* html_parse, link list appended */
	M_TEXT		/* html_parse_text */
};

struct render_case {
	const char	*name;
	enum mode	 mode;
	int		 width;
	const char	*in;
	const char	*want;
};

static const struct render_case cases[] = {
	/* Blocks and white space. */
	{ "paragraphs are separated by one blank line", M_HTML, 80,
	  "<p>one</p>\n\n<p>two</p><div>three</div><div>four</div>",
	  "one\n\ntwo\n\nthree\nfour\n" },
	{ "br breaks a line; a run of br gives one empty line", M_HTML, 80,
	  "<p>a<br>b<br><br><br><br>c<br></p>",
	  "a\nb\n\nc\n" },
	{ "inline white space folds, block edges are trimmed", M_HTML, 80,
	  "<p>  a \n\t b   <b> c </b> d\n</p>",
	  "a b c d\n" },
	{ "white space between inline elements is kept", M_HTML, 80,
	  "<p><time>x</time> <span>y</span> <mark>z</mark></p>",
	  "x y z\n" },
	{ "spacer paragraphs of nbsp are dropped", M_HTML, 80,
	  "<p>a</p><p>&nbsp;</p><p> </p><p>b</p>",
	  "a\n\nb\n" },
	{ "headings: bold block, h1 and h2 underlined", M_HTML, 80,
	  "<h1>Title</h1><p>x</p><h2>Part</h2><h3>Sub</h3><p>y</p>",
	  "Title\n=====\n\nx\n\nPart\n----\n\nSub\n\ny\n" },
	{ "hr is a rule across the width", M_HTML, 10,
	  "<p>a</p><hr><p>b</p>",
	  "a\n\n──────────\n\nb\n" },
	{ "q gets curly quotes", M_HTML, 80,
	  "<p>He said <q>hi</q>.</p>",
	  "He said “hi”.\n" },
	{ "definition lists: dd indented", M_HTML, 80,
	  "<dl><dt>Term</dt><dd>Definition</dd><dt>Other</dt><dd>More</dd>"
	  "</dl>",
	  "Term\n    Definition\nOther\n    More\n" },
	{ "figure caption on its own line", M_HTML, 80,
	  "<figure><img src=a.jpg alt=Pic><figcaption>Caption text"
	  "</figcaption></figure><p>after</p>",
	  "[image 1: Pic]\nCaption text\n\nafter\n" },

	/* Lists. */
	{ "nested lists: ol inside ul inside ol", M_HTML, 80,
	  "<ol><li>one<ul><li>bullet<ol><li>deep a</li><li>deep b</li>"
	  "</ol></li></ul></li><li>two</li></ol><p>after</p>",
	  "1. one\n   • bullet\n     1. deep a\n     2. deep b\n2. two\n\n"
	  "after\n" },
	{ "ul bullets vary by depth", M_HTML, 80,
	  "<ul><li>a<ul><li>b<ul><li>c<ul><li>d</ul></ul></ul></ul>",
	  "• a\n  ◦ b\n    ▪ c\n      • d\n" },
	{ "ol start= and right-aligned numbers", M_HTML, 80,
	  "<ol start=9><li>nine<li>ten</ol>",
	  " 9. nine\n10. ten\n" },
	{ "ol reversed, value= and type=", M_HTML, 80,
	  "<ol reversed><li>c<li>b<li>a</ol><ol type=a><li>x<li value=27>"
	  "y</ol><ol type=I start=4><li>iv<li>v</ol>",
	  "3. c\n2. b\n1. a\n\n a. x\naa. y\n\nIV. iv\n V. v\n" },
	{ "list item text wraps under its text", M_HTML, 12,
	  "<ul><li>alpha beta gamma delta</li></ul>",
	  "• alpha beta\n  gamma\n  delta\n" },
	{ "li with a nested list first shows both markers", M_HTML, 80,
	  "<ul><li><ol><li>x</ol></ul>",
	  "• 1. x\n" },

	/* Quotes and pre. */
	{ "blockquote bars, nested, curly quotes intact", M_HTML, 80,
	  "<p>before</p><blockquote><p>“a”</p><blockquote>b</blockquote>"
	  "<p>c</p></blockquote><p>after</p>",
	  "before\n\n│ “a”\n│\n│ │ b\n│\n│ c\n\nafter\n" },
	{ "pre inside blockquote: kept, tabs expanded, a long line goes on "
	  "after ↪", M_HTML, 12,
	  "<blockquote><p>quote</p><pre>\n  x\ty\nlong line here\n\n"
	  "</pre></blockquote>",
	  "│ quote\n│\n│   x     y\n│ long line\n│ ↪here\n" },
	{ "a long pre line goes on at the column, not at a space", M_HTML,
	  10, "<pre>int x = call(a, b);</pre>",
	  "int x = ca\n↪ll(a, b);\n" },
	{ "a pre line of wide characters is never split in one", M_HTML, 5,
	  "<pre>日本語です</pre>",
	  "日本\n↪語で\n↪す\n" },
	{ "a character wider than the width is dropped, never over the edge",
	  M_HTML, 1, "<pre>a日b</pre>", "a\nb\n" },
	{ "pre keeps inline markup and white space", M_HTML, 80,
	  "<pre><code>int  <b>x</b>;\n\n  y();</code></pre>",
	  "int  x;\n\n  y();\n" },

	/* Entities and hostile text. */
	{ "entities: amp, nbsp (kept as U+00A0), eacute, numeric", M_HTML,
	  80, "<p>a &amp; b&nbsp;c &eacute; &#x201C;q&#x201D; &lt;t&gt;</p>",
	  "a & b\xc2\xa0" "c é “q” <t>\n" },
	{ "nbsp does not break a line", M_HTML, 10,
	  "<p>aaaa bbb&nbsp;ccc</p>",
	  "aaaa\nbbb\xc2\xa0" "ccc\n" },
	{ "escape sequences never reach the output", M_HTML, 80,
	  "<p>a\x1b[31mred&#x9b;1m&#27;&#7;bell\x07 \xc2\x9b" "2J</p>",
	  "a[31mred1mbell 2J\n" },
	{ "bidi overrides and zero-width characters removed", M_HTML, 80,
	  "<p>abc&#x202E;def&#x2066;g&#x200B;h&#xFEFF;i</p>",
	  "abcdefghi\n" },
	{ "invalid UTF-8 read as windows-1252", M_HTML, 80,
	  "<p>caf\xe9 \x93q\x94</p>",
	  "café “q”\n" },

	/* Malformed markup. */
	{ "misnested inline tags", M_HTML, 80,
	  "<p>x<b><i>y</b></i>z</p>",
	  "xyz\n" },
	{ "unclosed tags and a stray </p>", M_HTML, 80,
	  "</p><div><p>one<p>two</p></p><ul><li>i<li>j",
	  "one\n\ntwo\n\n• i\n• j\n" },
	{ "unclosed inline tag", M_HTML, 80,
	  "<p>a <i>b</p><p>c",
	  "a b\n\nc\n" },

	/* Dropped content. */
	{ "script, style, head, comments and form controls dropped", M_HTML,
	  80, "<head><title>T</title><style>p{}</style></head><body><p>a"
	  "<script>x()</script>b<!-- c -->c<noscript>n</noscript>"
	  "<template>t</template><input value=v><button>btn</button>"
	  "<select><option>o</select><textarea>ta</textarea>d</p>",
	  "abcd\n" },
	{ "hidden elements dropped", M_HTML, 80,
	  "<p>a<span hidden>h</span><span style='Display: None'>n</span>"
	  "b<svg><text>s</text></svg></p>",
	  "ab\n" },

	/* Links, images and media. */
	{ "links numbered, deduplicated and listed", M_LINKS, 80,
	  "<p><a href='/a'>A</a> and <a href='http://x.org/b'>B</a> and "
	  "<a href='/a'>again</a> <a href='javascript:alert(1)'>js</a> "
	  "<a href='mailto:me@x.org'>mail</a> <a href='#top'>top</a> "
	  "<a href='/empty'></a><a>no href</a></p>",
	  "A[1] and B[2] and again[1] js mail[3] top no href\n\n"
	  "[1] https://ex.com/a\n[2] http://x.org/b\n[3] mailto:me@x.org\n" },
	{ "relative URLs resolved", M_LINKS, 80,
	  "<a href='../up'>a</a><a href='?q=1'>b</a><a href='//cdn.x/y'>c"
	  "</a><a href=' sub/pa th \n'>d</a><a href='./x/../z'>e</a>",
	  "a[1]b[2]c[3]d[4]e[5]\n\n[1] https://ex.com/up\n"
	  "[2] https://ex.com/dir/page.html?q=1\n[3] https://cdn.x/y\n"
	  "[4] https://ex.com/dir/sub/pa%20th\n[5] https://ex.com/dir/z\n" },
	{ "base element overrides the base URL", M_LINKS, 80,
	  "<head><base href='https://other.org/d/'></head><a href=x>x</a>",
	  "x[1]\n\n[1] https://other.org/d/x\n" },
	{ "images: alt, data: and tracking pixels", M_LINKS, 80,
	  "<p><img src='i.png' alt='A cat'> <img src='data:image/png;"
	  "base64,AAAA' alt='inline'> <img src='t.gif' width=1 height=1>"
	  "<img src=n.png></p>",
	  "[image 1: A cat] [image: inline] [image 2]\n\n"
	  "[1] https://ex.com/dir/i.png (image)\n"
	  "[2] https://ex.com/dir/n.png (image)\n" },
	{ "image inside a link: link numbered first", M_LINKS, 80,
	  "<a href=big.jpg><img src=small.jpg alt=s></a>",
	  "[image 2: s][1]\n\n[1] https://ex.com/dir/big.jpg\n"
	  "[2] https://ex.com/dir/small.jpg (image)\n" },
	{ "video, iframe, audio numbered", M_LINKS, 80,
	  "<video src=v.mp4>fallback</video> <iframe src='https://www.yout"
	  "ube.com/embed/x' title='A talk'></iframe> <audio><source src="
	  "a.mp3></audio> <iframe src=m.html></iframe>",
	  "[video 1] [video 2: A talk] [audio 3] [embed 4]\n\n"
	  "[1] https://ex.com/dir/v.mp4 (video)\n"
	  "[2] https://www.youtube.com/embed/x (video)\n"
	  "[3] https://ex.com/dir/a.mp3 (audio)\n"
	  "[4] https://ex.com/dir/m.html (embed)\n" },
	{ "long URLs in the link list wrap with a hanging indent", M_LINKS,
	  20, "<a href='https://example.org/a/very/long/path'>x</a>",
	  "x[1]\n\n[1] https://example.\n    org/a/very/long/\n    path\n" },

	/* Tables. */
	{ "table laid out in columns, header underlined", M_HTML, 80,
	  "<table><tr><th>Name<th>Value</tr><tr><td>alpha<td>1</tr>"
	  "<tr><td>beta gamma<td>22</td></table><p>after</p>",
	  "Name       │ Value\n───────────┼──────\nalpha      │ 1\n"
	  "beta gamma │ 22\n\nafter\n" },
	{ "table cells wrap in their column", M_HTML, 24,
	  "<table><tr><td>short<td>a rather long cell that wraps</tr>"
	  "</table>",
	  "short │ a rather long\n      │ cell that wraps\n" },
	{ "table too wide: one cell a line, header as label", M_HTML, 16,
	  "<table><tr><th>Name<th>Value<th>Note</tr><tr><td>alpha<td>1<td>"
	  "x</tr><tr><td>beta<td>2<td></tr></table>",
	  "Name: alpha\nValue: 1\nNote: x\n\nName: beta\nValue: 2\n" },
	{ "layout tables read as blocks", M_HTML, 80,
	  "<table><tr><td><p>para one</p><p>para two</p></td></tr></table>",
	  "para one\n\npara two\n" },

	/* Wrapping by display width. */
	{ "wrap at 50 columns", M_HTML, 50,
	  "<p>The quick brown fox jumps over the lazy dog, and then it runs "
	  "away into the forest where nobody can see it any more.</p>",
	  "The quick brown fox jumps over the lazy dog, and\n"
	  "then it runs away into the forest where nobody can\n"
	  "see it any more.\n" },
	{ "wrap at 80 columns", M_HTML, 80,
	  "<p>The quick brown fox jumps over the lazy dog, and then it runs "
	  "away into the forest where nobody can see it any more.</p>",
	  "The quick brown fox jumps over the lazy dog, and then it runs "
	  "away into the\nforest where nobody can see it any more.\n" },
	{ "a word longer than the line is broken", M_HTML, 5,
	  "<p>abcdefghijkl</p>",
	  "abcde\nfghij\nkl\n" },
	{ "hyphenated words break after a hyphen", M_HTML, 12,
	  "<p>state-of-the-art design</p>",
	  "state-of-\nthe-art\ndesign\n" },
	{ "CJK: 2 columns each, breaks between characters, not before 。",
	  M_HTML, 10,
	  "<p>日本語のテキストです。</p>",
	  "日本語のテ\nキストで\nす。\n" },
	{ "emoji are 2 columns", M_HTML, 9,
	  "<p>ab 😀😀😀😀</p>",
	  "ab 😀😀😀\n😀\n" },
	{ "combining marks take no column", M_HTML, 3,
	  "<p>e&#x301;e&#x301;e&#x301;e&#x301;</p>",
	  "e\xcc\x81" "e\xcc\x81" "e\xcc\x81\ne\xcc\x81\n" },

	{ "soft hyphens vanish, or show where a word breaks", M_HTML, 12,
	  "<p>Donau&shy;dampf&shy;schiff&shy;fahrt ist lang</p>",
	  "Donaudampf-\nschifffahrt\nist lang\n" },
	{ "at most 8 combining marks on one character", M_HTML, 80,
	  "<p>e&#x301;&#x302;&#x303;&#x304;&#x305;&#x306;&#x307;&#x308;"
	  "&#x309;&#x30a;&#x30b;&#x30c;x</p>",
	  "e\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87"
	  "\xcc\x88x\n" },
	{ "a table or rule first in a list item keeps the marker", M_HTML,
	  20, "<ul><li><table><tr><td>a<td>b</table><li><hr></ul>",
	  "• a │ b\n\n• ──────────────────\n" },

	/* Plain text. */
	{ "plain text: paragraphs on blank lines, breaks and spaces kept",
	  M_TEXT, 80,
	  "para one\r\nline two  \n \n\n\npara  two\tx\nsee https://x.org/a",
	  "para one\nline two\n\npara  two       x\nsee https://x.org/a\n" },
	{ "plain text wraps and drops controls", M_TEXT, 10,
	  "alpha beta gamma\x1b]0;t\x07",
	  "alpha beta\ngamma]0;t\n" },
};

static char *
render(enum mode mode, int width, const char *in)
{
	struct html_doc *doc;
	struct html_lines *l;
	char *s;

	if (mode == M_TEXT)
		doc = html_parse_text(in, strlen(in));
	else
		doc = html_parse(in, strlen(in), BASE);
	l = html_layout(doc, width, mode == M_LINKS ? HTML_LAYOUT_LINKS : 0);
	s = html_lines_text(l);
	html_lines_free(l);
	html_free(doc);
	return s;
}

/*
 * Checks what every layout must keep; returns NULL or what broke. Each
 * line: no wider than width, width field right, valid UTF-8, no unsafe
 * character, spans in order and inside the line.
 */
static const char *
check_lines(const struct html_lines *l, int width)
{
	const struct html_line *ln;
	size_t i, j, k, end;
	uint32_t cp;

	for (i = 0; i < l->n; i++) {
		ln = &l->line[i];
		if (ln->width > width)
			return "line wider than the width";
		if ((size_t)ln->width != str_width(ln->text))
			return "width field differs from the text's width";
		if (strlen(ln->text) != ln->len)
			return "len differs from the text";
		if (!str_utf8_valid(ln->text, ln->len))
			return "invalid UTF-8";
		for (j = 0; j < ln->len; j += k) {
			k = str_utf8_decode(ln->text + j, ln->len - j, &cp);
			if (str_is_unsafe(cp))
				return "unsafe character";
		}
		end = 0;
		for (j = 0; j < ln->nspans; j++) {
			if (ln->spans[j].off < end || ln->spans[j].len == 0 ||
			    ln->spans[j].off + ln->spans[j].len > ln->len)
				return "span out of order or out of the line";
			end = ln->spans[j].off + ln->spans[j].len;
		}
	}
	return NULL;
}

static void
test_cases(void)
{
	size_t i;
	char *got;

	for (i = 0; i < UTIL_ARRAY_LEN(cases); i++) {
		got = render(cases[i].mode, cases[i].width, cases[i].in);
		tap_str(got, cases[i].want, "%s (width %d)", cases[i].name,
		    cases[i].width);
		free(got);
	}
}

/* The attribute bits and link number at byte off of line n. */
static unsigned
attr_at(const struct html_lines *l, size_t n, size_t off, int *link)
{
	const struct html_line *ln = &l->line[n];
	size_t i;

	*link = 0;
	for (i = 0; i < ln->nspans; i++)
		if (off >= ln->spans[i].off &&
		    off < ln->spans[i].off + ln->spans[i].len) {
			*link = ln->spans[i].link;
			return ln->spans[i].attr;
		}
	return 0;
}

static void
test_attributes(void)
{
	static const struct {
		const char	*html;
		const char	*word;	/* found in the first line */
		unsigned	 attr;
		int		 link;
	} t[] = {
		{ "<b>bold</b> x", "bold", HTML_A_BOLD, 0 },
		{ "<strong>s</strong> x", "s", HTML_A_BOLD, 0 },
		{ "<i>it</i> x", "it", HTML_A_ITALIC, 0 },
		{ "<em>em</em> x", "em", HTML_A_ITALIC, 0 },
		{ "<u>un</u> x", "un", HTML_A_UNDERLINE, 0 },
		{ "<ins>in</ins> x", "in", HTML_A_UNDERLINE, 0 },
		{ "<del>de</del> x", "de", HTML_A_STRIKE, 0 },
		{ "<code>co</code> x", "co", HTML_A_CODE, 0 },
		{ "<b><i>bi</i></b> x", "bi", HTML_A_BOLD | HTML_A_ITALIC, 0 },
		{ "<a href=/l>ln</a> x", "ln", HTML_A_LINK, 1 },
		{ "<a href=/l>ln</a> x", "[1]", HTML_A_MARK, 1 },
		{ "<a href=/l><b>lb</b></a>", "lb",
		  HTML_A_LINK | HTML_A_BOLD, 1 },
		{ "<h3>He</h3>", "He", HTML_A_BOLD | HTML_A_HEADING, 0 },
		{ "<pre>pr</pre>", "pr", HTML_A_CODE, 0 },
		{ "<ul><li>x</ul>", "•", HTML_A_MARK, 0 },
		{ "<blockquote>x</blockquote>", "│", HTML_A_QUOTE, 0 },
		{ "<figure><figcaption>ca</figcaption></figure>", "ca",
		  HTML_A_ITALIC, 0 },
		{ "<img src=a.png alt=al>", "[image 1: al]", HTML_A_MARK, 1 },
		{ "plain <b>x</b>", "plain", 0, 0 },
	};
	struct html_doc *doc;
	struct html_lines *l;
	const char *p;
	unsigned a;
	size_t i, off;
	int link;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		doc = html_parse(t[i].html, strlen(t[i].html), BASE);
		l = html_layout(doc, 80, 0);
		p = l->n > 0 ? strstr(l->line[0].text, t[i].word) : NULL;
		if (p == NULL) {
			tap_ok(0, "attributes of '%s' in %s: not found",
			    t[i].word, t[i].html);
		} else {
			off = (size_t)(p - l->line[0].text);
			a = attr_at(l, 0, off, &link);
			tap_ok(a == t[i].attr && link == t[i].link &&
			    attr_at(l, 0, off + strlen(t[i].word) - 1,
			    &link) == t[i].attr,
			    "attributes of '%s' in %s: %#x link %d",
			    t[i].word, t[i].html, a, link);
		}
		html_lines_free(l);
		html_free(doc);
	}
}

static void
test_link_table(void)
{
	const char *html = "<a href=/a>a</a><img src=/i.png>"
	    "<video src=/v.mp4></video>";
	struct html_doc *doc = html_parse(html, strlen(html), BASE);
	struct html_lines *l;

	tap_ok(html_link_count(doc) == 3, "three links in the table");
	tap_str(html_link(doc, 1), "https://ex.com/a", "html_link(1)");
	tap_str(html_link(doc, 2), "https://ex.com/i.png", "html_link(2)");
	tap_ok(html_link_kind(doc, 2) == HTML_LINK_IMAGE, "link 2 an image");
	tap_ok(html_link_kind(doc, 3) == HTML_LINK_VIDEO, "link 3 a video");
	tap_ok(html_link(doc, 0) == NULL && html_link(doc, 4) == NULL &&
	    html_link(doc, -1) == NULL, "no link 0, 4 or -1");
	l = html_layout(doc, 80, HTML_LAYOUT_LINKS);
	tap_ok(l->n == 5 && (l->line[4].flags & HTML_LINE_LINKS) &&
	    !(l->line[0].flags & HTML_LINE_LINKS), "link lines flagged");
	html_lines_free(l);
	l = html_layout(doc, 0, 0);
	tap_ok(l->n == 0, "width 0 gives no lines");
	html_lines_free(l);
	html_free(doc);

	doc = html_parse("<p>x</p>", 8, NULL);
	tap_ok(html_link_count(doc) == 0 && html_link(doc, 1) == NULL,
	    "no links in a document without any");
	html_free(doc);
	doc = html_parse("<a href=rel/x>x</a>", 19, NULL);
	tap_str(html_link(doc, 1), "rel/x", "relative link kept without base");
	html_free(doc);
	doc = html_parse("<a href='file:///etc/passwd'>x</a><a href='data:"
	    "text/html,x'>y</a><a href=' JavaScript:x'>z</a>", 88, BASE);
	tap_ok(html_link_count(doc) == 0, "file:, data:, javascript: refused");
	html_free(doc);
}

/* Drops the "↪" marks and the blanks: what is left must be all there. */
static void
ink_of(const char *s, struct buf *b)
{
	for (; *s != '\0'; s++) {
		if (strncmp(s, "↪", 3) == 0) {
			s += 2;
			continue;
		}
		if (*s != ' ' && *s != '\n')
			buf_putc(b, *s);
	}
}

static void
test_pre_wrap(void)
{
	const char *html = "<p>para</p><pre>short\nthis line is too "
	    "long\n<b>bold part</b> then plain text past the width</pre>";
	struct html_doc *doc = html_parse(html, strlen(html), NULL);
	struct html_lines *l = html_layout(doc, 10, 0);
	struct buf a, b;
	char *s;
	size_t i, bad = 0;

	tap_ok(l->n == 11 && !(l->line[2].flags & HTML_LINE_CONT) &&
	    !(l->line[3].flags & HTML_LINE_CONT) &&
	    (l->line[4].flags & HTML_LINE_CONT) &&
	    (l->line[5].flags & HTML_LINE_CONT) &&
	    !(l->line[6].flags & HTML_LINE_CONT),
	    "rows that go on with a pre line are flagged (%zu lines)", l->n);
	tap_ok(l->line[4].nspans > 0 && l->line[4].spans[0].off == 0 &&
	    l->line[4].spans[0].len == 3 &&
	    (l->line[4].spans[0].attr & HTML_A_MARK),
	    "the ↪ is a mark, not text");
	tap_ok(l->line[4].indent == 1, "and counts as indent (%d)",
	    l->line[4].indent);
	for (i = 0; i < l->n; i++)
		if (l->line[i].width > 10)
			bad++;
	tap_ok(bad == 0, "no row is wider than the width");
	buf_init(&a, 0);
	buf_init(&b, 0);
	s = html_lines_text(l);
	ink_of(s, &a);
	free(s);
	ink_of("para short this line is too long bold part then plain text "
	    "past the width", &b);
	tap_str(buf_str(&a), buf_str(&b), "no character is lost on screen");
	html_lines_free(l);

	l = html_layout(doc, 10, HTML_LAYOUT_WHOLE);
	s = html_lines_text(l);
	tap_str(s, "para\n\nshort\nthis line is too long\nbold part then "
	    "plain text past the width\n", "HTML_LAYOUT_WHOLE keeps the "
	    "lines whole, for a file or a pipe");
	tap_ok(l->n == 5 && l->line[4].nspans > 0 &&
	    (l->line[4].spans[0].attr & HTML_A_BOLD), "with their styles");
	free(s);
	html_lines_free(l);
	html_free(doc);

	html = "<p><a href='https://a.example/a/long/path/page.html'>x</a>"
	    "</p>";
	doc = html_parse(html, strlen(html), NULL);
	l = html_layout(doc, 20, HTML_LAYOUT_LINKS | HTML_LAYOUT_WHOLE);
	s = html_lines_text(l);
	tap_str(s, "x[1]\n\n[1] https://a.example/a/long/path/page.html\n",
	    "... and the link list's URLs whole");
	tap_ok(l->n == 3 && l->line[2].nspans == 2 && l->line[2].indent == 4 &&
	    (l->line[2].flags & HTML_LINE_LINKS) &&
	    l->line[2].spans[1].link == 1, "a link line, [1] and URL linked");
	free(s);
	html_lines_free(l);
	html_free(doc);
	buf_free(&a);
	buf_free(&b);
}

/* Greedy wrapping: every line as full as it can be, nothing lost. */
static void
test_greedy_wrap(void)
{
	static const char *words[] = {
		"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg",
		"hhhhhhhhhhh", "iiiiiiiiiiiiiiii"
	};
	static const int widths[] = { 20, 33, 50, 80 };
	struct buf in, joined;
	struct html_doc *doc;
	struct html_lines *l;
	const char *next;
	size_t i, k, w0;
	int ok, wi, width;
	unsigned seed = 7;

	buf_init(&in, 0);
	buf_puts(&in, "<p>");
	for (i = 0; i < 400; i++) {
		seed = seed * 1103515245 + 12345;
		buf_printf(&in, "%s ", words[(seed >> 16) % 9]);
	}
	buf_puts(&in, "</p>");
	for (wi = 0; wi < (int)UTIL_ARRAY_LEN(widths); wi++) {
		width = widths[wi];
		doc = html_parse(in.data, in.len, NULL);
		l = html_layout(doc, width, 0);
		ok = check_lines(l, width) == NULL && l->n > 0;
		buf_init(&joined, 0);
		for (i = 0; i < l->n && ok; i++) {
			buf_printf(&joined, "%s%s", i ? " " : "",
			    l->line[i].text);
			/* The next line's first word would not have fit. */
			if (i + 1 < l->n) {
				next = l->line[i + 1].text;
				w0 = strcspn(next, " ");
				if ((size_t)l->line[i].width + 1 + w0 <=
				    (size_t)width)
					ok = 0;
			}
		}
		/* Nothing lost or added. */
		k = in.len - 3 - 4 - 1;
		if (ok && (joined.len != k ||
		    memcmp(joined.data, in.data + 3, k) != 0))
			ok = 0;
		tap_ok(ok, "greedy wrap of 400 words at %d columns", width);
		buf_free(&joined);
		html_lines_free(l);
		html_free(doc);
	}
	buf_free(&in);
}

/* Hostile shapes: deep nesting, many links, huge input. */
static void
test_bounds(void)
{
	struct buf b;
	struct html_doc *doc;
	struct html_lines *l;
	const char *why;
	int i, w;

	buf_init(&b, 0);
	for (i = 0; i < 100; i++)
		buf_puts(&b, "<blockquote><ul><li>");
	buf_puts(&b, "deep text that is long enough to wrap a few times");
	doc = html_parse(b.data, b.len, NULL);
	for (w = 1; w <= 40; w += 13) {
		l = html_layout(doc, w, 0);
		why = check_lines(l, w);
		tap_ok(why == NULL && l->n > 0,
		    "100 nested quotes and lists at width %d: %s", w,
		    why ? why : "fine");
		html_lines_free(l);
	}
	html_free(doc);

	buf_reset(&b);
	for (i = 0; i < 200000; i++)
		buf_puts(&b, "<div><b>");
	buf_puts(&b, "bottom");
	doc = html_parse(b.data, b.len, NULL);
	l = html_layout(doc, 80, 0);
	tap_ok(l->n == 1 && strcmp(l->line[0].text, "bottom") == 0,
	    "200,000 nested elements: no crash, text kept");
	html_lines_free(l);
	html_free(doc);

	buf_reset(&b);
	for (i = 0; i < HTML_MAX_LINKS + 50; i++)
		buf_printf(&b, "<a href=/%d>x</a> ", i);
	doc = html_parse(b.data, b.len, BASE);
	tap_ok(html_link_count(doc) == HTML_MAX_LINKS,
	    "link table stops at %d", HTML_MAX_LINKS);
	html_free(doc);

	buf_reset(&b);
	buf_puts(&b, "<p>");
	while (b.len <= HTML_MAX_INPUT)
		buf_puts(&b, "word word word word word word word word. ");
	doc = html_parse(b.data, b.len, NULL);
	l = html_layout(doc, 80, 0);
	tap_ok(l->n > 2 && strstr(l->line[l->n - 1].text, "cut") != NULL,
	    "input over 8 MiB cut, with a note");
	html_lines_free(l);
	html_free(doc);

	buf_reset(&b);
	for (i = 0; i < 300000; i++)
		buf_puts(&b, "x\n");
	doc = html_parse_text(b.data, b.len);
	l = html_layout(doc, 80, 0);
	tap_ok(l->n == HTML_MAX_LINES &&
	    strcmp(l->line[l->n - 1].text, "…") == 0,
	    "layout stops at %d lines", HTML_MAX_LINES);
	html_lines_free(l);
	html_free(doc);

	doc = html_parse(NULL, 0, NULL);
	l = html_layout(doc, 80, HTML_LAYOUT_LINKS);
	tap_ok(l->n == 0, "NULL input gives an empty document");
	html_lines_free(l);
	html_free(doc);
	buf_free(&b);
}

/* Many small hostile inputs at many widths keep the invariants. */
static void
test_invariants(void)
{
	static const char *in[] = {
		"<p>日本語のテキストです。これは長い文章です。</p>",
		"<p>😀😀😀😀😀😀😀😀 x 👩‍👩‍👧 e&#x301;&#x301;&#x301;&#x301;"
		"&#x301;&#x301;&#x301;&#x301;&#x301;&#x301;&#x301;</p>",
		"<pre>\t\tx\t日本\ty\n\x1b[2J</pre>",
		"<table><tr><th>日本語<th>b<td>c</tr><tr><td>1<td>2222222222"
		"222222222222<td>3</table>",
		"<ol start=-5><li>a<li>b</ol><ol start=999999999999><li>x</ol>",
		"<h1>a very long heading that wraps around</h1>",
		"<blockquote><blockquote><pre>xxxxxxxxxxxxxxxxxxxxxxxxx</pre>"
		"</blockquote></blockquote>",
		"<a href=/x>link text that is long</a><img alt='long alt text'"
		" src=y>",
		"<dl><dd><dd><dd><dd><dd><dd>deep dd text</dl>",
		"<p>&#xFF21;&#xFF22;&#xFF23;&#xFF24;&#xFF25; ＡＢＣ</p>",
	};
	struct html_doc *doc;
	struct html_lines *l;
	const char *why;
	size_t i;
	int w, bad = 0;

	for (i = 0; i < UTIL_ARRAY_LEN(in); i++) {
		doc = html_parse(in[i], strlen(in[i]), BASE);
		for (w = 1; w <= 30; w++) {
			l = html_layout(doc, w, HTML_LAYOUT_LINKS);
			if ((why = check_lines(l, w)) != NULL) {
				if (bad++ < 5)
					printf("# input %zu width %d: %s\n",
					    i, w, why);
			}
			html_lines_free(l);
		}
		html_free(doc);
	}
	tap_ok(bad == 0, "invariants hold for %zu inputs at widths 1-30",
	    UTIL_ARRAY_LEN(in));
}

/* Random tag soup from hostile pieces keeps the invariants too. */
static void
test_soup(void)
{
	static const char *pieces[] = {
		"<p>", "</p>", "<b>", "</b>", "<a href=/x>", "</a>",
		"<a href='javascript:x'>", "<ul>", "</ul>", "<ol start=7>",
		"</ol>", "<li>", "<blockquote>", "</blockquote>", "<pre>",
		"</pre>", "<table>", "<tr>", "<td>", "<th>", "</table>", "<br>",
		"<hr>", "<h1>", "</h1>", "<img src=a alt=y>", "<dl>", "<dd>",
		"<figcaption>", "<q>", "<video src=v></video>", "<caption>",
		"&nbsp;", "&shy;", "&amp;", " ", "\n", "\t", "word", "a-b",
		"longwordlongwordlongword", "日本語。", "😀", "e\xcc\x81",
		"\x1b[1m", "\xc2\x9b", "\xff", "&#x202e;", "\xe2\x80\x8b",
		"<!--", "-->", "<script>x</script>", "<", "&",
	};
	struct buf in;
	struct html_doc *doc;
	struct html_lines *l;
	const char *why;
	unsigned seed = 12345;
	int it, i, k, w, bad = 0;

	buf_init(&in, 0);
	for (it = 0; it < 400; it++) {
		buf_reset(&in);
		seed = seed * 1103515245 + 12345;
		k = (int)((seed >> 16) % 150);
		for (i = 0; i < k; i++) {
			seed = seed * 1103515245 + 12345;
			buf_puts(&in, pieces[(seed >> 16) %
			    UTIL_ARRAY_LEN(pieces)]);
		}
		doc = (it & 1) ? html_parse(buf_str(&in), in.len, BASE) :
		    html_parse_text(buf_str(&in), in.len);
		for (w = 1; w <= 40; w += 1 + it % 5) {
			l = html_layout(doc, w, HTML_LAYOUT_LINKS);
			if ((why = check_lines(l, w)) != NULL && bad++ < 3)
				printf("# soup %d at width %d: %s\n", it, w,
				    why);
			html_lines_free(l);
		}
		html_free(doc);
	}
	buf_free(&in);
	tap_ok(bad == 0, "invariants hold for 400 random tag soups");
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char tmp[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	buf_init(&b, 0);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_append(&b, tmp, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

static void
test_corpus(void)
{
	static const int widths[] = { 20, 50, 80 };
	const char *root = getenv("TIDINGS_CORPUS");
	char *dir, *path, *data;
	struct dirent *de;
	struct html_doc *doc;
	struct html_lines *l;
	const char *why;
	DIR *d;
	size_t len, i;
	int pages = 0, bad = 0, empty = 0;

	if (root == NULL || *root == '\0')
		root = "../shared/corpus";
	dir = xasprintf("%s/readability/test-pages", root);
	if ((d = opendir(dir)) == NULL) {
		tap_skip("corpus absent: %s", dir);
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s/source.html", dir, de->d_name);
		data = read_file(path, &len);
		free(path);
		if (data == NULL)
			continue;
		pages++;
		doc = html_parse(data, len, "https://example.org/a/b");
		for (i = 0; i < UTIL_ARRAY_LEN(widths); i++) {
			l = html_layout(doc, widths[i], HTML_LAYOUT_LINKS);
			if (l->n == 0)
				empty++;
			if ((why = check_lines(l, widths[i])) != NULL &&
			    bad++ < 5)
				printf("# %s at %d: %s\n", de->d_name,
				    widths[i], why);
			html_lines_free(l);
		}
		html_free(doc);
		free(data);
	}
	closedir(d);
	free(dir);
	tap_ok(pages > 0 && bad == 0 && empty == 0,
	    "%d corpus pages at widths 20, 50, 80: invariants hold", pages);
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	test_cases();
	test_attributes();
	test_link_table();
	test_pre_wrap();
	test_greedy_wrap();
	test_invariants();
	test_soup();
	test_bounds();
	test_corpus();
	return tap_done();
}
