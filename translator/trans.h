/* SPDX-License-Identifier: GPL-2.0-or-later */
/* trans.h - pass 3's internal interface: the state of one translation
 * shared by the translate-*.c files (declarations, expressions,
 * statements, prints), above the emitter (emit.h).  See
 * doc/internals/translate.md for the shape of the generated C. */
#ifndef STP_TRANS_H
#define STP_TRANS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "emit.h"
#include "hash.h"
#include "program.h"
#include "translate.h"

/* One body being translated (probe, function, @entry saver). */
struct tbody {
	struct em_body em;		/* its code, frame and temporaries */
	const char *err_label;		/* where errors unwind to */
	const char *ret_label;		/* return/next */
	const char *cont_label;		/* `continue` of the innermost loop
					 * when it is not C's own, or NULL */
	const char *last_file;		/* script line of the last comment */
	unsigned last_line;
	bool in_function;
	const struct stp_func_info *fn;
	const struct stp_probe_info *probe;	/* a return probe: @entry */
	bool entry_saver;		/* evaluating @entry operands */
	struct strmap local_names;	/* C name -> how many locals have it
					 * (tx_local fills it at first use) */
	struct stp_vec local_keys;	/* local_names' keys, owned */
};

/* The last lookup of an aggregate array's element (stat_element,
 * translate-expr.c). */
struct stat_lookup {
	char *name;			/* "st1", or NULL */
	char *sig;			/* array index and key expressions */
	unsigned stmt, effects, cond;	/* when and where it was made */
};

struct tx {
	const struct stp_program *prog;
	const struct stp_translate_opts *opts;
	struct stp_diag *diag;
	int errors;
	struct sbuf decls;		/* file-scope: formats, descriptors */
	int nformats;
	int nlabels;
	bool sorted_foreach;		/* some loop needs sort buffers */
	unsigned effects;		/* calls and assignments translated:
					 * see eval_list, translate-expr.c */
	unsigned cond, nconds;		/* the condition the code runs under
					 * (tx_expr_aside), and how many */
	struct stat_lookup last_stat;
	struct tbody *b;		/* the body being emitted */
	/* translate-names.c: C names, by global / function index */
	char **gnames, **glocks, **gdescs;	/* storage, lock, descriptor */
	char **fnames;
};

/* translate.c */
void tx_error(struct tx *t, const struct stp_token *tok, enum stp_diag_code,
	      ...);

/* The current body's emitter. */
static inline struct em_body *tx_em(struct tx *t)
{
	return &t->b->em;
}

/* "file:line:col" of a token (the script's name without one). */
static inline const char *tx_loc(struct tx *t, const struct stp_token *tok)
{
	return em_loc(tok ? &tok->loc : NULL, t->opts->script_name ?
		      t->opts->script_name : "<input>");
}

/* translate-names.c: the C names of script identifiers */
void tx_name_globals(struct tx *t);
void tx_name_functions(struct tx *t);
void tx_names_free(struct tx *t);
const char *tx_global(struct tx *t, const struct stp_var *v);
const char *tx_global_lock(struct tx *t, const struct stp_var *v);
const char *tx_global_desc(struct tx *t, const struct stp_var *v);
const char *tx_func(struct tx *t, const struct stp_func_info *f);
char *tx_param(const struct stp_var *v);
char *tx_local(struct tx *t, const struct stp_var *v);
/* The storage of a scalar variable: stp_g_x or l->stp_l_x (malloc'd). */
char *tx_var(struct tx *t, const struct stp_var *v);
int tx_label(struct tx *t);

/* translate-expr.c: the C expression for e (s64 for numbers, const char *
 * for strings, "" for no value), malloc'd.  Work it needs first (keys,
 * calls, checks) goes before it, as lines of the current body; the
 * expression itself has no side effect beyond the script's own. */
char *tx_expr(struct tx *t, const struct stp_expr *e);
/* e as a statement: its value is not used. */
void tx_expr_stmt(struct tx *t, const struct stp_expr *e);
/* The n expressions of a list, left to right (a value read before a
 * later one's work is kept in a temporary); free with tx_free_list. */
char **tx_expr_list(struct tx *t, const struct stp_expr *args, int n);
void tx_free_list(char **r, int n);
/* e's expression, its work one indent deeper in *work (to be placed
 * under a condition: a loop's, an && operand's). */
char *tx_expr_aside(struct tx *t, const struct stp_expr *e,
		    struct sbuf *work);
/* "WHAT at PLACE" as a C string literal (malloc'd). */
char *tx_place_literal(struct tx *t, const char *what,
		       const struct stp_token *tok);
/* c->last_stmt = "WHAT at PLACE";  (before work that can fail) */
void tx_set_stmt(struct tx *t, const char *what, const struct stp_token *tok);
/* The key temporary of an index list, filled; wildcards ('*') set
 * their bit in *wild. */
const char *tx_keys(struct tx *t, const struct stp_expr *args, int nargs,
		    const struct stp_var *arr, unsigned *wild);
/* The folded total of a statistics operand; *desc names its descriptor. */
char *tx_stat_total(struct tx *t, const struct stp_expr *e,
		    const char **desc);
bool tx_is_string(const struct stp_expr *e);

/* translate-print.c */
bool tx_is_print(const char *name);
char *tx_print_call(struct tx *t, const struct stp_expr *e);

/* translate-stmt.c */
void tx_stmt(struct tx *t, const struct stp_stmt *s);
void tx_probe(struct tx *t, const struct stp_probe_info *p, struct sbuf *out);
void tx_function(struct tx *t, const struct stp_func_info *f,
		 struct sbuf *out);
void tx_function_proto(struct tx *t, const struct stp_func_info *f,
		       struct sbuf *out);

#endif
