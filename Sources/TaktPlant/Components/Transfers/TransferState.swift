import TaktKernel

/// Transfers between stations: each station's transfer time to its next
/// station and the stream it draws from, the jobs on their way to each
/// station (they hold a place there), and the jobs that arrived off shift.
///
/// Owned by the line model; the behaviour is in `LineModel+Stations`.
struct TransferState: LineComponent {
    /// Each station's transfer time (nil: none); valid while the plant lives.
    let time: Slab<Sampler?>
    let streams: Slab<RandomStream>
    /// Jobs on their way to each station.
    let reserved: Slab<Int>
    var arrivedOffShift: [(job: Int32, station: Int)] = []

    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        time = Slab(plant.stations.map { $0.transfer?.sampler })
        streams = Slab(plant.stations.map { RandomStream(seed: seed, replication: replication, name: "transfer:\($0.name)") })
        reserved = Slab(Array(repeating: 0, count: plant.stations.count))
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        time.release()
        streams.release()
        reserved.release()
    }
}
