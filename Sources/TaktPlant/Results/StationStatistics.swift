import TaktKernel

/// The states a station's server-ticks are counted in (`StationStatistics.times`).
///
/// Each server remembers when it entered its current state; the elapsed time
/// is added to the state's total only when the state changes, and open
/// intervals are closed when results are read.
enum StationTimes {
    static let working = AccountingState.working.rawValue, starved = AccountingState.starved.rawValue,
               blocked = AccountingState.blocked.rawValue, failed = AccountingState.failed.rawValue,
               offShift = AccountingState.offShift.rawValue, waitingWorker = AccountingState.waitingWorker.rawValue
}

/// The state a server's time is booked in: off shift overrides failed, which overrides the job cycle
/// (and, in a timeline only, a job's setup apart from the rest of its work).
public enum AccountingState: Int, CaseIterable, Sendable {
    /// Working on a job (a changeover's setup and waiting for a pick decision included).
    case working
    /// Idle for want of a job (or a kit or part).
    case starved
    /// Holding a finished job with no room downstream.
    case blocked
    /// Down: failed or under repair.
    case failed
    /// The station's shift calendar has it off.
    case offShift
    /// Holding a job whose work waits for workers.
    case waitingWorker
    /// The setup of a changeover that begins a job: booked as working, told apart only in a timeline.
    case setup

    /// The state's name in reports and drawings.
    public var name: String {
        switch self {
        case .working: "working"
        case .starved: "starved"
        case .blocked: "blocked"
        case .failed: "failed"
        case .offShift: "off shift"
        case .waitingWorker: "waiting for workers"
        case .setup: "setup"
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
