import Foundation
@testable import TaktPlant
import TaktTestSupport
import Testing

/// Plant files written to exhaust time: each case is refused quickly with the usual error.
@Suite("Hostile plant files")
struct HostilePlantTests {
    func errors(_ yaml: String) -> [PlantFileError] { PlantErrors.errors(in: yaml, file: "hostile.yaml") }

    @Test("a mistyped 100,000-character name gets no suggestion, and no quadratic edit distance")
    func longNames() throws {
        let name = String(repeating: "a", count: 100_000)
        let yaml = """
            plant: long
            sources:
              - {name: in, takt: 60s, next: \(name)}
            stations:
              - name: \(name)
                process: {dist: exponential, mean: 40s}
                next: \(name.dropLast())b
            sinks:
              - name: out
            """
        let started = Date()
        let error = try #require(errors(yaml).first)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(error.keyPath == "stations[0].next" && error.message.hasPrefix("no station or sink is named 'aaa") && !error.message.contains("did you mean"))
        #expect(Suggestion.closest(to: "paint-both", in: ["paint-booth", String(repeating: "p", count: 1 << 20)]) == "paint-booth")
    }
}
