// SPDX-License-Identifier: GPL-2.0-or-later
/* family-once.c - the once family's translator unit: begin, end and
 * error (each with an optional priority) and never.  Its runtime unit is
 * runtime/probes-once.c.
 */
#include "family.h"

#include <string.h>

static const char *const once_shapes[] = {
	"begin", "begin(N)", "end", "end(N)", "error", "error(N)", "never",
	NULL,
};

static int once_resolve(struct stp_point *p, struct stp_vec *out)
{
	const char *fam = p->c[0]->name;
	struct stp_component *c = p->c[0];
	enum stp_site_kind kind;
	struct stp_site *s;

	if (strcmp(fam, "never") == 0) {
		if (stp_point_no_arg(p, 0))
			return -1;
		kind = STP_SITE_NEVER;
	} else {
		if (c->arg && !stp_point_is_num(c)) {
			stp_point_error(p, stp_point_arg_tok(c), NULL,
					STP_POINT_PRIORITY, fam);
			return -1;
		}
		kind = strcmp(fam, "begin") == 0 ? STP_SITE_BEGIN :
		       strcmp(fam, "end") == 0 ? STP_SITE_END : STP_SITE_ERROR;
	}
	if (p->n > 1)
		return stp_point_extra(p, 1, NULL);
	s = stp_point_site(p, kind, stp_point_text(p, 1, -1, NULL));
	s->once = stp_arena_alloc(p->r->arena, sizeof(*s->once));
	s->once->priority = c->arg ? c->arg->num : 0;
	stp_vec_push(out, s);
	return 1;
}

static void once_emit_site(const struct stp_emit *e)
{
	stp_emit_printf(e, "\t\t.once = &(const struct stp_once_site){ "
			".priority = %lldLL },\n",
			(long long)e->site->once->priority);
}

const struct stp_point_family stp_family_once = {
	.name = "once",
	.shapes = once_shapes,
	.resolve = once_resolve,
	.emit_site = once_emit_site,
};
