import TaktPolicy
import Testing

@Suite("Imitation training")
struct TrainerTests {
    /// A teacher with a learnable rule: among allowed actions, the one whose feature is largest.
    func data(samples: Int, seed: UInt64) -> TrainingData {
        var rng = TestRandom(state: seed)
        var features: [Float] = [], masks: [Bool] = [], actions: [Int] = []
        for _ in 0..<samples {
            let x = (0..<6).map { _ in rng.unit() }
            var mask = (0..<4).map { _ in rng.next() % 3 != 0 }
            if mask.filter({ $0 }).count < 2 { mask = [true, true, mask[2], mask[3]] }
            let best = (0..<4).filter { mask[$0] }.max { x[$0] < x[$1] }!
            features += x
            masks += mask
            actions.append(best)
        }
        return TrainingData(featureCount: 6, actionCount: 4, features: features, masks: masks, actions: actions)
    }

    @Test("learns a rule it can express, on held-out decisions too")
    func learns() {
        var options = TrainingOptions()
        options.hidden = [32, 32]
        options.maxEpochs = 80
        options.seed = 3
        let (mlp, report) = Trainer.train(data(samples: 3000, seed: 11), options: options)
        #expect(mlp.shape == [6, 32, 32, 4])
        #expect(report.validationSamples == 600)
        #expect(report.validationAccuracy > 0.93)
        // A fresh sample of the same rule.
        let test = data(samples: 500, seed: 12)
        var right = 0
        for i in 0..<test.count {
            let scores = mlp.referenceForward(test.row(i))
            let mask = Array(test.masks[(i * 4)..<(i * 4 + 4)])
            if maskedArgmax(scores, mask, count: 4) == test.actions[i] { right += 1 }
        }
        #expect(Double(right) / 500 > 0.9)
    }

    @Test("the same seed gives the same network; another seed does not")
    func deterministic() {
        var options = TrainingOptions()
        options.hidden = [8]
        options.maxEpochs = 5
        let d = data(samples: 300, seed: 4)
        let a = Trainer.train(d, options: options).0, b = Trainer.train(d, options: options).0
        #expect(a == b)
        options.seed = 2
        #expect(Trainer.train(d, options: options).0 != a)
    }

    @Test("decisions with a single allowed action are left out of training")
    func informative() {
        let d = TrainingData(featureCount: 1, actionCount: 2, features: [0, 1, 2], masks: [true, false, true, true, false, true], actions: [0, 1, 1])
        let kept = d.informative()
        #expect(kept.count == 1)
        #expect(kept.features == [1])
        #expect(kept.actions == [1])
    }
}
