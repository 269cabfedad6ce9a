import Histogram

/// Quantiles of durations from a bounded-memory histogram.
///
/// Backed by an HDR histogram of tick values with three significant digits:
/// any reported quantile is within 0.1% of the true sample quantile, and memory
/// depends only on the range of values (a few hundred KiB for microseconds up
/// to years), never on the number of observations.
public struct DurationQuantiles: Sendable {
    @usableFromInline var histogram: Histogram<UInt64>

    /// An empty sketch covering durations up to about 400 days without
    /// growing (about 300 KiB); longer durations grow it automatically.
    ///
    /// Sized up front because growing it one bucket at a time, as durations
    /// rise during a run, reallocated its counts again and again.
    public init() {
        histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 1 << 45, numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
    }

    /// Number of recorded durations.
    public var count: Int { Int(histogram.totalCount) }

    /// Records one duration (negative values count as zero).
    @inlinable
    public mutating func record(_ ticks: Tick) {
        _ = histogram.record(UInt64(Swift.max(ticks, 0)))
    }

    /// The `p`-quantile (0 < p < 1) in ticks; 0 when nothing was recorded.
    public func quantile(_ p: Double) -> Tick {
        guard histogram.totalCount > 0 else { return 0 }
        return Tick(clamping: histogram.valueAtPercentile(p * 100))
    }

    /// Forgets all durations.
    public mutating func reset() { histogram.reset() }
}
