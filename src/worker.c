/*
 * worker.c: the worker's loop. The listening socket is non-blocking and
 * polled together with a self-pipe, so a stop request wakes an idle
 * worker at once: there is no window in which a signal arrives after the
 * stop flag was checked but before a blocking accept(2).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "catalog.h"
#include "log.h"
#include "migrate.h"
#include "route.h"
#include "routes.h"
#include "scoreboard.h"
#include "serve.h"
#include "worker.h"

static volatile sig_atomic_t	worker_stop;
static int			worker_pipe[2] = { -1, -1 };

static void
worker_on_signal(int sig)
{
	int	saved = errno;

	(void)sig;
	worker_stop = 1;
	(void)!write(worker_pipe[1], "x", 1);
	errno = saved;
}

static int
worker_signals(void)
{
	struct sigaction	sa;

	if (pipe2(worker_pipe, O_CLOEXEC | O_NONBLOCK) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* Restart reads and writes: a request in flight is finished. */
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = worker_on_signal;
	if (sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1)
		return -1;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) == -1 ||
	    sigaction(SIGHUP, &sa, NULL) == -1)
		return -1;
	return 0;
}

/* Waits until the socket is readable (1) or a stop was asked (0). */
static int
worker_wait(void)
{
	struct pollfd	pfd[2];

	pfd[0].fd = 0;
	pfd[0].events = POLLIN;
	pfd[1].fd = worker_pipe[0];
	pfd[1].events = POLLIN;
	while (!worker_stop) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			log_error("%s: poll: %s", __func__, strerror(errno));
			return 0;
		}
		if (worker_stop)
			break;
		if (pfd[0].revents & POLLNVAL) {
			log_error("%s: fd 0 is not open", __func__);
			return 0;
		}
		if (pfd[0].revents & (POLLIN | POLLERR | POLLHUP))
			return 1;
	}
	return 0;
}

/* Claims the scoreboard slot, naming routes "METHOD /pattern". */
static void
worker_scoreboard(int slot)
{
	static char		 names[ROUTE__MAX][SCOREBOARD_ROUTE_NAME];
	const char		*ptrs[ROUTE__MAX];
	struct scoreboard	*sb;
	size_t			 i;

	if (slot < 0)
		return;
	if ((sb = scoreboard_map(SCOREBOARD_FD)) == NULL) {
		log_warn("no scoreboard: metrics and request_timeout are off "
		    "for this worker");
		return;
	}
	for (i = 0; i < ROUTE__MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "%s %s",
		    route_method_name(routes[i].method),
		    routes[i].pattern);
		ptrs[i] = names[i];
	}
	scoreboard_attach(sb, slot, ptrs, ROUTE__MAX);
}

int
worker_main(const struct conf *c, const struct worker_args *wa)
{
	FCGX_Request	 req;
	sigset_t	 stop_signals, unblocked;
	struct arena	*a;
	char		 err[512];
	int		 flags, rc, pending;

	log_init("steward-worker");
	/*
	 * Nothing a worker execs may gain privileges (setuid, file
	 * capabilities). A seccomp allow-list was considered and left out:
	 * libpq, OpenSSL and glibc change the system calls they use between
	 * Debian updates, and a filter that kills a worker on an update is
	 * worse than none; see steward(8).
	 */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		log_error("%s: no_new_privs: %s", __func__, strerror(errno));
		return 1;
	}
	if (worker_signals() == -1) {
		log_error("%s: signals: %s", __func__, strerror(errno));
		return 1;
	}
	if (serve_init(c, err, sizeof(err)) == -1) {
		log_error("cannot start: %s", err);
		return 1;
	}
	/*
	 * At start-up a worker without a database still serves (503s, and
	 * /healthz says why); a reload's new worker must connect, or the
	 * reload is abandoned and the old workers keep serving.
	 */
	if (db_open(c->database, c->statement_timeout) == -1) {
		if (wa->require_db) {
			log_error("cannot start: the database refused the "
			    "connection");
			return 1;
		}
		log_warn("starting without a database connection");
	} else if ((pending = migrate_pending(db_conn(), c->sql, err,
	    sizeof(err))) != 0) {
		/*
		 * New code on an old schema would fail requests: a reload
		 * (a package upgrade) is abandoned until `stewardctl migrate`.
		 */
		if (pending == -1)
			log_error("cannot start: %s", err);
		else
			log_error("cannot start: the database lacks %d "
			    "migration%s this version needs, from %s: run "
			    "stewardctl migrate", pending, pending == 1 ? "" :
			    "s", err);
		return 1;
	} else if (migrate_role_check(db_conn(), err, sizeof(err)) == -1) {
		log_error("cannot start: %s", err);
		return 1;
	} else if (catalog_check(&catalog, catalog_arena(), err,
	    sizeof(err)) == -1) {
		/* A catalogue that does not match the database stops us. */
		log_error("cannot start: %s: %s", c->resources, err);
		return 1;
	}
	worker_scoreboard(wa->slot);
	if ((flags = fcntl(0, F_GETFL)) == -1 ||
	    fcntl(0, F_SETFL, flags | O_NONBLOCK) == -1) {
		log_error("%s: fd 0: %s", __func__, strerror(errno));
		return 1;
	}
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0) {
		log_error("%s: cannot initialise libfcgi", __func__);
		return 1;
	}
	a = arena_new();

	if (wa->ready_fd >= 0) {
		(void)!write(wa->ready_fd, WORKER_READY, strlen(WORKER_READY));
		close(wa->ready_fd);
	}

	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	while (worker_wait()) {
		/*
		 * No stop signal while a request is in hand: libfcgi's accept
		 * waits in select(2) for an AF_UNIX peer's first bytes and
		 * drops the connection if that select is interrupted, which
		 * nginx reports as a 502. A stop asked for meanwhile stays
		 * pending and is seen once this request is done.
		 */
		sigprocmask(SIG_BLOCK, &stop_signals, &unblocked);
		/* The clock for request_timeout starts before the accept. */
		scoreboard_begin(NULL, NULL);
		rc = FCGX_Accept_r(&req);
		if (rc < 0) {
			sigprocmask(SIG_SETMASK, &unblocked, NULL);
			scoreboard_idle();
			/* Another worker took it, or the peer gave up. */
			if (rc == -EAGAIN || rc == -EWOULDBLOCK ||
			    rc == -EINTR || rc == -ECONNABORTED)
				continue;
			log_error("%s: accept: %s", __func__, strerror(-rc));
			/* e.g. EMFILE: do not spin on a readable socket. */
			usleep(100 * 1000);
			continue;
		}
		serve_request(&req, a, c);
		FCGX_Finish_r(&req);
		sigprocmask(SIG_SETMASK, &unblocked, NULL);
		arena_reset(a);
	}
	FCGX_Free(&req, 1);
	arena_free(a);
	db_close();
	return 0;
}
