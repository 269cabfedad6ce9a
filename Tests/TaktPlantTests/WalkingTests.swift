import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Workers walking between the stations of their pool.
@Suite("Workers walking")
struct WalkingTests {
    func run(_ yaml: String) throws -> ReplicationResult {
        let plant = try PlantLoader.parse(yaml: yaml, file: "walking.yaml", directory: Repository.root)
        return try Replication.run(plant, settings: plant.run, replication: 0)
    }

    static func twoStations(walk: String, second: String = "b") -> String {
        """
        plant: walking
        run: {duration: 2d, warmup: 1h, seed: 1}
        workers: [{name: w, count: 1\(walk)}]
        sources: [{name: sa, unlimited: true, next: a}, {name: sb, unlimited: true, next: \(second)}]
        stations:
          - {name: a, process: 60s, buffer: 1, workers: w, next: out}
          - {name: b, process: 60s, buffer: 1, workers: w, next: out}
        sinks: [{name: out}]
        """
    }

    @Test("One worker alternating between two stations walks before every job: 60 s of work in every 90 s")
    func alternating() throws {
        let still = try run(Self.twoStations(walk: ""))
        let walking = try run(Self.twoStations(walk: ", walk: 30s"))
        // First come, first served: each finished job's station asks again behind the other, so the worker alternates.
        #expect(abs(still.throughputPerHour - 60) < 0.1)
        #expect(abs(walking.throughputPerHour - 40) < 0.1, "\(walking.throughputPerHour)")
        #expect(abs(walking.workerPools[0].walking - 1.0 / 3) < 1e-3)
        #expect(abs(walking.workerPools[0].utilization - 1) < 1e-9)  // walking is part of being at work
        for s in walking.stations {
            #expect(abs(s.working - 1.0 / 3) < 1e-3 && abs(s.waitingWorker - 2.0 / 3) < 1e-3)
        }
        // A walk of no time is no walk.
        let zero = try run(Self.twoStations(walk: ", walk: 0s"))
        #expect(zero.jobsCompleted == still.jobsCompleted && zero.leadTimeMean == still.leadTimeMean && zero.workerPools[0].walking == 0)
    }

    @Test("A worker who stays at one station walks once, to get there")
    func staying() throws {
        let yaml = Self.twoStations(walk: ", walk: 30s").replacingOccurrences(of: "  - {name: b, process: 60s, buffer: 1, workers: w, next: out}\n", with: "")
            .replacingOccurrences(of: ", {name: sb, unlimited: true, next: b}", with: "")
        let r = try run(yaml)
        // One walk at the start, before the measured window: a job a minute.
        #expect(abs(r.throughputPerHour - 60) < 0.1 && r.workerPools[0].walking == 0)
    }

    @Test("Repair crews walk too: a technician shared by two stations keeps each down longer")
    func crews() throws {
        func plant(_ walk: String) -> String {
            """
            plant: crews
            run: {duration: 120d, warmup: 2d, seed: 4}
            workers: [{name: technicians, count: 1\(walk)}]
            sources: [{name: in, interarrival: {dist: exponential, mean: 20min}, next: a}]
            stations:
              - {name: a, process: 60s, failures: {mttf: 8h, mttr: 30min, basis: calendar, repair: technicians}, next: b}
              - {name: b, process: 60s, failures: {mttf: 8h, mttr: 30min, basis: calendar, repair: technicians}, next: out}
            sinks: [{name: out}]
            """
        }
        let still = try run(plant("")), walking = try run(plant(", walk: 10min"))
        #expect(walking.stations[0].failed > still.stations[0].failed && walking.stations[1].failed > still.stations[1].failed)
        #expect(walking.workerPools[0].walking > 0 && walking.workerPools[0].repairs > 0)
        // About half the repairs follow one at the other station, each with a 10-minute walk: at most one walk per repair.
        let repairHours = Double(walking.workerPools[0].repairs) * (30.0 + 10) / 60
        #expect(walking.workerPools[0].utilization * walking.operatingHours <= repairHours * 1.2)
    }
}
