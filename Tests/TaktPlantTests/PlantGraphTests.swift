import TaktPlant
import TaktTestSupport
import Testing

/// The plant graph's checks: a loop with no way out and unreachable stations, each one mistake said once.
@Suite("Plant graph checks")
struct PlantGraphTests {
    /// A line load → press → test → pack, with a rework station; `edits` change it.
    func errors(_ edits: [(String, String)]) -> [String] {
        var yaml = """
            sources: [{name: in, takt: 60s, next: load}]
            stations:
              - {name: load, process: 30s, next: press}
              - {name: press, process: 40s, next: test}
              - {name: test, process: 40s, next: pack}
              - {name: rework, process: 5min, next: test}
              - {name: pack, process: 30s, next: out}
            sinks: [{name: out}]
            """
        for (old, new) in edits { yaml = yaml.replacingOccurrences(of: old, with: new) }
        return PlantErrors.of(yaml)
    }

    @Test("A loop with no way out is one error naming its stations and where each sends jobs; the stations before it are not errors")
    func loop() {
        // test sends its jobs back to press instead of on to pack: press and test trap every job; load feeds them.
        let found = errors([("process: 40s, next: pack}", "process: 40s, next: press}")])
        let loop = found.filter { $0.contains("only among themselves") }
        #expect(loop.count == 1 && loop[0].contains("stations[1]: stations 'press' (next: test), 'test' (next: press) send their jobs only among themselves"),
                "\(found)")
        #expect(!found.contains { $0.contains("'load'") && !$0.contains("unreachable") }, "\(found)")
        // rework and pack are cut off by the same mistake: one error lists both.
        #expect(found.filter { $0.contains("unreachable") } == ["plant.yaml:6:5: stations[3]: stations 'rework', 'pack' are unreachable: no source feeds them, directly or through other stations"],
                "\(found)")
        #expect(found.count == 2)
    }

    @Test("A station that sends its jobs to itself is named alone")
    func selfLoop() {
        let found = errors([("{name: press, process: 40s, next: test}", "{name: press, process: 40s, next: press}")])
        #expect(found.first { $0.contains("sends its jobs only back to itself") }?.contains("station 'press' (next: press)") == true, "\(found)")
    }
}
