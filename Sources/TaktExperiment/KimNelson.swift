import Foundation

/// Kim and Nelson's fully sequential procedure for selecting the best of k
/// simulated systems (S.-H. Kim and B. L. Nelson, "A fully sequential
/// procedure for indifference-zone selection in simulation", ACM TOMACS
/// 11(3), 2001).
///
/// With probability at least 1 − α it selects the system with the best
/// mean whenever that mean is at least δ better than every other (the
/// indifference zone); when several are within δ of the best it selects one
/// of them. It assumes normally distributed replication results (means of
/// long runs are close to normal) and allows common random numbers: it
/// works on the variances of pairwise differences, which common random
/// numbers shrink, so fewer replications are needed.
///
/// After a first stage of n0 replications of every system, the variance
/// S²ᵢₗ of the difference of systems i and l is estimated once; then after
/// each further replication of the systems still in the running, system i
/// is eliminated when its mean falls below another's by more than
/// Wᵢₗ(r) = max(0, δ/(2r) · (h²·S²ᵢₗ/δ² − r)), with
/// h² = (n0 − 1)·((2α/(k − 1))^(−2/(n0 − 1)) − 1). The last one left is
/// selected. Beyond r = maxₗ h²S²ᵢₗ/δ² every W is 0 and the best mean wins
/// (ties: the first system), so the procedure always ends.
public struct KimNelson: Sendable {
    /// A system leaving the running.
    public struct Elimination: Sendable, Equatable {
        public var system: Int
        /// Replications it had when it left.
        public var replications: Int
        /// The system whose mean it fell behind (itself never: ties at the end name the winner).
        public var by: Int
    }

    public let indifference: Double
    public let confidence: Double
    public let firstStage: Int
    /// The procedure's constant h².
    public let h2: Double
    /// The systems still in the running, in index order.
    public private(set) var survivors: [Int]
    public private(set) var eliminations: [Elimination] = []
    /// Replications every survivor has had.
    public private(set) var replications: Int
    /// Each system's sum of results (negated when lower is better), over the replications it had.
    private var sums: [Double]
    /// S²ᵢₗ from the first stage.
    private let variances: [[Double]]
    private let sign: Double

    /// Starts the procedure from the first stage: `results[i]` holds system
    /// i's n0 results, replication by replication (the same replications for
    /// every system, so common random numbers pair them).
    public init(firstStage results: [[Double]], indifference: Double, confidence: Double, higherIsBetter: Bool) {
        let k = results.count, n0 = results.first?.count ?? 0
        precondition(k >= 2 && n0 >= 2 && results.allSatisfy { $0.count == n0 }, "Kim–Nelson needs two systems with the same n0 ≥ 2 results")
        self.indifference = indifference
        self.confidence = confidence
        firstStage = n0
        let sign: Double = higherIsBetter ? 1 : -1
        self.sign = sign
        let alpha = 1 - confidence
        h2 = Double(n0 - 1) * (pow(2 * alpha / Double(k - 1), -2 / Double(n0 - 1)) - 1)
        var variances = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for i in 0..<k {
            for l in 0..<k where l > i {
                let s2 = SampleMoments.variance(zip(results[i], results[l]).map { $0 - $1 })
                variances[i][l] = s2
                variances[l][i] = s2
            }
        }
        self.variances = variances
        sums = results.map { $0.reduce(0, +) * sign }
        survivors = Array(0..<k)
        replications = n0
        screen()
    }

    /// The selected system, once one is left.
    public var selected: Int? { survivors.count == 1 ? survivors[0] : nil }

    /// Each system's mean result over the replications it had (in the figure's own sign).
    public var means: [Double] {
        sums.indices.map { i in
            let n = eliminations.first { $0.system == i }?.replications ?? replications
            return sums[i] / Double(n) * sign
        }
    }

    /// Replications the procedure may need at most: beyond them every survivor is decided.
    public var mostNeeded: Int {
        let largest = survivors.flatMap { i in survivors.map { variances[i][$0] } }.max() ?? 0
        return max(replications, Int((h2 * largest / (indifference * indifference)).rounded(.down)) + 1)
    }

    /// Adds one more result for every survivor (`results[i]` for system i) and screens.
    public mutating func add(_ results: [Int: Double]) {
        precondition(selected == nil && Set(results.keys) == Set(survivors), "one result for every survivor")
        for (i, x) in results { sums[i] += x * sign }
        replications += 1
        screen()
    }

    /// Eliminates every survivor whose mean falls behind another survivor's by more than W.
    private mutating func screen() {
        let r = Double(replications)
        let delta = indifference
        var out: [Elimination] = []
        for i in survivors {
            for l in survivors where l != i {
                let w = max(0, delta / (2 * r) * (h2 * variances[i][l] / (delta * delta) - r))
                if sums[i] / r < sums[l] / r - w {
                    out.append(Elimination(system: i, replications: replications, by: l))
                    break
                }
            }
        }
        let gone = Set(out.map(\.system))
        survivors.removeAll { gone.contains($0) }
        eliminations += out
        // Every W among the survivors is 0 and still several are left: their means are equal; the first wins.
        let decided = survivors.allSatisfy { i in survivors.allSatisfy { l in l == i || h2 * variances[i][l] / (delta * delta) <= r } }
        if decided, survivors.count > 1 {
            let winner = survivors[0]
            eliminations += survivors.dropFirst().map { Elimination(system: $0, replications: replications, by: winner) }
            survivors = [winner]
        }
    }
}
