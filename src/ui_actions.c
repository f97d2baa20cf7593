/*
 * ui_actions.c: what each entry of the action table does: moving, opening,
 * going back, marking read, searching, saving, piping, the browser, and
 * the mouse.
 *
 * Must never bind keys (that is ui_keys.c's table) and never pass a string
 * from a feed to a shell: URLs go to ui_exec.c as one argv element.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "curses_compat.h"
#include "filter.h"
#include "html.h"
#include "store.h"
#include "str.h"
#include "ui_int.h"
#include "util.h"

unsigned
ui_where(const struct ui *ui)
{
	if (ui->text.kind != UI_TEXT_NONE)
		return UI_IN_TEXT;
	switch (ui->focus) {
	case UI_PANE_FEEDS:
		return UI_IN_FEEDS;
	case UI_PANE_ITEMS:
		return UI_IN_ITEMS;
	case UI_PANE_VIEW:
		break;
	}
	return UI_IN_VIEW;
}

void
ui_cursor_move(struct ui_cursor *c, long delta)
{
	if (c->n == 0) {
		c->sel = 0;
		return;
	}
	if (delta < 0 && (size_t)-delta > c->sel)
		c->sel = 0;
	else if (delta > 0 && c->sel + (size_t)delta >= c->n)
		c->sel = c->n - 1;
	else
		c->sel = (size_t)((long)c->sel + delta);
}

void
ui_cursor_fit(struct ui_cursor *c, int h)
{
	size_t hh = h > 0 ? (size_t)h : 1;

	if (c->n == 0) {
		c->sel = c->top = 0;
		return;
	}
	if (c->sel >= c->n)
		c->sel = c->n - 1;
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + hh)
		c->top = c->sel - hh + 1;
	if (c->top + hh > c->n)
		c->top = c->n > hh ? c->n - hh : 0;
}

void
ui_act_text_close(struct ui *ui)
{
	struct ui_text *t = &ui->text;
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->lines[i]);
		if (t->urls != NULL)
			free(t->urls[i]);
	}
	free(t->lines);
	free(t->urls);
	free(t->title);
	memset(t, 0, sizeof(*t));
}

/* The height of the pane keys go to. */
static int
page_height(const struct ui *ui)
{
	int h = LINES - 3;

	if (ui->text.kind == UI_TEXT_NONE) {
		if (ui->focus == UI_PANE_FEEDS && ui->show_feeds)
			h = ui->r_feeds.h;
		else if (ui->focus == UI_PANE_ITEMS && ui->show_items)
			h = ui->r_items.h;
		else if (ui->focus == UI_PANE_VIEW && ui->show_view)
			h = ui->r_view.h;
	}
	return h > 1 ? h : 1;
}

/* Moves whatever has the keys by delta lines (a scroll in a text). */
static void
move_by(struct ui *ui, long delta)
{
	struct ui_cursor *c = NULL;

	if (ui->text.kind != UI_TEXT_NONE) {
		c = &ui->text.cur;
		if (!ui->text.selectable) {
			if (delta < 0 && (size_t)-delta > c->top)
				c->top = 0;
			else
				c->top = (size_t)((long)c->top + delta);
			if (c->top >= c->n)
				c->top = c->n > 0 ? c->n - 1 : 0;
			return;
		}
	} else if (ui->focus == UI_PANE_FEEDS)
		c = &ui->fcur;
	else if (ui->focus == UI_PANE_ITEMS)
		c = &ui->items.cur;
	else {
		struct ui_article *a = &ui->art;

		if (delta < 0 && (size_t)-delta > a->top)
			a->top = 0;
		else
			a->top = (size_t)((long)a->top + delta);
		/* ui_draw_view keeps the last page full. */
		if (a->top >= a->nv)
			a->top = a->nv > 0 ? a->nv - 1 : 0;
		return;
	}
	ui_cursor_move(c, delta);
}

void
ui_act_down(struct ui *ui, int key)
{
	move_by(ui, 1);
}

void
ui_act_up(struct ui *ui, int key)
{
	move_by(ui, -1);
}

void
ui_act_page_down(struct ui *ui, int key)
{
	int h = page_height(ui);

	move_by(ui, h > 2 && ui->focus == UI_PANE_VIEW ? h - 1 : h);
}

void
ui_act_page_up(struct ui *ui, int key)
{
	int h = page_height(ui);

	move_by(ui, -(long)(h > 2 && ui->focus == UI_PANE_VIEW ? h - 1 : h));
}

void
ui_act_top(struct ui *ui, int key)
{
	move_by(ui, -(long)0x3fffffff);
}

void
ui_act_bottom(struct ui *ui, int key)
{
	move_by(ui, 0x3fffffff);
}

/* The article the keys are about: the one shown, or the selected row. */
static struct ui_row *
current_row(struct ui *ui)
{
	size_t i;

	if (ui->focus == UI_PANE_VIEW && ui->art.si != NULL) {
		for (i = 0; i < ui->items.cur.n; i++)
			if (ui->items.rows[i].id == ui->art.id)
				return &ui->items.rows[i];
		return NULL;
	}
	if (ui->items.cur.n == 0)
		return NULL;
	return &ui->items.rows[ui->items.cur.sel];
}

static int64_t
current_id(struct ui *ui)
{
	struct ui_row *r;

	if (ui->focus == UI_PANE_VIEW && ui->art.si != NULL)
		return ui->art.id;
	r = current_row(ui);
	return r != NULL ? r->id : 0;
}

/* Sets an article's read state in the store, its row and its feed. */
static void
set_unread(struct ui *ui, int64_t id, int unread)
{
	int changed, fi = -1;
	size_t i;

	if ((changed = store_item_set_unread(ui->store, id, unread)) == -1) {
		ui_error(ui, "%s", store_error(ui->store));
		return;
	}
	if (changed == 1)
		ui_queries_stale(ui);
	for (i = 0; i < ui->items.cur.n; i++) {
		if (ui->items.rows[i].id == id) {
			ui->items.rows[i].unread = (unsigned char)unread;
			fi = ui->items.rows[i].feed;
		}
	}
	if (ui->have_saved)
		for (i = 0; i < ui->saved.cur.n; i++)
			if (ui->saved.rows[i].id == id)
				ui->saved.rows[i].unread =
				    (unsigned char)unread;
	if (ui->art.si != NULL && ui->art.id == id) {
		ui->art.si->unread = unread;
		fi = ui_feed_by_id(ui, ui->art.si->feed_id);
	}
	if (changed == 1 && fi >= 0) {
		struct ui_feed *f = &ui->feeds[fi];

		f->unread += unread ? 1 : -1;
		if (f->unread < 0)
			f->unread = 0;
	}
}

void
ui_mark_read(struct ui *ui, int64_t id)
{
	set_unread(ui, id, 0);
}

/* Shows article row i of the list in the view, marking it read. */
static void
show_article(struct ui *ui, size_t i)
{
	struct ui_row *r;

	if (i >= ui->items.cur.n)
		return;
	ui->items.cur.sel = i;
	r = &ui->items.rows[i];
	if (ui_article_open(ui, r->id) == -1)
		return;
	ui_article_opened(ui);
	ui->art.top = 0;
	ui->focus = UI_PANE_VIEW;
	if (r->unread)
		set_unread(ui, r->id, 0);
}

/* Opens feed fi's list, with the first unread article selected. */
static void
open_feed(struct ui *ui, int fi)
{
	size_t i;

	ui_feed_select(ui, fi);
	if (!ui->items.loaded || ui->items.feed != fi || ui->have_saved ||
	    ui->items.mixed)
		ui_items_load(ui, fi);
	else
		ui_items_reload(ui);
	ui->items.cur.sel = 0;
	ui->items.cur.top = 0;
	for (i = 0; i < ui->items.cur.n; i++) {
		if (ui->items.rows[i].unread) {
			ui->items.cur.sel = i;
			break;
		}
	}
	ui->focus = UI_PANE_ITEMS;
}

static void
open_url(struct ui *ui, const char *url, int64_t mark_id)
{
	ui_open_url(ui, url);
	if (mark_id > 0 && !ui->status_error)
		set_unread(ui, mark_id, 0);
}

void
ui_act_open(struct ui *ui, int key)
{
	if (ui->text.kind == UI_TEXT_URLS) {
		if (ui->text.n > 0)
			open_url(ui, ui->text.urls[ui->text.cur.sel], 0);
		return;
	}
	if (ui->text.kind == UI_TEXT_TAGS) {
		ui_tag_pick(ui);
		return;
	}
	if (ui->text.kind == UI_TEXT_FEEDS) {
		ui_add_pick(ui);
		return;
	}
	if (ui->text.kind != UI_TEXT_NONE) {
		ui_act_text_close(ui);
		return;
	}
	if (ui->focus == UI_PANE_FEEDS) {
		if (ui_feed_sel(ui) >= 0)
			open_feed(ui, ui_feed_sel(ui));
		return;
	}
	if (ui->focus == UI_PANE_ITEMS) {
		if (ui->items.cur.n == 0)
			return;
		show_article(ui, ui->items.cur.sel);
	}
}

void
ui_act_back(struct ui *ui, int key)
{
	if (ui->text.kind != UI_TEXT_NONE) {
		ui_act_text_close(ui);
		return;
	}
	switch (ui->focus) {
	case UI_PANE_VIEW:
		ui->focus = UI_PANE_ITEMS;
		if (ui->layout == UI_LAYOUT_CLASSIC)
			ui_article_close(&ui->art);
		break;
	case UI_PANE_ITEMS:
		if (ui->have_saved) {
			ui_items_free(&ui->items);
			ui->items = ui->saved;
			memset(&ui->saved, 0, sizeof(ui->saved));
			ui->saved.feed = -1;
			ui->have_saved = 0;
			ui->focus = ui->items.loaded ? ui->saved_focus :
			    UI_PANE_FEEDS;
			break;
		}
		ui->focus = UI_PANE_FEEDS;
		/* Counts may have changed while the list was open. */
		break;
	case UI_PANE_FEEDS:
		/* As in an article list, q first undoes F. */
		if (ui->feed_filter != NULL) {
			ui_feeds_filter(ui, NULL);
			ui_status(ui, "Every feed");
			break;
		}
		ui->quit = 1;
		break;
	}
}

void
ui_act_quit(struct ui *ui, int key)
{
	ui->quit = 1;
}

/* The next (dir 1) or previous (dir -1) unread row after row from. */
static long
unread_in_list(const struct ui_items *it, long from, int dir)
{
	long i;

	for (i = from + dir; i >= 0 && (size_t)i < it->cur.n; i += dir)
		if (it->rows[i].unread)
			return i;
	return -1;
}

/* The next feed with unread articles after fi, wrapping; -1 if none. */
static int
unread_feed(struct ui *ui, int fi, int dir, int inclusive)
{
	size_t k, n = ui->nfeeds;
	long i;

	for (k = inclusive ? 0 : 1; k <= n; k++) {
		i = ((long)fi + dir * (long)k) % (long)n;
		if (i < 0)
			i += (long)n;
		if (ui->feeds[i].unread > 0 && ui_feed_passes(ui, (int)i))
			return (int)i;
	}
	return -1;
}

static void
goto_unread(struct ui *ui, int dir)
{
	int in_view = ui->focus == UI_PANE_VIEW, fi, start;
	long i;

	if (ui->nfeeds == 0)
		return;
	if (ui->focus != UI_PANE_FEEDS && ui->items.loaded) {
		i = unread_in_list(&ui->items, (long)ui->items.cur.sel, dir);
		if (i >= 0) {
			ui->items.cur.sel = (size_t)i;
			if (in_view)
				show_article(ui, (size_t)i);
			return;
		}
	}
	if (ui->focus == UI_PANE_FEEDS)
		fi = unread_feed(ui, ui_feed_sel(ui), dir, 1);
	else {
		start = ui->items.feed >= 0 ? ui->items.feed :
		    ui_feed_sel(ui);
		fi = unread_feed(ui, start, dir, 0);
	}
	if (fi < 0) {
		ui_status(ui, "No unread articles");
		return;
	}
	open_feed(ui, fi);
	i = unread_in_list(&ui->items, dir > 0 ? -1 :
	    (long)ui->items.cur.n, dir);
	if (i < 0) {
		/* The counts were stale: the store knows better. */
		ui_feeds_counts(ui);
		ui_status(ui, "No unread articles in %s", ui->feeds[fi].title);
		return;
	}
	ui->items.cur.sel = (size_t)i;
	if (in_view || ui->layout == UI_LAYOUT_CLASSIC)
		show_article(ui, (size_t)i);
}

void
ui_act_next_unread(struct ui *ui, int key)
{
	goto_unread(ui, 1);
}

void
ui_act_prev_unread(struct ui *ui, int key)
{
	goto_unread(ui, -1);
}

static void
step_article(struct ui *ui, int dir)
{
	size_t sel = ui->items.cur.sel;

	if (ui->focus != UI_PANE_VIEW) {
		move_by(ui, dir);
		return;
	}
	if ((dir < 0 && sel == 0) || (dir > 0 && sel + 1 >= ui->items.cur.n)) {
		ui_status(ui, dir > 0 ? "This is the last article" :
		    "This is the first article");
		return;
	}
	show_article(ui, sel + (size_t)(long)dir);
}

void
ui_act_next_article(struct ui *ui, int key)
{
	step_article(ui, 1);
}

void
ui_act_prev_article(struct ui *ui, int key)
{
	step_article(ui, -1);
}

void
ui_act_toggle_read(struct ui *ui, int key)
{
	struct ui_row *r = current_row(ui);
	int64_t id = current_id(ui);
	int unread;

	if (id <= 0)
		return;
	unread = r != NULL ? !r->unread : (ui->art.si != NULL &&
	    !ui->art.si->unread);
	set_unread(ui, id, unread);
	/* Marked by hand: the preview's rule does not undo it. */
	if (id == ui->look_id)
		ui->look_done = 1;
	ui_status(ui, unread ? "Marked unread" : "Marked read");
}

void
ui_act_toggle_flag(struct ui *ui, int key)
{
	struct ui_row *r = current_row(ui);
	int64_t id = current_id(ui);
	int flag;

	if (id <= 0)
		return;
	flag = r != NULL ? !r->flagged : (ui->art.si != NULL &&
	    !ui->art.si->flagged);
	if (store_item_set_flagged(ui->store, id, flag) == -1) {
		ui_error(ui, "%s", store_error(ui->store));
		return;
	}
	if (r != NULL)
		r->flagged = (unsigned char)flag;
	if (ui->art.si != NULL && ui->art.id == id)
		ui->art.si->flagged = flag;
	ui_status(ui, flag ? "Flagged" : "Unflagged");
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* After marks in the store: rows follow, counts come from the store. */
static void
marks_changed(struct ui *ui, const struct store_ids *ids, int unread)
{
	struct ui_items *lists[2] = { &ui->items, &ui->saved };
	size_t l, i;

	ui_queries_stale(ui);
	if (ids->n == 0) {
		ui_feeds_counts(ui);
		return;
	}
	qsort(ids->v, ids->n, sizeof(*ids->v), id_cmp);
	for (l = 0; l < 2; l++)
		for (i = 0; i < lists[l]->cur.n; i++)
			if (bsearch(&lists[l]->rows[i].id, ids->v, ids->n,
			    sizeof(*ids->v), id_cmp) != NULL)
				lists[l]->rows[i].unread =
				    (unsigned char)unread;
	if (ui->art.si != NULL && bsearch(&ui->art.id, ids->v, ids->n,
	    sizeof(*ids->v), id_cmp) != NULL)
		ui->art.si->unread = unread;
	ui_feeds_counts(ui);
}

static void
undo_reset(struct ui *ui)
{
	store_ids_free(&ui->undo);
	memset(&ui->undo, 0, sizeof(ui->undo));
	ui->undo_valid = 0;
}

void
ui_act_mark_feed_read(struct ui *ui, int key)
{
	int fi = -1;
	int64_t n = 0;
	size_t i;

	undo_reset(ui);
	if (ui->focus == UI_PANE_FEEDS)
		fi = ui_feed_sel(ui);
	else if (ui->focus == UI_PANE_VIEW && ui->art.si != NULL &&
	    !ui->items.mixed)
		fi = ui_feed_by_id(ui, ui->art.si->feed_id);
	else if (!ui->items.mixed && !ui->have_saved)
		fi = ui->items.feed;
	if (fi >= 0 && ui->feeds[fi].query != NULL) {
		/* A query feed: mark what its list shows. */
		if (!ui->items.loaded || ui->items.feed != fi ||
		    ui->have_saved)
			ui_items_load(ui, fi);
		fi = -1;
	}
	if (fi < 0 && (ui->focus != UI_PANE_FEEDS || ui->items.feed >= 0)) {
		/* A search result list: mark what it shows. */
		if (store_begin(ui->store) == -1)
			goto fail;
		for (i = 0; i < ui->items.cur.n; i++) {
			struct ui_row *r = &ui->items.rows[i];
			struct store_ids one = { &r->id, 1, 1 };

			if (!r->unread)
				continue;
			if (store_items_set_unread(ui->store, &one, 0) == -1) {
				store_rollback(ui->store);
				goto fail;
			}
			if (ui->undo.n == ui->undo.cap) {
				ui->undo.cap = ui->undo.cap ? ui->undo.cap * 2 :
				    64;
				ui->undo.v = xreallocarray(ui->undo.v,
				    ui->undo.cap, sizeof(*ui->undo.v));
			}
			ui->undo.v[ui->undo.n++] = r->id;
			n++;
		}
		if (store_commit(ui->store) == -1)
			goto fail;
	} else if (fi >= 0) {
		if (ui->feeds[fi].id <= 0)
			return;
		if ((n = store_feed_mark_read(ui->store, ui->feeds[fi].id,
		    &ui->undo)) == -1)
			goto fail;
	} else
		return;
	ui->undo_valid = 1;
	marks_changed(ui, &ui->undo, 0);
	ui_status(ui, "Marked %lld %s read (U undoes)", (long long)n,
	    util_plural(n, "article", "articles"));
	return;
fail:
	ui_error(ui, "%s", store_error(ui->store));
	undo_reset(ui);
}

static void
mark_all_done(struct ui *ui, const char *answer)
{
	int64_t n;

	undo_reset(ui);
	if ((n = store_mark_all_read(ui->store, &ui->undo)) == -1) {
		ui_error(ui, "%s", store_error(ui->store));
		undo_reset(ui);
		return;
	}
	ui->undo_valid = 1;
	marks_changed(ui, &ui->undo, 0);
	ui_status(ui, "Marked %lld %s read (U undoes)", (long long)n,
	    util_plural(n, "article", "articles"));
}

void
ui_act_mark_all_read(struct ui *ui, int key)
{
	char label[128];
	int64_t n = 0;
	size_t i;

	for (i = 0; i < ui->nfeeds; i++)
		n += ui->feeds[i].unread;
	if (n == 0) {
		ui_status(ui, "No unread articles");
		return;
	}
	if (ui->cfg->conf != NULL &&
	    !ui->cfg->conf->confirm_mark_all_feeds_read) {
		mark_all_done(ui, "y");
		return;
	}
	util_errf(label, sizeof(label), "Mark %s %lld unread %s of "
	    "every feed read? [y/n] ", util_plural(n, "the", "all"),
	    (long long)n, util_plural(n, "article", "articles"));
	ui_prompt_yesno(ui, label, mark_all_done);
}

void
ui_act_undo_mark(struct ui *ui, int key)
{
	int64_t n;

	if (!ui->undo_valid) {
		ui_status(ui, "Nothing to undo");
		return;
	}
	if ((n = store_items_set_unread(ui->store, &ui->undo, 1)) == -1) {
		ui_error(ui, "%s", store_error(ui->store));
		return;
	}
	marks_changed(ui, &ui->undo, 1);
	undo_reset(ui);
	ui_status(ui, "%lld %s unread again", (long long)n, util_plural(n,
	    "article is", "articles are"));
}

int
ui_url_openable(const char *url)
{
	static const char *const ok[] = { "http:", "https:", "ftp:",
	    "mailto:", "gopher:", "gemini:", "news:", "nntp:", "irc:",
	    "ircs:", "xmpp:", "tel:", "magnet:" };
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(ok); i++)
		if (str_has_prefix_ci(url, ok[i]))
			return 1;
	return 0;
}

void
ui_open_url(struct ui *ui, const char *url)
{
	char err[512], **argv;
	char *shown, *prog;
	const char *source;
	int rc;
	size_t i;

	if (url == NULL || *url == '\0') {
		ui_error(ui, "No URL to open");
		return;
	}
	shown = str_clean(url, strlen(url), STR_FOLD_SPACE);
	if (!ui_url_openable(url)) {
		ui_error(ui, "Not opening %s: not a web address", shown);
		free(shown);
		return;
	}
	/* Every failure says why, and which setting chose the browser. */
	ui_browser_command(ui->cfg->browser, &source);
	if ((argv = ui_browser_argv(ui->cfg->browser, url, err,
	    sizeof(err))) == NULL) {
		ui_error(ui, "Cannot open the link: %s", err);
		free(shown);
		return;
	}
	prog = str_clean(argv[0], strlen(argv[0]), STR_FOLD_SPACE);
	rc = ui_browser_background(ui->cfg->browser) ?
	    ui_exec_spawn(argv, err, sizeof(err)) :
	    ui_exec_wait(ui, argv, err, sizeof(err));
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
	if (rc == -1)
		ui_error(ui, "Cannot open the link: %s (%s)", err, source);
	else if (rc != 0)
		ui_error(ui, "The browser %s (%s) exited with status %d", prog,
		    source, rc);
	else
		ui_status(ui, "Opened %s", shown);
	free(prog);
	free(shown);
}

int
ui_need_article(struct ui *ui)
{
	struct ui_row *r;

	if (ui->focus == UI_PANE_VIEW && ui->art.si != NULL)
		return 0;
	if ((r = current_row(ui)) == NULL) {
		ui_error(ui, "No article selected");
		return -1;
	}
	return ui_article_open(ui, r->id);
}

static void
browser_current(struct ui *ui, int mark)
{
	struct ui_row *r;
	const char *link = NULL;
	int64_t id = 0;

	if (ui->text.kind == UI_TEXT_URLS) {
		if (ui->text.n > 0)
			open_url(ui, ui->text.urls[ui->text.cur.sel], 0);
		return;
	}
	if (ui->focus == UI_PANE_VIEW && ui->art.si != NULL) {
		link = ui->art.si->item.link;
		id = ui->art.id;
	} else if ((r = current_row(ui)) != NULL) {
		link = r->link;
		id = r->id;
	}
	if (id == 0) {
		ui_error(ui, "No article selected");
		return;
	}
	open_url(ui, link, mark ? id : 0);
}

void
ui_act_open_browser(struct ui *ui, int key)
{
	browser_current(ui, 0);
}

void
ui_act_open_browser_read(struct ui *ui, int key)
{
	browser_current(ui, 1);
}

static void
open_link_done(struct ui *ui, const char *answer)
{
	char *end;
	long n = strtol(answer, &end, 10);
	const char *url;

	if (end == answer || *end != '\0' || n < 1 || n > HTML_MAX_LINKS ||
	    (url = ui_article_link(ui, (int)n)) == NULL) {
		ui_error(ui, "No link %s", answer);
		return;
	}
	ui_open_url(ui, url);
}

void
ui_act_open_link(struct ui *ui, int key)
{
	char num[2] = { (char)key, '\0' };

	if (ui->art.doc == NULL) {
		ui_error(ui, "No article shown");
		return;
	}
	/* With ten links or more, one digit may begin a longer number. */
	if (html_link_count(ui->art.doc) >= 10) {
		ui_prompt_line(ui, "Open link number: ", num, open_link_done);
		return;
	}
	open_link_done(ui, num);
}

void
ui_act_urls(struct ui *ui, int key)
{
	if (ui_need_article(ui) == -1)
		return;
	ui_act_text_close(ui);
	ui_article_urls(ui);
	if (ui->text.n == 0) {
		ui_act_text_close(ui);
		ui_status(ui, "The article has no URLs");
	}
}

static void
search_done(struct ui *ui, const char *answer)
{
	int n, backlog = 0;

	if (ui->focus == UI_PANE_VIEW) {
		if (ui_article_find(ui, answer) < 0)
			ui_status(ui, "Not found");
		return;
	}
	if (*answer == '\0')
		return;
	if (ui->focus == UI_PANE_FEEDS) {
		n = ui_items_search_all(ui, answer);
		ui->focus = UI_PANE_ITEMS;
		/* An upgraded cache's older CJK text is indexed while idle. */
		backlog = store_fts_backlog(ui->store) == 1;
	} else
		n = ui_items_filter(ui, answer);
	ui->items.cur.sel = ui->items.cur.top = 0;
	ui_status(ui, "%d found%s%s (q goes back)", n, n >= UI_MAX_RESULTS ?
	    ", showing the first ones" : "", backlog ? "; older articles' "
	    "CJK text is still being indexed" : "");
}

/* F in the feed list: the feeds whose attributes match. */
static void
filter_feeds_done(struct ui *ui, const char *answer)
{
	struct filter *f;
	char err[256];
	size_t n;

	if (str_is_blank(answer)) {
		if (ui->feed_filter != NULL) {
			ui_feeds_filter(ui, NULL);
			ui_status(ui, "Every feed");
		}
		return;
	}
	if ((f = filter_parse_feeds(answer, err, sizeof(err))) == NULL) {
		ui_error(ui, "Filter: %s", err);
		return;
	}
	n = ui_feeds_filter(ui, f);
	ui_status(ui, "%zu feed%s match%s the filter (q or an empty F shows "
	    "all)", n, n == 1 ? "" : "s", n == 1 ? "es" : "");
}

static void
filter_done(struct ui *ui, const char *answer)
{
	struct filter *f;
	char err[256];
	int n;

	if (ui->focus == UI_PANE_FEEDS) {
		filter_feeds_done(ui, answer);
		return;
	}
	if (str_is_blank(answer)) {
		/* An empty filter shows the whole list again. */
		if (ui->have_saved && ui->saved_focus == UI_PANE_ITEMS)
			ui_act_back(ui, 'q');
		return;
	}
	if ((f = filter_parse(answer, err, sizeof(err))) == NULL) {
		ui_error(ui, "Filter: %s", err);
		return;
	}
	n = ui_items_filter_expr(ui, f);
	filter_free(f);
	ui->items.cur.sel = ui->items.cur.top = 0;
	ui_status(ui, "%d %s the filter (q or an empty F shows all)", n,
	    util_plural(n, "matches", "match"));
}

void
ui_act_filter(struct ui *ui, int key)
{
	ui_prompt_line(ui, ui->focus == UI_PANE_FEEDS ? "Filter feeds (e.g. "
	    "unread_count > 0 and tags # \"x\"): " : "Filter (e.g. unread = "
	    "\"yes\" and title =~ \"x\"): ", NULL, filter_done);
}

void
ui_act_search(struct ui *ui, int key)
{
	ui_prompt_line(ui, ui->focus == UI_PANE_FEEDS ? "Search all "
	    "articles: " : ui->focus == UI_PANE_ITEMS ? "Search this list: " :
	    "Find in the article (empty: next): ", NULL, search_done);
}

static void
save_to(struct ui *ui, const char *path, int overwrite)
{
	char err[256], *text, *shown;
	int rc;

	if ((text = ui_article_text(ui)) == NULL)
		return;
	rc = ui_save_file(path, text, strlen(text), overwrite, err,
	    sizeof(err));
	free(text);
	shown = str_clean(path, strlen(path), STR_FOLD_SPACE);
	if (rc == 1) {
		char label[160];

		free(ui->pending_path);
		ui->pending_path = xstrdup(path);
		util_errf(label, sizeof(label), "%s exists. Overwrite? [y/n] ",
		    shown);
		ui_prompt_yesno(ui, label, ui_act_save_overwrite);
	} else if (rc == -1)
		ui_error(ui, "Cannot save %s: %s", shown, err);
	else
		ui_status(ui, "Saved to %s", shown);
	free(shown);
}

void
ui_act_save_overwrite(struct ui *ui, const char *answer)
{
	if (ui->pending_path != NULL)
		save_to(ui, ui->pending_path, 1);
	free(ui->pending_path);
	ui->pending_path = NULL;
}

static void
save_done(struct ui *ui, const char *answer)
{
	char *path;

	if (*answer == '\0')
		return;
	/* "~/" is the one expansion people expect from a prompt. */
	if (answer[0] == '~' && answer[1] == '/' && getenv("HOME") != NULL)
		path = xasprintf("%s%s", getenv("HOME"), answer + 1);
	else
		path = xstrdup(answer);
	save_to(ui, path, 0);
	free(path);
}

void
ui_act_save(struct ui *ui, int key)
{
	char *name, *def;
	const char *dir = ui->cfg->save_dir;

	if (ui_need_article(ui) == -1)
		return;
	name = ui_save_name(ui->art.si->item.title);
	if (dir != NULL && *dir != '\0')
		def = xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ?
		    "" : "/", name);
	else
		def = xstrdup(name);
	ui_prompt_line(ui, "Save to: ", def, save_done);
	free(name);
	free(def);
}

static void
pipe_done(struct ui *ui, const char *answer)
{
	char err[256] = "", *text;
	int rc;

	if (*answer == '\0' || (text = ui_article_text(ui)) == NULL)
		return;
	rc = ui_exec_pipe(ui, answer, text, strlen(text), err, sizeof(err));
	free(text);
	if (rc == -1 || err[0] != '\0')
		ui_error(ui, "%s", err[0] ? err : "the command failed");
	else if (rc != 0)
		ui_error(ui, "The command exited with status %d", rc);
	else
		ui_status(ui, "Piped the article");
}

void
ui_act_pipe(struct ui *ui, int key)
{
	if (ui_need_article(ui) == -1)
		return;
	ui_prompt_line(ui, "Pipe the article to: ", NULL, pipe_done);
}

void
ui_act_reload(struct ui *ui, int key)
{
	ui_reload(ui, 0);
}

void
ui_act_reload_all(struct ui *ui, int key)
{
	ui_reload(ui, 1);
}

void
ui_act_errors(struct ui *ui, int key)
{
	struct ui_text *t;
	size_t i, cap = 0;

	ui_act_text_close(ui);
	t = &ui->text;
	for (i = 0; i < ui->nfeeds; i++) {
		struct ui_feed *f = &ui->feeds[i];

		ui_feed_status(ui, f);
		if (!f->failed)
			continue;
		if (t->n + 2 >= cap) {
			cap = cap ? cap * 2 : 16;
			t->lines = xreallocarray(t->lines, cap,
			    sizeof(*t->lines));
		}
		t->lines[t->n++] = xasprintf("%s: %s", f->title,
		    f->error != NULL ? f->error : "failed");
		if (f->query == NULL && strcmp(f->title, f->url) != 0)
			t->lines[t->n++] = str_clean_inplace(xasprintf(
			    "    %s", f->url), STR_FOLD_SPACE);
	}
	if (t->n == 0) {
		ui_status(ui, "No feed failed");
		return;
	}
	t->kind = UI_TEXT_ERRORS;
	t->title = xstrdup("Feeds whose last reload failed");
	t->cur.n = t->n;
}

void
ui_act_focus(struct ui *ui, int key)
{
	if (ui->layout != UI_LAYOUT_SPLIT) {
		ui_status(ui, "Tab moves between panes in the split layout "
		    "(v switches)");
		return;
	}
	switch (ui->focus) {
	case UI_PANE_FEEDS:
		if (ui_feed_sel(ui) < 0)
			break;
		if (!ui->items.loaded || (ui->items.feed != ui_feed_sel(ui) &&
		    !ui->have_saved && !ui->items.mixed))
			open_feed(ui, ui_feed_sel(ui));
		ui->focus = UI_PANE_ITEMS;
		break;
	case UI_PANE_ITEMS:
		ui->focus = ui->items.cur.n > 0 ? UI_PANE_VIEW : UI_PANE_FEEDS;
		break;
	case UI_PANE_VIEW:
		ui->focus = UI_PANE_FEEDS;
		break;
	}
}

void
ui_act_layout(struct ui *ui, int key)
{
	ui->layout = ui->layout == UI_LAYOUT_CLASSIC ? UI_LAYOUT_SPLIT :
	    UI_LAYOUT_CLASSIC;
	if (ui->layout == UI_LAYOUT_CLASSIC && ui->focus == UI_PANE_VIEW &&
	    ui->art.si == NULL)
		ui->focus = UI_PANE_ITEMS;
	ui_status(ui, ui->layout == UI_LAYOUT_SPLIT ? "Split layout" :
	    "Classic layout");
}

void
ui_act_redraw(struct ui *ui, int key)
{
	clearok(curscr, TRUE);
}

void
ui_act_help(struct ui *ui, int key)
{
	ui_act_text_close(ui);
	ui->text.lines = ui_help_lines(&ui->text.n);
	ui->text.kind = UI_TEXT_HELP;
	ui->text.title = xstrdup("Help");
	ui->text.cur.n = ui->text.n;
}

/* Which pane holds screen cell (y, x), or -1. */
static int
pane_at(const struct ui *ui, int y, int x, const struct ui_rect **r)
{
	static const int panes[] = { UI_PANE_FEEDS, UI_PANE_ITEMS,
	    UI_PANE_VIEW };
	const struct ui_rect *rs[3] = { &ui->r_feeds, &ui->r_items,
	    &ui->r_view };
	const int shown[3] = { ui->show_feeds, ui->show_items,
	    ui->show_view };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (!shown[i])
			continue;
		if (y >= rs[i]->y && y < rs[i]->y + rs[i]->h &&
		    x >= rs[i]->x && x < rs[i]->x + rs[i]->w) {
			*r = rs[i];
			return panes[i];
		}
	}
	return -1;
}

void
ui_mouse(struct ui *ui)
{
	MEVENT ev;
	const struct ui_rect *r = NULL;
	struct ui_cursor *c = NULL;
	int pane, wheel = 0;
	size_t row;

	if (getmouse(&ev) != OK)
		return;
	ui->dirty = 1;
	if (ev.bstate & BUTTON4_PRESSED)
		wheel = -3;
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		wheel = 3;
#endif
	if (ui->text.kind != UI_TEXT_NONE) {
		if (wheel != 0) {
			move_by(ui, wheel);
			return;
		}
		if (!ui->text.selectable || ev.y < 1 || ev.y >= LINES - 2)
			return;
		row = ui->text.cur.top + (size_t)(ev.y - 1);
		/* Below the selection, less the rows its wrapping took. */
		if (ui->text.sel_rows > 1 && row > ui->text.cur.sel)
			row = row < ui->text.cur.sel +
			    (size_t)ui->text.sel_rows ? ui->text.cur.sel :
			    row - (size_t)(ui->text.sel_rows - 1);
		if (row < ui->text.n)
			ui->text.cur.sel = row;
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
			ui_act_open(ui, 0);
		return;
	}
	if ((pane = pane_at(ui, ev.y, ev.x, &r)) < 0)
		return;
	if (wheel != 0) {
		enum ui_pane keep = ui->focus;

		/* The wheel scrolls the pane under it, focus stays. */
		ui->focus = (enum ui_pane)pane;
		move_by(ui, wheel);
		ui->focus = keep;
		return;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return;
	ui->focus = (enum ui_pane)pane;
	if (pane == UI_PANE_FEEDS)
		c = &ui->fcur;
	else if (pane == UI_PANE_ITEMS)
		c = &ui->items.cur;
	if (c != NULL) {
		row = c->top + (size_t)(ev.y - r->y);
		if (row >= c->n)
			return;
		c->sel = row;
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
			ui_act_open(ui, 0);
	}
}

void
ui_open_feed(struct ui *ui, int fi)
{
	open_feed(ui, fi);
}
