import GRDB

/// Writing a run: its row and, in the same transaction, the rows that belong to it.
extension RunStore {
    /// Writes one completed run with its metrics and station rows; returns its id.
    @discardableResult
    public func record(_ run: RunRecord, metrics: [RunMetricRecord], stations: [StationStatRecord],
                       robots: [RobotStatRecord] = [], fleets: [FleetStatRecord] = [],
                       decisions: [DecisionStatRecord] = [], audit: [DecisionAuditRecord] = [],
                       series: [RunSeriesRecord] = [], histograms: [RunHistogramRecord] = []) throws(StoreError) -> Int64 {
        try write(run) { db, id in
            try db.insert(metrics: metrics.sorted { $0.name < $1.name }, runId: id)
            FaultInjection.duringWrite()
            try db.insert(stations, runId: id)
            try db.insert(packed: PackedRows.robots(robots), PackedRows.robotInsert, runId: id)
            try db.insert(fleets, runId: id)
            try db.insert(decisions, runId: id)
            try db.insert(audit, runId: id)
            try db.insert(BinRows(series: series), runId: id)
            try db.insert(BinRows(histograms: histograms), runId: id)
        }
    }

    /// Writes `run` and, in the same transaction, its rows (`rows` gets the run's id); returns the id.
    func write(_ run: RunRecord, rows: (Database, Int64) throws -> Void) throws(StoreError) -> Int64 {
        try write("cannot write the run") { db in
            let id = try Self.insert(run, into: db)
            try rows(db, id)
            return id
        }
    }

    /// Runs `body` in one write transaction, turning any failure into a `StoreError` that says what was being done.
    func write<T>(_ action: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw StoreError(path: path, action: action, error: error)
        }
    }

    /// Inserts the row of `run` (a new id unless it has one); returns its id.
    ///
    /// Through one cached statement with the values bound directly: the
    /// record's Codable encoding was a third of writing a short replication.
    static func insert(_ run: RunRecord, into db: Database) throws -> Int64 {
        // Built piece by piece: one array literal of 18 overloaded calls is slow to type-check.
        var values = [StoreValue(run.id), StoreValue(run.batch), StoreValue(run.startedAt), StoreValue(run.finishedAt)]
        values += [StoreValue(run.plantName), StoreValue(run.plantPath), StoreValue(run.plantHash), StoreValue(run.seed)]
        values += [StoreValue(run.replication), StoreValue(run.taktVersion), StoreValue(run.durationS), StoreValue(run.warmupS)]
        values += [StoreValue(run.wallSeconds), StoreValue(run.events), StoreValue(run.status), StoreValue(run.experimentId)]
        values += [StoreValue(run.variant), StoreValue(run.taktS)]
        try db.execute(db.cachedStatement(sql: runInsert.sql), binding: values)
        return run.id ?? db.lastInsertedRowID
    }

    /// The INSERT of a run's row, made once.
    static let runInsert = RowsInsert(table: "runs", columns: runColumns, ownedByRun: false)

    /// The columns of `runs`, in the order `insert(_:into:)` binds them.
    static let runColumns = ["id", "batch", "started_at", "finished_at", "plant_name", "plant_path", "plant_hash", "seed", "replication",
                             "takt_version", "duration_s", "warmup_s", "wall_seconds", "events", "status", "experiment_id", "variant", "takt_s"]
}
