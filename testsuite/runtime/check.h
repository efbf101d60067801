/* SPDX-License-Identifier: GPL-2.0-only */
/* check.h - the tiny check harness shared by the runtime unit tests.
 *
 * CHECK(cond, fmt, ...) prints "ok: ..." or "FAIL: ... [file:line]" and
 * counts; CHECK_EQ compares two integers and shows both.  A test's main()
 * ends with check_summary(), whose value is its exit status.
 */
#ifndef STP_TEST_CHECK_H
#define STP_TEST_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int n_checks, n_failed;

static void __attribute__((format(printf, 4, 5), unused))
check_(bool ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	n_checks++;
	if (!ok)
		n_failed++;
	printf("%s: ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok)
		printf("  [%s:%d]", file, line);
	printf("\n");
}

#define CHECK(cond, ...) check_(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define CHECK_EQ(got, want, what)					\
	do {								\
		long long g_ = (long long)(got), w_ = (long long)(want); \
		CHECK(g_ == w_, "%s = %lld (want %lld)", what, g_, w_);	\
	} while (0)

#endif /* STP_TEST_CHECK_H */
