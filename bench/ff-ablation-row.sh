#!/bin/bash
# One row of bench/ff-ablation.ts, measured: `bench/ff-ablation-row.sh DIR NAME FLAGS...` runs
# `neurostream ff FLAGS --name NAME --models DIR --checkpoints DIR` at nice 10 and appends
# "pid NAME wall-s cpu-s load-at-start load-at-end rc=N" (loads as 1/5/15-minute averages) to DIR/cpu.txt,
# which `npx tsx bench/ff-ablation.ts collect --dir DIR` reads. Needs `npm run build` (dist/).
set -u
dir=$1; name=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/'; }
l0=$(load)
s=$(date +%s)
/usr/bin/time -f "%U %S" -o "$dir/time-$name.txt" nice -n 10 node "$root/dist/cli/main.js" ff "$@" --name "$name" --models "$dir" --checkpoints "$dir"
rc=$?
cpu=$(awk 'END { printf "%.0f", $1 + $2 }' "$dir/time-$name.txt")
echo "$$ $name $(( $(date +%s) - s )) $cpu $l0 $(load) rc=$rc" >> "$dir/cpu.txt"
exit $rc
