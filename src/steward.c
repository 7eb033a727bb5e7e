/*
 * steward.c: the server program. Started by spawn-fcgi with the listening
 * socket on fd 0 it becomes the master; the master starts itself again
 * with --worker for each worker. See steward(8).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "master.h"
#include "password.h"
#include "routes.h"
#include "worker.h"

#define STEWARD_DEFAULT_CONF	SYSCONFDIR "/steward/steward.conf"

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: steward [-t] [-c file]\n"
	    "       steward --routes\n");
	exit(2);
}

/* A whole number in [min, max], or -1. */
static int
steward_number(const char *s, long min, long max)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || n < min || n > max)
		return -1;
	return (int)n;
}

/*
 * The absolute path of this binary as it was started, so workers exec
 * the file on disk (a new binary after an upgrade), not /proc/self/exe.
 */
static char *
steward_self(const char *argv0)
{
	char	*path, *dir, *save = NULL, buf[PATH_MAX], *env;

	if (strchr(argv0, '/') != NULL)
		return realpath(argv0, NULL);
	if ((env = getenv("PATH")) == NULL || (path = strdup(env)) == NULL)
		return NULL;
	save = path;
	for (dir = strsep(&save, ":"); dir != NULL; dir = strsep(&save, ":")) {
		/* An empty PATH entry means the current directory. */
		snprintf(buf, sizeof(buf), "%s/%s", *dir ? dir : ".", argv0);
		if (access(buf, X_OK) == 0) {
			free(path);
			return realpath(buf, NULL);
		}
	}
	free(path);
	return NULL;
}

/*
 * steward --routes: the route table, one route a line: method, pattern,
 * access, permission, flags. The permission-matrix test walks it, so a
 * new route cannot go untested.
 */
static int
steward_routes(void)
{
	static const char *const access[ACCESS__MAX] = {
		[ACCESS_UNDECLARED] = "undeclared", [ACCESS_PUBLIC] = "public",
		[ACCESS_STAFF] = "staff", [ACCESS_LOOPBACK] = "loopback",
		[ACCESS_MFA] = "mfa", [ACCESS_ENROL] = "enrol",
		[ACCESS_SESSION] = "session",
	};
	char	err[256];
	size_t	i;

	if (route_check(routes, ROUTE__MAX, err, sizeof(err)) == -1) {
		fprintf(stderr, "steward: %s\n", err);
		return 1;
	}
	for (i = 0; i < ROUTE__MAX; i++)
		printf("%s\t%s\t%s\t%s\t%s%s%s%s%s\n",
		    route_method_name(routes[i].method), routes[i].pattern,
		    access[routes[i].access], routes[i].perm == PERM_NONE ?
		    "-" : perm_name(routes[i].perm),
		    routes[i].flags & ROUTE_JSON ? "json" : "html",
		    routes[i].flags & ROUTE_CSRF ? ",csrf" : "",
		    routes[i].flags & ROUTE_STEPUP ? ",stepup" : "",
		    routes[i].flags & ROUTE_PERSON ? ",person" : "", "");
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option	 longopts[] = {
		{ "worker", no_argument, NULL, 'W' },
		{ "ready-fd", required_argument, NULL, 'R' },
		{ "slot", required_argument, NULL, 'S' },
		{ "require-db", no_argument, NULL, 'D' },
		{ "routes", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	struct conf	 c;
	const char	*conf_path = STEWARD_DEFAULT_CONF;
	char		 err[512], *self, conf_abs[PATH_MAX];
	struct worker_args wa = { -1, -1, false };
	int		 ch, test = 0, worker = 0, rc;

	while ((ch = getopt_long(argc, argv, "c:t", longopts, NULL)) != -1)
		switch (ch) {
		case 'c':
			conf_path = optarg;
			break;
		case 't':
			test = 1;
			break;
		case 'W':
			worker = 1;
			break;
		case 'R':
			if ((wa.ready_fd = steward_number(optarg, 3, 1024)) == -1)
				usage();
			break;
		case 'S':
			if ((wa.slot = steward_number(optarg, 0, 1023)) == -1)
				usage();
			break;
		case 'D':
			wa.require_db = true;
			break;
		case 'L':
			return steward_routes();
		default:
			usage();
		}
	if (optind != argc)
		usage();

	if (conf_load(&c, conf_path, err, sizeof(err)) == -1) {
		fprintf(stderr, "steward: %s\n", err);
		return 1;
	}
	if (test) {
		/* What a worker would load at start-up, checked now. */
		if (password_blocklist_load(c.password_blocklist, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "steward: %s\n", err);
			conf_free(&c);
			return 1;
		}
		printf("steward: configuration %s is valid\n", conf_path);
		conf_free(&c);
		return 0;
	}
	/*
	 * Serving as root would give every request root's reach: refuse, so
	 * that a forgotten spawn-fcgi -u or User= is an error, not a risk.
	 */
	if (geteuid() == 0 || getuid() == 0) {
		fprintf(stderr, "steward: refusing to serve as root: start it "
		    "as an unprivileged user (spawn-fcgi -u, or User= in the "
		    "systemd unit)\n");
		conf_free(&c);
		return 1;
	}
	if (worker) {
		rc = worker_main(&c, &wa);
		conf_free(&c);
		return rc;
	}
	if ((self = steward_self(argv[0])) == NULL) {
		fprintf(stderr, "steward: cannot find my own binary (%s)\n",
		    argv[0]);
		return 1;
	}
	if (realpath(conf_path, conf_abs) == NULL) {
		fprintf(stderr, "steward: %s: %s\n", conf_path,
		    strerror(errno));
		return 1;
	}
	rc = master_main(&c, self, conf_abs);
	free(self);
	return rc;
}
