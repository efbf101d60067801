/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-parser.c - libFuzzer harness for pass 1 (`make fuzz`).
 *
 * Each input is one script: it goes through the lexer, the preprocessor
 * and the grammar (stp_parse), and the resulting (possibly partial) AST is
 * printed with stp_print_file, all with a fresh arena and diag; every
 * diagnostic and the printed text go to /dev/null.  The arena is freed at
 * the end so LeakSanitizer reports real leaks only.
 *
 * The input is used whole (it may hold NUL bytes: the source is built by
 * hand with the exact length).  Its last byte also picks some settings,
 * so the fuzzer explores them without a separate header:
 *   bit 0  guru mode (-g)
 *   bit 2  the source is a tapset file (embedded C allowed)
 *   bit 4  read the input as a macro file (.stpm) first, so its @define's
 *          become library macros, then parse it as a script
 * A trailing '\n' (0x0a) sets none of them.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__ubsan_default_options(void);

/* UBSan reports stop the run (as a crash) and show where they came from;
 * `make fuzz` adds suppressions=ubsan.supp through UBSAN_OPTIONS. */
const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1";
}

static FILE *devnull;

static const char *const script_args[] = { "42", "hello world", "-7" };

static const char *const kconfig[] = {
	"CONFIG_SMP=y", "CONFIG_NR_CPUS=64", "CONFIG_HZ=250",
	"CONFIG_MODULES=y", "CONFIG_DEBUG_INFO=y", NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stp_arena arena;
	struct stp_diag diag;
	struct stp_pp_env env;
	struct stp_parse_ctx ctx;
	struct stp_source *src;
	struct stp_file *file;
	unsigned flags = size ? data[size - 1] : 0;

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (!devnull)
			abort();
	}

	stp_arena_init(&arena);
	stp_diag_init(&diag, devnull);

	memset(&env, 0, sizeof(env));
	env.kernel_v = "6.1.0";
	env.kernel_vr = "6.1.0-0-test";
	env.arch = "x86_64";
	env.runtime = "kernel";
	env.systemtap_v = "4.8";
	env.privilege = "stapdev";
	env.guru_mode = flags & 1;
	env.config = kconfig;
	env.args = script_args;
	env.nargs = (int)(sizeof(script_args) / sizeof(script_args[0]));

	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = &arena;
	ctx.diag = &diag;
	ctx.env = &env;

	/* As stp_source_from_string, but with the exact length: the text
	 * is copied so that it ends with a NUL, as the lexer expects. */
	src = stp_arena_alloc(&arena, sizeof(*src));
	src->name = "<fuzz>";
	src->text = stp_arena_alloc(&arena, size + 1);
	if (size)
		memcpy(src->text, data, size);
	src->text[size] = '\0';
	src->len = size;
	src->is_tapset = (flags & 4) != 0;

	if (flags & 0x10)
		stp_parse_macro_file(&ctx, src);
	file = stp_parse(&ctx, src);
	if (file)
		stp_print_file(devnull, file);
	fflush(devnull);

	stp_macros_free(&ctx);
	stp_arena_free(&arena);
	return 0;
}
