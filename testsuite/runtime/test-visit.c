// SPDX-License-Identifier: GPL-2.0-or-later
/* test-visit.c - unit tests of the tree walker (parser/visit.c): with no
 * callbacks it reaches every node of every kind (a child missing from
 * visit.c shows as a count too low), a callback that skips stops the
 * walk there, a list walk leaves '*' out, and a rewriting walk (a deep
 * copy, as elab-alias.c makes) shares no node with the original and
 * prints the same. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "parse.h"
#include "print.h"
#include "visit.h"

static const struct stp_pp_env env = {
	.kernel_v = "6.1.0", .kernel_vr = "6.1.0-0-test", .arch = "x86_64",
	.runtime = "kernel", .systemtap_v = "4.8", .privilege = "stapdev",
	.guru_mode = 1,		/* the script has %{ %} */
};

/* Every construct: each expression and statement kind, a MEMBER with
 * an index component, a foreach with slice and limit, '*' in an index. */
static const char script[] =
	"global a, h\n"
	"probe begin {\n"
	"  x = 1 + -2 * (y = \"s\" . \"t\")\n"
	"  if (x < 3 && !(x =~ \"r\")) x++ else --x\n"
	"  while (x) { break }\n"
	"  for (i = 0; i < 2; i++) continue\n"
	"  foreach ([k, l] in a[*, 1] limit 5) { next }\n"
	"  z = x ? a[1, 2] : [1, 2] in a\n"
	"  h <<< f(x)\n"
	"  println(@count(h))\n"
	"  w = $p->f[x + 1]\n"
	"  e = %{ 1 %}\n"
	"  delete a[1, 2]\n"
	"  try { ; } catch (m) { }\n"
	"}\n"
	"function f(n) { return n }\n";

struct counter {
	struct stp_visitor vis;
	int expr[STP_E_NKINDS], stmt[STP_S_NKINDS];
	int wildcards;
};

static enum stp_walk count_expr(struct stp_visitor *v, struct stp_expr *e)
{
	struct counter *c = stp_container_of(v, struct counter, vis);

	c->expr[e->kind]++;
	c->wildcards += e->wildcard;
	return STP_WALK_CHILDREN;
}

static enum stp_walk skip_stmt(struct stp_visitor *v, struct stp_stmt *s)
{
	return STP_WALK_SKIP;
}

static void walk_file(struct stp_visitor *v, struct stp_file *f)
{
	struct stp_decl *d;

	for (d = f->decls; d; d = d->next)
		if (d->kind == STP_D_PROBE)
			stp_visit_stmt(v, d->u.probe.body);
		else if (d->kind == STP_D_FUNCTION)
			stp_visit_stmt(v, d->u.func.body);
}

/* Every statement counted by kind: a statement callback for each. */
static enum stp_walk count_stmt(struct stp_visitor *v, struct stp_stmt *s)
{
	stp_container_of(v, struct counter, vis)->stmt[s->kind]++;
	return STP_WALK_CHILDREN;
}

static struct stp_visit_ops count_ops = { .any_expr = count_expr };

/* The rewriting walk: every node copied, the originals remembered. */
struct copier {
	struct stp_visitor vis;
	struct stp_arena *arena;
	struct stp_vec originals;
};

static struct stp_expr *copy_expr(struct stp_visitor *v, struct stp_expr *e)
{
	struct copier *c = stp_container_of(v, struct copier, vis);
	struct stp_expr *n = stp_arena_alloc(c->arena, sizeof(*n));
	struct stp_comp **p;

	*n = *e;
	for (p = &n->comps; *p; p = &(*p)->next) {
		struct stp_comp *k = stp_arena_alloc(c->arena, sizeof(*k));

		*k = **p;
		*p = k;
	}
	stp_vec_push(&c->originals, e);
	return n;
}

static struct stp_stmt *copy_stmt(struct stp_visitor *v, struct stp_stmt *s)
{
	struct copier *c = stp_container_of(v, struct copier, vis);
	struct stp_stmt *n = stp_arena_alloc(c->arena, sizeof(*n));

	*n = *s;
	if (s->fe) {
		n->fe = stp_arena_alloc(c->arena, sizeof(*n->fe));
		*n->fe = *s->fe;
	}
	stp_vec_push(&c->originals, s);
	return n;
}

static const struct stp_visit_ops copy_ops = {
	.rewrite_expr = copy_expr,
	.rewrite_stmt = copy_stmt,
};

/* Is any node of the copy one of the originals? */
struct sharing {
	struct stp_visitor vis;
	const struct stp_vec *originals;
	int shared, seen;
};

static bool is_original(struct sharing *s, const void *node)
{
	size_t i;

	s->seen++;
	for (i = 0; i < s->originals->len; i++)
		if (s->originals->items[i] == node)
			return true;
	return false;
}

static enum stp_walk share_expr(struct stp_visitor *v, struct stp_expr *e)
{
	struct sharing *s = stp_container_of(v, struct sharing, vis);

	s->shared += is_original(s, e);
	return STP_WALK_CHILDREN;
}

static enum stp_walk share_stmt(struct stp_visitor *v, struct stp_stmt *st)
{
	struct sharing *s = stp_container_of(v, struct sharing, vis);

	s->shared += is_original(s, st);
	return STP_WALK_CHILDREN;
}

static char *printed(const struct stp_stmt *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	stp_print_stmt(f, s);
	fclose(f);
	return buf;
}

int main(void)
{
	struct stp_arena arena;
	struct stp_diag diag;
	struct stp_parse_ctx ctx = { 0 };
	struct counter c = { .vis = { &count_ops } };
	struct stp_visit_ops skip_ops = { .any_expr = count_expr };
	struct counter none = { .vis = { &skip_ops } };
	struct copier cp = { .vis = { &copy_ops } };
	struct stp_visit_ops share_ops = { .any_expr = share_expr };
	struct sharing sh = { .vis = { &share_ops } };
	struct stp_file *f;
	struct stp_stmt *body, *copy;
	char *before, *after;
	int k;

	stp_arena_init(&arena);
	stp_diag_init(&diag, stderr);
	ctx.arena = &arena;
	ctx.diag = &diag;
	ctx.env = &env;
	f = stp_parse(&ctx, stp_source_from_string(&ctx, "<input>", script));
	CHECK(f && !diag.errors, "the script parses");
	if (!f || diag.errors)
		return 1;

	for (k = 0; k < STP_S_NKINDS; k++)
		count_ops.stmt[k] = count_stmt;
	walk_file(&c.vis, f);
	for (k = 0; k < STP_E_NKINDS; k++)
		CHECK(c.expr[k] > 0, "expression kind %d reached (%d times)",
		      k, c.expr[k]);
	for (k = 0; k < STP_S_NKINDS; k++)
		CHECK(c.stmt[k] > 0, "statement kind %d reached (%d times)",
		      k, c.stmt[k]);
	CHECK_EQ(c.expr[STP_E_NUMBER], 14, "numbers (the index inside "
		 "->f[x + 1] and the foreach limit included)");
	CHECK_EQ(c.wildcards, 0, "'*' in an index list is not visited");

	/* a skipping callback on every statement: no expression reached */
	for (k = 0; k < STP_S_NKINDS; k++)
		skip_ops.stmt[k] = skip_stmt;
	walk_file(&none.vis, f);
	for (k = 0; k < STP_E_NKINDS; k++)
		CHECK_EQ(none.expr[k], 0, "skipped statement hides its "
			 "expressions");

	/* a deep copy: no node of the original reached in the copy */
	body = f->decls->next->next->u.probe.body;
	cp.arena = &arena;
	copy = copy_stmt(&cp.vis, body);
	stp_visit_stmt_children(&cp.vis, copy);
	for (k = 0; k < STP_S_NKINDS; k++)
		share_ops.stmt[k] = share_stmt;
	sh.originals = &cp.originals;
	stp_visit_stmt(&sh.vis, copy);
	CHECK(sh.seen > 50, "the copy has its nodes (%d)", sh.seen);
	CHECK_EQ(sh.shared, 0, "nodes the copy shares with the original");
	before = printed(body);
	after = printed(copy);
	CHECK(before && after && !strcmp(before, after),
	      "the copy prints as the original");
	free(before);
	free(after);

	stp_vec_free(&cp.originals);
	stp_arena_free(&arena);
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed != 0;
}
