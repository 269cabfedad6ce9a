import TaktDigest
import Foundation

/// A policy model file: a trained network or an imported tree ensemble for one decision point.
///
/// The format is JSON, versioned and self-describing: the decision point and
/// its schema version, feature and action names, the precision, every
/// layer's numbers and activation (or every tree node), and a SHA-256 checksum over a canonical binary form of
/// all of that (not of the JSON text, so reformatting keeps it valid while
/// any changed number or name is caught). `provenance` is free text about how
/// the model was made and is not checked.
public struct PolicyFile: Sendable, Equatable {
    public static let format = "takt-policy"
    public static let version = 1

    public var schema: DecisionSchema
    public var network: Network
    /// How the model was made (command, seed, data, accuracy); not checksummed.
    public var provenance: [String: String]

    /// The model: a network in one precision, or a tree ensemble.
    public enum Network: Sendable, Equatable {
        case fp32(MLP)
        case int8(QuantizedMLP)
        /// Decision trees (compared in fp32; never quantized).
        case trees(TreeEnsemble)

        public var precision: PackedNetwork.Precision {
            switch self {
            case .fp32, .trees: .fp32
            case .int8: .int8
            }
        }

        /// Inputs, then the width of each layer's output (an ensemble: features and scores).
        public var shape: [Int] {
            switch self {
            case let .fp32(m): m.shape
            case let .int8(m): m.shape
            case let .trees(e): [e.inputs, e.outputs]
            }
        }

        /// Multiply-accumulates per decision (an ensemble: node comparisons, trees × depth).
        public var macs: Int {
            switch self {
            case let .fp32(m): m.macs
            case let .int8(m): m.macs
            case let .trees(e): e.treeCount * e.depth
            }
        }

        /// What kind of model: `mlp` or `tree_ensemble` (the file's `model` key).
        public var kind: String {
            if case .trees = self { return "tree_ensemble" }
            return "mlp"
        }

        /// Packed for the dense kernels; networks only (`makePolicy` covers every kind).
        public func packed() -> PackedNetwork {
            switch self {
            case let .fp32(m): return PackedNetwork(m)
            case let .int8(m): return PackedNetwork(m)
            case .trees: preconditionFailure("a tree ensemble is not a network: use makePolicy()")
            }
        }

        /// The runtime policy for this model: a network's kernels or the tree evaluator.
        /// Each replication makes its own (policies keep scratch space).
        public func makePolicy(level: KernelLevel = .current) -> DecisionPolicy {
            switch self {
            case .fp32, .int8: NetworkPolicy(packed(), level: level)
            case let .trees(e): TreeEnsemblePolicy(PackedTrees(e), level: level)
            }
        }
    }

    public init(schema: DecisionSchema, network: Network, provenance: [String: String] = [:]) {
        self.schema = schema
        self.network = network
        self.provenance = provenance
    }

    /// The checksum of the canonical form, `sha256:` and 64 hex digits.
    public var checksum: String {
        var data = Data()
        func put(_ s: String) { data.append(contentsOf: Array(s.utf8)); data.append(0) }
        func put(_ v: some FixedWidthInteger) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func put(_ f: Float) { put(f.bitPattern) }
        // Networks with ReLU between layers hash as before activations were a choice, so older files keep their checksums.
        func put(activations: [Activation]) {
            put("activations")
            for a in activations {
                let k = a.kernelCode
                put(a.name); put(k.alpha); put(k.beta)
            }
        }
        put(Self.format)
        put(Int64(Self.version))
        put(schema.point)
        put(Int64(schema.version))
        put(Int64(schema.features.count))
        schema.features.forEach { put($0) }
        put(Int64(schema.actions.count))
        schema.actions.forEach { put($0) }
        put(network.precision.rawValue)
        switch network {
        case let .fp32(mlp):
            for layer in mlp.layers {
                put(Int64(layer.inputs)); put(Int64(layer.outputs))
                layer.weights.forEach { put($0) }
                layer.bias.forEach { put($0) }
            }
            if !mlp.hasStandardActivations { put(activations: mlp.activations) }
        case let .int8(mlp):
            put(mlp.inputScale); put(mlp.inputInverseScale)
            for layer in mlp.layers {
                put(Int64(layer.inputs)); put(Int64(layer.outputs))
                layer.weights.forEach { put($0) }
                layer.weightScales.forEach { put($0) }
                layer.bias.forEach { put($0) }
                layer.multipliers.forEach { put($0) }
                put(layer.outputScale)
            }
            if !mlp.hasStandardActivations { put(activations: mlp.activations) }
        case let .trees(e):
            put(network.kind)
            put(Int64(e.inputs)); put(Int64(e.outputs)); put(e.aggregate.rawValue); put(e.postTransform.rawValue)
            for array in [e.roots, e.feature, e.trueChild, e.falseChild, e.leafStart, e.leafTargets] {
                put(Int64(array.count)); array.forEach { put($0) }
            }
            for array in [e.threshold, e.leafWeights, e.baseValues] {
                put(Int64(array.count)); array.forEach { put($0) }
            }
            e.mode.forEach { put($0.rawValue) }
            e.missingTracksTrue.forEach { put(UInt8($0 ? 1 : 0)) }
        }
        return "sha256:" + SHA256.hex(of: data)
    }
}

/// A model file that cannot be used, and why.
public struct PolicyFileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
