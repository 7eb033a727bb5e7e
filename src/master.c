/*
 * master.c: keeps `workers` worker processes alive on the inherited
 * listening socket, which it never closes.
 *
 * Each worker is fork+exec'd from the binary on disk and reports "ready"
 * over a pipe once it can serve; that report is what a rolling reload
 * waits for before stopping an old worker. Signals are turned into bytes
 * on a self-pipe and handled in the main loop, never in the handler.
 *
 *   SIGTERM, SIGINT  workers finish their current request and exit; the
 *                    master exits when they have (SIGKILL after 30 s).
 *   SIGCHLD          a worker that exits unexpectedly is replaced: at
 *                    once, or with a growing delay if workers keep dying
 *                    young (a crash loop must not spin).
 *   SIGHUP           logged and ignored for now; see steward(8).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "master.h"
#include "worker.h"

#define MASTER_MAX_WORKERS	256
#define MASTER_READY_FD		3
#define MASTER_STOP_GRACE	30	/* seconds before SIGKILL */
#define MASTER_YOUNG_MS		2000	/* a death before this is a crash */
#define MASTER_BACKOFF_MAX_MS	10000

enum worker_state {
	W_EMPTY,
	W_STARTING,	/* forked, not yet reported ready */
	W_READY,
	W_STOPPING
};

struct worker {
	pid_t			pid;
	enum worker_state	state;
	int			ready_fd;	/* read end, while starting */
	long long		started_ms;
};

static struct worker		 workers[MASTER_MAX_WORKERS];
static int			 master_pipe[2] = { -1, -1 };
static volatile sig_atomic_t	 got_term, got_chld, got_hup;

static long long
master_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
master_on_signal(int sig)
{
	int	saved = errno;

	switch (sig) {
	case SIGTERM:
	case SIGINT:
		got_term = 1;
		break;
	case SIGCHLD:
		got_chld = 1;
		break;
	case SIGHUP:
		got_hup = 1;
		break;
	}
	(void)!write(master_pipe[1], "x", 1);
	errno = saved;
}

static int
master_signals(void)
{
	struct sigaction	sa;
	const int		sigs[] = { SIGTERM, SIGINT, SIGCHLD, SIGHUP };
	size_t			i;

	if (pipe2(master_pipe, O_CLOEXEC | O_NONBLOCK) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sa.sa_handler = master_on_signal;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) == -1)
			return -1;
	sa.sa_handler = SIG_IGN;
	return sigaction(SIGPIPE, &sa, NULL);
}

/* Starts a worker in slot w; 0 or -1. */
static int
master_spawn(struct worker *w, const char *self, const char *conf_path)
{
	int	 fds[2];
	pid_t	 pid, master_pid;
	char	*argv[] = { (char *)self, "--worker", "--ready-fd", "3",
		    "-c", (char *)conf_path, NULL };

	if (pipe2(fds, O_CLOEXEC) == -1) {
		log_error("%s: pipe: %s", __func__, strerror(errno));
		return -1;
	}
	master_pid = getpid();
	if ((pid = fork()) == -1) {
		log_error("%s: fork: %s", __func__, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		struct sigaction	sa;
		sigset_t		none;
		int			sig;

		/* A worker must not outlive a master killed with SIGKILL
		 * (and the master may have died before prctl took hold). */
		(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != master_pid)
			_exit(1);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		for (sig = 1; sig < NSIG; sig++)
			(void)sigaction(sig, &sa, NULL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (dup2(fds[1], MASTER_READY_FD) == -1)
			_exit(127);
		execv(self, argv);
		log_error("exec %s: %s", self, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	w->pid = pid;
	w->state = W_STARTING;
	w->ready_fd = fds[0];
	w->started_ms = master_now_ms();
	log_info("worker %ld started", (long)pid);
	return 0;
}

static int
master_count(enum worker_state st)
{
	int	i, n = 0;

	for (i = 0; i < MASTER_MAX_WORKERS; i++)
		if (workers[i].state == st)
			n++;
	return n;
}

static void
master_forget(struct worker *w)
{
	if (w->ready_fd >= 0)
		close(w->ready_fd);
	memset(w, 0, sizeof(*w));
	w->ready_fd = -1;
}

/*
 * Reaps exited workers. Returns how many died unexpectedly while young,
 * so the caller can back off a crash loop.
 */
static int
master_reap(bool *any_old_death)
{
	pid_t	pid;
	int	status, i, young = 0;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < MASTER_MAX_WORKERS; i++)
			if (workers[i].pid == pid)
				break;
		if (i == MASTER_MAX_WORKERS)
			continue;
		if (WIFSIGNALED(status))
			log_warn("worker %ld killed by signal %d", (long)pid,
			    WTERMSIG(status));
		else if (workers[i].state != W_STOPPING ||
		    WEXITSTATUS(status) != 0)
			log_warn("worker %ld exited with status %d", (long)pid,
			    WEXITSTATUS(status));
		if (workers[i].state != W_STOPPING) {
			if (master_now_ms() - workers[i].started_ms <
			    MASTER_YOUNG_MS || workers[i].state == W_STARTING)
				young++;
			else
				*any_old_death = true;
		}
		master_forget(&workers[i]);
	}
	return young;
}

/* Reads a starting worker's report. */
static void
master_read_ready(struct worker *w)
{
	char	buf[16];
	ssize_t	n;

	n = read(w->ready_fd, buf, sizeof(buf));
	if (n < 0 && errno == EINTR)
		return;
	close(w->ready_fd);
	w->ready_fd = -1;
	if (n == (ssize_t)strlen(WORKER_READY) &&
	    memcmp(buf, WORKER_READY, n) == 0) {
		w->state = W_READY;
		log_info("worker %ld ready", (long)w->pid);
	}
	/* Otherwise it is dying; SIGCHLD will tell. */
}

static void
master_signal_all(int sig)
{
	int	i;

	for (i = 0; i < MASTER_MAX_WORKERS; i++)
		if (workers[i].state != W_EMPTY) {
			(void)kill(workers[i].pid, sig);
			if (sig == SIGTERM)
				workers[i].state = W_STOPPING;
		}
}

static void
master_drain(void)
{
	unsigned char	buf[64];

	while (read(master_pipe[0], buf, sizeof(buf)) > 0)
		continue;
}

static int
master_write_pid(const char *path)
{
	FILE	*f;

	if (*path == '\0')
		return 0;
	if ((f = fopen(path, "w")) == NULL) {
		log_error("pid file %s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f) == 0 ? 0 : -1;
}

int
master_main(const struct conf *c, const char *self, const char *conf_path)
{
	struct pollfd	 pfd[1 + MASTER_MAX_WORKERS];
	struct worker	*slot[1 + MASTER_MAX_WORKERS];
	long long	 next_spawn = 0, stop_deadline = 0, now;
	int		 i, n, timeout, crashes = 0, backoff = 0, flags;
	int		 listening = 0;
	socklen_t	 len = sizeof(listening);
	bool		 old_death;

	log_init("steward");
	if (getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == -1 ||
	    !listening) {
		log_error("fd 0 is not a listening socket: start steward "
		    "with spawn-fcgi (see steward(8))");
		return 1;
	}
	/* Shared by every worker: they poll it, so accept never blocks. */
	if ((flags = fcntl(0, F_GETFL)) == -1 ||
	    fcntl(0, F_SETFL, flags | O_NONBLOCK) == -1) {
		log_error("fd 0: %s", strerror(errno));
		return 1;
	}
	if (master_signals() == -1) {
		log_error("signals: %s", strerror(errno));
		return 1;
	}
	for (i = 0; i < MASTER_MAX_WORKERS; i++)
		workers[i].ready_fd = -1;
	if (master_write_pid(c->pid_file) == -1)
		return 1;
	log_info("master %ld starting %d workers (%s)", (long)getpid(),
	    c->workers, PACKAGE_STRING);

	for (;;) {
		now = master_now_ms();
		if (got_term && stop_deadline == 0) {
			log_info("stopping: waiting for workers to finish");
			master_signal_all(SIGTERM);
			stop_deadline = now + MASTER_STOP_GRACE * 1000;
		}
		if (got_hup) {
			got_hup = 0;
			log_warn("SIGHUP: rolling reload is not available in "
			    "this version; keeping the current workers");
		}
		if (got_chld) {
			got_chld = 0;
			old_death = false;
			n = master_reap(&old_death);
			if (n > 0) {
				crashes += n;
				backoff = crashes == 1 ? 0 :
				    100 << (crashes > 8 ? 7 : crashes - 2);
				if (backoff > MASTER_BACKOFF_MAX_MS)
					backoff = MASTER_BACKOFF_MAX_MS;
				next_spawn = now + backoff;
				if (backoff > 0)
					log_warn("workers keep dying; next "
					    "start in %d ms", backoff);
			} else if (old_death)
				crashes = 0;
		}
		if (stop_deadline != 0) {
			if (master_count(W_EMPTY) == MASTER_MAX_WORKERS)
				break;
			if (now >= stop_deadline) {
				log_warn("workers did not stop in %d s; "
				    "killing them", MASTER_STOP_GRACE);
				master_signal_all(SIGKILL);
				stop_deadline = now + 1000 * 60;
			}
		} else if (now >= next_spawn) {
			int	live = MASTER_MAX_WORKERS -
			    master_count(W_EMPTY);

			for (i = 0; i < MASTER_MAX_WORKERS && live < c->workers;
			    i++)
				if (workers[i].state == W_EMPTY) {
					if (master_spawn(&workers[i], self,
					    conf_path) == -1)
						break;
					live++;
				}
		}
		/* A worker that became ready and stays up ends a crash run. */
		if (crashes > 0 && master_count(W_READY) == c->workers) {
			for (i = 0; i < MASTER_MAX_WORKERS; i++)
				if (workers[i].state == W_READY &&
				    now - workers[i].started_ms <
				    MASTER_YOUNG_MS)
					break;
			if (i == MASTER_MAX_WORKERS)
				crashes = 0;
		}

		n = 0;
		pfd[n].fd = master_pipe[0];
		pfd[n].events = POLLIN;
		slot[n++] = NULL;
		for (i = 0; i < MASTER_MAX_WORKERS; i++)
			if (workers[i].ready_fd >= 0) {
				pfd[n].fd = workers[i].ready_fd;
				pfd[n].events = POLLIN;
				slot[n++] = &workers[i];
			}
		timeout = 1000;
		if (stop_deadline == 0 && next_spawn > now &&
		    next_spawn - now < timeout)
			timeout = (int)(next_spawn - now);
		if (poll(pfd, n, timeout) == -1 && errno != EINTR) {
			log_error("poll: %s", strerror(errno));
			continue;
		}
		if (pfd[0].revents & POLLIN)
			master_drain();
		for (i = 1; i < n; i++)
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				master_read_ready(slot[i]);
	}
	if (*c->pid_file != '\0')
		(void)unlink(c->pid_file);
	log_info("master stopped");
	return 0;
}
