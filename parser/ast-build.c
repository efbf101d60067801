/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ast-build.c - building AST nodes for the grammar, and the checks
 * SystemTap makes while parsing.
 *
 * Each builder also records the height of the subtree it makes (the
 * `depth` fields of ast.h) and reports E312 where a tree first gets
 * deeper than STP_MAX_DEPTH.  A left-recursive rule such as expr '+'
 * expr builds 1+2+...+n as a left spine n deep without deepening the
 * parser's own stack, so only the tree itself can be measured. */
#include "ast-build.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "grammar.h"
#include "visit.h"

#define NEW(g, type) ((type *)stp_arena_alloc((g)->ctx->arena, sizeof(type)))

void gram_error(struct gram *g, const struct stp_token *at,
		enum stp_diag_code code, ...)
{
	va_list ap;

	/* right after a reported error, a check failing is its echo */
	if (g->quiet)
		return;
	va_start(ap, code);
	stp_diag_vreport(g->ctx->diag, STP_SEV_ERROR, &at->loc, at->exp, NULL,
			 code, ap);
	va_end(ap);
}

/* -- syntax errors ---------------------------------------------------------- */

static const char *const top_keywords[] = {
	"probe", "global", "function", "private",
};

static const char *keyword_hint(struct gram *g, const struct stp_token *at,
				const char *const *expected, int n)
{
	const char *cands[16];
	size_t nc = 0;
	const char *near;
	int i;

	if (at->kind != IDENT && at->kind != COMPONENT)
		return NULL;
	for (i = 0; i < n && nc < 12; i++) {
		/* keyword aliases look like 'probe' */
		size_t len = strlen(expected[i]);

		if (len > 2 && expected[i][0] == '\'' &&
		    expected[i][len - 1] == '\'' && isalpha((unsigned char)expected[i][1]))
			cands[nc++] = stp_arena_strndup(g->ctx->arena,
							expected[i] + 1,
							len - 2);
	}
	if (!g->last || g->last->kind == '}' || g->last->kind == 0) {
		for (i = 0; i < 4; i++)
			cands[nc++] = top_keywords[i];
	}
	near = stp_closest(at->text, cands, nc);
	return near ? stp_arena_printf(g->ctx->arena, "did you mean '%s'?",
				       near) : NULL;
}

void gram_syntax_error(struct gram *g, const struct stp_token *at,
		       const char *const *expected, int n)
{
	char desc[128], msg[512];
	const char *hint;
	size_t len;
	int i;

	if (g->quiet)
		return;
	/* `x =~ y`: SystemTap wants a literal regular expression */
	if (g->before_last && (g->before_last->kind == MATCH ||
			       g->before_last->kind == NOMATCH) &&
	    at == g->last && at->kind != STRING) {
		stp_diag_report(g->ctx->diag, STP_SEV_ERROR, &at->loc, at->exp,
				NULL, STP_REGEX_NOT_LITERAL,
				g->before_last->text);
		return;
	}
	len = (size_t)snprintf(msg, sizeof(msg), "unexpected %s",
			       stp_token_describe(at, desc, sizeof(desc)));
	for (i = 0; i < n && len < sizeof(msg); i++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, "%s%s",
					i == 0 ? ", expecting " :
					i == n - 1 ? " or " : ", ",
					expected[i]);
	hint = keyword_hint(g, at, expected, n);
	if (!hint && at->kind == 0)
		hint = "the script ends inside an unfinished construct "
		       "(an unclosed '{' or '(' ?)";
	stp_diag_report(g->ctx->diag, STP_SEV_ERROR, &at->loc, at->exp, hint,
			STP_SYNTAX, msg);
}

int gram_is_sync(int kind)
{
	return kind == 0 || kind == PROBE || kind == FUNCTION ||
	       kind == GLOBAL || kind == PRIVATE;
}

void gram_decl_done(struct gram *g)
{
	g->quiet = 0;
}

int gram_recover(struct gram *g, int lookahead)
{
	g->in_function = 0;
	g->quiet = 0;
	if (lookahead >= 0 && gram_is_sync(lookahead))
		return 0;
	g->skip_to_sync = 1;
	return 1;
}

/* -- tree depth ------------------------------------------------------------- */

/* The height of a node whose deepest child is `below` high.  The one
 * node where a path first gets too deep reports it; those above it on
 * the path are deeper still and keep quiet. */
static int height(struct gram *g, int below, const struct stp_token *at)
{
	if (below == STP_MAX_DEPTH)
		gram_error(g, at, STP_NESTING_TOO_DEEP);
	return below + 1;
}

/* The deepest of a node's children (visit.h knows which they are): a
 * walk that stops at each child, which is measured already. */
struct measure {
	struct stp_visitor vis;
	int below;
};

static enum stp_walk measure_expr(struct stp_visitor *v, struct stp_expr *e)
{
	struct measure *m = stp_container_of(v, struct measure, vis);

	if (e->depth > m->below)
		m->below = e->depth;
	return STP_WALK_SKIP;
}

static enum stp_walk measure_stmt(struct stp_visitor *v, struct stp_stmt *s)
{
	struct measure *m = stp_container_of(v, struct measure, vis);

	if (s->depth > m->below)
		m->below = s->depth;
	return STP_WALK_SKIP;
}

static const struct stp_visit_ops measure_ops = {
	.any_expr = measure_expr,
	.any_stmt = measure_stmt,
};

/* e's children are all attached: measure it. */
static struct stp_expr *expr_height(struct gram *g, struct stp_expr *e,
				    const struct stp_token *at)
{
	struct measure m = { { &measure_ops }, 0 };

	stp_visit_expr_children(&m.vis, e);
	e->depth = height(g, m.below, at);
	return e;
}

static struct stp_stmt *stmt_height(struct gram *g, struct stp_stmt *s)
{
	struct measure m = { { &measure_ops }, 0 };

	stp_visit_stmt_children(&m.vis, s);
	s->depth = height(g, m.below, s->tok);
	return s;
}

/* A body too deep to walk (E312 was reported inside it) is replaced by
 * an empty block: the passes after parsing recurse over trees, and a
 * tapset with the error is still loaded. */
static struct stp_stmt *bounded_body(struct gram *g, struct stp_stmt *body)
{
	if (!body || body->depth <= STP_MAX_DEPTH)
		return body;
	return gram_block(g, body->tok, NULL);
}

/* -- guru-only constructs ---------------------------------------------------- */

static int guru_allowed(struct gram *g, const struct stp_token *t)
{
	return g->ctx->env->guru_mode || (t->loc.src && t->loc.src->is_tapset);
}

/* -- declarations ------------------------------------------------------------ */

static struct stp_decl *add_decl(struct gram *g, enum stp_decl_kind kind,
				 const struct stp_token *tok)
{
	struct stp_decl *d = NEW(g, struct stp_decl);

	d->kind = kind;
	d->tok = tok;
	*g->file->tail = d;
	g->file->tail = &d->next;
	return d;
}

void gram_probe(struct gram *g, const struct stp_token *tok,
		enum stp_alias_kind kind, struct stp_probe_point *name,
		struct stp_probe_point *points, struct stp_stmt *body)
{
	struct stp_decl *d = add_decl(g, STP_D_PROBE, tok);

	d->u.probe.kind = kind;
	d->u.probe.name = name;
	d->u.probe.points = gram_push_points(NULL, points); /* in order */
	d->u.probe.body = bounded_body(g, body);
}

void gram_probe_epilogue(struct gram *g, struct stp_stmt *epilogue)
{
	struct stp_decl *d = (struct stp_decl *)((char *)g->file->tail -
						 offsetof(struct stp_decl, next));

	d->u.probe.epilogue = bounded_body(g, epilogue);
}

int gram_epilogue_op(struct gram *g, const struct stp_token *op)
{
	if (strcmp(op->text, "+="))
		gram_error(g, op, STP_ALIAS_OPERATOR, op->text);
	return '+';
}

/* The operator next to the probe points decides: `a = b += c` adds an
 * epilogue. */
enum stp_alias_kind gram_alias_kind(const struct stp_probe_point *names)
{
	while (names->next)
		names = names->next;
	return names->alias_op == '+' ? STP_PROBE_EPILOGUE : STP_PROBE_ALIAS;
}

static struct stp_probe_point *new_point(struct gram *g,
					 struct stp_component *c, int marker,
					 struct stp_expr *cond)
{
	struct stp_probe_point *p = NEW(g, struct stp_probe_point);

	p->tok = c->tok;
	p->comps = c;
	p->optional = marker == '?';
	p->sufficient = marker == '!';
	p->cond = cond;
	return p;
}

/* One probe point per alternative; markers and condition apply to all. */
struct stp_probe_point *gram_points(struct gram *g, struct stp_seqs *s,
				    int marker, struct stp_expr *cond)
{
	struct stp_probe_point *head = NULL, **tail = &head;
	size_t i;

	if (cond && cond->depth > STP_MAX_DEPTH)
		cond = NULL;	/* E312 was reported in it */
	for (i = 0; i < s->n; i++) {
		*tail = new_point(g, s->seq[i], marker ? marker : s->mark[i],
				  cond);
		tail = &(*tail)->next;
	}
	return head;
}

struct stp_probe_point *gram_alias_name(struct gram *g,
					struct stp_probe_point *names,
					struct stp_seqs *s, int op)
{
	struct stp_probe_point *p;

	if (s->n != 1)
		gram_error(g, s->seq[1]->tok, STP_ALIAS_ALTERNATIVES);
	p = new_point(g, s->seq[0], 0, NULL);
	p->alias_op = op;
	return names ? gram_append_point(names, p) : p;
}

static struct stp_seqs *new_seqs(struct gram *g, size_t n)
{
	struct stp_seqs *s = NEW(g, struct stp_seqs);

	s->seq = stp_arena_alloc(g->ctx->arena, (n ? n : 1) * sizeof(*s->seq));
	s->mark = stp_arena_alloc(g->ctx->arena, n ? n : 1);
	return s;
}

struct stp_seqs *gram_seqs_mark(struct stp_seqs *s, int marker)
{
	size_t i;

	for (i = 0; marker && i < s->n; i++)
		s->mark[i] = (unsigned char)marker;
	return s;
}

struct stp_seqs *gram_seqs_one(struct gram *g, struct stp_component *c)
{
	struct stp_seqs *s = new_seqs(g, 1);

	s->seq[0] = c;
	s->n = 1;
	return s;
}

/* A copy of the component list a, followed by b (shared). */
static struct stp_component *copy_then(struct gram *g,
				       const struct stp_component *a,
				       struct stp_component *b)
{
	struct stp_component *head = NULL, **tail = &head;

	for (; a; a = a->next) {
		*tail = NEW(g, struct stp_component);
		**tail = *a;
		tail = &(*tail)->next;
	}
	*tail = b;
	return head;
}

#define STP_MAX_ALTERNATIVES 4096

struct stp_seqs *gram_seqs_concat(struct gram *g, struct stp_seqs *a,
				  struct stp_seqs *b)
{
	struct stp_seqs *s;
	size_t i, j;

	if (a->n * b->n > STP_MAX_ALTERNATIVES) {
		gram_error(g, b->seq[0]->tok, STP_NESTING_TOO_DEEP);
		return a;
	}
	for (i = 0; i < a->n; i++) {
		if (a->mark[i]) {
			gram_error(g, b->seq[0]->tok, STP_MARK_NOT_LAST);
			break;
		}
	}
	s = new_seqs(g, a->n * b->n);
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++) {
			s->mark[s->n] = b->mark[j] ? b->mark[j] : a->mark[i];
			s->seq[s->n++] = copy_then(g, a->seq[i],
						   copy_then(g, b->seq[j], NULL));
		}
	}
	return s;
}

struct stp_seqs *gram_seqs_union(struct gram *g, struct stp_seqs *a,
				 struct stp_seqs *b)
{
	struct stp_seqs *s;

	if (a->n + b->n > STP_MAX_ALTERNATIVES) {
		gram_error(g, b->seq[0]->tok, STP_NESTING_TOO_DEEP);
		return a;
	}
	s = new_seqs(g, a->n + b->n);
	memcpy(s->seq, a->seq, a->n * sizeof(*s->seq));
	memcpy(s->seq + a->n, b->seq, b->n * sizeof(*s->seq));
	memcpy(s->mark, a->mark, a->n);
	memcpy(s->mark + a->n, b->mark, b->n);
	s->n = a->n + b->n;
	return s;
}

struct stp_probe_point *gram_push_points(struct stp_probe_point *reversed,
					 struct stp_probe_point *p)
{
	while (p) {
		struct stp_probe_point *next = p->next;

		p->next = reversed;
		reversed = p;
		p = next;
	}
	return reversed;
}

struct stp_probe_point *gram_append_point(struct stp_probe_point *list,
					  struct stp_probe_point *p)
{
	struct stp_probe_point *q = list;

	while (q->next)
		q = q->next;
	q->next = p;
	return list;
}

struct stp_component *gram_component(struct gram *g,
				     const struct stp_token *tok,
				     struct stp_expr *arg)
{
	struct stp_component *c = NEW(g, struct stp_component);

	c->tok = tok;
	c->name = tok->text;
	c->arg = arg;
	return c;
}

/* The hints of embedded C: the comments that open the code, before
 * any C.  SystemTap's spellings (pure, unprivileged, stable,
 * pragma:NAME for its runtime) are hints stapc does not need; a
 * comment after the first C token is C, whatever it says. */
static void embedded_hints(struct gram *g, struct stp_function *f)
{
	static const char key16[] = "pragma:key16";
	const char *p = f->embedded;

	for (;;) {
		const char *end, *arg, *argend;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (p[0] != '/' || p[1] != '*' || !(end = strstr(p + 2, "*/")))
			return;
		p += 2;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		arg = p + sizeof(key16) - 1;
		if ((size_t)(end - p) > sizeof(key16) &&
		    !strncmp(p, key16, sizeof(key16) - 1) &&
		    (*arg == ' ' || *arg == '\t')) {
			for (argend = end; argend > arg && (argend[-1] == ' ' ||
						     argend[-1] == '\t'); argend--)
				;
			while (arg < argend && (*arg == ' ' || *arg == '\t'))
				arg++;
			if (arg < argend)
				f->key16 = stp_arena_strndup(g->ctx->arena, arg,
							     (size_t)(argend - arg));
		}
		p = end + 2;
	}
}

void gram_function(struct gram *g, const struct stp_token *name, int type,
		   struct stp_param *params, struct stp_stmt *body,
		   int is_private)
{
	struct stp_decl *d = add_decl(g, STP_D_FUNCTION, name);
	struct stp_function *f = &d->u.func;
	struct stp_param *p;

	f->name = name->text;
	f->type = (enum stp_type)type;
	f->params = params;
	for (p = params; p; p = p->next)
		f->nparams++;
	if (body && body->kind == STP_S_EXPR && body->e &&
	    body->e->kind == STP_E_EMBEDDED) {
		f->embedded = body->e->str;
		f->embedded_tok = body->e->tok;
		embedded_hints(g, f);
	} else
		f->body = bounded_body(g, body);
	f->is_private = is_private != 0;
}

struct stp_stmt *gram_embedded_body(struct gram *g,
				    const struct stp_token *tok)
{
	struct stp_stmt *s = gram_stmt(g, STP_S_EXPR, tok);

	if (!guru_allowed(g, tok))
		gram_error(g, tok, STP_EMBEDDED_NEEDS_GURU);
	s->e = NEW(g, struct stp_expr);
	s->e->kind = STP_E_EMBEDDED;
	s->e->tok = tok;
	s->e->str = tok->text;
	return s;
}

int gram_bad_type(struct gram *g, const struct stp_token *tok)
{
	gram_error(g, tok, STP_BAD_TYPE, tok->text);
	return STP_T_UNKNOWN;
}

struct stp_param *gram_param(struct gram *g, const struct stp_token *tok,
			     int type)
{
	struct stp_param *p = NEW(g, struct stp_param);

	p->tok = tok;
	p->name = tok->text;
	p->type = (enum stp_type)type;
	return p;
}

struct stp_param *gram_append_param(struct gram *g, struct stp_param *list,
				    struct stp_param *p)
{
	struct stp_param *q = list;

	for (;;) {
		if (!strcmp(q->name, p->name))
			gram_error(g, p->tok, STP_DUPLICATE_PARAM, p->name);
		if (!q->next)
			break;
		q = q->next;
	}
	q->next = p;
	return list;
}

struct stp_decl *gram_global(struct gram *g, const struct stp_token *tok,
			     struct stp_expr *init, int64_t size, int wrap)
{
	struct stp_decl *d = NEW(g, struct stp_decl);

	d->kind = STP_D_GLOBAL;
	d->tok = tok;
	d->u.global.name = tok->text;
	d->u.global.init = init;
	d->u.global.is_array = size >= 0 || wrap;
	d->u.global.size = size > 0 ? size : 0;
	d->u.global.wrap = wrap != 0;
	return d;
}

void gram_globals(struct gram *g, struct stp_decl *reversed, int is_private)
{
	struct stp_decl *list = NULL;

	while (reversed) {
		struct stp_decl *next = reversed->next;

		reversed->next = list;
		list = reversed;
		reversed = next;
	}
	while (list) {
		struct stp_decl *next = list->next;
		const struct stp_decl *old = strmap_get(&g->globals,
							list->u.global.name);

		if (old) {
			gram_error(g, list->tok,
				   old->u.global.is_private != (is_private != 0)
				   ? STP_GLOBAL_AND_PRIVATE : STP_DUPLICATE_GLOBAL,
				   list->u.global.name);
			stp_diag_note(g->ctx->diag, &old->tok->loc,
				      "'%s' was first declared here",
				      old->u.global.name);
			list = next;
			continue;
		}

		list->next = NULL;
		list->u.global.is_private = is_private != 0;
		strmap_put(&g->globals, list->u.global.name, list);
		*g->file->tail = list;
		g->file->tail = &list->next;
		list = next;
	}
}

int64_t gram_array_size(struct gram *g, const struct stp_token *tok)
{
	if (tok->num <= 0 || tok->num > 2147483647) {
		gram_error(g, tok, STP_BAD_ARRAY_SIZE);
		return 0;
	}
	return tok->num;
}

void gram_embedded_top(struct gram *g, const struct stp_token *tok)
{
	struct stp_decl *d;

	if (!guru_allowed(g, tok))
		gram_error(g, tok, STP_EMBEDDED_NEEDS_GURU);
	d = add_decl(g, STP_D_EMBEDDED, tok);
	d->u.embedded = tok->text;
}

/* -- statements ---------------------------------------------------------------- */

struct stp_stmt *gram_stmt(struct gram *g, enum stp_stmt_kind kind,
			   const struct stp_token *tok)
{
	struct stp_stmt *s = NEW(g, struct stp_stmt);

	s->kind = kind;
	s->tok = tok;
	s->depth = 1;
	return s;
}

struct stp_stmt *gram_block(struct gram *g, const struct stp_token *tok,
			    struct stp_stmt *reversed)
{
	struct stp_stmt *b = gram_stmt(g, STP_S_BLOCK, tok), *list = NULL;

	while (reversed) {
		struct stp_stmt *next = reversed->next;

		reversed->next = list;
		list = reversed;
		reversed = next;
	}
	b->body = list;
	return stmt_height(g, b);
}

struct stp_stmt *gram_prepend_stmt(struct stp_stmt *list, struct stp_stmt *s)
{
	s->next = list;
	return s;
}

struct stp_stmt *gram_expr_stmt(struct gram *g, struct stp_expr *e)
{
	struct stp_stmt *s = gram_stmt(g, STP_S_EXPR, e->tok);

	s->e = e;
	return stmt_height(g, s);
}

struct stp_stmt *gram_if(struct gram *g, const struct stp_token *tok,
			 struct stp_expr *cond, struct stp_stmt *then,
			 struct stp_stmt *els)
{
	struct stp_stmt *s = gram_stmt(g, STP_S_IF, tok);

	s->e = cond;
	s->body = then;
	s->els = els;
	return stmt_height(g, s);
}

struct stp_stmt *gram_while(struct gram *g, const struct stp_token *tok,
			    struct stp_expr *cond, struct stp_stmt *body)
{
	struct stp_stmt *s = gram_stmt(g, STP_S_WHILE, tok);

	s->e = cond;
	s->body = body;
	return stmt_height(g, s);
}

struct stp_stmt *gram_for(struct gram *g, const struct stp_token *tok,
			  struct stp_expr *init, struct stp_expr *cond,
			  struct stp_expr *incr, struct stp_stmt *body)
{
	struct stp_stmt *s = gram_stmt(g, STP_S_FOR, tok);

	s->init = init;
	s->e = cond;
	s->incr = incr;
	s->body = body;
	return stmt_height(g, s);
}

struct stp_stmt *gram_foreach_stmt(struct gram *g, const struct stp_token *tok,
				   struct stp_foreach *fe,
				   struct stp_stmt *body)
{
	struct stp_stmt *s = gram_stmt(g, STP_S_FOREACH, tok);

	s->fe = fe;
	s->body = body;
	return stmt_height(g, s);
}

struct stp_stmt *gram_delete(struct gram *g, const struct stp_token *tok,
			     struct stp_expr *e)
{
	struct stp_stmt *s = gram_stmt(g, STP_S_DELETE, tok);

	s->e = e;
	return stmt_height(g, s);
}

struct stp_stmt *gram_return(struct gram *g, const struct stp_token *tok,
			     struct stp_expr *e)
{
	struct stp_stmt *s = gram_stmt(g, STP_S_RETURN, tok);

	if (!g->in_function)
		gram_error(g, tok, STP_RETURN_OUTSIDE);
	s->e = e;
	return stmt_height(g, s);
}

struct stp_stmt *gram_try(struct gram *g, const struct stp_token *tok,
			  struct stp_stmt *body, const struct stp_token *var,
			  struct stp_stmt *handler)
{
	struct stp_stmt *s = gram_stmt(g, STP_S_TRY, tok);

	s->body = body;
	s->els = handler;
	s->catch_var = var ? var->text : NULL;
	return stmt_height(g, s);
}

struct stp_foreach *gram_foreach(struct gram *g, struct stp_foreach *fe,
				 struct stp_expr *array, struct stp_list *slice,
				 int sort, struct stp_expr *limit)
{
	struct stp_foreach_key *k;
	const struct stp_token *second = NULL;
	int sorts = 0;

	fe->array = array;
	fe->slice = slice ? slice->head : NULL;
	fe->array_sort = sort;
	fe->limit = limit;
	for (k = fe->keys; k; k = k->next)
		if (k->sort && sorts++)
			second = k->tok;
	if (fe->value && fe->value->sort && sorts++)
		second = fe->value->tok;
	if (sort && sorts++)
		second = array->tok;
	if (second)
		gram_error(g, second, STP_MULTIPLE_SORT);
	return fe;
}

struct stp_foreach *gram_foreach_keys(struct gram *g,
				      struct stp_foreach_key *value,
				      struct stp_foreach_key *keys,
				      int bracketed)
{
	struct stp_foreach *fe = NEW(g, struct stp_foreach);
	struct stp_foreach_key *k;

	fe->value = value;
	fe->keys = keys;
	fe->bracketed = bracketed;
	for (k = keys; k; k = k->next)
		fe->nkeys++;
	return fe;
}

struct stp_foreach_key *gram_key(struct gram *g, const struct stp_token *tok,
				 int sort)
{
	struct stp_foreach_key *k = NEW(g, struct stp_foreach_key);

	k->tok = tok;
	k->name = tok->text;
	k->sort = sort;
	return k;
}

struct stp_foreach_key *gram_append_key(struct stp_foreach_key *list,
					struct stp_foreach_key *k)
{
	struct stp_foreach_key *q = list;

	while (q->next)
		q = q->next;
	q->next = k;
	return list;
}

/* -- expressions ------------------------------------------------------------- */

static struct stp_expr *new_expr(struct gram *g, enum stp_expr_kind kind,
				 const struct stp_token *tok)
{
	struct stp_expr *e = NEW(g, struct stp_expr);

	e->kind = kind;
	e->tok = tok;
	e->depth = 1;
	return e;
}

/* SystemTap reads `k in arr` below the comparisons: nothing binding
 * tighter may take it as an operand, and `[k] in arr` cannot follow a
 * unary or binary operator of that kind.  (`(k in arr) == 0` is fine.) */
static void check_in_operand(struct gram *g, const struct stp_token *op,
			     const struct stp_expr *operand, int left)
{
	if (operand->kind != STP_E_IN || operand->parenthesized)
		return;
	if (left || operand->bracketed) {
		char msg[96];

		snprintf(msg, sizeof(msg), "'%s' cannot take an unparenthesised "
			 "'in' expression as its operand", op->text);
		stp_diag_report(g->ctx->diag, STP_SEV_ERROR, &op->loc, op->exp,
				"write (k in arr)", STP_SYNTAX, msg);
	}
}

struct stp_expr *gram_binary(struct gram *g, enum stp_expr_kind kind,
			     const struct stp_token *op, struct stp_expr *a,
			     struct stp_expr *b)
{
	struct stp_expr *e = new_expr(g, kind, a->tok);

	/* operators above 'in' in SystemTap's precedence */
	if (kind == STP_E_COMPARE || kind == STP_E_REGEX ||
	    (kind == STP_E_BINARY && strcmp(e->op = op->text, "&") &&
	     strcmp(op->text, "|") && strcmp(op->text, "^"))) {
		check_in_operand(g, op, a, 1);
		check_in_operand(g, op, b, 0);
	}

	e->op = op->text;
	e->op_tok = op;
	e->a = a;
	e->b = b;
	return expr_height(g, e, op);
}

struct stp_expr *gram_ternary(struct gram *g, const struct stp_token *q,
			      struct stp_expr *c, struct stp_expr *a,
			      struct stp_expr *b)
{
	struct stp_expr *e = new_expr(g, STP_E_TERNARY, c->tok);

	e->a = c;
	e->b = a;
	e->c = b;
	return expr_height(g, e, q);
}

struct stp_expr *gram_unary(struct gram *g, const struct stp_token *op,
			    struct stp_expr *a)
{
	struct stp_expr *e;

	/* -N is a literal, so that -9223372036854775808 is representable */
	if (op->kind == '-' && a->kind == STP_E_NUMBER && a->num >= 0 &&
	    a->tok->kind == NUMBER) {
		a->num = (int64_t)(0 - (uint64_t)a->num);
		a->tok = op;
		return a;
	}
	if (op->kind == '-' && a->kind == STP_E_NUMBER &&
	    a->num == INT64_MIN && a->tok->kind == NUMBER) {
		/* 9223372036854775808 read as INT64_MIN: its negation */
		a->tok = op;
		return a;
	}
	check_in_operand(g, op, a, 0);
	e = new_expr(g, STP_E_UNARY, op);
	e->op = op->text;
	e->a = a;
	return expr_height(g, e, op);
}

struct stp_expr *gram_crement(struct gram *g, enum stp_expr_kind kind,
			      const struct stp_token *op, struct stp_expr *a)
{
	/* `++x++`: SystemTap's prefix operator takes a plain value */
	if (kind == STP_E_PREINC && a->kind == STP_E_POSTINC &&
	    !a->parenthesized) {
		char msg[96];

		snprintf(msg, sizeof(msg), "unexpected '%s' after '%s%s'",
			 a->op, op->text, "...");
		stp_diag_report(g->ctx->diag, STP_SEV_ERROR, &a->tok->loc,
				a->tok->exp, NULL, STP_SYNTAX, msg);
	}
	struct stp_expr *e = new_expr(g, kind, kind == STP_E_PREINC ? op
								   : a->tok);

	e->op = op->text;
	e->a = a;
	return expr_height(g, e, op);
}

struct stp_expr *gram_in(struct gram *g, const struct stp_token *in,
			 struct stp_list *keys, struct stp_expr *array)
{
	/* `a in b in c` does not parse in SystemTap; `(a in b) in c` does */
	if (keys->n == 1 && keys->head->kind == STP_E_IN &&
	    !keys->head->parenthesized) {
		char msg[] = "unexpected 'in' after an 'in' expression";

		stp_diag_report(g->ctx->diag, STP_SEV_ERROR, &in->loc, in->exp,
				"add parentheses", STP_SYNTAX, msg);
	}
	struct stp_expr *e = new_expr(g, STP_E_IN, keys->head ? keys->head->tok
							      : array->tok);

	e->a = array;
	e->args = keys->head;
	e->nargs = keys->n;
	return expr_height(g, e, in);
}

struct stp_expr *gram_index(struct gram *g, struct stp_expr *base,
			    struct stp_list *indexes)
{
	struct stp_expr *e = new_expr(g, STP_E_INDEX, base->tok);

	e->a = base;
	e->args = indexes->head;
	e->nargs = indexes->n;
	return expr_height(g, e, base->tok);
}

static int in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(name, *list))
			return 1;
	return 0;
}

struct stp_expr *gram_call(struct gram *g, const struct stp_token *name,
			   struct stp_list *args)
{
	/* the print built-ins whose first argument is a literal format or
	 * delimiter, and those that print a histogram given as a value */
	static const char *const format_first[] = {
#define PRINT_FUNCTION(name, format_first, hist_printer) \
		format_first ? #name : "",
#include "print-functions.def"
#undef PRINT_FUNCTION
		NULL,
	};
	static const char *const hist_printers[] = {
#define PRINT_FUNCTION(name, format_first, hist_printer) \
		hist_printer ? #name : "",
#include "print-functions.def"
#undef PRINT_FUNCTION
		NULL,
	};
	struct stp_expr *e = new_expr(g, STP_E_CALL, name);

	e->name = name->text;
	e->args = args->head;
	e->nargs = args->n;
	if (in_list(name->text, format_first) &&
	    (!e->args || e->args->kind != STP_E_STRING))
		gram_error(g, e->args ? e->args->tok : name,
			   STP_FORMAT_NOT_LITERAL, name->text);
	if (e->nargs == 1 && e->args->as_value &&
	    in_list(name->text, hist_printers))
		e->args->as_value = 0;
	/* SystemTap's print functions check their arity while parsing */
	if (!strcmp(name->text, "print") || !strcmp(name->text, "sprint")) {
		if (e->nargs < 1)
			gram_error(g, name, STP_PRINT_ARITY, name->text,
				   "at least one argument");
	} else if (in_list(name->text, format_first) &&
		   strncmp(name->text, "printf", 6) &&
		   strcmp(name->text, "sprintf")) {
		if (e->nargs < 3)
			gram_error(g, name, STP_PRINT_ARITY, name->text,
				   "a delimiter and at least two values");
	}
	return expr_height(g, e, name);
}

static struct stp_comp *last_comp(struct stp_comp *c)
{
	while (c && c->next)
		c = c->next;
	return c;
}

struct stp_expr *gram_member(struct gram *g, struct stp_expr *base,
			     struct stp_comp *comp)
{
	struct stp_expr *e;
	struct stp_comp *last;

	if (base->kind != STP_E_MEMBER) {
		e = new_expr(g, STP_E_MEMBER, base->tok);
		e->a = base;
		e->comps = comp;
		return expr_height(g, e, comp->tok);
	}
	last = last_comp(base->comps);
	if (last && last->kind == STP_C_PRETTY)
		gram_error(g, comp->tok, STP_BAD_TARGET_SUFFIX, last->name);
	last->next = comp;
	/* a longer chain: only the new component's index can deepen it */
	if (comp->index && comp->index->depth >= base->depth)
		base->depth = height(g, comp->index->depth, comp->tok);
	return base;
}

/* A trailing $ or $$ (pretty printing) on a target or field name, or
 * NULL.  The name before it must be non-empty: `$$` alone is no suffix. */
static const char *pretty_suffix(const char *name, size_t skip)
{
	size_t n = strlen(name), k = 0;

	while (k < 2 && n - k > skip && name[n - k - 1] == '$')
		k++;
	if (k == 0 || n - k <= skip || name[n - k - 1] == '$')
		return NULL;
	return name + n - k;
}

static struct stp_comp *pretty_comp(struct gram *g, const struct stp_token *t,
				    const char *suffix)
{
	struct stp_comp *c = NEW(g, struct stp_comp);

	c->kind = STP_C_PRETTY;
	c->tok = t;
	c->name = stp_arena_strdup(g->ctx->arena, suffix);
	return c;
}

struct stp_comp *gram_field(struct gram *g, const struct stp_token *tok)
{
	struct stp_comp *c = NEW(g, struct stp_comp);
	const char *suffix = pretty_suffix(tok->text, 0);

	c->kind = STP_C_FIELD;
	c->tok = tok;
	if (suffix) {
		c->name = stp_arena_strndup(g->ctx->arena, tok->text,
					    (size_t)(suffix - tok->text));
		c->next = pretty_comp(g, tok, suffix);
	} else {
		c->name = tok->text;
	}
	return c;
}

struct stp_comp *gram_pretty(struct gram *g, const struct stp_token *tok)
{
	return pretty_comp(g, tok, tok->text);
}

struct stp_comp *gram_comp_index(struct gram *g, const struct stp_token *tok,
				 struct stp_expr *index)
{
	struct stp_comp *c = NEW(g, struct stp_comp);

	c->kind = STP_C_INDEX;
	c->tok = tok;
	c->index = index;
	return c;
}

struct stp_expr *gram_target(struct gram *g, const struct stp_token *tok)
{
	size_t skip = strspn(tok->text, "$");
	const char *suffix = pretty_suffix(tok->text, skip);
	struct stp_expr *e = new_expr(g, STP_E_TARGET, tok);

	if (!suffix) {
		e->name = tok->text;
		return e;
	}
	e->name = stp_arena_strndup(g->ctx->arena, tok->text,
				    (size_t)(suffix - tok->text));
	return gram_member(g, e, pretty_comp(g, tok, suffix));
}

struct stp_expr *gram_atop(struct gram *g, const struct stp_token *tok,
			   struct stp_list *args)
{
	struct stp_expr *e = new_expr(g, STP_E_ATOP, tok);

	e->name = tok->text;
	e->args = args->head;
	e->nargs = args->n;
	/* the kernel-side register and memory operators need guru mode,
	 * their user-space twins (@uregister, @uderef) do not */
	if ((tok->kind == AT_CONST || !strcmp(tok->text, "@kregister") ||
	     !strcmp(tok->text, "@kderef")) && !guru_allowed(g, tok))
		gram_error(g, tok, STP_GURU_ONLY, tok->text);
	return expr_height(g, e, tok);
}

/* @variance(x, N): N is the bit shift SystemTap applies to the values */
struct stp_expr *gram_stat_shift(struct gram *g, const struct stp_token *tok,
				 struct stp_expr *e, struct stp_expr *shift)
{
	struct stp_list *l = gram_list1(g, e);

	if (strcmp(tok->text, "@variance"))
		gram_error(g, shift->tok, STP_STAT_ONE_ARG, tok->text);
	gram_list_add(g, l, shift);
	return gram_atop(g, tok, l);
}

struct stp_expr *gram_hist_linear(struct gram *g, const struct stp_token *tok,
				  struct stp_expr *e, struct stp_expr *start,
				  struct stp_expr *stop, struct stp_expr *step)
{
	struct stp_list *l = gram_list1(g, e);

	gram_list_add(g, l, start);
	gram_list_add(g, l, stop);
	gram_list_add(g, l, step);
	return gram_atop(g, tok, l);
}

struct stp_expr *gram_hist_value(struct gram *g, struct stp_expr *hist)
{
	hist->as_value = 1;
	stp_vec_push(&g->hist_values, hist);
	return hist;
}

struct stp_expr *gram_symbol(struct gram *g, const struct stp_token *tok)
{
	struct stp_expr *e = new_expr(g, STP_E_SYMBOL, tok);

	e->name = tok->text;
	return e;
}

struct stp_expr *gram_number(struct gram *g, const struct stp_token *tok,
			     int negative)
{
	struct stp_expr *e = new_expr(g, STP_E_NUMBER, tok);

	e->num = negative ? (int64_t)(0 - (uint64_t)tok->num) : tok->num;
	return e;
}

struct stp_expr *gram_string(struct gram *g, const struct stp_token *tok)
{
	struct stp_expr *e = new_expr(g, STP_E_STRING, tok);

	e->str = tok->text;
	return e;
}

struct stp_expr *gram_string_append(struct gram *g, struct stp_expr *s,
				    const struct stp_token *tok)
{
	s->str = stp_arena_printf(g->ctx->arena, "%s%s", s->str, tok->text);
	return s;
}

struct stp_expr *gram_embedded_expr(struct gram *g,
				    const struct stp_token *tok)
{
	struct stp_expr *e = new_expr(g, STP_E_EMBEDDED, tok);

	if (!guru_allowed(g, tok))
		gram_error(g, tok, STP_EMBEDDED_NEEDS_GURU);
	e->str = tok->text;
	return e;
}

struct stp_expr *gram_wildcard(struct gram *g, const struct stp_token *tok)
{
	struct stp_expr *e = new_expr(g, STP_E_SYMBOL, tok);

	e->name = "*";
	e->wildcard = 1;
	return e;
}

struct stp_list *gram_list0(struct gram *g)
{
	return NEW(g, struct stp_list);
}

struct stp_list *gram_list_add(struct gram *g, struct stp_list *l,
			       struct stp_expr *e)
{
	(void)g;
	if (!e)
		return l;
	if (l->tail)
		l->tail->next = e;
	else
		l->head = e;
	l->tail = e;
	l->n++;
	return l;
}

struct stp_list *gram_list1(struct gram *g, struct stp_expr *a)
{
	return gram_list_add(g, gram_list0(g), a);
}

struct stp_list *gram_list3(struct gram *g, struct stp_expr *a,
			    struct stp_expr *b, struct stp_expr *c)
{
	struct stp_list *l = gram_list1(g, a);

	gram_list_add(g, l, b);
	return gram_list_add(g, l, c);
}

void gram_finish(struct gram *g)
{
	size_t i;

	/* these checks are not echoes of an earlier error */
	g->quiet = 0;
	for (i = 0; i < g->hist_values.len; i++) {
		struct stp_expr *h = g->hist_values.items[i];

		if (h->as_value)
			gram_error(g, h->tok, STP_HIST_NOT_VALUE, h->name);
	}
	stp_vec_free(&g->hist_values);
	strmap_free(&g->globals);
}
