// SPDX-License-Identifier: GPL-2.0-or-later
/* translate-expr.c - pass 3: expressions as C expressions.
 *
 * A number becomes an s64 expression, a string a const char * (a
 * variable's storage, a literal, a map slot, or a temporary).  Work that
 * needs statements (keys, calls, checks) is written first, as lines of
 * the current statement, leaving its value in a temporary (emit.h): the
 * expression that remains has no work of its own.  Operands are
 * evaluated left to right: an operand read before a later operand's work
 * is kept in a temporary first (eval_list).  Right operands of && and ||
 * and the arms of ?: keep their work under the condition. */
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

static char *expr(struct tx *t, const struct stp_expr *e, bool discard);

char *tx_expr(struct tx *t, const struct stp_expr *e)
{
	return expr(t, e, false);
}

char *tx_place_literal(struct tx *t, const char *what,
		       const struct stp_token *tok)
{
	struct sbuf o = { 0 };
	char *s = em_strdup_printf("%s at %s", what, tx_loc(t, tok));

	em_c_string(&o, s, strlen(s));
	free(s);
	free(o.places);
	return o.s;
}

void tx_set_stmt(struct tx *t, const char *what, const struct stp_token *tok)
{
	char *s = tx_place_literal(t, what, tok);

	em_line(tx_em(t), "c->last_stmt = %s;", s);
	free(s);
}

/* if (unlikely(COND)) goto <error label>; */
static void fail_if(struct tx *t, const char *cond)
{
	em_line(tx_em(t), "if (unlikely(%s))", cond);
	em_line(tx_em(t), "\tgoto %s;", t->b->err_label);
}

/* ---- order of evaluation ---- */

/* Is the C expression r of e the same value whatever runs after it? */
static bool stable(const struct stp_expr *e, const char *r)
{
	const char *p = r;

	if (e->kind == STP_E_NUMBER || e->kind == STP_E_STRING || e->wildcard)
		return true;
	if (!strncmp(p, "l->t", 4))
		p += 4;
	else if (*p == 'n' || *p == 's')
		p++;
	else
		return false;
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* Keep r (of e) in a temporary: its name. */
static char *keep(struct tx *t, const struct stp_expr *e, const char *r,
		  struct sbuf *lines)
{
	const char *n = tx_is_string(e) ? em_str(tx_em(t)) : em_num(tx_em(t));
	int i;

	for (i = 0; i < tx_em(t)->indent; i++)
		sb_add(lines, "\t");
	sb_printf(lines, "%s = %s;\n", n, r);
	return stp_xstrdup(n);
}

/* Keep *r (of e) in a temporary now, unless it is stable. */
static void keep_here(struct tx *t, const struct stp_expr *e, char **r)
{
	struct sbuf l = { 0 };
	char *k;

	if (stable(e, *r))
		return;
	k = keep(t, e, *r, &l);
	sb_append(&tx_em(t)->code, &l);
	sb_free(&l);
	free(*r);
	*r = k;
}

/* The n expressions es[] into r[], left to right: when one of them
 * changes what the script can see (a call, an assignment), the values
 * before it are kept in temporaries first. */
static void eval_list(struct tx *t, const struct stp_expr *const *es, int n,
		      char **r)
{
	struct sbuf *code = &tx_em(t)->code;
	int i, j, kept = 0;

	for (i = 0; i < n; i++) {
		size_t pos = code->len;
		unsigned effects = t->effects;

		if (es[i]->wildcard) {	/* a key's '*': no value */
			r[i] = stp_xstrdup("0");
			continue;
		}
		r[i] = tx_expr(t, es[i]);
		if (t->effects == effects)
			continue;
		{
			struct sbuf lines = { 0 };

			for (j = kept; j < i; j++)
				if (!stable(es[j], r[j])) {
					char *k = keep(t, es[j], r[j], &lines);

					free(r[j]);
					r[j] = k;
				}
			if (lines.len)
				sb_insert(code, pos, lines.s, lines.len);
			sb_free(&lines);
		}
		kept = i;
	}
}

static void eval_pair(struct tx *t, const struct stp_expr *a,
		      const struct stp_expr *b, char **ra, char **rb)
{
	const struct stp_expr *es[2] = { a, b };
	char *r[2];

	eval_list(t, es, 2, r);
	*ra = r[0];
	*rb = r[1];
}

/* The args list (n of them) evaluated; free with tx_free_list. */
char **tx_expr_list(struct tx *t, const struct stp_expr *args, int n)
{
	const struct stp_expr **es = stp_xmalloc((size_t)(n + 1) * sizeof(*es));
	char **r = stp_xmalloc((size_t)(n + 1) * sizeof(*r));
	int i = 0;

	for (; args && i < n; args = args->next)
		es[i++] = args;
	eval_list(t, es, i, r);
	free(es);
	return r;
}

void tx_free_list(char **r, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(r[i]);
	free(r);
}

char *tx_expr_aside(struct tx *t, const struct stp_expr *e,
			struct sbuf *work)
{
	struct em_body *b = tx_em(t);
	struct sbuf saved = b->code;
	unsigned cond = t->cond;
	char *r;

	memset(&b->code, 0, sizeof(b->code));
	b->indent++;
	t->cond = ++t->nconds;	/* its own condition */
	r = tx_expr(t, e);
	t->cond = cond;
	b->indent--;
	*work = b->code;
	b->code = saved;
	return r;
}

/* ---- arrays and statistics ---- */

/* Fill a fresh key temporary with the values r[] of args; its name. */
static const char *key_fill(struct tx *t, const struct stp_expr *args,
			    int nargs, const struct stp_var *arr, char **r,
			    unsigned *wild)
{
	const struct stp_expr *a;
	static char name[16];
	int i = 0;

	snprintf(name, sizeof(name), "%s", em_key(tx_em(t), nargs));
	if (wild)
		*wild = 0;
	for (a = args; a && i < nargs; a = a->next, i++) {
		bool str = arr && i < arr->nkeys ?
			arr->key_types[i] == STP_V_STRING : tx_is_string(a);

		if (a->wildcard && wild)
			*wild |= 1U << i;
		em_line(tx_em(t), "%s[%d].%s = %s;", name, i, str ? "str" : "num",
			!a->wildcard ? r[i] : str ? "\"\"" : "0");
	}
	return name;
}

const char *tx_keys(struct tx *t, const struct stp_expr *args, int nargs,
		    const struct stp_var *arr, unsigned *wild)
{
	char **r = tx_expr_list(t, args, nargs);
	const char *k = key_fill(t, args, nargs, arr, r, wild);

	tx_free_list(r, nargs);
	return k;
}

static const struct stp_var *index_var(const struct stp_expr *e)
{
	if (stp_sem_var(e))
		return stp_sem_var(e);
	if (e->a && e->a->kind == STP_E_SYMBOL)
		return stp_sem_var(e->a);
	return NULL;
}

/* The element of aggregate array v at keys args, looked up once per
 * statement: "st1".  Its later uses in the statement (autoprint's
 * @count, @min, ... of one element) read st1 while nothing has changed
 * the array or the keys since (no call, no assignment) and the use is
 * not under another condition than the lookup. */
static char *stat_element(struct tx *t, const struct stp_var *v,
			  const struct stp_expr *args, int nargs)
{
	struct stat_lookup *last = &t->last_stat;
	char **r = tx_expr_list(t, args, nargs), *res;
	struct sbuf sig = { 0 };
	const struct stp_expr *a;
	int i;

	sb_printf(&sig, "%d", v->index);
	for (i = 0; i < nargs; i++)
		sb_printf(&sig, "|%s", r[i]);
	for (a = args; a; a = a->next)
		if (a->kind != STP_E_SYMBOL && a->kind != STP_E_NUMBER &&
		    a->kind != STP_E_STRING)
			break;
	if (!a && last->name && last->stmt == tx_em(t)->temps.stmt &&
	    last->effects == t->effects && last->cond == t->cond &&
	    !strcmp(last->sig, sig.s)) {
		res = stp_xstrdup(last->name);
	} else {
		const char *k = key_fill(t, args, nargs, v, r, NULL);

		res = stp_xstrdup(em_stat(tx_em(t)));
		em_line(tx_em(t), "%s = _stp_array_stat_get(&%s, %s);", res,
			tx_global(t, v), k);
		free(last->name);
		free(last->sig);
		last->name = a ? NULL : stp_xstrdup(res);
		last->sig = a ? NULL : stp_xstrdup(sig.s);
		last->stmt = tx_em(t)->temps.stmt;
		last->effects = t->effects;
		last->cond = t->cond;
	}
	sb_free(&sig);
	tx_free_list(r, nargs);
	return res;
}

/* The folded total of a statistics operand (a scalar aggregate, an
 * element of an aggregate array, or @hist_x(either)). */
char *tx_stat_total(struct tx *t, const struct stp_expr *e, const char **desc)
{
	const struct stp_var *v;

	if (e->kind == STP_E_ATOP && e->args)
		e = e->args;
	v = e->kind == STP_E_INDEX ? index_var(e) : stp_sem_var(e);
	if (!v || v->type != STP_V_STATS || v->scope != STP_VAR_GLOBAL) {
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "statistics operand is not a global aggregate");
		*desc = "_stp_no_desc";
		return stp_xstrdup("NULL");
	}
	*desc = tx_global_desc(t, v);
	if (v->nkeys == 0)
		return em_strdup_printf("_stp_sstat_fold(&%s)", tx_global(t, v));
	return stat_element(t, v, e->args, e->nargs);
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

/* A call that can set c->last_error: "n1" holding its value. */
static char *checked_num(struct tx *t, const char *what,
			 const struct stp_token *tok, const char *call)
{
	char *n = stp_xstrdup(em_num(tx_em(t)));

	tx_set_stmt(t, what, tok);
	em_line(tx_em(t), "%s = %s;", n, call);
	fail_if(t, "c->last_error");
	return n;
}

static char *tx_atop(struct tx *t, const struct stp_expr *e)
{
	const char *op = stat_op(e->name);

	if (op) {
		const char *desc;
		char *total = tx_stat_total(t, e->args, &desc);
		char *call = em_strdup_printf("_stp_stat_op(c, %s, &%s, %s)",
					      total, desc, op);
		char what[64];

		free(total);
		if (!strcmp(op, "STP_OP_COUNT") || !strcmp(op, "STP_OP_SUM"))
			return call;
		snprintf(what, sizeof(what), "operator '%s'", e->name);
		{
			char *n = checked_num(t, what, e->tok, call);

			free(call);
			return n;
		}
	}
	if (!strcmp(e->name, "@entry")) {
		const struct stp_probe_info *p = t->b->probe;

		/* pass 2 refuses @entry outside a return probe (E412) */
		if (!p || t->b->in_function) {
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "@entry outside a return probe's body");
			return stp_xstrdup("0");
		}
		if (t->b->entry_saver) {
			tx_error(t, e->tok, STP_TRANS_NESTED_ENTRY);
			return stp_xstrdup("0");
		}
		return em_strdup_printf("((struct probe_%d_entry *)c->entry_data)->e%d",
					p->index, stp_sem_slot(e));
	}
	if (!strncmp(e->name, "@hist_", 6)) {
		/* pass 1 refuses it (E315) */
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "a histogram outside print() or an index");
		return stp_xstrdup("0");
	}
	{
		char what[64];

		snprintf(what, sizeof(what), "unknown operator '%s'", e->name);
		tx_error(t, e->tok, STP_TRANS_INTERNAL, what);
		return stp_xstrdup("0");
	}
}

/* A number literal (S64_MIN has no literal of its own in C). */
static char *tx_number(int64_t v)
{
	if (v == INT64_MIN)
		return stp_xstrdup("(-9223372036854775807LL - 1)");
	if (v < 0)
		return em_strdup_printf("(%lldLL)", (long long)v);
	return em_strdup_printf("%lldLL", (long long)v);
}

static char *tx_symbol(struct tx *t, const struct stp_expr *e)
{
	const struct stp_var *v = stp_sem_var(e);

	if (!v) {
		tx_error(t, e->tok, STP_TRANS_INTERNAL, "unresolved symbol");
		return stp_xstrdup("0");
	}
	if (v->nkeys || v->type == STP_V_STATS) {
		/* pass 2 refuses it (E427) */
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "an array or aggregate used as a value");
		return stp_xstrdup("0");
	}
	return tx_var(t, v);
}

/* a[k...] read: 0 or "" when missing. */
static char *tx_index(struct tx *t, const struct stp_expr *e)
{
	const struct stp_var *v;
	const char *k;

	if (e->a && e->a->kind == STP_E_ATOP &&
	    !strncmp(e->a->name, "@hist_", 6)) {
		const char *desc;
		char *total = tx_stat_total(t, e->a, &desc);
		char *i = tx_expr(t, e->args);
		char *call = em_strdup_printf("_stp_stat_bucket(c, %s, &%s, %s)",
					      total, desc, i);
		char *n = checked_num(t, "operator '[]'", e->tok, call);

		free(total);
		free(i);
		free(call);
		return n;
	}
	v = index_var(e);
	if (!v || !v->nkeys || v->type == STP_V_STATS) {
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "index of something that is not an array");
		return stp_xstrdup("0");
	}
	k = tx_keys(t, e->args, e->nargs, v, NULL);
	return em_strdup_printf("_stp_array_get_%s(&%s, %s)",
				v->type == STP_V_STRING ? "str" : "num",
				tx_global(t, v), k);
}

static char *tx_in(struct tx *t, const struct stp_expr *e)
{
	const struct stp_var *v = stp_sem_var(e) ? stp_sem_var(e) :
		(e->a ? stp_sem_var(e->a) : NULL);
	unsigned wild;
	const char *k;

	if (!v || !v->nkeys) {
		/* pass 2 refuses it (E428) */
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "'in' on something that is not an array");
		return stp_xstrdup("0");
	}
	k = tx_keys(t, e->args, e->nargs, v, &wild);
	if (v->type == STP_V_STATS)
		return em_strdup_printf("(s64)_stp_array_stat_exists(&%s, %s, %#xU)",
					tx_global(t, v), k, wild);
	if (wild)
		return em_strdup_printf("(s64)_stp_map_exists_wild(%s.map, %s, %#xU)",
					tx_global(t, v), k, wild);
	return em_strdup_printf("(s64)_stp_map_exists(%s.map, %s)",
				tx_global(t, v), k);
}

/* A divisor that needs no check: a literal other than 0. */
static bool nonzero_literal(const struct stp_expr *b)
{
	return b->kind == STP_E_NUMBER && b->num != 0;
}

/* The "division by 0" check of divisor `d` ("operator '/'" as SystemTap
 * words the place). */
static void zero_check(struct tx *t, const char *d, const char *what,
		       const struct stp_token *tok)
{
	em_line(tx_em(t), "if (unlikely(%s == 0)) {", d);
	tx_em(t)->indent++;
	tx_set_stmt(t, what, tok);
	em_line(tx_em(t), "_stp_error(c, \"division by 0\");");
	em_line(tx_em(t), "goto %s;", t->b->err_label);
	tx_em(t)->indent--;
	em_line(tx_em(t), "}");
}

/* a OP b for the numeric binary operators, of the C values ra, rb. */
static char *arith(struct tx *t, const struct stp_expr *e, const char *op,
		   const struct stp_expr *b, char *ra, char *rb)
{
	char *r;

	if (!strcmp(op, "/") || !strcmp(op, "%")) {
		char what[32];

		snprintf(what, sizeof(what), "operator '%s'", op);
		if (!nonzero_literal(b)) {
			if (b->kind != STP_E_SYMBOL)
				keep_here(t, b, &rb);
			zero_check(t, rb, what, e->op_tok ? e->op_tok : e->tok);
		}
		r = em_strdup_printf("_stp_s%s(%s, %s)", op[0] == '/' ? "div" :
				     "mod", ra, rb);
	} else if (!strcmp(op, "<<")) {
		r = em_strdup_printf("_stp_shl(%s, %s)", ra, rb);
	} else if (!strcmp(op, ">>")) {
		r = em_strdup_printf("_stp_shr(%s, %s)", ra, rb);
	} else if (!strcmp(op, ">>>")) {
		r = em_strdup_printf("_stp_ushr(%s, %s)", ra, rb);
	} else {
		r = em_strdup_printf("(%s %s %s)", ra, op, rb);
	}
	free(ra);
	free(rb);
	return r;
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

static bool is_op(const char *op, const char *const *ops)
{
	for (; *ops; ops++)
		if (!strcmp(op, *ops))
			return true;
	return false;
}

/* Assignment to a scalar variable. */
static char *tx_assign_scalar(struct tx *t, const struct stp_expr *e,
			      const struct stp_var *v, bool discard)
{
	static const char *const c_ops[] = {
		"=", "+=", "-=", "*=", "&=", "|=", "^=", NULL,
	};
	char *r = tx_var(t, v), *val = NULL, *res;
	const char *op = e->op;

	if (v->type == STP_V_STATS) {
		if (strcmp(op, "<<<")) {
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "assignment to an aggregate");
			res = stp_xstrdup("0");
		} else {
			val = tx_expr(t, e->b);
			if (!discard)
				keep_here(t, e->b, &val);
			em_line(tx_em(t), "_stp_sstat_add(&%s, &%s, %s);", r,
				tx_global_desc(t, v), val);
			res = discard ? stp_xstrdup("") : stp_xstrdup(val);
		}
	} else if (v->type == STP_V_STRING) {
		if (strcmp(op, "=") && strcmp(op, ".=")) {
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "numeric assignment to a string");
			res = stp_xstrdup("0");
		} else {
			val = tx_expr(t, e->b);
			res = em_strdup_printf("_stp_str_%s(%s, %s)",
					       op[0] == '=' ? "copy" : "append",
					       r, val);
		}
	} else if (is_op(op, c_ops)) {
		val = tx_expr(t, e->b);
		res = em_strdup_printf(discard ? "%s %s %s" : "(%s %s %s)",
				       r, op, val);
	} else {
		char *bop = base_op(op);
		struct stp_expr self = { .kind = STP_E_SYMBOL, .tok = e->tok,
					 .sem = &(struct stp_sem){
						  .type = STP_V_LONG,
						  .var = (struct stp_var *)v } };
		char *ra, *rb, *x;

		eval_pair(t, &self, e->b, &ra, &rb);
		x = arith(t, e, bop, e->b, ra, rb);
		res = em_strdup_printf(discard ? "%s = %s" : "(%s = %s)", r, x);
		free(x);
		free(bop);
	}
	free(val);
	free(r);
	return res;
}

/* The C expression that reads a tapset function's value in place as a
 * 16-byte key, or NULL: its embedded C's `pragma:key16` (parser/ast.h
 * struct stp_function, doc/language.md "Hints of embedded C"). */
static const char *key16_of(const struct stp_func_info *fn)
{
	if (!fn || !fn->from_tapset || !fn->embedded || fn->nparams != 0 ||
	    fn->ret != STP_V_STRING || !fn->decl)
		return NULL;
	return fn->decl->u.func.key16;
}

static const char *key16_call(const struct stp_expr *e)
{
	if (!e || e->kind != STP_E_CALL || e->nargs != 0)
		return NULL;
	return key16_of(stp_sem_fn(e));
}

/* if (unlikely(CALL)) goto out;  with last_stmt naming array v. */
static void array_update(struct tx *t, const struct stp_var *v,
			 const struct stp_token *tok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void array_update(struct tx *t, const struct stp_var *v,
			 const struct stp_token *tok, const char *fmt, ...)
{
	char what[160];
	struct sbuf call = { 0 };
	va_list ap;

	snprintf(what, sizeof(what), "identifier '%s'", v->name);
	tx_set_stmt(t, what, tok);
	va_start(ap, fmt);
	sb_vprintf(&call, fmt, ap);
	va_end(ap);
	fail_if(t, call.s);
	sb_free(&call);
}

/* Are the keys read without work (literals and variables)? */
static bool plain_keys(const struct stp_expr *args)
{
	for (; args; args = args->next)
		if (args->kind != STP_E_NUMBER && args->kind != STP_E_STRING &&
		    args->kind != STP_E_SYMBOL && !args->wildcard)
			return false;
	return true;
}

/* The value an assignment yields ("" when not used); *val is kept in a
 * temporary when it is used or when the keys' work could change it. */
static char *assigned_value(struct tx *t, const struct stp_expr *e, char **val,
			    bool discard, const struct stp_expr *keys)
{
	if (!discard || !plain_keys(keys))
		keep_here(t, e, val);
	return stp_xstrdup(discard ? "" : *val);
}

/* Assignment to an array element (or <<< into an aggregate array):
 * the value first, then the key, as SystemTap. */
static char *tx_assign_index(struct tx *t, const struct stp_expr *e,
			     const struct stp_expr *lhs, bool discard)
{
	const struct stp_var *v = index_var(lhs);
	const char *op = e->op, *g, *k16;
	char *val, *res, *k;

	if (!v || !v->nkeys) {
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "assignment to an index of a non-array");
		return stp_xstrdup("0");
	}
	g = tx_global(t, v);
	val = tx_expr(t, e->b);
	res = assigned_value(t, e->b, &val, discard, lhs->args);
	if (v->type == STP_V_STATS && v->nkeys == 1 &&
	    (k16 = key16_call(lhs->args))) {
		/* the key needs no temporary: see key16_of */
		array_update(t, v, lhs->tok,
			     "_stp_array_stat_add_str16(c, &%s, &%s, %s, %s)",
			     g, tx_global_desc(t, v), k16, val);
		free(val);
		return res;
	}
	k = stp_xstrdup(tx_keys(t, lhs->args, lhs->nargs, v, NULL));
	if (v->type == STP_V_STRING) {
		array_update(t, v, lhs->tok, "_stp_array_%s_str(c, &%s, %s, %s)",
			     !strcmp(op, ".=") ? "append" : "set", g, k, val);
	} else if (v->type == STP_V_STATS) {
		if (v->nkeys == 1)
			array_update(t, v, lhs->tok,
				     "_stp_array_stat_add1(c, &%s, &%s, %s[0], %s)",
				     g, tx_global_desc(t, v), k, val);
		else
			array_update(t, v, lhs->tok,
				     "_stp_array_stat_add(c, &%s, &%s, %s, %s)",
				     g, tx_global_desc(t, v), k, val);
	} else if (!strcmp(op, "=")) {
		array_update(t, v, lhs->tok, "_stp_array_set_num(c, &%s, %s, %s)",
			     g, k, val);
	} else if (!strcmp(op, "+=") || !strcmp(op, "-=")) {
		/* one lookup: the runtime adds in place */
		const char *n = em_num(tx_em(t));

		free(res);
		res = discard ? stp_xstrdup("") : stp_xstrdup(n);
		array_update(t, v, lhs->tok,
			     "_stp_array_add_num(c, &%s, %s, %s%s, &%s)", g, k,
			     op[0] == '-' ? "-" : "", val, n);
	} else {
		/* other compound operators: read, compute, write */
		char *bop = base_op(op);
		char *old = em_strdup_printf("_stp_array_get_num(&%s, %s)", g, k);
		char *n = stp_xstrdup(em_num(tx_em(t)));
		char *x;
		struct stp_expr rhs = *e->b;

		em_line(tx_em(t), "%s = %s;", n, old);
		rhs.kind = STP_E_SYMBOL;	/* val is kept: no work */
		x = arith(t, e, bop, &rhs, stp_xstrdup(n), stp_xstrdup(val));
		em_line(tx_em(t), "%s = %s;", n, x);
		array_update(t, v, lhs->tok, "_stp_array_set_num(c, &%s, %s, %s)",
			     g, k, n);
		free(res);
		res = discard ? stp_xstrdup("") : stp_xstrdup(n);
		free(x);
		free(n);
		free(old);
		free(bop);
	}
	free(k);
	free(val);
	return res;
}

static char *tx_assign(struct tx *t, const struct stp_expr *e, bool discard)
{
	const struct stp_expr *lhs = e->a;

	t->effects++;
	if (lhs->kind == STP_E_SYMBOL && stp_sem_var(lhs))
		return tx_assign_scalar(t, e, stp_sem_var(lhs), discard);
	if (lhs->kind == STP_E_INDEX)
		return tx_assign_index(t, e, lhs, discard);
	/* pass 2 refuses any other left side (E424, E418) */
	tx_error(t, lhs->tok, STP_TRANS_INTERNAL, "bad lvalue");
	return stp_xstrdup("0");
}

/* ++x, x++, --x, x-- */
static char *tx_incdec(struct tx *t, const struct stp_expr *e, bool pre,
		       bool discard)
{
	const struct stp_expr *x = e->a;
	bool inc = e->op[0] == '+';

	t->effects++;
	if (x->kind == STP_E_SYMBOL && stp_sem_var(x)) {
		char *r = tx_var(t, stp_sem_var(x)), *res;

		if (discard)	/* a statement: x++; */
			res = em_strdup_printf("%s%s", r, inc ? "++" : "--");
		else if (pre)
			res = em_strdup_printf("(%s%s)", inc ? "++" : "--", r);
		else
			res = em_strdup_printf("(%s%s)", r, inc ? "++" : "--");
		free(r);
		return res;
	}
	if (x->kind == STP_E_INDEX) {
		const struct stp_var *v = index_var(x);
		const char *n;
		char *kc;

		if (!v || !v->nkeys || v->type != STP_V_LONG) {
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "increment of a non-number");
			return stp_xstrdup("0");
		}
		kc = stp_xstrdup(tx_keys(t, x->args, x->nargs, v, NULL));
		n = em_num(tx_em(t));
		array_update(t, v, x->tok, "_stp_array_add_num(c, &%s, %s, %s, &%s)",
			     tx_global(t, v), kc, inc ? "1" : "-1", n);
		free(kc);
		if (discard)
			return stp_xstrdup("");
		return em_strdup_printf(pre ? "%s" : "(%s %s)", n,
					inc ? "- 1" : "+ 1");
	}
	/* pass 2 refuses any other operand (E424) */
	tx_error(t, e->tok, STP_TRANS_INTERNAL, "increment of a non-variable");
	return stp_xstrdup("0");
}

/* A call of a script or embedded-C function.  Arguments first (their
 * own errors name their own places), then the call's place, then the
 * call: an error the callee raises without a place of its own (error(),
 * MAXNESTING) names the call, and one it raises with a place (error()
 * clears it) keeps that. */
static char *tx_call(struct tx *t, const struct stp_expr *e, bool discard)
{
	const struct stp_func_info *f = stp_sem_fn(e);
	struct sbuf call = { 0 };
	char what[160], **args, *res;
	int n;

	if (!f) {
		if (tx_is_print(e->name))
			return tx_print_call(t, e);
		tx_error(t, e->tok, STP_TRANS_INTERNAL, "unresolved function");
		return stp_xstrdup("0");
	}
	args = tx_expr_list(t, e->args, e->nargs);
	t->effects++;
	sb_printf(&call, "%s(c", tx_func(t, f));
	if (f->ret == STP_V_STRING)
		sb_printf(&call, ", %s", em_frame_str(tx_em(t)));
	for (n = 0; n < e->nargs; n++)
		sb_printf(&call, ", %s", args[n]);
	sb_add(&call, ")");
	tx_free_list(args, e->nargs);
	snprintf(what, sizeof(what), "identifier '%s'", e->name);
	tx_set_stmt(t, what, e->tok);
	if (!discard && (f->ret == STP_V_STRING || f->ret == STP_V_LONG)) {
		res = stp_xstrdup(f->ret == STP_V_STRING ? em_str(tx_em(t)) :
				  em_num(tx_em(t)));
		em_line(tx_em(t), "%s = %s;", res, call.s);
	} else {
		res = stp_xstrdup("");
		em_line(tx_em(t), "%s;", call.s);
	}
	fail_if(t, "c->last_error");
	sb_free(&call);
	return res;
}

/* a && b, a || b: b's work runs only when its value is needed. */
static char *tx_logical(struct tx *t, const struct stp_expr *e)
{
	char *ra = tx_expr(t, e->a), *rb, *res;
	struct sbuf work;
	const char *n;

	rb = tx_expr_aside(t, e->b, &work);
	if (!work.len) {
		res = em_strdup_printf("(%s %s %s)", ra, e->op, rb);
	} else {
		n = em_num(tx_em(t));
		res = stp_xstrdup(n);
		em_line(tx_em(t), "%s = !!(%s);", res, em_bare(ra));
		em_line(tx_em(t), "if (%s%s) {", e->op[0] == '|' ? "!" : "", res);
		sb_append(&tx_em(t)->code, &work);
		em_line(tx_em(t), "\t%s = !!(%s);", res, em_bare(rb));
		em_line(tx_em(t), "}");
	}
	sb_free(&work);
	free(ra);
	free(rb);
	return res;
}

/* a ? b : c: each arm's work runs only when it is taken. */
static char *tx_ternary(struct tx *t, const struct stp_expr *e)
{
	char *ra = tx_expr(t, e->a), *rb, *rc, *res;
	struct sbuf wb, wc;

	rb = tx_expr_aside(t, e->b, &wb);
	rc = tx_expr_aside(t, e->c, &wc);
	if (!wb.len && !wc.len) {
		res = em_strdup_printf("(%s ? %s : %s)", ra, rb, rc);
	} else {
		res = stp_xstrdup(tx_is_string(e) ? em_str(tx_em(t)) :
				  em_num(tx_em(t)));
		em_line(tx_em(t), "if (%s) {", em_bare(ra));
		sb_append(&tx_em(t)->code, &wb);
		em_line(tx_em(t), "\t%s = %s;", res, rb);
		em_line(tx_em(t), "} else {");
		sb_append(&tx_em(t)->code, &wc);
		em_line(tx_em(t), "\t%s = %s;", res, rc);
		em_line(tx_em(t), "}");
	}
	sb_free(&wb);
	sb_free(&wc);
	free(ra);
	free(rb);
	free(rc);
	return res;
}

static char *tx_binary(struct tx *t, const struct stp_expr *e)
{
	char *ra, *rb, *res;

	eval_pair(t, e->a, e->b, &ra, &rb);
	if (e->kind == STP_E_COMPARE && (tx_is_string(e->a) ||
					 tx_is_string(e->b)))
		res = em_strdup_printf("(strcmp(%s, %s) %s 0)", ra, rb,
				       e->op);
	else if (e->kind == STP_E_COMPARE)
		res = em_strdup_printf("(%s %s %s)", ra, e->op, rb);
	else if (!strcmp(e->op, "."))
		res = em_strdup_printf("_stp_str_concat(%s, %s, %s)",
				       em_frame_str(tx_em(t)), ra, rb);
	else
		return arith(t, e, e->op, e->b, ra, rb);
	free(ra);
	free(rb);
	return res;
}

static char *tx_unary(struct tx *t, const struct stp_expr *e)
{
	char *a, *res;

	if (!strcmp(e->op, "&")) {
		/* pass 2 refuses target variables (E418) */
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "the address of a target variable");
		return stp_xstrdup("0");
	}
	a = tx_expr(t, e->a);
	if (!strcmp(e->op, "!"))
		res = em_strdup_printf("(!%s)", a);
	else
		res = em_strdup_printf("(%s%s)", e->op, a);
	free(a);
	return res;
}

static char *expr(struct tx *t, const struct stp_expr *e, bool discard)
{
	switch (e->kind) {
	case STP_E_NUMBER:
		return tx_number(e->num);
	case STP_E_STRING: {
		struct sbuf o = { 0 };
		size_t n;
		char *raw = em_unescape(e->str, &n);

		em_c_string(&o, raw, n);
		free(raw);
		free(o.places);
		return o.s;
	}
	case STP_E_SYMBOL:
		return tx_symbol(t, e);
	case STP_E_TARGET:
	case STP_E_MEMBER:
		/* pass 2 refuses them (E418) */
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "a target variable ($name)");
		return stp_xstrdup("0");
	case STP_E_EMBEDDED:
		return em_strdup_printf(tx_is_string(e) ?
					"((const char *)(%s))" : "((s64)(%s))",
					e->str);
	case STP_E_UNARY:
		return tx_unary(t, e);
	case STP_E_BINARY:
	case STP_E_COMPARE:
		return tx_binary(t, e);
	case STP_E_LOGICAL:
		return tx_logical(t, e);
	case STP_E_REGEX:
		tx_error(t, e->tok, STP_TRANS_REGEX, e->op);
		return stp_xstrdup("0");
	case STP_E_TERNARY:
		return tx_ternary(t, e);
	case STP_E_ASSIGN:
		return tx_assign(t, e, discard);
	case STP_E_PREINC:
		return tx_incdec(t, e, true, discard);
	case STP_E_POSTINC:
		return tx_incdec(t, e, false, discard);
	case STP_E_INDEX:
		return tx_index(t, e);
	case STP_E_IN:
		return tx_in(t, e);
	case STP_E_CALL:
		return tx_call(t, e, discard);
	case STP_E_ATOP:
		return tx_atop(t, e);
	}
	tx_error(t, e->tok, STP_TRANS_INTERNAL, "expression");
	return stp_xstrdup("0");
}

void tx_expr_stmt(struct tx *t, const struct stp_expr *e)
{
	char *r = expr(t, e, true);

	if (!*r || stable(e, r))
		;	/* its work was all of it */
	else if (e->kind == STP_E_ASSIGN || e->kind == STP_E_PREINC ||
		 e->kind == STP_E_POSTINC)
		em_line(tx_em(t), "%s;", r);
	else
		em_line(tx_em(t), "(void)%s;", r);
	free(r);
}
