// SPDX-License-Identifier: GPL-2.0-only
/* test-stat.c - host unit tests of runtime/stat.c (aggregates, histograms).
 *
 * Prints one line per check and exits 1 if any failed.  Expected values
 * come from SystemTap itself, each with its source named where it is used:
 *
 *   - the SystemTap Language Reference (doc/langref.tex, "Histogram
 *     extractors"), its two printed examples;
 *   - the stap(1) manual (man/stap.1.in, STATISTICS): @variance of 1..5;
 *   - SystemTap's own testsuite, testsuite/systemtap.maps/linear*.exp,
 *     which pair a script with its exact output (values and histogram);
 *   - real stap output pasted into the README.markdown of
 *     openresty/openresty-systemtap-toolkit (histograms of its tools).
 *
 * Where SystemTap's result depends on how values were spread over CPUs
 * (@variance) the expected numbers come from a direct transcription of
 * SystemTap's two-pass algorithm (per-CPU Welford in stat-common.c, the
 * "total variance" combination in stat.c) evaluated in wrapping 64-bit
 * arithmetic outside this code base; this file's comments give the data.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "stat.h"
#include "format.h"

/* ---- checks -------------------------------------------------------------- */

#include "check.h"

/* ---- helpers ------------------------------------------------------------- */

/* A heap aggregate: one copy or total sized for @d, zeroed (empty). */
static struct _stp_stat *new_stat(const struct _stp_hist_desc *d)
{
	struct _stp_stat *st = malloc(_stp_stat_size(d));

	if (!st)
		abort();
	memset(st, 0xa5, _stp_stat_size(d));	/* init must clear it all */
	_stp_stat_init(st, d);
	return st;
}

/* Fold @n copies into a fresh total. */
static struct _stp_stat *fold_all(struct _stp_stat **cpus, int n,
				  const struct _stp_hist_desc *d)
{
	struct _stp_stat *t = new_stat(d);
	int i;

	for (i = 0; i < n; i++)
		_stp_stat_fold(t, cpus[i], d);
	return t;
}

/* Render @st into a fresh NUL-terminated string (caller frees). */
static char *render(const struct _stp_stat *st, const struct _stp_hist_desc *d,
		    int width, int elision)
{
	static char buf[STP_HIST_PRINT_MAX + 1];
	struct _stp_out out;
	char *s;
	int rc;

	_stp_out_init(&out, buf, sizeof(buf) - 1);
	rc = __stp_stat_print_histogram(&out, st, d, width, elision);
	if (rc || out.len > sizeof(buf) - 1)
		return NULL;
	buf[out.len] = '\0';
	s = malloc(out.len + 1);
	if (!s)
		abort();
	memcpy(s, buf, out.len + 1);
	return s;
}

/* The expected text: @lines joined with "\n", plus SystemTap's blank line. */
static char *join(const char *const *lines)
{
	size_t n = 2;
	char *s;
	int i;

	for (i = 0; lines[i]; i++)
		n += strlen(lines[i]) + 1;
	s = malloc(n);
	if (!s)
		abort();
	s[0] = '\0';
	for (i = 0; lines[i]; i++) {
		strcat(s, lines[i]);
		strcat(s, "\n");
	}
	strcat(s, "\n");
	return s;
}

/* Show where two texts first differ. */
static void show_diff(const char *got, const char *want)
{
	size_t i = 0;

	if (!got) {
		printf("    (no output)\n");
		return;
	}
	while (got[i] && got[i] == want[i])
		i++;
	printf("    first difference at byte %zu\n", i);
	printf("--- got:\n%s--- want:\n%s---\n", got, want);
}

static void check_text(const char *got, const char *want, const char *what)
{
	bool ok = got && strcmp(got, want) == 0;

	CHECK(ok, "%s: printed byte for byte", what);
	if (!ok)
		show_diff(got, want);
}

/* Print @st with the defaults and compare with @lines. */
static void check_print(const struct _stp_stat *st,
			const struct _stp_hist_desc *d,
			const char *const *lines, const char *what)
{
	char *got = render(st, d, HIST_WIDTH, HIST_ELISION);
	char *want = join(lines);

	check_text(got, want, what);
	free(got);
	free(want);
}

/* @variance of @st must be @want. */
static void check_var(const struct _stp_stat *st,
		      const struct _stp_hist_desc *d, s64 want,
		      const char *what)
{
	s64 v = 0;
	int rc = _stp_stat_variance(st, d, &v);

	CHECK(rc == 0 && v == want, "%s: @variance = %lld (want %lld)", what,
	      (long long)v, (long long)want);
}

/* Add the values of SystemTap's testsuite/systemtap.maps/linear*.stp:
 * key * m for key in 0..99, m in 1..12, 12, 13, 14, 15. */
static void add_maps_data(struct _stp_stat *st, const struct _stp_hist_desc *d)
{
	static const int mult[16] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 13, 14, 15
	};
	int key, j;

	for (key = 0; key < 100; key++)
		for (j = 0; j < 16; j++)
			_stp_stat_add(st, (s64)key * mult[j], d);
}

/* ---- expected outputs ---------------------------------------------------- */

/* Language Reference, "@hist_linear": print(@hist_linear(reads, 0, 10240,
 * 200)) after 1650 reads of 0-199 bytes, 8 of 200-399 and 1 of 1400-1599
 * (sailfishos-mirror/systemtap doc/langref.tex).  The document leaves out
 * the blank line that ends every printed histogram. */
static const char *const ex_A[] = {
	"value |-------------------------------------------------- count",
	"    0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1650",
	"  200 |                                                      8",
	"  400 |                                                      0",
	"  600 |                                                      0",
	"      ~",
	" 1000 |                                                      0",
	" 1200 |                                                      0",
	" 1400 |                                                      1",
	" 1600 |                                                      0",
	" 1800 |                                                      0",
	NULL
};

/* Language Reference, "@hist_log": print(@hist_log(reads)), as printed in
 * the document.  It cannot be real output: its 1024 row has 49 '@' for
 * 16689 (scale 334), and its count column is 4 digits wide although 16689
 * has 5, so each of its rows is one space short of what every SystemTap
 * version prints (see test_print_langref_log). */
static const char *const ex_B[] = {
	"value |-------------------------------------------------- count",
	"    8 |                                                      0",
	"   16 |                                                      0",
	"   32 |                                                    254",
	"   64 |                                                      3",
	"  128 |                                                      2",
	"  256 |                                                      2",
	"  512 |                                                      4",
	" 1024 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 16689",
	" 2048 |                                                      0",
	" 4096 |                                                      0",
	NULL
};

/* testsuite/systemtap.maps/linear.exp (larytet/SystemTap @ ed9360d4):
 * the maps data, print(@hist_linear(agg, 0, 1500, 50)). */
static const char *const ex_C[] = {
	"value |-------------------------------------------------- count",
	"    0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@       177",
	"   50 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@         170",
	"  100 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                      117",
	"  150 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                     122",
	"  200 |@@@@@@@@@@@@@@@@@@@@@@@                             94",
	"  250 |@@@@@@@@@@@@@@@@@@@@@@@                             94",
	"  300 |@@@@@@@@@@@@@@@@@@@                                 79",
	"  350 |@@@@@@@@@@@@@@@@@@@                                 79",
	"  400 |@@@@@@@@@@@@@@@@                                    65",
	"  450 |@@@@@@@@@@@@@@@@                                    67",
	"  500 |@@@@@@@@@@@@@                                       55",
	"  550 |@@@@@@@@@@@@@                                       54",
	"  600 |@@@@@@@@@@@@                                        51",
	"  650 |@@@@@@@@@@@                                         45",
	"  700 |@@@@@@@@@@                                          41",
	"  750 |@@@@@@@@@@                                          40",
	"  800 |@@@@@@@@                                            34",
	"  850 |@@@@@@@@                                            33",
	"  900 |@@@@@@@                                             31",
	"  950 |@@@@@@                                              27",
	" 1000 |@@@@@                                               23",
	" 1050 |@@@@@@                                              24",
	" 1100 |@@@@                                                19",
	" 1150 |@@@@                                                18",
	" 1200 |@@@                                                 12",
	" 1250 |@@                                                   9",
	" 1300 |@                                                    7",
	" 1350 |@                                                    7",
	" 1400 |                                                     3",
	" 1450 |                                                     3",
	" 1500 |                                                     0",
	NULL
};

/* testsuite/systemtap.maps/linear_overunder.exp (@ 5c6d3923): the maps
 * data, print(@hist_linear(agg, 250, 1000, 50)): underflow and overflow. */
static const char *const ex_D[] = {
	"value |-------------------------------------------------- count",
	" <250 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@   680",
	"  250 |@@@@@@                                              94",
	"  300 |@@@@@                                               79",
	"  350 |@@@@@                                               79",
	"  400 |@@@@                                                65",
	"  450 |@@@@                                                67",
	"  500 |@@@                                                 55",
	"  550 |@@@                                                 54",
	"  600 |@@@                                                 51",
	"  650 |@@@                                                 45",
	"  700 |@@                                                  41",
	"  750 |@@                                                  40",
	"  800 |@@                                                  34",
	"  850 |@@                                                  33",
	"  900 |@@                                                  31",
	"  950 |@                                                   27",
	" 1000 |@                                                   23",
	">1000 |@@@@@@@                                            102",
	NULL
};

/* testsuite/systemtap.maps/linear_under.exp (@ 5c6d3923): 0..99,
 * print(@hist_linear(agg, 1800, 2500, 100)): everything below start. */
static const char *const ex_E[] = {
	"value |-------------------------------------------------- count",
	"<1800 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 100",
	" 1800 |                                                     0",
	" 1900 |                                                     0",
	NULL
};

/* testsuite/systemtap.maps/linear_over.exp (@ ed9360d4): 1000..9999,
 * print(@hist_linear(agg, 0, 100, 10)): everything above stop. */
static const char *const ex_F[] = {
	"value |-------------------------------------------------- count",
	"   90 |                                                      0",
	"  100 |                                                      0",
	" >100 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 9000",
	NULL
};

/* testsuite/systemtap.maps/linear_nearlyempty.exp (@ 209756a5): 444 and
 * 999, print(@hist_linear(agg, 0, 1500, 50)): a collapsed gap. */
static const char *const ex_G[] = {
	"value |-------------------------------------------------- count",
	"  300 |                                                   0",
	"  350 |                                                   0",
	"  400 |@                                                  1",
	"  450 |                                                   0",
	"  500 |                                                   0",
	"      ~",
	"  850 |                                                   0",
	"  900 |                                                   0",
	"  950 |@                                                  1",
	" 1000 |                                                   0",
	" 1050 |                                                   0",
	NULL
};

/* openresty-systemtap-toolkit README.markdown, sample-bt-off-cpu --distr:
 * @hist_log of off-CPU times 2..1739 us (rows from 0: no negative data). */
static const char *const ex_H[] = {
	"value |-------------------------------------------------- count",
	"    0 |                                                     0",
	"    1 |                                                     0",
	"    2 |@                                                   10",
	"    4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@        259",
	"    8 |@@@@@@@                                             44",
	"   16 |@@@@@@@@@@                                          62",
	"   32 |@@@@@@@@@@@@@                                       79",
	"   64 |@@@@@@@                                             43",
	"  128 |@@@@@                                               31",
	"  256 |@@@                                                 22",
	"  512 |@@@                                                 22",
	" 1024 |                                                     4",
	" 2048 |                                                     0",
	" 4096 |                                                     0",
	NULL
};

/* openresty-systemtap-toolkit README.markdown, ngx-pcre-stats
 * --exec-time-dist: @hist_log, largest count exactly 50 * 724. */
static const char *const ex_I[] = {
	"value |-------------------------------------------------- count",
	"    1 |                                                       0",
	"    2 |                                                       0",
	"    4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 36200",
	"    8 |@@@@@@@@@@@@@@@@@@@@                               14707",
	"   16 |                                                     105",
	"   32 |@@@                                                 2892",
	"   64 |                                                     114",
	"  128 |                                                       0",
	"  256 |                                                       0",
	NULL
};

/* openresty-systemtap-toolkit README.markdown, ngx-pcre-stats
 * --data-len-dist: @hist_log with a collapsed gap ("~"). */
static const char *const ex_J[] = {
	"value |-------------------------------------------------- count",
	"    1 |                                                       0",
	"    2 |                                                       0",
	"    4 |@@@                                                 3001",
	"    8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@  48016",
	"   16 |                                                       0",
	"   32 |                                                       0",
	"      ~",
	" 1024 |                                                       0",
	" 2048 |                                                       0",
	" 4096 |@@@                                                 3001",
	" 8192 |                                                       0",
	"16384 |                                                       0",
	NULL
};

/* openresty-systemtap-toolkit README.markdown, tcp-accept-queue --latency:
 * @hist_log with 7-digit labels ("  value") and a gap. */
static const char *const ex_K[] = {
	"  value |-------------------------------------------------- count",
	"      4 |                                                     0",
	"      8 |                                                     0",
	"     16 |                                                     1",
	"     32 |@                                                   12",
	"     64 |                                                     6",
	"    128 |                                                     2",
	"    256 |                                                     0",
	"    512 |                                                     0",
	"        ~",
	"   8192 |                                                     0",
	"  16384 |                                                     0",
	"  32768 |                                                     2",
	"  65536 |                                                     0",
	" 131072 |                                                     0",
	" 262144 |                                                     0",
	" 524288 |                                                     7",
	"1048576 |@@                                                  28",
	"2097152 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@     516",
	"4194304 |                                                     0",
	"8388608 |                                                     0",
	NULL
};

/* openresty-systemtap-toolkit README.markdown, tcp-recv-queue --time=5:
 * @hist_log, counts 1..31424. */
static const char *const ex_L[] = {
	"value |-------------------------------------------------- count",
	"    0 |                                                       0",
	"    1 |                                                       1",
	"    2 |                                                       1",
	"    4 |                                                       5",
	"    8 |                                                     152",
	"   16 |@@                                                  1610",
	"   32 |                                                      35",
	"   64 |@@@                                                 2485",
	"  128 |@@@@@@                                              4056",
	"  256 |@@@@@@@@@@@@                                        7853",
	"  512 |@@@@@@@@@@@@@@@@@@@@@@@@                           15153",
	" 1024 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@  31424",
	" 2048 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                   20454",
	" 4096 |@                                                    862",
	" 8192 |                                                      19",
	"16384 |                                                       0",
	"32768 |                                                       0",
	NULL
};

/* openresty-systemtap-toolkit README.markdown, tcp-accept-queue --distr
 * (SYN queue): @hist_log whose lowest data bucket is that of 0. */
static const char *const ex_M[] = {
	"value |-------------------------------------------------- count",
	"    0 |@@@@@@@@@@@@@@@@@@@@@@@@@@                         106",
	"    1 |@@@@@@@@@@@@@@@                                     60",
	"    2 |@@@@@@@@@@@@@@@@@@@@@                               84",
	"    4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@       176",
	"    8 |@@                                                   9",
	"   16 |                                                     0",
	"   32 |                                                     0",
	NULL
};

/* Three synthetic histograms, the expected text written out by hand from
 * the rules in __stp_stat_print_histogram(): negative @hist_log buckets
 * (values -1, -5, 3), and -DHIST_ELISION=3 / 0 on a @hist_linear(v, 0,
 * 200, 10) with 5 values in [0, 10), 2 in [110, 120) and the 10 buckets
 * between them empty.  With 3 the Language Reference's description holds:
 * "the first 3 and last 3 empty buckets will be printed and the middle 4
 * empty buckets will be represented by a tilde". */
static const char *const ex_neg[] = {
	"value |-------------------------------------------------- count",
	"  -16 |                                                   0",
	"   -8 |                                                   0",
	"   -4 |@                                                  1",
	"   -2 |                                                   0",
	"   -1 |@                                                  1",
	"    0 |                                                   0",
	"    1 |                                                   0",
	"    2 |@                                                  1",
	"    4 |                                                   0",
	"    8 |                                                   0",
	NULL
};

static const char *const ex_elide3[] = {
	"value |-------------------------------------------------- count",
	"    0 |@@@@@                                              5",
	"   10 |                                                   0",
	"   20 |                                                   0",
	"   30 |                                                   0",
	"      ~",
	"   80 |                                                   0",
	"   90 |                                                   0",
	"  100 |                                                   0",
	"  110 |@@                                                 2",
	"  120 |                                                   0",
	"  130 |                                                   0",
	NULL
};

static const char *const ex_elide0[] = {
	"value |-------------------------------------------------- count",
	"    0 |@@@@@                                              5",
	"      ~",
	"  110 |@@                                                 2",
	NULL
};

/* ---- descriptors --------------------------------------------------------- */

static void test_desc(void)
{
	struct _stp_hist_desc none = STP_STAT_DESC_NONE(STP_STAT_NO_VARIANCE);
	struct _stp_hist_desc lg = STP_STAT_DESC_LOG(0);
	struct _stp_hist_desc lin = STP_STAT_DESC_LINEAR(0, 100, 10, 3);
	struct _stp_hist_desc d;

	printf("# descriptors\n");
	CHECK_EQ(_stp_hist_desc_check(&none), 0, "check(none)");
	CHECK_EQ(_stp_hist_desc_check(&lg), 0, "check(log)");
	CHECK_EQ(_stp_hist_desc_check(&lin), 0, "check(linear 0,100,10)");
	CHECK_EQ(lin.buckets, 13,
		 "linear(0,100,10) buckets: 10 + 1 + under + over");
	CHECK_EQ(_stp_stat_buckets(&none), 0, "buckets(none)");
	CHECK_EQ(_stp_stat_buckets(&lg), 128, "buckets(log)");
	CHECK_EQ(_stp_stat_size(&none), sizeof(struct _stp_stat), "size(none)");
	CHECK_EQ(_stp_stat_size(&lg), sizeof(struct _stp_stat) + 128 * 8,
		 "size(log)");
	CHECK_EQ(sizeof(STP_STAT_STORAGE(13)), _stp_stat_size(&lin),
		 "STP_STAT_STORAGE(13) = size(linear 13 buckets)");

	d = (struct _stp_hist_desc)STP_STAT_DESC_LINEAR(0, 100, 10, 0);
	d.interval = 0;
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL, "interval 0 rejected");
	d.interval = -10;
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL,
		 "negative interval rejected");
	d = (struct _stp_hist_desc)STP_STAT_DESC_LINEAR(0, 100, 10, 0);
	d.start = 200;
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL, "stop < start rejected");
	d = (struct _stp_hist_desc)STP_STAT_DESC_LINEAR(0, 1250, 10, 0);
	CHECK_EQ(_stp_hist_desc_check(&d), 0, "128 buckets accepted");
	d = (struct _stp_hist_desc)STP_STAT_DESC_LINEAR(0, 1260, 10, 0);
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL, "129 buckets rejected");
	d = (struct _stp_hist_desc)STP_STAT_DESC_LINEAR(5, 5, 1, 0);
	CHECK_EQ(_stp_hist_desc_check(&d), 0, "stop == start: 3 buckets");
	d = (struct _stp_hist_desc)STP_STAT_DESC_LINEAR(0, 100, 10, 0);
	d.buckets = 12;
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL,
		 "wrong bucket count rejected");
	d = (struct _stp_hist_desc)STP_STAT_DESC_LINEAR(S64_MAX - 20,
							S64_MAX - 10, 10, 0);
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL,
		 "labels beyond S64_MAX rejected");
	d = (struct _stp_hist_desc)STP_STAT_DESC_LOG(62);
	CHECK_EQ(_stp_hist_desc_check(&d), 0, "shift 62 accepted");
	d.var_shift = 63;
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL, "shift 63 rejected");
	d.var_shift = -2;
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL, "shift -2 rejected");
	d = lg;
	d.buckets = 64;
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL,
		 "log with 64 buckets rejected");
	d.type = (enum _stp_hist_type)7;
	CHECK_EQ(_stp_hist_desc_check(&d), -EINVAL, "unknown type rejected");
}

/* ---- count, sum, min, max, avg ------------------------------------------- */

static void test_basic(void)
{
	static const struct _stp_hist_desc d = STP_STAT_DESC_NONE(0);
	STP_STAT_STORAGE(0) a;
	s64 v = 12345;

	printf("# count, sum, min, max, avg\n");
	_stp_stat_init(&a.st, &d);
	CHECK_EQ(_stp_stat_count(&a.st), 0, "@count of empty");
	CHECK_EQ(_stp_stat_sum(&a.st), 0, "@sum of empty");
	CHECK_EQ(_stp_stat_min(&a.st, &v), -ENODATA, "@min of empty");
	CHECK_EQ(v, 12345, "@min of empty leaves the result alone");
	CHECK_EQ(_stp_stat_max(&a.st, &v), -ENODATA, "@max of empty");
	CHECK_EQ(_stp_stat_avg(&a.st, &v), -ENODATA, "@avg of empty");
	CHECK_EQ(_stp_stat_variance(&a.st, &d, &v), -ENODATA,
		 "@variance of empty");
	CHECK(strcmp(_stp_stat_strerror(-ENODATA), "empty aggregate") == 0,
	      "-ENODATA reads \"empty aggregate\"");

	_stp_stat_add(&a.st, -7, &d);
	CHECK_EQ(_stp_stat_count(&a.st), 1, "@count of {-7}");
	CHECK(_stp_stat_min(&a.st, &v) == 0 && v == -7, "@min of {-7}");
	CHECK(_stp_stat_max(&a.st, &v) == 0 && v == -7, "@max of {-7}");
	CHECK(_stp_stat_avg(&a.st, &v) == 0 && v == -7, "@avg of {-7}");
	CHECK(_stp_stat_variance(&a.st, &d, &v) == 0 && v == 0,
	      "@variance of one value is 0 (SystemTap divides by 0 -> 0)");

	_stp_stat_add(&a.st, 0, &d);
	CHECK(_stp_stat_avg(&a.st, &v) == 0 && v == -3,
	      "@avg of {-7, 0} = -3 (truncated toward zero)");
	_stp_stat_add(&a.st, 12, &d);
	_stp_stat_add(&a.st, -20, &d);
	_stp_stat_add(&a.st, 5, &d);
	CHECK_EQ(_stp_stat_count(&a.st), 5, "@count of {-7,0,12,-20,5}");
	CHECK_EQ(_stp_stat_sum(&a.st), -10, "@sum");
	CHECK(_stp_stat_min(&a.st, &v) == 0 && v == -20, "@min = -20");
	CHECK(_stp_stat_max(&a.st, &v) == 0 && v == 12, "@max = 12");
	CHECK(_stp_stat_avg(&a.st, &v) == 0 && v == -2, "@avg = -10/5 = -2");

	_stp_stat_init(&a.st, &d);
	CHECK_EQ(_stp_stat_count(&a.st), 0, "init empties again (delete)");
}

static void test_extremes(void)
{
	struct _stp_hist_desc d = STP_STAT_DESC_LOG(STP_STAT_NO_VARIANCE);
	struct _stp_stat *a = new_stat(&d);
	s64 v;

	printf("# extremes: sums wrap modulo 2^64 as in SystemTap\n");
	_stp_stat_add(a, S64_MAX, &d);
	_stp_stat_add(a, S64_MAX, &d);
	CHECK_EQ(_stp_stat_sum(a), -2, "S64_MAX + S64_MAX wraps to -2");
	CHECK(_stp_stat_avg(a, &v) == 0 && v == -1, "@avg = -2 / 2 = -1");
	_stp_stat_add(a, S64_MIN, &d);
	CHECK_EQ(_stp_stat_sum(a), S64_MAX - 1, "... + S64_MIN = S64_MAX - 1");
	_stp_stat_add(a, S64_MIN, &d);
	CHECK_EQ(_stp_stat_sum(a), -2, "... + S64_MIN = -2 again");
	CHECK(_stp_stat_min(a, &v) == 0 && v == S64_MIN, "@min = S64_MIN");
	CHECK(_stp_stat_max(a, &v) == 0 && v == S64_MAX, "@max = S64_MAX");
	CHECK_EQ(a->hist[0], 2, "S64_MIN in log bucket 0");
	CHECK_EQ(a->hist[127], 2, "S64_MAX in log bucket 127");
	CHECK(_stp_stat_variance(a, &d, &v) == -EINVAL,
	      "@variance needs a shift in the descriptor");
	free(a);

	a = new_stat(&d);
	_stp_stat_add(a, S64_MAX, &d);
	_stp_stat_add(a, 1, &d);
	CHECK(_stp_stat_avg(a, &v) == 0 && v == S64_MIN / 2,
	      "@avg of {S64_MAX, 1}: the sum wraps to S64_MIN, / 2");
	free(a);
}

/* ---- variance ------------------------------------------------------------ */

static void test_variance(void)
{
	struct _stp_hist_desc d0 = STP_STAT_DESC_NONE(0);
	struct _stp_hist_desc d1 = STP_STAT_DESC_NONE(1);
	struct _stp_hist_desc d7 = STP_STAT_DESC_NONE(7);
	struct _stp_stat *a = new_stat(&d0), *b = new_stat(&d1);
	int i;

	printf("# @variance\n");
	/* stap(1), STATISTICS: for (i=1; i<=5; i++) x <<< i prints 12 with
	 * @variance(x) and 2 with @variance(x, 1). */
	for (i = 1; i <= 5; i++) {
		_stp_stat_add(a, i, &d0);
		_stp_stat_add(b, i, &d1);
	}
	check_var(a, &d0, 12, "stap(1): 1..5, shift 0");
	check_var(b, &d1, 2, "stap(1): 1..5, shift 1");
	free(a);
	free(b);

	/* linear.exp / linear_overunder.exp: variance=450768 (shift 0) */
	a = new_stat(&d0);
	add_maps_data(a, &d0);
	check_var(a, &d0, 450768, "systemtap.maps/linear*.exp");
	free(a);

	/* linear_under.exp: 0..99, variance=5741 */
	a = new_stat(&d0);
	for (i = 0; i < 100; i++)
		_stp_stat_add(a, i, &d0);
	check_var(a, &d0, 5741, "systemtap.maps/linear_under.exp");
	free(a);

	/* linear_over.exp @ ed9360d4: 1000..9999, variance=47241750 */
	a = new_stat(&d0);
	for (i = 1000; i < 10000; i++)
		_stp_stat_add(a, i, &d0);
	check_var(a, &d0, 47241750, "systemtap.maps/linear_over.exp");
	free(a);

	/* 444 and 999 with shift 7: x = 56832, 127872; avg_s 56832 ->
	 * 92352, m2 = 71040 * 35520, A = 184704 / 2 = 92352, S1 = 0,
	 * (m2 / 1) >> 14 = 154012.  (linear_nearlyempty.exp @ 209756a5 says
	 * 153458, which the formula of that same commit does not give; the
	 * histogram of that file is checked in test_print_testsuite.) */
	a = new_stat(&d7);
	_stp_stat_add(a, 444, &d7);
	_stp_stat_add(a, 999, &d7);
	check_var(a, &d7, 154012, "{444, 999}, shift 7");
	free(a);
}

/* ---- fold of per-CPU copies ---------------------------------------------- */

/* Spread the maps data over @ncpu copies, value k going to @cpu_of(k). */
static void check_split(const struct _stp_hist_desc *d, int ncpu,
			int (*cpu_of)(int), s64 want_var, const char *what)
{
	struct _stp_stat *cpus[8], *one = new_stat(d), *t, *t1;
	static const int mult[16] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 13, 14, 15
	};
	int key, j, k = 0, i, rc1, rc2;
	s64 a, b;
	bool same = true;

	for (i = 0; i < ncpu; i++)
		cpus[i] = new_stat(d);
	for (key = 0; key < 100; key++)
		for (j = 0; j < 16; j++, k++) {
			_stp_stat_add(cpus[cpu_of(k)], (s64)key * mult[j], d);
			_stp_stat_add(one, (s64)key * mult[j], d);
		}
	t = fold_all(cpus, ncpu, d);
	t1 = fold_all(&one, 1, d);
	CHECK_EQ(t->count, t1->count, "fold: count");
	CHECK_EQ(t->sum, t1->sum, "fold: sum");
	CHECK_EQ(t->min, t1->min, "fold: min");
	CHECK_EQ(t->max, t1->max, "fold: max");
	for (i = 0; i < _stp_stat_buckets(d); i++)
		same = same && t->hist[i] == t1->hist[i];
	CHECK(same, "fold: every histogram bucket equals the one-copy total");
	check_var(t, d, want_var, what);
	rc1 = _stp_stat_variance(one, d, &a);
	rc2 = _stp_stat_variance(t1, d, &b);
	CHECK(rc1 == 0 && rc2 == 0 && a == b,
	      "one copy read directly = folded alone (%lld)", (long long)b);
	free(t);
	free(t1);
	free(one);
	for (i = 0; i < ncpu; i++)
		free(cpus[i]);
}

static int cpu_zero(int k)
{
	return 0;
}

static int cpu_alt(int k)
{
	return k % 2;
}

static int cpu_halves(int k)
{
	return k < 800 ? 0 : 1;
}

/* Fold order must not matter; an empty copy must change nothing. */
static void test_fold_order(void)
{
	struct _stp_hist_desc d = STP_STAT_DESC_LINEAR(-100, 100, 25, 5);
	struct _stp_stat *c[3], *t1, *t2, *t3, *e = new_stat(&d);
	struct _stp_stat *order[3];
	s64 v1, v2;
	int i, rc1, rc2;

	for (i = 0; i < 3; i++)
		c[i] = new_stat(&d);
	for (i = 0; i < 300; i++)
		_stp_stat_add(c[(i * 5) % 3], (s64)(i * 37 % 251) - 120, &d);
	t1 = fold_all(c, 3, &d);
	order[0] = c[2];
	order[1] = c[0];
	order[2] = c[1];
	t2 = fold_all(order, 3, &d);
	_stp_stat_fold(t2, e, &d);
	CHECK(memcmp(t1, t2, _stp_stat_size(&d)) == 0,
	      "fold order (and an empty copy) leave the total unchanged");
	rc1 = _stp_stat_variance(t1, &d, &v1);
	rc2 = _stp_stat_variance(t2, &d, &v2);
	CHECK(rc1 == 0 && rc2 == 0 && v1 == v2,
	      "same @variance either way (%lld)", (long long)v1);
	free(t2);

	/* (c0 + c1) + (c2 alone): merging totals gives the same total */
	t2 = fold_all(c, 2, &d);
	t3 = fold_all(&c[2], 1, &d);
	_stp_stat_fold(t2, t3, &d);
	CHECK(memcmp(t1, t2, _stp_stat_size(&d)) == 0,
	      "folding a total into a total merges them");
	free(t1);
	free(t2);
	free(t3);
	free(e);
	for (i = 0; i < 3; i++)
		free(c[i]);
}

/* Values big enough that SystemTap's 64-bit sums overflow: the one-pass
 * fold must still give SystemTap's two-pass result bit for bit. */
static void check_big(int shift, int ncpu, s64 want, const char *what)
{
	struct _stp_hist_desc d = STP_STAT_DESC_NONE(shift);
	struct _stp_stat *cpus[4], *t;
	int k, i;

	for (i = 0; i < ncpu; i++)
		cpus[i] = new_stat(&d);
	/* (2^40) k + 12345 k^2 (-1)^k, k = 1..199, CPU k - 1 mod ncpu */
	for (k = 1; k < 200; k++)
		_stp_stat_add(cpus[(k - 1) % ncpu],
			      ((s64)1 << 40) * k +
			      (k & 1 ? -12345LL : 12345LL) * k * k, &d);
	t = fold_all(cpus, ncpu, &d);
	check_var(t, &d, want, what);
	free(t);
	for (i = 0; i < ncpu; i++)
		free(cpus[i]);
}

static int cpu_mod4x7(int k)
{
	return (k * 7) % 4;
}

static void test_fold(void)
{
	struct _stp_hist_desc d0 = STP_STAT_DESC_LINEAR(0, 1500, 50, 0);
	struct _stp_hist_desc d1 = STP_STAT_DESC_LOG(1);
	struct _stp_hist_desc d3 = STP_STAT_DESC_NONE(3);
	struct _stp_hist_desc d4 = STP_STAT_DESC_NONE(4);
	struct _stp_stat *cpus[4], *t;
	s64 v;
	int k, i;

	printf("# fold of per-CPU copies\n");
	/* Reference values: SystemTap's algorithm on the maps data (1600
	 * values) with the copies split as named.  One copy: 450768,
	 * 166699, 122882 for shifts 0, 1, 3 (the first is linear.exp's). */
	check_split(&d0, 1, cpu_zero, 450768, "one CPU, shift 0");
	check_split(&d0, 2, cpu_alt, 166703, "2 CPUs alternating, shift 0");
	check_split(&d0, 2, cpu_halves, 192968, "2 CPUs, halves, shift 0");
	check_split(&d1, 2, cpu_alt, 141231, "2 CPUs alternating, shift 1");
	check_split(&d1, 2, cpu_halves, 132398, "2 CPUs, halves, shift 1");
	check_split(&d3, 2, cpu_alt, 121625, "2 CPUs alternating, shift 3");
	check_split(&d3, 2, cpu_halves, 119141, "2 CPUs, halves, shift 3");
	test_fold_order();

	check_big(12, 1, -854228513LL, "overflowing data, 1 CPU, shift 12");
	check_big(12, 3, -2345750571LL, "overflowing data, 3 CPUs, shift 12");
	check_big(0, 1, -22802332226515433LL,
		  "overflowing data, 1 CPU, shift 0");
	check_big(0, 3, -28542415785795073LL,
		  "overflowing data, 3 CPUs, shift 0");

	/* -1000000 + 37 k^2 - 5 k, k = 0..299, shift 4: 981966710264 on one
	 * CPU, 981961509292 over 4 CPUs (CPU = 7 k mod 4). */
	for (i = 0; i < 4; i++)
		cpus[i] = new_stat(&d4);
	for (k = 0; k < 300; k++)
		_stp_stat_add(cpus[cpu_mod4x7(k)],
			      -1000000 + 37LL * k * k - 5 * k, &d4);
	t = fold_all(cpus, 4, &d4);
	check_var(t, &d4, 981961509292LL, "negative data, 4 CPUs, shift 4");
	CHECK(_stp_stat_min(t, &v) == 0 && v == -1000000 + 37 * 0 - 0,
	      "negative data: @min");
	CHECK(_stp_stat_max(t, &v) == 0 &&
	      v == -1000000 + 37LL * 299 * 299 - 5 * 299,
	      "negative data: @max");
	free(t);
	for (i = 0; i < 4; i++)
		_stp_stat_init(cpus[i], &d4);
	for (k = 0; k < 300; k++)
		_stp_stat_add(cpus[0], -1000000 + 37LL * k * k - 5 * k, &d4);
	t = fold_all(cpus, 4, &d4);
	check_var(t, &d4, 981966710264LL, "negative data, 1 CPU of 4, shift 4");
	free(t);
	for (i = 0; i < 4; i++)
		free(cpus[i]);
}

/* ---- buckets ------------------------------------------------------------- */

static void check_bucket(const struct _stp_hist_desc *d, s64 v, int want,
			 const char *what)
{
	int got = _stp_stat_bucket_of(d, v);

	CHECK(got == want, "%s: %lld -> bucket %d (want %d)", what,
	      (long long)v, got, want);
}

/* Every bucket's lower and upper bounds map back to it, and the buckets
 * tile the whole s64 range without gaps. */
static void check_bounds(const struct _stp_hist_desc *d, const char *what)
{
	int i, nb = _stp_stat_buckets(d);
	bool ok = true;

	for (i = 0; i < nb; i++) {
		s64 lo = _stp_stat_bucket_lower(d, i);
		s64 hi = _stp_stat_bucket_upper(d, i);

		if (lo > hi || _stp_stat_bucket_of(d, lo) != i ||
		    _stp_stat_bucket_of(d, hi) != i ||
		    (i > 0 && lo != _stp_stat_bucket_upper(d, i - 1) + 1)) {
			ok = false;
			printf("    bucket %d: [%lld, %lld]\n", i,
			       (long long)lo, (long long)hi);
		}
	}
	ok = ok && _stp_stat_bucket_lower(d, 0) == S64_MIN &&
	     _stp_stat_bucket_upper(d, nb - 1) == S64_MAX;
	CHECK(ok, "%s: %d buckets tile S64_MIN..S64_MAX, bounds map back", what,
	      nb);
}

static void test_log_buckets(void)
{
	struct _stp_hist_desc d = STP_STAT_DESC_LOG(STP_STAT_NO_VARIANCE);
	char p = 'x';

	printf("# @hist_log buckets\n");
	check_bucket(&d, 0, 64, "log");
	check_bucket(&d, 1, 65, "log");
	check_bucket(&d, 2, 66, "log");
	check_bucket(&d, 3, 66, "log");
	check_bucket(&d, 4, 67, "log");
	check_bucket(&d, 1023, 74, "log");
	check_bucket(&d, 1024, 75, "log");
	check_bucket(&d, ((s64)1 << 62) - 1, 126, "log");
	check_bucket(&d, (s64)1 << 62, 127, "log");
	check_bucket(&d, S64_MAX, 127, "log");
	check_bucket(&d, -1, 63, "log");
	check_bucket(&d, -2, 62, "log");
	check_bucket(&d, -3, 62, "log");
	check_bucket(&d, -4, 61, "log");
	check_bucket(&d, -((s64)1 << 62), 1, "log");
	check_bucket(&d, S64_MIN + 1, 1, "log");
	check_bucket(&d, S64_MIN, 0, "log");
	check_bounds(&d, "log");
	CHECK_EQ(_stp_stat_bucket_label(&d, 64, &p), 0, "label(64)");
	CHECK(p == '\0', "log labels have no prefix");
	CHECK_EQ(_stp_stat_bucket_label(&d, 65, NULL), 1, "label(65)");
	CHECK_EQ(_stp_stat_bucket_label(&d, 66, NULL), 2, "label(66)");
	CHECK_EQ(_stp_stat_bucket_label(&d, 75, NULL), 1024, "label(75)");
	CHECK_EQ(_stp_stat_bucket_label(&d, 127, NULL), (s64)1 << 62,
		 "label(127)");
	CHECK_EQ(_stp_stat_bucket_label(&d, 63, NULL), -1, "label(63)");
	CHECK_EQ(_stp_stat_bucket_label(&d, 62, NULL), -2, "label(62)");
	CHECK_EQ(_stp_stat_bucket_label(&d, 1, NULL), -((s64)1 << 62),
		 "label(1)");
	CHECK_EQ(_stp_stat_bucket_label(&d, 0, NULL), S64_MIN, "label(0)");
}

static void test_linear_buckets(void)
{
	struct _stp_hist_desc d = STP_STAT_DESC_LINEAR(0, 100, 10, 0);
	struct _stp_hist_desc m = STP_STAT_DESC_LINEAR(1, 3, 1, 0);
	struct _stp_hist_desc n = STP_STAT_DESC_LINEAR(-100, -10, 10, 0);
	struct _stp_hist_desc r = STP_STAT_DESC_LINEAR(0, 25, 10, 0);
	struct _stp_hist_desc w = STP_STAT_DESC_LINEAR(-5, 5, 1, 0);
	static const s64 man_vals[5] = { -100, 1, 2, 3, 100 };
	struct _stp_stat *st = new_stat(&m);
	s64 c, total = 0;
	char p;
	int i;

	printf("# @hist_linear buckets\n");
	check_bucket(&d, -1, 0, "linear(0,100,10)");
	check_bucket(&d, S64_MIN, 0, "linear(0,100,10)");
	check_bucket(&d, 0, 1, "linear(0,100,10)");
	check_bucket(&d, 9, 1, "linear(0,100,10)");
	check_bucket(&d, 10, 2, "linear(0,100,10)");
	check_bucket(&d, 99, 10, "linear(0,100,10)");
	check_bucket(&d, 100, 11, "linear(0,100,10): stop starts a bucket");
	check_bucket(&d, 109, 11, "linear(0,100,10)");
	check_bucket(&d, 110, 12, "linear(0,100,10): overflow");
	check_bucket(&d, S64_MAX, 12, "linear(0,100,10)");
	check_bounds(&d, "linear(0,100,10)");
	CHECK(_stp_stat_bucket_label(&d, 0, &p) == 0 && p == '<',
	      "linear(0,100,10): bucket 0 prints as <0");
	CHECK(_stp_stat_bucket_label(&d, 11, &p) == 100 && p == '\0',
	      "linear(0,100,10): bucket 11 prints as 100");
	CHECK(_stp_stat_bucket_label(&d, 12, &p) == 100 && p == '>',
	      "linear(0,100,10): bucket 12 prints as >100");

	/* stap(1), STATISTICS: @hist_linear(x,1,3,1) of -100, 1, 2, 3, 100:
	 * "1 out-of-range-low bucket, 3 payload buckets, 1 out-of-range-high
	 * bucket", addressed 0 .. 4. */
	CHECK_EQ(_stp_stat_buckets(&m), 5,
		 "stap(1): linear(1,3,1) has 5 buckets");
	for (i = 0; i < 5; i++) {
		_stp_stat_add(st, man_vals[i], &m);
		check_bucket(&m, man_vals[i], i, "linear(1,3,1)");
	}
	for (i = 0; i < _stp_stat_buckets(&m); i++) {	/* foreach */
		CHECK(_stp_stat_bucket_get(st, &m, i, &c) == 0 && c == 1,
		      "@hist_linear(x,1,3,1)[%d] = 1", i);
		total += c;
	}
	CHECK_EQ(total, _stp_stat_count(st), "foreach sums to @count");
	CHECK(_stp_stat_bucket_get(st, &m, -1, &c) == -ERANGE && c == 0,
	      "index -1: out of range, 0");
	CHECK(_stp_stat_bucket_get(st, &m, 5, &c) == -ERANGE,
	      "index 5: out of range");
	CHECK(strcmp(_stp_stat_strerror(-ERANGE),
		     "histogram index out of range") == 0,
	      "-ERANGE reads \"histogram index out of range\"");
	free(st);

	check_bucket(&n, -101, 0, "linear(-100,-10,10)");
	check_bucket(&n, -100, 1, "linear(-100,-10,10)");
	check_bucket(&n, -11, 9, "linear(-100,-10,10)");
	check_bucket(&n, -10, 10, "linear(-100,-10,10)");
	check_bucket(&n, -1, 10, "linear(-100,-10,10)");
	check_bucket(&n, 0, 11, "linear(-100,-10,10): overflow");
	check_bounds(&n, "linear(-100,-10,10)");

	/* (stop - start) not a multiple of interval: buckets 0 | 0-9 | 10-19
	 * | 20-29 | 30.. ; the overflow row prints ">20", not ">25". */
	CHECK_EQ(_stp_stat_buckets(&r), 5, "linear(0,25,10) has 5 buckets");
	check_bucket(&r, 25, 3, "linear(0,25,10)");
	check_bucket(&r, 29, 3, "linear(0,25,10)");
	check_bucket(&r, 30, 4, "linear(0,25,10)");
	check_bounds(&r, "linear(0,25,10)");
	CHECK(_stp_stat_bucket_label(&r, 4, &p) == 20 && p == '>',
	      "linear(0,25,10): overflow prints as >20");

	/* SystemTap computes v - start in 64 bits: S64_MAX - (-5) wraps
	 * negative and lands in the underflow bucket there; not here. */
	check_bucket(&w, S64_MAX, 12, "linear(-5,5,1): S64_MAX overflows");
	check_bucket(&w, S64_MIN, 0, "linear(-5,5,1): S64_MIN underflows");
	check_bounds(&w, "linear(-5,5,1)");
}

/* ---- printing ------------------------------------------------------------ */

static void test_print_langref(void)
{
	struct _stp_hist_desc d = STP_STAT_DESC_LINEAR(0, 10240, 200, 0);
	struct _stp_stat *st = new_stat(&d);
	int i;

	printf("# printing: Language Reference examples\n");
	for (i = 0; i < 1650; i++)
		_stp_stat_add(st, i % 200, &d);
	for (i = 0; i < 8; i++)
		_stp_stat_add(st, 200 + 20 * i, &d);
	_stp_stat_add(st, 1500, &d);
	check_print(st, &d, ex_A, "langref @hist_linear(reads, 0, 10240, 200)");
	free(st);
}

/* Drop the space before the count of every bucket row. */
static void narrow_counts(char *s)
{
	char *line, *end, *p;

	for (line = s; (end = strchr(line, '\n')); line = end + 1) {
		if (!memchr(line, '|', end - line) ||
		    line[strspn(line, " ")] == 'v')
			continue;	/* a "~" row or the header */
		p = end;
		while (p > line && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p > line && p[-1] == ' ') {
			memmove(p - 1, p, strlen(p) + 1);
			end--;
		}
	}
}

static void test_print_langref_log(void)
{
	struct _stp_hist_desc d = STP_STAT_DESC_LOG(STP_STAT_NO_VARIANCE);
	struct _stp_stat *st = new_stat(&d);
	static const struct { s64 v; int n; } data[] = {
		{ 32, 254 }, { 64, 3 }, { 128, 2 }, { 256, 2 }, { 512, 4 },
		{ 1024, 16689 },
	};
	char *got, *want = join(ex_B);
	unsigned int i;
	int j;

	for (i = 0; i < ARRAY_SIZE(data); i++)
		for (j = 0; j < data[i].n; j++)
			_stp_stat_add(st, data[i].v + j % data[i].v, &d);
	got = render(st, &d, HIST_WIDTH, HIST_ELISION);
	CHECK(got && strcmp(got, want) != 0,
	      "langref @hist_log(reads): the document's count column is one "
	      "short");
	if (got)
		narrow_counts(got);
	check_text(got, want,
		   "langref @hist_log(reads), one space less before counts");
	free(got);
	free(want);
	free(st);
}

static void test_print_testsuite(void)
{
	struct _stp_hist_desc c = STP_STAT_DESC_LINEAR(0, 1500, 50, 0);
	struct _stp_hist_desc o = STP_STAT_DESC_LINEAR(250, 1000, 50, 0);
	struct _stp_hist_desc u = STP_STAT_DESC_LINEAR(1800, 2500, 100, 0);
	struct _stp_hist_desc v = STP_STAT_DESC_LINEAR(0, 100, 10, 0);
	struct _stp_hist_desc g = STP_STAT_DESC_LINEAR(0, 1500, 50, 7);
	struct _stp_stat *st;
	s64 x;
	int i;

	printf("# printing: SystemTap testsuite, systemtap.maps/linear*.exp\n");
	/* linear.exp: count=1600 sum=653400 min=0 max=1485 avg=408
	 * variance=450768, then the histogram */
	st = new_stat(&c);
	add_maps_data(st, &c);
	CHECK_EQ(_stp_stat_count(st), 1600, "linear.exp: count");
	CHECK_EQ(_stp_stat_sum(st), 653400, "linear.exp: sum");
	CHECK(_stp_stat_min(st, &x) == 0 && x == 0, "linear.exp: min=0");
	CHECK(_stp_stat_max(st, &x) == 0 && x == 1485, "linear.exp: max=1485");
	CHECK(_stp_stat_avg(st, &x) == 0 && x == 408, "linear.exp: avg=408");
	check_var(st, &c, 450768, "linear.exp: variance=450768");
	check_print(st, &c, ex_C, "linear.exp @hist_linear(agg, 0, 1500, 50)");
	free(st);

	st = new_stat(&o);
	add_maps_data(st, &o);
	check_print(st, &o, ex_D,
		    "linear_overunder.exp @hist_linear(agg, 250, 1000, 50)");
	free(st);

	/* linear_under.exp: count=100 sum=4950 min=0 max=99 avg=49 */
	st = new_stat(&u);
	for (i = 0; i < 100; i++)
		_stp_stat_add(st, i, &u);
	CHECK(_stp_stat_count(st) == 100 && _stp_stat_sum(st) == 4950 &&
	      _stp_stat_avg(st, &x) == 0 && x == 49,
	      "linear_under.exp: count=100 sum=4950 avg=49");
	check_print(st, &u, ex_E,
		    "linear_under.exp @hist_linear(agg, 1800, 2500, 100)");
	free(st);

	/* linear_over.exp: count=9000 sum=49495500 min=1000 max=9999
	 * avg=5499 */
	st = new_stat(&v);
	for (i = 1000; i < 10000; i++)
		_stp_stat_add(st, i, &v);
	CHECK(_stp_stat_count(st) == 9000 && _stp_stat_sum(st) == 49495500 &&
	      _stp_stat_avg(st, &x) == 0 && x == 5499,
	      "linear_over.exp: count=9000 sum=49495500 avg=5499");
	check_print(st, &v, ex_F,
		    "linear_over.exp @hist_linear(agg, 0, 100, 10)");
	free(st);

	/* linear_nearlyempty.exp: count=2 sum=1443 min=444 max=999 avg=721 */
	st = new_stat(&g);
	_stp_stat_add(st, 444, &g);
	_stp_stat_add(st, 999, &g);
	CHECK(_stp_stat_sum(st) == 1443 && _stp_stat_avg(st, &x) == 0 &&
	      x == 721, "linear_nearlyempty.exp: sum=1443 avg=721");
	check_print(st, &g, ex_G,
		    "linear_nearlyempty.exp @hist_linear(agg, 0, 1500, 50)");
	free(st);
}

/* Rebuild a @hist_log from a printed example: each row's label is the
 * value nearest zero of its bucket, added count times. */
static void check_log_example(const char *const *lines, const char *what)
{
	struct _stp_hist_desc d = STP_STAT_DESC_LOG(STP_STAT_NO_VARIANCE);
	struct _stp_stat *st = new_stat(&d);
	int i;

	for (i = 1; lines[i]; i++) {
		long long label, n;
		const char *bar = strchr(lines[i], '|');
		const char *cnt;

		if (!bar)
			continue;	/* a "~" row */
		label = atoll(lines[i]);
		cnt = strrchr(lines[i], ' ');
		n = atoll(cnt + 1);
		while (n--)
			_stp_stat_add(st, label, &d);
	}
	check_print(st, &d, lines, what);
	free(st);
}

static void test_print_real(void)
{
	printf("# printing: real stap output (openresty-systemtap-toolkit)\n");
	check_log_example(ex_H, "sample-bt-off-cpu --distr");
	check_log_example(ex_I, "ngx-pcre-stats --exec-time-dist");
	check_log_example(ex_J, "ngx-pcre-stats --data-len-dist (\"~\")");
	check_log_example(ex_K,
			  "tcp-accept-queue --latency (wide labels, \"~\")");
	check_log_example(ex_L, "tcp-recv-queue --time=5");
	check_log_example(ex_M, "tcp-accept-queue --distr (data in bucket 0)");
}

static void test_print_rules(void)
{
	struct _stp_hist_desc lg = STP_STAT_DESC_LOG(STP_STAT_NO_VARIANCE);
	struct _stp_hist_desc d = STP_STAT_DESC_LINEAR(0, 200, 10, 0);
	struct _stp_hist_desc none = STP_STAT_DESC_NONE(0);
	struct _stp_stat *st = new_stat(&lg);
	char *got, *want;
	int i;

	printf("# printing: negative buckets, HIST_ELISION, empty\n");
	_stp_stat_add(st, -1, &lg);
	_stp_stat_add(st, -5, &lg);
	_stp_stat_add(st, 3, &lg);
	check_print(st, &lg, ex_neg, "@hist_log of {-1, -5, 3}");
	free(st);

	st = new_stat(&d);
	for (i = 0; i < 5; i++)
		_stp_stat_add(st, i, &d);
	_stp_stat_add(st, 110, &d);
	_stp_stat_add(st, 119, &d);
	got = render(st, &d, HIST_WIDTH, 3);
	want = join(ex_elide3);
	check_text(got, want, "-DHIST_ELISION=3: 3 + ~ + 3 of 10 empty rows");
	free(got);
	free(want);
	got = render(st, &d, HIST_WIDTH, 0);
	want = join(ex_elide0);
	check_text(got, want, "-DHIST_ELISION=0: every empty row dropped");
	free(got);
	free(want);
	got = render(st, &d, HIST_WIDTH, -1);
	CHECK(got && !strchr(got, '~') && strstr(got, "\n   50 |") &&
	      strstr(got, "\n  130 |") && !strstr(got, "\n  140 |"),
	      "-DHIST_ELISION=-1: no ~, all rows 0..130 kept");
	free(got);
	free(st);

	/* Width: 120 in one bucket with HIST_WIDTH=10 -> scale 12, 10 '@'. */
	st = new_stat(&d);
	for (i = 0; i < 120; i++)
		_stp_stat_add(st, 15, &d);
	got = render(st, &d, 10, 2);
	CHECK(got && strstr(got, "value |---------- count\n") &&
	      strstr(got, "   10 |@@@@@@@@@@ 120\n"),
	      "HIST_WIDTH=10: 10 dashes, bar of 10");
	free(got);
	free(st);

	/* An empty aggregate prints its header and the blank line. */
	st = new_stat(&d);
	got = render(st, &d, HIST_WIDTH, HIST_ELISION);
	CHECK(got && strcmp(got, "value |-------------------------------------"
			    "------------- count\n\n") == 0,
	      "empty @hist_linear: header and blank line");
	free(got);
	free(st);

	st = new_stat(&none);
	{
		char buf[16];
		struct _stp_out out;

		_stp_out_init(&out, buf, sizeof(buf));
		CHECK_EQ(_stp_stat_print_histogram(&out, st, &none), -EINVAL,
			 "printing an aggregate without histogram");
		CHECK_EQ(out.len, 0, "... writes nothing");
	}
	free(st);
}

/* Output never runs past the buffer; len counts what did not fit. */
static void test_print_truncation(void)
{
	struct _stp_hist_desc d = STP_STAT_DESC_LINEAR(0, 10240, 200, 0);
	struct _stp_stat *st = new_stat(&d);
	static const size_t sizes[] = { 0, 1, 7, 63, 100, 639, 640, 641, 700 };
	char *full, buf[800];
	size_t n, i, j;
	bool ok;

	printf("# printing: truncation\n");
	for (j = 0; j < 1650; j++)
		_stp_stat_add(st, 5, &d);
	_stp_stat_add(st, 250, &d);
	_stp_stat_add(st, 1500, &d);
	full = render(st, &d, HIST_WIDTH, HIST_ELISION);
	n = full ? strlen(full) : 0;
	CHECK(n > 600 && n < 700, "reference text is %zu bytes", n);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct _stp_out out;

		memset(buf, '#', sizeof(buf));
		_stp_out_init(&out, sizes[i] ? buf : NULL, sizes[i]);
		_stp_stat_print_histogram(&out, st, &d);
		ok = out.len == n;
		for (j = 0; j < sizes[i] && j < n; j++)
			ok = ok && buf[j] == full[j];
		for (j = sizes[i] < n ? sizes[i] : n; j < sizeof(buf); j++)
			ok = ok && buf[j] == '#';
		CHECK(ok, "buffer of %zu bytes: prefix written, nothing "
		      "past it, len = %zu", sizes[i], (size_t)out.len);
	}
	free(full);
	free(st);
}

/* The widest possible output fits STP_HIST_PRINT_MAX. */
static void test_print_max(void)
{
	struct _stp_hist_desc lg = STP_STAT_DESC_LOG(STP_STAT_NO_VARIANCE);
	struct _stp_hist_desc lin = STP_STAT_DESC_LINEAR(-((s64)1 << 62),
							 -((s64)1 << 62) + 125,
							 1, 0);
	static char buf[STP_HIST_PRINT_MAX * 2];
	struct _stp_stat *st;
	struct _stp_out out;
	int i;

	printf("# printing: worst case size\n");
	CHECK_EQ(_stp_hist_desc_check(&lin), 0,
		 "128-bucket linear near S64_MIN");
	st = new_stat(&lg);
	for (i = 0; i < 128; i += 2)	/* 64 rows, 63 gaps */
		st->hist[i] = S64_MAX - i;
	st->count = 1;
	_stp_out_init(&out, buf, sizeof(buf));
	_stp_stat_print_histogram(&out, st, &lg);
	CHECK(out.len <= STP_HIST_PRINT_MAX,
	      "@hist_log, 19-digit counts, every other bucket: %zu <= %d",
	      (size_t)out.len, STP_HIST_PRINT_MAX);
	_stp_out_init(&out, buf, sizeof(buf));
	__stp_stat_print_histogram(&out, st, &lg, HIST_WIDTH, -1);
	CHECK(out.len <= STP_HIST_PRINT_MAX,
	      "... without elision: %zu <= %d", (size_t)out.len,
	      STP_HIST_PRINT_MAX);
	free(st);

	st = new_stat(&lin);
	for (i = 0; i < 128; i++)
		st->hist[i] = S64_MAX - i;
	st->count = 1;
	_stp_out_init(&out, buf, sizeof(buf));
	_stp_stat_print_histogram(&out, st, &lin);
	CHECK(out.len <= STP_HIST_PRINT_MAX,
	      "@hist_linear, 20-char labels and <, 128 rows: %zu <= %d",
	      (size_t)out.len, STP_HIST_PRINT_MAX);
	free(st);
}

int main(void)
{
	test_desc();
	test_basic();
	test_extremes();
	test_variance();
	test_fold();
	test_log_buckets();
	test_linear_buckets();
	test_print_langref();
	test_print_langref_log();
	test_print_testsuite();
	test_print_real();
	test_print_rules();
	test_print_truncation();
	test_print_max();
	printf("%d passed, %d failed\n", n_checks - n_failed, n_failed);
	return n_failed ? 1 : 0;
}
