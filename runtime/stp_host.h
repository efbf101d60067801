/* SPDX-License-Identifier: GPL-2.0-only */
/* stp_host.h - the kernel API subset runtime units may use, for building
 * them as ordinary user-space C in unit tests (testsuite/runtime/).
 * Keep it small: a unit that needs more is not a pure-logic unit. */
#ifndef _STP_HOST_H_
#define _STP_HOST_H_

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef S64_MAX
#define S64_MAX INT64_MAX
#define S64_MIN INT64_MIN
#define U64_MAX UINT64_MAX
#endif

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define noinline __attribute__((noinline))
#ifndef __always_inline	/* glibc's <sys/cdefs.h> may have it */
#define __always_inline inline __attribute__((always_inline))
#endif
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* <linux/math64.h>: 64-bit division helpers (needed on 32-bit kernels) */
static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

static inline s64 div_s64(s64 dividend, s32 divisor)
{
	return dividend / divisor;
}

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

static inline s64 div64_s64(s64 dividend, s64 divisor)
{
	return dividend / divisor;
}

static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder)
{
	*remainder = (u32)(dividend % divisor);
	return dividend / divisor;
}

#endif /* _STP_HOST_H_ */
