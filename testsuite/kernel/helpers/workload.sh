#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# helpers/workload.sh - run a workload while a script is loaded, for cases
# whose probes must see events the guest makes on purpose.
#
# usage (as a case's guest command): sh /test/workload.sh 'SHELL COMMANDS'
# Starts staprun $STAPRUN $KO $PARAMS in the background, waits until the
# script prints its first line (the case's begin probe prints "ready") and
# its control file says state=running (every probe armed), so no event
# is missed while the probes are being armed; runs
# the commands; then sends SIGINT (end probes run, as after Ctrl-C) and
# exits with staprun's status.
# stdout/stderr are staprun's, after the workload's own output.
out=/tmp/workload.out err=/tmp/workload.err
# emptied here, not by the background job's redirection, which may come
# after the first look below: the previous case's output would pass for
# this script's first line
: >$out
: >$err
staprun $STAPRUN $KO $PARAMS >$out 2>$err </dev/null &
p=$!
i=0
# 90 s: TCG module load plus the first buffer flush can take a while; in
# full batches a start has (rarely) taken over 30 s - not understood yet,
# possibly probe registration waiting on the previous case's unregistration
while [ $i -lt 900 ] && [ ! -s $out ] && kill -0 $p 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if [ ! -s $out ]; then
	echo "workload.sh: the script printed nothing within 90 s" >&2
	# what it waits for, for the next time this happens
	{
		echo "staprun wchan: $(cat /proc/$p/wchan)"
		cat /proc/$p/stack
		for f in /sys/kernel/debug/stapc_*/control; do
			echo "$f: $(cat "$f")"
		done
		echo w >/proc/sysrq-trigger
		dmesg | tail -n 80
	} >&2 2>/dev/null
else
	# begin probes run before the other probes are armed (as in
	# SystemTap): wait until the module says every site is armed (a
	# fixed second was not always enough in full batches)
	ctl=/sys/kernel/debug/stapc_$(basename "$KO" .ko | tr - _)/control
	i=0
	while [ $i -lt 900 ] && ! grep -qs 'state=running' $ctl &&
	      kill -0 $p 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -qs 'state=running' $ctl ||
		echo "workload.sh: $ctl never said state=running" >&2
	sh -c "$1"
fi
kill -INT $p 2>/dev/null
wait $p
rc=$?
cat $out
cat $err >&2
exit $rc
