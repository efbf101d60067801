/* kbuild.h - pass 4: build a generated C source into a kernel module with
 * kbuild, with a content-addressed cache of modules and of the runtime's
 * objects.  See doc/internals/kbuild.md. */
#ifndef STP_KBUILD_H
#define STP_KBUILD_H

#include <stdbool.h>

struct stp_kbuild_req {
	/* Kernel build tree, e.g. /lib/modules/KVER/build.  NULL: derived
	 * from kernel_release. */
	const char *build_dir;
	/* KVER.  NULL: read from BUILD/include/generated/utsrelease.h.
	 * At least one of build_dir and kernel_release must be set. */
	const char *kernel_release;
	/* Module name: [A-Za-z_][A-Za-z0-9_]*, at most 55 characters. */
	const char *module_name;
	/* The generated C source (NUL-terminated).  It is compiled as
	 * NAME_src.c; the runtime's headers are on its include path. */
	const char *source;
	/* Optional: a digest of everything the source is generated from
	 * (script, tapsets, translator options, translator version).  When
	 * set, it replaces the source in the module's cache key, so that
	 * stp_kbuild_lookup() finds a cached module before the source is
	 * generated (a hit skips pass 3).  source may then be NULL for a
	 * lookup. */
	const char *script_key;
	/* NULL-terminated list of "NAME" or "NAME=VALUE" (-D), or NULL.
	 * They apply to the script and to the runtime units. */
	const char *const *defines;
	/* Runtime directory (runtime/): its *.c units are compiled once per
	 * (kernel, runtime content, defines) and linked into the module; its
	 * *.h are on the include path.  NULL: no runtime. */
	const char *runtime_dir;
	/* Cache directory.  NULL: $HOME/.cache/stapc/KVER. */
	const char *cache_dir;
	/* Parent of the private temp dir.  NULL: $TMPDIR, else /tmp. */
	const char *tmp_parent;
	bool keep_tmp;		/* do not remove the temp dir */
	bool verbose;		/* V=1, and copy make's output to stderr */
	bool no_cache;		/* always run make (the result is still cached) */
};

struct stp_kbuild_result {
	char *ko_path;		/* the module, in the cache (success only) */
	bool cache_hit;		/* module came from the cache, make not run */
	bool runtime_built;	/* the runtime objects were built this time */
	int make_runs;		/* make invocations (0 on a hit) */
	double seconds;		/* wall time of the whole call */
	char *tmp_dir;		/* temp dir used (NULL on a hit) */
	bool tmp_kept;		/* tmp_dir still exists */
	/* Failure: */
	bool interrupted;	/* stap got SIGINT/SIGTERM/SIGHUP (interrupt.h) */
	bool compile_failed;	/* make ran and failed (vs a setup error) */
	char *message;		/* one or two lines, no trailing newline */
	char *log_path;		/* where make's output was kept, or NULL */
	char *err_file;		/* first compiler error: file as in the log */
	int err_line;		/* its line (0 if unknown) */
	int err_col;		/* its column (0 if unknown) */
	char *err_text;		/* the whole first error line */
};

/* 0 on success (res->ko_path set), -1 on failure (res->message set).
 * res is overwritten; release it with stp_kbuild_result_free. */
int stp_kbuild_module(const struct stp_kbuild_req *req,
		      struct stp_kbuild_result *res);
void stp_kbuild_result_free(struct stp_kbuild_result *res);

/* Removes the temp dirs under the request's temp parent that runs killed
 * by SIGKILL left behind (never a live run's: owned-tmpdir.h). */
void stp_kbuild_reap_tmp(const struct stp_kbuild_req *req);

/* A cached module for the request (script_key set), without building:
 * 1 with *ko_path (malloc'd) on a hit, 0 on a miss, -1 with *err. */
int stp_kbuild_lookup(const struct stp_kbuild_req *req, char **ko_path,
		      char **err);

/* The cache key of a request (64 hex digits + NUL), without building.
 * 0 on success, -1 with *err set (malloc'd) on failure. */
int stp_kbuild_key(const struct stp_kbuild_req *req, char hex[65], char **err);

/* Parse the first compiler error out of a build log.  Returns 1 if a line
 * was found (outputs malloc'd), 0 if none, -1 on allocation failure. */
int stp_kbuild_first_error(const char *log, char **file, int *line, int *col,
			   char **text);

#endif
