/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diag.h - collecting and printing diagnostics.
 *
 * Shape of every message (see doc/diagnostics.md):
 *
 *   file:line:col: error: message [E301]
 *    <the source line>
 *    <spaces, tabs kept>^
 *   hint: did you mean 'probe'?
 *   note: in expansion of macro '@foo' at file:line:col
 *
 * Errors are counted, not fatal: the parser goes on and reports more,
 * until max_errors is reached.
 */
#ifndef STP_DIAG_H
#define STP_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "source.h"

enum stp_diag_code {
#define DIAG(code, name, msg) STP_##name,
#include "diag-codes.def"
#undef DIAG
	STP_DIAG_COUNT
};

enum stp_severity {
	STP_SEV_ERROR,
	STP_SEV_WARNING,
};

struct stp_diag_entry;

struct stp_diag {
	FILE *out;		/* where messages go (stderr) */
	int buffering;		/* hold messages until stp_diag_flush */
	struct stp_diag_entry *held;	/* held messages, unsorted */
	size_t nheld, capheld;

	int errors;		/* errors reported so far */
	int warnings;		/* warnings reported so far */
	int max_errors;		/* errors printed at most (0: no limit) */
	int no_warnings;	/* -w: drop warnings */
	int suppressed;		/* errors not printed because of max_errors */
	int gave_up;		/* max_errors was reached */
};

void stp_diag_init(struct stp_diag *d, FILE *out);

/* "E301" for STP_SYNTAX */
const char *stp_diag_code_name(enum stp_diag_code code);
/* the printf format of a code's message */
const char *stp_diag_format(enum stp_diag_code code);

/**
 * stp_diag_report - print one diagnostic.
 * @d: collector
 * @sev: error or warning
 * @loc: where (may be NULL for command-line errors)
 * @exp: macro expansion the location sits in, or NULL
 * @hint: an extra "hint:" line, or NULL
 * @code: catalogue entry; the rest are its message arguments
 */
void stp_diag_report(struct stp_diag *d, enum stp_severity sev,
		     const struct stp_loc *loc,
		     const struct stp_expansion *exp, const char *hint,
		     enum stp_diag_code code, ...);

void stp_diag_vreport(struct stp_diag *d, enum stp_severity sev,
		      const struct stp_loc *loc,
		      const struct stp_expansion *exp, const char *hint,
		      enum stp_diag_code code, va_list ap);

/* Print an error that belongs to no place of a script (an option, the
 * build, the run) on stderr: "stap: error: message [CODE]", then the
 * hint if not NULL. */
void stp_diag_stderr(const char *hint, enum stp_diag_code code, ...);

/* Print a "note:" with a source excerpt, after a report. */
void stp_diag_note(struct stp_diag *d, const struct stp_loc *loc,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Start holding messages: the preprocessor reads a whole file before
 * the parser starts, so messages are sorted by position before printing. */
void stp_diag_hold(struct stp_diag *d);
/* Print held messages in source order and stop holding. */
void stp_diag_flush(struct stp_diag *d);

/* True once max_errors is reached: callers stop work. */
static inline int stp_diag_full(const struct stp_diag *d)
{
	return d->gave_up;
}

/* Edit distance, for "did you mean" hints. */
unsigned stp_edit_distance(const char *a, const char *b);
/* The closest of candidates to word if close enough, else NULL. */
const char *stp_closest(const char *word, const char *const *candidates,
			size_t n);

#endif
