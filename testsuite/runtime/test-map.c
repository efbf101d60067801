// SPDX-License-Identifier: GPL-2.0-only
/* test-map.c - host unit tests of runtime/map.c (SystemTap arrays).
 *
 * Prints one line per check and exits 1 if any failed.  The stress test
 * runs 10^5 random operations per map against a simple reference model
 * (a linear array); it is deterministic (fixed seed).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "map.h"

/* ---- checks --------------------------------------------------------------- */

#include "check.h"

/* ---- allocator: counts live blocks, can be told to fail ------------------ */

static long live_blocks;
static long fail_after = -1;	/* fail the allocation after this many; -1 never */

static void *t_alloc(size_t size)
{
	void *p;

	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	p = malloc(size);
	if (p) {
		memset(p, 0xa5, size);	/* the map must not rely on zeroed memory */
		live_blocks++;
	}
	return p;
}

static void t_free(void *p)
{
	if (p)
		live_blocks--;
	free(p);
}

static struct _stp_map_desc mkdesc(const char *keys, u8 val_kind, u32 val_size,
				   bool wrap)
{
	struct _stp_map_desc d;
	u32 i;

	memset(&d, 0, sizeof(d));
	d.nkeys = (u32)strlen(keys);
	for (i = 0; i < d.nkeys && i < STP_MAP_MAX_KEYS; i++)
		d.key_kind[i] = keys[i] == 's' ? STP_MAP_STR : STP_MAP_NUM;
	d.val_kind = val_kind;
	d.val_size = val_size;
	d.wrap = wrap;
	d.seed = 0x1234;
	d.alloc = t_alloc;
	d.free = t_free;
	return d;
}

/* ---- deterministic PRNG (xorshift64*) ------------------------------------ */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static u32 rndn(u32 n)
{
	return (u32)(rnd() % n);
}

/* ---- helpers -------------------------------------------------------------- */

static union _stp_key kn(s64 v)
{
	union _stp_key k;

	k.num = v;
	return k;
}

static union _stp_key ks(const char *s)
{
	union _stp_key k;

	k.str = s;
	return k;
}

static struct _stp_map *new_map(const char *keys, u8 val_kind, u32 val_size,
				bool wrap, u32 max)
{
	struct _stp_map_desc d = mkdesc(keys, val_kind, val_size, wrap);

	return _stp_map_new(&d, max);
}

static u32 max_chain(const struct _stp_map *m)
{
	u32 b, best = 0;

	for (b = 0; b <= m->mask; b++) {
		u32 len = 0;
		const struct _stp_map_node *n;

		for (n = m->buckets[b]; n; n = n->hnext)
			len++;
		if (len > best)
			best = len;
	}
	return best;
}

/* ---- creation ------------------------------------------------------------- */

static void test_create(void)
{
	struct _stp_map_desc d;
	struct _stp_map *m;

	printf("# creation\n");
	d = mkdesc("", STP_MAP_NUM, 0, false);
	CHECK(!_stp_map_new(&d, 10), "0 keys rejected");
	d = mkdesc("nnnnnnnnnn", STP_MAP_NUM, 0, false);
	CHECK(!_stp_map_new(&d, 10), "10 keys rejected");
	d = mkdesc("n", STP_MAP_NUM, 0, false);
	CHECK(!_stp_map_new(&d, 0), "max_entries 0 rejected");
	CHECK(!_stp_map_new(&d, STP_MAP_MAX_ENTRIES + 1), "max_entries above the cap rejected");
	d = mkdesc("n", STP_MAP_BLOB, 0, false);
	CHECK(!_stp_map_new(&d, 10), "blob of size 0 rejected");
	d = mkdesc("n", STP_MAP_BLOB, 0, false);
	d.key_kind[0] = STP_MAP_BLOB;
	d.val_size = 8;
	CHECK(!_stp_map_new(&d, 10), "blob key rejected");
	d = mkdesc("n", 0, 0, false);
	CHECK(!_stp_map_new(&d, 10), "unknown value kind rejected");
	d = mkdesc("n", STP_MAP_NUM, 0, false);
	d.alloc = NULL;
	CHECK(!_stp_map_new(&d, 10), "missing allocator rejected");
	CHECK(live_blocks == 0, "rejections allocate nothing");

	for (fail_after = 0; fail_after < 3; ) {
		long which = fail_after;

		d = mkdesc("ns", STP_MAP_STR, 0, false);
		m = _stp_map_new(&d, 100);
		CHECK(!m && live_blocks == 0,
		      "allocation %ld failing: NULL, nothing leaked", which + 1);
		_stp_map_destroy(m);
		fail_after = which + 1;
	}
	fail_after = -1;

	m = new_map("n", STP_MAP_NUM, 0, false, 1000);
	CHECK(m && m->mask + 1 == 1024, "1000 entries get 1024 buckets");
	CHECK(m && m->node_size % 8 == 0, "entry size is 8-byte aligned");
	_stp_map_destroy(m);
	m = new_map("n", STP_MAP_NUM, 0, false, 1);
	CHECK(m && m->mask + 1 == 2, "1 entry gets 2 buckets");
	_stp_map_destroy(m);
	_stp_map_destroy(NULL);
	CHECK(live_blocks == 0, "destroy frees everything");
}

/* ---- basic operations ----------------------------------------------------- */

static void test_basic_num(void)
{
	struct _stp_map *m = new_map("n", STP_MAP_NUM, 0, false, 16);
	union _stp_key k[1];
	s64 r = 0;
	bool created;
	struct _stp_map_node *n;

	printf("# number values\n");
	k[0] = kn(5);
	CHECK(_stp_map_get_num(m, k) == 0, "missing entry reads as 0");
	CHECK(!_stp_map_exists(m, k), "missing entry is not `in`");
	CHECK(_stp_map_count(m) == 0, "reading does not create");
	CHECK(_stp_map_set_num(m, k, 0) == STP_MAP_OK, "set to 0");
	CHECK(_stp_map_exists(m, k) && _stp_map_count(m) == 1,
	      "an entry set to 0 exists");
	CHECK(_stp_map_set_num(m, k, -42) == STP_MAP_OK &&
	      _stp_map_get_num(m, k) == -42, "set then get -42");
	CHECK(_stp_map_add_num(m, k, 50, &r) == STP_MAP_OK && r == 8 &&
	      _stp_map_get_num(m, k) == 8, "add 50 gives 8");
	k[0] = kn(S64_MIN);
	CHECK(_stp_map_add_num(m, k, 1, &r) == STP_MAP_OK && r == 1,
	      "add to a missing entry starts at 0");
	CHECK(_stp_map_set_num(m, k, S64_MAX) == STP_MAP_OK &&
	      _stp_map_add_num(m, k, 1, &r) == STP_MAP_OK && r == S64_MIN,
	      "add wraps around at 2^63");
	CHECK(_stp_map_get_num(m, k) == S64_MIN && _stp_map_count(m) == 2,
	      "key S64_MIN distinct from key 5");
	CHECK(_stp_map_set_str(m, k, "x") == STP_MAP_BADKIND &&
	      _stp_map_append_str(m, k, "x") == STP_MAP_BADKIND,
	      "string ops on a number map: BADKIND");
	CHECK(!strcmp(_stp_map_get_str(m, k), "") && !_stp_map_get_blob(m, k),
	      "string/blob reads on a number map: empty");
	n = _stp_map_insert(m, k, &created);
	CHECK(n && !created && *_stp_map_val_num(m, n) == S64_MIN,
	      "insert finds the existing entry");
	k[0] = kn(7);
	n = _stp_map_insert(m, k, &created);
	CHECK(n && created && *_stp_map_val_num(m, n) == 0 &&
	      _stp_map_key_num(m, n, 0) == 7,
	      "insert creates a zero entry with the key");
	CHECK(_stp_map_delete(m, k) && !_stp_map_exists(m, k) &&
	      _stp_map_count(m) == 2, "delete one entry");
	CHECK(!_stp_map_delete(m, k), "delete of a missing entry is a no-op");
	CHECK(_stp_map_get_num(m, k) == 0, "deleted entry reads as 0");
	_stp_map_destroy(m);
}

static void test_basic_str(void)
{
	struct _stp_map *m = new_map("s", STP_MAP_STR, 0, false, 16);
	union _stp_key k[1];
	char big[300];
	const char *v;

	printf("# string values\n");
	k[0] = ks("a");
	CHECK(!strcmp(_stp_map_get_str(m, k), ""), "missing entry reads as \"\"");
	CHECK(_stp_map_set_str(m, k, "hello") == STP_MAP_OK &&
	      !strcmp(_stp_map_get_str(m, k), "hello"), "set then get");
	CHECK(_stp_map_append_str(m, k, ", world") == STP_MAP_OK &&
	      !strcmp(_stp_map_get_str(m, k), "hello, world"), "append");
	CHECK(_stp_map_set_str(m, k, "") == STP_MAP_OK && _stp_map_exists(m, k),
	      "an entry set to \"\" exists");
	CHECK(_stp_map_set_str(m, k, NULL) == STP_MAP_OK &&
	      !strcmp(_stp_map_get_str(m, k), ""), "NULL value stores \"\"");
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	_stp_map_set_str(m, k, big);
	v = _stp_map_get_str(m, k);
	CHECK(strlen(v) == MAXSTRINGLEN - 1 && !strncmp(v, big, MAXSTRINGLEN - 1),
	      "long value truncated to MAXSTRINGLEN-1 = %d bytes", MAXSTRINGLEN - 1);
	_stp_map_set_str(m, k, "abc");
	_stp_map_append_str(m, k, big);
	v = _stp_map_get_str(m, k);
	CHECK(strlen(v) == MAXSTRINGLEN - 1 && !strncmp(v, "abcvvv", 6),
	      "append stops at MAXSTRINGLEN-1");
	_stp_map_append_str(m, k, "more");
	CHECK(strlen(_stp_map_get_str(m, k)) == MAXSTRINGLEN - 1,
	      "append to a full string keeps it whole");
	CHECK(_stp_map_set_num(m, k, 1) == STP_MAP_BADKIND &&
	      _stp_map_add_num(m, k, 1, NULL) == STP_MAP_BADKIND &&
	      _stp_map_get_num(m, k) == 0, "number ops on a string map: BADKIND / 0");
	k[0] = ks(NULL);
	CHECK(_stp_map_set_str(m, k, "null") == STP_MAP_OK, "NULL key accepted");
	k[0] = ks("");
	CHECK(!strcmp(_stp_map_get_str(m, k), "null"), "NULL key is the key \"\"");
	_stp_map_destroy(m);
}

/* ---- 9 mixed keys --------------------------------------------------------- */

#define NINE "nsnsnsnsn"

static char strpool[1024][9][24];

static void nine_keys(u32 i, union _stp_key *k)
{
	u32 j;

	for (j = 0; j < 9; j++) {
		if (NINE[j] == 's') {
			snprintf(strpool[i][j], sizeof(strpool[i][j]),
				 "k%u-%u", j, i * 7919 % 1009);
			k[j] = ks(strpool[i][j]);
		} else {
			k[j] = kn((s64)i * (j + 1) - 300);
		}
	}
}

static void test_nine_keys(void)
{
	struct _stp_map *m = new_map(NINE, STP_MAP_STR, 0, false, 512);
	union _stp_key k[9], k2[9];
	char val[32], alt[32];
	u32 i, j, bad = 0, keybad = 0, missbad = 0;

	printf("# nine mixed keys\n");
	for (i = 0; i < 500; i++) {
		nine_keys(i, k);
		snprintf(val, sizeof(val), "v%u", i);
		if (_stp_map_set_str(m, k, val) != STP_MAP_OK)
			bad++;
	}
	CHECK(bad == 0 && _stp_map_count(m) == 500, "500 entries with 9 keys");
	for (i = 0, bad = 0; i < 500; i++) {
		struct _stp_map_node *n;

		nine_keys(i, k);
		snprintf(val, sizeof(val), "v%u", i);
		n = _stp_map_find(m, k);
		if (!n || strcmp(_stp_map_val_str(m, n), val)) {
			bad++;
			continue;
		}
		for (j = 0; j < 9; j++) {
			if (NINE[j] == 's' ?
			    strcmp(_stp_map_key_str(m, n, j), k[j].str) :
			    _stp_map_key_num(m, n, j) != k[j].num)
				keybad++;
		}
		/* changing any one position must miss */
		for (j = 0; j < 9; j++) {
			memcpy(k2, k, sizeof(k2));
			if (NINE[j] == 's') {
				snprintf(alt, sizeof(alt), "%s_", k[j].str);
				k2[j] = ks(alt);
			} else {
				k2[j] = kn(k[j].num + 1000000);
			}
			if (_stp_map_exists(m, k2))
				missbad++;
		}
	}
	CHECK(bad == 0, "every entry found with its value");
	CHECK(keybad == 0, "every key reads back");
	CHECK(missbad == 0, "a change in any one key position misses");
	_stp_map_destroy(m);
}

/* ---- long string keys ----------------------------------------------------- */

static void test_long_keys(void)
{
	struct _stp_map *m = new_map("sn", STP_MAP_NUM, 0, false, 16);
	char a[300], b[300];
	union _stp_key k[2];
	struct _stp_map_node *n;

	printf("# long string keys\n");
	memset(a, 'x', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memcpy(b, a, sizeof(b));
	b[200] = 'y';		/* differs only beyond MAXSTRINGLEN */
	k[0] = ks(a);
	k[1] = kn(1);
	_stp_map_set_num(m, k, 11);
	n = _stp_map_find(m, k);
	CHECK(n && strlen(_stp_map_key_str(m, n, 0)) == MAXSTRINGLEN - 1,
	      "stored key truncated to %d bytes", MAXSTRINGLEN - 1);
	k[0] = ks(b);
	CHECK(_stp_map_get_num(m, k) == 11,
	      "a key differing only past the limit is the same key");
	a[MAXSTRINGLEN - 1] = '\0';	/* exactly MAXSTRINGLEN-1 bytes */
	k[0] = ks(a);
	CHECK(_stp_map_get_num(m, k) == 11, "the truncated key itself matches");
	a[MAXSTRINGLEN - 2] = '\0';	/* one byte shorter */
	CHECK(!_stp_map_exists(m, k), "a key one byte shorter is different");
	_stp_map_set_num(m, k, 22);
	CHECK(_stp_map_count(m) == 2, "and gets its own entry");
	k[0] = ks(b);
	CHECK(_stp_map_exists_wild(m, k, 2) &&
	      _stp_map_delete_wild(m, k, 2) == 1 && _stp_map_count(m) == 1,
	      "wildcard match truncates long keys too");
	_stp_map_destroy(m);
}

/* ---- capacity and overflow ------------------------------------------------ */

static void test_capacity(void)
{
	const u32 cap = 100;
	struct _stp_map *m = new_map("n", STP_MAP_NUM, 0, false, cap);
	union _stp_key k[1];
	u32 i, bad = 0;
	bool created;

	printf("# capacity and overflow\n");
	for (i = 0; i < cap; i++) {
		k[0] = kn(i);
		if (_stp_map_set_num(m, k, i) != STP_MAP_OK)
			bad++;
	}
	CHECK(bad == 0 && _stp_map_count(m) == cap, "exactly %u entries fit", cap);
	k[0] = kn(cap);
	CHECK(_stp_map_set_num(m, k, 1) == STP_MAP_FULL, "one more: STP_MAP_FULL");
	CHECK(_stp_map_add_num(m, k, 1, NULL) == STP_MAP_FULL &&
	      _stp_map_insert(m, k, &created) == NULL && !created,
	      "add and insert fail too");
	CHECK(_stp_map_count(m) == cap && !_stp_map_exists(m, k) && m->evicted == 0,
	      "failed insert changes nothing");
	k[0] = kn(0);
	CHECK(_stp_map_set_num(m, k, 99) == STP_MAP_OK &&
	      _stp_map_get_num(m, k) == 99, "updating an existing entry still works");
	CHECK(_stp_map_delete(m, k), "delete one");
	k[0] = kn(cap);
	CHECK(_stp_map_set_num(m, k, 1) == STP_MAP_OK && _stp_map_count(m) == cap,
	      "then the new entry fits");
	_stp_map_clear(m);
	CHECK(_stp_map_count(m) == 0 && !_stp_map_first(m), "clear empties it");
	for (i = 0, bad = 0; i < cap; i++) {
		k[0] = kn(1000 + i);
		if (_stp_map_set_num(m, k, i) != STP_MAP_OK)
			bad++;
	}
	k[0] = kn(5);
	CHECK(bad == 0 && _stp_map_count(m) == cap && !_stp_map_exists(m, k),
	      "after clear all %u entries are free again, old keys gone", cap);
	_stp_map_destroy(m);
}

/* ---- wrap-around ---------------------------------------------------------- */

static bool order_is(const struct _stp_map *m, const s64 *want, u32 n)
{
	const struct _stp_map_node *p = _stp_map_first(m);
	u32 i;

	for (i = 0; i < n; i++, p = _stp_map_next(m, p))
		if (!p || _stp_map_key_num(m, p, 0) != want[i])
			return false;
	return p == NULL;
}

static void test_wrap(void)
{
	struct _stp_map *m = new_map("n", STP_MAP_NUM, 0, true, 5);
	union _stp_key k[1];
	s64 i;

	printf("# wrap-around (global a%%[5])\n");
	for (i = 1; i <= 5; i++) {
		k[0] = kn(i);
		_stp_map_set_num(m, k, i * 10);
	}
	CHECK(order_is(m, (s64[]){1, 2, 3, 4, 5}, 5), "1..5 in insertion order");
	k[0] = kn(6);
	CHECK(_stp_map_set_num(m, k, 60) == STP_MAP_OK, "6th insert succeeds");
	k[0] = kn(1);
	CHECK(!_stp_map_exists(m, k) && m->evicted == 1 &&
	      order_is(m, (s64[]){2, 3, 4, 5, 6}, 5), "oldest (1) evicted");
	k[0] = kn(2);
	_stp_map_set_num(m, k, 222);
	_stp_map_add_num(m, k, 1, NULL);
	CHECK(_stp_map_get_num(m, k) == 223, "update 2");
	k[0] = kn(7);
	_stp_map_set_num(m, k, 70);
	k[0] = kn(2);
	CHECK(!_stp_map_exists(m, k) && order_is(m, (s64[]){3, 4, 5, 6, 7}, 5),
	      "updating 2 did not make it younger: 2 evicted next");
	k[0] = kn(4);
	_stp_map_delete(m, k);
	k[0] = kn(8);
	_stp_map_set_num(m, k, 80);
	CHECK(m->evicted == 2 && order_is(m, (s64[]){3, 5, 6, 7, 8}, 5),
	      "a deleted slot is reused without eviction");
	k[0] = kn(9);
	_stp_map_set_num(m, k, 90);
	k[0] = kn(4);
	_stp_map_set_num(m, k, 40);
	CHECK(m->evicted == 4 && order_is(m, (s64[]){6, 7, 8, 9, 4}, 5),
	      "3 then 5 evicted; re-inserted 4 is newest");
	k[0] = kn(6);
	CHECK(_stp_map_get_num(m, k) == 60, "surviving values intact");
	_stp_map_destroy(m);

	/* a 1-entry wrap map always holds the last key */
	m = new_map("s", STP_MAP_STR, 0, true, 1);
	k[0] = ks("a");
	_stp_map_set_str(m, k, "A");
	k[0] = ks("b");
	_stp_map_set_str(m, k, "B");
	CHECK(_stp_map_count(m) == 1 && !strcmp(_stp_map_get_str(m, k), "B"),
	      "1-entry wrap map keeps the last");
	_stp_map_destroy(m);
}

/* ---- wildcards ------------------------------------------------------------ */

static const char *const wstr[] = { "x", "y", "z" };

static void test_wildcards(void)
{
	struct _stp_map *m = new_map("nsn", STP_MAP_NUM, 0, false, 64);
	union _stp_key k[3];
	u32 wild, d;
	s64 a, c;
	int b;
	bool ok;

	printf("# wildcards (delete a[*, \"x\", *], [*, 2] in a)\n");
	for (a = 0; a < 3; a++)
		for (b = 0; b < 3; b++)
			for (c = 0; c < 3; c++) {
				k[0] = kn(a);
				k[1] = ks(wstr[b]);
				k[2] = kn(c);
				_stp_map_set_num(m, k, a * 100 + b * 10 + c);
			}
	CHECK(_stp_map_count(m) == 27, "27 entries");

	/* every pattern of `in` against brute force */
	ok = true;
	for (wild = 0; wild < 8; wild++)
		for (a = 0; a < 4; a++)
			for (b = 0; b < 4; b++)
				for (c = 0; c < 4; c++) {
					bool want = ((wild & 1) || a < 3) &&
						    ((wild & 2) || b < 3) &&
						    ((wild & 4) || c < 3);
					k[0] = kn(a);
					k[1] = ks(b < 3 ? wstr[b] : "w");
					k[2] = kn(c);
					if (_stp_map_exists_wild(m, k, wild) != want)
						ok = false;
				}
	CHECK(ok, "`in` with every wildcard mask on full grid");

	k[0] = kn(0);
	k[1] = ks("x");
	k[2] = kn(0);
	d = _stp_map_delete_wild(m, k, 1 | 4);	/* a[*, "x", *] */
	CHECK(d == 9 && _stp_map_count(m) == 18, "delete a[*, \"x\", *]: 9 gone");
	CHECK(!_stp_map_exists_wild(m, k, 1 | 4), "no [*, \"x\", *] left");
	k[1] = ks("y");
	CHECK(_stp_map_exists_wild(m, k, 1 | 4), "[*, \"y\", *] still there");
	k[0] = kn(2);
	k[2] = kn(1);
	d = _stp_map_delete_wild(m, k, 2);	/* a[2, *, 1] */
	CHECK(d == 2 && _stp_map_count(m) == 16, "delete a[2, *, 1]: 2 gone");
	k[1] = ks("z");
	CHECK(!_stp_map_exists(m, k), "a[2, \"z\", 1] gone");
	k[0] = kn(1);
	CHECK(_stp_map_exists(m, k) && _stp_map_get_num(m, k) == 121,
	      "a[1, \"z\", 1] kept");
	d = _stp_map_delete_wild(m, k, 0);
	CHECK(d == 1 && !_stp_map_exists(m, k), "mask 0 deletes exactly one");
	k[0] = kn(77);
	d = _stp_map_delete_wild(m, k, 2 | 4);
	CHECK(d == 0 && _stp_map_count(m) == 15, "pattern matching nothing deletes nothing");
	d = _stp_map_delete_wild(m, k, 7);
	CHECK(d == 15 && _stp_map_count(m) == 0, "all-wild delete clears");
	CHECK(!_stp_map_exists_wild(m, k, 7), "all-wild `in` on empty map false");
	_stp_map_destroy(m);
}

/* ---- iteration ------------------------------------------------------------ */

static void test_iteration(void)
{
	const u32 cap = 1000;
	struct _stp_map *m = new_map("n", STP_MAP_NUM, 0, false, cap);
	static struct _stp_map_node *nodes[1000];
	static u8 seen[1000];
	union _stp_key k[1];
	struct _stp_map_node *n;
	u32 i, dup = 0, got, missing = 0;
	u64 mod;

	printf("# iteration\n");
	for (i = 0; i < cap; i++) {
		k[0] = kn((s64)(i * 7 % cap));
		_stp_map_set_num(m, k, i);
	}
	for (i = 0; i < cap; i += 3) {
		k[0] = kn((s64)i);
		_stp_map_delete(m, k);
	}
	memset(seen, 0, sizeof(seen));
	mod = _stp_map_mod_count(m);
	for (n = _stp_map_first(m); n; n = _stp_map_next(m, n)) {
		s64 key = _stp_map_key_num(m, n, 0);

		if (seen[key]++)
			dup++;
	}
	for (i = 0; i < cap; i++)
		if (seen[i] != (i % 3 != 0))
			missing++;
	CHECK(dup == 0 && missing == 0, "iteration visits each live entry once");
	got = _stp_map_collect(m, nodes, cap, NULL, 0);
	CHECK(got == _stp_map_count(m) && got == 666, "collect gets all %u", got);
	for (i = 1, dup = 0; i < got; i++)
		if (nodes[i - 1]->seq >= nodes[i]->seq)
			dup++;
	CHECK(dup == 0, "collect is in insertion order");
	got = _stp_map_collect(m, nodes, 10, NULL, 0);
	CHECK(got == 10, "collect stops at cap");
	CHECK(_stp_map_mod_count(m) == mod, "iteration is not a modification");
	_stp_map_destroy(m);
}

/* ---- sorting -------------------------------------------------------------- */

/* reference: stable insertion sort of insertion-ordered entries */
static int ref_cmp(const struct _stp_map *m, const struct _stp_map_sort_spec *s,
		   struct _stp_map_node *a, struct _stp_map_node *b)
{
	int c = 0;
	u32 col = s->column;

	if (col == 0) {
		if (m->desc.val_kind == STP_MAP_NUM) {
			s64 x = *_stp_map_val_num(m, a), y = *_stp_map_val_num(m, b);

			c = x < y ? -1 : x > y ? 1 : 0;
		} else if (m->desc.val_kind == STP_MAP_STR) {
			const unsigned char *x = (void *)_stp_map_val_str(m, a);
			const unsigned char *y = (void *)_stp_map_val_str(m, b);

			while (*x && *x == *y) {
				x++;
				y++;
			}
			c = *x < *y ? -1 : *x > *y ? 1 : 0;
		} else if (s->blob_key) {
			s64 x = s->blob_key(_stp_map_val_blob(m, a), s->arg);
			s64 y = s->blob_key(_stp_map_val_blob(m, b), s->arg);

			c = x < y ? -1 : x > y ? 1 : 0;
		}
	} else if (m->desc.key_kind[col - 1] == STP_MAP_STR) {
		const unsigned char *x = (void *)_stp_map_key_str(m, a, col - 1);
		const unsigned char *y = (void *)_stp_map_key_str(m, b, col - 1);

		while (*x && *x == *y) {
			x++;
			y++;
		}
		c = *x < *y ? -1 : *x > *y ? 1 : 0;
	} else {
		s64 x = _stp_map_key_num(m, a, col - 1);
		s64 y = _stp_map_key_num(m, b, col - 1);

		c = x < y ? -1 : x > y ? 1 : 0;
	}
	return s->dir < 0 ? -c : c;
}

static void ref_sort(const struct _stp_map *m, const struct _stp_map_sort_spec *s,
		     struct _stp_map_node **v, u32 n)
{
	u32 i, j;

	for (i = 1; i < n; i++) {
		struct _stp_map_node *x = v[i];

		for (j = i; j > 0 && ref_cmp(m, s, v[j - 1], x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* sort with _stp_map_sort and compare with the reference; returns ok */
static bool sort_matches(const struct _stp_map *m,
			 const struct _stp_map_sort_spec *s, s64 limit)
{
	static struct _stp_map_node *a[4096], *b[4096];
	u32 n = _stp_map_collect(m, a, 4096, NULL, 0);
	u32 want, got, i;

	memcpy(b, a, sizeof(*a) * n);
	ref_sort(m, s, b, n);
	want = limit <= 0 ? 0 : (u64)limit < n ? (u32)limit : n;
	got = _stp_map_sort(m, a, n, s, limit);
	if (got != want)
		return false;
	for (i = 0; i < got; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static const s64 numpool[] = {
	0, 1, -1, 7, -7, 100, -100, S64_MAX, S64_MIN, S64_MAX - 1, S64_MIN + 1,
	42, 42, -42, 1000000007, -1000000007,
};
static const char *const strs[] = {
	"", "a", "A", "ab", "abc", "b", "z", "zz", "\xc3\xa9t\xc3\xa9", "~",
	"aa", "a b", "0", "10", "9", "\x7f", "\x80", "\xff",
};

static void test_sort_nine(void)
{
	struct _stp_map *m = new_map(NINE, STP_MAP_NUM, 0, false, 600);
	union _stp_key k[9];
	struct _stp_map_sort_spec s;
	u32 i, j, col;
	bool ok;

	printf("# sorting: every key position and the value, both ways\n");
	for (i = 0; i < 500; i++) {
		for (j = 0; j < 9; j++) {
			/* small ranges so that ties are common */
			if (NINE[j] == 's')
				k[j] = ks(strs[rndn(j + 3 < 18 ? j + 3 : 18)]);
			else
				k[j] = kn(numpool[rndn(j + 2 < 16 ? j + 2 : 16)]);
		}
		k[8] = kn((s64)i);	/* keep keys distinct */
		_stp_map_set_num(m, k, numpool[rndn(16)]);
	}
	CHECK(_stp_map_count(m) == 500, "500 entries");
	memset(&s, 0, sizeof(s));
	for (col = 0; col <= 9; col++) {
		for (s.dir = 1; s.dir >= -1; s.dir -= 2) {
			s.column = col;
			ok = sort_matches(m, &s, STP_MAP_NO_LIMIT);
			CHECK(ok, "sort by %s%u %s matches the stable reference",
			      col ? "key " : "value", col,
			      s.dir > 0 ? "ascending (+)" : "descending (-)");
		}
	}
	_stp_map_destroy(m);
}

static void test_sort_str(void)
{
	struct _stp_map *m = new_map("sn", STP_MAP_STR, 0, false, 200);
	union _stp_key k[2];
	struct _stp_map_sort_spec s = { 0 };
	static struct _stp_map_node *a[200];
	u32 i, n;
	bool ok;

	printf("# sorting strings bytewise\n");
	for (i = 0; i < 150; i++) {
		k[0] = ks(strs[rndn(18)]);
		k[1] = kn((s64)i - 75);
		_stp_map_set_str(m, k, strs[rndn(18)]);
	}
	for (s.column = 0; s.column <= 2; s.column++)
		for (s.dir = 1; s.dir >= -1; s.dir -= 2)
			CHECK(sort_matches(m, &s, STP_MAP_NO_LIMIT),
			      "string map: column %d dir %+d matches reference",
			      s.column, s.dir);
	s.column = 0;
	s.dir = 1;
	n = _stp_map_collect(m, a, 200, NULL, 0);
	_stp_map_sort(m, a, n, &s, STP_MAP_NO_LIMIT);
	ok = true;
	for (i = 1; i < n; i++) {
		const unsigned char *x = (void *)_stp_map_val_str(m, a[i - 1]);
		const unsigned char *y = (void *)_stp_map_val_str(m, a[i]);
		int c = strcmp((const char *)x, (const char *)y);

		if (c > 0 || (c == 0 && a[i - 1]->seq > a[i]->seq))
			ok = false;
	}
	CHECK(ok, "ascending values: bytes >= 0x80 after ASCII, ties oldest first");
	_stp_map_destroy(m);

	/* ties: equal values keep insertion order in both directions */
	m = new_map("n", STP_MAP_NUM, 0, false, 10);
	for (i = 0; i < 6; i++) {
		k[0] = kn(10 - (s64)i);
		_stp_map_set_num(m, k, i % 2);	/* keys 10,9,8,7,6,5 -> 0,1,0,1,0,1 */
	}
	n = _stp_map_collect(m, a, 10, NULL, 0);
	s.column = 0;
	s.dir = 1;
	_stp_map_sort(m, a, n, &s, STP_MAP_NO_LIMIT);
	ok = _stp_map_key_num(m, a[0], 0) == 10 && _stp_map_key_num(m, a[1], 0) == 8 &&
	     _stp_map_key_num(m, a[2], 0) == 6 && _stp_map_key_num(m, a[3], 0) == 9 &&
	     _stp_map_key_num(m, a[4], 0) == 7 && _stp_map_key_num(m, a[5], 0) == 5;
	CHECK(ok, "a+ with ties: 10 8 6 9 7 5 (insertion order within ties)");
	s.dir = -1;
	_stp_map_sort(m, a, n, &s, STP_MAP_NO_LIMIT);
	ok = _stp_map_key_num(m, a[0], 0) == 9 && _stp_map_key_num(m, a[1], 0) == 7 &&
	     _stp_map_key_num(m, a[2], 0) == 5 && _stp_map_key_num(m, a[3], 0) == 10 &&
	     _stp_map_key_num(m, a[4], 0) == 8 && _stp_map_key_num(m, a[5], 0) == 6;
	CHECK(ok, "a- with ties: 9 7 5 10 8 6 (still oldest first within ties)");
	s.column = 1;
	s.dir = 1;
	_stp_map_sort(m, a, n, &s, STP_MAP_NO_LIMIT);
	ok = true;
	for (i = 0; i < n; i++)
		if (_stp_map_key_num(m, a[i], 0) != 5 + (s64)i)
			ok = false;
	CHECK(ok, "[k+] sorts keys 5..10");
	_stp_map_destroy(m);
}

struct agg {
	s64 count, sum;
};

static s64 agg_key(const void *val, void *arg)
{
	const struct agg *g = val;

	return *(const int *)arg ? g->sum : g->count;
}

static void test_blob(void)
{
	struct _stp_map *m = new_map("s", STP_MAP_BLOB, sizeof(struct agg), false, 32);
	union _stp_key k[1];
	struct _stp_map_sort_spec s = { 0 };
	struct _stp_map_node *n;
	struct agg *g;
	bool created, zero;
	int which = 0;
	u32 i;
	static const u8 zeros[sizeof(struct agg)];

	printf("# blob (aggregate) values\n");
	k[0] = ks("r");
	CHECK(_stp_map_get_blob(m, k) == NULL, "missing aggregate reads as NULL");
	n = _stp_map_insert(m, k, &created);
	g = _stp_map_val_blob(m, n);
	zero = !memcmp(g, zeros, sizeof(zeros));
	CHECK(n && created && zero, "new aggregate is zeroed");
	CHECK(((uintptr_t)g & 7) == 0, "blob is 8-byte aligned");
	g->count = 3;
	g->sum = 30;
	CHECK(_stp_map_get_blob(m, k) == g && _stp_map_insert(m, k, &created) == n &&
	      !created, "found again, same slot");
	CHECK(_stp_map_set_num(m, k, 1) == STP_MAP_BADKIND &&
	      _stp_map_set_str(m, k, "x") == STP_MAP_BADKIND, "scalar sets: BADKIND");
	_stp_map_delete(m, k);
	k[0] = ks("s");
	n = _stp_map_insert(m, k, &created);
	zero = !memcmp(_stp_map_val_blob(m, n), zeros, sizeof(zeros));
	CHECK(created && zero, "a reused slot is zeroed again");
	for (i = 0; i < 20; i++) {
		char name[8];

		snprintf(name, sizeof(name), "p%u", i);
		k[0] = ks(name);
		g = _stp_map_val_blob(m, _stp_map_insert(m, k, NULL));
		g->count = rndn(5);
		g->sum = (s64)rndn(1000) - 500;
	}
	s.blob_key = agg_key;
	s.arg = &which;
	for (which = 0; which < 2; which++)
		for (s.dir = 1; s.dir >= -1; s.dir -= 2)
			CHECK(sort_matches(m, &s, STP_MAP_NO_LIMIT),
			      "sort aggregates by @%s %s", which ? "sum" : "count",
			      s.dir > 0 ? "+" : "-");
	s.blob_key = NULL;
	CHECK(sort_matches(m, &s, STP_MAP_NO_LIMIT),
	      "no blob_key: insertion order");
	_stp_map_destroy(m);
}

static void test_limit(void)
{
	struct _stp_map *m = new_map("ns", STP_MAP_NUM, 0, false, 300);
	union _stp_key k[2];
	struct _stp_map_sort_spec s = { 0 };
	static const s64 limits[] = { S64_MIN, -1, 0, 1, 2, 3, 10, 99, 254, 255,
				      256, 1000, STP_MAP_NO_LIMIT };
	u32 i, col;
	bool ok = true;

	printf("# limit N\n");
	for (i = 0; i < 255; i++) {
		k[0] = kn(numpool[rndn(16)]);
		k[1] = ks(strs[i % 18]);
		_stp_map_set_num(m, k, (s64)rndn(20) - 10);
	}
	for (i = 0; i < ARRAY_SIZE(limits); i++)
		for (col = 0; col <= 2; col++)
			for (s.dir = 1; s.dir >= -1; s.dir -= 2) {
				s.column = col;
				if (!sort_matches(m, &s, limits[i])) {
					ok = false;
					printf("  limit %lld col %u dir %d wrong\n",
					       (long long)limits[i], col, s.dir);
				}
			}
	CHECK(ok, "limit N keeps the first min(N, count) in order; N <= 0: none");
	CHECK(_stp_map_sort(m, NULL, 0, &s, 5) == 0, "empty array sorts to nothing");
	_stp_map_destroy(m);
}

/* ---- modification counter ------------------------------------------------- */

static void test_modcount(void)
{
	struct _stp_map *m = new_map("nn", STP_MAP_NUM, 0, false, 8);
	static struct _stp_map_node *a[8];
	struct _stp_map_sort_spec s = { 1, 1, NULL, NULL };
	union _stp_key k[2] = { { .num = 1 }, { .num = 2 } };
	u64 c;
	u32 n;

	printf("# modification counter\n");
	_stp_map_set_num(m, k, 5);
	c = _stp_map_mod_count(m);
	_stp_map_get_num(m, k);
	_stp_map_exists(m, k);
	_stp_map_exists_wild(m, k, 1);
	_stp_map_find(m, k);
	n = _stp_map_collect(m, a, 8, NULL, 0);
	_stp_map_sort(m, a, n, &s, STP_MAP_NO_LIMIT);
	_stp_map_count(m);
	CHECK(_stp_map_mod_count(m) == c, "reads, collect and sort leave it alone");
#define MODIFIES(expr, what) do { c = _stp_map_mod_count(m); (void)(expr); \
	CHECK(_stp_map_mod_count(m) > c, "%s changes it", what); } while (0)
	MODIFIES(_stp_map_set_num(m, k, 6), "set");
	MODIFIES(_stp_map_add_num(m, k, 1, NULL), "add");
	MODIFIES(_stp_map_insert(m, k, NULL), "insert of an existing entry");
	k[0].num = 9;
	MODIFIES(_stp_map_insert(m, k, NULL), "insert of a new entry");
	MODIFIES(_stp_map_delete(m, k), "delete");
	MODIFIES(_stp_map_delete(m, k), "delete of a missing entry");
	MODIFIES(_stp_map_delete_wild(m, k, 1), "wildcard delete");
	_stp_map_set_num(m, k, 1);
	MODIFIES(_stp_map_delete_node(m, _stp_map_find(m, k)), "delete by node");
	MODIFIES(_stp_map_clear(m), "clear");
#undef MODIFIES
	_stp_map_destroy(m);
}

/* ---- 16-byte string keys read in place (a[execname()]) ------------------- */

/*
 * _stp_map_insert_str16() must find the entry _stp_map_insert_key() made
 * for the same string: inline (no modification counted) when the bytes
 * after the NUL are zero, as in a task's comm, through the out-of-line
 * part otherwise, and byte 15 always ends the key.
 */
static void test_str16(void)
{
	struct _stp_map *m = new_map("s", STP_MAP_NUM, 0, false, 64);
	static const char *const names[] = {
		"", "a", "sh", "bash", "syscal", "syscall", "syscall-",
		"syscall-l", "syscall-loop", "kworker/0:1H-k", "kworker/u4:2-ev",
	};
	char buf[16], name[17];
	struct _stp_map_node *n;
	u32 i, len, inplace = 0, same = 0;
	u64 c;

	printf("# 16-byte string keys read in place\n");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = _stp_map_insert_key(m, ks(names[i]));
		memset(buf, 0, sizeof(buf));
		memcpy(buf, names[i], strlen(names[i]));
		c = _stp_map_mod_count(m);
		inplace += _stp_map_insert_str16(m, buf) == n &&
			   _stp_map_mod_count(m) == c;
		/* junk after the NUL: the same entry, by the slow way */
		len = (u32)strlen(names[i]);
		if (len < 14) {
			memset(buf + len + 1, 'x', sizeof(buf) - len - 1);
			same += _stp_map_insert_str16(m, buf) == n;
		} else {
			same++;
		}
	}
	CHECK(inplace == i, "each of %u keys found inline (%u were)", i, inplace);
	CHECK(same == i, "junk after the NUL finds the same entry");
	CHECK(_stp_map_count(m) == i, "no entry made twice (%u)",
	      _stp_map_count(m));
	memcpy(buf, "0123456789abcdeZ", 16);
	n = _stp_map_insert_str16(m, buf);
	memcpy(name, "0123456789abcde", 16);
	CHECK(n && n == _stp_map_find(m, (union _stp_key[]){ ks(name) }),
	      "byte 15 ends the key");
	c = _stp_map_mod_count(m);
	CHECK(_stp_map_insert_str16(m, buf) == n && _stp_map_mod_count(m) == c,
	      "a 15-byte key found inline");
	_stp_map_destroy(m);
}

/* ---- hash quality --------------------------------------------------------- */

static void test_hash_spread(void)
{
	const u32 cap = 1 << 16;
	struct _stp_map *m = new_map("n", STP_MAP_NUM, 0, false, cap);
	union _stp_key k[2];
	char name[32];
	u32 i, chain;

	printf("# hash spread\n");
	for (i = 0; i < cap; i++) {
		k[0] = kn((s64)i << 12);	/* low bits all zero */
		_stp_map_set_num(m, k, i);
	}
	chain = max_chain(m);
	CHECK(_stp_map_count(m) == cap && chain <= 12,
	      "65536 keys i<<12: longest chain %u", chain);
	_stp_map_destroy(m);

	m = new_map("sn", STP_MAP_NUM, 0, false, cap);
	for (i = 0; i < cap; i++) {
		snprintf(name, sizeof(name), "proc-%u", i >> 4);
		k[0] = ks(name);
		k[1] = kn(i & 15);
		_stp_map_set_num(m, k, i);
	}
	chain = max_chain(m);
	CHECK(_stp_map_count(m) == cap && chain <= 12,
	      "65536 [name, n] keys: longest chain %u", chain);
	_stp_map_destroy(m);
}

/* ---- randomized stress against a reference model ------------------------ */

#define RCAP 64
#define NNUM 16

static const char *const rstr[] = {
	"alpha", "beta", "", "gamma-delta", "A", "a",
	/* two long strings equal in their first MAXSTRINGLEN-1 bytes */
	"LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"
	"LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL1",
	"LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"
	"LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL2",
};
#define NSTR ((u32)ARRAY_SIZE(rstr))

struct ref_ent {
	bool live;
	s64 k0;
	char k1[MAXSTRINGLEN];
	s64 val;
	u64 seq;
};

struct ref_map {
	struct ref_ent e[RCAP];
	u32 count;
	u64 seq;
	bool wrap;
};

static void ref_trunc(char *dst, const char *src)
{
	size_t len = strnlen(src, MAXSTRINGLEN - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

static struct ref_ent *ref_find(struct ref_map *r, s64 k0, const char *k1)
{
	char t[MAXSTRINGLEN];
	u32 i;

	ref_trunc(t, k1);
	for (i = 0; i < RCAP; i++)
		if (r->e[i].live && r->e[i].k0 == k0 && !strcmp(r->e[i].k1, t))
			return &r->e[i];
	return NULL;
}

static struct ref_ent *ref_insert(struct ref_map *r, s64 k0, const char *k1)
{
	struct ref_ent *e = ref_find(r, k0, k1);
	u32 i;

	if (e)
		return e;
	for (i = 0; i < RCAP && r->e[i].live; i++)
		;
	if (i == RCAP) {
		u32 old = 0;

		if (!r->wrap)
			return NULL;
		for (i = 1; i < RCAP; i++)
			if (r->e[i].seq < r->e[old].seq)
				old = i;
		i = old;
		r->e[i].live = false;
		r->count--;
	}
	e = &r->e[i];
	e->live = true;
	e->k0 = k0;
	ref_trunc(e->k1, k1);
	e->val = 0;
	e->seq = r->seq++;
	r->count++;
	return e;
}

static bool ref_match(const struct ref_ent *e, s64 k0, const char *k1, u32 wild)
{
	char t[MAXSTRINGLEN];

	ref_trunc(t, k1);
	return ((wild & 1) || e->k0 == k0) && ((wild & 2) || !strcmp(e->k1, t));
}

/* entries of r in insertion order */
static u32 ref_ordered(struct ref_map *r, struct ref_ent **v)
{
	u32 i, j, n = 0;

	for (i = 0; i < RCAP; i++)
		if (r->e[i].live)
			v[n++] = &r->e[i];
	for (i = 1; i < n; i++) {
		struct ref_ent *x = v[i];

		for (j = i; j > 0 && v[j - 1]->seq > x->seq; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return n;
}

static int ref_ent_cmp(const struct ref_ent *a, const struct ref_ent *b,
		       int col, int dir)
{
	int c;

	if (col == 0)
		c = a->val < b->val ? -1 : a->val > b->val;
	else if (col == 1)
		c = a->k0 < b->k0 ? -1 : a->k0 > b->k0;
	else
		c = strcmp(a->k1, b->k1);
	c = c < 0 ? -1 : c > 0;
	return dir < 0 ? -c : c;
}

static bool same_entry(const struct _stp_map *m, const struct _stp_map_node *n,
		       const struct ref_ent *e)
{
	return _stp_map_key_num(m, n, 0) == e->k0 &&
	       !strcmp(_stp_map_key_str(m, n, 1), e->k1) &&
	       *_stp_map_val_num(m, (struct _stp_map_node *)n) == e->val;
}

static u32 stress_fail;

static void stress_bad(u32 op, const char *what)
{
	if (stress_fail++ < 10)
		printf("  mismatch at op %u: %s\n", op, what);
}

static void stress(bool wrap, u32 ops)
{
	struct _stp_map *m = new_map("ns", STP_MAP_NUM, 0, wrap, RCAP);
	static struct ref_map r;
	static struct ref_ent *rv[RCAP];
	static struct _stp_map_node *nv[RCAP];
	union _stp_key k[2];
	u32 op, i, counts[8] = { 0 };
	u64 mod;

	memset(&r, 0, sizeof(r));
	r.wrap = wrap;
	stress_fail = 0;
	for (op = 0; op < ops; op++) {
		s64 k0 = (s64)rndn(NNUM) - NNUM / 2;
		const char *k1 = rstr[rndn(NSTR)];
		u32 what = rndn(100), wild = 1 + rndn(2);
		s64 v = (s64)rnd();
		struct ref_ent *e;
		bool mutating = true;

		k[0] = kn(k0);
		k[1] = ks(k1);
		mod = _stp_map_mod_count(m);
		if (what < 30) {		/* set */
			int rc = _stp_map_set_num(m, k, v);

			e = ref_insert(&r, k0, k1);
			if (e)
				e->val = v;
			if (rc != (e ? STP_MAP_OK : STP_MAP_FULL))
				stress_bad(op, "set status");
			counts[0]++;
		} else if (what < 45) {		/* add */
			s64 res = 0;
			int rc = _stp_map_add_num(m, k, v >> 40, &res);

			e = ref_insert(&r, k0, k1);
			if (e)
				e->val = (s64)((u64)e->val + (u64)(v >> 40));
			if (rc != (e ? STP_MAP_OK : STP_MAP_FULL) ||
			    (e && res != e->val))
				stress_bad(op, "add");
			counts[1]++;
		} else if (what < 60) {		/* get */
			e = ref_find(&r, k0, k1);
			if (_stp_map_get_num(m, k) != (e ? e->val : 0))
				stress_bad(op, "get");
			mutating = false;
			counts[2]++;
		} else if (what < 70) {		/* in */
			if (_stp_map_exists(m, k) != !!ref_find(&r, k0, k1))
				stress_bad(op, "in");
			mutating = false;
			counts[3]++;
		} else if (what < 78) {		/* delete */
			e = ref_find(&r, k0, k1);
			if (e) {
				e->live = false;
				r.count--;
			}
			if (_stp_map_delete(m, k) != !!e)
				stress_bad(op, "delete");
			counts[4]++;
		} else if (what < 84) {		/* in, wildcard */
			bool want = false;

			for (i = 0; i < RCAP; i++)
				if (r.e[i].live && ref_match(&r.e[i], k0, k1, wild))
					want = true;
			if (_stp_map_exists_wild(m, k, wild) != want)
				stress_bad(op, "in with wildcard");
			mutating = false;
			counts[3]++;
		} else if (what < 87) {		/* delete, wildcard */
			u32 want = 0;

			for (i = 0; i < RCAP; i++)
				if (r.e[i].live && ref_match(&r.e[i], k0, k1, wild)) {
					r.e[i].live = false;
					r.count--;
					want++;
				}
			if (_stp_map_delete_wild(m, k, wild) != want)
				stress_bad(op, "delete with wildcard");
			counts[5]++;
		} else if (what < 88 && rndn(8) == 0) {	/* delete all */
			for (i = 0; i < RCAP; i++)
				r.e[i].live = false;
			r.count = 0;
			_stp_map_clear(m);
			counts[6]++;
		} else if (what < 93) {		/* insert-or-find */
			bool created = false, had = !!ref_find(&r, k0, k1);
			struct _stp_map_node *n = _stp_map_insert(m, k, &created);

			e = ref_insert(&r, k0, k1);
			if (!!n != !!e || (n && created == had) ||
			    (n && !same_entry(m, n, e)))
				stress_bad(op, "insert");
			counts[1]++;
		} else {			/* check order, a sort, all values */
			struct _stp_map_sort_spec s = { 0 };
			u32 rn = ref_ordered(&r, rv), nn, j, lim;

			mutating = false;
			nn = _stp_map_collect(m, nv, RCAP, NULL, 0);
			if (nn != rn || _stp_map_count(m) != r.count)
				stress_bad(op, "count");
			for (i = 0; i < nn && i < rn; i++)
				if (!same_entry(m, nv[i], rv[i]))
					stress_bad(op, "insertion order / contents");
			s.column = rndn(3);
			s.dir = rndn(2) ? 1 : -1;
			lim = rndn(4) ? rn + 1 : rndn(5);
			/* reference: stable sort of insertion order */
			for (i = 1; i < rn; i++) {
				struct ref_ent *x = rv[i];

				for (j = i; j > 0 &&
				     ref_ent_cmp(rv[j - 1], x, s.column, s.dir) > 0; j--)
					rv[j] = rv[j - 1];
				rv[j] = x;
			}
			j = _stp_map_sort(m, nv, nn, &s, lim);
			if (j != (lim < rn ? lim : rn))
				stress_bad(op, "sort count");
			for (i = 0; i < j && i < rn; i++)
				if (!same_entry(m, nv[i], rv[i]))
					stress_bad(op, "sort order");
			counts[7]++;
		}
		if ((_stp_map_mod_count(m) != mod) != mutating)
			stress_bad(op, "modification counter");
	}
	CHECK(stress_fail == 0,
	      "stress %s: %u ops (set %u, add/insert %u, get %u, in %u, delete %u, "
	      "wild delete %u, clear %u, checks %u) agree with the model",
	      wrap ? "wrap-around" : "fixed", ops, counts[0], counts[1],
	      counts[2], counts[3], counts[4], counts[5], counts[6], counts[7]);
	if (wrap)
		CHECK(m->evicted > 0, "stress wrap-around: %llu evictions",
		      (unsigned long long)m->evicted);
	else
		CHECK(m->evicted == 0, "stress fixed: no evictions");
	_stp_map_destroy(m);
}

int main(void)
{
	test_create();
	test_basic_num();
	test_basic_str();
	test_nine_keys();
	test_long_keys();
	test_capacity();
	test_wrap();
	test_wildcards();
	test_iteration();
	test_sort_nine();
	test_sort_str();
	test_blob();
	test_limit();
	test_modcount();
	test_str16();
	test_hash_spread();
	printf("# randomized stress (seed fixed)\n");
	stress(false, 100000);
	stress(true, 100000);
	CHECK(live_blocks == 0, "no memory left allocated");
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed ? 1 : 0;
}
