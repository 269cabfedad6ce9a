import GRDB

extension RunStore {
    /// Tables whose rows belong to one run (by `run_id`).
    static let runTables = ["run_metric_values", "station_stats", "run_robot_figures", "fleet_stats", "worker_stats", "decision_stats", "decision_audit",
                            "run_series_bins", "run_histogram_bins", "batch_means"]

    /// Tables whose rows belong to one experiment (by `experiment_id`), parent first.
    static let experimentTables = ["optimization_searches", "optimization_points", "optimization_iterations"]

    /// Copies the attached shard's rows of experiment `theirs` into experiment `mine`,
    /// unless this store already holds such rows for it (they describe the same search).
    private static func copyExperimentRows(_ db: Database, from theirs: Int64, to mine: Int64) throws {
        for table in experimentTables {
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM main.\(table) WHERE experiment_id = ?)", arguments: [mine]) == true { continue }
            let list = try db.columns(in: table).map(\.name).filter { $0 != "experiment_id" }.joined(separator: ", ")
            try db.execute(sql: "INSERT INTO main.\(table) (experiment_id, \(list)) SELECT ?, \(list) FROM shard.\(table) WHERE experiment_id = ?",
                           arguments: [mine, theirs])
        }
    }

    /// Copies every run of the store at `other` that this store lacks, with
    /// its rows and experiment (and the experiment's optimization search), in one transaction. A run is the same run
    /// when its batch, replication and plant hash are: merging the same store
    /// twice adds nothing. Returns how many runs were added and skipped.
    public func merge(from other: String) throws(StoreError) -> (added: Int, skipped: Int) {
        _ = try RunStore(path: other)  // brings its schema up to date first
        do {
            return try queue.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [other])
                defer { try? db.execute(sql: "DETACH DATABASE shard") }
                var added = 0, skipped = 0
                try db.inTransaction {
                    var experimentIDs: [Int64: Int64] = [:]
                    let experimentColumns = try db.columns(in: "experiments").map(\.name).filter { $0 != "id" }.joined(separator: ", ")
                    for row in try Row.fetchAll(db, sql: "SELECT id, name, hash, figures FROM shard.experiments") {
                        let id: Int64 = row[0]
                        if let mine = try Int64.fetchOne(db, sql: "SELECT id FROM main.experiments WHERE name = ? AND hash = ?", arguments: [row[1], row[2]]) {
                            experimentIDs[id] = mine
                            try db.execute(sql: "UPDATE main.experiments SET figures = ? WHERE id = ? AND figures IS NULL", arguments: [row[3], mine])
                        } else {
                            try db.execute(sql: "INSERT INTO main.experiments (\(experimentColumns)) SELECT \(experimentColumns) FROM shard.experiments WHERE id = ?",
                                           arguments: [id])
                            experimentIDs[id] = db.lastInsertedRowID
                        }
                    }
                    for (theirs, mine) in experimentIDs.sorted(by: { $0.key < $1.key }) {
                        try Self.copyExperimentRows(db, from: theirs, to: mine)
                    }
                    let runColumns = try db.columns(in: "runs").map(\.name).filter { $0 != "id" }
                    let selected = runColumns.map { $0 == "experiment_id" ? "?" : $0 }.joined(separator: ", ")
                    for row in try Row.fetchAll(db, sql: "SELECT id, batch, replication, plant_hash, experiment_id FROM shard.runs ORDER BY id") {
                        let id: Int64 = row[0]
                        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM main.runs WHERE batch = ? AND replication = ? AND plant_hash = ?)",
                                             arguments: [row[1], row[2], row[3]]) == true {
                            skipped += 1
                            continue
                        }
                        let experiment = (row[4] as Int64?).flatMap { experimentIDs[$0] }
                        try db.execute(sql: "INSERT INTO main.runs (\(runColumns.joined(separator: ", "))) SELECT \(selected) FROM shard.runs WHERE id = ?",
                                       arguments: [experiment, id])
                        let newID = db.lastInsertedRowID
                        for table in Self.runTables {
                            let columns = try db.columns(in: table).map(\.name).filter { $0 != "run_id" }
                            let list = columns.joined(separator: ", ")
                            try db.execute(sql: "INSERT INTO main.\(table) (run_id, \(list)) SELECT ?, \(list) FROM shard.\(table) WHERE run_id = ?",
                                           arguments: [newID, id])
                        }
                        added += 1
                    }
                    return .commit
                }
                return (added, skipped)
            }
        } catch {
            throw StoreError(path: path, action: "cannot merge \(other) into", error: error)
        }
    }
}
