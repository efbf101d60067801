// SPDX-License-Identifier: GPL-2.0-or-later
/* translate.c - pass 3 driver: the elaborated program as one C file.
 *
 * Order of the file: the runtime header, top-level embedded C, globals
 * (with their locks and -G parameters), formats and descriptors, function
 * prototypes, functions, probe handlers, the sites table, init/exit and
 * the struct stp_script; and its line map.  Bodies, statements,
 * expressions and prints are translate-body.c, translate-stmt.c,
 * translate-expr.c and translate-print.c, writing through the emitter
 * (emit.c); C names are translate-names.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "family.h"
#include "trans.h"

/* ---- errors ---- */

void tx_error(struct tx *t, const struct stp_token *tok,
	      enum stp_diag_code code, ...)
{
	va_list ap;

	va_start(ap, code);
	stp_diag_vreport(t->diag, STP_SEV_ERROR, tok ? &tok->loc : NULL,
			 tok ? tok->exp : NULL, NULL, code, ap);
	va_end(ap);
	t->errors++;
}

/* ---- globals ---- */

static const char *map_kind(enum stp_vtype ty)
{
	return ty == STP_V_STRING ? "STP_MAP_STR" : "STP_MAP_NUM";
}

/* The statistics descriptor of an aggregate (one per global). */
static void emit_stat_desc(struct tx *t, struct sbuf *o,
			   const struct stp_var *v)
{
	const char *dname = tx_global_desc(t, v);
	char shift[32];

	if (v->stat_ops & STP_STAT_VARIANCE)
		snprintf(shift, sizeof(shift), "%d", v->variance_shift);
	else
		snprintf(shift, sizeof(shift), "STP_STAT_NO_VARIANCE");
	if (v->stat_ops & STP_STAT_HIST_LINEAR)
		sb_printf(o, "static const struct _stp_hist_desc %s =\n"
			  "\tSTP_STAT_DESC_LINEAR(%lldLL, %lldLL, %lldLL, %s);\n",
			  dname, (long long)v->hist_start,
			  (long long)v->hist_stop,
			  (long long)v->hist_interval, shift);
	else if (v->stat_ops & STP_STAT_HIST_LOG)
		sb_printf(o, "static const struct _stp_hist_desc %s =\n"
			  "\tSTP_STAT_DESC_LOG(%s);\n", dname, shift);
	else
		sb_printf(o, "static const struct _stp_hist_desc %s =\n"
			  "\tSTP_STAT_DESC_NONE(%s);\n", dname, shift);
}

static void emit_literal_init(struct tx *t, struct sbuf *o,
			      const struct stp_expr *e)
{
	if (e->kind == STP_E_STRING) {
		char *raw;
		size_t n;

		raw = em_unescape(e->str, &n);
		em_c_string(o, raw, n);
		free(raw);
	} else if (e->kind == STP_E_NUMBER) {
		if (e->num == INT64_MIN)
			sb_add(o, "(-9223372036854775807LL - 1)");
		else
			sb_printf(o, "%lldLL", (long long)e->num);
	} else if (e->kind == STP_E_UNARY && !strcmp(e->op, "-") &&
		   e->a->kind == STP_E_NUMBER) {
		sb_printf(o, "-%lldLL", (long long)e->a->num);
	} else {
		/* pass 1 takes only literals (E301) */
		tx_error(t, e->tok, STP_TRANS_INTERNAL,
			 "a global's initial value other than a literal");
	}
}

/* The runtime's own module parameters (runtime/lib-task.c,
 * runtime/lib-time.c; staprun sets them).  A script global of one of
 * these names gets no parameter: two of one name would leave which one
 * staprun's value sets to the order of the module's __param section. */
static const char *const runtime_params[] = {
	"_stp_target", "_stp_tz_gmtoff", "_stp_tz_name",
};

bool stp_global_has_param(const struct stp_var *v)
{
	size_t i;

	for (i = 0; i < sizeof(runtime_params) / sizeof(runtime_params[0]); i++)
		if (!strcmp(v->name, runtime_params[i]))
			return false;
	/* a tapset's private global is not the script's NAME (several
	 * tapsets may each have one of that name) */
	return !(v->is_private && v->from_tapset);
}

/* STP_GLOBAL_PARAM_KIND(C name, "script name"): -G NAME sets it
 * (runtime/runtime.h); the script's name is only ever a C string. */
static void emit_param(struct sbuf *o, const char *kind,
		       const struct stp_var *v, const char *cname)
{
	if (!stp_global_has_param(v))
		return;
	sb_printf(o, "STP_GLOBAL_PARAM_%s(%s, ", kind, cname);
	em_c_string(o, v->name, strlen(v->name));
	sb_add(o, ");\n");
}

static void emit_globals(struct tx *t, struct sbuf *o)
{
	size_t i;
	int k;

	if (t->prog->globals.len)
		sb_add(o, "/* ---- globals: each with its lock ---- */\n\n");
	for (i = 0; i < t->prog->globals.len; i++) {
		const struct stp_var *v = t->prog->globals.items[i];
		const char *cn = t->gnames[i];
		const struct stp_expr *init = v->global ? v->global->init : NULL;

		sb_printf(o, "/* global %s: %s */\n", v->name, tx_loc(t, v->tok));
		if (v->type == STP_V_STATS) {
			emit_stat_desc(t, o, v);
			if (v->nkeys == 0) {
				sb_printf(o, "static struct _stp_sstat %s = {\n"
					  "\t.name = ", cn);
				em_c_string(o, v->name, strlen(v->name));
				sb_printf(o, ", .desc = &%s,\n};\n",
					  tx_global_desc(t, v));
				goto lock;
			}
		}
		if (v->nkeys > 0) {
			sb_printf(o, "static struct _stp_array %s = {\n"
				  "\t.name = ", cn);
			em_c_string(o, v->name, strlen(v->name));
			sb_printf(o, ", .size = %lld, .nkeys = %d,\n"
				  "\t.key_kind = { ",
				  (long long)v->max_entries, v->nkeys);
			for (k = 0; k < v->nkeys; k++)
				sb_printf(o, "%s%s", k ? ", " : "",
					  map_kind(v->key_types[k]));
			sb_printf(o, " },\n\t.val_kind = %s,%s",
				  v->type == STP_V_STATS ? "STP_MAP_BLOB" :
				  map_kind(v->type),
				  v->wrap ? " .wrap = true," : "");
			if (v->type == STP_V_STATS)
				sb_printf(o, " .desc = &%s,",
					  tx_global_desc(t, v));
			sb_add(o, "\n};\n");
		} else {
			bool str = v->type == STP_V_STRING;

			sb_printf(o, str ? "static char %s[MAXSTRINGLEN]" :
				  "static s64 %s", cn);
			if (init) {
				sb_add(o, " = ");
				emit_literal_init(t, o, init);
			}
			sb_add(o, ";\n");
			emit_param(o, str ? "STRING" : "LONG", v, cn);
		}
lock:
		sb_printf(o, "static STP_RWLOCK_DEFINE(%s);\n\n",
			  tx_global_lock(t, v));
	}
}

/* init: create arrays and statistics (initial values of scalars are
 * static initialisers, so -G values given at load time win). */
static void emit_init_exit(struct tx *t, struct sbuf *o)
{
	size_t i;

	sb_add(o, "/* ---- module load and unload ---- */\n\n");
	sb_add(o, "static void _stp_script_exit(void)\n{\n");
	for (i = 0; i < t->prog->globals.len; i++) {
		const struct stp_var *v = t->prog->globals.items[i];

		if (v->nkeys > 0)
			sb_printf(o, "\t_stp_array_free(&%s);\n", t->gnames[i]);
		else if (v->type == STP_V_STATS)
			sb_printf(o, "\t_stp_sstat_free(&%s);\n", t->gnames[i]);
	}
	if (t->sorted_foreach)
		sb_add(o, "\t_stp_foreach_free();\n");
	sb_add(o, "}\n\n");

	sb_add(o, "static int _stp_script_init(void)\n{\n");
	sb_add(o, "\tint rc = 0;\n\n");
	for (i = 0; i < t->prog->globals.len; i++) {
		const struct stp_var *v = t->prog->globals.items[i];

		if (v->nkeys > 0)
			sb_printf(o, "\trc = _stp_array_init(&%s);\n"
				  "\tif (rc)\n\t\tgoto fail;\n", t->gnames[i]);
		else if (v->type == STP_V_STATS)
			sb_printf(o, "\trc = _stp_sstat_init(&%s);\n"
				  "\tif (rc)\n\t\tgoto fail;\n", t->gnames[i]);
	}
	if (t->sorted_foreach) {
		/* the buffers hold the entries of the largest array */
		sb_add(o, "\trc = _stp_foreach_init(MAXMAPENTRIES");
		for (i = 0; i < t->prog->globals.len; i++) {
			const struct stp_var *v = t->prog->globals.items[i];

			if (v->nkeys > 0 && v->max_entries > 0)
				sb_printf(o, " > %lld ? MAXMAPENTRIES : %lld",
					  (long long)v->max_entries,
					  (long long)v->max_entries);
		}
		sb_add(o, ");\n\tif (rc)\n\t\tgoto fail;\n");
	}
	sb_add(o, "\treturn 0;\nfail: __attribute__((unused));\n"
		  "\t_stp_script_exit();\n\treturn rc;\n}\n\n");
}

/* ---- sites ---- */

/* The probe's locks, in global index order, one per global: shared
 * for reads, exclusive for writes.  Statistics are per CPU: adding (<<<)
 * touches only this CPU's copy, so a probe that only adds takes the
 * lock shared and CPUs never wait for each other; extracting folds the
 * copies into the shared total, which needs it exclusive. */
static bool in_vars(const struct stp_vec *v, const struct stp_var *x)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (v->items[i] == x)
			return true;
	return false;
}

static void emit_locks(struct tx *t, const struct stp_probe_info *p,
		       struct sbuf *o)
{
	size_t r = 0, w = 0;

	if (!p->globals_read.len && !p->globals_written.len)
		return;
	sb_printf(o, "static const struct stp_lock_use probe_%d_locks[] = {\n",
		  p->index);
	while (r < p->globals_read.len || w < p->globals_written.len) {
		const struct stp_var *rv = r < p->globals_read.len ?
			p->globals_read.items[r] : NULL;
		const struct stp_var *wv = w < p->globals_written.len ?
			p->globals_written.items[w] : NULL;
		const struct stp_var *v;
		bool exclusive;

		if (rv && (!wv || rv->index <= wv->index)) {
			v = rv;
			r++;
			if (wv == rv) {
				w++;	/* read and written */
				exclusive = true;
			} else {
				exclusive = v->type == STP_V_STATS;
			}
		} else {
			v = wv;
			w++;
			exclusive = v->type != STP_V_STATS;
		}
		sb_printf(o, "\t{ &%s, STP_LOCK_%s },\n", tx_global_lock(t, v),
			  exclusive ? "WRITE" : "READ");
	}
	sb_add(o, "};\n\n");
}

static size_t probe_nlocks(const struct stp_probe_info *p)
{
	size_t nlocks = p->globals_read.len, i;

	for (i = 0; i < p->globals_written.len; i++)
		nlocks += !in_vars(&p->globals_read, p->globals_written.items[i]);
	return nlocks;
}

/*
 * What a probe's families write (family.h): the names they may refer
 * to.  @buf holds them; e.site is set per site.
 */
struct emit_names {
	char handler[32], locks[40], entry[40], entry_type[48];
};

static void emit_vprintf(void *out, const char *fmt, va_list ap)
{
	sb_vprintf(out, fmt, ap);
}

static void emit_string(void *out, const char *s)
{
	em_c_string(out, s, strlen(s));
}

static struct stp_emit probe_emit(const struct stp_probe_info *p,
				  struct emit_names *n, struct sbuf *o)
{
	size_t nlocks = probe_nlocks(p);

	snprintf(n->handler, sizeof(n->handler), "probe_%d", p->index);
	snprintf(n->locks, sizeof(n->locks), nlocks ? "probe_%d_locks" :
		 "NULL", p->index);
	snprintf(n->entry, sizeof(n->entry), "probe_%d_entry", p->index);
	snprintf(n->entry_type, sizeof(n->entry_type), "struct probe_%d_entry",
		 p->index);
	return (struct stp_emit){
		.out = o, .vprintf = emit_vprintf, .string = emit_string,
		.probe = p, .handler = n->handler, .locks = n->locks,
		.nlocks = nlocks,
		.entry = p->entry_slots.len ? n->entry : NULL,
		.entry_type = n->entry_type,
	};
}

/* The C each family of the probe's sites needs once (a kprobe entry). */
static void emit_probe_families(const struct stp_probe_info *p,
				struct sbuf *o)
{
	const struct stp_point_family *done[STP_NFAMILIES] = { 0 };
	struct emit_names names;
	struct stp_emit e = probe_emit(p, &names, o);
	size_t i, k, n = 0;

	for (i = 0; i < p->sites.len; i++) {
		const struct stp_point_family *f =
			((const struct stp_site *)p->sites.items[i])->family;

		for (k = 0; k < n && done[k] != f; k++)
			;
		if (k < n || n == STP_NFAMILIES)
			continue;
		done[n++] = f;
		if (f->emit_probe)
			f->emit_probe(&e);
	}
}

/* Does every site's own code call the probe's handler? */
static bool sites_call_handler(const struct stp_probe_info *p)
{
	size_t i;

	for (i = 0; i < p->sites.len; i++) {
		const struct stp_site *s = p->sites.items[i];

		if (!s->family->calls_handler || !s->family->calls_handler(s))
			return false;
	}
	return true;
}

static void sb_cstr_field(struct sbuf *o, const char *field, const char *s)
{
	sb_printf(o, "\t\t.%s = ", field);
	em_c_string(o, s, strlen(s));
	sb_add(o, ",\n");
}

/* One entry of _stp_sites[]: the header here, the family's part by the
 * family (family-NAME.c). */
static void emit_site(const struct stp_probe_info *p,
		      const struct stp_site *s, struct sbuf *o)
{
	struct emit_names names;
	struct stp_emit e = probe_emit(p, &names, o);

	sb_printf(o, "\t{\n\t\t.kind = %s,\n", stp_site_kind_name(s->kind));
	sb_cstr_field(o, "pp", s->pp ? s->pp : "");
	if (s->optional)
		sb_add(o, "\t\t.optional = 1,\n");
	e.site = s;
	s->family->emit_site(&e);
	/* when every site calls the handler itself, that is its only
	 * caller, and the compiler inlines it */
	if (!sites_call_handler(p))
		sb_printf(o, "\t\t.handler = %s,\n", e.handler);
	if (e.nlocks)
		sb_printf(o, "\t\t.locks = %s,\n\t\t.nlocks = %zu,\n",
			  e.locks, e.nlocks);
	sb_add(o, "\t},\n");
}

/*
 * frame_bytes: the largest probe frame plus MAXNESTING of the largest
 * function frame, as a chain of enumerators: each holds the running
 * maximum and names the one before it once.  Nesting STP_MAX instead
 * (STP_MAX(a, STP_MAX(b, ...))) doubles the preprocessed text with every
 * frame, as STP_MAX reads each argument twice.
 */
struct frame_max {
	struct sbuf steps;	/* "\tSTP_<KIND>_FRAME_UPTO_<i> = ...,\n" */
	const char *kind;	/* "PROBE" or "FUNC" */
	int last;		/* index of the last frame added, or -1 */
};

static void frame_max_add(struct frame_max *m, int index)
{
	if (m->last < 0)
		sb_printf(&m->steps, "\tSTP_%s_FRAME_UPTO_%d = STP_%s_FRAME_%d,\n",
			  m->kind, index, m->kind, index);
	else
		sb_printf(&m->steps, "\tSTP_%s_FRAME_UPTO_%d =\n"
			  "\t\tSTP_MAX(STP_%s_FRAME_%d, STP_%s_FRAME_UPTO_%d),\n",
			  m->kind, index, m->kind, index, m->kind, m->last);
	m->last = index;
}

static void frame_max_end(struct sbuf *o, const struct frame_max *m)
{
	if (m->steps.s)
		sb_add(o, m->steps.s);
	if (m->last < 0)
		sb_printf(o, "\tSTP_%s_FRAME_BYTES = 0,\n", m->kind);
	else
		sb_printf(o, "\tSTP_%s_FRAME_BYTES = STP_%s_FRAME_UPTO_%d,\n",
			  m->kind, m->kind, m->last);
}

static void emit_frame_bytes(struct sbuf *o, const struct frame_max *pframes,
			     const struct frame_max *fframes)
{
	sb_add(o, "/* frame sizes: running maxima, see translate.md */\nenum {\n");
	frame_max_end(o, pframes);
	frame_max_end(o, fframes);
	sb_add(o, "};\n\n");
}

/* The line map of the assembled file: its places, by line (1-based),
 * counted in one pass over the text. */
static void fill_line_map(const struct sbuf *out, struct stp_line_map *map)
{
	const char *p = out->s, *nl;
	unsigned line = 1;
	size_t i;

	map->v = stp_xmalloc((out->nplaces + 1) * sizeof(*map->v));
	map->n = out->nplaces;
	for (i = 0; i < out->nplaces; i++) {
		const char *at = out->s + out->places[i].off;

		while ((nl = memchr(p, '\n', (size_t)(at - p)))) {
			line++;
			p = nl + 1;
		}
		p = at;
		map->v[i].c_line = line;
		map->v[i].at = out->places[i].at;
	}
}

char *stp_translate(const struct stp_program *prog,
		    const struct stp_translate_opts *opts,
		    struct stp_diag *diag, struct stp_line_map *map)
{
	struct tx t = { .prog = prog, .opts = opts, .diag = diag };
	struct sbuf out = { 0 }, code = { 0 }, protos = { 0 };
	struct sbuf sites = { 0 };
	struct frame_max pframes = { .kind = "PROBE", .last = -1 };
	struct frame_max fframes = { .kind = "FUNC", .last = -1 };
	size_t i, j, nsites = 0;
	const char *name = opts->script_name ? opts->script_name :
		(prog->user && prog->user->src ? prog->user->src->name :
		 "<input>");

	tx_name_globals(&t);
	tx_name_functions(&t);

	for (i = 0; i < prog->functions.len; i++) {
		const struct stp_func_info *f = prog->functions.items[i];

		tx_function_proto(&t, f, &protos);
		/* its calls may all have become map keys read in place */
		if (f->decl && f->decl->u.func.key16 && protos.s &&
		    protos.len >= 2) {
			protos.s[protos.len -= 2] = '\0';
			sb_add(&protos, " __attribute__((unused));\n");
		}
		tx_function(&t, f, &code);
		if (!f->embedded)
			frame_max_add(&fframes, f->index);
	}
	for (i = 0; i < prog->probes.len; i++) {
		const struct stp_probe_info *p = prog->probes.items[i];

		tx_probe(&t, p, &code);
		emit_locks(&t, p, &code);
		emit_probe_families(p, &code);
		frame_max_add(&pframes, p->index);
		for (j = 0; j < p->sites.len; j++) {
			emit_site(p, p->sites.items[j], &sites);
			nsites++;
		}
	}

	sb_add(&out, "/* Generated by stapc from ");
	sb_add(&out, name);
	sb_add(&out, ": do not edit. */\n#include \"runtime.h\"\n\n");
	/* sorted foreach buffers: a stack per CPU, emptied at each hit */
	if (t.sorted_foreach)
		sb_add(&out, "#define STP_FOREACH_HIT_START() _stp_foreach_reset()\n"
			     "#define STP_FOREACH_SAVE() _stp_foreach_depth()\n"
			     "#define STP_FOREACH_RESTORE(d) _stp_foreach_restore(d)\n\n");
	else
		sb_add(&out, "#define STP_FOREACH_HIT_START() do { } while (0)\n"
			     "#define STP_FOREACH_SAVE() 0U\n"
			     "#define STP_FOREACH_RESTORE(d) ((void)(d))\n\n");
	for (i = 0; i < prog->embedded.len; i++) {
		sb_add(&out, "/* top-level embedded C */\n");
		sb_add(&out, (const char *)prog->embedded.items[i]);
		sb_add(&out, "\n\n");
	}
	emit_globals(&t, &out);
	if (t.decls.s) {
		sb_add(&out, "/* ---- formats and descriptors ---- */\n\n");
		sb_add(&out, t.decls.s);
		sb_add(&out, "\n");
	}
	if (protos.s) {
		sb_add(&out, "/* ---- functions ---- */\n\n");
		sb_add(&out, protos.s);
		sb_add(&out, "\n");
	}
	sb_append(&out, &code);

	sb_add(&out, "/* ---- probe sites ---- */\n\n");
	sb_printf(&out, "static const struct stp_probe_site _stp_sites[] = {\n%s};\n\n",
		  sites.s ? sites.s : "");
	emit_init_exit(&t, &out);
	emit_frame_bytes(&out, &pframes, &fframes);
	sb_add(&out, "const struct stp_script _stp_script = {\n\t.name = ");
	em_c_string(&out, name, strlen(name));
	sb_printf(&out, ",\n\t.sites = _stp_sites,\n\t.nsites = %zu,\n"
		  "\t.init = _stp_script_init,\n\t.exit = _stp_script_exit,\n"
		  "\t.frame_bytes = STP_PROBE_FRAME_BYTES +\n"
		  "\t\tMAXNESTING * STP_FUNC_FRAME_BYTES,\n};\n", nsites);

	tx_names_free(&t);
	free(t.last_stat.name);
	free(t.last_stat.sig);
	sb_free(&t.decls);
	sb_free(&code);
	sb_free(&protos);
	sb_free(&pframes.steps);
	sb_free(&fframes.steps);
	sb_free(&sites);
	if (t.errors) {
		sb_free(&out);
		return NULL;
	}
	if (map)
		fill_line_map(&out, map);
	free(out.places);
	return out.s;
}
