/* SPDX-License-Identifier: GPL-2.0-or-later */
/* trans.h - pass 3's internal interface: the emitter state shared by the
 * translate-*.c files (declarations, expressions, statements, prints).
 * See doc/internals/translate.md for the shape of the generated C. */
#ifndef STP_TRANS_H
#define STP_TRANS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "hash.h"
#include "program.h"
#include "translate.h"

/* A growing string. */
struct sbuf {
	char *s;
	size_t len, cap;
};

void sb_add(struct sbuf *b, const char *s);
void sb_addn(struct sbuf *b, const char *s, size_t n);
void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_free(struct sbuf *b);

/* Where the code of one body (probe, function, @entry saver) goes. */
struct tbody {
	struct sbuf code;		/* the statements */
	struct sbuf frame;		/* fields of its frame struct */
	const char *frame_type;		/* "struct probe_0_frame" */
	int ntemps;
	int indent;
	const char *err_label;		/* where errors unwind to */
	const char *ret_label;		/* return/next */
	bool in_function;
	const struct stp_func_info *fn;
	const struct stp_probe_info *probe;	/* a return probe: @entry */
	bool entry_saver;		/* evaluating @entry operands */
	struct strmap local_names;	/* C name -> how many locals have it
					 * (tx_local fills it at first use) */
	struct stp_vec local_keys;	/* local_names' keys, owned */
};

struct tx {
	const struct stp_program *prog;
	const struct stp_translate_opts *opts;
	struct stp_diag *diag;
	int errors;
	struct sbuf decls;		/* file-scope: formats, descriptors */
	int nformats;
	int nlabels;
	int ncalls;			/* calls emitted, for unique temp names */
	bool sorted_foreach;		/* some loop needs sort buffers */
	struct tbody *b;		/* the body being emitted */
	/* translate-names.c: C names, by global / function index */
	char **gnames, **glocks, **gdescs;	/* storage, lock, descriptor */
	char **fnames;
};

/* translate.c */
void tx_error(struct tx *t, const struct stp_token *tok, enum stp_diag_code,
	      ...);
const char *tx_loc(struct tx *t, const struct stp_token *tok);
const char *tx_temp_str(struct tx *t);
int tx_label(struct tx *t);
void tx_line(struct tx *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tx_set_stmt(struct tx *t, struct sbuf *o, const char *what,
		 const struct stp_token *tok);
char *tx_strdup_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

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

/* translate-expr.c: append the C expression for e (s64 for numbers,
 * const char * for strings) */
void tx_expr(struct tx *t, const struct stp_expr *e, struct sbuf *o);
void tx_keys(struct tx *t, const struct stp_expr *args, int nargs,
	     const struct stp_var *arr, struct sbuf *o, const char *name,
	     unsigned *wild);
void tx_stat_total(struct tx *t, const struct stp_expr *e, struct sbuf *o,
		   const char **desc);
bool tx_is_string(const struct stp_expr *e);
/* A tapset function's in-place 16-byte key expression (its embedded C
 * declares one with a stapc:key16 comment): appended to @expr (if not
 * NULL); returns its length, 0 if it has none. */
size_t tx_key16_expr(const struct stp_func_info *fn, struct sbuf *expr);

/* translate-print.c */
bool tx_is_print(const char *name);
void tx_print_call(struct tx *t, const struct stp_expr *e, struct sbuf *o);
void tx_c_string(struct sbuf *o, const char *s, size_t n);
char *tx_unescape(const char *s, size_t *len);

/* translate-stmt.c */
void tx_stmt(struct tx *t, const struct stp_stmt *s);
void tx_probe(struct tx *t, const struct stp_probe_info *p, struct sbuf *out);
void tx_function(struct tx *t, const struct stp_func_info *f,
		 struct sbuf *out);
void tx_function_proto(struct tx *t, const struct stp_func_info *f,
		       struct sbuf *out);

#endif
