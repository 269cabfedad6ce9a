import Foundation
import TaktKernel
import TaktPlant

/// A recorded window as the player reads it: times in seconds from the
/// window's start (to the millisecond), each server's state changes, each
/// buffer's level and each kitted station's kits as flat `[time, value, time,
/// value, …]` lists, each fleet's vehicles by state as `[time, idle, busy,
/// charging, …]` and their drives between stations, depot and charger.
struct AnimationData: Encodable {
    struct Station: Encodable {
        let name: String
        /// The station's first server in `servers`, and how many it has.
        let first: Int
        let servers: Int
        /// The buffer's places; absent without a limit.
        let capacity: Int?
        /// The most jobs its buffer held in the window (scales a buffer without a limit).
        let maxLevel: Int
        /// The kits a full stock holds (reorder point plus kit size); absent without kits.
        let kits: Int?
    }

    /// A vehicle fleet: its vehicles by state through the window, and where they drive.
    struct Fleet: Encodable {
        let name: String
        let vehicles: Int
        /// `[time, idle, busy, charging, time, …]`, from the opening counts at 0.
        let counts: [Double]
        /// Where each vehicle stands when the window opens: a station's index, −1 the depot, −2 the charger.
        let places: [Int]
        /// Its drives, `[vehicle, from, to, depart, arrive, …]` (places as in `places`; a drive under way when the
        /// window opens departs before 0), in the order they began.
        let moves: [Double]
    }

    let plant: String
    /// The window's start and length, in seconds of simulated time.
    let from: Double
    let length: Double
    /// State names and colours, by `AccountingState` raw value.
    let states: [String]
    let colours: [String]
    let stations: [Station]
    /// Per server: `[start, state, start, state, …]`.
    let servers: [[Double]]
    /// Per station: `[time, jobs, time, jobs, …]`, from the opening level at 0.
    let levels: [[Double]]
    /// Per station: `[time, kits, time, kits, …]` on hand, from the opening stock at 0; empty without kits.
    let kits: [[Double]]
    let fleets: [Fleet]
    /// When each job left the plant.
    let departures: [Double]
    /// Where the recording stopped, if before the window's end (it hit its limit, or the run stopped).
    let stoppedAt: Double?

    init(plant: PlantDescription, timeline: StationTimeline, departures: [Tick]) {
        let window = timeline.window
        func seconds(_ t: Tick) -> Double { (Ticks.seconds(t - window.lowerBound) * 1000).rounded() / 1000 }
        var servers = Array(repeating: [Double](), count: timeline.stationOfServer.count)
        for span in timeline.spans { servers[Int(span.server)] += [seconds(span.start), Double(span.state.rawValue)] }
        // Where the recording ends early, the state each server is left in (a deadlocked machine blocked), at that time.
        if timeline.recordedUntil < window.upperBound {
            for (k, state) in timeline.finalStates.enumerated() {
                guard let state, Double(state.rawValue) != servers[k].last else { continue }
                servers[k] += [seconds(timeline.recordedUntil), Double(state.rawValue)]
            }
        }
        var levels = timeline.openingLevels.map { [0, Double($0)] }
        var maxLevel = timeline.openingLevels.map(Int.init)
        for change in timeline.levels {
            let s = Int(change.station)
            levels[s] += [seconds(change.time), Double(change.count)]
            maxLevel[s] = max(maxLevel[s], Int(change.count))
        }
        var kits = plant.stations.enumerated().map { s, station in station.kits == nil ? [] : [0, Double(timeline.openingKits[s])] }
        for change in timeline.kits { kits[Int(change.station)] += [seconds(change.time), Double(change.count)] }
        var counts = timeline.openingFleets.map { [0, Double($0.idle), Double($0.busy), Double($0.charging)] }
        for change in timeline.fleets { counts[Int(change.fleet)] += [seconds(change.time), Double(change.idle), Double(change.busy), Double(change.charging)] }
        var moves = Array(repeating: [Double](), count: plant.fleets.count)
        for move in timeline.moves {
            moves[Int(move.fleet)] += [Double(move.vehicle), Double(move.from), Double(move.to), seconds(move.depart), seconds(move.arrive)]
        }
        fleets = plant.fleets.indices.map { f in
            Fleet(name: plant.fleets[f].name, vehicles: plant.fleets[f].vehicles, counts: f < counts.count ? counts[f] : [],
                  places: f < timeline.openingPlaces.count ? timeline.openingPlaces[f].map(Int.init) : Array(repeating: -1, count: plant.fleets[f].vehicles),
                  moves: moves[f])
        }
        self.kits = kits
        var first = 0
        stations = plant.stations.enumerated().map { s, station in
            defer { first += station.servers }
            return Station(name: station.name, first: first, servers: station.servers,
                           capacity: station.buffer == .unlimited ? nil : station.buffer.limit, maxLevel: maxLevel[s],
                           kits: station.kits.map { $0.reorderAt + $0.size })
        }
        self.plant = plant.name
        from = Ticks.seconds(window.lowerBound)
        length = Ticks.seconds(window.upperBound - window.lowerBound)
        states = AccountingState.allCases.map(\.name)
        colours = AccountingState.allCases.map { Palette.states[$0.name] ?? "#999999" }
        self.servers = servers
        self.levels = levels
        self.departures = departures.filter(window.contains).map(seconds)
        stoppedAt = timeline.recordedUntil < window.upperBound ? seconds(timeline.recordedUntil) : nil
    }

    /// The data as a JavaScript value that is also safe inside XML: no `<`, `>` or `&` outside escapes.
    func script() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(self), as: UTF8.self)
        return json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }
}
