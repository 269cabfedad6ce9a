/// A figure of one decision site in one replication.
public typealias DecisionOutput = Output<DecisionResult, DecisionSiteRuns>

/// What a run's replications say about a decision site: whether it reports
/// agreement with the teacher (asked in every replication) and its policy
/// process's fallbacks (the process failed in some replication).
public struct DecisionSiteRuns: Sendable {
    public var teacherCompared: Bool
    public var processFailed: Bool

    /// The site's replications `rows`.
    public init(_ rows: [DecisionResult]) {
        teacherCompared = !rows.isEmpty && rows.allSatisfy { $0.teacherAgreement != nil }
        processFailed = rows.contains { $0.processFailure != nil }
    }
}

/// Every figure of a decision site: how often it decided, at what cost, how
/// often the teacher agreed, how often a fallback replaced its failed policy
/// process. Its deployment's calls are `DeploymentOutputs`.
public enum DecisionOutputs {
    public static let decisions = DecisionOutput("decisions", unit: "count", kind: .count, "Decisions made, the whole run (warm-up included).") {
        Double($0.decisions)
    }
    public static let meanNs = DecisionOutput("mean_ns", unit: "ns", "Wall-clock nanoseconds per decision, the rule's or policy's call alone.") {
        $0.meanNs
    }
    /// Stored only: the JSON and summaries give the agreement.
    public static let teacherCompared = DecisionOutput("teacher_compared", unit: "count", kind: .count,
                                                       "Decisions also put to the teacher (stored only).", when: { _ in false }) {
        Double($0.teacherCompared)
    }
    public static let teacherAgreement = DecisionOutput("teacher_agreement", unit: "share", "Share of the decisions put to the teacher that it would have made the same.",
                                                        when: \.teacherCompared, optionalValue: \.teacherAgreement)
    public static let processFallbacks = DecisionOutput("process_fallbacks", unit: "count", kind: .count,
                                                        "Decisions made by the site's fallback after its policy process failed.",
                                                        when: \.processFailed) { Double($0.processFallbacks) }

    public static let all = [decisions, meanNs, teacherCompared, teacherAgreement, processFallbacks]
}
