/*
 * test_faults.c: the cache against faults.
 *
 *  - kill -9 at random points of mark-all-read and of cleanup, many
 *    times each, on a cache of 20,000 articles: afterwards integrity_check
 *    passes, the cache opens again (no stale writer lock), every flagged
 *    article is still there and flagged, and the operation either happened
 *    whole or not at all: no read state is lost or half-changed;
 *  - a full disk (a file size limit, SIGXFSZ ignored, so writes fail with
 *    EFBIG as on a full file system) and a read-only cache give a clean
 *    error and leave the cache's bytes as they were.
 * (kill -9 during a refresh is in tests/refresh.sh and tests/faults.sh.)
 * TIDINGS_FAULT_ROUNDS sets the number of kills (default 25; make
 * check-valgrind sets 5, as each round there costs a minute).
 * Must never write outside its temporary directory.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "feed.h"
#include "store.h"
#include "str.h"
#include "util.h"

#include "tap.h"

#define NFEEDS	20
#define NITEMS	1000
#define ROUNDS	25	/* kills per operation, unless TIDINGS_FAULT_ROUNDS */

static char dir[64], pristine[96], work[96];

/* The cache's state, as sums that change with any lost or half write. */
struct state {
	int	 ok;		/* integrity_check said "ok" */
	int64_t	 items, unread, flagged, unread_ids, flagged_ids;
	int64_t	 wrong;		/* surviving items whose read or flag state
				   is not the one set up */
};

static int64_t
query1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static struct state
state_of(const char *path)
{
	struct state s;
	sqlite3 *db;
	sqlite3_stmt *st;

	memset(&s, 0, sizeof s);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return s;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		s.ok = strcmp((const char *)sqlite3_column_text(st, 0),
		    "ok") == 0;
	sqlite3_finalize(st);
	s.items = query1(db, "SELECT count(*) FROM items");
	s.unread = query1(db, "SELECT count(*) FROM items WHERE unread");
	s.flagged = query1(db, "SELECT count(*) FROM items WHERE flagged");
	s.unread_ids = query1(db, "SELECT total(id) FROM items WHERE unread");
	s.flagged_ids = query1(db, "SELECT total(id) FROM items WHERE "
	    "flagged");
	/* As set up: read when id % 3 = 0, flagged when id % 7 = 0. */
	s.wrong = query1(db, "SELECT count(*) FROM items WHERE flagged != "
	    "(id % 7 = 0)");
	sqlite3_close(db);
	return s;
}

static int
copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in, out, rc = 0;

	if ((in = open(from, O_RDONLY)) == -1)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			rc = -1;
	if (n < 0)
		rc = -1;
	close(in);
	if (close(out) != 0)
		rc = -1;
	return rc;
}

/* A fresh copy of the pristine cache at work, without WAL leftovers. */
static void
fresh(void)
{
	char p[128];

	util_errf(p, sizeof p, "%s-wal", work);
	unlink(p);
	util_errf(p, sizeof p, "%s-shm", work);
	unlink(p);
	util_errf(p, sizeof p, "%s.lock", work);
	unlink(p);
	if (copy_file(pristine, work) != 0)
		util_fatal("cannot copy %s", pristine);
}

static int
setup(void)
{
	struct feed_item it;
	struct feed feed;
	struct store *s;
	char err[256], url[64], title[96], guid[32], body[256];
	int64_t id, now = (int64_t)time(NULL);
	sqlite3 *db;
	int f, i;

	if ((s = store_open(pristine, 0, err, sizeof err)) == NULL)
		return -1;
	for (f = 0; f < NFEEDS; f++) {
		util_errf(url, sizeof url, "http://127.0.0.1:9/%d.xml", f);
		if (store_begin(s) == -1 || (id = store_feed_add(s, url)) < 0)
			return -1;
		memset(&feed, 0, sizeof feed);
		feed.title = url;
		feed.updated = DATE_NONE;
		if (store_feed_set_meta(s, id, &feed) == -1)
			return -1;
		for (i = 0; i < NITEMS; i++) {
			memset(&it, 0, sizeof it);
			util_errf(title, sizeof title, "Article %d of %d", i,
			    f);
			util_errf(guid, sizeof guid, "g-%d-%d", f, i);
			util_errf(body, sizeof body, "<p>Body %d of feed %d, "
			    "long enough to make the pages fill up.</p>", i,
			    f);
			it.title = title;
			it.guid = guid;
			it.content = body;
			it.content_type = FEED_CONTENT_HTML;
			it.published = now - (int64_t)i * 3600;
			it.updated = DATE_NONE;
			if (store_item_put(s, id, &it) == -1)
				return -1;
		}
		if (store_commit(s) == -1)
			return -1;
	}
	store_close(s);
	if (sqlite3_open(pristine, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_exec(db, "UPDATE items SET unread = 0 WHERE id % 3 = 0;"
	    "UPDATE items SET flagged = 1 WHERE id % 7 = 0;"
	    "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_close(db);
	return 0;
}

enum op { OP_MARK_ALL, OP_CLEANUP };

/* In a child: opens work and runs op; exits 0 when it was done. */
static void
child(enum op op)
{
	struct store *s;
	char err[256];
	int64_t r;

	if ((s = store_open(work, 0, err, sizeof err)) == NULL) {
		printf("# child: %s\n", err);
		fflush(stdout);
		_exit(2);
	}
	r = op == OP_MARK_ALL ? store_mark_all_read(s, NULL) :
	    store_cleanup(s, 100, 0);
	if (r < 0)
		printf("# child: %s\n", store_error(s));
	fflush(stdout);
	store_close(s);
	_exit(r < 0 ? 1 : 0);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs op to its end in a child; its wall time. */
static double
run_whole(enum op op)
{
	double t = now_s();
	pid_t pid = fork();
	int st;

	if (pid == 0)
		child(op);
	waitpid(pid, &st, 0);
	return now_s() - t;
}

static void
test_kill(enum op op, const char *name)
{
	struct state before, after, done, s;
	double whole;
	int i, bad = 0, killed = 0, finished = 0, reopen = 0;
	int rounds = ROUNDS;
	const char *env = getenv("TIDINGS_FAULT_ROUNDS");
	char err[256];
	pid_t pid;

	if (env != NULL && atoi(env) > 0 && atoi(env) <= 1000)
		rounds = atoi(env);
	fresh();
	before = state_of(work);
	whole = run_whole(op);
	done = state_of(work);
	for (i = 0; i < rounds; i++) {
		struct store *st;
		useconds_t wait;
		int status;

		fresh();
		wait = (useconds_t)((double)rand() / RAND_MAX * whole * 1.3 *
		    1e6);
		if ((pid = fork()) == 0)
			child(op);
		usleep(wait);
		if (kill(pid, SIGKILL) == 0)
			killed++;
		waitpid(pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			finished++;
		s = state_of(work);
		after = s;
		/* Whole or nothing, flags never lost. */
		if (!s.ok || s.wrong != 0 || s.flagged != before.flagged ||
		    s.flagged_ids != before.flagged_ids ||
		    !((s.items == before.items && s.unread == before.unread &&
		    s.unread_ids == before.unread_ids) ||
		    (s.items == done.items && s.unread == done.unread &&
		    s.unread_ids == done.unread_ids))) {
			bad++;
			printf("# %s round %d: ok %d, items %lld unread %lld "
			    "flagged %lld wrong %lld\n", name, i, s.ok,
			    (long long)s.items, (long long)s.unread,
			    (long long)s.flagged, (long long)s.wrong);
		}
		if ((st = store_open(work, 0, err, sizeof err)) != NULL) {
			reopen++;
			store_close(st);
		}
	}
	(void)after;
	tap_ok(before.ok && done.ok && done.flagged == before.flagged &&
	    (op == OP_MARK_ALL ? done.unread == 0 : done.items < before.items),
	    "%s: unkilled, it does its work in %.0f ms (%lld to %lld items, "
	    "%lld to %lld unread, %lld flagged kept)", name, whole * 1000,
	    (long long)before.items, (long long)done.items,
	    (long long)before.unread, (long long)done.unread,
	    (long long)done.flagged);
	tap_ok(bad == 0, "%s: kill -9 at %d random points (%d killed "
	    "before the end): integrity_check passes, all or nothing, no "
	    "read or flag state lost (%d bad)", name, rounds,
	    rounds - finished, bad);
	tap_ok(reopen == rounds, "%s: the cache opens again every time "
	    "(%d of %d)", name, reopen, rounds);
	(void)killed;
}

/* Same bytes as the pristine copy? */
static int
same_bytes(const char *a, const char *b)
{
	char x[65536], y[65536];
	ssize_t n, m;
	int fa = open(a, O_RDONLY), fb = open(b, O_RDONLY), same = 1;

	if (fa == -1 || fb == -1)
		same = 0;
	while (same && (n = read(fa, x, sizeof x)) >= 0) {
		m = read(fb, y, sizeof y);
		if (m != n || memcmp(x, y, (size_t)n) != 0)
			same = 0;
		if (n == 0)
			break;
	}
	if (fa != -1)
		close(fa);
	if (fb != -1)
		close(fb);
	return same;
}

/*
 * Runs op in a child that cannot write past limit bytes (or, with
 * readonly, as nobody on a read-only cache); its message in msg.
 */
static int
run_limited(enum op op, rlim_t limit, int readonly, char *msg, size_t len)
{
	int fds[2], st;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) != 0)
		return -1;
	if ((pid = fork()) == 0) {
		struct store *s;
		struct rlimit rl;
		char err[256] = "";
		int64_t r = -1;

		close(fds[0]);
		if (readonly && geteuid() == 0 &&
		    (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		if (limit > 0) {
			signal(SIGXFSZ, SIG_IGN);
			rl.rlim_cur = rl.rlim_max = limit;
			setrlimit(RLIMIT_FSIZE, &rl);
		}
		s = store_open(work, 0, err, sizeof err);
		if (s != NULL) {
			r = op == OP_MARK_ALL ? store_mark_all_read(s, NULL) :
			    store_cleanup(s, 100, 0);
			if (r < 0)
				util_errf(err, sizeof err, "%s",
				    store_error(s));
			store_close(s);
		}
		if (write(fds[1], err, strlen(err)) < 0)
			_exit(4);
		_exit(r < 0 ? 1 : 0);
	}
	close(fds[1]);
	n = read(fds[0], msg, len - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int
clean_msg(const char *s)
{
	size_t n = strlen(s), i, k;
	uint32_t cp;

	if (n == 0 || !str_utf8_valid(s, n))
		return 0;
	for (i = 0; i < n; i += k) {
		k = str_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || str_is_unsafe(cp))
			return 0;
	}
	return 1;
}

static void
test_full_disk(void)
{
	struct state before, s;
	struct stat st;
	char msg[512], copy[128];
	int rc;

	fresh();
	util_errf(copy, sizeof copy, "%s.orig", work);
	copy_file(work, copy);
	before = state_of(work);
	if (stat(work, &st) != 0) {
		tap_ok(0, "stat the cache");
		return;
	}
	/* No file may grow past 64 KiB: the WAL of marking 13,000 read. */
	rc = run_limited(OP_MARK_ALL, 65536, 0, msg,
	    sizeof msg);
	s = state_of(work);
	tap_ok(rc == 1 && clean_msg(msg), "full disk: mark-all-read fails "
	    "with a clean error: %s", msg);
	tap_ok(s.ok && s.items == before.items && s.unread == before.unread &&
	    s.unread_ids == before.unread_ids && s.flagged == before.flagged,
	    "full disk: the cache is as it was (%lld unread)",
	    (long long)s.unread);
	rc = run_limited(OP_CLEANUP, 65536, 0, msg,
	    sizeof msg);
	s = state_of(work);
	tap_ok(rc == 1 && clean_msg(msg) && s.ok && s.items == before.items &&
	    s.unread == before.unread, "full disk: cleanup fails cleanly "
	    "and deletes nothing (%lld items): %s", (long long)s.items, msg);
	unlink(copy);
}

static void
test_read_only(void)
{
	char msg[512], copy[128], wal[128];
	int rc;

	fresh();
	util_errf(copy, sizeof copy, "%s.orig", work);
	copy_file(work, copy);
	util_errf(wal, sizeof wal, "%s-wal", work);
	chmod(work, 0444);
	chmod(dir, 0555);
	rc = run_limited(OP_MARK_ALL, 0, 1, msg, sizeof msg);
	chmod(dir, 0755);
	chmod(work, 0644);
	if (rc == 3) {
		tap_skip("read-only cache: cannot drop root's rights");
		tap_skip("read-only cache: unchanged");
	} else {
		tap_ok(rc == 1 && clean_msg(msg), "read-only cache: a clean "
		    "error: %s", msg);
		tap_ok(same_bytes(work, copy) && access(wal, F_OK) == -1,
		    "read-only cache: its bytes are as they were");
	}
	unlink(copy);
}

int
main(void)
{
	char p[128];

	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	util_errf(dir, sizeof dir, "/tmp/test_faults.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		tap_skip("mkdtemp: %s", strerror(errno));
		return tap_done();
	}
	chmod(dir, 0755);
	util_errf(pristine, sizeof pristine, "%s/pristine.db", dir);
	util_errf(work, sizeof work, "%s/work.db", dir);
	if (setup() != 0) {
		tap_ok(0, "a cache of %d articles", NFEEDS * NITEMS);
		return tap_done();
	}
	test_kill(OP_MARK_ALL, "mark-all-read");
	test_kill(OP_CLEANUP, "cleanup");
	test_full_disk();
	test_read_only();

	/* Remove the scratch files. */
	{
		static const char *const names[] = { "pristine.db",
		    "pristine.db-wal", "pristine.db-shm", "pristine.db.lock",
		    "work.db", "work.db-wal", "work.db-shm", "work.db.lock" };
		size_t i;

		for (i = 0; i < UTIL_ARRAY_LEN(names); i++) {
			util_errf(p, sizeof p, "%s/%s", dir, names[i]);
			unlink(p);
		}
		rmdir(dir);
	}
	return tap_done();
}
