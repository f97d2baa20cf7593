/*
 * ui_nav.c: newsboat's keys for the order of the lists and for going from
 * feed to feed: sort and rev-sort (article-sort-order and feed-sort-order
 * while tidings runs), next-feed, prev-feed, next-unread-feed and
 * prev-unread-feed.
 *
 * Must never reload a list to change its order: the rows in memory are
 * sorted again.
 */
#include "config.h"

#include <string.h>

#include "conf.h"
#include "ui_int.h"
#include "util.h"

/* The sort prompts' letters, as newsboat's. */
static const struct {
	int	 key;
	const char *field;
} sort_items[] = {
	{ 'd', "date" }, { 't', "title" }, { 'f', "flags" },
	{ 'a', "author" }, { 'l', "link" }, { 'g', "guid" },
}, sort_feeds[] = {
	{ 'f', "firsttag" }, { 't', "title" }, { 'a', "articlecount" },
	{ 'u', "unreadarticlecount" }, { 'l', "lastupdated" },
	{ 'n', "none" },
};

static int sort_reverse;	/* the prompt came from rev-sort */

/* Sorts the article lists in memory again, keeping the selection. */
static void
items_resort(struct ui *ui)
{
	struct ui_items *lists[2];
	size_t k, i;

	lists[0] = &ui->items;
	lists[1] = ui->have_saved ? &ui->saved : NULL;
	for (k = 0; k < 2; k++) {
		struct ui_items *it = lists[k];
		int64_t sel_id;

		if (it == NULL || !it->loaded || it->cur.n == 0)
			continue;
		sel_id = it->rows[it->cur.sel].id;
		it->resorted = 1;
		ui_items_sort(ui, it);
		for (i = 0; i < it->cur.n; i++)
			if (it->rows[i].id == sel_id)
				it->cur.sel = i;
	}
}

static void
sort_done(struct ui *ui, const char *answer)
{
	int feeds = ui->focus == UI_PANE_FEEDS;
	struct conf_sort o;
	char name[40];
	size_t i, n = feeds ? UTIL_ARRAY_LEN(sort_feeds) :
	    UTIL_ARRAY_LEN(sort_items);

	for (i = 0; i < n; i++)
		if ((unsigned char)answer[0] == (feeds ? sort_feeds[i].key :
		    sort_items[i].key) && answer[1] == '\0')
			break;
	if (i == n)
		return;
	if (conf_sort_parse(feeds ? sort_feeds[i].field :
	    sort_items[i].field, feeds, &o) == -1)
		return;
	if (sort_reverse)
		o.desc = !o.desc;
	conf_sort_name(&o, name, sizeof(name));
	if (feeds) {
		ui->feed_sort = o;
		ui_feeds_visible(ui);
		ui_status(ui, "Feeds sorted by %s", name);
	} else {
		ui->article_sort = o;
		items_resort(ui);
		ui_status(ui, "Articles sorted by %s", name);
	}
	ui->dirty = 1;
}

static void
sort_ask(struct ui *ui, int reverse)
{
	sort_reverse = reverse;
	if (ui->focus == UI_PANE_FEEDS)
		ui_prompt_key1(ui, reverse ? "Reverse sort by (f)irsttag/"
		    "(t)itle/(a)rticlecount/(u)nreadarticlecount/"
		    "(l)astupdated/(n)one? " : "Sort by (f)irsttag/(t)itle/"
		    "(a)rticlecount/(u)nreadarticlecount/(l)astupdated/"
		    "(n)one? ", sort_done);
	else
		ui_prompt_key1(ui, reverse ? "Reverse sort by (d)ate/(t)itle/"
		    "(f)lags/(a)uthor/(l)ink/(g)uid? " : "Sort by (d)ate/"
		    "(t)itle/(f)lags/(a)uthor/(l)ink/(g)uid? ", sort_done);
}

void
ui_act_sort(struct ui *ui, int key)
{
	(void)key;
	sort_ask(ui, 0);
}

void
ui_act_rev_sort(struct ui *ui, int key)
{
	(void)key;
	sort_ask(ui, 1);
}

/*
 * Opens the list of the next (dir 1) or previous (dir -1) feed of the
 * feed list as it is shown; with unread, the next other feed with unread
 * articles, going round the list.
 */
static void
step_feed(struct ui *ui, int dir, int unread)
{
	size_t n = ui->fcur.n, k;
	long at = -1, i;
	int fi;

	if (n == 0)
		return;
	if (ui->items.loaded && ui->items.feed >= 0 && !ui->items.mixed)
		for (k = 0; k < n; k++)
			if (ui->fvis[k] == ui->items.feed)
				at = (long)k;
	if (at < 0)
		at = (long)ui->fcur.sel;
	for (k = 1; k < n; k++) {
		i = at + dir * (long)k;
		if (!unread && (i < 0 || (size_t)i >= n))
			break;
		i %= (long)n;
		if (i < 0)
			i += (long)n;
		fi = ui->fvis[i];
		if (unread && ui->feeds[fi].unread <= 0)
			continue;
		ui_open_feed(ui, fi);
		return;
	}
	if (unread)
		ui_status(ui, "No other feed has unread articles");
	else
		ui_status(ui, dir > 0 ? "This is the last feed" :
		    "This is the first feed");
}

void
ui_act_next_feed(struct ui *ui, int key)
{
	(void)key;
	step_feed(ui, 1, 0);
}

void
ui_act_prev_feed(struct ui *ui, int key)
{
	(void)key;
	step_feed(ui, -1, 0);
}

void
ui_act_next_unread_feed(struct ui *ui, int key)
{
	(void)key;
	step_feed(ui, 1, 1);
}

void
ui_act_prev_unread_feed(struct ui *ui, int key)
{
	(void)key;
	step_feed(ui, -1, 1);
}
