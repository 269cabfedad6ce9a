import TaktKernel

/// Server failures: each server's failure stream (servers of stations without
/// failures get an unused placeholder, so indices stay the servers').
///
/// Owned by the line model; the behaviour is in `LineModel+Failures`.
struct FailureState: LineComponent {
    let streams: Slab<RandomStream>

    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        var streams: [RandomStream] = []
        for station in plant.stations {
            for k in 0..<station.servers {
                streams.append(station.failures == nil ? RandomStream(state: (1, 2, 3, 4))
                    : RandomStream(seed: seed, replication: replication, name: "failure:\(station.name)#\(k)"))
            }
        }
        self.streams = Slab(streams)
    }

    /// Frees the slab (the line model's deinit).
    func release() { streams.release() }
}
