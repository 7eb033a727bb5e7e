/*
 * db.h: the process's one PostgreSQL connection (workers are
 * single-threaded). Every value travels as a bind parameter.
 */
#ifndef STEWARD_DB_H
#define STEWARD_DB_H

#include <stdbool.h>

#include <libpq-fe.h>

/*
 * Connects; 0, or -1 (logged). Later calls reconnect as needed, but never
 * inside a transaction. statement_timeout (seconds, 0 for PostgreSQL's
 * own) also bounds lock waits and idle transactions.
 */
int		 db_open(const char *dsn, long statement_timeout);
void		 db_close(void);
/* The connection, reconnecting first if it broke; NULL if unreachable. */
PGconn		*db_conn(void);
/*
 * Runs sql with n text parameters. Returns the result (caller PQclear()s)
 * when it succeeded, or NULL (the error logged with __func__ of caller).
 */
PGresult	*db_exec(const char *caller, const char *sql, int n,
		    const char *const *params);
/*
 * db_exec in two halves, so the caller can work while the server does:
 * db_send() starts sql (no parameters, not prepared; 0 or -1), and
 * db_wait() returns its result as db_exec would. At most one statement
 * is in flight, and every successful db_send() needs its db_wait().
 */
int		 db_send(const char *caller, const char *sql);
PGresult	*db_wait(const char *caller);
/*
 * Like db_exec, but never prepared: planned each time for its own
 * values. For a query whose best plan depends on them (a search that
 * an index answers when it is rare, a scan when it is not), where a
 * prepared statement's generic plan would pick one for all.
 */
PGresult	*db_exec_planned(const char *caller, const char *sql, int n,
		    const char *const *params);
/* Like db_exec but for statements without results: 0 or -1. */
int		 db_command(const char *caller, const char *sql, int n,
		    const char *const *params);
/* Like db_command, returning how many rows it changed, or -1. */
long		 db_affected(const char *caller, const char *sql, int n,
		    const char *const *params);
/* The SQLSTATE of the last failed db_exec, or "" (e.g. "23505"). */
const char	*db_last_sqlstate(void);
/* Database errors since the last call (for metrics). */
unsigned long	 db_errors_take(void);
/* True if "SELECT 1" answers. */
bool		 db_ping(void);
/*
 * BEGIN / COMMIT / ROLLBACK; 0 or -1. If the connection is lost inside a
 * transaction every statement fails until db_rollback(): a transaction
 * is never silently continued on a new connection.
 */
int		 db_begin(void);
int		 db_commit(void);
void		 db_rollback(void);

#endif
