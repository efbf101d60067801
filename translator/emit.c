// SPDX-License-Identifier: GPL-2.0-or-later
/* emit.c - pass 3's emitter: buffers with line counts and script places,
 * indented lines, per-statement temporaries, C literals (emit.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "xalloc.h"
#include "text.h"

/* ---- buffers ---- */

void sb_addn(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = stp_xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_addn(b, small, (size_t)n);
		return;
	}
	{
		char *big = stp_xmalloc((size_t)n + 1);

		vsnprintf(big, (size_t)n + 1, fmt, ap);
		sb_addn(b, big, (size_t)n);
		free(big);
	}
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

static void add_place(struct sbuf *b, size_t off, const struct stp_c_place *at)
{
	if (b->nplaces && b->places[b->nplaces - 1].off == off) {
		b->places[b->nplaces - 1].at = *at;	/* the later one wins */
		return;
	}
	if (b->nplaces == b->cap_places) {
		b->cap_places = b->cap_places ? 2 * b->cap_places : 16;
		b->places = stp_xrealloc(b->places, b->cap_places *
					 sizeof(*b->places));
	}
	b->places[b->nplaces].off = off;
	b->places[b->nplaces++].at = *at;
}

void sb_place(struct sbuf *b, const struct stp_loc *loc, bool lines_follow)
{
	struct stp_c_place at = { 0 };

	if (loc && loc->src) {
		at.file = loc->src->name;
		at.line = loc->line;
		at.col = loc->col;
		at.embedded = lines_follow;
	}
	add_place(b, b->len, &at);
}

void sb_append(struct sbuf *dst, const struct sbuf *src)
{
	size_t base = dst->len, i;

	for (i = 0; i < src->nplaces; i++)
		add_place(dst, base + src->places[i].off, &src->places[i].at);
	sb_addn(dst, src->s ? src->s : "", src->len);
}

void sb_insert(struct sbuf *b, size_t pos, const char *s, size_t n)
{
	size_t tail = b->len - pos, i;

	sb_addn(b, s, n);	/* grows it */
	memmove(b->s + pos + n, b->s + pos, tail);
	memcpy(b->s + pos, s, n);
	for (i = 0; i < b->nplaces; i++)
		if (b->places[i].off > pos)
			b->places[i].off += n;
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	free(b->places);
	memset(b, 0, sizeof(*b));
}

char *em_strdup_printf(const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	free(b.places);
	if (!b.s)
		return stp_xstrdup("");
	return b.s;
}

/* ---- bodies ---- */

void em_body_init(struct em_body *b)
{
	memset(b, 0, sizeof(*b));
	b->indent = 1;
}

void em_body_free(struct em_body *b)
{
	sb_free(&b->code);
	sb_free(&b->frame);
	free(b->temps.key_sizes);
}

void em_line(struct em_body *b, const char *fmt, ...)
{
	va_list ap;
	int i;

	for (i = 0; i < b->indent; i++)
		sb_addn(&b->code, "\t", 1);
	va_start(ap, fmt);
	sb_vprintf(&b->code, fmt, ap);
	va_end(ap);
	sb_addn(&b->code, "\n", 1);
}

void em_blank(struct em_body *b)
{
	sb_addn(&b->code, "\n", 1);
}

void em_stmt_start(struct em_body *b)
{
	b->temps.nums = b->temps.base_nums;
	b->temps.strs = b->temps.base_strs;
	b->temps.stats = b->temps.base_stats;
	b->temps.keys = b->temps.base_keys;
	b->temps.stmt++;
}

struct em_held em_hold(struct em_body *b)
{
	struct em_temps *t = &b->temps;
	struct em_held old = { t->base_nums, t->base_strs, t->base_stats,
			       t->base_keys };

	t->base_nums = t->nums;
	t->base_strs = t->strs;
	t->base_stats = t->stats;
	t->base_keys = t->keys;
	return old;
}

void em_release(struct em_body *b, struct em_held held)
{
	b->temps.base_nums = held.nums;
	b->temps.base_strs = held.strs;
	b->temps.base_stats = held.stats;
	b->temps.base_keys = held.keys;
}

static const char *temp_name(const char *kind, int n)
{
	static char name[16];

	snprintf(name, sizeof(name), "%s%d", kind, n);
	return name;
}

const char *em_num(struct em_body *b)
{
	struct em_temps *t = &b->temps;

	if (++t->nums > t->max_nums)
		t->max_nums = t->nums;
	return temp_name("n", t->nums);
}

const char *em_str(struct em_body *b)
{
	struct em_temps *t = &b->temps;

	if (++t->strs > t->max_strs)
		t->max_strs = t->strs;
	return temp_name("s", t->strs);
}

const char *em_stat(struct em_body *b)
{
	struct em_temps *t = &b->temps;

	if (++t->stats > t->max_stats)
		t->max_stats = t->stats;
	return temp_name("st", t->stats);
}

const char *em_key(struct em_body *b, int nkeys)
{
	struct em_temps *t = &b->temps;

	if (++t->keys > t->max_keys) {
		t->key_sizes = stp_xrealloc(t->key_sizes, (size_t)(t->keys + 1) *
					    sizeof(int));
		t->key_sizes[t->keys] = 0;
		t->max_keys = t->keys;
	}
	if (t->key_sizes[t->keys] < nkeys)
		t->key_sizes[t->keys] = nkeys;
	return temp_name("k", t->keys);
}

const char *em_frame_str(struct em_body *b)
{
	static char name[32];
	int n = b->nframe_strs++;

	sb_printf(&b->frame, "\tchar t%d[MAXSTRINGLEN];\n", n);
	snprintf(name, sizeof(name), "l->t%d", n);
	return name;
}

/* "\tTYPE NAME1, NAME2;" ("*" before each name of a pointer type). */
static void decl_list(struct sbuf *o, const char *type, bool ptr,
		      const char *kind, int n)
{
	int i;

	if (!n)
		return;
	sb_printf(o, "\t%s ", type);
	for (i = 1; i <= n; i++)
		sb_printf(o, "%s%s%s%d", i > 1 ? ", " : "", ptr ? "*" : "",
			  kind, i);
	sb_add(o, ";\n");
}

void em_temp_decls(const struct em_body *b, struct sbuf *o)
{
	const struct em_temps *t = &b->temps;
	int i;

	decl_list(o, "s64", false, "n", t->max_nums);
	decl_list(o, "const char", true, "s", t->max_strs);
	decl_list(o, "const struct _stp_stat", true, "st", t->max_stats);
	if (!t->max_keys)
		return;
	sb_add(o, "\tunion _stp_key ");
	for (i = 1; i <= t->max_keys; i++)
		sb_printf(o, "%sk%d[%d]", i > 1 ? ", " : "", i,
			  t->key_sizes[i]);
	sb_add(o, ";\n");
}

/* ---- literals ---- */

void em_c_string(struct sbuf *o, const char *s, size_t n)
{
	size_t i;

	sb_add(o, "\"");
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			sb_printf(o, "\\%c", ch);
		else if (ch == '\n')
			sb_add(o, "\\n");
		else if (ch == '\t')
			sb_add(o, "\\t");
		else if (ch == '?')
			sb_add(o, "\\?");	/* no trigraphs */
		else if (ch >= 32 && ch < 127)
			sb_addn(o, (const char *)&ch, 1);
		else
			sb_printf(o, "\\%03o", ch);
	}
	sb_add(o, "\"");
}

char *em_unescape(const char *s, size_t *len)
{
	char *r = stp_xmalloc(strlen(s) + 1);
	size_t n = 0;

	while (*s) {
		int v, k;

		if (*s != '\\' || !s[1]) {
			r[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': r[n++] = '\n'; s++; break;
		case 't': r[n++] = '\t'; s++; break;
		case 'r': r[n++] = '\r'; s++; break;
		case 'a': r[n++] = '\a'; s++; break;
		case 'b': r[n++] = '\b'; s++; break;
		case 'f': r[n++] = '\f'; s++; break;
		case 'v': r[n++] = '\v'; s++; break;
		case 'x':
			s++;
			for (v = 0, k = 0; k < 2 && stp_hexval(*s) >= 0; k++)
				v = v * 16 + stp_hexval(*s++);
			r[n++] = (char)v;
			break;
		default:
			if (*s >= '0' && *s <= '7') {
				for (v = 0, k = 0; k < 3 && *s >= '0' &&
				     *s <= '7'; k++)
					v = v * 8 + (*s++ - '0');
				r[n++] = (char)v;
			} else {
				r[n++] = *s++;
			}
		}
	}
	r[n] = '\0';
	*len = n;
	return r;
}

const char *em_bare(char *c)
{
	size_t n = strlen(c), i;
	int depth = 0;

	if (n < 2 || c[0] != '(' || c[n - 1] != ')')
		return c;
	for (i = 0; i < n - 1; i++) {
		depth += c[i] == '(' ? 1 : c[i] == ')' ? -1 : 0;
		if (depth == 0)
			return c;	/* "(a) + (b)" */
	}
	c[n - 1] = '\0';
	return c + 1;
}

void em_comment(struct sbuf *o, const char *text, size_t max)
{
	size_t n = strlen(text), i;

	sb_add(o, "/* ");
	for (i = 0; i < n && i < max; i++) {
		sb_addn(o, text + i, 1);
		if (text[i] == '*' && text[i + 1] == '/')
			sb_add(o, " ");	/* not the comment's end */
	}
	sb_add(o, n > max ? "... */\n" : " */\n");
}

const char *em_loc(const struct stp_loc *loc, const char *dflt)
{
	static char buf[512];

	if (!loc || !loc->src)
		snprintf(buf, sizeof(buf), "%s", dflt);
	else
		snprintf(buf, sizeof(buf), "%s:%u:%u", loc->src->name,
			 loc->line, loc->col);
	return buf;
}
