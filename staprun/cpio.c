// SPDX-License-Identifier: GPL-2.0-or-later
/* cpio.c - cpio newc writer for the VM runner's initramfs: no cpio(1)
 * needed on the host, and no root (owner 0:0 is written, not chown'd). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpio.h"
#include "xalloc.h"

void stp_cpio_init(struct stp_cpio *c, FILE *f)
{
	memset(c, 0, sizeof(*c));
	c->f = f;
	c->ino = 1000;
}

static int fail(struct stp_cpio *c, int e)
{
	if (!c->err)
		c->err = e;
	errno = e;
	return -1;
}

static int pad4(struct stp_cpio *c, unsigned long long n)
{
	static const char zeros[4];
	size_t p = (4 - (n & 3)) & 3;

	if (p && fwrite(zeros, 1, p, c->f) != p)
		return fail(c, errno ? errno : EIO);
	return 0;
}

/* Header + name (+ padding); the data follows. */
static int header(struct stp_cpio *c, const char *name, unsigned mode,
		  unsigned long long size)
{
	size_t nlen = strlen(name) + 1;

	if (c->err)
		return fail(c, c->err);
	if (size > 0xffffffffull)
		return fail(c, EFBIG);
	if (fprintf(c->f,
		    "070701%08lX%08X%08X%08X%08X%08X%08llX%08X%08X%08X%08X%08zX%08X",
		    c->ino++, mode, 0, 0, S_ISDIR(mode) ? 2 : 1, 0, size,
		    0, 0, 0, 0, nlen, 0) != 110 ||
	    fwrite(name, 1, nlen, c->f) != nlen)
		return fail(c, errno ? errno : EIO);
	return pad4(c, 110 + nlen);
}

static const char *strip(const char *name)
{
	while (*name == '/')
		name++;
	return name;
}

static int seen_dir(const struct stp_cpio *c, const char *d)
{
	for (size_t i = 0; i < c->ndirs; i++)
		if (strcmp(c->dirs[i], d) == 0)
			return 1;
	return 0;
}

static int add_dir(struct stp_cpio *c, const char *d, unsigned mode)
{
	if (seen_dir(c, d))
		return 0;
	if (c->ndirs == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->dirs = stp_xrealloc(c->dirs, c->cap * sizeof(*c->dirs));
	}
	c->dirs[c->ndirs++] = stp_xstrdup(d);
	return header(c, d, S_IFDIR | mode, 0);
}

/* Every parent directory of `name` (already stripped of '/'). */
static int parents(struct stp_cpio *c, const char *name)
{
	char buf[4096];
	size_t n = strlen(name);

	if (n >= sizeof(buf))
		return fail(c, ENAMETOOLONG);
	memcpy(buf, name, n + 1);
	for (char *s = buf; (s = strchr(s, '/')); s++) {
		*s = 0;
		if (buf[0] && add_dir(c, buf, 0755))
			return -1;
		*s = '/';
	}
	return 0;
}

int stp_cpio_dir(struct stp_cpio *c, const char *name, unsigned mode)
{
	name = strip(name);
	if (!*name)
		return fail(c, EINVAL);
	if (parents(c, name))
		return -1;
	return add_dir(c, name, mode & 07777);
}

int stp_cpio_data(struct stp_cpio *c, const char *name, unsigned mode,
		  const void *data, size_t len)
{
	name = strip(name);
	if (!*name)
		return fail(c, EINVAL);
	if (parents(c, name) || header(c, name, S_IFREG | (mode & 07777), len))
		return -1;
	if (len && fwrite(data, 1, len, c->f) != len)
		return fail(c, errno ? errno : EIO);
	return pad4(c, len);
}

int stp_cpio_symlink(struct stp_cpio *c, const char *name,
		     const char *target)
{
	size_t len = strlen(target);

	name = strip(name);
	if (!*name)
		return fail(c, EINVAL);
	if (parents(c, name) || header(c, name, S_IFLNK | 0777, len))
		return -1;
	if (fwrite(target, 1, len, c->f) != len)
		return fail(c, errno ? errno : EIO);
	return pad4(c, len);
}

int stp_cpio_file(struct stp_cpio *c, const char *name, unsigned mode,
		  const char *src)
{
	char buf[65536];
	struct stat st;
	unsigned long long left;
	int fd;

	name = strip(name);
	if (!*name)
		return fail(c, EINVAL);
	fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(c, errno);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		int e = errno ? errno : EINVAL;

		close(fd);
		return fail(c, S_ISREG(st.st_mode) ? e : EINVAL);
	}
	if (!mode)
		mode = st.st_mode;
	if (parents(c, name) ||
	    header(c, name, S_IFREG | (mode & 07777), (unsigned long long)st.st_size)) {
		close(fd);
		return -1;
	}
	left = (unsigned long long)st.st_size;
	while (left) {
		size_t want = left < sizeof(buf) ? (size_t)left : sizeof(buf);
		ssize_t n = read(fd, buf, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {	/* the file shrank under us */
			int e = n < 0 ? errno : EIO;

			close(fd);
			return fail(c, e);
		}
		if (fwrite(buf, 1, (size_t)n, c->f) != (size_t)n) {
			int e = errno ? errno : EIO;

			close(fd);
			return fail(c, e);
		}
		left -= (unsigned long long)n;
	}
	close(fd);
	return pad4(c, (unsigned long long)st.st_size);
}

int stp_cpio_finish(struct stp_cpio *c)
{
	int rc;

	if (!c->err) {
		c->ino = 0;
		header(c, "TRAILER!!!", 0, 0);
	}
	if (!c->err && fflush(c->f))
		fail(c, errno);
	for (size_t i = 0; i < c->ndirs; i++)
		free(c->dirs[i]);
	free(c->dirs);
	c->dirs = NULL;
	c->ndirs = c->cap = 0;
	rc = c->err ? -1 : 0;
	if (rc)
		errno = c->err;
	return rc;
}
