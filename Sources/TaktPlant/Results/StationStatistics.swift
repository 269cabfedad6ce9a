import TaktKernel

/// Time spent by a station's servers in each state, as server-ticks.
///
/// Each server remembers when it entered its current state; the elapsed time
/// is added to the state's total only when the state changes (one addition
/// per change), and open intervals are closed when results are read.
struct StationTimes {
    static let working = 0, starved = 1, blocked = 2, failed = 3, offShift = 4
    /// Accumulated server-ticks per state.
    var area: (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)

    /// Adds `ticks` to `state`'s total.
    mutating func add(_ ticks: Tick, to state: Int) {
        let dt = Double(ticks)
        switch state {
        case 0: area.0 += dt
        case 1: area.1 += dt
        case 2: area.2 += dt
        case 3: area.3 += dt
        default: area.4 += dt
        }
    }
}

/// Per-station output statistics, reset at the end of warm-up.
struct StationStatistics {
    var departures = 0
    /// Jobs found defective here and sent to rework.
    var defects = 0
    /// Changeovers and the time they took (ticks).
    var changeovers = 0
    var changeoverTicks: Tick = 0
    var serviceStarts = 0
    var waitedStarts = 0
    /// Waiting and station times, in ticks.
    var wait = Tally()
    var timeInStation = Tally()
    var queueLength = TimeWeighted()
    var times = StationTimes()

    mutating func reset(at now: Tick) {
        departures = 0
        defects = 0
        changeovers = 0
        changeoverTicks = 0
        serviceStarts = 0
        waitedStarts = 0
        wait.reset()
        timeInStation.reset()
        queueLength.reset(at: now)
        times = StationTimes()
    }
}
