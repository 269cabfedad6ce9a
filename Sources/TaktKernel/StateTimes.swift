/// Time spent in each of up to six states, accumulated one interval at a
/// time: a station's servers working, starved, blocked, failed, off shift
/// and waiting for workers; a vehicle idle, busy and charging; a robot or a
/// kitted station up and down.
///
/// The owner remembers when the current interval began and adds it when the
/// state changes (one addition per change), closing open intervals when it
/// reads results. Totals are ticks held as `Double`: exact while below 2⁵³
/// ticks (285 years at one tick per microsecond), so the order of additions
/// does not change a figure.
public struct StateTimes: Sendable {
    private var totals: (Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0)

    public init() {}

    /// Adds `ticks` to `state`'s total (states 0…5).
    ///
    /// Indexes the totals as an array rather than switching over the state:
    /// called at every state change, the switch's branches cost the event
    /// loop about 1% of its instructions (measured with callgrind).
    @inline(__always)
    public mutating func add(_ ticks: Tick, to state: Int) {
        assert((0...5).contains(state), "StateTimes holds states 0…5, not \(state)")
        let dt = Double(ticks)
        withUnsafeMutableBytes(of: &totals) { $0.baseAddress!.assumingMemoryBound(to: Double.self)[state] += dt }
    }

    /// The ticks spent in `state` so far.
    @inline(__always)
    public subscript(_ state: Int) -> Double {
        switch state {
        case 0: totals.0
        case 1: totals.1
        case 2: totals.2
        case 3: totals.3
        case 4: totals.4
        default: totals.5
        }
    }

    /// The ticks spent in all states.
    public var total: Double { totals.0 + totals.1 + totals.2 + totals.3 + totals.4 + totals.5 }
}

/// Tuples are not `Equatable`: totals compare state by state.
extension StateTimes: Equatable {
    public static func == (a: StateTimes, b: StateTimes) -> Bool {
        (0..<6).allSatisfy { a[$0] == b[$0] }
    }
}
