/* SPDX-License-Identifier: GPL-2.0-or-later */
/* file.c - whole files (file.h). */
#include "file.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int stp_read_fd(int fd, char **buf, size_t *len)
{
	struct stat st;
	size_t cap, n = 0;
	char *b;

	/* the size is a hint: /proc files say 0 and pipes have none */
	cap = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 ?
	      (size_t)st.st_size + 1 : 4096;
	b = stp_xmalloc(cap);
	for (;;) {
		ssize_t r;

		if (n + 1 >= cap) {
			cap *= 2;
			b = stp_xrealloc(b, cap);
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(b);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	b[n] = '\0';
	*buf = b;
	if (len)
		*len = n;
	return 0;
}

int stp_read_file(const char *path, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int r, e;

	if (fd < 0)
		return -1;
	r = stp_read_fd(fd, buf, len);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

int stp_write_all(int fd, const void *data, size_t n)
{
	const char *p = data;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int stp_write_file(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int e;

	if (fd < 0)
		return -1;
	if (stp_write_all(fd, data, n) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

int stp_mkdir_p(const char *path)
{
	char *p = stp_xstrdup(path), *s;
	struct stat st;
	int r = 0, e;

	if (!*p) {
		free(p);
		errno = ENOENT;
		return -1;
	}
	for (s = p + 1; r == 0; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			r = -1;
		*s = c;
		if (!c)
			break;
	}
	if (r == 0 && stat(path, &st) < 0)
		r = -1;
	else if (r == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		r = -1;
	}
	e = errno;
	free(p);
	errno = e;
	return r;
}
