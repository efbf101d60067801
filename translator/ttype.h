/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ttype.h - target types: the C types of kernel data a script reads.
 *
 * A $var, @cast or @var value has the type the kernel's BTF or DWARF
 * gives it: an integer of some size and sign, a pointer, a struct or
 * union of the kernel or of a module, an array, an enum, a bitfield, or
 * a typedef naming one of these.  Pass 2 keeps it in a node's annotation
 * (sem.h, stp_sem.ttype) beside the script type (long, string) the value
 * is used as.
 *
 * This is the landing place for the issue that adds $var from BTF and
 * DWARF: nothing in the translator creates a target type yet; only the
 * unit test (testsuite/runtime/test-ttype.c) builds and prints them.
 * Types are immutable once built and live in the session arena; a type
 * only points to types built before it, so a chain (pointer to typedef
 * to struct ...) has no cycle and every walk down it ends.
 */
#ifndef STP_TTYPE_H
#define STP_TTYPE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

enum stp_ttype_kind {
	STP_TT_INT,		/* size bytes, is_signed */
	STP_TT_POINTER,		/* to: the pointed-to type */
	STP_TT_STRUCT,		/* name (NULL: anonymous), module */
	STP_TT_UNION,		/* name (NULL: anonymous), module */
	STP_TT_ARRAY,		/* to: the element type; count elements */
	STP_TT_ENUM,		/* name (NULL: anonymous), module, size */
	STP_TT_BITFIELD,	/* to: the integer it is cut from; bits wide,
				 * offset bits from the unit's start */
	STP_TT_TYPEDEF,		/* name, module; to: the type it names */
};

struct stp_ttype {
	enum stp_ttype_kind kind;
	const char *name;		/* STRUCT UNION ENUM TYPEDEF */
	const char *module;		/* where it is defined: "kernel" or a
					 * module name (STRUCT UNION ENUM
					 * TYPEDEF) */
	const struct stp_ttype *to;	/* POINTER ARRAY BITFIELD TYPEDEF */
	unsigned size;			/* INT ENUM: bytes (1, 2, 4, 8) */
	bool is_signed;			/* INT */
	uint64_t count;			/* ARRAY: elements (0: unknown) */
	unsigned bits, offset;		/* BITFIELD */
};

struct stp_ttype *stp_ttype_int(struct stp_arena *a, unsigned size,
				bool is_signed);
struct stp_ttype *stp_ttype_pointer(struct stp_arena *a,
				    const struct stp_ttype *to);
/* kind: STP_TT_STRUCT or STP_TT_UNION */
struct stp_ttype *stp_ttype_record(struct stp_arena *a,
				   enum stp_ttype_kind kind, const char *name,
				   const char *module);
struct stp_ttype *stp_ttype_array(struct stp_arena *a,
				  const struct stp_ttype *elem,
				  uint64_t count);
struct stp_ttype *stp_ttype_enum(struct stp_arena *a, const char *name,
				 const char *module, unsigned size);
struct stp_ttype *stp_ttype_bitfield(struct stp_arena *a,
				     const struct stp_ttype *of,
				     unsigned bits, unsigned offset);
struct stp_ttype *stp_ttype_typedef(struct stp_arena *a, const char *name,
				    const char *module,
				    const struct stp_ttype *to);

/* t without its typedefs: the first type down the chain that is not one. */
const struct stp_ttype *stp_ttype_strip(const struct stp_ttype *t);

/* t spelt for messages, in the arena: "u32", "s64", "struct task_struct*",
 * "struct sk_buff [e1000]*" (a module's type names its module), "u8[16]",
 * "u32:3@5" (bitfield of 3 bits at bit 5), a typedef by its name. */
const char *stp_ttype_name(struct stp_arena *a, const struct stp_ttype *t);

#endif
