// SPDX-License-Identifier: GPL-2.0-or-later
/* translate.c - pass 3 driver: the elaborated program as one C file.
 *
 * Order of the file: the runtime header, top-level embedded C, globals
 * (with their locks and -G parameters), formats and descriptors, function
 * prototypes, functions, probe handlers, the sites table, init/exit and
 * the struct stp_script.  Expressions, statements and prints are
 * translate-expr.c, translate-stmt.c and translate-print.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trans.h"

/* ---- strings ---- */

void sb_addn(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = stp_xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_addn(b, small, (size_t)n);
		return;
	}
	{
		char *big = stp_xmalloc((size_t)n + 1);

		vsnprintf(big, (size_t)n + 1, fmt, ap);
		sb_addn(b, big, (size_t)n);
		free(big);
	}
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *tx_strdup_printf(const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!b.s)
		return stp_xstrdup("");
	return b.s;
}

/* ---- shared helpers ---- */

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

/* "file:line:col" of a token, in the arena-free per-call buffer. */
const char *tx_loc(struct tx *t, const struct stp_token *tok)
{
	static char buf[512];

	if (!tok || !tok->loc.src) {
		snprintf(buf, sizeof(buf), "%s", t->opts->script_name ?
			 t->opts->script_name : "<input>");
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s:%u:%u", tok->loc.src->name,
		 tok->loc.line, tok->loc.col);
	return buf;
}

/* c->last_stmt = "what at file:line:col"; before work that can fail. */
void tx_set_stmt(struct tx *t, struct sbuf *o, const char *what,
		 const struct stp_token *tok)
{
	sb_add(o, "c->last_stmt = ");
	{
		char *s = tx_strdup_printf("%s at %s", what, tx_loc(t, tok));

		tx_c_string(o, s, strlen(s));
		free(s);
	}
	sb_add(o, "; ");
}

static bool c_ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

/* A C identifier from a script name (tapset privates may carry odd
 * characters after mangling). */
static char *c_name(const char *prefix, const char *name, int suffix)
{
	struct sbuf b = { 0 };
	const char *p;

	sb_add(&b, prefix);
	for (p = name; *p; p++)
		sb_addn(&b, c_ident_char(*p) ? p : "_", 1);
	if (suffix >= 0)
		sb_printf(&b, "_%d", suffix);
	return b.s;
}

const char *tx_global(struct tx *t, const struct stp_var *v)
{
	return t->gnames[v->index];
}

/* l->l_NAME, or l->l_NAME_INDEX when the frame has two of that name. */
char *tx_local(struct tx *t, const struct stp_var *v)
{
	const struct stp_vec *vars = NULL;
	struct strmap *names = &t->b->local_names;
	size_t i;
	uintptr_t same;

	if (t->b->fn)
		vars = &t->b->fn->locals;
	else if (t->b->probe)
		vars = &t->b->probe->locals;
	if (vars && !names->len)
		for (i = 0; i < vars->len; i++) {
			const struct stp_var *o = vars->items[i];

			strmap_put(names, o->name, (void *)((uintptr_t)
				   strmap_get(names, o->name) + 1));
		}
	/* the others of its name: all of them if v is not one of vars */
	same = (uintptr_t)strmap_get(names, v->name);
	if (same && v->scope == STP_VAR_LOCAL && vars &&
	    (size_t)v->index < vars->len && vars->items[v->index] == v)
		same--;
	if (v->scope == STP_VAR_PARAM)
		return c_name("l->a_", v->name, -1);
	return c_name("l->l_", v->name, same ? v->index : -1);
}

/* A fresh string temporary in the current frame. */
const char *tx_temp_str(struct tx *t)
{
	static char name[32];
	int n = t->b->ntemps++;

	sb_printf(&t->b->frame, "\tchar t%d[MAXSTRINGLEN];\n", n);
	snprintf(name, sizeof(name), "l->t%d", n);
	return name;
}

int tx_label(struct tx *t)
{
	return t->nlabels++;
}

/* One indented line of the current body. */
void tx_line(struct tx *t, const char *fmt, ...)
{
	va_list ap;
	int i;

	for (i = 0; i < t->b->indent; i++)
		sb_add(&t->b->code, "\t");
	va_start(ap, fmt);
	sb_vprintf(&t->b->code, fmt, ap);
	va_end(ap);
	sb_add(&t->b->code, "\n");
}

/* ---- globals ---- */

/* g_NAME, or g_NAME_INDEX for the second global of a name (tapset
 * privates of different files). */
static void name_globals(struct tx *t)
{
	struct strmap seen = { 0 };
	size_t i;

	t->gnames = stp_xmalloc((t->prog->globals.len + 1) * sizeof(char *));
	for (i = 0; i < t->prog->globals.len; i++) {
		const struct stp_var *v = t->prog->globals.items[i];
		bool dup = strmap_get(&seen, v->name) != NULL;

		strmap_put(&seen, v->name, (void *)v);
		t->gnames[i] = c_name("g_", v->name, dup ? (int)i : -1);
	}
	strmap_free(&seen);
}

static const char *map_kind(enum stp_vtype ty)
{
	return ty == STP_V_STRING ? "STP_MAP_STR" : "STP_MAP_NUM";
}

/* The statistics descriptor of an aggregate (one per global). */
static void emit_stat_desc(struct tx *t, struct sbuf *o,
			   const struct stp_var *v, const char *cname)
{
	char shift[32];

	if (v->stat_ops & STP_STAT_VARIANCE)
		snprintf(shift, sizeof(shift), "%d", v->variance_shift);
	else
		snprintf(shift, sizeof(shift), "STP_STAT_NO_VARIANCE");
	if (v->stat_ops & STP_STAT_HIST_LINEAR)
		sb_printf(o, "static const struct _stp_hist_desc %s_desc =\n"
			  "\tSTP_STAT_DESC_LINEAR(%lldLL, %lldLL, %lldLL, %s);\n",
			  cname, (long long)v->hist_start,
			  (long long)v->hist_stop,
			  (long long)v->hist_interval, shift);
	else if (v->stat_ops & STP_STAT_HIST_LOG)
		sb_printf(o, "static const struct _stp_hist_desc %s_desc =\n"
			  "\tSTP_STAT_DESC_LOG(%s);\n", cname, shift);
	else
		sb_printf(o, "static const struct _stp_hist_desc %s_desc =\n"
			  "\tSTP_STAT_DESC_NONE(%s);\n", cname, shift);
}

static void emit_literal_init(struct tx *t, struct sbuf *o,
			      const struct stp_expr *e)
{
	if (e->kind == STP_E_STRING) {
		char *raw;
		size_t n;

		raw = tx_unescape(e->str, &n);
		tx_c_string(o, raw, n);
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
		tx_error(t, e->tok, STP_TRANS_UNSUPPORTED,
			 "a global's initial value other than a literal");
	}
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
			emit_stat_desc(t, o, v, cn);
			if (v->nkeys == 0) {
				sb_printf(o, "static struct _stp_sstat %s = {\n"
					  "\t.name = \"%s\", .desc = &%s_desc,\n"
					  "};\n", cn, v->name, cn);
				goto lock;
			}
		}
		if (v->nkeys > 0) {
			sb_printf(o, "static struct _stp_array %s = {\n"
				  "\t.name = \"%s\", .size = %lld, .nkeys = %d,\n"
				  "\t.key_kind = { ", cn, v->name,
				  (long long)v->max_entries, v->nkeys);
			for (k = 0; k < v->nkeys; k++)
				sb_printf(o, "%s%s", k ? ", " : "",
					  map_kind(v->key_types[k]));
			sb_printf(o, " },\n\t.val_kind = %s,%s",
				  v->type == STP_V_STATS ? "STP_MAP_BLOB" :
				  map_kind(v->type),
				  v->wrap ? " .wrap = true," : "");
			if (v->type == STP_V_STATS)
				sb_printf(o, " .desc = &%s_desc,", cn);
			sb_add(o, "\n};\n");
		} else if (v->type == STP_V_STRING) {
			sb_printf(o, "static char %s[MAXSTRINGLEN]", cn);
			if (init) {
				sb_add(o, " = ");
				emit_literal_init(t, o, init);
			}
			sb_printf(o, ";\nSTP_GLOBAL_PARAM_STRING(%s, %s);\n",
				  v->name, cn);
		} else {
			sb_printf(o, "static s64 %s", cn);
			if (init) {
				sb_add(o, " = ");
				emit_literal_init(t, o, init);
			}
			sb_printf(o, ";\nSTP_GLOBAL_PARAM_LONG(%s, %s);\n",
				  v->name, cn);
		}
lock:
		sb_printf(o, "static STP_RWLOCK_DEFINE(%s_lock);\n\n", cn);
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
		sb_printf(o, "\t{ &%s_lock, STP_LOCK_%s },\n", tx_global(t, v),
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

static bool has_kprobe_site(const struct stp_probe_info *p)
{
	size_t i;

	for (i = 0; i < p->sites.len; i++)
		if (((const struct stp_site *)p->sites.items[i])->kind ==
		    STP_SITE_KPROBE)
			return true;
	return false;
}

static bool only_kprobe_sites(const struct stp_probe_info *p)
{
	size_t i;

	for (i = 0; i < p->sites.len; i++)
		if (((const struct stp_site *)p->sites.items[i])->kind !=
		    STP_SITE_KPROBE)
			return false;
	return true;
}

/* A kprobe probe gets its own pre-handler: the runtime's hit path
 * (hit.h) with this handler and lock table as constants, so that a hit
 * calls the handler directly. */
static void emit_kprobe_entry(const struct stp_probe_info *p, struct sbuf *o)
{
	size_t nlocks = probe_nlocks(p);

	if (!has_kprobe_site(p))
		return;
	if (nlocks)
		sb_printf(o, "STP_KPROBE_ENTRY(probe_%d_kprobe, probe_%d, "
			  "probe_%d_locks, %zu);\n\n", p->index, p->index,
			  p->index, nlocks);
	else
		sb_printf(o, "STP_KPROBE_ENTRY(probe_%d_kprobe, probe_%d, "
			  "NULL, 0);\n\n", p->index, p->index);
}

static void sb_cstr_field(struct sbuf *o, const char *field, const char *s)
{
	sb_printf(o, "\t\t.%s = ", field);
	tx_c_string(o, s, strlen(s));
	sb_add(o, ",\n");
}

static const char *kind_name(enum stp_site_kind k)
{
	switch (k) {
	case STP_SITE_BEGIN: return "STP_SITE_BEGIN";
	case STP_SITE_END: return "STP_SITE_END";
	case STP_SITE_ERROR: return "STP_SITE_ERROR";
	case STP_SITE_NEVER: return "STP_SITE_NEVER";
	case STP_SITE_TIMER: return "STP_SITE_TIMER";
	case STP_SITE_TIMER_JIFFIES: return "STP_SITE_TIMER_JIFFIES";
	case STP_SITE_PROFILE: return "STP_SITE_PROFILE";
	case STP_SITE_KPROBE: return "STP_SITE_KPROBE";
	case STP_SITE_KRETPROBE: return "STP_SITE_KRETPROBE";
	}
	return "0";
}

static void emit_site(struct tx *t, const struct stp_probe_info *p,
		      const struct stp_site *s, struct sbuf *o)
{
	const struct stp_token *tok = s->point ? s->point->tok :
		(p->decl ? p->decl->tok : NULL);
	size_t nlocks = probe_nlocks(p);

	sb_printf(o, "\t{\n\t\t.kind = %s,\n", kind_name(s->kind));
	sb_cstr_field(o, "pp", s->pp ? s->pp : "");
	sb_cstr_field(o, "location", tx_loc(t, tok));
	switch (s->kind) {
	case STP_SITE_KRETPROBE:
		sb_printf(o, "\t\t.maxactive = %d,\n", s->maxactive);
		if (p->entry_slots.len)
			sb_printf(o, "\t\t.entry = probe_%d_entry,\n"
				  "\t\t.entry_bytes = sizeof(struct probe_%d_entry),\n",
				  p->index, p->index);
		/* fall through */
	case STP_SITE_KPROBE:
		if (s->symbol)
			sb_cstr_field(o, "symbol", s->symbol);
		if (s->module)
			sb_cstr_field(o, "module", s->module);
		if (s->offset)
			sb_printf(o, "\t\t.offset = %llu,\n",
				  (unsigned long long)s->offset);
		break;
	case STP_SITE_BEGIN:
	case STP_SITE_END:
	case STP_SITE_ERROR:
		if (s->priority)
			sb_printf(o, "\t\t.priority = %lldLL,\n",
				  (long long)s->priority);
		break;
	/* .randomize(M) is N +- M in SystemTap; the runtime adds 0..R to
	 * its period, so it gets N - M and 2M.  M may equal N: the base then
	 * stays at one jiffy / 100 us, never 0 (an interrupt storm). */
	case STP_SITE_TIMER:
		sb_printf(o, "\t\t.period_ns = %lluULL,\n",
			  (unsigned long long)(s->period_ns > s->randomize_ns +
								100000 ?
			  s->period_ns - s->randomize_ns : 100000));
		if (s->randomize_ns)
			sb_printf(o, "\t\t.randomize_ns = %lluULL,\n",
				  (unsigned long long)(2 * s->randomize_ns));
		break;
	case STP_SITE_TIMER_JIFFIES:
		sb_printf(o, "\t\t.period_jiffies = %u,\n",
			  s->period_jiffies > s->randomize_jiffies ?
			  s->period_jiffies - s->randomize_jiffies : 1);
		if (s->randomize_jiffies)
			sb_printf(o, "\t\t.randomize_jiffies = %u,\n",
				  2 * s->randomize_jiffies);
		break;
	default:
		break;
	}
	if (s->optional)
		sb_add(o, "\t\t.optional = 1,\n");
	/* a kprobe site runs its probe's own pre-handler; when all sites do,
	 * that is the handler's only caller, and the compiler inlines it */
	if (s->kind == STP_SITE_KPROBE)
		sb_printf(o, "\t\t.kprobe_pre = probe_%d_kprobe,\n", p->index);
	if (s->kind != STP_SITE_KPROBE || !only_kprobe_sites(p))
		sb_printf(o, "\t\t.handler = probe_%d,\n", p->index);
	if (nlocks)
		sb_printf(o, "\t\t.locks = probe_%d_locks,\n\t\t.nlocks = %zu,\n",
			  p->index, nlocks);
	sb_add(o, "\t},\n");
}

/* frame_bytes: the largest probe frame plus MAXNESTING of the largest
 * function frame. */
static void emit_max(struct sbuf *o, const char *name,
		     const struct sbuf *terms, size_t n)
{
	sb_printf(o, "#define %s \\\n\t%s0U", name, terms->s ? terms->s : "");
	while (n--)
		sb_add(o, ")");
	sb_add(o, "\n");
}

static void emit_frame_bytes(struct sbuf *o, const struct sbuf *pframes,
			     size_t np, const struct sbuf *fframes, size_t nf)
{
	emit_max(o, "STP_PROBE_FRAME_BYTES", pframes, np);
	emit_max(o, "STP_FUNC_FRAME_BYTES", fframes, nf);
	sb_add(o, "\n");
}

char *stp_translate(const struct stp_program *prog,
		    const struct stp_translate_opts *opts,
		    struct stp_diag *diag)
{
	struct tx t = { .prog = prog, .opts = opts, .diag = diag };
	struct sbuf out = { 0 }, code = { 0 }, protos = { 0 };
	struct sbuf pframes = { 0 }, fframes = { 0 }, sites = { 0 };
	size_t i, j, nsites = 0, np = 0, nf = 0;
	const char *name = opts->script_name ? opts->script_name :
		(prog->user && prog->user->src ? prog->user->src->name :
		 "<input>");

	name_globals(&t);

	for (i = 0; i < prog->functions.len; i++) {
		const struct stp_func_info *f = prog->functions.items[i];

		tx_function_proto(&t, f, &protos);
		/* its calls may all have become map keys read in place */
		if (tx_key16_expr(f, NULL) && protos.s && protos.len >= 2) {
			protos.s[protos.len -= 2] = '\0';
			sb_add(&protos, " __attribute__((unused));\n");
		}
		tx_function(&t, f, &code);
		if (!f->embedded)
			sb_printf(&fframes, "STP_MAX(STP_FUNC_FRAME_%d, ",
				  f->index), nf++;
	}
	for (i = 0; i < prog->probes.len; i++) {
		const struct stp_probe_info *p = prog->probes.items[i];

		tx_probe(&t, p, &code);
		emit_locks(&t, p, &code);
		emit_kprobe_entry(p, &code);
		sb_printf(&pframes, "STP_MAX(STP_PROBE_FRAME_%d, ", p->index);
		np++;
		for (j = 0; j < p->sites.len; j++) {
			emit_site(&t, p, p->sites.items[j], &sites);
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
	if (code.s)
		sb_add(&out, code.s);

	sb_add(&out, "/* ---- probe sites ---- */\n\n");
	sb_printf(&out, "static const struct stp_probe_site _stp_sites[] = {\n%s};\n\n",
		  sites.s ? sites.s : "");
	emit_init_exit(&t, &out);
	emit_frame_bytes(&out, &pframes, np, &fframes, nf);
	sb_add(&out, "const struct stp_script _stp_script = {\n\t.name = ");
	tx_c_string(&out, name, strlen(name));
	sb_printf(&out, ",\n\t.sites = _stp_sites,\n\t.nsites = %zu,\n"
		  "\t.init = _stp_script_init,\n\t.exit = _stp_script_exit,\n"
		  "\t.frame_bytes = STP_PROBE_FRAME_BYTES +\n"
		  "\t\tMAXNESTING * STP_FUNC_FRAME_BYTES,\n};\n", nsites);

	for (i = 0; i < prog->globals.len; i++)
		free(t.gnames[i]);
	free(t.gnames);
	sb_free(&t.decls);
	sb_free(&code);
	sb_free(&protos);
	sb_free(&pframes);
	sb_free(&fframes);
	sb_free(&sites);
	if (t.errors) {
		sb_free(&out);
		return NULL;
	}
	return out.s;
}
