/* SPDX-License-Identifier: GPL-2.0-only */
/* stp_types.h - what every runtime unit includes first.
 *
 * The runtime is kernel code (compiled into each module by kbuild).  Its
 * pure-logic units (statistics, formatting, maps) are also compiled on the
 * host for unit tests; there, stp_host.h stands in for the few kernel
 * headers they use.  Units must not use anything else from the kernel.
 */
#ifndef _STP_TYPES_H_
#define _STP_TYPES_H_

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/math64.h>
#include <linux/limits.h>
#else
#include "stp_host.h"
#endif

#endif /* _STP_TYPES_H_ */
