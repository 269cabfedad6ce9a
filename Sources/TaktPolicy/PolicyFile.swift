import Crypto
import Foundation

/// A policy model file: a trained network for one decision point.
///
/// The format is JSON, versioned and self-describing: the decision point and
/// its schema version, feature and action names, the precision, every
/// layer's numbers, and a SHA-256 checksum over a canonical binary form of
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

    /// The network, in one precision.
    public enum Network: Sendable, Equatable {
        case fp32(MLP)
        case int8(QuantizedMLP)

        public var precision: PackedNetwork.Precision {
            switch self {
            case .fp32: .fp32
            case .int8: .int8
            }
        }

        public var shape: [Int] {
            switch self {
            case let .fp32(m): m.shape
            case let .int8(m): m.shape
            }
        }

        /// Multiply-accumulates per decision.
        public var macs: Int {
            switch self {
            case let .fp32(m): m.macs
            case let .int8(m): m.macs
            }
        }

        /// Packed for the kernels.
        public func packed() -> PackedNetwork {
            switch self {
            case let .fp32(m): PackedNetwork(m)
            case let .int8(m): PackedNetwork(m)
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
        }
        return "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
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
