/* SPDX-License-Identifier: GPL-2.0-or-later */
/* source.c - finding lines of a source for diagnostics. */
#include "source.h"

#include <string.h>

const char *stp_source_line(const struct stp_source *src, unsigned line,
			    size_t *len)
{
	const char *p, *end, *nl;
	unsigned n = 1;

	if (!src || !src->text || line == 0)
		return NULL;
	p = src->text;
	end = src->text + src->len;
	while (n < line) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
		n++;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	return p;
}
