// SPDX-License-Identifier: GPL-2.0-only
/* test-ring.c - host unit tests of runtime/ring.c (per-CPU record ring).
 *
 * Prints one line per check and exits 1 if any failed.  The stress tests
 * run one writer thread (emulating nested probes by interleaving
 * reserve/commit pairs in LIFO order) against one reader thread; their
 * length is STP_RING_STRESS_MS milliseconds per phase (default 1000).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>

#include "ring.h"

/* ---- checks -------------------------------------------------------------- */

#include "check.h"

/* ---- helpers ------------------------------------------------------------- */

#define HDR ((u32)sizeof(struct stp_rec_hdr))

static u64 mem[1 << 16];	/* 512 KiB, 8-byte aligned */
static u64 out[1 << 16];

/* Payload of record `seq`: its length, and its bytes (seq, then a pattern). */
static u32 len_of(u64 seq, u32 maxlen)
{
	u64 x = seq * 0x9E3779B97F4A7C15ull;

	return (u32)((x >> 40) % (maxlen + 1));
}

static u8 byte_of(u64 seq, u32 i)
{
	return (u8)(seq * 31 + i * 7 + 1);
}

static void fill(void *p, u64 seq, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		((u8 *)p)[i] = i < 8 ? (u8)(seq >> (8 * i)) : byte_of(seq, i);
}

/* Whether the payload of record `seq` is intact (partial records fail). */
static bool intact(const struct stp_rec_hdr *h, u64 *seq)
{
	const u8 *p = (const u8 *)(h + 1);
	u64 s = 0;
	u32 i;

	if (h->len < 8) {		/* too short to carry the seq */
		*seq = h->ts;
		return true;
	}
	for (i = 0; i < 8; i++)
		s |= (u64)p[i] << (8 * i);
	if (h->ts != s)
		return false;
	for (i = 8; i < h->len; i++)
		if (p[i] != byte_of(s, i))
			return false;
	*seq = s;
	return true;
}

/*
 * Rings are of channel TEST_CHAN and CPU 3; records DATA with event
 * TEST_EVENT: ids that are not 0, so that walk() sees it if the ring
 * loses them.
 */
#define TEST_CHAN 5
#define TEST_EVENT 0x1234

static void *reserve(struct _stp_ring *r, u32 len, u64 ts)
{
	return _stp_ring_reserve(r, len, STP_REC_DATA, TEST_EVENT, ts);
}

/* Write one record: payload = seq + pattern, ts = seq; false if dropped. */
static bool put(struct _stp_ring *r, u64 seq, u32 len)
{
	void *p = reserve(r, len, seq);

	if (!p)
		return false;
	fill(p, seq, len);
	_stp_ring_commit(r, p);
	return true;
}

/*
 * Walk records read into `out` (n bytes): check layout, count them, and
 * store the ts (= seq) of each in seqs[] (up to cap).  Return the count
 * or -1 on a malformed or torn record.
 */
static long walk(const void *buf, long n, u64 *seqs, long cap)
{
	const u8 *b = buf;
	long off = 0, k = 0;

	while (off < n) {
		const struct stp_rec_hdr *h = (const void *)(b + off);
		u64 s = h->ts;

		if (off + HDR > n || off + (long)STP_REC_SIZE(h->len) > n)
			return -1;
		if (h->type != STP_REC_DATA || h->cpu != 3 ||
		    h->chan != TEST_CHAN || h->event != TEST_EVENT ||
		    h->reserved != 0)
			return -1;
		if (h->len >= 8 && !intact(h, &s))
			return -1;
		if (k < cap)
			seqs[k] = s;
		k++;
		off += STP_REC_SIZE(h->len);
	}
	return k;
}

static void set_pos(struct _stp_ring *r, u32 pos)
{
	r->head = r->commit = r->tail = pos;
}

/* ---- single-threaded tests ----------------------------------------------- */

static void test_init(void)
{
	struct _stp_ring r;

	CHECK_EQ(_stp_ring_init(&r, mem, 100, 0, TEST_CHAN, 3), -EINVAL,
		 "init size 100");
	CHECK_EQ(_stp_ring_init(&r, mem, 32, 0, TEST_CHAN, 3), -EINVAL,
		 "init size 32");
	CHECK_EQ(_stp_ring_init(&r, (u8 *)mem + 4, 256, 0, TEST_CHAN, 3),
		 -EINVAL,
		 "init misaligned");
	CHECK_EQ(_stp_ring_init(&r, mem, 256, 0, TEST_CHAN, 3), 0,
		 "init size 256");
	CHECK(_stp_ring_empty(&r), "new ring is empty");
	CHECK_EQ(_stp_ring_read(&r, out, sizeof(out)), 0, "read of empty ring");
	CHECK_EQ(_stp_ring_drops(&r), 0, "no drops yet");
	CHECK_EQ(sizeof(struct stp_rec_hdr), 24, "header: 24 bytes");
	CHECK_EQ(STP_REC_SIZE(0), 24, "STP_REC_SIZE(0)");
	CHECK_EQ(STP_REC_SIZE(1), 32, "STP_REC_SIZE(1)");
	CHECK_EQ(STP_REC_SIZE(8), 32, "STP_REC_SIZE(8)");
	CHECK_EQ(STP_REC_SIZE(9), 40, "STP_REC_SIZE(9)");
}

/* The reader gets the header the writer asked for, with the ring's
 * channel and CPU (transport_msgs.h's layout, byte for byte), also after
 * the skip at the end of the ring. */
static void test_header_ids(void)
{
	struct stp_rec_hdr in = { .len = 3, .type = STP_REC_WARNING, .cpu = 9,
				  .ts = 0x1122334455667788ull, .chan = 63,
				  .event = 0xBEEF };
	const struct stp_rec_hdr *h = (const void *)out;
	struct _stp_ring r;
	void *p;

	_stp_ring_init(&r, mem, 256, 0, 63, 9);
	set_pos(&r, 240);		/* 16 bytes to the end: no room */
	p = _stp_ring_reserve(&r, 3, STP_REC_WARNING, 0xBEEF, in.ts);
	CHECK(p != NULL, "ids: reserved after the end-of-ring skip");
	if (!p)
		return;
	memcpy(p, "abc", 3);
	_stp_ring_commit(&r, p);
	CHECK_EQ(_stp_ring_read(&r, out, sizeof(out)), 32, "ids: read back");
	CHECK(memcmp(h, &in, sizeof(in)) == 0 && !memcmp(h + 1, "abc", 3),
	      "ids: channel %u event %#x type %u cpu %u ts kept (got channel "
	      "%u event %#x)", in.chan, in.event, in.type, in.cpu, h->chan,
	      h->event);
	CHECK_EQ(offsetof(struct stp_rec_hdr, chan), 16, "chan at offset 16");
	CHECK_EQ(offsetof(struct stp_rec_hdr, event), 18, "event at offset 18");
}

static void test_fill(u32 start)
{
	struct _stp_ring r;
	u64 seqs[16];
	int i, ok = 0;
	long n;

	_stp_ring_init(&r, mem, 256, 0, TEST_CHAN, 3);
	set_pos(&r, start);
	for (i = 0; i < 8; i++)		/* 8 x 32 bytes = exactly 256 */
		ok += put(&r, i, 8);
	CHECK(ok == 8, "start %#x: 8 records of 32 bytes fill 256", start);
	CHECK(!put(&r, 8, 0), "start %#x: the 9th (24 bytes) is dropped",
	      start);
	CHECK(!put(&r, 9, 8), "start %#x: the 10th is dropped", start);
	CHECK_EQ(_stp_ring_drops(&r), 2, "drops() after 2 drops");
	CHECK_EQ(_stp_ring_drops(&r), 0, "drops() clears the count");
	CHECK_EQ(_stp_ring_read(&r, out, 31), -ENOSPC,
		 "read with max 31 < record: -ENOSPC");
	CHECK_EQ(r.tail, start, "and consumes nothing");
	n = _stp_ring_read(&r, out, 100);
	CHECK_EQ(n, 96, "read with max 100 copies 3 whole records");
	n = _stp_ring_read(&r, out, sizeof(out));
	CHECK_EQ(n, 160, "read the other 5");
	n = walk(out, n, seqs, 16);
	CHECK(n == 5 && seqs[0] == 3 && seqs[4] == 7,
	      "they are records 3..7 (got %ld)", n);
	CHECK(_stp_ring_empty(&r), "empty after reading all");
	CHECK(put(&r, 10, 8), "room again after reading");
	CHECK_EQ(_stp_ring_read(&r, out, sizeof(out)), 32, "read it back");
	CHECK_EQ(r.tail - start, 288, "positions advanced by 288");
}

/* Every payload size 0..maxlen, through a small ring so that records wrap
 * (with padding records of each possible size) at many offsets. */
static void test_sizes(u32 start, u32 size)
{
	struct _stp_ring r;
	u32 len, maxlen = STP_RING_MAX_PAYLOAD(size), bad = 0, pads = 0;
	u64 seq = 0;

	_stp_ring_init(&r, mem, size, 0, TEST_CHAN, 3);
	set_pos(&r, start);
	CHECK(!put(&r, 0, maxlen + 1), "size %u: payload %u is too big",
	      size, maxlen + 1);
	CHECK_EQ(_stp_ring_drops(&r), 1, "and counted as a drop");
	for (int round = 0; round < 3; round++) {
		for (len = 0; len <= maxlen; len++, seq++) {
			struct stp_rec_hdr *h = (void *)out;
			u32 before = r.head;
			long n;

			if (!put(&r, seq, len)) {
				bad++;
				continue;
			}
			if (r.head - before != STP_REC_SIZE(len))
				pads++;
			n = _stp_ring_read(&r, out, sizeof(out));
			if (n != (long)STP_REC_SIZE(len) || h->len != len ||
			    h->type != STP_REC_DATA || h->cpu != 3 ||
			    h->ts != seq ||
			    (len >= 8 && !intact(h, &(u64){0})) ||
			    !_stp_ring_empty(&r))
				bad++;
			/* padding after the payload is not part of it */
		}
		/* shift the start offset by 8 for the next round */
		put(&r, seq++, 0);
		(void)_stp_ring_read(&r, out, sizeof(out));
		put(&r, seq++, 0);
		(void)_stp_ring_read(&r, out, sizeof(out));
	}
	CHECK(bad == 0, "size %u start %#x: payloads 0..%u x3, each read back "
	      "whole (%u bad, %u wrapped with padding)", size, start, maxlen,
	      bad, pads);
	CHECK(pads > 0, "size %u: some records wrapped", size);
	CHECK_EQ(_stp_ring_drops(&r), 0, "no drops");
}

/* Many records in the ring at once, read in odd-sized chunks: the reader
 * never returns part of a record, and sees each exactly once in order. */
static void test_chunks(u32 start)
{
	struct _stp_ring r;
	static u64 seqs[4096];
	u64 wseq = 0, next = 0;
	long total = 0, bad = 0;

	_stp_ring_init(&r, mem, 1024, 0, TEST_CHAN, 3);
	set_pos(&r, start);
	for (int i = 0; i < 20000; i++) {
		while (put(&r, wseq, len_of(wseq, 120)))
			wseq++;
		(void)_stp_ring_drops(&r);	/* the failed put */
		size_t max = STP_REC_SIZE(120) + (size_t)(i * 37) % 500;
		long n = _stp_ring_read(&r, out, max);
		long k = walk(out, n, seqs, 4096);

		if (n < 0 || n > (long)max || k < 0) {
			bad++;
			continue;
		}
		for (long j = 0; j < k; j++)
			if (seqs[j] != next++)
				bad++;
		total += k;
	}
	CHECK(bad == 0 && total > 10000, "start %#x: %ld records read in "
	      "chunks of 136..635 bytes, in order, none torn (%ld bad)",
	      start, total, bad);
}

/* A read that meets only padding before a record too big for max. */
static void test_pad_enospc(void)
{
	struct _stp_ring r;

	_stp_ring_init(&r, mem, 256, 0, TEST_CHAN, 3);
	set_pos(&r, 224);		/* 32 bytes to the end */
	put(&r, 0, 32);			/* 56 bytes: after a 32-byte pad */
	CHECK_EQ(_stp_ring_read(&r, out, 48), -ENOSPC,
		 "padding, then a 56-byte record, max 48: -ENOSPC");
	CHECK_EQ(_stp_ring_read(&r, out, 56), 56, "max 56: the record");
	CHECK(_stp_ring_empty(&r), "empty");
}

static void test_nesting(void)
{
	struct _stp_ring r;
	u64 seqs[8];
	void *a, *b, *c;
	long n;

	_stp_ring_init(&r, mem, 256, 0, TEST_CHAN, 3);
	a = reserve(&r, 8, 0);
	fill(a, 0, 8);
	b = reserve(&r, 8, 1);	/* "irq" */
	fill(b, 1, 8);
	c = reserve(&r, 8, 2);	/* "nmi" */
	fill(c, 2, 8);
	_stp_ring_commit(&r, c);
	_stp_ring_commit(&r, b);
	CHECK(_stp_ring_empty(&r), "nested commits are not visible while "
	      "the outer record is pending");
	CHECK_EQ(_stp_ring_read(&r, out, sizeof(out)), 0, "read returns 0");
	_stp_ring_commit(&r, a);
	n = walk(out, _stp_ring_read(&r, out, sizeof(out)), seqs, 8);
	CHECK(n == 3 && seqs[0] == 0 && seqs[1] == 1 && seqs[2] == 2,
	      "outer commit publishes all three, in reserve order");
	CHECK_EQ(r.nest, 0, "nest back to 0");

	/* A drop while nested: the outer writer still publishes. */
	a = reserve(&r, 100, 3);
	fill(a, 3, 100);
	CHECK(!put(&r, 4, 100), "inner record that does not fit is dropped");
	CHECK(put(&r, 5, 8), "a smaller inner one fits");
	_stp_ring_commit(&r, a);
	n = walk(out, _stp_ring_read(&r, out, sizeof(out)), seqs, 8);
	CHECK(n == 2 && seqs[0] == 3 && seqs[1] == 5, "records 3 and 5 read");
	CHECK_EQ(_stp_ring_drops(&r), 1, "one drop");
}

static void test_overwrite(u32 start)
{
	struct _stp_ring r;
	u64 seqs[64], s;
	long n;
	int i;
	void *a;

	_stp_ring_init(&r, mem, 256, 1, TEST_CHAN, 3);
	set_pos(&r, start);
	for (s = 0; s < 100; s++)
		put(&r, s, 8);			/* 32 bytes each */
	CHECK_EQ(_stp_ring_drops(&r), 0, "overwrite: no drops reported");
	CHECK_EQ(_stp_ring_overwritten(&r), 92, "overwrite: 92 overwritten");
	n = walk(out, _stp_ring_read(&r, out, sizeof(out)), seqs, 64);
	CHECK(n == 8 && seqs[0] == 92 && seqs[7] == 99,
	      "start %#x: the newest 8 records are kept (%ld)", start, n);

	/* Variable sizes with wrap padding: the kept records are the newest,
	 * contiguous, and whole. */
	for (s = 100; s < 1000; s++)
		put(&r, s, len_of(s, STP_RING_MAX_PAYLOAD(256)));
	n = walk(out, _stp_ring_read(&r, out, sizeof(out)), seqs, 64);
	bool ok = n > 0 && seqs[n - 1] == 999;
	for (i = 1; i < n; i++)
		ok = ok && seqs[i] == seqs[i - 1] + 1;
	CHECK(ok, "variable sizes: kept %ld newest whole records, ending at "
	      "999", n);
	CHECK_EQ(_stp_ring_drops(&r), 0, "still no drops");

	/* Switch to discard mid-stream: the ring keeps its records and new
	 * ones are dropped and counted.  (Restart at an offset that is a
	 * multiple of 32, so that no padding makes the counts vary.) */
	_stp_ring_init(&r, mem, 256, 1, TEST_CHAN, 3);
	set_pos(&r, start);
	for (s = 1000; s < 1008; s++)
		put(&r, s, 8);
	_stp_ring_set_overwrite(&r, false);
	for (s = 1008; s < 1012; s++)
		put(&r, s, 8);
	CHECK_EQ(_stp_ring_drops(&r), 4, "after switching to discard, 4 drops");
	_stp_ring_set_overwrite(&r, true);
	put(&r, 1012, 8);
	n = walk(out, _stp_ring_read(&r, out, sizeof(out)), seqs, 64);
	CHECK(n == 8 && seqs[0] == 1001 && seqs[6] == 1007 && seqs[7] == 1012,
	      "and back to overwrite: 1001..1007, 1012 (%ld)", n);

	/* An outer writer's pending record cannot be evicted: inner
	 * records that would need its room are dropped. */
	a = reserve(&r, 8, 2000);
	fill(a, 2000, 8);
	for (s = 2001; s < 2020; s++)
		put(&r, s, 8);
	CHECK_EQ(_stp_ring_drops(&r), 12, "overwrite, pending outer record: "
		 "12 inner records dropped");
	_stp_ring_commit(&r, a);
	n = walk(out, _stp_ring_read(&r, out, sizeof(out)), seqs, 64);
	CHECK(n == 8 && seqs[0] == 2000 && seqs[7] == 2007,
	      "the ring holds 2000..2007 (%ld)", n);
}

/* ---- stress: one writer, one reader -------------------------------------- */

enum { MODE_DISCARD, MODE_OVERWRITE, MODE_SWITCH };

struct stress {
	struct _stp_ring r;
	int mode;
	int done;		/* writer finished (atomic) */
	u64 written;		/* records committed by the writer */
	u64 wdropped;		/* reserves that returned NULL */
	/* reader's results */
	u64 nseq;		/* sequence numbers the writer used */
	u64 seen, gaps, gap_events, drops, bad, next;
	u64 overtaken;		/* overwrite: gap not explained by drops */
};

static long stress_ms = 1000;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Nested writers on one CPU: pairs in LIFO order, random depth 1..3. */
static void *writer(void *arg)
{
	struct stress *st = arg;
	double end = now() + stress_ms / 1000.0;
	u64 seq = 0;
	u32 rnd = 12345, maxlen = 200;
	unsigned long iter = 0;

	while ((++iter & 1023) || now() < end) {
		void *p[3];
		u64 s[3];
		u32 l[3];
		int depth, d;

		rnd = rnd * 1103515245 + 12345;
		depth = 1 + (rnd >> 16) % 3;
		if (st->mode == MODE_SWITCH && (iter & 4095) == 0)
			_stp_ring_set_overwrite(&st->r, (rnd >> 20) & 1);
		for (d = 0; d < depth; d++) {
			s[d] = seq++;
			l[d] = len_of(s[d], maxlen);
			p[d] = reserve(&st->r, l[d], s[d]);
			if (!p[d])
				st->wdropped++;
		}
		for (d = depth - 1; d >= 0; d--) {
			if (!p[d])
				continue;
			fill(p[d], s[d], l[d]);
			_stp_ring_commit(&st->r, p[d]);
			st->written++;
		}
	}
	st->nseq = seq;
	__atomic_store_n(&st->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void *reader(void *arg)
{
	struct stress *st = arg;
	static u64 buf[8192];
	u64 next = 0;
	int last = 0;

	for (;;) {
		int done = __atomic_load_n(&st->done, __ATOMIC_ACQUIRE);
		unsigned long d = _stp_ring_drops(&st->r);
		long n = _stp_ring_read(&st->r, buf, sizeof(buf));
		const u8 *b = (const u8 *)buf;
		long off = 0;

		st->drops += d;
		if (n < 0) {
			st->bad++;
			break;
		}
		while (off < n) {
			const struct stp_rec_hdr *h = (const void *)(b + off);
			u64 s = h->ts;

			if (off + (long)STP_REC_SIZE(h->len) > n ||
			    h->type != STP_REC_DATA || h->cpu != 3 ||
			    h->len != len_of(s, 200) ||
			    (h->len >= 8 && !intact(h, &s)) || s < next) {
				st->bad++;
				break;
			}
			if (s > next) {
				st->gaps += s - next;
				st->gap_events++;
			}
			next = s + 1;
			st->seen++;
			off += STP_REC_SIZE(h->len);
		}
		if (last)
			break;
		if (done)
			last = _stp_ring_empty(&st->r);	/* one more pass */
	}
	st->drops += _stp_ring_drops(&st->r);
	st->next = next;
	return NULL;
}

static void test_stress(int mode, const char *name)
{
	static struct stress st;
	pthread_t w, rd;
	u64 over;

	memset(&st, 0, sizeof(st));
	_stp_ring_init(&st.r, mem, 4096, mode == MODE_OVERWRITE, TEST_CHAN,
		       3);
	set_pos(&st.r, 0u - 4096 * 7);	/* cross 2^32 early */
	st.mode = mode;
	pthread_create(&rd, NULL, reader, &st);
	pthread_create(&w, NULL, writer, &st);
	pthread_join(w, NULL);
	pthread_join(rd, NULL);
	over = _stp_ring_overwritten(&st.r);
	st.gaps += st.nseq - st.next;	/* records lost after the last read */

	printf("  %s: written %llu, read %llu, dropped %llu, overwritten "
	       "%llu, gaps %llu in %llu runs\n", name,
	       (unsigned long long)st.written, (unsigned long long)st.seen,
	       (unsigned long long)st.drops, (unsigned long long)over,
	       (unsigned long long)st.gaps,
	       (unsigned long long)st.gap_events);
	CHECK(st.bad == 0, "%s: every record whole, in order (%llu bad)",
	      name, (unsigned long long)st.bad);
	CHECK_EQ(st.drops, st.wdropped, "drops reported == reserves failed");
	CHECK_EQ(st.seen + over, st.written,
		 "read + overwritten == committed");
	CHECK_EQ(st.gaps, st.drops + over,
		 "sequence gaps == dropped + overwritten");
	CHECK(st.seen > 1000, "%s: reader saw %llu records", name,
	      (unsigned long long)st.seen);
	if (mode == MODE_DISCARD)
		CHECK(over == 0, "discard mode overwrites nothing");
	if (mode == MODE_OVERWRITE)
		CHECK(st.drops == 0 && over > 0, "overwrite mode drops "
		      "nothing and overwrote %llu", (unsigned long long)over);
	if (mode == MODE_SWITCH)
		CHECK(st.drops > 0 && over > 0, "switching: both drops and "
		      "overwrites happened");
}

int main(void)
{
	const char *e = getenv("STP_RING_STRESS_MS");

	if (e)
		stress_ms = atol(e);
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_init();
	test_header_ids();
	test_fill(0);
	test_fill(0xFFFFFF80u);		/* positions wrap 2^32 mid-fill */
	test_fill(0xFFFFFFE0u);
	test_sizes(0, 1024);
	test_sizes(0xFFFFF000u, 1024);
	test_sizes(0xFFFFFF08u, 256);
	test_sizes(8, 64);
	test_chunks(0);
	test_chunks(0xFFFF0000u);
	test_pad_enospc();
	test_nesting();
	test_overwrite(0);
	test_overwrite(0xFFFFFFA0u);
	test_stress(MODE_DISCARD, "stress discard");
	test_stress(MODE_OVERWRITE, "stress overwrite");
	test_stress(MODE_SWITCH, "stress switching");
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed ? 1 : 0;
}
