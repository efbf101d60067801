/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tapset-check.h - pass 1's reading of the tapset files of -I directories,
 * as SystemTap does. */
#ifndef STP_TAPSET_CHECK_H
#define STP_TAPSET_CHECK_H

#include "parse.h"

/* Parse each *.stp of each directory in dirs (and its ARCH, linux and
 * linux/ARCH subdirectories).  A file that does not parse has its errors
 * printed without counting as errors, then warning W405; its path
 * (malloc'd: the caller frees it) is appended to broken, for pass 2 to
 * leave it out. */
void tapset_check_includes(struct stp_parse_ctx *ctx,
			   const struct stp_vec *dirs, const char *arch,
			   struct stp_vec *broken);

#endif
