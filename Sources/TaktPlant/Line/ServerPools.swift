/// Each station's servers: where they start in the model's server slab
/// (station s has servers `first[s]..<first[s + 1]`) and how many are idle and up.
struct ServerPools {
    /// One entry per station and a last one closing the range.
    let first: Slab<Int>
    let idleUp: Slab<Int>

    init(plant: PlantDescription) {
        var first = [0]
        for station in plant.stations { first.append(first[first.count - 1] + station.servers) }
        self.first = Slab(first)
        idleUp = Slab(plant.stations.map(\.servers))
    }

    /// Number of servers in the plant.
    var servers: Int { first[first.count - 1] }

    /// Frees the slabs (the line model's deinit).
    func release() {
        first.release()
        idleUp.release()
    }
}
