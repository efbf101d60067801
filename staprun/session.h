/* SPDX-License-Identifier: GPL-2.0-or-later */
/* session.h - staprun: one run of a module in the running kernel, from
 * finit_module to delete_module (runtime/transport_msgs.h describes the
 * protocol). */
#ifndef _STAPRUN_SESSION_H_
#define _STAPRUN_SESSION_H_

#include "options.h"

/* Runs the session o describes; returns the exit status: 0, or 1 when
 * the module could not be loaded or started, the script had errors, or
 * the output could not be written. */
int stp_session_run(const struct staprun_opts *o);

#endif /* _STAPRUN_SESSION_H_ */
