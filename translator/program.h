/* SPDX-License-Identifier: GPL-2.0-or-later */
/* program.h - the elaborated program: pass 2's output, pass 3's input.
 *
 * Pass 2 (elaborate.c and friends) takes the user's parsed file, pulls in
 * the tapset files it needs, expands aliases, resolves every name to a
 * struct stp_var or struct stp_func_info, infers every type, resolves
 * probe points into sites, and annotates the AST (sem.h: each node's
 * `sem` pointer, read through the stp_sem_*() accessors).  Pass 3 (translate.c) walks only this structure.
 * Everything lives in the session arena.
 */
#ifndef STP_PROGRAM_H
#define STP_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "probe-points.h"
#include "sem.h"

/* Keys an array can have: the runtime's maps hold this many
 * (STP_MAP_MAX_KEYS, checked equal in elab-types.c), as SystemTap 4.8's
 * do (more fail its pass 4); a use with more is E433. */
#define STP_MAX_KEYS 9

enum stp_var_scope {
	STP_VAR_GLOBAL,
	STP_VAR_LOCAL,		/* of a probe or function */
	STP_VAR_PARAM,		/* function parameter */
};

/* Statistics operators a stats variable is used with (bit set). */
enum stp_stat_op {
	STP_STAT_COUNT = 1 << 0,
	STP_STAT_SUM = 1 << 1,
	STP_STAT_MIN = 1 << 2,
	STP_STAT_MAX = 1 << 3,
	STP_STAT_AVG = 1 << 4,
	STP_STAT_VARIANCE = 1 << 5,
	STP_STAT_HIST_LOG = 1 << 6,
	STP_STAT_HIST_LINEAR = 1 << 7,
};

struct stp_var {
	const char *name;
	enum stp_var_scope scope;
	enum stp_vtype type;		/* the value's type */
	int nkeys;			/* 0: scalar; 1..STP_MAX_KEYS: array */
	enum stp_vtype key_types[STP_MAX_KEYS];
	const struct stp_token *tok;	/* declaration, or first use */
	const struct stp_global *global;	/* GLOBAL: its declaration */
	int64_t max_entries;		/* global a[N]: N; else 0 */
	bool wrap;			/* global a%[N] */
	int index;			/* globals: 0..n-1 in program order;
					 * locals: 0..n-1 in their frame */
	unsigned stat_ops;		/* enum stp_stat_op bits */
	int64_t hist_start, hist_stop, hist_interval;	/* @hist_linear */
	int variance_shift;		/* @variance(x, N) */
	bool read, written;		/* used so (anywhere) */
	bool from_tapset;		/* declared in a tapset file */
	bool is_private;
};

struct stp_func_info {
	const char *name;
	const struct stp_decl *decl;	/* STP_D_FUNCTION */
	const char *file;		/* source name it is defined in */
	enum stp_vtype ret;
	struct stp_var **params;	/* nparams entries */
	int nparams;
	struct stp_vec locals;		/* struct stp_var *, params excluded */
	struct stp_vec globals_read;	/* struct stp_var *, direct uses */
	struct stp_vec globals_written;
	struct stp_vec calls;		/* struct stp_func_info *, direct */
	int index;			/* 0..n-1 among used functions */
	bool embedded;			/* body is %{ %} C */
	bool from_tapset;
	bool recursive;			/* reaches itself through calls */
};

/* One @entry(expr) in a return probe: evaluated at function entry,
 * saved per invocation, read on return. */
struct stp_entry_slot {
	struct stp_expr *expr;		/* the operand */
	enum stp_vtype type;
	int index;			/* the ATOP node's stp_sem_slot() */
};

struct stp_probe_info {
	const struct stp_decl *decl;	/* the user's (or tapset's) probe */
	struct stp_stmt *body;		/* a BLOCK: alias prologues, the
					 * body, epilogues, in order */
	struct stp_expr *cond;		/* probe ... if (cond), or NULL */
	struct stp_vec sites;		/* struct stp_site *, >= 1 */
	struct stp_vec locals;		/* struct stp_var * */
	struct stp_vec entry_slots;	/* struct stp_entry_slot * */
	/* Globals used by the body and everything it calls, sorted by
	 * index, each at most once per list; one both read and written is
	 * in both.  For statistics, <<< is the write and extraction
	 * (@count, foreach, print(@hist_log(...))) the read. */
	struct stp_vec globals_read;
	struct stp_vec globals_written;
	int index;
};

/* What pass 2 accepts and pass 3 refuses, at SystemTap's pass: break or
 * continue outside a loop, @perf outside a perf probe. */
struct stp_refusal {
	const struct stp_token *tok;
	int code;			/* enum stp_diag_code */
	const char *what;		/* the message's argument */
};

struct stp_program {
	struct stp_vec globals;		/* struct stp_var *, by index */
	struct stp_vec functions;	/* struct stp_func_info *, used only */
	struct stp_vec probes;		/* struct stp_probe_info * */
	struct stp_vec embedded;	/* top-level %{ %} (const char *) of
					 * the user file and used tapsets */
	struct stp_vec tapset_files;	/* names of tapset files elaborated */
	/* struct stp_refusal *: in the probes and used functions */
	struct stp_vec refusals;
	const struct stp_file *user;	/* the user's script */
};

#endif
