import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Each example plant in Plants/examples shows one feature with a known answer.
@Suite("Example plants")
struct ExamplePlantTests {
    func run(_ name: String) throws -> ReplicationResult { try ExamplePlant.run(name) }

    @Test("shifts.yaml: output scales with open shift hours")
    func shifts() throws {
        let r = try run("shifts")
        #expect(r.jobsCompleted == 5 * 15 * 60)
        #expect(abs(r.throughputPerOperatingHour - 60) < 1e-9)
        #expect(abs(r.throughputPerHour - 4500.0 / 168) < 1e-9)
        #expect(abs(r.stations[0].offShift - (168.0 - 75) / 168) < 1e-9)
        // Energy: 75 h working at 80 kW and 93 h off shift at 2 kW.
        #expect(abs(r.energyKWh - (75 * 80 + 93 * 2)) < 1e-6)
    }

    @Test("energy.yaml: energy per car from power and state times")
    func energy() throws {
        let r = try run("energy")
        let booth = (5000 * 70 + 3000 * 6) / 3600.0, cell = (1200 * 50 + 200 * 26) / 3600.0
        #expect(abs(r.stations[1].energyKWh / Double(r.jobsCompleted) - booth) < 0.2)
        #expect(abs(r.stations[0].energyKWh / Double(r.jobsCompleted) - cell) < 0.05)
        #expect(abs(r.energyPerJobKWh - booth - cell) < 0.25)
    }

    @Test("deadlock.yaml: the loop locks and the run says where")
    func deadlock() throws {
        #expect(throws: ModelError.self) { try run("deadlock") }
    }
}

@Suite("Example plants: bottleneck")
struct BottleneckExampleTests {
    @Test("bottleneck.yaml: the slowest station is the bottleneck most of the time")
    func bottleneck() throws {
        let r = try ExamplePlant.run("bottleneck")
        let shares = r.stations.map { $0.bottleneckSole + $0.bottleneckShifting }
        #expect(shares[1] == shares.max())
        #expect(r.stations[1].bottleneckSole > 0.75)
        #expect(r.stations[1].bottleneckSole > 10 * max(r.stations[0].bottleneckSole, r.stations[2].bottleneckSole))
        // Sole time never exceeds the measured time; shares are fractions.
        #expect(r.stations.reduce(0) { $0 + $1.bottleneckSole } <= 1 + 1e-9)
    }
}

@Suite("Example plants: rework")
struct ReworkExampleTests {
    func results(defectRate: String) throws -> [ReplicationResult] {
        let edits = [("defect_rate: 0.1", "defect_rate: \(defectRate)")]
        let replications = try ExamplePlant.load("rework", replacing: edits).run.replications
        return try (0..<replications).map { try ExamplePlant.run("rework", replacing: edits, replication: $0) }
    }

    @Test("rework.yaml: first-pass yield 90% and the expected extra lead time")
    func rework() throws {
        let with = try results(defectRate: "0.1"), without = try results(defectRate: "0")
        let fpy = with.map(\.firstPassYield).reduce(0, +) / Double(with.count)
        let jobs = with.map(\.jobsCompleted).reduce(0, +)
        // Binomial standard error of the pooled yield; 4 standard errors.
        #expect(abs(fpy - 0.9) < 4 * (0.09 / Double(jobs)).squareRoot())
        #expect(without.allSatisfy { $0.firstPassYield == 1 && $0.stations[1].defects == 0 })
        #expect(without.allSatisfy { $0.leadTimeMean == 70 })  // 40 s + 30 s, never waiting
        let extra = with.map(\.leadTimeMean).reduce(0, +) / Double(with.count) - 70
        // (300 s + 30 s) / 9 = 36.7 s of rework per car, plus a few seconds of waiting.
        #expect(extra > 36 && extra < 45, "extra lead time \(extra) s")
        // Defects found equal visits to the repair bay.
        // (Up to a few cars are in repair at the warm-up reset and at the end.)
        #expect(with.allSatisfy { abs($0.stations[1].defects - $0.stations[2].jobs) <= 5 })
    }
}

@Suite("Example plants: robot cell")
struct RobotCellExampleTests {
    @Test("robot-cell.yaml: a robot failure stops the cell; per-robot figures add up")
    func robotCell() throws {
        let r = try ExamplePlant.run("robot-cell")
        let cell = r.stations[0]
        #expect(cell.robots.count == 8)
        let shares = cell.robots.map(\.failed)
        #expect(cell.failed >= shares.max()! - 1e-9)
        #expect(cell.failed <= shares.reduce(0, +) + 1e-9)
        // The plant's failures are its robots' failures.
        #expect(r.failures == cell.robots.reduce(0) { $0 + $1.failures })
        #expect(r.failures > 0)
        // 19 measured days, MTTF 15 h: about 30 failures per robot.
        #expect(cell.robots.allSatisfy { (15...50).contains($0.failures) })
    }

    @Test("robot-cell.yaml: each robot draws power by its cell's state; the cell's energy is its robots'")
    func robotEnergy() throws {
        let r = try ExamplePlant.run("robot-cell")
        let cell = r.stations[0]
        let hours = 19.0 * 24
        #expect(abs(cell.energyKWh - cell.robots.reduce(0) { $0 + $1.energyKWh }) < 1e-6)
        for robot in cell.robots {
            // Between all time failed (1 kW) and all time working (12 kW), and near the cell's state mix.
            let up = 1 - robot.failed
            let expected = hours * (up * (cell.working * 12 + (cell.starved + cell.blocked) * 2 + cell.failed * 1) + robot.failed * 1)
            #expect(abs(robot.energyKWh - expected) < 1e-6 * expected)
            #expect(robot.energyKWh > hours * 1 && robot.energyKWh < hours * 12)
        }
        // A constant draw gives power × time exactly, whatever the states.
        let flat = try ExamplePlant.run("robot-cell", replacing: [("power: {working: 12kW, idle: 2kW, failed: 1kW}", "power: {working: 5kW, idle: 5kW, failed: 5kW}")])
        for robot in flat.stations[0].robots { #expect(abs(robot.energyKWh - hours * 5) < 1e-6) }
    }

    @Test("A robot draws off-shift power off shift, down or not: only a failure on shift draws failed power",
          arguments: ["plant", "station"])
    func robotEnergyOffShift(calendarOf owner: String) throws {
        // Long repairs on the calendar basis: robots are often down when the shift ends and while it is off.
        let calendar = "calendar: {shifts: [\"06:00-22:00\"], working_days: [mon, tue, wed, thu, fri, sat, sun]}"
        let edits = [("mttr: 11min", "mttr: 6h"),
                     ("power: {working: 12kW, idle: 2kW, failed: 1kW}", "power: {working: 5kW, idle: 5kW, failed: 5kW, off_shift: 1kW}"),
                     owner == "plant" ? ("takt: 76s\n", "takt: 76s\n\(calendar)\n") : ("    buffer: 5\n", "    buffer: 5\n    \(calendar)\n")]
        let r = try ExamplePlant.run("robot-cell", replacing: edits)
        let cell = r.stations[0], hours = 19.0 * 24
        #expect(abs(cell.offShift - 8.0 / 24) < 1e-9)
        #expect(cell.robots.allSatisfy { $0.failed > 0.1 }, "\(cell.robots.map(\.failed))")
        // 5 kW on shift in every state, 1 kW off shift: power × time exactly, whenever the robots were down.
        for robot in cell.robots { #expect(abs(robot.energyKWh - hours * (16 * 5 + 8 * 1) / 24) < 1e-6, "\(robot.name): \(robot.energyKWh) kWh") }
    }

    @Test("Robot cells are checked: one server, failures under robots, slow_down needs calendar basis")
    func validation() throws {
        func errors(_ robots: String, extra: String = "") -> [String] {
            PlantErrors.of("""
                sources: [{name: in, takt: 60s, next: c}]
                stations:
                  - {name: c, process: 50s, next: out, robots: \(robots)\(extra)}
                sinks: [{name: out}]
                """)
        }
        let f = "failures: {mttf: 10h, mttr: 5min, basis: calendar}"
        #expect(errors("{count: 3, \(f)}").isEmpty)
        #expect(errors("{count: 3, \(f)}", extra: ", servers: 2").first?.contains("a robot cell has one server") == true)
        #expect(errors("{count: 3, \(f)}", extra: ", failures: {mttf: 1h, mttr: 1min, basis: calendar}").first?.contains("fails through its robots") == true)
        #expect(errors("{count: 3, failures: {mttf: 10h, mttr: 5min, basis: operating}, on_failure: slow_down}").first?.contains("calendar basis") == true)
        #expect(errors("{count: 3, names: [a], \(f)}").first?.contains("either 'count' or 'names'") == true)
        #expect(errors("{names: [a, a], \(f)}").first?.contains("used twice") == true)
        #expect(errors("{count: 3, \(f), on_failure: halt}").first?.contains("unknown value 'halt'") == true)
    }
}

@Suite("Example plants: transfer")
struct TransferExampleTests {
    @Test("transfer.yaml: the transfer adds to lead time and holds its place downstream")
    func transfer() throws {
        let r = try ExamplePlant.run("transfer")
        // A part reaches the welder only when nothing is on its way: a cycle is 120 s + 45 s.
        #expect(abs(r.throughputPerHour - 3600 / 165) < 0.05)
        #expect(r.leadTimeMean == 30 + 135 + 120 + 45)
        #expect(r.stations[1].meanQueueLength == 0)  // never overfilled
        #expect(abs(r.stations[0].blocked - 135.0 / 165) < 0.005)
    }
}

@Suite("Example plants: variants")
struct VariantsExampleTests {
    @Test("variants.yaml: the mix, the work content and the lead time per variant")
    func variants() throws {
        let r = try ExamplePlant.run("variants")
        let n = Double(r.jobsCompleted)
        let maxShare = Double(r.variants[1].jobs) / n
        #expect(abs(maxShare - 0.3) < 4 * (0.21 / n).squareRoot())
        #expect(r.variants[0].jobs + r.variants[1].jobs == r.jobsCompleted)
        // A standard car right behind a Max car waits 10 s for calibration (30% of the time).
        #expect(abs(r.variants[0].leadTimeMean - (100 + 0.3 * 10)) < 0.6)
        #expect(r.variants[1].leadTimeMean == 190)
        // Assembly works 69 s per car on average out of 120 s.
        #expect(abs(r.stations[0].working - (0.7 * 60 + 0.3 * 90) / 120) < 0.01)
        #expect(abs(Double(r.colours[0].jobs) / n - 0.5) < 4 * (0.25 / n).squareRoot())
    }

    @Test("Variants are checked: unknown stations, bad factors, duplicate names")
    func validation() throws {
        func errors(_ variants: String) -> [String] {
            PlantErrors.of("""
                variants: \(variants)
                sources: [{name: in, takt: 60s, next: a}]
                stations: [{name: a, process: 50s, next: out}]
                sinks: [{name: out}]
                """)
        }
        #expect(errors("[{name: x, mix: 1, work: {a: 1.2}}]").isEmpty)
        #expect(errors("[{name: x, mix: 1, work: {b: 1.2}}]").first?.contains("no station is named 'b'") == true)
        #expect(errors("[{name: x, mix: 1, work: {a: -1}}]").first?.contains("work factor") == true)
        #expect(errors("[{name: x, mix: 0}]").first?.contains("positive") == true)
        #expect(errors("[{name: x, mix: 1}, {name: x, mix: 1}]").first?.contains("defined twice") == true)
        #expect(errors("[{name: x, mix: 1, work: {a: {dist: exponential, mean: 40s}}}]").isEmpty)
    }
}

@Suite("Example plants: colour batching")
struct ColourBatchingExampleTests {
    func run(pick: String) throws -> ReplicationResult {
        try ExamplePlant.run("colour-batching", replacing: [("pick: batch", "pick: \(pick)")])
    }

    @Test("colour-batching.yaml: batching lowers changeovers and keeps the takt; first in, first out falls behind")
    func batching() throws {
        let fifo = try run(pick: "fifo"), batch = try run(pick: "batch")
        // First in, first out: three changes in four bodies; the booth is the limit at 75 s a body.
        let perBody = Double(fifo.stations[0].changeovers) / Double(fifo.stations[0].jobs)
        #expect(abs(perBody - 0.75) < 0.02)
        #expect(abs(fifo.throughputPerHour - 3600 / 75) < 1)
        // Batching: the bank fills just enough for the booth to keep the takt, which
        // allows at most one change every second body (30 s + 0.5 × 60 s = 60 s).
        let batchPerBody = Double(batch.stations[0].changeovers) / Double(batch.stations[0].jobs)
        #expect(batchPerBody <= 0.51)
        #expect(batch.stations[0].changeovers < fifo.stations[0].changeovers)
        #expect(abs(batch.throughputPerHour - 60) < 0.1)
        #expect(batch.stations[0].changeoverShare < fifo.stations[0].changeoverShare)
    }

    @Test("Changeovers need the attribute they depend on; batch picking needs a changeover")
    func validation() throws {
        let errors = { (yaml: String) in PlantErrors.of(yaml) }
        let base = """
            sources: [{name: in, takt: 60s, next: a}]
            stations: [{name: a, process: 50s, next: out, STATION}]
            sinks: [{name: out}]
            """
        #expect(errors(base.replacingOccurrences(of: "STATION", with: "changeover: {by: colour, time: 1min}")).first?.contains("need 'colours'") == true)
        #expect(errors(base.replacingOccurrences(of: "STATION", with: "pick: batch")).first?.contains("give a 'changeover'") == true)
        #expect(errors("colours: [{name: x, mix: 1}]\n" + base.replacingOccurrences(of: "STATION", with: "changeover: {by: colour, time: 1min}")).isEmpty)
    }
}

@Suite("Example plants: assembly")
struct AssemblyExampleTests {
    @Test("assembly.yaml: the slowest feeder sets the pace; nothing starts without all parts")
    func assembly() throws {
        let r = try ExamplePlant.run("assembly")
        #expect(abs(r.throughputPerHour - 3600 / 80) < 0.05)
        // Every car used one pack and one drive unit: the feeders made as many parts as cars (give or take the stores).
        #expect(abs(r.stations[0].jobs - r.stations[2].jobs) <= 6)
        #expect(abs(r.stations[1].jobs - r.stations[2].jobs) <= 6)
        // The drive line (60 s) waits for its store to have room, blocked a quarter of the time.
        #expect(abs(r.stations[1].blocked - 20.0 / 80) < 0.01)
        // The marriage station waits for packs: it works 50 s of every 80 s.
        #expect(abs(r.stations[2].working - 50.0 / 80) < 0.01)
        // Bodies queue in front of it: the buffer of 30 fills.
        #expect(r.stations[2].meanQueueLength > 29)
    }

    @Test("Assembly is checked: feeders must send jobs here, no transfers into parts, a part buffer of at least one")
    func validation() throws {
        let base = """
            sources: [{name: b, takt: 60s, next: m}, {name: c, unlimited: true, next: f}]
            stations:
              - {name: f, process: 30s, buffer: 0, next: NEXT}
              - {name: g, process: 30s, buffer: 0, next: m}
              - {name: m, process: 20s, next: out, assembly: ASSEMBLY}
            sinks: [{name: out}]
            """
        func errors(next: String = "m", _ assembly: String) -> [String] {
            PlantErrors.of(base.replacingOccurrences(of: "NEXT", with: next).replacingOccurrences(of: "ASSEMBLY", with: assembly)
                .replacingOccurrences(of: "  - {name: g, process: 30s, buffer: 0, next: m}\n", with: ""))
        }
        #expect(errors("{parts: [f]}").isEmpty)
        #expect(errors(next: "out", "{parts: [f]}").first?.contains("does not send jobs here") == true)
        #expect(errors("{parts: [x]}").first?.contains("no station is named 'x'") == true)
        #expect(errors("{parts: [m]}").first?.contains("cannot feed parts to itself") == true)
        #expect(errors("{parts: [f], part_buffer: 0}").first?.contains("must be in 1") == true)
    }
}
