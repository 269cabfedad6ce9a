import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Setup matrices: a changeover's time by the colour or variant changed from and to.
@Suite("Setup matrices")
struct SetupMatrixTests {
    /// colour-batching.yaml (four colours, a 60 s purge per change) with its changeover and pick replaced.
    func batching(changeover: String, pick: String = "batch") throws -> PlantDescription {
        try ExamplePlant.load("colour-batching", replacing: [("changeover: {by: colour, time: 60s}", "changeover: \(changeover)"),
                                                             ("pick: batch", "pick: \(pick)")])
    }

    /// Seconds of changeover per changeover at the booth, after warm-up.
    func meanSetup(_ r: ReplicationResult, _ plant: PlantDescription) -> Double {
        r.stations[0].changeoverShare * Ticks.seconds(plant.run.duration - plant.run.warmup) / Double(r.stations[0].changeovers)
    }

    @Test("Rows are the colour changed from, columns the colour changed to, in the plant's colours")
    func orientation() throws {
        let plant = try batching(changeover: "{by: colour, time: 60s, matrix: {blue: {red: 5s}, red: {olive: 7min, blue: 2min}}}")
        let c = try #require(plant.stations[0].changeover)
        // olive 0, blue 1, grey 2, red 3.
        #expect(c.time(from: 1, to: 3).mean == 5)
        #expect(c.time(from: 3, to: 0).mean == 420)
        #expect(c.time(from: 3, to: 1).mean == 120)
        #expect(c.time(from: 1, to: 0).mean == 60)  // not listed: the station's time
        #expect(abs(c.meanTime - (5 + 420 + 120 + 9 * 60) / 12) < 1e-9)
    }

    @Test("A matrix giving every change the station's time changes no figure, first in first out or the teacher")
    func sameAsTime() throws {
        let colours = ["olive", "blue", "grey", "red"]
        let rows = colours.map { from in "\(from): {" + colours.filter { $0 != from }.map { "\($0): 60s" }.joined(separator: ", ") + "}" }
        let matrix = "{by: colour, matrix: {\(rows.joined(separator: ", "))}}"
        for pick in ["fifo", "oracle"] {
            let plain = try batching(changeover: "{by: colour, time: 60s}", pick: pick)
            let listed = try batching(changeover: matrix, pick: pick)
            let a = try Replication.run(plain, settings: plain.run, replication: 0)
            let b = try Replication.run(listed, settings: listed.run, replication: 0)
            #expect(a.jobsCompleted == b.jobsCompleted, "\(pick)")
            #expect(a.stations[0].changeovers == b.stations[0].changeovers, "\(pick)")
            #expect(a.stations[0].changeoverShare == b.stations[0].changeoverShare, "\(pick)")
            #expect(a.leadTimeMean == b.leadTimeMean, "\(pick)")
        }
    }

    @Test("setup-matrix.yaml: two colours take turns, so the purges cost half the changes at each direction's time")
    func twoColours() throws {
        let plant = try ExamplePlant.load("setup-matrix")
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        let changes = Double(r.stations[0].changeovers)
        let seconds = r.stations[0].changeoverShare * Ticks.seconds(plant.run.duration - plant.run.warmup)
        // A white → black change (60 s) and a black → white one (240 s) take turns; the
        // first after warm-up may be unpaired: within 90 s of 150 s a change in all.
        #expect(changes > 500)
        #expect(abs(seconds - changes * 150) <= 90 + 1e-6, "\(seconds) s for \(changes) changes")
        // About 2 × ¼ × ¾ of the bodies bring a change.
        #expect(abs(changes / Double(r.stations[0].jobs) - 0.375) < 0.03)
    }

    @Test("The teacher prefers the cheap changes of an asymmetric matrix; first in, first out pays the mix")
    func teacherUsesMatrix() throws {
        // olive → blue → grey → red → olive is 10 s a change; any other change 5 min.
        let colours = ["olive", "blue", "grey", "red"]
        let rows = colours.enumerated().map { i, from in
            "\(from): {" + colours.filter { $0 != from }.map { to in "\(to): \(to == colours[(i + 1) % 4] ? "10s" : "5min")" }.joined(separator: ", ") + "}"
        }
        let changeover = "{by: colour, matrix: {\(rows.joined(separator: ", "))}}"
        let oraclePlant = try batching(changeover: changeover, pick: "oracle")
        let fifoPlant = try batching(changeover: changeover, pick: "fifo")
        let oracle = try Replication.run(oraclePlant, settings: oraclePlant.run, replication: 0)
        let fifo = try Replication.run(fifoPlant, settings: fifoPlant.run, replication: 0)
        // First in, first out: a third of the changes are the cheap one, (10 + 2 × 300) / 3 s on average.
        #expect(abs(meanSetup(fifo, fifoPlant) - 610.0 / 3) < 15)
        // The teacher changes along the cycle whenever the bank holds the next colour; the booth
        // keeps it short, so some changes cannot be cheap (about 73 s a change in all). Reading
        // the matrix the wrong way round, it would pick the dear ones (300 s each).
        #expect(meanSetup(oracle, oraclePlant) < 100, "the teacher's changes average \(meanSetup(oracle, oraclePlant)) s")
        #expect(oracle.throughputPerHour > fifo.throughputPerHour)
    }

    @Test("The release teacher sequences colours along the cheap changes of a matrix")
    func releaseTeacherUsesMatrix() throws {
        // sequencing.yaml: olive → white → grey → olive is 5 s a change; any other change 2 min.
        let matrix = "{by: colour, matrix: {olive: {white: 5s, grey: 2min}, white: {grey: 5s, olive: 2min}, grey: {olive: 5s, white: 2min}}}"
        func run(_ rule: String) throws -> (ReplicationResult, PlantDescription) {
            let plant = try ExamplePlant.load("sequencing", replacing: [("release_rule: colour", "release_rule: \(rule)"),
                                                                       ("changeover: {by: colour, time: 45s}", "changeover: \(matrix)")])
            return (try Replication.run(plant, settings: plant.run, replication: 0), plant)
        }
        let (fifo, fifoPlant) = try run("fifo"), (oracle, oraclePlant) = try run("oracle")
        // In arrival order, half the changes are the cheap one.
        #expect(abs(meanSetup(fifo, fifoPlant) - 62.5) < 4)
        // Reading the matrix the wrong way round, or ignoring it, the teacher's changes would average 62.5 s or more.
        #expect(meanSetup(oracle, oraclePlant) < 20, "the teacher's changes average \(meanSetup(oracle, oraclePlant)) s")
        #expect(oracle.throughputPerHour > fifo.throughputPerHour)
    }

    @Test("A bad matrix is refused with its place", arguments: [
        ("{by: colour, time: 1min, matrix: {pink: {red: 1min}}}", "unknown key 'pink'"),
        ("{by: colour, time: 1min, matrix: {red: {rde: 1min}}}", "stations[0].changeover.matrix.red.rde: unknown key 'rde' (did you mean 'red'?); allowed here: red, blue"),
        ("{by: colour, time: 1min, matrix: {red: {red: 1min}}}", "'red' to 'red' is no change"),
        ("{by: colour, matrix: {red: {blue: 1min}}}", "no time for a change from 'blue' to 'red'"),
        ("{by: colour, time: 1min, matrix: {red: {blue: -1min}}}", "stations[0].changeover.matrix.red.blue"),
        ("{by: colour, matrix: [1min]}", "expected a mapping"),
    ])
    func refused(changeover: String, message: String) {
        let yaml = """
            colours: [{name: red, mix: 1}, {name: blue, mix: 1}]
            sources: [{name: in, takt: 60s, next: a}]
            stations: [{name: a, process: 50s, next: out, changeover: \(changeover)}]
            sinks: [{name: out}]
            """
        let errors = PlantErrors.of(yaml)
        #expect(errors.count == 1 && errors[0].contains(message), "\(errors)")
        #expect(errors.first?.hasPrefix("plant.yaml:3:") == true, "\(errors)")
    }

    @Test("Every bad entry of a matrix is reported, and every missing pair in one message")
    func everyProblem() {
        func errors(_ changeover: String) -> [String] {
            PlantErrors.of("""
                colours: [{name: red, mix: 1}, {name: blue, mix: 1}, {name: grey, mix: 1}]
                sources: [{name: in, takt: 60s, next: a}]
                stations: [{name: a, process: 50s, next: out, changeover: \(changeover)}]
                sinks: [{name: out}]
                """)
        }
        let entries = errors("{by: colour, time: 1min, matrix: {red: {blue: -1min}, blue: {red: -2min}}}")
        #expect(entries.count == 2 && entries[0].contains("matrix.red.blue") && entries[1].contains("matrix.blue.red"), "\(entries)")
        let missing = errors("{by: colour, matrix: {red: {blue: 1min, grey: 2min}, blue: {red: 1min}}}")
        #expect(missing.count == 1 && missing[0].contains("no time for a change from 'blue' to 'grey', 'grey' to 'red', 'grey' to 'blue': list them"),
                "\(missing)")
    }
}
