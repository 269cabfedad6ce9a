#!/usr/bin/env bash
# Side-by-side speed of Takt and its SimPy peer on Plants/bench/serial-50.yaml.
#
#   Benchmarks/peers/compare.sh            # 3 runs each, best wall time kept
#   RUNS=5 Benchmarks/peers/compare.sh
#
# Environment: RUNS (default 3), PYTHON (default python3), TAKT (default
# .build/release/takt), DAYS (default 30,
# must match run.duration in the plant file), SEED (default 1, likewise).
#
# Wall times in the table are whole-process times for BOTH programs (process
# start to exit: takt includes start-up and YAML parsing, SimPy includes the
# interpreter start-up and `import simpy`), best (minimum) of RUNS runs. The
# "in-run" column is what each program reports about its own run loop (takt's
# "wall_seconds"; the SimPy script times env.run() only), for reference.
#
# Events are each engine's own count and are NOT like for like: SimPy
# processes several events per job move (store get/put, timeouts, process
# resumptions) where Takt has one per arrival/service end/failure/repair. The
# wall-time speedup on the same simulated model is the fair comparison; the
# events/s ratio is reported because it was asked for.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

RUNS="${RUNS:-3}"
PYTHON="${PYTHON:-python3}"
DAYS="${DAYS:-30}"
SEED="${SEED:-1}"
plant="Plants/bench/serial-50.yaml"
peer="$here/serial50_simpy.py"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== building takt (release)" >&2
swift build -c release --product takt >&2
takt="${TAKT:-$root/.build/release/takt}"   # TAKT=PATH compares another build

if ! "$PYTHON" -c 'import sys, simpy; sys.exit(0 if simpy.__version__ == "4.1.2" else 1)' 2>/dev/null; then
    echo "== installing simpy 4.1.2" >&2
    "$PYTHON" -m pip install --quiet simpy==4.1.2 >&2
fi

now() { date +%s.%N; }

# best_of NAME CMD...: runs CMD $RUNS times, stdout to $tmp/NAME.json for the
# fastest run, its whole-process wall time to $tmp/NAME.wall.
best_of() {
    local name="$1"; shift
    local best="" i t0 t1 wall
    for ((i = 1; i <= RUNS; i++)); do
        t0="$(now)"
        "$@" >"$tmp/$name.out"
        t1="$(now)"
        wall="$("$PYTHON" -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.6f}")' "$t0" "$t1")"
        echo "   $name run $i: ${wall} s" >&2
        if [[ -z "$best" ]] || "$PYTHON" -c 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$wall" "$best"; then
            best="$wall"
            mv "$tmp/$name.out" "$tmp/$name.json"
        fi
    done
    echo "$best" >"$tmp/$name.wall"
}

echo "== takt: $RUNS runs" >&2
best_of takt "$takt" run "$plant" --json --no-db
echo "== simpy: $RUNS runs" >&2
best_of simpy "$PYTHON" "$peer" --days "$DAYS" --seed "$SEED"

"$PYTHON" - "$tmp" <<'EOF'
import json, sys, os
tmp = sys.argv[1]
rows = []
for name in ("takt", "simpy"):
    with open(os.path.join(tmp, name + ".json")) as f:
        d = json.load(f)  # takt prints pretty JSON, the peer one line
    with open(os.path.join(tmp, name + ".wall")) as f:
        wall = float(f.read())
    jobs = d["jobs_completed"]
    jobs = jobs["mean"] if isinstance(jobs, dict) else jobs
    events = int(d["events"])
    rows.append((name, int(round(jobs)), d["throughput_per_hour"], events, wall, events / wall, float(d["wall_seconds"])))

print(f"{'model':<7} {'jobs':>7} {'jobs/h':>7} {'events':>10} {'wall s':>8} {'events/s':>11} {'in-run s':>9}")
for name, jobs, tph, events, wall, eps, inrun in rows:
    print(f"{name:<7} {jobs:>7d} {tph:>7.2f} {events:>10d} {wall:>8.3f} {eps:>11,.0f} {inrun:>9.3f}")
(_, _, _, _, tw, teps, tin), (_, _, _, _, sw, seps, sin) = rows
print()
print(f"events/s ratio (takt/simpy):             {teps / seps:.2f}x   (event counts differ in kind, see header)")
print(f"wall-time speedup (simpy wall/takt wall): {sw / tw:.2f}x   (whole process, same simulated model)")
print(f"in-run speedup (simpy run/takt run):      {sin / tin:.2f}x" if tin > 0 else "in-run speedup: n/a")
EOF
