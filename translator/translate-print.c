// SPDX-License-Identifier: GPL-2.0-or-later
/* translate-print.c - pass 3: the print family (print, println, printd,
 * printdln, printf and their s* forms) lowered onto lang.h's printers,
 * with printf formats parsed here, at translate time, into static
 * struct _stp_fmt_spec tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trans.h"
#include "../runtime/format.h"

static const char *const print_names[] = {
#define PRINT_FUNCTION(name, format_first, hist_printer) #name,
#include "print-functions.def"
#undef PRINT_FUNCTION
};

bool tx_is_print(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(print_names) / sizeof(print_names[0]); i++)
		if (!strcmp(name, print_names[i]))
			return true;
	return false;
}

static bool is_hist(const struct stp_expr *e)
{
	return e->kind == STP_E_ATOP && !strncmp(e->name, "@hist_", 6);
}

static const char *conv_name(int conv)
{
	static const char *const names[] = {
		"STP_FMT_LITERAL", "STP_FMT_SIGNED", "STP_FMT_UNSIGNED",
		"STP_FMT_OCTAL", "STP_FMT_HEX", "STP_FMT_HEX_UPPER",
		"STP_FMT_POINTER", "STP_FMT_CHAR", "STP_FMT_STRING",
		"STP_FMT_BINARY", "STP_FMT_MEMORY", "STP_FMT_MEMORY_HEX",
	};

	return conv >= 0 && conv < STP_FMT_NCONV ? names[conv] : "0";
}

static void emit_dim(struct sbuf *o, s32 v)
{
	if (v == STP_FMT_NONE)
		sb_add(o, "STP_FMT_NONE");
	else if (v == STP_FMT_STAR)
		sb_add(o, "STP_FMT_STAR");
	else
		sb_printf(o, "%d", v);
}

/* The comment naming a format shows at most this much of it. */
#define FORMAT_COMMENT_MAX 60

/* Emit a static spec table; returns its number. */
static int emit_specs(struct tx *t, const struct _stp_fmt_spec *sp, int n,
		      const char *comment)
{
	int id = t->nformats++, i;

	em_comment(&t->decls, comment, FORMAT_COMMENT_MAX);
	sb_printf(&t->decls, "static const struct _stp_fmt_spec fmt_%d[] = {\n",
		  id);
	for (i = 0; i < n; i++) {
		sb_add(&t->decls, "\t");
		if (sp[i].conv == STP_FMT_LITERAL) {
			sb_add(&t->decls, "STP_FMT_LIT(");
			em_c_string(&t->decls, sp[i].text, sp[i].len);
			sb_add(&t->decls, "),\n");
			continue;
		}
		sb_printf(&t->decls, "STP_FMT_CONV(%s, %d, ",
			  conv_name(sp[i].conv), sp[i].flags);
		emit_dim(&t->decls, sp[i].width);
		sb_add(&t->decls, ", ");
		emit_dim(&t->decls, sp[i].precision);
		sb_add(&t->decls, "),\n");
	}
	sb_add(&t->decls, "};\n");
	return id;
}

/* Arguments of one print, at most, in an array on the kernel stack; a
 * print with more (a format has no limit on its conversions) keeps its
 * array in the body's frame, which is per-CPU memory, not stack. */
#define STACK_FMT_ARGS 16
/* Longer argument lists get a line per argument. */
#define ARGS_ON_ONE_LINE 60

/* The render call: _stp_printf, or _stp_sprintf into a frame string
 * (its name is returned).  The arguments are evaluated first. */
static char *emit_render(struct tx *t, const struct stp_expr *e, int fmt,
			 int nspecs, const struct stp_expr *args, int nargs,
			 bool to_string)
{
	struct em_body *b = tx_em(t);
	char **r = tx_expr_list(t, args, nargs), *res = NULL;
	const struct stp_expr *a;
	struct sbuf init = { 0 };
	char an[32];
	int i;

	snprintf(an, sizeof(an), "NULL");
	if (nargs > STACK_FMT_ARGS) {
		int l = tx_label(t);

		snprintf(an, sizeof(an), "l->fa%d", l);
		sb_printf(&b->frame, "\tunion _stp_fmt_arg fa%d[%d];\n", l, nargs);
		for (a = args, i = 0; a && i < nargs; a = a->next, i++) {
			if (!tx_is_string(a)) {
				em_line(b, "%s[%d].num = %s;", an, i, r[i]);
				continue;
			}
			em_line(b, "%s[%d].str.ptr = %s;", an, i, r[i]);
			em_line(b, "%s[%d].str.len = MAXSTRINGLEN;", an, i);
		}
	} else if (nargs) {
		snprintf(an, sizeof(an), "args");
		for (a = args, i = 0; a && i < nargs; a = a->next, i++)
			sb_printf(&init, "%sSTP_FMT_%s(%s)", i ? ", " : "",
				  tx_is_string(a) ? "STR" : "NUM", r[i]);
		em_line(b, "{");
		b->indent++;
		if (init.len <= ARGS_ON_ONE_LINE) {
			em_line(b, "union _stp_fmt_arg args[] = { %s };", init.s);
		} else {
			em_line(b, "union _stp_fmt_arg args[] = {");
			for (a = args, i = 0; a && i < nargs; a = a->next, i++)
				em_line(b, "\tSTP_FMT_%s(%s),",
					tx_is_string(a) ? "STR" : "NUM", r[i]);
			em_line(b, "};");
		}
		em_blank(b);
	}
	if (to_string) {
		res = stp_xstrdup(em_frame_str(b));
		em_line(b, "_stp_sprintf(c, %s, fmt_%d, %d, %s, %d);", res, fmt,
			nspecs, an, nargs);
	} else {
		tx_set_stmt(t, "identifier 'printf'", e->tok);
		em_line(b, "if (unlikely(_stp_printf(c, fmt_%d, %d, %s, %d)))",
			fmt, nspecs, an, nargs);
		em_line(b, "\tgoto %s;", t->b->err_label);
	}
	if (init.len) {
		b->indent--;
		em_line(b, "}");
	}
	if (to_string) {
		tx_set_stmt(t, "identifier 'sprintf'", e->tok);
		em_line(b, "if (unlikely(c->last_error))");
		em_line(b, "\tgoto %s;", t->b->err_label);
	}
	sb_free(&init);
	tx_free_list(r, nargs);
	return res ? res : stp_xstrdup("");
}

/* printf/sprintf: the format is a literal, parsed now. */
static char *tx_printf(struct tx *t, const struct stp_expr *e, bool sprintf_)
{
	const struct stp_expr *f = e->args;
	struct _stp_fmt_spec *specs;
	struct _stp_fmt_error err;
	char *raw;
	size_t rawlen;
	int n, i, need = 0, argi = 1, id;
	const struct stp_expr *a;
	char *res = NULL;

	if (!f || f->kind != STP_E_STRING) {
		/* pass 1 refuses it (E314) */
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "a format that is not a string literal");
		return stp_xstrdup("0");
	}
	raw = em_unescape(f->str, &rawlen);
	n = _stp_format_parse(raw, NULL, 0, &err);
	if (n < 0) {
		tx_error(t, f->tok, STP_TRANS_BAD_FORMAT, f->str,
			 _stp_format_strerror(err.code));
		free(raw);
		return stp_xstrdup("0");
	}
	specs = stp_xmalloc(sizeof(*specs) * (size_t)(n ? n : 1));
	_stp_format_parse(raw, specs, n, &err);
	need = _stp_format_nargs(specs, n);
	if (need != e->nargs - 1) {
		tx_error(t, e->tok, STP_TRANS_FORMAT_ARGS, f->str, need,
			 need == 1 ? "" : "s", e->nargs - 1);
		goto out;
	}
	/* each argument's type against its directive */
	a = f->next;
	for (i = 0; i < n && a; i++) {
		int k, na = _stp_format_spec_nargs(&specs[i]);

		for (k = 0; k < na && a; k++, a = a->next, argi++) {
			bool want_str = k == na - 1 &&
				_stp_format_arg_kind(&specs[i]) ==
				STP_FMT_ARG_STRING;

			if (want_str != tx_is_string(a))
				tx_error(t, a->tok, STP_TRANS_FORMAT_TYPE,
					 argi, e->name,
					 tx_is_string(a) ? "string" : "number",
					 want_str ? "string" : "number");
		}
	}
	id = emit_specs(t, specs, n, f->str);
	res = emit_render(t, e, id, n, f->next, e->nargs - 1, sprintf_);
out:
	free(specs);
	free(raw);
	return res ? res : stp_xstrdup("0");
}

/* print/println/printd/printdln and s* forms: a format built here, as
 * SystemTap does ("%d" or "%s" per argument, the delimiter between,
 * "\n" at the end). */
static char *tx_print_list(struct tx *t, const struct stp_expr *e)
{
	const char *name = e->name[0] == 's' ? e->name + 1 : e->name;
	bool to_string = e->name[0] == 's';
	bool delim = !strncmp(name, "printd", 6);
	bool nl = name[strlen(name) - 2] == 'l' && name[strlen(name) - 1] == 'n';
	const struct stp_expr *args = e->args, *a;
	struct _stp_fmt_spec *specs;
	char *dl = NULL, *res = NULL;
	size_t dlen = 0;
	int n = 0, nargs = 0, id;

	if (delim) {
		if (!args || args->kind != STP_E_STRING) {
			/* pass 1 refuses it (E314) */
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "a delimiter that is not a string literal");
			return stp_xstrdup("0");
		}
		dl = em_unescape(args->str, &dlen);
		args = args->next;
	}
	/* fast paths: one value printed directly */
	if (!to_string && !delim && args && !args->next) {
		const char *desc;
		char *v;

		if (is_hist(args)) {
			v = tx_stat_total(t, args, &desc);
			em_line(tx_em(t), "_stp_print_hist(c, %s, &%s);", v, desc);
		} else {
			v = tx_expr(t, args);
			em_line(tx_em(t), "_stp_print_%s(c, %s);",
				tx_is_string(args) ? "str" : "num", v);
		}
		if (nl)
			em_line(tx_em(t), "_stp_print_char(c, '\\n');");
		free(v);
		return stp_xstrdup("");
	}
	if (to_string && args && !args->next && is_hist(args) && !nl) {
		const char *desc;
		char *v = tx_stat_total(t, args, &desc);

		res = em_strdup_printf("_stp_sprint_hist(c, %s, %s, &%s)",
				       em_frame_str(tx_em(t)), v, desc);
		free(v);
		return res;
	}
	specs = stp_xmalloc(sizeof(*specs) * (size_t)(2 * e->nargs + 2));
	for (a = args; a; a = a->next) {
		/* pass 1 refuses a histogram among other values (E315),
		 * so only sprintln(@hist_x(s)) gets here */
		if (is_hist(a)) {
			tx_error(t, a->tok, STP_TRANS_SPRINTLN_HIST);
			break;
		}
		if (a != args && delim) {
			specs[n] = (struct _stp_fmt_spec)STP_FMT_LIT("");
			specs[n].text = dl;
			specs[n++].len = (u32)dlen;
		}
		specs[n++] = (struct _stp_fmt_spec)STP_FMT_CONV(
			tx_is_string(a) ? STP_FMT_STRING : STP_FMT_SIGNED, 0,
			STP_FMT_NONE, STP_FMT_NONE);
		nargs++;
	}
	if (nl)
		specs[n++] = (struct _stp_fmt_spec)STP_FMT_LIT("\n");
	if (n == 0) {
		res = stp_xstrdup(to_string ? "\"\"" : "");
	} else {
		id = emit_specs(t, specs, n, e->name);
		res = emit_render(t, e, id, n, args, nargs, to_string);
	}
	free(specs);
	free(dl);
	return res;
}

char *tx_print_call(struct tx *t, const struct stp_expr *e)
{
	if (!strcmp(e->name, "printf"))
		return tx_printf(t, e, false);
	if (!strcmp(e->name, "sprintf"))
		return tx_printf(t, e, true);
	return tx_print_list(t, e);
}
