/* SPDX-License-Identifier: GPL-2.0-or-later */
/* script-key.h - the module cache key of a script, known after pass 2.
 *
 * A digest of everything pass 3 generates the C source from: every source
 * the session loaded (the script, macro libraries, tapsets), the script's
 * arguments, the options that change translation (-g -u -m -D -s), and
 * the translator itself.  translator/kbuild.c adds the kernel, the
 * runtime and the defines, so a hit on this key skips passes 3 and 4. */
#ifndef STP_SCRIPT_KEY_H
#define STP_SCRIPT_KEY_H

#include "options.h"
#include "parse.h"

/* hex gets 64 hex digits and a NUL.  0, or -1 if the translator's own
 * executable cannot be examined (errno set). */
int stp_script_key(const struct stp_parse_ctx *ctx,
		   const struct stap_options *o, char hex[65]);

#endif
