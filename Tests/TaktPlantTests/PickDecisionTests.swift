import Foundation
import TaktKernel
import TaktPlant
import TaktPolicy
import TaktTestSupport
import Testing

/// The pick decision point: the teacher, learned policies from the plant file, recording.
@Suite("Pick decisions")
struct PickDecisionTests {
    func run(_ pick: String, replication: Int = 0) throws -> ReplicationResult {
        try ExamplePlant.run("colour-batching", replacing: [("pick: batch", "pick: \(pick)")], replication: replication)
    }

    @Test("colour-batching.yaml: the oracle keeps the takt with no more changeovers than batching")
    func oracle() throws {
        let fifo = try run("fifo"), batch = try run("batch"), oracle = try run("oracle")
        #expect(abs(oracle.throughputPerHour - 60) < 0.1)
        #expect(oracle.stations[0].changeovers <= batch.stations[0].changeovers)
        #expect(oracle.stations[0].changeovers < fifo.stations[0].changeovers * 9 / 10)
        // Every time a server chose among two or more waiting jobs, the oracle decided.
        let site = try #require(oracle.decisions.first)
        #expect(site.point == "pick" && site.at == "paint-booth" && site.rule == "oracle")
        #expect(site.decisions > 1000)
        #expect(batch.decisions.isEmpty)
    }

    @Test("a shipped policy decides from the plant file, and its agreement with the teacher is reported")
    func policy() throws {
        let r = try run("{policy: ../policies/pick-int8.json, teacher: oracle}")
        #expect(abs(r.throughputPerHour - 60) < 0.1)
        let site = try #require(r.decisions.first)
        #expect(site.decisions > 1000)
        #expect(site.teacherCompared == site.decisions)
        // Trained on the default plant, where changeovers are short; here they are twice the
        // process time, and the policy agrees less often but changes over no more than the teacher.
        let agreement = try #require(site.teacherAgreement)
        #expect(agreement > 0.5 && agreement <= 1)
        #expect(Double(r.stations[0].changeovers) <= Double(try run("oracle").stations[0].changeovers) * 1.02)
        #expect(site.meanNs > 0)
        // Deterministic for a seed, whatever the policy's timing.
        var again = try run("{policy: ../policies/pick-int8.json, teacher: oracle}")
        again.wallSeconds = r.wallSeconds
        again.decisions[0].meanNs = site.meanNs
        #expect(!r.audit.isEmpty && again.audit.count == r.audit.count)
        for i in again.audit.indices { again.audit[i].inferenceNs = r.audit[i].inferenceNs }
        #expect(again == r)
    }

    @Test("policy files that do not fit are plant-file errors at the pick key")
    func badPolicies() throws {
        func message(_ pick: String) -> String {
            ExamplePlant.errors("colour-batching", replacing: [("pick: batch", "pick: \(pick)")]).joined(separator: "\n")
        }
        let missing = message("{policy: ../policies/none.json}")
        #expect(missing.contains("stations[0].pick.policy: ../policies/none.json: cannot read the policy file \(Repository.path("Plants/examples"))/../policies/none.json")
                && missing.contains("a policy's path is relative to the plant file"), "\(missing)")
        #expect(message("{policy: ../policies/pick-int8.json, teacher: human}").contains("stations[0].pick.teacher"))
        #expect(message("{polcy: x.json}").contains("unknown key 'polcy' (did you mean 'policy'?)"))
        #expect(message("smart").contains("stations[0].pick"))
        // A model for another decision point.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("takt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let other = DecisionSchema(point: "release", version: 1, features: PickPoint.schema.features, actions: PickPoint.schema.actions)
        let original = try PolicyFile.load(path: Repository.path("Plants/policies/pick-fp32.json"))
        try PolicyFile(schema: other, network: original.network).write(to: dir.appendingPathComponent("m.json").path)
        #expect(message("{policy: \(dir.path)/m.json}").contains("the model is for decision point 'release', not 'pick'"))
    }

    @Test("recorded decisions carry 32 features, a mask and a teacher action the mask allows")
    func recording() throws {
        let plant = try ExamplePlant.load("colour-batching", replacing: [("pick: batch", "pick: oracle")])
        let recorder = DecisionRecorder(schema: PickPoint.schema)
        var settings = plant.run
        settings.duration = 86_400 * Ticks.perSecond
        settings.warmup = 0
        _ = try Replication.run(plant, settings: settings, replication: 0, recorder: recorder, recordSite: .pick(station: 0))
        #expect(recorder.count > 100)
        #expect(recorder.features.count == recorder.count * 32)
        for i in 0..<recorder.count {
            #expect(recorder.masks[i * 8 + recorder.actions[i]])
            #expect(recorder.features[i * 32 + 31] == 1)  // bias
        }
    }
}
