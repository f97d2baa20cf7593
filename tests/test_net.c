/*
 * test_net.c: the fetch engine against tests/httpd.py, a local server that
 * misbehaves on purpose (real requests on 127.0.0.1 only).
 * Must never reach past 127.0.0.1, and must never leave the server running.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "net.h"
#include "util.h"
#include "tap.h"

static char tmpdir[256], logpath[300];
static int port;

/* What one job saw, copied out of the callbacks. */
struct fetch {
	struct buf	 body;
	int		 ndata, nhead, ndone;
	int		 head_before_data;	/* on_head came first */
	int		 abort_data;	/* on_data returns -1 */
	int		 abort_head;	/* on_head returns -1 */
	char		*head_type;	/* content type seen by on_head */
	enum net_code	 code;
	long		 status;
	char		*error, *etag, *lm, *ctype, *charset, *eff, *redirect;
	int		 perm, truncated;
	int64_t		 retry_after;
	uint64_t	 bytes, wire;
	long		 elapsed_ms;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
fetch_on_head(void *arg, const struct net_result *r)
{
	struct fetch *f = arg;

	f->nhead++;
	if (f->ndata == 0)
		f->head_before_data = 1;
	free(f->head_type);
	f->head_type = dup_or_null(r->content_type);
	return f->abort_head ? -1 : 0;
}

static int
fetch_on_data(void *arg, const char *p, size_t n)
{
	struct fetch *f = arg;

	f->ndata++;
	buf_append(&f->body, p, n);
	return f->abort_data ? -1 : 0;
}

static void
fetch_on_done(void *arg, const struct net_result *r)
{
	struct fetch *f = arg;

	f->ndone++;
	f->code = r->code;
	f->status = r->status;
	f->error = dup_or_null(r->error);
	f->etag = dup_or_null(r->etag);
	f->lm = dup_or_null(r->last_modified);
	f->ctype = dup_or_null(r->content_type);
	f->charset = dup_or_null(r->charset);
	f->eff = dup_or_null(r->effective_url);
	f->redirect = dup_or_null(r->redirect_url);
	f->perm = r->permanent_redirect;
	f->truncated = r->truncated;
	f->retry_after = r->retry_after;
	f->bytes = r->bytes;
	f->wire = r->wire_bytes;
	f->elapsed_ms = r->elapsed_ms;
}

static void
fetch_init(struct fetch *f)
{
	memset(f, 0, sizeof *f);
	buf_init(&f->body, 64 * 1024 * 1024);
}

static void
fetch_free(struct fetch *f)
{
	buf_free(&f->body);
	free(f->head_type);
	free(f->error);
	free(f->etag);
	free(f->lm);
	free(f->ctype);
	free(f->charset);
	free(f->eff);
	free(f->redirect);
	memset(f, 0, sizeof *f);
}

/* "http://127.0.0.1:PORT/path"; caller frees. */
static char *
url_of(const char *path)
{
	if (path[0] != '/')
		return xstrdup(path);
	return xasprintf("http://127.0.0.1:%d%s", port, path);
}

static void
fetch_add(struct net *net, struct fetch *f, const char *path, int flags,
    const char *etag, const char *lm)
{
	struct net_request rq;
	char *url = url_of(path);

	memset(&rq, 0, sizeof rq);
	rq.url = url;
	rq.etag = etag;
	rq.last_modified = lm;
	rq.flags = flags;
	rq.arg = f;
	rq.on_head = fetch_on_head;
	rq.on_data = fetch_on_data;
	rq.on_done = fetch_on_done;
	net_add(net, &rq);
	free(url);
}

/* Runs one fetch to completion on a fresh f. */
static void
fetch(struct net *net, struct fetch *f, const char *path, int flags,
    const char *etag, const char *lm)
{
	fetch_init(f);
	fetch_add(net, f, path, flags, etag, lm);
	net_run(net);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static int
has_prefix(const char *s, const char *p)
{
	return s != NULL && strncmp(s, p, strlen(p)) == 0;
}

/* Starts httpd.py; returns its pid and sets *portp, or -1 (reason in why). */
static pid_t
server_start(const char *script, int tls, int *portp, char *why,
    size_t whylen)
{
	int fd[2];
	pid_t pid;
	char line[128];
	size_t n = 0;
	ssize_t k;
	struct pollfd pfd;
	long deadline;

	if (pipe(fd) == -1) {
		util_errf(why, whylen, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		util_errf(why, whylen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		if (tls)
			execlp("python3", "python3", script, "--log", logpath,
			    "--max-seconds", "180", "--tls", tmpdir,
			    (char *)NULL);
		else
			execlp("python3", "python3", script, "--log", logpath,
			    "--max-seconds", "180", tmpdir, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	deadline = now_ms() + 30000;
	while (n + 1 < sizeof line && memchr(line, '\n', n) == NULL) {
		pfd.fd = fd[0];
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 1000) == 0) {
			if (now_ms() > deadline)
				break;
			continue;
		}
		if ((k = read(fd[0], line + n, sizeof line - 1 - n)) <= 0)
			break;
		n += (size_t)k;
	}
	close(fd[0]);
	line[n] = '\0';
	if (sscanf(line, "PORT %d", portp) != 1 || *portp <= 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
		util_errf(why, whylen, "%s", n > 0 ? line :
		    "python3 or tests/httpd.py did not start");
		why[strcspn(why, "\n")] = '\0';
		return -1;
	}
	return pid;
}

static void
server_stop(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
}

/* Reads the server's request log (bounded). */
static char *
log_read(void)
{
	struct buf b;
	char chunk[65536];
	size_t n;
	FILE *fp;

	buf_init(&b, 16 * 1024 * 1024);
	buf_append(&b, "", 0);
	if ((fp = fopen(logpath, "r")) != NULL) {
		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			if (buf_append(&b, chunk, n) == -1)
				break;
		fclose(fp);
	}
	return buf_detach(&b);
}

/*
 * Over log lines whose path starts with prefix: the count, and the largest
 * value of the integer field key (if key is not NULL).
 */
static int
log_scan(const char *prefix, const char *key, long *max)
{
	char *log = log_read(), *line, *end, *p, pat[256], kpat[64];
	int count = 0;

	util_errf(pat, sizeof pat, "\"path\": \"%s", prefix);
	util_errf(kpat, sizeof kpat, "\"%s\": ", key != NULL ? key : "");
	if (max != NULL)
		*max = 0;
	for (line = log; *line != '\0'; line = end + 1) {
		if ((end = strchr(line, '\n')) == NULL)
			break;
		*end = '\0';
		if (strstr(line, pat) == NULL)
			continue;
		count++;
		if (key != NULL && max != NULL &&
		    (p = strstr(line, kpat)) != NULL &&
		    strtol(p + strlen(kpat), NULL, 10) > *max)
			*max = strtol(p + strlen(kpat), NULL, 10);
	}
	free(log);
	return count;
}

/* The value of string field key in the last log line for path. */
static char *
log_field(const char *path, const char *key)
{
	char *log = log_read(), *line, *end, *p, *q, pat[256], kpat[64];
	char *found = NULL;

	util_errf(pat, sizeof pat, "\"path\": \"%s\"", path);
	util_errf(kpat, sizeof kpat, "\"%s\": \"", key);
	for (line = log; *line != '\0'; line = end + 1) {
		if ((end = strchr(line, '\n')) == NULL)
			break;
		*end = '\0';
		if (strstr(line, pat) == NULL ||
		    (p = strstr(line, kpat)) == NULL)
			continue;
		p += strlen(kpat);
		for (q = p; *q != '\0' && *q != '"'; q++)
			if (*q == '\\' && q[1] != '\0')
				q++;
		free(found);
		found = xstrndup(p, (size_t)(q - p));
	}
	free(log);
	return found;
}

static void
write_file(const char *name, const char *data, size_t n)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");

	if (fp != NULL) {
		fwrite(data, 1, n, fp);
		fclose(fp);
	}
	free(path);
}

static struct net *
net_small(long max_host, long max_total, long total_ms, long low_limit,
    long low_time, int64_t max_body)
{
	struct net_options o;

	net_options_default(&o);
	o.max_host_connections = max_host;
	o.max_total_connections = max_total;
	o.connect_timeout_ms = 3000;
	o.total_timeout_ms = total_ms;
	o.low_speed_limit = low_limit;
	o.low_speed_time = low_time;
	o.max_body = max_body;
	return net_new(&o);
}

static char *feed_body;
static size_t feed_len;

static void
test_plain_200(struct net *net)
{
	struct fetch f;
	char *want_eff = url_of("/feed");

	fetch(net, &f, "/feed", 0, NULL, NULL);
	tap_ok(f.ndone == 1 && f.code == NET_OK && f.status == 200,
	    "200: ok (code %d, status %ld, error %s)", f.code, f.status,
	    f.error ? f.error : "none");
	tap_ok(f.body.len > 100 && f.bytes == f.body.len &&
	    has_prefix(f.body.data, "<?xml"),
	    "200: body streamed to on_data (%zu bytes)", f.body.len);
	tap_ok(f.nhead == 1 && f.head_before_data, "200: on_head once, first");
	tap_str(f.head_type, "application/rss+xml",
	    "200: on_head sees the content type");
	tap_str(f.ctype, "application/rss+xml", "200: content type");
	tap_str(f.charset, "utf-8", "200: charset parameter");
	tap_str(f.eff, want_eff, "200: effective URL");
	tap_ok(f.error == NULL && !f.truncated && !f.perm &&
	    f.retry_after == 0, "200: no error, no redirect, whole");
	feed_body = xstrndup(f.body.data ? f.body.data : "", f.body.len);
	feed_len = f.body.len;
	free(want_eff);
	fetch_free(&f);
}

static void
test_file_streamed(struct net *net)
{
	struct fetch f;
	struct buf big;
	size_t i;

	buf_init(&big, 0);
	for (i = 0; big.len < 300000; i++)
		buf_printf(&big, "<item><title>item %zu</title></item>\n", i);
	write_file("big.xml", big.data, big.len);
	fetch(net, &f, "/big.xml", 0, NULL, NULL);
	tap_ok(f.code == NET_OK && f.body.len == big.len &&
	    memcmp(f.body.data, big.data, big.len) == 0,
	    "file from the directory arrives byte for byte (%zu bytes)",
	    f.body.len);
	tap_ok(f.ndata > 1, "a 300 KB body arrives in pieces (%d on_data "
	    "calls)", f.ndata);
	tap_str(f.ctype, "application/xml", "file: content type by extension");
	tap_ok(f.etag != NULL && f.lm != NULL,
	    "file: server's validators captured");
	fetch_free(&f);
	buf_free(&big);
}

static void
test_validators(struct net *net)
{
	/* W/"a b;é" and a plain date: bytes must survive the round trip. */
	static const char path[] = "/etag?etag=W%2F%22a%20b%3B%C3%A9%22"
	    "&lm=Sat,%2001%20Jan%202022%2000:00:00%20GMT";
	struct fetch f, g, h;
	char *inm;

	fetch(net, &f, path, 0, NULL, NULL);
	tap_ok(f.code == NET_OK && f.status == 200, "etag: first fetch 200");
	tap_str(f.etag, "W/\"a b;\xc3\xa9\"", "etag: captured exactly");
	tap_str(f.lm, "Sat, 01 Jan 2022 00:00:00 GMT",
	    "last-modified: captured exactly");
	fetch(net, &g, path, 0, f.etag, f.lm);
	tap_ok(g.code == NET_NOT_MODIFIED && g.status == 304 &&
	    g.error == NULL && g.bytes == 0 && g.ndata == 0,
	    "etag: sent back gives 304 (code %d, status %ld)", g.code,
	    g.status);
	inm = log_field(path, "if_none_match");
	tap_str(inm, "W/\\\"a b;\\u00c3\\u00a9\\\"",
	    "etag: server received If-None-Match byte for byte");
	free(inm);
	fetch(net, &h, "/etag", 0, NULL, "Sat, 01 Jan 2022 00:00:00 GMT");
	tap_ok(h.code == NET_NOT_MODIFIED,
	    "If-Modified-Since alone gives 304 (code %d)", h.code);
	fetch_free(&f);
	fetch_free(&g);
	fetch_free(&h);

	/* Validators that must not be kept or sent. */
	fetch(net, &f, "/etag?etag=%22a%1Bb%22&lm=x%0Dy", 0, NULL, NULL);
	tap_ok(f.code == NET_OK && f.etag == NULL && f.lm == NULL,
	    "validators with control characters are dropped");
	fetch_free(&f);
	{
		struct buf p;
		int i;

		buf_init(&p, 0);
		buf_puts(&p, "/etag?etag=%22");
		for (i = 0; i < 1100; i++)
			buf_putc(&p, 'x');
		buf_puts(&p, "%22");
		fetch(net, &f, p.data, 0, NULL, NULL);
		tap_ok(f.code == NET_OK && f.etag == NULL,
		    "an ETag over 1 KiB is dropped");
		fetch_free(&f);
		buf_free(&p);
	}
	fetch(net, &f, "/etag?n=1", 0, "\"v1-abc\"\r\nX-Evil: 1", NULL);
	inm = log_field("/etag?n=1", "if_none_match");
	tap_ok(f.code == NET_OK && inm == NULL,
	    "a validator with CR/LF is never sent");
	free(inm);
	fetch_free(&f);
}

static void
test_gzip(struct net *net)
{
	struct fetch f;
	char *ae;

	fetch(net, &f, "/gzip", 0, NULL, NULL);
	tap_ok(f.code == NET_OK && feed_body != NULL &&
	    f.body.len == feed_len &&
	    memcmp(f.body.data, feed_body, feed_len) == 0,
	    "gzip: body decoded to the plain feed");
	tap_ok(f.wire > 0 && f.wire < f.bytes,
	    "gzip: fewer bytes on the wire (%llu) than decoded (%llu)",
	    (unsigned long long)f.wire, (unsigned long long)f.bytes);
	ae = log_field("/gzip", "accept_encoding");
	tap_ok(ae != NULL && strstr(ae, "gzip") != NULL,
	    "gzip: Accept-Encoding offered (%s)", ae ? ae : "none");
	free(ae);
	fetch_free(&f);
}

static void
test_http_errors(struct net *net)
{
	static const struct {
		const char	*path;
		long		 status;
		const char	*error;
	} t[] = {
		{ "/status/404", 404, "HTTP 404 Not Found" },
		{ "/status/410", 410, "HTTP 410 Gone" },
		{ "/status/500", 500, "HTTP 500 Internal Server Error" },
		{ "/status/503", 503, "HTTP 503 Service Unavailable" },
		{ "/status/599", 599, "HTTP 599" },
		{ "/status/300", 300, "HTTP 300 Multiple Choices" },
		{ "/missing.xml", 404, "HTTP 404 Not Found" },
	};
	struct fetch f;
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		fetch(net, &f, t[i].path, 0, NULL, NULL);
		tap_ok(f.code == NET_ERR_HTTP && f.status == t[i].status &&
		    f.ndata == 0 && f.nhead == 0 && !f.truncated,
		    "%s: HTTP error, body withheld (code %d, status %ld)",
		    t[i].path, f.code, f.status);
		tap_str(f.error, t[i].error, "%s: one-line error", t[i].path);
		fetch_free(&f);
	}
}

static void
test_retry_after(struct net *net)
{
	struct fetch f;
	int64_t now;
	time_t t;
	struct tm tm;
	char date[64], *path;

	now = (int64_t)time(NULL);
	fetch(net, &f, "/status/429?retry_after=120", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_HTTP && f.retry_after >= now + 119 &&
	    f.retry_after <= now + 125,
	    "429 Retry-After: 120 is now + 120 s (got now + %lld)",
	    (long long)(f.retry_after - now));
	tap_str(f.error, "HTTP 429 Too Many Requests", "429: error line");
	fetch_free(&f);

	/* An HTTP date an hour from now, and one far beyond the clamp. */
	now = (int64_t)time(NULL);
	t = (time_t)(now + 3600);
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a,%%20%d%%20%b%%20%Y%%20%H:%M:%S%%20GMT",
	    &tm);
	path = xasprintf("/status/503?retry_after=%s", date);
	fetch(net, &f, path, 0, NULL, NULL);
	tap_ok(f.retry_after == now + 3600,
	    "503 Retry-After as an HTTP date (got now + %lld)",
	    (long long)(f.retry_after - now));
	free(path);
	fetch_free(&f);
	now = (int64_t)time(NULL);
	fetch(net, &f, "/status/503?retry_after=Wed,%2021%20Oct%202037%20"
	    "07:28:00%20GMT", 0, NULL, NULL);
	tap_ok(f.retry_after >= now + NET_MAX_RETRY_AFTER &&
	    f.retry_after <= now + NET_MAX_RETRY_AFTER + 5,
	    "a Retry-After date years away is clamped");
	fetch_free(&f);
	now = (int64_t)time(NULL);
	fetch(net, &f, "/status/503?retry_after=Wed,%2021%20Oct%202015%20"
	    "07:28:00%20GMT", 0, NULL, NULL);
	tap_ok(f.retry_after >= now && f.retry_after <= now + 5,
	    "a Retry-After date in the past means now");
	fetch_free(&f);

	fetch(net, &f, "/status/429?retry_after=soon", 0, NULL, NULL);
	tap_ok(f.retry_after == 0, "Retry-After junk is ignored");
	fetch_free(&f);

	now = (int64_t)time(NULL);
	fetch(net, &f, "/status/429?retry_after=99999999999999999999", 0,
	    NULL, NULL);
	tap_ok(f.retry_after >= now + NET_MAX_RETRY_AFTER &&
	    f.retry_after <= now + NET_MAX_RETRY_AFTER + 5,
	    "a huge Retry-After is clamped");
	fetch_free(&f);

	fetch(net, &f, "/status/404?retry_after=120", 0, NULL, NULL);
	tap_ok(f.retry_after == 0, "Retry-After only counts on 429/503");
	fetch_free(&f);
}

static void
test_redirects(struct net *net)
{
	static const struct {
		const char	*path;
		int		 perm;
		const char	*target;	/* permanent target path */
		const char	*eff;		/* effective URL path */
	} t[] = {
		{ "/redirect/301?to=/feed", 1, "/feed", "/feed" },
		{ "/redirect/308?to=/feed", 1, "/feed", "/feed" },
		{ "/redirect/302?to=/feed", 0, NULL, "/feed" },
		{ "/redirect/307?to=/feed", 0, NULL, "/feed" },
		{ "/redirect/303?to=/feed", 0, NULL, "/feed" },
		{ "/redirect/301?to=/redirect/301%3Fto%3D/feed", 1, "/feed",
		    "/feed" },
		{ "/redirect/301?to=/redirect/302%3Fto%3D/feed", 1,
		    "/redirect/302?to=/feed", "/feed" },
		{ "/redirect/302?to=/redirect/301%3Fto%3D/feed", 0, NULL,
		    "/feed" },
		{ "/redirect/301?to=../feed", 1, "/feed", "/feed" },
	};
	struct fetch f;
	char *want, *eff;
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		fetch(net, &f, t[i].path, 0, NULL, NULL);
		want = t[i].target ? url_of(t[i].target) : NULL;
		eff = url_of(t[i].eff);
		tap_ok(f.code == NET_OK && f.perm == t[i].perm &&
		    f.body.len == feed_len,
		    "%s: followed, permanent %d (got %d, code %d %s)",
		    t[i].path, t[i].perm, f.perm, f.code,
		    f.error ? f.error : "");
		tap_str(f.redirect, want, "%s: permanent target", t[i].path);
		tap_str(f.eff, eff, "%s: effective URL", t[i].path);
		free(want);
		free(eff);
		fetch_free(&f);
	}
	fetch(net, &f, "/redirect/301?to=/status/404", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_HTTP && !f.perm && f.redirect == NULL,
	    "301 to a 404: not offered as the new address");
	fetch_free(&f);

	fetch(net, &f, "/redirect-loop", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER, "redirect loop stops");
	tap_str(f.error, "too many redirects (more than 8)",
	    "redirect loop: error line");
	tap_ok(log_scan("/redirect-loop", NULL, NULL) == 9,
	    "redirect loop: 9 requests, then stop (got %d)",
	    log_scan("/redirect-loop", NULL, NULL));
	fetch_free(&f);

	fetch(net, &f, "/redirect-file", NET_ALLOW_FILE, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER && f.ndata == 0,
	    "redirect to file:///etc/passwd refused, even with NET_ALLOW_FILE");
	tap_str(f.error, "refused redirect to a file: URL",
	    "redirect to file: error line");
	fetch_free(&f);
}

static void
test_file_urls(struct net *net)
{
	struct fetch f;
	char *url;

	write_file("local.xml", "<rss/>\n", 7);
	url = xasprintf("file://%s/local.xml", tmpdir);
	fetch(net, &f, url, 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER && f.ndata == 0,
	    "file: URL refused without NET_ALLOW_FILE");
	tap_str(f.error, "file: URLs are not allowed here", "file: error line");
	fetch_free(&f);
	fetch(net, &f, url, NET_ALLOW_FILE, NULL, NULL);
	tap_ok(f.code == NET_OK && f.status == 0 && f.body.len == 7 &&
	    f.nhead == 1, "file: URL read with NET_ALLOW_FILE (code %d %s)",
	    f.code, f.error ? f.error : "");
	fetch_free(&f);
	free(url);
	fetch(net, &f, "ftp://127.0.0.1/x", 0, NULL, NULL);
	tap_str(f.error, "ftp: URLs are not allowed here", "ftp: refused");
	fetch_free(&f);
	fetch(net, &f, "http://exa mple.com:99999/", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER && f.error != NULL,
	    "malformed URL fails cleanly (%s)", f.error ? f.error : "");
	fetch_free(&f);
}

static void
test_broken_bodies(void)
{
	struct net *net = net_small(2, 16, 10000, 10, 1, 1024 * 1024);
	struct fetch f;
	long t0;

	fetch(net, &f, "/cut", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER && f.truncated && f.bytes == 100,
	    "cut body: an error, marked truncated (code %d, %llu bytes)",
	    f.code, (unsigned long long)f.bytes);
	tap_str(f.error, "body cut short after 100 of 1000 bytes",
	    "cut body: error line");
	fetch_free(&f);

	t0 = now_ms();
	fetch(net, &f, "/stall", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER && f.truncated &&
	    now_ms() - t0 < 5000,
	    "stall cut by the low-speed limit in %ld ms", now_ms() - t0);
	tap_str(f.error, "too slow: under 10 bytes/s for 1 s",
	    "stall: error line");
	fetch_free(&f);

	t0 = now_ms();
	fetch(net, &f, "/slow", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER && has_prefix(f.error, "too slow") &&
	    now_ms() - t0 < 5000, "one byte a second is too slow (%s)",
	    f.error ? f.error : "");
	fetch_free(&f);

	fetch(net, &f, "/big?mb=4", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_LIMIT && f.bytes == 0,
	    "honest 4 MiB Content-Length refused before the body");
	tap_str(f.error, "body larger than 1 MiB", "4 MiB body: error line");
	fetch_free(&f);

	t0 = now_ms();
	fetch(net, &f, "/big", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_LIMIT && f.bytes <= 1024 * 1024 &&
	    f.bytes > 0 && f.truncated,
	    "endless body stopped at the limit (%llu bytes, %ld ms)",
	    (unsigned long long)f.bytes, now_ms() - t0);
	tap_str(f.error, "body larger than 1 MiB", "endless body: error line");
	fetch_free(&f);

	fetch(net, &f, "/gzip-bomb?mb=16", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_LIMIT && f.bytes <= 1024 * 1024 &&
	    f.wire < 100000,
	    "gzip bomb stopped at the limit (%llu decoded from %llu)",
	    (unsigned long long)f.bytes, (unsigned long long)f.wire);
	fetch_free(&f);
	net_free(net);

	net = net_small(2, 16, 2000, 0, 0, NET_MAX_BODY);
	t0 = now_ms();
	fetch(net, &f, "/slow", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER && now_ms() - t0 < 4000,
	    "total timeout ends a slow job (%ld ms)", now_ms() - t0);
	tap_str(f.error, "timed out after 2 s", "total timeout: error line");
	fetch_free(&f);

	t0 = now_ms();
	fetch(net, &f, "/huge-length", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_LIMIT && now_ms() - t0 < 1500,
	    "Content-Length: 10000000000 refused at once");
	tap_str(f.error, "body larger than 32 MiB", "10 GB: error line");
	fetch_free(&f);

	fetch(net, &f, "/headers-flood", 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_LIMIT && f.ndata == 0,
	    "header flood refused (code %d)", f.code);
	tap_str(f.error, "headers larger than 256 KiB",
	    "header flood: error line");
	fetch_free(&f);
	fetch(net, &f, "/headers-flood?n=40", 0, NULL, NULL);
	tap_ok(f.code == NET_OK, "160 KiB of headers is still fine");
	fetch_free(&f);
	net_free(net);
}

/* on_done that queues a second fetch, as a caller chaining jobs would. */
static struct net *chain_net;
static struct fetch chain_second;

static void
chain_on_done(void *arg, const struct net_result *r)
{
	fetch_on_done(arg, r);
	fetch_init(&chain_second);
	fetch_add(chain_net, &chain_second, "/feed?chained", 0, NULL, NULL);
}

static void
test_callbacks(struct net *net)
{
	struct fetch f;
	struct net_request rq;
	char *url;

	fetch_init(&f);
	f.abort_data = 1;
	fetch_add(net, &f, "/big.xml", 0, NULL, NULL);
	net_run(net);
	tap_ok(f.code == NET_ERR_ABORTED && f.ndata == 1 && f.truncated,
	    "on_data returning -1 aborts the job (code %d)", f.code);
	tap_str(f.error, "stopped by the reader", "abort: error line");
	fetch_free(&f);

	fetch_init(&f);
	f.abort_head = 1;
	fetch_add(net, &f, "/html", 0, NULL, NULL);
	net_run(net);
	tap_ok(f.code == NET_ERR_ABORTED && f.ndata == 0 && f.nhead == 1,
	    "on_head returning -1 aborts before any body");
	tap_str(f.head_type, "text/html", "on_head saw text/html");
	fetch_free(&f);

	fetch_init(&f);
	url = url_of("/feed?first");
	memset(&rq, 0, sizeof rq);
	rq.url = url;
	rq.arg = &f;
	rq.on_data = fetch_on_data;
	rq.on_done = chain_on_done;
	chain_net = net;
	net_add(net, &rq);
	net_run(net);
	tap_ok(f.code == NET_OK && chain_second.ndone == 1 &&
	    chain_second.code == NET_OK && net_pending(net) == 0,
	    "a job added from on_done runs too");
	free(url);
	fetch_free(&f);
	fetch_free(&chain_second);

	fetch(net, &f, "/status/404?size=500000", 0, NULL, NULL);
	tap_str(f.error, "HTTP 404 Not Found",
	    "a 500 KB error page is cut off, still an HTTP error");
	tap_ok(f.ndata == 0 && f.code == NET_ERR_HTTP,
	    "the error page never reaches on_data");
	fetch_free(&f);
}

static void
test_content_types(struct net *net)
{
	static const struct {
		const char	*type;		/* percent-encoded */
		const char	*ctype, *charset;
	} t[] = {
		{ "text/xml;%20charset=%22ISO-8859-1%22", "text/xml",
		    "ISO-8859-1" },
		{ "Application/RSS%2BXML;Charset=UTF-8", "application/rss+xml",
		    "UTF-8" },
		{ "text/xml;%20foo=%22a;b%22;%20charset=windows-1251",
		    "text/xml", "windows-1251" },
		{ "text/x%1Bml;%20charset=utf-8", NULL, "utf-8" },
		{ "text/xml;%20charset=%22utf-8%1B%22", "text/xml", NULL },
		{ "text/xml;%20charset=%22%22", "text/xml", NULL },
		{ "nonsense", NULL, NULL },
		{ "", NULL, NULL },
	};
	struct fetch f;
	char *path;
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		path = xasprintf("/ct?type=%s", t[i].type);
		fetch(net, &f, path, 0, NULL, NULL);
		tap_str(f.ctype, t[i].ctype, "Content-Type %s: media type",
		    t[i].type);
		tap_str(f.charset, t[i].charset, "Content-Type %s: charset",
		    t[i].type);
		free(path);
		fetch_free(&f);
	}
	fetch(net, &f, "/html", 0, NULL, NULL);
	tap_ok(f.code == NET_OK && f.ctype != NULL &&
	    strcmp(f.ctype, "text/html") == 0,
	    "an HTML page arrives as text/html for the caller to judge");
	fetch_free(&f);
}

/* n jobs to /delay with the given caps; returns the server's max inflight. */
static long
run_many(int n, long max_host, long max_total, long total_ms, int *ok)
{
	struct net *net = net_small(max_host, max_total, total_ms, 10, 30,
	    NET_MAX_BODY);
	struct fetch *f = xcalloc((size_t)n, sizeof *f);
	char path[64], prefix[64];
	long max = 0;
	int i;

	util_errf(prefix, sizeof prefix, "/delay?ms=50&run=%ld-%ld-%d",
	    max_host, max_total, n);
	for (i = 0; i < n; i++) {
		util_errf(path, sizeof path, "%s&i=%d", prefix, i);
		fetch_init(&f[i]);
		fetch_add(net, &f[i], path, 0, NULL, NULL);
	}
	*ok = 0;
	net_run(net);
	for (i = 0; i < n; i++) {
		if (f[i].ndone == 1 && f[i].code == NET_OK &&
		    f[i].body.len == feed_len)
			(*ok)++;
		fetch_free(&f[i]);
	}
	free(f);
	net_free(net);
	log_scan(prefix, "inflight", &max);
	return max;
}

static void
test_concurrency(void)
{
	long max;
	int ok;
	char *ua;

	max = run_many(50, 2, 16, 20000, &ok);
	tap_ok(ok == 50, "50 jobs to one host all complete (%d)", ok);
	tap_ok(max >= 1 && max <= 2,
	    "per-host cap 2: at most 2 requests at once (saw %ld)", max);
	max = run_many(50, 2, 16, 1000, &ok);
	tap_ok(ok == 50, "queued jobs' 1 s timeouts start when they run, "
	    "not when added (%d of 50 done)", ok);
	max = run_many(24, 6, 16, 20000, &ok);
	tap_ok(ok == 24 && max >= 3 && max <= 6,
	    "per-host cap 6: up to 6 at once (saw %ld)", max);
	max = run_many(24, 10, 3, 20000, &ok);
	tap_ok(ok == 24 && max <= 3,
	    "global cap 3 holds with a looser host cap (saw %ld)", max);

	ua = log_field("/feed", "user_agent");
	tap_ok(ua != NULL && has_prefix(ua, "tidings/" PACKAGE_VERSION " ") &&
	    strstr(ua, "http") == NULL,
	    "User-Agent sent, no URL in it (%s)", ua ? ua : "none");
	free(ua);
}

static void
test_refused(struct net *net)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	struct fetch f;
	char url[64];
	int s;

	s = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s == -1 || bind(s, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) == -1) {
		tap_skip("connection refused: no free port");
		if (s != -1)
			close(s);
		return;
	}
	close(s);
	util_errf(url, sizeof url, "http://127.0.0.1:%d/feed",
	    ntohs(sa.sin_port));
	fetch(net, &f, url, 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER && f.status == 0,
	    "closed port: transfer error");
	tap_str(f.error, "connection refused", "closed port: error line");
	fetch_free(&f);
}

static void
test_loop_api(void)
{
	struct net *net = net_small(2, 16, 10000, 10, 30, NET_MAX_BODY);
	struct fetch f[3];
	struct curl_waitfd wfd;
	int fd[2], i, n, cancelled;
	long t0;

	/* The terminal's fd stands in as a pipe. */
	if (pipe(fd) == -1) {
		tap_skip("pipe");
		net_free(net);
		return;
	}
	memset(&wfd, 0, sizeof wfd);
	wfd.fd = fd[0];
	wfd.events = CURL_WAIT_POLLIN;
	t0 = now_ms();
	n = net_poll(net, &wfd, 1, 100);
	tap_ok(n == 0 && wfd.revents == 0 && now_ms() - t0 >= 90,
	    "net_poll waits its timeout when nothing happens");
	if (write(fd[1], "x", 1) != 1)
		tap_skip("write");
	t0 = now_ms();
	n = net_poll(net, &wfd, 1, 5000);
	tap_ok(n >= 1 && (wfd.revents & CURL_WAIT_POLLIN) &&
	    now_ms() - t0 < 1000, "net_poll returns for the caller's fd");
	net_wakeup(net);
	t0 = now_ms();
	net_poll(net, NULL, 0, 5000);
	tap_ok(now_ms() - t0 < 1000, "net_wakeup ends a net_poll");

	/* A job finishes while the loop also watches the fd. */
	fetch_init(&f[0]);
	fetch_add(net, &f[0], "/feed", 0, NULL, NULL);
	tap_ok(net_pending(net) == 1, "net_pending counts a queued job");
	t0 = now_ms();
	while (net_perform(net) > 0 && now_ms() - t0 < 10000) {
		wfd.revents = 0;
		net_poll(net, &wfd, 1, 1000);
	}
	tap_ok(f[0].ndone == 1 && f[0].code == NET_OK && net_pending(net) == 0,
	    "net_poll/net_perform loop finishes a job");
	fetch_free(&f[0]);

	/* net_free ends pending jobs with exactly one on_done each. */
	for (i = 0; i < 3; i++) {
		fetch_init(&f[i]);
		fetch_add(net, &f[i], "/stall?seconds=20", 0, NULL, NULL);
	}
	net_perform(net);
	net_poll(net, NULL, 0, 200);
	net_perform(net);
	tap_ok(net_pending(net) == 3, "three stalled jobs pending");
	t0 = now_ms();
	net_free(net);
	cancelled = 0;
	for (i = 0; i < 3; i++) {
		if (f[i].ndone == 1 && f[i].code == NET_ERR_CANCELLED)
			cancelled++;
		fetch_free(&f[i]);
	}
	tap_ok(cancelled == 3 && now_ms() - t0 < 2000,
	    "net_free cancels pending jobs, one on_done each (%d)", cancelled);
	close(fd[0]);
	close(fd[1]);
}

static void
test_tls(const char *script)
{
	struct net *net = net_new(NULL);
	struct fetch f;
	char why[256], url[64];
	int tport = 0, saved = port;
	pid_t pid;

	pid = server_start(script, 1, &tport, why, sizeof why);
	if (pid == -1) {
		tap_skip("TLS server did not start: %s", why);
		tap_skip("TLS server did not start");
		net_free(net);
		return;
	}
	port = tport;
	util_errf(url, sizeof url, "https://127.0.0.1:%d/feed", tport);
	fetch(net, &f, url, 0, NULL, NULL);
	tap_ok(f.code == NET_ERR_TRANSFER &&
	    has_prefix(f.error, "TLS certificate problem: ") &&
	    strstr(f.error, "self") != NULL,
	    "self-signed certificate refused (%s)", f.error ? f.error : "");
	fetch_free(&f);
	fetch(net, &f, url, NET_INSECURE, NULL, NULL);
	tap_ok(f.code == NET_OK && f.body.len == feed_len,
	    "NET_INSECURE accepts it for that feed (code %d %s)", f.code,
	    f.error ? f.error : "");
	fetch_free(&f);
	port = saved;
	net_free(net);
	server_stop(pid);
}

static void
count_tick(void *arg)
{
	(*(int *)arg)++;
}

/* net_set_tick(): called at the end of every net_perform(), until removed. */
static void
test_tick(void)
{
	struct net *net = net_new(NULL);
	int n = 0;

	net_set_tick(net, count_tick, &n);
	net_perform(net);
	net_perform(net);
	tap_ok(n == 2, "tick: called once per net_perform (%d)", n);
	net_set_tick(net, NULL, NULL);
	net_perform(net);
	tap_ok(n == 2, "tick: not called once removed (%d)", n);
	net_free(net);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");
	char *script, why[256];
	struct net *net;
	struct stat st;
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);
	test_tick();
	/* Talk to 127.0.0.1 directly, whatever proxy the host has set. */
	setenv("no_proxy", "*", 1);
	setenv("NO_PROXY", "*", 1);
	script = xasprintf("%s/tests/httpd.py", top != NULL ? top : ".");
	if (stat(script, &st) == -1) {
		tap_skip("%s not found", script);
		free(script);
		return tap_done();
	}
	util_errf(tmpdir, sizeof tmpdir, "/tmp/test_net.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		tap_skip("mkdtemp: %s", strerror(errno));
		free(script);
		return tap_done();
	}
	util_errf(logpath, sizeof logpath, "%s/requests.log", tmpdir);
	pid = server_start(script, 0, &port, why, sizeof why);
	if (pid == -1) {
		tap_skip("test server did not start (needs python3): %s", why);
		rmdir(tmpdir);
		free(script);
		return tap_done();
	}

	net = net_small(2, 16, 10000, 10, 30, NET_MAX_BODY);
	test_plain_200(net);
	test_file_streamed(net);
	test_validators(net);
	test_gzip(net);
	test_http_errors(net);
	test_retry_after(net);
	test_redirects(net);
	test_file_urls(net);
	test_callbacks(net);
	test_content_types(net);
	test_refused(net);
	net_free(net);
	test_broken_bodies();
	test_concurrency();
	test_loop_api();
	test_tls(script);

	server_stop(pid);
	{
		char *p;

		p = xasprintf("%s/big.xml", tmpdir);
		unlink(p);
		free(p);
		p = xasprintf("%s/local.xml", tmpdir);
		unlink(p);
		free(p);
		unlink(logpath);
		rmdir(tmpdir);
	}
	free(feed_body);
	free(script);
	return tap_done();
}
