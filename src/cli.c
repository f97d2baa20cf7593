/*
 * cli.c: non-interactive commands (--dump-feed and friends).
 * Must never start curses; output is plain text or JSON on stdout.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "date.h"
#include "feed.h"
#include "json.h"
#include "str.h"
#include "util.h"

static void
put_key(struct buf *b, const char *key, int *first)
{
	if (!*first)
		buf_putc(b, ',');
	*first = 0;
	json_put_string(b, key);
	buf_putc(b, ':');
}

static void
put_str(struct buf *b, const char *key, const char *val, int *first)
{
	put_key(b, key, first);
	if (val == NULL)
		json_put_null(b);
	else
		json_put_string(b, val);
}

static void
put_date(struct buf *b, const char *key, int64_t t, int *first)
{
	char iso[32];

	put_key(b, key, first);
	if (t == DATE_NONE) {
		json_put_null(b);
		return;
	}
	date_format_iso(t, iso, sizeof iso);
	json_put_string(b, iso);
}

static void
put_list(struct buf *b, const char *key, char **list, size_t n, int *first)
{
	size_t i;

	put_key(b, key, first);
	buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		json_put_string(b, list[i]);
	}
	buf_putc(b, ']');
}

static const char *
content_type_name(enum feed_content_type t)
{
	switch (t) {
	case FEED_CONTENT_HTML:
		return "html";
	case FEED_CONTENT_TEXT:
		return "text";
	default:
		return NULL;
	}
}

static void
item_json(struct buf *b, const struct feed_item *it)
{
	int first = 1;
	size_t i;

	buf_putc(b, '{');
	put_str(b, "title", it->title, &first);
	put_str(b, "link", it->link, &first);
	put_str(b, "guid", it->guid, &first);
	put_date(b, "published", it->published, &first);
	put_date(b, "updated", it->updated, &first);
	put_str(b, "author", it->author, &first);
	put_list(b, "authors", it->authors, it->n_authors, &first);
	put_str(b, "summary", it->summary, &first);
	put_str(b, "summary_type", it->summary ?
	    content_type_name(it->summary_type) : NULL, &first);
	put_str(b, "content", it->content, &first);
	put_str(b, "content_type", it->content ?
	    content_type_name(it->content_type) : NULL, &first);
	put_key(b, "enclosures", &first);
	buf_putc(b, '[');
	for (i = 0; i < it->n_enclosures; i++) {
		const struct feed_enclosure *e = &it->enclosures[i];
		int f2 = 1;

		if (i > 0)
			buf_putc(b, ',');
		buf_putc(b, '{');
		put_str(b, "url", e->url, &f2);
		put_str(b, "type", e->type, &f2);
		put_key(b, "length", &f2);
		if (e->length < 0)
			json_put_null(b);
		else
			json_put_int(b, e->length);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	put_list(b, "categories", it->categories, it->n_categories, &first);
	put_str(b, "comments", it->comments, &first);
	put_str(b, "image", it->image, &first);
	put_str(b, "duration", it->duration, &first);
	buf_putc(b, '}');
}

void
cli_feed_json(struct buf *b, const struct feed *f)
{
	int first = 1;
	size_t i;

	buf_putc(b, '{');
	put_str(b, "format", feed_format_name(f->format), &first);
	put_str(b, "title", f->title, &first);
	put_str(b, "link", f->link, &first);
	put_str(b, "description", f->description, &first);
	put_str(b, "language", f->language, &first);
	put_date(b, "updated", f->updated, &first);
	put_str(b, "author", f->author, &first);
	put_str(b, "image", f->image, &first);
	put_key(b, "items", &first);
	buf_puts(b, "[\n");
	for (i = 0; i < f->n_items; i++) {
		item_json(b, f->items[i]);
		buf_puts(b, i + 1 < f->n_items ? ",\n" : "\n");
	}
	buf_puts(b, "]}\n");
}

/* Reads a file or stdin into the parser as it comes, in 64 KiB steps. */
static int
parse_stream(FILE *fp, struct feed_parser *p, char *err, size_t errlen)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (feed_parser_push(p, chunk, n) == -1)
			break;
	if (ferror(fp)) {
		util_errf(err, errlen, "read error: %s", strerror(errno));
		return -1;
	}
	return feed_parser_finish(p, err, errlen);
}

int
cli_dump_feed(const char *source)
{
	struct feed_parser *p;
	struct buf out;
	char err[256] = "", *url = NULL, *clean;
	FILE *fp;
	int rc;

	if (strcmp(source, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(source, "rb")) == NULL) {
		clean = str_clean(source, strlen(source), 0);
		fprintf(stderr, "tidings: %s: %s\n", clean, strerror(errno));
		free(clean);
		return 1;
	}
	/* A file's place on disk is not the feed's address: no base URL. */
	p = feed_parser_new(url, NULL, NULL, NULL);
	rc = parse_stream(fp, p, err, sizeof err);
	if (fp != stdin)
		fclose(fp);
	if (rc == -1) {
		clean = str_clean(source, strlen(source), 0);
		fprintf(stderr, "tidings: %s: %s\n", clean, err);
		free(clean);
		feed_parser_free(p);
		free(url);
		return 1;
	}
	buf_init(&out, 0);
	cli_feed_json(&out, feed_parser_feed(p));
	fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	feed_parser_free(p);
	free(url);
	return fflush(stdout) == 0 ? 0 : 1;
}
