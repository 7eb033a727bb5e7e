/*
 * migrate.h: applying the numbered SQL files in order (stewardctl migrate).
 */
#ifndef STEWARD_MIGRATE_H
#define STEWARD_MIGRATE_H

#include <stdbool.h>

/*
 * Applies every migration in dir not yet in steward.schema_migrations,
 * each in its own transaction, reporting progress on stdout. With
 * dry_run only lists what is pending. Returns 0, or -1 (reason on
 * stderr).
 */
int	migrate_run(const char *dsn, const char *dir, bool dry_run);

#endif
