import TaktKernel
import TaktPlant

/// What a plant drawing writes: each node's lines and tooltip, each route's
/// tooltip, and the legend.
extension PlantDrawing {
    /// A node's words: its kind, three lines in the box, the full tooltip, and its decision site if it has one.
    struct NodeText {
        var kind: String
        var name: String
        var main: String
        var badges: [String]
        var tooltip: String
        var decision: String?
    }

    func nodeName(_ v: Int) -> String {
        switch layout.graph.nodes[v] {
        case let .source(i): plant.sources[i].name
        case let .station(s): plant.stations[s].name
        case let .sink(k): plant.sinks[k].name
        }
    }

    func nodeText(_ node: PlantGraph.Node) -> NodeText {
        switch node {
        case let .source(i): sourceText(i)
        case let .station(s): stationText(s)
        case let .sink(k): NodeText(kind: "sink", name: plant.sinks[k].name, main: "jobs leave", badges: [],
                                    tooltip: "sink \(plant.sinks[k].name): finished jobs leave the plant")
        }
    }

    func sourceText(_ i: Int) -> NodeText {
        let source = plant.sources[i]
        // An order list says what comes; the arrivals, when.
        let list = source.orderList.map { "order list, \($0.entries.count) job\($0.entries.count == 1 ? "" : "s")" + ($0.repeats ? ", repeated" : "") }
        let arrivals: String
        switch source.arrivals {
        case let .interarrival(d):
            let when = d.kind == .deterministic(value: d.mean) ? "every \(Durations.text(d.mean))" : "\(Self.family(d)), mean \(Durations.text(d.mean))"
            arrivals = list.map { "\($0), \(when)" } ?? when
        case .unlimited: arrivals = list.map { "\($0), the next always ready" } ?? "a job always ready"
        case .listed: arrivals = list ?? "order list"
        }
        var badges: [String] = []
        if source.orderBank > 0 { badges.append("bank \(source.orderBank)") }
        if source.releaseRule != .fifo { badges.append("release: \(Self.short(source.releaseRule.name))") }
        if source.whenFull == .lose { badges.append("lost when full") }
        let decision = sites[.source(i)]
        let tooltip = (["source \(source.name): \(arrivals)"] + badges + [decision].compactMap { $0 }).joined(separator: "\n")
        return NodeText(kind: "source", name: source.name, main: arrivals, badges: badges, tooltip: tooltip, decision: decision)
    }

    func stationText(_ s: Int) -> NodeText {
        let station = plant.stations[s]
        let main = "\(Durations.text(station.process.mean)) · \(station.servers) server\(station.servers == 1 ? "" : "s")"
        var badges: [String] = []
        var details: [String] = ["process: \(Self.family(station.process)), mean \(Durations.text(station.process.mean)) per job, "
                                 + "\(station.servers) server\(station.servers == 1 ? "" : "s")"]
        func add(_ badge: String, _ detail: String) {
            badges.append(badge)
            details.append(detail)
        }
        if let robots = station.robots {
            add("\(robots.names.count) robots", "robot cell: \(robots.names.count) robots, a robot failure makes the cell "
                + (robots.rule == .stop ? "stop" : "slow down") + (robots.maintenance.map { ", maintenance: \(Self.short($0.rule.name))" } ?? ""))
        }
        if let assembly = station.assembly {
            add("assembly", "assembly: one part from each of " + assembly.parts.map { plant.stations[$0].name }.joined(separator: ", ")
                + " (\(assembly.partBuffer) places each)")
        }
        if let quality = station.quality { add("inspect \(Format.trimZeros(Format.significant(quality.defectRate * 100, digits: 3)))%",
                                               "inspection: \(Format.percent(quality.defectRate, decimals: 2)) of jobs defective, sent to rework") }
        if let routing = station.reworkRouting, routing.options.count > 1 {
            add("rework: \(Self.short(routing.rule.name))", "rework to one of \(routing.options.count) stations, chosen by \(routing.rule.name)")
        }
        if let changeover = station.changeover {
            add("changeover by \(changeover.by.rawValue)", "changeover when the \(changeover.by.rawValue) changes, mean \(Durations.text(changeover.meanTime))"
                + (changeover.matrix == nil ? "" : " (setup matrix)"))
        }
        if station.pick != .fifo { add("pick: \(Self.short(station.pick.name))", "pick: \(station.pick.name)") }
        if station.failures != nil { add("fails", "failures: each server fails and is repaired on its own"
                                         + (station.failures?.repair.map { " by pool \(plant.workers[$0.pool].name)" } ?? "")) }
        if let kits = station.kits { add("kits", "kits of \(kits.size) from fleet \(plant.fleets[kits.fleet].name), reordered at \(kits.reorderAt)") }
        if let staff = station.workers {
            let pool = plant.workers[staff.pool].name
            add("workers: \(pool)" + (staff.count > 1 ? " ×\(staff.count)" : ""), "workers: \(staff.count) from pool \(pool) per job")
        }
        if let carriers = station.carriers {
            add("\(carriers.count) carriers", "carriers: \(carriers.count) in a loop, loaded here, unloaded at \(plant.stations[carriers.unload].name)"
                + (carriers.returnTime.map { ", back in \(Durations.text($0.mean)) on average" } ?? ", back at once"))
        }
        if plant.stations.contains(where: { $0.carriers?.unload == s }) { add("unload carriers", "carriers are unloaded here and go back empty") }
        if let calendar = station.calendar {
            let hours = Format.trimZeros(Format.significant(Ticks.seconds(calendar.onShiftPerWeek) / 3600, digits: 3))
            add("own calendar", "own calendar: \(hours) h on shift a week, within the plant's")
        }
        if let conveyor = station.conveyor {
            let metres = Format.trimZeros(Format.significant(conveyor.length, digits: 3))
            add("conveyor \(metres) m", "fed by \(conveyor.accumulating ? "an accumulating" : "a non-accumulating") conveyor: \(metres) m at "
                + "\(Format.trimZeros(Format.significant(conveyor.speed * 60, digits: 3))) m/min, \(conveyor.capacity) places, "
                + "\(Durations.text(conveyor.travel)) of travel")
        }
        if let transfer = station.transfer { add("transfer \(Durations.text(transfer.mean))", "transfer to the next station: mean \(Durations.text(transfer.mean))") }
        if station.next.count > 1 { add("routing: \(Self.routing(station.routing))", "routing to \(station.next.count) successors: \(Self.routing(station.routing))") }
        if let shop = station.shop { details.insert("shop \(shop)", at: 0) }
        let buffer = station.buffer == .unlimited ? "no limit" : "\(station.buffer.limit) places"
        if station.conveyor == nil { details.append("buffer: \(buffer)") }
        if let st = states[station.name] {
            details.append(st.states.filter { $0.share.mean > 0 }.map { "\($0.name) \(Format.percent($0.share.mean))" }.joined(separator: ", "))
            if st.bottleneck > 0 { details.append("bottleneck \(Format.percent(st.bottleneck)) of shift time") }
        }
        let decision = sites[.station(s)]
        if let decision { details.append(decision) }
        return NodeText(kind: "station", name: station.name, main: main, badges: badges,
                        tooltip: (["station \(station.name)"] + details).joined(separator: "\n"), decision: decision)
    }

    /// The decision sites of `plant` served by the teacher or a policy, by the node they sit at.
    static func sites(of plant: PlantDescription) -> [PlantGraph.Node: String] {
        var out: [PlantGraph.Node: String] = [:]
        for site in DecisionSite.all(in: plant) {
            let text = "\(site.point) decision: \(site.ruleName(in: plant))"
            let node: PlantGraph.Node? = switch site {
            case let .pick(s), let .rework(s), let .maintenance(s): .station(s)
            case let .release(i): .source(i)
            case .dispatch: nil
            }
            if let node { out[node] = out[node].map { $0 + "\n" + text } ?? text }
        }
        return out
    }

    func routeText(_ edge: PlantGraph.Edge) -> String {
        let from = nodeName(edge.from), to = nodeName(edge.to)
        switch edge.kind {
        case .flow: return "\(from) → \(to)"
        case .part: return "parts: \(from) → \(to)"
        case .rework: return "rework: defective jobs from \(from) → \(to)"
        case .carrierReturn: return "empty carriers from \(from) back to \(to)"
        }
    }

    /// The lines under the drawing: the plant's calendar and takt, its fleets, worker pools and deployments.
    var legendLines: [String] {
        var lines: [String] = []
        var head: [String] = ["plant \(plant.name): \(plant.stations.count) station\(plant.stations.count == 1 ? "" : "s")"]
        if let takt = plant.takt { head.append("takt \(Durations.text(Ticks.seconds(takt)))") }
        if let calendar = plant.calendar {
            head.append("on shift \(Format.trimZeros(Format.significant(Ticks.seconds(calendar.onShiftPerWeek) / 3600, digits: 3))) h a week")
        }
        lines.append(head.joined(separator: " · "))
        for fleet in plant.fleets {
            let served = plant.stations.filter { $0.kits.map { plant.fleets[$0.fleet].name == fleet.name } ?? false }.count
            lines.append("fleet \(fleet.name): \(fleet.vehicles) vehicles from \(fleet.depot), kits for \(served) station\(served == 1 ? "" : "s"), "
                         + "requests by \(Self.short(fleet.requests.name))")
        }
        for pool in plant.workers {
            let tasks = [pool.works ? "work" : nil, pool.repairs ? "repairs" : nil].compactMap { $0 }.joined(separator: " and ")
            lines.append("worker pool \(pool.name): \(pool.count) worker\(pool.count == 1 ? "" : "s")" + (tasks.isEmpty ? "" : " for \(tasks)")
                         + (pool.calendar.map { ", on duty \(Format.trimZeros(Format.significant(Ticks.seconds($0.onShiftPerWeek) / 3600, digits: 3))) h a week" } ?? ""))
        }
        if !plant.deployments.isEmpty { lines.append("deployments: " + plant.deployments.map(\.name).joined(separator: ", ")) }
        return lines
    }

    func legendHeight(_ lines: [String]) -> Double { 20 + 18 + (states.isEmpty ? 0 : 18) + Double(lines.count) * 16 + 8 }

    func drawLegend(_ lines: [String], _ svg: inout SVG, id: String) {
        var x = layout.metrics.margin
        var y = legendTop + 20
        func key(_ label: String, width: Double, _ glyph: (inout SVG, Double) -> Void) {
            glyph(&svg, x)
            svg.text(label, x: x + width + 6, y: y + 4, [("class", "legend")])
            x += width + 12 + Double(label.count) * 6.6
        }
        let kinds = Set(layout.graph.edges.map(\.kind))
        for (kind, label) in [(PlantGraph.EdgeKind.flow, "route"), (.part, "parts to assembly"), (.rework, "rework"), (.carrierReturn, "empty carriers back")]
        where kinds.contains(kind) {
            key(label, width: 28) { svg, x in
                svg.line(x1: x, y1: y, x2: x + 28, y2: y, Self.routeStroke(kind, id: id, width: "1.4"))
            }
        }
        key("buffer (places)", width: 10) { svg, x in svg.rect(x: x, y: y - 8, width: 10, height: 16, [("fill", "#F2F2F2"), ("stroke", "#777777")]) }
        if plant.stations.contains(where: { $0.conveyor != nil }) {
            key("conveyor (places)", width: 10) { svg, x in
                svg.rect(x: x, y: y - 8, width: 10, height: 16, [("fill", Self.conveyorFill), ("stroke", "#777777")])
                svg.circle(cx: x + 5, cy: y, r: 2, [("fill", "#FFFFFF"), ("stroke", "#777777"), ("stroke-width", "0.8")])
            }
        }
        if !sites.isEmpty {
            key("decision by a policy or the teacher", width: 12) { svg, x in
                svg.path([(x + 6, y - 6), (x + 12, y), (x + 6, y + 6), (x, y)], closed: true, [("fill", "#E69F00"), ("stroke", "#7A5200")])
            }
        }
        if !states.isEmpty {
            x = layout.metrics.margin
            y += 18
            let present = Set(states.values.flatMap { $0.states.filter { $0.share.mean > 0 }.map(\.name) })
            for name in ["working", "setup", "starved", "blocked", "failed", "off shift", "waiting for workers"] where present.contains(name) {
                key(name, width: 10) { svg, x in svg.rect(x: x, y: y - 5, width: 10, height: 10, [("fill", Palette.states[name]!)]) }
            }
            if bottleneck != nil {
                key("the bottleneck", width: 16) { svg, x in
                    svg.rect(x: x, y: y - 6, width: 16, height: 12, [("fill", "#FFFFFF"), ("stroke", "#D55E00"), ("stroke-width", "3")])
                }
            }
        }
        y += 8
        for line in lines {
            y += 16
            svg.text(line, x: layout.metrics.margin, y: y, [("class", "legend")])
        }
    }

    static func family(_ d: Distribution) -> String {
        d.shift > 0 ? "\(baseFamily(d)) + \(Durations.text(d.shift))" : baseFamily(d)
    }

    static func baseFamily(_ d: Distribution) -> String {
        switch d.kind {
        case .deterministic: "fixed"
        case .exponential: "exponential"
        case .uniform: "uniform"
        case .triangular: "triangular"
        case .normal: "normal"
        case .lognormal: "lognormal"
        case .gamma: "gamma"
        case .weibull: "Weibull"
        case .empirical: "empirical"
        }
    }

    static func routing(_ rule: RoutingRule) -> String {
        switch rule {
        case .single: "single"
        case .probability: "by probability"
        case .roundRobin: "round robin"
        case .shortestQueue: "shortest queue"
        case .firstFree: "first free"
        }
    }

    /// A rule's name with a model file's folders left out.
    static func short(_ name: String) -> String {
        guard let slash = name.lastIndex(of: "/") else { return name }
        let prefix = name.range(of: "policy ").map { String(name[..<$0.upperBound]) } ?? ""
        return prefix + name[name.index(after: slash)...]
    }
}
