/* SPDX-License-Identifier: GPL-2.0-or-later */
/* paths.c - locate the runtime, the tapsets and staprun (see paths.h).
 *
 * The build tree is recognised by the executable's own location
 * (/proc/self/exe), not by the current directory, so `./stap` and
 * `/path/to/build/stap` behave alike. */
#define _GNU_SOURCE
#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef STP_PKGDATADIR
#define STP_PKGDATADIR "/usr/local/share/stapc"
#endif
#ifndef STP_BINDIR
#define STP_BINDIR "/usr/local/bin"
#endif
#ifndef STP_SRCDIR
#define STP_SRCDIR "."
#endif

static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return strdup(buf);
}

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_exec(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode) && !access(p, X_OK);
}

/* Running from the build tree: the directory holding stap has a
 * config.status (configure's record). */
static int in_build_tree(const char *dir)
{
	char p[PATH_MAX];

	return snprintf(p, sizeof(p), "%s/config.status", dir) <
		       (int)sizeof(p) &&
	       access(p, F_OK) == 0;
}

static char *pick(const char *env, const char *sub, int want_dir)
{
	const char *e = getenv(env);
	char *dir, *p = NULL;

	if (e && *e)
		return strdup(e);
	dir = exe_dir();
	if (dir && in_build_tree(dir)) {
		/* staprun is built next to stap; the others are sources */
		if (asprintf(&p, "%s/%s", want_dir ? STP_SRCDIR : dir,
			     sub) < 0)
			p = NULL;
	} else if (asprintf(&p, "%s/%s", want_dir ? STP_PKGDATADIR :
			    STP_BINDIR, sub) < 0) {
		p = NULL;
	}
	free(dir);
	if (p && !(want_dir ? is_dir(p) : is_exec(p))) {
		free(p);
		errno = ENOENT;
		return NULL;
	}
	return p;
}

char *stp_runtime_dir(void)
{
	return pick("SYSTEMTAP_RUNTIME", "runtime", 1);
}

char *stp_tapset_dir(void)
{
	return pick("SYSTEMTAP_TAPSET", "tapsets", 1);
}

char *stp_staprun_path(void)
{
	/* the build tree builds it as staprun/staprun */
	char *p = pick("SYSTEMTAP_STAPRUN", "staprun/staprun", 0);

	return p ? p : pick("SYSTEMTAP_STAPRUN", "staprun", 0);
}
