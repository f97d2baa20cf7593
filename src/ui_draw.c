/*
 * ui_draw.c: putting text on the screen: every string is decoded, scrubbed
 * and cut to its pane by display width here, so nothing drawn can hold a
 * control character or run past the edge.
 *
 * Must never write to the terminal except through curses, and never draw
 * a character wider than the columns it was given.
 */
#include "config.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "conf.h"
#include "curses_compat.h"
#include "str.h"
#include "ui_int.h"
#include "util.h"

#define UI_ELLIPSIS 0x2026	/* … */

/* What a code point becomes on screen: 0 to drop it. */
static uint32_t
draw_map(const struct ui *ui, uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == 0xa0)
		return ' ';
	if (str_is_unsafe(cp))
		return 0;
	if (ui != NULL && !ui->utf8 && cp >= 0x80)
		return str_cp_width(cp) == 0 ? 0 : '?';
	return cp;
}

int
ui_fit(const char *s, size_t len, int maxw, size_t *bytes, int *cols)
{
	size_t i = 0, k, cut_bytes = 0;
	int w = 0, cw, cut_cols = 0;
	uint32_t cp;

	*bytes = 0;
	*cols = 0;
	if (maxw <= 0)
		return len == 0;
	while (i < len && s[i] != '\0') {
		if ((k = str_utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1;
		cp = draw_map(NULL, cp);
		cw = cp == 0 ? 0 : str_cp_width(cp);
		if (w + cw > maxw) {
			*bytes = cut_bytes;
			*cols = cut_cols;
			return 0;
		}
		w += cw;
		i += k;
		/* The last place where an ellipsis still fits after. */
		if (w <= maxw - 1) {
			cut_bytes = i;
			cut_cols = w;
		}
	}
	*bytes = i;
	*cols = w;
	return 1;
}

/* Bytes of the longest prefix of s of at most maxw columns. */
static size_t
prefix_cols(const char *s, size_t len, int maxw, int *cols)
{
	size_t i = 0, k;
	uint32_t cp;
	int w = 0, cw;

	while (i < len && s[i] != '\0') {
		if ((k = str_utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1;
		cp = draw_map(NULL, cp);
		cw = cp == 0 ? 0 : str_cp_width(cp);
		if (w + cw > maxw)
			break;
		w += cw;
		i += k;
	}
	*cols = w;
	return i;
}

/* Columns of the code point at s (k: its bytes), as ui_fit counts. */
static int
cp_cols(const char *s, size_t len, size_t *k)
{
	uint32_t cp;

	if ((*k = str_utf8_decode(s, len, &cp)) == 0)
		*k = 1;
	cp = draw_map(NULL, cp);
	return cp == 0 ? 0 : str_cp_width(cp);
}

int
ui_fit_mid(const char *s, size_t len, int maxw, size_t *head,
    size_t *tail)
{
	size_t i, k, n;
	int total = 0, hc, tw, w;

	len = strnlen(s, len);
	*head = 0;
	*tail = len;
	if (ui_fit(s, len, maxw, &n, &hc))
		return 1;
	if (maxw <= 1)
		return 0;
	/* The start gets the odd column: the host of a URL is there. */
	*head = prefix_cols(s, len, maxw - 1 - (maxw - 1) / 2, &hc);
	tw = maxw - 1 - hc;
	for (i = 0; i < len; i += k)
		total += cp_cols(s + i, len - i, &k);
	/* The end: the first place after head from which the rest fits. */
	for (i = 0, w = 0; i < len; i += k) {
		if (i >= *head && total - w <= tw)
			break;
		w += cp_cols(s + i, len - i, &k);
	}
	*tail = i;
	return 0;
}

size_t
ui_wrap_rows(const char *s, size_t len, int w, int indent, size_t *off,
    size_t max)
{
	size_t n = 0, a = 0, b;
	int cols, avail = w;

	len = strnlen(s, len);
	if (indent > w / 3)
		indent = 0;
	while (n < max && (a < len || n == 0)) {
		off[n++] = a;
		b = a + prefix_cols(s + a, len - a, avail, &cols);
		if (b == a && a < len) {
			/* A character wider than the row: it goes alone. */
			size_t k;

			cp_cols(s + a, len - a, &k);
			b = a + k;
		}
		a = b;
		avail = w - indent;
	}
	return n;
}

/* The look of byte off: a highlight's, or attr. */
static unsigned long
hl_attr(const struct ui_hl *hl, size_t nhl, size_t off, unsigned long attr)
{
	size_t i;

	for (i = 0; i < nhl; i++)
		if (off >= hl[i].so && off < hl[i].eo)
			return hl[i].attr;
	return attr;
}

/*
 * Draws up to len bytes of s at (y, x) in at most maxw columns; byte i of
 * s is byte base + i of the line the highlight ranges hl are about.
 */
static int
draw_run_hl(struct ui *ui, int y, int x, int maxw, const char *s,
    size_t len, unsigned long attr, const struct ui_hl *hl, size_t nhl,
    size_t base)
{
	wchar_t wbuf[256];
	size_t i = 0, k, nw = 0;
	int w = 0, cw;
	uint32_t cp;
	unsigned long cur = attr, a;

	if (maxw <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (x + maxw > COLS)
		maxw = COLS - x;
	if (nhl > 0)
		cur = hl_attr(hl, nhl, base, attr);
	attrset((attr_t)cur);
	move(y, x);
	while (i < len && s[i] != '\0') {
		if (nhl > 0 && (a = hl_attr(hl, nhl, base + i, attr)) != cur) {
			if (nw > 0)
				addnwstr(wbuf, (int)nw);
			nw = 0;
			cur = a;
			attrset((attr_t)cur);
		}
		if ((k = str_utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1;
		i += k;
		if ((cp = draw_map(ui, cp)) == 0)
			continue;
		cw = str_cp_width(cp);
		if (cw == 0 && w == 0 && nw == 0)
			continue;	/* a combining mark with no base */
		if (w + cw > maxw)
			break;
		if (nw + 1 >= UTIL_ARRAY_LEN(wbuf)) {
			addnwstr(wbuf, (int)nw);
			nw = 0;
		}
		wbuf[nw++] = (wchar_t)cp;
		w += cw;
	}
	if (nw > 0)
		addnwstr(wbuf, (int)nw);
	return w;
}

static int
draw_run(struct ui *ui, int y, int x, int maxw, const char *s, size_t len,
    unsigned long attr)
{
	return draw_run_hl(ui, y, x, maxw, s, len, attr, NULL, 0, 0);
}

static int
hl_cmp(const void *a, const void *b)
{
	const struct ui_hl *x = a, *y = b;

	return x->so < y->so ? -1 : x->so > y->so;
}

size_t
ui_hl_find(const struct ui *ui, unsigned where, const char *s, size_t len,
    unsigned long attr, struct ui_hl *v, size_t max)
{
	const struct conf *cf = ui->cfg->conf;
	size_t i, n = 0, off, k, keep;
	regmatch_t m;
	char *line;

	if (cf == NULL || cf->nhighlights == 0 || s == NULL || max == 0)
		return 0;
	line = xstrndup(s, len);
	for (i = 0; i < cf->nhighlights && n < max; i++) {
		const struct conf_highlight *h = &cf->highlights[i];
		/* The selection stays visible through a highlight. */
		unsigned long look = ui->hl_look[i] | (attr & (A_REVERSE |
		    A_UNDERLINE));

		if (!(h->where & where))
			continue;
		for (off = 0; off < len && n < max; ) {
			if (regexec(&h->re, line + off, 1, &m, off > 0 ?
			    REG_NOTBOL : 0) != 0)
				break;
			if (m.rm_eo <= m.rm_so) {
				/* An empty match: step over one byte. */
				off += (size_t)m.rm_so + 1;
				continue;
			}
			v[n].so = off + (size_t)m.rm_so;
			v[n].eo = off + (size_t)m.rm_eo;
			v[n].attr = look;
			n++;
			off += (size_t)m.rm_eo;
		}
	}
	free(line);
	/* Earlier lines of the config win where matches overlap. */
	qsort(v, n, sizeof(*v), hl_cmp);
	for (k = 0, keep = 0; k < n; k++) {
		if (keep > 0 && v[k].so < v[keep - 1].eo)
			continue;
		v[keep++] = v[k];
	}
	return keep;
}

int
ui_put_hl(struct ui *ui, int y, int x, int maxw, const char *s, size_t len,
    unsigned long attr, unsigned where)
{
	struct ui_hl hl[UI_MAX_HL];
	size_t nhl;

	if (s == NULL || maxw <= 0)
		return 0;
	nhl = ui_hl_find(ui, where, s, len, attr, hl, UI_MAX_HL);
	if (nhl == 0)
		return ui_put(ui, y, x, maxw, s, len, attr);
	return ui_put_hl_at(ui, y, x, maxw, s, len, attr, hl, nhl, 0);
}

/*
 * ui_put() with highlights found beforehand in a longer line, of which s
 * starts at byte base (a header's value after its label).
 */
int
ui_put_hl_at(struct ui *ui, int y, int x, int maxw, const char *s,
    size_t len, unsigned long attr, const struct ui_hl *hl, size_t nhl,
    size_t base)
{
	size_t bytes;
	int cols;

	if (s == NULL || maxw <= 0)
		return 0;
	if (ui_fit(s, len, maxw, &bytes, &cols))
		return draw_run_hl(ui, y, x, maxw, s, len, attr, hl, nhl, base);
	cols = draw_run_hl(ui, y, x, maxw - 1, s, bytes, attr, hl, nhl, base);
	return cols + draw_run(ui, y, x + cols, 1, ui->utf8 ?
	    "\xe2\x80\xa6" : "~", ui->utf8 ? 3 : 1, attr);
}

int
ui_put_raw_hl(struct ui *ui, int y, int x, int maxw, const char *s,
    size_t len, unsigned long attr, const struct ui_hl *hl, size_t nhl,
    size_t base)
{
	if (s == NULL)
		return 0;
	return draw_run_hl(ui, y, x, maxw, s, len, attr, hl, nhl, base);
}

int
ui_put_raw(struct ui *ui, int y, int x, int maxw, const char *s, size_t len,
    unsigned long attr)
{
	if (s == NULL)
		return 0;
	return draw_run(ui, y, x, maxw, s, len, attr);
}

int
ui_put(struct ui *ui, int y, int x, int maxw, const char *s, size_t len,
    unsigned long attr)
{
	size_t bytes;
	int cols;

	if (s == NULL || maxw <= 0)
		return 0;
	if (ui_fit(s, len, maxw, &bytes, &cols))
		return draw_run(ui, y, x, maxw, s, len, attr);
	cols = draw_run(ui, y, x, maxw - 1, s, bytes, attr);
	return cols + draw_run(ui, y, x + cols, 1, ui->utf8 ? "\xe2\x80\xa6" :
	    "~", ui->utf8 ? 3 : 1, attr);
}

int
ui_put_mid(struct ui *ui, int y, int x, int maxw, const char *s, size_t len,
    unsigned long attr)
{
	size_t head, tail;
	int cols;

	if (s == NULL || maxw <= 0)
		return 0;
	if (ui_fit_mid(s, len, maxw, &head, &tail))
		return draw_run(ui, y, x, maxw, s, len, attr);
	cols = draw_run(ui, y, x, maxw - 1, s, head, attr);
	cols += draw_run(ui, y, x + cols, 1, ui->utf8 ? "\xe2\x80\xa6" : "~",
	    ui->utf8 ? 3 : 1, attr);
	len = strnlen(s, len);
	return cols + draw_run(ui, y, x + cols, maxw - cols, s + tail,
	    len - tail, attr);
}

void
ui_fill(int y, int x, int w, unsigned long attr)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	attrset((attr_t)attr);
	mvhline(y, x, ' ', w);
}

char *
ui_clean_line(const char *s)
{
	if (s == NULL)
		return NULL;
	return str_clean(s, strlen(s), STR_FOLD_SPACE | STR_TRIM);
}

void
ui_date(int64_t t, int longform, char *buf, size_t len)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (t <= 0 || localtime_r(&tt, &tm) == NULL)
		return;
	if (strftime(buf, len, longform ? "%a, %d %b %Y %H:%M" : "%b %d",
	    &tm) == 0)
		buf[0] = '\0';
}
