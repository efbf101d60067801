/* SPDX-License-Identifier: GPL-2.0-only */
/* lang.h - the script language's run-time support for generated code.
 *
 * What the translator's C calls besides the core services of context.h:
 * strings with MAXSTRINGLEN truncation, checked arithmetic, global arrays
 * (plain maps, and per-CPU statistics folded on read), function frames
 * with the MAXNESTING limit, the buffers of sorted foreach, and the print
 * family writing into c->out.  Hot paths are inline; the rest is lang.c.
 *
 * Error convention: a function taking the context reports a script error
 * with _stp_error() and returns non-zero (or NULL); the generated code
 * then jumps to its unwind label.  c->last_stmt is set by the caller.
 */
#ifndef _STP_LANG_H_
#define _STP_LANG_H_

#include "stp_types.h"
#include "script.h"
#include "context.h"
#include "map.h"
#include "stat.h"
#include "format.h"

#ifdef __KERNEL__
#include <linux/sched.h>
#include <linux/smp.h>
#define _stp_this_cpu() smp_processor_id()
#else
#define _stp_this_cpu() 0
#endif

/* Nested sorted foreach loops per probe hit (each needs a buffer). */
#ifndef STP_FOREACH_DEPTH
#define STP_FOREACH_DEPTH 4
#endif

/* ---- strings ---- */

/* Copy with truncation to MAXSTRINGLEN - 1 bytes; dst may equal src. */
static inline char *_stp_str_copy(char *dst, const char *src)
{
	size_t n;

	if (dst == src)
		return dst;
	n = strnlen(src, MAXSTRINGLEN - 1);
	memmove(dst, src, n);
	dst[n] = '\0';
	return dst;
}

char *_stp_str_concat(char *dst, const char *a, const char *b);
char *_stp_str_append(char *dst, const char *b);

/* ---- numbers ---- */

/* Quotient and remainder of b != 0, wrapping S64_MIN / -1 instead of
 * trapping (the CPU faults on it). */
static inline s64 _stp_sdiv(s64 a, s64 b)
{
	if (unlikely(b == -1))
		return (s64)(0 - (u64)a);
	return div64_s64(a, b);
}

static inline s64 _stp_smod(s64 a, s64 b)
{
	if (unlikely(b == -1))
		return 0;
	return a - div64_s64(a, b) * b;
}

/* Shifts by the low six bits of the count, as the hardware does: a
 * count of 64 or more is undefined behaviour in C. */
static inline s64 _stp_shl(s64 a, s64 b)
{
	return (s64)((u64)a << (b & 63));
}

static inline s64 _stp_shr(s64 a, s64 b)
{
	return a >> (b & 63);
}

static inline s64 _stp_ushr(s64 a, s64 b)
{
	return (s64)((u64)a >> (b & 63));
}

/* ---- function frames ---- */

/*
 * A script function's locals live on the per-CPU frame stack
 * (c->frames); the probe's own frame is at its bottom.  The translator
 * sizes _stp_script.frame_bytes for the largest probe frame plus
 * MAXNESTING of the largest function frame, so the MAXNESTING check is
 * also the bounds check.
 */
static inline void *_stp_frame_push(struct stp_context *c, u32 bytes)
{
	void *f;

	if (unlikely(c->nesting >= MAXNESTING)) {
		_stp_error(c, "MAXNESTING exceeded");
		return NULL;
	}
	c->nesting++;
	f = c->frames + c->frame_top;
	c->frame_top += bytes;
	memset(f, 0, bytes);
	return f;
}

static inline void _stp_frame_pop(struct stp_context *c, u32 bytes)
{
	c->nesting--;
	c->frame_top -= bytes;
}

/* Frame sizes keep every frame 8-byte aligned on the stack. */
#define STP_FRAME_SIZE(bytes) (((bytes) + 7) & ~(u32)7)
/* Reads each argument twice: never nest it (translate.md, "Frame sizes") */
#define STP_MAX(a, b) ((a) > (b) ? (a) : (b))

/* Statement budget: charged once per straight-line block. */
#define STP_CHARGE(c, n, label)						\
	do {								\
		(c)->actions += (n);					\
		if (unlikely((c)->actions > (c)->max_actions)) {	\
			_stp_error((c), "MAXACTION exceeded");		\
			goto label;					\
		}							\
	} while (0)

/* As STP_CHARGE, naming the place ("keyword at f:l:c") in the error. */
#define STP_CHARGE_AT(c, n, label, where)				\
	do {								\
		(c)->actions += (n);					\
		if (unlikely((c)->actions > (c)->max_actions)) {	\
			(c)->last_stmt = (where);			\
			_stp_error((c), "MAXACTION exceeded");		\
			goto label;					\
		}							\
	} while (0)

/* ---- global scalar statistics: one copy per CPU ---- */

struct _stp_sstat {
	const char *name;
	const struct _stp_hist_desc *desc;
	struct _stp_stat **cpu;		/* nr_cpu_ids copies */
	struct _stp_stat *total;	/* folded on read (write lock) */
};

int _stp_sstat_init(struct _stp_sstat *s);
void _stp_sstat_free(struct _stp_sstat *s);
const struct _stp_stat *_stp_sstat_fold(struct _stp_sstat *s);
void _stp_sstat_clear(struct _stp_sstat *s);

/* x <<< v: this CPU's copy only (the read lock is enough).  @desc is
 * s->desc, as the address of the script's static const descriptor (see
 * _stp_array_stat_add). */
static __always_inline void _stp_sstat_add(struct _stp_sstat *s,
					   const struct _stp_hist_desc *desc,
					   s64 v)
{
	_stp_stat_add(s->cpu[_stp_this_cpu()], v, desc);
}

/* @min, @max, @avg, @variance of a total; "empty aggregate" errors. */
enum _stp_stat_op {
	STP_OP_COUNT,
	STP_OP_SUM,
	STP_OP_MIN,
	STP_OP_MAX,
	STP_OP_AVG,
	STP_OP_VARIANCE,
};
s64 _stp_stat_op(struct stp_context *c, const struct _stp_stat *st,
		 const struct _stp_hist_desc *desc, int op);
s64 _stp_stat_bucket(struct stp_context *c, const struct _stp_stat *st,
		     const struct _stp_hist_desc *desc, s64 index);

/* ---- global arrays ---- */

/**
 * struct _stp_array - a global array as generated code declares it
 * @name:	the script's name, for messages
 * @size:	declared [N], or 0 for MAXMAPENTRIES
 * @nkeys:	keys per entry
 * @key_kind:	STP_MAP_NUM or STP_MAP_STR per key
 * @val_kind:	STP_MAP_NUM, STP_MAP_STR, or STP_MAP_BLOB for statistics
 * @wrap:	global a%[N]
 * @desc:	statistics arrays: the aggregate's descriptor
 * @map:	plain arrays: the map (created by _stp_array_init)
 * @cpu:	statistics arrays: one map per CPU, written by <<<
 * @agg:	statistics arrays: all CPUs folded (foreach), write lock
 * @total:	statistics arrays: one key folded (@count(a[k])), write lock
 */
struct _stp_array {
	const char *name;
	u32 size;
	u32 nkeys;
	u8 key_kind[STP_MAP_MAX_KEYS];
	u8 val_kind;
	bool wrap;
	const struct _stp_hist_desc *desc;
	struct _stp_map *map;
	struct _stp_map **cpu;
	struct _stp_map *agg;
	struct _stp_stat *total;
};

int _stp_array_init(struct _stp_array *a);
void _stp_array_free(struct _stp_array *a);
int _stp_array_overflow(struct stp_context *c, const struct _stp_array *a);

static inline s64 _stp_array_get_num(const struct _stp_array *a,
				     const union _stp_key *k)
{
	return _stp_map_get_num(a->map, k);
}

static inline const char *_stp_array_get_str(const struct _stp_array *a,
					     const union _stp_key *k)
{
	return _stp_map_get_str(a->map, k);
}

static inline int _stp_array_set_num(struct stp_context *c,
				     struct _stp_array *a,
				     const union _stp_key *k, s64 v)
{
	if (unlikely(_stp_map_set_num(a->map, k, v)))
		return _stp_array_overflow(c, a);
	return 0;
}

static inline int _stp_array_set_str(struct stp_context *c,
				     struct _stp_array *a,
				     const union _stp_key *k, const char *v)
{
	if (unlikely(_stp_map_set_str(a->map, k, v)))
		return _stp_array_overflow(c, a);
	return 0;
}

static inline int _stp_array_add_num(struct stp_context *c,
				     struct _stp_array *a,
				     const union _stp_key *k, s64 delta,
				     s64 *result)
{
	if (unlikely(_stp_map_add_num(a->map, k, delta, result)))
		return _stp_array_overflow(c, a);
	return 0;
}

static inline int _stp_array_append_str(struct stp_context *c,
					struct _stp_array *a,
					const union _stp_key *k,
					const char *v)
{
	if (unlikely(_stp_map_append_str(a->map, k, v)))
		return _stp_array_overflow(c, a);
	return 0;
}

/* This CPU's copy of an aggregate array (written under the read lock). */
static __always_inline struct _stp_map *
_stp_array_cpu_map(const struct _stp_array *a)
{
	return a->cpu[_stp_this_cpu()];
}

/*
 * v into the statistic of entry @n of this CPU's map @m, found by one of
 * the lookups below (NULL: the map is full).  @desc is a->desc, passed
 * again by generated code as the address of its static const
 * descriptor: the compiler then drops the histogram and variance work
 * an aggregate does not use.
 */
static __always_inline int
_stp_array_stat_put(struct stp_context *c, struct _stp_array *a,
		    struct _stp_map *m, struct _stp_map_node *n,
		    const struct _stp_hist_desc *desc, s64 v)
{
	if (unlikely(!n))
		return _stp_array_overflow(c, a);
	_stp_stat_add(_stp_map_val_blob(m, n), v, desc);
	return 0;
}

/* a[k] <<< v on this CPU's map (the read lock is enough). */
static __always_inline int
_stp_array_stat_add(struct stp_context *c, struct _stp_array *a,
		    const struct _stp_hist_desc *desc,
		    const union _stp_key *k, s64 v)
{
	struct _stp_map *m = _stp_array_cpu_map(a);

	return _stp_array_stat_put(c, a, m, _stp_map_insert(m, k, NULL),
				   desc, v);
}

/* _stp_array_stat_add() for an array of one key, passed by value. */
static __always_inline int
_stp_array_stat_add1(struct stp_context *c, struct _stp_array *a,
		     const struct _stp_hist_desc *desc, union _stp_key k,
		     s64 v)
{
	struct _stp_map *m = _stp_array_cpu_map(a);

	return _stp_array_stat_put(c, a, m, _stp_map_insert_key(m, k), desc,
				   v);
}

/*
 * a[k] <<< v for a one-key array whose key is a 16-byte string buffer
 * (_stp_map_insert_str16), such as the task's comm for a[execname()]
 * <<< v: no copy of the key into a MAXSTRINGLEN temporary, and the
 * lookup inline.
 */
static __always_inline int
_stp_array_stat_add_str16(struct stp_context *c, struct _stp_array *a,
			  const struct _stp_hist_desc *desc, const char *s16,
			  s64 v)
{
	struct _stp_map *m = _stp_array_cpu_map(a);

	return _stp_array_stat_put(c, a, m, _stp_map_insert_str16(m, s16),
				   desc, v);
}

#ifdef __KERNEL__
/* execname() as a map key: the task's comm read in place (16 bytes,
 * NUL-padded by the kernel), for _stp_array_stat_add_str16(). */
static_assert(TASK_COMM_LEN == 16, "comm keys are read as two words");
#define _stp_execname_key() ((const char *)current->comm)
#endif

const struct _stp_stat *_stp_array_stat_get(struct _stp_array *a,
					    const union _stp_key *k);
bool _stp_array_stat_exists(struct _stp_array *a, const union _stp_key *k,
			    u32 wild);
void _stp_array_stat_delete(struct _stp_array *a, const union _stp_key *k,
			    u32 wild);
void _stp_array_clear(struct _stp_array *a);
struct _stp_map *_stp_array_stat_agg(struct stp_context *c,
				     struct _stp_array *a);

/* ---- foreach ---- */

/*
 * Sorted foreach: the matching entries' pointers are sorted into one of
 * STP_FOREACH_DEPTH per-CPU buffers (a stack, so loops can nest; a hit
 * starts with an empty stack).  Returns the count, with *nodes set, or
 * -1 after an error.  Unsorted loops without limit walk the map's age
 * list instead and need no buffer.
 */
int _stp_foreach_sorted(struct stp_context *c, const struct _stp_map *m,
			const union _stp_key *keys, u32 wild,
			const struct _stp_map_sort_spec *spec, s64 limit,
			struct _stp_map_node ***nodes);
void _stp_foreach_done(void);
void _stp_foreach_reset(void);
u32 _stp_foreach_depth(void);
void _stp_foreach_restore(u32 depth);
int _stp_foreach_init(u32 max_entries);
void _stp_foreach_free(void);
s64 _stp_foreach_stat_key(const void *val, void *arg);

/* ---- print family ---- */

void _stp_print_str(struct stp_context *c, const char *s);
void _stp_print_num(struct stp_context *c, s64 v);
void _stp_print_char(struct stp_context *c, char ch);
int _stp_printf(struct stp_context *c, const struct _stp_fmt_spec *specs,
		int nspecs, const union _stp_fmt_arg *args, int nargs);
const char *_stp_sprintf(struct stp_context *c, char *buf,
			 const struct _stp_fmt_spec *specs, int nspecs,
			 const union _stp_fmt_arg *args, int nargs);
const char *_stp_sprint_num(char *buf, s64 v);
int _stp_print_hist(struct stp_context *c, const struct _stp_stat *st,
		    const struct _stp_hist_desc *desc);
const char *_stp_sprint_hist(struct stp_context *c, char *buf,
			     const struct _stp_stat *st,
			     const struct _stp_hist_desc *desc);

/* A string argument of a format: the renderer stops at its NUL. */
#define STP_FMT_STR(s) { .str = { .ptr = (s), .len = MAXSTRINGLEN } }
#define STP_FMT_NUM(v) { .num = (v) }

#endif /* _STP_LANG_H_ */
