// SPDX-License-Identifier: GPL-2.0-only
/* ring.c - one CPU's lock-free ring buffer of transport records.
 *
 * Layout of the ring (positions are u32 byte counters, offset = pos & mask):
 *
 *      tail             commit                 head
 *       |  committed     |  reserved by pending |   free ...
 *       v  (readable)    v  writers (invisible) v
 *   ...[hdr|payload|pad][hdr|payload|pad][hdr|..][............]...
 *
 * A record never straddles the end of the memory, so a reserve can hand
 * out one contiguous pointer.  When it would, the bytes up to the end are
 * skipped: if they can hold a header, a STP_REC_PAD header covers them;
 * if fewer than sizeof(struct stp_rec_hdr) bytes remain, nobody writes
 * there and both sides skip them by the same rule (skip_bytes()).
 *
 * Concurrency (see ring.h for who may call what):
 *
 *  - head: only this CPU's writers move it, by cmpxchg, so a writer
 *    interrupted between reading head and claiming its bytes retries.
 *  - commit: published by the outermost writer only (nest == 1) with a
 *    store-release of head; nested writers' records lie below head and
 *    are complete by then, because an interrupt's pair finishes before
 *    the interrupted code resumes.  The loop in _stp_ring_commit() closes
 *    the window where an interrupt commits after the outer writer's
 *    publication (the kernel's rb_end_commit() does the same).
 *  - tail: the reader frees space by cmpxchg; in overwrite mode writers
 *    evict the oldest records by cmpxchg too.  A reader copies records
 *    without owning them, then cmpxchg's tail from the value it started
 *    at: if a writer evicted (and possibly overwrote) them meanwhile the
 *    cmpxchg fails and the reader discards its copy and starts again, as
 *    a seqlock reader does.  The reader's plain copy may therefore race
 *    with a writer's stores; such a copy is always thrown away.
 */
#include "ring.h"

#ifdef __KERNEL__
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/atomic.h>
#include <asm/barrier.h>

/* The copy the reader may have to discard (see the file comment). */
static void _stp_ring_copy_racy(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
}
#else
/*
 * Host build (unit tests): the kernel primitives used here, on the
 * __atomic builtins.  cmpxchg() is fully ordered like the kernel's on
 * success (seq_cst); the kernel gives no ordering on failure, and this
 * file never relies on any.
 */
#include <errno.h>

#define barrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define cmpxchg(p, o, n)						\
	({								\
		__typeof__(*(p)) o_ = (o);				\
		__atomic_compare_exchange_n((p), &o_, (n), 0,		\
					    __ATOMIC_SEQ_CST,		\
					    __ATOMIC_SEQ_CST);		\
		o_;							\
	})

/*
 * The copy the reader may have to discard.  Not instrumented by
 * ThreadSanitizer (like the kernel's data_race()): the race it would
 * report is the overwrite-mode race that the tail cmpxchg detects.
 * volatile keeps the compiler from turning it into an intercepted memcpy.
 */
__attribute__((no_sanitize_thread, __noinline__))
static void _stp_ring_copy_racy(void *dst, const void *src, size_t n)
{
	const volatile u64 *s = src;
	u64 *d = dst;
	size_t i;

	for (i = 0; i < n / 8; i++)	/* n and src are 8-byte aligned */
		d[i] = s[i];
}
#endif

#define HDR_SIZE ((u32)sizeof(struct stp_rec_hdr))

/* Add 1 to a counter that nested writers on this CPU also update. */
static void _stp_ring_count(unsigned long *c)
{
	unsigned long old;

	do {
		old = READ_ONCE(*c);
	} while (cmpxchg(c, old, old + 1) != old);
}

/* Bytes from @pos to the end of the memory. */
static inline u32 to_end(const struct _stp_ring *r, u32 pos)
{
	return r->size - (pos & r->mask);
}

/**
 * _stp_ring_init - make an empty ring on caller-provided memory
 * @r: the ring
 * @mem: @size bytes, 8-byte aligned (vmalloc'd per CPU in the kernel)
 * @size: a power of two, 64 to 2^31
 * @overwrite: start in flight-recorder mode
 * @chan: the channel id every record's header gets
 * @cpu: the CPU whose writers use the ring, likewise
 *
 * Context: before any writer or reader uses @r.
 * Return: 0, or -EINVAL if @size or @mem is unsuitable.
 */
int _stp_ring_init(struct _stp_ring *r, void *mem, size_t size, int overwrite,
		   u16 chan, u16 cpu)
{
	if (size < 64 || size > (1UL << 31) || (size & (size - 1)) ||
	    ((unsigned long)mem & (STP_REC_ALIGN - 1)))
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->buf = mem;
	r->size = (u32)size;
	r->mask = (u32)size - 1;
	r->overwrite = !!overwrite;
	r->chan = chan;
	r->cpu = cpu;
	return 0;
}

/**
 * _stp_ring_set_overwrite - switch flight-recorder mode on or off
 * @r: the ring
 * @on: true to overwrite the oldest records, false to drop new ones
 *
 * Context: any, also while writers and the reader run; each reserve
 * follows the mode it reads, records already in the ring are kept.
 */
void _stp_ring_set_overwrite(struct _stp_ring *r, bool on)
{
	WRITE_ONCE(r->overwrite, on ? 1 : 0);
}

/*
 * Size of the record (or skipped bytes) at @pos, which lies in [tail,
 * commit): bytes too few for a header are skipped; else the header says.
 * The caller copies the header itself when it may race (the reader).
 */
static u32 rec_size(const struct _stp_ring *r, u32 pos,
		    const struct stp_rec_hdr *h)
{
	if (to_end(r, pos) < HDR_SIZE)
		return to_end(r, pos);
	if (h->len > r->size)		/* garbage: caller re-checks tail */
		return 0;
	return (u32)STP_REC_SIZE(h->len);
}

/*
 * Overwrite mode: evict the oldest committed record, at @t.  Return the
 * new tail (whoever moved it), or @t if nothing can be evicted: tail has
 * reached commit (the rest is reserved by interrupted writers) or the
 * header is not sane although tail did not move (cannot happen unless
 * the ring is corrupt; dropping then avoids looping forever).
 */
static u32 evict_one(struct _stp_ring *r, u32 t)
{
	struct stp_rec_hdr h = { 0 };
	u32 c, sz, old;

	/* Pairs with the outermost writer's store-release in commit (ours or
	 * an interrupted/interrupting one): the header at t is complete. */
	c = smp_load_acquire(&r->commit);
	if (t == c)
		return t;
	/* The header can be overwritten under us only by a nested writer
	 * that evicted it first, which moved tail: the cmpxchg then fails. */
	_stp_ring_copy_racy(&h, r->buf + (t & r->mask),
			    to_end(r, t) < HDR_SIZE ? 0 : HDR_SIZE);
	sz = rec_size(r, t, &h);
	if (sz == 0 || sz > c - t) {
		old = READ_ONCE(r->tail);
		return old;		/* == t: corrupt, caller drops */
	}
	/* Fully ordered on success: the eviction is visible (to a reader's
	 * final tail cmpxchg) before we overwrite the bytes (pairs with the
	 * smp_rmb() in _stp_ring_read()). */
	old = cmpxchg(&r->tail, t, t + sz);
	if (old != t)
		return old;		/* reader or nested writer moved it */
	if (to_end(r, t) >= HDR_SIZE && h.type != STP_REC_PAD)
		_stp_ring_count(&r->overwritten);
	return t + sz;
}

/* Write a header of this ring's channel and CPU. */
static inline void put_hdr(const struct _stp_ring *r, struct stp_rec_hdr *d,
			   u32 len, u16 type, u16 event, u64 ts)
{
	d->len = len;
	d->type = type;
	d->cpu = r->cpu;
	d->ts = ts;
	d->chan = r->chan;
	d->event = event;
	d->reserved = 0;
}

/**
 * _stp_ring_reserve - claim room for one record and write its header
 * @r: this CPU's ring of the channel
 * @len: payload bytes, at most STP_RING_MAX_PAYLOAD(size)
 * @type: the record's type in its channel's format
 * @event: the record's event id (STP_EVENT_NONE in the text format)
 * @ts: timestamp, for the header
 *
 * The header's channel and CPU are the ring's (_stp_ring_init()).
 *
 * Context: the ring's own CPU with preemption disabled; any context
 * (interrupts, NMI) may nest.  Lock-free; never sleeps.  A non-NULL
 * return MUST be paired with _stp_ring_commit(@r, p) on this CPU.
 * Return: where to write the @len payload bytes (8-byte aligned), or NULL
 * if the record was dropped (counted, see _stp_ring_drops()).
 */
void *_stp_ring_reserve(struct _stp_ring *r, u32 len, u16 type, u16 event,
			u64 ts)
{
	struct stp_rec_hdr *hdr;
	u32 h, t, nt, need, pad, rsize;

	if (unlikely(len > STP_RING_MAX_PAYLOAD(r->size)))
		goto drop;
	rsize = (u32)STP_REC_SIZE(len);

	/* From here until the commit, interrupts on this CPU see nest > 0
	 * and leave publication to us (see _stp_ring_commit()). */
	WRITE_ONCE(r->nest, r->nest + 1);
	barrier();

	for (;;) {
		h = READ_ONCE(r->head);
		pad = rsize > to_end(r, h) ? to_end(r, h) : 0;
		need = pad + rsize;	/* < size, see STP_RING_MAX_PAYLOAD */
		/* Pairs with the reader's tail cmpxchg (fully ordered): its
		 * copy of the bytes it freed is done before we reuse them. */
		t = smp_load_acquire(&r->tail);
		while ((s32)(t - h) <= 0 && h + need - t > r->size) {
			if (!READ_ONCE(r->overwrite))
				goto drop_nested;
			nt = evict_one(r, t);
			if (nt == t)
				goto drop_nested;
			t = nt;
		}
		/* tail past our head: an interrupt reserved and committed
		 * since we read head, and the reader consumed it.  And if an
		 * interrupt reserved at all, the cmpxchg fails.  Either way
		 * the room we checked is stale: start over. */
		if ((s32)(t - h) <= 0 &&
		    cmpxchg(&r->head, h, h + need) == h)
			break;
	}

	if (pad >= HDR_SIZE) {
		hdr = (struct stp_rec_hdr *)(r->buf + (h & r->mask));
		put_hdr(r, hdr, pad - HDR_SIZE, STP_REC_PAD, STP_EVENT_NONE,
			ts);
	}
	hdr = (struct stp_rec_hdr *)(r->buf + ((h + pad) & r->mask));
	put_hdr(r, hdr, len, type, event, ts);
	return hdr + 1;

drop_nested:
	barrier();
	WRITE_ONCE(r->nest, r->nest - 1);
	/* Nothing reserved, but a writer that interrupted us may have
	 * committed while nest > 0 and left publication to us: do it. */
	if (r->nest == 0 && READ_ONCE(r->head) != READ_ONCE(r->commit))
		_stp_ring_commit(r, NULL);
drop:
	_stp_ring_count(&r->dropped);
	return NULL;
}

/**
 * _stp_ring_commit - publish a reserved record
 * @r: this CPU's ring
 * @payload: what _stp_ring_reserve() returned (NULL: only publish)
 *
 * Context: as _stp_ring_reserve(), which it must pair with, in LIFO
 * order with nested pairs.  The record becomes readable once the
 * outermost pending pair on this CPU commits.
 */
void _stp_ring_commit(struct _stp_ring *r, void *payload)
{
	if (payload == NULL) {		/* see drop_nested in reserve */
		WRITE_ONCE(r->nest, r->nest + 1);
		barrier();
	}
	for (;;) {
		if (r->nest == 1)
			/* Publishes every byte below head: ours and those of
			 * writers that interrupted us, all complete now.
			 * Pairs with smp_load_acquire(&r->commit) in the
			 * reader and in evict_one(). */
			smp_store_release(&r->commit, READ_ONCE(r->head));
		barrier();
		WRITE_ONCE(r->nest, r->nest - 1);
		barrier();
		/* An interrupt between our read of head and the decrement
		 * reserved and committed with nest > 1, so it did not
		 * publish.  Catch it up now that we are outermost again. */
		if (r->nest != 0 ||
		    likely(READ_ONCE(r->head) == READ_ONCE(r->commit)))
			break;
		WRITE_ONCE(r->nest, r->nest + 1);
		barrier();
	}
}

/**
 * _stp_ring_read - copy out and free the oldest committed records
 * @r: the ring
 * @dst: destination, 8-byte aligned
 * @max: bytes at @dst
 *
 * Copies as many whole records as fit, each as STP_REC_SIZE(len) bytes
 * (header, payload, padding), in the order they were reserved; never part
 * of a record.  Padding records are consumed but not copied.
 *
 * Context: the single reader, any CPU, concurrently with writers; may
 * retry (bounded only by writers overtaking it again) but never blocks.
 * Return: bytes copied (0 if empty), or -ENOSPC if the oldest record
 * alone is larger than @max (it stays; only padding before it is
 * consumed).
 */
long _stp_ring_read(struct _stp_ring *r, void *dst, size_t max)
{
	struct stp_rec_hdr h = { 0 };
	u32 t, c, p, sz;
	size_t out;
	bool full;

retry:
	out = 0;
	full = false;
	t = READ_ONCE(r->tail);
	/* Pairs with the outermost writer's store-release in commit: every
	 * record below c is fully written.  Read after tail, so t <= c. */
	c = smp_load_acquire(&r->commit);
	for (p = t; p != c; p += sz) {
		if (to_end(r, p) < HDR_SIZE) {
			sz = to_end(r, p);
			continue;
		}
		_stp_ring_copy_racy(&h, r->buf + (p & r->mask), HDR_SIZE);
		sz = rec_size(r, p, &h);
		if (sz == 0 || sz > c - p || sz > to_end(r, p)) {
			/* Torn header: a writer evicted it.  Pairs with the
			 * cmpxchg in evict_one(), as below. */
			smp_rmb();
			if (READ_ONCE(r->tail) != t)
				goto retry;
			c = p;		/* corrupt ring: stop (not reached) */
			break;
		}
		if (h.type == STP_REC_PAD)
			continue;
		if (out + sz > max) {
			full = true;
			break;
		}
		_stp_ring_copy_racy((u8 *)dst + out, r->buf + (p & r->mask), sz);
		out += sz;
	}
	if (p == t && t == c)
		return 0;
	/*
	 * Seqlock-style check.  A writer evicts by cmpxchg on tail (fully
	 * ordered) BEFORE storing into the evicted bytes; our copies above
	 * are ordered by this smp_rmb() before our read of tail below.  So
	 * if any byte we copied (or sized a record by) came from such a
	 * store, we see the moved tail: discard and start over from the new
	 * oldest record.
	 */
	smp_rmb();
	if (p == t) {			/* the oldest record exceeds max */
		if (READ_ONCE(r->tail) != t)
			goto retry;
		return -ENOSPC;
	}
	/* Same check, and the release of the space: on success the
	 * cmpxchg (fully ordered) orders our copies before the writers'
	 * reuse of the freed bytes (their smp_load_acquire of tail).
	 * Padding skipped before a record larger than max is consumed. */
	if (cmpxchg(&r->tail, t, p) != t)
		goto retry;
	return out == 0 && full ? -ENOSPC : (long)out;
}

/**
 * _stp_ring_drops - records dropped since the previous call
 * @r: the ring
 *
 * Context: the reader (single).  The caller reports a non-zero result as
 * an STP_REC_DROPS record.  Overwritten records are not included.
 */
unsigned long _stp_ring_drops(struct _stp_ring *r)
{
	unsigned long d = READ_ONCE(r->dropped);
	unsigned long n = d - r->reported;

	r->reported = d;
	return n;
}

/**
 * _stp_ring_overwritten - records evicted in overwrite mode, in total
 * @r: the ring
 *
 * Context: any.  For diagnostics only; flight-recorder mode reports no
 * loss to the user, as SystemTap's -F mode does.
 */
unsigned long _stp_ring_overwritten(struct _stp_ring *r)
{
	return READ_ONCE(r->overwritten);
}

/**
 * _stp_ring_empty - whether nothing committed is left to read
 * @r: the ring
 *
 * Context: any.  A snapshot: writers may commit right after.  May say
 * "not empty" when only end-of-ring padding is left; a read then
 * returns 0 and consumes it.
 */
bool _stp_ring_empty(struct _stp_ring *r)
{
	u32 t = READ_ONCE(r->tail);

	return t == smp_load_acquire(&r->commit);
}
