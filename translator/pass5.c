/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pass5.c - pass 5: hand the module to staprun (as SystemTap's stap
 * does), or to the VM runner for --vm. */
#define _GNU_SOURCE
#include "pass5.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "interrupt.h"
#include "paths.h"

static volatile pid_t child;

/* staprun ends the session on these (end probes run, output drained,
 * module removed): pass them on and keep waiting for it.  A signal the
 * terminal sent (Ctrl-C: si_code SI_KERNEL) went to the whole process
 * group, staprun included: passing it on would count it twice. */
static void forward(int sig, siginfo_t *info, void *uctx)
{
	(void)uctx;
	if (child > 0 && !(info && info->si_code == SI_KERNEL))
		kill(child, sig);
}

int stp_pass5(const struct stap_options *o, const char *ko,
	      const char *kver)
{
	char *staprun = stp_staprun_path();
	const char **argv;
	size_t n = 0, i;
	struct sigaction sa;
	pid_t pid, parent;
	int st;

	if (!staprun) {
		stp_diag_stderr(NULL, STP_NO_STAPRUN);
		return 1;
	}
	argv = calloc(16 + o->globals.len, sizeof(*argv));
	if (!argv) {
		free(staprun);
		stp_diag_stderr(NULL, STP_OUT_OF_MEMORY);
		return 1;
	}
	argv[n++] = staprun;
	for (i = 0; i < (size_t)o->verbose && i < 3; i++)
		argv[n++] = "-v";
	if (o->vm) {
		argv[n++] = "--vm";
		argv[n++] = "-r";
		argv[n++] = kver;
	}
	if (o->output_file) {
		argv[n++] = "-o";
		argv[n++] = o->output_file;
	}
	if (o->target_cmd) {
		argv[n++] = "-c";
		argv[n++] = o->target_cmd;
	}
	if (o->target_pid) {
		argv[n++] = "-x";
		argv[n++] = o->target_pid;
	}
	argv[n++] = ko;
	for (i = 0; i < o->globals.len; i++)
		argv[n++] = o->globals.items[i];
	argv[n] = NULL;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* one that comes before staprun exists waits for it (blocked),
	 * instead of being lost */
	stp_interrupt_block(1);
	parent = getpid();
	pid = fork();	/* exec resets the handlers in the child */
	if (pid == 0) {
		/* stap killed (even by SIGKILL): staprun ends the session as
		 * for a SIGTERM, and does not run on for a script that never
		 * exits */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 ||
		    getppid() != parent)
			_exit(1);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		stp_interrupt_block(0);
		execv(staprun, (char *const *)argv);
		stp_diag_stderr(NULL, STP_RUN_STAPRUN, staprun, strerror(errno));
		_exit(127);
	}
	st = -1;
	if (pid > 0) {
		child = pid;
		stp_interrupt_block(0);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	} else {
		stp_interrupt_block(0);
		stp_diag_stderr(NULL, STP_RUN_STAPRUN, staprun, strerror(errno));
	}
	free(argv);
	free(staprun);
	if (st == -1)
		return 1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}
