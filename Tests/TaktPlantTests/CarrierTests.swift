import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Carrier loops: a job starts at the load station only on a free carrier and leaves it at the unload station.
@Suite("Carriers")
struct CarrierTests {
    func run(_ yaml: String) throws -> ReplicationResult {
        let plant = try PlantLoader.parse(yaml: yaml, file: "carriers.yaml", directory: Repository.root)
        return try Replication.run(plant, settings: plant.run, replication: 0)
    }

    static func line(carriers: String) -> String {
        """
        plant: line
        run: {duration: 10d, warmup: 1d, seed: 4}
        sources: [{name: in, interarrival: {dist: exponential, mean: 70s}, next: load}]
        stations:
          - {name: load, process: {dist: exponential, mean: 50s}, buffer: 20, next: paint\(carriers)}
          - {name: paint, process: {dist: uniform, min: 30s, max: 60s}, buffer: 10, next: unload}
          - {name: unload, process: {dist: exponential, mean: 40s}, buffer: 10, next: out}
        sinks: [{name: out}]
        """
    }

    @Test("More carriers than can ever be in use change no figure of the line; few bound the jobs between load and unload")
    func plentyAndFew() throws {
        let plain = try run(Self.line(carriers: ""))
        let plenty = try run(Self.line(carriers: ", carriers: {count: 500, unload: unload, return: 3min}"))
        #expect(plain.jobsCompleted == plenty.jobsCompleted && plain.leadTimeMean == plenty.leadTimeMean && plain.workInProcess == plenty.workInProcess)
        #expect(plenty.stations[0].carrierShortage == 0 && plenty.stations[0].carriersInUse > 0)
        let few = try run(Self.line(carriers: ", carriers: {count: 2, unload: unload, return: 3min}"))
        #expect(few.stations[0].carrierShortage > 0.5)
        #expect(few.jobsCompleted < plain.jobsCompleted)
        // Two carriers, each on a cycle of at least load + paint + unload + return (≈ 50 + 45 + 40 + 180 s).
        #expect(few.throughputPerHour < 2 * 3600 / 315 * 1.05)
        #expect(few.stations[0].carrierCycle > 315 * 0.9)
    }

    @Test("A job that leaves the plant before the unload station sends its carrier back: none is lost")
    func noneLost() throws {
        let r = try run("""
            plant: scrap
            run: {duration: 10d, warmup: 1d, seed: 9}
            sources: [{name: in, unlimited: true, next: load}]
            stations:
              - {name: load, process: 30s, buffer: 1, next: test, carriers: {count: 2, unload: unload}}
              - {name: test, process: 30s, next: [unload, scrap], route: probability, weights: [0.5, 0.5]}
              - {name: unload, process: 30s, next: out}
            sinks: [{name: out}, {name: scrap}]
            """)
        // With carriers lost at the scrap sink the loop would stop within minutes; it runs the whole 9 days.
        #expect(r.jobsCompleted > 9 * 86_400 / 120)
        #expect(r.stations[0].carriersInUse > 0.5 && r.stations[0].carriersInUse <= 1)
    }

    @Test("A part consumed by an assembly before its carrier's unload station sends the carrier back")
    func partsReturnCarriers() throws {
        let r = try run("""
            plant: feeder-carriers
            run: {duration: 6d, warmup: 1d, seed: 3}
            sources: [{name: bodies, unlimited: true, next: marriage}, {name: cells, unlimited: true, next: pack}]
            stations:
              - {name: pack, process: 40s, buffer: 1, next: marriage, carriers: {count: 3, unload: final, return: 2min}}
              - {name: marriage, process: 40s, buffer: 2, assembly: {parts: [pack], part_buffer: 2}, next: final}
              - {name: final, process: 40s, buffer: 2, next: out}
            sinks: [{name: out}]
            """)
        // The packs never reach final, so only their consumption can free the carriers. Each is consumed as it arrives
        // (the marriage is faster), so a carrier's cycle is 40 s of packing and 120 s back: 3 carriers make 67.5 cars an hour.
        #expect(abs(r.jobsCompleted - 5 * 24 * 675 / 10) <= 3, "\(r.jobsCompleted)")
        #expect(abs(r.stations[0].carrierCycle - 160) < 1e-6)
    }

    @Test("Carrier mistakes are reported at their place")
    func mistakes() {
        func message(_ carriers: String) -> String {
            do {
                _ = try PlantLoader.parse(yaml: Self.line(carriers: ", carriers: \(carriers)"), file: "bad.yaml", directory: Repository.root)
                return ""
            } catch { return error.description }
        }
        #expect(message("{count: 2, unload: out}").contains("stations[0].carriers.unload: carriers are unloaded at a station, not at a sink"))
        #expect(message("{count: 2, unload: unlaod}").contains("no station or sink is named 'unlaod' (did you mean 'unload'?)"))
        #expect(message("{unload: unload}").contains("stations[0].carriers: missing required key 'count'"))
        #expect(message("{count: 0, unload: unload}").contains("stations[0].carriers.count"))
        #expect(message("{count: 2, unload: unload, retrun: 1min}").contains("unknown key 'retrun' (did you mean 'return'?)"))
    }
}
