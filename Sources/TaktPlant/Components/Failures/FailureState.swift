import TaktKernel

/// Server failures: each server's failure stream (servers of stations without
/// failures get an unused placeholder, so indices stay the servers').
///
/// Owned by the line model; the behaviour is in `LineModel+Failures`.
struct FailureState: LineComponent {
    /// A station's failure settings, read once from its `FailureSpec`.
    struct Settings {
        /// Time to failure and to repair; valid while the plant lives.
        let timeToFailure: Sampler
        let timeToRepair: Sampler
        let basis: FailureSpec.Basis
    }

    /// Each station's settings (nil: its servers do not fail on their own).
    let settings: Slab<Settings?>
    let streams: Slab<RandomStream>
    /// Per station: its repairs need a crew from a worker pool.
    let crewRepaired: [Bool]

    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        settings = Slab(plant.stations.map { station in
            station.failures.map { Settings(timeToFailure: $0.timeToFailure.sampler, timeToRepair: $0.timeToRepair.sampler, basis: $0.basis) }
        })
        var streams: [RandomStream] = []
        for station in plant.stations {
            for k in 0..<station.servers {
                streams.append(station.failures == nil ? RandomStream(state: (1, 2, 3, 4))
                    : RandomStream(seed: seed, replication: replication, name: "failure:\(station.name)#\(k)"))
            }
        }
        self.streams = Slab(streams)
        crewRepaired = plant.stations.map { $0.failures?.repair != nil }
    }

    /// Frees the slab (the line model's deinit).
    func release() {
        settings.release()
        streams.release()
    }
}
