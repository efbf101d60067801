// SPDX-License-Identifier: GPL-2.0-only
/* core_test.c - a hand-written "generated" script for the module core
 * (runtime/module.c, context.c, transport.c, probes-*.c): it defines
 * _stp_script as the translator will, with begin (two priorities), end,
 * error, kprobe, kretprobe with @entry data, hrtimer, jiffies timer and
 * profile sites.  The module parameter `mode` picks a scenario:
 *   0  normal run: counts, a few reentrancy skips, end report
 *   1  the getppid probe reports an error (MAXERRORS=0 ends the script)
 *   2  the getppid probe calls exit()
 *   4  the hrtimer handler holds the counters' lock for 2 ms, so that
 *      getpid hits on the other CPU time out on it and the skips pass
 *      MAXSKIPPED
 * Built with -DSTP_TEST_FAILREG it also has a non-optional site on a
 * missing symbol (start must fail); with -DSTP_TEST_BENCH it has only
 * one empty kprobe handler on __x64_sys_getpid (overhead figures).
 */
#include "runtime.h"

#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/compiler.h>
#include <linux/delay.h>

static int mode;
module_param(mode, int, 0444);

/* The families' parts of a site, as the translator writes them. */
#define KP(sym) (&(const struct stp_kprobe_site){ .symbol = (sym) })
#define ONCE(prio) (&(const struct stp_once_site){ .priority = (prio) })

/* Output the way generated print code does: into c->out. */
static void __maybe_unused put(struct stp_context *c, const char *s)
{
	size_t n = strlen(s);

	_stp_print_reserve(c, n);
	if (c->out.len + n > c->out.size)
		n = c->out.size - c->out.len;
	memcpy(c->out.buf + c->out.len, s, n);
	c->out.len += n;
}

#ifdef STP_TEST_BENCH

static void h_empty(struct stp_context *c)
{
}

static const struct stp_probe_site sites[] = {
	{ .kind = STP_SITE_KPROBE, .pp = "kprobe.function(\"__x64_sys_getpid\")",
	  .kprobe = KP("__x64_sys_getpid"),
	  .handler = h_empty },
};

#else

/* globals, each with its lock (the translator's order: index) */
static STP_RWLOCK_DEFINE(lk_counts);
static s64 n_getpid, n_read, n_mism, n_timer, n_jtimer, n_prof, n_user;
static STP_RWLOCK_DEFINE(lk_skips);
static s64 n_target_calls;
static int in_timer_handler;

static const struct stp_lock_use locks_w_counts[] = {
	{ &lk_counts, STP_LOCK_WRITE },
};
static const struct stp_lock_use locks_w_both[] = {
	{ &lk_counts, STP_LOCK_WRITE },
	{ &lk_skips, STP_LOCK_WRITE },
};
static const struct stp_lock_use locks_r_all[] = {
	{ &lk_counts, STP_LOCK_READ },
	{ &lk_skips, STP_LOCK_READ },
};

/* Functions other sites probe: calling them from a handler makes a
 * nested hit that the reentrancy guard must skip. */
void stp_test_target(void);
noinline void stp_test_target(void)
{
	barrier();
}

static void h_begin0(struct stp_context *c)
{
	put(c, "begin prio 0\n");
}

static void h_begin_neg(struct stp_context *c)
{
	put(c, "begin prio -5\n");
}

static void h_begin0b(struct stp_context *c)
{
	put(c, "begin prio 0 second\n");
}

static void h_getpid(struct stp_context *c)
{
	n_getpid++;
}

static void h_getppid(struct stp_context *c)
{
	if (mode == 1) {
		c->last_stmt = "identifier 'x' at core.stp:12:3";
		_stp_error(c, "division by 0");
	} else if (mode == 2) {
		put(c, "exit called\n");
		_stp_exit(c);
	}
}

struct read_entry {
	u64 ts;
	unsigned long fd;
};

static void e_read(struct stp_context *c)
{
	struct read_entry *e = c->entry_data;

	e->ts = _stp_clock_ns();
	e->fd = c->regs->di;	/* ksys_read(fd, ...) */
}

static void h_read(struct stp_context *c)
{
	struct read_entry *e = c->entry_data;

	n_read++;
	if (!c->is_return || !e || e->ts == 0 || e->ts > _stp_clock_ns())
		n_mism++;
}

static void h_timer(struct stp_context *c)
{
	n_timer++;
	if (n_timer <= 3) {
		n_target_calls++;
		WRITE_ONCE(in_timer_handler, 1);
		stp_test_target();
		jiffies_to_msecs(n_timer);
		WRITE_ONCE(in_timer_handler, 0);
	}
	if (mode == 4)
		mdelay(2);
}

static void h_target(struct stp_context *c)
{
	put(c, "target probe ran inside a handler (BUG)\n");
}

/* Hits of jiffies_to_msecs from outside our handlers are fine; one
 * from inside h_timer must have been skipped by the guard. */
static void h_nested(struct stp_context *c)
{
	if (c->site && READ_ONCE(in_timer_handler))
		put(c, "nested probe ran inside a handler (BUG)\n");
}

static void h_jtimer(struct stp_context *c)
{
	n_jtimer++;
}

static void h_prof(struct stp_context *c)
{
	n_prof++;
	if (c->user_mode)
		n_user++;
	if (!c->regs)
		n_mism++;
}

static void h_end(struct stp_context *c)
{
	char buf[256];

	snprintf(buf, sizeof(buf),
		 "end: getpid=%lld read=%lld mism=%lld timer=%lld jtimer=%lld prof=%lld user=%lld target_calls=%lld\n",
		 n_getpid, n_read, n_mism, n_timer, n_jtimer, n_prof, n_user,
		 n_target_calls);
	put(c, buf);
}

static void h_error(struct stp_context *c)
{
	put(c, "error probe ran\n");
}

static const struct stp_probe_site sites[] = {
	{ .kind = STP_SITE_BEGIN, .pp = "begin",
	  .once = ONCE(0),
	  .handler = h_begin0 },
	{ .kind = STP_SITE_BEGIN, .pp = "begin(-5)",
	  .once = ONCE(-5),
	  .handler = h_begin_neg },
	{ .kind = STP_SITE_BEGIN, .pp = "begin",
	  .once = ONCE(0),
	  .handler = h_begin0b },
	{ .kind = STP_SITE_KPROBE,
	  .pp = "kernel.function(\"__x64_sys_getpid\")",
	  .kprobe = KP("__x64_sys_getpid"),
	  .handler = h_getpid, .locks = locks_w_counts, .nlocks = 1 },
	{ .kind = STP_SITE_KPROBE,
	  .pp = "kernel.function(\"__x64_sys_getppid\")",
	  .kprobe = KP("__x64_sys_getppid"),
	  .handler = h_getppid },
#ifndef STP_TEST_OMIT_KRET
	{ .kind = STP_SITE_KRETPROBE,
	  .pp = "kernel.function(\"ksys_read\").return",
	  .kprobe = &(const struct stp_kprobe_site){ .symbol = "ksys_read",
		.maxactive = -1, .entry_bytes = sizeof(struct read_entry),
		.entry = e_read },
	  .handler = h_read, .locks = locks_w_counts, .nlocks = 1 },
#endif
	{ .kind = STP_SITE_TIMER, .pp = "timer.ms(10)",
	  .timer = &(const struct stp_timer_site){ .period = 8000000,
						  .randomize = 4000000 },
	  .handler = h_timer,
	  .locks = locks_w_both, .nlocks = 2 },
	{ .kind = STP_SITE_KPROBE,
	  .pp = "kernel.function(\"jiffies_to_msecs\")",
	  .kprobe = KP("jiffies_to_msecs"),
	  .handler = h_nested },
#ifdef STP_TEST_MODKP
	/* A kprobe on this module's own text.  Off by default: on 6.1
	 * under qemu, 20-40 load/unload cycles with it ended in a jump to
	 * address 0 at a probed syscall (kprobes-on-ftrace on the text of
	 * a module that is unloaded and loaded again; the bare kp.ko
	 * cycled 40 times clean).  See doc/internals/module.md. */
	{ .kind = STP_SITE_KPROBE,
	  .pp = "module(\"" KBUILD_MODNAME "\").function(\"stp_test_target\")",
	  .kprobe = &(const struct stp_kprobe_site){
		.symbol = "stp_test_target", .module = KBUILD_MODNAME },
	  .handler = h_nested },
#endif
	{ .kind = STP_SITE_TIMER_JIFFIES, .pp = "timer.jiffies(5)",
	  .timer = &(const struct stp_timer_site){ .period = 5 },
	  .handler = h_jtimer, .locks = locks_w_counts, .nlocks = 1 },
	{ .kind = STP_SITE_PROFILE, .pp = "timer.profile",
	  .timer = &(const struct stp_timer_site){ .period = 0 },
	  .handler = h_prof,
	  .locks = locks_w_counts, .nlocks = 1 },
	{ .kind = STP_SITE_KPROBE, .pp = "kernel.function(\"stapc_no_such\")?",
	  .kprobe = KP("stapc_no_such_function"),
	  .optional = 1, .handler = h_target },
	{ .kind = STP_SITE_NEVER, .pp = "never",
	  .once = ONCE(0),
	  .handler = h_target },
	{ .kind = STP_SITE_END, .pp = "end",
	  .once = ONCE(0),
	  .handler = h_end, .locks = locks_r_all, .nlocks = 2 },
	{ .kind = STP_SITE_ERROR, .pp = "error",
	  .once = ONCE(0),
	  .handler = h_error },
#ifdef STP_TEST_FAILREG
	{ .kind = STP_SITE_KPROBE, .pp = "kernel.function(\"stapc_missing\")",
	  .kprobe = KP("stapc_missing_function"),
	  .handler = h_target },
#endif
};

#endif /* STP_TEST_BENCH */

static int init_globals(void)
{
	return 0;
}

static void exit_globals(void)
{
}

const struct stp_script _stp_script = {
	.name = "core.stp",
	.sites = sites,
	.nsites = ARRAY_SIZE(sites),
	.init = init_globals,
	.exit = exit_globals,
	.frame_bytes = 256,
};
