/*
 * test_conf.c: the configuration reader: every command with good and
 * malformed input, quoting and comments, backticks refused, include
 * (relative paths, loops, the depth limit), NO_COLOR, --check-config's
 * output, and the feedlist/articlelist format specifiers.
 *
 * Commands are table-driven: each case is a file's text, the exact
 * messages it must give and a piece of the resulting settings rendered
 * as text, so both a missed message and a value not applied fail.
 * Include tests run in a fresh temporary directory.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "filter.h"
#include "str.h"
#include "tap.h"
#include "util.h"

/* A stand-in for the interface's action table. */
static const struct conf_action actions[] = {
	{ "down", CONF_IN_ALL },
	{ "up", CONF_IN_ALL },
	{ "page-down", CONF_IN_ALL },
	{ "page-up", CONF_IN_ALL },
	{ "top", CONF_IN_ALL },
	{ "bottom", CONF_IN_ALL },
	{ "open", CONF_IN_FEEDLIST | CONF_IN_ARTICLELIST | CONF_IN_TEXT },
	{ "quit", CONF_IN_ALL },
	{ "hard-quit", CONF_IN_ALL },
	{ "next-article", CONF_IN_ARTICLELIST | CONF_IN_ARTICLE },
	{ "prev-article", CONF_IN_ARTICLELIST | CONF_IN_ARTICLE },
	{ "toggle-read", CONF_IN_ARTICLELIST | CONF_IN_ARTICLE },
	{ "mark-all-read", CONF_IN_FEEDLIST | CONF_IN_ARTICLELIST |
	  CONF_IN_ARTICLE },
	{ "open-browser", CONF_IN_ARTICLELIST | CONF_IN_ARTICLE |
	  CONF_IN_TEXT },
	{ "urls", CONF_IN_ARTICLELIST | CONF_IN_ARTICLE },
	{ "reload", CONF_IN_FEEDLIST | CONF_IN_ARTICLELIST |
	  CONF_IN_ARTICLE },
	{ "reload-all", CONF_IN_ALL },
	{ "search", CONF_IN_FEEDLIST | CONF_IN_ARTICLELIST |
	  CONF_IN_ARTICLE },
	{ "pipe", CONF_IN_ARTICLELIST | CONF_IN_ARTICLE },
	{ "focus", CONF_IN_FEEDLIST | CONF_IN_ARTICLELIST |
	  CONF_IN_ARTICLE },
	{ "help", CONF_IN_ALL },
	{ "set-tag", CONF_IN_FEEDLIST },
	{ "toggle-flag", CONF_IN_ARTICLELIST | CONF_IN_ARTICLE },
};

static void
render_color(struct buf *b, const struct conf_color *c)
{
	buf_printf(b, "%d/%d/%x", c->fg, c->bg, c->attrs);
}

/* Every setting as "name=value", space separated. */
static char *
render(const struct conf *cf)
{
	struct buf b;
	char key[32];
	size_t i;

	buf_init(&b, 0);
	buf_printf(&b, "auto-reload=%d reload-time=%d refresh-on-startup=%d "
	    "max-items=%d keep-articles-days=%d show-read-feeds=%d "
	    "show-read-articles=%d text-width=%d confirm=%d ignore-mode=%s "
	    "layout=%s text-align=%s mouse=%d", cf->auto_reload,
	    cf->reload_time, cf->refresh_on_startup, cf->max_items,
	    cf->keep_articles_days, cf->show_read_feeds,
	    cf->show_read_articles, cf->text_width,
	    cf->confirm_mark_all_feeds_read,
	    cf->ignore_mode == CONF_IGNORE_DOWNLOAD ? "download" : "display",
	    cf->layout == CONF_LAYOUT_CLASSIC ? "classic" : "split",
	    cf->text_left ? "left" : "center", cf->mouse);
	buf_printf(&b, " browser=[%s] notify-program=[%s] bookmark-cmd=[%s] "
	    "save-path=[%s] feedlist-format=[%s] articlelist-format=[%s] "
	    "datetime-format=[%s]",
	    cf->browser ? cf->browser : "(null)",
	    cf->notify_program ? cf->notify_program : "(null)",
	    cf->bookmark_cmd ? cf->bookmark_cmd : "(null)",
	    cf->save_path ? cf->save_path : "(null)", cf->feedlist_format,
	    cf->articlelist_format, cf->datetime_format);
	buf_printf(&b, " mark-as-read-on-hover=%d preview-read-delay=%d",
	    cf->mark_as_read_on_hover, cf->preview_read_delay);
	for (i = 0; i < CONF_EL_COUNT; i++) {
		if (!cf->colors[i].set)
			continue;
		buf_printf(&b, " color:%s=", conf_element_name(i));
		render_color(&b, &cf->colors[i]);
	}
	for (i = 0; i < cf->nbinds; i++) {
		conf_key_name(cf->binds[i].key, key, sizeof(key));
		if (cf->binds[i].action != NULL)
			buf_printf(&b, " bind:%s>%s@%x", key,
			    cf->binds[i].action, cf->binds[i].where);
		else
			buf_printf(&b, " unbind:%s@%x", key,
			    cf->binds[i].where);
	}
	for (i = 0; i < cf->nignores; i++)
		buf_printf(&b, " ignore:%s|%s", cf->ignores[i].feed ?
		    cf->ignores[i].feed : "*",
		    filter_text(cf->ignores[i].filter));
	for (i = 0; i < cf->nhighlights; i++) {
		buf_printf(&b, " highlight:%x|%s|",
		    cf->highlights[i].where, cf->highlights[i].pattern);
		render_color(&b, &cf->highlights[i].color);
	}
	for (i = 0; i < cf->nhl_articles; i++) {
		buf_printf(&b, " highlight-article:%s|",
		    filter_text(cf->hl_articles[i].filter));
		render_color(&b, &cf->hl_articles[i].color);
	}
	conf_sort_name(&cf->article_sort, key, sizeof(key));
	buf_printf(&b, " article-sort-order=%s", key);
	conf_sort_name(&cf->feed_sort, key, sizeof(key));
	buf_printf(&b, " feed-sort-order=%s", key);
	return buf_detach(&b);
}

static char *
join_msgs(const struct conf_msgs *m)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (i = 0; i < m->n; i++)
		buf_printf(&b, "%s%s", i ? " | " : "", m->v[i]);
	if (m->dropped)
		buf_printf(&b, " | (%zu dropped)", m->dropped);
	return buf_detach(&b);
}

/* s on one line for a test's name: newlines, tabs and NULs shown. */
static char *
one_line(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (; *s != '\0'; s++) {
		if (*s == '\n')
			buf_puts(&b, "\\n");
		else if (*s == '\r')
			buf_puts(&b, "\\r");
		else if (*s == '\t')
			buf_puts(&b, "\\t");
		else if ((unsigned char)*s < 0x20)
			buf_printf(&b, "\\x%02x", (unsigned char)*s);
		else
			buf_putc(&b, *s);
	}
	return buf_detach(&b);
}

static const struct {
	const char *text;	/* the file "t" */
	const char *msgs;	/* every message, joined by " | " */
	const char *has;	/* must appear in render() */
} cases[] = {
	/* Blank lines, comments, quoting. */
	{ "", "", "auto-reload=0 reload-time=60" },
	{ "\n\n   \n# only a comment\n\t# indented\n", "", "max-items=0" },
	{ "max-items 100 # such comments too\n", "", "max-items=100" },
	{ "max-items \"100\"\n", "", "max-items=100" },
	{ "max-items 100\r\n", "", "max-items=100" },
	{ "browser \"firefox --new-tab %u\"", "",
	  "browser=[firefox --new-tab %u]" },
	{ "browser \"a \\\"b\\\" c\\\\d # not a comment\"", "",
	  "browser=[a \"b\" c\\d # not a comment]" },
	{ "browser \"unclosed", "t:1: a double quote is never closed; line "
	  "ignored", "browser=[(null)]" },
	{ "browser w3m %u", "t:1: browser: too many arguments (browser "
	  "COMMAND; a value with blanks goes in double quotes); line ignored",
	  "browser=[(null)]" },
	{ "browser", "t:1: browser: too few arguments (browser COMMAND); "
	  "line ignored", "browser=[(null)]" },
	{ "browser lynx\nbrowser \"\"", "", "browser=[(null)]" },
	{ "browser `echo firefox`", "t:1: backtick command substitution is "
	  "not supported (nothing was run); line ignored",
	  "browser=[(null)]" },
	{ "browser \"x `id`\"", "t:1: backtick command substitution is not "
	  "supported (nothing was run); line ignored", "browser=[(null)]" },
	{ "browser \"x \\`id\\`\"", "t:1: browser \"x `id`\": \"`\" is shell "
	  "syntax; tidings runs the browser as a "
	  "program with arguments, not through a shell, so opening a link "
	  "would fail (give the program and its arguments; quotes group "
	  "words, %u is the URL)", "browser=[x `id`]" },
	{ "browser a\\`b", "t:1: browser \"a`b\": \"`\" is shell syntax; tidings runs the browser as a "
	  "program with arguments, not through a shell, so opening a link "
	  "would fail (give the program and its arguments; quotes group "
	  "words, %u is the URL)",
	  "browser=[a`b]" },
	/* newsboat users' shell endings mean "in the background, quietly". */
	{ "browser \"xdg-open %u >/dev/null 2>&1 &\"", "",
	  "browser=[xdg-open %u >/dev/null 2>&1 &]" },
	{ "browser \"firefox %u &> /dev/null&\"", "",
	  "browser=[firefox %u &> /dev/null&]" },
	/* What a shell would run, tidings cannot: said where it is. */
	{ "browser \"firefox %u | tee log\"", "t:1: browser \"firefox %u | "
	  "tee log\": \"|\" is shell syntax; tidings runs the browser as a "
	  "program with arguments, not through a shell, so opening a link "
	  "would fail (give the program and its arguments; quotes group "
	  "words, %u is the URL)",
	  "browser=[firefox %u | tee log]" },
	{ "browser \"lynx %u; echo done\"", "t:1: browser \"lynx %u; echo "
	  "done\": \";\" is shell syntax; tidings runs the browser as a "
	  "program with arguments, not through a shell, so opening a link "
	  "would fail (give the program and its arguments; quotes group "
	  "words, %u is the URL)",
	  "browser=[lynx %u; echo done]" },
	{ "browser \"$(which firefox) %u\"", "t:1: browser \"$(which "
	  "firefox) %u\": \"$(...)\" is shell syntax; tidings runs the browser as a "
	  "program with arguments, not through a shell, so opening a link "
	  "would fail (give the program and its arguments; quotes group "
	  "words, %u is the URL)",
	  "browser=[$(which firefox) %u]" },
	{ "browser \"open %u && beep\"", "t:1: browser \"open %u && "
	  "beep\": \"&&\" is shell syntax; tidings runs the browser as a "
	  "program with arguments, not through a shell, so opening a link "
	  "would fail (give the program and its arguments; quotes group "
	  "words, %u is the URL)",
	  "browser=[open %u && beep]" },
	{ "browser \"firefox %u & echo\"", "t:1: browser \"firefox %u & "
	  "echo\": \"&\" is shell syntax; tidings runs the browser as a "
	  "program with arguments, not through a shell, so opening a link "
	  "would fail (give the program and its arguments; quotes group "
	  "words, %u is the URL)", "browser=[firefox %u & echo]" },
	{ "browser \"w3m \\\"%u\"", "t:1: browser \"w3m \"%u\": a double "
	  "quote is never closed; tidings runs the browser as a "
	  "program with arguments, not through a shell, so opening a link "
	  "would fail (give the program and its arguments; quotes group "
	  "words, %u is the URL)", "browser=[w3m \"%u]" },
	{ "browser \"~/bin/open %u\"", "t:1: browser \"~/bin/open %u\": "
	  "\"~\" is shell syntax; tidings runs the browser as a "
	  "program with arguments, not through a shell, so opening a link "
	  "would fail (give the program and its arguments; quotes group "
	  "words, %u is the URL)", "browser=[~/bin/open %u]" },
	/* Quotes group words, as a shell's do: no message. */
	{ "browser \"firefox --new-tab '%u'\"", "",
	  "browser=[firefox --new-tab '%u']" },
	{ "browser \"'/opt/My Browser/run' \\\"%u\\\" 'a|b'\"", "",
	  "browser=['/opt/My Browser/run' \"%u\" 'a|b']" },
	{ "frobnicate 1", "t:1: unknown command \"frobnicate\"; line ignored",
	  "max-items=0" },
	{ "pager less", "t:1: \"pager\" is a newsboat command tidings does "
	  "not have; ignored", "max-items=0" },
	{ "max-items 5\nbogus\nmax-items 7\n", "t:2: unknown command "
	  "\"bogus\"; line ignored", "max-items=7" },
	{ "max-items 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 "
	  "23 24 25 26 27 28 29 30 31 32 33", "t:1: more than 32 words on "
	  "the line; ignored", "max-items=0" },
	{ "max-items\0 5\nmax-items 3", "t:1: the line holds a NUL byte; "
	  "ignored", "max-items=3" },

	/* Booleans. */
	{ "auto-reload yes", "", "auto-reload=1" },
	{ "auto-reload true", "", "auto-reload=1" },
	{ "auto-reload yes\nauto-reload no", "", "auto-reload=0" },
	{ "auto-reload yes\nauto-reload false", "", "auto-reload=0" },
	{ "auto-reload maybe", "t:1: auto-reload: expected yes or no, not "
	  "\"maybe\"; line ignored", "auto-reload=0" },
	{ "auto-reload YES", "t:1: auto-reload: expected yes or no, not "
	  "\"YES\"; line ignored", "auto-reload=0" },
	{ "refresh-on-startup yes", "", "refresh-on-startup=1" },
	{ "refresh-on-startup 1", "t:1: refresh-on-startup: expected yes or "
	  "no, not \"1\"; line ignored", "refresh-on-startup=0" },
	{ "show-read-feeds no", "", "show-read-feeds=0" },
	{ "show-read-feeds", "t:1: show-read-feeds: too few arguments "
	  "(show-read-feeds yes|no); line ignored", "show-read-feeds=1" },
	{ "show-read-articles no", "", "show-read-articles=0" },
	{ "show-read-articles nope", "t:1: show-read-articles: expected yes "
	  "or no, not \"nope\"; line ignored", "show-read-articles=1" },
	{ "confirm-mark-all-feeds-read no", "", "confirm=0" },
	{ "confirm-mark-all-feeds-read x", "t:1: "
	  "confirm-mark-all-feeds-read: expected yes or no, not \"x\"; line "
	  "ignored", "confirm=1" },
	{ "mouse no", "", "mouse=0" },
	{ "", "", "mark-as-read-on-hover=0 preview-read-delay=5" },
	{ "mark-as-read-on-hover yes", "", "mark-as-read-on-hover=1" },
	{ "preview-read-delay 2", "", "preview-read-delay=2" },
	{ "preview-read-delay 0", "", "preview-read-delay=0" },
	{ "preview-read-delay no", "", "preview-read-delay=0" },
	{ "preview-read-delay 3601", "t:1: preview-read-delay: expected a "
	  "number of seconds from 0 to 3600, or no, not \"3601\"; line "
	  "ignored", "preview-read-delay=5" },
	{ "preview-read-delay soon", "t:1: preview-read-delay: expected a "
	  "number of seconds from 0 to 3600, or no, not \"soon\"; line "
	  "ignored", "preview-read-delay=5" },
	{ "mouse off", "t:1: mouse: expected yes or no, not \"off\"; line "
	  "ignored", "mouse=1" },

	/* Integers in range. */
	{ "reload-time 120", "", "reload-time=120" },
	{ "reload-time 0", "t:1: reload-time: expected a whole number from 1 "
	  "to 10080, not \"0\"; line ignored", "reload-time=60" },
	{ "reload-time -5", "t:1: reload-time: expected a whole number from 1 "
	  "to 10080, not \"-5\"; line ignored", "reload-time=60" },
	{ "max-items 0", "", "max-items=0" },
	{ "max-items 1000000", "", "max-items=1000000" },
	{ "max-items 1000001", "t:1: max-items: expected a whole number from "
	  "0 to 1000000, not \"1000001\"; line ignored", "max-items=0" },
	{ "max-items abc", "t:1: max-items: expected a whole number from 0 "
	  "to 1000000, not \"abc\"; line ignored", "max-items=0" },
	{ "max-items 5x", "t:1: max-items: expected a whole number from 0 "
	  "to 1000000, not \"5x\"; line ignored", "max-items=0" },
	{ "max-items 99999999999999999999", "t:1: max-items: expected a whole "
	  "number from 0 to 1000000, not \"99999999999999999999\"; line "
	  "ignored", "max-items=0" },
	{ "keep-articles-days 30", "", "keep-articles-days=30" },
	{ "keep-articles-days 36501", "t:1: keep-articles-days: expected a "
	  "whole number from 0 to 36500, not \"36501\"; line ignored",
	  "keep-articles-days=0" },
	{ "text-width 72", "", "text-width=72" },
	{ "text-width wide", "t:1: text-width: expected a whole number from 0 "
	  "to 1000, not \"wide\"; line ignored", "text-width=0" },

	/* Strings and paths. */
	{ "notify-program ~/bin/notify", "",
	  "notify-program=[/home/test/bin/notify]" },
	{ "bookmark-cmd \"~/bin/bm\"", "", "bookmark-cmd=[/home/test/bin/bm]" },
	{ "save-path ~", "", "save-path=[/home/test]" },
	{ "save-path \"~/Saved Articles\"", "",
	  "save-path=[/home/test/Saved Articles]" },
	{ "save-path ~other/x", "", "save-path=[~other/x]" },
	{ "save-path /tmp/a b", "t:1: save-path: too many arguments "
	  "(save-path DIRECTORY; a value with blanks goes in double quotes); "
	  "line ignored", "save-path=[(null)]" },

	/* Formats. */
	{ "feedlist-format \" %n %4i - %11u -%> %t\"", "",
	  "feedlist-format=[ %n %4i - %11u -%> %t]" },
	{ "feedlist-format \"%4i %Q\"", "t:1: feedlist-format: %Q stands for "
	  "nothing here and shows as empty (known: dilLnStTuUc)",
	  "feedlist-format=[%4i %Q]" },
	{ "articlelist-format \"%4i %f %D   %?T?|%-17T|  ?%t\"", "",
	  "articlelist-format=[%4i %f %D   %?T?|%-17T|  ?%t]" },
	{ "articlelist-format \"%?u?x&y?\"", "t:1: articlelist-format: %u "
	  "stands for nothing here and shows as empty (known: aDfndFitTL)",
	  "articlelist-format=[%?u?x&y?]" },
	{ "articlelist-format \"\"", "", "articlelist-format=[]" },
	{ "datetime-format \"%D, %R\"", "", "datetime-format=[%D, %R]" },

	/* Fixed choices. */
	{ "layout split", "", "layout=split" },
	{ "layout tabs", "t:1: layout: expected classic or split, not "
	  "\"tabs\"; line ignored", "layout=classic" },
	{ "text-align left", "", "text-align=left" },
	{ "text-align right", "t:1: text-align: expected center or left, "
	  "not \"right\"; line ignored", "text-align=center" },
	{ "ignore-mode display", "", "ignore-mode=display" },

	/* Sort orders: newsboat's fields, date descending by default. */
	{ "", "", "article-sort-order=date-desc feed-sort-order=none-desc" },
	{ "article-sort-order title", "", "article-sort-order=title-asc" },
	{ "article-sort-order date", "", "article-sort-order=date-desc" },
	{ "article-sort-order date-asc", "", "article-sort-order=date-asc" },
	{ "article-sort-order author-desc", "",
	  "article-sort-order=author-desc" },
	{ "article-sort-order flags", "", "article-sort-order=flags-asc" },
	{ "article-sort-order link-desc", "", "article-sort-order=link-desc" },
	{ "article-sort-order guid", "", "article-sort-order=guid-asc" },
	{ "article-sort-order title-up", "t:1: article-sort-order: expected "
	  "date, title, flags, author, link or guid, each with -asc or -desc "
	  "or neither, not \"title-up\"; line ignored",
	  "article-sort-order=date-desc" },
	{ "article-sort-order lastupdated", "t:1: article-sort-order: "
	  "expected date, title, flags, author, link or guid, each with -asc "
	  "or -desc or neither, not \"lastupdated\"; line ignored",
	  "article-sort-order=date-desc" },
	{ "article-sort-order Date", "t:1: article-sort-order: expected "
	  "date, title, flags, author, link or guid, each with -asc or -desc "
	  "or neither, not \"Date\"; line ignored",
	  "article-sort-order=date-desc" },
	{ "article-sort-order -desc", "t:1: article-sort-order: expected "
	  "date, title, flags, author, link or guid, each with -asc or -desc "
	  "or neither, not \"-desc\"; line ignored",
	  "article-sort-order=date-desc" },
	{ "article-sort-order title\narticle-sort-order", "t:2: "
	  "article-sort-order: too few arguments (article-sort-order "
	  "FIELD[-asc|-desc]); line ignored", "article-sort-order=title-asc" },
	{ "feed-sort-order title asc", "t:1: feed-sort-order: too many "
	  "arguments (feed-sort-order FIELD[-asc|-desc]; a value with blanks "
	  "goes in double quotes); line ignored", "feed-sort-order=none-desc" },
	{ "feed-sort-order title", "", "feed-sort-order=title-desc" },
	{ "feed-sort-order title-asc", "", "feed-sort-order=title-asc" },
	{ "feed-sort-order unreadarticlecount", "",
	  "feed-sort-order=unreadarticlecount-desc" },
	{ "feed-sort-order firsttag-asc", "",
	  "feed-sort-order=firsttag-asc" },
	{ "feed-sort-order articlecount-asc", "",
	  "feed-sort-order=articlecount-asc" },
	{ "feed-sort-order lastupdated", "",
	  "feed-sort-order=lastupdated-desc" },
	{ "feed-sort-order author", "t:1: feed-sort-order: expected none, "
	  "firsttag, title, articlecount, unreadarticlecount or lastupdated, "
	  "each with -asc or -desc or neither, not \"author\"; line ignored",
	  "feed-sort-order=none-desc" },
	{ "feed-sort-order title-", "t:1: feed-sort-order: expected none, "
	  "firsttag, title, articlecount, unreadarticlecount or lastupdated, "
	  "each with -asc or -desc or neither, not \"title-\"; line ignored",
	  "feed-sort-order=none-desc" },
	{ "ignore-mode never", "t:1: ignore-mode: expected download or "
	  "display, not \"never\"; line ignored", "ignore-mode=download" },

	/* color */
	{ "color listfocus yellow blue bold", "",
	  "color:listfocus=3/4/20" },
	{ "color background default default", "",
	  "color:background=-1/-1/0" },
	{ "color info color0 color255 underline reverse standout blink dim "
	  "protect invis", "", "color:info=0/255/df" },
	{ "color title white blue bold", "", "color:title=7/4/20" },
	{ "color hint-key yellow blue\ncolor hint-description white blue",
	  "", "color:hint-key=3/4/0 color:hint-description=7/4/0" },
	{ "color article-link cyan default", "",
	  "color:article-link=6/-1/0" },
	{ "color listfocus red", "t:1: color: too few arguments (color "
	  "ELEMENT FOREGROUND BACKGROUND [ATTRIBUTE...]); line ignored",
	  "mouse=1 browser" },
	{ "color listfocus color256 default", "t:1: color: \"color256\" is "
	  "not a colour (default, black, red, green, yellow, blue, magenta, "
	  "cyan, white or color0 to color255); line ignored",
	  "mouse=1 browser" },
	{ "color listfocus color007 default", "t:1: color: \"color007\" is "
	  "not a colour (default, black, red, green, yellow, blue, magenta, "
	  "cyan, white or color0 to color255); line ignored",
	  "mouse=1 browser" },
	{ "color listfocus red pink", "t:1: color: \"pink\" is not a colour "
	  "(default, black, red, green, yellow, blue, magenta, cyan, white or "
	  "color0 to color255); line ignored", "mouse=1 browser" },
	{ "color listfocus red blue bold zzz", "t:1: color: \"zzz\" is not "
	  "an attribute (bold, underline, reverse, standout, blink, dim, "
	  "protect, invis); line ignored", "mouse=1 browser" },
	{ "color nosuch red blue", "t:1: color: \"nosuch\" is not an element "
	  "(background, listnormal, listfocus, listnormal_unread, "
	  "listfocus_unread, info, article, end-of-text-marker, title, "
	  "hint-key, hint-keys-delimiter, hint-separator, hint-description, "
	  "article-link, article-mark, article-quote); line ignored",
	  "mouse=1 browser" },

	/* bind-key and unbind-key */
	{ "bind-key ^R reload-all", "", "bind:^R>reload-all@f" },
	{ "bind-key ^r reload-all", "", "bind:^R>reload-all@f" },
	{ "bind-key j down feedlist", "", "bind:j>down@1" },
	{ "bind-key ENTER open articlelist", "", "bind:ENTER>open@2" },
	{ "bind-key SPACE page-down", "", "bind:SPACE>page-down@f" },
	{ "bind-key TAB focus", "", "bind:TAB>focus@7" },
	{ "bind-key F5 reload", "", "bind:F5>reload@7" },
	{ "bind-key ö down", "", "bind:ö>down@f" },
	{ "bind-key \\# urls", "", "bind:#>urls@6" },
	{ "bind-key o open-in-browser", "", "bind:o>open-browser@e" },
	{ "bind-key h quit", "", "bind:h>quit@f" },
	{ "bind-key ^E edit-flags", "", "bind:^E>toggle-flag@6" },
	{ "bind-key Q hard-quit", "", "bind:Q>hard-quit@f" },
	{ "bind-key N toggle-article-read article", "",
	  "bind:N>toggle-read@4" },
	{ "bind-key x open help", "", "bind:x>open@8" },
	{ "bind-key x open urlview", "", "bind:x>open@8" },
	{ "bind-key x open searchresultslist", "", "bind:x>open@2" },
	{ "bind-key x nonexistent", "t:1: bind-key: unknown action "
	  "\"nonexistent\" (tidings --help-keys lists them); line ignored",
	  "mouse=1 browser" },
	{ "bind-key x goto-url", "t:1: bind-key: tidings has no action like "
	  "newsboat's \"goto-url\"; line ignored", "mouse=1 browser" },
	{ "bind-key x set-tag feedlist", "", "bind:x>set-tag@1" },
	{ "bind-key x open nosuchdialog", "t:1: bind-key: \"nosuchdialog\" is "
	  "not a context (all, feedlist, articlelist, article, help, "
	  "urlview); line ignored", "mouse=1 browser" },
	{ "bind-key x open podboat", "t:1: bind-key: tidings has no "
	  "\"podboat\" screen; line ignored", "mouse=1 browser" },
	{ "bind-key x open article", "t:1: bind-key: \"open\" does nothing in "
	  "the article view; line ignored", "mouse=1 browser" },
	{ "bind-key xy down", "t:1: bind-key: \"xy\" is not a key (one "
	  "character, ^X, ENTER, TAB, SPACE, ESC, BACKSPACE, UP, DOWN, LEFT, "
	  "RIGHT, PPAGE, NPAGE, HOME, END or F1 to F12); line ignored",
	  "mouse=1 browser" },
	{ "bind-key F13 down", "t:1: bind-key: \"F13\" is not a key (one "
	  "character, ^X, ENTER, TAB, SPACE, ESC, BACKSPACE, UP, DOWN, LEFT, "
	  "RIGHT, PPAGE, NPAGE, HOME, END or F1 to F12); line ignored",
	  "mouse=1 browser" },
	{ "bind-key x", "t:1: bind-key: too few arguments (bind-key KEY "
	  "ACTION [CONTEXT]); line ignored", "mouse=1 browser" },
	{ "bind-key x down all extra", "t:1: bind-key: too many arguments "
	  "(bind-key KEY ACTION [CONTEXT]; a value with blanks goes in "
	  "double quotes); line ignored", "mouse=1 browser" },
	{ "unbind-key R", "", "unbind:R@f" },
	{ "unbind-key -a", "", "unbind:-a@f" },
	{ "unbind-key ^D article", "", "unbind:^D@4" },
	{ "unbind-key R\nbind-key ^R reload-all", "",
	  "unbind:R@f bind:^R>reload-all@f" },
	{ "unbind-key", "t:1: unbind-key: too few arguments (unbind-key "
	  "KEY|-a [CONTEXT]); line ignored", "mouse=1 browser" },
	{ "unbind-key ab", "t:1: unbind-key: \"ab\" is not a key (one "
	  "character, ^X, ENTER, TAB, SPACE, ESC, BACKSPACE, UP, DOWN, LEFT, "
	  "RIGHT, PPAGE, NPAGE, HOME, END or F1 to F12); line ignored",
	  "mouse=1 browser" },
	{ "unbind-key x nowhere", "t:1: unbind-key: \"nowhere\" is not a "
	  "context (all, feedlist, articlelist, article, help, urlview); "
	  "line ignored", "mouse=1 browser" },

	/* ignore-article */
	{ "ignore-article \"*\" \"title =~ \\\"Gentoo\\\"\"", "",
	  "ignore:*|title =~ \"Gentoo\"" },
	{ "ignore-article https://e.com/f.xml \"author = \\\"Bob\\\"\"", "",
	  "ignore:https://e.com/f.xml|author = \"Bob\"" },
	{ "ignore-article \"*\" \"title = \"", "t:1: ignore-article: bad "
	  "filter expression: column 9: expected a value (a \"quoted "
	  "string\", a number or a range like 1:5); line ignored",
	  "mouse=1 browser" },
	{ "ignore-article \"*\" \"title =~ \\\"(\\\"\"", "t:1: ignore-article: "
	  "bad filter expression: column 10: bad regular expression: "
	  "Unmatched ( or \\(; line ignored", "mouse=1 browser" },
	{ "ignore-article \"*\"", "t:1: ignore-article: too few arguments "
	  "(ignore-article FEED FILTER); line ignored", "mouse=1 browser" },
	{ "ignore-article \"\" \"age > 1\"", "t:1: ignore-article: the feed "
	  "is empty (a URL, or \"*\" for every feed); line ignored",
	  "mouse=1 browser" },

	/* highlight and highlight-article */
	{ "highlight all \"newsboat\" red", "",
	  "highlight:7|newsboat|1/-1/0" },
	{ "highlight article \"[0-9]+\" red blue bold", "",
	  "highlight:4|[0-9]+|1/4/20" },
	{ "highlight feedlist x green\nhighlight articlelist y green", "",
	  "highlight:1|x|2/-1/0 highlight:2|y|2/-1/0" },
	{ "highlight all \"(\" red", "t:1: highlight: bad regular expression "
	  "\"(\": Unmatched ( or \\(; line ignored", "mouse=1 browser" },
	{ "highlight nosuch \"x\" red", "t:1: highlight: \"nosuch\" is not a "
	  "place (all, feedlist, articlelist, article); line ignored",
	  "mouse=1 browser" },
	{ "highlight all x", "t:1: highlight: too few arguments (highlight "
	  "PLACE REGEX FOREGROUND [BACKGROUND [ATTRIBUTE...]]); line ignored",
	  "mouse=1 browser" },
	{ "highlight all x red blue blinking", "t:1: highlight: \"blinking\" "
	  "is not an attribute (bold, underline, reverse, standout, blink, "
	  "dim, protect, invis); line ignored", "mouse=1 browser" },
	{ "highlight-article \"author =~ \\\"Andreas\\\"\" white red bold", "",
	  "highlight-article:author =~ \"Andreas\"|7/1/20" },
	{ "highlight-article \"author ~ 1\" white red", "t:1: "
	  "highlight-article: bad filter expression: column 8: expected an "
	  "operator (=, !=, =~, !~, <, >, <=, >=, between, #, !#); line "
	  "ignored", "mouse=1 browser" },
	{ "highlight-article \"age > 1\" white", "t:1: highlight-article: too "
	  "few arguments (highlight-article FILTER FOREGROUND BACKGROUND "
	  "[ATTRIBUTE...]); line ignored", "mouse=1 browser" },

	/* include, without files */
	{ "include", "t:1: include: too few arguments (include FILE); line "
	  "ignored", "mouse=1 browser" },
	{ "include \"\"", "t:1: include: the file name is empty; line "
	  "ignored", "mouse=1 browser" },
};

static void
test_cases(void)
{
	struct conf_msgs m;
	struct conf cf;
	char *got, *msgs, *name;
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(cases); i++) {
		const char *t = cases[i].text;
		size_t len = strlen(t);

		/* The NUL case carries its NUL inside the literal. */
		if (strncmp(t, "max-items", 9) == 0 && t[9] == '\0')
			len = 9 + 1 + strlen(t + 10);
		memset(&m, 0, sizeof(m));
		conf_init(&cf);
		cf.actions = actions;
		cf.nactions = UTIL_ARRAY_LEN(actions);
		conf_load_text(&cf, "t", t, len, &m);
		msgs = join_msgs(&m);
		got = render(&cf);
		name = one_line(t);
		tap_str(msgs, cases[i].msgs, "messages for: %s", name);
		tap_ok(strstr(got, cases[i].has) != NULL, "applied: %s -> %s",
		    name, cases[i].has);
		free(name);
		if (strstr(got, cases[i].has) == NULL)
			printf("#   got: %s\n", got);
		free(got);
		free(msgs);
		conf_msgs_free(&m);
		conf_free(&cf);
	}
}

/* A malformed line in the middle leaves the lines around it applied. */
static void
test_rest_applies(void)
{
	static const char text[] =
	    "auto-reload yes\n"
	    "max-items lots\n"
	    "color listfocus yellow\n"
	    "reload-time 15\n"
	    "bind-key x open article\n"
	    "show-read-feeds no\n";
	struct conf_msgs m;
	struct conf cf;

	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	cf.actions = actions;
	cf.nactions = UTIL_ARRAY_LEN(actions);
	conf_load_text(&cf, "/etc/x/config", text, strlen(text), &m);
	tap_ok(cf.auto_reload == 1 && cf.reload_time == 15 &&
	    cf.show_read_feeds == 0 && cf.max_items == 0 && cf.nbinds == 0,
	    "good lines around bad ones all apply");
	tap_ok(m.n == 3, "one message for each of the 3 bad lines");
	tap_ok(m.n == 3 && strncmp(m.v[0], "/etc/x/config:2: ", 17) == 0 &&
	    strncmp(m.v[1], "/etc/x/config:3: ", 17) == 0 &&
	    strncmp(m.v[2], "/etc/x/config:5: ", 17) == 0,
	    "each message starts with FILE:LINE");
	conf_msgs_free(&m);
	conf_free(&cf);
}

/* Without an action table names are translated but not checked. */
static void
test_no_actions(void)
{
	static const char text[] = "bind-key x whatever\n"
	    "bind-key y pageup\nbind-key z goto-url\n";
	struct conf_msgs m;
	struct conf cf;
	char *got;

	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	conf_load_text(&cf, "t", text, strlen(text), &m);
	got = render(&cf);
	tap_ok(strstr(got, "bind:x>whatever@f bind:y>page-up@f") != NULL,
	    "no table: any name is kept, newsboat's translated");
	tap_ok(m.n == 1 && strstr(m.v[0], "\"goto-url\"") != NULL,
	    "no table: newsboat-only operations are still reported");
	free(got);
	conf_msgs_free(&m);
	conf_free(&cf);
}

static void
test_defaults(void)
{
	struct conf cf;

	unsetenv("NO_COLOR");
	conf_init(&cf);
	tap_ok(cf.auto_reload == 0 && cf.reload_time == 60 &&
	    cf.refresh_on_startup == 0 && cf.max_items == 0 &&
	    cf.keep_articles_days == 0 && cf.show_read_feeds == 1 &&
	    cf.show_read_articles == 1 && cf.text_width == 0 &&
	    cf.confirm_mark_all_feeds_read == 1 &&
	    cf.ignore_mode == CONF_IGNORE_DOWNLOAD &&
	    cf.layout == CONF_LAYOUT_CLASSIC && cf.text_left == 0 &&
	    cf.mouse == 1 && cf.browser == NULL && cf.save_path == NULL &&
	    cf.notify_program == NULL && cf.bookmark_cmd == NULL &&
	    cf.no_color == 0, "the documented defaults");
	tap_str(cf.feedlist_format, "%4i %n %11u %t",
	    "feedlist-format default is newsboat's");
	tap_str(cf.articlelist_format, "%4i %f %D %6L  %?T?|%-17T|  ?%t",
	    "articlelist-format default is newsboat's");
	tap_str(cf.datetime_format, "%b %d", "datetime-format default");
	conf_free(&cf);

	setenv("NO_COLOR", "1", 1);
	conf_init(&cf);
	tap_ok(cf.no_color == 1, "NO_COLOR=1 turns colours off");
	conf_free(&cf);
	setenv("NO_COLOR", "", 1);
	conf_init(&cf);
	tap_ok(cf.no_color == 0, "an empty NO_COLOR does not");
	conf_free(&cf);
	unsetenv("NO_COLOR");
}

/* Too many messages: the rest are counted, not kept. */
static void
test_many_messages(void)
{
	struct conf_msgs m;
	struct conf cf;
	struct buf b;
	int i;

	buf_init(&b, 0);
	for (i = 0; i < CONF_MAX_MSGS + 50; i++)
		buf_puts(&b, "nonsense\n");
	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	conf_load_text(&cf, "t", b.data, b.len, &m);
	tap_ok(m.n == CONF_MAX_MSGS && m.dropped == 50,
	    "messages past %d are counted (%zu kept, %zu dropped)",
	    CONF_MAX_MSGS, m.n, m.dropped);
	conf_msgs_free(&m);
	conf_free(&cf);
	buf_free(&b);
}

/* ---- Files. ---- */

static char tmpdir[256];

static void
write_file(const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	if (fp == NULL) {
		printf("# cannot write %s: %s\n", path, strerror(errno));
		return;
	}
	fputs(text, fp);
	fclose(fp);
}

/* Loads tmpdir/name; returns the messages joined, with tmpdir as "D". */
static char *
load(struct conf *cf, const char *name, enum conf_status *st)
{
	struct conf_msgs m;
	struct buf b;
	char path[512], *msgs, *p;
	size_t dl = strlen(tmpdir);

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	memset(&m, 0, sizeof(m));
	conf_init(cf);
	*st = conf_load(cf, path, &m);
	msgs = join_msgs(&m);
	conf_msgs_free(&m);
	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (p = msgs; *p != '\0'; ) {
		if (strncmp(p, tmpdir, dl) == 0) {
			buf_putc(&b, 'D');
			p += dl;
		} else
			buf_putc(&b, *p++);
	}
	free(msgs);
	return buf_detach(&b);
}

/* Loads path (not under tmpdir); returns the messages joined. */
static char *
load_path(struct conf *cf, const char *path, enum conf_status *st)
{
	struct conf_msgs m;
	char *msgs;

	memset(&m, 0, sizeof(m));
	conf_init(cf);
	*st = conf_load(cf, path, &m);
	msgs = join_msgs(&m);
	conf_msgs_free(&m);
	return msgs;
}

/* Files that are not regular read as newsboat reads them: to the end. */
static void
test_not_regular(void)
{
	enum conf_status st;
	struct conf cf;
	char *msgs, path[512];
	pid_t pid;
	int fds[2], status;

	msgs = load_path(&cf, "/dev/null", &st);
	tap_ok(st == CONF_OK && msgs[0] == '\0' && cf.text_width == 0,
	    "/dev/null is an empty configuration (%s)", msgs);
	free(msgs);
	conf_free(&cf);

	msgs = load_path(&cf, "/dev/zero", &st);
	tap_ok(st == CONF_ERROR && strstr(msgs, "larger than 1 MiB") != NULL,
	    "a device that never ends is cut at CONF_MAX_FILE (%s)", msgs);
	free(msgs);
	conf_free(&cf);

	/* A pipe, as the shell's <(...) gives one: /dev/fd/N. */
	if (pipe(fds) == -1) {
		tap_skip("pipe: %s", strerror(errno));
		return;
	}
	if ((pid = fork()) == 0) {
		close(fds[0]);
		/* Slowly: the reader must wait for the bytes. */
		if (write(fds[1], "text-", 5) != 5)
			_exit(1);
		usleep(100000);
		if (write(fds[1], "width 42\n", 9) != 9)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	msgs = load_path(&cf, path, &st);
	close(fds[0]);
	waitpid(pid, &status, 0);
	tap_ok(st == CONF_OK && msgs[0] == '\0' && cf.text_width == 42,
	    "a pipe is read to its end (%s)", msgs);
	free(msgs);
	conf_free(&cf);
}

static void
test_files(void)
{
	enum conf_status st;
	struct conf cf;
	char *msgs, name[64], text[600], path[512];
	FILE *fp;
	int i;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_conf.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		tap_skip("no temporary directory: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/sub", tmpdir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/sub/deeper", tmpdir);
	mkdir(path, 0700);

	msgs = load(&cf, "missing", &st);
	tap_ok(st == CONF_MISSING && msgs[0] == '\0',
	    "a missing file is CONF_MISSING, silently");
	free(msgs);
	conf_free(&cf);

	msgs = load(&cf, "sub", &st);
	tap_str(msgs, "D/sub: cannot read the configuration: a directory",
	    "a directory is refused");
	tap_ok(st == CONF_ERROR, "... as CONF_ERROR");
	free(msgs);
	conf_free(&cf);
	test_not_regular();

	/* Relative includes are taken from the including file's place. */
	write_file("main", "max-items 1\ninclude sub/a\nreload-time 30\n");
	write_file("sub/a", "auto-reload yes\ninclude deeper/b\n"
	    "include ../c\n");
	write_file("sub/deeper/b", "text-width 50\nbogus b\n");
	write_file("c", "layout split\n");
	msgs = load(&cf, "main", &st);
	tap_ok(st == CONF_OK && cf.max_items == 1 && cf.auto_reload == 1 &&
	    cf.text_width == 50 && cf.layout == CONF_LAYOUT_SPLIT &&
	    cf.reload_time == 30, "includes relative to the including file");
	tap_str(msgs, "D/sub/deeper/b:2: unknown command \"bogus\"; line "
	    "ignored", "a message names the included file and its line");
	free(msgs);
	conf_free(&cf);

	/* An absolute include, and one with ~. */
	snprintf(text, sizeof(text), "include %s/c\ninclude ~/sub/deeper/b\n",
	    tmpdir);
	write_file("abs", text);
	setenv("HOME", tmpdir, 1);
	msgs = load(&cf, "abs", &st);
	tap_ok(cf.layout == CONF_LAYOUT_SPLIT && cf.text_width == 50,
	    "absolute and ~/ includes");
	free(msgs);
	conf_free(&cf);
	setenv("HOME", "/home/test", 1);

	/* A missing include: one message, the rest applies. */
	write_file("miss", "include nothere\nmax-items 3\n");
	msgs = load(&cf, "miss", &st);
	tap_str(msgs, "D/miss:1: include: cannot read \"D/nothere\": No such "
	    "file or directory", "a missing include is reported");
	tap_ok(cf.max_items == 3, "... and the next line still applies");
	free(msgs);
	conf_free(&cf);

	/* Loops: a file including itself, and a longer circle. */
	write_file("self", "max-items 4\ninclude self\n");
	msgs = load(&cf, "self", &st);
	tap_str(msgs, "D/self:2: include: \"D/self\" is already being read "
	    "(an include loop); not read again", "a file including itself");
	tap_ok(cf.max_items == 4, "... is read once");
	free(msgs);
	conf_free(&cf);

	write_file("l1", "include l2\nmax-items 8\n");
	write_file("l2", "include sub/../l3\n");
	write_file("l3", "include l1\nreload-time 9\n");
	msgs = load(&cf, "l1", &st);
	tap_str(msgs, "D/sub/../l3:1: include: \"D/sub/../l1\" is already "
	    "being read (an include loop); not read again",
	    "a loop of three files");
	tap_ok(cf.max_items == 8 && cf.reload_time == 9,
	    "... each is read once");
	free(msgs);
	conf_free(&cf);

	/* The same file twice, not nested, is fine. */
	write_file("twice", "include c\ninclude c\n");
	msgs = load(&cf, "twice", &st);
	tap_str(msgs, "", "the same file included twice in a row is no loop");
	free(msgs);
	conf_free(&cf);

	/* Depth: d0 includes d1 ... d11. */
	for (i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		snprintf(text, sizeof(text), "include d%d\nmax-items %d\n",
		    i + 1, i);
		write_file(name, text);
	}
	msgs = load(&cf, "d0", &st);
	tap_str(msgs, "D/d8:1: include: files nested more than 8 deep; "
	    "\"D/d9\" not read", "includes nested more than 8 deep stop");
	tap_ok(cf.max_items == 0, "... and every file up to there applies");
	free(msgs);
	conf_free(&cf);

	/* Too large a file. */
	snprintf(path, sizeof(path), "%s/big", tmpdir);
	fp = fopen(path, "w");
	if (fp != NULL) {
		for (i = 0; i < CONF_MAX_FILE / 16 + 1; i++)
			fputs("# padding line\n\n", fp);
		fclose(fp);
	}
	msgs = load(&cf, "big", &st);
	tap_str(msgs, "D/big: cannot read the configuration: larger than 1 "
	    "MiB", "a file over 1 MiB is refused");
	free(msgs);
	conf_free(&cf);

	/* A line too long. */
	snprintf(path, sizeof(path), "%s/long", tmpdir);
	fp = fopen(path, "w");
	if (fp != NULL) {
		fputs("browser \"", fp);
		for (i = 0; i < CONF_MAX_LINE; i++)
			fputc('x', fp);
		fputs("\"\nmax-items 2\n", fp);
		fclose(fp);
	}
	msgs = load(&cf, "long", &st);
	tap_str(msgs, "D/long:1: the line is longer than 8192 bytes; ignored",
	    "a line over 8192 bytes is refused");
	tap_ok(cf.max_items == 2 && cf.browser == NULL,
	    "... and the next line applies");
	free(msgs);
	conf_free(&cf);

	/* --check-config prints the messages and counts them. */
	write_file("check", "max-items x\nauto-reload yes\nbind-key x "
	    "nothing\n");
	snprintf(path, sizeof(path), "%s/check", tmpdir);
	{
		char out[2048] = "";
		FILE *mem = fmemopen(out, sizeof(out), "w");
		int n = conf_check(path, actions, UTIL_ARRAY_LEN(actions),
		    mem);
		char want[2048];

		fclose(mem);
		snprintf(want, sizeof(want), "%s:1: max-items: expected a "
		    "whole number from 0 to 1000000, not \"x\"; line ignored\n"
		    "%s:3: bind-key: unknown action \"nothing\" (tidings "
		    "--help-keys lists them); line ignored\n", path, path);
		tap_ok(n == 2, "conf_check counts 2 problems");
		tap_str(out, want, "conf_check prints FILE:LINE: messages");
		write_file("good", "auto-reload yes\n");
		snprintf(path, sizeof(path), "%s/good", tmpdir);
		memset(out, 0, sizeof(out));
		mem = fmemopen(out, sizeof(out), "w");
		n = conf_check(path, actions, UTIL_ARRAY_LEN(actions), mem);
		fclose(mem);
		tap_ok(n == 0 && out[0] == '\0', "a good file checks clean");
		snprintf(path, sizeof(path), "%s/nothere", tmpdir);
		memset(out, 0, sizeof(out));
		mem = fmemopen(out, sizeof(out), "w");
		n = conf_check(path, actions, UTIL_ARRAY_LEN(actions), mem);
		fclose(mem);
		tap_ok(n == -1 && strstr(out, "No such file") != NULL,
		    "checking a missing file fails");
	}

	/* Clean up. */
	{
		static const char *const files[] = { "main", "sub/a",
		    "sub/deeper/b", "c", "abs", "miss", "self", "l1", "l2",
		    "l3", "twice", "big", "long", "check", "good", "d0", "d1",
		    "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10",
		    "d11" };
		size_t k;

		for (k = 0; k < UTIL_ARRAY_LEN(files); k++) {
			snprintf(path, sizeof(path), "%s/%s", tmpdir,
			    files[k]);
			unlink(path);
		}
		snprintf(path, sizeof(path), "%s/sub/deeper", tmpdir);
		rmdir(path);
		snprintf(path, sizeof(path), "%s/sub", tmpdir);
		rmdir(path);
		rmdir(tmpdir);
	}
}

/* ignore-article applies per feed or to every feed. */
static void
test_ignored(void)
{
	static const char text[] =
	    "ignore-article \"*\" \"title =~ \\\"sponsored\\\"\"\n"
	    "ignore-article https://a.example/feed \"author = \\\"Bob\\\"\"\n";
	struct filter_item it;
	struct conf_msgs m;
	struct conf cf;

	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	conf_load_text(&cf, "t", text, strlen(text), &m);
	memset(&it, 0, sizeof(it));
	it.title = "A Sponsored post";
	tap_ok(conf_ignored(&cf, "https://b.example/feed", &it) == 1,
	    "\"*\" applies to every feed");
	it.title = "News";
	it.author = "Bob";
	tap_ok(conf_ignored(&cf, "https://a.example/feed", &it) == 1,
	    "a feed's rule applies to that feed");
	tap_ok(conf_ignored(&cf, "https://b.example/feed", &it) == 0,
	    "... and not to another");
	tap_ok(conf_ignored(&cf, NULL, &it) == 0,
	    "... nor to an unknown feed");
	conf_msgs_free(&m);
	conf_free(&cf);
}

/* reader-mode: the last rule naming a feed, one of its tags or "*". */
static void
test_reader_mode(void)
{
	static const char text[] =
	    "reader-mode \"*\" open\n"
	    "reader-mode tag:news refresh\n"
	    "reader-mode https://a.example/feed no\n"
	    "reader-mode tag:news always\n"
	    "reader-mode \"\" open\n";
	char *news[] = { "tech", "news" }, *other[] = { "tech" };
	struct conf_msgs m;
	struct conf cf;

	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	tap_ok(conf_reader_mode(&cf, "https://b.example/feed", NULL, 0) ==
	    CONF_READER_NO, "reader-mode is off by default");
	conf_load_text(&cf, "t", text, strlen(text), &m);
	tap_ok(m.n == 2 && strstr(m.v[0], "t:4: reader-mode: expected no, "
	    "open or refresh, not \"always\"") != NULL &&
	    strstr(m.v[1], "t:5: reader-mode: the feed is empty") != NULL,
	    "bad reader-mode lines are reported: %s", m.n ? m.v[0] : "");
	tap_ok(conf_reader_mode(&cf, "https://b.example/feed", other, 1) ==
	    CONF_READER_OPEN, "\"*\" applies to every feed");
	tap_ok(conf_reader_mode(&cf, "https://b.example/feed", news, 2) ==
	    CONF_READER_REFRESH, "a later tag: rule wins for that tag");
	tap_ok(conf_reader_mode(&cf, "https://a.example/feed", news, 2) ==
	    CONF_READER_NO, "a later URL rule wins for that feed");
	tap_ok(conf_reader_mode(NULL, "https://a.example/feed", NULL, 0) ==
	    CONF_READER_NO, "no config: no reader mode");
	conf_msgs_free(&m);
	conf_free(&cf);
}

/* ---- Formats. ---- */

static const struct {
	const char *fmt;
	int	 width;
	const char *want;
} fmt_cases[] = {
	{ "", 0, "" },
	{ "%", 0, "" },
	{ "%%", 0, "%" },
	{ "%a%b%c", 0, "AAABBBCCC" },
	{ "%%%a%%%b%%%c%%", 0, "%AAA%BBB%CCC%" },
	{ "%4a", 0, " AAA" },
	{ "%-4a", 0, "AAA " },
	{ "%2a", 0, "AA" },
	{ "%-2a", 0, "AA" },
	{ "%4z", 0, "    " },
	{ "%-4z", 0, "    " },
	{ "<%a> <%5b> | %-5c%%", 0, "<AAA> <  BBB> | CCC  %" },
	{ "%=7a", 0, "  AAA  " },
	{ "%=6a", 0, " AAA  " },
	{ "[%=a]", 9, "[   AAA   ]" },
	{ "[%=a]", 0, "[AAA]" },
	{ "%>X", 3, "XXX" },
	{ "%a%> %b", 10, "AAA    BBB" },
	{ "%a%> %b", 0, "AAA BBB" },
	{ "%a%> %b", 4, "AAABBB" },
	{ "%s%>a%s%>b%s", 30, "_short_aaaaaaaa_short_b_short_" },
	{ "%?a?%a&no?", 0, "AAA" },
	{ "%?z?%z&no?", 0, "no" },
	{ "%?a?[%-4a]&no?", 0, "[AAA ]" },
	{ "asdf | %a | %?c?%a%b&%b%a? | qwert", 0,
	  "asdf | AAA | AAABBB | qwert" },
	{ "asdf | %a | %?z?%a%b&%b%a? | qwert", 0,
	  "asdf | AAA | BBBAAA | qwert" },
	{ "%?z?asdf?", 0, "" },
	{ "%?c?asdf?", 0, "asdf" },
	{ "%?w?non-blank&blank?", 0, "blank" },
	{ "%?c??", 0, "" },
	{ "%?z?&else?", 0, "else" },
	{ "%?", 0, "" },
	{ "%a & %b were sitting on a pipe", 0,
	  "AAA & BBB were sitting on a pipe" },
	{ "%a? %b", 0, "AAA? BBB" },
	{ "%r", 0, "АБВ" },
	{ "%-4r", 0, "АБВ " },
	{ "%2r", 0, "АБ" },
	{ "%3j", 0, " 日" },
	{ "%-5j", 0, "日本 " },
	{ "%j%>.%a", 12, "日本語...AAA" },
	{ "%x", 0, "a bc[31m" },
	{ "%999999a|", 0, NULL },	/* width clamped; checked apart */
	{ "tab\there", 0, "tab here" },
};

static void
test_format(void)
{
	struct conf_fmt f;
	char *got;
	size_t i;

	memset(&f, 0, sizeof(f));
	f.v['a'] = "AAA";
	f.v['b'] = "BBB";
	f.v['c'] = "CCC";
	f.v['s'] = "_short_";
	f.v['w'] = " \t ";
	f.v['r'] = "АБВ";
	f.v['j'] = "日本語";
	f.v['x'] = "a\nb\x1b" "c[31m";
	for (i = 0; i < UTIL_ARRAY_LEN(fmt_cases); i++) {
		if (strchr(fmt_cases[i].fmt, 'j') != NULL &&
		    str_cp_width(0x65e5) != 2) {
			tap_skip("no UTF-8 locale for wide characters");
			continue;
		}
		got = conf_format(fmt_cases[i].fmt, &f, fmt_cases[i].width);
		if (fmt_cases[i].want != NULL)
			tap_str(got, fmt_cases[i].want, "format \"%s\" at %d",
			    fmt_cases[i].fmt, fmt_cases[i].width);
		else
			tap_ok(strlen(got) == 1001,
			    "format \"%s\": width clamped to 1000",
			    fmt_cases[i].fmt);
		free(got);
	}
}

static void
test_format_feed(void)
{
	struct conf_feed_row r;
	char *got;

	memset(&r, 0, sizeof(r));
	r.index = 1;
	r.title = "Feed";
	r.url = "https://example.com/feed.xml";
	r.link = "https://example.com/";
	r.description = "About\nthings";
	r.first_tag = "news";
	r.unread = 3;
	r.total = 10;
	got = conf_format_feed("%4i %n %11u %t", &r, 80);
	tap_str(got, "   1 N      (3/10) Feed", "feedlist default format");
	free(got);
	got = conf_format_feed("%i|%U|%c|%S|%T|%l|%L|%d|%-3n|", &r, 0);
	tap_str(got, "1|3|10| |news|https://example.com/|"
	    "https://example.com/feed.xml|About things|N  |",
	    "every feedlist specifier");
	free(got);
	r.unread = 0;
	r.status = 'x';
	r.title = "";
	r.url = "https://user:secret@example.com/feed.xml";
	r.link = "http://a:b@x.example/";
	got = conf_format_feed("[%n]%S %t %l", &r, 0);
	tap_str(got, "[ ]x https://*:*@example.com/feed.xml http://*:*@"
	    "x.example/", "no unread, status, title from the URL, "
	    "credentials hidden");
	free(got);
	r.url = NULL;
	r.title = NULL;
	got = conf_format_feed("%t", &r, 0);
	tap_str(got, "<no title>", "no title and no URL");
	free(got);
	r.title = "Wide";
	got = conf_format_feed(" %n %4i - %11u -%> %t", &r, 30);
	tap_str(got, "      1 -      (0/10) -   Wide", "%%> right-aligns");
	free(got);
}

static void
test_format_article(void)
{
	struct conf_article_row r;
	char *got;

	memset(&r, 0, sizeof(r));
	r.index = 2;
	r.title = "Hello";
	r.author = "Ann";
	r.flags = "a";
	r.unread = 1;
	r.date = 1699920000;	/* 14 Nov 2023 00:00 UTC */
	r.now = 1699920000 + 3 * 86400 + 5;
	r.length = 2048;
	got = conf_format_article("%4i %f %D %6L  %?T?|%-17T|  ?%t", &r, 80);
	tap_str(got, "   2 N! Nov 14   2.0K  Hello",
	    "articlelist default format, one feed");
	free(got);
	r.feed_title = "Feed";
	got = conf_format_article("%4i %f %D %6L  %?T?|%-17T|  ?%t", &r, 80);
	tap_str(got, "   2 N! Nov 14   2.0K  |Feed             |  Hello",
	    "articlelist default format, mixed feeds");
	free(got);
	got = conf_format_article("%n|%d|%F|%a|%T", &r, 0);
	tap_str(got, "N| |a|Ann|Feed", "%%n %%d %%F %%a %%T");
	free(got);
	r.unread = 0;
	r.deleted = 1;
	r.flags = "";
	got = conf_format_article("[%f][%n][%d]", &r, 0);
	tap_str(got, "[D ][ ][D]", "a deleted, read, unflagged article");
	free(got);
	r.deleted = 0;
	got = conf_format_article("[%f]", &r, 0);
	tap_str(got, "[  ]", "read, unflagged");
	free(got);
	r.fresh = 1;
	got = conf_format_article("[%f]", &r, 0);
	tap_str(got, "[  ]", "read and new since the last run: nothing shown");
	free(got);
	r.unread = 1;
	got = conf_format_article("[%f][%n]", &r, 0);
	tap_str(got, "[+ ][N]", "unread and new since the last run: %%f has +");
	free(got);
	r.unread = 0;
	r.fresh = 0;

	r.datetime_format = "%Y-%m-%d %H:%M (%L) %%L";
	got = conf_format_article("%D", &r, 0);
	tap_str(got, "2023-11-14 00:00 (3 days ago) %L",
	    "datetime-format with %%L");
	free(got);
	r.now = r.date + 86400;
	r.datetime_format = "%L";
	got = conf_format_article("%D", &r, 0);
	tap_str(got, "1 day ago", "one day ago");
	free(got);
	r.datetime_format = "";
	got = conf_format_article("[%D]", &r, 0);
	tap_str(got, "[]", "an empty datetime-format");
	free(got);
	{
		static const struct {
			int64_t	 len;
			const char *want;
		} lens[] = {
			{ 0, "[]" }, { 1, "[1 ]" }, { 999, "[999 ]" },
			{ 1000, "[1.0K]" }, { 1536, "[1.5K]" },
			{ 1024 * 1000 - 1, "[1000.0K]" },
			{ 1024 * 1000, "[1.0M]" },
			{ 5 * 1024 * 1024, "[5.0M]" },
		};
		size_t i;

		for (i = 0; i < UTIL_ARRAY_LEN(lens); i++) {
			r.length = lens[i].len;
			got = conf_format_article("[%L]", &r, 0);
			tap_str(got, lens[i].want, "%%L of %lld bytes",
			    (long long)lens[i].len);
			free(got);
		}
	}
}

static void
test_format_uses(void)
{
	static const struct {
		const char *fmt;
		char	 letter;
		int	 want;
	} t[] = {
		{ "%4i %L %t", 'L', 1 }, { "%-6L", 'L', 1 }, { "%=6L", 'L', 1 },
		{ "%?L?x&y?", 'L', 1 }, { "%%L", 'L', 0 }, { "%>L %t", 'L', 0 },
		{ "%t", 'L', 0 }, { "", 'L', 0 }, { "%", 'L', 0 },
	};
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(t); i++)
		tap_ok(conf_format_uses(t[i].fmt, t[i].letter) == t[i].want,
		    "conf_format_uses(\"%s\", %c) is %d", t[i].fmt,
		    t[i].letter, t[i].want);
	{
		struct conf cf;
		const char *text = "feedlist-format \"%t\"\n";

		conf_init(&cf);
		tap_ok(!cf.feedlist_format_set && !cf.articlelist_format_set,
		    "the formats are not set by default (tidings' own look)");
		conf_load_text(&cf, "t", text, strlen(text), NULL);
		tap_ok(cf.feedlist_format_set && !cf.articlelist_format_set,
		    "feedlist-format marks the feed list's format set");
		conf_free(&cf);
	}
}

static void
test_key_names(void)
{
	static const struct {
		int	 key;
		const char *want;
	} k[] = {
		{ 'j', "j" }, { 0x12, "^R" }, { '\t', "TAB" }, { ' ', "SPACE" },
		{ 0x1b, "ESC" }, { CONF_KEY_ENTER, "ENTER" },
		{ CONF_KEY_F0 + 12, "F12" }, { CONF_KEY_ALL, "-a" },
		{ 0xf6, "ö" }, { CONF_KEY_NPAGE, "NPAGE" },
	};
	char buf[32];
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(k); i++) {
		conf_key_name(k[i].key, buf, sizeof(buf));
		tap_str(buf, k[i].want, "key name %s", k[i].want);
	}
}

/* ---- The manual. ---- */

/* The man page's text with roff's \- and \e undone. */
static char *
read_man(void)
{
	const char *top = getenv("top_srcdir");
	char path[512];
	struct buf b;
	FILE *fp;
	int ch, prev = 0;

	snprintf(path, sizeof(path), "%s/man/tidings-config.5",
	    top ? top : ".");
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	buf_init(&b, 0);
	while ((ch = fgetc(fp)) != EOF) {
		if (prev == '\\' && (ch == '-' || ch == 'e')) {
			b.data[b.len - 1] = ch == '-' ? '-' : '\\';
			prev = 0;
			continue;
		}
		buf_putc(&b, ch);
		prev = ch;
	}
	fclose(fp);
	return buf_detach(&b);
}

static void
test_manual(void)
{
	struct conf_msgs m;
	struct conf cf;
	char *man, *ex, *end, want[80], *msgs;
	const char *name;
	size_t i;

	if ((man = read_man()) == NULL) {
		tap_skip("man/tidings-config.5 not found (set top_srcdir)");
		return;
	}
	/* Every command conf knows, as tidings-config(5) must document it. */
	for (i = 0; (name = conf_command_name(i)) != NULL; i++) {
		snprintf(want, sizeof(want), "\n.BI %s ", name);
		tap_ok(strstr(man, want) != NULL, "the manual documents %s",
		    name);
		/* Each wants an argument. */
		memset(&m, 0, sizeof(m));
		conf_init(&cf);
		snprintf(want, sizeof(want), "%s", name);
		conf_load_text(&cf, "t", want, strlen(want), &m);
		tap_ok(m.n == 1 && strstr(m.v[0], "too few arguments") != NULL,
		    "%s without its arguments is refused", name);
		conf_msgs_free(&m);
		conf_free(&cf);
	}
	tap_ok(i >= 28, "the commands are listed (%zu)", i);
	/* The default the manual gives for a setting is conf_init's. */
	conf_init(&cf);
	{
		char num[4][16];
		const struct {
			const char *name;
			const char *value;
		} d[] = {
			{ "auto-reload", cf.auto_reload ? "yes" : "no" },
			{ "reload-time", (snprintf(num[0], 16, "%d",
			    cf.reload_time), num[0]) },
			{ "refresh-on-startup", cf.refresh_on_startup ? "yes" :
			    "no" },
			{ "max-items", (snprintf(num[1], 16, "%d",
			    cf.max_items), num[1]) },
			{ "keep-articles-days", (snprintf(num[2], 16, "%d",
			    cf.keep_articles_days), num[2]) },
			{ "show-read-feeds", cf.show_read_feeds ? "yes" :
			    "no" },
			{ "show-read-articles", cf.show_read_articles ? "yes" :
			    "no" },
			{ "confirm-mark-all-feeds-read",
			    cf.confirm_mark_all_feeds_read ? "yes" : "no" },
			{ "text-width", (snprintf(num[3], 16, "%d",
			    cf.text_width), num[3]) },
			{ "layout", "classic" },
			{ "text-align", "center" },
			{ "mouse", cf.mouse ? "yes" : "no" },
			{ "ignore-mode", "download" },
			{ "article-sort-order", "date-desc" },
			{ "feed-sort-order", "none" },
			/* Unset, the lists have tidings' own look. */
			{ "feedlist-format", cf.feedlist_format_set ? "?" :
			    "none, meaning tidings' own look, which is close to" },
			{ "articlelist-format", cf.articlelist_format_set ?
			    "?" : "none, meaning tidings' own look, which is "
			    "close to" },
			{ "datetime-format", cf.datetime_format },
		};

		for (i = 0; i < UTIL_ARRAY_LEN(d); i++) {
			char *sec, *stop, *def, got[64];
			size_t k = 0;

			snprintf(want, sizeof(want), "\n.BI %s ", d[i].name);
			sec = strstr(man, want);
			def = sec ? strstr(sec, "Default:") : NULL;
			stop = sec ? strstr(sec + 1, "\n.TP\n") : NULL;
			got[0] = '\0';
			if (def != NULL && (stop == NULL || def < stop)) {
				def += strlen("Default:");
				while (*def == ' ' || *def == '\n')
					def++;
				if (strncmp(def, ".BR ", 4) == 0)
					def += 4;
				if (strncmp(def, "\"\\(dq", 5) == 0)
					def += 5;
				while (k + 1 < sizeof(got) && *def != '\0' &&
				    *def != '\n' &&
				    strncmp(def, "\\(dq", 3) != 0 &&
				    !(def[0] == '.' && (def[1] == '\n' ||
				    def[1] == '\0')) &&
				    strncmp(def, " .", 2) != 0)
					got[k++] = *def++;
				got[k] = '\0';
			}
			tap_str(got, d[i].value, "the manual's default for %s",
			    d[i].name);
		}
	}
	conf_free(&cf);

	/* The EXAMPLES section is a valid file (its include aside). */
	ex = strstr(man, ".SH EXAMPLES\n.nf\n");
	end = ex ? strstr(ex, "\n.fi\n") : NULL;
	if (ex == NULL || end == NULL) {
		tap_ok(0, "the manual has an EXAMPLES section");
		free(man);
		return;
	}
	ex += strlen(".SH EXAMPLES\n.nf\n");
	*end = '\0';
	memset(&m, 0, sizeof(m));
	conf_init(&cf);
	cf.actions = actions;
	cf.nactions = UTIL_ARRAY_LEN(actions);
	conf_load_text(&cf, "example", ex, strlen(ex), &m);
	msgs = join_msgs(&m);
	tap_ok(m.n == 1 && strstr(m.v[0], "include: cannot read") != NULL,
	    "the manual's example gives no message but its include's: %s",
	    msgs);
	tap_ok(cf.nignores == 1 && cf.nbinds == 4 && cf.nhighlights == 1 &&
	    cf.reload_time == 30 && cf.keep_articles_days == 60,
	    "the manual's example applies");
	if (cf.nignores == 1) {
		struct filter_item it;

		memset(&it, 0, sizeof(it));
		it.title = "[Sponsored] Buy";
		tap_ok(filter_match(cf.ignores[0].filter, &it) == 1,
		    "its ignore-article matches \"[Sponsored] ...\"");
		it.title = "Sponsored";
		tap_ok(filter_match(cf.ignores[0].filter, &it) == 0,
		    "... and not \"Sponsored\"");
	}
	free(msgs);
	conf_msgs_free(&m);
	conf_free(&cf);
	free(man);
}

static void
test_command_tail(void)
{
	static const struct {
		const char *in, *rest;
		int	 flags;
	} t[] = {
		{ "firefox %u", "firefox %u", 0 },
		{ "firefox %u &", "firefox %u", CONF_TAIL_BACKGROUND },
		{ "firefox %u&", "firefox %u", CONF_TAIL_BACKGROUND },
		{ "xdg-open %u >/dev/null 2>&1 &", "xdg-open %u",
		  CONF_TAIL_BACKGROUND | CONF_TAIL_QUIET },
		{ "xdg-open %u > /dev/null 2> /dev/null", "xdg-open %u",
		  CONF_TAIL_QUIET },
		{ "w3m %u &>/dev/null", "w3m %u", CONF_TAIL_QUIET },
		{ "a && b", "a && b", 0 },
		{ "a \\&", "a \\&", 0 },
		{ "a '&'", "a '&'", 0 },
		{ "a > log &", "a > log", CONF_TAIL_BACKGROUND },
		{ "a | b >/dev/null", "a | b", CONF_TAIL_QUIET },
		{ "  &  ", "", CONF_TAIL_BACKGROUND },
	};
	char *c;
	size_t i;
	int f;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		c = xstrdup(t[i].in);
		f = conf_command_tail(c);
		tap_ok(f == t[i].flags && strcmp(c, t[i].rest) == 0,
		    "command tail: \"%s\" -> \"%s\" %d (got \"%s\" %d)",
		    t[i].in, t[i].rest, t[i].flags, c, f);
		free(c);
	}
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	setenv("HOME", "/home/test", 1);
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	test_defaults();
	test_cases();
	test_rest_applies();
	test_no_actions();
	test_many_messages();
	test_files();
	test_ignored();
	test_reader_mode();
	test_format();
	test_format_feed();
	test_format_article();
	test_format_uses();
	test_key_names();
	test_manual();
	test_command_tail();
	return tap_done();
}
