/* SPDX-License-Identifier: GPL-2.0-or-later */
/* script-key.c - the module cache key of a script (see script-key.h). */
#include "script-key.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "sha256.h"
#include "version.h"

/* Length-prefixed, tagged fields: no two field lists hash alike. */
static void field(struct stp_sha256 *s, const char *tag, const void *p,
		  size_t n)
{
	uint64_t len = n;

	stp_sha256_update(s, tag, strlen(tag) + 1);
	stp_sha256_update(s, &len, sizeof(len));
	stp_sha256_update(s, p, n);
}

static void str(struct stp_sha256 *s, const char *tag, const char *v)
{
	field(s, tag, v ? v : "", v ? strlen(v) : 0);
}

static void num(struct stp_sha256 *s, const char *tag, long v)
{
	field(s, tag, &v, sizeof(v));
}

int stp_script_key(const struct stp_parse_ctx *ctx,
		   const struct stap_options *o, char hex[65])
{
	struct stp_sha256 s;
	uint8_t d[STP_SHA256_LEN];
	const struct stp_source *src;
	struct stat st;
	size_t i;
	int n;

	/* The translator: a rebuilt stap may generate different code.
	 * Its size and mtime are enough (hashing it costs milliseconds). */
	if (stat("/proc/self/exe", &st) < 0)
		return -1;
	stp_sha256_init(&s);
	str(&s, "stapc-script", STP_LANGUAGE_VERSION);
	num(&s, "exe-size", (long)st.st_size);
	num(&s, "exe-mtime", (long)st.st_mtim.tv_sec);
	num(&s, "exe-mtime-ns", st.st_mtim.tv_nsec);
	for (src = ctx->sources, n = 0; src; src = src->next, n++) {
		str(&s, "src-name", src->name);
		field(&s, "src-text", src->text, src->len);
	}
	num(&s, "sources", n);
	for (i = 0; i < (size_t)o->nargs; i++)
		str(&s, "arg", o->args[i]);
	num(&s, "args", o->nargs);
	for (i = 0; i < o->defines.len; i++)
		str(&s, "define", o->defines.items[i]);
	num(&s, "defines", (long)o->defines.len);
	num(&s, "guru", o->guru);
	num(&s, "unoptimized", o->unoptimized);
	num(&s, "buffer", o->buffer_mb);
	str(&s, "module", o->module_name);
	str(&s, "compatible", o->compatible);
	str(&s, "privilege", o->privilege);
	stp_sha256_final(&s, d);
	stp_sha256_hex(d, hex);
	return 0;
}
