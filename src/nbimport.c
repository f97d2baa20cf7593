/*
 * nbimport.c: newsboat's cache.db into tidings' store (nbimport.h).
 *
 * newsboat's schema has been stable for years (rss_feed, rss_item with
 * guid, feedurl, unread, flags, deleted); only the columns needed are
 * read. Must never write to newsboat's file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "date.h"
#include "feed.h"
#include "nbimport.h"
#include "store.h"
#include "urls.h"
#include "util.h"

static const char *
nb_col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL && *s != '\0' ? s : NULL;
}

/*
 * The guid tidings gives the article: newsboat's, except that for items
 * without one newsboat uses the link followed by the date's text, where
 * tidings uses the link alone.
 */
static const char *
nb_tidings_guid(const char *guid, const char *link)
{
	size_t n;

	if (link == NULL || guid == NULL)
		return guid;
	n = strlen(link);
	if (strlen(guid) > n && strncmp(guid, link, n) == 0)
		return link;
	return guid;
}

/* Stores newsboat's copy of an article; its id, or -1. */
static int64_t
nb_store(struct store *s, int64_t feed_id, sqlite3_stmt *st,
    const char *guid)
{
	struct feed_item it;
	struct feed_enclosure enc;

	memset(&it, 0, sizeof it);
	it.guid = (char *)guid;
	it.title = (char *)nb_col(st, 2);
	it.author = (char *)nb_col(st, 3);
	it.link = (char *)nb_col(st, 4);
	it.content = (char *)nb_col(st, 6);
	it.content_type = it.content != NULL ? FEED_CONTENT_HTML :
	    FEED_CONTENT_NONE;
	it.published = sqlite3_column_int64(st, 5) > 0 ?
	    sqlite3_column_int64(st, 5) : DATE_NONE;
	it.updated = DATE_NONE;
	if (nb_col(st, 9) != NULL) {
		memset(&enc, 0, sizeof enc);
		enc.url = (char *)nb_col(st, 9);
		enc.type = (char *)nb_col(st, 10);
		enc.length = -1;
		it.enclosures = &enc;
		it.n_enclosures = 1;
	}
	if (store_item_put(s, feed_id, &it) == -1)
		return -1;
	return store_item_find(s, feed_id, guid);
}

int
nbimport_cache(struct store *s, const char *path, const struct urls *u,
    struct nbimport_stats *stats, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	const struct urls_entry *e;
	const char *feedurl, *guid, *tguid, *flags;
	char *last_url = NULL;
	int64_t feed_id = 0, id;
	int rc, r;

	memset(stats, 0, sizeof *stats);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		util_errf(err, errlen, "cannot open %s: %s", path,
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, "SELECT feedurl, guid, title, author, url,"
	    " pubDate, content, unread, flags, enclosure_url, enclosure_type,"
	    " deleted FROM rss_item ORDER BY feedurl, id", -1, &st, NULL) !=
	    SQLITE_OK) {
		util_errf(err, errlen, "%s is not a newsboat cache: %s", path,
		    sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	if (store_begin(s) == -1) {
		util_errf(err, errlen, "%s", store_error(s));
		goto fail;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		stats->articles++;
		feedurl = nb_col(st, 0);
		guid = nb_col(st, 1);
		if (feedurl == NULL || guid == NULL ||
		    (e = urls_find(u, feedurl)) == NULL) {
			stats->other_feed++;
			continue;
		}
		if (last_url == NULL || strcmp(last_url, feedurl) != 0) {
			free(last_url);
			last_url = xstrdup(feedurl);
			if ((feed_id = store_feed_add(s, e->url)) < 0)
				goto store_fail;
		}
		if ((id = store_item_find(s, feed_id, guid)) == 0) {
			tguid = nb_tidings_guid(guid, nb_col(st, 4));
			if (tguid != guid)
				id = store_item_find(s, feed_id, tguid);
		} else
			tguid = guid;
		if (id < 0)
			goto store_fail;
		/* Deleted in newsboat: it stays away, unless tidings has it. */
		if (sqlite3_column_int(st, 11) != 0) {
			stats->deleted++;
			if (id == 0 && store_item_forget(s, feed_id, tguid) == -1)
				goto store_fail;
			continue;
		}
		if (id > 0)
			stats->matched++;
		else {
			if ((id = nb_store(s, feed_id, st, tguid)) < 0)
				goto store_fail;
			/* A guid tidings deleted once stays deleted. */
			if (id == 0)
				continue;
			stats->added++;
		}
		if (sqlite3_column_int(st, 7) == 0) {
			if ((r = store_item_set_unread(s, id, 0)) < 0)
				goto store_fail;
			stats->read += r;
		}
		flags = nb_col(st, 8);
		if (flags != NULL) {
			if ((r = store_item_set_flagged(s, id, 1)) < 0)
				goto store_fail;
			stats->flagged += r;
		}
	}
	if (rc != SQLITE_DONE) {
		util_errf(err, errlen, "reading %s: %s", path,
		    sqlite3_errmsg(db));
		store_rollback(s);
		goto fail;
	}
	if (store_commit(s) == -1) {
		util_errf(err, errlen, "%s", store_error(s));
		goto fail;
	}
	free(last_url);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
store_fail:
	util_errf(err, errlen, "%s", store_error(s));
	store_rollback(s);
fail:
	free(last_url);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return -1;
}
