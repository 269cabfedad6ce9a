"""Writes the small ONNX files the ONNX import tests read, with the onnx package.

    pip install onnx numpy
    python3 Tests/Fixtures/onnx/make_models.py [OUT_DIR]   (default: next to this script)

- gemm-mlp.onnx: 32-16-8, nn.Linear as PyTorch's exporter writes it (Gemm with
  transB=1, weights as float_data), Relu between the layers.
- matmul-mlp.onnx: 32-16-8 as MatMul + Add (weights [in, out] in raw_data),
  the form newer exporters use.
- conv.onnx: a Conv node, which an MLP import must refuse.
- torch-style-mlp.onnx: 32-16-16-16-16-8 as PyTorch exports nn.Sequential with
  Flatten, LeakyReLU(0.1), Tanh, Sigmoid and ReLU6 (Clip with Constant bounds)
  between the layers (one of them MatMul + Add), and a Softmax → ArgMax tail.
  make_exported.py stores onnxruntime's outputs for it.
- expected.json: a few inputs and the logits numpy computes for the first two.
Deterministic: the same files on every run.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import sys

here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
os.makedirs(here, exist_ok=True)
rng = np.random.default_rng(7)
shape = [32, 16, 8]
weights = [(rng.uniform(-1, 1, (o, i)) / np.sqrt(i)).astype(np.float32) for i, o in zip(shape, shape[1:])]
biases = [rng.uniform(-0.1, 0.1, o).astype(np.float32) for o in shape[1:]]


def save(graph, name):
    model = helper.make_model(graph, producer_name="takt-tests", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    with open(os.path.join(here, name), "wb") as f:
        f.write(model.SerializeToString(deterministic=True))


def io(n_in, n_out):
    return ([helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, n_in])],
            [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, n_out])])


# Gemm form (float_data).
nodes, inits, x = [], [], "input"
for k, (w, b) in enumerate(zip(weights, biases)):
    inits.append(helper.make_tensor(f"fc{k}.weight", TensorProto.FLOAT, w.shape, w.flatten().tolist()))
    inits.append(helper.make_tensor(f"fc{k}.bias", TensorProto.FLOAT, b.shape, b.tolist()))
    last = k == len(weights) - 1
    y = "logits" if last else f"gemm{k}"
    nodes.append(helper.make_node("Gemm", [x, f"fc{k}.weight", f"fc{k}.bias"], [y], name=f"/fc{k}/Gemm", alpha=1.0, beta=1.0, transB=1))
    if not last:
        nodes.append(helper.make_node("Relu", [y], [f"relu{k}"], name=f"/relu{k}/Relu"))
        x = f"relu{k}"
save(helper.make_graph(nodes, "gemm-mlp", *io(32, 8), inits), "gemm-mlp.onnx")

# MatMul + Add form (raw_data, weights transposed to [in, out]).
nodes, inits, x = [], [], "input"
for k, (w, b) in enumerate(zip(weights, biases)):
    inits.append(numpy_helper.from_array(np.ascontiguousarray(w.T), f"w{k}"))
    inits.append(numpy_helper.from_array(b, f"b{k}"))
    last = k == len(weights) - 1
    nodes.append(helper.make_node("MatMul", [x, f"w{k}"], [f"mm{k}"]))
    y = "logits" if last else f"add{k}"
    nodes.append(helper.make_node("Add", [f"mm{k}", f"b{k}"], [y]))
    if not last:
        nodes.append(helper.make_node("Relu", [y], [f"relu{k}"]))
        x = f"relu{k}"
save(helper.make_graph(nodes, "matmul-mlp", *io(32, 8), inits), "matmul-mlp.onnx")

# An unsupported operator.
kernel = numpy_helper.from_array(np.ones((1, 1, 3), dtype=np.float32), "k")
conv = helper.make_node("Conv", ["input", "k"], ["logits"], name="conv0")
save(helper.make_graph([conv], "conv", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1, 32])],
                       [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 1, 30])], [kernel]), "conv.onnx")


# PyTorch style, with activations other than ReLU and a classifier tail.
torch_shape = [32, 16, 16, 16, 16, 8]
torch_rng = np.random.default_rng(13)
nodes = [helper.make_node("Flatten", ["input"], ["/Flatten_output_0"], name="/flatten/Flatten", axis=1)]
inits, x = [], "/Flatten_output_0"
nodes.append(helper.make_node("Constant", [], ["/act3/Constant_output_0"], name="/act3/Constant", value=numpy_helper.from_array(np.array(0, np.float32))))
nodes.append(helper.make_node("Constant", [], ["/act3/Constant_1_output_0"], name="/act3/Constant_1", value=numpy_helper.from_array(np.array(6, np.float32))))
activations = [("LeakyRelu", {"alpha": 0.1}), ("Tanh", {}), ("Sigmoid", {}), ("Clip", {})]
for k, (i, o) in enumerate(zip(torch_shape, torch_shape[1:])):
    w = (torch_rng.uniform(-1, 1, (o, i)) * 2 / np.sqrt(i)).astype(np.float32)
    b = torch_rng.uniform(-0.3, 0.3, o).astype(np.float32)
    last = k == len(torch_shape) - 2
    y = "logits" if last else f"/layers.{k}/Gemm_output_0"
    if k == 1:  # one layer as MatMul + Add
        inits += [numpy_helper.from_array(np.ascontiguousarray(w.T), f"onnx::MatMul_{k}"), numpy_helper.from_array(b, f"layers.{k}.bias")]
        nodes.append(helper.make_node("MatMul", [x, f"onnx::MatMul_{k}"], [f"/layers.{k}/MatMul_output_0"], name=f"/layers.{k}/MatMul"))
        nodes.append(helper.make_node("Add", [f"layers.{k}.bias", f"/layers.{k}/MatMul_output_0"], [y], name=f"/layers.{k}/Add"))
    else:
        inits += [numpy_helper.from_array(w, f"layers.{k}.weight"), numpy_helper.from_array(b, f"layers.{k}.bias")]
        nodes.append(helper.make_node("Gemm", [x, f"layers.{k}.weight", f"layers.{k}.bias"], [y], name=f"/layers.{k}/Gemm", alpha=1.0, beta=1.0, transB=1))
    if not last:
        op, attrs = activations[k]
        extra = ["/act3/Constant_output_0", "/act3/Constant_1_output_0"] if op == "Clip" else []
        nodes.append(helper.make_node(op, [y] + extra, [f"/act{k}/{op}_output_0"], name=f"/act{k}/{op}", **attrs))
        x = f"/act{k}/{op}_output_0"
nodes.append(helper.make_node("Softmax", ["logits"], ["probabilities"], name="/Softmax", axis=1))
nodes.append(helper.make_node("ArgMax", ["probabilities"], ["label"], name="/ArgMax", axis=1, keepdims=0))
torch_graph = helper.make_graph(nodes, "torch-style-mlp", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 32])],
                                [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 8]),
                                 helper.make_tensor_value_info("label", TensorProto.INT64, [1])], inits)
save(torch_graph, "torch-style-mlp.onnx")


def forward(x):
    for k, (w, b) in enumerate(zip(weights, biases)):
        x = w.astype(np.float64) @ x + b
        if k < len(weights) - 1:
            x = np.maximum(x, 0)
    return x


inputs = rng.uniform(-2, 2, (5, 32)).astype(np.float32)
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump({"inputs": inputs.tolist(), "logits": [forward(x.astype(np.float64)).tolist() for x in inputs]}, f, indent=1)
    f.write("\n")
