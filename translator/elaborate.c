/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elaborate.c - pass 2 driver: declarations, name resolution, and the
 * program pass 3 gets (globals, used functions, probes, what each reads
 * and writes).  Aliases are in elab-alias.c, types in elab-types.c, the
 * tapset index in elab-index.c. */
#include "elab-internal.h"

#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

const char *elab_type_name(enum stp_vtype t)
{
	switch (t) {
	case STP_V_LONG: return "long";
	case STP_V_STRING: return "string";
	case STP_V_STATS: return "stats";
	case STP_V_VOID: return "void";
	default: return "unknown";
	}
}

static enum stp_vtype decl_type(enum stp_type t)
{
	return t == STP_T_LONG ? STP_V_LONG :
	       t == STP_T_STRING ? STP_V_STRING : STP_V_UNKNOWN;
}

struct stp_sem *elab_new_sem(struct elab *el)
{
	return stp_arena_alloc(el->arena, sizeof(struct stp_sem));
}

/* Push p onto v unless it is there (v must outlive el). */
static void vpush_unique(struct elab *el, struct stp_vec *v, void *p)
{
	if (pairset_add(&el->listed, v, p))
		stp_vec_push(v, p);
}

/* -- declarations ---------------------------------------------------------- */

static struct evar *new_var(struct elab *el, const char *name,
			    enum stp_var_scope scope,
			    const struct stp_token *tok)
{
	struct evar *v = stp_arena_alloc(el->arena, sizeof(*v));

	v->v.name = name;
	v->v.scope = scope;
	v->v.tok = tok;
	return v;
}

static void add_global(struct elab *el, const struct stp_decl *d,
		       const struct stp_source *src)
{
	const struct stp_global *g = &d->u.global;
	struct evar *v = new_var(el, g->name, STP_VAR_GLOBAL, d->tok);

	v->v.global = g;
	v->v.max_entries = g->size;
	v->v.wrap = g->wrap;
	v->v.is_private = g->is_private;
	v->v.from_tapset = src->is_tapset;
	v->file = src;
	if (g->is_array) {
		v->v.nkeys = -1;	/* an array, key count from its uses */
	}
	if (g->init) {
		v->v.type = g->init->kind == STP_E_STRING ? STP_V_STRING :
							    STP_V_LONG;
		v->type_tok = g->init->tok;
		v->v.written = true;
		/* a scalar: `global NULL = 0` then NULL[1] is an error */
		v->indexed_known = true;
		v->v.nkeys = 0;
		v->keys_tok = g->init->tok;
	}
	if (g->is_private && src->is_tapset)
		stp_vec_push(&el->gprivate, v);
	else if (!strmap_get(&el->globals, g->name))
		strmap_put(&el->globals, g->name, v);
}

static void add_function(struct elab *el, const struct stp_decl *d,
			 const struct stp_source *src)
{
	const struct stp_function *fn = &d->u.func;
	struct efunc *f = stp_arena_alloc(el->arena, sizeof(*f)), *o;
	const struct stp_param *p;
	int i;

	f->f.name = fn->name;
	f->f.decl = d;
	f->f.file = src->name;
	f->f.ret = decl_type(fn->type);
	f->ret_tok = fn->type ? d->tok : NULL;
	f->f.embedded = fn->embedded != NULL;
	f->f.from_tapset = src->is_tapset;
	f->src = src;
	f->f.nparams = fn->nparams;
	f->f.params = stp_arena_alloc(el->arena,
				      sizeof(*f->f.params) * (fn->nparams + 1));
	for (p = fn->params, i = 0; p; p = p->next, i++) {
		struct evar *v = new_var(el, p->name, STP_VAR_PARAM, p->tok);

		v->v.type = decl_type(p->type);
		if (v->v.type)
			v->type_tok = p->tok;
		v->v.index = i;
		v->v.written = true;
		f->f.params[i] = &v->v;
	}
	o = strmap_get(&el->funcs, fn->name);
	if (!o) {
		strmap_put(&el->funcs, fn->name, f);
	} else {
		for (; o; o = o->next_same) {
			if (o->src == src && o->f.nparams == f->f.nparams) {
				elab_report(el, STP_SEV_ERROR,
						&d->tok->loc, d->tok->exp, NULL,
						STP_DUPLICATE_FUNCTION, fn->name);
				elab_note(el, &o->f.decl->tok->loc,
					      "first defined here");
				return;
			}
			if (!o->next_same) {
				o->next_same = f;
				break;
			}
		}
	}
	stp_vec_push(&el->allfuncs, f);
}

struct alias_bucket *elab_alias_bucket(struct elab *el, const char *first)
{
	struct alias_bucket *b = strmap_get(&el->alias_first, first);

	if (!b) {
		b = stp_arena_alloc(el->arena, sizeof(*b));
		b->tail = &b->head;
		strmap_put(&el->alias_first, first, b);
	}
	return b;
}

void elab_add_file(struct elab *el, const struct stp_file *file)
{
	const struct stp_decl *d;
	const struct stp_probe_point *n;
	struct alias_bucket *b;

	for (d = file->decls; d; d = d->next) {
		switch (d->kind) {
		case STP_D_GLOBAL:
			add_global(el, d, file->src);
			break;
		case STP_D_FUNCTION:
			add_function(el, d, file->src);
			break;
		case STP_D_EMBEDDED:
			stp_vec_push(&el->prog->embedded, (void *)d->u.embedded);
			break;
		case STP_D_PROBE:
			if (d->u.probe.kind == STP_PROBE_PLAIN) {
				stp_vec_push(&el->probes_todo, (void *)d);
				stp_vec_push(&el->probe_srcs, (void *)file->src);
				break;
			}
			for (n = d->u.probe.name; n; n = n->next) {
				struct ealias *a = stp_arena_alloc(el->arena,
								   sizeof(*a));

				a->decl = d;
				a->name = n;
				a->src = file->src;
				stp_vec_push(&el->aliases, a);
				b = elab_alias_bucket(el, n->comps->name);
				*b->tail = a;
				b->tail = &a->next_first;
			}
			break;
		}
	}
}

/* -- lookups ------------------------------------------------------------------ */

static bool func_visible(const struct efunc *f, const struct stp_source *from)
{
	return !f->f.decl->u.func.is_private || f->src == from;
}

struct efunc *elab_find_func(struct elab *el, const char *name,
			     const struct stp_source *from, int nargs)
{
	struct efunc *f, *any = NULL;
	int pass;

	/* overloads differ by arity; the first visible one else */
	for (pass = 0; pass < 2; pass++) {
		for (f = strmap_get(&el->funcs, name); f; f = f->next_same) {
			if (!func_visible(f, from))
				continue;
			if (f->f.nparams == nargs || nargs < 0)
				return f;
			if (!any)
				any = f;
		}
		if (pass || !elab_load_name(el, name))
			break;
	}
	return any;
}

/* "1 or 2": the arities name has for a caller in from. */
static const char *arities(struct elab *el, const char *name,
			   const struct stp_source *from, int *count)
{
	const char *s = "";
	struct efunc *f;

	*count = 0;
	for (f = strmap_get(&el->funcs, name); f; f = f->next_same) {
		if (!func_visible(f, from))
			continue;
		s = stp_arena_printf(el->arena, "%s%s%d", s,
				     !*count ? "" : f->next_same ? ", " :
				     " or ", f->f.nparams);
		++*count;
	}
	return s;
}

static struct evar *private_global(struct elab *el, const char *name,
				   const struct stp_source *from, bool any)
{
	size_t i;

	for (i = 0; i < el->gprivate.len; i++) {
		struct evar *v = el->gprivate.items[i];

		if (!strcmp(v->v.name, name) && (any || v->file == from))
			return v;
	}
	return NULL;
}

struct evar *elab_find_global(struct elab *el, const char *name,
			      const struct stp_source *from)
{
	struct evar *v = private_global(el, name, from, false);

	if (v)
		return v;
	v = strmap_get(&el->globals, name);
	if (v)
		return v;
	/* a name a tapset file defines as a global */
	if (elab_load_name(el, name)) {
		v = private_global(el, name, from, false);
		return v ? v : strmap_get(&el->globals, name);
	}
	return NULL;
}

/* -- resolving one body ------------------------------------------------------ */

/* The resolving walk (a visitor, parser/visit.h): the nodes that name
 * variables and functions, the loops that break/continue need, and the
 * statements only a probe or a function may hold; the rest is walked. */
struct rctx {
	struct stp_visitor vis;		/* first: the callbacks get it */
	struct elab *el;
	struct frame *fr;
	const struct stp_source *src;
	int loops;
	bool updating;		/* reading a target only to update it */
	struct strmap names;	/* the frame's locals and parameters */
};

static void r_expr(struct rctx *r, struct stp_expr *e)
{
	stp_visit_expr(&r->vis, e);
}

static struct rctx *rctx_of(struct stp_visitor *v)
{
	return stp_container_of(v, struct rctx, vis);
}

static struct evar *find_local(struct rctx *r, const char *name)
{
	return strmap_get(&r->names, name);
}

static struct evar *local_var(struct rctx *r, const char *name,
			      const struct stp_token *tok)
{
	struct evar *v = find_local(r, name);

	if (v)
		return v;
	v = new_var(r->el, name, STP_VAR_LOCAL, tok);
	v->v.index = (int)r->fr->locals->len;
	stp_vec_push(r->fr->locals, v);
	strmap_put(&r->names, name, v);
	return v;
}

/* A plain name: local, parameter, or global (a tapset's too). */
static struct evar *scalar_var(struct rctx *r, const char *name,
			       const struct stp_token *tok)
{
	struct evar *v = find_local(r, name);

	if (v)
		return v;
	v = elab_find_global(r->el, name, tok->loc.src);
	if (v)
		return v;
	return local_var(r, name, tok);
}

/* A name used as an array or statistics: a global only. */
static struct evar *array_var(struct rctx *r, const char *name,
			      const struct stp_token *tok)
{
	struct evar *v = find_local(r, name), *p;

	if (v && v->v.scope != STP_VAR_GLOBAL)
		v = NULL;
	if (!v)
		v = elab_find_global(r->el, name, tok->loc.src);
	if (v)
		return v;
	p = private_global(r->el, name, tok->loc.src, true);
	if (p)
		elab_report(r->el, STP_SEV_ERROR, &tok->loc, tok->exp,
				NULL, STP_TAPSET_PRIVATE, name, p->file->name);
	else
		elab_report(r->el, STP_SEV_ERROR, &tok->loc, tok->exp,
				NULL, STP_ARRAY_NOT_GLOBAL, name, name);
	return NULL;
}

static void note_use(struct rctx *r, struct evar *v, bool write,
		     const struct stp_token *tok)
{
	struct stp_vec *rd, *wr;
	size_t i;

	if (!v)
		return;
	if (write) {
		v->v.written = true;
	} else {
		v->v.read = true;
		if (!r->updating)
			v->read_back = true;
	}
	if (v->v.scope != STP_VAR_GLOBAL)
		return;
	if (write && tok->loc.src && !tok->loc.src->is_tapset &&
	    v->v.from_tapset &&
	    v->v.name[0] == '_')
		elab_report(r->el, STP_SEV_ERROR, &tok->loc,
				tok->exp, NULL, STP_TAPSET_INTERNAL,
				v->v.name, v->file->name);
	if (write)
		for (i = 0; i < r->el->foreach_arrays.len; i++)
			if (r->el->foreach_arrays.items[i] == v) {
				elab_report(r->el, STP_SEV_ERROR,
						&tok->loc, tok->exp, NULL,
						STP_FOREACH_MODIFIED,
						v->v.name);
				break;
			}
	if (r->fr->fn) {
		rd = &r->fr->fn->f.globals_read;
		wr = &r->fr->fn->f.globals_written;
	} else {
		rd = &r->fr->probe->globals_read;
		wr = &r->fr->probe->globals_written;
	}
	vpush_unique(r->el, write ? wr : rd, &v->v);
}

/* An array's use e (INDEX, IN, a statistics @op) and its name: both
 * annotated with the array's variable (NULL: not one). */
static void bind_array(struct rctx *r, struct stp_expr *e,
		       struct stp_expr *name, struct evar *v)
{
	elab_sem(r->el, e)->var = v ? &v->v : NULL;
	elab_sem(r->el, name)->var = v ? &v->v : NULL;
}

/* Bind the variable an lvalue-ish expression names; write marks it. */
static void r_target(struct rctx *r, struct stp_expr *e, bool write)
{
	struct evar *v;

	if (e->kind == STP_E_SYMBOL) {
		v = scalar_var(r, e->name, e->tok);
		elab_sem(r->el, e)->var = &v->v;
		note_use(r, v, write, e->tok);
	} else if (e->kind == STP_E_INDEX && e->a->kind == STP_E_SYMBOL) {
		v = array_var(r, e->a->name, e->a->tok);
		bind_array(r, e, e->a, v);
		note_use(r, v, write, e->tok);
		stp_visit_exprs(&r->vis, e->args);
	} else {
		r_expr(r, e);
	}
}

/* The read half of x++ or x += e: the keys are read as usual. */
static void r_update(struct rctx *r, struct stp_expr *e)
{
	r->updating = true;
	if (e->kind == STP_E_INDEX) {
		struct stp_expr *keys = e->args;

		e->args = NULL;
		r_target(r, e, false);
		e->args = keys;
		r->updating = false;
		stp_visit_exprs(&r->vis, keys);
	} else {
		r_target(r, e, false);
	}
	r->updating = false;
}

/* Does an expression read kernel data ($var, ->, @cast, @var)?  The
 * first such node ends the search. */
struct target_search {
	struct stp_visitor vis;
	bool found;
};

static enum stp_walk found_target(struct stp_visitor *v, struct stp_expr *e)
{
	stp_container_of(v, struct target_search, vis)->found = true;
	return STP_WALK_SKIP;
}

static enum stp_walk target_atop(struct stp_visitor *v, struct stp_expr *e)
{
	if (!strcmp(e->name, "@cast") || !strcmp(e->name, "@var"))
		return found_target(v, e);
	return STP_WALK_CHILDREN;
}

static enum stp_walk stop_when_found(struct stp_visitor *v,
				     struct stp_expr *e)
{
	return stp_container_of(v, struct target_search, vis)->found ?
		STP_WALK_SKIP : STP_WALK_CHILDREN;
}

static const struct stp_visit_ops target_search_ops = {
	.any_expr = stop_when_found,
	.expr = {
		[STP_E_TARGET] = found_target,
		[STP_E_MEMBER] = found_target,
		[STP_E_ATOP] = target_atop,
	},
};

static bool has_target(struct stp_expr *e)
{
	struct target_search t = { { &target_search_ops }, false };

	stp_visit_expr(&t.vis, e);
	return t.found;
}

static void queue_body(struct elab *el, struct efunc *f)
{
	if (!f->queued) {
		f->queued = true;
		stp_vec_push(&el->bodies, f);
	}
}

/* An error of pass 3 in SystemTap, which -p2 accepts: kept for
 * stp_refusals_report(), with the function it is in, if any. */
static void refuse_later(struct rctx *r, const struct stp_token *tok,
			 enum stp_diag_code code, const char *what)
{
	struct stp_refusal *f = stp_arena_alloc(r->el->arena, sizeof(*f));

	f->tok = tok;
	f->code = code;
	f->what = what;
	stp_vec_push(r->fr->fn ? &r->fr->fn->refusals : &r->el->prog->refusals,
		     f);
}

/* `s =~ "re"`: SystemTap compiles the pattern in pass 2 (an extended
 * regular expression), so one that does not compile fails there. */
static enum stp_walk r_regex(struct stp_visitor *vis, struct stp_expr *e)
{
	struct rctx *r = rctx_of(vis);
	size_t n, escapes = 0;
	char *pat = em_unescape(e->b->str, &n);	/* as the runtime sees it */
	char why[128] = "Trailing backslash";
	regex_t re;
	int rc;

	/* glibc takes a trailing '\\' as itself; SystemTap does not */
	while (escapes < n && pat[n - 1 - escapes] == '\\')
		escapes++;
	if (escapes % 2 == 0) {
		rc = regcomp(&re, pat, REG_EXTENDED | REG_NOSUB);
		if (!rc) {
			regfree(&re);
			free(pat);
			return STP_WALK_CHILDREN;
		}
		regerror(rc, &re, why, sizeof(why));
	}
	free(pat);
	elab_report(r->el, STP_SEV_ERROR, &e->b->tok->loc, e->b->tok->exp,
		    NULL, STP_BAD_REGEX, e->b->str, why);
	return STP_WALK_CHILDREN;
}

static enum stp_walk r_call(struct stp_visitor *vis, struct stp_expr *e)
{
	struct rctx *r = rctx_of(vis);
	struct efunc *f;

	stp_visit_exprs(vis, e->args);
	if (elab_is_print(e->name))
		return STP_WALK_SKIP;
	f = elab_find_func(r->el, e->name, e->tok->loc.src, e->nargs);
	if (!f) {
		elab_report(r->el, STP_SEV_ERROR, &e->tok->loc,
				e->tok->exp, NULL, STP_UNRESOLVED_FUNCTION,
				e->name);
		return STP_WALK_SKIP;
	}
	if (f->f.nparams != e->nargs) {
		const struct stp_source *from = e->tok->loc.src;
		int n;
		const char *list = arities(r->el, e->name, from, &n);
		struct efunc *o;

		if (n > 1)
			elab_report(r->el, STP_SEV_ERROR,
					&e->tok->loc, e->tok->exp, NULL,
					STP_OVERLOAD_ARITY, e->name, e->nargs,
					e->nargs == 1 ? "" : "s", list);
		else
			elab_report(r->el, STP_SEV_ERROR,
					&e->tok->loc, e->tok->exp, NULL,
					STP_CALL_ARITY, e->name, f->f.nparams,
					f->f.nparams == 1 ? "" : "s",
					e->nargs);
		for (o = n > 1 ? strmap_get(&r->el->funcs, e->name) : f; o;
		     o = n > 1 ? o->next_same : NULL) {
			if (!func_visible(o, from))
				continue;
			elab_note(r->el, &o->f.decl->tok->loc,
				      "'%s' is defined here", e->name);
			/* the call meant one of them: none is unused */
			queue_body(r->el, o);
		}
	} else {
		elab_sem(r->el, e)->fn = &f->f;
	}
	if (r->fr->fn)
		vpush_unique(r->el, &r->fr->fn->f.calls, &f->f);
	queue_body(r->el, f);
	return STP_WALK_SKIP;
}

static enum stp_walk r_atop(struct stp_visitor *vis, struct stp_expr *e)
{
	struct rctx *r = rctx_of(vis);

	if (!strcmp(e->name, "@defined")) {
		/* no $target or @var exists without debuginfo: fold */
		int val = !has_target(e->args);

		e->kind = STP_E_NUMBER;
		e->num = val;
		e->args = NULL;
		e->nargs = 0;
		return STP_WALK_SKIP;
	}
	if (!strcmp(e->name, "@cast") || !strcmp(e->name, "@var")) {
		elab_report(r->el, STP_SEV_ERROR, &e->tok->loc,
				e->tok->exp, NULL, STP_TARGET_NEEDS_DWARF,
				e->name);
		return STP_WALK_SKIP;
	}
	if (!strcmp(e->name, "@entry")) {
		struct stp_entry_slot *s;

		if (e->nargs != 1) {
			elab_report(r->el, STP_SEV_ERROR,
					&e->tok->loc, e->tok->exp, NULL,
					STP_ATOP_ARGS, e->name, e->nargs);
			return STP_WALK_SKIP;
		}
		r_expr(r, e->args);
		if (!r->fr->is_return || !r->fr->probe) {
			elab_report(r->el, STP_SEV_ERROR,
					&e->tok->loc, e->tok->exp, NULL,
					STP_ENTRY_NOT_RETURN);
			return STP_WALK_SKIP;
		}
		s = stp_arena_alloc(r->el->arena, sizeof(*s));
		s->expr = e->args;
		s->index = (int)r->fr->probe->entry_slots.len;
		elab_sem(r->el, e)->slot = s->index;
		stp_vec_push(&r->fr->probe->entry_slots, s);
		return STP_WALK_SKIP;
	}
	if (elab_is_stat_op(e->name)) {
		if (e->nargs < 1) {
			elab_report(r->el, STP_SEV_ERROR,
					&e->tok->loc, e->tok->exp, NULL,
					STP_ATOP_ARGS, e->name, e->nargs);
			return STP_WALK_SKIP;
		}
		if (e->args->kind == STP_E_SYMBOL) {
			struct evar *v = array_var(r, e->args->name,
						   e->args->tok);

			bind_array(r, e, e->args, v);
			note_use(r, v, false, e->args->tok);
		} else {
			r_target(r, e->args, false);
			elab_sem(r->el, e)->var = stp_sem_var(e->args);
		}
		stp_visit_exprs(vis, e->args->next);
		return STP_WALK_SKIP;
	}
	if (!strcmp(e->name, "@perf")) {
		/* a counter of a perf probe: SystemTap too refuses it
		 * elsewhere only when translating */
		refuse_later(r, e->tok, STP_NOT_SUPPORTED, e->name);
		return STP_WALK_SKIP;
	}
	elab_report(r->el, STP_SEV_ERROR, &e->tok->loc, e->tok->exp,
			NULL, STP_NOT_SUPPORTED, e->name);
	return STP_WALK_SKIP;
}

/* Expressions: names bound, uses noted. */

static enum stp_walk r_symbol(struct stp_visitor *vis, struct stp_expr *e)
{
	r_target(rctx_of(vis), e, false);
	return STP_WALK_SKIP;
}

static enum stp_walk r_target_var(struct stp_visitor *vis, struct stp_expr *e)
{
	struct rctx *r = rctx_of(vis);

	elab_report(r->el, STP_SEV_ERROR, &e->tok->loc, e->tok->exp, NULL,
		    STP_TARGET_NEEDS_DWARF,
		    e->kind == STP_E_TARGET ? e->name : "->");
	return STP_WALK_SKIP;
}

static bool is_lvalue(const struct stp_expr *e)
{
	return e->kind == STP_E_SYMBOL || e->kind == STP_E_INDEX;
}

static void not_lvalue(struct rctx *r, const struct stp_token *tok,
		       const char *what)
{
	elab_report(r->el, STP_SEV_ERROR, &tok->loc, tok->exp, NULL,
		    STP_NOT_LVALUE, what);
}

static enum stp_walk r_assign(struct stp_visitor *vis, struct stp_expr *e)
{
	struct rctx *r = rctx_of(vis);

	if (is_lvalue(e->a)) {
		/* x += 1 reads x too */
		if (strcmp(e->op, "=") && strcmp(e->op, "<<<"))
			r_update(r, e->a);
		r_target(r, e->a, true);
	} else {
		not_lvalue(r, e->tok, e->op);
		r_expr(r, e->a);
	}
	r_expr(r, e->b);
	return STP_WALK_SKIP;
}

static enum stp_walk r_crement(struct stp_visitor *vis, struct stp_expr *e)
{
	struct rctx *r = rctx_of(vis);

	if (is_lvalue(e->a)) {
		r_update(r, e->a);
		r_target(r, e->a, true);
	} else {
		not_lvalue(r, e->tok, e->op);
	}
	return STP_WALK_SKIP;
}

/* INDEX and IN: the array named, then the keys. */
static enum stp_walk r_index(struct stp_visitor *vis, struct stp_expr *e)
{
	struct rctx *r = rctx_of(vis);

	if (e->a->kind == STP_E_SYMBOL) {
		struct evar *v = array_var(r, e->a->name, e->a->tok);

		bind_array(r, e, e->a, v);
		note_use(r, v, false, e->a->tok);
		stp_visit_exprs(vis, e->args);
		return STP_WALK_SKIP;
	}
	return STP_WALK_CHILDREN;
}

/* Statements. */

static enum stp_walk r_foreach(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct rctx *r = rctx_of(vis);
	struct stp_foreach *fe = s->fe;
	struct stp_foreach_key *k;
	struct evar *arr = NULL;

	if (fe->array->kind == STP_E_SYMBOL) {
		arr = array_var(r, fe->array->name, fe->array->tok);
		elab_sem(r->el, fe->array)->var = arr ? &arr->v : NULL;
		note_use(r, arr, false, fe->array->tok);
	} else {
		r_expr(r, fe->array);
	}
	stp_visit_exprs(vis, fe->slice);
	r_expr(r, fe->limit);
	for (k = fe->keys; k; k = k->next) {
		struct evar *v = scalar_var(r, k->name, k->tok);

		elab_sem(r->el, k)->var = &v->v;
		note_use(r, v, true, k->tok);
	}
	if (fe->value) {
		struct evar *v = scalar_var(r, fe->value->name, fe->value->tok);

		elab_sem(r->el, fe->value)->var = &v->v;
		note_use(r, v, true, fe->value->tok);
	}
	if (arr)
		stp_vec_push(&r->el->foreach_arrays, arr);
	r->loops++;
	stp_visit_stmt(vis, s->body);
	r->loops--;
	if (arr)
		r->el->foreach_arrays.len--;
	return STP_WALK_SKIP;
}

static enum stp_walk r_loop(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct rctx *r = rctx_of(vis);

	r->loops++;
	stp_visit_stmt_children(vis, s);
	r->loops--;
	return STP_WALK_SKIP;
}

static enum stp_walk r_loop_jump(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct rctx *r = rctx_of(vis);

	if (!r->loops)
		refuse_later(r, s->tok, STP_LOOP_JUMP_OUTSIDE,
			     s->kind == STP_S_BREAK ? "break" : "continue");
	return STP_WALK_SKIP;
}

static enum stp_walk r_next(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct rctx *r = rctx_of(vis);

	if (r->fr->fn)
		elab_report(r->el, STP_SEV_ERROR, &s->tok->loc, s->tok->exp,
			    NULL, STP_NEXT_OUTSIDE_PROBE);
	return STP_WALK_SKIP;
}

static enum stp_walk r_return(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct rctx *r = rctx_of(vis);

	r_expr(r, s->e);
	if (r->fr->fn && !s->e)
		r->fr->fn->bare_return = true;
	return STP_WALK_SKIP;
}

static enum stp_walk r_delete(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct rctx *r = rctx_of(vis);

	if (s->e->kind == STP_E_SYMBOL) {
		/* delete of a whole array or a scalar */
		struct evar *v = find_local(r, s->e->name);

		if (!v)
			v = elab_find_global(r->el, s->e->name, s->e->tok->loc.src);
		if (!v)
			v = local_var(r, s->e->name, s->e->tok);
		elab_sem(r->el, s->e)->var = &v->v;
		note_use(r, v, true, s->e->tok);
		v->read_back = true;
	} else if (s->e->kind == STP_E_INDEX) {
		r_target(r, s->e, true);
		if (elab_var(s->e))
			elab_var(s->e)->read_back = true;
	} else {
		not_lvalue(r, s->tok, "delete");
	}
	return STP_WALK_SKIP;
}

static enum stp_walk r_try(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct rctx *r = rctx_of(vis);

	stp_visit_stmt(vis, s->body);
	if (s->catch_var) {
		struct evar *v = scalar_var(r, s->catch_var, s->tok);

		elab_sem(r->el, s)->var = &v->v;
		v->v.written = true;
		if (!v->v.type) {
			v->v.type = STP_V_STRING;
			v->type_tok = s->tok;
		}
	}
	stp_visit_stmt(vis, s->els);
	return STP_WALK_SKIP;
}

static const struct stp_visit_ops resolve_ops = {
	.expr = {
		[STP_E_SYMBOL] = r_symbol,
		[STP_E_TARGET] = r_target_var,
		[STP_E_MEMBER] = r_target_var,
		[STP_E_ASSIGN] = r_assign,
		[STP_E_PREINC] = r_crement,
		[STP_E_POSTINC] = r_crement,
		[STP_E_INDEX] = r_index,
		[STP_E_IN] = r_index,
		[STP_E_CALL] = r_call,
		[STP_E_REGEX] = r_regex,
		[STP_E_ATOP] = r_atop,
	},
	.stmt = {
		[STP_S_WHILE] = r_loop,
		[STP_S_FOR] = r_loop,
		[STP_S_FOREACH] = r_foreach,
		[STP_S_BREAK] = r_loop_jump,
		[STP_S_CONTINUE] = r_loop_jump,
		[STP_S_NEXT] = r_next,
		[STP_S_RETURN] = r_return,
		[STP_S_DELETE] = r_delete,
		[STP_S_TRY] = r_try,
	},
};

void elab_resolve_body(struct elab *el, struct frame *fr,
		       struct stp_stmt *body, const struct stp_source *src)
{
	struct rctx r = { { &resolve_ops }, el, fr, src, 0, false, { 0 } };
	size_t i;

	/* a probe's condition is resolved after its body, into its frame */
	for (i = 0; i < fr->locals->len; i++) {
		struct evar *v = fr->locals->items[i];

		strmap_put(&r.names, v->v.name, v);
	}
	/* parameters: the first of a (reported) duplicate name wins */
	for (i = fr->fn ? (size_t)fr->fn->f.nparams : 0; i-- > 0;)
		strmap_put(&r.names, fr->fn->f.params[i]->name,
			   fr->fn->f.params[i]);
	stp_visit_stmt(&r.vis, body);
	strmap_free(&r.names);
}

/* -- after resolution ---------------------------------------------------------- */

static void resolve_pending_functions(struct elab *el)
{
	/* bodies queued while resolving are appended: one cursor */
	for (; el->bodies_done < el->bodies.len; el->bodies_done++) {
		struct efunc *f = el->bodies.items[el->bodies_done];
		struct frame fr = { &f->f.locals, f, NULL, false };

		if (f->f.decl->u.func.body)
			elab_resolve_body(el, &fr, f->f.decl->u.func.body,
					  f->src);
	}
}

/* The walks over the call graph below keep their own stack of functions
 * to visit (a vector, not C recursion): a chain of calls f1 -> f2 ->
 * ... -> fN is as long as the script makes it, unlike the depth of a
 * tree (STP_MAX_DEPTH). */
static void push_calls(struct stp_vec *todo, const struct stp_func_info *f)
{
	size_t i;

	for (i = f->calls.len; i-- > 0;)
		stp_vec_push(todo, f->calls.items[i]);
}

static void mark_used(struct efunc *f)
{
	struct stp_vec todo = { 0 };

	stp_vec_push(&todo, f);
	while (todo.len) {
		f = todo.items[--todo.len];
		if (f->used)
			continue;
		f->used = true;
		push_calls(&todo, &f->f);
	}
	stp_vec_free(&todo);
}

/* Tarjan's strongly connected components of the call graph from f:
 * a function is recursive when it is on a cycle of calls, i.e. its
 * component has more than one function or it calls itself.  Every
 * function is numbered once, so this is linear in the calls. */
struct cycles {
	unsigned next_num;
	struct stp_vec stack;			/* struct efunc * */
};

/* One function on find_cycles' path: the next of its calls to follow. */
struct cycle_step {
	struct efunc *f;
	size_t next_call;
	bool calls_itself;
};

static void cycle_enter(struct cycles *c, struct cycle_step **path,
			size_t *depth, size_t *cap, struct efunc *f)
{
	if (*depth == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*path = stp_xrealloc(*path, *cap * sizeof(**path));
	}
	(*path)[(*depth)++] = (struct cycle_step){ f, 0, false };
	f->dfs_num = f->dfs_low = ++c->next_num;
	f->on_stack = true;
	stp_vec_push(&c->stack, f);
}

/* The walk keeps its own path (a call chain is as long as the script
 * makes it), where the textbook recursion would use the C stack. */
static void find_cycles(struct cycles *c, struct efunc *root)
{
	struct cycle_step *path = NULL;
	size_t depth = 0, cap = 0;

	cycle_enter(c, &path, &depth, &cap, root);
	while (depth) {
		struct cycle_step *st = &path[depth - 1];
		struct efunc *f = st->f, *g;
		bool recursive;

		if (st->next_call < f->f.calls.len) {
			g = f->f.calls.items[st->next_call++];
			st->calls_itself |= g == f;
			if (!g->dfs_num)
				cycle_enter(c, &path, &depth, &cap, g);
			else if (g->on_stack && g->dfs_num < f->dfs_low)
				f->dfs_low = g->dfs_num;
			continue;
		}
		/* every call of f followed: back to its caller */
		if (f->dfs_low == f->dfs_num) {
			/* f is the root of a component: pop it */
			g = c->stack.items[c->stack.len - 1];
			recursive = st->calls_itself || g != f;
			do {
				g = c->stack.items[--c->stack.len];
				g->on_stack = false;
				g->f.recursive = recursive;
			} while (g != f);
		}
		depth--;
		if (depth && f->dfs_low < path[depth - 1].f->dfs_low)
			path[depth - 1].f->dfs_low = f->dfs_low;
	}
	free(path);
}

/* Add the globals f and its callees use to a probe's lists (once per
 * function: el->walks numbers the walk). */
static void close_globals(struct elab *el, struct efunc *f,
			  struct stp_vec *rd, struct stp_vec *wr)
{
	struct stp_vec todo = { 0 };
	size_t i;

	stp_vec_push(&todo, f);
	while (todo.len) {
		f = todo.items[--todo.len];
		if (f->visited == el->walks)
			continue;
		f->visited = el->walks;
		for (i = 0; i < f->f.globals_read.len; i++)
			vpush_unique(el, rd, f->f.globals_read.items[i]);
		for (i = 0; i < f->f.globals_written.len; i++)
			vpush_unique(el, wr, f->f.globals_written.items[i]);
		push_calls(&todo, &f->f);
	}
	stp_vec_free(&todo);
}

static int var_index_cmp(const void *a, const void *b)
{
	const struct stp_var *x = *(void *const *)a, *y = *(void *const *)b;

	return (x->index > y->index) - (x->index < y->index);
}

static void sort_vars(struct stp_vec *v)
{
	if (v->len > 1)
		qsort(v->items, v->len, sizeof(void *), var_index_cmp);
}

/* Every call in a probe body, to find which functions it calls (a
 * function called twice is listed twice). */
struct call_list {
	struct stp_visitor vis;
	struct stp_vec *out;		/* struct efunc * */
};

static enum stp_walk list_call(struct stp_visitor *v, struct stp_expr *e)
{
	if (stp_sem_fn(e))
		stp_vec_push(stp_container_of(v, struct call_list, vis)->out,
			     stp_sem_fn(e));
	return STP_WALK_CHILDREN;
}

static const struct stp_visit_ops call_list_ops = {
	.expr = { [STP_E_CALL] = list_call },
};

static void body_calls(struct stp_stmt *body, struct stp_expr *cond,
		       struct stp_vec *out)
{
	struct call_list c = { { &call_list_ops }, out };

	stp_visit_stmt(&c.vis, body);
	stp_visit_expr(&c.vis, cond);
}

void elab_finish_probe(struct stp_probe_info *p, size_t index)
{
	/* a global both read and written stays in both lists: pass 3
	 * picks the lock mode (statistics: only <<< is a shared lock) */
	sort_vars(&p->globals_read);
	sort_vars(&p->globals_written);
	p->index = (int)index;
}

/* Overloads (and private functions of different files) share a name;
 * pass 3 names C functions after f.name, so the later ones get
 * NAME__overload_N.  Messages and -p2 use the declared name.  seen:
 * declared name -> how many of the program's functions have it. */
static void unique_name(struct elab *el, struct efunc *f,
			struct strmap *seen)
{
	const char *name = f->f.decl->u.func.name;
	uintptr_t n = (uintptr_t)strmap_get(seen, name);

	strmap_put(seen, name, (void *)(n + 1));
	if (n)
		f->f.name = stp_arena_printf(el->arena, "%s__overload_%d",
					     f->f.name, (int)n);
}

static int decl_order_cmp(const void *a, const void *b)
{
	const struct evar *x = *(void *const *)a, *y = *(void *const *)b;
	const struct stp_loc *p = &x->v.tok->loc, *q = &y->v.tok->loc;

	if (x->file != y->file)
		return (uintptr_t)x->file < (uintptr_t)y->file ? -1 : 1;
	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	return (p->col > q->col) - (p->col < q->col);
}

/* A place in prog->globals, and the file of the global there. */
struct place {
	const struct stp_source *file;
	size_t pos;
};

static int place_cmp(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->file != y->file)
		return (uintptr_t)x->file < (uintptr_t)y->file ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The globals of each file in declaration order, in the places that
 * file's globals hold (files stay interleaved as they are).  Two
 * globals of a file do not share a line and column: one would be a
 * duplicate declaration. */
static void sort_globals(struct stp_vec *globals)
{
	size_t n = globals->len, i;
	void **sorted = stp_xmalloc((n + 1) * sizeof(*sorted));
	struct place *places = stp_xmalloc((n + 1) * sizeof(*places));

	memcpy(sorted, globals->items, n * sizeof(*sorted));
	for (i = 0; i < n; i++) {
		places[i].file = ((struct evar *)sorted[i])->file;
		places[i].pos = i;
	}
	/* both grouped by file the same way: the k-th global of a file
	 * in declaration order goes to the k-th place of that file */
	qsort(sorted, n, sizeof(*sorted), decl_order_cmp);
	qsort(places, n, sizeof(*places), place_cmp);
	for (i = 0; i < n; i++)
		globals->items[places[i].pos] = sorted[i];
	free(sorted);
	free(places);
}

static void finish_program(struct elab *el)
{
	struct stp_program *prog = el->prog;
	size_t i, j;
	const struct stp_source *user = el->req->user->src;
	int gi = 0, fi = 0;
	struct cycles cycles = { 0, { 0 } };
	struct strmap names = { 0 };

	/* functions reached from probes */
	for (i = 0; i < prog->probes.len; i++) {
		struct stp_probe_info *p = prog->probes.items[i];
		struct stp_vec calls = { 0 };

		body_calls(p->body, p->cond, &calls);
		for (j = 0; j < calls.len; j++)
			mark_used(calls.items[j]);
		/* transitive globals */
		el->walks++;
		for (j = 0; j < calls.len; j++)
			close_globals(el, calls.items[j], &p->globals_read,
				      &p->globals_written);
		stp_vec_free(&calls);
	}
	for (i = 0; i < el->allfuncs.len; i++) {
		struct efunc *f = el->allfuncs.items[i];

		if (!f->used && !el->req->unoptimized)
			continue;
		if (!f->used && !f->queued) {
			/* -u: keep the user's functions, resolved now */
			struct frame fr = { &f->f.locals, f, NULL, false };

			f->queued = true;
			if (f->src != user)
				continue;
			if (f->f.decl->u.func.body)
				elab_resolve_body(el, &fr,
						  f->f.decl->u.func.body,
						  f->src);
		}
		/* the calls of what it reaches are all known by now: the
		 * functions -u resolves here are called by none */
		if (!f->dfs_num)
			find_cycles(&cycles, f);
		f->f.index = fi++;
		f->in_prog = true;
		unique_name(el, f, &names);
		stp_vec_push(&prog->functions, &f->f);
		for (j = 0; j < f->refusals.len; j++)
			stp_vec_push(&prog->refusals, f->refusals.items[j]);
	}
	stp_vec_free(&cycles.stack);
	strmap_free(&names);
	/* globals: used ones (all with -u), user's first */
	for (i = 0; i < 2; i++) {
		size_t k;
		struct stp_vec all = { 0 };

		for (k = 0; k < el->globals.cap; k++)
			if (el->globals.keys[k])
				stp_vec_push(&all, el->globals.vals[k]);
		for (k = 0; k < el->gprivate.len; k++)
			stp_vec_push(&all, el->gprivate.items[k]);
		/* program order: by declaration position */
		for (k = 0; k < all.len; k++) {
			struct evar *v = all.items[k];
			bool used = v->v.read || v->v.written ||
				    el->req->unoptimized;

			if ((v->file == user) != (i == 0))
				continue;
			if (v->v.global->init && !v->v.read &&
			    !el->req->unoptimized)
				used = false;
			if (!used) {
				if (v->file == user && !el->req->listing)
					elab_report(el,
						STP_SEV_WARNING,
						&v->v.tok->loc, v->v.tok->exp,
						NULL, STP_UNUSED_GLOBAL,
						v->v.name);
				continue;
			}
			v->v.index = -1;
			stp_vec_push(&prog->globals, v);
		}
		stp_vec_free(&all);
	}
	/* number by declaration order within each file */
	sort_globals(&prog->globals);
	for (i = 0; i < prog->globals.len; i++)
		((struct stp_var *)prog->globals.items[i])->index = gi++;
	for (i = 0; i < prog->probes.len; i++)
		elab_finish_probe(prog->probes.items[i], i);
	for (i = 0; i < prog->functions.len; i++) {
		struct stp_func_info *f = prog->functions.items[i];

		sort_vars(&f->globals_read);
		sort_vars(&f->globals_written);
	}
}

/* Locals never read or never written (after types: warnings only). */
static void local_warnings(struct elab *el, struct stp_vec *locals,
			   const struct stp_source *src)
{
	size_t i;

	if (el->req->listing || (src && src->is_tapset))
		return;
	for (i = 0; i < locals->len; i++) {
		struct evar *v = locals->items[i];

		if (v->v.tok->loc.src && v->v.tok->loc.src->is_tapset)
			continue;
		if (v->v.read && !v->v.written)
			elab_report(el, STP_SEV_WARNING,
					&v->v.tok->loc, v->v.tok->exp, NULL,
					STP_NEVER_ASSIGNED, v->v.name);
		else if (!v->v.read && v->v.written && !el->req->unoptimized)
			elab_report(el, STP_SEV_WARNING,
					&v->v.tok->loc, v->v.tok->exp, NULL,
					STP_UNUSED_LOCAL, v->v.name);
	}
}

/* Free each vector of a NULL-terminated list. */
static void free_vecs(struct stp_vec *v, ...)
{
	va_list ap;

	va_start(ap, v);
	for (; v; v = va_arg(ap, struct stp_vec *))
		stp_vec_free(v);
	va_end(ap);
}

static void free_func_vecs(struct stp_func_info *f)
{
	free_vecs(&f->locals, &f->globals_read, &f->globals_written,
		  &f->calls, NULL);
}

void stp_program_free(struct stp_program *prog)
{
	size_t i;

	for (i = 0; i < prog->functions.len; i++)
		free_func_vecs(prog->functions.items[i]);
	for (i = 0; i < prog->probes.len; i++) {
		struct stp_probe_info *p = prog->probes.items[i];

		free_vecs(&p->sites, &p->locals, &p->entry_slots,
			  &p->globals_read, &p->globals_written, NULL);
	}
	free_vecs(&prog->globals, &prog->functions, &prog->probes,
		  &prog->embedded, &prog->tapset_files, &prog->refusals, NULL);
}

void elab_free(struct elab *el)
{
	size_t i;

	for (i = 0; i < el->allfuncs.len; i++) {
		struct efunc *f = el->allfuncs.items[i];

		if (!f->in_prog)
			free_func_vecs(&f->f);
		stp_vec_free(&f->refusals);
	}
	free_vecs(&el->gprivate, &el->aliases, &el->bodies, &el->allfuncs,
		  &el->probes_todo, &el->probe_srcs, &el->foreach_arrays,
		  &el->probe_srcs2, NULL);
	strmap_free(&el->alias_first);
	strmap_free(&el->globals);
	strmap_free(&el->funcs);
	pairset_free(&el->listed);
	strmap_free(&el->reported);
	elab_index_free(el);
}

int elab_run(struct elab *el, const struct stp_elab_req *req,
	     struct stp_program *prog)
{
	size_t i;
	int errors0 = req->ctx->diag->errors;

	memset(el, 0, sizeof(*el));
	memset(prog, 0, sizeof(*prog));
	el->req = req;
	el->arena = req->ctx->arena;
	el->diag = req->ctx->diag;
	el->prog = prog;
	prog->user = req->user;
	elab_add_file(el, req->user);
	/* probes of the user file, then of tapset files as they load */
	for (i = 0; i < el->probes_todo.len; i++) {
		elab_expand_probe(el, el->probes_todo.items[i],
				  el->probe_srcs.items[i]);
		resolve_pending_functions(el);
	}
	resolve_pending_functions(el);
	if (!req->listing) {
		for (i = 0; i < el->allfuncs.len; i++) {
			struct efunc *f = el->allfuncs.items[i];

			if (!f->queued && f->src == req->user->src &&
			    !req->unoptimized)
				elab_report(el, STP_SEV_WARNING,
						&f->f.decl->tok->loc,
						f->f.decl->tok->exp, NULL,
						STP_UNUSED_FUNCTION, f->f.name);
		}
	}
	finish_program(el);
	elab_check_foreach_calls(el);
	elab_infer_types(el);
	/* with the types known; typed again, which adds no new errors to
	 * a script that had none */
	if (!req->listing && req->ctx->diag->errors == errors0 &&
	    elab_autoprint(el))
		elab_infer_types(el);
	for (i = 0; i < prog->probes.len; i++) {
		struct stp_probe_info *p = prog->probes.items[i];

		local_warnings(el, &p->locals, NULL);
	}
	for (i = 0; i < prog->functions.len; i++) {
		struct efunc *f = prog->functions.items[i];

		local_warnings(el, &f->f.locals, f->src);
	}
	return req->ctx->diag->errors > errors0 ? -1 : 0;
}

int stp_refusals_report(const struct stp_program *prog, struct stp_diag *diag)
{
	size_t i, j;

	for (i = 0; i < prog->refusals.len; i++) {
		const struct stp_refusal *f = prog->refusals.items[i];

		/* an alias body cloned into several probes: once */
		for (j = 0; j < i; j++) {
			const struct stp_refusal *o = prog->refusals.items[j];

			if (o->tok->loc.src == f->tok->loc.src &&
			    o->tok->loc.line == f->tok->loc.line &&
			    o->tok->loc.col == f->tok->loc.col)
				break;
		}
		if (j < i)
			continue;
		stp_diag_report(diag, STP_SEV_ERROR, &f->tok->loc, f->tok->exp,
				NULL, (enum stp_diag_code)f->code, f->what);
	}
	return prog->refusals.len ? -1 : 0;
}

int stp_elaborate(const struct stp_elab_req *req, struct stp_program *prog)
{
	struct elab el;
	int rc;
	int held = req->ctx->diag->buffering;

	if (!held)
		stp_diag_hold(req->ctx->diag);
	rc = elab_run(&el, req, prog);
	elab_free(&el);
	if (!held)
		stp_diag_flush(req->ctx->diag);
	return rc;
}
