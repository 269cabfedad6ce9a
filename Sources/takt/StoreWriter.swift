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
            wallSeconds: result.wallSeconds, events: result.events, experimentId: experimentID, variant: variant)
        let metrics = Self.metrics(result, takt: plant.takt, energy: plant.stations.contains { $0.power != nil || $0.robots?.power != nil })
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
                                        DecisionStatRecord(position: i, point: d.point, at: d.at, rule: d.rule, decisions: d.decisions,
                                                           meanNs: d.meanNs, teacherCompared: d.teacherCompared, teacherAgreement: d.teacherAgreement)
                                    },
                                    audit: result.audit.enumerated().map { i, a in
                                        DecisionAuditRecord(seq: i, timeS: a.time, point: a.point, at: a.at, policy: a.policy, modelHash: a.modelHash,
                                                            precision: a.precision, deployment: a.deployment,
                                                            features: "[" + a.features.map { "\($0)" }.joined(separator: ",") + "]",
                                                            mask: "[" + a.mask.map { $0 ? "1" : "0" }.joined(separator: ",") + "]",
                                                            chosen: a.chosen, teacher: a.teacher, latencyS: a.latency, inferenceNs: a.inferenceNs,
                                                            fallback: a.fallback)
                                    }))
        } catch {
            firstFailure = error
        }
    }

    /// The plant-level figures of a replication as named metrics with units.
    static func metrics(_ r: ReplicationResult, takt: Tick?, energy: Bool) -> [RunMetricRecord] {
        var rows = [
            RunMetricRecord(name: "jobs_completed", value: Double(r.jobsCompleted), unit: "jobs"),
            RunMetricRecord(name: "jobs_started", value: Double(r.jobsStarted), unit: "jobs"),
            RunMetricRecord(name: "jobs_lost", value: Double(r.jobsLost), unit: "jobs"),
            RunMetricRecord(name: "throughput_per_hour", value: r.throughputPerHour, unit: "jobs/h"),
            RunMetricRecord(name: "operating_hours", value: r.operatingHours, unit: "h"),
            RunMetricRecord(name: "throughput_per_operating_hour", value: r.throughputPerOperatingHour, unit: "jobs/h"),
            RunMetricRecord(name: "lead_time_mean", value: r.leadTimeMean, unit: "s"),
            RunMetricRecord(name: "lead_time_p50", value: r.leadTimeP50, unit: "s"),
            RunMetricRecord(name: "lead_time_p95", value: r.leadTimeP95, unit: "s"),
            RunMetricRecord(name: "interdeparture_mean", value: r.interdepartureMean, unit: "s"),
            RunMetricRecord(name: "interdeparture_p50", value: r.interdepartureP50, unit: "s"),
            RunMetricRecord(name: "interdeparture_p95", value: r.interdepartureP95, unit: "s"),
            RunMetricRecord(name: "work_in_process", value: r.workInProcess, unit: "jobs"),
            RunMetricRecord(name: "failures", value: Double(r.failures), unit: "count"),
            RunMetricRecord(name: "changeovers", value: Double(r.stations.reduce(0) { $0 + $1.changeovers }), unit: "count"),
        ]
        rows.append(RunMetricRecord(name: "first_pass_yield", value: r.firstPassYield, unit: "share"))
        if energy {
            rows.append(RunMetricRecord(name: "energy_kwh", value: r.energyKWh, unit: "kWh"))
            rows.append(RunMetricRecord(name: "energy_per_job_kwh", value: r.energyPerJobKWh, unit: "kWh/job"))
        }
        if let adherence = r.taktAdherence {
            rows.append(RunMetricRecord(name: "takt_adherence", value: adherence, unit: "share"))
        }
        return rows
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
