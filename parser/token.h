/* SPDX-License-Identifier: GPL-2.0-or-later */
/* token.h - one lexical token, as the lexer makes it and the
 * preprocessor and parser pass it on.  Kinds are bison's (grammar.h). */
#ifndef STP_TOKEN_H
#define STP_TOKEN_H

#include <stdint.h>

#include "source.h"

struct stp_token {
	int kind;			/* bison token kind */
	struct stp_loc loc;		/* first character of the token */
	const struct stp_expansion *exp;	/* macro expansion it came from */
	const char *text;		/* spelling; string contents for STRING,
					 * the code for EMBEDDED */
	int64_t num;			/* value of a NUMBER */
	unsigned space_before : 1;	/* whitespace or comment precedes it */
	/* A lexical error found in this token, reported only when the
	 * preprocessor uses the token: none in an untaken %( %) branch. */
	int err;			/* enum stp_diag_code + 1, or 0 */
	const char *err_arg;		/* the message's argument */
	struct stp_loc err_loc;		/* where (inside the token) */
};

/* An array of token pointers (tokens live in the arena). */
struct stp_tokens {
	struct stp_token **t;
	size_t len;
	size_t cap;
};

void stp_tokens_push(struct stp_tokens *v, struct stp_token *t);
void stp_tokens_free(struct stp_tokens *v);

/* Printable description of a token for messages: "'foo'", "end of file" */
const char *stp_token_describe(const struct stp_token *t, char *buf,
			       unsigned size);

#endif
