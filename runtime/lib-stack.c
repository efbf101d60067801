// SPDX-License-Identifier: GPL-2.0-only
/* lib-stack.c - where a probe hit: pp, ppfunc, probefunc, probemod,
 * is_return, returnval, kernel backtraces (backtrace, print_backtrace,
 * sprint_backtrace, stack, caller_addr) and symbol names, printed in
 * SystemTap's shapes:
 *
 *   backtrace()         "0xADDR 0xADDR ... "  (each followed by a space)
 *   print_backtrace()   " 0xADDR : sym+0xOFF/0xSIZE [kernel]\n" per frame
 *   sprint_backtrace()  "sym+0xOFF [kernel]\n" per frame
 *   symname(a)          "sym"                   symdata(a) "sym+0xOFF/0xSIZE [mod]"
 *
 * An address without a symbol prints as 0xADDR.  Frames come from the
 * kernel's unwinder started at the probe's registers (so the first frame
 * is the probed address, or on a return probe the address returned to);
 * without registers (begin, timers) from the current stack.  Symbols
 * come from kallsyms (sprint_symbol), which is lock-free and so usable
 * in probe context; the long lookup buffer is per CPU, which is safe
 * because a probe never runs inside another on the same CPU.
 */
#include "stp_types.h"
#include "lib.h"
#include "context.h"

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>
#ifdef CONFIG_X86
#include <asm/unwind.h>
#endif

static DEFINE_PER_CPU(char[KSYM_SYMBOL_LEN], _stp_sym_buf);

/* ---- probe point ---- */

void _stp_pp(struct stp_context *c, char *dst, size_t len)
{
	strscpy(dst, c->site && c->site->pp ? c->site->pp : "", len);
}

/* The name inside KEYWORD("name@file:line") of pp, or "" */
static void lib_pp_arg(const char *pp, const char *key, char *dst,
		       size_t len, const char *stops)
{
	const char *p = pp ? strstr(pp, key) : NULL;
	size_t n = 0;

	if (p) {
		p += strlen(key);
		while (*p && !strchr(stops, *p) && n + 1 < len)
			dst[n++] = *p++;
	}
	if (len)
		dst[n] = '\0';
}

void _stp_ppfunc(struct stp_context *c, char *dst, size_t len)
{
	const char *pp = c->site ? c->site->pp : NULL;

	if (pp && !strstr(pp, "function(\"") && strstr(pp, "statement(\""))
		lib_pp_arg(pp, "statement(\"", dst, len, "@\"");
	else
		lib_pp_arg(pp, "function(\"", dst, len, "@\"");
}

int _stp_is_return(struct stp_context *c)
{
	return c->is_return ? 1 : 0;
}

int _stp_returnval(struct stp_context *c, s64 *val)
{
	if (!c->regs) {
		_stp_error(c, "returnval() not defined in this context %s",
			   c->site && c->site->pp ? c->site->pp : "");
		return -EINVAL;
	}
	*val = (s64)regs_return_value(c->regs);
	return 0;
}

/* ---- symbols ---- */

struct lib_sym {
	const char *name;	/* NULL: no symbol at the address */
	int name_len;
	unsigned long off, size;
	const char *mod;	/* "kernel" for vmlinux */
	int mod_len;
};

static unsigned long lib_hex(const char **pp)
{
	const char *p = *pp;
	unsigned long v = 0;
	int d;

	if (p[0] == '0' && (p[1] | 0x20) == 'x')
		p += 2;
	for (;; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')
			d = (*p | 0x20) - 'a' + 10;
		else
			break;
		v = v * 16 + d;
	}
	*pp = p;
	return v;
}

/* sprint_symbol() gives "name+0xoff/0xsize [mod]" (no " [mod]" for
 * vmlinux) or just "0xaddr" when nothing is known. */
static void lib_lookup(unsigned long addr, struct lib_sym *s)
{
	char *buf = *this_cpu_ptr(&_stp_sym_buf);
	const char *p, *plus;

	memset(s, 0, sizeof(*s));
	sprint_symbol(buf, addr);
	plus = strrchr(buf, '+');
	if (!plus || plus == buf)
		return;
	p = plus + 1;
	s->off = lib_hex(&p);
	if (*p != '/')
		return;
	p++;
	s->size = lib_hex(&p);
	s->name = buf;
	s->name_len = plus - buf;
	if (p[0] == ' ' && p[1] == '[') {
		s->mod = p + 2;
		s->mod_len = strcspn(s->mod, " ]");
	} else {
		s->mod = "kernel";
		s->mod_len = 6;
	}
}

/* Append to a NUL-terminated buffer of len bytes, truncating. */
static void __printf(3, 4) lib_cat(char *dst, size_t len, const char *fmt, ...)
{
	size_t used = strnlen(dst, len);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(dst + used, len - used, fmt, ap);
	va_end(ap);
}

enum lib_symfmt {
	LIB_SYM_NAME,		/* symname */
	LIB_SYM_DATA,		/* symdata */
	LIB_SYM_SIMPLE,		/* a sprint_backtrace line */
	LIB_SYM_FULL,		/* a print_backtrace line */
};

static void lib_symfmt(char *dst, size_t len, unsigned long addr,
		       enum lib_symfmt how)
{
	struct lib_sym s;

	lib_lookup(addr, &s);
	if (!s.name) {
		lib_cat(dst, len, "%s0x%lx%s", how == LIB_SYM_FULL ? " " : "",
			addr, how >= LIB_SYM_SIMPLE ? "\n" : "");
		return;
	}
	switch (how) {
	case LIB_SYM_NAME:
		lib_cat(dst, len, "%.*s", s.name_len, s.name);
		break;
	case LIB_SYM_DATA:
		lib_cat(dst, len, "%.*s+%#lx/%#lx [%.*s]", s.name_len, s.name,
			s.off, s.size, s.mod_len, s.mod);
		break;
	case LIB_SYM_SIMPLE:
		lib_cat(dst, len, "%.*s+%#lx [%.*s]\n", s.name_len, s.name,
			s.off, s.mod_len, s.mod);
		break;
	case LIB_SYM_FULL:
		lib_cat(dst, len, " 0x%lx : %.*s+%#lx/%#lx [%.*s]\n", addr,
			s.name_len, s.name, s.off, s.size, s.mod_len, s.mod);
		break;
	}
}

void _stp_symname(char *dst, size_t len, unsigned long addr)
{
	dst[0] = '\0';
	lib_symfmt(dst, len, addr, LIB_SYM_NAME);
}

void _stp_symdata(char *dst, size_t len, unsigned long addr)
{
	dst[0] = '\0';
	lib_symfmt(dst, len, addr, LIB_SYM_DATA);
}

int _stp_modname(struct stp_context *c, char *dst, size_t len,
		 unsigned long addr)
{
	struct lib_sym s;

	lib_lookup(addr, &s);
	if (!s.name) {
		dst[0] = '\0';
		_stp_error(c, "Cannot determine kernel module name");
		return -ENOENT;
	}
	dst[0] = '\0';
	lib_cat(dst, len, "%.*s", s.mod_len, s.mod);
	return 0;
}

/* The address a probe "is at": the probed function on a return probe
 * (SystemTap points the registers there for its handlers), else the
 * interrupted instruction. */
static unsigned long lib_probe_addr(struct stp_context *c)
{
#ifdef CONFIG_KRETPROBES
	if (c->is_return && c->ri) {
		struct kretprobe *rp = get_kretprobe(c->ri);

		if (rp)
			return (unsigned long)rp->kp.addr;
	}
#endif
	return c->regs && !c->user_mode ? instruction_pointer(c->regs) : 0;
}

int _stp_probefunc(struct stp_context *c, char *dst, size_t len)
{
	_stp_symname(dst, len, lib_probe_addr(c));
	return 0;
}

int _stp_probemod(struct stp_context *c, char *dst, size_t len)
{
	const char *pp = c->site ? c->site->pp : NULL;

	if (pp && strstr(pp, "module(\"")) {
		lib_pp_arg(pp, "module(\"", dst, len, "\"");
		return 0;
	}
	if (c->regs && !c->user_mode)
		return _stp_modname(c, dst, len, lib_probe_addr(c));
	dst[0] = '\0';
	_stp_error(c, "Cannot determine kernel module name");
	return -ENOENT;
}

/* ---- backtraces ---- */

static unsigned int lib_unwind(struct stp_context *c, unsigned long *ent,
			       unsigned int max)
{
	if (c->regs) {
		unsigned int n = 0;
#ifdef CONFIG_X86
		struct unwind_state state;
		unsigned long addr;
#endif

		if (c->user_mode || user_mode(c->regs))
			return 0;
		ent[n++] = instruction_pointer(c->regs);
#ifdef CONFIG_X86
		for (unwind_start(&state, current, c->regs, NULL);
		     !unwind_done(&state) && n < max;
		     unwind_next_frame(&state)) {
			addr = unwind_get_return_address(&state);
			if (!addr)
				break;
			ent[n++] = addr;
		}
#endif
		return n;
	}
	/* No registers (begin, end, timers): the handler's own stack. */
	return stack_trace_save(ent, max, 1);
}

unsigned long _stp_stack_kernel_get(struct stp_context *c, unsigned int n)
{
	unsigned long ent[MAXBACKTRACE];

	if (n >= MAXBACKTRACE || lib_unwind(c, ent, MAXBACKTRACE) <= n)
		return 0;
	return ent[n];
}

int _stp_stack(struct stp_context *c, s64 n, s64 *addr)
{
	unsigned long a = _stp_stack_kernel_get(c, n < 0 ? 0 :
				n >= MAXBACKTRACE ? MAXBACKTRACE : (unsigned)n);

	if (!a) {
		*addr = 0;
		_stp_error(c, "reached end of stack before unwinding to level %lld",
			   (long long)n);
		c->last_stmt = NULL;
		return -ENOENT;
	}
	*addr = (s64)a;
	return 0;
}

void _stp_backtrace(struct stp_context *c, char *dst, size_t len)
{
	unsigned long ent[MAXBACKTRACE];
	unsigned int i, n = lib_unwind(c, ent, MAXBACKTRACE);

	dst[0] = '\0';
	for (i = 0; i < n; i++)
		lib_cat(dst, len, "0x%lx ", ent[i]);
}

void _stp_sprint_backtrace(struct stp_context *c, char *dst, size_t len)
{
	unsigned long ent[MAXBACKTRACE];
	unsigned int i, n = lib_unwind(c, ent, MAXBACKTRACE);

	dst[0] = '\0';
	for (i = 0; i < n; i++)
		lib_symfmt(dst, len, ent[i], LIB_SYM_SIMPLE);
}

/* One print_backtrace line, printed as soon as it is made so that a
 * deep stack needs no big buffer. */
static void lib_print_frame(struct stp_context *c, const char *prefix,
			    unsigned long addr)
{
	char line[MAXSTRINGLEN * 2];

	strscpy(line, prefix, sizeof(line));
	lib_symfmt(line, sizeof(line), addr, LIB_SYM_FULL);
	_stp_lib_print(c, line, strlen(line));
}

void _stp_print_backtrace(struct stp_context *c)
{
	unsigned long ent[MAXBACKTRACE];
	unsigned int i, n = lib_unwind(c, ent, MAXBACKTRACE);

	if (!n) {
		/* SystemTap's words when there is nothing to unwind */
		char line[MAXSTRINGLEN * 2];

		snprintf(line, sizeof(line), "<no kernel backtrace at %s>\n",
			 c->site && c->site->pp ? c->site->pp : "");
		_stp_lib_print(c, line, strlen(line));
		return;
	}
	if (c->is_return && c->ri && c->regs) {
		lib_print_frame(c, "Returning from: ", lib_probe_addr(c));
		lib_print_frame(c, "Returning to  : ", ent[0]);
		i = 1;
	} else {
		i = 0;
	}
	for (; i < n; i++)
		lib_print_frame(c, "", ent[i]);
}

void _stp_print_stack(struct stp_context *c, const char *stk)
{
	char tok[MAXSTRINGLEN], data[MAXSTRINGLEN];
	const char *p = stk;
	size_t n;

	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " ");
		memcpy(tok, p, min_t(size_t, n, sizeof(tok) - 1));
		tok[min_t(size_t, n, sizeof(tok) - 1)] = '\0';
		p += n;
		_stp_symdata(data, sizeof(data),
			     (unsigned long)_stp_strtol(tok, 16));
		_stp_lib_print(c, " ", 1);
		_stp_lib_print(c, tok, strlen(tok));
		_stp_lib_print(c, " : ", 3);
		_stp_lib_print(c, data, strlen(data));
		_stp_lib_print(c, "\n", 1);
	}
}
