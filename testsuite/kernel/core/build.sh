#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# build.sh - build the module-core test modules for one kernel, the way
# translator/kbuild.c lays out a script build (every runtime/*.c linked
# in, runtime headers on the include path), plus the guest helpers.
#
# usage: build.sh KVER OUTDIR
# makes OUTDIR/{core_test,core_fail,core_bench}.ko, OUTDIR/kp.ko (the
# bare kprobe of bench/hello-module, for overhead figures) and static
# OUTDIR/{stpread,sysloop}.  Warnings in the core's units and the test
# fail the build (-Werror on those objects only).
# STP_CORE_SKIP="lang lib_x": runtime units to leave out (while another
# engineer's unit does not build yet).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
kver=${1:?usage: build.sh KVER OUTDIR}
out=${2:?usage: build.sh KVER OUTDIR}
kdir=/lib/modules/$kver/build
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/stapc-core.XXXXXX")
trap 'rm -rf "$work"' EXIT

# one module dir: NAME, extra defines
mkmod() {
	local name=$1 defs=$2 d=$work/$1 units= werr= u b
	mkdir -p "$d/runtime"
	cp "$top"/runtime/*.h "$d/runtime/"
	for u in "$top"/runtime/*.c; do
		b=$(basename "$u" .c)
		b=${b//-/_}
		case " ${STP_CORE_SKIP:-} " in *" $b "*) continue ;; esac
		cp "$u" "$d/stprt_$b.c"
		units="$units stprt_$b.o"
		case $b in
		module|context|transport|probes|probes_*)
			werr="${werr}CFLAGS_stprt_$b.o := -Werror"$'\n' ;;
		esac
	done
	cp "$here/core_test.c" "$d/${name}_src.c"
	cat >"$d/Kbuild" <<KB
obj-m := $name.o
ccflags-y := -I\$(src)/runtime $defs
CFLAGS_${name}_src.o := -Werror
$werr$name-y := ${name}_src.o$units
KB
	make -s -C "$kdir" M="$d" modules >"$d/build.log" 2>&1 ||
		{ cat "$d/build.log" >&2; return 1; }
	cp "$d/$name.ko" "$out/"
}

mkdir -p "$work/kp"
cp "$top/bench/hello-module/kp.c" "$work/kp/"
echo "obj-m := kp.o" >"$work/kp/Kbuild"

pids=()
mkmod core_test "" & pids+=($!)
mkmod core_fail "-DSTP_TEST_FAILREG" & pids+=($!)
mkmod core_bench "-DSTP_TEST_BENCH" & pids+=($!)
( make -s -C "$kdir" M="$work/kp" modules >"$work/kp/build.log" 2>&1 &&
	cp "$work/kp/kp.ko" "$out/" ) || { cat "$work/kp/build.log" >&2; exit 1; }
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
gcc -static -O2 -Wall -Wextra -o "$out/stpread" "$here/stpread.c" || rc=1
gcc -static -O2 -Wall -Wextra -o "$out/sysloop" "$here/sysloop.c" || rc=1
exit $rc
