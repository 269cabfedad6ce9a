import Foundation
@testable import TaktPolicy
import Testing

/// MLPs as PyTorch and scikit-learn export them and as onnxruntime quantizes
/// them, against onnxruntime's outputs (ORTExpected).
@Suite("ONNX import: exported and quantized MLPs")
struct ONNXExportedMLPTests {
    let expected = ORTExpected.shared

    func imported(_ name: String) throws -> ImportedModel {
        try ONNXImport.model(fromFile: ORTExpected.fixture(name).path, features: 32)
    }

    @Test("a PyTorch-style MLP: LeakyReLU, Tanh, Sigmoid and ReLU6 between layers, a Softmax/ArgMax tail cut off")
    func torchStyle() throws {
        let model = try imported("torch-style-mlp.onnx")
        guard case let .fp32(mlp) = model.network else { Issue.record("not an MLP"); return }
        #expect(mlp.shape == [32, 16, 16, 16, 16, 8])
        #expect(mlp.activations == [.leakyRelu(alpha: 0.1), .tanh, .sigmoid, .clip(min: 0, max: 6), .none])
        #expect(model.notes.contains { $0.contains("Softmax, ArgMax") && $0.contains("chosen action is unchanged") })
        try expectProbabilities(of: mlp, "torch-style-mlp.onnx", tolerance: 2e-6)
    }

    @Test("scikit-learn's MLPClassifier (tanh) via skl2onnx: Cast in front, Softmax/ArgMax/ZipMap/ArrayFeatureExtractor tail")
    func sklearn() throws {
        let model = try imported("sklearn-mlp.onnx")
        guard case let .fp32(mlp) = model.network else { Issue.record("not an MLP"); return }
        #expect(mlp.shape == [32, 16, 8])
        #expect(mlp.activations == [.tanh, .none])
        let tail = try #require(model.notes.first { $0.hasPrefix("cut the classifier tail") })
        for op in ["Softmax", "ArgMax", "ZipMap", "ArrayFeatureExtractor", "Cast", "Reshape"] { #expect(tail.contains(op)) }
        #expect(!tail.contains("class labels"), "labels 0…7 are the actions themselves: no note")
        try expectProbabilities(of: mlp, "sklearn-mlp.onnx", tolerance: 2e-6)
    }

    @Test("The same MLPClassifier trained on string labels: the tail's string tensor of classes is cut off with it")
    func sklearnStringLabels() throws {
        let model = try imported("sklearn-mlp-labels.onnx")
        guard case let .fp32(mlp) = model.network else { Issue.record("not an MLP"); return }
        #expect(mlp.shape == [32, 16, 8])
        #expect(model.notes.contains { $0.hasPrefix("cut the classifier tail") && $0.contains("ArrayFeatureExtractor") }, "\(model.notes)")
        #expect(model.notes.contains { $0.hasPrefix("the classifier's class labels (c0, c1, c2, c3, c4, c5, c6, c7)") }, "\(model.notes)")
        try expectProbabilities(of: mlp, "sklearn-mlp-labels.onnx", tolerance: 2e-6)
    }

    /// Softmax of Takt's logits equals onnxruntime's probabilities, and the argmax is the same for every input.
    func expectProbabilities(of mlp: MLP, _ name: String, tolerance: Double) throws {
        let want = try #require(expected.scores[name])
        for (x, p) in zip(expected.inputs, want) {
            let logits = mlp.referenceForward(x)
            let got = ORTExpected.softmax(logits)
            #expect(zip(got, p).allSatisfy { abs($0 - $1) <= tolerance }, "\(name): \(got) vs \(p)")
            #expect(ORTExpected.argmax(logits) == ORTExpected.argmax(p))
            // The packed kernels give the reference's logits.
            let packed = NetworkEvaluator(PackedNetwork(mlp))
            var out = [Float](repeating: 0, count: mlp.outputs)
            packed.evaluate(x, into: &out)
            #expect(out == logits)
        }
    }

    @Test("onnxruntime's dynamic (MatMulInteger) and static QDQ quantization import as fp32 with dequantized weights",
          arguments: ["ort-dynamic.onnx", "ort-static.onnx"])
    func quantized(name: String) throws {
        let model = try imported(name)
        guard case let .fp32(mlp) = model.network else { Issue.record("not an MLP"); return }
        #expect(mlp.shape == [32, 16, 16, 8])
        let reference = try #require(try? ONNXImport.mlp(fromFile: ORTExpected.fixture("ort-fp32.onnx").path))
        if name == "ort-dynamic.onnx" {
            #expect(mlp.activations == [.relu, .relu, .none])
            #expect(model.notes.contains { $0.contains("MatMulInteger") })
        } else {
            // onnxruntime removes the ReLUs before uint8 ranges that start at 0; the ranges bring them back as clips.
            for a in mlp.activations.dropLast() {
                guard case let .clip(lo, hi) = a else { Issue.record("expected a clip, got \(a)"); continue }
                #expect(lo == 0 && hi > 0)
            }
            #expect(model.notes.contains { $0.contains("QuantizeLinear/DequantizeLinear") })
        }
        // The dequantized weights lie within half a quantization step of the original ones.
        for (a, b) in zip(mlp.layers, reference.layers) {
            let step = a.weights.map(abs).max()! / 127
            #expect(zip(a.weights, b.weights).allSatisfy { abs($0 - $1) <= step * 0.51 + 1e-6 })
        }
        // Against onnxruntime running the quantized model: Takt's fp32 import, and Takt's own int8 of it.
        let fp32 = try expected.agreement(name) { mlp.referenceForward($0).map(Double.init) }
        let calibration = expected.inputs
        let int8 = try Quantizer.quantize(mlp, calibration: calibration)
        let takt8 = try expected.agreement(name) { int8.referenceForward($0).map(Double.init) }
        print("\(name): Takt fp32 import vs onnxruntime: argmax \(fp32.agreed)/\(fp32.of), max logit error \(fp32.maxError); "
              + "Takt int8 (calibrated on the test inputs) vs onnxruntime: argmax \(takt8.agreed)/\(takt8.of), max logit error \(takt8.maxError)")
        // Measured (onnxruntime 1.32.0): 40/40 both ways; dynamic 0.014 (fp32) and 0.041 (int8), static 0.024 and 0.036.
        #expect(fp32.agreed >= fp32.of - 1)
        #expect(fp32.maxError < 0.05)
        #expect(takt8.agreed >= takt8.of - 1)
        #expect(takt8.maxError < 0.1)
    }
}
