/*
 * fuzz_urls.c: libFuzzer target for urls_parse() and urls_format_line().
 *
 * Checks, besides "no crash": every entry is an http, https or file URL
 * listed once, with clean, distinct, non-empty tags (none starting with
 * '~' or '!', at most URLS_MAX_TAGS) and a clean title; warnings are clean
 * and in line order; and writing every entry back with urls_format_line()
 * and reading that text again gives the same entries and no warning.
 * Must never print, run or open anything the input names.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_common.h"
#include "urls.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_locale();
	return 0;
}

static void
check_entry(const struct urls *u, const struct urls_entry *e)
{
	enum urls_url_kind kind;
	size_t i, j;

	if (e->url == NULL)
		fuzz_fail("entry without a URL");
	fuzz_check_text("url", e->url, 0, 1);
	kind = urls_classify(e->url);
	if (kind != URLS_URL_HTTP && kind != URLS_URL_FILE)
		fuzz_fail("entry URL of kind %d: %s", (int)kind, e->url);
	if (urls_find(u, e->url) != e)
		fuzz_fail("urls_find does not give the entry back: %s",
		    e->url);
	if (e->n_tags > URLS_MAX_TAGS)
		fuzz_fail("%zu tags", e->n_tags);
	for (i = 0; i < e->n_tags; i++) {
		fuzz_check_text("tag", e->tags[i], 0, 0);
		if (e->tags[i][0] == '\0' || e->tags[i][0] == '~' ||
		    e->tags[i][0] == '!')
			fuzz_fail("tag \"%s\" is empty or starts with ~ or !",
			    e->tags[i]);
		for (j = 0; j < i; j++)
			if (strcmp(e->tags[i], e->tags[j]) == 0)
				fuzz_fail("tag \"%s\" repeated", e->tags[i]);
	}
	if (e->title != NULL && e->title[0] == '\0')
		fuzz_fail("empty title instead of NULL");
	fuzz_check_text("title", e->title, 0, 0);
}

static void
check_list(const struct urls *u)
{
	size_t i;
	int line = 0;

	if (u == NULL)
		fuzz_fail("urls_parse returned NULL");
	if (u->n_entries > URLS_MAX_ENTRIES)
		fuzz_fail("%zu entries", u->n_entries);
	if (u->n_warnings > URLS_MAX_WARNINGS)
		fuzz_fail("%zu warnings", u->n_warnings);
	for (i = 0; i < u->n_entries; i++)
		check_entry(u, &u->entries[i]);
	for (i = 0; i < u->n_warnings; i++) {
		if (u->warnings[i].msg == NULL)
			fuzz_fail("warning %zu without a message", i);
		fuzz_check_text("warning", u->warnings[i].msg, 0, 0);
		if (u->warnings[i].line < line)
			fuzz_fail("warnings out of line order");
		line = u->warnings[i].line;
	}
}

static void
check_same_entry(const struct urls_entry *a, const struct urls_entry *b)
{
	size_t i;

	fuzz_check_same("url after format and re-read", a->url, b->url);
	fuzz_check_same("title after format and re-read", a->title,
	    b->title);
	if (a->hidden != b->hidden)
		fuzz_fail("hidden %d became %d: %s", a->hidden, b->hidden,
		    a->url);
	if (a->n_tags != b->n_tags)
		fuzz_fail("%zu tags became %zu: %s", a->n_tags, b->n_tags,
		    a->url);
	for (i = 0; i < a->n_tags; i++)
		fuzz_check_same("tag after format and re-read", a->tags[i],
		    b->tags[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct urls *u, *u2;
	struct buf b;
	char *line;
	size_t i;

	u = urls_parse((const char *)data, size);
	check_list(u);

	/* Format every entry and read the text back. */
	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (i = 0; i < u->n_entries; i++) {
		line = urls_format_line(&u->entries[i]);
		if (strchr(line, '\n') != NULL)
			fuzz_fail("formatted line holds a newline: %s", line);
		buf_puts(&b, line);
		buf_putc(&b, '\n');
		free(line);
	}
	u2 = urls_parse(b.data, b.len);
	check_list(u2);
	if (u2->n_warnings != 0)
		fuzz_fail("re-reading the formatted list warns: line %d: %s",
		    u2->warnings[0].line, u2->warnings[0].msg);
	if (u2->n_entries != u->n_entries)
		fuzz_fail("%zu entries formatted, %zu read back",
		    u->n_entries, u2->n_entries);
	for (i = 0; i < u->n_entries; i++)
		check_same_entry(&u->entries[i], &u2->entries[i]);
	urls_free(u2);
	urls_free(u);
	buf_free(&b);
	return 0;
}
