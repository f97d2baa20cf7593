/*
 * ui_hooks.c: the user's own programs the config names: bookmark-cmd (^B)
 * gets an article's URL, title, a description and its feed's title;
 * notify-program hears how many new articles a reload brought.
 *
 * Must never build a shell command: every value is one argv element of
 * a program run by ui_exec.c with execvp, and only the config (the
 * user's own file) names the program.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "store.h"
#include "str.h"
#include "ui_int.h"
#include "util.h"

#define UI_HOOK_OUT	512	/* bytes of bookmark-cmd's output shown */

/* The article waiting for its description at the prompt. */
static int64_t bookmark_id;

static void
bookmark_done(struct ui *ui, const char *answer)
{
	const struct conf *cf = ui->cfg->conf;
	const struct feed_item *it;
	char out[UI_HOOK_OUT], err[256], *argv[6], *title, *desc, *feed;
	char *nl;
	int fi, rc;

	if (ui->art.si == NULL || ui->art.id != bookmark_id ||
	    cf == NULL || cf->bookmark_cmd == NULL)
		return;
	it = &ui->art.si->item;
	fi = ui_feed_by_id(ui, ui->art.si->feed_id);
	/* Feed strings arrive clean and on one line, the URL as stored. */
	title = ui_clean_line(it->title != NULL ? it->title : "");
	desc = ui_clean_line(answer);
	feed = xstrdup(fi >= 0 ? ui->feeds[fi].title : "");
	argv[0] = cf->bookmark_cmd;
	argv[1] = it->link != NULL ? it->link : "";
	argv[2] = title;
	argv[3] = desc;
	argv[4] = feed;
	argv[5] = NULL;
	rc = ui_exec_capture(argv, out, sizeof(out), err, sizeof(err));
	if ((nl = strchr(out, '\n')) != NULL)
		*nl = '\0';
	if (rc == -1)
		ui_error(ui, "bookmark-cmd: %s", err);
	else if (rc != 0)
		ui_error(ui, "bookmark-cmd exited with status %d%s%s", rc,
		    out[0] ? ": " : "", out);
	else if (out[0] != '\0')
		ui_status(ui, "Bookmarked: %s", out);
	else
		ui_status(ui, "Bookmarked %s", title);
	free(title);
	free(desc);
	free(feed);
}

void
ui_act_bookmark(struct ui *ui, int key)
{
	const struct conf *cf = ui->cfg->conf;

	if (cf == NULL || cf->bookmark_cmd == NULL) {
		ui_error(ui, "No bookmark-cmd in the config file");
		return;
	}
	if (ui_need_article(ui) == -1)
		return;
	if (ui->art.si->item.link == NULL) {
		ui_error(ui, "The article has no link to bookmark");
		return;
	}
	bookmark_id = ui->art.id;
	ui_prompt_line(ui, "Bookmark description: ", NULL, bookmark_done);
}

int
ui_notify_program(const struct conf *cf, int64_t new_items, int64_t unread,
    char *err, size_t errlen)
{
	char *argv[3], *msg;
	int rc;

	if (cf == NULL || cf->notify_program == NULL || new_items <= 0)
		return 0;
	msg = xasprintf("tidings: %lld new %s", (long long)new_items,
	    util_plural(new_items, "article", "articles"));
	if (unread >= 0) {
		char *m = xasprintf("%s, %lld unread", msg, (long long)unread);

		free(msg);
		msg = m;
	}
	argv[0] = cf->notify_program;
	argv[1] = msg;
	argv[2] = NULL;
	rc = ui_exec_spawn(argv, err, errlen);
	free(msg);
	return rc;
}

void
ui_notify(struct ui *ui, int64_t new_items)
{
	char err[256];
	int64_t unread = 0;
	size_t i;

	/* As the title bar counts: a query feed's articles are in theirs. */
	for (i = 0; i < ui->nfeeds; i++)
		if (ui->feeds[i].query == NULL)
			unread += ui->feeds[i].unread;
	if (ui_notify_program(ui->cfg->conf, new_items, unread, err,
	    sizeof(err)) == -1)
		ui_error(ui, "notify-program: %s", err);
}
