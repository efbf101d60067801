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

/* Where a line of the generated C comes from in the script. */
struct stp_c_place {
	const char *file;		/* the script's file; NULL: no place */
	unsigned line, col;
	bool embedded;			/* embedded C, copied line for line */
};

/* The line map of a generated C file: entry i holds from C line
 * v[i].c_line up to the next entry's line.  Pass 4 reads a compiler
 * error's place from it, never from the C text. */
struct stp_line_map {
	struct stp_line_map_entry {
		unsigned c_line;	/* 1-based */
		struct stp_c_place at;
	} *v;
	size_t n;
};

/* Return the C source (malloc'd) and fill *map (if not NULL), or NULL
 * after reporting errors on `diag` (a construct this version cannot
 * translate is an error naming its file:line:col, never silently
 * dropped). */
char *stp_translate(const struct stp_program *prog,
		    const struct stp_translate_opts *opts,
		    struct stp_diag *diag, struct stp_line_map *map);

/* The script place of C line c_line (1-based): false if it has none.
 * In embedded C the line is the script's own line of that C line. */
bool stp_line_map_find(const struct stp_line_map *map, unsigned c_line,
		       struct stp_c_place *at);
void stp_line_map_free(struct stp_line_map *map);

/* Does -G NAME reach this global (has it a module parameter)?  Not a
 * tapset's private global, nor one named like a runtime parameter. */
bool stp_global_has_param(const struct stp_var *v);

#endif
