/* SPDX-License-Identifier: GPL-2.0-or-later */
/* interrupt.h - stap's SIGINT, SIGTERM and SIGHUP before pass 5: stop at
 * once, with nothing left running and no temp file left.  (Pass 5 hands
 * them to staprun instead: pass5.c.)  See doc/internals/kbuild.md,
 * "Signals". */
#ifndef STP_INTERRUPT_H
#define STP_INTERRUPT_H

/* Installs the handlers, even for a signal that was ignored when stap
 * started (a background job of a script ignores SIGINT).  Until
 * stp_interrupt_defer(1), a signal ends stap at once with status 1:
 * there is nothing to clean up yet. */
void stp_interrupt_install(void);

/* 1: stap holds something to clean up (temp dirs, a build): a signal
 * only records itself and stops the build (stp_interrupt_watch), and the
 * code unwinds.  0: back to ending at once; check stp_interrupted()
 * after this call for a signal that came while deferred. */
void stp_interrupt_defer(int on);

/* The signal that asked stap to stop, or 0. */
int stp_interrupted(void);

/* fd: the write end of the pipe of a build's watcher (run-group.c),
 * which kills the build when the pipe closes.  A signal closes it.
 * Call with the signals blocked (stp_interrupt_block). */
void stp_interrupt_watch(int fd);

/* The build is over: closes the watched fd unless a signal did. */
void stp_interrupt_unwatch(void);

/* Blocks (1) or unblocks (0) the three signals. */
void stp_interrupt_block(int on);

#endif
