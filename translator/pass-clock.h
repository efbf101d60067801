/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pass-clock.h - -v's per-pass report, in SystemTap's shape:
 * "Pass 2: analyzed script: ... using Nvirt/Nres/Nshr/Ndata kb, in
 * Nusr/Nsys/Nreal ms." */
#ifndef STP_PASS_CLOCK_H
#define STP_PASS_CLOCK_H

#include <sys/resource.h>
#include <sys/time.h>

struct pass_clock {
	struct timeval real;
	struct rusage usage;
};

void pass_clock_start(struct pass_clock *c);
/* Print "Pass N: WHAT using ... in ... ms." on stderr. */
void pass_clock_report(const struct pass_clock *c, int pass,
		       const char *what);
/* Milliseconds of wall time since c started. */
long pass_clock_ms(const struct pass_clock *c);

#endif
