#!/usr/bin/env bash
# Side-by-side speed of Takt and its peers on Plants/bench/serial-50.yaml:
# SimPy 4.1.2 (serial50_simpy.py) and, on request, the compiled C library
# Cimba (serial50_cimba.c, built by build-cimba.sh): "cimba" on its event
# layer, "cimba-processes" on its processes (coroutines), as SimPy's is written.
#
#   Benchmarks/peers/compare.sh                          # SimPy, 3 runs each, best wall time kept
#   RUNS=7 PEERS="simpy cimba cimba-processes" Benchmarks/peers/compare.sh
#
# Environment: RUNS (default 3), PEERS (default simpy; any of simpy cimba
# cimba-processes),
# PYTHON (default python3), TAKT (default .build/release/takt), DAYS (default
# 30, must match run.duration in the plant file), SEED (default 1, likewise);
# build-cimba.sh's CIMBA_SRC / CIMBA_REF / CC for Cimba.
#
# Wall times in the table are whole-process times for every program (process
# start to exit: takt includes start-up and YAML parsing, SimPy includes the
# interpreter start-up and `import simpy`), best (minimum) of RUNS runs, the
# programs taking turns run by run so a slow spell of the machine hits all. The
# "in-run" column is what each program reports about its own run loop (takt's
# "wall_seconds"; the SimPy script times env.run(), the Cimba model
# cmb_event_queue_execute()), for reference.
#
# Events are each engine's own count and are NOT like for like: SimPy
# processes several events per job move (store get/put, timeouts, process
# resumptions) where Takt has one per arrival/service end/failure/repair, as
# the Cimba model does. The wall-time speedup on the same simulated model is
# the fair comparison; the events/s ratio is reported because it was asked for.
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

PEERS="${PEERS:-simpy}"
case " $PEERS " in *" cimba"*) cimba="$("$here/build-cimba.sh")" ;; esac
declare -A command
command[takt]="$takt run $plant --json --no-db"
for name in $PEERS; do
    case "$name" in
        simpy) command[simpy]="$PYTHON $peer --days $DAYS --seed $SEED" ;;
        cimba) command[cimba]="$cimba --style events --days $DAYS --seed $SEED" ;;
        cimba-processes) command[cimba-processes]="$cimba --style processes --days $DAYS --seed $SEED" ;;
        *) echo "compare.sh: unknown peer '$name' (simpy, cimba, cimba-processes)" >&2; exit 2 ;;
    esac
done

# Runs take turns (takt, then each peer, RUNS times) and each keeps its best.
declare -A best
for ((run = 1; run <= RUNS; run++)); do
    for name in takt $PEERS; do
        t0="$(now)"
        ${command[$name]} >"$tmp/$name.out"
        t1="$(now)"
        wall="$("$PYTHON" -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.6f}")' "$t0" "$t1")"
        echo "   $name run $run: ${wall} s" >&2
        if [[ -z "${best[$name]:-}" ]] || "$PYTHON" -c 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$wall" "${best[$name]}"; then
            best[$name]="$wall"
            mv "$tmp/$name.out" "$tmp/$name.json"
            echo "$wall" >"$tmp/$name.wall"
        fi
    done
done

"$PYTHON" - "$tmp" takt $PEERS <<'EOF'
import json, sys, os
tmp = sys.argv[1]
rows = []
for name in sys.argv[2:]:
    with open(os.path.join(tmp, name + ".json")) as f:
        d = json.load(f)  # takt prints pretty JSON, the peer one line
    with open(os.path.join(tmp, name + ".wall")) as f:
        wall = float(f.read())
    jobs = d["jobs_completed"]
    jobs = jobs["mean"] if isinstance(jobs, dict) else jobs
    events = int(d["events"])
    rows.append((name, int(round(jobs)), d["throughput_per_hour"], events, wall, events / wall, float(d["wall_seconds"])))

print(f"{'model':<15} {'jobs':>7} {'jobs/h':>7} {'events':>10} {'wall s':>8} {'events/s':>11} {'in-run s':>9}")
for name, jobs, tph, events, wall, eps, inrun in rows:
    print(f"{name:<15} {jobs:>7d} {tph:>7.2f} {events:>10d} {wall:>8.3f} {eps:>11,.0f} {inrun:>9.3f}")
(_, _, _, _, tw, teps, tin) = rows[0]
for (peer, _, _, _, sw, seps, sin) in rows[1:]:
    print()
    print(f"{'events/s ratio (takt/' + peer + '):':<51}{teps / seps:.2f}x   (event counts differ in kind, see header)")
    print(f"{'wall-time speedup (' + peer + ' wall/takt wall):':<51}{sw / tw:.2f}x   (whole process, same simulated model)")
    print(f"{'in-run speedup (' + peer + ' run/takt run):':<51}" + (f"{sin / tin:.2f}x" if tin > 0 else "n/a"))
EOF
