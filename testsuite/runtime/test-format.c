// SPDX-License-Identifier: GPL-2.0-only
/* test-format.c - host unit test of runtime/format (parser and renderer).
 *
 * Where SystemTap's printf agrees with C (most of %d %i %u %o %x %X %c %s
 * with flags, width and precision), the renderer is compared with glibc's
 * snprintf over generated combinations; where SystemTap differs, the
 * expected output is written out, with the source of the fact:
 *   [man]  stap(1), section "printf formatting directives" (SystemTap 4.8)
 *   [vsp]  SystemTap 4.8's runtime/vsprintf.c (_stp_vsnprintf, number(),
 *          _stp_vsprint_char, _stp_vsprint_memory, _stp_vsprint_binary)
 *   [p1]   stap 4.8 -p1: whether the translator accepts the format
 *   [p3]   stap 4.8 -p3: the format the translator hands to the runtime
 *          (staptree.cxx components_to_string), e.g. "%.0s" becomes "%s"
 * Prints one line per check (one per group for the generated sweeps) and
 * exits 1 if any check failed.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

static int npass, nfail;

static void report(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void report(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		npass++;
	else
		nfail++;
	printf("%s %d - ", ok ? "ok" : "FAIL", npass + nfail);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* @n bytes at @s as a C-like literal, in a static buffer (two in turn). */
static const char *show(const char *s, size_t n)
{
	static char bufs[4][4096];
	static int which;
	char *b = bufs[which++ & 3], *d = b;
	size_t i;

	*d++ = '"';
	for (i = 0; i < n && d < b + sizeof(bufs[0]) - 8; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			d += sprintf(d, "\\%c", c);
		else if (c == '\n')
			d += sprintf(d, "\\n");
		else if (c < 0x20 || c >= 0x7f)
			d += sprintf(d, "\\x%02x", c);
		else
			*d++ = (char)c;
	}
	*d++ = '"';
	*d = '\0';
	return b;
}

/* ---- parser ----------------------------------------------------------------- */

/* The pieces as text: 'literal' and [flags width.precision conv]. */
static void describe(const struct _stp_fmt_spec *sp, int n, char *d)
{
	static const char convs[] = "?duoxXpcsbmM";
	int i;

	*d = '\0';
	for (i = 0; i < n; i++) {
		const struct _stp_fmt_spec *s = &sp[i];

		if (i)
			strcat(d, " ");
		d += strlen(d);
		if (s->conv == STP_FMT_LITERAL) {
			const char *t = show(s->text, s->len);

			sprintf(d, "'%.*s'", (int)strlen(t) - 2, t + 1);
			continue;
		}
		*d++ = '[';
		if (s->flags & STP_FMT_F_LEFT)
			*d++ = '-';
		if (s->flags & STP_FMT_F_ZERO)
			*d++ = '0';
		if (s->flags & STP_FMT_F_PLUS)
			*d++ = '+';
		if (s->flags & STP_FMT_F_SPACE)
			*d++ = ' ';
		if (s->flags & STP_FMT_F_ALT)
			*d++ = '#';
		if (s->width == STP_FMT_STAR)
			*d++ = '*';
		else if (s->width != STP_FMT_NONE)
			d += sprintf(d, "%d", s->width);
		if (s->precision == STP_FMT_STAR)
			d += sprintf(d, ".*");
		else if (s->precision != STP_FMT_NONE)
			d += sprintf(d, ".%d", s->precision);
		*d++ = s->conv < STP_FMT_NCONV ? convs[s->conv] : '?';
		*d++ = ']';
		*d = '\0';
	}
}

/* Formats SystemTap accepts [p1], and what they mean [p3]. */
static const struct {
	const char *fmt;
	const char *pieces;
} parse_ok[] = {
	{ "", "" },
	{ "plain text", "'plain text'" },
	{ "x=%-5d\n", "'x=' [-5d] '\\n'" },
	{ "%d%i%u%o%x%X", "[d] [d] [u] [o] [x] [X]" },
	{ "%c%s%b%m%M", "[c] [s] [b] [m] [M]" },
	{ "%p", "[#p]" },			/* [p3] "%#p": %p is %#x */
	{ "%5.3d", "[5.3d]" },
	{ "%*d %.*d %*.*s", "[*d] ' ' [.*d] ' ' [*.*s]" },
	{ "%%", "'%'" },
	{ "100%% done", "'100%' ' done'" },
	{ "a%%b", "'a%' 'b'" },
	{ "%%%%", "'%' '%'" },
	{ "%%%d", "'%' [d]" },
	{ "%ld %lx %ls %lc %lp %lb %lm %lM",	/* [p3] one 'l', ignored */
	  "[d] ' ' [x] ' ' [s] ' ' [c] ' ' [#p] ' ' [b] ' ' [m] ' ' [M]" },
	{ "%-d %0d %+d % d %#d", "[-d] ' ' [0d] ' ' [+d] ' ' [ d] ' ' [#d]" },
	{ "%00d", "[0d]" },		/* [p3] "%0lld": flag 0, width 0 */
	{ "%-05d", "[-5d]" },		/* [p3] "%-5lld": one flag only */
	{ "%+05d", "[+5d]" },		/* [p3] "%+5lld" */
	{ "%-0b", "[-b]" },		/* [p3] "%-b": width 0 dropped */
	{ "%0.0d", "[0d]" },		/* [p3] "%0lld" */
	{ "%.0s", "[s]" },		/* [p3] "%s": precision 0 dropped */
	{ "%.0m", "[m]" },		/* [p3] "%m" */
	{ "%.d", "[d]" },		/* [p3] "%lld": '.' alone */
	{ "%5.d", "[5d]" },		/* [p3] "%5lld" */
	{ "%-.d", "[-d]" },		/* [p3] "%-lld" */
	{ "%.*M", "[.*M]" },
	{ "%#m %#M %0M %0s", "[#m] ' ' [#M] ' ' [0M] ' ' [0s]" },
	{ "%+s %#s %+c %0c %05c", "[+s] ' ' [#s] ' ' [+c] ' ' [0c] ' ' [05c]" },
	{ "%#5p %0p %+p", "[#5p] ' ' [0#p] ' ' [+#p]" },	/* [p3] %0#p, %+#p */
	{ "%#b %.3b %4b %16.2b", "[#b] ' ' [.3b] ' ' [4b] ' ' [16.2b]" },
	{ "%12345678901d", "[2147483647d]" },	/* saturates; see format.c */
	{ "%l", "" },			/* [p1][p3] dropped silently */
	{ "a%l", "'a'" },		/* [p3] _stp_print ("a") */
	{ "a%.l", "'a'" },		/* [p3] _stp_print ("a") */
	{ "%.", "" },
	{ "%d%l", "[d]" },		/* [p3] "%lld" */
	{ "%.*ld", "[.*d]" },
};

/* Formats SystemTap rejects [p1], with where and why we say so. */
static const struct {
	const char *fmt;
	int code;
	unsigned int offset;
} parse_ko[] = {
	{ "%", STP_FMT_E_PERCENT_END, 0 },
	{ "abc%", STP_FMT_E_PERCENT_END, 3 },
	{ "%%%", STP_FMT_E_PERCENT_END, 2 },
	{ "%5", STP_FMT_E_INCOMPLETE, 0 },
	{ "x %-", STP_FMT_E_INCOMPLETE, 2 },
	{ "%*", STP_FMT_E_INCOMPLETE, 0 },
	{ "%.*", STP_FMT_E_INCOMPLETE, 0 },
	{ "%.5", STP_FMT_E_INCOMPLETE, 0 },
	{ "%-l", STP_FMT_E_INCOMPLETE, 0 },
	{ "%5l", STP_FMT_E_INCOMPLETE, 0 },
	{ "%d%5.", STP_FMT_E_INCOMPLETE, 2 },
	{ "%q", STP_FMT_E_CONV, 1 },
	{ "%n", STP_FMT_E_CONV, 1 },
	{ "%S", STP_FMT_E_CONV, 1 },
	{ "%D", STP_FMT_E_CONV, 1 },
	{ "%I", STP_FMT_E_CONV, 1 },
	{ "%U", STP_FMT_E_CONV, 1 },
	{ "%O", STP_FMT_E_CONV, 1 },
	{ "%C", STP_FMT_E_CONV, 1 },
	{ "%P", STP_FMT_E_CONV, 1 },
	{ "%B", STP_FMT_E_CONV, 1 },
	{ "%\nd", STP_FMT_E_CONV, 1 },
	{ "%'d", STP_FMT_E_CONV, 1 },
	{ "%**d", STP_FMT_E_CONV, 2 },
	{ "%5*d", STP_FMT_E_CONV, 2 },
	{ "%*5d", STP_FMT_E_CONV, 2 },
	{ "%..5d", STP_FMT_E_CONV, 2 },
	{ "%.-3d", STP_FMT_E_CONV, 2 },
	{ "%l5d", STP_FMT_E_CONV, 2 },
	{ "%l|", STP_FMT_E_CONV, 2 },
	{ "%.l|", STP_FMT_E_CONV, 3 },
	{ "ok %d then %y", STP_FMT_E_CONV, 12 },
	{ "%5 d", STP_FMT_E_CONV, 2 },
	{ "%e", STP_FMT_E_FLOAT, 1 },
	{ "%f", STP_FMT_E_FLOAT, 1 },
	{ "%10.3g", STP_FMT_E_FLOAT, 5 },
	{ "%-+d", STP_FMT_E_FLAGS, 2 },
	{ "%+-5d", STP_FMT_E_FLAGS, 2 },
	{ "%#-x", STP_FMT_E_FLAGS, 2 },
	{ "%-#x", STP_FMT_E_FLAGS, 2 },
	{ "%0-5d", STP_FMT_E_FLAGS, 2 },
	{ "%--d", STP_FMT_E_FLAGS, 2 },
	{ "%-+ #0d", STP_FMT_E_FLAGS, 2 },
	{ "%-0+d", STP_FMT_E_FLAGS, 3 },
	{ "%lld", STP_FMT_E_LENGTH, 2 },
	{ "%llld", STP_FMT_E_LENGTH, 2 },
	{ "%ll", STP_FMT_E_LENGTH, 2 },
	{ "%Ld", STP_FMT_E_LENGTH, 1 },
	{ "%Lx", STP_FMT_E_LENGTH, 1 },
	{ "%L", STP_FMT_E_LENGTH, 1 },
	{ "%hd", STP_FMT_E_LENGTH, 1 },
	{ "%hhd", STP_FMT_E_LENGTH, 1 },
	{ "%zd", STP_FMT_E_LENGTH, 1 },
	{ "%jd", STP_FMT_E_LENGTH, 1 },
	{ "%1$d", STP_FMT_E_POSITIONAL, 2 },
	{ "%5$", STP_FMT_E_POSITIONAL, 2 },
	{ "%5%", STP_FMT_E_PERCENT_SPEC, 2 },
	{ "%-5%", STP_FMT_E_PERCENT_SPEC, 3 },
	{ "%*%", STP_FMT_E_PERCENT_SPEC, 2 },
	{ "%.*%", STP_FMT_E_PERCENT_SPEC, 3 },
	{ "%l%", STP_FMT_E_PERCENT_SPEC, 2 },
	{ "%l%d", STP_FMT_E_PERCENT_SPEC, 2 },
};

static void test_parse(void)
{
	struct _stp_fmt_spec sp[32];
	struct _stp_fmt_error err;
	char got[1024];
	size_t i;
	int n;

	for (i = 0; i < ARRAY_SIZE(parse_ok); i++) {
		n = _stp_format_parse(parse_ok[i].fmt, sp, 32, &err);
		if (n >= 0)
			describe(sp, n, got);
		else
			sprintf(got, "error %d at %u", err.code, err.offset);
		report(n >= 0 && !strcmp(got, parse_ok[i].pieces),
		       "parse %s -> %s", show(parse_ok[i].fmt,
					      strlen(parse_ok[i].fmt)), got);
	}
	for (i = 0; i < ARRAY_SIZE(parse_ko); i++) {
		err.code = -1;
		n = _stp_format_parse(parse_ko[i].fmt, sp, 32, &err);
		report(n == -parse_ko[i].code && err.code == parse_ko[i].code &&
		       err.offset == parse_ko[i].offset,
		       "parse %s rejected: %s at offset %u (want code %d at %u)",
		       show(parse_ko[i].fmt, strlen(parse_ko[i].fmt)),
		       n < 0 ? _stp_format_strerror(n) : "accepted",
		       err.offset, parse_ko[i].code, parse_ko[i].offset);
	}

	/* counting: only max pieces are stored, the count is the total */
	memset(sp, 0x5a, sizeof(sp));
	n = _stp_format_parse("a%db%sc", sp, 2, NULL);
	report(n == 5 && sp[0].conv == STP_FMT_LITERAL &&
	       sp[1].conv == STP_FMT_SIGNED && sp[2].conv == 0x5a,
	       "parse with max 2 stores 2 of 5 pieces (got %d)", n);
	n = _stp_format_parse("a%db%sc", NULL, 0, NULL);
	report(n == 5, "parse with no array measures: %d pieces", n);

	/* offsets, and literal text pointing into the format */
	{
		static const char f[] = "ab%5dcd%%e%s";

		n = _stp_format_parse(f, sp, 32, &err);
		report(n == 5 && sp[0].offset == 0 && sp[1].offset == 2 &&
		       sp[2].offset == 5 && sp[2].text == f + 5 &&
		       sp[2].len == 3 && sp[3].offset == 9 && sp[3].len == 1 &&
		       sp[4].offset == 10 && err.code == STP_FMT_OK,
		       "parse %s: offsets 0 2 5 9 10, literals point into it",
		       show(f, strlen(f)));
	}

	/* argument kinds and counts, for the translator's type check */
	{
		static const struct {
			const char *fmt;
			int kind;
			int nargs;
		} k[] = {
			{ "%d", STP_FMT_ARG_NUMBER, 1 },
			{ "%i", STP_FMT_ARG_NUMBER, 1 },
			{ "%u", STP_FMT_ARG_NUMBER, 1 },
			{ "%o", STP_FMT_ARG_NUMBER, 1 },
			{ "%x", STP_FMT_ARG_NUMBER, 1 },
			{ "%X", STP_FMT_ARG_NUMBER, 1 },
			{ "%p", STP_FMT_ARG_NUMBER, 1 },
			{ "%c", STP_FMT_ARG_NUMBER, 1 },	/* [p1] long */
			{ "%b", STP_FMT_ARG_NUMBER, 1 },
			{ "%m", STP_FMT_ARG_NUMBER, 1 },	/* [p1] address */
			{ "%M", STP_FMT_ARG_NUMBER, 1 },
			{ "%s", STP_FMT_ARG_STRING, 1 },
			{ "%*s", STP_FMT_ARG_STRING, 2 },
			{ "%.*s", STP_FMT_ARG_STRING, 2 },
			{ "%*.*M", STP_FMT_ARG_NUMBER, 3 },
			{ "lit", STP_FMT_ARG_NONE, 0 },
		};

		for (i = 0; i < ARRAY_SIZE(k); i++) {
			n = _stp_format_parse(k[i].fmt, sp, 32, NULL);
			report(n == 1 && (int)_stp_format_arg_kind(sp) == k[i].kind &&
			       _stp_format_spec_nargs(sp) == k[i].nargs,
			       "%s takes %d argument(s), value kind %d",
			       k[i].fmt, k[i].nargs, k[i].kind);
		}
		n = _stp_format_parse("%d %*.*s %s %%", sp, 32, NULL);
		report(_stp_format_nargs(sp, n) == 5,
		       "\"%%d %%*.*s %%s %%%%\" takes 5 arguments");
	}

	report(!strcmp(_stp_format_strerror(-STP_FMT_E_LENGTH),
		       _stp_format_strerror(STP_FMT_E_LENGTH)) &&
	       !strcmp(_stp_format_strerror(999), "unknown format error"),
	       "strerror takes code or -code; unknown codes are safe");
	for (i = 0; i < STP_FMT_NERR; i++)
		if (!_stp_format_strerror((int)i))
			break;
	report(i == STP_FMT_NERR, "every error code has a message");
}

/* ---- renderer: helpers ------------------------------------------------------- */

#define N(x) ((union _stp_fmt_arg){ .num = (s64)(x) })
#define S(s) ((union _stp_fmt_arg){ .str = { (s), sizeof(s) - 1 } })
#define ARGS(...) ((union _stp_fmt_arg[]){ __VA_ARGS__ })
#define NARGS(...) ((int)(sizeof(ARGS(__VA_ARGS__)) / sizeof(union _stp_fmt_arg)))

/* fake memory for %m and %M: 64 bytes at FAKE_BASE, the rest faults */
#define FAKE_BASE 0x1000
static u8 fake_mem[64];
static int fake_calls, fake_user;
static size_t fake_bytes;

static int fake_read(void *ctx, void *dst, u64 addr, size_t len, bool user)
{
	fake_calls++;
	fake_user = user;
	fake_bytes += len;
	if (addr < FAKE_BASE || addr + len > FAKE_BASE + sizeof(fake_mem) ||
	    addr + len < addr)
		return -1;
	memcpy(dst, fake_mem + (addr - FAKE_BASE), len);
	return 0;
}

/* Renders @fmt into a @size-byte buffer (field_max 256): length or -err. */
static int render(char *dst, size_t size, const char *fmt,
		  const union _stp_fmt_arg *args, int nargs)
{
	struct _stp_fmt_spec sp[32];
	struct _stp_out out;
	int n;

	n = _stp_format_parse(fmt, sp, 32, NULL);
	if (n < 0 || n > 32)
		return -1000;
	_stp_out_init(&out, dst, size);
	out.field_max = 256;
	out.read = fake_read;
	return _stp_format_render(&out, sp, n, args, nargs);
}

static void expect(int line, const char *fmt, const char *want, size_t wlen,
		   const union _stp_fmt_arg *args, int nargs)
{
	char got[1024];
	int n = render(got, sizeof(got), fmt, args, nargs);

	report(n == (int)wlen && !memcmp(got, want, wlen),
	       "line %d: %s -> %s%s%s", line, show(fmt, strlen(fmt)),
	       n >= 0 ? show(got, (size_t)n) : "error",
	       n == (int)wlen && !memcmp(got, want, wlen) ? "" : ", want ",
	       n == (int)wlen && !memcmp(got, want, wlen) ? "" : show(want, wlen));
}

/* EXPECT(format, "expected bytes", arguments...) */
#define EXPECT(fmt, want, ...) \
	expect(__LINE__, fmt, want, sizeof(want) - 1, ARGS(__VA_ARGS__), \
	       NARGS(__VA_ARGS__))
#define EXPECT0(fmt, want) \
	expect(__LINE__, fmt, want, sizeof(want) - 1, NULL, 0)

/* ---- renderer: sweeps against glibc ------------------------------------------- */

static const s64 sweep_values[] = {
	0, 1, -1, 7, 8, 9, 10, 15, 16, 17, 99, 100, 255, 256, 1000, -1000,
	12345, -12345, 0x7fffffff, -0x7fffffff - 1, 0xffffffffLL,
	0x100000000LL, 0x123456789abcdef0LL, -0x123456789abcdef0LL,
	S64_MAX, S64_MIN, S64_MIN + 1, 01234567, 0xdeadbeefLL, -42,
};
static const int sweep_widths[] = { -1, 1, 2, 5, 21, 25 };
static const int sweep_precs[] = { -1, 1, 2, 5, 21, 25 };
static const char sweep_flags[] = "\0-0+ #";

/* "%" [flag] [width] [.prec] [ll] conv */
static void make_fmt(char *f, char flag, int w, int p, const char *len,
		     char conv)
{
	f += sprintf(f, "%%");
	if (flag)
		*f++ = flag;
	if (w >= 0)
		f += sprintf(f, "%d", w);
	if (p >= 0)
		f += sprintf(f, ".%d", p);
	sprintf(f, "%s%c", len, conv);
}

/*
 * What SystemTap prints for a number, computed with glibc where C agrees
 * and by SystemTap's rules [vsp] number() where it does not:
 *  - '#' with o/x/X: the prefix is always added ("0x0", "00"), octal's 0
 *    on top of the precision: prefix + C's digits, then the field;
 *  - '0' with a precision still zero-fills the field (C ignores '0').
 */
static int model_number(char *d, char conv, char flag, int w, int p, s64 v)
{
	char f[64], body[128], tmp[160];

	if (flag == '#' && (conv == 'o' || conv == 'x' || conv == 'X')) {
		make_fmt(f, 0, -1, p, "ll", conv);
		snprintf(body, sizeof(body), f, (long long)v);
		snprintf(tmp, sizeof(tmp), "%s%s",
			 conv == 'o' ? "0" : conv == 'x' ? "0x" : "0X", body);
		return snprintf(d, 256, "%*s", w, tmp);
	}
	if (flag == '0' && p >= 0) {
		make_fmt(f, 0, -1, p, "ll", conv);
		snprintf(body, sizeof(body), f, (long long)v);
		if (w > (int)strlen(body)) {
			make_fmt(f, '0', w, -1, "ll", conv);
			return snprintf(d, 256, f, (long long)v);
		}
		return snprintf(d, 256, "%s", body);
	}
	make_fmt(f, flag, w, p, "ll", conv);
	return snprintf(d, 256, f, (long long)v);
}

/* %p is %#llx [vsp]: "0x" + hex digits (precision applies to the digits);
 * '0' fills with zeros after the 0x; '+' and ' ' do nothing. */
static int model_pointer(char *d, char flag, int w, int p, s64 v)
{
	char body[128], tmp[300];
	int len;

	len = snprintf(body, sizeof(body), "%.*llx", p < 0 ? 1 : p,
		       (unsigned long long)v);
	if (flag == '0' && w > len + 2)
		snprintf(tmp, sizeof(tmp), "0x%0*d%s", w - len - 2, 0, body);
	else
		snprintf(tmp, sizeof(tmp), "0x%s", body);
	return snprintf(d, 256, flag == '-' ? "%-*s" : "%*s", w, tmp);
}

static int sweep_one(const char *fmt, const union _stp_fmt_arg *args,
		     int nargs, const char *want, int wlen, const char *what)
{
	char got[512];
	int n = render(got, sizeof(got), fmt, args, nargs);

	if (n == wlen && !memcmp(got, want, (size_t)wlen))
		return 0;
	printf("  mismatch (%s): %s -> %s, want %s\n", what,
	       show(fmt, strlen(fmt)),
	       n >= 0 ? show(got, (size_t)n) : "error", show(want, (size_t)wlen));
	return 1;
}

static void sweep_numbers(void)
{
	static const char convs[] = "diuoxXp";
	const char *c;
	size_t fi, wi, pi, vi;

	for (c = convs; *c; c++) {
		for (fi = 0; fi < sizeof(sweep_flags) - 1; fi++) {
			char flag = sweep_flags[fi];
			int cases = 0, bad = 0;

			for (wi = 0; wi < ARRAY_SIZE(sweep_widths); wi++)
			for (pi = 0; pi < ARRAY_SIZE(sweep_precs); pi++)
			for (vi = 0; vi < ARRAY_SIZE(sweep_values); vi++) {
				int w = sweep_widths[wi], p = sweep_precs[pi];
				s64 v = sweep_values[vi];
				char f[64], want[256];
				int wl;

				if (*c == 'p')
					wl = model_pointer(want, flag, w, p, v);
				else
					wl = model_number(want, *c, flag, w, p, v);
				make_fmt(f, flag, w, p, "", *c);
				bad += sweep_one(f, ARGS(N(v)), 1, want, wl,
						 "static");
				cases++;
				/* the same through '*' arguments */
				if (w >= 0 && p >= 0) {
					snprintf(f, sizeof(f), "%%%s*.*%c",
						 flag ? (char[]){ flag, 0 } : "",
						 *c);
					bad += sweep_one(f, ARGS(N(w), N(p), N(v)),
							 3, want, wl, "star");
					cases++;
				}
			}
			report(!bad, "sweep %%%c with flag '%s': %d combinations, %d differ from %s",
			       *c, flag ? (char[]){ flag, 0 } : "", cases, bad,
			       *c == 'p' ? "the %#llx model" : "glibc (+ SystemTap rules)");
		}
	}
}

/* Random combinations, the same models: 20000 cases. */
static void sweep_random(void)
{
	static const char convs[] = "diuoxXp";
	u64 seed = 0x9e3779b97f4a7c15ULL;
	int i, bad = 0;

	for (i = 0; i < 20000; i++) {
		char f[64], want[256], flag, conv;
		int w, p, wl;
		s64 v;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		conv = convs[(seed >> 33) % 7];
		flag = sweep_flags[(seed >> 40) % 6];
		w = (int)((seed >> 20) % 30) - 1;
		p = (int)((seed >> 10) % 30) - 1;
		if (p == 0)
			p = -1;		/* a static .0 is dropped [p3] */
		if (w == 0)
			w = -1;		/* "%00d" would be flag 0, width 0 */
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		v = (s64)seed >> ((seed >> 58) & 63);
		if (conv == 'p')
			wl = model_pointer(want, flag, w, p, v);
		else
			wl = model_number(want, conv, flag, w, p, v);
		make_fmt(f, flag, w, p, "", conv);
		bad += sweep_one(f, ARGS(N(v)), 1, want, wl, "random");
	}
	report(!bad, "random sweep: 20000 numeric conversions, %d differ", bad);
}

static void sweep_chars(void)
{
	static const char *const flags[] = { "", "-" };
	static const int widths[] = { -1, 1, 2, 5 };
	int bad = 0, cases = 0;
	size_t fi, wi;
	int v;

	for (fi = 0; fi < ARRAY_SIZE(flags); fi++)
	for (wi = 0; wi < ARRAY_SIZE(widths); wi++)
	for (v = -300; v < 600; v++) {
		char f[32], want[64];
		int wl;

		make_fmt(f, flags[fi][0], widths[wi], -1, "", 'c');
		wl = snprintf(want, sizeof(want), f, (unsigned char)v);
		/* [vsp] %c prints (unsigned char) of the 64-bit value */
		bad += sweep_one(f, ARGS(N(v + 0x5500000000LL)), 1, want, wl,
				 "char");
		cases++;
	}
	report(!bad, "sweep %%c: %d combinations (values -300..599, flags '' and '-'), %d differ from glibc",
	       cases, bad);
}

static void sweep_strings(void)
{
	static const char *const strs[] = {
		"", "a", "ab", "hello", "hello world!", "tab\there", "x%dy",
	};
	static const char *const flags[] = { "", "-", "+", " ", "#" };
	static const int widths[] = { -1, 1, 2, 3, 5, 12, 20 };
	static const int precs[] = { -1, 1, 2, 3, 5, 12 };
	int bad = 0, cases = 0;
	size_t si, fi, wi, pi;

	for (si = 0; si < ARRAY_SIZE(strs); si++)
	for (fi = 0; fi < ARRAY_SIZE(flags); fi++)
	for (wi = 0; wi < ARRAY_SIZE(widths); wi++)
	for (pi = 0; pi < ARRAY_SIZE(precs); pi++) {
		char f[32], gf[32], want[64];
		int w = widths[wi], p = precs[pi], wl;
		union _stp_fmt_arg a = { .str = { strs[si], strlen(strs[si]) } };

		make_fmt(f, flags[fi][0], w, p, "", 's');
		/* [vsp] '+' ' ' '#' do nothing to %s: compare with plain C */
		make_fmt(gf, flags[fi][0] == '-' ? '-' : 0, w, p, "", 's');
		wl = snprintf(want, sizeof(want), gf, strs[si]);
		bad += sweep_one(f, &a, 1, want, wl, "string");
		cases++;
		if (w >= 0 && p >= 0) {
			snprintf(f, sizeof(f), "%%%s*.*s", flags[fi]);
			bad += sweep_one(f, ARGS(N(w), N(p), a), 3, want, wl,
					 "string star");
			cases++;
		}
	}
	report(!bad, "sweep %%s: %d combinations, %d differ from glibc", cases,
	       bad);
}

/* ---- renderer: SystemTap-specific cases ---------------------------------------- */

static void test_manpage(void)
{
	/* [man] "printf("%c is %s; %x or %X or %p; %d or %u\n",97,a,p,p,p,j,j)
	 * Prints: a is alice; 1234abcd or 1234ABCD or 0x1234abcd; -1 or
	 * 18446744073709551615" with a = "alice", p = 0x1234abcd, j = -1 */
	EXPECT("%c is %s; %x or %X or %p; %d or %u\n",
	       "a is alice; 1234abcd or 1234ABCD or 0x1234abcd; -1 or 18446744073709551615\n",
	       N(97), S("alice"), N(0x1234abcd), N(0x1234abcd), N(0x1234abcd),
	       N(-1), N(-1));
	/* [man] printf("%#o %#x %#X\n", 1, 2, 3) Prints: 01 0x2 0X3 */
	EXPECT("%#o %#x %#X\n", "01 0x2 0X3\n", N(1), N(2), N(3));
	/* [man] printf("%#c %#c %#c\n", 0, 9, 42) Prints: \000 \t * */
	EXPECT("%#c %#c %#c\n", "\\000 \\t *\n", N(0), N(9), N(42));
}

static void test_numbers(void)
{
	/* 64-bit values throughout [vsp] (the translator passes %lld) */
	EXPECT("%d", "-9223372036854775808", N(S64_MIN));
	EXPECT("%i", "9223372036854775807", N(S64_MAX));
	EXPECT("%u", "18446744073709551615", N(-1));
	EXPECT("%x", "ffffffffffffffff", N(-1));
	EXPECT("%X", "FFFFFFFFFFFFFFFF", N(-1));
	EXPECT("%o", "1777777777777777777777", N(-1));
	EXPECT("%u", "9223372036854775808", N(S64_MIN));
	/* [vsp] '0' pads to the width even with a precision (C: "     005") */
	EXPECT("%08.3d", "00000005", N(5));
	EXPECT("%08.3d", "-0000005", N(-5));
	EXPECT("%010.3x", "00000000ff", N(255));
	/* [vsp] '#' prefixes 0x/0 whatever the value (C: "0") */
	EXPECT("%#x", "0x0", N(0));
	EXPECT("%#X", "0X0", N(0));
	EXPECT("%#o", "00", N(0));
	EXPECT("%#5x|", "  0x0|", N(0));
	/* [vsp] octal's 0 comes on top of the precision (C: "010") */
	EXPECT("%#.3o", "0010", N(8));
	EXPECT("%#.2o", "010", N(8));
	/* [vsp] a 0 always shows a digit; [p3] a static .0 is dropped anyway */
	EXPECT("%.0d|%.0x", "0|0", N(0), N(0));
	EXPECT("%.*d|%.*x|%.*u", "0|0|7", N(0), N(0), N(0), N(0), N(-3), N(7));
	/* [vsp] '+' and ' ' only for %d/%i */
	EXPECT("%+d %+d % d % d %+u % x", "+0 -3  5 -5 5 a", N(0), N(-3), N(5),
	       N(-5), N(5), N(10));
	EXPECT("%+5d|% 5d|%+05d", "   +7|    7|   +7", N(7), N(7), N(7));
	/* [p3] "%+05d" is "%+5lld": one flag, the 0 starts the width */
	EXPECT("%-05d|", "7    |", N(7));
	EXPECT("%#d %#u", "12 12", N(12), N(12));
	/* widths and precisions beyond 20 digits */
	EXPECT("%25d|", "     -9223372036854775808|", N(S64_MIN));
	EXPECT("%.22d", "-0009223372036854775808", N(S64_MIN));
	EXPECT("%-25x|", "123456789abcdef0         |", N(0x123456789abcdef0LL));
}

static void test_pointer(void)
{
	/* [vsp] "Since stap 1.3, %p == %#x", with the 64-bit argument; no
	 * fixed pointer width (that was the pre-1.3 --compatible rule) */
	EXPECT("%p", "0x0", N(0));
	EXPECT("%p", "0x1234abcd", N(0x1234abcd));
	EXPECT("%p", "0xffffffffffffffff", N(-1));
	EXPECT("%p", "0xffffffff81000000", N(0xffffffff81000000ULL));
	EXPECT("%20p|", "          0x1234abcd|", N(0x1234abcd));
	EXPECT("%-20p|", "0x1234abcd          |", N(0x1234abcd));
	EXPECT("%020p", "0x00000000001234abcd", N(0x1234abcd));
	EXPECT("%.12p", "0x00001234abcd", N(0x1234abcd));
	EXPECT("%+p % p %#p", "0x1 0x1 0x1", N(1), N(1), N(1));
	EXPECT("%lp", "0x10", N(16));
}

static void test_chars(void)
{
	/* [vsp] the low byte of the number */
	EXPECT("%c%c%c", "AB\xff", N(0x141), N(0x4200000042LL), N(-1));
	EXPECT("%c", "\0", N(0));
	EXPECT("%5c|%-5c|", "    A|A    |", N('A'), N('A'));
	/* [vsp] '0' and '+' do nothing to %c */
	EXPECT("%05c|%+c", "    A|A", N('A'), N('A'));
	/* [vsp] '#': C escapes for \a \b \f \n \r \t \v ' and backslash */
	EXPECT("%#c%#c%#c%#c%#c%#c%#c%#c%#c", "\\a\\b\\f\\n\\r\\t\\v\\'\\\\",
	       N('\a'), N('\b'), N('\f'), N('\n'), N('\r'), N('\t'), N('\v'),
	       N('\''), N('\\'));
	/* [vsp] '#': three octal digits for other non-printing bytes,
	 * including DEL and everything above ASCII */
	EXPECT("%#c|%#c|%#c|%#c|%#c", "\\001|\\033|\\177|\\200|\\377", N(1),
	       N(27), N(127), N(128), N(255));
	/* [vsp] '#': printable ASCII as is, '"' included */
	EXPECT("%#c%#c%#c%#c", " \"~a", N(' '), N('"'), N('~'), N('a'));
	/* [vsp] the width counts the escape */
	EXPECT("%#5c|%#2c|", "   \\n|\\033|", N('\n'), N(27));
	/* [p1] so "%-#5c" is rejected: one flag only */
}

static void test_strings(void)
{
	EXPECT("[%s]", "[hello]", S("hello"));
	EXPECT("[%10s][%-10s]", "[     hello][hello     ]", S("hello"),
	       S("hello"));
	EXPECT("[%.3s][%7.3s][%-7.3s]", "[hel][    hel][hel    ]", S("hello"),
	       S("hello"), S("hello"));
	/* [p3] "%.0s" reaches the runtime as "%s": the whole string */
	EXPECT("[%.0s]", "[hello]", S("hello"));
	/* [vsp] '*' precision 0 is 0; a negative one is clamped to 0 too */
	EXPECT("[%.*s][%.*s]", "[][]", N(0), S("hello"), N(-1), S("hello"));
	/* [vsp] '0' appends a NUL byte after the (space-padded) field */
	EXPECT("%0s|", "abc\0|", S("abc"));
	EXPECT("%05s|", "  abc\0|", S("abc"));
	EXPECT("%05.2s|", "   ab\0|", S("abc"));
	/* [vsp] a NULL pointer prints "<NULL>" (precision still applies) */
	{
		union _stp_fmt_arg a = { .str = { NULL, 0 } };

		expect(__LINE__, "%s|%.3s|%8s", "<NULL>|<NU|  <NULL>", 19,
		       ARGS(a, a, a), 3);
	}
	/* [vsp] strnlen: a NUL inside the given length ends the string */
	EXPECT("[%s][%5s]", "[ab][   ab]", S("ab\0cd"), S("ab\0cd"));
	/* the length is honoured without a NUL */
	{
		static const char raw[] = { 'x', 'y', 'z' };
		union _stp_fmt_arg a = { .str = { raw, 2 } };

		expect(__LINE__, "[%s]", "[xy]", 4, &a, 1);
	}
}

static void test_binary(void)
{
	u8 b1 = 0xcd;
	u16 b2 = 0xabcd;
	u32 b4 = 0x1234abcd;
	u64 b8 = 0x1234abcd;
	u64 m1 = (u64)-2;
	char want[32];

	/* [man] "printf("%4b", p) Prints (these values as binary data):
	 * 0x1234abcd"; [vsp] stored as an int32_t: host byte order */
	memcpy(want, &b4, 4);
	expect(__LINE__, "%4b", want, 4, ARGS(N(0x1234abcd)), 1);
	memcpy(want, &b1, 1);
	expect(__LINE__, "%1b", want, 1, ARGS(N(0x1234abcd)), 1);
	memcpy(want, &b2, 2);
	expect(__LINE__, "%2b", want, 2, ARGS(N(0x1234abcd)), 1);
	/* [man] "Default (%b) is 8 bytes" */
	memcpy(want, &b8, 8);
	expect(__LINE__, "%b", want, 8, ARGS(N(0x1234abcd)), 1);
	expect(__LINE__, "%8b", want, 8, ARGS(N(0x1234abcd)), 1);
	expect(__LINE__, "%lb", want, 8, ARGS(N(0x1234abcd)), 1);
	/* [vsp] '0' '+' '#' do nothing to %b */
	expect(__LINE__, "%0b", want, 8, ARGS(N(0x1234abcd)), 1);
	expect(__LINE__, "%#b", want, 8, ARGS(N(0x1234abcd)), 1);
	/* [vsp] another width: 8 bytes, NUL-padded to the width */
	expect(__LINE__, "%3b", want, 8, ARGS(N(0x1234abcd)), 1);
	memset(want, 0, 8);
	memcpy(want + 8, &b8, 8);
	expect(__LINE__, "%16b", want, 16, ARGS(N(0x1234abcd)), 1);
	memcpy(want, &b8, 8);
	memset(want + 8, 0, 8);
	expect(__LINE__, "%-16b", want, 16, ARGS(N(0x1234abcd)), 1);
	/* [vsp] the precision picks the size, the width defaults to it */
	memcpy(want, &b2, 2);
	expect(__LINE__, "%.2b", want, 2, ARGS(N(0x1234abcd)), 1);
	memset(want, 0, 4);
	memcpy(want + 4, &b2, 2);
	expect(__LINE__, "%6.2b", want, 6, ARGS(N(0x1234abcd)), 1);
	memcpy(want, &b2, 2);
	memset(want + 2, 0, 4);
	expect(__LINE__, "%-6.2b", want, 6, ARGS(N(0x1234abcd)), 1);
	/* [vsp] an invalid precision counts as none */
	memcpy(want, &b8, 8);
	expect(__LINE__, "%.3b", want, 8, ARGS(N(0x1234abcd)), 1);
	/* sign bytes of a negative number */
	memcpy(want, &m1, 8);
	expect(__LINE__, "%b", want, 8, ARGS(N(-2)), 1);
	/* '*' width and precision */
	memcpy(want, &b4, 4);
	expect(__LINE__, "%*.*b", want, 4, ARGS(N(-1), N(4), N(0x1234abcd)), 3);
	memset(want, 0, 2);
	memcpy(want + 2, &b2, 2);
	expect(__LINE__, "%*.*b", want, 4, ARGS(N(4), N(2), N(0x1234abcd)), 3);
}

static void test_memory(void)
{
	char want[128];
	char got[64];
	size_t i;
	int n;

	for (i = 0; i < sizeof(fake_mem); i++)
		fake_mem[i] = (u8)(0x41 + i);	/* "ABCD..." */
	fake_mem[3] = 0;
	fake_mem[4] = 0xfe;

	/* [man] %m: "The optional precision specifier (not field width)
	 * determines the number of bytes to read - default is 1 byte.
	 * %10.4m prints 4 bytes of the memory in a 10-character-wide field." */
	EXPECT("%m", "A", N(FAKE_BASE));
	EXPECT("%10.4m|", "      ABC\0|", N(FAKE_BASE));
	EXPECT("%-10.4m|", "ABC\0      |", N(FAKE_BASE));
	EXPECT("%.*m", "BC\0\xfe", N(4), N(FAKE_BASE + 1));
	EXPECT("%2m", " A", N(FAKE_BASE));	/* width, not a count [man] */
	/* [vsp] '0' appends a NUL */
	EXPECT("%0.2m|", "AB\0|", N(FAKE_BASE));
	/* [man] %M: "outputs in hexadecimal ... %10.4M prints 4 bytes of the
	 * memory as 8 hexadecimal characters in a 10-character-wide field" */
	EXPECT("%M", "41", N(FAKE_BASE));
	EXPECT("%10.4M|", "  41424300|", N(FAKE_BASE));
	EXPECT("%-10.4M|", "424300fe  |", N(FAKE_BASE + 1));
	EXPECT("%.*M", "4243", N(2), N(FAKE_BASE + 1));
	/* lower-case hex, two digits per byte, for a longer run */
	for (i = 0; i < 40; i++)
		sprintf(want + 2 * i, "%02x", fake_mem[i]);
	expect(__LINE__, "%.40M", want, 80, ARGS(N(FAKE_BASE)), 1);

	/* [man] '#' reads user memory ("with #"), not kernel memory */
	fake_user = 1;
	EXPECT("%m", "A", N(FAKE_BASE));
	report(fake_user == 0, "%%m reads kernel memory");
	EXPECT("%#m", "A", N(FAKE_BASE));
	report(fake_user == 1, "%%#m reads user memory");
	EXPECT("%M", "41", N(FAKE_BASE));
	report(fake_user == 0, "%%M reads kernel memory");
	EXPECT("%#M", "41", N(FAKE_BASE));
	report(fake_user == 1, "%%#M reads user memory");

	/* a fault fails the whole call, as SystemTap drops the output */
	{
		struct _stp_fmt_spec sp[8];
		struct _stp_out out;
		int ns = _stp_format_parse("ab%s%.8Mcd", sp, 8, NULL);

		_stp_out_init(&out, got, sizeof(got));
		out.read = fake_read;
		out.len = 3;
		n = _stp_format_render(&out, sp, ns,
				       ARGS(S("xy"), N(FAKE_BASE + 60)), 2);
		report(n == -STP_FMT_E_FAULT && out.len == 3 &&
		       out.fault_addr == FAKE_BASE + 60,
		       "%%M past the readable memory: %s, len restored, fault at 0x%" PRIx64,
		       _stp_format_strerror(n), out.fault_addr);
		n = _stp_format_render(&out, sp, ns,
				       ARGS(S("xy"), N(FAKE_BASE + 16)), 2);
		report(n == 4 + 16 + 2 && out.len == 3 + 22 &&
		       !memcmp(got + 3, "abxy", 4),
		       "after a fault the same buffer works (appending): %d", n);
		ns = _stp_format_parse("%m", sp, 8, NULL);
		n = _stp_format_render(&out, sp, ns, ARGS(N(0)), 1);
		report(n == -STP_FMT_E_FAULT && out.fault_addr == 0,
		       "%%m of address 0 faults");
		out.read = NULL;
		n = _stp_format_render(&out, sp, ns, ARGS(N(FAKE_BASE)), 1);
		report(n == -STP_FMT_E_FAULT, "%%m without a reader faults");
	}

	/* only the bytes that fit are read: the rest need not be readable */
	{
		struct _stp_fmt_spec sp[4];
		struct _stp_out out;
		int ns = _stp_format_parse("%.100m", sp, 4, NULL);

		_stp_out_init(&out, got, 10);
		out.field_max = 8192;
		out.read = fake_read;
		fake_bytes = 0;
		n = _stp_format_render(&out, sp, ns, ARGS(N(FAKE_BASE)), 1);
		report(n == 100 && fake_bytes == 10 && !memcmp(got, "ABC\0\xfe", 5),
		       "%%.100m into 10 bytes reads 10 bytes, counts 100 (%d)", n);
		ns = _stp_format_parse("%.100M", sp, 4, NULL);
		_stp_out_init(&out, got, 9);
		out.field_max = 8192;
		out.read = fake_read;
		fake_bytes = 0;
		n = _stp_format_render(&out, sp, ns, ARGS(N(FAKE_BASE)), 1);
		report(n == 200 && fake_bytes == 5 && !memcmp(got, "41424300f", 9),
		       "%%.100M into 9 bytes reads 5 bytes, counts 200 (%d)", n);
		/* measuring reads nothing */
		_stp_out_init(&out, NULL, 0);
		out.read = fake_read;
		out.field_max = 8192;
		fake_calls = 0;
		n = _stp_format_render(&out, sp, ns, ARGS(N(0)), 1);
		report(n == 200 && fake_calls == 0,
		       "measuring (no buffer) %%.100M: 200 bytes, no read");
	}
}

static void test_star_and_clamp(void)
{
	char buf[64];
	struct _stp_fmt_spec sp[8];
	struct _stp_out out;
	int ns, n;

	/* [vsp] a negative '*' width means '-' */
	EXPECT("%*d|", "3    |", N(-5), N(3));
	EXPECT("%*s|", "ab   |", N(-5), S("ab"));
	/* [p3] '*' arguments are passed as (int): the low 32 bits */
	EXPECT("%*d|", "    3|", N(0x100000005LL), N(3));
	EXPECT("%*d|", "3    |", N(0xfffffffbLL), N(3));
	/* [vsp] -INT_MIN wraps to INT_MIN in the kernel, then clamps to 0 */
	EXPECT("%*d|", "3|", N(-0x7fffffffLL - 1), N(3));
	/* [vsp] widths and precisions are clamped to the buffer size */
	ns = _stp_format_parse("%20d", sp, 8, NULL);
	_stp_out_init(&out, buf, 8);
	n = _stp_format_render(&out, sp, ns, ARGS(N(12)), 1);
	report(n == 8 && !memcmp(buf, "      12", 8),
	       "%%20d into 8 bytes: width clamped to 8 (as sprintf with MAXSTRINGLEN): %s",
	       show(buf, 8));
	_stp_out_init(&out, buf, 8);
	out.field_max = 100;
	n = _stp_format_render(&out, sp, ns, ARGS(N(12)), 1);
	report(n == 20 && !memcmp(buf, "        ", 8),
	       "%%20d into 8 bytes, field_max 100: 20 counted, 8 spaces kept");
	ns = _stp_format_parse("%*.*d", sp, 8, NULL);
	_stp_out_init(&out, buf, sizeof(buf));
	n = _stp_format_render(&out, sp, ns, ARGS(N(1000000), N(-1000000), N(7)), 3);
	report(n == 64, "%%*.*d with huge arguments: clamped to 64 (%d)", n);
	_stp_out_init(&out, buf, sizeof(buf));
	n = _stp_format_render(&out, sp, ns, ARGS(N(2), N(1000000), N(7)), 3);
	report(n == 64 && buf[63] == '7' && buf[0] == '0',
	       "%%*.*d with a huge precision: 63 zeros and the digit");
}

static void test_api(void)
{
	static const char tail[] = "\n";
	/* what the translator emits: a static table */
	static const struct _stp_fmt_spec table[] = {
		STP_FMT_LIT("x="),
		STP_FMT_CONV(STP_FMT_SIGNED, STP_FMT_F_LEFT, 5, STP_FMT_NONE),
		STP_FMT_CONV(STP_FMT_STRING, 0, STP_FMT_NONE, STP_FMT_STAR),
		STP_FMT_LIT(tail),
	};
	struct _stp_fmt_spec sp[8], bad;
	struct _stp_out out;
	char buf[64];
	int n, ns;

	_stp_out_init(&out, buf, sizeof(buf));
	n = _stp_format_render(&out, table, 4, ARGS(N(-7), N(2), S("abc")), 3);
	report(n == 10 && !strcmp(_stp_out_cstr(&out), "x=-7   ab\n"),
	       "static initialiser table renders \"x=-7   ab\\n\"");

	/* print/println/printd as the translator builds them */
	ns = _stp_format_parse("%d%s\n", sp, 8, NULL);
	_stp_out_init(&out, buf, sizeof(buf));
	n = _stp_format_render(&out, sp, ns, ARGS(N(5), S("x")), 2);
	report(n == 3 && !memcmp(buf, "5x\n", 3), "println(5, \"x\") as \"%%d%%s\\n\"");

	/* appending: each call returns its own length */
	ns = _stp_format_parse("<%d>", sp, 8, NULL);
	_stp_out_init(&out, buf, sizeof(buf));
	_stp_format_render(&out, sp, ns, ARGS(N(1)), 1);
	n = _stp_format_render(&out, sp, ns, ARGS(N(23)), 1);
	report(n == 4 && out.len == 7 && !strcmp(_stp_out_cstr(&out), "<1><23>"),
	       "two calls append: \"<1><23>\"");

	/* wrong argument counts and bad specs fail without output */
	n = _stp_format_render(&out, sp, ns, ARGS(N(1), N(2)), 2);
	report(n == -STP_FMT_E_ARGS && out.len == 7, "too many arguments: %s",
	       _stp_format_strerror(n));
	n = _stp_format_render(&out, sp, ns, NULL, 0);
	report(n == -STP_FMT_E_ARGS && out.len == 7, "too few arguments: %s",
	       _stp_format_strerror(n));
	bad = sp[1];
	bad.conv = STP_FMT_NCONV;
	n = _stp_format_render(&out, &bad, 1, ARGS(N(1)), 1);
	report(n == -STP_FMT_E_SPEC && out.len == 7, "invalid conversion: %s",
	       _stp_format_strerror(n));
	n = _stp_format_render(&out, sp, 0, NULL, 0);
	report(n == 0 && out.len == 7, "no pieces: nothing");

	/* _stp_out_cstr truncates like sprintf into MAXSTRINGLEN */
	ns = _stp_format_parse("hello %s", sp, 8, NULL);
	_stp_out_init(&out, buf, 8);
	n = _stp_format_render(&out, sp, ns, ARGS(S("world")), 1);
	report(n == 11 && !strcmp(_stp_out_cstr(&out), "hello w"),
	       "\"hello world\" into 8 bytes: 11 counted, \"hello w\" kept");
}

/* ---- truncation: every buffer size ---------------------------------------------- */

static void truncation(const char *fmt, const union _stp_fmt_arg *args,
		       int nargs)
{
	char full[256], buf[300];
	struct _stp_fmt_spec sp[16];
	struct _stp_out out;
	int ns, flen, size, bad = 0;

	ns = _stp_format_parse(fmt, sp, 16, NULL);
	_stp_out_init(&out, full, sizeof(full));
	out.read = fake_read;
	flen = _stp_format_render(&out, sp, ns, args, nargs);

	for (size = 0; size <= flen + 3; size++) {
		int n, i, lim = size < flen ? size : flen;

		memset(buf, 0xaa, sizeof(buf));
		_stp_out_init(&out, size ? buf : NULL, (size_t)size);
		out.field_max = sizeof(full);
		out.read = fake_read;
		n = _stp_format_render(&out, sp, ns, args, nargs);
		if (n != flen || out.len != (size_t)flen ||
		    memcmp(buf, full, (size_t)lim))
			bad++;
		for (i = lim; i < (int)sizeof(buf); i++)
			if ((u8)buf[i] != 0xaa)
				bad++;
		if (size) {
			_stp_out_cstr(&out);
			if (buf[size - 1 < flen ? size - 1 : flen] != 0)
				bad++;
		}
	}
	report(flen > 0 && !bad,
	       "truncation of %s (%d bytes) at every size 0..%d: prefix kept, nothing past the end",
	       show(fmt, strlen(fmt)), flen, flen + 3);
}

static void test_truncation(void)
{
	truncation("x=%-5d|%s|%#x|%c\n",
		   ARGS(N(42), S("hello"), N(255), N('Z')), 4);
	truncation("%10.4M|%.3m|%-6.2M|", ARGS(N(FAKE_BASE), N(FAKE_BASE + 5),
					      N(FAKE_BASE + 9)), 3);
	truncation("%4b%2b%-12b%s", ARGS(N(0x01020304), N(-1), N(7), S("end")), 4);
	truncation("%08.3d %p %% %#o %+d", ARGS(N(5), N(0xdead), N(8), N(-3)), 4);
	truncation("%#c%#c%5c%0s|", ARGS(N('\n'), N(200), N('q'), S("abc")), 4);
	truncation("%*.*s|%-*d|", ARGS(N(12), N(4), S("truncate"), N(-6), N(9)), 5);
}

int main(void)
{
	test_parse();
	test_manpage();
	test_numbers();
	test_pointer();
	test_chars();
	test_strings();
	test_binary();
	test_memory();
	test_star_and_clamp();
	test_api();
	test_truncation();
	sweep_numbers();
	sweep_random();
	sweep_chars();
	sweep_strings();
	printf("%d checks, %d passed, %d failed\n", npass + nfail, npass, nfail);
	return nfail ? 1 : 0;
}
