import TaktKernel

/// Which stations are active (a server working or under repair) and the
/// shifting-bottleneck analysis that their changes feed.
///
/// Owned by the line model; the behaviour is in `LineModel+Statistics`.
struct StationActivity: LineComponent {
    /// Servers working or under repair, per station.
    let activeServers: Slab<Int>
    var bottleneck: ShiftingBottleneck
    /// Stations whose activity changed during the current event, and what was last reported.
    let changed: Slab<Bool>
    let changedStations: Slab<Int>
    var changedCount = 0
    let reported: Slab<Bool>

    init(stations: Int) {
        activeServers = Slab(Array(repeating: 0, count: stations))
        changed = Slab(Array(repeating: false, count: stations))
        changedStations = Slab(Array(repeating: 0, count: stations))
        reported = Slab(Array(repeating: false, count: stations))
        bottleneck = ShiftingBottleneck(objects: stations)
    }

    /// The end of warm-up: the bottleneck analysis starts again.
    mutating func resetStatistics(at now: Tick) { bottleneck.reset(at: now) }

    /// Frees the slabs (the line model's deinit).
    func release() {
        activeServers.release()
        changed.release()
        changedStations.release()
        reported.release()
    }
}
