import Foundation
import TaktPolicy
import Testing

/// ONNX files made by Tests/Fixtures/onnx/make_models.py with the onnx Python package.
@Suite("ONNX import")
struct ONNXImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/onnx")

    struct Expected: Decodable {
        var inputs: [[Float]]
        var logits: [[Double]]
    }

    func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("expected.json")))
    }

    @Test("Gemm (PyTorch's nn.Linear) and MatMul + Add forms import to the same network and its outputs", arguments: ["gemm-mlp.onnx", "matmul-mlp.onnx"])
    func imports(file: String) throws {
        let mlp = try ONNXImport.mlp(fromFile: Self.fixtures.appendingPathComponent(file).path)
        #expect(mlp.shape == [32, 16, 8])
        let e = try expected()
        for (x, want) in zip(e.inputs, e.logits) {
            for (got, w) in zip(mlp.referenceForward(x), want) { #expect(abs(Double(got) - w) < 1e-5 * (1 + abs(w))) }
        }
    }

    @Test("both forms give identical weights")
    func sameWeights() throws {
        let a = try ONNXImport.mlp(fromFile: Self.fixtures.appendingPathComponent("gemm-mlp.onnx").path)
        let b = try ONNXImport.mlp(fromFile: Self.fixtures.appendingPathComponent("matmul-mlp.onnx").path)
        #expect(a == b)
    }

    @Test("unsupported operators, broken bytes and missing files are clear errors")
    func errors() throws {
        let conv = Self.fixtures.appendingPathComponent("conv.onnx").path
        #expect(throws: PolicyFileError(path: conv, message: "node 'conv0' (Conv) is not supported: Takt imports MLPs (Gemm, or MatMul and Add, layers; Relu, LeakyRelu, Sigmoid, Tanh or Clip between them; int8 as onnxruntime quantizes them; a classifier tail after the scores) and tree ensembles (TreeEnsembleClassifier, TreeEnsembleRegressor): docs/importing-models.md")) {
            try ONNXImport.mlp(fromFile: conv)
        }
        let bytes = try Data(contentsOf: Self.fixtures.appendingPathComponent("gemm-mlp.onnx"))
        do {
            _ = try ONNXImport.mlp(from: bytes.prefix(bytes.count / 2), path: "half.onnx")
            Issue.record("a truncated file was accepted")
        } catch {
            #expect(error.message.hasPrefix("not an ONNX model") || error.message.contains("initializer"))
        }
        #expect(throws: PolicyFileError.self) { try ONNXImport.mlp(fromFile: "/nonexistent.onnx") }
    }
}
