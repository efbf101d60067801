/* SPDX-License-Identifier: GPL-2.0-or-later */
/* emit.h - pass 3's emitter: the text of the generated C (growing
 * buffers that count their lines and carry the script places of their
 * lines), the indentation of a body, its temporaries, labels, and C
 * literals.  Expression and statement translation (translate-expr.c,
 * translate-stmt.c, translate-print.c) write only through it; the driver
 * (translate.c) assembles the buffers into the file and its line map.
 * See doc/internals/translate.md. */
#ifndef STP_EMIT_H
#define STP_EMIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "source.h"
#include "translate.h"

/* A script place attached to a line of a buffer: that line and the
 * lines after it, up to the next place, come from it. */
struct em_place {
	size_t off;			/* byte offset of the line's start */
	struct stp_c_place at;		/* file NULL: no script place */
};

/* A growing string, with the script places of its lines. */
struct sbuf {
	char *s;
	size_t len, cap;
	struct em_place *places;	/* by offset */
	size_t nplaces, cap_places;
};

void sb_add(struct sbuf *b, const char *s);
void sb_addn(struct sbuf *b, const char *s, size_t n);
void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap);
/* Append src's text and places to dst. */
void sb_append(struct sbuf *dst, const struct sbuf *src);
/* Insert n bytes (whole lines) at byte pos, a line's start. */
void sb_insert(struct sbuf *b, size_t pos, const char *s, size_t n);
/* The next line written to b comes from loc (NULL: from no script
 * place; lines_follow: line k after it is script line loc.line + k, as
 * in embedded C copied verbatim). */
void sb_place(struct sbuf *b, const struct stp_loc *loc, bool lines_follow);
void sb_free(struct sbuf *b);
char *em_strdup_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* The temporaries of one statement, reused by the next one: C locals
 * of the body, declared at its top (so that the kernel's
 * -Wdeclaration-after-statement holds).  Strings stay in the frame,
 * each its own field. */
struct em_temps {
	int nums, strs, stats, keys;	/* used by the current statement */
	int base_nums, base_strs, base_stats, base_keys; /* held (em_hold) */
	int max_nums, max_strs, max_stats;	/* declared */
	unsigned stmt;			/* statements started */
	int *key_sizes;			/* declared: key k has key_sizes[k] */
	int max_keys;
};

/* Where the code of one body (probe, function, @entry saver) goes. */
struct em_body {
	struct sbuf code;		/* the statements */
	struct sbuf frame;		/* fields of its frame struct */
	int indent;
	int nframe_strs;		/* string temporaries in the frame */
	struct em_temps temps;
};

void em_body_init(struct em_body *b);
void em_body_free(struct em_body *b);
/* One indented line of the body. */
void em_line(struct em_body *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void em_blank(struct em_body *b);
/* A statement starts: the temporaries of the last one are free. */
void em_stmt_start(struct em_body *b);
/* Hold the temporaries used so far through the statements that follow
 * (a foreach's slice key lives through its body) until em_release. */
struct em_held {
	int nums, strs, stats, keys;
};
struct em_held em_hold(struct em_body *b);
void em_release(struct em_body *b, struct em_held held);
/* A fresh temporary of the current statement: "n1" (s64), "s1"
 * (const char *), "st1" (const struct _stp_stat *), "k1" (union
 * _stp_key[nkeys]); the string is static, valid until the next call. */
const char *em_num(struct em_body *b);
const char *em_str(struct em_body *b);
const char *em_stat(struct em_body *b);
const char *em_key(struct em_body *b, int nkeys);
/* A fresh MAXSTRINGLEN buffer in the frame: "l->t0". */
const char *em_frame_str(struct em_body *b);
/* The declarations of the temporaries, one line each. */
void em_temp_decls(const struct em_body *b, struct sbuf *o);

/* C literals */
void em_c_string(struct sbuf *o, const char *s, size_t n);
/* A script string literal's bytes (C escapes kept by the lexer),
 * malloc'd, NUL-terminated; *len excludes the NUL. */
char *em_unescape(const char *s, size_t *len);
/* The C expression c without its outer parentheses, if they enclose all
 * of it (c is changed): for a place that has its own, as an if's. */
const char *em_bare(char *c);
/* A line "/" "* TEXT *" "/" of at most max bytes of text, whatever
 * text holds. */
void em_comment(struct sbuf *o, const char *text, size_t max);
/* "file:line:col" of loc (NULL: `dflt`), in a static buffer. */
const char *em_loc(const struct stp_loc *loc, const char *dflt);

#endif
