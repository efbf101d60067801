/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab-autoprint.c - the end probes that print write-only globals.
 *
 * A global the user's script writes but never reads would be wasted work,
 * so SystemTap prints it at the end: one synthetic `end` probe per such
 * global, after the script's own probes, in declaration order.  They are
 * made here as ordinary AST (every token is the global's declaration, so
 * a run-time error points there) and then go through resolution and
 * typing like any probe; pass 3 needs to know nothing about them.  The
 * shapes follow SystemTap 4.8's -p2 output:
 *
 *   n=%d                       scalar number
 *   t="%#s"                    scalar string
 *   s @count=%#d @min=... @avg=   stats ("s @count=0x0" when empty)
 *   a[%#d,"%#s"]=%d            array, one line per entry, by value desc
 */
#include "elab-internal.h"

#include <string.h>

struct builder {
	struct elab *el;
	const struct stp_token *tok;
};

static struct stp_expr *node(struct builder *b, enum stp_expr_kind kind)
{
	struct stp_expr *e = stp_arena_alloc(b->el->arena, sizeof(*e));

	e->kind = kind;
	e->tok = b->tok;
	e->op_tok = b->tok;
	return e;
}

static struct stp_expr *sym(struct builder *b, const char *name)
{
	struct stp_expr *e = node(b, STP_E_SYMBOL);

	e->name = name;
	return e;
}

/* str is kept with its C escapes, as the lexer keeps string literals. */
static struct stp_expr *string(struct builder *b, const char *str)
{
	struct stp_expr *e = node(b, STP_E_STRING);

	e->str = str;
	return e;
}

static struct stp_expr *number(struct builder *b, int64_t n)
{
	struct stp_expr *e = node(b, STP_E_NUMBER);

	e->num = n;
	return e;
}

static int count_list(const struct stp_expr *e)
{
	int n = 0;

	for (; e; e = e->next)
		n++;
	return n;
}

static struct stp_expr *call(struct builder *b, enum stp_expr_kind kind,
			     const char *name, struct stp_expr *args)
{
	struct stp_expr *e = node(b, kind);

	e->name = name;
	e->args = args;
	e->nargs = count_list(args);
	return e;
}

static struct stp_expr *append(struct stp_expr *list, struct stp_expr *e)
{
	struct stp_expr *t;

	if (!list)
		return e;
	for (t = list; t->next; t = t->next)
		;
	t->next = e;
	return list;
}

static struct stp_stmt *stmt(struct builder *b, enum stp_stmt_kind kind)
{
	struct stp_stmt *s = stp_arena_alloc(b->el->arena, sizeof(*s));

	s->kind = kind;
	s->tok = b->tok;
	return s;
}

static struct stp_stmt *expr_stmt(struct builder *b, struct stp_expr *e)
{
	struct stp_stmt *s = stmt(b, STP_S_EXPR);

	s->e = e;
	return s;
}

/* The directive of one value: strings quoted, numbers with '#' as
 * SystemTap writes them (no visible effect on %d). */
static const char *directive(enum stp_vtype t, bool alt)
{
	if (t == STP_V_STRING)
		return "\\\"%#s\\\"";
	return alt ? "%#d" : "%d";
}

static const char *const stat_ops[] = {
	"@count", "@min", "@max", "@sum", "@avg",
};

/* " @count=%#d @min=%#d ..." and the matching @op(target) arguments. */
static const char *stats_part(struct builder *b, struct stp_expr **args,
			      struct stp_expr *(*target)(struct builder *,
							 const struct evar *),
			      const struct evar *v)
{
	const char *fmt = "";
	size_t i;

	for (i = 0; i < sizeof(stat_ops) / sizeof(stat_ops[0]); i++) {
		fmt = stp_arena_printf(b->el->arena, "%s %s=%%#d", fmt,
				       stat_ops[i]);
		*args = append(*args, call(b, STP_E_ATOP, stat_ops[i],
					   target(b, v)));
	}
	return fmt;
}

static const char *idx_name(struct builder *b, int i)
{
	return stp_arena_printf(b->el->arena, "__idx%d", i);
}

static struct stp_expr *whole(struct builder *b, const struct evar *v)
{
	return sym(b, v->v.name);
}

/* v[__idx0, ...] */
static struct stp_expr *element(struct builder *b, const struct evar *v)
{
	struct stp_expr *e = node(b, STP_E_INDEX), *keys = NULL;
	int i;

	for (i = 0; i < v->v.nkeys; i++)
		keys = append(keys, sym(b, idx_name(b, i)));
	e->a = sym(b, v->v.name);
	e->args = keys;
	e->nargs = v->v.nkeys;
	return e;
}

static struct stp_stmt *printf_stmt(struct builder *b, const char *fmt,
				    struct stp_expr *args)
{
	return expr_stmt(b, call(b, STP_E_CALL, "printf",
				 append(string(b, fmt), args)));
}

static struct stp_stmt *scalar_body(struct builder *b, const struct evar *v)
{
	struct stp_expr *args = NULL, *cmp;
	struct stp_stmt *s;
	const char *fmt;

	if (v->v.type != STP_V_STATS) {
		fmt = stp_arena_printf(b->el->arena, "%s=%s\\n", v->v.name,
				       directive(v->v.type, false));
		return printf_stmt(b, fmt, sym(b, v->v.name));
	}
	/* an empty aggregate has no @min, @max or @avg to read */
	cmp = node(b, STP_E_COMPARE);
	cmp->op = "==";
	cmp->a = call(b, STP_E_ATOP, "@count", sym(b, v->v.name));
	cmp->b = number(b, 0);
	s = stmt(b, STP_S_IF);
	s->e = cmp;
	s->body = printf_stmt(b, stp_arena_printf(b->el->arena,
						  "%s @count=0x0\\n",
						  v->v.name), NULL);
	fmt = stats_part(b, &args, whole, v);
	s->els = printf_stmt(b, stp_arena_printf(b->el->arena, "%s%s\\n",
						 v->v.name, fmt), args);
	return s;
}

static struct stp_stmt *array_body(struct builder *b, const struct evar *v)
{
	struct stp_stmt *s = stmt(b, STP_S_FOREACH);
	struct stp_foreach *fe = stp_arena_alloc(b->el->arena, sizeof(*fe));
	struct stp_foreach_key **kt = &fe->keys;
	struct stp_expr *args = NULL;
	const char *fmt = stp_arena_printf(b->el->arena, "%s[", v->v.name);
	int i;

	for (i = 0; i < v->v.nkeys; i++) {
		struct stp_foreach_key *k = stp_arena_alloc(b->el->arena,
							    sizeof(*k));

		k->tok = b->tok;
		k->name = idx_name(b, i);
		*kt = k;
		kt = &k->next;
		fmt = stp_arena_printf(b->el->arena, "%s%s%s", fmt,
				       i ? "," : "",
				       directive(v->v.key_types[i], true));
		args = append(args, sym(b, k->name));
	}
	fe->nkeys = v->v.nkeys;
	fe->bracketed = 1;
	fe->array = sym(b, v->v.name);
	fe->array_sort = '-';
	if (v->v.type == STP_V_STATS) {
		fmt = stp_arena_printf(b->el->arena, "%s]%s\\n", fmt,
				       stats_part(b, &args, element, v));
	} else {
		fe->value = stp_arena_alloc(b->el->arena, sizeof(*fe->value));
		fe->value->tok = b->tok;
		fe->value->name = "__val";
		fmt = stp_arena_printf(b->el->arena, "%s]=%s\\n", fmt,
				       directive(v->v.type, false));
		args = append(args, sym(b, "__val"));
	}
	s->fe = fe;
	s->body = printf_stmt(b, fmt, args);
	return s;
}

static bool wants_print(const struct evar *v, const struct stp_source *user)
{
	if (v->file != user || !v->v.written || v->read_back)
		return false;
	/* types and key counts settle only for a script without errors */
	if (!v->v.type || v->v.type == STP_V_VOID || v->v.nkeys < 0)
		return false;
	return true;
}

int elab_autoprint(struct elab *el)
{
	struct stp_program *prog = el->prog;
	const struct stp_source *user = el->req->user->src;
	size_t i, first = prog->probes.len, n;
	struct stp_vec todo = { 0 };

	for (i = 0; i < prog->globals.len; i++)
		if (wants_print(prog->globals.items[i], user))
			stp_vec_push(&todo, prog->globals.items[i]);
	for (i = 0; i < todo.len; i++) {
		const struct evar *v = todo.items[i];
		struct builder b = { el, v->v.tok };
		struct stp_decl *d = stp_arena_alloc(el->arena, sizeof(*d));
		struct stp_probe_point *pt = stp_arena_alloc(el->arena,
							     sizeof(*pt));
		struct stp_component *c = stp_arena_alloc(el->arena,
							  sizeof(*c));
		struct stp_stmt *body = stmt(&b, STP_S_BLOCK);

		c->tok = b.tok;
		c->name = "end";
		pt->tok = b.tok;
		pt->comps = c;
		d->kind = STP_D_PROBE;
		d->tok = b.tok;
		d->u.probe.kind = STP_PROBE_PLAIN;
		d->u.probe.points = pt;
		d->u.probe.body = body;
		body->body = v->v.nkeys > 0 ? array_body(&b, v) :
					      scalar_body(&b, v);
		elab_expand_probe(el, d, user);
	}
	n = todo.len;
	stp_vec_free(&todo);
	for (i = first; i < prog->probes.len; i++)
		elab_finish_probe(prog->probes.items[i], i);
	return (int)n;
}
