"""Single-sample inference of a 32-64-64-8 MLP in onnxruntime: the peer for
Takt's decision benchmark (`swift package benchmark --target PolicyBenchmarks`).

Builds the network with the onnx package (Gemm + Relu, as PyTorch exports
it), then times `session.run` on one sample at a time, as a simulation would
call it per decision: fp32, and int8 made by onnxruntime's dynamic
quantization. Prints nanoseconds per call (best of several rounds).

    pip install onnx onnxruntime
    python3 Benchmarks/peers/mlp_onnxruntime.py
"""
import os
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic

SHAPE = [32, 64, 64, 8]


def build(path):
    rng = np.random.default_rng(42)
    nodes, inits = [], []
    x = "x"
    for i, (n_in, n_out) in enumerate(zip(SHAPE, SHAPE[1:])):
        w = (rng.uniform(-1, 1, (n_out, n_in)) * 0.3).astype(np.float32)
        b = (rng.uniform(-1, 1, n_out) * 0.1).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        y = f"h{i}" if i < len(SHAPE) - 2 else "logits"
        nodes.append(helper.make_node("Gemm", [x, f"w{i}", f"b{i}"], [y + ("_pre" if y != "logits" else "")], transB=1))
        if y != "logits":
            nodes.append(helper.make_node("Relu", [y + "_pre"], [y]))
        x = y
    graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, SHAPE[0]])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, SHAPE[-1]])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8  # what onnxruntime releases read
    onnx.save(model, path)


def per_call_ns(path, features=SHAPE[0], rounds=7, calls=20000):
    """Best-of-rounds nanoseconds per single-sample `session.run` (one thread, input named x)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    x = np.random.default_rng(1).uniform(-1, 1, (256, 1, features)).astype(np.float32)
    for i in range(2000):
        session.run(None, {"x": x[i & 255]})
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter_ns()
        for i in range(calls):
            session.run(None, {"x": x[i & 255]})
        best = min(best, (time.perf_counter_ns() - start) / calls)
    return best


def main():
    with tempfile.TemporaryDirectory() as d:
        fp32, int8 = os.path.join(d, "mlp.onnx"), os.path.join(d, "mlp-int8.onnx")
        build(fp32)
        quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8)
        print(f"onnxruntime {ort.__version__}, one thread, one sample per call")
        print(f"fp32 32-64-64-8: {per_call_ns(fp32):.0f} ns per session.run")
        print(f"int8 32-64-64-8 (dynamic quantization): {per_call_ns(int8):.0f} ns per session.run")


if __name__ == "__main__":
    main()
