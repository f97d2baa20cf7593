/*
 * ui_draw.c: putting text on the screen: every string is decoded, scrubbed
 * and cut to its pane by display width here, so nothing drawn can hold a
 * control character or run past the edge.
 *
 * Must never write to the terminal except through curses, and never draw
 * a character wider than the columns it was given.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

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

/* Draws up to len bytes of s at (y, x) in at most maxw columns. */
static int
draw_run(struct ui *ui, int y, int x, int maxw, const char *s, size_t len,
    unsigned long attr)
{
	wchar_t wbuf[256];
	size_t i = 0, k, nw = 0;
	int w = 0, cw;
	uint32_t cp;

	if (maxw <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (x + maxw > COLS)
		maxw = COLS - x;
	attrset((attr_t)attr);
	move(y, x);
	while (i < len && s[i] != '\0') {
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
