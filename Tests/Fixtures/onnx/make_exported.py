"""Writes the ONNX test models that real exporters make, and what onnxruntime
computes for them, for the import tests (Tests/TaktPolicyTests/ONNX*Tests).

    python3 -m pip install onnx==1.23.2 onnxruntime==1.32.0 scikit-learn==1.9.1 skl2onnx==1.20.0 \
        onnxmltools==1.16.0 xgboost==3.2.0 lightgbm==4.7.0 numpy==2.4.6
    python3 Tests/Fixtures/onnx/make_exported.py [OUT_DIR]   (default: next to this script)

Every model takes 32 features and scores 8 classes (the shape of the pick,
release, dispatch and rework points: 8 candidates), trained with fixed seeds
on one synthetic data set:
- sklearn-mlp.onnx: MLPClassifier (tanh), via skl2onnx (MatMul/Add/Tanh,
  Softmax, ArgMax/ArrayFeatureExtractor/Cast/Reshape label, ZipMap).
  sklearn-mlp-labels.onnx: the same trained on string labels (a string
  tensor of classes in the tail; the same probabilities).
  sklearn-mlp-slots.onnx: the same trained on labels slot3..slot10, exported
  with zipmap False (no ZipMap; the classes sort as slot10, slot3, ...).
- sklearn-forest.onnx, sklearn-boosting.onnx: RandomForestClassifier and
  GradientBoostingClassifier via skl2onnx (TreeEnsembleClassifier).
  sklearn-forest-labels.onnx: a small forest trained on labels 1..8, exported
  with zipmap False (its labels only in the ensemble's classlabels_int64s).
- xgboost.onnx, lightgbm.onnx: XGBClassifier and LGBMClassifier via onnxmltools.
  lightgbm-nozipmap.onnx: the same LightGBM model converted with zipmap False
  (its tail: Identity, then Mul of the probabilities by a constant 1).
- torch-style-mlp.onnx: the hand-built MLP of make_models.py with LeakyRelu,
  Tanh, Sigmoid and Clip (ReLU6) between layers and a Softmax/ArgMax tail.
- ort-fp32.onnx, ort-dynamic.onnx, ort-static.onnx: a 32-16-16-8 ReLU MLP, and it quantized by
  onnxruntime's quantize_dynamic (MatMulInteger) and quantize_static (QDQ).
- ort-static-sklearn.onnx, ort-static-sklearn-pre.onnx: a scikit-learn
  MLPClassifier (32-16-16-8, ReLU, zipmap False) quantized by quantize_static
  with its default settings (QDQ: Q/DQ pairs on the logits, the Softmax and the
  probabilities too), without and with onnxruntime's quant_pre_process.
- ort-expected.json: 40 inputs (for the trees, feature 3 of every tenth is
  missing: NaN), and for each model onnxruntime's scores for them
  (probabilities, or logits for ort-fp32, ort-dynamic and ort-static;
  ort-static-sklearn*'s probabilities as their last Q/DQ pair rounds them).
The trained models depend on the library versions (pinned above) and may
differ in their last bits across machines, so CI does not compare these files
byte for byte (it does for make_models.py's); the tests compare Takt with
the onnxruntime outputs stored beside each model.
"""
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
os.makedirs(here, exist_ok=True)
FEATURES, CLASSES = 32, 8


def data(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (n, FEATURES)).astype(np.float32)
    w = rng.normal(0, 1, (FEATURES, CLASSES))
    return x, np.argmax(x @ w + rng.normal(0, 0.5, (n, CLASSES)), axis=1)


x_train, y_train = data(11, 400)
# Test inputs at the precision the JSON keeps (8 digits), so Takt reads exactly what onnxruntime was given.
x_test = np.array([[float(f"{v:.8g}") for v in row] for row in np.random.default_rng(12).normal(0, 1.5, (40, FEATURES))], dtype=np.float32)


def save(model, name):
    with open(os.path.join(here, name), "wb") as f:
        f.write(model.SerializeToString(deterministic=True))


def sklearn_models():
    from skl2onnx import to_onnx
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from sklearn.neural_network import MLPClassifier
    mlp = MLPClassifier(hidden_layer_sizes=(16,), activation="tanh", max_iter=300, random_state=0).fit(x_train, y_train)
    forest = RandomForestClassifier(n_estimators=5, max_depth=4, random_state=0).fit(x_train, y_train)
    boosting = GradientBoostingClassifier(n_estimators=3, max_depth=3, random_state=0).fit(x_train, y_train)
    # The same network trained on string labels "c0".."c7" (sorted as 0..7): the same weights, its labels a string tensor.
    labelled = MLPClassifier(hidden_layer_sizes=(16,), activation="tanh", max_iter=300, random_state=0).fit(
        x_train, np.array([f"c{k}" for k in y_train]))
    for model, name in [(mlp, "sklearn-mlp.onnx"), (labelled, "sklearn-mlp-labels.onnx"), (forest, "sklearn-forest.onnx"),
                        (boosting, "sklearn-boosting.onnx")]:
        save(to_onnx(model, x_train[:1], target_opset={"": 15, "ai.onnx.ml": 3}), name)
    # Labels that are not 0..7, without a ZipMap: the import's note must still list them.
    slots = MLPClassifier(hidden_layer_sizes=(16,), activation="tanh", max_iter=300, random_state=0).fit(
        x_train, np.array([f"slot{k + 3}" for k in y_train]))
    shifted = RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(x_train, y_train + 1)
    for model, name in [(slots, "sklearn-mlp-slots.onnx"), (shifted, "sklearn-forest-labels.onnx")]:
        save(to_onnx(model, x_train[:1], options={id(model): {"zipmap": False}}, target_opset={"": 15, "ai.onnx.ml": 3}), name)


def booster_models():
    from lightgbm import LGBMClassifier
    from onnxmltools import convert_lightgbm, convert_xgboost
    from onnxmltools.convert.common.data_types import FloatTensorType
    from xgboost import XGBClassifier
    types = [("input", FloatTensorType([None, FEATURES]))]
    xgb = XGBClassifier(n_estimators=4, max_depth=3, random_state=0, n_jobs=1).fit(x_train, y_train)
    save(convert_xgboost(xgb, initial_types=types, target_opset=15), "xgboost.onnx")
    lgbm = LGBMClassifier(n_estimators=4, num_leaves=6, random_state=0, n_jobs=1, verbose=-1).fit(x_train, y_train)
    save(convert_lightgbm(lgbm, initial_types=types, target_opset=15, zipmap=True), "lightgbm.onnx")
    save(convert_lightgbm(lgbm, initial_types=types, target_opset=15, zipmap=False), "lightgbm-nozipmap.onnx")


def mlp_graph(shape, seed, name):
    """A ReLU MLP as Gemm nodes (what PyTorch exports), for quantization."""
    rng = np.random.default_rng(seed)
    nodes, inits, x = [], [], "input"
    for k, (i, o) in enumerate(zip(shape, shape[1:])):
        inits.append(numpy_helper.from_array((rng.uniform(-1, 1, (o, i)) / np.sqrt(i) * 1.7).astype(np.float32), f"fc{k}.weight"))
        inits.append(numpy_helper.from_array(rng.uniform(-0.1, 0.1, o).astype(np.float32), f"fc{k}.bias"))
        last = k == len(shape) - 2
        y = "logits" if last else f"/fc{k}/Gemm_output_0"
        nodes.append(helper.make_node("Gemm", [x, f"fc{k}.weight", f"fc{k}.bias"], [y], name=f"/fc{k}/Gemm", transB=1))
        if not last:
            nodes.append(helper.make_node("Relu", [y], [f"/relu{k}/Relu_output_0"], name=f"/relu{k}/Relu"))
            x = f"/relu{k}/Relu_output_0"
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, shape[0]])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, shape[-1]])], inits)
    model = helper.make_model(graph, producer_name="takt-tests", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model


def quantized_models():
    import tempfile
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_dynamic, quantize_static

    class Calibration(CalibrationDataReader):
        def __init__(self, input_name="input"):
            # Calibration states spread like the test inputs, so onnxruntime's ranges cover them.
            rows = np.random.default_rng(14).normal(0, 1.5, (200, FEATURES)).astype(np.float32)
            self.rows = iter([{input_name: row[None, :]} for row in rows])

        def get_next(self):
            return next(self.rows, None)

    with tempfile.TemporaryDirectory() as d:
        fp32 = os.path.join(d, "mlp.onnx")
        onnx.save(mlp_graph([FEATURES, 16, 16, CLASSES], 5, "mlp"), fp32)
        quantize_dynamic(fp32, os.path.join(d, "dynamic.onnx"), weight_type=QuantType.QInt8)
        quantize_static(fp32, os.path.join(d, "static.onnx"), Calibration(), quant_format=QuantFormat.QDQ,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
        for source, name in [("dynamic.onnx", "ort-dynamic.onnx"), ("static.onnx", "ort-static.onnx"), ("mlp.onnx", "ort-fp32.onnx")]:
            save(onnx.load(os.path.join(d, source)), name)
        # A scikit-learn classifier quantized with quantize_static's defaults: Q/DQ pairs in the classifier tail too.
        from onnxruntime.quantization.shape_inference import quant_pre_process
        from skl2onnx import to_onnx
        from sklearn.neural_network import MLPClassifier
        classifier = MLPClassifier(hidden_layer_sizes=(16, 16), max_iter=300, random_state=0).fit(x_train, y_train)
        fp32 = os.path.join(d, "classifier.onnx")
        onnx.save(to_onnx(classifier, x_train[:1], options={id(classifier): {"zipmap": False}},
                          target_opset={"": 15, "ai.onnx.ml": 3}), fp32)
        quant_pre_process(fp32, os.path.join(d, "classifier-pre.onnx"))
        for source, name in [("classifier.onnx", "ort-static-sklearn.onnx"), ("classifier-pre.onnx", "ort-static-sklearn-pre.onnx")]:
            quantize_static(os.path.join(d, source), os.path.join(d, name), Calibration("X"))
            save(onnx.load(os.path.join(d, name)), name)


TREES = ["sklearn-forest.onnx", "sklearn-boosting.onnx", "xgboost.onnx", "lightgbm.onnx", "lightgbm-nozipmap.onnx",
         "sklearn-forest-labels.onnx"]
tree_inputs = x_test.copy()
tree_inputs[::10, 3] = np.nan  # missing values: feature 3 of every tenth input


def short(v):
    return float(f"{v:.8g}")


def run(name):
    """onnxruntime's scores for the inputs: the probabilities (or the one float output), one row per input."""
    session = ort.InferenceSession(os.path.join(here, name), providers=["CPUExecutionProvider"])
    inputs = tree_inputs if name in TREES else x_test
    rows = []
    for row in inputs:
        outs = session.run(None, {session.get_inputs()[0].name: row[None, :]})
        scores = [o for o in outs if isinstance(o, list) or (hasattr(o, "dtype") and o.dtype == np.float32)][-1]
        if isinstance(scores, list):  # ZipMap: [{class: probability}]
            scores = [scores[0][c] for c in sorted(scores[0])]
        rows.append([short(v) for v in np.asarray(scores, dtype=np.float64).reshape(-1)])
    return rows


def main():
    sklearn_models()
    booster_models()
    quantized_models()
    expected = {"versions": {m.__name__: m.__version__ for m in [onnx, ort, np]},
                "inputs": [[short(v) for v in row] for row in x_test],
                "trees": TREES, "missing_every": 10, "missing_feature": 3, "scores": {}}
    for name in ["sklearn-mlp.onnx", "sklearn-mlp-labels.onnx", "sklearn-mlp-slots.onnx", "torch-style-mlp.onnx", "ort-fp32.onnx",
                 "ort-dynamic.onnx", "ort-static.onnx", "ort-static-sklearn.onnx", "ort-static-sklearn-pre.onnx"] + TREES:
        expected["scores"][name] = run(name)
    with open(os.path.join(here, "ort-expected.json"), "w") as f:
        f.write(json.dumps(expected, separators=(",", ":")).replace("]],", "]],\n"))
        f.write("\n")


if __name__ == "__main__":
    main()
