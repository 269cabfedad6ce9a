import Foundation
import GRDB
@testable import TaktStore
import Testing

@Suite("Run store")
struct RunStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
    }

    func run(_ replication: Int) -> RunRecord {
        RunRecord(batch: "b", startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", plantName: "p",
                  plantPath: "p.yaml", plantHash: String(repeating: "a", count: 64), seed: 1, replication: replication,
                  taktVersion: "test", durationS: 10, warmupS: 1, wallSeconds: 0.5, events: 100)
    }

    @Test("A run is written with its metrics and stations, and read back")
    func roundTrip() throws {
        let store = try RunStore(path: temporaryPath())
        let id = try store.record(run(0), metrics: [RunMetricRecord(name: "throughput_per_hour", value: 40.5, unit: "jobs/h")],
                                  stations: [StationStatRecord(position: 0, station: "s", servers: 2, jobs: 9, meanWaitS: 1, meanTimeInStationS: 2,
                                                               probWait: 0.5, meanQueueLength: 0.1, utilization: 0.8, working: 0.8, starved: 0.1,
                                                               blocked: 0.05, failed: 0.05)])
        #expect(try store.runCount() == 1)
        let back = try #require(try store.recentRuns().first)
        #expect(back.id == id)
        #expect(back.replication == 0 && back.plantName == "p" && back.events == 100)
        #expect(try store.metrics(runID: id).map(\.value) == [40.5])
        #expect(try store.stations(runID: id).first?.servers == 2)
    }

    @Test("Fleet and robot rows are written with their run and read back in plant order")
    func fleetsAndRobots() throws {
        let store = try RunStore(path: temporaryPath())
        let fleets = [FleetStatRecord(position: 1, fleet: "tugger", vehicles: 3, deliveries: 7, meanResponseS: 90, idle: 0.5, busy: 0.5, charging: 0, charges: 0),
                      FleetStatRecord(position: 0, fleet: "amr", vehicles: 94, deliveries: 120, meanResponseS: 444, idle: 0.9, busy: 0.08,
                                      charging: 0.02, charges: 5)]
        let robots = [RobotStatRecord(position: 0, station: "cell", robot: "r1", failures: 2, failed: 0.01, energyKwh: 12.5)]
        let id = try store.record(run(0), metrics: [], stations: [], robots: robots, fleets: fleets)
        #expect(try store.fleets(runID: id).map(\.fleet) == ["amr", "tugger"])
        #expect(try store.fleets(runID: id).first?.charges == 5)
        #expect(try store.robots(runID: id).first?.energyKwh == 12.5)
    }

    @Test("Series, histograms, the takt and an experiment's figures are stored, read back and merged into another store")
    func reportData() throws {
        let store = try RunStore(path: temporaryPath())
        let experiment = try store.experimentID(ExperimentRecord(name: "e", hash: "h", file: "e.yaml", baseline: "a", variants: ["a", "b"],
                                                                 createdAt: "2026-01-01T00:00:00Z", figures: ["lead_time_mean", "failures"]))
        var record = run(3)
        record.taktS = 76
        record.experimentId = experiment
        record.variant = "b"
        let id = try store.record(record, metrics: [], stations: [],
                                  series: [0, 1, 2].map { RunSeriesRecord(series: "completed_per_shift_hour", bin: $0, value: Double(40 + $0)) },
                                  histograms: [RunHistogramRecord(histogram: "lead_time", bin: 21, lowerS: 1, upperS: 1.122018, count: 7),
                                               RunHistogramRecord(histogram: "lead_time", bin: 161, lowerS: 1e7, upperS: nil, count: 1)])
        #expect(try store.runs(experimentID: experiment).map(\.taktS) == [76])
        #expect(try store.experiments(named: "e").first?.figureNames == ["lead_time_mean", "failures"])
        #expect(try store.series(runIDs: [id]).map(\.value) == [40, 41, 42])
        #expect(try store.histograms(runIDs: [id]).map(\.upperS) == [1.122018, nil], "the store's edges: bin 21 ends at 10^0.05 s")
        let search = StoredSearch(
            search: OptimizationSearchRecord(experimentId: experiment, method: "m", figure: "f", higherIsBetter: true, budget: 10,
                                             replicationsPerSample: 2, replications: 8, stopped: "budget"),
            points: [OptimizationPointRecord(experimentId: experiment, position: 0, point: "a", pointValues: "{}", replications: 4, mean: 1, rank: 2, failure: nil),
                     OptimizationPointRecord(experimentId: experiment, position: 1, point: "b", pointValues: "{}", replications: 4, mean: 2, rank: 1, failure: nil)],
            iterations: [OptimizationIterationRecord(experimentId: experiment, iteration: 1, replications: 8, visited: 2, best: "b", bestMean: 2, bestReplications: 4)])
        try store.record(search)
        let other = try RunStore(path: temporaryPath())
        _ = try other.merge(from: store.path)
        _ = try other.merge(from: store.path)
        let mergedExperiment = try #require(try other.experiments(named: "e").first?.id)
        #expect(try other.search(experimentID: mergedExperiment)?.points.map(\.point) == ["a", "b"], "the optimization's search comes along, once")
        #expect(try other.search(experimentID: mergedExperiment)?.iterations.count == 1)
        let merged = try #require(try other.recentRuns().first)
        #expect(merged.taktS == 76 && merged.variant == "b")
        #expect(try other.series(runIDs: [merged.id!]).count == 3)
        #expect(try other.histograms(runIDs: [merged.id!]).map(\.count) == [7, 1])
        #expect(try other.experiments(named: "e").first?.figureNames == ["lead_time_mean", "failures"])
    }

    @Test("A failing write leaves no half run behind")
    func atomic() throws {
        let path = temporaryPath()
        let store = try RunStore(path: path)
        try store.record(run(0), metrics: [], stations: [])
        // Two stations at one position violate the primary key, after the run's row and its
        // metrics are written: the whole run must roll back.
        let station = StationStatRecord(position: 0, station: "s", servers: 1, jobs: 1, meanWaitS: 0, meanTimeInStationS: 0, probWait: 0,
                                        meanQueueLength: 0, utilization: 0, working: 0, starved: 0, blocked: 0, failed: 0)
        let metrics = [RunMetricRecord(name: "x", value: 1, unit: "u")]
        #expect(throws: StoreError.self) { try store.record(run(1), metrics: metrics, stations: [station, station]) }
        #expect(try store.runCount() == 1)
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM run_metrics") } == 0)
    }

    @Test("Reopening keeps runs and does not re-run migrations")
    func reopen() throws {
        let path = temporaryPath()
        try RunStore(path: path).record(run(0), metrics: [], stations: [])
        let again = try RunStore(path: path)
        #expect(try again.runCount() == 1)
        let queue = try DatabaseQueue(path: path)
        let migrations = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations == ["v1: runs, run metrics, station statistics", "v2: station shop and energy", "v3: off-shift time", "v4: bottleneck shares", "v5: defects found by inspection", "v6: robot statistics", "v7: changeovers",
                               "v8: kits, vehicle fleets, robot energy", "v9: decision statistics", "v10: robot maintenance", "v11: experiments", "v12: decision audit trail", "v13: deployed decisions",
                               "v14: report data: takt, experiment figures, output series, histograms", "v15: policy processes' fallbacks",
                               "v16: series and histograms stored as one row each, read through views of their old tables",
                               "v17: energy per decision, as the deployment declares it", "v18: worker pools", "v19: carrier loops", "v20: conveyors", "v21: workers walking", "v22: optimization searches",
                               "v23: constraints on figures in searches", "v24: batch means of one-replication runs",
                               "v25: a run's robots stored as one row, read through a view of their old table",
                               "v26: a run's plant figures stored as one row, read through a view of their old table",
                               "v27: a run's robots grouped by station, robots named by count written by their number"])
    }

    @Test("A file that is not a database is a store error naming the file, with SQLite's code")
    func corrupt() throws {
        let path = temporaryPath()
        try Data(String(repeating: "garbage ", count: 512).utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try RunStore(path: path)
            Issue.record("opened a corrupt file")
        } catch {
            #expect(error.path == path)
            #expect(error.sqliteCode == 26)  // SQLITE_NOTADB
        }
    }
}

@Suite("Run store migrations")
struct MigrationTests {
    /// A store of the first schema at `path`, closed, holding one run with two metrics and one station row.
    static func makeFirstSchemaStore(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrate(queue, upTo: "v1: runs, run metrics, station statistics")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (batch, started_at, finished_at, plant_name, plant_path, plant_hash, seed, replication,
                                  takt_version, duration_s, warmup_s, wall_seconds, events, status)
                VALUES ('old', 's', 'f', 'old', 'old.yaml', 'h', 1, 0, '0.0.1', 10, 1, 0.1, 5, 'completed');
                INSERT INTO run_metrics VALUES (1, 'a', 1, 'x'), (1, 'b', 2, 'x');
                INSERT INTO station_stats VALUES (1, 0, 's', 1, 3, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0);
                """)
        }
        try queue.close()
    }

    @Test("A store written by the first schema opens, upgrades, and keeps its runs")
    func upgradeFromV1() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v1-\(UUID().uuidString).sqlite").path
        try Self.makeFirstSchemaStore(at: path)
        let store = try RunStore(path: path)
        #expect(try store.runCount() == 1)
        let station = try #require(try store.stations(runID: 1).first)
        #expect(station.energyKwh == 0)
        #expect(station.shop == nil)
        #expect(station.jobs == 3)
    }

    @Test("A store of schema v25 moves its metrics to one row a run and reads the same values, to the bit, afterwards")
    func upgradeFromV25() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v25-\(UUID().uuidString).sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrate(queue, upTo: "v25: a run's robots stored as one row, read through a view of their old table")
        let values: [Double?] = [0.1 + 0.2, nil, 1e-300, 12, .infinity]
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (batch, started_at, finished_at, plant_name, plant_path, plant_hash, seed, replication,
                                  takt_version, duration_s, warmup_s, wall_seconds, events, status)
                VALUES ('old', 's', 'f', 'old', 'old.yaml', 'h', 1, 0, '0.0.1', 10, 1, 0.1, 5, 'completed');
                """)
            for (i, value) in values.enumerated().reversed() {
                try db.execute(sql: "INSERT INTO run_metrics VALUES (1, ?, ?, ?)", arguments: ["m\(i)", value, i == 0 ? "€/h \"net\"" : "x"])
            }
        }
        try queue.close()
        let metrics = try RunStore(path: path).metrics(runID: 1)
        #expect(metrics.map(\.name) == ["m0", "m1", "m2", "m3", "m4"])
        #expect(metrics.map(\.value) == [0.1 + 0.2, nil, 1e-300, 12, nil])  // JSON has no infinity
        #expect(metrics.first?.unit == "€/h \"net\"")
    }

    @Test("Metrics are written packed, by name, and read back exactly")
    func metricsPacked() throws {
        let store = try RunStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("m-\(UUID().uuidString).sqlite").path)
        let metrics = [RunMetricRecord(name: "b", value: 1.0 / 3, unit: "jobs/h"), RunMetricRecord(name: "a", value: nil, unit: "s"),
                       RunMetricRecord(name: "c", value: -0.0, unit: "")]
        let id = try store.record(RunRecord(batch: "b", startedAt: "", finishedAt: "", plantName: "p", plantPath: "p", plantHash: "h", seed: 1,
                                            replication: 0, taktVersion: "t", durationS: 1, warmupS: 0, wallSeconds: 0, events: 0),
                                  metrics: metrics, stations: [])
        let stored = try store.metrics(runID: id)
        #expect(stored.map(\.name) == ["a", "b", "c"] && stored.map(\.unit) == ["s", "jobs/h", ""])
        #expect(stored.map(\.value) == [nil, 1.0 / 3, -0.0] && stored.allSatisfy { $0.runId == id })
    }
}
