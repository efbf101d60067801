// SPDX-License-Identifier: GPL-2.0-or-later
/* translate-stmt.c - pass 3: statements, script and embedded-C functions,
 * probe handlers and their @entry savers.
 *
 * Every body (handler or function) has a frame struct on the per-CPU
 * frame stack (c->frames) holding its locals and string temporaries, a
 * pointer `l` to it, and an `out` label that errors, `next` and `return`
 * jump to.  Loops are C loops, so break and continue are C's too.  The
 * statement budget is charged once per block, each block its count of
 * statements (a loop's body on every iteration). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trans.h"
#include "visit.h"

/* Every expression and statement kind has its own translation: a kind
 * without a case in a switch here fails the build (parser/visit.h). */
STP_EXHAUSTIVE_FILE

static void line_comment(struct tx *t, const struct stp_token *tok)
{
	if (tok && tok->loc.src)
		tx_line(t, "/* %s:%u */", tok->loc.src->name, tok->loc.line);
}

/* Emit an expression as a statement. */
static void expr_stmt(struct tx *t, const struct stp_expr *e)
{
	struct sbuf o = { 0 };

	tx_expr(t, e, &o);
	if (e->kind == STP_E_CALL && (!stp_sem_fn(e) || stp_sem_fn(e)->ret == STP_V_VOID))
		tx_line(t, "%s;", o.s);
	else
		tx_line(t, "(void)%s;", o.s);
	sb_free(&o);
}

static char *cond_expr(struct tx *t, const struct stp_expr *e)
{
	struct sbuf o = { 0 };

	tx_expr(t, e, &o);
	return o.s ? o.s : stp_xstrdup("0");
}

static int count_stmts(const struct stp_stmt *s)
{
	int n = 0;

	for (; s; s = s->next)
		if (s->kind != STP_S_BLOCK && s->kind != STP_S_NULL)
			n++;
	return n;
}

/* Charge n statements against MAXACTION; `what` + tok name the place
 * in the error message, as SystemTap does ("keyword at f:l:c" for a
 * loop's iteration). */
static void charge(struct tx *t, int n, const char *what,
		   const struct stp_token *tok)
{
	struct sbuf where = { 0 };

	if (n <= 0)
		return;
	if (!tok) {
		tx_line(t, "STP_CHARGE(c, %d, %s);", n, t->b->err_label);
		return;
	}
	tx_set_stmt(t, &where, what, tok);
	/* tx_set_stmt() writes "c->last_stmt = \"...\"; " */
	where.s[strlen(where.s) - 2] = '\0';	/* the "; " */
	tx_line(t, "STP_CHARGE_AT(c, %d, %s, %s);", n, t->b->err_label,
		where.s + strlen("c->last_stmt = "));
	free(where.s);
}

/* The statements of a block; `open` is the block's '{'. */
static void block_body(struct tx *t, const struct stp_token *open,
		       const struct stp_stmt *s, int min)
{
	int n = count_stmts(s);

	charge(t, n < min ? min : n, "operator '{'", open);
	for (; s; s = s->next)
		tx_stmt(t, s);
}

/* A loop body: a block charges itself; a lone statement, or an empty
 * body, still charges one per iteration so no loop runs for free. */
static void loop_body(struct tx *t, const struct stp_stmt *loop,
		      const struct stp_stmt *body)
{
	t->b->indent++;
	/* each iteration first pays for the loop itself */
	charge(t, 1, "keyword", loop->tok);
	if (body && body->kind == STP_S_BLOCK) {
		block_body(t, body->tok, body->body, 0);
	} else {
		if (body)
			tx_stmt(t, body);
	}
	t->b->indent--;
}

/* Copy a map entry's key i (or value) into a foreach variable. */
static void fetch_var(struct tx *t, const struct stp_var *v, const char *src,
		      bool str)
{
	char *r;

	if (!v)
		return;
	r = v->scope == STP_VAR_GLOBAL ? stp_xstrdup(tx_global(t, v)) :
		tx_local(t, v);
	if (str)
		tx_line(t, "_stp_str_copy(%s, %s);", r, src);
	else
		tx_line(t, "%s = %s;", r, src);
	free(r);
}

static const char *aggr_op(const char *name)
{
	if (!name)
		return "STP_OP_COUNT";
	if (!strcmp(name, "@sum"))
		return "STP_OP_SUM";
	if (!strcmp(name, "@min"))
		return "STP_OP_MIN";
	if (!strcmp(name, "@max"))
		return "STP_OP_MAX";
	if (!strcmp(name, "@avg"))
		return "STP_OP_AVG";
	return "STP_OP_COUNT";
}

/* foreach (i in @hist_x(s)): every bucket number, empty ones too. */
static void foreach_hist(struct tx *t, const struct stp_stmt *s)
{
	const struct stp_foreach *fe = s->fe;
	const struct stp_var *k = fe->keys ? stp_sem_var(fe->keys) : NULL;
	struct sbuf o = { 0 };
	const char *desc;
	char *d, *r;

	if (!k || fe->nkeys != 1 || fe->value || fe->limit || fe->slice) {
		tx_error(t, s->tok, STP_TRANS_UNSUPPORTED,
			 "this form of foreach over a histogram");
		return;
	}
	tx_stat_total(t, fe->array, &o, &desc);
	d = stp_xstrdup(desc);
	r = tx_local(t, k);
	tx_line(t, "{");
	t->b->indent++;
	tx_line(t, "const struct _stp_stat *_st = %s;", o.s);
	tx_line(t, "(void)_st;");
	tx_line(t, "for (%s = 0; %s < _stp_stat_buckets(&%s); %s++) {", r, r,
		d, r);
	loop_body(t, s, s->body);
	tx_line(t, "}");
	t->b->indent--;
	tx_line(t, "}");
	free(r);
	free(d);
	sb_free(&o);
}

static void foreach_stmt(struct tx *t, const struct stp_stmt *s)
{
	const struct stp_foreach *fe = s->fe;
	const struct stp_var *arr = stp_sem_var(fe->array);
	const struct stp_foreach_key *k;
	bool stats, sorted = fe->array_sort != 0;
	int col = 0, dir = 0, i, id = tx_label(t);
	char *limit = NULL;
	char mname[32];
	unsigned wild = 0;

	if (fe->array->kind == STP_E_ATOP) {
		foreach_hist(t, s);
		return;
	}
	if (!arr || !arr->nkeys) {
		tx_error(t, s->tok, STP_TRANS_INTERNAL,
			 "foreach over something that is not an array");
		return;
	}
	stats = arr->type == STP_V_STATS;
	if (fe->array_sort) {
		col = 0;
		dir = fe->array_sort == '-' ? -1 : 1;
	}
	if (fe->value && fe->value->sort) {
		col = 0;
		dir = fe->value->sort == '-' ? -1 : 1;
		sorted = true;
	}
	for (k = fe->keys, i = 1; k; k = k->next, i++)
		if (k->sort) {
			col = i;
			dir = k->sort == '-' ? -1 : 1;
			sorted = true;
		}
	if (fe->value && stats) {
		tx_error(t, fe->value->tok, STP_TRANS_UNSUPPORTED,
			 "a value variable in foreach over an aggregate array");
		return;
	}
	if (fe->limit) {
		limit = cond_expr(t, fe->limit);
		sorted = true;	/* limit on insertion order: a sort too */
	}
	snprintf(mname, sizeof(mname), "_m%d", id);
	line_comment(t, s->tok);
	tx_line(t, "{");
	t->b->indent++;
	/* declarations first: the kernel builds with
	 * -Wdeclaration-after-statement */
	tx_line(t, "struct _stp_map *%s;", mname);
	if (fe->slice) {
		struct sbuf o = { 0 };
		char kn[32];

		snprintf(kn, sizeof(kn), "_sk%d", id);
		tx_keys(t, fe->slice, arr->nkeys, arr, &o, kn, &wild);
		tx_line(t, "%s", o.s);
		sb_free(&o);
	}
	if (sorted) {
		t->sorted_foreach = true;
		tx_line(t, "struct _stp_map_sort_spec _spec%d = { .column = %d, "
			".dir = %d%s%s };", id, dir ? col : -1, dir ? dir : 1,
			stats && col == 0 ? ", .blob_key = _stp_foreach_stat_key,"
			" .arg = (void *)(long)" : "",
			stats && col == 0 ? aggr_op(fe->sort_aggr) : "");
		tx_line(t, "struct _stp_map_node **_nodes%d;", id);
		tx_line(t, "int _n%d, _i%d;", id, id);
	} else {
		tx_line(t, "struct _stp_map_node *_e;");
	}
	tx_line(t, "%s", "");
	if (stats) {
		char what[160];
		struct sbuf o = { 0 };

		snprintf(what, sizeof(what), "identifier '%s'", arr->name);
		tx_set_stmt(t, &o, what, fe->array->tok);
		tx_line(t, "%s", o.s);
		tx_line(t, "%s = _stp_array_stat_agg(c, &%s);", mname,
			tx_global(t, arr));
		tx_line(t, "if (unlikely(!%s))", mname);
		tx_line(t, "\tgoto %s;", t->b->err_label);
		sb_free(&o);
	} else {
		tx_line(t, "%s = %s.map;", mname, tx_global(t, arr));
	}
	if (sorted) {
		char sk[32];

		snprintf(sk, sizeof(sk), fe->slice ? "_sk%d" : "NULL", id);
		tx_line(t, "_n%d = _stp_foreach_sorted(c, %s, %s, %#xU, &_spec%d, "
			"%s, &_nodes%d);", id, mname, sk, wild, id,
			limit ? limit : "STP_MAP_NO_LIMIT", id);
		tx_line(t, "if (unlikely(_n%d < 0))", id);
		tx_line(t, "\tgoto %s;", t->b->err_label);
		tx_line(t, "for (_i%d = 0; _i%d < _n%d; _i%d++) {", id, id, id, id);
		t->b->indent++;
		tx_line(t, "struct _stp_map_node *_e = _nodes%d[_i%d];", id, id);
		tx_line(t, "%s", "");
	} else {
		tx_line(t, "for (_e = _stp_map_first(%s); _e; _e = _stp_map_next(%s, _e)) {",
			mname, mname);
		t->b->indent++;
		if (fe->slice) {
			tx_line(t, "if (!_stp_map_match(%s, _e, _sk%d, %#xU))",
				mname, id, wild);
			tx_line(t, "\tcontinue;");
		}
	}
	for (k = fe->keys, i = 0; k; k = k->next, i++) {
		char src[96];
		bool str = arr->key_types[i] == STP_V_STRING;

		snprintf(src, sizeof(src), "_stp_map_key_%s(%s, _e, %d)",
			 str ? "str" : "num", mname, i);
		fetch_var(t, stp_sem_var(k), src, str);
	}
	if (fe->value) {
		char src[96];
		bool str = arr->type == STP_V_STRING;

		snprintf(src, sizeof(src), str ? "_stp_map_val_str(%s, _e)" :
			 "*_stp_map_val_num(%s, _e)", mname);
		fetch_var(t, stp_sem_var(fe->value), src, str);
	}
	t->b->indent--;
	loop_body(t, s, s->body);
	tx_line(t, "}");
	if (sorted)
		tx_line(t, "_stp_foreach_done();");
	t->b->indent--;
	tx_line(t, "}");
	free(limit);
}

/* The "unsorted with limit" case is a sort by insertion order: map.c's
 * sort treats an unknown column as "all equal", and ties keep insertion
 * order; see the _spec.column = -1 above. */

static void delete_stmt(struct tx *t, const struct stp_stmt *s)
{
	const struct stp_expr *e = s->e;
	const struct stp_var *v;

	line_comment(t, s->tok);
	if (e->kind == STP_E_SYMBOL && (v = stp_sem_var(e))) {
		char *r = v->scope == STP_VAR_GLOBAL ?
			stp_xstrdup(tx_global(t, v)) : tx_local(t, v);

		if (v->nkeys)
			tx_line(t, "_stp_array_clear(&%s);", r);
		else if (v->type == STP_V_STATS)
			tx_line(t, "_stp_sstat_clear(&%s);", r);
		else if (v->type == STP_V_STRING)
			tx_line(t, "%s[0] = '\\0';", r);
		else
			tx_line(t, "%s = 0;", r);
		free(r);
		return;
	}
	if (e->kind == STP_E_INDEX) {
		struct sbuf o = { 0 };
		unsigned wild;

		v = stp_sem_var(e) ? stp_sem_var(e) : e->a ? stp_sem_var(e->a) : NULL;
		if (!v || !v->nkeys) {
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "delete of an index of a non-array");
			return;
		}
		tx_keys(t, e->args, e->nargs, v, &o, "_k", &wild);
		tx_line(t, "{");
		tx_line(t, "\t%s", o.s);
		if (v->type == STP_V_STATS)
			tx_line(t, "\t_stp_array_stat_delete(&%s, _k, %#xU);",
				tx_global(t, v), wild);
		else if (wild)
			tx_line(t, "\t_stp_map_delete_wild(%s.map, _k, %#xU);",
				tx_global(t, v), wild);
		else
			tx_line(t, "\t_stp_map_delete(%s.map, _k);",
				tx_global(t, v));
		tx_line(t, "}");
		sb_free(&o);
		return;
	}
	tx_error(t, e->tok, STP_TRANS_UNSUPPORTED, "this form of delete");
}

static void try_stmt(struct tx *t, const struct stp_stmt *s)
{
	int id = tx_label(t);
	char lab[32];
	const char *saved = t->b->err_label;
	char *saved_copy = stp_xstrdup(saved);

	snprintf(lab, sizeof(lab), "catch_%d", id);
	line_comment(t, s->tok);
	tx_line(t, "{");
	t->b->indent++;
	tx_line(t, "u32 _depth%d = STP_FOREACH_SAVE();", id);
	t->b->err_label = lab;
	tx_stmt(t, s->body);
	t->b->err_label = saved_copy;
	tx_line(t, "goto done_%d;", id);
	t->b->indent--;
	tx_line(t, "%s:", lab);
	t->b->indent++;
	tx_line(t, "STP_FOREACH_RESTORE(_depth%d);", id);
	if (stp_sem_var(s)) {
		char *r = tx_local(t, stp_sem_var(s));

		tx_line(t, "_stp_str_copy(%s, c->last_error);", r);
		free(r);
	}
	tx_line(t, "c->last_error = NULL;");
	if (s->els)
		tx_stmt(t, s->els);
	t->b->indent--;
	tx_line(t, "done_%d: ;", id);
	tx_line(t, "}");
	t->b->err_label = saved;
	free(saved_copy);
}

void tx_stmt(struct tx *t, const struct stp_stmt *s)
{
	char *c;

	switch (s->kind) {
	case STP_S_BLOCK:
		tx_line(t, "{");
		t->b->indent++;
		block_body(t, s->tok, s->body, 0);
		t->b->indent--;
		tx_line(t, "}");
		return;
	case STP_S_NULL:
		return;
	case STP_S_EXPR:
		line_comment(t, s->tok);
		expr_stmt(t, s->e);
		return;
	case STP_S_IF:
		line_comment(t, s->tok);
		c = cond_expr(t, s->e);
		tx_line(t, "if (%s) {", c);
		free(c);
		t->b->indent++;
		if (s->body)
			tx_stmt(t, s->body);
		t->b->indent--;
		if (s->els) {
			tx_line(t, "} else {");
			t->b->indent++;
			tx_stmt(t, s->els);
			t->b->indent--;
		}
		tx_line(t, "}");
		return;
	case STP_S_WHILE:
		line_comment(t, s->tok);
		c = cond_expr(t, s->e);
		tx_line(t, "while (%s) {", c);
		free(c);
		loop_body(t, s, s->body);
		tx_line(t, "}");
		return;
	case STP_S_FOR: {
		char *init = s->init ? cond_expr(t, s->init) : NULL;
		char *incr = s->incr ? cond_expr(t, s->incr) : NULL;

		line_comment(t, s->tok);
		c = s->e ? cond_expr(t, s->e) : NULL;
		tx_line(t, "for (%s%s; %s; %s%s) {", init ? "(void)" : "",
			init ? init : "", c ? c : "", incr ? "(void)" : "",
			incr ? incr : "");
		free(init);
		free(incr);
		free(c);
		loop_body(t, s, s->body);
		tx_line(t, "}");
		return;
	}
	case STP_S_FOREACH:
		foreach_stmt(t, s);
		return;
	case STP_S_BREAK:
		tx_line(t, "break;");
		return;
	case STP_S_CONTINUE:
		tx_line(t, "continue;");
		return;
	case STP_S_NEXT:
		line_comment(t, s->tok);
		if (t->b->in_function) {
			tx_error(t, s->tok, STP_TRANS_UNSUPPORTED,
				 "'next' inside a function");
			return;
		}
		tx_line(t, "goto %s;", t->b->ret_label);
		return;
	case STP_S_RETURN:
		line_comment(t, s->tok);
		if (!t->b->in_function) {
			tx_line(t, "goto %s;", t->b->ret_label);
			return;
		}
		if (s->e) {
			c = cond_expr(t, s->e);
			if (t->b->fn->ret == STP_V_STRING)
				tx_line(t, "_stp_str_copy(ret, %s);", c);
			else
				tx_line(t, "ret = %s;", c);
			free(c);
		}
		tx_line(t, "goto %s;", t->b->ret_label);
		return;
	case STP_S_DELETE:
		delete_stmt(t, s);
		return;
	case STP_S_TRY:
		try_stmt(t, s);
		return;
	}
}

/* ---- bodies ---- */

static void body_init(struct tbody *b, const char *frame_type)
{
	memset(b, 0, sizeof(*b));
	b->frame_type = frame_type;
	b->err_label = "out";
	b->ret_label = "out";
	b->indent = 1;
}

static void body_free(struct tbody *b)
{
	size_t i;

	sb_free(&b->code);
	sb_free(&b->frame);
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
	sb_add(out, f->decl ? f->decl->u.func.embedded : "");
	sb_add(out, "\n\t}\nout: __attribute__((unused));\n");
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
	sb_printf(out, "#define STP_FUNC_FRAME_%d 0U\n\n", f->index);
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
	type = tx_strdup_printf("struct %s_frame", tx_func(t, f));
	snprintf(size, sizeof(size), "STP_FUNC_FRAME_%d", f->index);
	body_init(&b, type);
	b.in_function = true;
	b.fn = f;
	t->b = &b;
	for (k = 0; k < f->nparams; k++) {
		char *r = tx_local(t, f->params[k]);

		frame_field(&b.frame, f->params[k], r);
		free(r);
	}
	for (i = 0; i < f->locals.len; i++) {
		char *r = tx_local(t, f->locals.items[i]);

		frame_field(&b.frame, f->locals.items[i], r);
		free(r);
	}
	if (f->decl && f->decl->u.func.body)
		tx_stmt(t, f->decl->u.func.body);
	t->b = NULL;

	emit_frame(out, type, size, &b.frame);
	tx_function_proto(t, f, &proto);
	proto.s[proto.len - 2] = '\0';
	sb_printf(out, "/* function %s, %s */\n%s\n{\n", f->name,
		  tx_loc(t, f->decl ? f->decl->tok : NULL), proto.s);
	sb_free(&proto);
	if (b.frame.len)
		sb_printf(out, "\t%s *l;\n", type);
	if (f->ret == STP_V_LONG)
		sb_add(out, "\ts64 ret = 0;\n");
	sb_add(out, "\tu32 _fdepth = STP_FOREACH_SAVE();\n\n");
	if (f->ret == STP_V_STRING)
		sb_add(out, "\tret[0] = '\\0';\n");
	/* MAXNESTING names the function, as SystemTap does */
	{
		struct sbuf where = { 0 };
		char what[160];

		snprintf(what, sizeof(what), "identifier '%s'",
			 f->decl ? f->decl->u.func.name : f->name);
		tx_set_stmt(t, &where, what, f->decl ? f->decl->tok : NULL);
		sb_printf(out, "\tif (unlikely(c->nesting >= MAXNESTING))\n"
			  "\t\t%s\n", where.s);
		sb_free(&where);
	}
	if (b.frame.len)
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
	sb_add(out, b.code.s ? b.code.s : "");
	sb_add(out, "out: __attribute__((unused));\n");
	sb_add(out, "\tSTP_FOREACH_RESTORE(_fdepth);\n");
	sb_printf(out, "\t_stp_frame_pop(c, %s);\n", b.frame.len ? size : "0");
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
	body_init(&b, type);
	b.probe = p;
	b.entry_saver = true;
	t->b = &b;
	for (i = 0; i < p->entry_slots.len; i++) {
		const struct stp_entry_slot *es = p->entry_slots.items[i];
		char *c = cond_expr(t, es->expr);

		if (es->type == STP_V_STRING) {
			sb_printf(&fields, "\tchar e%d[MAXSTRINGLEN];\n", es->index);
			tx_line(t, "_stp_str_copy(e->e%d, %s);", es->index, c);
		} else {
			sb_printf(&fields, "\ts64 e%d;\n", es->index);
			tx_line(t, "e->e%d = %s;", es->index, c);
		}
		free(c);
	}
	t->b = NULL;
	sb_printf(out, "struct probe_%d_entry {\n%s};\n\n", p->index, fields.s);
	emit_frame(out, type, size, &b.frame);
	sb_printf(out, "static void probe_%d_entry(struct stp_context *c)\n{\n",
		  p->index);
	sb_printf(out, "\tstruct probe_%d_entry *e = c->entry_data;\n", p->index);
	if (b.frame.len)
		sb_printf(out, "\t%s *l = (void *)c->frames;\n\n"
			  "\tc->frame_top = %s;\n", type, size);
	sb_add(out, b.code.s ? b.code.s : "");
	sb_add(out, "out: __attribute__((unused));\n\t;\n}\n\n");
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
	body_init(&b, type);
	b.probe = p;
	t->b = &b;
	for (i = 0; i < p->locals.len; i++) {
		char *r = tx_local(t, p->locals.items[i]);

		frame_field(&b.frame, p->locals.items[i], r);
		free(r);
	}
	if (p->cond) {
		char *c = cond_expr(t, p->cond);

		tx_line(t, "if (!(%s))", c);
		tx_line(t, "\tgoto out;");
		free(c);
	}
	if (p->body)
		tx_stmt(t, p->body);

	emit_frame(out, type, size, &b.frame);
	if (has_entry)
		sb_printf(out, "#define STP_PROBE_FRAME_%d STP_MAX(%s, STP_PROBE_EFRAME_%d)\n\n",
			  p->index, size, p->index);
	sb_printf(out, "/* probe %s, %s */\nstatic void probe_%d(struct stp_context *c)\n{\n",
		  s0 && s0->pp ? s0->pp : "?",
		  tx_loc(t, p->decl ? p->decl->tok : NULL), p->index);
	if (b.frame.len) {
		sb_printf(out, "\t%s *l = (void *)c->frames;\n\n", type);
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
	sb_add(out, b.code.s ? b.code.s : "");
	sb_add(out, "out: __attribute__((unused));\n\t;\n}\n\n");
	t->b = NULL;
	body_free(&b);
}
