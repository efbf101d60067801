/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab-types.c - type inference and type checks of pass 2.
 *
 * Types flow both ways (an assignment types its variable, a variable's
 * type types a call's parameter, a parameter types the argument), so
 * every body is walked repeatedly until nothing changes; a last walk
 * then reports every misuse it sees, each once.  printf-family formats
 * are checked with the runtime's own format parser, so the translator
 * accepts exactly what the module will render.
 */
#include "elab-internal.h"

#include <stdlib.h>
#include <string.h>

#include "../runtime/format.h"
#include "../runtime/map.h"

_Static_assert(STP_MAX_KEYS == STP_MAP_MAX_KEYS,
	       "pass 2 accepts exactly the keys the runtime's maps hold");

static bool in_names(const char *n, const char *const *names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (!strcmp(n, names[i]))
			return true;
	return false;
}

int elab_print_values(const char *n, int nargs)
{
	static const struct {
		const char *name;
		int format_first;
	} fns[] = {
#define PRINT_FUNCTION(name, format_first, hist_printer) \
	{ #name, format_first },
#include "print-functions.def"
#undef PRINT_FUNCTION
	};
	size_t i;

	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (!strcmp(n, fns[i].name))
			return nargs - fns[i].format_first;
	return -1;
}

bool elab_is_print(const char *n)
{
	return elab_print_values(n, 1) >= 0;
}

bool elab_is_stat_op(const char *n)
{
	static const char *const ops[] = {
#define STAT_OPERATOR(name, kind, value) "@" #name,
#include "stat-operators.def"
#undef STAT_OPERATOR
	};

	return in_names(n, ops, sizeof(ops) / sizeof(ops[0]));
}

static enum stp_vtype ty(struct elab *el, struct stp_expr *e,
		enum stp_vtype want, const struct stp_token *from);

static void err(struct elab *el, const struct stp_token *tok,
		enum stp_diag_code code, ...)
{
	va_list ap;

	if (!el->report || !tok)
		return;
	va_start(ap, code);
	elab_vreport(el, STP_SEV_ERROR, &tok->loc, tok->exp, NULL,
			 code, ap);
	va_end(ap);
}

static void mismatch(struct elab *el, const struct stp_token *tok,
		     const char *what, enum stp_vtype got, enum stp_vtype want,
		     const struct stp_token *from)
{
	if (!el->report)
		return;
	err(el, tok, STP_TYPE_MISMATCH, what, elab_type_name(got),
	    elab_type_name(want));
	if (from && from != tok)
		elab_note(el, &from->loc, "%s comes from here",
			      elab_type_name(want));
}

/* Learn or check a variable's value type. */
static void var_type(struct elab *el, struct evar *v, enum stp_vtype t,
		     const struct stp_token *tok)
{
	if (!v || !t)
		return;
	if (!v->v.type) {
		v->v.type = t;
		v->type_tok = tok;
		el->changed++;
	} else if (v->v.type != t && v->v.type != STP_V_STATS &&
		   t != STP_V_STATS) {
		char *what = stp_arena_printf(el->arena, "'%s'", v->v.name);

		if (el->report) {
			err(el, tok, STP_TYPE_MISMATCH, what,
			    elab_type_name(v->v.type), elab_type_name(t));
			if (v->type_tok && v->type_tok != tok)
				elab_note(el, &v->type_tok->loc,
					      "'%s' is %s from here",
					      v->v.name,
					      elab_type_name(v->v.type));
		}
	}
}

/* A use with more keys than an array can have (the runtime's maps hold
 * STP_MAX_KEYS, as SystemTap's do): reported once per array, at the
 * first such use; the use then settles nothing about the array. */
static bool too_many_keys(struct elab *el, struct evar *v, int n,
			  const struct stp_token *tok)
{
	if (n <= STP_MAX_KEYS)
		return false;
	if (el->report && !v->too_many_keys_reported) {
		v->too_many_keys_reported = true;
		err(el, tok, STP_TOO_MANY_KEYS, v->v.name, n, STP_MAX_KEYS);
	}
	return true;
}

/* Arity of an array use: n keys (0 for a scalar use). */
static bool arity(struct elab *el, struct evar *v, int n,
		  const struct stp_token *tok)
{
	if (too_many_keys(el, v, n, tok))
		return false;
	if (!v->indexed_known) {
		if (!n && v->v.global && v->v.global->is_array) {
			err(el, tok, STP_ARRAY_AS_SCALAR, v->v.name);
			return false;
		}
		v->indexed_known = true;
		v->v.nkeys = n;
		v->keys_tok = tok;
		return true;
	}
	if (v->v.nkeys == n)
		return true;
	if (!n)
		err(el, tok, STP_ARRAY_AS_SCALAR, v->v.name);
	else if (!v->v.nkeys)
		err(el, tok, STP_SCALAR_INDEXED, v->v.name);
	else
		err(el, tok, STP_INDEX_ARITY, v->v.name, n, n == 1 ? "" : "es",
		    v->v.nkeys);
	return false;
}

static void keys(struct elab *el, struct evar *v, struct stp_expr *args)
{
	int i = 0;

	for (; args && i < STP_MAX_KEYS; args = args->next, i++) {
		enum stp_vtype t;

		if (args->wildcard)
			continue;
		t = ty(el, args, v->v.key_types[i], v->keys_tok);
		if (!v->v.key_types[i] && t && t != STP_V_STATS) {
			v->v.key_types[i] = t;
			el->changed++;
		}
	}
}

static int stats_var(struct elab *el, struct stp_expr *arg,
		const char *op, const struct stp_token *tok)
{
	struct evar *v = elab_var(arg);

	if (!v)
		return 0;
	if (arg->kind == STP_E_INDEX) {
		if (arity(el, v, arg->nargs, arg->tok))
			keys(el, v, arg->args);
	} else if (arg->kind == STP_E_SYMBOL) {
		arity(el, v, 0, arg->tok);
	}
	if (!v->v.type) {
		v->v.type = STP_V_STATS;
		v->type_tok = tok;
		el->changed++;
	} else if (v->v.type != STP_V_STATS) {
		err(el, tok, STP_NOT_STATS, op, v->v.name,
		    elab_type_name(v->v.type));
	}
	return v->v.type == STP_V_STATS;
}

/* SystemTap's runtime has room for this many @hist_linear buckets */
#define HIST_MAX_BUCKETS 1000

static void hist_params(struct elab *el, struct stp_expr *e, struct evar *v)
{
	struct stp_expr *a = e->args->next;
	int64_t p[3];
	int i;

	if (e->nargs != 4) {
		err(el, e->tok, STP_ATOP_ARGS, e->name, e->nargs);
		return;
	}
	for (i = 0; i < 3; i++, a = a->next) {
		if (a->kind != STP_E_NUMBER) {
			err(el, a->tok, STP_HIST_BAD_PARAMS);
			return;
		}
		p[i] = a->num;
	}
	if (p[2] <= 0) {
		err(el, e->tok, STP_HIST_INTERVAL, (long long)p[2]);
		return;
	}
	if (p[1] <= p[0]) {
		err(el, e->tok, STP_HIST_RANGE, (long long)p[1],
		    (long long)p[0]);
		return;
	}
	if ((p[1] - p[0]) / p[2] > HIST_MAX_BUCKETS) {
		err(el, e->tok, STP_HIST_BUCKETS,
		    (long long)((p[1] - p[0]) / p[2]), HIST_MAX_BUCKETS);
		return;
	}
	if (!v)
		return;
	if (!v->hist_set) {
		v->hist_set = true;
		v->v.hist_start = p[0];
		v->v.hist_stop = p[1];
		v->v.hist_interval = p[2];
	} else if (v->v.hist_start != p[0] || v->v.hist_stop != p[1] ||
		   v->v.hist_interval != p[2]) {
		err(el, e->tok, STP_HIST_INCONSISTENT, v->v.name,
		    (long long)p[0], (long long)p[1], (long long)p[2],
		    (long long)v->v.hist_start, (long long)v->v.hist_stop,
		    (long long)v->v.hist_interval);
	}
}

static const struct {
	const char *name;
	unsigned bit;
} stat_ops[] = {
#define STAT_OPERATOR(name, kind, value) { "@" #name, STP_STAT_##kind },
#include "stat-operators.def"
#undef STAT_OPERATOR
};

static enum stp_vtype ty_atop(struct elab *el, struct stp_expr *e,
		enum stp_vtype want, const struct stp_token *from)
{
	size_t i;

	if (!strcmp(e->name, "@perf"))
		return STP_V_LONG;	/* a counter's value */
	if (!strcmp(e->name, "@entry")) {
		enum stp_vtype t;
		int slot = stp_sem_slot(e);

		if (!e->args)
			return STP_V_UNKNOWN;
		t = ty(el, e->args, want, from);
		if (el->cur_probe &&
		    (size_t)slot < el->cur_probe->entry_slots.len) {
			struct stp_entry_slot *s =
				el->cur_probe->entry_slots.items[slot];

			if (s->expr == e->args)
				s->type = t;
		}
		return t;
	}
	for (i = 0; i < sizeof(stat_ops) / sizeof(stat_ops[0]); i++) {
		struct evar *v;

		if (strcmp(e->name, stat_ops[i].name))
			continue;
		if (!e->args || !stp_sem_var(e->args))
			return STP_V_LONG;
		v = elab_var(e->args);
		if (stats_var(el, e->args, e->name, e->args->tok))
			v->v.stat_ops |= stat_ops[i].bit;
		if (stat_ops[i].bit == STP_STAT_HIST_LINEAR)
			hist_params(el, e, v);
		if (stat_ops[i].bit == STP_STAT_VARIANCE && e->nargs > 1) {
			if (e->args->next->kind != STP_E_NUMBER ||
			    e->args->next->num < 0 || e->args->next->num > 12)
				err(el, e->args->next->tok,
				    STP_VARIANCE_SHIFT);
			else
				v->v.variance_shift =
					(int)e->args->next->num;
		}
		if (stat_ops[i].bit >= STP_STAT_HIST_LOG)
			/* a histogram: only printed/indexed */
			return STP_V_UNKNOWN;
		return STP_V_LONG;
	}
	return STP_V_UNKNOWN;
}

static void check_format(struct elab *el, struct stp_expr *e)
{
	/* the directives on the heap, sized to the format: ty() below
	 * recurses into the arguments, where a printf may nest */
	struct _stp_fmt_spec *specs;
	struct _stp_fmt_error ferr;
	struct stp_expr *a;
	int n, i, need, argno = 1;

	if (!e->args || e->args->kind != STP_E_STRING) {
		for (a = e->args; a; a = a->next)
			ty(el, a, STP_V_UNKNOWN, NULL);
		return;
	}
	ty(el, e->args, STP_V_STRING, NULL);
	/* the literal keeps its escapes; each escape is one byte at run
	 * time, which does not change what the directives are.  Measured
	 * first, then parsed whole: a format has no limit on its pieces. */
	n = _stp_format_parse(e->args->str, NULL, 0, &ferr);
	if (n < 0) {
		err(el, e->args->tok, STP_BAD_FORMAT, e->name,
		    _stp_format_strerror(ferr.code));
		for (a = e->args->next; a; a = a->next)
			ty(el, a, STP_V_UNKNOWN, NULL);
		return;
	}
	specs = stp_xmalloc(sizeof(*specs) * (size_t)(n ? n : 1));
	_stp_format_parse(e->args->str, specs, n, &ferr);
	need = _stp_format_nargs(specs, n);
	if (need != e->nargs - 1) {
		err(el, e->tok, STP_FORMAT_ARGS, e->name, need,
		    need == 1 ? "" : "s", e->nargs - 1);
		for (a = e->args->next; a; a = a->next)
			ty(el, a, STP_V_UNKNOWN, NULL);
		goto out;
	}
	a = e->args->next;
	for (i = 0; i < n && a; i++) {
		enum _stp_fmt_arg_kind k = _stp_format_arg_kind(&specs[i]);
		enum stp_vtype want, got;
		int conv_char;

		if (specs[i].conv == STP_FMT_LITERAL)
			continue;
		if (specs[i].width == STP_FMT_STAR && a) {
			ty(el, a, STP_V_LONG, NULL);
			a = a->next;
			argno++;
		}
		if (specs[i].precision == STP_FMT_STAR && a) {
			ty(el, a, STP_V_LONG, NULL);
			a = a->next;
			argno++;
		}
		if (!a || k == STP_FMT_ARG_NONE)
			continue;
		want = k == STP_FMT_ARG_STRING ? STP_V_STRING : STP_V_LONG;
		got = ty(el, a, STP_V_UNKNOWN, NULL);
		if (!got) {
			got = ty(el, a, want, NULL);
		} else if (got != want && got != STP_V_STATS) {
			conv_char = e->args->str[specs[i].offset + 1];
			/* the conversion character follows flags/width */
			{
				const char *p = e->args->str + specs[i].offset + 1;

				while (*p && strchr("-+ #0123456789.*l", *p))
					p++;
				conv_char = *p;
			}
			err(el, a->tok, STP_FORMAT_ARG_TYPE, argno, e->name,
			    elab_type_name(got), conv_char,
			    elab_type_name(want));
		}
		a = a->next;
		argno++;
	}
out:
	free(specs);
}

static bool empty_string(const struct stp_expr *e)
{
	return e->kind == STP_E_STRING && !e->str[0];
}

/*
 * SystemTap 4.8 types the variables, calls and array elements of a probe
 * first, then folds `X . ""` (and `"" . X`) into X, and only then types
 * the operators.  So where no variable takes the concatenation's type (a
 * print's value, a condition), an operator's value X may be a number:
 * `println((s == "a") . "")` prints 0 or 1.  Fold those here, in place;
 * a variable, call or literal X still gets the string type.
 */
static void fold_identity_concat(struct stp_expr *e)
{
	struct stp_expr *x, *next;

	if (e->kind != STP_E_BINARY || strcmp(e->op, ".") ||
	    !(empty_string(e->a) || empty_string(e->b)))
		return;
	x = empty_string(e->b) ? e->a : e->b;
	fold_identity_concat(x);
	switch (x->kind) {
	case STP_E_BINARY:
		if (!strcmp(x->op, "."))
			return;
		break;
	case STP_E_UNARY:
	case STP_E_LOGICAL:
	case STP_E_COMPARE:
	case STP_E_REGEX:
		break;
	default:	/* a ternary passes the string type to its values */
		return;
	}
	next = e->next;
	*e = *x;
	e->next = next;
}

static enum stp_vtype ty_print(struct elab *el, struct stp_expr *e)
{
	const char *n = e->name;
	bool s = n[0] == 's';
	struct stp_expr *a = e->args;

	if (!strcmp(n + s, "printf")) {
		check_format(el, e);
	} else {
		if (!strncmp(n + s, "printd", 6) && a) {
			ty(el, a, STP_V_STRING, NULL);
			a = a->next;
		}
		for (; a; a = a->next) {
			fold_identity_concat(a);
			ty(el, a, STP_V_UNKNOWN, NULL);
		}
	}
	return s ? STP_V_STRING : STP_V_VOID;
}

static enum stp_vtype ty_call(struct elab *el, struct stp_expr *e,
		enum stp_vtype want, const struct stp_token *from)
{
	struct efunc *f = elab_fn(e);
	struct stp_expr *a;
	int i;

	if (!f) {
		if (elab_is_print(e->name))
			return ty_print(el, e);
		for (a = e->args; a; a = a->next)
			ty(el, a, STP_V_UNKNOWN, NULL);
		return STP_V_UNKNOWN;
	}
	for (a = e->args, i = 0; a && i < f->f.nparams; a = a->next, i++) {
		struct evar *p = (struct evar *)f->f.params[i];
		enum stp_vtype t = ty(el, a, p->v.type, p->type_tok);

		if (!p->v.type && t && t != STP_V_STATS && t != STP_V_VOID) {
			p->v.type = t;
			p->type_tok = a->tok;
			el->changed++;
		}
	}
	if (!f->f.ret && want && want != STP_V_VOID && !f->f.embedded) {
		f->f.ret = want;
		f->ret_tok = from ? from : e->tok;
		el->changed++;
	}
	return f->f.ret;
}

/* The type of an assignable expression, learning `t` for it. */
static enum stp_vtype lvalue(struct elab *el, struct stp_expr *e,
		enum stp_vtype t, const struct stp_token *tok, const char *op)
{
	struct evar *v = elab_var(e);

	if (!v || (e->kind != STP_E_SYMBOL && e->kind != STP_E_INDEX))
		return STP_V_UNKNOWN;
	if (e->kind == STP_E_INDEX) {
		if (arity(el, v, e->nargs, e->tok))
			keys(el, v, e->args);
	} else {
		arity(el, v, 0, e->tok);
	}
	if (v->v.type == STP_V_STATS) {
		err(el, tok, STP_STATS_ASSIGN, op, v->v.name);
		return STP_V_STATS;
	}
	var_type(el, v, t, tok);
	return v->v.type;
}

static enum stp_vtype ty_assign(struct elab *el, struct stp_expr *e)
{
	struct evar *v = elab_var(e->a);
	int tl, tr;

	if (!strcmp(e->op, "<<<")) {
		if (v)
			stats_var(el, e->a, "<<<", e->tok);
		ty(el, e->b, STP_V_LONG, NULL);
		return STP_V_LONG;
	}
	if (!strcmp(e->op, "=")) {
		tl = lvalue(el, e->a, 0, e->tok, e->op);
		if (tl == STP_V_STATS) {
			ty(el, e->b, STP_V_UNKNOWN, NULL);
			return STP_V_UNKNOWN;
		}
		tr = ty(el, e->b, tl, v ? v->type_tok : NULL);
		if (!tl && tr && tr != STP_V_VOID && tr != STP_V_STATS)
			tl = lvalue(el, e->a, tr, e->b->tok, e->op);
		return tl ? tl : tr;
	}
	tl = !strcmp(e->op, ".=") ? STP_V_STRING : STP_V_LONG;
	if (lvalue(el, e->a, tl, e->tok, e->op) == STP_V_STATS)
		return STP_V_UNKNOWN;
	ty(el, e->b, tl, NULL);
	return tl;
}

static enum stp_vtype ty_index(struct elab *el, struct stp_expr *e,
		enum stp_vtype want, const struct stp_token *from, bool in)
{
	struct evar *v = elab_var(e);
	struct stp_expr *k;

	if (e->a->kind != STP_E_SYMBOL) {
		/* @hist_log(s)[i]: a bucket's count */
		ty(el, e->a, STP_V_UNKNOWN, NULL);
		for (k = e->args; k; k = k->next)
			ty(el, k, STP_V_LONG, NULL);
		return STP_V_LONG;
	}
	if (!v)
		return in ? STP_V_LONG : 0;
	if (arity(el, v, e->nargs, e->tok))
		keys(el, v, e->args);
	if (in)
		return STP_V_LONG;
	if (v->v.type == STP_V_STATS && want != STP_V_STATS) {
		err(el, e->tok, STP_STATS_AS_VALUE, v->v.name);
		return STP_V_STATS;
	}
	if (want && want != STP_V_STATS && want != STP_V_VOID)
		var_type(el, v, want, from ? from : e->tok);
	return v->v.type;
}

/* Both operands of a binary operator taking t. */
static void operands(struct elab *el, struct stp_expr *e, enum stp_vtype t)
{
	ty(el, e->a, t, NULL);
	ty(el, e->b, t, NULL);
}

/* Every expression kind has its own rule: a new kind fails the build
 * here until it has one (visit.h). */
STP_EXHAUSTIVE_BEGIN
static enum stp_vtype ty_inner(struct elab *el, struct stp_expr *e,
		enum stp_vtype want, const struct stp_token *from)
{
	struct evar *v;
	enum stp_vtype ta, tb;

	switch (e->kind) {
	case STP_E_NUMBER:
		return STP_V_LONG;
	case STP_E_STRING:
		return STP_V_STRING;
	case STP_E_EMBEDDED:
		return strstr(e->str, "/* string */") ? STP_V_STRING :
							 STP_V_LONG;
	case STP_E_SYMBOL:
		v = elab_var(e);
		if (!v)
			return STP_V_UNKNOWN;
		if (v->v.scope == STP_VAR_GLOBAL)
			arity(el, v, 0, e->tok);
		if (v->v.type == STP_V_STATS) {
			err(el, e->tok, STP_STATS_AS_VALUE, v->v.name);
			return STP_V_STATS;
		}
		if (want && want != STP_V_VOID)
			var_type(el, v, want, from ? from : e->tok);
		return v->v.type;
	case STP_E_TARGET:
	case STP_E_MEMBER:
		return STP_V_UNKNOWN;
	case STP_E_UNARY:
		ty(el, e->a, STP_V_LONG, NULL);
		return STP_V_LONG;
	case STP_E_BINARY:
		if (!strcmp(e->op, ".")) {
			operands(el, e, STP_V_STRING);
			return STP_V_STRING;
		}
		/* fallthrough */
	case STP_E_LOGICAL:
		operands(el, e, STP_V_LONG);
		return STP_V_LONG;
	case STP_E_COMPARE:
		ta = ty(el, e->a, STP_V_UNKNOWN, NULL);
		tb = ty(el, e->b, ta == STP_V_STATS ? STP_V_UNKNOWN : ta,
			e->a->tok);
		if (!ta && tb && tb != STP_V_STATS)
			ty(el, e->a, tb, e->b->tok);
		return STP_V_LONG;
	case STP_E_REGEX:
		operands(el, e, STP_V_STRING);
		return STP_V_LONG;
	case STP_E_TERNARY:
		ty(el, e->a, STP_V_LONG, NULL);
		ta = ty(el, e->b, want, from);
		tb = ty(el, e->c, want ? want : ta, want ? from : e->b->tok);
		if (!ta && tb)
			ta = ty(el, e->b, tb, e->c->tok);
		return ta ? ta : tb;
	case STP_E_ASSIGN:
		return ty_assign(el, e);
	case STP_E_PREINC:
	case STP_E_POSTINC:
		lvalue(el, e->a, STP_V_LONG, e->tok, e->op);
		return STP_V_LONG;
	case STP_E_INDEX:
		return ty_index(el, e, want, from, false);
	case STP_E_IN:
		return ty_index(el, e, want, from, true);
	case STP_E_CALL:
		return ty_call(el, e, want, from);
	case STP_E_ATOP:
		return ty_atop(el, e, want, from);
	}
	return STP_V_UNKNOWN;
}
STP_EXHAUSTIVE_END

static enum stp_vtype ty(struct elab *el, struct stp_expr *e,
		enum stp_vtype want, const struct stp_token *from)
{
	enum stp_vtype got;

	if (!e)
		return STP_V_UNKNOWN;
	got = ty_inner(el, e, want, from);
	elab_sem(el, e)->type = got;
	if (el->report && want && got && want != got &&
	    got != STP_V_STATS && want != STP_V_STATS &&
	    !(e->kind == STP_E_SYMBOL || e->kind == STP_E_INDEX)) {
		const char *what = e->kind == STP_E_CALL ?
			stp_arena_printf(el->arena, "'%s()'", e->name) :
			"the expression";

		mismatch(el, e->tok, what, got, want, from);
	}
	return got;
}

/* The statement walk (a visitor, parser/visit.h): the statements that
 * expect a type of their expressions; any other expression is typed
 * with no expectation. */
struct type_walk {
	struct stp_visitor vis;		/* first: the callbacks get it */
	struct elab *el;
};

static struct elab *walk_elab(struct stp_visitor *vis)
{
	return stp_container_of(vis, struct type_walk, vis)->el;
}

static enum stp_walk st_expr(struct stp_visitor *vis, struct stp_expr *e)
{
	ty(walk_elab(vis), e, 0, NULL);
	return STP_WALK_SKIP;
}

static int list_len(const struct stp_expr *e)
{
	int n = 0;

	for (; e; e = e->next)
		n++;
	return n;
}

/* `foreach (k in a @sum+)`: a statistic of each element, so `a` holds
 * statistics. */
static void sorted_by_stat(struct elab *el, struct evar *v,
			   const struct stp_foreach *fe)
{
	if (!v->v.type) {
		v->v.type = STP_V_STATS;
		v->type_tok = fe->array->tok;
		el->changed++;
	} else if (v->v.type != STP_V_STATS) {
		err(el, fe->array->tok, STP_NOT_STATS, fe->sort_aggr,
		    v->v.name, elab_type_name(v->v.type));
	}
}

static enum stp_walk st_foreach(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct elab *el = walk_elab(vis);
	struct stp_foreach *fe = s->fe;
	struct stp_foreach_key *k;
	struct evar *v = elab_var(fe->array);
	int i;

	if (fe->array->kind != STP_E_SYMBOL) {
		/* histogram buckets: long keys and counts */
		ty(el, fe->array, STP_V_UNKNOWN, NULL);
		for (k = fe->keys; k; k = k->next)
			var_type(el, elab_var(k), STP_V_LONG,
				 k->tok);
		if (fe->value)
			var_type(el, elab_var(fe->value),
				 STP_V_LONG, fe->value->tok);
	} else if (v && (too_many_keys(el, v, fe->nkeys, fe->array->tok) ||
			 too_many_keys(el, v, list_len(fe->slice),
				       fe->array->tok))) {
		for (k = fe->keys; k; k = k->next)
			if (stp_sem_var(k))
				elab_var(k)->type_moot = true;
		if (fe->value && stp_sem_var(fe->value))
			elab_var(fe->value)->type_moot = true;
	} else if (v) {
		if (!v->indexed_known) {
			v->indexed_known = true;
			v->v.nkeys = fe->nkeys;
			v->keys_tok = fe->array->tok;
		} else if (v->v.nkeys != fe->nkeys) {
			err(el, fe->array->tok, STP_FOREACH_NKEYS, v->v.name,
			    fe->nkeys, fe->nkeys == 1 ? "" : "s", v->v.nkeys);
		}
		for (k = fe->keys, i = 0; k && i < STP_MAX_KEYS;
		     k = k->next, i++) {
			struct evar *kv = elab_var(k);

			if (!kv)
				continue;
			if (v->v.key_types[i])
				var_type(el, kv, v->v.key_types[i], k->tok);
			else if (kv->v.type) {
				v->v.key_types[i] = kv->v.type;
				el->changed++;
			}
		}
		if (fe->sort_aggr)
			sorted_by_stat(el, v, fe);
		if (fe->slice && list_len(fe->slice) != v->v.nkeys)
			err(el, fe->array->tok, STP_INDEX_ARITY, v->v.name,
			    list_len(fe->slice),
			    list_len(fe->slice) == 1 ? "" : "es", v->v.nkeys);
		else if (fe->slice)
			keys(el, v, fe->slice);
		if (fe->value && stp_sem_var(fe->value)) {
			struct evar *vv = elab_var(fe->value);

			if (v->v.type && v->v.type != STP_V_STATS)
				var_type(el, vv, v->v.type, fe->value->tok);
			else if (!v->v.type && vv->v.type) {
				v->v.type = vv->v.type;
				v->type_tok = fe->value->tok;
				el->changed++;
			}
		}
	}
	ty(el, fe->limit, STP_V_LONG, NULL);
	stp_visit_stmt(vis, s->body);
	return STP_WALK_SKIP;
}

static enum stp_walk st_if(struct stp_visitor *vis, struct stp_stmt *s)
{
	fold_identity_concat(s->e);
	ty(walk_elab(vis), s->e, STP_V_LONG, NULL);
	stp_visit_stmt(vis, s->body);
	stp_visit_stmt(vis, s->els);
	return STP_WALK_SKIP;
}

static enum stp_walk st_loop(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct elab *el = walk_elab(vis);

	ty(el, s->init, STP_V_UNKNOWN, NULL);
	if (s->e)
		fold_identity_concat(s->e);
	ty(el, s->e, STP_V_LONG, NULL);
	ty(el, s->incr, STP_V_UNKNOWN, NULL);
	stp_visit_stmt(vis, s->body);
	return STP_WALK_SKIP;
}

static enum stp_walk st_return(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct elab *el = walk_elab(vis);
	struct efunc *f = el->cur_fn;
	enum stp_vtype t;

	if (!f)
		return STP_WALK_SKIP;
	if (!s->e) {
		if (f->f.ret && f->f.ret != STP_V_VOID)
			err(el, s->tok, STP_RETURN_NO_VALUE,
			    f->f.decl->u.func.name, elab_type_name(f->f.ret));
		return STP_WALK_SKIP;
	}
	if (f->bare_return && !f->f.decl->u.func.type) {
		err(el, s->tok, STP_RETURN_VALUE_VOID, f->f.decl->u.func.name);
		return STP_WALK_SKIP;
	}
	t = ty(el, s->e, f->f.ret, f->ret_tok);
	if (!f->f.ret && t && t != STP_V_STATS && t != STP_V_VOID) {
		f->f.ret = t;
		f->ret_tok = s->e->tok;
		el->changed++;
	}
	return STP_WALK_SKIP;
}

static enum stp_walk st_delete(struct stp_visitor *vis, struct stp_stmt *s)
{
	struct elab *el = walk_elab(vis);

	if (s->e->kind == STP_E_INDEX) {
		struct evar *v = elab_var(s->e);

		if (v && arity(el, v, s->e->nargs, s->e->tok))
			keys(el, v, s->e->args);
	}
	return STP_WALK_SKIP;
}

static const struct stp_visit_ops type_walk_ops = {
	.any_expr = st_expr,
	.stmt = {
		[STP_S_IF] = st_if,
		[STP_S_WHILE] = st_loop,
		[STP_S_FOR] = st_loop,
		[STP_S_FOREACH] = st_foreach,
		[STP_S_RETURN] = st_return,
		[STP_S_DELETE] = st_delete,
	},
};

static void walk_all(struct elab *el)
{
	struct stp_program *prog = el->prog;
	struct type_walk w = { { &type_walk_ops }, el };
	size_t i;

	for (i = 0; i < prog->functions.len; i++) {
		struct efunc *f = prog->functions.items[i];

		el->cur_fn = f;
		el->cur_probe = NULL;
		if (f->f.decl->u.func.body)
			stp_visit_stmt(&w.vis, f->f.decl->u.func.body);
	}
	el->cur_fn = NULL;
	for (i = 0; i < prog->probes.len; i++) {
		struct stp_probe_info *p = prog->probes.items[i];

		el->cur_probe = p;
		stp_visit_stmt(&w.vis, p->body);
		ty(el, p->cond, STP_V_LONG, NULL);
	}
	el->cur_probe = NULL;
}

static void unresolved(struct elab *el, struct stp_vec *vars)
{
	size_t i;

	for (i = 0; i < vars->len; i++) {
		struct evar *v = vars->items[i];

		if (!v->v.type && !v->type_moot && (v->v.read || v->v.written))
			err(el, v->v.tok, STP_UNRESOLVED_TYPE, v->v.name);
	}
}

void elab_infer_types(struct elab *el)
{
	struct stp_program *prog = el->prog;
	size_t i;
	int iter;

	for (iter = 0; iter < 64; iter++) {
		el->changed = 0;
		walk_all(el);
		if (!el->changed)
			break;
	}
	/* functions that return no value */
	for (i = 0; i < prog->functions.len; i++) {
		struct efunc *f = prog->functions.items[i];

		if (!f->f.ret && (f->bare_return || f->f.embedded ||
				  !f->ret_tok))
			f->f.ret = STP_V_VOID;
	}
	el->report = 1;
	walk_all(el);
	unresolved(el, &prog->globals);
	for (i = 0; i < prog->probes.len; i++)
		unresolved(el, &((struct stp_probe_info *)
				 prog->probes.items[i])->locals);
	for (i = 0; i < prog->functions.len; i++) {
		struct efunc *f = prog->functions.items[i];
		struct stp_vec params = { (void **)f->f.params,
					  (size_t)f->f.nparams,
					  (size_t)f->f.nparams };

		unresolved(el, &f->f.locals);
		if (!f->f.embedded)
			unresolved(el, &params);
	}
	el->report = 0;
}
