/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pass5.h - pass 5: run a built module, here (staprun) or in a VM. */
#ifndef STP_PASS5_H
#define STP_PASS5_H

#include "options.h"

/* Run MODULE.ko for the target kernel `kver` as the options say (-G, -o,
 * -c, -x, -v, --vm).  Returns the script's exit status (0 ok, 1 error). */
int stp_pass5(const struct stap_options *o, const char *ko,
	      const char *kver);

#endif
