/* SPDX-License-Identifier: GPL-2.0-or-later */
/* parse.c - pass 1 driver: load a source, lex, preprocess, parse. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast-build.h"
#include "file.h"
#include "grammar.h"

static struct stp_source *new_source(struct stp_parse_ctx *ctx,
				     const char *name, char *text, size_t len)
{
	struct stp_source *src = stp_arena_alloc(ctx->arena, sizeof(*src));

	src->name = stp_arena_strdup(ctx->arena, name);
	src->text = stp_arena_strndup(ctx->arena, text, len);
	src->len = len;
	stp_source_index_lines(src, ctx->arena);
	/* keep every source of the session: the module cache key hashes
	 * them all (user script, macro libraries, tapsets) */
	src->next = ctx->sources;
	ctx->sources = src;
	return src;
}

struct stp_source *stp_source_from_string(struct stp_parse_ctx *ctx,
					  const char *name, const char *text)
{
	return new_source(ctx, name, (char *)text, strlen(text));
}

struct stp_source *stp_source_from_file(struct stp_parse_ctx *ctx,
					const char *path)
{
	bool is_stdin = !strcmp(path, "-");
	char *buf;
	size_t len;
	struct stp_source *src;

	if ((is_stdin ? stp_read_fd(0, &buf, &len) :
			stp_read_file(path, &buf, &len)) < 0) {
		stp_diag_report(ctx->diag, STP_SEV_ERROR, NULL, NULL, NULL,
				STP_CANT_OPEN, path, strerror(errno));
		return NULL;
	}
	src = new_source(ctx, is_stdin ? "<stdin>" : path, buf, len);
	free(buf);
	return src;
}

int stp_gram_lex(STP_GRAM_STYPE *lval, STP_GRAM_LTYPE *lloc, struct gram *g)
{
	const struct stp_token *t;

	for (;;) {
		t = g->toks->t[g->pos];
		if (t->kind != 0)
			g->pos++;
		if (stp_diag_full(g->ctx->diag)) {
			/* stop parsing: pretend the file ends here */
			t = g->toks->t[g->toks->len - 1];
			break;
		}
		if (t->kind == LEX_ERROR) {
			/* reported already; what it broke is not news */
			g->quiet = 1;
			continue;
		}
		if (!g->skip_to_sync || gram_is_sync(t->kind))
			break;
	}
	g->skip_to_sync = 0;
	g->before_last = g->last;
	g->last = t;
	lval->tok = t;
	lloc->tok = t;
	return t->kind;
}

struct stp_file *stp_parse(struct stp_parse_ctx *ctx,
			   const struct stp_source *src)
{
	struct stp_tokens raw = { 0 }, toks = { 0 };
	struct stp_file *file = stp_arena_alloc(ctx->arena, sizeof(*file));
	struct gram g;

	file->src = src;
	file->tail = &file->decls;
	stp_diag_hold(ctx->diag);
	stp_lex(ctx, src, &raw);
	stp_preprocess(ctx, &raw, &toks);
	memset(&g, 0, sizeof(g));
	g.ctx = ctx;
	g.file = file;
	g.toks = &toks;
	stp_gram_parse(&g);
	gram_finish(&g);
	stp_diag_flush(ctx->diag);
	stp_tokens_free(&raw);
	stp_tokens_free(&toks);
	return file;
}
