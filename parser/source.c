/* SPDX-License-Identifier: GPL-2.0-or-later */
/* source.c - finding lines of a source for diagnostics. */
#include "source.h"

#include <string.h>

#include "arena.h"

void stp_source_index_lines(struct stp_source *src, struct stp_arena *a)
{
	const char *p = src->text, *end = src->text + src->len, *nl;
	unsigned n = 1;

	for (nl = p; (nl = memchr(nl, '\n', (size_t)(end - nl))); nl++)
		n++;
	src->line_start = stp_arena_alloc(a, n * sizeof(*src->line_start));
	src->nlines = n;
	src->line_start[0] = 0;
	for (n = 1; (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1)
		src->line_start[n++] = (size_t)(nl + 1 - src->text);
}

const char *stp_source_line(const struct stp_source *src, unsigned line,
			    size_t *len)
{
	const char *p, *nl;

	if (!src || !src->line_start || line == 0 || line > src->nlines)
		return NULL;
	p = src->text + src->line_start[line - 1];
	nl = memchr(p, '\n', (size_t)(src->text + src->len - p));
	*len = (size_t)((nl ? nl : src->text + src->len) - p);
	return p;
}
