import Foundation
import TaktStore
import TaktTestSupport
import Testing

/// Several `takt run`s started together on one store, as a Slurm array's tasks or two terminals do.
@Suite("Concurrent takt runs on one store")
struct ConcurrentRunsTests {
    static let processes = 8
    static let replications = 2

    func arguments(db: String, seed: Int) -> [String] {
        ["run", Repository.path("Plants/validation/mm1.yaml"), "--db", db, "--replications", "\(Self.replications)",
         "--seed", "\(seed)", "--duration", "2d", "--warmup", "2h"]
    }

    /// Starts the processes at once and checks each exits 0 and every replication is stored whole.
    func runTogether(db: String, runsBefore: Int) throws {
        let outcomes = try CLI.runConcurrently((0..<Self.processes).map { arguments(db: db, seed: $0 + 1) })
        for (i, outcome) in outcomes.enumerated() {
            #expect(outcome.status == 0, "process \(i): \(outcome.stderr)")
        }
        let store = try RunStore(path: db)
        let expected = runsBefore + Self.processes * Self.replications
        #expect(try store.runCount() == expected)
        let runs = try store.recentRuns(limit: expected + 10)
        #expect(Set(runs.map { "\($0.batch)/\($0.replication)" }).count == expected)
        let metricCounts = try runs.map { try store.metrics(runID: try #require($0.id)).count }
        let stationCounts = try runs.map { try store.stations(runID: try #require($0.id)).count }
        #expect(Set(metricCounts).count == 1 && metricCounts[0] > 10, "\(metricCounts)")
        #expect(stationCounts.allSatisfy { $0 == 1 }, "\(stationCounts)")
    }

    @Test("Eight runs started at once on a store that does not exist yet all succeed and store every replication (3 rounds)")
    func newStore() throws {
        for _ in 0..<3 {
            let db = try CLI.temporaryDirectory().appendingPathComponent("new.sqlite").path
            try runTogether(db: db, runsBefore: 0)
        }
    }

    @Test("Eight runs started at once on an existing store all succeed and store every replication")
    func existingStore() throws {
        let db = try CLI.temporaryDirectory().appendingPathComponent("existing.sqlite").path
        try runTogether(db: db, runsBefore: 0)
        try runTogether(db: db, runsBefore: Self.processes * Self.replications)
    }
}
