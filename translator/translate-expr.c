// SPDX-License-Identifier: GPL-2.0-or-later
/* translate-expr.c - pass 3: expressions as C expressions.
 *
 * A number becomes an s64 expression, a string a const char * (a
 * variable's storage, a literal, a map slot, or a temporary in the
 * frame).  Work that needs statements (keys, checks, temporaries) is a
 * GNU statement expression; an error leaves it with a goto to the
 * body's unwind label (jumping out of a statement expression is fine). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trans.h"
#include "visit.h"

/* Every expression and statement kind has its own translation: a kind
 * without a case in a switch here fails the build (parser/visit.h). */
STP_EXHAUSTIVE_FILE

bool tx_is_string(const struct stp_expr *e)
{
	return stp_sem_type(e) == STP_V_STRING;
}

static const char *type_name(int ty)
{
	return ty == STP_V_STRING ? "string" : "number";
}

/* The union _stp_key initialiser for an index list; wildcards ('*')
 * set their bit in *wild and key 0. */
void tx_keys(struct tx *t, const struct stp_expr *args, int nargs,
	     const struct stp_var *arr, struct sbuf *o, const char *name,
	     unsigned *wild)
{
	const struct stp_expr *a;
	int i = 0;

	if (wild)
		*wild = 0;
	sb_printf(o, "union _stp_key %s[%d] = { ", name, nargs);
	for (a = args; a; a = a->next, i++) {
		bool str = arr && i < arr->nkeys ?
			arr->key_types[i] == STP_V_STRING : tx_is_string(a);

		if (a->wildcard) {
			if (wild)
				*wild |= 1U << i;
			sb_add(o, str ? "{ .str = \"\" }" : "{ .num = 0 }");
		} else {
			sb_add(o, str ? "{ .str = " : "{ .num = ");
			tx_expr(t, a, o);
			sb_add(o, " }");
		}
		sb_add(o, a->next ? ", " : " ");
	}
	sb_add(o, "}; ");
}

static const struct stp_var *index_var(const struct stp_expr *e)
{
	if (stp_sem_var(e))
		return stp_sem_var(e);
	if (e->a && e->a->kind == STP_E_SYMBOL)
		return stp_sem_var(e->a);
	return NULL;
}

/* The folded total of a statistics operand (a scalar aggregate, an
 * element of an aggregate array, or @hist_x(either)); *desc names its
 * descriptor. */
void tx_stat_total(struct tx *t, const struct stp_expr *e, struct sbuf *o,
		   const char **desc)
{
	const struct stp_var *v;

	if (e->kind == STP_E_ATOP && e->args)
		e = e->args;
	v = e->kind == STP_E_INDEX ? index_var(e) : stp_sem_var(e);
	if (!v || v->type != STP_V_STATS || v->scope != STP_VAR_GLOBAL) {
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "statistics operand is not a global aggregate");
		sb_add(o, "NULL");
		*desc = "_stp_no_desc";
		return;
	}
	*desc = tx_global_desc(t, v);
	if (v->nkeys == 0) {
		sb_printf(o, "_stp_sstat_fold(&%s)", tx_global(t, v));
		return;
	}
	{
		int l = tx_label(t);
		char kn[32];

		snprintf(kn, sizeof(kn), "_k%d", l);
		sb_add(o, "({ ");
		tx_keys(t, e->args, e->nargs, v, o, kn, NULL);
		sb_printf(o, "_stp_array_stat_get(&%s, %s); })",
			  tx_global(t, v), kn);
	}
}

/* The runtime's STP_OP_ of an operator that yields a number; NULL for
 * a histogram. */
static const char *stat_op(const char *name)
{
	static const struct { const char *n, *op; bool value; } ops[] = {
#define STAT_OPERATOR(name, kind, value) \
		{ "@" #name, "STP_OP_" #kind, value },
#include "stat-operators.def"
#undef STAT_OPERATOR
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(name, ops[i].n))
			return ops[i].value ? ops[i].op : NULL;
	return NULL;
}

static void tx_atop(struct tx *t, const struct stp_expr *e, struct sbuf *o)
{
	const char *op = stat_op(e->name);

	if (op) {
		const char *desc;
		char *d;
		bool can_fail = strcmp(op, "STP_OP_COUNT") &&
			strcmp(op, "STP_OP_SUM");

		sb_add(o, "({ const struct _stp_stat *_st = ");
		tx_stat_total(t, e->args, o, &desc);
		d = stp_xstrdup(desc);
		sb_add(o, "; ");
		if (!can_fail) {
			sb_printf(o, "_stp_stat_op(c, _st, &%s, %s); })", d, op);
		} else {
			char what[64];

			snprintf(what, sizeof(what), "operator '%s'", e->name);
			sb_add(o, "s64 _r; ");
			tx_set_stmt(t, o, what, e->tok);
			sb_printf(o, "_r = _stp_stat_op(c, _st, &%s, %s); "
				  "if (unlikely(c->last_error)) goto %s; _r; })",
				  d, op, t->b->err_label);
		}
		free(d);
		return;
	}
	if (!strcmp(e->name, "@entry")) {
		const struct stp_probe_info *p = t->b->probe;

		if (!p || t->b->in_function || t->b->entry_saver) {
			tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
				 "@entry outside a return probe's body");
			sb_add(o, "0");
			return;
		}
		sb_printf(o, "(((struct probe_%d_entry *)c->entry_data)->e%d)",
			  p->index, stp_sem_slot(e));
		return;
	}
	if (!strncmp(e->name, "@hist_", 6)) {
		tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
			 "a histogram outside print() or an index");
		sb_add(o, "0");
		return;
	}
	{
		char what[64];

		snprintf(what, sizeof(what), "'%s'", e->name);
		tx_error(t, e->tok, STP_TRANS_UNSUPPORTED, what);
		sb_add(o, "0");
	}
}

/* A number literal (S64_MIN has no literal of its own in C). */
static void tx_number(int64_t v, struct sbuf *o)
{
	if (v == INT64_MIN)
		sb_add(o, "(-9223372036854775807LL - 1)");
	else if (v < 0)
		sb_printf(o, "(%lldLL)", (long long)v);
	else
		sb_printf(o, "%lldLL", (long long)v);
}

/* Scalar variable storage: l->stp_l_x or stp_g_x (a string is its array). */
static char *var_ref(struct tx *t, const struct stp_var *v)
{
	if (v->scope == STP_VAR_GLOBAL)
		return stp_xstrdup(tx_global(t, v));
	return tx_local(t, v);
}

static void tx_symbol(struct tx *t, const struct stp_expr *e, struct sbuf *o)
{
	const struct stp_var *v = stp_sem_var(e);
	char *r;

	if (!v) {
		tx_error(t, e->tok, STP_TRANS_INTERNAL, "unresolved symbol");
		sb_add(o, "0");
		return;
	}
	if (v->nkeys || v->type == STP_V_STATS) {
		tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
			 "an array or aggregate used as a value");
		sb_add(o, "0");
		return;
	}
	r = var_ref(t, v);
	sb_add(o, r);
	free(r);
}

/* a[k...] read: 0 or "" when missing. */
static void tx_index(struct tx *t, const struct stp_expr *e, struct sbuf *o)
{
	const struct stp_var *v;
	int l;
	char kn[32];

	if (e->a && e->a->kind == STP_E_ATOP &&
	    !strncmp(e->a->name, "@hist_", 6)) {
		const char *desc;
		char *d;

		sb_add(o, "({ const struct _stp_stat *_st = ");
		tx_stat_total(t, e->a, o, &desc);
		d = stp_xstrdup(desc);
		sb_add(o, "; s64 _i = ");
		tx_expr(t, e->args, o);
		sb_add(o, "; s64 _r; ");
		tx_set_stmt(t, o, "operator '[]'", e->tok);
		sb_printf(o, "_r = _stp_stat_bucket(c, _st, &%s, _i); "
			  "if (unlikely(c->last_error)) goto %s; _r; })", d,
			  t->b->err_label);
		free(d);
		return;
	}
	v = index_var(e);
	if (!v || !v->nkeys || v->type == STP_V_STATS) {
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "index of something that is not an array");
		sb_add(o, "0");
		return;
	}
	l = tx_label(t);
	snprintf(kn, sizeof(kn), "_k%d", l);
	sb_add(o, "({ ");
	tx_keys(t, e->args, e->nargs, v, o, kn, NULL);
	sb_printf(o, "_stp_array_get_%s(&%s, %s); })",
		  v->type == STP_V_STRING ? "str" : "num", tx_global(t, v), kn);
}

static void tx_in(struct tx *t, const struct stp_expr *e, struct sbuf *o)
{
	const struct stp_var *v = stp_sem_var(e) ? stp_sem_var(e) :
		(e->a ? stp_sem_var(e->a) : NULL);
	unsigned wild;
	char kn[32];

	if (!v || !v->nkeys) {
		tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
			 "'in' on something that is not an array");
		sb_add(o, "0");
		return;
	}
	snprintf(kn, sizeof(kn), "_k%d", tx_label(t));
	sb_add(o, "({ ");
	tx_keys(t, e->args, e->nargs, v, o, kn, &wild);
	if (v->type == STP_V_STATS)
		sb_printf(o, "(s64)_stp_array_stat_exists(&%s, %s, %#xU); })",
			  tx_global(t, v), kn, wild);
	else if (wild)
		sb_printf(o, "(s64)_stp_map_exists_wild(%s.map, %s, %#xU); })",
			  tx_global(t, v), kn, wild);
	else
		sb_printf(o, "(s64)_stp_map_exists(%s.map, %s); })",
			  tx_global(t, v), kn);
}

/* Checked / and %: "division by 0" as SystemTap words it. */
static void tx_divmod(struct tx *t, const struct stp_expr *e,
		      const struct stp_expr *a, const struct stp_expr *b,
		      bool div, struct sbuf *o)
{
	char what[32];

	snprintf(what, sizeof(what), "operator '%s'", div ? "/" : "%");
	sb_add(o, "({ s64 _a = ");
	tx_expr(t, a, o);
	sb_add(o, "; s64 _b = ");
	tx_expr(t, b, o);
	sb_add(o, "; if (unlikely(_b == 0)) { ");
	tx_set_stmt(t, o, what, e->op_tok ? e->op_tok : e->tok);
	sb_printf(o, "_stp_error(c, \"division by 0\"); goto %s; } "
		  "_stp_s%s(_a, _b); })", t->b->err_label, div ? "div" : "mod");
}

/* The numeric binary operators; op is the operator spelling. */
static void tx_arith(struct tx *t, const struct stp_expr *e, const char *op,
		     const struct stp_expr *a, const struct stp_expr *b,
		     struct sbuf *o)
{
	const char *fn = NULL;

	if (!strcmp(op, "/") || !strcmp(op, "%")) {
		tx_divmod(t, e, a, b, op[0] == '/', o);
		return;
	}
	if (!strcmp(op, "<<"))
		fn = "_stp_shl";
	else if (!strcmp(op, ">>"))
		fn = "_stp_shr";
	else if (!strcmp(op, ">>>"))
		fn = "_stp_ushr";
	if (fn) {
		sb_printf(o, "%s(", fn);
		tx_expr(t, a, o);
		sb_add(o, ", ");
		tx_expr(t, b, o);
		sb_add(o, ")");
		return;
	}
	sb_add(o, "(");
	tx_expr(t, a, o);
	sb_printf(o, " %s ", op);
	tx_expr(t, b, o);
	sb_add(o, ")");
}

static void tx_concat(struct tx *t, const struct stp_expr *a,
		      const struct stp_expr *b, struct sbuf *o)
{
	char *tmp = stp_xstrdup(tx_temp_str(t));

	sb_printf(o, "_stp_str_concat(%s, ", tmp);
	tx_expr(t, a, o);
	sb_add(o, ", ");
	tx_expr(t, b, o);
	sb_add(o, ")");
	free(tmp);
}

/* The operator of a compound assignment: "+=" -> "+". */
static char *base_op(const char *op)
{
	size_t n = strlen(op);

	char *r = stp_xmalloc(n + 1);

	memcpy(r, op, n);
	r[n > 1 ? n - 1 : n] = '\0';
	return r;
}

/* Assignment to a scalar variable. */
static void tx_assign_scalar(struct tx *t, const struct stp_expr *e,
			     const struct stp_var *v, struct sbuf *o)
{
	char *r = var_ref(t, v);
	const char *op = e->op;

	if (v->type == STP_V_STATS) {
		if (strcmp(op, "<<<")) {
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "assignment to an aggregate");
		} else {
			sb_printf(o, "({ s64 _v = ");
			tx_expr(t, e->b, o);
			sb_printf(o, "; _stp_sstat_add(&%s, &%s, _v); "
				  "_v; })", r, tx_global_desc(t, v));
		}
	} else if (v->type == STP_V_STRING) {
		if (!strcmp(op, "=")) {
			sb_printf(o, "_stp_str_copy(%s, ", r);
			tx_expr(t, e->b, o);
			sb_add(o, ")");
		} else if (!strcmp(op, ".=")) {
			sb_printf(o, "_stp_str_append(%s, ", r);
			tx_expr(t, e->b, o);
			sb_add(o, ")");
		} else {
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "numeric assignment to a string");
		}
	} else if (!strcmp(op, "=") || !strcmp(op, "+=") ||
		   !strcmp(op, "-=") || !strcmp(op, "*=") ||
		   !strcmp(op, "&=") || !strcmp(op, "|=") ||
		   !strcmp(op, "^=")) {
		sb_printf(o, "(%s %s ", r, op);
		tx_expr(t, e->b, o);
		sb_add(o, ")");
	} else {
		char *bop = base_op(op);
		struct stp_expr self = { .kind = STP_E_SYMBOL, .tok = e->tok,
					 .sem = &(struct stp_sem){
						  .type = STP_V_LONG,
						  .var = (struct stp_var *)v } };

		sb_printf(o, "(%s = ", r);
		tx_arith(t, e, bop, &self, e->b, o);
		sb_add(o, ")");
		free(bop);
	}
	free(r);
}

/*
 * The C expression that reads a tapset function's value in place as a
 * 16-byte key.  A function whose string value is a 16-byte NUL-padded
 * buffer that stays put during a probe hit (a task's comm) declares it
 * in its embedded C with a comment whose whole text is "stapc:key16
 * EXPR" (see execname() in tapsets/context.stp).  A one-key statistics
 * array keyed by a call of it then reads the buffer in place
 * (_stp_array_stat_add_str16, runtime/lang.h), with no copy into a
 * MAXSTRINGLEN temporary.  Only tapset functions without parameters may
 * declare it.  EXPR is appended to @expr (if not NULL); the return value
 * is its length, 0 when there is none.
 */
size_t tx_key16_expr(const struct stp_func_info *fn, struct sbuf *expr)
{
	static const char tag[] = "/* stapc:key16 ";
	const char *code, *p, *end;

	if (!fn || !fn->from_tapset || !fn->embedded || fn->nparams != 0 ||
	    fn->ret != STP_V_STRING || !fn->decl ||
	    !(code = fn->decl->u.func.embedded) ||
	    !(p = strstr(code, tag)) || !(end = strstr(p, "*/")))
		return 0;
	p += sizeof(tag) - 1;
	while (end > p && end[-1] == ' ')
		end--;
	if (end == p)
		return 0;
	if (expr)
		sb_addn(expr, p, (size_t)(end - p));
	return (size_t)(end - p);
}

static bool is_key16_call(const struct stp_expr *e)
{
	return e && e->kind == STP_E_CALL && e->nargs == 0 &&
	       tx_key16_expr(stp_sem_fn(e), NULL);
}

/* Assignment to an array element (or <<< into an aggregate array). */
static void tx_assign_index(struct tx *t, const struct stp_expr *e,
			    const struct stp_expr *lhs, struct sbuf *o)
{
	const struct stp_var *v = index_var(lhs);
	const char *op = e->op;
	const char *g;
	char kn[32];
	char what[160];

	if (!v || !v->nkeys) {
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "assignment to an index of a non-array");
		return;
	}
	g = tx_global(t, v);
	snprintf(kn, sizeof(kn), "_k%d", tx_label(t));
	snprintf(what, sizeof(what), "identifier '%s'", v->name);
	if (v->type == STP_V_STRING) {
		sb_add(o, "({ const char *_v = ");
		tx_expr(t, e->b, o);
		sb_add(o, "; ");
		tx_keys(t, lhs->args, lhs->nargs, v, o, kn, NULL);
		tx_set_stmt(t, o, what, lhs->tok);
		sb_printf(o, "if (unlikely(_stp_array_%s_str(c, &%s, %s, _v))) "
			  "goto %s; _v; })", !strcmp(op, ".=") ? "append" : "set",
			  g, kn, t->b->err_label);
		return;
	}
	sb_add(o, "({ s64 _v = ");
	tx_expr(t, e->b, o);
	sb_add(o, "; s64 _r, _old; ");
	if (v->type == STP_V_STATS && v->nkeys == 1 &&
	    is_key16_call(lhs->args)) {
		/* the key needs no temporary: see tx_key16_expr */
		sb_add(o, "(void)_r; (void)_old; ");
		tx_set_stmt(t, o, what, lhs->tok);
		sb_printf(o, "if (unlikely(_stp_array_stat_add_str16(c, &%s, "
			  "&%s, ", g, tx_global_desc(t, v));
		tx_key16_expr(stp_sem_fn(lhs->args), o);
		sb_printf(o, ", _v))) goto %s; _v; })", t->b->err_label);
		return;
	}
	tx_keys(t, lhs->args, lhs->nargs, v, o, kn, NULL);
	sb_add(o, "(void)_r; (void)_old; ");
	tx_set_stmt(t, o, what, lhs->tok);
	if (v->type == STP_V_STATS) {
		if (v->nkeys == 1)
			sb_printf(o, "if (unlikely(_stp_array_stat_add1(c, "
				  "&%s, &%s, %s[0], _v))) goto %s; _v; })",
				  g, tx_global_desc(t, v), kn, t->b->err_label);
		else
			sb_printf(o, "if (unlikely(_stp_array_stat_add(c, "
				  "&%s, &%s, %s, _v))) goto %s; _v; })",
				  g, tx_global_desc(t, v), kn, t->b->err_label);
	} else if (!strcmp(op, "=")) {
		sb_printf(o, "if (unlikely(_stp_array_set_num(c, &%s, %s, _v))) "
			  "goto %s; _v; })", g, kn, t->b->err_label);
	} else if (!strcmp(op, "+=") || !strcmp(op, "-=")) {
		sb_printf(o, "if (unlikely(_stp_array_add_num(c, &%s, %s, "
			  "%s_v, &_r))) goto %s; _r; })", g, kn,
			  op[0] == '-' ? "-" : "", t->b->err_label);
	} else {
		/* other compound operators: read, compute, write */
		char *bop = base_op(op);

		sb_printf(o, "_old = _stp_array_get_num(&%s, %s); _r = ",
			  g, kn);
		if (!strcmp(bop, "/") || !strcmp(bop, "%")) {
			sb_add(o, "0; if (unlikely(_v == 0)) { ");
			tx_set_stmt(t, o, bop[0] == '/' ? "operator '/='" :
				    "operator '%='", e->op_tok ? e->op_tok : e->tok);
			sb_printf(o, "_stp_error(c, \"division by 0\"); goto %s; } "
				  "_r = _stp_s%s(_old, _v); ", t->b->err_label,
				  bop[0] == '/' ? "div" : "mod");
		} else if (!strcmp(bop, "<<")) {
			sb_add(o, "_stp_shl(_old, _v); ");
		} else if (!strcmp(bop, ">>")) {
			sb_add(o, "_stp_shr(_old, _v); ");
		} else {
			sb_printf(o, "_old %s _v; ", bop);
		}
		sb_printf(o, "if (unlikely(_stp_array_set_num(c, &%s, %s, _r))) "
			  "goto %s; _r; })", g, kn, t->b->err_label);
		free(bop);
	}
}

static void tx_assign(struct tx *t, const struct stp_expr *e, struct sbuf *o)
{
	const struct stp_expr *lhs = e->a;

	if (lhs->kind == STP_E_SYMBOL && stp_sem_var(lhs)) {
		tx_assign_scalar(t, e, stp_sem_var(lhs), o);
	} else if (lhs->kind == STP_E_INDEX) {
		tx_assign_index(t, e, lhs, o);
	} else if (lhs->kind == STP_E_TARGET || lhs->kind == STP_E_MEMBER) {
		tx_error(t, lhs->tok, STP_TRANS_UNSUPPORTED,
			 "assignment to a target variable");
	} else {
		tx_error(t, lhs->tok, STP_TRANS_INTERNAL, "bad lvalue");
	}
}

/* ++x, x++, --x, x-- */
static void tx_incdec(struct tx *t, const struct stp_expr *e, bool pre,
		      struct sbuf *o)
{
	const struct stp_expr *x = e->a;
	bool inc = e->op[0] == '+';

	if (x->kind == STP_E_SYMBOL && stp_sem_var(x)) {
		char *r = var_ref(t, stp_sem_var(x));

		if (pre)
			sb_printf(o, "(%s%s)", inc ? "++" : "--", r);
		else
			sb_printf(o, "(%s%s)", r, inc ? "++" : "--");
		free(r);
		return;
	}
	if (x->kind == STP_E_INDEX) {
		const struct stp_var *v = index_var(x);
		char kn[32], what[160];

		if (!v || !v->nkeys || v->type != STP_V_LONG) {
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "increment of a non-number");
			sb_add(o, "0");
			return;
		}
		snprintf(kn, sizeof(kn), "_k%d", tx_label(t));
		snprintf(what, sizeof(what), "identifier '%s'", v->name);
		sb_add(o, "({ s64 _r; ");
		tx_keys(t, x->args, x->nargs, v, o, kn, NULL);
		tx_set_stmt(t, o, what, x->tok);
		sb_printf(o, "if (unlikely(_stp_array_add_num(c, &%s, %s, %s, &_r))) "
			  "goto %s; _r%s; })", tx_global(t, v), kn,
			  inc ? "1" : "-1", t->b->err_label,
			  pre ? "" : (inc ? " - 1" : " + 1"));
		return;
	}
	tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
		 "increment of a target variable");
	sb_add(o, "0");
}

/* A call of a script or embedded-C function. */
static void tx_call(struct tx *t, const struct stp_expr *e, struct sbuf *o)
{
	const struct stp_func_info *f = stp_sem_fn(e);
	const struct stp_expr *a;
	char what[160];
	int n, call;

	if (!f) {
		if (tx_is_print(e->name)) {
			tx_print_call(t, e, o);
			return;
		}
		tx_error(t, e->tok, STP_TRANS_INTERNAL, "unresolved function");
		sb_add(o, "0");
		return;
	}
	snprintf(what, sizeof(what), "identifier '%s'", e->name);
	sb_add(o, "({ ");
	/* Arguments first (their own errors name their own places), then
	 * the call's place, then the call: an error the callee raises
	 * without a place of its own (error(), MAXNESTING) names the call,
	 * and one it raises with a place (error() clears it) keeps that. */
	call = ++t->ncalls;	/* unique names: calls nest in arguments */
	for (a = e->args, n = 0; a; a = a->next, n++) {
		sb_printf(o, "%s _a%d_%d = ", tx_is_string(a) ?
			  "const char *" : "s64", call, n);
		tx_expr(t, a, o);
		sb_add(o, "; ");
	}
	tx_set_stmt(t, o, what, e->tok);
	if (f->ret == STP_V_STRING)
		sb_add(o, "const char *_r = ");
	else if (f->ret == STP_V_LONG)
		sb_add(o, "s64 _r = ");
	sb_printf(o, "%s(c", tx_func(t, f));
	if (f->ret == STP_V_STRING)
		sb_printf(o, ", %s", tx_temp_str(t));
	for (n = 0; n < e->nargs; n++)
		sb_printf(o, ", _a%d_%d", call, n);
	sb_add(o, "); ");
	sb_printf(o, "if (unlikely(c->last_error)) goto %s; ", t->b->err_label);
	if (f->ret == STP_V_STRING || f->ret == STP_V_LONG)
		sb_add(o, "_r; ");
	sb_add(o, "})");
}

static void tx_compare(struct tx *t, const struct stp_expr *e,
		       struct sbuf *o)
{
	if (tx_is_string(e->a) || tx_is_string(e->b)) {
		sb_add(o, "(s64)(strcmp(");
		tx_expr(t, e->a, o);
		sb_add(o, ", ");
		tx_expr(t, e->b, o);
		sb_printf(o, ") %s 0)", e->op);
		return;
	}
	sb_add(o, "(s64)(");
	tx_expr(t, e->a, o);
	sb_printf(o, " %s ", e->op);
	tx_expr(t, e->b, o);
	sb_add(o, ")");
}

void tx_expr(struct tx *t, const struct stp_expr *e, struct sbuf *o)
{
	switch (e->kind) {
	case STP_E_NUMBER:
		tx_number(e->num, o);
		return;
	case STP_E_STRING: {
		size_t n;
		char *raw = tx_unescape(e->str, &n);

		tx_c_string(o, raw, n);
		free(raw);
		return;
	}
	case STP_E_SYMBOL:
		tx_symbol(t, e, o);
		return;
	case STP_E_TARGET:
	case STP_E_MEMBER:
		tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
			 "a target variable ($name)");
		sb_add(o, "0");
		return;
	case STP_E_EMBEDDED:
		if (tx_is_string(e))
			sb_printf(o, "((const char *)(%s))", e->str);
		else
			sb_printf(o, "((s64)(%s))", e->str);
		return;
	case STP_E_UNARY:
		if (!strcmp(e->op, "&")) {
			tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
				 "the address of a target variable");
			sb_add(o, "0");
			return;
		}
		if (!strcmp(e->op, "!"))
			sb_add(o, "(s64)(!");
		else
			sb_printf(o, "(%s", e->op);
		tx_expr(t, e->a, o);
		sb_add(o, ")");
		return;
	case STP_E_BINARY:
		if (!strcmp(e->op, "."))
			tx_concat(t, e->a, e->b, o);
		else
			tx_arith(t, e, e->op, e->a, e->b, o);
		return;
	case STP_E_LOGICAL:
		sb_add(o, "(s64)(");
		tx_expr(t, e->a, o);
		sb_printf(o, " %s ", e->op);
		tx_expr(t, e->b, o);
		sb_add(o, ")");
		return;
	case STP_E_COMPARE:
		tx_compare(t, e, o);
		return;
	case STP_E_REGEX:
		tx_error(t, e->tok, STP_TRANS_REGEX, e->op);
		sb_add(o, "0");
		return;
	case STP_E_TERNARY:
		sb_add(o, "(");
		tx_expr(t, e->a, o);
		sb_add(o, " ? ");
		tx_expr(t, e->b, o);
		sb_add(o, " : ");
		tx_expr(t, e->c, o);
		sb_add(o, ")");
		return;
	case STP_E_ASSIGN:
		tx_assign(t, e, o);
		return;
	case STP_E_PREINC:
		tx_incdec(t, e, true, o);
		return;
	case STP_E_POSTINC:
		tx_incdec(t, e, false, o);
		return;
	case STP_E_INDEX:
		tx_index(t, e, o);
		return;
	case STP_E_IN:
		tx_in(t, e, o);
		return;
	case STP_E_CALL:
		tx_call(t, e, o);
		return;
	case STP_E_ATOP:
		tx_atop(t, e, o);
		return;
	}
	tx_error(t, e->tok, STP_TRANS_INTERNAL, type_name(stp_sem_type(e)));
	sb_add(o, "0");
}
