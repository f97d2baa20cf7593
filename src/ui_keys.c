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

#include "curses_compat.h"
#include "str.h"
#include "ui_int.h"
#include "util.h"

#define ENTER_KEYS '\n', '\r', UI_FN(KEY_ENTER)

#define S_MOVE	"Moving around"
#define S_MARK	"Read, unread and flagged"
#define S_LINK	"Links, searching, saving"
#define S_FEED	"Reloading"
#define S_SCRN	"The screen"

const struct ui_action ui_actions[] = {
	{ S_MOVE, "down", { 'j', UI_FN(KEY_DOWN) }, UI_IN_ALL, NULL,
	  "Move down one line", ui_act_down },
	{ S_MOVE, "up", { 'k', UI_FN(KEY_UP) }, UI_IN_ALL, NULL,
	  "Move up one line", ui_act_up },
	{ S_MOVE, "page-down", { UI_FN(KEY_NPAGE), ' ', UI_CTRL('f') },
	  UI_IN_ALL, NULL, "Move down one page", ui_act_page_down },
	{ S_MOVE, "page-up", { UI_FN(KEY_PPAGE), UI_CTRL('b') }, UI_IN_ALL,
	  NULL, "Move up one page", ui_act_page_up },
	{ S_MOVE, "top", { 'g', UI_FN(KEY_HOME) }, UI_IN_ALL, NULL,
	  "Go to the first line", ui_act_top },
	{ S_MOVE, "bottom", { 'G', UI_FN(KEY_END) }, UI_IN_ALL, NULL,
	  "Go to the last line", ui_act_bottom },
	{ S_MOVE, "open", { ENTER_KEYS, 'l', UI_FN(KEY_RIGHT) },
	  UI_IN_LISTS | UI_IN_TEXT, "Open",
	  "Open the selected feed, article or URL", ui_act_open },
	{ S_MOVE, "back", { 'q', 'h', UI_FN(KEY_LEFT) }, UI_IN_ALL, "Back",
	  "Go back; in the feed list, quit", ui_act_back },
	{ S_MOVE, "quit", { 'Q' }, UI_IN_ALL, NULL, "Quit tidings",
	  ui_act_quit },
	{ S_MOVE, "next-unread", { 'n' }, UI_IN_FEEDS | UI_IN_ARTICLE,
	  "Next unread", "Go to the next unread article, across feeds",
	  ui_act_next_unread },
	{ S_MOVE, "prev-unread", { 'p' }, UI_IN_FEEDS | UI_IN_ARTICLE, NULL,
	  "Go to the previous unread article, across feeds",
	  ui_act_prev_unread },
	{ S_MOVE, "next-article", { 'J' }, UI_IN_ARTICLE, NULL,
	  "Show the next article of the list", ui_act_next_article },
	{ S_MOVE, "prev-article", { 'K' }, UI_IN_ARTICLE, NULL,
	  "Show the previous article of the list", ui_act_prev_article },

	{ S_MARK, "toggle-read", { 'N' }, UI_IN_ARTICLE, NULL,
	  "Mark the article read or unread", ui_act_toggle_read },
	{ S_MARK, "toggle-flag", { 'F' }, UI_IN_ARTICLE, NULL,
	  "Flag or unflag the article", ui_act_toggle_flag },
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
	{ S_LINK, "save", { 's' }, UI_IN_ARTICLE, NULL,
	  "Save the article as text to a file", ui_act_save },
	{ S_LINK, "pipe", { '|' }, UI_IN_ARTICLE, NULL,
	  "Pipe the article's text to a command you type", ui_act_pipe },

	{ S_FEED, "reload", { 'r' }, UI_IN_LISTS | UI_IN_VIEW, "Reload",
	  "Reload this feed", ui_act_reload },
	{ S_FEED, "reload-all", { 'R' }, UI_IN_ALL, NULL,
	  "Reload every feed", ui_act_reload_all },
	{ S_FEED, "errors", { 'E' }, UI_IN_ALL, NULL,
	  "List the feeds whose last reload failed", ui_act_errors },

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

const struct ui_action *
ui_action_for(int key, unsigned where)
{
	size_t i, j;

	for (i = 0; i < ui_nactions; i++) {
		if (!(ui_actions[i].where & where))
			continue;
		for (j = 0; j < UTIL_ARRAY_LEN(ui_actions[i].keys) &&
		    ui_actions[i].keys[j] != 0; j++)
			if (ui_actions[i].keys[j] == key)
				return &ui_actions[i];
	}
	return NULL;
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

/* Does an earlier key of a have the same name (Enter, Return)? */
static int
ui_key_listed(const struct ui_action *a, size_t i, const char *name)
{
	char other[32];
	size_t j;

	for (j = 0; j < i; j++) {
		ui_key_name(a->keys[j], other, sizeof(other));
		if (strcmp(other, name) == 0)
			return 1;
	}
	return 0;
}

/* "j, Down" for an action; digits collapse to "1-9". */
static void
keys_list(const struct ui_action *a, char *buf, size_t len)
{
	char name[32];
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < UTIL_ARRAY_LEN(a->keys) && a->keys[i] != 0; i++) {
		if (a->keys[i] == '1' && a->keys[i + 1] == '2') {
			util_errf(buf, len, "1-9");
			return;
		}
		ui_key_name(a->keys[i], name, sizeof(name));
		if (i > 0 && ui_key_listed(a, i, name))
			continue;
		util_errf(buf + off, len - off, "%s%s", off ? ", " : "", name);
		off = strlen(buf);
	}
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
	v[k++] = xstrdup("tidings " PACKAGE_VERSION " - the keys (q goes "
	    "back)");
	for (i = 0; i < ui_nactions; i++) {
		if (section_starts(i)) {
			v[k++] = xstrdup("");
			v[k++] = xasprintf("%s:", ui_actions[i].section);
		}
		keys_list(&ui_actions[i], keys, sizeof(keys));
		v[k++] = xasprintf("  %-16s %s", keys, ui_actions[i].help);
	}
	v[k++] = xstrdup("");
	v[k++] = xstrdup("Mouse: a click selects, a double click opens, the "
	    "wheel scrolls.");
	*n = k;
	return v;
}

void
ui_hints(unsigned where, char *buf, size_t len)
{
	char name[32];
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < ui_nactions && off + 1 < len; i++) {
		const struct ui_action *a = &ui_actions[i];

		if (a->hint == NULL || !(a->where & where))
			continue;
		ui_key_name(a->keys[0], name, sizeof(name));
		if (a->fn == ui_act_back && where == UI_IN_FEEDS)
			util_errf(buf + off, len - off, "%s%s:Quit",
			    off ? " " : "", name);
		else
			util_errf(buf + off, len - off, "%s%s:%s",
			    off ? " " : "", name, a->hint);
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
