/* SPDX-License-Identifier: GPL-2.0-or-later */
/* parse.h - pass 1: source text to AST (lexer, preprocessor, grammar).
 *
 *   stp_lex         characters -> raw tokens (lexer.l)
 *   stp_preprocess  raw tokens -> tokens: $1/@1 arguments, @define macros,
 *                   %( %? %: %) conditionals, probe-point components
 *   stp_parse       tokens -> struct stp_file (grammar.y)
 */
#ifndef STP_PARSE_H
#define STP_PARSE_H

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "token.h"

/* What preprocessor conditionals compare against. */
struct stp_pp_env {
	const char *kernel_v;		/* "6.1.0": release up to the first '-' */
	const char *kernel_vr;		/* "6.1.0-57-amd64": the whole release */
	const char *arch;		/* "x86_64" */
	const char *runtime;		/* "kernel" */
	const char *systemtap_v;	/* language version we implement */
	const char *privilege;		/* "stapdev", "stapsys" or "stapusr" */
	int guru_mode;			/* -g given */
	const char *const *config;	/* "CONFIG_X=y" lines of the kernel's
					 * .config, NULL-terminated, or NULL */
	const char *const *args;	/* script arguments for $1 / @1 */
	int nargs;
};

struct stp_macro;

struct stp_parse_ctx {
	struct stp_arena *arena;	/* owns tokens and nodes */
	struct stp_diag *diag;
	const struct stp_pp_env *env;
	struct stp_macro *macros;	/* @define'd macros visible to all files
					 * (library macros from .stpm files) */
	struct stp_source *sources;	/* every source loaded, newest first */
};

/* Lex a whole source; errors go to ctx->diag.  Tokens end with kind 0. */
void stp_lex(struct stp_parse_ctx *ctx, const struct stp_source *src,
	     struct stp_tokens *out);

/* Expand arguments, macros and conditionals; mark probe components. */
void stp_preprocess(struct stp_parse_ctx *ctx, const struct stp_tokens *in,
		    struct stp_tokens *out);

/* The whole of pass 1 on one source.  Returns the (possibly partial) file;
 * ctx->diag->errors tells whether it was clean. */
struct stp_file *stp_parse(struct stp_parse_ctx *ctx,
			   const struct stp_source *src);

/* Read the @define's of a library macro file (.stpm) into ctx->macros. */
void stp_parse_macro_file(struct stp_parse_ctx *ctx,
			  const struct stp_source *src);


/* Load a file (path "-" reads stdin) or wrap a string as a source.
 * Returns NULL and reports E001 when the file cannot be read. */
struct stp_source *stp_source_from_file(struct stp_parse_ctx *ctx,
					const char *path);
struct stp_source *stp_source_from_string(struct stp_parse_ctx *ctx,
					  const char *name, const char *text);

#endif
