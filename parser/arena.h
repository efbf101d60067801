/* SPDX-License-Identifier: GPL-2.0-or-later */
/* arena.h - bump allocator owning every token and AST node of a parse.
 *
 * One arena per session: nodes are never freed one by one, the whole
 * arena goes at once (stp_arena_free), which keeps the parser leak-free
 * even when it stops half-way through an erroneous script.
 */
#ifndef STP_ARENA_H
#define STP_ARENA_H

#include <stddef.h>

/* malloc memory outside the arena: the xmalloc family of libstputil */
#include "xalloc.h"

struct stp_arena_chunk;

struct stp_arena {
	struct stp_arena_chunk *head;	/* newest chunk, allocation happens here */
	size_t used;			/* bytes used in head */
	size_t cap;			/* capacity of head */
};

void stp_arena_init(struct stp_arena *a);
void stp_arena_free(struct stp_arena *a);
/* Zeroed memory, aligned for any object; aborts on out-of-memory. */
void *stp_arena_alloc(struct stp_arena *a, size_t size);
char *stp_arena_strndup(struct stp_arena *a, const char *s, size_t n);
char *stp_arena_strdup(struct stp_arena *a, const char *s);
char *stp_arena_printf(struct stp_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Grow-able array of pointers, stored in malloc memory (not the arena)
 * because it is resized; the owner calls stp_vec_free. */
struct stp_vec {
	void **items;
	size_t len;
	size_t cap;
};
void stp_vec_push(struct stp_vec *v, void *item);
void stp_vec_free(struct stp_vec *v);

#endif
