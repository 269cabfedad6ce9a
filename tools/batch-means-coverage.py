#!/usr/bin/env python3
"""How often one long replication's batch-means intervals cover the true value.

Runs the M/M/1 validation plant (rho = 0.7) and the same queue at rho = 0.9
(a slower server: mean 54 s) as single replications of DURATION with
different seeds (`takt run --replications 1 --seed k --json --no-db`), and
counts, for each figure with a known steady-state value, how often its 95%
interval (mean ± `_hw95`) holds that value, and how often batch means gave
none (batches still correlated). A sound interval covers about 95% of the
time; the binomial standard error of the coverage over N runs is about
sqrt(0.95 · 0.05 / N) (1.5 points at N = 200).

    python3 tools/batch-means-coverage.py [RUNS [DURATION]]  (default 200, 100d; TAKT names the binary)
"""
import json, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

takt = os.environ.get("TAKT", ".build/release/takt")
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
duration = sys.argv[2] if len(sys.argv) > 2 else "100d"
plant = open("Plants/validation/mm1.yaml").read()
slow = os.path.join(tempfile.gettempdir(), f"takt-mm1-rho09-{os.getpid()}.yaml")
open(slow, "w").write(plant.replace("plant: mm1", "plant: mm1-rho09").replace("mean: 42s", "mean: 54s"))

def theory(service):
    lam, mu = 1 / 60, 1 / service
    rho = lam / mu
    w = 1 / (mu - lam)
    return {"throughput_per_hour": 60.0, "lead_time_mean": w, "work_in_process": lam * w,
            "server.mean_wait_s": w - service, "server.working": rho}

def run(path, seed):
    out = subprocess.run([takt, "run", path, "--replications", "1", "--seed", str(seed), "--duration", duration,
                          "--json", "--no-db"], capture_output=True, text=True, check=True)
    d = json.loads(out.stdout)
    server = d["stations"][0]
    flat = {"throughput_per_hour": (d["throughput_per_hour"], d.get("throughput_per_hour_hw95")),
            "lead_time_mean": (d["lead_time_s"]["mean"], d["lead_time_s"].get("mean_hw95")),
            "work_in_process": (d["work_in_process"], d.get("work_in_process_hw95")),
            "server.mean_wait_s": (server["mean_wait_s"], server.get("mean_wait_s_hw95")),
            "server.working": (server["working"], server.get("working_hw95"))}
    batches = {k: v["batches"] for k, v in d["batch_means"]["figures"].items()}
    return flat, batches

for name, path, service in [("M/M/1 rho=0.7", "Plants/validation/mm1.yaml", 42), ("M/M/1 rho=0.9", slow, 54)]:
    truth = theory(service)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda k: run(path, 1000 + k), range(runs)))
    print(f"{name}, {runs} single replications of {duration} (warm-up 1d):")
    print(f"  {'figure':22} {'true':>10} {'covered':>9} {'no interval':>12} {'mean hw':>10} {'batches':>8}")
    for figure, value in truth.items():
        pairs = [r[0][figure] for r in results]
        with_hw = [(m, hw) for m, hw in pairs if hw is not None]
        covered = sum(abs(m - value) <= hw for m, hw in with_hw)
        hws = [hw for _, hw in with_hw]
        key = {"lead_time_mean": "lead_time_mean"}.get(figure, figure)
        b = [r[1].get(key) for r in results if r[1].get(key) is not None]
        share = f"{100 * covered / len(with_hw):.1f}%" if with_hw else "-"
        print(f"  {figure:22} {value:10.4g} {share:>9} {runs - len(with_hw):>12} "
              f"{(sum(hws) / len(hws) if hws else 0):10.4g} {(sum(b) / len(b) if b else 0):8.1f}")
os.remove(slow)
