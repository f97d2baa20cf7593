/*
 * cli.h: the commands tidings runs without its interface.
 * Each prints to stdout, reports errors as one line on stderr and returns
 * the process exit status.
 */
#ifndef TIDINGS_CLI_H
#define TIDINGS_CLI_H

#include <stdint.h>

struct feed;
struct buf;
struct store;
struct urls;

/* Where the user's files are and what was asked on the command line. */
struct cli_paths {
	char	*urls;		/* the urls file */
	char	*cache;		/* the SQLite cache */
	char	*config;	/* the config file */
	int	 urls_given;	/* -u was used: a missing file is an error */
	int	 config_given;	/* -C was used: a missing file is an error */
};

struct conf;

/* Prints the parsed model of a file, "-" (stdin) or URL as JSON. */
int	 cli_dump_feed(const char *const *sources, int n);
/*
 * Loads the urls file, or the default list (the shipped welcome feed and a
 * few well-known feeds) when there is none. Warnings go to stderr once,
 * with file and line. Returns NULL after printing an error.
 */
struct urls *cli_load_urls(const struct cli_paths *);
/*
 * Reads the config file into conf (after conf_init), printing a
 * "FILE:LINE: ..." line on stderr for each line it cannot use. Returns -1
 * when the file cannot be read (or is missing and was named with -C).
 */
int	 cli_load_conf(const struct cli_paths *, struct conf *);
/* tidings --check-config: 0 when the file is fine, 1 otherwise. */
int	 cli_check_config(const struct cli_paths *);
/* Opens the cache for writing; NULL after printing an error. */
struct store *cli_open_store(const struct cli_paths *);
/* Makes sure every feed of the list is in the store. */
int	 cli_sync_feeds(struct store *, const struct urls *);
/*
 * Fetches every feed of the list in the foreground; progress on a terminal, else one line a feed.
 * Returns the exit status: 0, or 1 when any feed failed.
 */
int	 cli_reload(struct store *, const struct urls *, const struct conf *);
/*
 * Starts the interface on the user's list. Feeds never fetched are
 * fetched first when they are local files (the welcome feed), and in the
 * background once the screen is up when they are on the network.
 */
int	 cli_interface(const struct cli_paths *, int refresh_on_start);
/*
 * The unread articles of the feeds the interface lists (the urls file's,
 * not hidden ones; not query feeds, whose articles are counted in their
 * own feeds): what its title bar shows. Articles of feeds no longer in
 * the urls file stay in the cache until cleanup but are not counted.
 * Returns -1 with store_error().
 */
int64_t	 cli_unread_shown(struct store *, const struct urls *);
/*
 * Prints "N unread articles", cli_unread_shown() from a read-only open of
 * the cache; u is the urls file, or NULL to load it.
 */
int	 cli_print_unread(const struct cli_paths *, const struct urls *u);
int	 cli_import_opml(const struct cli_paths *, const char *file);
/*
 * tidings --add URL: finds the feed at a feed's or a web page's address
 * (discover.h) and adds it to the urls file. With several, pick (1-based)
 * chooses; without it the choices are listed and, on a terminal, asked
 * for. Returns the exit status.
 */
int	 cli_add_feed(const struct cli_paths *, const char *url, int pick);
int	 cli_export_opml(const struct cli_paths *);
/*
 * tidings --import-newsboat [DIR]: newsboat's urls file, config (the
 * commands tidings shares) and cache's read and flagged state, with a
 * report of what was taken and what was not on stdout. DIR NULL: the
 * places newsboat itself uses.
 */
int	 cli_import_newsboat(const struct cli_paths *, const char *dir);

/* Appends the JSON form of a parsed feed to b. */
void	 cli_feed_json(struct buf *b, const struct feed *f);

#endif
