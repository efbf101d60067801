// SPDX-License-Identifier: GPL-2.0-only
/*
 * floor_count - the hand-written floor for
 *	global n; probe kernel.function("SYM") { n++ }
 *
 * One kprobe on `sym` (default __x64_sys_getpid) increments one counter
 * shared by all CPUs.  A script global is a variable every CPU sees and
 * n++ is a read-modify-write, so each hit must exclude the other CPUs.
 *
 * excl=lock (default): the same kind of exclusion a script global gets,
 *	a lock taken per hit.  The cheapest correct lock is a raw spinlock
 *	(qspinlock: one locked cmpxchg to take, one store to drop) taken
 *	with trylock and a bounded retry count.  Trylock rather than
 *	spin_lock because an entry kprobe is an ftrace callback with
 *	interrupts on: an interrupt on this CPU whose path hits the probe
 *	while the lock is held would deadlock with spin_lock, and
 *	spin_lock_irqsave would add a pushf/cli/popf the script does not
 *	need either.  A hit that cannot get the lock is skipped and
 *	counted, as a script's is (MAXTRYLOCK).
 * excl=atomic: one locked add (atomic64_inc), the absolute floor for a
 *	counter; printed alongside to show what the lock itself costs.
 *
 * The count is printed at unload.
 */
#include <linux/atomic.h>
#include <linux/init.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#define FLOOR_MAXTRYLOCK 1000	/* SystemTap's default MAXTRYLOCK */

static char *sym = "__x64_sys_getpid";
module_param(sym, charp, 0444);
MODULE_PARM_DESC(sym, "symbol to probe");

static char *excl = "lock";
module_param(excl, charp, 0444);
MODULE_PARM_DESC(excl, "lock (raw spinlock per hit) or atomic (atomic64_inc)");

static DEFINE_RAW_SPINLOCK(count_lock);
static u64 count;		/* under count_lock */
static atomic64_t count_atomic = ATOMIC64_INIT(0);
static atomic64_t skipped = ATOMIC64_INIT(0);

static int count_locked(struct kprobe *p, struct pt_regs *regs)
{
	int i;

	for (i = 0; i < FLOOR_MAXTRYLOCK; i++) {
		if (raw_spin_trylock(&count_lock)) {
			count++;
			raw_spin_unlock(&count_lock);
			return 0;
		}
		cpu_relax();
	}
	atomic64_inc(&skipped);
	return 0;
}

static int count_atomic_inc(struct kprobe *p, struct pt_regs *regs)
{
	atomic64_inc(&count_atomic);
	return 0;
}

static struct kprobe kp;

static int __init floor_count_init(void)
{
	int ret;

	if (!strcmp(excl, "lock")) {
		kp.pre_handler = count_locked;
	} else if (!strcmp(excl, "atomic")) {
		kp.pre_handler = count_atomic_inc;
	} else {
		pr_err("floor_count: excl=%s: want lock or atomic\n", excl);
		return -EINVAL;
	}
	kp.symbol_name = sym;
	ret = register_kprobe(&kp);
	if (ret < 0) {
		pr_err("floor_count: register_kprobe(%s) failed: %d\n",
		       sym, ret);
		return ret;
	}
	return 0;
}

static void __exit floor_count_exit(void)
{
	unregister_kprobe(&kp);
	/* unregister_kprobe waits for running handlers: no lock needed */
	pr_info("floor_count: excl=%s sym=%s count=%llu skipped=%lld missed=%lu\n",
		excl, sym,
		kp.pre_handler == count_locked ?
			count : (u64)atomic64_read(&count_atomic),
		atomic64_read(&skipped), kp.nmissed);
}

module_init(floor_count_init);
module_exit(floor_count_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stapc bench: hand-written floor for a global counter probe");
