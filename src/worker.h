/*
 * worker.h: a worker process: accept, serve, repeat.
 */
#ifndef STEWARD_WORKER_H
#define STEWARD_WORKER_H

struct conf;

/* The message a worker writes to its ready pipe once it can serve. */
#define WORKER_READY	"ready\n"

/*
 * Runs a worker on the listening socket at fd 0. Reports readiness on
 * ready_fd (then closes it) once templates are loaded and the database
 * was tried. Returns the process exit status: 0 after SIGTERM, 1 if it
 * could not start.
 */
int	worker_main(const struct conf *, int ready_fd);

#endif
