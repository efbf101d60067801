// SPDX-License-Identifier: GPL-2.0-only
/* probes-kprobe.c - the kprobe family: binds STP_SITE_KPROBE sites to
 * kprobes and STP_SITE_KRETPROBE sites to kretprobes (with @entry
 * storage in the instance's data and an entry handler that fills it).
 *
 * A kprobe site's pre-handler is its own (site->kprobe->pre, generated
 * with STP_KPROBE_ENTRY, hit.h) when it has one, else the generic one
 * here.
 *
 * Sites are registered one by one (to tell which failed and why) but
 * unregistered in one batch: unregister_kprobes() waits for one grace
 * period for all of them, not one each.
 */
#include "core.h"

#include <linux/kprobes.h>
#include <linux/slab.h>

/* A kprobe site: the site's address sits in the word before the kprobe,
 * where _stp_kprobe_site() (hit.h) reads it. */
struct stp_kp {
	const struct stp_probe_site *site;
	struct kprobe kp;
	char *name;			/* "module:symbol", or NULL */
};
static_assert(offsetof(struct stp_kp, kp) == sizeof(void *),
	      "_stp_kprobe_site() reads the site just before the kprobe");

struct stp_krp {
	const struct stp_probe_site *site;
	struct kretprobe rp;
	char *name;
};

static struct stp_slots _stp_kps, _stp_krps;
/* the registered ones, for the batch unregistration */
static struct kprobe **_stp_kp_reg;
static struct kretprobe **_stp_krp_reg;
static u32 _stp_nkp_reg, _stp_nkrp_reg;

static int _stp_kp_pre(struct kprobe *p, struct pt_regs *regs)
{
	/* 0: let the probed instruction run */
	return _stp_run_kprobe(_stp_kprobe_site(p), regs);
}
NOKPROBE_SYMBOL(_stp_kp_pre);

static inline struct stp_krp *_stp_krp_of(struct kretprobe_instance *ri)
{
	return container_of(get_kretprobe(ri), struct stp_krp, rp);
}

/*
 * A skipped or failed entry leaves no @entry values: returning non-zero
 * drops the instance, so the return handler never reads garbage.
 */
static int _stp_krp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct stp_krp *k = _stp_krp_of(ri);

	return _stp_run_site(k->site, STP_SESS_RUNNING, STP_RUN_ENTRY, regs,
			     ri, ri->data) ? 1 : 0;
}
NOKPROBE_SYMBOL(_stp_krp_entry);

static int _stp_krp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct stp_krp *k = _stp_krp_of(ri);

	_stp_run_site(k->site, STP_SESS_RUNNING, STP_RUN_RETURN, regs, ri,
		      k->site->kprobe->entry_bytes ? (void *)ri->data : NULL);
	return 0;
}
NOKPROBE_SYMBOL(_stp_krp_ret);

/* kprobes looks "module:symbol" up in that module's symbols. */
static int _stp_kp_name(const struct stp_kprobe_site *s, const char **sym,
			char **owned)
{
	*owned = NULL;
	*sym = s->symbol;
	if (!s->symbol)
		return -EINVAL;
	if (!s->module)
		return 0;
	*owned = kasprintf(GFP_KERNEL, "%s:%s", s->module, s->symbol);
	if (!*owned)
		return -ENOMEM;
	*sym = *owned;
	return 0;
}

static void _stp_kprobes_free(void)
{
	u32 i;

	for (i = 0; i < _stp_kps.n; i++)
		kfree(((struct stp_kp *)_stp_slot(&_stp_kps, i))->name);
	for (i = 0; i < _stp_krps.n; i++)
		kfree(((struct stp_krp *)_stp_slot(&_stp_krps, i))->name);
	_stp_slots_free(&_stp_kps);
	_stp_slots_free(&_stp_krps);
	kfree(_stp_kp_reg);
	kfree(_stp_krp_reg);
	_stp_kp_reg = NULL;
	_stp_krp_reg = NULL;
	_stp_nkp_reg = _stp_nkrp_reg = 0;
}

static int _stp_kp_setup(struct stp_kp *k)
{
	const struct stp_kprobe_site *s = k->site->kprobe;
	const char *sym;
	int rc = _stp_kp_name(s, &sym, &k->name);

	if (rc)
		return rc;
	k->kp.symbol_name = sym;
	k->kp.offset = s->offset;
	/* the site's own entry when the translator made one */
	k->kp.pre_handler = s->pre ? s->pre : _stp_kp_pre;
	return 0;
}

static int _stp_krp_setup(struct stp_krp *k)
{
	const struct stp_kprobe_site *s = k->site->kprobe;
	const char *sym;
	int rc = _stp_kp_name(s, &sym, &k->name);

	if (rc)
		return rc;
	k->rp.kp.symbol_name = sym;
	k->rp.handler = _stp_krp_ret;
	if (s->entry)
		k->rp.entry_handler = _stp_krp_entry;
	k->rp.data_size = s->entry_bytes;
	/* 0 lets the kernel pick max(10, 2 * CPUs) */
	k->rp.maxactive = s->maxactive > 0 ? s->maxactive : 0;
	return 0;
}

/* Set up (not register) a kprobe or kretprobe per site. */
static int _stp_kprobes_alloc(void)
{
	u32 i;
	int rc;

	rc = _stp_slots_alloc(&_stp_kps, STP_SITE_KPROBE,
			      sizeof(struct stp_kp));
	if (!rc)
		rc = _stp_slots_alloc(&_stp_krps, STP_SITE_KRETPROBE,
				      sizeof(struct stp_krp));
	if (rc)
		goto fail;
	rc = -ENOMEM;
	if (_stp_kps.n) {
		_stp_kp_reg = kcalloc(_stp_kps.n, sizeof(*_stp_kp_reg),
				      GFP_KERNEL);
		if (!_stp_kp_reg)
			goto fail;
	}
	if (_stp_krps.n) {
		_stp_krp_reg = kcalloc(_stp_krps.n, sizeof(*_stp_krp_reg),
				       GFP_KERNEL);
		if (!_stp_krp_reg)
			goto fail;
	}
	rc = 0;
	for (i = 0; !rc && i < _stp_kps.n; i++)
		rc = _stp_kp_setup(_stp_slot(&_stp_kps, i));
	for (i = 0; !rc && i < _stp_krps.n; i++)
		rc = _stp_krp_setup(_stp_slot(&_stp_krps, i));
	if (!rc)
		return 0;
fail:
	_stp_kprobes_free();
	return rc;
}

static int _stp_kp_arm(void *rec)
{
	struct stp_kp *k = rec;
	int rc = register_kprobe(&k->kp);

	if (!rc)
		_stp_kp_reg[_stp_nkp_reg++] = &k->kp;
	return rc;
}

static int _stp_krp_arm(void *rec)
{
	struct stp_krp *k = rec;
	int rc = register_kretprobe(&k->rp);

	if (!rc)
		_stp_krp_reg[_stp_nkrp_reg++] = &k->rp;
	return rc;
}

static int _stp_kprobes_arm(void)
{
	int rc = _stp_slots_arm(&_stp_kps, _stp_kp_arm);

	return rc ? rc : _stp_slots_arm(&_stp_krps, _stp_krp_arm);
}

/*
 * Unregister what was registered.  Hits the kprobes layer itself missed
 * (nmissed: reentrancy, too few kretprobe instances) count as skipped,
 * as SystemTap counts them.
 */
static void _stp_kprobes_disarm(void)
{
	u32 i;

	if (_stp_nkp_reg)
		unregister_kprobes(_stp_kp_reg, _stp_nkp_reg);
	if (_stp_nkrp_reg)
		unregister_kretprobes(_stp_krp_reg, _stp_nkrp_reg);
	for (i = 0; i < _stp_nkp_reg; i++)
		_stp_skip_add(_stp_kp_reg[i]->nmissed);
	for (i = 0; i < _stp_nkrp_reg; i++)
		_stp_skip_add(_stp_krp_reg[i]->nmissed +
			      _stp_krp_reg[i]->kp.nmissed);
	_stp_nkp_reg = 0;
	_stp_nkrp_reg = 0;
}

const struct stp_family_ops _stp_family_kprobe = {
	.name = "kprobe",
	.alloc = _stp_kprobes_alloc,
	.arm = _stp_kprobes_arm,
	.disarm = _stp_kprobes_disarm,
	.free = _stp_kprobes_free,
};
