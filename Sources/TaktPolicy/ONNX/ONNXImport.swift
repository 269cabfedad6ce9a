import Foundation
import SwiftProtobuf

/// A model read from an ONNX file, and what the import changed or cut off.
public struct ImportedModel: Sendable {
    public var network: PolicyFile.Network
    /// One line per change: a cut classifier tail, dequantized weights, a dropped range.
    public var notes: [String]
}

/// Imports a policy model from ONNX, as people export it:
/// - MLPs from PyTorch, scikit-learn (skl2onnx) and others: fully connected
///   layers as `Gemm` (any `transB`, `alpha` and `beta`) or `MatMul` + `Add`,
///   with `Relu`, `LeakyRelu`, `Sigmoid`, `Tanh` or `Clip` (ReLU6) between
///   them; shape-only nodes (`Flatten`, `Reshape`, `Identity`, `Cast` to
///   float, …) passed through; a classifier tail after the scores (`Softmax`,
///   `ArgMax`, `ZipMap`, …) cut off, since it does not change the best action;
/// - MLPs quantized by onnxruntime (dynamic `MatMulInteger` and static QDQ),
///   read as the fp32 networks they approximate (see `ONNXGraph.dequantize`);
/// - tree ensembles (`TreeEnsembleClassifier`, `TreeEnsembleRegressor`) from
///   scikit-learn, XGBoost and LightGBM.
/// Anything else is refused with the node's name and operator. Files are
/// untrusted: sizes are bounded, external data is refused, and every index
/// is checked.
public enum ONNXImport {
    /// Reads the model file at `path`; `features` (the decision point's count) bounds the features a tree may read.
    public static func model(fromFile path: String, features: Int? = nil) throws(PolicyFileError) -> ImportedModel {
        let data: Data
        do {
            data = try BoundedFile.read(path, limit: ONNXGraph.maxFileBytes)
        } catch {
            throw PolicyFileError(path: path, message: "cannot read the ONNX file (\(error.reason))")
        }
        return try model(from: data, path: path, features: features)
    }

    /// Reads an ONNX model from its bytes; `path` names it in errors.
    public static func model(from data: Data, path: String, features: Int? = nil) throws(PolicyFileError) -> ImportedModel {
        guard data.count <= ONNXGraph.maxFileBytes else {
            throw PolicyFileError(path: path, message: "the model has \(data.count) bytes; Takt imports ONNX files of at most \(ONNXGraph.maxFileBytes)")
        }
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw PolicyFileError(path: path, message: "not an ONNX model: the protobuf could not be decoded (\(error))")
        }
        var graph = try ONNXGraph(model, path: path)
        if graph.nodes.contains(where: { ONNXGraph.treeOperators.contains($0.op) }) {
            let ensemble = try graph.treeEnsemble(features: features)
            return ImportedModel(network: .trees(ensemble), notes: graph.notes)
        }
        try graph.dequantize()
        let mlp = try graph.mlp()
        return ImportedModel(network: .fp32(mlp), notes: graph.notes)
    }

    /// Reads an MLP from the model file at `path` (a tree ensemble is refused).
    public static func mlp(fromFile path: String) throws(PolicyFileError) -> MLP {
        try mlp(of: model(fromFile: path), path: path)
    }

    /// Reads an MLP from an ONNX model's bytes.
    public static func mlp(from data: Data, path: String) throws(PolicyFileError) -> MLP {
        try mlp(of: model(from: data, path: path), path: path)
    }

    private static func mlp(of model: ImportedModel, path: String) throws(PolicyFileError) -> MLP {
        guard case let .fp32(mlp) = model.network else { throw PolicyFileError(path: path, message: "the model is a tree ensemble, not an MLP") }
        return mlp
    }
}
