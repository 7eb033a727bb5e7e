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
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "log.h"
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
		if (pfd[0].revents & (POLLIN | POLLERR | POLLHUP))
			return 1;
	}
	return 0;
}

int
worker_main(const struct conf *c, int ready_fd)
{
	FCGX_Request	 req;
	struct arena	*a;
	char		 err[512];
	int		 flags, rc;

	log_init("steward-worker");
	if (worker_signals() == -1) {
		log_error("%s: signals: %s", __func__, strerror(errno));
		return 1;
	}
	if (serve_init(c, err, sizeof(err)) == -1) {
		log_error("cannot start: %s", err);
		return 1;
	}
	/* Not fatal: every request reconnects, and answers 503 meanwhile. */
	if (db_open(c->database) == -1)
		log_warn("starting without a database connection");
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

	if (ready_fd >= 0) {
		(void)!write(ready_fd, WORKER_READY, strlen(WORKER_READY));
		close(ready_fd);
	}

	while (worker_wait()) {
		rc = FCGX_Accept_r(&req);
		if (rc < 0) {
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
		arena_reset(a);
	}
	FCGX_Free(&req, 1);
	arena_free(a);
	db_close();
	return 0;
}
