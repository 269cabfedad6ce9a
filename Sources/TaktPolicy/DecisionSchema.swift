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
