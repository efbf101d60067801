/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pass-clock.c - time and memory figures for stap -v (see pass-clock.h). */
#include "pass-clock.h"

#include <stdio.h>
#include <unistd.h>

void pass_clock_start(struct pass_clock *c)
{
	gettimeofday(&c->real, NULL);
	getrusage(RUSAGE_SELF, &c->usage);
}

static long ms_between(const struct timeval *a, const struct timeval *b)
{
	return (b->tv_sec - a->tv_sec) * 1000L +
	       (b->tv_usec - a->tv_usec) / 1000L;
}

long pass_clock_ms(const struct pass_clock *c)
{
	struct timeval now;

	gettimeofday(&now, NULL);
	return ms_between(&c->real, &now);
}

/* /proc/self/statm in kB, as SystemTap reports memory; zeros if absent. */
static void statm_kb(unsigned long *virt, unsigned long *res,
		     unsigned long *shr, unsigned long *data)
{
	unsigned long v = 0, r = 0, s = 0, t, l, d = 0;
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu %lu %lu %lu %lu %lu", &v, &r, &s, &t, &l,
			   &d) != 6)
			v = r = s = d = 0;
		fclose(f);
	}
	if (page_kb <= 0)
		page_kb = 4;
	*virt = v * page_kb;
	*res = r * page_kb;
	*shr = s * page_kb;
	*data = d * page_kb;
}

void pass_clock_report(const struct pass_clock *c, int pass,
		       const char *what)
{
	struct pass_clock now;
	unsigned long virt, res, shr, data;

	pass_clock_start(&now);
	statm_kb(&virt, &res, &shr, &data);
	fprintf(stderr,
		"Pass %d: %s using %luvirt/%lures/%lushr/%ludata kb, "
		"in %ldusr/%ldsys/%ldreal ms.\n",
		pass, what, virt, res, shr, data,
		ms_between(&c->usage.ru_utime, &now.usage.ru_utime),
		ms_between(&c->usage.ru_stime, &now.usage.ru_stime),
		ms_between(&c->real, &now.real));
}
