import Foundation
import TaktKernel
import Testing
@testable import TaktFit

@Suite struct KruskalWallisTests {
    @Test("H and its p-value by hand: three groups without ties, two with ties")
    func byHand() throws {
        // Ranks 1…9 in groups of three: rank sums 6, 15, 24; H = 12/90 · (36 + 225 + 576)/3 − 30 = 7.2; χ²(2) tail e^(−3.6).
        let plain = try #require(KruskalWallis(values: [1, 2, 3, 4, 5, 6, 7, 8, 9], groups: ["a", "a", "a", "b", "b", "b", "c", "c", "c"]))
        #expect(plain.groups == 3 && plain.degreesOfFreedom == 2 && plain.smallestGroup == 3)
        #expect(abs(plain.statistic - 7.2) < 1e-12 && abs(plain.pValue - exp(-3.6)) < 1e-12)
        // 1, 1, 2 against 2, 3, 3: mid-ranks 1.5, 1.5, 3.5 | 3.5, 5.5, 5.5; H = (12/42 · (6.5² + 14.5²)/3 − 21) / (1 − 18/210) = 10/3;
        // χ²(1) tail erfc(√(H/2)).
        let tied = try #require(KruskalWallis(values: [1, 1, 2, 2, 3, 3], groups: ["x", "x", "x", "y", "y", "y"]))
        #expect(abs(tied.statistic - 10.0 / 3) < 1e-12 && abs(tied.pValue - erfc((5.0 / 3).squareRoot())) < 1e-12)
        #expect(KruskalWallis(values: [1, 2, 3], groups: ["a", "a", "a"]) == nil)
        #expect(KruskalWallis(values: [4, 4, 4, 4], groups: ["a", "b", "a", "b"]) == nil)
    }

    @Test("groups from one distribution pass about as often as the level says; a robot whose repairs take 60% longer is found in most data sets")
    func levelAndPower() {
        var rng = RandomStream(seed: 3, replication: 0, name: "kruskal-wallis")
        let repair = try! Distribution.make(.lognormal(mean: 20, cv: 0.6))
        let labels = (0..<120).map { "robot-\($0 % 6)" }
        var rejected = 0
        for _ in 0..<400 {
            let values = labels.map { _ in repair.sample(&rng) }
            if KruskalWallis(values: values, groups: labels)!.pValue <= 0.1 { rejected += 1 }
        }
        // Binomial(400, 0.1): 99.9% of outcomes lie within 22…60.
        #expect((22...60).contains(rejected), "\(rejected) of 400 rejected at 10%")
        var slow = 0
        let longer = try! Distribution.make(.lognormal(mean: 20 * 1.6, cv: 0.6))
        for _ in 0..<100 {
            let values = labels.map { $0 == "robot-0" ? longer.sample(&rng) : repair.sample(&rng) }
            if KruskalWallis(values: values, groups: labels)!.pValue <= 0.05 { slow += 1 }
        }
        #expect(slow >= 50, "a slower robot found in \(slow) of 100")
    }
}
