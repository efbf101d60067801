// SPDX-License-Identifier: GPL-2.0-or-later
/* initramfs.c - the VM runner's guest file system: what goes into the
 * initramfs and where (vm.h has the layout). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "cpio.h"
#include "modload.h"
#include "vm-internal.h"
#include "xalloc.h"

int stp_sh_quote(char *buf, size_t size, const char *s)
{
	size_t n = 0;

#define PUT(ch) do { if (n + 1 < size) buf[n] = (ch); n++; } while (0)
	PUT('\'');
	for (; *s; s++) {
		if (*s == '\'') {
			PUT('\'');
			PUT('\\');
			PUT('\'');
			PUT('\'');
		} else {
			PUT(*s);
		}
	}
	PUT('\'');
#undef PUT
	if (size)
		buf[n < size ? n : size - 1] = 0;
	return (int)n;
}

/* "set -- ARGS" for the guest's staprun. */
static char *args_script(const struct stp_vm_opts *o, const char *ko_name)
{
	size_t cap = 256, len = 0;
	char *s = stp_xmalloc(cap);
	const char *words[8];
	size_t nw = 0;

	len = (size_t)sprintf(s, "set --");
	if (o->verbose)
		words[nw++] = "-v";
	if (o->suppress_warnings)
		words[nw++] = "-w";
	if (o->command) {
		words[nw++] = "-c";
		words[nw++] = o->command;
	}
	words[nw++] = ko_name;
	for (size_t i = 0; i < nw + o->nparams; i++) {
		const char *w = i < nw ? words[i] : o->params[i - nw];
		size_t need = strlen(w) * 4 + 4;

		if (len + need + 2 > cap) {
			cap = (len + need + 2) * 2;
			s = stp_xrealloc(s, cap);
		}
		s[len++] = ' ';
		len += (size_t)stp_sh_quote(s + len, cap - len, w);
	}
	s[len++] = '\n';
	s[len] = 0;
	return s;
}

/* The first word of -c CMD, if it names a program to bring along. */
static int command_program(const char *cmd, char *buf, size_t size)
{
	size_t n = strspn(cmd, " \t"), m;

	cmd += n;
	m = strcspn(cmd, " \t\n;&|<>()$`'\"\\");
	if (m == 0 || m >= size || (cmd[m] && !strchr(" \t\n", cmd[m])))
		return -1;	/* shell syntax: let the guest's sh cope */
	memcpy(buf, cmd, m);
	buf[m] = 0;
	return 0;
}

static int is_busybox_applet(const char *busybox, const char *name)
{
	char line[256];
	char *argv[] = { "busybox", "--list", NULL };
	FILE *f;
	int found = 0, fd;
	pid_t pid = stp_spawn_pipe(busybox, argv, STP_PIPE_FROM_STDOUT, -1,
				   false, &fd);

	if (pid < 0)
		return 0;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
	} else {
		while (fgets(line, sizeof(line), f))
			if (strcmp(strtok(line, "\n") ? line : "", name) == 0)
				found = 1;
		fclose(f);
	}
	stp_wait(pid);
	return found;
}

/* A program and the shared objects ldd lists, at their host paths. */
static int add_program(struct stp_cpio *c, const char *prog, const char *dest,
		       char *err, size_t errsize)
{
	char line[1024];
	char *argv[] = { "ldd", (char *)prog, NULL };
	int fd, rc = 0;
	pid_t pid;
	FILE *f;

	if (stp_cpio_file(c, dest, 0755, prog)) {
		snprintf(err, errsize, "cannot copy %s into the VM: %s", prog,
			 strerror(errno));
		return -1;
	}
	if (stp_elf_is_static(prog) != 0)
		return 0;	/* static, or a script: nothing to add */
	pid = stp_spawn_pipe("ldd", argv, STP_PIPE_FROM_STDOUT, -1, true, &fd);
	if (pid < 0)
		goto fail;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		rc = -1;
	} else {
		/* "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or
		 * "/lib64/ld-linux-x86-64.so.2 (0x...)" */
		while (fgets(line, sizeof(line), f)) {
			char *s = strchr(line, '/'), *e;

			if (!s)
				continue;
			e = s + strcspn(s, " \t\n");
			*e = 0;
			if (access(s, R_OK))
				continue;
			if (stp_cpio_file(c, s, 0755, s)) {
				snprintf(err, errsize, "cannot copy %s into the VM: %s",
					 s, strerror(errno));
				rc = -1;
				break;
			}
		}
		fclose(f);
	}
	if (stp_wait(pid) != 0 && rc == 0) {
		snprintf(err, errsize, "ldd %s failed: cannot find its libraries",
			 prog);
		return -1;
	}
	return rc;
fail:
	snprintf(err, errsize, "cannot run ldd: %s", strerror(errno));
	return -1;
}

static int add_command(struct stp_cpio *c, const struct stp_vm_opts *o,
		       const char *busybox, char *err, size_t errsize)
{
	char word[1024], host[4200];

	if (!o->command || command_program(o->command, word, sizeof(word)))
		return 0;
	if (strchr(word, '/')) {
		if (word[0] != '/') {
			snprintf(err, errsize,
				 "-c %s: use an absolute path or a name on PATH in --vm mode",
				 word);
			return -1;
		}
		return add_program(c, word, word, err, errsize);
	}
	if (is_busybox_applet(busybox, word))
		return 0;	/* the guest has it */
	if (stp_find_in_path(word, host, sizeof(host))) {
		snprintf(err, errsize, "-c: program %s not found on PATH", word);
		return -1;
	}
	{
		char dest[1100];

		snprintf(dest, sizeof(dest), "/bin/%s", word);
		return add_program(c, host, dest, err, errsize);
	}
}

int stp_vm_write_initramfs(const char *path, const struct stp_vm_opts *o,
			   const char *staprun, const char *busybox,
			   char *err, size_t errsize)
{
	struct stp_modinfo mi;
	struct stp_cpio c;
	char ko_dest[STP_MODNAME_MAX + 16], ko_name[STP_MODNAME_MAX + 8];
	char *args = NULL;
	FILE *f;
	int rc = -1;

	if (stp_modinfo_read(o->ko, &mi, err, errsize))
		return -1;
	snprintf(ko_name, sizeof(ko_name), "%s.ko", mi.name);
	snprintf(ko_dest, sizeof(ko_dest), "/stap/%s", ko_name);
	args = args_script(o, ko_name);
	f = fopen(path, "we");
	if (!f) {
		snprintf(err, errsize, "cannot write %s: %s", path,
			 strerror(errno));
		free(args);
		if (f)
			fclose(f);
		return -1;
	}
	stp_cpio_init(&c, f);
	stp_cpio_dir(&c, "/bin", 0755);
	stp_cpio_dir(&c, "/sbin", 0755);
	stp_cpio_dir(&c, "/dev", 0755);
	stp_cpio_dir(&c, "/proc", 0755);
	stp_cpio_dir(&c, "/sys", 0755);
	stp_cpio_dir(&c, "/tmp", 01777);
	stp_cpio_dir(&c, "/root", 0700);
	stp_cpio_dir(&c, "/stap", 0755);
	stp_cpio_file(&c, "/bin/busybox", 0755, busybox);
	stp_cpio_symlink(&c, "/bin/sh", "busybox");
	stp_cpio_file(&c, "/bin/staprun", 0755, staprun);
	stp_cpio_file(&c, ko_dest, 0644, o->ko);
	stp_cpio_data(&c, "/init", 0755, stp_vm_guest_init,
		      strlen(stp_vm_guest_init));
	stp_cpio_data(&c, "/stap/args.sh", 0644, args, strlen(args));
	if (c.err) {
		snprintf(err, errsize, "cannot write the initramfs %s: %s", path,
			 strerror(c.err));
		goto out;
	}
	if (add_command(&c, o, busybox, err, errsize))
		goto out;
	for (size_t i = 0; i < o->nfiles; i++) {
		const char *spec = o->files[i], *colon = strstr(spec, ":/");
		char src[4096], dest[4096];
		const char *base;

		if (colon) {
			snprintf(src, sizeof(src), "%.*s", (int)(colon - spec), spec);
			snprintf(dest, sizeof(dest), "%s", colon + 1);
		} else {
			snprintf(src, sizeof(src), "%s", spec);
			base = strrchr(spec, '/');
			snprintf(dest, sizeof(dest), "/stap/%s", base ? base + 1 : spec);
		}
		if (stp_cpio_file(&c, dest, 0, src)) {
			snprintf(err, errsize, "cannot copy %s into the VM: %s",
				 src, strerror(errno));
			goto out;
		}
	}
	if (stp_cpio_finish(&c)) {
		snprintf(err, errsize, "cannot write the initramfs %s: %s", path,
			 strerror(errno));
		goto out_closed;
	}
	rc = 0;
	goto out_closed;
out:
	stp_cpio_finish(&c);
out_closed:
	if (fclose(f) && rc == 0) {
		snprintf(err, errsize, "cannot write the initramfs %s: %s", path,
			 strerror(errno));
		rc = -1;
	}
	free(args);
	return rc;
}
