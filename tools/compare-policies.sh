#!/usr/bin/env bash
# Compares the rules and policies at one of the default plant's decision
# sites with common random numbers: every variant runs replications 0..N-1 of
# the same seed, so replication r of each sees the same random streams, and
# the differences against the baseline rule are paired. Prints each variant's
# means and its paired differences from the baseline with 95% intervals
# (Bonferroni-adjusted over the variants compared).
#   tools/compare-policies.sh pick [REPLICATIONS]      paint-basecoat's bank; baseline batch (20: about 1 min)
#   tools/compare-policies.sh release [REPLICATIONS]   order-release; baseline fifo (the oracle is left out: ~50 s a replication)
#   tools/compare-policies.sh dispatch [REPLICATIONS]    the amr-dispatch example's fleet; baseline lowest_stock
#   tools/compare-policies.sh rework [REPLICATIONS]      the rework-routing example's inspection; baseline shortest_queue
#   tools/compare-policies.sh maintenance [REPLICATIONS]   the predictive-maintenance example's framing cell; baseline health_below 0.5 (the best threshold)
set -euo pipefail
cd "$(dirname "$0")/.."
point="${1:-pick}"
n="${2:-20}"
swift build -c release --product takt >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$point" in
  pick)
    variants=("batch" "fifo" "oracle" "{policy: policies/pick-fp32.json}" "{policy: policies/pick-int8.json}")
    names=("batch" "fifo" "oracle" "fp32" "int8")
    edit() { sed "s|    pick: batch              # colour batching: same colour first|    pick: $1|" Plants/xiaomi-ev.yaml; } ;;
  release)
    variants=("fifo" "colour" "spread" "{policy: policies/release-fp32.json}" "{policy: policies/release-int8.json}")
    names=("fifo" "colour" "spread" "fp32" "int8")
    edit() { sed "s|    order_bank: 60           # E: about 1.5 h of orders ahead, released first in, first out|    order_bank: 60\n    release_rule: $1|" Plants/xiaomi-ev.yaml; } ;;
  maintenance)
    variants=("{health_below: 0.5}" "run_to_failure" "{fixed_interval: 40h}" "{health_below: 0.15}" "{health_below: 0.25}" "oracle" "{policy: ../policies/maintenance-fp32.json}" "{policy: ../policies/maintenance-int8.json}")
    names=("health50" "run" "fixed40h" "health15" "health25" "oracle" "fp32" "int8")
    edit() { sed "s|        rule: oracle|        rule: $1|" Plants/examples/predictive-maintenance.yaml; } ;;
  dispatch)
    variants=("lowest_stock" "fifo" "oracle" "{policy: ../policies/dispatch-fp32.json}" "{policy: ../policies/dispatch-int8.json}")
    names=("lowest" "fifo" "oracle" "fp32" "int8")
    edit() { sed "s|    requests: lowest_stock|    requests: $1|" Plants/examples/amr-dispatch.yaml; } ;;
  rework)
    variants=("shortest_queue" "first" "oracle" "{policy: ../policies/rework-fp32.json}" "{policy: ../policies/rework-int8.json}")
    names=("shortest" "first" "oracle" "fp32" "int8")
    edit() { sed "s|rework_rule: oracle|rework_rule: $1|" Plants/examples/rework-routing.yaml; } ;;
  *) echo "usage: $0 pick|release|dispatch|rework|maintenance [REPLICATIONS]" >&2; exit 2 ;;
esac
for i in "${!variants[@]}"; do
  plant="Plants/.compare-${names[$i]}.yaml"
  case "$point" in maintenance|dispatch|rework) plant="Plants/examples/.compare-${names[$i]}.yaml" ;; esac
  edit "${variants[$i]}" > "$plant"
  .build/release/takt run "$plant" --replications "$n" --db "$work/runs.sqlite" >/dev/null || { rm -f "$plant"; exit 1; }
  rm -f "$plant"
done
python3 - "$work/runs.sqlite" "$n" "$point" "${names[@]}" <<'PY'
import math, sqlite3, statistics, sys
db, n = sqlite3.connect(sys.argv[1]), int(sys.argv[2])
point, names = sys.argv[3], sys.argv[4:]
def path(v): return f"Plants/.compare-{v}.yaml" if point in ("pick", "release") else f"Plants/examples/.compare-{v}.yaml"
def metric(v, name):
    return [x for (x,) in db.execute("select m.value from runs r join run_metrics m on m.run_id = r.id "
                                     "where r.plant_path = ? and m.name = ? order by r.replication", (path(v), name))]
def changeovers(v):
    return [float(x) for (x,) in db.execute("select s.changeovers from runs r join station_stats s on s.run_id = r.id "
                                            "where r.plant_path = ? and s.station = 'paint-basecoat' order by r.replication", (path(v),))]
def robot_sum(column):
    return lambda v: [float(x) for (x,) in db.execute(f"select sum(b.{column}) from runs r join robot_stats b on b.run_id = r.id "
                                                      "where r.plant_path = ? group by r.id order by r.replication", (path(v),))]
def t_quantile(p, df):
    # Student t quantile by bisection on the regularized incomplete beta (enough for a report).
    def cdf(t):
        x = df / (df + t * t)
        # continued fraction for I_x(df/2, 1/2)
        a, b = df / 2, 0.5
        lbeta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
        front = math.exp(math.log(x) * a + math.log(1 - x) * b - lbeta) / a
        f, c, d = 1.0, 1.0, 0.0
        for i in range(200):
            m = i // 2
            if i == 0: num = 1.0
            elif i % 2 == 0: num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            else: num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d; d = 1 / d if abs(d) > 1e-30 else 1e30
            c = 1 + num / c if abs(c) > 1e-30 else 1e30
            f *= c * d
        ib = front * (f - 1)
        return 1 - ib / 2 if t > 0 else ib / 2
    lo, hi = 0.0, 100.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if cdf(mid) < p else (lo, mid)
    return (lo + hi) / 2
comparisons = len(names) - 1
t = t_quantile(1 - 0.05 / (2 * comparisons), n - 1)
figures = [("throughput_per_operating_hour", "jobs per shift hour", lambda v: metric(v, "throughput_per_operating_hour")),
           ("lead_time_mean", "mean lead time, h", lambda v: [x / 3600 for x in metric(v, "lead_time_mean")]),
           ("changeovers", "paint-basecoat changeovers", changeovers)]
if point == "maintenance":
    figures[2] = ("failures", "robot failures at framing", robot_sum("failures"))
    figures.append(("maintenances", "robot maintenances at framing", robot_sum("maintenances")))
if point == "dispatch":
    figures[2] = ("response", "request to delivery, min", lambda v: [x / 60 for (x,) in db.execute(
        "select f.mean_response_s from runs r join fleet_stats f on f.run_id = r.id where r.plant_path = ? order by r.replication", (path(v),))])
if point == "rework":
    figures.pop()
print(f"{n} replications per variant, common random numbers; paired differences from {names[0]}, "
      f"95% intervals Bonferroni-adjusted over {comparisons} comparisons (t = {t:.3f})")
for key, label, get in figures:
    base = get(names[0])
    print(f"\n{label}")
    for v in names:
        xs = get(v)
        line = f"  {v:8s} {statistics.mean(xs):10.3f}"
        if v != names[0]:
            d = [a - b for a, b in zip(xs, base)]
            hw = t * statistics.stdev(d) / math.sqrt(len(d))
            m = statistics.mean(d)
            line += f"   {m:+9.3f} ± {hw:7.3f}" + ("   significant" if abs(m) > hw else "")
        print(line)
PY
