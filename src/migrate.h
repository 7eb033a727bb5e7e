/*
 * migrate.h: applying the numbered SQL files in order (stewardctl migrate).
 */
#ifndef STEWARD_MIGRATE_H
#define STEWARD_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Applies every migration in dir not yet in steward.schema_migrations,
 * each in its own transaction, reporting progress on stdout. With
 * dry_run only lists what is pending. Returns 0, or -1 (reason on
 * stderr).
 */
int	migrate_run(const char *dsn, const char *dir, bool dry_run);

struct pg_conn;
/*
 * How many migrations in dir the database behind c has not applied (a
 * worker refuses to start on a schema older than its own code); the
 * first one's name goes in first. -1 on error, the reason in first.
 */
int	migrate_pending(struct pg_conn *c, const char *dir, char *first,
	    size_t firstsize);

/*
 * A worker's connection must not be able to get round the audit trail's
 * rules: 0 if its role is neither a superuser nor a member of
 * steward_owner, else -1 with why.
 */
int	migrate_role_check(struct pg_conn *c, char *why, size_t whysize);

#endif
