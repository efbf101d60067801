// SPDX-License-Identifier: GPL-2.0-or-later
/* family-kprobe.c - the kprobe family's translator unit: kernel and
 * module functions resolved by symbol name (kernel.function,
 * module().function, kprobe.function, kprobe.module().function), each
 * at entry, .call or .return[.maxactive(N)].  Kernel symbols come from
 * ksyms.c.  Its runtime unit is runtime/probes-kprobe.c.
 */
#include "family.h"

#include <stdlib.h>
#include <string.h>

#include "ksyms.h"

/* Every point the family accepts: three prefixes, four endings. */
#define FUNCTION_SHAPES(prefix)						\
	prefix ".function(S)", prefix ".function(S).call",		\
	prefix ".function(S).return",					\
	prefix ".function(S).return.maxactive(N)"
static const char *const kprobe_shapes[] = {
	FUNCTION_SHAPES("kernel"),
	FUNCTION_SHAPES("kprobe"),
	FUNCTION_SHAPES("kprobe.module(S)"),
	FUNCTION_SHAPES("module(S)"),
	NULL,
};

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static struct stp_kernel_syms *kernel_syms(struct stp_point *p,
					  const struct stp_token *tok)
{
	struct stp_resolver *r = p->r;
	char *why = NULL, *hint;

	if (r->syms)
		return r->syms;
	r->syms = stp_ksyms_load(r->kernel_release, r->target_running, &why);
	if (r->syms) {
		free(why);
		return r->syms;
	}
	hint = stp_arena_printf(r->arena, "install the package "
				"linux-image-%s-dbg (it has the real "
				"System.map)%s", r->kernel_release,
				r->target_running ? "" :
				", or run on the target kernel to use "
				"/proc/kallsyms as root");
	stp_point_error(p, tok, hint, STP_NO_SYMBOLS, r->kernel_release,
			why ? why : "not found");
	free(why);
	return NULL;
}

/* Where the function component is, and the family's shape. */
struct func_query {
	int fn;			/* index of function("...") */
	const char *module;	/* NULL: vmlinux */
	bool kprobe_family;
};

/* Check the suffixes after function("..."): none, .call, .return,
 * .return.maxactive(N).  Sets is_return and maxactive. */
static int func_suffix(struct stp_point *p, int i, bool *is_return,
		       int *maxactive)
{
	static const char *const dwarf_only[] = {
		"inline", "callee", "callees", "label", "exported", NULL,
	};
	const char *hint = "a function probe may end in '.call', '.return' "
			   "or '.return.maxactive(N)'";

	*is_return = false;
	*maxactive = -1;
	if (i >= p->n)
		return 0;
	if (in_list(p->c[i]->name, dwarf_only)) {
		stp_point_error(p, p->c[i]->tok, NULL, STP_POINT_NEEDS_DWARF,
				stp_arena_printf(p->r->arena, "'.%s'",
					p->c[i]->name));
		return -1;
	}
	if (strcmp(p->c[i]->name, "call") == 0) {
		/* symbols are out-of-line functions only: .call holds */
		if (stp_point_no_arg(p, i))
			return -1;
		return i + 1 < p->n ? stp_point_extra(p, i + 1, hint) : 0;
	}
	if (strcmp(p->c[i]->name, "return") != 0)
		return stp_point_extra(p, i, hint);
	if (stp_point_no_arg(p, i))
		return -1;
	*is_return = true;
	if (++i >= p->n)
		return 0;
	if (strcmp(p->c[i]->name, "maxactive") != 0)
		return stp_point_extra(p, i, hint);
	if (!stp_point_is_num(p->c[i])) {
		stp_point_error(p, stp_point_arg_tok(p->c[i]), NULL,
				STP_POINT_NEEDS_NUMBER, "maxactive");
		return -1;
	}
	if (stp_point_range(p, p->c[i], "maxactive value", p->c[i]->arg->num,
			    0, 32767))
		return -1;
	*maxactive = (int)p->c[i]->arg->num;
	return i + 1 < p->n ? stp_point_extra(p, i + 1, hint) : 0;
}

static int func_shape(struct stp_point *p, struct func_query *q)
{
	const char *fam = p->c[0]->name;
	int i = 1;

	memset(q, 0, sizeof(*q));
	if (strcmp(fam, "module") == 0 || strcmp(fam, "kprobe") == 0) {
		q->kprobe_family = fam[0] == 'k';
		if (q->kprobe_family) {
			if (stp_point_no_arg(p, 0))
				return -1;
			if (p->n > 1 && strcmp(p->c[1]->name, "module") == 0)
				i = 2;
		} else {
			i = 0;
		}
		if (i == 0 || i == 2) {
			struct stp_component *m = p->c[i == 0 ? 0 : 1];

			if (!stp_point_is_str(m) || !*m->arg->str) {
				stp_point_error(p, stp_point_arg_tok(m), NULL,
						STP_POINT_NEEDS_STRING,
						stp_point_text(p, i ? 2 : 1, -1,
							       NULL));
				return -1;
			}
			if (stp_has_wildcard(m->arg->str)) {
				stp_point_error(p, stp_point_arg_tok(m), NULL,
						STP_POINT_NOT_IMPLEMENTED,
						"module(\"pattern\")");
				return -1;
			}
			q->module = m->arg->str;
			i = i == 0 ? 1 : 2;
		}
	} else if (stp_point_no_arg(p, 0)) {
		return -1;
	}
	if (i >= p->n) {
		stp_point_error(p, p->c[i - 1]->tok, "continue with "
				"'.function(\"NAME\")'", STP_POINT_INCOMPLETE,
				stp_point_text(p, i, -1, NULL));
		return -1;
	}
	if (strcmp(p->c[i]->name, "function") != 0) {
		const char *n = p->c[i]->name;

		if (strcmp(n, "statement") == 0 && !q->kprobe_family) {
			stp_point_error(p, p->c[i]->tok, NULL,
					STP_POINT_NEEDS_DWARF,
					stp_arena_printf(p->r->arena, "'%s'",
							 stp_point_text(p,
								i + 1, -1,
								NULL)));
			return -1;
		}
		if (strcmp(n, "statement") == 0 || strcmp(n, "trace") == 0 ||
		    strcmp(n, "data") == 0 || strcmp(n, "mark") == 0) {
			stp_point_error(p, p->c[i]->tok, NULL,
					STP_POINT_NOT_IMPLEMENTED,
					stp_arena_printf(p->r->arena, "%s.%s",
							 stp_point_text(p, i,
								-1, NULL), n));
			return -1;
		}
		stp_point_error(p, p->c[i]->tok,
				"expected '.function(\"NAME\")'",
				STP_POINT_BAD_COMPONENT,
				stp_point_comp_text(p->r->arena, p->c[i], NULL),
				stp_point_text(p, i, -1, NULL));
		return -1;
	}
	if (!stp_point_is_str(p->c[i]) || !*p->c[i]->arg->str) {
		stp_point_error(p, stp_point_arg_tok(p->c[i]), NULL,
				STP_POINT_NEEDS_STRING,
				stp_point_text(p, i, -1, NULL)[0] ?
				stp_arena_printf(p->r->arena, "%s.function",
						 stp_point_text(p, i, -1,
								NULL)) :
				"function");
		return -1;
	}
	if (strpbrk(p->c[i]->arg->str, "@:")) {
		stp_point_error(p, stp_point_arg_tok(p->c[i]), NULL,
				STP_POINT_NEEDS_DWARF,
				stp_arena_printf(p->r->arena,
						 "function(\"%s\") with a "
						 "source file or line",
						 p->c[i]->arg->str));
		return -1;
	}
	q->fn = i;
	return 0;
}

/* At most this many names in the skipped-functions warning. */
#define SKIP_SHOWN 3

static int resolve_function(struct stp_point *p, struct stp_vec *out)
{
	struct stp_arena *a = p->r->arena;
	const struct stp_ksym **match = NULL, *one;
	struct stp_symtab *tab;
	struct stp_kernel_syms *k;
	struct func_query q;
	const char *pat, *where;
	const struct stp_token *ftok;
	char *shown = NULL;
	size_t n, i, skipped = 0;
	bool is_return, wild;
	int maxactive, added = 0;

	if (func_shape(p, &q) || func_suffix(p, q.fn + 1, &is_return,
					       &maxactive))
		return -1;
	pat = p->c[q.fn]->arg->str;
	ftok = stp_point_arg_tok(p->c[q.fn]);
	k = kernel_syms(p, ftok);
	if (!k)
		return -1;
	if (q.module) {
		char *why = NULL;

		tab = stp_ksyms_module(k, q.module, &why);
		if (!tab) {
			if (!p->optional)
				stp_point_error(p, stp_point_arg_tok(
						p->c[q.kprobe_family ? 1 : 0]),
						NULL, STP_NO_MODULE, q.module,
						why);
			free(why);
			return p->optional ? 0 : -1;
		}
		where = stp_arena_printf(a, "module '%s'", q.module);
	} else {
		tab = &k->kernel;
		where = stp_arena_printf(a, "kernel %s", p->r->kernel_release);
	}
	wild = stp_has_wildcard(pat);
	if (wild) {
		n = stp_symtab_match(tab, pat, &match);
	} else {
		one = stp_symtab_lookup(tab, pat);
		if (!one) {
			const char *near;
			char *hint = NULL;

			if (p->optional)
				return 0;
			near = stp_symtab_closest(tab, pat);
			if (near)
				hint = stp_arena_printf(a, "did you mean '%s'?",
							near);
			stp_point_error(p, ftok, hint, STP_NO_SUCH_FUNCTION,
					pat, where);
			return -1;
		}
		match = stp_xmalloc(sizeof(*match));
		match[0] = one;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		const char *why = stp_ksyms_unprobeable(k, tab, match[i],
							is_return);
		struct stp_site *s;

		if (why) {
			if (!wild) {
				if (!p->optional)
					stp_point_error(p, ftok, NULL,
							STP_NOT_PROBEABLE,
							match[i]->name, why);
				free(match);
				return p->optional ? 0 : -1;
			}
			if (skipped < SKIP_SHOWN)
				shown = shown ?
					stp_arena_printf(a, "%s, %s", shown,
							 match[i]->name) :
					stp_arena_strdup(a, match[i]->name);
			skipped++;
			continue;
		}
		s = stp_point_site(p, is_return ? STP_SITE_KRETPROBE :
				   STP_SITE_KPROBE,
				   stp_point_text(p, p->n, q.fn,
						  match[i]->name));
		s->kprobe = stp_arena_alloc(a, sizeof(*s->kprobe));
		s->kprobe->symbol = match[i]->name;
		s->kprobe->module = q.module;
		s->kprobe->maxactive = maxactive;
		s->is_return = is_return;
		s->optional = s->optional || wild;
		stp_vec_push(out, s);
		added++;
	}
	free(match);
	if (skipped && !p->optional)
		stp_point_warn(p, ftok, NULL, STP_SKIPPED_UNPROBEABLE,
			       stp_point_text(p, q.fn + 1, -1, NULL), skipped,
			       skipped == 1 ? "" : "s",
			       skipped > SKIP_SHOWN ?
			       stp_arena_printf(a, "%s, ...", shown) : shown);
	/* a wildcard that leaves nothing fails like a missing name,
	 * unless the point is optional */
	if (!added && !p->optional) {
		stp_point_error(p, ftok, NULL, STP_NO_SUCH_FUNCTION, pat,
				where);
		return -1;
	}
	return added;
}

/* -- the generated C ---------------------------------------------------- */

/* A kprobe site runs the probe's own pre-handler: the runtime's hit path
 * (hit.h) with this handler and lock table as constants, so that a hit
 * calls the handler directly. */
static void kprobe_emit_probe(const struct stp_emit *e)
{
	size_t i;

	for (i = 0; i < e->probe->sites.len; i++)
		if (((const struct stp_site *)e->probe->sites.items[i])->kind ==
		    STP_SITE_KPROBE)
			break;
	if (i == e->probe->sites.len)
		return;
	stp_emit_printf(e, "STP_KPROBE_ENTRY(%s_kprobe, %s, %s, %zu);\n\n",
			e->handler, e->handler, e->locks, e->nlocks);
}

static void cstr_field(const struct stp_emit *e, const char *field,
		       const char *s)
{
	stp_emit_printf(e, "\t\t\t.%s = ", field);
	stp_emit_string(e, s);
	stp_emit_printf(e, ",\n");
}

static void kprobe_emit_site(const struct stp_emit *e)
{
	const struct stp_site *s = e->site;
	const struct stp_kprobe_site *k = s->kprobe;

	stp_emit_printf(e, "\t\t.kprobe = &(const struct stp_kprobe_site){\n");
	cstr_field(e, "symbol", k->symbol);
	if (k->module)
		cstr_field(e, "module", k->module);
	if (k->offset)
		stp_emit_printf(e, "\t\t\t.offset = %lu,\n", k->offset);
	if (s->kind == STP_SITE_KRETPROBE) {
		stp_emit_printf(e, "\t\t\t.maxactive = %d,\n", k->maxactive);
		if (e->entry)
			stp_emit_printf(e, "\t\t\t.entry = %s,\n"
					"\t\t\t.entry_bytes = sizeof(%s),\n",
					e->entry, e->entry_type);
	} else {
		stp_emit_printf(e, "\t\t\t.pre = %s_kprobe,\n", e->handler);
	}
	stp_emit_printf(e, "\t\t},\n");
}

/* A kprobe site's pre-handler (kprobe_emit_probe) calls the handler. */
static bool kprobe_calls_handler(const struct stp_site *s)
{
	return s->kind == STP_SITE_KPROBE;
}

const struct stp_point_family stp_family_kprobe = {
	.name = "kprobe",
	.shapes = kprobe_shapes,
	.resolve = resolve_function,
	.emit_probe = kprobe_emit_probe,
	.emit_site = kprobe_emit_site,
	.calls_handler = kprobe_calls_handler,
};
