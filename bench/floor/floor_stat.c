// SPDX-License-Identifier: GPL-2.0-only
/*
 * floor_stat - the hand-written floor for
 *	global c; probe kernel.function("SYM") { c[execname()] <<< 1 }
 *
 * A statistics aggregate is written only by its own CPU and folded when
 * read, so each CPU owns a preallocated open-addressing hash table keyed
 * by current->comm (16 bytes, compared as two words) holding count, sum,
 * min and max.  No lock and no atomic instruction per hit: kprobe
 * handlers run with preemption off, and kprobes never nest on one CPU
 * (a nested hit is counted in nmissed instead), so the table has exactly
 * one writer at a time.  The tables are folded and printed at unload.
 */
#include <linux/hash.h>
#include <linux/init.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#define FS_BITS 11		/* 2048 slots: SystemTap's MAXMAPENTRIES */
#define FS_SLOTS (1U << FS_BITS)

struct fs_entry {
	u64 key[2];		/* the comm, NUL-padded to 16 bytes */
	s64 count;		/* 0: empty slot */
	s64 sum;
	s64 min;
	s64 max;
};

struct fs_table {
	u64 dropped;		/* hits that found the table full */
	struct fs_entry e[FS_SLOTS];
};

static char *sym = "__x64_sys_getpid";
module_param(sym, charp, 0444);
MODULE_PARM_DESC(sym, "symbol to probe");

static DEFINE_PER_CPU(struct fs_table *, fs_tab);

static_assert(TASK_COMM_LEN == 2 * sizeof(u64));

static struct fs_entry *fs_slot(struct fs_table *t, const u64 key[2])
{
	u32 h = hash_64(key[0] ^ (key[1] * GOLDEN_RATIO_64), FS_BITS);
	u32 i;

	for (i = 0; i < FS_SLOTS; i++) {
		struct fs_entry *e = &t->e[(h + i) & (FS_SLOTS - 1)];

		if (!e->count) {
			e->key[0] = key[0];
			e->key[1] = key[1];
			return e;
		}
		if (e->key[0] == key[0] && e->key[1] == key[1])
			return e;
	}
	return NULL;
}

static void fs_add(struct fs_entry *e, s64 count, s64 sum, s64 min, s64 max)
{
	if (!e->count) {
		e->min = min;
		e->max = max;
	} else {
		e->min = min_t(s64, e->min, min);
		e->max = max_t(s64, e->max, max);
	}
	e->count += count;
	e->sum += sum;
}

static int stat_hit(struct kprobe *p, struct pt_regs *regs)
{
	struct fs_table *t = this_cpu_read(fs_tab);
	struct fs_entry *e;
	u64 key[2];

	memcpy(key, current->comm, sizeof(key));
	e = fs_slot(t, key);
	if (unlikely(!e)) {
		t->dropped++;
		return 0;
	}
	fs_add(e, 1, 1, 1, 1);
	return 0;
}

static struct kprobe kp = {
	.pre_handler = stat_hit,
};

static void fs_free(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kvfree(per_cpu(fs_tab, cpu));
		per_cpu(fs_tab, cpu) = NULL;
	}
}

static int __init floor_stat_init(void)
{
	int cpu, ret;

	for_each_possible_cpu(cpu) {
		struct fs_table *t = kvzalloc_node(sizeof(*t), GFP_KERNEL,
						   cpu_to_node(cpu));

		if (!t) {
			fs_free();
			return -ENOMEM;
		}
		per_cpu(fs_tab, cpu) = t;
	}
	kp.symbol_name = sym;
	ret = register_kprobe(&kp);
	if (ret < 0) {
		pr_err("floor_stat: register_kprobe(%s) failed: %d\n",
		       sym, ret);
		fs_free();
		return ret;
	}
	return 0;
}

/* Fold every CPU's table into one and print it. */
static void fs_report(void)
{
	struct fs_table *all = kvzalloc(sizeof(*all), GFP_KERNEL);
	s64 total = 0;
	u32 i, keys = 0;
	int cpu;

	if (!all) {
		pr_err("floor_stat: no memory to fold the tables\n");
		return;
	}
	for_each_possible_cpu(cpu) {
		struct fs_table *t = per_cpu(fs_tab, cpu);

		all->dropped += t->dropped;
		for (i = 0; i < FS_SLOTS; i++) {
			struct fs_entry *e = &t->e[i];

			struct fs_entry *d;

			if (!e->count)
				continue;
			d = fs_slot(all, e->key);
			if (d)
				fs_add(d, e->count, e->sum, e->min, e->max);
			else
				all->dropped += e->count;
		}
	}
	for (i = 0; i < FS_SLOTS; i++) {
		struct fs_entry *e = &all->e[i];
		char comm[TASK_COMM_LEN + 1];

		if (!e->count)
			continue;
		memcpy(comm, e->key, TASK_COMM_LEN);
		comm[TASK_COMM_LEN] = '\0';
		pr_info("floor_stat: %s count=%lld sum=%lld min=%lld max=%lld\n",
			comm, e->count, e->sum, e->min, e->max);
		total += e->count;
		keys++;
	}
	pr_info("floor_stat: sym=%s count=%lld keys=%u dropped=%llu missed=%lu\n",
		sym, total, keys, all->dropped, kp.nmissed);
	kvfree(all);
}

static void __exit floor_stat_exit(void)
{
	/* waits for running handlers: the tables are quiet after this */
	unregister_kprobe(&kp);
	fs_report();
	fs_free();
}

module_init(floor_stat_init);
module_exit(floor_stat_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stapc bench: hand-written floor for a per-CPU statistics probe");
