/*
 * ui_view.c: the article view: a header (feed, title, author, date, link),
 * the body rendered by html.c for the pane's width, and the numbered link
 * list; plus the article as plain text for saving and piping.
 *
 * Reader mode lives here too: x fetches the article's web page through
 * reader.c (in the background, on the interface's own net), and shows the
 * article readability.c takes out of it, kept in the store; x again shows
 * the feed's text. The header says which text is shown.
 *
 * Must never draw the body without laying it out for the width it is drawn
 * at, and never draw a string that has not been cleaned.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "curses_compat.h"
#include "html.h"
#include "reader.h"
#include "store.h"
#include "str.h"
#include "ui_int.h"
#include "urls.h"
#include "util.h"

#define UI_MAX_ENCLOSURES 8	/* enclosure lines in the header */

void
ui_article_close(struct ui_article *a)
{
	size_t i;

	store_item_free(a->si);
	if (a->doc != NULL)
		html_free(a->doc);
	if (a->lines != NULL)
		html_lines_free(a->lines);
	if (a->title_lines != NULL)
		html_lines_free(a->title_lines);
	for (i = 0; i < a->nhdr; i++)
		free(a->hdr[i]);
	free(a->hdr);
	free(a->v);
	free(a->find);
	store_extract_clear(&a->ex);
	memset(a, 0, sizeof(*a));
}

/* The feed's title for an article, or its URL. */
static const char *
article_feed(const struct ui *ui, int64_t feed_id)
{
	int fi = ui_feed_by_id(ui, feed_id);

	return fi >= 0 ? ui->feeds[fi].title : "";
}

/* The reader-mode setting of a feed (conf.h). */
static enum conf_reader
reader_mode(const struct ui *ui, int64_t feed_id)
{
	const struct urls_entry *e = NULL;
	int fi = ui_feed_by_id(ui, feed_id);

	if (fi < 0 || ui->cfg->conf == NULL)
		return CONF_READER_NO;
	if (ui->urls != NULL)
		e = urls_find(ui->urls, ui->feeds[fi].url);
	return conf_reader_mode(ui->cfg->conf, ui->feeds[fi].url,
	    e != NULL ? e->tags : NULL, e != NULL ? e->n_tags : 0);
}

/* The host of a URL, for messages (clean, at most 64 bytes). */
static void
url_host(const char *url, char *out, size_t len)
{
	const char *p = url != NULL ? strstr(url, "://") : NULL;
	size_t n;
	char *c;

	if (p == NULL) {
		util_errf(out, len, "the page");
		return;
	}
	p += 3;
	n = strcspn(p, "/?#");
	if (n > 64)
		n = 64;
	c = str_clean(p, n, STR_FOLD_SPACE | STR_TRIM);
	util_errf(out, len, "%s", c);
	free(c);
}

static void reader_done(void *, const struct reader_result *);

/* Starts fetching the article's page; 0, or -1 with the reason shown. */
static int
reader_start(struct ui *ui, int64_t id, const char *link)
{
	char err[256], host[80];
	int rc;

	if (ui->net == NULL) {
		ui_error(ui, "Reader mode: fetching is not available here");
		return -1;
	}
	if (ui->reader == NULL)
		ui->reader = reader_new(ui->store, ui->net, reader_done, ui);
	if ((rc = reader_add(ui->reader, id, link, 0, err,
	    sizeof err)) == -1) {
		ui_error(ui, "Reader mode: %s", err);
		return -1;
	}
	url_host(link, host, sizeof(host));
	ui_status(ui, "Fetching the whole article from %s...", host);
	return 0;
}

/*
 * Reader mode "open" fetches the page of an article the reader opened;
 * the split layout's preview, which follows the cursor, fetches nothing
 * (a scroll through fifty headlines must not ask a site for fifty pages).
 */
static int preview;

static void
reader_auto(struct ui *ui)
{
	struct ui_article *a = &ui->art;

	if (preview || a->si == NULL || a->have_ex ||
	    a->si->item.link == NULL ||
	    reader_mode(ui, a->si->feed_id) == CONF_READER_NO ||
	    (ui->reader != NULL && reader_busy(ui->reader, a->id)))
		return;
	reader_start(ui, a->id, a->si->item.link);
}

/* Shows article id in the view pane as the cursor moves over it. */
int
ui_article_preview(struct ui *ui, int64_t id)
{
	int rc;

	preview = 1;
	rc = ui_article_open(ui, id);
	preview = 0;
	return rc;
}

/* The reader opened the article shown (Enter): reader mode may fetch. */
void
ui_article_opened(struct ui *ui)
{
	reader_auto(ui);
}

int
ui_article_open(struct ui *ui, int64_t id)
{
	struct ui_article *a = &ui->art;
	const struct feed_item *it;
	const char *body;
	enum feed_content_type type;

	if (a->id == id && a->si != NULL)
		return 0;
	ui_article_close(a);
	if ((a->si = store_item_load(ui->store, id)) == NULL) {
		ui_error(ui, "cannot load the article: %s",
		    store_error(ui->store));
		return -1;
	}
	a->id = id;
	it = &a->si->item;
	a->have_ex = store_extract_get(ui->store, id, &a->ex) == 0;
	if (a->have_ex && a->ex.content != NULL && a->ex.shown) {
		a->extracted = 1;
		a->doc = html_parse(a->ex.content, strlen(a->ex.content),
		    a->ex.url != NULL ? a->ex.url : it->link);
		return 0;
	}
	reader_auto(ui);
	body = it->content;
	type = it->content_type;
	if (body == NULL || *body == '\0') {
		body = it->summary;
		type = it->summary_type;
	}
	if (body == NULL)
		body = "";
	if (type == FEED_CONTENT_TEXT)
		a->doc = html_parse_text(body, strlen(body));
	else
		a->doc = html_parse(body, strlen(body), it->link);
	return 0;
}

static void
hdr_add(struct ui_article *a, size_t *cap, char *line)
{
	if (a->nhdr == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		a->hdr = xreallocarray(a->hdr, *cap, sizeof(*a->hdr));
	}
	a->hdr[a->nhdr++] = str_clean_inplace(line, STR_FOLD_SPACE);
}

/* The header's "Reader:" line: which text is shown, and the other one. */
static void
reader_header(struct ui *ui, size_t *cap)
{
	struct ui_article *a = &ui->art;
	char date[128];

	if (ui->reader != NULL && reader_busy(ui->reader, a->id)) {
		hdr_add(a, cap, xstrdup("Reader: fetching the article's "
		    "page..."));
		return;
	}
	if (!a->have_ex)
		return;
	ui_date(a->ex.fetched, 0, date, sizeof(date));
	if (a->extracted)
		hdr_add(a, cap, xasprintf("Reader: extracted from %s, %s "
		    "(x: feed's text)", a->ex.site_name != NULL ?
		    a->ex.site_name : "the page", date));
	else if (a->ex.content != NULL)
		hdr_add(a, cap, xstrdup("Reader: the feed's text (x: the "
		    "extracted article)"));
	else if (a->ex.error != NULL)
		hdr_add(a, cap, xasprintf("Reader: no article: %s (X tries "
		    "again)", a->ex.error));
}

/* Header lines; the title's continuation lines are indented. */
static void
article_header(struct ui *ui, int width)
{
	struct ui_article *a = &ui->art;
	const struct feed_item *it = &a->si->item;
	char date[128];
	size_t cap = 0, i;

	for (i = 0; i < a->nhdr; i++)
		free(a->hdr[i]);
	a->nhdr = 0;
	if (a->title_lines != NULL) {
		html_lines_free(a->title_lines);
		a->title_lines = NULL;
	}
	hdr_add(a, &cap, xasprintf("Feed: %s", article_feed(ui,
	    a->si->feed_id)));
	if (it->title != NULL && *it->title != '\0') {
		struct html_doc *d = html_parse_text(it->title,
		    strlen(it->title));

		a->title_lines = html_layout(d, width > 8 ? width - 7 : 1, 0);
		html_free(d);
		for (i = 0; i < a->title_lines->n; i++)
			hdr_add(a, &cap, xasprintf("%s%s", i ? "       " :
			    "Title: ", a->title_lines->line[i].text));
		if (a->title_lines->n == 0)
			hdr_add(a, &cap, xstrdup("Title: "));
	}
	if (a->extracted && it->n_authors == 0 && it->author == NULL &&
	    a->ex.byline != NULL)
		hdr_add(a, &cap, xasprintf("Author: %s", a->ex.byline));
	else if (it->n_authors > 0) {
		struct buf b;

		buf_init(&b, 4096);
		buf_puts(&b, "Author: ");
		for (i = 0; i < it->n_authors; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", it->authors[i]);
		hdr_add(a, &cap, buf_detach(&b));
	} else if (it->author != NULL)
		hdr_add(a, &cap, xasprintf("Author: %s", it->author));
	ui_date(a->si->date, 1, date, sizeof(date));
	if (date[0] != '\0')
		hdr_add(a, &cap, xasprintf("Date: %s", date));
	if (it->link != NULL)
		hdr_add(a, &cap, xasprintf("Link: %s", it->link));
	for (i = 0; i < it->n_enclosures && i < UI_MAX_ENCLOSURES; i++)
		hdr_add(a, &cap, xasprintf("Enclosure: %s%s%s%s",
		    it->enclosures[i].url, it->enclosures[i].type ? " (" : "",
		    it->enclosures[i].type ? it->enclosures[i].type : "",
		    it->enclosures[i].type ? ")" : ""));
	reader_header(ui, &cap);
	hdr_add(a, &cap, xstrdup(""));
}

/* Bytes of "Label: " at the start of a header line, or 0. */
static int
hdr_label(const char *s)
{
	const char *c = strchr(s, ':');

	if (c == NULL || c == s || c - s > 12 || c[1] != ' ')
		return 0;
	for (const char *p = s; p < c; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			return 0;
	return (int)(c - s) + 2;
}

void
ui_article_layout(struct ui *ui, int width)
{
	struct ui_article *a = &ui->art;
	size_t i, k = 0;

	if (a->si == NULL || width < 1)
		return;
	if (a->width == width && a->v != NULL)
		return;
	if (a->lines != NULL)
		html_lines_free(a->lines);
	a->lines = html_layout(a->doc, width, HTML_LAYOUT_LINKS);
	article_header(ui, width);
	a->width = width;
	free(a->v);
	a->nv = a->nhdr + a->lines->n;
	a->v = xcalloc(a->nv + 1, sizeof(*a->v));
	for (i = 0; i < a->nhdr; i++, k++) {
		a->v[k].text = a->hdr[i];
		a->v[k].label = hdr_label(a->hdr[i]);
	}
	for (i = 0; i < a->lines->n; i++, k++) {
		a->v[k].text = a->lines->line[i].text;
		a->v[k].line = &a->lines->line[i];
	}
	if (a->top >= a->nv)
		a->top = a->nv > 0 ? a->nv - 1 : 0;
}

/* Curses attributes for a span's HTML_A_* bits. */
static unsigned long
span_attr(const struct ui *ui, unsigned a)
{
	unsigned long r = ui->look[CONF_EL_ARTICLE];

	if (a & (HTML_A_BOLD | HTML_A_HEADING))
		r |= A_BOLD;
	if (a & HTML_A_ITALIC)
		r |= A_ITALIC;
	if (a & HTML_A_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & HTML_A_STRIKE)
		r |= A_DIM;
	/* A part's colour replaces the article's; attributes add up. */
	if (a & HTML_A_LINK)
		r = (r & ~A_COLOR) | ui->look[CONF_EL_ARTICLE_LINK];
	else if (a & HTML_A_MARK)
		r = (r & ~A_COLOR) | ui->look[CONF_EL_ARTICLE_MARK];
	else if (a & HTML_A_QUOTE)
		r = (r & ~A_COLOR) | ui->look[CONF_EL_ARTICLE_QUOTE];
	return r;
}

static void
draw_body_line(struct ui *ui, int y, int x, int w, const struct html_line *l)
{
	struct ui_hl hl[UI_MAX_HL];
	size_t off = 0, s, nhl;
	int col = x, drawn;

	nhl = ui_hl_find(ui, CONF_IN_ARTICLE, l->text, l->len,
	    ui->look[CONF_EL_ARTICLE], hl, UI_MAX_HL);
	for (s = 0; s < l->nspans && col < x + w; s++) {
		const struct html_span *sp = &l->spans[s];

		if (sp->off > off)
			col += ui_put_raw_hl(ui, y, col, x + w - col,
			    l->text + off, sp->off - off,
			    ui->look[CONF_EL_ARTICLE], hl, nhl, off);
		if (sp->off + sp->len > l->len)
			break;
		drawn = ui_put_raw_hl(ui, y, col, x + w - col,
		    l->text + sp->off, sp->len, span_attr(ui, sp->attr), hl,
		    nhl, sp->off);
		if (sp->link > 0)
			ui_link_add(ui, y, col, drawn, ui_article_link(ui,
			    sp->link));
		col += drawn;
		off = sp->off + sp->len;
	}
	if (off < l->len && col < x + w)
		ui_put_raw_hl(ui, y, col, x + w - col, l->text + off,
		    l->len - off, ui->look[CONF_EL_ARTICLE], hl, nhl, off);
}

void
ui_draw_view(struct ui *ui, struct ui_rect r, int focused)
{
	struct ui_article *a = &ui->art;
	int tw, x0, y;

	if (a->si == NULL) {
		const char *m = "No article selected.";

		ui_put(ui, r.y, r.x + 1, r.w - 1, m, strlen(m), A_DIM);
		return;
	}
	tw = ui_text_width(ui, r.w);
	ui_article_layout(ui, tw);
	x0 = r.x + (ui->cfg->text_left ? (r.w > tw ? 1 : 0) : (r.w - tw) / 2);
	if (a->nv <= (size_t)r.h)
		a->top = 0;
	else if (a->top > a->nv - (size_t)r.h)
		a->top = a->nv - (size_t)r.h;
	for (y = 0; y < r.h; y++) {
		size_t i = a->top + (size_t)y;
		const struct ui_vline *v;

		ui_fill(r.y + y, r.x, r.w, ui->look[CONF_EL_ARTICLE]);
		if (i >= a->nv) {
			/* newsboat's end-of-text marker, one a line. */
			ui_put_raw(ui, r.y + y, x0, 1, "~", 1,
			    ui->look[CONF_EL_END_OF_TEXT]);
			continue;
		}
		v = &a->v[i];
		if (v->line != NULL) {
			draw_body_line(ui, r.y + y, x0, tw, v->line);
			continue;
		}
		if (v->label > 0) {
			/* Highlights match the whole line, label too. */
			struct ui_hl hl[UI_MAX_HL];
			size_t len = strlen(v->text), nhl;
			unsigned long look = ui->look[CONF_EL_ARTICLE];
			int c, d;

			nhl = ui_hl_find(ui, CONF_IN_ARTICLE, v->text, len,
			    look, hl, UI_MAX_HL);
			c = ui_put_hl_at(ui, r.y + y, x0, tw, v->text,
			    (size_t)v->label, look | A_BOLD, hl, nhl, 0);
			d = ui_put_hl_at(ui, r.y + y, x0 + c, tw - c,
			    v->text + v->label, len - (size_t)v->label,
			    look | (strncmp(v->text, "Title", 5) == 0 ?
			    A_BOLD : 0), hl, nhl, (size_t)v->label);

			if (strncmp(v->text, "Link: ", 6) == 0)
				ui_link_add(ui, r.y + y, x0 + c, d,
				    a->si->item.link);
		} else
			ui_put(ui, r.y + y, x0, tw, v->text, strlen(v->text),
			    ui->look[CONF_EL_ARTICLE] | A_BOLD);
	}
}

char *
ui_article_text(struct ui *ui)
{
	struct ui_article *a = &ui->art;
	const struct feed_item *it;
	struct html_lines *l;
	struct buf b;
	char date[128], *body;
	int w = ui->cfg->text_width > 0 ? ui->cfg->text_width : 80;

	if (a->si == NULL)
		return NULL;
	it = &a->si->item;
	buf_init(&b, 0);
	buf_printf(&b, "Feed: %s\n", article_feed(ui, a->si->feed_id));
	if (it->title != NULL)
		buf_printf(&b, "Title: %s\n", it->title);
	if (it->author != NULL)
		buf_printf(&b, "Author: %s\n", it->author);
	ui_date(a->si->date, 1, date, sizeof(date));
	if (date[0] != '\0')
		buf_printf(&b, "Date: %s\n", date);
	if (it->link != NULL)
		buf_printf(&b, "Link: %s\n", it->link);
	buf_putc(&b, '\n');
	/* Preformatted lines whole: a file or a pipe has no width. */
	l = html_layout(a->doc, w, HTML_LAYOUT_LINKS | HTML_LAYOUT_WHOLE);
	body = html_lines_text(l);
	buf_puts(&b, body);
	free(body);
	html_lines_free(l);
	/* Everything above was clean already; once more costs little. */
	body = buf_detach(&b);
	return str_clean_inplace(body, STR_KEEP_NEWLINES);
}

int
ui_article_find(struct ui *ui, const char *needle)
{
	struct ui_article *a = &ui->art;
	size_t i, k, start;

	if (a->si == NULL || a->nv == 0)
		return -1;
	if (needle != NULL && *needle != '\0') {
		free(a->find);
		a->find = xstrdup(needle);
		a->find_line = 0;
		start = a->top;
	} else {
		if (a->find == NULL)
			return -1;
		start = a->find_line;
	}
	for (k = 0; k < a->nv; k++) {
		i = (start + k) % a->nv;
		if (ui_match(a->v[i].text, a->find)) {
			a->top = i;
			a->find_line = i + 1;
			return (int)i;
		}
	}
	return -1;
}

const char *
ui_article_link(const struct ui *ui, int n)
{
	if (ui->art.doc == NULL)
		return NULL;
	return html_link(ui->art.doc, n);
}

static void
url_line_add(struct ui_text *t, size_t *cap, const char *label,
    const char *url)
{
	if (url == NULL || *url == '\0')
		return;
	if (t->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		t->lines = xreallocarray(t->lines, *cap, sizeof(*t->lines));
		t->urls = xreallocarray(t->urls, *cap, sizeof(*t->urls));
	}
	t->lines[t->n] = str_clean_inplace(xasprintf("%s %s", label, url),
	    STR_FOLD_SPACE);
	t->urls[t->n] = xstrdup(url);
	t->n++;
}

void
ui_article_urls(struct ui *ui)
{
	struct ui_article *a = &ui->art;
	struct ui_text *t = &ui->text;
	const struct feed_item *it;
	char label[32];
	size_t cap = 0, i;
	int n;

	if (a->si == NULL)
		return;
	it = &a->si->item;
	t->kind = UI_TEXT_URLS;
	t->selectable = 1;
	t->title = xstrdup("URLs of the article (Enter or o opens)");
	url_line_add(t, &cap, "Article:", it->link);
	n = html_link_count(a->doc);
	for (i = 1; i <= (size_t)n && i <= HTML_MAX_LINKS; i++) {
		util_errf(label, sizeof(label), "[%zu]", i);
		url_line_add(t, &cap, label, html_link(a->doc, (int)i));
	}
	for (i = 0; i < it->n_enclosures; i++)
		url_line_add(t, &cap, "Enclosure:", it->enclosures[i].url);
	url_line_add(t, &cap, "Comments:", it->comments);
	t->cur.n = t->n;
}

/* --- reader mode --- */

/* Opens the article again, after its extract changed. */
static void
article_reopen(struct ui *ui)
{
	int64_t id = ui->art.id;

	ui_article_close(&ui->art);
	ui_article_open(ui, id);
	ui->dirty = 1;
}

/* A page fetch ended (from the net, inside the loop). */
static void
reader_done(void *arg, const struct reader_result *res)
{
	struct ui *ui = arg;
	char host[80];

	ui->dirty = 1;
	if (ui->art.si == NULL || ui->art.id != res->item_id)
		return;
	article_reopen(ui);
	url_host(res->url, host, sizeof(host));
	if (res->ok)
		ui_status(ui, "Reader mode: the article from %s, %zu %s "
		    "(x: the feed's text)", host, res->length,
		    util_plural((long long)res->length, "character",
		    "characters"));
	else
		ui_error(ui, "Reader mode: %s: %s", host, res->error);
}

/* The article the keys are about, loaded; 0 or -1. */
static int
reader_article(struct ui *ui)
{
	const struct ui_row *r;

	if (ui->focus == UI_PANE_VIEW && ui->art.si != NULL)
		return 0;
	if (ui->items.cur.n == 0) {
		ui_error(ui, "No article selected");
		return -1;
	}
	if (!ui->show_view) {
		/* Classic layout: show it, as Enter would. */
		ui_act_open(ui, '\n');
		return ui->art.si != NULL ? 0 : -1;
	}
	r = &ui->items.rows[ui->items.cur.sel];
	return ui_article_open(ui, r->id);
}

void
ui_act_reader(struct ui *ui, int key)
{
	struct ui_article *a = &ui->art;
	int show;

	if (reader_article(ui) == -1)
		return;
	if (a->extracted || (a->have_ex && a->ex.content != NULL)) {
		show = !a->extracted;
		if (store_extract_show(ui->store, a->id, show) == -1) {
			ui_error(ui, "%s", store_error(ui->store));
			return;
		}
		article_reopen(ui);
		ui_status(ui, show ? "The article extracted from its page "
		    "(x: the feed's text)" : "The feed's text (x: the article "
		    "extracted from its page)");
		return;
	}
	if (ui->reader != NULL && reader_busy(ui->reader, a->id)) {
		ui_status(ui, "Still fetching the article's page...");
		return;
	}
	if (reader_start(ui, a->id, a->si->item.link) == 0)
		ui->art.width = 0;	/* the header says so */
}

void
ui_act_reader_fetch(struct ui *ui, int key)
{
	struct ui_article *a = &ui->art;

	if (reader_article(ui) == -1)
		return;
	if (ui->reader != NULL && reader_busy(ui->reader, a->id)) {
		ui_status(ui, "Still fetching the article's page...");
		return;
	}
	if (reader_start(ui, a->id, a->si->item.link) == 0)
		ui->art.width = 0;
}

void
ui_reader_feed_done(struct ui *ui, int64_t feed_id)
{
	if (ui->net == NULL ||
	    reader_mode(ui, feed_id) != CONF_READER_REFRESH)
		return;
	if (ui->reader == NULL)
		ui->reader = reader_new(ui->store, ui->net, reader_done, ui);
	if (reader_add_feed(ui->reader, feed_id, READER_MAX_FEED_ITEMS) ==
	    -1)
		ui_error(ui, "Reader mode: %s", store_error(ui->store));
}

void
ui_reader_free(struct ui *ui)
{
	reader_free(ui->reader);
	ui->reader = NULL;
}
