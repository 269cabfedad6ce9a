"""Single-sample inference of a tree ensemble in onnxruntime: the peer for
Takt's tree decision benchmark (`swift package benchmark --target PolicyBenchmarks`,
"Decision trees 20 x depth 6, 32 features, 8 actions").

Builds the same ensemble as the benchmark's `benchmarkEnsemble()` (20 full
trees of depth 6 on 32 features, tree t scoring class t mod 8, numbers from
SplitMix64 seeded with 7 in the same order) as an ONNX-ML
TreeEnsembleClassifier, then times `session.run` on one sample at a time, as a
simulation would call it per decision. Prints nanoseconds per call (best of
several rounds) and checks the ensemble against a direct evaluation.

    pip install onnx onnxruntime numpy
    python3 Benchmarks/peers/trees_onnxruntime.py
"""
import os
import tempfile
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mlp_onnxruntime import per_call_ns  # noqa: E402  (the same timing loop as the MLP peer)

TREES, DEPTH, FEATURES, CLASSES = 20, 6, 32, 8
MASK = (1 << 64) - 1


def units(seed):
    """The benchmark's `unit()`: SplitMix64, then k / 2^23 - 1 for the top 24 bits."""
    while True:
        seed = (seed + 0x9E3779B97F4A7C15) & MASK
        z = seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield np.float32(((z ^ (z >> 31)) >> 40) / float(1 << 23) - 1)


def ensemble():
    draw = units(7)
    branches, size = 2 ** DEPTH - 1, 2 ** (DEPTH + 1) - 1
    a = {k: [] for k in ["treeids", "nodeids", "featureids", "values", "modes", "true", "false"]}
    leaves = {k: [] for k in ["treeids", "nodeids", "ids", "weights"]}
    for t in range(TREES):
        for i in range(size):
            branch = i < branches
            a["treeids"].append(t)
            a["nodeids"].append(i)
            a["featureids"].append(min(31, int((float(next(draw)) + 1) * 16)) if branch else 0)
            a["values"].append(float(next(draw)) if branch else 0.0)
            a["modes"].append("BRANCH_LEQ" if branch else "LEAF")
            a["true"].append(2 * i + 1 if branch else 0)
            a["false"].append(2 * i + 2 if branch else 0)
            if not branch:
                leaves["treeids"].append(t)
                leaves["nodeids"].append(i)
                leaves["ids"].append(t % CLASSES)
                leaves["weights"].append(float(next(draw)))
    return a, leaves


def build(path):
    a, leaves = ensemble()
    node = helper.make_node(
        "TreeEnsembleClassifier", ["x"], ["label", "scores"], domain="ai.onnx.ml",
        nodes_treeids=a["treeids"], nodes_nodeids=a["nodeids"], nodes_featureids=a["featureids"], nodes_values=a["values"],
        nodes_modes=a["modes"], nodes_truenodeids=a["true"], nodes_falsenodeids=a["false"],
        class_treeids=leaves["treeids"], class_nodeids=leaves["nodeids"], class_ids=leaves["ids"], class_weights=leaves["weights"],
        classlabels_int64s=list(range(CLASSES)), post_transform="NONE")
    graph = helper.make_graph([node], "trees", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, FEATURES])],
                              [helper.make_tensor_value_info("label", TensorProto.INT64, [1]),
                               helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, CLASSES])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
    model.ir_version = 8
    onnx.save(model, path)
    return a, leaves


def direct(a, leaves, x):
    """The scores by walking the trees in Python (a check that the model is what it claims)."""
    size = 2 ** (DEPTH + 1) - 1
    weight = {(t, n): (c, w) for t, n, c, w in zip(leaves["treeids"], leaves["nodeids"], leaves["ids"], leaves["weights"])}
    scores = np.zeros(CLASSES, dtype=np.float32)
    for t in range(TREES):
        i = 0
        while a["modes"][t * size + i] != "LEAF":
            k = t * size + i
            i = a["true"][k] if x[a["featureids"][k]] <= np.float32(a["values"][k]) else a["false"][k]
        c, w = weight[(t, i)]
        scores[c] += np.float32(w)
    return scores


def main():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "trees.onnx")
        a, leaves = build(path)
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        x = np.random.default_rng(1).uniform(-1, 1, (8, 1, FEATURES)).astype(np.float32)
        for row in x:
            got = session.run(None, {"x": row})[1][0]
            assert np.allclose(got, direct(a, leaves, row[0]), atol=1e-5), (got, direct(a, leaves, row[0]))
        print(f"onnxruntime {ort.__version__}, one thread, one sample per call")
        print(f"trees 20 x depth 6 (32 features, 8 classes): {per_call_ns(path, FEATURES):.0f} ns per session.run")


if __name__ == "__main__":
    main()
