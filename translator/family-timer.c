// SPDX-License-Identifier: GPL-2.0-or-later
/* family-timer.c - the timer family's translator unit:
 * timer.<unit>(N)[.randomize(M)] (s, sec, ms, msec, us, usec, ns,
 * nsec), timer.hz(N), timer.jiffies(N)[.randomize(M)] and
 * timer.profile[.tick].  Its runtime unit is runtime/probes-timer.c.
 */
#include "family.h"

#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* hrtimer units: SystemTap accepts periods from 100 us to one day and
 * states the limits in the unit written. */
static const struct timer_unit {
	const char *name;
	int64_t ns;
	int64_t min, max;
} timer_units[] = {
	{ "s",    1000000000, 1, 86400 },
	{ "sec",  1000000000, 1, 86400 },
	{ "ms",   1000000,    1, 86400000 },
	{ "msec", 1000000,    1, 86400000 },
	{ "us",   1000,       100, 86400000000LL },
	{ "usec", 1000,       100, 86400000000LL },
	{ "ns",   1,          100000, 86400000000000LL },
	{ "nsec", 1,          100000, 86400000000000LL },
};

/* The hrtimer's shortest period, whatever the unit: 100 us. */
#define TIMER_MIN_NS 100000

static const char *const timer_shapes[] = {
	"timer.s(N)", "timer.s(N).randomize(N)",
	"timer.sec(N)", "timer.sec(N).randomize(N)",
	"timer.ms(N)", "timer.ms(N).randomize(N)",
	"timer.msec(N)", "timer.msec(N).randomize(N)",
	"timer.us(N)", "timer.us(N).randomize(N)",
	"timer.usec(N)", "timer.usec(N).randomize(N)",
	"timer.ns(N)", "timer.ns(N).randomize(N)",
	"timer.nsec(N)", "timer.nsec(N).randomize(N)",
	"timer.hz(N)",
	"timer.jiffies(N)", "timer.jiffies(N).randomize(N)",
	"timer.profile", "timer.profile.tick",
	NULL,
};

#define TIMER_FOLLOW "continue with one of: s(N) sec(N) ms(N) msec(N) " \
	"us(N) usec(N) ns(N) nsec(N) hz(N) jiffies(N) profile"

static struct stp_site *timer_site(struct stp_point *p,
				   enum stp_site_kind kind)
{
	struct stp_site *s = stp_point_site(p, kind,
					    stp_point_text(p, p->n, -1, NULL));

	s->timer = stp_arena_alloc(p->r->arena, sizeof(*s->timer));
	return s;
}

/*
 * .randomize(M) is N +- M in SystemTap; the runtime adds 0..randomize
 * to its period, so it gets N - M and 2M.  M may equal N: the period
 * then stays at @min (one jiffy, 100 us), never 0 (an interrupt storm).
 */
static void timer_set(struct stp_site *s, uint64_t n, uint64_t m,
		      uint64_t min)
{
	s->timer->period = n > m + min ? n - m : min;
	s->timer->randomize = 2 * m;
}

static int timer_profile(struct stp_point *p, struct stp_vec *out)
{
	if (stp_point_no_arg(p, 1))
		return -1;
	if (p->n > 2 && (strcmp(p->c[2]->name, "tick") != 0 || p->n > 3))
		return stp_point_extra(p, p->n > 3 ? 3 : 2, NULL);
	if (p->n > 2 && stp_point_no_arg(p, 2))
		return -1;
	stp_vec_push(out, timer_site(p, STP_SITE_PROFILE));
	return 1;
}

/* The .randomize(M) after timer.UNIT(N), or NULL; -1 after an error. */
static int timer_randomize(struct stp_point *p, struct stp_component **rnd)
{
	const char *unit = p->c[1]->name;
	bool hz = strcmp(unit, "hz") == 0;

	*rnd = NULL;
	if (p->n <= 2)
		return 0;
	if (strcmp(p->c[2]->name, "randomize") != 0 || hz || p->n > 3)
		return stp_point_extra(p, p->n > 3 && !hz &&
				       !strcmp(p->c[2]->name, "randomize") ?
				       3 : 2, hz ? NULL : "only '.randomize(N)'"
				       " may follow a timer");
	if (!stp_point_is_num(p->c[2])) {
		stp_point_error(p, stp_point_arg_tok(p->c[2]), NULL,
				STP_POINT_NEEDS_NUMBER, "randomize");
		return -1;
	}
	*rnd = p->c[2];
	return 0;
}

static int timer_resolve(struct stp_point *p, struct stp_vec *out)
{
	const struct timer_unit *u = NULL;
	struct stp_component *c, *rnd;
	struct stp_site *s;
	char *what;
	size_t i;

	if (stp_point_no_arg(p, 0))
		return -1;
	if (p->n < 2) {
		stp_point_error(p, p->c[0]->tok, TIMER_FOLLOW,
				STP_POINT_INCOMPLETE, "timer");
		return -1;
	}
	c = p->c[1];
	if (strcmp(c->name, "profile") == 0)
		return timer_profile(p, out);
	for (i = 0; i < NELEM(timer_units); i++)
		if (strcmp(c->name, timer_units[i].name) == 0)
			u = &timer_units[i];
	if (!u && strcmp(c->name, "hz") != 0 &&
	    strcmp(c->name, "jiffies") != 0) {
		stp_point_error(p, c->tok, TIMER_FOLLOW,
				STP_POINT_BAD_COMPONENT,
				stp_point_comp_text(p->r->arena, c, NULL),
				"timer");
		return -1;
	}
	if (!stp_point_is_num(c)) {
		stp_point_error(p, stp_point_arg_tok(c), NULL,
				STP_POINT_NEEDS_NUMBER,
				stp_arena_printf(p->r->arena, "timer.%s",
						 c->name));
		return -1;
	}
	if (timer_randomize(p, &rnd))
		return -1;
	what = stp_arena_printf(p->r->arena, "timer.%s interval", c->name);
	if (strcmp(c->name, "hz") == 0) {
		/* the period, 1e9/hz ns, must be at least 100 us */
		if (stp_point_range(p, c, "timer.hz frequency", c->arg->num, 1,
				    10000))
			return -1;
		s = timer_site(p, STP_SITE_TIMER);
		timer_set(s, 1000000000ull / (uint64_t)c->arg->num, 0,
			  TIMER_MIN_NS);
	} else {
		bool jiffies = !u;

		if (stp_point_range(p, c, what, c->arg->num, jiffies ? 1 :
				    u->min, jiffies ? 1000000000 : u->max))
			return -1;
		if (rnd && stp_point_range(p, rnd, "randomize value",
					   rnd->arg->num, 0, c->arg->num))
			return -1;
		s = timer_site(p, jiffies ? STP_SITE_TIMER_JIFFIES :
			       STP_SITE_TIMER);
		if (jiffies)
			timer_set(s, (uint64_t)c->arg->num,
				  rnd ? (uint64_t)rnd->arg->num : 0, 1);
		else
			timer_set(s, (uint64_t)(c->arg->num * u->ns),
				  rnd ? (uint64_t)(rnd->arg->num * u->ns) : 0,
				  TIMER_MIN_NS);
	}
	stp_vec_push(out, s);
	return 1;
}

static void timer_emit_site(const struct stp_emit *e)
{
	const struct stp_timer_site *t = e->site->timer;

	if (e->site->kind == STP_SITE_PROFILE)
		return;
	stp_emit_printf(e, "\t\t.timer = &(const struct stp_timer_site){\n"
			"\t\t\t.period = %lluULL,\n",
			(unsigned long long)t->period);
	if (t->randomize)
		stp_emit_printf(e, "\t\t\t.randomize = %lluULL,\n",
				(unsigned long long)t->randomize);
	stp_emit_printf(e, "\t\t},\n");
}

const struct stp_point_family stp_family_timer = {
	.name = "timer",
	.shapes = timer_shapes,
	.resolve = timer_resolve,
	.emit_site = timer_emit_site,
};
