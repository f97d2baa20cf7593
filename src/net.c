/*
 * net.c: the fetch engine on libcurl's multi interface.
 *
 * Jobs wait in a queue until the engine and their host have a free slot
 * (so a job's timeouts only start when it does), run as curl easy handles,
 * and end in exactly one on_done call made from net_perform(), never from
 * inside a curl callback. Headers are read here, bounded and scrubbed;
 * bodies stream to the caller as they arrive.
 * Must never retry on its own, follow a redirect to anything but http(s),
 * hold a whole body in memory, or let a network string out uncleaned.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "curl_dl.h"	/* after curl.h: curl_* calls go through dlopen */
#include "date.h"
#include "net.h"
#include "str.h"
#include "util.h"

#define NET_ACCEPT "Accept: application/atom+xml, application/rss+xml, " \
	"application/rdf+xml;q=0.9, application/feed+json;q=0.9, " \
	"application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, " \
	"*/*;q=0.5"
#define NET_MAX_ERROR_BODY (64 * 1024)	/* of a 4xx/5xx body, discarded */
#define NET_MAX_LOCATION 8192		/* Location header, bytes */
#define NET_MAX_SHORT 256		/* Retry-After, Content-Type, reason */
#define NET_MAX_ERROR 300		/* an error line, bytes */

enum net_state {
	NET_JOB_QUEUED,		/* waiting for a slot */
	NET_JOB_RUNNING,	/* an easy handle in the multi */
	NET_JOB_FAILED		/* could not start; on_done at next perform */
};

/* Why a callback stopped the transfer. */
enum net_stop {
	NET_STOP_NONE,
	NET_STOP_BODY,		/* body over max_body */
	NET_STOP_HEADERS,	/* headers over max_header_bytes */
	NET_STOP_CALLER,	/* on_head or on_data said -1 */
	NET_STOP_ERROR_BODY	/* a 4xx/5xx body went on too long */
};

struct net_job {
	struct net	*net;
	struct net_job	*prev, *next;	/* in one of net's lists */
	enum net_state	 state;
	CURL		*easy;
	struct curl_slist *headers;	/* request headers */

	char		*url;		/* as requested */
	char		*send_etag;	/* validators to send, or NULL */
	char		*send_lm;
	char		*host;		/* politeness key, lower case */
	int		 flags;
	void		*arg;
	int		(*on_head)(void *, const struct net_result *);
	int		(*on_data)(void *, const char *, size_t);
	void		(*on_done)(void *, const struct net_result *);

	char		 errbuf[CURL_ERROR_SIZE];	/* curl's detail */
	char		*fail;		/* why it could not start */

	/* The response being read (reset at each status line). */
	long		 status;
	char		*reason;	/* cleaned reason phrase */
	char		*etag;
	char		*last_modified;
	char		*content_type;
	char		*charset;
	char		*retry_after;	/* raw, bounded */
	char		*location;	/* raw, bounded */
	int		 in_body;	/* headers of this response ended */

	/* The whole job. */
	size_t		 header_bytes;
	char		*base;		/* URL of the current response */
	int		 perm_run;	/* every hop so far was 301/308 */
	char		*perm_target;	/* where the last of those pointed */
	int		 head_sent;	/* on_head was called */
	uint64_t	 bytes;		/* given to on_data */
	uint64_t	 discarded;	/* error-body bytes thrown away */
	enum net_stop	 stop;
	char		*effective;	/* cleaned effective URL */
	char		*error;		/* the one line for on_done */
};

struct net_list {
	struct net_job	*head, *tail;
};

struct net {
	CURLM		*multi;
	struct net_options opt;
	char		*user_agent;
	struct net_list	 queue;		/* NET_JOB_QUEUED, oldest first */
	struct net_list	 running;	/* NET_JOB_RUNNING */
	struct net_list	 failed;	/* NET_JOB_FAILED */
	int		 nrunning;
	int		 njobs;		/* in any list */
	int		 dirty;		/* queued jobs may be able to start */
	int		 in_perform;	/* inside net_perform() */
	int		 in_free;	/* inside net_free() */
	int		 engine_failed;	/* libcurl could not be loaded */
	volatile int	 woken;		/* net_wakeup() before libcurl ran */
	void		(*tick)(void *);	/* see net_set_tick() */
	void		*tick_arg;
};

static void
net_list_append(struct net_list *l, struct net_job *j)
{
	j->next = NULL;
	j->prev = l->tail;
	if (l->tail != NULL)
		l->tail->next = j;
	else
		l->head = j;
	l->tail = j;
}

static void
net_list_remove(struct net_list *l, struct net_job *j)
{
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		l->head = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	else
		l->tail = j->prev;
	j->prev = j->next = NULL;
}

static const struct {
	long		 code;
	const char	*text;
} net_reasons[] = {
	{ 300, "Multiple Choices" }, { 301, "Moved Permanently" },
	{ 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
	{ 305, "Use Proxy" }, { 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" }, { 400, "Bad Request" },
	{ 401, "Unauthorized" }, { 402, "Payment Required" },
	{ 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" },
	{ 408, "Request Timeout" }, { 409, "Conflict" }, { 410, "Gone" },
	{ 411, "Length Required" }, { 412, "Precondition Failed" },
	{ 413, "Content Too Large" }, { 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" }, { 416, "Range Not Satisfiable" },
	{ 417, "Expectation Failed" }, { 418, "I'm a Teapot" },
	{ 421, "Misdirected Request" }, { 422, "Unprocessable Content" },
	{ 423, "Locked" }, { 424, "Failed Dependency" }, { 425, "Too Early" },
	{ 426, "Upgrade Required" }, { 428, "Precondition Required" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 451, "Unavailable For Legal Reasons" },
	{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
	{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" }, { 505, "HTTP Version Not Supported" },
	{ 506, "Variant Also Negotiates" }, { 507, "Insufficient Storage" },
	{ 508, "Loop Detected" }, { 510, "Not Extended" },
	{ 511, "Network Authentication Required" },
};

static const char *
net_reason(long status)
{
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(net_reasons); i++)
		if (net_reasons[i].code == status)
			return net_reasons[i].text;
	return NULL;
}

void
net_status_text(long status, char *out, size_t outlen)
{
	const char *r = net_reason(status);

	if (r != NULL)
		util_errf(out, outlen, "HTTP %ld %s", status, r);
	else
		util_errf(out, outlen, "HTTP %ld", status);
}

void
net_options_default(struct net_options *o)
{
	memset(o, 0, sizeof *o);
	o->max_total_connections = NET_MAX_TOTAL_CONNECTIONS;
	o->max_host_connections = NET_MAX_HOST_CONNECTIONS;
	o->connect_timeout_ms = NET_CONNECT_TIMEOUT_MS;
	o->total_timeout_ms = NET_TOTAL_TIMEOUT_MS;
	o->low_speed_limit = NET_LOW_SPEED_LIMIT;
	o->low_speed_time = NET_LOW_SPEED_TIME;
	o->max_body = NET_MAX_BODY;
	o->max_header_bytes = NET_MAX_HEADER_BYTES;
	o->max_redirects = NET_MAX_REDIRECTS;
	o->user_agent = NULL;
}

/* Why the last net_new() failed. */
static char net_error[256];

const char *
net_last_error(void)
{
	return net_error[0] != '\0' ? net_error : "cannot start libcurl";
}

/*
 * Loads libcurl and makes the multi handle, the first time a job is about
 * to start: a struct net that never fetches costs no shared library.
 */
static int
net_start_engine(struct net *net)
{
	curl_version_info_data *v;

	if (net->multi != NULL)
		return 0;
	if (net->engine_failed)
		return -1;
	if (curl_dl_load(net_error, sizeof net_error) == NULL)
		goto fail;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		util_errf(net_error, sizeof net_error, "libcurl did not start");
		goto fail;
	}
	if ((net->multi = curl_multi_init()) == NULL) {
		util_errf(net_error, sizeof net_error, "libcurl did not start");
		curl_global_cleanup();
		goto fail;
	}
	if (net->user_agent == NULL) {
		v = curl_version_info(CURLVERSION_NOW);
		net->user_agent = xasprintf("tidings/%s (feed reader) "
		    "libcurl/%s", PACKAGE_VERSION,
		    v != NULL && v->version != NULL ? v->version : "?");
		net->opt.user_agent = net->user_agent;
	}
	curl_multi_setopt(net->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    net->opt.max_total_connections);
	curl_multi_setopt(net->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    net->opt.max_host_connections);
	curl_multi_setopt(net->multi, CURLMOPT_MAXCONNECTS,
	    net->opt.max_total_connections);
	curl_multi_setopt(net->multi, CURLMOPT_PIPELINING,
	    (long)CURLPIPE_MULTIPLEX);
	return 0;
fail:
	net->engine_failed = 1;
	return -1;
}

struct net *
net_new(const struct net_options *opt)
{
	struct net *net;

	net = xcalloc(1, sizeof *net);
	if (opt != NULL)
		net->opt = *opt;
	else
		net_options_default(&net->opt);
	if (net->opt.max_total_connections < 1)
		net->opt.max_total_connections = 1;
	if (net->opt.max_host_connections < 1)
		net->opt.max_host_connections = 1;
	if (net->opt.max_body <= 0)
		net->opt.max_body = NET_MAX_BODY;
	if (net->opt.max_header_bytes == 0)
		net->opt.max_header_bytes = NET_MAX_HEADER_BYTES;
	if (net->opt.max_redirects < 0)
		net->opt.max_redirects = NET_MAX_REDIRECTS;
	if (net->opt.user_agent != NULL) {
		/* From the user's config: still one clean line. */
		net->user_agent = str_clean(net->opt.user_agent,
		    strlen(net->opt.user_agent), STR_FOLD_SPACE | STR_TRIM);
		net->opt.user_agent = net->user_agent;
	}
	return net;
}

/* Returns a malloc'd lower-case host of url, or "" if it has none. */
static char *
net_url_host(const char *url)
{
	CURLU *u;
	char *h = NULL, *s, *p;

	if ((u = curl_url()) == NULL)
		return xstrdup("");
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_GUESS_SCHEME |
	    CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return xstrdup("");
	}
	s = str_clean(h, strlen(h), STR_TRIM);
	for (p = s; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	curl_free(h);
	curl_url_cleanup(u);
	return s;
}

/* Resolves a Location against base as curl does; malloc'd, or NULL. */
static char *
net_url_resolve(const char *base, const char *rel)
{
	CURLU *u;
	char *out = NULL, *s = NULL;

	if (base == NULL || rel == NULL || (u = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK && curl_url_set(u, CURLUPART_URL, rel,
	    CURLU_URLENCODE | CURLU_ALLOW_SPACE | CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK && curl_url_get(u, CURLUPART_URL, &out, 0) ==
	    CURLUE_OK) {
		if (strlen(out) <= NET_MAX_LOCATION)
			s = str_clean(out, strlen(out), STR_TRIM);
		curl_free(out);
	}
	curl_url_cleanup(u);
	return s;
}

/* The scheme of url ("file", "ftp"), into out; "?" if there is none. */
static void
net_url_scheme(const char *url, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; url != NULL && url[i] != '\0' && i + 1 < outlen; i++) {
		if (url[i] == ':' && i > 0) {
			out[i] = '\0';
			return;
		}
		if (!((url[i] >= 'a' && url[i] <= 'z') ||
		    (url[i] >= 'A' && url[i] <= 'Z') ||
		    (i > 0 && ((url[i] >= '0' && url[i] <= '9') ||
		    url[i] == '+' || url[i] == '-' || url[i] == '.'))))
			break;
		out[i] = url[i] >= 'A' && url[i] <= 'Z' ?
		    (char)(url[i] - 'A' + 'a') : url[i];
	}
	util_errf(out, outlen, "?");
}

/*
 * True if a validator may be stored or sent: 1 to NET_MAX_VALIDATOR bytes,
 * no control character other than tab.
 */
static int
net_validator_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > NET_MAX_VALIDATOR)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

static void
net_job_reset_response(struct net_job *job)
{
	free(job->reason);
	free(job->etag);
	free(job->last_modified);
	free(job->content_type);
	free(job->charset);
	free(job->retry_after);
	free(job->location);
	job->reason = job->etag = job->last_modified = NULL;
	job->content_type = job->charset = NULL;
	job->retry_after = job->location = NULL;
	job->status = 0;
	job->in_body = 0;
}

static void
net_job_free(struct net_job *job)
{
	net_job_reset_response(job);
	if (job->easy != NULL)
		curl_easy_cleanup(job->easy);
	curl_slist_free_all(job->headers);
	free(job->url);
	free(job->send_etag);
	free(job->send_lm);
	free(job->host);
	free(job->fail);
	free(job->base);
	free(job->perm_target);
	free(job->effective);
	free(job->error);
	free(job);
}

/* Sets job->error to one cleaned, bounded line. */
static void net_job_error(struct net_job *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void
net_job_error(struct net_job *job, const char *fmt, ...)
{
	char line[NET_MAX_ERROR + 1];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	free(job->error);
	job->error = str_clean(line, strlen(line), STR_FOLD_SPACE | STR_TRIM);
	/* vsnprintf may have cut a UTF-8 sequence: drop its remains. */
	n = strlen(job->error);
	if (n >= NET_MAX_ERROR - 4)
		while (n > 0 && ((unsigned char)job->error[n - 1] & 0xc0) ==
		    0x80)
			job->error[--n] = '\0';
}

/* "32 MiB", "256 KiB", "1000 bytes". */
static void
net_size_text(int64_t n, char *out, size_t outlen)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		util_errf(out, outlen, "%lld MiB", (long long)(n >> 20));
	else if (n >= 1024 && n % 1024 == 0)
		util_errf(out, outlen, "%lld KiB", (long long)(n >> 10));
	else
		util_errf(out, outlen, "%lld bytes", (long long)n);
}

/* "30 s", "1.5 s". */
static void
net_ms_text(long ms, char *out, size_t outlen)
{
	if (ms % 1000 == 0)
		util_errf(out, outlen, "%ld s", ms / 1000);
	else
		util_errf(out, outlen, "%.1f s", (double)ms / 1000.0);
}

/* Reads "HTTP/1.1 404 Not Found" (CRLF already cut). */
static void
net_job_status_line(struct net_job *job, const char *p, size_t n)
{
	size_t i = 5;
	long code = 0;
	int digits = 0;

	net_job_reset_response(job);
	while (i < n && p[i] != ' ')
		i++;
	while (i < n && p[i] == ' ')
		i++;
	while (i < n && p[i] >= '0' && p[i] <= '9' && digits < 3) {
		code = code * 10 + (p[i++] - '0');
		digits++;
	}
	job->status = digits == 3 ? code : 0;
	while (i < n && p[i] == ' ')
		i++;
	if (i < n && n - i <= NET_MAX_SHORT)
		job->reason = str_clean(p + i, n - i, STR_FOLD_SPACE |
		    STR_TRIM);
}

static int
net_is_token_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~",
	    c) != NULL);
}

/*
 * Reads a Content-Type value: the media type (lower case, or nothing when
 * it is malformed) and the charset parameter (unquoted, token characters
 * only).
 */
static void
net_job_content_type(struct net_job *job, const char *v, size_t n)
{
	char type[NET_MAX_SHORT], name[32], val[64];
	size_t i = 0, k;
	int slash = 0, bad = 0;

	free(job->content_type);
	free(job->charset);
	job->content_type = job->charset = NULL;
	for (k = 0; i < n && v[i] != ';'; i++) {
		int c = (unsigned char)v[i];

		if (c == ' ' || c == '\t')
			continue;
		if (c == '/' && !slash)
			slash = 1;
		else if (!net_is_token_char(c))
			bad = 1;
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if (k + 1 < sizeof type)
			type[k++] = (char)c;
		else
			bad = 1;
	}
	type[k] = '\0';
	if (!bad && slash && k > 2 && type[0] != '/' && type[k - 1] != '/')
		job->content_type = xstrdup(type);
	/* Parameters: ; name = value | "quoted" */
	while (i < n && v[i] == ';') {
		i++;
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		for (k = 0; i < n && net_is_token_char((unsigned char)v[i]);
		    i++)
			if (k + 1 < sizeof name)
				name[k++] = v[i];
		name[k] = '\0';
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		if (i >= n || v[i] != '=') {
			while (i < n && v[i] != ';')
				i++;
			continue;
		}
		i++;
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		bad = 0;
		k = 0;
		if (i < n && v[i] == '"') {
			for (i++; i < n && v[i] != '"'; i++) {
				if (v[i] == '\\' && i + 1 < n)
					i++;
				if (k + 1 < sizeof val)
					val[k++] = v[i];
				else
					bad = 1;
			}
			if (i < n)
				i++;
		} else {
			for (; i < n && v[i] != ';' && v[i] != ' ' &&
			    v[i] != '\t'; i++)
				if (k + 1 < sizeof val)
					val[k++] = v[i];
				else
					bad = 1;
		}
		val[k] = '\0';
		while (i < n && v[i] != ';')
			i++;
		if (str_casecmp_ascii(name, "charset") != 0 || bad || k == 0 ||
		    job->charset != NULL)
			continue;
		for (k = 0; val[k] != '\0'; k++)
			if (!net_is_token_char((unsigned char)val[k]) &&
			    val[k] != ':')
				bad = 1;
		if (!bad)
			job->charset = xstrdup(val);
	}
}

/* Stores a copy of value in *dst unless it is set or over max bytes. */
static void
net_keep(char **dst, const char *v, size_t n, size_t max)
{
	if (*dst == NULL && n <= max)
		*dst = xstrndup(v, n);
}

static void
net_job_header(struct net_job *job, const char *p, size_t n)
{
	const char *colon, *v;
	size_t nlen, vlen;

	if ((colon = memchr(p, ':', n)) == NULL || colon == p)
		return;
	nlen = (size_t)(colon - p);
	v = colon + 1;
	vlen = n - nlen - 1;
	while (vlen > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;
	if (memchr(v, '\0', vlen) != NULL)
		return;
#define NET_IS(s) (nlen == sizeof(s) - 1 && \
	str_ncasecmp_ascii(p, s, sizeof(s) - 1) == 0)
	if (NET_IS("etag")) {
		if (net_validator_ok(v, vlen))
			net_keep(&job->etag, v, vlen, NET_MAX_VALIDATOR);
	} else if (NET_IS("last-modified")) {
		if (net_validator_ok(v, vlen))
			net_keep(&job->last_modified, v, vlen,
			    NET_MAX_VALIDATOR);
	} else if (NET_IS("content-type")) {
		if (job->content_type == NULL && job->charset == NULL)
			net_job_content_type(job, v, vlen);
	} else if (NET_IS("retry-after")) {
		net_keep(&job->retry_after, v, vlen, NET_MAX_SHORT);
	} else if (NET_IS("location")) {
		net_keep(&job->location, v, vlen, NET_MAX_LOCATION);
	}
#undef NET_IS
}

/* Fills r with what is known so far; strings point into job. */
static void
net_job_result(struct net_job *job, struct net_result *r)
{
	char *eff = NULL;

	memset(r, 0, sizeof *r);
	r->status = job->status;
	r->etag = job->etag;
	r->last_modified = job->last_modified;
	r->content_type = job->content_type;
	r->charset = job->charset;
	r->bytes = job->bytes;
	if (job->effective == NULL && job->easy != NULL &&
	    curl_easy_getinfo(job->easy, CURLINFO_EFFECTIVE_URL, &eff) ==
	    CURLE_OK && eff != NULL)
		job->effective = str_clean(eff, strlen(eff), STR_TRIM);
	r->effective_url = job->effective != NULL ? job->effective : job->url;
}

/* The end of one response's headers: a redirect hop, or the final one. */
static int
net_job_headers_done(struct net_job *job)
{
	struct net_result r;
	char *to;
	long s = job->status;

	job->in_body = 1;
	if (s >= 100 && s < 200)
		return 0;
	if (s >= 300 && s < 400 && s != 304 && job->location != NULL) {
		to = net_url_resolve(job->base, job->location);
		if (to != NULL && job->perm_run && (s == 301 || s == 308)) {
			free(job->perm_target);
			job->perm_target = xstrdup(to);
		} else {
			job->perm_run = 0;
		}
		if (to != NULL) {
			free(job->base);
			job->base = to;
		}
		return 0;
	}
	job->perm_run = 0;
	if (s >= 200 && s < 300 && !job->head_sent) {
		job->head_sent = 1;
		if (job->on_head != NULL) {
			free(job->effective);
			job->effective = NULL;
			net_job_result(job, &r);
			if (job->on_head(job->arg, &r) == -1) {
				job->stop = NET_STOP_CALLER;
				return -1;
			}
			free(job->effective);
			job->effective = NULL;
		}
	}
	return 0;
}

static size_t
net_header_cb(char *p, size_t size, size_t nmemb, void *ud)
{
	struct net_job *job = ud;
	size_t len = size * nmemb, n = len;

	if (len > job->net->opt.max_header_bytes - job->header_bytes) {
		job->stop = NET_STOP_HEADERS;
		return 0;
	}
	job->header_bytes += len;
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0)
		net_job_status_line(job, p, n);
	else if (n == 0 && !job->in_body)
		return net_job_headers_done(job) == -1 ? 0 : len;
	else if (!job->in_body)
		net_job_header(job, p, n);
	return len;
}

static size_t
net_write_cb(char *p, size_t size, size_t nmemb, void *ud)
{
	struct net_job *job = ud;
	struct net_result r;
	size_t len = size * nmemb;
	uint64_t max = (uint64_t)job->net->opt.max_body;

	if (job->status != 0 && (job->status < 200 || job->status >= 300)) {
		/* An error page: not for the parser; a little is fine. */
		job->discarded += len;
		if (job->discarded > NET_MAX_ERROR_BODY) {
			job->stop = NET_STOP_ERROR_BODY;
			return 0;
		}
		return len;
	}
	if (!job->head_sent) {
		/* file: has no headers; on_head comes with the first bytes. */
		job->head_sent = 1;
		if (job->on_head != NULL) {
			net_job_result(job, &r);
			if (job->on_head(job->arg, &r) == -1) {
				job->stop = NET_STOP_CALLER;
				return 0;
			}
		}
	}
	if ((uint64_t)len > max - job->bytes) {
		job->stop = NET_STOP_BODY;
		return 0;
	}
	job->bytes += len;
	if (job->on_data != NULL && job->on_data(job->arg, p, len) == -1) {
		job->stop = NET_STOP_CALLER;
		return 0;
	}
	return len;
}

static void
net_job_fail(struct net_job *job, const char *why)
{
	net_job_error(job, "%s", why);
	if (job->easy != NULL) {
		curl_easy_cleanup(job->easy);
		job->easy = NULL;
	}
	job->state = NET_JOB_FAILED;
	net_list_append(&job->net->failed, job);
}

/* Creates the easy handle and hands it to the multi. */
static void
net_job_start(struct net_job *job)
{
	struct net *net = job->net;
	const struct net_options *o = &net->opt;
	struct curl_slist *h = NULL, *t;
	char *line;
	CURL *e;
	int bad = 0;

	if ((e = job->easy = curl_easy_init()) == NULL) {
		net_job_fail(job, "cannot start a transfer");
		return;
	}
#define NET_SET(opt, val) do { \
	if (curl_easy_setopt(e, opt, val) != CURLE_OK) \
		bad = 1; \
} while (0)
	NET_SET(CURLOPT_URL, job->url);
	NET_SET(CURLOPT_PRIVATE, (void *)job);
	NET_SET(CURLOPT_NOSIGNAL, 1L);
	NET_SET(CURLOPT_ERRORBUFFER, job->errbuf);
	NET_SET(CURLOPT_WRITEFUNCTION, net_write_cb);
	NET_SET(CURLOPT_WRITEDATA, (void *)job);
	NET_SET(CURLOPT_HEADERFUNCTION, net_header_cb);
	NET_SET(CURLOPT_HEADERDATA, (void *)job);
	NET_SET(CURLOPT_FOLLOWLOCATION, 1L);
	NET_SET(CURLOPT_MAXREDIRS, o->max_redirects);
	NET_SET(CURLOPT_PROTOCOLS_STR, (job->flags & NET_ALLOW_FILE) ?
	    "http,https,file" : "http,https");
	NET_SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	NET_SET(CURLOPT_ACCEPT_ENCODING, "");
	NET_SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	NET_SET(CURLOPT_PIPEWAIT, 1L);
	NET_SET(CURLOPT_USERAGENT, net->user_agent);
	NET_SET(CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	NET_SET(CURLOPT_TIMEOUT_MS, o->total_timeout_ms);
	NET_SET(CURLOPT_LOW_SPEED_LIMIT, o->low_speed_limit);
	NET_SET(CURLOPT_LOW_SPEED_TIME, o->low_speed_time);
	NET_SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
	NET_SET(CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	NET_SET(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	NET_SET(CURLOPT_HTTP09_ALLOWED, 0L);
	if (job->flags & NET_INSECURE) {
		NET_SET(CURLOPT_SSL_VERIFYPEER, 0L);
		NET_SET(CURLOPT_SSL_VERIFYHOST, 0L);
	}
	h = curl_slist_append(h, NET_ACCEPT);
	if (job->send_etag != NULL && h != NULL) {
		line = xasprintf("If-None-Match: %s", job->send_etag);
		if ((t = curl_slist_append(h, line)) == NULL)
			bad = 1;
		else
			h = t;
		free(line);
	}
	if (job->send_lm != NULL && h != NULL) {
		line = xasprintf("If-Modified-Since: %s", job->send_lm);
		if ((t = curl_slist_append(h, line)) == NULL)
			bad = 1;
		else
			h = t;
		free(line);
	}
	job->headers = h;
	if (h == NULL)
		bad = 1;
	NET_SET(CURLOPT_HTTPHEADER, h);
#undef NET_SET
	if (bad) {
		net_job_fail(job, "cannot set up the transfer");
		return;
	}
	if (curl_multi_add_handle(net->multi, e) != CURLM_OK) {
		net_job_fail(job, "cannot start a transfer");
		return;
	}
	job->state = NET_JOB_RUNNING;
	net_list_append(&net->running, job);
	net->nrunning++;
}

/* Starts queued jobs, oldest first, while the engine and hosts allow. */
static void
net_start_queued(struct net *net)
{
	struct net_job *job, *next, *r;
	long same;

	if (!net->dirty || net->in_free)
		return;
	net->dirty = 0;
	if (net->queue.head != NULL && net_start_engine(net) == -1) {
		while ((job = net->queue.head) != NULL) {
			net_list_remove(&net->queue, job);
			net_job_fail(job, net_error);
		}
		return;
	}
	for (job = net->queue.head; job != NULL; job = next) {
		next = job->next;
		if (net->nrunning >= net->opt.max_total_connections)
			break;
		if (job->host == NULL)
			job->host = net_url_host(job->url);
		same = 0;
		for (r = net->running.head; r != NULL; r = r->next)
			if (strcmp(r->host, job->host) == 0)
				same++;
		if (same >= net->opt.max_host_connections)
			continue;
		net_list_remove(&net->queue, job);
		net_job_start(job);
	}
}

void
net_add(struct net *net, const struct net_request *req)
{
	struct net_job *job;
	struct net_result r;

	job = xcalloc(1, sizeof *job);
	job->net = net;
	job->url = xstrdup(req->url != NULL ? req->url : "");
	if (req->etag != NULL && net_validator_ok(req->etag,
	    strlen(req->etag)))
		job->send_etag = xstrdup(req->etag);
	if (req->last_modified != NULL && net_validator_ok(
	    req->last_modified, strlen(req->last_modified)))
		job->send_lm = xstrdup(req->last_modified);
	job->flags = req->flags;
	job->arg = req->arg;
	job->on_head = req->on_head;
	job->on_data = req->on_data;
	job->on_done = req->on_done;
	/* job->host is found when the job may start: that needs libcurl. */
	job->base = xstrdup(job->url);
	job->perm_run = 1;
	if (net->in_free) {
		/* Too late to run; still exactly one on_done. */
		memset(&r, 0, sizeof r);
		r.code = NET_ERR_CANCELLED;
		r.error = "cancelled";
		r.effective_url = job->url;
		if (job->on_done != NULL)
			job->on_done(job->arg, &r);
		net_job_free(job);
		return;
	}
	job->state = NET_JOB_QUEUED;
	net_list_append(&net->queue, job);
	net->njobs++;
	net->dirty = 1;
}

/* Parses Retry-After: delta seconds or an HTTP date, to UTC seconds. */
static int64_t
net_retry_after(const char *v)
{
	int64_t now = (int64_t)time(NULL), t = 0;
	size_t i;

	if (v == NULL)
		return 0;
	for (i = 0; v[i] >= '0' && v[i] <= '9'; i++)
		if (t <= NET_MAX_RETRY_AFTER)
			t = t * 10 + (v[i] - '0');
	if (i > 0 && v[i] == '\0')
		return now + (t > NET_MAX_RETRY_AFTER ? NET_MAX_RETRY_AFTER :
		    t);
	if ((t = date_parse(v)) == DATE_NONE)
		return 0;
	if (t < now)
		return now;
	return t > now + NET_MAX_RETRY_AFTER ? now + NET_MAX_RETRY_AFTER : t;
}

/* Turns curl's verdict into a code and one line for people. */
static enum net_code
net_job_verdict(struct net_job *job, CURLcode rc)
{
	const struct net_options *o = &job->net->opt;
	char a[32], scheme[16];
	const char *d;
	curl_off_t got = 0, want = -1, t_connect = 0;
	long oserr = 0, s = job->status;

	switch (job->stop) {
	case NET_STOP_CALLER:
		net_job_error(job, "stopped by the reader");
		return NET_ERR_ABORTED;
	case NET_STOP_BODY:
		net_size_text(o->max_body, a, sizeof a);
		net_job_error(job, "body larger than %s", a);
		return NET_ERR_LIMIT;
	case NET_STOP_HEADERS:
		net_size_text((int64_t)o->max_header_bytes, a, sizeof a);
		net_job_error(job, "headers larger than %s", a);
		return NET_ERR_LIMIT;
	case NET_STOP_ERROR_BODY:
	case NET_STOP_NONE:
		break;
	}
	if (rc == CURLE_FILESIZE_EXCEEDED) {
		net_size_text(o->max_body, a, sizeof a);
		net_job_error(job, "body larger than %s", a);
		return NET_ERR_LIMIT;
	}
	if (s >= 400 || (rc == CURLE_OK && s >= 300 && s != 304) ||
	    job->stop == NET_STOP_ERROR_BODY) {
		net_status_text(s, a, sizeof a);
		if (net_reason(s) == NULL && job->reason != NULL &&
		    job->reason[0] != '\0')
			net_job_error(job, "HTTP %ld %.64s", s, job->reason);
		else
			net_job_error(job, "%s", a);
		return NET_ERR_HTTP;
	}
	if (rc == CURLE_OK)
		return s == 304 ? NET_NOT_MODIFIED : NET_OK;

	d = job->errbuf[0] != '\0' ? job->errbuf : curl_easy_strerror(rc);
	curl_easy_getinfo(job->easy, CURLINFO_OS_ERRNO, &oserr);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		if (oserr == ECONNREFUSED)
			net_job_error(job, "connection refused");
		else if (oserr == ENETUNREACH)
			net_job_error(job, "network unreachable");
		else if (oserr == EHOSTUNREACH)
			net_job_error(job, "host unreachable");
		else if (oserr != 0)
			net_job_error(job, "could not connect: %s",
			    strerror((int)oserr));
		else
			net_job_error(job, "could not connect");
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		free(job->host);
		job->host = net_url_host(job->base);
		net_job_error(job, "host not found: %.100s", job->host);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		net_job_error(job, "proxy not found");
		break;
	case CURLE_OPERATION_TIMEDOUT:
		curl_easy_getinfo(job->easy, CURLINFO_CONNECT_TIME_T,
		    &t_connect);
		if (strstr(d, "too slow") != NULL) {
			net_job_error(job, "too slow: under %ld bytes/s for "
			    "%ld s", o->low_speed_limit, o->low_speed_time);
		} else if (t_connect == 0 && o->connect_timeout_ms > 0 &&
		    (o->total_timeout_ms == 0 ||
		    o->connect_timeout_ms < o->total_timeout_ms)) {
			net_ms_text(o->connect_timeout_ms, a, sizeof a);
			net_job_error(job, "connection timed out after %s", a);
		} else {
			net_ms_text(o->total_timeout_ms, a, sizeof a);
			net_job_error(job, "timed out after %s", a);
		}
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		if (str_has_prefix_ci(d, "SSL certificate problem: "))
			d += strlen("SSL certificate problem: ");
		else if (str_has_prefix_ci(d, "SSL: "))
			d += strlen("SSL: ");
		/* The way out, for a feed the user trusts anyway. */
		net_job_error(job, "TLS certificate problem: %s (insecure-tls "
		    "in the config accepts it for this feed)", d);
		break;
	case CURLE_SSL_CONNECT_ERROR:
		net_job_error(job, "TLS handshake failed: %s", d);
		break;
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
		net_job_error(job, "TLS error: %s", d);
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		net_job_error(job, "too many redirects (more than %ld)",
		    o->max_redirects);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		if (s >= 300 && s < 400 && job->location != NULL) {
			net_url_scheme(job->base, scheme, sizeof scheme);
			net_job_error(job, "refused redirect to a %s: URL",
			    scheme);
		} else {
			net_url_scheme(job->url, scheme, sizeof scheme);
			net_job_error(job, "%s: URLs are not allowed here",
			    scheme);
		}
		break;
	case CURLE_URL_MALFORMAT:
		net_job_error(job, "malformed URL");
		break;
	case CURLE_PARTIAL_FILE:
		curl_easy_getinfo(job->easy, CURLINFO_SIZE_DOWNLOAD_T, &got);
		curl_easy_getinfo(job->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
		    &want);
		if (want > 0)
			net_job_error(job, "body cut short after %lld of %lld "
			    "bytes", (long long)got, (long long)want);
		else
			net_job_error(job, "body cut short after %lld bytes",
			    (long long)got);
		break;
	case CURLE_RECV_ERROR:
		if (oserr == ECONNRESET)
			net_job_error(job, "connection reset by the server");
		else
			net_job_error(job, "receive failed: %s", d);
		break;
	case CURLE_SEND_ERROR:
		net_job_error(job, "send failed: %s", d);
		break;
	case CURLE_GOT_NOTHING:
		net_job_error(job, "empty reply from the server");
		break;
	case CURLE_WEIRD_SERVER_REPLY:
		net_job_error(job, "malformed reply from the server");
		break;
	case CURLE_BAD_CONTENT_ENCODING:
		net_job_error(job, "cannot decode the body: %s", d);
		break;
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		net_job_error(job, "HTTP/2 error: %s", d);
		break;
	case CURLE_FILE_COULDNT_READ_FILE:
		net_job_error(job, "cannot read the file");
		break;
	default:
		net_job_error(job, "%s", d);
		break;
	}
	return NET_ERR_TRANSFER;
}

/* Removes a finished job from the engine, reports it and frees it. */
static void
net_job_finish(struct net_job *job, CURLcode rc)
{
	struct net *net = job->net;
	struct net_result r;
	curl_off_t wire = 0, total = 0;
	enum net_code code;

	curl_multi_remove_handle(net->multi, job->easy);
	net_list_remove(&net->running, job);
	net->nrunning--;
	net->njobs--;
	net->dirty = 1;

	code = net_job_verdict(job, rc);
	net_job_result(job, &r);
	r.code = code;
	if (code != NET_OK && code != NET_NOT_MODIFIED)
		r.error = job->error;
	if ((code == NET_OK || code == NET_NOT_MODIFIED) &&
	    job->perm_target != NULL) {
		r.permanent_redirect = 1;
		r.redirect_url = job->perm_target;
	}
	if (job->status == 429 || job->status == 503)
		r.retry_after = net_retry_after(job->retry_after);
	curl_easy_getinfo(job->easy, CURLINFO_SIZE_DOWNLOAD_T, &wire);
	curl_easy_getinfo(job->easy, CURLINFO_TOTAL_TIME_T, &total);
	r.wire_bytes = wire > 0 ? (uint64_t)wire : 0;
	r.elapsed_ms = (long)(total / 1000);
	r.truncated = (code == NET_ERR_TRANSFER || code == NET_ERR_LIMIT ||
	    code == NET_ERR_ABORTED) && (job->head_sent ||
	    rc == CURLE_PARTIAL_FILE);
	if (job->on_done != NULL)
		job->on_done(job->arg, &r);
	net_job_free(job);
}

/* Reports a job that never ran (could not start, or cancelled). */
static void
net_job_finish_early(struct net_job *job, enum net_code code,
    const char *why)
{
	struct net_result r;

	memset(&r, 0, sizeof r);
	r.code = code;
	r.error = why;
	r.effective_url = job->url;
	if (job->on_done != NULL)
		job->on_done(job->arg, &r);
	net_job_free(job);
}

int
net_perform(struct net *net)
{
	struct net_job *job;
	CURLMsg *msg;
	CURL *easy;
	CURLcode rc;
	char *priv;
	int running = 0, left = 0;

	if (net->in_perform || net->in_free)
		return net->njobs;
	net->in_perform = 1;
	net_start_queued(net);
	if (net->multi != NULL)
		curl_multi_perform(net->multi, &running);
	while (net->multi != NULL &&
	    (msg = curl_multi_info_read(net->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		easy = msg->easy_handle;
		rc = msg->data.result;
		priv = NULL;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
		if ((job = (struct net_job *)(void *)priv) != NULL)
			net_job_finish(job, rc);
	}
	while ((job = net->failed.head) != NULL) {
		net_list_remove(&net->failed, job);
		net->njobs--;
		net_job_finish_early(job, NET_ERR_TRANSFER, job->error);
	}
	net_start_queued(net);
	net->in_perform = 0;
	if (net->tick != NULL)
		net->tick(net->tick_arg);
	return net->njobs;
}

void
net_set_tick(struct net *net, void (*tick)(void *), void *arg)
{
	net->tick = tick;
	net->tick_arg = arg;
}

int
net_poll(struct net *net, struct curl_waitfd *extra, unsigned n,
    int timeout_ms)
{
	struct pollfd pfd[16];
	unsigned i;
	int numfds = 0;

	if (net->dirty || net->failed.head != NULL || net->woken)
		timeout_ms = 0;
	else if (timeout_ms < 0)
		timeout_ms = INT_MAX;
	net->woken = 0;
	if (net->multi == NULL) {
		/* No fetch yet, so no libcurl: wait on the caller's fds. */
		if (n > UTIL_ARRAY_LEN(pfd))
			n = UTIL_ARRAY_LEN(pfd);
		for (i = 0; i < n; i++) {
			pfd[i].fd = extra[i].fd;
			pfd[i].events = (short)(
			    ((extra[i].events & CURL_WAIT_POLLIN) ? POLLIN : 0) |
			    ((extra[i].events & CURL_WAIT_POLLPRI) ? POLLPRI : 0) |
			    ((extra[i].events & CURL_WAIT_POLLOUT) ? POLLOUT : 0));
			pfd[i].revents = 0;
		}
		if ((numfds = poll(pfd, n, timeout_ms)) == -1)
			return errno == EINTR ? 0 : -1;
		for (i = 0; i < n; i++)
			extra[i].revents = (short)(
			    ((pfd[i].revents & POLLIN) ? CURL_WAIT_POLLIN : 0) |
			    ((pfd[i].revents & POLLPRI) ? CURL_WAIT_POLLPRI : 0) |
			    ((pfd[i].revents & POLLOUT) ? CURL_WAIT_POLLOUT : 0));
		return numfds;
	}
	if (curl_multi_poll(net->multi, extra, n, timeout_ms, &numfds) !=
	    CURLM_OK)
		return -1;
	return numfds;
}

void
net_wakeup(struct net *net)
{
	if (net->multi != NULL)
		curl_multi_wakeup(net->multi);
	else
		net->woken = 1;
}

int
net_pending(const struct net *net)
{
	return net->njobs;
}

void
net_run(struct net *net)
{
	while (net_perform(net) > 0)
		if (net_poll(net, NULL, 0, 1000) == -1)
			break;
}

void
net_free(struct net *net)
{
	struct net_job *job;

	if (net == NULL)
		return;
	net->in_free = 1;
	while ((job = net->running.head) != NULL) {
		net_list_remove(&net->running, job);
		curl_multi_remove_handle(net->multi, job->easy);
		net_job_finish_early(job, NET_ERR_CANCELLED, "cancelled");
	}
	while ((job = net->queue.head) != NULL) {
		net_list_remove(&net->queue, job);
		net_job_finish_early(job, NET_ERR_CANCELLED, "cancelled");
	}
	while ((job = net->failed.head) != NULL) {
		net_list_remove(&net->failed, job);
		net_job_finish_early(job, NET_ERR_CANCELLED, "cancelled");
	}
	free(net->user_agent);
	if (net->multi != NULL) {
		curl_multi_cleanup(net->multi);
		curl_global_cleanup();
	}
	free(net);
}
