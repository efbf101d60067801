// SPDX-License-Identifier: GPL-2.0-only
/* lang.c - the script language's run-time support: the out-of-line half
 * of lang.h (array and statistics storage, folding per-CPU copies, sorted
 * foreach buffers, the print family).  Allocation happens only in the
 * *_init functions, which the script's init calls at module load. */
#include "lang.h"

#ifdef __KERNEL__
#include <linux/cpumask.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>

static void *_stp_lang_alloc(size_t size)
{
	return vmalloc(size);
}

static void *_stp_lang_zalloc(size_t size)
{
	return vzalloc(size);
}

static void _stp_lang_free(void *p)
{
	vfree(p);
}

static u64 _stp_lang_seed(void)
{
	return get_random_u64();
}

#define _stp_ncpus() nr_cpu_ids
#define _stp_cpu_ok(cpu) cpu_possible(cpu)

/* -G name=value for number globals: s64 is not a type moduleparam.h
 * knows by name, so it gets its own operations. */
static int _stp_param_set_s64(const char *val, const struct kernel_param *kp)
{
	return kstrtoll(val, 0, (s64 *)kp->arg);
}

static int _stp_param_get_s64(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%lld\n", *(s64 *)kp->arg);
}

const struct kernel_param_ops _stp_param_ops_s64 = {
	.set = _stp_param_set_s64,
	.get = _stp_param_get_s64,
};
#else
#include <stdlib.h>

static void *_stp_lang_alloc(size_t size)
{
	return malloc(size);
}

static void *_stp_lang_zalloc(size_t size)
{
	return calloc(1, size);
}

static void _stp_lang_free(void *p)
{
	free(p);
}

static u64 _stp_lang_seed(void)
{
	return 0;
}

#define _stp_ncpus() 1U
#define _stp_cpu_ok(cpu) 1
#endif

/* ---- strings ---- */

/**
 * _stp_str_concat - a . b into dst
 * @dst: MAXSTRINGLEN bytes, distinct from a and b
 * @a: left operand
 * @b: right operand
 *
 * Return: @dst, holding at most MAXSTRINGLEN - 1 bytes.
 */
char *_stp_str_concat(char *dst, const char *a, const char *b)
{
	_stp_str_copy(dst, a);
	return _stp_str_append(dst, b);
}

/**
 * _stp_str_append - dst .= b, truncating
 * @dst: MAXSTRINGLEN bytes holding a string
 * @b: what to append; may be @dst itself
 *
 * Return: @dst.
 */
char *_stp_str_append(char *dst, const char *b)
{
	size_t n = strnlen(dst, MAXSTRINGLEN - 1);
	size_t m = strnlen(b, MAXSTRINGLEN - 1);

	if (m > MAXSTRINGLEN - 1 - n)
		m = MAXSTRINGLEN - 1 - n;
	memmove(dst + n, b, m);
	dst[n + m] = '\0';
	return dst;
}

/* ---- statistics ---- */

/**
 * _stp_stat_op - @count/@sum/@min/@max/@avg/@variance of a total
 * @c: context, for "empty aggregate"
 * @st: the total
 * @desc: its descriptor
 * @op: enum _stp_stat_op
 *
 * Return: the value, or 0 after reporting an error.
 */
s64 _stp_stat_op(struct stp_context *c, const struct _stp_stat *st,
		 const struct _stp_hist_desc *desc, int op)
{
	s64 r = 0;
	int rc = 0;

	switch (op) {
	case STP_OP_COUNT:
		return _stp_stat_count(st);
	case STP_OP_SUM:
		return _stp_stat_sum(st);
	case STP_OP_MIN:
		rc = _stp_stat_min(st, &r);
		break;
	case STP_OP_MAX:
		rc = _stp_stat_max(st, &r);
		break;
	case STP_OP_AVG:
		rc = _stp_stat_avg(st, &r);
		break;
	case STP_OP_VARIANCE:
		rc = _stp_stat_variance(st, desc, &r);
		break;
	}
	if (rc) {
		_stp_error(c, "%s", _stp_stat_strerror(rc));
		return 0;
	}
	return r;
}

/**
 * _stp_stat_bucket - @hist_x(v)[index]
 * @c: context, for "histogram index out of range"
 * @st: the total
 * @desc: its descriptor
 * @index: bucket number
 *
 * Return: the bucket's count, or 0 after reporting an error.
 */
s64 _stp_stat_bucket(struct stp_context *c, const struct _stp_stat *st,
		     const struct _stp_hist_desc *desc, s64 index)
{
	s64 r = 0;
	int rc = _stp_stat_bucket_get(st, desc, index, &r);

	if (rc) {
		_stp_error(c, "%s", _stp_stat_strerror(rc));
		return 0;
	}
	return r;
}

/**
 * _stp_sstat_init - allocate a scalar aggregate's copies and total
 * @s: the aggregate, with name and desc set
 *
 * Context: module load, may sleep.
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int _stp_sstat_init(struct _stp_sstat *s)
{
	size_t sz = _stp_stat_size(s->desc);
	u32 cpu;

	s->cpu = _stp_lang_zalloc(_stp_ncpus() * sizeof(*s->cpu));
	s->total = _stp_lang_zalloc(sz);
	if (!s->cpu || !s->total)
		goto fail;
	for (cpu = 0; cpu < _stp_ncpus(); cpu++) {
		if (!_stp_cpu_ok(cpu))
			continue;
		s->cpu[cpu] = _stp_lang_zalloc(sz);
		if (!s->cpu[cpu])
			goto fail;
	}
	return 0;
fail:
	_stp_sstat_free(s);
	return -ENOMEM;
}

void _stp_sstat_free(struct _stp_sstat *s)
{
	u32 cpu;

	if (s->cpu)
		for (cpu = 0; cpu < _stp_ncpus(); cpu++)
			_stp_lang_free(s->cpu[cpu]);
	_stp_lang_free(s->cpu);
	_stp_lang_free(s->total);
	s->cpu = NULL;
	s->total = NULL;
}

/**
 * _stp_sstat_fold - fold every CPU's copy into the total
 * @s: the aggregate
 *
 * Context: the aggregate's write lock.
 * Return: the total, valid until the next fold.
 */
const struct _stp_stat *_stp_sstat_fold(struct _stp_sstat *s)
{
	u32 cpu;

	_stp_stat_init(s->total, s->desc);
	for (cpu = 0; cpu < _stp_ncpus(); cpu++)
		if (s->cpu[cpu])
			_stp_stat_fold(s->total, s->cpu[cpu], s->desc);
	return s->total;
}

/* delete s: every copy back to empty.  Context: write lock. */
void _stp_sstat_clear(struct _stp_sstat *s)
{
	u32 cpu;

	for (cpu = 0; cpu < _stp_ncpus(); cpu++)
		if (s->cpu[cpu])
			_stp_stat_init(s->cpu[cpu], s->desc);
}

/* ---- arrays ---- */

static struct _stp_map *_stp_array_new_map(const struct _stp_array *a)
{
	struct _stp_map_desc d = {
		.nkeys = a->nkeys,
		.val_kind = a->val_kind,
		.wrap = a->wrap,
		.seed = _stp_lang_seed(),
		.alloc = _stp_lang_alloc,
		.free = _stp_lang_free,
	};

	memcpy(d.key_kind, a->key_kind, sizeof(d.key_kind));
	if (a->val_kind == STP_MAP_BLOB)
		d.val_size = _stp_stat_size(a->desc);
	return _stp_map_new(&d, a->size ? a->size : MAXMAPENTRIES);
}

/**
 * _stp_array_init - create an array's maps
 * @a: the array as generated code declares it
 *
 * Context: module load, may sleep.
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int _stp_array_init(struct _stp_array *a)
{
	u32 cpu;

	if (a->val_kind != STP_MAP_BLOB) {
		a->map = _stp_array_new_map(a);
		return a->map ? 0 : -ENOMEM;
	}
	a->cpu = _stp_lang_zalloc(_stp_ncpus() * sizeof(*a->cpu));
	a->agg = _stp_array_new_map(a);
	a->total = _stp_lang_zalloc(_stp_stat_size(a->desc));
	if (!a->cpu || !a->agg || !a->total)
		goto fail;
	for (cpu = 0; cpu < _stp_ncpus(); cpu++) {
		if (!_stp_cpu_ok(cpu))
			continue;
		a->cpu[cpu] = _stp_array_new_map(a);
		if (!a->cpu[cpu])
			goto fail;
	}
	return 0;
fail:
	_stp_array_free(a);
	return -ENOMEM;
}

void _stp_array_free(struct _stp_array *a)
{
	u32 cpu;

	if (a->map)
		_stp_map_destroy(a->map);
	if (a->cpu) {
		for (cpu = 0; cpu < _stp_ncpus(); cpu++)
			if (a->cpu[cpu])
				_stp_map_destroy(a->cpu[cpu]);
		_stp_lang_free(a->cpu);
	}
	if (a->agg)
		_stp_map_destroy(a->agg);
	_stp_lang_free(a->total);
	a->map = NULL;
	a->cpu = NULL;
	a->agg = NULL;
	a->total = NULL;
}

/**
 * _stp_array_overflow - report a full array, in SystemTap's words
 * @c: context
 * @a: the array
 *
 * Return: -1, for the caller to return.
 */
int _stp_array_overflow(struct stp_context *c, const struct _stp_array *a)
{
	if (a->size)
		_stp_error(c, "Array overflow, check size limit (%u)", a->size);
	else
		_stp_error(c, "Array overflow, check MAXMAPENTRIES");
	return -1;
}

/**
 * _stp_array_stat_get - one key of a statistics array, all CPUs folded
 * @a: the array
 * @k: the keys
 *
 * Context: write lock.
 * Return: the total (empty when no CPU has the key), valid until the
 * next call on @a.
 */
const struct _stp_stat *_stp_array_stat_get(struct _stp_array *a,
					    const union _stp_key *k)
{
	u32 cpu;

	_stp_stat_init(a->total, a->desc);
	for (cpu = 0; cpu < _stp_ncpus(); cpu++) {
		const void *v;

		if (!a->cpu[cpu])
			continue;
		v = _stp_map_get_blob(a->cpu[cpu], k);
		if (v)
			_stp_stat_fold(a->total, v, a->desc);
	}
	return a->total;
}

/* [k] in a, wildcards allowed.  Context: write lock. */
bool _stp_array_stat_exists(struct _stp_array *a, const union _stp_key *k,
			    u32 wild)
{
	u32 cpu;

	for (cpu = 0; cpu < _stp_ncpus(); cpu++)
		if (a->cpu[cpu] && _stp_map_exists_wild(a->cpu[cpu], k, wild))
			return true;
	return false;
}

/* delete a[k] on every CPU.  Context: write lock. */
void _stp_array_stat_delete(struct _stp_array *a, const union _stp_key *k,
			    u32 wild)
{
	u32 cpu;

	for (cpu = 0; cpu < _stp_ncpus(); cpu++)
		if (a->cpu[cpu])
			_stp_map_delete_wild(a->cpu[cpu], k, wild);
}

/* delete a.  Context: write lock. */
void _stp_array_clear(struct _stp_array *a)
{
	u32 cpu;

	if (a->map) {
		_stp_map_clear(a->map);
		return;
	}
	for (cpu = 0; cpu < _stp_ncpus(); cpu++)
		if (a->cpu[cpu])
			_stp_map_clear(a->cpu[cpu]);
	_stp_map_clear(a->agg);
}

/**
 * _stp_array_stat_agg - fold every CPU's map into the aggregate map
 * @c: context, for an overflow of the aggregate map
 * @a: a statistics array
 *
 * Entries keep the order in which CPU 0, then CPU 1, ... first saw them.
 *
 * Context: write lock.
 * Return: the aggregate map, or NULL after an error.
 */
struct _stp_map *_stp_array_stat_agg(struct stp_context *c,
				     struct _stp_array *a)
{
	union _stp_key k[STP_MAP_MAX_KEYS];
	u32 cpu, i;

	_stp_map_clear(a->agg);
	for (cpu = 0; cpu < _stp_ncpus(); cpu++) {
		struct _stp_map *m = a->cpu[cpu];
		struct _stp_map_node *n;

		if (!m)
			continue;
		for (n = _stp_map_first(m); n; n = _stp_map_next(m, n)) {
			struct _stp_map_node *t;

			for (i = 0; i < a->nkeys; i++) {
				if (a->key_kind[i] == STP_MAP_NUM)
					k[i].num = _stp_map_key_num(m, n, i);
				else
					k[i].str = _stp_map_key_str(m, n, i);
			}
			t = _stp_map_insert(a->agg, k, NULL);
			if (!t) {
				_stp_array_overflow(c, a);
				return NULL;
			}
			_stp_stat_fold(_stp_map_val_blob(a->agg, t),
				       _stp_map_val_blob(m, n), a->desc);
		}
	}
	return a->agg;
}

/* ---- sorted foreach buffers ---- */

struct _stp_sortbuf {
	u32 depth;
	struct _stp_map_node **buf[STP_FOREACH_DEPTH];
};

static struct _stp_sortbuf **_stp_sortbufs;	/* one per CPU */
static u32 _stp_sort_cap;

/**
 * _stp_foreach_init - allocate the sorted-foreach buffers
 * @max_entries: the most entries of any array a sorted foreach walks
 *
 * Context: module load, may sleep.
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int _stp_foreach_init(u32 max_entries)
{
	u32 cpu, d;

	_stp_sort_cap = max_entries;
	_stp_sortbufs = _stp_lang_zalloc(_stp_ncpus() * sizeof(*_stp_sortbufs));
	if (!_stp_sortbufs)
		return -ENOMEM;
	for (cpu = 0; cpu < _stp_ncpus(); cpu++) {
		struct _stp_sortbuf *sb;

		if (!_stp_cpu_ok(cpu))
			continue;
		sb = _stp_lang_zalloc(sizeof(*sb));
		_stp_sortbufs[cpu] = sb;
		if (!sb)
			goto fail;
		for (d = 0; d < STP_FOREACH_DEPTH; d++) {
			sb->buf[d] = _stp_lang_alloc(max_entries *
						     sizeof(*sb->buf[d]));
			if (!sb->buf[d])
				goto fail;
		}
	}
	return 0;
fail:
	_stp_foreach_free();
	return -ENOMEM;
}

void _stp_foreach_free(void)
{
	u32 cpu, d;

	if (!_stp_sortbufs)
		return;
	for (cpu = 0; cpu < _stp_ncpus(); cpu++) {
		struct _stp_sortbuf *sb = _stp_sortbufs[cpu];

		if (!sb)
			continue;
		for (d = 0; d < STP_FOREACH_DEPTH; d++)
			_stp_lang_free(sb->buf[d]);
		_stp_lang_free(sb);
	}
	_stp_lang_free(_stp_sortbufs);
	_stp_sortbufs = NULL;
}

/* A probe hit starts with no sorted loop open (one left open by an
 * error unwinding out of its body is closed here). */
void _stp_foreach_reset(void)
{
	_stp_sortbufs[_stp_this_cpu()]->depth = 0;
}

u32 _stp_foreach_depth(void)
{
	return _stp_sortbufs[_stp_this_cpu()]->depth;
}

/* try/catch: the loops its body left open by an error are closed. */
void _stp_foreach_restore(u32 depth)
{
	_stp_sortbufs[_stp_this_cpu()]->depth = depth;
}

void _stp_foreach_done(void)
{
	_stp_sortbufs[_stp_this_cpu()]->depth--;
}

/**
 * _stp_foreach_sorted - collect and sort the entries a foreach visits
 * @c: context, for errors
 * @m: the map (an aggregate map for statistics arrays)
 * @keys: slice keys, or NULL
 * @wild: slice wildcard bits (key i free when bit i is set)
 * @spec: the order
 * @limit: most entries to visit, or STP_MAP_NO_LIMIT
 * @nodes: set to the sorted entries
 *
 * Pair a non-negative return with _stp_foreach_done() after the loop.
 *
 * Context: the map's lock, held until the loop ends.
 * Return: the number of entries, or -1 after an error.
 */
int _stp_foreach_sorted(struct stp_context *c, const struct _stp_map *m,
			const union _stp_key *keys, u32 wild,
			const struct _stp_map_sort_spec *spec, s64 limit,
			struct _stp_map_node ***nodes)
{
	struct _stp_sortbuf *sb = _stp_sortbufs[_stp_this_cpu()];
	u32 n;

	if (sb->depth >= STP_FOREACH_DEPTH) {
		_stp_error(c, "too many nested sorted foreach loops (%d)",
			   STP_FOREACH_DEPTH);
		return -1;
	}
	*nodes = sb->buf[sb->depth++];
	n = _stp_map_collect(m, *nodes, _stp_sort_cap, keys,
			     keys ? wild : ~0U);
	if (limit < 0)
		limit = 0;
	return (int)_stp_map_sort(m, *nodes, n, spec, limit);
}

/* Sort key of a statistics array's entry: the statistic named by arg
 * (an enum _stp_stat_op cast to a pointer); empty ones sort as 0. */
s64 _stp_foreach_stat_key(const void *val, void *arg)
{
	const struct _stp_stat *st = val;
	s64 r = 0;

	switch ((long)arg) {
	case STP_OP_COUNT:
		return st->count;
	case STP_OP_SUM:
		return _stp_stat_sum(st);
	case STP_OP_MIN:
		_stp_stat_min(st, &r);
		return r;
	case STP_OP_MAX:
		_stp_stat_max(st, &r);
		return r;
	case STP_OP_AVG:
		_stp_stat_avg(st, &r);
		return r;
	}
	return 0;
}

/* ---- print family ---- */

static void _stp_print_bytes(struct stp_context *c, const char *s, size_t n)
{
	struct _stp_out *o = &c->out;

	_stp_print_reserve(c, n);
	if (o->len + n > o->size)
		n = o->size - o->len;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void _stp_print_str(struct stp_context *c, const char *s)
{
	_stp_print_bytes(c, s, strnlen(s, MAXSTRINGLEN - 1));
}

void _stp_print_char(struct stp_context *c, char ch)
{
	_stp_print_bytes(c, &ch, 1);
}

/**
 * _stp_sprint_num - a number in decimal, as print() writes it
 * @buf: at least 21 bytes (MAXSTRINGLEN is plenty)
 * @v: the number
 *
 * Return: @buf.
 */
const char *_stp_sprint_num(char *buf, s64 v)
{
	char tmp[24];
	u64 u = v < 0 ? 0 - (u64)v : (u64)v;
	int n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (v < 0)
		buf[i++] = '-';
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

void _stp_print_num(struct stp_context *c, s64 v)
{
	char buf[24];

	_stp_print_str(c, _stp_sprint_num(buf, v));
}

static int _stp_fmt_failed(struct stp_context *c, const struct _stp_out *o,
			   int rc)
{
	if (rc == STP_FMT_E_FAULT)
		_stp_error(c, "read fault at 0x%llx",
			   (unsigned long long)o->fault_addr);
	else
		_stp_error(c, "printf: %s", _stp_format_strerror(rc));
	return -1;
}

/**
 * _stp_printf - render a format into the hit's output
 * @c: context
 * @specs: the format, parsed by the translator
 * @nspecs: its pieces
 * @args: the values
 * @nargs: their number
 *
 * Output that does not fit the space left is retried after a flush; a
 * single printf larger than the whole buffer is truncated.
 *
 * Return: 0, or -1 after an error (nothing printed).
 */
int _stp_printf(struct stp_context *c, const struct _stp_fmt_spec *specs,
		int nspecs, const union _stp_fmt_arg *args, int nargs)
{
	struct _stp_out *o = &c->out;
	size_t start = o->len;
	int rc;

	rc = _stp_format_render(o, specs, nspecs, args, nargs);
	if (rc >= 0 && o->len > o->size && start > 0) {
		o->len = start;
		_stp_print_flush(c);
		rc = _stp_format_render(o, specs, nspecs, args, nargs);
	}
	if (o->len > o->size)
		o->len = o->size;
	if (rc < 0)
		return _stp_fmt_failed(c, o, -rc);
	return 0;
}

/**
 * _stp_sprintf - render a format into a string
 * @c: context (its memory reader serves %m)
 * @buf: MAXSTRINGLEN bytes
 * @specs: the format
 * @nspecs: its pieces
 * @args: the values
 * @nargs: their number
 *
 * Return: @buf, truncated to MAXSTRINGLEN - 1 bytes; "" after an error.
 */
const char *_stp_sprintf(struct stp_context *c, char *buf,
			 const struct _stp_fmt_spec *specs, int nspecs,
			 const union _stp_fmt_arg *args, int nargs)
{
	struct _stp_out o;
	int rc;

	_stp_out_init(&o, buf, MAXSTRINGLEN);
	o.read = c->out.read;
	o.read_ctx = c->out.read_ctx;
	rc = _stp_format_render(&o, specs, nspecs, args, nargs);
	_stp_out_cstr(&o);
	if (rc < 0) {
		buf[0] = '\0';
		_stp_fmt_failed(c, &o, -rc);
	}
	return buf;
}

/**
 * _stp_print_hist - print(@hist_log(x)) and friends
 * @c: context
 * @st: a total
 * @desc: its descriptor
 *
 * A histogram is written into an empty output buffer; one larger than
 * the buffer is cut at its end.
 *
 * Return: 0 (or -1 after an error).
 */
int _stp_print_hist(struct stp_context *c, const struct _stp_stat *st,
		    const struct _stp_hist_desc *desc)
{
	struct _stp_out *o = &c->out;
	size_t start = o->len;

	_stp_stat_print_histogram(o, st, desc);
	if (o->len > o->size && start > 0) {
		o->len = start;
		_stp_print_flush(c);
		_stp_stat_print_histogram(o, st, desc);
	}
	if (o->len > o->size)
		o->len = o->size;
	return 0;
}

/* sprint(@hist_log(x)): as much of the histogram as fits a string. */
const char *_stp_sprint_hist(struct stp_context *c, char *buf,
			     const struct _stp_stat *st,
			     const struct _stp_hist_desc *desc)
{
	struct _stp_out o;

	_stp_out_init(&o, buf, MAXSTRINGLEN);
	_stp_stat_print_histogram(&o, st, desc);
	_stp_out_cstr(&o);
	return buf;
}
