import Foundation
import GRDB

/// The SQLite run store: one file, readable without Takt (sqlite3, pandas, Datasette).
///
/// Each completed run is written whole, in one transaction (alone or with others), so a killed process
/// never leaves half a run, and a run written is never lost to a later failure.
public final class RunStore: Sendable {
    /// The database file.
    public let path: String
    let queue: DatabaseQueue

    /// How the store is opened.
    public enum Access: Sendable {
        /// Create the file if needed, bring its schema up to date, write runs.
        case readWrite
        /// Read only: for stores on read-only media or shared without write permission.
        /// The schema must be current (an older store is upgraded by opening it once for writing).
        case readOnly
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String, access: Access = .readWrite) throws(StoreError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoreError(path: path, message: "cannot open: the folder '\(folder)' does not exist")
        }
        if access == .readWrite, !Self.canWrite(path) { throw Self.readOnlyError(path) }
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.readonly = access == .readOnly
            // In WAL mode, NORMAL syncs at checkpoints, not at every commit: a
            // killed process still loses no committed run (only a power cut can
            // take back the last commits), and a short replication's write no
            // longer waits for the disk.
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            // Writers queue behind one another: a Slurm array's tasks may finish together.
            config.busyMode = .timeout(Self.busyTimeout)
            queue = try DatabaseQueue(path: Self.connectionPath(path, access: access, folder: folder), configuration: config)
            switch access {
            case .readWrite:
                try queue.writeWithoutTransaction { db in
                    // Check it is a database before migrating: a clearer message than a migration failure.
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
                    try Self.useWriteAheadLog(db)
                }
                try Schema.migrate(queue)
            case .readOnly:
                if let missing = try Schema.pendingMigrations(queue).first {
                    throw StoreError(path: path, message: "cannot open read-only: the store predates this version of Takt (it lacks '\(missing)'); "
                                     + "open it once with write access to upgrade it")
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw Self.readOnlyError(path)
        } catch {
            throw StoreError(path: path, action: "cannot open", error: error)
        }
    }

    /// Copies what is committed from the write-ahead log into the store's
    /// file, without waiting for other connections, so that the `.sqlite`
    /// file alone holds every run written (a copy of it, an artifact upload).
    ///
    /// Closing the last connection does this; a process that ends with a
    /// writer thread still holding the connection does not close it.
    /// Best effort: what cannot be copied now stays safe in the log.
    func checkpoint() {
        _ = try? queue.writeWithoutTransaction { try $0.checkpoint(.passive) }
    }

    /// Whether this process may write the store at `path` (or create it): its
    /// folder is writable and, if it exists, so is the file.
    public static func canWrite(_ path: String) -> Bool {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return FileManager.default.isWritableFile(atPath: folder)
            && (!FileManager.default.fileExists(atPath: path) || FileManager.default.isWritableFile(atPath: path))
    }

    /// The error for a store that cannot be written.
    private static func readOnlyError(_ path: String) -> StoreError {
        StoreError(path: path, message: "cannot open for writing: the store or its folder is read-only; "
                   + "pass a writable --db, or --no-db to store nothing")
    }

    /// The path SQLite opens. A store in write-ahead-log mode needs its `-shm`
    /// file even to be read; when the file is absent (the store was closed
    /// cleanly) and the folder is read-only, nobody can be writing the store, so
    /// it is opened as immutable.
    private static func connectionPath(_ path: String, access: Access, folder: String) -> String {
        guard access == .readOnly, !FileManager.default.fileExists(atPath: path + "-shm"),
              !FileManager.default.isWritableFile(atPath: folder) else { return path }
        var components = URLComponents()
        components.scheme = "file"
        components.path = URL(fileURLWithPath: path).path
        components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
        return components.string ?? path
    }

    /// How long a writer waits for another to finish before giving up.
    static let busyTimeout: TimeInterval = 60

    /// Switches the store to write-ahead logging (readers work beside the writer), once: the mode persists in the file.
    ///
    /// The switch needs the file to itself. When another connection is
    /// switching or upgrading at the same moment, SQLite answers "busy" at once
    /// rather than wait (to avoid a deadlock), so the switch is retried, with
    /// a growing pause, for up to the busy time-out.
    private static func useWriteAheadLog(_ db: Database) throws {
        let deadline = Date().addingTimeInterval(busyTimeout)
        var pause: TimeInterval = 0.001
        while true {
            do {
                if try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() == "wal" { return }
                // A file system without shared memory keeps the old mode: that is a slower store, not an error.
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: pause * Double.random(in: 0.5...1.5))
                pause = min(pause * 2, 0.1)
            }
        }
    }

    /// The id of the experiment with this name and hash, recording it first if new.
    public func experimentID(_ experiment: ExperimentRecord) throws(StoreError) -> Int64 {
        do {
            return try queue.write { db in
                if let id = try Int64.fetchOne(db, sql: "SELECT id FROM experiments WHERE name = ? AND hash = ?",
                                               arguments: [experiment.name, experiment.hash]) {
                    // Recorded before the store kept figures: keep them now.
                    try db.execute(sql: "UPDATE experiments SET figures = ? WHERE id = ? AND figures IS NULL", arguments: [experiment.figures, id])
                    return id
                }
                var row = experiment
                try row.insert(db)
                return row.id ?? db.lastInsertedRowID
            }
        } catch {
            throw StoreError(path: path, action: "cannot record the experiment", error: error)
        }
    }

    /// Every stored run of the experiment `name` with content hash `hash`:
    /// variant → replication → metric → value. When a replication was stored
    /// more than once, the first stored counts.
    public func experimentSamples(name: String, hash: String) throws(StoreError) -> [String: [Int: [String: Double]]] {
        try read("cannot read the experiment's runs") { db in
            var out: [String: [Int: [String: Double]]] = [:]
            var seen: [String: [Int: Int64]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT r.id, r.variant, r.replication, m.name, m.value
                FROM runs r JOIN experiments e ON e.id = r.experiment_id JOIN run_metrics m ON m.run_id = r.id
                WHERE e.name = ? AND e.hash = ? AND r.variant IS NOT NULL AND m.value IS NOT NULL
                ORDER BY r.id
                """, arguments: [name, hash])
            while let row = try rows.next() {
                let id: Int64 = row[0], variant: String = row[1], replication: Int = row[2]
                if let first = seen[variant]?[replication], first != id { continue }
                seen[variant, default: [:]][replication] = id
                out[variant, default: [:]][replication, default: [:]][row[3]] = row[4] as Double
            }
            return out
        }
    }

    /// The id of every stored run of the experiment `name` with content hash `hash`, by variant and
    /// replication; when a replication was stored more than once, the first stored (as `experimentSamples`).
    public func experimentRunIDs(name: String, hash: String) throws(StoreError) -> [String: [Int: Int64]] {
        try read("cannot read the experiment's runs") { db in
            var out: [String: [Int: Int64]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT r.id, r.variant, r.replication FROM runs r JOIN experiments e ON e.id = r.experiment_id
                WHERE e.name = ? AND e.hash = ? AND r.variant IS NOT NULL ORDER BY r.id
                """, arguments: [name, hash])
            while let row = try rows.next() {
                let variant: String = row[1], replication: Int = row[2]
                if out[variant]?[replication] == nil { out[variant, default: [:]][replication] = row[0] }
            }
            return out
        }
    }

    /// Which audited decisions to read.
    public struct AuditQuery: Sendable {
        public var run: Int64?
        public var point: String?
        public var at: String?
        /// Text the policy's name contains (e.g. `int8`, a file name, `oracle`).
        public var policy: String?
        /// Only decisions where the teacher was asked and chose otherwise.
        public var disagreeing = false
        /// Only decisions a fallback made.
        public var fallbacks = false
        public var limit = 50

        public init() {}
    }

    /// Audited decisions matching `query`, newest run first, in decision order within a run.
    public func audit(_ query: AuditQuery) throws(StoreError) -> [DecisionAuditRecord] {
        try read("cannot read the decision audit trail") { db in
            var request = DecisionAuditRecord.all()
            if let run = query.run { request = request.filter(Column("run_id") == run) }
            if let point = query.point { request = request.filter(Column("point") == point) }
            if let at = query.at { request = request.filter(Column("at") == at) }
            if let policy = query.policy { request = request.filter(Column("policy").like("%\(policy)%")) }
            if query.disagreeing { request = request.filter(Column("teacher") != nil && Column("teacher") != Column("chosen")) }
            if query.fallbacks { request = request.filter(Column("fallback") == true) }
            return try request.order(Column("run_id").desc, Column("seq")).limit(query.limit).fetchAll(db)
        }
    }

    /// Each run's plant name, by run id.
    public func plantNames() throws(StoreError) -> [Int64: String] {
        try read("cannot read runs") { db in
            var out: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, plant_name FROM runs") { out[row[0]] = row[1] }
            return out
        }
    }

    /// The most recent runs, newest first.
    public func recentRuns(limit: Int = 20) throws(StoreError) -> [RunRecord] {
        try read("cannot read runs") { db in try RunRecord.order(Column("id").desc).limit(limit).fetchAll(db) }
    }

    /// Number of rows in `runs`.
    public func runCount() throws(StoreError) -> Int {
        try read("cannot count runs") { db in try RunRecord.fetchCount(db) }
    }

    /// Number of rows of runs and of every table whose rows belong to a run.
    public func rowCount() throws(StoreError) -> Int {
        try read("cannot count rows") { db in
            try (["runs"] + Self.runTables).reduce(0) { $0 + (try Int.fetchOne(db, sql: "SELECT count(*) FROM \($1)") ?? 0) }
        }
    }

    /// The metrics of one run.
    public func metrics(runID: Int64) throws(StoreError) -> [RunMetricRecord] {
        try read("cannot read metrics") { db in
            try RunMetricRecord.filter(Column("run_id") == runID).order(Column("name")).fetchAll(db)
        }
    }

    /// The station rows of one run, in plant order.
    public func stations(runID: Int64) throws(StoreError) -> [StationStatRecord] {
        try read("cannot read station statistics") { db in
            try StationStatRecord.filter(Column("run_id") == runID).order(Column("position")).fetchAll(db)
        }
    }

    /// The robot rows of one run, in plant order.
    public func robots(runID: Int64) throws(StoreError) -> [RobotStatRecord] {
        try read("cannot read robot statistics") { db in
            try RobotStatRecord.filter(Column("run_id") == runID).order(Column("position"), Column("robot")).fetchAll(db)
        }
    }

    /// The fleet rows of one run, in plant order.
    public func fleets(runID: Int64) throws(StoreError) -> [FleetStatRecord] {
        try read("cannot read fleet statistics") { db in
            try FleetStatRecord.filter(Column("run_id") == runID).order(Column("position")).fetchAll(db)
        }
    }

    /// The decision-site rows of one run, in plant order.
    public func decisions(runID: Int64) throws(StoreError) -> [DecisionStatRecord] {
        try read("cannot read decision statistics") { db in
            try DecisionStatRecord.filter(Column("run_id") == runID).order(Column("position")).fetchAll(db)
        }
    }

    /// The experiments named `name`, most recently recorded first.
    public func experiments(named name: String) throws(StoreError) -> [ExperimentRecord] {
        try read("cannot read experiments") { db in
            try ExperimentRecord.filter(Column("name") == name).order(Column("id").desc).fetchAll(db)
        }
    }

    /// Every experiment, most recently recorded first.
    public func experiments() throws(StoreError) -> [ExperimentRecord] {
        try read("cannot read experiments") { db in try ExperimentRecord.order(Column("id").desc).fetchAll(db) }
    }

    /// The runs of experiment `id`, in the order they were stored.
    public func runs(experimentID id: Int64) throws(StoreError) -> [RunRecord] {
        try read("cannot read the experiment's runs") { db in
            try RunRecord.filter(Column("experiment_id") == id).order(Column("id")).fetchAll(db)
        }
    }

    /// The runs with these ids (those that exist), in id order.
    public func runs(ids: [Int64]) throws(StoreError) -> [RunRecord] {
        try read("cannot read runs") { db in try RunRecord.filter(ids.contains(Column("id"))).order(Column("id")).fetchAll(db) }
    }

    /// The experiment with this id, if there is one.
    public func experiment(id: Int64) throws(StoreError) -> ExperimentRecord? {
        try read("cannot read experiments") { db in try ExperimentRecord.fetchOne(db, key: id) }
    }

    /// The metrics of these runs, by run and name.
    public func metrics(runIDs: [Int64]) throws(StoreError) -> [RunMetricRecord] {
        try read("cannot read metrics") { db in
            try RunMetricRecord.filter(runIDs.contains(Column("run_id"))).order(Column("run_id"), Column("name")).fetchAll(db)
        }
    }

    /// The station rows of these runs, by run and plant order.
    public func stations(runIDs: [Int64]) throws(StoreError) -> [StationStatRecord] {
        try read("cannot read station statistics") { db in
            try StationStatRecord.filter(runIDs.contains(Column("run_id"))).order(Column("run_id"), Column("position")).fetchAll(db)
        }
    }

    /// The decision-site rows of these runs, by run and plant order.
    public func decisions(runIDs: [Int64]) throws(StoreError) -> [DecisionStatRecord] {
        try read("cannot read decision statistics") { db in
            try DecisionStatRecord.filter(runIDs.contains(Column("run_id"))).order(Column("run_id"), Column("position")).fetchAll(db)
        }
    }

    /// The time-series bins of these runs, by run, series and bin.
    public func series(runIDs: [Int64]) throws(StoreError) -> [RunSeriesRecord] {
        try read("cannot read run series") { db in
            try RunSeriesRecord.filter(runIDs.contains(Column("run_id"))).order(Column("run_id"), Column("series"), Column("bin")).fetchAll(db)
        }
    }

    /// The batch means of these runs (runs of one replication), by run, station and figure.
    public func batchMeans(runIDs: [Int64]) throws(StoreError) -> [BatchMeansRecord] {
        try read("cannot read batch means") { db in
            try BatchMeansRecord.filter(runIDs.contains(Column("run_id"))).order(Column("run_id"), Column("station"), Column("figure")).fetchAll(db)
        }
    }

    /// The histogram bins of these runs, by run, histogram and bin.
    public func histograms(runIDs: [Int64]) throws(StoreError) -> [RunHistogramRecord] {
        try read("cannot read run histograms") { db in
            try RunHistogramRecord.filter(runIDs.contains(Column("run_id"))).order(Column("run_id"), Column("histogram"), Column("bin")).fetchAll(db)
        }
    }

    /// Runs a read, turning any failure into a `StoreError` that says what was being done.
    func read<T: Sendable>(_ action: String, _ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw StoreError(path: path, action: action, error: error)
        }
    }
}
