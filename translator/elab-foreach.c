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

struct fe_walk {
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

static void check_call(struct fe_walk *w, const struct stp_expr *e)
{
	size_t i;

	for (i = 0; i < w->arrays.len; i++) {
		const struct stp_var *v = w->arrays.items[i];

		w->el->walks++;
		if (!writes(w->el, (struct efunc *)e->sem.fn, v))
			continue;
		elab_report(w->el, STP_SEV_ERROR, &e->tok->loc, e->tok->exp,
			    NULL, STP_FOREACH_MODIFIED, v->name);
		elab_note(w->el, &e->sem.fn->decl->tok->loc,
			  "'%s' is modified by function '%s' or a function "
			  "it calls", v->name, e->name);
	}
}

static void walk_expr(struct fe_walk *w, const struct stp_expr *e)
{
	for (; e; e = e->next) {
		if (e->kind == STP_E_CALL && e->sem.fn && w->arrays.len)
			check_call(w, e);
		walk_expr(w, e->a);
		walk_expr(w, e->b);
		walk_expr(w, e->c);
		walk_expr(w, e->args);
	}
}

static void walk_stmt(struct fe_walk *w, const struct stp_stmt *s)
{
	const struct stp_stmt *c;
	struct stp_var *v;

	if (!s)
		return;
	walk_expr(w, s->e);
	walk_expr(w, s->init);
	walk_expr(w, s->incr);
	switch (s->kind) {
	case STP_S_BLOCK:
		for (c = s->body; c; c = c->next)
			walk_stmt(w, c);
		return;
	case STP_S_FOREACH:
		walk_expr(w, s->fe->array);
		walk_expr(w, s->fe->slice);
		walk_expr(w, s->fe->limit);
		v = s->fe->array->kind == STP_E_SYMBOL ?
		    s->fe->array->sem.var : NULL;
		if (v && v->scope == STP_VAR_GLOBAL)
			stp_vec_push(&w->arrays, v);
		walk_stmt(w, s->body);
		if (v && v->scope == STP_VAR_GLOBAL)
			w->arrays.len--;
		return;
	default:
		walk_stmt(w, s->body);
		walk_stmt(w, s->els);
		return;
	}
}

void elab_check_foreach_calls(struct elab *el)
{
	struct stp_program *prog = el->prog;
	struct fe_walk w = { el, { 0 } };
	size_t i;

	for (i = 0; i < prog->functions.len; i++) {
		const struct stp_func_info *f = prog->functions.items[i];

		walk_stmt(&w, f->decl->u.func.body);
	}
	for (i = 0; i < prog->probes.len; i++) {
		const struct stp_probe_info *p = prog->probes.items[i];

		walk_stmt(&w, p->body);
	}
	stp_vec_free(&w.arrays);
}
