/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab-list.c - stap -l / -L: the probe points matching a pattern.
 *
 * Aliases come from the tapset files whose index names match (those
 * files only are parsed); built-in points from the resolver.  With -L,
 * each alias is elaborated alone to learn the locals its prologue sets.
 */
#include "elab-internal.h"

#include <stdlib.h>
#include <string.h>

#include "print.h"

/* Component by component: '*' never crosses a '.'. */
static bool point_glob(const char *pat, const char *s)
{
	char p1[256], s1[256];
	const char *pd, *sd;
	size_t pn, sn;

	for (;;) {
		pd = strchr(pat, '.');
		sd = strchr(s, '.');
		pn = pd ? (size_t)(pd - pat) : strlen(pat);
		sn = sd ? (size_t)(sd - s) : strlen(s);
		if (pn >= sizeof(p1) || sn >= sizeof(s1) || !pd != !sd)
			return false;
		memcpy(p1, pat, pn);
		p1[pn] = 0;
		memcpy(s1, s, sn);
		s1[sn] = 0;
		if (!elab_glob(p1, s1))
			return false;
		if (!pd)
			return true;
		pat = pd + 1;
		s = sd + 1;
	}
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const struct stp_file *parse_text(const struct stp_elab_req *req,
					 const char *text)
{
	struct stp_source *src;
	struct stp_file *f;

	src = stp_source_from_string(req->ctx, "<pattern>", text);
	if (!src)
		return NULL;
	f = stp_parse(req->ctx, src);
	if (!f || !f->decls || f->decls->kind != STP_D_PROBE)
		return NULL;
	return f;
}

static char *point_text(struct stp_arena *a, const struct stp_probe_point *p)
{
	char *buf = NULL, *s;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	stp_print_point(f, p);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	s = stp_arena_strdup(a, buf);
	free(buf);
	return s;
}

/* -L: the locals an alias's prologue gives the user's body. */
static char *alias_vars(const struct stp_elab_req *req, const char *name)
{
	struct stp_elab_req r = *req;
	const struct stp_file *f;
	struct stp_program prog;
	struct elab el;
	char *out = stp_arena_strdup(req->ctx->arena, name);
	size_t i, j;
	int errors = req->ctx->diag->errors;

	f = parse_text(req, stp_arena_printf(req->ctx->arena,
					     "probe %s {}", name));
	if (!f)
		return out;
	r.user = f;
	r.listing = 1;
	elab_run(&el, &r, &prog);
	elab_free(&el);
	req->ctx->diag->errors = errors;	/* an alias's own problems
						 * do not fail the listing */
	for (i = 0; i < prog.probes.len; i++) {
		struct stp_probe_info *p = prog.probes.items[i];

		if (i == 0)
			for (j = 0; j < p->locals.len; j++) {
				struct stp_var *v = p->locals.items[j];

				if (!v->written)
					continue;
				out = stp_arena_printf(req->ctx->arena,
						       "%s %s:%s", out,
						       v->name,
						       elab_type_name(v->type));
			}
	}
	stp_program_free(&prog);
	return out;
}

int stp_list_probes(const struct stp_elab_req *req, const char *pattern,
		    int with_vars, FILE *out)
{
	const struct stp_file *pf;
	const struct stp_probe_point *pat;
	struct elab el;
	struct stp_vec names = { 0 };
	char *pattext;
	size_t i;
	int rc = 0;

	pf = parse_text(req, stp_arena_printf(req->ctx->arena, "probe %s {}",
					      pattern));
	if (!pf)
		return -1;
	pat = pf->decls->u.probe.points;
	memset(&el, 0, sizeof(el));
	el.req = req;
	el.arena = req->ctx->arena;
	el.diag = req->ctx->diag;
	{
		struct stp_program prog;

		memset(&prog, 0, sizeof(prog));
		el.prog = &prog;
		pattext = point_text(el.arena, pat);
		if (!pattext) {
			elab_free(&el);
			return -1;
		}
		elab_load_aliases(&el, pat);
		for (i = 0; i < el.aliases.len; i++) {
			const struct ealias *a = el.aliases.items[i];
			char *t = point_text(el.arena, a->name);

			if (t && point_glob(pattext, t))
				stp_vec_push(&names, t);
		}
		stp_vec_free(&prog.tapset_files);
		stp_vec_free(&prog.embedded);
	}
	elab_free(&el);
	if (req->resolver && stp_is_builtin_point(pat) &&
	    stp_list_points(req->resolver, pat, &names) < 0)
		rc = -1;
	if (names.len)
		qsort(names.items, names.len, sizeof(void *), str_cmp);
	for (i = 0; i < names.len; i++) {
		const char *n = names.items[i];

		if (i && !strcmp(n, names.items[i - 1]))
			continue;
		if (with_vars && !stp_is_builtin_point(pat))
			n = alias_vars(req, n);
		fprintf(out, "%s\n", n);
	}
	stp_vec_free(&names);
	return rc;
}
