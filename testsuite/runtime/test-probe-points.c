// SPDX-License-Identifier: GPL-2.0-or-later
/* test-probe-points.c - unit tests of probe point resolution.
 *
 * Parses `probe POINT {}` scripts and resolves their points against a
 * fake System.map (and a fake vmlinux and module) written to a temp
 * directory, through the STAPC_* variables ksyms.h documents.  When the
 * real 6.1 map is installed it is loaded too and its load time printed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "ksyms.h"
#include "parse.h"
#include "probe-points.h"

static char tmpdir[] = "/tmp/test-pp-XXXXXX";
static char diagbuf[65536];

struct run {
	struct stp_arena arena;
	struct stp_diag diag;
	struct stp_parse_ctx ctx;
	struct stp_resolver r;
	struct stp_vec sites;
	FILE *msgs;
	int rc;
};

static const struct stp_pp_env env = {
	.kernel_v = "6.1.0", .kernel_vr = "6.1.0-0-test", .arch = "x86_64",
	.runtime = "kernel", .systemtap_v = "4.8", .privilege = "stapdev",
};

/* Resolve every point of `probe POINTS {}`; messages land in diagbuf. */
static void resolve(struct run *t, const char *points, const char *kver)
{
	char *script;
	struct stp_file *f;
	struct stp_probe_point *p;

	memset(t, 0, sizeof(*t));
	stp_arena_init(&t->arena);
	t->msgs = fmemopen(diagbuf, sizeof(diagbuf), "w");
	stp_diag_init(&t->diag, t->msgs);
	t->ctx.arena = &t->arena;
	t->ctx.diag = &t->diag;
	t->ctx.env = &env;
	stp_resolver_init(&t->r, &t->arena, &t->diag, kver, "x86_64", false);
	script = stp_arena_printf(&t->arena, "probe %s {}", points);
	f = stp_parse(&t->ctx, stp_source_from_string(&t->ctx, "<input>",
						      script));
	t->rc = 0;
	if (!f || !f->decls || t->diag.errors) {
		fflush(t->msgs);
		t->rc = -2;
		return;
	}
	for (p = f->decls->u.probe.points; p; p = p->next)
		if (stp_resolve_point(&t->r, p, &t->sites) < 0)
			t->rc = -1;
	fflush(t->msgs);
}

static void done(struct run *t)
{
	fclose(t->msgs);
	stp_vec_free(&t->sites);
	stp_resolver_free(&t->r);
	stp_arena_free(&t->arena);
}

static const struct stp_site *site(struct run *t, size_t i)
{
	return i < t->sites.len ? t->sites.items[i] : NULL;
}

static bool said(const char *what)
{
	return strstr(diagbuf, what) != NULL;
}

/* One point that must give exactly one site with this pp and kind. */
static void one(const char *point, const char *pp, enum stp_site_kind kind)
{
	struct run t;

	resolve(&t, point, "6.1.0-0-test");
	CHECK(t.rc == 0 && t.sites.len == 1 && site(&t, 0)->kind == kind &&
	      strcmp(site(&t, 0)->pp, pp) == 0,
	      "%s -> %s (got %zu sites, %s)", point, pp, t.sites.len,
	      site(&t, 0) ? site(&t, 0)->pp : "-");
	done(&t);
}

/* One point that must fail with this code and message fragment. */
static void bad(const char *point, const char *code, const char *text)
{
	struct run t;

	resolve(&t, point, "6.1.0-0-test");
	CHECK(t.rc == -1 && said(code) && said(text),
	      "%s: error %s '%s'%s%s", point, code, text,
	      t.rc == -1 ? "" : " (no error)", said(text) ? "" : diagbuf);
	done(&t);
}

static void test_once(void)
{
	struct run t;

	one("begin", "begin", STP_SITE_BEGIN);
	one("end", "end", STP_SITE_END);
	one("error", "error", STP_SITE_ERROR);
	one("never", "never", STP_SITE_NEVER);
	one("begin(-1)", "begin(-1)", STP_SITE_BEGIN);
	one("end(0x10)", "end(16)", STP_SITE_END);
	resolve(&t, "begin(-5), end(7), error(3)", "x");
	CHECK(t.rc == 0 && t.sites.len == 3 && site(&t, 0)->once->priority == -5 &&
	      site(&t, 1)->once->priority == 7 &&
	      site(&t, 2)->once->priority == 3,
	      "priorities -5 7 3");
	done(&t);
	bad("begin(\"x\")", "E514", "priority of 'begin' must be a number");
	bad("never(1)", "E512", "'never' takes no argument");
	bad("begin(1).x", "E502", "'x' cannot follow 'begin(1)'");
	bad("beginn", "E501", "did you mean 'begin'?");
	bad("foo.bar", "E501", "unknown probe point 'foo.bar'");
	bad("procfs(\"x\").read", "E507", "'procfs' probe points");
}

static void test_timers(void)
{
	struct run t;

	one("timer.ms(100)", "timer.ms(100)", STP_SITE_TIMER);
	one("timer.msec(10)", "timer.msec(10)", STP_SITE_TIMER);
	one("timer.profile", "timer.profile", STP_SITE_PROFILE);
	one("timer.profile.tick", "timer.profile.tick", STP_SITE_PROFILE);
	one("timer.jiffies(5).randomize(2)", "timer.jiffies(5).randomize(2)",
	    STP_SITE_TIMER_JIFFIES);
	resolve(&t, "timer.s(2).randomize(1), timer.us(100), timer.ns(100000),"
		" timer.hz(1000), timer.ms(10).randomize(10), timer.jiffies(7)",
		"x");
	CHECK(t.rc == 0 && t.sites.len == 6, "six timers");
	if (t.sites.len == 6) {
		/* the runtime's terms: N +- M is N - M plus 0..2M */
		CHECK_EQ(site(&t, 0)->timer->period, 1000000000, "s(2) period");
		CHECK_EQ(site(&t, 0)->timer->randomize, 2000000000,
			 "randomize(1)");
		CHECK_EQ(site(&t, 1)->timer->period, 100000, "us(100)");
		CHECK_EQ(site(&t, 2)->timer->period, 100000, "ns(100000)");
		CHECK_EQ(site(&t, 3)->timer->period, 1000000, "hz(1000)");
		/* M == N: the period stays at the 100 us floor, never 0 */
		CHECK_EQ(site(&t, 4)->timer->period, 100000, "ms(10) +- 10");
		CHECK_EQ(site(&t, 4)->timer->randomize, 20000000,
			 "ms randomize");
		CHECK_EQ(site(&t, 5)->timer->period, 7, "jiffies(7)");
		CHECK_EQ(site(&t, 5)->timer->randomize, 0, "no randomize");
	}
	done(&t);
	bad("timer", "E503", "'timer' is incomplete");
	bad("timer.ms", "E504", "'timer.ms' needs a number");
	bad("timer.ms(\"x\")", "E504", "needs a number");
	bad("timer.foo(1)", "E502", "'foo(1)' cannot follow 'timer'");
	bad("timer.ms(0)", "E505", "timer.ms interval 0 is out of range "
	    "(1 to 86400000)");
	bad("timer.us(10)", "E505", "(100 to 86400000000)");
	bad("timer.ns(50000)", "E505", "(100000 to 86400000000000)");
	bad("timer.s(86401)", "E505", "(1 to 86400)");
	bad("timer.hz(0)", "E505", "timer.hz frequency 0");
	bad("timer.hz(20000)", "E505", "(1 to 10000)");
	bad("timer.hz(10).randomize(1)", "E502", "'randomize(1)' cannot");
	bad("timer.ms(10).randomize(11)", "E505", "randomize value 11");
	bad("timer.ms(10).randomize(-1)", "E505", "randomize value -1");
	bad("timer.jiffies(0)", "E505", "(1 to 1000000000)");
	bad("timer.jiffies(5).randomize(6)", "E505", "(0 to 5)");
	bad("timer.profile.tick.randomize(1)", "E502", "randomize(1)");
	bad("timer.ms(5).x", "E502", "only '.randomize(N)'");
}

static char *path_in(const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", tmpdir, name) < 0)
		abort();
	return p;
}

static void write_file(const char *name, const char *text)
{
	char *p = path_in(name);
	FILE *f = fopen(p, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(p);
		exit(1);
	}
	free(p);
}

static int sh(const char *fmt, const char *a)
{
	char *cmd;
	int rc;

	if (asprintf(&cmd, fmt, tmpdir, a) < 0)
		abort();
	rc = system(cmd);
	free(cmd);
	return rc;
}

/* A System.map with the shapes that matter: text and data symbols,
 * section boundaries, compiler clones, CFI stubs, duplicates, padding
 * lines so it is not taken for a placeholder. */
static void write_fake_map(void)
{
	char *p = path_in("System.map");
	FILE *f = fopen(p, "w");
	int i;

	if (!f)
		abort();
	fputs("ffffffff81000000 T _stext\n"
	      "ffffffff81000100 T vfs_read\n"
	      "ffffffff81000200 T vfs_readv\n"
	      "ffffffff81000300 t vfs_readlink\n"
	      "ffffffff81000380 t vfs_readlink.cold\n"
	      "ffffffff81000390 t vfs_read_iter.isra.0\n"
	      "ffffffff810003f0 T __pfx_vfs_write\n"
	      "ffffffff81000400 T vfs_write\n"
	      "ffffffff81000500 W vfs_weak\n"
	      "ffffffff81000600 t dup_fn\n"
	      "ffffffff81000700 t dup_fn\n"
	      "ffffffff81000800 T do_exit\n"
	      "ffffffff81000900 T nokprobe_fn\n"
	      "ffffffff81000a00 T oops_begin\n"
	      "ffffffff82000000 D vfs_data\n"
	      "ffffffff81a00000 T __noinstr_text_start\n"
	      "ffffffff81a00010 T vfs_noinstr\n"
	      "ffffffff81a00100 T __noinstr_text_end\n"
	      "ffffffff81b00000 T __kprobes_text_start\n"
	      "ffffffff81b00010 t vfs_kprobes_fn\n"
	      "ffffffff81b00100 T __kprobes_text_end\n", f);
	for (i = 0; i < 150; i++)
		fprintf(f, "ffffffff8100%04x t filler_%d\n", 0x2000 + i * 16, i);
	fclose(f);
	setenv("STAPC_SYSTEM_MAP", p, 1);
	free(p);
}

/* A vmlinux-like ELF whose _kprobe_blacklist section holds the address
 * of nokprobe_fn, built with the host compiler. */
static bool write_fake_vmlinux(void)
{
	write_file("bl.c", "__attribute__((section(\"_kprobe_blacklist\"),"
		   " used)) unsigned long bl[] = { 0xffffffff81000900ul };\n"
		   "void _start(void) {}\n");
	if (sh("cd %s && gcc -nostdlib -static -o vmlinux bl.c 2>/dev/null",
	       "") != 0)
		return false;
	{
		char *p = path_in("vmlinux");

		setenv("STAPC_VMLINUX", p, 1);
		free(p);
	}
	return true;
}

/* A module directory with modules.dep and one .ko (a relocatable
 * object, as modules are) and one .ko.xz. */
static bool write_fake_modules(void)
{
	write_file("m.c", "int mod_open(void) { return 1; }\n"
		   "int mod_close(void) { return 2; }\n"
		   "static int __attribute__((used)) mod_static(void)"
		   " { return 3; }\nint mod_data = 4;\n");
	write_file("modules.dep", "kernel/fs/fake/fake_mod.ko:\n"
		   "kernel/fs/fake/xzmod.ko.xz: kernel/fs/fake/fake_mod.ko\n");
	if (sh("cd %s && mkdir -p kernel/fs/fake && gcc -c -O1 -o "
	       "kernel/fs/fake/fake_mod.ko m.c && cp kernel/fs/fake/fake_mod.ko"
	       " kernel/fs/fake/xzmod.ko && xz -f kernel/fs/fake/xzmod.ko%s",
	       "") != 0)
		return false;
	setenv("STAPC_MODULES_DIR", tmpdir, 1);
	return true;
}

static void test_functions(void)
{
	struct run t;
	size_t i;

	one("kernel.function(\"vfs_read\")", "kernel.function(\"vfs_read\")",
	    STP_SITE_KPROBE);
	one("kernel.function(\"vfs_read\").call",
	    "kernel.function(\"vfs_read\").call", STP_SITE_KPROBE);
	one("kprobe.function(\"vfs_weak\")", "kprobe.function(\"vfs_weak\")",
	    STP_SITE_KPROBE);
	one("kernel.function(\"vfs_read\").return.maxactive(5)",
	    "kernel.function(\"vfs_read\").return.maxactive(5)",
	    STP_SITE_KRETPROBE);
	one("kernel.function(\"do_exit\")", "kernel.function(\"do_exit\")",
	    STP_SITE_KPROBE);
	one("kernel.function(\"dup_fn\")", "kernel.function(\"dup_fn\")",
	    STP_SITE_KPROBE);

	resolve(&t, "kernel.function(\"vfs_*\").return", "x");
	CHECK(t.rc == 0 && t.sites.len == 5, "vfs_* -> 5 sites (got %zu)",
	      t.sites.len);
	{
		static const char *const want[] = {
			"vfs_read", "vfs_readlink", "vfs_readv", "vfs_weak",
			"vfs_write",
		};
		for (i = 0; i < t.sites.len && i < 5; i++) {
			const struct stp_site *s = site(&t, i);

			CHECK(strcmp(s->kprobe->symbol, want[i]) == 0 &&
			      s->optional && s->is_return &&
			      s->kind == STP_SITE_KRETPROBE &&
			      s->kprobe->maxactive == -1 && !s->kprobe->module,
			      "site %zu is %s (got %s)", i, want[i],
			      s->kprobe->symbol);
		}
		CHECK(t.sites.len && strcmp(site(&t, 0)->pp,
			"kernel.function(\"vfs_read\").return") == 0,
		      "wildcard pp names the symbol");
	}
	CHECK(said("W501") && said("skipping 2 functions") &&
	      said("vfs_kprobes_fn") && said("vfs_noinstr"),
	      "noinstr and kprobes text skipped with a warning: %s", diagbuf);
	done(&t);

	resolve(&t, "kernel.function(\"vfs_read?\"), "
		"kernel.function(\"vfs_[rw]*\"), kernel.function(\"nothing*\")?",
		"x");
	CHECK(t.rc == 0 && t.sites.len == 1 + 5, "? and [..] wildcards, "
	      "an empty wildcard is fine (%zu)", t.sites.len);
	done(&t);

	bad("kernel.function(\"vfs_raed\")", "E508",
	    "no function 'vfs_raed' in kernel 6.1.0-0-test");
	CHECK(said("did you mean 'vfs_read'?"), "did-you-mean for a function");
	bad("kernel.function(\"vfs_readlink.cold\")", "E508", "readlink.cold");
	bad("kernel.function(\"nothing*\")", "E508", "no function 'nothing*'");
	bad("kernel.function(\"vfs_noinstr*\")", "E508", "'vfs_noinstr*'");
	CHECK(said("W501"), "all skipped: the warning comes too");
	bad("kernel.function(\"vfs_data\")", "E508", "vfs_data");
	bad("kernel.function(\"__pfx_vfs_write\")", "E508", "__pfx_vfs_write");
	bad("kernel.function(\"vfs_noinstr\")", "E509", "'noinstr'");
	bad("kernel.function(\"vfs_kprobes_fn\")", "E509", ".kprobes.text");
	bad("kernel.function(\"do_exit\").return", "E509",
	    "does not return");
	bad("kernel.function(\"oops_begin\")", "E509", "crash path");
	bad("kernel.function(\"vfs_read@fs/read_write.c\")", "E506",
	    "source file or line");
	bad("kernel.function(\"vfs_read:12\")", "E506", "debuginfo");
	bad("kernel.function(\"vfs_read\").inline", "E506", "'.inline'");
	bad("kernel.statement(\"vfs_read@a.c:3\")", "E506",
	    "'kernel.statement(\"vfs_read@a.c:3\")'");
	bad("kernel.trace(\"sched_switch\")", "E507", "kernel.trace");
	bad("kernel.function(\"vfs_read\").maxactive(3)", "E502",
	    "'maxactive(3)' cannot follow");
	bad("kernel.function(\"vfs_read\").return.maxactive(40000)", "E505",
	    "(0 to 32767)");
	bad("kernel.function(\"\")", "E513", "needs a non-empty string");
	bad("kernel.function(3)", "E513", "needs a non-empty string");
	bad("kernel", "E503", "'kernel' is incomplete");
	bad("kernel.func(\"x\")", "E502", "expected '.function(\"NAME\")'");

	/* optional points: silence, no sites */
	resolve(&t, "kernel.function(\"no_such\") ?, "
		"kernel.function(\"vfs_noinstr\") ?", "x");
	CHECK(t.rc == 0 && t.sites.len == 0 && t.diag.errors == 0 &&
	      t.diag.warnings == 0, "optional misses are silent");
	done(&t);
}

static void test_blacklist(void)
{
	if (!write_fake_vmlinux()) {
		printf("SKIP: no host compiler for the fake vmlinux\n");
		return;
	}
	bad("kernel.function(\"nokprobe_fn\")", "E509", "NOKPROBE_SYMBOL");
	one("kernel.function(\"vfs_read\")", "kernel.function(\"vfs_read\")",
	    STP_SITE_KPROBE);
	setenv("STAPC_VMLINUX", "none", 1);
}

static void test_modules(void)
{
	struct run t;

	if (!write_fake_modules()) {
		printf("SKIP: no host compiler or xz for the fake modules\n");
		return;
	}
	resolve(&t, "module(\"fake_mod\").function(\"mod_*\").return", "x");
	CHECK(t.rc == 0 && t.sites.len == 3 &&
	      strcmp(site(&t, 0)->kprobe->symbol, "mod_close") == 0 &&
	      strcmp(site(&t, 2)->kprobe->symbol, "mod_static") == 0 &&
	      strcmp(site(&t, 0)->kprobe->module, "fake_mod") == 0 &&
	      strcmp(site(&t, 1)->pp, "module(\"fake_mod\").function("
		     "\"mod_open\").return") == 0,
	      "module functions, no data symbols (%zu sites) %s", t.sites.len,
	      diagbuf);
	done(&t);
	one("kprobe.module(\"fake-mod\").function(\"mod_open\")",
	    "kprobe.module(\"fake-mod\").function(\"mod_open\")",
	    STP_SITE_KPROBE);
	one("module(\"xzmod\").function(\"mod_close\")",
	    "module(\"xzmod\").function(\"mod_close\")", STP_SITE_KPROBE);
	bad("module(\"fake_mod\").function(\"mod_data\")", "E508",
	    "no function 'mod_data' in module 'fake_mod'");
	bad("module(\"nomod\").function(\"f\")", "E511", "'nomod'");
	bad("module(\"ext*\").function(\"f\")", "E507", "module(\"pattern\")");
}

static void test_listing(void)
{
	struct run t;
	struct stp_vec v = { 0 };
	struct stp_file *f;
	int rc;

	resolve(&t, "begin", "x");
	f = stp_parse(&t.ctx, stp_source_from_string(&t.ctx, "<l>",
		"probe kernel.function(\"vfs_re*\"), timer.ms(5) {}"));
	rc = stp_list_points(&t.r, f->decls->u.probe.points, &v);
	rc |= stp_list_points(&t.r, f->decls->u.probe.points->next, &v);
	CHECK(rc == 0 && v.len == 4 &&
	      strcmp(v.items[0], "kernel.function(\"vfs_read\")") == 0 &&
	      strcmp(v.items[2], "kernel.function(\"vfs_readv\")") == 0 &&
	      strcmp(v.items[3], "timer.ms(5)") == 0, "-l listing (%zu)",
	      v.len);
	stp_vec_free(&v);
	done(&t);
}

static void test_missing_map(void)
{
	write_file("placeholder", "ffffffffffffffff B The real System.map is "
		   "in the linux-image-<version>-dbg package\n");
	{
		char *p = path_in("placeholder");

		setenv("STAPC_SYSTEM_MAP", p, 1);
		free(p);
	}
	bad("kernel.function(\"vfs_read\")", "E510", "not a real symbol map");
	CHECK(said("install the package linux-image-6.1.0-0-test-dbg"),
	      "hint names the -dbg package");
	unsetenv("STAPC_SYSTEM_MAP");
	{
		struct run t;

		resolve(&t, "kernel.function(\"vfs_read\")", "9.9.9-nope");
		CHECK(t.rc == -1 && said("E510") &&
		      said("linux-image-9.9.9-nope-dbg"),
		      "no map for an unknown kernel: %s", diagbuf);
		done(&t);
	}
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The real map of the target kernel, when installed. */
static void test_real_map(void)
{
	/* testsuite/run names the kernel the project targets (scripts/kver) */
	const char *kver = getenv("STAPC_TEST_KVER");
	char *map = NULL;
	struct stp_kernel_syms *k;
	const struct stp_ksym *s;
	const struct stp_ksym **m;
	char *why = NULL;
	double t0, t1, t2;
	size_t n;

	if (!kver || !*kver) {
		printf("SKIP: STAPC_TEST_KVER is not set (testsuite/run sets it "
		       "from scripts/kver)\n");
		return;
	}
	map = stp_xasprintf("/usr/lib/debug/boot/System.map-%s", kver);
	if (access(map, R_OK)) {
		printf("SKIP: no %s (linux-image-%s-dbg)\n", map, kver);
		free(map);
		return;
	}
	free(map);
	unsetenv("STAPC_SYSTEM_MAP");
	unsetenv("STAPC_VMLINUX");
	unsetenv("STAPC_MODULES_DIR");
	t0 = now_ms();
	k = stp_ksyms_load(kver, false, &why);
	t1 = now_ms();
	CHECK(k != NULL, "real %s map loads", kver);
	if (!k) {
		free(why);
		return;
	}
	printf("info: System.map load %.2f ms, %zu function names\n",
	       t1 - t0, k->kernel.n);
	n = stp_symtab_match(&k->kernel, "vfs_*", &m);
	t2 = now_ms();
	printf("info: vfs_* matches %zu in %.2f ms\n", n, t2 - t1);
	free(m);
	s = stp_symtab_lookup(&k->kernel, "vfs_read");
	CHECK(s && !stp_ksyms_unprobeable(k, &k->kernel, s, false),
	      "vfs_read probeable");
	t1 = now_ms();
	s = stp_symtab_lookup(&k->kernel, "aggr_pre_handler");
	CHECK(s && stp_ksyms_unprobeable(k, &k->kernel, s, false),
	      "aggr_pre_handler refused: %s",
	      s ? stp_ksyms_unprobeable(k, &k->kernel, s, false) : "-");
	printf("info: NOKPROBE list from vmlinux: %zu addresses, %.2f ms%s%s\n",
	       k->nnoprobe, now_ms() - t1, k->noprobe_note ? ": " : "",
	       k->noprobe_note ? k->noprobe_note : "");
	s = stp_symtab_lookup(&k->kernel, "__rcu_irq_enter_check_tick");
	CHECK(s && stp_ksyms_unprobeable(k, &k->kernel, s, false),
	      "__rcu_irq_enter_check_tick refused (NOKPROBE)");
	s = stp_symtab_lookup(&k->kernel, "exc_int3");
	CHECK(s && stp_ksyms_unprobeable(k, &k->kernel, s, false),
	      "exc_int3 refused (noinstr)");
	{
		struct stp_symtab *e = stp_ksyms_module(k, "ext4", &why);

		CHECK(e && stp_symtab_lookup(e, "ext4_file_open"),
		      "ext4.ko has ext4_file_open (%s)", why ? why : "");
		free(why);
	}
	stp_ksyms_free(k);
}

/* Is `probe POINT {}`'s point a built-in one (not an alias name)? */
static bool builtin(const char *point)
{
	struct run t;
	bool yes;

	memset(&t, 0, sizeof(t));
	stp_arena_init(&t.arena);
	t.msgs = fmemopen(diagbuf, sizeof(diagbuf), "w");
	stp_diag_init(&t.diag, t.msgs);
	t.ctx.arena = &t.arena;
	t.ctx.diag = &t.diag;
	t.ctx.env = &env;
	{
		struct stp_file *f = stp_parse(&t.ctx, stp_source_from_string(
			&t.ctx, "<input>",
			stp_arena_printf(&t.arena, "probe %s {}", point)));

		yes = f && f->decls &&
		      stp_is_builtin_point(f->decls->u.probe.points);
	}
	fclose(t.msgs);
	stp_arena_free(&t.arena);
	return yes;
}

/* Globs in names match the families' shapes, in the order of their
 * text, quietly dropping the expansions that fail; '!' implies '?'. */
static void test_globs(void)
{
	struct run t;

	CHECK(builtin("beg*") && builtin("time*.s(1)") &&
	      builtin("kerne*.funct*(\"f\")") && builtin("timer.*(1)"),
	      "globs of built-in points are built-in");
	CHECK(!builtin("syscall.*") && !builtin("foo*.bar") &&
	      !builtin("time*.s(\"x\")"),
	      "globs no family's shape matches are left to the aliases");
	resolve(&t, "timer.*(1)", "x");
	CHECK(t.rc == 0 && t.sites.len == 6 && t.diag.errors == 0 &&
	      strcmp(site(&t, 0)->pp, "timer.hz(1)") == 0 &&
	      strcmp(site(&t, 5)->pp, "timer.sec(1)") == 0,
	      "timer.*(1): hz jiffies ms msec s sec, no error (%zu) %s",
	      t.sites.len, diagbuf);
	done(&t);
	resolve(&t, "beg*(-3)", "x");
	CHECK(t.rc == 0 && t.sites.len == 1 &&
	      site(&t, 0)->kind == STP_SITE_BEGIN &&
	      site(&t, 0)->once->priority == -3, "beg*(-3) is begin(-3)");
	done(&t);
	bad("time*.s(0)", "E505", "timer.s interval 0");
	bad("foo*.bar", "E501", "built-in probe points start with begin");
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("STAPC_VMLINUX", "none", 1);
	test_once();
	test_timers();
	test_globs();
	write_fake_map();
	test_functions();
	test_blacklist();
	test_modules();
	test_listing();
	test_missing_map();
	test_real_map();
	sh("rm -rf %s%s", "");
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed != 0;
}
