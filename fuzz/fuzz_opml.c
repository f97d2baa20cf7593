/*
 * fuzz_opml.c: libFuzzer target for opml_parse(), opml_merge() and
 * opml_export().
 *
 * Checks, besides "no crash": an import only ever yields http and https
 * URLs, each once, with clean tags and titles and clean warnings; merging
 * the import into itself adds nothing, and into nothing adds every feed;
 * and exporting the feeds and importing the export again gives the same
 * URLs, titles, hidden flags and tags (a ',' in a tag written as '_', as
 * opml_export documents). Must never print, or touch the disk or network.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "fuzz_common.h"
#include "opml.h"
#include "urls.h"
#include "util.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_locale();
	xmlInitParser();
	return 0;
}

static void
check_import(const struct opml *o)
{
	const struct urls *u = o->feeds;
	const struct urls_entry *e;
	size_t i, j;

	fuzz_check_text("opml title", o->title, 0, 1);
	if (o->title != NULL && o->title[0] == '\0')
		fuzz_fail("empty OPML title instead of NULL");
	if (u == NULL)
		fuzz_fail("no feed list");
	for (i = 0; i < u->n_entries; i++) {
		e = &u->entries[i];
		fuzz_check_text("url", e->url, 0, 1);
		if (urls_classify(e->url) != URLS_URL_HTTP)
			fuzz_fail("imported a URL that is not http(s): %s",
			    e->url);
		if (urls_find(u, e->url) != e)
			fuzz_fail("URL listed twice: %s", e->url);
		fuzz_check_text("title", e->title, 0, 0);
		if (e->n_tags > URLS_MAX_TAGS)
			fuzz_fail("%zu tags", e->n_tags);
		for (j = 0; j < e->n_tags; j++) {
			fuzz_check_text("tag", e->tags[j], 0, 0);
			if (e->tags[j][0] == '\0' || e->tags[j][0] == '~' ||
			    e->tags[j][0] == '!')
				fuzz_fail("tag \"%s\" empty or starting with "
				    "~ or !", e->tags[j]);
		}
	}
	for (i = 0; i < u->n_warnings; i++)
		fuzz_check_text("warning", u->warnings[i].msg, 0, 0);
}

static void
check_merge(const struct opml *o)
{
	struct opml_merge m;

	opml_merge(o->feeds, o, &m);
	if (m.add->n_entries != 0)
		fuzz_fail("merging an import into itself adds %zu feeds",
		    m.add->n_entries);
	opml_merge_free(&m);
	opml_merge(NULL, o, &m);
	if (m.add->n_entries != o->feeds->n_entries)
		fuzz_fail("merging into nothing adds %zu of %zu feeds",
		    m.add->n_entries, o->feeds->n_entries);
	opml_merge_free(&m);
}

/* The tags e should have after export and import: ',' as '_', once. */
static size_t
expected_tags(const struct urls_entry *e, char **out)
{
	size_t i, j, n = 0;
	char *t, *p;

	for (i = 0; i < e->n_tags; i++) {
		t = xstrdup(e->tags[i]);
		for (p = t; *p != '\0'; p++)
			if (*p == ',')
				*p = '_';
		for (j = 0; j < n; j++)
			if (strcmp(out[j], t) == 0)
				break;
		if (j < n)
			free(t);
		else
			out[n++] = t;
	}
	return n;
}

static void
check_same(const struct urls_entry *a, const struct urls_entry *b,
    const char *xml)
{
	char *want[URLS_MAX_TAGS];
	size_t n, i;

	fuzz_check_same("url after export and import", a->url, b->url);
	fuzz_check_same("title after export and import", a->title,
	    b->title);
	if (a->hidden != b->hidden)
		fuzz_fail("hidden %d became %d for %s in:\n%s", a->hidden,
		    b->hidden, a->url, xml);
	n = expected_tags(a, want);
	if (n != b->n_tags)
		fuzz_fail("%zu tags became %zu for %s in:\n%s", n, b->n_tags,
		    a->url, xml);
	for (i = 0; i < n; i++) {
		fuzz_check_same("tag after export and import", want[i],
		    b->tags[i]);
		free(want[i]);
	}
}

static void
check_export(const struct opml *o)
{
	struct opml *o2;
	FILE *fp;
	char *xml = NULL, err[512];
	size_t len = 0, i;
	int n;

	if ((fp = open_memstream(&xml, &len)) == NULL)
		abort();
	n = opml_export(fp, o->feeds, NULL, NULL, 0, err, sizeof err);
	fclose(fp);
	if (n < 0)
		fuzz_fail("opml_export failed: %s", err);
	if ((size_t)n != o->feeds->n_entries)
		fuzz_fail("exported %d of %zu feeds", n, o->feeds->n_entries);
	if (opml_parse(xml, len, &o2, err, sizeof err) == -1)
		fuzz_fail("own export does not import: %s\n%s", err, xml);
	check_import(o2);
	if (o2->feeds->n_entries != o->feeds->n_entries)
		fuzz_fail("%zu feeds exported, %zu imported back:\n%s",
		    o->feeds->n_entries, o2->feeds->n_entries, xml);
	for (i = 0; i < o->feeds->n_entries; i++)
		check_same(&o->feeds->entries[i], &o2->feeds->entries[i], xml);
	opml_free(o2);
	free(xml);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opml *o = NULL;
	char err[512];

	err[0] = '\0';
	if (opml_parse((const char *)data, size, &o, err, sizeof err) == -1) {
		if (o != NULL)
			fuzz_fail("opml_parse failed but set *out");
		fuzz_check_text("error", err, 0, 0);
		if (err[0] == '\0')
			fuzz_fail("opml_parse failed without a message");
		return 0;
	}
	check_import(o);
	check_merge(o);
	check_export(o);
	opml_free(o);
	return 0;
}
