/*
 * migrate.c: schema migrations. Files are named NNNN-name.sql and are
 * never edited once released; each runs in one transaction together with
 * its row in steward.schema_migrations, so a failure leaves nothing
 * half-applied. Every file must SET LOCAL ROLE steward_owner, so the
 * objects it creates belong to the owner role and not to whoever ran it.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "migrate.h"

#define MIGRATE_MAX	1000
/* The advisory lock that keeps two runs of migrate apart. */
#define MIGRATE_LOCK	"7370657761726400"

struct migration {
	int	 version;
	char	*name;
};

static int
migrate_cmp(const void *a, const void *b)
{
	const struct migration	*x = a, *y = b;

	return (x->version > y->version) - (x->version < y->version);
}

/* True for "NNNN-[a-z0-9-]+.sql". */
static bool
migrate_name_ok(const char *n, int *version)
{
	size_t	len = strlen(n), i;

	if (len < 10 || strcmp(n + len - 4, ".sql") != 0 || n[4] != '-')
		return false;
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)n[i]))
			return false;
	for (i = 5; i < len - 4; i++)
		if (!islower((unsigned char)n[i]) &&
		    !isdigit((unsigned char)n[i]) && n[i] != '-')
			return false;
	*version = atoi(n);
	return *version > 0;
}

/* Lists the migrations in dir, sorted; -1 on error. */
static int
migrate_list(const char *dir, struct migration *m, int *n)
{
	DIR		*d;
	struct dirent	*e;
	int		 i, v;

	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "stewardctl: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (!migrate_name_ok(e->d_name, &v))
			continue;
		if (*n == MIGRATE_MAX || (m[*n].name = strdup(e->d_name)) ==
		    NULL) {
			closedir(d);
			return -1;
		}
		m[(*n)++].version = v;
	}
	closedir(d);
	qsort(m, *n, sizeof(*m), migrate_cmp);
	for (i = 1; i < *n; i++)
		if (m[i].version == m[i - 1].version) {
			fprintf(stderr, "stewardctl: %s and %s share a "
			    "number\n", m[i - 1].name, m[i].name);
			return -1;
		}
	return 0;
}

static char *
migrate_read(const char *dir, const char *name)
{
	char	 path[4096], *text;
	FILE	*f;
	long	 len;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == -1 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) == -1 ||
	    (text = malloc((size_t)len + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	if (fread(text, 1, (size_t)len, f) != (size_t)len) {
		free(text);
		fclose(f);
		return NULL;
	}
	text[len] = '\0';
	fclose(f);
	return text;
}

/* Runs sql, expecting success; prints the error and returns -1 if not. */
static int
migrate_exec(PGconn *c, const char *sql, const char *what)
{
	PGresult	*r = PQexec(c, sql);
	int		 st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fprintf(stderr, "stewardctl: %s: %s", what, PQerrorMessage(c));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

/* Applies one migration in its own transaction. */
static int
migrate_apply(PGconn *c, const char *dir, const struct migration *m)
{
	char		*text, ver[16];
	const char	*p[2];
	PGresult	*r;
	int		 ok;

	if ((text = migrate_read(dir, m->name)) == NULL) {
		fprintf(stderr, "stewardctl: cannot read %s/%s\n", dir,
		    m->name);
		return -1;
	}
	if (migrate_exec(c, "BEGIN", "BEGIN") == -1 ||
	    migrate_exec(c, text, m->name) == -1) {
		free(text);
		(void)migrate_exec(c, "ROLLBACK", "ROLLBACK");
		return -1;
	}
	free(text);
	if (PQtransactionStatus(c) != PQTRANS_INTRANS) {
		fprintf(stderr, "stewardctl: %s ends its own transaction; "
		    "migrations must not COMMIT or ROLLBACK\n", m->name);
		(void)migrate_exec(c, "ROLLBACK", "ROLLBACK");
		return -1;
	}
	r = PQexec(c, "SELECT current_user = 'steward_owner'");
	ok = PQresultStatus(r) == PGRES_TUPLES_OK &&
	    strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!ok) {
		fprintf(stderr, "stewardctl: %s does not SET LOCAL ROLE "
		    "steward_owner\n", m->name);
		(void)migrate_exec(c, "ROLLBACK", "ROLLBACK");
		return -1;
	}
	snprintf(ver, sizeof(ver), "%d", m->version);
	p[0] = ver;
	p[1] = m->name;
	r = PQexecParams(c, "INSERT INTO steward.schema_migrations"
	    " (version, name) VALUES ($1, $2)", 2, NULL, p, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok) {
		fprintf(stderr, "stewardctl: %s: %s", m->name,
		    PQerrorMessage(c));
		(void)migrate_exec(c, "ROLLBACK", "ROLLBACK");
		return -1;
	}
	if (migrate_exec(c, "COMMIT", m->name) == -1)
		return -1;
	printf("applied %s\n", m->name);
	return 0;
}

int
migrate_run(const char *dsn, const char *dir, bool dry_run)
{
	struct migration	 m[MIGRATE_MAX];
	PGconn			*c = NULL;
	PGresult		*r = NULL;
	bool			 have_ledger;
	int			 n = 0, i, j, pending = 0, rc = -1, top = 0;
	int			*applied = NULL, napplied = 0;

	if (migrate_list(dir, m, &n) == -1)
		goto out;
	c = PQconnectdb(dsn);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "stewardctl: %s", PQerrorMessage(c));
		goto out;
	}
	/* The audit chain hashes UTF-8 text: other encodings would break it. */
	r = PQexec(c, "SHOW server_encoding");
	if (PQresultStatus(r) != PGRES_TUPLES_OK ||
	    strcmp(PQgetvalue(r, 0, 0), "UTF8") != 0) {
		fprintf(stderr, "stewardctl: the database must use UTF8 "
		    "(CREATE DATABASE ... ENCODING 'UTF8'), not %s\n",
		    PQresultStatus(r) == PGRES_TUPLES_OK ?
		    PQgetvalue(r, 0, 0) : "unknown");
		goto out;
	}
	PQclear(r);
	r = NULL;
	/*
	 * Two migrate runs at once would race; the second waits. A dry run
	 * changes nothing and takes no lock: a session lock left on a
	 * pooled connection (pgbouncer) would block every later run.
	 */
	if (!dry_run && migrate_exec(c, "SELECT pg_advisory_lock("
	    MIGRATE_LOCK ")", "lock") == -1)
		goto out;
	r = PQexec(c, "SELECT to_regclass('steward.schema_migrations')"
	    " IS NOT NULL");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "stewardctl: %s", PQerrorMessage(c));
		goto out;
	}
	have_ledger = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	r = NULL;
	if (have_ledger) {
		r = PQexec(c, "SELECT version FROM steward.schema_migrations"
		    " ORDER BY version");
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, "stewardctl: %s", PQerrorMessage(c));
			goto out;
		}
		napplied = PQntuples(r);
		if ((applied = calloc(napplied + 1, sizeof(int))) == NULL)
			goto out;
		for (i = 0; i < napplied; i++)
			applied[i] = atoi(PQgetvalue(r, i, 0));
		PQclear(r);
		r = NULL;
	}
	for (i = 0; i < napplied; i++)
		if (applied[i] > top)
			top = applied[i];
	if (n > 0 && top > m[n - 1].version)
		fprintf(stderr, "stewardctl: warning: the database has "
		    "migration %04d, newer than any in %s\n", top, dir);

	for (i = 0; i < n; i++) {
		for (j = 0; j < napplied; j++)
			if (applied[j] == m[i].version)
				break;
		if (j < napplied)
			continue;
		pending++;
		if (dry_run) {
			printf("pending %s\n", m[i].name);
			continue;
		}
		if (migrate_apply(c, dir, &m[i]) == -1)
			goto out;
	}
	if (pending == 0)
		printf("database is up to date (%d migrations applied)\n",
		    napplied);
	if (!dry_run && migrate_exec(c, "SELECT pg_advisory_unlock("
	    MIGRATE_LOCK ")", "unlock") == -1)
		goto out;
	rc = 0;
out:
	PQclear(r);
	PQfinish(c);
	free(applied);
	for (i = 0; i < n; i++)
		free(m[i].name);
	return rc;
}

int
migrate_pending(PGconn *c, const char *dir, char *first, size_t firstsize)
{
	struct migration	 m[MIGRATE_MAX];
	PGresult		*r;
	int			 n = 0, i, j, pending = 0;

	*first = '\0';
	if (migrate_list(dir, m, &n) == -1) {
		snprintf(first, firstsize, "cannot list the migrations in %s",
		    dir);
		for (i = 0; i < n; i++)
			free(m[i].name);
		return -1;
	}
	r = PQexec(c, "SELECT version FROM steward.schema_migrations");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(first, firstsize, "cannot read "
		    "steward.schema_migrations (is the database migrated?)");
		pending = -1;
	}
	for (i = 0; i < n && pending != -1; i++) {
		for (j = 0; j < PQntuples(r); j++)
			if (atoi(PQgetvalue(r, j, 0)) == m[i].version)
				break;
		if (j < PQntuples(r))
			continue;
		if (pending++ == 0)
			snprintf(first, firstsize, "%s", m[i].name);
	}
	PQclear(r);
	for (i = 0; i < n; i++)
		free(m[i].name);
	return pending;
}

int
migrate_role_check(PGconn *c, char *why, size_t whysize)
{
	PGresult	*r;
	int		 rc = 0;

	r = PQexec(c, "SELECT current_user, rolsuper,"
	    " pg_has_role(current_user, 'steward_owner', 'MEMBER')"
	    " FROM pg_roles WHERE rolname = current_user");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		snprintf(why, whysize, "cannot read the role it connected as");
		rc = -1;
	} else if (strcmp(PQgetvalue(r, 0, 1), "t") == 0) {
		snprintf(why, whysize, "connected as %s, a superuser, who can "
		    "rewrite the audit trail: workers connect as steward_app",
		    PQgetvalue(r, 0, 0));
		rc = -1;
	} else if (strcmp(PQgetvalue(r, 0, 2), "t") == 0) {
		snprintf(why, whysize, "connected as %s, a member of "
		    "steward_owner, which owns the audit trail: workers "
		    "connect as steward_app", PQgetvalue(r, 0, 0));
		rc = -1;
	}
	PQclear(r);
	return rc;
}
