/*
 * test_ui.c: the parts of the interface that need no terminal: the action
 * table (no key bound twice in one place, every action reachable and in
 * the help and man page), cutting text to a width, the browser's argv and
 * file names for saved articles. The screens are tested in tests/ui.sh.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "curses_compat.h"
#include "str.h"
#include "tap.h"
#include "ui_int.h"
#include "util.h"

static void
test_no_key_twice(void)
{
	static const unsigned places[] = { UI_IN_FEEDS, UI_IN_ITEMS,
	    UI_IN_VIEW, UI_IN_TEXT };
	size_t p, i, j, k, l;
	int clashes = 0;

	for (p = 0; p < UTIL_ARRAY_LEN(places); p++)
		for (i = 0; i < ui_nactions; i++)
			for (j = i; j < ui_nactions; j++) {
				const struct ui_action *a = &ui_actions[i];
				const struct ui_action *b = &ui_actions[j];

				if (!(a->where & places[p]) ||
				    !(b->where & places[p]))
					continue;
				for (k = 0; k < 9 && a->keys[k]; k++)
					for (l = i == j ? k + 1 : 0;
					    l < 9 && b->keys[l]; l++)
						if (a->keys[k] == b->keys[l]) {
							clashes++;
							printf("# %s and %s "
							    "share a key\n",
							    a->name, b->name);
						}
			}
	tap_ok(clashes == 0, "no key is bound twice in one place");
}

static void
test_every_action_works(void)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < ui_nactions; i++) {
		const struct ui_action *a = &ui_actions[i];

		if (a->keys[0] == 0 || a->fn == NULL || a->where == 0 ||
		    a->help == NULL || a->name == NULL ||
		    a->section == NULL) {
			printf("# %s is incomplete\n", a->name);
			bad++;
		}
		if (ui_action_for(a->keys[0], a->where) != a) {
			printf("# %s is not what its key finds\n", a->name);
			bad++;
		}
	}
	tap_ok(bad == 0, "every action has a key, a place, help and a name");
	tap_ok(ui_action_for('j', UI_IN_VIEW) != NULL &&
	    ui_action_for('1', UI_IN_FEEDS) == NULL,
	    "lookup respects where an action works");
}

/* The newsboat keys the issue asks for, found in the right places. */
static void
test_newsboat_keys(void)
{
	static const struct {
		int	 key;
		unsigned where;
		const char *action;
	} t[] = {
		{ 'j', UI_IN_FEEDS, "down" },
		{ UI_FN(KEY_DOWN), UI_IN_VIEW, "down" },
		{ 'k', UI_IN_ITEMS, "up" },
		{ ' ', UI_IN_VIEW, "page-down" },
		{ UI_FN(KEY_NPAGE), UI_IN_ITEMS, "page-down" },
		{ UI_CTRL('f'), UI_IN_VIEW, "page-down" },
		{ 'b', UI_IN_VIEW, "page-up" },
		{ UI_CTRL('b'), UI_IN_VIEW, "bookmark" },
		{ 'g', UI_IN_ITEMS, "top" },
		{ UI_FN(KEY_END), UI_IN_FEEDS, "bottom" },
		{ '\n', UI_IN_FEEDS, "open" },
		{ '\r', UI_IN_ITEMS, "open" },
		{ 'q', UI_IN_VIEW, "quit" },
		{ 'Q', UI_IN_VIEW, "hard-quit" },
		{ 'r', UI_IN_FEEDS, "reload" },
		{ 'R', UI_IN_ITEMS, "reload-all" },
		{ 'n', UI_IN_VIEW, "next-unread" },
		{ 'p', UI_IN_ITEMS, "prev-unread" },
		{ 'J', UI_IN_VIEW, "next-article" },
		{ 'K', UI_IN_VIEW, "prev-article" },
		{ 'N', UI_IN_ITEMS, "toggle-read" },
		{ 'A', UI_IN_FEEDS, "mark-feed-read" },
		{ 'C', UI_IN_ITEMS, "mark-all-read" },
		{ 'U', UI_IN_FEEDS, "undo-mark" },
		{ 'o', UI_IN_VIEW, "open-browser" },
		{ 'O', UI_IN_ITEMS, "open-browser-read" },
		{ '7', UI_IN_VIEW, "open-link" },
		{ 'u', UI_IN_VIEW, "urls" },
		{ '/', UI_IN_FEEDS, "search" },
		{ 's', UI_IN_VIEW, "save" },
		{ '|', UI_IN_VIEW, "pipe" },
		{ '?', UI_IN_VIEW, "help" },
		{ '\t', UI_IN_ITEMS, "focus" },
		{ 'v', UI_IN_FEEDS, "layout" },
		{ 'l', UI_IN_FEEDS, "open" },
		{ 'h', UI_IN_ITEMS, "quit" },
	};
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		const struct ui_action *a = ui_action_for(t[i].key,
		    t[i].where);
		char name[32];

		ui_key_name(t[i].key, name, sizeof(name));
		tap_str(a != NULL ? a->name : NULL, t[i].action,
		    "key %s runs %s", name, t[i].action);
	}
}

static void
test_key_names(void)
{
	static const struct {
		int	 key;
		const char *name;
	} t[] = {
		{ 'j', "j" }, { '\n', "Enter" }, { ' ', "Space" },
		{ UI_CTRL('f'), "^F" }, { UI_FN(KEY_NPAGE), "PgDn" },
		{ UI_FN(KEY_HOME), "Home" }, { '\t', "Tab" },
		{ 0x263a, "U+263A" },
	};
	char buf[32];
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		ui_key_name(t[i].key, buf, sizeof(buf));
		tap_str(buf, t[i].name, "key name %s", t[i].name);
	}
}

static void
test_help_and_man(void)
{
	char **v, *man = NULL, name[32];
	size_t n, i, len = 0, missing = 0, j;
	FILE *fp;

	v = ui_help_lines(&n);
	fp = open_memstream(&man, &len);
	ui_keys_man(fp);
	fclose(fp);
	for (i = 0; i < ui_nactions; i++) {
		int in_help = 0;

		for (j = 0; j < n; j++)
			if (strstr(v[j], ui_actions[i].help) != NULL)
				in_help = 1;
		/* roff spells a dash "\\-". */
		{
			const char *c = ui_actions[i].name;
			size_t o = 0;

			name[o++] = '(';
			for (; *c != '\0' && o + 3 < sizeof(name); c++) {
				if (*c == '-')
					name[o++] = '\\';
				name[o++] = *c;
			}
			name[o++] = ')';
			name[o] = '\0';
		}
		if (!in_help || strstr(man, name) == NULL) {
			printf("# %s is missing\n", ui_actions[i].name);
			missing++;
		}
		ui_key_name(ui_actions[i].keys[0], name, sizeof(name));
		if (strstr(man, name) == NULL) {
			printf("# key %s is missing\n", name);
			missing++;
		}
	}
	tap_ok(missing == 0, "every action is in the help and the man page");
	tap_ok(strstr(man, ".SS Moving around\n") != NULL &&
	    strstr(man, ".B PgDn, Space, ^F\n") != NULL &&
	    strstr(man, "(page\\-down)") != NULL,
	    "the man page is roff with escaped dashes");
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(man);
}

/*
 * The man page's KEYS section, when it has one, must be exactly what the
 * table makes (ui_keys_man), so the two can never drift apart.
 */
static void
test_man_page_keys(void)
{
	const char *top = getenv("top_srcdir");
	char *path, *page = NULL, *want = NULL, *sec, *end;
	size_t len = 0, wlen = 0;
	FILE *fp;

	path = xasprintf("%s/man/tidings.1", top != NULL ? top : ".");
	if ((fp = fopen(path, "r")) != NULL) {
		page = xmalloc(1 << 20);
		len = fread(page, 1, (1 << 20) - 1, fp);
		page[len] = '\0';
		fclose(fp);
	}
	if (page == NULL || (sec = strstr(page, "\n.SH KEYS\n")) == NULL) {
		tap_skip("%s has no KEYS section yet", path);
		free(page);
		free(path);
		return;
	}
	sec += strlen("\n.SH KEYS\n");
	/* Prose may come first; the table's part starts at its first .SS. */
	if ((end = strstr(sec, "\n.SH ")) != NULL)
		end[1] = '\0';
	fp = open_memstream(&want, &wlen);
	ui_keys_man(fp);
	fclose(fp);
	tap_ok(strstr(sec, want) != NULL, "the man page's KEYS section is "
	    "the action table (ui_keys_man)");
	free(want);
	free(page);
	free(path);
}

static void
test_fit(void)
{
	static const struct {
		const char *s;
		int	 maxw;
		int	 all;
		size_t	 bytes;
		int	 cols;
	} t[] = {
		{ "hello", 5, 1, 5, 5 },
		{ "hello", 4, 0, 3, 3 },	/* "hel…" */
		{ "hello", 1, 0, 0, 0 },	/* "…" */
		{ "hello", 0, 0, 0, 0 },
		{ "", 3, 1, 0, 0 },
		{ "日本語", 6, 1, 9, 6 },
		{ "日本語", 5, 0, 6, 4 },	/* "日本…" */
		{ "日本語", 4, 0, 3, 2 },	/* "日…" one column spare */
		{ "e\xcc\x81t\xc3\xa9", 3, 1, 6, 3 },	/* combining mark */
		{ "a\x1b[2Jb", 5, 1, 6, 5 },	/* ESC takes no column */
		{ "ab\tc", 4, 1, 4, 4 },	/* a tab is one space */
		{ "🎉🎉", 3, 0, 4, 2 },	/* "🎉…" */
		{ "🎉🎉", 2, 0, 0, 0 },	/* "…": the wide one leaves no room */
	};
	size_t i, bytes;
	int cols, all;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		all = ui_fit(t[i].s, strlen(t[i].s), t[i].maxw, &bytes, &cols);
		tap_ok(all == t[i].all && bytes == t[i].bytes &&
		    cols == t[i].cols, "fit \"%s\" in %d: %d %zu %d "
		    "(got %d %zu %d)", strchr(t[i].s, 0x1b) ? "a ESC b" :
		    t[i].s, t[i].maxw, t[i].all, t[i].bytes, t[i].cols, all,
		    bytes, cols);
	}
}

static void
test_browser_argv(void)
{
	static const char url[] = "https://e.example/?a=$(id)&b=`id`;c|d'\"";
	static const struct {
		const char *browser;
		const char *want[5];
	} t[] = {
		{ "lynx", { "lynx", url } },
		{ "firefox --new-tab", { "firefox", "--new-tab", url } },
		{ "w3m %u -dump", { "w3m", url, "-dump" } },
		{ "open --url=%u", { "open", "--url=https://e.example/?a=$(id)&"
		    "b=`id`;c|d'\"" } },
		{ "firefox:lynx", { "firefox", url } },
		{ "  ", { "xdg-open", url } },
		/* Quotes group words as a shell's do; nothing expands. */
		{ "firefox --new-tab '%u'", { "firefox", "--new-tab", url } },
		{ "'/opt/My Browser/run' \"-x y\" a\\ b", { "/opt/My Browser/run",
		    "-x y", "a b", url } },
		{ "sh -c 'echo $0' \"%u\"", { "sh", "-c", "echo $0", url } },
		/* newsboat's shell endings: background and quiet, no words. */
		{ "firefox %u &", { "firefox", url } },
		{ "xdg-open '%u' >/dev/null 2>&1 &", { "xdg-open", url } },
	};
	static const struct {
		const char *browser, *why;
	} bad[] = {
		{ "firefox %u | tee log", "\"|\" is shell syntax" },
		{ "lynx %u; beep", "\";\" is shell syntax" },
		{ "open %u && beep", "\"&&\" is shell syntax" },
		{ "firefox %u & beep", "\"&\" is shell syntax" },
		{ "$(which firefox) %u", "\"$(...)\" is shell syntax" },
		{ "\"$HOME/bin/open\" %u", "\"$\" is shell syntax" },
		{ "w3m > /tmp/x", "\">\" is shell syntax" },
		{ "~/bin/open", "\"~\" is shell syntax" },
		{ "w3m '%u", "a single quote is never closed" },
	};
	size_t i, k;
	char **argv, err[512];

	unsetenv("BROWSER");
	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		int same = 1;

		argv = ui_browser_argv(t[i].browser, url, err, sizeof(err));
		if (argv == NULL) {
			tap_ok(0, "browser \"%s\": %s", t[i].browser, err);
			continue;
		}
		for (k = 0; k < 5; k++) {
			if ((argv[k] == NULL) != (t[i].want[k] == NULL) ||
			    (argv[k] != NULL && strcmp(argv[k],
			    t[i].want[k]) != 0))
				same = 0;
			if (argv[k] == NULL)
				break;
		}
		tap_ok(same, "browser \"%s\" gets the URL as one argument",
		    t[i].browser);
		for (k = 0; argv[k] != NULL; k++)
			free(argv[k]);
		free(argv);
	}
	for (i = 0; i < UTIL_ARRAY_LEN(bad); i++) {
		argv = ui_browser_argv(bad[i].browser, url, err, sizeof(err));
		tap_ok(argv == NULL && strncmp(err, "browser in the config: ",
		    23) == 0 && strstr(err, bad[i].why) != NULL &&
		    strstr(err, "not through a shell") != NULL,
		    "browser \"%s\" is refused, saying why: %s", bad[i].browser,
		    err);
		conf_words_free(argv);
	}
	tap_ok(ui_browser_background("xdg-open %u >/dev/null 2>&1 &") &&
	    !ui_browser_background("xdg-open %u >/dev/null") &&
	    !ui_browser_background("lynx"),
	    "a browser ending in \"&\" runs in the background");
	setenv("BROWSER", "firefox %u | cat", 1);
	argv = ui_browser_argv(NULL, url, err, sizeof(err));
	tap_ok(argv == NULL && strncmp(err, "$BROWSER: \"|\" is shell "
	    "syntax", 28) == 0, "so is $BROWSER, by name: %s", err);
	setenv("BROWSER", "my-browser", 1);
	argv = ui_browser_argv(NULL, url, err, sizeof(err));
	tap_ok(strcmp(argv[0], "my-browser") == 0 && strcmp(argv[1], url) ==
	    0 && argv[2] == NULL, "$BROWSER is used when none is set");
	for (k = 0; argv[k] != NULL; k++)
		free(argv[k]);
	free(argv);
	unsetenv("BROWSER");
}

static void
test_exec_no_shell(void)
{
	char err[256], path[] = "/tmp/tidings-test-ui-XXXXXX", *argv[4];
	char out[300], buf[300] = "";
	int fd, rc;
	FILE *fp;

	if ((fd = mkstemp(path)) == -1) {
		tap_ok(0, "mkstemp");
		return;
	}
	close(fd);
	util_errf(out, sizeof(out), "%s", path);
	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = "printf '%s' \"$0\" > \"$TIDINGS_TEST_OUT\"";
	argv[3] = NULL;
	/* The "URL" lands in $0, never in the script. */
	{
		char *v[5] = { argv[0], argv[1], argv[2],
		    "$(touch /tmp/tidings-pwned);`id`", NULL };

		setenv("TIDINGS_TEST_OUT", out, 1);
		rc = ui_exec_wait(NULL, v, err, sizeof(err));
	}
	fp = fopen(path, "r");
	if (fp != NULL) {
		if (fgets(buf, sizeof(buf), fp) == NULL)
			buf[0] = '\0';
		fclose(fp);
	}
	tap_ok(rc == 0, "ui_exec_wait returns the exit status");
	tap_str(buf, "$(touch /tmp/tidings-pwned);`id`",
	    "an argument reaches the child byte for byte");
	tap_ok(access("/tmp/tidings-pwned", F_OK) == -1,
	    "nothing ran the argument");
	argv[0] = "/nonexistent/browser";
	argv[1] = NULL;
	rc = ui_exec_wait(NULL, argv, err, sizeof(err));
	tap_ok(rc == -1 && strstr(err, "cannot run /nonexistent/browser") !=
	    NULL, "a missing browser is reported: %s", err);
	rc = ui_exec_pipe(NULL, "cat > \"$TIDINGS_TEST_OUT\"", "piped text\n",
	    11, err, sizeof(err));
	fp = fopen(path, "r");
	buf[0] = '\0';
	if (fp != NULL) {
		if (fgets(buf, sizeof(buf), fp) == NULL)
			buf[0] = '\0';
		fclose(fp);
	}
	tap_ok(rc == 0, "the piped command ran");
	tap_str(buf, "piped text\n", "the text reached its standard input");
	unlink(path);
	rc = ui_save_file(path, "saved\n", 6, 0, err, sizeof(err));
	tap_ok(rc == 0, "ui_save_file writes a new file");
	rc = ui_save_file(path, "again\n", 6, 0, err, sizeof(err));
	tap_ok(rc == 1, "ui_save_file does not overwrite unasked");
	rc = ui_save_file(path, "again\n", 6, 1, err, sizeof(err));
	tap_ok(rc == 0, "ui_save_file overwrites when told to");
	unlink(path);
	unsetenv("TIDINGS_TEST_OUT");
}

static void
test_exec_spawn_capture(void)
{
	char err[256] = "", out[16], path[] = "/tmp/tidings-test-sp-XXXXXX";
	char buf[300] = "";
	char *v[6] = { "/bin/sh", "-c", "printf '%s|%s|%s' \"$#\" \"$0\" "
	    "\"$1\"; printf 'more than sixteen bytes'", "a b", "$(id)",
	    NULL };
	int fd, rc, i;
	FILE *fp;

	rc = ui_exec_capture(v, out, sizeof(out), err, sizeof(err));
	tap_ok(rc == 0, "ui_exec_capture returns the exit status");
	tap_str(out, "1|a b|$(id)more",
	    "it keeps the first bytes of the output, argv untouched");
	v[2] = "exit 3";
	tap_ok(ui_exec_capture(v, out, sizeof(out), err, sizeof(err)) == 3,
	    "... and a failure's status");
	v[0] = "/nonexistent/bookmark";
	tap_ok(ui_exec_capture(v, out, sizeof(out), err, sizeof(err)) == -1 &&
	    strstr(err, "cannot run /nonexistent/bookmark") != NULL,
	    "a missing program is reported: %s", err);
	tap_ok(ui_exec_spawn(v, err, sizeof(err)) == -1 &&
	    strstr(err, "cannot run /nonexistent/bookmark") != NULL,
	    "ui_exec_spawn reports a missing program too");
	if ((fd = mkstemp(path)) == -1) {
		tap_ok(0, "mkstemp");
		return;
	}
	close(fd);
	setenv("TIDINGS_TEST_OUT", path, 1);
	v[0] = "/bin/sh";
	v[2] = "printf '%s|%s' \"$#\" \"$0\" > \"$TIDINGS_TEST_OUT\"";
	v[3] = "tidings: 3 new articles";
	v[4] = NULL;
	rc = ui_exec_spawn(v, err, sizeof(err));
	/* It runs on its own: wait for its file. */
	for (i = 0; i < 200 && buf[0] == '\0'; i++) {
		usleep(10000);
		if ((fp = fopen(path, "r")) != NULL) {
			if (fgets(buf, sizeof(buf), fp) == NULL)
				buf[0] = '\0';
			fclose(fp);
		}
	}
	tap_ok(rc == 0, "ui_exec_spawn starts the program");
	tap_str(buf, "0|tidings: 3 new articles",
	    "the message is one argument");
	unlink(path);
	unsetenv("TIDINGS_TEST_OUT");
}

static void
test_save_name(void)
{
	static const struct {
		const char *title;
		const char *want;
	} t[] = {
		{ "Harbour reopens after the storm",
		  "Harbour_reopens_after_the_storm.txt" },
		{ "../../etc/passwd", "etc_passwd.txt" },
		{ ".hidden", "hidden.txt" },
		{ "-rf /", "rf.txt" },
		{ "a\x1b[2Jb", "a_2Jb.txt" },
		{ "Café “quotes”", "Café_“quotes”.txt" },
		{ "", "article.txt" },
		{ NULL, "article.txt" },
		{ "$(rm -rf ~)", "rm_-rf.txt" },
	};
	size_t i;
	char *got, *long_title;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++) {
		got = ui_save_name(t[i].title);
		tap_str(got, t[i].want, "file name for \"%s\"",
		    t[i].title != NULL && strchr(t[i].title, 0x1b) == NULL ?
		    t[i].title : "(odd)");
		free(got);
	}
	long_title = xmalloc(400);
	memset(long_title, 'x', 399);
	long_title[399] = '\0';
	got = ui_save_name(long_title);
	tap_ok(strlen(got) <= 80 + 4, "a long title gives a short name");
	free(got);
	free(long_title);
}

static void
test_cursor(void)
{
	struct ui_cursor c = { 10, 0, 0 };

	ui_cursor_move(&c, 3);
	tap_ok(c.sel == 3, "the cursor moves down");
	ui_cursor_move(&c, 100);
	tap_ok(c.sel == 9, "the cursor stops at the last row");
	ui_cursor_fit(&c, 4);
	tap_ok(c.top == 6, "the last page is full");
	ui_cursor_move(&c, -100);
	ui_cursor_fit(&c, 4);
	tap_ok(c.sel == 0 && c.top == 0, "the cursor stops at the first row");
	c.n = 0;
	ui_cursor_move(&c, 1);
	ui_cursor_fit(&c, 4);
	tap_ok(c.sel == 0 && c.top == 0, "an empty list keeps the cursor at 0");
}

/* The name of the action key runs in where, or "-" for none. */
static const char *
runs(int key, unsigned where)
{
	const struct ui_action *a = ui_action_for(key, where);

	return a != NULL ? a->name : "-";
}

/* Does the help screen hold a line with both keys and the help text? */
static int
help_has(const char *keys, const char *help)
{
	char **v;
	size_t n, i;
	int found = 0;

	v = ui_help_lines(&n);
	for (i = 0; i < n; i++) {
		if (strstr(v[i], help) != NULL && strncmp(v[i] + 2, keys,
		    strlen(keys)) == 0 && v[i][2 + strlen(keys)] == ' ')
			found = 1;
		free(v[i]);
	}
	free(v);
	return found;
}

static void
test_keymap_from_config(void)
{
	static const char text[] =
	    "bind-key ^R reload-all feedlist\n"
	    "unbind-key R\n"
	    "bind-key x quit articlelist\n"
	    "bind-key j up article\n"
	    "unbind-key q\n"
	    "bind-key ENTER hard-quit help\n"
	    "bind-key F5 reload\n";
	struct conf_msgs m;
	struct conf cf;
	size_t n;
	char hints[512];

	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	cf.actions = ui_conf_actions(&n);
	cf.nactions = n;
	conf_load_text(&cf, "t", text, strlen(text), &m);
	tap_ok(m.n == 0, "the key config reads without messages");
	if (m.n > 0)
		printf("# %s\n", m.v[0]);
	ui_keys_init(&cf);
	tap_str(runs(UI_CTRL('r'), UI_IN_FEEDS), "reload-all",
	    "bind-key ^R reload-all feedlist: ^R reloads in the feed list");
	tap_str(runs(UI_CTRL('r'), UI_IN_ITEMS), "-",
	    "... and nowhere else");
	tap_str(runs('R', UI_IN_FEEDS), "-", "unbind-key R frees R");
	tap_str(runs('x', UI_IN_ITEMS), "quit",
	    "bind-key x quit articlelist: x goes back in an article list");
	tap_str(runs('x', UI_IN_FEEDS), "-", "... but not in the feed list");
	tap_str(runs('j', UI_IN_VIEW), "up", "j moves up in the article");
	tap_str(runs('j', UI_IN_FEEDS), "down", "... and down elsewhere");
	tap_str(runs('q', UI_IN_FEEDS), "-", "unbind-key q frees q");
	tap_str(runs('h', UI_IN_FEEDS), "quit", "h still goes back");
	tap_str(runs('\r', UI_IN_TEXT), "hard-quit",
	    "ENTER binds every Enter key in help");
	tap_str(runs(UI_FN(KEY_ENTER), UI_IN_TEXT), "hard-quit",
	    "... the keypad's too");
	tap_str(runs('\n', UI_IN_FEEDS), "open", "Enter still opens feeds");
	tap_str(runs(UI_FN(KEY_F(5)), UI_IN_ITEMS), "reload",
	    "F5 is a function key");
	tap_ok(help_has("^R", "Reload every feed"),
	    "the help screen shows ^R for reload-all");
	tap_ok(help_has("h, Left, x", "Go back; in the feed list, quit"),
	    "the help screen shows q gone and x added to quit");
	ui_hints(UI_IN_FEEDS, hints, sizeof(hints));
	tap_ok(strstr(hints, "h:Quit") != NULL,
	    "the hint bar shows the first key still bound (%s)", hints);
	conf_free(&cf);
	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	cf.actions = ui_conf_actions(&n);
	cf.nactions = n;
	conf_load_text(&cf, "t", "unbind-key -a\nbind-key Z hard-quit\n",
	    35, &m);
	ui_keys_init(&cf);
	tap_str(runs('j', UI_IN_FEEDS), "-", "unbind-key -a frees every key");
	tap_str(runs('Z', UI_IN_VIEW), "hard-quit", "... before a new one");
	tap_ok(help_has("(no key)", "Move down one line"),
	    "the help says when an action has no key");
	conf_free(&cf);
	conf_msgs_free(&m);
	ui_keys_free();
	tap_str(runs('j', UI_IN_FEEDS), "down",
	    "without a config the table's keys are back");
}

/* The OSC 8 opener: the URL's bytes outside printable ASCII encoded. */
static void
test_osc8_open(void)
{
	static const struct {
		const char *url, *want;
	} cases[] = {
		{ "https://news.example/a?b=1&c=2#x",
		  "\033]8;;https://news.example/a?b=1&c=2#x\033\\" },
		{ "https://evil.example/\033]8;;https://x\007\033\\y",
		  "\033]8;;https://evil.example/%1B]8;;https://x%07%1B\\y"
		  "\033\\" },
		{ "https://e.example/a b\tc\r\nd\x7f",
		  "\033]8;;https://e.example/a%20b%09c%0D%0Ad%7F\033\\" },
		{ "https://e.example/caf\xc3\xa9/\xe2\x80\xae",
		  "\033]8;;https://e.example/caf%C3%A9/%E2%80%AE\033\\" },
		{ "https://e.example/\xc2\x9b" "31m",
		  "\033]8;;https://e.example/%C2%9B31m\033\\" },
	};
	char buf[UI_OSC8_MAX_URL + 16], *big;
	size_t i, j, n, bad = 0;

	for (i = 0; i < UTIL_ARRAY_LEN(cases); i++) {
		n = ui_osc8_open(buf, sizeof(buf), cases[i].url);
		tap_str(n > 0 ? buf : "(none)", cases[i].want,
		    "OSC 8 for URL case %zu", i + 1);
		tap_ok(n == strlen(cases[i].want), "its length, case %zu",
		    i + 1);
		for (j = 0; j < n; j++)
			if (((unsigned char)buf[j] < 0x20 && buf[j] != '\033')
			    || (unsigned char)buf[j] >= 0x7f)
				bad++;
		/* ESC only opens the OSC and starts its ST, nowhere else. */
		for (j = 1; j + 2 < n; j++)
			if (buf[j] == '\033')
				bad++;
	}
	tap_ok(bad == 0, "no control character but the two ESCs, no byte "
	    "past ASCII");
	tap_ok(ui_osc8_open(buf, sizeof(buf), "") == 0, "no link for an "
	    "empty URL");
	tap_ok(ui_osc8_open(buf, sizeof(buf), NULL) == 0, "nor for none");
	big = xmalloc(UI_OSC8_MAX_URL + 2);
	memset(big, 'a', UI_OSC8_MAX_URL + 1);
	big[UI_OSC8_MAX_URL + 1] = '\0';
	tap_ok(ui_osc8_open(buf, sizeof(buf), big) == 0, "no link for a URL "
	    "longer than %d bytes", UI_OSC8_MAX_URL);
	big[UI_OSC8_MAX_URL] = '\0';
	tap_ok(ui_osc8_open(buf, sizeof(buf), big) == UI_OSC8_MAX_URL + 7,
	    "a URL of exactly %d bytes is linked", UI_OSC8_MAX_URL);
	tap_ok(ui_osc8_open(buf, 20, "https://news.example/long") == 0,
	    "never past the buffer");
	free(big);
}

/* A fake environment for ui_osc8_auto(). */
static const char *const *fake_env;

static const char *
fake_get(const char *name)
{
	size_t n = strlen(name), i;

	for (i = 0; fake_env[i] != NULL; i++)
		if (strncmp(fake_env[i], name, n) == 0 &&
		    fake_env[i][n] == '=')
			return fake_env[i] + n + 1;
	return NULL;
}

static void
test_osc8_auto(void)
{
	static const struct {
		const char *env[4];
		int want;
	} cases[] = {
		{ { "TERM=xterm-256color", "VTE_VERSION=7200" }, 1 },
		{ { "TERM=xterm-256color", "VTE_VERSION=4800" }, 0 },
		{ { "TERM=xterm-kitty" }, 1 },
		{ { "TERM=foot" }, 1 },
		{ { "TERM=xterm-256color", "TERM_PROGRAM=iTerm.app" }, 1 },
		{ { "TERM=xterm-256color", "WT_SESSION=abc" }, 1 },
		{ { "TERM=xterm-256color" }, 0 },
		{ { "TERM=linux", "VTE_VERSION=7200" }, 0 },
		{ { "TERM=screen", "STY=1.pts", "VTE_VERSION=7200" }, 0 },
		{ { "TERM=dumb", "KITTY_WINDOW_ID=1" }, 0 },
		{ { "VTE_VERSION=7200" }, 0 },
	};
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(cases); i++) {
		fake_env = cases[i].env;
		tap_ok(ui_osc8_auto(fake_get) == cases[i].want, "hyperlinks "
		    "%s with %s %s", cases[i].want ? "on" : "off",
		    cases[i].env[0] ? cases[i].env[0] : "",
		    cases[i].env[1] ? cases[i].env[1] : "");
	}
}

/* The hint bar keeps whole hints: the one that does not fit goes. */
static void
test_hints_fit(void)
{
	static const unsigned places[] = { UI_IN_FEEDS, UI_IN_ITEMS,
	    UI_IN_VIEW, UI_IN_TEXT };
	struct ui_hint v[UI_MAX_HINTS];
	size_t n, i, k, bad = 0;
	int w, full;
	char hints[512];

	n = ui_hint_list(UI_IN_FEEDS, v, UI_MAX_HINTS);
	ui_hints(UI_IN_FEEDS, hints, sizeof(hints));
	full = (int)str_width(hints);
	tap_ok(n >= 3 && strncmp(hints, "Enter:Open q:Quit ", 18) == 0,
	    "the feed list's hints, in order (%s)", hints);
	tap_ok(ui_hints_fit(v, n, full) == n, "all %zu fit in %d columns", n,
	    full);
	tap_ok(ui_hints_fit(v, n, full - 1) == n - 1,
	    "one column less drops the last hint whole");
	tap_ok(ui_hints_fit(v, n, 17) == 2 && ui_hints_fit(v, n, 16) == 1,
	    "\"Enter:Open q:Quit\" is 17 columns: 2 hints in 17, 1 in 16");
	tap_ok(ui_hints_fit(v, n, 9) == 0 && ui_hints_fit(v, n, 0) == 0,
	    "no hint at all when the first does not fit");
	/* Every width, every place: what fits is never wider than it. */
	for (i = 0; i < UTIL_ARRAY_LEN(places); i++) {
		n = ui_hint_list(places[i], v, UI_MAX_HINTS);
		for (w = 0; w <= 120; w++) {
			size_t f = ui_hints_fit(v, n, w);
			long used = 0;

			for (k = 0; k < f; k++)
				used += (k > 0) + (long)(str_width(v[k].key) +
				    1 + str_width(v[k].label));
			if (used > w || (f < n && used + (f > 0) +
			    (long)(str_width(v[f].key) + 1 +
			    str_width(v[f].label)) <= w))
				bad++;
		}
	}
	tap_ok(bad == 0, "at widths 0-120 the bar holds as many whole hints "
	    "as fit, never more (%zu bad)", bad);
}

/* A long URL keeps its start and its end; the selected one wraps. */
static void
test_mid_and_wrap(void)
{
	static const struct {
		const char *s;
		int w;
		const char *head, *tail;	/* NULL: it all fits */
	} cases[] = {
		{ "[1] https://a.example/x", 30, NULL, NULL },
		{ "[1] https://a.example/x", 23, NULL, NULL },
		{ "[1] https://a.example/long/path/page.html", 21,
		  "[1] https:", "/page.html" },
		{ "[1] https://a.example/long/path/page.html", 20,
		  "[1] https:", "page.html" },
		{ "日本語日本語日本語", 9, "日本", "本語" },
		{ "abcdef", 1, "", "" },
	};
	size_t i, head, tail, off[16], n;
	char got[128];
	int fits;

	for (i = 0; i < UTIL_ARRAY_LEN(cases); i++) {
		const char *s = cases[i].s;

		fits = ui_fit_mid(s, strlen(s), cases[i].w, &head, &tail);
		if (cases[i].head == NULL) {
			tap_ok(fits == 1, "\"%s\" fits in %d", s, cases[i].w);
			continue;
		}
		if (cases[i].w <= 1) {
			tap_ok(fits == 0 && head == 0, "\"%s\" in %d: nothing "
			    "but the ellipsis", s, cases[i].w);
			continue;
		}
		snprintf(got, sizeof(got), "%.*s|%s", (int)head, s, s + tail);
		tap_ok(fits == 0 && strncmp(got, cases[i].head,
		    strlen(cases[i].head)) == 0 && got[strlen(cases[i].head)] ==
		    '|' && strcmp(s + tail, cases[i].tail) == 0 &&
		    (int)(str_width(cases[i].head) + 1 +
		    str_width(cases[i].tail)) <= cases[i].w,
		    "\"%s\" in %d: \"%s\" … \"%s\" (got %s)", s, cases[i].w,
		    cases[i].head, cases[i].tail, got);
	}

	n = ui_wrap_rows("[2] https://a.example/abcdefghij", 32, 12, 4, off,
	    16);
	tap_ok(n == 4 && off[0] == 0 && off[1] == 12 && off[2] == 20 &&
	    off[3] == 28, "a URL wraps in 12 columns, the rows after the "
	    "first under the URL: %zu rows at %zu, %zu, %zu", n, off[0],
	    off[1], off[2]);
	n = ui_wrap_rows("abcdefghij", 10, 4, 3, off, 2);
	tap_ok(n == 2 && off[1] == 4, "an indent over a third of the width "
	    "is dropped; at most max rows (%zu)", n);
	n = ui_wrap_rows("", 0, 10, 0, off, 16);
	tap_ok(n == 1 && off[0] == 0, "an empty line is one row");
	n = ui_wrap_rows("日本語", 9, 3, 0, off, 16);
	tap_ok(n == 3 && off[1] == 3 && off[2] == 6,
	    "wide characters are never split (%zu rows)", n);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_no_key_twice();
	test_every_action_works();
	test_newsboat_keys();
	test_key_names();
	test_help_and_man();
	test_man_page_keys();
	test_fit();
	test_browser_argv();
	test_exec_no_shell();
	test_exec_spawn_capture();
	test_save_name();
	test_cursor();
	test_keymap_from_config();
	test_osc8_open();
	test_osc8_auto();
	test_hints_fit();
	test_mid_and_wrap();
	return tap_done();
}
