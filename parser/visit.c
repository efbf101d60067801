/* SPDX-License-Identifier: GPL-2.0-or-later */
/* visit.c - the walker of visit.h: each node kind's children, once. */
#include "visit.h"

/* A child: rewritten first when the walk rewrites, then visited. */
static void expr_slot(struct stp_visitor *v, struct stp_expr **slot)
{
	if (!*slot)
		return;
	if (v->ops->rewrite_expr)
		*slot = v->ops->rewrite_expr(v, *slot);
	if (!(*slot)->wildcard)
		stp_visit_expr(v, *slot);
}

static void stmt_slot(struct stp_visitor *v, struct stp_stmt **slot)
{
	if (!*slot)
		return;
	if (v->ops->rewrite_stmt)
		*slot = v->ops->rewrite_stmt(v, *slot);
	stp_visit_stmt(v, *slot);
}

/* A list: each member's slot is its predecessor's `next`, read after
 * that predecessor was rewritten. */
static void expr_list(struct stp_visitor *v, struct stp_expr **slot)
{
	for (; *slot; slot = &(*slot)->next)
		expr_slot(v, slot);
}

static void stmt_list(struct stp_visitor *v, struct stp_stmt **slot)
{
	for (; *slot; slot = &(*slot)->next)
		stmt_slot(v, slot);
}

void stp_visit_exprs(struct stp_visitor *v, struct stp_expr *list)
{
	for (; list; list = list->next)
		if (!list->wildcard)
			stp_visit_expr(v, list);
}

STP_EXHAUSTIVE_BEGIN
void stp_visit_expr_children(struct stp_visitor *v, struct stp_expr *e)
{
	struct stp_comp *c;

	switch (e->kind) {
	case STP_E_NUMBER:
	case STP_E_STRING:
	case STP_E_SYMBOL:
	case STP_E_TARGET:
	case STP_E_EMBEDDED:
		break;
	case STP_E_UNARY:
	case STP_E_PREINC:
	case STP_E_POSTINC:
		expr_slot(v, &e->a);
		break;
	case STP_E_BINARY:
	case STP_E_LOGICAL:
	case STP_E_COMPARE:
	case STP_E_REGEX:
	case STP_E_ASSIGN:
		expr_slot(v, &e->a);
		expr_slot(v, &e->b);
		break;
	case STP_E_TERNARY:
		expr_slot(v, &e->a);
		expr_slot(v, &e->b);
		expr_slot(v, &e->c);
		break;
	case STP_E_INDEX:
	case STP_E_IN:
		expr_slot(v, &e->a);
		expr_list(v, &e->args);
		break;
	case STP_E_CALL:
	case STP_E_ATOP:
		expr_list(v, &e->args);
		break;
	case STP_E_MEMBER:
		expr_slot(v, &e->a);
		for (c = e->comps; c; c = c->next)
			expr_slot(v, &c->index);
		break;
	}
}

void stp_visit_stmt_children(struct stp_visitor *v, struct stp_stmt *s)
{
	switch (s->kind) {
	case STP_S_BLOCK:
		stmt_list(v, &s->body);
		break;
	case STP_S_NULL:
	case STP_S_BREAK:
	case STP_S_CONTINUE:
	case STP_S_NEXT:
		break;
	case STP_S_EXPR:
	case STP_S_RETURN:
	case STP_S_DELETE:
		expr_slot(v, &s->e);
		break;
	case STP_S_IF:
		expr_slot(v, &s->e);
		stmt_slot(v, &s->body);
		stmt_slot(v, &s->els);
		break;
	case STP_S_WHILE:
	case STP_S_FOR:
		expr_slot(v, &s->init);
		expr_slot(v, &s->e);
		expr_slot(v, &s->incr);
		stmt_slot(v, &s->body);
		break;
	case STP_S_FOREACH:
		expr_slot(v, &s->fe->array);
		expr_list(v, &s->fe->slice);
		expr_slot(v, &s->fe->limit);
		stmt_slot(v, &s->body);
		break;
	case STP_S_TRY:
		stmt_slot(v, &s->body);
		stmt_slot(v, &s->els);
		break;
	}
}
STP_EXHAUSTIVE_END

void stp_visit_expr(struct stp_visitor *v, struct stp_expr *e)
{
	stp_visit_expr_fn *fn;

	if (!e)
		return;
	if (v->ops->any_expr && v->ops->any_expr(v, e) == STP_WALK_SKIP)
		return;
	fn = v->ops->expr[e->kind];
	if (!fn || fn(v, e) == STP_WALK_CHILDREN)
		stp_visit_expr_children(v, e);
}

void stp_visit_stmt(struct stp_visitor *v, struct stp_stmt *s)
{
	stp_visit_stmt_fn *fn;

	if (!s)
		return;
	if (v->ops->any_stmt && v->ops->any_stmt(v, s) == STP_WALK_SKIP)
		return;
	fn = v->ops->stmt[s->kind];
	if (!fn || fn(v, s) == STP_WALK_CHILDREN)
		stp_visit_stmt_children(v, s);
}
