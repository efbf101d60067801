/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stputil.h - libstputil, the helpers shared by the user-space programs
 * (stap and staprun): allocation, whole files, child processes, text.
 *
 * One contract for memory: allocation never fails for the caller.  Every
 * stp_x* function (and everything in this library that allocates) prints
 * "PROGRAM: out of memory" on stderr and aborts when malloc fails, as a
 * compiler usually does: no caller carries an "out of memory" branch, and
 * a NULL from an allocation can never be mistaken for "not found".
 * The parser's arena (parser/arena.h) keeps the same contract.  In
 * staprun an abort while a module is loaded is safe too: the watchdog
 * process (staprun/watchdog.c) removes the module when staprun dies.
 * Other failures (a file that cannot be read, a fork that fails) are
 * returned as -1 with errno set, for the caller to report in its words.
 *
 * The units, each with its own header:
 *   xalloc.h  stp_xmalloc, stp_xcalloc, stp_xrealloc, stp_xstrdup,
 *             stp_xasprintf: the allocation contract above
 *   file.h    read a whole file or descriptor, write one, mkdir -p
 *   child.h   a child with a pipe on its stdin or stdout; waiting for it;
 *             finding a program in $PATH
 *   text.h    small character helpers (hex digits, suffixes)
 *   hash.h    the hash tables: a string map and a set of pointer pairs
 */
#ifndef STP_STPUTIL_H
#define STP_STPUTIL_H

#include "child.h"
#include "file.h"
#include "hash.h"
#include "text.h"
#include "xalloc.h"

#endif
