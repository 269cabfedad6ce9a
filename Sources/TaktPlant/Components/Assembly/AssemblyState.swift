/// Assembly stations' parts: which input each feeder fills, the part stores
/// (one per feeder) and their capacity.
///
/// Owned by the line model; the behaviour is in `LineModel+Assembly`.
struct AssemblyState: LineComponent {
    /// The part input of feeder `f` at assembly station `t`, keyed by `t × stations + f`.
    let partInput: [Int: Int]
    /// Each assembly station's part stores, one per feeder.
    var stores: [[RingBuffer]]
    /// Each station's part store capacity.
    let capacity: Slab<Int>

    init(plant: PlantDescription) {
        var partInput: [Int: Int] = [:]
        for (t, station) in plant.stations.enumerated() {
            for (p, feeder) in (station.assembly?.parts ?? []).enumerated() { partInput[t * plant.stations.count + feeder] = p }
        }
        self.partInput = partInput
        stores = plant.stations.map { Array(repeating: RingBuffer(), count: $0.assembly?.parts.count ?? 0) }
        capacity = Slab(plant.stations.map { $0.assembly?.partBuffer ?? 0 })
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        capacity.release()
    }
}
