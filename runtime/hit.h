/* SPDX-License-Identifier: GPL-2.0-only */
/* hit.h - the path every probe hit takes, inline: session check, the
 * per-CPU context and its reentrancy guard, the globals' locks, the
 * handler, then error report and print flush.
 *
 * The core (context.c) instantiates it for every kind of site, reading
 * the handler and the locks from the site.  The translator also
 * instantiates it once per kprobe probe (STP_KPROBE_ENTRY in generated
 * code), with that probe's handler and lock table as constants: the
 * compiler then calls (or inlines) the handler directly and takes
 * exactly that probe's locks, with no table walk, no indirect call and
 * no second function on the way.  That is most of what a hit on a hot
 * kprobe costs beyond the probe's own work (doc/internals/bench.md).
 *
 * Kernel only.  Nothing here may sleep, allocate or take a lock other
 * than the script's trylocks: it runs in any context a probe fires in.
 */
#ifndef _STP_HIT_H_
#define _STP_HIT_H_

#include "stp_types.h"
#include "script.h"
#include "context.h"

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
/* NOKPROBE_SYMBOL alone: <linux/kprobes.h> would more than double the
 * code every script compiles (52,000 preprocessed lines, not 23,000). */
#include <asm-generic/kprobes.h>

/*
 * Session state: which sites may run a handler now.  A site runs only
 * when the state is the one its kind belongs to (begin: STARTING, end:
 * STOPPING, error: ERROR, the others: RUNNING), as in SystemTap.  exit()
 * moves STARTING/RUNNING to STOPPING; too many errors or skips move any
 * state to ERROR, so that the error probes run instead of (or after) the
 * end probes.
 */
enum stp_session {
	STP_SESS_LOADED,
	STP_SESS_STARTING,
	STP_SESS_RUNNING,
	STP_SESS_STOPPING,
	STP_SESS_ERROR,
	STP_SESS_DONE,
};

extern atomic_t _stp_session;
extern atomic_t _stp_reentrant_count;	/* reentrancy guard */

/* A formatted warning or error, prefix and newline included. */
#define STP_MSG_MAX 512

/*
 * What a CPU owns.  The message buffer is used only by the handler that
 * holds ctx.busy, so a probe nested on this CPU (which is skipped before
 * it could format anything) cannot scribble over it.
 */
struct stp_cpu {
	struct stp_context ctx;
	char msg[STP_MSG_MAX];
};

extern struct stp_cpu __percpu *_stp_cpus;

struct kprobe;

/*
 * The site of a kprobe that probes-kprobe.c registered: it keeps the
 * site's address in the word just before the struct kprobe (its struct
 * stp_kp, with a static_assert), so that a pre-handler finds its site
 * without the definition of struct kprobe.
 */
static __always_inline const struct stp_probe_site *
_stp_kprobe_site(const struct kprobe *p)
{
	return ((const struct stp_probe_site *const *)p)[-1];
}

/* ---- out of line (context.c): the rare turns of a hit ---- */

/* A lock busy at the first try: retry up to MAXTRYLOCK times. */
bool _stp_lock_retry(const struct stp_lock_use *u);
/* Take n > 1 locks in order, all or none; drop them. */
bool _stp_lock_many(const struct stp_lock_use *locks, u32 n);
void _stp_unlock_many(const struct stp_lock_use *locks, u32 n);
/* Count one skipped hit (and end the script past MAXSKIPPED). */
void _stp_skip_hit(void);
/* After the handler: report its error, send its output. */
int _stp_run_finish(struct stp_context *c);

/*
 * The global locks.  Every hit runs with preemption off (a kprobe, a
 * timer, or begin/end run by module.c with preemption disabled), so the
 * preempt-count bookkeeping and the out-of-line calls of read_trylock()
 * and friends buy nothing here; on a hot probe they cost more than the
 * lock itself.  The architecture's qrwlock operations are what those
 * wrappers end in.  PREEMPT_RT turns rwlock_t into a sleeping lock, so
 * there (and with lock debugging, which wants to see every acquisition)
 * the generic API stays.
 */
#if defined(CONFIG_PREEMPT_RT) || defined(CONFIG_DEBUG_SPINLOCK) || \
	defined(CONFIG_DEBUG_LOCK_ALLOC)
#define stp_write_trylock(l)	write_trylock(l)
#define stp_read_trylock(l)	read_trylock(l)
#define stp_write_unlock(l)	write_unlock(l)
#define stp_read_unlock(l)	read_unlock(l)
#else
#define stp_write_trylock(l)	arch_write_trylock(&(l)->raw_lock)
#define stp_read_trylock(l)	arch_read_trylock(&(l)->raw_lock)
#define stp_write_unlock(l)	arch_write_unlock(&(l)->raw_lock)
#define stp_read_unlock(l)	arch_read_unlock(&(l)->raw_lock)
#endif

static __always_inline bool _stp_trylock(const struct stp_lock_use *u)
{
	rwlock_t *l = &u->lock->lock;

	return u->write == STP_LOCK_WRITE ? stp_write_trylock(l) :
					    stp_read_trylock(l);
}

static __always_inline void _stp_unlock(const struct stp_lock_use *u)
{
	rwlock_t *l = &u->lock->lock;

	if (u->write == STP_LOCK_WRITE)
		stp_write_unlock(l);
	else
		stp_read_unlock(l);
}

/* Most probes use one global or none: that case stays inline. */
static __always_inline bool _stp_lock_all(const struct stp_lock_use *locks,
					  u32 n)
{
	if (likely(n == 1))
		return likely(_stp_trylock(locks)) || _stp_lock_retry(locks);
	return !n || _stp_lock_many(locks, n);
}

static __always_inline void _stp_unlock_all(const struct stp_lock_use *locks,
					    u32 n)
{
	if (likely(n == 1))
		_stp_unlock(locks);
	else if (n)
		_stp_unlock_many(locks, n);
}

/*
 * Claim this CPU's context (false: it is busy).  An interrupt between the
 * test and the store runs to completion before we resume, so a plain
 * per-CPU flag suffices.  As in SystemTap (INTERRUPTIBLE), such skips
 * are counted apart and do not end the script: a profile tick landing in
 * a kprobe handler is routine, not a sign of trouble.
 */
static __always_inline bool _stp_ctx_claim(struct stp_context *c)
{
	if (unlikely(READ_ONCE(c->busy))) {
		atomic_inc(&_stp_reentrant_count);
		return false;
	}
	WRITE_ONCE(c->busy, 1);
	barrier();
	return true;
}

static __always_inline void _stp_ctx_release(struct stp_context *c)
{
	barrier();
	WRITE_ONCE(c->busy, 0);
}

/*
 * The hit itself, once the context is claimed and set up: locks,
 * handler, unlock, then error report and print flush only when there is
 * something to report or send (c->out.len is 0 between hits, so most
 * probes never call the flush).  0, -EBUSY (skipped) or -EIO (error).
 */
static __always_inline int
_stp_run_locked(struct stp_context *c, void (*fn)(struct stp_context *c),
		const struct stp_lock_use *locks, u32 nlocks, u32 max_actions)
{
	if (unlikely(!_stp_lock_all(locks, nlocks))) {
		_stp_skip_hit();
		return -EBUSY;
	}
	/* After the locks (whose atomics are compiler barriers), so that a
	 * handler inlined here is compiled knowing these values: with a
	 * constant budget, the charges of a straight-line handler fold to
	 * constants and their checks go; its own first writes of last_stmt
	 * and frame_top make these stores dead. */
	c->max_actions = max_actions;
	c->actions = 0;
	c->last_stmt = NULL;
	c->frame_top = 0;
	fn(c);
	_stp_unlock_all(locks, nlocks);

	if (unlikely(c->last_error) || c->out.len)
		return _stp_run_finish(c);
	return 0;
}

/**
 * _stp_kprobe_hit - run one hit of a STP_SITE_KPROBE site on this CPU
 * @site: what fired
 * @regs: the probed registers (kernel mode: kprobes sit in kernel text)
 * @fn: the site's handler
 * @locks: the site's lock table, @nlocks entries
 *
 * A plain kprobe hit on a running session.  The context's fields that
 * only other kinds of hit change hold their kprobe defaults between hits
 * (context.c), so only what a hit changes is stored here.
 *
 * Context: kprobe pre-handler (preemption disabled); never sleeps.
 * Return: 0 always, what a pre-handler returns (let the probed
 * instruction run); skips and errors are counted and reported here.
 */
static __always_inline int
_stp_kprobe_hit(const struct stp_probe_site *site, struct pt_regs *regs,
		void (*fn)(struct stp_context *c),
		const struct stp_lock_use *locks, u32 nlocks)
{
	struct stp_context *c;

	if (unlikely(atomic_read(&_stp_session) != STP_SESS_RUNNING))
		return 0;
	c = &this_cpu_ptr(_stp_cpus)->ctx;
	if (unlikely(!_stp_ctx_claim(c)))
		return 0;
	c->site = site;
	c->regs = regs;
	_stp_run_locked(c, fn, locks, nlocks, MAXACTION);
	_stp_ctx_release(c);
	return 0;
}

/*
 * Generated code: the kprobe pre-handler of a probe, named NAME, whose
 * handler is HANDLER and whose lock table is LOCKS (NLOCKS entries; NULL
 * and 0 for none); its sites point .kprobe->pre at NAME.  A probe whose
 * sites are all kprobes leaves their .handler NULL: HANDLER is then
 * called from here only, and the compiler inlines it.
 */
#define STP_KPROBE_ENTRY(name, handler, locks, nlocks)			\
	static int name(struct kprobe *p, struct pt_regs *regs)		\
	{								\
		return _stp_kprobe_hit(_stp_kprobe_site(p), regs,	\
				       handler, locks, nlocks);		\
	}								\
	NOKPROBE_SYMBOL(name)

#endif /* _STP_HIT_H_ */
