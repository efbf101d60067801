/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe-points.h - resolving built-in probe points into concrete sites.
 *
 * Pass 2 expands probe aliases first; what remains are built-in probe
 * points (begin, timer.ms(10), kernel.function("vfs_*").return, ...).
 * stp_resolve_point() turns one of those into zero or more sites against
 * the target kernel's symbol list (the real System.map of
 * linux-image-KVER-dbg, or /proc/kallsyms when the target is running),
 * expanding wildcards and dropping functions the kernel refuses to probe
 * (a warning for a wildcard match, an error for an exact name).
 */
#ifndef STP_PROBE_POINTS_H
#define STP_PROBE_POINTS_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "../runtime/probe_kinds.h"

struct stp_site {
	enum stp_site_kind kind;
	const char *pp;			/* canonical text, as pp() returns:
					 * kernel.function("vfs_read").return */
	const struct stp_probe_point *point;	/* as written (alias-expanded) */
	const char *symbol;		/* KPROBE, KRETPROBE */
	const char *module;		/* NULL: vmlinux */
	uint64_t offset;		/* KPROBE */
	int maxactive;			/* KRETPROBE; -1 default */
	int64_t priority;		/* BEGIN END ERROR */
	uint64_t period_ns, randomize_ns;	/* TIMER */
	uint32_t period_jiffies, randomize_jiffies;	/* TIMER_JIFFIES */
	bool optional;			/* from a wildcard or '?' */
	bool is_return;			/* KRETPROBE */
};

struct stp_kernel_syms;			/* opaque, owned by the resolver */

struct stp_resolver {
	struct stp_arena *arena;	/* sites and strings live here */
	struct stp_diag *diag;
	const char *kernel_release;	/* target KVER */
	const char *arch;
	bool target_running;		/* target == running kernel: may
					 * read /proc/kallsyms */
	struct stp_kernel_syms *syms;	/* loaded on first need */
};

void stp_resolver_init(struct stp_resolver *r, struct stp_arena *arena,
		       struct stp_diag *diag, const char *kernel_release,
		       const char *arch, bool target_running);
void stp_resolver_free(struct stp_resolver *r);

/* Resolve one built-in probe point (its components after alias
 * expansion).  Appends struct stp_site * to `out`.  Returns the number
 * of sites added (0 is not an error for an optional point), or -1 after
 * reporting an error at the point (unknown probe point, bad argument,
 * no such function, function cannot be probed). */
int stp_resolve_point(struct stp_resolver *r,
		      const struct stp_probe_point *point,
		      struct stp_vec *out);

/* Is this a built-in probe point family name (begin, timer, kernel,
 * kprobe, module, ...)?  Used to tell built-ins from alias names. */
bool stp_is_builtin_point(const struct stp_probe_point *point);

/* -l/-L: append every built-in probe point matching `pattern` (a probe
 * point with wildcards, e.g. kernel.function("vfs_*")) as canonical
 * text (char *, arena) to out.  -1 after an error. */
int stp_list_points(struct stp_resolver *r,
		    const struct stp_probe_point *pattern,
		    struct stp_vec *out);

#endif
