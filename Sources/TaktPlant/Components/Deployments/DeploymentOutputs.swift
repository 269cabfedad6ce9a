/// A figure of the deployment serving one decision site, in one replication (after warm-up).
public typealias DeploymentOutput = Output<DeploymentResult, Void>

/// Every figure of a deployment's calls: how many, how many refused, timed
/// out or decided by the fallback, how long they took, what they cost.
public enum DeploymentOutputs {
    public static let requests = DeploymentOutput("requests", unit: "count", kind: .count, "Decisions asked.") { Double($0.requests) }
    public static let calls = DeploymentOutput("calls", unit: "count", kind: .count, "Calls made (refused calls are not made).") { Double($0.calls) }
    public static let refused = DeploymentOutput("refused", unit: "count", kind: .count, "Calls refused by the rate limit.") { Double($0.refused) }
    public static let timedOut = DeploymentOutput("timed_out", unit: "count", kind: .count, "Calls abandoned at the time-out.") { Double($0.timedOut) }
    public static let fallbacks = DeploymentOutput("fallbacks", unit: "count", kind: .count, "Decisions made by the fallback (refused or timed out).") {
        Double($0.fallbacks)
    }
    public static let latencyP50 = DeploymentOutput("latency_p50_s", unit: "s", "Median time from asking to the decision applied.") { $0.latencyP50 }
    public static let latencyP95 = DeploymentOutput("latency_p95_s", unit: "s", "95th percentile of the time from asking to the decision applied.") {
        $0.latencyP95
    }
    public static let latencyP99 = DeploymentOutput("latency_p99_s", unit: "s", "99th percentile of the time from asking to the decision applied.") {
        $0.latencyP99
    }
    public static let waitHours = DeploymentOutput("wait_hours", unit: "h", "Time the asking servers and sources waited for answers, summed.") {
        $0.waitHours
    }
    public static let cost = DeploymentOutput("cost", unit: "currency", "Cost of the calls, in the plant file's currency.") { $0.cost }
    /// Stored only: the JSON and summaries give the energy per decision.
    public static let energy = DeploymentOutput("energy_j", unit: "J", "Energy of the decisions, joules (stored only).", when: { _ in false }) {
        $0.energyJ
    }
    public static let energyPerDecision = DeploymentOutput("energy_per_decision_j", unit: "J", "Energy per decision asked.") {
        $0.requests > 0 ? $0.energyJ / Double($0.requests) : 0
    }

    public static let all = [requests, calls, refused, timedOut, fallbacks, latencyP50, latencyP95, latencyP99, waitHours, cost, energy, energyPerDecision]
}
