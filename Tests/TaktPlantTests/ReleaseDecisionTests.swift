import Foundation
import TaktKernel
import TaktPlant
import TaktPolicy
import TaktTestSupport
import Testing

/// The release decision point (mixed-model sequencing) on the sequencing example.
@Suite("Release decisions")
struct ReleaseDecisionTests {
    func run(_ rule: String) throws -> ReplicationResult {
        try ExamplePlant.run("sequencing", replacing: [("release_rule: colour", "release_rule: \(rule)")])
    }

    @Test("sequencing.yaml: in arrival order paint changes colour two cars in three and holds the line to 45 an hour")
    func fifo() throws {
        let r = try run("fifo")
        let changes = Double(r.stations[0].changeovers) / Double(r.stations[0].jobs)
        #expect(abs(changes - 2.0 / 3) < 0.02)
        // Paint needs 50 + 45 × 2/3 = 80 s a car: 45 cars an hour, a little less with the variation in runs.
        #expect(r.throughputPerHour > 44 && r.throughputPerHour < 45.1)
    }

    @Test("colour blocks and the oracle keep the 76 s takt; the oracle changes colour rarely too")
    func blocksAndOracle() throws {
        let colour = try run("colour"), oracle = try run("oracle")
        #expect(abs(colour.throughputPerHour - 3600.0 / 76) < 0.02)
        #expect(abs(oracle.throughputPerHour - 3600.0 / 76) < 0.05)
        #expect(Double(colour.stations[0].changeovers) / Double(colour.stations[0].jobs) < 0.1)
        #expect(Double(oracle.stations[0].changeovers) / Double(oracle.stations[0].jobs) < 0.15)
        let site = try #require(oracle.decisions.first)
        #expect(site.point == "release" && site.at == "orders")
        #expect(site.decisions > 10_000)
        // Shares of completed cars follow the mix whatever the order.
        #expect(abs(Double(oracle.variants[1].jobs) / Double(oracle.jobsCompleted) - 0.3) < 0.02)
    }

    @Test("spread releases every order of the mix and is deterministic")
    func spread() throws {
        let a = try run("spread")
        var b = try run("spread")
        b.wallSeconds = a.wallSeconds
        #expect(a == b)
        #expect(abs(Double(a.variants[1].jobs) / Double(a.jobsCompleted) - 0.3) < 0.02)
    }

    @Test("release decisions are recorded at their site only, with a teacher action the mask allows")
    func recording() throws {
        let plant = try ExamplePlant.load("sequencing", replacing: [("release_rule: colour", "release_rule: oracle")])
        let recorder = DecisionRecorder(schema: ReleasePoint.schema)
        var settings = plant.run
        settings.duration = 86_400 * Ticks.perSecond
        settings.warmup = 0
        _ = try Replication.run(plant, settings: settings, replication: 0, recorder: recorder, recordSite: .release(source: 0))
        #expect(recorder.count > 1000)
        for i in 0..<recorder.count { #expect(recorder.masks[i * 8 + recorder.actions[i]]) }
        let elsewhere = DecisionRecorder(schema: ReleasePoint.schema)
        _ = try Replication.run(plant, settings: settings, replication: 0, recorder: elsewhere, recordSite: .pick(station: 0))
        #expect(elsewhere.count == 0)
    }

    @Test("release rules that cannot work are plant-file errors at the key")
    func badRules() {
        func message(_ edits: [(String, String)]) -> String {
            ExamplePlant.errors("sequencing", replacing: edits).joined(separator: "\n")
        }
        #expect(message([("order_bank: 20, ", "")]).contains("sources[0].release_rule: 'release_rule: colour' chooses among the orders waiting in the bank"))
        #expect(message([("release_rule: colour", "release_rule: colours")]).contains("sources[0].release_rule"))
        #expect(message([("release_rule: colour", "release_rule: {policy: ../policies/pick-int8.json}")])
            .contains("the model is for decision point 'pick', not 'release'"))
    }
}

/// The rework decision point on the rework-routing example.
@Suite("Rework decisions")
struct ReworkDecisionTests {
    func run(_ rule: String) throws -> ReplicationResult {
        try ExamplePlant.run("rework-routing", replacing: [("rework_rule: oracle", "rework_rule: \(rule)")])
    }

    @Test("rework-routing.yaml: always line-side overloads the spot; the teacher and the shortest queue cut lead time")
    func routing() throws {
        let first = try run("first"), shortest = try run("shortest_queue"), oracle = try run("oracle")
        #expect(first.leadTimeMean > 2 * oracle.leadTimeMean)
        #expect(first.leadTimeMean > 2 * shortest.leadTimeMean)
        // Rework visits only the listed stations; first-pass yield is the defect rate's complement.
        #expect(abs(oracle.firstPassYield - 0.8) < 0.02)
        #expect(first.stations[2].jobs == 0)  // 'first' never uses the bay
        #expect(oracle.stations[2].jobs > 0)
        let site = try #require(oracle.decisions.first)
        #expect(site.point == "rework" && site.at == "eol-test")
        #expect(site.decisions >= oracle.stations[0].defects)
    }

    @Test("the shipped fp32 and int8 rework policies run from the plant file and choose as the teacher does")
    func shippedPolicies() throws {
        let oracle = try run("oracle")
        for precision in ["fp32", "int8"] {
            let r = try run("{policy: ../policies/rework-\(precision).json, teacher: oracle}")
            let site = try #require(r.decisions.first)
            #expect(site.rule.contains(precision))
            #expect(try #require(site.teacherAgreement) > 0.99)
            #expect(abs(r.leadTimeMean - oracle.leadTimeMean) < 0.02 * oracle.leadTimeMean)
        }
    }

    @Test("rework lists and rules are checked where they are written")
    func badRouting() {
        func message(_ edits: [(String, String)]) -> String {
            ExamplePlant.errors("rework-routing", replacing: edits).joined(separator: "\n")
        }
        #expect(message([("rework: [line-repair, repair-bay]", "rework: line-repair")])
            .contains("stations[0].quality.rework_rule: 'rework_rule' chooses among several rework destinations"))
        #expect(message([("rework: [line-repair, repair-bay]", "rework: [line-repair, repair-bey]")]).contains("did you mean 'repair-bay'?"))
        #expect(message([("rework_rule: oracle", "rework_rule: {policy: ../policies/pick-int8.json}")])
            .contains("the model is for decision point 'pick', not 'rework'"))
    }
}
