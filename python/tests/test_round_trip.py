"""python/examples/round_trip/: numpy training (CEM), ONNX export, takt policy import, takt quantize, takt compare.

The end-to-end test needs the real binary (TAKT) and the onnx package; it
runs the script with a tiny budget (a linear scorer, 3 CEM iterations of 8
candidates on 6-hour episodes, 3 replications per variant) and asserts every
step, and that the learned policy beats fifo significantly at colour
batching's paint booth. Measured on the busy 2-core machine: 20–40 s.
"""

import importlib.util
import json
import re

import numpy as np
import pytest
from conftest import EXAMPLES, real_takt_binary, requires_takt

from takt.env import DecisionEnv  # noqa: F401  (the package must be installed)

PICK_FEATURES = [f"g{slot}.{name}" for slot in range(1, 9) for name in ("same", "wait_h", "size")] + [
    "fill", "groups", "has_last", "last_size", "queue", "oldest_wait_h", "setup_ratio", "bias"]
PICK_ACTIONS = [f"g{slot}" for slot in range(1, 9)]


def load_round_trip():
    spec = importlib.util.spec_from_file_location("round_trip", EXAMPLES / "round_trip" / "round_trip.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("hidden", [0, 3])
def test_shared_scorer_layers_score_every_slot_with_the_same_network(hidden):
    round_trip = load_round_trip()
    scorer = round_trip.Scorer(PICK_FEATURES, PICK_ACTIONS, hidden)
    assert scorer.shared
    assert scorer.n_params == (3 + 8 if hidden == 0 else hidden * 3 + hidden * 8 + hidden + hidden + 8)
    rng = np.random.default_rng(3)
    theta = rng.standard_normal(scorer.n_params)
    x = rng.uniform(0, 1, len(PICK_FEATURES)).astype(np.float32)
    p = scorer.unpack(theta)
    slots, globals_ = x[:24].reshape(8, 3), x[24:]
    if hidden == 0:
        expected = slots @ p["w"] + p["d"]
    else:
        expected = np.array([p["v"] @ np.maximum(p["A"] @ s + p["B"] @ globals_ + p["c"], 0) for s in slots]) + p["d"]
    np.testing.assert_allclose(round_trip.scores(scorer.layers(theta), x), expected, rtol=1e-5, atol=1e-5)
    mask = np.zeros(8, dtype=bool)
    mask[[2, 5]] = True
    assert round_trip.choose(scorer.layers(theta), x, mask) == [2, 5][int(expected[5] > expected[2])]
    assert round_trip.choose(scorer.layers(np.zeros(scorer.n_params)), x, mask) == 2  # all equal: the first allowed


def test_points_without_slots_get_dense_layers():
    round_trip = load_round_trip()
    scorer = round_trip.Scorer(["health", "age", "bias"], ["run_on", "next_break", "now"], 4)
    assert not scorer.shared
    assert [w.shape for w, _ in scorer.layers(np.ones(scorer.n_params))] == [(4, 3), (3, 4)]


def test_onnx_export_matches_numpy(tmp_path):
    pytest.importorskip("onnx")
    round_trip = load_round_trip()
    scorer = round_trip.Scorer(PICK_FEATURES, PICK_ACTIONS, 4)
    layers = scorer.layers(np.random.default_rng(5).standard_normal(scorer.n_params))
    model = round_trip.export_onnx(layers, tmp_path / "model.onnx", PICK_FEATURES, PICK_ACTIONS)
    observations = np.random.default_rng(6).uniform(0, 1, (20, len(PICK_FEATURES)))
    assert (tmp_path / "model.onnx").stat().st_size > 0
    assert round_trip.check_onnx(model, layers, observations) < 1e-4
    assert [node.op_type for node in model.graph.node] == ["Gemm", "Relu", "Gemm"]


@requires_takt
def test_round_trip_end_to_end(tmp_path, capsys):
    pytest.importorskip("onnx")
    round_trip = load_round_trip()
    out = tmp_path / "round-trip"
    comparison = round_trip.main([
        "--site", "pick", "--out", str(out), "--binary", real_takt_binary(), "--baseline", "fifo",
        "--hidden", "0", "--iterations", "3", "--population", "8", "--episodes", "1", "--duration", "6h",
        "--replications", "3", "--quantize-replications", "2", "--quantize-duration", "1d"])
    printed = capsys.readouterr().out

    for name in ("model.onnx", "model-fp32.json", "model-int8.json", "experiment.yaml", "comparison.json",
                 "training.json"):
        assert (out / name).stat().st_size > 0, name
    assert "Imported 32-8" in printed
    agreement = re.search(r"int8 chooses as fp32 does on ([0-9.]+)%", printed)
    assert agreement, printed
    assert float(agreement.group(1)) >= 90.0

    assert comparison == json.loads((out / "comparison.json").read_text())
    assert [v["name"] for v in comparison["variants"]] == ["fifo", "batch", "oracle", "learned-fp32", "learned-int8"]
    assert comparison["baseline"] == "fifo" and comparison["replications"] == 3
    differences = {(d["variant"], d["figure"]): d for d in comparison["differences"]}
    for learned in ("learned-fp32", "learned-int8"):
        lead_time = differences[(learned, "lead_time_mean")]
        assert lead_time["significant"] and lead_time["verdict"] == "better", lead_time

    history = json.loads((out / "training.json").read_text())["history"]
    assert len(history) == 3 and history[-1]["best_value"] > history[0]["mean_value"]  # beat the all-zero start


def test_both_round_trips_find_the_plant_in_the_current_directory_first(tmp_path, monkeypatch):
    round_trip = load_round_trip()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Plants" / "examples").mkdir(parents=True)
    (tmp_path / "Plants" / "examples" / "colour-batching.yaml").write_text("plant: here\n")
    assert round_trip.site_plant("Plants/examples/colour-batching.yaml") == "Plants/examples/colour-batching.yaml"
    assert round_trip.site_plant("Plants/examples/sequencing.yaml") == str(
        round_trip.REPOSITORY / "Plants/examples/sequencing.yaml")
    maskable = (EXAMPLES / "round_trip" / "maskable_ppo_round_trip.py").read_text()
    assert 'site["plant"] = site_plant(site["plant"])' in maskable and "REPOSITORY /" not in maskable
