// SPDX-License-Identifier: GPL-2.0-or-later
/* stpread.c - test reader for a module's transport files: reads every
 * DIR/stdout/cpuN (records as runtime/transport_msgs.h lays them out), sorts
 * them by timestamp and prints one line per record:
 *   D <payload>      (DATA, printed raw)
 *   E/W <text>       (ERROR / WARNING, payload as sent)
 *   X                (EXIT)
 *   L <n> cpu <c>    (DROPS)
 * usage: stpread [-w SECS] [-s] DIR
 *   -w SECS  poll until an EXIT record arrives (at most SECS seconds)
 *   -s       also print the per-CPU record counts to stderr
 * Static, for the busybox guest.  Exit status 0, or 1 on a read error or
 * a malformed stream (bad alignment, per-CPU timestamps going back).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../../../runtime/transport_msgs.h"

struct rec {
	struct stp_rec_hdr h;
	char *data;
};

static struct rec *recs;
static size_t nrecs, caprecs;
static int bad;

static int add(const struct stp_rec_hdr *h, const char *payload)
{
	if (nrecs == caprecs) {
		size_t nc = caprecs ? caprecs * 2 : 256;
		struct rec *n = realloc(recs, nc * sizeof(*n));

		if (!n)
			return -1;
		recs = n;
		caprecs = nc;
	}
	recs[nrecs].h = *h;
	recs[nrecs].data = malloc(h->len + 1);
	if (!recs[nrecs].data)
		return -1;
	memcpy(recs[nrecs].data, payload, h->len);
	recs[nrecs].data[h->len] = '\0';
	nrecs++;
	return 0;
}

/* Drain one file; returns records read, -1 on error. */
static long drain(const char *path, unsigned long long *last_ts, int *exit_seen)
{
	static char buf[1 << 20] __attribute__((aligned(8)));
	long total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		size_t off = 0;

		if (n < 0) {
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		while (off < (size_t)n) {
			struct stp_rec_hdr *h = (void *)(buf + off);

			if ((size_t)n - off < sizeof(*h) ||
			    STP_REC_SIZE(h->len) > (size_t)n - off) {
				fprintf(stderr, "stpread: %s: torn record\n", path);
				bad = 1;
				break;
			}
			if (h->ts < *last_ts) {
				fprintf(stderr, "stpread: %s: ts goes back\n", path);
				bad = 1;
			}
			*last_ts = h->ts;
			if (h->type == STP_REC_EXIT)
				*exit_seen = 1;
			if (add(h, (char *)(h + 1)) < 0) {
				close(fd);
				return -1;
			}
			total++;
			off += STP_REC_SIZE(h->len);
		}
	}
	close(fd);
	return total;
}

static int cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->h.ts != y->h.ts)
		return x->h.ts < y->h.ts ? -1 : 1;
	return x->h.cpu - y->h.cpu;
}

int main(int argc, char **argv)
{
	unsigned long long last_ts[256] = { 0 };
	long counts[256] = { 0 };
	int opt, wait_s = 0, stats = 0, exit_seen = 0, rc = 0;
	const char *dir;
	struct timespec t0, t;
	size_t i;

	while ((opt = getopt(argc, argv, "w:s")) != -1) {
		if (opt == 'w')
			wait_s = atoi(optarg);
		else if (opt == 's')
			stats = 1;
		else
			return 2;
	}
	if (optind != argc - 1)
		return 2;
	dir = argv[optind];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		for (int cpu = 0; cpu < 256; cpu++) {
			char path[512];
			long n;

			snprintf(path, sizeof(path),
				 "%s/" STP_CHAN_DEFAULT_NAME "/cpu%d", dir, cpu);
			if (access(path, R_OK) != 0)
				continue;
			n = drain(path, &last_ts[cpu], &exit_seen);
			if (n < 0) {
				fprintf(stderr, "stpread: %s: %s\n", path,
					strerror(errno));
				rc = 1;
				break;
			}
			counts[cpu] += n;
		}
		if (!wait_s || exit_seen || rc)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= wait_s) {
			fprintf(stderr, "stpread: no EXIT record in %d s\n",
				wait_s);
			rc = 1;
			break;
		}
		usleep(10000);
	}
	qsort(recs, nrecs, sizeof(*recs), cmp);
	for (i = 0; i < nrecs; i++) {
		struct rec *r = &recs[i];

		switch (r->h.type) {
		case STP_REC_DATA:
			fwrite(r->data, 1, r->h.len, stdout);
			break;
		case STP_REC_ERROR:
			printf("E %s", r->data);
			break;
		case STP_REC_WARNING:
			printf("W %s", r->data);
			break;
		case STP_REC_EXIT:
			printf("X\n");
			break;
		case STP_REC_DROPS:
			printf("L %llu cpu %u\n",
			       (unsigned long long)*(__u64 *)r->data,
			       r->h.cpu);
			break;
		default:
			printf("? type %u\n", r->h.type);
			bad = 1;
		}
		free(r->data);
	}
	free(recs);
	if (stats)
		for (int cpu = 0; cpu < 256; cpu++)
			if (counts[cpu])
				fprintf(stderr, "cpu%d: %ld records\n", cpu,
					counts[cpu]);
	return rc || bad;
}
