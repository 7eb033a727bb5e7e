/*
 * scoreboard.t.c: the memory the master and workers share
 * (src/scoreboard.c): mapping, a worker's busy state as the master sees
 * it, counters, and counters carried over by route name when a new binary
 * numbers its routes differently.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "scoreboard.h"
#include "t/tap.h"

int
main(void)
{
	static const char *const v1[] = { "GET /a", "GET /b", "POST /c" };
	static const char *const v2[] = { "POST /c", "GET /new", "GET /a" };
	struct scoreboard	*sb, *again, *snapshot;
	char			 id[72], path[256];
	int64_t			 since;
	int			 fd, other, pipefd[2];

	plan_lazy();
	if ((fd = scoreboard_create(&sb)) == -1)
		bail("scoreboard_create failed");
	ok(fd >= 0, "scoreboard_create gives an fd");
	ok((again = scoreboard_map(fd)) != NULL, "the fd maps again");
	if (pipe(pipefd) == -1)
		bail("pipe failed");
	ok(scoreboard_map(pipefd[0]) == NULL, "a pipe is not a scoreboard");
	close(pipefd[0]);
	close(pipefd[1]);
	if ((other = memfd_create("not-a-scoreboard", MFD_CLOEXEC)) == -1)
		bail("memfd_create failed");
	ok(scoreboard_map(other) == NULL, "nor is an empty file");
	if (ftruncate(other, sizeof(*sb)) == -1)
		bail("ftruncate failed");
	ok(scoreboard_map(other) == NULL, "nor a file of the right size "
	    "without the magic number");
	close(other);

	scoreboard_attach(again, 3, v1, 3);
	is_int(sb->slots[3].pid, getpid(), "attach records the pid, seen "
	    "through the other mapping");
	ok(!scoreboard_busy(&sb->slots[3], &since, id, sizeof(id), path,
	    sizeof(path)), "a fresh slot is idle");

	scoreboard_begin(NULL, NULL);
	ok(scoreboard_busy(&sb->slots[3], &since, id, sizeof(id), path,
	    sizeof(path)), "busy once a request begins");
	ok(since > 0 && since <= scoreboard_now_ms(), "since when");
	is_string(id, "", "no request id before the parse");
	scoreboard_begin("abc123", "/a");
	ok(scoreboard_busy(&sb->slots[3], &since, id, sizeof(id), path,
	    sizeof(path)), "still busy after the parse");
	is_string(id, "abc123", "the request id is visible to the master");
	is_string(path, "/a", "so is the path");
	scoreboard_end(0, 200, 1500, 2);
	ok(!scoreboard_busy(&sb->slots[3], &since, id, sizeof(id), path,
	    sizeof(path)), "idle after the request");

	scoreboard_begin(NULL, NULL);
	scoreboard_end(2, 303, 20000, 0);
	scoreboard_begin(NULL, NULL);
	scoreboard_end(-1, 404, 100, 0);
	scoreboard_begin(NULL, NULL);
	scoreboard_end(1, 299, 100, 0);
	is_int(sb->slots[3].requests[0][0], 1, "GET /a 200 counted");
	is_int(sb->slots[3].requests[3][7], 0, "unmatched 400 not counted");
	is_int(sb->slots[3].requests[3][10], 1, "unmatched 404 counted in "
	    "the extra row");
	is_int(sb->slots[3].requests[1][SCOREBOARD_CODES], 1,
	    "an unlisted status counts as other");
	is_int(sb->slots[3].latency_count, 4, "four latencies");
	is_int(sb->slots[3].latency[0], 3, "three in the 5 ms bucket");
	is_int(sb->slots[3].latency[2], 1, "20 ms in the 25 ms bucket");
	is_int(sb->slots[3].latency_sum_us, 21700, "latency sum");
	is_int(sb->slots[3].db_errors, 2, "database errors");

	/* A replacement from a binary that numbers routes differently. */
	scoreboard_attach(sb, 3, v2, 3);
	is_string(sb->slots[3].route_names[2], "GET /a", "new names written");
	is_int(sb->slots[3].requests[2][0], 1, "GET /a's count moved with "
	    "its name");
	is_int(sb->slots[3].requests[0][5], 1, "POST /c's 303 moved too");
	is_int(sb->slots[3].requests[1][0], 0, "a new route starts at 0");
	is_int(sb->slots[3].requests[3][10], 1, "unmatched counts stay");
	is_int(sb->slots[3].latency_count, 4, "latencies stay");

	if ((snapshot = malloc(sizeof(*sb))) == NULL)
		bail("out of memory");
	memcpy(snapshot, sb, sizeof(*sb));
	scoreboard_attach(sb, SCOREBOARD_SLOTS, v1, 3);
	scoreboard_attach(sb, -1, v1, 3);
	ok(memcmp(snapshot, sb, sizeof(*sb)) == 0, "attaching to a slot out "
	    "of range changes nothing");
	scoreboard_begin(NULL, NULL);
	ok(scoreboard_busy(&sb->slots[3], &since, id, sizeof(id), path,
	    sizeof(path)), "... and the process keeps its own slot");
	scoreboard_idle();
	free(snapshot);
	close(fd);
	return tap_done();
}
