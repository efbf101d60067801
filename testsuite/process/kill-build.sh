#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# testsuite/process/kill-build.sh STAP: stap -p4 killed by SIGINT,
# SIGTERM, SIGHUP and SIGKILL sent to stap alone (not its process group)
# at 0.5 s, at 2 s and while the compiler runs, also started with SIGINT
# ignored (as a background job of a script is).  After each: status 1
# (128+9 for SIGKILL), no process of the build left, no temp dir left
# (after SIGKILL: once the next stap run has started), and at the end a
# build of the same script succeeds with a consistent cache.
# Everything runs with a private TMPDIR and HOME (so a private module
# cache), which also marks the processes to look for: any whose command
# line names the private directory.  Needs the headers of scripts/kver.
# Prints PASS:/FAIL:/SKIP: lines (testsuite/run's `process` set).
set -u
stap=$1
here=$(cd "$(dirname "$0")" && pwd)
kver=$(sh "$here/../../scripts/kver" 2>/dev/null)
if [ -z "$kver" ] || [ ! -d "/lib/modules/$kver/build" ]; then
	echo "SKIP: process/kill-build: no kernel headers for ${kver:-scripts/kver}"
	exit 0
fi
top=$(mktemp -d "${TMPDIR:-/tmp}/stap-process.XXXXXX")
mkdir "$top/tmp" "$top/home"
export TMPDIR=$top/tmp HOME=$top/home
. "$here/marked.sh"
script=$top/f.stp
echo 'probe timer.s(1) { println("alive") }' >"$script"

compiling() {
	local p
	for p in $(marked); do
		grep -qasF cc1 "/proc/$p/cmdline" 2>/dev/null && return 0
	done
	return 1
}
tmp_dirs() { ls -A "$TMPDIR"; }

# kill_case NAME SIG WHEN IGNORE_INT SCRIPT: WHEN is 0.5, 2 or build
kill_case() {
	local name=$1 sig=$2 when=$3 ign=$4 f=$5 pid rc i want=1 msg=
	if [ "$ign" = 1 ]; then
		sh -c 'trap "" INT; exec "$@"' sh "$stap" -p4 -r "$kver" "$f" \
			>"$top/out" 2>"$top/err" </dev/null &
	else
		env --default-signal=INT "$stap" -p4 -r "$kver" "$f" \
			>"$top/out" 2>"$top/err" </dev/null &
	fi
	pid=$!
	if [ "$when" = build ]; then
		msg="the compiler never ran; "
		for i in $(seq 1200); do
			compiling && msg= && break
			sleep 0.1
		done
	else
		sleep "$when"
	fi
	kill -"$sig" "$pid"
	# a hang guard: the build took minutes where a stop takes a second
	for i in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$pid" 2>/dev/null; then
		msg+="still running 60 s after SIG$sig; "
		kill -9 "$pid"
	fi
	wait "$pid" 2>/dev/null
	rc=$?
	[ "$sig" = KILL ] && want=137
	[ $rc = $want ] || msg+="exit $rc, not $want; "
	none_left 10 || msg+="left running: $(for p in $(marked); do tr '\0' ' ' <"/proc/$p/cmdline" | cut -c1-100; echo; done)"
	if [ "$sig" = KILL ]; then
		# the next run (failing in pass 2) removes the dead run's dirs
		"$stap" -p4 -r "$kver" -e 'probe nosuch.point {}' >/dev/null 2>&1
	fi
	[ -z "$(tmp_dirs)" ] || msg+="temp files left: $(tmp_dirs | tr '\n' ' ')"
	rm -rf "${TMPDIR:?}"/*
	verdict "$name" "$msg"
}

# 1. the runtime's build (nothing cached yet), then the module's
n=0
for sig in INT TERM HUP KILL; do
	for when in 0.5 2 build; do
		kill_case "p4-SIG$sig-at-$when" $sig $when 0 "$script"
	done
done
for when in 0.5 2 build; do
	kill_case "p4-SIGINT-ignored-at-start-at-$when" INT $when 1 "$script"
done

final_build() {	# NAME SCRIPT
	local name=$1 f=$2 ko ko2 rc msg=
	"$stap" -p4 -r "$kver" "$f" >"$top/out" 2>"$top/err" </dev/null
	rc=$?
	ko=$(cat "$top/out")
	[ $rc = 0 ] && [ -s "$ko" ] || msg+="build failed (exit $rc); "
	"$stap" -v -p4 -r "$kver" "$f" >"$top/out" 2>"$top/err" </dev/null
	ko2=$(cat "$top/out")
	[ "$ko" = "$ko2" ] && grep -q 'using cached' "$top/err" ||
		msg+="the second build did not use the cache; "
	# a cache entry is whole or absent: no staging name left over
	if find "$HOME/.cache/stapc" -name '*.tmp*' | grep -q .; then
		msg+="staging files left in the cache: $(find "$HOME/.cache/stapc" -name '*.tmp*'); "
	fi
	[ -z "$(tmp_dirs)" ] || msg+="temp files left: $(tmp_dirs | tr '\n' ' ')"
	verdict "$name" "$msg"
}
final_build p4-build-after-kills "$script"

# 2. the module's build, with the runtime cached
s2=$top/g.stp
echo 'probe timer.s(1) { println("alive 2") }' >"$s2"
for sig in INT TERM KILL; do
	kill_case "p4-module-SIG$sig-at-build" $sig build 0 "$s2"
done
kill_case "p4-module-SIGINT-ignored-at-start-at-build" INT build 1 "$s2"
final_build p4-module-build-after-kills "$s2"
