/*
 * stewardctl.c: the sysadmin's tool. See stewardctl(8).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "arena.h"
#include "catalog.h"
#include "audit.h"
#include "chain.h"
#include "crypto.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "migrate.h"
#include "password.h"
#include "staff.h"
#include "role.h"
#include "session.h"
#include "throttle.h"
#include "totp.h"

#define CTL_DEFAULT_CONF	SYSCONFDIR "/steward/steward.conf"
#define CTL_PW_MAX		1024

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: stewardctl [-c file] check-config\n"
	    "       stewardctl [-c file] migrate [--dry-run]\n"
	    "       stewardctl [-c file] create-owner [--name NAME] EMAIL\n"
	    "       stewardctl [-c file] reset-password EMAIL\n"
	    "       stewardctl [-c file] disable-mfa EMAIL\n"
	    "       stewardctl [-c file] set-role EMAIL ROLE\n"
	    "       stewardctl [-c file] deactivate EMAIL | reactivate EMAIL\n"
	    "       stewardctl [-c file] resources scaffold SCHEMA.TABLE\n"
	    "       stewardctl [-c file] reload | upgrade\n"
	    "       stewardctl [-c file] audit verify [--from SEQ --hash HEX]\n"
	    "       stewardctl [-c file] audit head\n"
	    "\n"
	    "A new installation, once (stewardctl(8), NEW INSTALLATIONS):\n"
	    "  1. create a UTF8 database and let the roles log in:\n"
	    "     runuser -u postgres -- createdb --encoding=UTF8 "
	    "--template=template0 steward\n"
	    "     (and set migrate_database in steward.conf)\n"
	    "  2. stewardctl migrate\n"
	    "  3. stewardctl create-owner you@example.com\n");
	exit(2);
}

/*
 * Reads one line into buf without its newline. On a terminal the echo is
 * off and prompt is shown; otherwise the line comes from stdin. -1 on EOF
 * or a line too long.
 */
static int
ctl_read_password(const char *prompt, char *buf, size_t size)
{
	struct termios	 old, quiet;
	bool		 tty = isatty(STDIN_FILENO);
	size_t		 len;
	char		*ok;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (tcgetattr(STDIN_FILENO, &old) == -1)
			return -1;
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == -1)
			return -1;
	}
	ok = fgets(buf, (int)size, stdin);
	if (tty) {
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (ok == NULL)
		return -1;
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (!feof(stdin))
		return -1;	/* longer than the buffer */
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return 0;
}

static int
ctl_create_owner(const struct conf *c, int argc, char *argv[])
{
	static const struct option	 opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	char		 pw[CTL_PW_MAX], again[CTL_PW_MAX], hash[PASSWORD_HASH_MAX];
	char		*name = NULL, *at, idtxt[24], err[512];
	const char	*email, *why;
	struct audit_context ctx;
	struct audit_txn *t;
	struct json_object *after;
	struct arena	*a;
	long long	 id;
	int		 ch, rc = 1;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "n:", opts, NULL)) != -1)
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		default:
			usage();
		}
	if (argc - optind != 1)
		usage();
	email = argv[optind];
	if (!staff_email_ok(email)) {
		fprintf(stderr, "stewardctl: \"%s\" is not an email "
		    "address\n", email);
		return 1;
	}
	if (name != NULL && !staff_name_ok(name)) {
		fprintf(stderr, "stewardctl: a name has 1 to 200 characters of "
		    "UTF-8 text, without control characters\n");
		return 1;
	}
	if (ctl_read_password("Password: ", pw, sizeof(pw)) == -1) {
		fprintf(stderr, "stewardctl: no password given\n");
		return 1;
	}
	if (password_blocklist_load(c->password_blocklist, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "stewardctl: %s\n", err);
		goto out;
	}
	if ((why = password_policy(c, pw, email)) != NULL) {
		fprintf(stderr, "stewardctl: %s\n", why);
		goto out;
	}
	if (isatty(STDIN_FILENO)) {
		if (ctl_read_password("Password again: ", again,
		    sizeof(again)) == -1 || strcmp(pw, again) != 0) {
			fprintf(stderr, "stewardctl: the passwords differ\n");
			goto out;
		}
	}
	if (password_hash(c, pw, hash, sizeof(hash)) == -1) {
		fprintf(stderr, "stewardctl: cannot hash the password\n");
		goto out;
	}
	if (name == NULL) {
		/* The part before the '@' until the owner sets a name. */
		if ((name = strdup(email)) == NULL)
			goto out;
		at = strchr(name, '@');
		*at = '\0';
	} else if ((name = strdup(name)) == NULL)
		goto out;
	if (db_open(c->database, 0) == -1) {
		free(name);
		goto out;
	}
	a = arena_new();
	memset(&ctx, 0, sizeof(ctx));
	ctx.user_agent = "stewardctl create-owner";
	t = audit_begin(a, &ctx);
	switch (staff_create(t, email, name, hash, "owner", &id)) {
	case 0:
		snprintf(idtxt, sizeof(idtxt), "%lld", id);
		after = json_object_new_object();
		json_object_object_add(after, "email",
		    json_object_new_string(email));
		json_object_object_add(after, "display_name",
		    json_object_new_string(name));
		json_object_object_add(after, "role",
		    json_object_new_string("owner"));
		json_object_object_add(after, "status",
		    json_object_new_string("active"));
		json_object_object_add(after, "password_hash",
		    json_object_new_string(hash));
		if (audit_commit(t, AUDIT_STAFF_CREATE, "staff", idtxt, NULL,
		    after) == -1) {
			fprintf(stderr, "stewardctl: could not record the "
			    "account; nothing was created\n");
			break;
		}
		printf("created owner %s (staff id %lld)\n", email, id);
		rc = 0;
		break;
	case 1:
		audit_abort(t);
		fprintf(stderr, "stewardctl: %s already has an account\n",
		    email);
		break;
	default:
		audit_abort(t);
		fprintf(stderr, "stewardctl: could not create the account "
		    "(is the database migrated?)\n");
		break;
	}
	arena_free(a);
	free(name);
	db_close();
out:
	explicit_bzero(pw, sizeof(pw));
	explicit_bzero(again, sizeof(again));
	return rc;
}

/*
 * Whether process pid runs a program named steward, read from
 * /proc/PID/exe (proc(5)); once a package upgrade has replaced the file
 * the link reads "PATH (deleted)", which counts too. Returns 1 if so, 0
 * if not, -1 if the link cannot be read; exe receives the link, or why
 * it could not be read.
 */
static int
ctl_runs_steward(long pid, char *exe, size_t exesize)
{
	char		 link[64];
	const char	*base;
	ssize_t		 n;

	snprintf(link, sizeof(link), "/proc/%ld/exe", pid);
	if ((n = readlink(link, exe, exesize - 1)) == -1) {
		snprintf(exe, exesize, "%s", errno == ENOENT ?
		    "no such process" : strerror(errno));
		return -1;
	}
	exe[n] = '\0';
	if ((base = strrchr(exe, '/')) != NULL)
		base++;
	else
		base = exe;
	return strcmp(base, "steward") == 0 ||
	    strcmp(base, "steward (deleted)") == 0;
}

/*
 * Signals the master named in the pid file: SIGHUP (reload) or SIGUSR2
 * (upgrade). A pid file left behind may name another process by now, so
 * only a process that runs steward is signalled. The outcome is in
 * steward's log.
 */
static int
ctl_signal(const struct conf *c, int sig, const char *what)
{
	FILE	*f;
	long	 pid = 0;
	char	 line[32], exe[PATH_MAX];

	if (*c->pid_file == '\0') {
		fprintf(stderr, "stewardctl: pid_file is not set\n");
		return 1;
	}
	if ((f = fopen(c->pid_file, "r")) == NULL) {
		fprintf(stderr, "stewardctl: %s: %s (is steward running?)\n",
		    c->pid_file, strerror(errno));
		return 1;
	}
	if (fgets(line, sizeof(line), f) != NULL)
		pid = strtol(line, NULL, 10);
	fclose(f);
	if (pid <= 1) {
		fprintf(stderr, "stewardctl: %s holds no pid\n", c->pid_file);
		return 1;
	}
	switch (ctl_runs_steward(pid, exe, sizeof(exe))) {
	case 1:
		break;
	case 0:
		fprintf(stderr, "stewardctl: %s names process %ld, which runs "
		    "%s, not steward: not signalling it (a stale pid file? "
		    "is steward running?)\n", c->pid_file, pid, exe);
		return 1;
	default:
		fprintf(stderr, "stewardctl: %s names process %ld, which cannot "
		    "be checked (%s): not signalling it (is steward running?)\n",
		    c->pid_file, pid, exe);
		return 1;
	}
	if (kill((pid_t)pid, sig) == -1) {
		fprintf(stderr, "stewardctl: master %ld: %s\n", pid,
		    strerror(errno));
		return 1;
	}
	printf("%s requested from master %ld; steward's log says how it "
	    "went\n", what, pid);
	return 0;
}

static void
ctl_progress(long long rows)
{
	fprintf(stderr, isatty(STDERR_FILENO) ? "\rverified %lld rows" :
	    "verified %lld rows\n", rows);
}

/* stewardctl audit verify | head */
static int
ctl_audit(const struct conf *c, int argc, char *argv[])
{
	static const struct option	 opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "hash", required_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct chain_result	 r;
	struct timespec		 t0, t1;
	unsigned char		 anchor[32];
	const char		*hash = NULL;
	char			 hex[65], *end;
	long long		 from = 0, seq;
	PGconn			*pg;
	double			 secs;
	int			 ch, rc = 1;

	if (argc < 2)
		usage();
	optind = 1;
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'f':
			from = strtoll(optarg, &end, 10);
			if (*end != '\0' || from < 1)
				usage();
			break;
		case 'h':
			hash = optarg;
			break;
		default:
			usage();
		}
	if (optind != argc || (from > 0) != (hash != NULL))
		usage();
	/* Exactly 64 hex digits: sscanf("%2x") would take "-1" or " f". */
	if (hash != NULL && !crypto_unhex(hash, anchor, sizeof(anchor)))
		usage();
	pg = PQconnectdb(c->database);
	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "stewardctl: %s", PQerrorMessage(pg));
		PQfinish(pg);
		return 1;
	}
	if (strcmp(argv[0], "head") == 0) {
		if (chain_head(pg, &seq, hex) == -1)
			fprintf(stderr, "stewardctl: %s", PQerrorMessage(pg));
		else {
			printf("%lld %s\n", seq, hex);
			rc = 0;
		}
	} else if (strcmp(argv[0], "verify") == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = chain_verify(pg, from, hash != NULL ? anchor : NULL,
		    ctl_progress, &r);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (r.rows >= 100000 && isatty(STDERR_FILENO))
			fprintf(stderr, "\n");
		switch (rc) {
		case 0:
			printf("audit trail intact: %lld rows checked "
			    "(%lld to %lld) in %.2f s; head %lld %s\n", r.rows,
			    r.rows > 0 || from > 0 ? r.first : 0, r.last, secs,
			    r.last,
			    r.last > 0 ? r.head : "-");
			break;
		case 1:
			printf("audit trail BROKEN at row %lld: %s\n",
			    r.bad_seq, r.why);
			printf("rows before it are intact (%lld checked)\n",
			    r.rows);
			break;
		default:
			fprintf(stderr, "stewardctl: %s\n", r.why);
			break;
		}
		rc = rc == 0 ? 0 : 1;
	} else
		usage();
	PQfinish(pg);
	return rc;
}

/*
 * stewardctl reset-password EMAIL: a new password (asked twice on a
 * terminal, or one line from stdin) under the policy; ends the account's
 * sessions (the database does) and lifts a sign-in lock. Audited.
 */
static int
ctl_reset_password(const struct conf *c, int argc, char *argv[])
{
	char			 pw[CTL_PW_MAX], again[CTL_PW_MAX] = "";
	char			 hash[PASSWORD_HASH_MAX], err[512], id[24];
	const char		*why, *old;
	struct audit_context	 ctx;
	struct audit_txn	*t = NULL;
	struct json_object	*before, *after;
	struct arena		*a = NULL;
	struct staff		 s;
	int			 rc = 1, found;

	if (argc != 2)
		usage();
	if (password_blocklist_load(c->password_blocklist, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "stewardctl: %s\n", err);
		return 1;
	}
	if (ctl_read_password("New password: ", pw, sizeof(pw)) == -1) {
		fprintf(stderr, "stewardctl: no password given\n");
		return 1;
	}
	if ((why = password_policy(c, pw, argv[1])) != NULL) {
		fprintf(stderr, "stewardctl: %s\n", why);
		goto out;
	}
	if (isatty(STDIN_FILENO) && (ctl_read_password("Again: ", again,
	    sizeof(again)) == -1 || strcmp(pw, again) != 0)) {
		fprintf(stderr, "stewardctl: the passwords differ\n");
		goto out;
	}
	if (password_hash(c, pw, hash, sizeof(hash)) == -1 ||
	    db_open(c->database, 0) == -1)
		goto out;
	a = arena_new();
	if ((found = staff_by_email(a, argv[1], &s, &old)) != 1) {
		fprintf(stderr, "stewardctl: %s\n", found == 0 ?
		    "no account has that email" : "database error");
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.user_agent = "stewardctl reset-password";
	snprintf(id, sizeof(id), "%lld", s.id);
	if ((t = audit_begin(a, &ctx)) == NULL ||
	    staff_set_password(t, s.id, hash, false) != 0 ||
	    throttle_success(t, s.id) == -1) {
		audit_abort(t);
		fprintf(stderr, "stewardctl: could not set the password\n");
		goto out;
	}
	before = json_object_new_object();
	json_object_object_add(before, "password_hash",
	    old != NULL ? json_object_new_string(old) : NULL);
	after = json_object_new_object();
	json_object_object_add(after, "password_hash",
	    json_object_new_string(hash));
	if (audit_commit(t, AUDIT_PASSWORD_RESET, "staff", id, before,
	    after) == -1) {
		fprintf(stderr, "stewardctl: could not record the change; "
		    "nothing was changed\n");
		goto out;
	}
	printf("password of %s reset; its sessions have ended\n", s.email);
	rc = 0;
out:
	arena_free(a);
	db_close();
	explicit_bzero(pw, sizeof(pw));
	explicit_bzero(again, sizeof(again));
	explicit_bzero(hash, sizeof(hash));
	return rc;
}

/*
 * stewardctl disable-mfa EMAIL: for the locked out. Turns TOTP off,
 * forgets the secret and recovery codes, ends every session. Audited.
 */
static int
ctl_disable_mfa(const struct conf *c, int argc, char *argv[])
{
	struct audit_context	 ctx;
	struct audit_txn	*t = NULL;
	struct json_object	*before, *after;
	struct arena		*a;
	struct staff		 s;
	const char		*hash;
	char			 id[24];
	int			 rc = 1, found, off;

	if (argc != 2)
		usage();
	if (db_open(c->database, 0) == -1)
		return 1;
	a = arena_new();
	if ((found = staff_by_email(a, argv[1], &s, &hash)) != 1) {
		fprintf(stderr, "stewardctl: %s\n", found == 0 ?
		    "no account has that email" : "database error");
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.user_agent = "stewardctl disable-mfa";
	snprintf(id, sizeof(id), "%lld", s.id);
	if ((t = audit_begin(a, &ctx)) == NULL ||
	    (off = totp_disable(t, s.id)) == -1 ||
	    session_end_others(t, s.id, 0) == -1) {
		audit_abort(t);
		fprintf(stderr, "stewardctl: database error\n");
		goto out;
	}
	if (off == 1) {
		audit_abort(t);
		printf("%s has no two-factor sign-in\n", s.email);
		rc = 0;
		goto out;
	}
	before = json_object_new_object();
	json_object_object_add(before, "totp_enabled",
	    json_object_new_boolean(1));
	after = json_object_new_object();
	json_object_object_add(after, "totp_enabled",
	    json_object_new_boolean(0));
	if (audit_commit(t, AUDIT_MFA_DISABLE, "staff", id, before,
	    after) == -1) {
		fprintf(stderr, "stewardctl: could not record the change; "
		    "nothing was changed\n");
		goto out;
	}
	printf("two-factor sign-in of %s turned off; its sessions have "
	    "ended\n", s.email);
	rc = 0;
out:
	arena_free(a);
	db_close();
	return rc;
}

/*
 * stewardctl set-role EMAIL ROLE, deactivate EMAIL, reactivate EMAIL:
 * the staff page's changes from the shell, audited with no staff actor
 * (the system) and the command as the user agent. The database's rules
 * hold here too: the last active owner stays.
 */
static int
ctl_staff_change(const struct conf *c, int argc, char *argv[])
{
	struct audit_context	 ctx;
	struct audit_txn	*t = NULL;
	struct json_object	*before, *after;
	struct arena		*a;
	struct staff		 s;
	struct role		 role;
	const char		*hash, *cmd = argv[0], *field, *from, *to;
	char			 id[24];
	bool			 set_role = strcmp(cmd, "set-role") == 0;
	int			 rc = 1, found, ch;

	if (argc != (set_role ? 3 : 2))
		usage();
	if (db_open(c->database, 0) == -1)
		return 1;
	a = arena_new();
	if ((found = staff_by_email(a, argv[1], &s, &hash)) != 1) {
		fprintf(stderr, "stewardctl: %s\n", found == 0 ?
		    "no account has that email" : "database error");
		goto out;
	}
	if (set_role && (found = role_get(a, argv[2], &role)) != 1) {
		fprintf(stderr, "stewardctl: %s\n", found == 0 ?
		    "there is no such role" : "database error");
		goto out;
	}
	field = set_role ? "role" : "status";
	from = set_role ? s.role : s.status;
	to = set_role ? argv[2] : strcmp(cmd, "deactivate") == 0 ? "disabled" :
	    "active";
	if (strcmp(from, to) == 0) {
		printf("%s already has %s %s\n", s.email, field, to);
		rc = 0;
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.user_agent = arena_printf(a, "stewardctl %s", cmd);
	snprintf(id, sizeof(id), "%lld", s.id);
	if ((t = audit_begin(a, &ctx)) == NULL) {
		fprintf(stderr, "stewardctl: database error\n");
		goto out;
	}
	ch = set_role ? staff_update(t, s.id, NULL, to) :
	    staff_set_status(t, s.id, to);
	if (ch != 0) {
		audit_abort(t);
		fprintf(stderr, "stewardctl: %s\n", ch == 2 ?
		    "the last active owner cannot be demoted or deactivated" :
		    "database error");
		goto out;
	}
	before = json_object_new_object();
	json_object_object_add(before, field, json_object_new_string(from));
	after = json_object_new_object();
	json_object_object_add(after, field, json_object_new_string(to));
	if (audit_commit(t, set_role ? AUDIT_STAFF_UPDATE :
	    strcmp(to, "active") == 0 ? AUDIT_STAFF_REACTIVATE :
	    AUDIT_STAFF_DEACTIVATE, "staff", id, before, after) == -1) {
		fprintf(stderr, "stewardctl: could not record the change; "
		    "nothing was changed\n");
		goto out;
	}
	if (set_role)
		printf("%s now has role %s (from their next request)\n",
		    s.email, to);
	else if (strcmp(to, "active") == 0)
		printf("%s is active again\n", s.email);
	else
		printf("%s is deactivated; their sessions and API keys have "
		    "ended\n", s.email);
	rc = 0;
out:
	arena_free(a);
	db_close();
	return rc;
}

/*
 * stewardctl check-config: what a worker checks before it serves: the
 * configuration, the password list, and the resource catalogue, parsed
 * and then compared with the live database.
 */
static int
ctl_check_config(const struct conf *c, const char *path)
{
	struct arena	*a;
	char		 err[512];
	int		 rc = 1;

	if (password_blocklist_load(c->password_blocklist, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "stewardctl: %s\n", err);
		return 1;
	}
	a = arena_new();
	if (catalog_load(a, c->resources, &catalog, err, sizeof(err)) == -1) {
		fprintf(stderr, "stewardctl: %s\n", err);
		goto out;
	}
	if (catalog.nres > 0) {
		if (db_open(c->database, 0) == -1) {
			fprintf(stderr, "stewardctl: %s: cannot check the "
			    "resources without the database\n", c->resources);
			goto out;
		}
		if (catalog_check(&catalog, a, err, sizeof(err)) == -1) {
			fprintf(stderr, "stewardctl: %s: %s\n", c->resources,
			    err);
			goto out;
		}
	}
	printf("%s: valid (%zu resources checked against the database)\n",
	    path, catalog.nres);
	rc = 0;
out:
	db_close();
	arena_free(a);
	return rc;
}

/*
 * stewardctl resources scaffold SCHEMA.TABLE: a starting declaration for
 * resources.json from the live catalogue, to edit by hand.
 */
static int
ctl_scaffold(const struct conf *c, const char *what)
{
	struct json_object	*o, *cols, *col, *filter;
	PGresult		*res;
	const char		*dot, *p[2], *type, *name, *pk = NULL;
	struct arena		*a;
	int			 i, n, rc = 1;
	bool			 notnull, isdef;

	if ((dot = strchr(what, '.')) == NULL) {
		fprintf(stderr, "stewardctl: name the table as schema.table\n");
		return 2;
	}
	if (db_open(c->database, 0) == -1)
		return 1;
	a = arena_new();
	p[0] = arena_strndup(a, what, (size_t)(dot - what));
	p[1] = dot + 1;
	res = db_exec(__func__,
	    "SELECT a.attname, t.typname, a.attnotnull,"
	    "  a.atthasdef OR a.attidentity <> '',"
	    "  EXISTS (SELECT FROM pg_index x WHERE x.indrelid = cl.oid"
	    "   AND x.indisprimary AND x.indkey[0] = a.attnum)"
	    " FROM pg_class cl JOIN pg_namespace ns ON ns.oid = cl.relnamespace"
	    " JOIN pg_attribute a ON a.attrelid = cl.oid"
	    " JOIN pg_type t ON t.oid = a.atttypid"
	    " WHERE ns.nspname = $1 AND cl.relname = $2 AND a.attnum > 0"
	    " AND NOT a.attisdropped ORDER BY a.attnum", 2, p);
	if (res == NULL || (n = PQntuples(res)) == 0) {
		fprintf(stderr, "stewardctl: no table %s\n", what);
		goto out;
	}
	o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(p[1]));
	json_object_object_add(o, "table", json_object_new_string(what));
	json_object_object_add(o, "label", json_object_new_string(p[1]));
	cols = json_object_new_array();
	for (i = 0; i < n; i++) {
		name = PQgetvalue(res, i, 0);
		type = PQgetvalue(res, i, 1);
		notnull = strcmp(PQgetvalue(res, i, 2), "t") == 0;
		isdef = strcmp(PQgetvalue(res, i, 3), "t") == 0;
		if (strcmp(PQgetvalue(res, i, 4), "t") == 0 && pk == NULL)
			pk = arena_strdup(a, name);
		type = strcmp(type, "int8") == 0 ? "bigint" :
		    strcmp(type, "int4") == 0 || strcmp(type, "int2") == 0 ?
		    "integer" : strcmp(type, "bool") == 0 ? "boolean" :
		    strcmp(type, "timestamptz") == 0 ? "timestamptz" :
		    strcmp(type, "date") == 0 ? "date" :
		    strcmp(type, "jsonb") == 0 ? "jsonb" :
		    strcmp(type, "numeric") == 0 ? "numeric" : "text";
		col = json_object_new_object();
		json_object_object_add(col, "name",
		    json_object_new_string(name));
		json_object_object_add(col, "type",
		    json_object_new_string(type));
		json_object_object_add(col, "label",
		    json_object_new_string(name));
		json_object_object_add(col, "listed",
		    json_object_new_boolean(i < 6 && strcmp(type, "jsonb")));
		if (strcmp(type, "text") == 0)
			json_object_object_add(col, "searchable",
			    json_object_new_boolean(1));
		if (notnull && strcmp(type, "jsonb"))
			json_object_object_add(col, "sortable",
			    json_object_new_boolean(1));
		filter = json_object_new_array();
		if (strcmp(type, "jsonb") && strcmp(type, "timestamptz"))
			json_object_array_add(filter,
			    json_object_new_string("eq"));
		if (strcmp(type, "integer") == 0 || strcmp(type, "bigint") ==
		    0 || strcmp(type, "numeric") == 0 ||
		    strcmp(type, "timestamptz") == 0 ||
		    strcmp(type, "date") == 0)
			json_object_array_add(filter,
			    json_object_new_string("range"));
		if (!notnull)
			json_object_array_add(filter,
			    json_object_new_string("null"));
		json_object_object_add(col, "filter", filter);
		json_object_object_add(col, "editable",
		    json_object_new_boolean(!isdef));
		json_object_object_add(col, "required",
		    json_object_new_boolean(notnull && !isdef));
		json_object_array_add(cols, col);
	}
	json_object_object_add(o, "primary_key",
	    json_object_new_string(pk != NULL ? pk : "id"));
	json_object_object_add(o, "permissions", json_tokener_parse(
	    "{\"view\": \"view\", \"create\": \"settings.configure\","
	    " \"edit\": \"settings.configure\"}"));
	json_object_object_add(o, "columns", cols);
	printf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	rc = 0;
out:
	PQclear(res);
	arena_free(a);
	db_close();
	return rc;
}

int
main(int argc, char *argv[])
{
	struct conf	 c;
	const char	*conf_path = CTL_DEFAULT_CONF, *cmd;
	char		 err[512];
	int		 ch, rc;

	log_init("stewardctl");
	while ((ch = getopt(argc, argv, "+c:")) != -1)
		switch (ch) {
		case 'c':
			conf_path = optarg;
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	cmd = argv[0];
	if (conf_load(&c, conf_path, err, sizeof(err)) == -1) {
		fprintf(stderr, "stewardctl: %s\n", err);
		return 1;
	}
	if (strcmp(cmd, "check-config") == 0)
		rc = ctl_check_config(&c, conf_path);
	else if (strcmp(cmd, "resources") == 0 && argc == 3 &&
	    strcmp(argv[1], "scaffold") == 0)
		rc = ctl_scaffold(&c, argv[2]);
	else if (strcmp(cmd, "migrate") == 0) {
		bool	dry = argc == 2 && strcmp(argv[1], "--dry-run") == 0;

		if (argc > 2 || (argc == 2 && !dry))
			usage();
		rc = migrate_run(*c.migrate_database != '\0' ?
		    c.migrate_database : c.database, c.sql, dry) == 0 ? 0 : 1;
	} else if (strcmp(cmd, "reload") == 0 && argc == 1)
		rc = ctl_signal(&c, SIGHUP, "reload");
	else if (strcmp(cmd, "upgrade") == 0 && argc == 1)
		rc = ctl_signal(&c, SIGUSR2, "upgrade");
	else if (strcmp(cmd, "audit") == 0)
		rc = ctl_audit(&c, argc, argv);
	else if (strcmp(cmd, "disable-mfa") == 0)
		rc = ctl_disable_mfa(&c, argc, argv);
	else if (strcmp(cmd, "reset-password") == 0)
		rc = ctl_reset_password(&c, argc, argv);
	else if (strcmp(cmd, "create-owner") == 0)
		rc = ctl_create_owner(&c, argc, argv);
	else if (strcmp(cmd, "set-role") == 0 ||
	    strcmp(cmd, "deactivate") == 0 || strcmp(cmd, "reactivate") == 0)
		rc = ctl_staff_change(&c, argc, argv);
	else
		usage();
	conf_free(&c);
	return rc;
}
