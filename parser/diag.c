/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diag.c - printing diagnostics with source excerpts and carets. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct stp_diag_entry {
	int is_error;			/* counts against max_errors */
	const struct stp_source *src;	/* sort key: file, line, column */
	unsigned line, col;
	size_t seq;			/* keeps equal positions in order */
	size_t src_rank;		/* seq of the first message in src */
	char *text;			/* the whole message with notes */
	size_t len;
};

static const struct {
	const char *code;
	const char *format;
} catalogue[STP_DIAG_COUNT] = {
#define DIAG(code, name, msg) [STP_##name] = { #code, msg },
#include "diag-codes.def"
#undef DIAG
};

void stp_diag_init(struct stp_diag *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->max_errors = 20;
}

void stp_diag_hold(struct stp_diag *d)
{
	d->buffering = 1;
}

/* Open a held message; its notes go to the same entry. */
static FILE *begin_entry(struct stp_diag *d, const struct stp_loc *loc)
{
	struct stp_diag_entry *e;
	FILE *f;

	if (!d->buffering)
		return d->out;
	if (d->nheld == d->capheld) {
		d->capheld = d->capheld ? d->capheld * 2 : 16;
		d->held = realloc(d->held, d->capheld * sizeof(*d->held));
		if (!d->held)
			abort();
	}
	e = &d->held[d->nheld];
	memset(e, 0, sizeof(*e));
	f = open_memstream(&e->text, &e->len);
	if (!f)
		return d->out;
	e->seq = d->nheld;
	e->src_rank = e->seq;
	if (loc) {
		size_t j;

		e->src = loc->src;
		e->line = loc->line;
		e->col = loc->col;
		for (j = 0; j < d->nheld; j++)
			if (d->held[j].src == e->src) {
				e->src_rank = d->held[j].src_rank;
				break;
			}
	}
	d->nheld++;
	return f;
}

static void end_entry(struct stp_diag *d, FILE *f)
{
	if (f != d->out)
		fclose(f);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct stp_diag_entry *x = a, *y = b;

	/* files in the order of their first message; a total order, as
	 * qsort needs */
	if (x->src != y->src)
		return x->src_rank < y->src_rank ? -1 :
		       x->src_rank > y->src_rank ? 1 :
		       x->seq < y->seq ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void stp_diag_flush(struct stp_diag *d)
{
	size_t i;
	int errors = 0;

	if (d->nheld)	/* qsort(NULL, 0, ...) is undefined */
		qsort(d->held, d->nheld, sizeof(*d->held), entry_cmp);
	/* the limit applies in source order, not in the order the stages
	 * happened to find them */
	for (i = 0; i < d->nheld; i++) {
		struct stp_diag_entry *e = &d->held[i];

		if (e->is_error && d->max_errors > 0 &&
		    ++errors > d->max_errors)
			d->suppressed++;
		else
			fwrite(e->text, 1, e->len, d->out);
		free(e->text);
	}
	if (d->suppressed) {
		fprintf(d->out, "stap: error: ");
		fprintf(d->out, catalogue[STP_TOO_MANY_ERRORS].format,
			d->suppressed);
		fprintf(d->out, " [%s]\n", catalogue[STP_TOO_MANY_ERRORS].code);
	}
	free(d->held);
	d->held = NULL;
	d->nheld = d->capheld = 0;
	d->buffering = 0;
}

const char *stp_diag_code_name(enum stp_diag_code code)
{
	return catalogue[code].code;
}

const char *stp_diag_format(enum stp_diag_code code)
{
	return catalogue[code].format;
}

/* Lines longer than this are shown as a window around the column. */
#define EXCERPT_WIDTH 120

/* The source line, then a caret under loc->col; tabs in the line are
 * copied into the indentation so the caret lines up in any terminal. */
static void print_excerpt(FILE *out, const struct stp_loc *loc)
{
	const char *line;
	size_t len, i, from = 0, to, col;

	line = stp_source_line(loc->src, loc->line, &len);
	if (!line)
		return;
	col = loc->col ? loc->col - 1 : 0;
	to = len;
	if (len > EXCERPT_WIDTH) {
		from = col > EXCERPT_WIDTH / 2 ? col - EXCERPT_WIDTH / 2 : 0;
		to = from + EXCERPT_WIDTH < len ? from + EXCERPT_WIDTH : len;
	}
	fputs(from ? " ..." : " ", out);
	fwrite(line + from, 1, to - from, out);
	fputs(to < len ? "...\n" : "\n", out);
	fputs(from ? "    " : " ", out);
	for (i = from; i < col && i < to; i++)
		fputc(line[i] == '\t' ? '\t' : ' ', out);
	fputs("^\n", out);
}

static void print_where(FILE *out, const struct stp_loc *loc)
{
	if (loc && loc->src)
		fprintf(out, "%s:%u:%u: ", loc->src->name, loc->line, loc->col);
	else
		fputs("stap: ", out);
}

static void print_expansions(FILE *out, const struct stp_expansion *exp)
{
	for (; exp; exp = exp->parent) {
		if (exp->macro)
			fprintf(out, "note: in expansion of macro '@%s' at ",
				exp->macro);
		else
			fputs("note: in the conditional at ", out);
		if (exp->use.src)
			fprintf(out, "%s:%u:%u\n", exp->use.src->name,
				exp->use.line, exp->use.col);
		else
			fputs("the command line\n", out);
		print_excerpt(out, &exp->use);
	}
}

void stp_diag_report(struct stp_diag *d, enum stp_severity sev,
		     const struct stp_loc *loc,
		     const struct stp_expansion *exp, const char *hint,
		     enum stp_diag_code code, ...)
{
	va_list ap;

	va_start(ap, code);
	stp_diag_vreport(d, sev, loc, exp, hint, code, ap);
	va_end(ap);
}

void stp_diag_stderr(const char *hint, enum stp_diag_code code, ...)
{
	struct stp_diag d;
	va_list ap;

	stp_diag_init(&d, stderr);
	va_start(ap, code);
	stp_diag_vreport(&d, STP_SEV_ERROR, NULL, NULL, hint, code, ap);
	va_end(ap);
}

void stp_diag_vreport(struct stp_diag *d, enum stp_severity sev,
		      const struct stp_loc *loc,
		      const struct stp_expansion *exp, const char *hint,
		      enum stp_diag_code code, va_list ap)
{
	FILE *f;

	if (sev == STP_SEV_ERROR) {
		if (d->gave_up) {
			d->suppressed++;
			return;
		}
		d->errors++;
	} else {
		d->warnings++;
		if (d->no_warnings)
			return;
	}
	f = begin_entry(d, loc);
	if (d->buffering)
		d->held[d->nheld - 1].is_error = sev == STP_SEV_ERROR;
	print_where(f, loc);
	fputs(sev == STP_SEV_ERROR ? "error: " : "warning: ", f);
	vfprintf(f, catalogue[code].format, ap);
	fprintf(f, " [%s]\n", catalogue[code].code);
	if (loc && loc->src)
		print_excerpt(f, loc);
	if (hint)
		fprintf(f, "hint: %s\n", hint);
	print_expansions(f, exp);
	end_entry(d, f);
	/* Held messages are cut to max_errors when flushed, in source
	 * order; meanwhile work stops only at ten times as many. */
	if (sev == STP_SEV_ERROR && d->max_errors > 0 &&
	    d->errors >= (d->buffering ? 10 : 1) * d->max_errors) {
		d->gave_up = 1;
		if (!d->buffering) {
			fprintf(d->out, "stap: error: ");
			fprintf(d->out, catalogue[STP_TOO_MANY_ERRORS].format,
				0);
			fprintf(d->out, " [%s]\n",
				catalogue[STP_TOO_MANY_ERRORS].code);
		}
	}
}

void stp_diag_note(struct stp_diag *d, const struct stp_loc *loc,
		   const char *fmt, ...)
{
	va_list ap;
	FILE *f = d->out;
	struct stp_diag_entry *last = NULL;
	char *text = NULL;
	size_t len = 0;

	if (d->buffering && d->nheld) {
		/* the note belongs to the message before it */
		last = &d->held[d->nheld - 1];
		f = open_memstream(&text, &len);
		if (!f)
			return;
		fwrite(last->text, 1, last->len, f);
	}
	print_where(f, loc);
	fputs("note: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	if (loc && loc->src)
		print_excerpt(f, loc);
	if (last) {
		fclose(f);
		free(last->text);
		last->text = text;
		last->len = len;
	}
}

unsigned stp_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	unsigned *row, result;

	if (la > 64 || lb > 64)
		return 1000;
	row = calloc(lb + 1, sizeof(*row));
	if (!row)
		return 1000;
	for (j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = (unsigned)i;
		for (j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned best = diag + (a[i - 1] != b[j - 1]);

			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

const char *stp_closest(const char *word, const char *const *candidates,
			size_t n)
{
	const char *best = NULL;
	unsigned best_d = ~0u;
	size_t i, len = strlen(word);
	unsigned limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;

	for (i = 0; i < n; i++) {
		unsigned dist = stp_edit_distance(word, candidates[i]);

		if (dist < best_d) {
			best_d = dist;
			best = candidates[i];
		}
	}
	return best_d > 0 && best_d <= limit ? best : NULL;
}
