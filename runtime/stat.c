// SPDX-License-Identifier: GPL-2.0-only
/* stat.c - statistics aggregates: fold per-CPU copies, read, print.
 *
 * The fast path (_stp_stat_add) is inline in stat.h; this file holds what
 * runs when an aggregate is read: folding the per-CPU copies into a total,
 * the @min/@max/@avg/@variance extractors, histogram bucket access for
 * @hist_x(v)[i] and foreach, and the ASCII-art rendering of print(@hist_x).
 */
#include "stat.h"
#include "format.h"

/**
 * _stp_hist_desc_check - validate a descriptor
 * @desc:	the descriptor
 *
 * A @hist_linear needs 1 <= interval <= U32_MAX, stop >= start, between 3
 * and STP_HIST_MAX_BUCKETS buckets ((stop - start) / interval + 3, as
 * SystemTap's _stp_stat_calc_buckets), and labels that fit in 64 bits
 * (stop + 2 * interval <= S64_MAX).  The @variance shift must be
 * STP_STAT_NO_VARIANCE or 0 .. STP_STAT_MAX_SHIFT.
 *
 * Return: 0, or -EINVAL if @desc is not usable.
 */
int _stp_hist_desc_check(const struct _stp_hist_desc *desc)
{
	u64 span;

	if (desc->var_shift != STP_STAT_NO_VARIANCE &&
	    (desc->var_shift < 0 || desc->var_shift > STP_STAT_MAX_SHIFT))
		return -EINVAL;
	switch (desc->type) {
	case STP_HIST_NONE:
		return 0;
	case STP_HIST_LOG:
		return desc->buckets == STP_HIST_LOG_BUCKETS ? 0 : -EINVAL;
	case STP_HIST_LINEAR:
		if (desc->interval < 1 || desc->interval > (s64)(u32)~0U ||
		    desc->stop < desc->start)
			return -EINVAL;
		if (desc->stop > 0 &&
		    (u64)(S64_MAX - desc->stop) < 2 * (u64)desc->interval)
			return -EINVAL;
		span = div_u64((u64)desc->stop - (u64)desc->start,
			       (u32)desc->interval);
		if (span > STP_HIST_MAX_BUCKETS - 3 ||
		    desc->buckets != (int)span + 3)
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

/*
 * The @variance sums of _stp_stat_fold() for @st: its own if it is a
 * total, else those of the copy folded alone.
 */
static void stat_var_terms(const struct _stp_stat *st, u64 *t1, u64 *t2,
			   u64 *s2)
{
	u64 n = (u64)st->count, a = (u64)st->avg_s;

	if (st->folded || !st->count) {
		*t1 = st->fold_t1;
		*t2 = st->fold_t2;
		*s2 = st->fold_s2;
		return;
	}
	*t1 = n * a;
	*t2 = n * a * a;
	*s2 = n > 1 ? (n - 1) * (u64)div64_s64(st->m2, st->count - 1) : 0;
}

/**
 * _stp_stat_fold - merge one CPU's copy into a total
 * @dst:	the total, emptied by _stp_stat_init() before the first fold
 * @src:	one CPU's copy (or another total, to merge totals)
 * @desc:	the aggregate's descriptor
 *
 * Count, sum (wrapping), min, max and histogram buckets add up.  For
 * @variance, the total keeps, modulo 2^64, the three sums that SystemTap's
 * _stp_stat_get() forms over the CPUs once it knows the overall mean A:
 *
 *	S1 = sum_i n_i (a_i - A)^2 = T2 - 2 A T1 + A^2 n
 *	with T1 = sum_i n_i a_i and T2 = sum_i n_i a_i^2,
 *	S2 = sum_i (n_i - 1) v_i,  v_i = m2_i / (n_i - 1) (0 when n_i = 1)
 *
 * (n_i, a_i, m2_i: a copy's count, avg_s and m2).  Expanding the square
 * is exact in arithmetic modulo 2^64, so _stp_stat_variance() returns
 * SystemTap's value bit for bit, overflow included, from a single pass in
 * any order of the copies.
 *
 * Context: may run while other CPUs add to @src (see stat.h); never
 * allocates or sleeps.
 */
void _stp_stat_fold(struct _stp_stat *dst, const struct _stp_stat *src,
		    const struct _stp_hist_desc *desc)
{
	s64 n = src->count;
	int i, nb;

	if (!n)
		return;
	if (!dst->count) {
		dst->min = src->min;
		dst->max = src->max;
	} else {
		if (src->min < dst->min)
			dst->min = src->min;
		if (src->max > dst->max)
			dst->max = src->max;
	}
	dst->count += n;
	dst->sum = (s64)((u64)dst->sum + (u64)src->sum);
	if (desc->var_shift >= 0) {
		u64 t1, t2, s2;

		stat_var_terms(src, &t1, &t2, &s2);
		dst->fold_t1 += t1;
		dst->fold_t2 += t2;
		dst->fold_s2 += s2;
	}
	dst->folded += src->folded ? src->folded : 1;
	nb = _stp_stat_buckets(desc);
	for (i = 0; i < nb; i++)
		dst->hist[i] += src->hist[i];
}

/**
 * _stp_stat_min - @min of a total
 * @st:		a total
 * @res:	where to store the smallest value
 *
 * Return: 0, or -ENODATA if the aggregate is empty ("empty aggregate").
 */
int _stp_stat_min(const struct _stp_stat *st, s64 *res)
{
	if (!st->count)
		return -ENODATA;
	*res = st->min;
	return 0;
}

/**
 * _stp_stat_max - @max of a total
 * @st:		a total
 * @res:	where to store the largest value
 *
 * Return: 0, or -ENODATA if the aggregate is empty ("empty aggregate").
 */
int _stp_stat_max(const struct _stp_stat *st, s64 *res)
{
	if (!st->count)
		return -ENODATA;
	*res = st->max;
	return 0;
}

/**
 * _stp_stat_avg - @avg of a total
 * @st:		a total
 * @res:	where to store @sum / @count, truncated toward zero
 *
 * Return: 0, or -ENODATA if the aggregate is empty ("empty aggregate").
 */
int _stp_stat_avg(const struct _stp_stat *st, s64 *res)
{
	if (!st->count)
		return -ENODATA;
	*res = div64_s64(st->sum, st->count);
	return 0;
}

/**
 * _stp_stat_variance - @variance(v [, shift]) of a total
 * @st:		a total (or a single copy)
 * @desc:	the aggregate's descriptor, whose var_shift is the shift
 * @res:	where to store the variance
 *
 * SystemTap's formula (runtime/stat.c _stp_stat_get), with s = shift, n
 * the total count, and the per-CPU sums S1 and S2 of _stp_stat_fold():
 *
 *	A          = (sum << s) / n
 *	variance_s = (S1 + S2) / (n - 1)	(0 when n = 1)
 *	@variance  = variance_s >> 2s		(arithmetic shift)
 *
 * all in 64-bit integers, divisions truncated toward zero.  The result is
 * the sample variance (divisor n - 1) up to the truncation and overflow of
 * integer arithmetic: the values 1..5 give 12 with s = 0 and 2 with s = 1
 * (true value 2.5), as the stap(1) manual shows.  For 2s >= 64 the shift
 * count is taken modulo 64, as x86-64 does for SystemTap's "x >> 2s".
 *
 * Return: 0; -ENODATA if the aggregate is empty ("empty aggregate");
 * -EINVAL if @desc has no @variance shift (var_shift < 0).
 */
int _stp_stat_variance(const struct _stp_stat *st,
		       const struct _stp_hist_desc *desc, s64 *res)
{
	int shift = desc->var_shift;
	u64 n, a, s1, t1, t2, s2;
	s64 var_s;

	if (shift < 0)
		return -EINVAL;
	if (!st->count)
		return -ENODATA;
	stat_var_terms(st, &t1, &t2, &s2);
	n = (u64)st->count;
	a = (u64)div64_s64((s64)((u64)st->sum << shift), st->count);
	s1 = t2 - 2 * a * t1 + a * a * n;
	var_s = st->count > 1 ? div64_s64((s64)(s1 + s2), st->count - 1) : 0;
	*res = var_s >> ((2 * shift) & 63);
	return 0;
}

/**
 * _stp_stat_strerror - the script error message of an extractor's error
 * @err:	a negative return of a function of this file
 *
 * Return: SystemTap's message: "empty aggregate" for -ENODATA,
 * "histogram index out of range" for -ERANGE.
 */
const char *_stp_stat_strerror(int err)
{
	switch (err) {
	case -ENODATA:
		return "empty aggregate";
	case -ERANGE:
		return "histogram index out of range";
	case -EINVAL:
		return "invalid statistics descriptor";
	}
	return "statistics error";
}

/**
 * _stp_stat_bucket_get - @hist_x(v)[index]: one bucket's count
 * @st:		a total
 * @desc:	the aggregate's descriptor, with a histogram
 * @index:	bucket number, 0 .. _stp_stat_buckets(@desc) - 1 (for
 *		@hist_linear 0 is the underflow bucket, for @hist_log
 *		STP_HIST_LOG_BUCKET0 is the bucket of 0)
 * @res:	where to store the count
 *
 * Return: 0, or -ERANGE for an index out of range ("histogram index out
 * of range"; @res is set to 0 then, as SystemTap does).
 */
int _stp_stat_bucket_get(const struct _stp_stat *st,
			 const struct _stp_hist_desc *desc, s64 index,
			 s64 *res)
{
	if (index < 0 || index >= _stp_stat_buckets(desc)) {
		*res = 0;
		return -ERANGE;
	}
	*res = st->hist[index];
	return 0;
}

/* Value printed for a @hist_log bucket: 0, +-2^k; SystemTap's
 * _stp_bucket_to_val (S64_MIN >> i below bucket 64). */
static s64 stat_log_value(int i)
{
	if (i == STP_HIST_LOG_BUCKET0)
		return 0;
	if (i < STP_HIST_LOG_BUCKET0)
		return i <= 0 ? S64_MIN : -(s64)(1ULL << (63 - i));
	return (s64)(1ULL << (i - STP_HIST_LOG_BUCKET0 - 1));
}

/**
 * _stp_stat_bucket_label - the number print(@hist_x) shows for a bucket
 * @desc:	a descriptor with a histogram
 * @i:		bucket number, 0 .. desc->buckets - 1
 * @prefix:	if not NULL, set to '<' (linear underflow), '>' (linear
 *		overflow) or '\0'
 *
 * For @hist_log: 0 for bucket 64, 2^(i-65) above it, -2^(63-i) below it
 * (the value nearest zero; bucket 0 shows S64_MIN).  For @hist_linear: the
 * bucket's lowest value; start for the underflow bucket ("<start") and,
 * for the overflow bucket, the label of the bucket below it (">stop" when
 * interval divides stop - start), although it holds larger values only.
 *
 * Return: the label value.
 */
s64 _stp_stat_bucket_label(const struct _stp_hist_desc *desc, int i,
			   char *prefix)
{
	char p = '\0';
	s64 v;

	if (desc->type == STP_HIST_LOG) {
		v = stat_log_value(i);
	} else if (i <= 0) {
		p = '<';
		v = desc->start;
	} else if (i >= desc->buckets - 1) {
		p = '>';
		v = desc->start + (s64)(desc->buckets - 3) * desc->interval;
	} else {
		v = desc->start + (s64)(i - 1) * desc->interval;
	}
	if (prefix)
		*prefix = p;
	return v;
}

/**
 * _stp_stat_bucket_lower - smallest value counted in a bucket
 * @desc:	a descriptor with a histogram
 * @i:		bucket number, 0 .. desc->buckets - 1
 *
 * Return: S64_MIN for the first bucket (log bucket 0, linear underflow),
 * else the least value v with _stp_stat_bucket_of(@desc, v) == @i.
 */
s64 _stp_stat_bucket_lower(const struct _stp_hist_desc *desc, int i)
{
	if (desc->type == STP_HIST_LOG) {
		if (i <= 0)
			return S64_MIN;
		if (i < STP_HIST_LOG_BUCKET0)	/* -(2^(64-i) - 1) */
			return -(s64)((1ULL << (64 - i)) - 1);
		return stat_log_value(i);
	}
	if (i <= 0)
		return S64_MIN;
	return desc->start + (s64)(i - 1) * desc->interval;
}

/**
 * _stp_stat_bucket_upper - largest value counted in a bucket
 * @desc:	a descriptor with a histogram
 * @i:		bucket number, 0 .. desc->buckets - 1
 *
 * Return: S64_MAX for the last bucket (log bucket 127, linear overflow),
 * else the greatest value v with _stp_stat_bucket_of(@desc, v) == @i.
 */
s64 _stp_stat_bucket_upper(const struct _stp_hist_desc *desc, int i)
{
	if (i >= desc->buckets - 1)
		return S64_MAX;
	return _stp_stat_bucket_lower(desc, i + 1) - 1;
}

/* ---- printing ------------------------------------------------------------ */

/* Append @n bytes; what does not fit in out->size is counted, not stored. */
static void stat_put(struct _stp_out *out, const char *s, size_t n)
{
	if (out->len < out->size) {
		size_t room = out->size - out->len;

		memcpy(out->buf + out->len, s, n < room ? n : room);
	}
	out->len += n;
}

/* Append @n copies of @c (nothing if @n <= 0). */
static void stat_fill(struct _stp_out *out, char c, s64 n)
{
	for (; n > 0; n--, out->len++)
		if (out->len < out->size)
			out->buf[out->len] = c;
}

static inline int stat_max(int a, int b)
{
	return a > b ? a : b;
}

static inline int stat_min(int a, int b)
{
	return a < b ? a : b;
}

/* Characters of a number in decimal: SystemTap's needed_space(). */
static int stat_digits(s64 v)
{
	u64 m = v < 0 ? -(u64)v : (u64)v;
	int n = v < 0 ? 2 : 1;

	while (m >= 10) {
		m = div_u64(m, 10);
		n++;
	}
	return n;
}

/* Append a number in decimal, right-aligned in a field of @width. */
static void stat_put_dec(struct _stp_out *out, s64 v, int width)
{
	char tmp[24];
	int i = sizeof(tmp);
	u64 m = v < 0 ? -(u64)v : (u64)v;
	u32 r;

	do {
		m = div_u64_rem(m, 10, &r);
		tmp[--i] = (char)('0' + r);
	} while (m);
	if (v < 0)
		tmp[--i] = '-';
	stat_fill(out, ' ', width - (int)(sizeof(tmp) - i));
	stat_put(out, tmp + i, sizeof(tmp) - i);
}

/* A bucket's count; 0 outside the array (SystemTap reads bucket -1 there
 * when the histogram is empty). */
static s64 stat_count_at(const struct _stp_stat *st, int nb, int i)
{
	return i >= 0 && i < nb ? st->hist[i] : 0;
}

/**
 * __stp_stat_print_histogram - render a histogram with explicit settings
 * @out:	where to write (struct _stp_out of format.h); what does not
 *		fit is counted in out->len but not written
 * @st:		a total
 * @desc:	the aggregate's descriptor, with a histogram
 * @width:	bar width in columns (HIST_WIDTH)
 * @elision:	empty buckets kept next to non-empty ones (HIST_ELISION)
 *
 * Byte for byte what SystemTap's _stp_stat_print_histogram_buf prints:
 *
 *   1. The rows run from the first to the last non-empty bucket, plus up
 *      to two more on each side (for @hist_log never below bucket 64, the
 *      bucket of 0, unless there are negative values; for @hist_linear the
 *      under/overflow rows only when non-empty).
 *   2. The header is "value |", @width dashes and " count", "value"
 *      right-aligned in the label column.  That column is at least 5 wide
 *      and as wide as the first and the last row's label, counting a '<'
 *      or '>'; for @hist_linear SystemTap sizes the last label as start +
 *      interval * (its bucket number), one interval more than it prints,
 *      and so does this.
 *   3. A row is its label right-aligned ("<start" / ">stop" for linear
 *      under/overflow), " |", count / scale '@' characters, then the count
 *      right-aligned so that every count ends in the same column (one
 *      space after the bar area, widest count's digits).  scale is 1 when
 *      the largest count is at most @width, else ceil(max / @width), so
 *      the longest bar has at most @width characters.
 *   4. If @elision >= 0, a row is dropped when its bucket and every bucket
 *      within @elision of it (inside the rows of 1.) are empty; where rows
 *      were dropped before a printed row, a line of spaces as wide as the
 *      labels and " ~" marks the gap.
 *   5. A blank line ends the histogram.
 *
 * An empty histogram prints only the header and the blank line (the
 * header as wide as SystemTap makes it: 20 columns for @hist_log).
 *
 * Return: 0, or -EINVAL if @desc has no histogram or @width < 1.
 */
int __stp_stat_print_histogram(struct _stp_out *out,
			       const struct _stp_stat *st,
			       const struct _stp_hist_desc *desc,
			       int width, int elision)
{
	int nb = _stp_stat_buckets(desc);
	int low = -1, high = 0, over = 0, under = 0;
	int val_space, cnt_space, i, k, max_elide;
	bool eliding = false;
	s64 valmax = 0, scale = 1, v;

	if (!nb || width < 1)
		return -EINVAL;

	for (i = 0; i < nb; i++) {
		if (st->hist[i] > 0) {
			if (low == -1)
				low = i;
			high = i;
		}
		if (st->hist[i] > valmax)
			valmax = st->hist[i];
	}

	/* Up to two empty rows on either side of the data. */
	for (i = 0; i < 2; i++) {
		if (desc->type == STP_HIST_LOG) {
			if (low != STP_HIST_LOG_BUCKET0 && low > 0)
				low--;
		} else if (low > 0) {
			low--;
		}
		if (high < nb - 1)
			high++;
	}
	if (desc->type == STP_HIST_LINEAR) {
		if (low == 0 && st->hist[0] == 0)
			low++;
		if (high == nb - 1 && st->hist[high] == 0)
			high--;
		under = low == 0;
		over = high == nb - 1;
	}

	if (valmax > width) {
		u32 rem;

		scale = (s64)div_u64_rem((u64)valmax, (u32)width, &rem);
		if (rem)
			scale++;
	}
	cnt_space = stat_digits(valmax);

	if (desc->type == STP_HIST_LINEAR) {
		val_space = stat_max(stat_digits(desc->start) + under,
				     stat_digits(desc->start +
						 desc->interval * high) + over);
	} else {
		val_space = stat_max(stat_digits(stat_log_value(high)),
				     stat_digits(stat_log_value(low < 0 ? 0 :
								low)));
	}
	val_space = stat_max(val_space, 5);	/* strlen("value") */

	stat_fill(out, ' ', val_space - 5);
	stat_put(out, "value |", 7);
	stat_fill(out, '-', width);
	stat_put(out, " count\n", 7);

	max_elide = stat_min(elision, nb);
	for (i = stat_max(low, 0); i <= high; i++) {
		char prefix;
		s64 label;

		if (elision >= 0) {
			int from = stat_max(low, i - max_elide);
			int to = stat_min(high, i + max_elide);
			bool elide = true;

			for (k = from; k <= to; k++)
				if (stat_count_at(st, nb, k) != 0)
					elide = false;
			if (elide) {
				eliding = true;
				continue;
			}
			if (eliding) {
				stat_fill(out, ' ', val_space);
				stat_put(out, " ~\n", 3);
				eliding = false;
			}
		}

		label = _stp_stat_bucket_label(desc, i, &prefix);
		stat_fill(out, ' ', val_space - stat_digits(label) -
			  (prefix ? 1 : 0));
		if (prefix)
			stat_put(out, &prefix, 1);
		stat_put_dec(out, label, 0);
		stat_put(out, " |", 2);

		v = div64_s64(st->hist[i], scale);
		stat_fill(out, '@', v);
		stat_put_dec(out, st->hist[i],
			     (int)(width - v + 1 + cnt_space));
		stat_put(out, "\n", 1);
	}
	stat_put(out, "\n", 1);
	return 0;
}

/**
 * _stp_stat_print_histogram - print(@hist_log(v)), print(@hist_linear(...))
 * @out:	where to write (struct _stp_out of format.h); what does not
 *		fit is counted in out->len but not written, so a caller can
 *		size a buffer by printing into a 0-byte one
 * @st:		a total
 * @desc:	the aggregate's descriptor, with a histogram
 *
 * __stp_stat_print_histogram() with HIST_WIDTH and HIST_ELISION (-D
 * options, as in SystemTap).  At most STP_HIST_PRINT_MAX bytes.
 *
 * Return: 0, or -EINVAL if @desc has no histogram.
 */
int _stp_stat_print_histogram(struct _stp_out *out,
			      const struct _stp_stat *st,
			      const struct _stp_hist_desc *desc)
{
	return __stp_stat_print_histogram(out, st, desc, HIST_WIDTH,
					  HIST_ELISION);
}
