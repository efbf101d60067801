# SPDX-License-Identifier: GPL-2.0-or-later
# testsuite/process/marked.sh - sourced by the process tests after they
# set $top, their private directory: the processes a test started are
# those whose command line names $top, and none may outlive the test;
# and how a case reports its verdict.

# pids of the processes whose command line names $top (grep's own names
# only /dev/fd/N)
marked() {
	grep -lasF -f <(printf '%s/\n' "$top") /proc/[0-9]*/cmdline 2>/dev/null |
		sed -n 's|^/proc/\([0-9]*\)/cmdline$|\1|p'
}

# waits (at most $1 s) until no marked process is left
none_left() {
	local i
	for i in $(seq $(($1 * 10))); do
		[ -z "$(marked)" ] && return 0
		sleep 0.1
	done
	return 1
}

# verdict NAME MSG: PASS, or FAIL with MSG (what went wrong) and the
# start of the run's stderr ($top/err)
verdict() {
	if [ -z "$2" ]; then
		echo "PASS: process/$1"
	else
		echo "FAIL: process/$1: $2"
		sed 's/^/    /' "$top/err" | head -5
	fi
}

# at exit: whatever a failed case left is killed, and $top goes
cleanup() {
	local p
	for p in $(marked); do kill -9 "$p" 2>/dev/null; done
	rm -rf "$top"
}
trap cleanup EXIT
