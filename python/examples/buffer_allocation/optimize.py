"""Buffer allocation: Optuna searches splits of a fixed number of buffer places,
then Kim and Nelson's procedure selects the best of the splits found, with a guarantee.

    pip install ./python optuna
    TAKT=.build/release/takt python3 python/examples/buffer_allocation/optimize.py --trials 40

1. Optuna's TPE sampler proposes splits of ``--places`` places over the four buffers
   of ``Plants/examples/buffer-line.yaml``; each split runs with ``takt.simulate`` at one seed, so all splits
   see the same random numbers (common random numbers) and differ by the split alone.
   The even split is the first trial, so the search never ends worse than it.
2. The search's best value is optimistic: the best of many noisy estimates is biased
   upward (the winner's curse). So the best few distinct splits become the variants of
   an experiment with ``select:``, run by ``takt compare`` on fresh random numbers (another
   seed): with probability at least 95% it selects the best split, or one within
   ``--indifference`` jobs per shift hour of the best.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import optuna

import takt
from takt.binary import find_takt

HERE = Path(__file__).resolve().parent
PLANT = HERE.parents[2] / "Plants" / "examples" / "buffer-line.yaml"
BUFFERS = ["form", "weld", "coat", "check"]
FIGURE = "throughput_per_operating_hour"


def split(weights, places):
    """Integer buffer sizes proportional to ``weights`` and adding up to ``places`` (largest remainders)."""
    total = sum(weights)
    shares = [w / total * places for w in weights] if total > 0 else [places / len(weights)] * len(weights)
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: places - sum(counts)]:
        counts[i] += 1
    return counts


def overrides(counts):
    """The ``set:`` of a split: each buffer's places."""
    return {f"stations.{name}.buffer": count for name, count in zip(BUFFERS, counts)}


def search(trials, places, replications, seed, duration, binary=None):
    """The Optuna study: maximize throughput per shift hour over splits, the even split first."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed))
    study.enqueue_trial({f"w_{name}": 1.0 for name in BUFFERS})

    def objective(trial):
        counts = split([trial.suggest_float(f"w_{name}", 0.0, 1.0) for name in BUFFERS], places)
        trial.set_user_attr("counts", counts)
        run = takt.simulate(PLANT, set=overrides(counts), replications=replications, seed=seed, duration=duration, binary=binary)
        return run.mean(FIGURE)

    study.optimize(objective, n_trials=trials)
    return study


def best_splits(study, count):
    """The ``count`` best distinct splits of the study, best first."""
    out = []
    for trial in sorted((t for t in study.trials if t.value is not None), key=lambda t: -t.value):
        counts = trial.user_attrs["counts"]
        if counts not in out:
            out.append(counts)
        if len(out) == count:
            break
    return out


def select(splits, seed, duration, indifference, directory, binary=None):
    """Run the splits as an experiment with ``select:`` and return takt compare's ``selection``."""
    experiment = {
        "experiment": "buffer-allocation",
        "plant": str(PLANT),
        "run": {"duration": duration, "warmup": "1d", "seed": seed},
        "select": {"figure": FIGURE, "indifference": indifference, "first_stage": 10},
        "figures": [FIGURE, "work_in_process", "lead_time_mean"],
        "variants": [{"name": "-".join(map(str, counts)), "set": overrides(counts)} for counts in splits],
    }
    path = Path(directory) / "buffer-allocation.yaml"
    path.write_text(json.dumps(experiment, indent=2))  # JSON is YAML
    completed = subprocess.run(find_takt(binary) + ["compare", str(path), "--json", "--no-db"],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if completed.returncode != 0:
        raise takt.TaktRunError(completed.returncode, completed.stderr)
    return json.loads(completed.stdout)["selection"]


def optimize(trials=40, places=24, replications=5, candidates=5, duration="10d", indifference=0.1, seed=1, binary=None):
    """Search, then select; returns the study, the candidate splits and the selection."""
    study = search(trials, places, replications, seed, duration, binary)
    splits = best_splits(study, candidates)
    with tempfile.TemporaryDirectory() as directory:
        selection = select(splits, seed + 1000, duration, indifference, directory, binary)
    return study, splits, selection


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--places", type=int, default=24, help="buffer places to split over the four buffers")
    parser.add_argument("--replications", type=int, default=5, help="replications per trial")
    parser.add_argument("--candidates", type=int, default=5, help="best splits passed to the selection")
    parser.add_argument("--duration", default="10d")
    parser.add_argument("--indifference", type=float, default=0.1, help="jobs per shift hour worth telling apart")
    args = parser.parse_args(argv)
    study, splits, selection = optimize(args.trials, args.places, args.replications, args.candidates, args.duration, args.indifference)
    even = study.trials[0]
    print(f"Search: {len(study.trials)} trials of {args.replications} replications; buffers {', '.join(BUFFERS)}")
    print(f"  even split {even.user_attrs['counts']}: {even.value:.2f} jobs/h")
    print(f"  best split {study.best_trial.user_attrs['counts']}: {study.best_value:.2f} jobs/h (optimistic: the best of {len(study.trials)})")
    print(f"Selection among the {len(splits)} best splits on fresh random numbers ({selection['procedure']}, "
          f"indifference {selection['indifference']} jobs/h, confidence {selection['confidence']:.0%}):")
    for variant in selection["variants"]:
        fate = variant["status"] + (f", behind {variant['eliminated_by']}" if "eliminated_by" in variant else "")
        print(f"  {variant['name']:>12}  {variant['replications']:4d} replications  mean {variant['mean']:.2f} jobs/h  {fate}")
    print(f"Selected: {selection['selected']} ({selection['status']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
