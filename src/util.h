/*
 * util.h: allocation wrappers and the one way to die.
 *
 * Allocation failure is the only "impossible" state tidings treats as fatal;
 * util_fatal() runs the registered cleanup (which restores the terminal)
 * before exiting, so a crash never leaves the user's terminal broken.
 */
#ifndef TIDINGS_UTIL_H
#define TIDINGS_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define UTIL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Returns a malloc'd string built like printf; caller frees. */
char	*xasprintf(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/* Called by util_fatal() before exiting (e.g. endwin()). */
void	 util_set_fatal_hook(void (*)(void));
void	 util_fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Bounded formatting into a caller's error buffer; never overflows, and
 * never ends in half a UTF-8 character when it has to cut.
 */
void	 util_errf(char *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * The word for n of something in a message: one when n is 1, else many
 * ("1 article", "0 articles", "2 articles"). Every count a message shows
 * takes its noun (and verb) from here.
 */
const char *util_plural(long long n, const char *one, const char *many);

/* 64-bit FNV-1a, for stable identities. */
uint64_t util_hash64(const void *, size_t, uint64_t);
/* A monotonic clock, in milliseconds since some fixed moment. */
int64_t	 util_now_ms(void);
struct timespec;
/* The CLOCK_MONOTONIC time ms milliseconds from now. */
void	 util_deadline(struct timespec *, int64_t ms);

#endif
