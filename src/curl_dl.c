/*
 * curl_dl.c: loads libcurl with dlopen() on first use (see curl_dl.h).
 * Must never be called from a signal handler; loads at most once.
 */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#define CURL_DL_NO_MACROS
#include "curl_dl.h"
#include "util.h"

/* The library this tidings was built against, then its gnutls twin. */
static const char *const names[] = {
	"libcurl.so.4",
	"libcurl-gnutls.so.4",
	"libcurl.so",
};

static struct curl_dl table;
const struct curl_dl *curl_dl;

/* Each field of the table with the symbol that fills it. */
#define SYM(field, name) { offsetof(struct curl_dl, field), name }
static const struct {
	size_t		 off;
	const char	*name;
} syms[] = {
	SYM(global_init, "curl_global_init"),
	SYM(global_cleanup, "curl_global_cleanup"),
	SYM(version_info, "curl_version_info"),
	SYM(easy_init, "curl_easy_init"),
	SYM(easy_setopt, "curl_easy_setopt"),
	SYM(easy_getinfo, "curl_easy_getinfo"),
	SYM(easy_cleanup, "curl_easy_cleanup"),
	SYM(easy_strerror, "curl_easy_strerror"),
	SYM(multi_init, "curl_multi_init"),
	SYM(multi_setopt, "curl_multi_setopt"),
	SYM(multi_add_handle, "curl_multi_add_handle"),
	SYM(multi_remove_handle, "curl_multi_remove_handle"),
	SYM(multi_perform, "curl_multi_perform"),
	SYM(multi_poll, "curl_multi_poll"),
	SYM(multi_wakeup, "curl_multi_wakeup"),
	SYM(multi_info_read, "curl_multi_info_read"),
	SYM(multi_cleanup, "curl_multi_cleanup"),
	SYM(slist_append, "curl_slist_append"),
	SYM(slist_free_all, "curl_slist_free_all"),
	SYM(url, "curl_url"),
	SYM(url_set, "curl_url_set"),
	SYM(url_get, "curl_url_get"),
	SYM(url_cleanup, "curl_url_cleanup"),
	SYM(free, "curl_free"),
};

const struct curl_dl *
curl_dl_load(char *err, size_t errlen)
{
	void *lib = NULL, *fn;
	const char *why = "not found";
	size_t i;

	if (curl_dl != NULL)
		return curl_dl;
	for (i = 0; i < UTIL_ARRAY_LEN(names) && lib == NULL; i++)
		if ((lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL)) == NULL &&
		    dlerror() != NULL && i == 0)
			why = "libcurl.so.4 cannot be loaded";
	if (lib == NULL) {
		util_errf(err, errlen, "cannot load libcurl (%s): install "
		    "the Debian package libcurl4", why);
		return NULL;
	}
	for (i = 0; i < UTIL_ARRAY_LEN(syms); i++) {
		if ((fn = dlsym(lib, syms[i].name)) == NULL) {
			util_errf(err, errlen, "libcurl lacks %s: it is older "
			    "than 7.68", syms[i].name);
			dlclose(lib);
			return NULL;
		}
		/* POSIX: a function pointer may be stored as a void *. */
		memcpy((char *)&table + syms[i].off, &fn, sizeof fn);
	}
	curl_dl = &table;
	return curl_dl;
}
