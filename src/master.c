/*
 * master.c: keeps `workers` worker processes alive on the inherited
 * listening socket, which it never closes.
 *
 * Each worker is fork+exec'd from the binary on disk and reports "ready"
 * over a pipe once it can serve. Workers belong to a generation; a reload
 * starts a whole new generation and retires the old one only once every
 * new worker is ready, so there are never fewer than `workers` ready
 * processes accepting. Signals are turned into bytes on a self-pipe and
 * handled in the main loop, never in the handler.
 *
 *   SIGTERM, SIGINT  workers finish their current request and exit; the
 *                    master exits when they have (SIGKILL after 30 s).
 *   SIGHUP           rolling reload: re-read the configuration (refused,
 *                    keeping the current workers, if it is invalid),
 *                    start new workers from the binary on disk, and stop
 *                    the old ones once all new ones are ready; a new
 *                    worker that dies or is not ready within
 *                    worker_start_timeout abandons the reload. A SIGHUP
 *                    during a reload starts one more once it has ended.
 *   SIGUSR2          binary upgrade of the master itself: after the new
 *                    binary passes `steward -t`, re-exec it in place. The
 *                    pid, the listening socket and the running workers
 *                    (our children still) carry over; the new master then
 *                    rolls the workers onto the new binary.
 *   SIGCHLD          a worker that exits unexpectedly is replaced: at
 *                    once, or with a growing delay if workers keep dying
 *                    young (a crash loop must not spin).
 *
 * A worker busy with one request for longer than request_timeout is
 * killed (and replaced); the log names the request id and path.
 *
 * Under systemd (Type=notify, built with libsystemd) the master reports
 * READY=1 once its first generation is all ready, RELOADING=1 while a
 * reload or upgrade runs and READY=1 again when it ends, and STOPPING=1
 * on SIGTERM (sd_notify(3)); without NOTIFY_SOCKET nothing is sent.
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
#include <unistd.h>

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "conf.h"
#include "log.h"
#include "master.h"
#include "scoreboard.h"
#include "worker.h"

#define MASTER_MAX_WORKERS	SCOREBOARD_SLOTS
#define MASTER_READY_FD		3
#define MASTER_STOP_GRACE	30	/* seconds before SIGKILL */
#define MASTER_YOUNG_MS		2000	/* a death before this is a crash */
#define MASTER_BACKOFF_MAX_MS	10000
#define MASTER_UPGRADE_ENV	"STEWARD_UPGRADE"

enum worker_state {
	W_EMPTY,
	W_STARTING,	/* forked, not yet reported ready */
	W_READY,
	W_STOPPING	/* asked to exit; its death is expected */
};

/* What systemd was last told; the order is that of a service's life. */
enum master_told {
	TOLD_STARTING,	/* nothing yet: the first workers are starting */
	TOLD_READY,
	TOLD_RELOADING,
	TOLD_STOPPING,
	TOLD__MAX
};

struct worker {
	pid_t			pid;
	enum worker_state	state;
	int			ready_fd;	/* read end, while starting */
	long long		started_ms;
	long long		ready_ms;
	unsigned		gen;
	bool			timed_out;	/* killed for request_timeout */
};

/* The slot index of a worker is its scoreboard slot. */
static struct worker		 workers[MASTER_MAX_WORKERS];

static struct {
	struct conf		 conf;		/* in force */
	struct conf		 next;		/* being reloaded to */
	const char		*self;
	const char		*conf_path;
	struct scoreboard	*sb;
	int			 sb_fd;
	unsigned		 gen;		/* serving generation */
	unsigned		 last_gen;	/* never reused, even if abandoned */
	bool			 reloading;
	bool			 reload_queued;	/* SIGHUP during a reload */
	unsigned		 next_gen;
	long long		 reload_deadline;
	const char		*reload_failed;	/* why, once known */
	int			 crashes;
	long long		 last_crash;
	long long		 next_spawn;
	enum master_told	 told;
} M;

static int			 master_pipe[2] = { -1, -1 };
static volatile sig_atomic_t	 got_term, got_chld, got_hup, got_usr2;

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
	case SIGUSR2:
		got_usr2 = 1;
		break;
	}
	(void)!write(master_pipe[1], "x", 1);
	errno = saved;
}

static int
master_signals(void)
{
	struct sigaction	sa;
	const int		sigs[] = { SIGTERM, SIGINT, SIGCHLD, SIGHUP,
				    SIGUSR2 };
	sigset_t		none;
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
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		return -1;
	/* After an upgrade the old master left every signal blocked. */
	sigemptyset(&none);
	return sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * Tells systemd (sd_notify(3), Type=notify) what the master now does, if
 * that differs from what it was last told. A no-op without libsystemd,
 * and inside sd_notify without NOTIFY_SOCKET.
 */
static void
master_notify(enum master_told now)
{
#ifdef HAVE_SYSTEMD
	static const char *const msg[TOLD__MAX] = {
		[TOLD_STARTING] = NULL,
		[TOLD_READY] = "READY=1",
		[TOLD_RELOADING] = "RELOADING=1",
		[TOLD_STOPPING] = "STOPPING=1"
	};

	if (now != M.told && msg[now] != NULL)
		(void)sd_notify(0, msg[now]);
#endif
	M.told = now;
}

/* Starts a worker of generation gen in slot w; 0 or -1. */
static int
master_spawn(struct worker *w, unsigned gen, bool require_db)
{
	char	 slot[16];
	int	 fds[2];
	pid_t	 pid, master_pid;
	char	*argv[] = { (char *)M.self, "--worker", "--ready-fd", "3",
		    "--slot", slot, "-c", (char *)M.conf_path,
		    require_db ? "--require-db" : NULL, NULL };

	snprintf(slot, sizeof(slot), "%d", (int)(w - workers));
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
		int			sig, rfd, sfd = -1;

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
		/*
		 * Lift both above the target numbers first (either may be
		 * 3 or 4 now); dup2 clears close-on-exec on the copies.
		 */
		if ((rfd = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)) == -1 ||
		    (M.sb_fd >= 0 &&
		    (sfd = fcntl(M.sb_fd, F_DUPFD_CLOEXEC, 10)) == -1) ||
		    dup2(rfd, MASTER_READY_FD) == -1 ||
		    (M.sb_fd >= 0 && dup2(sfd, SCOREBOARD_FD) == -1))
			_exit(127);
		/* Nothing else the master holds reaches a worker. */
		(void)close_range(SCOREBOARD_FD + 1, ~0U, 0);
		execv(M.self, argv);
		log_error("exec %s: %s", M.self, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	w->pid = pid;
	w->state = W_STARTING;
	w->ready_fd = fds[0];
	w->started_ms = scoreboard_now_ms();
	w->gen = gen;
	w->timed_out = false;
	log_info("worker %ld started (generation %u)", (long)pid, gen);
	return 0;
}

static struct worker *
master_free_slot(void)
{
	int	i;

	for (i = 0; i < MASTER_MAX_WORKERS; i++)
		if (workers[i].state == W_EMPTY)
			return &workers[i];
	return NULL;
}

/* Workers of generation gen that are starting or ready. */
static int
master_live(unsigned gen, int *ready)
{
	int	i, n = 0;

	if (ready != NULL)
		*ready = 0;
	for (i = 0; i < MASTER_MAX_WORKERS; i++) {
		if (workers[i].gen != gen || (workers[i].state != W_STARTING &&
		    workers[i].state != W_READY))
			continue;
		n++;
		if (ready != NULL && workers[i].state == W_READY)
			(*ready)++;
	}
	return n;
}

static bool
master_none_left(void)
{
	int	i;

	for (i = 0; i < MASTER_MAX_WORKERS; i++)
		if (workers[i].state != W_EMPTY)
			return false;
	return true;
}

static void
master_forget(struct worker *w)
{
	struct sb_slot	*s = M.sb != NULL ? &M.sb->slots[w - workers] : NULL;

	/* Its counters stay; a dead worker is neither busy nor anyone. */
	if (s != NULL && s->pid == w->pid) {
		__atomic_store_n(&s->busy, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&s->hashing, 0, __ATOMIC_RELEASE);
		s->pid = 0;
	}
	if (w->ready_fd >= 0)
		close(w->ready_fd);
	memset(w, 0, sizeof(*w));
	w->ready_fd = -1;
}

/* Backs off a crash loop: the first death restarts at once. */
static void
master_crashed(long long now)
{
	int	backoff;

	M.crashes++;
	M.last_crash = now;
	backoff = M.crashes == 1 ? 0 :
	    100 << (M.crashes > 8 ? 7 : M.crashes - 2);
	if (backoff > MASTER_BACKOFF_MAX_MS)
		backoff = MASTER_BACKOFF_MAX_MS;
	M.next_spawn = now + backoff;
	if (backoff > 0)
		log_warn("workers keep dying; next start in %d ms", backoff);
}

/* Reaps exited workers and decides what each death means. */
static void
master_reap(long long now)
{
	struct worker	*w;
	pid_t		 pid;
	int		 status, i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < MASTER_MAX_WORKERS; i++)
			if (workers[i].pid == pid)
				break;
		if (i == MASTER_MAX_WORKERS)
			continue;
		w = &workers[i];
		if (WIFSIGNALED(status))
			log_warn("worker %ld killed by signal %d%s", (long)pid,
			    WTERMSIG(status), w->timed_out ?
			    " (request_timeout)" : "");
		else if (w->state != W_STOPPING || WEXITSTATUS(status) != 0)
			log_warn("worker %ld exited with status %d", (long)pid,
			    WEXITSTATUS(status));
		if (w->state == W_STOPPING)
			;	/* asked to go */
		else if (M.reloading && w->gen == M.next_gen) {
			if (M.reload_failed == NULL)
				M.reload_failed = w->state == W_STARTING ?
				    "a new worker exited before it was ready "
				    "(see its error above)" :
				    "a new worker died during the reload";
		} else {
			if (M.sb != NULL)
				M.sb->header.worker_restarts++;
			if (w->state == W_STARTING ||
			    now - w->started_ms < MASTER_YOUNG_MS)
				master_crashed(now);
			else
				M.crashes = 0;
		}
		master_forget(w);
	}
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
	/* A worker already told to stop stays stopping. */
	if (w->state == W_STARTING && n == (ssize_t)strlen(WORKER_READY) &&
	    memcmp(buf, WORKER_READY, n) == 0) {
		w->state = W_READY;
		w->ready_ms = scoreboard_now_ms();
		log_info("worker %ld ready", (long)w->pid);
	}
	/* Otherwise it is dying; SIGCHLD will tell. */
}

/* Asks (SIGTERM) or forces (SIGKILL) the workers matching a filter. */
static void
master_signal(int sig, bool all, unsigned gen)
{
	int	i;

	for (i = 0; i < MASTER_MAX_WORKERS; i++) {
		if (workers[i].state == W_EMPTY ||
		    (!all && workers[i].gen != gen))
			continue;
		(void)kill(workers[i].pid, sig);
		workers[i].state = W_STOPPING;
	}
}

static void
master_reload_begin(long long now)
{
	char	 err[512];
	int	 i;

	/*
	 * The configuration or the templates may have changed again since
	 * this reload read them: another follows it (several SIGHUPs, one).
	 */
	if (M.reloading) {
		if (!M.reload_queued)
			log_info("SIGHUP: a reload is under way; another will "
			    "follow it");
		M.reload_queued = true;
		return;
	}
	if (conf_load(&M.next, M.conf_path, err, sizeof(err)) == -1) {
		conf_free(&M.next);
		log_error("reload refused: %s; keeping the current workers",
		    err);
		if (M.sb != NULL)
			M.sb->header.reload_failures++;
		return;
	}
	M.reloading = true;
	if (M.last_gen < M.gen)
		M.last_gen = M.gen;
	M.next_gen = ++M.last_gen;
	M.reload_failed = NULL;
	M.reload_deadline = now + M.next.worker_start_timeout * 1000;
	log_info("reload: starting %d new workers (generation %u)",
	    M.next.workers, M.next_gen);
	for (i = 0; i < M.next.workers; i++) {
		struct worker	*w = master_free_slot();

		if (w == NULL || master_spawn(w, M.next_gen, true) == -1) {
			M.reload_failed = "cannot start a new worker";
			break;
		}
	}
}

/*
 * Gives up a reload. A new worker accepts as soon as it has reported
 * ready, so it may be serving a request now: it gets SIGTERM, finishes
 * that request and exits, like an old worker on a reload that completes.
 * Only the new workers still starting, which have accepted nothing, are
 * killed outright.
 */
static void
master_reload_abandon(const char *why)
{
	struct pollfd	 pfd;
	struct worker	*w;
	int		 i, asked = 0;

	log_error("reload abandoned: %s; the old workers keep serving", why);
	for (i = 0; i < MASTER_MAX_WORKERS; i++) {
		w = &workers[i];
		if (w->gen != M.next_gen ||
		    (w->state != W_STARTING && w->state != W_READY))
			continue;
		/* A report not yet read: it may be accepting already. */
		if (w->state == W_STARTING && w->ready_fd >= 0) {
			pfd.fd = w->ready_fd;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, 0) == 1)
				master_read_ready(w);
		}
		if (w->state == W_READY) {
			(void)kill(w->pid, SIGTERM);
			asked++;
		} else
			(void)kill(w->pid, SIGKILL);
		w->state = W_STOPPING;
	}
	if (asked > 0)
		log_info("reload abandoned: asking %d ready new worker%s to "
		    "finish %s current request and exit", asked,
		    asked == 1 ? "" : "s", asked == 1 ? "its" : "their");
	conf_free(&M.next);
	M.reloading = false;
	if (M.sb != NULL)
		M.sb->header.reload_failures++;
}

static void
master_reload_check(long long now)
{
	int	ready;

	if (!M.reloading)
		return;
	if (M.reload_failed != NULL) {
		master_reload_abandon(M.reload_failed);
		return;
	}
	master_live(M.next_gen, &ready);
	if (ready < M.next.workers) {
		if (now >= M.reload_deadline)
			master_reload_abandon("new workers were not ready "
			    "within worker_start_timeout");
		return;
	}
	/* Every new worker is ready: only now retire the old ones. */
	master_signal(SIGTERM, false, M.gen);
	conf_free(&M.conf);
	M.conf = M.next;
	memset(&M.next, 0, sizeof(M.next));
	M.gen = M.next_gen;
	M.reloading = false;
	M.crashes = 0;
	if (M.sb != NULL)
		M.sb->header.reloads++;
	log_info("reload complete: generation %u serving with %d workers",
	    M.gen, M.conf.workers);
}

/* Kills workers stuck on one request past request_timeout. */
static void
master_check_timeouts(long long now)
{
	char		 id[72], path[256];
	int64_t		 since;
	long long	 limit;
	int		 i;

	if (M.sb == NULL)
		return;
	limit = M.conf.request_timeout * 1000;
	for (i = 0; i < MASTER_MAX_WORKERS; i++) {
		struct worker	*w = &workers[i];

		if (w->state == W_EMPTY || w->state == W_STARTING ||
		    w->timed_out || M.sb->slots[i].pid != w->pid)
			continue;
		if (!scoreboard_busy(&M.sb->slots[i], &since, id, sizeof(id),
		    path, sizeof(path)) || now - since <= limit)
			continue;
		log_error("worker %ld: request %s %s ran past request_timeout "
		    "(%ld s); killing the worker", (long)w->pid,
		    id[0] != '\0' ? id : "-", path[0] != '\0' ? path : "-",
		    M.conf.request_timeout);
		w->timed_out = true;
		(void)kill(w->pid, SIGKILL);
	}
}

/* Kills workers that did not report ready in time (outside reloads). */
static void
master_check_starts(long long now)
{
	int	i;

	for (i = 0; i < MASTER_MAX_WORKERS; i++)
		if (workers[i].state == W_STARTING &&
		    !(M.reloading && workers[i].gen == M.next_gen) &&
		    now - workers[i].started_ms >
		    M.conf.worker_start_timeout * 1000) {
			log_error("worker %ld was not ready within "
			    "worker_start_timeout; killing it",
			    (long)workers[i].pid);
			(void)kill(workers[i].pid, SIGKILL);
		}
}

/*
 * Ends a crash loop's back-off once a worker started since the last crash
 * has been ready for MASTER_YOUNG_MS: whatever made workers die is gone,
 * and the next crash is replaced at once again.
 */
static void
master_calm(long long now)
{
	int	i;

	if (M.crashes == 0)
		return;
	for (i = 0; i < MASTER_MAX_WORKERS; i++)
		if (workers[i].state == W_READY &&
		    workers[i].started_ms >= M.last_crash &&
		    now - workers[i].ready_ms >= MASTER_YOUNG_MS) {
			log_info("worker %ld has been ready for %d s: crash "
			    "back-off reset", (long)workers[i].pid,
			    MASTER_YOUNG_MS / 1000);
			M.crashes = 0;
			return;
		}
}

static void
master_replace(long long now)
{
	struct worker	*w;

	if (now < M.next_spawn)
		return;
	while (master_live(M.gen, NULL) < M.conf.workers) {
		if ((w = master_free_slot()) == NULL ||
		    master_spawn(w, M.gen, false) == -1)
			break;
	}
}

/* Runs `self -t -c conf`; true if the new binary accepts the config. */
static bool
master_binary_ok(void)
{
	pid_t	pid;
	int	status, null;

	if ((pid = fork()) == -1)
		return false;
	if (pid == 0) {
		if ((null = open("/dev/null", O_RDWR)) != -1) {
			dup2(null, 0);
			dup2(null, 1);
		}
		execl(M.self, M.self, "-t", "-c", M.conf_path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * Re-execs the master in place, handing over the workers in the
 * environment as "gen sbfd slot:pid:gen:state ...". Returns only if the
 * upgrade could not happen.
 */
static void
master_upgrade(void)
{
	char		 state[16 * 1024], *p = state;
	size_t		 left = sizeof(state);
	sigset_t	 all, old;
	int		 i, n;

	for (i = 0; i < MASTER_MAX_WORKERS; i++)
		if (workers[i].state == W_STARTING)
			break;
	if (M.reloading || i < MASTER_MAX_WORKERS) {
		log_warn("SIGUSR2: workers are starting; upgrade postponed, "
		    "send it again");
		return;
	}
	if (!master_binary_ok()) {
		log_error("upgrade refused: %s -t failed with this "
		    "configuration; keeping the running master", M.self);
		return;
	}
	n = snprintf(p, left, "%u %d", M.gen, M.sb_fd);
	p += n;
	left -= (size_t)n;
	for (i = 0; i < MASTER_MAX_WORKERS && left > 64; i++) {
		if (workers[i].state == W_EMPTY)
			continue;
		n = snprintf(p, left, " %d:%ld:%u:%d", i, (long)workers[i].pid,
		    workers[i].gen, (int)workers[i].state);
		p += n;
		left -= (size_t)n;
	}
	if (setenv(MASTER_UPGRADE_ENV, state, 1) == -1 ||
	    (M.sb_fd >= 0 && fcntl(M.sb_fd, F_SETFD, 0) == -1)) {
		log_error("upgrade: %s", strerror(errno));
		unsetenv(MASTER_UPGRADE_ENV);
		return;
	}
	log_info("upgrade: re-executing %s", M.self);
	/* The new master (same pid) says READY=1 once it has rolled. */
	master_notify(TOLD_RELOADING);
	/* Pending signals wait for the new master's handlers. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	execl(M.self, M.self, "-c", M.conf_path, (char *)NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	master_notify(TOLD_READY);
	log_error("upgrade: exec %s: %s; keeping the running master", M.self,
	    strerror(errno));
	unsetenv(MASTER_UPGRADE_ENV);
	if (M.sb_fd >= 0)
		(void)fcntl(M.sb_fd, F_SETFD, FD_CLOEXEC);
}

/* Takes over the workers of the master we replaced; true if upgraded. */
static bool
master_adopt(void)
{
	const char	*env = getenv(MASTER_UPGRADE_ENV);
	char		*copy, *tok, *save = NULL;
	int		 slot, st, fd;
	long		 pid;
	unsigned	 gen;

	if (env == NULL || (copy = strdup(env)) == NULL)
		return false;
	unsetenv(MASTER_UPGRADE_ENV);
	if ((tok = strtok_r(copy, " ", &save)) == NULL ||
	    sscanf(tok, "%u", &M.gen) != 1 ||
	    (tok = strtok_r(NULL, " ", &save)) == NULL ||
	    sscanf(tok, "%d", &fd) != 1) {
		free(copy);
		return false;
	}
	if (fd >= 0) {
		if ((M.sb = scoreboard_map(fd)) != NULL) {
			M.sb_fd = fd;
			(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		} else {
			/* A new layout: the old workers keep their old map. */
			close(fd);
		}
	}
	while ((tok = strtok_r(NULL, " ", &save)) != NULL) {
		if (sscanf(tok, "%d:%ld:%u:%d", &slot, &pid, &gen, &st) != 4 ||
		    slot < 0 || slot >= MASTER_MAX_WORKERS || pid <= 0)
			continue;
		workers[slot].pid = (pid_t)pid;
		workers[slot].gen = gen;
		workers[slot].state = st == W_READY ? W_READY : W_STOPPING;
		workers[slot].started_ms = 0;
		workers[slot].ready_fd = -1;
	}
	free(copy);
	log_info("upgrade: new master %s took over the workers", M.self);
	return true;
}

static void
master_std_fds(void)
{
	int	fd;

	while ((fd = open("/dev/null", O_RDWR)) != -1 && fd <= 2)
		continue;
	if (fd > 2)
		close(fd);
}

static void
master_drain(void)
{
	unsigned char	buf[64];

	while (read(master_pipe[0], buf, sizeof(buf)) > 0)
		continue;
}

/* Writes the pid file atomically (a reader never sees it empty). */
static int
master_write_pid(const char *path)
{
	char	 tmp[4096];
	FILE	*f;

	if (*path == '\0')
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		log_error("pid file %s: %s", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0 || rename(tmp, path) == -1) {
		log_error("pid file %s: %s", path, strerror(errno));
		(void)unlink(tmp);
		return -1;
	}
	return 0;
}

int
master_main(struct conf *c, const char *self, const char *conf_path)
{
	struct pollfd	 pfd[1 + MASTER_MAX_WORKERS];
	struct worker	*slot[1 + MASTER_MAX_WORKERS];
	long long	 stop_deadline = 0, now;
	int		 i, n, timeout, flags, ready;
	int		 listening = 0;
	socklen_t	 len = sizeof(listening);
	bool		 upgraded;

	log_init("steward");
	M.conf = *c;
	memset(c, 0, sizeof(*c));
	M.self = self;
	M.conf_path = conf_path;
	M.sb_fd = -1;
	for (i = 0; i < MASTER_MAX_WORKERS; i++)
		workers[i].ready_fd = -1;

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
	/*
	 * Whatever our parent left open must not reach the workers, and
	 * fds 1 and 2 must exist so the self-pipe cannot land on stderr.
	 * The adopted scoreboard (an upgrade) is re-marked by master_adopt.
	 */
	master_std_fds();
	(void)close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
	upgraded = master_adopt();
	if (M.sb == NULL) {
		if ((M.sb_fd = scoreboard_create(&M.sb)) == -1) {
			log_error("scoreboard: %s", strerror(errno));
			return 1;
		}
		(void)fcntl(M.sb_fd, F_SETFD, FD_CLOEXEC);
	}
	if (master_signals() == -1) {
		log_error("signals: %s", strerror(errno));
		return 1;
	}
	if (master_write_pid(M.conf.pid_file) == -1)
		return 1;
	if (upgraded) {
		got_hup = 1;	/* roll the workers onto the new binary */
		/* The old master told systemd RELOADING=1 before the exec. */
		M.told = TOLD_RELOADING;
	} else {
		log_info("master %ld starting %d workers (%s)",
		    (long)getpid(), M.conf.workers, PACKAGE_STRING);
	}

	for (;;) {
		now = scoreboard_now_ms();
		if (got_term && stop_deadline == 0) {
			log_info("stopping: waiting for workers to finish");
			if (M.reloading)
				conf_free(&M.next);
			M.reloading = false;
			M.reload_queued = false;
			master_signal(SIGTERM, true, 0);
			stop_deadline = now + MASTER_STOP_GRACE * 1000;
		}
		if (got_chld) {
			got_chld = 0;
			master_reap(now);
		}
		if (stop_deadline != 0) {
			if (master_none_left())
				break;
			if (now >= stop_deadline) {
				log_warn("workers did not stop in %d s; "
				    "killing them", MASTER_STOP_GRACE);
				master_signal(SIGKILL, true, 0);
				stop_deadline = now + 1000 * 60;
			}
		} else {
			if (got_hup) {
				got_hup = 0;
				master_reload_begin(now);
			}
			if (got_usr2) {
				got_usr2 = 0;
				master_upgrade();
			}
			master_reload_check(now);
			if (M.reload_queued && !M.reloading) {
				M.reload_queued = false;
				log_info("reload: starting the reload asked for "
				    "during the last one");
				master_reload_begin(now);
			}
			master_check_timeouts(now);
			master_check_starts(now);
			master_calm(now);
			master_replace(now);
		}
		master_live(M.gen, &ready);
		M.sb->header.workers_ready = (uint32_t)ready;
		M.sb->header.generation = M.gen;
		/* READY=1 waits for the first generation, and for a reload's
		 * end (complete or abandoned); never READY after STOPPING. */
		if (stop_deadline != 0)
			master_notify(TOLD_STOPPING);
		else if (M.reloading)
			master_notify(TOLD_RELOADING);
		else if (M.told != TOLD_STARTING || ready >= M.conf.workers)
			master_notify(TOLD_READY);

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
		/* Wake at least every 250 ms for timeouts and deadlines. */
		timeout = 250;
		if (stop_deadline == 0 && M.next_spawn > now &&
		    M.next_spawn - now < timeout)
			timeout = (int)(M.next_spawn - now);
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
	if (*M.conf.pid_file != '\0')
		(void)unlink(M.conf.pid_file);
	conf_free(&M.conf);
	log_info("master stopped");
	return 0;
}
