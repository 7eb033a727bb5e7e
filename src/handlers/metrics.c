/*
 * handlers/metrics.c: the pool's counters from the scoreboard, in the
 * Prometheus text exposition format (version 0.0.4). Reachable only from
 * loopback: nginx allows 127.0.0.1 alone, and the route says so too.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "handlers/metrics.h"
#include "request.h"
#include "response.h"
#include "scoreboard.h"

struct metrics_row {
	const char	*route;
	int		 code;		/* 0: other */
	uint64_t	 n;
};

static uint64_t
metrics_load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* A label value with \, " and newline escaped. */
static void
metrics_label(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			buf_putc(b, '\\');
		if (*s == '\n') {
			buf_puts(b, "\\n");
			continue;
		}
		buf_putc(b, *s);
	}
}

/* Adds n requests for (route, code) to the rows, merging by name. */
static void
metrics_add(struct metrics_row *rows, size_t *nrows, size_t max,
    const char *route, int code, uint64_t n)
{
	size_t	i;

	for (i = 0; i < *nrows; i++)
		if (rows[i].code == code && strcmp(rows[i].route, route) == 0) {
			rows[i].n += n;
			return;
		}
	if (*nrows == max)
		return;
	rows[*nrows].route = route;
	rows[*nrows].code = code;
	rows[(*nrows)++].n = n;
}

void
metrics_get(struct request *r, struct response *resp)
{
	const struct scoreboard	*sb = scoreboard_current();
	const size_t		 max = (SCOREBOARD_ROUTES + 1) *
				    (SCOREBOARD_CODES + 1) * 2;
	struct metrics_row	*rows;
	uint64_t		 lat[SCOREBOARD_BUCKETS] = { 0 }, count = 0;
	uint64_t		 sum_us = 0, dberr = 0, cum;
	size_t			 nrows = 0, i, k;
	int			 s, busy = 0, code;
	struct buf		*b = &resp->body;

	if (sb == NULL) {
		response_text(resp, 503, "no scoreboard in this worker\n");
		return;
	}
	rows = arena_calloc(r->arena, max, sizeof(*rows));
	for (s = 0; s < SCOREBOARD_SLOTS; s++) {
		const struct sb_slot	*sl = &sb->slots[s];
		uint32_t		 nr = sl->nroutes;

		if (nr > SCOREBOARD_ROUTES)
			nr = SCOREBOARD_ROUTES;
		if (sl->pid != 0 && __atomic_load_n(&sl->busy,
		    __ATOMIC_ACQUIRE))
			busy++;
		for (i = 0; i <= nr; i++)
			for (k = 0; k <= SCOREBOARD_CODES; k++) {
				uint64_t	n;

				if ((n = metrics_load(&sl->requests[i][k])) ==
				    0)
					continue;
				code = k < SCOREBOARD_CODES ?
				    scoreboard_codes[k] : 0;
				metrics_add(rows, &nrows, max, i < nr ?
				    arena_strndup(r->arena, sl->route_names[i],
				    strnlen(sl->route_names[i],
				    SCOREBOARD_ROUTE_NAME)) : "none", code, n);
			}
		for (k = 0; k < SCOREBOARD_BUCKETS; k++)
			lat[k] += metrics_load(&sl->latency[k]);
		count += metrics_load(&sl->latency_count);
		sum_us += metrics_load(&sl->latency_sum_us);
		dberr += metrics_load(&sl->db_errors);
	}

	resp->status = 200;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	buf_puts(b, "# HELP steward_requests_total Requests answered, by "
	    "route and status code.\n"
	    "# TYPE steward_requests_total counter\n");
	for (i = 0; i < nrows; i++) {
		buf_puts(b, "steward_requests_total{route=\"");
		metrics_label(b, rows[i].route);
		if (rows[i].code != 0)
			buf_printf(b, "\",code=\"%d\"} %llu\n", rows[i].code,
			    (unsigned long long)rows[i].n);
		else
			buf_printf(b, "\",code=\"other\"} %llu\n",
			    (unsigned long long)rows[i].n);
	}
	buf_puts(b, "# HELP steward_request_duration_seconds Time from "
	    "accept to the last byte handed to nginx.\n"
	    "# TYPE steward_request_duration_seconds histogram\n");
	for (cum = 0, k = 0; k < SCOREBOARD_BUCKETS; k++) {
		cum += lat[k];
		if (k < SCOREBOARD_BUCKETS - 1)
			buf_printf(b, "steward_request_duration_seconds_bucket"
			    "{le=\"%g\"} %llu\n", scoreboard_bounds[k],
			    (unsigned long long)cum);
		else
			buf_printf(b, "steward_request_duration_seconds_bucket"
			    "{le=\"+Inf\"} %llu\n", (unsigned long long)cum);
	}
	buf_printf(b, "steward_request_duration_seconds_sum %.6f\n"
	    "steward_request_duration_seconds_count %llu\n",
	    (double)sum_us / 1e6, (unsigned long long)count);
	buf_printf(b,
	    "# HELP steward_workers Worker processes of the serving "
	    "generation that are ready, and workers busy with a request.\n"
	    "# TYPE steward_workers gauge\n"
	    "steward_workers{state=\"ready\"} %u\n"
	    "steward_workers{state=\"busy\"} %d\n"
	    "# HELP steward_generation The serving generation (one more per "
	    "completed reload).\n"
	    "# TYPE steward_generation gauge\n"
	    "steward_generation %u\n"
	    "# HELP steward_reloads_total Completed rolling reloads.\n"
	    "# TYPE steward_reloads_total counter\n"
	    "steward_reloads_total %llu\n"
	    "# HELP steward_reload_failures_total Reloads refused or "
	    "abandoned.\n"
	    "# TYPE steward_reload_failures_total counter\n"
	    "steward_reload_failures_total %llu\n"
	    "# HELP steward_worker_restarts_total Workers replaced after an "
	    "unexpected exit.\n"
	    "# TYPE steward_worker_restarts_total counter\n"
	    "steward_worker_restarts_total %llu\n"
	    "# HELP steward_database_errors_total Failed connections and "
	    "statements.\n"
	    "# TYPE steward_database_errors_total counter\n"
	    "steward_database_errors_total %llu\n",
	    __atomic_load_n(&sb->header.workers_ready, __ATOMIC_RELAXED), busy,
	    __atomic_load_n(&sb->header.generation, __ATOMIC_RELAXED),
	    (unsigned long long)sb->header.reloads,
	    (unsigned long long)sb->header.reload_failures,
	    (unsigned long long)sb->header.worker_restarts,
	    (unsigned long long)dberr);
}
