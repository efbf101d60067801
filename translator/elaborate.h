/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elaborate.h - pass 2: from a parsed script to a resolved program. */
#ifndef STP_ELABORATE_H
#define STP_ELABORATE_H

#include <stdio.h>

#include "parse.h"
#include "probe-points.h"
#include "program.h"

struct stp_elab_req {
	struct stp_parse_ctx *ctx;	/* arena, diag, preprocessor env */
	const struct stp_file *user;	/* the parsed user script */
	/* Tapset directories, searched in order: -I DIRs first, then the
	 * default (the installed tapsets/, or the source tree's).  Each is
	 * searched as DIR, DIR/ARCH, DIR/linux, DIR/linux/ARCH (.stp). */
	const char *const *tapset_dirs;
	int ntapset_dirs;
	const struct stp_vec *skip_tapsets;	/* paths of tapset files
						 * pass 1 found broken, or
						 * NULL */
	struct stp_resolver *resolver;	/* probe point resolution */
	int guru;			/* -g */
	int unoptimized;		/* -u: keep unused code */
	int listing;			/* -l/-L: probes need not have bodies
					 * that type-check; no unused warnings */
};

/* Fill *prog.  Returns 0, or -1 when errors were reported (all of them:
 * elaboration goes on after an error to find the rest). */
int stp_elaborate(const struct stp_elab_req *req, struct stp_program *prog);

/* Pass 3's first check, where SystemTap makes it: report what pass 2
 * accepted for SystemTap's sake and pass 3 refuses (prog->refusals: E416
 * break/continue outside a loop, E430 @perf).  Returns 0, or -1 when it
 * reported any. */
int stp_refusals_report(const struct stp_program *prog, struct stp_diag *diag);

/* Release what stp_elaborate() allocated outside the arena (vectors). */
void stp_program_free(struct stp_program *prog);

/* -p2: print the resolved program (SystemTap's shape: # globals,
 * # functions, # probes with their sites). */
void stp_print_program(FILE *out, const struct stp_program *prog,
		       int verbose);

/* -l PATTERN / -L PATTERN: print the probe points (aliases from the
 * tapsets and built-in points) matching the pattern, one per line,
 * sorted; with_vars (-L) adds each one's variables (alias locals and
 * $target variables) as SystemTap does.  Returns 0 or -1 after errors. */
int stp_list_probes(const struct stp_elab_req *req, const char *pattern,
		    int with_vars, FILE *out);

#endif
