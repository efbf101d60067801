/* SPDX-License-Identifier: GPL-2.0-only */
/* lib.h - the runtime side of the tapset library's core functions.
 *
 * Tapset functions (the tapsets/ directory) are thin %{ %} wrappers; everything
 * that touches a kernel API lives behind these prototypes, so that kernel
 * churn is absorbed in runtime/lib-*.c and the tapsets stay portable.
 *
 *   lib-string.c  pure string helpers (host-tested) + per-CPU tokenize
 *   lib-ctime.c   pure epoch -> "Thu Jan  1 00:00:00 1970" (host-tested)
 *   lib-task.c    current task: ids, names, cpu, target()
 *   lib-time.c    clocks; the time zone staprun hands to the module
 *   lib-memory.c  fault-safe kernel/user reads and the error messages
 *   lib-stack.c   backtraces, symbol names, caller, probefunc/probemod
 *   lib-log.c     log/warn/error/exit as SystemTap words them
 *
 * Conventions: functions that can fail in a way the script sees take the
 * probe context and report SystemTap's message through _stp_error();
 * they return 0, or a negative errno after reporting.  String outputs are
 * MAXSTRINGLEN-byte buffers and always come back NUL-terminated.
 */
#ifndef _STP_LIB_H_
#define _STP_LIB_H_

#include "stp_types.h"
#include "script.h"

struct stp_context;

/* ---- strings (lib-string.c; pure, also built on the host) ---- */

/* substr(str, start, length): at most length bytes from start; "" when
 * start is outside the string. */
void _stp_substr(char *dst, const char *str, s64 start, s64 length);
/* stringat(): the byte at pos, or -1 (caller reports) when out of range */
int _stp_stringat(const char *str, s64 pos, s64 *val);
/* strtol(str, base) with the kernel's simple_strtol rules: base 0 picks
 * 8/10/16 from the prefix, "0x" is skipped for base 16, parsing stops at
 * the first byte that is not a digit of the base, no overflow check. */
s64 _stp_strtol(const char *str, s64 base);
/* str_replace(): every non-overlapping srch replaced by rplc, truncated
 * to MAXSTRINGLEN - 1 bytes; an empty srch returns str unchanged. */
void _stp_str_replace(char *dst, const char *str, const char *srch,
		      const char *rplc);
/* text_str() / string_quoted(): escape non-printables C-style, UTF-8 as
 * \uXXXX; quoted adds "" and a "..." marker when cut.  inlen/outlen <= 0
 * mean MAXSTRINGLEN - 1.  The input is a NUL-terminated string here. */
void _stp_text_str(char *dst, const char *in, int inlen, int outlen,
		   int quoted);

/* tokenize(): strsep() over a saved copy of the last non-empty input,
 * skipping empty tokens.  The state is per CPU in the kernel, as
 * SystemTap keeps it in the per-CPU context. */
struct _stp_tok_state {
	char str[MAXSTRINGLEN];
	int next;		/* index of the rest, -1: exhausted */
	int end;		/* strlen(str) */
};

void _stp_tokenize_r(struct _stp_tok_state *st, char *dst,
		     const char *input, const char *delim);
#ifdef __KERNEL__
void _stp_tokenize(char *dst, const char *input, const char *delim);
#endif

/* ---- ctime (lib-ctime.c; pure) ---- */

#define STP_CTIME_FUTURE (-1)	/* "Time too far in the future ..." */
#define STP_CTIME_PAST (-2)	/* "Time too far in the past ..." */
/* "Www Mmm dd hh:mm:ss yyyy" in UTC, or STP_CTIME_FUTURE/PAST outside
 * the signed 32-bit range, as SystemTap. */
int _stp_ctime(char *dst, size_t len, s64 epochsecs);

#ifdef __KERNEL__

/* ---- current task (lib-task.c) ---- */
s64 _stp_pid(void);
s64 _stp_tid(void);
s64 _stp_ppid(void);
s64 _stp_uid(void);
s64 _stp_gid(void);
s64 _stp_euid(void);
s64 _stp_egid(void);
s64 _stp_cpu(void);
void _stp_execname(char *dst, size_t len);
void _stp_pexecname(char *dst, size_t len);
/* target(): the -x/-c pid, module parameter _stp_target */
s64 _stp_target_pid(void);

/* ---- clocks (lib-time.c) ---- */
s64 _stp_gettimeofday_ns(void);
s64 _stp_local_clock_ns(void);
/* Reports "cpu N is not online" and returns -EINVAL for a bad cpu. */
int _stp_cpu_clock_ns(struct stp_context *c, s64 cpu, s64 *ns);
s64 _stp_jiffies(void);
s64 _stp_hz(void);
s64 _stp_get_cycles(void);
/* tz_gmtoff(), tz_name(): module parameters _stp_tz_gmtoff (seconds
 * west of UTC) and _stp_tz_name, set by staprun at load. */
s64 _stp_tz_gmtoff(void);
const char *_stp_tz_name(void);

/* ---- memory (lib-memory.c) ---- */

/* Fault-safe copies: 0 or -EFAULT; never oops, never sleep.  User reads
 * succeed only for the current task's own user space. */
int _stp_read_kernel(void *dst, unsigned long addr, size_t len);
int _stp_read_user(void *dst, unsigned long addr, size_t len);
/* Copy a string of at most size - 1 bytes plus NUL: its length, or
 * -EFAULT (dst is then "" ). */
long _stp_strncpy_kernel(char *dst, unsigned long addr, long size);
long _stp_strncpy_user(char *dst, unsigned long addr, long size);
/* The _stp_fmt_read_fn of format.h for %m/%M (ctx is unused). */
int _stp_fmt_read_mem(void *ctx, void *dst, u64 addr, size_t len, bool user);

/* Script-level readers: on a fault they report SystemTap's message
 * ("kernel string copy fault at 0x0 [man error::fault]" ...). */
int _stp_kernel_string(struct stp_context *c, char *dst, s64 addr, s64 n);
int _stp_kernel_read(struct stp_context *c, s64 addr, int size, s64 *val);
int _stp_user_string(struct stp_context *c, char *dst, s64 addr, s64 n);
/* user_string_n(addr, n, err_msg): err_msg instead of an error */
void _stp_user_string_or(char *dst, s64 addr, s64 n, const char *err_msg);
/* user_long(): the task's long (4 bytes for a 32-bit task), 0 on fault */
s64 _stp_user_long(s64 addr);

/* ---- registers and probe point (lib-stack.c) ---- */
int _stp_is_return(struct stp_context *c);
int _stp_returnval(struct stp_context *c, s64 *val);
void _stp_pp(struct stp_context *c, char *dst, size_t len);
void _stp_ppfunc(struct stp_context *c, char *dst, size_t len);
int _stp_probefunc(struct stp_context *c, char *dst, size_t len);
int _stp_probemod(struct stp_context *c, char *dst, size_t len);

/* ---- backtraces and symbols (lib-stack.c) ---- */
#ifndef MAXBACKTRACE
#define MAXBACKTRACE 20		/* frames in a kernel backtrace */
#endif
/* Address of frame n (0: where the probe hit) or 0 past the end. */
unsigned long _stp_stack_kernel_get(struct stp_context *c, unsigned int n);
/* stack(n): reports "reached end of stack before unwinding to level N" */
int _stp_stack(struct stp_context *c, s64 n, s64 *addr);
void _stp_backtrace(struct stp_context *c, char *dst, size_t len);
void _stp_sprint_backtrace(struct stp_context *c, char *dst, size_t len);
void _stp_print_backtrace(struct stp_context *c);
/* print_stack(stk): " 0xADDR : sym+0xoff/0xsize [mod]" per address of a
 * backtrace() string. */
void _stp_print_stack(struct stp_context *c, const char *stk);
void _stp_symname(char *dst, size_t len, unsigned long addr);
void _stp_symdata(char *dst, size_t len, unsigned long addr);
int _stp_modname(struct stp_context *c, char *dst, size_t len,
		 unsigned long addr);

/* ---- logging (lib-log.c) ---- */
void _stp_lib_log(struct stp_context *c, const char *msg);
void _stp_lib_warn(struct stp_context *c, const char *msg);
void _stp_lib_error(struct stp_context *c, const char *msg);
void _stp_lib_exit(struct stp_context *c);
/* Append bytes to the probe's print output (flushing as needed). */
void _stp_lib_print(struct stp_context *c, const char *s, size_t n);

#endif /* __KERNEL__ */

#endif /* _STP_LIB_H_ */
