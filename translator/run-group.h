/* SPDX-License-Identifier: GPL-2.0-or-later */
/* run-group.h - run a command (kbuild's make) in a process group of its
 * own, under a watcher that kills the whole group and waits until every
 * process of it is gone when stap is interrupted or dies, even by
 * SIGKILL.  See doc/internals/kbuild.md, "Signals". */
#ifndef STP_RUN_GROUP_H
#define STP_RUN_GROUP_H

/* Runs argv (PATH searched) with stdin /dev/null, stdout and stderr on
 * out_fd and TMPDIR set to tmpdir (unless NULL).  Returns the command's exit status, 128+N if signal N killed
 * it, 128+SIGKILL if it was stopped because of stp_interrupted(), or -1
 * (fork failed, errno set).  When this returns, no process of the
 * command is left. */
int stp_run_group(char *const argv[], int out_fd, const char *tmpdir);

#endif
