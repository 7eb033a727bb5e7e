/*
 * scoreboard.c: the shared memory between master and workers (after
 * Apache's and php-fpm's scoreboards). Single writer per field; readers
 * use relaxed atomic loads, so a torn read is impossible and a slightly
 * stale one is harmless.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "scoreboard.h"

#define SB_MAGIC	0x53545744u	/* "STWD" */
#define SB_LAYOUT	((uint32_t)sizeof(struct sb_slot) * 16 + 1)

const double scoreboard_bounds[SCOREBOARD_BUCKETS - 1] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
};

const int scoreboard_codes[SCOREBOARD_CODES] = {
	200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409,
	411, 413, 414, 415, 422, 429, 500, 502, 503
};

static struct scoreboard	*sb_board;
static struct sb_slot		*sb_mine;

int64_t
scoreboard_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
scoreboard_create(struct scoreboard **out)
{
	struct scoreboard	*sb;
	int			 fd;

	if ((fd = memfd_create("steward-scoreboard", MFD_CLOEXEC)) == -1)
		return -1;
	if (ftruncate(fd, sizeof(*sb)) == -1) {
		close(fd);
		return -1;
	}
	sb = mmap(NULL, sizeof(*sb), PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	if (sb == MAP_FAILED) {
		close(fd);
		return -1;
	}
	sb->header.magic = SB_MAGIC;
	sb->header.layout = SB_LAYOUT;
	*out = sb;
	return fd;
}

struct scoreboard *
scoreboard_map(int fd)
{
	struct scoreboard	*sb;
	struct stat		 st;

	if (fstat(fd, &st) == -1 || st.st_size != (off_t)sizeof(*sb))
		return NULL;
	sb = mmap(NULL, sizeof(*sb), PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	if (sb == MAP_FAILED)
		return NULL;
	if (sb->header.magic != SB_MAGIC || sb->header.layout != SB_LAYOUT) {
		munmap(sb, sizeof(*sb));
		return NULL;
	}
	return sb;
}

/* Index of name in the slot's current table, or -1. */
static int
sb_route_index(const struct sb_slot *s, const char *name)
{
	uint32_t	i;

	for (i = 0; i < s->nroutes && i < SCOREBOARD_ROUTES; i++)
		if (strcmp(s->route_names[i], name) == 0)
			return (int)i;
	return -1;
}

void
scoreboard_attach(struct scoreboard *sb, int slot,
    const char *const *names, size_t n)
{
	static uint64_t	 old[SCOREBOARD_ROUTES + 1][SCOREBOARD_CODES + 1];
	struct sb_slot	*s;
	size_t		 i;
	int		 from;

	if (sb == NULL || slot < 0 || slot >= SCOREBOARD_SLOTS)
		return;
	sb_board = sb;
	s = sb_mine = &sb->slots[slot];
	if (n > SCOREBOARD_ROUTES)
		n = SCOREBOARD_ROUTES;
	/*
	 * A new binary may number its routes differently: carry the counts
	 * this slot inherited over by route name, so counters stay monotonic.
	 */
	memcpy(old, s->requests, sizeof(old));
	memset(s->requests, 0, sizeof(s->requests));
	for (i = 0; i < n; i++) {
		if ((from = sb_route_index(s, names[i])) >= 0)
			memcpy(s->requests[i], old[from], sizeof(old[from]));
	}
	memcpy(s->requests[n], old[s->nroutes < SCOREBOARD_ROUTES ?
	    s->nroutes : SCOREBOARD_ROUTES], sizeof(old[0]));
	for (i = 0; i < n; i++)
		snprintf(s->route_names[i], SCOREBOARD_ROUTE_NAME, "%s",
		    names[i]);
	s->nroutes = (uint32_t)n;
	__atomic_store_n(&s->busy, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&s->hashing, 0, __ATOMIC_RELEASE);
	s->pid = getpid();
}

void
scoreboard_begin(const char *request_id, const char *path)
{
	struct sb_slot	*s = sb_mine;

	if (s == NULL)
		return;
	if (!__atomic_load_n(&s->busy, __ATOMIC_RELAXED)) {
		/* Clear, then publish: the master reads busy first. */
		s->request_id[0] = '\0';
		s->path[0] = '\0';
		__atomic_store_n(&s->busy_since_ms, scoreboard_now_ms(),
		    __ATOMIC_RELAXED);
		__atomic_store_n(&s->busy, 1, __ATOMIC_RELEASE);
	}
	if (request_id != NULL)
		snprintf(s->request_id, sizeof(s->request_id), "%s",
		    request_id);
	if (path != NULL)
		snprintf(s->path, sizeof(s->path), "%s", path);
}

static void
sb_add(uint64_t *p, uint64_t v)
{
	__atomic_store_n(p, __atomic_load_n(p, __ATOMIC_RELAXED) + v,
	    __ATOMIC_RELAXED);
}

void
scoreboard_end(int route, int status, int64_t micros, uint64_t db_errors)
{
	struct sb_slot	*s = sb_mine;
	int		 code, b;

	if (s == NULL)
		return;
	if (route < 0 || (uint32_t)route >= s->nroutes)
		route = (int)s->nroutes;
	for (code = 0; code < SCOREBOARD_CODES; code++)
		if (scoreboard_codes[code] == status)
			break;
	sb_add(&s->requests[route][code], 1);
	for (b = 0; b < SCOREBOARD_BUCKETS - 1; b++)
		if ((double)micros / 1e6 <= scoreboard_bounds[b])
			break;
	sb_add(&s->latency[b], 1);
	sb_add(&s->latency_count, 1);
	sb_add(&s->latency_sum_us, micros < 0 ? 0 : (uint64_t)micros);
	sb_add(&s->db_errors, db_errors);
	__atomic_store_n(&s->busy, 0, __ATOMIC_RELEASE);
}

void
scoreboard_idle(void)
{
	if (sb_mine != NULL)
		__atomic_store_n(&sb_mine->busy, 0, __ATOMIC_RELEASE);
}

/* Slots holding an argon2 permit, this one included if it does. */
static long
sb_hashing(void)
{
	long	n = 0;
	int	i;

	for (i = 0; i < SCOREBOARD_SLOTS; i++)
		n += __atomic_load_n(&sb_board->slots[i].hashing,
		    __ATOMIC_SEQ_CST);
	return n;
}

bool
scoreboard_hash_acquire(long max, long wait_ms)
{
	struct timespec	pause = { 0, 2 * 1000 * 1000 };
	int64_t		until = scoreboard_now_ms() + wait_ms;
	int		races = 0;

	if (sb_mine == NULL)
		return true;
	/*
	 * Claim, then count: two workers racing for the last permit both
	 * see two claims and both step back, so the count never exceeds
	 * max. One that finds a permit free after stepping back lost such
	 * a race, not the limit: it tries again after a pause of its own
	 * length (a few times at most), even with no wait configured, so a
	 * race never refuses a sign-in while a permit is free.
	 */
	for (;;) {
		__atomic_store_n(&sb_mine->hashing, 1, __ATOMIC_SEQ_CST);
		if (sb_hashing() <= max)
			return true;
		__atomic_store_n(&sb_mine->hashing, 0, __ATOMIC_SEQ_CST);
		if (!(sb_hashing() < max && races++ < 3) &&
		    scoreboard_now_ms() >= until)
			return false;
		pause.tv_nsec = (1 + getpid() % 4) * 1000 * 1000;
		nanosleep(&pause, NULL);
	}
}

void
scoreboard_hash_release(void)
{
	if (sb_mine != NULL)
		__atomic_store_n(&sb_mine->hashing, 0, __ATOMIC_SEQ_CST);
}

const struct scoreboard *
scoreboard_current(void)
{
	return sb_board;
}

bool
scoreboard_busy(const struct sb_slot *s, int64_t *since_ms, char *id,
    size_t idlen, char *path, size_t pathlen)
{
	if (!__atomic_load_n(&s->busy, __ATOMIC_ACQUIRE))
		return false;
	*since_ms = __atomic_load_n(&s->busy_since_ms, __ATOMIC_RELAXED);
	/* Text may be mid-update; it is only for the log line. */
	snprintf(id, idlen, "%.*s", (int)sizeof(s->request_id) - 1,
	    s->request_id);
	snprintf(path, pathlen, "%.*s", (int)sizeof(s->path) - 1, s->path);
	return true;
}
