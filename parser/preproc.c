/* SPDX-License-Identifier: GPL-2.0-or-later */
/* preproc.c - the token-level preprocessor between lexer and grammar.
 *
 *   $1 @1 $# @#            script arguments (as tokens, as a string)
 *   @define m(a,b) %( .. %) macro definitions, @m(x,y) uses, @a params
 *   %( cond %? a %: b %)   conditionals on the target kernel and options
 *   probe point components  `kernel.function`, `sys*open` glued into
 *                           COMPONENT tokens, so the grammar never has
 *                           to tell `a*b` from the wildcard `a*b`
 *
 * Macro bodies are copied with an expansion record (source.h) so that an
 * error inside an expansion names both the use and the definition.
 */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "parse.h"
#include "grammar.h"
#include "hash.h"

#define STP_MACRO_MAX_DEPTH 64

struct stp_macro {
	const char *name;		/* without '@' */
	const struct stp_token *def;	/* the name token of @define */
	const char **params;		/* parameter names, without '@' */
	int nparams;
	int broken;			/* its @define was malformed (reported):
					 * uses are quietly marked as errors */
	struct stp_token **body;	/* between %( and %) */
	size_t nbody;
	struct stp_macro *next;
};

/* Arguments of the macro being expanded: @param -> these tokens. */
struct pp_args {
	const struct stp_macro *macro;
	struct stp_tokens *values;	/* nparams processed token lists */
};

#define STP_PP_MAX_NESTING 256
/* Macros that use each other twice grow exponentially: cap the tokens
 * that expansions may produce in one file. */
#define STP_PP_MAX_EXPANDED 250000

struct pp {
	struct stp_parse_ctx *ctx;
	unsigned nesting;		/* conditionals and expansions open */
	size_t expanded;		/* tokens produced by macro expansion */
	int too_large;			/* STP_PP_MAX_EXPANDED was reached */
	struct stp_macro *file_macros;	/* defined in this file */
	struct strmap file_index;	/* name -> one of file_macros */
	struct stp_macro **define_into;	/* where @define adds: file_macros,
					 * or the library for a .stpm file */
};

int stp_lex_atword(const char *word);
const char *stp_lex_atword_name(size_t i);

static void process(struct pp *pp, struct stp_token **t, size_t begin,
		    size_t end, const struct stp_expansion *exp,
		    const struct pp_args *args, struct stp_tokens *out,
		    int toplevel);

/* Report at token t (which carries its own macro expansion chain). */
#define error_at(pp, t, hint, ...)                                         \
	stp_diag_report((pp)->ctx->diag, STP_SEV_ERROR, &(t)->loc, (t)->exp, \
			(hint), __VA_ARGS__)

/* Report at t inside expansion exp (the token's own chain if exp is
 * NULL): errors on a macro body's tokens name the expansion. */
#define report_in(pp, t, exp, hint, ...)                                    \
	stp_diag_report((pp)->ctx->diag, STP_SEV_ERROR, &(t)->loc,           \
			(exp) ? (exp) : (t)->exp, (hint), __VA_ARGS__)

/* Leave an error marker in the output so that the parser does not add
 * its own complaints about the hole the error left. */
static void mark_error(struct pp *pp, struct stp_tokens *out,
		       const struct stp_token *at)
{
	struct stp_token *m;

	if (!out)
		return;
	m = stp_arena_alloc(pp->ctx->arena, sizeof(*m));
	*m = *at;
	m->kind = LEX_ERROR;
	m->err = 0;
	stp_tokens_push(out, m);
}

/* Report the lexical error a token carries, now that it is used. */
static void token_error(struct pp *pp, const struct stp_token *t,
			const struct stp_expansion *exp)
{
	stp_diag_report(pp->ctx->diag, STP_SEV_ERROR, &t->err_loc,
			exp ? exp : t->exp, NULL,
			(enum stp_diag_code)(t->err - 1), t->err_arg);
}

/* A copy of t carrying expansion exp (body tokens are shared between
 * uses, so each use gets its own copies). */
static struct stp_token *with_exp(struct pp *pp, const struct stp_token *t,
				  const struct stp_expansion *exp)
{
	struct stp_token *c;

	if (t->exp == exp)
		return (struct stp_token *)t;
	c = stp_arena_alloc(pp->ctx->arena, sizeof(*c));
	*c = *t;
	c->exp = exp;
	return c;
}

/* The library's macros are few; a file's may be thousands, so those
 * are found through file_index. */
static struct stp_macro *find_macro(struct pp *pp, struct stp_macro **list,
				    const char *name)
{
	struct stp_macro *m;

	if (list == &pp->file_macros)
		return strmap_get(&pp->file_index, name);
	for (m = *list; m; m = m->next)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

/* The macro a use of @name means: the file's own, else the library's. */
static struct stp_macro *visible_macro(struct pp *pp, const char *name)
{
	struct stp_macro *m = find_macro(pp, &pp->file_macros, name);

	return m ? m : find_macro(pp, &pp->ctx->macros, name);
}

static void add_macro(struct pp *pp, struct stp_macro **list,
		      struct stp_macro *m)
{
	m->next = *list;
	*list = m;
	if (list == &pp->file_macros)
		strmap_put(&pp->file_index, m->name, m);
}

/* -- script arguments ---------------------------------------------------- */

static char *escape_for_string(struct pp *pp, const char *s)
{
	size_t n = strlen(s), i, j = 0;
	char *r = stp_arena_alloc(pp->ctx->arena, 2 * n + 1);

	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			r[j++] = '\\';
		r[j++] = s[i];
	}
	r[j] = '\0';
	return r;
}

static void substitute_arg(struct pp *pp, const struct stp_token *t,
			   const struct stp_expansion *exp,
			   struct stp_tokens *out)
{
	const struct stp_pp_env *env = pp->ctx->env;
	struct stp_token *r;
	const char *glued = "";	/* `$1x`: x is glued to the argument */
	long idx;

	if (t->kind == ARG_COUNT) {
		r = with_exp(pp, t, exp);
		if (r == t) {
			r = stp_arena_alloc(pp->ctx->arena, sizeof(*r));
			*r = *t;
		}
		r->text = stp_arena_printf(pp->ctx->arena, "%d", env->nargs);
		r->num = env->nargs;
		r->kind = t->text[0] == '$' ? NUMBER : STRING;
		stp_tokens_push(out, r);
		return;
	}
	idx = strtol(t->text + 1, (char **)&glued, 10);
	if (idx < 1 || idx > env->nargs) {
		char range[16];

		snprintf(range, sizeof(range), "%d", env->nargs);
		report_in(pp, t, exp, env->nargs ? NULL :
			  "give arguments after the script: stap script.stp ARG...",
			  STP_ARG_RANGE, t->text, env->nargs);
		mark_error(pp, out, t);
		return;
	}
	if (t->kind == ARG_STR) {
		r = stp_arena_alloc(pp->ctx->arena, sizeof(*r));
		*r = *t;
		r->exp = exp;
		r->kind = STRING;
		r->text = escape_for_string(pp, env->args[idx - 1]);
		stp_tokens_push(out, r);
	} else {
		/* $N is the argument's text, lexed as script tokens and
		 * placed where $N stands. */
		struct stp_source *src =
			stp_arena_alloc(pp->ctx->arena, sizeof(*src));
		struct stp_tokens lexed = { 0 };
		size_t i;

		src->name = stp_arena_printf(pp->ctx->arena, "<argument %s>",
					     t->text);
		src->text = stp_arena_printf(pp->ctx->arena, "%s%s",
					     env->args[idx - 1], glued);
		src->len = strlen(src->text);
		stp_lex(pp->ctx, src, &lexed);
		for (i = 0; i + 1 < lexed.len; i++) {
			r = lexed.t[i];
			if (r->err) {
				/* point at the $N in the script */
				r->err_loc = t->loc;
				token_error(pp, r, exp);
			}
			r->loc = t->loc;
			r->exp = exp;
			r->space_before = i == 0 ? t->space_before : 1;
			stp_tokens_push(out, r);
		}
		stp_tokens_free(&lexed);
	}
}

/* -- conditionals -------------------------------------------------------- */

static int compare_result(int cmp, const char *op)
{
	if (!strcmp(op, "=="))
		return cmp == 0;
	if (!strcmp(op, "!="))
		return cmp != 0;
	if (!strcmp(op, "<"))
		return cmp < 0;
	if (!strcmp(op, "<="))
		return cmp <= 0;
	if (!strcmp(op, ">"))
		return cmp > 0;
	return cmp >= 0;	/* ">=" */
}

static int glob_or_order(const char *have, const char *op, const char *want,
			 int versions)
{
	if (!strcmp(op, "==") || !strcmp(op, "!=")) {
		int match = fnmatch(want, have, 0) == 0;

		return !strcmp(op, "==") ? match : !match;
	}
	return compare_result(versions ? strverscmp(have, want)
				       : strcmp(have, want), op);
}

static const char *config_value(const struct stp_pp_env *env,
				const char *name)
{
	size_t n = strlen(name);
	const char *const *c;

	for (c = env->config; c && *c; c++)
		if (!strncmp(*c, name, n) && (*c)[n] == '=')
			return *c + n + 1;
	return NULL;
}

static int is_cmp_op(int kind)
{
	return kind == EQ || kind == NE || kind == '<' || kind == '>' ||
	       kind == LE || kind == GE;
}

/* The names a condition tests (pp-conditions.def). */
enum pp_condition_kind { PP_VERSION, PP_WORD, PP_FLAG };

static const struct pp_condition {
	const char *name;
	enum pp_condition_kind kind;
	size_t field;	/* offset in struct stp_pp_env */
} pp_conditions[] = {
#define PP_CONDITION(name, kind, field) \
	{ #name, PP_##kind, offsetof(struct stp_pp_env, field) },
#include "pp-conditions.def"
#undef PP_CONDITION
};

/* the same names, for "did you mean" */
static const char *const pp_condition_names[] = {
#define PP_CONDITION(name, kind, field) #name,
#include "pp-conditions.def"
#undef PP_CONDITION
};

/* "kernel_v, kernel_vr, ..., " for the message of E202 */
static const char pp_condition_list[] =
#define PP_CONDITION(name, kind, field) #name ", "
#include "pp-conditions.def"
#undef PP_CONDITION
	;

#define NCONDITIONS (sizeof(pp_conditions) / sizeof(pp_conditions[0]))

static const struct pp_condition *find_condition(const char *name)
{
	size_t i;

	for (i = 0; i < NCONDITIONS; i++)
		if (!strcmp(pp_conditions[i].name, name))
			return &pp_conditions[i];
	return NULL;
}

/* arch, runtime, privilege, guru_mode and CONFIG_ strings compare only
 * for (glob) equality, as in SystemTap; versions and numbers order. */
static int equality_only(struct pp *pp, const struct stp_token *name,
			 const struct stp_token *op)
{
	if (op->kind == EQ || op->kind == NE)
		return 1;
	error_at(pp, op, NULL, STP_PP_EQUALITY_ONLY, name->text);
	return 0;
}

/* `name op value` for a name of pp-conditions.def (or an unknown one). */
static int compare_named(struct pp *pp, const struct stp_token *l,
			 const struct stp_token *op,
			 const struct stp_token *r, int *ok)
{
	const struct stp_pp_env *env = pp->ctx->env;
	const struct pp_condition *c = find_condition(l->text);
	const char *have;

	if (!c) {
		const char *near = stp_closest(l->text, pp_condition_names,
					       NCONDITIONS);
		char *hint = near ? stp_arena_printf(pp->ctx->arena,
				"did you mean '%s'?", near) : NULL;

		error_at(pp, l, hint, STP_PP_UNKNOWN_NAME, l->text);
		*ok = 0;
		return 0;
	}
	if (c->kind == PP_FLAG) {
		int value = *(const int *)((const char *)env + c->field);

		if (!equality_only(pp, l, op)) {
			*ok = 0;
			return 0;
		}
		if (r->kind != NUMBER) {
			error_at(pp, r, NULL, STP_PP_TYPE_MISMATCH,
				 stp_arena_printf(pp->ctx->arena,
						  "%s (a number)", c->name),
				 "a string");
			*ok = 0;
			return 0;
		}
		return compare_result(value < r->num ? -1 : value > r->num,
				      op->text);
	}
	if (r->kind != STRING) {
		error_at(pp, r, NULL, STP_PP_TYPE_MISMATCH, l->text,
			 "a number");
		*ok = 0;
		return 0;
	}
	if (c->kind == PP_WORD && !equality_only(pp, l, op)) {
		*ok = 0;
		return 0;
	}
	have = *(const char *const *)((const char *)env + c->field);
	return glob_or_order(have ? have : "", op->text, r->text,
			     c->kind == PP_VERSION);
}

/* One comparison `name op value` or `literal op literal`. *i advances;
 * `then` (the %?) is where missing pieces are reported. */
static int eval_comparison(struct pp *pp, struct stp_tokens *c, size_t *i,
			   const struct stp_token *then, int *ok)
{
	const struct stp_pp_env *env = pp->ctx->env;
	struct stp_token *l, *op, *r;

	l = c->t[*i];
	if (l->kind != IDENT && l->kind != STRING && l->kind != NUMBER) {
		error_at(pp, l, NULL, STP_PP_BAD_CONDITION,
			 pp_condition_list);
		*ok = 0;
		return 0;
	}
	op = *i + 1 < c->len ? c->t[*i + 1] : NULL;
	if (!op || !is_cmp_op(op->kind)) {
		error_at(pp, op ? op : then, NULL, STP_PP_NO_OPERATOR);
		*ok = 0;
		return 0;
	}
	r = *i + 2 < c->len ? c->t[*i + 2] : NULL;
	if (!r) {
		error_at(pp, then, NULL, STP_PP_NO_VALUE);
		*ok = 0;
		return 0;
	}
	*i += 3;
	if (r->kind == IDENT && !strncmp(r->text, "CONFIG_", 7) &&
	    l->kind == IDENT && !strncmp(l->text, "CONFIG_", 7)) {
		/* CONFIG_A >= CONFIG_B: numbers if both are, else strings */
		const char *a = config_value(env, l->text);
		const char *b = config_value(env, r->text);
		char *ea, *eb;
		long long x, y;

		if (!a || !b)
			return compare_result(a ? 1 : b ? -1 : 0, op->text);
		x = strtoll(a, &ea, 0);
		y = strtoll(b, &eb, 0);
		if (!*ea && !*eb && *a && *b)
			return compare_result(x < y ? -1 : x > y, op->text);
		return compare_result(strcmp(a, b), op->text);
	}
	if (r->kind != STRING && r->kind != NUMBER) {
		error_at(pp, r, NULL, STP_PP_NO_VALUE);
		*ok = 0;
		return 0;
	}
	if (l->kind == STRING || l->kind == NUMBER) {
		if (l->kind != r->kind) {
			error_at(pp, op, NULL, STP_PP_TYPE_MISMATCH,
				 l->kind == STRING ? "a string" : "a number",
				 r->kind == STRING ? "a string" : "a number");
			*ok = 0;
			return 0;
		}
		if (l->kind == NUMBER)
			return compare_result(l->num < r->num ? -1 :
					      l->num > r->num, op->text);
		return compare_result(strcmp(l->text, r->text), op->text);
	}
	if (!strncmp(l->text, "CONFIG_", 7)) {
		const char *have = config_value(env, l->text);

		if (r->kind == NUMBER) {
			long long v;
			char *end;

			if (!have)
				return !strcmp(op->text, "!=");
			v = strtoll(have, &end, 0);
			if (*end)
				return !strcmp(op->text, "!=");
			return compare_result(v < r->num ? -1 : v > r->num,
					      op->text);
		}
		/* String options keep their .config quotes, as in SystemTap:
		 * CONFIG_X == "?(none)?" matches "(none)" */
		if (!equality_only(pp, l, op)) {
			*ok = 0;
			return 0;
		}
		return glob_or_order(have ? have : "", op->text, r->text, 0);
	}
	return compare_named(pp, l, op, r, ok);
}

/* cond := and ('||' and)* ; and := cmp ('&&' cmp)* */
static int eval_condition(struct pp *pp, struct stp_tokens *c,
			  const struct stp_token *then)
{
	size_t i = 0;
	int ok = 1, result = 0;

	if (c->len == 0) {
		error_at(pp, then, NULL, STP_PP_EMPTY);
		return 0;
	}
	while (ok) {
		int conj;

		if (i >= c->len) {
			error_at(pp, then, NULL, STP_PP_NO_COMPARISON,
				 "'&&' or '||'");
			return 0;
		}
		conj = eval_comparison(pp, c, &i, then, &ok);
		while (ok && i < c->len && c->t[i]->kind == ANDAND) {
			int v;

			i++;
			if (i >= c->len) {
				error_at(pp, then, NULL, STP_PP_NO_COMPARISON,
					 "'&&'");
				return 0;
			}
			v = eval_comparison(pp, c, &i, then, &ok);
			conj = conj && v;
		}
		result = result || conj;
		if (!ok || i >= c->len)
			break;
		if (c->t[i]->kind != OROR) {
			error_at(pp, c->t[i], NULL, STP_PP_NO_JOIN);
			ok = 0;
			break;
		}
		i++;
	}
	return ok && result;
}

static int has_conditional(struct stp_token **t, size_t begin, size_t end)
{
	for (; begin < end; begin++)
		if (t[begin]->kind == PP_OPEN)
			return 1;
	return 0;
}

/* Errors already reported while expanding the condition's tokens. */
static int cond_has_error(const struct stp_tokens *c)
{
	size_t i;

	for (i = 0; i < c->len; i++)
		if (c->t[i]->kind == LEX_ERROR)
			return 1;
	return 0;
}

/* Find the end of a conditional starting at t[open] (a PP_OPEN): returns
 * 1 and sets then/els/close indexes (els == 0 when there is no %:). */
static int scan_conditional(struct pp *pp, struct stp_token **t, size_t open,
			    size_t end, const struct stp_expansion *exp,
			    size_t *then, size_t *els, size_t *close)
{
	size_t i;
	int depth = 0;

	*then = *els = *close = 0;
	for (i = open + 1; i < end; i++) {
		int k = t[i]->kind;

		if (k == PP_OPEN) {
			depth++;
		} else if (k == PP_CLOSE) {
			if (depth == 0) {
				if (!*then) {
					report_in(pp, t[open], exp, NULL,
						  STP_PP_MISSING_THEN);
					return 0;
				}
				*close = i;
				return 1;
			}
			depth--;
		} else if (depth == 0 && k == PP_THEN && !*then) {
			*then = i;
		} else if (depth == 0 && k == PP_ELSE && *then && !*els) {
			*els = i;
		} else if (depth == 0 && (k == PP_ELSE || k == PP_THEN)) {
			/* a second %: or %?, or %: before %? */
			report_in(pp, t[i], exp, NULL, STP_PP_STRAY,
				  t[i]->text);
			return 0;
		}
	}
	report_in(pp, t[open], exp, NULL,
		  *then ? STP_PP_UNTERMINATED : STP_PP_MISSING_THEN);
	return 0;
}

/* -- macros -------------------------------------------------------------- */

/* Remember a macro whose definition failed, so its uses do not add
 * "unknown macro" errors to the one already reported. */
static void define_broken(struct pp *pp, const struct stp_token *name,
			  struct stp_macro **list)
{
	struct stp_macro *m;

	if (find_macro(pp, list, name->text))
		return;
	m = stp_arena_alloc(pp->ctx->arena, sizeof(*m));
	m->name = name->text;
	m->def = name;
	m->broken = 1;
	add_macro(pp, list, m);
}

/* After a malformed @define: the index past its body if one follows,
 * or of the next declaration, so the rest is not read as script. */
static size_t skip_define(struct stp_token **t, size_t i, size_t end)
{
	int depth = 0;

	for (; i < end; i++) {
		int k = t[i]->kind;

		if (k == PP_OPEN) {
			depth++;
		} else if (k == PP_CLOSE && depth > 0) {
			if (--depth == 0)
				return i + 1;
		} else if (depth == 0 && (k == 0 || k == AT_DEFINE ||
					  k == PROBE || k == FUNCTION ||
					  k == GLOBAL || k == PRIVATE)) {
			return i;
		}
	}
	return end;
}

/* @define NAME [(a, b)] %( body %) starting at t[i]; returns the index
 * after it.  Reports and skips what it cannot read. */
static size_t define_macro(struct pp *pp, struct stp_token **t, size_t i,
			   size_t end, struct stp_macro **list)
{
	const struct stp_token *at = t[i];
	struct stp_token *name;
	struct stp_macro *m;
	struct stp_vec params = { 0 };
	size_t j, body;
	int depth = 0;

	i++;
	if (i >= end || t[i]->kind != IDENT) {
		error_at(pp, i < end ? t[i] : at, NULL, STP_MACRO_BAD_DEFINE);
		return skip_define(t, i, end);
	}
	name = t[i++];
	if (!strcmp(name->text, "define")) {
		/* SystemTap 4.8 too: every later @define would be a use */
		error_at(pp, name, NULL, STP_MACRO_DEFINE_DEFINE);
		return skip_define(t, i, end);
	}
	if (i + 1 < end && t[i]->kind == '(' && t[i + 1]->kind == ')') {
		/* SystemTap rejects it too: a macro without parameters is
		 * written without parentheses */
		error_at(pp, t[i + 1], "write @define NAME %( ... %)",
			 STP_MACRO_EMPTY_PARAMS);
		define_broken(pp, name, list);
		return skip_define(t, i, end);
	}
	if (i < end && t[i]->kind == '(') {
		i++;
		while (i < end && t[i]->kind != ')') {
			if (t[i]->kind != IDENT) {
				error_at(pp, t[i], NULL, STP_MACRO_BAD_PARAM);
				stp_vec_free(&params);
				define_broken(pp, name, list);
		return skip_define(t, i, end);
			}
			for (j = 0; j < params.len; j++)
				if (!strcmp(params.items[j], t[i]->text))
					error_at(pp, t[i], NULL,
						 STP_MACRO_DUP_PARAM,
						 t[i]->text);
			stp_vec_push(&params, (void *)t[i]->text);
			i++;
			if (i < end && t[i]->kind == ',') {
				i++;
				if (i < end && t[i]->kind == ')') {
					error_at(pp, t[i], NULL,
						 STP_MACRO_BAD_PARAM);
					stp_vec_free(&params);
					define_broken(pp, name, list);
		return skip_define(t, i, end);
				}
			} else if (i < end && t[i]->kind != ')') {
				error_at(pp, t[i], NULL, STP_MACRO_PARAM_LIST);
				stp_vec_free(&params);
				define_broken(pp, name, list);
		return skip_define(t, i, end);
			}
		}
		if (i >= end) {
			error_at(pp, at, NULL, STP_MACRO_PARAMS_UNTERMINATED);
			stp_vec_free(&params);
			return i;
		}
		i++;
	}
	if (i >= end || t[i]->kind != PP_OPEN) {
		error_at(pp, i < end ? t[i] : at, NULL, STP_MACRO_NO_BODY);
		stp_vec_free(&params);
		define_broken(pp, name, list);
		return skip_define(t, i, end);
	}
	body = ++i;
	for (; i < end; i++) {
		if (t[i]->kind == PP_OPEN)
			depth++;
		else if (t[i]->kind == PP_CLOSE && depth-- == 0)
			break;
	}
	if (i >= end || t[i]->kind != PP_CLOSE) {
		error_at(pp, at, NULL, STP_MACRO_BODY_UNTERMINATED);
		stp_vec_free(&params);
		return end;
	}
	{
		char word[80];

		snprintf(word, sizeof(word), "@%s", name->text);
		if (stp_lex_atword(word))
			stp_diag_report(pp->ctx->diag, STP_SEV_WARNING,
					&name->loc, name->exp, NULL,
					STP_MACRO_SHADOWS, name->text,
					name->text);
	}
	if ((m = find_macro(pp, list, name->text))) {
		error_at(pp, name, NULL, STP_MACRO_REDEFINED, name->text);
		stp_diag_note(pp->ctx->diag, &m->def->loc,
			      "'@%s' was first defined here", name->text);
	} else {
		m = stp_arena_alloc(pp->ctx->arena, sizeof(*m));
		m->name = name->text;
		m->def = name;
		m->nparams = (int)params.len;
		m->params = stp_arena_alloc(pp->ctx->arena,
					    (params.len + 1) * sizeof(char *));
		for (j = 0; j < params.len; j++)
			m->params[j] = params.items[j];
		m->body = t + body;
		m->nbody = i - body;
		add_macro(pp, list, m);
	}
	stp_vec_free(&params);
	return i + 1;
}

static int param_index(const struct pp_args *args, const char *name)
{
	int i;

	if (!args)
		return -1;
	for (i = 0; i < args->macro->nparams; i++)
		if (!strcmp(args->macro->params[i], name))
			return i;
	return -1;
}

static const char *unknown_at_hint(struct pp *pp, const char *word)
{
	struct stp_vec names = { 0 };
	struct stp_macro *m;
	const char *near, *w;
	char *hint = NULL;
	size_t i;

	for (i = 0; (w = stp_lex_atword_name(i)); i++)
		stp_vec_push(&names, (void *)(w + 1));
	for (m = pp->file_macros; m; m = m->next)
		stp_vec_push(&names, (void *)m->name);
	for (m = pp->ctx->macros; m; m = m->next)
		stp_vec_push(&names, (void *)m->name);
	near = stp_closest(word + 1, (const char *const *)names.items,
			   names.len);
	if (near)
		hint = stp_arena_printf(pp->ctx->arena,
					"did you mean '@%s'?", near);
	stp_vec_free(&names);
	return hint;
}

/* Expand a macro use at t[i]; returns the index after the use. */
static size_t expand_macro(struct pp *pp, struct stp_token **t, size_t i,
			   size_t end, const struct stp_expansion *exp,
			   const struct pp_args *outer, struct stp_tokens *out)
{
	const struct stp_token *use = t[i];
	const char *name = use->text + 1;
	struct stp_macro *m = visible_macro(pp, name);
	const struct stp_expansion *e;
	struct stp_expansion *nexp;
	struct pp_args args;
	int nargs = 0, k;
	size_t next = i + 1;

	if (!m) {
		report_in(pp, use, exp, unknown_at_hint(pp, use->text),
			  STP_MACRO_UNKNOWN, use->text);
		mark_error(pp, out, use);
		return next;
	}
	if (m->broken) {
		mark_error(pp, out, use);
		return next;
	}
	args.macro = m;
	args.values = stp_xmalloc(((size_t)m->nparams + 1) *
				  sizeof(*args.values));
	memset(args.values, 0,
	       ((size_t)m->nparams + 1) * sizeof(*args.values));
	if (m->nparams > 0) {
		size_t start;
		int depth = 0;

		if (next >= end || t[next]->kind != '(') {
			report_in(pp, use, exp, NULL, STP_MACRO_ARITY, name,
				  m->nparams, m->nparams == 1 ? "" : "s", 0);
			goto fail;
		}
		start = ++next;
		for (; next < end; next++) {
			int kd = t[next]->kind;

			/* commas inside ( ) and [ ] do not split arguments */
			if (kd == '(' || kd == '[') {
				depth++;
			} else if ((kd == ')' || kd == ']') && depth > 0) {
				depth--;
			} else if ((kd == ',' || kd == ')') && depth == 0) {
				if (nargs < m->nparams)
					process(pp, t, start, next, exp, outer,
						&args.values[nargs], 0);
				nargs++;
				start = next + 1;
				if (kd == ')')
					break;
			}
		}
		if (next >= end) {
			report_in(pp, use, exp, NULL, STP_MACRO_UNTERMINATED,
				  name);
			goto fail;
		}
		next++;
		if (nargs != m->nparams) {
			report_in(pp, use, exp, NULL, STP_MACRO_ARITY, name,
				  m->nparams, m->nparams == 1 ? "" : "s", nargs);
			goto fail;
		}
	}
	for (e = exp; e; e = e->parent) {
		if (e->macro && !strcmp(e->macro, name)) {
			report_in(pp, use, exp, NULL, STP_MACRO_RECURSION, name);
			stp_diag_note(pp->ctx->diag, &m->def->loc,
				      "macro '@%s' is defined here", name);
			goto fail;
		}
	}
	if (exp && exp->depth >= STP_MACRO_MAX_DEPTH) {
		report_in(pp, use, exp, NULL, STP_MACRO_DEPTH,
			  STP_MACRO_MAX_DEPTH);
		goto fail;
	}
	nexp = stp_arena_alloc(pp->ctx->arena, sizeof(*nexp));
	nexp->macro = m->name;
	nexp->use = use->loc;
	nexp->parent = exp;
	nexp->depth = exp ? exp->depth + 1 : 1;
	process(pp, m->body, 0, m->nbody, nexp, &args, out, 0);
	goto out;
fail:
	mark_error(pp, out, use);
out:
	for (k = 0; k <= m->nparams; k++)
		stp_tokens_free(&args.values[k]);
	free(args.values);
	return next;
}

/* -- the walk -------------------------------------------------------------- */

/* Append the processed form of t[begin..end) to out.  toplevel: plain
 * file text, where @define is allowed. */
static void process(struct pp *pp, struct stp_token **t, size_t begin,
		    size_t end, const struct stp_expansion *exp,
		    const struct pp_args *args, struct stp_tokens *out,
		    int toplevel)
{
	size_t i = begin;

	if (++pp->nesting > STP_PP_MAX_NESTING) {
		if (begin < end) {
			report_in(pp, t[begin], exp, NULL,
				  STP_NESTING_TOO_DEEP);
			mark_error(pp, out, t[begin]);
		}
		pp->nesting--;
		return;
	}
	while (i < end && !stp_diag_full(pp->ctx->diag) && !pp->too_large) {
		struct stp_token *tok = t[i];

		switch (tok->kind) {
		case ARG_NUM:
		case ARG_STR:
		case ARG_COUNT:
			substitute_arg(pp, tok, exp, out);
			i++;
			break;
		case AT_DEFINE:
			if (!toplevel) {
				report_in(pp, tok, exp, NULL,
					  STP_MACRO_NOT_TOPLEVEL);
				mark_error(pp, out, tok);
			}
			i = define_macro(pp, t, i, end, pp->define_into);
			break;
		case AT_WORD: at_word: {
			int p = param_index(args, tok->text + 1);

			if (p >= 0) {
				size_t k;
				const struct stp_tokens *v = &args->values[p];

				/* argument tokens carry this expansion too,
				 * so errors in them name the macro */
				for (k = 0; k < v->len; k++)
					stp_tokens_push(out,
							with_exp(pp, v->t[k], exp));
				i++;
			} else {
				i = expand_macro(pp, t, i, end, exp, args,
						 out);
			}
			break;
		}
		case PP_OPEN: {
			size_t then, els, close;
			struct stp_tokens cond = { 0 };
			int take;

			if (!scan_conditional(pp, t, i, end, exp, &then, &els,
					      &close)) {
				/* Skip the broken conditional entirely. */
				mark_error(pp, out, tok);
				i = end;
				break;
			}
			process(pp, t, i + 1, then, exp, args, &cond, 0);
			take = 0;
			if (has_conditional(t, i + 1, then)) {
				report_in(pp, t[i + 1], exp, NULL,
					  STP_PP_NESTED);
				mark_error(pp, out, tok);
			} else if (cond_has_error(&cond)) {
				mark_error(pp, out, tok);
			} else {
				struct stp_token *at = with_exp(pp, t[then], exp);
				int before = pp->ctx->diag->errors;

				take = eval_condition(pp, &cond, at);
				if (pp->ctx->diag->errors != before)
					mark_error(pp, out, tok);
			}
			stp_tokens_free(&cond);
			/* the branch's tokens name the conditional in errors */
			if (take || els) {
				struct stp_expansion *br =
					stp_arena_alloc(pp->ctx->arena,
							sizeof(*br));

				br->use = tok->loc;
				br->parent = exp;
				br->depth = exp ? exp->depth : 0;
				if (take)
					process(pp, t, then + 1,
						els ? els : close, br, args,
						out, toplevel);
				else
					process(pp, t, els + 1, close, br, args,
						out, toplevel);
			}
			i = close + 1;
			break;
		}
		case PP_THEN:
		case PP_ELSE:
		case PP_CLOSE:
			report_in(pp, tok, exp, NULL, STP_PP_STRAY, tok->text);
			mark_error(pp, out, tok);
			i++;
			break;
		default:
			if (exp && exp->depth > 0 &&
			    ++pp->expanded > STP_PP_MAX_EXPANDED) {
				if (!pp->too_large)
					report_in(pp, tok, exp, NULL,
						  STP_MACRO_TOO_LARGE,
						  STP_PP_MAX_EXPANDED);
				pp->too_large = 1;
				mark_error(pp, out, tok);
				pp->nesting--;
				return;
			}
			if (tok->err)
				token_error(pp, tok, exp);
			/* `@var` is a parameter in `@define m(var) %( @var %)`;
			 * `@max` is a macro if one was defined by that name */
			if (tok->text[0] == '@' && tok->kind != AT_DEFINE &&
			    (param_index(args, tok->text + 1) >= 0 ||
			     visible_macro(pp, tok->text + 1)))
				goto at_word;
			stp_tokens_push(out, with_exp(pp, tok, exp));
			i++;
			break;
		}
	}
	pp->nesting--;
}

/* -- probe point components ------------------------------------------------ */

static int is_keyword(int kind)
{
	switch (kind) {
	case PROBE: case GLOBAL: case FUNCTION: case PRIVATE: case IF:
	case ELSE: case FOR: case FOREACH: case IN: case LIMIT: case RETURN:
	case DELETE: case WHILE: case BREAK: case CONTINUE: case NEXT:
	case STRING_KW: case LONG_KW: case TRY: case CATCH:
		return 1;
	default:
		return 0;
	}
}

enum pp_state {
	ST_CODE,	/* ordinary tokens */
	ST_POINT,	/* in a probe point list */
	ST_COND,	/* in a probe point's if (...) */
};

/* Where a probe point component may start: after 'probe', '.', ',', '='
 * or '+='.  Keywords there are names (`kernel.function`, `.return`). */
static int component_may_start(const struct stp_token *prev)
{
	return prev->kind == PROBE || prev->kind == '.' || prev->kind == ',' ||
	       prev->kind == '=' || prev->kind == ALT_OPEN ||
	       (prev->kind == ASSIGN_OP && !strcmp(prev->text, "+="));
}

static struct stp_token *rekind(struct pp *pp, struct stp_token *t, int kind)
{
	struct stp_token *c = stp_arena_alloc(pp->ctx->arena, sizeof(*c));

	*c = *t;
	c->kind = kind;
	return c;
}

static int is_piece(int kind)
{
	return kind == IDENT || kind == '*' || kind == NUMBER ||
	       is_keyword(kind);
}

static void mark_components(struct pp *pp, struct stp_tokens *in,
			    struct stp_tokens *out)
{
	enum pp_state st = ST_CODE;
	int depth = 0, alt = 0;
	size_t i = 0;

	while (i < in->len) {
		struct stp_token *t = in->t[i];
		const struct stp_token *prev = out->len ? out->t[out->len - 1]
							: NULL;

		if (st == ST_CODE) {
			/* `p->probe` is a field, not a probe declaration */
			if (t->kind == PROBE && !(prev && prev->kind == ARROW)) {
				st = ST_POINT;
				alt = 0;
			}
			stp_tokens_push(out, t);
			i++;
			continue;
		}
		if (st == ST_COND) {
			if (t->kind == '(')
				depth++;
			else if (t->kind == ')' && --depth == 0)
				st = ST_POINT;
			else if (t->kind == '{' && depth == 0)
				st = ST_CODE;
			stp_tokens_push(out, t);
			i++;
			continue;
		}
		/* ST_POINT */
		if (t->kind == '(' && prev && prev->kind == COMPONENT) {
			/* a component's parameter: copy it through */
			int d = 0;

			do {
				if (in->t[i]->kind == '(')
					d++;
				else if (in->t[i]->kind == ')')
					d--;
				stp_tokens_push(out, in->t[i]);
				i++;
			} while (d > 0 && i < in->len && in->t[i]->kind != 0 &&
				 in->t[i]->kind != '{');
			continue;
		}
		/* `syscall.{open,close}`: a '{' where a component may start
		 * opens alternatives, not the probe body */
		if (t->kind == '{' && prev && component_may_start(prev)) {
			alt++;
			stp_tokens_push(out, rekind(pp, t, ALT_OPEN));
			i++;
			continue;
		}
		if (t->kind == '}' && alt > 0) {
			alt--;
			stp_tokens_push(out, rekind(pp, t, ALT_CLOSE));
			i++;
			continue;
		}
		/* `if` starts a condition, except where a component name
		 * may stand: `probe foo.if` */
		if (t->kind == IF && !(prev && component_may_start(prev))) {
			st = ST_COND;
			depth = 0;
			stp_tokens_push(out, t);
			i++;
			continue;
		}
		if (is_piece(t->kind) &&
		    (t->kind == IDENT || t->kind == '*' ||
		     (prev && component_may_start(prev)) ||
		     (prev && prev->kind == COMPONENT && !t->space_before))) {
			struct stp_token *c;
			size_t j = i + 1, len = strlen(t->text);
			char *name;

			if (t->kind == NUMBER && !(prev && prev->kind == COMPONENT))
				goto plain;
			while (j < in->len && is_piece(in->t[j]->kind) &&
			       !in->t[j]->space_before) {
				len += strlen(in->t[j]->text);
				j++;
			}
			if (prev && prev->kind == COMPONENT &&
			    !t->space_before) {
				/* glue onto the previous piece */
				c = (struct stp_token *)prev;
				len += strlen(c->text);
				name = stp_arena_alloc(pp->ctx->arena, len + 1);
				strcpy(name, c->text);
			} else {
				c = stp_arena_alloc(pp->ctx->arena, sizeof(*c));
				*c = *t;
				c->kind = COMPONENT;
				name = stp_arena_alloc(pp->ctx->arena, len + 1);
				stp_tokens_push(out, c);
			}
			for (; i < j; i++)
				strcat(name, in->t[i]->text);
			c->text = name;
			continue;
		}
plain:
		if (t->kind == '{' || t->kind == 0 || t->kind == EMBEDDED ||
		    (is_keyword(t->kind) && t->kind != IF))
			st = ST_CODE;
		stp_tokens_push(out, t);
		i++;
	}
}

void stp_preprocess(struct stp_parse_ctx *ctx, const struct stp_tokens *in,
		    struct stp_tokens *out)
{
	struct pp pp = { .ctx = ctx };
	struct stp_tokens expanded = { 0 };

	pp.define_into = &pp.file_macros;
	process(&pp, in->t, 0, in->len, NULL, NULL, &expanded, 1);
	if (!expanded.len || expanded.t[expanded.len - 1]->kind != 0)
		stp_tokens_push(&expanded, in->t[in->len - 1]);
	mark_components(&pp, &expanded, out);
	stp_tokens_free(&expanded);
	/* A file's own macros are private to it, as in SystemTap; the
	 * nodes are arena memory, only their index is freed here. */
	strmap_free(&pp.file_index);
}

void stp_parse_macro_file(struct stp_parse_ctx *ctx,
			  const struct stp_source *src)
{
	struct pp pp = { .ctx = ctx, .define_into = &ctx->macros };
	struct stp_tokens raw = { 0 }, rest = { 0 };
	struct stp_token **t;
	size_t i;

	stp_lex(ctx, src, &raw);
	/* Macro bodies point into this array for the whole session. */
	t = stp_arena_alloc(ctx->arena, raw.len * sizeof(*t));
	memcpy(t, raw.t, raw.len * sizeof(*t));
	process(&pp, t, 0, raw.len, NULL, NULL, &rest, 1);
	for (i = 0; i < rest.len; i++) {
		char buf[96];

		if (rest.t[i]->kind == 0)
			break;
		if (rest.t[i]->kind == LEX_ERROR)
			continue;
		error_at(&pp, rest.t[i],
			 "a macro file (.stpm) holds only @define and %( %)",
			 STP_MACROFILE_JUNK,
			 stp_token_describe(rest.t[i], buf, sizeof(buf)));
		break;
	}
	stp_tokens_free(&rest);
	stp_tokens_free(&raw);
}
