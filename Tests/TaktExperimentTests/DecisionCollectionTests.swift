import TaktExperiment
import TaktPlant
import TaktPolicy
import TaktTestSupport
import Testing

/// Recording decisions for training: by the teacher, by a policy, and by a learner labelled by the teacher.
@Suite("Decision collection")
struct DecisionCollectionTests {
    @Test("a learner's run meets the same states as the policy's own, labelled with the teacher's choices")
    func learnerLabels() throws {
        let plant = try ExamplePlant.load("predictive-maintenance")
        let site = try DecisionCollection.site(point: "maintenance", at: "framing", in: plant)
        let binding = try #require({ () -> PolicyBinding? in
            let edited = try? ExamplePlant.load("predictive-maintenance",
                                                replacing: [("        rule: oracle", "        rule: {policy: ../policies/maintenance-fp32.json}")])
            if case let .policy(b)? = edited?.stations[0].robots?.maintenance?.rule { return b }
            return nil
        }())
        var settings = plant.run
        settings.replications = 1
        let own = try DecisionCollection.collect(plant, site: site, decider: .policy(binding), settings: settings, threads: 1)
        let taught = try DecisionCollection.collect(plant, site: site, decider: .learner(binding), settings: settings, threads: 1)
        #expect(own.count > 1000 && own.count == taught.count)
        #expect(own.features == taught.features && own.masks == taught.masks)
        let agreeing = zip(own.actions, taught.actions).filter { $0 == $1 }.count
        let share = Double(agreeing) / Double(own.count)
        // The teacher disagrees with the learner on some states, and agrees on most.
        #expect(share > 0.85 && share < 1)
    }

    @Test("balanced weights make each action's total weight alike, at most 10× the commonest, a sample weighing 1 on average")
    func balancedWeights() {
        let data = TrainingData(featureCount: 1, actionCount: 3, features: Array(repeating: 0, count: 100),
                                masks: Array(repeating: true, count: 300), actions: Array(repeating: 0, count: 90) + Array(repeating: 1, count: 10))
        let w = data.balancedWeights()
        // Raw 1, 9, 1 (an unseen action weighs 1); the mean over samples is (90 + 90) / 100 = 1.8.
        #expect(abs(w[0] - 1 / 1.8) < 1e-6 && abs(w[1] - 9 / 1.8) < 1e-6 && abs(w[2] - 1 / 1.8) < 1e-6)
        let rare = TrainingData(featureCount: 1, actionCount: 2, features: Array(repeating: 0, count: 1000),
                                masks: Array(repeating: true, count: 2000), actions: Array(repeating: 0, count: 999) + [1])
        let capped = rare.balancedWeights()
        #expect(abs(capped[1] / capped[0] - 10) < 1e-4)
    }
}
