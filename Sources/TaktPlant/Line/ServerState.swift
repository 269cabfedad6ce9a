import TaktKernel

/// What one server (machine, robot) of a station is doing.
struct ServerState {
    /// Phase of the job cycle, independent of failures. The phases of a
    /// job's cycle (`busy`) come last, so testing for them is one comparison.
    enum Phase: UInt8 {
        /// No job: waiting for work (starved).
        case idle
        /// Holding a finished job that has nowhere to go.
        case blocked
        /// Processing a job (or holding it, interrupted, while down).
        case working
        /// No job yet: waiting for a deployed pick policy's answer. Part of the
        /// job cycle, like a setup: booked as working and active.
        case deciding
        /// Holding a job whose work waits for workers from the station's pool
        /// (its work, drawn, is in `remainingWork`): booked as waiting for
        /// workers, and active (the station holds the line back, like a repair).
        case waitingWorker
    }

    /// The station this server belongs to.
    let station: Int32
    var phase: Phase = .idle
    /// True while failed and under repair.
    var down = false
    /// The job held, or -1.
    var job: Int32 = -1
    /// When the pending work event (service end, or an operating-basis
    /// failure that comes first) fires, and its handle, so a calendar-basis
    /// failure or the end of a shift can interrupt it.
    var pendingEnd: Tick = 0
    var pendingHandle = EventHandle(sequence: 0)
    /// True if the pending work event is an operating-basis failure.
    var pendingIsFailure = false
    /// True while working but stopped because the plant is off shift.
    var paused = false
    /// Work left on the job when a failure or the end of a shift interrupted it.
    var remainingWork: Tick = 0
    /// When the server entered its current accounting state.
    var stateSince: Tick = 0
    /// Operating time left before the next failure (operating basis).
    var timeToFailure: Tick = .max
    /// Where a blocked job is waiting to go.
    var destination: NodeRef = .sink(0)

    init(station: Int32) { self.station = station }

    /// Occupied by a job's cycle: working on it, or waiting for the decision that picks it.
    ///
    /// Always inlined: called out of line, each use on the hot path copied
    /// the whole server state (80 bytes) to pass it, a tenth of serial-50's run.
    @inline(__always)
    var busy: Bool { phase.rawValue >= Phase.working.rawValue }

    /// The accounting state: off shift overrides failed, which overrides the phase.
    ///
    /// A calendar-basis failure goes on off shift, but the time counts as off
    /// shift: no output is lost to it then (the loss tree charges failures
    /// with on-shift time) and the station draws its off-shift power.
    @inline(__always)
    func accountingState(offShift: Bool) -> Int {
        if offShift { return StationTimes.offShift }
        if down { return StationTimes.failed }
        switch phase {
        case .idle: return StationTimes.starved
        case .working, .deciding: return StationTimes.working
        case .blocked: return StationTimes.blocked
        case .waitingWorker: return StationTimes.waitingWorker
        }
    }
}
