/*
 * ui_color.c: the looks of the screen's parts (newsboat's "color"
 * elements), of highlight and highlight-article, as curses attributes:
 * colour pairs are made here, once, when the interface starts.
 *
 * Must never use a colour when NO_COLOR is set (the attributes of the
 * config still apply), and never ask curses for a colour or a pair the
 * terminal does not have: those fall back to the terminal's default.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "curses_compat.h"
#include "ui_int.h"
#include "util.h"

/* Pairs made so far: (fg, bg) of pair i + 1. */
static struct {
	short	 fg, bg;
} pairs[256];
static int npairs;

/* The pair for fg on bg, made on first use; 0 when none is left. */
static int
pair_for(int fg, int bg)
{
	int i;

	if (fg >= COLORS)
		fg = -1;
	if (bg >= COLORS)
		bg = -1;
	if (fg == -1 && bg == -1)
		return 0;
	for (i = 0; i < npairs; i++)
		if (pairs[i].fg == fg && pairs[i].bg == bg)
			return i + 1;
	if (npairs >= (int)UTIL_ARRAY_LEN(pairs) || npairs + 1 >= COLOR_PAIRS)
		return 0;
	if (init_pair((short)(npairs + 1), (short)fg, (short)bg) == ERR)
		return 0;
	pairs[npairs].fg = (short)fg;
	pairs[npairs].bg = (short)bg;
	return ++npairs;
}

static unsigned long
conf_attrs(unsigned a)
{
	unsigned long r = A_NORMAL;

	if (a & CONF_A_STANDOUT)
		r |= A_STANDOUT;
	if (a & CONF_A_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & CONF_A_REVERSE)
		r |= A_REVERSE;
	if (a & CONF_A_BLINK)
		r |= A_BLINK;
	if (a & CONF_A_DIM)
		r |= A_DIM;
	if (a & CONF_A_BOLD)
		r |= A_BOLD;
	if (a & CONF_A_PROTECT)
		r |= A_PROTECT;
	if (a & CONF_A_INVIS)
		r |= A_INVIS;
	return r;
}

/*
 * The attributes for a colour line. "default" takes the background
 * element's colour when that was set, as the rest of the screen does.
 */
static unsigned long
look_of(const struct ui *ui, const struct conf_color *c)
{
	const struct conf_color *bg = ui->cfg->conf != NULL ?
	    &ui->cfg->conf->colors[CONF_EL_BACKGROUND] : NULL;
	unsigned long r = conf_attrs(c->attrs);
	int f = c->fg, b = c->bg, p;

	if (!ui->colors)
		return r;
	if (bg != NULL && bg->set) {
		if (f == CONF_COLOR_DEFAULT)
			f = bg->fg;
		if (b == CONF_COLOR_DEFAULT)
			b = bg->bg;
	}
	if ((p = pair_for(f, b)) > 0)
		r |= COLOR_PAIR(p);
	return r;
}

/* The built-in look of an element the config did not set. */
static unsigned long
look_default(struct ui *ui, enum conf_element e)
{
	switch (e) {
	case CONF_EL_LISTFOCUS:
	case CONF_EL_INFO:
	case CONF_EL_HINT_KEY:
	case CONF_EL_HINT_DELIM:
	case CONF_EL_HINT_SEP:
	case CONF_EL_HINT_DESC:
		return A_REVERSE;
	case CONF_EL_LISTNORMAL_UNREAD:
		return A_BOLD;
	case CONF_EL_LISTFOCUS_UNREAD:
		return A_REVERSE | A_BOLD;
	case CONF_EL_TITLE:
		return A_REVERSE | A_BOLD;
	case CONF_EL_END_OF_TEXT:
		return ui->colors && pair_for(COLOR_BLUE, -1) > 0 ?
		    COLOR_PAIR(pair_for(COLOR_BLUE, -1)) | A_BOLD : A_DIM;
	case CONF_EL_ARTICLE_LINK:
		return ui->colors && pair_for(COLOR_CYAN, -1) > 0 ?
		    COLOR_PAIR(pair_for(COLOR_CYAN, -1)) : A_UNDERLINE;
	case CONF_EL_ARTICLE_MARK:
		return ui->colors && pair_for(COLOR_YELLOW, -1) > 0 ?
		    COLOR_PAIR(pair_for(COLOR_YELLOW, -1)) : A_DIM;
	case CONF_EL_ARTICLE_QUOTE:
		return ui->colors && pair_for(COLOR_GREEN, -1) > 0 ?
		    COLOR_PAIR(pair_for(COLOR_GREEN, -1)) : A_DIM;
	default:
		return A_NORMAL;
	}
}

void
ui_colors_init(struct ui *ui)
{
	const struct conf *cf = ui->cfg->conf;
	size_t i;

	npairs = 0;
	ui->colors = 0;
	if (has_colors() && (cf == NULL || !cf->no_color)) {
		start_color();
		use_default_colors();
		ui->colors = 1;
	}
	/*
	 * Without colours a look the config made of colours would vanish
	 * (an "info" bar in white on red becomes plain text): the built-in
	 * looks, made of attributes, stay.
	 */
	for (i = 0; i < CONF_EL_COUNT; i++) {
		if (cf != NULL && cf->colors[i].set && ui->colors)
			ui->look[i] = look_of(ui, &cf->colors[i]);
		else
			ui->look[i] = look_default(ui, (enum conf_element)i);
	}
	/* Unset parts follow the parts newsboat derives them from. */
	if (cf != NULL && ui->colors) {
		if (!cf->colors[CONF_EL_TITLE].set &&
		    cf->colors[CONF_EL_INFO].set)
			ui->look[CONF_EL_TITLE] = ui->look[CONF_EL_INFO] |
			    A_BOLD;
		for (i = CONF_EL_HINT_KEY; i <= CONF_EL_HINT_DESC; i++)
			if (!cf->colors[i].set)
				ui->look[i] = ui->look[CONF_EL_INFO];
		if (!cf->colors[CONF_EL_LISTFOCUS_UNREAD].set &&
		    cf->colors[CONF_EL_LISTFOCUS].set)
			ui->look[CONF_EL_LISTFOCUS_UNREAD] =
			    ui->look[CONF_EL_LISTFOCUS] | A_BOLD;
		if (!cf->colors[CONF_EL_LISTNORMAL_UNREAD].set &&
		    cf->colors[CONF_EL_LISTNORMAL].set)
			ui->look[CONF_EL_LISTNORMAL_UNREAD] =
			    ui->look[CONF_EL_LISTNORMAL] | A_BOLD;
	}
	free(ui->hl_look);
	free(ui->hla_look);
	ui->hl_look = NULL;
	ui->hla_look = NULL;
	if (cf == NULL)
		return;
	ui->hl_look = xcalloc(cf->nhighlights + 1, sizeof(*ui->hl_look));
	/* Without colours, a highlight is its attributes, or bold. */
	for (i = 0; i < cf->nhighlights; i++) {
		ui->hl_look[i] = look_of(ui, &cf->highlights[i].color);
		if (!ui->colors && ui->hl_look[i] == A_NORMAL)
			ui->hl_look[i] = A_BOLD;
	}
	ui->hla_look = xcalloc(cf->nhl_articles + 1, sizeof(*ui->hla_look));
	for (i = 0; i < cf->nhl_articles; i++) {
		ui->hla_look[i] = look_of(ui, &cf->hl_articles[i].color);
		if (!ui->colors && ui->hla_look[i] == A_NORMAL)
			ui->hla_look[i] = A_BOLD;
	}
	if (cf->colors[CONF_EL_BACKGROUND].set && ui->colors)
		bkgdset((chtype)(ui->look[CONF_EL_BACKGROUND] | ' '));
}

void
ui_colors_free(struct ui *ui)
{
	free(ui->hl_look);
	free(ui->hla_look);
	ui->hl_look = NULL;
	ui->hla_look = NULL;
}

unsigned long
ui_row_look(const struct ui *ui, int selected, int focused, int unread)
{
	if (selected && focused)
		return ui->look[unread ? CONF_EL_LISTFOCUS_UNREAD :
		    CONF_EL_LISTFOCUS];
	return ui->look[unread ? CONF_EL_LISTNORMAL_UNREAD :
	    CONF_EL_LISTNORMAL] | (selected ? A_UNDERLINE : 0);
}
