import Foundation
import SwiftProtobuf

/// Imports a multilayer perceptron from an ONNX model, as PyTorch and other
/// frameworks export it: fully connected layers as `Gemm` (any `transB`,
/// `alpha` and `beta`) or as `MatMul` followed by `Add`, with `Relu` between
/// layers and none after the last. `Identity` nodes are passed through.
/// Anything else is refused with the node's name and operator.
public enum ONNXImport {
    /// Reads the model file at `path`.
    public static func mlp(fromFile path: String) throws(PolicyFileError) -> MLP {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PolicyFileError(path: path, message: "cannot read the ONNX file (\((error as NSError).localizedFailureReason ?? "no such file or not readable"))")
        }
        return try mlp(from: data, path: path)
    }

    /// Reads an ONNX model from its bytes; `path` names it in errors.
    public static func mlp(from data: Data, path: String) throws(PolicyFileError) -> MLP {
        func fail(_ message: String) -> PolicyFileError { PolicyFileError(path: path, message: message) }
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw fail("not an ONNX model: the protobuf could not be decoded (\(error))")
        }
        guard model.hasGraph, !model.graph.node.isEmpty else { throw fail("the ONNX model has no graph") }
        let graph = model.graph
        var tensors: [String: (dims: [Int], values: [Float])] = [:]
        for t in graph.initializer { tensors[t.name] = try values(of: t, fail) }
        guard let input = graph.input.first(where: { tensors[$0.name] == nil })?.name else {
            throw fail("the graph has no input that is not a weight")
        }
        let outputs = Set(graph.output.map(\.name))
        var consumers: [String: [Onnx_NodeProto]] = [:]
        for node in graph.node { for name in node.input { consumers[name, default: []].append(node) } }
        func describe(_ node: Onnx_NodeProto) -> String { "node '\(node.name.isEmpty ? node.output.first ?? "?" : node.name)' (\(node.opType))" }

        var layers: [DenseLayer] = []
        var reluAfter: [Bool] = []
        var current = input
        while !outputs.contains(current) {
            guard let users = consumers[current], users.count == 1, let node = users.first else {
                throw fail(consumers[current] == nil ? "'\(current)' is not used by any node and is not a graph output"
                    : "'\(current)' feeds \(consumers[current]!.count) nodes; an MLP is a single chain of layers")
            }
            guard node.input.first == current || node.opType == "Add" || node.opType == "MatMul" else {
                throw fail("\(describe(node)) takes '\(current)' as an input other than the first")
            }
            guard let output = node.output.first else { throw fail("\(describe(node)) has no output") }
            switch node.opType {
            case "Gemm":
                guard node.input.count >= 2, let b = tensors[node.input[1]], b.dims.count == 2 else {
                    throw fail("\(describe(node)): its weight must be a two-dimensional initializer")
                }
                let transA = attribute(node, "transA")?.i ?? 0, transB = attribute(node, "transB")?.i ?? 0
                guard transA == 0 else { throw fail("\(describe(node)): transA = 1 is not a fully connected layer on a row of features") }
                let alpha = attribute(node, "alpha")?.f ?? 1, beta = attribute(node, "beta")?.f ?? 1
                let (outs, ins) = transB != 0 ? (b.dims[0], b.dims[1]) : (b.dims[1], b.dims[0])
                var weights = [Float](repeating: 0, count: outs * ins)
                for o in 0..<outs {
                    for k in 0..<ins { weights[o * ins + k] = alpha * (transB != 0 ? b.values[o * ins + k] : b.values[k * outs + o]) }
                }
                var bias = [Float](repeating: 0, count: outs)
                if node.input.count >= 3, !node.input[2].isEmpty {
                    guard let c = tensors[node.input[2]], c.values.count == outs else {
                        throw fail("\(describe(node)): its bias must be an initializer of \(outs) values")
                    }
                    bias = c.values.map { beta * $0 }
                }
                try append(DenseLayer(inputs: ins, outputs: outs, weights: weights, bias: bias), node)
                current = output
            case "MatMul":
                guard node.input.count == 2, node.input[0] == current, let b = tensors[node.input[1]], b.dims.count == 2 else {
                    throw fail("\(describe(node)): expected the features times a two-dimensional weight initializer")
                }
                let (ins, outs) = (b.dims[0], b.dims[1])
                var weights = [Float](repeating: 0, count: outs * ins)
                for o in 0..<outs { for k in 0..<ins { weights[o * ins + k] = b.values[k * outs + o] } }
                try append(DenseLayer(inputs: ins, outputs: outs, weights: weights, bias: Array(repeating: 0, count: outs)), node)
                current = output
            case "Add":
                guard let other = node.input.first(where: { $0 != current }), let c = tensors[other], !layers.isEmpty,
                      !reluAfter[layers.count - 1], c.values.count == layers[layers.count - 1].outputs else {
                    throw fail("\(describe(node)): only a bias added right after MatMul or Gemm can be imported")
                }
                for o in 0..<c.values.count { layers[layers.count - 1].bias[o] += c.values[o] }
                current = output
            case "Relu":
                guard !layers.isEmpty, !reluAfter[layers.count - 1] else { throw fail("\(describe(node)): a Relu must follow a layer") }
                reluAfter[layers.count - 1] = true
                current = output
            case "Identity":
                current = output
            default:
                throw fail("\(describe(node)) is not supported: Takt imports MLPs made of Gemm, MatMul, Add and Relu")
            }
        }
        guard !layers.isEmpty else { throw fail("the graph has no fully connected layer") }
        for l in 0..<(layers.count - 1) where !reluAfter[l] {
            throw fail("layers \(l + 1) and \(l + 2) are joined without a Relu: Takt's MLPs have ReLU between every two layers")
        }
        if reluAfter[layers.count - 1] { throw fail("the last layer is followed by a Relu: Takt's policies read raw scores (logits)") }
        return MLP(layers: layers)

        func append(_ layer: DenseLayer, _ node: Onnx_NodeProto) throws(PolicyFileError) {
            if let previous = layers.last, previous.outputs != layer.inputs {
                throw fail("\(describe(node)) takes \(layer.inputs) inputs but the layer before gives \(previous.outputs)")
            }
            guard layer.inputs <= PolicyFile.maxWidth, layer.outputs <= PolicyFile.maxWidth else {
                throw fail("\(describe(node)): layers wider than \(PolicyFile.maxWidth) are not supported")
            }
            guard layer.weights.allSatisfy(\.isFinite), layer.bias.allSatisfy(\.isFinite) else {
                throw fail("\(describe(node)) has a weight that is not a finite number")
            }
            layers.append(layer)
            reluAfter.append(false)
        }
    }

    static func attribute(_ node: Onnx_NodeProto, _ name: String) -> Onnx_AttributeProto? {
        node.attribute.first { $0.name == name }
    }

    /// An initializer's shape and values as Float (FLOAT or DOUBLE, inline data only).
    static func values(of t: Onnx_TensorProto, _ fail: (String) -> PolicyFileError) throws(PolicyFileError) -> (dims: [Int], values: [Float]) {
        let dims = t.dims.map { Int($0) }
        guard dims.allSatisfy({ $0 >= 0 && $0 <= 1 << 24 }) else { throw fail("initializer '\(t.name)' has an impossible shape \(dims)") }
        let count = dims.reduce(1, *)
        guard t.dataLocation == 0 else { throw fail("initializer '\(t.name)' keeps its data in an external file; save the model with the weights inside") }
        var values: [Float]
        switch t.dataType {
        case 1:  // FLOAT
            if !t.rawData.isEmpty {
                guard t.rawData.count == count * 4 else { throw fail("initializer '\(t.name)' has \(t.rawData.count) bytes of data for \(count) floats") }
                values = t.rawData.withUnsafeBytes { raw in (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) } }
            } else {
                values = t.floatData
            }
        case 11:  // DOUBLE
            if !t.rawData.isEmpty {
                guard t.rawData.count == count * 8 else { throw fail("initializer '\(t.name)' has \(t.rawData.count) bytes of data for \(count) doubles") }
                values = t.rawData.withUnsafeBytes { raw in (0..<count).map { Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))) } }
            } else {
                values = t.doubleData.map { Float($0) }
            }
        default:
            throw fail("initializer '\(t.name)' has ONNX data type \(t.dataType); Takt imports float (1) and double (11) weights")
        }
        guard values.count == count else { throw fail("initializer '\(t.name)' has \(values.count) values for shape \(dims)") }
        return (dims, values)
    }
}
