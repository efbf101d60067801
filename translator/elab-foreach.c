/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab-foreach.c - calls that modify an array a foreach is iterating.
 *
 * A foreach walks a snapshot of the array's entries; a write to the same
 * array from inside the loop would change the table under the walk, so it
 * is an error.  Writes in the loop body itself are caught as names are
 * resolved (elaborate.c); a write done by a function the body calls, or
 * by anything that function calls in turn, is known only once every body
 * is resolved, which is when this walk runs. */
#include "elab-internal.h"

/* The walk (a visitor, parser/visit.h): calls, and the foreach loops
 * around them. */
struct fe_walk {
	struct stp_visitor vis;		/* first: the callbacks get it */
	struct elab *el;
	struct stp_vec arrays;		/* struct stp_var *, being iterated */
};

/* Does f, or anything it calls, write v?  Each function is looked at
 * once per walk (el->walks numbers them).  A stack of functions to
 * visit, not C recursion: call chains are as long as the script makes
 * them. */
static bool writes(struct elab *el, struct efunc *f, const struct stp_var *v)
{
	struct stp_vec todo = { 0 };
	bool found = false;
	size_t i;

	stp_vec_push(&todo, f);
	while (todo.len && !found) {
		f = todo.items[--todo.len];
		if (f->visited == el->walks)
			continue;
		f->visited = el->walks;
		if (pairset_has(&el->listed, &f->f.globals_written, v))
			found = true;
		for (i = f->f.calls.len; i-- > 0;)
			stp_vec_push(&todo, f->f.calls.items[i]);
	}
	stp_vec_free(&todo);
	return found;
}

static enum stp_walk check_call(struct stp_visitor *vis, struct stp_expr *e)
{
	struct fe_walk *w = stp_container_of(vis, struct fe_walk, vis);
	struct efunc *f = elab_fn(e);
	size_t i;

	for (i = 0; f && i < w->arrays.len; i++) {
		const struct stp_var *v = w->arrays.items[i];

		w->el->walks++;
		if (!writes(w->el, f, v))
			continue;
		elab_report(w->el, STP_SEV_ERROR, &e->tok->loc, e->tok->exp,
			    NULL, STP_FOREACH_MODIFIED, v->name);
		elab_note(w->el, &f->f.decl->tok->loc,
			  "'%s' is modified by function '%s' or a function "
			  "it calls", v->name, e->name);
	}
	return STP_WALK_CHILDREN;
}

static enum stp_walk enter_foreach(struct stp_visitor *vis,
				   struct stp_stmt *s)
{
	struct fe_walk *w = stp_container_of(vis, struct fe_walk, vis);
	struct stp_foreach *fe = s->fe;
	struct stp_var *v = fe->array->kind == STP_E_SYMBOL ?
			    stp_sem_var(fe->array) : NULL;
	bool global = v && v->scope == STP_VAR_GLOBAL;

	/* the loop's own head runs before the iteration starts */
	stp_visit_expr(vis, fe->array);
	stp_visit_exprs(vis, fe->slice);
	stp_visit_expr(vis, fe->limit);
	if (global)
		stp_vec_push(&w->arrays, v);
	stp_visit_stmt(vis, s->body);
	if (global)
		w->arrays.len--;
	return STP_WALK_SKIP;
}

static const struct stp_visit_ops fe_walk_ops = {
	.expr = { [STP_E_CALL] = check_call },
	.stmt = { [STP_S_FOREACH] = enter_foreach },
};

void elab_check_foreach_calls(struct elab *el)
{
	struct stp_program *prog = el->prog;
	struct fe_walk w = { { &fe_walk_ops }, el, { 0 } };
	size_t i;

	for (i = 0; i < prog->functions.len; i++) {
		const struct stp_func_info *f = prog->functions.items[i];

		stp_visit_stmt(&w.vis, f->decl->u.func.body);
	}
	for (i = 0; i < prog->probes.len; i++) {
		const struct stp_probe_info *p = prog->probes.items[i];

		stp_visit_stmt(&w.vis, p->body);
	}
	stp_vec_free(&w.arrays);
}
