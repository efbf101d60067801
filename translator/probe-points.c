// SPDX-License-Identifier: GPL-2.0-or-later
/* probe-points.c - built-in probe points into concrete probe sites.
 *
 * Implements translator/probe-points.h: begin/end/error/never, the
 * timers, timer.profile, and kernel/module functions resolved by symbol
 * name (kernel.function, module().function, kprobe.function,
 * kprobe.module().function).  Kernel symbols come from ksyms.c.
 * Limits and messages follow SystemTap 4.8 where it has them.
 */
#include "probe-points.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"

#define MAX_COMPS 16

/* A probe point split into an array, for positional matching. */
struct pt {
	struct stp_resolver *r;
	const struct stp_probe_point *point;
	struct stp_component *c[MAX_COMPS];
	int n;
};

/* Families SystemTap has that this tool does not: recognised so the
 * message says "not implemented" instead of "unknown". */
static const char *const unimplemented_families[] = {
	"process", "procfs", "perf", "netfilter", "java", "python2",
	"python3", "input", "hwbkpt",
};

static const char *const families[] = {
	"begin", "end", "error", "never", "timer", "kernel", "kprobe",
	"module",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static const struct stp_loc *loc_of(const struct stp_token *tok)
{
	return tok ? &tok->loc : NULL;
}

static const struct stp_expansion *exp_of(const struct stp_token *tok)
{
	return tok ? tok->exp : NULL;
}

static void err_at(struct pt *p, const struct stp_token *tok,
		   const char *hint, enum stp_diag_code code, ...)
{
	va_list ap;

	va_start(ap, code);
	stp_diag_vreport(p->r->diag, STP_SEV_ERROR, loc_of(tok), exp_of(tok),
			 hint, code, ap);
	va_end(ap);
}

/* -- canonical text ---------------------------------------------------- */

/* One component as pp() shows it; `str` replaces a string argument
 * (the symbol a wildcard matched). */
static char *comp_text(struct stp_arena *a, const struct stp_component *c,
		       const char *str)
{
	if (!c->arg)
		return stp_arena_strdup(a, c->name);
	if (c->arg->kind == STP_E_NUMBER)
		return stp_arena_printf(a, "%s(%" PRId64 ")", c->name,
					c->arg->num);
	return stp_arena_printf(a, "%s(\"%s\")", c->name,
				str ? str : c->arg->str);
}

/* Components [0, upto) joined by dots; comps[sub] shows `str`. */
static char *point_text(struct pt *p, int upto, int sub, const char *str)
{
	struct stp_arena *a = p->r->arena;
	char *s = NULL;
	int i;

	for (i = 0; i < upto && i < p->n; i++) {
		char *c = comp_text(a, p->c[i], i == sub ? str : NULL);

		s = s ? stp_arena_printf(a, "%s.%s", s, c) : c;
	}
	return s ? s : stp_arena_strdup(a, "");
}

static struct stp_site *new_site(struct pt *p, enum stp_site_kind kind,
				 const char *pp)
{
	struct stp_site *s = stp_arena_alloc(p->r->arena, sizeof(*s));

	s->kind = kind;
	s->pp = pp;
	s->point = p->point;
	s->maxactive = -1;
	s->optional = p->point->optional;
	return s;
}

/* -- argument checks ----------------------------------------------------- */

static bool is_num(const struct stp_component *c)
{
	return c->arg && c->arg->kind == STP_E_NUMBER;
}

static bool is_str(const struct stp_component *c)
{
	return c->arg && c->arg->kind == STP_E_STRING;
}

static const struct stp_token *arg_tok(const struct stp_component *c)
{
	return c->arg && c->arg->tok ? c->arg->tok : c->tok;
}

/* A component that takes no argument was given one. */
static int no_arg(struct pt *p, int i)
{
	if (!p->c[i]->arg)
		return 0;
	err_at(p, arg_tok(p->c[i]), NULL, STP_POINT_BAD_ARG,
	       i ? stp_arena_printf(p->r->arena, "%s.%s",
				    point_text(p, i, -1, NULL),
				    p->c[i]->name) : p->c[i]->name,
	       "takes no argument");
	return -1;
}

/* Components after the last one a family accepts. */
static int extra(struct pt *p, int i, const char *hint)
{
	err_at(p, p->c[i]->tok, hint, STP_POINT_BAD_COMPONENT,
	       comp_text(p->r->arena, p->c[i], NULL),
	       point_text(p, i, -1, NULL));
	return -1;
}

static int range(struct pt *p, const struct stp_component *c,
		 const char *what, int64_t v, int64_t lo, int64_t hi)
{
	if (v >= lo && v <= hi)
		return 0;
	err_at(p, arg_tok(c), NULL, STP_POINT_RANGE, what, (long long)v,
	       (long long)lo, (long long)hi);
	return -1;
}

/* -- begin, end, error, never ------------------------------------------- */

static int resolve_once(struct pt *p, struct stp_vec *out)
{
	const char *fam = p->c[0]->name;
	struct stp_component *c = p->c[0];
	enum stp_site_kind kind;
	struct stp_site *s;

	if (strcmp(fam, "never") == 0) {
		if (no_arg(p, 0))
			return -1;
		kind = STP_SITE_NEVER;
	} else {
		if (c->arg && !is_num(c)) {
			err_at(p, arg_tok(c), NULL, STP_POINT_BAD_ARG, fam,
			       "takes a number (its priority), not a string");
			return -1;
		}
		kind = strcmp(fam, "begin") == 0 ? STP_SITE_BEGIN :
		       strcmp(fam, "end") == 0 ? STP_SITE_END : STP_SITE_ERROR;
	}
	if (p->n > 1)
		return extra(p, 1, NULL);
	s = new_site(p, kind, point_text(p, 1, -1, NULL));
	s->priority = c->arg ? c->arg->num : 0;
	stp_vec_push(out, s);
	return 1;
}

/* -- timers -------------------------------------------------------------- */

/* hrtimer units: SystemTap accepts periods from 100 us to one day and
 * states the limits in the unit written. */
static const struct timer_unit {
	const char *name;
	int64_t ns;
	int64_t min, max;
} timer_units[] = {
	{ "s",    1000000000, 1, 86400 },
	{ "sec",  1000000000, 1, 86400 },
	{ "ms",   1000000,    1, 86400000 },
	{ "msec", 1000000,    1, 86400000 },
	{ "us",   1000,       100, 86400000000LL },
	{ "usec", 1000,       100, 86400000000LL },
	{ "ns",   1,          100000, 86400000000000LL },
	{ "nsec", 1,          100000, 86400000000000LL },
};

#define TIMER_FOLLOW "continue with one of: s(N) sec(N) ms(N) msec(N) " \
	"us(N) usec(N) ns(N) nsec(N) hz(N) jiffies(N) profile"

static int resolve_timer(struct pt *p, struct stp_vec *out)
{
	const struct timer_unit *u = NULL;
	struct stp_component *c, *rnd = NULL;
	char *what, *pp;
	struct stp_site *s;
	size_t i;

	if (no_arg(p, 0))
		return -1;
	if (p->n < 2) {
		err_at(p, p->c[0]->tok, TIMER_FOLLOW, STP_POINT_INCOMPLETE,
		       "timer");
		return -1;
	}
	c = p->c[1];
	if (strcmp(c->name, "profile") == 0) {
		if (no_arg(p, 1))
			return -1;
		if (p->n > 2 && (strcmp(p->c[2]->name, "tick") != 0 ||
				 p->n > 3))
			return extra(p, p->n > 3 ? 3 : 2, NULL);
		if (p->n > 2 && no_arg(p, 2))
			return -1;
		s = new_site(p, STP_SITE_PROFILE, point_text(p, p->n, -1,
							     NULL));
		stp_vec_push(out, s);
		return 1;
	}
	for (i = 0; i < NELEM(timer_units); i++)
		if (strcmp(c->name, timer_units[i].name) == 0)
			u = &timer_units[i];
	if (!u && strcmp(c->name, "hz") != 0 &&
	    strcmp(c->name, "jiffies") != 0) {
		err_at(p, c->tok, TIMER_FOLLOW, STP_POINT_BAD_COMPONENT,
		       comp_text(p->r->arena, c, NULL), "timer");
		return -1;
	}
	what = point_text(p, 2, -1, NULL);
	if (!is_num(c)) {
		err_at(p, arg_tok(c), NULL, STP_POINT_BAD_ARG,
		       stp_arena_printf(p->r->arena, "timer.%s", c->name),
		       strcmp(c->name, "hz") == 0 ?
		       "needs a number argument (the frequency)" :
		       "needs a number argument (the interval)");
		return -1;
	}
	if (p->n > 2) {
		if (strcmp(p->c[2]->name, "randomize") != 0 ||
		    strcmp(c->name, "hz") == 0 || p->n > 3)
			return extra(p, p->n > 3 && strcmp(p->c[2]->name,
					"randomize") == 0 &&
				     strcmp(c->name, "hz") != 0 ? 3 : 2,
				     strcmp(c->name, "hz") == 0 ? NULL :
				     "only '.randomize(N)' may follow a timer");
		rnd = p->c[2];
		if (!is_num(rnd)) {
			err_at(p, arg_tok(rnd), NULL, STP_POINT_BAD_ARG,
			       "randomize", "needs a number argument");
			return -1;
		}
	}
	pp = point_text(p, p->n, -1, NULL);
	what = stp_arena_printf(p->r->arena, "timer.%s interval", c->name);
	if (strcmp(c->name, "jiffies") == 0) {
		if (range(p, c, what, c->arg->num, 1, 1000000000))
			return -1;
		if (rnd && range(p, rnd, "randomize value", rnd->arg->num, 0,
				 c->arg->num))
			return -1;
		s = new_site(p, STP_SITE_TIMER_JIFFIES, pp);
		s->period_jiffies = (uint32_t)c->arg->num;
		s->randomize_jiffies = rnd ? (uint32_t)rnd->arg->num : 0;
	} else if (strcmp(c->name, "hz") == 0) {
		/* the period, 1e9/hz ns, must be at least 100 us */
		if (range(p, c, "timer.hz frequency", c->arg->num, 1, 10000))
			return -1;
		s = new_site(p, STP_SITE_TIMER, pp);
		s->period_ns = 1000000000ull / (uint64_t)c->arg->num;
	} else {
		if (range(p, c, what, c->arg->num, u->min, u->max))
			return -1;
		if (rnd && range(p, rnd, "randomize value", rnd->arg->num, 0,
				 c->arg->num))
			return -1;
		s = new_site(p, STP_SITE_TIMER, pp);
		s->period_ns = (uint64_t)(c->arg->num * u->ns);
		s->randomize_ns = rnd ? (uint64_t)(rnd->arg->num * u->ns) : 0;
	}
	stp_vec_push(out, s);
	return 1;
}

/* -- functions by symbol ------------------------------------------------- */

static struct stp_kernel_syms *kernel_syms(struct pt *p,
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
	err_at(p, tok, hint, STP_NO_SYMBOLS, r->kernel_release,
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
static int func_suffix(struct pt *p, int i, bool *is_return, int *maxactive)
{
	static const char *const dwarf_only[] = {
		"inline", "callee", "callees", "label", "exported",
	};
	const char *hint = "a function probe may end in '.call', '.return' "
			   "or '.return.maxactive(N)'";

	*is_return = false;
	*maxactive = -1;
	if (i >= p->n)
		return 0;
	if (in_list(p->c[i]->name, dwarf_only, NELEM(dwarf_only))) {
		err_at(p, p->c[i]->tok, NULL, STP_POINT_NEEDS_DWARF,
		       stp_arena_printf(p->r->arena, "'.%s'",
					p->c[i]->name));
		return -1;
	}
	if (strcmp(p->c[i]->name, "call") == 0) {
		/* symbols are out-of-line functions only: .call holds */
		if (no_arg(p, i))
			return -1;
		return i + 1 < p->n ? extra(p, i + 1, hint) : 0;
	}
	if (strcmp(p->c[i]->name, "return") != 0)
		return extra(p, i, hint);
	if (no_arg(p, i))
		return -1;
	*is_return = true;
	if (++i >= p->n)
		return 0;
	if (strcmp(p->c[i]->name, "maxactive") != 0)
		return extra(p, i, hint);
	if (!is_num(p->c[i])) {
		err_at(p, arg_tok(p->c[i]), NULL, STP_POINT_BAD_ARG,
		       "maxactive", "needs a number argument");
		return -1;
	}
	if (range(p, p->c[i], "maxactive value", p->c[i]->arg->num, 0, 32767))
		return -1;
	*maxactive = (int)p->c[i]->arg->num;
	return i + 1 < p->n ? extra(p, i + 1, hint) : 0;
}

static int func_shape(struct pt *p, struct func_query *q)
{
	const char *fam = p->c[0]->name;
	int i = 1;

	memset(q, 0, sizeof(*q));
	if (strcmp(fam, "module") == 0 || strcmp(fam, "kprobe") == 0) {
		q->kprobe_family = fam[0] == 'k';
		if (q->kprobe_family) {
			if (no_arg(p, 0))
				return -1;
			if (p->n > 1 && strcmp(p->c[1]->name, "module") == 0)
				i = 2;
		} else {
			i = 0;
		}
		if (i == 0 || i == 2) {
			struct stp_component *m = p->c[i == 0 ? 0 : 1];

			if (!is_str(m) || !*m->arg->str) {
				err_at(p, arg_tok(m), NULL, STP_POINT_BAD_ARG,
				       point_text(p, i == 0 ? 1 : 2, -1, NULL),
				       "needs a string argument (a module "
				       "name)");
				return -1;
			}
			if (stp_has_wildcard(m->arg->str)) {
				err_at(p, arg_tok(m), NULL,
				       STP_POINT_NOT_IMPLEMENTED,
				       "module(\"pattern\")");
				return -1;
			}
			q->module = m->arg->str;
			i = i == 0 ? 1 : 2;
		}
	} else if (no_arg(p, 0)) {
		return -1;
	}
	if (i >= p->n) {
		err_at(p, p->c[i - 1]->tok, "continue with "
		       "'.function(\"NAME\")'", STP_POINT_INCOMPLETE,
		       point_text(p, i, -1, NULL));
		return -1;
	}
	if (strcmp(p->c[i]->name, "function") != 0) {
		const char *n = p->c[i]->name;

		if (strcmp(n, "statement") == 0 && !q->kprobe_family) {
			err_at(p, p->c[i]->tok, NULL, STP_POINT_NEEDS_DWARF,
			       stp_arena_printf(p->r->arena, "'%s'",
						point_text(p, i + 1, -1,
							   NULL)));
			return -1;
		}
		if (strcmp(n, "statement") == 0 || strcmp(n, "trace") == 0 ||
		    strcmp(n, "data") == 0 || strcmp(n, "mark") == 0) {
			err_at(p, p->c[i]->tok, NULL,
			       STP_POINT_NOT_IMPLEMENTED,
			       stp_arena_printf(p->r->arena, "%s.%s",
						point_text(p, i, -1, NULL),
						n));
			return -1;
		}
		err_at(p, p->c[i]->tok, "expected '.function(\"NAME\")'",
		       STP_POINT_BAD_COMPONENT,
		       comp_text(p->r->arena, p->c[i], NULL),
		       point_text(p, i, -1, NULL));
		return -1;
	}
	if (!is_str(p->c[i]) || !*p->c[i]->arg->str) {
		err_at(p, arg_tok(p->c[i]), NULL, STP_POINT_BAD_ARG,
		       point_text(p, i, -1, NULL)[0] ?
		       stp_arena_printf(p->r->arena, "%s.function",
					point_text(p, i, -1, NULL)) :
		       "function",
		       "needs a string argument (a function name or pattern)");
		return -1;
	}
	if (strpbrk(p->c[i]->arg->str, "@:")) {
		err_at(p, arg_tok(p->c[i]), NULL, STP_POINT_NEEDS_DWARF,
		       stp_arena_printf(p->r->arena, "function(\"%s\") with a "
					"source file or line",
					p->c[i]->arg->str));
		return -1;
	}
	q->fn = i;
	return 0;
}

/* At most this many names in the skipped-functions warning. */
#define SKIP_SHOWN 3

static int resolve_function(struct pt *p, struct stp_vec *out)
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
	ftok = arg_tok(p->c[q.fn]);
	k = kernel_syms(p, ftok);
	if (!k)
		return -1;
	if (q.module) {
		char *why = NULL;

		tab = stp_ksyms_module(k, q.module, &why);
		if (!tab) {
			if (!p->point->optional)
				err_at(p, arg_tok(p->c[q.kprobe_family ? 1 :
							 0]),
				       NULL, STP_NO_MODULE, q.module, why);
			free(why);
			return p->point->optional ? 0 : -1;
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

			if (p->point->optional)
				return 0;
			near = stp_symtab_closest(tab, pat);
			if (near)
				hint = stp_arena_printf(a, "did you mean '%s'?",
							near);
			err_at(p, ftok, hint, STP_NO_SUCH_FUNCTION, pat, where);
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
				if (!p->point->optional)
					err_at(p, ftok, NULL,
					       STP_NOT_PROBEABLE,
					       match[i]->name, why);
				free(match);
				return p->point->optional ? 0 : -1;
			}
			if (skipped < SKIP_SHOWN)
				shown = shown ?
					stp_arena_printf(a, "%s, %s", shown,
							 match[i]->name) :
					stp_arena_strdup(a, match[i]->name);
			skipped++;
			continue;
		}
		s = new_site(p, is_return ? STP_SITE_KRETPROBE :
			     STP_SITE_KPROBE,
			     point_text(p, p->n, q.fn, match[i]->name));
		s->symbol = match[i]->name;
		s->module = q.module;
		s->is_return = is_return;
		s->maxactive = maxactive;
		s->optional = s->optional || wild;
		stp_vec_push(out, s);
		added++;
	}
	free(match);
	if (skipped && !p->point->optional)
		stp_diag_report(p->r->diag, STP_SEV_WARNING, loc_of(ftok),
				exp_of(ftok), NULL, STP_SKIPPED_UNPROBEABLE,
				point_text(p, q.fn + 1, -1, NULL), skipped,
				skipped == 1 ? "" : "s",
				skipped > SKIP_SHOWN ?
				stp_arena_printf(a, "%s, ...", shown) : shown);
	/* a wildcard that leaves nothing fails like a missing name,
	 * unless the point is optional */
	if (!added && !p->point->optional) {
		err_at(p, ftok, NULL, STP_NO_SUCH_FUNCTION, pat, where);
		return -1;
	}
	return added;
}

/* -- entry points ------------------------------------------------------ */

static int split(struct pt *p, struct stp_resolver *r,
		 const struct stp_probe_point *point)
{
	struct stp_component *c;

	p->r = r;
	p->point = point;
	p->n = 0;
	for (c = point->comps; c; c = c->next) {
		if (p->n == MAX_COMPS)
			return -1;
		p->c[p->n++] = c;
	}
	return p->n ? 0 : -1;
}

bool stp_is_builtin_point(const struct stp_probe_point *point)
{
	const char *fam;

	if (!point->comps)
		return false;
	fam = point->comps->name;
	if (in_list(fam, families, NELEM(families)))
		return true;
	/* perf.sw.* and perf.hw.* are tapset aliases; perf.type() is not */
	if (strcmp(fam, "perf") == 0)
		return point->comps->next &&
			strcmp(point->comps->next->name, "type") == 0;
	return in_list(fam, unimplemented_families,
		       NELEM(unimplemented_families));
}

int stp_resolve_point(struct stp_resolver *r,
		      const struct stp_probe_point *point,
		      struct stp_vec *out)
{
	struct pt p;
	const char *fam;

	if (split(&p, r, point)) {
		stp_diag_report(r->diag, STP_SEV_ERROR, loc_of(point->tok),
				exp_of(point->tok), NULL, STP_POINT_UNKNOWN,
				"(too many components)");
		return -1;
	}
	fam = p.c[0]->name;
	if (strcmp(fam, "begin") == 0 || strcmp(fam, "end") == 0 ||
	    strcmp(fam, "error") == 0 || strcmp(fam, "never") == 0)
		return resolve_once(&p, out);
	if (strcmp(fam, "timer") == 0)
		return resolve_timer(&p, out);
	if (strcmp(fam, "kernel") == 0 || strcmp(fam, "kprobe") == 0 ||
	    strcmp(fam, "module") == 0)
		return resolve_function(&p, out);
	if (in_list(fam, unimplemented_families,
		    NELEM(unimplemented_families))) {
		err_at(&p, p.c[0]->tok, NULL, STP_POINT_NOT_IMPLEMENTED, fam);
		return -1;
	}
	{
		const char *near = stp_closest(fam, families, NELEM(families));
		char *hint = near ?
			stp_arena_printf(r->arena, "did you mean '%s'?", near) :
			stp_arena_strdup(r->arena, "built-in probe points "
					 "start with begin, end, error, never, "
					 "timer, kernel, kprobe or module");

		err_at(&p, p.c[0]->tok, hint, STP_POINT_UNKNOWN,
		       point_text(&p, p.n, -1, NULL));
	}
	return -1;
}

void stp_resolver_init(struct stp_resolver *r, struct stp_arena *arena,
		       struct stp_diag *diag, const char *kernel_release,
		       const char *arch, bool target_running)
{
	memset(r, 0, sizeof(*r));
	r->arena = arena;
	r->diag = diag;
	r->kernel_release = kernel_release;
	r->arch = arch;
	r->target_running = target_running;
}

void stp_resolver_free(struct stp_resolver *r)
{
	stp_ksyms_free(r->syms);
	r->syms = NULL;
}

/* -l: the same resolution, printed as text; begin/end/timer patterns
 * print themselves.  Wildcards only make sense in function names. */
int stp_list_points(struct stp_resolver *r,
		    const struct stp_probe_point *pattern,
		    struct stp_vec *out)
{
	struct stp_vec sites = { 0 };
	struct stp_probe_point opt = *pattern;
	size_t i;
	int n;

	/* nothing matching is not an error when listing */
	opt.optional = 1;
	n = stp_resolve_point(r, &opt, &sites);
	for (i = 0; n > 0 && i < sites.len; i++) {
		const struct stp_site *s = sites.items[i];

		stp_vec_push(out, (void *)s->pp);
	}
	stp_vec_free(&sites);
	return n < 0 ? -1 : 0;
}
