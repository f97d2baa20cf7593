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

const struct ui_action ui_actions[] = {
	/* Moving. */
	{ "down", { 'j', UI_FN(KEY_DOWN) }, UI_IN_ALL, NULL,
	  "Move down one line", ui_act_down },
	{ "up", { 'k', UI_FN(KEY_UP) }, UI_IN_ALL, NULL,
	  "Move up one line", ui_act_up },
	{ "page-down", { UI_FN(KEY_NPAGE), ' ', UI_CTRL('f') }, UI_IN_ALL,
	  NULL, "Move down one page", ui_act_page_down },
	{ "page-up", { UI_FN(KEY_PPAGE), UI_CTRL('b') }, UI_IN_ALL, NULL,
	  "Move up one page", ui_act_page_up },
	{ "top", { 'g', UI_FN(KEY_HOME) }, UI_IN_ALL, NULL,
	  "Go to the first line", ui_act_top },
	{ "bottom", { 'G', UI_FN(KEY_END) }, UI_IN_ALL, NULL,
	  "Go to the last line", ui_act_bottom },
	{ "open", { ENTER_KEYS, 'l', UI_FN(KEY_RIGHT) },
	  UI_IN_LISTS | UI_IN_TEXT, "Open",
	  "Open the selected feed, article or URL", ui_act_open },
	{ "back", { 'q', 'h', UI_FN(KEY_LEFT) }, UI_IN_ALL, "Back",
	  "Go back; in the feed list, quit", ui_act_back },
	{ "quit", { 'Q' }, UI_IN_ALL, "Quit", "Quit tidings", ui_act_quit },
	{ "next-unread", { 'n' }, UI_IN_FEEDS | UI_IN_ARTICLE, "Next unread",
	  "Go to the next unread article, across feeds", ui_act_next_unread },
	{ "prev-unread", { 'p' }, UI_IN_FEEDS | UI_IN_ARTICLE, NULL,
	  "Go to the previous unread article, across feeds",
	  ui_act_prev_unread },
	{ "next-article", { 'J' }, UI_IN_ARTICLE, NULL,
	  "Show the next article in the list", ui_act_next_article },
	{ "prev-article", { 'K' }, UI_IN_ARTICLE, NULL,
	  "Show the previous article in the list", ui_act_prev_article },

	/* Reading state. */
	{ "toggle-read", { 'N' }, UI_IN_ARTICLE, NULL,
	  "Mark the article read or unread", ui_act_toggle_read },
	{ "toggle-flag", { 'F' }, UI_IN_ARTICLE, NULL,
	  "Flag or unflag the article", ui_act_toggle_flag },
	{ "mark-feed-read", { 'A' }, UI_IN_LISTS | UI_IN_VIEW, "Mark read",
	  "Mark every article of the feed read (U undoes)",
	  ui_act_mark_feed_read },
	{ "mark-all-read", { 'C' }, UI_IN_LISTS | UI_IN_VIEW, NULL,
	  "Mark every article of every feed read, after asking (U undoes)",
	  ui_act_mark_all_read },
	{ "undo-mark", { 'U' }, UI_IN_LISTS | UI_IN_VIEW, NULL,
	  "Undo the last A or C: those articles are unread again",
	  ui_act_undo_mark },

	/* Links and the outside world. */
	{ "open-browser", { 'o' }, UI_IN_ARTICLE | UI_IN_TEXT, "Browser",
	  "Open the article (or the selected URL) in the browser",
	  ui_act_open_browser },
	{ "open-browser-read", { 'O' }, UI_IN_ARTICLE, NULL,
	  "Open the article in the browser and mark it read",
	  ui_act_open_browser_read },
	{ "open-link", { '1', '2', '3', '4', '5', '6', '7', '8', '9' },
	  UI_IN_VIEW | UI_IN_TEXT, NULL,
	  "Open link N of the article in the browser", ui_act_open_link },
	{ "urls", { 'u' }, UI_IN_ARTICLE, NULL,
	  "List the article's URLs to open one", ui_act_urls },
	{ "search", { '/' }, UI_IN_LISTS | UI_IN_VIEW, "Search",
	  "Search: all articles (feed list), this list, or the article text",
	  ui_act_search },
	{ "save", { 's' }, UI_IN_ARTICLE, NULL,
	  "Save the article as text to a file", ui_act_save },
	{ "pipe", { '|' }, UI_IN_ARTICLE, NULL,
	  "Pipe the article text to a command you type", ui_act_pipe },

	/* Feeds. */
	{ "reload", { 'r' }, UI_IN_LISTS | UI_IN_VIEW, "Reload",
	  "Reload this feed", ui_act_reload },
	{ "reload-all", { 'R' }, UI_IN_ALL, NULL, "Reload every feed",
	  ui_act_reload_all },
	{ "errors", { 'E' }, UI_IN_ALL, NULL,
	  "List the feeds whose last reload failed", ui_act_errors },

	/* The screen. */
	{ "focus", { '\t' }, UI_IN_LISTS | UI_IN_VIEW, NULL,
	  "Move to the next pane (split layout)", ui_act_focus },
	{ "layout", { 'v' }, UI_IN_ALL, NULL,
	  "Switch between the classic and the split layout", ui_act_layout },
	{ "redraw", { UI_CTRL('l') }, UI_IN_ALL, NULL, "Redraw the screen",
	  ui_act_redraw },
	{ "help", { '?' }, UI_IN_ALL, "Help", "Show this help",
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
	{ '\n', "Enter" }, { '\r', NULL }, { UI_FN(KEY_ENTER), NULL },
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
			util_errf(buf, len, "%s", key_names[i].name != NULL ?
			    key_names[i].name : "");
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
		if (name[0] == '\0')
			continue;
		util_errf(buf + off, len - off, "%s%s", off ? ", " : "", name);
		off = strlen(buf);
	}
}

static const struct {
	unsigned where;
	const char *title;
} help_sections[] = {
	{ UI_IN_ALL, "Everywhere" },
	{ UI_IN_FEEDS, "Feed list" },
	{ UI_IN_ITEMS, "Article list" },
	{ UI_IN_VIEW, "Article view" },
	{ UI_IN_TEXT, "Help and URL screens" },
};

/* The section an action is listed in: where it works, or everywhere. */
static int
section_of(const struct ui_action *a)
{
	size_t s;

	if ((a->where & UI_IN_ALL) == UI_IN_ALL)
		return 0;
	for (s = 1; s < UTIL_ARRAY_LEN(help_sections); s++)
		if (a->where & help_sections[s].where)
			return (int)s;
	return 0;
}

char **
ui_help_lines(size_t *n)
{
	char keys[96], **v;
	size_t i, s, k = 0, cap;

	cap = ui_nactions + 3 * UTIL_ARRAY_LEN(help_sections) + 8;
	v = xcalloc(cap, sizeof(*v));
	v[k++] = xstrdup("tidings " PACKAGE_VERSION " - keys (q to go back)");
	for (s = 0; s < UTIL_ARRAY_LEN(help_sections); s++) {
		int any = 0;

		for (i = 0; i < ui_nactions; i++) {
			if (section_of(&ui_actions[i]) != (int)s)
				continue;
			if (!any) {
				v[k++] = xstrdup("");
				v[k++] = xasprintf("%s:", help_sections[s].title);
				any = 1;
			}
			keys_list(&ui_actions[i], keys, sizeof(keys));
			v[k++] = xasprintf("  %-16s %-18s %s", keys,
			    ui_actions[i].name, ui_actions[i].help);
		}
	}
	v[k++] = xstrdup("");
	v[k++] = xstrdup("Mouse: click selects, double-click opens, "
	    "the wheel scrolls.");
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
		else if (a->fn == ui_act_quit && where == UI_IN_FEEDS)
			continue;
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
	size_t i, s;

	for (s = 0; s < UTIL_ARRAY_LEN(help_sections); s++) {
		int any = 0;

		for (i = 0; i < ui_nactions; i++) {
			if (section_of(&ui_actions[i]) != (int)s)
				continue;
			if (!any) {
				fputs(".SS ", fp);
				man_escape(fp, help_sections[s].title);
				fputc('\n', fp);
				any = 1;
			}
			keys_list(&ui_actions[i], keys, sizeof(keys));
			fputs(".TP\n.B ", fp);
			man_escape(fp, keys);
			fputs("\n", fp);
			man_escape(fp, ui_actions[i].help);
			fputs(" (", fp);
			man_escape(fp, ui_actions[i].name);
			fputs(").\n", fp);
		}
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
