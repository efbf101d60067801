/* SPDX-License-Identifier: GPL-2.0-or-later */
/* paths.h - where stap finds its runtime, its tapsets and staprun.
 *
 * Run from the build tree, stap uses the source tree's runtime/ and
 * tapsets/ and the staprun beside it.  Installed, it uses the copies
 * `make install` put under $(pkgdatadir) and $(bindir), found relative
 * to the stap binary first (BINDIR/../share/stapc: the tree can be
 * moved as a whole, or installed under DESTDIR), then at the configured
 * absolute directories (a layout with its own --datadir).  SystemTap's
 * environment variables SYSTEMTAP_RUNTIME, SYSTEMTAP_TAPSET and
 * SYSTEMTAP_STAPRUN override. */
#ifndef STP_PATHS_H
#define STP_PATHS_H

/* Each returns a malloc'd path, or NULL when none exists (errno set). */
char *stp_runtime_dir(void);
char *stp_tapset_dir(void);
char *stp_staprun_path(void);

#endif
