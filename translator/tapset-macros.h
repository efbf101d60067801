/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tapset-macros.h - loading the library macros (*.stpm) of tapset
 * directories, which every script may use (as in SystemTap). */
#ifndef STP_TAPSET_MACROS_H
#define STP_TAPSET_MACROS_H

#include "parse.h"

/* Load the *.stpm files of each directory DIR, DIR/ARCH, DIR/linux and
 * DIR/linux/ARCH, each in name order. */
void tapset_load_macros(struct stp_parse_ctx *ctx, const struct stp_vec *dirs,
			const char *arch);

#endif
