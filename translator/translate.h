/* SPDX-License-Identifier: GPL-2.0-or-later */
/* translate.h - pass 3: the elaborated program as one C file against the
 * runtime's API (runtime/runtime.h).  Generated code calls only runtime
 * functions and macros, never a kernel API. */
#ifndef STP_TRANSLATE_H
#define STP_TRANSLATE_H

#include "diag.h"
#include "program.h"

struct stp_translate_opts {
	const char *module_name;	/* -m, or "stap_<hash>" */
	const char *script_name;	/* for messages: the script's file */
	int guru;
	const char *const *defines;	/* -D NAME[=VALUE], NULL-terminated */
};

/* Return the C source (malloc'd), or NULL after reporting errors on
 * `diag` (a construct this version cannot translate is an error naming
 * its file:line:col, never silently dropped). */
char *stp_translate(const struct stp_program *prog,
		    const struct stp_translate_opts *opts,
		    struct stp_diag *diag);

/* Does -G NAME reach this global (has it a module parameter)?  Not a
 * tapset's private global, nor one named like a runtime parameter. */
bool stp_global_has_param(const struct stp_var *v);

#endif
