/* SPDX-License-Identifier: GPL-2.0-or-later */
/* syscall-loop.c - times a hot, cheap system call for bench/hit-cost:
 * REPS repetitions of ITERS calls of getpid (through syscall(SYS_getpid),
 * so that no C library can answer from a cache), each repetition timed
 * with CLOCK_MONOTONIC.  Built static: it runs in the qemu guest, whose
 * initramfs has no C library.
 *
 *   syscall-loop [-n ITERS] [-r REPS] [-c CPU]
 *
 * -c pins the process to one CPU.  Prints one line:
 *
 *   iters=200000 reps=5 min_ns=812.4 median_ns=830.1 max_ns=901.7
 *
 * (nanoseconds per call).  A benchmark: it never fails on a timing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPS 1000

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static long parse_count(const char *s, const char *what, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > max) {
		fprintf(stderr, "syscall-loop: bad %s '%s' (1..%ld)\n",
			what, s, max);
		exit(2);
	}
	return v;
}

static double now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		perror("syscall-loop: clock_gettime");
		exit(2);
	}
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static double per_call[MAX_REPS];
	long iters = 200000, reps = 5, cpu = -1, r, i;
	int opt;

	while ((opt = getopt(argc, argv, "n:r:c:")) != -1) {
		switch (opt) {
		case 'n':
			iters = parse_count(optarg, "ITERS", 1000000000L);
			break;
		case 'r':
			reps = parse_count(optarg, "REPS", MAX_REPS);
			break;
		case 'c':
			cpu = parse_count(optarg, "CPU", CPU_SETSIZE) - 1;
			break;
		default:
			fprintf(stderr,
				"usage: syscall-loop [-n ITERS] [-r REPS] [-c CPU(1-based)]\n");
			return 2;
		}
	}
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) != 0) {
			fprintf(stderr, "syscall-loop: sched_setaffinity: %s\n",
				strerror(errno));
			return 2;
		}
	}
	for (r = 0; r < reps; r++) {
		double t0 = now_ns(), t1;

		for (i = 0; i < iters; i++)
			syscall(SYS_getpid);
		t1 = now_ns();
		per_call[r] = (t1 - t0) / iters;
	}
	qsort(per_call, reps, sizeof(per_call[0]), cmp_double);
	printf("iters=%ld reps=%ld min_ns=%.1f median_ns=%.1f max_ns=%.1f\n",
	       iters, reps, per_call[0], per_call[reps / 2],
	       per_call[reps - 1]);
	return 0;
}
