// SPDX-License-Identifier: GPL-2.0-or-later
/* test-cpio.c - host test of staprun/cpio.c: the archive is read back by
 * cpio(1) when installed, and its bytes are checked by hand. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cpio.h"

/* Parses a newc archive: counts entries, checks alignment and the
 * trailer, finds `want` and returns its mode and data. */
static int find_entry(const char *a, size_t len, const char *want,
		      unsigned *mode, const char **data, size_t *dlen,
		      int *entries)
{
	size_t off = 0;
	int found = 0;

	*entries = 0;
	while (off + 110 <= len) {
		char f[9];
		unsigned long v[13];
		const char *name;

		if (memcmp(a + off, "070701", 6))
			return -1;
		for (int i = 0; i < 13; i++) {
			memcpy(f, a + off + 6 + i * 8, 8);
			f[8] = 0;
			v[i] = strtoul(f, NULL, 16);
		}
		name = a + off + 110;
		if (off + 110 + v[11] > len || name[v[11] - 1])
			return -1;
		off = (off + 110 + v[11] + 3) & ~(size_t)3;
		if (strcmp(name, "TRAILER!!!") == 0)
			return off == len && found ? 0 : -1;
		(*entries)++;
		if (strcmp(name, want) == 0) {
			*mode = (unsigned)v[1];
			*data = a + off;
			*dlen = v[6];
			found = 1;
		}
		off = (off + v[6] + 3) & ~(size_t)3;
	}
	return -1;
}

int main(void)
{
	char path[] = "/tmp/test-cpio.XXXXXX", src[] = "/tmp/test-cpio-src.XXXXXX";
	struct stp_cpio c;
	char *buf = NULL;
	size_t len = 0, dlen = 0;
	const char *data;
	unsigned mode = 0;
	int entries = 0, fd;
	FILE *f, *mem;

	/* a host file to copy, 70001 bytes (not a multiple of 4) */
	{
		static char big[70001];

		for (size_t i = 0; i < sizeof(big); i++)
			big[i] = "abcdefg"[i % 7];
		fd = mkstemp(src);
		CHECK(fd >= 0, "temp file");
		CHECK_EQ(write(fd, big, sizeof(big)), sizeof(big), "write it");
		fchmod(fd, 0600);
		close(fd);
	}

	mem = open_memstream(&buf, &len);
	stp_cpio_init(&c, mem);
	CHECK_EQ(stp_cpio_data(&c, "/a/b/c.txt", 0644, "hello", 5), 0, "data");
	CHECK_EQ(stp_cpio_symlink(&c, "bin/sh", "busybox"), 0, "symlink");
	CHECK_EQ(stp_cpio_file(&c, "/a/big", 0, src), 0, "file");
	CHECK_EQ(stp_cpio_dir(&c, "/a/b", 0700), 0, "dir already added");
	CHECK_EQ(stp_cpio_file(&c, "/x", 0, "/nonexistent/file"), -1, "missing file fails");
	CHECK_EQ(c.err, ENOENT, "error kept");
	CHECK_EQ(stp_cpio_finish(&c), -1, "finish reports the earlier error");
	fclose(mem);
	free(buf);
	buf = NULL;

	mem = open_memstream(&buf, &len);
	stp_cpio_init(&c, mem);
	stp_cpio_data(&c, "/a/b/c.txt", 0644, "hello", 5);
	stp_cpio_symlink(&c, "bin/sh", "busybox");
	stp_cpio_file(&c, "/a/big", 0, src);
	stp_cpio_data(&c, "/empty", 0600, "", 0);
	CHECK_EQ(stp_cpio_finish(&c), 0, "finish");
	fclose(mem);
	CHECK_EQ(len % 4, 0, "archive length aligned");
	CHECK_EQ(find_entry(buf, len, "a/b/c.txt", &mode, &data, &dlen, &entries),
		 0, "parse back");
	CHECK_EQ(entries, 7, "entries (a, a/b, c.txt, bin, sh, big, empty)");
	CHECK_EQ(mode, 0100644, "file mode");
	CHECK(dlen == 5 && memcmp(data, "hello", 5) == 0, "file data");
	find_entry(buf, len, "bin/sh", &mode, &data, &dlen, &entries);
	CHECK(mode == 0120777 && dlen == 7 && memcmp(data, "busybox", 7) == 0,
	      "symlink entry");
	find_entry(buf, len, "a", &mode, &data, &dlen, &entries);
	CHECK_EQ(mode, 040755, "parent dir made");
	find_entry(buf, len, "a/big", &mode, &data, &dlen, &entries);
	CHECK(dlen == 70001 && data[70000] == "abcdefg"[70000 % 7], "copied file");
	CHECK_EQ(mode & 0777, 0600, "copied file keeps the source mode");

	/* cpio(1) agrees, if it is installed */
	fd = mkstemp(path);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f && access("/usr/bin/cpio", X_OK) == 0) {
		char cmd[256];
		FILE *p;
		char line[256];
		int n = 0;

		fwrite(buf, 1, len, f);
		fclose(f);
		f = NULL;
		snprintf(cmd, sizeof(cmd), "cpio -t --quiet <%s", path);
		p = popen(cmd, "r");
		while (p && fgets(line, sizeof(line), p))
			n++;
		CHECK(p && pclose(p) == 0, "cpio -t accepts the archive");
		CHECK_EQ(n, 7, "cpio -t lists every entry");
	}
	if (f)
		fclose(f);
	unlink(path);
	unlink(src);
	free(buf);
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed != 0;
}
