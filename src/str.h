/*
 * str.h: UTF-8 text helpers: validation, control-character scrubbing,
 * whitespace folding and display width.
 *
 * These are the functions every untrusted string passes through before it is
 * stored or drawn. They never read past a NUL and never produce invalid UTF-8.
 */
#ifndef TIDINGS_STR_H
#define TIDINGS_STR_H

#include <stddef.h>
#include <stdint.h>

/* Flags for str_clean(). */
#define STR_KEEP_NEWLINES 0x01	/* keep \n and \t (bodies); else fold them */
#define STR_FOLD_SPACE	  0x02	/* collapse runs of white space to one */
#define STR_TRIM	  0x04	/* drop leading and trailing white space */

/*
 * Decodes one UTF-8 sequence at s (at most n bytes). Stores the code point
 * in *cp and returns its length, or returns 0 for an invalid or truncated
 * sequence (then *cp is the byte's windows-1252 reading).
 */
size_t	 str_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes); returns its length. */
size_t	 str_utf8_encode(uint32_t cp, char *out);
int	 str_utf8_valid(const char *s, size_t n);

/*
 * True for characters that must never reach a terminal or a file name:
 * C0 and C1 controls, DEL, bidirectional overrides and isolates, and the
 * zero-width format characters that can hide text.
 */
int	 str_is_unsafe(uint32_t cp);

/*
 * Returns a new, cleaned copy of s: invalid UTF-8 is read as windows-1252,
 * unsafe characters are removed (tab and newline kept only with
 * STR_KEEP_NEWLINES), white space folded and trimmed as flags say.
 * Caller frees.
 */
char	*str_clean(const char *s, size_t n, int flags);
/* str_clean() in place for a malloc'd string; returns it (may be NULL). */
char	*str_clean_inplace(char *s, int flags);

int	 str_is_blank(const char *s);
int	 str_casecmp_ascii(const char *, const char *);
int	 str_ncasecmp_ascii(const char *, const char *, size_t);
int	 str_has_prefix_ci(const char *, const char *);

/* Display width in terminal columns (wcwidth semantics, never negative). */
int	 str_cp_width(uint32_t cp);
size_t	 str_width(const char *s);

#endif
