// SPDX-License-Identifier: GPL-2.0
/*
 * Proves that kprobes registered by symbol name work in the qemu TCG guest:
 * registers a kprobe on `sym` (default do_sys_openat2, present in 6.1 and
 * 6.12), counts hits for `window_ms` inside module_init, prints the count,
 * keeps counting until rmmod, then prints the total and unregisters.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/printk.h>

static char *sym = "do_sys_openat2";
module_param(sym, charp, 0444);
MODULE_PARM_DESC(sym, "symbol to probe");

static unsigned int window_ms = 1000;
module_param(window_ms, uint, 0444);
MODULE_PARM_DESC(window_ms, "counting window inside module_init, ms");

static atomic_long_t hits = ATOMIC_LONG_INIT(0);

static int kp_pre(struct kprobe *p, struct pt_regs *regs)
{
	atomic_long_inc(&hits);
	return 0;
}

static struct kprobe kp = {
	.pre_handler = kp_pre,
};

static int __init kp_init(void)
{
	int ret;

	kp.symbol_name = sym;
	ret = register_kprobe(&kp);
	if (ret < 0) {
		pr_err("kp: register_kprobe(%s) failed: %d\n", sym, ret);
		return ret;
	}
	pr_info("kp: registered %s at %px\n", sym, kp.addr);
	msleep(window_ms);
	pr_info("kp: %ld hits on %s in %u ms\n",
		atomic_long_read(&hits), sym, window_ms);
	return 0;
}

static void __exit kp_exit(void)
{
	unregister_kprobe(&kp);
	pr_info("kp: unregistered %s, %ld hits total, %lu missed\n",
		sym, atomic_long_read(&hits), kp.nmissed);
}

module_init(kp_init);
module_exit(kp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stapc bench: kprobe-by-name smoke test");
