/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ast.h - the parsed script: declarations, statements, expressions.
 *
 * Nodes live in the session arena.  Every node keeps the token it starts
 * at (tok) so later passes can point diagnostics at it.  Lists are singly
 * linked through `next`.  The tree is what pass 1 prints with -p1.
 *
 * Walks of the tree go through parser/visit.h (which alone knows each
 * node's children) or, where every kind needs its own code (printing,
 * typing, translation), through a switch the compiler checks is
 * exhaustive.  They recurse into operands and sub-statements and iterate
 * over lists.  Their recursion is bounded because the parser bounds the
 * tree: no expression or statement is deeper than STP_MAX_DEPTH nodes
 * (ast-build.c, E312), counting every operator of a chain like
 * 1+2+...+n, every `else if` and every enclosing statement.
 */
#ifndef STP_AST_H
#define STP_AST_H

#include <stdint.h>

#include "token.h"

/* The deepest tree the parser builds (see doc/internals/parser.md for
 * the stack it takes).  A node's depth is 1 plus its deepest child's. */
#define STP_MAX_DEPTH 1000

struct stp_expr;
struct stp_stmt;
struct stp_var;
struct stp_func_info;

/* What pass 2 learns about a node (its type, the variable or function
 * it names) is pass 2's own annotation, defined in translator/sem.h and
 * read through its accessors; a node holds only a pointer to it, NULL
 * after parsing. */
struct stp_sem;

/* -- expressions ------------------------------------------------------ */

enum stp_expr_kind {
	STP_E_NUMBER,	/* num */
	STP_E_STRING,	/* str: contents with C escapes kept */
	STP_E_SYMBOL,	/* name: variable (or array when indexed) */
	STP_E_TARGET,	/* name: $var, $$vars, $$parms, $$locals, $$return */
	STP_E_EMBEDDED,	/* str: %{ code %} used as an expression */
	STP_E_UNARY,	/* op: - + ! ~ &; a */
	STP_E_BINARY,	/* op: * / % + - . << >> & ^ |; a, b */
	STP_E_LOGICAL,	/* op: && ||; a, b */
	STP_E_COMPARE,	/* op: < > <= >= == !=; a, b */
	STP_E_REGEX,	/* op: =~ !~; a, b (a STP_E_STRING) */
	STP_E_TERNARY,	/* a ? b : c */
	STP_E_ASSIGN,	/* op: = += ... <<<; a (lvalue), b */
	STP_E_PREINC,	/* op: ++ --; a */
	STP_E_POSTINC,	/* op: ++ --; a */
	STP_E_INDEX,	/* a[args...] where a is a symbol or a histogram;
			 * an arg may be NULL for the '*' wildcard */
	STP_E_IN,	/* [args...] in a; a is a symbol or histogram */
	STP_E_CALL,	/* name(args...) */
	STP_E_ATOP,	/* name(args...): @cast @var @entry @defined @count
			 * @hist_log ... (name includes '@') */
	STP_E_MEMBER,	/* a followed by comps: ->field [index] $ $$ */
	/* a new kind goes above this line; see "Adding a node kind" in
	 * doc/internals/parser.md */
};
#define STP_E_NKINDS (STP_E_MEMBER + 1)

enum stp_comp_kind {
	STP_C_FIELD,	/* ->name */
	STP_C_INDEX,	/* [expr] */
	STP_C_PRETTY,	/* trailing $ or $$ (name holds "$" or "$$") */
};

struct stp_comp {
	enum stp_comp_kind kind;
	const struct stp_token *tok;
	const char *name;		/* FIELD, PRETTY */
	struct stp_expr *index;		/* INDEX */
	struct stp_comp *next;
};

struct stp_expr {
	enum stp_expr_kind kind;
	const struct stp_token *tok;	/* where it starts, for messages */
	const char *op;			/* operator spelling */
	const struct stp_token *op_tok;	/* binary and assignment operators:
					 * the operator itself (run-time error
					 * locations point at it) */
	const char *name;		/* SYMBOL TARGET CALL ATOP */
	const char *str;		/* STRING EMBEDDED */
	int64_t num;			/* NUMBER */
	struct stp_expr *a, *b, *c;	/* operands */
	struct stp_expr *args;		/* CALL ATOP INDEX IN: linked by next */
	struct stp_comp *comps;		/* MEMBER */
	int nargs;			/* length of args */
	struct stp_expr *next;		/* in an argument list */
	unsigned wildcard : 1;		/* a '*' placeholder in an index list */
	unsigned parenthesized : 1;	/* written inside ( ) */
	unsigned bracketed : 1;		/* IN written as [keys] in arr */
	unsigned as_value : 1;		/* a histogram written where a value
					 * is expected (checked after parsing) */
	int depth;			/* pass 1: height of this subtree */
	struct stp_sem *sem;		/* pass 2 (translator/sem.h) */
};

/* An argument or index list while it is being built. */
struct stp_list {
	struct stp_expr *head;
	struct stp_expr *tail;
	int n;
};

/* -- statements ------------------------------------------------------- */

enum stp_stmt_kind {
	STP_S_BLOCK,	/* { body } */
	STP_S_NULL,	/* ; */
	STP_S_EXPR,	/* e; */
	STP_S_IF,	/* if (e) then else els */
	STP_S_WHILE,	/* while (e) body */
	STP_S_FOR,	/* for (init; e; incr) body; each part may be NULL */
	STP_S_FOREACH,	/* see stp_foreach */
	STP_S_BREAK,
	STP_S_CONTINUE,
	STP_S_NEXT,
	STP_S_RETURN,	/* return [e] */
	STP_S_DELETE,	/* delete e */
	STP_S_TRY,	/* try body catch [(catch_var)] els */
	/* a new kind goes above this line (doc/internals/parser.md) */
};
#define STP_S_NKINDS (STP_S_TRY + 1)

/* A key variable of foreach, with its optional sort direction. */
struct stp_foreach_key {
	const struct stp_token *tok;
	const char *name;
	int sort;			/* 0, '+' or '-' */
	struct stp_foreach_key *next;
	struct stp_sem *sem;		/* pass 2: the variable */
};

struct stp_foreach {
	struct stp_foreach_key *keys;	/* [a, b-, c] */
	int nkeys;
	int bracketed;			/* keys were written in [ ] */
	struct stp_foreach_key *value;	/* v = ... (or NULL), with its sort */
	struct stp_expr *array;		/* symbol or histogram ATOP */
	struct stp_expr *slice;		/* arr[*, 2]: index list or NULL */
	int array_sort;			/* arr+ / arr- : 0, '+' or '-' */
	const char *sort_aggr;		/* arr @sum- : sort by this statistic */
	struct stp_expr *limit;		/* limit N or NULL */
};

struct stp_stmt {
	enum stp_stmt_kind kind;
	const struct stp_token *tok;
	struct stp_expr *e;		/* EXPR IF WHILE FOR RETURN DELETE */
	struct stp_expr *init, *incr;	/* FOR */
	struct stp_stmt *body;		/* BLOCK (list), loops, IF then, TRY */
	struct stp_stmt *els;		/* IF else, TRY catch block */
	const char *catch_var;		/* TRY: catch (name) */
	struct stp_foreach *fe;		/* FOREACH */
	struct stp_sem *sem;		/* pass 2: TRY's catch variable */
	int depth;			/* pass 1: height of this subtree,
					 * expressions included */
	struct stp_stmt *next;		/* in a block */
};

/* -- declarations ------------------------------------------------------ */

/* One dotted piece of a probe point: name or name(arg). */
struct stp_component {
	const struct stp_token *tok;
	const char *name;		/* may contain '*' wildcards */
	struct stp_expr *arg;		/* NUMBER or STRING literal, or NULL */
	struct stp_component *next;
};

/* Alternatives of component sequences while parsing `{a,b}.c`. */
struct stp_seqs {
	struct stp_component **seq;	/* each a linked list of components */
	unsigned char *mark;		/* per sequence: 0, '?' or '!' */
	size_t n;
};

struct stp_probe_point {
	const struct stp_token *tok;
	struct stp_component *comps;
	int alias_op;			/* alias names: '=' or '+' (for +=) */
	unsigned optional : 1;		/* trailing '?' */
	unsigned sufficient : 1;	/* trailing '!' */
	struct stp_expr *cond;		/* if (cond) or NULL */
	struct stp_probe_point *next;
};

enum stp_alias_kind {
	STP_PROBE_PLAIN,	/* probe points { body } */
	STP_PROBE_ALIAS,	/* probe name = points { prologue body } */
	STP_PROBE_EPILOGUE,	/* probe name += points { epilogue body } */
};

struct stp_probe {
	enum stp_alias_kind kind;
	struct stp_probe_point *name;	/* alias names (ALIAS, EPILOGUE), each
					 * with its alias_op */
	struct stp_probe_point *points;	/* what it probes */
	struct stp_stmt *body;		/* a BLOCK */
	struct stp_stmt *epilogue;	/* ALIAS: `{ prologue }, { epilogue }` */
};

enum stp_type {
	STP_T_UNKNOWN,	/* not written: inferred later */
	STP_T_LONG,
	STP_T_STRING,
};

struct stp_param {
	const struct stp_token *tok;
	const char *name;
	enum stp_type type;
	struct stp_param *next;
};

struct stp_function {
	const char *name;
	enum stp_type type;		/* return type, if written */
	struct stp_param *params;
	int nparams;
	struct stp_stmt *body;		/* a BLOCK, or NULL with embedded */
	const char *embedded;		/* %{ code %} body */
	const struct stp_token *embedded_tok;	/* its %{ */
	/* Hints of embedded C (doc/language.md "Hints of embedded C"):
	 * pragma:key16 EXPR, the C expression of its value as a 16-byte
	 * key read in place; NULL if it has none. */
	const char *key16;
	unsigned is_private : 1;
};

struct stp_global {
	const char *name;
	struct stp_expr *init;		/* literal initial value or NULL */
	int64_t size;			/* [N] maximum entries, 0 if unset */
	unsigned is_array : 1;		/* declared with [N] */
	unsigned wrap : 1;		/* % wrap-around */
	unsigned is_private : 1;
};

enum stp_decl_kind {
	STP_D_PROBE,
	STP_D_FUNCTION,
	STP_D_GLOBAL,
	STP_D_EMBEDDED,	/* top-level %{ %} */
};

struct stp_decl {
	enum stp_decl_kind kind;
	const struct stp_token *tok;
	union {
		struct stp_probe probe;
		struct stp_function func;
		struct stp_global global;
		const char *embedded;
	} u;
	struct stp_decl *next;
};

/* One parsed file. */
struct stp_file {
	const struct stp_source *src;
	struct stp_decl *decls;		/* in source order */
	struct stp_decl **tail;		/* where the next decl is linked */
};

#endif
