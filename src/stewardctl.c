/*
 * stewardctl.c: the sysadmin's tool. See stewardctl(8).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "migrate.h"
#include "password.h"
#include "staff.h"

#define CTL_DEFAULT_CONF	SYSCONFDIR "/steward/steward.conf"
#define CTL_PW_MAX		1024

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: stewardctl [-c file] check-config\n"
	    "       stewardctl [-c file] migrate [--dry-run]\n"
	    "       stewardctl [-c file] create-owner [--name NAME] EMAIL\n"
	    "       stewardctl [-c file] reload | upgrade\n");
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
	char		*name = NULL, *at;
	const char	*email, *why;
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
	if ((why = password_policy(pw)) != NULL) {
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
	switch (staff_create(email, name, hash, "owner", &id)) {
	case 0:
		printf("created owner %s (staff id %lld)\n", email, id);
		rc = 0;
		break;
	case 1:
		fprintf(stderr, "stewardctl: %s already has an account\n",
		    email);
		break;
	default:
		fprintf(stderr, "stewardctl: could not create the account "
		    "(is the database migrated?)\n");
		break;
	}
	free(name);
	db_close();
out:
	explicit_bzero(pw, sizeof(pw));
	explicit_bzero(again, sizeof(again));
	return rc;
}

/*
 * Signals the master named in the pid file: SIGHUP (reload) or SIGUSR2
 * (upgrade). The outcome is in steward's log.
 */
static int
ctl_signal(const struct conf *c, int sig, const char *what)
{
	FILE	*f;
	long	 pid = 0;
	char	 line[32];

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
	if (kill((pid_t)pid, sig) == -1) {
		fprintf(stderr, "stewardctl: master %ld: %s\n", pid,
		    strerror(errno));
		return 1;
	}
	printf("%s requested from master %ld; steward's log says how it "
	    "went\n", what, pid);
	return 0;
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
	if (strcmp(cmd, "check-config") == 0) {
		printf("%s: valid\n", conf_path);
		rc = 0;
	} else if (strcmp(cmd, "migrate") == 0) {
		bool	dry = argc == 2 && strcmp(argv[1], "--dry-run") == 0;

		if (argc > 2 || (argc == 2 && !dry))
			usage();
		rc = migrate_run(*c.migrate_database != '\0' ?
		    c.migrate_database : c.database, c.sql, dry) == 0 ? 0 : 1;
	} else if (strcmp(cmd, "reload") == 0 && argc == 1)
		rc = ctl_signal(&c, SIGHUP, "reload");
	else if (strcmp(cmd, "upgrade") == 0 && argc == 1)
		rc = ctl_signal(&c, SIGUSR2, "upgrade");
	else if (strcmp(cmd, "create-owner") == 0)
		rc = ctl_create_owner(&c, argc, argv);
	else
		usage();
	conf_free(&c);
	return rc;
}
