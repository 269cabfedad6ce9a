#!/usr/bin/env bash
# Allocations per event of two takt binaries side by side: each runs the
# serial-50 benchmark plant and the default plant for 2 and 4 days (1-day
# warm-up, one replication, one thread) under a malloc counter
# (Benchmarks/refactor/count-mallocs.c, LD_PRELOAD); the difference in mallocs over the
# difference in events is the allocations per event of the run loop, apart
# from start-up. A refactor must leave it unchanged.
#
#   Benchmarks/refactor/allocations-per-event.sh OLD_TAKT NEW_TAKT
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -ne 2 ]; then echo "usage: $0 OLD_TAKT NEW_TAKT" >&2; exit 2; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cc -O2 -shared -fPIC Benchmarks/refactor/count-mallocs.c -o "$work/count.so" -ldl
measure() {  # binary plant days → "events mallocs"
    LD_PRELOAD="$work/count.so" "$1" run "$2" --no-db --json --replications 1 --threads 1 --duration "$3" --warmup 1d \
        2> "$work/err" > "$work/out.json"
    echo "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"])' "$work/out.json") $(awk '/^mallocs/ {print $2}' "$work/err")"
}
for plant in Plants/bench/serial-50.yaml Plants/xiaomi-ev.yaml; do
    for side in old new; do
        binary="$1"; [ "$side" = new ] && binary="$2"
        read -r e2 m2 <<< "$(measure "$binary" "$plant" 2d)"
        read -r e4 m4 <<< "$(measure "$binary" "$plant" 4d)"
        python3 -c "import sys; e2,m2,e4,m4=map(int,sys.argv[1:5]); print(f'{sys.argv[5]:<30} {sys.argv[6]}: {(m4-m2)/(e4-e2):.5f} allocations per event ({m4-m2} over {e4-e2} events), {m2} at 2 days')" \
            "$e2" "$m2" "$e4" "$m4" "$plant" "$side"
    done
done
