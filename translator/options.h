/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.h - stap's command line, SystemTap-compatible. */
#ifndef STP_OPTIONS_H
#define STP_OPTIONS_H

#include "arena.h"

struct stap_options {
	int last_pass;			/* -p N: stop after pass N (default 5) */
	const char *script_text;	/* -e SCRIPT */
	const char *script_file;	/* FILE or "-" */
	const char *const *args;	/* script arguments ($1 ...) */
	int nargs;
	struct stp_vec include_dirs;	/* -I DIR */
	struct stp_vec defines;		/* -D NAME[=VALUE] */
	const char *kernel_release;	/* -r KVER */
	const char *module_name;	/* -m NAME */
	const char *compatible;		/* --compatible=VERSION */
	const char *privilege;		/* --privilege=... */
	int verbose;			/* -v count */
	int keep_tmp;			/* -k */
	int guru;			/* -g */
	int no_warnings;		/* -w */
	int warnings_are_errors;	/* -W */
	int unoptimized;		/* -u */
	const char *list_pattern;	/* -l PROBE or -L PROBE */
	int list_vars;			/* -L */
	struct stp_vec globals;		/* -G NAME=VALUE */
	const char *output_file;	/* -o FILE */
	const char *target_cmd;		/* -c CMD */
	const char *target_pid;		/* -x PID */
	int buffer_mb;			/* -s MB: each CPU's buffer */
	long timeout_s;			/* -T SECS: 0, or end after SECS */
	int vm;				/* --vm: run pass 5 in qemu */
	int no_cache;			/* --disable-cache */
};

/* Returns 0 to go on, or an exit status (after --help, -V, or an error
 * that has been printed). */
int stap_parse_options(struct stap_options *o, int argc, char **argv);
void stap_options_free(struct stap_options *o);

#endif
