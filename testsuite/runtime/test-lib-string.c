// SPDX-License-Identifier: GPL-2.0-or-later
/* test-lib-string.c - host unit test of runtime/lib-string.c: the string
 * functions of the tapset library, against SystemTap 4.8's results. */
#include <string.h>

#include "check.h"
#include "lib.h"

static char out[MAXSTRINGLEN];

#define CHECK_STR(got, want, what) \
	CHECK(strcmp((got), (want)) == 0, "%s = \"%s\" (want \"%s\")", \
	      what, got, want)

static void t_substr(void)
{
	_stp_substr(out, "hello", 1, 3);
	CHECK_STR(out, "ell", "substr(hello,1,3)");
	_stp_substr(out, "hello", 2, 100);
	CHECK_STR(out, "llo", "substr(hello,2,100)");
	_stp_substr(out, "hello", 5, 1);
	CHECK_STR(out, "", "substr(hello,5,1)");
	_stp_substr(out, "hello", -1, 2);
	CHECK_STR(out, "", "substr(hello,-1,2)");
	_stp_substr(out, "hello", 0, 0);
	CHECK_STR(out, "", "substr(hello,0,0)");
	_stp_substr(out, "hello", 0, -5);
	CHECK_STR(out, "", "substr(hello,0,-5)");
	_stp_substr(out, "hello", 0, S64_MAX);
	CHECK_STR(out, "hello", "substr(hello,0,S64_MAX)");
}

static void t_stringat(void)
{
	s64 v;

	CHECK(_stp_stringat("abc", 1, &v) == 0 && v == 'b', "stringat(abc,1)");
	CHECK(_stp_stringat("abc", 3, &v) != 0, "stringat(abc,3) fails");
	CHECK(_stp_stringat("abc", -1, &v) != 0, "stringat(abc,-1) fails");
	CHECK(_stp_stringat("\xc3", 0, &v) == 0 && v == -61,
	      "stringat of 0xc3 is -61 (signed char)");
}

static void t_strtol(void)
{
	static const struct {
		const char *s;
		s64 base, want;
	} t[] = {
		{ "123", 10, 123 }, { "-123", 10, -123 }, { "0x1f", 16, 31 },
		{ "1F", 16, 31 }, { "0x1f", 0, 31 }, { "017", 0, 15 },
		{ "17", 0, 17 }, { "19", 8, 1 }, { "abc", 10, 0 },
		{ "12abc", 10, 12 }, { " 12", 10, 0 }, { "+5", 10, 0 },
		{ "0x", 16, 0 }, { "0xg", 0, 0 }, { "ff", 36, 555 },
		{ "z", 36, 0 }, { "-0x10", 16, -16 }, { "101", 2, 5 },
		{ "", 10, 0 }, { "9223372036854775807", 10, S64_MAX },
		{ "18446744073709551615", 10, -1 },
		{ "ffffffffffffffff", 16, -1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		s64 got = _stp_strtol(t[i].s, t[i].base);

		CHECK(got == t[i].want, "strtol(\"%s\", %lld) = %lld (want %lld)",
		      t[i].s, (long long)t[i].base, (long long)got,
		      (long long)t[i].want);
	}
}

static void t_str_replace(void)
{
	char big[MAXSTRINGLEN], want[MAXSTRINGLEN];

	_stp_str_replace(out, "hello world", "o", "0");
	CHECK_STR(out, "hell0 w0rld", "str_replace o->0");
	_stp_str_replace(out, "aaa", "aa", "b");
	CHECK_STR(out, "ba", "str_replace non-overlapping");
	_stp_str_replace(out, "abc", "", "x");
	CHECK_STR(out, "abc", "str_replace empty search");
	_stp_str_replace(out, "abc", "abc", "");
	CHECK_STR(out, "", "str_replace to empty");
	_stp_str_replace(out, "xyz", "q", "r");
	CHECK_STR(out, "xyz", "str_replace no hit");
	/* 100 'a' each replaced by "bb": cut at MAXSTRINGLEN - 1 */
	memset(big, 'a', 100);
	big[100] = '\0';
	memset(want, 'b', MAXSTRINGLEN - 1);
	want[MAXSTRINGLEN - 1] = '\0';
	_stp_str_replace(out, big, "a", "bb");
	CHECK_STR(out, want, "str_replace truncates");
}

static void t_text_str(void)
{
	char in[MAXSTRINGLEN], want[MAXSTRINGLEN];

	_stp_text_str(out, "a\nb\"c\\", 0, 0, 0);
	CHECK_STR(out, "a\\nb\\\"c\\\\", "text_str escapes");
	_stp_text_str(out, "\x01\a\b\f\r\t\v", 0, 0, 0);
	CHECK_STR(out, "\\001\\a\\b\\f\\r\\t\\v", "text_str controls");
	_stp_text_str(out, "\xc3\xa9!", 0, 0, 0);
	CHECK_STR(out, "\\u00e9!", "text_str UTF-8 2 bytes");
	_stp_text_str(out, "\xf0\x9f\x98\x80", 0, 0, 0);
	CHECK_STR(out, "\\U0001f600", "text_str UTF-8 4 bytes");
	_stp_text_str(out, "\xff\xc3(", 0, 0, 0);
	CHECK_STR(out, "\\377\\303(", "text_str invalid UTF-8 verbatim");
	_stp_text_str(out, "\xc0\x80", 0, 0, 0);
	CHECK_STR(out, "\\300\\200", "text_str overlong verbatim");
	_stp_text_str(out, "ab", MAXSTRINGLEN, MAXSTRINGLEN, 1);
	CHECK_STR(out, "\"ab\"", "string_quoted");

	memset(in, 'a', 127);
	in[127] = '\0';
	_stp_text_str(out, in, 0, 0, 0);
	CHECK_STR(out, in, "text_str of 127 bytes");
	_stp_text_str(out, in, MAXSTRINGLEN, MAXSTRINGLEN, 1);
	want[0] = '"';
	memset(want + 1, 'a', 122);
	strcpy(want + 123, "\"...");
	CHECK_STR(out, want, "string_quoted cut with ...");
	/* the "..." would land inside the \n escape: it goes whole */
	memset(in, 'a', 121);
	strcpy(in + 121, "\naaaa");
	_stp_text_str(out, in, MAXSTRINGLEN, MAXSTRINGLEN, 1);
	want[0] = '"';
	memset(want + 1, 'a', 121);
	strcpy(want + 122, "\"...");
	CHECK_STR(out, want, "string_quoted cut before an escape");
}

static void t_tokenize(void)
{
	struct _stp_tok_state st;

	memset(&st, 0, sizeof(st));
	_stp_tokenize_r(&st, out, "", ",");
	CHECK_STR(out, "", "tokenize before any input");
	_stp_tokenize_r(&st, out, ",a,,b c,", ",");
	CHECK_STR(out, "a", "tokenize 1st");
	_stp_tokenize_r(&st, out, "", ",");
	CHECK_STR(out, "b c", "tokenize 2nd skips the empty token");
	_stp_tokenize_r(&st, out, "", ", ");
	CHECK_STR(out, "", "tokenize end");
	_stp_tokenize_r(&st, out, "", ",");
	CHECK_STR(out, "", "tokenize stays at end");
	_stp_tokenize_r(&st, out, "one two", " ");
	CHECK_STR(out, "one", "tokenize new input restarts");
	_stp_tokenize_r(&st, out, "", " ");
	CHECK_STR(out, "two", "tokenize last token");
	_stp_tokenize_r(&st, out, "x;y", "");
	CHECK_STR(out, "x;y", "tokenize without delimiters");
}

int main(void)
{
	t_substr();
	t_stringat();
	t_strtol();
	t_str_replace();
	t_text_str();
	t_tokenize();
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed != 0;
}
