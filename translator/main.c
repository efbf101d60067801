/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - stap: the pipeline of passes, as `stap -p N` stops after N.
 *
 *   PASS 1  parse the user script          (parser/)
 *   PASS 2  elaborate                       not in this version
 *   PASS 3  translate to C                  not in this version
 *   PASS 4  build the module                not in this version
 *   PASS 5  run it                          not in this version
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>

#include "kernel-env.h"
#include "options.h"
#include "parse.h"
#include "print.h"
#include "tapset-macros.h"
#include "version.h"

struct pass_clock {
	struct timeval real;
	struct rusage usage;
};

static void clock_start(struct pass_clock *c)
{
	gettimeofday(&c->real, NULL);
	getrusage(RUSAGE_SELF, &c->usage);
}

static long ms_between(const struct timeval *a, const struct timeval *b)
{
	return (b->tv_sec - a->tv_sec) * 1000L +
	       (b->tv_usec - a->tv_usec) / 1000L;
}

/* SystemTap's shape: "Pass 1: parsed user script ... in Nusr/Nsys/Nreal ms." */
static void clock_report(const struct pass_clock *c, const char *what)
{
	struct pass_clock now;

	clock_start(&now);
	fprintf(stderr,
		"Pass 1: %s using %ldmaxrss kb, in %ldusr/%ldsys/%ldreal ms.\n",
		what, now.usage.ru_maxrss,
		ms_between(&c->usage.ru_utime, &now.usage.ru_utime),
		ms_between(&c->usage.ru_stime, &now.usage.ru_stime),
		ms_between(&c->real, &now.real));
}

static int run(const struct stap_options *o)
{
	struct stp_arena arena;
	struct stp_diag diag;
	struct kernel_env kenv;
	struct stp_pp_env env;
	struct stp_parse_ctx ctx;
	struct stp_source *src;
	struct stp_file *file = NULL;
	struct pass_clock clock;
	int status;

	stp_arena_init(&arena);
	stp_diag_init(&diag, stderr);
	diag.no_warnings = o->no_warnings;
	kernel_env_init(&kenv, o->kernel_release);
	memset(&env, 0, sizeof(env));
	env.kernel_v = kenv.version;
	env.kernel_vr = kenv.release;
	env.arch = kenv.arch;
	env.runtime = "kernel";
	env.systemtap_v = o->compatible ? o->compatible : STP_LANGUAGE_VERSION;
	env.privilege = o->privilege ? o->privilege : "stapdev";
	env.guru_mode = o->guru;
	env.config = (const char *const *)kenv.config.items;
	env.args = o->args;
	env.nargs = o->nargs;
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = &arena;
	ctx.diag = &diag;
	ctx.env = &env;

	/* PASS 1: PARSING USER SCRIPT (after the library macros) */
	clock_start(&clock);
	tapset_load_macros(&ctx, &o->include_dirs, kenv.arch);
	src = o->script_text ? stp_source_from_string(&ctx, "<input>",
						      o->script_text)
			     : stp_source_from_file(&ctx, o->script_file);
	if (src) {
		file = stp_parse(&ctx, src);
		if (!diag.errors && !file->decls)
			stp_diag_report(&diag, STP_SEV_ERROR, NULL, NULL, NULL,
					STP_EMPTY_SCRIPT, src->name);
	}
	if (o->verbose)
		clock_report(&clock, "parsed user script");
	/* -W: warnings fail the run (unless -w dropped them) */
	if (o->warnings_are_errors && diag.warnings && !o->no_warnings)
		diag.errors += diag.warnings;

	if (diag.errors) {
		fprintf(stderr, "Pass 1: parse failed (%d error%s).\n",
			diag.errors, diag.errors == 1 ? "" : "s");
		status = 1;
	} else if (o->last_pass == 1) {
		stp_print_file(stdout, file);
		status = fflush(stdout) ? 1 : 0;
	} else {
		stp_diag_report(&diag, STP_SEV_ERROR, NULL, NULL,
				"this version stops after parsing: use -p1",
				STP_PASS_NOT_IMPLEMENTED,
				o->last_pass == 2 ? "pass 2 (elaborate)" :
				o->last_pass == 3 ? "pass 3 (translate)" :
				o->last_pass == 4 ? "pass 4 (build)" :
						    "pass 5 (run)");
		status = 1;
	}
	kernel_env_free(&kenv);
	stp_arena_free(&arena);
	return status;
}

int main(int argc, char **argv)
{
	struct stap_options o;
	int status = stap_parse_options(&o, argc, argv);

	if (status == 0)
		status = run(&o);
	else if (status < 0)
		status = 0;
	stap_options_free(&o);
	return status;
}
