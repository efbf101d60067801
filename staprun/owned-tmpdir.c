/* SPDX-License-Identifier: GPL-2.0-or-later */
/* owned-tmpdir.c - temp directories whose ".lock" says whether their
 * owner lives (see owned-tmpdir.h and doc/internals/staprun.md, "Signals
 * and leftovers").
 *
 * The lock is an flock() on ".lock": the kernel drops it when the last
 * descriptor of the owner closes, however the owner ends, and a pid
 * that gets reused or lives in another pid namespace cannot fool it.
 * The lock file is made and locked under another name and renamed to
 * ".lock" only once locked, so a reaper never sees an unlocked ".lock"
 * of a live directory. */
#define _GNU_SOURCE
#include "owned-tmpdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_NAME ".lock"

static int rm_entry(const char *path, const struct stat *sb, int flag,
		    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

static int rm_tree(const char *path)
{
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int stp_owned_tmpdir_create(struct stp_owned_tmpdir *d, const char *parent,
			    const char *prefix)
{
	char tmp[PATH_MAX + 16], lock[PATH_MAX + 16];
	int fd, e;

	d->lock_fd = -1;
	if ((size_t)snprintf(d->path, sizeof(d->path), "%s/%sXXXXXX", parent,
			     prefix) >= sizeof(d->path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!mkdtemp(d->path))
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/lockXXXXXX", d->path);
	snprintf(lock, sizeof(lock), "%s/" LOCK_NAME, d->path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		goto err;
	if (flock(fd, LOCK_EX) < 0 || rename(tmp, lock) < 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		goto err;
	}
	d->lock_fd = fd;
	return 0;
err:
	e = errno;
	rmdir(d->path);
	errno = e;
	return -1;
}

int stp_owned_tmpdir_remove(struct stp_owned_tmpdir *d)
{
	int r = 0, e = 0;

	if (d->lock_fd < 0)
		return 0;
	/* removed while still locked: a reaper cannot race us */
	if (rm_tree(d->path) < 0 && errno != ENOENT) {
		r = -1;
		e = errno;
	}
	close(d->lock_fd);
	d->lock_fd = -1;
	errno = e;
	return r;
}

void stp_owned_tmpdir_keep(struct stp_owned_tmpdir *d)
{
	char lock[PATH_MAX + 16];

	if (d->lock_fd < 0)
		return;
	snprintf(lock, sizeof(lock), "%s/" LOCK_NAME, d->path);
	unlink(lock);
	close(d->lock_fd);
	d->lock_fd = -1;
}

/* One candidate: ours, a real directory, with an unlocked ".lock". */
static int reap_one(const char *dir)
{
	char lock[PATH_MAX + 16];
	struct stat st;
	int fd, r = 0;

	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid())
		return 0;
	snprintf(lock, sizeof(lock), "%s/" LOCK_NAME, dir);
	fd = open(lock, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0 && rm_tree(dir) == 0)
		r = 1;
	close(fd);
	return r;
}

int stp_owned_tmpdir_reap(const char *parent, const char *prefix)
{
	size_t plen = strlen(prefix);
	struct dirent *de;
	char path[PATH_MAX];
	int n = 0;
	DIR *dir = opendir(parent);

	if (!dir)
		return 0;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", parent,
				     de->d_name) >= sizeof(path))
			continue;
		n += reap_one(path);
	}
	closedir(dir);
	return n;
}
