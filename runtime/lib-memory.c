// SPDX-License-Identifier: GPL-2.0-only
/* lib-memory.c - fault-safe reads of kernel and user memory for the
 * tapsets (kernel_string, kernel_long, user_string, user_long ...), for
 * printf's %m/%M, and for the translator's target variables.
 *
 * Every read goes through copy_from_kernel_nofault / copy_from_user_nofault
 * (the strncpy_*_nofault variants are not exported to modules), so a NULL
 * or wild pointer is a script error with SystemTap's message, never an
 * oops.  Strings are copied one page-bounded chunk at a time: bytes past
 * the NUL but on the same page are always readable, so this costs one
 * copy per page instead of one per byte.
 */
#include "stp_types.h"
#include "lib.h"
#include "context.h"

#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/thread_info.h>
#include <linux/uaccess.h>

int _stp_read_kernel(void *dst, unsigned long addr, size_t len)
{
	if (copy_from_kernel_nofault(dst, (const void *)addr, len))
		return -EFAULT;
	return 0;
}

/* Only the current task's own user space, and never from a kernel
 * thread (whose "user" addresses belong to whatever mm it borrowed). */
static bool lib_user_ok(void)
{
	return current->mm && !(current->flags & PF_KTHREAD);
}

int _stp_read_user(void *dst, unsigned long addr, size_t len)
{
	if (!lib_user_ok())
		return -EFAULT;
	if (copy_from_user_nofault(dst, (const void __user *)addr, len))
		return -EFAULT;
	return 0;
}

static long lib_strncpy(char *dst, unsigned long addr, long size, bool user)
{
	long done = 0, chunk;
	const char *nul;
	int rc;

	if (size <= 0)
		return 0;
	while (done < size - 1) {
		chunk = PAGE_SIZE - ((addr + done) & (PAGE_SIZE - 1));
		if (chunk > size - 1 - done)
			chunk = size - 1 - done;
		rc = user ? _stp_read_user(dst + done, addr + done, chunk)
			  : _stp_read_kernel(dst + done, addr + done, chunk);
		if (rc) {
			dst[0] = '\0';
			return -EFAULT;
		}
		nul = memchr(dst + done, '\0', chunk);
		if (nul)
			return nul - dst;
		done += chunk;
	}
	dst[done] = '\0';
	return done;
}

long _stp_strncpy_kernel(char *dst, unsigned long addr, long size)
{
	return lib_strncpy(dst, addr, size, false);
}

long _stp_strncpy_user(char *dst, unsigned long addr, long size)
{
	return lib_strncpy(dst, addr, size, true);
}

int _stp_fmt_read_mem(void *ctx, void *dst, u64 addr, size_t len, bool user)
{
	return user ? _stp_read_user(dst, (unsigned long)addr, len)
		    : _stp_read_kernel(dst, (unsigned long)addr, len);
}

/* clamp(n + 1, lo, hi) without overflowing at n = S64_MAX */
static long lib_size(s64 n, long lo, long hi)
{
	if (n >= hi - 1)
		return hi;
	if (n + 1 < lo)
		return lo;
	return (long)(n + 1);
}

int _stp_kernel_string(struct stp_context *c, char *dst, s64 addr, s64 n)
{
	if (_stp_strncpy_kernel(dst, (unsigned long)addr,
				lib_size(n, 1, MAXSTRINGLEN)) < 0) {
		_stp_error(c, "kernel string copy fault at 0x%lx [man error::fault]",
			   (unsigned long)addr);
		return -EFAULT;
	}
	return 0;
}

int _stp_kernel_read(struct stp_context *c, s64 addr, int size, s64 *val)
{
	union {
		s8 c;
		s16 s;
		s32 i;
		s64 l;
	} u;
	const char *what;

	switch (size) {
	case 1:
		what = "char";
		break;
	case 2:
		what = "short";
		break;
	case 4:
		what = "int";
		break;
	default:
		size = sizeof(long);
		what = "long";
		break;
	}
	if (_stp_read_kernel(&u, (unsigned long)addr, size)) {
		*val = 0;
		_stp_error(c, "kernel %s copy fault at 0x%lx [man error::fault]",
			   what, (unsigned long)addr);
		return -EFAULT;
	}
	*val = size == 1 ? u.c : size == 2 ? u.s : size == 4 ? u.i : u.l;
	return 0;
}

int _stp_user_string(struct stp_context *c, char *dst, s64 addr, s64 n)
{
	long rc = _stp_strncpy_user(dst, (unsigned long)addr,
				    lib_size(n, 1, MAXSTRINGLEN - 1));

	if (rc < 0) {
		strscpy(dst, "<unknown>", MAXSTRINGLEN);
		_stp_error(c, "user string copy fault %ld at 0x%lx [man error::fault]",
			   rc, (unsigned long)addr);
		return (int)rc;
	}
	return 0;
}

void _stp_user_string_or(char *dst, s64 addr, s64 n, const char *err_msg)
{
	if (_stp_strncpy_user(dst, (unsigned long)addr,
			      lib_size(n, 1, MAXSTRINGLEN - 1)) < 0)
		strscpy(dst, err_msg, MAXSTRINGLEN);
}

s64 _stp_user_long(s64 addr)
{
	long l;

#if defined(CONFIG_X86_64) && defined(TIF_ADDR32)
	/* a 32-bit task's long is 4 bytes */
	if (test_thread_flag(TIF_ADDR32)) {
		s32 i;

		if (_stp_read_user(&i, (unsigned long)addr, sizeof(i)))
			return 0;
		return i;
	}
#endif
	if (_stp_read_user(&l, (unsigned long)addr, sizeof(l)))
		return 0;
	return l;
}
