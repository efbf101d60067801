/* SPDX-License-Identifier: GPL-2.0-only */
/* map.h - SystemTap associative arrays: preallocated hash maps.
 *
 * A map holds up to max_entries entries, each with 1 to 9 keys (64-bit
 * numbers or strings) and one value (a number, a string, or a fixed-size
 * opaque blob such as a statistics aggregate).  Everything is allocated
 * by _stp_map_new() at module load: the entries sit on a free list and
 * strings live inline in MAXSTRINGLEN-byte slots, so no operation after
 * creation allocates, sleeps or recurses.  Lookups hash the keys into a
 * power-of-two bucket array (at least one bucket per entry), so every
 * keyed operation is O(1) expected.
 *
 * Entries also sit on an age list in insertion order.  Unsorted
 * iteration follows it, sorting breaks ties with it, and a wrap-around
 * map (`global a%[N]`) that is full evicts its head, the oldest entry,
 * to make room: updating an entry does not make it younger.
 *
 * Locking is the caller's.  The map has no lock: generated code takes the
 * map's lock around every call below, shared for the read-only ones
 * (marked "Context: read lock") and exclusive for the others ("Context:
 * write lock").  A foreach holds the lock from _stp_map_collect() to the
 * end of the loop, because the entry pointers it iterates stay valid only
 * while no entry is deleted or evicted.  The modification counter
 * (_stp_map_mod_count()) lets the loop check after each body run that the
 * body did not modify the map ("array modified during foreach").  The
 * translator should reject such bodies first, as SystemTap does at
 * compile time ("variable 'a' modified during 'foreach' iteration"): a
 * body that did write the map would need the write lock held across the
 * whole loop, since a read lock cannot be upgraded.
 */
#ifndef _STP_MAP_H_
#define _STP_MAP_H_

#include "stp_types.h"

#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512	/* SystemTap 4.8 on 64-bit; with the NUL */
#endif

#ifndef MAXMAPENTRIES
#define MAXMAPENTRIES 2048	/* SystemTap's default array size */
#endif

#define STP_MAP_MAX_KEYS 9		/* SystemTap's index expression limit */
#define STP_MAP_MAX_ENTRIES (1U << 28)	/* sanity cap on max_entries */
#define STP_MAP_MAX_BLOB (1U << 20)	/* sanity cap on a blob value's size */

/* No limit for _stp_map_sort(): sort and keep every entry. */
#define STP_MAP_NO_LIMIT S64_MAX

/**
 * enum _stp_map_kind - the type of a key or of the value
 * @STP_MAP_NUM: a signed 64-bit number
 * @STP_MAP_STR: a string, stored truncated to MAXSTRINGLEN - 1 bytes
 * @STP_MAP_BLOB: (value only) desc->val_size opaque bytes, zeroed when
 *	the entry is created, e.g. a statistics aggregate
 */
enum _stp_map_kind {
	STP_MAP_NUM = 1,
	STP_MAP_STR,
	STP_MAP_BLOB,
};

/**
 * enum _stp_map_status - results of map operations
 * @STP_MAP_OK: success
 * @STP_MAP_FULL: no free entry in a map that does not wrap; generated
 *	code reports "Array overflow, check MAXMAPENTRIES" (or "check size
 *	limit (N)" for an explicitly sized array)
 * @STP_MAP_BADKIND: the operation does not fit the map's value kind
 *	(a translator bug, reported rather than crashing)
 */
enum _stp_map_status {
	STP_MAP_OK = 0,
	STP_MAP_FULL = -1,
	STP_MAP_BADKIND = -2,
};

/**
 * union _stp_key - one key of a lookup, as the caller passes it
 * @num: for an STP_MAP_NUM position
 * @str: for an STP_MAP_STR position; read up to MAXSTRINGLEN - 1 bytes
 *	(longer strings are truncated, like stored keys); NULL reads as ""
 *
 * Lookups take an array of these, one per key position.
 */
union _stp_key {
	s64 num;
	const char *str;
};

/**
 * struct _stp_map_desc - the shape of a map, given to _stp_map_new()
 * @nkeys: number of keys, 1 to STP_MAP_MAX_KEYS
 * @key_kind: kind of each key position (STP_MAP_NUM or STP_MAP_STR)
 * @val_kind: kind of the value
 * @val_size: size of a STP_MAP_BLOB value in bytes (ignored otherwise)
 * @wrap: true for a wrap-around map (`global a%`): a full map evicts its
 *	oldest entry instead of failing with STP_MAP_FULL
 * @seed: hash seed (the kernel passes a random number so that keys chosen
 *	by users cannot force long hash chains; 0 is fine in tests)
 * @alloc: allocates memory at creation (vmalloc/kvmalloc in the kernel,
 *	malloc in host tests); need not zero it
 * @free: frees what @alloc returned (at _stp_map_destroy())
 *
 * _stp_map_new() copies the descriptor, so it may be a temporary.
 */
struct _stp_map_desc {
	u32 nkeys;
	u8 key_kind[STP_MAP_MAX_KEYS];
	u8 val_kind;
	u32 val_size;
	bool wrap;
	u64 seed;
	void *(*alloc)(size_t size);
	void (*free)(void *ptr);
};

/**
 * struct _stp_map_node - one entry: this header, then its keys and value
 * @hnext: next entry in the same hash bucket, or in the free list
 * @older: previous (older) entry on the age list, NULL for the oldest
 * @newer: next (newer) entry on the age list, NULL for the newest
 * @seq: insertion number, increasing: orders ties in sorts
 * @hash: hash of the keys
 * @data: keys and value, at the map's key_off[] and val_off (8-byte
 *	aligned on every architecture, for s64 keys and blob values)
 *
 * Read keys and values with the accessors below, never by offset.
 */
struct _stp_map_node {
	struct _stp_map_node *hnext;
	struct _stp_map_node *older;
	struct _stp_map_node *newer;
	u64 seq;
	u32 hash;
	u64 data[] __attribute__((aligned(8)));
};

/**
 * struct _stp_map - a map; fields are private to map.c except through
 * the inline accessors below
 * @desc: copy of the creation descriptor
 * @max_entries: capacity
 * @count: live entries
 * @node_size: bytes per entry (header, keys, value), a multiple of 8
 * @key_off: offset of each key in an entry's data
 * @val_off: offset of the value in an entry's data
 * @mask: number of buckets - 1 (a power of two minus one)
 * @buckets: heads of the hash chains
 * @nodes: the preallocated entries, max_entries * node_size bytes
 * @free_list: unused entries, linked through hnext
 * @oldest: head of the age list (the next entry a wrap-around map evicts)
 * @newest: tail of the age list
 * @next_seq: insertion number of the next new entry
 * @mod: modification counter, see _stp_map_mod_count()
 * @evicted: entries a wrap-around map has evicted so far
 * @hash_init: the hash state before the first key (from desc.seed)
 */
struct _stp_map {
	struct _stp_map_desc desc;
	u32 max_entries;
	u32 count;
	u32 node_size;
	u32 key_off[STP_MAP_MAX_KEYS];
	u32 val_off;
	u32 mask;
	struct _stp_map_node **buckets;
	char *nodes;
	struct _stp_map_node *free_list;
	struct _stp_map_node *oldest;
	struct _stp_map_node *newest;
	u64 next_seq;
	u64 mod;
	u64 evicted;
	u64 hash_init;
};

/**
 * struct _stp_map_sort_spec - the order of a sorted foreach
 * @column: 0 sorts by the value, 1..nkeys by that key position (as in
 *	SystemTap: `foreach ([a, b-] in m)` is column 2, `m+` column 0)
 * @dir: 1 for ascending (`+`), -1 for descending (`-`)
 * @blob_key: for sorting a STP_MAP_BLOB map by value: the number to sort
 *	by (e.g. an aggregate's @count); if NULL, all values tie
 * @arg: passed to @blob_key
 *
 * Numbers sort numerically (signed), strings bytewise (as strcmp).  Ties
 * keep insertion order, oldest first, in both directions (SystemTap's
 * sort is a stable merge sort of its insertion-ordered entry list).
 */
struct _stp_map_sort_spec {
	int column;
	int dir;
	s64 (*blob_key)(const void *val, void *arg);
	void *arg;
};

/* ---- creation and destruction (module load/unload, may sleep) ---- */

struct _stp_map *_stp_map_new(const struct _stp_map_desc *desc,
			      u32 max_entries);
void _stp_map_destroy(struct _stp_map *m);

/* ---- keyed operations ---- */

struct _stp_map_node *_stp_map_find(const struct _stp_map *m,
				    const union _stp_key *keys);
struct _stp_map_node *_stp_map_insert(struct _stp_map *m,
				      const union _stp_key *keys,
				      bool *created);
/* _stp_map_insert(m, &key, NULL) for a map of exactly one key: the key
 * passed by value stays in registers on the probe's side. */
struct _stp_map_node *_stp_map_insert_key(struct _stp_map *m,
					  union _stp_key key);
int _stp_map_set_num(struct _stp_map *m, const union _stp_key *keys,
		     s64 val);
int _stp_map_add_num(struct _stp_map *m, const union _stp_key *keys,
		     s64 delta, s64 *result);
int _stp_map_set_str(struct _stp_map *m, const union _stp_key *keys,
		     const char *val);
int _stp_map_append_str(struct _stp_map *m, const union _stp_key *keys,
			const char *val);
s64 _stp_map_get_num(const struct _stp_map *m, const union _stp_key *keys);
const char *_stp_map_get_str(const struct _stp_map *m,
			     const union _stp_key *keys);
const void *_stp_map_get_blob(const struct _stp_map *m,
			      const union _stp_key *keys);
bool _stp_map_exists(const struct _stp_map *m, const union _stp_key *keys);
bool _stp_map_delete(struct _stp_map *m, const union _stp_key *keys);
void _stp_map_delete_node(struct _stp_map *m, struct _stp_map_node *n);

/* ---- one-key maps keyed by a short string, inline for hot probes ---- */

/*
 * The hash of a lookup starts from the map's seed mixed with this
 * (hash_init), and absorbs the keys a word at a time (map.c; the inline
 * lookup below must agree with it bit for bit).
 */
#define STP_MAP_HASH_INIT 0x2545f4914f6cdd1dULL

static inline u64 _stp_map_absorb(u64 h, u64 w)
{
	h ^= w;
	h *= 0x9e3779b97f4a7c15ULL;	/* 2^64 / golden ratio, odd */
	h ^= h >> 29;
	return h;
}

static inline u32 _stp_map_finish(u64 h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	return (u32)(h >> 32);
}

struct _stp_map_node *_stp_map_insert_words(struct _stp_map *m, u64 w0,
					    u64 w1);

/**
 * _stp_map_insert_str16 - _stp_map_insert_key() for a string key held in
 * a 16-byte NUL-padded buffer, such as a task's comm
 * @m: the map; one STP_MAP_STR key
 * @s: 16 bytes, any alignment; the key ends at the first NUL, or after
 *	byte 14 (byte 15 is read as a NUL)
 *
 * The buffer is read once, as two words, so a name changing under us
 * (comm) gives one consistent key.  The inline lookup hashes and
 * compares those words as they are, which matches the stored key when
 * the bytes after the NUL are zero, as the kernel keeps comm; when they
 * are not, the lookup misses, and the out-of-line part masks them and
 * finds or creates the entry.  Either way the result is that of
 * _stp_map_insert_key(), except that finding the key in place does not
 * count as a modification (_stp_map_mod_count()): this serves per-CPU
 * statistics copies, which no foreach iterates.
 *
 * Context: write lock (or one writer per map, as for per-CPU copies).
 * Return: as _stp_map_insert().
 */
static __always_inline struct _stp_map_node *
_stp_map_insert_str16(struct _stp_map *m, const char *s)
{
	struct _stp_map_node *n;
	u64 w0, w1, h;
	u32 hash;

	memcpy(&w0, s, 8);
	memcpy(&w1, s + 8, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (MAXSTRINGLEN - 1 >= 16) {
		w1 &= ~0ULL >> 8;	/* byte 15 ends the key */
		/* a key of up to 15 bytes hashes as its two zero-padded
		 * words (map.c), wherever its NUL is */
		h = _stp_map_absorb(_stp_map_absorb(m->hash_init, w0), w1);
		hash = _stp_map_finish(h);
		/* Stored keys are zero-padded to 16 bytes at least, and the
		 * only key sits at offset 0 of the data. */
		for (n = m->buckets[hash & m->mask]; n; n = n->hnext) {
			const u64 *sk = (const u64 *)n->data;

			if (n->hash == hash && sk[0] == w0 && sk[1] == w1)
				return n;
		}
	}
#endif
	return _stp_map_insert_words(m, w0, w1);
}

/* ---- wildcard patterns: bit i of wild set = key i matches anything ---- */

bool _stp_map_match(const struct _stp_map *m, const struct _stp_map_node *n,
		    const union _stp_key *keys, u32 wild);
bool _stp_map_exists_wild(const struct _stp_map *m,
			  const union _stp_key *keys, u32 wild);
u32 _stp_map_delete_wild(struct _stp_map *m, const union _stp_key *keys,
			 u32 wild);
void _stp_map_clear(struct _stp_map *m);

/* ---- foreach ---- */

u32 _stp_map_collect(const struct _stp_map *m, struct _stp_map_node **nodes,
		     u32 cap, const union _stp_key *keys, u32 wild);
u32 _stp_map_sort(const struct _stp_map *m, struct _stp_map_node **nodes,
		  u32 n, const struct _stp_map_sort_spec *spec, s64 limit);

/* ---- inline accessors ---- */

/**
 * _stp_map_count - number of entries
 * @m: the map
 *
 * Context: read lock.
 * Return: the number of live entries.
 */
static inline u32 _stp_map_count(const struct _stp_map *m)
{
	return m->count;
}

/**
 * _stp_map_mod_count - the modification counter
 * @m: the map
 *
 * Every call of a function that may change the map increments it, even
 * when it changes nothing: _stp_map_insert() (callers write the value
 * next), the set/add/append calls, every delete (of a missing key too)
 * and _stp_map_clear().  Read-only calls, iteration and sorting do not,
 * and neither do writes through an entry pointer, nor
 * _stp_map_insert_str16() when it finds the key in place (it serves
 * per-CPU statistics copies, which no foreach iterates).  A foreach
 * reads it before the loop and compares after each body run: a change
 * means the body modified the array, a SystemTap error.
 *
 * Context: read lock.
 * Return: the counter (it only increases).
 */
static inline u64 _stp_map_mod_count(const struct _stp_map *m)
{
	return m->mod;
}

/**
 * _stp_map_first - oldest entry, to start an unsorted iteration
 * @m: the map
 *
 * Unsorted foreach visits entries in insertion order, as SystemTap's does
 * (it walks its entry list), until _stp_map_next() returns NULL.
 *
 * Context: read lock, held across the whole iteration.
 * Return: the oldest entry, or NULL if the map is empty.
 */
static inline struct _stp_map_node *_stp_map_first(const struct _stp_map *m)
{
	return m->oldest;
}

/**
 * _stp_map_next - the entry inserted after @n
 * @m: the map
 * @n: an entry of @m
 *
 * Context: read lock.
 * Return: the next newer entry, or NULL after the newest.
 */
static inline struct _stp_map_node *_stp_map_next(const struct _stp_map *m,
						  const struct _stp_map_node *n)
{
	return n->newer;
}

static inline void *__stp_map_field(const struct _stp_map_node *n, u32 off)
{
	return (char *)n->data + off;
}

/**
 * _stp_map_key_num - a numeric key of an entry
 * @m: the map
 * @n: an entry of @m
 * @i: the key position, 0-based (must be STP_MAP_NUM)
 *
 * Return: the key.
 */
static inline s64 _stp_map_key_num(const struct _stp_map *m,
				   const struct _stp_map_node *n, u32 i)
{
	return *(const s64 *)__stp_map_field(n, m->key_off[i]);
}

/**
 * _stp_map_key_str - a string key of an entry
 * @m: the map
 * @n: an entry of @m
 * @i: the key position, 0-based (must be STP_MAP_STR)
 *
 * Return: the NUL-terminated key, at most MAXSTRINGLEN - 1 bytes.
 */
static inline const char *_stp_map_key_str(const struct _stp_map *m,
					   const struct _stp_map_node *n, u32 i)
{
	return (const char *)__stp_map_field(n, m->key_off[i]);
}

/**
 * _stp_map_val_num - pointer to the number value of an entry
 * @m: a STP_MAP_NUM-valued map
 * @n: an entry of @m
 *
 * Return: the value's slot, to read or write in place.
 */
static inline s64 *_stp_map_val_num(const struct _stp_map *m,
				    struct _stp_map_node *n)
{
	return (s64 *)__stp_map_field(n, m->val_off);
}

/**
 * _stp_map_val_str - the string value of an entry
 * @m: a STP_MAP_STR-valued map
 * @n: an entry of @m
 *
 * Return: the MAXSTRINGLEN-byte slot holding the NUL-terminated value.
 */
static inline char *_stp_map_val_str(const struct _stp_map *m,
				     struct _stp_map_node *n)
{
	return (char *)__stp_map_field(n, m->val_off);
}

/**
 * _stp_map_val_blob - the blob value of an entry
 * @m: a STP_MAP_BLOB-valued map
 * @n: an entry of @m
 *
 * Return: desc.val_size bytes, 8-byte aligned.
 */
static inline void *_stp_map_val_blob(const struct _stp_map *m,
				      struct _stp_map_node *n)
{
	return __stp_map_field(n, m->val_off);
}

#endif /* _STP_MAP_H_ */
