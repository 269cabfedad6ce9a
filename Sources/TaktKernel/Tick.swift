/// Simulated time in integer ticks; one tick is one microsecond.
///
/// Integer time makes event ordering exact and runs reproducible across
/// platforms: two events scheduled for "the same time" compare equal, and
/// `Int64` microseconds cover about 292,000 years.
public typealias Tick = Int64

/// Conversions between ticks and human time units.
public enum Ticks {
    /// Ticks in one second.
    public static let perSecond: Tick = 1_000_000
    /// Largest finite duration a sample may take, in seconds (about 31,700 years).
    ///
    /// Samples beyond it (a lognormal tail, a user's typo) are clamped, so
    /// converting to ticks never overflows.
    public static let maxSeconds: Double = 1e12

    /// Rounds a duration in seconds to the nearest tick, clamping to `0...maxSeconds`.
    @inlinable
    public static func from(seconds: Double) -> Tick {
        if !(seconds > 0) { return 0 }  // also catches NaN
        if seconds >= maxSeconds { return Tick(maxSeconds * 1e6) }
        return Tick(seconds * 1e6 + 0.5)  // round half up; faster than rounded()
    }

    /// The duration in seconds.
    @inlinable
    public static func seconds(_ ticks: Tick) -> Double { Double(ticks) / 1e6 }
}

extension Duration {
    /// The duration in seconds, as a `Double` (a wall-clock measurement's usual form).
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
