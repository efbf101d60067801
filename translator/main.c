/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - stap: the pipeline of passes, as `stap -p N` stops after N.
 *
 *   PASS 1  parse the user script          (parser/)
 *   PASS 2  elaborate                       (elaborate.c, probe-points.c)
 *   PASS 3  translate to C                  (translate.c)
 *   PASS 4  build the module                (kbuild.c)
 *   PASS 5  run it                          (pass5.c: staprun, or --vm)
 *
 * After pass 2 the script's cache key is known (script-key.c): a module
 * cached under it skips passes 3 and 4.
 *
 * SIGINT, SIGTERM and SIGHUP stop stap in every pass (interrupt.c):
 * at once in passes 1-3, after stopping the build and removing its temp
 * dirs in pass 4 (status 1); pass 5 passes them to staprun.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "elaborate.h"
#include "interrupt.h"
#include "kbuild.h"
#include "kernel-env.h"
#include "options.h"
#include "parse.h"
#include "pass-clock.h"
#include "pass5.h"
#include "paths.h"
#include "print.h"
#include "script-key.h"
#include "tapset-check.h"
#include "tapset-macros.h"
#include "translate.h"
#include "version.h"

/* Everything one run of stap holds; released by session_free(). */
struct session {
	const struct stap_options *o;
	struct stp_arena arena;
	struct stp_diag diag;
	struct kernel_env kenv;
	struct stp_pp_env env;
	struct stp_parse_ctx ctx;
	struct stp_resolver resolver;
	int have_resolver;
	struct stp_elab_req elab;
	struct stp_program prog;
	const struct stp_file *user;
	char *tapset_dir;		/* the default tapsets, or NULL */
	char *runtime_dir;
	struct stp_vec tapset_dirs;	/* -I dirs, then tapset_dir */
	struct stp_vec broken_tapsets;	/* -I files that do not parse */
	struct stp_vec defines;		/* -D, then -s's */
	char *buffer_define;
	char module_name[64];
	char key[65];
	char *ko_path;
	char *c_source;
	struct stp_line_map c_lines;	/* c_source's line -> script place */
};

static void session_init(struct session *s, const struct stap_options *o)
{
	memset(s, 0, sizeof(*s));
	s->o = o;
	stp_arena_init(&s->arena);
	stp_diag_init(&s->diag, stderr);
	s->diag.no_warnings = o->no_warnings;
	kernel_env_init(&s->kenv, o->kernel_release);
	s->env.kernel_v = s->kenv.version;
	s->env.kernel_vr = s->kenv.release;
	s->env.arch = s->kenv.arch;
	s->env.runtime = "kernel";
	s->env.systemtap_v = o->compatible ? o->compatible :
					     STP_LANGUAGE_VERSION;
	s->env.privilege = o->privilege ? o->privilege : "stapdev";
	s->env.guru_mode = o->guru;
	s->env.config = (const char *const *)s->kenv.config.items;
	s->env.args = o->args;
	s->env.nargs = o->nargs;
	s->ctx.arena = &s->arena;
	s->ctx.diag = &s->diag;
	s->ctx.env = &s->env;
}

static void session_free(struct session *s)
{
	size_t i;

	stp_program_free(&s->prog);
	if (s->have_resolver)
		stp_resolver_free(&s->resolver);
	stp_vec_free(&s->tapset_dirs);
	for (i = 0; i < s->broken_tapsets.len; i++)
		free(s->broken_tapsets.items[i]);
	stp_vec_free(&s->broken_tapsets);
	stp_vec_free(&s->defines);
	free(s->tapset_dir);
	free(s->runtime_dir);
	free(s->buffer_define);
	free(s->ko_path);
	free(s->c_source);
	stp_line_map_free(&s->c_lines);
	kernel_env_free(&s->kenv);
	stp_arena_free(&s->arena);
}

/* -W: warnings fail the run (unless -w dropped them). */
static int failed(struct session *s)
{
	if (s->o->warnings_are_errors && s->diag.warnings &&
	    !s->o->no_warnings) {
		s->diag.errors += s->diag.warnings;
		s->diag.warnings = 0;
	}
	return s->diag.errors > 0;
}

static void pass_failed(struct session *s, int pass, const char *what)
{
	fprintf(stderr, "Pass %d: %s failed (%d error%s).\n", pass, what,
		s->diag.errors, s->diag.errors == 1 ? "" : "s");
}

/* The target is the kernel this machine runs: /proc/kallsyms applies. */
static int target_is_running(const struct session *s)
{
	struct utsname u;

	return !s->o->vm && uname(&u) == 0 && s->kenv.release &&
	       !strcmp(u.release, s->kenv.release);
}

/*
 * -T SECS, SystemTap's way: a probe the script did not write, parsed
 * from its own source "<timeout>" and appended to the script, so that
 * -p2 lists it and the module cache key covers it.
 */
static int add_timeout_probe(struct session *s, struct stp_file *user)
{
	char text[80];
	struct stp_source *src;
	struct stp_file *f;

	snprintf(text, sizeof(text), "probe timer.ms(%ld) { exit() }\n",
		 s->o->timeout_s * 1000);
	src = stp_source_from_string(&s->ctx, "<timeout>", text);
	f = stp_parse(&s->ctx, src);
	if (failed(s) || !f->decls)
		return -1;
	*user->tail = f->decls;
	user->tail = f->tail;
	return 0;
}

static int pass1(struct session *s)
{
	const struct stap_options *o = s->o;
	struct stp_source *src;
	struct stp_file *file = NULL;
	struct pass_clock clock;

	pass_clock_start(&clock);
	tapset_load_macros(&s->ctx, &o->include_dirs, s->kenv.arch);
	tapset_check_includes(&s->ctx, &o->include_dirs, s->kenv.arch,
			      &s->broken_tapsets);
	if (o->list_pattern)
		return 0;	/* -l/-L: a probe point, no script */
	src = o->script_text ? stp_source_from_string(&s->ctx, "<input>",
						      o->script_text)
			     : stp_source_from_file(&s->ctx, o->script_file);
	if (src) {
		file = stp_parse(&s->ctx, src);
		if (!s->diag.errors && !file->decls)
			stp_diag_report(&s->diag, STP_SEV_ERROR, NULL, NULL,
					NULL, STP_EMPTY_SCRIPT, src->name);
	}
	if (o->verbose)
		pass_clock_report(&clock, 1, "parsed user script");
	if (failed(s)) {
		pass_failed(s, 1, "parse");
		return -1;
	}
	if (o->last_pass == 1) {
		s->user = file;
		stp_print_file(stdout, file);
		return fflush(stdout) ? -1 : 1;
	}
	if (o->timeout_s && add_timeout_probe(s, file)) {
		pass_failed(s, 1, "parse");
		return -1;
	}
	s->user = file;
	return 0;
}

static void setup_pass2(struct session *s)
{
	const struct stap_options *o = s->o;
	size_t i;

	for (i = 0; i < o->include_dirs.len; i++)
		stp_vec_push(&s->tapset_dirs, o->include_dirs.items[i]);
	s->tapset_dir = stp_tapset_dir();
	if (s->tapset_dir)
		stp_vec_push(&s->tapset_dirs, s->tapset_dir);
	stp_resolver_init(&s->resolver, &s->arena, &s->diag,
			  s->kenv.release, s->kenv.arch, target_is_running(s));
	s->have_resolver = 1;
	s->elab.ctx = &s->ctx;
	s->elab.user = s->user;
	s->elab.tapset_dirs = (const char *const *)s->tapset_dirs.items;
	s->elab.ntapset_dirs = (int)s->tapset_dirs.len;
	s->elab.skip_tapsets = &s->broken_tapsets;
	s->elab.resolver = &s->resolver;
	s->elab.guru = o->guru;
	s->elab.unoptimized = o->unoptimized;
	s->elab.listing = o->list_pattern != NULL;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* -G NAME=VALUE names a scalar global of the script, and a number
 * for a long one: checked here, before anything is built.  A tapset's
 * private global is not the script's, and a global named like one of
 * the runtime's own parameters (_stp_target) would set the runtime's:
 * neither has a module parameter. */
static void check_G(struct session *s)
{
	size_t i, j;

	for (i = 0; i < s->o->globals.len; i++) {
		const char *g = s->o->globals.items[i];
		const char *eq = strchr(g, '=');
		const struct stp_var *v = NULL;
		char name[256];
		char *end;

		snprintf(name, sizeof(name), "%.*s", (int)(eq - g), g);
		for (j = 0; j < s->prog.globals.len && !v; j++) {
			const struct stp_var *c = s->prog.globals.items[j];

			if (!strcmp(c->name, name) &&
			    stp_global_has_param(c))
				v = c;
		}
		if (!v) {
			stp_diag_report(&s->diag, STP_SEV_ERROR, NULL, NULL,
					NULL, STP_G_UNKNOWN, g, name);
		} else if (v->nkeys || v->type == STP_V_STATS) {
			stp_diag_report(&s->diag, STP_SEV_ERROR, NULL, NULL,
					NULL, STP_G_NOT_SCALAR, g, name);
		} else if (v->type == STP_V_LONG) {
			errno = 0;
			(void)strtoll(eq + 1, &end, 0);
			if (!eq[1] || *end || errno)
				stp_diag_report(&s->diag, STP_SEV_ERROR, NULL,
						NULL, NULL, STP_G_NOT_NUMBER, g,
						name, eq + 1);
		}
	}
}

static int pass2(struct session *s)
{
	struct pass_clock clock;
	char what[256];
	int r;

	pass_clock_start(&clock);
	setup_pass2(s);
	if (s->o->list_pattern) {
		r = stp_list_probes(&s->elab, s->o->list_pattern,
				    s->o->list_vars, stdout);
		if (r < 0 || failed(s)) {
			pass_failed(s, 2, "analysis");
			return -1;
		}
		return fflush(stdout) ? -1 : 1;
	}
	r = stp_elaborate(&s->elab, &s->prog);
	if (r == 0)
		check_G(s);
	if (s->o->verbose) {
		snprintf(what, sizeof(what),
			 "analyzed script: %zu %s, %zu %s, %zu %s, %zu %s",
			 s->prog.probes.len,
			 plural(s->prog.probes.len, "probe", "probes"),
			 s->prog.functions.len,
			 plural(s->prog.functions.len, "function",
				"functions"),
			 s->prog.embedded.len,
			 plural(s->prog.embedded.len, "embed", "embeds"),
			 s->prog.globals.len,
			 plural(s->prog.globals.len, "global", "globals"));
		pass_clock_report(&clock, 2, what);
	}
	if (r < 0 || failed(s)) {
		pass_failed(s, 2, "analysis");
		return -1;
	}
	if (s->o->last_pass == 2) {
		stp_print_program(stdout, &s->prog, s->o->verbose);
		return fflush(stdout) ? -1 : 1;
	}
	return 0;
}

/* What runs killed by SIGKILL left in the temp dir (their build
 * processes are gone already: their watcher killed them).  Every run
 * that may build does it first. */
static void reap_tmp(void)
{
	struct stp_kbuild_req req;

	memset(&req, 0, sizeof(req));	/* the temp parent: $TMPDIR */
	stp_kbuild_reap_tmp(&req);
}

/* The kbuild request shared by the cache lookup and the build. */
static void kbuild_req(struct session *s, struct stp_kbuild_req *req)
{
	memset(req, 0, sizeof(*req));
	req->build_dir = s->kenv.build_dir;
	req->kernel_release = s->kenv.release;
	req->module_name = s->module_name;
	req->source = s->c_source;
	req->script_key = s->key;
	req->defines = (const char *const *)s->defines.items;
	req->runtime_dir = s->runtime_dir;
	req->keep_tmp = s->o->keep_tmp;
	req->verbose = s->o->verbose > 2;
	req->no_cache = s->o->no_cache;
}

static int setup_build(struct session *s)
{
	const struct stap_options *o = s->o;
	size_t i;

	if (stp_script_key(&s->ctx, o, s->key) < 0) {
		stp_diag_stderr(NULL, STP_SCRIPT_KEY, strerror(errno));
		return -1;
	}
	if (o->module_name)
		snprintf(s->module_name, sizeof(s->module_name), "%s",
			 o->module_name);
	else
		snprintf(s->module_name, sizeof(s->module_name),
			 "stap_%.16s", s->key);
	for (i = 0; i < o->defines.len; i++)
		stp_vec_push(&s->defines, o->defines.items[i]);
	if (o->buffer_mb) {
		s->buffer_define = stp_xasprintf("STP_BUFFER_KB=%d",
						 o->buffer_mb * 1024);
		stp_vec_push(&s->defines, s->buffer_define);
	}
	stp_vec_push(&s->defines, NULL);
	s->runtime_dir = stp_runtime_dir();
	if (!s->runtime_dir) {
		stp_diag_stderr(NULL, STP_NO_RUNTIME);
		return -1;
	}
	return 0;
}

/* A cached module for this script: pass 3 and 4 are skipped. */
static int cache_lookup(struct session *s)
{
	struct stp_kbuild_req req;
	char *err = NULL;
	int r;

	if (s->o->no_cache || s->o->last_pass < 4 || !s->kenv.build_dir)
		return 0;
	kbuild_req(s, &req);
	r = stp_kbuild_lookup(&req, &s->ko_path, &err);
	if (r < 0) {
		/* not fatal: pass 4 reports a broken setup properly */
		free(err);
		return 0;
	}
	if (r == 1 && s->o->verbose)
		fprintf(stderr, "Pass 3: using cached %s\n"
			"Pass 4: using cached %s\n", s->ko_path, s->ko_path);
	return r;
}

static int pass3(struct session *s)
{
	struct stp_translate_opts topts;
	struct pass_clock clock;

	pass_clock_start(&clock);
	memset(&topts, 0, sizeof(topts));
	topts.module_name = s->module_name;
	topts.script_name = s->o->script_file ? s->o->script_file :
						"<input>";
	topts.guru = s->o->guru;
	topts.defines = (const char *const *)s->defines.items;
	if (stp_refusals_report(&s->prog, &s->diag)) {
		pass_failed(s, 3, "translation");
		return -1;
	}
	s->c_source = stp_translate(&s->prog, &topts, &s->diag,
				    &s->c_lines);
	if (s->o->verbose)
		pass_clock_report(&clock, 3, "translated to C");
	if (!s->c_source || failed(s)) {
		pass_failed(s, 3, "translation");
		return -1;
	}
	if (s->o->last_pass == 3) {
		fputs(s->c_source, stdout);
		return fflush(stdout) ? -1 : 1;
	}
	return 0;
}

/* -m NAME: SystemTap leaves NAME.ko in the current directory. */
static int copy_to_cwd(const char *ko, const char *name)
{
	char dst[128];
	char buf[65536];
	FILE *in, *out;
	size_t n;
	int bad = 0;

	snprintf(dst, sizeof(dst), "%s.ko", name);
	in = fopen(ko, "rb");
	if (!in)
		return -1;
	out = fopen(dst, "wb");
	if (!out) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			bad = 1;
	if (ferror(in))
		bad = 1;
	fclose(in);
	if (fclose(out) || bad) {
		unlink(dst);
		return -1;
	}
	return 0;
}

/* kbuild's messages start "pass 4: ", which the code of the error says */
static const char *without_pass_prefix(const char *msg)
{
	return strncmp(msg, "pass 4: ", 8) ? msg : msg + 8;
}

static int pass4(struct session *s)
{
	struct stp_kbuild_req req;
	struct stp_kbuild_result res;
	struct pass_clock clock;
	char what[600];
	int r;

	pass_clock_start(&clock);
	if (!s->kenv.build_dir) {
		stp_diag_stderr(NULL, STP_NO_BUILD_TREE, s->kenv.release,
				s->kenv.release);
		return -1;
	}
	kbuild_req(s, &req);
	r = stp_kbuild_module(&req, &res);
	if (r < 0 && res.interrupted) {
		fprintf(stderr, "Pass 4: interrupted by SIG%s.\n",
			sigabbrev_np(stp_interrupted()));
		stp_kbuild_result_free(&res);
		return -1;
	}
	if (r < 0) {
		/* A valid script that does not compile is our bug: say where,
		 * not a wall of gcc output. */
		struct stp_c_place at;
		int embedded = 0;

		stp_diag_stderr(NULL, res.compile_failed ? STP_BUILD_FAILED :
				STP_BUILD_SETUP, without_pass_prefix(res.message));
		if (res.err_line > 0 && res.err_file &&
		    strstr(res.err_file, "_src.c") &&
		    stp_line_map_find(&s->c_lines, (unsigned)res.err_line,
				      &at)) {
			fprintf(stderr, "  while compiling the code of %s:%u\n",
				at.file, at.line);
			embedded = at.embedded;
		}
		if (res.tmp_dir && res.tmp_kept)
			fprintf(stderr, "  build directory kept: %s\n",
				res.tmp_dir);
		if (!res.compile_failed)
			fprintf(stderr, "Pass 4: build set-up failed.\n");
		else if (embedded)
			fprintf(stderr, "Pass 4: compilation failed in the "
				"script's embedded C code.\n");
		else
			fprintf(stderr, "Pass 4: compilation failed.  This is "
				"a bug in stapc, not in your script: please "
				"report it with the build log.\n");
		stp_kbuild_result_free(&res);
		return -1;
	}
	if (s->o->keep_tmp && res.tmp_dir)
		fprintf(stderr, "Keeping temporary directory \"%s\"\n",
			res.tmp_dir);
	s->ko_path = res.ko_path;
	res.ko_path = NULL;
	if (s->o->verbose) {
		snprintf(what, sizeof(what), "compiled C into \"%s.ko\"%s",
			 s->module_name, res.cache_hit ? " (cached)" : "");
		pass_clock_report(&clock, 4, what);
	}
	stp_kbuild_result_free(&res);
	return 0;
}

static int run(const struct stap_options *o)
{
	struct session s;
	int r, status = 1;

	session_init(&s, o);
	if (o->last_pass >= 4 && !o->list_pattern)
		reap_tmp();
	r = pass1(&s);
	if (r != 0) {
		status = r < 0;
		goto out;
	}
	r = pass2(&s);
	if (r != 0) {
		status = r < 0;
		goto out;
	}
	if (setup_build(&s) < 0)
		goto out;
	r = cache_lookup(&s);
	if (r == 0) {
		r = pass3(&s);
		if (r != 0) {
			status = r < 0;
			goto out;
		}
	}
	/* temp dirs and a build from here: a signal must unwind */
	stp_interrupt_defer(1);
	if (r == 0 && pass4(&s) < 0) {
		stp_interrupt_defer(0);
		goto out;
	}
	if (o->module_name && copy_to_cwd(s.ko_path, s.module_name) < 0) {
		stp_diag_stderr(NULL, STP_COPY_MODULE, s.module_name,
				strerror(errno));
		stp_interrupt_defer(0);
		goto out;
	}
	stp_interrupt_defer(0);
	if (stp_interrupted()) {
		fprintf(stderr, "stap: interrupted by SIG%s\n",
			sigabbrev_np(stp_interrupted()));
		goto out;
	}
	if (o->last_pass == 4) {
		if (o->module_name)
			printf("%s.ko\n", s.module_name);
		else
			printf("%s\n", s.ko_path);
		status = fflush(stdout) ? 1 : 0;
		goto out;
	}
	status = stp_pass5(o, s.ko_path, s.kenv.release);
out:
	session_free(&s);
	return status;
}

int main(int argc, char **argv)
{
	struct stap_options o;
	int status;

	stp_interrupt_install();
	status = stap_parse_options(&o, argc, argv);

	if (status == 0)
		status = run(&o);
	else if (status < 0)
		status = 0;
	stap_options_free(&o);
	return status;
}
