import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TaktExperiment
import TaktPlant
import TaktTestSupport
import Testing
@testable import TaktReport

@Suite("Plant drawing")
struct PlantDrawingTests {
    /// Every plant file in the repository (plants, not experiments).
    static let plants: [String] = {
        let root = Repository.path("Plants")
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("experiments/") }.sorted().map { root + "/" + $0 }
    }()

    static func load(_ path: String) throws -> PlantDescription { try PlantLoader.load(path: path) }

    /// A box's rectangle, its buffer included, as (left, top, right, bottom).
    static func footprint(_ p: PlantLayout.Place, _ m: PlantLayout.Metrics) -> (Double, Double, Double, Double) {
        let buffer = p.buffered ? m.bufferWidth + m.bufferGap : 0
        let left = p.reversed ? p.x : p.x - buffer
        return (left, p.y, left + m.boxWidth + buffer, p.y + m.boxHeight)
    }

    @Test("every plant in the repository lays out with no boxes overlapping and every route orthogonal, port to port, clear of every box",
          arguments: [1, 3, 6])
    func layoutInvariants(columns: Int) throws {
        #expect(Self.plants.count >= 30)
        for path in Self.plants {
            let plant = try Self.load(path)
            let layout = PlantLayout(PlantGraph(plant), columns: columns)
            let m = layout.metrics
            let boxes = layout.places.map { Self.footprint($0, m) }
            for a in boxes.indices {
                for b in boxes.indices where a < b {
                    let (l1, t1, r1, b1) = boxes[a], (l2, t2, r2, b2) = boxes[b]
                    #expect(r1 <= l2 || r2 <= l1 || b1 <= t2 || b2 <= t1, "\(path): nodes \(a) and \(b) overlap")
                }
                #expect(boxes[a].0 >= 0 && boxes[a].2 <= layout.width && boxes[a].1 >= 0 && boxes[a].3 <= layout.height, "\(path): node \(a) off the page")
            }
            for (e, edge) in layout.graph.edges.enumerated() {
                let route = layout.routes[e]
                let out = layout.places[edge.from].output(m), into = layout.places[edge.to].input(m)
                #expect(route.first! == out && route.last! == into, "\(path): route \(e) does not join its ports")
                for (p, q) in zip(route, route.dropFirst()) {
                    #expect(p.x == q.x || p.y == q.y, "\(path): route \(e) has a slanted segment")
                    #expect(min(p.x, q.x) >= 0 && max(p.x, q.x) <= layout.width && min(p.y, q.y) >= 0 && max(p.y, q.y) <= layout.height,
                            "\(path): route \(e) leaves the page")
                    for (k, box) in boxes.enumerated() {
                        // Strictly inside a box (shrunk by half a pixel): only the ports touch a box's edge.
                        let crosses = max(p.x, q.x) > box.0 + 0.5 && min(p.x, q.x) < box.2 - 0.5 && max(p.y, q.y) > box.1 + 0.5 && min(p.y, q.y) < box.3 - 0.5
                        #expect(!crosses, "\(path): route \(e) (\(edge.from)→\(edge.to)) crosses node \(k)")
                    }
                }
            }
            for (e, edge) in layout.graph.edges.enumerated() where !layout.back.contains(e) {
                #expect(layout.places[edge.to].layer > layout.places[edge.from].layer)
            }
            #expect(layout.rows.allSatisfy { $0.layers.count <= columns })
            #expect(layout.rows.indices.allSatisfy { layout.rows[$0].reversed == ($0 % 2 == 1) })
        }
    }

    @Test("feeder lines end just before their assembly station, repair bays just before the station they return to, parallel tests share a layer")
    func placement() throws {
        let ev = try Self.load(Repository.path("Plants/xiaomi-ev.yaml"))
        let graph = PlantGraph(ev)
        let layout = PlantLayout(graph, columns: 6)
        func place(_ name: String) -> PlantLayout.Place {
            layout.places[ev.sources.count + ev.stations.firstIndex { $0.name == name }!]
        }
        let marriage = place("battery-marriage")
        for feeder in ["battery-pack-line", "drive-unit-line"] {
            #expect(place(feeder).layer == marriage.layer - 1)
            #expect(place(feeder).lane > 0)
        }
        #expect(place("eol-test-1").layer == place("eol-test-2").layer)
        #expect(place("eol-repair").layer == place("eol-test-1").layer - 1)
        #expect(place("paint-spot-repair").layer == place("paint-inspection").layer - 1)
        // The main line keeps lane 0 from the order release to the last test.
        for name in ["die-casting", "body-cell-30", "paint-oven", "battery-marriage", "ga-final", "eol-test-1"] { #expect(place(name).lane == 0) }
        #expect(graph.edges.filter { $0.kind == .part }.count == 2)
        #expect(graph.edges.filter { $0.kind == .rework }.count == 3)
        #expect(layout.rows.count == (layout.places.map(\.layer).max()! + 6) / 6)
    }

    @Test("routes of different nodes to different nodes do not run along one line (a job would seem to go where the other leads)")
    func routesKeepApart() throws {
        let svg = PlantDrawing(try Self.load(Repository.path("Plants/xiaomi-ev.yaml"))).svg()
        // Each route: its source, target and horizontal and vertical stretches.
        var routes: [(from: String, to: String, points: [(Double, Double)])] = []
        for part in svg.components(separatedBy: "<path d=\"M").dropFirst() where part.contains("data-route=") {
            let d = part.prefix { $0 != "\"" }
            let points = d.split(separator: "L").map { $0.trimmingCharacters(in: .whitespaces).split(separator: ",").compactMap { Double($0) } }
                .filter { $0.count == 2 }.map { ($0[0], $0[1]) }
            func attribute(_ name: String) -> String {
                guard let r = part.range(of: "\(name)=\"") else { return "" }
                return String(part[r.upperBound...].prefix { $0 != "\"" })
            }
            routes.append((attribute("data-from"), attribute("data-to"), points))
        }
        func shared(_ a: [(Double, Double)], _ b: [(Double, Double)]) -> Double {
            var total = 0.0
            for (p, q) in zip(a, a.dropFirst()) {
                for (r, t) in zip(b, b.dropFirst()) {
                    if p.1 == q.1, r.1 == t.1, p.1 == r.1 {
                        total += max(0, min(max(p.0, q.0), max(r.0, t.0)) - max(min(p.0, q.0), min(r.0, t.0)))
                    } else if p.0 == q.0, r.0 == t.0, p.0 == r.0 {
                        total += max(0, min(max(p.1, q.1), max(r.1, t.1)) - max(min(p.1, q.1), min(r.1, t.1)))
                    }
                }
            }
            return total
        }
        #expect(routes.count > 60)
        for (i, a) in routes.enumerated() {
            for b in routes[(i + 1)...] where a.from != b.from && a.to != b.to {
                // Two routes that cross each other's lanes both ways (ga-final and eol-repair) cannot keep apart entirely.
                #expect(shared(a.points, b.points) <= 6, "\(a.from)→\(a.to) and \(b.from)→\(b.to)")
            }
        }
    }

    @Test("the SVG is well-formed XML naming every node once, with a buffer per station and a diamond per decision site")
    func svg() throws {
        for name in ["xiaomi-ev", "examples/rework-routing", "examples/external-policy", "examples/assembly"] {
            let plant = try Self.load(Repository.path("Plants/\(name).yaml"))
            let svg = PlantDrawing(plant).svg()
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")")
            for node in plant.sources.map(\.name) + plant.stations.map(\.name) + plant.sinks.map(\.name) {
                #expect(svg.components(separatedBy: "data-node=\"\(node)\"").count == 2, "\(name): \(node)")
            }
            #expect(svg.components(separatedBy: "data-buffer=").count - 1 == plant.stations.count)
            #expect(svg.components(separatedBy: "data-decision=").count - 1 == DecisionSite.all(in: plant).filter { if case .dispatch = $0 { false } else { true } }.count)
            #expect(svg.components(separatedBy: "data-route=").count - 1 == PlantGraph(plant).edges.count)
        }
        // A source with an order list names it: timed, or released by the source's own arrivals.
        let listed = try Self.load(Repository.path("Plants/examples/order-list.yaml"))
        let jobs = try #require(listed.sources[0].orderList?.entries.count)
        #expect(PlantDrawing(listed).sourceText(0).main == "order list, \(jobs) jobs")
        var untimed = listed
        untimed.sources[0].arrivals = .unlimited
        #expect(PlantDrawing(untimed).sourceText(0).main == "order list, \(jobs) jobs, the next always ready")
        let policy = PlantDrawing(try Self.load(Repository.path("Plants/examples/external-policy.yaml"))).svg()
        #expect(policy.contains("data-decision=\"pick decision: process"))
        // A conveyor is drawn as a tray of rollers with its places, and named in the legend.
        let conveyors = PlantDrawing(try Self.load(Repository.path("Plants/examples/conveyors.yaml"))).svg()
        #expect(conveyors.components(separatedBy: "fill=\"\(PlantDrawing.conveyorFill)\"").count - 1 == 3)  // two trays and the legend's
        #expect(conveyors.contains("non-accumulating conveyor of 5 places") && conveyors.contains("conveyor (places)"))
    }

    @Test("given station states, each station shows a bar of them and the bottleneck is outlined")
    func states() throws {
        let plant = try Self.load(Repository.path("Plants/examples/workers.yaml"))
        func e(_ x: Double) -> Estimate { Estimate(mean: x, halfWidth: nil, count: 1) }
        let states = plant.stations.enumerated().map { i, s in
            StationStates(position: i, name: s.name, servers: s.servers, working: e(0.5 + 0.1 * Double(i)), setup: e(0), starved: e(0.3 - 0.1 * Double(i)),
                          blocked: e(0.1), failed: e(0.05), offShift: e(0.05), waitingWorker: e(0),
                          bottleneckSole: e(Double(i) / 10), bottleneckShifting: e(0))
        }
        let svg = PlantDrawing(plant, states: states).svg()
        let last = plant.stations.last!.name
        let lastNode = svg.components(separatedBy: "data-node=\"\(last)\"")[1].components(separatedBy: "</g>")[0]
        #expect(lastNode.contains("stroke=\"#D55E00\" stroke-width=\"3\""))
        #expect(svg.components(separatedBy: "stroke=\"#D55E00\" stroke-width=\"3\"").count == 2 + 1)  // the box and the legend's key
        #expect(svg.components(separatedBy: "data-state=\"working\"").count - 1 == plant.stations.count)
        #expect(!PlantDrawing(plant).svg().contains("data-state="))
    }
}
