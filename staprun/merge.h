/* SPDX-License-Identifier: GPL-2.0-only */
/* merge.h - staprun: merge one channel's per-CPU record streams in
 * timestamp order.
 *
 * The module writes records (runtime/transport_msgs.h: struct stp_rec_hdr,
 * payload, padding to 8 bytes) into one buffer per channel and CPU, each
 * CPU's records in `ts` order.  staprun has one struct stp_merge per
 * channel: it reads each CPU's file of the channel in chunks of whole
 * records and hands them to stp_merge_feed(); stp_merge_next() yields the
 * records of all CPUs as one stream in (ts, cpu) order.  Records of
 * another channel are refused (a record's channel id must be the
 * merge's); the event id is passed through.
 *
 * Safety rule.  Every open CPU c has a lower bound on the timestamps it can
 * still deliver:
 *   - its oldest queued record's ts, if its queue is not empty;
 *   - otherwise max(last ts it delivered, t of the last stp_merge_idle(c, t)).
 * A CPU's key is (bound, c).  stp_merge_next() looks at the open CPU with
 * the smallest key: if that CPU has a queued record, the record is emitted
 * (no CPU can still produce anything that sorts before it: records sort by
 * (ts, cpu), ties broken by the lower CPU number); if its queue is empty
 * the merge must wait for that CPU (stp_merge_waiting_on() names it): read
 * it, then feed what was read or mark it idle.  A CPU that is closed
 * (stp_merge_close, or stp_merge_flush for all) and empty no longer holds
 * anything back, so after stp_merge_flush() every queued record comes out
 * in order.
 *
 * Memory is bounded: each CPU's queue holds at most `budget` bytes of
 * records (allocated lazily, grown up to the budget).  A chunk that does
 * not fit is refused whole (STP_MERGE_EFULL, nothing consumed); read at
 * most stp_merge_room(m, cpu) bytes from a CPU.  When a queue is full the
 * merge is waiting for another CPU: stp_merge_waiting_on() says which.
 *
 * Complexity: a binary heap of the open CPUs keyed by (bound, cpu):
 * stp_merge_next() and stp_merge_idle() O(log N_cpu), stp_merge_feed()
 * O(records in the chunk + log N_cpu) plus the copy, stp_merge_flush()
 * O(N_cpu log N_cpu).  Memory: O(N_cpu) bookkeeping plus the queued bytes.
 *
 * Single-threaded: the caller serialises all calls on one struct stp_merge.
 */
#ifndef _STAPRUN_MERGE_H_
#define _STAPRUN_MERGE_H_

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "transport_msgs.h"

#define STP_MERGE_MAX_CPUS 8192
#define STP_MERGE_DEFAULT_BUDGET (1u << 20)	/* bytes queued per CPU */
/* smallest budget accepted: one record with a 4 KiB payload */
#define STP_MERGE_MIN_BUDGET STP_REC_SIZE(4096)

/* Results (negative: errors; stp_merge_error() has the message). */
enum stp_merge_status {
	STP_MERGE_OK = 0,
	STP_MERGE_WAIT = 0,	/* stp_merge_next: nothing safe to emit yet */
	STP_MERGE_REC = 1,	/* stp_merge_next: *rec filled in */
	STP_MERGE_END = 2,	/* stp_merge_next: all closed and drained */
	STP_MERGE_EBADCHUNK = -1, /* malformed chunk: refused whole */
	STP_MERGE_EFULL = -2,	/* chunk larger than stp_merge_room() */
	STP_MERGE_ENOMEM = -3,	/* allocation failed: state unchanged */
	STP_MERGE_EARG = -4,	/* bad cpu number, or CPU already closed */
};

/* One record handed out by stp_merge_next(). */
struct stp_merge_rec {
	unsigned type;		/* enum stp_rec_type */
	unsigned cpu;
	unsigned chan;		/* the merge's channel */
	unsigned event;		/* as the module wrote it */
	uint64_t ts;
	const char *data;	/* payload (len bytes); valid until the next
				 * stp_merge_feed() or stp_merge_free() */
	size_t len;
};

struct stp_merge;

/* The merge of channel chan (below STP_CHAN_MAX): ncpus streams (0 ..
 * ncpus-1, at most STP_MERGE_MAX_CPUS); budget bytes of queue per CPU
 * (0: STP_MERGE_DEFAULT_BUDGET; less than STP_MERGE_MIN_BUDGET is raised
 * to it).  NULL if out of memory or chan or ncpus is out of range. */
struct stp_merge *stp_merge_new(unsigned chan, unsigned ncpus, size_t budget);
void stp_merge_free(struct stp_merge *m);

/* Adds a chunk read from `cpu`'s buffer: len bytes of whole records.
 * Every header is checked (type, payload length within the chunk and the
 * budget, padding present, cpu field == cpu, chan field == the merge's
 * channel, reserved 0, ts not going back, EXIT with no payload, DROPS
 * with a __u64) before anything is queued: a bad chunk
 * is refused whole.  Never reads outside buf[0..len).  The buffer is
 * copied; buf needs no alignment.  len 0 is a no-op. */
int stp_merge_feed(struct stp_merge *m, unsigned cpu, const void *buf,
		   size_t len);

/* A read of `cpu` returned nothing: it will write no record with a
 * timestamp below t (take t from the same clock before the read). */
int stp_merge_idle(struct stp_merge *m, unsigned cpu, uint64_t t);

/* `cpu`'s stream has ended (no more feeds): it stops holding others back
 * once its queue is empty. */
int stp_merge_close(struct stp_merge *m, unsigned cpu);

/* End of run: closes every stream; stp_merge_next() then yields everything
 * still queued, in order, and STP_MERGE_END when done. */
void stp_merge_flush(struct stp_merge *m);

/* STP_MERGE_REC with *rec set (the globally oldest record, when safe),
 * STP_MERGE_WAIT (see stp_merge_waiting_on), or STP_MERGE_END. */
int stp_merge_next(struct stp_merge *m, struct stp_merge_rec *rec);

/* The CPU stp_merge_next() is waiting for (read it, then feed or mark it
 * idle), or -1 if it is not waiting. */
int stp_merge_waiting_on(const struct stp_merge *m);

/* Bytes `cpu`'s queue can still take (0: full; read other CPUs first). */
size_t stp_merge_room(const struct stp_merge *m, unsigned cpu);

/* Records queued on all CPUs. */
size_t stp_merge_pending(const struct stp_merge *m);

/* Whether an EXIT record has been emitted by stp_merge_next() (the caller
 * should then run the end probes, keep merging, and finally flush). */
int stp_merge_exit_seen(const struct stp_merge *m);

/* Records fed with a ts below the bound the CPU was marked idle at: they
 * came out as soon as possible but possibly after newer records. */
uint64_t stp_merge_late(const struct stp_merge *m);

/* The channel this merge is of. */
unsigned stp_merge_chan(const struct stp_merge *m);

/* Records lost (sum of the DROPS records emitted so far) on one CPU / all. */
uint64_t stp_merge_drops(const struct stp_merge *m, unsigned cpu);
uint64_t stp_merge_total_drops(const struct stp_merge *m);

/* Message of the last error ("" if none). */
const char *stp_merge_error(const struct stp_merge *m);

/* Output routing of one record: DATA -> out (the script's output: stdout
 * or the -o file), ERROR/WARNING -> err (text as written by the module,
 * trailing NULs dropped); EXIT and DROPS write nothing (EXIT is for the
 * caller to act on; drops are summed for stp_merge_drops_summary).
 * 0, or -1 with errno set if a write failed. */
int stp_merge_write(const struct stp_merge_rec *rec, FILE *out, FILE *err);

/* End-of-run drops summary of the nm channels' merges ms[] for stderr,
 * in SystemTap's words:
 *   "WARNING: There were N transport failures. Try stap -s to increase
 *    the buffer size from S.\n"  (bufsize_mb 0: the first sentence only)
 * N summed over the channels; and, if per_cpu, one line per channel and
 * CPU that lost records:
 *   "WARNING: cpu C: N transport failures.\n"  (the default channel)
 *   "WARNING: channel K cpu C: N transport failures.\n"  (another one)
 * Empty if nothing was lost.  snprintf conventions: writes at most size
 * bytes (NUL included), returns the full length. */
int stp_merge_drops_summary(const struct stp_merge *const *ms, size_t nm,
			    char *buf, size_t size, unsigned bufsize_mb,
			    int per_cpu);

#endif /* _STAPRUN_MERGE_H_ */
