// SPDX-License-Identifier: GPL-2.0-only
/* lib-ctime.c - ctime(): seconds since the epoch as the C library's
 * asctime text, "Thu Jan  1 00:00:00 1970", in UTC (tz_ctime shifts the
 * seconds and appends the zone name in the tapset).
 *
 * Pure code, host-tested (testsuite/runtime/test-lib-ctime.c).  Like
 * SystemTap it refuses values outside the signed 32-bit time_t range.
 */
#include "stp_types.h"
#include "lib.h"

#define SECS_PER_DAY 86400L

static int lib_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int _stp_ctime(char *dst, size_t len, s64 epochsecs)
{
	static const char wday_name[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char mon_name[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	long days, rem, year = 1970;
	int mon, wday, ml;

	if (epochsecs > 2147483647LL)
		return STP_CTIME_FUTURE;
	if (epochsecs < -2147483648LL)
		return STP_CTIME_PAST;
	days = (long)epochsecs / SECS_PER_DAY;
	rem = (long)epochsecs % SECS_PER_DAY;
	if (rem < 0) {
		rem += SECS_PER_DAY;
		days--;
	}
	/* 1970-01-01 was a Thursday */
	wday = (int)((4 + days) % 7);
	if (wday < 0)
		wday += 7;
	while (days < 0) {
		year--;
		days += 365 + lib_leap(year);
	}
	while (days >= 365 + lib_leap(year)) {
		days -= 365 + lib_leap(year);
		year++;
	}
	for (mon = 0; mon < 11; mon++) {
		ml = mdays[mon] + (mon == 1 && lib_leap(year));
		if (days < ml)
			break;
		days -= ml;
	}
	snprintf(dst, len, "%s %s%3d %02d:%02d:%02d %ld",
		 wday_name[wday], mon_name[mon], (int)days + 1,
		 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
		 year);
	return 0;
}
