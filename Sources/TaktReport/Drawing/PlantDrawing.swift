import TaktPlant

/// A drawing of a plant as SVG: sources, stations with their buffers, and
/// sinks along the routes jobs take; shops as shaded areas, feeder lines
/// joining their assembly station, rework loops dashed, decision sites
/// marked. Given station states from runs, each station shows how its time
/// was spent, and the bottleneck is outlined.
public struct PlantDrawing {
    let plant: PlantDescription
    let layout: PlantLayout
    /// Station states by station name (empty: the structure only).
    let states: [String: StationStates]
    /// The station most often the bottleneck, if states are given.
    let bottleneck: String?
    /// What each decision site served by a policy or the teacher does, by its node.
    let sites: [PlantGraph.Node: String]
    /// Drawn for playing a run back: a lamp per server and a level in each buffer, set by a script.
    let live: Bool
    /// Where a legend starts, below the layout (and the yard of a played-back plant with fleets).
    var legendTop: Double { layout.height + yardHeight }

    /// Draws `plant` with at most `columns` stations (layers of the flow) in a row; `live`, with a lamp per
    /// server (`data-server`, numbered station by station) and a level in each buffer (`data-level`) for a player to set.
    public init(_ plant: PlantDescription, columns: Int = 6, states: [StationStates] = [], live: Bool = false) {
        self.plant = plant
        self.live = live
        layout = PlantLayout(PlantGraph(plant), columns: columns)
        self.states = Dictionary(states.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        bottleneck = states.filter { $0.bottleneck > 0 }.max { $0.bottleneck < $1.bottleneck }?.name
        sites = Self.sites(of: plant)
    }

    /// The rows the stations are drawn in.
    public var rowCount: Int { layout.rows.count }

    /// The drawing as an `<svg>` element; `id` prefixes its arrowheads' ids (unique within a page).
    public func svg(id: String = "plant") -> String {
        let legend = legendLines
        var svg = SVG(width: max(layout.width, 640), height: legendTop + legendHeight(legend))
        svg.raw("<style>\(Self.style)</style>")
        svg.raw(arrowheads(id: id))
        drawShops(&svg)
        drawRoutes(&svg, id: id)
        for v in layout.graph.nodes.indices { drawNode(v, &svg) }
        drawYard(&svg)
        drawLegend(legend, &svg, id: id)
        // Never drawn larger than its own size: a small plant keeps its type size on a wide page.
        return svg.markup(title: "Drawing of plant \(plant.name)", attributes: [("data-drawing", "plant"), ("style", "max-width: \(SVG.number(svg.width))px")],
                          cls: "drawing")
    }

    static let style = """
        .drawing text { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; fill: #1d1d1d; }
        .drawing .name { font-size: 12px; font-weight: 700; }
        .drawing .main { font-size: 11px; fill: #333333; }
        .drawing .badge { font-size: 10px; fill: #555555; }
        .drawing .shop { font-size: 11px; font-weight: 600; fill: #5a5a5a; letter-spacing: 0.04em; }
        .drawing .legend { font-size: 11.5px; fill: #222222; }
        .drawing .capacity { font-size: 10px; fill: #333333; }
        """

    static let shopFills = ["#EAF1F8", "#F7EFE3", "#EAF5EC", "#F6ECF2", "#EFEFF8", "#F4F4E6", "#E9F5F5", "#F8EDEA"]
    static let routeColours: [PlantGraph.EdgeKind: String] = [.flow: "#4A4A4A", .part: "#0072B2", .rework: "#D55E00", .carrierReturn: "#8C8C8C"]
    /// Rework dashed, empty carriers dotted.
    static let routeDashes: [PlantGraph.EdgeKind: String] = [.rework: "5 3", .carrierReturn: "2 3"]

    func arrowheads(id: String) -> String {
        "<defs>" + Self.routeColours.sorted { "\($0.key)" < "\($1.key)" }.map { kind, colour in
            "<marker id=\"\(id)-arrow-\(kind)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
                + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"\(colour)\"/></marker>"
        }.joined() + "</defs>"
    }

    /// Shaded areas behind each shop's stations: one per run of neighbouring
    /// stations of the shop in a lane, named above the first in each row.
    func drawShops(_ svg: inout SVG) {
        let m = layout.metrics
        let shops = plant.stations.compactMap(\.shop).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let base = plant.sources.count
        var runs: [(shop: Int, places: [PlantLayout.Place])] = []
        for s in plant.stations.indices.sorted(by: { (layout.places[base + $0].row, layout.places[base + $0].lane, layout.places[base + $0].layer)
            < (layout.places[base + $1].row, layout.places[base + $1].lane, layout.places[base + $1].layer) }) {
            guard let shop = plant.stations[s].shop.flatMap({ shops.firstIndex(of: $0) }) else { continue }
            let p = layout.places[base + s]
            if let last = runs.last?.places.last, runs.last?.shop == shop, last.row == p.row, last.lane == p.lane, last.layer == p.layer - 1 {
                runs[runs.count - 1].places.append(p)
            } else {
                runs.append((shop, [p]))
            }
        }
        var named = Set<[Int]>()
        for run in runs {
            let first = run.places[0]
            let left = run.places.map { $0.reversed ? $0.x : $0.x - m.bufferWidth - m.bufferGap }.min()! - 6
            let right = run.places.map { $0.reversed ? $0.x + m.slotWidth : $0.x + m.boxWidth }.max()! + 6
            let top = first.y - (first.lane == 0 ? m.rowHeading - 2 : m.laneGap - 5), bottom = first.y + m.boxHeight + 4
            svg.rect(x: left, y: top, width: right - left, height: bottom - top,
                     [("rx", "6"), ("fill", Self.shopFills[run.shop % Self.shopFills.count]), ("data-shop", shops[run.shop])], tooltip: "shop \(shops[run.shop])")
            if named.insert([run.shop, first.row]).inserted {
                svg.text(shops[run.shop].uppercased(), x: left + 6, y: top + 11, [("class", "shop")])
            }
        }
    }

    /// How a route of `kind` is stroked: its colour, width, arrowhead and dashes (routes and the legend's keys alike).
    static func routeStroke(_ kind: PlantGraph.EdgeKind, id: String, width: String) -> [(String, String)] {
        [("stroke", routeColours[kind]!), ("stroke-width", width), ("marker-end", "url(#\(id)-arrow-\(kind))")]
            + (routeDashes[kind].map { [("stroke-dasharray", $0)] } ?? [])
    }

    func drawRoutes(_ svg: inout SVG, id: String) {
        for (e, edge) in layout.graph.edges.enumerated() {
            let attributes = [("fill", "none")] + Self.routeStroke(edge.kind, id: id, width: edge.kind == .flow ? "1.4" : "1.3")
                + [("data-route", "\(edge.kind)"), ("data-from", nodeName(edge.from)), ("data-to", nodeName(edge.to))]
            svg.path(layout.routes[e].map { ($0.x, $0.y) }, attributes, tooltip: routeText(edge))
        }
    }

    func drawNode(_ v: Int, _ svg: inout SVG) {
        let m = layout.metrics
        let p = layout.places[v]
        let node = layout.graph.nodes[v]
        let text = nodeText(node)
        svg.open([("data-node", nodeName(v)), ("data-kind", text.kind), ("data-row", "\(p.row)"), ("data-lane", "\(p.lane)")])
        if case let .station(s) = node { drawBuffer(station: s, at: p, &svg) }
        var stroke = ("#555555", "1.2")
        if case let .station(s) = node, plant.stations[s].name == bottleneck { stroke = ("#D55E00", "3") }
        let fill = text.kind == "source" ? "#E3EEF9" : text.kind == "sink" ? "#ECECEC" : "#FFFFFF"
        svg.rect(x: p.x, y: p.y, width: m.boxWidth, height: m.boxHeight,
                 [("rx", text.kind == "station" ? "4" : "16"), ("fill", fill), ("stroke", stroke.0), ("stroke-width", stroke.1)], tooltip: text.tooltip)
        let inner = m.boxWidth - 14
        svg.text(Self.fit(text.name, width: inner, size: 12, bold: true), x: p.x + 7, y: p.y + 16, [("class", "name")])
        svg.text(Self.fit(text.main, width: inner, size: 11), x: p.x + 7, y: p.y + 31, [("class", "main")])
        svg.text(Self.fit(text.badges.joined(separator: " · "), width: inner, size: 10), x: p.x + 7, y: p.y + 45, [("class", "badge")])
        if case let .station(s) = node, let st = states[plant.stations[s].name] { drawStates(st, at: p, &svg) }
        if live, case let .station(s) = node {
            drawLamps(station: s, at: p, &svg)
            drawKitGauge(station: s, at: p, &svg)
            drawVehicleStop(station: s, at: p, &svg)
        }
        if let site = text.decision {
            let cx = p.x + m.boxWidth - 9, cy = p.y + 9
            svg.path([(cx, cy - 6), (cx + 6, cy), (cx, cy + 6), (cx - 6, cy)], closed: true,
                     [("fill", "#E69F00"), ("stroke", "#7A5200"), ("stroke-width", "0.8"), ("data-decision", site)], tooltip: site)
        }
        svg.close()
    }

    /// The buffer in front of a station: a tray with its number of places; a
    /// conveyor in its place is a tray of rollers.
    func drawBuffer(station s: Int, at p: PlantLayout.Place, _ svg: inout SVG) {
        let station = plant.stations[s]
        let m = layout.metrics, capacity = station.buffer
        let x = p.reversed ? p.x + m.boxWidth + m.bufferGap : p.x - m.bufferGap - m.bufferWidth
        let height = m.boxHeight * 0.6, y = p.y + (m.boxHeight - height) / 2
        let label = capacity == .unlimited ? "∞" : "\(capacity.limit)"
        let tip = station.conveyor.map { "\($0.accumulating ? "accumulating" : "non-accumulating") conveyor of \($0.capacity) places" }
            ?? (capacity == .unlimited ? "buffer without limit" : capacity.limit == 0 ? "no buffer: a job enters only a free machine" : "buffer of \(capacity.limit) places")
        svg.rect(x: x, y: y, width: m.bufferWidth, height: height,
                 [("fill", station.conveyor != nil ? Self.conveyorFill : capacity.limit == 0 ? "#FFFFFF" : "#F2F2F2"), ("stroke", "#777777"),
                  ("stroke-width", "1"), ("data-buffer", label)], tooltip: tip)
        for k in 1..<4 where capacity.limit > 0 {
            let ly = y + height * Double(k) / 4
            if station.conveyor != nil {
                svg.circle(cx: x + m.bufferWidth / 2, cy: ly, r: 2, [("fill", "#FFFFFF"), ("stroke", "#777777"), ("stroke-width", "0.8")])
            } else {
                svg.line(x1: x + 3, y1: ly, x2: x + m.bufferWidth - 3, y2: ly, [("stroke", "#BBBBBB"), ("stroke-width", "1")])
            }
        }
        if live {
            svg.rect(x: x + 2, y: y + height - 2, width: m.bufferWidth - 4, height: 0,
                     [("fill", "#0072B2"), ("fill-opacity", "0.75"), ("data-level", "\(s)"), ("data-bottom", SVG.number(y + height - 2)),
                      ("data-full", SVG.number(height - 4))])
        }
        svg.text(label, x: x + m.bufferWidth / 2, y: y - 3, anchor: "middle",
                 [("class", "capacity")] + (live ? [("data-level-text", "\(s)")] : []))
    }

    /// A conveyor's tray.
    static let conveyorFill = "#DCE6F0"

    /// How the station's time was spent, as a bar along the bottom of its box.
    func drawStates(_ s: StationStates, at p: PlantLayout.Place, _ svg: inout SVG) {
        let m = layout.metrics
        var x = p.x + 7
        let width = m.boxWidth - 14, y = p.y + m.boxHeight - 12
        for (name, share) in s.states where share.mean > 0 {
            let w = width * min(1, share.mean)
            svg.rect(x: x, y: y, width: w, height: 7, [("fill", Palette.states[name] ?? "#999999"), ("data-state", name)],
                     tooltip: "\(s.name): \(name) \(Format.percent(share.mean)) of the time")
            x += w
        }
    }

    /// Shortens `text` with an ellipsis to about `width` pixels (average glyph widths of DejaVu Sans).
    static func fit(_ text: String, width: Double, size: Double, bold: Bool = false) -> String {
        let per = size * (bold ? 0.64 : 0.58)
        let most = Int(width / per)
        return text.count <= most ? text : String(text.prefix(max(1, most - 1))) + "…"
    }
}
