/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab-index.c - the tapset index: which file defines which name.
 *
 * Parsing every tapset for each run would cost far more than the whole
 * of passes 1-3 may take, so each *.stp under the tapset directories is
 * only scanned for the names it defines at the top level (functions,
 * globals, alias names).  The scan ignores %( %) conditionals, so it
 * finds a superset; a file is parsed (with the conditionals applied)
 * only when one of its names is referenced.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memmem */
#endif
#include "elab-internal.h"
#include "file.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* -- the scan ----------------------------------------------------------- */

static int is_id(int c)
{
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Skip blanks and comments. */
static const char *skip_ws(const char *p, const char *end)
{
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if (*p == '#' || (*p == '/' && p + 1 < end && p[1] == '/')) {
			while (p < end && *p != '\n')
				p++;
		} else if (*p == '/' && p + 1 < end && p[1] == '*') {
			const char *q = memmem(p + 2, end - p - 2, "*/", 2);

			p = q ? q + 2 : end;
		} else {
			break;
		}
	}
	return p;
}

static void add_name(struct tfile *f, const char *s, size_t n)
{
	char *name;

	if (!n)
		return;
	name = stp_xstrndup(s, n);
	f->names = stp_xrealloc(f->names, (f->nnames + 1) * sizeof(*f->names));
	f->names[f->nnames++] = name;
}

/* The dotted name of an alias: components without their arguments,
 * stopping at '=', '+=', ',' or '{'. */
static const char *scan_alias_names(struct tfile *f, const char *p,
				    const char *end)
{
	char buf[512];
	size_t n = 0;
	const char *start = p;
	int depth = 0;

	/* is it an alias at all: '=' before '{' (outside parentheses)? */
	for (; p < end && (depth || *p != '{'); p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == '"') {
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
		} else if (!depth && *p == '=' && p[1] != '=')
			break;
	}
	if (p >= end || *p != '=')
		return start;
	for (p = start; p < end && *p != '=';) {
		p = skip_ws(p, end);
		if (p >= end || *p == '=' || (*p == '+' && p[1] == '='))
			break;
		if (*p == ',') {
			add_name(f, buf, n);
			n = 0;
			p++;
		} else if (*p == '(') {
			for (depth = 0; p < end; p++) {
				if (*p == '(')
					depth++;
				else if (*p == ')' && !--depth)
					break;
				else if (*p == '"')
					for (p++; p < end && *p != '"'; p++)
						if (*p == '\\')
							p++;
			}
			p++;
		} else if (is_id(*p) || *p == '*' || *p == '.') {
			if (n < sizeof(buf) - 1)
				buf[n++] = *p;
			p++;
		} else {
			p++;	/* '?' '!' */
		}
	}
	add_name(f, buf, n);
	return p;
}

static void scan_file(struct tfile *f, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int depth = 0;

	while ((p = skip_ws(p, end)) < end) {
		if (*p == '"' || *p == '\'') {
			char q = *p;

			for (p++; p < end && *p != q && *p != '\n'; p++)
				if (*p == '\\')
					p++;
			p++;
		} else if (*p == '%' && p + 1 < end && p[1] == '{') {
			const char *q = memmem(p, end - p, "%}", 2);

			p = q ? q + 2 : end;
		} else if (*p == '{') {
			depth++;
			p++;
		} else if (*p == '}') {
			depth -= depth > 0;
			p++;
		} else if (is_id(*p)) {
			const char *w = p;
			size_t n;

			while (p < end && is_id(*p))
				p++;
			n = p - w;
			if (depth)
				continue;
			if (n == 8 && !memcmp(w, "function", 8)) {
				p = skip_ws(p, end);
				w = p;
				while (p < end && is_id(*p))
					p++;
				add_name(f, w, p - w);
			} else if (n == 5 && !memcmp(w, "probe", 5)) {
				p = scan_alias_names(f, skip_ws(p, end), end);
			} else if (n == 6 && !memcmp(w, "global", 6)) {
				/* names separated by ',' up to the end of the
				 * declaration (a line without a trailing ',') */
				for (;;) {
					p = skip_ws(p, end);
					w = p;
					while (p < end && is_id(*p))
						p++;
					add_name(f, w, p - w);
					while (p < end && *p != ',' && *p != '\n')
						p++;
					if (p >= end || *p != ',')
						break;
					p++;
				}
			}
		} else {
			p++;
		}
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file pass 1 reported as broken (SystemTap skips it too). */
static bool skipped(const struct elab *el, const char *path)
{
	const struct stp_vec *v = el->req->skip_tapsets;
	size_t i;

	for (i = 0; v && i < v->len; i++)
		if (!strcmp(v->items[i], path))
			return true;
	return false;
}

static void index_dir(struct elab *el, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i, j;

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l > 4 && !strcmp(de->d_name + l - 4, ".stp")) {
			names = stp_xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = stp_xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n)	/* a stable order: the first definition in it wins */
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		struct tfile *f;
		char *text;
		size_t len;
		char *path = stp_xasprintf("%s/%s", dir, names[i]);

		free(names[i]);
		if (skipped(el, path) || stp_read_file(path, &text, &len)) {
			free(path);
			continue;
		}
		el->tfiles = stp_xrealloc(el->tfiles,
					  (el->ntfiles + 1) * sizeof(*el->tfiles));
		f = &el->tfiles[el->ntfiles++];
		memset(f, 0, sizeof(*f));
		f->path = path;
		scan_file(f, text, len);
		free(text);
	}
	free(names);
	/* the map points into tfiles, which moved while growing: rebuild */
	strmap_free(&el->index);
	for (i = 0; i < el->ntfiles; i++)
		for (j = 0; j < el->tfiles[i].nnames; j++)
			if (!strmap_get(&el->index, el->tfiles[i].names[j]))
				strmap_put(&el->index, el->tfiles[i].names[j],
					   &el->tfiles[i]);
}

void elab_index(struct elab *el)
{
	const char *arch = el->req->ctx->env && el->req->ctx->env->arch ?
			   el->req->ctx->env->arch : "x86_64";
	int i, k;

	if (el->indexed)
		return;
	el->indexed = true;
	for (i = 0; i < el->req->ntapset_dirs; i++) {
		const char *dir = el->req->tapset_dirs[i];

		/* the most specific directory first, as SystemTap does */
		for (k = 3; k >= 0; k--) {
			char *sub = stp_arena_printf(el->arena, "%s%s%s", dir,
				k & 2 ? "/linux" : "",
				k & 1 ? stp_arena_printf(el->arena, "/%s", arch) : "");
			index_dir(el, sub);
		}
	}
}

void elab_index_free(struct elab *el)
{
	size_t i, j;

	for (i = 0; i < el->ntfiles; i++) {
		for (j = 0; j < el->tfiles[i].nnames; j++)
			free(el->tfiles[i].names[j]);
		free(el->tfiles[i].names);
		free(el->tfiles[i].path);
	}
	free(el->tfiles);
	strmap_free(&el->index);
}

static void load_file(struct elab *el, struct tfile *f)
{
	struct stp_source *src;
	struct stp_file *file;

	f->loaded = true;
	src = stp_source_from_file(el->req->ctx, f->path);
	if (!src)
		return;
	src->is_tapset = 1;
	file = stp_parse(el->req->ctx, src);
	stp_vec_push(&el->prog->tapset_files,
		     stp_arena_strdup(el->arena, f->path));
	if (file)
		elab_add_file(el, file);
}

int elab_load_name(struct elab *el, const char *name)
{
	struct tfile *f;

	elab_index(el);
	f = strmap_get(&el->index, name);
	if (!f || f->loaded)
		return 0;
	load_file(el, f);
	return 1;
}

/* Does an alias name (dotted, no arguments) match the user's point? Only
 * as many components as the alias name has are compared. */
static bool alias_name_matches(const char *alias,
			       const struct stp_probe_point *pt)
{
	const struct stp_component *c = pt->comps;
	char buf[256];

	while (*alias && c) {
		const char *dot = strchr(alias, '.');
		size_t n = dot ? (size_t)(dot - alias) : strlen(alias);

		if (n >= sizeof(buf))
			return false;
		memcpy(buf, alias, n);
		buf[n] = 0;
		if (!elab_glob(c->name, buf))
			return false;
		alias += n + (dot ? 1 : 0);
		c = c->next;
		if (!dot)
			return true;
	}
	return false;
}

int elab_load_aliases(struct elab *el, const struct stp_probe_point *pt)
{
	size_t i, j;
	int n = 0;

	elab_index(el);
	for (i = 0; i < el->ntfiles; i++) {
		struct tfile *f = &el->tfiles[i];

		if (f->loaded)
			continue;
		for (j = 0; j < f->nnames; j++)
			if (alias_name_matches(f->names[j], pt)) {
				load_file(el, f);
				n++;
				break;
			}
	}
	return n;
}
