/*
 * ui_tags.c: narrowing what is shown: the list of tags from the urls file
 * to pick one from (t), showing every tag again (^T), hiding or showing
 * the feeds with nothing unread (show-read-feeds), and the list of every
 * flagged article (S).
 *
 * Must never change the urls file or the store: these are views only.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "str.h"
#include "ui_int.h"
#include "urls.h"
#include "util.h"

struct tag_count {
	const char *tag;	/* borrowed from the urls entries */
	size_t	 feeds;
	int64_t	 unread;
};

static int
tag_cmp(const void *a, const void *b)
{
	const struct tag_count *x = a, *y = b;

	return strcmp(x->tag, y->tag);
}

void
ui_act_set_tag(struct ui *ui, int key)
{
	struct tag_count *v = NULL;
	struct ui_text *t;
	size_t n = 0, cap = 0, i, j, m;

	/* One (tag, feed) pair each, sorted, then the runs counted. */
	for (i = 0; i < ui->nfeeds; i++) {
		size_t ntags;
		char *const *tags = ui_feed_tags(ui, (int)i, &ntags);

		for (j = 0; j < ntags; j++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				v = xreallocarray(v, cap, sizeof(*v));
			}
			v[n].tag = tags[j];
			v[n].feeds = 1;
			v[n].unread = ui->feeds[i].unread;
			n++;
		}
	}
	if (n == 0) {
		free(v);
		ui_status(ui, "No feed has a tag: tags follow the URL in the "
		    "urls file");
		return;
	}
	qsort(v, n, sizeof(*v), tag_cmp);
	for (i = 1, m = 0; i < n; i++) {
		if (strcmp(v[i].tag, v[m].tag) == 0) {
			v[m].feeds++;
			v[m].unread += v[i].unread;
		} else
			v[++m] = v[i];
	}
	n = m + 1;
	ui_act_text_close(ui);
	t = &ui->text;
	t->kind = UI_TEXT_TAGS;
	t->selectable = 1;
	t->title = xstrdup("Tags (Enter shows that tag's feeds)");
	t->lines = xcalloc(n + 1, sizeof(*t->lines));
	t->urls = xcalloc(n + 1, sizeof(*t->urls));
	t->lines[0] = xstrdup("(every feed)");
	t->urls[0] = NULL;
	for (i = 0; i < n; i++) {
		t->lines[i + 1] = str_clean_inplace(xasprintf("%-24s %zu "
		    "%s, %lld unread", v[i].tag, v[i].feeds,
		    util_plural((long long)v[i].feeds, "feed", "feeds"),
		    (long long)v[i].unread), STR_FOLD_SPACE);
		t->urls[i + 1] = xstrdup(v[i].tag);
		if (ui->tag != NULL && strcmp(ui->tag, v[i].tag) == 0)
			t->cur.sel = i + 1;
	}
	t->n = n + 1;
	t->cur.n = t->n;
	free(v);
}

/* Shows the feeds of tag (NULL: every feed) in the feed list. */
static void
set_tag(struct ui *ui, const char *tag)
{
	int keep = ui_feed_sel(ui);

	free(ui->tag);
	ui->tag = tag != NULL ? xstrdup(tag) : NULL;
	ui->fcur.sel = ui->fcur.top = 0;
	ui_feeds_visible(ui);
	if (keep >= 0 && (tag == NULL || ui_feed_has_tag(ui, keep, tag)))
		ui_feed_select(ui, keep);
	ui->focus = UI_PANE_FEEDS;
	if (tag != NULL)
		ui_status(ui, "%zu %s tagged \"%s\"", ui->fcur.n,
		    util_plural((long long)ui->fcur.n, "feed", "feeds"), tag);
	else
		ui_status(ui, "Every feed");
}

void
ui_tag_pick(struct ui *ui)
{
	char *tag = NULL;

	if (ui->text.n > 0 && ui->text.urls[ui->text.cur.sel] != NULL)
		tag = xstrdup(ui->text.urls[ui->text.cur.sel]);
	ui_act_text_close(ui);
	set_tag(ui, tag);
	free(tag);
}

void
ui_act_clear_tag(struct ui *ui, int key)
{
	if (ui->tag == NULL) {
		ui_status(ui, "The feed list shows every feed already");
		return;
	}
	set_tag(ui, NULL);
}

void
ui_act_show_flagged(struct ui *ui, int key)
{
	int n = ui_items_flagged(ui);

	ui->items.cur.sel = ui->items.cur.top = 0;
	ui_status(ui, "%d flagged %s (q goes back)", n, util_plural(n,
	    "article", "articles"));
}

void
ui_act_toggle_read_feeds(struct ui *ui, int key)
{
	ui->show_read_feeds = !ui->show_read_feeds;
	ui_feeds_visible(ui);
	ui_status(ui, ui->show_read_feeds ? "Showing every feed" :
	    "Hiding the feeds with nothing unread");
}
