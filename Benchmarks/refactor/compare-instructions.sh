#!/usr/bin/env bash
# Instructions of two takt binaries per simulated time, counted by callgrind:
# a count, not a time, so it holds on a noisy machine where wall-clock ratios
# (compare-speed.sh) swing by 10%. For each plant it runs one replication of
# a short and a long run under each binary and takes the difference, so
# start-up (loading, linking) cancels and what remains is the event loop.
#
#   Benchmarks/refactor/compare-instructions.sh OLD_TAKT NEW_TAKT
#
# Needs valgrind (apt-get install valgrind). Counts vary by about 0.5% from
# run to run (Swift seeds its hashing per process). The binaries are stripped
# first (callgrind cannot read Swift's debug information). About a minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -ne 2 ]; then echo "usage: $0 OLD_TAKT NEW_TAKT" >&2; exit 2; fi
command -v valgrind > /dev/null || { echo "needs valgrind: apt-get install valgrind" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
strip -o "$work/old" "$1"
strip -o "$work/new" "$2"
count() {  # binary plant duration -> instructions
    valgrind --tool=callgrind --callgrind-out-file="$work/out" "$work/$1" run "$2" --no-db --threads 1 --replications 1 \
        --duration "$3" --warmup 1h > /dev/null 2> "$work/err"
    grep -E 'Collected' "$work/err" | awk '{print $NF}'
}
for spec in "Plants/bench/serial-50.yaml 1d 4d" "Plants/xiaomi-ev.yaml 1d 2d"; do
    read -r plant short long <<< "$spec"
    old=$(( $(count old "$plant" "$long") - $(count old "$plant" "$short") ))
    new=$(( $(count new "$plant" "$long") - $(count new "$plant" "$short") ))
    python3 -c "print(f'$plant: old {$old / 1e6:.1f} M, new {$new / 1e6:.1f} M instructions for $long minus $short, new/old {$new / $old:.4f}')"
done
