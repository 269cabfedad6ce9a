import TaktKernel

/// Changeovers: each station's changeover time and stream, and the attribute
/// (variant or colour) each server last worked on.
///
/// Owned by the line model; the behaviour is in `LineModel+Stations` and `LineModel+Pick`.
struct ChangeoverState: LineComponent {
    /// Each station's changeover time (nil: none); valid while the plant lives.
    let time: Slab<Sampler?>
    let streams: Slab<RandomStream>
    /// Per server: the attribute of its last job (−1: none yet).
    let lastAttribute: Slab<Int16>

    init(plant: PlantDescription, servers: Int, seed: UInt64, replication: UInt64) {
        time = Slab(plant.stations.map { $0.changeover?.time.sampler })
        streams = Slab(plant.stations.map { RandomStream(seed: seed, replication: replication, name: "changeover:\($0.name)") })
        lastAttribute = Slab(Array(repeating: -1, count: servers))
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        time.release()
        streams.release()
        lastAttribute.release()
    }
}
