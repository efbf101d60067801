// SPDX-License-Identifier: GPL-2.0-only
/* probes.c - what the probe families' runtime units share: the table of
 * their ops (from probe_families.h, in table order), the per-site record
 * arrays they keep, registration with per-site failure reports.
 * module.c drives the families through _stp_families[]; each family's
 * probes-NAME.c binds its sites.  See doc/internals/probe-family.md.
 */
#include "core.h"

#include <linux/errno.h>
#include <linux/slab.h>

const struct stp_family_ops *const _stp_families[STP_NFAMILIES] = {
#define STP_FAMILY(name, NAME, ...) [STP_FAMILY_##NAME] = &_stp_family_##name,
#include "probe_families.h"
};

/**
 * _stp_slots_alloc - one record per site of a kind
 * @s: the array to fill
 * @kind: which sites
 * @size: bytes of a record, at least a site pointer, which comes first
 *
 * Context: module init (may sleep).
 * Return: 0 (@s->n may be 0, with no memory) or -ENOMEM (@s empty).
 */
int _stp_slots_alloc(struct stp_slots *s, enum stp_site_kind kind,
		     size_t size)
{
	u32 i, n = 0;

	s->recs = NULL;
	s->size = size;
	s->n = 0;
	for (i = 0; i < _stp_script.nsites; i++)
		n += _stp_script.sites[i].kind == kind;
	if (!n)
		return 0;
	s->recs = kcalloc(n, size, GFP_KERNEL);
	if (!s->recs)
		return -ENOMEM;
	for (i = 0; i < _stp_script.nsites; i++)
		if (_stp_script.sites[i].kind == kind)
			*(const struct stp_probe_site **)_stp_slot(s, s->n++) =
				&_stp_script.sites[i];
	return 0;
}

void _stp_slots_free(struct stp_slots *s)
{
	kfree(s->recs);
	s->recs = NULL;
	s->n = 0;
}

/**
 * _stp_slots_arm - register the site of every record
 * @s: the records
 * @arm: registers one record's site: 0 or a negative errno
 *
 * Context: start (process context).
 * Return: 0, or the errno of the first non-optional site that failed
 * (after its ERROR record); optional ones get a WARNING and are left out.
 */
int _stp_slots_arm(const struct stp_slots *s, int (*arm)(void *rec))
{
	u32 i;
	int rc;

	for (i = 0; i < s->n; i++) {
		void *rec = _stp_slot(s, i);

		rc = arm(rec);
		if (rc) {
			rc = _stp_site_failed(_stp_slot_site(rec), rc);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* What a registration errno means: a short phrase. */
static const char *_stp_errno_text(int err)
{
	switch (-err) {
	case ENOENT:
		return "symbol not found";
	case EINVAL:
		return "address not probeable (blacklisted or not text)";
	case EILSEQ:
		return "offset not at an instruction boundary";
	case EEXIST:
		return "already registered";
	case ENOMEM:
		return "out of memory";
	case EBUSY:
		return "busy";
	case ENOSYS:
	case EOPNOTSUPP:
		return "not supported by this kernel";
	case EPERM:
		return "not permitted";
	}
	return "unknown error";
}

/**
 * _stp_site_failed - report a site that could not be registered
 * @site: the site
 * @err: the negative errno
 *
 * Context: start (process context).
 * Return: 0 when the site is optional (a WARNING was sent) and the start
 * goes on; @err after an ERROR record otherwise.
 */
int _stp_site_failed(const struct stp_probe_site *site, int err)
{
	_stp_core_msg(site->optional ? STP_REC_WARNING : STP_REC_ERROR,
		      "probe %s registration error (rc %d: %s)", site->pp,
		      err, _stp_errno_text(err));
	return site->optional ? 0 : err;
}
