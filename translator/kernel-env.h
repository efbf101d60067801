/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kernel-env.h - facts about the target kernel that scripts can test:
 * release, architecture, and its .config (for %( CONFIG_X == "y" %)). */
#ifndef STP_KERNEL_ENV_H
#define STP_KERNEL_ENV_H

#include "arena.h"

struct kernel_env {
	char *release;		/* "6.1.0-57-amd64" */
	char *version;		/* "6.1.0" */
	char *arch;		/* "x86_64" */
	char *build_dir;	/* /lib/modules/REL/build, or NULL if absent */
	struct stp_vec config;	/* "CONFIG_X=value" strings, then NULL */
};

/* Pick the target: `release` (from -r) or the running kernel if its
 * headers are installed, else the newest installed one.  Never fails:
 * a kernel without headers or .config simply has no CONFIG_ values. */
void kernel_env_init(struct kernel_env *k, const char *release);
void kernel_env_free(struct kernel_env *k);

#endif
