/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modload.h - staprun: what a .ko says about itself, loading it with
 * parameters, removing it, and the debugfs files of a loaded module. */
#ifndef _STAPRUN_MODLOAD_H_
#define _STAPRUN_MODLOAD_H_

#include <stddef.h>

#define STP_MODNAME_MAX 56	/* the kernel's MODULE_NAME_LEN */

struct stp_modinfo {
	char name[STP_MODNAME_MAX];	/* as the kernel will call it */
	char vermagic[256];		/* whole vermagic string ("" if none) */
	char release[128];		/* its first word: the kernel release */
	unsigned params;		/* STP_MI_* parameters it declares */
	char parm_names[4096];		/* every parameter it declares, each
					 * NUL-terminated, then an empty one */
};

/* Does the module declare parameter NAME (the first len bytes)? */
int stp_modinfo_declares(const struct stp_modinfo *mi, const char *name,
			 size_t len);

/* The parameters staprun itself sets, when the module has them. */
#define STP_MI_TARGET		0x1u	/* _stp_target (target()) */
#define STP_MI_TZ_GMTOFF	0x2u	/* _stp_tz_gmtoff (tz_gmtoff()) */
#define STP_MI_TZ_NAME		0x4u	/* _stp_tz_name (tz_name()) */

/* Reads the .modinfo section of the ELF file `path`.  0, or -1 with a
 * message in err (missing file, not a kernel module). */
int stp_modinfo_read(const char *path, struct stp_modinfo *mi, char *err,
		     size_t errsize);

/* The kernel parameter string for name=value pairs (+ _stp_target=PID
 * when pid > 0): values with blanks are double-quoted.  malloc'd (never
 * NULL: lib/stputil.h). */
char *stp_module_params(char *const *params, size_t n, long pid);

/* The local time zone as module parameters for the ones mi declares
 * and params (the user's name=value list) does not set already:
 * "_stp_tz_gmtoff=SECONDS_WEST" and "_stp_tz_name=ZONE" (from
 * localtime_r of now) into out[0..], each a malloc'd string.  Returns
 * how many (0..2). */
int stp_tz_params(const struct stp_modinfo *mi, char *const *params,
		  size_t n, char *out[2]);

/* params (n of them) and then the time zone's (stp_tz_params, into
 * tz[] for the caller to free), as a malloc'd NULL-terminated list of
 * *nout strings; the strings are not copied. */
char **stp_params_with_tz(const struct stp_modinfo *mi, char *const *params,
			  size_t n, char *tz[2], size_t *nout);

/* finit_module; on failure -1 with errno kept and an explanation in err
 * (root, already loaded, wrong kernel, bad format). */
int stp_module_load(const char *path, const struct stp_modinfo *mi,
		    const char *params, char *err, size_t errsize);

/* delete_module(O_NONBLOCK), retried for a few seconds while the kernel
 * says busy.  0, or -1 with errno set. */
int stp_module_unload(const char *name);

/* Mounts debugfs on /sys/kernel/debug unless it is mounted there. */
int stp_debugfs_ensure(char *err, size_t errsize);

/* "/sys/kernel/debug/stapc_NAME" + suffix, into buf. */
int stp_module_path(char *buf, size_t size, const char *name,
		    const char *suffix);

/* Writes a control command ("start", "stop", ...) to the module's
 * control file: 0, or -1 with errno of the write (EINTR retried). */
int stp_control_write(const char *name, const char *cmd);

struct stp_control_state {
	char state[16];
	long errors, skipped, exit;
};
/* Reads and parses the control file's state line. */
int stp_control_read(const char *name, struct stp_control_state *st);

#endif /* _STAPRUN_MODLOAD_H_ */
