/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xalloc.c - the allocation contract of libstputil (stputil.h). */
#define _GNU_SOURCE	/* vasprintf, program_invocation_short_name */
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void stp_out_of_memory(void)
{
	fprintf(stderr, "%s: out of memory\n", program_invocation_short_name);
	abort();
}

void *stp_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		stp_out_of_memory();
	return p;
}

void *stp_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		stp_out_of_memory();
	return p;
}

void *stp_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		stp_out_of_memory();
	return q;
}

char *stp_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(stp_xmalloc(n), s, n);
}

char *stp_xstrndup(const char *s, size_t n)
{
	char *p = stp_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *stp_xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		stp_out_of_memory();
	return s;
}

char *stp_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = stp_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}
