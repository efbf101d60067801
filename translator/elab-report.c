/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab-report.c - pass 2's diagnostics, each one once.
 *
 * The same body is checked more than once: an alias body is cloned into
 * every probe it expands to, and the type walk meets a variable at each
 * of its uses.  A message with the same code at the same place says
 * nothing new, so only the first is given (with its notes); the notes
 * after a dropped one are dropped with it. */
#include "elab-internal.h"

#include <stdio.h>

void elab_vreport(struct elab *el, enum stp_severity sev,
		  const struct stp_loc *loc, const struct stp_expansion *exp,
		  const char *hint, enum stp_diag_code code, va_list ap)
{
	if (loc) {
		const char *key = stp_arena_printf(el->arena, "%d:%p:%u:%u",
						   (int)code,
						   (const void *)loc->src,
						   loc->line, loc->col);

		el->muted = strmap_get(&el->reported, key) != NULL;
		if (el->muted)
			return;
		strmap_put(&el->reported, key, (void *)key);
	} else {
		el->muted = false;
	}
	stp_diag_vreport(el->diag, sev, loc, exp, hint, code, ap);
}

void elab_report(struct elab *el, enum stp_severity sev,
		 const struct stp_loc *loc, const struct stp_expansion *exp,
		 const char *hint, enum stp_diag_code code, ...)
{
	va_list ap;

	va_start(ap, code);
	elab_vreport(el, sev, loc, exp, hint, code, ap);
	va_end(ap);
}

void elab_note(struct elab *el, const struct stp_loc *loc,
	       const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	if (el->muted)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	msg = stp_arena_alloc(el->arena, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	stp_diag_note(el->diag, loc, "%s", msg);
}
