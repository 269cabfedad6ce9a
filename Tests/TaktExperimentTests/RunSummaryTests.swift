import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// The run's JSON object: plant-level figures written where their declarations say.
@Suite("Run summary JSON")
struct RunSummaryTests {
    /// The summary of two short replications of the example plant `name`, and its JSON object.
    func summary(_ name: String) throws -> (RunSummary, [String: Any]) {
        let plant = try PlantLoader.load(path: Repository.path("Plants/examples/\(name).yaml"))
        var settings = plant.run
        settings.replications = 2
        settings.duration = 2 * 86_400 * Ticks.perSecond
        settings.warmup = 4 * 3_600 * Ticks.perSecond
        let results = try ReplicationRunner.run(plant, settings: settings, threads: 1)
        let summary = RunSummary(plant: plant, settings: settings, results: results, version: "test", wallSeconds: 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.jsonText().utf8)) as? [String: Any])
        return (summary, json)
    }

    /// The number at `path` in `json`.
    func number(_ json: [String: Any], _ path: [String]) -> Double? {
        var object = json
        for key in path.dropLast() { guard let inner = object[key] as? [String: Any] else { return nil }; object = inner }
        return (object[path.last!] as? NSNumber)?.doubleValue
    }

    @Test("each declared figure the plant reports is in the JSON at its place, with its mean; the others are not",
          arguments: ["energy", "rework", "shifts"])
    func declaredPlaces(plant name: String) throws {
        let (summary, json) = try summary(name)
        let plant = try PlantLoader.load(path: Repository.path("Plants/examples/\(name).yaml"))
        for figure in ResultFigure.all + ResultFigure.stored {
            guard let path = figure.json else { continue }
            let written = number(json, path)
            if figure.isReported(by: plant) {
                let mean = summary[figure.name].mean
                // The JSON keeps 12 significant digits.
                #expect(written.map { abs($0 - mean) <= 1e-10 * max(1, abs(mean)) } == true, "\(figure.name) at \(path): \(String(describing: written)), mean \(mean)")
            } else {
                #expect(written == nil, "\(figure.name) is not reported by \(name)")
            }
        }
        let places = (ResultFigure.all + ResultFigure.stored).compactMap(\.json)
        #expect(Set(places.map { $0.joined(separator: "/") }).count == places.count, "each place holds one figure")
    }
}

@Suite("Policy process failures summed for a warning")
struct ProcessFailuresTests {
    @Test("sites whose process failed are summed over the runs, with the fallback's share and the first failure's first line; others are left out")
    func summed() {
        let failures = ProcessFailures(runs: [
            [("pick at booth", 100, 0, nil), ("release at src", 50, 0, nil)],
            [("pick at booth", 100, 60, "answered request 40 with 'x'\nstderr tail"), ("release at src", 50, 0, nil)],
            [("pick at booth", 100, 90, "exited with code 1")],
        ])
        #expect(failures.sites.count == 1)
        let site = failures.sites[0]
        #expect(site.failedRuns == 2 && site.runs == 3 && site.fallbacks == 150 && site.decisions == 300 && site.first == "answered request 40 with 'x'")
        #expect(failures.sentences(variant: "v") == ["variant 'v': the policy process at pick at booth failed in 2 of 3 replications; its fallback made "
            + "150 of the 300 decisions there (50%), so its figures are partly the fallback's. First failure: answered request 40 with 'x'"])
        #expect(ProcessFailures(runs: [[("pick at booth", 10, 0, nil)]]).sentences(variant: nil).isEmpty)
    }
}
