// SPDX-License-Identifier: GPL-2.0-only
/* transport.c - the module's side of transport_msgs.h: one ring per
 * possible CPU (ring.c) that probes append records to, and the debugfs
 * files staprun talks to: /sys/kernel/debug/stapc_NAME/{cpuN,control}.
 */
#include "core.h"
#include "ring.h"

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/log2.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

/* a top-level directory per module: nothing shared is left behind */
#define STP_DEBUGFS_PREFIX "stapc_"

/* One CPU's ring and the state of the file that drains it. */
struct stp_cpufile {
	struct _stp_ring ring;
	void *mem;
	struct mutex lock;		/* one reader at a time (ring.h) */
	u8 *bounce;			/* records on their way to user space */
	unsigned long pending_drops;	/* counted, not yet reported */
	u64 last_ts;			/* of the last record handed out */
	int cpu;
};

static struct stp_cpufile **_stp_cpuf;	/* [nr_cpu_ids], possible CPUs only */
static u32 _stp_ring_size;
static size_t _stp_bounce_size;
static struct dentry *_stp_dir;		/* "stapc_NAME" */

/* Largest record payload the core writes: a print buffer or a message. */
#define STP_MAX_RECORD_PAYLOAD max_t(u32, STP_PRINT_BUF_SIZE, 1024)

u32 _stp_transport_max_payload(void)
{
	return STP_MAX_RECORD_PAYLOAD;
}

/**
 * _stp_transport_alloc - the per-CPU rings and read buffers
 *
 * Each ring is STP_BUFFER_KB rounded up to a power of two, and at least
 * big enough that the largest record fits four times.
 *
 * Context: module init.  Return: 0 or -ENOMEM (nothing left allocated).
 */
int _stp_transport_alloc(void)
{
	size_t want = (size_t)STP_BUFFER_KB * 1024;
	size_t min_size = 4 * STP_REC_SIZE(STP_MAX_RECORD_PAYLOAD);
	int cpu;

	if (want < min_size)
		want = min_size;
	want = roundup_pow_of_two(want);
	if (want > (1UL << 31))
		return -EINVAL;
	_stp_ring_size = (u32)want;
	_stp_bounce_size = max_t(size_t, 64 * 1024,
				 2 * STP_REC_SIZE(STP_MAX_RECORD_PAYLOAD));

	_stp_cpuf = kcalloc(nr_cpu_ids, sizeof(*_stp_cpuf), GFP_KERNEL);
	if (!_stp_cpuf)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct stp_cpufile *cf;

		cf = kzalloc_node(sizeof(*cf), GFP_KERNEL, cpu_to_node(cpu));
		if (!cf)
			goto fail;
		_stp_cpuf[cpu] = cf;
		cf->cpu = cpu;
		mutex_init(&cf->lock);
		cf->mem = vmalloc_node(_stp_ring_size, cpu_to_node(cpu));
		cf->bounce = kvmalloc(_stp_bounce_size, GFP_KERNEL);
		if (!cf->mem || !cf->bounce)
			goto fail;
		if (_stp_ring_init(&cf->ring, cf->mem, _stp_ring_size, 0))
			goto fail;
	}
	return 0;
fail:
	_stp_transport_free();
	return -ENOMEM;
}

/**
 * _stp_transport_free - free rings and buffers
 *
 * Context: module exit (files removed, no probe registered).
 */
void _stp_transport_free(void)
{
	int cpu;

	if (!_stp_cpuf)
		return;
	for_each_possible_cpu(cpu) {
		struct stp_cpufile *cf = _stp_cpuf[cpu];

		if (!cf)
			continue;
		vfree(cf->mem);
		kvfree(cf->bounce);
		mutex_destroy(&cf->lock);
		kfree(cf);
	}
	kfree(_stp_cpuf);
	_stp_cpuf = NULL;
}

/**
 * _stp_transport_write2 - append one record, payload in two pieces
 * @type: enum stp_rec_type
 * @a: first piece
 * @alen: its bytes
 * @b: second piece
 * @blen: its bytes
 *
 * Context: any (disables preemption itself); lock-free, never sleeps.
 * A record that does not fit is dropped and counted by the ring.
 */
void _stp_transport_write2(u16 type, const void *a, u32 alen,
			   const void *b, u32 blen)
{
	struct stp_cpufile *cf;
	int cpu;
	u8 *p;

	if (unlikely(!_stp_cpuf))
		return;
	cpu = get_cpu();
	cf = _stp_cpuf[cpu];
	p = _stp_ring_reserve(&cf->ring, alen + blen, type, (u16)cpu,
			      _stp_clock_ns());
	if (p) {
		if (alen)
			memcpy(p, a, alen);
		if (blen)
			memcpy(p + alen, b, blen);
		_stp_ring_commit(&cf->ring, p);
	}
	put_cpu();
}

void _stp_transport_write(u16 type, const void *data, u32 len)
{
	_stp_transport_write2(type, data, len, NULL, 0);
}

/* ---- cpuN files ---- */

static int _stp_cpu_open(struct inode *inode, struct file *f)
{
	f->private_data = inode->i_private;
	return stream_open(inode, f);
}

/*
 * Whole records only; an STP_REC_DROPS record first when records were
 * lost.  Its timestamp is that of the record it precedes (or of the last
 * one handed out), so that the CPU's stream stays in time order.
 */
static ssize_t _stp_cpu_read(struct file *f, char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	struct stp_cpufile *cf = f->private_data;
	const size_t dsz = STP_REC_SIZE(sizeof(__u64));
	size_t max = min(count, _stp_bounce_size), off = 0, pos;
	struct stp_rec_hdr *h;
	ssize_t ret;
	long n;

	if (mutex_lock_interruptible(&cf->lock))
		return -ERESTARTSYS;
	cf->pending_drops += _stp_ring_drops(&cf->ring);
	if (cf->pending_drops && max >= dsz)
		off = dsz;
	n = _stp_ring_read(&cf->ring, cf->bounce + off, max - off);
	if (n < 0) {
		n = 0;
		if (!off) {		/* not even one record fits */
			ret = -EINVAL;
			goto out;
		}
	}
	if (off) {
		h = (struct stp_rec_hdr *)cf->bounce;
		h->len = sizeof(__u64);
		h->type = STP_REC_DROPS;
		h->cpu = (__u16)cf->cpu;
		h->ts = n ? ((struct stp_rec_hdr *)(cf->bounce + off))->ts :
			    cf->last_ts;
		*(__u64 *)(h + 1) = cf->pending_drops;
		cf->pending_drops = 0;
	}
	for (pos = off; pos < off + n;) {
		h = (struct stp_rec_hdr *)(cf->bounce + pos);
		cf->last_ts = h->ts;
		pos += STP_REC_SIZE(h->len);
	}
	ret = off + n;
	if (ret && copy_to_user(ubuf, cf->bounce, ret))
		ret = -EFAULT;
out:
	mutex_unlock(&cf->lock);
	return ret;
}

static const struct file_operations _stp_cpu_fops = {
	.owner = THIS_MODULE,
	.open = _stp_cpu_open,
	.read = _stp_cpu_read,
};

/* ---- control file ---- */

static ssize_t _stp_control_write(struct file *f, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	char cmd[32];
	size_t n = count;
	int rc = 0;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, n))
		return -EFAULT;
	cmd[n] = '\0';
	while (n && (cmd[n - 1] == '\n' || cmd[n - 1] == ' '))
		cmd[--n] = '\0';
	if (!strcmp(cmd, "start"))
		rc = _stp_control_start();
	else if (!strcmp(cmd, "stop"))
		rc = _stp_control_stop();
	else if (!strcmp(cmd, "flight on"))
		_stp_control_flight(true);
	else if (!strcmp(cmd, "flight off"))
		_stp_control_flight(false);
	else
		rc = -EINVAL;
	return rc ? rc : (ssize_t)count;
}

static ssize_t _stp_control_read(struct file *f, char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	char line[96];
	int n;

	n = scnprintf(line, sizeof(line),
		      "state=%s errors=%d skipped=%d exit=%d\n",
		      _stp_control_phase(), atomic_read(&_stp_error_count),
		      atomic_read(&_stp_skip_count),
		      atomic_read(&_stp_exit_flag));
	return simple_read_from_buffer(ubuf, count, ppos, line, n);
}

static const struct file_operations _stp_control_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = _stp_control_read,
	.write = _stp_control_write,
	.llseek = default_llseek,
};

/**
 * _stp_control_flight - switch every ring's overwrite mode
 * @on: flight-recorder mode on
 */
void _stp_control_flight(bool on)
{
	int cpu;

	for_each_possible_cpu(cpu)
		_stp_ring_set_overwrite(&_stp_cpuf[cpu]->ring, on);
}

/**
 * _stp_transport_files - create stapc_NAME/{cpuN,control}
 *
 * The last step of module init: once control exists staprun may start.
 * The directory is the module's own, at the top of debugfs, so that
 * nothing is left behind at unload.  A parent shared by all modules
 * could not be removed with the last one: debugfs has no race-free
 * "remove if empty", and removing it while another module's init
 * creates its directory in it would delete that module's files.
 *
 * Context: module init.  Return: 0 or a negative errno (nothing left).
 */
int _stp_transport_files(void)
{
	struct dentry *d;
	char name[sizeof(STP_DEBUGFS_PREFIX) + MODULE_NAME_LEN];
	int cpu, rc;

	snprintf(name, sizeof(name), STP_DEBUGFS_PREFIX "%s",
		 THIS_MODULE->name);
	d = debugfs_create_dir(name, NULL);
	if (IS_ERR(d))
		return PTR_ERR(d);
	_stp_dir = d;
	for_each_possible_cpu(cpu) {
		snprintf(name, sizeof(name), "cpu%d", cpu);
		d = debugfs_create_file(name, 0400, _stp_dir, _stp_cpuf[cpu],
					&_stp_cpu_fops);
		if (IS_ERR(d)) {
			rc = PTR_ERR(d);
			goto fail;
		}
	}
	d = debugfs_create_file("control", 0600, _stp_dir, NULL,
				&_stp_control_fops);
	if (IS_ERR(d)) {
		rc = PTR_ERR(d);
		goto fail;
	}
	return 0;
fail:
	_stp_transport_files_remove();
	return rc;
}

/**
 * _stp_transport_files_remove - remove stapc_NAME and what is in it
 *
 * debugfs waits for file operations in progress to finish.
 */
void _stp_transport_files_remove(void)
{
	debugfs_remove(_stp_dir);
	_stp_dir = NULL;
}
