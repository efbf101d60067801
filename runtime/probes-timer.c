// SPDX-License-Identifier: GPL-2.0-only
/* probes-timer.c - the timer family: binds the timer sites
 *
 *   STP_SITE_TIMER          one hrtimer (hardirq) per site, period ns plus
 *                           a random 0..randomize ns each time
 *   STP_SITE_TIMER_JIFFIES  one timer_list (softirq) per site, likewise
 *                           in jiffies
 *   STP_SITE_PROFILE        one pinned hrtimer per online CPU at HZ rate;
 *                           the handler sees the interrupted registers
 *
 * Timers re-arm themselves from their callbacks until stop sets
 * _stp_timers_stopping; cancelling then waits for a running callback.
 * Cancelling a timer that was set up but never started is harmless, so
 * disarm cancels them all.
 */
#include "core.h"

#include <linux/hrtimer.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/cpumask.h>
#include <asm/irq_regs.h>

struct stp_hrt {
	const struct stp_probe_site *site;
	struct hrtimer t;
};

struct stp_jt {
	const struct stp_probe_site *site;
	struct timer_list t;
};

struct stp_prof_cpu {
	const struct stp_probe_site *site;
	struct hrtimer t;
};

struct stp_prof {
	const struct stp_probe_site *site;
	struct stp_prof_cpu __percpu *cpus;
};

static struct stp_slots _stp_hrts, _stp_jts, _stp_profs;
static bool _stp_timers_stopping;

/* The next interval of a site: its period plus a uniform 0..randomize. */
static u64 _stp_timer_next(const struct stp_probe_site *site)
{
	u64 base = site->timer->period, rnd = site->timer->randomize, r;

	if (!rnd)
		return base;
	if (rnd == U64_MAX)
		return base + get_random_u64();
	div64_u64_rem(get_random_u64(), rnd + 1, &r);
	return base + r;
}

static enum hrtimer_restart _stp_hrt_fire(struct hrtimer *t)
{
	struct stp_hrt *h = container_of(t, struct stp_hrt, t);

	_stp_run_site(h->site, STP_SESS_RUNNING, STP_RUN_PLAIN, NULL, NULL,
		      NULL);
	if (READ_ONCE(_stp_timers_stopping))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(_stp_timer_next(h->site)));
	return HRTIMER_RESTART;
}

static void _stp_jt_fire(struct timer_list *t)
{
	struct stp_jt *j = from_timer(j, t, t);

	_stp_run_site(j->site, STP_SESS_RUNNING, STP_RUN_PLAIN, NULL, NULL,
		      NULL);
	if (!READ_ONCE(_stp_timers_stopping))
		mod_timer(t, jiffies + (unsigned long)_stp_timer_next(j->site));
}

static enum hrtimer_restart _stp_prof_fire(struct hrtimer *t)
{
	struct stp_prof_cpu *p = container_of(t, struct stp_prof_cpu, t);

	/* In the timer interrupt: the registers it interrupted. */
	_stp_run_site(p->site, STP_SESS_RUNNING, STP_RUN_PLAIN,
		      get_irq_regs(), NULL, NULL);
	if (READ_ONCE(_stp_timers_stopping))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(TICK_NSEC));
	return HRTIMER_RESTART;
}

/* on_each_cpu(): this CPU's profile timer, pinned to it */
static void _stp_prof_start_cpu(void *arg)
{
	struct stp_prof *p = arg;

	hrtimer_start(&this_cpu_ptr(p->cpus)->t, ns_to_ktime(TICK_NSEC),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

static void _stp_timers_free(void)
{
	u32 i;

	for (i = 0; i < _stp_profs.n; i++) {
		struct stp_prof *p = _stp_slot(&_stp_profs, i);

		free_percpu(p->cpus);
	}
	_stp_slots_free(&_stp_hrts);
	_stp_slots_free(&_stp_jts);
	_stp_slots_free(&_stp_profs);
}

/* Set up one profile site's per-CPU timers. */
static int _stp_prof_setup(struct stp_prof *p)
{
	int cpu;

	p->cpus = alloc_percpu(struct stp_prof_cpu);
	if (!p->cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct stp_prof_cpu *pc = per_cpu_ptr(p->cpus, cpu);

		pc->site = p->site;
		hrtimer_init(&pc->t, CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL_PINNED_HARD);
		pc->t.function = _stp_prof_fire;
	}
	return 0;
}

/* Set up (not start) every timer site. */
static int _stp_timers_alloc(void)
{
	u32 i;
	int rc;

	rc = _stp_slots_alloc(&_stp_hrts, STP_SITE_TIMER,
			      sizeof(struct stp_hrt));
	if (!rc)
		rc = _stp_slots_alloc(&_stp_jts, STP_SITE_TIMER_JIFFIES,
				      sizeof(struct stp_jt));
	if (!rc)
		rc = _stp_slots_alloc(&_stp_profs, STP_SITE_PROFILE,
				      sizeof(struct stp_prof));
	for (i = 0; !rc && i < _stp_hrts.n; i++) {
		struct stp_hrt *h = _stp_slot(&_stp_hrts, i);

		hrtimer_init(&h->t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		h->t.function = _stp_hrt_fire;
	}
	for (i = 0; !rc && i < _stp_jts.n; i++) {
		struct stp_jt *j = _stp_slot(&_stp_jts, i);

		timer_setup(&j->t, _stp_jt_fire, 0);
	}
	for (i = 0; !rc && i < _stp_profs.n; i++) {
		rc = _stp_prof_setup(_stp_slot(&_stp_profs, i));
		if (rc)
			_stp_profs.n = i;	/* free the ones set up */
	}
	if (rc)
		_stp_timers_free();
	return rc;
}

/* A zero period would fire without end: not armed (-EINVAL). */
static int _stp_hrt_arm(void *rec)
{
	struct stp_hrt *h = rec;

	if (!h->site->timer->period)
		return -EINVAL;
	hrtimer_start(&h->t, ns_to_ktime(_stp_timer_next(h->site)),
		      HRTIMER_MODE_REL_HARD);
	return 0;
}

static int _stp_jt_arm(void *rec)
{
	struct stp_jt *j = rec;

	if (!j->site->timer->period)
		return -EINVAL;
	mod_timer(&j->t, jiffies + (unsigned long)_stp_timer_next(j->site));
	return 0;
}

/* Profile timers start on the CPUs online now. */
static int _stp_prof_arm(void *rec)
{
	on_each_cpu(_stp_prof_start_cpu, rec, 1);
	return 0;
}

static int _stp_timers_arm(void)
{
	int rc;

	WRITE_ONCE(_stp_timers_stopping, false);
	rc = _stp_slots_arm(&_stp_hrts, _stp_hrt_arm);
	if (!rc)
		rc = _stp_slots_arm(&_stp_jts, _stp_jt_arm);
	if (!rc)
		rc = _stp_slots_arm(&_stp_profs, _stp_prof_arm);
	return rc;
}

/* Stop every timer and wait for its callback. */
static void _stp_timers_disarm(void)
{
	u32 i;
	int cpu;

	WRITE_ONCE(_stp_timers_stopping, true);
	for (i = 0; i < _stp_hrts.n; i++) {
		struct stp_hrt *h = _stp_slot(&_stp_hrts, i);

		hrtimer_cancel(&h->t);
	}
	for (i = 0; i < _stp_jts.n; i++) {
		struct stp_jt *j = _stp_slot(&_stp_jts, i);

		timer_shutdown_sync(&j->t);
	}
	for (i = 0; i < _stp_profs.n; i++) {
		struct stp_prof *p = _stp_slot(&_stp_profs, i);

		for_each_possible_cpu(cpu)
			hrtimer_cancel(&per_cpu_ptr(p->cpus, cpu)->t);
	}
}

const struct stp_family_ops _stp_family_timer = {
	.name = "timer",
	.alloc = _stp_timers_alloc,
	.arm = _stp_timers_arm,
	.disarm = _stp_timers_disarm,
	.free = _stp_timers_free,
};
