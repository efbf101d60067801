#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# guest.sh - runs inside the VM (as /test.sh, cwd /test) with the files
# build.sh made: the module-core scenarios, each checked; prints
# "core: N passed, M failed" and exits non-zero on any failure.
# Scenario 7, load/start/stop/unload cycles under syscall load on both
# CPUs, runs only with "stapc_loops=N" on the kernel command line
# (run-vm -a stapc_loops=20), and only under single-threaded TCG: qemu's
# multi-threaded TCG crashes the guest there even without stapc code
# (doc/internals/vm.md, Known problems; run-vm's default).
LOOPS=$(sed -n 's/.*stapc_loops=\([0-9][0-9]*\).*/\1/p' /proc/cmdline)
LOOPS=${LOOPS:-0}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION FILE PATTERN (grep -E)
	if grep -Eq "$3" "$2"; then ok "$1"; else bad "$1"; echo "--- $2:"; cat "$2"; fi
}
checknot() {
	if grep -Eq "$3" "$2"; then bad "$1"; echo "--- $2:"; cat "$2"; else ok "$1"; fi
}
D=/sys/kernel/debug/stapc_

# --- 1: normal run
insmod core_test.ko || bad "insmod core_test"
cat ${D}core_test/control >ctl0
check "control before start" ctl0 '^state=loaded errors=0 skipped=0 exit=0$'
ls ${D}core_test/stdout >files
check "cpu files" files 'cpu1'
check "channels file" ${D}core_test/channels '^0 stdout normal text [0-9]+$'
./stpread ${D}core_test >empty.out
[ -s empty.out ] && bad "records before start" || ok "nothing before start"
echo start >${D}core_test/control || bad "start"
./sysloop getpid 3000 >/dev/null & a=$!
./sysloop read 2000 >/dev/null
./sysloop getpid 3000 >/dev/null
wait $a
sleep 1
cat ${D}core_test/control >ctl1
check "control running" ctl1 '^state=running errors=0 skipped=[0-9]+ exit=0$'
echo stop >${D}core_test/control || bad "stop"
echo stop >${D}core_test/control || bad "stop twice"
cat ${D}core_test/control >ctl2
check "control stopped" ctl2 '^state=stopped errors=0 skipped=[0-9]+ exit=0$'
./stpread -s ${D}core_test >run1.out || bad "stpread run1"
cat run1.out
rmmod core_test || bad "rmmod core_test"
# begin order: -5 first, then the two prio-0 in file order
sed -n '1,3p' run1.out | tr '\n' '|' >order
check "begin order" order '^begin prio -5\|begin prio 0\|begin prio 0 second\|$'
check "optional site warning" run1.out '^W WARNING: probe kernel.function\("stapc_no_such"\)\? registration error \(rc -2: symbol not found\)$'
check "end counts" run1.out '^end: getpid=[1-9][0-9]{3,} read=[1-9][0-9]{3,} mism=0 timer=[1-9][0-9]* jtimer=[1-9][0-9]* prof=[1-9][0-9]* user=[0-9]+ target_calls=3$'
checknot "nested probe never ran" run1.out 'BUG'
# lock timeouts under TCG (a descheduled vCPU) may add a few skips
check "summary" run1.out '^W WARNING: Number of errors: 0, skipped probes: [0-9]$'
check "reentrant skips (>= 3 nested calls)" run1.out '^W WARNING: Skipped due to reentrancy: ([3-9]|[1-9][0-9]+)$'
checknot "no error probe" run1.out 'error probe ran'
checknot "no EXIT record" run1.out '^X$'

# --- 2: error in a probe, MAXERRORS=0
insmod core_test.ko mode=1 || bad "insmod mode=1"
echo start >${D}core_test/control
./sysloop getppid 50 >/dev/null
./stpread -w 10 ${D}core_test >err.out || bad "EXIT after error"
cat ${D}core_test/control >ctl3
check "control after error" ctl3 '^state=running errors=1 skipped=0 exit=1$'
echo stop >${D}core_test/control
./stpread ${D}core_test >>err.out
rmmod core_test || bad "rmmod mode=1"
cat err.out
check "ERROR record with near" err.out '^E ERROR: division by 0 near identifier .x. at core.stp:12:3$'
check "EXIT record" err.out '^X$'
check "error probe ran" err.out '^error probe ran$'
checknot "end probe did not run" err.out '^end:'
check "summary after error" err.out '^W WARNING: Number of errors: 1, skipped probes: 0$'
n=$(grep -c '^E ' err.out); [ "$n" = 1 ] && ok "one error only" || bad "one error only ($n)"

# --- 3: exit()
insmod core_test.ko mode=2 || bad "insmod mode=2"
echo start >${D}core_test/control
./sysloop getppid 20 >/dev/null
./stpread -w 10 ${D}core_test >exit.out || bad "EXIT after exit()"
echo stop >${D}core_test/control
./stpread ${D}core_test >>exit.out
cat ${D}core_test/control >ctl4
rmmod core_test || bad "rmmod mode=2"
cat exit.out
n=$(grep -c '^exit called$' exit.out); [ "$n" = 1 ] && ok "probes stop after exit()" || bad "probes stop after exit() ($n)"
n=$(grep -c '^X$' exit.out); [ "$n" = 1 ] && ok "one EXIT record" || bad "one EXIT record ($n)"
check "end probe after exit()" exit.out '^end: '
checknot "no error probe after exit()" exit.out 'error probe ran'
check "control after exit()" ctl4 '^state=stopped errors=0 skipped=0 exit=1$'

# --- 4: lock contention past MAXSKIPPED
insmod core_test.ko mode=4 || bad "insmod mode=4"
echo start >${D}core_test/control
./sysloop getpid 200000 >/dev/null & a=$!
./sysloop getpid 200000 >/dev/null & b=$!
./stpread -w 30 ${D}core_test >skip.out || bad "EXIT after skips"
kill $a $b 2>/dev/null; wait
echo stop >${D}core_test/control
./stpread ${D}core_test >>skip.out
rmmod core_test || bad "rmmod mode=4"
cat skip.out
check "MAXSKIPPED error" skip.out '^E ERROR: Skipped too many probes, check MAXSKIPPED or try again with stap -t for more details.$'
check "error probe after skips" skip.out '^error probe ran$'
check "summary with skips" skip.out '^W WARNING: Number of errors: 0, skipped probes: 1[0-9][0-9]'

# --- 5: a non-optional site that cannot be registered
insmod core_fail.ko || bad "insmod core_fail"
if echo start >${D}core_fail/control 2>fail.err; then bad "start must fail"; else ok "start fails"; fi
cat fail.err
check "start errno" fail.err 'No such file or directory'
cat ${D}core_fail/control >ctl5
./stpread ${D}core_fail >fail.out
cat fail.out ctl5
check "registration ERROR" fail.out '^E ERROR: probe kernel.function\("stapc_missing"\) registration error \(rc -2: symbol not found\)$'
check "state after failed start" ctl5 '^state=stopped'
n=$(grep -c core_fail /sys/kernel/debug/kprobes/list); [ "$n" = 0 ] && ok "no kprobes held" || bad "kprobes held ($n)"
rmmod core_fail || bad "rmmod core_fail"

# --- 6: unload while running (staprun killed), with output unread
insmod core_test.ko || bad "insmod (6)"
echo start >${D}core_test/control
./sysloop getpid 2000 >/dev/null
rmmod core_test && ok "rmmod while running" || bad "rmmod while running"
[ -d ${D}core_test ] && bad "dir left" || ok "dir removed"

# --- 7: load/start/stop/unload under load on both CPUs
if [ "$LOOPS" -gt 0 ]; then
./sysloop getpid 100000000 >/dev/null & a=$!
./sysloop read 100000000 >/dev/null & b=$!
i=0; lf=0
while [ $i -lt $LOOPS ]; do
	insmod core_test.ko || lf=$((lf + 1))
	echo start >${D}core_test/control || lf=$((lf + 1))
	[ $((i % 2)) = 0 ] && sleep 0.2
	echo stop >${D}core_test/control || lf=$((lf + 1))
	./stpread ${D}core_test >loop.out || lf=$((lf + 1))
	# end probes, or the error probes when lock timeouts (a vCPU
	# descheduled by the host while holding a lock) passed MAXSKIPPED
	grep -Eq '^end: |^error probe ran$' loop.out || { lf=$((lf + 1)); cat loop.out; }
	rmmod core_test || lf=$((lf + 1))
	i=$((i + 1))
done
kill $a $b; wait
[ $lf = 0 ] && ok "$LOOPS load/unload cycles under load" || bad "load/unload cycles ($lf failures)"
else
	echo "SKIP: load/unload cycles (no stapc_loops=N on the kernel command line)"
fi

# --- 8: overhead figures (no checks): bare kprobe vs the core's wrapper
./sysloop getpid 20000 | sed 's/^/none:  /'
insmod kp.ko sym=__x64_sys_getpid window_ms=0
./sysloop getpid 20000 | sed 's/^/bare:  /'
rmmod kp
insmod core_bench.ko
echo start >${D}core_bench/control
./sysloop getpid 20000 | sed 's/^/stapc: /'
echo stop >${D}core_bench/control
./stpread ${D}core_bench
rmmod core_bench
./sysloop getpid 20000 | sed 's/^/none:  /'

# every module's directory went with it
ls -d /sys/kernel/debug/stapc* >left 2>/dev/null
[ -s left ] && { bad "debugfs directories left"; cat left; } || ok "no debugfs directory left"

echo "core: $pass passed, $fail failed"
[ $fail = 0 ]
