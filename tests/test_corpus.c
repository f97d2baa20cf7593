/*
 * test_corpus: every feed file of the shared corpus through the parser and
 * the HTML renderer in one process.
 *
 * tests/corpus_crash.sh runs the binary once per file (a crash or a
 * sanitizer report in any single run); this runs the same files in one
 * process, which makes two more checks cheap:
 *  - the parse must not depend on how the bytes arrive: the document pushed
 *    whole and pushed in 7-byte chunks must give the same items;
 *  - under the sanitizer build LeakSanitizer checks the whole process at
 *    exit, so a leak on any corpus input fails this test (a non-zero exit),
 *    where corpus_crash.sh leaves leak checking off for speed.
 * One TAP line per folder; skipped visibly without the corpus.
 */

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "feed.h"
#include "html.h"
#include "tap.h"

#define MAX_FILE	(8u << 20)	/* larger corpus files are skipped */
#define CHUNK		7

static const char *folders[] = {
	"feedparser/tests", "feedvalidator/testcases", "gofeed/testdata",
	"rss-parser/test/input", "newsboat/test/data", "rome",
};

struct tally {
	size_t	 files, read, items, bodies;
	size_t	 differ;
	char	 first_differ[512];
};
static struct tally tally;

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp;
	char *data;
	size_t n;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	data = malloc(MAX_FILE + 1);
	if (data == NULL) {
		fclose(fp);
		return NULL;
	}
	n = fread(data, 1, MAX_FILE + 1, fp);
	fclose(fp);
	if (n > MAX_FILE) {
		free(data);
		return NULL;
	}
	*len = n;
	return data;
}

static struct feed *
parse_chunked(const char *data, size_t len, const char *url)
{
	struct feed_parser *p;
	struct feed *f = NULL;
	char err[256];
	size_t off, n;

	p = feed_parser_new(url, NULL, NULL, NULL);
	for (off = 0; off < len; off += n) {
		n = len - off < CHUNK ? len - off : CHUNK;
		if (feed_parser_push(p, data + off, n) == -1)
			break;
	}
	if (feed_parser_finish(p, err, sizeof(err)) == 0)
		f = feed_parser_take(p);
	feed_parser_free(p);
	return f;
}

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Same items, in the same order, with the same text fields. */
static int
same_feed(const struct feed *a, const struct feed *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->n_items != b->n_items || !same_str(a->title, b->title))
		return 0;
	for (i = 0; i < a->n_items; i++) {
		const struct feed_item *x = a->items[i], *y = b->items[i];

		if (!same_str(x->title, y->title) ||
		    !same_str(x->link, y->link) ||
		    !same_str(x->guid, y->guid) ||
		    !same_str(x->summary, y->summary) ||
		    !same_str(x->content, y->content) ||
		    x->published != y->published || x->updated != y->updated)
			return 0;
	}
	return 1;
}

static void
render(const char *body, enum feed_content_type type, const char *base)
{
	struct html_doc *doc;
	struct html_lines *lines;

	if (body == NULL)
		return;
	doc = type == FEED_CONTENT_HTML ?
	    html_parse(body, strlen(body), base) :
	    html_parse_text(body, strlen(body));
	lines = html_layout(doc, 80, 0);
	html_lines_free(lines);
	lines = html_layout(doc, 33, 0);
	html_lines_free(lines);
	html_free(doc);
	tally.bodies++;
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct feed *whole, *chunked;
	char err[256], url[4200];
	char *data;
	size_t len, i;

	(void)ftw;
	if (type != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	tally.files++;
	if ((data = slurp(path, &len)) == NULL)
		return 0;
	snprintf(url, sizeof(url), "file://%s", path);
	whole = feed_parse(data, len, url, NULL, err, sizeof(err));
	chunked = parse_chunked(data, len, url);
	if (!same_feed(whole, chunked)) {
		if (tally.differ++ == 0)
			snprintf(tally.first_differ,
			    sizeof(tally.first_differ), "%s", path);
	}
	if (whole != NULL) {
		tally.read++;
		tally.items += whole->n_items;
		for (i = 0; i < whole->n_items; i++) {
			const struct feed_item *it = whole->items[i];

			render(it->content, it->content_type, it->link);
			render(it->summary, it->summary_type, it->link);
		}
	}
	feed_free(whole);
	feed_free(chunked);
	free(data);
	return 0;
}

int
main(void)
{
	const char *root = getenv("TIDINGS_CORPUS");
	char dir[4096];
	size_t i;

	if (root == NULL || *root == '\0') {
		printf("1..0 # SKIP TIDINGS_CORPUS is not set\n");
		return 0;
	}
	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		struct stat st;

		snprintf(dir, sizeof(dir), "%s/%s", root, folders[i]);
		if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
			tap_skip("%s absent (set TIDINGS_CORPUS)", dir);
			continue;
		}
		memset(&tally, 0, sizeof(tally));
		nftw(dir, visit, 16, FTW_PHYS);
		tap_ok(tally.files > 0 && tally.differ == 0,
		    "%s: %zu files, %zu read, %zu items, %zu bodies rendered; "
		    "pushed whole and in %d-byte chunks alike", folders[i],
		    tally.files, tally.read, tally.items, tally.bodies, CHUNK);
		if (tally.differ > 0)
			printf("#   %zu files differ, first: %s\n",
			    tally.differ, tally.first_differ);
	}
	return tap_done();
}
