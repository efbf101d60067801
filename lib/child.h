/* SPDX-License-Identifier: GPL-2.0-or-later */
/* child.h - child processes joined to the parent by a pipe, and waiting
 * for them.  The descriptors are close-on-exec, so no other child
 * inherits them. */
#ifndef STP_CHILD_H
#define STP_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* pipe2(O_CLOEXEC), then fork: both processes hold both ends (p[0] to
 * read, p[1] to write) and each closes the one it does not use.  Returns
 * what fork returns (0 in the child); on -1 (errno set) no descriptor
 * is left open. */
pid_t stp_fork_pipe(int p[2]);

/* Which of the child's standard streams is the pipe. */
enum stp_pipe_end {
	STP_PIPE_TO_STDIN,	/* the parent writes what the child reads */
	STP_PIPE_FROM_STDOUT,	/* the parent reads what the child writes */
};

/* Run file (searched in PATH when it has no '/') with argv, one of its
 * standard streams a pipe whose other end the parent gets in *fd.
 * With the pipe on stdin, out_fd >= 0 becomes the child's stdout;
 * quiet sends its stderr to /dev/null.  Returns the child's pid, or -1
 * (errno set).  A program that cannot be run exits 127. */
pid_t stp_spawn_pipe(const char *file, char *const argv[],
		     enum stp_pipe_end end, int out_fd, bool quiet, int *fd);

/* The first executable DIR/name for DIR in $PATH (an empty entry is
 * the current directory; no PATH: /usr/local/bin:/usr/bin:/bin), into
 * out.  0, or -1 when there is none. */
int stp_find_in_path(const char *name, char *out, size_t size);

/* Wait for pid (EINTR retried): its exit status, 128 + the signal that
 * killed it, or -1 (errno set). */
int stp_wait(pid_t pid);

#endif
