/* SPDX-License-Identifier: GPL-2.0-or-later */
/* owned-tmpdir.h - temp directories that tell whether their owner still
 * runs: each holds a file ".lock" that the owning process keeps locked
 * (flock), so that a later run removes what a killed run (SIGKILL) left
 * behind, and never what a live run, in any pid namespace, still uses.
 * Used by stap's pass 4 (kbuild.c) and staprun --vm (vm.c). */
#ifndef STP_OWNED_TMPDIR_H
#define STP_OWNED_TMPDIR_H

#include <limits.h>

struct stp_owned_tmpdir {
	char path[PATH_MAX];	/* PARENT/PREFIXxxxxxx */
	int lock_fd;		/* holds the lock; -1 once released */
};

/* Creates PARENT/PREFIXXXXXXX (mkdtemp) with its locked ".lock".  The
 * lock is held by this process and by its forked children that do not
 * exec (its descriptor is close-on-exec).  0, or -1 with errno set and
 * nothing left behind. */
int stp_owned_tmpdir_create(struct stp_owned_tmpdir *d, const char *parent,
			    const char *prefix);

/* Removes the directory and everything in it, then drops the lock.
 * 0, or -1 with errno set (the lock is dropped anyway). */
int stp_owned_tmpdir_remove(struct stp_owned_tmpdir *d);

/* Keeps the directory for the user (stap -k, a failed build's log):
 * removes ".lock" first, so that no later run takes it for a dead run's
 * leftovers. */
void stp_owned_tmpdir_keep(struct stp_owned_tmpdir *d);

/* Removes every PARENT/PREFIX* directory of this user whose ".lock" is
 * not locked: its owner is dead.  A directory without ".lock" (kept, or
 * from an older version) is left alone.  Returns how many went. */
int stp_owned_tmpdir_reap(const char *parent, const char *prefix);

#endif
