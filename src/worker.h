/*
 * worker.h: a worker process: accept, serve, repeat.
 */
#ifndef STEWARD_WORKER_H
#define STEWARD_WORKER_H

#include <stdbool.h>

struct conf;

/* The message a worker writes to its ready pipe once it can serve. */
#define WORKER_READY	"ready\n"

struct worker_args {
	int	ready_fd;	/* where to report ready; -1: nowhere */
	int	slot;		/* scoreboard slot; -1: none */
	bool	require_db;	/* not ready until connected (reloads) */
};

/*
 * Runs a worker on the listening socket at fd 0. Reports readiness on
 * ready_fd (then closes it) once templates are loaded and frozen and the
 * database was reached (or, unless require_db, at least tried). Returns
 * the process exit status: 0 after SIGTERM, 1 if it could not start.
 */
int	worker_main(const struct conf *, const struct worker_args *);

#endif
