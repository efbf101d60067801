/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.h - staprun's command line, parsed into a struct (no side
 * effects, so the host tests can run every case). */
#ifndef _STAPRUN_OPTIONS_H_
#define _STAPRUN_OPTIONS_H_

#include <stddef.h>

struct staprun_opts {
	int verbose;		/* -v, counted */
	int suppress_warnings;	/* -w */
	const char *outfile;	/* -o FILE */
	const char *command;	/* -c CMD */
	long target_pid;	/* -x PID (0: none) */
	int vm;			/* --vm */
	const char *kernel_release; /* -r KVER (only with --vm) */
	unsigned vm_timeout;	/* --vm-timeout=SECS (0: none) */
	int help;		/* -h / --help */
	const char *module;	/* MODULE.ko */
	char **params;		/* name=value ..., NULL-terminated view of argv */
	size_t nparams;
};

/* Fills *o from argv.  0 on success; -1 with a message (no "staprun: "
 * prefix, no newline) in err[0..errsize) for a bad command line. */
int staprun_parse_options(int argc, char **argv, struct staprun_opts *o,
			  char *err, size_t errsize);

/* The usage text. */
extern const char staprun_usage[];

#endif /* _STAPRUN_OPTIONS_H_ */
