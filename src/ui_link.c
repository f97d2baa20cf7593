/*
 * ui_link.c: OSC 8 hyperlinks, so that a link in the article view (its
 * text, its [N] mark, its line in the link list, the Link: header and the
 * URL list) can be clicked where the terminal supports them.
 *
 * curses has no notion of them, so drawing records where each link was
 * put (ui_link_add); once refresh() has brought the terminal up to date,
 * ui_links_emit() writes those cells again, exactly as curses left them
 * (read back from stdscr), between ESC ] 8 ; ; URL ESC \ and ESC ] 8 ; ;
 * ESC \, then puts the cursor and the attributes back where curses
 * believes they are. Cells that held a link in the last frame and do not
 * now are written again without one, since a terminal keeps a link on a
 * cell until the cell is written.
 *
 * Must never put a byte of a URL on the terminal that is not printable
 * ASCII (everything else is percent-encoded), and never write anything
 * when hyperlinks are off.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "buf.h"
#include "curses_compat.h"
#include "str.h"
#include "ui_int.h"
#include "util.h"

#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/term.h>
#elif defined(HAVE_NCURSES_CURSES_H)
#include <ncurses/term.h>
#else
#include <term.h>
#endif

static const char osc8_close[] = "\033]8;;\033\\";

size_t
ui_osc8_open(char *buf, size_t len, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	size_t n = 0;

	if (url == NULL || *url == '\0' || len < sizeof("\033]8;;\033\\"))
		return 0;
	memcpy(buf, "\033]8;;", 5);
	n = 5;
	for (p = (const unsigned char *)url; *p != '\0'; p++) {
		/* Room for "%XX" and the closing ESC \ and NUL. */
		if (n + 3 + 3 > len)
			return 0;
		if (*p > 0x20 && *p < 0x7f)
			buf[n++] = (char)*p;
		else {
			buf[n++] = '%';
			buf[n++] = hex[*p >> 4];
			buf[n++] = hex[*p & 0x0f];
		}
		if (n - 5 > UI_OSC8_MAX_URL)
			return 0;
	}
	buf[n++] = '\033';
	buf[n++] = '\\';
	buf[n] = '\0';
	return n;
}

int
ui_osc8_auto(const char *(*get)(const char *))
{
	static const char *const progs[] = { "iTerm.app", "WezTerm",
	    "vscode", "ghostty", "Tabby", "rio" };
	static const char *const terms[] = { "xterm-kitty", "foot",
	    "wezterm", "alacritty", "xterm-ghostty", "contour", "rio" };
	const char *term = get("TERM"), *v;
	size_t i;

	/* The Linux console and GNU screen show an unknown OSC as text. */
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0 ||
	    strcmp(term, "linux") == 0 || get("STY") != NULL)
		return 0;
	if ((v = get("VTE_VERSION")) != NULL && atoi(v) >= 5000)
		return 1;
	if (get("KITTY_WINDOW_ID") != NULL || get("WT_SESSION") != NULL ||
	    get("WEZTERM_EXECUTABLE") != NULL)
		return 1;
	if ((v = get("TERM_PROGRAM")) != NULL)
		for (i = 0; i < UTIL_ARRAY_LEN(progs); i++)
			if (strcmp(v, progs[i]) == 0)
				return 1;
	for (i = 0; i < UTIL_ARRAY_LEN(terms); i++)
		if (strncmp(term, terms[i], strlen(terms[i])) == 0)
			return 1;
	return 0;
}

void
ui_links_begin(struct ui *ui)
{
	struct ui_links *l = &ui->links;
	struct ui_link *t;
	size_t tc;

	/* This frame's list becomes the last one; its URLs are not kept. */
	t = l->prev;
	tc = l->prev_cap;
	l->prev = l->cur;
	l->prev_cap = l->cur_cap;
	l->nprev = l->ncur;
	l->cur = t;
	l->cur_cap = tc;
	l->ncur = 0;
}

void
ui_link_add(struct ui *ui, int y, int x, int w, const char *url)
{
	struct ui_links *l = &ui->links;
	struct ui_link *last;

	if (!ui->hyperlinks || w <= 0 || url == NULL ||
	    !ui_url_openable(url))
		return;
	if (l->ncur > 0) {
		last = &l->cur[l->ncur - 1];
		/*
		 * A link's text and its [N] mark are one link, and so are
		 * "[N]", the space and the URL in the link list.
		 */
		if (last->y == y && x >= last->x + last->w &&
		    x <= last->x + last->w + 1 &&
		    (last->url == url || strcmp(last->url, url) == 0)) {
			last->w = x + w - last->x;
			return;
		}
	}
	if (l->ncur == UI_MAX_LINK_CELLS)
		return;
	if (l->ncur == l->cur_cap) {
		l->cur_cap = l->cur_cap ? l->cur_cap * 2 : 32;
		l->cur = xreallocarray(l->cur, l->cur_cap, sizeof(*l->cur));
	}
	l->cur[l->ncur].y = y;
	l->cur[l->ncur].x = x;
	l->cur[l->ncur].w = w;
	l->cur[l->ncur].url = url;
	l->ncur++;
}

/* Where tputs() and vid_puts() write: one frame's bytes. */
static struct buf *link_out;

static int
link_putc(int c)
{
	buf_putc(link_out, (char)c);
	return c;
}

/* Writes the cells of one region again, as stdscr holds them. */
static void
link_cells(const struct ui *ui, const struct ui_link *r)
{
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	int c = r->x, cw;
	size_t i;
	char u8[4];

	/* The cursor first: the link starts where the pen is. */
	tputs(tiparm(cursor_address, r->y, r->x), 1, link_putc);
	while (c < r->x + r->w && c < COLS) {
		memset(wch, 0, sizeof(wch));
		if (mvwin_wch(stdscr, r->y, c, &cc) == ERR ||
		    getcchar(&cc, wch, &a, &pair, NULL) == ERR)
			break;
		vid_puts(a, pair, NULL, link_putc);
		for (i = 0; i < CCHARW_MAX && wch[i] != 0; i++) {
			uint32_t cp = (uint32_t)wch[i];

			/* Only what ui_draw.c put there: nothing unsafe. */
			if (str_is_unsafe(cp) || cp < 0x20)
				cp = ' ';
			if (!ui->utf8 && cp >= 0x80)
				cp = '?';
			buf_append(link_out, u8, str_utf8_encode(cp, u8));
		}
		cw = wcwidth(wch[0]);
		c += cw > 0 ? cw : 1;
	}
}

static int
link_same(const struct ui_link *a, const struct ui_link *b)
{
	return a->y == b->y && a->x == b->x && a->w == b->w;
}

void
ui_links_emit(struct ui *ui)
{
	struct ui_links *l = &ui->links;
	char open[UI_OSC8_MAX_URL + 16];
	struct buf b;
	size_t i, j;
	int cy, cx, sy, sx;
	ssize_t w;
	const char *p;

	if (!ui->hyperlinks || (l->ncur == 0 && l->nprev == 0) ||
	    cursor_address == NULL)
		return;
	buf_init(&b, 0);
	link_out = &b;
	getyx(stdscr, sy, sx);
	for (i = 0; i < l->nprev; i++) {
		for (j = 0; j < l->ncur; j++)
			if (link_same(&l->prev[i], &l->cur[j]))
				break;
		if (j == l->ncur && l->prev[i].y < LINES)
			link_cells(ui, &l->prev[i]);
	}
	for (i = 0; i < l->ncur; i++) {
		if (ui_osc8_open(open, sizeof(open), l->cur[i].url) == 0)
			continue;
		buf_puts(&b, open);
		link_cells(ui, &l->cur[i]);
		buf_puts(&b, osc8_close);
	}
	/* Back to what curses believes: normal attributes, its cursor. */
	vid_puts(A_NORMAL, 0, NULL, link_putc);
	getyx(curscr, cy, cx);
	tputs(tiparm(cursor_address, cy, cx), 1, link_putc);
	wmove(stdscr, sy, sx);
	link_out = NULL;
	for (p = b.data, i = b.len; i > 0; p += w, i -= (size_t)w)
		if ((w = write(STDOUT_FILENO, p, i)) <= 0)
			break;
	buf_free(&b);
}

void
ui_links_free(struct ui_links *l)
{
	free(l->cur);
	free(l->prev);
	memset(l, 0, sizeof(*l));
}
