/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sem.h - pass 2's annotations of the tree: what each node turned out to
 * be (its value type, the variable or function it names).
 *
 * The parser's nodes (parser/ast.h) carry only an opaque pointer,
 * `struct stp_sem *sem`, NULL until pass 2 annotates the node; the
 * parser never sees this definition.  Pass 2 writes annotations through
 * elab_sem() (elab-internal.h), which allocates one in the session arena
 * on first use; every later reader (pass 2's own checks, pass 3) goes
 * through the stp_sem_*() accessors below, which read an unannotated
 * node as "unknown" / NULL.
 */
#ifndef STP_SEM_H
#define STP_SEM_H

#include "ttype.h"

struct stp_var;
struct stp_func_info;

/* The type of a script value. */
enum stp_vtype {
	STP_V_UNKNOWN = 0,	/* not inferred (yet) */
	STP_V_LONG,		/* 64-bit signed integer */
	STP_V_STRING,
	STP_V_STATS,		/* aggregate: only <<< and @ops */
	STP_V_VOID,		/* function returning nothing */
};

/* What pass 2 learns about one node. */
struct stp_sem {
	enum stp_vtype type;		/* expressions: the value's type */
	const struct stp_ttype *ttype;	/* the target (kernel) type of a
					 * $var or @cast value; NULL: none
					 * (no node has one yet: ttype.h) */
	struct stp_var *var;		/* SYMBOL; INDEX/IN/foreach array;
					 * a foreach key or value variable;
					 * TRY's catch variable */
	struct stp_func_info *fn;	/* CALL */
	int slot;			/* ATOP @entry: its entry slot */
};

/* Readers: n is any annotated node (struct stp_expr, stp_stmt or
 * stp_foreach_key), evaluated once. */
#define stp_sem_field(n, field, none)					\
	({								\
		const struct stp_sem *sem_ = (n)->sem;			\
		sem_ ? sem_->field : (none);				\
	})
#define stp_sem_type(n) stp_sem_field(n, type, STP_V_UNKNOWN)
#define stp_sem_ttype(n) stp_sem_field(n, ttype, NULL)
#define stp_sem_var(n) stp_sem_field(n, var, NULL)
#define stp_sem_fn(n) stp_sem_field(n, fn, NULL)
#define stp_sem_slot(n) stp_sem_field(n, slot, 0)

#endif
