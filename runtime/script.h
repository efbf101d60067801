/* SPDX-License-Identifier: GPL-2.0-only */
/* script.h - what a generated script module hands to the runtime.
 *
 * The translator emits one C file per script.  That file includes
 * "runtime.h" (which includes this) and defines exactly one
 *
 *	const struct stp_script _stp_script = { ... };
 *
 * describing its probe sites, its globals' set-up and tear-down, and the
 * per-CPU memory its handlers need.  The runtime (module.c) owns
 * everything else: module init/exit, the transport, the control file,
 * binding each site to a kernel hook (its family's runtime unit,
 * probes-NAME.c), the per-CPU
 * probe context, the reentrancy guard, the global-variable locks, and
 * error/skip accounting.  Generated code never calls a kernel API; it
 * calls only runtime functions and macros.
 *
 * Limits (override with stap -D NAME=VALUE; they reach the script and
 * the runtime objects alike, see translator/kbuild.c):
 */
#ifndef _STP_SCRIPT_H_
#define _STP_SCRIPT_H_

#include "stp_types.h"
#include "probe_kinds.h"

#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512	/* bytes in a string, with the NUL: SystemTap 4.8
				 * on 64-bit (runtime_defines.h; its man page
				 * still says 128) */
#endif
#ifndef MAXACTION
#define MAXACTION 1000		/* statements per probe hit */
#endif
#ifndef MAXACTION_INTERRUPTIBLE
#define MAXACTION_INTERRUPTIBLE (MAXACTION * 10)	/* begin/end/error */
#endif
#ifndef MAXNESTING
#define MAXNESTING 10		/* nested function calls */
#endif
#ifndef MAXERRORS
#define MAXERRORS 0		/* errors tolerated before the script ends */
#endif
#ifndef MAXSKIPPED
#define MAXSKIPPED 100		/* skipped hits tolerated before it ends */
#endif
#ifndef MAXTRYLOCK
#define MAXTRYLOCK 1000		/* spins on a global's lock before skip */
#endif
#ifndef MAXMAPENTRIES
#define MAXMAPENTRIES 2048	/* entries of an array without [N] */
#endif
#ifndef STP_PRINT_BUF_SIZE
#define STP_PRINT_BUF_SIZE 8192	/* a probe's print output before flush */
#endif
#ifndef STP_BUFFER_KB
#define STP_BUFFER_KB 1024	/* each CPU's ring (stap -s MB sets it) */
#endif

struct stp_context;
struct kprobe;
struct pt_regs;

/*
 * A global variable's lock.  Every global has one; a probe site lists the
 * globals its handler (and every function it calls, transitively) uses,
 * in one fixed order (the translator's global index), and the runtime
 * takes them all before the handler runs and drops them after: reads
 * take the lock shared, writes exclusive.  Per-CPU statistics written
 * only with <<< are "read" for this purpose (each CPU writes its own
 * copy); extracting from them (@count, print(@hist_log), foreach) is a
 * write.  A lock not acquired within MAXTRYLOCK attempts skips the hit.
 */
struct stp_rwlock;			/* opaque; runtime-defined */
#define STP_LOCK_READ 0
#define STP_LOCK_WRITE 1
struct stp_lock_use {
	struct stp_rwlock *lock;
	int write;			/* STP_LOCK_READ or STP_LOCK_WRITE */
};

/* Each family's part of a site (struct stp_once_site, stp_timer_site,
 * ...), declared from its row of probe_families.h. */
#define STP_FAMILY(name, NAME, ...) struct stp_##name##_site { __VA_ARGS__ };
#include "probe_families.h"

/*
 * One concrete probe site: a script probe resolved to a kernel hook.  A
 * script probe with several points (or a wildcard) has one site each.
 * Every field is the site's own: sites of one probe usually share the
 * handler and the locks, but may differ in anything (address, @entry
 * saver, handler), and later in where a $variable lives.
 */
struct stp_probe_site {
	enum stp_site_kind kind;	/* and so the family (probe_kinds.h) */
	const char *pp;			/* what pp() returns for this site */
	/* A site that cannot be registered is skipped with a warning when
	 * optional (from a wildcard, `?` or `!`), else it fails the start. */
	int optional;
	/* NULL for a kprobe site whose kprobe->pre calls it itself */
	void (*handler)(struct stp_context *c);
	const struct stp_lock_use *locks;
	u32 nlocks;
	/* The family's part, by family name: site->timer, site->kprobe... */
	union {
#define STP_FAMILY(name, NAME, ...) const struct stp_##name##_site *name;
#include "probe_families.h"
	};
};

struct stp_script {
	const char *name;		/* the script's file name, for messages */
	const struct stp_probe_site *sites;
	u32 nsites;
	/* Module load (may sleep): create maps and statistics, apply
	 * initial values.  0 or -ENOMEM etc.; on failure nothing is left
	 * allocated. */
	int (*init)(void);
	/* Module unload (may sleep): free what init created. */
	void (*exit)(void);
	/* Bytes of per-CPU scratch the handlers need at the deepest call
	 * nesting (locals, function frames, temporaries); the runtime
	 * allocates this much per CPU and points c->frames at it. */
	u32 frame_bytes;
};

extern const struct stp_script _stp_script;

#endif /* _STP_SCRIPT_H_ */
