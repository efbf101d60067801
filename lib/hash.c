/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hash.c - open-addressing hash tables (see hash.h): power-of-two
 * capacity, linear probing, at most half full. */
#include "hash.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* -- string map --------------------------------------------------------- */

static size_t str_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = str_hash(key) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->keys[i], key))
			return m->vals[i];
	return NULL;
}

static void strmap_resize(struct strmap *m, size_t cap)
{
	struct strmap n = { 0 };
	size_t i;

	n.cap = cap;
	n.keys = stp_xcalloc(n.cap, sizeof(*n.keys));
	n.vals = stp_xcalloc(n.cap, sizeof(*n.vals));
	for (i = 0; i < m->cap; i++)
		if (m->keys[i])
			strmap_put(&n, m->keys[i], m->vals[i]);
	strmap_free(m);
	*m = n;
}

void strmap_reserve(struct strmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 64;

	while (n * 2 > cap)
		cap *= 2;
	if (cap != m->cap)
		strmap_resize(m, cap);
}

/* The slot of key, or the free slot where it would go. */
static size_t strmap_slot(struct strmap *m, const char *key)
{
	size_t i;

	if ((m->len + 1) * 2 > m->cap)
		strmap_resize(m, m->cap ? m->cap * 2 : 64);
	for (i = str_hash(key) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->keys[i], key))
			break;
	return i;
}

void strmap_put(struct strmap *m, const char *key, void *val)
{
	size_t i = strmap_slot(m, key);

	if (!m->keys[i]) {
		m->keys[i] = key;
		m->len++;
	}
	m->vals[i] = val;
}

bool strmap_add(struct strmap *m, const char *key, void *val)
{
	size_t i = strmap_slot(m, key);

	if (m->keys[i])
		return false;
	m->keys[i] = key;
	m->vals[i] = val;
	m->len++;
	return true;
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* -- pair set ----------------------------------------------------------- */

static size_t pair_hash(const void *owner, const void *item)
{
	uint64_t h = (uint64_t)(uintptr_t)owner * 0x9e3779b97f4a7c15ull ^
		     (uint64_t)(uintptr_t)item;

	h *= 0xff51afd7ed558ccdull;
	return (size_t)(h ^ (h >> 32));
}

/* The slot holding the pair, or the free slot where it would go. */
static size_t pair_slot(const struct pairset *s, const void *owner,
			const void *item)
{
	size_t i = pair_hash(owner, item) & (s->cap - 1);

	while (s->pairs[2 * i] && (s->pairs[2 * i] != owner ||
				   s->pairs[2 * i + 1] != item))
		i = (i + 1) & (s->cap - 1);
	return i;
}

bool pairset_has(const struct pairset *s, const void *owner,
		 const void *item)
{
	return s->cap && s->pairs[2 * pair_slot(s, owner, item)];
}

bool pairset_add(struct pairset *s, const void *owner, const void *item)
{
	size_t i;

	if ((s->len + 1) * 2 > s->cap) {
		struct pairset n = { 0 };

		n.cap = s->cap ? s->cap * 2 : 64;
		n.pairs = stp_xcalloc(2 * n.cap, sizeof(*n.pairs));
		for (i = 0; i < s->cap; i++)
			if (s->pairs[2 * i])
				pairset_add(&n, s->pairs[2 * i],
					    s->pairs[2 * i + 1]);
		pairset_free(s);
		*s = n;
	}
	i = pair_slot(s, owner, item);
	if (s->pairs[2 * i])
		return false;
	s->pairs[2 * i] = owner;
	s->pairs[2 * i + 1] = item;
	s->len++;
	return true;
}

void pairset_free(struct pairset *s)
{
	free(s->pairs);
	memset(s, 0, sizeof(*s));
}
