import GRDB
import TaktKernel
import TaktPlant

extension RunStore {
    /// Writes one completed replication of `plant` as the run `run`, with
    /// every figure the plant's components declare; returns the run's id.
    ///
    /// Stations, robots and fleets are written from their output
    /// declarations (`StationOutputs`, `RobotOutputs`, `FleetOutputs`): a
    /// column per declared output, under its name.
    @discardableResult
    public func record(_ result: ReplicationResult, of plant: PlantDescription, as run: RunRecord) throws(StoreError) -> Int64 {
        let stations = OutputRows(
            table: "station_stats", keyColumns: ["position", "station", "servers", "shop"], outputs: StationOutputs.all,
            subjects: result.stations.enumerated().map { i, s in (keys: [i, s.name, s.servers, s.shop], subject: s) })
        let robots = OutputRows(
            table: "robot_stats", keyColumns: ["position", "station", "robot"], outputs: RobotOutputs.all,
            subjects: result.stations.enumerated().flatMap { i, s in s.robots.map { (keys: [i, s.name, $0.name], subject: $0) } })
        let fleets = OutputRows(
            table: "fleet_stats", keyColumns: ["position", "fleet", "vehicles"], outputs: FleetOutputs.all,
            subjects: result.fleets.enumerated().map { i, f in (keys: [i, f.name, f.vehicles], subject: f) })
        return try write(run) { db, id in
            try db.insert(Self.metrics(result), runId: id)
            FaultInjection.duringWrite()
            try db.insert(stations, runId: id)
            try db.insert(robots, runId: id)
            try db.insert(fleets, runId: id)
            try db.insert(result.decisions.enumerated().map { Self.decisionRecord($1, position: $0) }, runId: id)
            try db.insert(result.audit.enumerated().map { Self.auditRecord($1, seq: $0) }, runId: id)
            try db.insert(Self.series(result), runId: id)
            try db.insert(Self.histograms(result), runId: id)
        }
    }

    /// The plant-level figures of a replication as named metrics with units:
    /// every declared figure the plant has (`ResultFigure.all` and `.stored`).
    static func metrics(_ r: ReplicationResult) -> [RunMetricRecord] {
        (ResultFigure.all + ResultFigure.stored).compactMap { figure in
            figure.value(r).map { RunMetricRecord(name: figure.name, value: $0, unit: figure.unit) }
        }
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

    /// A sampled decision of the audit trail as its row.
    static func auditRecord(_ a: DecisionAudit, seq: Int) -> DecisionAuditRecord {
        DecisionAuditRecord(seq: seq, timeS: a.time, point: a.point, at: a.at, policy: a.policy, modelHash: a.modelHash,
                            precision: a.precision, deployment: a.deployment,
                            features: "[" + a.features.map { "\($0)" }.joined(separator: ",") + "]",
                            mask: "[" + a.mask.map { $0 ? "1" : "0" }.joined(separator: ",") + "]",
                            chosen: a.chosen, teacher: a.teacher, latencyS: a.latency, inferenceNs: a.inferenceNs,
                            fallback: a.fallback)
    }

    /// A decision site's row, with its deployment's calls when it has one.
    static func decisionRecord(_ d: DecisionResult, position: Int) -> DecisionStatRecord {
        let c = d.deployment
        return DecisionStatRecord(position: position, point: d.point, at: d.at, rule: d.rule, decisions: d.decisions, meanNs: d.meanNs,
                                  teacherCompared: d.teacherCompared, teacherAgreement: d.teacherAgreement,
                                  deployment: c?.name, deploymentKind: c?.kind, requests: c?.requests, calls: c?.calls, refused: c?.refused,
                                  timedOut: c?.timedOut, fallbacks: c?.fallbacks, latencyP50S: c?.latencyP50, latencyP95S: c?.latencyP95,
                                  latencyP99S: c?.latencyP99, waitHours: c?.waitHours, cost: c?.cost, energyJ: c?.energyJ,
                                  processFallbacks: d.processFallbacks, processFailure: d.processFailure)
    }
}
