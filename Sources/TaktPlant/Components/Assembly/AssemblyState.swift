/// Assembly stations' parts: which input each feeder fills, the part stores
/// (one per feeder) and their capacity.
///
/// Owned by the line model; the behaviour is in `LineModel+Assembly`.
struct AssemblyState: LineComponent {
    /// The part input of feeder `f` at assembly station `t`, keyed by `t × stations + f`.
    let partInput: [Int: Int]
    /// Each assembly station's part stores, one per feeder (each its own ring: never copied to be mutated).
    var stores: [[RingBuffer]]
    /// Each station's part store capacity.
    let capacity: Slab<Int>

    init(plant: PlantDescription) {
        var partInput: [Int: Int] = [:]
        for (t, station) in plant.stations.enumerated() {
            for (p, feeder) in (station.assembly?.parts ?? []).enumerated() { partInput[t * plant.stations.count + feeder] = p }
        }
        self.partInput = partInput
        stores = plant.stations.map { station in (0..<(station.assembly?.parts.count ?? 0)).map { _ in RingBuffer() } }
        capacity = Slab(plant.stations.map { $0.assembly?.partBuffer ?? 0 })
    }

    /// Frees the slabs and the part stores (the line model's deinit).
    func release() {
        for store in stores.joined() { store.release() }
        capacity.release()
    }
}
