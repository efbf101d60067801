// SPDX-License-Identifier: GPL-2.0-only
/* module.c - a script module's init/exit and its life cycle:
 *
 *   loaded --start--> running --stop--> stopped
 *
 * The probe families (probe_families.h) do the binding: start calls each
 * family's `starting` hook (the once family runs the begin probes there),
 * then arms every family; stop disarms them all, waits for running
 * handlers, calls each `stopped` hook (the end probes, or the error
 * probes after the script ended on errors) and reports the error/skip
 * summary.  Module unload while running (staprun killed) does the same
 * as stop.  This file names no family.
 * See doc/internals/module.md.
 */
#include "core.h"

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

/* STARTING: begin probes and registration in progress; RUNNING once
 * every site is armed (the control file tells readers which). */
enum stp_phase {
	STP_PHASE_LOADED,
	STP_PHASE_STARTING,
	STP_PHASE_RUNNING,
	STP_PHASE_STOPPED,
};

static DEFINE_MUTEX(_stp_control_mutex);	/* start, stop, unload */
static enum stp_phase _stp_phase = STP_PHASE_LOADED;

/* Every family with such a hook, in table order. */
#define _stp_for_each_family(ops, i)					\
	for ((i) = 0; (i) < STP_NFAMILIES; (i)++)			\
		if (((ops) = _stp_families[i]))

/* Disarm every family, the last armed first. */
static void _stp_disarm_all(void)
{
	const struct stp_family_ops *f;
	int i;

	for (i = STP_NFAMILIES - 1; i >= 0; i--) {
		f = _stp_families[i];
		if (f && f->disarm)
			f->disarm();
	}
	/* Every handler runs with preemption off: once a grace period has
	 * passed, none still runs on any CPU. */
	synchronize_rcu();
}

/* Arm every family, in table order (a family whose registration can
 * fail comes before the timers: no timer fires for a start that fails);
 * on a failure disarm them all. */
static int _stp_arm_all(void)
{
	const struct stp_family_ops *f;
	int i, rc = 0;

	_stp_for_each_family(f, i)
		if (f->arm && (rc = f->arm()))
			break;
	if (rc)
		_stp_disarm_all();
	return rc;
}

/**
 * _stp_control_start - "start": begin probes, then the other sites
 *
 * Context: process (control file write).
 * Return: 0, or the errno of the first non-optional site that failed to
 * register (after ERROR records; the module then holds no probes).
 */
int _stp_control_start(void)
{
	const struct stp_family_ops *f;
	int i, rc = 0;

	mutex_lock(&_stp_control_mutex);
	if (_stp_phase != STP_PHASE_LOADED) {
		rc = -EALREADY;
		goto out;
	}
	WRITE_ONCE(_stp_phase, STP_PHASE_STARTING);
	atomic_set(&_stp_session, STP_SESS_STARTING);
	_stp_for_each_family(f, i)
		if (f->starting)
			f->starting();
	/* exit() or an error in a begin probe: nothing else will run a
	 * handler, so registering the other sites would be wasted. */
	if (atomic_cmpxchg(&_stp_session, STP_SESS_STARTING,
			   STP_SESS_RUNNING) != STP_SESS_STARTING)
		goto out;
	rc = _stp_arm_all();
	if (rc) {
		atomic_set(&_stp_session, STP_SESS_DONE);
		WRITE_ONCE(_stp_phase, STP_PHASE_STOPPED);
	}
out:
	/* also after exit() in a begin probe: "stop" runs the end probes */
	if (_stp_phase == STP_PHASE_STARTING)
		WRITE_ONCE(_stp_phase, STP_PHASE_RUNNING);
	mutex_unlock(&_stp_control_mutex);
	return rc;
}

/* stop, with the control mutex held */
static void _stp_stop_locked(void)
{
	const struct stp_family_ops *f;
	int i, errors, skipped, reentrant;

	if (_stp_phase == STP_PHASE_LOADED) {
		atomic_set(&_stp_session, STP_SESS_DONE);
		_stp_phase = STP_PHASE_STOPPED;
	}
	if (_stp_phase != STP_PHASE_RUNNING)
		return;
	atomic_cmpxchg(&_stp_session, STP_SESS_RUNNING, STP_SESS_STOPPING);
	_stp_disarm_all();
	_stp_for_each_family(f, i)
		if (f->stopped)
			f->stopped();
	atomic_set(&_stp_session, STP_SESS_DONE);
	errors = atomic_read(&_stp_error_count);
	skipped = atomic_read(&_stp_skip_count);
	reentrant = atomic_read(&_stp_reentrant_count);
	if (errors || skipped || reentrant)
		_stp_core_msg(STP_REC_WARNING,
			      "Number of errors: %d, skipped probes: %d",
			      errors, skipped);
	if (reentrant)
		_stp_core_msg(STP_REC_WARNING,
			      "Skipped due to reentrancy: %d", reentrant);
	_stp_phase = STP_PHASE_STOPPED;
}

/**
 * _stp_control_stop - "stop": end the session; idempotent
 *
 * Context: process (control file write).  Return: 0.
 */
int _stp_control_stop(void)
{
	mutex_lock(&_stp_control_mutex);
	_stp_stop_locked();
	mutex_unlock(&_stp_control_mutex);
	return 0;
}

const char *_stp_control_phase(void)
{
	switch (READ_ONCE(_stp_phase)) {
	case STP_PHASE_LOADED:
		return "loaded";
	case STP_PHASE_STARTING:
		return "starting";
	case STP_PHASE_RUNNING:
		return "running";
	default:
		return "stopped";
	}
}

static void _stp_free_all(void)
{
	const struct stp_family_ops *f;
	int i;

	_stp_for_each_family(f, i)
		if (f->free)
			f->free();
	_stp_transport_free();
	_stp_contexts_free();
}

static int __init _stp_module_init(void)
{
	const struct stp_family_ops *f;
	int i, rc;

	rc = _stp_contexts_alloc();
	if (!rc)
		rc = _stp_transport_alloc();
	_stp_for_each_family(f, i)
		if (!rc && f->alloc)
			rc = f->alloc();
	if (rc)
		goto fail;
	if (_stp_script.init) {
		rc = _stp_script.init();
		if (rc)
			goto fail;
	}
	rc = _stp_transport_files();
	if (rc)
		goto fail_script;
	return 0;
fail_script:
	if (_stp_script.exit)
		_stp_script.exit();
fail:
	_stp_free_all();
	return rc;
}

static void __exit _stp_module_exit(void)
{
	/* No control write can be in progress after this (debugfs waits
	 * for them), and none can start. */
	_stp_transport_files_remove();
	mutex_lock(&_stp_control_mutex);
	_stp_stop_locked();
	mutex_unlock(&_stp_control_mutex);
	if (_stp_script.exit)
		_stp_script.exit();
	_stp_free_all();
}

module_init(_stp_module_init);
module_exit(_stp_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stapc script module");
