/*
 * db.c: one libpq connection per process, re-established when it breaks.
 * A statement that fails because the connection broke is not retried:
 * its commit status is unknown, so the caller answers 503 instead.
 */
#include "config.h"

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "log.h"

static PGconn	*db;
static char	*db_dsn;
static char	 db_sqlstate[6];
static char	 db_options[192];
static unsigned long db_errors;
static bool	 db_in_txn;	/* between db_begin and commit/rollback */
static unsigned	 db_generation;	/* connections made so far */

/* The first line of c's last error, for one log line. */
static const char *
db_message(PGconn *c)
{
	char	*msg = PQerrorMessage(c), *nl;

	if ((nl = strchr(msg, '\n')) != NULL)
		*nl = '\0';
	return msg;
}

static PGconn *
db_connect(void)
{
	PGconn		*c;
	PGresult	*res;
	const char	*tz, *ds;

	/*
	 * Defaults for a server over TCP, which the DSN's own settings
	 * override, since later keywords override earlier ones (libpq,
	 * PQconnectdbParams): a connect_timeout, so an unreachable server
	 * costs seconds, not minutes; and TCP keepalives and a user timeout,
	 * so a connection to a server that has become unreachable (a host
	 * gone, a network cut, no RST) is found dead in about 10 seconds
	 * instead of the kernel's two hours or more. libpq ignores all of
	 * them on a Unix-domain socket.
	 */
	static const char *const keys[] = { "connect_timeout", "keepalives",
	    "keepalives_idle", "keepalives_interval", "keepalives_count",
	    "tcp_user_timeout", "options", "dbname", NULL };
	const char	*vals[] = { "3", "1", "5", "2", "3", "10000",
	    db_options, db_dsn, NULL };

	/* Statements prepared on an earlier connection are gone. */
	db_generation++;
	c = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c) != CONNECTION_OK) {
		log_error("database: %s", db_message(c));
		PQfinish(c);
		return NULL;
	}
	/*
	 * A DSN with its own options= replaces ours: the zone and the date
	 * style must hold all the same, or times (and the row versions
	 * hashed from them) would read differently from host to host.
	 */
	tz = PQparameterStatus(c, "TimeZone");
	ds = PQparameterStatus(c, "DateStyle");
	if (tz == NULL || strcmp(tz, "UTC") != 0 || ds == NULL ||
	    strncmp(ds, "ISO", 3) != 0) {
		res = PQexec(c, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'");
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			log_error("database: cannot set the time zone to UTC: "
			    "%s", PQresultErrorMessage(res));
			PQclear(res);
			PQfinish(c);
			return NULL;
		}
		PQclear(res);
	}
	return c;
}

int
db_open(const char *dsn, long statement_timeout)
{
	db_close();
	/*
	 * Times leave the server in UTC, whatever the cluster's own zone:
	 * the resource engine reads timestamptz as text and only rewrites
	 * it into ISO 8601 (rs_time()), cheaper than to_char() per cell.
	 */
	if (statement_timeout > 0)
		snprintf(db_options, sizeof(db_options), "-c TimeZone=UTC "
		    "-c DateStyle=ISO -c statement_timeout=%lds "
		    "-c lock_timeout=%lds "
		    "-c idle_in_transaction_session_timeout=%lds",
		    statement_timeout, statement_timeout, statement_timeout);
	else
		snprintf(db_options, sizeof(db_options), "-c TimeZone=UTC "
		    "-c DateStyle=ISO");
	if ((db_dsn = strdup(dsn)) == NULL)
		abort();
	db = db_connect();
	return db == NULL ? -1 : 0;
}

void
db_close(void)
{
	if (db != NULL)
		PQfinish(db);
	db = NULL;
	free(db_dsn);
	db_dsn = NULL;
}

/*
 * True if the idle connection still looks usable. Between statements the
 * server has nothing to say to us (Steward uses no LISTEN), so a readable
 * socket means it restarted or ended our backend and sent its goodbye:
 * reconnect rather than find out by failing the next statement.
 */
static bool
db_alive(PGconn *c)
{
	struct pollfd	pfd;

	if (PQstatus(c) != CONNECTION_OK)
		return false;
	pfd.fd = PQsocket(c);
	pfd.events = POLLIN;
	if (pfd.fd < 0 || poll(&pfd, 1, 0) == -1)
		return false;
	return pfd.revents == 0;
}

PGconn *
db_conn(void)
{
	if (db != NULL && db_alive(db))
		return db;
	if (db_dsn == NULL)
		return NULL;
	/* The transaction died with the connection: say so until rollback. */
	if (db_in_txn) {
		db_errors++;
		return NULL;
	}
	if (db != NULL) {
		PQfinish(db);
		db = NULL;
		log_warn("database: connection lost, reconnecting");
	}
	if ((db = db_connect()) == NULL)
		db_errors++;
	return db;
}

/*
 * Prepared statements: each distinct statement text is prepared once per
 * connection and executed by name after, so PostgreSQL parses and plans
 * it once (and may keep a generic plan) instead of on every request.
 * The resource engine makes one text per filter combination, so the
 * cache is bounded; past it, statements run unprepared.
 */
#define DB_PREPARED_MAX	512

static struct {
	uint64_t	 hash;
	char		*sql;
}		 db_prepared[DB_PREPARED_MAX];
static size_t	 db_nprepared;
static unsigned	 db_prepared_generation;

static uint64_t
db_hash(const char *s)
{
	uint64_t	h = 14695981039346656037ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Only plannable statements can be prepared (not BEGIN, SET, DECLARE). */
static bool
db_preparable(const char *sql)
{
	static const char *const verbs[] = { "SELECT", "INSERT", "UPDATE",
		"DELETE", "WITH", NULL };
	size_t	i;

	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	for (i = 0; verbs[i] != NULL; i++)
		if (strncasecmp(sql, verbs[i], strlen(verbs[i])) == 0)
			return true;
	return false;
}

static void
db_prepared_forget(void)
{
	size_t	i;

	for (i = 0; i < db_nprepared; i++)
		free(db_prepared[i].sql);
	db_nprepared = 0;
}

/*
 * Runs sql, prepared if it can be. A failure to prepare is the
 * statement's own failure (its text or types are wrong), reported alike.
 */
static PGresult *
db_run(PGconn *c, const char *sql, int n, const char *const *params)
{
	PGresult	*res;
	uint64_t	 h;
	char		 name[24];
	size_t		 i;

	if (!db_preparable(sql))
		return PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	if (db_prepared_generation != db_generation) {
		db_prepared_forget();
		db_prepared_generation = db_generation;
	}
	h = db_hash(sql);
	for (i = 0; i < db_nprepared; i++)
		if (db_prepared[i].hash == h &&
		    strcmp(db_prepared[i].sql, sql) == 0)
			break;
	if (i == db_nprepared) {
		if (db_nprepared == DB_PREPARED_MAX)
			return PQexecParams(c, sql, n, NULL, params, NULL,
			    NULL, 0);
		snprintf(name, sizeof(name), "s%zu", i);
		res = PQprepare(c, name, sql, n, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			return res;
		PQclear(res);
		if ((db_prepared[i].sql = strdup(sql)) == NULL)
			abort();
		db_prepared[i].hash = h;
		db_nprepared++;
	}
	snprintf(name, sizeof(name), "s%zu", i);
	return PQexecPrepared(c, name, n, params, NULL, NULL, 0);
}

/* res if it succeeded; otherwise NULL, the failure noted and logged. */
static PGresult *
db_result(const char *caller, PGconn *c, PGresult *res)
{
	const char	*st;

	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		return res;
	default:
		break;
	}
	if ((st = PQresultErrorField(res, PG_DIAG_SQLSTATE)) != NULL)
		snprintf(db_sqlstate, sizeof(db_sqlstate), "%s", st);
	/* A unique violation is an answer for the caller, not a fault. */
	if (strcmp(db_sqlstate, "23505") != 0) {
		log_error("%s: database: %s", caller, db_message(c));
		db_errors++;
	}
	PQclear(res);
	return NULL;
}

PGresult *
db_exec(const char *caller, const char *sql, int n, const char *const *params)
{
	PGconn	*c;

	db_sqlstate[0] = '\0';
	if ((c = db_conn()) == NULL)
		return NULL;
	return db_result(caller, c, db_run(c, sql, n, params));
}

PGresult *
db_exec_planned(const char *caller, const char *sql, int n,
    const char *const *params)
{
	PGconn	*c;

	db_sqlstate[0] = '\0';
	if ((c = db_conn()) == NULL)
		return NULL;
	return db_result(caller, c, PQexecParams(c, sql, n, NULL, params,
	    NULL, NULL, 0));
}

int
db_send(const char *caller, const char *sql)
{
	PGconn	*c;

	db_sqlstate[0] = '\0';
	if ((c = db_conn()) == NULL)
		return -1;
	if (PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0) == 1)
		return 0;
	log_error("%s: database: %s", caller, db_message(c));
	db_errors++;
	return -1;
}

PGresult *
db_wait(const char *caller)
{
	PGresult	*res, *more;

	/*
	 * Not db_conn(): with a statement in flight the socket is readable,
	 * which db_alive() would take for a connection that had died.
	 */
	if (db == NULL)
		return NULL;
	res = PQgetResult(db);
	while ((more = PQgetResult(db)) != NULL)
		PQclear(more);
	return db_result(caller, db, res);
}

int
db_command(const char *caller, const char *sql, int n,
    const char *const *params)
{
	PGresult	*res;

	if ((res = db_exec(caller, sql, n, params)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

long
db_affected(const char *caller, const char *sql, int n,
    const char *const *params)
{
	PGresult	*res;
	long		 rows;

	if ((res = db_exec(caller, sql, n, params)) == NULL)
		return -1;
	rows = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return rows;
}

unsigned long
db_errors_take(void)
{
	unsigned long	n = db_errors;

	db_errors = 0;
	return n;
}

const char *
db_last_sqlstate(void)
{
	return db_sqlstate;
}

bool
db_ping(void)
{
	return db_command(__func__, "SELECT 1", 0, NULL) == 0;
}

int
db_begin(void)
{
	if (db_in_txn || db_command(__func__, "BEGIN", 0, NULL) == -1)
		return -1;
	db_in_txn = true;
	return 0;
}

int
db_commit(void)
{
	int	rc;

	/* COMMIT outside a transaction "succeeds" with a warning: refuse. */
	if (!db_in_txn || db == NULL ||
	    PQtransactionStatus(db) != PQTRANS_INTRANS) {
		db_rollback();
		return -1;
	}
	rc = db_command(__func__, "COMMIT", 0, NULL);
	if (rc == 0 && PQtransactionStatus(db) != PQTRANS_IDLE)
		rc = -1;
	db_in_txn = false;
	return rc;
}

void
db_rollback(void)
{
	PGconn	*c = db;

	db_in_txn = false;
	/* Never reconnect just to roll back: a new session has nothing. */
	if (c != NULL && PQstatus(c) == CONNECTION_OK &&
	    PQtransactionStatus(c) != PQTRANS_IDLE)
		(void)PQclear(PQexec(c, "ROLLBACK"));
}
