/*
 * curl_dl.h: libcurl, loaded when the first fetch starts.
 *
 * libcurl brings some thirty shared libraries with it (TLS, HTTP/2, IDN,
 * LDAP, Kerberos...); mapping them costs more than everything else tidings
 * does before its first screen. So tidings is not linked with libcurl:
 * curl_dl_load() dlopen()s it on first use, and net.c, the only user,
 * includes this header after <curl/curl.h> so that its curl_* calls go
 * through the loaded table. Must be included by no other file.
 */
#ifndef TIDINGS_CURL_DL_H
#define TIDINGS_CURL_DL_H

#include <stddef.h>

#include <curl/curl.h>

struct curl_dl {
	CURLcode (*global_init)(long);
	void	 (*global_cleanup)(void);
	curl_version_info_data *(*version_info)(CURLversion);
	CURL	*(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void	 (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	CURLM	*(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int,
		    int, int *);
	CURLMcode (*multi_wakeup)(CURLM *);
	CURLMsg	*(*multi_info_read)(CURLM *, int *);
	CURLMcode (*multi_cleanup)(CURLM *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void	 (*slist_free_all)(struct curl_slist *);
	CURLU	*(*url)(void);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
	void	 (*url_cleanup)(CURLU *);
	void	 (*free)(void *);
};

/* The loaded table, or NULL with a one-line reason in err. */
const struct curl_dl *curl_dl_load(char *err, size_t errlen);
/* The table once loaded (after a successful curl_dl_load()). */
extern const struct curl_dl *curl_dl;

#ifndef CURL_DL_NO_MACROS
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#define curl_global_init	(curl_dl->global_init)
#define curl_global_cleanup	(curl_dl->global_cleanup)
#define curl_version_info	(curl_dl->version_info)
#define curl_easy_init		(curl_dl->easy_init)
#define curl_easy_setopt	(curl_dl->easy_setopt)
#define curl_easy_getinfo	(curl_dl->easy_getinfo)
#define curl_easy_cleanup	(curl_dl->easy_cleanup)
#define curl_easy_strerror	(curl_dl->easy_strerror)
#define curl_multi_init		(curl_dl->multi_init)
#define curl_multi_setopt	(curl_dl->multi_setopt)
#define curl_multi_add_handle	(curl_dl->multi_add_handle)
#define curl_multi_remove_handle (curl_dl->multi_remove_handle)
#define curl_multi_perform	(curl_dl->multi_perform)
#define curl_multi_poll		(curl_dl->multi_poll)
#define curl_multi_wakeup	(curl_dl->multi_wakeup)
#define curl_multi_info_read	(curl_dl->multi_info_read)
#define curl_multi_cleanup	(curl_dl->multi_cleanup)
#define curl_slist_append	(curl_dl->slist_append)
#define curl_slist_free_all	(curl_dl->slist_free_all)
#define curl_url		(curl_dl->url)
#define curl_url_set		(curl_dl->url_set)
#define curl_url_get		(curl_dl->url_get)
#define curl_url_cleanup	(curl_dl->url_cleanup)
#define curl_free		(curl_dl->free)
#endif

#endif
