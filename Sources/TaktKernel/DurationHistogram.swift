import Foundation

/// Counts of durations in fixed logarithmic bins, the same for every run.
///
/// Twenty bins per decade (each about 12% wide) from 0.1 s to 10⁷ s (about
/// 116 days), an underflow bin below and an overflow bin above: bin 0 is
/// [0, 0.1 s), bin k for 1 ≤ k ≤ 160 is [10^((k−1)/20 − 1), 10^(k/20 − 1)) s,
/// bin 161 is [10⁷ s, ∞). Because the edges never depend on the data, the
/// histograms of any runs, plants or variants add bin by bin. Edges are
/// whole ticks, so assigning a duration to its bin is exact.
///
/// Memory is one fixed array of 162 counts; recording is a binary search over
/// the edges (8 comparisons) and allocates nothing.
public struct DurationHistogram: Sendable, Equatable {
    /// Bins per decade.
    public static let binsPerDecade = 20
    /// Number of bins, underflow and overflow included.
    public static let binCount = 162
    /// Lower edges of bins 1…161 in ticks (bin 0 starts at 0).
    public static let edges: [Tick] = (0...160).map { k in
        Ticks.from(seconds: pow(10, Double(k) / Double(binsPerDecade) - 1))
    }

    /// Count per bin.
    public private(set) var counts: [Int]

    /// An empty histogram.
    public init() {
        counts = Array(repeating: 0, count: Self.binCount)
    }

    /// The lower edge of bin `k`, seconds.
    public static func lowerSeconds(_ k: Int) -> Double { k == 0 ? 0 : Ticks.seconds(edges[k - 1]) }

    /// The upper edge of bin `k`, seconds; nil for the overflow bin.
    public static func upperSeconds(_ k: Int) -> Double? { k < edges.count ? Ticks.seconds(edges[k]) : nil }

    /// The bin a duration of `ticks` falls in.
    public static func bin(_ ticks: Tick) -> Int {
        // The number of edges ≤ ticks.
        var low = 0, high = edges.count
        while low < high {
            let mid = (low + high) / 2
            if edges[mid] <= ticks { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Records one duration.
    public mutating func record(_ ticks: Tick) {
        counts[Self.bin(ticks)] += 1
    }

    /// Forgets every duration, keeping the storage.
    public mutating func reset() {
        for k in counts.indices { counts[k] = 0 }
    }

    /// Number of recorded durations.
    public var count: Int { counts.reduce(0, +) }
}
