/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gen-script.c - writes a realistic SystemTap script of N lines (default
 * 5000) to stdout, for the pass-1 benchmark (bench/p1-bench).
 *
 *   gen-script [N]
 *
 * The script mixes what real scripts hold: comments, @define macros and
 * their uses, globals (scalars, arrays, statistics), functions with
 * while/for/foreach loops and if/else, probes on kernel.function (and
 * .return), timer, begin and end, aggregations (<<<, @count, @avg,
 * @hist_log), printf with format strings, string concatenation, and
 * %( kernel_v >= "5.0" %? ... %: ... %) conditionals.  The output is
 * deterministic (a fixed-seed generator): the same N gives the same text.
 * Both stapc and SystemTap 4.8 accept it with -p1.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long long rng_state = 0x5eed2024cafef00dULL;
static long lines;		/* lines written so far */

/* xorshift64*: small, fast, and the same on every platform */
static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

/* printf that counts the lines it writes */
static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	va_list ap;
	const char *p;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	for (p = fmt; *p; p++)
		if (*p == '\n')
			lines++;
}

static const char *const kfuncs[] = {
	"vfs_read", "vfs_write", "vfs_open", "do_sys_open", "tcp_sendmsg",
	"tcp_recvmsg", "udp_sendmsg", "schedule", "do_fork", "kmalloc",
	"kfree", "ext4_file_write_iter", "submit_bio", "blk_mq_start_request",
	"__x64_sys_openat", "do_exit", "sock_sendmsg", "filemap_fault",
	"handle_mm_fault", "try_to_wake_up",
};
#define NKFUNCS (sizeof(kfuncs) / sizeof(kfuncs[0]))

static const char *const words[] = {
	"read", "write", "open", "close", "net", "disk", "sched", "mem",
	"fault", "wake", "io", "tcp",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

#define NGLOBALS 24		/* of each kind */
static int nfuncs;		/* functions defined so far */

static void comment(void)
{
	switch (rnd(3)) {
	case 0:
		out("# %s accounting: counts and latencies per process\n",
		    words[rnd(NWORDS)]);
		break;
	case 1:
		out("// track %s activity; see the end probe for the report\n",
		    words[rnd(NWORDS)]);
		break;
	default:
		out("/*\n * %s statistics are kept per execname() and per "
		    "tid().\n * The report is printed at the end.\n */\n",
		    words[rnd(NWORDS)]);
	}
}

static void macros(void)
{
	out("@define MAX(a, b) %%( ((@a) > (@b) ? (@a) : (@b)) %%)\n");
	out("@define MIN(a, b) %%( ((@a) < (@b) ? (@a) : (@b)) %%)\n");
	out("@define NS_PER_US %%( 1000 %%)\n");
	out("@define LIMIT %%( 10 %%)\n");
	out("@define TAG(s) %%( \"[\" . @s . \"]\" %%)\n");
	out("@define BUMP(arr, key) %%( @arr[@key]++ %%)\n");
	out("\n");
}

static void globals(void)
{
	int i;

	out("# counters, statistics and state\n");
	for (i = 0; i < NGLOBALS; i++) {
		out("global count_%d, bytes_%d%s\n", i, i,
		    rnd(4) ? "" : "[4096]");
		out("global lat_%d, names_%d, total_%d = %u\n", i, i, i,
		    rnd(100));
	}
	out("global verbose = 0, tag = \"stapc\"\n\n");
}

static void function(void)
{
	int n = nfuncs++;
	int g = rnd(NGLOBALS);

	if (rnd(2)) {
		out("function fn_%d:long(nmax:long, scale) {\n", n);
		out("\tsum = 0\n");
		out("\tfor (i = 0; i < nmax; i++) {\n");
		out("\t\tif (i %% %u == 0)\n", 2 + rnd(7));
		out("\t\t\tcontinue\n");
		out("\t\telse if (i > @MAX(nmax / 2, %u))\n", 1 + rnd(50));
		out("\t\t\tbreak\n");
		out("\t\tsum += i * scale + (i << 2) - (i & 0x%x)\n",
		    rnd(256));
		out("\t}\n");
		out("\twhile (sum > %u && nmax-- > 0)\n", 1000 + rnd(9000));
		out("\t\tsum /= 2\n");
		out("\tforeach ([k] in count_%d- limit @LIMIT)\n", g);
		out("\t\tsum += count_%d[k] %% 7\n", g);
		out("\treturn sum ? sum : -1\n");
		out("}\n\n");
	} else {
		out("function fn_%d:string(name:string, n:long) {\n", n);
		out("\ts = \"\"\n");
		out("\tif (n < 0) {\n");
		out("\t\treturn sprintf(\"%%s: bad count %%d\", name, n)\n");
		out("\t} else if (strlen(name) > %u) {\n", 8 + rnd(24));
		out("\t\ts = substr(name, 0, %u) . \"...\"\n", 4 + rnd(8));
		out("\t} else {\n");
		out("\t\ts = @TAG(name) . \" \" . tag\n");
		out("\t}\n");
		out("\tforeach ([p, t] in names_%d+) {\n", g);
		out("\t\tif (p == name && t != n)\n");
		out("\t\t\ts .= sprintf(\" %%d/%%d\", t, names_%d[p, t])\n", g);
		out("\t}\n");
		out("\treturn s . (verbose ? \" (\" . %s . \")\" : \"\")\n",
		    rnd(2) ? "execname()" : "sprint(pid())");
		out("}\n\n");
	}
}

static void kprobe(void)
{
	const char *f = kfuncs[rnd(NKFUNCS)];
	int g = rnd(NGLOBALS);

	if (rnd(3)) {
		out("probe kernel.function(\"%s\")%s {\n", f,
		    rnd(2) ? "" : "?");
		out("\tcount_%d[execname()] <<< 1\n", g);
		out("\tnames_%d[execname(), tid()]++\n", g);
		out("\t@BUMP(bytes_%d, tid())\n", g);
		out("\tif (verbose && count_%d[execname()] == 0)\n", g);
		out("\t\tprintf(\"%%s(%%d) entered %%s\\n\", execname(), "
		    "pid(), ppfunc())\n");
		out("}\n\n");
	} else {
		out("probe kernel.function(\"%s\").return {\n", f);
		out("\tdelta = gettimeofday_ns() - @entry(gettimeofday_ns())\n");
		out("\tlat_%d[execname()] <<< delta / @NS_PER_US\n", g);
		out("\tbytes_%d[tid()] += $return > 0 ? $return : 0\n", g);
		out("\ttotal_%d += 1\n", g);
		out("}\n\n");
	}
}

static void conditional(void)
{
	int g = rnd(NGLOBALS);

	out("%%( kernel_v >= \"%u.%u\" %%?\n", 4 + rnd(3), rnd(20));
	out("probe kernel.function(\"%s\") {\n", kfuncs[rnd(NKFUNCS)]);
	out("\ttotal_%d += @MIN(%u, 1 + %u)\n", g, 1 + rnd(9), rnd(9));
	out("}\n");
	out("%%:\n");
	out("probe kernel.function(\"%s\") {\n", kfuncs[rnd(NKFUNCS)]);
	out("\ttotal_%d++\n", g);
	out("}\n");
	out("%%)\n\n");
}

static void timer(void)
{
	int g = rnd(NGLOBALS);

	out("probe timer.%s(%u) {\n", rnd(2) ? "ms" : "s", 1 + rnd(1000));
	out("\tif (total_%d == 0)\n", g);
	out("\t\tnext\n");
	out("\tprintf(\"%%-16s %%8s %%10s\\n\", \"NAME\", \"COUNT\", \"AVG\")\n");
	out("\tforeach (name in lat_%d- limit %u) {\n", g, 5 + rnd(20));
	out("\t\tprintf(\"%%-16s %%8d %%10d\\n\", name, @count(lat_%d[name]),\n",
	    g);
	out("\t\t       @avg(lat_%d[name]))\n", g);
	out("\t}\n");
	if (nfuncs && rnd(2))
		out("\tprintln(fn_%d(%s, %u))\n", rnd(nfuncs),
		    "\"timer\"", rnd(100));
	out("\tdelete lat_%d\n", g);
	out("}\n\n");
}

static void begin_end(void)
{
	int i;

	out("probe begin {\n");
	out("\tprintf(\"%%s: tracing, Ctrl-C to stop\\n\", tag)\n");
	out("\tverbose = %s\n", "$# > 0");
	out("}\n\n");
	out("probe end {\n");
	for (i = 0; i < 4; i++) {
		out("\tforeach (k in lat_%d) {\n", i);
		out("\t\tprintf(\"%%s: %%d calls, min %%d max %%d\\n\", k,\n");
		out("\t\t       @count(lat_%d[k]), @min(lat_%d[k]), "
		    "@max(lat_%d[k]))\n", i, i, i);
		out("\t\tprint(@hist_log(lat_%d[k]))\n", i);
		out("\t}\n");
	}
	out("}\n");
}

int main(int argc, char **argv)
{
	long target = argc > 1 ? atol(argv[1]) : 5000;

	out("#! stap -p1\n");
	out("# generated by bench/gen-script.c: a %ld-line benchmark script\n",
	    target);
	out("\n");
	macros();
	globals();
	/* The largest unit is under 30 lines; keep room for begin/end. */
	while (lines < target - 60) {
		switch (rnd(10)) {
		case 0:
			comment();
			break;
		case 1:
		case 2:
		case 3:
			function();
			break;
		case 4:
		case 5:
		case 6:
			kprobe();
			break;
		case 7:
			conditional();
			break;
		default:
			timer();
		}
	}
	begin_end();
	while (lines < target)
		out("# padding to %ld lines\n", target);
	return 0;
}
