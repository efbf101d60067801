// SPDX-License-Identifier: GPL-2.0-or-later
/* ksyms.c - load a kernel's function symbols and its kprobe blacklist.
 *
 * Speed matters: every -p2 run with a kernel probe loads the whole map
 * (about 94k lines for 6.1).  The file is read once, names stay in that
 * buffer (newlines become NULs) and a hash table indexes them; nothing
 * is sorted up front: a wildcard query scans the table and sorts only
 * what matched.
 */
#define _GNU_SOURCE
#include "ksyms.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <elfutils/libdwfl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "stputil.h"

/* -- glob ------------------------------------------------------------ */

bool stp_has_wildcard(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* fnmatch(3) without flags, as SystemTap matches function names; a
 * small copy so matching 50k names does not go through locale code. */
static bool bracket(const char **pp, char c)
{
	const char *p = *pp + 1;
	bool neg = false, hit = false;

	if (*p == '!' || *p == '^') {
		neg = true;
		p++;
	}
	if (*p == ']') {		/* a leading ']' is literal */
		hit = (c == ']');
		p++;
	}
	for (; *p && *p != ']'; p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			if (c >= p[0] && c <= p[2])
				hit = true;
			p += 2;
		} else if (*p == c) {
			hit = true;
		}
	}
	if (!*p)			/* no closing ']': not a set */
		return false;
	*pp = p;
	return hit != neg;
}

bool stp_glob_match(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	while (*s) {
		if (*p == '*') {
			star_p = ++p;
			star_s = s;
			continue;
		}
		if (*p == '[' && strchr(p + 1, ']')) {
			const char *q = p;

			if (bracket(&q, *s)) {
				p = q + 1;
				s++;
				continue;
			}
		} else if (*p == '?' || *p == *s) {
			p++;
			s++;
			continue;
		}
		if (!star_p)
			return false;
		p = star_p;
		s = ++star_s;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/* -- the table ------------------------------------------------------- */

/* Hash the names once a table is asked often enough to repay it: most
 * scripts name a handful of functions, and a scan of 45k names costs
 * less than indexing them all. */
#define INDEX_AFTER 8

static void index_build(struct stp_symtab *t)
{
	size_t i;

	t->indexed = true;
	strmap_reserve(&t->index, t->n);
	for (i = 0; i < t->n; i++)	/* a later duplicate: the first wins */
		strmap_add(&t->index, t->syms[i].name, &t->syms[i]);
}

/* A name given twice (two static functions) finds its first entry,
 * which is also the one a kprobe by name gets: kallsyms_lookup_name
 * returns the first match in address order. */
const struct stp_ksym *stp_symtab_lookup(struct stp_symtab *t,
					 const char *name)
{
	size_t i;

	if (!t->indexed && ++t->lookups > INDEX_AFTER)
		index_build(t);
	if (t->indexed)
		return strmap_get(&t->index, name);
	for (i = 0; i < t->n; i++)
		if (t->syms[i].name[0] == name[0] &&
		    strcmp(t->syms[i].name, name) == 0)
			return &t->syms[i];
	return NULL;
}

/* Names that are not functions a script can name: CFI/padding stubs in
 * front of functions (6.x) and compiler-made pieces (foo.cold,
 * foo.part.0, foo.isra.0, foo.constprop.0): SystemTap matches source
 * function names, which never contain a dot. */
static bool skip_name(const char *name)
{
	return strncmp(name, "__pfx_", 6) == 0 ||
	       strncmp(name, "__cfi_", 6) == 0 || strchr(name, '.') != NULL;
}

static void table_init(struct stp_symtab *t, size_t expect)
{
	t->cap = expect > 16 ? expect : 16;
	t->syms = stp_xmalloc(t->cap * sizeof(*t->syms));
	t->n = 0;
}

static void append(struct stp_symtab *t, const char *name, uint64_t addr)
{
	struct stp_ksym *s;

	if (t->n == t->cap) {
		t->cap *= 2;
		t->syms = stp_xrealloc(t->syms, t->cap * sizeof(*t->syms));
	}
	s = &t->syms[t->n++];
	s->name = name;
	s->addr = addr;
}

static void symtab_free(struct stp_symtab *t)
{
	free(t->module);
	free(t->path);
	free(t->text);
	free(t->syms);
	strmap_free(&t->index);
}

/* By name, then by position: the first of equal names comes first. */
static int cmp_sym_name(const void *a, const void *b)
{
	const struct stp_ksym *x = *(const struct stp_ksym *const *)a;
	const struct stp_ksym *y = *(const struct stp_ksym *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x > y) - (x < y);
}

size_t stp_symtab_match(const struct stp_symtab *t, const char *pattern,
			const struct stp_ksym ***out)
{
	const struct stp_ksym **v = NULL;
	size_t i, n = 0, cap = 0;
	/* the literal prefix rules most names out with one compare */
	size_t pre = strcspn(pattern, "*?[");

	for (i = 0; i < t->n; i++) {
		const char *name = t->syms[i].name;

		if (pre && strncmp(name, pattern, pre) != 0)
			continue;
		if (!stp_glob_match(pattern, name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = stp_xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = &t->syms[i];
	}
	if (n > 1) {
		size_t j = 1;

		qsort(v, n, sizeof(*v), cmp_sym_name);
		for (i = 1; i < n; i++)
			if (strcmp(v[i]->name, v[j - 1]->name) != 0)
				v[j++] = v[i];
		n = j;
	}
	*out = v;
	return n;
}

const char *stp_symtab_closest(const struct stp_symtab *t, const char *name)
{
	const char *best = NULL;
	unsigned best_d = ~0u;
	size_t i, len = strlen(name);
	/* the same closeness rule stp_closest uses for keywords would be
	 * too slow over 50k names: filter by length first */
	unsigned limit = len < 6 ? 2 : len / 3;

	for (i = 0; i < t->n; i++) {
		const char *s = t->syms[i].name;
		size_t l = strlen(s);
		unsigned d;

		if ((l > len ? l - len : len - l) > limit)
			continue;
		d = stp_edit_distance(name, s);
		if (d < best_d || (d == best_d && strcmp(s, best) < 0)) {
			best_d = d;
			best = s;
		}
	}
	return best_d <= limit ? best : NULL;
}

/* -- System.map / kallsyms --------------------------------------------- */

/* Parse "ADDR TYPE NAME[\t[module]]" lines, keeping text symbols of
 * the kernel itself, hashing each name while looking for its end.
 * Sets *nonzero when some address is not zero (kallsyms shows zeros to
 * users without CAP_SYSLOG). */
static void parse_map(struct stp_symtab *t, const char *p,
		      const char *end, bool *nonzero)
{
	uint64_t any = 0;
	size_t used = 0;

	table_init(t, (size_t)(end - p) / 80 + 1);
	/* the kept names are copied: pages of this buffer past the last
	 * name are never touched */
	t->text = stp_xmalloc((size_t)(end - p) + 1);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *name, *q;
		uint64_t addr = 0;
		int v;

		if (!nl)
			nl = end;
		/* 64-bit addresses have 16 digits: look at the type first
		 * and convert only the addresses of kept lines */
		if (nl - p > 19 && p[16] == ' ')
			q = p + 16;
		else
			q = p + strspn(p, "0123456789abcdefABCDEF");
		name = q + 3;
		if (name >= nl || q[0] != ' ' || q[2] != ' ' ||
		    (q[1] != 't' && q[1] != 'T' && q[1] != 'W')) {
			p = nl + 1;
			continue;
		}
		for (; p < q && (v = stp_hexval(*p)) >= 0; p++)
			addr = (addr << 4) | (uint64_t)v;
		p = nl + 1;
		any |= addr;
		/* a dot: foo.cold, foo.part.0; a tab: a module's symbol */
		if (memchr(name, '.', (size_t)(nl - name)) ||
		    memchr(name, '\t', (size_t)(nl - name)) ||
		    (name[0] == '_' && name[1] == '_' &&
		     (strncmp(name, "__pfx_", 6) == 0 ||
		      strncmp(name, "__cfi_", 6) == 0)))
			continue;
		memcpy(t->text + used, name, (size_t)(nl - name));
		t->text[used + (size_t)(nl - name)] = '\0';
		append(t, t->text + used, addr);
		used += (size_t)(nl - name) + 1;
	}
	*nonzero = any != 0;
}

/* Debian's /boot/System.map-KVER is a one-line note saying the real map
 * is in the -dbg package: a map without a single text symbol is not a
 * map.  Returns 1 loaded, 0 not usable (why set), -1 unreadable. */
static int load_map(struct stp_symtab *t, const char *path, bool kallsyms,
		    char **why)
{
	size_t len = 0;
	bool nonzero;
	char *buf = NULL;
	void *map = MAP_FAILED;
	struct stat st;
	int fd;

	/* a regular file is mapped, not copied; /proc files must be read */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0) {
		len = (size_t)st.st_size;
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE,
			   fd, 0);
	}
	if (fd >= 0)
		close(fd);
	if (map == MAP_FAILED) {
		if (stp_read_file(path, &buf, &len) < 0) {
			*why = stp_xasprintf("%s: %s", path, strerror(errno));
			return -1;
		}
	}
	parse_map(t, map != MAP_FAILED ? map : buf,
		  (const char *)(map != MAP_FAILED ? map : buf) + len,
		  &nonzero);
	if (map != MAP_FAILED)
		munmap(map, len);
	free(buf);
	if (t->n < 100 || !nonzero) {
		*why = stp_xasprintf(kallsyms && !nonzero ?
				 "%s shows no addresses (needs root)" :
				 "%s is not a real symbol map", path);
		free(t->syms);
		free(t->text);
		t->syms = NULL;
		t->text = NULL;
		t->n = t->cap = 0;
		return 0;
	}
	t->path = stp_xstrdup(path);
	return 1;
}

static uint64_t sym_addr(struct stp_symtab *t, const char *name)
{
	const struct stp_ksym *s = stp_symtab_lookup(t, name);

	return s ? s->addr : 0;
}

/* The text ranges kernel/kprobes.c and arch/x86 refuse as a whole. */
static void find_areas(struct stp_kernel_syms *k)
{
	static const struct {
		const char *start, *end, *why;
	} areas[] = {
		{ "__kprobes_text_start", "__kprobes_text_end",
		  "it is in .kprobes.text (kprobes' own code)" },
		{ "__noinstr_text_start", "__noinstr_text_end",
		  "it is 'noinstr' code, which must not be instrumented" },
		{ "__entry_text_start", "__entry_text_end",
		  "it is low-level entry code (x86 blacklists the entry text)" },
		{ "_sinittext", "_einittext",
		  "it is init code, freed after boot" },
	};
	uint64_t at[2 * sizeof(areas) / sizeof(areas[0])] = { 0 };
	size_t i, j;

	/* one pass over the names instead of a lookup for each bound */
	for (i = 0; i < k->kernel.n; i++) {
		const struct stp_ksym *s = &k->kernel.syms[i];

		if (s->name[0] != '_')
			continue;
		for (j = 0; j < sizeof(at) / sizeof(at[0]); j++)
			if (!at[j] && strcmp(s->name, j & 1 ? areas[j / 2].end :
					     areas[j / 2].start) == 0)
				at[j] = s->addr;
	}
	for (j = 0; j < sizeof(areas) / sizeof(areas[0]); j++) {
		if (!at[2 * j] || at[2 * j + 1] <= at[2 * j])
			continue;
		k->areas[k->nareas].start = at[2 * j];
		k->areas[k->nareas].end = at[2 * j + 1];
		k->areas[k->nareas].why = areas[j].why;
		k->nareas++;
	}
}

struct stp_kernel_syms *stp_ksyms_load(const char *kver, bool running,
				       char **why)
{
	struct stp_kernel_syms *k = stp_xmalloc(sizeof(*k));
	const char *env = getenv("STAPC_SYSTEM_MAP");
	char *path, *why1 = NULL, *why2 = NULL;
	int rc;

	memset(k, 0, sizeof(*k));
	k->kver = stp_xstrdup(kver);
	*why = NULL;
	if (env && *env) {
		rc = load_map(&k->kernel, env, false, &why1);
		if (rc > 0)
			goto loaded;
		*why = why1;
		stp_ksyms_free(k);
		return NULL;
	}
	path = stp_xasprintf("/usr/lib/debug/boot/System.map-%s", kver);
	rc = load_map(&k->kernel, path, false, &why1);
	free(path);
	if (rc > 0)
		goto loaded;
	if (running) {
		rc = load_map(&k->kernel, "/proc/kallsyms", true, &why2);
		if (rc > 0)
			goto loaded;
	}
	*why = stp_xasprintf("%s%s%s", why1, why2 ? "; " : "", why2 ? why2 : "");
	free(why1);
	free(why2);
	stp_ksyms_free(k);
	return NULL;
loaded:
	free(why1);
	find_areas(k);
	return k;
}

void stp_ksyms_free(struct stp_kernel_syms *k)
{
	size_t i;

	if (!k)
		return;
	symtab_free(&k->kernel);
	for (i = 0; i < k->nmods; i++) {
		symtab_free(k->mods[i]);
		free(k->mods[i]);
	}
	free(k->mods);
	free(k->noprobe);
	free(k->noprobe_note);
	free(k->kver);
	free(k);
}

/* -- NOKPROBE_SYMBOL list ---------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The addresses NOKPROBE_SYMBOL() records: a `_kprobe_blacklist`
 * section in some builds, a range of .init.data between
 * __start_kprobe_blacklist and __stop_kprobe_blacklist in others (6.1).
 * Only section headers, the symbol table and those bytes are read. */
static int read_blacklist(struct stp_kernel_syms *k, const char *path,
			  char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint64_t start = 0, stop = 0, stext = 0;
	bool in_section = false;
	Elf_Scn *scn = NULL, *symscn = NULL;
	size_t shstrndx;
	int ret = -1;
	Elf *elf;

	if (fd < 0) {
		*why = stp_xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF ||
	    elf_getshdrstrndx(elf, &shstrndx) != 0) {
		*why = stp_xasprintf("%s: not an ELF file", path);
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_SYMTAB)
			symscn = scn;
		if (name && strcmp(name, "_kprobe_blacklist") == 0) {
			start = sh.sh_addr;
			stop = sh.sh_addr + sh.sh_size;
			in_section = true;
		}
	}
	if (symscn) {
		GElf_Shdr sh;
		Elf_Data *d = elf_getdata(symscn, NULL);
		size_t i, n;

		if (d && gelf_getshdr(symscn, &sh) && sh.sh_entsize) {
			n = sh.sh_size / sh.sh_entsize;
			for (i = 0; i < n && !(start && stop && stext); i++) {
				GElf_Sym sym;
				const char *nm;

				if (!gelf_getsym(d, (int)i, &sym))
					continue;
				nm = elf_strptr(elf, sh.sh_link, sym.st_name);
				if (!nm || nm[0] != '_')
					continue;
				if (strcmp(nm, "_stext") == 0)
					stext = sym.st_value;
				else if (in_section)
					;	/* no need for the bounds */
				else if (strcmp(nm, "__start_kprobe_blacklist") == 0)
					start = sym.st_value;
				else if (strcmp(nm, "__stop_kprobe_blacklist") == 0)
					stop = sym.st_value;
			}
		}
	}
	if (!start || stop <= start) {
		*why = stp_xasprintf("%s has no kprobe blacklist", path);
		goto out;
	}
	/* find the section holding [start, stop) and copy the addresses */
	scn = NULL;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    start < sh.sh_addr || stop > sh.sh_addr + sh.sh_size)
			continue;
		d = elf_rawdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size < stop - sh.sh_addr)
			break;
		k->nnoprobe = (stop - start) / 8;
		k->noprobe = stp_xmalloc(k->nnoprobe * 8 + 1);
		memcpy(k->noprobe, (char *)d->d_buf + (start - sh.sh_addr),
		       k->nnoprobe * 8);
		qsort(k->noprobe, k->nnoprobe, 8, cmp_u64);
		k->link_stext = stext;
		ret = 0;
		break;
	}
	if (ret)
		*why = stp_xasprintf("%s: cannot read the kprobe blacklist", path);
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return ret;
}

static void load_noprobe(struct stp_kernel_syms *k)
{
	const char *env = getenv("STAPC_VMLINUX");
	char *path, *why = NULL;

	k->noprobe_loaded = true;
	if (env && strcmp(env, "none") == 0)
		return;
	path = env && *env ? stp_xstrdup(env) :
		stp_xasprintf("/usr/lib/debug/boot/vmlinux-%s", k->kver);
	if (read_blacklist(k, path, &why) != 0)
		k->noprobe_note = why;
	free(path);
	/* kallsyms addresses are moved by KASLR while the blacklist holds
	 * link addresses: shift it by the difference at _stext */
	if (k->nnoprobe && strcmp(k->kernel.path, "/proc/kallsyms") == 0) {
		uint64_t live = sym_addr(&k->kernel, "_stext");
		size_t i;

		for (i = 0; i < k->nnoprobe && live && k->link_stext; i++)
			k->noprobe[i] += live - k->link_stext;
	}
}

static bool in_noprobe(const struct stp_kernel_syms *k, uint64_t addr)
{
	return k->noprobe &&
		bsearch(&addr, k->noprobe, k->nnoprobe, 8, cmp_u64) != NULL;
}

/* Names SystemTap also refuses although the kernel would register
 * them; kept to the few that matter on x86-64 (SystemTap's own list
 * is longer and mostly for other architectures or old kernels).
 *   entry and return:
 *     notifier_call_chain, atomic_notifier_call_chain - the int3 trap
 *       of a kprobe runs the die notifier chain: a probe there recurses
 *     oops_begin, oops_end, __die - the crash path must stay untouched
 *   return only (a kretprobe on a function that never returns to its
 *   caller leaks its instance, or fires on the wrong task):
 *     do_exit, do_group_exit, make_task_dead, __x64_sys_exit,
 *     __x64_sys_exit_group - never return
 *     __switch_to - returns on another task's stack */
static const char *const refuse_always[] = {
	"notifier_call_chain", "atomic_notifier_call_chain",
	"oops_begin", "oops_end", "__die",
};
static const char *const refuse_return[] = {
	"do_exit", "do_group_exit", "make_task_dead", "__x64_sys_exit",
	"__x64_sys_exit_group", "__switch_to",
};

const char *stp_ksyms_unprobeable(struct stp_kernel_syms *k,
				  const struct stp_symtab *t,
				  const struct stp_ksym *s, bool is_return)
{
	size_t i;
	int a;

	for (i = 0; i < sizeof(refuse_always) / sizeof(refuse_always[0]); i++)
		if (strcmp(s->name, refuse_always[i]) == 0)
			return "probing it would recurse or disturb the crash "
			       "path (SystemTap refuses it too)";
	if (is_return)
		for (i = 0; i < sizeof(refuse_return) /
			    sizeof(refuse_return[0]); i++)
			if (strcmp(s->name, refuse_return[i]) == 0)
				return "it does not return to its caller, so a "
				       "return probe cannot work";
	if (t != &k->kernel)
		return NULL;
	for (a = 0; a < k->nareas; a++)
		if (s->addr >= k->areas[a].start && s->addr < k->areas[a].end)
			return k->areas[a].why;
	if (!k->noprobe_loaded)
		load_noprobe(k);
	if (in_noprobe(k, s->addr))
		return "the kernel marks it NOKPROBE_SYMBOL";
	return NULL;
}

/* -- modules ------------------------------------------------------------- */

/* modules.dep lines start "kernel/fs/ext4/ext4.ko[.xz]:"; module names
 * treat '-' and '_' alike. */
static char *find_module(const char *dir, const char *module, char **why)
{
	char *dep = stp_xasprintf("%s/modules.dep", dir), *buf, *p, *found = NULL;
	size_t len;

	if (stp_read_file(dep, &buf, &len) < 0) {
		*why = stp_xasprintf("%s: %s", dep, strerror(errno));
		free(dep);
		return NULL;
	}
	free(dep);
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *colon = strchr(p, ':'), *base, *q;
		const char *m = module;

		if (!colon)
			break;
		for (base = colon; base > p && base[-1] != '/'; base--)
			;
		for (q = base; q < colon && *m; q++, m++)
			if (*q != *m && !((*q == '-' || *q == '_') &&
					  (*m == '-' || *m == '_')))
				break;
		if (*m == '\0' && strncmp(q, ".ko", 3) == 0 &&
		    (q + 3 == colon || q[3] == '.')) {
			found = *p == '/' ?
				stp_xasprintf("%.*s", (int)(colon - p), p) :
				stp_xasprintf("%s/%.*s", dir, (int)(colon - p), p);
			break;
		}
	}
	free(buf);
	if (!found)
		*why = stp_xasprintf("no module '%s' in %s/modules.dep", module,
				 dir);
	return found;
}

/* libdwfl opens .ko, .ko.xz, .ko.gz and .ko.zst alike, so compressed
 * modules need no decompressor of our own. */
static int load_module_syms(struct stp_symtab *t, const char *path,
			    char **why)
{
	static const Dwfl_Callbacks cb = {
		.find_elf = dwfl_build_id_find_elf,
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.section_address = dwfl_offline_section_address,
	};
	Dwfl *dwfl = dwfl_begin(&cb);
	Dwfl_Module *mod;
	size_t textlen = 0, textcap = 0;
	int i, n;

	if (!dwfl) {
		*why = stp_xasprintf("%s: %s", path, dwfl_errmsg(-1));
		return -1;
	}
	mod = dwfl_report_offline(dwfl, t->module, path, -1);
	if (!mod || dwfl_report_end(dwfl, NULL, NULL) != 0 ||
	    (n = dwfl_module_getsymtab(mod)) < 0) {
		*why = stp_xasprintf("%s: %s", path, dwfl_errmsg(-1));
		dwfl_end(dwfl);
		return -1;
	}
	/* names are copied into one buffer, which moves while it grows:
	 * remember offsets, index once it is complete */
	struct { size_t off; GElf_Addr addr; } *tmp = NULL;
	size_t ntmp = 0, captmp = 0;

	for (i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		const char *name = dwfl_module_getsym_info(mod, i, &sym, &addr,
							   NULL, NULL, NULL);
		size_t l;

		if (!name || !*name || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_shndx == SHN_UNDEF || skip_name(name))
			continue;
		l = strlen(name) + 1;
		if (textlen + l > textcap) {
			textcap = textcap ? 2 * textcap : 65536;
			while (textlen + l > textcap)
				textcap *= 2;
			t->text = stp_xrealloc(t->text, textcap);
		}
		memcpy(t->text + textlen, name, l);
		if (ntmp == captmp) {
			captmp = captmp ? 2 * captmp : 256;
			tmp = stp_xrealloc(tmp, captmp * sizeof(*tmp));
		}
		tmp[ntmp].off = textlen;
		tmp[ntmp++].addr = addr;
		textlen += l;
	}
	dwfl_end(dwfl);
	table_init(t, ntmp);
	for (i = 0; i < (int)ntmp; i++)
		append(t, t->text + tmp[i].off, tmp[i].addr);
	free(tmp);
	return 0;
}

struct stp_symtab *stp_ksyms_module(struct stp_kernel_syms *k,
					  const char *module, char **why)
{
	const char *env = getenv("STAPC_MODULES_DIR");
	struct stp_symtab *t;
	char *dir, *path;
	size_t i;

	*why = NULL;
	for (i = 0; i < k->nmods; i++)
		if (strcmp(k->mods[i]->module, module) == 0)
			return k->mods[i];
	dir = env && *env ? stp_xstrdup(env) :
		stp_xasprintf("/lib/modules/%s", k->kver);
	path = find_module(dir, module, why);
	free(dir);
	if (!path)
		return NULL;
	t = stp_xmalloc(sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->module = stp_xstrdup(module);
	t->path = path;
	if (load_module_syms(t, path, why) != 0) {
		symtab_free(t);
		free(t);
		return NULL;
	}
	k->mods = stp_xrealloc(k->mods, (k->nmods + 1) * sizeof(*k->mods));
	k->mods[k->nmods++] = t;
	return t;
}
