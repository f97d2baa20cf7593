/*
 * paths.h: where tidings keeps its files (XDG base directories) and where
 * it finds the files it ships.
 */
#ifndef TIDINGS_PATHS_H
#define TIDINGS_PATHS_H

/*
 * $XDG_CONFIG_HOME/tidings/NAME (default ~/.config/tidings/NAME) and
 * $XDG_DATA_HOME/tidings/NAME (default ~/.local/share/tidings/NAME).
 * Caller frees; NULL when neither the variable nor $HOME is set.
 */
char	*paths_config(const char *name);
char	*paths_data(const char *name);
/* Creates the directory that holds path, and its parents (mode 0700). */
int	 paths_mkdir_for(const char *path, char *err, size_t errlen);
/*
 * A file:// URL for a shipped data file (e.g. "welcome.xml"), looked up in
 * $TIDINGS_DATA, the installed data directory, then beside the binary's
 * source tree. Caller frees; NULL when not found.
 */
char	*paths_shipped_url(const char *name);

#endif
