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
            try db.insert(metrics, runId: id)
            FaultInjection.duringWrite()
            try db.insert(stations, runId: id)
            try db.insert(robots, runId: id)
            try db.insert(fleets, runId: id)
            try db.insert(decisions, runId: id)
            try db.insert(audit, runId: id)
            try db.insert(series, runId: id)
            try db.insert(histograms, runId: id)
        }
    }

    /// Writes `run` and, in the same transaction, its rows (`rows` gets the run's id); returns the id.
    func write(_ run: RunRecord, rows: (Database, Int64) throws -> Void) throws(StoreError) -> Int64 {
        do {
            return try queue.write { db in
                var run = run
                try run.insert(db)
                let id = run.id ?? db.lastInsertedRowID
                try rows(db, id)
                return id
            }
        } catch {
            throw StoreError(path: path, action: "cannot write the run", error: error)
        }
    }
}
