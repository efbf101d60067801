// SPDX-License-Identifier: GPL-2.0-only
/* lib-time.c - the clocks of timestamp.stp and the time zone of
 * tzinfo.stp.
 *
 * gettimeofday uses the NMI-safe fast accessor: a probe can fire while
 * the timekeeping seqlock is held for writing, where ktime_get_real()
 * would spin forever.  The zone is what staprun tells the module at
 * load (module parameters), since the kernel has no notion of it.
 */
#include "stp_types.h"
#include "lib.h"
#include "context.h"

#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/sched/clock.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/timex.h>

static long _stp_tz_gmtoff_param;
module_param_named(_stp_tz_gmtoff, _stp_tz_gmtoff_param, long, 0444);
MODULE_PARM_DESC(_stp_tz_gmtoff, "tz_gmtoff(): seconds west of UTC");

static char _stp_tz_name_param[MAXSTRINGLEN];
module_param_string(_stp_tz_name, _stp_tz_name_param,
		    sizeof(_stp_tz_name_param), 0444);
MODULE_PARM_DESC(_stp_tz_name, "tz_name(): the local time zone's name");

s64 _stp_tz_gmtoff(void)
{
	return _stp_tz_gmtoff_param;
}

const char *_stp_tz_name(void)
{
	return _stp_tz_name_param;
}

s64 _stp_gettimeofday_ns(void)
{
	return ktime_get_real_fast_ns();
}

s64 _stp_local_clock_ns(void)
{
	return local_clock();
}

int _stp_cpu_clock_ns(struct stp_context *c, s64 cpu, s64 *ns)
{
	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_online((int)cpu)) {
		_stp_error(c, "cpu %lld is not online", (long long)cpu);
		return -EINVAL;
	}
	*ns = cpu_clock((int)cpu);
	return 0;
}

s64 _stp_jiffies(void)
{
	return (s64)get_jiffies_64();
}

s64 _stp_hz(void)
{
	return HZ;
}

s64 _stp_get_cycles(void)
{
	return (s64)get_cycles();
}
