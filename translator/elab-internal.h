/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab-internal.h - state shared by the pass-2 units (elaborate.c,
 * elab-index.c, elab-alias.c, elab-types.c, elab-print.c, elab-list.c).
 *
 * Pass 2 works in three steps: collect declarations (the user file, then
 * tapset files as they are needed), resolve every body (names to
 * variables and functions, aliases expanded into probes), then infer
 * types to a fixpoint and check them.  The public structures of
 * program.h are embedded first in the private ones below, so a
 * struct stp_var * handed to pass 3 is also a struct evar *.
 */
#ifndef STP_ELAB_INTERNAL_H
#define STP_ELAB_INTERNAL_H

#include <stdbool.h>

#include "elaborate.h"
#include "hash.h"
#include "visit.h"

/* A variable with what only pass 2 needs. */
struct evar {
	struct stp_var v;			/* first: the public view */
	const struct stp_token *type_tok;	/* where its type was learnt */
	const struct stp_token *keys_tok;	/* where its key count was set */
	const struct stp_source *file;		/* globals: declaring file */
	bool indexed_known;			/* nkeys settled by a use */
	bool too_many_keys_reported;		/* E433 given once */
	bool type_moot;			/* a key of a foreach with E433:
					 * its type cannot be known, no E423 */
	bool hist_set;				/* hist_* fields hold a value */
	bool read_back;				/* read other than by its own
						 * update (x++, x += e), or
						 * deleted: not auto-printed */
};

/* A function with what only pass 2 needs. */
struct efunc {
	struct stp_func_info f;			/* first: the public view */
	const struct stp_source *src;
	const struct stp_token *ret_tok;	/* where its type was learnt */
	bool queued;				/* body resolved or queued */
	bool used;				/* reached from a probe */
	bool bare_return;			/* has `return;` */
	bool in_prog;				/* in prog->functions */
	bool on_stack;				/* find_cycles: stacked */
	unsigned visited;			/* walk that saw it last
						 * (elab.walks) */
	unsigned dfs_num, dfs_low;		/* find_cycles; 0: not seen */
	struct efunc *next_same;		/* same name, other file */
	struct stp_vec refusals;		/* struct stp_refusal *: the
						 * program's if it is used */
};

/* One frame of locals: a probe body or a function body. */
struct frame {
	struct stp_vec *locals;			/* struct evar *: the probe's
						 * or the function's */
	struct efunc *fn;			/* NULL: a probe */
	struct stp_probe_info *probe;		/* NULL: a function */
	bool is_return;				/* probe on a .return point */
};

/* A probe alias definition: one name of one alias declaration. */
struct ealias {
	const struct stp_decl *decl;
	const struct stp_probe_point *name;
	const struct stp_source *src;
	struct ealias *next_first;		/* next of the same first
						 * name component */
};

/* The aliases whose name starts with one component name, in order. */
struct alias_bucket {
	struct ealias *head, **tail;
};

/* A tapset file known from the index. */
struct tfile {
	char *path;				/* malloc */
	char **names;				/* malloc: defined names */
	size_t nnames;
	bool loaded;
};

struct elab {
	const struct stp_elab_req *req;
	struct stp_arena *arena;
	struct stp_diag *diag;
	struct stp_program *prog;

	struct strmap globals;			/* name -> struct evar * (chain
						 * of privates kept in gprivate) */
	struct stp_vec gprivate;		/* struct evar *, private ones */
	struct strmap funcs;			/* name -> struct efunc * chain */
	struct pairset listed;			/* (list, item) pairs that
						 * vpush_unique pushed */
	unsigned walks;				/* call graph walks */
	struct stp_vec aliases;			/* struct ealias * */
	struct strmap alias_first;		/* first name component ->
						 * struct alias_bucket * */
	struct stp_vec bodies;			/* struct efunc * to resolve */
	size_t bodies_done;
	struct stp_vec allfuncs;		/* struct efunc *, every one */
	struct stp_vec probes_todo;		/* struct stp_decl * of plain
						 * probes (user + tapsets) */
	struct stp_vec probe_srcs;		/* their sources, same order */

	/* the tapset index */
	struct tfile *tfiles;
	size_t ntfiles;
	struct strmap index;			/* name -> struct tfile * */
	bool indexed;

	/* type inference */
	int changed;
	int report;				/* final pass: report errors */
	struct efunc *cur_fn;			/* function being typed */
	struct stp_probe_info *cur_probe;	/* probe being typed */
	int loop_depth;
	struct stp_vec foreach_arrays;		/* struct evar * being iterated */
	struct stp_vec probe_srcs2;		/* per prog->probes: source */

	/* diagnostics already given (elab-report.c) */
	struct strmap reported;			/* "code:src:line:col" keys */
	bool muted;				/* last report was a repeat */
};

/* A node's annotation for pass 2 to fill in, made on first use (n is
 * a struct stp_expr, stp_stmt or stp_foreach_key). */
struct stp_sem *elab_new_sem(struct elab *el);
#define elab_sem(el, n)							\
	({								\
		__typeof__(n) n_ = (n);					\
		n_->sem ? n_->sem : (n_->sem = elab_new_sem(el));	\
	})

/* A node's variable or function, in pass 2's own view. */
#define elab_var(n) ((struct evar *)stp_sem_var(n))
#define elab_fn(n) ((struct efunc *)stp_sem_fn(n))

/* elab-report.c: pass 2's diagnostics, each (code, place) once - an
 * alias body cloned into several probes would repeat its errors - and
 * the notes of a dropped one dropped with it. */
void elab_report(struct elab *el, enum stp_severity sev,
		 const struct stp_loc *loc, const struct stp_expansion *exp,
		 const char *hint, enum stp_diag_code code, ...);
void elab_vreport(struct elab *el, enum stp_severity sev,
		  const struct stp_loc *loc, const struct stp_expansion *exp,
		  const char *hint, enum stp_diag_code code, va_list ap);
void elab_note(struct elab *el, const struct stp_loc *loc,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* elaborate.c */
int elab_run(struct elab *el, const struct stp_elab_req *req,
	     struct stp_program *prog);
void elab_free(struct elab *el);
/* Free the vectors of a program stp_elaborate filled (the nodes are in
 * the arena). */
void stp_program_free(struct stp_program *prog);
const char *elab_type_name(enum stp_vtype t);
/* The global `name` seen from file `from` (a tapset's, loaded on
 * demand), or NULL. */
struct evar *elab_find_global(struct elab *el, const char *name,
			      const struct stp_source *from);
void elab_add_file(struct elab *el, const struct stp_file *file);
/* The bucket of aliases whose name starts with `first` (made empty if
 * there is none yet, so that aliases loaded later land in it). */
struct alias_bucket *elab_alias_bucket(struct elab *el, const char *first);

/* elab-index.c: tapset index and on-demand loading */
void elab_index(struct elab *el);
/* Load the files defining `name` (a function, global or alias name);
 * returns how many were newly loaded. */
int elab_load_name(struct elab *el, const char *name);
/* Load the files defining alias names matching the probe point prefix
 * `pt` (wildcards allowed). */
int elab_load_aliases(struct elab *el, const struct stp_probe_point *pt);
void elab_index_free(struct elab *el);

/* elab-alias.c: probe points to probes */
void elab_expand_probe(struct elab *el, const struct stp_decl *d,
		       const struct stp_source *src);
bool elab_glob(const char *pat, const char *s);
struct stp_stmt *elab_clone_stmt(struct elab *el, const struct stp_stmt *s);

/* elaborate.c: symbol resolution of one body */
void elab_resolve_body(struct elab *el, struct frame *fr,
		       struct stp_stmt *body, const struct stp_source *src);
/* The definition of name visible from `from` taking nargs arguments
 * (any arity: -1), else another visible one (the caller reports the
 * arity error), else NULL. */
struct efunc *elab_find_func(struct elab *el, const char *name,
			     const struct stp_source *from, int nargs);

/* elaborate.c: a probe's global lists in final form, and its index */
void elab_finish_probe(struct stp_probe_info *p, size_t index);

/* elab-autoprint.c: end probes printing the user's write-only globals
 * (after types are inferred); returns how many were added. */
int elab_autoprint(struct elab *el);

/* elab-foreach.c: E417 for calls that (transitively) write an array a
 * foreach around them iterates; after finish_program. */
void elab_check_foreach_calls(struct elab *el);

/* elab-types.c */
bool elab_is_print(const char *name);
/* How many of a print built-in's `nargs` arguments are values (not
 * printf's format or printd's delimiter); -1 for another name. */
int elab_print_values(const char *name, int nargs);
bool elab_is_stat_op(const char *name);	/* @count ... @hist_linear */
void elab_infer_types(struct elab *el);

#endif
