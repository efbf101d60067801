/* SPDX-License-Identifier: GPL-2.0-or-later */
/* arena.c - bump allocator (arena.h); malloc helpers are lib/xalloc.c. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct stp_arena_chunk {
	struct stp_arena_chunk *prev;
	max_align_t data[];
};

#define STP_ARENA_CHUNK (64 * 1024)

void stp_arena_init(struct stp_arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->cap = 0;
}

void stp_arena_free(struct stp_arena *a)
{
	struct stp_arena_chunk *c = a->head;

	while (c) {
		struct stp_arena_chunk *prev = c->prev;

		free(c);
		c = prev;
	}
	stp_arena_init(a);
}

void *stp_arena_alloc(struct stp_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	void *p;

	size = (size + align - 1) & ~(align - 1);
	if (!a->head || a->used + size > a->cap) {
		size_t cap = size > STP_ARENA_CHUNK ? size : STP_ARENA_CHUNK;
		struct stp_arena_chunk *c =
			stp_xmalloc(sizeof(*c) + cap);

		c->prev = a->head;
		a->head = c;
		a->used = 0;
		a->cap = cap;
	}
	p = (char *)a->head->data + a->used;
	a->used += size;
	memset(p, 0, size);
	return p;
}

char *stp_arena_strndup(struct stp_arena *a, const char *s, size_t n)
{
	char *p = stp_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *stp_arena_strdup(struct stp_arena *a, const char *s)
{
	return stp_arena_strndup(a, s, strlen(s));
}

char *stp_arena_printf(struct stp_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = stp_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void stp_vec_push(struct stp_vec *v, void *item)
{
	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->items = stp_xrealloc(v->items, v->cap * sizeof(*v->items));
	}
	v->items[v->len++] = item;
}

void stp_vec_free(struct stp_vec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}
