import TaktKernel

/// The states a station's server-ticks are counted in (`StationStatistics.times`).
///
/// Each server remembers when it entered its current state; the elapsed time
/// is added to the state's total only when the state changes, and open
/// intervals are closed when results are read.
enum StationTimes {
    static let working = 0, starved = 1, blocked = 2, failed = 3, offShift = 4, waitingWorker = 5
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
    /// Server-ticks in each of the `StationTimes` states.
    var times = StateTimes()

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
        times = StateTimes()
    }
}
