/*
 * ui.c: the interface's one event loop and its screens: start-up from the
 * cache alone, the layout of the panes, the title bar, hint bar and status
 * line, the status-line prompt, reloading through refresh.h, signals and
 * giving the terminal back.
 *
 * Must never touch curses from anywhere but this thread, never block on
 * the network (the net is driven from the loop), and never leave the
 * terminal in curses mode on any way out, util_fatal() included.
 */
#include "config.h"

#include <sys/ioctl.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "curses_compat.h"
#include "filter.h"
#include "net.h"
#include "refresh.h"
#include "store.h"
#include "str.h"
#include "ui_int.h"
#include "urls.h"
#include "util.h"

#define UI_WIDE_COLS	160	/* feeds | articles | article from here */
#define UI_SIDE_COLS	100	/* articles | article side by side from here */
#define UI_MAX_WAIT_MS	60000	/* longest sleep of the loop */

/* Set by signal handlers; read by the loop. */
static volatile sig_atomic_t ui_sig_winch;
static volatile sig_atomic_t ui_sig_quit;
/* Wakes the loop from a signal handler (write end non-blocking). */
static int ui_wake_pipe[2] = { -1, -1 };
static int ui_curses_on;

/*
 * A refresh still running when ui_run() returns stays reachable here: its
 * jobs end in the caller's net_free(), and their reports then find no ui.
 */
static struct ui_refresh_sink {
	struct ui *ui;
} ui_sink;
static struct refresh *ui_refresh_left;

static void
ui_on_signal(int sig)
{
	int saved = errno;
	char c = 1;

	if (sig == SIGWINCH)
		ui_sig_winch = 1;
	else
		ui_sig_quit = 1;
	/* The self-pipe closes the race between a check and poll(). */
	if (ui_wake_pipe[1] != -1 && write(ui_wake_pipe[1], &c, 1) < 0)
		errno = saved;	/* full: the loop is awake anyway */
	errno = saved;
}

static void
ui_fatal_hook(void)
{
	if (ui_curses_on) {
		endwin();
		ui_curses_on = 0;
	}
}

static int64_t
ui_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/*
 * One idle turn of the full-text index: the batch halves when a turn
 * took too long (long bodies, CJK text and an upgraded cache's backlog
 * cost more an article) and grows back when turns are quick, so keys
 * are read again soon whatever the articles hold.
 */
static int64_t
ui_fts_turn(struct ui *ui)
{
	static int64_t batch = UI_FTS_BATCH;
	int64_t n, ms = util_now_ms();

	n = store_fts_flush(ui->store, batch);
	ms = util_now_ms() - ms;
	if (ms > UI_FTS_TURN_MS && batch / 2 >= UI_FTS_MIN)
		batch /= 2;
	else if (ms < UI_FTS_TURN_MS / 4 && batch * 2 <= UI_FTS_BATCH)
		batch *= 2;
	return n;
}

/*
 * When the reader has read an article without opening it (Enter marks
 * what it opens read): the split layout's preview is marked read once
 * the article pane has the focus (Tab, a click) or has been scrolled, or
 * once the selection has stayed on it for preview-read-delay seconds
 * while the reader moves through the list; with mark-as-read-on-hover,
 * the row selected in an article list is read at once, in either layout.
 * An article marked unread by hand stays unread while it is shown.
 * Returns the milliseconds left before the delay ends, 0 when it has
 * just marked the article read, or -1.
 */
static long
ui_look(struct ui *ui)
{
	const struct conf *cf = ui->cfg->conf;
	int hover = cf != NULL && cf->mark_as_read_on_hover;
	int delay = cf != NULL ? cf->preview_read_delay :
	    CONF_PREVIEW_READ_DELAY;
	const struct ui_row *r = NULL;
	int64_t id = 0, now = util_now_ms(), left;
	int at_once = 0;

	if (ui->text.kind == UI_TEXT_NONE && ui->show_items &&
	    ui->items.cur.n > 0 && ui->focus != UI_PANE_FEEDS)
		r = &ui->items.rows[ui->items.cur.sel];
	if (r != NULL && ui->show_view && ui->art.si != NULL &&
	    ui->art.id == r->id) {
		id = r->id;
		at_once = ui->focus == UI_PANE_VIEW || ui->art.top > 0;
	} else if (r != NULL && hover && ui->focus == UI_PANE_ITEMS)
		id = r->id;
	if (hover && ui->focus == UI_PANE_ITEMS)
		at_once = 1;
	if (id != ui->look_id) {
		ui->look_id = id;
		ui->look_since = now;
		ui->look_done = r == NULL || !r->unread;
	}
	if (id == 0 || ui->look_done)
		return -1;
	if (!at_once) {
		if (delay <= 0)
			return -1;
		left = ui->look_since + (int64_t)delay * 1000 - now;
		if (left > 0)
			return left > UI_MAX_WAIT_MS ? UI_MAX_WAIT_MS :
			    (long)left;
	}
	ui->look_done = 1;
	ui_mark_read(ui, id);
	ui->dirty = 1;
	return 0;
}

void
ui_status(struct ui *ui, const char *fmt, ...)
{
	char tmp[UI_STATUS_LEN], *c;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	c = str_clean(tmp, strlen(tmp), STR_FOLD_SPACE | STR_TRIM);
	util_errf(ui->status, sizeof(ui->status), "%s", c);
	free(c);
	ui->status_error = 0;
	ui->dirty = 1;
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	char tmp[UI_STATUS_LEN], *c;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	c = str_clean(tmp, strlen(tmp), STR_FOLD_SPACE | STR_TRIM);
	util_errf(ui->status, sizeof(ui->status), "%s", c);
	free(c);
	ui->status_error = 1;
	ui->dirty = 1;
}

int
ui_text_width(const struct ui *ui, int pane_w)
{
	int tw = ui->cfg->text_width > 0 ? ui->cfg->text_width : 80;

	if (pane_w <= 2)
		return pane_w > 0 ? pane_w : 1;
	if (tw > pane_w - 2)
		tw = pane_w - 2;
	return tw < 1 ? 1 : tw;
}

/* Decides which panes show where, from the layout, focus and size. */
void
ui_layout(struct ui *ui)
{
	struct ui_rect area;
	int side;

	ui->rows = LINES;
	ui->cols = COLS;
	area.y = 1;
	area.x = 0;
	area.h = LINES - 3;
	area.w = COLS;
	if (area.h < 1)
		area.h = 1;
	ui->show_feeds = ui->show_items = ui->show_view = 0;
	if (ui->layout == UI_LAYOUT_CLASSIC || (ui->focus == UI_PANE_FEEDS &&
	    COLS < UI_WIDE_COLS)) {
		if (ui->focus == UI_PANE_FEEDS) {
			ui->show_feeds = 1;
			ui->r_feeds = area;
		} else if (ui->focus == UI_PANE_ITEMS) {
			ui->show_items = 1;
			ui->r_items = area;
		} else {
			ui->show_view = 1;
			ui->r_view = area;
		}
		return;
	}
	ui->show_items = ui->show_view = 1;
	if (COLS >= UI_WIDE_COLS) {
		int fw = COLS / 5;

		fw = fw < 24 ? 24 : fw > 40 ? 40 : fw;
		ui->show_feeds = 1;
		ui->r_feeds = area;
		ui->r_feeds.w = fw;
		area.x = fw + 1;
		area.w = COLS - fw - 1;
	}
	if (area.w >= UI_SIDE_COLS || COLS >= UI_WIDE_COLS) {
		side = area.w * 2 / 5;
		ui->r_items = area;
		ui->r_items.w = side;
		ui->r_view = area;
		ui->r_view.x = area.x + side + 1;
		ui->r_view.w = area.w - side - 1;
	} else {
		side = area.h * 2 / 5;
		if (side < 3)
			side = area.h > 4 ? 3 : 1;
		ui->r_items = area;
		ui->r_items.h = side;
		ui->r_view = area;
		ui->r_view.y = area.y + side + 1;
		ui->r_view.h = area.h - side - 1;
		if (ui->r_view.h < 1)
			ui->show_view = 0;
	}
}

/* The feed list a pane depends on, loaded when it first shows. */
static void
ui_sync_panes(struct ui *ui)
{
	int fi = ui_feed_sel(ui);

	if (ui->show_items && ui->show_feeds && fi >= 0 &&
	    !ui->have_saved && (!ui->items.mixed || ui->items.feed >= 0) &&
	    (!ui->items.loaded || ui->items.feed != fi))
		ui_items_load(ui, fi);
	if (ui->show_view && ui->show_items && ui->items.cur.n > 0) {
		const struct ui_row *row = &ui->items.rows[ui->items.cur.sel];

		if (ui->art.id != row->id) {
			ui_article_preview(ui, row->id);
			ui->art.top = 0;
		}
	} else if (ui->show_view && ui->show_items)
		ui_article_close(&ui->art);
}

static void
ui_draw_title(struct ui *ui)
{
	char buf[1024], tag[300] = "";
	int64_t unread = 0, total = 0;
	size_t i;

	ui_fill(0, 0, COLS, ui->look[CONF_EL_TITLE]);
	if (ui->text.kind != UI_TEXT_NONE)
		util_errf(buf, sizeof(buf), "tidings - %s", ui->text.title);
	else if (ui->focus == UI_PANE_VIEW && ui->art.si != NULL) {
		const char *t = ui->art.si->item.title;
		int fi = ui_feed_by_id(ui, ui->art.si->feed_id);

		util_errf(buf, sizeof(buf), "tidings - %s - %s",
		    fi >= 0 ? ui->feeds[fi].title : "Article",
		    t != NULL ? t : "");
	} else if (ui->focus != UI_PANE_FEEDS && ui->items.loaded) {
		for (i = 0; i < ui->items.cur.n; i++)
			unread += ui->items.rows[i].unread;
		util_errf(buf, sizeof(buf), "tidings - %s (%lld unread, %zu "
		    "total)", ui->items.title != NULL ? ui->items.title : "",
		    (long long)unread, ui->items.cur.n);
	} else {
		/*
		 * A query feed's articles are counted in their own feeds;
		 * with a tag picked (t), those of the tag's feeds.
		 */
		for (i = 0; i < ui->nfeeds; i++) {
			if (ui->feeds[i].query != NULL || (ui->tag != NULL &&
			    !ui_feed_has_tag(ui, (int)i, ui->tag)))
				continue;
			unread += ui->feeds[i].unread;
			total += ui->feeds[i].total;
		}
		if (ui->tag != NULL)
			util_errf(tag, sizeof(tag), " tagged \"%s\"", ui->tag);
		util_errf(buf, sizeof(buf), "tidings %s - Feeds%s%s%s%s (%lld "
		    "unread, %lld total)", PACKAGE_VERSION, tag,
		    ui->feed_filter != NULL ? " (filter: " : "",
		    ui->feed_filter != NULL ? filter_text(ui->feed_filter) :
		    "", ui->feed_filter != NULL ? ")" : "", (long long)unread,
		    (long long)total);
	}
	/* Titles come from feeds: ui_put cleans and cuts them. */
	ui_put(ui, 0, 0, COLS, buf, strlen(buf), ui->look[CONF_EL_TITLE]);
}

/*
 * The hint bar, "key:label key:label", each part in its look: hint-key,
 * hint-keys-delimiter, hint-description and hint-separator. Only whole
 * hints are drawn: those that do not fit in the width are left out.
 */
static void
ui_draw_hints(struct ui *ui, int y)
{
	struct ui_hint v[UI_MAX_HINTS];
	size_t i, n;
	int x = 0;

	n = ui_hint_list(ui_where(ui), v, UI_MAX_HINTS);
	n = ui_hints_fit(v, n, COLS);
	for (i = 0; i < n; i++) {
		if (i > 0)
			x += ui_put_raw(ui, y, x, COLS - x, " ", 1,
			    ui->look[CONF_EL_HINT_SEP]);
		x += ui_put_raw(ui, y, x, COLS - x, v[i].key,
		    strlen(v[i].key), ui->look[CONF_EL_HINT_KEY]);
		x += ui_put_raw(ui, y, x, COLS - x, ":", 1,
		    ui->look[CONF_EL_HINT_DELIM]);
		x += ui_put_raw(ui, y, x, COLS - x, v[i].label,
		    strlen(v[i].label), ui->look[CONF_EL_HINT_DESC]);
	}
}

static void
ui_draw_bottom(struct ui *ui)
{
	char prog[128] = "";
	int y = LINES - 1, pw = 0, x;

	if (LINES >= 3) {
		ui_fill(LINES - 2, 0, COLS, ui->look[CONF_EL_INFO]);
		ui_draw_hints(ui, LINES - 2);
	}
	ui_fill(y, 0, COLS, A_NORMAL);
	if (ui->prompt.active) {
		char in[UI_MAX_INPUT * 4 + 1];
		size_t i, off = 0, skip = 0;
		int lw, avail;

		for (i = 0; i < ui->prompt.len; i++)
			off += str_utf8_encode(ui->prompt.buf[i], in + off);
		in[off] = '\0';
		lw = ui_put(ui, y, 0, COLS - 1, ui->prompt.label,
		    strlen(ui->prompt.label), A_BOLD);
		avail = COLS - lw - 1;
		/* Show the end of a long input. */
		while ((int)str_width(in + skip) > avail && in[skip] != '\0') {
			skip++;
			while ((in[skip] & 0xc0) == 0x80)
				skip++;
		}
		x = lw + ui_put_raw(ui, y, lw, avail, in + skip,
		    strlen(in + skip), A_NORMAL);
		move(y, x < COLS ? x : COLS - 1);
		return;
	}
	if (ui->refresh != NULL && refresh_pending(ui->refresh) > 0) {
		struct refresh_totals t;

		refresh_get_totals(ui->refresh, &t);
		util_errf(prog, sizeof(prog), "Reloading %zu/%zu", t.done,
		    t.feeds);
		pw = (int)strlen(prog);
		if (pw + 2 > COLS)
			pw = 0;
		else
			ui_put(ui, y, COLS - pw, pw, prog, strlen(prog),
			    A_BOLD);
	}
	ui_put(ui, y, 0, COLS - pw - (pw ? 1 : 0), ui->status,
	    strlen(ui->status), ui->status_error ? A_BOLD : A_NORMAL);
}

/* The columns before a line's value ("[12] ", "Article: "), or 0. */
static int
text_label(const char *s)
{
	const char *sp = strchr(s, ' ');

	return sp != NULL && sp - s < 16 ? (int)(sp - s) + 1 : 0;
}

/*
 * A text screen. In a list of URLs a line too long for the width shows
 * its start and its end around an ellipsis, and the selected one is
 * wrapped over as many rows as it needs, so the whole URL can be read.
 */
static void
ui_draw_text(struct ui *ui, struct ui_rect r)
{
	struct ui_text *t = &ui->text;
	int urls = t->kind == UI_TEXT_URLS || t->kind == UI_TEXT_FEEDS;
	size_t off[64], nrows = 1, k;
	int y, w, ind = 0;

	if (!t->selectable) {
		/* A read-only text scrolls: the cursor is its top line. */
		if (t->n <= (size_t)r.h)
			t->cur.top = 0;
		else if (t->cur.top > t->n - (size_t)r.h)
			t->cur.top = t->n - (size_t)r.h;
		t->cur.sel = t->cur.top;
	} else {
		if (urls && t->cur.sel < t->n) {
			const char *s = t->lines[t->cur.sel];

			ind = text_label(s);
			nrows = ui_wrap_rows(s, strlen(s), r.w - 1, ind, off,
			    r.h < 64 ? (size_t)(r.h > 0 ? r.h : 1) : 64);
			if (ind > (r.w - 1) / 3)
				ind = 0;
		}
		/* The rows the selection takes below it are kept free. */
		ui_cursor_fit(&t->cur, r.h - (int)(nrows - 1));
	}
	t->sel_rows = (int)nrows;
	for (y = 0; y < r.h; y++) {
		size_t i = t->cur.top + (size_t)y;
		const char *s;
		unsigned long a = 0;

		if (t->selectable && i > t->cur.sel)
			i -= nrows - 1;
		if (i >= t->n)
			break;
		s = t->lines[i];
		a = ui->look[CONF_EL_LISTNORMAL];
		if (t->selectable && i == t->cur.sel)
			a = ui->look[CONF_EL_LISTFOCUS];
		ui_fill(r.y + y, r.x, r.w, a);
		if (urls && i == t->cur.sel) {
			/* Row k of the selected line; y moves with it. */
			for (k = 0; k < nrows && y < r.h; k++, y++) {
				size_t end = k + 1 < nrows ? off[k + 1] :
				    strlen(s);
				int x = r.x + 1 + (k > 0 ? ind : 0);

				if (k > 0)
					ui_fill(r.y + y, r.x, r.w, a);
				w = ui_put_raw(ui, r.y + y, x, r.x + r.w - x,
				    s + off[k], end - off[k], a);
				ui_link_add(ui, r.y + y, x, w, t->urls[i]);
			}
			y--;
			continue;
		}
		if (urls)
			w = ui_put_mid(ui, r.y + y, r.x + 1, r.w - 1, s,
			    strlen(s), a);
		else
			w = ui_put(ui, r.y + y, r.x + 1, r.w - 1, s, strlen(s),
			    a);
		if (t->urls != NULL)
			ui_link_add(ui, r.y + y, r.x + 1, w, t->urls[i]);
	}
}

static void
ui_draw(struct ui *ui)
{
	ui_links_begin(ui);
	erase();
	if (LINES < 3 || COLS < 8) {
		ui_put(ui, 0, 0, COLS, "tidings: too small", 18, A_NORMAL);
		refresh();
		ui_links_emit(ui);
		return;
	}
	ui_layout(ui);
	if (ui->text.kind == UI_TEXT_NONE)
		ui_sync_panes(ui);
	ui_draw_title(ui);
	if (ui->text.kind != UI_TEXT_NONE) {
		struct ui_rect r = { 1, 0, LINES - 3, COLS };

		ui_draw_text(ui, r);
	} else {
		int multi = ui->show_feeds + ui->show_items + ui->show_view > 1;

		if (ui->show_feeds)
			ui_draw_feeds(ui, ui->r_feeds,
			    !multi || ui->focus == UI_PANE_FEEDS);
		if (ui->show_items)
			ui_draw_items(ui, ui->r_items,
			    !multi || ui->focus == UI_PANE_ITEMS);
		if (ui->show_view)
			ui_draw_view(ui, ui->r_view, ui->focus ==
			    UI_PANE_VIEW);
		attrset(A_DIM);
		if (ui->show_feeds && multi)
			mvvline(ui->r_feeds.y, ui->r_feeds.x + ui->r_feeds.w,
			    ACS_VLINE, ui->r_feeds.h);
		if (ui->show_items && ui->show_view) {
			if (ui->r_view.y == ui->r_items.y)
				mvvline(ui->r_items.y, ui->r_view.x - 1,
				    ACS_VLINE, ui->r_items.h);
			else
				mvhline(ui->r_view.y - 1, ui->r_items.x,
				    ACS_HLINE, ui->r_items.w);
		}
		attrset(A_NORMAL);
	}
	ui_draw_bottom(ui);
	curs_set(ui->prompt.active ? 1 : 0);
	refresh();
	ui_links_emit(ui);
	ui->dirty = 0;
}

void
ui_prompt_line(struct ui *ui, const char *label, const char *init,
    void (*done)(struct ui *, const char *))
{
	struct ui_prompt *p = &ui->prompt;
	size_t n, k;
	uint32_t cp;

	memset(p, 0, sizeof(*p));
	p->active = 1;
	p->done = done;
	util_errf(p->label, sizeof(p->label), "%s", label);
	n = init != NULL ? strlen(init) : 0;
	while (n > 0 && p->len < UI_MAX_INPUT) {
		if ((k = str_utf8_decode(init, n, &cp)) == 0)
			k = 1;
		if (!str_is_unsafe(cp))
			p->buf[p->len++] = cp;
		init += k;
		n -= k;
	}
	ui->dirty = 1;
}

void
ui_prompt_yesno(struct ui *ui, const char *label,
    void (*done)(struct ui *, const char *))
{
	ui_prompt_line(ui, label, NULL, done);
	ui->prompt.yesno = 1;
}

void
ui_prompt_key1(struct ui *ui, const char *label,
    void (*done)(struct ui *, const char *))
{
	ui_prompt_line(ui, label, NULL, done);
	ui->prompt.yesno = 2;
}

static void
ui_prompt_finish(struct ui *ui, int accept)
{
	struct ui_prompt *p = &ui->prompt;
	void (*done)(struct ui *, const char *) = p->done;
	char out[UI_MAX_INPUT * 4 + 1];
	size_t i, off = 0;

	for (i = 0; i < p->len; i++)
		off += str_utf8_encode(p->buf[i], out + off);
	out[off] = '\0';
	p->active = 0;
	ui->dirty = 1;
	ui->status[0] = '\0';
	if (accept && done != NULL)
		done(ui, out);
}

static void
ui_prompt_key(struct ui *ui, int key)
{
	struct ui_prompt *p = &ui->prompt;

	if (p->yesno == 2) {
		/* Any printable key answers; Escape and the like cancel. */
		p->buf[0] = (uint32_t)key;
		p->len = 1;
		ui_prompt_finish(ui, !UI_IS_FN(key) && key >= 0x20 &&
		    key != 0x7f && !str_is_unsafe((uint32_t)key));
		return;
	}
	if (p->yesno) {
		p->buf[0] = (uint32_t)key;
		p->len = 1;
		ui_prompt_finish(ui, key == 'y' || key == 'Y');
		return;
	}
	switch (key) {
	case '\n':
	case '\r':
	case UI_FN(KEY_ENTER):
		ui_prompt_finish(ui, 1);
		return;
	case 0x1b:
	case UI_CTRL('g'):
	case UI_CTRL('c'):
		ui_prompt_finish(ui, 0);
		return;
	case UI_FN(KEY_BACKSPACE):
	case 0x7f:
	case UI_CTRL('h'):
		if (p->len > 0)
			p->len--;
		break;
	case UI_CTRL('u'):
		p->len = 0;
		break;
	case UI_CTRL('w'):
		while (p->len > 0 && p->buf[p->len - 1] == ' ')
			p->len--;
		while (p->len > 0 && p->buf[p->len - 1] != ' ')
			p->len--;
		break;
	default:
		if (UI_IS_FN(key) || key < 0x20 || str_is_unsafe((uint32_t)key))
			return;
		if (p->len < UI_MAX_INPUT)
			p->buf[p->len++] = (uint32_t)key;
		break;
	}
	ui->dirty = 1;
}

static void
ui_key(struct ui *ui, int key)
{
	const struct ui_action *a;
	char name[32];

	if (key == UI_FN(KEY_RESIZE)) {
		ui->dirty = 1;
		return;
	}
	if (ui->prompt.active) {
		ui_prompt_key(ui, key);
		return;
	}
	if (key == UI_KEY_MOUSE) {
		ui_mouse(ui);
		return;
	}
	ui->status[0] = '\0';
	ui->dirty = 1;
	if ((a = ui_action_for(key, ui_where(ui))) != NULL) {
		a->fn(ui, key);
		return;
	}
	if (key == 0x1b)
		return;
	ui_key_name(key, name, sizeof(name));
	ui_status(ui, "%s: nothing to do here (? shows the keys)", name);
}

/* The refresh callback: one feed is done. */
static void
ui_refresh_cb(void *arg, const struct refresh_result *res)
{
	struct ui_refresh_sink *sink = arg;
	struct ui *ui = sink->ui;
	struct ui_feed *f;
	int fi;

	if (ui == NULL)
		return;
	ui->dirty = 1;
	if ((fi = ui_feed_by_id(ui, res->feed_id)) < 0)
		return;
	f = &ui->feeds[fi];
	f->loading = 0;
	f->status_known = 1;
	free(f->error);
	f->error = NULL;
	f->failed = res->outcome == REFRESH_FAILED;
	if (f->failed)
		f->error = ui_clean_line(res->error != NULL ? res->error :
		    "failed");
	if (res->new_items > 0) {
		f->unread += res->new_items;
		f->total += res->new_items;
	}
	if ((res->new_items > 0 || res->changed_items > 0) &&
	    ui->items.loaded && ui->items.feed == fi)
		ui_items_reload(ui);
	if (res->outcome == REFRESH_OK || res->outcome == REFRESH_UNCHANGED)
		ui_reader_feed_done(ui, res->feed_id);
}

/* A batch has ended: counts from the store, and a summary. */
static void
ui_refresh_done(struct ui *ui)
{
	struct refresh_totals t;
	size_t i;

	refresh_get_totals(ui->refresh, &t);
	ui->refreshing = 0;
	ui_feeds_counts(ui);
	ui_queries_stale(ui);
	for (i = 0; i < ui->nfeeds; i++)
		ui->feeds[i].loading = 0;
	if (t.new_items > 0)
		ui_notify(ui, t.new_items);
	if (t.failed > 0)
		ui_error(ui, "Reloaded %zu %s: %lld new %s, %zu failed (E "
		    "lists %s)", t.feeds, util_plural((long long)t.feeds,
		    "feed", "feeds"), (long long)t.new_items,
		    util_plural(t.new_items, "article", "articles"), t.failed,
		    util_plural((long long)t.failed, "it", "them"));
	else
		ui_status(ui, "Reloaded %zu %s: %lld new %s", t.feeds,
		    util_plural((long long)t.feeds, "feed", "feeds"),
		    (long long)t.new_items, util_plural(t.new_items,
		    "article", "articles"));
}

static int
reload_flags(struct ui *ui, const char *url)
{
	int flags = 0;

	if (urls_classify(url) == URLS_URL_FILE)
		flags |= REFRESH_ALLOW_FILE;
	if (conf_insecure_tls(ui->cfg->conf, url))
		flags |= REFRESH_INSECURE;
	return flags;
}

/* Is url one of the feeds in the list? */
static int
listed(const struct ui *ui, const char *url)
{
	size_t i;

	for (i = 0; i < ui->nfeeds; i++)
		if (ui->feeds[i].url != NULL &&
		    strcmp(ui->feeds[i].url, url) == 0)
			return 1;
	return 0;
}

/*
 * Hidden feeds ("!" in the urls file) are not in the list but are
 * reloaded with the rest: query feeds take their articles from them.
 */
static void
ui_reload_hidden(struct ui *ui)
{
	const struct urls *u = ui->urls;
	size_t i;
	int64_t id;

	for (i = 0; u != NULL && i < u->n_entries; i++) {
		const struct urls_entry *e = &u->entries[i];

		if (!e->hidden || listed(ui, e->url))
			continue;
		if ((id = store_feed_add(ui->store, e->url)) <= 0 ||
		    refresh_add(ui->refresh, id, e->url,
		    reload_flags(ui, e->url)) == -1) {
			ui_error(ui, "%s", store_error(ui->store));
			return;
		}
		ui->refreshing = 1;
	}
}

static void
ui_reload_one(struct ui *ui, struct ui_feed *f)
{
	int flags = 0;

	if (f->loading || f->query != NULL)
		return;
	if (f->id <= 0) {
		int64_t id = store_feed_add(ui->store, f->url);

		if (id <= 0) {
			ui_error(ui, "%s", store_error(ui->store));
			return;
		}
		f->id = id;
		ui_feeds_counts(ui);
	}
	flags = reload_flags(ui, f->url);
	if (refresh_add(ui->refresh, f->id, f->url, flags) == -1) {
		ui_error(ui, "%s", store_error(ui->store));
		return;
	}
	f->loading = 1;
	ui->refreshing = 1;
}

void
ui_reload(struct ui *ui, int all)
{
	size_t i;
	int fi = -1;

	if (ui->net == NULL) {
		ui_error(ui, "Reloading is not available here");
		return;
	}
	if (!all) {
		if (ui->focus == UI_PANE_FEEDS)
			fi = ui_feed_sel(ui);
		else if (ui->focus == UI_PANE_VIEW && ui->art.si != NULL)
			fi = ui_feed_by_id(ui, ui->art.si->feed_id);
		else if (ui->items.feed >= 0)
			fi = ui->items.feed;
		else if (ui->items.cur.n > 0)
			fi = ui->items.rows[ui->items.cur.sel].feed;
		if (fi < 0 || (size_t)fi >= ui->nfeeds) {
			ui_error(ui, "No feed to reload here");
			return;
		}
		if (ui->feeds[fi].query != NULL) {
			ui_error(ui, "A query feed is made from the cache; R "
			    "reloads every feed");
			return;
		}
	}
	if (ui->refresh != NULL && refresh_pending(ui->refresh) == 0) {
		refresh_free(ui->refresh);
		ui->refresh = NULL;
	}
	if (ui->refresh == NULL) {
		ui->refresh = refresh_new(ui->store, ui->net, ui_refresh_cb,
		    &ui_sink);
		refresh_set_ignore(ui->refresh, ui->cfg->ignore,
		    ui->cfg->ignore_arg);
	}
	if (all) {
		/* Hidden feeds have no loading mark: not twice in one batch. */
		int busy = refresh_pending(ui->refresh) > 0;

		for (i = 0; i < ui->nfeeds; i++)
			ui_reload_one(ui, &ui->feeds[i]);
		if (!busy)
			ui_reload_hidden(ui);
	} else
		ui_reload_one(ui, &ui->feeds[fi]);
	if (ui->cfg->reload_minutes > 0)
		ui->next_reload = ui_now() +
		    60 * (int64_t)ui->cfg->reload_minutes;
	ui->dirty = 1;
}

void
ui_suspend(struct ui *ui)
{
	def_prog_mode();
	endwin();
	ui_curses_on = 0;
}

void
ui_resume(struct ui *ui)
{
	reset_prog_mode();
	ui_curses_on = 1;
	/* The child may have changed the size or drawn over everything. */
	ui_sig_winch = 1;
	clearok(curscr, TRUE);
	ui->dirty = 1;
}

static int
ui_signals(int install)
{
	static const int sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = install ? ui_on_signal : SIG_DFL;
	for (i = 0; i < UTIL_ARRAY_LEN(sigs); i++)
		if (sigaction(sigs[i], &sa, NULL) == -1)
			return -1;
	sa.sa_handler = install ? SIG_IGN : SIG_DFL;
	return sigaction(SIGPIPE, &sa, NULL);
}

static void
ui_resize(struct ui *ui)
{
	struct winsize ws;

	ui_sig_winch = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui->dirty = 1;
}

/* Reads every key waiting; never blocks. */
static void
ui_read_keys(struct ui *ui)
{
	wint_t wc;
	int r, n = 0;

	while (!ui->quit && n++ < 4096) {
		r = get_wch(&wc);
		if (r == ERR)
			break;
		if (r == KEY_CODE_YES)
			ui_key(ui, UI_FN((int)wc));
		else
			ui_key(ui, (int)wc);
	}
}

static void
ui_drain_wake(void)
{
	char b[64];

	while (read(ui_wake_pipe[0], b, sizeof(b)) > 0)
		;
}

/* Waits for the terminal, the network, a signal or the timeout. */
static void
ui_wait(struct ui *ui, int timeout_ms)
{
	if (ui->net != NULL) {
		struct curl_waitfd w[2];

		memset(w, 0, sizeof(w));
		w[0].fd = STDIN_FILENO;
		w[0].events = CURL_WAIT_POLLIN;
		w[1].fd = ui_wake_pipe[0];
		w[1].events = CURL_WAIT_POLLIN;
		net_poll(ui->net, w, 2, timeout_ms);
		if (w[1].revents)
			ui_drain_wake();
		if (net_pending(ui->net) > 0)
			net_perform(ui->net);
	} else {
		struct pollfd p[2];

		p[0].fd = STDIN_FILENO;
		p[0].events = POLLIN;
		p[1].fd = ui_wake_pipe[0];
		p[1].events = POLLIN;
		if (poll(p, 2, timeout_ms) > 0 && (p[1].revents & POLLIN))
			ui_drain_wake();
	}
}

static void
ui_init_curses(struct ui *ui)
{
	const char *cs = nl_langinfo(CODESET);

	ui->utf8 = cs != NULL && (str_casecmp_ascii(cs, "UTF-8") == 0 ||
	    str_casecmp_ascii(cs, "utf8") == 0);
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	ui_colors_init(ui);
	if (ui->cfg->mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED |
		    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(200);
	}
}

void
ui_config_init(struct ui_config *c)
{
	memset(c, 0, sizeof(*c));
	c->layout = UI_LAYOUT_CLASSIC;
	c->text_width = 80;
	c->mouse = 1;
	c->hyperlinks = -1;
}

static const char *
ui_getenv(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

static void
ui_free(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->nfeeds; i++) {
		free(ui->feeds[i].title);
		free(ui->feeds[i].tags);
		free(ui->feeds[i].error);
		free(ui->feeds[i].link);
		free(ui->feeds[i].desc);
		filter_free(ui->feeds[i].filter);
	}
	free(ui->feeds);
	free(ui->fvis);
	free(ui->tag);
	filter_free(ui->feed_filter);
	ui_items_free(&ui->items);
	if (ui->have_saved)
		ui_items_free(&ui->saved);
	ui_article_close(&ui->art);
	ui_reader_free(ui);
	ui_add_cancel(ui);
	ui_act_text_close(ui);
	ui_colors_free(ui);
	store_ids_free(&ui->undo);
	free(ui->pending_path);
	if (ui->refresh != NULL) {
		if (refresh_pending(ui->refresh) == 0)
			refresh_free(ui->refresh);
		else
			ui_refresh_left = ui->refresh;
	}
}

int
ui_run(struct store *store, struct urls *urls,
    const struct ui_config *cfg, struct net *net, char *err, size_t errlen)
{
	struct ui ui;
	SCREEN *scr;
	int64_t now;
	long look;
	int timeout;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		util_errf(err, errlen, "the interface needs a terminal");
		return -1;
	}
	memset(&ui, 0, sizeof(ui));
	ui.store = store;
	ui.urls = urls;
	ui.cfg = cfg;
	ui.net = net;
	ui.layout = cfg->layout;
	ui.items.feed = -1;
	ui.saved.feed = -1;
	ui.show_read_feeds = cfg->conf == NULL || cfg->conf->show_read_feeds;
	ui.show_read_articles = cfg->conf == NULL ||
	    cfg->conf->show_read_articles;
	ui.article_sort.field = CONF_SORT_DATE;
	ui.article_sort.desc = 1;
	ui.feed_sort.field = CONF_SORT_NONE;
	if (cfg->conf != NULL) {
		ui.article_sort = cfg->conf->article_sort;
		ui.feed_sort = cfg->conf->feed_sort;
	}
	ui.dirty = 1;
	ui_sink.ui = &ui;
	ui_sig_winch = ui_sig_quit = 0;
	if (pipe2(ui_wake_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		util_errf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	/* Our SIGWINCH handler first, so curses leaves it alone. */
	ui_signals(1);
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		ui_signals(0);
		util_errf(err, errlen, "cannot start the terminal (TERM=%s)",
		    getenv("TERM") ? getenv("TERM") : "");
		close(ui_wake_pipe[0]);
		close(ui_wake_pipe[1]);
		ui_wake_pipe[0] = ui_wake_pipe[1] = -1;
		return -1;
	}
	ui_curses_on = 1;
	util_set_fatal_hook(ui_fatal_hook);
	ui_keys_init(cfg->conf);
	ui_init_curses(&ui);
	ui.hyperlinks = cfg->hyperlinks >= 0 ? cfg->hyperlinks :
	    ui_osc8_auto(ui_getenv);

	/* The first screen comes from the cache's counts alone. */
	ui_feeds_load(&ui);
	if (cfg->start_msg != NULL)
		ui_error(&ui, "%s", cfg->start_msg);
	ui_draw(&ui);
	/* Work the first screen does not need waits until it is up. */
	if (cfg->after_first != NULL) {
		char msg[UI_STATUS_LEN] = "";

		switch (cfg->after_first(cfg->after_first_arg, msg,
		    sizeof(msg))) {
		case -1:
			ui_error(&ui, "%s", msg);
			break;
		case 1:
			ui_feeds_counts(&ui);
			ui.dirty = 1;
			break;
		}
	}
	if (cfg->refresh_on_start)
		ui_reload(&ui, 1);
	if (cfg->reload_minutes > 0 && ui.next_reload == 0)
		ui.next_reload = ui_now() + 60 * (int64_t)cfg->reload_minutes;

	while (!ui.quit) {
		if (ui_sig_quit)
			break;
		if (ui_sig_winch)
			ui_resize(&ui);
		if (ui.dirty)
			ui_draw(&ui);
		timeout = UI_MAX_WAIT_MS;
		/* 0 when it marked one read: the next turn shows it. */
		if ((look = ui_look(&ui)) >= 0 && look < timeout)
			timeout = (int)look;
		now = ui_now();
		if (ui.next_reload > 0) {
			int64_t left = ui.next_reload - now;

			if (left <= 0) {
				if (!ui.refreshing)
					ui_reload(&ui, 1);
				else
					ui.next_reload = now + 60;
				continue;
			}
			if (left * 1000 < timeout)
				timeout = (int)(left * 1000);
		}
		/* Query feeds are counted after the first frame, one a turn. */
		if (ui.show_feeds && ui_queries_step(&ui)) {
			ui.dirty = 1;
			timeout = 0;
		}
		/* New articles join the full-text index while nothing else
		 * happens, a batch a turn. */
		if (!ui.refreshing && ui_fts_turn(&ui) > 0)
			timeout = 0;
		ui_wait(&ui, timeout);
		ui_read_keys(&ui);
		if (ui.refreshing && ui.refresh != NULL)
			ui.dirty = 1;
		if (ui.refreshing && ui.refresh != NULL &&
		    refresh_pending(ui.refresh) == 0)
			ui_refresh_done(&ui);
	}

	ui_free(&ui);
	ui_keys_free();
	ui_links_free(&ui.links);
	ui_sink.ui = NULL;
	endwin();
	ui_curses_on = 0;
	delscreen(scr);
	util_set_fatal_hook(NULL);
	ui_signals(0);
	close(ui_wake_pipe[0]);
	close(ui_wake_pipe[1]);
	ui_wake_pipe[0] = ui_wake_pipe[1] = -1;
	return 0;
}
