import TaktKernel

/// The sources: each one's settings (read once from the plant), arrival
/// stream and the job it holds while the first station has no room (−1: none).
struct Arrivals {
    /// Time between arrivals (nil: unlimited, or at an order list's times); valid while the plant lives.
    let interarrival: Slab<Sampler?>
    /// True for a source whose job is ready whenever the first station has room.
    let unlimited: Slab<Bool>
    /// The station each source feeds.
    let next: Slab<Int>
    /// Whether a job that finds the first station full is lost (else the source blocks).
    let losesWhenFull: Slab<Bool>
    let streams: Slab<RandomStream>
    let heldJob: Slab<Int32>

    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        interarrival = Slab(plant.sources.map { source in
            if case let .interarrival(d) = source.arrivals { d.sampler } else { nil }
        })
        unlimited = Slab(plant.sources.map { if case .unlimited = $0.arrivals { true } else { false } })
        next = Slab(plant.sources.map(\.next))
        losesWhenFull = Slab(plant.sources.map { $0.whenFull == .lose })
        streams = Slab(plant.sources.map { RandomStream(seed: seed, replication: replication, name: "arrivals:\($0.name)") })
        heldJob = Slab(Array(repeating: -1, count: plant.sources.count))
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        interarrival.release()
        unlimited.release()
        next.release()
        losesWhenFull.release()
        streams.release()
        heldJob.release()
    }
}
