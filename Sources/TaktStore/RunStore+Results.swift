import GRDB
import TaktKernel
import TaktPlant

extension RunStore {
    /// Writes one completed replication as the run `run`, with every figure
    /// the plant's components declare; returns the run's id.
    ///
    /// Stations, robots, fleets and worker pools are written from their output
    /// declarations (`StationOutputs`, `RobotOutputs`, `FleetOutputs`, `WorkerOutputs`): a
    /// column per declared output, under its name (the robots packed in one
    /// row, `PackedRows`, and read through the view `robot_stats`).
    @discardableResult
    public func record(_ result: ReplicationResult, as run: RunRecord) throws(StoreError) -> Int64 {
        try record([(result, run)])[0]
    }

    /// Writes completed replications, each as its run, in one transaction
    /// (all or none); returns the runs' ids in order.
    ///
    /// One commit for several runs writes each page of the store they share
    /// once, not once per run.
    public func record(_ runs: [(result: ReplicationResult, run: RunRecord)]) throws(StoreError) -> [Int64] {
        try write("cannot write the run") { db in try runs.map { result, run in try Self.insert(result, as: run, into: db) } }
    }

    /// Inserts `result` as the run `run` with its rows; returns the run's id.
    private static func insert(_ result: ReplicationResult, as run: RunRecord, into db: Database) throws -> Int64 {
        let id = try insert(run, into: db)
        let stations = OutputRows(
            stationInsert, outputs: StationOutputs.all,
            subjects: result.stations.enumerated().map { i, s in (keys: [StoreValue(i), StoreValue(s.name), StoreValue(s.servers), StoreValue(s.shop)], subject: s) })
        let fleets = OutputRows(
            fleetInsert, outputs: FleetOutputs.all,
            subjects: result.fleets.enumerated().map { i, f in (keys: [StoreValue(i), StoreValue(f.name), StoreValue(f.vehicles)], subject: f) })
        let pools = OutputRows(
            workerInsert, outputs: WorkerOutputs.all,
            subjects: result.workerPools.enumerated().map { i, p in (keys: [StoreValue(i), StoreValue(p.name), StoreValue(p.workers)], subject: p) })
        try db.insert(metrics: metrics(result), runId: id)
        FaultInjection.duringWrite()
        try db.insert(stations, runId: id)
        try db.insert(packed: PackedRows.robots(result), PackedRows.robotInsert, runId: id)
        try db.insert(fleets, runId: id)
        try db.insert(pools, runId: id)
        try db.insert(decisionRows(result), runId: id)
        try db.insert(result.audit.enumerated().map { auditRecord($1, seq: $0) }, runId: id)
        try db.insert(BinRows.series(result), runId: id)
        try db.insert(BinRows.histograms(result), runId: id)
        try db.insert(BatchMeansRecord.rows(result), runId: id)
        return id
    }

    /// The inserts of the tables of declared figures: key columns, then one column per declared output.
    static let stationInsert = OutputRows.insert("station_stats", keyColumns: ["position", "station", "servers", "shop"],
                                                 outputs: StationOutputs.all)
    static let fleetInsert = OutputRows.insert("fleet_stats", keyColumns: ["position", "fleet", "vehicles"], outputs: FleetOutputs.all)
    static let workerInsert = OutputRows.insert("worker_stats", keyColumns: ["position", "pool", "workers"], outputs: WorkerOutputs.all)
    /// A decision site's keys and figures, then its deployment's name, kind and figures, then why its process failed.
    static let decisionInsert = RowsInsert(
        table: "decision_stats",
        columns: ["position", "point", "at", "rule"] + DecisionOutputs.all.map(\.name) + ["deployment", "deployment_kind"]
            + DeploymentOutputs.all.map(\.name) + ["process_failure"])

    /// The plant-level figures of a replication as named metrics with units,
    /// by name: every declared figure the plant has (`ResultFigure.all` and `.stored`).
    static func metrics(_ r: ReplicationResult) -> [RunMetricRecord] {
        storedFigures.compactMap { figure in
            figure.value(r).map { RunMetricRecord(name: figure.name, value: $0, unit: figure.priced(in: r.cost?.currency).unit) }
        }
    }

    /// Every figure a run stores as a metric, by name, made once.
    private static let storedFigures = ResultFigure.measured.sorted { $0.name < $1.name }

    /// A sampled decision of the audit trail as its row.
    static func auditRecord(_ a: DecisionAudit, seq: Int) -> DecisionAuditRecord {
        DecisionAuditRecord(seq: seq, timeS: a.time, point: a.point, at: a.at, policy: a.policy, modelHash: a.modelHash,
                            precision: a.precision, deployment: a.deployment,
                            features: "[" + a.features.map { "\($0)" }.joined(separator: ",") + "]",
                            mask: "[" + a.mask.map { $0 ? "1" : "0" }.joined(separator: ",") + "]",
                            chosen: a.chosen, teacher: a.teacher, latencyS: a.latency, inferenceNs: a.inferenceNs,
                            fallback: a.fallback)
    }

    /// The decision sites' rows: each site's keys and declared figures
    /// (`DecisionOutputs`), its deployment's name, kind and declared figures
    /// (`DeploymentOutputs`; NULL when it answers in process), and why its
    /// policy process failed, if it did.
    static func decisionRows(_ r: ReplicationResult) -> OutputRows {
        OutputRows(
            decisionInsert,
            rows: r.decisions.enumerated().map { position, d in
                // Built piece by piece: one expression of mixed literals took seconds to type-check.
                let deployed = d.deployment
                var row = [StoreValue(position), StoreValue(d.point), StoreValue(d.at), StoreValue(d.rule)]
                row += DecisionOutputs.all.map { $0.column(of: d) }
                row.append(StoreValue(deployed?.name))
                row.append(StoreValue(deployed?.kind))
                row += DeploymentOutputs.all.map { output in deployed.map { output.column(of: $0) } ?? .null }
                row.append(StoreValue(d.processFailure))
                return row
            })
    }
}
