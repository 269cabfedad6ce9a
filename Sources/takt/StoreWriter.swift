import Foundation
import TaktKernel
import TaktPlant
import TaktStore

/// Writes each completed replication to the run store as it arrives.
///
/// Called from worker threads (serialized by the runner). After the first
/// failure it stops writing and remembers the error; runs already written stay.
final class StoreWriter: @unchecked Sendable {
    private let store: RunStore?
    private let plant: PlantDescription
    private let settings: RunSettings
    private let version: String
    private let batch = UUID().uuidString.lowercased()
    private let lock = NSLock()
    private var ids: [Int64] = []
    private var firstFailure: StoreError?
    private let experimentID: Int64?
    private let variant: String?

    init(store: RunStore?, plant: PlantDescription, settings: RunSettings, version: String, experimentID: Int64? = nil, variant: String? = nil) {
        self.store = store
        self.plant = plant
        self.settings = settings
        self.version = version
        self.experimentID = experimentID
        self.variant = variant
    }

    /// Ids of the runs written so far, in completion order.
    var storedIDs: [Int64] { lock.withLock { ids } }

    /// The first write error, if any.
    var failure: StoreError? { lock.withLock { firstFailure } }

    func write(_ result: ReplicationResult) {
        guard let store else { return }
        lock.lock(); defer { lock.unlock() }
        guard firstFailure == nil else { return }
        let finished = Date()
        let started = finished.addingTimeInterval(-result.wallSeconds)
        let run = RunRecord(
            batch: batch, startedAt: Self.iso(started), finishedAt: Self.iso(finished),
            plantName: plant.name, plantPath: plant.file, plantHash: plant.contentHash,
            seed: Int64(bitPattern: settings.seed), replication: result.replication, taktVersion: version,
            durationS: Ticks.seconds(settings.duration), warmupS: Ticks.seconds(settings.warmup),
            wallSeconds: result.wallSeconds, events: result.events, experimentId: experimentID, variant: variant,
            taktS: plant.takt.map(Ticks.seconds))
        let metrics = Self.metrics(result)
        let stations = result.stations.enumerated().map { i, s in
            StationStatRecord(position: i, station: s.name, servers: s.servers, jobs: s.jobs, meanWaitS: s.meanWait,
                              meanTimeInStationS: s.meanTimeInStation, probWait: s.probWait, meanQueueLength: s.meanQueueLength,
                              utilization: s.utilization, working: s.working, starved: s.starved, blocked: s.blocked, failed: s.failed,
                              shop: s.shop, energyKwh: s.energyKWh, offShift: s.offShift,
                              bottleneckSole: s.bottleneckSole, bottleneckShifting: s.bottleneckShifting, defects: s.defects,
                              changeovers: s.changeovers, changeoverShare: s.changeoverShare, kitStockout: s.kitStockout,
                              kitShortages: s.kitShortages)
        }
        let robots = result.stations.enumerated().flatMap { i, s in
            s.robots.map { RobotStatRecord(position: i, station: s.name, robot: $0.name, failures: $0.failures, failed: $0.failed,
                                           energyKwh: $0.energyKWh, maintenances: $0.maintenances) }
        }
        let fleets = result.fleets.enumerated().map { i, f in
            FleetStatRecord(position: i, fleet: f.name, vehicles: f.vehicles, deliveries: f.deliveries, meanResponseS: f.meanResponse,
                            idle: f.idle, busy: f.busy, charging: f.charging, charges: f.charges)
        }
        do {
            ids.append(try store.record(run, metrics: metrics, stations: stations, robots: robots, fleets: fleets,
                                    decisions: result.decisions.enumerated().map { i, d in
                                        Self.decisionRecord(d, position: i)
                                    },
                                    audit: result.audit.enumerated().map { i, a in
                                        DecisionAuditRecord(seq: i, timeS: a.time, point: a.point, at: a.at, policy: a.policy, modelHash: a.modelHash,
                                                            precision: a.precision, deployment: a.deployment,
                                                            features: "[" + a.features.map { "\($0)" }.joined(separator: ",") + "]",
                                                            mask: "[" + a.mask.map { $0 ? "1" : "0" }.joined(separator: ",") + "]",
                                                            chosen: a.chosen, teacher: a.teacher, latencyS: a.latency, inferenceNs: a.inferenceNs,
                                                            fallback: a.fallback)
                                    },
                                    series: Self.series(result), histograms: Self.histograms(result)))
        } catch {
            firstFailure = error
        }
    }

    /// The plant-level figures of a replication as named metrics with units:
    /// every figure experiments compare (those the plant has), and a few counts besides.
    static func metrics(_ r: ReplicationResult) -> [RunMetricRecord] {
        var rows = ResultFigure.all.compactMap { figure in figure.value(r).map { RunMetricRecord(name: figure.name, value: $0, unit: figure.unit) } }
        rows.append(RunMetricRecord(name: "jobs_started", value: Double(r.jobsStarted), unit: "jobs"))
        rows.append(RunMetricRecord(name: "jobs_lost", value: Double(r.jobsLost), unit: "jobs"))
        rows.append(RunMetricRecord(name: "operating_hours", value: r.operatingHours, unit: "h"))
        if r.energyKWh > 0 { rows.append(RunMetricRecord(name: "energy_kwh", value: r.energyKWh, unit: "kWh")) }
        return rows
    }

    /// The run's time series: jobs completed per on-shift hour after warm-up.
    static func series(_ r: ReplicationResult) -> [RunSeriesRecord] {
        r.completedPerShiftHour.enumerated().map { RunSeriesRecord(series: "completed_per_shift_hour", bin: $0, value: Double($1)) }
    }

    /// The run's lead-time and interdeparture histograms, their non-empty bins.
    static func histograms(_ r: ReplicationResult) -> [RunHistogramRecord] {
        [("lead_time", r.leadTimeHistogram), ("interdeparture", r.interdepartureHistogram)].flatMap { name, counts in
            counts.enumerated().filter { $0.element > 0 }.map { k, count in
                RunHistogramRecord(histogram: name, bin: k, lowerS: DurationHistogram.lowerSeconds(k), upperS: DurationHistogram.upperSeconds(k), count: count)
            }
        }
    }

    /// A decision site's row, with its deployment's calls when it has one.
    static func decisionRecord(_ d: DecisionResult, position: Int) -> DecisionStatRecord {
        var row = DecisionStatRecord(position: position, point: d.point, at: d.at, rule: d.rule, decisions: d.decisions,
                                     meanNs: d.meanNs, teacherCompared: d.teacherCompared, teacherAgreement: d.teacherAgreement)
        if let c = d.deployment {
            row.deployment = c.name
            row.deploymentKind = c.kind
            row.requests = c.requests
            row.calls = c.calls
            row.refused = c.refused
            row.timedOut = c.timedOut
            row.fallbacks = c.fallbacks
            row.latencyP50S = c.latencyP50
            row.latencyP95S = c.latencyP95
            row.latencyP99S = c.latencyP99
            row.waitHours = c.waitHours
            row.cost = c.cost
            row.energyJ = c.energyJ
        }
        return row
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
