/*
 * arena.c: a bump allocator over a list of blocks, reset per request.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_BLOCK	(64 * 1024)
#define ARENA_ALIGN	16

struct block {
	struct block	*next;
	size_t		 size;	/* usable bytes in data */
	size_t		 used;
	/* Keeps data 16-byte aligned on every ABI we build for. */
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct block	*head;	/* current block; the first one is last */
	size_t		 total;	/* bytes handed out since reset */
};

static void __attribute__((noreturn))
arena_oom(size_t n)
{
	fprintf(stderr, "steward: out of memory allocating %lu bytes\n",
	    (unsigned long)n);
	abort();
}

static struct block *
block_new(size_t size)
{
	struct block	*b;

	if (size > SIZE_MAX - sizeof(*b))
		arena_oom(size);
	if ((b = malloc(sizeof(*b) + size)) == NULL)
		arena_oom(size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *
arena_new(void)
{
	struct arena	*a;

	if ((a = malloc(sizeof(*a))) == NULL)
		arena_oom(sizeof(*a));
	a->head = block_new(ARENA_BLOCK);
	a->total = 0;
	return a;
}

void
arena_free(struct arena *a)
{
	struct block	*b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void
arena_reset(struct arena *a)
{
	struct block	*b;

	/* Free every block but the first (the tail of the list). */
	while (a->head->next != NULL) {
		b = a->head;
		a->head = b->next;
		free(b);
	}
	a->head->used = 0;
	a->total = 0;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block	*b = a->head;
	size_t		 start, need;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		arena_oom(n);
	start = (b->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (start > b->size || n > b->size - start) {
		need = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = block_new(need);
		b->next = a->head;
		a->head = b;
		start = 0;
	}
	b->used = start + n;
	a->total += n;
	return b->data + start;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		arena_oom(SIZE_MAX);
	p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char	*p;

	if (len == SIZE_MAX)
		arena_oom(len);
	p = arena_alloc(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 ap2;
	char	*p;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		arena_oom(0);
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
