/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cpio.h - a writer of cpio "newc" archives, the format the kernel
 * unpacks as an initramfs.  Parent directories are added on demand
 * (the kernel's unpacker does not create them). */
#ifndef _STAPRUN_CPIO_H_
#define _STAPRUN_CPIO_H_

#include <stddef.h>
#include <stdio.h>

struct stp_cpio {
	FILE *f;
	unsigned long ino;
	int err;		/* first errno; sticky */
	char **dirs;		/* directories written so far */
	size_t ndirs, cap;
};

/* Starts an archive on f (not closed by the writer). */
void stp_cpio_init(struct stp_cpio *c, FILE *f);

/* Entries; `name` is a guest path, with or without the leading '/'.
 * All return 0, or -1 with errno set (and the error kept in c->err). */
int stp_cpio_dir(struct stp_cpio *c, const char *name, unsigned mode);
int stp_cpio_data(struct stp_cpio *c, const char *name, unsigned mode,
		  const void *data, size_t len);
int stp_cpio_symlink(struct stp_cpio *c, const char *name,
		     const char *target);
/* The contents of host file `src` (symlinks followed); mode 0: src's. */
int stp_cpio_file(struct stp_cpio *c, const char *name, unsigned mode,
		  const char *src);

/* Writes the trailer and frees the bookkeeping: 0 if every write
 * worked, else -1 with errno set to the first error. */
int stp_cpio_finish(struct stp_cpio *c);

#endif /* _STAPRUN_CPIO_H_ */
