/* test-kbuild.c - pass 4 (translator/kbuild.c) and SHA-256: builds a tiny
 * module against the newest /lib/modules/KVER/build, then checks the cache,
 * error extraction and temp dir cleanup.  Prints SKIP and exits 0 when no
 * kernel headers are installed.  Takes a few seconds. */
#define _GNU_SOURCE
#include "kbuild.h"
#include "sha256.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures;

#define CHECK(c) do { if (!(c)) { \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
	failures++; } } while (0)

static void sha_vector(const char *msg, size_t n, const char *want)
{
	uint8_t d[32];
	char hex[65];

	stp_sha256(msg, n, d);
	stp_sha256_hex(d, hex);
	if (strcmp(hex, want)) {
		printf("FAIL sha256(%.20s... len %zu) = %s, want %s\n", msg, n,
		       hex, want);
		failures++;
	}
}

static void test_sha256(void)
{
	struct stp_sha256 s;
	uint8_t d[32];
	char hex[65];
	char *a = malloc(1000000);
	size_t i;

	/* FIPS 180-4 examples (NIST CSRC) */
	sha_vector("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
		   "b00361a396177a9cb410ff61f20015ad");
	sha_vector("", 0, "e3b0c44298fc1c149afbf4c8996fb924"
		   "27ae41e4649b934ca495991b7852b855");
	sha_vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		   56, "248d6a61d20638b8e5c026930c3e6039"
		   "a33ce45964ff2167f6ecedd419db06c1");
	sha_vector("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		   "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		   112, "cf5b16a778af8380036ce59e7b0492370"
		   "b249b11e8f07a51afac45037afee9d1");
	/* one million 'a', fed in odd-sized pieces */
	if (!a) {
		printf("FAIL out of memory\n");
		failures++;
		return;
	}
	memset(a, 'a', 1000000);
	sha_vector(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67"
		   "f1809a48a497200e046d39ccc7112cd0");
	stp_sha256_init(&s);
	for (i = 0; i < 1000000;) {
		size_t k = (i * 7 + 13) % 131 + 1;

		if (k > 1000000 - i)
			k = 1000000 - i;
		stp_sha256_update(&s, a + i, k);
		i += k;
	}
	stp_sha256_final(&s, d);
	stp_sha256_hex(d, hex);
	CHECK(strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
		     "f1809a48a497200e046d39ccc7112cd0") == 0);
	free(a);
}

static void test_first_error(void)
{
	const char *log =
		"  CC [M]  /tmp/x/m_src.o\n"
		"/tmp/x/m_src.c: In function 'f':\n"
		"/tmp/x/m_src.c:7:3: warning: unused variable 'y'\n"
		"/tmp/x/m_src.c:12:5: error: 'z' undeclared (first use)\n"
		"/tmp/x/m_src.c:14:1: error: expected ';'\n"
		"make[2]: *** [x] Error 1\n";
	char *file, *text;
	int line, col;

	CHECK(stp_kbuild_first_error(log, &file, &line, &col, &text) == 1);
	CHECK(file && strcmp(file, "/tmp/x/m_src.c") == 0);
	CHECK(line == 12 && col == 5);
	CHECK(text && strstr(text, "'z' undeclared"));
	free(file);
	free(text);
	CHECK(stp_kbuild_first_error("all fine\n", &file, &line, &col,
				     &text) == 0);
	CHECK(stp_kbuild_first_error("ERROR: modpost: \"foo\" undefined!\n",
				     &file, &line, &col, &text) == 1);
	CHECK(file == NULL && line == 0 && text && strstr(text, "modpost"));
	free(file);
	free(text);
}

/* newest /lib/modules/KVER with a build/ tree (by version order) */
static char *newest_kver(void)
{
	DIR *d = opendir("/lib/modules");
	struct dirent *de;
	char *best = NULL;

	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		char p[4096];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p,
			 "/lib/modules/%s/build/include/generated/utsrelease.h",
			 de->d_name);
		if (stat(p, &st) < 0)
			continue;
		if (!best || strverscmp(de->d_name, best) > 0) {
			free(best);
			best = strdup(de->d_name);
		}
	}
	closedir(d);
	return best;
}

static int rm_cb(const char *p, const struct stat *sb, int f, struct FTW *w)
{
	return remove(p);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The smallest script module: the runtime's headers are on the include
 * path and its units (module init/exit among them) are linked in. */
static const char good_src[] =
	"#include \"runtime.h\"\n"
	"static int t_init(void) { return MAXMAPENTRIES > 0 ? 0 : -1; }\n"
	"static void t_exit(void) { }\n"
	"const struct stp_script _stp_script = {\n"
	"\t.name = \"kbtest\", .init = t_init, .exit = t_exit,\n"
	"};\n";

static const char bad_src[] =
	"#include \"runtime.h\"\n"
	"static int t_init(void)\n"
	"{\n"
	"\treturn undeclared_thing;\n"		/* line 4 */
	"}\n";

/* Two stapc building the same runtime at once: both must succeed, the
 * second to finish taking the first one's objects (a regression: the
 * loser's rename error was lost and it failed with "Is a directory"). */
static const char tiny_unit[] = "int stprt_tiny(void);\n"
				"int stprt_tiny(void) { return 1; }\n";
static const char tiny_src[] = "#include <linux/module.h>\n"
			       "MODULE_LICENSE(\"GPL\");\n";

static void test_concurrent_runtime(const char *kver)
{
	char dir[] = "/tmp/stapc-kbtest-raceXXXXXX";
	char rt[4200], cache[4200], unit[4300];
	struct stp_kbuild_req req;
	pid_t kids[2];
	int i, st, ok = 0;
	FILE *f;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		failures++;
		return;
	}
	snprintf(rt, sizeof rt, "%s/rt", dir);
	snprintf(cache, sizeof cache, "%s/cache", dir);
	snprintf(unit, sizeof unit, "%s/tiny.c", rt);
	CHECK(mkdir(rt, 0755) == 0);
	f = fopen(unit, "w");
	CHECK(f && fputs(tiny_unit, f) >= 0 && fclose(f) == 0);
	memset(&req, 0, sizeof req);
	req.kernel_release = kver;
	req.module_name = "stapc_kbrace";
	req.source = tiny_src;
	req.runtime_dir = rt;
	req.cache_dir = cache;
	fflush(stdout);	/* or the children print our buffer again */
	for (i = 0; i < 2; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			struct stp_kbuild_result res;
			int rc = stp_kbuild_module(&req, &res);

			if (rc)
				printf("  concurrent build %d: %s\n", i,
				       res.message);
			stp_kbuild_result_free(&res);
			_exit(rc ? 1 : 0);
		}
	}
	for (i = 0; i < 2; i++)
		if (kids[i] > 0 && waitpid(kids[i], &st, 0) == kids[i] &&
		    WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	CHECK(ok == 2);
	printf("  concurrent runtime builds: %d of 2 succeeded\n", ok);
	nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const char *srcdir = getenv("srcdir");
	char runtime[4096], cache[] = "/tmp/stapc-kbtest-cacheXXXXXX";
	const char *defs[] = { "MAXMAPENTRIES=4096", "STP_TEST_FLAG", NULL };
	struct stp_kbuild_req req;
	struct stp_kbuild_result res, res2;
	struct stat st;
	char *kver;
	double t0, t;
	int rc;

	test_sha256();
	test_first_error();

	kver = newest_kver();
	if (!kver) {
		printf("SKIP: test-kbuild: no kernel headers in "
		       "/lib/modules/*/build (sha256 and parser checks %s)\n",
		       failures ? "FAILED" : "passed");
		return failures ? 1 : 0;
	}
	/* the runtime dir: $srcdir/runtime, else the one configure saw
	 * (kbuild.mk defines TEST_KBUILD_RUNTIME_DIR), else ./runtime */
	if (srcdir)
		snprintf(runtime, sizeof runtime, "%s/runtime", srcdir);
#ifdef TEST_KBUILD_RUNTIME_DIR
	else
		snprintf(runtime, sizeof runtime, "%s",
			 TEST_KBUILD_RUNTIME_DIR);
#else
	else
		snprintf(runtime, sizeof runtime, "runtime");
#endif
	if (!mkdtemp(cache)) {
		perror("mkdtemp");
		return 1;
	}
	memset(&req, 0, sizeof req);
	req.kernel_release = kver;
	req.module_name = "stapc_kbtest";
	req.source = good_src;
	req.defines = defs;
	req.runtime_dir = stat(runtime, &st) == 0 ? runtime : NULL;
	req.cache_dir = cache;
	printf("test-kbuild: kernel %s, runtime %s\n", kver,
	       req.runtime_dir ? runtime : "(none)");

	/* 1: a real build */
	rc = stp_kbuild_module(&req, &res);
	if (rc)
		printf("  build failed: %s\n", res.message);
	CHECK(rc == 0);
	CHECK(!res.cache_hit && res.make_runs >= 1);
	CHECK(res.ko_path && stat(res.ko_path, &st) == 0 && st.st_size > 0);
	CHECK(res.tmp_dir && !res.tmp_kept && stat(res.tmp_dir, &st) < 0);
	printf("  build: %.2f s, %d make run(s)%s, %s\n", res.seconds,
	       res.make_runs, res.runtime_built ? " (runtime built)" : "",
	       res.ko_path ? res.ko_path : "-");

	/* 2: the same request is a cache hit, without make */
	t0 = now();
	rc = stp_kbuild_module(&req, &res2);
	t = now() - t0;
	CHECK(rc == 0 && res2.cache_hit && res2.make_runs == 0);
	CHECK(res.ko_path && res2.ko_path &&
	      strcmp(res.ko_path, res2.ko_path) == 0);
	/* target 100 ms; the hard limit allows for valgrind (about 30x) */
	CHECK(t < 1.0);
	printf("  cache hit: %.1f ms%s\n", t * 1000,
	       t < 0.1 ? "" : " (over the 100 ms target)");
	stp_kbuild_result_free(&res2);
	stp_kbuild_result_free(&res);

	/* 3: a C error: fails, first error line extracted, tmp removed */
	req.source = bad_src;
	rc = stp_kbuild_module(&req, &res);
	CHECK(rc == -1 && res.compile_failed);
	CHECK(res.err_file && strstr(res.err_file, "stapc_kbtest_src.c"));
	CHECK(res.err_line == 4);
	CHECK(res.err_text && strstr(res.err_text, "undeclared_thing"));
	CHECK(res.message && strstr(res.message, "error:") &&
	      res.log_path && strstr(res.message, res.log_path));
	CHECK(res.log_path && stat(res.log_path, &st) == 0);
	CHECK(res.tmp_dir && !res.tmp_kept && stat(res.tmp_dir, &st) < 0);
	CHECK(!res.ko_path && res.make_runs == 1 && !res.runtime_built);
	printf("  error build: %.2f s: %s\n", res.seconds,
	       res.message ? res.message : "-");
	stp_kbuild_result_free(&res);

	/* 4: bad arguments fail cleanly, without make */
	req.module_name = "bad-name";
	CHECK(stp_kbuild_module(&req, &res) == -1 && res.make_runs == 0 &&
	      res.message);
	stp_kbuild_result_free(&res);

	nftw(cache, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	test_concurrent_runtime(kver);
	free(kver);
	if (failures) {
		printf("test-kbuild: %d failure(s)\n", failures);
		return 1;
	}
	printf("test-kbuild: all passed\n");
	return 0;
}
