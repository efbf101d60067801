// SPDX-License-Identifier: GPL-2.0-only
/* test-merge.c - host unit tests of staprun/merge.c (per-CPU stream merge).
 *
 * Prints one line per check and exits 1 if any failed.  Chunks handed to
 * stp_merge_feed() are copied into malloc'd buffers of exactly their size,
 * so running this under valgrind catches any read past a chunk.  The
 * drops summary wording is SystemTap's (runtime/transport/transport.c,
 * _stp_cleanup_and_exit: "There were %d transport failures. Try stap -s
 * to increase the buffer size from %d.", printed by _stp_warn).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

/* ---- checks -------------------------------------------------------------- */

#include "check.h"

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	return p;
}

/* ---- building chunks ----------------------------------------------------- */

struct chunk {
	char *p;
	size_t len, cap;
};

static void put(struct chunk *c, const void *src, size_t n)
{
	if (c->len + n > c->cap) {
		c->cap = (c->len + n) * 2 + 64;
		c->p = realloc(c->p, c->cap);
		if (!c->p) {
			perror("realloc");
			exit(2);
		}
	}
	memcpy(c->p + c->len, src, n);
	c->len += n;
}

/* Appends a record with a raw header (any field, for bad cases)
 * followed by `plen` payload bytes and padding to 8. */
static void hdr_rec(struct chunk *c, const struct stp_rec_hdr *h,
		    const void *payload, size_t plen)
{
	static const char zeros[8];

	put(c, h, sizeof(*h));
	if (plen)
		put(c, payload, plen);
	put(c, zeros, (STP_REC_ALIGN - plen % STP_REC_ALIGN) % STP_REC_ALIGN);
}

/* The same on the default channel, no event. */
static void raw_rec(struct chunk *c, __u32 len, __u16 type, __u16 cpu,
		    __u64 ts, const void *payload, size_t plen)
{
	struct stp_rec_hdr h = { .len = len, .type = type, .cpu = cpu, .ts = ts };

	hdr_rec(c, &h, payload, plen);
}

/* A DATA record of channel chan with event id event. */
static void chan_rec(struct chunk *c, unsigned chan, unsigned event,
		     unsigned cpu, uint64_t ts, const char *text)
{
	struct stp_rec_hdr h = { .len = (__u32)strlen(text),
				 .type = STP_REC_DATA, .cpu = (__u16)cpu,
				 .ts = ts, .chan = (__u16)chan,
				 .event = (__u16)event };

	hdr_rec(c, &h, text, strlen(text));
}

static void rec(struct chunk *c, unsigned type, unsigned cpu, uint64_t ts,
		const char *text)
{
	size_t n = text ? strlen(text) : 0;

	raw_rec(c, (__u32)n, (__u16)type, (__u16)cpu, ts, text, n);
}

static void drops_rec(struct chunk *c, unsigned cpu, uint64_t ts, __u64 n)
{
	raw_rec(c, sizeof(n), STP_REC_DROPS, (__u16)cpu, ts, &n, sizeof(n));
}

/* Feeds c->p[0..len) from a buffer of exactly that size (valgrind sees
 * any over-read), then empties c. */
static int feed_exact(struct stp_merge *m, unsigned cpu, struct chunk *c,
		      size_t len)
{
	char *b = xmalloc(len);
	int rc;

	memcpy(b, c->p, len);
	rc = stp_merge_feed(m, cpu, b, len);
	free(b);
	c->len = 0;
	return rc;
}

static int feed(struct stp_merge *m, unsigned cpu, struct chunk *c)
{
	return feed_exact(m, cpu, c, c->len);
}

/* Drains what is safe now into "cpu:ts:text," form. */
static char *drain(struct stp_merge *m, char *out, size_t size, int *last_rc)
{
	struct stp_merge_rec r;
	size_t pos = 0;
	int rc;

	out[0] = '\0';
	while ((rc = stp_merge_next(m, &r)) == STP_MERGE_REC) {
		int n = snprintf(out + pos, size - pos, "%u:%llu:%.*s,", r.cpu,
				 (unsigned long long)r.ts,
				 r.type == STP_REC_DROPS ? 0 : (int)r.len,
				 r.data);
		if (n > 0 && (size_t)n < size - pos)
			pos += (size_t)n;
	}
	if (last_rc)
		*last_rc = rc;
	return out;
}

#define CHECK_STR(got, want, what)					\
	CHECK(strcmp((got), (want)) == 0, "%s = \"%s\" (want \"%s\")",	\
	      what, (got), (want))

/* ---- cases --------------------------------------------------------------- */

static void test_new(void)
{
	struct stp_merge *m;

	CHECK(stp_merge_new(STP_CHAN_DEFAULT, 0, 0) == NULL, "new: 0 CPUs refused");
	CHECK(stp_merge_new(STP_CHAN_DEFAULT, STP_MERGE_MAX_CPUS + 1, 0) == NULL,
	      "new: %u CPUs refused", STP_MERGE_MAX_CPUS + 1);
	m = stp_merge_new(STP_CHAN_DEFAULT, STP_MERGE_MAX_CPUS, 0);
	CHECK(m != NULL, "new: %u CPUs accepted", STP_MERGE_MAX_CPUS);
	CHECK_EQ(stp_merge_room(m, 0), STP_MERGE_DEFAULT_BUDGET,
		 "new: default budget");
	CHECK_EQ(stp_merge_waiting_on(m), 0, "new: waits on cpu 0 first");
	stp_merge_flush(m);
	CHECK_EQ(stp_merge_next(m, &(struct stp_merge_rec){ 0 }), STP_MERGE_END,
		 "new: empty merge flushes to END");
	stp_merge_free(m);
	stp_merge_free(NULL);
}

static void test_interleaved(void)
{
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, 3, 0);
	struct chunk c = { 0 };
	char out[512];
	int rc;

	rec(&c, STP_REC_DATA, 0, 1, "a");
	rec(&c, STP_REC_DATA, 0, 4, "d");
	rec(&c, STP_REC_DATA, 0, 7, "g");
	CHECK_EQ(feed(m, 0, &c), 0, "interleaved: feed cpu 0");
	CHECK_EQ(stp_merge_next(m, &(struct stp_merge_rec){ 0 }), STP_MERGE_WAIT,
		 "interleaved: cpu 0 alone waits");
	CHECK_EQ(stp_merge_waiting_on(m), 1, "interleaved: waiting on cpu 1");
	rec(&c, STP_REC_DATA, 1, 2, "b");
	rec(&c, STP_REC_DATA, 1, 5, "e");
	rec(&c, STP_REC_DATA, 1, 8, "h");
	CHECK_EQ(feed(m, 1, &c), 0, "interleaved: feed cpu 1");
	CHECK_EQ(stp_merge_waiting_on(m), 2, "interleaved: waiting on cpu 2");
	rec(&c, STP_REC_DATA, 2, 3, "c");
	rec(&c, STP_REC_DATA, 2, 6, "f");
	rec(&c, STP_REC_DATA, 2, 9, "i");
	CHECK_EQ(feed(m, 2, &c), 0, "interleaved: feed cpu 2");
	CHECK_EQ(stp_merge_pending(m), 9, "interleaved: 9 pending");

	drain(m, out, sizeof(out), &rc);
	CHECK_STR(out, "0:1:a,1:2:b,2:3:c,0:4:d,1:5:e,2:6:f,0:7:g,",
		  "interleaved: safe prefix in ts order");
	CHECK_EQ(rc, STP_MERGE_WAIT, "interleaved: then waits");
	CHECK_EQ(stp_merge_waiting_on(m), 0,
		 "interleaved: on cpu 0 (drained, could still write ts 7)");
	CHECK_EQ(stp_merge_idle(m, 0, 100), 0, "interleaved: cpu 0 idle to 100");
	drain(m, out, sizeof(out), &rc);
	CHECK_STR(out, "1:8:h,", "interleaved: ts 8 released");
	CHECK_EQ(stp_merge_waiting_on(m), 1, "interleaved: waiting on cpu 1");
	stp_merge_idle(m, 1, 100);
	drain(m, out, sizeof(out), &rc);
	CHECK_STR(out, "2:9:i,", "interleaved: ts 9 released");
	CHECK_EQ(rc, STP_MERGE_WAIT, "interleaved: waits on the drained cpu 2");
	CHECK_EQ(stp_merge_waiting_on(m), 2, "interleaved: waiting on cpu 2");
	stp_merge_flush(m);
	CHECK_EQ(stp_merge_next(m, &(struct stp_merge_rec){ 0 }), STP_MERGE_END,
		 "interleaved: END after flush");
	CHECK_EQ(stp_merge_waiting_on(m), -1, "interleaved: waiting on none");
	CHECK_EQ(stp_merge_late(m), 0, "interleaved: no late records");
	free(c.p);
	stp_merge_free(m);
}

static void test_ties(void)
{
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, 3, 0);
	struct chunk c = { 0 };
	char out[512];
	int rc;

	/* same ts on every CPU, fed in the order 2, 0, 1 */
	rec(&c, STP_REC_DATA, 2, 5, "z");
	feed(m, 2, &c);
	rec(&c, STP_REC_DATA, 0, 5, "x");
	feed(m, 0, &c);
	rec(&c, STP_REC_DATA, 1, 5, "y");
	rec(&c, STP_REC_DATA, 1, 5, "y2");
	feed(m, 1, &c);
	drain(m, out, sizeof(out), &rc);
	CHECK_STR(out, "0:5:x,", "ties: equal ts, lowest cpu first");
	CHECK_EQ(stp_merge_waiting_on(m), 0,
		 "ties: drained cpu 0 could still write another ts 5 (it would go first)");
	stp_merge_idle(m, 0, 6);
	drain(m, out, sizeof(out), &rc);
	CHECK_STR(out, "1:5:y,1:5:y2,", "ties: then cpu 1's, in its own order");
	CHECK_EQ(stp_merge_waiting_on(m), 1, "ties: then waiting on cpu 1");
	stp_merge_idle(m, 1, 5);
	CHECK_EQ(stp_merge_next(m, &(struct stp_merge_rec){ 0 }), STP_MERGE_WAIT,
		 "ties: cpu 1 idle at 5 may still write ts 5 before cpu 2's");
	stp_merge_idle(m, 1, 6);
	drain(m, out, sizeof(out), &rc);
	CHECK_STR(out, "2:5:z,", "ties: cpu 2's ts 5 once cpus 0 and 1 are past 5");
	stp_merge_free(m);

	/* an idle CPU with a lower number must be strictly past the ts */
	m = stp_merge_new(STP_CHAN_DEFAULT, 3, 0);
	rec(&c, STP_REC_DATA, 1, 10, "one");
	feed(m, 1, &c);
	stp_merge_idle(m, 2, 10);
	stp_merge_idle(m, 0, 10);
	CHECK_EQ(stp_merge_next(m, &(struct stp_merge_rec){ 0 }), STP_MERGE_WAIT,
		 "ties: cpu 0 idle at 10 may still write ts 10 (before cpu 1's)");
	CHECK_EQ(stp_merge_waiting_on(m), 0, "ties: waiting on cpu 0");
	stp_merge_idle(m, 0, 11);
	drain(m, out, sizeof(out), &rc);
	CHECK_STR(out, "1:10:one,",
		  "ties: released when cpu 0 is past 10 and cpu 2 is at 10");
	free(c.p);
	stp_merge_free(m);
}

static void test_chunks(void)
{
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, 2, 0);
	struct chunk c = { 0 };
	char out[1024], want[1024], text[64];
	size_t w = 0;
	unsigned i;
	char *shifted;
	int rc;

	/* cpu 0: three chunks of 5, 1 and 4 records, text lengths 0..9 */
	for (i = 0; i < 10; i++) {
		memset(text, 'a' + (int)i, i);
		text[i] = '\0';
		rec(&c, STP_REC_DATA, 0, 10 * i, text);
		if (i == 4 || i == 5 || i == 9)
			CHECK(feed(m, 0, &c) == 0,
			      "chunks: feed cpu 0 chunk ending at record %u", i);
	}
	CHECK_EQ(stp_merge_pending(m), 10, "chunks: 10 records queued");

	/* cpu 1: one chunk fed from an odd address (no alignment needed) */
	for (i = 0; i < 6; i++) {
		snprintf(text, sizeof(text), "c1-%u", i);
		rec(&c, STP_REC_DATA, 1, 15 * i + 5, text);
	}
	shifted = xmalloc(c.len + 1);
	memcpy(shifted + 1, c.p, c.len);
	CHECK_EQ(stp_merge_feed(m, 1, shifted + 1, c.len), 0,
		 "chunks: feed cpu 1 from an unaligned buffer");
	free(shifted);
	c.len = 0;

	stp_merge_flush(m);
	drain(m, out, sizeof(out), &rc);
	{
		/* reference: merge by hand */
		unsigned a = 0, b = 0;

		while (a < 10 || b < 6) {
			uint64_t ta = 10 * a, tb = 15 * b + 5;

			if (a < 10 && (b >= 6 || ta <= tb)) {
				memset(text, 'a' + (int)a, a);
				text[a] = '\0';
				w += (size_t)snprintf(want + w, sizeof(want) - w,
						      "0:%llu:%s,", (unsigned long long)ta, text);
				a++;
			} else {
				w += (size_t)snprintf(want + w, sizeof(want) - w,
						      "1:%llu:c1-%u,", (unsigned long long)tb, b);
				b++;
			}
		}
	}
	CHECK_STR(out, want, "chunks: payloads intact, merged in order");
	CHECK_EQ(rc, STP_MERGE_END, "chunks: END");
	free(c.p);
	stp_merge_free(m);
}

static void test_idle(void)
{
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, 2, 0);
	struct chunk c = { 0 };
	struct stp_merge_rec r;
	char out[256];

	rec(&c, STP_REC_DATA, 0, 50, "x");
	feed(m, 0, &c);
	CHECK_EQ(stp_merge_next(m, &r), STP_MERGE_WAIT,
		 "idle: cpu 1 without data holds ts 50 back");
	CHECK_EQ(stp_merge_waiting_on(m), 1, "idle: waiting on cpu 1");
	stp_merge_idle(m, 1, 49);
	CHECK_EQ(stp_merge_next(m, &r), STP_MERGE_WAIT,
		 "idle: cpu 1 idle to 49 still holds it back");
	stp_merge_idle(m, 1, 30);
	CHECK_EQ(stp_merge_next(m, &r), STP_MERGE_WAIT,
		 "idle: an older idle mark does not lower the bound");
	stp_merge_idle(m, 1, 51);
	CHECK_EQ(stp_merge_next(m, &r), STP_MERGE_REC,
		 "idle: cpu 1 idle past 50 releases it");
	CHECK(r.cpu == 0 && r.ts == 50 && r.len == 1 && r.data[0] == 'x',
	      "idle: the record is cpu 0, ts 50, \"x\"");
	CHECK_EQ(stp_merge_idle(m, 2, 1), STP_MERGE_EARG, "idle: bad cpu refused");
	CHECK(strstr(stp_merge_error(m), "out of range") != NULL,
	      "idle: message \"%s\"", stp_merge_error(m));

	/* a record below the idle mark is late: counted, emitted first */
	rec(&c, STP_REC_DATA, 1, 40, "late");
	CHECK_EQ(feed(m, 1, &c), 0, "idle: late record accepted");
	CHECK_EQ(stp_merge_late(m), 1, "idle: counted as late");
	stp_merge_flush(m);
	drain(m, out, sizeof(out), NULL);
	CHECK_STR(out, "1:40:late,", "idle: late record flushed");
	free(c.p);
	stp_merge_free(m);
}

static void test_flush(void)
{
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, 4, 0);
	struct chunk c = { 0 };
	char out[256];
	int rc;

	rec(&c, STP_REC_DATA, 3, 7, "d");
	rec(&c, STP_REC_DATA, 3, 9, "e");
	feed(m, 3, &c);
	rec(&c, STP_REC_DATA, 1, 8, "b");
	feed(m, 1, &c);
	rec(&c, STP_REC_ERROR, 2, 7, "ERROR: c\n");
	feed(m, 2, &c);
	CHECK_EQ(stp_merge_next(m, &(struct stp_merge_rec){ 0 }), STP_MERGE_WAIT,
		 "flush: cpu 0 (no data, no idle) holds everything back");
	stp_merge_close(m, 3);
	CHECK_EQ(stp_merge_next(m, &(struct stp_merge_rec){ 0 }), STP_MERGE_WAIT,
		 "flush: closing another CPU does not release");
	stp_merge_flush(m);
	drain(m, out, sizeof(out), &rc);
	CHECK_STR(out, "2:7:ERROR: c\n,3:7:d,1:8:b,3:9:e,", "flush: all in order");
	CHECK_EQ(rc, STP_MERGE_END, "flush: then END");
	CHECK_EQ(stp_merge_pending(m), 0, "flush: nothing pending");
	rec(&c, STP_REC_DATA, 0, 10, "x");
	CHECK_EQ(feed(m, 0, &c), STP_MERGE_EARG, "flush: feed after flush refused");
	CHECK(strstr(stp_merge_error(m), "closed") != NULL,
	      "flush: message \"%s\"", stp_merge_error(m));
	free(c.p);
	stp_merge_free(m);
}

/* One malformed chunk: refused whole with a message containing `words`,
 * nothing queued; one good record of cpu 0 (ts 100) comes first. */
static void bad_chunk(struct chunk *c, size_t len, const char *what,
		      const char *words)
{
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, 2, STP_MERGE_MIN_BUDGET);
	struct chunk good = { 0 };
	int rc;

	rec(&good, STP_REC_DATA, 0, 100, "ok");
	feed(m, 0, &good);
	free(good.p);
	rc = feed_exact(m, 0, c, len);
	CHECK_EQ(rc, STP_MERGE_EBADCHUNK, what);
	CHECK(strstr(stp_merge_error(m), words) != NULL,
	      "%s: message \"%s\" mentions \"%s\"", what, stp_merge_error(m), words);
	CHECK_EQ(stp_merge_pending(m), 1, "  nothing of it queued");
	stp_merge_free(m);
}

static void test_malformed(void)
{
	struct chunk c = { 0 };
	char payload[64] = "payload";
	__u32 n4 = 4;

	raw_rec(&c, 0xffffffffu, STP_REC_DATA, 0, 200, payload, 8);
	bad_chunk(&c, c.len, "malformed: len 0xffffffff", "exceeds");

	raw_rec(&c, 9, STP_REC_DATA, 0, 200, payload, 8);
	bad_chunk(&c, c.len, "malformed: len one past the chunk", "exceeds");

	raw_rec(&c, 5, 0, 0, 200, payload, 5);
	bad_chunk(&c, c.len, "malformed: type 0", "bad record type 0");

	raw_rec(&c, 5, 6, 0, 200, payload, 5);
	bad_chunk(&c, c.len, "malformed: type 6", "bad record type 6");

	rec(&c, STP_REC_DATA, 0, 200, "abc");
	bad_chunk(&c, 10, "malformed: truncated header", "truncated");

	rec(&c, STP_REC_DATA, 0, 200, "abc");
	bad_chunk(&c, sizeof(struct stp_rec_hdr) + 3,
		  "malformed: missing padding", "padding");

	rec(&c, STP_REC_DATA, 0, 200, "good");
	rec(&c, STP_REC_DATA, 0, 201, "abcdefgh");
	bad_chunk(&c, c.len - 4, "malformed: second record cut short", "exceeds");

	rec(&c, STP_REC_DATA, 0, 200, "good");
	rec(&c, STP_REC_DATA, 0, 201, "x");
	bad_chunk(&c, c.len - 3,
		  "malformed: chunk ends inside the last padding", "padding");

	rec(&c, STP_REC_DATA, 1, 200, "other cpu");
	bad_chunk(&c, c.len, "malformed: cpu field differs", "claims cpu 1");

	rec(&c, STP_REC_DATA, 0, 200, "a");
	rec(&c, STP_REC_DATA, 0, 199, "b");
	bad_chunk(&c, c.len, "malformed: ts back within the chunk", "goes back");

	rec(&c, STP_REC_DATA, 0, 99, "b");
	bad_chunk(&c, c.len, "malformed: ts back across chunks", "goes back");

	raw_rec(&c, 4, STP_REC_EXIT, 0, 200, payload, 4);
	bad_chunk(&c, c.len, "malformed: EXIT with a payload", "EXIT");

	raw_rec(&c, 4, STP_REC_DROPS, 0, 200, &n4, 4);
	bad_chunk(&c, c.len, "malformed: DROPS with 4 bytes", "DROPS");

	{
		size_t big = STP_MERGE_MIN_BUDGET;
		char *p = xmalloc(big);

		memset(p, 'x', big);
		raw_rec(&c, (__u32)big, STP_REC_DATA, 0, 200, p, big);
		free(p);
		bad_chunk(&c, c.len, "malformed: record larger than the budget",
			  "budget");
	}
	free(c.p);
}

/* Channel and event ids: kept from header to record, another channel's
 * records refused, and several channels merged side by side, each in its
 * own order, their drops summed in one summary. */
static void test_channels(void)
{
	struct stp_merge *a, *b;
	struct chunk c = { 0 };
	struct stp_merge_rec r;
	char out[256];
	int n;

	CHECK(stp_merge_new(STP_CHAN_MAX, 1, 0) == NULL,
	      "channels: channel id %d refused", STP_CHAN_MAX);
	a = stp_merge_new(STP_CHAN_DEFAULT, 2, 0);
	b = stp_merge_new(3, 2, 0);
	CHECK_EQ(stp_merge_chan(b), 3, "channels: merge of channel 3");

	chan_rec(&c, 3, 0xBEEF, 1, 10, "ev");
	CHECK_EQ(feed(b, 1, &c), STP_MERGE_OK, "channels: channel 3 record fed");
	stp_merge_flush(b);
	memset(&r, 0, sizeof(r));
	n = stp_merge_next(b, &r);
	CHECK(n == STP_MERGE_REC && r.chan == 3 &&
	      r.event == 0xBEEF && r.cpu == 1 && r.ts == 10 && r.len == 2 &&
	      memcmp(r.data, "ev", 2) == 0,
	      "channels: record keeps channel 3, event 0xbeef (got %u, %#x)",
	      r.chan, r.event);
	stp_merge_free(b);

	b = stp_merge_new(3, 2, 0);
	chan_rec(&c, STP_CHAN_DEFAULT, 0, 0, 5, "x");
	CHECK_EQ(feed(b, 0, &c), STP_MERGE_EBADCHUNK,
		 "channels: a channel-0 record refused by channel 3's merge");
	CHECK(strstr(stp_merge_error(b), "claims channel 0") != NULL,
	      "channels: message \"%s\" names the channel", stp_merge_error(b));
	{
		struct stp_rec_hdr h = { .len = 0, .type = STP_REC_DATA,
					 .cpu = 0, .ts = 5, .chan = 3,
					 .reserved = 1 };

		hdr_rec(&c, &h, NULL, 0);
		CHECK_EQ(feed(b, 0, &c), STP_MERGE_EBADCHUNK,
			 "channels: reserved field not 0 refused");
	}

	/* two channels, two CPUs each, fed interleaved */
	rec(&c, STP_REC_DATA, 0, 30, "a30");
	rec(&c, STP_REC_DATA, 0, 50, "a50");
	feed(a, 0, &c);
	chan_rec(&c, 3, 1, 0, 20, "b20");
	chan_rec(&c, 3, 2, 0, 60, "b60");
	feed(b, 0, &c);
	rec(&c, STP_REC_DATA, 1, 40, "a40");
	feed(a, 1, &c);
	chan_rec(&c, 3, 1, 1, 10, "b10");
	feed(b, 1, &c);
	drops_rec(&c, 1, 70, 5);
	feed(a, 1, &c);
	{
		struct stp_rec_hdr h = { .len = 8, .type = STP_REC_DROPS,
					 .cpu = 1, .ts = 80, .chan = 3 };
		__u64 lost = 2;

		hdr_rec(&c, &h, &lost, sizeof(lost));
		feed(b, 1, &c);
	}
	stp_merge_flush(a);
	stp_merge_flush(b);
	drain(a, out, sizeof(out), NULL);
	CHECK_STR(out, "0:30:a30,1:40:a40,0:50:a50,1:70:,",
		  "channels: channel 0 in its own order");
	drain(b, out, sizeof(out), NULL);
	CHECK_STR(out, "1:10:b10,0:20:b20,0:60:b60,1:80:,",
		  "channels: channel 3 in its own order");
	{
		const struct stp_merge *ms[2] = { a, b };

		n = stp_merge_drops_summary(ms, 2, out, sizeof(out), 0, 1);
		CHECK_STR(out,
			  "WARNING: There were 7 transport failures.\n"
			  "WARNING: cpu 1: 5 transport failures.\n"
			  "WARNING: channel 3 cpu 1: 2 transport failures.\n",
			  "channels: one summary over both channels");
		CHECK_EQ(n, strlen(out), "channels: summary length");
	}
	free(c.p);
	stp_merge_free(a);
	stp_merge_free(b);
}

static void test_budget(void)
{
	const size_t budget = STP_MERGE_MIN_BUDGET;
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, 2, budget);
	struct chunk c = { 0 };
	struct stp_merge_rec r;
	char text[1000];
	size_t rsize = STP_REC_SIZE(sizeof(text) - 1), room;
	unsigned i, n = 0;
	int rc;

	memset(text, 'q', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	CHECK_EQ(stp_merge_room(m, 0), budget, "budget: empty queue has it all");
	for (i = 0; ; i++) {
		rec(&c, STP_REC_DATA, 0, i + 1, text);
		room = stp_merge_room(m, 0);
		rc = feed(m, 0, &c);
		if (rc != 0)
			break;
		n++;
	}
	CHECK_EQ(rc, STP_MERGE_EFULL, "budget: the chunk that does not fit is refused");
	CHECK(room < rsize, "budget: room %zu was below the record size %zu",
	      room, rsize);
	CHECK_EQ(n, budget / rsize, "budget: records that fit");
	CHECK(strstr(stp_merge_error(m), "queue full") != NULL,
	      "budget: message \"%s\"", stp_merge_error(m));
	CHECK_EQ(stp_merge_pending(m), n, "budget: the refused chunk was not queued");
	CHECK_EQ(stp_merge_waiting_on(m), 1,
		 "budget: cpu 0 full, the merge needs cpu 1 read first");
	stp_merge_idle(m, 1, 3);
	CHECK_EQ(stp_merge_next(m, &r), STP_MERGE_REC, "budget: progress after cpu 1 idle");
	CHECK_EQ(stp_merge_room(m, 0), budget - (n - 1) * rsize, "budget: room grows as records go");
	rec(&c, STP_REC_DATA, 0, i + 1, text);
	CHECK_EQ(feed(m, 0, &c), 0, "budget: the refused record fits now");
	stp_merge_flush(m);
	n = 0;
	while (stp_merge_next(m, &r) == STP_MERGE_REC)
		n++;
	CHECK_EQ(n, budget / rsize, "budget: the rest flushed");
	CHECK_EQ(stp_merge_room(m, 0), budget, "budget: all room back");
	free(c.p);
	stp_merge_free(m);
}

static void test_drops_exit(void)
{
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, 3, 0);
	const struct stp_merge *mc[1] = { m };
	struct chunk c = { 0 };
	struct stp_merge_rec r;
	char buf[512];
	int n;

	n = stp_merge_drops_summary(mc, 1, buf, sizeof(buf), 16, 1);
	CHECK(n == 0 && buf[0] == '\0', "drops: no summary without drops");

	drops_rec(&c, 0, 5, 3);
	rec(&c, STP_REC_DATA, 0, 6, "a");
	drops_rec(&c, 0, 7, 4);
	feed(m, 0, &c);
	drops_rec(&c, 2, 8, 1000);
	raw_rec(&c, 0, STP_REC_EXIT, 2, 9, NULL, 0);
	feed(m, 2, &c);
	stp_merge_idle(m, 1, 1000);
	stp_merge_idle(m, 0, 1000);
	while (stp_merge_next(m, &r) == STP_MERGE_REC && r.type != STP_REC_EXIT)
		CHECK(!stp_merge_exit_seen(m), "exit: not seen before ts %llu",
		      (unsigned long long)r.ts);
	CHECK(r.type == STP_REC_EXIT && r.cpu == 2 && r.ts == 9,
	      "exit: EXIT record yielded (cpu 2, ts 9)");
	CHECK(stp_merge_exit_seen(m), "exit: seen after it was yielded");
	CHECK_EQ(stp_merge_drops(m, 0), 7, "drops: cpu 0 lost 3+4");
	CHECK_EQ(stp_merge_drops(m, 1), 0, "drops: cpu 1 lost none");
	CHECK_EQ(stp_merge_drops(m, 2), 1000, "drops: cpu 2 lost 1000");
	CHECK_EQ(stp_merge_total_drops(m), 1007, "drops: total");

	n = stp_merge_drops_summary(mc, 1, buf, sizeof(buf), 0, 0);
	CHECK_STR(buf, "WARNING: There were 1007 transport failures.\n",
		  "drops: summary");
	CHECK_EQ(n, strlen(buf), "drops: summary length");
	n = stp_merge_drops_summary(mc, 1, buf, sizeof(buf), 16, 1);
	CHECK_STR(buf,
		  "WARNING: There were 1007 transport failures. Try stap -s to increase the buffer size from 16.\n"
		  "WARNING: cpu 0: 7 transport failures.\n"
		  "WARNING: cpu 2: 1000 transport failures.\n",
		  "drops: summary with buffer size, per CPU");
	{
		char small[10];
		int n2 = stp_merge_drops_summary(mc, 1, small, sizeof(small), 16, 1);

		CHECK(n2 == n && strlen(small) == 9 && strncmp(small, buf, 9) == 0,
		      "drops: truncated to a small buffer, full length %d returned", n2);
	}
	free(c.p);
	stp_merge_free(m);
}

static char *slurp(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	return buf;
}

static void test_write(void)
{
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, 1, 0);
	struct chunk c = { 0 };
	struct stp_merge_rec r;
	FILE *out = tmpfile(), *err = tmpfile();
	char buf[256];
	static const char warn[] = "WARNING: w\n";	/* sent with its NUL */
	int ok = 1;

	if (!out || !err) {
		CHECK(0, "write: tmpfile");
		return;
	}
	rec(&c, STP_REC_DATA, 0, 1, "hello ");
	raw_rec(&c, sizeof(warn), STP_REC_WARNING, 0, 2, warn, sizeof(warn));
	rec(&c, STP_REC_DATA, 0, 3, "world\n");
	rec(&c, STP_REC_ERROR, 0, 4, "ERROR: e\n");
	drops_rec(&c, 0, 5, 2);
	raw_rec(&c, 0, STP_REC_EXIT, 0, 6, NULL, 0);
	feed(m, 0, &c);
	stp_merge_flush(m);
	while (stp_merge_next(m, &r) == STP_MERGE_REC)
		if (stp_merge_write(&r, out, err) != 0)
			ok = 0;
	CHECK(ok, "write: every write succeeded");
	CHECK_STR(slurp(out, buf, sizeof(buf)), "hello world\n",
		  "write: DATA to the output");
	CHECK_STR(slurp(err, buf, sizeof(buf)), "WARNING: w\nERROR: e\n",
		  "write: WARNING/ERROR to stderr, NUL dropped, DROPS/EXIT silent");
	fclose(out);
	fclose(err);
	free(c.p);
	stp_merge_free(m);
}

/* ---- randomized: 8 CPUs, 10^5 records against a reference sort ----------- */

#define R_CPUS 8
#define R_RECS 100000

struct rrec {
	uint64_t ts;
	unsigned cpu, seq;	/* seq: order within its CPU */
	unsigned len;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)	/* xorshift64* */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static int rrec_cmp(const void *a, const void *b)
{
	const struct rrec *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void payload_of(const struct rrec *r, char *p)
{
	unsigned i;

	for (i = 0; i < r->len; i++)
		p[i] = (char)('A' + (r->cpu * 7 + r->seq + i) % 26);
}

static void test_random(void)
{
	struct rrec *all = xmalloc(R_RECS * sizeof(*all));
	struct rrec *per[R_CPUS];
	unsigned n_per[R_CPUS] = { 0 }, fed[R_CPUS] = { 0 };
	struct stp_merge *m = stp_merge_new(STP_CHAN_DEFAULT, R_CPUS, STP_MERGE_MIN_BUDGET);
	struct chunk c = { 0 };
	struct stp_merge_rec r;
	uint64_t now = 0, ts[R_CPUS] = { 0 };
	unsigned i, cpu, out = 0, bad = 0, full = 0, idles = 0, waits = 0;
	char want[64];
	int rc;

	for (cpu = 0; cpu < R_CPUS; cpu++)
		per[cpu] = xmalloc(R_RECS * sizeof(**per));
	/* timestamps: small random steps, so CPUs often tie */
	for (i = 0; i < R_RECS; i++) {
		struct rrec x;

		cpu = (unsigned)(rnd() % R_CPUS);
		ts[cpu] += rnd() % 4;
		x.ts = ts[cpu];
		x.cpu = cpu;
		x.seq = n_per[cpu];
		x.len = (unsigned)(rnd() % 41);
		per[cpu][n_per[cpu]++] = x;
		all[i] = x;
	}
	qsort(all, R_RECS, sizeof(*all), rrec_cmp);

	/* The producer makes record x readable once now >= x.ts; each step
	 * reads one random CPU, up to a random number of records and the room
	 * left; a read finding nothing marks the CPU idle up to now + 1. */
	while (out < R_RECS) {
		unsigned k, limit;
		size_t room;

		/* cpu 0 is read half the time: its queue fills up while
		 * the merge waits for the others */
		cpu = rnd() % 2 ? 0 : (unsigned)(rnd() % R_CPUS);
		now += rnd() % 8;
		room = stp_merge_room(m, cpu);
		limit = 1 + (unsigned)(rnd() % 400);
		for (k = 0; k < limit && fed[cpu] < n_per[cpu] &&
			    per[cpu][fed[cpu]].ts <= now; k++) {
			const struct rrec *x = &per[cpu][fed[cpu]];
			char p[64];

			if (c.len + STP_REC_SIZE(x->len) > room) {
				full++;
				break;
			}
			payload_of(x, p);
			raw_rec(&c, x->len, STP_REC_DATA, (__u16)cpu, x->ts, p, x->len);
			fed[cpu]++;
		}
		if (c.len) {
			if (feed(m, cpu, &c) != 0)
				bad++;
		} else if (fed[cpu] == n_per[cpu] ||
			   per[cpu][fed[cpu]].ts > now) {
			stp_merge_idle(m, cpu, now + 1);
			idles++;
		}
		if (fed[cpu] == n_per[cpu] && rnd() % 4 == 0 &&
		    stp_merge_room(m, cpu) > 0)
			stp_merge_close(m, cpu);	/* may repeat: harmless */
		while ((rc = stp_merge_next(m, &r)) == STP_MERGE_REC) {
			const struct rrec *x = &all[out];

			payload_of(x, want);
			if (out < R_RECS && (r.cpu != x->cpu || r.ts != x->ts ||
					     r.len != x->len ||
					     memcmp(r.data, want, r.len) != 0))
				bad++;
			out++;
			if (out == R_RECS)
				break;
		}
		if (rc == STP_MERGE_WAIT)
			waits++;
		if (now > ts[0] + ts[1] + 1000000)	/* cannot happen */
			break;
	}
	CHECK_EQ(out, R_RECS, "random: all 100000 records out before the flush");
	CHECK_EQ(bad, 0, "random: each in reference-sort order with its payload");
	CHECK(full > 0, "random: the budget was hit %u times", full);
	CHECK(idles > 0 && waits > 0, "random: %u idle marks, %u waits", idles, waits);
	stp_merge_flush(m);
	CHECK_EQ(stp_merge_next(m, &r), STP_MERGE_END, "random: END after the flush");
	CHECK_EQ(stp_merge_late(m), 0, "random: no late records");

	/* again, feeding everything first in random chunks, then flushing */
	stp_merge_free(m);
	m = stp_merge_new(STP_CHAN_DEFAULT, R_CPUS, (size_t)64 << 20);
	memset(fed, 0, sizeof(fed));
	for (i = 0; i < R_RECS;) {
		unsigned k, limit = 1 + (unsigned)(rnd() % 200);
		char p[64];

		cpu = (unsigned)(rnd() % R_CPUS);
		for (k = 0; k < limit && fed[cpu] < n_per[cpu]; k++, i++) {
			const struct rrec *x = &per[cpu][fed[cpu]++];

			payload_of(x, p);
			raw_rec(&c, x->len, STP_REC_DATA, (__u16)cpu, x->ts, p, x->len);
		}
		if (c.len && feed(m, cpu, &c) != 0)
			bad++;
	}
	stp_merge_flush(m);
	for (out = 0; (rc = stp_merge_next(m, &r)) == STP_MERGE_REC; out++) {
		const struct rrec *x = &all[out < R_RECS ? out : R_RECS - 1];

		payload_of(x, want);
		if (r.cpu != x->cpu || r.ts != x->ts || r.len != x->len ||
		    memcmp(r.data, want, r.len) != 0)
			bad++;
	}
	CHECK_EQ(out, R_RECS, "random/flush: all 100000 records flushed");
	CHECK_EQ(bad, 0, "random/flush: in reference-sort order");
	CHECK_EQ(rc, STP_MERGE_END, "random/flush: END");

	for (cpu = 0; cpu < R_CPUS; cpu++)
		free(per[cpu]);
	free(all);
	free(c.p);
	stp_merge_free(m);
}

int main(void)
{
	test_new();
	test_interleaved();
	test_ties();
	test_chunks();
	test_idle();
	test_flush();
	test_malformed();
	test_budget();
	test_channels();
	test_drops_exit();
	test_write();
	test_random();
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed ? 1 : 0;
}
