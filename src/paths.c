/*
 * paths.c: XDG base directories and shipped data files.
 * Must never create anything except in paths_mkdir_for().
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "util.h"

static char *
xdg(const char *var, const char *fallback, const char *name)
{
	const char *dir = getenv(var), *home;

	if (dir != NULL && dir[0] == '/')
		return xasprintf("%s/tidings/%s", dir, name);
	if ((home = getenv("HOME")) == NULL || *home == '\0')
		return NULL;
	return xasprintf("%s/%s/tidings/%s", home, fallback, name);
}

char *
paths_config(const char *name)
{
	return xdg("XDG_CONFIG_HOME", ".config", name);
}

char *
paths_data(const char *name)
{
	return xdg("XDG_DATA_HOME", ".local/share", name);
}

int
paths_mkdir_for(const char *path, char *err, size_t errlen)
{
	char *dir = xstrdup(path), *p;

	if ((p = strrchr(dir, '/')) == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char save = *p;

		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			util_errf(err, errlen, "cannot create %s: %s", dir,
			    strerror(errno));
			free(dir);
			return -1;
		}
		*p = save;
		if (save == '\0')
			break;
	}
	free(dir);
	return 0;
}

static char *
existing_url(const char *dir, const char *name)
{
	char *path, real[PATH_MAX], *url = NULL;

	if (dir == NULL || *dir == '\0')
		return NULL;
	path = xasprintf("%s/%s", dir, name);
	if (access(path, R_OK) == 0 && realpath(path, real) != NULL)
		url = xasprintf("file://%s", real);
	free(path);
	return url;
}

char *
paths_shipped_url(const char *name)
{
	char exe[PATH_MAX], *slash, *url;
	ssize_t n;

	if ((url = existing_url(getenv("TIDINGS_DATA"), name)) != NULL)
		return url;
	if ((url = existing_url(TIDINGS_DATADIR, name)) != NULL)
		return url;
	/* Run from a build tree: src/tidings beside data/. */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	memcpy(slash, "/data", 6);
	if ((size_t)(slash - exe) + 6 > sizeof exe)
		return NULL;
	return existing_url(exe, name);
}
