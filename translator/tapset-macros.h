/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tapset-macros.h - the files of tapset directories, and loading their
 * library macros (*.stpm), which every script may use (as in SystemTap). */
#ifndef STP_TAPSET_MACROS_H
#define STP_TAPSET_MACROS_H

#include "parse.h"

/* Append to files (malloc'd paths, the caller frees them) the files
 * named *EXT of each directory DIR, DIR/ARCH, DIR/linux and
 * DIR/linux/ARCH, each directory's in name order. */
void tapset_list_files(const struct stp_vec *dirs, const char *arch,
		       const char *ext, struct stp_vec *files);

/* Load the *.stpm files of each directory DIR, DIR/ARCH, DIR/linux and
 * DIR/linux/ARCH, each in name order. */
void tapset_load_macros(struct stp_parse_ctx *ctx, const struct stp_vec *dirs,
			const char *arch);

#endif
