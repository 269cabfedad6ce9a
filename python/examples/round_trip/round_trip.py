"""Bring your own model, the whole round trip: train with numpy, export ONNX, import, quantize, compare.

    pip install ./python onnx                 # numpy and gymnasium come with the package
    swift build -c release --product takt
    TAKT=.build/release/takt python3 python/examples/round_trip/round_trip.py --site pick --out round-trip

1. **Train** a scoring policy against ``takt.DecisionEnv`` with the
   cross-entropy method (CEM), numpy only. The policy scores every action
   from the point's features and takes the best-scoring allowed one (the
   action mask). Where the features come per action slot (``g1.same``,
   ``g1.wait_h``, … for ``g1``), one small network is shared by all slots:
   ``score_k = v · relu(A · slot_k + B · globals + c) + d_k`` (``--hidden 0``:
   ``score_k = w · slot_k + d_k``). CEM samples a population of parameter
   vectors around a Gaussian, runs each for ``--episodes`` replications on
   the same seeds (common random numbers), and refits the Gaussian to the
   best quarter. Zero parameters score every action alike, so the search
   starts at "the first allowed action" (the ``fifo`` rule at ``pick``).
   Deterministic for a ``--seed``.
2. **Export** it to ONNX with the ``onnx`` package: the shared network,
   written out as ordinary dense layers (``Gemm`` → ``Relu`` → ``Gemm``, the
   slot structure in the weights), checked against numpy with onnx's
   reference evaluator.
3. ``takt policy import model.onnx --point P --out model-fp32.json``
4. ``takt quantize model-fp32.json --plant PLANT --point P --at PLACE --out model-int8.json``
5. **Compare**: writes ``experiment.yaml`` (the point's rules, the teacher
   ``oracle`` and both learned policies over the same replications) and runs
   ``takt compare``, which prints every variant's figures and its paired
   difference from the baseline rule with Bonferroni-adjusted 95% intervals.

Everything lands in ``--out``: ``model.onnx``, ``model-fp32.json``,
``model-int8.json``, ``experiment.yaml``, ``comparison.json`` (``takt compare
--json``), ``training.json`` (the CEM log and the parameters) and the run
store ``takt.sqlite``.

Sites (``--site``): ``pick`` (colour batching's paint booth, the default),
``release``, ``dispatch``, ``rework`` (the examples in Plants/examples/), or
any site with ``--plant``, ``--point``, ``--at``, ``--key`` (the experiment
override path of the site's rule, e.g. ``stations.paint-booth.pick``) and
``--rules``.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import takt
from takt.binary import find_takt

REPOSITORY = Path(__file__).resolve().parents[3]

#: Decision sites of the example plants: where the rule is set in an experiment, its rules, the baseline.
SITES = {
    "pick": dict(plant="Plants/examples/colour-batching.yaml", point="pick", at="paint-booth",
                 key="stations.paint-booth.pick", rules=["fifo", "batch"], baseline="batch",
                 objective="lead_time", figures=["lead_time_mean", "throughput_per_hour", "changeovers",
                                                 "work_in_process"]),
    "release": dict(plant="Plants/examples/sequencing.yaml", point="release", at="orders",
                    key="sources.orders.release_rule", rules=["fifo", "colour", "spread"], baseline="colour",
                    objective="throughput", figures=["throughput_per_hour", "lead_time_mean", "changeovers"]),
    "dispatch": dict(plant="Plants/examples/amr-dispatch.yaml", point="dispatch", at="amr",
                     key="fleets.amr.requests", rules=["fifo", "lowest_stock"], baseline="lowest_stock",
                     objective="lead_time", figures=["lead_time_mean", "throughput_per_hour"]),
    "rework": dict(plant="Plants/examples/rework-routing.yaml", point="rework", at="eol-test",
                   key="stations.eol-test.quality.rework_rule", rules=["first", "shortest_queue"],
                   baseline="shortest_queue", objective="lead_time",
                   figures=["lead_time_mean", "throughput_per_hour"]),
}


# -- the policy: a scorer shared by the action slots, as dense layers ------------------------------

class Scorer:
    """Maps a flat parameter vector to dense layers [(W, b), ...] scoring every action.

    With per-slot features (``<action>.<name>`` for every action, the same
    names for each) the parameters are shared by the slots; otherwise the
    layers are plain dense ones over all features.
    """

    def __init__(self, feature_names, action_names, hidden):
        self.n_features, self.n_actions, self.hidden = len(feature_names), len(action_names), hidden
        index = {name: i for i, name in enumerate(feature_names)}
        per_slot = [[n for n in feature_names if n.startswith(a + ".")] for a in action_names]
        suffixes = [[n[len(a) + 1:] for n in names] for a, names in zip(action_names, per_slot)]
        self.shared = bool(suffixes[0]) and all(s == suffixes[0] for s in suffixes)
        if self.shared:
            self.slots = np.array([[index[n] for n in names] for names in per_slot])  # n_actions × per slot
            taken = set(self.slots.ravel().tolist())
            self.globals = np.array([i for i in range(self.n_features) if i not in taken], dtype=int)
            s, g, h = self.slots.shape[1], len(self.globals), hidden
            self.shapes = ([("w", (s,)), ("d", (self.n_actions,))] if h == 0 else
                           [("A", (h, s)), ("B", (h, g)), ("c", (h,)), ("v", (h,)), ("d", (self.n_actions,))])
        else:
            f, a, h = self.n_features, self.n_actions, hidden
            self.shapes = ([("W", (a, f)), ("b", (a,))] if h == 0 else
                           [("W1", (h, f)), ("b1", (h,)), ("W2", (a, h)), ("b2", (a,))])
        self.n_params = sum(int(np.prod(shape)) for _, shape in self.shapes)

    def unpack(self, theta):
        parts, at = {}, 0
        for name, shape in self.shapes:
            size = int(np.prod(shape))
            parts[name] = np.asarray(theta[at:at + size], dtype=np.float64).reshape(shape)
            at += size
        return parts

    def layers(self, theta):
        """Dense layers (W: out × in, b), ReLU between them, as float32."""
        p, a, h = self.unpack(theta), self.n_actions, self.hidden
        if not self.shared:
            pairs = [(p["W"], p["b"])] if h == 0 else [(p["W1"], p["b1"]), (p["W2"], p["b2"])]
            return [(w.astype(np.float32), b.astype(np.float32)) for w, b in pairs]
        if h == 0:
            w = np.zeros((a, self.n_features))
            for k in range(a):
                w[k, self.slots[k]] = p["w"]
            return [(w.astype(np.float32), p["d"].astype(np.float32))]
        w1, b1 = np.zeros((a * h, self.n_features)), np.zeros(a * h)
        w2 = np.zeros((a, a * h))
        for k in range(a):
            rows = slice(k * h, (k + 1) * h)
            w1[rows, self.slots[k]] = p["A"]
            if len(self.globals):
                w1[rows, self.globals] = p["B"]
            b1[rows] = p["c"]
            w2[k, rows] = p["v"]
        return [(w1.astype(np.float32), b1.astype(np.float32)),
                (w2.astype(np.float32), p["d"].astype(np.float32))]


def scores(layers, features):
    x = np.asarray(features, dtype=np.float32)
    for i, (w, b) in enumerate(layers):
        x = w @ x + b
        if i < len(layers) - 1:
            x = np.maximum(x, 0.0)
    return x


def choose(layers, features, mask):
    """The best-scoring allowed action (the lowest index among equal scores, as Takt does)."""
    s = np.where(mask, scores(layers, features), -np.inf)
    return int(np.argmax(s))


def site_plant(plant: str) -> str:
    """The plant file: ``plant`` as given when it exists (relative to the current directory), else in this repository."""
    if not Path(plant).exists() and (REPOSITORY / plant).exists():
        return str(REPOSITORY / plant)
    return plant


# -- training: the cross-entropy method ------------------------------------------------------------

def run_episode(env, layers, seed, record=None):
    """One replication with this policy; the final figures (running totals of the run)."""
    observation, info = env.reset(seed=seed)
    done = False
    while not done:
        if record is not None and len(record) < 256:
            record.append(observation)
        observation, _, terminated, truncated, info = env.step(choose(layers, observation, info["action_mask"]))
        done = terminated or truncated
    return info["figures"]


def objective(figures, kind):
    """Higher is better: jobs completed, or minus the mean lead time in hours."""
    if kind == "throughput":
        return float(figures["jobs_completed"])
    if kind == "lead_time":
        return -float(figures["lead_time_s"]) / max(1.0, float(figures["jobs_completed"])) / 3600.0
    raise ValueError(f"unknown objective {kind!r}: throughput or lead_time")


def cem(env, scorer, *, objective_kind, iterations, population, episodes, sigma, seed, log=print):
    """Cross-entropy method over the scorer's parameters; returns (mean parameters, log)."""
    rng = np.random.default_rng(seed)
    mean, std = np.zeros(scorer.n_params), np.full(scorer.n_params, sigma)
    n_elite = max(2, population // 4)
    history = []
    for iteration in range(iterations):
        seeds = [1000 + iteration * episodes + j for j in range(episodes)]  # common to the population
        thetas = mean + std * rng.standard_normal((population, scorer.n_params))
        thetas[0] = mean  # the current mean, scored on the same seeds
        values = np.array([np.mean([objective(run_episode(env, scorer.layers(t), s), objective_kind)
                                    for s in seeds]) for t in thetas])
        elite = thetas[np.argsort(values)[-n_elite:]]
        mean = elite.mean(axis=0)
        std = elite.std(axis=0) + sigma * 0.2 * (1 - iteration / iterations)  # extra noise, fading out
        history.append(dict(iteration=iteration, seeds=seeds, mean_value=float(values[0]),
                            best_value=float(values.max()), elite_value=float(np.sort(values)[-n_elite:].mean())))
        log(f"  iteration {iteration + 1:2d}/{iterations}: current mean {values[0]:+.4f}, "
            f"best {values.max():+.4f}, elite {history[-1]['elite_value']:+.4f}")
    return mean, history


# -- export: numpy layers to ONNX ------------------------------------------------------------------

def export_onnx(layers, path, feature_names, action_names):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes, initializers, x = [], [], "features"
    for k, (w, b) in enumerate(layers):
        initializers += [numpy_helper.from_array(w, f"fc{k}.weight"), numpy_helper.from_array(b, f"fc{k}.bias")]
        last = k == len(layers) - 1
        y = "scores" if last else f"fc{k}"
        nodes.append(helper.make_node("Gemm", [x, f"fc{k}.weight", f"fc{k}.bias"], [y], name=f"fc{k}", transB=1))
        if not last:
            nodes.append(helper.make_node("Relu", [y], [f"relu{k}"], name=f"relu{k}"))
            x = f"relu{k}"
    graph = helper.make_graph(
        nodes, "round-trip-policy",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [1, len(feature_names)])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, len(action_names)])],
        initializers)
    model = helper.make_model(graph, producer_name="takt-round-trip", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    Path(path).write_bytes(model.SerializeToString(deterministic=True))
    return model


def check_onnx(model, layers, observations):
    """Largest difference between onnx's reference evaluator and numpy on recorded observations."""
    from onnx.reference import ReferenceEvaluator

    evaluator = ReferenceEvaluator(model)
    worst = 0.0
    for x in observations:
        (onnx_scores,) = evaluator.run(None, {"features": np.asarray(x, dtype=np.float32)[None, :]})
        worst = max(worst, float(np.max(np.abs(onnx_scores[0] - scores(layers, x)))))
    return worst


# -- takt's side: import, quantize, compare --------------------------------------------------------

def run(command, log=print):
    log("$ " + " ".join(str(part) for part in command))
    finished = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    output = (finished.stdout + finished.stderr).strip()
    if finished.returncode != 0:
        raise RuntimeError(f"{' '.join(str(part) for part in command)} failed with exit {finished.returncode}:\n{output}")
    return finished


def write_experiment(path, site, fp32, int8, replications, name):
    """An experiment: the rules, the teacher and both learned policies over the same replications."""
    plant = Path(site["plant"]).resolve()
    variants = [(rule, rule) for rule in site["rules"]] + [("oracle", "oracle")]
    variants += [("learned-fp32", {"policy": str(Path(fp32).resolve())}),
                 ("learned-int8", {"policy": str(Path(int8).resolve())})]
    lines = [
        "# Written by python/examples/round_trip/round_trip.py: the site's rules, the teacher and the",
        "# policy it trained (fp32 and Takt's int8 of it) over the same replications.",
        f"experiment: {name}",
        f"plant: {json.dumps(str(plant))}",
        f"baseline: {site['baseline']}",
        f"run: {{replications: {replications}}}",
        f"figures: [{', '.join(site['figures'])}]",
        "variants:",
    ]
    for variant, value in variants:
        lines.append(f"  - {{name: {variant}, set: {{{site['key']}: {json.dumps(value)}}}}}")
    Path(path).write_text("\n".join(lines) + "\n")


def learned_verdicts(comparison, figure):
    """The learned variants' paired differences from the baseline on one figure."""
    return {d["variant"]: d for d in comparison["differences"]
            if d["figure"] == figure and d["variant"].startswith("learned")}


def import_quantize_compare(binary, site, onnx_path, out, *, replications=20, quantize_replications=3,
                            quantize_duration=None, log=print):
    """Steps 3–5 for any ONNX scorer of the site's point: import, quantize, compare; returns the comparison."""
    out = Path(out)
    fp32, int8 = out / "model-fp32.json", out / "model-int8.json"
    log("== 3. import")
    imported = run([*binary, "policy", "import", onnx_path, "--point", site["point"], "--out", fp32], log)
    log((imported.stdout + imported.stderr).strip())
    log("== 4. quantize")
    quantize = [*binary, "quantize", fp32, "--plant", site["plant"], "--point", site["point"], "--at", site["at"],
                "--out", int8, "--replications", quantize_replications]
    if quantize_duration:
        quantize += ["--duration", quantize_duration, "--warmup", "0s"]
    log(run(quantize, log).stdout.strip())

    experiment = out / "experiment.yaml"
    write_experiment(experiment, site, fp32, int8, replications, f"round-trip-{site['point']}")
    store = out / "takt.sqlite"
    log(f"== 5. compare ({experiment})")
    compared = run([*binary, "compare", experiment, "--json", "--db", store], log)
    (out / "comparison.json").write_text(compared.stdout)
    log(run([*binary, "compare", experiment, "--from-db", "--db", store], log).stdout.strip())
    comparison = json.loads(compared.stdout)
    figure = site["figures"][0]
    for variant, d in learned_verdicts(comparison, figure).items():
        verdict = d.get("verdict", "no significant difference")
        log(f"{variant} vs {comparison['baseline']}, {figure}: {d['mean']:+.4g} ± {d['hw95']:.2g} ({verdict})")
    return comparison


# -- the round trip --------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", choices=sorted(SITES), default="pick")
    parser.add_argument("--plant"), parser.add_argument("--point"), parser.add_argument("--at")
    parser.add_argument("--key", help="the site's override path in an experiment, e.g. stations.paint-booth.pick")
    parser.add_argument("--rules", help="comma-separated rules of the point to compare with")
    parser.add_argument("--baseline", help="the variant the others are compared with (default: the site's best rule)")
    parser.add_argument("--objective", choices=["lead_time", "throughput"])
    parser.add_argument("--out", default="round-trip", help="output folder (default: round-trip)")
    parser.add_argument("--hidden", type=int, default=4, help="hidden units per slot (0: linear)")
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--population", type=int, default=16)
    parser.add_argument("--episodes", type=int, default=2, help="replications per candidate")
    parser.add_argument("--duration", default="1d", help="simulated time per training episode")
    parser.add_argument("--sigma", type=float, default=1.0, help="initial standard deviation of the search")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replications", type=int, default=20, help="replications per variant in takt compare")
    parser.add_argument("--quantize-replications", type=int, default=3)
    parser.add_argument("--quantize-duration", help="simulated time per calibration replication, without warm-up (default: the plant's run)")
    parser.add_argument("--binary", help="the takt executable (default: TAKT, then the PATH)")
    args = parser.parse_args(argv)

    site = dict(SITES[args.site])
    for field in ("plant", "point", "at", "key", "baseline", "objective"):
        if getattr(args, field):
            site[field] = getattr(args, field)
    if args.rules:
        site["rules"] = args.rules.split(",")
    site["plant"] = site_plant(site["plant"])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    binary = find_takt(args.binary)
    log = lambda message: print(message, flush=True)  # noqa: E731

    # 1. Train.
    env = takt.DecisionEnv(site["plant"], site["point"], site["at"], duration=args.duration, warmup="0s",
                           binary=binary)
    scorer = Scorer(env.feature_names, env.action_names, args.hidden)
    log(f"== 1. training at {site['point']}@{site['at']} ({Path(site['plant']).name}): CEM over "
        f"{scorer.n_params} parameters ({'shared by the slots' if scorer.shared else 'dense'}), objective "
        f"{site['objective']}, {args.iterations} iterations × {args.population} candidates × {args.episodes} "
        f"episodes of {args.duration}")
    started = time.perf_counter()
    theta, history = cem(env, scorer, objective_kind=site["objective"], iterations=args.iterations,
                         population=args.population, episodes=args.episodes, sigma=args.sigma, seed=args.seed,
                         log=log)
    layers = scorer.layers(theta)
    observations = []
    run_episode(env, layers, seed=1000, record=observations)
    env.close()
    training_s = time.perf_counter() - started
    log(f"   trained in {training_s:.0f} s")

    # 2. Export to ONNX, checked against numpy.
    onnx_path = out / "model.onnx"
    model = export_onnx(layers, onnx_path, env.feature_names, env.action_names)
    worst = check_onnx(model, layers, observations)
    log(f"== 2. wrote {onnx_path} ({', '.join(f'{w.shape[1]}→{w.shape[0]}' for w, _ in layers)}); "
        f"onnx reference evaluator vs numpy on {len(observations)} states: max |Δscore| {worst:.2e}")

    # 3. Import, 4. quantize, 5. compare.
    comparison = import_quantize_compare(binary, site, onnx_path, out, replications=args.replications,
                                         quantize_replications=args.quantize_replications,
                                         quantize_duration=args.quantize_duration, log=log)
    (out / "training.json").write_text(json.dumps(dict(
        site=site, hidden=args.hidden, seed=args.seed, iterations=args.iterations, population=args.population,
        episodes=args.episodes, duration=args.duration, sigma=args.sigma, training_s=training_s,
        onnx_max_abs_diff=worst, history=history, theta=theta.tolist()), indent=1))
    return comparison


if __name__ == "__main__":
    main()  # a failed step raises, which exits 1 with its message
