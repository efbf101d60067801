/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xalloc.h - allocation that never returns NULL (see stputil.h for the
 * contract): on failure the program says "out of memory" and aborts. */
#ifndef STP_XALLOC_H
#define STP_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *stp_xmalloc(size_t n);
/* Zeroed; n * size is checked for overflow. */
void *stp_xcalloc(size_t n, size_t size);
void *stp_xrealloc(void *p, size_t n);
char *stp_xstrdup(const char *s);
/* The first n bytes of s (which need not hold a NUL), NUL-terminated. */
char *stp_xstrndup(const char *s, size_t n);
char *stp_xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
char *stp_xvasprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

/* Print "PROGRAM: out of memory" and abort; for allocators outside this
 * library (an arena) that keep the same contract. */
void stp_out_of_memory(void) __attribute__((noreturn));

#endif
