import TaktPlant

/// The plant as a directed graph for drawing: sources, stations and sinks
/// as nodes, the routes a job may take as edges.
///
/// Nodes are numbered sources first, then stations, then sinks, each in
/// file order, so a node's number says what it is.
struct PlantGraph {
    /// What a node stands for, by its index in the plant description.
    enum Node: Hashable {
        case source(Int)
        case station(Int)
        case sink(Int)
    }

    /// Why a job travels along an edge.
    enum EdgeKind: Equatable {
        /// The job's route (a source's `next`, a station's `next`).
        case flow
        /// A part from a feeder line to the assembly station that consumes it.
        case part
        /// A defective job on its way to rework.
        case rework
        /// Empty carriers on their way back from the unload station to the station that loads them.
        case carrierReturn
    }

    /// A route from one node to another.
    struct Edge: Equatable {
        var from: Int
        var to: Int
        var kind: EdgeKind
        /// Whether the layers follow it: a job's route or a part's, not a return against the flow.
        var drivesLayers: Bool { kind == .flow || kind == .part }
    }

    let nodes: [Node]
    let edges: [Edge]

    init(_ plant: PlantDescription) {
        let stationBase = plant.sources.count
        let sinkBase = stationBase + plant.stations.count
        func index(_ ref: NodeRef) -> Int {
            switch ref {
            case let .station(i): stationBase + i
            case let .sink(i): sinkBase + i
            }
        }
        nodes = plant.sources.indices.map(Node.source) + plant.stations.indices.map(Node.station) + plant.sinks.indices.map(Node.sink)
        var edges = plant.sources.enumerated().map { Edge(from: $0.offset, to: stationBase + $0.element.next, kind: .flow) }
        for (i, station) in plant.stations.enumerated() {
            for ref in station.allSuccessors {
                var kind = EdgeKind.flow
                if !station.next.contains(ref) {
                    kind = .rework
                } else if case let .station(t) = ref, plant.stations[t].assembly?.parts.contains(i) == true {
                    kind = .part
                }
                edges.append(Edge(from: stationBase + i, to: index(ref), kind: kind))
            }
        }
        for (i, station) in plant.stations.enumerated() {
            if let carriers = station.carriers { edges.append(Edge(from: stationBase + carriers.unload, to: stationBase + i, kind: .carrierReturn)) }
        }
        self.edges = edges
    }

    /// Each node's outgoing edges, by edge index.
    var outgoing: [[Int]] {
        var out = Array(repeating: [Int](), count: nodes.count)
        for (e, edge) in edges.enumerated() { out[edge.from].append(e) }
        return out
    }

    /// The routes that close a loop of the flow (a job's route back to where
    /// it has been), found by a depth-first search from the sources in file
    /// order over the routes and part feeds; rework and carrier returns are
    /// left out, as they are drawn against the flow anyway. Without these the
    /// routes form no cycle, so nodes can be put in layers.
    var loopEdges: Set<Int> {
        let out = outgoing.map { $0.filter { edges[$0].drivesLayers } }
        var state = Array(repeating: 0, count: nodes.count)  // 0 unseen, 1 on the path, 2 done
        var loops = Set<Int>()
        let hasIncoming = Set(edges.filter(\.drivesLayers).map(\.to))
        let roots = nodes.indices.filter { !hasIncoming.contains($0) } + nodes.indices
        for root in roots where state[root] == 0 {
            var work: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let (v, k) = work.last {
                guard k < out[v].count else {
                    state[v] = 2
                    work.removeLast()
                    continue
                }
                work[work.count - 1].next += 1
                let e = out[v][k]
                let w = edges[e].to
                if state[w] == 1 {
                    loops.insert(e)
                } else if state[w] == 0 {
                    state[w] = 1
                    work.append((w, 0))
                }
            }
        }
        return loops
    }
}
