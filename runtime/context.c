// SPDX-License-Identifier: GPL-2.0-only
/* context.c - the per-CPU probe contexts, the wrapper that runs every
 * probe hit (reentrancy guard, global locks, error and skip accounting,
 * print flush), and the core services of context.h.
 *
 * Everything here may run in any context a probe fires in (process with
 * preemption off, softirq, hardirq, int3/NMI-like kprobe context): no
 * allocation, no sleeping, no locks other than the script's trylocks.
 */
#include "core.h"
#include "lib.h"

#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/ptrace.h>
#include <linux/timekeeping.h>

/* Spin this long between two attempts at a global's lock (SystemTap's
 * TRYLOCKDELAY), so that MAXTRYLOCK bounds the wait in time. */
#ifndef TRYLOCKDELAY
#define TRYLOCKDELAY 10		/* ns */
#endif

/*
 * Between hits a context holds the values of a plain kprobe hit in the
 * fields below, so the hottest path (_stp_kprobe_hit, hit.h) need not
 * store them; every other kind of hit sets them and puts them back after.
 */
static __always_inline void _stp_ctx_kprobe_defaults(struct stp_context *c)
{
	c->user_mode = 0;
	c->ri = NULL;
	c->entry_data = NULL;
	c->is_return = 0;
	/* These two come back to this by themselves: function frames are
	 * popped on every path, and the error is cleared once reported. */
	c->nesting = 0;
	c->last_error = NULL;
}

struct stp_cpu __percpu *_stp_cpus;
atomic_t _stp_session = ATOMIC_INIT(STP_SESS_LOADED);
atomic_t _stp_error_count = ATOMIC_INIT(0);
atomic_t _stp_skip_count = ATOMIC_INIT(0);
atomic_t _stp_reentrant_count = ATOMIC_INIT(0);
atomic_t _stp_exit_flag = ATOMIC_INIT(0);

/**
 * _stp_contexts_alloc - allocate every possible CPU's probe context
 *
 * Context: module init (may sleep).
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int _stp_contexts_alloc(void)
{
	int cpu;

	_stp_cpus = alloc_percpu(struct stp_cpu);
	if (!_stp_cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct stp_context *c = &per_cpu_ptr(_stp_cpus, cpu)->ctx;
		int node = cpu_to_node(cpu);

		if (_stp_script.frame_bytes) {
			c->frames = kvzalloc_node(_stp_script.frame_bytes,
						  GFP_KERNEL, node);
			if (!c->frames)
				goto fail;
		}
		c->out_buf = kvmalloc_node(STP_PRINT_BUF_SIZE, GFP_KERNEL, node);
		if (!c->out_buf)
			goto fail;
		_stp_out_init(&c->out, c->out_buf, STP_PRINT_BUF_SIZE);
		c->out.read = _stp_fmt_read_mem;
		_stp_ctx_kprobe_defaults(c);
	}
	return 0;
fail:
	_stp_contexts_free();
	return -ENOMEM;
}

/**
 * _stp_contexts_free - free the contexts
 *
 * Context: module exit or init failure, no probe registered.
 */
void _stp_contexts_free(void)
{
	int cpu;

	if (!_stp_cpus)
		return;
	for_each_possible_cpu(cpu) {
		struct stp_context *c = &per_cpu_ptr(_stp_cpus, cpu)->ctx;

		kvfree(c->frames);
		kvfree(c->out_buf);
	}
	free_percpu(_stp_cpus);
	_stp_cpus = NULL;
}

/* Write "PREFIX<msg>[ near <stmt>]\n" into buf and send it as one record. */
static void _stp_msg_send(char *buf, size_t size, u16 type, const char *msg,
			  const char *near)
{
	size_t n;

	n = scnprintf(buf, size, "%s%s",
		      type == STP_REC_ERROR ? "ERROR: " : "WARNING: ", msg);
	if (near)
		n += scnprintf(buf + n, size - n, " near %s", near);
	if (n == 0 || buf[n - 1] != '\n') {
		if (n > size - 2)
			n = size - 2;
		buf[n++] = '\n';
	}
	_stp_transport_write(type, buf, (u32)n);
}

/**
 * _stp_core_msg - a WARNING or ERROR record from outside any probe hit
 * @type: STP_REC_WARNING or STP_REC_ERROR
 * @fmt: printf format of the message (no prefix, newline optional)
 *
 * Context: any, but not from a handler (use _stp_warn()/_stp_error()):
 * the text is formatted on the stack.
 */
static void _stp_core_vmsg(u16 type, const char *fmt, va_list ap)
{
	char msg[200], buf[256];

	vscnprintf(msg, sizeof(msg), fmt, ap);
	_stp_msg_send(buf, sizeof(buf), type, msg, NULL);
}

void _stp_core_msg(u16 type, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_stp_core_vmsg(type, fmt, ap);
	va_end(ap);
}

/* Set the exit flag; the first caller tells staprun with an EXIT record. */
static void _stp_exit_record(void)
{
	if (atomic_xchg(&_stp_exit_flag, 1) == 0)
		_stp_transport_write(STP_REC_EXIT, NULL, 0);
}

/**
 * _stp_exit - ask the script to end (exit())
 * @c: the calling hit's context, or NULL
 *
 * Context: any; never sleeps.  Later hits of ordinary probes do not run
 * (SystemTap: "new probes will not fire"); staprun answers the EXIT
 * record with "stop", which runs the end probes.
 */
void _stp_exit(struct stp_context *c)
{
	atomic_cmpxchg(&_stp_session, STP_SESS_STARTING, STP_SESS_STOPPING);
	atomic_cmpxchg(&_stp_session, STP_SESS_RUNNING, STP_SESS_STOPPING);
	_stp_exit_record();
}

/**
 * _stp_skip_hit - count a skipped probe hit
 *
 * Past MAXSKIPPED the script ends as after an error (the error probes
 * run), with SystemTap's message.  The message is a constant: this may
 * run nested inside another hit on this CPU, so nothing is formatted.
 */
void _stp_skip_hit(void)
{
	static const char msg[] = "ERROR: Skipped too many probes, check "
		"MAXSKIPPED or try again with stap -t for more details.\n";

	if (likely(atomic_inc_return(&_stp_skip_count) <= MAXSKIPPED))
		return;
	if (atomic_cmpxchg(&_stp_session, STP_SESS_RUNNING,
			   STP_SESS_ERROR) == STP_SESS_RUNNING) {
		_stp_transport_write(STP_REC_ERROR, msg, sizeof(msg) - 1);
		_stp_exit_record();
	}
}

/* Skips learnt after the fact (kprobes' own nmissed counts). */
void _stp_skip_add(unsigned long n)
{
	atomic_add((int)min_t(unsigned long, n, INT_MAX), &_stp_skip_count);
}

/* A lock that was busy at the first try: retry up to MAXTRYLOCK times. */
noinline bool _stp_lock_retry(const struct stp_lock_use *u)
{
	unsigned int n;

	for (n = 0; n < MAXTRYLOCK; n++) {
		ndelay(TRYLOCKDELAY);
		if (_stp_trylock(u))
			return true;
	}
	return false;
}

/* Take n > 1 global locks in the site's order; all or none. */
noinline bool _stp_lock_many(const struct stp_lock_use *locks, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		if (likely(_stp_trylock(&locks[i])))
			continue;
		if (!_stp_lock_retry(&locks[i]))
			goto fail;
	}
	return true;
fail:
	while (i--)
		_stp_unlock(&locks[i]);
	return false;
}

noinline void _stp_unlock_many(const struct stp_lock_use *locks, u32 n)
{
	while (n--)
		_stp_unlock(&locks[n]);
}

/* The hit's error: report it, count it, end the script past MAXERRORS. */
static void _stp_report_error(struct stp_context *c)
{
	struct stp_cpu *pc = container_of(c, struct stp_cpu, ctx);

	_stp_msg_send(pc->msg, sizeof(pc->msg), STP_REC_ERROR, c->last_error,
		      c->last_stmt);
	if (atomic_inc_return(&_stp_error_count) > MAXERRORS) {
		/* SystemTap: the error probes run, not the end probes. */
		atomic_set(&_stp_session, STP_SESS_ERROR);
		_stp_exit_record();
	}
}

/* Out of the hot path: an error to report, or output to send. */
noinline int _stp_run_finish(struct stp_context *c)
{
	int rc = 0;

	if (c->last_error) {
		_stp_report_error(c);
		c->last_error = NULL;
		rc = -EIO;
	}
	if (c->out.len)
		_stp_print_flush(c);
	return rc;
}

/**
 * _stp_run_kprobe - run one hit of a STP_SITE_KPROBE site on this CPU
 * @site: what fired
 * @regs: the probed registers (kernel mode: kprobes sit in kernel text)
 *
 * _stp_run_site(site, STP_SESS_RUNNING, STP_RUN_PLAIN, regs, NULL, NULL),
 * for the hottest kind of hit, with the context's kprobe defaults left
 * in place.
 *
 * Context: kprobe pre-handler (preemption disabled); never sleeps.
 * Return: 0 always, what the pre-handler returns (so it can tail-call
 * this); skips and errors are counted and reported here.
 */
int _stp_run_kprobe(const struct stp_probe_site *site, struct pt_regs *regs)
{
	return _stp_kprobe_hit(site, regs, site->handler, site->locks,
			       site->nlocks);
}

/**
 * _stp_run_site - run one hit of a site on this CPU
 * @site: what fired
 * @want_state: the session state in which this site's handlers run
 * @mode: plain, begin/end/error (a larger budget), kretprobe entry
 *	(site->kprobe->entry) or kretprobe return
 * @regs: the probed or interrupted registers, or NULL
 * @ri: the kretprobe instance, or NULL
 * @entry_data: KRETPROBE: the instance's @entry storage, or NULL
 *
 * Context: preemption disabled (any of process, softirq, hardirq, kprobe
 * context); never sleeps.
 * Return: 0 if the handler ran without error; -EBUSY if it did not run
 * (wrong session state, reentrancy, lock contention); -EIO after an error.
 */
int _stp_run_site(const struct stp_probe_site *site, int want_state,
		  enum stp_run_mode mode, struct pt_regs *regs,
		  struct kretprobe_instance *ri, void *entry_data)
{
	struct stp_context *c;
	int rc;

	if (unlikely(atomic_read(&_stp_session) != want_state))
		return -EBUSY;
	c = &this_cpu_ptr(_stp_cpus)->ctx;
	if (unlikely(!_stp_ctx_claim(c)))
		return -EBUSY;
	c->site = site;
	c->regs = regs;
	c->user_mode = regs ? user_mode(regs) : 0;
	c->ri = ri;
	c->entry_data = entry_data;
	c->is_return = mode == STP_RUN_RETURN;
	rc = _stp_run_locked(c, mode == STP_RUN_ENTRY ? site->kprobe->entry :
			     site->handler, site->locks, site->nlocks,
			     mode == STP_RUN_ONCE ?
			     MAXACTION_INTERRUPTIBLE : MAXACTION);
	_stp_ctx_kprobe_defaults(c);
	_stp_ctx_release(c);
	return rc;
}

/* ---- services of context.h ---- */

/**
 * _stp_error - record this hit's error (the first one wins)
 * @c: the hit's context; NULL reports at once as a core error
 * @fmt: printf format
 *
 * The wrapper reports it after the handler returns, as
 * "ERROR: <msg>[ near <last_stmt>]".
 */
void _stp_error(struct stp_context *c, const char *fmt, ...)
{
	va_list ap;

	if (!c) {
		va_start(ap, fmt);
		_stp_core_vmsg(STP_REC_ERROR, fmt, ap);
		va_end(ap);
		return;
	}
	if (c->last_error)
		return;
	va_start(ap, fmt);
	vscnprintf(c->error_buf, sizeof(c->error_buf), fmt, ap);
	va_end(ap);
	c->last_error = c->error_buf;
}

/**
 * _stp_warn - send "WARNING: <msg>" to staprun's stderr now
 * @c: the hit's context, or NULL outside a hit
 * @fmt: printf format
 */
void _stp_warn(struct stp_context *c, const char *fmt, ...)
{
	struct stp_cpu *pc;
	va_list ap;
	char *msg;
	size_t n;

	if (!c) {
		va_start(ap, fmt);
		_stp_core_vmsg(STP_REC_WARNING, fmt, ap);
		va_end(ap);
		return;
	}
	/* Format after the prefix in the CPU's buffer, then send as is. */
	pc = container_of(c, struct stp_cpu, ctx);
	msg = pc->msg;
	n = scnprintf(msg, sizeof(pc->msg), "WARNING: ");
	va_start(ap, fmt);
	n += vscnprintf(msg + n, sizeof(pc->msg) - n, fmt, ap);
	va_end(ap);
	if (msg[n - 1] != '\n') {
		if (n > sizeof(pc->msg) - 2)
			n = sizeof(pc->msg) - 2;
		msg[n++] = '\n';
	}
	_stp_transport_write(STP_REC_WARNING, msg, (u32)n);
}

/**
 * _stp_log - log(msg): the message and a newline, sent at once
 * @c: the hit's context
 * @msg: the text
 *
 * SystemTap 4.8's log() writes to the script's output stream (stdout),
 * not to stderr; this does the same and flushes immediately.
 */
void _stp_log(struct stp_context *c, const char *msg)
{
	size_t n = strnlen(msg, MAXSTRINGLEN);
	struct _stp_out *o = &c->out;

	_stp_print_reserve(c, n + 1);
	if (o->len + n > o->size)
		n = o->size - o->len;
	memcpy(o->buf + o->len, msg, n);
	o->len += n;
	if ((n == 0 || msg[n - 1] != '\n') && o->len < o->size)
		o->buf[o->len++] = '\n';
	_stp_print_flush(c);
}

/**
 * _stp_print_flush - send the hit's output so far as one DATA record
 * @c: the hit's context
 *
 * Context: preemption disabled (inside a hit).
 */
void _stp_print_flush(struct stp_context *c)
{
	struct _stp_out *o = &c->out;
	size_t n = min(o->len, o->size);

	if (n)
		_stp_transport_write(STP_REC_DATA, o->buf, (u32)n);
	o->len = 0;
}

/**
 * _stp_print_reserve - flush unless @need bytes are free in c->out
 * @c: the hit's context
 * @need: bytes about to be appended
 */
void _stp_print_reserve(struct stp_context *c, size_t need)
{
	struct _stp_out *o = &c->out;

	if (o->len > o->size || o->size - o->len < need)
		_stp_print_flush(c);
}

/**
 * _stp_clock_ns - the transport's clock
 *
 * Monotonic, comparable across CPUs, NMI-safe (ktime_get_mono_fast_ns);
 * the TSC need not be stable (qemu TCG marks it unstable on 6.1).
 */
u64 _stp_clock_ns(void)
{
	return ktime_get_mono_fast_ns();
}
