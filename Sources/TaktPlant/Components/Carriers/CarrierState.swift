import TaktKernel

/// Carrier loops: each load station's free carriers, the carriers in use
/// (loaded, or on their way back empty), the jobs riding one, the return
/// times, and how long each load station went without a free carrier.
///
/// Owned by the line model; the behaviour is in `LineModel+Carriers`. Slots
/// of stations that load no carriers stay unused.
struct CarrierState: LineComponent {
    /// Carriers waiting, free, at each load station.
    let free: Slab<Int>
    /// Each load station's carriers in use, over time (their count less the free ones).
    var inUse: [TimeWeighted]
    /// Each load station's unload station (-1: the station loads none).
    let unloadAt: [Int]
    /// The return trip's time from each load station's unload station (nil: at once), and its stream.
    let returnTime: Slab<Sampler?>
    let streams: Slab<RandomStream>
    /// The jobs riding a carrier: the station that loaded it, and when.
    var riding: [Int32: (load: Int32, since: Tick)] = [:]
    /// Since when each load station has had no free carrier, and its time without one (ticks, from the window start).
    var emptySince: [Tick]
    var emptyTime: [Tick]
    /// Each load station's carrier cycles: loading to being free again, seconds.
    var cycles: [Tally]
    /// The measured window's start (the end of warm-up).
    var windowStart: Tick = 0

    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        let n = plant.stations.count
        free = Slab(plant.stations.map { $0.carriers?.count ?? 0 })
        inUse = Array(repeating: TimeWeighted(), count: n)
        unloadAt = plant.stations.map { $0.carriers?.unload ?? -1 }
        returnTime = Slab(plant.stations.map { $0.carriers?.returnTime?.sampler })
        streams = Slab(plant.stations.map { RandomStream(seed: seed, replication: replication, name: "carrier-return:\($0.name)") })
        emptySince = Array(repeating: 0, count: n)
        emptyTime = Array(repeating: 0, count: n)
        cycles = Array(repeating: Tally(), count: n)
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        free.release()
        returnTime.release()
        streams.release()
    }

    /// The end of warm-up: carriers in use, time without one and cycles are measured afresh.
    mutating func resetStatistics(at now: Tick) {
        windowStart = now
        for s in inUse.indices {
            inUse[s].reset(at: now)
            emptyTime[s] = 0
            cycles[s].reset()
        }
    }
}
