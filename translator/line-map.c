// SPDX-License-Identifier: GPL-2.0-or-later
/* line-map.c - the link from the generated C back to the script: which
 * script place each line of the C comes from (translate.h struct
 * stp_line_map, filled by pass 3, read by pass 4 for compiler errors). */
#include <stdlib.h>

#include "translate.h"

bool stp_line_map_find(const struct stp_line_map *map, unsigned c_line,
		       struct stp_c_place *at)
{
	size_t lo = 0, hi = map->n;

	/* the last entry at or before c_line */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (map->v[mid].c_line <= c_line)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || !map->v[lo - 1].at.file)
		return false;
	*at = map->v[lo - 1].at;
	if (at->embedded) {
		at->line += c_line - map->v[lo - 1].c_line;
		at->col = 0;
	}
	return true;
}

void stp_line_map_free(struct stp_line_map *map)
{
	free(map->v);
	map->v = NULL;
	map->n = 0;
}
