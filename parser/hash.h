/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hash.h - the two hash tables of passes 1-2: a string -> pointer map
 * (names to declarations) and a set of pointer pairs ("item already in
 * this list").  Scripts of 100,000 names stay near-linear with them,
 * where list walks made passes 1-2 quadratic (bench/scale-bench). */
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
void strmap_put(struct strmap *m, const char *key, void *val);
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
