/*
 * fill_cache.c: fills a tidings cache with NFEEDS x NITEMS synthetic
 * articles through the store module, for the start-up benchmark (a
 * million articles is faster to store directly than to serve and parse).
 * usage: fill_cache CACHE URLS-OUT NFEEDS NITEMS
 * Writes the feeds' URLs (http://127.0.0.1:9/bench-N.xml) to URLS-OUT.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "store.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct store *s;
	struct feed feed;
	struct feed_item it;
	char err[256], title[128], guid[64], link[128], body[600];
	long nfeeds, nitems, f, i;
	int64_t id, now = 1795000000;
	FILE *urls;

	if (argc != 5) {
		fprintf(stderr, "usage: fill_cache CACHE URLS-OUT NFEEDS "
		    "NITEMS\n");
		return 2;
	}
	nfeeds = atol(argv[3]);
	nitems = atol(argv[4]);
	if ((s = store_open(argv[1], 0, err, sizeof err)) == NULL ||
	    (urls = fopen(argv[2], "w")) == NULL) {
		fprintf(stderr, "fill_cache: %s\n", s ? argv[2] : err);
		return 1;
	}
	for (f = 0; f < nfeeds; f++) {
		char *url = xasprintf("http://127.0.0.1:9/bench-%ld.xml", f);

		fprintf(urls, "%s\n", url);
		if (store_begin(s) == -1 || (id = store_feed_add(s, url)) < 0)
			goto fail;
		memset(&feed, 0, sizeof feed);
		snprintf(title, sizeof title, "Bench feed %ld", f);
		feed.title = title;
		feed.format = FEED_FORMAT_RSS20;
		feed.updated = DATE_NONE;
		if (store_feed_set_meta(s, id, &feed) == -1)
			goto fail;
		for (i = 0; i < nitems; i++) {
			memset(&it, 0, sizeof it);
			snprintf(title, sizeof title, "Article %ld of feed %ld: "
			    "the council approves a plan for the city", i, f);
			snprintf(guid, sizeof guid, "bench-%ld-%ld", f, i);
			snprintf(link, sizeof link,
			    "https://bench%ld.example.com/a/%ld", f, i);
			snprintf(body, sizeof body, "<p>Paragraph one of article "
			    "%ld. The council said on Tuesday that a new plan "
			    "would bring more trains.</p><p>Critics argued that "
			    "costs had been underestimated.</p>", i);
			it.title = title;
			it.guid = guid;
			it.link = link;
			it.content = body;
			it.content_type = FEED_CONTENT_HTML;
			it.published = now - (int64_t)(i * 600 + f);
			it.updated = DATE_NONE;
			if (store_item_put(s, id, &it) == -1)
				goto fail;
		}
		if (store_feed_set_fetch(s, id, 200, NULL, NULL, NULL, 0,
		    NULL) == -1 || store_commit(s) == -1)
			goto fail;
		free(url);
	}
	fclose(urls);
	store_close(s);
	return 0;
fail:
	fprintf(stderr, "fill_cache: %s\n", store_error(s));
	return 1;
}
