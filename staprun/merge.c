// SPDX-License-Identifier: GPL-2.0-only
/* merge.c - staprun: merge a channel's per-CPU record streams in
 * timestamp order.
 * See merge.h for the API, the safety rule and the complexity. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

#define HDR_SIZE sizeof(struct stp_rec_hdr)

struct cpu_queue {
	char *buf;		/* whole records, [head, tail) */
	size_t cap, head, tail;
	size_t nrec;
	uint64_t head_ts;	/* ts of the record at head (nrec > 0) */
	uint64_t last_ts;	/* ts of the last record fed */
	uint64_t bound;		/* no future record below this (empty queue) */
	uint64_t drops;
	int heap_pos;		/* index in m->heap, -1 if not in it */
	bool closed;
};

struct stp_merge {
	unsigned chan;
	unsigned ncpus;
	size_t budget;
	struct cpu_queue *q;
	unsigned *heap;		/* open or non-empty CPUs, min (key, cpu) */
	unsigned heap_n;
	size_t pending;
	uint64_t late, total_drops;
	bool exit_seen;
	char err[256];
};

/* ---- errors ------------------------------------------------------------- */

static int __attribute__((format(printf, 3, 4)))
fail(struct stp_merge *m, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
	return code;
}

const char *stp_merge_error(const struct stp_merge *m)
{
	return m->err;
}

/* ---- the heap of CPUs --------------------------------------------------- */

static uint64_t key_of(const struct cpu_queue *q)
{
	return q->nrec ? q->head_ts : q->bound;
}

/* (key, cpu) of a sorts before that of b */
static bool before(const struct stp_merge *m, unsigned a, unsigned b)
{
	uint64_t ka = key_of(&m->q[a]), kb = key_of(&m->q[b]);

	return ka < kb || (ka == kb && a < b);
}

static void heap_set(struct stp_merge *m, unsigned i, unsigned cpu)
{
	m->heap[i] = cpu;
	m->q[cpu].heap_pos = (int)i;
}

static void sift_up(struct stp_merge *m, unsigned i)
{
	unsigned cpu = m->heap[i];

	while (i > 0) {
		unsigned parent = (i - 1) / 2;

		if (!before(m, cpu, m->heap[parent]))
			break;
		heap_set(m, i, m->heap[parent]);
		i = parent;
	}
	heap_set(m, i, cpu);
}

static void sift_down(struct stp_merge *m, unsigned i)
{
	unsigned cpu = m->heap[i];

	for (;;) {
		unsigned l = 2 * i + 1, r = l + 1, best = i;
		unsigned best_cpu = cpu;

		if (l < m->heap_n && before(m, m->heap[l], best_cpu)) {
			best = l;
			best_cpu = m->heap[l];
		}
		if (r < m->heap_n && before(m, m->heap[r], best_cpu)) {
			best = r;
			best_cpu = m->heap[r];
		}
		if (best == i)
			break;
		heap_set(m, i, best_cpu);
		i = best;
	}
	heap_set(m, i, cpu);
}

/* cpu's key changed (either way): restore the heap, or drop the CPU from
 * it once it is closed and empty. */
static void heap_update(struct stp_merge *m, unsigned cpu)
{
	struct cpu_queue *q = &m->q[cpu];
	int pos = q->heap_pos;

	if (pos < 0)
		return;
	if (q->closed && q->nrec == 0) {
		unsigned last = m->heap[--m->heap_n];

		q->heap_pos = -1;
		if ((unsigned)pos == m->heap_n)
			return;
		heap_set(m, (unsigned)pos, last);
		sift_up(m, (unsigned)pos);
		sift_down(m, (unsigned)m->q[last].heap_pos);
		return;
	}
	sift_up(m, (unsigned)pos);
	sift_down(m, (unsigned)q->heap_pos);
}

/* ---- life cycle --------------------------------------------------------- */

struct stp_merge *stp_merge_new(unsigned chan, unsigned ncpus, size_t budget)
{
	struct stp_merge *m;
	unsigned c;

	if (chan >= STP_CHAN_MAX || ncpus == 0 || ncpus > STP_MERGE_MAX_CPUS)
		return NULL;
	if (budget == 0)
		budget = STP_MERGE_DEFAULT_BUDGET;
	if (budget < STP_MERGE_MIN_BUDGET)
		budget = STP_MERGE_MIN_BUDGET;
	budget &= ~(size_t)(STP_REC_ALIGN - 1);

	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->q = calloc(ncpus, sizeof(*m->q));
	m->heap = calloc(ncpus, sizeof(*m->heap));
	if (!m->q || !m->heap) {
		free(m->q);
		free(m->heap);
		free(m);
		return NULL;
	}
	m->chan = chan;
	m->ncpus = ncpus;
	m->budget = budget;
	/* all keys (0, c): already a heap in CPU order */
	for (c = 0; c < ncpus; c++)
		heap_set(m, c, c);
	m->heap_n = ncpus;
	return m;
}

void stp_merge_free(struct stp_merge *m)
{
	unsigned c;

	if (!m)
		return;
	for (c = 0; c < m->ncpus; c++)
		free(m->q[c].buf);
	free(m->q);
	free(m->heap);
	free(m);
}

/* ---- input -------------------------------------------------------------- */

static const char *type_name(unsigned type)
{
	switch (type) {
	case STP_REC_DATA: return "DATA";
	case STP_REC_ERROR: return "ERROR";
	case STP_REC_WARNING: return "WARNING";
	case STP_REC_EXIT: return "EXIT";
	case STP_REC_DROPS: return "DROPS";
	}
	return "?";
}

/* Checks every record of the chunk; counts them in *nrec. */
static int validate(struct stp_merge *m, unsigned cpu, const char *p,
		    size_t len, size_t *nrec)
{
	const struct cpu_queue *q = &m->q[cpu];
	uint64_t prev = q->last_ts;
	size_t off = 0, n = 0;

	while (off < len) {
		struct stp_rec_hdr h;
		size_t left = len - off;
		uint64_t size;

		if (left < HDR_SIZE)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: truncated chunk: %zu bytes at offset %zu are less than a record header (%zu)",
				    cpu, left, off, HDR_SIZE);
		memcpy(&h, p + off, HDR_SIZE);
		if (h.type < STP_REC_DATA || h.type > STP_REC_DROPS)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: bad record type %u at offset %zu",
				    cpu, (unsigned)h.type, off);
		if (h.len > left - HDR_SIZE)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: %s record at offset %zu: payload length %u exceeds the %zu bytes left in the chunk",
				    cpu, type_name(h.type), off, (unsigned)h.len,
				    left - HDR_SIZE);
		size = STP_REC_SIZE((uint64_t)h.len);
		if (size > left)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: %s record at offset %zu: truncated padding (record takes %llu bytes, %zu left)",
				    cpu, type_name(h.type), off,
				    (unsigned long long)size, left);
		if (size > m->budget)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: %s record at offset %zu: %llu bytes exceed the per-CPU budget of %zu",
				    cpu, type_name(h.type), off,
				    (unsigned long long)size, m->budget);
		if (h.cpu != cpu)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: %s record at offset %zu claims cpu %u",
				    cpu, type_name(h.type), off, (unsigned)h.cpu);
		if (h.chan != m->chan)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: %s record at offset %zu claims channel %u (this is channel %u)",
				    cpu, type_name(h.type), off,
				    (unsigned)h.chan, m->chan);
		if (h.reserved != 0)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: %s record at offset %zu: reserved header field is %u, not 0",
				    cpu, type_name(h.type), off,
				    (unsigned)h.reserved);
		if (h.type == STP_REC_EXIT && h.len != 0)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: EXIT record at offset %zu has a %u-byte payload (want none)",
				    cpu, off, (unsigned)h.len);
		if (h.type == STP_REC_DROPS && h.len != sizeof(__u64))
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: DROPS record at offset %zu has a %u-byte payload (want %zu)",
				    cpu, off, (unsigned)h.len, sizeof(__u64));
		if (h.ts < prev)
			return fail(m, STP_MERGE_EBADCHUNK,
				    "cpu %u: %s record at offset %zu: timestamp %llu goes back (previous %llu)",
				    cpu, type_name(h.type), off,
				    (unsigned long long)h.ts,
				    (unsigned long long)prev);
		prev = h.ts;
		off += (size_t)size;
		n++;
	}
	*nrec = n;
	return STP_MERGE_OK;
}

static int check_cpu(struct stp_merge *m, unsigned cpu, const char *what)
{
	if (cpu >= m->ncpus)
		return fail(m, STP_MERGE_EARG, "%s: cpu %u out of range (%u CPUs)",
			    what, cpu, m->ncpus);
	if (m->q[cpu].closed)
		return fail(m, STP_MERGE_EARG, "%s: cpu %u is closed", what, cpu);
	return STP_MERGE_OK;
}

int stp_merge_feed(struct stp_merge *m, unsigned cpu, const void *buf,
		   size_t len)
{
	struct cpu_queue *q;
	struct stp_rec_hdr h;
	size_t nrec = 0, used, last_off, off;
	int rc;

	rc = check_cpu(m, cpu, "feed");
	if (rc)
		return rc;
	if (len == 0)
		return STP_MERGE_OK;
	q = &m->q[cpu];
	rc = validate(m, cpu, buf, len, &nrec);
	if (rc)
		return rc;
	used = q->tail - q->head;
	if (len > m->budget - used)
		return fail(m, STP_MERGE_EFULL,
			    "cpu %u: queue full: a %zu-byte chunk does not fit in the %zu bytes left",
			    cpu, len, m->budget - used);

	if (len > q->cap - q->tail && q->head > 0) {
		memmove(q->buf, q->buf + q->head, used);
		q->head = 0;
		q->tail = used;
	}
	if (len > q->cap - q->tail) {
		size_t need = q->tail + len, cap = q->cap ? q->cap : 4096;
		char *nb;

		while (cap < need)
			cap *= 2;
		if (cap > m->budget)
			cap = m->budget;
		nb = realloc(q->buf, cap);
		if (!nb)
			return fail(m, STP_MERGE_ENOMEM,
				    "cpu %u: out of memory for a %zu-byte queue",
				    cpu, cap);
		q->buf = nb;
		q->cap = cap;
	}
	memcpy(q->buf + q->tail, buf, len);

	/* the last record's ts, for the order check of the next chunk */
	for (off = last_off = q->tail; off < q->tail + len;) {
		memcpy(&h, q->buf + off, HDR_SIZE);
		last_off = off;
		off += STP_REC_SIZE(h.len);
	}
	memcpy(&h, q->buf + last_off, HDR_SIZE);
	q->last_ts = h.ts;

	if (q->nrec == 0) {
		memcpy(&h, q->buf + q->tail, HDR_SIZE);
		q->head_ts = h.ts;
		if (h.ts < q->bound)
			m->late++;	/* below the idle mark: out of order */
	}
	q->tail += len;
	q->nrec += nrec;
	m->pending += nrec;
	heap_update(m, cpu);
	return STP_MERGE_OK;
}

int stp_merge_idle(struct stp_merge *m, unsigned cpu, uint64_t t)
{
	struct cpu_queue *q;
	int rc = check_cpu(m, cpu, "idle");

	if (rc)
		return rc;
	q = &m->q[cpu];
	if (t > q->bound) {
		q->bound = t;
		if (q->nrec == 0)
			heap_update(m, cpu);
	}
	return STP_MERGE_OK;
}

int stp_merge_close(struct stp_merge *m, unsigned cpu)
{
	if (cpu >= m->ncpus)
		return fail(m, STP_MERGE_EARG, "close: cpu %u out of range (%u CPUs)",
			    cpu, m->ncpus);
	m->q[cpu].closed = true;
	heap_update(m, cpu);
	return STP_MERGE_OK;
}

void stp_merge_flush(struct stp_merge *m)
{
	unsigned c;

	for (c = 0; c < m->ncpus; c++)
		stp_merge_close(m, c);
}

/* ---- output ------------------------------------------------------------- */

int stp_merge_next(struct stp_merge *m, struct stp_merge_rec *rec)
{
	struct cpu_queue *q;
	struct stp_rec_hdr h;
	unsigned cpu;

	if (m->heap_n == 0)
		return STP_MERGE_END;
	cpu = m->heap[0];
	q = &m->q[cpu];
	if (q->nrec == 0)
		return STP_MERGE_WAIT;	/* cpu may still write older records */

	memcpy(&h, q->buf + q->head, HDR_SIZE);
	rec->type = h.type;
	rec->cpu = cpu;
	rec->chan = h.chan;
	rec->event = h.event;
	rec->ts = h.ts;
	rec->data = q->buf + q->head + HDR_SIZE;
	rec->len = h.len;
	q->head += STP_REC_SIZE(h.len);
	q->nrec--;
	m->pending--;
	if (q->nrec) {
		memcpy(&h, q->buf + q->head, HDR_SIZE);
		q->head_ts = h.ts;
	} else {
		q->head = q->tail = 0;	/* bytes stay until the next feed */
		if (rec->ts > q->bound)
			q->bound = rec->ts;
	}
	heap_update(m, cpu);

	if (rec->type == STP_REC_DROPS) {
		__u64 n;

		memcpy(&n, rec->data, sizeof(n));
		q->drops += n;
		m->total_drops += n;
	} else if (rec->type == STP_REC_EXIT) {
		m->exit_seen = true;
	}
	return STP_MERGE_REC;
}

int stp_merge_waiting_on(const struct stp_merge *m)
{
	if (m->heap_n == 0 || m->q[m->heap[0]].nrec)
		return -1;
	return (int)m->heap[0];
}

size_t stp_merge_room(const struct stp_merge *m, unsigned cpu)
{
	const struct cpu_queue *q;

	if (cpu >= m->ncpus)
		return 0;
	q = &m->q[cpu];
	return m->budget - (q->tail - q->head);
}

size_t stp_merge_pending(const struct stp_merge *m)
{
	return m->pending;
}

int stp_merge_exit_seen(const struct stp_merge *m)
{
	return m->exit_seen;
}

uint64_t stp_merge_late(const struct stp_merge *m)
{
	return m->late;
}

unsigned stp_merge_chan(const struct stp_merge *m)
{
	return m->chan;
}

uint64_t stp_merge_drops(const struct stp_merge *m, unsigned cpu)
{
	return cpu < m->ncpus ? m->q[cpu].drops : 0;
}

uint64_t stp_merge_total_drops(const struct stp_merge *m)
{
	return m->total_drops;
}

int stp_merge_write(const struct stp_merge_rec *rec, FILE *out, FILE *err)
{
	FILE *f;
	size_t len = rec->len;

	switch (rec->type) {
	case STP_REC_DATA:
		f = out;
		break;
	case STP_REC_ERROR:
	case STP_REC_WARNING:
		f = err;
		while (len > 0 && rec->data[len - 1] == '\0')
			len--;
		break;
	default:
		return 0;
	}
	errno = 0;
	if (len && fwrite(rec->data, 1, len, f) != len) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* snprintf that appends at *pos and keeps counting past the end */
static void __attribute__((format(printf, 4, 5)))
append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*pos < size ? buf + *pos : NULL,
		      *pos < size ? size - *pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos += (size_t)n;
}

int stp_merge_drops_summary(const struct stp_merge *const *ms, size_t nm,
			    char *buf, size_t size, unsigned bufsize_mb,
			    int per_cpu)
{
	unsigned long long total = 0;
	size_t pos = 0, i;
	unsigned c;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < nm; i++)
		total += ms[i]->total_drops;
	if (total == 0)
		return 0;
	/* SystemTap, runtime/transport/transport.c (_stp_cleanup_and_exit),
	 * through _stp_warn's "WARNING: " prefix */
	if (bufsize_mb)
		append(buf, size, &pos,
		       "WARNING: There were %llu transport failures. Try stap -s to increase the buffer size from %u.\n",
		       total, bufsize_mb);
	else
		append(buf, size, &pos,
		       "WARNING: There were %llu transport failures.\n", total);
	if (!per_cpu)
		return (int)pos;
	for (i = 0; i < nm; i++) {
		const struct stp_merge *m = ms[i];

		for (c = 0; c < m->ncpus; c++) {
			if (!m->q[c].drops)
				continue;
			if (m->chan == STP_CHAN_DEFAULT)
				append(buf, size, &pos,
				       "WARNING: cpu %u: %llu transport failures.\n",
				       c, (unsigned long long)m->q[c].drops);
			else
				append(buf, size, &pos,
				       "WARNING: channel %u cpu %u: %llu transport failures.\n",
				       m->chan, c,
				       (unsigned long long)m->q[c].drops);
		}
	}
	return (int)pos;
}
