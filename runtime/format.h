/* SPDX-License-Identifier: GPL-2.0-only */
/* format.h - printf-style formatting: compile-time parser, run-time renderer.
 *
 * SystemTap's printf, sprintf, print, println, printd and sprintd all come
 * down to one format: a literal format string checked by the translator at
 * compile time, and a list of typed arguments rendered at run time.
 *
 *   translator (user space)                 module (kernel)
 *   -----------------------                 ---------------
 *   _stp_format_parse("x=%-5d\n")  ---->    static const struct _stp_fmt_spec
 *   _stp_format_arg_kind() per spec           spec[] = { LIT "x=", CONV d -5,
 *   (type-checks the arguments)               LIT "\n" };
 *                                           _stp_format_render(out, spec, 3,
 *                                                              args, 1);
 *
 * The parser accepts exactly what SystemTap 4.8's translator accepts
 * (staptree.cxx, print_format::string_to_components) and normalises what
 * it normalises (components_to_string); the renderer follows SystemTap's
 * runtime (runtime/vsprintf.c, _stp_vsnprintf), which is the Linux
 * kernel's number() rather than C99 where the two differ.  In short:
 *
 *   %d %i      signed decimal of the 64-bit value
 *   %u %o %x %X  unsigned 64-bit: %u of -1 is 18446744073709551615
 *   %p         same as %#x (SystemTap >= 1.3): 0x-prefixed, no fixed width
 *   %c         the low byte of the number; '#' escapes it C-style
 *   %s         a string; precision truncates; the '0' flag appends a NUL
 *   %b         the number's raw bytes (1, 2, 4 or 8; default 8), host order
 *   %m         raw memory at an address; precision = byte count (default 1)
 *   %M         the same memory as lower-case hex, two digits per byte
 *   %%         a '%'
 *
 * Flags: at most ONE of '-' '0' '+' ' ' '#' per directive (a second flag
 * character is a parse error in SystemTap, so "%-#x" is rejected and in
 * "%-05d" the 0 is part of the width).  Width and precision may be '*',
 * each taking a number argument before the value.  One 'l' length
 * modifier is accepted and ignored; "ll", "h", "L", "z", "j" are errors.
 *
 * Differences from C that SystemTap has (all kept here):
 *   - the '0' flag pads with zeros even when a precision is given;
 *   - "%#x" of 0 is "0x0" and "%#o" of 0 is "00"; "%#o" always prefixes
 *     a 0, even when the precision already supplied one;
 *   - a value of 0 always prints a digit ("%.0d" is not empty);
 *   - a static precision or width of 0 is dropped by the translator, so
 *     "%.0s" prints the whole string;
 *   - a negative '*' precision counts as 0 (C: as if omitted);
 *   - widths and precisions are clamped to [0, field_max], which is the
 *     output buffer's size unless the caller says otherwise.
 *
 * Memory for %m and %M is read through a callback in struct _stp_out, so
 * that the kernel side can use a fault-safe copy (copy_from_kernel_nofault
 * without '#', copy_from_user_nofault with '#', as SystemTap's kread and
 * uread); a failed read fails the whole call, as in SystemTap, where the
 * printf's output is dropped and the probe reports a read fault.
 *
 * print/println/printd: the translator builds a format for them, as
 * SystemTap does: "%d" for a number, "%s" for a string, the delimiter and
 * "\n" as literal pieces.
 */
#ifndef _STP_FORMAT_H_
#define _STP_FORMAT_H_

#include "stp_types.h"

/**
 * enum _stp_fmt_conv - what a piece of a parsed format is
 * @STP_FMT_LITERAL:	literal bytes (the '%%' escape already reduced to '%')
 * @STP_FMT_SIGNED:	%d or %i: signed decimal
 * @STP_FMT_UNSIGNED:	%u: unsigned decimal
 * @STP_FMT_OCTAL:	%o: unsigned octal
 * @STP_FMT_HEX:	%x: unsigned hexadecimal, lower case
 * @STP_FMT_HEX_UPPER:	%X: unsigned hexadecimal, upper case
 * @STP_FMT_POINTER:	%p: like %#x (the parser sets STP_FMT_F_ALT)
 * @STP_FMT_CHAR:	%c: one character, the number's low byte
 * @STP_FMT_STRING:	%s: a string
 * @STP_FMT_BINARY:	%b: the number's raw bytes
 * @STP_FMT_MEMORY:	%m: raw bytes of memory at an address
 * @STP_FMT_MEMORY_HEX:	%M: memory at an address, as hex digits
 * @STP_FMT_NCONV:	number of values (not a conversion)
 */
enum _stp_fmt_conv {
	STP_FMT_LITERAL,
	STP_FMT_SIGNED,
	STP_FMT_UNSIGNED,
	STP_FMT_OCTAL,
	STP_FMT_HEX,
	STP_FMT_HEX_UPPER,
	STP_FMT_POINTER,
	STP_FMT_CHAR,
	STP_FMT_STRING,
	STP_FMT_BINARY,
	STP_FMT_MEMORY,
	STP_FMT_MEMORY_HEX,
	STP_FMT_NCONV
};

/* Flag bits of struct _stp_fmt_spec.flags. */
/*   '-': left-justify in the field
 *   '0': numbers: pad with zeros; %s %m %M: append a NUL byte
 *   '+': %d %i: '+' before a non-negative value
 *   ' ': %d %i: ' ' before a non-negative value ('+' wins)
 *   '#': %o %x %X: 0/0x/0X prefix; %c: escape; %m %M: user memory */
#define STP_FMT_F_LEFT	0x01
#define STP_FMT_F_ZERO	0x02
#define STP_FMT_F_PLUS	0x04
#define STP_FMT_F_SPACE	0x08
#define STP_FMT_F_ALT	0x10

/* Special values of width and precision. */
#define STP_FMT_NONE	(-1)	/* not given */
#define STP_FMT_STAR	(-2)	/* '*': taken from the next argument */

/**
 * struct _stp_fmt_spec - one piece of a parsed format
 * @text:	STP_FMT_LITERAL: the bytes to copy (not NUL-terminated);
 *		NULL for a conversion
 * @len:	STP_FMT_LITERAL: number of bytes at @text; 0 for a conversion
 * @offset:	byte offset of the piece in the format string (of its '%'
 *		for a conversion), for diagnostics
 * @width:	field width >= 0, STP_FMT_NONE or STP_FMT_STAR
 * @precision:	precision >= 1, STP_FMT_NONE or STP_FMT_STAR (a static 0 is
 *		stored as STP_FMT_NONE, as SystemTap's translator drops it)
 * @conv:	enum _stp_fmt_conv
 * @flags:	STP_FMT_F_* bits
 *
 * The translator emits arrays of these as static initialisers (see
 * STP_FMT_LIT and STP_FMT_CONV); the renderer only reads them.
 */
struct _stp_fmt_spec {
	const char *text;
	u32 len;
	u32 offset;
	s32 width;
	s32 precision;
	u8 conv;
	u8 flags;
};

/* Initialisers for generated code: STP_FMT_LIT("x="),
 * STP_FMT_CONV(STP_FMT_SIGNED, STP_FMT_F_LEFT, 5, STP_FMT_NONE).
 * STP_FMT_LIT takes a string literal or char array (it uses sizeof). */
#define STP_FMT_LIT(s) \
	{ .text = (s), .len = sizeof(s) - 1, .width = STP_FMT_NONE, \
	  .precision = STP_FMT_NONE, .conv = STP_FMT_LITERAL }
#define STP_FMT_CONV(c, f, w, p) \
	{ .width = (w), .precision = (p), .conv = (c), .flags = (f) }

/**
 * union _stp_fmt_arg - one run-time argument of a format
 * @num:	a number: the value of %d %i %u %o %x %X %p %c %b, the
 *		address for %m and %M, or a '*' width or precision (which
 *		is truncated to int, as SystemTap passes (int) arguments)
 * @str:	a string for %s: @str.ptr with @str.len bytes; rendering
 *		also stops at a NUL byte; a NULL @str.ptr prints "<NULL>"
 */
union _stp_fmt_arg {
	s64 num;
	struct {
		const char *ptr;
		size_t len;
	} str;
};

/**
 * enum _stp_fmt_arg_kind - what a directive's value argument must be
 * @STP_FMT_ARG_NONE:	no argument (a literal piece)
 * @STP_FMT_ARG_NUMBER:	a number (script type long)
 * @STP_FMT_ARG_STRING:	a string
 */
enum _stp_fmt_arg_kind {
	STP_FMT_ARG_NONE,
	STP_FMT_ARG_NUMBER,
	STP_FMT_ARG_STRING
};

/**
 * enum _stp_fmt_err - parse and render errors
 * @STP_FMT_OK:			no error
 * @STP_FMT_E_PERCENT_END:	a lone '%' ends the format
 * @STP_FMT_E_INCOMPLETE:	the format ends inside a conversion ("%-5")
 * @STP_FMT_E_CONV:		not a conversion character ("%q", "%5 ")
 * @STP_FMT_E_FLOAT:		a floating-point conversion (%e %f %g %a)
 * @STP_FMT_E_FLAGS:		a second flag character ("%-+d")
 * @STP_FMT_E_LENGTH:		a length modifier other than one 'l'
 * @STP_FMT_E_POSITIONAL:	a positional argument ("%1$d")
 * @STP_FMT_E_PERCENT_SPEC:	'%' with flags, width or precision ("%5%")
 * @STP_FMT_E_ARGS:		render: argument count does not match specs
 * @STP_FMT_E_SPEC:		render: a spec that the parser cannot produce
 * @STP_FMT_E_FAULT:		render: reading memory for %m/%M failed
 * @STP_FMT_NERR:		number of codes
 *
 * Every parse error is SystemTap's "invalid or missing conversion
 * specifier" or "trailing incomplete print format conversion"; the
 * codes only say more precisely why.
 */
enum _stp_fmt_err {
	STP_FMT_OK,
	STP_FMT_E_PERCENT_END,
	STP_FMT_E_INCOMPLETE,
	STP_FMT_E_CONV,
	STP_FMT_E_FLOAT,
	STP_FMT_E_FLAGS,
	STP_FMT_E_LENGTH,
	STP_FMT_E_POSITIONAL,
	STP_FMT_E_PERCENT_SPEC,
	STP_FMT_E_ARGS,
	STP_FMT_E_SPEC,
	STP_FMT_E_FAULT,
	STP_FMT_NERR
};

/**
 * struct _stp_fmt_error - where and why a format was rejected
 * @code:	enum _stp_fmt_err
 * @offset:	byte offset in the format of the offending character (of
 *		the '%' for STP_FMT_E_PERCENT_END and STP_FMT_E_INCOMPLETE)
 */
struct _stp_fmt_error {
	int code;
	u32 offset;
};

/**
 * typedef _stp_fmt_read_fn - read memory for %m and %M
 * @ctx:	struct _stp_out.read_ctx
 * @dst:	where to copy to
 * @addr:	address to copy from
 * @len:	bytes to copy (at most the part of the directive that fits
 *		in the output buffer: bytes that would be cut off are not read)
 * @user:	true for user memory ('#' flag), false for kernel memory
 *
 * The kernel implementation must not fault: copy_from_user_nofault() or
 * copy_from_kernel_nofault().  May be called several times per directive.
 *
 * Return: 0 on success, non-zero if the memory could not be read.
 */
typedef int _stp_fmt_read_fn(void *ctx, void *dst, u64 addr, size_t len,
			     bool user);

/**
 * struct _stp_out - a bounded output buffer
 * @buf:	where the bytes go; may be NULL when @size is 0 (to measure)
 * @size:	capacity of @buf in bytes
 * @len:	bytes produced so far, counting those that did not fit;
 *		bytes beyond @size are dropped, never written
 * @field_max:	upper clamp for widths and precisions (SystemTap clamps
 *		them to its buffer's size); _stp_out_init() sets it to @size
 * @read:	reads memory for %m and %M; NULL makes those fail
 * @read_ctx:	first argument of @read
 * @fault_addr:	after STP_FMT_E_FAULT: the address that could not be read
 *
 * The output is bytes, not a C string: %c, %b, %m and the '0' flag of
 * %s can produce NULs.  _stp_out_cstr() terminates it for sprintf.
 */
struct _stp_out {
	char *buf;
	size_t size;
	size_t len;
	size_t field_max;
	_stp_fmt_read_fn *read;
	void *read_ctx;
	u64 fault_addr;
};

/**
 * _stp_out_init - set up an output buffer
 * @out:	the buffer to set up
 * @buf:	storage, or NULL with @size 0 to only measure
 * @size:	bytes at @buf
 *
 * No memory reader is set: assign @out->read to allow %m and %M.
 */
static inline void _stp_out_init(struct _stp_out *out, char *buf, size_t size)
{
	out->buf = buf;
	out->size = size;
	out->len = 0;
	out->field_max = size;
	out->read = NULL;
	out->read_ctx = NULL;
	out->fault_addr = 0;
}

/**
 * _stp_out_cstr - NUL-terminate the output, truncating if needed
 * @out:	an output buffer with @out->size >= 1
 *
 * As SystemTap's sprintf: the string keeps at most size - 1 bytes.
 *
 * Return: @out->buf.
 */
static inline char *_stp_out_cstr(struct _stp_out *out)
{
	size_t end = out->len < out->size ? out->len : out->size - 1;

	if (out->size)
		out->buf[end] = '\0';
	return out->buf;
}

int _stp_format_parse(const char *fmt, struct _stp_fmt_spec *specs, int max,
		      struct _stp_fmt_error *err);
enum _stp_fmt_arg_kind _stp_format_arg_kind(const struct _stp_fmt_spec *spec);
int _stp_format_spec_nargs(const struct _stp_fmt_spec *spec);
int _stp_format_nargs(const struct _stp_fmt_spec *specs, int nspecs);
const char *_stp_format_strerror(int code);
int _stp_format_render(struct _stp_out *out, const struct _stp_fmt_spec *specs,
		       int nspecs, const union _stp_fmt_arg *args, int nargs);

#endif /* _STP_FORMAT_H_ */
