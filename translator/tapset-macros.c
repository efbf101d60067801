/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tapset-macros.c - finding the files of tapset directories, and reading
 * their *.stpm library macro files. */
#include "tapset-macros.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files named *EXT directly in dir, in name order. */
static void collect(const char *dir, const char *ext, struct stp_vec *files)
{
	size_t elen = strlen(ext);
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stp_vec here = { 0 };
	size_t i;

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		struct stat st;
		char *path;

		if (n <= elen || strcmp(e->d_name + n - elen, ext))
			continue;
		path = stp_xmalloc(strlen(dir) + n + 2);
		sprintf(path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			stp_vec_push(&here, path);
		else
			free(path);
	}
	closedir(d);
	qsort(here.items, here.len, sizeof(*here.items), name_cmp);
	for (i = 0; i < here.len; i++)
		stp_vec_push(files, here.items[i]);
	stp_vec_free(&here);
}

void tapset_list_files(const struct stp_vec *dirs, const char *arch,
		       const char *ext, struct stp_vec *files)
{
	/* SystemTap's layout: generic files, then the architecture's, then
	 * the kernel runtime's ("linux"), then its architecture's.  Other
	 * runtimes (dyninst, bpf) and other architectures are not read. */
	static const char *const subdirs[] = { "", "/%s", "/linux", "/linux/%s" };
	size_t i, j;

	for (i = 0; i < dirs->len; i++) {
		for (j = 0; j < sizeof(subdirs) / sizeof(subdirs[0]); j++) {
			char sub[256], *path;

			snprintf(sub, sizeof(sub), subdirs[j], arch);
			path = stp_xmalloc(strlen(dirs->items[i]) +
					   strlen(sub) + 1);
			sprintf(path, "%s%s", (char *)dirs->items[i], sub);
			collect(path, ext, files);
			free(path);
		}
	}
}

void tapset_load_macros(struct stp_parse_ctx *ctx, const struct stp_vec *dirs,
			const char *arch)
{
	struct stp_vec files = { 0 };
	size_t i;

	tapset_list_files(dirs, arch, ".stpm", &files);
	for (i = 0; i < files.len; i++) {
		struct stp_source *src = stp_source_from_file(ctx,
							      files.items[i]);

		if (src) {
			src->is_tapset = 1;
			stp_parse_macro_file(ctx, src);
		}
		free(files.items[i]);
	}
	stp_vec_free(&files);
}
