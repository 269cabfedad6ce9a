import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Conveyors: jobs reach a station along a conveyor of a given length, speed and pitch, accumulating or not.
@Suite("Conveyors")
struct ConveyorTests {
    func run(_ yaml: String) throws -> ReplicationResult {
        let plant = try PlantLoader.parse(yaml: yaml, file: "conveyors.yaml", directory: Repository.root)
        return try Replication.run(plant, settings: plant.run, replication: 0)
    }

    static func line(source: String = "interarrival: 200s", feed: String = "process: 10s", station: String = "process: 27s",
                     conveyor: String = "{length: 33m, speed: 1m/s, pitch: 11m}") -> String {
        """
        plant: conveyor-line
        run: {duration: 2d, warmup: 4h, seed: 5}
        sources: [{name: in, \(source), next: feed}]
        stations:
          - {name: feed, \(feed), buffer: 0, next: station}
          - {name: station, \(station), conveyor: \(conveyor), next: out}
        sinks: [{name: out}]
        """
    }

    @Test("A job alone takes the conveyor's length over its speed: every lead time is feed + travel + work")
    func travel() throws {
        for accumulating in [true, false] {
            let r = try run(Self.line(conveyor: "{length: 33m, speed: 1m/s, pitch: 11m, accumulating: \(accumulating)}"))
            #expect(abs(r.leadTimeMean - 70) < 1e-9 && abs(r.leadTimeP95 - 70) < 1, "\(r.leadTimeMean)")
            #expect(abs(r.stations[1].meanWait - 33) < 1e-9)
            #expect(r.stations[1].conveyorBackedUp == 0)
        }
        // Units: 12 m/min over 6 m is 30 s.
        let r = try run(Self.line(conveyor: "{length: 6m, speed: 12m/min, pitch: 2000mm}"))
        #expect(abs(r.stations[1].meanWait - 30) < 1e-9)
    }

    @Test("A fast feed is held to one job per pitch: 1 m/s over an 11 m pitch is one job every 11 s")
    func pitch() throws {
        for accumulating in [true, false] {
            let r = try run(Self.line(source: "unlimited: true", feed: "process: 1s", station: "process: 5s",
                                      conveyor: "{length: 33m, speed: 1m/s, pitch: 11m, accumulating: \(accumulating)}"))
            #expect(abs(r.throughputPerHour - 3600.0 / 11) < 0.1, "\(r.throughputPerHour)")
            // The feed works 1 s in 11 and holds its job the other 10: it is blocked, not starved.
            #expect(abs(r.stations[0].blocked - 10.0 / 11) < 1e-3)
            #expect(r.stations[1].conveyorBackedUp == 0)
        }
    }

    @Test("A slow station fills its conveyor to length ÷ pitch places and holds the feed; the station never starves")
    func places() throws {
        for accumulating in [true, false] {
            let r = try run(Self.line(source: "unlimited: true", feed: "process: 1s", station: "process: 30s",
                                      conveyor: "{length: 35m, speed: 1m/s, pitch: 11m, accumulating: \(accumulating)}"))
            #expect(abs(r.throughputPerHour - 120) < 0.1)
            #expect(r.stations[1].starved == 0)
            // Three places (35 m ÷ 11 m), full but for the moments the job at the end has just left.
            #expect(r.stations[1].meanQueueLength <= 3 && r.stations[1].meanQueueLength > 2.5, "\(r.stations[1].meanQueueLength)")
            #expect(abs(r.stations[1].conveyorFill - r.stations[1].meanQueueLength / 3) < 1e-12)
            // Accumulating, the next job closes up behind the one at the end and arrives a pitch's 11 s after it
            // leaves: it waits the other 19 s of the station's 30. Stopping, the jobs behind sit where they were
            // when the conveyor stopped, at least a pitch apart, so they arrive at least as late.
            if accumulating {
                #expect(abs(r.stations[1].conveyorBackedUp - 19.0 / 30) < 1e-3, "\(r.stations[1].conveyorBackedUp)")
            } else {
                #expect(r.stations[1].conveyorBackedUp > 0.5 && r.stations[1].conveyorBackedUp <= 19.0 / 30 + 1e-3, "\(r.stations[1].conveyorBackedUp)")
            }
        }
    }

    @Test("A conveyor that stops while its first job waits starves the station more than one that accumulates")
    func accumulation() throws {
        func result(_ accumulating: Bool) throws -> ReplicationResult {
            try run(Self.line(source: "unlimited: true", feed: "process: {dist: exponential, mean: 50s}",
                              station: "process: {dist: exponential, mean: 55s}",
                              conveyor: "{length: 60m, speed: 0.5m/s, pitch: 6m, accumulating: \(accumulating)}"))
        }
        let accumulating = try result(true), stopping = try result(false)
        // Ten places: accumulating, they buffer the two stations' variation; stopping, the jobs behind the first
        // wait with it and reach the end a whole gap later, so the station starves more and the line makes less.
        #expect(stopping.stations[1].starved > accumulating.stations[1].starved + 0.02,
                "starved \(stopping.stations[1].starved) vs \(accumulating.stations[1].starved)")
        #expect(stopping.throughputPerHour < accumulating.throughputPerHour * 0.98)
        for r in [accumulating, stopping] {
            // Little's law on the conveyor: jobs on it = throughput × time on it (measured apart).
            let little = r.throughputPerHour / 3600 * r.stations[1].meanWait
            #expect(abs(r.stations[1].meanQueueLength - little) < 0.03 * little, "\(r.stations[1].meanQueueLength) vs \(little)")
            // Every job rides the whole 120 s.
            #expect(r.stations[1].meanWait >= 120)
        }
    }

    @Test("Off its own calendar a station leaves the jobs at its conveyor's end, and none entering passes them")
    func calendar() throws {
        for accumulating in [true, false] {
            let r = try run("""
                plant: half-day
                run: {duration: 7d, warmup: 1d, seed: 2}
                sources: [{name: in, unlimited: true, next: feed}]
                stations:
                  - {name: feed, process: 10s, buffer: 0, next: station}
                  - name: station
                    process: 20s
                    conveyor: {length: 40m, speed: 1m/s, pitch: 4m, accumulating: \(accumulating)}
                    calendar: {shifts: ["08:00-20:00"], working_days: [mon, tue, wed, thu, fri, sat, sun]}
                    next: out
                sinks: [{name: out}]
                """)
            // 12 hours a day at one job per 20 s: 2160 a day, 12960 in the six measured days.
            #expect(abs(r.jobsCompleted - 12_960) <= 1, "\(r.jobsCompleted)")
            #expect(abs(r.stations[1].offShift - 0.5) < 1e-6 && r.stations[1].starved < 1e-9)
            // First in, first out: every job rides the conveyor, so none waits less than its 40 s.
            #expect(r.stations[1].meanWait >= 40)
        }
    }

    @Test("The example: an accumulating conveyor into final assembly would block trim less than the chain that stops")
    func example() throws {
        var plant = try PlantLoader.load(path: Repository.path("Plants/examples/conveyors.yaml"))
        func trimBlocked() throws -> Double {
            let results = try (0..<plant.run.replications).map { try Replication.run(plant, settings: plant.run, replication: $0) }
            return results.map { $0.stations[1].blocked }.reduce(0, +) / Double(results.count)
        }
        let stopping = try trimBlocked()
        plant.stations[2].conveyor?.accumulating = true
        let accumulating = try trimBlocked()
        #expect(accumulating < stopping - 0.02, "trim blocked \(accumulating) accumulating vs \(stopping) stopping")
    }

    @Test("A conveyor's places are its length over the pitch, in whole jobs, whatever the units")
    func placesCount() throws {
        for (conveyor, places) in [("{length: 300mm, speed: 1m/s, pitch: 100mm}", 3), ("{length: 35m, speed: 1m/s, pitch: 11m}", 3),
                                   ("{length: 0.096km, speed: 6m/min, pitch: 600cm}", 16)] {
            let plant = try PlantLoader.parse(yaml: Self.line(conveyor: conveyor), file: "places.yaml", directory: Repository.root)
            #expect(plant.stations[1].conveyor?.capacity == places && plant.stations[1].buffer == .limited(places), "\(conveyor)")
        }
    }

    @Test("A conveyor brings the main jobs to an assembly station; its parts come from their feeder as before")
    func assembly() throws {
        let r = try run("""
            plant: marriage
            run: {duration: 1d, warmup: 2h, seed: 3}
            sources: [{name: bodies, unlimited: true, next: body}, {name: cells, unlimited: true, next: pack}]
            stations:
              - {name: body, process: 60s, buffer: 0, next: marriage}
              - {name: pack, process: 50s, buffer: 0, next: marriage}
              - name: marriage
                process: 30s
                conveyor: {length: 24m, speed: 12m/min, pitch: 6m}
                assembly: {parts: [pack], part_buffer: 2}
                next: out
            sinks: [{name: out}]
            """)
        // The bodies set the pace (one a minute, 2 min on the conveyor); each waits at its end for nothing (packs are quicker).
        #expect(abs(r.throughputPerHour - 60) < 0.1)
        #expect(abs(r.stations[2].meanWait - 120) < 1e-6, "\(r.stations[2].meanWait)")
        #expect(abs(r.leadTimeMean - (60 + 120 + 30)) < 1e-6, "\(r.leadTimeMean)")
    }

    @Test("Conveyor mistakes are reported at their place")
    func mistakes() {
        func message(_ conveyor: String, station: String = "process: 27s") -> String {
            do {
                _ = try PlantLoader.parse(yaml: Self.line(station: station, conveyor: conveyor), file: "bad.yaml", directory: Repository.root)
                return ""
            } catch { return error.description }
        }
        #expect(message("{length: 33m, speed: 1m/s}").contains("stations[1].conveyor: missing required key 'pitch'"))
        #expect(message("{length: 33, speed: 1m/s, pitch: 1m}").contains("stations[1].conveyor.length: length '33' needs a unit"))
        #expect(message("{length: 33m, speed: 1m/h0, pitch: 1m}").contains("unknown speed unit"))
        #expect(message("{length: 3m, speed: 1m/s, pitch: 4m}").contains("not one job fits"))
        #expect(message("{length: 3m, speed: 1m/s, pitch: 1m, acumulating: false}").contains("unknown key 'acumulating' (did you mean 'accumulating'?)"))
        #expect(message("{length: 3m, speed: 1m/s, pitch: 1m}", station: "process: 27s, buffer: 4").contains("a conveyor is the station's buffer"))
        let transfer = """
            plant: t
            sources: [{name: in, interarrival: 60s, next: a}]
            stations:
              - {name: a, process: 10s, transfer: 20s, next: b}
              - {name: b, process: 10s, conveyor: {length: 3m, speed: 1m/s, pitch: 1m}, next: out}
            sinks: [{name: out}]
            """
        do {
            _ = try PlantLoader.parse(yaml: transfer, file: "bad.yaml", directory: Repository.root)
            Issue.record("a transfer into a conveyor was accepted")
        } catch {
            #expect(error.description.contains("stations[0].transfer: 'b' is fed by a conveyor"), "\(error.description)")
        }
    }
}
