/*
 * scoreboard.h: state shared by the master and every worker, in one
 * memfd mapping the master creates and each worker maps from fd 4.
 *
 * Each worker owns one slot and is its only writer: whether it is busy,
 * since when and with which request (so the master can enforce
 * request_timeout), and its counters for /metrics. The master alone
 * writes the header. Counters survive a worker's death: a replacement
 * keeps adding to the slot it inherits.
 */
#ifndef STEWARD_SCOREBOARD_H
#define STEWARD_SCOREBOARD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define SCOREBOARD_FD		4
#define SCOREBOARD_SLOTS	256
#define SCOREBOARD_ROUTES	128	/* route table entries, +1 "none" */
#define SCOREBOARD_ROUTE_NAME	48
#define SCOREBOARD_BUCKETS	12	/* latency buckets, the last is +Inf */

/* The status codes counted separately; any other is counted as "other". */
#define SCOREBOARD_CODES	22

struct sb_slot {
	pid_t		pid;		/* 0: never used */
	uint32_t	busy;		/* 1 while serving a request */
	uint32_t	hashing;	/* 1 while running argon2 */
	int64_t		busy_since_ms;	/* CLOCK_MONOTONIC */
	char		request_id[72];
	char		path[256];
	uint32_t	nroutes;
	char		route_names[SCOREBOARD_ROUTES][SCOREBOARD_ROUTE_NAME];
	/* [route][code]; route nroutes counts requests that matched none. */
	uint64_t	requests[SCOREBOARD_ROUTES + 1][SCOREBOARD_CODES + 1];
	uint64_t	latency[SCOREBOARD_BUCKETS];
	uint64_t	latency_count;
	uint64_t	latency_sum_us;
	uint64_t	db_errors;
};

struct sb_header {
	uint32_t	magic;
	uint32_t	layout;		/* sizeof(struct sb_slot) + version */
	uint64_t	reloads;	/* completed */
	uint64_t	reload_failures;
	uint64_t	worker_restarts;
	uint32_t	workers_ready;
	uint32_t	generation;
};

struct scoreboard {
	struct sb_header	header;
	struct sb_slot		slots[SCOREBOARD_SLOTS];
};

/* Latency bucket bounds in seconds (the last bucket is +Inf). */
extern const double	scoreboard_bounds[SCOREBOARD_BUCKETS - 1];
/* The status codes with their own counter. */
extern const int	scoreboard_codes[SCOREBOARD_CODES];

/* Master: creates the mapping; returns its fd (not close-on-exec) or -1. */
int		 scoreboard_create(struct scoreboard **);
/* Either side: maps an existing scoreboard fd; NULL on mismatch. */
struct scoreboard *scoreboard_map(int fd);

/* Worker: claims slot n for this process, with its route names. */
void		 scoreboard_attach(struct scoreboard *, int slot,
		    const char *const *route_names, size_t nroutes);
/* Worker: a request started (path may be NULL until parsed). */
void		 scoreboard_begin(const char *request_id, const char *path);
/* Worker: no request after all (another worker took the connection). */
void		 scoreboard_idle(void);
/* Worker: the request ended; route is an index, or -1 for none. */
void		 scoreboard_end(int route, int status, int64_t micros,
		    uint64_t db_errors);
/*
 * Worker: takes one of max pool-wide argon2 slots, waiting up to wait_ms;
 * false if none came free (the caller answers 503). Without a scoreboard
 * it always succeeds. A slot of a worker that dies is freed by the master.
 */
bool		 scoreboard_hash_acquire(long max, long wait_ms);
void		 scoreboard_hash_release(void);
/* Worker: the scoreboard it attached to, for /metrics; or NULL. */
const struct scoreboard *scoreboard_current(void);

/* Reads a slot's busy state coherently; false if idle. */
bool		 scoreboard_busy(const struct sb_slot *, int64_t *since_ms,
		    char *request_id, size_t idlen, char *path,
		    size_t pathlen);

int64_t		 scoreboard_now_ms(void);

#endif
