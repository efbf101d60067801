// SPDX-License-Identifier: GPL-2.0-or-later
/* staprun.c - staprun's main: run a stapc module here (session.c) or in
 * a qemu VM (--vm, vm.c). */
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "session.h"
#include "vm.h"

int main(int argc, char **argv)
{
	struct staprun_opts o;
	char err[512];

	if (staprun_parse_options(argc, argv, &o, err, sizeof(err))) {
		fprintf(stderr, "staprun: %s\n%s", err, staprun_usage);
		return 1;
	}
	if (o.help) {
		fputs(staprun_usage, stdout);
		return 0;
	}
	if (o.vm) {
		struct stp_vm_opts v;

		memset(&v, 0, sizeof(v));
		v.ko = o.module;
		v.kernel_release = o.kernel_release;
		v.params = o.params;
		v.nparams = o.nparams;
		v.command = o.command;
		v.outfile = o.outfile;
		v.verbose = o.verbose;
		v.suppress_warnings = o.suppress_warnings;
		v.timeout = o.vm_timeout;
		return stp_vm_run(&v);
	}
	return stp_session_run(&o);
}
