/// Time-weighted average of a piecewise-constant quantity (a queue length, a
/// number of busy servers).
///
/// Call `update(to:at:)` whenever the value changes; the area under the curve
/// accumulates in O(1). `reset(at:)` starts a new averaging window from the
/// current value, as at the end of a warm-up period.
public struct TimeWeighted: Sendable {
    /// The current value.
    public var value: Double { current }
    @usableFromInline var current: Double
    @usableFromInline var lastChange: Tick
    @usableFromInline var area: Double = 0
    @usableFromInline var windowStart: Tick
    /// Largest value seen in the current window.
    public var max: Double { largest }
    @usableFromInline var largest: Double

    /// Starts at `value` at time `start`.
    public init(value: Double = 0, at start: Tick = 0) {
        self.current = value
        self.lastChange = start
        self.windowStart = start
        self.largest = value
    }

    /// Sets the value from time `time` on. Times must not go backwards.
    @inlinable
    public mutating func update(to newValue: Double, at time: Tick) {
        area += current * Double(time - lastChange)
        lastChange = time
        current = newValue
        if newValue > largest { largest = newValue }
    }

    /// Adds `delta` to the value from time `time` on.
    @inlinable
    public mutating func add(_ delta: Double, at time: Tick) {
        update(to: value + delta, at: time)
    }

    /// Time average over the window [window start, `time`].
    public func mean(at time: Tick) -> Double {
        let span = time - windowStart
        guard span > 0 else { return value }
        return (area + value * Double(time - lastChange)) / Double(span)
    }

    /// The integral of the value over the window up to `time`, in value × ticks.
    public func integral(at time: Tick) -> Double {
        area + value * Double(time - lastChange)
    }

    /// Starts a new window at `time`, keeping the current value.
    public mutating func reset(at time: Tick) {
        area = 0
        lastChange = time
        windowStart = time
        largest = current
    }
}
