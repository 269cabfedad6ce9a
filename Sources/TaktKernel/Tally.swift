/// Running statistics of observations (a "tally"): count, mean, variance, extremes.
///
/// Welford's update keeps the variance numerically stable; nothing is stored
/// per observation, so memory is constant. `reset()` forgets everything, as at
/// the end of a warm-up period.
public struct Tally: Sendable {
    @usableFromInline var n: Int = 0
    @usableFromInline var runningMean: Double = 0
    @usableFromInline var m2: Double = 0
    @usableFromInline var smallest: Double = .infinity
    @usableFromInline var largest: Double = -.infinity

    /// Number of observations since the last reset.
    public var count: Int { n }
    /// Mean of the observations (0 when there are none).
    public var mean: Double { runningMean }
    /// Smallest observation (+∞ when there are none).
    public var min: Double { smallest }
    /// Largest observation (−∞ when there are none).
    public var max: Double { largest }

    /// An empty tally.
    public init() {}

    /// Adds one observation. O(1).
    @inlinable
    public mutating func record(_ x: Double) {
        n += 1
        let delta = x - runningMean
        runningMean += delta / Double(n)
        m2 += delta * (x - runningMean)
        if x < smallest { smallest = x }
        if x > largest { largest = x }
    }

    /// Sample variance (n − 1 denominator); 0 with fewer than two observations.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }

    /// Sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Forgets all observations.
    public mutating func reset() { self = Tally() }
}
