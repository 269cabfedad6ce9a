import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

@Suite("Loss tree")
struct LossTreeTests {
    func tree(_ plant: PlantDescription) throws -> LossTree {
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        return try #require(LossTree(r, takt: plant.takt, measuredSeconds: Ticks.seconds(plant.run.duration - plant.run.warmup)))
    }

    @Test("shifts.yaml: design output = off shift + completed, nothing else lost")
    func shifts() throws {
        let t = try tree(try ExamplePlant.load("shifts"))
        #expect(t.design == 7 * 24 * 60)
        #expect(abs(t.offShift - (7 * 24 - 75) * 60) < 1e-6)
        #expect(t.actual == 4500)
        #expect(abs(t.failures) < 1e-6 && abs(t.starvation) < 1e-6 && abs(t.blocking) < 1e-6 && abs(t.speedAndOther) < 1e-6)
    }

    @Test("A saturated station at the takt loses exactly its failed share to failures")
    func failures() throws {
        let plant = try PlantLoader.parse(yaml: """
            takt: 60s
            run: {duration: 40d, warmup: 1d, seed: 2}
            sources: [{name: in, unlimited: true, next: a}]
            stations:
              - {name: a, process: 60s, buffer: 0, failures: {mttf: 30min, mttr: 5min, basis: operating}, next: out}
            sinks: [{name: out}]
            """, file: "l.yaml", directory: Repository.root)
        let t = try tree(plant)
        #expect(t.offShift == 0)
        #expect(abs(t.failures + t.actual - t.design) < 2)  // all of the gap is failures (but a job in process)
        #expect(abs(t.failures / t.design - 1.0 / 7) < 0.01)
        #expect(abs(t.speedAndOther) < 2)
        #expect(t.starvation == 0 && t.blocking == 0)
    }

    @Test("the categories are declared once, in order; workers only for staffed plants")
    func categories() throws {
        let t = try tree(try ExamplePlant.load("shifts"))
        #expect(LossTreeSummary([t], staffed: false).losses.map(\.key) == ["off_shift", "failures", "starvation", "blocking", "changeovers", "speed_and_other"])
        #expect(LossTreeSummary([t], staffed: true).losses.map(\.key).contains("workers"))
        #expect(LossTree.name(of: "workers") == "bottleneck worker wait" && LossTree.column(of: "changeovers") == "setup")
    }

    @Test("No takt, no loss tree")
    func noTakt() throws {
        let plant = try PlantLoader.load(path: Repository.path("Plants/validation/mm1.yaml"))
        var settings = plant.run
        settings.duration = 86_400 * Ticks.perSecond
        settings.warmup = 0
        let r = try Replication.run(plant, settings: settings, replication: 0)
        #expect(LossTree(r, takt: nil, measuredSeconds: 86_400) == nil)
    }
}
