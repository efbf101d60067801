/* SPDX-License-Identifier: GPL-2.0-only */
/* probe_families.h - the probe families, one row each: the only list of
 * them.  An X-macro table (no include guard): probe_kinds.h, script.h,
 * runtime/probes.c and translator/probe-points.c include it with their
 * own STP_FAMILY and STP_KIND and take what they need from each row.
 *
 * STP_FAMILY(name, NAME, fields...)
 *	A family: translator/family-name.c resolves its probe points and
 *	emits their sites (struct stp_point_family stp_family_name), and
 *	runtime/probes-name.c binds those sites to the kernel (struct
 *	stp_family_ops _stp_family_name).  STP_FAMILY_NAME is its value
 *	in enum stp_family.  The fields are its part of a site, struct
 *	stp_name_site, which each of its sites points to as site->name: a
 *	new family adds no field to struct stp_probe_site.
 * STP_KIND(NAME, KIND)
 *	A kind of site of family NAME: STP_SITE_KIND in enum
 *	stp_site_kind.  The translator picks it; the family's runtime unit
 *	binds each kind its own way.
 *
 * Adding a family: doc/internals/probe-family.md.
 */
#ifndef STP_FAMILY
#define STP_FAMILY(name, NAME, ...)
#endif
#ifndef STP_KIND
#define STP_KIND(NAME, KIND)
#endif

/* begin, end, error, never: run by the session, not by a kernel hook */
STP_FAMILY(once, ONCE,
	s64 priority;		/* BEGIN, END, ERROR: lower runs first;
				 * equal ones run in file order */
)
STP_KIND(ONCE, BEGIN)		/* once at start */
STP_KIND(ONCE, END)		/* once at a normal end */
STP_KIND(ONCE, ERROR)		/* once at the end after errors, not END */
STP_KIND(ONCE, NEVER)		/* never runs (still checked and compiled) */

/* kernel.function, module().function, kprobe.function and
 * kprobe.module().function, with or without .return */
STP_FAMILY(kprobe, KPROBE,
	const char *symbol;	/* function name */
	const char *module;	/* NULL: the kernel itself */
	unsigned long offset;	/* KPROBE: bytes after symbol */
	int maxactive;		/* KRETPROBE: instances, -1 for the default */
	u32 entry_bytes;	/* KRETPROBE: size of the @entry storage */
	void (*entry)(struct stp_context *c);	/* KRETPROBE: saves the
						 * @entry values at
						 * c->entry_data, or NULL */
	int (*pre)(struct kprobe *p, struct pt_regs *regs);	/* KPROBE:
				 * this site's own pre-handler
				 * (STP_KPROBE_ENTRY, hit.h), or NULL for
				 * the generic one */
)
STP_KIND(KPROBE, KPROBE)	/* kprobe at symbol+offset */
STP_KIND(KPROBE, KRETPROBE)	/* kretprobe on symbol */

/* timer.<unit>(N)[.randomize(M)], timer.hz(N), timer.jiffies(N),
 * timer.profile */
STP_FAMILY(timer, TIMER,
	u64 period;		/* TIMER: ns, TIMER_JIFFIES: jiffies; the
				 * next expiry is period + random(0..
				 * randomize) after this one */
	u64 randomize;
)
STP_KIND(TIMER, TIMER)		/* one hrtimer (hardirq) per site */
STP_KIND(TIMER, TIMER_JIFFIES)	/* one timer_list (softirq) per site */
STP_KIND(TIMER, PROFILE)	/* every online CPU, every tick, with the
				 * interrupted registers */

#undef STP_FAMILY
#undef STP_KIND
