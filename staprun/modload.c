// SPDX-License-Identifier: GPL-2.0-or-later
/* modload.c - staprun: load and remove a module, explain why a load
 * failed, and talk to the module's control file. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "modload.h"
#include "xalloc.h"

#define DEBUGFS "/sys/kernel/debug"
#define DEBUGFS_MAGIC_NR 0x64626720

static void set_name_from_path(struct stp_modinfo *mi, const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strcspn(b, ".");
	if (n >= sizeof(mi->name))
		n = sizeof(mi->name) - 1;
	memcpy(mi->name, b, n);
	mi->name[n] = 0;
	/* kbuild names modules with '_' where the file has '-' */
	for (char *p = mi->name; *p; p++)
		if (*p == '-')
			*p = '_';
}

/* Fields of .modinfo: NUL-separated "key=value" strings. */
static void scan_modinfo(struct stp_modinfo *mi, const char *p, size_t len)
{
	const char *end = p + len;
	size_t used = 0;

	while (p < end) {
		size_t n = strnlen(p, (size_t)(end - p));

		if (n > 9 && memcmp(p, "vermagic=", 9) == 0 &&
		    n - 9 < sizeof(mi->vermagic)) {
			memcpy(mi->vermagic, p + 9, n - 9);
			mi->vermagic[n - 9] = 0;
		} else if (n > 10 && memcmp(p, "parmtype=", 9) == 0) {
			const char *nm = p + 9;
			size_t k = strcspn(nm, ":");

			/* keep room for the final empty name */
			if (used + k + 2 <= sizeof(mi->parm_names)) {
				memcpy(mi->parm_names + used, nm, k);
				used += k;
				mi->parm_names[used++] = '\0';
				mi->parm_names[used] = '\0';
			}

			if (k == 11 && memcmp(nm, "_stp_target", k) == 0)
				mi->params |= STP_MI_TARGET;
			else if (k == 14 && memcmp(nm, "_stp_tz_gmtoff", k) == 0)
				mi->params |= STP_MI_TZ_GMTOFF;
			else if (k == 12 && memcmp(nm, "_stp_tz_name", k) == 0)
				mi->params |= STP_MI_TZ_NAME;
		} else if (n > 5 && memcmp(p, "name=", 5) == 0 &&
			   n - 5 < sizeof(mi->name)) {
			memcpy(mi->name, p + 5, n - 5);
			mi->name[n - 5] = 0;
		}
		p += n + 1;
	}
}

int stp_modinfo_declares(const struct stp_modinfo *mi, const char *name,
			 size_t len)
{
	const char *p = mi->parm_names;

	while (*p) {
		size_t n = strlen(p);

		if (n == len && memcmp(p, name, len) == 0)
			return 1;
		p += n + 1;
	}
	return 0;
}

int stp_modinfo_read(const char *path, struct stp_modinfo *mi, char *err,
		     size_t errsize)
{
	struct stat st;
	const unsigned char *map;
	const Elf64_Ehdr *eh;
	int fd, rc = -1;

	memset(mi, 0, sizeof(*mi));
	set_name_from_path(mi, path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsize, "cannot open module %s: %s", path,
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size < sizeof(Elf64_Ehdr)) {
		snprintf(err, errsize, "%s is not a kernel module (not an ELF file)",
			 path);
		close(fd);
		return -1;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(err, errsize, "cannot read %s: %s", path,
			 strerror(errno));
		return -1;
	}
	eh = (const Elf64_Ehdr *)map;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_REL ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff > (uint64_t)st.st_size ||
	    (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) >
		    (uint64_t)st.st_size - eh->e_shoff ||
	    eh->e_shstrndx >= eh->e_shnum) {
		snprintf(err, errsize,
			 "%s is not a kernel module (not a 64-bit ELF relocatable file)",
			 path);
		goto out;
	}
	{
		const Elf64_Shdr *sh = (const Elf64_Shdr *)(map + eh->e_shoff);
		const Elf64_Shdr *strs = &sh[eh->e_shstrndx];

		if (strs->sh_offset > (uint64_t)st.st_size ||
		    strs->sh_size > (uint64_t)st.st_size - strs->sh_offset) {
			snprintf(err, errsize, "%s: corrupt ELF section table",
				 path);
			goto out;
		}
		for (unsigned i = 0; i < eh->e_shnum; i++) {
			const char *nm;

			if (sh[i].sh_name >= strs->sh_size)
				continue;
			nm = (const char *)map + strs->sh_offset + sh[i].sh_name;
			if (strnlen(nm, strs->sh_size - sh[i].sh_name) ==
				    strs->sh_size - sh[i].sh_name ||
			    strcmp(nm, ".modinfo"))
				continue;
			if (sh[i].sh_type == SHT_NOBITS ||
			    sh[i].sh_offset > (uint64_t)st.st_size ||
			    sh[i].sh_size > (uint64_t)st.st_size - sh[i].sh_offset)
				break;
			scan_modinfo(mi, (const char *)map + sh[i].sh_offset,
				     sh[i].sh_size);
			rc = 0;
			break;
		}
		if (rc)
			snprintf(err, errsize,
				 "%s is not a kernel module (no .modinfo section)",
				 path);
	}
	{
		size_t n = strcspn(mi->vermagic, " ");

		if (n >= sizeof(mi->release))
			n = sizeof(mi->release) - 1;
		memcpy(mi->release, mi->vermagic, n);
		mi->release[n] = 0;
	}
out:
	munmap((void *)map, (size_t)st.st_size);
	return rc;
}

char *stp_module_params(char *const *params, size_t n, long pid)
{
	size_t len = 32;
	char *s, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(params[i]) + 4;
	s = stp_xmalloc(len);
	p = s;
	*p = 0;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(params[i], '=');

		if (p != s)
			*p++ = ' ';
		if (eq && strpbrk(eq + 1, " \t\n"))
			p += sprintf(p, "%.*s\"%s\"", (int)(eq - params[i] + 1),
				     params[i], eq + 1);
		else
			p += sprintf(p, "%s", params[i]);
	}
	if (pid > 0)
		sprintf(p, "%s_stp_target=%ld", p != s ? " " : "", pid);
	return s;
}

static int param_given(char *const *params, size_t n, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < n; i++)
		if (strncmp(params[i], name, len) == 0 && params[i][len] == '=')
			return 1;
	return 0;
}

int stp_tz_params(const struct stp_modinfo *mi, char *const *params,
		  size_t n, char *out[2])
{
	time_t now = time(NULL);
	struct tm tm;
	int k = 0;

	out[0] = out[1] = NULL;
	tzset();
	if (!localtime_r(&now, &tm))
		return 0;	/* no zone to tell: the module keeps UTC */
	if ((mi->params & STP_MI_TZ_GMTOFF) &&
	    !param_given(params, n, "_stp_tz_gmtoff")) {
		/* SystemTap's sign: seconds west of UTC */
		out[k++] = stp_xasprintf("_stp_tz_gmtoff=%ld", -tm.tm_gmtoff);
	}
	if ((mi->params & STP_MI_TZ_NAME) && tm.tm_zone && tm.tm_zone[0] &&
	    !param_given(params, n, "_stp_tz_name")) {
		out[k++] = stp_xasprintf("_stp_tz_name=%s", tm.tm_zone);
	}
	return k;
}

char **stp_params_with_tz(const struct stp_modinfo *mi, char *const *params,
			  size_t n, char *tz[2], size_t *nout)
{
	int k = stp_tz_params(mi, params, n, tz);
	char **l = stp_xmalloc(sizeof(char *) * (n + (size_t)k + 1));

	for (size_t i = 0; i < n; i++)
		l[i] = params[i];
	for (int i = 0; i < k; i++)
		l[n + (size_t)i] = tz[i];
	*nout = n + (size_t)k;
	l[*nout] = NULL;
	return l;
}

int stp_module_load(const char *path, const struct stp_modinfo *mi,
		    const char *params, char *err, size_t errsize)
{
	struct utsname u;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		snprintf(err, errsize, "cannot open module %s: %s", path,
			 strerror(e));
		errno = e;
		return -1;
	}
	if (syscall(SYS_finit_module, fd, params, 0) == 0) {
		close(fd);
		return 0;
	}
	e = errno;
	close(fd);
	switch (e) {
	case EPERM:
		snprintf(err, errsize,
			 "cannot load module %s: permission denied (loading modules needs root, CAP_SYS_MODULE, and module loading enabled)",
			 mi->name);
		break;
	case EEXIST:
		snprintf(err, errsize,
			 "module %s is already loaded (another staprun may be running it); remove it with `rmmod %s`",
			 mi->name, mi->name);
		break;
	case ENOEXEC:
	case EINVAL:
		if (uname(&u) == 0 && mi->release[0] &&
		    strcmp(u.release, mi->release) != 0)
			snprintf(err, errsize,
				 "cannot load module %s: module built for %s, running %s",
				 mi->name, mi->release, u.release);
		else if (e == ENOEXEC)
			snprintf(err, errsize,
				 "cannot load module %s: invalid module format (see dmesg)",
				 mi->name);
		else
			snprintf(err, errsize,
				 "cannot load module %s: invalid parameters or module (see dmesg): %s",
				 mi->name, strerror(e));
		break;
	case EKEYREJECTED:
	case ENOKEY:
		snprintf(err, errsize,
			 "cannot load module %s: the kernel requires signed modules (%s)",
			 mi->name, strerror(e));
		break;
	default:
		snprintf(err, errsize, "cannot load module %s: %s (see dmesg)",
			 mi->name, strerror(e));
		break;
	}
	errno = e;
	return -1;
}

int stp_module_unload(const char *name)
{
	/* busy while a reader still holds a debugfs file or a handler is
	 * finishing: both end shortly */
	for (int tries = 0;; tries++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0)
			return 0;
		if ((errno != EAGAIN && errno != EBUSY && errno != EINTR) ||
		    tries >= 100)
			return -1;
		nanosleep(&ts, NULL);
	}
}

int stp_debugfs_ensure(char *err, size_t errsize)
{
	struct statfs sf;

	if (statfs(DEBUGFS, &sf) == 0 && sf.f_type == DEBUGFS_MAGIC_NR)
		return 0;
	if (mount("debugfs", DEBUGFS, "debugfs", 0, NULL) == 0)
		return 0;
	snprintf(err, errsize, "cannot mount debugfs on %s: %s", DEBUGFS,
		 strerror(errno));
	return -1;
}

int stp_module_path(char *buf, size_t size, const char *name,
		    const char *suffix)
{
	int n = snprintf(buf, size, DEBUGFS "/stapc_%s%s", name, suffix);

	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int stp_control_write(const char *name, const char *cmd)
{
	char path[128];
	ssize_t n;
	int fd, e;

	if (stp_module_path(path, sizeof(path), name, "/control"))
		return -1;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	do
		n = write(fd, cmd, strlen(cmd));
	while (n < 0 && errno == EINTR);
	e = errno;
	close(fd);
	if (n < 0) {
		errno = e;
		return -1;
	}
	return 0;
}

int stp_control_read(const char *name, struct stp_control_state *st)
{
	char path[128], line[256];
	ssize_t n;
	int fd;

	memset(st, 0, sizeof(*st));
	if (stp_module_path(path, sizeof(path), name, "/control"))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	do
		n = read(fd, line, sizeof(line) - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0)
		return -1;
	line[n] = 0;
	if (sscanf(line, "state=%15s errors=%ld skipped=%ld exit=%ld",
		   st->state, &st->errors, &st->skipped, &st->exit) != 4) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}
