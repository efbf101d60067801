/* SPDX-License-Identifier: GPL-2.0-only */
/* runtime.h - the one header a generated script includes.
 *
 * It brings in everything generated code may call: the script
 * descriptor (script.h), the probe context and core services
 * (context.h), the inline hit path for the probes' own kprobe
 * pre-handlers (hit.h), arrays (map.h), statistics (stat.h), formats
 * (format.h), the language support (lang.h) and the tapset library
 * (lib.h), plus the few macros that hide kernel APIs from generated
 * code.
 */
#ifndef _STP_RUNTIME_H_
#define _STP_RUNTIME_H_

#include "stp_types.h"
#include "script.h"
#include "context.h"
#include "map.h"
#include "stat.h"
#include "format.h"
#include "lang.h"
/* lib.h (the tapset library's C side) is written separately; until it
 * exists, scripts that need none of it still build. */
#if defined(__has_include)
#if __has_include("lib.h")
#include "lib.h"
#endif
#else
#include "lib.h"
#endif

#ifdef __KERNEL__
#include "hit.h"
#include <linux/moduleparam.h>

extern const struct kernel_param_ops _stp_param_ops_s64;

/* Every scalar global is settable at load time (stap -G name=value,
 * passed by staprun as a module parameter of the same name). */
#define STP_GLOBAL_PARAM_LONG(name, var) \
	module_param_cb(name, &_stp_param_ops_s64, &(var), 0); \
	__MODULE_PARM_TYPE(name, "long")	/* modinfo lists it: staprun checks -G */
#define STP_GLOBAL_PARAM_STRING(name, var) \
	module_param_string(name, var, MAXSTRINGLEN, 0)
#else
#define STP_GLOBAL_PARAM_LONG(name, var)
#define STP_GLOBAL_PARAM_STRING(name, var)
#endif

#endif /* _STP_RUNTIME_H_ */
