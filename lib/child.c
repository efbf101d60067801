/* SPDX-License-Identifier: GPL-2.0-or-later */
/* child.c - children joined by a pipe (child.h). */
#define _GNU_SOURCE	/* pipe2 */
#include "child.h"

#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t stp_fork_pipe(int p[2])
{
	pid_t pid;
	int e;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		e = errno;
		close(p[0]);
		close(p[1]);
		errno = e;
	}
	return pid;
}

pid_t stp_spawn_pipe(const char *file, char *const argv[],
		     enum stp_pipe_end end, int out_fd, bool quiet, int *fd)
{
	int p[2];
	bool to_stdin = end == STP_PIPE_TO_STDIN;
	pid_t pid = stp_fork_pipe(p);

	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* dup2 clears close-on-exec on the copies only */
		if (dup2(to_stdin ? p[0] : p[1], to_stdin ? 0 : 1) < 0 ||
		    (to_stdin && out_fd >= 0 && dup2(out_fd, 1) < 0))
			_exit(127);
		if (quiet) {
			int null = open("/dev/null", O_WRONLY);

			if (null >= 0)
				dup2(null, 2);
		}
		execvp(file, argv);
		_exit(127);
	}
	close(to_stdin ? p[0] : p[1]);
	*fd = to_stdin ? p[1] : p[0];
	return pid;
}

int stp_wait(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int stp_find_in_path(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	char *copy = stp_xstrdup(path ? path : "/usr/local/bin:/usr/bin:/bin");
	char *dir, *next;
	int r = -1;

	for (dir = copy; r < 0 && dir; dir = next) {
		int n;

		next = strchr(dir, ':');
		if (next)
			*next++ = '\0';
		n = snprintf(out, size, "%s/%s", *dir ? dir : ".", name);
		if (n > 0 && (size_t)n < size && access(out, X_OK) == 0)
			r = 0;
	}
	free(copy);
	return r;
}
