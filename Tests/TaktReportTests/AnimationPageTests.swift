import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing
@testable import TaktReport

@Suite("Animation page")
struct AnimationPageTests {
    /// `plant` run for two days, the second recorded, and its page.
    static func page(_ plant: PlantDescription) throws -> (html: String, timeline: StationTimeline, result: ReplicationResult) {
        var settings = plant.run
        settings.warmup = 86_400 * Ticks.perSecond
        settings.duration = 2 * settings.warmup
        let timeline = StationTimeline(window: settings.warmup..<settings.duration, servers: plant.stations.map(\.servers))
        let departures = DepartureLog()
        let result = try Replication.run(plant, settings: settings, replication: 0, departures: departures, timeline: timeline)
        let page = AnimationPage(plant: plant, timeline: timeline, departures: departures.times, columns: 6, subject: "a test", command: "takt animate")
        return (try page.html(generator: "test"), timeline, result)
    }

    /// The player's data, read back from the page's script.
    static func data(_ html: String) throws -> [String: Any] { try #require(try AnimationPlayerData.read(html)) }

    @Test("The page is well-formed XML with a lamp per server and a level per buffer, and its data adds up to the run's state shares")
    func dataMatchesTheRun() throws {
        let plant = try PlantLoader.load(path: Repository.path("Plants/xiaomi-ev.yaml"))
        let (html, timeline, result) = try Self.page(plant)
        let document = try XMLDocument(data: Data(html.utf8))
        let servers = plant.stations.reduce(0) { $0 + $1.servers }
        #expect(try document.nodes(forXPath: "//*[@data-server]").count == servers)
        #expect(try document.nodes(forXPath: "//*[@data-level]").count == plant.stations.count)
        let data = try Self.data(html)
        let lists = try #require(data["servers"] as? [[Double]])
        let length = try #require(data["length"] as? Double)
        #expect(lists.count == servers && length == 86_400)
        let stations = try #require(data["stations"] as? [[String: Any]])
        // A gauge per kitted station, its data from the opening stock at 0; a count per fleet whose vehicles add up.
        let kitted = plant.stations.filter { $0.kits != nil }
        let gauges = try document.nodes(forXPath: "//*[@data-kits]")
        #expect(!kitted.isEmpty && gauges.count == kitted.count)
        let kits = try #require(data["kits"] as? [[Double]])
        for (s, station) in plant.stations.enumerated() {
            #expect(station.kits == nil ? kits[s].isEmpty : kits[s].first == 0 && kits[s].count % 2 == 0, "\(station.name)")
            #expect(stations[s]["kits"] as? Int == station.kits.map { $0.reorderAt + $0.size })
        }
        let fleets = try #require(data["fleets"] as? [[String: Any]])
        #expect(fleets.count == plant.fleets.count && html.contains("id=\"fleets\""))
        for (f, fleet) in fleets.enumerated() {
            let counts = try #require(fleet["counts"] as? [Double]), vehicles = plant.fleets[f].vehicles
            #expect(counts.count % 4 == 0 && counts.first == 0)
            let everyVehicle = stride(from: 0, to: counts.count, by: 4).allSatisfy { (i: Int) -> Bool in
                counts[i + 1] + counts[i + 2] + counts[i + 3] == Double(vehicles)
            }
            #expect(everyVehicle)
            // Over the whole recorded day the busy vehicle-seconds are the fleet's busy share.
            var busy = 0.0
            for i in stride(from: 0, to: counts.count, by: 4) { busy += counts[i + 2] * ((i + 4 < counts.count ? counts[i + 4] : length) - counts[i]) }
            #expect(abs(busy / (length * Double(vehicles)) - result.fleets[f].busy) < 1e-6 * Double(counts.count), "\(plant.fleets[f].name)")
        }
        // The yard: a depot per fleet and a charger for those that charge, a stop per kitted station, the vehicles' layer;
        // each vehicle's opening place and its drives (five numbers each: vehicle, from, to, depart, arrive).
        #expect(try document.nodes(forXPath: "//*[@data-depot]").count == plant.fleets.count)
        #expect(try document.nodes(forXPath: "//*[@data-charger]").count == plant.fleets.filter { $0.battery != nil }.count)
        #expect(try document.nodes(forXPath: "//*[@data-stop]").count == kitted.count)
        #expect(try document.nodes(forXPath: "//*[@data-vehicles]").count == 1)
        for (f, fleet) in fleets.enumerated() {
            let places = try #require(fleet["places"] as? [Int]), moves = try #require(fleet["moves"] as? [Double])
            #expect(places.count == plant.fleets[f].vehicles && places.allSatisfy { $0 >= -2 && $0 < plant.stations.count })
            #expect(!moves.isEmpty && moves.count % 5 == 0 && moves.count / 5 == timeline.moves.filter { Int($0.fleet) == f }.count)
            #expect(stride(from: 0, to: moves.count, by: 5).allSatisfy { moves[$0 + 3] <= moves[$0 + 4] && moves[$0 + 4] >= 0 })
        }
        let states = try #require(data["states"] as? [String])
        #expect(states == AccountingState.allCases.map(\.name))
        for (s, station) in stations.enumerated() {
            let first = try #require(station["first"] as? Int), count = try #require(station["servers"] as? Int)
            var seconds = [Double](repeating: 0, count: states.count)
            for list in lists[first..<(first + count)] {
                #expect(list.first == 0, "\(plant.stations[s].name): a server's first state is at the window's start")
                for p in stride(from: 0, to: list.count, by: 2) {
                    let end = p + 2 < list.count ? list[p + 2] : length
                    #expect(end > list[p])
                    seconds[Int(list[p + 1])] += end - list[p]
                }
            }
            let total = length * Double(count), figures = result.stations[s]
            // Times are kept to the millisecond: each span's ends move by at most half of one.
            let tolerance = 0.001 * Double(lists[first..<(first + count)].reduce(0) { $0 + $1.count }) / total + 1e-12
            let working = seconds[AccountingState.working.rawValue] + seconds[AccountingState.setup.rawValue]
            #expect(abs(working / total - figures.working) <= tolerance, "\(figures.name)")
            #expect(abs(seconds[AccountingState.blocked.rawValue] / total - figures.blocked) <= tolerance, "\(figures.name)")
            #expect(abs(seconds[AccountingState.failed.rawValue] / total - figures.failed) <= tolerance, "\(figures.name)")
        }
        // The window's state chart: a bar per station whose working and setup add up to the run's working share, and so on.
        for (s, figures) in result.stations.enumerated() {
            func drawn(_ state: String) throws -> Double {
                let nodes = try document.nodes(forXPath: "//*[@data-chart='window-states']//*[@data-station='\(plant.stations[s].name)'][@data-state='\(state)']")
                // (FoundationXML finds attributes of namespaced elements by their local name only through the list.)
                return nodes.compactMap { node in
                    (node as? XMLElement)?.attributes?.first { $0.localName == "data-value" }?.stringValue.flatMap(Double.init)
                }.reduce(0, +)
            }
            let working = try drawn("working") + drawn("setup"), blocked = try drawn("blocked"), failed = try drawn("failed")
            #expect(abs(working - figures.working) < 1e-9, "\(figures.name)")
            #expect(abs(blocked - figures.blocked) < 1e-9 && abs(failed - figures.failed) < 1e-9, "\(figures.name)")
        }
        let departures = try #require(data["departures"] as? [Double])
        #expect(departures.count == result.jobsCompleted)
        #expect(departures.allSatisfy { (0...length).contains($0) })
        #expect(timeline.isComplete && data["stoppedAt"] == nil)
    }

    @Test("Names from the plant file cannot end the script or the CDATA section")
    func hostileNamesStayText() throws {
        let plant = try RepositoryPlant.load("Plants/examples/workers.yaml", replacing: [("trim", "\"t</script>]]>&<b>\"")])
        let (html, _, _) = try Self.page(plant)
        #expect(html.components(separatedBy: "</script>").count == 2)
        #expect(html.components(separatedBy: "]]>").count == 2)
        _ = try XMLDocument(data: Data(html.utf8))
        let names = try #require(try Self.data(html)["stations"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names.contains("t</script>]]>&<b>"))
    }
}
