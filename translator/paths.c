/* SPDX-License-Identifier: GPL-2.0-or-later */
/* paths.c - locate the runtime, the tapsets and staprun (see paths.h).
 *
 * Both the build tree and an installed copy are recognised by the
 * executable's own location (/proc/self/exe), never by the current
 * directory, so `./stap` and `/path/to/build/stap` behave alike, and an
 * installed tree works wherever it is put (DESTDIR, a moved prefix). */
#define _GNU_SOURCE
#include "paths.h"
#include "stputil.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
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
/* pkgdatadir seen from bindir in the default layout (PREFIX/bin,
 * PREFIX/share/stapc) */
#ifndef STP_PKGDATA_FROM_BIN
#define STP_PKGDATA_FROM_BIN "../share/stapc"
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
	return stp_xstrdup(buf);
}

/* Running from the build tree: the directory holding stap has a
 * config.status (configure's record). */
static bool in_build_tree(const char *dir)
{
	char *p = stp_xasprintf("%s/config.status", dir);
	bool r = access(p, F_OK) == 0;

	free(p);
	return r;
}

/* DIR/SUB if it is a directory (want_dir) or an executable file; else
 * NULL. */
static char *existing(const char *dir, const char *sub, bool want_dir)
{
	char *p = stp_xasprintf("%s/%s", dir, sub);
	struct stat st;

	if (stat(p, &st) == 0 &&
	    (want_dir ? S_ISDIR(st.st_mode) :
			S_ISREG(st.st_mode) && access(p, X_OK) == 0))
		return p;
	free(p);
	return NULL;
}

/* env overrides; then the build tree (data from the source tree,
 * programs beside stap as in_tree); then the installed tree relative to
 * stap; then the configured directories. */
static char *pick(const char *env, const char *sub, const char *in_tree,
		  bool want_dir)
{
	const char *e = getenv(env);
	char *dir, *p = NULL;

	if (e && *e)
		return stp_xstrdup(e);
	dir = exe_dir();
	if (dir && in_build_tree(dir)) {
		p = existing(want_dir ? STP_SRCDIR : dir, in_tree, want_dir);
	} else {
		if (dir && want_dir) {
			char *rel = stp_xasprintf("%s/" STP_PKGDATA_FROM_BIN,
						  dir);

			p = existing(rel, sub, true);
			free(rel);
		} else if (dir) {
			p = existing(dir, sub, false);
		}
		if (!p)
			p = existing(want_dir ? STP_PKGDATADIR : STP_BINDIR,
				     sub, want_dir);
	}
	free(dir);
	if (p && want_dir) {
		/* "BIN/../share/stapc", or a VPATH build's "BUILD/../..":
		 * messages name the tapsets by their plain path */
		char *real = realpath(p, NULL);

		if (real) {
			free(p);
			p = real;
		}
	}
	if (!p)
		errno = ENOENT;
	return p;
}

char *stp_runtime_dir(void)
{
	return pick("SYSTEMTAP_RUNTIME", "runtime", "runtime", true);
}

char *stp_tapset_dir(void)
{
	return pick("SYSTEMTAP_TAPSET", "tapsets", "tapsets", true);
}

char *stp_staprun_path(void)
{
	/* the build tree builds it as staprun/staprun */
	return pick("SYSTEMTAP_STAPRUN", "staprun", "staprun/staprun", false);
}
