// SPDX-License-Identifier: GPL-2.0-only
/* probes-timer.c - binds the timer sites:
 *
 *   STP_SITE_TIMER          one hrtimer (hardirq) per site, period_ns plus
 *                           a random 0..randomize_ns each time
 *   STP_SITE_TIMER_JIFFIES  one timer_list (softirq) per site, likewise
 *                           in jiffies
 *   STP_SITE_PROFILE        one pinned hrtimer per online CPU at HZ rate;
 *                           the handler sees the interrupted registers
 *
 * Timers re-arm themselves from their callbacks until stop sets
 * _stp_timers_stopping; cancelling then waits for a running callback.
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
	struct hrtimer t;
	const struct stp_probe_site *site;
	bool armed;
};

struct stp_jt {
	struct timer_list t;
	const struct stp_probe_site *site;
	bool armed;
};

struct stp_prof_cpu {
	struct hrtimer t;
	const struct stp_probe_site *site;
};

struct stp_prof {
	struct stp_prof_cpu __percpu *cpus;
	const struct stp_probe_site *site;
	bool armed;
};

static struct stp_hrt *_stp_hrts;
static struct stp_jt *_stp_jts;
static struct stp_prof *_stp_profs;
static u32 _stp_nhrt, _stp_njt, _stp_nprof;
static bool _stp_timers_stopping;

/* The next interval: base plus a uniform 0..rnd. */
static u64 _stp_jitter(u64 base, u64 rnd)
{
	u64 r;

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
	hrtimer_forward_now(t, ns_to_ktime(_stp_jitter(h->site->period_ns,
						       h->site->randomize_ns)));
	return HRTIMER_RESTART;
}

static unsigned long _stp_jt_next(const struct stp_probe_site *s)
{
	return (unsigned long)_stp_jitter(s->period_jiffies,
					  s->randomize_jiffies);
}

static void _stp_jt_fire(struct timer_list *t)
{
	struct stp_jt *j = from_timer(j, t, t);

	_stp_run_site(j->site, STP_SESS_RUNNING, STP_RUN_PLAIN, NULL, NULL,
		      NULL);
	if (!READ_ONCE(_stp_timers_stopping))
		mod_timer(t, jiffies + _stp_jt_next(j->site));
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

/**
 * _stp_timers_alloc - set up (not start) every timer site
 *
 * Context: module init.  Return: 0 or -ENOMEM (nothing left).
 */
int _stp_timers_alloc(void)
{
	u32 i, nh = 0, nj = 0, np = 0;
	int cpu;

	for (i = 0; i < _stp_script.nsites; i++) {
		enum stp_site_kind k = _stp_script.sites[i].kind;

		nh += k == STP_SITE_TIMER;
		nj += k == STP_SITE_TIMER_JIFFIES;
		np += k == STP_SITE_PROFILE;
	}
	if (nh && !(_stp_hrts = kcalloc(nh, sizeof(*_stp_hrts), GFP_KERNEL)))
		goto nomem;
	if (nj && !(_stp_jts = kcalloc(nj, sizeof(*_stp_jts), GFP_KERNEL)))
		goto nomem;
	if (np && !(_stp_profs = kcalloc(np, sizeof(*_stp_profs), GFP_KERNEL)))
		goto nomem;
	for (i = 0; i < _stp_script.nsites; i++) {
		const struct stp_probe_site *s = &_stp_script.sites[i];

		switch (s->kind) {
		case STP_SITE_TIMER: {
			struct stp_hrt *h = &_stp_hrts[_stp_nhrt++];

			h->site = s;
			hrtimer_init(&h->t, CLOCK_MONOTONIC,
				     HRTIMER_MODE_REL_HARD);
			h->t.function = _stp_hrt_fire;
			break;
		}
		case STP_SITE_TIMER_JIFFIES: {
			struct stp_jt *j = &_stp_jts[_stp_njt++];

			j->site = s;
			timer_setup(&j->t, _stp_jt_fire, 0);
			break;
		}
		case STP_SITE_PROFILE: {
			struct stp_prof *p = &_stp_profs[_stp_nprof];

			p->site = s;
			p->cpus = alloc_percpu(struct stp_prof_cpu);
			if (!p->cpus)
				goto nomem;
			_stp_nprof++;
			for_each_possible_cpu(cpu) {
				struct stp_prof_cpu *pc =
					per_cpu_ptr(p->cpus, cpu);

				pc->site = s;
				hrtimer_init(&pc->t, CLOCK_MONOTONIC,
					     HRTIMER_MODE_REL_PINNED_HARD);
				pc->t.function = _stp_prof_fire;
			}
			break;
		}
		default:
			break;
		}
	}
	return 0;
nomem:
	_stp_timers_free();
	return -ENOMEM;
}

void _stp_timers_free(void)
{
	u32 i;

	for (i = 0; i < _stp_nprof; i++)
		free_percpu(_stp_profs[i].cpus);
	kfree(_stp_hrts);
	kfree(_stp_jts);
	kfree(_stp_profs);
	_stp_hrts = NULL;
	_stp_jts = NULL;
	_stp_profs = NULL;
	_stp_nhrt = _stp_njt = _stp_nprof = 0;
}

/**
 * _stp_timers_register - start every timer site
 *
 * Context: start (process context).  Profile timers start on the CPUs
 * online now.  Return: 0, or -EINVAL for a non-optional zero period.
 */
int _stp_timers_register(void)
{
	u32 i;
	int rc;

	WRITE_ONCE(_stp_timers_stopping, false);
	for (i = 0; i < _stp_nhrt; i++) {
		struct stp_hrt *h = &_stp_hrts[i];

		if (!h->site->period_ns) {
			rc = _stp_site_failed(h->site, -EINVAL);
			if (rc)
				return rc;
			continue;
		}
		h->armed = true;
		hrtimer_start(&h->t,
			      ns_to_ktime(_stp_jitter(h->site->period_ns,
						      h->site->randomize_ns)),
			      HRTIMER_MODE_REL_HARD);
	}
	for (i = 0; i < _stp_njt; i++) {
		struct stp_jt *j = &_stp_jts[i];

		if (!j->site->period_jiffies) {
			rc = _stp_site_failed(j->site, -EINVAL);
			if (rc)
				return rc;
			continue;
		}
		j->armed = true;
		mod_timer(&j->t, jiffies + _stp_jt_next(j->site));
	}
	for (i = 0; i < _stp_nprof; i++) {
		_stp_profs[i].armed = true;
		on_each_cpu(_stp_prof_start_cpu, &_stp_profs[i], 1);
	}
	return 0;
}

/**
 * _stp_timers_unregister - stop every timer and wait for its callback
 *
 * Context: stop (process context).
 */
void _stp_timers_unregister(void)
{
	u32 i;
	int cpu;

	WRITE_ONCE(_stp_timers_stopping, true);
	for (i = 0; i < _stp_nhrt; i++) {
		if (_stp_hrts[i].armed)
			hrtimer_cancel(&_stp_hrts[i].t);
		_stp_hrts[i].armed = false;
	}
	for (i = 0; i < _stp_njt; i++) {
		if (_stp_jts[i].armed)
			timer_shutdown_sync(&_stp_jts[i].t);
		_stp_jts[i].armed = false;
	}
	for (i = 0; i < _stp_nprof; i++) {
		if (!_stp_profs[i].armed)
			continue;
		for_each_possible_cpu(cpu)
			hrtimer_cancel(&per_cpu_ptr(_stp_profs[i].cpus,
						    cpu)->t);
		_stp_profs[i].armed = false;
	}
}
