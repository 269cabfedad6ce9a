import TaktKernel

/// Changeovers: each station's changeover time or setup matrix and stream,
/// and the attribute (variant or colour) each server last worked on.
///
/// Owned by the line model; the behaviour is in `LineModel+Changeovers` and `LineModel+Pick`.
struct ChangeoverState: LineComponent {
    /// Each station's changeover time for changes its matrix does not list (nil: none); valid while the plant lives.
    let time: Slab<Sampler?>
    /// The stations' setup matrices, one after another, each row by row (nil: the station's `time`).
    let matrix: Slab<Sampler?>
    /// Where each station's matrix starts in `matrix` (−1: it has none), and its side.
    let matrixStart: Slab<Int>
    let matrixSide: Slab<Int>
    let streams: Slab<RandomStream>
    /// Per server: the attribute of its last job (−1: none yet).
    let lastAttribute: Slab<Int16>
    /// Per server: the setup its last job began with (0: none), for a timeline to show.
    let lastSetup: Slab<Tick>

    init(plant: PlantDescription, servers: Int, seed: UInt64, replication: UInt64) {
        time = Slab(plant.stations.map { $0.changeover?.time?.sampler })
        var entries: [Sampler?] = [], starts: [Int] = [], sides: [Int] = []
        for station in plant.stations {
            guard let rows = station.changeover?.matrix else {
                starts.append(-1)
                sides.append(0)
                continue
            }
            starts.append(entries.count)
            sides.append(rows.count)
            entries += rows.joined().map { $0?.sampler }
        }
        matrix = Slab(entries)
        matrixStart = Slab(starts)
        matrixSide = Slab(sides)
        streams = Slab(plant.stations.map { RandomStream(seed: seed, replication: replication, name: "changeover:\($0.name)") })
        lastAttribute = Slab(Array(repeating: -1, count: servers))
        lastSetup = Slab(Array(repeating: 0, count: servers))
    }

    /// The time of station `s`'s change from attribute `from` to `to`: its matrix's entry, else its `time`.
    @inline(__always)
    func sampler(station s: Int, from: Int16, to: Int16) -> Sampler {
        let start = matrixStart[s]
        if start >= 0, let entry = matrix[start + Int(from) * matrixSide[s] + Int(to)] { return entry }
        return time[s]!  // the reader checked that a matrix without `time` lists every change
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        time.release()
        matrix.release()
        matrixStart.release()
        matrixSide.release()
        streams.release()
        lastAttribute.release()
        lastSetup.release()
    }
}
