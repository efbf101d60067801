/* kbuild.c - pass 4: kbuild a generated C source into NAME.ko, with a
 * content-addressed cache.  See kbuild.h and doc/internals/kbuild.md.
 *
 * Layout of the cache directory (default ~/.cache/stapc/KVER):
 *   HEX/NAME.ko            a built module (HEX = SHA-256 cache key)
 *   runtime/RHEX/UNIT.o    the runtime's units, compiled once per
 *                          (kernel, runtime content, defines)
 *   logs/NAME.log          make's output of the last failed build of NAME
 * Everything is written under a temporary name and renamed into place, so
 * concurrent stapc runs, and the runs after one that was killed, never
 * see a partial file.  make runs under a watcher (run-group.c) that
 * kills all of the build when stap is interrupted or dies; the temp
 * dirs are owned (owned-tmpdir.c): a killed run's are removed by the
 * next one. */
#define _GNU_SOURCE
#include "kbuild.h"
#include "interrupt.h"
#include "run-group.h"
#include "sha256.h"
#include "stputil.h"
#include "../staprun/owned-tmpdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOG_NAME "build.log"
#define DEFINES_H "stapc_defines.h"
#define RT_PREFIX "stprt_"

/* ---- small helpers ------------------------------------------------------- */

/* Set *msg (if not yet set) and return -1. */
static int fail(char **msg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(char **msg, const char *fmt, ...)
{
	va_list ap;

	if (*msg)
		return -1;
	va_start(ap, fmt);
	*msg = stp_xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int copy_file(const char *src, const char *dst)
{
	char *buf;
	size_t n;
	int r;

	if (stp_read_file(src, &buf, &n) < 0)
		return -1;
	r = stp_write_file(dst, buf, n);
	free(buf);
	return r;
}

/* Copy src to dst atomically: DST.tmpXXXXXX then rename. */
static int install_file(const char *src, const char *dst)
{
	char *tmp = stp_xasprintf("%s.tmpXXXXXX", dst);
	char *buf = NULL;
	size_t n;
	int fd = -1, e;

	if (stp_read_file(src, &buf, &n) < 0)
		goto err;
	fd = mkstemp(tmp);
	if (fd < 0)
		goto err;
	if (stp_write_all(fd, buf, n) < 0 || fchmod(fd, 0644) < 0)
		goto err_unlink;
	e = close(fd);
	fd = -1;
	if (e < 0 || rename(tmp, dst) < 0)
		goto err_unlink;
	free(buf);
	free(tmp);
	return 0;
err_unlink:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
err:
	e = errno;
	free(buf);
	free(tmp);
	errno = e;
	return -1;
}

static int rm_cb(const char *path, const struct stat *sb, int flag,
		 struct FTW *ftw)
{
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

static int rm_rf(const char *path)
{
	return nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

static bool valid_name(const char *s)
{
	size_t i;

	if (!s || !*s || strlen(s) > 55)
		return false;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || (i && c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* kbuild's M= and make itself cannot cope with these in a path. */
static bool kbuild_safe_path(const char *s)
{
	return !strpbrk(s, " \t\n:#$%\\=\"'");
}

/* ---- the runtime's files ------------------------------------------------- */

struct rt_file {
	char *name;		/* e.g. map.c */
	char *data;
	size_t len;
};

struct runtime {
	struct rt_file *f;
	size_t n;
	size_t nunits;		/* how many of f are *.c */
};

static void runtime_free(struct runtime *rt)
{
	size_t i;

	for (i = 0; i < rt->n; i++) {
		free(rt->f[i].name);
		free(rt->f[i].data);
	}
	free(rt->f);
	rt->f = NULL;
	rt->n = rt->nunits = 0;
}

static int cmp_rt(const void *a, const void *b)
{
	return strcmp(((const struct rt_file *)a)->name,
		      ((const struct rt_file *)b)->name);
}

/* Read the runtime dir's .h and .c files, sorted by name. */
static int runtime_load(const char *dir, struct runtime *rt, char **msg)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;

	memset(rt, 0, sizeof *rt);
	if (!d)
		return fail(msg, "pass 4: cannot open runtime directory %s: %s",
			    dir, strerror(errno));
	while ((errno = 0, de = readdir(d))) {
		const char *nm = de->d_name;
		char *path;

		if (nm[0] == '.' || !(stp_has_suffix(nm, ".c") || stp_has_suffix(nm, ".h")))
			continue;
		if (rt->n == cap) {
			cap = cap ? cap * 2 : 16;
			rt->f = stp_xrealloc(rt->f, cap * sizeof *rt->f);
		}
		path = stp_xasprintf("%s/%s", dir, nm);
		rt->f[rt->n].name = stp_xstrdup(nm);
		if (stp_read_file(path, &rt->f[rt->n].data, &rt->f[rt->n].len) < 0) {
			fail(msg, "pass 4: cannot read %s: %s", path,
			     strerror(errno));
			free(path);
			free(rt->f[rt->n].name);
			goto err;
		}
		free(path);
		if (stp_has_suffix(nm, ".c"))
			rt->nunits++;
		rt->n++;
	}
	if (errno) {
		fail(msg, "pass 4: cannot read runtime directory %s: %s", dir,
		     strerror(errno));
		goto err;
	}
	closedir(d);
	if (rt->n)
		qsort(rt->f, rt->n, sizeof *rt->f, cmp_rt);
	return 0;
err:
	closedir(d);
	runtime_free(rt);
	return -1;
}

/* Write the runtime's files into dir (headers into dir/runtime/, units
 * into dir/ when with_units). */
static int runtime_write(const struct runtime *rt, const char *dir,
			 bool with_units, char **msg)
{
	char *sub = stp_xasprintf("%s/runtime", dir);
	size_t i;

	if (mkdir(sub, 0755) < 0) {
		fail(msg, "pass 4: cannot create %s: %s", sub, strerror(errno));
		free(sub);
		return -1;
	}
	for (i = 0; i < rt->n; i++) {
		bool unit = stp_has_suffix(rt->f[i].name, ".c");
		char *p;

		if (unit && !with_units)
			continue;
		p = unit ? stp_xasprintf("%s/%s", dir, rt->f[i].name)
			 : stp_xasprintf("%s/%s", sub, rt->f[i].name);
		if (stp_write_file(p, rt->f[i].data, rt->f[i].len) < 0) {
			fail(msg, "pass 4: cannot write %s: %s", p,
			     strerror(errno));
			free(p);
			free(sub);
			return -1;
		}
		free(p);
	}
	free(sub);
	return 0;
}

/* ---- hashing -------------------------------------------------------------- */

/* Length-prefixed, so that field boundaries cannot be shifted. */
static void hash_field(struct stp_sha256 *s, const char *tag, const void *p,
		       size_t n)
{
	uint64_t len = n;

	stp_sha256_update(s, tag, strlen(tag) + 1);
	stp_sha256_update(s, &len, sizeof len);
	if (n)
		stp_sha256_update(s, p, n);
}

static void hash_str(struct stp_sha256 *s, const char *tag, const char *str)
{
	hash_field(s, tag, str ? str : "", str ? strlen(str) : 0);
}

static int hash_file_content(struct stp_sha256 *s, const char *tag,
			     const char *path, bool optional, char **msg)
{
	char *buf;
	size_t n;

	if (stp_read_file(path, &buf, &n) < 0) {
		if (optional && errno == ENOENT) {
			hash_str(s, tag, "(absent)");
			return 0;
		}
		return fail(msg, "pass 4: cannot read %s: %s", path,
			    strerror(errno));
	}
	hash_field(s, tag, buf, n);
	free(buf);
	return 0;
}

static void hash_stat(struct stp_sha256 *s, const char *tag, const char *path)
{
	struct stat st;
	char buf[96];

	if (stat(path, &st) < 0)
		snprintf(buf, sizeof buf, "absent");
	else
		snprintf(buf, sizeof buf, "%lld %lld.%09ld",
			 (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			 st.st_mtim.tv_nsec);
	hash_str(s, tag, buf);
}

/* Hash one file of the kernel build tree: its content, or (content false)
 * only its size and time, for files too big to read on every build. */
static int hash_build_file(struct stp_sha256 *s, const char *tag,
			   const char *build, const char *name, bool content,
			   char **msg)
{
	char *p = stp_xasprintf("%s/%s", build, name);
	int r = 0;

	if (content)
		r = hash_file_content(s, tag, p, false, msg);
	else
		hash_stat(s, tag, p);
	free(p);
	return r < 0 ? -1 : 0;
}

/* The kernel's identity: release, realpath of the tree, utsrelease.h and
 * .config (content; .config names the compiler), Module.symvers (stat). */
static int hash_kernel(struct stp_sha256 *s, const char *kver,
		       const char *build, char **msg)
{
	char *rp = realpath(build, NULL);

	if (!rp)
		return fail(msg, "pass 4: kernel build tree %s: %s", build,
			    strerror(errno));
	hash_str(s, "kver", kver);
	hash_str(s, "build", rp);
	free(rp);
	if (hash_build_file(s, "utsrelease", build,
			    "include/generated/utsrelease.h", true, msg) < 0 ||
	    hash_build_file(s, "config", build, ".config", true, msg) < 0 ||
	    hash_build_file(s, "symvers", build, "Module.symvers", false,
			    msg) < 0)
		return -1;
	return 0;
}

static void hash_defines(struct stp_sha256 *s, const char *const *defs)
{
	size_t i;

	for (i = 0; defs && defs[i]; i++)
		hash_str(s, "define", defs[i]);
	hash_str(s, "defines-end", "");
}

static void hash_runtime(struct stp_sha256 *s, const struct runtime *rt)
{
	size_t i;

	for (i = 0; i < rt->n; i++) {
		hash_str(s, "rt-name", rt->f[i].name);
		hash_field(s, "rt-data", rt->f[i].data, rt->f[i].len);
	}
	hash_str(s, "rt-end", "");
}

/* ---- the request, resolved ------------------------------------------------ */

struct job {
	const struct stp_kbuild_req *req;
	char *build;		/* kernel build tree */
	char *kver;
	char *cache;		/* cache dir */
	struct runtime rt;
	bool have_rt;
	char key[STP_SHA256_HEX_LEN + 1];	/* module key */
	char rtkey[STP_SHA256_HEX_LEN + 1];	/* runtime objects key */
	char *defines_h;	/* content of stapc_defines.h */
};

static void job_free(struct job *j)
{
	free(j->build);
	free(j->kver);
	free(j->cache);
	free(j->defines_h);
	runtime_free(&j->rt);
}

/* "6.1.0-57-amd64" out of: #define UTS_RELEASE "6.1.0-57-amd64" */
static char *read_kver(const char *build, char **msg)
{
	char *p = stp_xasprintf("%s/include/generated/utsrelease.h", build);
	char *buf, *q, *e, *v;

	if (stp_read_file(p, &buf, NULL) < 0) {
		fail(msg, "pass 4: cannot read %s: %s (are the kernel headers "
		     "installed?)", p, strerror(errno));
		free(p);
		return NULL;
	}
	q = strstr(buf, "UTS_RELEASE");
	q = q ? strchr(q, '"') : NULL;
	e = q ? strchr(q + 1, '"') : NULL;
	if (!e) {
		fail(msg, "pass 4: no UTS_RELEASE in %s", p);
		free(buf);
		free(p);
		return NULL;
	}
	v = stp_xstrndup(q + 1, (size_t)(e - q - 1));
	free(buf);
	free(p);
	return v;
}

static char *make_defines_h(const char *const *defs, char **msg)
{
	size_t i, cap = 256, n = 0;
	char *b = stp_xmalloc(cap);

	n = (size_t)snprintf(b, cap, "/* -D defines, written by stapc */\n");
	for (i = 0; defs && defs[i]; i++) {
		const char *d = defs[i], *eq = strchr(d, '=');
		size_t nl = eq ? (size_t)(eq - d) : strlen(d);
		size_t need = strlen(d) + 16;
		char *name = stp_xstrndup(d, nl);
		bool ok = valid_name(name) && !strchr(d, '\n');

		free(name);
		if (!ok) {
			free(b);
			fail(msg, "pass 4: invalid define '%s'", d);
			return NULL;
		}
		if (n + need >= cap) {
			cap = (n + need) * 2;
			b = stp_xrealloc(b, cap);
		}
		n += (size_t)snprintf(b + n, cap - n, "#define %.*s %s\n",
				      (int)nl, d, eq ? eq + 1 : "1");
	}
	return b;
}

static int job_init(struct job *j, const struct stp_kbuild_req *req,
		    char **msg)
{
	struct stp_sha256 s;
	uint8_t d[STP_SHA256_LEN];

	memset(j, 0, sizeof *j);
	j->req = req;
	if (!req->module_name || !valid_name(req->module_name))
		return fail(msg, "pass 4: invalid module name '%s'",
			    req->module_name ? req->module_name : "(null)");
	if (!req->source && !req->script_key)
		return fail(msg, "pass 4: no source");
	if (req->build_dir)
		j->build = stp_xstrdup(req->build_dir);
	else if (req->kernel_release)
		j->build = stp_xasprintf("/lib/modules/%s/build",
				     req->kernel_release);
	else
		return fail(msg, "pass 4: no kernel build tree given");
	if (req->kernel_release)
		j->kver = stp_xstrdup(req->kernel_release);
	else
		j->kver = read_kver(j->build, msg);
	if (!j->kver)
		return -1;
	if (req->cache_dir) {
		j->cache = stp_xstrdup(req->cache_dir);
	} else {
		const char *home = getenv("HOME");

		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());

			home = pw ? pw->pw_dir : NULL;
		}
		if (!home)
			return fail(msg, "pass 4: no HOME for the cache "
				    "directory");
		j->cache = stp_xasprintf("%s/.cache/stapc/%s", home, j->kver);
	}
	j->defines_h = make_defines_h(req->defines, msg);
	if (!j->defines_h)
		return -1;
	if (req->runtime_dir) {
		if (runtime_load(req->runtime_dir, &j->rt, msg) < 0)
			return -1;
		j->have_rt = j->rt.nunits > 0;
	}

	/* runtime objects key: kernel + runtime + defines */
	stp_sha256_init(&s);
	hash_str(&s, "stapc-kbuild-runtime", "v1");
	if (hash_kernel(&s, j->kver, j->build, msg) < 0)
		return -1;
	hash_defines(&s, req->defines);
	hash_runtime(&s, &j->rt);
	stp_sha256_final(&s, d);
	stp_sha256_hex(d, j->rtkey);

	/* module key: the above + name + source */
	stp_sha256_init(&s);
	hash_str(&s, "stapc-kbuild-module", "v1");
	hash_str(&s, "runtime-key", j->rtkey);
	hash_str(&s, "name", req->module_name);
	if (req->script_key)
		hash_str(&s, "script-key", req->script_key);
	else
		hash_str(&s, "source", req->source);
	stp_sha256_final(&s, d);
	stp_sha256_hex(d, j->key);
	return 0;
}

/* ---- running make ----------------------------------------------------------- */

/* Run argv with stdout+stderr appended to log, TMPDIR=tmp (the build
 * dir, removed after the build however it ends).  Returns the exit status,
 * or -1 (setup error or interrupted, *msg set). */
static int run_logged(char *const argv[], const char *log, const char *tmp,
		      bool verbose, char **msg)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	int status;

	if (fd < 0)
		return fail(msg, "pass 4: cannot create %s: %s", log,
			    strerror(errno));
	if (verbose) {
		size_t i;

		fputs("pass 4:", stderr);
		for (i = 0; argv[i]; i++)
			fprintf(stderr, " %s", argv[i]);
		fputc('\n', stderr);
	}
	fflush(NULL);
	if (stp_interrupted()) {
		close(fd);
		return fail(msg, "pass 4: interrupted");
	}
	status = stp_run_group(argv, fd, tmp);
	close(fd);
	if (stp_interrupted())
		return fail(msg, "pass 4: interrupted");
	if (status < 0)
		return fail(msg, "pass 4: cannot run %s: %s", argv[0],
			    strerror(errno));
	return status;
}

static void echo_log(const char *log)
{
	char *buf;

	if (stp_read_file(log, &buf, NULL) == 0) {
		fputs(buf, stderr);
		free(buf);
	}
}

/* ---- first error ------------------------------------------------------------ */

/* "FILE:LINE[:COL]: (fatal )error: ..." -> 1 and the parts. */
static int parse_diag(const char *l, size_t len, char **file, int *line,
		      int *col)
{
	const char *p;

	for (p = l; p < l + len; p++) {
		const char *q;
		long ln = 0, cn = 0;

		if (*p != ':' || p == l || p[1] < '0' || p[1] > '9')
			continue;
		for (q = p + 1; q < l + len && *q >= '0' && *q <= '9'; q++)
			ln = ln * 10 + (*q - '0');
		if (q >= l + len || *q != ':')
			continue;
		if (q + 1 < l + len && q[1] >= '0' && q[1] <= '9') {
			const char *c = q + 1;

			for (; c < l + len && *c >= '0' && *c <= '9'; c++)
				cn = cn * 10 + (*c - '0');
			if (c < l + len && *c == ':')
				q = c;
			else
				cn = 0;
		}
		*file = strndup(l, (size_t)(p - l));
		if (!*file)
			return -1;
		*line = ln > INT_MAX ? INT_MAX : (int)ln;
		*col = cn > INT_MAX ? INT_MAX : (int)cn;
		return 1;
	}
	return 0;
}

int stp_kbuild_first_error(const char *log, char **file, int *line, int *col,
			   char **text)
{
	/* in order of preference */
	static const char *const pats[] = {
		": error: ", ": fatal error: ", "ERROR: ", "undefined reference",
		"error:", "*** ",
	};
	size_t k;

	*file = NULL;
	*text = NULL;
	*line = *col = 0;
	for (k = 0; k < sizeof pats / sizeof pats[0]; k++) {
		const char *l = log;

		while (*l) {
			const char *e = strchr(l, '\n');
			size_t len = e ? (size_t)(e - l) : strlen(l);
			char *copy = strndup(l, len);

			if (!copy)
				return -1;
			if (strstr(copy, pats[k])) {
				if (k < 2 && parse_diag(copy, len, file, line,
							col) < 0) {
					free(copy);
					return -1;
				}
				*text = copy;
				return 1;
			}
			free(copy);
			l += len + (e ? 1 : 0);
		}
	}
	return 0;
}

/* ---- building --------------------------------------------------------------- */

static const char *tmp_parent(const struct stp_kbuild_req *req)
{
	const char *t = req->tmp_parent;

	if (!t || !*t)
		t = getenv("TMPDIR");
	if (!t || !*t)
		t = "/tmp";
	return t;
}

/* The private build dir: owned (a killed run's is removed by the next
 * run, see owned-tmpdir.h).  Returns a malloc'd copy of its path. */
static char *make_tmpdir(const struct stp_kbuild_req *req,
			 struct stp_owned_tmpdir *d, char **msg)
{
	char *t = stp_xasprintf("%s/stapcXXXXXX", tmp_parent(req));

	if (!kbuild_safe_path(t)) {
		fail(msg, "pass 4: temp dir %s has characters kbuild cannot "
		     "handle; set TMPDIR", t);
		free(t);
		return NULL;
	}
	free(t);
	if (stp_owned_tmpdir_create(d, tmp_parent(req), "stapc") < 0) {
		fail(msg, "pass 4: cannot create a temp dir in %s: %s",
		     tmp_parent(req), strerror(errno));
		return NULL;
	}
	return stp_xstrdup(d->path);
}

/* Temp dirs that runs killed by SIGKILL left behind. */
void stp_kbuild_reap_tmp(const struct stp_kbuild_req *req)
{
	stp_owned_tmpdir_reap(tmp_parent(req), "stapc");
}

static char *unit_base(const char *name)	/* "map.c" -> "map" */
{
	return stp_xstrndup(name, strlen(name) - 2);
}

/* Keep the log of a failed build (the temp dir may go) and fill res. */
static void report_failure(struct job *j, struct stp_kbuild_result *res,
			   const char *tmp, const char *what, int status)
{
	char *log = stp_xasprintf("%s/" LOG_NAME, tmp), *buf = NULL;
	char *kept = NULL;

	res->compile_failed = true;
	if (j->req->keep_tmp) {
		kept = log;
		log = NULL;
	} else {
		char *dir = stp_xasprintf("%s/logs", j->cache);

		kept = stp_xasprintf("%s/logs/%s.log", j->cache, what);
		if (stp_mkdir_p(dir) < 0 ||
		    install_file(log, kept) < 0) {
			/* cannot keep it in the cache: keep the temp dir */
			free(kept);
			kept = NULL;
			res->tmp_kept = true;
		}
		free(dir);
		if (!kept) {
			kept = log;
			log = NULL;
		}
	}
	res->log_path = kept;
	if (stp_read_file(kept, &buf, NULL) == 0 &&
	    stp_kbuild_first_error(buf, &res->err_file, &res->err_line,
				   &res->err_col, &res->err_text) > 0)
		res->message = stp_xasprintf(
			"pass 4: compilation of %s failed (make exit %d): %s\n"
			"pass 4: full build log: %s", what, status,
			res->err_text, kept);
	else
		res->message = stp_xasprintf(
			"pass 4: compilation of %s failed (make exit %d); "
			"see %s", what, status, kept);
	free(buf);
	free(log);
}

static int jobs_arg(char *buf, size_t n)
{
	long c = sysconf(_SC_NPROCESSORS_ONLN);

	if (c < 1)
		c = 1;
	if (c > 64)
		c = 64;
	return snprintf(buf, n, "-j%ld", c);
}

/* Build the runtime units into CACHE/runtime/RTKEY/ unless there. */
static int ensure_runtime(struct job *j, struct stp_kbuild_result *res,
			  char **rtdir_out)
{
	char *final = stp_xasprintf("%s/runtime/%s", j->cache, j->rtkey);
	char *parent = stp_xasprintf("%s/runtime", j->cache);
	char *tmp = NULL, *kb = NULL, *m = NULL, *log = NULL, *stage = NULL;
	char **argv = NULL, jobs[16];
	size_t i, a = 0, u = 0;
	int r = -1, st;
	char *p;
	size_t cap;
	struct stp_owned_tmpdir td = { .lock_fd = -1 };

	{
		struct stat sb;

		if (stat(final, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			*rtdir_out = final;
			final = NULL;
			r = 0;
			goto out;
		}
	}
	tmp = make_tmpdir(j->req, &td, &res->message);
	if (!tmp)
		goto out;
	if (runtime_write(&j->rt, tmp, true, &res->message) < 0)
		goto out_tmp;
	p = stp_xasprintf("%s/" DEFINES_H, tmp);
	st = stp_write_file(p, j->defines_h, strlen(j->defines_h));
	free(p);
	if (st < 0) {
		fail(&res->message, "pass 4: cannot write in %s: %s", tmp,
		     strerror(errno));
		goto out_tmp;
	}
	/* Kbuild: the units as members of a composite module, so that on
	 * kernels that delay objtool to the module link (X86_KERNEL_IBT) the
	 * objects stay un-processed and are processed once, in the script's
	 * module.  Only the unit objects are made, never this module. */
	cap = 256;
	for (i = 0; i < j->rt.n; i++)
		cap += strlen(j->rt.f[i].name) + 4;
	kb = stp_xmalloc(cap);
	{
		size_t n = (size_t)snprintf(kb, cap,
			"obj-m := stapc_runtime.o\n"
			"ccflags-y := -I$(src)/runtime -include "
			"$(src)/" DEFINES_H "\nstapc_runtime-y :=");

		for (i = 0; i < j->rt.n; i++)
			if (stp_has_suffix(j->rt.f[i].name, ".c")) {
				char *b = unit_base(j->rt.f[i].name);

				n += (size_t)snprintf(kb + n, cap - n, " %s.o", b);
				free(b);
			}
		snprintf(kb + n, cap - n, "\n");
	}
	p = stp_xasprintf("%s/Kbuild", tmp);
	st = stp_write_file(p, kb, strlen(kb));
	free(p);
	if (st < 0) {
		fail(&res->message, "pass 4: cannot write in %s: %s", tmp,
		     strerror(errno));
		goto out_tmp;
	}
	argv = stp_xcalloc(j->rt.nunits + 8, sizeof *argv);
	m = stp_xasprintf("M=%s", tmp);
	log = stp_xasprintf("%s/" LOG_NAME, tmp);
	jobs_arg(jobs, sizeof jobs);
	argv[a++] = "make";
	argv[a++] = jobs;
	argv[a++] = "-C";
	argv[a++] = j->build;
	argv[a++] = m;
	if (j->req->verbose)
		argv[a++] = "V=1";
	u = a;
	for (i = 0; i < j->rt.n; i++)
		if (stp_has_suffix(j->rt.f[i].name, ".c"))
			argv[a++] = stp_xasprintf("%.*s.o",
					(int)strlen(j->rt.f[i].name) - 2,
					j->rt.f[i].name);
	argv[a] = NULL;
	st = run_logged(argv, log, tmp, j->req->verbose, &res->message);
	res->make_runs++;
	res->runtime_built = true;
	if (j->req->verbose)
		echo_log(log);
	if (st < 0)
		goto out_tmp;
	if (st != 0) {
		report_failure(j, res, tmp, "stapc_runtime", st);
		goto out_tmp;
	}
	/* stage into CACHE/runtime/RTKEY.tmpXXXXXX, then rename */
	stage = stp_xasprintf("%s.tmpXXXXXX", final);
	if (stp_mkdir_p(parent) < 0 || !mkdtemp(stage)) {
		fail(&res->message, "pass 4: cannot create a directory in %s: %s",
		     parent, strerror(errno));
		goto out_tmp;
	}
	for (i = u; argv[i]; i++) {
		char *src = stp_xasprintf("%s/%s", tmp, argv[i]);
		char *dst = stp_xasprintf("%s/%s", stage, argv[i]);
		int c = copy_file(src, dst);

		free(src);
		free(dst);
		if (c < 0) {
			fail(&res->message, "pass 4: cannot store runtime "
			     "object %s: %s", argv[i], strerror(errno));
			rm_rf(stage);
			goto out_tmp;
		}
	}
	if (rename(stage, final) < 0) {
		/* another stapc got there first: use its copy (rm_rf() may
		 * change errno: keep rename's) */
		int rename_errno = errno;

		rm_rf(stage);
		errno = rename_errno;
		if (errno != EEXIST && errno != ENOTEMPTY) {
			fail(&res->message, "pass 4: cannot store %s: %s",
			     final, strerror(errno));
			goto out_tmp;
		}
	}
	*rtdir_out = final;
	final = NULL;
	r = 0;
out_tmp:
	if (j->req->keep_tmp || (res->tmp_kept && r < 0)) {
		if (j->req->verbose)
			fprintf(stderr, "pass 4: kept runtime temp dir %s\n",
				tmp);
		stp_owned_tmpdir_keep(&td);
	} else {
		stp_owned_tmpdir_remove(&td);
	}
out:
	if (argv && u)
		for (i = u; argv[i]; i++)
			free(argv[i]);
	free(argv);
	free(stage);
	free(final);
	free(parent);
	free(tmp);
	free(kb);
	free(m);
	free(log);
	return r;
}

/* Write NAME_src.c, Kbuild, the defines, the runtime headers and the
 * prebuilt runtime objects (as *_shipped) into tmp. */
static int write_module_dir(struct job *j, const char *tmp, const char *rtdir,
			    char **msg)
{
	const char *name = j->req->module_name;
	size_t cap = 512, n, i;
	char *kb, *p;
	int r;

	if (runtime_write(&j->rt, tmp, false, msg) < 0)
		return -1;
	p = stp_xasprintf("%s/%s_src.c", tmp, name);
	r = stp_write_file(p, j->req->source, strlen(j->req->source));
	free(p);
	if (r < 0)
		return fail(msg, "pass 4: cannot write in %s: %s", tmp,
			    strerror(errno));
	p = stp_xasprintf("%s/" DEFINES_H, tmp);
	r = stp_write_file(p, j->defines_h, strlen(j->defines_h));
	free(p);
	if (r < 0)
		return fail(msg, "pass 4: cannot write in %s: %s", tmp,
			    strerror(errno));
	for (i = 0; i < j->rt.n; i++)
		cap += 2 * strlen(j->rt.f[i].name) + 16;
	cap += 4 * strlen(name) + 64;
	kb = stp_xmalloc(cap);
	/* gcc's -Wmisleading-indentation (in the kernel's -Wall) re-reads
	 * the source lines of every if and else to compare their columns:
	 * on generated C, whose layout is the translator's, it finds
	 * nothing and costs more than the rest of parsing (0.66 s of 0.96 s
	 * for 500 functions and 500 probes). */
	n = (size_t)snprintf(kb, cap,
		"# written by stapc\nobj-m := %s.o\n"
		"ccflags-y := -I$(src)/runtime -include $(src)/" DEFINES_H "\n"
		"CFLAGS_%s_src.o := -Wno-misleading-indentation\n"
		"%s-y := %s_src.o", name, name, name, name);
	for (i = 0; rtdir && i < j->rt.n; i++) {
		char *b, *src, *dst, *cmd, *cmdtext;
		const char *u = j->rt.f[i].name;

		if (!stp_has_suffix(u, ".c"))
			continue;
		b = unit_base(u);
		n += (size_t)snprintf(kb + n, cap - n, " " RT_PREFIX "%s.o", b);
		/* kbuild copies X_shipped to X; modpost (modversions) reads
		 * .X.cmd, which the copy rule does not write */
		src = stp_xasprintf("%s/%s.o", rtdir, b);
		dst = stp_xasprintf("%s/" RT_PREFIX "%s.o_shipped", tmp, b);
		cmd = stp_xasprintf("%s/." RT_PREFIX "%s.o.cmd", tmp, b);
		cmdtext = stp_xasprintf("cmd_%s/" RT_PREFIX "%s.o := stapc prebuilt "
				    "runtime object\n", tmp, b);
		r = 0;
		if (copy_file(src, dst) < 0) {
			fail(msg, "pass 4: cannot copy runtime object %s: %s",
			     src, strerror(errno));
			r = -1;
		}
		if (r == 0 && stp_write_file(cmd, cmdtext, strlen(cmdtext)) < 0) {
			fail(msg, "pass 4: cannot write %s: %s", cmd,
			     strerror(errno));
			r = -1;
		}
		free(b);
		free(src);
		free(dst);
		free(cmd);
		free(cmdtext);
		if (r < 0) {
			free(kb);
			return -1;
		}
	}
	snprintf(kb + n, cap - n, "\n");
	p = stp_xasprintf("%s/Kbuild", tmp);
	r = stp_write_file(p, kb, strlen(kb));
	free(p);
	free(kb);
	if (r < 0)
		return fail(msg, "pass 4: cannot write in %s: %s", tmp,
			    strerror(errno));
	return 0;
}

int stp_kbuild_key(const struct stp_kbuild_req *req, char hex[65], char **err)
{
	struct job j;
	int r;

	*err = NULL;
	r = job_init(&j, req, err);
	if (r == 0)
		memcpy(hex, j.key, sizeof j.key);
	job_free(&j);
	return r;
}

int stp_kbuild_lookup(const struct stp_kbuild_req *req, char **ko_path,
		      char **err)
{
	struct job j;
	char *ko;
	int r = -1;

	*err = NULL;
	*ko_path = NULL;
	if (job_init(&j, req, err) < 0)
		goto out;
	ko = stp_xasprintf("%s/%s/%s.ko", j.cache, j.key, req->module_name);
	if (is_file(ko)) {
		*ko_path = ko;
		r = 1;
	} else {
		free(ko);
		r = 0;
	}
out:
	job_free(&j);
	return r;
}

int stp_kbuild_module(const struct stp_kbuild_req *req,
		      struct stp_kbuild_result *res)
{
	double t0 = now_sec();
	struct job j;
	char *kodir = NULL, *ko = NULL, *rtdir = NULL, *m = NULL, *log = NULL;
	char *built = NULL, jobs[16];
	int r = -1, st;
	struct stp_owned_tmpdir td = { .lock_fd = -1 };

	memset(res, 0, sizeof *res);
	if (job_init(&j, req, &res->message) < 0)
		goto out;
	kodir = stp_xasprintf("%s/%s", j.cache, j.key);
	ko = stp_xasprintf("%s/%s/%s.ko", j.cache, j.key, req->module_name);
	if (!req->no_cache && is_file(ko)) {
		res->cache_hit = true;
		res->ko_path = ko;
		ko = NULL;
		r = 0;
		goto out;
	}
	if (!req->source) {
		fail(&res->message, "pass 4: no source");
		goto out;
	}
	if (access(j.build, R_OK | X_OK) < 0) {
		fail(&res->message, "pass 4: kernel build tree %s: %s",
		     j.build, strerror(errno));
		goto out;
	}
	if (stp_mkdir_p(j.cache) < 0) {
		fail(&res->message, "pass 4: cannot create cache directory "
		     "%s: %s", j.cache, strerror(errno));
		goto out;
	}
	if (j.have_rt && ensure_runtime(&j, res, &rtdir) < 0)
		goto out;

	res->tmp_dir = make_tmpdir(req, &td, &res->message);
	if (!res->tmp_dir)
		goto out;
	res->tmp_kept = true;
	if (write_module_dir(&j, res->tmp_dir, rtdir, &res->message) < 0)
		goto out_tmp;
	m = stp_xasprintf("M=%s", res->tmp_dir);
	log = stp_xasprintf("%s/" LOG_NAME, res->tmp_dir);
	built = stp_xasprintf("%s/%s.ko", res->tmp_dir, req->module_name);
	jobs_arg(jobs, sizeof jobs);
	{
		char *argv[] = { "make", jobs, "-C", j.build, m, "modules",
				 req->verbose ? "V=1" : NULL, NULL };

		st = run_logged(argv, log, res->tmp_dir, req->verbose,
				&res->message);
	}
	res->make_runs++;
	if (req->verbose)
		echo_log(log);
	if (st < 0)
		goto out_tmp;
	if (st != 0) {
		res->tmp_kept = false;
		report_failure(&j, res, res->tmp_dir, req->module_name, st);
		goto out_tmp;
	}
	if (!is_file(built)) {
		fail(&res->message, "pass 4: make succeeded but %s is missing",
		     built);
		goto out_tmp;
	}
	if (mkdir(kodir, 0755) < 0 && errno != EEXIST) {
		fail(&res->message, "pass 4: cannot create %s: %s", kodir,
		     strerror(errno));
		goto out_tmp;
	}
	if (install_file(built, ko) < 0) {
		fail(&res->message, "pass 4: cannot store %s: %s", ko,
		     strerror(errno));
		goto out_tmp;
	}
	res->ko_path = ko;
	ko = NULL;
	r = 0;
out_tmp:
	/* keep it if asked, or if the failure log could not go elsewhere */
	if (req->keep_tmp || (r < 0 && res->tmp_kept && res->compile_failed)) {
		res->tmp_kept = true;
		stp_owned_tmpdir_keep(&td);
	} else {
		res->tmp_kept = false;
		if (stp_owned_tmpdir_remove(&td) < 0 && r == 0 && req->verbose)
			fprintf(stderr, "pass 4: warning: cannot remove %s\n",
				res->tmp_dir);
	}
out:
	job_free(&j);
	free(kodir);
	free(ko);
	free(rtdir);
	free(m);
	free(log);
	free(built);
	res->seconds = now_sec() - t0;
	res->interrupted = r < 0 && stp_interrupted();
	return r;
}

void stp_kbuild_result_free(struct stp_kbuild_result *res)
{
	free(res->ko_path);
	free(res->tmp_dir);
	free(res->message);
	free(res->log_path);
	free(res->err_file);
	free(res->err_text);
	memset(res, 0, sizeof *res);
}
