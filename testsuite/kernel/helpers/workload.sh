#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# helpers/workload.sh - run a workload while a script is loaded, for cases
# whose probes must see events the guest makes on purpose.
#
# usage (as a case's guest command): sh /test/workload.sh 'SHELL COMMANDS'
# Starts staprun $STAPRUN $KO $PARAMS in the background, waits until the
# script prints its first line (the case's begin probe prints "ready") and
# one more second, so no event is missed while the probes are armed; runs
# the commands; then sends SIGINT (end probes run, as after Ctrl-C) and
# exits with staprun's status.
# stdout/stderr are staprun's, after the workload's own output.
out=/tmp/workload.out err=/tmp/workload.err
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
	# SystemTap): give the registration a moment to finish
	sleep 1
	sh -c "$1"
fi
kill -INT $p 2>/dev/null
wait $p
rc=$?
cat $out
cat $err >&2
exit $rc
