/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-owned-tmpdir.c - staprun/owned-tmpdir.c: a reaper removes the
 * temp dirs of dead owners only: never a live one's (its own, or another
 * process's), nor a kept one, nor one without a lock. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "owned-tmpdir.h"

static bool exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

/* A child that makes a dir and dies without cleaning up (as SIGKILL
 * would leave it); its path comes back through a pipe. */
static void dead_owner(const char *parent, char *path, size_t n)
{
	int p[2];
	pid_t pid;
	ssize_t got;

	path[0] = 0;
	if (pipe(p))
		return;
	pid = fork();
	if (pid == 0) {
		struct stp_owned_tmpdir d;

		close(p[0]);
		if (stp_owned_tmpdir_create(&d, parent, "stapc") == 0 &&
		    write(p[1], d.path, strlen(d.path)) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	got = read(p[0], path, n - 1);
	path[got > 0 ? got : 0] = 0;
	close(p[0]);
	waitpid(pid, NULL, 0);
}

/* A child that makes a dir and stays alive until its pipe closes. */
static pid_t live_owner(const char *parent, char *path, size_t n, int *hold)
{
	int p[2], q[2];
	pid_t pid;
	ssize_t got;
	char c;

	if (pipe(p) || pipe(q))
		return -1;
	pid = fork();
	if (pid == 0) {
		struct stp_owned_tmpdir d;

		close(p[0]);
		close(q[1]);
		if (stp_owned_tmpdir_create(&d, parent, "stapc") == 0 &&
		    write(p[1], d.path, strlen(d.path)) < 0)
			_exit(1);
		close(p[1]);
		while (read(q[0], &c, 1) < 0 && errno == EINTR)
			;
		stp_owned_tmpdir_remove(&d);
		_exit(0);
	}
	close(p[1]);
	close(q[0]);
	got = read(p[0], path, n - 1);
	path[got > 0 ? got : 0] = 0;
	close(p[0]);
	*hold = q[1];
	return pid;
}

int main(void)
{
	char parent[] = "/tmp/test-owned-tmpdirXXXXXX";
	char dead[PATH_MAX], live[PATH_MAX], bare[PATH_MAX + 16];
	struct stp_owned_tmpdir mine, kept;
	int hold = -1;
	pid_t other;

	if (!mkdtemp(parent)) {
		perror("mkdtemp");
		return 1;
	}
	CHECK(stp_owned_tmpdir_create(&mine, parent, "stapc") == 0,
	      "create");
	CHECK(exists(mine.path), "the dir exists");
	CHECK(stp_owned_tmpdir_create(&kept, parent, "stapc") == 0,
	      "create another");
	stp_owned_tmpdir_keep(&kept);
	dead_owner(parent, dead, sizeof(dead));
	CHECK(dead[0] && exists(dead), "a dead owner's dir is there");
	other = live_owner(parent, live, sizeof(live), &hold);
	CHECK(other > 0 && live[0] && exists(live),
	      "another live process's dir is there");
	snprintf(bare, sizeof(bare), "%s/stapcBARE00", parent);
	CHECK(mkdir(bare, 0700) == 0, "a dir without .lock");

	CHECK_EQ(stp_owned_tmpdir_reap(parent, "stapc"), 1, "reaped");
	CHECK(!exists(dead), "the dead owner's dir went");
	CHECK(exists(mine.path), "our own live dir stayed");
	CHECK(exists(live), "the other process's live dir stayed");
	CHECK(exists(kept.path), "a kept dir stayed");
	CHECK(exists(bare), "a dir without .lock stayed");

	close(hold);
	waitpid(other, NULL, 0);
	CHECK(!exists(live), "the other process removed its own dir");
	CHECK(stp_owned_tmpdir_remove(&mine) == 0 && !exists(mine.path),
	      "remove");
	CHECK_EQ(stp_owned_tmpdir_reap(parent, "stapc"), 0,
		 "nothing left to reap");
	rmdir(bare);
	{
		char lock[PATH_MAX + 16];

		snprintf(lock, sizeof(lock), "%s/.lock", kept.path);
		CHECK(!exists(lock), "a kept dir has no .lock");
	}
	rmdir(kept.path);
	CHECK(rmdir(parent) == 0, "everything is gone");
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed != 0;
}
