/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tapset-check.c - pass 1 reads every tapset file of the -I directories.
 *
 * SystemTap parses each *.stp of its tapset directories at pass 1: a
 * broken one is reported (its errors, then a warning that it is skipped)
 * and left out, so a script that does not use it still runs; under -W the
 * warning fails the run.  The default tapsets are ours and known to
 * parse; they stay indexed lazily (elab-index.c), so only -I directories
 * are read here.
 */
#include "tapset-check.h"

#include <stdlib.h>

#include "tapset-macros.h"

void tapset_check_includes(struct stp_parse_ctx *ctx,
			   const struct stp_vec *dirs, const char *arch,
			   struct stp_vec *broken)
{
	struct stp_vec files = { 0 };
	size_t i;

	tapset_list_files(dirs, arch, ".stp", &files);
	for (i = 0; i < files.len; i++) {
		char *path = files.items[i];
		int errors = ctx->diag->errors;
		struct stp_source *src = stp_source_from_file(ctx, path);

		if (src) {
			src->is_tapset = 1;
			(void)stp_parse(ctx, src);
		}
		if (ctx->diag->errors == errors) {
			free(path);
			continue;
		}
		/* its errors are shown, but only the warning counts */
		ctx->diag->errors = errors;
		stp_diag_report(ctx->diag, STP_SEV_WARNING, NULL, NULL, NULL,
				STP_TAPSET_SKIPPED, path);
		stp_vec_push(broken, path);
	}
	stp_vec_free(&files);
}
