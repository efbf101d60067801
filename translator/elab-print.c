/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab-print.c - stap -p2: the resolved program in SystemTap's shape
 * (# globals, # functions, # probes with their sites and locals). */
#include "elab-internal.h"

#include <inttypes.h>

#include "print.h"

static void print_var(FILE *out, const struct stp_var *v)
{
	int i;

	fputs(v->name, out);
	if (v->max_entries)
		fprintf(out, "[%" PRId64 "]", v->max_entries);
	fprintf(out, ":%s", elab_type_name(v->type));
	if (v->nkeys > 0) {
		fputs(" [", out);
		for (i = 0; i < v->nkeys; i++)
			fprintf(out, "%s%s", i ? ", " : "",
				elab_type_name(v->key_types[i]));
		fputc(']', out);
	}
	fputc('\n', out);
}

static void print_locals(FILE *out, const struct stp_vec *locals)
{
	size_t i;

	if (!locals->len)
		return;
	fputs("  # locals\n", out);
	for (i = 0; i < locals->len; i++) {
		fputs("  ", out);
		print_var(out, locals->items[i]);
	}
}

void stp_print_program(FILE *out, const struct stp_program *prog,
		       int verbose)
{
	size_t i, j;
	int k;

	if (prog->globals.len)
		fputs("# globals\n", out);
	for (i = 0; i < prog->globals.len; i++)
		print_var(out, prog->globals.items[i]);
	if (prog->functions.len)
		fputs("# functions\n", out);
	for (i = 0; i < prog->functions.len; i++) {
		const struct stp_func_info *f = prog->functions.items[i];

		fprintf(out, "%s:%s (", f->decl->u.func.name,
			f->ret == STP_V_VOID ? "unknown" :
			elab_type_name(f->ret));
		for (k = 0; k < f->nparams; k++)
			fprintf(out, "%s%s:%s", k ? ", " : "",
				f->params[k]->name,
				elab_type_name(f->params[k]->type));
		fputs(")\n", out);
		print_locals(out, &f->locals);
		if (verbose && f->embedded)
			fprintf(out, "%%{%s%%}\n", f->decl->u.func.embedded);
		else if (verbose && f->decl->u.func.body)
			stp_print_stmt(out, f->decl->u.func.body);
	}
	if (prog->probes.len)
		fputs("# probes\n", out);
	for (i = 0; i < prog->probes.len; i++) {
		const struct stp_probe_info *p = prog->probes.items[i];
		const struct stp_probe_point *pt;

		for (j = 0; j < p->sites.len; j++) {
			const struct stp_site *s = p->sites.items[j];

			fprintf(out, "%s /* <- ", s->pp);
			for (pt = p->decl->u.probe.points; pt; pt = pt->next) {
				stp_print_point(out, pt);
				if (pt->next)
					fputs(", ", out);
			}
			fputs(" */\n", out);
		}
		print_locals(out, &p->locals);
		if (verbose)
			stp_print_stmt(out, p->body);
		if (verbose && p->entry_slots.len)
			fprintf(out, "  # @entry slots: %zu\n",
				p->entry_slots.len);
	}
	if (verbose)
		fprintf(out, "# tapset files: %zu\n", prog->tapset_files.len);
	if (verbose)
		for (i = 0; i < prog->tapset_files.len; i++)
			fprintf(out, "#   %s\n",
				(const char *)prog->tapset_files.items[i]);
}
