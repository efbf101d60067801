// SPDX-License-Identifier: GPL-2.0-or-later
/* probe-points.c - built-in probe points into concrete probe sites.
 *
 * Implements translator/probe-points.h.  The families come from the one
 * table, runtime/probe_families.h; each resolves its own points
 * (translator/family-NAME.c).  Here: picking the family of a point
 * (globbing its components against the families' shapes when they have
 * wildcards), the helpers the families share (family.h), and listing.
 * Limits and messages follow SystemTap 4.8 where it has them.
 */
#include "family.h"
#include "ksyms.h"

#include <fnmatch.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STP_FAMILY(name, NAME, ...) \
	extern const struct stp_point_family stp_family_##name;
#include "../runtime/probe_families.h"

/* By enum stp_family: families[STP_FAMILY_NONE] is NULL. */
static const struct stp_point_family *const families[STP_NFAMILIES] = {
#define STP_FAMILY(name, NAME, ...) [STP_FAMILY_##NAME] = &stp_family_##name,
#include "../runtime/probe_families.h"
};

/* The first family in families[] (table order from there). */
#define FIRST_FAMILY (STP_FAMILY_NONE + 1)

static const char *const kind_names[STP_NKINDS] = {
#define STP_KIND(NAME, KIND) [STP_SITE_##KIND] = "STP_SITE_" #KIND,
#include "../runtime/probe_families.h"
};

/* SystemTap's families that this tool does not have: recognised so the
 * message says "not implemented" instead of "unknown". */
static const char *const unimplemented_families[] = {
	"process", "procfs", "perf", "netfilter", "java", "python2",
	"python3", "input", "hwbkpt",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *stp_site_kind_name(enum stp_site_kind kind)
{
	return kind > STP_SITE_NONE && kind < STP_NKINDS ?
	       kind_names[kind] : "STP_SITE_NONE";
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* -- reports ------------------------------------------------------------ */

void stp_point_diag(struct stp_point *p, enum stp_severity sev,
		    const struct stp_token *tok, const char *hint,
		    enum stp_diag_code code, ...)
{
	va_list ap;

	if (p->r->quiet)
		return;
	va_start(ap, code);
	stp_diag_vreport(p->r->diag, sev, tok ? &tok->loc : NULL,
			 tok ? tok->exp : NULL, hint, code, ap);
	va_end(ap);
}

/* -- writing C ---------------------------------------------------------- */

void stp_emit_printf(const struct stp_emit *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	e->vprintf(e->out, fmt, ap);
	va_end(ap);
}

void stp_emit_string(const struct stp_emit *e, const char *s)
{
	e->string(e->out, s);
}

/* -- canonical text ------------------------------------------------------ */

char *stp_point_comp_text(struct stp_arena *a, const struct stp_component *c,
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

char *stp_point_text(struct stp_point *p, int upto, int sub, const char *str)
{
	struct stp_arena *a = p->r->arena;
	char *s = NULL;
	int i;

	for (i = 0; i < upto && i < p->n; i++) {
		char *c = stp_point_comp_text(a, p->c[i],
					      i == sub ? str : NULL);

		s = s ? stp_arena_printf(a, "%s.%s", s, c) : c;
	}
	return s ? s : stp_arena_strdup(a, "");
}

struct stp_site *stp_point_site(struct stp_point *p, enum stp_site_kind kind,
				const char *pp)
{
	struct stp_site *s = stp_arena_alloc(p->r->arena, sizeof(*s));

	s->kind = kind;
	s->pp = pp;
	s->point = p->point;
	s->family = families[stp_kind_family(kind)];
	s->optional = p->optional;
	return s;
}

/* -- argument checks ------------------------------------------------- */

bool stp_point_is_num(const struct stp_component *c)
{
	return c->arg && c->arg->kind == STP_E_NUMBER;
}

bool stp_point_is_str(const struct stp_component *c)
{
	return c->arg && c->arg->kind == STP_E_STRING;
}

const struct stp_token *stp_point_arg_tok(const struct stp_component *c)
{
	return c->arg && c->arg->tok ? c->arg->tok : c->tok;
}

int stp_point_no_arg(struct stp_point *p, int i)
{
	if (!p->c[i]->arg)
		return 0;
	stp_point_error(p, stp_point_arg_tok(p->c[i]), NULL, STP_POINT_NO_ARG,
			i ? stp_arena_printf(p->r->arena, "%s.%s",
					     stp_point_text(p, i, -1, NULL),
					     p->c[i]->name) : p->c[i]->name);
	return -1;
}

int stp_point_extra(struct stp_point *p, int i, const char *hint)
{
	stp_point_error(p, p->c[i]->tok, hint, STP_POINT_BAD_COMPONENT,
			stp_point_comp_text(p->r->arena, p->c[i], NULL),
			stp_point_text(p, i, -1, NULL));
	return -1;
}

int stp_point_range(struct stp_point *p, const struct stp_component *c,
		    const char *what, int64_t v, int64_t lo, int64_t hi)
{
	if (v >= lo && v <= hi)
		return 0;
	stp_point_error(p, stp_point_arg_tok(c), NULL, STP_POINT_RANGE, what,
			(long long)v, (long long)lo, (long long)hi);
	return -1;
}

/* -- shapes: which family a point belongs to -------------------------- */

/* The length of a shape's component at s (up to '.' or the end), and
 * its argument: 0 none, 'N' a number, 'S' a string. */
static size_t shape_comp(const char *s, size_t *name_len, int *arg)
{
	const char *dot = strchr(s, '.'), *paren = strchr(s, '(');
	size_t len = dot ? (size_t)(dot - s) : strlen(s);

	*arg = 0;
	*name_len = len;
	if (paren && (size_t)(paren - s) < len) {
		*name_len = (size_t)(paren - s);
		*arg = paren[1];
	}
	return len;
}

static bool arg_fits(const struct stp_component *c, int arg)
{
	if (!arg)
		return !c->arg;
	return arg == 'N' ? stp_point_is_num(c) : stp_point_is_str(c);
}

/*
 * Does @shape match @point, each component name taken as a glob (only
 * names: arguments must be of the shape's kind)?  When it does and @out
 * is not NULL, *out is the point with the shape's names (arena).
 */
static bool shape_match(struct stp_arena *a, const char *shape,
			const struct stp_probe_point *point,
			struct stp_probe_point **out)
{
	const struct stp_component *c;
	struct stp_component *head = NULL, **tail = &head;
	const char *s = shape;

	for (c = point->comps; c; c = c->next) {
		size_t len, nlen;
		int arg;
		char name[64];

		if (!*s)
			return false;
		len = shape_comp(s, &nlen, &arg);
		snprintf(name, sizeof(name), "%.*s", (int)nlen, s);
		if (fnmatch(c->name, name, 0) != 0 || !arg_fits(c, arg))
			return false;
		if (out) {
			*tail = stp_arena_alloc(a, sizeof(**tail));
			**tail = *c;
			(*tail)->name = stp_arena_strdup(a, name);
			(*tail)->next = NULL;
			tail = &(*tail)->next;
		}
		s += len + (s[len] == '.');
	}
	if (*s)
		return false;
	if (out) {
		*out = stp_arena_alloc(a, sizeof(**out));
		**out = *point;
		(*out)->comps = head;
	}
	return true;
}

/* The family whose points start with this name ("kernel"), or NULL. */
static const struct stp_point_family *family_named(const char *root)
{
	size_t i, n = strlen(root);
	const char *const *s;

	for (i = FIRST_FAMILY; i < STP_NFAMILIES; i++)
		for (s = families[i]->shapes; *s; s++)
			if (strncmp(*s, root, n) == 0 &&
			    ((*s)[n] == '\0' || (*s)[n] == '.' ||
			     (*s)[n] == '('))
				return families[i];
	return NULL;
}

static bool has_glob(const struct stp_probe_point *point)
{
	const struct stp_component *c;

	for (c = point->comps; c; c = c->next)
		if (strpbrk(c->name, "*?["))
			return true;
	return false;
}

/* -- entry points ---------------------------------------------------- */

static int split(struct stp_point *p, struct stp_resolver *r,
		 const struct stp_probe_point *point)
{
	struct stp_component *c;

	p->r = r;
	p->point = point;
	p->optional = stp_point_optional(point);
	p->n = 0;
	for (c = point->comps; c; c = c->next) {
		if (p->n == STP_POINT_MAX_COMPS)
			return -1;
		p->c[p->n++] = c;
	}
	return p->n ? 0 : -1;
}

/* Any family's shape matches the globbed point. */
static bool glob_matches(const struct stp_probe_point *point)
{
	const char *const *s;
	size_t i;

	for (i = FIRST_FAMILY; i < STP_NFAMILIES; i++)
		for (s = families[i]->shapes; *s; s++)
			if (shape_match(NULL, *s, point, NULL))
				return true;
	return false;
}

bool stp_is_builtin_point(const struct stp_probe_point *point)
{
	const char *fam;

	if (!point->comps)
		return false;
	fam = point->comps->name;
	if (family_named(fam))
		return true;
	if (has_glob(point))
		return glob_matches(point);
	/* perf.sw.* and perf.hw.* are tapset aliases; perf.type() is not */
	if (strcmp(fam, "perf") == 0)
		return point->comps->next &&
			strcmp(point->comps->next->name, "type") == 0;
	return in_list(fam, unimplemented_families,
		       NELEM(unimplemented_families));
}

/* The names points start with ("begin", ..., "timer"), each once. */
static size_t family_roots(struct stp_arena *a, const char **names,
			   size_t max)
{
	const char *const *s;
	size_t i, n = 0, k, nlen;
	int arg;

	for (i = FIRST_FAMILY; i < STP_NFAMILIES; i++)
		for (s = families[i]->shapes; *s && n < max; s++) {
			char *root;

			shape_comp(*s, &nlen, &arg);
			root = stp_arena_printf(a, "%.*s", (int)nlen, *s);
			for (k = 0; k < n && strcmp(names[k], root); k++)
				;
			if (k == n)
				names[n++] = root;
		}
	return n;
}

/* A point no family has: "did you mean", or the list of families. */
static int unknown_point(struct stp_point *p)
{
	struct stp_arena *a = p->r->arena;
	const char *roots[64], *near = NULL;
	size_t n = family_roots(a, roots, NELEM(roots)), i;
	char *hint = NULL;

	if (!has_glob(p->point))
		near = stp_closest(p->c[0]->name, roots, n);
	if (near) {
		hint = stp_arena_printf(a, "did you mean '%s'?", near);
	} else {
		for (i = 0; i < n; i++)
			hint = !hint ? stp_arena_printf(a, "built-in probe "
							"points start with %s",
							roots[i]) :
			       stp_arena_printf(a, "%s%s%s", hint,
						i + 1 == n ? " or " : ", ",
						roots[i]);
	}
	stp_point_error(p, p->c[0]->tok, hint, STP_POINT_UNKNOWN,
			stp_point_text(p, p->n, -1, NULL));
	return -1;
}

/* A point without wildcards in its names: its family resolves it. */
static int resolve_exact(struct stp_point *p, struct stp_vec *out)
{
	const char *fam = p->c[0]->name;
	const struct stp_point_family *f = family_named(fam);

	if (f)
		return f->resolve(p, out);
	if (in_list(fam, unimplemented_families,
		    NELEM(unimplemented_families))) {
		stp_point_error(p, p->c[0]->tok, NULL,
				STP_POINT_NOT_IMPLEMENTED, fam);
		return -1;
	}
	return unknown_point(p);
}

/* One expansion of a point with wildcards in its names. */
struct expansion {
	const char *text;		/* its shape, for the order */
	struct stp_probe_point *point;
};

static int cmp_expansion(const void *a, const void *b)
{
	return strcmp(((const struct expansion *)a)->text,
		      ((const struct expansion *)b)->text);
}

/* Resolve one expansion; @loud: with its messages.  Quietly, an
 * expansion that fails adds nothing and is no error. */
static int resolve_expansion(struct stp_point *p, struct expansion *x,
			     bool loud, struct stp_vec *out)
{
	struct stp_point sub;
	size_t first = out->len;
	int n;

	if (split(&sub, p->r, x->point))
		return 0;
	p->r->quiet += !loud;
	n = resolve_exact(&sub, out);
	p->r->quiet -= !loud;
	if (n < 0 && !loud) {
		out->len = first;
		n = 0;
	}
	return n;
}

/*
 * Wildcards in component names: every shape of every family they match
 * gives one point, resolved without messages (as in SystemTap, an
 * expansion that does not resolve is dropped), in the order of the
 * shapes' text.  When none gives a site and the point is
 * not optional, the first one is resolved again for its messages.
 */
static int resolve_glob(struct stp_point *p, struct stp_vec *out)
{
	struct expansion xs[256];
	const char *const *s;
	size_t i, n = 0;
	int added = 0, k;

	for (i = FIRST_FAMILY; i < STP_NFAMILIES; i++)
		for (s = families[i]->shapes; *s && n < NELEM(xs); s++)
			if (shape_match(p->r->arena, *s, p->point,
					&xs[n].point))
				xs[n++].text = *s;
	if (!n)
		return unknown_point(p);
	qsort(xs, n, sizeof(xs[0]), cmp_expansion);
	for (i = 0; i < n; i++) {
		k = resolve_expansion(p, &xs[i], false, out);
		added += k > 0 ? k : 0;
	}
	if (!added && !p->optional)
		return resolve_expansion(p, &xs[0], true, out);
	return added;
}

/*
 * An optional point ('?' or '!'): as in SystemTap, whatever keeps it
 * from resolving (no such function, a bad argument, an unknown family)
 * leaves it out without a message.
 */
static int resolve_optional(struct stp_point *p, struct stp_vec *out)
{
	size_t first = out->len;
	int n;

	p->r->quiet++;
	n = has_glob(p->point) ? resolve_glob(p, out) : resolve_exact(p, out);
	p->r->quiet--;
	if (n >= 0)
		return n;
	out->len = first;
	return 0;
}

int stp_resolve_point(struct stp_resolver *r,
		      const struct stp_probe_point *point,
		      struct stp_vec *out)
{
	struct stp_point p;

	if (split(&p, r, point)) {
		if (!r->quiet)
			stp_diag_report(r->diag, STP_SEV_ERROR,
					point->tok ? &point->tok->loc : NULL,
					point->tok ? point->tok->exp : NULL,
					NULL, STP_POINT_UNKNOWN,
					"(too many components)");
		return -1;
	}
	if (p.optional)
		return resolve_optional(&p, out);
	if (has_glob(point))
		return resolve_glob(&p, out);
	return resolve_exact(&p, out);
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
