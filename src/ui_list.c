/*
 * ui_list.c: the feed list and the article lists: loading them from the
 * store when they are opened, searching them, and drawing their rows.
 *
 * Must never load more than one list of articles at a time (memory must
 * not grow with the cache), and never draw a string it did not clean.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "curses_compat.h"
#include "filter.h"
#include "query.h"
#include "store.h"
#include "str.h"
#include "ui_int.h"
#include "urls.h"
#include "util.h"

/* Sorted (store id, feed index) pairs, to find a row's feed fast. */
struct ui_feed_ix {
	int64_t	 id;
	int	 feed;
};
static struct ui_feed_ix *feed_ix;
static size_t feed_nix;
/*
 * (store id, urls entry) of every feed of the urls file, hidden ones too:
 * a query feed's articles come from all of them.
 */
static struct ui_feed_ix *entry_ix;
static size_t entry_nix, entry_cap;

static int
feed_ix_cmp(const void *a, const void *b)
{
	const struct ui_feed_ix *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void
feed_ix_build(struct ui *ui)
{
	size_t i;

	free(feed_ix);
	feed_ix = xcalloc(ui->nfeeds + 1, sizeof(*feed_ix));
	feed_nix = 0;
	for (i = 0; i < ui->nfeeds; i++) {
		if (ui->feeds[i].id <= 0)
			continue;
		feed_ix[feed_nix].id = ui->feeds[i].id;
		feed_ix[feed_nix].feed = (int)i;
		feed_nix++;
	}
	qsort(feed_ix, feed_nix, sizeof(*feed_ix), feed_ix_cmp);
}

int
ui_feed_by_id(const struct ui *ui, int64_t id)
{
	struct ui_feed_ix key, *hit;

	if (feed_ix == NULL || id <= 0)
		return -1;
	key.id = id;
	hit = bsearch(&key, feed_ix, feed_nix, sizeof(*feed_ix), feed_ix_cmp);
	return hit != NULL ? hit->feed : -1;
}

struct counts_ctx {
	struct ui *ui;
	int	*entry_feed;	/* urls entry index -> feed index, or -1 */
	int	 first;		/* first load: take titles from the store */
};

static int
counts_cb(void *arg, int64_t id, const char *url, const char *title,
    int64_t unread, int64_t total)
{
	struct counts_ctx *c = arg;
	const struct urls_entry *e;
	struct ui_feed *f;
	int fi;

	if (url == NULL || (e = urls_find(c->ui->urls, url)) == NULL)
		return 0;
	if (entry_nix == entry_cap) {
		entry_cap = entry_cap ? entry_cap * 2 : 64;
		entry_ix = xreallocarray(entry_ix, entry_cap,
		    sizeof(*entry_ix));
	}
	entry_ix[entry_nix].id = id;
	entry_ix[entry_nix].feed = (int)(e - c->ui->urls->entries);
	entry_nix++;
	fi = c->entry_feed[e - c->ui->urls->entries];
	if (fi < 0)
		return 0;
	f = &c->ui->feeds[fi];
	f->id = id;
	f->unread = unread;
	f->total = total;
	if (e->title == NULL && title != NULL && *title != '\0') {
		char *t = ui_clean_line(title);

		if (*t != '\0') {
			free(f->title);
			f->title = t;
		} else
			free(t);
	}
	return 0;
}

static void
feeds_counts(struct ui *ui, int first)
{
	struct counts_ctx c;
	size_t i;

	c.ui = ui;
	c.first = first;
	c.entry_feed = xcalloc(ui->urls->n_entries + 1, sizeof(int));
	entry_nix = 0;
	for (i = 0; i < ui->urls->n_entries; i++)
		c.entry_feed[i] = -1;
	for (i = 0; i < ui->nfeeds; i++) {
		const struct urls_entry *e = urls_find(ui->urls,
		    ui->feeds[i].url);

		if (e != NULL)
			c.entry_feed[e - ui->urls->entries] = (int)i;
	}
	if (store_feed_counts(ui->store, counts_cb, &c) == -1)
		ui_error(ui, "%s", store_error(ui->store));
	free(c.entry_feed);
	feed_ix_build(ui);
	ui_feeds_visible(ui);
	/* SQL gives the feeds in id order: entry_ix is sorted already. */
}

/* Adds the query feed q to the list. */
static void
feeds_add_query(struct ui *ui, const struct urls_query *q, size_t *n)
{
	struct ui_feed *f;
	char err[256];
	size_t j;

	if (q->hidden)
		return;
	f = &ui->feeds[(*n)++];
	f->url = "";
	f->query = q;
	f->title = ui_clean_line(q->name);
	f->status_known = 1;
	/* urls.c parsed it once already: this cannot fail. */
	if ((f->filter = filter_parse(q->expr, err, sizeof(err))) == NULL)
		f->error = ui_clean_line(err);
	if (q->n_tags > 0) {
		struct buf b;

		buf_init(&b, 0);
		for (j = 0; j < q->n_tags; j++)
			buf_printf(&b, "%s%s", j ? ", " : "", q->tags[j]);
		f->tags = buf_detach(&b);
		f->tags = str_clean_inplace(f->tags, STR_FOLD_SPACE);
	}
}

/* The feed's part of a filter item: its feed's title, URL and tags. */
static int
ui_query_feed(void *arg, int64_t feed_id, struct filter_item *it)
{
	struct ui *ui = arg;
	const struct urls_entry *e;
	struct ui_feed_ix key, *hit;
	int fi;

	key.id = feed_id;
	hit = entry_ix == NULL ? NULL : bsearch(&key, entry_ix, entry_nix,
	    sizeof(*entry_ix), feed_ix_cmp);
	if (hit == NULL)
		return 1;	/* no longer in the urls file */
	e = &ui->urls->entries[hit->feed];
	it->feed_url = e->url;
	it->tags = (const char *const *)e->tags;
	it->ntags = e->n_tags;
	if ((fi = ui_feed_by_id(ui, feed_id)) >= 0) {
		it->feed_title = ui->feeds[fi].title;
		it->unread_count = ui->feeds[fi].unread;
		it->total_count = ui->feeds[fi].total;
		it->feed_index = fi + 1;
	} else
		it->feed_title = e->title != NULL ? e->title : e->url;
	return 0;
}

char *const *
ui_feed_tags(const struct ui *ui, int fi, size_t *n)
{
	const struct urls_entry *e;

	*n = 0;
	if (fi < 0 || (size_t)fi >= ui->nfeeds)
		return NULL;
	if (ui->feeds[fi].query != NULL) {
		*n = ui->feeds[fi].query->n_tags;
		return ui->feeds[fi].query->tags;
	}
	if ((e = urls_find(ui->urls, ui->feeds[fi].url)) == NULL)
		return NULL;
	*n = e->n_tags;
	return e->tags;
}

int
ui_feed_has_tag(const struct ui *ui, int fi, const char *tag)
{
	char *const *tags;
	size_t j, n;

	tags = ui_feed_tags(ui, fi, &n);
	for (j = 0; j < n; j++)
		if (strcmp(tags[j], tag) == 0)
			return 1;
	return 0;
}

int
ui_feed_sel(const struct ui *ui)
{
	if (ui->fvis == NULL || ui->fcur.n == 0 || ui->fcur.sel >= ui->fcur.n)
		return -1;
	return ui->fvis[ui->fcur.sel];
}

static void feed_meta(struct ui *, struct ui_feed *);

int
ui_feed_passes(struct ui *ui, int fi)
{
	struct ui_feed *f = &ui->feeds[fi];
	struct filter_item it;
	char *const *tags;
	size_t ntags;

	if (ui->tag != NULL && !ui_feed_has_tag(ui, fi, ui->tag))
		return 0;
	if (ui->feed_filter == NULL)
		return 1;
	/* The feed's attributes, as its row in the list shows them. */
	feed_meta(ui, f);
	tags = ui_feed_tags(ui, fi, &ntags);
	memset(&it, 0, sizeof(it));
	it.feed_title = f->title;
	it.feed_link = f->link;
	it.feed_description = f->desc;
	it.feed_url = f->url;
	it.tags = (const char *const *)tags;
	it.ntags = ntags;
	it.unread_count = f->unread;
	it.total_count = f->total;
	it.feed_index = fi + 1;
	return filter_match(ui->feed_filter, &it);
}

size_t
ui_feeds_filter(struct ui *ui, struct filter *f)
{
	int keep = ui_feed_sel(ui);

	filter_free(ui->feed_filter);
	ui->feed_filter = f;
	ui->fcur.sel = ui->fcur.top = 0;
	ui_feeds_visible(ui);
	if (keep >= 0 && ui_feed_passes(ui, keep))
		ui_feed_select(ui, keep);
	return ui->fcur.n;
}

/* Is feed fi shown in the list now? */
static int
feed_shown(struct ui *ui, int fi, int keep)
{
	if (!ui_feed_passes(ui, fi))
		return 0;
	/* The feed being read stays until the reader leaves it. */
	return ui->show_read_feeds || ui->feeds[fi].unread > 0 || fi == keep;
}

/* What feeds_cmp() sorts by (qsort() passes no context). */
static struct feed_key {
	int	 fi;
	const char *s;		/* title or first tag */
	size_t	 slen;
	int64_t	 v;		/* count or date */
} *feed_keys;
static struct conf_sort feed_sort_by;

static int
feeds_cmp(const void *va, const void *vb)
{
	const struct feed_key *a = va, *b = vb;
	int c;

	switch (feed_sort_by.field) {
	case CONF_SORT_TITLE:
	case CONF_SORT_FIRSTTAG:
		/* Feeds without a tag go after those with one. */
		if ((a->s == NULL) != (b->s == NULL))
			return a->s == NULL ? 1 : -1;
		if (a->s == NULL)
			c = 0;
		else {
			c = strncasecmp(a->s, b->s, a->slen < b->slen ?
			    a->slen : b->slen);
			if (c == 0)
				c = a->slen < b->slen ? -1 : a->slen > b->slen;
		}
		break;
	default:
		c = a->v < b->v ? -1 : a->v > b->v;
		break;
	}
	if (feed_sort_by.desc)
		c = -c;
	/* Equal ones stay in the urls file's order. */
	return c != 0 ? c : a->fi - b->fi;
}

/* Sorts the n feeds of fvis by ui->feed_sort. */
static void
feeds_sort(struct ui *ui, size_t n)
{
	size_t i;

	feed_keys = xcalloc(n, sizeof(*feed_keys));
	for (i = 0; i < n; i++) {
		struct ui_feed *f = &ui->feeds[ui->fvis[i]];
		struct feed_key *k = &feed_keys[i];

		k->fi = ui->fvis[i];
		switch (ui->feed_sort.field) {
		case CONF_SORT_TITLE:
			k->s = f->title;
			k->slen = strlen(k->s);
			break;
		case CONF_SORT_FIRSTTAG:
			if (f->tags != NULL) {
				k->s = f->tags;
				k->slen = strcspn(f->tags, ",");
			}
			break;
		case CONF_SORT_ARTICLECOUNT:
			k->v = f->total;
			break;
		case CONF_SORT_UNREADCOUNT:
			k->v = f->unread;
			break;
		case CONF_SORT_LASTUPDATED:
			if (f->id > 0 && f->query == NULL &&
			    (k->v = store_feed_newest(ui->store, f->id)) < 0)
				k->v = 0;
			break;
		default:
			break;
		}
	}
	feed_sort_by = ui->feed_sort;
	qsort(feed_keys, n, sizeof(*feed_keys), feeds_cmp);
	for (i = 0; i < n; i++)
		ui->fvis[i] = feed_keys[i].fi;
	free(feed_keys);
	feed_keys = NULL;
}

static void
feeds_visible(struct ui *ui, int keep)
{
	int sel = ui_feed_sel(ui);
	size_t i, n = 0, at = 0;

	free(ui->fvis);
	ui->fvis = xcalloc(ui->nfeeds + 1, sizeof(*ui->fvis));
	for (i = 0; i < ui->nfeeds; i++) {
		if (!feed_shown(ui, (int)i, keep))
			continue;
		/* The selection stays on its feed, or on the next one. */
		if (sel >= 0 && (int)i <= sel)
			at = n;
		ui->fvis[n++] = (int)i;
	}
	if (sel >= 0 && at < n && ui->fvis[at] < sel)
		at++;
	if (ui->feed_sort.field != CONF_SORT_NONE && n > 1) {
		feeds_sort(ui, n);
		for (i = 0; i < n; i++)
			if (ui->fvis[i] == sel)
				at = i;
	}
	ui->fcur.n = n;
	ui->fcur.sel = at < n ? at : n > 0 ? n - 1 : 0;
}

void
ui_feeds_visible(struct ui *ui)
{
	int keep = -1;

	if (ui->focus != UI_PANE_FEEDS && ui->items.loaded &&
	    !ui->items.mixed)
		keep = ui->items.feed;
	feeds_visible(ui, keep);
}

void
ui_feed_select(struct ui *ui, int fi)
{
	size_t i;

	for (i = 0; i < ui->fcur.n; i++) {
		if (ui->fvis[i] == fi) {
			ui->fcur.sel = i;
			return;
		}
	}
	/* Hidden (read, or not of the tag): shown while it is selected. */
	ui->fcur.sel = 0;
	feeds_visible(ui, fi);
	for (i = 0; i < ui->fcur.n; i++)
		if (ui->fvis[i] == fi)
			ui->fcur.sel = i;
}

int
ui_queries_step(struct ui *ui)
{
	struct ui_feed *f;
	size_t i;

	for (i = 0; i < ui->nfeeds; i++) {
		f = &ui->feeds[i];
		if (f->query == NULL || f->counted)
			continue;
		f->counted = 1;
		if (f->filter != NULL && query_count(ui->store, f->filter, 0,
		    ui_query_feed, ui, &f->unread, &f->total) == -1)
			ui_error(ui, "%s", store_error(ui->store));
		/* show-read-feeds: a query feed shows once it has unread. */
		ui_feeds_visible(ui);
		return 1;
	}
	return 0;
}

void
ui_queries_stale(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->nfeeds; i++)
		ui->feeds[i].counted = 0;
}

void
ui_feeds_load(struct ui *ui)
{
	const struct urls *u = ui->urls;
	size_t i, j, n = 0, q = 0;

	ui->feeds = xcalloc(u->n_entries + u->n_queries + 1,
	    sizeof(*ui->feeds));
	for (i = 0; i <= u->n_entries; i++) {
		const struct urls_entry *e;
		struct ui_feed *f;

		/* Query feeds go where they are in the file. */
		while (q < u->n_queries && u->queries[q].pos <= i)
			feeds_add_query(ui, &u->queries[q++], &n);
		if (i == u->n_entries)
			break;
		e = &u->entries[i];
		if (e->hidden)
			continue;
		f = &ui->feeds[n++];
		f->url = e->url;
		f->title = ui_clean_line(e->title != NULL ? e->title : e->url);
		if (e->n_tags > 0) {
			struct buf b;

			buf_init(&b, 0);
			for (j = 0; j < e->n_tags; j++)
				buf_printf(&b, "%s%s", j ? ", " : "",
				    e->tags[j]);
			f->tags = buf_detach(&b);
			f->tags = str_clean_inplace(f->tags, STR_FOLD_SPACE);
		}
	}
	ui->nfeeds = n;
	feeds_counts(ui, 1);
}

void
ui_feeds_counts(struct ui *ui)
{
	feeds_counts(ui, 0);
}

void
ui_feed_status(struct ui *ui, struct ui_feed *f)
{
	struct store_feed sf;

	if (f->status_known)
		return;
	f->status_known = 1;
	if (f->id <= 0)
		return;
	memset(&sf, 0, sizeof(sf));
	if (store_feed_get(ui->store, f->id, &sf) != 0)
		return;
	free(f->error);
	f->error = NULL;
	f->failed = sf.last_error != NULL ||
	    (sf.last_status >= 400 && sf.last_status != 0);
	if (sf.last_error != NULL)
		f->error = ui_clean_line(sf.last_error);
	else if (f->failed)
		f->error = xasprintf("HTTP status %d", sf.last_status);
	store_feed_clear(&sf);
}

int
ui_match(const char *hay, const char *needle)
{
	size_t i, j, hn, nn;

	if (hay == NULL || needle == NULL)
		return 0;
	hn = strlen(hay);
	nn = strlen(needle);
	if (nn == 0)
		return 1;
	for (i = 0; i + nn <= hn; i++) {
		for (j = 0; j < nn; j++) {
			int a = (unsigned char)hay[i + j];
			int b = (unsigned char)needle[j];

			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (b >= 'A' && b <= 'Z')
				b += 'a' - 'A';
			if (a != b)
				break;
		}
		if (j == nn)
			return 1;
	}
	return 0;
}

static void
row_free(struct ui_row *r)
{
	free(r->title);
	free(r->author);
	free(r->link);
	free(r->guid);
}

/* The order rows_cmp() sorts by; qsort() passes no context. */
static struct conf_sort sort_by;

static int
str_cmp0(const char *a, const char *b, int ci)
{
	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	return ci ? strcasecmp(a, b) : strcmp(a, b);
}

/* By sort_by's field, then newest first (as the store lists them). */
static int
rows_cmp(const void *va, const void *vb)
{
	const struct ui_row *a = va, *b = vb;
	int c = 0;

	switch (sort_by.field) {
	case CONF_SORT_TITLE:
		c = str_cmp0(a->title, b->title, 1);
		break;
	case CONF_SORT_FLAGS:
		c = (int)a->flagged - (int)b->flagged;
		break;
	case CONF_SORT_AUTHOR:
		c = str_cmp0(a->author, b->author, 1);
		break;
	case CONF_SORT_LINK:
		c = str_cmp0(a->link, b->link, 0);
		break;
	case CONF_SORT_GUID:
		c = str_cmp0(a->guid, b->guid, 0);
		break;
	default:
		/* date: ties go by id, the order items were stored in. */
		c = a->date < b->date ? -1 : a->date > b->date;
		if (c == 0)
			c = a->id < b->id ? -1 : a->id > b->id;
		break;
	}
	if (sort_by.desc)
		c = -c;
	if (c == 0 && sort_by.field != CONF_SORT_DATE) {
		c = a->date > b->date ? -1 : a->date < b->date;
		if (c == 0)
			c = a->id > b->id ? -1 : a->id < b->id;
	}
	return c;
}

void
ui_items_sort(struct ui *ui, struct ui_items *it)
{
	size_t i;

	/* The store gives every list newest first already. */
	if (it->cur.n < 2 || (ui->article_sort.field == CONF_SORT_DATE &&
	    ui->article_sort.desc && !it->resorted))
		return;
	if (ui->article_sort.field == CONF_SORT_GUID)
		for (i = 0; i < it->cur.n; i++)
			if (it->rows[i].guid == NULL)
				it->rows[i].guid = store_item_guid(ui->store,
				    it->rows[i].id);
	sort_by = ui->article_sort;
	qsort(it->rows, it->cur.n, sizeof(*it->rows), rows_cmp);
	it->resorted = !(sort_by.field == CONF_SORT_DATE && sort_by.desc);
}

void
ui_items_free(struct ui_items *it)
{
	size_t i;

	for (i = 0; i < it->cur.n; i++) {
		row_free(&it->rows[i]);
	}
	free(it->rows);
	free(it->title);
	free(it->base);
	free(it->base_title);
	memset(it, 0, sizeof(*it));
	it->feed = -1;
}

static void
items_push(struct ui *ui, struct ui_items *it, const struct store_item_row *r)
{
	struct ui_row *row;

	if (it->cur.n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 64;
		it->rows = xreallocarray(it->rows, it->cap, sizeof(*it->rows));
	}
	row = &it->rows[it->cur.n++];
	row->id = r->id;
	row->feed_id = r->feed_id;
	row->date = r->date;
	row->title = ui_clean_line(r->title != NULL ? r->title : "");
	if (*row->title == '\0') {
		free(row->title);
		row->title = xstrdup("(untitled)");
	}
	row->author = r->author != NULL && *r->author != '\0' ?
	    ui_clean_line(r->author) : NULL;
	row->link = r->link != NULL ? xstrdup(r->link) : NULL;
	row->guid = NULL;
	row->feed = ui_feed_by_id(ui, r->feed_id);
	row->unread = (unsigned char)(r->unread != 0);
	row->flagged = (unsigned char)(r->flagged != 0);
	row->first_seen = r->first_seen;
	row->fresh = (unsigned char)(ui->cfg->last_run > 0 &&
	    r->first_seen > ui->cfg->last_run);
	row->length = -1;
}

struct list_ctx {
	struct ui *ui;
	struct ui_items *it;
	const char *needle;	/* keep only matching rows, or NULL */
	int	 listed;	/* keep only rows of feeds in the list */
	size_t	 max;		/* stop after this many, or 0 */
};

static int
list_cb(void *arg, const struct store_item_row *r)
{
	struct list_ctx *c = arg;

	if (c->listed && ui_feed_by_id(c->ui, r->feed_id) < 0)
		return 0;
	if (c->needle != NULL && !ui_match(r->title, c->needle) &&
	    !ui_match(r->author, c->needle))
		return 0;
	items_push(c->ui, c->it, r);
	return c->max != 0 && c->it->cur.n >= c->max;
}

/* Leaves the unread rows of a list only (show-read-articles no). */
static void
drop_read(struct ui_items *it)
{
	size_t i, k = 0;

	for (i = 0; i < it->cur.n; i++) {
		if (!it->rows[i].unread) {
			row_free(&it->rows[i]);
			continue;
		}
		it->rows[k++] = it->rows[i];
	}
	it->cur.n = k;
}

/* ignore-mode display: the ids the killfile hides from a list. */
struct hide_ctx {
	const struct urls *ui_urls;
	const char *feed;	/* the rule's feed: NULL, a URL or a glob */
	int64_t	*ids;
	size_t	 n, cap;
};

static int
hide_cb(void *arg, const struct store_item_row *r)
{
	struct hide_ctx *h = arg;
	struct ui_feed_ix key, *hit;
	const char *url;

	if (h->feed != NULL) {
		key.id = r->feed_id;
		hit = entry_ix == NULL ? NULL : bsearch(&key, entry_ix,
		    entry_nix, sizeof(*entry_ix), feed_ix_cmp);
		if (hit == NULL)
			return 0;
		url = h->ui_urls->entries[hit->feed].url;
		if (strcmp(h->feed, url) != 0 && fnmatch(h->feed, url, 0) != 0)
			return 0;
	}
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->ids = xreallocarray(h->ids, h->cap, sizeof(*h->ids));
	}
	h->ids[h->n++] = r->id;
	return 0;
}

static int
hide_id_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* Drops the rows an ignore-article rule matches (ignore-mode display). */
static void
hide_ignored(struct ui *ui, struct ui_items *it)
{
	const struct conf *cf = ui->cfg->conf;
	struct hide_ctx h;
	size_t i, j, k;

	if (cf == NULL || cf->ignore_mode != CONF_IGNORE_DISPLAY ||
	    cf->nignores == 0 || it->cur.n == 0)
		return;
	memset(&h, 0, sizeof(h));
	h.ui_urls = ui->urls;
	for (k = 0; k < cf->nignores; k++) {
		h.feed = cf->ignores[k].feed;
		if (query_run(ui->store, cf->ignores[k].filter, 0,
		    it->mixed ? 0 : it->feed_id, ui_query_feed, ui, hide_cb,
		    &h) == -1)
			ui_error(ui, "%s", store_error(ui->store));
	}
	if (h.n == 0)
		return;
	qsort(h.ids, h.n, sizeof(*h.ids), hide_id_cmp);
	for (i = j = 0; i < it->cur.n; i++) {
		if (bsearch(&it->rows[i].id, h.ids, h.n, sizeof(*h.ids),
		    hide_id_cmp) != NULL) {
			row_free(&it->rows[i]);
			continue;
		}
		it->rows[j++] = it->rows[i];
	}
	it->cur.n = j;
	free(h.ids);
}

int
ui_items_load(struct ui *ui, int feed)
{
	struct ui_items it;
	struct list_ctx c;
	struct ui_feed *f;
	size_t i;

	if (feed < 0 || (size_t)feed >= ui->nfeeds)
		return -1;
	f = &ui->feeds[feed];
	memset(&it, 0, sizeof(it));
	it.feed = feed;
	it.feed_id = f->id;
	it.title = xstrdup(f->title);
	it.loaded = 1;
	c.ui = ui;
	c.it = &it;
	c.needle = NULL;
	c.listed = 0;
	c.max = 0;
	if (f->query != NULL) {
		/* Every cached article the expression matches. */
		it.mixed = 1;
		if (f->filter != NULL && query_run(ui->store, f->filter, 0, 0,
		    ui_query_feed, ui, list_cb, &c) == -1)
			ui_error(ui, "%s", store_error(ui->store));
	} else if (f->id > 0 && store_item_list(ui->store, f->id,
	    ui->show_read_articles ? 0 : STORE_LIST_UNREAD, list_cb,
	    &c) == -1)
		ui_error(ui, "%s", store_error(ui->store));
	hide_ignored(ui, &it);
	if (f->query != NULL) {
		f->unread = 0;
		for (i = 0; i < it.cur.n; i++)
			f->unread += it.rows[i].unread;
		f->total = (int64_t)it.cur.n;
		f->counted = 1;
		if (!ui->show_read_articles)
			drop_read(&it);
	}
	ui_items_sort(ui, &it);
	if (ui->have_saved) {
		ui_items_free(&ui->saved);
		ui->have_saved = 0;
	}
	ui_items_free(&ui->items);
	ui->items = it;
	return 0;
}

int
ui_items_search_all(struct ui *ui, const char *needle)
{
	struct ui_items it;
	struct list_ctx c;

	memset(&it, 0, sizeof(it));
	it.feed = -1;
	it.mixed = 1;
	it.loaded = 1;
	it.title = ui_clean_line(needle);
	c.ui = ui;
	c.it = &it;
	/* Every cached article, through the full-text index. */
	c.needle = NULL;
	c.listed = 1;
	c.max = UI_MAX_RESULTS;
	if (store_search(ui->store, needle, 0, UI_MAX_RESULTS, list_cb,
	    &c) == -1)
		ui_error(ui, "%s", store_error(ui->store));
	hide_ignored(ui, &it);
	ui_items_sort(ui, &it);
	free(it.title);
	it.title = xasprintf("Search results for \"%s\"", needle);
	it.title = str_clean_inplace(it.title, STR_FOLD_SPACE);
	if (ui->have_saved)
		ui_items_free(&ui->saved);
	ui->saved = ui->items;
	ui->have_saved = ui->saved.loaded;
	if (!ui->have_saved)
		ui_items_free(&ui->saved);
	ui->items = it;
	ui->saved_focus = UI_PANE_FEEDS;
	return (int)it.cur.n;
}

/* list_cb for the flagged view: the feeds of the urls file only. */
static int
flagged_cb(void *arg, const struct store_item_row *r)
{
	struct list_ctx *c = arg;

	if (ui_feed_by_id(c->ui, r->feed_id) < 0)
		return 0;
	items_push(c->ui, c->it, r);
	return c->it->cur.n >= c->max;
}

int
ui_items_flagged(struct ui *ui)
{
	struct ui_items it;
	struct list_ctx c;
	enum ui_pane back = ui->focus == UI_PANE_FEEDS ? UI_PANE_FEEDS :
	    UI_PANE_ITEMS;

	memset(&it, 0, sizeof(it));
	it.feed = -1;
	it.mixed = 1;
	it.loaded = 1;
	it.title = xstrdup("Flagged articles");
	c.ui = ui;
	c.it = &it;
	c.needle = NULL;
	c.max = UI_MAX_RESULTS;
	if (store_item_list(ui->store, 0, STORE_LIST_FLAGGED, flagged_cb,
	    &c) == -1)
		ui_error(ui, "%s", store_error(ui->store));
	ui_items_sort(ui, &it);
	if (ui->have_saved)
		ui_items_free(&ui->items);
	else {
		ui->saved = ui->items;
		ui->have_saved = ui->saved.loaded;
		if (!ui->have_saved)
			ui_items_free(&ui->saved);
		ui->saved_focus = back;
	}
	ui->items = it;
	ui->focus = UI_PANE_ITEMS;
	return (int)it.cur.n;
}

int
ui_items_filter(struct ui *ui, const char *needle)
{
	struct ui_items it;
	size_t i;

	memset(&it, 0, sizeof(it));
	it.feed = ui->items.feed;
	it.feed_id = ui->items.feed_id;
	it.mixed = ui->items.mixed;
	it.loaded = 1;
	for (i = 0; i < ui->items.cur.n; i++) {
		const struct ui_row *r = &ui->items.rows[i];
		struct store_item_row sr;

		if (!ui_match(r->title, needle) && !ui_match(r->author, needle))
			continue;
		memset(&sr, 0, sizeof(sr));
		sr.id = r->id;
		sr.feed_id = r->feed_id;
		sr.title = r->title;
		sr.author = r->author;
		sr.link = r->link;
		sr.date = r->date;
		sr.unread = r->unread;
		sr.flagged = r->flagged;
		sr.first_seen = r->first_seen;
		items_push(ui, &it, &sr);
	}
	it.resorted = ui->items.resorted;
	it.title = xasprintf("\"%s\" in %s", needle, ui->items.title != NULL ?
	    ui->items.title : "");
	it.title = str_clean_inplace(it.title, STR_FOLD_SPACE);
	if (ui->have_saved)
		ui_items_free(&ui->items);
	else {
		ui->saved = ui->items;
		ui->have_saved = 1;
		ui->saved_focus = UI_PANE_ITEMS;
	}
	ui->items = it;
	return (int)it.cur.n;
}

static int
id_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

struct keep_ctx {
	struct ui *ui;
	struct ui_items *it;
	const int64_t *ids;	/* the list's rows, sorted */
	size_t	 n;
};

static int
keep_cb(void *arg, const struct store_item_row *r)
{
	struct keep_ctx *k = arg;

	if (bsearch(&r->id, k->ids, k->n, sizeof(*k->ids), id_cmp) != NULL)
		items_push(k->ui, k->it, r);
	return 0;
}

int
ui_items_filter_expr(struct ui *ui, const struct filter *f)
{
	struct ui_items it;
	struct keep_ctx k;
	int64_t *ids;
	size_t i, n;

	memset(&it, 0, sizeof(it));
	it.feed = ui->items.feed;
	it.feed_id = ui->items.feed_id;
	it.mixed = ui->items.mixed;
	it.loaded = 1;
	if (ui->items.base != NULL) {
		/* A new F replaces the last one, as in newsboat. */
		n = ui->items.nbase;
		ids = xcalloc(n + 1, sizeof(*ids));
		memcpy(ids, ui->items.base, n * sizeof(*ids));
		it.base_title = xstrdup(ui->items.base_title);
	} else {
		n = ui->items.cur.n;
		ids = xcalloc(n + 1, sizeof(*ids));
		for (i = 0; i < n; i++)
			ids[i] = ui->items.rows[i].id;
		qsort(ids, n, sizeof(*ids), id_cmp);
		it.base_title = xstrdup(ui->items.title != NULL ?
		    ui->items.title : "");
	}
	k.ui = ui;
	k.it = &it;
	k.ids = ids;
	k.n = n;
	/* The store streams the candidates; the list's own rows are kept. */
	if (k.n > 0 && query_run(ui->store, f, 0, it.mixed ? 0 : it.feed_id,
	    ui_query_feed, ui, keep_cb, &k) == -1)
		ui_error(ui, "%s", store_error(ui->store));
	ui_items_sort(ui, &it);
	it.base = ids;
	it.nbase = n;
	it.title = xasprintf("%s (filter: %s)", it.base_title,
	    filter_text(f));
	it.title = str_clean_inplace(it.title, STR_FOLD_SPACE);
	if (ui->have_saved)
		ui_items_free(&ui->items);
	else {
		ui->saved = ui->items;
		ui->have_saved = 1;
		ui->saved_focus = UI_PANE_ITEMS;
	}
	ui->items = it;
	return (int)it.cur.n;
}

void
ui_items_reload(struct ui *ui)
{
	int64_t sel_id = 0;
	size_t i, sel, top;
	int feed = ui->items.feed;

	if (!ui->items.loaded || ui->items.mixed || ui->have_saved ||
	    feed < 0)
		return;
	sel = ui->items.cur.sel;
	top = ui->items.cur.top;
	if (sel < ui->items.cur.n)
		sel_id = ui->items.rows[sel].id;
	ui_items_load(ui, feed);
	for (i = 0; i < ui->items.cur.n; i++) {
		if (ui->items.rows[i].id == sel_id) {
			ui->items.cur.sel = i;
			ui->items.cur.top = i >= sel - top ?
			    i - (sel - top) : 0;
			return;
		}
	}
}

/* Draws s from x, cut at xend; returns the column after it. */
static int
seg(struct ui *ui, int y, int x, int xend, const char *s, unsigned long attr)
{
	if (s == NULL || x >= xend)
		return x;
	return x + ui_put(ui, y, x, xend - x, s, strlen(s), attr);
}

static void
draw_empty(struct ui *ui, struct ui_rect r, const char *msg)
{
	ui_put(ui, r.y, r.x + 1, r.w - 1, msg, strlen(msg), A_NORMAL);
}

/* The feed's site and description, read once (feedlist-format). */
static void
feed_meta(struct ui *ui, struct ui_feed *f)
{
	struct store_feed sf;

	if (f->meta_known)
		return;
	f->meta_known = 1;
	if (f->id <= 0)
		return;
	memset(&sf, 0, sizeof(sf));
	if (store_feed_get(ui->store, f->id, &sf) != 0)
		return;
	f->link = ui_clean_line(sf.link);
	f->desc = ui_clean_line(sf.description);
	store_feed_clear(&sf);
}

/* A row of the feed list drawn by feedlist-format. */
static void
feed_row_format(struct ui *ui, int y, struct ui_rect r, int fi,
    unsigned long attr)
{
	struct ui_feed *f = &ui->feeds[fi];
	struct conf_feed_row fr;
	char *const *tags;
	char *line;
	size_t ntags;

	feed_meta(ui, f);
	memset(&fr, 0, sizeof(fr));
	fr.index = fi + 1;
	fr.title = f->title;
	fr.url = f->url;
	fr.link = f->link;
	fr.description = f->desc;
	tags = ui_feed_tags(ui, fi, &ntags);
	fr.first_tag = ntags > 0 ? tags[0] : NULL;
	fr.unread = f->unread;
	fr.total = f->total;
	fr.status = f->loading ? '.' : f->failed ? 'x' : ' ';
	line = conf_format_feed(ui->cfg->conf->feedlist_format, &fr, r.w);
	ui_put_hl(ui, y, r.x, r.w, line, strlen(line), attr,
	    CONF_IN_FEEDLIST);
	free(line);
}

void
ui_draw_feeds(struct ui *ui, struct ui_rect r, int focused)
{
	const struct conf *cf = ui->cfg->conf;
	char buf[64];
	size_t i;
	int y, x, xend = r.x + r.w, narrow = r.w < 50;

	ui_feeds_visible(ui);
	ui_cursor_fit(&ui->fcur, r.h);
	if (ui->nfeeds == 0) {
		draw_empty(ui, r, "No feeds: add their URLs to the urls file.");
		return;
	}
	if (ui->fcur.n == 0) {
		char *m = xasprintf("No %sfeeds%s%s%s%s%s.",
		    ui->show_read_feeds ? "" : "unread ", ui->tag != NULL ?
		    " tagged \"" : "", ui->tag != NULL ? ui->tag : "",
		    ui->tag != NULL ? "\"" : "", ui->feed_filter != NULL ?
		    " matching the filter (q or an empty F shows all)" : "",
		    ui->show_read_feeds ? "" : " (read feeds are hidden)");

		draw_empty(ui, r, m);
		free(m);
		return;
	}
	for (y = 0; y < r.h; y++) {
		struct ui_feed *f;
		unsigned long attr;

		if (ui->fcur.top + (size_t)y >= ui->fcur.n)
			break;
		i = (size_t)ui->fvis[ui->fcur.top + (size_t)y];
		f = &ui->feeds[i];
		ui_feed_status(ui, f);
		attr = ui_row_look(ui, ui->fcur.top + (size_t)y ==
		    ui->fcur.sel, focused, f->unread > 0);
		ui_fill(r.y + y, r.x, r.w, attr);
		if (cf != NULL && cf->feedlist_format_set) {
			feed_row_format(ui, r.y + y, r, (int)i, attr);
			continue;
		}
		x = r.x;
		if (!narrow) {
			util_errf(buf, sizeof(buf), "%4zu ", i + 1);
			x = seg(ui, r.y + y, x, xend, buf, attr);
		}
		{
			char cnt[48];

			util_errf(cnt, sizeof(cnt), "(%lld/%lld)",
			    (long long)f->unread, (long long)f->total);
			util_errf(buf, sizeof(buf), "%c%c %*s ",
			    f->unread > 0 ? 'N' : ' ', f->failed ? '!' : ' ',
			    narrow ? 0 : 11, cnt);
		}
		x = seg(ui, r.y + y, x, xend, buf, attr);
		if (x < xend)
			x += ui_put_hl(ui, r.y + y, x, xend - x, f->title,
			    strlen(f->title), attr, CONF_IN_FEEDLIST);
		if (f->tags != NULL && x + 4 < xend) {
			x = seg(ui, r.y + y, x, xend, "  ", attr);
			x = seg(ui, r.y + y, x, xend, f->tags,
			    (attr & ~A_BOLD) | A_DIM);
		}
	}
}

/* tidings keeps one flag: to a filter, a flagged article has them all. */
static const char all_flags[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/*
 * The look of an article row: the first highlight-article line whose
 * filter matches it (the filter sees everything but the article's text,
 * which a list does not load), or attr.
 */
static unsigned long
row_look(struct ui *ui, const struct ui_row *row, size_t i,
    unsigned long attr)
{
	const struct conf *cf = ui->cfg->conf;
	struct filter_item it;
	size_t k;

	if (cf == NULL || cf->nhl_articles == 0)
		return attr;
	memset(&it, 0, sizeof(it));
	it.title = row->title;
	it.author = row->author;
	it.link = row->link;
	it.flags = row->flagged ? all_flags : "";
	it.unread = row->unread;
	it.date = row->date;
	it.article_index = (int64_t)i + 1;
	if (row->feed >= 0) {
		const struct ui_feed *f = &ui->feeds[row->feed];

		it.feed_title = f->title;
		it.feed_url = f->url;
		it.unread_count = f->unread;
		it.total_count = f->total;
		it.feed_index = row->feed + 1;
		it.tags = (const char *const *)ui_feed_tags(ui, row->feed,
		    &it.ntags);
	}
	for (k = 0; k < cf->nhl_articles; k++)
		if (filter_match(cf->hl_articles[k].filter, &it))
			return ui->hla_look[k] | (attr & (A_REVERSE |
			    A_UNDERLINE));
	return attr;
}

/* The length of a row's text, read from the store when first asked. */
static int64_t
row_length(struct ui *ui, struct ui_row *row)
{
	struct store_item *si;
	const char *t;

	if (row->length >= 0)
		return row->length;
	row->length = 0;
	if ((si = store_item_load(ui->store, row->id)) != NULL) {
		t = si->item.content != NULL ? si->item.content :
		    si->item.summary;
		row->length = t != NULL ? (int64_t)strlen(t) : 0;
		store_item_free(si);
	}
	return row->length;
}

/* A row of an article list drawn by articlelist-format. */
static void
item_row_format(struct ui *ui, int y, struct ui_rect r, struct ui_row *row,
    size_t i, unsigned long attr)
{
	const struct conf *cf = ui->cfg->conf;
	struct conf_article_row ar;
	char *line;

	memset(&ar, 0, sizeof(ar));
	ar.index = (int64_t)i + 1;
	ar.title = row->title;
	ar.author = row->author;
	ar.feed_title = ui->items.mixed && row->feed >= 0 ?
	    ui->feeds[row->feed].title : NULL;
	ar.flags = row->flagged ? "!" : NULL;
	ar.unread = row->unread;
	ar.fresh = row->fresh;
	ar.date = row->date;
	ar.datetime_format = cf->datetime_format;
	if (conf_format_uses(cf->articlelist_format, 'L'))
		ar.length = row_length(ui, row);
	line = conf_format_article(cf->articlelist_format, &ar, r.w);
	ui_put_hl(ui, y, r.x, r.w, line, strlen(line), attr,
	    CONF_IN_ARTICLELIST);
	free(line);
}

void
ui_draw_items(struct ui *ui, struct ui_rect r, int focused)
{
	const struct conf *cf = ui->cfg->conf;
	char buf[64], date[64];
	size_t i;
	int y, x, xend = r.x + r.w, narrow = r.w < 60;
	int fw = r.w / 5 < 18 ? r.w / 5 : 18;

	ui_cursor_fit(&ui->items.cur, r.h);
	if (ui->items.cur.n == 0) {
		draw_empty(ui, r, ui->items.mixed ? "Nothing found." :
		    !ui->show_read_articles ? "No unread articles (read "
		    "articles are hidden)." :
		    "No articles: r reloads this feed.");
		return;
	}
	for (y = 0; y < r.h; y++) {
		struct ui_row *row;
		unsigned long attr;

		i = ui->items.cur.top + (size_t)y;
		if (i >= ui->items.cur.n)
			break;
		row = &ui->items.rows[i];
		attr = row_look(ui, row, i, ui_row_look(ui,
		    i == ui->items.cur.sel, focused, row->unread));
		ui_fill(r.y + y, r.x, r.w, attr);
		if (cf != NULL && cf->articlelist_format_set) {
			item_row_format(ui, r.y + y, r, row, i, attr);
			continue;
		}
		x = r.x;
		if (!narrow) {
			util_errf(buf, sizeof(buf), "%4zu ", i + 1);
			x = seg(ui, r.y + y, x, xend, buf, attr);
		}
		ui_date(row->date, 0, date, sizeof(date));
		/* '+': unread and new since tidings was last closed. */
		util_errf(buf, sizeof(buf), "%c%c ", row->unread ?
		    (row->fresh ? '+' : 'N') : ' ', row->flagged ? '!' : ' ');
		x = seg(ui, r.y + y, x, xend, buf, attr);
		if (date[0] != '\0' && x + 7 < xend) {
			int dx = x;

			seg(ui, r.y + y, x, x + 7 < xend ? x + 7 : xend, date,
			    attr);
			x = dx + 8;
		}
		if (ui->items.mixed && fw > 4) {
			const char *fn = row->feed >= 0 ?
			    ui->feeds[row->feed].title : "?";

			seg(ui, r.y + y, x, x + fw < xend ? x + fw : xend, fn,
			    (attr & ~A_BOLD) | A_DIM);
			x += fw + 1;
		}
		if (x < xend)
			x += ui_put_hl(ui, r.y + y, x, xend - x, row->title,
			    strlen(row->title), attr, CONF_IN_ARTICLELIST);
		if (row->author != NULL && x + 6 < xend) {
			x = seg(ui, r.y + y, x, xend, " - ", attr & ~A_BOLD);
			x += ui_put_hl(ui, r.y + y, x, xend - x, row->author,
			    strlen(row->author), (attr & ~A_BOLD) | A_DIM,
			    CONF_IN_ARTICLELIST);
		}
	}
}
