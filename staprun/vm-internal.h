/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vm-internal.h - pieces of the VM runner shared between its files. */
#ifndef _STAPRUN_VM_INTERNAL_H_
#define _STAPRUN_VM_INTERNAL_H_

#include <stddef.h>

#include "vm.h"

/* 1: a static ELF executable (no PT_INTERP), 0: dynamic, -1: not an
 * ELF executable or unreadable. */
int stp_elf_is_static(const char *path);

/* The kernel to boot for release kver: the ELF vmlinux unpacked from
 * /boot/vmlinuz-KVER into the cache (PVH boot: no decompression under
 * TCG), or the bzImage itself when it cannot be unpacked.  0 with the
 * path in out; -1 with a message in err. */
int stp_vm_kernel_image(const char *kver, int verbose, char *out,
			size_t outsize, char *err, size_t errsize);

/* Writes the guest initramfs to path: busybox, staprun, the module as
 * /stap/MODNAME.ko, /init, /stap/args.sh, the -c program and its
 * libraries, extra files.  0, or -1 with a message in err. */
int stp_vm_write_initramfs(const char *path, const struct stp_vm_opts *o,
			   const char *staprun, const char *busybox,
			   char *err, size_t errsize);

/* Single-quotes s for sh into buf (snprintf conventions). */
int stp_sh_quote(char *buf, size_t size, const char *s);

#endif /* _STAPRUN_VM_INTERNAL_H_ */
