#!/usr/bin/env bash
# The run store under load: one `takt run` of N short replications (default
# 10,000 M/M/1 replications of one day, after a one-hour warm-up; DURATION
# sets another length, PLANT another plant) into a new store, and the same with
# --no-db, alternating REPEATS times; prints replications per second with
# and without the store, their ratio (the store must not be the bottleneck:
# at least 0.95), inserts per second (rows of every table) and the store's
# size per replication.
#
#   tools/store-load.sh TAKT [REPLICATIONS] [REPEATS] [DURATION]
#   PLANT=Plants/xiaomi-ev.yaml tools/store-load.sh TAKT 200 3
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then echo "usage: $0 TAKT [REPLICATIONS] [REPEATS] [DURATION]" >&2; exit 2; fi
takt="$1"; n="${2:-10000}"; repeats="${3:-3}"; duration="${4:-1d}"; plant="${PLANT:-Plants/validation/mm1.yaml}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() {  # prints the wall seconds of one run
    local start end
    start=$(date +%s.%N)
    "$takt" run "$plant" --replications "$n" --duration "$duration" --warmup 1h "$@" > /dev/null
    end=$(date +%s.%N)
    python3 -c "print($end - $start)"
}
with=(); without=()
for i in $(seq "$repeats"); do
    rm -f "$work/load.sqlite"*
    with+=("$(run --db "$work/load.sqlite")")
    without+=("$(run --no-db)")
done
rows=$(python3 - "$work/load.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")]
print(sum(db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables))
PY
)
size=$(stat -c %s "$work/load.sqlite")
python3 - "$n" "$rows" "$size" "${with[*]}" "${without[*]}" "$duration" "$plant" <<'PY'
import statistics, sys
n, rows, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
w = statistics.median(map(float, sys.argv[4].split()))
wo = statistics.median(map(float, sys.argv[5].split()))
print(f"{n} replications of {sys.argv[6]} of {sys.argv[7]}: {n / w:,.0f}/s with the store, {n / wo:,.0f}/s with --no-db, ratio {wo / w:.3f} (median of {len(sys.argv[4].split())} runs each)")
print(f"{rows:,} rows in all ({rows / n:.0f} per replication), {rows / w:,.0f} inserts/s; store {size / 1e6:.1f} MB, {size / n / 1024:.1f} KiB per replication")
PY
