/*
 * fuzz_feed.c: libFuzzer target for the feed parsers (RSS, RDF, Atom and
 * JSON Feed) through feed_parse() and feed_parser_push().
 *
 * Checks, besides "no crash": every string in the model is valid UTF-8,
 * trimmed, with no character str_is_unsafe() rejects (bodies may keep \n
 * and \t); lists stay within FEED_MAX_LIST; and pushing the same bytes in
 * two pieces, split at a point picked from the input's hash (and half the
 * time taking the items through the callback), gives the same result and
 * the same cli_feed_json() text as the one-piece parse. Must never print,
 * or touch the disk or network.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "buf.h"
#include "cli.h"
#include "feed.h"
#include "fuzz_common.h"
#include "util.h"

#define URL "https://example.com/feeds/news.xml"

/* Charsets as an HTTP Content-Type could name them; mostly none. */
static const char *const charsets[] = {
	NULL, NULL, NULL, NULL, "utf-8", "ISO-8859-1", "windows-1252",
	"x-no-such-charset"
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_locale();
	xmlInitParser();
	return 0;
}

static void
check_list(const char *what, char **list, size_t n)
{
	size_t i;

	if (n > FEED_MAX_LIST)
		fuzz_fail("%zu %s, over FEED_MAX_LIST", n, what);
	for (i = 0; i < n; i++) {
		if (list[i] == NULL)
			fuzz_fail("%s %zu is NULL", what, i);
		fuzz_check_text(what, list[i], 0, 1);
	}
}

static void
check_item(const struct feed_item *it)
{
	size_t i;

	fuzz_check_text("item title", it->title, 0, 1);
	fuzz_check_text("item link", it->link, 0, 1);
	fuzz_check_text("item guid", it->guid, 0, 1);
	fuzz_check_text("item author", it->author, 0, 1);
	fuzz_check_text("item summary", it->summary, 1, 1);
	fuzz_check_text("item content", it->content, 1, 1);
	fuzz_check_text("item comments", it->comments, 0, 1);
	fuzz_check_text("item image", it->image, 0, 1);
	fuzz_check_text("item duration", it->duration, 0, 1);
	check_list("authors", it->authors, it->n_authors);
	check_list("categories", it->categories, it->n_categories);
	if (it->n_enclosures > FEED_MAX_LIST)
		fuzz_fail("%zu enclosures", it->n_enclosures);
	for (i = 0; i < it->n_enclosures; i++) {
		if (it->enclosures[i].url == NULL)
			fuzz_fail("enclosure without a URL");
		fuzz_check_text("enclosure url", it->enclosures[i].url, 0, 1);
		fuzz_check_text("enclosure type", it->enclosures[i].type, 0,
		    1);
		if (it->enclosures[i].length < -1)
			fuzz_fail("enclosure length %lld",
			    (long long)it->enclosures[i].length);
	}
}

static void
check_feed(const struct feed *f)
{
	size_t i;

	if (f->n_items > FEED_MAX_ITEMS || f->n_items > f->items_cap)
		fuzz_fail("%zu items, cap %zu", f->n_items, f->items_cap);
	fuzz_check_text("feed title", f->title, 0, 1);
	fuzz_check_text("feed link", f->link, 0, 1);
	fuzz_check_text("feed description", f->description, 1, 1);
	fuzz_check_text("feed language", f->language, 0, 1);
	fuzz_check_text("feed author", f->author, 0, 1);
	fuzz_check_text("feed image", f->image, 0, 1);
	for (i = 0; i < f->n_items; i++)
		check_item(f->items[i]);
}

/* Items taken through the callback, kept in a feed of our own. */
static int
collect(void *arg, const struct feed *feed, struct feed_item *item)
{
	struct feed *mine = arg;

	check_item(item);
	if (feed_add_item(mine, item) == -1)
		feed_item_free(item);
	return 0;
}

/* Parses in two pushes; returns the JSON text or NULL when it failed. */
static char *
parse_split(const uint8_t *data, size_t size, size_t split,
    const char *charset, int use_cb)
{
	struct feed_parser *p;
	struct feed *mine = feed_new(), view;
	struct buf b;
	char err[512], *json = NULL;
	int rc;

	p = feed_parser_new(URL, charset, use_cb ? collect : NULL, mine);
	rc = feed_parser_push(p, (const char *)data, split);
	if (rc == 0)
		rc = feed_parser_push(p, (const char *)data + split,
		    size - split);
	if (rc == 0)
		rc = feed_parser_finish(p, err, sizeof err);
	if (rc == 0) {
		view = *feed_parser_feed(p);
		if (use_cb) {
			if (view.n_items != 0)
				fuzz_fail("callback mode collected %zu items",
				    view.n_items);
			view.items = mine->items;
			view.n_items = mine->n_items;
			view.items_cap = mine->items_cap;
		}
		check_feed(&view);
		buf_init(&b, 0);
		cli_feed_json(&b, &view);
		json = buf_detach(&b);
	}
	feed_parser_free(p);
	feed_free(mine);
	return json;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed *f;
	struct buf b;
	char err[512], *json = NULL, *json2;
	uint64_t h = util_hash64(data, size, 0);
	size_t split = (size_t)(h % (size + 1));
	const char *charset = charsets[(h >> 40) % UTIL_ARRAY_LEN(charsets)];
	int use_cb = (h >> 48) & 1;

	err[0] = '\0';
	f = feed_parse((const char *)data, size, URL, charset, err,
	    sizeof err);
	if (f == NULL) {
		if (err[0] == '\0')
			fuzz_fail("feed_parse failed without a message");
		fuzz_check_text("error", err, 0, 0);
	} else {
		check_feed(f);
		buf_init(&b, 0);
		cli_feed_json(&b, f);
		json = buf_detach(&b);
		feed_free(f);
	}

	json2 = parse_split(data, size, split, charset, use_cb);
	if ((json == NULL) != (json2 == NULL))
		fuzz_fail("one piece %s, split at %zu of %zu%s %s",
		    json ? "parses" : "fails", split, size,
		    use_cb ? " (callback)" : "", json2 ? "parses" : "fails");
	if (json != NULL && strcmp(json, json2) != 0) {
		fprintf(stderr, "split at %zu of %zu, charset %s%s\n", split,
		    size, charset ? charset : "none",
		    use_cb ? ", items through the callback" : "");
		fuzz_check_same("cli_feed_json of the split parse", json,
		    json2);
	}
	free(json);
	free(json2);
	return 0;
}
