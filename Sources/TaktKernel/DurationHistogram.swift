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
/// Memory is one fixed array of 162 counts; recording allocates nothing and
/// finds the bin without a branch that depends on the data (see `bin`).
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

    /// The bin a duration of `ticks` falls in: the number of edges ≤ `ticks`.
    ///
    /// The highest set bit of `ticks` names its octave; the edges below the
    /// octave are counted once (`BinLookup.below`), and the few that can lie
    /// in it (at most `BinLookup.window`, a factor of 2 holding about six
    /// 12% bins) are compared, each comparison adding 0 or 1. A binary search
    /// over all edges took 9% of a short M/M/1 run: its eight branches go
    /// whichever way the data sends them, and the processor guessed half wrong.
    public static func bin(_ ticks: Tick) -> Int {
        guard ticks > 0 else { return 0 }
        return lookup.bin(ticks)
    }

    /// Octave tables for `bin`, made once from `edges`.
    private static let lookup = BinLookup(edges: edges)

    /// The edges below each octave of ticks, and the edges padded so a window read past the last is in bounds.
    private struct BinLookup: Sendable {
        /// The most edges in one octave [2^k, 2^(k+1)) of ticks.
        static let window = 8
        /// For octave k, the number of edges < 2^k (for k = 63, all of them).
        let below: [Int]
        /// The edges, then `window` copies of `Tick.max`, so a window read past the last edge stays in bounds.
        let padded: [Tick]

        init(edges: [Tick]) {
            below = (0..<Tick.bitWidth).map { k in k == Tick.bitWidth - 1 ? edges.count : edges.count { $0 < Tick(1) << k } }
            padded = edges + Array(repeating: Tick.max, count: Self.window)
            for k in 0..<(Tick.bitWidth - 1) {
                precondition(below[k + 1] - below[k] <= Self.window, "more edges in one octave than the window holds")
            }
        }

        /// The number of edges ≤ `ticks`, for `ticks` > 0.
        func bin(_ ticks: Tick) -> Int {
            let octave = Tick.bitWidth - 1 - ticks.leadingZeroBitCount
            return below.withUnsafeBufferPointer { below in
                padded.withUnsafeBufferPointer { padded in
                    let first = below[octave]
                    var count = first
                    for i in 0..<Self.window { count &+= padded[first &+ i] <= ticks ? 1 : 0 }
                    return min(count, below[Tick.bitWidth - 1])  // a Tick.max duration counts no padding
                }
            }
        }
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
