/* SPDX-License-Identifier: GPL-2.0-only */
/* probe_kinds.h - the kinds of concrete probe site a module registers.
 *
 * Shared by the translator (which resolves script probe points into
 * sites) and the runtime (which binds each site to a kernel mechanism).
 * No dependencies: included from user space and from kernel code.
 */
#ifndef _STP_PROBE_KINDS_H_
#define _STP_PROBE_KINDS_H_

enum stp_site_kind {
	STP_SITE_BEGIN = 1,	/* once at start, by priority (low first) */
	STP_SITE_END,		/* once at normal end, by priority */
	STP_SITE_ERROR,		/* once at end after errors, instead of end */
	STP_SITE_NEVER,		/* never fires (still type-checked, compiled) */
	STP_SITE_TIMER,		/* hrtimer, one per site: period_ns
				 * (+ random 0..randomize_ns each time) */
	STP_SITE_TIMER_JIFFIES,	/* timer_list: period_jiffies
				 * (+ random 0..randomize_jiffies) */
	STP_SITE_PROFILE,	/* every online CPU, every tick (HZ), with
				 * the interrupted registers */
	STP_SITE_KPROBE,	/* kprobe at symbol+offset [in module] */
	STP_SITE_KRETPROBE,	/* kretprobe on symbol [in module] */
};

#endif /* _STP_PROBE_KINDS_H_ */
