// SPDX-License-Identifier: GPL-2.0-or-later
/* vm-kernel.c - the VM runner's kernel image: unpack the ELF vmlinux out
 * of a Debian bzImage once and cache it (doc/internals/vm.md: 6.1's xz
 * bzImage takes ~9 s to decompress under TCG; PVH boots the ELF). */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "file.h"
#include "vm-internal.h"

int stp_elf_is_static(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 1;

	if (fd < 0)
		return -1;
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof(ph)) {
		close(fd);
		return -1;
	}
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) !=
		    sizeof(ph)) {
			rc = -1;
			break;
		}
		if (ph.p_type == PT_INTERP) {
			rc = 0;
			break;
		}
	}
	close(fd);
	return rc;
}

static int cache_dir(char *buf, size_t size)
{
	const char *e = getenv("STAPC_VM_CACHE"), *x = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (e && *e)
		n = snprintf(buf, size, "%s", e);
	else if (x && *x)
		n = snprintf(buf, size, "%s/stapc/vm", x);
	else if (home && *home)
		n = snprintf(buf, size, "%s/.cache/stapc/vm", home);
	else
		return -1;
	return n > 0 && (size_t)n < size ? 0 : -1;
}

/* Runs `tool -dc` with data on its stdin and its stdout into out_fd. */
static int decompress(const char *tool, const char *data, size_t len,
		      int out_fd)
{
	char *argv[] = { (char *)tool, "-dc", NULL };
	int in, st;
	pid_t pid = stp_spawn_pipe(tool, argv, STP_PIPE_TO_STDIN, out_fd, true,
				   &in);
	void (*old)(int);

	if (pid < 0)
		return -1;
	old = signal(SIGPIPE, SIG_IGN);	/* a tool that gives up early */
	st = stp_write_all(in, data, len);
	close(in);
	signal(SIGPIPE, old);
	return stp_wait(pid) == 0 && st == 0 ? 0 : -1;
}

/* bzImage setup header: setup_sects at 0x1f1, payload_offset at 0x248,
 * payload_length at 0x24c (relative to the protected-mode code, which
 * starts after the setup sectors); the payload ends with a 4-byte
 * uncompressed size, which the decompressors do not want. */
static int unpack(const char *image, const char *out, char *err,
		  size_t errsize)
{
	char *d = NULL;
	size_t len = 0, start;
	uint32_t po, pl;
	unsigned ss;
	const char *tool;
	char tmp[4300];
	unsigned char magic[4];
	int fd, rc = -1;

	if (stp_read_file(image, &d, &len) || len < 0x250) {
		snprintf(err, errsize, "cannot read %s", image);
		free(d);
		return -1;
	}
	ss = d[0x1f1] ? (unsigned char)d[0x1f1] : 4;
	memcpy(&po, d + 0x248, 4);
	memcpy(&pl, d + 0x24c, 4);
	start = (ss + 1) * 512ul + po;
	if (pl <= 4 || start > len || pl > len - start) {
		snprintf(err, errsize, "%s: no payload in the setup header", image);
		goto out;
	}
	if (memcmp(d + start, "\xfd" "7zXZ", 4) == 0)
		tool = "xz";
	else if (memcmp(d + start, "\x28\xb5\x2f\xfd", 4) == 0)
		tool = "zstd";
	else if (memcmp(d + start, "\x1f\x8b", 2) == 0)
		tool = "gzip";
	else {
		snprintf(err, errsize, "%s: unknown compression", image);
		goto out;
	}
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", out);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errsize, "cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (decompress(tool, d + start, pl - 4, fd) ||
	    pread(fd, magic, 4, 0) != 4 || memcmp(magic, ELFMAG, SELFMAG)) {
		snprintf(err, errsize, "cannot unpack %s with %s (apt-get install %s)",
			 image, tool, strcmp(tool, "xz") == 0 ? "xz-utils" : tool);
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) || rename(tmp, out)) {
		snprintf(err, errsize, "cannot write %s: %s", out, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(d);
	return rc;
}

int stp_vm_kernel_image(const char *kver, int verbose, char *out,
			size_t outsize, char *err, size_t errsize)
{
	char image[512], dir[4000], elf[4100];
	struct stat si, se;

	snprintf(image, sizeof(image), "/boot/vmlinuz-%s", kver);
	if (stat(image, &si)) {
		snprintf(err, errsize,
			 "no kernel image %s for the VM (apt-get install linux-image-%s)",
			 image, kver);
		return -1;
	}
	if (cache_dir(dir, sizeof(dir)) == 0 && stp_mkdir_p(dir) == 0) {
		snprintf(elf, sizeof(elf), "%s/vmlinux-%s", dir, kver);
		if (stat(elf, &se) == 0 && se.st_size > 0 &&
		    se.st_mtime >= si.st_mtime) {
			snprintf(out, outsize, "%s", elf);
			return 0;
		}
		if (verbose)
			fprintf(stderr, "staprun: unpacking %s into %s\n", image, elf);
		if (unpack(image, elf, err, errsize) == 0) {
			snprintf(out, outsize, "%s", elf);
			return 0;
		}
		fprintf(stderr, "staprun: %s; booting the compressed image (slower)\n",
			err);
	}
	snprintf(out, outsize, "%s", image);
	return 0;
}
