// SPDX-License-Identifier: GPL-2.0-only
/* lib-string.c - the string functions of the tapset library (string.stp,
 * tokenize.stp): substr, stringat, strtol, str_replace, text_str and
 * tokenize, with SystemTap's exact results, edge cases included.
 *
 * Pure code: it also builds on the host for testsuite/runtime/
 * test-lib-string.c.  Only tokenize's per-CPU state is kernel-only.
 */
#include "stp_types.h"
#include "lib.h"

#ifdef __KERNEL__
#include <linux/percpu.h>
#include <linux/smp.h>
#endif

/* Append src to dst (a MAXSTRINGLEN buffer holding *used bytes), keeping
 * room for the NUL; what does not fit is dropped, as strlcat does. */
static void lib_append(char *dst, size_t *used, const char *src, size_t n)
{
	size_t room = MAXSTRINGLEN - 1 - *used;

	if (n > room)
		n = room;
	memcpy(dst + *used, src, n);
	*used += n;
	dst[*used] = '\0';
}

void _stp_substr(char *dst, const char *str, s64 start, s64 length)
{
	size_t slen = strlen(str);
	size_t n;

	dst[0] = '\0';
	if (start < 0 || (u64)start >= slen || length <= 0)
		return;
	n = slen - (size_t)start;
	/* SystemTap copies at most length bytes, and at most
	 * MAXSTRINGLEN - 1 of them. */
	if ((u64)length < n)
		n = (size_t)length;
	if (n > MAXSTRINGLEN - 1)
		n = MAXSTRINGLEN - 1;
	memcpy(dst, str + start, n);
	dst[n] = '\0';
}

int _stp_stringat(const char *str, s64 pos, s64 *val)
{
	if (pos < 0 || (u64)pos >= strlen(str)) {
		*val = 0;
		return -1;
	}
	/* char is signed on x86: SystemTap returns e.g. -61 for 0xc3 */
	*val = (s64)(signed char)str[pos];
	return 0;
}

static int lib_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;	/* lower case, as the kernel's _tolower */
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return 99;
}

static u64 lib_strtoull(const char *s, s64 base)
{
	u64 v = 0;
	int d;

	if (base == 0) {
		if (s[0] == '0') {
			if ((s[1] | 0x20) == 'x' && lib_digit(s[2]) < 16)
				base = 16;
			else
				base = 8;
		} else {
			base = 10;
		}
	}
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	for (; *s; s++) {
		d = lib_digit(*s);
		if (d >= base)
			break;
		v = v * (u64)base + (u64)d;
	}
	return v;
}

s64 _stp_strtol(const char *str, s64 base)
{
	/* The kernel's simple_strtol takes an unsigned int base; a value
	 * out of that range is reduced the same way. */
	s64 b = (s64)(unsigned int)base;

	if (*str == '-')
		return -(s64)lib_strtoull(str + 1, b);
	return (s64)lib_strtoull(str, b);
}

void _stp_str_replace(char *dst, const char *str, const char *srch,
		      const char *rplc)
{
	size_t slen = strlen(srch), rlen = strlen(rplc), used = 0;
	const char *hit;

	dst[0] = '\0';
	if (slen == 0) {
		lib_append(dst, &used, str, strlen(str));
		return;
	}
	while ((hit = strstr(str, srch)) != NULL) {
		lib_append(dst, &used, str, (size_t)(hit - str));
		lib_append(dst, &used, rplc, rlen);
		str = hit + slen;
	}
	lib_append(dst, &used, str, strlen(str));
}

/* One character of UTF-8 input: its length in bytes and code point.
 * Anything that is not a well-formed, shortest-form sequence of at most
 * 4 bytes (and not a surrogate) is one byte taken verbatim. */
static int lib_utf8(const unsigned char *in, int avail, u32 *cp)
{
	unsigned char b = in[0];
	int n, i;
	u32 c;

	if ((b & 0xe0) == 0xc0 && avail >= 2) {
		n = 2;
		c = b & 0x1f;
	} else if ((b & 0xf0) == 0xe0 && avail >= 3) {
		n = 3;
		c = b & 0x0f;
	} else if ((b & 0xf8) == 0xf0 && avail >= 4) {
		n = 4;
		c = b & 0x07;
	} else {
		goto verbatim;
	}
	for (i = 1; i < n; i++) {
		if ((in[i] & 0xc0) != 0x80)
			goto verbatim;
		c = (c << 6) | (in[i] & 0x3f);
	}
	if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff || c < 0x80 ||
	    (n == 3 && c < 0x800) || (n == 4 && c < 0x10000))
		goto verbatim;
	*cp = c;
	return n;
verbatim:
	*cp = b;
	return 1;
}

static const char lib_hex[] = "0123456789abcdef";

/* The escape for one character into esc[]; returns its length. */
static int lib_escape(char *esc, u32 c, int n)
{
	int len, i;

	if (n > 1) {
		len = c <= 0xffff ? 6 : 10;
		esc[0] = '\\';
		esc[1] = c <= 0xffff ? 'u' : 'U';
		for (i = 0; i < len - 2; i++)
			esc[2 + i] = lib_hex[(c >> ((len - 3 - i) * 4)) & 0xf];
		return len;
	}
	if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
		esc[0] = (char)c;
		return 1;
	}
	esc[0] = '\\';
	switch (c) {
	case '\a': esc[1] = 'a'; return 2;
	case '\b': esc[1] = 'b'; return 2;
	case '\f': esc[1] = 'f'; return 2;
	case '\n': esc[1] = 'n'; return 2;
	case '\r': esc[1] = 'r'; return 2;
	case '\t': esc[1] = 't'; return 2;
	case '\v': esc[1] = 'v'; return 2;
	case '"': esc[1] = '"'; return 2;
	case '\\': esc[1] = '\\'; return 2;
	}
	esc[1] = (char)('0' + ((c >> 6) & 3));
	esc[2] = (char)('0' + ((c >> 3) & 7));
	esc[3] = (char)('0' + (c & 7));
	return 4;
}

void _stp_text_str(char *dst, const char *in, int inlen, int outlen,
		   int quoted)
{
	const unsigned char *p = (const unsigned char *)in;
	char esc[10];
	int out = 0, esc_at = -1, esc_len = 0, n, num;
	int cut = 0;
	u32 c;

	if (inlen <= 0 || inlen > MAXSTRINGLEN - 1)
		inlen = MAXSTRINGLEN - 1;
	if (outlen <= 0 || outlen > MAXSTRINGLEN - 1)
		outlen = MAXSTRINGLEN - 1;
	if (quoted) {
		outlen = (outlen > 5 ? outlen : 5) - 2;
		dst[out++] = '"';
	}
	while (inlen > 0) {
		if (!*p)
			break;
		if (outlen <= 0) {
			cut = 1;
			break;
		}
		n = lib_utf8(p, inlen, &c);
		p += n;
		inlen -= n;
		num = lib_escape(esc, c, n);
		/* Remember the first multi-byte escape that lies within
		 * the last 3 bytes of room: the "..." of a quoted string
		 * may land inside it, and then cuts it off whole. */
		if (num > 1 && esc_at < 0 && outlen - 3 < num) {
			esc_at = out;
			esc_len = num;
		}
		if (outlen < num) {
			cut = 1;
			break;
		}
		memcpy(dst + out, esc, num);
		out += num;
		outlen -= num;
	}
	if (quoted) {
		if (cut && inlen > 0) {
			int trunc = out - 3 + outlen;

			if (esc_at >= 0 && esc_at < trunc &&
			    trunc < esc_at + esc_len)
				out = esc_at;
			else
				out = trunc;
			memcpy(dst + out, "\"...", 4);
			out += 4;
		} else {
			dst[out++] = '"';
		}
	}
	dst[out] = '\0';
}

void _stp_tokenize_r(struct _stp_tok_state *st, char *dst,
		     const char *input, const char *delim)
{
	int start, i;

	dst[0] = '\0';
	if (input[0]) {
		size_t n = strlen(input);

		if (n > MAXSTRINGLEN - 1)
			n = MAXSTRINGLEN - 1;
		memcpy(st->str, input, n);
		st->str[n] = '\0';
		st->next = 0;
		st->end = (int)n;
	}
	/* strsep, skipping the empty tokens between adjacent delimiters */
	for (;;) {
		if (st->next < 0 || st->next > st->end)
			return;
		start = st->next;
		for (i = start; i < st->end; i++)
			if (strchr(delim, st->str[i]))
				break;
		st->next = i < st->end ? i + 1 : -1;
		if (i > start) {
			memcpy(dst, st->str + start, (size_t)(i - start));
			dst[i - start] = '\0';
			return;
		}
	}
}

#ifdef __KERNEL__
static DEFINE_PER_CPU(struct _stp_tok_state, _stp_tok_state);

void _stp_tokenize(char *dst, const char *input, const char *delim)
{
	/* probe handlers run with preemption off: this CPU's state */
	_stp_tokenize_r(this_cpu_ptr(&_stp_tok_state), dst, input, delim);
}
#endif
