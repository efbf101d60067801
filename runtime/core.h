/* SPDX-License-Identifier: GPL-2.0-only */
/* core.h - declarations shared by the module core's units only:
 * module.c (lifecycle), context.c (probe contexts and the probe-run
 * wrapper), transport.c (rings, debugfs files), probes-kprobe.c and
 * probes-timer.c (binding sites to kernel hooks).  Generated code and the
 * library use context.h instead.  See doc/internals/module.md.
 */
#ifndef _STP_CORE_H_
#define _STP_CORE_H_

#include "stp_types.h"
#include "script.h"
#include "context.h"
#include "hit.h"
#include "transport_msgs.h"

#include <linux/atomic.h>

struct pt_regs;
struct kretprobe_instance;

extern atomic_t _stp_error_count;
extern atomic_t _stp_skip_count;		/* locks, kprobes' nmissed */
extern atomic_t _stp_exit_flag;

/* ---- context.c ---- */
int _stp_contexts_alloc(void);
void _stp_contexts_free(void);
/* How a site's handler is run by _stp_run_site(). */
enum stp_run_mode {
	STP_RUN_PLAIN,		/* site->handler, not a return probe */
	STP_RUN_ENTRY,		/* KRETPROBE: site->entry at function entry */
	STP_RUN_RETURN,		/* KRETPROBE: site->handler at return */
};
/* Run one hit of @site on this CPU if the session state allows it.
 * Preemption must be off.  Returns 0 if the handler ran to the end
 * without error, -EBUSY if the hit was skipped or not run, -EIO if it
 * reported an error. */
int _stp_run_site(const struct stp_probe_site *site, int want_state,
		  enum stp_run_mode mode, struct pt_regs *regs,
		  struct kretprobe_instance *ri, void *entry_data);

/* A plain kprobe hit on a running session: _stp_run_site()'s fast path,
 * setting only what a hit changes (the kprobe defaults of the other
 * context fields hold between hits). */
int _stp_run_kprobe(const struct stp_probe_site *site, struct pt_regs *regs);
/* Add @n skips found after the fact (kprobe/kretprobe nmissed). */
void _stp_skip_add(unsigned long n);
/* A WARNING or ERROR record from process context (may not sleep, but
 * takes no probe context); prefix and trailing newline are added. */
void _stp_core_msg(u16 type, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The text for a registration errno, e.g. "symbol not found". */
const char *_stp_errno_text(int err);

/* ---- transport.c ---- */
int _stp_transport_alloc(void);
void _stp_transport_free(void);
int _stp_transport_files(void);		/* debugfs; last step of init */
void _stp_transport_files_remove(void);	/* first step of exit */
/* Append one record to this CPU's ring (preemption off); dropped and
 * counted when it does not fit. */
void _stp_transport_write(u16 type, const void *data, u32 len);
/* Same, from two pieces (saves a copy for prefixed text). */
void _stp_transport_write2(u16 type, const void *a, u32 alen,
			   const void *b, u32 blen);
/* Largest payload a record may have. */
u32 _stp_transport_max_payload(void);

/* ---- module.c (called by transport.c's control file) ---- */
int _stp_control_start(void);
int _stp_control_stop(void);
void _stp_control_flight(bool on);
/* "loaded", "running" or "stopped" */
const char *_stp_control_phase(void);

/* ---- probes-kprobe.c ---- */
int _stp_kprobes_alloc(void);
void _stp_kprobes_free(void);
int _stp_kprobes_register(void);	/* 0 or the failing errno */
void _stp_kprobes_unregister(void);

/* ---- probes-timer.c ---- */
int _stp_timers_alloc(void);
void _stp_timers_free(void);
int _stp_timers_register(void);
void _stp_timers_unregister(void);

/* Report a site that could not be registered: a WARNING if it is
 * optional, else an ERROR.  Returns 0 if the start may go on. */
int _stp_site_failed(const struct stp_probe_site *site, int err);

#endif /* _STP_CORE_H_ */
