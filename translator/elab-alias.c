/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab-alias.c - from a probe declaration to probes: alias expansion.
 *
 * A point naming an alias (`syscall.open`, `syscall.*`, `a.b.return`
 * with a suffix the alias does not name) is replaced by the alias's own
 * points, with the suffix appended, until only built-in points remain.
 * Each distinct chain of aliases gives one probe whose body is the
 * aliases' prologues (innermost first), the user's body, then their
 * epilogues.  Bodies are deep-copied per probe, because the AST's
 * annotations (sem.h) belong to one probe's variables.
 */
#include "elab-internal.h"

#include <string.h>

#define MAX_ALIAS_DEPTH 16

/* '*' matches any run of characters.  On a mismatch only the last '*'
 * is retried one character further: no recursion, and quadratic at
 * worst however many '*' the pattern has. */
bool elab_glob(const char *pat, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*pat == '*') {
			star = ++pat;
			resume = s;
		} else if (*pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

/* -- probe conditions -------------------------------------------------------- */

/* A probe's `if (cond)` is evaluated outside the probe, whenever a
 * global it reads changes (SystemTap's rules, stapprobes "probe point
 * conditions"): it may only read globals, call nothing and write
 * nothing. */
struct cond_check {
	struct stp_visitor vis;
	struct elab *el;
	bool ok;
};

static enum stp_walk cond_refuse(struct stp_visitor *vis,
				 const struct stp_token *tok,
				 enum stp_diag_code code, const char *what)
{
	struct cond_check *c = stp_container_of(vis, struct cond_check, vis);

	elab_report(c->el, STP_SEV_ERROR, &tok->loc, tok->exp, NULL, code,
		    what);
	c->ok = false;
	return STP_WALK_SKIP;
}

static enum stp_walk cond_write(struct stp_visitor *vis, struct stp_expr *e)
{
	return cond_refuse(vis, e->op_tok ? e->op_tok : e->tok,
			   STP_COND_WRITES, e->op);
}

static enum stp_walk cond_call(struct stp_visitor *vis, struct stp_expr *e)
{
	return cond_refuse(vis, e->tok, STP_COND_CALL, e->name);
}

static enum stp_walk cond_symbol(struct stp_visitor *vis, struct stp_expr *e)
{
	struct cond_check *c = stp_container_of(vis, struct cond_check, vis);

	if (elab_find_global(c->el, e->name, e->tok->loc.src))
		return STP_WALK_CHILDREN;
	return cond_refuse(vis, e->tok, STP_COND_NOT_GLOBAL, e->name);
}

static const struct stp_visit_ops cond_check_ops = {
	.expr = {
		[STP_E_ASSIGN] = cond_write,
		[STP_E_PREINC] = cond_write,
		[STP_E_POSTINC] = cond_write,
		[STP_E_CALL] = cond_call,
		[STP_E_SYMBOL] = cond_symbol,
	},
};

static bool cond_ok(struct elab *el, struct stp_expr *cond)
{
	struct cond_check c = { { &cond_check_ops }, el, true };

	stp_visit_expr(&c.vis, cond);
	return c.ok;
}

/* -- deep copy ---------------------------------------------------------------- */

/* A rewriting walk (parser/visit.h): each node is replaced by a copy
 * before the walk goes into it, so the copy's children are copied in
 * turn.  A copy starts without annotations: they belong to the probe
 * that resolves it. */
struct cloner {
	struct stp_visitor vis;
	struct elab *el;
};

static struct elab *cloner_elab(struct stp_visitor *v)
{
	return stp_container_of(v, struct cloner, vis)->el;
}

static void *copy_node(struct elab *el, const void *node, size_t size)
{
	void *n = stp_arena_alloc(el->arena, size);

	memcpy(n, node, size);
	return n;
}

static struct stp_expr *clone_expr(struct stp_visitor *v, struct stp_expr *e)
{
	struct elab *el = cloner_elab(v);
	struct stp_expr *n = copy_node(el, e, sizeof(*e));
	struct stp_comp **c;

	n->sem = NULL;
	/* the components are the node's own (their indexes are children) */
	for (c = &n->comps; *c; c = &(*c)->next)
		*c = copy_node(el, *c, sizeof(**c));
	return n;
}

static struct stp_foreach_key *clone_key(struct elab *el,
					 const struct stp_foreach_key *k)
{
	struct stp_foreach_key *n = copy_node(el, k, sizeof(*k));

	n->sem = NULL;
	return n;
}

static struct stp_stmt *clone_stmt(struct stp_visitor *v, struct stp_stmt *s)
{
	struct elab *el = cloner_elab(v);
	struct stp_stmt *n = copy_node(el, s, sizeof(*s));
	struct stp_foreach_key **k;

	n->sem = NULL;
	if (s->fe) {
		/* the loop head is the node's own (its expressions are
		 * children) */
		n->fe = copy_node(el, s->fe, sizeof(*s->fe));
		for (k = &n->fe->keys; *k; k = &(*k)->next)
			*k = clone_key(el, *k);
		if (n->fe->value)
			n->fe->value = clone_key(el, n->fe->value);
	}
	return n;
}

static const struct stp_visit_ops cloner_ops = {
	.rewrite_expr = clone_expr,
	.rewrite_stmt = clone_stmt,
};

struct stp_stmt *elab_clone_stmt(struct elab *el, const struct stp_stmt *s)
{
	struct cloner c = { { &cloner_ops }, el };
	struct stp_stmt *n;

	if (!s)
		return NULL;
	n = clone_stmt(&c.vis, (struct stp_stmt *)s);
	n->next = NULL;
	stp_visit_stmt_children(&c.vis, n);
	return n;
}

/* -- expansion ----------------------------------------------------------------- */

struct group {
	const struct ealias *chain[MAX_ALIAS_DEPTH];	/* outermost first */
	int depth;
	struct stp_vec points;		/* struct stp_probe_point * */
	struct stp_vec sites;		/* struct stp_site *, resolved as
					 * the points are added */
	bool failed;			/* a point did not resolve */
};

struct expansion {
	struct elab *el;
	struct stp_vec groups;		/* struct group * */
	bool failed;
};

static bool args_equal(const struct stp_expr *a, const struct stp_expr *b)
{
	if (!a || !b)
		return !a && !b;
	if (a->kind != b->kind)
		return false;
	if (a->kind == STP_E_NUMBER)
		return a->num == b->num;
	return a->str && b->str && !strcmp(a->str, b->str);
}

/* Components of the alias name matched by the point: their count, or 0. */
static int alias_match(const struct ealias *a, const struct stp_component *c)
{
	const struct stp_component *n;
	int k = 0;

	for (n = a->name->comps; n; n = n->next, c = c->next, k++) {
		if (!c || !elab_glob(c->name, n->name) ||
		    !args_equal(c->arg, n->arg))
			return 0;
	}
	return k;
}

static struct stp_component *copy_comps(struct elab *el,
					const struct stp_component *c,
					const struct stp_component *suffix)
{
	struct stp_component *head = NULL, **tail = &head;
	int pass;

	for (pass = 0; pass < 2; pass++, c = suffix) {
		for (; c; c = c->next) {
			*tail = stp_arena_alloc(el->arena, sizeof(**tail));
			**tail = *c;
			(*tail)->next = NULL;
			tail = &(*tail)->next;
		}
	}
	return head;
}

static const char *dotted(struct elab *el, const struct stp_component *c)
{
	const char *s = c->name;

	for (c = c->next; c; c = c->next)
		s = stp_arena_printf(el->arena, "%s.%s", s, c->name);
	return s;
}

/* Add a built-in point to its chain's group and resolve it there, in
 * the order the points are written (for '!'): its number of sites. */
static size_t add_to_group(struct expansion *x, struct stp_probe_point *pt,
			   const struct ealias **chain, int depth)
{
	struct stp_resolver *r = x->el->req->resolver;
	struct group *g = NULL;
	size_t i, first;

	for (i = 0; i < x->groups.len && !g; i++) {
		g = x->groups.items[i];
		if (g->depth != depth ||
		    memcmp(g->chain, chain, depth * sizeof(*chain)))
			g = NULL;
	}
	if (!g) {
		g = stp_arena_alloc(x->el->arena, sizeof(*g));
		memcpy(g->chain, chain, depth * sizeof(*chain));
		g->depth = depth;
		stp_vec_push(&x->groups, g);
	}
	stp_vec_push(&g->points, pt);
	first = g->sites.len;
	if (r && stp_resolve_point(r, pt, &g->sites) < 0)
		g->failed = true;
	return g->sites.len - first;
}

/* The aliases a point may match, in declaration order, including any
 * loaded while they are gone through: those of its first component's
 * name, or every one if that has a wildcard. */
struct candidates {
	struct elab *el;
	size_t i;				/* every one: next index */
	struct ealias **link;		/* else: where the next is */
};

static void candidates_init(struct candidates *c, struct elab *el,
			    const struct stp_probe_point *pt)
{
	c->el = el;
	c->i = 0;
	c->link = strchr(pt->comps->name, '*') ? NULL :
		  &elab_alias_bucket(el, pt->comps->name)->head;
}

static const struct ealias *candidates_next(struct candidates *c)
{
	struct ealias *a;

	if (!c->link)
		return c->i < c->el->aliases.len ?
		       c->el->aliases.items[c->i++] : NULL;
	a = *c->link;
	if (a)
		c->link = &a->next_first;
	return a;
}

/* Expand one point into built-in points, resolved as they come: the
 * number of sites it gave.  A point marked '!' (sufficient) that gives
 * some ends its list: the points after it are not used. */
static size_t expand_point(struct expansion *x, struct stp_probe_point *pt,
			   const struct ealias **chain, int depth)
{
	struct elab *el = x->el;
	struct candidates cands;
	const struct ealias *a;
	int best = 0, k;
	size_t nsites = 0;

	if (stp_is_builtin_point(pt))
		return add_to_group(x, pt, chain, depth);
	elab_load_aliases(el, pt);
	candidates_init(&cands, el, pt);
	while ((a = candidates_next(&cands))) {
		k = alias_match(a, pt->comps);
		if (k > best)
			best = k;
	}
	if (!best) {
		/* not an alias: the resolver names the problem */
		return add_to_group(x, pt, chain, depth);
	}
	if (depth == MAX_ALIAS_DEPTH) {
		elab_report(el, STP_SEV_ERROR, &pt->tok->loc,
				pt->tok->exp, NULL, STP_ALIAS_RECURSION,
				dotted(el, pt->comps));
		x->failed = true;
		return 0;
	}
	candidates_init(&cands, el, pt);
	while ((a = candidates_next(&cands))) {
		const struct stp_component *suffix = pt->comps;
		const struct stp_probe_point *ap;
		int j;

		if (alias_match(a, pt->comps) != best)
			continue;
		for (j = 0; j < depth; j++)
			if (chain[j]->decl == a->decl)
				break;
		if (j < depth) {
			elab_report(el, STP_SEV_ERROR,
					&a->name->tok->loc, a->name->tok->exp,
					NULL, STP_ALIAS_RECURSION,
					dotted(el, a->name->comps));
			x->failed = true;
			continue;
		}
		for (j = 0; j < best; j++)
			suffix = suffix->next;
		chain[depth] = a;
		for (ap = a->decl->u.probe.points; ap; ap = ap->next) {
			struct stp_probe_point *np;
			size_t n;

			np = stp_arena_alloc(el->arena, sizeof(*np));
			*np = *ap;
			np->next = NULL;
			np->comps = copy_comps(el, ap->comps, suffix);
			np->optional = stp_point_optional(ap) ||
				       stp_point_optional(pt);
			if (!np->cond)
				np->cond = pt->cond;
			n = expand_point(x, np, chain, depth + 1);
			nsites += n;
			if (n && ap->sufficient)
				break;
		}
	}
	return nsites;
}

static void append_block(struct elab *el, struct stp_stmt ***tail,
			 const struct stp_stmt *body)
{
	struct stp_stmt *c;

	if (!body)
		return;
	c = elab_clone_stmt(el, body);
	**tail = c;
	*tail = &c->next;
}

static struct stp_stmt *group_body(struct elab *el, const struct group *g,
				   const struct stp_stmt *user)
{
	struct stp_stmt *b = stp_arena_alloc(el->arena, sizeof(*b));
	struct stp_stmt **tail = &b->body;
	int i;

	b->kind = STP_S_BLOCK;
	b->tok = user->tok;
	for (i = g->depth - 1; i >= 0; i--)
		if (g->chain[i]->name->alias_op != '+')
			append_block(el, &tail, g->chain[i]->decl->u.probe.body);
	append_block(el, &tail, user);
	for (i = 0; i < g->depth; i++) {
		const struct stp_probe *p = &g->chain[i]->decl->u.probe;

		if (g->chain[i]->name->alias_op == '+')
			append_block(el, &tail, p->body);
		else
			append_block(el, &tail, p->epilogue);
	}
	return b;
}

void elab_expand_probe(struct elab *el, const struct stp_decl *d,
		       const struct stp_source *src)
{
	struct expansion x = { el, { 0 }, false };
	const struct ealias *chain[MAX_ALIAS_DEPTH];
	const struct stp_probe_point *pt;
	size_t i, j;

	for (pt = d->u.probe.points; pt; pt = pt->next) {
		struct stp_probe_point *np = stp_arena_alloc(el->arena,
							     sizeof(*np));

		*np = *pt;
		np->next = NULL;
		if (expand_point(&x, np, chain, 0) && pt->sufficient)
			break;
	}
	for (i = 0; i < x.groups.len; i++) {
		struct group *g = x.groups.items[i];
		struct stp_probe_info *p = stp_arena_alloc(el->arena,
							   sizeof(*p));
		struct frame fr = { &p->locals, NULL, p, false };
		bool ok = true;

		p->decl = d;
		for (j = 0; j < g->points.len && !p->cond; j++)
			p->cond = ((struct stp_probe_point *)
				   g->points.items[j])->cond;
		p->sites = g->sites;
		ok = !g->failed;
		for (j = 0; j < p->sites.len; j++)
			if (((struct stp_site *)p->sites.items[j])->is_return)
				fr.is_return = true;
		stp_vec_free(&g->points);
		if (!ok || !p->sites.len) {
			stp_vec_free(&p->sites);
			continue;
		}
		p->body = group_body(el, g, d->u.probe.body);
		elab_resolve_body(el, &fr, p->body, src);
		if (p->cond && !cond_ok(el, p->cond))
			p->cond = NULL;
		if (p->cond)
			elab_resolve_body(el, &fr,
				&(struct stp_stmt){ .kind = STP_S_EXPR,
						    .e = p->cond,
						    .tok = p->cond->tok },
				src);
		stp_vec_push(&el->prog->probes, p);
		stp_vec_push(&el->probe_srcs2, (void *)src);
	}
	stp_vec_free(&x.groups);
}
