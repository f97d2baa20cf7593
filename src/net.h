/*
 * net.h: the fetch engine, on libcurl's multi interface.
 *
 * One struct net runs many fetches at once without threads: the caller's
 * event loop waits in net_poll() (on curl's sockets and its own fds, such as
 * the terminal) and calls net_perform(), which moves the transfers along and
 * hands each job's body to on_data as it arrives. Every size, count and time
 * is bounded; only http and https are spoken (file: only when a request
 * asks for it, and never through a redirect); nothing is retried here.
 * It must never block for long, print, or touch the terminal.
 */
#ifndef TIDINGS_NET_H
#define TIDINGS_NET_H

#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

/* Defaults for struct net_options. */
#define NET_MAX_TOTAL_CONNECTIONS 16	/* jobs running at once */
#define NET_MAX_HOST_CONNECTIONS 2	/* jobs running at once per host */
#define NET_CONNECT_TIMEOUT_MS 20000L
#define NET_TOTAL_TIMEOUT_MS 120000L
#define NET_LOW_SPEED_LIMIT 10L		/* bytes per second ... */
#define NET_LOW_SPEED_TIME 30L		/* ... for this many seconds: give up */
#define NET_MAX_BODY (32LL * 1024 * 1024)	/* after decompression */
#define NET_MAX_HEADER_BYTES (256 * 1024)	/* all responses of a job */
#define NET_MAX_REDIRECTS 8L
#define NET_MAX_VALIDATOR 1024		/* ETag / Last-Modified, bytes */
#define NET_MAX_RETRY_AFTER (30LL * 24 * 3600)	/* clamp, seconds */

/* Flags for struct net_request. */
#define NET_INSECURE	0x01	/* skip TLS certificate and name checks */
#define NET_ALLOW_FILE	0x02	/* allow a file: URL (the user's own only) */

/*
 * Limits of one struct net; net_options_default() fills the defaults.
 * A zero max_body or max_header_bytes, or a negative max_redirects, means
 * the default; zero timeouts mean none.
 */
struct net_options {
	long	 max_total_connections;	/* jobs running at once */
	long	 max_host_connections;	/* jobs running at once per host */
	long	 connect_timeout_ms;	/* 0: curl's default (300 s) */
	long	 total_timeout_ms;	/* whole job; 0: none */
	long	 low_speed_limit;	/* bytes/s; 0 turns the check off */
	long	 low_speed_time;	/* seconds below the limit to give up */
	int64_t	 max_body;		/* decoded body bytes */
	size_t	 max_header_bytes;	/* header bytes over all responses */
	long	 max_redirects;
	const char *user_agent;		/* NULL: "tidings/VERSION ..." */
};

/* How a job ended. */
enum net_code {
	NET_OK,			/* 2xx (or a file: read): the body was whole */
	NET_NOT_MODIFIED,	/* 304: the validators still hold */
	NET_ERR_HTTP,		/* final status 3xx (other than 304) or more */
	NET_ERR_TRANSFER,	/* network, TLS, timeout, protocol, redirect */
	NET_ERR_LIMIT,		/* body or headers over their limit */
	NET_ERR_ABORTED,	/* on_head or on_data returned -1 */
	NET_ERR_CANCELLED	/* net_free() ran before the job ended */
};

/*
 * What net knows about a job. Strings are NULL when absent, belong to net
 * and live only until the callback that was given the struct returns.
 * Everything from the network is scrubbed with str_clean(), except the
 * validators: those are the server's bytes exactly (at most
 * NET_MAX_VALIDATOR, never a control character; dropped otherwise).
 */
struct net_result {
	enum net_code code;
	long	 status;		/* final HTTP status; 0 when not HTTP */
	const char *error;	/* one line; NULL for OK and NOT_MODIFIED */
	const char *etag;	/* ETag of the final response */
	const char *last_modified; /* its Last-Modified */
	const char *content_type; /* media type, lower case, no params */
	const char *charset;	/* its charset parameter, as sent */
	const char *effective_url; /* where the body came from */
	int	 permanent_redirect;	/* the chain began with 301/308 hops */
	const char *redirect_url; /* ...and the last of those pointed here */
	int64_t	 retry_after;		/* 429/503: UTC seconds to wait until */
	uint64_t bytes;			/* body bytes given to on_data */
	uint64_t wire_bytes;		/* body bytes as sent (compressed) */
	int	 truncated;		/* on_data got only part of the body */
	long	 elapsed_ms;		/* from start to end, in ms */
};

/*
 * One fetch. net_add() copies the strings. permanent_redirect and
 * redirect_url are only set when the job ended NET_OK or NET_NOT_MODIFIED,
 * so a caller may adopt redirect_url as the feed's new address.
 */
struct net_request {
	const char *url;
	const char *etag;		/* sent as If-None-Match, or NULL */
	const char *last_modified;	/* sent as If-Modified-Since, or NULL */
	int	 flags;			/* NET_INSECURE, NET_ALLOW_FILE */
	void	*arg;			/* given to every callback */
	/*
	 * Optional. Called once, when the headers of a 2xx response are
	 * complete (for file:, before the first bytes), with status,
	 * validators and content type filled in. Return -1 to abort the job.
	 */
	int	(*on_head)(void *arg, const struct net_result *);
	/* Optional. Body bytes, decoded, as they arrive; -1 aborts the job. */
	int	(*on_data)(void *arg, const char *bytes, size_t len);
	/*
	 * Called exactly once per net_add(), from net_perform(), net_run()
	 * or net_free(); the job is gone after it returns.
	 */
	void	(*on_done)(void *arg, const struct net_result *);
};

struct net;

void	 net_options_default(struct net_options *);
/*
 * NULL options: the defaults. Costs nothing until the first job starts:
 * libcurl is loaded then (curl_dl.h); if it cannot be, every job ends
 * NET_ERR_TRANSFER with the reason, which net_last_error() also gives.
 */
struct net *net_new(const struct net_options *);
const char *net_last_error(void);
/* Ends every job still pending (its on_done sees NET_ERR_CANCELLED). */
void	 net_free(struct net *);

/*
 * Queues a fetch; it starts when its host and the whole engine have a free
 * slot. Never fails: problems arrive through on_done. May be called from
 * any callback; must not be followed by net_free() inside a callback.
 */
void	 net_add(struct net *, const struct net_request *);

/*
 * Waits until curl's sockets or one of the caller's extra fds (their
 * revents are filled in) have something, net_wakeup() is called, or
 * timeout_ms passes; returns at once if net_perform() has work waiting.
 * Returns the number of fds with events, or -1 on error.
 */
int	 net_poll(struct net *, struct curl_waitfd *extra, unsigned n,
	    int timeout_ms);
/*
 * Moves transfers along, starts queued jobs and calls on_done for the
 * finished ones. Returns the number of jobs still pending.
 */
int	 net_perform(struct net *);
/*
 * Makes a net_poll() in progress return (safe from another thread); before
 * the first fetch has loaded libcurl, makes the next net_poll() return.
 */
void	 net_wakeup(struct net *);
/*
 * Sets a function that net_perform() calls, on the caller's thread, each
 * time it ends: for work another thread finished meanwhile (that thread's
 * net_wakeup() makes net_poll() return). One per net; NULL removes it.
 */
void	 net_set_tick(struct net *, void (*tick)(void *), void *arg);
/* Jobs added and not yet given to on_done. */
int	 net_pending(const struct net *);
/* Runs until every job is done (for non-interactive use). */
void	 net_run(struct net *);

/* "HTTP 404 Not Found": a status line for people; into out. */
void	 net_status_text(long status, char *out, size_t outlen);

#endif
