/* SPDX-License-Identifier: GPL-2.0-or-later */
/* print.c - canonical script text from the AST.
 *
 * Every node kind prints its own way, so the printers are switches
 * that name every kind (STP_EXHAUSTIVE_BEGIN, visit.h): a new kind
 * fails the build here until it has its text. */
#include "print.h"

#include <inttypes.h>
#include <string.h>

#include "visit.h"

static void expr(FILE *out, const struct stp_expr *e, int operand);
static void stmt(FILE *out, const struct stp_stmt *s, int depth);

static void indent(FILE *out, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		fputs("  ", out);
}

STP_EXHAUSTIVE_BEGIN
/* Does e need parentheses as an operand? */
static int is_compound(const struct stp_expr *e)
{
	switch (e->kind) {
	case STP_E_NUMBER:
		return e->num < 0;
	case STP_E_UNARY: case STP_E_BINARY: case STP_E_LOGICAL:
	case STP_E_COMPARE: case STP_E_REGEX: case STP_E_TERNARY:
	case STP_E_ASSIGN: case STP_E_PREINC: case STP_E_POSTINC:
	case STP_E_IN:
		return 1;
	case STP_E_STRING: case STP_E_SYMBOL: case STP_E_TARGET:
	case STP_E_EMBEDDED: case STP_E_INDEX: case STP_E_CALL:
	case STP_E_ATOP: case STP_E_MEMBER:
		return 0;
	}
	return 0;
}

static void list(FILE *out, const struct stp_expr *e)
{
	for (; e; e = e->next) {
		expr(out, e, 0);
		if (e->next)
			fputs(", ", out);
	}
}

static void comps(FILE *out, const struct stp_comp *c)
{
	for (; c; c = c->next) {
		switch (c->kind) {
		case STP_C_FIELD:
			fprintf(out, "->%s", c->name);
			break;
		case STP_C_INDEX:
			fputc('[', out);
			expr(out, c->index, 0);
			fputc(']', out);
			break;
		case STP_C_PRETTY:
			fputs(c->name, out);
			break;
		}
	}
}

static void expr(FILE *out, const struct stp_expr *e, int operand)
{
	int paren = operand && is_compound(e);

	if (paren)
		fputc('(', out);
	switch (e->kind) {
	case STP_E_NUMBER:
		fprintf(out, "%" PRId64, e->num);
		break;
	case STP_E_STRING:
		fprintf(out, "\"%s\"", e->str);
		break;
	case STP_E_SYMBOL:
	case STP_E_TARGET:
		fputs(e->name, out);
		break;
	case STP_E_EMBEDDED:
		fprintf(out, "%%{%s%%}", e->str);
		break;
	case STP_E_UNARY:
	case STP_E_PREINC:
		fputs(e->op, out);
		expr(out, e->a, 1);
		break;
	case STP_E_POSTINC:
		expr(out, e->a, 1);
		fputs(e->op, out);
		break;
	case STP_E_BINARY: case STP_E_LOGICAL: case STP_E_COMPARE:
	case STP_E_REGEX: case STP_E_ASSIGN:
		expr(out, e->a, 1);
		fprintf(out, " %s ", e->op);
		expr(out, e->b, 1);
		break;
	case STP_E_TERNARY:
		expr(out, e->a, 1);
		fputs(" ? ", out);
		expr(out, e->b, 1);
		fputs(" : ", out);
		expr(out, e->c, 1);
		break;
	case STP_E_INDEX:
		expr(out, e->a, 1);
		fputc('[', out);
		list(out, e->args);
		fputc(']', out);
		break;
	case STP_E_IN:
		fputc('[', out);
		list(out, e->args);
		fputs("] in ", out);
		expr(out, e->a, 1);
		break;
	case STP_E_CALL:
	case STP_E_ATOP:
		fprintf(out, "%s(", e->name);
		list(out, e->args);
		fputc(')', out);
		break;
	case STP_E_MEMBER:
		/* `(p)[2]` must not print as the array index `p[2]` */
		if (e->a->kind == STP_E_TARGET ||
		    (e->a->kind == STP_E_ATOP && (!strcmp(e->a->name, "@cast") ||
						  !strcmp(e->a->name, "@var")))) {
			expr(out, e->a, 1);
		} else {
			fputc('(', out);
			expr(out, e->a, 0);
			fputc(')', out);
		}
		comps(out, e->comps);
		break;
	}
	if (paren)
		fputc(')', out);
}

void stp_print_expr(FILE *out, const struct stp_expr *e)
{
	expr(out, e, 0);
}

/* A statement under if/while/for/foreach: blocks open on the same line. */
static void substmt(FILE *out, const struct stp_stmt *s, int depth)
{
	if (s->kind == STP_S_BLOCK) {
		fputc(' ', out);
		stmt(out, s, -depth - 1);
	} else {
		fputc('\n', out);
		stmt(out, s, depth + 1);
	}
}

static void sort_mark(FILE *out, int sort)
{
	if (sort)
		fputc(sort, out);
}

static void foreach(FILE *out, const struct stp_foreach *fe)
{
	const struct stp_foreach_key *k;

	fputs("foreach (", out);
	if (fe->value) {
		fputs(fe->value->name, out);
		sort_mark(out, fe->value->sort);
		fputs(" = ", out);
	}
	fputc('[', out);
	for (k = fe->keys; k; k = k->next) {
		fputs(k->name, out);
		sort_mark(out, k->sort);
		if (k->next)
			fputs(", ", out);
	}
	fputs("] in ", out);
	expr(out, fe->array, 0);
	if (fe->slice) {
		fputc('[', out);
		list(out, fe->slice);
		fputc(']', out);
	}
	if (fe->sort_aggr)
		fprintf(out, " %s", fe->sort_aggr);
	sort_mark(out, fe->array_sort);
	if (fe->limit) {
		fputs(" limit ", out);
		expr(out, fe->limit, 0);
	}
	fputc(')', out);
}

/* depth < 0: continue the current line (a block after `if (x)`), at
 * indentation -depth - 1. */
static void stmt(FILE *out, const struct stp_stmt *s, int depth)
{
	const struct stp_stmt *c;
	int d = depth < 0 ? -depth - 1 : depth;

	if (depth >= 0)
		indent(out, d);
	switch (s->kind) {
	case STP_S_BLOCK:
		fputs("{\n", out);
		for (c = s->body; c; c = c->next) {
			stmt(out, c, d + 1);
			fputc('\n', out);
		}
		indent(out, d);
		fputc('}', out);
		break;
	case STP_S_NULL:
		fputc(';', out);
		break;
	case STP_S_EXPR:
		expr(out, s->e, 0);
		fputc(';', out);
		break;
	case STP_S_IF:
		fputs("if (", out);
		expr(out, s->e, 0);
		fputc(')', out);
		substmt(out, s->body, d);
		if (s->els) {
			fputc('\n', out);
			indent(out, d);
			fputs("else", out);
			substmt(out, s->els, d);
		}
		break;
	case STP_S_WHILE:
		fputs("while (", out);
		expr(out, s->e, 0);
		fputc(')', out);
		substmt(out, s->body, d);
		break;
	case STP_S_FOR:
		fputs("for (", out);
		if (s->init)
			expr(out, s->init, 0);
		fputs("; ", out);
		if (s->e)
			expr(out, s->e, 0);
		fputs("; ", out);
		if (s->incr)
			expr(out, s->incr, 0);
		fputc(')', out);
		substmt(out, s->body, d);
		break;
	case STP_S_FOREACH:
		foreach(out, s->fe);
		substmt(out, s->body, d);
		break;
	case STP_S_BREAK:
		fputs("break;", out);
		break;
	case STP_S_CONTINUE:
		fputs("continue;", out);
		break;
	case STP_S_NEXT:
		fputs("next;", out);
		break;
	case STP_S_RETURN:
		fputs("return", out);
		if (s->e) {
			fputc(' ', out);
			expr(out, s->e, 0);
		}
		fputc(';', out);
		break;
	case STP_S_DELETE:
		fputs("delete ", out);
		expr(out, s->e, 0);
		fputc(';', out);
		break;
	case STP_S_TRY:
		fputs("try ", out);
		stmt(out, s->body, -d - 1);
		fputs(" catch ", out);
		if (s->catch_var)
			fprintf(out, "(%s) ", s->catch_var);
		stmt(out, s->els, -d - 1);
		break;
	}
}

STP_EXHAUSTIVE_END

void stp_print_point(FILE *out, const struct stp_probe_point *p)
{
	const struct stp_component *c;

	for (c = p->comps; c; c = c->next) {
		fputs(c->name, out);
		if (c->arg) {
			fputc('(', out);
			expr(out, c->arg, 0);
			fputc(')', out);
		}
		if (c->next)
			fputc('.', out);
	}
	if (p->optional)
		fputc('?', out);
	if (p->sufficient)
		fputc('!', out);
}

static void point(FILE *out, const struct stp_probe_point *p)
{
	stp_print_point(out, p);
	if (p->cond) {
		fputs(" if (", out);
		expr(out, p->cond, 0);
		fputc(')', out);
	}
}

static void points(FILE *out, const struct stp_probe_point *p)
{
	for (; p; p = p->next) {
		point(out, p);
		if (p->next)
			fputs(", ", out);
	}
}

static const char *type_name(enum stp_type t)
{
	return t == STP_T_LONG ? ":long" : t == STP_T_STRING ? ":string" : "";
}

STP_EXHAUSTIVE_BEGIN
static void decl(FILE *out, const struct stp_decl *d)
{
	const struct stp_param *p;

	switch (d->kind) {
	case STP_D_GLOBAL: {
		const struct stp_global *g = &d->u.global;

		fprintf(out, "%sglobal %s", g->is_private ? "private " : "",
			g->name);
		if (g->wrap)
			fputc('%', out);
		if (g->size)
			fprintf(out, "[%" PRId64 "]", g->size);
		if (g->init) {
			fputs(" = ", out);
			expr(out, g->init, 0);
		}
		fputc('\n', out);
		break;
	}
	case STP_D_FUNCTION: {
		const struct stp_function *f = &d->u.func;

		fprintf(out, "%sfunction %s%s(", f->is_private ? "private " : "",
			f->name, type_name(f->type));
		for (p = f->params; p; p = p->next)
			fprintf(out, "%s%s%s", p->name, type_name(p->type),
				p->next ? ", " : "");
		fputs(")\n", out);
		if (f->embedded)
			fprintf(out, "%%{%s%%}", f->embedded);
		else
			stmt(out, f->body, 0);
		fputc('\n', out);
		break;
	}
	case STP_D_PROBE: {
		const struct stp_probe *pr = &d->u.probe;
		const struct stp_probe_point *p2;

		fputs("probe ", out);
		for (p2 = pr->kind != STP_PROBE_PLAIN ? pr->name : NULL; p2;
		     p2 = p2->next) {
			point(out, p2);
			fputs(p2->alias_op == '+' ? " += " : " = ", out);
		}
		points(out, pr->points);
		fputc('\n', out);
		stmt(out, pr->body, 0);
		if (pr->epilogue) {
			fputs(",\n", out);
			stmt(out, pr->epilogue, 0);
		}
		fputc('\n', out);
		break;
	}
	case STP_D_EMBEDDED:
		fprintf(out, "%%{%s%%}\n", d->u.embedded);
		break;
	}
}

STP_EXHAUSTIVE_END

void stp_print_stmt(FILE *out, const struct stp_stmt *s)
{
	stmt(out, s, 0);
	fputc('\n', out);
}

void stp_print_file(FILE *out, const struct stp_file *file)
{
	const struct stp_decl *d;

	fprintf(out, "# parse tree dump\n# file %s\n", file->src->name);
	for (d = file->decls; d; d = d->next)
		decl(out, d);
}
