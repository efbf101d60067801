// SPDX-License-Identifier: GPL-2.0-only
/* map.c - SystemTap associative arrays: preallocated hash maps.
 *
 * Layout (see map.h for the API and the locking rules):
 *
 *   buckets[hash & mask] -> node -> node -> NULL      hash chains (hnext)
 *   oldest <-> node <-> ... <-> node <-> newest       age list (older/newer)
 *   free_list -> node -> node -> NULL                 unused (hnext)
 *
 * Each node is a struct _stp_map_node header followed by the keys, each
 * 8-byte aligned (s64, or a MAXSTRINGLEN-byte string slot), then the
 * value.  All nodes come from one array allocated at creation.
 *
 * No function here allocates, sleeps or recurses; the sort is an
 * iterative heapsort with O(1) extra space.
 */
#include "map.h"

#define MAP_STRMAX (MAXSTRINGLEN - 1)	/* longest string kept */

static inline u32 map_align8(u32 x)
{
	return (x + 7) & ~7U;
}

/* ---- hashing ---------------------------------------------------------- */

/*
 * One absorption step (_stp_map_absorb, map.h): fold a 64-bit word into
 * the state with an odd multiply (a bijection) and an xorshift that
 * brings the well-mixed high bits down.  The order of words matters, so
 * keys [1, 2] and [2, 1] hash differently.
 */
#define map_absorb _stp_map_absorb

/*
 * Fold the state to the 32-bit hash (_stp_map_finish, map.h).  The
 * absorption steps have mixed it already; the high half of one more odd
 * multiply gives bucket index bits (the low ones) that depend on every
 * bit of the state, at a third of the cost of a full 64-bit avalanche.
 */
#define map_finish _stp_map_finish

/*
 * Words of string data read in place.  may_alias: the bytes are chars;
 * the kernel builds with -fno-strict-aliasing anyway, host tests need not.
 */
typedef u64 __attribute__((may_alias)) map_word;

#define MAP_ONES 0x0101010101010101ULL
#define MAP_HIGHS 0x8080808080808080ULL

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MAP_WORD_AT_A_TIME 1
#else
#define MAP_WORD_AT_A_TIME 0
#endif

/*
 * The hash of a string key and its kept length (at most MAP_STRMAX),
 * found in one pass.  The hash absorbs the string's bytes in 8-byte
 * little-endian chunks up to the one holding the NUL (or the truncation
 * point), zero-padded past it, and always at least two chunks, so it
 * depends on the content only, not on where the string sits.  No length
 * is mixed in: only the last chunk has a zero byte, so the chunks
 * already tell strings apart.  A key of up to 15 bytes therefore hashes
 * exactly as the two words _stp_map_insert_str16() reads, with no test
 * of where its NUL is.
 *
 * Keys are mostly in 8-aligned buffers (frames, map slots, comm), which
 * are read a word at a time: an aligned word never straddles a page, so
 * reading the bytes after the NUL in the word that holds it cannot
 * fault, and they are masked off before they reach the hash.  Other
 * strings go byte by byte, to the same result.
 */
static __always_inline u64 map_hash_str(u64 h, const char *s, u32 *lenp)
{
	u64 w = 0;
	u32 i;

	if (MAP_WORD_AT_A_TIME && !((uintptr_t)s & 7)) {
		for (i = 0;; i += 8) {
			u64 z;

			w = *(const map_word *)(s + i);
			z = (w - MAP_ONES) & ~w & MAP_HIGHS;
			/* truncation ends the string like a NUL */
			if (unlikely(i + 8 > MAP_STRMAX))
				z |= 0x80ULL << (8 * (MAP_STRMAX - i));
			if (z) {
				/* the lowest flagged byte is the first NUL */
				u32 nul = (u32)__builtin_ctzll(z) >> 3;

				w &= nul ? ~0ULL >> (64 - 8 * nul) : 0;
				*lenp = i + nul;
				h = map_absorb(h, w);
				return i ? h : map_absorb(h, 0);
			}
			h = map_absorb(h, w);
		}
	}
	for (i = 0; i < MAP_STRMAX && s[i]; i++) {
		w |= (u64)(u8)s[i] << (8 * (i & 7));
		if ((i & 7) == 7) {
			h = map_absorb(h, w);
			w = 0;
		}
	}
	*lenp = i;
	h = map_absorb(h, w);
	return i >= 8 ? h : map_absorb(h, 0);
}

static inline const char *map_key_str(const union _stp_key *k)
{
	return k->str ? k->str : "";
}

/*
 * A lookup's hash and the kept length of each string key (strings are
 * truncated to MAP_STRMAX bytes both when stored and when looked up).
 */
struct map_probe {
	u32 hash;
	u32 len[STP_MAP_MAX_KEYS];
};

/*
 * Every field of a map_probe is written before it is read.  Kernels
 * built with INIT_STACK_ALL_ZERO would clear it on every lookup anyway,
 * which costs more than hashing a short key.
 */
#if defined(__has_attribute)
#if __has_attribute(__uninitialized__)
#define MAP_NOINIT __attribute__((__uninitialized__))
#endif
#endif
#ifndef MAP_NOINIT
#define MAP_NOINIT
#endif

/*
 * The key shape a lookup is compiled for.  MAP_ANY reads the count and
 * kinds of the keys from the map; STP_MAP_NUM or STP_MAP_STR stands for
 * one key of that kind, so that the compiler drops the per-key loops
 * for the most common arrays (see map_dispatch).
 */
#define MAP_ANY 0

static __always_inline u32 map_nkeys(const struct _stp_map *m, int shape)
{
	return shape == MAP_ANY ? m->desc.nkeys : 1;
}

static __always_inline int map_kind(const struct _stp_map *m, int shape,
				    u32 i)
{
	return shape == MAP_ANY ? m->desc.key_kind[i] : shape;
}

static __always_inline void map_probe_init(const struct _stp_map *m,
					   const union _stp_key *keys,
					   struct map_probe *p, int shape)
{
	u64 h = m->hash_init;
	u32 i;

	for (i = 0; i < map_nkeys(m, shape); i++) {
		if (map_kind(m, shape, i) == STP_MAP_STR)
			h = map_hash_str(h, map_key_str(&keys[i]), &p->len[i]);
		else
			h = map_absorb(h, (u64)keys[i].num);
	}
	p->hash = map_finish(h);
}

/*
 * Does the stored key equal the @len bytes of @key?  Stored keys are
 * zero-padded to a word boundary past their NUL (map_store_key), so an
 * aligned key compares a word at a time, its last word masked to its
 * length: the NUL and the padding must then match zeros.
 */
static __always_inline bool map_str_equal(const char *stored,
					  const char *key, u32 len)
{
	u32 i;

	if (MAP_WORD_AT_A_TIME && !((uintptr_t)key & 7)) {
		u32 rem;

		for (i = 0; i + 8 <= len; i += 8)
			if (*(const map_word *)(key + i) !=
			    *(const map_word *)(stored + i))
				return false;
		rem = len - i;
		return (*(const map_word *)(key + i) &
			(rem ? ~0ULL >> (64 - 8 * rem) : 0)) ==
		       *(const map_word *)(stored + i);
	}
	return !memcmp(stored, key, len) && stored[len] == '\0';
}

/* ---- entries ---------------------------------------------------------- */

static inline struct _stp_map_node *map_node_at(const struct _stp_map *m,
						u32 i)
{
	return (struct _stp_map_node *)(m->nodes + (size_t)i * m->node_size);
}

static __always_inline bool map_keys_equal(const struct _stp_map *m,
					   const struct _stp_map_node *n,
					   const union _stp_key *keys,
					   const struct map_probe *p,
					   int shape)
{
	u32 i;

	for (i = 0; i < map_nkeys(m, shape); i++) {
		if (map_kind(m, shape, i) == STP_MAP_STR) {
			if (!map_str_equal(_stp_map_key_str(m, n, i),
					   map_key_str(&keys[i]), p->len[i]))
				return false;
		} else if (_stp_map_key_num(m, n, i) != keys[i].num) {
			return false;
		}
	}
	return true;
}

static __always_inline struct _stp_map_node *
map_lookup(const struct _stp_map *m, const union _stp_key *keys,
	   const struct map_probe *p, int shape)
{
	struct _stp_map_node *n;

	for (n = m->buckets[p->hash & m->mask]; n; n = n->hnext)
		if (n->hash == p->hash && map_keys_equal(m, n, keys, p, shape))
			return n;
	return NULL;
}

/*
 * Call FN(..., shape) specialised for the map's keys: one number, one
 * string, or anything (read from the descriptor).
 */
#define map_dispatch(m, fn, ...)					\
	((m)->desc.nkeys != 1 ? fn(__VA_ARGS__, MAP_ANY) :		\
	 (m)->desc.key_kind[0] == STP_MAP_STR ?				\
		fn(__VA_ARGS__, STP_MAP_STR) :				\
		fn(__VA_ARGS__, STP_MAP_NUM))

/* Take @n off its hash chain, the age list, and put it on the free list. */
static void map_unlink(struct _stp_map *m, struct _stp_map_node *n)
{
	struct _stp_map_node **pp = &m->buckets[n->hash & m->mask];

	while (*pp != n)
		pp = &(*pp)->hnext;
	*pp = n->hnext;

	if (n->older)
		n->older->newer = n->newer;
	else
		m->oldest = n->newer;
	if (n->newer)
		n->newer->older = n->older;
	else
		m->newest = n->older;

	n->older = NULL;
	n->newer = NULL;
	n->hnext = m->free_list;
	m->free_list = n;
	m->count--;
}

static void map_store_str(char *dst, const char *src, u32 len)
{
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* A key, zero-padded to the end of the word holding its NUL (see
 * map_str_equal), and to 16 bytes at least (_stp_map_insert_str16
 * compares two words); slots are 8-aligned and at least that long. */
static void map_store_key(char *dst, const char *src, u32 len)
{
	*(map_word *)(dst + (len & ~7U)) = 0;
	if (MAXSTRINGLEN >= 16 && len < 8)
		*(map_word *)(dst + 8) = 0;
	map_store_str(dst, src, len);
}

/* Fill a fresh node with @keys and a zero value, link it in as newest. */
static void map_link_new(struct _stp_map *m, struct _stp_map_node *n,
			 const union _stp_key *keys, const struct map_probe *p)
{
	struct _stp_map_node **head = &m->buckets[p->hash & m->mask];
	u32 i;

	for (i = 0; i < m->desc.nkeys; i++) {
		void *slot = __stp_map_field(n, m->key_off[i]);

		if (m->desc.key_kind[i] == STP_MAP_STR)
			map_store_key(slot, map_key_str(&keys[i]), p->len[i]);
		else
			*(s64 *)slot = keys[i].num;
	}
	switch (m->desc.val_kind) {
	case STP_MAP_NUM:
		*_stp_map_val_num(m, n) = 0;
		break;
	case STP_MAP_STR:
		_stp_map_val_str(m, n)[0] = '\0';
		break;
	default:
		memset(_stp_map_val_blob(m, n), 0, m->desc.val_size);
		break;
	}

	n->hash = p->hash;
	n->seq = m->next_seq++;
	n->hnext = *head;
	*head = n;

	n->newer = NULL;
	n->older = m->newest;
	if (m->newest)
		m->newest->newer = n;
	else
		m->oldest = n;
	m->newest = n;
	m->count++;
}

/* ---- creation --------------------------------------------------------- */

static bool map_desc_valid(const struct _stp_map_desc *d, u32 max_entries)
{
	u32 i;

	if (!d || !d->alloc || !d->free)
		return false;
	if (d->nkeys < 1 || d->nkeys > STP_MAP_MAX_KEYS)
		return false;
	for (i = 0; i < d->nkeys; i++)
		if (d->key_kind[i] != STP_MAP_NUM &&
		    d->key_kind[i] != STP_MAP_STR)
			return false;
	if (d->val_kind != STP_MAP_NUM && d->val_kind != STP_MAP_STR &&
	    d->val_kind != STP_MAP_BLOB)
		return false;
	if (d->val_kind == STP_MAP_BLOB &&
	    (d->val_size == 0 || d->val_size > STP_MAP_MAX_BLOB))
		return false;
	return max_entries >= 1 && max_entries <= STP_MAP_MAX_ENTRIES;
}

/**
 * _stp_map_new - create a map with all its entries preallocated
 * @desc: key kinds, value kind and size, wrap mode, allocator (copied)
 * @max_entries: capacity, 1 to STP_MAP_MAX_ENTRIES (the array's declared
 *	size, or MAXMAPENTRIES)
 *
 * Allocates, through @desc->alloc, the map, a bucket array (the next
 * power of two >= @max_entries, at least 2) and @max_entries entries,
 * each with inline room for its keys and value.  Nothing is allocated
 * after this.
 *
 * Context: process context (module load); may sleep if @desc->alloc does.
 * Return: the map, or NULL if @desc is invalid or memory ran out.
 */
struct _stp_map *_stp_map_new(const struct _stp_map_desc *desc,
			      u32 max_entries)
{
	struct _stp_map *m;
	u32 i, off = 0, nbuckets = 2;

	if (!map_desc_valid(desc, max_entries))
		return NULL;

	m = desc->alloc(sizeof(*m));
	if (!m)
		return NULL;
	memset(m, 0, sizeof(*m));
	m->desc = *desc;
	m->hash_init = desc->seed ^ STP_MAP_HASH_INIT;
	m->max_entries = max_entries;

	for (i = 0; i < desc->nkeys; i++) {
		m->key_off[i] = off;
		off += map_align8(desc->key_kind[i] == STP_MAP_STR ?
				  MAXSTRINGLEN : sizeof(s64));
	}
	m->val_off = off;
	if (desc->val_kind == STP_MAP_NUM)
		off += sizeof(s64);
	else if (desc->val_kind == STP_MAP_STR)
		off += MAXSTRINGLEN;
	else
		off += desc->val_size;
	m->node_size = map_align8(sizeof(struct _stp_map_node) + off);

	while (nbuckets < max_entries)
		nbuckets <<= 1;
	m->mask = nbuckets - 1;

	if ((size_t)max_entries > SIZE_MAX / m->node_size)
		goto fail;
	m->buckets = desc->alloc(sizeof(*m->buckets) * (size_t)nbuckets);
	m->nodes = desc->alloc((size_t)max_entries * m->node_size);
	if (!m->buckets || !m->nodes)
		goto fail;

	for (i = 0; i < nbuckets; i++)
		m->buckets[i] = NULL;
	/* free list in address order: entry 0 is used first */
	for (i = max_entries; i-- > 0;) {
		struct _stp_map_node *n = map_node_at(m, i);

		n->older = NULL;
		n->newer = NULL;
		n->hnext = m->free_list;
		m->free_list = n;
	}
	return m;

fail:
	if (m->buckets)
		desc->free(m->buckets);
	if (m->nodes)
		desc->free(m->nodes);
	desc->free(m);
	return NULL;
}

/**
 * _stp_map_destroy - free a map and all its entries
 * @m: the map, or NULL
 *
 * Context: process context (module unload); no probe may still use @m.
 */
void _stp_map_destroy(struct _stp_map *m)
{
	void (*free_fn)(void *ptr);

	if (!m)
		return;
	free_fn = m->desc.free;
	free_fn(m->nodes);
	free_fn(m->buckets);
	free_fn(m);
}

/* ---- keyed operations ------------------------------------------------- */

static __always_inline struct _stp_map_node *
map_find(const struct _stp_map *m, const union _stp_key *keys, int shape)
{
	struct map_probe p MAP_NOINIT;

	map_probe_init(m, keys, &p, shape);
	return map_lookup(m, keys, &p, shape);
}

/**
 * _stp_map_find - look up an entry
 * @m: the map
 * @keys: one key per position, of the map's key kinds
 *
 * Context: read lock.
 * Return: the entry, or NULL if there is none with these keys.
 */
struct _stp_map_node *_stp_map_find(const struct _stp_map *m,
				    const union _stp_key *keys)
{
	return map_dispatch(m, map_find, m, keys);
}

/*
 * The miss of an insert: a new entry, or NULL if the map is full and
 * does not wrap.  Rare, so the key is hashed again here rather than the
 * lookup's state kept in memory on the hit path.
 */
static noinline struct _stp_map_node *
map_insert_new(struct _stp_map *m, const union _stp_key *keys, bool *created)
{
	struct _stp_map_node *n;
	struct map_probe p;

	if (!m->free_list) {
		if (!m->desc.wrap)
			return NULL;
		map_unlink(m, m->oldest);
		m->evicted++;
	}
	map_probe_init(m, keys, &p, MAP_ANY);
	n = m->free_list;
	m->free_list = n->hnext;
	map_link_new(m, n, keys, &p);
	if (created)
		*created = true;
	return n;
}

/* The by-value key goes to memory only on this rare path. */
static noinline struct _stp_map_node *
map_insert_key_new(struct _stp_map *m, union _stp_key key)
{
	return map_insert_new(m, &key, NULL);
}

/**
 * _stp_map_insert - find an entry, creating it if needed
 * @m: the map
 * @keys: one key per position, of the map's key kinds
 * @created: if not NULL, set to whether the entry was created
 *
 * A created entry has a zero value (0, "", or an all-zero blob) and
 * becomes the newest.  If the map is full, a wrap-around map first
 * evicts its oldest entry; any other map fails.  Counts as a
 * modification even when the entry existed (callers write its value).
 *
 * Context: write lock.
 * Return: the entry, or NULL if the map is full and does not wrap
 * (report STP_MAP_FULL: "Array overflow").
 */
struct _stp_map_node *_stp_map_insert(struct _stp_map *m,
				      const union _stp_key *keys,
				      bool *created)
{
	struct _stp_map_node *n;

	m->mod++;
	if (created)
		*created = false;
	n = map_dispatch(m, map_find, m, keys);
	if (likely(n))
		return n;
	return map_insert_new(m, keys, created);
}

/**
 * _stp_map_insert_key - _stp_map_insert() for a one-key map
 * @m: the map; its desc.nkeys must be 1
 * @key: the key
 *
 * Context: write lock.
 * Return: as _stp_map_insert().
 */
struct _stp_map_node *_stp_map_insert_key(struct _stp_map *m,
					  union _stp_key key)
{
	struct _stp_map_node *n;

	m->mod++;
	if (m->desc.key_kind[0] == STP_MAP_STR)
		n = map_find(m, &key, STP_MAP_STR);
	else
		n = map_find(m, &key, STP_MAP_NUM);
	if (likely(n))
		return n;
	return map_insert_key_new(m, key);
}

/**
 * _stp_map_insert_words - the out-of-line part of _stp_map_insert_str16()
 * @m: the map; one STP_MAP_STR key
 * @w0: bytes 0-7 of the key, as read from memory
 * @w1: bytes 8-15; the key ends at its first NUL, or after byte 14
 *
 * Context: write lock.
 * Return: as _stp_map_insert().
 */
struct _stp_map_node *_stp_map_insert_words(struct _stp_map *m, u64 w0,
					    u64 w1)
{
	u64 buf[2] = { w0, w1 };

	((char *)buf)[15] = '\0';
	return _stp_map_insert_key(m, (union _stp_key){ .str = (char *)buf });
}

/*
 * The entry of @keys, inserted if missing, for the setters below, which
 * all refuse a map of another value kind.  Return: STP_MAP_OK with *np
 * set, STP_MAP_BADKIND, or STP_MAP_FULL.
 */
static int map_entry_of_kind(struct _stp_map *m, const union _stp_key *keys,
			     int kind, struct _stp_map_node **np)
{
	if (m->desc.val_kind != kind)
		return STP_MAP_BADKIND;
	*np = _stp_map_insert(m, keys, NULL);
	return *np ? STP_MAP_OK : STP_MAP_FULL;
}

/**
 * _stp_map_set_num - `m[keys] = val` for a number-valued map
 * @m: the map
 * @keys: the keys
 * @val: the new value
 *
 * Context: write lock.
 * Return: STP_MAP_OK, STP_MAP_FULL, or STP_MAP_BADKIND if the value is
 * not a number.
 */
int _stp_map_set_num(struct _stp_map *m, const union _stp_key *keys,
		     s64 val)
{
	struct _stp_map_node *n;
	int rc;

	rc = map_entry_of_kind(m, keys, STP_MAP_NUM, &n);
	if (rc)
		return rc;
	*_stp_map_val_num(m, n) = val;
	return STP_MAP_OK;
}

/**
 * _stp_map_add_num - `m[keys] += delta` for a number-valued map
 * @m: the map
 * @keys: the keys
 * @delta: added with 64-bit wrap-around (a missing entry starts at 0)
 * @result: if not NULL, receives the new value
 *
 * Context: write lock.
 * Return: STP_MAP_OK, STP_MAP_FULL, or STP_MAP_BADKIND.
 */
int _stp_map_add_num(struct _stp_map *m, const union _stp_key *keys,
		     s64 delta, s64 *result)
{
	struct _stp_map_node *n;
	s64 *v;
	int rc;

	rc = map_entry_of_kind(m, keys, STP_MAP_NUM, &n);
	if (rc)
		return rc;
	v = _stp_map_val_num(m, n);
	*v = (s64)((u64)*v + (u64)delta);
	if (result)
		*result = *v;
	return STP_MAP_OK;
}

/* `m[keys] = val` (@append false) or `m[keys] .= val` (true). */
static int map_put_str(struct _stp_map *m, const union _stp_key *keys,
		       const char *val, bool append)
{
	struct _stp_map_node *n;
	char *dst;
	u32 cur;
	int rc;

	rc = map_entry_of_kind(m, keys, STP_MAP_STR, &n);
	if (rc)
		return rc;
	if (!val)
		val = "";
	dst = _stp_map_val_str(m, n);
	cur = append ? (u32)strnlen(dst, MAP_STRMAX) : 0;
	map_store_str(dst + cur, val, (u32)strnlen(val, MAP_STRMAX - cur));
	return STP_MAP_OK;
}

/**
 * _stp_map_set_str - `m[keys] = val` for a string-valued map
 * @m: the map
 * @keys: the keys
 * @val: the new value, truncated to MAXSTRINGLEN - 1 bytes; NULL is ""
 *
 * Context: write lock.
 * Return: STP_MAP_OK, STP_MAP_FULL, or STP_MAP_BADKIND.
 */
int _stp_map_set_str(struct _stp_map *m, const union _stp_key *keys,
		     const char *val)
{
	return map_put_str(m, keys, val, false);
}

/**
 * _stp_map_append_str - `m[keys] .= val` for a string-valued map
 * @m: the map
 * @keys: the keys
 * @val: appended as far as MAXSTRINGLEN - 1 bytes in all; NULL is ""
 *
 * Context: write lock.
 * Return: STP_MAP_OK, STP_MAP_FULL, or STP_MAP_BADKIND.
 */
int _stp_map_append_str(struct _stp_map *m, const union _stp_key *keys,
			const char *val)
{
	return map_put_str(m, keys, val, true);
}

/**
 * _stp_map_get_num - `m[keys]` for a number-valued map
 * @m: the map
 * @keys: the keys
 *
 * Context: read lock.
 * Return: the value, or 0 if there is no such entry (SystemTap reads
 * unset elements as 0 without creating them) or the map's values are
 * not numbers.
 */
s64 _stp_map_get_num(const struct _stp_map *m, const union _stp_key *keys)
{
	struct _stp_map_node *n;

	if (m->desc.val_kind != STP_MAP_NUM)
		return 0;
	n = _stp_map_find(m, keys);
	return n ? *_stp_map_val_num(m, n) : 0;
}

/**
 * _stp_map_get_str - `m[keys]` for a string-valued map
 * @m: the map
 * @keys: the keys
 *
 * Context: read lock; the string is valid until the entry changes.
 * Return: the value, or "" if there is no such entry or the map's values
 * are not strings.
 */
const char *_stp_map_get_str(const struct _stp_map *m,
			     const union _stp_key *keys)
{
	struct _stp_map_node *n;

	if (m->desc.val_kind != STP_MAP_STR)
		return "";
	n = _stp_map_find(m, keys);
	return n ? _stp_map_val_str(m, n) : "";
}

/**
 * _stp_map_get_blob - the blob value of an entry, by keys
 * @m: the map
 * @keys: the keys
 *
 * Context: read lock.
 * Return: the value, or NULL if there is no such entry (an empty
 * aggregate) or the map's values are not blobs.
 */
const void *_stp_map_get_blob(const struct _stp_map *m,
			      const union _stp_key *keys)
{
	struct _stp_map_node *n;

	if (m->desc.val_kind != STP_MAP_BLOB)
		return NULL;
	n = _stp_map_find(m, keys);
	return n ? _stp_map_val_blob(m, n) : NULL;
}

/**
 * _stp_map_exists - `[keys] in m`
 * @m: the map
 * @keys: the keys
 *
 * Context: read lock.
 * Return: whether the entry exists (set to any value, even 0 or "").
 */
bool _stp_map_exists(const struct _stp_map *m, const union _stp_key *keys)
{
	return _stp_map_find(m, keys) != NULL;
}

/**
 * _stp_map_delete - `delete m[keys]`
 * @m: the map
 * @keys: the keys
 *
 * Deleting a missing entry does nothing (but still counts as a
 * modification).
 *
 * Context: write lock.
 * Return: whether an entry was deleted.
 */
bool _stp_map_delete(struct _stp_map *m, const union _stp_key *keys)
{
	struct _stp_map_node *n;

	m->mod++;
	n = _stp_map_find(m, keys);
	if (!n)
		return false;
	map_unlink(m, n);
	return true;
}

/**
 * _stp_map_delete_node - delete one entry, by pointer
 * @m: the map
 * @n: a live entry of @m (from a lookup or an iteration)
 *
 * Context: write lock.  @n, and any array of entry pointers holding it,
 * is invalid afterwards.
 */
void _stp_map_delete_node(struct _stp_map *m, struct _stp_map_node *n)
{
	m->mod++;
	map_unlink(m, n);
}

/* ---- wildcard patterns ------------------------------------------------ */

/**
 * _stp_map_match - whether an entry matches a key pattern
 * @m: the map
 * @n: an entry of @m
 * @keys: the pattern's keys (wildcard positions are not read)
 * @wild: bit i set: key position i matches anything (`*`)
 *
 * Context: read lock.
 * Return: true if every non-wildcard key equals the entry's.
 */
bool _stp_map_match(const struct _stp_map *m, const struct _stp_map_node *n,
		    const union _stp_key *keys, u32 wild)
{
	u32 i;

	for (i = 0; i < m->desc.nkeys; i++) {
		if (wild & (1U << i))
			continue;
		if (m->desc.key_kind[i] == STP_MAP_STR) {
			/* equal once both are cut to MAP_STRMAX bytes */
			if (strncmp(_stp_map_key_str(m, n, i),
				    map_key_str(&keys[i]), MAP_STRMAX))
				return false;
		} else if (_stp_map_key_num(m, n, i) != keys[i].num) {
			return false;
		}
	}
	return true;
}

static inline bool map_all_wild(const struct _stp_map *m, u32 wild)
{
	u32 all = (1U << m->desc.nkeys) - 1;

	return (wild & all) == all;
}

/**
 * _stp_map_exists_wild - `[k1, *, k3] in m`
 * @m: the map
 * @keys: the pattern's keys
 * @wild: wildcard positions (bit i for key i); 0 is a plain lookup
 *
 * With wildcards this scans the entries: O(count).
 *
 * Context: read lock.
 * Return: whether some entry matches.
 */
bool _stp_map_exists_wild(const struct _stp_map *m,
			  const union _stp_key *keys, u32 wild)
{
	const struct _stp_map_node *n;

	if (!(wild & ((1U << m->desc.nkeys) - 1)))
		return _stp_map_exists(m, keys);
	if (map_all_wild(m, wild))
		return m->count != 0;
	for (n = m->oldest; n; n = n->newer)
		if (_stp_map_match(m, n, keys, wild))
			return true;
	return false;
}

/**
 * _stp_map_delete_wild - `delete m[k1, *, k3]`
 * @m: the map
 * @keys: the pattern's keys
 * @wild: wildcard positions (bit i for key i); 0 deletes one entry
 *
 * With wildcards this scans the entries: O(count).
 *
 * Context: write lock.
 * Return: the number of entries deleted.
 */
u32 _stp_map_delete_wild(struct _stp_map *m, const union _stp_key *keys,
			 u32 wild)
{
	struct _stp_map_node *n, *next;
	u32 deleted = 0;

	if (!(wild & ((1U << m->desc.nkeys) - 1)))
		return _stp_map_delete(m, keys) ? 1 : 0;
	if (map_all_wild(m, wild)) {
		deleted = m->count;
		_stp_map_clear(m);
		return deleted;
	}
	m->mod++;
	for (n = m->oldest; n; n = next) {
		next = n->newer;
		if (_stp_map_match(m, n, keys, wild)) {
			map_unlink(m, n);
			deleted++;
		}
	}
	return deleted;
}

/**
 * _stp_map_clear - `delete m`: delete every entry
 * @m: the map
 *
 * O(count): only the buckets of live entries are reset.
 *
 * Context: write lock.
 */
void _stp_map_clear(struct _stp_map *m)
{
	struct _stp_map_node *n, *next;

	m->mod++;
	for (n = m->oldest; n; n = next) {
		next = n->newer;
		m->buckets[n->hash & m->mask] = NULL;
		n->older = NULL;
		n->newer = NULL;
		n->hnext = m->free_list;
		m->free_list = n;
	}
	m->oldest = NULL;
	m->newest = NULL;
	m->count = 0;
}

/* ---- foreach ---------------------------------------------------------- */

/**
 * _stp_map_collect - gather entry pointers for a foreach
 * @m: the map
 * @nodes: the caller's array
 * @cap: its size (m->max_entries always suffices)
 * @keys: a pattern (`foreach ([a, b] in m[*, 2])`), or NULL for all
 * @wild: the pattern's wildcard positions
 *
 * Entries are gathered in insertion order, oldest first; sort them with
 * _stp_map_sort() for a sorted foreach.
 *
 * Context: read lock, held until the loop over @nodes ends.
 * Return: the number of pointers stored, at most @cap.
 */
u32 _stp_map_collect(const struct _stp_map *m, struct _stp_map_node **nodes,
		     u32 cap, const union _stp_key *keys, u32 wild)
{
	struct _stp_map_node *n;
	u32 k = 0;

	for (n = m->oldest; n && k < cap; n = n->newer)
		if (!keys || _stp_map_match(m, n, keys, wild))
			nodes[k++] = n;
	return k;
}

static inline int map_cmp_s64(s64 a, s64 b)
{
	return a < b ? -1 : a > b;
}

static inline s64 map_blob_key(const struct _stp_map *m,
			       const struct _stp_map_sort_spec *spec,
			       struct _stp_map_node *n)
{
	return spec->blob_key(_stp_map_val_blob(m, n), spec->arg);
}

/* <0 if @a comes before @b in the order @spec asks for; never 0 for
 * distinct entries, since insertion order breaks ties. */
static int map_order(const struct _stp_map *m,
		     const struct _stp_map_sort_spec *spec,
		     struct _stp_map_node *a, struct _stp_map_node *b)
{
	u32 col = spec->column;
	int c = 0;

	if (col == 0) {
		switch (m->desc.val_kind) {
		case STP_MAP_NUM:
			c = map_cmp_s64(*_stp_map_val_num(m, a),
					*_stp_map_val_num(m, b));
			break;
		case STP_MAP_STR:
			c = strcmp(_stp_map_val_str(m, a),
				   _stp_map_val_str(m, b));
			break;
		default:
			if (spec->blob_key)
				c = map_cmp_s64(map_blob_key(m, spec, a),
						map_blob_key(m, spec, b));
			break;
		}
	} else if (col <= m->desc.nkeys) {
		if (m->desc.key_kind[col - 1] == STP_MAP_STR)
			c = strcmp(_stp_map_key_str(m, a, col - 1),
				   _stp_map_key_str(m, b, col - 1));
		else
			c = map_cmp_s64(_stp_map_key_num(m, a, col - 1),
					_stp_map_key_num(m, b, col - 1));
	}
	if (spec->dir < 0)
		c = -c;
	if (c == 0)
		c = a->seq < b->seq ? -1 : 1;
	return c;
}

/*
 * The heap is stored mirrored: heap index i lives at nodes[n - 1 - i], so
 * that popping the root (swapping it with the last heap slot) lands it at
 * the front of the array, and k pops leave the first k entries in order.
 */
#define MAP_HEAP(i) (nodes[n - 1 - (i)])

static void map_sift_down(const struct _stp_map *m,
			  const struct _stp_map_sort_spec *spec,
			  struct _stp_map_node **nodes, u32 n,
			  u32 i, u32 size)
{
	struct _stp_map_node *x = MAP_HEAP(i);

	for (;;) {
		u32 child = 2 * i + 1;

		if (child >= size)
			break;
		/* the child that comes first */
		if (child + 1 < size &&
		    map_order(m, spec, MAP_HEAP(child + 1),
			      MAP_HEAP(child)) < 0)
			child++;
		if (map_order(m, spec, MAP_HEAP(child), x) >= 0)
			break;
		MAP_HEAP(i) = MAP_HEAP(child);
		i = child;
	}
	MAP_HEAP(i) = x;
}

/**
 * _stp_map_sort - order entry pointers for a sorted foreach
 * @m: the map the entries belong to
 * @nodes: entries from _stp_map_collect(), reordered in place
 * @n: how many
 * @spec: the column and direction
 * @limit: `limit N`: only the first N in order are needed, the rest of
 *	@nodes is left in no particular order; N <= 0 means none (the loop
 *	body never runs); STP_MAP_NO_LIMIT means all
 *
 * An in-place heapsort: O(n + k log n) for k = min(n, limit), no
 * allocation, no recursion.  Ties (equal values or keys) are broken by
 * insertion order, oldest first, whichever the direction, which is the
 * order SystemTap's stable sort produces.
 *
 * Context: read lock (held until the loop ends).
 * Return: k, the number of sorted entries at the front of @nodes.
 */
u32 _stp_map_sort(const struct _stp_map *m, struct _stp_map_node **nodes,
		  u32 n, const struct _stp_map_sort_spec *spec, s64 limit)
{
	u32 k, size, i;

	if (limit <= 0 || n == 0)
		return 0;
	k = (u64)limit < n ? (u32)limit : n;

	for (i = n / 2; i-- > 0;)
		map_sift_down(m, spec, nodes, n, i, n);
	for (size = n; size > n - k; size--) {
		struct _stp_map_node *top = MAP_HEAP(0);

		MAP_HEAP(0) = MAP_HEAP(size - 1);
		MAP_HEAP(size - 1) = top;
		map_sift_down(m, spec, nodes, n, 0, size - 1);
	}
	return k;
}

#undef MAP_HEAP
