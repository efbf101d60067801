/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hash.h - the program's two hash tables: a string -> pointer map
 * (names to declarations, kernel symbols by name) and a set of pointer
 * pairs ("item already in this list").  Scripts of 100,000 names stay
 * near-linear with them, where list walks made passes 1-2 quadratic
 * (bench/scale-bench).  Memory: see stputil.h. */
#ifndef STP_HASH_H
#define STP_HASH_H

#include <stdbool.h>
#include <stddef.h>

/* A string -> pointer map; the keys are not copied (arena or file
 * strings that outlive it).  A zeroed struct is an empty map. */
struct strmap {
	const char **keys;
	void **vals;
	size_t cap, len;
};

void *strmap_get(const struct strmap *m, const char *key);
/* Sets key's value, replacing any. */
void strmap_put(struct strmap *m, const char *key, void *val);
/* Adds key unless it is there: false, and the first value kept. */
bool strmap_add(struct strmap *m, const char *key, void *val);
/* Room for n keys without growing (for a map filled in one go). */
void strmap_reserve(struct strmap *m, size_t n);
void strmap_free(struct strmap *m);

/* A set of (owner, item) pointer pairs, e.g. (a list, a member of it).
 * A zeroed struct is an empty set. */
struct pairset {
	const void **pairs;		/* 2 per slot; owner NULL: free */
	size_t cap, len;
};

bool pairset_has(const struct pairset *s, const void *owner,
		 const void *item);
/* Adds the pair; returns false if it was there already. */
bool pairset_add(struct pairset *s, const void *owner, const void *item);
void pairset_free(struct pairset *s);

#endif
