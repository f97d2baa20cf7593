/*
 * search.c: full-text search over a cache, for comparing index designs:
 * walks an upgraded cache's backlog as the interface's idle turns do
 * and indexes whatever waits (timed), prints the index's size, then
 * times each query as the interface runs it (at most 10,000 rows, best
 * of 5).
 * usage: [BATCHED=1] [BATCH=N] search CACHE QUERY...
 * Fill the cache with bench/fill_cache (its CJK-PERCENT gives Chinese
 * and Japanese articles).
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store.h"
#include "util.h"

#define RUNS	5
#define MAX_ROWS 10000	/* rows a search keeps (UI_MAX_RESULTS) */
#define BATCH	2000	/* items an idle turn indexes, at most
				   (UI_FTS_BATCH; BATCH=N in the environment) */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
count_cb(void *arg, const struct store_item_row *r)
{
	(void)r;
	(*(long *)arg)++;
	return 0;
}

/* Bytes of the pages of the tables named like pattern (dbstat). */
static long long
pages_bytes(const char *path, const char *pattern)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT sum(pgsize) FROM dbstat WHERE"
	    " name LIKE ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

int
main(int argc, char **argv)
{
	struct store *s;
	struct stat sb;
	char err[256];
	double t0, t, best;
	long n;
	int64_t flushed;
	int i, r;

	if (argc < 2) {
		fprintf(stderr, "usage: search CACHE QUERY...\n");
		return 2;
	}
	t0 = now_ms();
	if ((s = store_open(argv[1], 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "search: %s\n", err);
		return 1;
	}
	printf("open (with any migration): %.0f ms\n", now_ms() - t0);
	/*
	 * An upgraded cache's backlog (and with BATCHED set in the
	 * environment, new articles too) in the interface's idle batches.
	 */
	if (store_fts_backlog(s) == 1 || getenv("BATCHED") != NULL) {
		double worst = 0, t1;
		int64_t k, total = 0;
		int batch = getenv("BATCH") != NULL ? atoi(getenv("BATCH")) :
		    BATCH;

		t0 = now_ms();
		do {
			t1 = now_ms();
			if ((k = store_fts_flush(s, batch)) < 0) {
				fprintf(stderr, "search: %s\n", store_error(s));
				return 1;
			}
			total += k;
			if (now_ms() - t1 > worst)
				worst = now_ms() - t1;
		} while (k > 0);
		printf("indexed %lld items in batches of %d: %.1f s, slowest"
		    " batch %.0f ms\n", (long long)total, batch,
		    (now_ms() - t0) / 1e3, worst);
	}
	t0 = now_ms();
	if ((flushed = store_fts_flush(s, 0)) < 0) {
		fprintf(stderr, "search: %s\n", store_error(s));
		return 1;
	}
	printf("indexed %lld waiting articles: %.1f s\n", (long long)flushed,
	    (now_ms() - t0) / 1e3);
	store_close(s);
	if (stat(argv[1], &sb) == 0)
		printf("cache file: %.1f MB\n", (double)sb.st_size / 1e6);
	printf("full-text index (items_fts*): %.1f MB\n",
	    (double)pages_bytes(argv[1], "items_fts%") / 1e6);
	if ((s = store_open(argv[1], STORE_OPEN_READONLY, err,
	    sizeof err)) == NULL) {
		fprintf(stderr, "search: %s\n", err);
		return 1;
	}
	for (i = 2; i < argc; i++) {
		best = -1;
		n = 0;
		for (r = 0; r < RUNS; r++) {
			n = 0;
			t0 = now_ms();
			if (store_search(s, argv[i], 0, MAX_ROWS, count_cb,
			    &n) == -1) {
				printf("%-28s error: %s\n", argv[i],
				    store_error(s));
				break;
			}
			t = now_ms() - t0;
			if (best < 0 || t < best)
				best = t;
		}
		if (best >= 0)
			printf("%-28s %6ld found %9.2f ms\n", argv[i], n, best);
	}
	store_close(s);
	return 0;
}
