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
struct StationTimes {
    static let working = 0, starved = 1, blocked = 2, failed = 3
    /// Servers in each state right now.
    var counts: (Int, Int, Int, Int) = (0, 0, 0, 0)
    /// Accumulated server-ticks per state.
    var area: (Double, Double, Double, Double) = (0, 0, 0, 0)
    var lastChange: Tick = 0

    /// Brings the areas up to `now`.
    mutating func advance(to now: Tick) {
        let dt = Double(now - lastChange)
        if dt > 0 {
            area.0 += Double(counts.0) * dt
            area.1 += Double(counts.1) * dt
            area.2 += Double(counts.2) * dt
            area.3 += Double(counts.3) * dt
        }
        lastChange = now
    }

    /// Moves one server from state `from` to state `to` at `now`.
    mutating func move(from: Int, to: Int, at now: Tick) {
        if from == to { return }
        advance(to: now)
        add(-1, to: from)
        add(1, to: to)
    }

    mutating func add(_ delta: Int, to state: Int) {
        switch state {
        case 0: counts.0 += delta
        case 1: counts.1 += delta
        case 2: counts.2 += delta
        default: counts.3 += delta
        }
    }

    /// Forgets accumulated time, starting a new window at `now`.
    mutating func reset(at now: Tick) {
        area = (0, 0, 0, 0)
        lastChange = now
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
        times.advance(to: now)
        times.reset(at: now)
    }
}
