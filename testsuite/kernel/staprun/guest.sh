# guest.sh - staprun tests run inside one VM boot (by ./run through
# testsuite/vm/run-vm).  Prints "PASS name" / "FAIL name: why" lines;
# the exit status is the number of failures.
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
loaded() { [ -d /sys/module/stapc_fake ]; }

# records of 2 CPUs in timestamp order, exit() ends the session
./staprun stapc_fake.ko ticks=30 lines=3 >o1 2>e1
rc=$?
n=$(grep -c '^tick' o1)
cpus=$(sed -n 's/^tick cpu=\([0-9]*\).*/\1/p' o1 | sort -u | wc -l)
if [ $rc = 0 ] && [ "$n" -ge 90 ] && [ "$cpus" = 2 ] &&
   sed -n 's/.* t=//p' o1 | awk 'NR > 1 && $1 < p { bad = 1 } { p = $1 } END { exit bad }' &&
   head -1 o1 | grep -q '^begin' && tail -1 o1 | grep -q "^end: $n records" && ! loaded; then
	pass "order: $n records from $cpus CPUs in ts order"
else
	fail order "rc=$rc n=$n cpus=$cpus $(head -c 300 e1)"
fi

# -o FILE, and the module's WARNING on stderr; -w drops it
./staprun -o f1 stapc_fake.ko ticks=3 warn=1 >o2 2>e2
rc=$?
if [ $rc = 0 ] && [ ! -s o2 ] && grep -q '^end:' f1 && grep -q 'WARNING: fake warning' e2; then
	pass "-o FILE"
else
	fail "-o" "rc=$rc $(cat e2)"
fi
./staprun -w stapc_fake.ko ticks=3 warn=1 >/dev/null 2>e3
grep -q WARNING e3 && fail "-w" "$(cat e3)" || pass "-w"

# start fails: the module's ERROR first, status 1, no -o file, unloaded
./staprun -o f4 stapc_fake.ko fail_start=1 >o4 2>e4
rc=$?
if [ $rc = 1 ] && [ ! -e f4 ] && head -1 e4 | grep -q '^ERROR: fake: probe point not found' && ! loaded; then
	pass "start failure"
else
	fail "start failure" "rc=$rc $(cat e4)"
fi

# already loaded
insmod stapc_fake.ko
./staprun stapc_fake.ko 2>e5
rc=$?
rmmod stapc_fake
if [ $rc = 1 ] && grep -q 'already loaded.*rmmod stapc_fake' e5; then
	pass "module exists: $(cat e5)"
else
	fail "module exists" "rc=$rc $(cat e5)"
fi

# missing file, wrong kernel
./staprun nothere.ko 2>e6; rc=$?
[ $rc = 1 ] && grep -q 'cannot open module nothere.ko' e6 && pass "missing module" || fail "missing module" "$(cat e6)"
if [ -e other/stapc_fake.ko ]; then
	./staprun other/stapc_fake.ko 2>e7; rc=$?
	[ $rc = 1 ] && grep -q "module built for .*, running $(uname -r)" e7 &&
		pass "vermagic: $(cat e7)" || fail vermagic "rc=$rc $(cat e7)"
fi

# -c CMD: target() is the command's pid, the session ends with it
./staprun -c 'echo cmd-ran; sleep 0.2' stapc_fake.ko >o8 2>e8
rc=$?
if [ $rc = 0 ] && grep -q '^cmd-ran' o8 && grep -q '^begin target=[1-9]' o8 && grep -q '^end:' o8; then
	pass "-c CMD"
else
	fail "-c" "rc=$rc $(cat o8 e8 | head -5)"
fi

# SIGINT: end output still comes; a second SIGINT while stopping is harmless
./staprun stapc_fake.ko >o9 2>e9 &
p=$!
sleep 1
kill -INT $p; kill -INT $p
wait $p; rc=$?
if [ $rc = 0 ] && grep -q '^end:' o9 && ! loaded; then
	pass "SIGINT"
else
	fail SIGINT "rc=$rc $(cat e9)"
fi

# kill -9 of staprun: the watchdog stops and removes the module
./staprun stapc_fake.ko >o10 2>e10 &
p=$!
sleep 1
loaded || fail "kill -9" "not loaded before the kill"
kill -9 $p
for i in 1 2 3 4 5 6 7 8 9 10; do loaded || break; sleep 0.3; done
if ! loaded && grep -q 'watchdog.*removing' e10; then
	pass "kill -9: module removed by the watchdog"
else
	fail "kill -9" "$(lsmod | grep stapc) $(cat e10)"
fi

# drops are counted and reported
./staprun stapc_fake.ko ticks=3 lines=3000 >/dev/null 2>e11
grep -q 'WARNING: There were [0-9]* transport failures' e11 &&
	pass "drops: $(head -1 e11)" || fail drops "$(cat e11)"
echo "guest: $fails failed"
exit $fails
