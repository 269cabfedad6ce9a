/// A policy answered by another process: what a decision site tells it and
/// reads from it besides the choice (`ExternalPolicy`, one process per
/// replication; `BatchedPolicy`, one process for many, in batches).
public protocol ProcessPolicy: DecisionPolicy {
    /// Why the process failed (nil while it works); `choose` returns −1 once it has.
    var failure: String? { get }
    /// Whether the process asked for the running figures with each request.
    var wantsFigures: Bool { get }
    /// Simulated time of the next request, seconds; set by the site before `choose`.
    var time: Double { get set }
    /// The running figures sent with the next request (and the end) when the process asked for them.
    var figures: [(key: String, value: Double)] { get set }
    /// Tells the process the replication ended at `time` seconds.
    func end(time: Double)
}
