import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

@Suite("Determinism")
struct DeterminismTests {
    func results(_ plant: PlantDescription, seed: UInt64, threads: Int) throws -> [ReplicationResult] {
        var settings = plant.run
        settings.seed = seed
        settings.duration = 3 * 86_400 * Ticks.perSecond
        settings.warmup = 3600 * Ticks.perSecond
        settings.replications = 4
        return try ReplicationRunner.run(plant, settings: settings, threads: threads).map {
            var r = $0
            r.wallSeconds = 0
            return r
        }
    }

    @Test("Same seed gives identical figures whatever the thread count; another seed differs")
    func sameSeed() throws {
        let plant = try PlantLoader.load(path: Repository.path("Plants/bench/serial-50.yaml"))
        let one = try results(plant, seed: 5, threads: 1)
        let two = try results(plant, seed: 5, threads: 2)
        #expect(one == two)
        let other = try results(plant, seed: 6, threads: 2)
        #expect(one.map(\.jobsCompleted) != other.map(\.jobsCompleted))
        #expect(one.map(\.leadTimeMean) != other.map(\.leadTimeMean))
        // Replications of one run differ from each other too.
        #expect(Set(one.map(\.leadTimeMean)).count == one.count)
    }

    @Test("Adding a station leaves the other stations' random numbers untouched")
    func independentStreams() throws {
        // The same upstream line, with and without an extra station at its end:
        // the upstream station sees the same arrivals and processing times.
        func plant(extra: Bool) throws -> PlantDescription {
            let yaml = """
                plant: streams
                run: {duration: 2d, warmup: 0s, seed: 3}
                sources:
                  - {name: in, interarrival: {dist: exponential, mean: 60s}, next: first}
                stations:
                  - {name: first, process: {dist: exponential, mean: 40s}, next: \(extra ? "extra" : "out")}
                \(extra ? "  - {name: extra, process: {dist: exponential, mean: 10s}, next: out}" : "")
                sinks:
                  - {name: out}
                """
            return try PlantLoader.parse(yaml: yaml, file: "streams.yaml", directory: Repository.root)
        }
        let a = try Replication.run(try plant(extra: false), settings: try plant(extra: false).run, replication: 0)
        let b = try Replication.run(try plant(extra: true), settings: try plant(extra: true).run, replication: 0)
        #expect(a.stations[0].meanWait == b.stations[0].meanWait)
        #expect(a.stations[0].jobs == b.stations[0].jobs)
        #expect(a.leadTimeMean != b.leadTimeMean)
    }
}
