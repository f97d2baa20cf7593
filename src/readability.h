/*
 * readability.h: reader mode: the article of a web page, without the page.
 *
 * readability_extract() parses a page with libxml2's HTML parser and finds
 * its main content the way Arc90's readability (as kept by Mozilla's
 * Readability.js) does: paragraphs are scored by their length and commas,
 * their scores flow to their parent and grandparent, class and id names
 * and link density adjust them, the best block wins together with the
 * siblings that look like more of it, and the result is cleaned of
 * navigation, share bars, forms, empty blocks and link lists. What comes
 * back is clean HTML for html_parse(): only known elements and a short
 * list of harmless attributes, every link and image resolved against the
 * page's URL (or its <base href>), no scripts, styles, event handlers,
 * hidden elements or control characters. The page's metadata (Open Graph,
 * JSON-LD, <meta name>, rel=author, <time>) gives the title, byline, site
 * name, publication time and excerpt.
 *
 * Beyond Readability.js: <nav>, <header> and <footer> outside the
 * article go, as do blocks named nav, ads, cookie, promo, newsletter...;
 * a lone <article> (or articleBody, or <main>) holding 80% of the page's
 * paragraphs is taken alone; a title's " | Site" suffix naming the site
 * is cut; <time itemprop=datePublished> or <time pubdate> dates the
 * article when the metadata does not.
 *
 * Nothing is fetched (HTML_PARSE_NONET; images and links are only
 * rewritten) and nothing is run. Input is cut at READABILITY_MAX_INPUT;
 * elements nested deeper than 256 levels are unwrapped, every walk over
 * the tree is iterative, and the work per page is bounded.
 */
#ifndef TIDINGS_READABILITY_H
#define TIDINGS_READABILITY_H

#include <stddef.h>
#include <stdint.h>

#define READABILITY_MAX_INPUT	(8u * 1024 * 1024)	/* bytes of page read */
#define READABILITY_MAX_META	2000	/* bytes kept of one metadata string */

/*
 * An extracted article. Every string is valid UTF-8 without control
 * characters (content keeps tab and newline, inside its text).
 */
struct readability {
	char		*content;	/* the article as HTML; never NULL */
	char		*title;		/* or NULL; " | Site" suffix removed */
	char		*byline;	/* author(s), or NULL */
	char		*site_name;	/* or NULL */
	char		*excerpt;	/* summary, or the first paragraph */
	int64_t		 published;	/* UTC seconds, or DATE_NONE */
	size_t		 length;	/* characters of text in content */
	int		 truncated;	/* the page was cut at MAX_INPUT */
};

/*
 * Extracts the article from len bytes of html. url (may be NULL) is the
 * page's address, used to resolve relative links and images. charset (may
 * be NULL) is the one the server declared; without it the page is read as
 * UTF-8 when it is valid UTF-8, else in the charset its <meta> declares,
 * else as windows-1252. Returns a new article the caller frees with
 * readability_free(), or NULL with a one-line reason in err ("empty
 * page", "not an HTML page (...)", "no article text found in the page",
 * or "page too complex to read" when the page would take more than about
 * a second of work). Never reads past len; html need not end in a NUL.
 */
struct readability *readability_extract(const char *html, size_t len,
		    const char *url, const char *charset, char *err,
		    size_t errlen);
void		 readability_free(struct readability *);

#endif
