/*
 * master.h: the process that owns the listening socket and the workers.
 */
#ifndef STEWARD_MASTER_H
#define STEWARD_MASTER_H

struct conf;

/*
 * Runs the master on the listening socket at fd 0 (as spawn-fcgi leaves
 * it). Workers are started by exec'ing self (the binary on disk) with
 * "--worker -c conf_path". Takes over the configuration (and frees it).
 * Returns the exit status once stopped.
 */
int	master_main(struct conf *, const char *self, const char *conf_path);

#endif
