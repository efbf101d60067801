/* SPDX-License-Identifier: GPL-2.0-or-later */
/* family.h - what a probe family's translator unit (family-NAME.c)
 * implements, and the helpers probe-points.c gives it.
 *
 * A family is one row of runtime/probe_families.h.  Its translator unit
 * defines `const struct stp_point_family stp_family_NAME`: the shapes of
 * the points it accepts, how to resolve one into sites, and how to
 * write a site's part of the generated C.  See
 * doc/internals/probe-family.md.
 */
#ifndef STP_FAMILY_H
#define STP_FAMILY_H

#include <stdarg.h>
#include <stddef.h>

#include "probe-points.h"
#include "program.h"

#define STP_POINT_MAX_COMPS 16

/* A probe point being resolved, split into an array of components. */
struct stp_point {
	struct stp_resolver *r;
	const struct stp_probe_point *point;	/* as written */
	struct stp_component *c[STP_POINT_MAX_COMPS];
	int n;
	bool optional;		/* '?', '!', or an expansion of a wildcard
				 * family name: nothing found is no error */
};

/* What a family's site-writing hooks get.  They write through
 * stp_emit_printf() and stp_emit_string(), which pass 3 implements: a
 * family needs nothing else of pass 3. */
struct stp_emit {
	void *out;			/* pass 3's buffer */
	void (*vprintf)(void *out, const char *fmt, va_list ap);
	void (*string)(void *out, const char *s);	/* as a C literal */
	const struct stp_probe_info *probe;
	const struct stp_site *site;	/* NULL in emit_probe */
	const char *handler;		/* the probe's handler: "probe_3" */
	const char *locks;		/* its lock table, or "NULL" */
	size_t nlocks;
	const char *entry;		/* its @entry saver, or NULL */
	const char *entry_type;		/* the saver's storage type */
};

struct stp_point_family {
	const char *name;		/* its row's name: "timer" */
	/* Every point the family accepts, for matching wildcards in
	 * component names and for hints, NULL-terminated: components
	 * joined by dots, "(N)" for a number argument and "(S)" for a
	 * string, e.g. "timer.ms(N).randomize(N)".  The first components
	 * name the family's points: "timer". */
	const char *const *shapes;
	/* Resolve @p into sites appended to @out, made with
	 * stp_point_site(): the number added, or -1 after an error. */
	int (*resolve)(struct stp_point *p, struct stp_vec *out);
	/* Optional: C a probe needs once, before the sites table, when
	 * some of its sites are of this family (e.g. a kprobe entry). */
	void (*emit_probe)(const struct stp_emit *e);
	/* The site's family part: designated initialisers of its
	 * struct stp_probe_site, one per line ("\t\t.timer = ..."). */
	void (*emit_site)(const struct stp_emit *e);
	/* Optional: does this site's own code (emit_probe's) call the
	 * probe's handler?  When every site of a probe does, its
	 * .handler stays NULL and the compiler can inline the handler. */
	bool (*calls_handler)(const struct stp_site *s);
};

/* ---- helpers for the families (probe-points.c) ---- */

/* Append C text to what is being written, or a C string literal. */
void stp_emit_printf(const struct stp_emit *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void stp_emit_string(const struct stp_emit *e, const char *s);

/* A new site of @kind for @p with canonical text @pp, its family's part
 * zeroed (arena): the caller sets it and pushes the site. */
struct stp_site *stp_point_site(struct stp_point *p, enum stp_site_kind kind,
				const char *pp);

/* Report a diagnostic at @tok (with @hint, or NULL), unless resolving
 * quietly (the expansions of a wildcard family name). */
void stp_point_diag(struct stp_point *p, enum stp_severity sev,
		    const struct stp_token *tok, const char *hint,
		    enum stp_diag_code code, ...);
#define stp_point_error(p, ...) stp_point_diag(p, STP_SEV_ERROR, __VA_ARGS__)
#define stp_point_warn(p, ...) stp_point_diag(p, STP_SEV_WARNING, __VA_ARGS__)

/* One component as pp() shows it; @str, when not NULL, replaces a
 * string argument (the symbol a wildcard matched). */
char *stp_point_comp_text(struct stp_arena *a, const struct stp_component *c,
			  const char *str);
/* Components [0, upto) joined by dots; component @sub shows @str. */
char *stp_point_text(struct stp_point *p, int upto, int sub,
		     const char *str);

bool stp_point_is_num(const struct stp_component *c);
bool stp_point_is_str(const struct stp_component *c);
/* Where a component's argument is, for messages. */
const struct stp_token *stp_point_arg_tok(const struct stp_component *c);

/* Errors shared by the families; each returns -1 after reporting, or
 * 0 when there is nothing to report. */
int stp_point_no_arg(struct stp_point *p, int i);	/* c[i] has one */
int stp_point_extra(struct stp_point *p, int i, const char *hint);
int stp_point_range(struct stp_point *p, const struct stp_component *c,
		    const char *what, int64_t v, int64_t lo, int64_t hi);

#endif
