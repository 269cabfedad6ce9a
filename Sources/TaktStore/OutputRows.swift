import GRDB
import TaktPlant

/// Rows of a table of declared figures (`station_stats`, `robot_stats`,
/// `fleet_stats`): the subject's key columns, then one column per declared
/// output under the output's name.
struct OutputRows {
    let insert: RowsInsert
    let rows: [[StoreValue]]

    /// The insert of `table`'s rows: `keyColumns`, then a column per output in `outputs`.
    static func insert<Subject, Context>(_ table: String, keyColumns: [String], outputs: [Output<Subject, Context>]) -> RowsInsert {
        RowsInsert(table: table, columns: keyColumns + outputs.map(\.name))
    }

    /// One row per subject: `keys` gives its key columns' values, `outputs` (as in `insert`) the rest.
    init<Subject, Context>(_ insert: RowsInsert, outputs: [Output<Subject, Context>], subjects: [(keys: [StoreValue], subject: Subject)]) {
        self.insert = insert
        rows = subjects.map { keys, subject in
            keys + outputs.map { $0.column(of: subject) }
        }
    }

    /// Rows given column by column (several subjects in one row, like a decision site and its deployment).
    init(_ insert: RowsInsert, rows: [[StoreValue]]) {
        self.insert = insert
        self.rows = rows
    }
}

extension Output {
    /// The figure of `subject` as its store column holds it: INTEGER for a count, REAL else, NULL when the subject lacks it.
    func column(of subject: Subject) -> StoreValue {
        guard let value = storedValue(of: subject) else { return .null }
        switch kind {
        case .count: return .integer(Int64(value))
        case .real: return .real(value)
        }
    }
}

extension Database {
    /// Inserts `rows` as rows of run `runId`, through one cached statement.
    func insert(_ rows: OutputRows, runId: Int64) throws {
        try insert(rows.rows, rows.insert, runId: runId)
    }
}

/// A stored row of declared figures, read back: the subject's position and
/// name, and each declared figure by its declaration's name.
public struct StoredFigures: Sendable, Equatable {
    public var runId: Int64
    public var position: Int
    public var subject: String
    /// The figures by output name; a NULL (a figure a run predates) is absent.
    public var values: [String: Double]
}

extension RunStore {
    /// The station rows of runs `runIDs`, each with every figure `StationOutputs` declares, in run and plant order.
    public func stationFigures(runIDs: [Int64]) throws(StoreError) -> [StoredFigures] {
        try figures(table: "station_stats", subject: "station", outputs: StationOutputs.all.map(\.name), runIDs: runIDs)
    }

    /// The fleet rows of runs `runIDs`, each with every figure `FleetOutputs` declares, in run and plant order.
    public func fleetFigures(runIDs: [Int64]) throws(StoreError) -> [StoredFigures] {
        try figures(table: "fleet_stats", subject: "fleet", outputs: FleetOutputs.all.map(\.name), runIDs: runIDs)
    }

    /// The worker pool rows of runs `runIDs`, each with every figure `WorkerOutputs` declares, in run and plant order.
    public func workerFigures(runIDs: [Int64]) throws(StoreError) -> [StoredFigures] {
        try figures(table: "worker_stats", subject: "pool", outputs: WorkerOutputs.all.map(\.name), runIDs: runIDs)
    }

    /// Rows of `table` for runs `runIDs`, the columns named by `outputs` read as figures.
    private func figures(table: String, subject: String, outputs: [String], runIDs: [Int64]) throws(StoreError) -> [StoredFigures] {
        guard !runIDs.isEmpty else { return [] }
        let sql = "SELECT run_id, position, \(subject), \(outputs.joined(separator: ", ")) FROM \(table) "
            + "WHERE run_id IN (\(runIDs.map { _ in "?" }.joined(separator: ", "))) ORDER BY run_id, position"
        return try read("cannot read \(table)") { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(runIDs)).map { row in
                var values: [String: Double] = [:]
                for (i, name) in outputs.enumerated() {
                    if let value = row[3 + i] as Double? { values[name] = value }
                }
                return StoredFigures(runId: row[0], position: row[1], subject: row[2], values: values)
            }
        }
    }
}
