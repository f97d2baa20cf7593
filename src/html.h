/*
 * html.h: an article's HTML (or plain text) turned into styled, wrapped
 * lines for the terminal.
 *
 * Two steps. html_parse() walks libxml2's HTML parser tree once into a
 * width-independent document: blocks (paragraphs, headings, quotes, list
 * items, pre, rules, tables) made of styled runs, plus the numbered link
 * table. html_layout() wraps that document for one width; the UI calls it
 * again only when the width changes. Nothing here knows about curses: the
 * UI maps HTML_A_* bits to its own attributes.
 *
 * Rendering, in short: paragraphs are separated by one blank line; headings
 * are bold with a blank line around (h1 underlined with '=', h2 with '-');
 * blockquotes get a "│ " bar per level; ul items get •, ◦, ▪ by depth and ol
 * items numbers (start=, reversed, value=, type=a/A/i/I honoured), nested
 * lists hang under their item's text; dd is indented 4 columns; pre keeps
 * its lines (tabs expanded; a line longer than the width goes on in the
 * rows below it, each starting with a "↪" mark, broken at the column
 * rather than at a space, so no text is lost; HTML_LAYOUT_WHOLE keeps
 * it whole instead); hr is a rule across the width; a link is its text
 * followed by "[N]"; an image is "[image N: alt]"; video, audio, iframe,
 * embed and object are "[video N]", "[audio N]", "[embed N: title]" (an
 * iframe of YouTube or Vimeo is a video); a figcaption is an italic line
 * of its own. Data tables are laid out in columns (cells wrapped in their
 * column) or, when the columns cannot fit, one cell per line with its
 * header as a label; tables holding block content (layout tables) and
 * one-column tables are read as ordinary blocks. script, style, noscript,
 * template, head, svg, form controls, comments and elements marked hidden
 * (hidden, style display:none) are dropped.
 *
 * White space folds as in a browser. &nbsp; stays U+00A0: it is one column
 * wide, is not folded and is never a line-break opportunity; a block made
 * of nothing but white space (the common <p>&nbsp;</p> spacer) is dropped,
 * and runs of <br> give at most one empty line. Every string passes through
 * str_clean(): no control character, bidi control or zero-width character
 * reaches a line; more than 8 combining marks on one character are dropped.
 *
 * Lines are wrapped by display width (str_cp_width), never by bytes: at
 * spaces, after a hyphen inside a word, at a soft hyphen (&shy;, shown as
 * "-" there and nowhere else), between wide (CJK) characters but not before
 * closing punctuation such as 。, and inside a word longer than the line.
 * No line is ever wider than the width asked for, indent included (but
 * under HTML_LAYOUT_WHOLE); at narrow widths the indent (quote bars, list
 * indentation) is cut from the left so the text keeps at least half the
 * width. The caller must have set a UTF-8 locale
 * (setlocale) for wcwidth to know wide characters.
 *
 * Links: absolute URLs resolved against base_url (or the document's
 * <base href>); only http, https, ftp, ftps, mailto, gopher, gemini, news,
 * nntp, irc, ircs, xmpp, tel and magnet URLs are numbered (and relative
 * ones when there is no base); javascript:, data:, file: and in-page "#..."
 * links are not. The same URL gets the same number each time it appears;
 * a link with nothing to show gets none.
 *
 * Bounds: input 8 MiB (the rest is dropped and a note added), lists and
 * quotes nest 32 levels (deeper ones flatten), 10,000 links, 100,000
 * blocks, tables of 2,000 rows by 32 columns in column mode, 200,000 lines
 * per layout (then a last line "…").
 */
#ifndef TIDINGS_HTML_H
#define TIDINGS_HTML_H

#include <stddef.h>

#define HTML_MAX_INPUT	(8u * 1024 * 1024)	/* bytes of HTML or text read */
#define HTML_MAX_DEPTH	32			/* nested lists/quotes shown */
#define HTML_MAX_LINKS	10000			/* numbered links a document */
#define HTML_MAX_LINES	200000			/* lines per layout */

/* Attribute bits of a span. */
#define HTML_A_BOLD	 0x001
#define HTML_A_ITALIC	 0x002
#define HTML_A_UNDERLINE 0x004
#define HTML_A_STRIKE	 0x008	/* s, del, strike */
#define HTML_A_CODE	 0x010	/* code, kbd, samp, tt and all of pre */
#define HTML_A_LINK	 0x020	/* the text of a link; span.link says which */
#define HTML_A_MARK	 0x040	/* text tidings made up: [N], [image N: ...],
				   bullets, list numbers, rules, table lines */
#define HTML_A_HEADING	 0x080	/* heading text and its underline */
#define HTML_A_QUOTE	 0x100	/* the "│" bars of a blockquote */

/* Kinds of link-table entries. */
enum html_link_kind {
	HTML_LINK_HREF,		/* <a href> */
	HTML_LINK_IMAGE,	/* <img src> */
	HTML_LINK_VIDEO,
	HTML_LINK_AUDIO,
	HTML_LINK_EMBED		/* iframe, embed, object */
};

/* Flags of html_layout(). */
#define HTML_LAYOUT_LINKS 0x01	/* append a blank line and "[N] url" lines */
#define HTML_LAYOUT_WHOLE 0x02	/* pre lines and the link list's URLs
				   whole, however wide (text for a file or
				   a pipe): the one exception to "no line
				   wider than the width" */

/* Flags of a line. */
#define HTML_LINE_CONT	 0x01	/* goes on with the pre line above, after
				   a "↪" mark */
#define HTML_LINE_LINKS	 0x02	/* part of the appended link list */

/* A styled stretch of one line; bytes not covered by a span are plain. */
struct html_span {
	size_t		 off;	/* byte offset in the line's text */
	size_t		 len;	/* length in bytes */
	unsigned	 attr;	/* HTML_A_* bits */
	int		 link;	/* link number (1-based), or 0 */
};

struct html_line {
	const char	*text;	/* UTF-8, NUL-terminated, no control chars */
	size_t		 len;	/* bytes of text */
	const struct html_span *spans; /* in order, not overlapping */
	size_t		 nspans;
	int		 indent;	/* columns of prefix: bars, marker */
	int		 width;		/* display columns, <= the width */
	int		 flags;		/* HTML_LINE_* */
};

struct html_lines {
	struct html_line *line;	/* n lines, texts owned by this struct */
	size_t		 n;
	int		 width;	/* the width they were laid out for */
	char		*arena;	/* private: storage of all texts */
	struct html_span *span_arena; /* private: storage of all spans */
};

struct html_doc;

/*
 * Parses HTML (len bytes, not necessarily NUL-terminated, read up to the
 * first NUL byte; invalid UTF-8 is read as windows-1252). base_url may be
 * NULL. Never fails: malformed or empty input gives a document with what
 * could be read. Caller frees with html_free().
 */
struct html_doc	*html_parse(const char *html, size_t len,
		    const char *base_url);
/*
 * The same for a text/plain body: paragraphs split on blank lines, line
 * breaks inside a paragraph kept, runs of spaces kept, tabs expanded, URLs
 * left as text (no link table).
 */
struct html_doc	*html_parse_text(const char *text, size_t len);
void		 html_free(struct html_doc *);

/* Number of entries in the link table. */
int		 html_link_count(const struct html_doc *);
/* URL of link n (1-based), or NULL when there is no such link. */
const char	*html_link(const struct html_doc *, int n);
/* Kind of link n; HTML_LINK_HREF when there is no such link. */
enum html_link_kind html_link_kind(const struct html_doc *, int n);

/*
 * Lays the document out for width columns (width < 1 gives no lines).
 * Returns lines the caller frees with html_lines_free(); never NULL.
 */
struct html_lines *html_layout(const struct html_doc *, int width, int flags);
void		 html_lines_free(struct html_lines *);

/* All lines joined with '\n' (each line ends with one). Caller frees. */
char		*html_lines_text(const struct html_lines *);

#endif
