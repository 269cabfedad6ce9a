import TaktKernel

/// Kits at kitted stations: each station's supply rule, kits on hand and on
/// their way, and how long and how often it ran out.
///
/// Owned by the line model; the behaviour is in `LineModel+Fleets`. Slots of
/// stations without kits stay unused.
struct KitState: LineComponent {
    /// Each station's supply rule (meaningful where the station is kitted).
    let supply: Slab<KitSpec>
    /// Kits on hand.
    let stock: Slab<Int>
    /// Kits requested and not yet delivered.
    var inbound: [Int]
    /// When the station last ran out, and its time out of kits so far (the `stockout` state; only it is counted).
    var stockoutSince: [Tick]
    var times: [StateTimes]
    static let stockout = 1
    /// Deliveries that reached an empty station.
    var shortages: [Int]

    /// A full stock (reorder point + kit size) at every kitted station of `plant`.
    init(plant: PlantDescription) {
        let stations = plant.stations.count
        supply = Slab(plant.stations.map { $0.kits ?? KitSpec(fleet: 0, size: 0, reorderAt: 0) })
        stock = Slab(plant.stations.map { $0.kits.map { $0.reorderAt + $0.size } ?? 0 })
        inbound = Array(repeating: 0, count: stations)
        stockoutSince = Array(repeating: 0, count: stations)
        times = Array(repeating: StateTimes(), count: stations)
        shortages = Array(repeating: 0, count: stations)
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        stock.release()
        supply.release()
    }

    /// The end of warm-up: shortages and time out of kits are counted again.
    mutating func resetStatistics(at now: Tick) {
        for s in shortages.indices {
            shortages[s] = 0
            times[s] = StateTimes()
        }
    }
}
