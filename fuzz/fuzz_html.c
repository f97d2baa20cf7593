/*
 * fuzz_html.c: libFuzzer target for html_parse(), html_parse_text() and
 * html_layout().
 *
 * The input is read both as HTML and as plain text, and each document is
 * laid out at width 80 and at one width from 1 to 79 picked by the
 * input's hash (which also decides whether the link list is appended).
 * Every line must be no wider than the width, carry the right width and
 * length, be valid UTF-8 without unsafe characters, and have its spans in
 * order inside it; every numbered link must exist and be clean. Must
 * never print, or read anything but its input.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "fuzz_common.h"
#include "html.h"
#include "util.h"

#define BASE "https://example.com/dir/page.html"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_locale();
	xmlInitParser();
	return 0;
}

static void
check_lines(const struct html_lines *l, int width, const char *how)
{
	const struct html_line *ln;
	size_t i, j, end;

	if (l == NULL)
		fuzz_fail("%s: html_layout returned NULL", how);
	if (width < 1 && l->n != 0)
		fuzz_fail("%s: %zu lines at width %d", how, l->n, width);
	if (l->n > HTML_MAX_LINES + 1000)
		fuzz_fail("%s: %zu lines, over HTML_MAX_LINES", how, l->n);
	for (i = 0; i < l->n; i++) {
		ln = &l->line[i];
		if (ln->width > width)
			fuzz_fail("%s: line %zu is %d wide at width %d: %s",
			    how, i, ln->width, width, ln->text);
		if (ln->width < 0 || (size_t)ln->width != str_width(ln->text))
			fuzz_fail("%s: line %zu width field %d, text %zu: %s",
			    how, i, ln->width, str_width(ln->text), ln->text);
		if (strlen(ln->text) != ln->len)
			fuzz_fail("%s: line %zu len %zu, strlen %zu", how, i,
			    ln->len, strlen(ln->text));
		if (ln->indent < 0 || ln->indent > width)
			fuzz_fail("%s: line %zu indent %d at width %d", how,
			    i, ln->indent, width);
		fuzz_check_text("line", ln->text, 0, 0);
		end = 0;
		for (j = 0; j < ln->nspans; j++) {
			if (ln->spans[j].off < end || ln->spans[j].len == 0 ||
			    ln->spans[j].off + ln->spans[j].len > ln->len)
				fuzz_fail("%s: line %zu span %zu [%zu,+%zu) "
				    "out of order or outside %zu bytes", how,
				    i, j, ln->spans[j].off, ln->spans[j].len,
				    ln->len);
			end = ln->spans[j].off + ln->spans[j].len;
		}
	}
}

static void
check_doc(const struct html_doc *doc, uint64_t h, const char *what)
{
	/* 80 each time, and one of these picked by the hash. */
	static const int widths[] = { 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 79 };
	struct html_lines *l;
	char how[64];
	int n, i, width, flags;
	char *text;

	if (doc == NULL)
		fuzz_fail("%s: parse returned NULL", what);
	n = html_link_count(doc);
	if (n < 0 || n > HTML_MAX_LINKS)
		fuzz_fail("%s: %d links", what, n);
	for (i = 1; i <= n; i++) {
		if (html_link(doc, i) == NULL)
			fuzz_fail("%s: link %d of %d is NULL", what, i, n);
		fuzz_check_text("link", html_link(doc, i), 0, 0);
	}
	if (html_link(doc, n + 1) != NULL || html_link(doc, 0) != NULL)
		fuzz_fail("%s: a link outside 1..%d exists", what, n);
	for (i = 0; i < 2; i++) {
		width = i == 0 ? 80 : widths[h % UTIL_ARRAY_LEN(widths)];
		flags = (h >> (8 + i)) & 1 ? HTML_LAYOUT_LINKS : 0;
		snprintf(how, sizeof how, "%s at width %d%s", what, width,
		    flags ? " with links" : "");
		l = html_layout(doc, width, flags);
		check_lines(l, width, how);
		if (i == 1) {
			text = html_lines_text(l);
			if (text == NULL)
				fuzz_fail("%s: html_lines_text NULL", how);
			free(text);
		}
		html_lines_free(l);
	}
	l = html_layout(doc, 0, 0);
	check_lines(l, 0, what);
	html_lines_free(l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_doc *doc;
	uint64_t h = util_hash64(data, size, 0);

	/* Half the inputs without a base URL: relative links stay. */
	doc = html_parse((const char *)data, size, (h >> 20) & 1 ? BASE :
	    NULL);
	check_doc(doc, h, "html");
	html_free(doc);

	doc = html_parse_text((const char *)data, size);
	check_doc(doc, h >> 3, "text");
	html_free(doc);
	return 0;
}
