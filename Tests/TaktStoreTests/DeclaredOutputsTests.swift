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
        _ = try RunStore(path: queue.path)
        try queue.read { db in
            for (table, outputs) in Self.tables {
                let columns = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map {
                    (($0["name"] as String), ($0["type"] as String))
                })
                for output in outputs {
                    #expect(columns[output.name] == (output.isCount ? "INTEGER" : "REAL"), "\(table).\(output.name)")
                }
            }
        }
    }

    @Test("output names are unique per subject, snake_case, and described", arguments: Self.tables.map(\.table))
    func namesAreUnique(table: String) {
        let names = Self.tables.first { $0.table == table }!.outputs.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } })
        #expect(StationOutputs.all.allSatisfy { $0.description.hasSuffix(".") && !$0.unit.isEmpty })
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
