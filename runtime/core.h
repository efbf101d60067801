/* SPDX-License-Identifier: GPL-2.0-only */
/* core.h - declarations shared by the module core's units only:
 * module.c (lifecycle), context.c (probe contexts and the probe-run
 * wrapper), transport.c (rings, debugfs files), probes.c and the
 * families' probes-NAME.c (binding sites to kernel hooks).  Generated code and the
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
	STP_RUN_ONCE,		/* begin/end/error: site->handler with
				 * MAXACTION_INTERRUPTIBLE */
	STP_RUN_ENTRY,		/* KRETPROBE: site->kprobe->entry at entry */
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

/* ---- probes.c: what the families' runtime units share ---- */

/*
 * What module.c does with a family (runtime/probes-NAME.c), in this
 * order.  Every hook may be NULL.
 *
 *   alloc     module init: set up every site of the family (not armed).
 *             0 or -ENOMEM etc., with nothing left allocated.
 *   starting  start, before any family is armed (begin probes).
 *   arm       start: register every site.  An optional site that fails
 *             gets a WARNING (_stp_site_failed) and is left out; 0, or
 *             the errno of the first non-optional failure (the caller
 *             then disarms every family).
 *   disarm    stop: unregister what arm registered and wait for its
 *             callbacks; module.c then waits one RCU grace period for
 *             handlers still running (they run with preemption off).
 *   stopped   stop, after every family is disarmed (end/error probes).
 *   free      module exit: free what alloc set up (also after a failed
 *             alloc of another family).
 */
struct stp_family_ops {
	const char *name;
	int (*alloc)(void);
	void (*starting)(void);
	int (*arm)(void);
	void (*disarm)(void);
	void (*stopped)(void);
	void (*free)(void);
};

/* _stp_families[STP_FAMILY_NAME] is &_stp_family_name */
#define STP_FAMILY(name, NAME, ...) \
	extern const struct stp_family_ops _stp_family_##name;
#include "probe_families.h"
extern const struct stp_family_ops *const _stp_families[STP_NFAMILIES];

/*
 * The sites of one kind, each with a record of @size bytes that the
 * family keeps for it (its kprobe, its timer...).  A record starts with
 * `const struct stp_probe_site *site`, set here; the rest is zeroed.
 */
struct stp_slots {
	void *recs;
	size_t size;
	u32 n;
};

int _stp_slots_alloc(struct stp_slots *s, enum stp_site_kind kind,
		     size_t size);
void _stp_slots_free(struct stp_slots *s);

static inline void *_stp_slot(const struct stp_slots *s, u32 i)
{
	return (char *)s->recs + (size_t)i * s->size;
}

/* The site a record belongs to. */
static inline const struct stp_probe_site *_stp_slot_site(const void *rec)
{
	return *(const struct stp_probe_site *const *)rec;
}

/* arm() on every record in order; see stp_family_ops.arm for the
 * result.  arm() returns 0 or a negative errno. */
int _stp_slots_arm(const struct stp_slots *s, int (*arm)(void *rec));

/* Report a site that could not be registered: a WARNING if it is
 * optional, else an ERROR.  Returns 0 if the start may go on. */
int _stp_site_failed(const struct stp_probe_site *site, int err);

#endif /* _STP_CORE_H_ */
