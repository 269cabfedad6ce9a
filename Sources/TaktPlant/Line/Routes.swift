import TaktKernel

/// Where a station's finished jobs go: its routing rule and successors, and
/// what the rules remember and draw from.
struct Routes {
    let rule: Slab<RoutingRule>
    /// Successors in file order.
    let successors: Slab<[NodeRef]>
    /// The only successor of stations with serial routing (nil for splits):
    /// the common case, read without touching the routing rule.
    let soleSuccessor: Slab<NodeRef?>
    /// The next successor of round-robin routing.
    let roundRobin: Slab<Int>
    /// Each station's routing stream (probabilistic routing).
    let streams: Slab<RandomStream>
    /// Whether each station lies on a routing cycle (and so could deadlock).
    let onCycle: Slab<Bool>

    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        rule = Slab(plant.stations.map(\.routing))
        successors = Slab(plant.stations.map(\.next))
        soleSuccessor = Slab(plant.stations.map { $0.routing == .single ? $0.next[0] : nil })
        roundRobin = Slab(Array(repeating: 0, count: plant.stations.count))
        streams = Slab(plant.stations.map { RandomStream(seed: seed, replication: replication, name: "route:\($0.name)") })
        onCycle = Slab(plant.stationsOnCycles)
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        rule.release()
        successors.release()
        soleSuccessor.release()
        roundRobin.release()
        streams.release()
        onCycle.release()
    }
}
