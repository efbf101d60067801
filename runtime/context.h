/* SPDX-License-Identifier: GPL-2.0-only */
/* context.h - the per-CPU probe context and the services the module core
 * gives to probe handlers (generated code and runtime library units).
 *
 * The core (module.c, context.c, transport.c, probes-*.c) runs a
 * handler like this, on the CPU where the probe fired:
 *
 *	c = this CPU's context           (preemption already off, or turned
 *	                                   off for begin/end/error)
 *	if (c->busy) { skipped++; return; }        reentrancy guard: a probe
 *	c->busy = 1                                firing inside a probe
 *	set site, regs, ri, entry_data,            (an interrupt, a probed
 *	    actions = 0, nesting = 0,              function called from a
 *	    last_error = NULL, frame_top = 0       handler) is skipped
 *	take site->locks (trylock, MAXTRYLOCK; on failure skipped++)
 *	site->handler(c)
 *	drop the locks
 *	if (c->last_error) report "ERROR: <last_error>[ near <last_stmt>]",
 *	    errors++, and past MAXERRORS end the script
 *	_stp_print_flush(c)
 *	c->busy = 0
 *
 * Skipped hits past MAXSKIPPED also end the script.  At the end the core
 * reports "WARNING: Number of errors: N, skipped probes: M" (SystemTap's
 * words) when either is non-zero.
 *
 * Error protocol for handlers: on a failure call _stp_error() and return
 * promptly; the first error of a hit wins.  Code that continues after a
 * call that can fail checks c->last_error.  try/catch clears it.
 */
#ifndef _STP_CONTEXT_H_
#define _STP_CONTEXT_H_

#include "stp_types.h"
#include "script.h"
#include "format.h"

struct pt_regs;
struct kretprobe_instance;

struct stp_context {
	int busy;			/* reentrancy guard (this CPU only) */
	const struct stp_probe_site *site;	/* what fired */
	struct pt_regs *regs;		/* probed (or interrupted) registers;
					 * NULL for begin/end/error/timer */
	int user_mode;			/* regs are user-mode registers */
	struct kretprobe_instance *ri;	/* KRETPROBE, both handlers */
	void *entry_data;		/* KRETPROBE: kprobe->entry_bytes saved
					 * by kprobe->entry, read on return */
	int is_return;			/* KRETPROBE return handler */
	u32 actions;			/* statements run in this hit */
	u32 max_actions;		/* MAXACTION (or _INTERRUPTIBLE) */
	u32 nesting;			/* function calls in progress */
	const char *last_error;		/* NULL, or the error of this hit */
	const char *last_stmt;		/* "identifier 'x' at f:l:c", set by
					 * generated code before risky work */
	char error_buf[MAXSTRINGLEN * 2];
	u8 *frames;			/* _stp_script.frame_bytes of scratch */
	u32 frame_top;			/* bytes of it in use */
	struct _stp_out out;		/* print output of this hit */
	char *out_buf;			/* STP_PRINT_BUF_SIZE bytes */
};

#ifdef __KERNEL__
#include <linux/spinlock.h>

struct stp_rwlock {
	rwlock_t lock;
};
/* Generated code: STP_RWLOCK_DEFINE(_stp_lock_counts); */
#define STP_RWLOCK_DEFINE(name) \
	struct stp_rwlock name = { .lock = __RW_LOCK_UNLOCKED(name.lock) }
#endif

/* ---- services of the core (context.c, transport.c) ---- */

/* Record an error for this hit (printf-style; first error wins). */
void _stp_error(struct stp_context *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Emit "WARNING: <msg>" to staprun's stderr now (not an error). */
void _stp_warn(struct stp_context *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Emit "<msg>" to staprun's stderr (the log() function). */
void _stp_log(struct stp_context *c, const char *msg);
/* Ask the script to end (exit()): end probes run after this hit, from
 * staprun's stop request; later probe hits still run until then. */
void _stp_exit(struct stp_context *c);
/* Send the print output collected so far as one DATA record. */
void _stp_print_flush(struct stp_context *c);
/* Make room: flush if fewer than `need` bytes are free in c->out. */
void _stp_print_reserve(struct stp_context *c, size_t need);

/* Nanoseconds on the transport's clock (monotonic, all CPUs). */
u64 _stp_clock_ns(void);

#endif /* _STP_CONTEXT_H_ */
