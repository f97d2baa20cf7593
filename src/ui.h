/*
 * ui.h: the interactive reader, a keyboard-driven ncursesw interface with a
 * feed list, article lists and an article view, in one-screen-at-a-time
 * (classic) or split-pane layout.
 *
 * ui_run() owns the terminal from start to end and runs the one event loop:
 * it waits on the terminal and on the net together, so reloading never
 * freezes the screen. It never runs a shell on anything from a feed: URLs
 * go to the browser as one argv element, article text goes to a piped
 * command on its standard input only.
 */
#ifndef TIDINGS_UI_H
#define TIDINGS_UI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct conf;
struct conf_action;
struct feed;
struct feed_item;
struct net;
struct store;
struct urls;

enum ui_layout {
	UI_LAYOUT_CLASSIC,	/* one screen at a time, as newsboat */
	UI_LAYOUT_SPLIT,	/* list and article side by side or stacked */
};

struct ui_config {
	enum ui_layout layout;
	int	 text_width;	/* widest article text; 0 means 80 */
	int	 text_left;	/* 1: article text at the left, not centred */
	const char *browser;	/* command name or path; NULL: $BROWSER,
				   else xdg-open. Run without a shell. */
	const char *save_dir;	/* default directory for 's'; NULL: cwd */
	int	 reload_minutes; /* automatic reload of all feeds; 0: never */
	int	 refresh_on_start; /* reload all feeds once the screen is up */
	int	 mouse;		/* 1: take the mouse */
	const char *urls_path;	/* where a feed added with a is written,
				   or NULL: adding is off */
	const struct conf *conf; /* the config file (keys, colours, formats,
				   highlights, hooks, reader-mode), or NULL:
				   defaults */
	/* The killfile (ignore-article) for reloads, or NULL. */
	int	(*ignore)(void *arg, const char *url, const struct feed *,
		    const struct feed_item *);
	void	*ignore_arg;
	int64_t	 last_run;	/* when tidings was last closed (UTC
				   seconds): articles stored after it are
				   marked new; 0: none are */
	int	 hyperlinks;	/* OSC 8 links: 1 on, 0 off, -1 when the
				   terminal is known to take them */
	/*
	 * Called once, after the first screen is drawn (may be NULL); returns
	 * 1 when it changed the store (the counts are read again), or -1
	 * with a message in err for the status line.
	 */
	int	(*after_first)(void *, char *err, size_t errlen);
	void	*after_first_arg;
	/* A problem met while starting (the config's or the urls file's
	 * first message), for the first screen's status line, or NULL. */
	const char *start_msg;
};

/*
 * The defaults: classic layout, 80 columns centred, mouse on, hyperlinks
 * where the terminal is known to take them.
 */
void	 ui_config_init(struct ui_config *);

/*
 * Runs the reader until the user quits. store must be writable (marking
 * read); urls lists the feeds shown, in order (a feed added with the a
 * key is added to it, and to the file at cfg->urls_path); net may be NULL
 * (no reloading, no reader mode, no adding). Returns 0, or -1 with a one-line reason in err (no terminal,
 * not a tty). The terminal is restored on every return and on util_fatal().
 * A reload still running at the end is left to the caller's net_free(),
 * which must therefore come before store_close().
 */
int	 ui_run(struct store *, struct urls *, const struct ui_config *,
	    struct net *, char *err, size_t errlen);

/*
 * notify-program (cf may be NULL: none): runs it with one argument,
 * "tidings: N new articles, M unread" (", M unread" left out when unread
 * < 0), on its own: no terminal, no waiting, never a shell. Nothing when
 * new_items <= 0. After an interactive reload and after -x reload.
 * Returns 0, or -1 with err filled when it could not be started.
 */
int	 ui_notify_program(const struct conf *cf, int64_t new_items,
	    int64_t unread, char *err, size_t errlen);

/* The actions, for bind-key to check names and places against. */
const struct conf_action *ui_conf_actions(size_t *n);

/* The key bindings as roff for the man page, from the one action table. */
void	 ui_keys_man(FILE *);
/* The key bindings as plain text (tidings --help-keys), same table. */
void	 ui_keys_text(FILE *);

#endif
