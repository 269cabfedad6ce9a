import Foundation
import TaktTestSupport
import Testing

/// Bad input gets a clear error naming file:line:column and key path, exit 2, never a trap.
@Suite("Bad input")
struct BadInputTests {
    static let good = """
        plant: tiny
        sources:
          - name: in
            takt: 60s
            next: work
        stations:
          - name: work
            process: {dist: exponential, mean: 40s}
            buffer: 5
            next: out
        sinks:
          - name: out
        """

    /// Writes `yaml` to a file, validates and runs it, and returns stderr of both.
    func reject(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("plant.yaml")
        try Data(yaml.utf8).write(to: file)
        let validate = try CLI.run(["validate", file.path], in: dir)
        #expect(validate.status == 2, "validate exit \(validate.status): \(validate.stderr)", sourceLocation: sourceLocation)
        let run = try CLI.run(["run", file.path, "--no-db"], in: dir)
        #expect(run.status == 2, "run exit \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(!run.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
        return run.stderr
    }

    @Test("A good plant validates")
    func goodPlant() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("plant.yaml")
        try Data(Self.good.utf8).write(to: file)
        let out = try CLI.run(["validate", file.path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("1 station(s)"))
    }

    @Test("A plant and an experiment read from a pipe validate: each file is read once")
    func fromPipe() throws {
        let dir = try CLI.temporaryDirectory()
        let plant = dir.appendingPathComponent("plant.yaml")
        try Data(Self.good.utf8).write(to: plant)
        let experiment = "experiment: piped\nplant: \(plant.path)\nvariants:\n  - name: a\n  - name: b\n    set: {stations.work.buffer: 7}\n"
        for (text, expected) in [(Self.good, "ok: /dev/stdin: plant"), (experiment, "ok: /dev/stdin: experiment 'piped', 2 variant(s)")] {
            let input = dir.appendingPathComponent("input.yaml")
            try Data(text.utf8).write(to: input)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "cat \"$1\" | \"$0\" validate /dev/stdin", CLI.binary.path, input.path]
            let out = try CLI.outcome(of: process)
            #expect(out.status == 0 && out.stdout.contains(expected), "\(out.stdout) \(out.stderr)")
        }
    }

    @Test("Unknown key: did you mean, with line, column and key path")
    func unknownKey() throws {
        let err = try reject(Self.good.replacingOccurrences(of: "    buffer: 5", with: "    bufer: 5"))
        #expect(err.contains("plant.yaml:9:5: stations[0].bufer: unknown key 'bufer' (did you mean 'buffer'?)"), "\(err)")
    }

    @Test("Negative time, zero servers, unit-less duration")
    func badNumbers() throws {
        let negative = try reject(Self.good.replacingOccurrences(of: "mean: 40s", with: "mean: -40s"))
        #expect(negative.contains("plant.yaml:8:") && negative.contains("stations[0].process") && negative.contains("must not be negative"), "\(negative)")
        let zero = try reject(Self.good.replacingOccurrences(of: "    buffer: 5", with: "    servers: 0"))
        #expect(zero.contains("plant.yaml:9:14: stations[0].servers: must be in 1…10000, got 0"), "\(zero)")
        let unitless = try reject(Self.good.replacingOccurrences(of: "takt: 60s", with: "takt: 60"))
        #expect(unitless.contains("plant.yaml:4:11: sources[0].takt: duration '60' needs a unit"), "\(unitless)")
        let huge = try reject(Self.good.replacingOccurrences(of: "    buffer: 5", with: "    servers: 99999999999999999999999"))
        #expect(huge.contains("stations[0].servers"), "\(huge)")
        let hugeTime = try reject(Self.good.replacingOccurrences(of: "takt: 60s", with: "takt: 1e300s"))
        #expect(hugeTime.contains("too long"), "\(hugeTime)")
    }

    @Test("Unknown distribution and wrong parameters")
    func distributions() throws {
        let unknown = try reject(Self.good.replacingOccurrences(of: "dist: exponential", with: "dist: exponentail"))
        #expect(unknown.contains("stations[0].process.dist: unknown value 'exponentail' (did you mean 'exponential'?)"), "\(unknown)")
        let param = try reject(Self.good.replacingOccurrences(of: "{dist: exponential, mean: 40s}", with: "{dist: triangular, min: 50s, mode: 40s, max: 60s}"))
        #expect(param.contains("stations[0].process.mode"), "\(param)")
        let extra = try reject(Self.good.replacingOccurrences(of: "mean: 40s}", with: "mean: 40s, cv: 0.3}"))
        #expect(extra.contains("stations[0].process.cv: unknown key 'cv'"), "\(extra)")
    }

    @Test("Unknown successor, unreachable station, cycle without exit")
    func graph() throws {
        let typo = try reject(Self.good.replacingOccurrences(of: "next: out", with: "next: ot"))
        #expect(typo.contains("stations[0].next: no station or sink is named 'ot' (did you mean 'out'?)"), "\(typo)")
        let unreachable = try reject(Self.good + "\nstations_extra: 1")
        #expect(unreachable.contains("unknown key 'stations_extra'"), "\(unreachable)")
        let orphan = try reject(Self.good.replacingOccurrences(of: "sinks:", with: """
              - name: orphan
                process: 10s
                next: out
            sinks:
            """))
        #expect(orphan.contains("station 'orphan' is unreachable"), "\(orphan)")
        let loop = try reject(Self.good.replacingOccurrences(of: "    next: out", with: "    next: work"))
        #expect(loop.contains("can never leave"), "\(loop)")
    }

    @Test("YAML syntax error, duplicate names, empty and missing files")
    func files() throws {
        let syntax = try reject(Self.good.replacingOccurrences(of: "    buffer: 5", with: "    buffer: [5"))
        #expect(syntax.contains("plant.yaml:") && syntax.contains("YAML syntax error"), "\(syntax)")
        #expect(!syntax.contains("tab"), "\(syntax)")
        // A tab as indentation: libyaml's "cannot start any token", with the cause said.
        let tab = try reject(Self.good.replacingOccurrences(of: "    buffer: 5", with: "\tbuffer: 5"))
        #expect(tab.contains("YAML syntax error") && tab.contains("the line holds a tab where YAML takes spaces only"), "\(tab)")
        let duplicate = try reject(Self.good.replacingOccurrences(of: "  - name: out", with: "  - name: work"))
        #expect(duplicate.contains("name 'work' is already used"), "\(duplicate)")
        let empty = try reject("")
        #expect(empty.contains("empty"), "\(empty)")
        let missing = try CLI.run(["run", "/no/such/plant.yaml", "--no-db"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/no/such/plant.yaml") && missing.stderr.contains("cannot read"), "\(missing.stderr)")
    }

    @Test("Several problems are all reported at once")
    func manyErrors() throws {
        let err = try reject(Self.good
            .replacingOccurrences(of: "    buffer: 5", with: "    bufer: 5")
            .replacingOccurrences(of: "takt: 60s", with: "takt: 60"))
        #expect(err.contains("bufer") && err.contains("needs a unit"), "\(err)")
    }

    @Test("Bad options are bad input too")
    func badOptions() throws {
        let plant = Repository.path("Plants/validation/mm1.yaml")
        let cases: [[String]] = [
            ["run", plant, "--no-db", "--duration", "5"],
            ["run", plant, "--no-db", "--duration", "1d", "--warmup", "2d"],
            ["run", plant, "--no-db", "--replications", "0"],
            ["run", plant, "--no-db", "--seed", "-3"],
            ["run", plant, "--no-db", "--seed", "18446744073709551615"],  // would be stored as -1
            ["run", plant, "--no-db", "--frobnicate"],
            ["run"],
        ]
        for arguments in cases {
            let out = try CLI.run(arguments)
            #expect(out.status == 2, "\(arguments): exit \(out.status) \(out.stderr)")
            #expect(!out.stderr.isEmpty)
        }
    }

    @Test("Messages that say what to do: an output that is a folder or has no folder, a warm-up too long, a filter that names nothing, another plant's baseline")
    func actionableMessages() throws {
        let dir = try CLI.temporaryDirectory()
        let plant = Repository.path("Plants/validation/mm1.yaml")
        let store = dir.appendingPathComponent("d.sqlite").path
        #expect(try CLI.run(["run", plant, "--db", store, "--duration", "2d", "--replications", "2"]).status == 0)
        let cases: [(arguments: [String], says: [String])] = [
            (["draw", plant, "-o", dir.path], ["error: --out: cannot write \(dir.path): it is a folder; give a file name"]),
            (["draw", plant, "-o", dir.appendingPathComponent("none/x.svg").path], ["the folder \(dir.appendingPathComponent("none").path) does not exist"]),
            (["run", plant, "--no-db", "--trace", dir.appendingPathComponent("none/t.trace").path], ["error: --trace:", "does not exist"]),
            (["run", plant, "--no-db", "--duration", "2h"], ["the warm-up (1d, the plant file's run: setting or its default) must be shorter than the duration (2h)",
                                                             "--warmup"]),
            (["decisions", "--db", store, "--point", "pik"], ["no decision point is named 'pik' (did you mean 'pick'?)"]),
            (["decisions", "--db", store, "--run", "99"], ["the store has no run 99"]),
            (["check", Repository.path("Plants/validation/md1.yaml"), "--baseline", Repository.path("Reports/baselines/mm1.json")],
             ["is of plant 'mm1'", "--out Reports/baselines/md1.json"]),
        ]
        for (arguments, says) in cases {
            let out = try CLI.run(arguments)
            #expect(out.status == 2, "\(arguments): exit \(out.status) \(out.stderr)")
            for text in says { #expect(out.stderr.contains(text), "\(arguments): \(out.stderr)") }
            #expect(!out.stderr.contains("NSCocoaErrorDomain"), "\(out.stderr)")
        }
    }
}

@Suite("Plants that cannot run to the end")
struct ModelFailureTests {
    @Test("The deadlock example ends with exit code 4 and names the loop")
    func deadlockExample() throws {
        let out = try CLI.run(["run", Repository.path("Plants/examples/deadlock.yaml"), "--no-db"])
        #expect(out.status == 4)
        #expect(out.stderr.contains("deadlock: stations 'a', 'b'"), "\(out.stderr)")
        #expect(out.stderr.contains("deadlock.yaml"))
        #expect(!out.stderr.contains("Fatal error"))
    }
}

@Suite("Extreme values")
struct ExtremeValueTests {
    /// Extreme but well-formed numbers run or are refused cleanly: never a trap, never a hang.
    @Test("Huge, tiny and odd numbers in a plant end in exit 0, 2 or 4", arguments: [
        ("process: 50s", "process: 1e11s"),
        ("process: 50s", "process: 1e-9s"),
        ("takt: 60s", "takt: 1ms"),
        ("count: 8", "count: 1000"),
        ("mttf: 10h", "mttf: 1ms"),
        ("mttr: 5min", "mttr: 1e11s"),
        ("buffer: 3", "buffer: 2147483647"),
        ("buffer: 3", "buffer: 2147483648"),
        ("mix: 1", "mix: 1e308"),
        ("defect_rate: 0.1", "defect_rate: 1"),
        ("time: 2min", "time: 1e11s"),
    ])
    func extreme(_ edit: (String, String)) throws {
        let yaml = """
            run: {duration: 2h, warmup: 0s}
            colours: [{name: a, mix: 1}, {name: b, mix: 1}]
            sources: [{name: in, takt: 60s, next: cell}]
            stations:
              - name: cell
                process: 50s
                buffer: 3
                robots: {count: 8, failures: {mttf: 10h, mttr: 5min, basis: calendar}, on_failure: slow_down}
                changeover: {by: colour, time: 2min}
                pick: batch
                quality: {defect_rate: 0.1, rework: repair}
                next: out
              - {name: repair, process: 5min, next: out}
            sinks: [{name: out}]
            """.replacingOccurrences(of: edit.0, with: edit.1)
        #expect(yaml.contains(edit.1))
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("extreme.yaml")
        try Data(yaml.utf8).write(to: file)
        let out = try CLI.run(["run", file.path, "--no-db", "--json"], in: dir)
        #expect([0, 2, 4].contains(out.status), "\(edit.1): exit \(out.status) \(out.stderr)")
        #expect(!out.stderr.contains("Fatal error"))
        if out.status == 0 {
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
            #expect((doc["throughput_per_hour"] as? Double).map { $0.isFinite && $0 >= 0 } == true)
        }
    }
}
