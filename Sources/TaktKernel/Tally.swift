/// Running statistics of observations (a "tally"): count, mean, variance, extremes.
///
/// Sums are kept relative to the first observation (the shifted-data
/// algorithm), which keeps the variance numerically stable without a division
/// per observation; nothing is stored per observation, so memory is constant. `reset()` forgets everything, as at
/// the end of a warm-up period.
public struct Tally: Sendable {
    @usableFromInline var n: Int = 0
    @usableFromInline var shift: Double = 0
    @usableFromInline var sum: Double = 0
    @usableFromInline var sumOfSquares: Double = 0
    @usableFromInline var smallest: Double = .infinity
    @usableFromInline var largest: Double = -.infinity

    /// Number of observations since the last reset.
    public var count: Int { n }
    /// Mean of the observations (0 when there are none).
    public var mean: Double { n > 0 ? shift + sum / Double(n) : 0 }
    /// Smallest observation (+∞ when there are none).
    public var min: Double { smallest }
    /// Largest observation (−∞ when there are none).
    public var max: Double { largest }

    /// An empty tally.
    public init() {}

    /// Adds one observation. O(1).
    @inlinable @inline(__always)
    public mutating func record(_ x: Double) {
        if n == 0 { shift = x }
        n += 1
        let d = x - shift
        sum += d
        sumOfSquares += d * d
        if x < smallest { smallest = x }
        if x > largest { largest = x }
    }

    /// Sample variance (n − 1 denominator); 0 with fewer than two observations.
    public var variance: Double {
        guard n > 1 else { return 0 }
        return Swift.max(0, (sumOfSquares - sum * sum / Double(n)) / Double(n - 1))
    }

    /// Sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Forgets all observations.
    public mutating func reset() { self = Tally() }
}
