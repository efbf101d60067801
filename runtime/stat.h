/* SPDX-License-Identifier: GPL-2.0-only */
/* stat.h - statistics aggregates (x <<< v) and their log/linear histograms.
 *
 * One aggregate is a set of per-CPU copies plus, when it is read, a total:
 *
 *   probe (any CPU, preemption off)        reader (@count, print(@hist_log))
 *   -------------------------------        ---------------------------------
 *   _stp_stat_add(this_cpu_copy, v, d)     _stp_stat_init(total, d)
 *     no lock, no allocation, and no       for each possible CPU:
 *     division unless the aggregate is         _stp_stat_fold(total, copy, d)
 *     read with @variance or has a         _stp_stat_avg(total, &avg) ...
 *     linear histogram (one each)          _stp_stat_print_histogram(out,
 *                                                        total, d)
 *
 * Concurrency: a copy is written only by its own CPU, with preemption (or
 * interrupts, for probes that can nest) disabled around _stp_stat_add().
 * Folding reads copies that other CPUs may be updating, so a total taken
 * while probes run may miss or half-see the latest samples, as in
 * SystemTap; totals taken once the probes are quiet (end probes) are exact.
 *
 * The layout of the data is fixed by a struct _stp_hist_desc that the
 * translator emits once per aggregate (per array for aggregate arrays):
 * the histogram kind and the @variance bit shift.  The same descriptor
 * must be passed to every call on copies and totals of that aggregate.
 * A struct _stp_stat is valid when all zero (empty), so map blobs, which
 * the map zeroes, need no initialisation; its size is _stp_stat_size().
 *
 * Everything here follows SystemTap's runtime (stat-common.c, stat.c) and
 * translator, so that values and printed histograms are the same:
 *
 *   - @count and @sum of an empty aggregate are 0; @min, @max, @avg and
 *     @variance of an empty one are the script error "empty aggregate"
 *     (-ENODATA here, see _stp_stat_strerror()).
 *   - @sum wraps around modulo 2^64; @avg is @sum / @count truncated
 *     toward zero.
 *   - @variance is Welford's online algorithm on each CPU's copy, in
 *     integers scaled by 2^shift, combined across CPUs with the "total
 *     variance" formula; see _stp_stat_fold() and _stp_stat_variance().
 *   - @hist_log has 128 buckets: bucket 64 holds 0, bucket 64 + k holds
 *     [2^(k-1), 2^k - 1] and bucket 64 - k holds [-(2^k - 1), -2^(k-1)]
 *     (so bucket 0 holds only S64_MIN).  A row prints the bound nearer 0.
 *   - @hist_linear(v, start, stop, interval) has N + 2 buckets, N =
 *     (stop - start) / interval + 1: bucket 0 holds values below start,
 *     bucket i (1 .. N) holds [start + (i - 1) * interval, start + i *
 *     interval - 1] (so stop itself starts bucket N when interval divides
 *     stop - start), and bucket N + 1 everything from start + N * interval
 *     up.  Printed, bucket 0 is "<start" and bucket N + 1 is ">" followed
 *     by the label of bucket N (">stop" when interval divides the range).
 *   - @hist_x(v)[i] and foreach (i in @hist_x(v)) use these bucket numbers
 *     (0 .. buckets - 1); see _stp_stat_bucket_get().
 */
#ifndef _STP_STAT_H_
#define _STP_STAT_H_

#include "stp_types.h"

#ifdef __KERNEL__
#include <linux/errno.h>
#else
#include <errno.h>
#endif

struct _stp_out;	/* format.h: the bounded output buffer */

#define STP_HIST_LOG_BUCKETS	128	/* buckets of every @hist_log */
#define STP_HIST_LOG_BUCKET0	64	/* the @hist_log bucket of 0 */
#define STP_HIST_MAX_BUCKETS	128	/* most buckets of a @hist_linear,
					 * under- and overflow included
					 * (SystemTap's STP_MAX_BUCKETS) */
#define STP_STAT_MAX_SHIFT	62	/* largest @variance bit shift */
#define STP_STAT_NO_VARIANCE	(-1)	/* var_shift: @variance never read */

/*
 * Histogram printing, overridable with -D as in SystemTap: the bar width
 * in columns, and how many empty buckets next to a non-empty one are kept
 * when runs of empty buckets are collapsed into a "~" line (0 drops every
 * empty bucket, a negative value keeps them all).
 */
#ifndef HIST_WIDTH
#define HIST_WIDTH	50
#endif
#ifndef HIST_ELISION
#define HIST_ELISION	2
#endif

/*
 * Upper bound of what _stp_stat_print_histogram() writes: a header, at
 * most 128 bucket rows and 64 "~" rows, a blank line; a row is at most
 * 21 (value) + 2 + HIST_WIDTH + 1 + 19 (count) + 1 bytes.
 */
#define STP_HIST_PRINT_MAX \
	((2 + STP_HIST_MAX_BUCKETS + STP_HIST_MAX_BUCKETS / 2) * \
	 (HIST_WIDTH + 44))

/**
 * enum _stp_hist_type - the histogram an aggregate keeps
 * @STP_HIST_NONE:	none: only count, sum, min, max (and variance)
 * @STP_HIST_LOG:	@hist_log: STP_HIST_LOG_BUCKETS power-of-two buckets
 * @STP_HIST_LINEAR:	@hist_linear(v, start, stop, interval)
 */
enum _stp_hist_type {
	STP_HIST_NONE,
	STP_HIST_LOG,
	STP_HIST_LINEAR,
};

/**
 * struct _stp_hist_desc - the shape of one aggregate (or aggregate array)
 * @type:	enum _stp_hist_type
 * @buckets:	number of histogram buckets: 0 for STP_HIST_NONE,
 *		STP_HIST_LOG_BUCKETS for STP_HIST_LOG, and
 *		(stop - start) / interval + 3 for STP_HIST_LINEAR
 * @var_shift:	@variance bit shift, 0 .. STP_STAT_MAX_SHIFT, or
 *		STP_STAT_NO_VARIANCE when no @variance reads the aggregate
 *		(then _stp_stat_add() skips the Welford update and its
 *		division)
 * @start:	STP_HIST_LINEAR: lowest value of bucket 1
 * @stop:	STP_HIST_LINEAR: end of the range, stop >= start; the last
 *		regular bucket starts at start + (buckets - 3) * interval,
 *		which is stop when interval divides stop - start
 * @interval:	STP_HIST_LINEAR: bucket width, 1 .. U32_MAX
 *
 * Build it with STP_STAT_DESC_NONE(), STP_STAT_DESC_LOG() or
 * STP_STAT_DESC_LINEAR(); _stp_hist_desc_check() validates one.
 */
struct _stp_hist_desc {
	enum _stp_hist_type type;
	int buckets;
	int var_shift;
	s64 start;
	s64 stop;
	s64 interval;
};

#define STP_STAT_DESC_NONE(shift)					\
	{ .type = STP_HIST_NONE, .buckets = 0, .var_shift = (shift) }
#define STP_STAT_DESC_LOG(shift)					\
	{ .type = STP_HIST_LOG, .buckets = STP_HIST_LOG_BUCKETS,	\
	  .var_shift = (shift) }
#define STP_STAT_DESC_LINEAR(lo, hi, step, shift)			\
	{ .type = STP_HIST_LINEAR,					\
	  .buckets = (int)(((hi) - (lo)) / (step) + 3),			\
	  .var_shift = (shift), .start = (lo), .stop = (hi),		\
	  .interval = (step) }

/**
 * struct _stp_stat - one copy (per CPU) or the total of an aggregate
 * @count:	number of values added
 * @sum:	their sum, modulo 2^64
 * @min:	smallest value (meaningless while @count is 0)
 * @max:	largest value (meaningless while @count is 0)
 * @avg_s:	copy: Welford running mean of the values scaled by
 *		2^var_shift, each step truncated toward zero
 * @m2:		copy: Welford running sum of squared deviations from it
 *		(scale 2^(2 var_shift)), modulo 2^64
 * @fold_t1:	total: sum over folded copies of count * avg_s
 * @fold_t2:	total: sum over folded copies of count * avg_s^2
 * @fold_s2:	total: sum over folded copies of (count - 1) * variance_s,
 *		variance_s being a copy's m2 / (count - 1)
 * @folded:	total: number of non-empty copies folded into it; 0 in a
 *		copy, which marks @avg_s and @m2 as the ones to use
 * @hist:	histogram bucket counts, desc->buckets of them
 *
 * The @fold_* sums are modulo 2^64.  A copy may also be read directly
 * (as if folded alone), and a total may be folded into another total.
 */
struct _stp_stat {
	s64 count;
	s64 sum;
	s64 min;
	s64 max;
	s64 avg_s;
	s64 m2;
	u64 fold_t1;
	u64 fold_t2;
	u64 fold_s2;
	u64 folded;
	s64 hist[];
};

/*
 * Storage for a struct _stp_stat with room for @nbuckets buckets, for
 * static or on-stack aggregates:
 *	STP_STAT_STORAGE(STP_HIST_LOG_BUCKETS) x;
 *	_stp_stat_add(&x.st, v, &desc);
 */
#define STP_STAT_STORAGE(nbuckets)					\
	union {								\
		struct _stp_stat st;					\
		s64 raw[sizeof(struct _stp_stat) / sizeof(s64) + (nbuckets)]; \
	}

/**
 * _stp_stat_size - bytes needed by one struct _stp_stat
 * @desc:	the aggregate's descriptor
 *
 * Return: the size to allocate for each copy and for a total.
 */
static inline size_t _stp_stat_size(const struct _stp_hist_desc *desc)
{
	int n = desc->type == STP_HIST_NONE ? 0 : desc->buckets;

	return sizeof(struct _stp_stat) + (size_t)n * sizeof(s64);
}

/**
 * _stp_stat_init - empty a copy or a total (delete of an aggregate)
 * @st:		_stp_stat_size(@desc) bytes
 * @desc:	the aggregate's descriptor
 */
static inline void _stp_stat_init(struct _stp_stat *st,
				  const struct _stp_hist_desc *desc)
{
	memset(st, 0, _stp_stat_size(desc));
}

/* fls64(): 1-based index of the highest set bit, 0 for 0. */
static __always_inline int __stp_stat_fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/**
 * _stp_stat_bucket_of - the histogram bucket a value is counted in
 * @desc:	a descriptor with a histogram (STP_HIST_LOG or STP_HIST_LINEAR)
 * @val:	the value
 *
 * For @hist_log: 64 + fls64(v) for v >= 0, 64 - fls64(-v) for v < 0.
 * For @hist_linear: 0 below start, else (v - start) / interval + 1, capped at
 * the overflow bucket.  SystemTap computes v - start in 64 bits and so
 * misplaces values more than S64_MAX away from start; this does not.
 *
 * Return: the bucket number, 0 .. desc->buckets - 1.
 */
static __always_inline int
_stp_stat_bucket_of(const struct _stp_hist_desc *desc, s64 val)
{
	u64 off;

	if (desc->type == STP_HIST_LOG) {
		if (val < 0)
			return STP_HIST_LOG_BUCKET0 -
			       __stp_stat_fls64(-(u64)val);
		return STP_HIST_LOG_BUCKET0 + __stp_stat_fls64((u64)val);
	}
	if (val < desc->start)
		return 0;
	off = div_u64((u64)val - (u64)desc->start, (u32)desc->interval);
	if (off >= (u64)(desc->buckets - 2))
		return desc->buckets - 1;
	return (int)off + 1;
}

/**
 * _stp_stat_add - add one value to an aggregate (the <<< operator)
 * @st:		this CPU's copy
 * @val:	the value
 * @desc:	the aggregate's descriptor
 *
 * Updates count, sum (wrapping), min, max, the histogram bucket and, when
 * @desc->var_shift >= 0, Welford's running mean and squared deviations,
 * exactly as SystemTap's __stp_stat_add() (with x = val << shift):
 *
 *	first value:	avg_s = x, m2 = 0
 *	then:		count++, delta = x - avg_s,
 *			avg_s += delta / count	(truncated toward zero),
 *			m2 += delta * (x - avg_s)
 *
 * The SystemTap runtime consulted (3.0, 2016) declares delta an int,
 * truncating deviations beyond 31 bits; it is 64-bit here (identical
 * results below that).
 *
 * Context: any; the caller keeps other writers of @st out (this CPU's
 * copy with preemption disabled).  Never allocates or sleeps.
 */
static __always_inline void _stp_stat_add(struct _stp_stat *st, s64 val,
					  const struct _stp_hist_desc *desc)
{
	int shift = desc->var_shift;

	if (unlikely(st->count == 0)) {
		st->count = 1;
		st->sum = val;
		st->min = val;
		st->max = val;
		if (shift >= 0) {
			st->avg_s = (s64)((u64)val << shift);
			st->m2 = 0;
		}
	} else {
		st->count++;
		st->sum = (s64)((u64)st->sum + (u64)val);
		if (val > st->max)
			st->max = val;
		if (val < st->min)
			st->min = val;
		if (shift >= 0) {
			u64 x = (u64)val << shift;
			s64 delta = (s64)(x - (u64)st->avg_s);

			st->avg_s = (s64)((u64)st->avg_s +
					  (u64)div64_s64(delta, st->count));
			st->m2 = (s64)((u64)st->m2 +
				       (u64)delta * (x - (u64)st->avg_s));
		}
	}
	if (desc->type != STP_HIST_NONE)
		st->hist[_stp_stat_bucket_of(desc, val)]++;
}

/**
 * _stp_stat_count - @count of a total
 * @st:		a total (or a single copy)
 *
 * Return: the number of values; 0 for an empty aggregate (no error).
 */
static inline s64 _stp_stat_count(const struct _stp_stat *st)
{
	return st->count;
}

/**
 * _stp_stat_sum - @sum of a total
 * @st:		a total (or a single copy)
 *
 * Return: the sum modulo 2^64; 0 for an empty aggregate (no error).
 */
static inline s64 _stp_stat_sum(const struct _stp_stat *st)
{
	return st->count ? st->sum : 0;
}

/**
 * _stp_stat_buckets - number of buckets of an aggregate's histogram
 * @desc:	the aggregate's descriptor
 *
 * foreach (i in @hist_x(v)) runs i over 0 .. this - 1, empty buckets
 * included, as SystemTap does.
 *
 * Return: desc->buckets, or 0 without a histogram.
 */
static inline int _stp_stat_buckets(const struct _stp_hist_desc *desc)
{
	return desc->type == STP_HIST_NONE ? 0 : desc->buckets;
}

int _stp_hist_desc_check(const struct _stp_hist_desc *desc);
void _stp_stat_fold(struct _stp_stat *dst, const struct _stp_stat *src,
		    const struct _stp_hist_desc *desc);
int _stp_stat_min(const struct _stp_stat *st, s64 *res);
int _stp_stat_max(const struct _stp_stat *st, s64 *res);
int _stp_stat_avg(const struct _stp_stat *st, s64 *res);
int _stp_stat_variance(const struct _stp_stat *st,
		       const struct _stp_hist_desc *desc, s64 *res);
const char *_stp_stat_strerror(int err);
int _stp_stat_bucket_get(const struct _stp_stat *st,
			 const struct _stp_hist_desc *desc, s64 index,
			 s64 *res);
s64 _stp_stat_bucket_lower(const struct _stp_hist_desc *desc, int i);
s64 _stp_stat_bucket_upper(const struct _stp_hist_desc *desc, int i);
s64 _stp_stat_bucket_label(const struct _stp_hist_desc *desc, int i,
			   char *prefix);
int __stp_stat_print_histogram(struct _stp_out *out,
			       const struct _stp_stat *st,
			       const struct _stp_hist_desc *desc,
			       int width, int elision);
int _stp_stat_print_histogram(struct _stp_out *out,
			      const struct _stp_stat *st,
			      const struct _stp_hist_desc *desc);

#endif /* _STP_STAT_H_ */
