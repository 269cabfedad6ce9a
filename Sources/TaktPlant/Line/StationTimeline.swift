import TaktKernel

/// What every station did during a window of simulated time: each server's
/// accounting state, each buffer's level, each kitted station's kits on hand
/// and how many of each fleet's vehicles were idle, on a trip or charging,
/// whenever they changed, and where each vehicle drove, for playing a
/// replication back as it happened (`takt animate`).
///
/// Read from the model between events (`TimelineScanner`), so a plant run
/// without a timeline pays nothing for it; a window that spans the measured
/// period adds up to each station's state shares and mean queue length
/// exactly (tested). Bounded: past `limit` changes it stops and says where.
public final class StationTimeline: @unchecked Sendable {
    /// One server in one state over a span of the window.
    public struct Span: Equatable, Sendable {
        public let server: Int32
        public let state: AccountingState
        public let start: Tick
        public let end: Tick
    }

    /// A buffer's level from `time` on.
    public struct Level: Equatable, Sendable {
        public let station: Int32
        public let time: Tick
        public let count: Int32
    }

    /// How many of a fleet's vehicles are idle, on a trip and charging from `time` on.
    public struct FleetCount: Equatable, Sendable {
        public let fleet: Int32
        public let time: Tick
        public let idle: Int32
        public let busy: Int32
        public let charging: Int32
    }

    /// A vehicle driving from one place to another: a station (by index), the depot (−1) or the charger (−2).
    public struct Move: Equatable, Sendable {
        public let fleet: Int32
        public let vehicle: Int32
        public let from: Int32
        public let to: Int32
        public let depart: Tick
        public let arrive: Tick
    }

    /// The window recorded, in ticks from the start of the run.
    public let window: Range<Tick>
    /// The most state and level changes kept together.
    public let limit: Int
    /// The station of each server, servers numbered station by station in plant order.
    public let stationOfServer: [Int32]
    /// Each server's spans in time order, server after server; complete once the run has finished.
    public private(set) var spans: [Span] = []
    public private(set) var levels: [Level] = []
    /// Each buffer's level when the window opens.
    public private(set) var openingLevels: [Int32]
    /// Kits on hand at kitted stations (`Level.count`), and at each station when the window opens (0 where it has no kits).
    public private(set) var kits: [Level] = []
    public private(set) var openingKits: [Int32]
    /// Each fleet's vehicles by state, and when the window opens (one per fleet, in plant order).
    public private(set) var fleets: [FleetCount] = []
    public private(set) var openingFleets: [FleetCount] = []
    /// Every vehicle's drives that end in the window (one under way when it opens included), in the order they began,
    /// and where each fleet's vehicles stood when it opened (a station, or the depot or charger as in `Move`).
    public private(set) var moves: [Move] = []
    public private(set) var openingPlaces: [[Int32]] = []
    /// The window held more than `limit` changes: the recording ends here instead.
    public private(set) var overflowedAt: Tick?
    /// Where the recording ends: the window's end, or earlier if it overflowed or the run stopped (a deadlock).
    public private(set) var recordedUntil: Tick
    /// Each server's state where the recording ends (for a run that stopped, the state it stopped in).
    public private(set) var finalStates: [AccountingState?] = []
    /// Each server's state changes in the window, in time order: when, and the state from then on.
    private var changes: [[(time: Tick, state: AccountingState)]]
    private var changeCount = 0

    /// A recorder for `window` of a plant with `servers[s]` servers at station `s`.
    public init(window: Range<Tick>, servers: [Int], limit: Int = 2_000_000) {
        self.window = window
        self.limit = limit
        stationOfServer = servers.enumerated().flatMap { s, n in Array(repeating: Int32(s), count: n) }
        openingLevels = Array(repeating: 0, count: servers.count)
        openingKits = Array(repeating: 0, count: servers.count)
        changes = Array(repeating: [], count: stationOfServer.count)
        recordedUntil = window.upperBound
    }

    /// True if the recording holds every change in its window.
    public var isComplete: Bool { overflowedAt == nil }

    /// True while changes at `time` belong to the recording.
    func records(at time: Tick) -> Bool { time < (overflowedAt ?? window.upperBound) }

    /// Server `k` is in `state` from `time` on (a time before the window counts from its start).
    func server(_ k: Int, is state: AccountingState, at time: Tick) {
        let time = max(time, window.lowerBound)
        guard records(at: time) else { return }
        // A state that lasted no time never was; the one before it may simply go on.
        if let last = changes[k].last, last.time == time {
            changes[k].removeLast()
            changeCount -= 1
        }
        if changes[k].last?.state == state { return }
        guard hasRoom else { return overflowedAt = time }
        changes[k].append((time, state))
        changeCount += 1
    }

    /// Station `s`'s buffer holds `count` jobs from `time` on (at or before the window's start: its opening level).
    func level(station s: Int, _ count: Int, at time: Tick) {
        guard time > window.lowerBound else { return openingLevels[s] = Int32(count) }
        guard records(at: time) else { return }
        guard hasRoom else { return overflowedAt = time }
        levels.append(Level(station: Int32(s), time: time, count: Int32(count)))
    }

    /// Station `s` has `count` kits on hand from `time` on (at or before the window's start: its opening stock).
    func kits(station s: Int, _ count: Int, at time: Tick) {
        guard time > window.lowerBound else { return openingKits[s] = Int32(count) }
        guard records(at: time) else { return }
        guard hasRoom else { return overflowedAt = time }
        kits.append(Level(station: Int32(s), time: time, count: Int32(count)))
    }

    /// Fleet `f` has these vehicles idle, on a trip and charging from `time` on (at or before the window's start: its opening counts).
    func fleet(_ f: Int, idle: Int, busy: Int, charging: Int, at time: Tick) {
        let count = FleetCount(fleet: Int32(f), time: max(time, window.lowerBound), idle: Int32(idle), busy: Int32(busy), charging: Int32(charging))
        guard time > window.lowerBound else {
            if f < openingFleets.count { openingFleets[f] = count } else { openingFleets.append(count) }
            return
        }
        guard records(at: time) else { return }
        guard hasRoom else { return overflowedAt = time }
        fleets.append(count)
    }

    /// Fleet `f`'s vehicles stand at `places` when the window opens.
    func openingPlaces(fleet f: Int, _ places: [Int32]) {
        while openingPlaces.count <= f { openingPlaces.append([]) }
        openingPlaces[f] = places
    }

    /// Vehicle `v` of fleet `f` drives from `from` to `to` between `depart` and `arrive` (booked when it sets out).
    func move(fleet f: Int, vehicle v: Int, from: Int, to: Int, depart: Tick, arrive: Tick) {
        guard records(at: depart) else { return }
        guard hasRoom else { return overflowedAt = max(depart, window.lowerBound) }
        moves.append(Move(fleet: Int32(f), vehicle: Int32(v), from: Int32(from), to: Int32(to), depart: depart, arrive: arrive))
    }

    /// Whether another change fits under `limit`.
    private var hasRoom: Bool { changeCount + levels.count + kits.count + fleets.count + moves.count < limit }

    /// Turns each server's changes into spans that end at the next change, the last where the recording ends:
    /// the window's end, where it overflowed, or `runEnd` if the run stopped before.
    func finish(runEnd: Tick) {
        recordedUntil = max(window.lowerBound, min(overflowedAt ?? window.upperBound, runEnd))
        let end = recordedUntil
        spans = changes.enumerated().flatMap { k, list in
            list.indices.filter { list[$0].time < end }.map { i in
                Span(server: Int32(k), state: list[i].state, start: list[i].time, end: i + 1 < list.count ? min(list[i + 1].time, end) : end)
            }
        }
        finalStates = changes.map { $0.last { $0.time <= end }?.state }
        levels.removeAll { $0.time > end }  // those at the end are the levels it ends on
        kits.removeAll { $0.time > end }
        fleets.removeAll { $0.time > end }
        moves.removeAll { $0.depart > end }
        changes = []
    }
}
