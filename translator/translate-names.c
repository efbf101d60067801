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
#include <stdint.h>
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
	free(b.places);
	return b.s;
}

/* NAME with the characters C does not take made '_': two script names
 * with the same key would give one C name. */
static char *c_key(const char *name)
{
	char *k = stp_xstrdup(name), *p;

	for (p = k; *p; p++)
		*p = c_char(*p);
	return k;
}

/* Number each of N names whose C name an earlier one already has:
 * dup[i] is -1 for the first of a C name, else NUMBER(i).  One map of
 * keys, so that many names cost linear time. */
static void number_same_c_names(size_t n,
				const char *(*name_of)(const void *, size_t),
				const void *arg, int *dup,
				int (*number)(const void *, size_t))
{
	struct strmap seen = { 0 };
	struct stp_vec keys = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		char *k = c_key(name_of(arg, i));

		stp_vec_push(&keys, k);
		dup[i] = strmap_get(&seen, k) ? number(arg, i) : -1;
		strmap_put(&seen, k, k);
	}
	strmap_free(&seen);
	for (i = 0; i < keys.len; i++)
		free(keys.items[i]);
	stp_vec_free(&keys);
}

static const char *global_name(const void *arg, size_t i)
{
	const struct stp_vec *globals = arg;

	return ((const struct stp_var *)globals->items[i])->name;
}

static int global_number(const void *arg, size_t i)
{
	return (int)i;
}

static const char *function_name(const void *arg, size_t i)
{
	const struct stp_vec *functions = arg;

	return ((const struct stp_func_info *)functions->items[i])->name;
}

static int function_number(const void *arg, size_t i)
{
	const struct stp_vec *functions = arg;

	return ((const struct stp_func_info *)functions->items[i])->index;
}

void tx_name_globals(struct tx *t)
{
	size_t n = t->prog->globals.len, i;
	int *dup = stp_xmalloc((n + 1) * sizeof(int));

	t->gnames = stp_xmalloc((n + 1) * sizeof(char *));
	t->glocks = stp_xmalloc((n + 1) * sizeof(char *));
	t->gdescs = stp_xmalloc((n + 1) * sizeof(char *));
	number_same_c_names(n, global_name, &t->prog->globals, dup,
			    global_number);
	for (i = 0; i < n; i++) {
		const struct stp_var *v = t->prog->globals.items[i];

		t->gnames[i] = c_name("", TX_ROLE_GLOBAL, dup[i], v->name);
		t->glocks[i] = c_name("", TX_ROLE_GLOBAL_LOCK, dup[i], v->name);
		t->gdescs[i] = c_name("", TX_ROLE_GLOBAL_DESC, dup[i], v->name);
	}
	free(dup);
}

void tx_name_functions(struct tx *t)
{
	size_t n = t->prog->functions.len, i;
	int *dup = stp_xmalloc((n + 1) * sizeof(int));

	t->fnames = stp_xmalloc((n + 1) * sizeof(char *));
	number_same_c_names(n, function_name, &t->prog->functions, dup,
			    function_number);
	for (i = 0; i < n; i++) {
		const struct stp_func_info *f = t->prog->functions.items[i];

		t->fnames[f->index] = c_name("", TX_ROLE_FUNCTION, dup[i],
					     f->name);
	}
	free(dup);
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

/* The storage of a scalar variable: stp_g_NAME, or its frame field. */
char *tx_var(struct tx *t, const struct stp_var *v)
{
	if (v->scope == STP_VAR_GLOBAL)
		return stp_xstrdup(tx_global(t, v));
	return tx_local(t, v);
}

/* A number for the labels and C locals of one statement (foreach, try,
 * a print's frame arguments): unique in the file. */
int tx_label(struct tx *t)
{
	return t->nlabels++;
}

/* A parameter as the C function's own parameter: stp_a_NAME. */
char *tx_param(const struct stp_var *v)
{
	return c_name("", TX_ROLE_PARAM, -1, v->name);
}

/* l->stp_l_NAME, or l->stp_lN_NAME (N its index) when the frame has
 * another local of that C name; a parameter is l->stp_a_NAME.  The
 * body counts its locals' C names once, at the first use (a frame of
 * many locals must not cost a walk of all of them per use). */
char *tx_local(struct tx *t, const struct stp_var *v)
{
	const struct stp_vec *vars = NULL;
	struct strmap *names = &t->b->local_names;
	size_t i;
	uintptr_t same;
	char *k;

	if (v->scope == STP_VAR_PARAM)
		return c_name("l->", TX_ROLE_PARAM, -1, v->name);
	if (t->b->fn)
		vars = &t->b->fn->locals;
	else if (t->b->probe)
		vars = &t->b->probe->locals;
	if (vars && !names->len)
		for (i = 0; i < vars->len; i++) {
			const struct stp_var *o = vars->items[i];

			k = c_key(o->name);
			same = (uintptr_t)strmap_get(names, k);
			/* the map keeps the first key of a name */
			strmap_put(names, k, (void *)(same + 1));
			if (same)
				free(k);
			else
				stp_vec_push(&t->b->local_keys, k);
		}
	k = c_key(v->name);
	/* the others of its C name: all of them if v is not one of vars */
	same = (uintptr_t)strmap_get(names, k);
	free(k);
	if (same && vars && (size_t)v->index < vars->len &&
	    vars->items[v->index] == v)
		same--;
	return c_name("l->", TX_ROLE_LOCAL, same ? v->index : -1, v->name);
}
