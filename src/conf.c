/*
 * conf.c: the configuration file. Strict on purpose: an unknown key, a
 * repeated key or a value out of range stops the program with the line
 * named, rather than running with a setting the operator did not mean.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

enum conf_type {
	CONF_STRING,
	CONF_INT,
	CONF_LONG
};

struct conf_key {
	const char	*name;
	enum conf_type	 type;
	size_t		 offset;
	const char	*def;		/* default, as it would be written */
	long		 min, max;	/* numbers only */
};

#define K(n, t, d, lo, hi) { #n, t, offsetof(struct conf, n), d, lo, hi }

static const struct conf_key conf_keys[] = {
	K(database, CONF_STRING, "dbname=steward user=steward_app", 0, 0),
	K(migrate_database, CONF_STRING, "", 0, 0),
	K(templates, CONF_STRING, PKGDATADIR "/templates", 0, 0),
	K(sql, CONF_STRING, PKGDATADIR "/sql", 0, 0),
	K(resources, CONF_STRING, SYSCONFDIR "/steward/resources.json", 0, 0),
	K(explore_schemas, CONF_STRING, "", 0, 0),
	K(pid_file, CONF_STRING, "/run/steward/steward.pid", 0, 0),
	/* A reload runs two generations at once in 256 scoreboard slots. */
	K(workers, CONF_INT, "4", 1, 128),
	K(max_body_size, CONF_LONG, "1048576", 1024, 64L * 1024 * 1024),
	K(max_fields, CONF_LONG, "256", 1, 100000),
	K(max_name_length, CONF_LONG, "128", 1, 65536),
	K(max_value_length, CONF_LONG, "65536", 1, 64L * 1024 * 1024),
	K(argon2_memory, CONF_LONG, "19456", 8, 4L * 1024 * 1024),
	K(argon2_iterations, CONF_LONG, "2", 1, 64),
	K(argon2_parallelism, CONF_LONG, "1", 1, 64),
	K(session_lifetime, CONF_LONG, "43200", 60, 30L * 24 * 3600),
	K(request_timeout, CONF_LONG, "60", 1, 3600),
	K(worker_start_timeout, CONF_LONG, "30", 1, 600),
	K(statement_timeout, CONF_LONG, "30", 0, 3600),
	K(session_idle_timeout, CONF_LONG, "1800", 60, 30L * 24 * 3600),
	K(password_min_length, CONF_LONG, "12", 8, 64),
	K(password_blocklist, CONF_STRING, "/usr/share/john/password.lst", 0,
	    0),
	K(login_max_failures, CONF_LONG, "10", 3, 1000),
	K(login_lock_time, CONF_LONG, "900", 60, 7L * 24 * 3600),
	K(login_max_failures_per_ip, CONF_LONG, "100", 10, 100000),
	/* 0: half the workers, so a flood of sign-ins always leaves
	 * workers free for everything else. */
	K(argon2_max_concurrent, CONF_LONG, "0", 0, 256),
	/* 0: a sign-in that finds every slot taken gets 503 at once; a
	 * waiting worker is one fewer for everything else (measured with
	 * contrib/bench/sign-in-flood: see steward.conf(5)). A race for
	 * the last slot is retried whatever the wait. */
	K(argon2_wait, CONF_LONG, "0", 0, 10000),
	K(argon2_max_memory, CONF_LONG, "262144", 8, 4L * 1024 * 1024),
	K(argon2_max_iterations, CONF_LONG, "16", 1, 64),
	K(argon2_max_parallelism, CONF_LONG, "8", 1, 64),
	K(mfa_required_roles, CONF_STRING, "admin,owner", 0, 0),
	/* Resource-engine writes needing these permissions ask for step-up. */
	K(stepup_permissions, CONF_STRING, "credits.grant", 0, 0),
	K(stepup_window, CONF_LONG, "300", 30, 3600),
	/* Rows a bulk action changes per transaction (one batch). */
	K(bulk_batch, CONF_LONG, "10000", 1, 100000),
};

#define CONF_NKEYS (sizeof(conf_keys) / sizeof(conf_keys[0]))

/* Sets one key from its textual value; -1 with a reason in why. */
static int
conf_set(struct conf *c, const struct conf_key *k, const char *value,
    const char **why)
{
	char	*end, *copy, **sp;
	long	 n;

	switch (k->type) {
	case CONF_STRING:
		if ((copy = strdup(value)) == NULL) {
			*why = "out of memory";
			return -1;
		}
		sp = (char **)((char *)c + k->offset);
		free(*sp);
		*sp = copy;
		return 0;
	case CONF_INT:
	case CONF_LONG:
		errno = 0;
		n = strtol(value, &end, 10);
		if (value[0] == '\0' || *end != '\0' || errno != 0 ||
		    value[0] == '+' || value[0] == '-' || value[0] == ' ') {
			*why = "not a whole number";
			return -1;
		}
		if (n < k->min || n > k->max) {
			*why = "out of range";
			return -1;
		}
		if (k->type == CONF_INT)
			*(int *)((char *)c + k->offset) = (int)n;
		else
			*(long *)((char *)c + k->offset) = n;
		return 0;
	}
	abort();
}

void
conf_defaults(struct conf *c)
{
	const char	*why;
	size_t		 i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < CONF_NKEYS; i++)
		if (conf_set(c, &conf_keys[i], conf_keys[i].def, &why) == -1)
			abort();
}

static size_t
conf_index(const char *name)
{
	size_t	i;

	for (i = 0; i < CONF_NKEYS; i++)
		if (strcmp(conf_keys[i].name, name) == 0)
			return i;
	abort();
}

static bool
conf_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

int
conf_parse(struct conf *c, const char *text, size_t len, const char *name,
    char *err, size_t errsize)
{
	bool		 seen[CONF_NKEYS] = { false };
	int		 last[CONF_NKEYS] = { 0 };
	const char	*p = text, *end = text + len, *nl, *why;
	char		 line[4096], *key, *value, *eq, *e;
	size_t		 i, n;
	int		 lineno = 0;

	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		n = nl - p;
		if (memchr(p, '\0', n) != NULL) {
			snprintf(err, errsize, "%s:%d: NUL byte", name, lineno);
			return -1;
		}
		if (n >= sizeof(line)) {
			snprintf(err, errsize, "%s:%d: line too long", name,
			    lineno);
			return -1;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		/* Never step past one-past-the-end. */
		p = nl < end ? nl + 1 : end;

		for (key = line; conf_space(*key); key++)
			continue;
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			snprintf(err, errsize, "%s:%d: expected \"key = value\"",
			    name, lineno);
			return -1;
		}
		for (e = eq; e > key && conf_space(e[-1]); e--)
			continue;
		*e = '\0';
		for (value = eq + 1; conf_space(*value); value++)
			continue;
		for (e = value + strlen(value); e > value && conf_space(e[-1]);
		    e--)
			continue;
		*e = '\0';

		for (i = 0; i < CONF_NKEYS; i++)
			if (strcmp(conf_keys[i].name, key) == 0)
				break;
		if (i == CONF_NKEYS) {
			snprintf(err, errsize, "%s:%d: unknown key \"%.64s\"",
			    name, lineno, key);
			return -1;
		}
		if (seen[i]) {
			snprintf(err, errsize, "%s:%d: \"%s\" is set twice",
			    name, lineno, key);
			return -1;
		}
		seen[i] = true;
		last[i] = lineno;
		if (conf_set(c, &conf_keys[i], value, &why) == -1) {
			if (conf_keys[i].type == CONF_STRING)
				snprintf(err, errsize, "%s:%d: %s: %s", name,
				    lineno, key, why);
			else
				snprintf(err, errsize,
				    "%s:%d: %s: %s (expected %ld to %ld)",
				    name, lineno, key, why, conf_keys[i].min,
				    conf_keys[i].max);
			return -1;
		}
	}
	if (c->argon2_max_concurrent == 0)
		c->argon2_max_concurrent = c->workers / 2 > 0 ?
		    c->workers / 2 : 1;
	{
		/* The cost over its ceiling, named at the line that set it. */
		static const char *const cost[][2] = {
			{ "argon2_memory", "argon2_max_memory" },
			{ "argon2_iterations", "argon2_max_iterations" },
			{ "argon2_parallelism", "argon2_max_parallelism" },
		};
		long	v[3][2] = {
			{ c->argon2_memory, c->argon2_max_memory },
			{ c->argon2_iterations, c->argon2_max_iterations },
			{ c->argon2_parallelism, c->argon2_max_parallelism },
		};
		int	k, at;

		for (k = 0; k < 3; k++) {
			if (v[k][0] <= v[k][1])
				continue;
			at = last[conf_index(cost[k][0])] > 0 ?
			    last[conf_index(cost[k][0])] :
			    last[conf_index(cost[k][1])];
			snprintf(err, errsize, "%s:%d: %s %ld is above %s %ld: "
			    "new hashes would be refused", name, at,
			    cost[k][0], v[k][0], cost[k][1], v[k][1]);
			return -1;
		}
	}
	/* libargon2 refuses less than 8 KiB of memory per lane. */
	if (c->argon2_memory < 8 * c->argon2_parallelism) {
		snprintf(err, errsize, "%s:%d: argon2_memory must be at least "
		    "8 * argon2_parallelism (%ld)", name,
		    last[conf_index("argon2_memory")] > 0 ?
		    last[conf_index("argon2_memory")] :
		    last[conf_index("argon2_parallelism")],
		    8 * c->argon2_parallelism);
		return -1;
	}
	return 0;
}

int
conf_load(struct conf *c, const char *path, char *err, size_t errsize)
{
	FILE	*f;
	char	*text = NULL;
	size_t	 len = 0, cap = 0, n;
	int	 rc = -1;

	conf_defaults(c);
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (cap - len < 4096) {
			char	*t;

			if (cap > 1024 * 1024) {
				snprintf(err, errsize, "%s: file too large",
				    path);
				goto out;
			}
			cap = cap ? cap * 2 : 8192;
			if ((t = realloc(text, cap)) == NULL) {
				snprintf(err, errsize, "%s: out of memory",
				    path);
				goto out;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errsize, "%s: read error", path);
		goto out;
	}
	rc = conf_parse(c, text, len, path, err, errsize);
out:
	free(text);
	fclose(f);
	return rc;
}

bool
conf_role_listed(const char *list, const char *role)
{
	size_t	n = strlen(role), len;

	while (*list != '\0') {
		list += strspn(list, ", \t");
		len = strcspn(list, ", \t");
		if (len == n && len > 0 && strncmp(list, role, n) == 0)
			return true;
		list += len;
	}
	return false;
}

void
conf_free(struct conf *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < CONF_NKEYS; i++)
		if (conf_keys[i].type == CONF_STRING) {
			char	**sp = (char **)((char *)c + conf_keys[i].offset);

			free(*sp);
			*sp = NULL;
		}
}
