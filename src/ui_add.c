/*
 * ui_add.c: adding a feed from the interface: a asks for an address (a
 * feed's, or any web page's), discover.c finds its feeds in the
 * background on the interface's net, one is added at once and several are
 * listed to pick from; the chosen feed goes to the end of the urls file
 * (urls_add_line(): comments and order kept, replaced atomically), into
 * the feed list, and is fetched.
 *
 * Must never write anything but that one line, and never draw a string
 * from the network that has not been cleaned.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discover.h"
#include "str.h"
#include "ui_int.h"
#include "urls.h"
#include "util.h"

/* Adds url to the urls file and the feed list, then fetches it. */
static void
add_chosen(struct ui *ui, const char *url, const char *title)
{
	struct urls_entry e;
	struct ui_feed *f;
	char err[512], *show;
	int rc;

	memset(&e, 0, sizeof(e));
	e.url = (char *)url;
	rc = urls_add_line(ui->cfg->urls_path, &e, err, sizeof(err));
	if (rc == URLS_DUPLICATE) {
		ui_status(ui, "%s", err);
		return;
	}
	if (rc != URLS_OK || urls_add(ui->urls, url, NULL, 0, NULL, 0, 0,
	    err, sizeof(err)) != URLS_OK) {
		ui_error(ui, "Cannot add the feed: %s", err);
		return;
	}
	/* A row at the end: rows of the lists keep their feed indexes. */
	ui->feeds = xreallocarray(ui->feeds, ui->nfeeds + 1,
	    sizeof(*ui->feeds));
	f = &ui->feeds[ui->nfeeds];
	memset(f, 0, sizeof(*f));
	f->url = ui->urls->entries[ui->urls->n_entries - 1].url;
	f->title = ui_clean_line(title != NULL && *title != '\0' ? title :
	    url);
	ui->nfeeds++;
	ui_act_text_close(ui);
	ui->focus = UI_PANE_FEEDS;
	ui_feeds_visible(ui);
	ui_feed_select(ui, (int)ui->nfeeds - 1);
	ui_reload(ui, 0);
	show = urls_show(url, 100);
	ui_status(ui, "Added %s to %s", show, ui->cfg->urls_path);
	free(show);
	ui->dirty = 1;
}

/* The search ended (from the net, inside the loop). */
static void
add_found(void *arg, const struct discover_result *r)
{
	struct ui *ui = arg;
	struct ui_text *t;
	size_t i;

	ui->discover = NULL;
	ui->dirty = 1;
	if (r->n == 0) {
		ui_error(ui, "No feed found: %s", r->error != NULL ? r->error :
		    "nothing there");
		return;
	}
	if (r->n == 1) {
		add_chosen(ui, r->feeds[0].url, r->feeds[0].title);
		return;
	}
	ui_act_text_close(ui);
	t = &ui->text;
	t->kind = UI_TEXT_FEEDS;
	t->selectable = 1;
	t->title = xstrdup(r->how == DISCOVER_ADVERTISED ? "Feeds the page "
	    "advertises (Enter adds one, q cancels)" : "Feeds found on the "
	    "site (Enter adds one, q cancels)");
	t->lines = xcalloc(r->n, sizeof(*t->lines));
	t->urls = xcalloc(r->n, sizeof(*t->urls));
	for (i = 0; i < r->n; i++) {
		t->lines[i] = str_clean_inplace(xasprintf("%2zu) %s (%s) %s",
		    i + 1, r->feeds[i].title, r->feeds[i].format,
		    r->feeds[i].url), STR_FOLD_SPACE);
		t->urls[i] = xstrdup(r->feeds[i].url);
	}
	t->n = r->n;
	t->cur.n = r->n;
	ui_status(ui, "%zu %s found: choose one", r->n,
	    util_plural((long long)r->n, "feed", "feeds"));
}

static void
add_ask_done(struct ui *ui, const char *answer)
{
	char *url = str_clean(answer, strlen(answer), STR_FOLD_SPACE |
	    STR_TRIM), *show;

	if (*url == '\0') {
		free(url);
		return;
	}
	if (urls_find(ui->urls, url) != NULL) {
		show = urls_show(url, 100);
		ui_status(ui, "%s is already in the feed list", show);
		free(show);
		free(url);
		return;
	}
	ui_add_cancel(ui);
	show = urls_show(url, 100);
	ui_status(ui, "Looking for feeds at %s...", show);
	free(show);
	/* A bad address answers at once (and returns NULL). */
	ui->discover = discover_start(ui->net, url, add_found, ui);
	free(url);
}

void
ui_act_add_feed(struct ui *ui, int key)
{
	if (ui->net == NULL || ui->cfg->urls_path == NULL) {
		ui_error(ui, "Adding feeds is not available here");
		return;
	}
	ui_prompt_line(ui, "Add a feed (its address or a web page's): ", NULL,
	    add_ask_done);
}

void
ui_add_pick(struct ui *ui)
{
	struct ui_text *t = &ui->text;
	char *url;

	if (t->kind != UI_TEXT_FEEDS || t->n == 0)
		return;
	/* The row shows the URL until the feed's own title is fetched. */
	url = xstrdup(t->urls[t->cur.sel]);
	add_chosen(ui, url, NULL);
	free(url);
}

void
ui_add_cancel(struct ui *ui)
{
	discover_cancel(ui->discover);
	ui->discover = NULL;
}
