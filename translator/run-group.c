/* SPDX-License-Identifier: GPL-2.0-or-later */
/* run-group.c - a command in its own process group, under a watcher.
 *
 *   stap ──fork── watcher (child subreaper, stap's group, signals ignored)
 *                   └─fork── make (leader of a new group) ── sh, gcc, cc1, ld
 *
 * stap holds the write end of a pipe to the watcher.  When it closes -
 * stap's signal handler closes it (interrupt.c), and the kernel closes
 * it when stap dies, however it dies - the watcher kills make's group
 * with SIGKILL and waits until every process of it has been reaped (as
 * a subreaper it inherits the orphans: make killed first leaves its
 * compilers to it, not to init).  A terminal's Ctrl-C never reaches
 * make's group directly: stap decides. */
#define _GNU_SOURCE
#include "run-group.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interrupt.h"

static void exec_command(char *const argv[], int out_fd, const char *tmpdir)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD,
				    SIGPIPE };
	sigset_t none;
	int nul = open("/dev/null", O_RDONLY);
	size_t i;

	setpgid(0, 0);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (nul < 0 || dup2(nul, 0) < 0 || dup2(out_fd, 1) < 0 ||
	    dup2(out_fd, 2) < 0)
		_exit(126);
	if (nul > 2)
		close(nul);
	/* a parent make (make check) must not leak its jobserver and flags
	 * into kbuild */
	unsetenv("MAKEFLAGS");
	unsetenv("MFLAGS");
	unsetenv("MAKELEVEL");
	unsetenv("MAKEOVERRIDES");
	unsetenv("GNUMAKEFLAGS");
	/* gcc's temp files (cc*.s) too go where a kill cannot leave them */
	if (tmpdir && setenv("TMPDIR", tmpdir, 1) < 0)
		_exit(126);
	execvp(argv[0], argv);
	dprintf(2, "stapc: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Kill the group, reap everything, exit with the command's status. */
static void __attribute__((noreturn)) finish(pid_t group, int status)
{
	kill(-group, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	_exit(status);
}

static void __attribute__((noreturn))
watch(char *const argv[], int out_fd, const char *tmpdir, int stap_fd)
{
	sigset_t chld;
	struct pollfd p[2];
	siginfo_t si;
	pid_t cmd;
	int sfd;

	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	stp_interrupt_block(0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	sfd = signalfd(-1, &chld, SFD_CLOEXEC);
	if (sfd < 0)
		_exit(126);
	cmd = fork();
	if (cmd < 0)
		_exit(126);
	if (cmd == 0)
		exec_command(argv, out_fd, tmpdir);
	setpgid(cmd, cmd);	/* whichever of the two runs first */
	p[0].fd = stap_fd;
	p[0].events = POLLIN;
	p[1].fd = sfd;
	p[1].events = POLLIN;
	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			finish(cmd, 128 + SIGKILL);
		}
		if (p[0].revents) {
			/* EOF: stap stopped the build or died */
			finish(cmd, 128 + SIGKILL);
		}
		if (p[1].revents) {
			struct signalfd_siginfo ssi;

			if (read(sfd, &ssi, sizeof(ssi)) < 0 && errno != EAGAIN)
				finish(cmd, 128 + SIGKILL);
			/* the command ended: still unreaped, so its pid (the
			 * group's id) cannot have been reused */
			memset(&si, 0, sizeof(si));
			if (waitid(P_PID, cmd, &si, WEXITED | WNOHANG |
				   WNOWAIT) == 0 && si.si_pid == cmd)
				finish(cmd, si.si_code == CLD_EXITED ?
					    si.si_status & 0xff :
					    128 + si.si_status);
		}
	}
}

int stp_run_group(char *const argv[], int out_fd, const char *tmpdir)
{
	int p[2], st, r;
	pid_t w;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	stp_interrupt_block(1);
	w = fork();
	if (w < 0) {
		int e = errno;

		stp_interrupt_block(0);
		close(p[0]);
		close(p[1]);
		errno = e;
		return -1;
	}
	if (w == 0) {
		close(p[1]);
		watch(argv, out_fd, tmpdir, p[0]);
	}
	close(p[0]);
	stp_interrupt_watch(p[1]);	/* closes it if already interrupted */
	stp_interrupt_block(0);
	while ((r = waitpid(w, &st, 0)) < 0 && errno == EINTR)
		;
	stp_interrupt_unwatch();
	if (r < 0)
		return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}
