// SPDX-License-Identifier: GPL-2.0-only
/* lib-task.c - what the tapsets ask about the current task: pid, tid,
 * ppid, user and group ids, execname, pexecname, cpu, and target() (the
 * -x/-c pid staprun passes as the module parameter _stp_target).
 *
 * Probe context: no task_lock (get_task_comm takes it), no sleeping.
 * The parent pointer is read under RCU, which is safe even from NMI.
 */
#include "stp_types.h"
#include "lib.h"

#include <linux/cred.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/uidgid.h>

static int _stp_target;
module_param(_stp_target, int, 0444);
MODULE_PARM_DESC(_stp_target, "target() pid (stap -x / -c)");

s64 _stp_target_pid(void)
{
	return _stp_target;
}

s64 _stp_pid(void)
{
	return current->tgid;
}

s64 _stp_tid(void)
{
	return current->pid;
}

s64 _stp_ppid(void)
{
	s64 ppid;

	rcu_read_lock();
	ppid = rcu_dereference(current->real_parent)->tgid;
	rcu_read_unlock();
	return ppid;
}

/* As SystemTap: uid/gid/egid in the task's user namespace, euid in the
 * initial one. */
s64 _stp_uid(void)
{
	return from_kuid_munged(current_user_ns(), current_uid());
}

s64 _stp_gid(void)
{
	return from_kgid_munged(current_user_ns(), current_gid());
}

s64 _stp_euid(void)
{
	return from_kuid_munged(&init_user_ns, current_euid());
}

s64 _stp_egid(void)
{
	return from_kgid_munged(current_user_ns(), current_egid());
}

s64 _stp_cpu(void)
{
	return raw_smp_processor_id();
}

/* comm may be rewritten concurrently (prctl, exec); a copy bounded by
 * TASK_COMM_LEN and terminated here is at worst a mix of two names. */
static void lib_copy_comm(char *dst, size_t len, const char *comm)
{
	size_t n;
	char ch;

	if (!len)
		return;
	for (n = 0; n < len - 1 && n < TASK_COMM_LEN - 1; n++) {
		ch = READ_ONCE(comm[n]);
		if (!ch)
			break;
		dst[n] = ch;
	}
	dst[n] = '\0';
}

/*
 * execname() runs on hot probes (c[execname()] <<< 1), so the usual
 * buffer gets the whole comm as two words rather than byte by byte.  The
 * kernel keeps comm's last byte a NUL, and a name changing under us is
 * at worst a mix of two names, as with the bytewise copy.
 */
void _stp_execname(char *dst, size_t len)
{
	if (likely(len >= TASK_COMM_LEN)) {
		memcpy(dst, current->comm, TASK_COMM_LEN);
		dst[TASK_COMM_LEN - 1] = '\0';
		return;
	}
	lib_copy_comm(dst, len, current->comm);
}

void _stp_pexecname(char *dst, size_t len)
{
	rcu_read_lock();
	lib_copy_comm(dst, len, rcu_dereference(current->real_parent)->comm);
	rcu_read_unlock();
}
