import Foundation
import TaktPlant

/// Batur and Kim's fully sequential check of which systems keep bounds on
/// their means (D. Batur and S.-H. Kim, "Finding feasible systems in the
/// presence of constraints on multiple performance measures", ACM TOMACS
/// 20(3), 2010).
///
/// Each requirement j of each system i is judged on its own: after a first
/// stage of n0 replications the variance S²ᵢⱼ of the figure is estimated
/// once; then after each further replication the sum of the excesses over
/// the bound (the figure less the bound for `at_most`, the bound less the
/// figure for `at_least`) is compared with R(r) = max(0, h²S²ᵢⱼ/(2ε) − εr/2):
/// at or below −R the requirement is kept, at or above +R it is broken,
/// between the two the system needs another replication. A system is
/// feasible when it keeps every requirement and infeasible as soon as it
/// breaks one. Beyond r = h²S²ᵢⱼ/ε² R is 0 and the sign of the sum decides,
/// so the check always ends.
///
/// With h² = (n0 − 1)·((2α/(k·s))^(−2/(n0 − 1)) − 1) for k systems and s
/// requirements, each judgement errs with probability at most α/(k·s), so
/// with probability at least 1 − α (Bonferroni) every system whose means keep
/// every bound by ε is found feasible and every system that breaks one by ε
/// infeasible. It assumes roughly normal replication results and judges each
/// system on its own replications.
public struct FeasibilityCheck: Sendable {
    /// The check's verdict on one system.
    public enum Verdict: Sendable, Equatable {
        case feasible
        /// It breaks requirement `requirement` (an index into `requirements`).
        case infeasible(requirement: Int)
    }

    public let requirements: [Requirement]
    public let firstStage: Int
    /// The check's constant h².
    public let h2: Double
    /// Systems not yet judged, in index order.
    public private(set) var undecided: [Int]
    /// Each judged system's verdict and the replications it had then.
    public private(set) var verdicts: [Int: (verdict: Verdict, replications: Int)] = [:]
    /// Replications every undecided system has had.
    public private(set) var replications: Int
    /// Sums of excesses, system by requirement.
    private var sums: [[Double]]
    /// Requirements still to judge, system by requirement.
    private var open: [[Bool]]
    /// S²ᵢⱼ from the first stage.
    private let variances: [[Double]]

    /// Starts the check from the first stage: `results[i][j]` holds system i's n0 values of requirement j's figure,
    /// replication by replication; the check holds with probability at least `confidence`.
    public init(firstStage results: [[[Double]]], requirements: [Requirement], confidence: Double) {
        let k = results.count, s = requirements.count, n0 = results.first?.first?.count ?? 0
        precondition(k >= 1 && s >= 1 && n0 >= 2 && results.allSatisfy { $0.count == s && $0.allSatisfy { $0.count == n0 } },
                     "a feasibility check needs n0 ≥ 2 values of every requirement's figure for every system")
        self.requirements = requirements
        firstStage = n0
        let alpha = (1 - confidence) / Double(k * s)
        h2 = Double(n0 - 1) * (pow(2 * alpha, -2 / Double(n0 - 1)) - 1)
        variances = results.map { $0.map(SampleMoments.variance) }
        sums = results.map { perRequirement in zip(requirements, perRequirement).map { r, xs in xs.reduce(0) { $0 + r.excess($1) } } }
        open = Array(repeating: Array(repeating: true, count: s), count: k)
        undecided = Array(0..<k)
        replications = n0
        screen()
    }

    /// The systems found feasible, in index order.
    public var feasible: [Int] { verdicts.filter { $0.value.verdict == .feasible }.keys.sorted() }

    /// Adds one more replication for every undecided system (`results[i][j]`: requirement j's figure) and judges again.
    public mutating func add(_ results: [Int: [Double]]) {
        precondition(Set(results.keys) == Set(undecided), "one replication for every undecided system")
        for (i, xs) in results {
            for j in requirements.indices { sums[i][j] += requirements[j].excess(xs[j]) }
        }
        replications += 1
        screen()
    }

    /// Judges every open requirement of every undecided system.
    private mutating func screen() {
        let r = Double(replications)
        for i in undecided {
            for j in requirements.indices where open[i][j] {
                let epsilon = requirements[j].tolerance
                let bound = max(0, h2 * variances[i][j] / (2 * epsilon) - epsilon * r / 2)
                if sums[i][j] <= -bound {
                    open[i][j] = false
                } else if sums[i][j] >= bound {
                    verdicts[i] = (.infeasible(requirement: j), replications)
                    break
                }
            }
            if verdicts[i] == nil, !open[i].contains(true) { verdicts[i] = (.feasible, replications) }
        }
        undecided.removeAll { verdicts[$0] != nil }
    }
}
