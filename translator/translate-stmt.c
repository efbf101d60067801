// SPDX-License-Identifier: GPL-2.0-or-later
/* translate-stmt.c - pass 3: statements as C statements.
 *
 * Each script statement starts its own lines: the work of its
 * expressions (translate-expr.c), then the statement, with the script
 * place of its first line in the line map.  Loops are C loops, so break
 * and continue are C's too (but for a `for` whose increment has work).
 * A block adds no braces of its own: the statements that need a scope
 * open one.  The statement budget is charged once per block, each block
 * its count of statements (a loop's body on every iteration). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trans.h"
#include "visit.h"

/* Every expression and statement kind has its own translation: a kind
 * without a case in a switch here fails the build (parser/visit.h). */
STP_EXHAUSTIVE_FILE

/* A statement starts at tok: its place in the line map, a comment when
 * the script line changes, and its temporaries. */
static void stmt_start(struct tx *t, const struct stp_token *tok)
{
	struct tbody *b = t->b;

	em_stmt_start(&b->em);
	if (!tok || !tok->loc.src)
		return;
	sb_place(&b->em.code, &tok->loc, false);
	if (tok->loc.src->name != b->last_file || tok->loc.line != b->last_line)
		em_line(&b->em, "/* %s:%u */", tok->loc.src->name,
			tok->loc.line);
	b->last_file = tok->loc.src->name;
	b->last_line = tok->loc.line;
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
	char *where;

	if (n <= 0)
		return;
	if (!tok) {
		em_line(tx_em(t), "STP_CHARGE(c, %d, %s);", n, t->b->err_label);
		return;
	}
	where = tx_place_literal(t, what, tok);
	em_line(tx_em(t), "STP_CHARGE_AT(c, %d, %s, %s);", n, t->b->err_label,
		where);
	free(where);
}

/* The statements of a block; `open` is the block's '{'. */
static void block_body(struct tx *t, const struct stp_token *open,
		       const struct stp_stmt *s)
{
	charge(t, count_stmts(s), "operator '{'", open);
	for (; s; s = s->next)
		tx_stmt(t, s);
}

/* A loop body: a block charges itself; a lone statement, or an empty
 * body, still charges one per iteration so no loop runs for free. */
static void loop_body(struct tx *t, const struct stp_stmt *loop,
		      const struct stp_stmt *body, const char *cont_label)
{
	const char *saved = t->b->cont_label;

	t->b->cont_label = cont_label;
	/* each iteration first pays for the loop itself */
	charge(t, 1, "keyword", loop->tok);
	if (body && body->kind == STP_S_BLOCK)
		block_body(t, body->tok, body->body);
	else if (body)
		tx_stmt(t, body);
	t->b->cont_label = saved;
}

/* while (e) body: a condition with work is evaluated inside the loop,
 * so that `continue` evaluates it again. */
static void while_stmt(struct tx *t, const struct stp_stmt *s)
{
	struct sbuf work;
	char *c = tx_expr_aside(t, s->e, &work);

	if (!work.len) {
		em_line(tx_em(t), "while (%s) {", em_bare(c));
	} else {
		em_line(tx_em(t), "for (;;) {");
		sb_append(&tx_em(t)->code, &work);
		em_line(tx_em(t), "\tif (!(%s))", em_bare(c));
		em_line(tx_em(t), "\t\tbreak;");
	}
	tx_em(t)->indent++;
	loop_body(t, s, s->body, NULL);
	tx_em(t)->indent--;
	em_line(tx_em(t), "}");
	sb_free(&work);
	free(c);
}

/* for (init; e; incr) body: the init is a statement before the loop; a
 * condition or increment with work goes inside it, and `continue` then
 * jumps to the increment. */
static void for_stmt(struct tx *t, const struct stp_stmt *s)
{
	struct sbuf cwork = { 0 }, iwork;
	char *c = NULL, *incr, cont[32];
	int id = tx_label(t);

	if (s->init)
		tx_expr_stmt(t, s->init);
	if (s->e)
		c = tx_expr_aside(t, s->e, &cwork);
	incr = s->incr ? tx_expr_aside(t, s->incr, &iwork) : NULL;
	if (!cwork.len && (!incr || !iwork.len)) {
		em_line(tx_em(t), "for (; %s; %s%s) {", c ? c : "",
			incr ? "(void)" : "", incr ? incr : "");
		tx_em(t)->indent++;
		loop_body(t, s, s->body, NULL);
	} else {
		em_line(tx_em(t), "for (;;) {");
		sb_append(&tx_em(t)->code, &cwork);
		if (c) {
			em_line(tx_em(t), "\tif (!(%s))", em_bare(c));
			em_line(tx_em(t), "\t\tbreak;");
		}
		tx_em(t)->indent++;
		snprintf(cont, sizeof(cont), "next_%d", id);
		loop_body(t, s, s->body, cont);
		em_line(tx_em(t), "%s: __attribute__((unused));", cont);
		if (incr) {
			sb_append(&tx_em(t)->code, &iwork);
			em_line(tx_em(t), "(void)(%s);", em_bare(incr));
		}
	}
	tx_em(t)->indent--;
	em_line(tx_em(t), "}");
	if (incr)
		sb_free(&iwork);
	sb_free(&cwork);
	free(c);
	free(incr);
}

/* Copy a map entry's key i (or value) into a foreach variable. */
static void fetch_var(struct tx *t, const struct stp_var *v, const char *src,
		      bool str)
{
	char *r;

	if (!v)
		return;
	r = tx_var(t, v);
	if (str)
		em_line(tx_em(t), "_stp_str_copy(%s, %s);", r, src);
	else
		em_line(tx_em(t), "%s = %s;", r, src);
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
	const char *desc;
	char *total, *d, *r;

	if (fe->value) {
		tx_error(t, s->tok, STP_TRANS_HIST_FOREACH_VALUE);
		return;
	}
	if (fe->limit) {
		tx_error(t, s->tok, STP_TRANS_HIST_FOREACH_LIMIT);
		return;
	}
	if (fe->nkeys != 1) {
		tx_error(t, s->tok, STP_TRANS_HIST_FOREACH_KEYS, fe->nkeys);
		return;
	}
	/* the parser takes no slice after a histogram (E301) */
	if (!k || fe->slice) {
		tx_error(t, s->tok, STP_TRANS_INTERNAL,
			 "foreach over a histogram without its key");
		return;
	}
	total = tx_stat_total(t, fe->array, &desc);
	d = stp_xstrdup(desc);
	r = tx_local(t, k);
	/* the total is not needed: its key's work may still fail */
	em_line(tx_em(t), "(void)%s;", total);
	em_line(tx_em(t), "for (%s = 0; %s < _stp_stat_buckets(&%s); %s++) {",
		r, r, d, r);
	tx_em(t)->indent++;
	loop_body(t, s, s->body, NULL);
	tx_em(t)->indent--;
	em_line(tx_em(t), "}");
	free(total);
	free(r);
	free(d);
}

/* The sort of a foreach: column (0 the value), direction, and whether
 * it is sorted at all (a limit on insertion order is a sort too). */
static bool foreach_sort(const struct stp_foreach *fe, int *col, int *dir)
{
	const struct stp_foreach_key *k;
	bool sorted = fe->array_sort != 0 || fe->limit;
	int i;

	*col = 0;
	*dir = fe->array_sort ? (fe->array_sort == '-' ? -1 : 1) : 0;
	if (fe->value && fe->value->sort) {
		*dir = fe->value->sort == '-' ? -1 : 1;
		sorted = true;
	}
	for (k = fe->keys, i = 1; k; k = k->next, i++)
		if (k->sort) {
			*col = i;
			*dir = k->sort == '-' ? -1 : 1;
			sorted = true;
		}
	return sorted;
}

static void foreach_stmt(struct tx *t, const struct stp_stmt *s)
{
	const struct stp_foreach *fe = s->fe;
	const struct stp_var *arr = stp_sem_var(fe->array);
	const struct stp_foreach_key *k;
	struct em_body *b;
	struct em_held held;
	bool stats, sorted;
	int col, dir, i, id = tx_label(t);
	char *limit = NULL, sk[32] = "NULL";
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
	b = tx_em(t);
	stats = arr->type == STP_V_STATS;
	sorted = foreach_sort(fe, &col, &dir);
	if (fe->value && stats) {
		/* pass 2 finds no type for such a value (E423) */
		tx_error(t, fe->value->tok, STP_TRANS_INTERNAL,
			 "a value variable in foreach over an aggregate array");
		return;
	}
	if (fe->limit)
		limit = tx_expr(t, fe->limit);
	/* the slice key lives through the loop: its body's statements
	 * must not reuse it */
	if (fe->slice)
		snprintf(sk, sizeof(sk), "%s",
			 tx_keys(t, fe->slice, arr->nkeys, arr, &wild));
	held = em_hold(b);
	snprintf(mname, sizeof(mname), "m%d", id);
	em_line(b, "{");
	b->indent++;
	/* declarations first: the kernel builds with
	 * -Wdeclaration-after-statement */
	em_line(b, "struct _stp_map *%s;", mname);
	if (sorted) {
		t->sorted_foreach = true;
		if (stats && col == 0) {
			/* by an aggregate's value: the operator's result */
			em_line(b, "struct _stp_map_sort_spec spec%d = {", id);
			em_line(b, "\t.column = %d, .dir = %d,", dir ? 0 : -1,
				dir ? dir : 1);
			em_line(b, "\t.blob_key = _stp_foreach_stat_key,");
			em_line(b, "\t.arg = (void *)(long)%s,",
				aggr_op(fe->sort_aggr));
			em_line(b, "};");
		} else {
			em_line(b, "struct _stp_map_sort_spec spec%d = { "
				".column = %d, .dir = %d };", id,
				dir ? col : -1, dir ? dir : 1);
		}
		em_line(b, "struct _stp_map_node **nodes%d;", id);
		em_line(b, "int n_nodes%d, i%d;", id, id);
	} else {
		em_line(b, "struct _stp_map_node *e%d;", id);
	}
	em_blank(b);
	if (stats) {
		char what[160];

		snprintf(what, sizeof(what), "identifier '%s'", arr->name);
		tx_set_stmt(t, what, fe->array->tok);
		em_line(b, "%s = _stp_array_stat_agg(c, &%s);", mname,
			tx_global(t, arr));
		em_line(b, "if (unlikely(!%s))", mname);
		em_line(b, "\tgoto %s;", t->b->err_label);
	} else {
		em_line(b, "%s = %s.map;", mname, tx_global(t, arr));
	}
	if (sorted) {
		em_line(b, "n_nodes%d = _stp_foreach_sorted(c, %s, %s, %#xU, "
			"&spec%d, %s, &nodes%d);", id, mname, sk, wild, id,
			limit ? limit : "STP_MAP_NO_LIMIT", id);
		em_line(b, "if (unlikely(n_nodes%d < 0))", id);
		em_line(b, "\tgoto %s;", t->b->err_label);
		em_line(b, "for (i%d = 0; i%d < n_nodes%d; i%d++) {", id, id,
			id, id);
		b->indent++;
		em_line(b, "struct _stp_map_node *e%d = nodes%d[i%d];", id, id,
			id);
		em_blank(b);
	} else {
		em_line(b, "for (e%d = _stp_map_first(%s); e%d; "
			"e%d = _stp_map_next(%s, e%d)) {", id, mname, id, id,
			mname, id);
		b->indent++;
		if (fe->slice) {
			em_line(b, "if (!_stp_map_match(%s, e%d, %s, %#xU))",
				mname, id, sk, wild);
			em_line(b, "\tcontinue;");
		}
	}
	for (k = fe->keys, i = 0; k; k = k->next, i++) {
		char src[96];
		bool str = arr->key_types[i] == STP_V_STRING;

		snprintf(src, sizeof(src), "_stp_map_key_%s(%s, e%d, %d)",
			 str ? "str" : "num", mname, id, i);
		fetch_var(t, stp_sem_var(k), src, str);
	}
	if (fe->value) {
		char src[96];
		bool str = arr->type == STP_V_STRING;

		snprintf(src, sizeof(src), str ? "_stp_map_val_str(%s, e%d)" :
			 "*_stp_map_val_num(%s, e%d)", mname, id);
		fetch_var(t, stp_sem_var(fe->value), src, str);
	}
	loop_body(t, s, s->body, NULL);
	b->indent--;
	em_line(b, "}");
	if (sorted)
		em_line(b, "_stp_foreach_done();");
	b->indent--;
	em_line(b, "}");
	em_release(b, held);
	free(limit);
}

/* The "unsorted with limit" case is a sort by insertion order: map.c's
 * sort treats an unknown column as "all equal", and ties keep insertion
 * order; see the spec's column -1 above. */

static void delete_stmt(struct tx *t, const struct stp_stmt *s)
{
	const struct stp_expr *e = s->e;
	const struct stp_var *v;

	if (e->kind == STP_E_SYMBOL && (v = stp_sem_var(e))) {
		char *r = tx_var(t, v);

		if (v->nkeys)
			em_line(tx_em(t), "_stp_array_clear(&%s);", r);
		else if (v->type == STP_V_STATS)
			em_line(tx_em(t), "_stp_sstat_clear(&%s);", r);
		else if (v->type == STP_V_STRING)
			em_line(tx_em(t), "%s[0] = '\\0';", r);
		else
			em_line(tx_em(t), "%s = 0;", r);
		free(r);
		return;
	}
	if (e->kind == STP_E_INDEX) {
		unsigned wild;
		const char *k;

		v = stp_sem_var(e) ? stp_sem_var(e) : e->a ? stp_sem_var(e->a) : NULL;
		if (!v || !v->nkeys) {
			tx_error(t, e->tok, STP_TRANS_INTERNAL,
				 "delete of an index of a non-array");
			return;
		}
		k = tx_keys(t, e->args, e->nargs, v, &wild);
		if (v->type == STP_V_STATS)
			em_line(tx_em(t), "_stp_array_stat_delete(&%s, %s, %#xU);",
				tx_global(t, v), k, wild);
		else if (wild)
			em_line(tx_em(t), "_stp_map_delete_wild(%s.map, %s, %#xU);",
				tx_global(t, v), k, wild);
		else
			em_line(tx_em(t), "_stp_map_delete(%s.map, %s);",
				tx_global(t, v), k);
		return;
	}
	/* pass 2 refuses any other operand (E424) */
	tx_error(t, e->tok, STP_TRANS_INTERNAL, "this form of delete");
}

static void try_stmt(struct tx *t, const struct stp_stmt *s)
{
	int id = tx_label(t);
	char lab[32];
	const char *saved = t->b->err_label;
	char *saved_copy = stp_xstrdup(saved);

	snprintf(lab, sizeof(lab), "catch_%d", id);
	em_line(tx_em(t), "{");
	tx_em(t)->indent++;
	em_line(tx_em(t), "u32 depth%d = STP_FOREACH_SAVE();", id);
	em_line(tx_em(t), "%s", "");
	t->b->err_label = lab;
	tx_stmt(t, s->body);
	t->b->err_label = saved_copy;
	em_line(tx_em(t), "goto done_%d;", id);
	tx_em(t)->indent--;
	em_line(tx_em(t), "%s:", lab);
	tx_em(t)->indent++;
	em_line(tx_em(t), "STP_FOREACH_RESTORE(depth%d);", id);
	if (stp_sem_var(s)) {
		char *r = tx_local(t, stp_sem_var(s));

		em_line(tx_em(t), "_stp_str_copy(%s, c->last_error);", r);
		free(r);
	}
	em_line(tx_em(t), "c->last_error = NULL;");
	if (s->els)
		tx_stmt(t, s->els);
	tx_em(t)->indent--;
	em_line(tx_em(t), "done_%d: ;", id);
	em_line(tx_em(t), "}");
	t->b->err_label = saved;
	free(saved_copy);
}

/* if (e) body [else els] */
static void if_stmt(struct tx *t, const struct stp_stmt *s)
{
	char *c = tx_expr(t, s->e);

	em_line(tx_em(t), "if (%s) {", em_bare(c));
	free(c);
	tx_em(t)->indent++;
	if (s->body)
		tx_stmt(t, s->body);
	tx_em(t)->indent--;
	if (s->els) {
		em_line(tx_em(t), "} else {");
		tx_em(t)->indent++;
		tx_stmt(t, s->els);
		tx_em(t)->indent--;
	}
	em_line(tx_em(t), "}");
}

static void return_stmt(struct tx *t, const struct stp_stmt *s)
{
	if (t->b->in_function && s->e) {
		char *c = tx_expr(t, s->e);

		if (t->b->fn->ret == STP_V_STRING)
			em_line(tx_em(t), "_stp_str_copy(ret, %s);", c);
		else
			em_line(tx_em(t), "ret = %s;", c);
		free(c);
	}
	em_line(tx_em(t), "goto %s;", t->b->ret_label);
}

void tx_stmt(struct tx *t, const struct stp_stmt *s)
{
	if (s->kind == STP_S_BLOCK) {
		block_body(t, s->tok, s->body);
		return;
	}
	if (s->kind == STP_S_NULL)
		return;
	stmt_start(t, s->tok);
	switch (s->kind) {
	case STP_S_BLOCK:
	case STP_S_NULL:
		return;
	case STP_S_EXPR:
		tx_expr_stmt(t, s->e);
		return;
	case STP_S_IF:
		if_stmt(t, s);
		return;
	case STP_S_WHILE:
		while_stmt(t, s);
		return;
	case STP_S_FOR:
		for_stmt(t, s);
		return;
	case STP_S_FOREACH:
		foreach_stmt(t, s);
		return;
	case STP_S_BREAK:
		em_line(tx_em(t), "break;");
		return;
	case STP_S_CONTINUE:
		if (t->b->cont_label)
			em_line(tx_em(t), "goto %s;", t->b->cont_label);
		else
			em_line(tx_em(t), "continue;");
		return;
	case STP_S_NEXT:
		if (t->b->in_function) {
			/* pass 2 refuses it (E415) */
			tx_error(t, s->tok, STP_TRANS_INTERNAL,
				 "'next' inside a function");
			return;
		}
		em_line(tx_em(t), "goto %s;", t->b->ret_label);
		return;
	case STP_S_RETURN:
		return_stmt(t, s);
		return;
	case STP_S_DELETE:
		delete_stmt(t, s);
		return;
	case STP_S_TRY:
		try_stmt(t, s);
		return;
	}
}
