/* SPDX-License-Identifier: GPL-2.0-or-later */
/* token.c - token arrays and token descriptions for messages. */
#include "token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "grammar.h"

void stp_tokens_push(struct stp_tokens *v, struct stp_token *t)
{
	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 256;
		v->t = stp_xrealloc(v->t, v->cap * sizeof(*v->t));
	}
	v->t[v->len++] = t;	/* typed twin of stp_vec_push */
}

void stp_tokens_free(struct stp_tokens *v)
{
	free(v->t);
	v->t = NULL;
	v->len = v->cap = 0;
}

const char *stp_token_describe(const struct stp_token *t, char *buf,
			       unsigned size)
{
	switch (t->kind) {
	case 0:
		return "end of file";
	case STRING:
		snprintf(buf, size, "string \"%.40s%s\"", t->text,
			 strlen(t->text) > 40 ? "..." : "");
		return buf;
	case EMBEDDED:
		return "embedded C code";
	case NUMBER:
		snprintf(buf, size, "number %s", t->text);
		return buf;
	default:
		snprintf(buf, size, "%s'%s'",
			 t->kind == IDENT ? "identifier " :
			 t->kind == COMPONENT ? "probe point component " :
			 t->kind == TARGET ? "target variable " : "", t->text);
		return buf;
	}
}
