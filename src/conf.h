/*
 * conf.h: the configuration file, in newsboat's syntax for the commands
 * tidings shares with it, plus a few of tidings' own (layout, text-align,
 * mouse), and the formatter for feedlist-format and articlelist-format.
 *
 *	# a comment
 *	auto-reload yes
 *	bind-key ^R reload-all feedlist
 *	color listfocus yellow blue bold
 *	ignore-article "*" "title =~ \"sponsored\""
 *	include "~/.config/tidings/colours"
 *
 * A line is a command and its arguments separated by blanks; an argument
 * with blanks goes in double quotes (with \" \\ \n \t escapes); '#' outside
 * quotes starts a comment (\# is a literal '#'). Every problem is one
 * message "FILE:LINE: ..." and the rest of the file still applies.
 *
 * The module is named conf, not config, because config.h is autoconf's.
 * It must never run anything a file says: backtick command substitution
 * is reported and the line ignored, commands (browser, notify-program,
 * bookmark-cmd) are only stored. It never includes curses: the interface
 * hands its action table in as a list of struct conf_action.
 */
#ifndef TIDINGS_CONF_H
#define TIDINGS_CONF_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct filter;
struct filter_item;

#define CONF_MAX_FILE	(1024 * 1024)	/* bytes of one file */
#define CONF_MAX_LINE	8192		/* bytes of one line */
#define CONF_MAX_ARGS	32		/* words on one line */
#define CONF_MAX_DEPTH	8		/* include inside include ... */
#define CONF_MAX_MSGS	200		/* messages kept; the rest counted */
#define CONF_MAX_BINDS	1000		/* bind-key and unbind-key lines */
#define CONF_MAX_PREVIEW_DELAY 3600	/* seconds of preview-read-delay */
#define CONF_PREVIEW_READ_DELAY 5	/* its default */
#define CONF_MAX_RULES	256		/* of each: ignore-article, reader-mode,
					   insecure-tls,
					   highlight, highlight-article */

/* Return values of conf_load(). */
enum conf_status {
	CONF_ERROR = -1,	/* the file could not be read (a message says
				   why); the defaults stay */
	CONF_OK = 0,		/* read; messages may still have been added */
	CONF_MISSING = 1	/* no such file: the defaults stay */
};

/*
 * Where a key binding applies. The values are the interface's (enum
 * ui_where) so its action table's bits can be passed in unchanged.
 */
#define CONF_IN_FEEDLIST	0x01
#define CONF_IN_ARTICLELIST	0x02
#define CONF_IN_ARTICLE		0x04
#define CONF_IN_TEXT		0x08	/* help, URL list, error list */
#define CONF_IN_ALL		0x0f

/*
 * Keys as bind-key names them, without curses: a printable character or
 * a control character (^R is 0x12, TAB 0x09, ESC 0x1b, SPACE 0x20) is its
 * code point; the other named keys are these, above Unicode.
 */
enum conf_key {
	CONF_KEY_ENTER = 0x110000,
	CONF_KEY_BACKSPACE,
	CONF_KEY_LEFT,
	CONF_KEY_RIGHT,
	CONF_KEY_UP,
	CONF_KEY_DOWN,
	CONF_KEY_PPAGE,
	CONF_KEY_NPAGE,
	CONF_KEY_HOME,
	CONF_KEY_END,
	CONF_KEY_F0,		/* F1 is CONF_KEY_F0 + 1, ... F12 */
	CONF_KEY_ALL = CONF_KEY_F0 + 13	/* "unbind-key -a": every key */
};

/* One entry of the interface's action table, for bind-key to check. */
struct conf_action {
	const char *name;	/* e.g. "reload-all" */
	unsigned where;		/* CONF_IN_* bits it works in */
};

/*
 * One bind-key or unbind-key line, kept in file order: the interface
 * applies them one after the other to its default keys.
 */
struct conf_bind {
	int	 key;		/* code point or CONF_KEY_*; CONF_KEY_ALL
				   only for an unbind */
	char	*action;	/* tidings' action name; NULL: unbind */
	unsigned where;		/* CONF_IN_* bits */
};

/* The screen elements "color" sets (newsboat's, then tidings' own). */
enum conf_element {
	CONF_EL_BACKGROUND,
	CONF_EL_LISTNORMAL,
	CONF_EL_LISTFOCUS,
	CONF_EL_LISTNORMAL_UNREAD,
	CONF_EL_LISTFOCUS_UNREAD,
	CONF_EL_INFO,
	CONF_EL_ARTICLE,
	CONF_EL_END_OF_TEXT,	/* "end-of-text-marker" */
	CONF_EL_TITLE,		/* the title bar; unset: info, bold */
	CONF_EL_HINT_KEY,	/* the hint bar's parts; unset: info */
	CONF_EL_HINT_DELIM,	/* "hint-keys-delimiter", the ':' */
	CONF_EL_HINT_SEP,	/* "hint-separator", between hints */
	CONF_EL_HINT_DESC,	/* "hint-description" */
	CONF_EL_ARTICLE_LINK,	/* tidings: links in an article */
	CONF_EL_ARTICLE_MARK,	/* tidings: marked (search) text */
	CONF_EL_ARTICLE_QUOTE,	/* tidings: quoted text */
	CONF_EL_COUNT
};

#define CONF_COLOR_DEFAULT (-1)	/* the terminal's own colour */

/* Attributes, as newsboat names them. */
#define CONF_A_STANDOUT		0x01
#define CONF_A_UNDERLINE	0x02
#define CONF_A_REVERSE		0x04
#define CONF_A_BLINK		0x08
#define CONF_A_DIM		0x10
#define CONF_A_BOLD		0x20
#define CONF_A_PROTECT		0x40
#define CONF_A_INVIS		0x80

struct conf_color {
	int	 set;		/* given in the file; else the built-in look */
	int	 fg;		/* 0-255, or CONF_COLOR_DEFAULT */
	int	 bg;		/* 0-255, or CONF_COLOR_DEFAULT */
	unsigned attrs;		/* CONF_A_* */
};

/* ignore-article: articles of feed (NULL: every feed) matching filter. */
struct conf_ignore {
	char	*feed;		/* the feed's URL, or NULL for "*" */
	struct filter *filter;
};

/* reader-mode: when to show an article's whole page (reader.h). */
enum conf_reader {
	CONF_READER_NO,		/* only when asked (the x key) */
	CONF_READER_OPEN,	/* fetched when the article is opened */
	CONF_READER_REFRESH	/* fetched when the feed is reloaded */
};

/* One reader-mode line; the last one that matches a feed wins. */
struct conf_reader_rule {
	char	*feed;		/* the feed's URL, or NULL for "*" and tags */
	char	*tag;		/* "tag:NAME" gave NAME, else NULL */
	enum conf_reader mode;
};

/* highlight: text matching re shown in color, in the places of where. */
struct conf_highlight {
	unsigned where;		/* CONF_IN_FEEDLIST | ..._ARTICLELIST |
				   ..._ARTICLE ("all" is all three) */
	char	*pattern;
	regex_t	 re;		/* REG_EXTENDED | REG_ICASE */
	struct conf_color color;
};

/* highlight-article: article-list rows matching filter shown in color. */
struct conf_hl_article {
	struct filter *filter;
	struct conf_color color;
};

/* Messages from reading, each "FILE:LINE: ..." and clean. */
struct conf_msgs {
	char	**v;
	size_t	 n;
	size_t	 dropped;	/* past CONF_MAX_MSGS */
};

enum conf_layout {
	CONF_LAYOUT_CLASSIC,	/* one screen at a time, as newsboat */
	CONF_LAYOUT_SPLIT	/* list and article side by side */
};

enum conf_ignore_mode {
	CONF_IGNORE_DOWNLOAD,	/* ignored articles are never stored */
	CONF_IGNORE_DISPLAY	/* stored, but not shown */
};

/* The fields article-sort-order and feed-sort-order sort by. */
enum conf_sort_field {
	CONF_SORT_DATE,		/* articles: published, else updated */
	CONF_SORT_TITLE,
	CONF_SORT_FLAGS,	/* articles: flagged ones after the others */
	CONF_SORT_AUTHOR,
	CONF_SORT_LINK,
	CONF_SORT_GUID,
	CONF_SORT_NONE,		/* feeds: the urls file's order */
	CONF_SORT_FIRSTTAG,	/* feeds: the first tag */
	CONF_SORT_ARTICLECOUNT,
	CONF_SORT_UNREADCOUNT,
	CONF_SORT_LASTUPDATED,	/* feeds: the newest article's date */
};

/* One sort order, e.g. "date-desc". */
struct conf_sort {
	enum conf_sort_field field;
	int	 desc;		/* 1: descending */
};

struct conf {
	/*
	 * Set by the caller before conf_load(): the interface's actions.
	 * bind-key checks names and places against them; when NULL,
	 * names are only translated from newsboat's, not checked.
	 */
	const struct conf_action *actions;
	size_t	 nactions;

	int	 no_color;	/* NO_COLOR is set and not empty */

	int	 auto_reload;		/* default 0 */
	int	 reload_time;		/* minutes, default 60 */
	int	 refresh_on_startup;	/* default 0 */
	int	 max_items;		/* per feed, 0 (default): all */
	int	 keep_articles_days;	/* 0 (default): keep all */
	int	 show_read_feeds;	/* default 1 */
	int	 show_read_articles;	/* default 1 */
	int	 text_width;		/* 0 (default): tidings' own */
	int	 confirm_mark_all_feeds_read; /* default 1 */
	enum conf_ignore_mode ignore_mode;	/* default download */
	enum conf_layout layout;	/* default classic */
	struct conf_sort article_sort;	/* default date-desc */
	struct conf_sort feed_sort;	/* default none (the urls file's) */
	int	 text_left;		/* text-align left; default 0 */
	int	 mouse;			/* default 1 */
	int	 hyperlinks;		/* OSC 8; default -1: if the terminal
					   is known to take them */
	int	 mark_as_read_on_hover;	/* newsboat's: an article selected in
					   a list is read at once; default 0 */
	int	 preview_read_delay;	/* seconds an unread article shows
					   in the split layout's preview
					   before it is marked read; 0:
					   never by time; default 5 */

	char	*browser;	/* NULL (default): $BROWSER, else xdg-open */
	char	*notify_program;	/* NULL: none */
	char	*bookmark_cmd;		/* NULL: none */
	char	*save_path;	/* NULL: the current directory; "~/" is
				   expanded */
	char	*feedlist_format;	/* never NULL */
	char	*articlelist_format;	/* never NULL */
	int	 feedlist_format_set;	/* given in the file: the lists
					   are drawn by the formats, else
					   by tidings' own look */
	int	 articlelist_format_set;
	char	*datetime_format;	/* strftime(3), never NULL */

	struct conf_color colors[CONF_EL_COUNT];

	struct conf_bind *binds;	/* in file order */
	size_t	 nbinds;
	struct conf_ignore *ignores;
	size_t	 nignores;
	struct conf_highlight *highlights;
	size_t	 nhighlights;
	struct conf_hl_article *hl_articles;
	size_t	 nhl_articles;
	struct conf_reader_rule *readers;	/* reader-mode, file order */
	size_t	 nreaders;
	char	**insecure_tls;	/* insecure-tls: feed URLs whose TLS
				   certificate is not checked */
	size_t	 ninsecure_tls;
};

/* The defaults, and no_color from the environment. */
void	 conf_init(struct conf *);
/* Frees everything conf_load() added; the struct can be reused after
   conf_init(). */
void	 conf_free(struct conf *);

/*
 * Reads the file at path into conf (over what is already there) and adds
 * a message to msgs for every line it cannot use. Relative include paths
 * are taken from the including file's directory.
 */
enum conf_status conf_load(struct conf *, const char *path,
	    struct conf_msgs *);
/*
 * The same for text in memory; name is shown in messages and relative
 * includes are taken from its directory.
 */
void	 conf_load_text(struct conf *, const char *name, const char *text,
	    size_t len, struct conf_msgs *);
void	 conf_msgs_free(struct conf_msgs *);

/*
 * For tidings --check-config: reads path with the given actions and
 * prints every message to out, one a line. Returns the number of
 * messages (0: the file is fine), or -1 if the file cannot be read.
 */
int	 conf_check(const char *path, const struct conf_action *,
	    size_t nactions, FILE *out);

/*
 * Splits a command (the browser) into words the way a shell splits them,
 * expanding nothing: blanks separate words, '...' keeps what it holds,
 * "..." too but for \" \\ \$ \` (escaped), and a backslash outside quotes
 * keeps the next character. Returns the words, NULL-terminated (free them
 * with conf_words_free()), or NULL with why filled ("\"|\" is shell
 * syntax") when the command needs a shell tidings does not run: | & ; < >
 * ( ) outside quotes, $ or ` outside single quotes, ~ starting a word, a
 * quote never closed, or more than CONF_MAX_ARGS words.
 */
char	**conf_command_words(const char *cmd, char *why, size_t whylen);
void	 conf_words_free(char **);
/*
 * The ends newsboat users give their browser command for its shell: a last
 * "&" (run in the background) and redirections of its output to /dev/null
 * (">/dev/null", "2>&1", "&> /dev/null", ...). Removes them from the end
 * of cmd, in place, and says which were there; the rest of cmd is left to
 * conf_command_words().
 */
#define CONF_TAIL_BACKGROUND	0x1
#define CONF_TAIL_QUIET		0x2
int	 conf_command_tail(char *cmd);

/* Does an ignore-article rule drop this article of feed_url? */
int	 conf_ignored(const struct conf *, const char *feed_url,
	    const struct filter_item *);

/*
 * reader-mode for a feed: the last rule naming its URL, one of its tags,
 * or "*"; CONF_READER_NO when none does. cf may be NULL.
 */
enum conf_reader conf_reader_mode(const struct conf *, const char *feed_url,
	    char *const *tags, size_t n_tags);

/*
 * Did an insecure-tls line name this feed's URL exactly? Then a bad TLS
 * certificate (self-signed, expired, another host's) is accepted for it
 * alone. cf may be NULL.
 */
int	 conf_insecure_tls(const struct conf *, const char *feed_url);

/* A key's name as bind-key spells it ("^R", "ENTER", "j"). */
void	 conf_key_name(int key, char *buf, size_t len);
/* The name of command i of the config language, or NULL past the last. */
const char *conf_command_name(size_t i);
/* An element's name as color spells it ("listfocus"). */
const char *conf_element_name(enum conf_element);
/*
 * Reads "FIELD[-asc|-desc]" as newsboat does: the article fields (date,
 * title, flags, author, link, guid) or, when feeds, the feed list's
 * (none, firsttag, title, articlecount, unreadarticlecount, lastupdated).
 * Without a direction: articles' date descending, their other fields
 * ascending; feeds descending. 0, or -1 when s is not one of them.
 */
int	 conf_sort_parse(const char *s, int feeds, struct conf_sort *out);
/* "date-desc" for a sort order, into buf. */
void	 conf_sort_name(const struct conf_sort *, char *buf, size_t len);

/*
 * Format strings: %x stands for the value of x, %N pads it on the left
 * and %-N on the right to N columns (cutting longer values), %=N centres
 * it, %>c fills with c so what follows is right-aligned to width, and
 * %?x?then&else? picks a branch by whether x has non-blank text. %% is a
 * '%'. Values are indexed by their ASCII letter; NULL counts as empty.
 */
struct conf_fmt {
	const char *v[128];
};

/*
 * Formats fmt with the values; width is the screen width for %> (0:
 * one fill character). Control characters in values become spaces or
 * vanish. Returns a new string; caller frees.
 */
char	*conf_format(const char *fmt, const struct conf_fmt *, int width);

/* A row of the feed list, for feedlist-format. */
struct conf_feed_row {
	int64_t	 index;		/* %i, 1-based */
	const char *title;	/* %t; empty: the URL */
	const char *url;	/* %L, the feed's URL */
	const char *link;	/* %l, the site */
	const char *description; /* %d */
	const char *first_tag;	/* %T */
	int64_t	 unread;	/* %U; %n is "N" when > 0; %u "(u/t)" */
	int64_t	 total;		/* %c */
	char	 status;	/* %S: '_' queued, '.' loading, 'x' failed,
				   ' ' or 0 otherwise */
};

/* A row of an article list, for articlelist-format. */
struct conf_article_row {
	int64_t	 index;		/* %i, 1-based */
	const char *title;	/* %t */
	const char *author;	/* %a */
	const char *feed_title;	/* %T: only for lists mixing feeds, else
				   NULL */
	const char *flags;	/* %F */
	int	 unread;	/* %n "N"; %f's first character */
	int	 fresh;		/* new since tidings was last closed: %f
				   shows '+' for an unread one */
	int	 deleted;	/* %d "D" */
	int64_t	 date;		/* %D, by datetime_format */
	int64_t	 now;		/* for %L in datetime_format; 0: time() */
	int64_t	 length;	/* %L, in bytes */
	const char *datetime_format; /* NULL: "%b %d" */
};

/* Does fmt use the specifier letter (as %x, %-20x, %?x?...)? */
int	 conf_format_uses(const char *fmt, char letter);

char	*conf_format_feed(const char *fmt, const struct conf_feed_row *,
	    int width);
char	*conf_format_article(const char *fmt,
	    const struct conf_article_row *, int width);

#endif
