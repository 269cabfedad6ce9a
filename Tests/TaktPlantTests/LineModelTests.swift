import Foundation
import TaktKernel
import TaktPlant
import Testing

/// Behaviour of the line model on deterministic plants, where every figure is known exactly.
@Suite("Line model")
struct LineModelTests {
    func run(_ yaml: String, duration: String = "1d", warmup: String = "0s") throws -> ReplicationResult {
        let full = "run: {duration: \(duration), warmup: \(warmup), seed: 1}\n" + yaml
        let plant = try PlantLoader.parse(yaml: full, file: "t.yaml", directory: FileManager.default.temporaryDirectory)
        return try Replication.run(plant, settings: plant.run, replication: 0)
    }

    @Test("A deterministic line runs at its slowest station; the faster one starves or blocks")
    func bottleneck() throws {
        // Unlimited supply, a 30 s station then a 60 s station, no buffer: the
        // first station works 30 s and is blocked 30 s of every minute.
        let r = try run("""
            sources: [{name: in, unlimited: true, next: fast}]
            stations:
              - {name: fast, process: 30s, buffer: 0, next: slow}
              - {name: slow, process: 60s, buffer: 0, next: out}
            sinks: [{name: out}]
            """, duration: "10h")
        #expect(abs(r.throughputPerHour - 60) <= 0.11)
        #expect(abs(r.stations[0].working - 0.5) < 0.01)
        #expect(abs(r.stations[0].blocked - 0.5) < 0.01)
        #expect(r.stations[1].starved < 0.01)
        #expect(r.interdepartureMean == 60)
        #expect(r.interdepartureP50 == 60 && r.interdepartureP95 == 60)
    }

    @Test("A takt source feeds a faster line at the takt; adherence is 100%")
    func takt() throws {
        let r = try run("""
            takt: 76s
            sources: [{name: in, takt: 76s, next: a}]
            stations:
              - {name: a, process: 50s, next: b}
              - {name: b, process: 70s, next: out}
            sinks: [{name: out}]
            """, duration: "1d", warmup: "1h")
        #expect(r.taktAdherence == 1)
        #expect(r.interdepartureMean == 76)
        #expect(r.leadTimeMean == 120)
        #expect(abs(r.stations[1].working - 70.0 / 76) < 0.001)
        #expect(r.stations[0].meanWait == 0)
    }

    @Test("The hourly series adds up to the jobs completed, a departure at the run's last instant included", arguments: [false, true])
    func seriesAddsUp(calendar: Bool) throws {
        // A departure every 60 s from 60 s on: one falls exactly at the end of
        // the run (and, with the calendar, at the end of its last shift).
        let r = try run((calendar ? "calendar: {shifts: [\"06:00-14:00\"]}\n" : "") + """
            sources: [{name: in, takt: 60s, next: a}]
            stations: [{name: a, process: 60s, next: out}]
            sinks: [{name: out}]
            """, duration: calendar ? "14h" : "10h", warmup: calendar ? "7h" : "1h")
        #expect(r.completedPerShiftHour.count == (calendar ? 7 : 9))
        #expect(r.completedPerShiftHour.reduce(0, +) == r.jobsCompleted)
        if !calendar { #expect(r.completedPerShiftHour.last == 61, "departures at 9 h, 10 h and every minute between") }
    }

    @Test("Parallel servers multiply capacity")
    func servers() throws {
        let r = try run("""
            sources: [{name: in, unlimited: true, next: a}]
            stations:
              - {name: a, servers: 3, process: 90s, buffer: 0, next: out}
            sinks: [{name: out}]
            """, duration: "10h")
        #expect(abs(r.throughputPerHour - 120) <= 0.4)
        #expect(r.stations[0].working > 0.99)
    }

    @Test("A lossy source counts lost jobs; a blocking one delays arrivals")
    func whenFull() throws {
        let yaml = """
            sources: [{name: in, takt: 30s, when_full: MODE, next: a}]
            stations:
              - {name: a, process: 60s, buffer: 0, next: out}
            sinks: [{name: out}]
            """
        let lose = try run(yaml.replacingOccurrences(of: "MODE", with: "lose"), duration: "10h")
        #expect(abs(lose.throughputPerHour - 60) <= 0.11)
        #expect(abs(Double(lose.jobsLost) - 600) <= 2)  // every second arrival finds the station busy
        let block = try run(yaml.replacingOccurrences(of: "MODE", with: "block"), duration: "10h")
        #expect(block.jobsLost == 0)
        #expect(abs(block.throughputPerHour - 60) <= 0.11)
        #expect(block.leadTimeMean == 60)  // time held at the source does not count
    }

    @Test("Routing rules split flow as specified")
    func routing() throws {
        let yaml = """
            sources: [{name: in, takt: 10s, next: split}]
            stations:
              - {name: split, process: 1s, next: [a, b], route: RULE}
              - {name: a, process: 1s, next: out}
              - {name: b, process: 1s, next: out}
            sinks: [{name: out}]
            """
        let rr = try run(yaml.replacingOccurrences(of: "RULE", with: "round_robin"), duration: "1h")
        #expect(abs(rr.stations[1].jobs - rr.stations[2].jobs) <= 1)
        let p = try run(yaml.replacingOccurrences(of: "RULE", with: "probability\n    weights: [9, 1]")
            .replacingOccurrences(of: "route: probability\n    weights: [9, 1]}", with: "route: probability, weights: [9, 1]}"), duration: "10h")
        let share = Double(p.stations[1].jobs) / Double(p.stations[1].jobs + p.stations[2].jobs)
        #expect(abs(share - 0.9) < 0.02)
        let ff = try run(yaml.replacingOccurrences(of: "RULE", with: "first_free"), duration: "1h")
        #expect(ff.stations[2].jobs == 0)  // a is always free again within 10 s
    }

    @Test("Operating-basis failures do not age an idle station")
    func operatingBasis() throws {
        // The station works 6 s of every 60 s; failures every 1 h of operation
        // mean one failure per 10 h of calendar time, not one per hour.
        let yaml = """
            sources: [{name: in, takt: 60s, next: a}]
            stations:
              - {name: a, process: 6s, failures: {ttf: 1h, ttr: 1min, basis: BASIS}, next: out}
            sinks: [{name: out}]
            """
        let operating = try run(yaml.replacingOccurrences(of: "BASIS", with: "operating"), duration: "100h")
        #expect((9...10).contains(operating.failures))
        let calendar = try run(yaml.replacingOccurrences(of: "BASIS", with: "calendar"), duration: "100h")
        #expect((98...100).contains(calendar.failures))
    }

    @Test("A failure interrupts the job, which resumes after repair")
    func preemptiveResume() throws {
        // Deterministic: 60 s jobs, failure after 30 s of operation, 10 s repair.
        // Every job is interrupted once... (ttf 30 s of operation, then again 30 s later)
        let r = try run("""
            sources: [{name: in, unlimited: true, next: a}]
            stations:
              - {name: a, process: 60s, buffer: 0, failures: {ttf: 30s, ttr: 10s, basis: operating}, next: out}
            sinks: [{name: out}]
            """, duration: "10h")
        // Each 60 s job needs two 30 s stretches and two 10 s repairs: 80 s per job.
        #expect(abs(r.throughputPerHour - 45) <= 0.2)
        #expect(abs(r.stations[0].failed - 0.25) < 0.01)
    }
}

@Suite("Unstable plants")
struct UnstableTests {
    @Test("A queue that grows without bound stops the run with a clear error instead of exhausting memory")
    func unstable() throws {
        let yaml = """
            run: {duration: 30d, warmup: 0s}
            sources: [{name: in, takt: 100ms, next: slow}]
            stations:
              - {name: slow, process: 10s, next: out}
            sinks: [{name: out}]
            """
        let plant = try PlantLoader.parse(yaml: yaml, file: "u.yaml", directory: FileManager.default.temporaryDirectory)
        do {
            _ = try Replication.run(plant, settings: plant.run, replication: 0, jobLimit: 100_000)
            Issue.record("an unstable plant ran to the end")
        } catch {
            #expect(error.message.contains("waiting at 'slow'"))
            #expect(error.message.contains("unstable"))
            // Work in process grows by 10 − 0.1 jobs per second: 100,000 jobs after 10,101 s.
            #expect(error.message.contains("more than 100000 jobs"))
            #expect(abs(Ticks.seconds(error.time) - 100_000 / 9.9) < 5)
        }
    }
}

@Suite("Deadlocks and impossible runs")
struct DeadlockTests {
    func plant(_ yaml: String) throws -> PlantDescription {
        try PlantLoader.parse(yaml: yaml, file: "d.yaml", directory: FileManager.default.temporaryDirectory)
    }

    static let loop = """
        run: {duration: 1d, warmup: 0s, seed: 1}
        sources: [{name: in, takt: 30s, next: a}]
        stations:
          - {name: a, process: {dist: exponential, mean: 20s}, buffer: BUFFER, next: b}
          - {name: b, process: {dist: exponential, mean: 20s}, buffer: BUFFER, next: [a, out], route: probability, weights: [REWORK, 1]}
        sinks: [{name: out}]
        """

    @Test("A closed loop of full buffers stops the run, naming the stations and the time")
    func deadlock() throws {
        let p = try plant(Self.loop.replacingOccurrences(of: "BUFFER", with: "1").replacingOccurrences(of: "REWORK", with: "4"))
        do {
            _ = try Replication.run(p, settings: p.run, replication: 0)
            Issue.record("the deadlocking plant ran to the end")
        } catch {
            #expect(error.message.contains("deadlock: stations 'a', 'b'"))
            #expect(error.time > 0 && error.time < 86_400 * Ticks.perSecond)
        }
    }

    @Test("A rework loop that cannot fill runs to the end with every job leaving")
    func reworkWithoutDeadlock() throws {
        // 20% rework with unlimited buffers: a and b see 1/(1 − 0.2) of the arrivals, well below capacity.
        let p = try plant(Self.loop.replacingOccurrences(of: "BUFFER", with: "unlimited").replacingOccurrences(of: "REWORK", with: "0.25"))
        let r = try Replication.run(p, settings: p.run, replication: 0)
        #expect(abs(r.throughputPerHour - 120) < 3)
        // Each job visits a on average 1/0.8 = 1.25 times.
        #expect(abs(Double(r.stations[0].jobs) / Double(r.jobsCompleted) - 1.25) < 0.05)
    }

    @Test("Only stations on a routing cycle are checked")
    func cycles() throws {
        let p = try plant("""
            sources: [{name: in, takt: 30s, next: s0}]
            stations:
              - {name: s0, process: 1s, next: s1}
              - {name: s1, process: 1s, next: [s2, s1], route: round_robin}
              - {name: s2, process: 1s, next: [s3, out], route: round_robin}
              - {name: s3, process: 1s, next: [s2, out], route: round_robin}
            sinks: [{name: out}]
            """)
        #expect(p.stationsOnCycles == [false, true, true, true])
    }

    @Test("A run in which no job can arrive says so")
    func nothingArrives() throws {
        let p = try plant("""
            run: {duration: 1h, warmup: 0s}
            sources: [{name: in, takt: 30s, first_arrival: 2h, next: a}]
            stations: [{name: a, process: 1s, next: out}]
            sinks: [{name: out}]
            """)
        #expect(throws: ModelError.self) { try Replication.run(p, settings: p.run, replication: 0) }
        do {
            _ = try Replication.run(p, settings: p.run, replication: 0)
        } catch {
            #expect(error.message.contains("no job can arrive before the run ends"))
        }
    }
}

@Suite("Energy")
struct EnergyTests {
    @Test("Energy is power × time in each state, per station, shop and job")
    func energy() throws {
        let yaml = """
            run: {duration: 25h, warmup: 1h, seed: 1}
            takt: 76s
            sources: [{name: in, takt: 76s, next: a}]
            stations:
              - {name: a, shop: body, process: 50s, next: b, power: {working: 100kW, idle: 10kW}}
              - {name: b, shop: paint, process: 70s, next: c, power: {working: 1MW, idle: 200kW, blocked: 0W, failed: 0W}}
              - {name: c, process: 1s, next: out}
            sinks: [{name: out}]
            """
        let plant = try PlantLoader.parse(yaml: yaml, file: "e.yaml", directory: FileManager.default.temporaryDirectory)
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        // 24 measured hours; a works 50 of every 76 s, b works 70 of every 76 s.
        let a = 24 * (100 * 50.0 / 76 + 10 * 26.0 / 76)
        let b = 24 * (1000 * 70.0 / 76 + 200 * 6.0 / 76)
        #expect(abs(r.stations[0].energyKWh - a) < 1)
        #expect(abs(r.stations[1].energyKWh - b) < 1)
        #expect(r.stations[2].energyKWh == 0)
        #expect(abs(r.energyKWh - (a + b)) < 2)
        #expect(abs(r.energyPerJobKWh - r.energyKWh / Double(r.jobsCompleted)) < 1e-9)
        #expect(r.stations[1].shop == "paint")
    }

    @Test("Power needs a unit; blocked and failed default to idle")
    func parse() throws {
        #expect(try PowerText.watts("1.5MW") == 1_500_000)
        #expect(try PowerText.watts("85kW") == 85_000)
        #expect(try PowerText.watts("500 W") == 500)
        #expect(throws: DurationText.ParseError.self) { try PowerText.watts("85") }
        #expect(throws: DurationText.ParseError.self) { try PowerText.watts("-1kW") }
        do {
            _ = try PowerText.watts("85kw")
            Issue.record("accepted kw")
        } catch {
            #expect(error.message.contains("did you mean 'kW'"))
        }
        let plant = try PlantLoader.parse(yaml: """
            sources: [{name: in, takt: 76s, next: a}]
            stations: [{name: a, process: 50s, next: out, power: {working: 2kW, idle: 1kW}}]
            sinks: [{name: out}]
            """, file: "p.yaml", directory: FileManager.default.temporaryDirectory)
        #expect(plant.stations[0].power == PowerSpec(working: 2000, idle: 1000, blocked: 1000, failed: 1000))
    }
}
