#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# helpers/sigint-start.sh - SIGINT to staprun at several points of its
# start (module load, begin probes, registration), each in a new session.
#
# usage (as a case's guest command): sh /test/sigint-start.sh DELAY...
# For each DELAY (seconds): starts staprun $KO in the background, waits
# until it catches SIGINT (a background job of a non-interactive shell
# starts with SIGINT ignored, so a signal before that would be lost, as
# with any program), sleeps DELAY, sends SIGINT, and gives staprun 30 s to
# end.  Prints "hung after DELAY s" (with staprun's kernel stack) or
# "left loaded after DELAY s" when it does not end or leaves its module
# behind, then "done".
m=$(basename "$KO" .ko | tr - _)
for d in "$@"; do
	staprun $KO >/tmp/sigint.out 2>/tmp/sigint.err </dev/null &
	p=$!
	i=0
	while [ $i -lt 300 ] && kill -0 $p 2>/dev/null; do
		case $(sed -n 's/^SigCgt:[[:space:]]*//p' /proc/$p/status) in
		*[2367abef]) break ;;
		esac
		sleep 0.01
		i=$((i + 1))
	done
	sleep $d
	kill -INT $p 2>/dev/null
	i=0
	while [ $i -lt 300 ] && kill -0 $p 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 $p 2>/dev/null; then
		echo "hung after $d s"
		cat /proc/$p/stack
		kill -9 $p
	fi
	wait $p
	if grep -q "^$m " /proc/modules; then
		echo "left loaded after $d s"
		rmmod $m
	fi
done
echo done
