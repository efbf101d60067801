/* SPDX-License-Identifier: GPL-2.0-or-later */
/* interrupt.c - stap's SIGINT/SIGTERM/SIGHUP before pass 5 (see
 * interrupt.h).  The handler does only async-signal-safe things: _exit,
 * or record the signal and close the build watcher's pipe, which makes
 * the watcher kill the build's process group. */
#define _GNU_SOURCE
#include "interrupt.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define NSTOP (sizeof(stop_signals) / sizeof(stop_signals[0]))

static volatile sig_atomic_t stop_sig;
static volatile sig_atomic_t deferred;
static volatile sig_atomic_t watch_fd = -1;

static void on_stop(int sig)
{
	int fd;

	stop_sig = sig;
	if (!deferred)
		_exit(1);
	fd = watch_fd;
	if (fd >= 0) {
		watch_fd = -1;
		close(fd);
	}
}

void stp_interrupt_install(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSTOP; i++)
		sigaddset(&sa.sa_mask, stop_signals[i]);
	/* restart: stdio and the file code of pass 4 need not see EINTR;
	 * the build's wait ends anyway, as its watcher kills the build */
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &sa, NULL);
}

void stp_interrupt_defer(int on)
{
	stp_interrupt_block(1);
	deferred = on;
	stp_interrupt_block(0);
}

int stp_interrupted(void)
{
	return stop_sig;
}

void stp_interrupt_watch(int fd)
{
	if (fd >= 0 && stop_sig) {
		close(fd);
		fd = -1;
	}
	watch_fd = fd;
}

void stp_interrupt_unwatch(void)
{
	int fd;

	stp_interrupt_block(1);
	fd = watch_fd;
	watch_fd = -1;
	stp_interrupt_block(0);
	if (fd >= 0)
		close(fd);
}

void stp_interrupt_block(int on)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NSTOP; i++)
		sigaddset(&set, stop_signals[i]);
	sigprocmask(on ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}
