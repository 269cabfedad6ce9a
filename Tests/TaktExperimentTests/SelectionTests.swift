import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Kim and Nelson's procedure on data with known means: it selects the best
/// as often as it promises, common random numbers save replications, and
/// ties and order do not change the verdict.
@Suite("Selecting the best")
struct SelectionTests {
    /// Normal results of `means.count` systems with standard deviation `sd`,
    /// correlated `rho` across systems within a replication (common random numbers).
    struct Systems {
        var means: [Double]
        var sd: Double
        var rho: Double
        var random: RandomStream

        mutating func normal() -> Double {
            // Box–Muller: one standard normal from two uniforms.
            let u = random.nextOpenUnit(), v = random.nextUnit()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }

        /// One replication: every system's result.
        mutating func replication() -> [Double] {
            let shared = normal()
            return means.map { $0 + sd * (rho.squareRoot() * shared + (1 - rho).squareRoot() * normal()) }
        }

        /// Runs the procedure to its end; returns it and the total replications over all systems.
        mutating func select(indifference: Double, confidence: Double = 0.95, n0: Int = 10, higherIsBetter: Bool = true) -> (KimNelson, Int) {
            let first = (0..<n0).map { _ in replication() }
            var kn = KimNelson(firstStage: means.indices.map { i in first.map { $0[i] } }, indifference: indifference,
                               confidence: confidence, higherIsBetter: higherIsBetter)
            var total = n0 * means.count
            while kn.selected == nil {
                let xs = replication()
                kn.add(Dictionary(uniqueKeysWithValues: kn.survivors.map { ($0, xs[$0]) }))
                total += kn.survivors.count + (kn.selected == nil ? 0 : 1)
            }
            return (kn, total)
        }
    }

    @Test("the best, δ better than four others, is selected in at least 95% of 1,000 experiments (with and without common random numbers)",
          arguments: [0.0, 0.6])
    func probabilityOfCorrectSelection(rho: Double) {
        var systems = Systems(means: [0, 0, 1, 0, 0], sd: 3, rho: rho, random: RandomStream(seed: 11, replication: 0, name: "kn-\(rho)"))
        let trials = 1000
        var correct = 0
        for _ in 0..<trials where systems.select(indifference: 1).0.selected == 2 { correct += 1 }
        // The procedure promises ≥ 95%; it is conservative (about 98–99% here). 93% is three binomial
        // standard deviations below the promise, so a correct procedure fails this about once in a thousand.
        #expect(Double(correct) / Double(trials) >= 0.93, "correct selections: \(correct) of \(trials)")
        #expect(correct < trials, "never wrong would mean the test's systems are too easy to tell apart")
    }

    @Test("common random numbers save replications: the same systems need fewer when their noise is shared")
    func commonRandomNumbers() {
        func meanTotal(rho: Double) -> Double {
            var systems = Systems(means: [0, 0.5, 1, 0.5], sd: 2, rho: rho, random: RandomStream(seed: 5, replication: 0, name: "crn"))
            return Double((0..<200).reduce(0) { total, _ in total + systems.select(indifference: 0.5).1 }) / 200
        }
        let independent = meanTotal(rho: 0), shared = meanTotal(rho: 0.8)
        #expect(shared < 0.5 * independent, "replications: \(shared) with common random numbers, \(independent) without")
    }

    @Test("lower is better selects the least mean; the outcome does not depend on the systems' order; equal systems end at once")
    func directionOrderAndTies() {
        var systems = Systems(means: [5, 3, 4], sd: 1, rho: 0.3, random: RandomStream(seed: 2, replication: 0, name: "order"))
        let data = (0..<400).map { _ in systems.replication() }
        func run(_ order: [Int], higherIsBetter: Bool) -> (selected: Int, replications: Int) {
            var kn = KimNelson(firstStage: order.map { i in data.prefix(10).map { $0[i] } }, indifference: 0.5, confidence: 0.95,
                               higherIsBetter: higherIsBetter)
            var r = 10
            while kn.selected == nil {
                kn.add(Dictionary(uniqueKeysWithValues: kn.survivors.map { ($0, data[r][order[$0]]) }))
                r += 1
            }
            return (order[kn.selected!], kn.replications)
        }
        #expect(run([0, 1, 2], higherIsBetter: false).selected == 1)
        #expect(run([0, 1, 2], higherIsBetter: true).selected == 0)
        #expect(run([2, 0, 1], higherIsBetter: false) == run([0, 1, 2], higherIsBetter: false))
        #expect(run([1, 2, 0], higherIsBetter: true) == run([0, 1, 2], higherIsBetter: true))
        // Identical results: no difference has any variance, every W is 0 at once, the first is selected.
        let same = KimNelson(firstStage: [[1, 2, 3], [1, 2, 3], [1, 2, 3]], indifference: 0.1, confidence: 0.95, higherIsBetter: true)
        #expect(same.selected == 0 && same.replications == 3 && same.eliminations.map(\.by) == [0, 0])
        // Results shifted by a constant: the better is known at once.
        let shifted = KimNelson(firstStage: [[1, 2, 3], [1.5, 2.5, 3.5]], indifference: 0.1, confidence: 0.95, higherIsBetter: true)
        #expect(shifted.selected == 1 && shifted.eliminations.map { [$0.system, $0.replications, $0.by] } == [[0, 3, 1]])
    }
}
