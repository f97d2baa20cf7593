/*
 * ui_int.h: what the ui_*.c files share with each other and with nothing
 * else: the interface's state, the panes, and the functions one ui file
 * calls in another. Public callers use ui.h only.
 *
 * Must never be included outside src/ui*.c and tests/test_ui.c.
 */
#ifndef TIDINGS_UI_INT_H
#define TIDINGS_UI_INT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "store.h"
#include "ui.h"

struct html_doc;
struct html_lines;
struct reader;
struct refresh;
struct refresh_result;
struct store_item;
struct filter;
struct urls_query;

/* Function keys are kept apart from code points: KEY_UP is UI_FN(KEY_UP). */
#define UI_FN(k)	(0x200000 | (k))
#define UI_IS_FN(k)	(((k) & 0x200000) != 0)
#define UI_CTRL(c)	((c) & 0x1f)
#define UI_KEY_MOUSE	UI_FN(0631)	/* KEY_MOUSE, without curses.h */

#define UI_MAX_RESULTS	10000	/* rows a search across all feeds keeps */
#define UI_FTS_BATCH	2000	/* articles indexed in one idle turn, at most */
#define UI_FTS_MIN	50	/* ... at least */
#define UI_FTS_TURN_MS	50	/* the time a turn aims to stay under */
#define UI_MAX_INPUT	1024	/* code points in a prompt */
#define UI_STATUS_LEN	512	/* bytes of a status message */
#define UI_OSC8_MAX_URL	2048	/* bytes of an encoded OSC 8 URL */
#define UI_MAX_LINK_CELLS 4096	/* link regions recorded per frame */

/* Where keys go: a pane or a text screen over the panes. */
enum ui_where {
	UI_IN_FEEDS = 0x01,
	UI_IN_ITEMS = 0x02,
	UI_IN_VIEW = 0x04,
	UI_IN_TEXT = 0x08,	/* help, URL list, error list */
	UI_IN_LISTS = UI_IN_FEEDS | UI_IN_ITEMS,
	UI_IN_ARTICLE = UI_IN_ITEMS | UI_IN_VIEW,
	UI_IN_ALL = 0x0f,
};

enum ui_pane {
	UI_PANE_FEEDS,
	UI_PANE_ITEMS,
	UI_PANE_VIEW,
};

enum ui_text_kind {
	UI_TEXT_NONE,
	UI_TEXT_HELP,
	UI_TEXT_URLS,
	UI_TEXT_ERRORS,
	UI_TEXT_TAGS,		/* the tags, to pick one */
	UI_TEXT_FEEDS,		/* feeds found by a (ui_add.c), to pick one */
};

struct ui;

/* One entry of the action table (ui_keys.c). */
struct ui_action {
	const char *section;	/* heading in the help and the man page */
	const char *name;	/* stable name, e.g. "open" */
	int	 keys[9];	/* bound keys, 0-terminated */
	unsigned where;		/* enum ui_where bits it works in */
	const char *hint;	/* short label for the hint bar, or NULL */
	const char *help;	/* one line for the help screen and man page */
	void	(*fn)(struct ui *, int key);
};

/* A rectangle of the screen. */
struct ui_rect {
	int	 y, x, h, w;
};

/* One row of the feed list. */
struct ui_feed {
	int64_t	 id;		/* in the store; 0 until first stored */
	const char *url;	/* borrowed from the urls entry */
	char	*title;		/* clean, one line */
	char	*tags;		/* clean, "tag1, tag2", or NULL */
	int64_t	 unread;
	int64_t	 total;
	int	 status_known;	/* failed/error read from the store */
	int	 failed;	/* the last fetch failed */
	int	 loading;	/* queued or being fetched */
	char	*error;		/* clean reason, or NULL */
	int	 meta_known;	/* link and desc read from the store */
	char	*link;		/* the site, clean, or NULL (feedlist-format) */
	char	*desc;		/* its description, clean, or NULL */
	const struct urls_query *query;	/* a query feed, or NULL */
	struct filter *filter;	/* its expression, parsed */
	int	 counted;	/* its counts are current */
};

/* One row of an article list. */
struct ui_row {
	int64_t	 id;
	int64_t	 feed_id;
	int64_t	 date;
	char	*title;		/* clean, one line, never NULL */
	char	*author;	/* clean, one line, or NULL */
	char	*link;		/* as stored, or NULL */
	char	*guid;		/* as stored, or NULL until a guid sort */
	int	 feed;		/* index in ui->feeds, or -1 */
	unsigned char unread;
	unsigned char flagged;
	unsigned char fresh;	/* stored since tidings was last closed */
	int64_t	 first_seen;
	int64_t	 length;	/* of the text in bytes, -1: not read yet */
};

/* A selectable list's cursor. */
struct ui_cursor {
	size_t	 n;		/* rows */
	size_t	 sel;		/* selected row, < n unless n == 0 */
	size_t	 top;		/* first row shown */
};

/* The article list shown in the items pane. */
struct ui_items {
	int	 loaded;
	int64_t	 feed_id;	/* the feed listed, or 0 for a mixed list */
	int	 feed;		/* its index in ui->feeds, or -1 */
	int	 mixed;		/* rows come from several feeds */
	char	*title;		/* for the title bar */
	struct ui_row *rows;
	size_t	 cap;
	struct ui_cursor cur;
	int64_t	*base;		/* F's result: the ids of the list it
				   filtered, sorted (a new F filters them
				   again), else NULL */
	size_t	 nbase;
	char	*base_title;	/* and that list's title */
	int	 resorted;	/* rows are not in the store's order (newest
				   first) */
};

/* One line of the article view: header, body or link list. */
struct ui_vline {
	const char *text;	/* borrowed from lines or hdr */
	const void *line;	/* struct html_line *, or NULL for a header */
	int	 label;		/* header: bytes of the bold "Label: " prefix */
};

/* The article shown in the view pane. */
struct ui_article {
	int64_t	 id;		/* 0: nothing loaded */
	struct store_item *si;
	struct html_doc *doc;
	struct html_lines *lines;	/* body laid out for width */
	struct html_lines *title_lines;	/* the title, wrapped */
	int	 width;		/* width laid out for, 0: not yet */
	char	**hdr;		/* header lines (clean) */
	size_t	 nhdr;
	struct ui_vline *v;	/* every line shown */
	size_t	 nv;
	size_t	 top;		/* first line shown */
	char	*find;		/* last text searched, or NULL */
	size_t	 find_line;	/* line of the last match + 1, or 0 */
	struct store_extract ex; /* reader mode: the page's article, if any */
	int	 have_ex;	/* ex was read from the store */
	int	 extracted;	/* the body shown is ex.content */
};

/* A text screen: help, URL list or failures. */
struct ui_text {
	enum ui_text_kind kind;
	char	*title;
	char	**lines;	/* clean */
	char	**urls;		/* the value of each line: the URL
				   (UI_TEXT_URLS, UI_TEXT_FEEDS) or tag
				   (UI_TEXT_TAGS) */
	size_t	 n;
	struct ui_cursor cur;
	int	 selectable;
	int	 sel_rows;	/* rows the selected line took when drawn */
};

/* The status-line prompt: a line editor or a yes/no question. */
struct ui_prompt {
	int	 active;
	int	 yesno;		/* answer with one key: 1 y/n, 2 any */
	char	 label[128];
	uint32_t buf[UI_MAX_INPUT];
	size_t	 len;
	/* Called with the answer when accepted; not called on cancel. */
	void	(*done)(struct ui *, const char *answer);
};

/* Where one link was drawn this frame (ui_link.c). */
struct ui_link {
	int	 y, x, w;	/* screen cells */
	const char *url;	/* borrowed until the next frame */
};

struct ui_links {
	struct ui_link *cur, *prev;	/* this frame's, the last one's */
	size_t	 ncur, nprev;
	size_t	 cur_cap, prev_cap;
};

struct ui {
	struct store *store;
	struct urls *urls;
	const struct ui_config *cfg;
	struct net *net;
	enum ui_layout layout;

	struct ui_feed *feeds;
	size_t	 nfeeds;
	int	*fvis;		/* the feeds the list shows (indexes in
				   feeds), fcur.n of them */
	struct ui_cursor fcur;	/* over fvis */
	char	*tag;		/* the feed list shows this tag only, or
				   NULL: every feed */
	struct filter *feed_filter; /* F in the feed list: the feeds it
				   matches only, or NULL */
	int	 show_read_feeds;	/* 0: hide feeds with nothing unread */
	int	 show_read_articles;	/* 0: hide read articles */
	struct conf_sort article_sort;	/* every article list's order */
	struct conf_sort feed_sort;	/* the feed list's order */

	struct ui_items items;
	struct ui_items saved;	/* the list a search replaced */
	int	 have_saved;
	enum ui_pane saved_focus; /* where q goes from the search */

	struct ui_article art;
	struct ui_text text;	/* shown over the panes when kind != NONE */

	enum ui_pane focus;	/* the pane keys go to */
	struct ui_rect r_feeds, r_items, r_view;
	int	 show_feeds, show_items, show_view;

	struct ui_prompt prompt;
	char	 status[UI_STATUS_LEN];
	int	 status_error;

	struct refresh *refresh;
	int	 refreshing;
	struct reader *reader;	/* reader mode's page fetches, or NULL */
	struct discover *discover; /* a search for feeds to add, or NULL */
	int64_t	 next_reload;	/* monotonic seconds, 0: never */

	struct store_ids undo;	/* what the last A or C marked read */
	int	 undo_valid;

	char	*pending_path;	/* a save waiting for "overwrite?" */

	int64_t	 look_id;	/* the article before the reader's eyes: the
				   split layout's preview, or the row
				   selected under mark-as-read-on-hover;
				   0: none */
	int64_t	 look_since;	/* since when, monotonic milliseconds */
	int	 look_done;	/* read already, or marked by hand: the
				   rule leaves it alone */

	int	 utf8;		/* the terminal takes UTF-8 */
	int	 hyperlinks;	/* write OSC 8 around links */
	struct ui_links links;
	int	 colors;	/* colours in use (a colour terminal, and no
				   NO_COLOR) */
	unsigned long look[CONF_EL_COUNT];	/* curses attributes of each
						   part of the screen */
	unsigned long *hl_look;	/* of each highlight line */
	unsigned long *hla_look; /* of each highlight-article line */
	int	 quit;
	int	 dirty;
	int	 rows, cols;
	int	 last_click_y, last_click_x;
};

/* ui.c */
void	 ui_status(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 ui_error(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 ui_prompt_line(struct ui *, const char *label, const char *init,
	    void (*done)(struct ui *, const char *));
void	 ui_prompt_yesno(struct ui *, const char *label,
	    void (*done)(struct ui *, const char *));
/* A prompt answered by one printable key, which done gets as UTF-8. */
void	 ui_prompt_key1(struct ui *, const char *label,
	    void (*done)(struct ui *, const char *));
void	 ui_layout(struct ui *);
void	 ui_suspend(struct ui *);
void	 ui_resume(struct ui *);
void	 ui_reload(struct ui *, int all);
int	 ui_text_width(const struct ui *, int pane_w);

/* ui_keys.c */
struct conf;
extern const struct ui_action ui_actions[];
/* The key map: the table's keys with the config's bind-key and
   unbind-key lines applied (cf may be NULL: the table alone). */
void	 ui_keys_init(const struct conf *cf);
void	 ui_keys_free(void);
extern const size_t ui_nactions;
const struct ui_action *ui_action_for(int key, unsigned where);
/* Writes a key's name ("j", "Enter", "^F", "PgDn") into buf. */
void	 ui_key_name(int key, char *buf, size_t len);
/* Lines of the help screen (clean; caller frees each and the array). */
char	**ui_help_lines(size_t *n);
#define UI_MAX_HINTS	16	/* hints on the hint bar */

/* One hint of the hint bar: "key:label". */
struct ui_hint {
	char	 key[32];	/* the first key bound, by name */
	const char *label;	/* static */
};

/* The hints for the given place, in table order; returns how many. */
size_t	 ui_hint_list(unsigned where, struct ui_hint *v, size_t max);
/*
 * How many of the n hints fit whole in cols columns, one blank between
 * two: the bar drops whole hints rather than cut one.
 */
size_t	 ui_hints_fit(const struct ui_hint *v, size_t n, int cols);
/* "key:label" hints for the given place, into buf. */
void	 ui_hints(unsigned where, char *buf, size_t len);

/* ui_actions.c */
/* Opens feed fi's list, on its first unread article (Enter, ui_nav.c). */
void	 ui_open_feed(struct ui *, int fi);
/* The actions of the table (ui_actions.c); key is the key pressed. */
void	 ui_act_down(struct ui *, int key);
void	 ui_act_up(struct ui *, int key);
void	 ui_act_page_down(struct ui *, int key);
void	 ui_act_page_up(struct ui *, int key);
void	 ui_act_top(struct ui *, int key);
void	 ui_act_bottom(struct ui *, int key);
void	 ui_act_open(struct ui *, int key);
void	 ui_act_back(struct ui *, int key);
void	 ui_act_quit(struct ui *, int key);
void	 ui_act_next_unread(struct ui *, int key);
void	 ui_act_prev_unread(struct ui *, int key);
void	 ui_act_next_article(struct ui *, int key);
void	 ui_act_prev_article(struct ui *, int key);
void	 ui_act_toggle_read(struct ui *, int key);
void	 ui_act_toggle_flag(struct ui *, int key);
void	 ui_act_mark_feed_read(struct ui *, int key);
void	 ui_act_mark_all_read(struct ui *, int key);
void	 ui_act_undo_mark(struct ui *, int key);
void	 ui_act_open_browser(struct ui *, int key);
void	 ui_act_open_browser_read(struct ui *, int key);
void	 ui_act_open_link(struct ui *, int key);
void	 ui_act_urls(struct ui *, int key);
void	 ui_act_search(struct ui *, int key);
void	 ui_act_filter(struct ui *, int key);
void	 ui_act_save(struct ui *, int key);
void	 ui_act_pipe(struct ui *, int key);
void	 ui_act_reload(struct ui *, int key);
void	 ui_act_reload_all(struct ui *, int key);
void	 ui_act_errors(struct ui *, int key);
void	 ui_act_focus(struct ui *, int key);
void	 ui_act_layout(struct ui *, int key);
void	 ui_act_redraw(struct ui *, int key);
void	 ui_act_help(struct ui *, int key);
unsigned ui_where(const struct ui *);
void	 ui_cursor_move(struct ui_cursor *, long delta);
void	 ui_cursor_fit(struct ui_cursor *, int h);
void	 ui_act_text_close(struct ui *);
void	 ui_act_save_overwrite(struct ui *, const char *answer);
void	 ui_open_url(struct ui *, const char *url);
/* Marks article id read: the store, its rows, its feed's counts. */
void	 ui_mark_read(struct ui *, int64_t id);
/* Loads the current article (the selected row's in a list); -1 if none,
   with a message shown. */
int	 ui_need_article(struct ui *);
/* Is url fit for a browser: a scheme we open, not an option? */
int	 ui_url_openable(const char *url);
void	 ui_mouse(struct ui *);

/* ui_list.c */
void	 ui_feeds_load(struct ui *);
/* Which feeds the list shows (tag, F, show-read-feeds); keeps the
   selected feed selected when it still shows. */
void	 ui_feeds_visible(struct ui *);
/* Is feed fi of the tag and the filter the list is narrowed to? */
int	 ui_feed_passes(struct ui *, int fi);
/* Narrows the feed list to the feeds f matches (the list owns f), or
   shows them all again (f NULL); returns how many show. */
size_t	 ui_feeds_filter(struct ui *, struct filter *f);
/* The feed selected in the list (an index in feeds), or -1. */
int	 ui_feed_sel(const struct ui *);
/* Selects feed fi in the list, showing it if it was hidden. */
void	 ui_feed_select(struct ui *, int fi);
/* The tags of feed fi (from the urls file, a query feed's too). */
char *const *ui_feed_tags(const struct ui *, int fi, size_t *n);
/* Has feed fi this tag (from the urls file)? */
int	 ui_feed_has_tag(const struct ui *, int fi, const char *tag);
void	 ui_feeds_counts(struct ui *);
void	 ui_feed_status(struct ui *, struct ui_feed *);
int	 ui_feed_by_id(const struct ui *, int64_t id);
void	 ui_items_free(struct ui_items *);
/* Puts a loaded list in ui->article_sort's order. */
void	 ui_items_sort(struct ui *, struct ui_items *);
int	 ui_items_load(struct ui *, int feed);
int	 ui_items_search_all(struct ui *, const char *needle);
int	 ui_items_filter(struct ui *, const char *needle);
/* Keeps the rows of the list that match f (the one-off filter, F); on
   a list F made, filters the list F was given instead (F replaces). */
int	 ui_items_filter_expr(struct ui *, const struct filter *f);
/* Every flagged article, as a list over the one shown (q goes back). */
int	 ui_items_flagged(struct ui *);
void	 ui_items_reload(struct ui *);
/* Counts one query feed whose counts are stale; 0 when none was. */
int	 ui_queries_step(struct ui *);
/* The query feeds' counts are stale (articles read, a reload). */
void	 ui_queries_stale(struct ui *);
void	 ui_draw_feeds(struct ui *, struct ui_rect, int focused);
void	 ui_draw_items(struct ui *, struct ui_rect, int focused);
int	 ui_match(const char *hay, const char *needle);

/* ui_hooks.c */
/* bookmark-cmd with the article's URL, title, a description typed at
   the prompt and the feed's title. */
void	 ui_act_bookmark(struct ui *, int key);
/* notify-program, after a reload that brought new articles. */
void	 ui_notify(struct ui *, int64_t new_items);

/* ui_tags.c */
void	 ui_act_set_tag(struct ui *, int key);
void	 ui_act_clear_tag(struct ui *, int key);
void	 ui_act_toggle_read_feeds(struct ui *, int key);
void	 ui_act_show_flagged(struct ui *, int key);
/* The tag list's selected line becomes the feed list's tag. */
void	 ui_tag_pick(struct ui *);

/* ui_view.c */
int	 ui_article_open(struct ui *, int64_t id);
int	 ui_article_preview(struct ui *, int64_t id);
void	 ui_article_opened(struct ui *);
void	 ui_article_close(struct ui_article *);
void	 ui_article_layout(struct ui *, int width);
void	 ui_draw_view(struct ui *, struct ui_rect, int focused);
char	*ui_article_text(struct ui *);
int	 ui_article_find(struct ui *, const char *needle);
const char *ui_article_link(const struct ui *, int n);
void	 ui_article_urls(struct ui *);
/* Reader mode (x and X): the page's article, or the feed's text again. */
void	 ui_act_reader(struct ui *, int key);
void	 ui_act_reader_fetch(struct ui *, int key);
/* A feed reloaded: fetch its new articles' pages if its reader-mode says. */
void	 ui_reader_feed_done(struct ui *, int64_t feed_id);
/* Lets go of the page fetches (at the end of ui_run). */
void	 ui_reader_free(struct ui *);

/* ui_add.c */
/* a: asks for an address and finds its feeds (discover.h). */
void	 ui_act_add_feed(struct ui *, int key);
/* Enter on the list of feeds found: adds the selected one. */
void	 ui_add_pick(struct ui *);
/* Stops a search still running (at the end of ui_run). */
void	 ui_add_cancel(struct ui *);

/* ui_nav.c */
/* = and -: ask for a field, then sort the list in focus by it. */
void	 ui_act_sort(struct ui *, int key);
void	 ui_act_rev_sort(struct ui *, int key);
/* ] [ ^N ^P: the next or previous feed's list (with unread articles). */
void	 ui_act_next_feed(struct ui *, int key);
void	 ui_act_prev_feed(struct ui *, int key);
void	 ui_act_next_unread_feed(struct ui *, int key);
void	 ui_act_prev_unread_feed(struct ui *, int key);

/* ui_draw.c */
#define UI_MAX_HL	64	/* highlighted ranges in one line */

/* A highlighted range of a line: bytes so to eo, drawn in attr. */
struct ui_hl {
	size_t	 so, eo;
	unsigned long attr;
};

/*
 * The config's highlight matches in s (len bytes) for the place where
 * (CONF_IN_*), sorted and not overlapping, at most max; attr is the
 * text's own look (a selection stays visible). Returns how many.
 */
size_t	 ui_hl_find(const struct ui *, unsigned where, const char *s,
	    size_t len, unsigned long attr, struct ui_hl *v, size_t max);
/* ui_put() with the highlights of where applied. */
int	 ui_put_hl(struct ui *, int y, int x, int maxw, const char *s,
	    size_t len, unsigned long attr, unsigned where);
/* ui_put_raw() with given ranges; byte 0 of s is byte base of the line. */
int	 ui_put_raw_hl(struct ui *, int y, int x, int maxw, const char *s,
	    size_t len, unsigned long attr, const struct ui_hl *hl,
	    size_t nhl, size_t base);
int	 ui_put_hl_at(struct ui *, int y, int x, int maxw, const char *s,
	    size_t len, unsigned long attr, const struct ui_hl *hl,
	    size_t nhl, size_t base);
/*
 * How much of s (len bytes) fits in maxw columns: returns 1 when all of it
 * fits (*bytes = len); else 0 with *bytes and *cols the longest prefix that
 * leaves room for a one-column ellipsis.
 */
int	 ui_fit(const char *s, size_t len, int maxw, size_t *bytes, int *cols);
/*
 * How to show s (len bytes) in maxw columns with its middle left out:
 * returns 1 when all of it fits; else 0 with *head the bytes of the start
 * and *tail the offset of the end that fit around a one-column ellipsis.
 */
int	 ui_fit_mid(const char *s, size_t len, int maxw, size_t *head,
	    size_t *tail);
/*
 * Splits s (len bytes) into rows of w columns, the rows after the first
 * indented by indent columns (none when indent > w / 3): fills off with
 * the byte offset where each row starts; returns the rows, at most max.
 */
size_t	 ui_wrap_rows(const char *s, size_t len, int w, int indent,
	    size_t *off, size_t max);
/* Draws s in maxw columns, its middle cut out when it is too wide. */
int	 ui_put_mid(struct ui *, int y, int x, int maxw, const char *s,
	    size_t len, unsigned long attr);
/* Draws s cut to maxw columns (with an ellipsis); returns columns drawn. */
int	 ui_put(struct ui *, int y, int x, int maxw, const char *s, size_t len,
	    unsigned long attr);
/* The same without the ellipsis (body text, already fitted). */
int	 ui_put_raw(struct ui *, int y, int x, int maxw, const char *s,
	    size_t len, unsigned long attr);
void	 ui_fill(int y, int x, int w, unsigned long attr);
/* A one-line clean copy of s (NULL gives NULL). Caller frees. */
char	*ui_clean_line(const char *s);
/* Date as "Mar 05" (list) or "Tue, 05 Mar 2024 10:00" (view). */
void	 ui_date(int64_t t, int longform, char *buf, size_t len);

/* ui_color.c */
/* Makes the looks of the config's color, highlight and highlight-article
   lines (after initscr); no colours at all under NO_COLOR. */
void	 ui_colors_init(struct ui *);
void	 ui_colors_free(struct ui *);
/* The look of a list row. */
unsigned long ui_row_look(const struct ui *, int selected, int focused,
	    int unread);
/* ui_link.c */
/*
 * Writes ESC ] 8 ; ; URL ESC \ into buf (len bytes, NUL-terminated),
 * every byte of url outside printable ASCII percent-encoded; returns its
 * length, or 0 when url is empty or too long (then no link is made).
 */
size_t	 ui_osc8_open(char *buf, size_t len, const char *url);
/* Does the terminal described by the environment (get) take OSC 8? */
int	 ui_osc8_auto(const char *(*get)(const char *));
/* Starts a frame: the last frame's links are kept to be undone. */
void	 ui_links_begin(struct ui *);
/* Records that url was drawn on w cells from (y, x). */
void	 ui_link_add(struct ui *, int y, int x, int w, const char *url);
/* After refresh(): the frame's links onto the terminal. */
void	 ui_links_emit(struct ui *);
void	 ui_links_free(struct ui_links *);

/* ui_exec.c */
/*
 * Runs argv[0] with argv (no shell), the terminal handed over; returns the
 * exit status, or -1 with err filled.
 */
int	 ui_exec_wait(struct ui *, char *const argv[], char *err, size_t len);
/*
 * Starts argv[0] with argv (no shell) and does not wait: it runs on its
 * own, stdin and output on /dev/null (notify-program). Returns 0, or -1
 * with err filled when it could not be started.
 */
int	 ui_exec_spawn(char *const argv[], char *err, size_t len);
/*
 * Runs argv[0] with argv (no shell), stdin on /dev/null, keeping the
 * first outlen - 1 bytes of its output in out (bookmark-cmd); the
 * terminal stays with curses. Returns the exit status, or -1 with err.
 */
int	 ui_exec_capture(char *const argv[], char *out, size_t outlen,
	    char *err, size_t len);
/*
 * The browser command in force: browser (the config's) if set, else
 * $BROWSER, else xdg-open; *source names which, for messages.
 */
const char *ui_browser_command(const char *browser, const char **source);
/*
 * The browser command split into argv words (as a shell splits words,
 * expanding nothing), %u or a last word the URL; caller frees each and
 * the array. NULL with err filled when the command needs a shell.
 */
char	**ui_browser_argv(const char *browser, const char *url, char *err,
	    size_t errlen);
/* Does the browser command end in "&" (newsboat's way to say: do not wait
 * for it)? Then it runs on its own, quiet, and the interface stays. */
int	 ui_browser_background(const char *browser);
/* Runs "/bin/sh -c cmd" (typed by the user) with text on its stdin. */
int	 ui_exec_pipe(struct ui *, const char *cmd, const char *text,
	    size_t len, char *err, size_t errlen);
/* Writes text to path (created 0644, refusing to follow a symlink). */
int	 ui_save_file(const char *path, const char *text, size_t len,
	    int overwrite, char *err, size_t errlen);
/* A file name made from an article title: safe, short, ".txt". */
char	*ui_save_name(const char *title);

#endif
