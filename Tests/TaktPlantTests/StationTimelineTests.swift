import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// The stations' timeline: every server's state and buffer's level in a window, from the same bookings as the figures.
@Suite("Station timeline")
struct StationTimelineTests {
    static let plants = ["Plants/xiaomi-ev.yaml", "Plants/examples/workers.yaml", "Plants/examples/station-calendars.yaml",
                         "Plants/examples/setup-matrix.yaml", "Plants/examples/conveyors.yaml"]

    /// `path` run for two days, the first its warm-up.
    func settings(_ plant: PlantDescription) -> RunSettings {
        var settings = plant.run
        settings.duration = 2 * 86_400 * Ticks.perSecond
        settings.warmup = 86_400 * Ticks.perSecond
        return settings
    }

    /// `path` run for two days with its measured day recorded.
    func recorded(_ path: String) throws -> (PlantDescription, RunSettings, StationTimeline, ReplicationResult) {
        let plant = try PlantLoader.load(path: Repository.path(path))
        let settings = settings(plant)
        let timeline = StationTimeline(window: settings.warmup..<settings.duration, servers: plant.stations.map(\.servers))
        return (plant, settings, timeline, try Replication.run(plant, settings: settings, replication: 0, timeline: timeline))
    }

    @Test("Over the measured window the timeline adds up to each station's state shares and mean queue length", arguments: plants)
    func addsUpToTheFigures(path: String) throws {
        let (plant, settings, timeline, result) = try recorded(path)
        #expect(timeline.isComplete)
        let measured = Double(settings.duration - settings.warmup)
        for (s, station) in result.stations.enumerated() {
            var ticks = [Double](repeating: 0, count: AccountingState.allCases.count)
            for span in timeline.spans where timeline.stationOfServer[Int(span.server)] == s {
                ticks[span.state.rawValue] += Double(span.end - span.start)
            }
            let total = measured * Double(plant.stations[s].servers)
            // A setup is booked as working; the timeline tells it apart.
            ticks[AccountingState.working.rawValue] += ticks[AccountingState.setup.rawValue]
            let expected: [AccountingState: Double] = [.working: station.working, .starved: station.starved, .blocked: station.blocked,
                                                       .failed: station.failed, .offShift: station.offShift, .waitingWorker: station.waitingWorker]
            for (state, share) in expected {
                #expect(abs(ticks[state.rawValue] / total - share) < 1e-12, "\(path) \(station.name) \(state.name)")
            }
            // The time-average of the recorded levels is the station's mean queue length.
            var level = Double(timeline.openingLevels[s]), since = settings.warmup, area = 0.0
            for change in timeline.levels where Int(change.station) == s {
                area += level * Double(change.time - since)
                level = Double(change.count)
                since = change.time
            }
            area += level * Double(settings.duration - since)
            #expect(abs(area / measured - station.meanQueueLength) <= 1e-9 * max(1, station.meanQueueLength), "\(path) \(station.name)")
        }
    }

    @Test("Over the measured window the kits on hand add up to each station's time out of kits, the fleets' counts to their vehicles' state shares",
          arguments: ["Plants/examples/amr-kitting.yaml", "Plants/examples/amr-dispatch.yaml", "Plants/xiaomi-ev.yaml"])
    func kitsAndFleetsAddUp(path: String) throws {
        let (plant, settings, timeline, result) = try recorded(path)
        #expect(timeline.isComplete && !plant.fleets.isEmpty)
        let measured = Double(settings.duration - settings.warmup)
        var stockouts = 0
        for (s, station) in plant.stations.enumerated() {
            let changes = timeline.kits.filter { Int($0.station) == s }
            guard station.kits != nil else {
                #expect(changes.isEmpty && timeline.openingKits[s] == 0, "\(station.name)")
                continue
            }
            var level = timeline.openingKits[s], since = settings.warmup, empty = 0.0
            for change in changes {
                if level == 0 { empty += Double(change.time - since) }
                #expect(change.count != level && change.count >= 0)
                (level, since) = (change.count, change.time)
            }
            if level == 0 { empty += Double(settings.duration - since) }
            #expect(abs(empty / measured - result.stations[s].kitStockout) < 1e-12, "\(path) \(station.name)")
            if empty > 0 { stockouts += 1 }
        }
        for (f, fleet) in result.fleets.enumerated() {
            var counts = try #require(timeline.openingFleets.first { $0.fleet == f }), since = settings.warmup
            var time = SIMD3<Double>()
            func book(until end: Tick) {
                time += SIMD3(Double(counts.idle), Double(counts.busy), Double(counts.charging)) * Double(end - since)
            }
            for change in timeline.fleets where Int(change.fleet) == f {
                book(until: change.time)
                #expect(change.idle + change.busy + change.charging == Int32(fleet.vehicles))
                (counts, since) = (change, change.time)
            }
            book(until: settings.duration)
            let total = measured * Double(fleet.vehicles)
            #expect(abs(time[0] / total - fleet.idle) < 1e-12 && abs(time[1] / total - fleet.busy) < 1e-12
                    && abs(time[2] / total - fleet.charging) < 1e-12, "\(path) \(fleet.name): \(time / total) against \(fleet)")
        }
        // Somewhere a station ran out, so the zero level is exercised.
        if path.contains("amr-kitting") { #expect(stockouts > 0) }
    }

    @Test("Every vehicle's drives chain from place to place in time order, its deliveries are its drives to stations, and the rest go to the depot or charger",
          arguments: ["Plants/examples/amr-kitting.yaml", "Plants/examples/amr-dispatch.yaml", "Plants/xiaomi-ev.yaml"])
    func vehiclesDrive(path: String) throws {
        let (plant, settings, timeline, result) = try recorded(path)
        for (f, fleet) in result.fleets.enumerated() {
            let moves = timeline.moves.filter { Int($0.fleet) == f }
            #expect(timeline.openingPlaces[f].count == fleet.vehicles)
            var deliveries = 0
            for v in 0..<fleet.vehicles {
                let own = moves.filter { Int($0.vehicle) == v }
                for (a, b) in zip(own, own.dropFirst()) {
                    #expect(a.to == b.from && a.arrive <= b.depart, "\(path) vehicle \(v): \(a) then \(b)")
                }
                for move in own {
                    // A trip's last drive ends in the window (its way to the depot may end before, when it then drives on in it).
                    #expect(move.depart <= move.arrive && move.depart < settings.duration && (move.to == -1 || move.arrive >= settings.warmup))
                    // A delivery is the depot to a kitted station; the way to the depot starts anywhere, to the charger from a station.
                    if move.to >= 0 { #expect(move.from == -1 && plant.stations[Int(move.to)].kits?.fleet == f) }
                    if move.to == -2 { #expect(move.from >= 0 && plant.fleets[f].battery != nil) }
                }
                deliveries += own.filter { $0.to >= 0 }.count
                // Before its first drive, a vehicle stands where the window found it.
                if let first = own.first, first.depart >= settings.warmup { #expect(first.from == timeline.openingPlaces[f][v]) }
            }
            // Deliveries after warm-up: a drive each, but for trips unloading as the window opens or under way as it ends.
            #expect(abs(deliveries - fleet.deliveries) <= fleet.vehicles, "\(path): \(deliveries) drives to stations, \(fleet.deliveries) deliveries")
            #expect(fleet.deliveries > 10)
        }
    }

    @Test("A job's setup shows apart from its work, as long as the station's changeovers take", arguments: ["Plants/examples/setup-matrix.yaml",
                                                                                                        "Plants/examples/colour-batching.yaml"])
    func setupsShowApart(path: String) throws {
        let (plant, settings, timeline, result) = try recorded(path)
        let measured = Double(settings.duration - settings.warmup)
        var changeoverStations = 0
        for (s, station) in plant.stations.enumerated() {
            let setup = timeline.spans.filter { timeline.stationOfServer[Int($0.server)] == s && $0.state == .setup }
            let share = setup.reduce(0.0) { $0 + Double($1.end - $1.start) } / measured / Double(station.servers)
            guard station.changeover != nil else {
                #expect(setup.isEmpty, "\(station.name)")
                continue
            }
            changeoverStations += 1
            #expect(result.stations[s].changeoverShare > 0)
            // The same setups, but for those that straddle the window's ends: ten minutes at most.
            #expect(abs(share - result.stations[s].changeoverShare) <= 600 * Double(Ticks.perSecond) / measured, "\(station.name)")
            #expect(setup.count >= result.stations[s].changeovers - 2, "\(station.name)")
        }
        #expect(changeoverStations > 0)
    }

    @Test("A setup under way when the window opens shows as a setup, ending when it ends in a window opened earlier")
    func setupAtTheOpening() throws {
        let plant = try PlantLoader.load(path: Repository.path("Plants/examples/setup-matrix.yaml"))
        let settings = settings(plant)
        let wide = StationTimeline(window: settings.warmup..<settings.duration, servers: plant.stations.map(\.servers))
        _ = try Replication.run(plant, settings: settings, replication: 0, timeline: wide)
        let setup = try #require(wide.spans.first { $0.state == .setup && $0.end - $0.start >= 2 })
        let opening = setup.start + (setup.end - setup.start) / 2
        let narrow = StationTimeline(window: opening..<settings.duration, servers: plant.stations.map(\.servers))
        _ = try Replication.run(plant, settings: settings, replication: 0, timeline: narrow)
        let first = try #require(narrow.spans.first { $0.server == setup.server })
        #expect(first.state == .setup && first.start == opening && first.end == setup.end, "\(first) against \(setup)")
    }

    @Test("Each server's spans cover the window without gaps or overlaps, a new span only where the state changes")
    func spansTileTheWindow() throws {
        let plant = try PlantLoader.load(path: Repository.path("Plants/xiaomi-ev.yaml"))
        let settings = settings(plant)
        let window = (settings.warmup + 3_600 * Ticks.perSecond)..<(settings.warmup + 7_200 * Ticks.perSecond)
        let timeline = StationTimeline(window: window, servers: plant.stations.map(\.servers))
        _ = try Replication.run(plant, settings: settings, replication: 0, timeline: timeline)
        let byServer = Dictionary(grouping: timeline.spans, by: \.server)
        #expect(byServer.count == timeline.stationOfServer.count)
        for (server, spans) in byServer {
            #expect(spans.first?.start == window.lowerBound && spans.last?.end == window.upperBound, "server \(server)")
            for (a, b) in zip(spans, spans.dropFirst()) {
                #expect(a.end == b.start && a.state != b.state && a.start < a.end, "server \(server) at \(a.end)")
            }
        }
        #expect(timeline.levels.allSatisfy { window.contains($0.time) })
        #expect(zip(timeline.levels, timeline.levels.dropFirst()).allSatisfy { $0.time <= $1.time })
    }

    @Test("Recording a timeline changes no figure")
    func recordingChangesNothing() throws {
        let plant = try PlantLoader.load(path: Repository.path("Plants/xiaomi-ev.yaml"))
        let settings = settings(plant)
        let plain = try Replication.run(plant, settings: settings, replication: 1)
        let timeline = StationTimeline(window: 0..<settings.duration, servers: plant.stations.map(\.servers))
        let recorded = try Replication.run(plant, settings: settings, replication: 1, timeline: timeline)
        #expect(plain.jobsCompleted == recorded.jobsCompleted && plain.leadTimeMean == recorded.leadTimeMean && plain.failures == recorded.failures)
        #expect(plain.stations.map(\.working) == recorded.stations.map(\.working))
        #expect(plain.stations.map(\.meanQueueLength) == recorded.stations.map(\.meanQueueLength))
    }

    @Test("Past its limit the timeline stops recording and says where")
    func limitStopsTheRecording() throws {
        let plant = try PlantLoader.load(path: Repository.path("Plants/xiaomi-ev.yaml"))
        let settings = settings(plant)
        let timeline = StationTimeline(window: settings.warmup..<settings.duration, servers: plant.stations.map(\.servers), limit: 500)
        _ = try Replication.run(plant, settings: settings, replication: 0, timeline: timeline)
        #expect(!timeline.isComplete)
        // Up to the limit (changes at the very moment it overflowed last no time and are left out).
        #expect((450...500).contains(timeline.spans.count + timeline.levels.count + timeline.kits.count + timeline.fleets.count))
        let stop = try #require(timeline.overflowedAt)
        #expect(timeline.spans.allSatisfy { $0.start <= stop } && timeline.levels.allSatisfy { $0.time <= stop })
        #expect(timeline.kits.allSatisfy { $0.time <= stop } && timeline.fleets.allSatisfy { $0.time <= stop })
    }
}
