// SPDX-License-Identifier: GPL-2.0-or-later
/* watchdog.c - staprun's watchdog child: a module must not stay loaded,
 * probes armed and output going nowhere, because staprun was killed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "modload.h"
#include "watchdog.h"

#define CLEAN_EXIT 'X'

static void watch(int fd, const char *name)
{
	char c, path[128];
	ssize_t n;
	struct stat st;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && c == CLEAN_EXIT)
		_exit(0);
	/* staprun is gone: was the module loaded at all? */
	snprintf(path, sizeof(path), "/sys/module/%s", name);
	if (stat(path, &st))
		_exit(0);
	fprintf(stderr, "staprun: watchdog: staprun ended without removing module %s; stopping and removing it\n",
		name);
	if (stp_control_write(name, "stop"))
		fprintf(stderr, "staprun: watchdog: writing stop to %s: %s\n",
			name, strerror(errno));
	if (stp_module_unload(name)) {
		fprintf(stderr, "staprun: watchdog: cannot remove module %s: %s\n",
			name, strerror(errno));
		_exit(1);
	}
	_exit(0);
}

int stp_watchdog_start(struct stp_watchdog *w, const char *name)
{
	int p[2];
	pid_t pid;

	w->pid = -1;
	w->fd = -1;
	pid = stp_fork_pipe(p);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		/* out of the terminal's signals: it must outlive staprun */
		setsid();
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		if (null >= 0) {
			/* do not hold staprun's stdin/stdout open: a reader
			 * of them must see EOF when staprun ends */
			dup2(null, 0);
			dup2(null, 1);
		}
		if (dup2(p[0], 3) < 0)
			_exit(1);
		close_range(4, ~0U, 0);
		watch(3, name);
	}
	close(p[0]);
	w->pid = pid;
	w->fd = p[1];
	return 0;
}

void stp_watchdog_disarm(struct stp_watchdog *w)
{
	char c = CLEAN_EXIT;

	if (w->fd >= 0) {
		if (write(w->fd, &c, 1) != 1)
			perror("staprun: watchdog");
		close(w->fd);
		w->fd = -1;
	}
	if (w->pid > 0) {
		while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
			;
		w->pid = -1;
	}
}
