import Foundation
import TaktKernel
@testable import TaktPlant
import TaktTestSupport
import Testing

@Suite("Plant file reader")
struct PlantLoaderTests {
    func parse(_ yaml: String) throws(PlantFileErrors) -> PlantDescription {
        try PlantLoader.parse(yaml: yaml, file: "p.yaml", directory: FileManager.default.temporaryDirectory)
    }

    func errors(_ yaml: String) -> [PlantFileError] {
        do {
            _ = try parse(yaml)
            return []
        } catch {
            return error.errors
        }
    }

    static let line = """
        plant: line
        takt: 76s
        run: {duration: 2d, warmup: 2h, replications: 3, seed: 9}
        sources:
          - {name: release, takt: 76s, next: a}
        stations:
          - name: a
            servers: 2
            process: {dist: triangular, min: 50s, mode: 60s, max: 90s}
            buffer: 4
            failures: {mttf: 2h, mttr: 10min, basis: operating}
            next: [b, c]
            route: probability
            weights: [3, 1]
          - {name: b, process: {dist: normal, mean: 60s, cv: 0.1}, next: done}
          - {name: c, process: {dist: erlang, mean: 60s, k: 3}, buffer: unlimited, next: done}
        sinks:
          - name: done
        """

    @Test("A complete plant is read with every value in the right unit")
    func reads() throws {
        let p = try parse(Self.line)
        #expect(p.name == "line")
        #expect(p.takt == 76 * Ticks.perSecond)
        #expect(p.run == RunSettings(duration: 2 * 86_400 * Ticks.perSecond, warmup: 7_200 * Ticks.perSecond, replications: 3, seed: 9))
        #expect(p.stations.map(\.name) == ["a", "b", "c"])
        let a = p.stations[0]
        #expect(a.servers == 2)
        #expect(a.buffer == .limited(4))
        #expect(a.process.kind == .triangular(min: 50, mode: 60, max: 90))
        #expect(a.failures?.basis == .operating)
        #expect(a.failures?.timeToFailure.kind == .exponential(mean: 7200))
        #expect(a.next == [.station(1), .station(2)])
        #expect(a.routing == .probability([0.75, 0.25]))
        #expect(p.stations[1].process.kind == .normal(mean: 60, sd: 6))
        #expect(p.stations[2].process.kind == .gamma(shape: 3, mean: 60))
        #expect(p.stations[2].buffer == .unlimited)
        #expect(p.stations[1].buffer == .unlimited)
        #expect(p.stations[1].next == [.sink(0)])
        #expect(p.contentHash.count == 64)
    }

    @Test("The content hash changes with the content and only with it")
    func hash() throws {
        let a = try parse(Self.line), b = try parse(Self.line)
        let c = try parse(Self.line.replacingOccurrences(of: "mean: 60s, cv: 0.1", with: "mean: 61s, cv: 0.1"))
        #expect(a.contentHash == b.contentHash)
        #expect(a.contentHash != c.contentHash)
        // Comments, blank lines and indentation are not content: a store's runs stay resumable after such an edit.
        let reformatted = "# a line of three stations\n" + Self.line
            .replacingOccurrences(of: "takt: 76s\n", with: "takt: 76s   # one car\n\n")
            .replacingOccurrences(of: "\n  ", with: "\n    ")
        #expect(reformatted != Self.line)
        #expect(try parse(reformatted).contentHash == a.contentHash)
    }

    @Test("A normal spread so wide that cutting it at zero moves its mean is refused, with the mean it would have")
    func wideNormal() throws {
        func errors(_ process: String) -> [PlantFileError] {
            PlantErrors.errors(in: "sources: [{name: in, takt: 5min, next: a}]\nstations: [{name: a, process: \(process), next: out}]\nsinks: [{name: out}]")
        }
        #expect(errors("{dist: normal, mean: 3min, cv: 0.4}").isEmpty)
        #expect(errors("{dist: normal, mean: 3min, sd: 1min}").isEmpty)
        let wide = errors("{dist: normal, mean: 3min, cv: 5}")
        // E[X | X ≥ 0] = 3 + 15 φ(0.2)/Φ(0.2) min = 13.1 min.
        #expect(wide.count == 1 && wide[0].keyPath == "stations[0].process.cv"
                && wide[0].message.contains("below zero 42% of the time") && wide[0].message.contains("makes its mean 13.1min, not 3min"), "\(wide)")
        #expect(errors("{dist: normal, mean: 3min, sd: 90s}").first?.keyPath == "stations[0].process.sd")
    }

    @Test("Durations: units, a bare zero, and the errors for missing or unknown units")
    func durations() throws {
        #expect(try DurationText.seconds("76s") == 76)
        #expect(try DurationText.seconds("12min") == 720)
        #expect(try DurationText.seconds("1.5h") == 5400)
        #expect(try DurationText.seconds("30d") == 2_592_000)
        #expect(try DurationText.seconds("250ms") == 0.25)
        #expect(try DurationText.seconds("2w") == 1_209_600)
        #expect(throws: DurationText.ParseError.self) { try DurationText.seconds("60") }
        #expect(try DurationText.seconds("0") == 0)  // zero is zero in every unit
        #expect(throws: DurationText.ParseError.self) { try DurationText.seconds("0.5") }
        #expect(throws: DurationText.ParseError.self) { try DurationText.seconds("-1s") }
        #expect(throws: DurationText.ParseError.self) { try DurationText.seconds("5 parsecs") }
        #expect(throws: DurationText.ParseError.self) { try DurationText.seconds("nan s") }
        do {
            _ = try DurationText.seconds("3mins")
            Issue.record("3mins accepted")
        } catch {
            #expect(error.message.contains("did you mean 'min'"))
        }
        #expect(DurationText.format(720) == "12min")
        #expect(DurationText.format(0) == "0s")
    }

    @Test("Errors carry line, column and key path")
    func located() throws {
        let errs = errors(Self.line.replacingOccurrences(of: "weights: [3, 1]", with: "weights: [3]"))
        let e = try #require(errs.first)
        #expect(errs.count == 1)
        #expect(e.line == 14 && e.column == 14)
        #expect(e.keyPath == "stations[0].weights")
        #expect(e.message.contains("1 weights for 2 successors"))
    }

    @Test("Routing rules need what they use")
    func routing() {
        #expect(errors(Self.line.replacingOccurrences(of: "    route: probability\n    weights: [3, 1]\n", with: ""))
            .first?.message.contains("2 successors need a 'route' rule") == true)
        #expect(errors(Self.line.replacingOccurrences(of: "route: probability", with: "route: round_robin"))
            .first?.message.contains("only used with 'route: probability'") == true)
        #expect(errors(Self.line.replacingOccurrences(of: "weights: [3, 1]", with: "weights: [0, 0]"))
            .first?.message.contains("must not all be zero") == true)
        #expect(errors(Self.line.replacingOccurrences(of: "next: [b, c]", with: "next: [b, b]"))
            .first?.message.contains("listed twice") == true)
    }

    @Test("Source rules: one arrival kind, and no unlimited source into an unlimited buffer")
    func sources() {
        #expect(errors(Self.line.replacingOccurrences(of: "takt: 76s, next: a", with: "takt: 76s, unlimited: true, next: a"))
            .first?.message.contains("give only one of") == true)
        #expect(errors(Self.line.replacingOccurrences(of: "takt: 76s, next: a", with: "next: a"))
            .first?.message.contains("a source needs one of") == true)
        let unbounded = errors(Self.line
            .replacingOccurrences(of: "takt: 76s, next: a", with: "unlimited: true, next: a")
            .replacingOccurrences(of: "    buffer: 4\n", with: ""))
        #expect(unbounded.first?.message.contains("without end") == true)
        #expect(errors(Self.line.replacingOccurrences(of: "next: a}", with: "next: done}"))
            .first?.message.contains("feeds exactly one station") == true)
    }

    @Test("Failures: both or neither of ttf/mttf is an error; basis is required")
    func failures() {
        #expect(errors(Self.line.replacingOccurrences(of: "{mttf: 2h, mttr: 10min, basis: operating}", with: "{mttf: 2h, mttr: 10min}"))
            .first?.message.contains("missing required key 'basis'") == true)
        #expect(errors(Self.line.replacingOccurrences(of: "{mttf: 2h,", with: "{mttf: 2h, ttf: 3h,"))
            .first?.message.contains("not both") == true)
        #expect(errors(Self.line.replacingOccurrences(of: "basis: operating", with: "basis: operational"))
            .first?.message.contains("did you mean 'operating'") == true)
    }

    @Test("Warm-up must be shorter than the run")
    func warmup() {
        #expect(errors(Self.line.replacingOccurrences(of: "warmup: 2h", with: "warmup: 3d"))
            .first?.message.contains("must be shorter than duration") == true)
    }

    @Test("Empirical distributions read a CSV column relative to the plant file")
    func empirical() throws {
        let dir = try CLI.temporaryDirectory()
        try Data("cycle_min,other\n1,x\n2,y\n\n3,z\n".utf8).write(to: dir.appendingPathComponent("times.csv"))
        let yaml = Self.line.replacingOccurrences(of: "{dist: normal, mean: 60s, cv: 0.1}",
                                                  with: "{dist: empirical, file: times.csv, column: cycle_min, unit: min}")
        let p = try PlantLoader.parse(yaml: yaml, file: "p.yaml", directory: dir)
        #expect(p.stations[1].process.kind == .empirical(values: [60, 120, 180], interpolate: false))
        do {
            _ = try PlantLoader.parse(yaml: yaml.replacingOccurrences(of: "column: cycle_min", with: "column: cycle_mn"), file: "p.yaml", directory: dir)
            Issue.record("a missing column was accepted")
        } catch {
            #expect(error.errors.first?.message.contains("did you mean 'cycle_min'") == true)
        }
        try Data("cycle_min\n1\nfast\n".utf8).write(to: dir.appendingPathComponent("times.csv"))
        do {
            _ = try PlantLoader.parse(yaml: yaml, file: "p.yaml", directory: dir)
            Issue.record("a non-numeric cell was accepted")
        } catch {
            #expect(error.errors.first?.message.contains("row 3: 'fast'") == true)
        }
    }

    @Test("Suggestions only for plausible typos")
    func suggestions() {
        #expect(Suggestion.closest(to: "proces", in: ["process", "servers"]) == "process")
        #expect(Suggestion.closest(to: "zzz", in: ["process", "servers"]) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        // Two neighbouring letters swapped are one slip, not two.
        #expect(Suggestion.editDistance("wled", "weld") == 1 && Suggestion.editDistance("ca", "abc") == 3)
        #expect(Suggestion.closest(to: "wled", in: ["weld", "coat", "form"]) == "weld")
        // A name shortened or lengthened: the one it begins (or that begins it), nearest in length; not below three letters.
        #expect(Suggestion.closest(to: "ship", in: ["shipped", "load"]) == "shipped")
        #expect(Suggestion.closest(to: "loading", in: ["load", "loader-robot", "wash"]) == "load")
        #expect(Suggestion.closest(to: "lo", in: ["load", "wash"]) == nil)
    }
}

@Suite("Plant file reader: error collection")
struct ErrorCollectionTests {
    @Test("Every problem of one station or source is reported, not just the first")
    func allProblemsOfOneObject() {
        let yaml = """
            sources:
              - {name: in, takt: 60, next: wrk}
            stations:
              - {name: work, servers: 0, process: {dist: exponentail, mean: 40s}, bufer: 5, next: out}
            sinks:
              - {name: out}
            """
        do {
            _ = try PlantLoader.parse(yaml: yaml, file: "p.yaml", directory: FileManager.default.temporaryDirectory)
            Issue.record("a broken plant was accepted")
        } catch {
            let paths = error.errors.map(\.keyPath)
            #expect(paths == ["sources[0].takt", "sources[0].next", "stations[0].servers", "stations[0].process.dist", "stations[0].bufer"])
            #expect(error.errors.allSatisfy { $0.line > 0 && $0.column > 0 })
        }
    }

    @Test("One broken station, variant or colour is one error: the places that name it do not fail with it", arguments: [
        ("servers: 1", "servers: 0", "stations[0].servers"),
        ("{name: max, mix: 1, work: {booth: 1.2}}", "{name: max, mix: 0, work: {booth: 1.2}}", "variants[1].mix"),
        ("{name: red, mix: 1}", "{name: red, mix: -1}", "colours[0].mix"),
    ])
    func oneErrorForOneMistake(old: String, new: String, path: String) {
        let yaml = """
            variants: [{name: std, mix: 3}, {name: max, mix: 1, work: {booth: 1.2}}]
            colours: [{name: red, mix: 1}, {name: blue, mix: 1}]
            sources: [{name: in, takt: 60s, next: booth}]
            stations:
              - {name: booth, process: 50s, servers: 1, next: check,
                 changeover: {by: variant, matrix: {std: {max: 2min}, max: {std: 1min}}}}
              - {name: check, process: 40s, next: out, changeover: {by: colour, time: 1min, matrix: {red: {blue: 2min}}}}
            sinks: [{name: out}]
            """
        #expect(PlantErrors.of(yaml).isEmpty, "\(PlantErrors.of(yaml))")
        let errors = PlantErrors.errors(in: yaml.replacingOccurrences(of: old, with: new))
        #expect(errors.map(\.keyPath) == [path], "\(errors)")
    }
}
