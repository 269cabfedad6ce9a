import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// A line that cannot keep up is said to be one; a line that settles, however busy, is not.
@Suite("Lines that do not settle")
struct UnsettledTests {
    /// Three stations in a row, arrivals every 60 s on average; the middle one has `servers` servers of mean service time `service` seconds.
    /// `buffer`: the middle one's buffer.
    func plant(service: Int, servers: Int = 1, buffer: String = "unlimited") throws -> PlantDescription {
        try PlantLoader.parse(yaml: """
            run: {duration: 14d, warmup: 1d, replications: 4, seed: 7}
            sources: [{name: arrivals, interarrival: {dist: exponential, mean: 60s}, next: cell}]
            stations:
              - {name: before, process: {dist: exponential, mean: 20s}, buffer: unlimited, next: cell}
              - {name: cell, servers: \(servers), process: {dist: exponential, mean: \(service)s}, buffer: \(buffer), next: after}
              - {name: after, process: {dist: exponential, mean: 20s}, buffer: unlimited, next: out}
            sinks: [{name: out}]
            """.replacingOccurrences(of: "next: cell}]", with: "next: before}]"), file: "mm1.yaml", directory: Repository.root)
    }

    @Test("Arrivals at 1.25 times a station's capacity: flagged, naming that station, with the jobs gained")
    func overloaded() throws {
        let plant = try plant(service: 75)
        let results = try ReplicationRunner.run(plant, settings: plant.run)
        let verdict = try #require(Unsettled(results: results, plant: plant))
        #expect(verdict.station == "cell" && verdict.queueStation == "cell" && verdict.starved <= Unsettled.starvedAtMost)
        // 60 arrivals an hour against 48 served: about 12 × 13 × 24 = 3744 jobs gained over the 13 measured days.
        #expect(verdict.growth > 3000 && verdict.growth < 4500, "\(verdict)")
        #expect(verdict.growth > verdict.workInProcess)
        let json = try RunSummary(plant: plant, settings: plant.run, results: results, version: "test", wallSeconds: 0).jsonText()
        #expect(json.contains("\"unsettled_station\" : \"cell\"") || json.contains("\"unsettled_station\":\"cell\""), "\(json.prefix(600))")
    }

    @Test("Jobs piling up before a station that is blocked by the next: the next is the one that cannot keep up")
    func heldBack() throws {
        let plant = try plant(service: 75, buffer: "2")
        let results = try ReplicationRunner.run(plant, settings: plant.run)
        let verdict = try #require(Unsettled(results: results, plant: plant))
        #expect(verdict.queueStation == "before" && verdict.station == "cell", "\(verdict)")
        #expect(verdict.queue > 1000)
    }

    @Test("Lines that settle are not flagged: busy (ρ = 0.95) or with a second server (ρ = 0.625)", arguments: [(57, 1), (75, 2)])
    func settles(service: Int, servers: Int) throws {
        var plant = try plant(service: service, servers: servers)
        for seed in UInt64(1)...5 {
            plant.run.seed = seed
            let results = try ReplicationRunner.run(plant, settings: plant.run)
            #expect(Unsettled(results: results, plant: plant) == nil, "seed \(seed): \(String(describing: Unsettled(results: results, plant: plant)))")
        }
    }
}
