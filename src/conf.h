/*
 * conf.h: steward.conf, "key = value" lines; see steward.conf(5).
 */
#ifndef STEWARD_CONF_H
#define STEWARD_CONF_H

#include <stdbool.h>
#include <stddef.h>

struct conf {
	char		*database;		/* libpq DSN for workers */
	char		*migrate_database;	/* DSN for stewardctl migrate */
	char		*templates;		/* template directory */
	char		*sql;			/* migration directory */
	char		*resources;		/* the catalogue, or "" */
	char		*explore_schemas;	/* "app,public": browsable */
	char		*pid_file;		/* master's pid file; "" = none */
	int		 workers;
	long		 max_body_size;		/* bytes */
	long		 max_fields;
	long		 max_name_length;	/* bytes, after decoding */
	long		 max_value_length;	/* bytes, after decoding */
	long		 argon2_memory;		/* KiB */
	long		 argon2_iterations;
	long		 argon2_parallelism;
	long		 session_lifetime;	/* seconds */
	long		 request_timeout;	/* seconds; then the worker dies */
	long		 worker_start_timeout;	/* seconds to report ready */
	long		 statement_timeout;	/* seconds; 0: PostgreSQL's */
	long		 session_idle_timeout;	/* seconds */
	long		 password_min_length;	/* characters */
	char		*password_blocklist;	/* file; "" = none */
	long		 login_max_failures;	/* in a row, then locked */
	long		 login_lock_time;	/* seconds */
	long		 login_max_failures_per_ip; /* per lock time */
	long		 argon2_max_concurrent;	/* hashes at once, pool-wide */
	long		 argon2_wait;		/* ms to wait for a slot */
	long		 argon2_max_memory;	/* ceiling for stored hashes */
	long		 argon2_max_iterations;
	long		 argon2_max_parallelism;
	char		*mfa_required_roles;	/* "admin,owner" */
	char		*stepup_permissions;	/* "credits.grant" */
	long		 stepup_window;		/* seconds */
	long		 bulk_batch;		/* rows per bulk transaction */
};

/* Fills every key with its default; strings are malloc'd. */
void	conf_defaults(struct conf *);
/*
 * Parses text (len bytes, named name in messages) over the defaults
 * already in c. Returns 0, or -1 with a message naming the line in err.
 */
int	conf_parse(struct conf *, const char *text, size_t len,
	    const char *name, char *err, size_t errsize);
/* conf_defaults() then conf_parse() of the file at path. */
int	conf_load(struct conf *, const char *path, char *err, size_t errsize);
/* True if role is named in the comma-separated list. */
bool	conf_role_listed(const char *list, const char *role);
/* Frees the strings; conf_free(NULL) is a no-op. */
void	conf_free(struct conf *);

#endif
