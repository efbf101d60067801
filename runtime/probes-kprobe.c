// SPDX-License-Identifier: GPL-2.0-only
/* probes-kprobe.c - binds STP_SITE_KPROBE sites to kprobes and
 * STP_SITE_KRETPROBE sites to kretprobes (with @entry storage in the
 * instance's data and an entry handler that fills it).
 *
 * A kprobe site's pre-handler is the probe's own (generated with
 * STP_KPROBE_ENTRY, hit.h) when it has one, else the generic one here.
 *
 * Sites are registered one by one (to tell which failed and why) but
 * unregistered in one batch: unregister_kprobes() waits for one grace
 * period for all of them, not one each.
 */
#include "core.h"

#include <linux/kprobes.h>
#include <linux/slab.h>

struct stp_krp {
	struct kretprobe rp;
	const struct stp_probe_site *site;
	char *name;
};

/* A kprobe site: the site's address sits in the word before the kprobe,
 * where _stp_kprobe_site() (hit.h) reads it. */
struct stp_kp {
	const struct stp_probe_site *site;
	struct kprobe kp;
	char *name;			/* "module:symbol", or NULL */
};
static_assert(offsetof(struct stp_kp, kp) == sizeof(void *),
	      "_stp_kprobe_site() reads the site just before the kprobe");

static struct stp_kp *_stp_kps;
static struct stp_krp *_stp_krps;
static u32 _stp_nkp, _stp_nkrp;
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
		      k->site->entry_bytes ? (void *)ri->data : NULL);
	return 0;
}
NOKPROBE_SYMBOL(_stp_krp_ret);

/* kprobes looks "module:symbol" up in that module's symbols. */
static int _stp_kp_name(const struct stp_probe_site *s, const char **sym,
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

/**
 * _stp_kprobes_alloc - set up (not register) a kprobe per site
 *
 * Context: module init.  Return: 0 or -ENOMEM/-EINVAL (nothing left).
 */
int _stp_kprobes_alloc(void)
{
	u32 i, nk = 0, nr = 0;
	int rc;

	for (i = 0; i < _stp_script.nsites; i++) {
		nk += _stp_script.sites[i].kind == STP_SITE_KPROBE;
		nr += _stp_script.sites[i].kind == STP_SITE_KRETPROBE;
	}
	if (nk) {
		_stp_kps = kcalloc(nk, sizeof(*_stp_kps), GFP_KERNEL);
		_stp_kp_reg = kcalloc(nk, sizeof(*_stp_kp_reg), GFP_KERNEL);
		if (!_stp_kps || !_stp_kp_reg)
			goto nomem;
	}
	if (nr) {
		_stp_krps = kcalloc(nr, sizeof(*_stp_krps), GFP_KERNEL);
		_stp_krp_reg = kcalloc(nr, sizeof(*_stp_krp_reg), GFP_KERNEL);
		if (!_stp_krps || !_stp_krp_reg)
			goto nomem;
	}
	for (i = 0; i < _stp_script.nsites; i++) {
		const struct stp_probe_site *s = &_stp_script.sites[i];
		const char *sym;

		if (s->kind == STP_SITE_KPROBE) {
			struct stp_kp *k = &_stp_kps[_stp_nkp++];

			k->site = s;
			rc = _stp_kp_name(s, &sym, &k->name);
			if (rc)
				goto fail;
			k->kp.symbol_name = sym;
			k->kp.offset = s->offset;
			/* the probe's own entry when the translator made one */
			k->kp.pre_handler = s->kprobe_pre ? s->kprobe_pre :
							    _stp_kp_pre;
		} else if (s->kind == STP_SITE_KRETPROBE) {
			struct stp_krp *k = &_stp_krps[_stp_nkrp++];

			k->site = s;
			rc = _stp_kp_name(s, &sym, &k->name);
			if (rc)
				goto fail;
			k->rp.kp.symbol_name = sym;
			k->rp.handler = _stp_krp_ret;
			if (s->entry)
				k->rp.entry_handler = _stp_krp_entry;
			k->rp.data_size = s->entry_bytes;
			/* 0 lets the kernel pick max(10, 2 * CPUs) */
			k->rp.maxactive = s->maxactive > 0 ? s->maxactive : 0;
		}
	}
	return 0;
nomem:
	rc = -ENOMEM;
fail:
	_stp_kprobes_free();
	return rc;
}

void _stp_kprobes_free(void)
{
	u32 i;

	for (i = 0; i < _stp_nkp; i++)
		kfree(_stp_kps[i].name);
	for (i = 0; i < _stp_nkrp; i++)
		kfree(_stp_krps[i].name);
	kfree(_stp_kps);
	kfree(_stp_krps);
	kfree(_stp_kp_reg);
	kfree(_stp_krp_reg);
	_stp_kps = NULL;
	_stp_krps = NULL;
	_stp_kp_reg = NULL;
	_stp_krp_reg = NULL;
	_stp_nkp = _stp_nkrp = _stp_nkp_reg = _stp_nkrp_reg = 0;
}

/**
 * _stp_kprobes_register - register every kprobe and kretprobe site
 *
 * Context: start (process context).  An optional site that fails gets a
 * WARNING and is left out.
 * Return: 0, or the errno of the first non-optional failure (after an
 * ERROR record); the caller then unregisters what was registered.
 */
int _stp_kprobes_register(void)
{
	u32 i;
	int rc;

	for (i = 0; i < _stp_nkp; i++) {
		rc = register_kprobe(&_stp_kps[i].kp);
		if (rc) {
			rc = _stp_site_failed(_stp_kps[i].site, rc);
			if (rc)
				return rc;
			continue;
		}
		_stp_kp_reg[_stp_nkp_reg++] = &_stp_kps[i].kp;
	}
	for (i = 0; i < _stp_nkrp; i++) {
		rc = register_kretprobe(&_stp_krps[i].rp);
		if (rc) {
			rc = _stp_site_failed(_stp_krps[i].site, rc);
			if (rc)
				return rc;
			continue;
		}
		_stp_krp_reg[_stp_nkrp_reg++] = &_stp_krps[i].rp;
	}
	return 0;
}

/**
 * _stp_kprobes_unregister - unregister what was registered
 *
 * Context: stop (process context).  Hits the kprobes layer itself missed
 * (nmissed: reentrancy, too few kretprobe instances) count as skipped,
 * as SystemTap counts them.
 */
void _stp_kprobes_unregister(void)
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
