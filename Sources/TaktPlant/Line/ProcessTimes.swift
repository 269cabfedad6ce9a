import TaktKernel

/// Each station's process time and the stream it draws from.
struct ProcessTimes {
    /// Valid while the plant lives.
    let samplers: Slab<Sampler>
    let streams: Slab<RandomStream>

    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        samplers = Slab(plant.stations.map(\.process.sampler))
        streams = Slab(plant.stations.map { RandomStream(seed: seed, replication: replication, name: "process:\($0.name)") })
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        samplers.release()
        streams.release()
    }
}
