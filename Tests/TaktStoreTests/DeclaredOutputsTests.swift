import Foundation
import GRDB
import TaktKernel
import TaktPlant
@testable import TaktStore
import TaktTestSupport
import Testing

/// The store's figure tables follow the components' output declarations.
@Suite("Declared outputs in the store")
struct DeclaredOutputsTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("outputs-\(UUID().uuidString).sqlite").path
    }

    /// Each table of figures and the names and kinds of the outputs declared for it.
    static let tables: [(table: String, outputs: [(name: String, isCount: Bool)])] = [
        ("station_stats", StationOutputs.all.map { ($0.name, $0.kind == .count) }),
        ("robot_stats", RobotOutputs.all.map { ($0.name, $0.kind == .count) }),
        ("fleet_stats", FleetOutputs.all.map { ($0.name, $0.kind == .count) }),
        ("worker_stats", WorkerOutputs.all.map { ($0.name, $0.kind == .count) }),
        ("decision_stats", DecisionOutputs.all.map { ($0.name, $0.kind == .count) } + DeploymentOutputs.all.map { ($0.name, $0.kind == .count) }),
    ]

    @Test("every declared output has a column of its name and type: a new output without its migration fails here")
    func everyOutputHasAColumn() throws {
        let queue = try DatabaseQueue(path: temporaryPath())
        let store = try RunStore(path: queue.path)
        // A view's columns have no declared type: one stored row shows the type of each value.
        let robot = RobotStatRecord(position: 0, station: "cell", robot: "r1", failures: 2, failed: 0.25, energyKwh: 1, maintenances: 1)
        let run = RunRecord(batch: "b", startedAt: "", finishedAt: "", plantName: "p", plantPath: "p", plantHash: "h", seed: 1,
                            replication: 0, taktVersion: "test", durationS: 1, warmupS: 0, wallSeconds: 0, events: 0)
        try store.record(run, metrics: [], stations: [], robots: [robot])
        try queue.read { db in
            for (table, outputs) in Self.tables {
                var columns = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map {
                    (($0["name"] as String), ($0["type"] as String))
                })
                if try db.viewExists(table), let row = try Row.fetchOne(db, sql: "SELECT * FROM \(table)") {
                    for name in row.columnNames {
                        columns[name] = try String.fetchOne(db, sql: "SELECT upper(typeof(\(name))) FROM \(table)")
                    }
                }
                for output in outputs {
                    #expect(columns[output.name] == (output.isCount ? "INTEGER" : "REAL"), "\(table).\(output.name)")
                }
            }
        }
    }

    @Test("robots are written packed by station, names by count as numbers, and read back exactly, names escaped")
    func robotsPacked() throws {
        let queue = try DatabaseQueue(path: temporaryPath())
        let store = try RunStore(path: queue.path)
        let columns = try queue.read { db in try db.columns(in: "robot_stats").map(\.name) }
        #expect(columns == ["run_id"] + PackedRows.robotColumns)
        #expect(PackedRows.robotFigures.sorted() == RobotOutputs.all.map(\.name).sorted())
        let robots = [
            RobotStatRecord(position: 0, station: "cell \"A\"\\1", robot: "r\u{1}é", failures: 2, failed: 0.1 + 0.2, energyKwh: 1e-300, maintenances: 1),
            RobotStatRecord(position: 0, station: "cell \"A\"\\1", robot: "cell \"A\"\\1/r12", failures: 1, failed: 0, energyKwh: 0, maintenances: 0),
            RobotStatRecord(position: 3, station: "cell", robot: "r2", failures: 0, failed: 0, energyKwh: 12.5, maintenances: 0),
            RobotStatRecord(position: 3, station: "cell", robot: "cell/r0", failures: 0, failed: 1, energyKwh: 0, maintenances: 0),
            RobotStatRecord(position: 3, station: "cell", robot: "cell/r07", failures: 0, failed: 1, energyKwh: 0, maintenances: 0),
            RobotStatRecord(position: 3, station: "cell", robot: "cell/r-1", failures: 0, failed: 1, energyKwh: 0, maintenances: 0),
            RobotStatRecord(position: 3, station: "cell", robot: "cell/r", failures: 0, failed: 1, energyKwh: 0, maintenances: 0),
            RobotStatRecord(position: 4, station: "c/r1", robot: "c/r1/r99999999999999999999", failures: 0, failed: 1, energyKwh: 0, maintenances: 0),
        ]
        let run = RunRecord(batch: "b", startedAt: "", finishedAt: "", plantName: "p", plantPath: "p", plantHash: "h", seed: 1,
                            replication: 0, taktVersion: "test", durationS: 1, warmupS: 0, wallSeconds: 0, events: 0)
        let id = try store.record(run, metrics: [], stations: [], robots: robots)
        let sorted = robots.sorted { ($0.position, $0.robot) < ($1.position, $1.robot) }
        #expect(try store.robots(runID: id).map { var r = $0; r.runId = 0; return r } == sorted)
        let packed = try queue.read { db in try String.fetchOne(db, sql: "SELECT robots FROM run_robot_figures WHERE run_id = ?", arguments: [id]) }
        #expect(packed?.hasPrefix(#"[[0,"cell \"A\"\\1",[["r\u0001é",2,0.30000000000000004,1e-300,1],[12,1,0.0,0.0,0]]],[3,"cell",[["r2""#) == true,
                "\(packed ?? "")")
        #expect(packed?.contains(#"[0,0,1.0,0.0,0],["cell/r07""#) == true && packed?.contains(#""cell/r-1""#) == true, "\(packed ?? "")")
    }

    @Test("a store of schema v26 regroups its robots by station and reads the same rows, to the bit, afterwards")
    func upgradeFromV26() throws {
        let path = temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try Schema.migrate(queue, upTo: "v26: a run's plant figures stored as one row, read through a view of their old table")
        let robots = (0..<7).map { i in
            RobotStatRecord(position: i / 3, station: "s\(i / 3)", robot: i == 4 ? "own \"name\"" : "s\(i / 3)/r\(i + 1)", failures: i,
                            failed: [0.1 + 0.2, 1.0 / 3, 0, 5e-324][i % 4], energyKwh: 12.345678901234567 * Double(i), maintenances: i % 2)
        }
        try queue.write { db in
            for runID in 1...2 {
                try db.execute(sql: """
                    INSERT INTO runs (id, batch, started_at, finished_at, plant_name, plant_path, plant_hash, seed, replication, takt_version,
                                      duration_s, warmup_s, wall_seconds, events, status) VALUES (?, 'b', '', '', 'p', 'p', 'h', 1, ?, 't', 1, 0, 0, 0, 'completed')
                    """, arguments: [runID, runID])
                // As v25's writer packed them: a robot each, its station and full name with it.
                var old = JSONBytes()
                old.append("[")
                for (i, r) in robots.enumerated() {
                    if i > 0 { old.append(",") }
                    old.append("[")
                    for (k, value) in ([StoreValue(r.position), StoreValue(r.station), StoreValue(r.robot)] + r.packedFigures).enumerated() {
                        if k > 0 { old.append(",") }
                        old.value(value)
                    }
                    old.append("]")
                }
                old.append("]")
                try db.execute(sql: "INSERT INTO run_robot_figures VALUES (?, ?)", arguments: [runID, old.text])
            }
        }
        let before = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM robot_stats ORDER BY run_id, position, robot") }
        try queue.close()
        let store = try RunStore(path: path)
        let after = try store.queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM robot_stats ORDER BY run_id, position, robot") }
        #expect(after == before && after.count == 14)
        let types = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT typeof(failed) || typeof(energy_kwh) || typeof(failures) FROM robot_stats")
        }
        #expect(types == ["realrealinteger"])
        let packed = try store.queue.read { db in try String.fetchOne(db, sql: "SELECT robots FROM run_robot_figures WHERE run_id = 1") }
        #expect(packed == PackedRows.robots(robots), "the migration writes what the writer writes")
    }

    @Test("a store of schema v24 moves its robot rows to one row a run and reads the same figures, to the bit, afterwards")
    func upgradeFromV24() throws {
        let path = temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try Schema.migrate(queue, upTo: "v24: batch means of one-replication runs")
        let failed = [0.1 + 0.2, 1.0 / 3, 0, 5e-324], energy = [12.345678901234567, 1e300, 0.5, 2]
        try queue.write { db in
            for runID in 1...2 {
                try db.execute(sql: """
                    INSERT INTO runs (id, batch, started_at, finished_at, plant_name, plant_path, plant_hash, seed, replication, takt_version,
                                      duration_s, warmup_s, wall_seconds, events, status) VALUES (?, 'b', '', '', 'p', 'p', 'h', 1, ?, 't', 1, 0, 0, 0, 'completed')
                    """, arguments: [runID, runID])
                for i in failed.indices {
                    try db.execute(sql: "INSERT INTO robot_stats VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [runID, i / 2, "s\(i / 2)", "r\(i)", i, failed[i] * Double(runID), energy[i], runID])
                }
            }
        }
        try queue.close()
        let store = try RunStore(path: path)
        for runID in Int64(1)...2 {
            let robots = try store.robots(runID: runID)
            #expect(robots.map(\.robot) == ["r0", "r1", "r2", "r3"] && robots.map(\.position) == [0, 0, 1, 1])
            #expect(robots.map(\.failed) == failed.map { $0 * Double(runID) } && robots.map(\.energyKwh) == energy)
            #expect(robots.map(\.failures) == [0, 1, 2, 3] && robots.allSatisfy { $0.maintenances == Int(runID) })
        }
        let kinds = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT name || ':' || type FROM sqlite_master WHERE name IN ('robot_stats', 'run_robot_figures') ORDER BY name")
        }
        #expect(kinds == ["robot_stats:view", "run_robot_figures:table"])
    }

    @Test("a replication with robots, kits and a fleet is stored figure by figure as its declarations measure it")
    func storedAsMeasured() throws {
        let store = try RunStore(path: temporaryPath())
        for name in ["amr-kitting", "predictive-maintenance", "energy"] {
            let plant = try ExamplePlant.load(name)
            let result = try Replication.run(plant, settings: plant.run, replication: 0)
            let run = RunRecord(batch: name, startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", plantName: plant.name,
                                plantPath: plant.file, plantHash: plant.contentHash, seed: 1, replication: 0, taktVersion: "test",
                                durationS: 10, warmupS: 1, wallSeconds: result.wallSeconds, events: result.events)
            let id = try store.record(result, as: run)
            let stations = try store.stations(runID: id), robots = try store.robots(runID: id), fleets = try store.fleets(runID: id)
            #expect(stations.map(\.station) == result.stations.map(\.name))
            for (row, s) in zip(stations, result.stations) {
                #expect(row.jobs == s.jobs && row.utilization == s.utilization && row.kitStockout == s.kitStockout)
                #expect(row.energyKwh == s.energyKWh && row.bottleneckShifting == s.bottleneckShifting && row.offShift == s.offShift)
            }
            let measuredRobots = result.stations.flatMap(\.robots)
            #expect(robots.map(\.robot) == measuredRobots.map(\.name))
            for (row, r) in zip(robots, measuredRobots) { #expect(row.failed == r.failed && row.maintenances == r.maintenances) }
            #expect(fleets.count == result.fleets.count)
            for (row, f) in zip(fleets, result.fleets) { #expect(row.deliveries == f.deliveries && row.busy == f.busy && row.charges == f.charges) }
            #expect(try store.metrics(runID: id).contains { $0.name == "jobs_started" && $0.value == Double(result.jobsStarted) })
        }
    }

    @Test("decision sites and their deployments are stored figure by figure as declared: NULL without a teacher or a deployment")
    func decisionsStoredAsMeasured() throws {
        let store = try RunStore(path: temporaryPath())
        let deployments = """
            deployments:
              - name: api
                cloud: {latency: {dist: lognormal, mean: 900ms, cv: 1.5}, timeout: 3s, cost_per_call: 0.004, energy_per_call: 1000}
            sources:
            """
        for (pick, deployed, compared) in [("{policy: oracle, deployment: api, fallback: batch}", true, false), ("oracle", false, false),
                                           ("{policy: ../policies/pick-int8.json, teacher: oracle}", false, true)] {
            let plant = try ExamplePlant.load("colour-batching", replacing: [("pick: batch", "pick: \(pick)"), ("sources:", deployments)])
            var settings = plant.run
            settings.duration = 86_400 * Ticks.perSecond
            settings.warmup = 7_200 * Ticks.perSecond
            let result = try Replication.run(plant, settings: settings, replication: 0)
            let run = RunRecord(batch: pick, startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", plantName: plant.name,
                                plantPath: plant.file, plantHash: plant.contentHash, seed: 1, replication: 0, taktVersion: "test",
                                durationS: 10, warmupS: 1, wallSeconds: result.wallSeconds, events: result.events)
            let id = try store.record(result, as: run)
            let row = try #require(try store.decisions(runID: id).first)
            let site = try #require(result.decisions.first)
            #expect(row.decisions == site.decisions && row.meanNs == site.meanNs && row.teacherCompared == site.teacherCompared, "\(pick)")
            #expect((row.teacherAgreement != nil) == compared && row.teacherAgreement == site.teacherAgreement, "\(pick)")
            #expect(row.deployment == site.deployment?.name && row.requests == site.deployment?.requests, "\(pick)")
            #expect(row.latencyP95S == site.deployment?.latencyP95 && row.energyJ == site.deployment?.energyJ, "\(pick): \(String(describing: row.latencyP95S)) \(String(describing: site.deployment))")
            let perDecision = try store.queue.read { db in
                try Double.fetchOne(db, sql: "SELECT energy_per_decision_j FROM decision_stats WHERE run_id = ?", arguments: [id])
            }
            #expect(perDecision == site.deployment.map { DeploymentOutputs.energyPerDecision.value(of: $0) }, "\(pick)")
            #expect(!deployed || (site.deployment?.requests ?? 0) > 0, "\(pick)")
        }
    }
}
