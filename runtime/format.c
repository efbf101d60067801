// SPDX-License-Identifier: GPL-2.0-only
/* format.c - printf-style formatting: compile-time parser, run-time renderer.
 *
 * See format.h for the directives and for where this differs from C.
 * Nothing here allocates, sleeps or uses floating point; the renderer's
 * frame is about 300 bytes (x86-64, gcc 12, helpers inlined).  The parser
 * runs in the translator (user space) but builds in the kernel as well.
 */
#include "format.h"

/* ---- parser ------------------------------------------------------------- */

#define FMT_INT_MAX 0x7fffffff

static bool fmt_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The conversion for conversion character @c, or STP_FMT_LITERAL if none. */
static int fmt_conv_of(char c)
{
	switch (c) {
	case 'd':
	case 'i':
		return STP_FMT_SIGNED;
	case 'u':
		return STP_FMT_UNSIGNED;
	case 'o':
		return STP_FMT_OCTAL;
	case 'x':
		return STP_FMT_HEX;
	case 'X':
		return STP_FMT_HEX_UPPER;
	case 'p':
		return STP_FMT_POINTER;
	case 'c':
		return STP_FMT_CHAR;
	case 's':
		return STP_FMT_STRING;
	case 'b':
		return STP_FMT_BINARY;
	case 'm':
		return STP_FMT_MEMORY;
	case 'M':
		return STP_FMT_MEMORY_HEX;
	default:
		return STP_FMT_LITERAL;
	}
}

static int fmt_flag_of(char c)
{
	switch (c) {
	case '-':
		return STP_FMT_F_LEFT;
	case '0':
		return STP_FMT_F_ZERO;
	case '+':
		return STP_FMT_F_PLUS;
	case ' ':
		return STP_FMT_F_SPACE;
	case '#':
		return STP_FMT_F_ALT;
	default:
		return 0;
	}
}

/* Reads decimal digits at *@p, saturating at FMT_INT_MAX. */
static s32 fmt_digits(const char **p)
{
	s32 v = 0;

	while (fmt_is_digit(**p)) {
		int d = *(*p)++ - '0';

		v = v > (FMT_INT_MAX - d) / 10 ? FMT_INT_MAX : v * 10 + d;
	}
	return v;
}

/* Stores @s as piece @n if there is room; returns the new piece count. */
static int fmt_add(struct _stp_fmt_spec *specs, int max, int n,
		   const struct _stp_fmt_spec *s)
{
	if (n < max)
		specs[n] = *s;
	return n + 1;
}

static int fmt_add_lit(struct _stp_fmt_spec *specs, int max, int n,
		       const char *fmt, const char *from, const char *to)
{
	struct _stp_fmt_spec s = {
		.text = from,
		.len = (u32)(to - from),
		.offset = (u32)(from - fmt),
		.width = STP_FMT_NONE,
		.precision = STP_FMT_NONE,
		.conv = STP_FMT_LITERAL,
	};

	return to > from ? fmt_add(specs, max, n, &s) : n;
}

/*
 * Why @c at @q is not a conversion character.  @flag_end is just past the
 * directive's flag character (NULL if none); @width_digits tells whether
 * a static width was read; @spec_seen whether anything (flag, width,
 * precision or length) came before @c.
 */
static int fmt_bad_conv(char c, const char *q, const char *flag_end,
			bool width_digits, bool spec_seen)
{
	const char *z;

	if (fmt_flag_of(c) && c != '0' && flag_end) {
		/* "%-+d", "%0-5d", "%-0+d": flags only, SystemTap takes one */
		for (z = flag_end; z < q && *z == '0'; z++)
			;
		if (z == q)
			return STP_FMT_E_FLAGS;
	}
	switch (c) {
	case 'l':	/* a second 'l': "%lld" */
	case 'h':
	case 'L':
	case 'j':
	case 'z':
	case 'Z':
	case 't':
		return STP_FMT_E_LENGTH;
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G':
	case 'a':
	case 'A':
		return STP_FMT_E_FLOAT;
	case '$':
		return width_digits ? STP_FMT_E_POSITIONAL : STP_FMT_E_CONV;
	case '%':
		return spec_seen ? STP_FMT_E_PERCENT_SPEC : STP_FMT_E_CONV;
	default:
		return STP_FMT_E_CONV;
	}
}

static int fmt_fail(struct _stp_fmt_error *err, int code, const char *fmt,
		    const char *at)
{
	if (err) {
		err->code = code;
		err->offset = (u32)(at - fmt);
	}
	return -code;
}

/**
 * _stp_format_parse - parse and check a printf format string
 * @fmt:	the format, NUL-terminated, with escapes already decoded
 * @specs:	where to store the pieces (may be NULL if @max is 0)
 * @max:	room at @specs, in pieces
 * @err:	where to report an error (may be NULL)
 *
 * Splits @fmt into literal pieces and conversions, accepting exactly the
 * formats SystemTap 4.8's translator accepts: '%' [one flag of "-0+ #"]
 * [width: digits or '*'] ['.' [precision: digits or '*']] ['l']
 * conversion, where conversion is one of "diouxXpcsbmM"; and "%%".  As
 * SystemTap, a bare "%l" or "%." at the very end is accepted and prints
 * nothing.  Static widths and precisions of 0 are stored as STP_FMT_NONE,
 * as SystemTap's translator drops them; %p gets STP_FMT_F_ALT.  Literal
 * pieces point into @fmt: keep it alive as long as @specs.  A "%%" ends a
 * literal piece with its first '%'.
 *
 * Return: the number of pieces @fmt needs (which may be more than @max:
 * only the first @max are stored, so calling with @max 0 measures), or a
 * negative enum _stp_fmt_err with @err->code and @err->offset set.
 */
int _stp_format_parse(const char *fmt, struct _stp_fmt_spec *specs, int max,
		      struct _stp_fmt_error *err)
{
	const char *p = fmt, *lit = fmt;
	int n = 0;

	if (err) {
		err->code = STP_FMT_OK;
		err->offset = 0;
	}
	if (!specs || max < 0)
		max = 0;

	while (*p) {
		struct _stp_fmt_spec s = {
			.width = STP_FMT_NONE,
			.precision = STP_FMT_NONE,
		};
		const char *q, *flag_end = NULL;
		/* seen: what makes an unfinished directive an error */
		bool seen = false, width_digits = false, ell = false;

		if (*p != '%') {
			p++;
			continue;
		}
		if (p[1] == '%') {
			/* "%%": the literal so far and one '%' */
			n = fmt_add_lit(specs, max, n, fmt, lit, p + 1);
			p += 2;
			lit = p;
			continue;
		}
		n = fmt_add_lit(specs, max, n, fmt, lit, p);
		lit = p;
		q = p + 1;
		if (!*q)
			return fmt_fail(err, STP_FMT_E_PERCENT_END, fmt, p);

		/* one optional flag */
		s.flags = (u8)fmt_flag_of(*q);
		if (s.flags) {
			seen = true;
			flag_end = ++q;
		}
		if (!*q)
			goto at_end;

		/* optional width */
		if (*q == '*') {
			s.width = STP_FMT_STAR;
			seen = true;
			q++;
		} else if (fmt_is_digit(*q)) {
			s.width = fmt_digits(&q);
			if (!s.width)
				s.width = STP_FMT_NONE;
			seen = width_digits = true;
		}
		if (!*q)
			goto at_end;

		/* optional precision; a '.' alone changes nothing */
		if (*q == '.') {
			q++;
			if (!*q)
				goto at_end;
			if (*q == '*') {
				s.precision = STP_FMT_STAR;
				seen = true;
				q++;
			} else if (fmt_is_digit(*q)) {
				s.precision = fmt_digits(&q);
				if (!s.precision)
					s.precision = STP_FMT_NONE;
				seen = true;
			}
		}
		if (!*q)
			goto at_end;

		/* one optional 'l', ignored */
		if (*q == 'l') {
			q++;
			ell = true;
			if (!*q)
				goto at_end;
		}

		s.conv = (u8)fmt_conv_of(*q);
		if (s.conv == STP_FMT_LITERAL) {
			int code = fmt_bad_conv(*q, q, flag_end, width_digits,
						seen || ell);

			return fmt_fail(err, code, fmt, q);
		}
		if (s.conv == STP_FMT_POINTER)
			s.flags |= STP_FMT_F_ALT;	/* %p is %#x */
		s.offset = (u32)(p - fmt);
		n = fmt_add(specs, max, n, &s);
		p = q + 1;
		lit = p;
		continue;

at_end:
		/* the format ends inside the directive that starts at p */
		if (seen)
			return fmt_fail(err, STP_FMT_E_INCOMPLETE, fmt, p);
		/* "%l", "%.", "%.l": SystemTap drops them silently */
		lit = p = q;
		break;
	}
	return fmt_add_lit(specs, max, n, fmt, lit, p);
}

/**
 * _stp_format_arg_kind - the type of a piece's value argument
 * @spec:	a piece of a parsed format
 *
 * A '*' width or precision takes a number argument of its own, before
 * the value (see _stp_format_spec_nargs()).  %m and %M take an address,
 * so a number.
 *
 * Return: STP_FMT_ARG_STRING for %s, STP_FMT_ARG_NONE for a literal
 * piece, STP_FMT_ARG_NUMBER for every other conversion.
 */
enum _stp_fmt_arg_kind _stp_format_arg_kind(const struct _stp_fmt_spec *spec)
{
	if (spec->conv == STP_FMT_LITERAL || spec->conv >= STP_FMT_NCONV)
		return STP_FMT_ARG_NONE;
	return spec->conv == STP_FMT_STRING ? STP_FMT_ARG_STRING
					    : STP_FMT_ARG_NUMBER;
}

/**
 * _stp_format_spec_nargs - number of arguments a piece takes
 * @spec:	a piece of a parsed format
 *
 * In order: the width if it is '*', the precision if it is '*' (both
 * numbers), then the value (of _stp_format_arg_kind()).
 *
 * Return: 0 for a literal, 1 to 3 for a conversion, -1 for an invalid
 * @spec->conv.
 */
int _stp_format_spec_nargs(const struct _stp_fmt_spec *spec)
{
	if (spec->conv == STP_FMT_LITERAL)
		return 0;
	if (spec->conv >= STP_FMT_NCONV)
		return -1;
	return 1 + (spec->width == STP_FMT_STAR) +
	       (spec->precision == STP_FMT_STAR);
}

/**
 * _stp_format_nargs - number of arguments a parsed format takes
 * @specs:	the pieces
 * @nspecs:	how many
 *
 * Return: the total of _stp_format_spec_nargs(), or -1 if a piece is
 * invalid.
 */
int _stp_format_nargs(const struct _stp_fmt_spec *specs, int nspecs)
{
	int i, n = 0;

	for (i = 0; i < nspecs; i++) {
		int k = _stp_format_spec_nargs(&specs[i]);

		if (k < 0)
			return -1;
		n += k;
	}
	return n;
}

static const char *const fmt_messages[STP_FMT_NERR] = {
	[STP_FMT_OK] = "no error",
	[STP_FMT_E_PERCENT_END] = "'%' at end of format",
	[STP_FMT_E_INCOMPLETE] = "incomplete conversion at end of format",
	[STP_FMT_E_CONV] = "invalid or missing conversion specifier",
	[STP_FMT_E_FLOAT] = "floating-point conversions are not supported",
	[STP_FMT_E_FLAGS] = "only one flag character is allowed per conversion",
	[STP_FMT_E_LENGTH] = "unsupported length modifier (only one 'l' is accepted)",
	[STP_FMT_E_POSITIONAL] = "positional arguments ('%N$') are not supported",
	[STP_FMT_E_PERCENT_SPEC] = "'%%' takes no flag, width, precision or length",
	[STP_FMT_E_ARGS] = "wrong number of arguments for the format",
	[STP_FMT_E_SPEC] = "invalid format specification",
	[STP_FMT_E_FAULT] = "memory read fault",
};

/**
 * _stp_format_strerror - message for an error code
 * @code:	an enum _stp_fmt_err, or its negative (as returned)
 *
 * Return: a static string, never NULL.
 */
const char *_stp_format_strerror(int code)
{
	if (code < 0)
		code = -code;
	if (code >= STP_FMT_NERR)
		return "unknown format error";
	return fmt_messages[code];
}

/* ---- renderer ----------------------------------------------------------- */

/* Bytes still free in @out. */
static size_t out_room(const struct _stp_out *out)
{
	return out->len < out->size ? out->size - out->len : 0;
}

static void out_bytes(struct _stp_out *out, const void *src, size_t n)
{
	size_t room = out_room(out);

	if (room)
		memcpy(out->buf + out->len, src, n < room ? n : room);
	out->len += n;
}

/* @n copies of @c; nothing if @n <= 0. */
static void out_fill(struct _stp_out *out, char c, long n)
{
	size_t room = out_room(out);

	if (n <= 0)
		return;
	if (room)
		memset(out->buf + out->len, c,
		       (size_t)n < room ? (size_t)n : room);
	out->len += (size_t)n;
}

/*
 * A number, as SystemTap's number() (runtime/vsprintf.c): sign only for
 * %d/%i; '#' gives 0x/0X for hex and 0 for octal whatever the value; the
 * precision is a minimum digit count; the '0' flag fills the field with
 * zeros after the sign and prefix, precision or not; '-' cancels '0'.
 */
static void fmt_number(struct _stp_out *out, u64 num, int conv,
		       unsigned int flags, int width, int prec)
{
	static const char lower[] = "0123456789abcdef";
	static const char upper[] = "0123456789ABCDEF";
	const char *digits = conv == STP_FMT_HEX_UPPER ? upper : lower;
	char tmp[24];		/* 2^64 in octal: 22 digits */
	char sign = 0;
	int ndig = 0, prefix = 0;
	long pad;

	if (flags & STP_FMT_F_LEFT)
		flags &= ~STP_FMT_F_ZERO;
	if (conv == STP_FMT_SIGNED) {
		if ((s64)num < 0) {
			sign = '-';
			num = -num;
		} else if (flags & STP_FMT_F_PLUS) {
			sign = '+';
		} else if (flags & STP_FMT_F_SPACE) {
			sign = ' ';
		}
	}

	switch (conv) {
	case STP_FMT_OCTAL:
		do {
			tmp[ndig++] = digits[num & 7];
			num >>= 3;
		} while (num);
		prefix = (flags & STP_FMT_F_ALT) ? 1 : 0;
		break;
	case STP_FMT_HEX:
	case STP_FMT_HEX_UPPER:
	case STP_FMT_POINTER:
		do {
			tmp[ndig++] = digits[num & 15];
			num >>= 4;
		} while (num);
		prefix = (flags & STP_FMT_F_ALT) ? 2 : 0;
		break;
	default:
		do {
			u32 rem;

			num = div_u64_rem(num, 10, &rem);
			tmp[ndig++] = digits[rem];
		} while (num);
		break;
	}

	if (prec < ndig)
		prec = ndig;
	pad = (long)width - (sign ? 1 : 0) - prefix - prec;

	if (!(flags & (STP_FMT_F_ZERO | STP_FMT_F_LEFT)))
		out_fill(out, ' ', pad);
	if (sign)
		out_bytes(out, &sign, 1);
	if (prefix)
		out_bytes(out, conv == STP_FMT_HEX_UPPER ? "0X" : "0x", prefix);
	if (flags & STP_FMT_F_ZERO)
		out_fill(out, '0', pad);
	out_fill(out, '0', prec - ndig);
	while (ndig)
		out_bytes(out, &tmp[--ndig], 1);
	if (flags & STP_FMT_F_LEFT)
		out_fill(out, ' ', pad);
}

/*
 * One character.  With '#', SystemTap escapes what is not printable
 * ASCII, and the quote and backslash: C escapes where C has one, else a
 * backslash and three octal digits.  Padding is always spaces.
 */
static void fmt_char(struct _stp_out *out, u8 c, unsigned int flags,
		     int width)
{
	static const char plain[] = "\a\b\f\n\r\t\v'\\";
	static const char esc[] = "abfnrtv'\\";
	const char *e;
	char t[4];
	int n = 1;

	t[0] = (char)c;
	if ((flags & STP_FMT_F_ALT) &&
	    (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\')) {
		t[0] = '\\';
		e = c ? memchr(plain, c, sizeof(plain) - 1) : NULL;
		if (e) {
			t[1] = esc[e - plain];
			n = 2;
		} else {
			t[1] = (char)('0' + (c >> 6));
			t[2] = (char)('0' + ((c >> 3) & 7));
			t[3] = (char)('0' + (c & 7));
			n = 4;
		}
	}
	if (!(flags & STP_FMT_F_LEFT))
		out_fill(out, ' ', (long)width - n);
	out_bytes(out, t, n);
	if (flags & STP_FMT_F_LEFT)
		out_fill(out, ' ', (long)width - n);
}

/* A string: precision is a maximum byte count; '0' appends a NUL. */
static void fmt_string(struct _stp_out *out, const char *s, size_t n,
		       unsigned int flags, int width, int prec)
{
	const char *nul;
	long pad;

	if (!s) {
		s = "<NULL>";
		n = 6;
	}
	if (prec >= 0 && n > (size_t)prec)
		n = (size_t)prec;
	nul = memchr(s, '\0', n);
	if (nul)
		n = (size_t)(nul - s);
	pad = width > 0 && (size_t)width > n ? width - (long)n : 0;

	if (!(flags & STP_FMT_F_LEFT))
		out_fill(out, ' ', pad);
	out_bytes(out, s, n);
	if (flags & STP_FMT_F_LEFT)
		out_fill(out, ' ', pad);
	if (flags & STP_FMT_F_ZERO)
		out_bytes(out, "", 1);
}

static int fmt_binary_size(int n)
{
	return n == 1 || n == 2 || n == 4 || n == 8 ? n : -1;
}

/*
 * The number's low 1, 2, 4 or 8 bytes in host byte order.  The precision,
 * else the width, chooses the size (default 8); a wider field is padded
 * with NUL bytes, before the value or after it with '-'.
 */
static void fmt_binary(struct _stp_out *out, s64 v, unsigned int flags,
		       int width, int prec)
{
	u8 b1;
	u16 b2;
	u32 b4;
	u64 b8;
	const void *src;

	prec = fmt_binary_size(prec);
	if (width < 0) {
		if (prec < 0)
			prec = 8;
		width = prec;
	} else if (prec < 0) {
		prec = fmt_binary_size(width);
		if (prec < 0)
			prec = 8;
	}

	switch (prec) {
	case 1:
		b1 = (u8)v;
		src = &b1;
		break;
	case 2:
		b2 = (u16)v;
		src = &b2;
		break;
	case 4:
		b4 = (u32)v;
		src = &b4;
		break;
	default:
		b8 = (u64)v;
		src = &b8;
		break;
	}
	if (!(flags & STP_FMT_F_LEFT))
		out_fill(out, '\0', (long)width - prec);
	out_bytes(out, src, prec);
	if (flags & STP_FMT_F_LEFT)
		out_fill(out, '\0', (long)width - prec);
}

/*
 * %m (raw) and %M (hex) of @prec bytes at @addr (1 byte if no precision),
 * space-padded to the width; '#' reads user memory; '0' appends a NUL.
 * Only the bytes whose output fits are read.
 */
static int fmt_memory(struct _stp_out *out, u64 addr, bool hex,
		      unsigned int flags, int width, int prec)
{
	bool user = flags & STP_FMT_F_ALT;
	size_t n = prec > 0 ? (size_t)prec : 1;
	size_t outlen = hex ? 2 * n : n;
	long pad = width > 0 && (size_t)width > outlen ? width - (long)outlen : 0;
	size_t fit;

	if (!(flags & STP_FMT_F_LEFT))
		out_fill(out, ' ', pad);

	if (!hex) {
		fit = out_room(out);
		if (fit > n)
			fit = n;
		if (fit && (!out->read ||
			    out->read(out->read_ctx, out->buf + out->len,
				      addr, fit, user))) {
			out->fault_addr = addr;
			return -STP_FMT_E_FAULT;
		}
		out->len += n;
	} else {
		static const char hexdig[] = "0123456789abcdef";
		u8 raw[16];
		char txt[2 * sizeof(raw)];
		size_t done = 0, i;

		fit = (out_room(out) + 1) / 2;	/* bytes with a digit shown */
		if (fit > n)
			fit = n;
		while (done < fit) {
			size_t k = fit - done < sizeof(raw) ? fit - done
							    : sizeof(raw);

			if (!out->read ||
			    out->read(out->read_ctx, raw, addr + done, k, user)) {
				out->fault_addr = addr + done;
				return -STP_FMT_E_FAULT;
			}
			for (i = 0; i < k; i++) {
				txt[2 * i] = hexdig[raw[i] >> 4];
				txt[2 * i + 1] = hexdig[raw[i] & 15];
			}
			out_bytes(out, txt, 2 * k);
			done += k;
		}
		out->len += 2 * (n - fit);
	}

	if (flags & STP_FMT_F_LEFT)
		out_fill(out, ' ', pad);
	if (flags & STP_FMT_F_ZERO)
		out_bytes(out, "", 1);
	return 0;
}

/* @v clamped to [0, @max], as SystemTap clamps widths and precisions. */
static int fmt_clamp(s64 v, size_t max)
{
	s64 m = max > FMT_INT_MAX ? FMT_INT_MAX : (s64)max;

	return (int)(v < 0 ? 0 : v > m ? m : v);
}

/**
 * _stp_format_render - render a parsed format with its arguments
 * @out:	the output buffer; rendering appends at @out->len
 * @specs:	the pieces, from _stp_format_parse() or a translator's table
 * @nspecs:	how many
 * @args:	the arguments, in order ('*' width, '*' precision, value per
 *		conversion), of the kinds _stp_format_arg_kind() says
 * @nargs:	how many; must be _stp_format_nargs(@specs, @nspecs)
 *
 * Writes at most @out->size - @out->len bytes and counts the rest in
 * @out->len, so a short buffer truncates safely and the caller learns how
 * much was cut.  Widths and precisions are clamped to [0, @out->field_max]
 * first (a '*' argument is truncated to int; a negative '*' width means
 * '-' and its absolute value), as SystemTap clamps to its buffer size.
 * Never allocates, sleeps or faults: %m and %M read memory only through
 * @out->read.  The output is not NUL-terminated (see _stp_out_cstr()).
 *
 * Return: the number of bytes this call produced, counting those that
 * did not fit (at most INT_MAX); or, with @out->len left as it was,
 * -STP_FMT_E_ARGS if @nargs is wrong, -STP_FMT_E_SPEC for an invalid
 * piece, -STP_FMT_E_FAULT if @out->read failed or is NULL for a %m or %M
 * that has output to show (@out->fault_addr tells where).
 */
int _stp_format_render(struct _stp_out *out, const struct _stp_fmt_spec *specs,
		       int nspecs, const union _stp_fmt_arg *args, int nargs)
{
	size_t start = out->len, made;
	int i, a = 0, need;

	need = _stp_format_nargs(specs, nspecs);
	if (need < 0)
		return -STP_FMT_E_SPEC;
	if (need != nargs)
		return -STP_FMT_E_ARGS;

	for (i = 0; i < nspecs; i++) {
		const struct _stp_fmt_spec *s = &specs[i];
		unsigned int flags = s->flags;
		int width = -1, prec = -1, rc = 0;

		if (s->conv == STP_FMT_LITERAL) {
			out_bytes(out, s->text, s->len);
			continue;
		}

		if (s->width == STP_FMT_STAR) {
			int w = (int)args[a++].num;

			if (w < 0) {
				flags |= STP_FMT_F_LEFT;
				/* the kernel's -INT_MIN wraps, then clamps to 0 */
				w = w == -FMT_INT_MAX - 1 ? 0 : -w;
			}
			width = fmt_clamp(w, out->field_max);
		} else if (s->width >= 0) {
			width = fmt_clamp(s->width, out->field_max);
		}
		if (s->precision == STP_FMT_STAR)
			prec = fmt_clamp((int)args[a++].num, out->field_max);
		else if (s->precision >= 0)
			prec = fmt_clamp(s->precision, out->field_max);

		if (s->conv == STP_FMT_POINTER)
			flags |= STP_FMT_F_ALT;		/* %p is %#x */
		switch (s->conv) {
		case STP_FMT_POINTER:
		case STP_FMT_SIGNED:
		case STP_FMT_UNSIGNED:
		case STP_FMT_OCTAL:
		case STP_FMT_HEX:
		case STP_FMT_HEX_UPPER:
			fmt_number(out, (u64)args[a].num, s->conv, flags,
				   width, prec);
			break;
		case STP_FMT_CHAR:
			fmt_char(out, (u8)args[a].num, flags, width);
			break;
		case STP_FMT_STRING:
			fmt_string(out, args[a].str.ptr, args[a].str.len, flags,
				   width, prec);
			break;
		case STP_FMT_BINARY:
			fmt_binary(out, args[a].num, flags, width, prec);
			break;
		case STP_FMT_MEMORY:
		case STP_FMT_MEMORY_HEX:
			rc = fmt_memory(out, (u64)args[a].num,
					s->conv == STP_FMT_MEMORY_HEX, flags,
					width, prec);
			break;
		}
		a++;
		if (rc) {
			out->len = start;
			return rc;
		}
	}
	made = out->len - start;
	return made > FMT_INT_MAX ? FMT_INT_MAX : (int)made;
}
