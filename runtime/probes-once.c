// SPDX-License-Identifier: GPL-2.0-only
/* probes-once.c - the once family: begin, end, error and never sites.
 *
 * No kernel hook: the session runs them.  At start (the `starting` hook)
 * the begin sites run, by priority (lower first; file order among
 * equals); at stop (`stopped`, after every other family is disarmed)
 * the end sites, then the error sites when the script ended on errors.
 * A never site has no record at all.
 */
#include "core.h"

#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sort.h>

struct stp_once {
	const struct stp_probe_site *site;
};

static struct stp_slots _stp_begins, _stp_ends, _stp_errors;

static int _stp_once_cmp(const void *a, const void *b)
{
	const struct stp_probe_site *sa = _stp_slot_site(a);
	const struct stp_probe_site *sb = _stp_slot_site(b);

	if (sa->once->priority != sb->once->priority)
		return sa->once->priority < sb->once->priority ? -1 : 1;
	/* sort() is not stable: the sites' order in _stp_script */
	return sa < sb ? -1 : sa > sb;
}

static int _stp_once_list(struct stp_slots *l, enum stp_site_kind kind)
{
	int rc = _stp_slots_alloc(l, kind, sizeof(struct stp_once));

	if (!rc)
		sort(l->recs, l->n, l->size, _stp_once_cmp, NULL);
	return rc;
}

static void _stp_once_free(void)
{
	_stp_slots_free(&_stp_begins);
	_stp_slots_free(&_stp_ends);
	_stp_slots_free(&_stp_errors);
}

static int _stp_once_alloc(void)
{
	int rc = _stp_once_list(&_stp_begins, STP_SITE_BEGIN);

	if (!rc)
		rc = _stp_once_list(&_stp_ends, STP_SITE_END);
	if (!rc)
		rc = _stp_once_list(&_stp_errors, STP_SITE_ERROR);
	if (rc)
		_stp_once_free();
	return rc;
}

/*
 * Run a list while the session stays in @state: an exit() or an error
 * ends the list, as in SystemTap.  Each handler runs with preemption off
 * so that it owns this CPU's context.
 */
static void _stp_once_run(const struct stp_slots *l, int state)
{
	u32 i;

	for (i = 0; i < l->n; i++) {
		if (atomic_read(&_stp_session) != state)
			break;
		preempt_disable();
		_stp_run_site(_stp_slot_site(_stp_slot(l, i)), state,
			      STP_RUN_ONCE, NULL, NULL, NULL);
		preempt_enable();
		cond_resched();
	}
}

static void _stp_once_starting(void)
{
	_stp_once_run(&_stp_begins, STP_SESS_STARTING);
}

static void _stp_once_stopped(void)
{
	_stp_once_run(&_stp_ends, STP_SESS_STOPPING);
	/* An error in an end probe can still switch to ERROR here. */
	_stp_once_run(&_stp_errors, STP_SESS_ERROR);
}

const struct stp_family_ops _stp_family_once = {
	.name = "once",
	.alloc = _stp_once_alloc,
	.starting = _stp_once_starting,
	.stopped = _stp_once_stopped,
	.free = _stp_once_free,
};
