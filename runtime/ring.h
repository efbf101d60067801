/* SPDX-License-Identifier: GPL-2.0-only */
/* ring.h - one CPU's ring buffer of variable-size transport records.
 *
 * The module has one ring per channel and CPU, and the ring knows whose:
 * it writes the channel and CPU ids into every header.  Probes on that
 * CPU write records; staprun's reader drains them from any CPU.  Records are laid out as
 * transport_msgs.h says: struct stp_rec_hdr, payload, padding to 8 bytes.
 *
 *   writer (probe, this CPU, preemption off)   reader (one, any CPU)
 *   ----------------------------------------   ---------------------
 *   p = _stp_ring_reserve(r, len, type, ...)    n = _stp_ring_read(r, buf, max)
 *   if (p) {                                    d = _stp_ring_drops(r)
 *           fill len bytes at p                 _stp_ring_empty(r)
 *           _stp_ring_commit(r, p)
 *   }
 *
 * Every successful _stp_ring_reserve() MUST be paired with exactly one
 * _stp_ring_commit() on the same CPU before the probe returns; pairs
 * nest in LIFO order (an interrupt's probe reserves and commits inside
 * the interrupted probe's pair).  A reserved record is invisible to the
 * reader until the OUTERMOST pending pair commits.
 *
 * Writers: lock-free, no allocation, O(1) per record (overwrite eviction
 * is O(1) amortised: each record is evicted once).  Any number of nested
 * writers (process, softirq, hardirq, NMI) on the ring's own CPU are
 * allowed; writers on OTHER CPUs are not (the caller disables preemption
 * and picks this CPU's ring).  The reader is single: the caller
 * serialises reads of one ring (staprun reads each per-CPU file from one
 * thread; the kernel file's read handler holds a mutex).
 *
 * Modes (_stp_ring_set_overwrite(), switchable at any time):
 *   - discard (default): a record that does not fit is dropped and
 *     counted; _stp_ring_drops() hands the count to the caller, who emits
 *     an STP_REC_DROPS record.
 *   - overwrite (flight recorder): the oldest whole committed records are
 *     discarded to make room, as in SystemTap's -F mode; they are NOT
 *     counted as drops (SystemTap reports nothing either), only in
 *     _stp_ring_overwritten() for diagnostics.  A record is still dropped
 *     (and counted) when it is larger than the ring, or when making room
 *     would need to evict a record an interrupted writer has reserved but
 *     not committed.  A reader overtaken while copying notices it and
 *     retries from the new oldest record: it never returns a torn record.
 */
#ifndef _STP_RING_H_
#define _STP_RING_H_

#include "stp_types.h"
#include "transport_msgs.h"

/* Internal record type: filler at the end of the ring, never read out. */
#define STP_REC_PAD 0

/*
 * Positions are free-running u32 byte counters (offset = pos & mask), so
 * "used = head - tail" is right across the 2^32 wrap; the ring is at most
 * 2^31 bytes.  Ordering: tail <= commit <= head (modulo 2^32).
 */
struct _stp_ring {
	u8 *buf;		/* caller's memory, `size` bytes */
	u32 size;		/* power of two, >= 64 */
	u32 mask;		/* size - 1 */
	u32 head;		/* end of reserved bytes; this CPU's writers
				 * (cmpxchg, against nested writers) */
	u32 commit;		/* end of published bytes; outermost writer
				 * (store-release), reader (load-acquire) */
	u32 tail;		/* oldest unread byte; reader and evicting
				 * writers (cmpxchg, cross-CPU) */
	u32 nest;		/* writers between reserve and commit; this
				 * CPU only (compiler barriers suffice) */
	int overwrite;		/* flight-recorder mode (READ_ONCE/WRITE_ONCE) */
	u16 chan, cpu;		/* whose records: every header says so */
	unsigned long dropped;	 /* records dropped, total; writers (cmpxchg) */
	unsigned long reported;	 /* part of `dropped` already returned by
				  * _stp_ring_drops(); reader only */
	unsigned long overwritten; /* records evicted in overwrite mode,
				    * total; writers (cmpxchg) */
};

int _stp_ring_init(struct _stp_ring *r, void *mem, size_t size, int overwrite,
		   u16 chan, u16 cpu);
void _stp_ring_set_overwrite(struct _stp_ring *r, bool on);

void *_stp_ring_reserve(struct _stp_ring *r, u32 len, u16 type, u16 event,
			u64 ts);
void _stp_ring_commit(struct _stp_ring *r, void *payload);

long _stp_ring_read(struct _stp_ring *r, void *dst, size_t max);
unsigned long _stp_ring_drops(struct _stp_ring *r);
unsigned long _stp_ring_overwritten(struct _stp_ring *r);
bool _stp_ring_empty(struct _stp_ring *r);

/*
 * Largest payload a ring of `size` bytes accepts: a record takes at most
 * half the ring, so it always fits into an empty ring wherever the head
 * is (a record never straddles the end; the bytes skipped there count).
 */
#define STP_RING_MAX_PAYLOAD(size)					\
	((u32)(size) / 2 - (u32)sizeof(struct stp_rec_hdr))

#endif /* _STP_RING_H_ */
