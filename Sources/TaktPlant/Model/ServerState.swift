import TaktKernel

/// What one server (machine, robot) of a station is doing.
struct ServerState {
    /// Phase of the job cycle, independent of failures.
    enum Phase: UInt8 {
        /// No job: waiting for work (starved).
        case idle
        /// Processing a job (or holding it, interrupted, while down).
        case working
        /// Holding a finished job that has nowhere to go.
        case blocked
    }

    /// The station this server belongs to.
    let station: Int32
    var phase: Phase = .idle
    /// True while failed and under repair.
    var down = false
    /// The job held, or -1.
    var job: Int32 = -1
    /// When the pending service-end event fires (calendar-basis preemption).
    var serviceEnd: Tick = 0
    /// Handle of the pending service-end event (calendar basis only).
    var serviceEndHandle = EventHandle(sequence: 0)
    /// Work left on the job when a failure interrupted it.
    var remainingWork: Tick = 0
    /// When the server entered its current accounting state.
    var stateSince: Tick = 0
    /// Operating time left before the next failure (operating basis).
    var timeToFailure: Tick = .max
    /// Where a blocked job is waiting to go.
    var destination: NodeRef = .sink(0)

    init(station: Int32) { self.station = station }

    /// The accounting state: failed overrides the phase.
    var accountingState: Int {
        if down { return StationTimes.failed }
        switch phase {
        case .idle: return StationTimes.starved
        case .working: return StationTimes.working
        case .blocked: return StationTimes.blocked
        }
    }
}

/// Time spent by a station's servers in each state, as server-ticks.
///
/// Each server remembers when it entered its current state; the elapsed time
/// is added to the state's total only when the state changes (one addition
/// per change), and open intervals are closed when results are read.
struct StationTimes {
    static let working = 0, starved = 1, blocked = 2, failed = 3
    /// Accumulated server-ticks per state.
    var area: (Double, Double, Double, Double) = (0, 0, 0, 0)

    /// Adds `ticks` to `state`'s total.
    mutating func add(_ ticks: Tick, to state: Int) {
        let dt = Double(ticks)
        switch state {
        case 0: area.0 += dt
        case 1: area.1 += dt
        case 2: area.2 += dt
        default: area.3 += dt
        }
    }
}

/// Per-station output statistics, reset at the end of warm-up.
struct StationStatistics {
    var departures = 0
    var serviceStarts = 0
    var waitedStarts = 0
    var wait = Tally()
    var timeInStation = Tally()
    var queueLength = TimeWeighted()
    var times = StationTimes()

    mutating func reset(at now: Tick) {
        departures = 0
        serviceStarts = 0
        waitedStarts = 0
        wait.reset()
        timeInStation.reset()
        queueLength.reset(at: now)
        times = StationTimes()
    }
}
