// SPDX-License-Identifier: GPL-2.0-or-later
/* test-lib-ctime.c - host unit test of runtime/lib-ctime.c: ctime()
 * against fixed SystemTap results and against the C library's UTC
 * asctime over the whole supported range. */
#include <string.h>
#include <time.h>

#include "check.h"
#include "lib.h"

static void want_ctime(s64 secs, const char *want)
{
	char out[MAXSTRINGLEN];
	int rc = _stp_ctime(out, sizeof(out), secs);

	CHECK(rc == 0 && strcmp(out, want) == 0, "ctime(%lld) = \"%s\" (want \"%s\")",
	      (long long)secs, rc ? "<error>" : out, want);
}

int main(void)
{
	char out[MAXSTRINGLEN], ref[64];
	int bad = 0, n = 0;
	s64 s;

	want_ctime(0, "Thu Jan  1 00:00:00 1970");
	want_ctime(-1, "Wed Dec 31 23:59:59 1969");
	want_ctime(951782400, "Tue Feb 29 00:00:00 2000");
	want_ctime(2147483647LL, "Tue Jan 19 03:14:07 2038");
	want_ctime(-2147483648LL, "Fri Dec 13 20:45:52 1901");
	CHECK_EQ(_stp_ctime(out, sizeof(out), 2147483648LL), STP_CTIME_FUTURE,
		 "ctime(2^31)");
	CHECK_EQ(_stp_ctime(out, sizeof(out), -2147483649LL), STP_CTIME_PAST,
		 "ctime(-2^31-1)");
	CHECK_EQ(_stp_ctime(out, sizeof(out), S64_MIN), STP_CTIME_PAST,
		 "ctime(S64_MIN)");

	/* every ~1.9 days (an odd step, to hit all times of day) */
	for (s = -2147483648LL; s <= 2147483647LL; s += 165601) {
		time_t t = (time_t)s;
		struct tm tm;

		n++;
		if (!gmtime_r(&t, &tm) ||
		    !strftime(ref, sizeof(ref), "%a %b %e %H:%M:%S %Y", &tm) ||
		    _stp_ctime(out, sizeof(out), s) || strcmp(out, ref)) {
			if (bad++ < 5)
				printf("mismatch at %lld: \"%s\" vs libc \"%s\"\n",
				       (long long)s, out, ref);
		}
	}
	CHECK(bad == 0, "ctime agrees with libc gmtime at %d points (%d differ)",
	      n, bad);
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed != 0;
}
