/* SPDX-License-Identifier: GPL-2.0-or-later */
/* source.h - script sources held in memory, and positions inside them.
 *
 * Every token points at its source and (line, column) so that any later
 * pass can print the offending line with a caret.  Macro expansions form
 * a chain so a diagnostic can name both the use and the definition.
 */
#ifndef STP_SOURCE_H
#define STP_SOURCE_H

#include <stddef.h>

struct stp_source {
	char *name;		/* as the user named it; "<input>" for -e */
	char *text;		/* whole contents, NUL-terminated */
	size_t len;		/* bytes in text, excluding the final NUL */
	int is_tapset;		/* library file: embedded C allowed */
	size_t *line_start;	/* offset of each line, [0] is line 1
				 * (stp_source_index_lines) */
	unsigned nlines;
	struct stp_source *next;	/* all sources of a session */
};

struct stp_loc {
	const struct stp_source *src;
	unsigned line;		/* 1-based */
	unsigned col;		/* 1-based, in bytes (a tab counts 1) */
};

/* One step of macro expansion, or a taken %( %) branch: the tokens it
 * produced carry this, telling where the macro was used or where the
 * conditional starts (and, through parent, what encloses that). */
struct stp_expansion {
	const char *macro;		/* macro name without '@'; NULL for a
					 * conditional branch */
	struct stp_loc use;		/* the '@name' or the '%(' */
	const struct stp_expansion *parent;	/* enclosing one or NULL */
	unsigned depth;			/* macro expansions in the chain */
};

/* Index the lines of src (arena memory, set once it is loaded), so
 * that finding one is not a scan from the top: a diagnostic per line
 * of a long script would be quadratic. */
struct stp_arena;
void stp_source_index_lines(struct stp_source *src, struct stp_arena *a);

/* Returns the start of line `line` in src (or NULL) and its length. */
const char *stp_source_line(const struct stp_source *src, unsigned line,
			    size_t *len);

#endif
