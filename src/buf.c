/*
 * buf.c: growable buffers on an arena. Growth doubles, so appending n
 * bytes costs amortised O(n); the old copy stays in the arena until reset.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

void
buf_init(struct buf *b, struct arena *a)
{
	b->arena = a;
	b->cap = 256;
	b->data = arena_alloc(a, b->cap);
	b->data[0] = '\0';
	b->len = 0;
}

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t	 cap;
	char	*p;

	if (extra < b->cap - b->len)
		return;
	cap = b->cap;
	while (extra >= cap - b->len) {
		if (cap > SIZE_MAX / 2)
			(void)arena_alloc(b->arena, SIZE_MAX);	/* aborts */
		cap *= 2;
	}
	p = arena_alloc(b->arena, cap);
	memcpy(p, b->data, b->len + 1);
	b->data = p;
	b->cap = cap;
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}
