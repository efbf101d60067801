/* SPDX-License-Identifier: GPL-2.0-or-later */
/* file.h - whole files: read one into memory, write one, make a
 * directory with its parents.  Each returns 0, or -1 with errno set and
 * nothing allocated; EINTR is retried.  Memory: see stputil.h. */
#ifndef STP_FILE_H
#define STP_FILE_H

#include <stddef.h>

/* Everything up to end of file into *buf (malloc'd, NUL-terminated: a
 * text can be used as a string); *len, when len is not NULL, excludes
 * the NUL.  Pipes and /proc files (which report size 0) work. */
int stp_read_fd(int fd, char **buf, size_t *len);
int stp_read_file(const char *path, char **buf, size_t *len);

/* All n bytes, or -1. */
int stp_write_all(int fd, const void *data, size_t n);
/* Create or truncate path (mode 0644 before the umask) with data. */
int stp_write_file(const char *path, const void *data, size_t n);

/* `mkdir -p`: path and its missing parents (mode 0755 before the
 * umask); ENOTDIR when path exists and is not a directory. */
int stp_mkdir_p(const char *path);

#endif
