// SPDX-License-Identifier: GPL-2.0-only
/* module.c - a script module's init/exit and its life cycle:
 *
 *   loaded --start--> running --stop--> stopped
 *
 * start runs the begin probes (by priority, file order among equals) and
 * then registers every other site; stop unregisters them, waits for
 * running handlers, runs the end probes (or the error probes after the
 * script ended on errors) and reports the error/skip summary.  Module
 * unload while running (staprun killed) does the same as stop.
 * See doc/internals/module.md.
 */
#include "core.h"

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>

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

/* begin, end and error sites, each list in running order */
struct stp_be_list {
	u32 *idx;
	u32 n;
};
static struct stp_be_list _stp_begins, _stp_ends, _stp_errors;

static int _stp_be_cmp(const void *a, const void *b)
{
	const struct stp_probe_site *sa = &_stp_script.sites[*(const u32 *)a];
	const struct stp_probe_site *sb = &_stp_script.sites[*(const u32 *)b];
	u32 ia = *(const u32 *)a, ib = *(const u32 *)b;

	if (sa->priority != sb->priority)
		return sa->priority < sb->priority ? -1 : 1;
	return ia < ib ? -1 : ia > ib;	/* sort() is not stable: index */
}

static int _stp_be_build(struct stp_be_list *l, enum stp_site_kind kind)
{
	u32 i, n = 0;

	for (i = 0; i < _stp_script.nsites; i++)
		n += _stp_script.sites[i].kind == kind;
	l->n = 0;
	l->idx = NULL;
	if (!n)
		return 0;
	l->idx = kcalloc(n, sizeof(*l->idx), GFP_KERNEL);
	if (!l->idx)
		return -ENOMEM;
	for (i = 0; i < _stp_script.nsites; i++)
		if (_stp_script.sites[i].kind == kind)
			l->idx[l->n++] = i;
	sort(l->idx, l->n, sizeof(*l->idx), _stp_be_cmp, NULL);
	return 0;
}

static void _stp_be_free(void)
{
	kfree(_stp_begins.idx);
	kfree(_stp_ends.idx);
	kfree(_stp_errors.idx);
	_stp_begins.idx = _stp_ends.idx = _stp_errors.idx = NULL;
}

/*
 * Run a begin/end/error list while the session stays in @state: an
 * exit() or an error ends the list, as in SystemTap.  Each handler runs
 * with preemption off so that it owns this CPU's context.
 */
static void _stp_be_run(const struct stp_be_list *l, int state)
{
	u32 i;

	for (i = 0; i < l->n; i++) {
		if (atomic_read(&_stp_session) != state)
			break;
		preempt_disable();
		_stp_run_site(&_stp_script.sites[l->idx[i]], state,
			      STP_RUN_PLAIN, NULL, NULL, NULL);
		preempt_enable();
		cond_resched();
	}
}

/**
 * _stp_errno_text - what a registration errno means
 * @err: negative errno
 *
 * Return: a short phrase, "unknown error" when not in the table.
 */
const char *_stp_errno_text(int err)
{
	switch (-err) {
	case ENOENT:
		return "symbol not found";
	case EINVAL:
		return "address not probeable (blacklisted or not text)";
	case EILSEQ:
		return "offset not at an instruction boundary";
	case EEXIST:
		return "already registered";
	case ENOMEM:
		return "out of memory";
	case EBUSY:
		return "busy";
	case ENOSYS:
	case EOPNOTSUPP:
		return "not supported by this kernel";
	case EPERM:
		return "not permitted";
	}
	return "unknown error";
}

/**
 * _stp_site_failed - report a site that could not be registered
 * @site: the site
 * @err: the negative errno
 *
 * Context: start (process context).
 * Return: 0 when the site is optional (a WARNING was sent) and the start
 * goes on; @err after an ERROR record otherwise.
 */
int _stp_site_failed(const struct stp_probe_site *site, int err)
{
	_stp_core_msg(site->optional ? STP_REC_WARNING : STP_REC_ERROR,
		      "probe %s registration error (rc %d: %s)", site->pp,
		      err, _stp_errno_text(err));
	return site->optional ? 0 : err;
}

static void _stp_unregister_all(void)
{
	_stp_timers_unregister();
	_stp_kprobes_unregister();
	/* Every handler runs with preemption off: once a grace period has
	 * passed, none still runs on any CPU. */
	synchronize_rcu();
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
	int rc = 0;

	mutex_lock(&_stp_control_mutex);
	if (_stp_phase != STP_PHASE_LOADED) {
		rc = -EALREADY;
		goto out;
	}
	WRITE_ONCE(_stp_phase, STP_PHASE_STARTING);
	atomic_set(&_stp_session, STP_SESS_STARTING);
	_stp_be_run(&_stp_begins, STP_SESS_STARTING);
	/* exit() or an error in a begin probe: nothing else will run a
	 * handler, so registering the other sites would be wasted. */
	if (atomic_cmpxchg(&_stp_session, STP_SESS_STARTING,
			   STP_SESS_RUNNING) != STP_SESS_STARTING)
		goto out;
	rc = _stp_kprobes_register();
	if (!rc)
		rc = _stp_timers_register();
	if (rc) {
		atomic_set(&_stp_session, STP_SESS_DONE);
		_stp_unregister_all();
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
	int errors, skipped, reentrant;

	if (_stp_phase == STP_PHASE_LOADED) {
		atomic_set(&_stp_session, STP_SESS_DONE);
		_stp_phase = STP_PHASE_STOPPED;
	}
	if (_stp_phase != STP_PHASE_RUNNING)
		return;
	atomic_cmpxchg(&_stp_session, STP_SESS_RUNNING, STP_SESS_STOPPING);
	_stp_unregister_all();
	_stp_be_run(&_stp_ends, STP_SESS_STOPPING);
	/* An error in an end probe can still switch to ERROR here. */
	_stp_be_run(&_stp_errors, STP_SESS_ERROR);
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
	_stp_be_free();
	_stp_timers_free();
	_stp_kprobes_free();
	_stp_transport_free();
	_stp_contexts_free();
}

static int __init _stp_module_init(void)
{
	int rc;

	rc = _stp_contexts_alloc();
	if (!rc)
		rc = _stp_transport_alloc();
	if (!rc)
		rc = _stp_kprobes_alloc();
	if (!rc)
		rc = _stp_timers_alloc();
	if (!rc)
		rc = _stp_be_build(&_stp_begins, STP_SITE_BEGIN);
	if (!rc)
		rc = _stp_be_build(&_stp_ends, STP_SITE_END);
	if (!rc)
		rc = _stp_be_build(&_stp_errors, STP_SITE_ERROR);
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
