#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# testsuite/process/kill-vm.sh STAP: `stap --vm` and `staprun --vm`
# killed (SIGKILL, SIGTERM) once a script that never exits has printed
# its first line.  After each: no staprun and no qemu left running, no
# stapc-vm.* temp dir left (after a SIGKILLed staprun: once the next
# staprun --vm has started).  A private TMPDIR, and -o FILE in it, mark
# the processes to look for (qemu's socket paths and staprun's -o name
# it).  Four qemu boots (TCG): a few minutes.  Needs qemu, busybox-static
# and the kernel of scripts/kver.  Prints PASS:/FAIL:/SKIP: lines.
set -u
stap=$1
staprun=$(dirname "$stap")/staprun/staprun
here=$(cd "$(dirname "$0")" && pwd)
kver=$(sh "$here/../../scripts/kver" 2>/dev/null)
if [ -z "$kver" ] || [ ! -d "/lib/modules/$kver/build" ] ||
   ! command -v qemu-system-x86_64 >/dev/null || [ ! -x "$staprun" ]; then
	echo "SKIP: process/kill-vm: needs qemu-system-x86_64, the headers of ${kver:-scripts/kver} and staprun/staprun"
	exit 0
fi
top=$(mktemp -d "${TMPDIR:-/tmp}/stap-process-vm.XXXXXX")
mkdir "$top/tmp"
export TMPDIR=$top/tmp
. "$here/marked.sh"
script=$top/f.stp
echo 'probe timer.s(1) { println("alive") }' >"$script"
ko=$("$stap" -p4 -r "$kver" "$script" 2>"$top/err")
if [ ! -s "$ko" ]; then
	echo "FAIL: process/kill-vm: pass 4 failed"; sed 's/^/    /' "$top/err" | head -5
	exit 0
fi

# vm_case NAME SIG COMMAND...: COMMAND writes $top/o.txt
vm_case() {
	local name=$1 sig=$2 pid i msg=
	shift 2
	rm -f "$top/o.txt"
	env --default-signal=INT "$@" >/dev/null 2>"$top/err" </dev/null &
	pid=$!
	# the boot (TCG) and the module's start: up to 5 minutes
	for i in $(seq 3000); do
		grep -q alive "$top/o.txt" 2>/dev/null && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	grep -q alive "$top/o.txt" 2>/dev/null || msg+="the script never printed; "
	kill -"$sig" $pid
	wait $pid 2>/dev/null
	# a stop of the VM takes seconds; the bug kept it running for ever
	none_left 120 || msg+="left running: $(for p in $(marked); do tr '\0' ' ' <"/proc/$p/cmdline" | cut -c1-100; echo; done)"
	case $1 in
	*/staprun) [ "$sig" = KILL ] && "$staprun" --vm -r "$kver" "$top/none.ko" 2>/dev/null ;;
	esac
	[ -z "$(ls -A "$TMPDIR")" ] || msg+="temp files left: $(ls -A "$TMPDIR" | tr '\n' ' ')"
	# the next case starts clean whatever this one left
	for p in $(marked); do kill -9 "$p" 2>/dev/null; done
	none_left 10
	rm -rf "${TMPDIR:?}"/*
	verdict "$name" "$msg"
}
vm_case stap-vm-SIGKILL-running KILL "$stap" --vm -r "$kver" -o "$top/o.txt" "$script"
vm_case stap-vm-SIGTERM-running TERM "$stap" --vm -r "$kver" -o "$top/o.txt" "$script"
vm_case staprun-vm-SIGKILL-running KILL "$staprun" --vm -r "$kver" -o "$top/o.txt" "$ko"
vm_case staprun-vm-SIGTERM-running TERM "$staprun" --vm -r "$kver" -o "$top/o.txt" "$ko"
