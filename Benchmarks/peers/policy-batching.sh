#!/usr/bin/env bash
# What a decision served by a policy process costs, one process per
# replication against one process answering batches (batch: N), on the
# external-policy example (a paint booth's pick decisions, 32 replications).
#
#   Benchmarks/peers/policy-batching.sh             # 32 replications × 10 days
#   REPLICATIONS=16 BATCH=16 Benchmarks/peers/policy-batching.sh
#
# For each policy -- the example's Python rule (same_colour.py: JSON and a
# loop, about 10 µs a call) and a model with a fixed cost per call
# (fixed_cost_policy.py, COST_US, default 500 µs: a large network's forward
# pass, whatever the rows) -- it prints the run's wall time and the cost per
# decision: (wall time - the built-in rule's wall time) ÷ decisions, i.e.
# what the process adds, all cores counted as the run uses them.
# Environment: TAKT (default .build/release/takt), REPLICATIONS (32), BATCH
# (32), COST_US (500), DURATION (10d; the fixed-cost runs use a fifth of it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
takt="${TAKT:-$root/.build/release/takt}"
REPLICATIONS="${REPLICATIONS:-32}"
BATCH="${BATCH:-32}"
COST_US="${COST_US:-500}"
DURATION="${DURATION:-10d}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

example="Plants/examples/external-policy.yaml"
policy="$root/Plants/examples/policies/same_colour.py"
costly="$here/fixed_cost_policy.py"

# plant NAME POLICY: the example with its pick served as POLICY (a YAML value).
plant() { sed "s#pick: {policy: {command: \[python3, policies/same_colour.py\]}}#pick: $2#" "$example" >"$tmp/$1.yaml"; }
plant rule "batch"
plant python "{policy: {command: [python3, $policy]}}"
plant python-batched "{policy: {command: [python3, $policy], batch: $BATCH}}"
plant fixed "{policy: {command: [python3, $costly, '$COST_US']}}"
plant fixed-batched "{policy: {command: [python3, $costly, '$COST_US'], batch: $BATCH}}"

# run NAME DURATION: wall seconds and decisions, into $tmp/NAME.txt
run() {
    local t0 t1
    t0="$(date +%s.%N)"
    "$takt" run "$tmp/$1.yaml" --no-db --json --replications "$REPLICATIONS" --duration "$2" >"$tmp/$1.json"
    t1="$(date +%s.%N)"
    python3 - "$tmp/$1.json" "$t0" "$t1" >"$tmp/$1.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sites = d.get("decisions") or []
decisions = sum(s["decisions"] for s in sites) * d["replications"]
print(float(sys.argv[3]) - float(sys.argv[2]), decisions)
PY
}

short="$(python3 -c "import re,sys; m=re.fullmatch(r'(\d+)d','$DURATION'); print(f'{int(m.group(1))*24//5}h' if m else sys.exit('DURATION must be whole days'))")"
echo "== $REPLICATIONS replications, batch $BATCH, $(nproc) cores" >&2
for name in rule python python-batched; do echo "   $name ($DURATION)" >&2; run "$name" "$DURATION"; done
mv "$tmp/rule.txt" "$tmp/rule-long.txt"
for name in rule fixed fixed-batched; do echo "   $name ($short)" >&2; run "$name" "$short"; done

python3 - "$tmp" "$BATCH" "$COST_US" <<'PY'
import sys, os
tmp, batch, cost = sys.argv[1], sys.argv[2], sys.argv[3]
def read(name):
    wall, decisions = open(os.path.join(tmp, name + ".txt")).read().split()
    return float(wall), float(decisions)
rows = [("same_colour.py, one process per replication", "python", "rule-long"),
        (f"same_colour.py, batch {batch}", "python-batched", "rule-long"),
        (f"fixed {cost} µs a call, one process per replication", "fixed", "rule"),
        (f"fixed {cost} µs a call, batch {batch}", "fixed-batched", "rule")]
print(f"{'policy':<48} {'decisions':>10} {'wall s':>8} {'µs per decision':>16}")
for label, name, base in rows:
    wall, decisions = read(name)
    rule_wall, _ = read(base)
    print(f"{label:<48} {decisions:>10.0f} {wall:>8.2f} {(wall - rule_wall) / decisions * 1e6:>16.1f}")
PY
