/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peak-rss.c - runs a command N times and reports its wall time and peak
 * memory, for bench/p1-bench (instead of /usr/bin/time, which may not be
 * installed).
 *
 *   peak-rss [-n RUNS] [-w WARMUP] COMMAND [ARGS...]
 *
 * Each run forks and execs COMMAND with stdout and stderr on /dev/null,
 * timed with clock_gettime(CLOCK_MONOTONIC); wait4's rusage gives the
 * child's CPU time (user + system) and peak resident set (ru_maxrss).
 * WARMUP untimed runs (default 1) go first.  Prints one line:
 *
 *   runs=20 median_ms=12.34 min_ms=11.02 max_ms=15.80 median_cpu_ms=9.10
 *   peak_rss_kb=5120 status=0
 *
 * status is the first non-zero exit status of a run (or 128+signal), else
 * 0; peak-rss itself exits with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run_once(char **argv, double *ms, double *cpu_ms, long *rss_kb)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("peak-rss: fork");
		exit(2);
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("peak-rss: wait4");
			exit(2);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	      (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	*cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		  (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	*rss_kb = ru.ru_maxrss;		/* Linux: kilobytes */
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs = 20, warmup = 1, i, opt, status = 0;
	long rss, peak = 0;
	double *ms, *cpu, median, cpu_median, dummy, dummy_cpu;

	while ((opt = getopt(argc, argv, "+n:w:")) != -1) {
		switch (opt) {
		case 'n':
			runs = atoi(optarg);
			break;
		case 'w':
			warmup = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc || runs < 1 || warmup < 0)
		goto usage;
	argv += optind;

	ms = calloc((size_t)runs, sizeof(*ms));
	cpu = calloc((size_t)runs, sizeof(*cpu));
	if (!ms || !cpu)
		return 2;
	for (i = 0; i < warmup; i++) {
		int rc = run_once(argv, &dummy, &dummy_cpu, &rss);

		if (rc && !status)
			status = rc;
	}
	for (i = 0; i < runs; i++) {
		int rc = run_once(argv, &ms[i], &cpu[i], &rss);

		if (rc && !status)
			status = rc;
		if (rss > peak)
			peak = rss;
	}
	qsort(ms, (size_t)runs, sizeof(*ms), cmp_double);
	qsort(cpu, (size_t)runs, sizeof(*cpu), cmp_double);
	median = runs % 2 ? ms[runs / 2]
			  : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
	cpu_median = runs % 2 ? cpu[runs / 2]
			      : (cpu[runs / 2 - 1] + cpu[runs / 2]) / 2;
	printf("runs=%d median_ms=%.2f min_ms=%.2f max_ms=%.2f "
	       "median_cpu_ms=%.2f peak_rss_kb=%ld status=%d\n",
	       runs, median, ms[0], ms[runs - 1], cpu_median, peak, status);
	free(ms);
	free(cpu);
	return status;
usage:
	fprintf(stderr, "usage: peak-rss [-n RUNS] [-w WARMUP] COMMAND [ARGS...]\n");
	return 2;
}
