/* SPDX-License-Identifier: GPL-2.0-or-later */
/* visit.h - one walker over the tree, which walks by default.
 *
 * A pass fills a struct stp_visit_ops with callbacks for the node kinds
 * it cares about and leaves the rest NULL: a NULL callback means "walk
 * this node's children", so a pass reads as its few cases and a node
 * kind added to ast.h is walked everywhere once visit.c knows its
 * children.  A callback decides whether the walk goes on into the
 * node's children (STP_WALK_CHILDREN) or not (STP_WALK_SKIP: it walked
 * what it wanted itself, with the functions below, e.g. to count loops
 * around the body).
 *
 * The pass's own state goes in a struct that embeds struct stp_visitor
 * (first, by convention); callbacks get back to it with container_of.
 *
 * visit.c is the one place that knows each node's children (the parser
 * measures depths with it too), and with the printers, the typing of
 * expressions and the translators the only places that list every node
 * kind; those list them in switches wrapped in STP_EXHAUSTIVE_BEGIN/END
 * (or STP_EXHAUSTIVE_FILE), where a kind without a case fails the build.
 * See doc/internals/parser.md, "Walking the tree".
 *
 * Recursion follows the tree's depth, which the parser bounds
 * (STP_MAX_DEPTH); lists (block bodies, arguments) are iterated.
 */
#ifndef STP_VISIT_H
#define STP_VISIT_H

#include <stddef.h>

#include "ast.h"

enum stp_walk {
	STP_WALK_CHILDREN,	/* go on into the node's children */
	STP_WALK_SKIP,		/* the callback did what the node needs */
};

struct stp_visitor;

typedef enum stp_walk stp_visit_expr_fn(struct stp_visitor *v,
					struct stp_expr *e);
typedef enum stp_walk stp_visit_stmt_fn(struct stp_visitor *v,
					struct stp_stmt *s);

struct stp_visit_ops {
	/* Every expression (statement) first (NULL: none); SKIP stops
	 * there. */
	stp_visit_expr_fn *any_expr;
	stp_visit_stmt_fn *any_stmt;
	/* Then the one for the expression's or statement's kind. */
	stp_visit_expr_fn *expr[STP_E_NKINDS];
	stp_visit_stmt_fn *stmt[STP_S_NKINDS];
	/* Rewriting walks (a deep copy): called on every child before it is
	 * visited, wildcards included; what they return takes the child's
	 * place in its parent (NULL: the tree is left as it is). */
	struct stp_expr *(*rewrite_expr)(struct stp_visitor *v,
					 struct stp_expr *e);
	struct stp_stmt *(*rewrite_stmt)(struct stp_visitor *v,
					 struct stp_stmt *s);
};

struct stp_visitor {
	const struct stp_visit_ops *ops;
};

#define stp_container_of(ptr, type, member)				\
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* One node (not the ones linked after it by `next`); NULL is nothing. */
void stp_visit_expr(struct stp_visitor *v, struct stp_expr *e);
void stp_visit_stmt(struct stp_visitor *v, struct stp_stmt *s);
/* An argument or index list linked by `next`, '*' wildcards skipped. */
void stp_visit_exprs(struct stp_visitor *v, struct stp_expr *list);
/* What a NULL callback does: the node's children, in source order
 * (an IN's array before its keys). */
void stp_visit_expr_children(struct stp_visitor *v, struct stp_expr *e);
void stp_visit_stmt_children(struct stp_visitor *v, struct stp_stmt *s);

/* Around a function whose switch must name every node kind (printing,
 * typing, translating): a kind without a case there is a build error
 * (-Wswitch where the switch has no default, -Wswitch-enum where it
 * has one). */
#define STP_EXHAUSTIVE_BEGIN						\
	_Pragma("GCC diagnostic push")					\
	STP_EXHAUSTIVE_FILE
#define STP_EXHAUSTIVE_END _Pragma("GCC diagnostic pop")
/* The same for a whole file (the translators, translator/translate-*.c,
 * whose every switch over kinds must be complete). */
#define STP_EXHAUSTIVE_FILE						\
	_Pragma("GCC diagnostic error \"-Wswitch\"")			\
	_Pragma("GCC diagnostic error \"-Wswitch-enum\"")

#endif
