/* SPDX-License-Identifier: GPL-2.0-or-later */
/* print.h - the canonical text of a parsed script (stap -p1).
 *
 * Every compound operand is parenthesised, so the output shows how the
 * script was grouped; printing, parsing and printing again gives the same
 * text (the round trip the testsuite checks). */
#ifndef STP_PRINT_H
#define STP_PRINT_H

#include <stdio.h>

#include "ast.h"

void stp_print_file(FILE *out, const struct stp_file *file);
void stp_print_expr(FILE *out, const struct stp_expr *e);
/* One statement (a body) as -p1 prints it, and a newline: -p2 -v shows
 * the elaborated bodies with it. */
void stp_print_stmt(FILE *out, const struct stp_stmt *s);
/* A probe point's components and ?/! marks, without its condition. */
void stp_print_point(FILE *out, const struct stp_probe_point *p);

#endif
