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
