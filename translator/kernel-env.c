/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kernel-env.c - finding the target kernel and reading its .config. */
#define _GNU_SOURCE
#include "kernel-env.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define MODULES_DIR "/lib/modules"

static char *build_dir_of(const char *release)
{
	char *path = stp_xasprintf(MODULES_DIR "/%s/build", release);
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return path;
	free(path);
	return NULL;
}

/* A kernel stap can fully target offline: its real symbol map (from
 * linux-image-KVER-dbg) is installed. */
static int has_symbols(const char *release)
{
	char *path = stp_xasprintf("/usr/lib/debug/boot/System.map-%s",
				   release);
	int ok;

	ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

/* The newest release under /lib/modules that has a build tree, preferring
 * those whose symbols are installed (kernel.function needs them). */
static char *newest_installed(void)
{
	DIR *d = opendir(MODULES_DIR);
	struct dirent *e;
	char *best = NULL;
	int best_syms = 0;

	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		char *b;
		int syms;

		if (e->d_name[0] == '.')
			continue;
		b = build_dir_of(e->d_name);
		if (!b)
			continue;
		free(b);
		syms = has_symbols(e->d_name);
		if (!best || syms > best_syms ||
		    (syms == best_syms && strverscmp(e->d_name, best) > 0)) {
			free(best);
			best = stp_xstrdup(e->d_name);
			best_syms = syms;
		}
	}
	closedir(d);
	return best;
}

static void read_config(struct kernel_env *k)
{
	char *path = NULL;
	FILE *f = NULL;
	char line[1024];

	if (k->build_dir) {
		path = stp_xasprintf("%s/.config", k->build_dir);
		f = fopen(path, "r");
		free(path);
	}
	if (!f) {
		path = stp_xasprintf("/boot/config-%s", k->release);
		f = fopen(path, "r");
		free(path);
	}
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			if (!strncmp(line, "CONFIG_", 7) && strchr(line, '='))
				stp_vec_push(&k->config, stp_xstrdup(line));
		}
		fclose(f);
	}
	stp_vec_push(&k->config, NULL);
}

static char *normalise_arch(const char *machine)
{
	/* SystemTap's names: the kernel's ARCH, not uname's machine */
	if (machine[0] == 'i' && !strcmp(machine + 2, "86"))
		return stp_xstrdup("i386");
	if (!strncmp(machine, "arm", 3) && strcmp(machine, "arm64"))
		return stp_xstrdup("arm");
	if (!strcmp(machine, "aarch64"))
		return stp_xstrdup("arm64");
	if (!strncmp(machine, "ppc", 3))
		return stp_xstrdup("powerpc");
	return stp_xstrdup(machine);
}

void kernel_env_init(struct kernel_env *k, const char *release)
{
	struct utsname u;
	int have_uname = uname(&u) == 0;

	memset(k, 0, sizeof(*k));
	if (release) {
		k->release = stp_xstrdup(release);
	} else {
		char *running_build =
			have_uname ? build_dir_of(u.release) : NULL;

		if (running_build) {
			k->release = stp_xstrdup(u.release);
			free(running_build);
		} else {
			k->release = newest_installed();
			if (!k->release)
				k->release = stp_xstrdup(have_uname ? u.release
								    : "0");
		}
	}
	k->version = stp_xstrdup(k->release);
	k->version[strcspn(k->version, "-")] = '\0';
	k->arch = normalise_arch(have_uname ? u.machine : "x86_64");
	k->build_dir = build_dir_of(k->release);
	read_config(k);
}

void kernel_env_free(struct kernel_env *k)
{
	size_t i;

	for (i = 0; i < k->config.len; i++)
		free(k->config.items[i]);
	stp_vec_free(&k->config);
	free(k->release);
	free(k->version);
	free(k->arch);
	free(k->build_dir);
}
