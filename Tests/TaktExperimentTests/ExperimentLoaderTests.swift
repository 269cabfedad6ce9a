import Foundation
import TaktPlant
import TaktTestSupport
import Testing

/// Experiment files: variants as overrides of a base plant, sweeps, and their errors.
@Suite("Experiment files")
struct ExperimentLoaderTests {
    /// Writes `text` as an experiment next to the example plants and loads it.
    func load(_ text: String) throws -> ExperimentDescription {
        let path = Repository.path("Plants/examples/.test-experiment-\(UUID().uuidString).yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ExperimentLoader.load(path: path)
    }

    func errors(_ text: String) -> String {
        do {
            _ = try load(text)
            return ""
        } catch let error as PlantFileErrors {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test("variants change their plant where they say, and nothing else; the hash tells experiments apart")
    func overrides() throws {
        let e = try load("""
            plant: predictive-maintenance.yaml
            run: {replications: 3, duration: 14d}
            variants:
              - name: base
              - name: bigger-buffer
                set: {stations.framing.buffer: 9, stations.framing.robots.maintenance.rule: {health_below: 0.3}}
            """)
        #expect(e.baseline == "base" && e.variants.map(\.name) == ["base", "bigger-buffer"])
        #expect(e.settings.replications == 3 && e.settings.duration == 14 * 86_400 * 1_000_000)
        let base = e.variants[0].plant.stations[0], changed = e.variants[1].plant.stations[0]
        #expect(base.buffer == .limited(5) && changed.buffer == .limited(9))
        #expect(base.robots?.maintenance?.rule == .oracle && changed.robots?.maintenance?.rule == .healthBelow(0.3))
        #expect(base.process == changed.process)
        #expect(e.variants[0].plant.contentHash != e.variants[1].plant.contentHash)
        #expect(e.variants[1].changes == ["stations.framing.buffer = 9", "stations.framing.robots.maintenance.rule = health_below: 0.3"])
    }

    @Test("an experiment's content hash ignores comments and layout, and follows its values")
    func contentHash() throws {
        let text = """
            plant: predictive-maintenance.yaml
            run: {replications: 3, duration: 14d}
            variants:
              - name: base
              - name: bigger-buffer
                set: {stations.framing.buffer: 9}
            """
        let same = try load("# buffers, compared\n" + text.replacingOccurrences(of: "14d}", with: "14d}   # two weeks\n"))
        let other = try load(text.replacingOccurrences(of: "buffer: 9", with: "buffer: 8"))
        let original = try load(text)
        #expect(same.contentHash == original.contentHash)
        #expect(other.contentHash != original.contentHash)
    }

    @Test("a sweep makes one variant per grid point, named by its values")
    func sweep() throws {
        let e = try load("""
            plant: predictive-maintenance.yaml
            sweep:
              stations.framing.buffer: [2, 5]
              stations.framing.robots.maintenance.inspect_every: [2h, 4h, 8h]
            """)
        #expect(e.variants.count == 6)
        #expect(e.variants[0].name == "buffer=2, inspect_every=2h" && e.variants[5].name == "buffer=5, inspect_every=8h")
        #expect(e.variants[5].plant.stations[0].robots?.maintenance?.inspectEvery == Optional(Int64(8 * 3_600 * 1_000_000)))
        // Two keys ending alike are told apart by their paths; a mapping value is written on one line.
        let two = try load("""
            plant: ../validation/two-station-buffer.yaml
            sweep:
              stations.a.buffer: [2]
              stations.b.buffer: [3]
              stations.a.process: [{dist: lognormal, mean: 54s, cv: 0.3}]
            """)
        #expect(two.variants.map(\.name) == ["a.buffer=2, b.buffer=3, process={dist: lognormal, mean: 54s, cv: 0.3}"])
    }

    @Test("mistakes are reported in the experiment file, where they are written")
    func mistakes() {
        #expect(errors("plant: predictive-maintenance.yaml\nvariants:\n  - name: a\n    set: {stations.framin.buffer: 3}\n")
            .contains("variants[0].set.stations.framin.buffer: 'stations' has no item named 'framin' (did you mean 'framing'?)"))
        #expect(errors("plant: predictive-maintenance.yaml\nvariants:\n  - name: a\n    set: {stations.framing.buffer: -3}\n")
            .contains(".test-experiment-"))
        #expect(errors("plant: predictive-maintenance.yaml\nvariants:\n  - name: a\n    set: {stations.framing.buffer: -3}\n")
            .contains("variants[0].set.stations.framing.buffer"))
        #expect(errors("plant: predictive-maintenance.yaml\nbaseline: b\nvariants: [{name: a}]\n").contains("no variant is named 'b'"))
        #expect(errors("plant: nowhere.yaml\nvariants: [{name: a}]\n").contains(":1:8: plant: no plant file at"))
        #expect(errors("plant: predictive-maintenance.yaml\nvariants:\n  - name: a\n    set: {stations.framing.bufer: 3}\n")
            .contains(":4:11: variants[0].set.stations.framing.bufer: unknown key 'bufer' (did you mean 'buffer'?)"))
        #expect(errors("plant: predictive-maintenance.yaml\nvariants: [{name: a}, {name: a}]\n").contains("variant name 'a' is used twice"))
        #expect(errors("plant: predictive-maintenance.yaml\nfigures: [throughput]\nvariants: [{name: a}]\n").contains("unknown value 'throughput'"))
        #expect(errors("plant: predictive-maintenance.yaml\n").contains("missing 'variants'"))
        let one = errors("plant: predictive-maintenance.yaml\nrun: {replications: 1}\nvariants: [{name: a}]\n")
        #expect(one.contains(":2:21: run.replications: must be in 2…100000, got 1") && one.contains("takt run PLANT --replications 1"))
        #expect(errors("plant: predictive-maintenance.yaml\nrun: {replications: 0}\nvariants: [{name: a}]\n").contains("must be in 2…100000, got 0"))
    }

    @Test("one pass reports every mistake: a variant's plant, the baseline, the run and the figures at once")
    func allAtOnce() {
        let found = errors("""
            plant: predictive-maintenance.yaml
            baseline: b
            run: {duration: 0s}
            figures: [throughput]
            variants:
              - name: a
                set: {stations.framing.bufer: 3}
            """)
        for text in [":2:11: baseline: no variant is named 'b'", ":3:17: run.duration: duration must be greater than 0", "figures[0]: unknown value 'throughput'",
                     ":7:11: variants[0].set.stations.framing.bufer: unknown key 'bufer'"] {
            #expect(found.contains(text), "\(text) missing from: \(found)")
        }
    }

    @Test("select: is read with its defaults, sets the first stage, and its mistakes are reported where they are written")
    func experimentFile() throws {
        let head = "plant: predictive-maintenance.yaml\nvariants: [{name: a}, {name: b}]\n"
        let e = try load(head + "figures: [lead_time_mean, failures]\nselect: {indifference: 30}\n")
        #expect(e.selection == .init(figure: "lead_time_mean", indifference: 30, confidence: 0.95, firstStage: 10, maxReplications: 1000))
        #expect(e.settings.replications == 10)
        // A figure in seconds takes a duration, as its constraints do.
        #expect(try load(head + "figures: [lead_time_mean]\nselect: {indifference: 1min}\n").selection?.indifference == 60)
        let f = try load(head + "select: {figure: failures, indifference: 0.5, confidence: 0.99, first_stage: 20, max_replications: 300}\n")
        #expect(f.selection == .init(figure: "failures", indifference: 0.5, confidence: 0.99, firstStage: 20, maxReplications: 300))
        #expect(f.settings.replications == 20)
        #expect(errors(head + "select: {figure: failures}\n").contains("select: missing required key 'indifference'"))
        #expect(errors(head + "select: {indifference: -1}\n").contains("select.indifference: must be a positive number"))
        #expect(errors(head + "select: {indifference: 1, confidence: 1}\n").contains("must be at least 0.5 and below 1"))
        #expect(errors(head + "select: {indifference: 1, first_stage: 3}\n").contains("select.first_stage"))
        #expect(errors(head + "select: {indifference: 1, first_stage: 20, max_replications: 20}\n").contains("select.max_replications"))
        #expect(errors(head + "select: {indifference: 1, figure: troughput}\n").contains("unknown value 'troughput'"))
        #expect(errors(head + "select: {indifference: 1}\nprecision: {relative: 0.01}\n").contains("select and precision cannot be combined"))
        #expect(errors("plant: predictive-maintenance.yaml\nvariants: [{name: a}]\nselect: {indifference: 1}\n").contains("at least two variants"))
    }

    @Test("precision: its figure is measured even when figures: leaves it out; one the plant does not report is refused")
    func precisionFigure() throws {
        let head = "plant: predictive-maintenance.yaml\nvariants: [{name: a}, {name: b}]\nfigures: [throughput_per_operating_hour]\n"
        let e = try load(head + "precision: {figure: lead_time_mean, relative: 0.01, max_replications: 30}\n")
        #expect(e.figures == ["throughput_per_operating_hour", "lead_time_mean"] && e.precision?.figure == "lead_time_mean")
        #expect(errors(head + "precision: {figure: tardiness_max, relative: 0.01}\n").contains("variant 'a' does not report 'tardiness_max'"))
    }
}
