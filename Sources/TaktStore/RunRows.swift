import GRDB
import TaktPlant

/// A row that belongs to one run (its table has a `run_id`), written in bulk.
///
/// Rows of this kind are written through one cached statement per table with
/// their values bound directly: Codable encoding took two thirds of the
/// store's time when a short replication wrote a couple of hundred rows.
/// Rows without it are written through their `PersistableRecord` encoding;
/// the plant figures and the robots are packed into one row each
/// (`PackedRows`).
protocol BulkRunRow: PersistableRecord {
    /// The insert of the table's rows, its columns in the order of `bulkValues`.
    static var bulkInsert: RowsInsert { get }
    /// The row's values for `bulkInsert`'s columns.
    var bulkValues: [StoreValue] { get }
}

extension RunMetricRecord {
    /// The row's values as `PackedRows.metricInsert` packs them.
    var packedValues: [StoreValue] { [StoreValue(name), StoreValue(value), StoreValue(unit)] }
}

extension BatchMeansRecord: BulkRunRow {
    static let bulkInsert = RowsInsert(table: databaseTableName, columns: ["station", "figure", "half_width", "batches", "lag1"])
    var bulkValues: [StoreValue] { [StoreValue(station), StoreValue(figure), StoreValue(halfWidth), StoreValue(batches), StoreValue(lag1)] }

    /// The batch means of `result`'s figures, plant figures first (none unless it recorded its periods).
    static func rows(_ result: ReplicationResult) -> [BatchMeansRecord] {
        guard let periods = result.periods, periods.refusal == nil else { return [] }
        func rows(_ station: String, _ totals: [String: RunningTotals]) -> [BatchMeansRecord] {
            totals.sorted { $0.key < $1.key }.compactMap { figure, running in
                running.batchMeans.map { BatchMeansRecord(station: station, figure: figure, halfWidth: $0.halfWidth, batches: $0.batches, lag1: $0.lag1) }
            }
        }
        return rows("", periods.figures) + zip(result.stations, periods.stations).flatMap { rows($0.name, $1) }
    }
}

extension RobotStatRecord {
    /// The row's figures in the order of `PackedRows.robotFigures`.
    var packedFigures: [StoreValue] {
        [StoreValue(failures), StoreValue(failed), StoreValue(energyKwh), StoreValue(maintenances)]
    }
}

extension Database {
    /// Inserts `rows` as rows of run `runId`, through one cached statement.
    func insert<Row: BulkRunRow>(_ rows: [Row], runId: Int64) throws {
        try insert(rows.map(\.bulkValues), Row.bulkInsert, runId: runId)
    }

    /// Inserts `rows` as rows of run `runId`, through their record encoding.
    func insert<Row: MutablePersistableRecord & RunOwned>(_ rows: [Row], runId: Int64) throws {
        for var row in rows {
            row.runId = runId
            try row.insert(self)
        }
    }
}

/// A record whose `runId` is set when its run is written.
protocol RunOwned {
    var runId: Int64 { get set }
}

extension StationStatRecord: RunOwned {}
extension FleetStatRecord: RunOwned {}
extension DecisionStatRecord: RunOwned {}
extension DecisionAuditRecord: RunOwned {}
