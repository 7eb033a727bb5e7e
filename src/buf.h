/*
 * buf.h: a growable byte buffer whose memory comes from an arena.
 */
#ifndef STEWARD_BUF_H
#define STEWARD_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct buf {
	struct arena	*arena;
	char		*data;	/* NUL-terminated; valid until the arena resets */
	size_t		 len;
	size_t		 cap;
};

void	buf_init(struct buf *, struct arena *);
/* Room for extra more bytes, so appending up to them never copies. */
void	buf_reserve(struct buf *, size_t extra);
void	buf_append(struct buf *, const void *, size_t);
void	buf_puts(struct buf *, const char *);
void	buf_putc(struct buf *, char);
void	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
