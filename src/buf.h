/*
 * buf.h: growable byte buffers with a maximum size.
 *
 * Every buffer that holds bytes from outside carries a limit; appending past
 * it fails (returns -1) and sets the overflow flag instead of growing.
 * The data is always NUL-terminated so it can be used as a C string.
 */
#ifndef TIDINGS_BUF_H
#define TIDINGS_BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* NUL-terminated contents, or NULL when empty */
	size_t	 len;		/* bytes used, not counting the NUL */
	size_t	 cap;		/* bytes allocated */
	size_t	 max;		/* most bytes it may hold; 0 means no limit */
	int	 overflow;	/* set once an append was refused */
};

void	 buf_init(struct buf *, size_t max);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
/* Makes room for n more bytes in one allocation (up to max); a hint. */
void	 buf_reserve(struct buf *, size_t n);
int	 buf_append(struct buf *, const void *, size_t);
/* Appends as much as max lets in; -1 (and overflow) when some was left. */
int	 buf_append_upto(struct buf *, const void *, size_t);
int	 buf_putc(struct buf *, int);
int	 buf_puts(struct buf *, const char *);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Gives the contents to the caller (never NULL) and empties the buffer. */
char	*buf_detach(struct buf *);
const char *buf_str(const struct buf *);

#endif
