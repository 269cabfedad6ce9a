import CTaktKernels

/// What a decision point shows a policy: named features (a fixed-size
/// vector) and named candidate actions (a validity mask says which are
/// possible at each decision).
public struct DecisionSchema: Sendable, Equatable {
    /// The decision point's name, e.g. `pick`.
    public var point: String
    /// Bumped whenever the features or actions change meaning.
    public var version: Int
    public var features: [String]
    public var actions: [String]

    public init(point: String, version: Int, features: [String], actions: [String]) {
        self.point = point
        self.version = version
        self.features = features
        self.actions = actions
    }
}

/// A policy: chooses one allowed action from a decision point's features.
///
/// Called on the simulation's hot path; implementations must not allocate.
/// Each replication owns its policies (they keep scratch space).
public protocol DecisionPolicy: AnyObject {
    /// The chosen action's index; `mask[i]` says whether action i is allowed
    /// (at least one is). `features` holds the schema's feature count.
    func choose(features: UnsafePointer<Float>, mask: UnsafePointer<Bool>) -> Int
}

/// A policy that scores the actions with a neural network (fp32 or int8)
/// and takes the best allowed one.
public final class NetworkPolicy: DecisionPolicy {
    let evaluator: NetworkEvaluator
    let logits: AlignedBuffer<Float>
    let outputs: Int32

    public init(_ network: PackedNetwork, level: KernelLevel = .current) {
        evaluator = NetworkEvaluator(network, level: level)
        logits = AlignedBuffer(count: network.paddedOutputs)
        outputs = Int32(network.outputs)
    }

    public func choose(features: UnsafePointer<Float>, mask: UnsafePointer<Bool>) -> Int {
        evaluator.evaluate(features, into: logits.base, padded: true)
        // Bool is one byte, 0 or 1.
        let choice = UnsafeRawPointer(mask).withMemoryRebound(to: UInt8.self, capacity: Int(outputs)) {
            takt_masked_argmax(evaluator.level.rawValue, logits.base, $0, outputs)
        }
        return max(0, Int(choice))
    }
}
