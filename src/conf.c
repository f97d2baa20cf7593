/*
 * conf.c: reading the configuration file (newsboat's syntax), checking
 * every value, and the format-string formatter for the lists.
 *
 * A line goes through three steps: the comment is cut off (and a
 * backtick refused), the rest is split into words as newsboat splits them,
 * and the first word picks an entry of conf_cmds[], which checks the
 * number and the type of the arguments before it changes anything. A line
 * that fails a check changes nothing and leaves one message.
 *
 * This file must never run a command, follow an include deeper than
 * CONF_MAX_DEPTH or into a file already being read, read a file larger
 * than CONF_MAX_FILE, or let a control character into a message or into
 * formatted output.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "filter.h"
#include "str.h"
#include "util.h"

#define CONF_SHOW_MAX	60	/* bytes of a user's word quoted back */
#define CONF_MAX_INT	1000000000
#define CONF_FMT_MAXW	1000	/* widest %N a format may ask for */
#define CONF_FMT_MAXOUT	(1024 * 1024)	/* bytes one format may produce */

#define CONF_DEFAULT_FEEDLIST	 "%4i %n %11u %t"
#define CONF_DEFAULT_ARTICLELIST "%4i %f %D %6L  %?T?|%-17T|  ?%t"
#define CONF_DEFAULT_DATETIME	 "%b %d"

/* What reading one file (and its includes) needs to know. */
struct conf_ctx {
	struct conf *cf;
	struct conf_msgs *msgs;
	const char *file;	/* name shown in messages */
	int	 line;
	int	 depth;		/* includes deep */
	struct {
		dev_t	 dev;
		ino_t	 ino;
	} open[CONF_MAX_DEPTH + 2];	/* files being read, for cycles */
	int	 nopen;
};

/* ---- Messages. ---- */

static void
conf_msg_add(struct conf_msgs *m, const char *s)
{
	if (m == NULL)
		return;
	if (m->n >= CONF_MAX_MSGS) {
		m->dropped++;
		return;
	}
	m->v = xreallocarray(m->v, m->n + 1, sizeof(*m->v));
	m->v[m->n++] = str_clean(s, strlen(s), STR_FOLD_SPACE | STR_TRIM);
}

void
conf_msgs_free(struct conf_msgs *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		free(m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = 0;
	m->dropped = 0;
}

static void conf_warn(struct conf_ctx *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* One message "FILE:LINE: ..." (no line number when line is 0). */
static void
conf_warn(struct conf_ctx *c, const char *fmt, ...)
{
	char msg[1024], *all;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->line > 0)
		all = xasprintf("%s:%d: %s", c->file, c->line, msg);
	else
		all = xasprintf("%s: %s", c->file, msg);
	conf_msg_add(c->msgs, all);
	free(all);
}

/* A user's word, cleaned and shortened, for quoting in a message. */
static char *
conf_show(const char *s)
{
	size_t n = strlen(s);
	char *c, *r;

	if (n <= CONF_SHOW_MAX)
		return str_clean(s, n, 0);
	n = CONF_SHOW_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	c = str_clean(s, n, 0);
	r = xasprintf("%s...", c);
	free(c);
	return r;
}

/* ---- The struct. ---- */

void
conf_init(struct conf *cf)
{
	const char *nc;

	memset(cf, 0, sizeof(*cf));
	nc = getenv("NO_COLOR");
	cf->no_color = nc != NULL && nc[0] != '\0';
	cf->reload_time = 60;
	cf->show_read_feeds = 1;
	cf->show_read_articles = 1;
	cf->confirm_mark_all_feeds_read = 1;
	cf->ignore_mode = CONF_IGNORE_DOWNLOAD;
	cf->layout = CONF_LAYOUT_CLASSIC;
	cf->article_sort.field = CONF_SORT_DATE;
	cf->article_sort.desc = 1;
	cf->feed_sort.field = CONF_SORT_NONE;
	cf->feed_sort.desc = 1;
	cf->mouse = 1;
	cf->hyperlinks = -1;
	cf->preview_read_delay = CONF_PREVIEW_READ_DELAY;
	cf->feedlist_format = xstrdup(CONF_DEFAULT_FEEDLIST);
	cf->articlelist_format = xstrdup(CONF_DEFAULT_ARTICLELIST);
	cf->datetime_format = xstrdup(CONF_DEFAULT_DATETIME);
}

void
conf_free(struct conf *cf)
{
	size_t i;

	free(cf->browser);
	free(cf->notify_program);
	free(cf->bookmark_cmd);
	free(cf->save_path);
	free(cf->feedlist_format);
	free(cf->articlelist_format);
	free(cf->datetime_format);
	for (i = 0; i < cf->nbinds; i++)
		free(cf->binds[i].action);
	free(cf->binds);
	for (i = 0; i < cf->nignores; i++) {
		free(cf->ignores[i].feed);
		filter_free(cf->ignores[i].filter);
	}
	free(cf->ignores);
	for (i = 0; i < cf->nhighlights; i++) {
		free(cf->highlights[i].pattern);
		regfree(&cf->highlights[i].re);
	}
	free(cf->highlights);
	for (i = 0; i < cf->nhl_articles; i++)
		filter_free(cf->hl_articles[i].filter);
	free(cf->hl_articles);
	for (i = 0; i < cf->nreaders; i++) {
		free(cf->readers[i].feed);
		free(cf->readers[i].tag);
	}
	free(cf->readers);
	for (i = 0; i < cf->ninsecure_tls; i++)
		free(cf->insecure_tls[i]);
	free(cf->insecure_tls);
	memset(cf, 0, sizeof(*cf));
}

/* ---- Splitting a line into words. ---- */

/*
 * Cuts the comment off line (in place): a '#' outside double quotes and
 * not after a backslash. Returns -1 if the line holds an unescaped
 * backtick, which newsboat would run as a command.
 */
static int
conf_strip(char *line)
{
	int quoted = 0, escaped = 0;
	char *p;

	for (p = line; *p != '\0'; p++) {
		if (escaped) {
			escaped = 0;
			continue;
		}
		if (*p == '\\')
			escaped = 1;
		else if (*p == '"')
			quoted = !quoted;
		else if (*p == '`')
			return -1;
		else if (*p == '#' && !quoted) {
			*p = '\0';
			break;
		}
	}
	return 0;
}

static int
conf_is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The character a backslash escape inside quotes stands for. */
static int
conf_unescape(int c)
{
	switch (c) {
	case 'n':	return '\n';
	case 'r':	return '\r';
	case 't':	return '\t';
	default:	return c;
	}
}

static void
conf_free_words(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
}

/*
 * Splits line into at most CONF_MAX_ARGS words (malloc'd, in v) the way
 * newsboat does. Returns the count, or -1 with a message given.
 */
static int
conf_split(struct conf_ctx *c, const char *line, char **v)
{
	const char *p = line;
	struct buf b;
	int n = 0;

	for (;;) {
		while (conf_is_blank((unsigned char)*p))
			p++;
		if (*p == '\0')
			return n;
		if (n == CONF_MAX_ARGS) {
			conf_warn(c, "more than %d words on the line; "
			    "ignored", CONF_MAX_ARGS);
			conf_free_words(v, n);
			return -1;
		}
		buf_init(&b, 0);
		if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0') {
					p++;
					buf_putc(&b, conf_unescape(
					    (unsigned char)*p));
				} else
					buf_putc(&b, *p);
			}
			if (*p != '"') {
				conf_warn(c, "a double quote is never "
				    "closed; line ignored");
				buf_free(&b);
				conf_free_words(v, n);
				return -1;
			}
			p++;
		} else {
			for (; *p != '\0' && !conf_is_blank(
			    (unsigned char)*p); p++) {
				if (*p == '\\' && (p[1] == '#' ||
				    p[1] == '`'))
					p++;
				buf_putc(&b, *p);
			}
		}
		v[n++] = buf_detach(&b);
	}
}

/* ---- Commands run as argv (browser). ---- */

/* The shell syntax at p, outside quotes, as shown in a message; or 0. */
static int
conf_shell_syntax(const char *p, int word_start, char *out, size_t len)
{
	if (*p == '$' && p[1] == '(')
		util_errf(out, len, "$(...)");
	else if (*p == '$' || *p == '`')
		util_errf(out, len, "%c", *p);
	else if ((*p == '|' || *p == '&' || *p == '<' || *p == '>') &&
	    p[1] == *p)
		util_errf(out, len, "%c%c", *p, *p);
	else if (strchr("|&;<>()", *p) != NULL)
		util_errf(out, len, "%c", *p);
	else if (*p == '~' && word_start)
		util_errf(out, len, "~");
	else
		return 0;
	return 1;
}

void
conf_words_free(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

int
conf_command_tail(char *cmd)
{
	static const char *const quiet[] = {
		">/dev/null", "1>/dev/null", "2>/dev/null", "&>/dev/null",
		">&/dev/null", "2>&1",
	};
	static const char *const redirect[] = { ">", "1>", "2>", "&>", ">&" };
	size_t end, start, prev_end, prev, i;
	int flags = 0, hit;

	for (;;) {
		end = strlen(cmd);
		while (end > 0 && (cmd[end - 1] == ' ' || cmd[end - 1] == '\t'))
			end--;
		cmd[end] = '\0';
		start = end;
		while (start > 0 && cmd[start - 1] != ' ' &&
		    cmd[start - 1] != '\t')
			start--;
		if (start == end)
			return flags;
		hit = 0;
		if (strcmp(cmd + start, "&") == 0 || (end - start > 1 &&
		    cmd[end - 1] == '&' && strchr("&>\\", cmd[end - 2]) ==
		    NULL)) {
			/* "&" alone, or "%u&": not "&&", ">&", "\&". */
			cmd[end - 1] = '\0';
			flags |= CONF_TAIL_BACKGROUND;
			continue;
		}
		for (i = 0; i < UTIL_ARRAY_LEN(quiet) && !hit; i++)
			if (strcmp(cmd + start, quiet[i]) == 0) {
				cmd[start] = '\0';
				hit = 1;
			}
		if (!hit && strcmp(cmd + start, "/dev/null") == 0) {
			/* "> /dev/null": the operator is the word before. */
			prev_end = start;
			while (prev_end > 0 && (cmd[prev_end - 1] == ' ' ||
			    cmd[prev_end - 1] == '\t'))
				prev_end--;
			prev = prev_end;
			while (prev > 0 && cmd[prev - 1] != ' ' &&
			    cmd[prev - 1] != '\t')
				prev--;
			for (i = 0; i < UTIL_ARRAY_LEN(redirect) && !hit; i++)
				if (prev_end - prev == strlen(redirect[i]) &&
				    strncmp(cmd + prev, redirect[i],
				    prev_end - prev) == 0) {
					cmd[prev] = '\0';
					hit = 1;
				}
		}
		if (!hit)
			return flags;
		flags |= CONF_TAIL_QUIET;
	}
}

char **
conf_command_words(const char *cmd, char *why, size_t whylen)
{
	char **v = xcalloc(CONF_MAX_ARGS + 1, sizeof(*v)), sh[16];
	const char *p = cmd;
	struct buf b;
	size_t n = 0;
	int q;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return v;
		if (n == CONF_MAX_ARGS) {
			util_errf(why, whylen, "it has more than %d words",
			    CONF_MAX_ARGS);
			goto fail;
		}
		buf_init(&b, 0);
		buf_append(&b, "", 0);
		for (q = 0; *p != '\0' && (q || (*p != ' ' && *p != '\t'));
		    p++) {
			if (q == '\'') {
				if (*p == '\'')
					q = 0;
				else
					buf_putc(&b, *p);
				continue;
			}
			if (q == 0 && (*p == '\'' || *p == '"')) {
				q = *p;
				continue;
			}
			if (q == '"' && *p == '"') {
				q = 0;
				continue;
			}
			if (*p == '\\' && p[1] != '\0' && (q == 0 ||
			    strchr("\"\\$`", p[1]) != NULL)) {
				buf_putc(&b, *++p);
				continue;
			}
			if ((q == 0 && conf_shell_syntax(p, b.len == 0 &&
			    (p == cmd || p[-1] == ' ' || p[-1] == '\t'), sh,
			    sizeof(sh))) || (q == '"' && (*p == '$' ||
			    *p == '`') && conf_shell_syntax(p, 0, sh,
			    sizeof(sh)))) {
				util_errf(why, whylen, "\"%s\" is shell syntax",
				    sh);
				buf_free(&b);
				goto fail;
			}
			buf_putc(&b, *p);
		}
		if (q != 0) {
			util_errf(why, whylen, "a %s quote is never closed",
			    q == '"' ? "double" : "single");
			buf_free(&b);
			goto fail;
		}
		v[n++] = buf_detach(&b);
	}
fail:
	conf_words_free(v);
	return NULL;
}

/* ---- Values. ---- */

static int
conf_parse_bool(const char *s, int *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* Plain decimal digits only, within lo..hi. */
static int
conf_parse_int(const char *s, int lo, int hi, int *out)
{
	long long v = 0;
	const char *p = s;

	if (*p == '\0')
		return -1;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
		if (v > CONF_MAX_INT)
			return -1;
	}
	if (v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static const char *const conf_color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

/* "default", a colour name or colorN (0-255, no leading zero). */
static int
conf_parse_color(const char *s, int *out)
{
	size_t i;
	int n;

	if (strcmp(s, "default") == 0) {
		*out = CONF_COLOR_DEFAULT;
		return 0;
	}
	for (i = 0; i < UTIL_ARRAY_LEN(conf_color_names); i++) {
		if (strcmp(s, conf_color_names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	if (strncmp(s, "color", 5) != 0 || s[5] == '\0' ||
	    (s[5] == '0' && s[6] != '\0'))
		return -1;
	if (conf_parse_int(s + 5, 0, 255, &n) != 0)
		return -1;
	*out = n;
	return 0;
}

static const struct {
	const char *name;
	unsigned bit;
} conf_attr_names[] = {
	{ "standout", CONF_A_STANDOUT }, { "underline", CONF_A_UNDERLINE },
	{ "reverse", CONF_A_REVERSE }, { "blink", CONF_A_BLINK },
	{ "dim", CONF_A_DIM }, { "bold", CONF_A_BOLD },
	{ "protect", CONF_A_PROTECT }, { "invis", CONF_A_INVIS },
};

/*
 * Fills col from words: foreground, background (may be absent when
 * bg_optional) and attributes. Gives the message itself.
 */
static int
conf_parse_look(struct conf_ctx *c, const char *cmd, char **v, int n,
    int bg_optional, struct conf_color *col)
{
	size_t j;
	char *q;
	int i;

	memset(col, 0, sizeof(*col));
	col->set = 1;
	col->bg = CONF_COLOR_DEFAULT;
	for (i = 0; i < n && i < 2; i++) {
		if (conf_parse_color(v[i], i == 0 ? &col->fg : &col->bg) !=
		    0) {
			q = conf_show(v[i]);
			conf_warn(c, "%s: \"%s\" is not a colour (default, "
			    "black, red, green, yellow, blue, magenta, cyan, "
			    "white or color0 to color255); line ignored", cmd,
			    q);
			free(q);
			return -1;
		}
	}
	if (n < 2 && !bg_optional)
		return -1;
	for (i = 2; i < n; i++) {
		for (j = 0; j < UTIL_ARRAY_LEN(conf_attr_names); j++)
			if (strcmp(v[i], conf_attr_names[j].name) == 0)
				break;
		if (j == UTIL_ARRAY_LEN(conf_attr_names)) {
			q = conf_show(v[i]);
			conf_warn(c, "%s: \"%s\" is not an attribute (bold, "
			    "underline, reverse, standout, blink, dim, "
			    "protect, invis); line ignored", cmd, q);
			free(q);
			return -1;
		}
		col->attrs |= conf_attr_names[j].bit;
	}
	return 0;
}

static const struct {
	const char *name;
	int	 key;
} conf_key_names[] = {
	{ "ENTER", CONF_KEY_ENTER }, { "BACKSPACE", CONF_KEY_BACKSPACE },
	{ "LEFT", CONF_KEY_LEFT }, { "RIGHT", CONF_KEY_RIGHT },
	{ "UP", CONF_KEY_UP }, { "DOWN", CONF_KEY_DOWN },
	{ "PPAGE", CONF_KEY_PPAGE }, { "NPAGE", CONF_KEY_NPAGE },
	{ "HOME", CONF_KEY_HOME }, { "END", CONF_KEY_END },
	{ "ESC", 0x1b }, { "TAB", '\t' }, { "SPACE", ' ' },
};

/* A key as bind-key writes it; -1 if s is not one. */
static int
conf_parse_key(const char *s)
{
	uint32_t cp;
	size_t i, len = strlen(s);
	int n;

	for (i = 0; i < UTIL_ARRAY_LEN(conf_key_names); i++)
		if (strcmp(s, conf_key_names[i].name) == 0)
			return conf_key_names[i].key;
	if (s[0] == 'F' && s[1] >= '1' && s[1] <= '9' &&
	    conf_parse_int(s + 1, 1, 12, &n) == 0)
		return CONF_KEY_F0 + n;
	if (s[0] == '^' && len == 2) {
		if (s[1] >= 'a' && s[1] <= 'z')
			return s[1] - 'a' + 1;
		if (s[1] >= '@' && s[1] <= '_')
			return s[1] & 0x1f;
		return -1;
	}
	if (len == 0 || str_utf8_decode(s, len, &cp) != len)
		return -1;
	if (str_is_unsafe(cp) || cp == ' ')
		return -1;
	return (int)cp;
}

void
conf_key_name(int key, char *buf, size_t len)
{
	char enc[5];
	size_t i, n;

	for (i = 0; i < UTIL_ARRAY_LEN(conf_key_names); i++) {
		if (conf_key_names[i].key == key) {
			util_errf(buf, len, "%s", conf_key_names[i].name);
			return;
		}
	}
	if (key == CONF_KEY_ALL)
		util_errf(buf, len, "-a");
	else if (key > CONF_KEY_F0 && key <= CONF_KEY_F0 + 12)
		util_errf(buf, len, "F%d", key - CONF_KEY_F0);
	else if (key > 0 && key < 0x20)
		util_errf(buf, len, "^%c", key + '@');
	else if (key > 0x20 && key < 0x110000 &&
	    !str_is_unsafe((uint32_t)key)) {
		n = str_utf8_encode((uint32_t)key, enc);
		enc[n] = '\0';
		util_errf(buf, len, "%s", enc);
	} else
		util_errf(buf, len, "U+%04X", (unsigned)key);
}

/* ---- bind-key and unbind-key. ---- */

/* newsboat's dialogs: tidings' places, or 0 for screens it lacks. */
static const struct {
	const char *name;
	unsigned where;
} conf_contexts[] = {
	{ "all", CONF_IN_ALL },
	{ "feedlist", CONF_IN_FEEDLIST },
	{ "articlelist", CONF_IN_ARTICLELIST },
	{ "searchresultslist", CONF_IN_ARTICLELIST },
	{ "article", CONF_IN_ARTICLE },
	{ "help", CONF_IN_TEXT },
	{ "urlview", CONF_IN_TEXT },
	{ "filebrowser", 0 }, { "dirbrowser", 0 }, { "tagselection", 0 },
	{ "filterselection", 0 }, { "podboat", 0 }, { "dialogs", 0 },
};

/* newsboat's operation names for tidings' actions where they differ. */
static const struct {
	const char *newsboat;
	const char *tidings;
} conf_op_aliases[] = {
	{ "mark-all-feeds-read", "mark-all-read" },
	{ "next", "next-article" }, { "prev", "prev-article" },
	{ "open-in-browser", "open-browser" },
	{ "open-in-browser-and-mark-read", "open-browser-read" },
	{ "toggle-article-read", "toggle-read" }, { "show-urls", "urls" },
	{ "open-search", "search" }, { "pipe-to", "pipe" },
	{ "pageup", "page-up" }, { "pagedown", "page-down" },
	{ "home", "top" }, { "end", "bottom" }, { "switch-focus", "focus" },
	{ "edit-flags", "toggle-flag" },
};

/* newsboat's other operations: known, but tidings has no such action. */
static const char *const conf_newsboat_ops[] = {
	"mark-all-above-as-read", "save-all", "random-unread",
	"open-all-unread-in-browser",
	"open-all-unread-in-browser-and-mark-read", "toggle-source-view",
	"goto-url", "one",
	"two", "three", "four", "five", "six", "seven", "eight", "nine",
	"zero", "enqueue", "edit-urls", "reload-urls", "cmdline",
	"set-filter", "select-filter", "clear-filter",
	"delete-article", "delete-all-articles",
	"purge-deleted", "view-dialogs", "close-dialog", "next-dialog",
	"prev-dialog", "macro-prefix", "goto-title",
	"article-feed", "mark-feed-read-and-go-to-next-unread",
};

static int
conf_in_list(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* The place bits a context word stands for; -1 unknown, 0 unsupported. */
static int
conf_context(struct conf_ctx *c, const char *cmd, const char *s)
{
	size_t i;
	char *q;

	for (i = 0; i < UTIL_ARRAY_LEN(conf_contexts); i++) {
		if (strcmp(s, conf_contexts[i].name) != 0)
			continue;
		if (conf_contexts[i].where == 0)
			conf_warn(c, "%s: tidings has no \"%s\" screen; line "
			    "ignored", cmd, s);
		return (int)conf_contexts[i].where;
	}
	q = conf_show(s);
	conf_warn(c, "%s: \"%s\" is not a context (all, feedlist, "
	    "articlelist, article, help, urlview); line ignored", cmd, q);
	free(q);
	return -1;
}

static int
conf_key_arg(struct conf_ctx *c, const char *cmd, const char *s)
{
	char *q;
	int key;

	key = conf_parse_key(s);
	if (key < 0) {
		q = conf_show(s);
		conf_warn(c, "%s: \"%s\" is not a key (one character, ^X, "
		    "ENTER, TAB, SPACE, ESC, BACKSPACE, UP, DOWN, LEFT, RIGHT, "
		    "PPAGE, NPAGE, HOME, END or F1 to F12); line ignored", cmd,
		    q);
		free(q);
	}
	return key;
}

static void
conf_add_bind(struct conf_ctx *c, int key, const char *action,
    unsigned where)
{
	struct conf *cf = c->cf;
	struct conf_bind *b;

	if (cf->nbinds >= CONF_MAX_BINDS) {
		conf_warn(c, "more than %d key bindings; line ignored",
		    CONF_MAX_BINDS);
		return;
	}
	cf->binds = xreallocarray(cf->binds, cf->nbinds + 1,
	    sizeof(*cf->binds));
	b = &cf->binds[cf->nbinds++];
	b->key = key;
	b->action = action ? xstrdup(action) : NULL;
	b->where = where;
}

static const char *
conf_where_name(unsigned where)
{
	switch (where) {
	case CONF_IN_FEEDLIST:		return "the feed list";
	case CONF_IN_ARTICLELIST:	return "an article list";
	case CONF_IN_ARTICLE:		return "the article view";
	case CONF_IN_TEXT:		return "help and the URL list";
	default:			return "that place";
	}
}

static void
conf_cmd_bind(struct conf_ctx *c, char **v, int n)
{
	const struct conf *cf = c->cf;
	const char *name = v[1];
	unsigned where = CONF_IN_ALL;
	size_t i;
	char *q;
	int key, w;

	if ((key = conf_key_arg(c, "bind-key", v[0])) < 0)
		return;
	if (n == 3) {
		if ((w = conf_context(c, "bind-key", v[2])) <= 0)
			return;
		where = (unsigned)w;
	}
	for (i = 0; i < UTIL_ARRAY_LEN(conf_op_aliases); i++)
		if (strcmp(name, conf_op_aliases[i].newsboat) == 0)
			name = conf_op_aliases[i].tidings;
	if (name == v[1] && conf_in_list(conf_newsboat_ops,
	    UTIL_ARRAY_LEN(conf_newsboat_ops), name)) {
		conf_warn(c, "bind-key: tidings has no action like "
		    "newsboat's \"%s\"; line ignored", name);
		return;
	}
	if (cf->actions != NULL) {
		for (i = 0; i < cf->nactions; i++)
			if (strcmp(cf->actions[i].name, name) == 0)
				break;
		if (i == cf->nactions) {
			q = conf_show(name);
			conf_warn(c, "bind-key: unknown action \"%s\" "
			    "(tidings --help-keys lists them); line ignored",
			    q);
			free(q);
			return;
		}
		if ((cf->actions[i].where & where) == 0) {
			conf_warn(c, "bind-key: \"%s\" does nothing in %s; "
			    "line ignored", name, conf_where_name(where));
			return;
		}
		where &= cf->actions[i].where;
	}
	conf_add_bind(c, key, name, where);
}

static void
conf_cmd_unbind(struct conf_ctx *c, char **v, int n)
{
	unsigned where = CONF_IN_ALL;
	int key, w;

	if (strcmp(v[0], "-a") == 0)
		key = CONF_KEY_ALL;
	else if ((key = conf_key_arg(c, "unbind-key", v[0])) < 0)
		return;
	if (n == 2) {
		if ((w = conf_context(c, "unbind-key", v[1])) <= 0)
			return;
		where = (unsigned)w;
	}
	conf_add_bind(c, key, NULL, where);
}

/* ---- Colours and highlights. ---- */

static const char *const conf_element_names[CONF_EL_COUNT] = {
	"background", "listnormal", "listfocus", "listnormal_unread",
	"listfocus_unread", "info", "article", "end-of-text-marker",
	"title", "hint-key", "hint-keys-delimiter", "hint-separator",
	"hint-description", "article-link", "article-mark", "article-quote",
};

const char *
conf_element_name(enum conf_element e)
{
	if ((unsigned)e >= CONF_EL_COUNT)
		return "";
	return conf_element_names[e];
}

static void
conf_cmd_color(struct conf_ctx *c, char **v, int n)
{
	struct conf_color col;
	size_t i;
	char *q;

	for (i = 0; i < CONF_EL_COUNT; i++)
		if (strcmp(v[0], conf_element_names[i]) == 0)
			break;
	if (i == CONF_EL_COUNT) {
		q = conf_show(v[0]);
		conf_warn(c, "color: \"%s\" is not an element (background, "
		    "listnormal, listfocus, listnormal_unread, "
		    "listfocus_unread, info, article, end-of-text-marker, "
		    "title, hint-key, hint-keys-delimiter, hint-separator, "
		    "hint-description, article-link, article-mark, "
		    "article-quote); line ignored",
		    q);
		free(q);
		return;
	}
	if (conf_parse_look(c, "color", v + 1, n - 1, 0, &col) != 0)
		return;
	c->cf->colors[i] = col;
}

static int
conf_rules_full(struct conf_ctx *c, size_t n, const char *cmd)
{
	if (n < CONF_MAX_RULES)
		return 0;
	conf_warn(c, "%s: more than %d of them; line ignored", cmd,
	    CONF_MAX_RULES);
	return 1;
}

static void
conf_cmd_highlight(struct conf_ctx *c, char **v, int n)
{
	static const struct {
		const char *name;
		unsigned where;
	} targets[] = {
		{ "all", CONF_IN_FEEDLIST | CONF_IN_ARTICLELIST |
		    CONF_IN_ARTICLE },
		{ "feedlist", CONF_IN_FEEDLIST },
		{ "articlelist", CONF_IN_ARTICLELIST },
		{ "article", CONF_IN_ARTICLE },
	};
	struct conf *cf = c->cf;
	struct conf_highlight *h;
	struct conf_color col;
	char err[200], *q;
	regex_t re;
	size_t i;

	if (conf_rules_full(c, cf->nhighlights, "highlight"))
		return;
	for (i = 0; i < UTIL_ARRAY_LEN(targets); i++)
		if (strcmp(v[0], targets[i].name) == 0)
			break;
	if (i == UTIL_ARRAY_LEN(targets)) {
		q = conf_show(v[0]);
		conf_warn(c, "highlight: \"%s\" is not a place (all, "
		    "feedlist, articlelist, article); line ignored", q);
		free(q);
		return;
	}
	if (conf_parse_look(c, "highlight", v + 2, n - 2, 1, &col) != 0)
		return;
	if (filter_regcomp(&re, v[1], REG_ICASE, err, sizeof(err)) != 0) {
		q = conf_show(v[1]);
		conf_warn(c, "highlight: bad regular expression \"%s\": %s; "
		    "line ignored", q, err);
		free(q);
		return;
	}
	cf->highlights = xreallocarray(cf->highlights, cf->nhighlights + 1,
	    sizeof(*cf->highlights));
	h = &cf->highlights[cf->nhighlights++];
	h->where = targets[i].where;
	h->pattern = xstrdup(v[1]);
	h->re = re;
	h->color = col;
}

static struct filter *
conf_filter_arg(struct conf_ctx *c, const char *cmd, const char *expr)
{
	struct filter *f;
	char err[300];

	f = filter_parse(expr, err, sizeof(err));
	if (f == NULL)
		conf_warn(c, "%s: bad filter expression: %s; line ignored",
		    cmd, err);
	return f;
}

static void
conf_cmd_hl_article(struct conf_ctx *c, char **v, int n)
{
	struct conf *cf = c->cf;
	struct conf_color col;
	struct filter *f;

	if (conf_rules_full(c, cf->nhl_articles, "highlight-article"))
		return;
	if (conf_parse_look(c, "highlight-article", v + 1, n - 1, 0,
	    &col) != 0)
		return;
	if ((f = conf_filter_arg(c, "highlight-article", v[0])) == NULL)
		return;
	cf->hl_articles = xreallocarray(cf->hl_articles,
	    cf->nhl_articles + 1, sizeof(*cf->hl_articles));
	cf->hl_articles[cf->nhl_articles].filter = f;
	cf->hl_articles[cf->nhl_articles].color = col;
	cf->nhl_articles++;
}

static void
conf_cmd_ignore(struct conf_ctx *c, char **v, int n)
{
	struct conf *cf = c->cf;
	struct filter *f;

	if (conf_rules_full(c, cf->nignores, "ignore-article"))
		return;
	if (v[0][0] == '\0') {
		conf_warn(c, "ignore-article: the feed is empty (a URL, or "
		    "\"*\" for every feed); line ignored");
		return;
	}
	if ((f = conf_filter_arg(c, "ignore-article", v[1])) == NULL)
		return;
	cf->ignores = xreallocarray(cf->ignores, cf->nignores + 1,
	    sizeof(*cf->ignores));
	cf->ignores[cf->nignores].feed = strcmp(v[0], "*") == 0 ? NULL :
	    xstrdup(v[0]);
	cf->ignores[cf->nignores].filter = f;
	cf->nignores++;
}

/* insecure-tls URL: that feed's certificate is not checked. */
static void
conf_cmd_insecure_tls(struct conf_ctx *c, char **v, int n)
{
	struct conf *cf = c->cf;
	char *q;

	if (conf_rules_full(c, cf->ninsecure_tls, "insecure-tls"))
		return;
	if (strncmp(v[0], "https://", 8) != 0 || v[0][8] == '\0') {
		q = conf_show(v[0]);
		conf_warn(c, "insecure-tls: \"%s\" is not an https:// feed "
		    "URL; line ignored", q);
		free(q);
		return;
	}
	cf->insecure_tls = xreallocarray(cf->insecure_tls,
	    cf->ninsecure_tls + 1, sizeof(*cf->insecure_tls));
	cf->insecure_tls[cf->ninsecure_tls++] = xstrdup(v[0]);
}

int
conf_insecure_tls(const struct conf *cf, const char *feed_url)
{
	size_t i;

	if (cf == NULL || feed_url == NULL)
		return 0;
	for (i = 0; i < cf->ninsecure_tls; i++)
		if (strcmp(cf->insecure_tls[i], feed_url) == 0)
			return 1;
	return 0;
}

int
conf_ignored(const struct conf *cf, const char *feed_url,
    const struct filter_item *it)
{
	size_t i;

	for (i = 0; i < cf->nignores; i++) {
		if (cf->ignores[i].feed != NULL && (feed_url == NULL ||
		    strcmp(cf->ignores[i].feed, feed_url) != 0))
			continue;
		if (filter_match(cf->ignores[i].filter, it))
			return 1;
	}
	return 0;
}

/*
 * reader-mode FEED no|open|refresh: FEED is a URL, "tag:NAME" or "*".
 * A rule per line, the last match winning, so "*" can set a default that
 * later lines override for one feed or tag.
 */
static void
conf_cmd_reader(struct conf_ctx *c, char **v, int n)
{
	static const char *const modes[] = { "no", "open", "refresh" };
	struct conf *cf = c->cf;
	struct conf_reader_rule *r;
	size_t i;
	char *q;

	if (conf_rules_full(c, cf->nreaders, "reader-mode"))
		return;
	if (v[0][0] == '\0' || strcmp(v[0], "tag:") == 0) {
		conf_warn(c, "reader-mode: the feed is empty (a URL, "
		    "tag:NAME, or \"*\" for every feed); line ignored");
		return;
	}
	for (i = 0; i < UTIL_ARRAY_LEN(modes); i++)
		if (strcmp(v[1], modes[i]) == 0)
			break;
	if (i == UTIL_ARRAY_LEN(modes)) {
		q = conf_show(v[1]);
		conf_warn(c, "reader-mode: expected no, open or refresh, not "
		    "\"%s\"; line ignored", q);
		free(q);
		return;
	}
	cf->readers = xreallocarray(cf->readers, cf->nreaders + 1,
	    sizeof(*cf->readers));
	r = &cf->readers[cf->nreaders++];
	memset(r, 0, sizeof(*r));
	r->mode = (enum conf_reader)i;
	if (strncmp(v[0], "tag:", 4) == 0)
		r->tag = xstrdup(v[0] + 4);
	else if (strcmp(v[0], "*") != 0)
		r->feed = xstrdup(v[0]);
}

enum conf_reader
conf_reader_mode(const struct conf *cf, const char *feed_url,
    char *const *tags, size_t n_tags)
{
	size_t i, k;

	if (cf == NULL)
		return CONF_READER_NO;
	for (i = cf->nreaders; i-- > 0;) {
		const struct conf_reader_rule *r = &cf->readers[i];

		if (r->feed != NULL) {
			if (feed_url != NULL && strcmp(r->feed, feed_url) == 0)
				return r->mode;
			continue;
		}
		if (r->tag == NULL)
			return r->mode;
		for (k = 0; k < n_tags; k++)
			if (strcmp(tags[k], r->tag) == 0)
				return r->mode;
	}
	return CONF_READER_NO;
}

/* ---- Words with a fixed set of values. ---- */

static int
conf_choice(struct conf_ctx *c, const char *cmd, const char *s,
    const char *a, const char *b)
{
	char *q;

	if (strcmp(s, a) == 0)
		return 0;
	if (strcmp(s, b) == 0)
		return 1;
	q = conf_show(s);
	conf_warn(c, "%s: expected %s or %s, not \"%s\"; line ignored", cmd,
	    a, b, q);
	free(q);
	return -1;
}

static void
conf_cmd_layout(struct conf_ctx *c, char **v, int n)
{
	int r = conf_choice(c, "layout", v[0], "classic", "split");

	if (r >= 0)
		c->cf->layout = r ? CONF_LAYOUT_SPLIT : CONF_LAYOUT_CLASSIC;
}

static void
conf_cmd_align(struct conf_ctx *c, char **v, int n)
{
	int r = conf_choice(c, "text-align", v[0], "center", "left");

	if (r >= 0)
		c->cf->text_left = r;
}

/*
 * browser: kept as written, but a command a shell would be needed for is
 * reported here, since tidings runs it without one and it would fail.
 */
static void
conf_cmd_browser(struct conf_ctx *c, char **v, int n)
{
	char why[128], *q, **w, *cmd;

	free(c->cf->browser);
	c->cf->browser = v[0][0] != '\0' ? xstrdup(v[0]) : NULL;
	if (c->cf->browser == NULL)
		return;
	cmd = xstrdup(v[0]);
	conf_command_tail(cmd);
	w = conf_command_words(cmd, why, sizeof(why));
	free(cmd);
	if (w != NULL) {
		conf_words_free(w);
		return;
	}
	q = conf_show(v[0]);
	conf_warn(c, "browser \"%s\": %s; tidings runs the browser as a "
	    "program with arguments, not through a shell, so opening a link "
	    "would fail (give the program and its arguments; quotes group "
	    "words, %%u is the URL)", q, why);
	free(q);
}

static void
conf_cmd_preview_delay(struct conf_ctx *c, char **v, int n)
{
	char *q;
	int x;

	if (strcmp(v[0], "no") == 0) {
		c->cf->preview_read_delay = 0;
		return;
	}
	if (conf_parse_int(v[0], 0, CONF_MAX_PREVIEW_DELAY, &x) == 0) {
		c->cf->preview_read_delay = x;
		return;
	}
	q = conf_show(v[0]);
	conf_warn(c, "preview-read-delay: expected a number of seconds from "
	    "0 to %d, or no, not \"%s\"; line ignored",
	    CONF_MAX_PREVIEW_DELAY, q);
	free(q);
}

static void
conf_cmd_ignore_mode(struct conf_ctx *c, char **v, int n)
{
	int r = conf_choice(c, "ignore-mode", v[0], "download", "display");

	if (r >= 0)
		c->cf->ignore_mode = r ? CONF_IGNORE_DISPLAY :
		    CONF_IGNORE_DOWNLOAD;
}

/* ---- Sort orders. ---- */

static const struct {
	const char *name;
	enum conf_sort_field field;
	int	 feeds;		/* a field of the feed list's */
} conf_sort_fields[] = {
	{ "date", CONF_SORT_DATE, 0 },
	{ "title", CONF_SORT_TITLE, 0 },
	{ "flags", CONF_SORT_FLAGS, 0 },
	{ "author", CONF_SORT_AUTHOR, 0 },
	{ "link", CONF_SORT_LINK, 0 },
	{ "guid", CONF_SORT_GUID, 0 },
	{ "none", CONF_SORT_NONE, 1 },
	{ "firsttag", CONF_SORT_FIRSTTAG, 1 },
	{ "title", CONF_SORT_TITLE, 1 },
	{ "articlecount", CONF_SORT_ARTICLECOUNT, 1 },
	{ "unreadarticlecount", CONF_SORT_UNREADCOUNT, 1 },
	{ "lastupdated", CONF_SORT_LASTUPDATED, 1 },
};

int
conf_sort_parse(const char *s, int feeds, struct conf_sort *out)
{
	const char *dash = strchr(s, '-');
	size_t i, len = dash != NULL ? (size_t)(dash - s) : strlen(s);
	int desc;

	for (i = 0; i < UTIL_ARRAY_LEN(conf_sort_fields); i++)
		if (conf_sort_fields[i].feeds == (feeds != 0) &&
		    strlen(conf_sort_fields[i].name) == len &&
		    strncmp(conf_sort_fields[i].name, s, len) == 0)
			break;
	if (i == UTIL_ARRAY_LEN(conf_sort_fields))
		return -1;
	if (dash == NULL)
		desc = feeds || conf_sort_fields[i].field == CONF_SORT_DATE;
	else if (strcmp(dash, "-asc") == 0)
		desc = 0;
	else if (strcmp(dash, "-desc") == 0)
		desc = 1;
	else
		return -1;
	out->field = conf_sort_fields[i].field;
	out->desc = desc;
	return 0;
}

void
conf_sort_name(const struct conf_sort *o, char *buf, size_t len)
{
	const char *name = "?";
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(conf_sort_fields); i++)
		if (conf_sort_fields[i].field == o->field) {
			name = conf_sort_fields[i].name;
			break;
		}
	snprintf(buf, len, "%s-%s", name, o->desc ? "desc" : "asc");
}

static void
conf_cmd_sort(struct conf_ctx *c, const char *cmd, const char *s, int feeds,
    struct conf_sort *out)
{
	char *q;

	if (conf_sort_parse(s, feeds, out) == 0)
		return;
	q = conf_show(s);
	conf_warn(c, "%s: expected %s, each with -asc or -desc or neither, "
	    "not \"%s\"; line ignored", cmd, feeds ? "none, firsttag, title, "
	    "articlecount, unreadarticlecount or lastupdated" : "date, title, "
	    "flags, author, link or guid", q);
	free(q);
}

static void
conf_cmd_article_sort(struct conf_ctx *c, char **v, int n)
{
	(void)n;
	conf_cmd_sort(c, "article-sort-order", v[0], 0, &c->cf->article_sort);
}

static void
conf_cmd_feed_sort(struct conf_ctx *c, char **v, int n)
{
	(void)n;
	conf_cmd_sort(c, "feed-sort-order", v[0], 1, &c->cf->feed_sort);
}

/* ---- Paths and include. ---- */

/* "~" and "~/..." with $HOME; anything else as it is. Caller frees. */
static char *
conf_expand(const char *path)
{
	const char *home;

	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0')) {
		home = getenv("HOME");
		if (home != NULL && home[0] != '\0')
			return xasprintf("%s%s", home, path + 1);
	}
	return xstrdup(path);
}

static void conf_read_file(struct conf_ctx *, const char *);

static void
conf_cmd_include(struct conf_ctx *c, char **v, int n)
{
	const char *slash;
	char *path, *full;

	if (v[0][0] == '\0') {
		conf_warn(c, "include: the file name is empty; line ignored");
		return;
	}
	path = conf_expand(v[0]);
	slash = strrchr(c->file, '/');
	if (path[0] != '/' && slash != NULL)
		full = xasprintf("%.*s/%s", (int)(slash - c->file), c->file,
		    path);
	else
		full = xstrdup(path);
	free(path);
	if (c->depth >= CONF_MAX_DEPTH) {
		path = conf_show(full);
		conf_warn(c, "include: files nested more than %d deep; \"%s\" "
		    "not read", CONF_MAX_DEPTH, path);
		free(path);
		free(full);
		return;
	}
	conf_read_file(c, full);
	free(full);
}

/* ---- The commands. ---- */

enum conf_type {
	CT_BOOL,
	CT_INT,
	CT_STR,		/* "" means unset (NULL) */
	CT_PATH,	/* CT_STR with "~/" expanded */
	CT_FMT_FEED,
	CT_FMT_ARTICLE,
	CT_FMT,
	CT_FN,
};

struct conf_cmd {
	const char *name;
	const char *usage;	/* the arguments, for messages */
	int	 min, max;	/* argument counts */
	enum conf_type type;
	size_t	 off;		/* of the field in struct conf */
	int	 lo, hi;	/* CT_INT range */
	void	(*fn)(struct conf_ctx *, char **, int);
};

#define F(x)	offsetof(struct conf, x)

static const struct conf_cmd conf_cmds[] = {
	{ "article-sort-order", "FIELD[-asc|-desc]", 1, 1, CT_FN, 0, 0, 0,
	  conf_cmd_article_sort },
	{ "articlelist-format", "FORMAT", 1, 1, CT_FMT_ARTICLE,
	  F(articlelist_format), 0, 0, NULL },
	{ "auto-reload", "yes|no", 1, 1, CT_BOOL, F(auto_reload), 0, 0,
	  NULL },
	{ "bind-key", "KEY ACTION [CONTEXT]", 2, 3, CT_FN, 0, 0, 0,
	  conf_cmd_bind },
	{ "bookmark-cmd", "COMMAND", 1, 1, CT_PATH, F(bookmark_cmd), 0, 0,
	  NULL },
	{ "browser", "COMMAND", 1, 1, CT_FN, 0, 0, 0, conf_cmd_browser },
	{ "color", "ELEMENT FOREGROUND BACKGROUND [ATTRIBUTE...]", 3,
	  3 + (int)UTIL_ARRAY_LEN(conf_attr_names), CT_FN, 0, 0, 0,
	  conf_cmd_color },
	{ "confirm-mark-all-feeds-read", "yes|no", 1, 1, CT_BOOL,
	  F(confirm_mark_all_feeds_read), 0, 0, NULL },
	{ "datetime-format", "FORMAT", 1, 1, CT_FMT, F(datetime_format), 0,
	  0, NULL },
	{ "feed-sort-order", "FIELD[-asc|-desc]", 1, 1, CT_FN, 0, 0, 0,
	  conf_cmd_feed_sort },
	{ "feedlist-format", "FORMAT", 1, 1, CT_FMT_FEED,
	  F(feedlist_format), 0, 0, NULL },
	{ "highlight", "PLACE REGEX FOREGROUND [BACKGROUND [ATTRIBUTE...]]",
	  3, 4 + (int)UTIL_ARRAY_LEN(conf_attr_names), CT_FN, 0, 0, 0,
	  conf_cmd_highlight },
	{ "highlight-article", "FILTER FOREGROUND BACKGROUND [ATTRIBUTE...]",
	  3, 3 + (int)UTIL_ARRAY_LEN(conf_attr_names), CT_FN, 0, 0, 0,
	  conf_cmd_hl_article },
	{ "hyperlinks", "yes|no", 1, 1, CT_BOOL, F(hyperlinks), 0, 0, NULL },
	{ "ignore-article", "FEED FILTER", 2, 2, CT_FN, 0, 0, 0,
	  conf_cmd_ignore },
	{ "ignore-mode", "download|display", 1, 1, CT_FN, 0, 0, 0,
	  conf_cmd_ignore_mode },
	{ "include", "FILE", 1, 1, CT_FN, 0, 0, 0, conf_cmd_include },
	{ "insecure-tls", "URL", 1, 1, CT_FN, 0, 0, 0,
	  conf_cmd_insecure_tls },
	{ "keep-articles-days", "DAYS", 1, 1, CT_INT, F(keep_articles_days),
	  0, 36500, NULL },
	{ "layout", "classic|split", 1, 1, CT_FN, 0, 0, 0,
	  conf_cmd_layout },
	{ "mark-as-read-on-hover", "yes|no", 1, 1, CT_BOOL,
	  F(mark_as_read_on_hover), 0, 0, NULL },
	{ "max-items", "NUMBER", 1, 1, CT_INT, F(max_items), 0, 1000000,
	  NULL },
	{ "mouse", "yes|no", 1, 1, CT_BOOL, F(mouse), 0, 0, NULL },
	{ "notify-program", "PROGRAM", 1, 1, CT_PATH, F(notify_program), 0,
	  0, NULL },
	{ "preview-read-delay", "SECONDS|no", 1, 1, CT_FN, 0, 0, 0,
	  conf_cmd_preview_delay },
	{ "reader-mode", "FEED no|open|refresh", 2, 2, CT_FN, 0, 0, 0,
	  conf_cmd_reader },
	{ "refresh-on-startup", "yes|no", 1, 1, CT_BOOL,
	  F(refresh_on_startup), 0, 0, NULL },
	{ "reload-time", "MINUTES", 1, 1, CT_INT, F(reload_time), 1, 10080,
	  NULL },
	{ "save-path", "DIRECTORY", 1, 1, CT_PATH, F(save_path), 0, 0,
	  NULL },
	{ "show-read-articles", "yes|no", 1, 1, CT_BOOL,
	  F(show_read_articles), 0, 0, NULL },
	{ "show-read-feeds", "yes|no", 1, 1, CT_BOOL, F(show_read_feeds), 0,
	  0, NULL },
	{ "text-align", "center|left", 1, 1, CT_FN, 0, 0, 0,
	  conf_cmd_align },
	{ "text-width", "COLUMNS", 1, 1, CT_INT, F(text_width), 0, 1000,
	  NULL },
	{ "unbind-key", "KEY|-a [CONTEXT]", 1, 2, CT_FN, 0, 0, 0,
	  conf_cmd_unbind },
};

#undef F

const char *
conf_command_name(size_t i)
{
	return i < UTIL_ARRAY_LEN(conf_cmds) ? conf_cmds[i].name : NULL;
}

/* newsboat's commands that tidings reads but does not have. */
static const char *const conf_newsboat_cmds[] = {
	"always-display-description", "always-download",
	"articlelist-title-format",
	"bookmark-autopilot", "bookmark-interactive", "cache-file",
	"cleanup-on-quit", "confirm-exit", "cookie-cache", "define-filter",
	"delete-read-articles-on-quit", "dialogs-title-format",
	"dirbrowser-title-format", "display-article-progress",
	"download-full-page", "download-path", "download-retries",
	"download-timeout", "error-log", "external-url-viewer",
	"feedhq-flag-share", "feedhq-flag-star",
	"feedhq-login", "feedhq-min-items", "feedhq-password",
	"feedhq-passwordeval", "feedhq-passwordfile",
	"feedhq-show-special-feeds", "feedhq-url", "feedlist-title-format",
	"filebrowser-title-format", "goto-first-unread", "goto-next-feed",
	"help-title-format", "history-limit", "html-renderer",
	"http-auth-method", "inoreader-app-id", "inoreader-app-key",
	"inoreader-flag-share", "inoreader-flag-star", "inoreader-login",
	"inoreader-min-items", "inoreader-password",
	"inoreader-passwordeval", "inoreader-passwordfile",
	"inoreader-show-special-feeds", "itemview-title-format", "macro",
	"max-browser-tabs", "max-download-speed",
	"max-downloads", "miniflux-login", "miniflux-password",
	"miniflux-passwordeval", "miniflux-passwordfile", "miniflux-url",
	"newsblur-login", "newsblur-min-items", "newsblur-password",
	"newsblur-passwordeval", "newsblur-passwordfile", "newsblur-url",
	"notify-always", "notify-beep", "notify-format", "notify-screen",
	"notify-xterm", "ocnews-flag-star", "ocnews-login",
	"ocnews-password", "ocnews-passwordeval", "ocnews-passwordfile",
	"ocnews-url", "oldreader-flag-share", "oldreader-flag-star",
	"oldreader-login", "oldreader-min-items", "oldreader-password",
	"oldreader-passwordeval", "oldreader-passwordfile",
	"oldreader-show-special-feeds",
	"openbrowser-and-mark-jumps-to-next-unread", "opml-url", "pager",
	"player", "podcast-auto-enqueue", "podlist-format",
	"prepopulate-query-feeds", "proxy", "proxy-auth",
	"proxy-auth-method", "proxy-type", "reload-only-visible-feeds",
	"reload-threads", "reset-unread-on-update", "run-on-startup",
	"scrolloff", "search-highlight-colors", "searchresult-title-format",
	"selectfilter-title-format", "selecttag-format",
	"selecttag-title-format", "show-keymap-hint", "show-title-bar",
	"ssl-verifyhost", "ssl-verifypeer", "suppress-first-reload",
	"swap-title-and-hints", "toggleitemread-jumps-to-next-unread",
	"ttrss-flag-publish", "ttrss-flag-star", "ttrss-login", "ttrss-mode",
	"ttrss-password", "ttrss-passwordeval", "ttrss-passwordfile",
	"ttrss-url", "urls-source", "urlview-title-format", "use-proxy",
	"user-agent", "wrap-scroll",
};

static const char conf_feed_letters[] = "dilLnStTuUc";
static const char conf_article_letters[] = "aDfndFitTL";

static char conf_fmt_unknown(const char *, const char *);

static void
conf_set_string(struct conf *cf, size_t off, const char *value, int path,
    int keep_empty)
{
	char **field = (char **)(void *)((char *)cf + off);

	free(*field);
	if (value[0] == '\0' && !keep_empty)
		*field = NULL;
	else
		*field = path ? conf_expand(value) : xstrdup(value);
}

static void
conf_apply(struct conf_ctx *c, const struct conf_cmd *cmd, char **v, int n)
{
	int *ival = (int *)(void *)((char *)c->cf + cmd->off), x;
	const char *letters;
	char bad, *q;

	switch (cmd->type) {
	case CT_BOOL:
		if (conf_parse_bool(v[0], &x) == 0) {
			*ival = x;
			return;
		}
		q = conf_show(v[0]);
		conf_warn(c, "%s: expected yes or no, not \"%s\"; line "
		    "ignored", cmd->name, q);
		free(q);
		return;
	case CT_INT:
		if (conf_parse_int(v[0], cmd->lo, cmd->hi, &x) == 0) {
			*ival = x;
			return;
		}
		q = conf_show(v[0]);
		conf_warn(c, "%s: expected a whole number from %d to %d, not "
		    "\"%s\"; line ignored", cmd->name, cmd->lo, cmd->hi, q);
		free(q);
		return;
	case CT_STR:
	case CT_PATH:
		conf_set_string(c->cf, cmd->off, v[0], cmd->type == CT_PATH,
		    0);
		return;
	case CT_FMT_FEED:
	case CT_FMT_ARTICLE:
		letters = cmd->type == CT_FMT_FEED ? conf_feed_letters :
		    conf_article_letters;
		if ((bad = conf_fmt_unknown(v[0], letters)) != 0)
			conf_warn(c, "%s: %%%c stands for nothing here and "
			    "shows as empty (known: %s)", cmd->name, bad,
			    letters);
		conf_set_string(c->cf, cmd->off, v[0], 0, 1);
		if (cmd->type == CT_FMT_FEED)
			c->cf->feedlist_format_set = 1;
		else
			c->cf->articlelist_format_set = 1;
		return;
	case CT_FMT:
		conf_set_string(c->cf, cmd->off, v[0], 0, 1);
		return;
	case CT_FN:
		cmd->fn(c, v, n);
		return;
	}
}

/* Handles one line (NUL-terminated, no newline). */
static void
conf_line(struct conf_ctx *c, char *line)
{
	const struct conf_cmd *cmd = NULL;
	char *v[CONF_MAX_ARGS], *q;
	size_t i;
	int n;

	if (conf_strip(line) != 0) {
		conf_warn(c, "backtick command substitution is not "
		    "supported (nothing was run); line ignored");
		return;
	}
	if ((n = conf_split(c, line, v)) <= 0)
		return;
	for (i = 0; i < UTIL_ARRAY_LEN(conf_cmds); i++) {
		if (strcmp(v[0], conf_cmds[i].name) == 0) {
			cmd = &conf_cmds[i];
			break;
		}
	}
	if (cmd == NULL) {
		q = conf_show(v[0]);
		if (conf_in_list(conf_newsboat_cmds,
		    UTIL_ARRAY_LEN(conf_newsboat_cmds), v[0]))
			conf_warn(c, "\"%s\" is a newsboat command tidings "
			    "does not have; ignored", q);
		else
			conf_warn(c, "unknown command \"%s\"; line ignored", q);
		free(q);
	} else if (n - 1 < cmd->min)
		conf_warn(c, "%s: too few arguments (%s %s); line ignored",
		    cmd->name, cmd->name, cmd->usage);
	else if (n - 1 > cmd->max)
		conf_warn(c, "%s: too many arguments (%s %s; a value with "
		    "blanks goes in double quotes); line ignored", cmd->name,
		    cmd->name, cmd->usage);
	else
		conf_apply(c, cmd, v + 1, n - 1);
	conf_free_words(v, n);
}

/* Runs every line of text (len bytes). */
static void
conf_text(struct conf_ctx *c, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	char *line;
	size_t n;
	int saved = c->line;

	c->line = 0;
	while (p < end) {
		c->line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > CONF_MAX_LINE)
			conf_warn(c, "the line is longer than %d bytes; "
			    "ignored", CONF_MAX_LINE);
		else if (memchr(p, '\0', n) != NULL)
			conf_warn(c, "the line holds a NUL byte; ignored");
		else {
			if (n > 0 && p[n - 1] == '\r')
				n--;
			line = xstrndup(p, n);
			conf_line(c, line);
			free(line);
		}
		p = nl ? nl + 1 : end;
	}
	c->line = saved;
}

/*
 * Reads a whole file of at most CONF_MAX_FILE bytes: a regular file, or
 * anything else that reads like one (/dev/null, a pipe from the shell's
 * <(...)), as newsboat takes them. Returns 0, or an errno value (EFBIG:
 * too large, EISDIR: a directory).
 */
static int
conf_slurp(const char *path, char **text, size_t *len, struct stat *st)
{
	struct buf b;
	char chunk[8192];
	ssize_t r;
	int fd, e;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (fstat(fd, st) != 0) {
		e = errno;
		close(fd);
		return e;
	}
	if (S_ISDIR(st->st_mode)) {
		close(fd);
		return EISDIR;
	}
	/*
	 * O_NONBLOCK kept open() from waiting for a FIFO's writer; reads
	 * wait for the bytes (a FIFO with no writer reads as empty). The
	 * buffer's maximum bounds what a device that never ends gives.
	 */
	if (!S_ISREG(st->st_mode) &&
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1) {
		e = errno;
		close(fd);
		return e;
	}
	if (S_ISREG(st->st_mode) && st->st_size > CONF_MAX_FILE) {
		close(fd);
		return EFBIG;
	}
	buf_init(&b, CONF_MAX_FILE);
	for (;;) {
		r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			close(fd);
			buf_free(&b);
			return e;
		}
		if (r == 0)
			break;
		if (buf_append(&b, chunk, (size_t)r) != 0) {
			close(fd);
			buf_free(&b);
			return EFBIG;
		}
	}
	close(fd);
	*len = b.len;
	*text = buf_detach(&b);
	return 0;
}

static const char *
conf_errstr(int e)
{
	if (e == EISDIR)
		return "a directory";
	if (e == EFBIG)
		return "larger than 1 MiB";
	return strerror(e);
}

/* Reads an included file (or the top one when nopen is 0). */
static void
conf_read_file(struct conf_ctx *c, const char *path)
{
	const char *saved_file = c->file;
	struct stat st;
	char *text = NULL, *q;
	size_t len = 0;
	int e, i;

	e = conf_slurp(path, &text, &len, &st);
	if (e != 0) {
		q = conf_show(path);
		conf_warn(c, "include: cannot read \"%s\": %s", q,
		    conf_errstr(e));
		free(q);
		return;
	}
	for (i = 0; i < c->nopen; i++) {
		if (c->open[i].dev == st.st_dev &&
		    c->open[i].ino == st.st_ino) {
			q = conf_show(path);
			conf_warn(c, "include: \"%s\" is already being read "
			    "(an include loop); not read again", q);
			free(q);
			free(text);
			return;
		}
	}
	c->open[c->nopen].dev = st.st_dev;
	c->open[c->nopen].ino = st.st_ino;
	c->nopen++;
	c->depth++;
	c->file = path;
	conf_text(c, text, len);
	c->file = saved_file;
	c->depth--;
	c->nopen--;
	free(text);
}

static void
conf_ctx_init(struct conf_ctx *c, struct conf *cf, struct conf_msgs *m,
    const char *file)
{
	memset(c, 0, sizeof(*c));
	c->cf = cf;
	c->msgs = m;
	c->file = file;
}

enum conf_status
conf_load(struct conf *cf, const char *path, struct conf_msgs *msgs)
{
	struct conf_ctx c;
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int e;

	conf_ctx_init(&c, cf, msgs, path);
	e = conf_slurp(path, &text, &len, &st);
	if (e == ENOENT)
		return CONF_MISSING;
	if (e != 0) {
		conf_warn(&c, "cannot read the configuration: %s",
		    conf_errstr(e));
		return CONF_ERROR;
	}
	c.open[0].dev = st.st_dev;
	c.open[0].ino = st.st_ino;
	c.nopen = 1;
	conf_text(&c, text, len);
	free(text);
	return CONF_OK;
}

void
conf_load_text(struct conf *cf, const char *name, const char *text,
    size_t len, struct conf_msgs *msgs)
{
	struct conf_ctx c;

	conf_ctx_init(&c, cf, msgs, name);
	conf_text(&c, text, len);
}

int
conf_check(const char *path, const struct conf_action *actions,
    size_t nactions, FILE *out)
{
	struct conf_msgs m;
	struct conf cf;
	enum conf_status st;
	size_t i;
	int n;

	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	cf.actions = actions;
	cf.nactions = nactions;
	st = conf_load(&cf, path, &m);
	if (st == CONF_MISSING) {
		fprintf(out, "%s: %s\n", path, strerror(ENOENT));
		conf_free(&cf);
		return -1;
	}
	for (i = 0; i < m.n; i++)
		fprintf(out, "%s\n", m.v[i]);
	if (m.dropped > 0)
		fprintf(out, "%s: %zu more %s not shown\n", path,
		    m.dropped, util_plural((long long)m.dropped, "message",
		    "messages"));
	n = st == CONF_ERROR ? -1 : (int)(m.n + m.dropped);
	conf_msgs_free(&m);
	conf_free(&cf);
	return n;
}

/* ---- Format strings. ---- */

/*
 * The first specifier letter of fmt that is not in letters (0 if none),
 * reading fmt as conf_format() does.
 */
static char
conf_fmt_unknown(const char *fmt, const char *letters)
{
	const char *p = fmt;

	while ((p = strchr(p, '%')) != NULL) {
		p++;
		if (*p == '%' || *p == '\0') {
			p += *p != '\0';
			continue;
		}
		if (*p == '>') {
			p += p[1] != '\0' ? 2 : 1;
			continue;
		}
		if (*p == '?') {
			if (p[1] != '\0' && strchr(letters, p[1]) == NULL &&
			    (unsigned char)p[1] < 0x80)
				return p[1];
			p += p[1] != '\0' ? 2 : 1;
			continue;
		}
		if (*p == '=' || *p == '-')
			p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '\0')
			break;
		if ((unsigned char)*p < 0x80 && strchr(letters, *p) == NULL &&
		    *p != '&' && *p != '?')
			return *p;
		p++;
	}
	return 0;
}

int
conf_format_uses(const char *fmt, char letter)
{
	const char *p = fmt;

	/* Read as conf_fmt_unknown() reads it. */
	while (p != NULL && (p = strchr(p, '%')) != NULL) {
		p++;
		if (*p == '%' || *p == '\0') {
			p += *p != '\0';
			continue;
		}
		if (*p == '>') {
			p += p[1] != '\0' ? 2 : 1;
			continue;
		}
		if (*p == '?') {
			if (p[1] == letter)
				return 1;
			p += p[1] != '\0' ? 2 : 1;
			continue;
		}
		if (*p == '=' || *p == '-')
			p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '\0')
			break;
		if (*p == letter)
			return 1;
		p++;
	}
	return 0;
}

/* Appends v with control characters made harmless; returns columns. */
static int
conf_fmt_put(struct buf *out, const char *v, int maxw)
{
	uint32_t cp;
	size_t n, len;
	char enc[4];
	int w = 0, cw;

	if (v == NULL)
		return 0;
	len = strlen(v);
	while (len > 0) {
		n = str_utf8_decode(v, len, &cp);
		if (n == 0)
			n = 1;		/* cp is the byte's windows-1252 */
		if (cp == '\t' || cp == '\n' || cp == '\r')
			cp = ' ';
		v += n;
		len -= n;
		if (str_is_unsafe(cp))
			continue;
		cw = str_cp_width(cp);
		if (maxw >= 0 && w + cw > maxw)
			break;
		buf_append(out, enc, str_utf8_encode(cp, enc));
		w += cw;
	}
	return w;
}

/* Does v hold anything but blanks? */
static int
conf_fmt_nonblank(const char *v)
{
	for (; v != NULL && *v != '\0'; v++)
		if (*v != ' ' && *v != '\t' && *v != '\n' && *v != '\r')
			return 1;
	return 0;
}

static void
conf_fmt_pad(struct buf *out, int n)
{
	while (n-- > 0)
		buf_putc(out, ' ');
}

/*
 * One value with its padding: pad > 0 on the left, < 0 on the right, or
 * centred in pad columns (0: the whole width, as newsboat's %=t).
 */
static void
conf_fmt_value(struct buf *out, const char *v, int pad, int center,
    int width)
{
	struct buf tmp;
	int w, want;

	if (center && pad == 0)
		pad = width;
	if (pad == 0) {
		conf_fmt_put(out, v, -1);
		return;
	}
	want = pad < 0 ? -pad : pad;
	buf_init(&tmp, CONF_FMT_MAXOUT);
	w = conf_fmt_put(&tmp, v, want);
	if (center) {
		conf_fmt_pad(out, (want - w) / 2);
		buf_append(out, tmp.data ? tmp.data : "", tmp.len);
		conf_fmt_pad(out, want - w - (want - w) / 2);
	} else if (pad > 0) {
		conf_fmt_pad(out, want - w);
		buf_append(out, tmp.data ? tmp.data : "", tmp.len);
	} else {
		buf_append(out, tmp.data ? tmp.data : "", tmp.len);
		conf_fmt_pad(out, want - w);
	}
	buf_free(&tmp);
}

/* Reads [-]digits or =digits; clamps to CONF_FMT_MAXW. */
static const char *
conf_fmt_width(const char *p, int *pad, int *center)
{
	int neg = 0, w = 0;

	*center = 0;
	if (*p == '=') {
		*center = 1;
		p++;
	} else if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++)
		if (w <= CONF_FMT_MAXW)
			w = w * 10 + (*p - '0');
	if (w > CONF_FMT_MAXW)
		w = CONF_FMT_MAXW;
	*pad = neg ? -w : w;
	return p;
}

/*
 * Formats from *pp into out until the end, or (in a conditional branch)
 * until '&' or '?'. width is for %>.
 */
static void
conf_fmt_run(const char **pp, const struct conf_fmt *vals, int width,
    int in_branch, struct buf *out)
{
	const char *p = *pp, *rest;
	size_t start = out->len, n;
	struct buf scratch;
	uint32_t fill;
	char enc[4];
	int pad, center, used, k;
	unsigned char key;

	while (*p != '\0') {
		if (in_branch && (*p == '&' || *p == '?'))
			break;
		if (*p != '%') {
			n = strcspn(p, in_branch ? "%&?" : "%");
			buf_append(out, p, n);
			p += n;
			continue;
		}
		p++;
		if (*p == '\0')
			break;
		if (*p == '%') {
			buf_putc(out, '%');
			p++;
		} else if (*p == '>') {
			p++;
			if (*p == '\0')
				break;
			n = str_utf8_decode(p, strlen(p), &fill);
			if (n == 0)
				n = 1;
			p += n;
			if (str_is_unsafe(fill) || fill == '\t')
				fill = ' ';
			n = str_utf8_encode(fill, enc);
			if (width <= 0) {
				buf_append(out, enc, n);
				continue;
			}
			/* What follows, at no width, decides the fill. */
			buf_init(&scratch, CONF_FMT_MAXOUT);
			rest = p;
			conf_fmt_run(&rest, vals, 0, in_branch, &scratch);
			used = (int)str_width(out->data ? out->data + start :
			    "") + (int)str_width(scratch.data ?
			    scratch.data : "");
			buf_free(&scratch);
			for (k = used; k < width && k < 10000;
			    k += str_cp_width(fill) > 0 ?
			    str_cp_width(fill) : 1)
				buf_append(out, enc, n);
		} else if (*p == '?' && !in_branch) {
			key = (unsigned char)p[1];
			if (key == '\0' || p[2] != '?') {
				p += key ? 2 : 1;
				continue;
			}
			p += 3;
			if (key < 0x80 && conf_fmt_nonblank(vals->v[key])) {
				conf_fmt_run(&p, vals, width, 1, out);
				buf_init(&scratch, CONF_FMT_MAXOUT);
				if (*p == '&') {
					p++;
					conf_fmt_run(&p, vals, width, 1,
					    &scratch);
				}
			} else {
				buf_init(&scratch, CONF_FMT_MAXOUT);
				conf_fmt_run(&p, vals, width, 1, &scratch);
				if (*p == '&') {
					p++;
					conf_fmt_run(&p, vals, width, 1,
					    out);
				}
			}
			buf_free(&scratch);
			if (*p == '?')
				p++;
		} else {
			p = conf_fmt_width(p, &pad, &center);
			if (*p == '\0')
				break;
			n = str_utf8_decode(p, strlen(p), &fill);
			key = (unsigned char)*p;
			p += n ? n : 1;
			if (key >= 0x80)
				continue;
			conf_fmt_value(out, vals->v[key], pad, center, width);
		}
	}
	*pp = p;
}

char *
conf_format(const char *fmt, const struct conf_fmt *vals, int width)
{
	struct buf out;
	const char *p = fmt ? fmt : "";

	if (width > 10000)
		width = 10000;
	buf_init(&out, CONF_FMT_MAXOUT);
	conf_fmt_run(&p, vals, width, 0, &out);
	/* The format's own text is the user's, but never a control. */
	return str_clean_inplace(buf_detach(&out), 0);
}

/* Credentials in a URL shown as "*:*", as newsboat does. */
static char *
conf_censor_url(const char *url)
{
	const char *auth, *end, *at, *q;

	if (url == NULL)
		return xstrdup("");
	auth = strstr(url, "://");
	if (auth == NULL)
		return xstrdup(url);
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (q = auth; q < end; q++)
		if (*q == '@')
			at = q;
	if (at == NULL)
		return xstrdup(url);
	return xasprintf("%.*s*:*%s", (int)(auth - url), url, at);
}

char *
conf_format_feed(const char *fmt, const struct conf_feed_row *r, int width)
{
	struct conf_fmt f;
	char idx[24], unread[24], total[24], both[56], st[2], *link, *url;
	char *out;

	memset(&f, 0, sizeof(f));
	snprintf(idx, sizeof(idx), "%lld", (long long)r->index);
	snprintf(unread, sizeof(unread), "%lld", (long long)r->unread);
	snprintf(total, sizeof(total), "%lld", (long long)r->total);
	snprintf(both, sizeof(both), "(%lld/%lld)", (long long)r->unread,
	    (long long)r->total);
	st[0] = r->status ? r->status : ' ';
	st[1] = '\0';
	link = conf_censor_url(r->link);
	url = conf_censor_url(r->url);
	f.v['i'] = idx;
	f.v['u'] = both;
	f.v['U'] = unread;
	f.v['c'] = total;
	f.v['n'] = r->unread > 0 ? "N" : " ";
	f.v['S'] = st;
	if (r->title != NULL && r->title[0] != '\0')
		f.v['t'] = r->title;
	else
		f.v['t'] = url[0] != '\0' ? url : "<no title>";
	f.v['T'] = r->first_tag;
	f.v['l'] = link;
	f.v['L'] = url;
	f.v['d'] = r->description;
	out = conf_format(fmt, &f, width);
	free(link);
	free(url);
	return out;
}

/* newsboat's article length: "" for 0, "N " below 1000, else K or M. */
static void
conf_length(int64_t l, char *buf, size_t len)
{
	if (l <= 0)
		buf[0] = '\0';
	else if (l < 1000)
		snprintf(buf, len, "%lld ", (long long)l);
	else if (l < 1024 * 1000)
		snprintf(buf, len, "%.1fK", (double)l / 1024.0);
	else
		snprintf(buf, len, "%.1fM", (double)l / 1024.0 / 1024.0);
}

/* The date by datetime_format, with %L as "N days ago". */
static void
conf_date(const struct conf_article_row *r, char *buf, size_t len)
{
	const char *fmt = r->datetime_format ? r->datetime_format :
	    CONF_DEFAULT_DATETIME;
	int64_t now = r->now ? r->now : (int64_t)time(NULL), days;
	struct buf f;
	struct tm tm;
	time_t t = (time_t)r->date;
	char *ff;

	buf[0] = '\0';
	if (strlen(fmt) > 256)
		return;
	days = (now - r->date) / 86400;
	if (days < 0)
		days = 0;
	buf_init(&f, 0);
	for (; *fmt != '\0'; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 'L') {
			if (days == 1)
				buf_puts(&f, "1 day ago");
			else
				buf_printf(&f, "%lld days ago",
				    (long long)days);
			fmt++;
		} else if (fmt[0] == '%' && fmt[1] != '\0') {
			buf_append(&f, fmt, 2);
			fmt++;
		} else
			buf_putc(&f, *fmt);
	}
	ff = buf_detach(&f);
	/* The format is the user's datetime-format: that is its purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (localtime_r(&t, &tm) == NULL || ff[0] == '\0' ||
	    strftime(buf, len, ff, &tm) == 0)
		buf[0] = '\0';
#pragma GCC diagnostic pop
	free(ff);
}

char *
conf_format_article(const char *fmt, const struct conf_article_row *r,
    int width)
{
	struct conf_fmt f;
	char idx[24], flags2[3], length[32], date[512];

	memset(&f, 0, sizeof(f));
	snprintf(idx, sizeof(idx), "%lld", (long long)r->index);
	flags2[0] = r->deleted ? 'D' : r->unread ? (r->fresh ? '+' : 'N') :
	    ' ';
	flags2[1] = r->flags != NULL && r->flags[0] != '\0' ? '!' : ' ';
	flags2[2] = '\0';
	conf_length(r->length, length, sizeof(length));
	conf_date(r, date, sizeof(date));
	f.v['i'] = idx;
	f.v['f'] = flags2;
	f.v['n'] = r->unread ? "N" : " ";
	f.v['d'] = r->deleted ? "D" : " ";
	f.v['F'] = r->flags;
	f.v['t'] = r->title;
	f.v['T'] = r->feed_title;
	f.v['a'] = r->author;
	f.v['L'] = length;
	f.v['D'] = date;
	return conf_format(fmt, &f, width);
}
