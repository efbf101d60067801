// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in for a stapc script module, for staprun's VM tests: it
 * serves the debugfs files of runtime/transport_msgs.h (channels, one
 * channel stdout/cpuN, control)
 * and writes records from a timer on every online CPU, so staprun can
 * be tested before (and independently of) the real runtime.
 *
 * Parameters: ticks (10 ms ticks before exit(); 0: never), lines (DATA
 * records per CPU per tick), fail_start (1: "start" fails after an
 * ERROR record), warn (1: a WARNING record at stop), _stp_target.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "transport_msgs.h"	/* copied from runtime/ by the test runner */

static int ticks;
module_param(ticks, int, 0444);
static int lines = 1;
module_param(lines, int, 0444);
static int fail_start;
module_param(fail_start, int, 0444);
static int warn;
module_param(warn, int, 0444);
static int _stp_target;
module_param(_stp_target, int, 0444);

#define RING_SIZE (64 * 1024)

struct fake_cpu {
	spinlock_t lock;
	char *buf;
	size_t len;
	u64 drops;
	struct work_struct work;
	int cpu;
};

static struct fake_cpu __percpu *fcpu;
static struct dentry *root_dir, *chan_dir;
static struct delayed_work tick_work;
static DEFINE_MUTEX(ctl_lock);
static int state;		/* 0 loaded, 1 running, 2 stopped */
static int exited;
static int tick_count;
static atomic_t seq = ATOMIC_INIT(0);
static atomic_t emitted = ATOMIC_INIT(0);

static void put_rec(struct fake_cpu *f, u16 type, const void *data, u32 len)
{
	struct stp_rec_hdr h = { 0 };	/* channel 0, no event */
	size_t size = STP_REC_SIZE(len);
	unsigned long flags;

	spin_lock_irqsave(&f->lock, flags);
	if (f->len + size > RING_SIZE) {
		f->drops++;
		spin_unlock_irqrestore(&f->lock, flags);
		return;
	}
	h.len = len;
	h.type = type;
	h.cpu = f->cpu;
	h.ts = ktime_get_ns();
	memcpy(f->buf + f->len, &h, sizeof(h));
	memcpy(f->buf + f->len + sizeof(h), data, len);
	memset(f->buf + f->len + sizeof(h) + len, 0, size - sizeof(h) - len);
	f->len += size;
	spin_unlock_irqrestore(&f->lock, flags);
}

static void __printf(2, 3) put_text(u16 type, const char *fmt, ...)
{
	struct fake_cpu *f;
	char text[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	f = get_cpu_ptr(fcpu);
	put_rec(f, type, text, n);
	put_cpu_ptr(fcpu);
}

/* A tick record whose text carries its own header timestamp, so that the
 * test can check the merged order; ts is read under the lock, keeping
 * each CPU's records in ts order. */
static void put_tick(struct fake_cpu *f)
{
	struct stp_rec_hdr h = { 0 };
	char text[96];
	unsigned long flags;
	size_t size;
	int n;

	spin_lock_irqsave(&f->lock, flags);
	h.ts = ktime_get_ns();
	n = scnprintf(text, sizeof(text), "tick cpu=%d seq=%d t=%llu\n",
		      f->cpu, atomic_inc_return(&seq), h.ts);
	size = STP_REC_SIZE(n);
	if (f->len + size > RING_SIZE) {
		f->drops++;
	} else {
		h.len = n;
		h.type = STP_REC_DATA;
		h.cpu = f->cpu;
		memcpy(f->buf + f->len, &h, sizeof(h));
		memcpy(f->buf + f->len + sizeof(h), text, n);
		memset(f->buf + f->len + sizeof(h) + n, 0,
		       size - sizeof(h) - n);
		f->len += size;
		atomic_inc(&emitted);
	}
	spin_unlock_irqrestore(&f->lock, flags);
}

static void cpu_work(struct work_struct *w)
{
	int i;

	for (i = 0; i < lines; i++) {
		preempt_disable();
		put_tick(this_cpu_ptr(fcpu));
		preempt_enable();
	}
}

static void tick_fn(struct work_struct *w)
{
	int cpu;

	for_each_online_cpu(cpu)
		queue_work_on(cpu, system_wq, &per_cpu_ptr(fcpu, cpu)->work);
	tick_count++;
	if (ticks && tick_count >= ticks && !exited) {
		exited = 1;
		put_text(STP_REC_EXIT, "%s", "");
		return;
	}
	schedule_delayed_work(&tick_work, msecs_to_jiffies(10));
}

static ssize_t cpu_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	struct fake_cpu *f = file->private_data;
	char *tmp;
	size_t n = 0, off = 0;
	unsigned long flags;

	tmp = kmalloc(RING_SIZE + STP_REC_SIZE(8), GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	spin_lock_irqsave(&f->lock, flags);
	if (f->drops && count >= STP_REC_SIZE(8)) {
		struct stp_rec_hdr h = { .len = 8, .type = STP_REC_DROPS,
					 .cpu = f->cpu, .ts = 0 };

		/* the drops happened before the oldest queued record */
		if (f->len)
			h.ts = ((struct stp_rec_hdr *)f->buf)->ts;
		else
			h.ts = ktime_get_ns();
		memcpy(tmp, &h, sizeof(h));
		memcpy(tmp + sizeof(h), &f->drops, 8);
		n = STP_REC_SIZE(8);
		f->drops = 0;
	}
	/* whole records only */
	while (off < f->len) {
		struct stp_rec_hdr *h = (struct stp_rec_hdr *)(f->buf + off);
		size_t size = STP_REC_SIZE(h->len);

		if (n + size > count)
			break;
		memcpy(tmp + n, h, size);
		n += size;
		off += size;
	}
	memmove(f->buf, f->buf + off, f->len - off);
	f->len -= off;
	spin_unlock_irqrestore(&f->lock, flags);
	if (n && copy_to_user(ubuf, tmp, n))
		n = -EFAULT;
	kfree(tmp);
	return n;
}

static const struct file_operations cpu_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = cpu_read,
	.llseek = noop_llseek,
};

static void do_stop(void)
{
	int cpu;

	if (state != 1)
		return;
	cancel_delayed_work_sync(&tick_work);
	for_each_possible_cpu(cpu)
		flush_work(&per_cpu_ptr(fcpu, cpu)->work);
	put_text(STP_REC_DATA, "end: %d records\n", atomic_read(&emitted));
	if (warn)
		put_text(STP_REC_WARNING, "%s", "WARNING: fake warning at stop\n");
	state = 2;
}

static ssize_t ctl_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	char cmd[32];
	size_t n = min(count, sizeof(cmd) - 1);
	ssize_t ret = count;

	if (copy_from_user(cmd, ubuf, n))
		return -EFAULT;
	cmd[n] = 0;
	strim(cmd);
	mutex_lock(&ctl_lock);
	if (!strcmp(cmd, "start")) {
		if (state != 0) {
			ret = -EINVAL;
		} else if (fail_start) {
			put_text(STP_REC_ERROR, "%s",
				 "ERROR: fake: probe point not found\n");
			ret = -ENOENT;
		} else {
			put_text(STP_REC_DATA, "begin target=%d\n", _stp_target);
			state = 1;
			schedule_delayed_work(&tick_work, msecs_to_jiffies(10));
		}
	} else if (!strcmp(cmd, "stop")) {
		do_stop();
	} else if (strncmp(cmd, "flight ", 7)) {
		ret = -EINVAL;
	}
	mutex_unlock(&ctl_lock);
	return ret;
}

static ssize_t ctl_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	static const char *const names[] = { "loaded", "running", "stopped" };
	char line[96];
	int n;

	n = scnprintf(line, sizeof(line), "state=%s errors=0 skipped=0 exit=%d\n",
		      names[state], exited);
	return simple_read_from_buffer(ubuf, count, ppos, line, n);
}

static ssize_t channels_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char text[96];
	int n;

	n = scnprintf(text, sizeof(text), "stapc-transport %d\n0 "
		      STP_CHAN_DEFAULT_NAME " normal text %d\n",
		      STP_TRANSPORT_VERSION, RING_SIZE);
	return simple_read_from_buffer(ubuf, count, ppos, text, n);
}

static const struct file_operations channels_fops = {
	.owner = THIS_MODULE,
	.read = channels_read,
	.llseek = noop_llseek,
};

static const struct file_operations ctl_fops = {
	.owner = THIS_MODULE,
	.read = ctl_read,
	.write = ctl_write,
	.llseek = noop_llseek,
};

static int __init fake_init(void)
{
	int cpu;

	fcpu = alloc_percpu(struct fake_cpu);
	if (!fcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct fake_cpu *f = per_cpu_ptr(fcpu, cpu);

		spin_lock_init(&f->lock);
		INIT_WORK(&f->work, cpu_work);
		f->cpu = cpu;
		f->buf = kmalloc(RING_SIZE, GFP_KERNEL);
		if (!f->buf)
			goto nomem;
	}
	INIT_DELAYED_WORK(&tick_work, tick_fn);
	root_dir = debugfs_create_dir("stapc_" KBUILD_MODNAME, NULL);
	chan_dir = debugfs_create_dir(STP_CHAN_DEFAULT_NAME, root_dir);
	for_each_possible_cpu(cpu) {
		char name[16];

		snprintf(name, sizeof(name), "cpu%d", cpu);
		debugfs_create_file(name, 0400, chan_dir, per_cpu_ptr(fcpu, cpu),
				    &cpu_fops);
	}
	debugfs_create_file("channels", 0400, root_dir, NULL, &channels_fops);
	debugfs_create_file("control", 0600, root_dir, NULL, &ctl_fops);
	return 0;
nomem:
	for_each_possible_cpu(cpu)
		kfree(per_cpu_ptr(fcpu, cpu)->buf);
	free_percpu(fcpu);
	return -ENOMEM;
}

static void __exit fake_exit(void)
{
	int cpu;

	mutex_lock(&ctl_lock);
	do_stop();
	mutex_unlock(&ctl_lock);
	debugfs_remove_recursive(root_dir);
	for_each_possible_cpu(cpu)
		kfree(per_cpu_ptr(fcpu, cpu)->buf);
	free_percpu(fcpu);
}

module_init(fake_init);
module_exit(fake_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stapc testsuite: fake script module for staprun");
