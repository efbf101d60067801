/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ksyms.h - the target kernel's function symbols, for probe resolution.
 *
 * Loads the text symbols of a kernel (its real System.map, or
 * /proc/kallsyms when the target is the running kernel) and of its
 * modules (the .symtab of the .ko, plain or compressed), answers exact
 * and wildcard lookups, and says which functions the kernel's kprobe
 * blacklist would refuse, computed offline from the same facts the
 * kernel uses (section boundaries and the _kprobe_blacklist section).
 *
 * For tests and unusual layouts the sources can be redirected:
 *   STAPC_SYSTEM_MAP  the kernel's symbol list (System.map format)
 *   STAPC_VMLINUX     the vmlinux whose _kprobe_blacklist is read
 *                     ("none": no NOKPROBE_SYMBOL list)
 *   STAPC_MODULES_DIR the directory holding modules.dep and the .ko files
 */
#ifndef STP_KSYMS_H
#define STP_KSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"

struct stp_ksym {
	const char *name;
	uint64_t addr;
};

/* Address ranges a kprobe may not be placed in. */
struct stp_noprobe_area {
	uint64_t start, end;
	const char *why;
};

/* The function symbols of one object: the kernel or one module. */
struct stp_symtab {
	char *module;			/* NULL for the kernel */
	char *path;			/* where the symbols came from */
	char *text;			/* storage the names point into */
	struct stp_ksym *syms;
	size_t n, cap;
	struct strmap index;		/* name -> its first stp_ksym; built
					 * after a few lookups */
	bool indexed;
	unsigned lookups;
};

struct stp_kernel_syms {
	char *kver;
	struct stp_symtab kernel;
	struct stp_symtab **mods;	/* loaded on demand */
	size_t nmods;
	struct stp_noprobe_area areas[8];
	int nareas;
	uint64_t *noprobe;		/* sorted NOKPROBE_SYMBOL addresses */
	size_t nnoprobe;
	uint64_t link_stext;		/* _stext in the vmlinux read */
	bool noprobe_loaded;
	char *noprobe_note;		/* why the NOKPROBE list is missing */
};

/* Load the kernel's symbols.  Returns NULL and sets *why (malloc'd) to
 * a message when there is no usable symbol list. */
struct stp_kernel_syms *stp_ksyms_load(const char *kver, bool running,
				       char **why);
void stp_ksyms_free(struct stp_kernel_syms *k);

/* A module's symbol table, loaded on first use; NULL and *why
 * (malloc'd) when the module cannot be found or read. */
struct stp_symtab *stp_ksyms_module(struct stp_kernel_syms *k,
				    const char *module, char **why);

/* The first symbol of that name (in address order), or NULL. */
const struct stp_ksym *stp_symtab_lookup(struct stp_symtab *t,
					 const char *name);

/* Every symbol matching a glob pattern, sorted by name, the first of
 * equal names only; *out is a
 * malloc'd array the caller frees.  Returns the count. */
size_t stp_symtab_match(const struct stp_symtab *t, const char *pattern,
			const struct stp_ksym ***out);

/* The symbol name closest to `name`, for a did-you-mean hint, or NULL. */
const char *stp_symtab_closest(const struct stp_symtab *t, const char *name);

/* Why a kprobe (or kretprobe when is_return) on this function would be
 * refused, or NULL when it can be probed.  Module functions are only
 * checked against the name list. */
const char *stp_ksyms_unprobeable(struct stp_kernel_syms *k,
				  const struct stp_symtab *t,
				  const struct stp_ksym *s, bool is_return);

/* SystemTap's wildcard match: '*', '?', '[...]' (fnmatch rules). */
bool stp_glob_match(const char *pattern, const char *name);
bool stp_has_wildcard(const char *s);

#endif
