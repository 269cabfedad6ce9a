import TaktKernel

/// The sources: each one's arrival stream and the job it holds while the
/// first station has no room (−1: none).
struct Arrivals {
    let streams: Slab<RandomStream>
    let heldJob: Slab<Int32>

    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        streams = Slab(plant.sources.map { RandomStream(seed: seed, replication: replication, name: "arrivals:\($0.name)") })
        heldJob = Slab(Array(repeating: -1, count: plant.sources.count))
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        streams.release()
        heldJob.release()
    }
}
