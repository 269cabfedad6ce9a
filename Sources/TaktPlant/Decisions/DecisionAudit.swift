/// One decision in the audit trail: what was asked, who answered, what it chose.
public struct DecisionAudit: Sendable, Codable, Equatable {
    /// Simulated time of the decision, seconds.
    public var time: Double
    /// The decision point and where (station, source or fleet).
    public var point: String
    public var at: String
    /// The rule or policy, as summaries name it, and the model file's checksum and precision (nil for the teacher).
    public var policy: String
    public var modelHash: String?
    public var precision: String?
    /// The deployment answering the decision, or `in-process`.
    public var deployment: String
    /// The feature vector, and which actions were allowed.
    public var features: [Float]
    public var mask: [Bool]
    /// The action taken, and the teacher's choice when the teacher was asked.
    public var chosen: Int
    public var teacher: Int?
    /// Simulated time from asking to the decision applied, seconds (0 in process), and the wall-clock cost of the inference, nanoseconds.
    public var latency: Double
    public var inferenceNs: Int
    /// Whether a fallback decided instead of the policy.
    public var fallback: Bool
}
