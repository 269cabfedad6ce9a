/// How each edge of a laid-out plant runs: straight to the next layer, round
/// the end of a row to the next row, or along the gaps between rows and the
/// left margin, so no route crosses a box.
struct RoutePlan {
    enum Route {
        /// To the next layer of the same row, across the gap between the slots
        /// (changing lanes along its own track, shared by the routes from one node).
        case adjacent(track: Int)
        /// From the end of a row to the start of the next, round the side margin.
        case turn(right: Bool, track: Int)
        /// Along one gap between rows (a long route within a row, or to the row next to it).
        case gap(Int, track: Int)
        /// Along the gap next to the source's row, up or down the left margin, along the gap next to the target's row.
        case bus(from: Int, fromTrack: Int, to: Int, toTrack: Int, track: Int)
    }

    let graph: PlantGraph
    private(set) var kinds: [Route] = []
    /// Parallel routes along each gap: gap g lies above row g (the last below the last row).
    private(set) var gapTracks: [Int]
    private(set) var leftTracks = 0
    private(set) var rightTracks = 0
    private var leftTurns = 0

    init(_ graph: PlantGraph, places: [PlantLayout.Place], back: Set<Int>, rows: [PlantLayout.Row], perRow: Int) {
        self.graph = graph
        gapTracks = Array(repeating: 0, count: rows.count + 1)
        var buses: [(Int, Int, Int, Int, Int)] = []
        var elbows: [Int] = []  // the edges to the next layer that change lanes, given their tracks below
        func track(_ gap: Int) -> Int {
            defer { gapTracks[gap] += 1 }
            return gapTracks[gap]
        }
        for (e, edge) in graph.edges.enumerated() {
            let u = places[edge.from], v = places[edge.to]
            let forward = !back.contains(e)
            if forward && u.row == v.row && v.layer == u.layer + 1 {
                if u.lane != v.lane { elbows.append(e) }
                kinds.append(.adjacent(track: 0))
            } else if forward && v.row == u.row + 1 && u.layer == rows[u.row].layers.upperBound - 1 && v.layer == rows[v.row].layers.lowerBound {
                let right = !rows[u.row].reversed
                if right { rightTracks += 1 } else { leftTurns += 1 }
                kinds.append(.turn(right: right, track: right ? rightTracks - 1 : leftTurns - 1))
            } else {
                let (from, to) = v.row == u.row ? (u.row + 1, u.row + 1) : v.row > u.row ? (u.row + 1, v.row) : (u.row, v.row + 1)
                if from == to {
                    kinds.append(.gap(from, track: track(from)))
                } else {
                    buses.append((e, from, track(from), to, track(to)))
                    kinds.append(.adjacent(track: 0))  // replaced below, once the turns' tracks are known
                }
            }
        }
        for (k, bus) in buses.enumerated() {
            kinds[bus.0] = .bus(from: bus.1, fromTrack: bus.2, to: bus.3, toTrack: bus.4, track: leftTurns + k)
        }
        leftTracks = leftTurns + buses.count
        for (e, track) in Self.elbowTracks(elbows, graph: graph, places: places) { kinds[e] = .adjacent(track: track) }
    }

    /// The track of each lane-changing edge to the next layer: one per source node and layer, its elbow that many
    /// tracks from the source. A source that leaves on a lane where another source's route arrives gets an elbow
    /// nearer itself than that other's, so its first stretch ends before the other's last one begins: otherwise the
    /// two run along one line, and a job would seem to go where the other route leads. Sources are taken in that
    /// order (in edge order where it leaves a choice, and past a cycle of such demands by edge order too).
    static func elbowTracks(_ edges: [Int], graph: PlantGraph, places: [PlantLayout.Place]) -> [(Int, Int)] {
        var tracks: [[Int]: Int] = [:]  // by layer and source node
        let layers = Dictionary(grouping: edges) { places[graph.edges[$0].from].layer }
        for (layer, group) in layers {
            var sources: [Int] = []
            for e in group where !sources.contains(graph.edges[e].from) { sources.append(graph.edges[e].from) }
            // Source a goes before source b when a leaves on a lane where one of b's routes arrives.
            func before(_ a: Int, _ b: Int) -> Bool {
                a != b && group.contains { graph.edges[$0].from == b && places[graph.edges[$0].to].lane == places[a].lane }
            }
            var left = sources
            while !left.isEmpty {
                let next = left.first { s in !left.contains { before($0, s) } } ?? left[0]
                tracks[[layer, next]] = sources.count - left.count
                left.removeAll { $0 == next }
            }
        }
        return edges.map { e in (e, tracks[[places[graph.edges[e].from].layer, graph.edges[e].from]]!) }
    }

    /// Each edge's polyline, once the rows and places have their coordinates;
    /// `left` and `right` are the outer edges of the slots.
    func routes(places: [PlantLayout.Place], rows: [PlantLayout.Row], metrics: PlantLayout.Metrics,
                left: Double, right: Double) -> [[(x: Double, y: Double)]] {
        let m = metrics
        func gapY(_ gap: Int, _ track: Int) -> Double {
            let top = gap == 0 ? m.margin : rows[gap - 1].bottom
            return top + 10 + Double(track) * m.track
        }
        return graph.edges.indices.map { e in
            let edge = graph.edges[e]
            let out = places[edge.from].output(m), into = places[edge.to].input(m)
            let sx = out.x + (places[edge.from].reversed ? -12 : 12)
            let tx = into.x + (places[edge.to].reversed ? 12 : -12)
            switch kinds[e] {
            case let .adjacent(track):
                if out.y == into.y { return [out, into] }
                let mx = out.x + (places[edge.from].reversed ? -1 : 1) * (10 + Double(track % 4) * m.track)
                return [out, (mx, out.y), (mx, into.y), into]
            case let .turn(onRight, track):
                let x = onRight ? right + 8 + Double(track) * m.track : left - 8 - Double(track) * m.track
                return [out, (x, out.y), (x, into.y), into]
            case let .gap(gap, track):
                let y = gapY(gap, track)
                return [out, (sx, out.y), (sx, y), (tx, y), (tx, into.y), into]
            case let .bus(from, fromTrack, to, toTrack, track):
                let y1 = gapY(from, fromTrack), y2 = gapY(to, toTrack)
                let x = left - 8 - Double(track) * m.track
                return [out, (sx, out.y), (sx, y1), (x, y1), (x, y2), (tx, y2), (tx, into.y), into]
            }
        }
    }
}
