/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe-points.h - resolving built-in probe points into concrete sites.
 *
 * Pass 2 expands probe aliases first; what remains are built-in probe
 * points (begin, timer.ms(10), kernel.function("vfs_*").return, ...).
 * stp_resolve_point() turns one of those into zero or more sites: it
 * picks the probe family (runtime/probe_families.h, one translator unit
 * translator/family-NAME.c each, see family.h) by the point's first
 * component, or by globbing components against the families' point
 * shapes when they have wildcards (`kerne*.funct*("vfs_read")`), and
 * that family resolves the point against the target kernel (its
 * symbol list for functions: the real System.map of
 * linux-image-KVER-dbg, or /proc/kallsyms when the target is running).
 */
#ifndef STP_PROBE_POINTS_H
#define STP_PROBE_POINTS_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "../runtime/stp_types.h"
#include "../runtime/probe_kinds.h"

struct stp_context;
struct kprobe;
struct pt_regs;

/* Each family's part of a site: the runtime's own struct (script.h),
 * from the same row of the table, which the family's resolver fills. */
#define STP_FAMILY(name, NAME, ...) struct stp_##name##_site { __VA_ARGS__ };
#include "../runtime/probe_families.h"

struct stp_point_family;

struct stp_site {
	enum stp_site_kind kind;
	const char *pp;			/* canonical text, as pp() returns:
					 * kernel.function("vfs_read").return */
	const struct stp_probe_point *point;	/* as written (alias-expanded) */
	const struct stp_point_family *family;	/* its translator unit */
	bool optional;			/* from a wildcard, '?' or '!' */
	bool is_return;			/* at a function's return: @entry */
	/* The family's part, by family name: site->timer, site->kprobe... */
	union {
#define STP_FAMILY(name, NAME, ...) struct stp_##name##_site *name;
#include "../runtime/probe_families.h"
	};
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
	int quiet;			/* > 0: report nothing (trying the
					 * expansions of a wildcard family) */
};

void stp_resolver_init(struct stp_resolver *r, struct stp_arena *arena,
		       struct stp_diag *diag, const char *kernel_release,
		       const char *arch, bool target_running);
void stp_resolver_free(struct stp_resolver *r);

/* Is the point optional: '?', or '!' (sufficient), which implies '?'. */
static inline bool stp_point_optional(const struct stp_probe_point *point)
{
	return point->optional || point->sufficient;
}

/* Resolve one built-in probe point (its components after alias
 * expansion).  Appends struct stp_site * to `out`.  Returns the number
 * of sites added (0 is not an error for an optional point), or -1 after
 * reporting an error at the point (unknown probe point, bad argument,
 * no such function, function cannot be probed). */
int stp_resolve_point(struct stp_resolver *r,
		      const struct stp_probe_point *point,
		      struct stp_vec *out);

/* Is this a built-in probe point: a family's (begin, timer, kernel,
 * kprobe, module, ... or a glob of one, such as kerne*.funct*), or one
 * of SystemTap's that is not implemented here?  Used to tell built-ins
 * from alias names. */
bool stp_is_builtin_point(const struct stp_probe_point *point);

/* -l/-L: append every built-in probe point matching `pattern` (a probe
 * point with wildcards, e.g. kernel.function("vfs_*")) as canonical
 * text (char *, arena) to out.  -1 after an error. */
int stp_list_points(struct stp_resolver *r,
		    const struct stp_probe_point *pattern,
		    struct stp_vec *out);

/* "STP_SITE_KPROBE" for STP_SITE_KPROBE: the C name of a kind. */
const char *stp_site_kind_name(enum stp_site_kind kind);

#endif
