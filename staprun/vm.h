/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vm.h - run a compiled module in a qemu (TCG) VM booting an installed
 * Debian kernel: `staprun --vm` and `stap --vm`.
 *
 * The guest gets an initramfs (written here, cpio newc) with busybox,
 * a static staprun, the module and a small /init.  Three serial ports:
 * ttyS0 the kernel console plus "@@STAPC-VM" marker lines, ttyS1 the
 * script's output (raw bytes, streamed to stdout or -o FILE as they
 * come), ttyS2 the guest staprun's stderr, and in the other direction
 * one byte per host SIGINT/SIGTERM/SIGHUP, which the guest turns into a
 * SIGINT for staprun (end probes run, then the VM powers off).
 */
#ifndef _STAPRUN_VM_H_
#define _STAPRUN_VM_H_

#include <stddef.h>

struct stp_vm_opts {
	const char *ko;			/* the module to run */
	const char *kernel_release;	/* NULL: the module's vermagic one */
	char *const *params;		/* name=value module parameters */
	size_t nparams;
	const char *command;		/* -c CMD, run in the guest; or NULL */
	const char *outfile;		/* -o FILE on the host; or NULL */
	int verbose;			/* -v count; 2+: echo the console */
	int suppress_warnings;		/* -w */
	unsigned smp;			/* guest CPUs; 0: 2 */
	unsigned memory_mb;		/* 0: 512 */
	const char *const *files;	/* extra "HOSTFILE[:/GUEST/PATH]"
					 * (default guest dir: /stap) */
	size_t nfiles;
	unsigned timeout;		/* seconds for the whole VM; 0: none */
	const char *staprun;		/* static staprun for the guest;
					 * NULL: stp_vm_find_staprun() */
};

/* Boots the VM, runs the module, returns the script's exit status (0 or
 * 1), 1 if the guest kernel logged BUG/WARNING/Oops/lockup/stall lines
 * (copied to stderr), 1 with a message on any setup or VM failure. */
int stp_vm_run(const struct stp_vm_opts *o);

/* The staprun to put in the guest: $STAPC_STAPRUN, else "staprun" next
 * to the running executable, else the installed one.  0 with the path
 * in buf, or -1 with a message in buf. */
int stp_vm_find_staprun(char *buf, size_t size);

/* Text of the guest's /init (guest-init.c). */
extern const char stp_vm_guest_init[];

#endif /* _STAPRUN_VM_H_ */
