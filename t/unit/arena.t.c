/*
 * arena.t.c: the per-request bump allocator (src/arena.c). Run it under
 * valgrind too: the checks here see overlap and alignment, valgrind sees
 * writes past a block.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "t/tap.h"

#define NSMALL	2000

static bool
aligned(const void *p)
{
	return ((uintptr_t)p & 15) == 0;
}

/* True if every byte of p[0..n) is c. */
static bool
filled(const unsigned char *p, size_t n, unsigned char c)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

static void
test_small(struct arena *a)
{
	static unsigned char	*p[NSMALL];
	size_t			 i, n, sum = 0;
	bool			 all_aligned = true, intact = true;

	/*
	 * Sizes cycle through 0..96 so that many allocations are not a
	 * multiple of 16 and the total spills over several blocks.
	 */
	for (i = 0; i < NSMALL; i++) {
		n = i % 97;
		p[i] = arena_alloc(a, n);
		if (p[i] == NULL)
			bail("arena_alloc returned NULL");
		if (!aligned(p[i]))
			all_aligned = false;
		memset(p[i], (int)(i & 0xff), n);
		sum += n == 0 ? 1 : n;
	}
	/* Each block still holds its own pattern: no two overlap. */
	for (i = 0; i < NSMALL; i++)
		if (!filled(p[i], i % 97, (unsigned char)(i & 0xff)))
			intact = false;
	ok(all_aligned, "%d small allocations are all 16-byte aligned",
	    NSMALL);
	ok(intact, "%d small allocations do not overlap", NSMALL);
	is_int(arena_used(a), sum, "arena_used counts every byte asked for "
	    "(0 counts as 1)");
	ok(p[0] != p[1], "two zero-byte allocations are distinct");
}

static void
test_large(struct arena *a)
{
	unsigned char	*big, *small, *after;
	size_t		 before, n = 200 * 1024;

	before = arena_used(a);
	small = arena_alloc(a, 10);
	memset(small, 's', 10);
	big = arena_alloc(a, n);
	ok(big != NULL && aligned(big), "an allocation larger than a block "
	    "is aligned");
	memset(big, 'b', n);
	after = arena_alloc(a, 10);
	memset(after, 'a', 10);
	ok(filled(big, n, 'b'), "the large allocation is intact after "
	    "another allocation");
	ok(filled(small, 10, 's'), "the allocation before it is intact");
	is_int(arena_used(a) - before, n + 20, "arena_used counts the large "
	    "allocation");

	/* A block exactly the default size, then one just over. */
	big = arena_alloc(a, 64 * 1024);
	memset(big, 'x', 64 * 1024);
	big = arena_alloc(a, 64 * 1024 + 1);
	memset(big, 'y', 64 * 1024 + 1);
	ok(aligned(big), "allocations of 64 KiB and 64 KiB + 1 are aligned");
}

static char *vprintf_helper(struct arena *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static char *
vprintf_helper(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

static void
test_strings(struct arena *a)
{
	static const char	raw[] = { 'a', '\0', 'b' };
	char			*s, nt[5] = { 'h', 'e', 'l', 'l', 'o' };
	size_t			 before;

	is_string(arena_printf(a, "%s-%d-%c", "abc", 42, 'z'), "abc-42-z",
	    "arena_printf formats");
	is_string(arena_printf(a, "%s", ""), "", "arena_printf of \"\"");
	is_string(vprintf_helper(a, "%05d|%-3s|", 7, "x"), "00007|x  |",
	    "arena_vprintf formats");
	s = arena_printf(a, "%*s", 100000, "end");
	ok(s != NULL && strlen(s) == 100000 && strcmp(s + 99997, "end") == 0,
	    "arena_printf of 100000 bytes (bigger than a block)");

	is_string(arena_strndup(a, "hello world", 5), "hello",
	    "arena_strndup copies len bytes");
	/* Not NUL-terminated: must not read past len. */
	is_string(arena_strndup(a, nt, sizeof(nt)), "hello",
	    "arena_strndup of unterminated input adds a NUL");
	s = arena_strndup(a, raw, sizeof(raw));
	ok(memcmp(s, "a\0b\0", 4) == 0, "arena_strndup copies an embedded "
	    "NUL and adds one at len");
	is_string(arena_strndup(a, "xyz", 0), "", "arena_strndup of 0 bytes "
	    "is \"\"");
	s = arena_strdup(a, "copy");
	is_string(s, "copy", "arena_strdup copies");
	ok(aligned(s), "strings are aligned too");

	before = arena_used(a);
	(void)arena_strndup(a, "abcdef", 6);
	is_int(arena_used(a) - before, 7, "arena_strndup uses len + 1 bytes");
}

static void
test_calloc_reset(struct arena *a)
{
	unsigned char	*first, *p;
	size_t		 i;

	arena_reset(a);
	is_int(arena_used(a), 0, "arena_used is 0 after arena_reset");
	first = arena_alloc(a, 4096);
	memset(first, 0xaa, 4096);

	/* Dirty memory handed out again must come back zeroed. */
	arena_reset(a);
	p = arena_calloc(a, 256, 16);
	ok(p == first, "after arena_reset the first block is reused");
	ok(filled(p, 4096, 0), "arena_calloc zeroes reused memory");
	ok(arena_calloc(a, 0, 16) != NULL, "arena_calloc(0, 16) is not NULL");
	ok(arena_calloc(a, 16, 0) != NULL, "arena_calloc(16, 0) is not NULL");
	p = arena_calloc(a, 3, 100000);
	ok(filled(p, 300000, 0), "a large arena_calloc is zeroed");

	/* Many resets in a row neither leak nor move the first block. */
	for (i = 0; i < 100; i++) {
		arena_reset(a);
		(void)arena_alloc(a, 100000);
		(void)arena_alloc(a, 70000);
	}
	arena_reset(a);
	ok(arena_alloc(a, 1) == first, "the first block survives 100 "
	    "resets with large allocations");
	is_int(arena_used(a), 1, "arena_used after reset and one byte");
}

int
main(void)
{
	struct arena	*a;

	plan_lazy();
	if ((a = arena_new()) == NULL)
		bail("arena_new returned NULL");
	is_int(arena_used(a), 0, "a new arena has used nothing");
	test_small(a);
	test_large(a);
	test_strings(a);
	test_calloc_reset(a);
	arena_free(a);
	arena_free(NULL);
	ok(true, "arena_free(NULL) is a no-op");
	return tap_done();
}
