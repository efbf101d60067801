// SPDX-License-Identifier: GPL-2.0-only
/* transport.c - the module's side of transport_msgs.h: its channels
 * (channel.h), each one ring per possible CPU (ring.c) that probes
 * append records to, and the debugfs files staprun talks to:
 * /sys/kernel/debug/stapc_NAME/{control,channels,CHANNEL/cpuN}.
 */
#include "core.h"
#include "channel.h"
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

/* Largest record payload the core writes: a print buffer or a message. */
#define STP_MAX_RECORD_PAYLOAD max_t(u32, STP_PRINT_BUF_SIZE, 1024)

/* ---- the text format's client ---- */

static void _stp_text_lost_record(const struct stp_channel *ch, void *dst,
				  u16 cpu, u64 ts, u64 lost)
{
	struct stp_rec_hdr *h = dst;

	*h = (struct stp_rec_hdr){ .len = sizeof(__u64),
				   .type = STP_REC_DROPS, .cpu = cpu,
				   .ts = ts, .chan = _stp_channel_id(ch),
				   .event = STP_EVENT_NONE };
	memcpy(h + 1, &lost, sizeof(lost));
}

static const struct stp_channel_client _stp_text_client = {
	.lost_bytes = STP_REC_SIZE(sizeof(__u64)),
	.lost_record = _stp_text_lost_record,
};

/*
 * The module's channels; a channel's id is its index.  The script's
 * output, errors, warnings and exit() go to STP_CHAN_DEFAULT.
 */
static const struct stp_channel_config _stp_channel_configs[] = {
	[STP_CHAN_DEFAULT] = {
		.name = STP_CHAN_DEFAULT_NAME,
		.ring_bytes = 0,
		.mode = STP_CHAN_NORMAL,
		.format = STP_CHAN_TEXT,
		.client = &_stp_text_client,
	},
};
#define STP_NR_CHANNELS ARRAY_SIZE(_stp_channel_configs)

/* One CPU's ring of one channel and the state of the file that drains it. */
struct stp_cpufile {
	struct _stp_ring ring;
	struct stp_channel *ch;
	void *mem;
	struct mutex lock;		/* one reader at a time (ring.h) */
	u8 *bounce;			/* records on their way to user space */
	unsigned long pending_drops;	/* counted, not yet reported */
	u64 last_ts;			/* of the last record handed out */
	int cpu;
};

/* A channel, as the module runs it. */
struct stp_channel {
	const struct stp_channel_config *cfg;
	u16 id;
	u32 ring_size;			/* bytes, power of two */
	size_t bounce_size;		/* bytes a read copies out at most */
	struct stp_cpufile **cpuf;	/* [nr_cpu_ids], possible CPUs only */
	struct dentry *dir;		/* "stapc_NAME/CHANNEL" */
};

static struct stp_channel _stp_channels[STP_NR_CHANNELS];
static bool _stp_channels_ready;	/* every channel's rings exist */
static struct dentry *_stp_dir;		/* "stapc_NAME" */

static const char *const _stp_chan_mode_names[] = {
#define STP_CHAN_NAME_ENTRY(id, name) [id] = name,
	STP_CHAN_MODES(STP_CHAN_NAME_ENTRY)
};
static const char *const _stp_chan_format_names[] = {
	STP_CHAN_FORMATS(STP_CHAN_NAME_ENTRY)
#undef STP_CHAN_NAME_ENTRY
};

u16 _stp_channel_id(const struct stp_channel *ch)
{
	return ch->id;
}

u32 _stp_transport_max_payload(void)
{
	return STP_MAX_RECORD_PAYLOAD;
}

/* ---- life cycle ---- */

static void _stp_channel_free(struct stp_channel *ch)
{
	int cpu;

	if (!ch->cpuf)
		return;
	for_each_possible_cpu(cpu) {
		struct stp_cpufile *cf = ch->cpuf[cpu];

		if (!cf)
			continue;
		vfree(cf->mem);
		kvfree(cf->bounce);
		mutex_destroy(&cf->lock);
		kfree(cf);
	}
	kfree(ch->cpuf);
	ch->cpuf = NULL;
}

/*
 * The rings of channel @id and their read buffers.  A mode or format
 * this transport cannot serve, or a bad name, is refused (-EINVAL):
 * the table is the module's own, so that is a build bug made loud.
 */
static int _stp_channel_alloc(struct stp_channel *ch, u16 id)
{
	const struct stp_channel_config *cfg = &_stp_channel_configs[id];
	size_t want = cfg->ring_bytes ? cfg->ring_bytes :
					(size_t)STP_BUFFER_KB * 1024;
	size_t min_size = 4 * STP_REC_SIZE(STP_MAX_RECORD_PAYLOAD);
	bool overwrite;
	int cpu;

	ch->cfg = cfg;
	ch->id = id;
	if (cfg->mode >= STP_CHAN_NMODES || cfg->format >= STP_CHAN_NFORMATS ||
	    !cfg->client || !cfg->name || !cfg->name[0] ||
	    strlen(cfg->name) >= STP_CHAN_NAME_MAX || strchr(cfg->name, '/'))
		return -EINVAL;
	overwrite = cfg->mode == STP_CHAN_FLIGHT;
	if (want < min_size)
		want = min_size;
	want = roundup_pow_of_two(want);
	if (want > (1UL << 31))
		return -EINVAL;
	ch->ring_size = (u32)want;
	ch->bounce_size = max_t(size_t, 64 * 1024,
				cfg->client->lost_bytes +
				2 * STP_REC_SIZE(STP_MAX_RECORD_PAYLOAD));

	ch->cpuf = kcalloc(nr_cpu_ids, sizeof(*ch->cpuf), GFP_KERNEL);
	if (!ch->cpuf)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct stp_cpufile *cf;

		cf = kzalloc_node(sizeof(*cf), GFP_KERNEL, cpu_to_node(cpu));
		if (!cf)
			return -ENOMEM;
		ch->cpuf[cpu] = cf;
		cf->ch = ch;
		cf->cpu = cpu;
		mutex_init(&cf->lock);
		cf->mem = vmalloc_node(ch->ring_size, cpu_to_node(cpu));
		cf->bounce = kvmalloc(ch->bounce_size, GFP_KERNEL);
		if (!cf->mem || !cf->bounce)
			return -ENOMEM;
		if (_stp_ring_init(&cf->ring, cf->mem, ch->ring_size, overwrite,
				   id, (u16)cpu))
			return -EINVAL;
	}
	return 0;
}

/**
 * _stp_transport_alloc - every channel's per-CPU rings and read buffers
 *
 * Context: module init.  Return: 0, -ENOMEM, or -EINVAL for a channel
 * this transport cannot serve (nothing left allocated).
 */
int _stp_transport_alloc(void)
{
	u16 id;
	int rc;

	for (id = 0; id < STP_NR_CHANNELS; id++) {
		rc = _stp_channel_alloc(&_stp_channels[id], id);
		if (rc) {
			_stp_transport_free();
			return rc;
		}
	}
	_stp_channels_ready = true;
	return 0;
}

/**
 * _stp_transport_free - free every channel's rings and buffers
 *
 * Context: module exit (files removed, no probe registered).
 */
void _stp_transport_free(void)
{
	u16 id;

	_stp_channels_ready = false;
	for (id = 0; id < STP_NR_CHANNELS; id++)
		_stp_channel_free(&_stp_channels[id]);
}

/* ---- writing ---- */

void _stp_channel_write(u16 chan, u16 type, u16 event, const void *a,
			u32 alen, const void *b, u32 blen)
{
	struct stp_cpufile *cf;
	u8 *p;

	if (unlikely(!_stp_channels_ready || chan >= STP_NR_CHANNELS))
		return;
	cf = _stp_channels[chan].cpuf[get_cpu()];
	p = _stp_ring_reserve(&cf->ring, alen + blen, type, event,
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

/**
 * _stp_transport_write2 - append one text record to the default channel
 * @type: enum stp_rec_type
 * @a: first piece
 * @alen: its bytes
 * @b: second piece
 * @blen: its bytes
 *
 * Context: as _stp_channel_write().
 */
void _stp_transport_write2(u16 type, const void *a, u32 alen,
			   const void *b, u32 blen)
{
	_stp_channel_write(STP_CHAN_DEFAULT, type, STP_EVENT_NONE, a, alen,
			   b, blen);
}

void _stp_transport_write(u16 type, const void *data, u32 len)
{
	_stp_transport_write2(type, data, len, NULL, 0);
}

/* ---- CHANNEL/cpuN files ---- */

static int _stp_cpu_open(struct inode *inode, struct file *f)
{
	f->private_data = inode->i_private;
	return stream_open(inode, f);
}

/*
 * Whole records only; the client's lost-records record first when
 * records were lost.  Its timestamp is that of the record it precedes
 * (or of the last one handed out), so that the CPU's stream stays in
 * time order.
 */
static ssize_t _stp_cpu_read(struct file *f, char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	struct stp_cpufile *cf = f->private_data;
	const struct stp_channel *ch = cf->ch;
	const struct stp_channel_client *client = ch->cfg->client;
	const size_t dsz = client->lost_bytes;
	size_t max = min(count, ch->bounce_size), off = 0, pos;
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
		u64 ts = n ? ((struct stp_rec_hdr *)(cf->bounce + off))->ts :
			     cf->last_ts;

		client->lost_record(ch, cf->bounce, (u16)cf->cpu, ts,
				    cf->pending_drops);
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

/* ---- channels file ---- */

/* Longest line: "65535 NAME flight text 2147483648\n" */
#define STP_CHANNEL_LINE_MAX (STP_CHAN_NAME_MAX + 48)

static ssize_t _stp_channels_read(struct file *f, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	size_t size = (STP_NR_CHANNELS + 1) * STP_CHANNEL_LINE_MAX;
	char *text = kmalloc(size, GFP_KERNEL);
	size_t n;
	ssize_t ret;
	u16 id;

	if (!text)
		return -ENOMEM;
	n = scnprintf(text, size, "stapc-transport %d\n",
		      STP_TRANSPORT_VERSION);
	for (id = 0; id < STP_NR_CHANNELS; id++) {
		const struct stp_channel *ch = &_stp_channels[id];

		n += scnprintf(text + n, size - n, "%u %s %s %s %u\n", id,
			       ch->cfg->name,
			       _stp_chan_mode_names[ch->cfg->mode],
			       _stp_chan_format_names[ch->cfg->format],
			       ch->ring_size);
	}
	ret = simple_read_from_buffer(ubuf, count, ppos, text, n);
	kfree(text);
	return ret;
}

static const struct file_operations _stp_channels_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = _stp_channels_read,
	.llseek = default_llseek,
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
 * _stp_control_flight - switch every channel's overwrite mode
 * @on: flight-recorder mode on for all; off: each channel's own mode
 */
void _stp_control_flight(bool on)
{
	u16 id;
	int cpu;

	for (id = 0; id < STP_NR_CHANNELS; id++) {
		struct stp_channel *ch = &_stp_channels[id];
		bool overwrite = on || ch->cfg->mode == STP_CHAN_FLIGHT;

		for_each_possible_cpu(cpu)
			_stp_ring_set_overwrite(&ch->cpuf[cpu]->ring, overwrite);
	}
}

static int _stp_dentry_err(struct dentry *d)
{
	return IS_ERR(d) ? PTR_ERR(d) : 0;
}

/* stapc_NAME/CHANNEL/cpuN */
static int _stp_channel_files(struct stp_channel *ch)
{
	char name[16];
	int cpu, rc;

	ch->dir = debugfs_create_dir(ch->cfg->name, _stp_dir);
	rc = _stp_dentry_err(ch->dir);
	for_each_possible_cpu(cpu) {
		if (rc)
			break;
		snprintf(name, sizeof(name), "cpu%d", cpu);
		rc = _stp_dentry_err(debugfs_create_file(name, 0400, ch->dir,
							 ch->cpuf[cpu],
							 &_stp_cpu_fops));
	}
	return rc;
}

/**
 * _stp_transport_files - create stapc_NAME/{control,channels,CHANNEL/cpuN}
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
	char name[sizeof(STP_DEBUGFS_PREFIX) + MODULE_NAME_LEN];
	u16 id;
	int rc;

	snprintf(name, sizeof(name), STP_DEBUGFS_PREFIX "%s",
		 THIS_MODULE->name);
	_stp_dir = debugfs_create_dir(name, NULL);
	rc = _stp_dentry_err(_stp_dir);
	if (rc) {
		_stp_dir = NULL;
		return rc;
	}
	for (id = 0; id < STP_NR_CHANNELS && !rc; id++)
		rc = _stp_channel_files(&_stp_channels[id]);
	if (!rc)
		rc = _stp_dentry_err(debugfs_create_file("channels", 0400,
							 _stp_dir, NULL,
							 &_stp_channels_fops));
	if (!rc)
		rc = _stp_dentry_err(debugfs_create_file("control", 0600,
							 _stp_dir, NULL,
							 &_stp_control_fops));
	if (rc)
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
	u16 id;

	debugfs_remove(_stp_dir);
	_stp_dir = NULL;
	for (id = 0; id < STP_NR_CHANNELS; id++)
		_stp_channels[id].dir = NULL;
}
