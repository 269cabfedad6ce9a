import TaktKernel

/// Every job leaving the plant, in order: when, and its lead time. The
/// output series a warm-up rule reads.
public final class DepartureLog: @unchecked Sendable {
    public private(set) var times: [Tick] = []
    public private(set) var leadTimes: [Double] = []

    public init() {}

    func record(at time: Tick, leadTime: Tick) {
        times.append(time)
        leadTimes.append(Ticks.seconds(leadTime))
    }
}
