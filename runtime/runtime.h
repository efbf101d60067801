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

/*
 * Every scalar global is settable at load time: stap -G NAME=VALUE, which
 * staprun passes as the module parameter NAME, the script's own name.
 * The translator gives the C variable a name of its own (stp_g_NAME,
 * translator/translate-names.c) and the script's name only as a string:
 * NAME may be anything the script language takes (current, NULL, int,
 * PAGE_SIZE), and no kernel macro may ever see it as a token.
 *
 * moduleparam.h's macros cannot take the parameter's name as a string:
 * module_param_cb(name, ...) macro-expands name on the way to
 * __module_param_call(), which stringifies it (#name) for the
 * parameter's name and pastes it (__param_##name) for its C objects.  So
 * the struct kernel_param is built here from the string, in the __param
 * section the module loader reads; __MODULE_INFO(), which takes the text
 * apart from the C name, gives modinfo the "parmtype=NAME:TYPE" line that
 * staprun checks -G names against.  Permission 0: no sysfs file.  The
 * objects' names put the runtime's prefix before the variable's
 * (_stp_param_stp_g_x): a suffix (stp_g_x_param) would be the C name of
 * the script's global x_param.
 */
#define STP_PARAM_DEFINE(var, pname, ops_, member, value, type)		\
	static const char _stp_param_name_##var[] = pname;		\
	static struct kernel_param __moduleparam_const _stp_param_##var	\
	__used __section("__param")					\
	__aligned(__alignof__(struct kernel_param)) = {			\
		.name = _stp_param_name_##var, .mod = THIS_MODULE,	\
		.ops = (ops_), .perm = 0, .level = -1, .flags = 0,	\
		.member = (value) };					\
	__MODULE_INFO(parmtype, _stp_parmtype_##var, pname ":" type)

/* STP_GLOBAL_PARAM_LONG(stp_g_x, "x"): s64 global stp_g_x is -G x */
#define STP_GLOBAL_PARAM_LONG(var, pname)				\
	STP_PARAM_DEFINE(var, pname, &_stp_param_ops_s64, arg, &(var), "long")
/* STP_GLOBAL_PARAM_STRING(stp_g_s, "s"): char stp_g_s[MAXSTRINGLEN] */
#define STP_GLOBAL_PARAM_STRING(var, pname)				\
	static const struct kparam_string _stp_kparam_##var = {		\
		.maxlen = MAXSTRINGLEN, .string = (var) };		\
	STP_PARAM_DEFINE(var, pname, &param_ops_string, str,		\
			 &_stp_kparam_##var, "string")
#else
#define STP_GLOBAL_PARAM_LONG(var, pname)
#define STP_GLOBAL_PARAM_STRING(var, pname)
#endif

#endif /* _STP_RUNTIME_H_ */
