/*
 * discover.h: finding a site's feeds from any address the user gives.
 *
 * discover_start() fetches the address through net (the caller's loop, or
 * net_run()). If it is a feed, that is the answer. If it is a web page,
 * the feeds it advertises (<link rel="alternate"> with an RSS, Atom or
 * JSON Feed type, resolved against the page's URL or its <base href>) are
 * the candidates; when it advertises none, the common paths /feed,
 * /rss.xml, /atom.xml, /index.xml and /feed.json of its site are. Every
 * candidate is fetched (in parallel, within net's per-host limits) and
 * kept only if it parses as a feed, with its title. Nothing is written:
 * the caller appends the chosen feed to the urls file (urls_add_line()).
 *
 * Only http and https addresses are fetched; nothing is run; the terminal
 * is never touched.
 */
#ifndef TIDINGS_DISCOVER_H
#define TIDINGS_DISCOVER_H

#include <stddef.h>

struct net;

#define DISCOVER_MAX_BODY	(8u * 1024 * 1024)	/* page or feed bytes */
#define DISCOVER_MAX_LINKS	32	/* advertised feeds kept from a page */
#define DISCOVER_MAX_TITLE	200	/* bytes of a title kept */

/* Where the candidates came from. */
enum discover_how {
	DISCOVER_ERROR,		/* the address could not be read: error */
	DISCOVER_IS_FEED,	/* the address is a feed itself */
	DISCOVER_ADVERTISED,	/* the page's <link rel="alternate"> */
	DISCOVER_COMMON,	/* the page advertised none: common paths */
};

struct discover_feed {
	char	*url;		/* absolute http(s) URL */
	char	*title;		/* clean, one line; never NULL */
	const char *format;	/* "RSS 2.0", "Atom 1.0", "JSON Feed 1.1"... */
};

/* The answer; discover_result_free() frees it. */
struct discover_result {
	enum discover_how how;
	char	*error;		/* one clean line when there is no feed */
	struct discover_feed *feeds;	/* in the page's order; may be 0 */
	size_t	 n;
	size_t	 tried;		/* candidates fetched */
};

void	 discover_result_free(struct discover_result *);

/*
 * The feeds a page advertises, without fetching anything: url and title
 * (the link's title attribute, else "") of each <link rel="alternate">
 * with a feed type, resolved against page_url or the page's <base href>,
 * duplicates and non-http(s) URLs left out, at most DISCOVER_MAX_LINKS.
 * format is the type's name ("RSS", "Atom", "JSON Feed"). Returns how many
 * were put into out (the caller frees it with discover_result_free()).
 */
size_t	 discover_page_links(const char *html, size_t len,
	    const char *page_url, struct discover_result *out);

/*
 * The common feed paths of page_url's site, in order, as new absolute
 * URLs (NULL-terminated; caller frees each and the array); NULL when
 * page_url is not an http(s) URL.
 */
char	**discover_common_urls(const char *page_url);

struct discover;
typedef void (*discover_cb)(void *arg, const struct discover_result *);

/*
 * Starts finding the feeds at url ("example.org/blog", without a
 * scheme, is taken as https://example.org/blog). cb is called exactly
 * once, from net_perform() or net_run() (or at once when url is not
 * http(s)), with a result that lives until it returns; the search frees
 * itself after.
 * discover_cancel() before that: cb is never called.
 */
struct discover *discover_start(struct net *, const char *url,
	    discover_cb cb, void *arg);
void	 discover_cancel(struct discover *);

#endif
