import GRDB
import TaktPlant

/// A run's rows of a large table kept as one row of JSON (`[[value, …], …]`)
/// and read through a view with the table's old name and columns.
///
/// The robots of a plant are the case: the EV plant has 702, and a row each
/// made the store take a fifth of a sweep of one-day replications, SQLite's
/// work per row being most of it. One row of `run_robot_figures` per run,
/// read as `robot_stats` (schema v25), costs one insert; its robots are
/// grouped by station (`PackedRobots`, schema v27). The plant figures
/// are the other: a row each of `run_metrics` was a third of the store's
/// work on a short M/M/1 replication; one row of `run_metric_values` per run,
/// read as `run_metrics` (schema v26).
enum PackedRows {
    /// The insert of a run's plant figures, each `[name, value, unit]`, by name.
    static let metricInsert = RowsInsert(table: "run_metric_values", columns: ["metrics"])

    /// The robot figures in the order each robot's array holds them after its
    /// name (migrations v25 and v27): a robot figure declared later goes at
    /// the end, where its migration adds its column to the view.
    static let robotFigures = ["failures", "failed", "energy_kwh", "maintenances"]

    /// The columns of `robot_stats`.
    static let robotColumns = ["position", "station", "robot"] + robotFigures

    /// The declared outputs of `robotFigures`, in that order.
    private static let robotOutputs = robotFigures.compactMap { name in RobotOutputs.all.first { $0.name == name } }

    /// The insert of a run's robots.
    static let robotInsert = RowsInsert(table: "run_robot_figures", columns: ["robots"])

    /// The robots of `result` in plant order, packed (`PackedRobots`), written straight from the result (nil: it has none).
    static func robots(_ result: ReplicationResult) -> String? {
        var packed = PackedRobots()
        for (position, station) in result.stations.enumerated() {
            for robot in station.robots {
                packed.add(position: position, station: station.name, robot: robot.name,
                           figures: robotOutputs.lazy.map { $0.column(of: robot) })
            }
        }
        return packed.text
    }

    /// `robots`, in plant order, packed (`PackedRobots`; nil: none).
    static func robots(_ robots: [RobotStatRecord]) -> String? {
        var packed = PackedRobots()
        for robot in robots {
            packed.add(position: robot.position, station: robot.station, robot: robot.robot, figures: robot.packedFigures)
        }
        return packed.text
    }

    /// `rows` packed: one JSON array of arrays (nil: no rows).
    static func json(_ rows: [[StoreValue]]) -> String? {
        var packed = PackedArray(capacity: 64 * rows.count + 2)
        for row in rows {
            packed.beginRow()
            row.forEach { packed.add($0) }
            packed.endRow()
        }
        return packed.text
    }
}

/// A JSON array of arrays written row by row, value by value (`JSONBytes`).
struct PackedArray {
    private var json: JSONBytes
    private var rows = 0
    private var valuesInRow = 0

    init(capacity: Int) {
        json = JSONBytes(capacity: capacity)
        json.append("[")
    }

    /// Opens the next row.
    mutating func beginRow() {
        if rows > 0 { json.append(",") }
        json.append("[")
        rows += 1
        valuesInRow = 0
    }

    /// Adds `value` to the open row.
    mutating func add(_ value: StoreValue) {
        if valuesInRow > 0 { json.append(",") }
        json.value(value)
        valuesInRow += 1
    }

    /// Closes the open row.
    mutating func endRow() {
        json.append("]")
    }

    /// The array, closed; nil when it has no rows.
    var text: String? {
        guard rows > 0 else { return nil }
        var closed = json
        closed.append("]")
        return closed.text
    }
}

extension Database {
    /// Inserts `packed` rows as one row of run `runId` through `insert` (nothing when there are none).
    func insert(packed: String?, _ insert: RowsInsert, runId: Int64) throws {
        guard let packed else { return }
        try self.insert([[.text(packed)]], insert, runId: runId)
    }

    /// Inserts a run's plant figures, `metrics` in name order, as its one row of `run_metric_values`.
    func insert(metrics: [RunMetricRecord], runId: Int64) throws {
        try insert(packed: PackedRows.json(metrics.map(\.packedValues)), PackedRows.metricInsert, runId: runId)
    }
}
