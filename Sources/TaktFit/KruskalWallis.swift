import Foundation

/// The Kruskal–Wallis test of whether groups of values (the repair times of
/// each robot, the cycle times of each station) come from one distribution, so
/// that pooling them for one fit is sound (Law, *Simulation Modeling and
/// Analysis*, §6.13).
///
/// The values are ranked together, ties getting the mean of their ranks; H =
/// 12/(N(N + 1)) Σ Rᵢ²/nᵢ − 3(N + 1), divided by 1 − Σ(t³ − t)/(N³ − N) for
/// ties of t values, is compared with a chi-square distribution of k − 1
/// degrees of freedom (the approximation wants about five values in a group or
/// more). It compares where the groups lie, not their shapes: groups with the
/// same median and different spreads pass.
public struct KruskalWallis: Sendable, Equatable {
    /// The number of groups, and how many values the smallest has.
    public let groups: Int
    public let smallestGroup: Int
    /// The statistic H, corrected for ties.
    public let statistic: Double
    /// k − 1.
    public let degreesOfFreedom: Int
    /// P(χ² with `degreesOfFreedom` ≥ H).
    public let pValue: Double
    /// The groups in order of first appearance, with each one's size and mean rank (higher: longer durations).
    public let labels: [String]
    public let sizes: [Int]
    public let meanRanks: [Double]
    /// Each value's group, an index into `labels`.
    public let groupOfValue: [Int]

    /// The test of `values` grouped by `groups` (one label per value); nil with fewer than two groups
    /// or when every value is equal.
    public init?(values: [Double], groups labels: [String]) {
        precondition(values.count == labels.count, "one group label per value")
        var index: [String: Int] = [:]
        let group = labels.map { label in
            if let i = index[label] { return i }
            index[label] = index.count
            return index.count - 1
        }
        let k = index.count, n = values.count
        guard k >= 2 else { return nil }
        let order = values.indices.sorted { values[$0] < values[$1] }
        var rankSums = [Double](repeating: 0, count: k), sizes = [Int](repeating: 0, count: k)
        var ties = 0.0
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1, t = Double(end - start + 1)
            for i in order[start...end] {
                rankSums[group[i]] += rank
                sizes[group[i]] += 1
            }
            ties += t * t * t - t
            start = end + 1
        }
        let total = Double(n)
        let correction = 1 - ties / (total * total * total - total)
        guard correction > 0 else { return nil }
        let raw = 12 / (total * (total + 1)) * zip(rankSums, sizes).reduce(0) { $0 + $1.0 * $1.0 / Double($1.1) } - 3 * (total + 1)
        groups = k
        self.labels = index.sorted { $0.value < $1.value }.map(\.key)
        groupOfValue = group
        self.sizes = sizes
        meanRanks = zip(rankSums, sizes).map { $0 / Double($1) }
        smallestGroup = sizes.min()!
        statistic = max(0, raw / correction)
        degreesOfFreedom = k - 1
        pValue = exp(SpecialFunctions.logRegularizedGammaQ(Double(k - 1) / 2, statistic / 2))
    }
}
