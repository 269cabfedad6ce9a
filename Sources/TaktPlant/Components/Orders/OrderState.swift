import TaktKernel

/// Orders: the variant and colour mixes, each source's order bank and
/// stream, and each variant's work by station.
///
/// Owned by the line model; the behaviour is in `LineModel+Orders`. A plant
/// without variants or colours has no orders (`enabled` is false).
struct OrderState: LineComponent {
    let enabled: Bool
    /// The mixes, cumulative.
    let variantCDF: [Double]
    let colourCDF: [Double]
    /// Each source's order bank (filled by the line model once it can draw orders) and order stream.
    var banks: [[Order]]
    let streams: Slab<RandomStream>
    /// Variant v's work at station s is at `v * stations + s`.
    let variantWork: Slab<WorkSlot>

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
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        streams.release()
        variantWork.release()
    }
}
