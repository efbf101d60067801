#!/bin/sh
# Time the kbuild of hello.ko alone (the floor for stapc's pass 4):
# N runs (default 3), each after a `make clean`; prints each time, min, median.
# usage: bench.sh [KVER] [RUNS]
set -eu
KVER=${1:-$(sh "$(dirname "$0")/../../scripts/kver")}
RUNS=${2:-3}
KB=/lib/modules/$KVER/build
cd "$(dirname "$0")"
[ -d "$KB" ] || { echo "bench.sh: no headers at $KB" >&2; exit 2; }
times=
i=0
while [ "$i" -lt "$RUNS" ]; do
	make -s -C "$KB" M="$PWD" clean >/dev/null
	t0=$(date +%s.%N)
	make -s -C "$KB" M="$PWD" MODULES=hello modules >/dev/null 2>&1
	t1=$(date +%s.%N)
	t=$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")
	echo "run $((i + 1)): ${t}s"
	times="$times $t"
	i=$((i + 1))
done
make -s -C "$KB" M="$PWD" clean >/dev/null
echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '
	{ v[NR] = $1 }
	END { printf "min %.2fs median %.2fs (%d runs)\n", v[1], v[int((NR + 1) / 2)], NR }'
