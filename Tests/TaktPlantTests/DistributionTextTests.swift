import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Distributions written in the plant file's syntax read back as the same distributions.
@Suite("Distributions written as plant files read them")
struct DistributionTextTests {
    static let kinds: [Distribution.Kind] = [
        .deterministic(value: 76), .exponential(mean: 5_700), .uniform(min: 40.5, max: 81),
        .triangular(min: 0.25, mode: 0.5, max: 1.75), .normal(mean: 62.4137, sd: 11.3181),
        .lognormal(mean: 1_171.9, cv: 0.59921), .gamma(shape: 34.6127, mean: 62.6271),
        .weibull(shape: 1.85766, scale: 1_312_500),
    ]

    @Test("every family's text reads back to its parameters within four significant digits")
    func roundTrip() throws {
        for kind in Self.kinds {
            let text = try #require(DistributionText.yaml(kind))
            let plant = try PlantLoader.parse(yaml: """
                plant: fitted
                sources: [{name: in, takt: 10min, next: a}]
                stations: [{name: a, process: \(text), next: out}]
                sinks: [{name: out}]
                """, file: "fitted.yaml", directory: Repository.root)
            let read = plant.stations[0].process.kind
            func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 5e-4 * abs(b) }
            switch (read, kind) {
            case let (.deterministic(a), .deterministic(b)), let (.exponential(a), .exponential(b)): #expect(close(a, b), "\(text)")
            case let (.uniform(a1, a2), .uniform(b1, b2)), let (.normal(a1, a2), .normal(b1, b2)),
                 let (.lognormal(a1, a2), .lognormal(b1, b2)), let (.gamma(a1, a2), .gamma(b1, b2)),
                 let (.weibull(a1, a2), .weibull(b1, b2)):
                #expect(close(a1, b1) && close(a2, b2), "\(text) read as \(read)")
            case let (.triangular(a1, a2, a3), .triangular(b1, b2, b3)):
                #expect(close(a1, b1) && close(a2, b2) && close(a3, b3), "\(text)")
            default: Issue.record("\(text) read as \(read)")
            }
        }
        #expect(DistributionText.yaml(.empirical(values: [1, 2], interpolate: false)) == nil)
    }

    @Test("a shifted family's text reads back with its shift, in the unit of the whole; a shift elsewhere is refused at its key")
    func shiftedRoundTrip() throws {
        func read(_ process: String) throws -> Distribution {
            try PlantLoader.parse(yaml: """
                plant: shifted
                sources: [{name: in, takt: 10min, next: a}]
                stations: [{name: a, process: \(process), next: out}]
                sinks: [{name: out}]
                """, file: "shifted.yaml", directory: Repository.root).stations[0].process
        }
        let text = try #require(DistributionText.yaml(.lognormal(mean: 50, cv: 0.5), shift: 100))
        #expect(text == "{dist: lognormal, mean: 0.8333min, cv: 0.5, shift: 1.667min}")
        let d = try read(text)
        #expect(abs(d.shift - 100) < 0.05 && abs(d.mean - 150) < 0.1)  // four significant digits
        #expect(try read("{dist: erlang, k: 2, mean: 30s, shift: 15s}").mean == 45)
        #expect(try read("{dist: weibull, shape: 2, scale: 1min, shift: 2s}").shift == 2)
        for (process, message) in [("{dist: normal, mean: 30s, sd: 3s, shift: 5s}", "unknown key 'shift'"),
                                   ("{dist: gamma, mean: 30s, cv: 1, shift: -5s}", "shift")] {
            #expect(throws: PlantFileErrors.self) { try read(process) }
            do {
                _ = try read(process)
            } catch {
                #expect("\(error)".contains("shifted.yaml:3:") && "\(error)".contains(message), "\(error)")
            }
        }
    }

    @Test("durations take the unit that keeps them readable, numbers no exponent")
    func units() {
        #expect(DistributionText.duration(0.0125) == "12.5ms")
        #expect(DistributionText.duration(62.41) == "62.41s")
        #expect(DistributionText.duration(1_171.9) == "19.53min")
        #expect(DistributionText.duration(5 * 3600) == "5h")
        #expect(DistributionText.duration(1_312_500) == "15.19d")
        #expect(DistributionText.number(1234.56) == "1235")
        #expect(DistributionText.number(0.000123456) == "0.0001235")
    }
}
