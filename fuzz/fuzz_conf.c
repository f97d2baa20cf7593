/*
 * fuzz_conf.c: libFuzzer target for the configuration file: conf_load_text()
 * (every command, include, bind-key, color, highlight, the filters of
 * ignore-article and highlight-article) and the list formats it sets
 * (conf_format_feed(), conf_format_article()).
 *
 * The text is read as a file in a private temporary directory holding two
 * files that include each other, so include, "~/" and the loop check run
 * too. Half of the inputs (by a hash) are read with an action table, half
 * without. Checks, besides "no crash": every message is clean, trimmed,
 * one line and starts with the name of a file in that directory; at most
 * CONF_MAX_MSGS are kept; numbers stay in their ranges; bindings, rules
 * and colours stay within their limits and name known actions; formats
 * never NULL; a row of hostile values through both formats at a width
 * from the input gives clean text; the rules match without failing.
 * Must never run anything the input names, nor write outside its
 * temporary directory.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "filter.h"
#include "fuzz_common.h"
#include "str.h"
#include "util.h"

static char dir[64];
static char name[96];

static const struct conf_action actions[] = {
	{ "quit", CONF_IN_ALL },
	{ "down", CONF_IN_ALL },
	{ "up", CONF_IN_ALL },
	{ "open", CONF_IN_FEEDLIST | CONF_IN_ARTICLELIST },
	{ "reload-all", CONF_IN_FEEDLIST | CONF_IN_ARTICLELIST },
	{ "next-unread", CONF_IN_ARTICLELIST | CONF_IN_ARTICLE },
	{ "open-in-browser", CONF_IN_ARTICLELIST | CONF_IN_ARTICLE },
	{ "help", CONF_IN_ALL & ~CONF_IN_TEXT },
};

static void
put_file(const char *file, const char *text)
{
	char path[160];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fp = fopen(path, "w");
	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0)
		fuzz_fail("cannot write %s", path);
}

static void
remove_dir(void)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/a.conf", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/b.conf", dir);
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_locale();
	setenv("TZ", "UTC", 1);
	unsetenv("NO_COLOR");
	snprintf(dir, sizeof(dir), "/tmp/fuzz_conf.XXXXXX");
	if (mkdtemp(dir) == NULL)
		fuzz_fail("mkdtemp failed");
	atexit(remove_dir);
	setenv("HOME", dir, 1);
	snprintf(name, sizeof(name), "%s/config", dir);
	put_file("a.conf", "include b.conf\ncolor info red blue bold\n"
	    "ignore-article \"*\" \"title =~ \\\"x\\\"\"\n");
	put_file("b.conf", "include \"~/a.conf\"\nbind-key j down\n"
	    "feedlist-format \"%?T?[%T] &?%t\"\n");
	return 0;
}

static uint32_t
hash(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

static void
check_color(const struct conf_color *c)
{
	if (c->fg < CONF_COLOR_DEFAULT || c->fg > 255 ||
	    c->bg < CONF_COLOR_DEFAULT || c->bg > 255)
		fuzz_fail("colour %d on %d", c->fg, c->bg);
	if (c->attrs > 0xff)
		fuzz_fail("attributes 0x%x", c->attrs);
}

static void
check_range(const char *what, int v, int lo, int hi)
{
	if (v < lo || v > hi)
		fuzz_fail("%s is %d, outside %d..%d", what, v, lo, hi);
}

static void
check_conf(const struct conf *cf, int with_actions)
{
	char key[64];
	size_t i, j;

	check_range("reload-time", cf->reload_time, 1, 10080);
	check_range("max-items", cf->max_items, 0, 1000000);
	check_range("keep-articles-days", cf->keep_articles_days, 0, 36500);
	check_range("text-width", cf->text_width, 0, 1000);
	if (cf->feedlist_format == NULL || cf->articlelist_format == NULL ||
	    cf->datetime_format == NULL)
		fuzz_fail("a format is NULL");
	for (i = 0; i < CONF_EL_COUNT; i++)
		check_color(&cf->colors[i]);
	if (cf->nbinds > CONF_MAX_BINDS)
		fuzz_fail("%zu bindings", cf->nbinds);
	for (i = 0; i < cf->nbinds; i++) {
		const struct conf_bind *b = &cf->binds[i];

		if (b->where == 0 || (b->where & ~(unsigned)CONF_IN_ALL))
			fuzz_fail("binding %zu in places 0x%x", i, b->where);
		if (b->key < 0 || (b->key > 0x10ffff &&
		    b->key < CONF_KEY_ENTER) || b->key > CONF_KEY_ALL)
			fuzz_fail("binding %zu of key %d", i, b->key);
		if (b->key == CONF_KEY_ALL && b->action != NULL)
			fuzz_fail("\"all keys\" bound to %s", b->action);
		conf_key_name(b->key, key, sizeof(key));
		fuzz_check_text("key name", key, 0, 1);
		if (key[0] == '\0')
			fuzz_fail("key %d has no name", b->key);
		if (b->action == NULL || !with_actions)
			continue;
		for (j = 0; j < UTIL_ARRAY_LEN(actions); j++)
			if (strcmp(actions[j].name, b->action) == 0)
				break;
		if (j == UTIL_ARRAY_LEN(actions))
			fuzz_fail("bound to unknown action %s", b->action);
		if ((b->where & ~actions[j].where) != 0)
			fuzz_fail("%s bound where it does nothing",
			    b->action);
	}
	if (cf->nignores > CONF_MAX_RULES || cf->nhighlights > CONF_MAX_RULES
	    || cf->nhl_articles > CONF_MAX_RULES)
		fuzz_fail("%zu/%zu/%zu rules", cf->nignores,
		    cf->nhighlights, cf->nhl_articles);
	for (i = 0; i < cf->nignores; i++)
		if (cf->ignores[i].filter == NULL)
			fuzz_fail("ignore-article without a filter");
	for (i = 0; i < cf->nhighlights; i++) {
		check_color(&cf->highlights[i].color);
		if (cf->highlights[i].where == 0 ||
		    (cf->highlights[i].where & ~(unsigned)(CONF_IN_FEEDLIST |
		    CONF_IN_ARTICLELIST | CONF_IN_ARTICLE)))
			fuzz_fail("highlight in places 0x%x",
			    cf->highlights[i].where);
	}
	for (i = 0; i < cf->nhl_articles; i++) {
		check_color(&cf->hl_articles[i].color);
		if (cf->hl_articles[i].filter == NULL)
			fuzz_fail("highlight-article without a filter");
	}
}

static void
check_msgs(const struct conf_msgs *m)
{
	size_t i, dl = strlen(dir);

	if (m->n > CONF_MAX_MSGS)
		fuzz_fail("%zu messages kept", m->n);
	for (i = 0; i < m->n; i++) {
		fuzz_check_text("message", m->v[i], 0, 1);
		if (strncmp(m->v[i], dir, dl) != 0 || m->v[i][dl] != '/')
			fuzz_fail("message names no file: %s", m->v[i]);
	}
}

static size_t
count(const char *s, const char *word)
{
	size_t n = 0;

	while ((s = strstr(s, word)) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* Hostile values through both list formats. */
static void
check_formats(const struct conf *cf, uint32_t h)
{
	static const char hostile[] = "\x1b[31mred\x1b]0;owned\x07 \xc2\x9b"
	    "2J \xe2\x80\xae\x64\x72\x6f\xe2\x80\x8b \t\r\n\xff end";
	struct conf_feed_row fr;
	struct conf_article_row ar;
	char *s, *s2;
	int width = (int)(h % 300);

	memset(&fr, 0, sizeof(fr));
	fr.index = 7;
	fr.title = (h & 2) ? hostile : "";
	fr.url = "https://user:secret@example.com/\x1b[2Jfeed";
	fr.link = hostile;
	fr.description = hostile;
	fr.first_tag = hostile;
	fr.unread = (int64_t)(h % 5) - 1;
	fr.total = INT64_MAX;
	fr.status = (h & 4) ? 'x' : 0;
	s = conf_format_feed(cf->feedlist_format, &fr, width);
	fuzz_check_text("feed row", s, 0, 0);
	/* The same row with another password of the same length: "secret"
	 * may come from the format, but not more often than then. */
	fr.url = "https://user:XXXXXX@example.com/\x1b[2Jfeed";
	s2 = conf_format_feed(cf->feedlist_format, &fr, width);
	if (count(s, "secret") > count(s2, "secret"))
		fuzz_fail("feed row shows the URL's password: %s", s);
	free(s);
	free(s2);

	memset(&ar, 0, sizeof(ar));
	ar.index = INT64_MIN;
	ar.title = hostile;
	ar.author = hostile;
	ar.feed_title = (h & 8) ? hostile : NULL;
	ar.flags = hostile;
	ar.unread = (int)(h & 1);
	ar.date = (int64_t)(h % 4000000000u) - 100;
	ar.now = 1700000000;
	ar.length = (int64_t)h * 997;
	ar.datetime_format = cf->datetime_format;
	s = conf_format_article(cf->articlelist_format, &ar, width);
	fuzz_check_text("article row", s, 0, 0);
	free(s);
}

static void
check_rules(const struct conf *cf)
{
	static const char *const tags[] = { "news", "\x1b[1m" };
	struct filter_item it;
	size_t i;
	int r;

	memset(&it, 0, sizeof(it));
	it.title = "x \x1b[2J title";
	it.content = "<p>body</p>";
	it.feed_url = "https://example.com/feed";
	it.now = 1700000000;
	it.date = 1690000000;
	it.tags = tags;
	it.ntags = 2;
	r = conf_ignored(cf, it.feed_url, &it);
	if (r != 0 && r != 1)
		fuzz_fail("conf_ignored gave %d", r);
	for (i = 0; i < cf->nhl_articles; i++)
		(void)filter_match(cf->hl_articles[i].filter, &it);
	for (i = 0; i < cf->nhighlights; i++)
		(void)regexec(&cf->highlights[i].re, it.title, 0, NULL, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_msgs m;
	struct conf cf;
	uint32_t h = hash(data, size);
	int with_actions = (int)(h & 16);

	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	if (with_actions) {
		cf.actions = actions;
		cf.nactions = UTIL_ARRAY_LEN(actions);
	}
	conf_load_text(&cf, name, (const char *)data, size, &m);
	check_msgs(&m);
	check_conf(&cf, with_actions);
	check_formats(&cf, h);
	check_rules(&cf);
	conf_msgs_free(&m);
	conf_free(&cf);
	return 0;
}
