import GRDB
import TaktPlant

/// Rows of a table of declared figures (`station_stats`, `robot_stats`,
/// `fleet_stats`): the subject's key columns, then one column per declared
/// output under the output's name.
struct OutputRows {
    let table: String
    let columns: [String]
    let rows: [[(any DatabaseValueConvertible)?]]

    /// One row per subject: `keys` gives its key columns' values, the declarations the rest.
    init<Subject, Context>(table: String, keyColumns: [String], outputs: [Output<Subject, Context>],
                           subjects: [(keys: [(any DatabaseValueConvertible)?], subject: Subject)]) {
        self.table = table
        columns = keyColumns + outputs.map(\.name)
        rows = subjects.map { keys, subject in
            keys + outputs.map { output -> (any DatabaseValueConvertible)? in
                let value = output.value(of: subject)
                switch output.kind {
                case .count: return Int(value)
                case .real: return value
                }
            }
        }
    }
}

extension Database {
    /// Inserts `rows` as rows of run `runId`, through one cached statement.
    func insert(_ rows: OutputRows, runId: Int64) throws {
        try insert(into: rows.table, columns: rows.columns, rows: rows.rows, runId: runId)
    }

    /// Inserts `rows` (values for `columns`) into `table` as rows of run `runId`, through one cached statement.
    func insert(into table: String, columns: [String], rows: [[(any DatabaseValueConvertible)?]], runId: Int64) throws {
        guard !rows.isEmpty else { return }
        let all = ["run_id"] + columns
        let statement = try cachedStatement(sql: "INSERT INTO \(table) (\(all.joined(separator: ", "))) "
                                            + "VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))")
        for row in rows {
            try statement.execute(arguments: StatementArguments([runId] + row))
        }
    }
}
