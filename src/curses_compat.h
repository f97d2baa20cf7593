/*
 * curses_compat.h: the one place that decides which curses header tidings
 * includes. Every ui_*.c includes this instead of <curses.h>; nothing below
 * the ui modules includes it at all.
 */
#ifndef TIDINGS_CURSES_COMPAT_H
#define TIDINGS_CURSES_COMPAT_H

/* The wide-character API (get_wch, add_wch, wcwidth-aware output). */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#elif defined(HAVE_NCURSES_CURSES_H)
#include <ncurses/curses.h>
#else
#include <curses.h>
#endif

/* Older or non-ncurses headers may lack these. */
#ifndef A_ITALIC
#define A_ITALIC A_UNDERLINE
#endif
#ifndef KEY_RESIZE
#define KEY_RESIZE 0632
#endif

#endif
