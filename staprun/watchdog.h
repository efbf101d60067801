/* SPDX-License-Identifier: GPL-2.0-or-later */
/* watchdog.h - staprun: a child process that removes the module if
 * staprun dies without cleaning up (SIGKILL, a crash). */
#ifndef _STAPRUN_WATCHDOG_H_
#define _STAPRUN_WATCHDOG_H_

#include <sys/types.h>

struct stp_watchdog {
	pid_t pid;
	int fd;		/* write end; -1 when disarmed */
};

/* Forks the watchdog for module `name`; call before loading it.  The
 * child holds the read end of a pipe: when the pipe closes without the
 * clean-exit byte, it writes "stop" to the module's control file and
 * removes the module.  0, or -1 with errno set. */
int stp_watchdog_start(struct stp_watchdog *w, const char *name);

/* staprun finished cleanly (module removed, or never loaded): tells the
 * child to exit and reaps it. */
void stp_watchdog_disarm(struct stp_watchdog *w);

#endif /* _STAPRUN_WATCHDOG_H_ */
