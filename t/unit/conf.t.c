/*
 * conf.t.c: steward.conf defaults and parsing (src/conf.c). The parser is
 * strict on purpose, so most of these feed it mistakes an operator could
 * make and check that each stops with the line named.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "t/tap.h"

static bool
ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
test_defaults(void)
{
	struct conf	c;

	conf_defaults(&c);
	is_string(c.database, "dbname=steward user=steward_app",
	    "default database");
	is_string(c.migrate_database, "", "default migrate_database is empty");
	ok(c.templates != NULL && ends_with(c.templates, "/templates"),
	    "default templates is under the package data directory");
	ok(c.sql != NULL && ends_with(c.sql, "/sql"),
	    "default sql is under the package data directory");
	is_string(c.pid_file, "/run/steward/steward.pid", "default pid_file");
	is_int(c.workers, 4, "default workers");
	is_int(c.max_body_size, 1048576, "default max_body_size");
	is_int(c.max_fields, 256, "default max_fields");
	is_int(c.max_name_length, 128, "default max_name_length");
	is_int(c.max_value_length, 65536, "default max_value_length");
	is_int(c.argon2_memory, 19456, "default argon2_memory (KiB)");
	is_int(c.argon2_iterations, 2, "default argon2_iterations");
	is_int(c.argon2_parallelism, 1, "default argon2_parallelism");
	is_int(c.session_lifetime, 43200, "default session_lifetime");
	is_int(c.session_idle_timeout, 1800, "default session_idle_timeout");
	is_int(c.argon2_wait, 0, "default argon2_wait: none (a flood costs "
	    "more with one; races are retried anyway)");
	is_int(c.login_max_failures, 10, "default login_max_failures");
	is_int(c.login_lock_time, 900, "default login_lock_time");
	is_string(c.mfa_required_roles, "admin,owner", "an installed steward "
	    "requires two-factor sign-in of admin and owner by default");
	conf_free(&c);
	ok(c.database == NULL && c.templates == NULL,
	    "conf_free clears the pointers");
	conf_free(&c);
	ok(true, "conf_free twice is safe");
	conf_free(NULL);
	ok(true, "conf_free(NULL) is a no-op");
}

static void
test_good(void)
{
	static const char	text[] =
	    "# Steward configuration\n"
	    "\n"
	    "   \t\n"
	    "   database = host=/run/postgresql port=5432 dbname=steward "
	    "user=steward_app  \n"
	    "workers=8\n"
	    "\tmax_body_size\t=\t2048\r\n"
	    "  # an indented comment = with an equals sign\n"
	    "pid_file =\n"
	    "migrate_database = dbname=steward user=steward_owner "
	    "application_name='steward migrate'\n"
	    "session_lifetime = 60";	/* no newline at the end */
	static const char	edges[] =
	    "workers = 128\nmax_body_size = 1024\nargon2_memory = 8\n";
	struct conf		c;
	char			err[256] = "";

	conf_defaults(&c);
	is_int(conf_parse(&c, text, sizeof(text) - 1, "good.conf", err,
	    sizeof(err)), 0, "a good file parses");
	if (err[0] != '\0')
		diag("%s", err);
	is_string(c.database,
	    "host=/run/postgresql port=5432 dbname=steward user=steward_app",
	    "a DSN with spaces and '=' is kept whole, outer space trimmed");
	is_string(c.migrate_database,
	    "dbname=steward user=steward_owner application_name='steward "
	    "migrate'", "quotes inside a value are kept as written");
	is_int(c.workers, 8, "workers=8 without spaces");
	is_int(c.max_body_size, 2048, "tabs and CRLF around a value");
	is_string(c.pid_file, "", "an empty string value is allowed");
	is_int(c.session_lifetime, 60, "the last line needs no newline");
	is_int(c.max_fields, 256, "a key not in the file keeps its default");
	conf_free(&c);

	conf_defaults(&c);
	is_int(conf_parse(&c, "", 0, "empty.conf", err, sizeof(err)), 0,
	    "an empty file parses");
	is_int(c.workers, 4, "and leaves the defaults");
	is_int(conf_parse(&c, edges, sizeof(edges) - 1, "x.conf", err,
	    sizeof(err)), 0, "values at the edges of their ranges parse");
	is_int(c.workers, 128, "workers 128 (the maximum)");
	is_int(c.max_body_size, 1024, "max_body_size 1024 (the minimum)");
	is_int(c.argon2_memory, 8, "argon2_memory 8 (the minimum)");
	conf_free(&c);

	/* Parsing is over the given length, not up to a NUL. */
	conf_defaults(&c);
	is_int(conf_parse(&c, "workers = 5\nbogus = 1\n", 12, "x.conf", err,
	    sizeof(err)), 0, "only len bytes are parsed");
	is_int(c.workers, 5, "and the line within them is applied");
	conf_free(&c);
}

/*
 * Parses text over fresh defaults and checks it fails with a message that
 * starts with want (the file name and line).
 */
static void
bad(const char *text, size_t len, const char *want, const char *what)
{
	struct conf	c;
	char		err[256] = "";
	int		rc;

	conf_defaults(&c);
	rc = conf_parse(&c, text, len, "x.conf", err, sizeof(err));
	ok(rc == -1 && starts_with(err, want), "%s is refused at %s", what,
	    want);
	if (rc != -1 || !starts_with(err, want))
		diag("rc %d, err \"%s\"", rc, err);
	conf_free(&c);
}

#define BAD(text, want, what)	bad(text, sizeof(text) - 1, want, what)

static void
test_bad(void)
{
	static const char *const numbers[] = {
		"12x", "", "-1", "+5", " 5x", "0x10", "1 2", "1.5", "1e3",
		"0", "257", "99999999999999999999999", "-0", "4\t4", "\xd9\xa4",
	};
	char	text[128], what[64], *big;
	size_t	i, n;

	BAD("workers = 4\n# fine\nwrokers = 4\n", "x.conf:3:",
	    "an unknown key");
	BAD("Workers = 4\n", "x.conf:1:", "a key in the wrong case");
	BAD("work ers = 4\n", "x.conf:1:", "a key with a space inside");
	BAD("= 4\n", "x.conf:1:", "an empty key");
	BAD("workers = 4\nworkers = 4\n", "x.conf:2:", "a duplicate key");
	BAD("database = a\n\n\ndatabase = b\n", "x.conf:4:",
	    "a duplicate string key");
	BAD("workers 4\n", "x.conf:1:", "a line without '='");
	BAD("\n\n[steward]\n", "x.conf:3:", "an ini section header");
	BAD("workers = 4\nda\0tabase = x\n", "x.conf:2:",
	    "a NUL byte in a line");
	BAD("workers = 4\0\n", "x.conf:1:", "a NUL byte after a value");
	BAD("max_body_size = 1023\n", "x.conf:1:", "max_body_size below 1024");
	BAD("argon2_memory = 7\n", "x.conf:1:", "argon2_memory below 8");
	BAD("workers = 4\nargon2_memory = 300000\n", "x.conf:2: argon2_memory "
	    "300000 is above argon2_max_memory", "a cost above its ceiling");
	BAD("\nargon2_max_iterations = 1\n", "x.conf:2: argon2_iterations 2 is "
	    "above argon2_max_iterations 1", "a ceiling below the default cost");
	BAD("session_lifetime = 59\n", "x.conf:1:",
	    "session_lifetime below 60");
	BAD("session_lifetime = 2592001\n", "x.conf:1:",
	    "session_lifetime above 30 days");

	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		n = (size_t)snprintf(text, sizeof(text), "# c\nworkers = %s\n",
		    numbers[i]);
		snprintf(what, sizeof(what), "workers = \"%s\"", numbers[i]);
		bad(text, n, "x.conf:2:", what);
	}

	/* A line longer than the parser's buffer must not overflow it. */
	n = 10000;
	if ((big = malloc(n)) == NULL)
		bail("out of memory");
	memcpy(big, "database = ", 11);
	memset(big + 11, 'x', n - 11);
	bad(big, n, "x.conf:1:", "a 10000-byte line");
	free(big);
}

static void
test_load(void)
{
	struct conf	c;
	char		err[256] = "";

	is_int(conf_load(&c, "/nonexistent/steward.conf", err, sizeof(err)),
	    -1, "conf_load of a missing file fails");
	ok(starts_with(err, "/nonexistent/steward.conf:"),
	    "and names the file");
	conf_free(&c);
	is_int(conf_load(&c, "/dev/null", err, sizeof(err)), 0,
	    "conf_load of an empty file succeeds");
	is_int(c.workers, 4, "and gives the defaults");
	conf_free(&c);
}

int
main(void)
{
	plan_lazy();
	test_defaults();
	test_good();
	test_bad();
	test_load();
	return tap_done();
}
