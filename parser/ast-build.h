/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ast-build.h - node builders called by the grammar's actions, and the
 * parser state they share (struct gram). */
#ifndef STP_AST_BUILD_H
#define STP_AST_BUILD_H

#include "parse.h"
#include "grammar.h"
#include "hash.h"

struct gram {
	struct stp_parse_ctx *ctx;
	struct stp_file *file;		/* what is being built */
	const struct stp_tokens *toks;	/* preprocessed input */
	size_t pos;			/* next token to hand out */
	const struct stp_token *last;	/* last token handed out */
	const struct stp_token *before_last;	/* the one before it */
	int in_function;		/* parsing a function body */
	int skip_to_sync;		/* error recovery: drop tokens until a
					 * probe/function/global/private */
	int quiet;			/* an error was reported just before:
					 * the next syntax error is its echo */
	struct stp_vec hist_values;	/* histograms used as values */
	struct strmap globals;		/* name -> its global decl */
};

int stp_gram_lex(union STP_GRAM_STYPE *lval, struct stp_span *lloc,
		 struct gram *g);
void gram_error(struct gram *g, const struct stp_token *at,
		enum stp_diag_code code, ...);
void gram_syntax_error(struct gram *g, const struct stp_token *at,
		       const char *const *expected, int n);
int gram_recover(struct gram *g, int lookahead);
/* Tokens where a declaration starts: error recovery resumes at them. */
int gram_is_sync(int kind);
/* A declaration was parsed: errors after it are new ones. */
void gram_decl_done(struct gram *g);

/* declarations */
void gram_probe(struct gram *g, const struct stp_token *tok,
		enum stp_alias_kind kind, struct stp_probe_point *name,
		struct stp_probe_point *points, struct stp_stmt *body);
/* the second body of `probe a = b { prologue }, { epilogue }` */
void gram_probe_epilogue(struct gram *g, struct stp_stmt *epilogue);
struct stp_probe_point *gram_points(struct gram *g, struct stp_seqs *s,
				    int marker, struct stp_expr *cond);
struct stp_probe_point *gram_alias_name(struct gram *g,
					struct stp_probe_point *names,
					struct stp_seqs *s, int op);
int gram_epilogue_op(struct gram *g, const struct stp_token *op);
enum stp_alias_kind gram_alias_kind(const struct stp_probe_point *names);
struct stp_comp *gram_pretty(struct gram *g, const struct stp_token *tok);
struct stp_seqs *gram_seqs_mark(struct stp_seqs *s, int marker);
struct stp_seqs *gram_seqs_one(struct gram *g, struct stp_component *c);
struct stp_seqs *gram_seqs_concat(struct gram *g, struct stp_seqs *a,
				  struct stp_seqs *b);
struct stp_seqs *gram_seqs_union(struct gram *g, struct stp_seqs *a,
				 struct stp_seqs *b);
struct stp_expr *gram_stat_shift(struct gram *g, const struct stp_token *tok,
				 struct stp_expr *e, struct stp_expr *shift);
/* Pushes the points of p onto the front of reversed, a newest-first
 * list (so it reverses p when reversed is NULL). */
struct stp_probe_point *gram_push_points(struct stp_probe_point *reversed,
					 struct stp_probe_point *p);
struct stp_probe_point *gram_append_point(struct stp_probe_point *list,
					  struct stp_probe_point *p);
struct stp_component *gram_component(struct gram *g,
				     const struct stp_token *tok,
				     struct stp_expr *arg);
void gram_function(struct gram *g, const struct stp_token *name, int type,
		   struct stp_param *params, struct stp_stmt *body,
		   int is_private);
struct stp_stmt *gram_embedded_body(struct gram *g,
				    const struct stp_token *tok);
int gram_bad_type(struct gram *g, const struct stp_token *tok);
struct stp_param *gram_param(struct gram *g, const struct stp_token *tok,
			     int type);
struct stp_param *gram_append_param(struct gram *g, struct stp_param *list,
				    struct stp_param *p);
struct stp_decl *gram_global(struct gram *g, const struct stp_token *tok,
			     struct stp_expr *init, int64_t size, int wrap);
/* Declares a `global a, b` list, given newest first. */
void gram_globals(struct gram *g, struct stp_decl *reversed, int is_private);
int64_t gram_array_size(struct gram *g, const struct stp_token *tok);
void gram_embedded_top(struct gram *g, const struct stp_token *tok);

/* statements: each builder measures the tree it makes (STP_MAX_DEPTH) */
struct stp_stmt *gram_stmt(struct gram *g, enum stp_stmt_kind kind,
			   const struct stp_token *tok);
struct stp_stmt *gram_block(struct gram *g, const struct stp_token *tok,
			    struct stp_stmt *reversed);
struct stp_stmt *gram_prepend_stmt(struct stp_stmt *list, struct stp_stmt *s);
struct stp_stmt *gram_expr_stmt(struct gram *g, struct stp_expr *e);
struct stp_stmt *gram_if(struct gram *g, const struct stp_token *tok,
			 struct stp_expr *cond, struct stp_stmt *then,
			 struct stp_stmt *els);
struct stp_stmt *gram_while(struct gram *g, const struct stp_token *tok,
			    struct stp_expr *cond, struct stp_stmt *body);
struct stp_stmt *gram_for(struct gram *g, const struct stp_token *tok,
			  struct stp_expr *init, struct stp_expr *cond,
			  struct stp_expr *incr, struct stp_stmt *body);
struct stp_stmt *gram_foreach_stmt(struct gram *g, const struct stp_token *tok,
				   struct stp_foreach *fe,
				   struct stp_stmt *body);
struct stp_stmt *gram_delete(struct gram *g, const struct stp_token *tok,
			     struct stp_expr *e);
struct stp_stmt *gram_return(struct gram *g, const struct stp_token *tok,
			     struct stp_expr *e);
struct stp_stmt *gram_try(struct gram *g, const struct stp_token *tok,
			  struct stp_stmt *body, const struct stp_token *var,
			  struct stp_stmt *handler);
struct stp_foreach *gram_foreach(struct gram *g, struct stp_foreach *fe,
				 struct stp_expr *array, struct stp_list *slice,
				 int sort, struct stp_expr *limit);
struct stp_foreach *gram_foreach_keys(struct gram *g,
				      struct stp_foreach_key *value,
				      struct stp_foreach_key *keys,
				      int bracketed);
struct stp_foreach_key *gram_key(struct gram *g, const struct stp_token *tok,
				 int sort);
struct stp_foreach_key *gram_append_key(struct stp_foreach_key *list,
					struct stp_foreach_key *k);

/* expressions */
struct stp_expr *gram_binary(struct gram *g, enum stp_expr_kind kind,
			     const struct stp_token *op, struct stp_expr *a,
			     struct stp_expr *b);
struct stp_expr *gram_ternary(struct gram *g, const struct stp_token *q,
			      struct stp_expr *c, struct stp_expr *a,
			      struct stp_expr *b);
struct stp_expr *gram_unary(struct gram *g, const struct stp_token *op,
			    struct stp_expr *a);
struct stp_expr *gram_crement(struct gram *g, enum stp_expr_kind kind,
			      const struct stp_token *op, struct stp_expr *a);
struct stp_expr *gram_in(struct gram *g, const struct stp_token *in,
			 struct stp_list *keys, struct stp_expr *array);
struct stp_expr *gram_index(struct gram *g, struct stp_expr *base,
			    struct stp_list *indexes);
struct stp_expr *gram_call(struct gram *g, const struct stp_token *name,
			   struct stp_list *args);
struct stp_expr *gram_member(struct gram *g, struct stp_expr *base,
			     struct stp_comp *comp);
struct stp_comp *gram_field(struct gram *g, const struct stp_token *tok);
struct stp_comp *gram_comp_index(struct gram *g, const struct stp_token *tok,
				 struct stp_expr *index);
struct stp_expr *gram_target(struct gram *g, const struct stp_token *tok);
struct stp_expr *gram_atop(struct gram *g, const struct stp_token *tok,
			   struct stp_list *args);
struct stp_expr *gram_hist_linear(struct gram *g, const struct stp_token *tok,
				  struct stp_expr *e, struct stp_expr *start,
				  struct stp_expr *stop, struct stp_expr *step);
struct stp_expr *gram_hist_value(struct gram *g, struct stp_expr *hist);
struct stp_expr *gram_symbol(struct gram *g, const struct stp_token *tok);
struct stp_expr *gram_number(struct gram *g, const struct stp_token *tok,
			     int negative);
struct stp_expr *gram_string(struct gram *g, const struct stp_token *tok);
struct stp_expr *gram_string_append(struct gram *g, struct stp_expr *s,
				    const struct stp_token *tok);
struct stp_expr *gram_embedded_expr(struct gram *g,
				    const struct stp_token *tok);
struct stp_expr *gram_wildcard(struct gram *g, const struct stp_token *tok);

struct stp_list *gram_list0(struct gram *g);
struct stp_list *gram_list1(struct gram *g, struct stp_expr *a);
struct stp_list *gram_list3(struct gram *g, struct stp_expr *a,
			    struct stp_expr *b, struct stp_expr *c);
struct stp_list *gram_list_add(struct gram *g, struct stp_list *l,
			       struct stp_expr *e);

/* After the parse: report histograms used as values. */
void gram_finish(struct gram *g);

#endif
