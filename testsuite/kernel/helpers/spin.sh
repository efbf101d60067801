#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# helpers/spin.sh - keep one CPU busy in user space for N shell loop
# iterations, so that tick-driven probes fire on it (an idle NOHZ CPU has
# no ticks).  usage: taskset -c CPU sh /test/spin.sh N
i=0
while [ $i -lt "$1" ]; do
	i=$((i + 1))
done
