/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ttype.c - building and naming target types (ttype.h). */
#include "ttype.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct stp_ttype *new_type(struct stp_arena *a,
				  enum stp_ttype_kind kind,
				  const struct stp_ttype *to)
{
	struct stp_ttype *t = stp_arena_alloc(a, sizeof(*t));

	t->kind = kind;
	t->to = to;
	return t;
}

struct stp_ttype *stp_ttype_int(struct stp_arena *a, unsigned size,
				bool is_signed)
{
	struct stp_ttype *t = new_type(a, STP_TT_INT, NULL);

	t->size = size;
	t->is_signed = is_signed;
	return t;
}

struct stp_ttype *stp_ttype_pointer(struct stp_arena *a,
				    const struct stp_ttype *to)
{
	return new_type(a, STP_TT_POINTER, to);
}

static struct stp_ttype *named(struct stp_arena *a, enum stp_ttype_kind kind,
			       const char *name, const char *module,
			       const struct stp_ttype *to)
{
	struct stp_ttype *t = new_type(a, kind, to);

	t->name = name ? stp_arena_strdup(a, name) : NULL;
	t->module = module ? stp_arena_strdup(a, module) : NULL;
	return t;
}

struct stp_ttype *stp_ttype_record(struct stp_arena *a,
				   enum stp_ttype_kind kind, const char *name,
				   const char *module)
{
	return named(a, kind, name, module, NULL);
}

struct stp_ttype *stp_ttype_array(struct stp_arena *a,
				  const struct stp_ttype *elem,
				  uint64_t count)
{
	struct stp_ttype *t = new_type(a, STP_TT_ARRAY, elem);

	t->count = count;
	return t;
}

struct stp_ttype *stp_ttype_enum(struct stp_arena *a, const char *name,
				 const char *module, unsigned size)
{
	struct stp_ttype *t = named(a, STP_TT_ENUM, name, module, NULL);

	t->size = size;
	return t;
}

struct stp_ttype *stp_ttype_bitfield(struct stp_arena *a,
				     const struct stp_ttype *of,
				     unsigned bits, unsigned offset)
{
	struct stp_ttype *t = new_type(a, STP_TT_BITFIELD, of);

	t->bits = bits;
	t->offset = offset;
	return t;
}

struct stp_ttype *stp_ttype_typedef(struct stp_arena *a, const char *name,
				    const char *module,
				    const struct stp_ttype *to)
{
	return named(a, STP_TT_TYPEDEF, name, module, to);
}

const struct stp_ttype *stp_ttype_strip(const struct stp_ttype *t)
{
	while (t && t->kind == STP_TT_TYPEDEF)
		t = t->to;
	return t;
}

/* The name of a type that is not built on another one (the end of a
 * chain of pointers, arrays and bitfields). */
static const char *base_name(struct stp_arena *a, const struct stp_ttype *t)
{
	static const char *const record[] = {
		[STP_TT_STRUCT] = "struct", [STP_TT_UNION] = "union",
		[STP_TT_ENUM] = "enum",
	};
	const char *in;

	if (!t)
		return "void";
	if (t->kind == STP_TT_INT)
		return stp_arena_printf(a, "%c%u", t->is_signed ? 's' : 'u',
					t->size * 8);
	if (t->kind == STP_TT_TYPEDEF)
		return t->name;
	in = t->module && strcmp(t->module, "kernel") ?
		stp_arena_printf(a, " [%s]", t->module) : "";
	return stp_arena_printf(a, "%s %s%s", record[t->kind],
				t->name ? t->name : "<anonymous>", in);
}

static bool is_derived(const struct stp_ttype *t)
{
	return t && (t->kind == STP_TT_POINTER || t->kind == STP_TT_ARRAY ||
		     t->kind == STP_TT_BITFIELD);
}

/* Append one derived type's suffix to buf (size *len of *cap). */
static void put_suffix(char **buf, size_t *len, size_t *cap,
		       const struct stp_ttype *t)
{
	char piece[64];
	int n;

	if (t->kind == STP_TT_POINTER)
		n = snprintf(piece, sizeof(piece), "*");
	else if (t->kind == STP_TT_ARRAY)
		n = snprintf(piece, sizeof(piece), "[%" PRIu64 "]", t->count);
	else
		n = snprintf(piece, sizeof(piece), ":%u@%u", t->bits,
			     t->offset);
	if (*len + (size_t)n + 1 > *cap) {
		*cap = (*len + (size_t)n + 1) * 2;
		*buf = stp_xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, piece, (size_t)n + 1);
	*len += (size_t)n;
}

const char *stp_ttype_name(struct stp_arena *a, const struct stp_ttype *t)
{
	struct stp_vec chain = { 0 };
	const struct stp_ttype *base;
	char *buf = NULL;
	size_t len = 0, cap = 0, i;
	const char *name;

	/* pointers, arrays and bitfields are suffixes of what they are
	 * built on, innermost first: the chain is collected by a loop (it
	 * ends, ttype.h) and printed backwards */
	for (base = t; is_derived(base); base = base->to)
		stp_vec_push(&chain, (void *)base);
	for (i = chain.len; i-- > 0;)
		put_suffix(&buf, &len, &cap, chain.items[i]);
	name = stp_arena_printf(a, "%s%s", base_name(a, base),
				buf ? buf : "");
	free(buf);
	stp_vec_free(&chain);
	return name;
}
