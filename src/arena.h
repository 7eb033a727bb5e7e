/*
 * arena.h: per-request memory.
 *
 * Everything a request allocates comes from one arena and is released at
 * once by arena_reset() when the request ends. Allocation never fails: out
 * of memory is fatal to the worker (the master replaces it).
 */
#ifndef STEWARD_ARENA_H
#define STEWARD_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new arena; caller frees with arena_free(). Aborts on out of memory. */
struct arena	*arena_new(void);
/* Frees the arena and everything in it; arena_free(NULL) is a no-op. */
void		 arena_free(struct arena *);
/* Releases every allocation, keeping the first block for reuse. */
void		 arena_reset(struct arena *);
/* Bytes handed out since the last reset (for tests and limits). */
size_t		 arena_used(const struct arena *);

/* Memory valid until the next arena_reset(); 16-byte aligned. */
void		*arena_alloc(struct arena *, size_t);
/* Zeroed memory for n * size bytes; aborts if the product overflows. */
void		*arena_calloc(struct arena *, size_t n, size_t size);
char		*arena_strdup(struct arena *, const char *);
/* Copies len bytes and adds a NUL. */
char		*arena_strndup(struct arena *, const char *, size_t len);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
char		*arena_vprintf(struct arena *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

#endif
