/* SPDX-License-Identifier: GPL-2.0-only */
/* probe_kinds.h - the probe families and the kinds of concrete probe
 * site, as enums made from the table probe_families.h.
 *
 * Shared by the translator (which resolves script probe points into
 * sites) and the runtime (which binds each site to a kernel mechanism).
 * No dependencies: included from user space and from kernel code.
 */
#ifndef _STP_PROBE_KINDS_H_
#define _STP_PROBE_KINDS_H_

enum stp_family {
	STP_FAMILY_NONE,
#define STP_FAMILY(name, NAME, ...) STP_FAMILY_##NAME,
#include "probe_families.h"
	STP_NFAMILIES
};

enum stp_site_kind {
	STP_SITE_NONE,
#define STP_KIND(NAME, KIND) STP_SITE_##KIND,
#include "probe_families.h"
	STP_NKINDS
};

/* The family a kind of site belongs to. */
static inline enum stp_family stp_kind_family(enum stp_site_kind kind)
{
	switch (kind) {
#define STP_KIND(NAME, KIND) case STP_SITE_##KIND: return STP_FAMILY_##NAME;
#include "probe_families.h"
	default:
		return STP_FAMILY_NONE;
	}
}

#endif /* _STP_PROBE_KINDS_H_ */
