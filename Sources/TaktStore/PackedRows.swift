import GRDB
import TaktPlant

/// A run's rows of a large table kept as one row of JSON (`[[value, …], …]`)
/// and read through a view with the table's old name and columns.
///
/// The robots of a plant are the case: the EV plant has 702, and a row each
/// made the store take a fifth of a sweep of one-day replications, SQLite's
/// work per row being most of it. One row of `run_robot_figures` per run,
/// read as `robot_stats` (schema v25), costs one insert. The plant figures
/// are the other: a row each of `run_metrics` was a third of the store's
/// work on a short M/M/1 replication; one row of `run_metric_values` per run,
/// read as `run_metrics` (schema v26).
enum PackedRows {
    /// The insert of a run's plant figures, each `[name, value, unit]`, by name.
    static let metricInsert = RowsInsert(table: "run_metric_values", columns: ["metrics"])

    /// The robot figures in the order of the view's columns (migration v25):
    /// a robot figure declared later goes at the end, where its migration
    /// adds its column to the view.
    static let robotFigures = ["failures", "failed", "energy_kwh", "maintenances"]

    /// The columns of `robot_stats` in the order each robot's array holds them.
    static let robotColumns = ["position", "station", "robot"] + robotFigures

    /// The declared outputs of `robotFigures`, in that order.
    private static let robotOutputs = robotFigures.compactMap { name in RobotOutputs.all.first { $0.name == name } }

    /// The insert of a run's robots.
    static let robotInsert = RowsInsert(table: "run_robot_figures", columns: ["robots"])

    /// The robots of `result` in plant order, packed: each its values for
    /// `robotColumns`, written straight from the result (nil: it has none).
    static func robots(_ result: ReplicationResult) -> String? {
        var json = JSONBytes(capacity: 4096)
        json.append("[")
        for (position, station) in result.stations.enumerated() {
            for robot in station.robots {
                if json.count > 1 { json.append(",") }
                json.append("[")
                json.integer(Int64(position))
                json.append(",")
                json.string(station.name)
                json.append(",")
                json.string(robot.name)
                for output in robotOutputs {
                    json.append(",")
                    json.value(output.column(of: robot))
                }
                json.append("]")
            }
        }
        guard json.count > 1 else { return nil }
        json.append("]")
        return json.text
    }

    /// `rows` packed: one JSON array of arrays (nil: no rows).
    static func json(_ rows: [[StoreValue]]) -> String? {
        guard !rows.isEmpty else { return nil }
        var json = JSONBytes(capacity: 64 * rows.count + 2)
        json.append("[")
        for (i, row) in rows.enumerated() {
            if i > 0 { json.append(",") }
            json.append("[")
            for (j, value) in row.enumerated() {
                if j > 0 { json.append(",") }
                json.value(value)
            }
            json.append("]")
        }
        json.append("]")
        return json.text
    }
}

extension Database {
    /// Inserts `packed` rows as one row of run `runId` through `insert` (nothing when there are none).
    func insert(packed: String?, _ insert: RowsInsert, runId: Int64) throws {
        guard let packed else { return }
        try self.insert([[.text(packed)]], insert, runId: runId)
    }
}
