// SPDX-License-Identifier: GPL-2.0-or-later
/* translate-names.c - the C name of every script identifier.
 *
 * A script may name its globals, locals, parameters and functions
 * anything the lexer takes as an identifier: C keywords (`int`,
 * `inline`), kernel macros (`current`, `NULL`, `PAGE_SIZE`), kernel
 * functions, runtime names (`_stp_...`, `context`).  None of them may
 * reach the C file as a token of its own, or the preprocessor or the
 * compiler takes it for what C or the kernel means by it.  So each one
 * reaches C as
 *
 *	stp_ ROLE [N] _ NAME
 *
 * ROLE (letters) says what the C identifier is (the table below), N is
 * a number only when two identifiers of one role would get the same C
 * name (two tapsets' private globals of one name, overloaded functions,
 * two locals of one name in one frame), and NAME is the script's name
 * with any character C does not take in an identifier made '_'.  The
 * first '_' after "stp_" ends ROLE and N, so different (ROLE, N, NAME)
 * never give one C name; neither the kernel headers nor the runtime
 * define anything of the form stp_ROLE[N]_ (the runtime keeps it so:
 * doc/internals/translate.md).  Where the script's name itself must
 * reach the module (the -G parameter, an array's name in messages) it is
 * a C string literal, never a token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trans.h"

/* The roles: one C identifier each per script identifier. */
#define TX_ROLE_GLOBAL		"g"	/* the global's storage */
#define TX_ROLE_GLOBAL_LOCK	"glock"	/* its rwlock */
#define TX_ROLE_GLOBAL_DESC	"gdesc"	/* an aggregate's histogram shape */
#define TX_ROLE_LOCAL		"l"	/* a frame field */
#define TX_ROLE_PARAM		"a"	/* a parameter, and its frame field */
#define TX_ROLE_FUNCTION	"f"	/* the C function; "_frame" its frame */

static bool c_ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

/* NAME's character in its C name */
static char c_char(char ch)
{
	return c_ident_char(ch) ? ch : '_';
}

/* "stp_" ROLE [N] "_" NAME (N when dup >= 0), after PRE ("l->" for a
 * frame field's access, else ""). */
static char *c_name(const char *pre, const char *role, int dup,
		    const char *name)
{
	struct sbuf b = { 0 };
	const char *p;

	sb_printf(&b, "%sstp_%s", pre, role);
	if (dup >= 0)
		sb_printf(&b, "%d", dup);
	sb_add(&b, "_");
	for (p = name; *p; p++) {
		char ch = c_char(*p);

		sb_addn(&b, &ch, 1);
	}
	return b.s;
}

/* Do two script names give one C name (equal, or equal once the
 * characters C does not take are '_')? */
static bool same_c_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (c_char(*a) != c_char(*b))
			return false;
	return !*a && !*b;
}

void tx_name_globals(struct tx *t)
{
	size_t n = t->prog->globals.len, i, j;

	t->gnames = stp_xmalloc((n + 1) * sizeof(char *));
	t->glocks = stp_xmalloc((n + 1) * sizeof(char *));
	t->gdescs = stp_xmalloc((n + 1) * sizeof(char *));
	for (i = 0; i < n; i++) {
		const struct stp_var *v = t->prog->globals.items[i];
		int dup = -1;

		for (j = 0; j < i; j++) {
			const struct stp_var *o = t->prog->globals.items[j];

			if (same_c_name(o->name, v->name))
				dup = (int)i;
		}
		t->gnames[i] = c_name("", TX_ROLE_GLOBAL, dup, v->name);
		t->glocks[i] = c_name("", TX_ROLE_GLOBAL_LOCK, dup, v->name);
		t->gdescs[i] = c_name("", TX_ROLE_GLOBAL_DESC, dup, v->name);
	}
}

void tx_name_functions(struct tx *t)
{
	size_t n = t->prog->functions.len, i, j;

	t->fnames = stp_xmalloc((n + 1) * sizeof(char *));
	for (i = 0; i < n; i++) {
		const struct stp_func_info *f = t->prog->functions.items[i];
		int dup = -1;

		for (j = 0; j < i; j++) {
			const struct stp_func_info *o =
				t->prog->functions.items[j];

			if (same_c_name(o->name, f->name))
				dup = f->index;
		}
		t->fnames[f->index] = c_name("", TX_ROLE_FUNCTION, dup,
					     f->name);
	}
}

void tx_names_free(struct tx *t)
{
	size_t i;

	for (i = 0; t->gnames && i < t->prog->globals.len; i++) {
		free(t->gnames[i]);
		free(t->glocks[i]);
		free(t->gdescs[i]);
	}
	free(t->gnames);
	free(t->glocks);
	free(t->gdescs);
	for (i = 0; t->fnames && i < t->prog->functions.len; i++)
		free(t->fnames[i]);
	free(t->fnames);
}

const char *tx_global(struct tx *t, const struct stp_var *v)
{
	return t->gnames[v->index];
}

const char *tx_global_lock(struct tx *t, const struct stp_var *v)
{
	return t->glocks[v->index];
}

const char *tx_global_desc(struct tx *t, const struct stp_var *v)
{
	return t->gdescs[v->index];
}

const char *tx_func(struct tx *t, const struct stp_func_info *f)
{
	return t->fnames[f->index];
}

/* A parameter as the C function's own parameter: stp_a_NAME. */
char *tx_param(const struct stp_var *v)
{
	return c_name("", TX_ROLE_PARAM, -1, v->name);
}

/* l->stp_l_NAME, or l->stp_lN_NAME (N its index) when the frame has
 * another local of that C name; a parameter is l->stp_a_NAME. */
char *tx_local(struct tx *t, const struct stp_var *v)
{
	const struct stp_vec *vars = NULL;
	size_t i;
	int dup = -1;

	if (v->scope == STP_VAR_PARAM)
		return c_name("l->", TX_ROLE_PARAM, -1, v->name);
	if (t->b->fn)
		vars = &t->b->fn->locals;
	else if (t->b->probe)
		vars = &t->b->probe->locals;
	if (vars)
		for (i = 0; i < vars->len; i++) {
			const struct stp_var *o = vars->items[i];

			if (o != v && same_c_name(o->name, v->name))
				dup = v->index;
		}
	return c_name("l->", TX_ROLE_LOCAL, dup, v->name);
}
