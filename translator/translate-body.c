// SPDX-License-Identifier: GPL-2.0-or-later
/* translate-body.c - pass 3: the bodies of the C file: script and
 * embedded-C functions, probe handlers and their @entry savers, each
 * with its frame struct and its temporaries (statements are
 * translate-stmt.c).
 *
 * Every body (handler or function) has a frame struct on the per-CPU
 * frame stack (c->frames) holding its locals and string temporaries, a
 * pointer `l` to it, and an `out` label that errors, `next` and `return`
 * jump to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trans.h"

/* ---- bodies ---- */

static void body_init(struct tbody *b)
{
	memset(b, 0, sizeof(*b));
	em_body_init(&b->em);
	b->err_label = "out";
	b->ret_label = "out";
}

static void body_free(struct tbody *b)
{
	size_t i;

	em_body_free(&b->em);
	strmap_free(&b->local_names);
	for (i = 0; i < b->local_keys.len; i++)
		free(b->local_keys.items[i]);
	stp_vec_free(&b->local_keys);
}

static void frame_field(struct sbuf *f, const struct stp_var *v,
			const char *cname)
{
	/* cname is "l->stp_l_x": the field is what follows "l->" */
	if (v->type == STP_V_STRING)
		sb_printf(f, "\tchar %s[MAXSTRINGLEN];\n", cname + 3);
	else
		sb_printf(f, "\ts64 %s;\n", cname + 3);
}

/* The body's code, its out label and `tail`: the lines after the code
 * come from no script place. */
static void body_end(struct sbuf *out, const struct tbody *b,
		     const char *tail)
{
	sb_append(out, &b->em.code);
	sb_place(out, NULL, false);
	sb_add(out, "out: __attribute__((unused));\n");
	sb_add(out, tail);
}

/* struct NAME { fields }; and the #define of its stack size. */
static void emit_frame(struct sbuf *out, const char *type, const char *size_macro,
		       const struct sbuf *fields)
{
	if (fields->len) {
		sb_printf(out, "%s {\n%s};\n", type, fields->s);
		sb_printf(out, "#define %s STP_FRAME_SIZE(sizeof(%s))\n\n",
			  size_macro, type);
	} else {
		sb_printf(out, "#define %s 0U\n\n", size_macro);
	}
}

static const char *vtype_c(enum stp_vtype ty)
{
	return ty == STP_V_STRING ? "const char *" : "s64 ";
}

void tx_function_proto(struct tx *t, const struct stp_func_info *f,
		       struct sbuf *out)
{
	int i;

	sb_printf(out, "static %s", f->ret == STP_V_STRING ? "const char *" :
		  f->ret == STP_V_LONG ? "s64 " : "void ");
	sb_printf(out, "%s(struct stp_context *c", tx_func(t, f));
	if (f->ret == STP_V_STRING)
		sb_add(out, ", char *ret");
	for (i = 0; i < f->nparams; i++) {
		char *a = tx_param(f->params[i]);

		sb_printf(out, ", %s%s", vtype_c(f->params[i]->type), a);
		free(a);
	}
	sb_add(out, ")");
	if (out->s && out->s[out->len - 1] == ')')
		sb_add(out, ";\n");
}

/* An embedded-C function: SystemTap's macros around the code. */
static void embedded_function(struct tx *t, const struct stp_func_info *f,
			      struct sbuf *out)
{
	struct sbuf proto = { 0 };
	int i;
	bool str = f->ret == STP_V_STRING, num = f->ret == STP_V_LONG;

	tx_function_proto(t, f, &proto);
	proto.s[proto.len - 2] = '\0';	/* drop ";\n" */
	sb_printf(out, "/* function %s (embedded C), %s */\n%s\n{\n",
		  f->name, tx_loc(t, f->decl ? f->decl->tok : NULL), proto.s);
	sb_free(&proto);
	if (num)
		sb_add(out, "\ts64 ret = 0;\n");
	sb_add(out, "#define CONTEXT c\n");
	/* STAP_ARG_NAME is one token: NAME is never a token of its own */
	for (i = 0; i < f->nparams; i++) {
		char *a = tx_param(f->params[i]);

		sb_printf(out, "#define STAP_ARG_%s %s\n", f->params[i]->name,
			  a);
		free(a);
	}
	if (str) {
		sb_add(out, "#define STAP_RETVALUE ret\n"
			    "#define STAP_RETURN(v) do { _stp_str_copy(ret, (v)); goto out; } while (0)\n");
		sb_add(out, "\tret[0] = '\\0';\n");
	} else if (num) {
		sb_add(out, "#define STAP_RETVALUE ret\n"
			    "#define STAP_RETURN(v) do { ret = (v); goto out; } while (0)\n");
	} else {
		sb_add(out, "#define STAP_RETURN() goto out\n");
	}
	sb_add(out, "#define STAP_ERROR(...) do { _stp_error(c, __VA_ARGS__); goto out; } while (0)\n");
	sb_add(out, "\t{\n");
	/* the code's first line is the line of its %{ */
	if (f->decl)
		sb_place(out, f->decl->u.func.embedded_tok ?
			 &f->decl->u.func.embedded_tok->loc : NULL, true);
	sb_add(out, f->decl ? f->decl->u.func.embedded : "");
	sb_add(out, "\n");
	sb_place(out, NULL, false);
	sb_add(out, "\t}\nout: __attribute__((unused));\n");
	sb_add(out, "#undef CONTEXT\n");
	for (i = 0; i < f->nparams; i++)
		sb_printf(out, "#undef STAP_ARG_%s\n", f->params[i]->name);
	if (str || num)
		sb_add(out, "#undef STAP_RETVALUE\n");
	sb_add(out, "#undef STAP_RETURN\n#undef STAP_ERROR\n");
	if (str)
		sb_add(out, "\treturn ret;\n");
	else if (num)
		sb_add(out, "\treturn ret;\n");
	sb_add(out, "}\n\n");
}

void tx_function(struct tx *t, const struct stp_func_info *f,
		 struct sbuf *out)
{
	struct tbody b;
	char *type, size[64];
	struct sbuf proto = { 0 };
	size_t i;
	int k;

	if (f->embedded) {
		embedded_function(t, f, out);
		return;
	}
	type = em_strdup_printf("struct %s_frame", tx_func(t, f));
	snprintf(size, sizeof(size), "STP_FUNC_FRAME_%d", f->index);
	body_init(&b);
	b.in_function = true;
	b.fn = f;
	t->b = &b;
	for (k = 0; k < f->nparams; k++) {
		char *r = tx_local(t, f->params[k]);

		frame_field(&b.em.frame, f->params[k], r);
		free(r);
	}
	for (i = 0; i < f->locals.len; i++) {
		char *r = tx_local(t, f->locals.items[i]);

		frame_field(&b.em.frame, f->locals.items[i], r);
		free(r);
	}
	if (f->decl && f->decl->u.func.body)
		tx_stmt(t, f->decl->u.func.body);
	t->b = NULL;

	emit_frame(out, type, size, &b.em.frame);
	tx_function_proto(t, f, &proto);
	proto.s[proto.len - 2] = '\0';
	sb_printf(out, "/* function %s, %s */\n%s\n{\n", f->name,
		  tx_loc(t, f->decl ? f->decl->tok : NULL), proto.s);
	sb_free(&proto);
	if (b.em.frame.len)
		sb_printf(out, "\t%s *l;\n", type);
	if (f->ret == STP_V_LONG)
		sb_add(out, "\ts64 ret = 0;\n");
	sb_add(out, "\tu32 fdepth = STP_FOREACH_SAVE();\n");
	em_temp_decls(&b.em, out);
	sb_add(out, "\n");
	if (f->ret == STP_V_STRING)
		sb_add(out, "\tret[0] = '\\0';\n");
	/* MAXNESTING names the function, as SystemTap does */
	{
		char what[160], *where;

		snprintf(what, sizeof(what), "identifier '%s'",
			 f->decl ? f->decl->u.func.name : f->name);
		where = tx_place_literal(t, what, f->decl ? f->decl->tok : NULL);
		sb_printf(out, "\tif (unlikely(c->nesting >= MAXNESTING))\n"
			  "\t\tc->last_stmt = %s;\n", where);
		free(where);
	}
	if (b.em.frame.len)
		sb_printf(out, "\tl = _stp_frame_push(c, %s);\n\tif (unlikely(!l))\n", size);
	else
		sb_add(out, "\tif (unlikely(!_stp_frame_push(c, 0)))\n");
	sb_printf(out, "\t\treturn%s;\n", f->ret == STP_V_STRING ? " ret" :
		  f->ret == STP_V_LONG ? " 0" : "");
	for (k = 0; k < f->nparams; k++) {
		char *field = tx_local(t, f->params[k]);
		char *a = tx_param(f->params[k]);

		if (f->params[k]->type == STP_V_STRING)
			sb_printf(out, "\t_stp_str_copy(%s, %s);\n", field, a);
		else
			sb_printf(out, "\t%s = %s;\n", field, a);
		free(field);
		free(a);
	}
	body_end(out, &b, "\tSTP_FOREACH_RESTORE(fdepth);\n");
	sb_printf(out, "\t_stp_frame_pop(c, %s);\n", b.em.frame.len ? size : "0");
	if (f->ret == STP_V_LONG || f->ret == STP_V_STRING)
		sb_add(out, "\treturn ret;\n");
	sb_add(out, "}\n\n");
	body_free(&b);
	free(type);
}

/* The @entry saver of a return probe: evaluates each entry slot at
 * function entry into c->entry_data. */
static void entry_saver(struct tx *t, const struct stp_probe_info *p,
			struct sbuf *out)
{
	struct tbody b;
	char type[64], size[64];
	struct sbuf fields = { 0 };
	size_t i;

	snprintf(type, sizeof(type), "struct probe_%d_eframe", p->index);
	snprintf(size, sizeof(size), "STP_PROBE_EFRAME_%d", p->index);
	body_init(&b);
	b.probe = p;
	b.entry_saver = true;
	t->b = &b;
	for (i = 0; i < p->entry_slots.len; i++) {
		const struct stp_entry_slot *es = p->entry_slots.items[i];
		char *c;

		em_stmt_start(&b.em);
		if (es->expr->tok)
			sb_place(&b.em.code, &es->expr->tok->loc, false);
		c = tx_expr(t, es->expr);
		if (es->type == STP_V_STRING) {
			sb_printf(&fields, "\tchar e%d[MAXSTRINGLEN];\n", es->index);
			em_line(&b.em, "_stp_str_copy(e->e%d, %s);", es->index, c);
		} else {
			sb_printf(&fields, "\ts64 e%d;\n", es->index);
			em_line(&b.em, "e->e%d = %s;", es->index, c);
		}
		free(c);
	}
	t->b = NULL;
	sb_printf(out, "struct probe_%d_entry {\n%s};\n\n", p->index, fields.s);
	emit_frame(out, type, size, &b.em.frame);
	sb_printf(out, "static void probe_%d_entry(struct stp_context *c)\n{\n",
		  p->index);
	sb_printf(out, "\tstruct probe_%d_entry *e = c->entry_data;\n", p->index);
	if (b.em.frame.len)
		sb_printf(out, "\t%s *l = (void *)c->frames;\n", type);
	em_temp_decls(&b.em, out);
	sb_add(out, "\n");
	if (b.em.frame.len)
		sb_printf(out, "\tc->frame_top = %s;\n", size);
	body_end(out, &b, "\t;\n");
	sb_add(out, "}\n\n");
	sb_free(&fields);
	body_free(&b);
}

void tx_probe(struct tx *t, const struct stp_probe_info *p, struct sbuf *out)
{
	struct tbody b;
	char type[64], size[64];
	size_t i;
	bool has_entry = p->entry_slots.len > 0;
	const struct stp_site *s0 = p->sites.len ? p->sites.items[0] : NULL;

	if (has_entry)
		entry_saver(t, p, out);
	snprintf(type, sizeof(type), "struct probe_%d_frame", p->index);
	snprintf(size, sizeof(size), "STP_PROBE_FRAME_%d%s", p->index,
		 has_entry ? "_BODY" : "");
	body_init(&b);
	b.probe = p;
	t->b = &b;
	for (i = 0; i < p->locals.len; i++) {
		char *r = tx_local(t, p->locals.items[i]);

		frame_field(&b.em.frame, p->locals.items[i], r);
		free(r);
	}
	if (p->cond) {
		char *c;

		em_stmt_start(&b.em);
		if (p->cond->tok)
			sb_place(&b.em.code, &p->cond->tok->loc, false);
		c = tx_expr(t, p->cond);
		em_line(&b.em, "if (!(%s))", c);
		em_line(&b.em, "\tgoto out;");
		free(c);
	}
	if (p->body)
		tx_stmt(t, p->body);

	emit_frame(out, type, size, &b.em.frame);
	if (has_entry)
		sb_printf(out, "#define STP_PROBE_FRAME_%d STP_MAX(%s, STP_PROBE_EFRAME_%d)\n\n",
			  p->index, size, p->index);
	sb_printf(out, "/* probe %s, %s */\nstatic void probe_%d(struct stp_context *c)\n{\n",
		  s0 && s0->pp ? s0->pp : "?",
		  tx_loc(t, p->decl ? p->decl->tok : NULL), p->index);
	if (b.em.frame.len)
		sb_printf(out, "\t%s *l = (void *)c->frames;\n", type);
	em_temp_decls(&b.em, out);
	if (b.em.frame.len || b.em.temps.max_nums || b.em.temps.max_strs ||
	    b.em.temps.max_keys)
		sb_add(out, "\n");
	if (b.em.frame.len) {
		sb_printf(out, "\tc->frame_top = %s;\n", size);
		/* locals start zeroed, as in SystemTap; temporaries need not */
		for (i = 0; i < p->locals.len; i++) {
			const struct stp_var *v = p->locals.items[i];
			char *r = tx_local(t, v);

			if (v->type == STP_V_STRING)
				sb_printf(out, "\t%s[0] = '\\0';\n", r);
			else
				sb_printf(out, "\t%s = 0;\n", r);
			free(r);
		}
	}
	sb_add(out, "\tSTP_FOREACH_HIT_START();\n");
	body_end(out, &b, "\t;\n");
	sb_add(out, "}\n\n");
	t->b = NULL;
	body_free(&b);
}
