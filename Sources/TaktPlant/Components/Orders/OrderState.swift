import TaktKernel

/// Orders: the variant and colour mixes, each source's order bank and
/// stream, order list and place in it, each variant's work by station, and
/// the release decision point's state.
///
/// Owned by the line model; the behaviour is in `LineModel+Orders`. A plant
/// without variants or colours has no orders (`enabled` is false); one
/// without order lists has no lists (`listed` is false).
struct OrderState: LineComponent {
    let enabled: Bool
    /// True when some source has an order list, and when some list gives due dates (jobs then carry theirs).
    let listed: Bool
    let dueDates: Bool
    /// Each source's order list (empty: none), the next entry, and whether it starts again at the end.
    let lists: [[OrderList.Entry]]
    var listNext: [Int]
    let listRepeats: [Bool]
    /// The mixes, cumulative.
    let variantCDF: [Double]
    let colourCDF: [Double]
    /// Each source's order bank (filled by the line model once it can draw orders) and order stream.
    var banks: [[Order]]
    let streams: Slab<RandomStream>
    /// Variant v's work at station s is at `v * stations + s`.
    let variantWork: Slab<WorkSlot>
    /// The release decision point's state: each source's rule and what it remembers.
    var releasing: ReleaseState

    /// The mixes and streams of `plant` for replication `replication` under `seed`; the banks start empty.
    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        func cumulative(_ shares: [Double]) -> [Double] {
            var total = 0.0
            return shares.map { total += $0; return total }
        }
        enabled = !plant.variants.isEmpty || !plant.colours.isEmpty
        variantCDF = cumulative(plant.variants.map(\.mix))
        colourCDF = cumulative(plant.colours.map(\.mix))
        streams = Slab(plant.sources.map { RandomStream(seed: seed, replication: replication, name: "orders:\($0.name)") })
        variantWork = Slab(plant.variants.flatMap { v in
            plant.stations.indices.map { s -> WorkSlot in
                switch v.work[s] {
                case let .factor(f)?: return .factor(f)
                case let .distribution(d)?: return .sampler(d.sampler)  // valid while `plant` lives
                case nil: return .factor(1)
                }
            }
        })
        banks = Array(repeating: [], count: plant.sources.count)
        lists = plant.sources.map { $0.orderList?.entries ?? [] }
        listed = lists.contains { !$0.isEmpty }
        dueDates = plant.hasDueDates
        listNext = Array(repeating: 0, count: plant.sources.count)
        listRepeats = plant.sources.map { $0.orderList?.repeats ?? false }
        releasing = ReleaseState(plant: plant)
    }

    /// True when source `i` has released the last order of its list (and does not start it again).
    func listDone(_ i: Int) -> Bool {
        !lists[i].isEmpty && listNext[i] >= lists[i].count
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        streams.release()
        variantWork.release()
    }
}
