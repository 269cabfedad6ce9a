import TaktPlant
import TaktTestSupport
import Testing

/// Overrides (`--set`, an experiment variant's `set:`) that remove what they name.
@Suite("Plant overrides that remove")
struct PlantOverrideTests {
    let yaml = """
        colours: [{name: red, mix: 1}, {name: blue, mix: 1}]
        sources: [{name: in, takt: 60s, next: paint}, {name: extra, takt: 90s, next: spare}]
        stations:
          - {name: paint, process: 50s, changeover: {by: colour, time: 2min}, next: pack}
          - {name: pack, process: 30s, next: out}
          - {name: spare, process: 30s, next: out}
        sinks: [{name: out}]
        """

    func parse(_ sets: [String]) throws -> PlantDescription {
        try PlantLoader.parse(yaml: yaml, file: "plant.yaml", directory: Repository.root, overrides: sets.map { try PlantOverride.commandLine($0) })
    }

    @Test("null or ~ removes a key or a list item; a quoted 'null' is a value")
    func removes() throws {
        #expect(try parse([]).stations[0].changeover != nil)
        #expect(try parse(["stations.paint.changeover=null"]).stations[0].changeover == nil)
        #expect(try parse(["stations.paint.changeover=~"]).stations[0].changeover == nil)
        // A source and the station it feeds removed together; the station alone leaves the source pointing nowhere.
        let smaller = try parse(["sources.extra=null", "stations.spare=null"])
        #expect(smaller.stations.map(\.name) == ["paint", "pack"] && smaller.sources.map(\.name) == ["in"])
        #expect(throws: PlantFileErrors.self) { try parse(["stations.spare=null"]) }
        #expect(throws: PlantFileErrors.self) { try parse(["stations.paint.changeover='null'"]) }
    }

    @Test("removing a key that is not there is an error naming it")
    func missing() {
        do {
            _ = try parse(["stations.paint.changover=null"])
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("'stations[0]' has no key 'changover' to remove (did you mean 'changeover'?)"), "\(error)")
        }
    }
}
