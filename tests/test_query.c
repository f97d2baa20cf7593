/*
 * test_query.c: matching filters over the cache (query feeds, F) and the
 * killfile: what SQL narrows never changes what matches, and
 * ignore-article picks its feeds by "*", URL or glob.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "feed.h"
#include "filter.h"
#include "query.h"
#include "store.h"
#include "tap.h"
#include "util.h"

#define NOW	(1000 * 86400LL)

static const char *const tags_a[] = { "news", "linux" };

static int
feed_cb(void *arg, int64_t feed_id, struct filter_item *it)
{
	(void)arg;
	it->feed_title = feed_id == 1 ? "Alpha" : "Beta";
	it->tags = feed_id == 1 ? tags_a : NULL;
	it->ntags = feed_id == 1 ? 2 : 0;
	return 0;
}

/* Every row, every column, matched without any narrowing. */
struct brute {
	const struct filter *f;
	int64_t	 n, unread;
};

static int
brute_cb(void *arg, const struct store_scan_row *r)
{
	struct brute *b = arg;
	struct filter_item it;

	memset(&it, 0, sizeof(it));
	it.title = r->row.title;
	it.author = r->row.author;
	it.link = r->row.link;
	it.content = r->content;
	it.guid = r->guid;
	it.unread = r->row.unread;
	it.flagged = r->row.flagged;
	it.flags = r->row.flagged ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz" : "";
	it.enclosure_url = r->enclosure_url;
	it.enclosure_type = r->enclosure_type;
	it.date = r->row.date;
	it.now = NOW;
	feed_cb(NULL, r->row.feed_id, &it);
	if (filter_match(b->f, &it)) {
		b->n++;
		b->unread += r->row.unread;
	}
	return 0;
}

static void
test_narrowing(const char *path)
{
	static const char *const exprs[] = {
		"unread = \"yes\"",
		"unread = \"no\"",
		"unread != \"yes\" and title =~ \"1\"",
		"age < 3",
		"age <= 3",
		"age = 0",
		"age between 2:5",
		"age > 5",
		"age < 1 and unread = \"yes\"",
		"unread = \"yes\" or age < 2",
		"content =~ \"body 7\"",
		"flags # \"s\"",
		"flagged = \"yes\" and age < 10",
		"tags # \"linux\" and unread = \"yes\"",
		"feedtitle = \"Beta\"",
		"enclosure_url =~ \"mp3\"",
		"(age < 2 or age > 8) and unread = \"no\"",
	};
	struct store *s;
	struct feed_item it;
	struct feed_enclosure enc;
	struct store_scan sc;
	char err[256], guid[32], title[32], body[64];
	int64_t f[2], unread, total;
	size_t i;
	int k;

	s = store_open(path, 0, err, sizeof err);
	if (s == NULL) {
		tap_ok(0, "open: %s", err);
		return;
	}
	f[0] = store_feed_add(s, "https://alpha.example/feed");
	f[1] = store_feed_add(s, "https://beta.example/feed");
	/* Dates every 6 hours around now, some in the future. */
	for (k = 0; k < 60; k++) {
		memset(&it, 0, sizeof it);
		snprintf(guid, sizeof guid, "g%d", k);
		snprintf(title, sizeof title, "title %d", k);
		snprintf(body, sizeof body, "<p>body %d</p>", k);
		it.guid = guid;
		it.title = title;
		it.content = body;
		it.content_type = FEED_CONTENT_HTML;
		it.published = NOW - (int64_t)(k - 4) * 6 * 3600 - 7;
		it.updated = DATE_NONE;
		if (k % 5 == 0) {
			enc.url = (char *)"https://x.example/a.mp3";
			enc.type = (char *)"audio/mpeg";
			enc.length = 1;
			it.enclosures = &enc;
			it.n_enclosures = 1;
		}
		store_item_put(s, f[k % 2], &it);
		if (k % 3 == 0)
			store_item_set_unread(s, k + 1, 0);
		if (k % 7 == 0)
			store_item_set_flagged(s, k + 1, 1);
	}
	memset(&sc, 0, sizeof sc);
	sc.content = sc.enclosure = 1;
	sc.min_date = INT64_MIN;
	for (i = 0; i < UTIL_ARRAY_LEN(exprs); i++) {
		struct filter *flt = filter_parse(exprs[i], err, sizeof err);
		struct brute b;

		if (flt == NULL) {
			tap_ok(0, "parse %s: %s", exprs[i], err);
			continue;
		}
		memset(&b, 0, sizeof b);
		b.f = flt;
		store_item_scan(s, &sc, brute_cb, &b);
		unread = total = -1;
		query_count(s, flt, NOW, feed_cb, NULL, &unread, &total);
		tap_ok(total == b.n && unread == b.unread && (b.n > 0 ||
		    strstr(exprs[i], "feedtitle") == NULL),
		    "narrowed like a full scan: %s (%lld/%lld)", exprs[i],
		    (long long)unread, (long long)total);
		filter_free(flt);
	}
	store_close(s);
}

static int
killed(const struct conf *cf, const char *url, const char *title,
    const char *author)
{
	struct feed f;
	struct feed_item it;

	memset(&f, 0, sizeof f);
	f.title = (char *)"A feed";
	f.updated = DATE_NONE;
	memset(&it, 0, sizeof it);
	it.title = (char *)title;
	it.author = (char *)author;
	it.published = it.updated = DATE_NONE;
	return query_ignored(cf, url, tags_a, 2, &f, &it);
}

static void
test_killfile(void)
{
	static const char text[] =
	    "ignore-article \"*\" \"title =~ \\\"^ad:\\\"\"\n"
	    "ignore-article \"https://a.example/*\" \"author = \\\"bot\\\"\"\n"
	    "ignore-article \"https://b.example/feed\" \"tags # \\\"linux\\\"\"\n";
	struct conf cf;
	struct conf_msgs msgs;

	conf_init(&cf);
	memset(&msgs, 0, sizeof msgs);
	conf_load_text(&cf, "test", text, sizeof text - 1, &msgs);
	tap_ok(msgs.n == 0 && cf.nignores == 3, "three rules read");
	tap_ok(killed(&cf, "https://z.example/", "Ad: buy", NULL) &&
	    killed(&cf, "https://a.example/x", "AD: buy", NULL),
	    "\"*\" applies to every feed");
	tap_ok(killed(&cf, "https://a.example/rss", "Hello", "bot") &&
	    !killed(&cf, "https://c.example/rss", "Hello", "bot"),
	    "a glob applies to the feeds it matches only");
	tap_ok(killed(&cf, "https://b.example/feed", "Hello", NULL) &&
	    !killed(&cf, "https://b.example/feed2", "Hello", NULL),
	    "a URL applies to that feed only, and sees its tags");
	tap_ok(!killed(&cf, "https://z.example/", "Hello", "someone"),
	    "other articles are kept");
	conf_msgs_free(&msgs);
	conf_free(&cf);
	conf_init(&cf);
	tap_ok(!killed(&cf, "https://z.example/", "Ad: x", NULL),
	    "no rules, nothing ignored");
	conf_free(&cf);
}

int
main(void)
{
	char dir[] = "/tmp/test_query.XXXXXX", *path, *p2;

	if (mkdtemp(dir) == NULL)
		return 1;
	path = xasprintf("%s/q.db", dir);
	test_narrowing(path);
	test_killfile();
	unlink(path);
	p2 = xasprintf("%s-wal", path);
	unlink(p2);
	free(p2);
	p2 = xasprintf("%s-shm", path);
	unlink(p2);
	free(p2);
	p2 = xasprintf("%s.lock", path);
	unlink(p2);
	free(p2);
	free(path);
	rmdir(dir);
	return tap_done();
}
