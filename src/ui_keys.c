/*
 * ui_keys.c: the one table of actions. The key map, the help screen, the
 * hint bar and the man page's KEYS section are all made from it, so they
 * can never disagree.
 *
 * Must never bind one key to two actions in the same place (tests/test_ui
 * checks), and never hold the actions' logic: that is in ui_actions.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "curses_compat.h"
#include "str.h"
#include "ui_int.h"
#include "util.h"

#define ENTER_KEYS '\n', '\r', UI_FN(KEY_ENTER)

#define S_MOVE	"Moving around"
#define S_MARK	"Read, unread and flagged"
#define S_LINK	"Links, searching, saving"
#define S_FEED	"Feeds, tags and reloading"
#define S_SCRN	"The screen"

const struct ui_action ui_actions[] = {
	{ S_MOVE, "down", { 'j', UI_FN(KEY_DOWN) }, UI_IN_ALL, NULL,
	  "Move down one line", ui_act_down },
	{ S_MOVE, "up", { 'k', UI_FN(KEY_UP) }, UI_IN_ALL, NULL,
	  "Move up one line", ui_act_up },
	{ S_MOVE, "page-down", { UI_FN(KEY_NPAGE), ' ', UI_CTRL('f') },
	  UI_IN_ALL, NULL, "Move down one page", ui_act_page_down },
	{ S_MOVE, "page-up", { UI_FN(KEY_PPAGE), 'b' }, UI_IN_ALL,
	  NULL, "Move up one page", ui_act_page_up },
	{ S_MOVE, "top", { 'g', UI_FN(KEY_HOME) }, UI_IN_ALL, NULL,
	  "Go to the first line", ui_act_top },
	{ S_MOVE, "bottom", { 'G', UI_FN(KEY_END) }, UI_IN_ALL, NULL,
	  "Go to the last line", ui_act_bottom },
	{ S_MOVE, "open", { ENTER_KEYS, 'l', UI_FN(KEY_RIGHT) },
	  UI_IN_LISTS | UI_IN_TEXT, "Open",
	  "Open the selected feed, article or URL", ui_act_open },
	/* newsboat's names: "quit" goes back, "hard-quit" ends tidings. */
	{ S_MOVE, "quit", { 'q', 'h', UI_FN(KEY_LEFT) }, UI_IN_ALL, "Back",
	  "Go back; in the feed list, quit (after F: show every feed)",
	  ui_act_back },
	{ S_MOVE, "hard-quit", { 'Q' }, UI_IN_ALL, NULL, "Quit tidings",
	  ui_act_quit },
	{ S_MOVE, "next-unread", { 'n' }, UI_IN_FEEDS | UI_IN_ARTICLE,
	  "Next unread", "Go to the next unread article, across feeds",
	  ui_act_next_unread },
	{ S_MOVE, "prev-unread", { 'p' }, UI_IN_FEEDS | UI_IN_ARTICLE, NULL,
	  "Go to the previous unread article, across feeds",
	  ui_act_prev_unread },
	/*
	 * newsboat's next-feed and prev-feed are j and k, its sort and
	 * rev-sort g and G: here those move, so ] [ = - stand in for them.
	 */
	{ S_MOVE, "next-feed", { ']' }, UI_IN_ARTICLE, NULL,
	  "Go to the next feed's articles", ui_act_next_feed },
	{ S_MOVE, "prev-feed", { '[' }, UI_IN_ARTICLE, NULL,
	  "Go to the previous feed's articles", ui_act_prev_feed },
	{ S_MOVE, "next-unread-feed", { UI_CTRL('n') }, UI_IN_ARTICLE, NULL,
	  "Go to the next feed with unread articles",
	  ui_act_next_unread_feed },
	{ S_MOVE, "prev-unread-feed", { UI_CTRL('p') }, UI_IN_ARTICLE, NULL,
	  "Go to the previous feed with unread articles",
	  ui_act_prev_unread_feed },
	{ S_MOVE, "next-article", { 'J' }, UI_IN_ARTICLE, NULL,
	  "Show the next article of the list", ui_act_next_article },
	{ S_MOVE, "prev-article", { 'K' }, UI_IN_ARTICLE, NULL,
	  "Show the previous article of the list", ui_act_prev_article },

	{ S_MARK, "toggle-read", { 'N' }, UI_IN_ARTICLE, NULL,
	  "Mark the article read or unread", ui_act_toggle_read },
	/* newsboat edits flag letters on ^E; tidings has one flag. */
	{ S_MARK, "toggle-flag", { '*', UI_CTRL('e') }, UI_IN_ARTICLE, NULL,
	  "Flag or unflag the article", ui_act_toggle_flag },
	{ S_MARK, "show-flagged", { 'S' }, UI_IN_LISTS, NULL,
	  "List every flagged article, across feeds", ui_act_show_flagged },
	{ S_MARK, "mark-feed-read", { 'A' }, UI_IN_LISTS | UI_IN_VIEW,
	  "Mark read", "Mark the whole feed (or search result) read",
	  ui_act_mark_feed_read },
	{ S_MARK, "mark-all-read", { 'C' }, UI_IN_LISTS | UI_IN_VIEW, NULL,
	  "Mark every article of every feed read, after asking",
	  ui_act_mark_all_read },
	{ S_MARK, "undo-mark", { 'U' }, UI_IN_LISTS | UI_IN_VIEW, NULL,
	  "Undo the last A or C: those articles are unread again",
	  ui_act_undo_mark },

	{ S_LINK, "open-browser", { 'o' }, UI_IN_ARTICLE | UI_IN_TEXT,
	  "Browser", "Open the article (or the selected URL) in the browser",
	  ui_act_open_browser },
	{ S_LINK, "open-browser-read", { 'O' }, UI_IN_ARTICLE, NULL,
	  "Open the article in the browser and mark it read",
	  ui_act_open_browser_read },
	{ S_LINK, "open-link", { '1', '2', '3', '4', '5', '6', '7', '8',
	  '9' }, UI_IN_VIEW | UI_IN_TEXT, NULL,
	  "Open link N of the article in the browser", ui_act_open_link },
	{ S_LINK, "urls", { 'u' }, UI_IN_ARTICLE, NULL,
	  "List the article's URLs, to open one", ui_act_urls },
	{ S_LINK, "search", { '/' }, UI_IN_LISTS | UI_IN_VIEW, "Search",
	  "Search all articles, this list, or the article's text",
	  ui_act_search },
	{ S_LINK, "bookmark", { UI_CTRL('b') }, UI_IN_ARTICLE, NULL,
	  "Run bookmark-cmd with the article's URL, title, a description "
	  "and its feed's title", ui_act_bookmark },
	{ S_LINK, "sort", { '=' }, UI_IN_LISTS, NULL,
	  "Sort the feed or article list by a field you pick",
	  ui_act_sort },
	{ S_LINK, "rev-sort", { '-' }, UI_IN_LISTS, NULL,
	  "Sort the feed or article list the other way",
	  ui_act_rev_sort },
	/* F filters, as in newsboat; flags have a key of their own (*). */
	{ S_LINK, "filter", { 'F' }, UI_IN_LISTS, "Filter",
	  "Keep the feeds or articles matching a filter expression (empty: "
	  "all)", ui_act_filter },
	{ S_LINK, "save", { 's' }, UI_IN_ARTICLE, NULL,
	  "Save the article as text to a file", ui_act_save },
	{ S_LINK, "pipe", { '|' }, UI_IN_ARTICLE, NULL,
	  "Pipe the article's text to a command you type", ui_act_pipe },
	{ S_LINK, "reader-mode", { 'x' }, UI_IN_ARTICLE, NULL,
	  "Reader mode: the whole article from its web page, or the "
	  "feed's text again", ui_act_reader },
	{ S_LINK, "reader-fetch", { 'X' }, UI_IN_ARTICLE, NULL,
	  "Fetch the article's web page again for reader mode",
	  ui_act_reader_fetch },

	{ S_FEED, "set-tag", { 't' }, UI_IN_FEEDS, NULL,
	  "Pick a tag: the feed list shows that tag's feeds only",
	  ui_act_set_tag },
	{ S_FEED, "clear-tag", { UI_CTRL('t') }, UI_IN_FEEDS, NULL,
	  "Show the feeds of every tag again", ui_act_clear_tag },
	{ S_FEED, "toggle-show-read-feeds", { 'L' }, UI_IN_FEEDS, NULL,
	  "Hide or show the feeds with nothing unread",
	  ui_act_toggle_read_feeds },
	{ S_FEED, "reload", { 'r' }, UI_IN_LISTS | UI_IN_VIEW, "Reload",
	  "Reload this feed", ui_act_reload },
	{ S_FEED, "reload-all", { 'R' }, UI_IN_ALL, NULL,
	  "Reload every feed", ui_act_reload_all },
	{ S_FEED, "errors", { 'E' }, UI_IN_ALL, NULL,
	  "List the feeds whose last reload failed", ui_act_errors },
	{ S_FEED, "add-feed", { 'a' }, UI_IN_FEEDS, NULL,
	  "Add a feed: its address, or a web page's to find its feeds",
	  ui_act_add_feed },

	{ S_SCRN, "focus", { '\t' }, UI_IN_LISTS | UI_IN_VIEW, NULL,
	  "Move to the next pane (split layout)", ui_act_focus },
	{ S_SCRN, "layout", { 'v' }, UI_IN_ALL, NULL,
	  "Switch between the classic and the split layout", ui_act_layout },
	{ S_SCRN, "redraw", { UI_CTRL('l') }, UI_IN_ALL, NULL,
	  "Redraw the screen", ui_act_redraw },
	{ S_SCRN, "help", { '?' }, UI_IN_ALL, "Help", "Show this help",
	  ui_act_help },
};
const size_t ui_nactions = UTIL_ARRAY_LEN(ui_actions);

/*
 * The key map in force: the table's keys, then the config's bind-key and
 * unbind-key lines applied in order. Before ui_keys_init() (tests,
 * --help-keys) it is the table's alone.
 */
struct ui_bind {
	int	 key;
	unsigned where;		/* enum ui_where bits; 0: unbound */
	const struct ui_action *a;
};
static struct ui_bind *km;
static size_t km_n, km_cap;
static int km_ready;

static void
km_add(int key, unsigned where, const struct ui_action *a)
{
	if (km_n == km_cap) {
		km_cap = km_cap ? km_cap * 2 : 128;
		km = xreallocarray(km, km_cap, sizeof(*km));
	}
	km[km_n].key = key;
	km[km_n].where = where;
	km[km_n].a = a;
	km_n++;
}

static void
km_defaults(void)
{
	size_t i, j;

	km_n = 0;
	for (i = 0; i < ui_nactions; i++)
		for (j = 0; j < UTIL_ARRAY_LEN(ui_actions[i].keys) &&
		    ui_actions[i].keys[j] != 0; j++)
			km_add(ui_actions[i].keys[j], ui_actions[i].where,
			    &ui_actions[i]);
	km_ready = 1;
}

/* The interface's keys a config key stands for (0-terminated). */
static void
km_keys(int ck, int out[4])
{
	static const struct {
		int	 ck;
		int	 k[3];
	} t[] = {
		{ CONF_KEY_ENTER, { '\r', '\n', UI_FN(KEY_ENTER) } },
		{ CONF_KEY_BACKSPACE, { UI_FN(KEY_BACKSPACE), 0x7f } },
		{ CONF_KEY_LEFT, { UI_FN(KEY_LEFT) } },
		{ CONF_KEY_RIGHT, { UI_FN(KEY_RIGHT) } },
		{ CONF_KEY_UP, { UI_FN(KEY_UP) } },
		{ CONF_KEY_DOWN, { UI_FN(KEY_DOWN) } },
		{ CONF_KEY_PPAGE, { UI_FN(KEY_PPAGE) } },
		{ CONF_KEY_NPAGE, { UI_FN(KEY_NPAGE) } },
		{ CONF_KEY_HOME, { UI_FN(KEY_HOME) } },
		{ CONF_KEY_END, { UI_FN(KEY_END) } },
	};
	size_t i;

	memset(out, 0, 4 * sizeof(*out));
	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		if (t[i].ck == ck) {
			memcpy(out, t[i].k, sizeof(t[i].k));
			return;
		}
	}
	if (ck > CONF_KEY_F0 && ck <= CONF_KEY_F0 + 12)
		out[0] = UI_FN(KEY_F(ck - CONF_KEY_F0));
	else
		out[0] = ck;
}

static const struct ui_action *
action_named(const char *name)
{
	size_t i;

	for (i = 0; i < ui_nactions; i++)
		if (strcmp(ui_actions[i].name, name) == 0)
			return &ui_actions[i];
	return NULL;
}

/* Takes key (every key for CONF_KEY_ALL) out of the places in where. */
static void
km_unbind(int key, unsigned where)
{
	size_t i;

	for (i = 0; i < km_n; i++)
		if (key == CONF_KEY_ALL || km[i].key == key)
			km[i].where &= ~where;
}

void
ui_keys_init(const struct conf *cf)
{
	const struct ui_action *a;
	size_t i, k;
	int keys[4];

	km_defaults();
	for (i = 0; cf != NULL && i < cf->nbinds; i++) {
		const struct conf_bind *b = &cf->binds[i];

		if (b->key == CONF_KEY_ALL) {
			km_unbind(CONF_KEY_ALL, b->where);
			continue;
		}
		km_keys(b->key, keys);
		a = b->action != NULL ? action_named(b->action) : NULL;
		for (k = 0; k < 4 && keys[k] != 0; k++) {
			km_unbind(keys[k], b->where);
			if (a != NULL && (a->where & b->where) != 0)
				km_add(keys[k], a->where & b->where, a);
		}
	}
}

void
ui_keys_free(void)
{
	free(km);
	km = NULL;
	km_n = km_cap = 0;
	km_ready = 0;
}

const struct ui_action *
ui_action_for(int key, unsigned where)
{
	size_t i;

	if (!km_ready)
		km_defaults();
	/* The latest binding wins: the config's come after the table's. */
	for (i = km_n; i-- > 0; )
		if (km[i].key == key && (km[i].where & where) != 0)
			return km[i].a;
	return NULL;
}

/* The keys bound to a now (in where, or anywhere for 0), 0-terminated. */
static size_t
keys_of(const struct ui_action *a, unsigned where, int *out, size_t max)
{
	size_t i, j, n = 0;

	if (!km_ready)
		km_defaults();
	for (i = 0; i < km_n && n + 1 < max; i++) {
		if (km[i].a != a || km[i].where == 0 ||
		    (where != 0 && !(km[i].where & where)))
			continue;
		/* Shadowed in every place by a later binding? */
		if (ui_action_for(km[i].key, km[i].where) != a)
			continue;
		for (j = 0; j < n; j++)
			if (out[j] == km[i].key)
				break;
		if (j == n)
			out[n++] = km[i].key;
	}
	out[n] = 0;
	return n;
}

const struct conf_action *
ui_conf_actions(size_t *n)
{
	static struct conf_action v[UTIL_ARRAY_LEN(ui_actions)];
	size_t i;

	for (i = 0; i < ui_nactions && i < UTIL_ARRAY_LEN(v); i++) {
		v[i].name = ui_actions[i].name;
		v[i].where = ui_actions[i].where;
	}
	*n = i;
	return v;
}

static const struct {
	int	 key;
	const char *name;
} key_names[] = {
	{ '\n', "Enter" }, { '\r', "Enter" }, { UI_FN(KEY_ENTER), "Enter" },
	{ ' ', "Space" }, { '\t', "Tab" },
	{ UI_FN(KEY_DOWN), "Down" }, { UI_FN(KEY_UP), "Up" },
	{ UI_FN(KEY_LEFT), "Left" }, { UI_FN(KEY_RIGHT), "Right" },
	{ UI_FN(KEY_NPAGE), "PgDn" }, { UI_FN(KEY_PPAGE), "PgUp" },
	{ UI_FN(KEY_HOME), "Home" }, { UI_FN(KEY_END), "End" },
};

void
ui_key_name(int key, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(key_names); i++) {
		if (key_names[i].key == key) {
			util_errf(buf, len, "%s", key_names[i].name);
			return;
		}
	}
	if (UI_IS_FN(key))
		util_errf(buf, len, "F%d", key & 0xffff);
	else if (key > 0 && key < 0x20)
		util_errf(buf, len, "^%c", key + '@');
	else if (key > 0x20 && key < 0x7f)
		util_errf(buf, len, "%c", key);
	else
		util_errf(buf, len, "U+%04X", (unsigned)key);
}

/* Does an earlier key of keys have the same name (Enter, Return)? */
static int
key_listed(const int *keys, size_t i, const char *name)
{
	char other[32];
	size_t j;

	for (j = 0; j < i; j++) {
		ui_key_name(keys[j], other, sizeof(other));
		if (strcmp(other, name) == 0)
			return 1;
	}
	return 0;
}

/* "j, Down" for a list of keys; 1 to 9 in a row collapse to "1-9". */
static void
keys_text(const int *keys, char *buf, size_t len)
{
	char name[32];
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; keys[i] != 0 && off + 1 < len; i++) {
		if (keys[i] == '1' && keys[i + 1] == '2') {
			size_t k = i;

			while (keys[k] != 0 && keys[k] == '1' + (int)(k - i))
				k++;
			if (k - i == 9) {
				util_errf(buf + off, len - off, "%s1-9",
				    off ? ", " : "");
				off = strlen(buf);
				i = k - 1;
				continue;
			}
		}
		ui_key_name(keys[i], name, sizeof(name));
		if (i > 0 && key_listed(keys, i, name))
			continue;
		util_errf(buf + off, len - off, "%s%s", off ? ", " : "", name);
		off = strlen(buf);
	}
}

/* The table's own keys for a, as text (the man page). */
static void
keys_list(const struct ui_action *a, char *buf, size_t len)
{
	int keys[UTIL_ARRAY_LEN(a->keys) + 1];
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(a->keys); i++)
		keys[i] = a->keys[i];
	keys[i] = 0;
	keys_text(keys, buf, len);
}

/* The keys in force for a, as text (the help screen). */
static void
keys_now(const struct ui_action *a, char *buf, size_t len)
{
	int keys[32];

	if (keys_of(a, 0, keys, UTIL_ARRAY_LEN(keys)) == 0)
		util_errf(buf, len, "(no key)");
	else
		keys_text(keys, buf, len);
}

/* Is action i the first of its section? */
static int
section_starts(size_t i)
{
	return i == 0 || strcmp(ui_actions[i].section,
	    ui_actions[i - 1].section) != 0;
}

char **
ui_help_lines(size_t *n)
{
	char keys[96], **v;
	size_t i, k = 0, cap;

	cap = 3 * ui_nactions + 8;
	v = xcalloc(cap, sizeof(*v));
	{
		int back[4];
		char name[32];

		if (keys_of(action_named("quit"), UI_IN_TEXT, back, 4) > 0) {
			ui_key_name(back[0], name, sizeof(name));
			v[k++] = xasprintf("tidings " PACKAGE_VERSION " - the "
			    "keys (%s goes back)", name);
		} else
			v[k++] = xstrdup("tidings " PACKAGE_VERSION " - the "
			    "keys");
	}
	for (i = 0; i < ui_nactions; i++) {
		if (section_starts(i)) {
			v[k++] = xstrdup("");
			v[k++] = xasprintf("%s:", ui_actions[i].section);
		}
		keys_now(&ui_actions[i], keys, sizeof(keys));
		v[k++] = xasprintf("  %-16s %s", keys, ui_actions[i].help);
	}
	v[k++] = xstrdup("");
	v[k++] = xstrdup("Mouse: a click selects, a double click opens, the "
	    "wheel scrolls.");
	*n = k;
	return v;
}

size_t
ui_hint_list(unsigned where, struct ui_hint *v, size_t max)
{
	int keys[4];
	size_t i, n = 0;

	for (i = 0; i < ui_nactions && n < max; i++) {
		const struct ui_action *a = &ui_actions[i];

		if (a->hint == NULL || !(a->where & where) ||
		    keys_of(a, where, keys, UTIL_ARRAY_LEN(keys)) == 0)
			continue;
		ui_key_name(keys[0], v[n].key, sizeof(v[n].key));
		v[n].label = a->fn == ui_act_back && where == UI_IN_FEEDS ?
		    "Quit" : a->hint;
		n++;
	}
	return n;
}

size_t
ui_hints_fit(const struct ui_hint *v, size_t n, int cols)
{
	size_t i;
	long used = 0, w;

	for (i = 0; i < n; i++) {
		w = (long)(str_width(v[i].key) + 1 + str_width(v[i].label));
		if (used + (i > 0) + w > cols)
			break;
		used += (i > 0) + w;
	}
	return i;
}

void
ui_hints(unsigned where, char *buf, size_t len)
{
	struct ui_hint v[UI_MAX_HINTS];
	size_t i, n, off = 0;

	n = ui_hint_list(where, v, UI_MAX_HINTS);
	buf[0] = '\0';
	for (i = 0; i < n && off + 1 < len; i++) {
		util_errf(buf + off, len - off, "%s%s:%s", i ? " " : "",
		    v[i].key, v[i].label);
		off = strlen(buf);
	}
}

/* Escapes roff's special characters in s. */
static void
man_escape(FILE *fp, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", fp);
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\e", fp);
		else if (*s == '-')
			fputs("\\-", fp);
		else
			fputc(*s, fp);
	}
}

void
ui_keys_man(FILE *fp)
{
	char keys[96];
	size_t i;

	for (i = 0; i < ui_nactions; i++) {
		if (section_starts(i)) {
			fputs(".SS ", fp);
			man_escape(fp, ui_actions[i].section);
			fputc('\n', fp);
		}
		keys_list(&ui_actions[i], keys, sizeof(keys));
		fputs(".TP\n.B ", fp);
		man_escape(fp, keys);
		fputc('\n', fp);
		man_escape(fp, ui_actions[i].help);
		fputs(" (", fp);
		man_escape(fp, ui_actions[i].name);
		fputs(").\n", fp);
	}
}

void
ui_keys_text(FILE *fp)
{
	char **v;
	size_t n, i;

	v = ui_help_lines(&n);
	for (i = 1; i < n; i++) {
		fprintf(fp, "%s\n", v[i]);
		free(v[i]);
	}
	free(v[0]);
	free(v);
}
