/// Where each node of a plant graph goes on the page: the flow in layers
/// from left to right, wrapped into rows that snake like a line on a shop
/// floor (every other row runs right to left), parallel stations, feeder
/// lines and repair bays in lanes under the main line.
///
/// Layers: the longest path from a source over the routes and part feeds
/// (so every forward route goes to a later layer), then each node pulled as
/// far right as its successors allow, so a feeder line sits just before the
/// station it feeds and a repair bay just before the station it returns
/// jobs to; rework edges and loops run against the flow. Lanes: the
/// longest line from a source to a sink takes lane 0; the others follow in
/// the order of their predecessors' lanes (the barycentre heuristic).
struct PlantLayout {
    /// Sizes of the drawing's parts, in pixels.
    struct Metrics {
        var boxWidth = 164.0
        var boxHeight = 62.0
        /// The buffer drawn at a station's input side.
        var bufferWidth = 18.0
        var bufferGap = 6.0
        /// Between one slot and the next in a row.
        var slotGap = 40.0
        /// Between lanes of a row.
        var laneGap = 20.0
        /// Above a row's boxes, for the shops' names.
        var rowHeading = 18.0
        /// The least space between rows, and the space a route running along the gap adds.
        var rowGap = 34.0
        var track = 6.0
        var margin = 20.0

        var slotWidth: Double { bufferWidth + bufferGap + boxWidth }
    }

    /// A node's place: its layer, lane and row, and its box's top-left corner.
    struct Place {
        var layer: Int
        var lane: Int
        var row: Int
        var x: Double
        var y: Double
        /// The node's row runs right to left: jobs enter on the right.
        var reversed: Bool
        /// A buffer is drawn at the input side (stations have one).
        var buffered: Bool
    }

    /// One band of the drawing.
    struct Row {
        var layers: Range<Int>
        var top: Double
        var height: Double
        var reversed: Bool
        var bottom: Double { top + height }
    }

    let metrics: Metrics
    let graph: PlantGraph
    let places: [Place]
    let rows: [Row]
    /// Edges to the same or an earlier layer (rework, loops), drawn against the flow.
    let back: Set<Int>
    /// The polyline each edge follows, from its source's output side to its target's input side.
    private(set) var routes: [[(x: Double, y: Double)]] = []
    private(set) var width = 0.0
    private(set) var height = 0.0

    /// Lays out `graph` with at most `columns` layers in a row.
    init(_ graph: PlantGraph, columns: Int, metrics: Metrics = Metrics()) {
        self.metrics = metrics
        self.graph = graph
        let ignored = graph.loopEdges.union(graph.edges.indices.filter { !graph.edges[$0].drivesLayers })
        let layer = Self.layers(graph, ignoring: ignored)
        back = Set(graph.edges.indices.filter { layer[graph.edges[$0].to] <= layer[graph.edges[$0].from] })
        let lane = Self.lanes(graph, back: back, layer: layer)
        let layerCount = (layer.max() ?? 0) + 1
        let perRow = max(1, columns)
        var rows: [Row] = []
        for (r, start) in stride(from: 0, to: layerCount, by: perRow).enumerated() {
            let layers = start..<min(layerCount, start + perRow)
            let lanes = graph.nodes.indices.filter { layers.contains(layer[$0]) }.map { lane[$0] + 1 }.max() ?? 1
            rows.append(Row(layers: layers, top: 0, height: metrics.rowHeading + Double(lanes) * metrics.boxHeight
                                + Double(lanes - 1) * metrics.laneGap, reversed: r % 2 == 1))
        }
        var places = graph.nodes.indices.map { v in
            let r = layer[v] / perRow
            let buffered = if case .station = graph.nodes[v] { true } else { false }
            return Place(layer: layer[v], lane: lane[v], row: r, x: 0, y: 0, reversed: rows[r].reversed, buffered: buffered)
        }
        let plan = RoutePlan(graph, places: places, back: back, rows: rows, perRow: perRow)
        // Vertical: each gap between rows (and above the first) as deep as its routes need.
        var y = metrics.margin
        for r in rows.indices {
            y += max(r == 0 ? 0 : metrics.rowGap, Double(plan.gapTracks[r]) * metrics.track + (plan.gapTracks[r] > 0 ? 12 : 0))
            rows[r].top = y
            y += rows[r].height
        }
        height = y + max(0, Double(plan.gapTracks[rows.count]) * metrics.track + 12) + metrics.margin
        // Horizontal: the left margin holds the long routes' bus and the turns of right-to-left rows.
        let left = metrics.margin + Double(plan.leftTracks) * metrics.track + (plan.leftTracks > 0 ? 14 : 0)
        let columnsUsed = min(perRow, layerCount)
        width = left + Double(columnsUsed) * metrics.slotWidth + Double(columnsUsed - 1) * metrics.slotGap
            + Double(plan.rightTracks) * metrics.track + (plan.rightTracks > 0 ? 14 : 0) + metrics.margin
        for v in places.indices {
            let row = rows[places[v].row]
            let column = places[v].layer - row.layers.lowerBound
            let slot = row.reversed ? columnsUsed - 1 - column : column
            let slotX = left + Double(slot) * (metrics.slotWidth + metrics.slotGap)
            places[v].x = row.reversed ? slotX : slotX + metrics.bufferWidth + metrics.bufferGap
            places[v].y = row.top + metrics.rowHeading + Double(places[v].lane) * (metrics.boxHeight + metrics.laneGap)
        }
        self.rows = rows
        self.places = places
        routes = plan.routes(places: places, rows: rows, metrics: metrics, left: left, right: width - metrics.margin
                                - Double(plan.rightTracks) * metrics.track - (plan.rightTracks > 0 ? 14 : 0))
    }

    /// Each node's layer: longest path from a root over the edges not `ignored`,
    /// then pulled right to one before its nearest successor.
    static func layers(_ graph: PlantGraph, ignoring ignored: Set<Int>) -> [Int] {
        let n = graph.nodes.count
        var successors = Array(repeating: [Int](), count: n)
        var indegree = Array(repeating: 0, count: n)
        for (e, edge) in graph.edges.enumerated() where !ignored.contains(e) {
            successors[edge.from].append(edge.to)
            indegree[edge.to] += 1
        }
        var order: [Int] = []
        var ready = (0..<n).filter { indegree[$0] == 0 }
        while let v = ready.first {
            ready.removeFirst()
            order.append(v)
            for w in successors[v] {
                indegree[w] -= 1
                if indegree[w] == 0 { ready.append(w) }
            }
        }
        var layer = Array(repeating: 0, count: n)
        for v in order {
            for w in successors[v] { layer[w] = max(layer[w], layer[v] + 1) }
        }
        for v in order.reversed() {
            if let nearest = successors[v].map({ layer[$0] }).min() { layer[v] = max(layer[v], nearest - 1) }
        }
        return layer
    }

    /// Each node's lane within its layer: the main line in lane 0, the rest
    /// by the mean lane of their predecessors (of their successors, for a
    /// node nothing leads to: a source, a repair bay), then by file order.
    /// Two passes, so the second sees the successors' lanes.
    static func lanes(_ graph: PlantGraph, back: Set<Int>, layer: [Int]) -> [Int] {
        let n = graph.nodes.count
        var predecessors = Array(repeating: [Int](), count: n)
        var successors = Array(repeating: [Int](), count: n)
        var routePredecessors = Array(repeating: [Int](), count: n)
        for (e, edge) in graph.edges.enumerated() where !back.contains(e) {
            predecessors[edge.to].append(edge.from)
            successors[edge.from].append(edge.to)
            if edge.kind == .flow || edge.kind == .rework { routePredecessors[edge.to].append(edge.from) }
        }
        let main = mainLine(graph, predecessors: routePredecessors, layer: layer)
        var lane = Array(repeating: 0, count: n)
        let byLayer = Dictionary(grouping: 0..<n) { layer[$0] }
        for _ in 0..<2 {
            let before = lane
            for l in byLayer.keys.sorted() {
                func key(_ v: Int) -> (Int, Double, Int) {
                    let neighbours = predecessors[v].isEmpty ? successors[v].map { before[$0] } : predecessors[v].map { lane[$0] }
                    return (main.contains(v) ? 0 : 1, neighbours.isEmpty ? 0 : Double(neighbours.reduce(0, +)) / Double(neighbours.count), v)
                }
                for (k, v) in byLayer[l]!.sorted(by: { key($0) < key($1) }).enumerated() { lane[v] = k }
            }
        }
        return lane
    }

    /// The nodes of the longest forward path, traced back from the last
    /// layer's first node through predecessors one layer earlier (the job's
    /// own route, not a feeder's parts).
    static func mainLine(_ graph: PlantGraph, predecessors: [[Int]], layer: [Int]) -> Set<Int> {
        guard let last = graph.nodes.indices.max(by: { (layer[$0], -$0) < (layer[$1], -$1) }) else { return [] }
        var line: Set<Int> = [last]
        var v = last
        while let p = predecessors[v].filter({ layer[$0] == layer[v] - 1 }).min() {
            line.insert(p)
            v = p
        }
        return line
    }
}

extension PlantLayout.Place {
    /// The point where jobs enter (the outer side of the buffer, if there is one).
    func input(_ m: PlantLayout.Metrics) -> (x: Double, y: Double) {
        let y = self.y + m.boxHeight / 2
        let buffer = buffered ? m.bufferGap + m.bufferWidth : 0
        return reversed ? (x + m.boxWidth + buffer, y) : (x - buffer, y)
    }

    /// The point where jobs leave.
    func output(_ m: PlantLayout.Metrics) -> (x: Double, y: Double) {
        (reversed ? x : x + m.boxWidth, y + m.boxHeight / 2)
    }
}
