/// A plant-level figure of one replication, declared once: experiments
/// compare it, the store keeps it, `takt run --json` and its summary read it.
public struct ResultFigure: Sendable {
    /// The name used in experiment files and the store.
    public let name: String
    /// What it is, with its unit, for tables.
    public let label: String
    public private(set) var unit: String
    /// Whether a larger value is better (ranks variants).
    public let higherIsBetter: Bool
    /// Where `takt run --json` writes it: a key, or an object's key and the
    /// key inside it (`lead_time_s`, `mean`); nil: not at the top level (the
    /// decision sites' objects carry the decision figures).
    public let json: [String]?
    /// The figure's value in a replication (nil when the plant does not have it).
    public let value: @Sendable (ReplicationResult) -> Double?
    /// What the figure is a mean over, for batch means within one long
    /// replication (nil: quantiles, maxima and decision figures have no half-width from one replication).
    public let batch: BatchBasis<ReplicationResult>?
    private let reported: @Sendable (PlantDescription) -> Bool

    /// Declares the figure `name`; `json` defaults to the name, `when` says which plants report it.
    init(name: String, label: String, unit: String, higherIsBetter: Bool, json: [String]? = [], batch: BatchBasis<ReplicationResult>? = nil,
         when reported: @escaping @Sendable (PlantDescription) -> Bool = { _ in true }, value: @escaping @Sendable (ReplicationResult) -> Double?) {
        self.name = name
        self.label = label
        self.unit = unit
        self.higherIsBetter = higherIsBetter
        self.json = json.map { $0.isEmpty ? [name] : $0 }
        self.batch = batch
        self.reported = reported
        self.value = value
    }

    /// Whether `plant` reports the figure: summaries and the JSON leave it out otherwise
    /// (first-pass yield without inspection, energy without power, takt adherence without a takt).
    public func isReported(by plant: PlantDescription) -> Bool { reported(plant) }

    /// Every figure an experiment can compare.
    public static let all: [ResultFigure] = [
        ResultFigure(name: "throughput_per_operating_hour", label: "throughput per shift hour", unit: "jobs/h", higherIsBetter: true, batch: onShift) { $0.throughputPerOperatingHour },
        ResultFigure(name: "throughput_per_hour", label: "throughput per calendar hour", unit: "jobs/h", higherIsBetter: true, batch: .time) { $0.throughputPerHour },
        ResultFigure(name: "jobs_completed", label: "jobs completed", unit: "jobs", higherIsBetter: true, batch: .total) { Double($0.jobsCompleted) },
        ResultFigure(name: "lead_time_mean", label: "mean lead time", unit: "s", higherIsBetter: false, json: ["lead_time_s", "mean"], batch: perJob) { $0.leadTimeMean },
        ResultFigure(name: "lead_time_p50", label: "lead time p50", unit: "s", higherIsBetter: false, json: ["lead_time_s", "p50"]) { $0.leadTimeP50 },
        ResultFigure(name: "lead_time_p95", label: "lead time p95", unit: "s", higherIsBetter: false, json: ["lead_time_s", "p95"]) { $0.leadTimeP95 },
        ResultFigure(name: "interdeparture_mean", label: "mean interdeparture time", unit: "s", higherIsBetter: false, json: ["interdeparture_s", "mean"], batch: perJob) { $0.interdepartureMean },
        ResultFigure(name: "interdeparture_p50", label: "interdeparture time p50", unit: "s", higherIsBetter: false, json: ["interdeparture_s", "p50"]) { $0.interdepartureP50 },
        ResultFigure(name: "interdeparture_p95", label: "interdeparture time p95", unit: "s", higherIsBetter: false, json: ["interdeparture_s", "p95"]) { $0.interdepartureP95 },
        ResultFigure(name: "takt_adherence", label: "takt adherence", unit: "share", higherIsBetter: true, batch: perJob, when: { $0.takt != nil }) { $0.taktAdherence },
        ResultFigure(name: "work_in_process", label: "work in process", unit: "jobs", higherIsBetter: false, batch: .time) { $0.workInProcess },
        ResultFigure(name: "first_pass_yield", label: "first-pass yield", unit: "share", higherIsBetter: true, batch: perJob, when: inspects) { $0.firstPassYield },
        // Order lists with due dates.
        ResultFigure(name: "on_time_share", label: "jobs on time", unit: "share", higherIsBetter: true, batch: perJob, when: { $0.hasDueDates }) { $0.onTimeShare },
        ResultFigure(name: "tardiness_mean", label: "mean tardiness", unit: "s", higherIsBetter: false, json: ["tardiness_s", "mean"], batch: perJob,
                     when: { $0.hasDueDates }) { $0.tardinessMean },
        ResultFigure(name: "tardiness_max", label: "largest tardiness", unit: "s", higherIsBetter: false, json: ["tardiness_s", "max"],
                     when: { $0.hasDueDates }) { $0.tardinessMax },
        ResultFigure(name: "failures", label: "failures", unit: "count", higherIsBetter: false, batch: .total) { Double($0.failures) },
        ResultFigure(name: "changeovers", label: "changeovers", unit: "count", higherIsBetter: false, json: nil, batch: .total) { r in Double(r.stations.reduce(0) { $0 + $1.changeovers }) },
        ResultFigure(name: "energy_per_job_kwh", label: "energy per job", unit: "kWh/job", higherIsBetter: false, batch: perJob, when: drawsPower) { $0.energyKWh > 0 ? $0.energyPerJobKWh : nil },  // stored only for plants with power
        // Deployed decisions (plants with deployments only).
        ResultFigure(name: "decision_latency_p50", label: "decision latency p50", unit: "s", higherIsBetter: false, json: nil) { $0.deployed?.latencyP50 },
        ResultFigure(name: "decision_latency_p95", label: "decision latency p95", unit: "s", higherIsBetter: false, json: nil) { $0.deployed?.latencyP95 },
        ResultFigure(name: "decision_latency_p99", label: "decision latency p99", unit: "s", higherIsBetter: false, json: nil) { $0.deployed?.latencyP99 },
        ResultFigure(name: "decision_wait_hours", label: "time waiting for decisions", unit: "h", higherIsBetter: false, json: nil) { $0.deployed?.waitHours },
        ResultFigure(name: "decision_timeouts", label: "decision time-outs", unit: "count", higherIsBetter: false, json: nil) { $0.deployed.map { Double($0.timedOut) } },
        ResultFigure(name: "decision_fallback_share", label: "decisions by fallback", unit: "share", higherIsBetter: false, json: nil) { r in
            r.deployed.map { $0.requests > 0 ? Double($0.fallbacks) / Double($0.requests) : 0 }
        },
        ResultFigure(name: "decision_cost_per_job", label: "decision cost per job", unit: "per job", higherIsBetter: false, json: nil) { r in
            r.deployed.map { r.jobsCompleted > 0 ? $0.cost / Double(r.jobsCompleted) : 0 }
        },
        ResultFigure(name: "decision_energy_j", label: "energy per decision", unit: "J", higherIsBetter: false, json: nil) { r in
            r.deployed.map(DeploymentOutputs.energyPerDecision.value(of:))
        },
        // Sites that ask the teacher too (`teacher: oracle`): the share of decisions it would have made the same.
        ResultFigure(name: "decision_agreement", label: "agreement with the teacher", unit: "share", higherIsBetter: true, json: nil) { r in
            let compared = r.decisions.reduce(0) { $0 + $1.teacherCompared }
            guard compared > 0 else { return nil }
            return r.decisions.reduce(0.0) { $0 + Double($1.teacherCompared) * ($1.teacherAgreement ?? 0) } / Double(compared)
        },
    ] + fromCosts

    /// The figure with its money named (`currency/h` becomes `EUR/h`); unchanged without a currency or money.
    public func priced(in currency: String?) -> ResultFigure {
        guard let currency, !currency.isEmpty, unit.hasPrefix("currency") else { return self }
        var named = self
        named.unit = currency + unit.dropFirst("currency".count)
        return named
    }

    /// The figure named `name`, if there is one.
    public static func named(_ name: String) -> ResultFigure? { all.first { $0.name == name } }

    /// Means per completed job (some, as tardiness, are over a part of them: the weights only blur the batches).
    static let perJob: BatchBasis<ReplicationResult> = .per("jobs") { Double($0.jobsCompleted) }
    /// Rates per on-shift hour.
    static let onShift: BatchBasis<ReplicationResult> = .per("shift hours", \.operatingHours)

    /// Plants with an inspecting station.
    static let inspects: @Sendable (PlantDescription) -> Bool = { $0.stations.contains(where: StationOutputs.defects.isReported(for:)) }
    /// Plants with a station that draws power.
    static let drawsPower: @Sendable (PlantDescription) -> Bool = { $0.stations.contains(where: StationOutputs.energy.isReported(for:)) }
}

extension ResultFigure {
    /// Plant-level counts stored with every run beside `all`, which experiments do not compare.
    public static let stored: [ResultFigure] = [
        ResultFigure(name: "jobs_started", label: "jobs started", unit: "jobs", higherIsBetter: true, json: nil, batch: .total) { Double($0.jobsStarted) },
        ResultFigure(name: "jobs_lost", label: "jobs lost at full sources", unit: "jobs", higherIsBetter: false, batch: .total) { Double($0.jobsLost) },
        ResultFigure(name: "operating_hours", label: "on-shift hours", unit: "h", higherIsBetter: true, batch: .total) { $0.operatingHours },
        ResultFigure(name: "energy_kwh", label: "energy", unit: "kWh", higherIsBetter: false, batch: .total, when: drawsPower) { $0.energyKWh > 0 ? $0.energyKWh : nil },
    ] + costByKind.map(\.figure)

    /// Every plant-level figure a run measures and stores: `all`, then `stored`.
    public static let measured: [ResultFigure] = all + stored
}
