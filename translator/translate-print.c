// SPDX-License-Identifier: GPL-2.0-or-later
/* translate-print.c - pass 3: the print family (print, println, printd,
 * printdln, printf and their s* forms) lowered onto lang.h's printers,
 * with printf formats parsed here, at translate time, into static
 * struct _stp_fmt_spec tables; and C string literals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "trans.h"
#include "../runtime/format.h"

/* Append bytes as a C string literal (octal escapes for the rest). */
void tx_c_string(struct sbuf *o, const char *s, size_t n)
{
	size_t i;

	sb_add(o, "\"");
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			sb_printf(o, "\\%c", ch);
		else if (ch == '\n')
			sb_add(o, "\\n");
		else if (ch == '\t')
			sb_add(o, "\\t");
		else if (ch == '?')
			sb_add(o, "\\?");	/* no trigraphs */
		else if (ch >= 32 && ch < 127)
			sb_addn(o, (const char *)&ch, 1);
		else
			sb_printf(o, "\\%03o", ch);
	}
	sb_add(o, "\"");
}

/* A script string literal's contents (C escapes kept by the lexer) as
 * raw bytes, malloc'd and NUL-terminated; *len excludes the NUL. */
char *tx_unescape(const char *s, size_t *len)
{
	char *r = stp_xmalloc(strlen(s) + 1);
	size_t n = 0;

	while (*s) {
		int v, k;

		if (*s != '\\' || !s[1]) {
			r[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': r[n++] = '\n'; s++; break;
		case 't': r[n++] = '\t'; s++; break;
		case 'r': r[n++] = '\r'; s++; break;
		case 'a': r[n++] = '\a'; s++; break;
		case 'b': r[n++] = '\b'; s++; break;
		case 'f': r[n++] = '\f'; s++; break;
		case 'v': r[n++] = '\v'; s++; break;
		case 'x':
			s++;
			for (v = 0, k = 0; k < 2 && stp_hexval(*s) >= 0; k++)
				v = v * 16 + stp_hexval(*s++);
			r[n++] = (char)v;
			break;
		default:
			if (*s >= '0' && *s <= '7') {
				for (v = 0, k = 0; k < 3 && *s >= '0' &&
				     *s <= '7'; k++)
					v = v * 8 + (*s++ - '0');
				r[n++] = (char)v;
			} else {
				r[n++] = *s++;
			}
		}
	}
	r[n] = '\0';
	*len = n;
	return r;
}

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

/* Emit a static spec table; returns its number. */
static int emit_specs(struct tx *t, const struct _stp_fmt_spec *sp, int n,
		      const char *comment)
{
	int id = t->nformats++, i;

	sb_printf(&t->decls, "/* %s */\nstatic const struct _stp_fmt_spec "
		  "fmt_%d[] = {\n", comment, id);
	for (i = 0; i < n; i++) {
		sb_add(&t->decls, "\t");
		if (sp[i].conv == STP_FMT_LITERAL) {
			sb_add(&t->decls, "STP_FMT_LIT(");
			tx_c_string(&t->decls, sp[i].text, sp[i].len);
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

/* One argument of a format, as a union _stp_fmt_arg initialiser. */
static void emit_arg(struct tx *t, const struct stp_expr *a, struct sbuf *o)
{
	if (tx_is_string(a)) {
		sb_add(o, "STP_FMT_STR(");
		tx_expr(t, a, o);
		sb_add(o, ")");
	} else {
		sb_add(o, "STP_FMT_NUM(");
		tx_expr(t, a, o);
		sb_add(o, ")");
	}
}

/* Arguments of one print, at most, in an array on the kernel stack; a
 * print with more (a format has no limit on its conversions) keeps its
 * array in the body's frame, which is per-CPU memory, not stack. */
#define STACK_FMT_ARGS 16

/* The render call: _stp_printf or _stp_sprintf into a temporary. */
static void emit_render(struct tx *t, const struct stp_expr *e, int fmt,
			int nspecs, const struct stp_expr *args, int nargs,
			bool to_string, struct sbuf *o)
{
	const struct stp_expr *a;
	int l = tx_label(t), i = 0;
	char an[32];

	snprintf(an, sizeof(an), !nargs ? "NULL" :
		 nargs > STACK_FMT_ARGS ? "l->fa%d" : "_fa%d", l);
	sb_add(o, "({ ");
	if (nargs > STACK_FMT_ARGS) {
		sb_printf(&t->b->frame, "\tunion _stp_fmt_arg fa%d[%d];\n",
			  l, nargs);
		for (a = args; a; a = a->next, i++) {
			bool str = tx_is_string(a);

			sb_printf(o, "%s[%d].%s = ", an, i,
				  str ? "str.ptr" : "num");
			tx_expr(t, a, o);
			if (str)
				sb_printf(o, "; %s[%d].str.len = MAXSTRINGLEN",
					  an, i);
			sb_add(o, "; ");
		}
	} else if (nargs) {
		sb_printf(o, "union _stp_fmt_arg _fa%d[] = { ", l);
		for (a = args; a; a = a->next) {
			emit_arg(t, a, o);
			sb_add(o, a->next ? ", " : " ");
		}
		sb_add(o, "}; ");
	}
	if (to_string) {
		const char *tmp = tx_temp_str(t);
		char *tmps = stp_xstrdup(tmp);

		sb_printf(o, "_stp_sprintf(c, %s, fmt_%d, %d, %s, %d); ",
			  tmps, fmt, nspecs, an, nargs);
		tx_set_stmt(t, o, "identifier 'sprintf'", e->tok);
		sb_printf(o, "if (unlikely(c->last_error)) goto %s; %s; })",
			  t->b->err_label, tmps);
		free(tmps);
	} else {
		tx_set_stmt(t, o, "identifier 'printf'", e->tok);
		sb_printf(o, "if (unlikely(_stp_printf(c, fmt_%d, %d, %s, %d))) "
			  "goto %s; })", fmt, nspecs, an, nargs,
			  t->b->err_label);
	}
}

/* printf/sprintf: the format is a literal, parsed now. */
static void tx_printf(struct tx *t, const struct stp_expr *e, bool sprintf_,
		      struct sbuf *o)
{
	const struct stp_expr *f = e->args;
	struct _stp_fmt_spec *specs;
	struct _stp_fmt_error err;
	char *raw;
	size_t rawlen;
	int n, i, need = 0, argi = 1, id;
	const struct stp_expr *a;

	if (!f || f->kind != STP_E_STRING) {
		tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
			 "a format that is not a string literal");
		sb_add(o, "0");
		return;
	}
	raw = tx_unescape(f->str, &rawlen);
	n = _stp_format_parse(raw, NULL, 0, &err);
	if (n < 0) {
		tx_error(t, f->tok, STP_TRANS_BAD_FORMAT, f->str,
			 _stp_format_strerror(err.code));
		free(raw);
		sb_add(o, "0");
		return;
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
	emit_render(t, e, id, n, f->next, e->nargs - 1, sprintf_, o);
out:
	free(specs);
	free(raw);
}

/* print/println/printd/printdln and s* forms: a format built here, as
 * SystemTap does ("%d" or "%s" per argument, the delimiter between,
 * "\n" at the end). */
static void tx_print_list(struct tx *t, const struct stp_expr *e,
			  struct sbuf *o)
{
	const char *name = e->name[0] == 's' ? e->name + 1 : e->name;
	bool to_string = e->name[0] == 's';
	bool delim = !strncmp(name, "printd", 6);
	bool nl = name[strlen(name) - 2] == 'l' && name[strlen(name) - 1] == 'n';
	const struct stp_expr *args = e->args, *a;
	struct _stp_fmt_spec *specs;
	char *dl = NULL;
	size_t dlen = 0;
	int n = 0, nargs = 0, id;

	if (delim) {
		if (!args || args->kind != STP_E_STRING) {
			tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
				 "a delimiter that is not a string literal");
			sb_add(o, "0");
			return;
		}
		dl = tx_unescape(args->str, &dlen);
		args = args->next;
	}
	/* fast paths: one value printed directly */
	if (!to_string && !delim && args && !args->next) {
		if (is_hist(args)) {
			const char *desc;

			sb_add(o, "({ _stp_print_hist(c, ");
			tx_stat_total(t, args, o, &desc);
			sb_printf(o, ", &%s); %s})", desc,
				  nl ? "_stp_print_char(c, '\\n'); " : "");
			return;
		}
		sb_printf(o, "({ _stp_print_%s(c, ",
			  tx_is_string(args) ? "str" : "num");
		tx_expr(t, args, o);
		sb_printf(o, "); %s})", nl ? "_stp_print_char(c, '\\n'); " : "");
		return;
	}
	if (to_string && args && !args->next && is_hist(args) && !nl) {
		const char *desc;
		const char *tmp = tx_temp_str(t);
		char *tmps = stp_xstrdup(tmp);

		sb_printf(o, "_stp_sprint_hist(c, %s, ", tmps);
		tx_stat_total(t, args, o, &desc);
		sb_printf(o, ", &%s)", desc);
		free(tmps);
		return;
	}
	specs = stp_xmalloc(sizeof(*specs) * (size_t)(2 * e->nargs + 2));
	for (a = args; a; a = a->next) {
		if (is_hist(a)) {
			tx_error(t, a->tok, STP_TRANS_UNSUPPORTED,
				 "a histogram among other print arguments");
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
		sb_add(o, to_string ? "\"\"" : "({ })");
	} else {
		id = emit_specs(t, specs, n, e->name);
		emit_render(t, e, id, n, args, nargs, to_string, o);
	}
	free(specs);
	free(dl);
}

void tx_print_call(struct tx *t, const struct stp_expr *e, struct sbuf *o)
{
	if (!strcmp(e->name, "printf"))
		tx_printf(t, e, false, o);
	else if (!strcmp(e->name, "sprintf"))
		tx_printf(t, e, true, o);
	else
		tx_print_list(t, e, o);
}
