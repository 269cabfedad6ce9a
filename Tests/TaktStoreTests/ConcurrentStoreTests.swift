import Dispatch
import Foundation
import GRDB
@testable import TaktStore
import Testing

/// Many writers on one store, each with its own connection, as separate processes have.
@Suite("Run store under concurrent writers")
struct ConcurrentStoreTests {
    static let writers = 8
    static let runsPerWriter = 3

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("concurrent-\(UUID().uuidString).sqlite").path
    }

    func run(writer: Int, replication: Int) -> RunRecord {
        RunRecord(batch: "writer-\(writer)", startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", plantName: "p",
                  plantPath: "p.yaml", plantHash: String(repeating: "a", count: 64), seed: Int64(writer), replication: replication,
                  taktVersion: "test", durationS: 10, warmupS: 1, wallSeconds: 0.5, events: 100)
    }

    /// Starts `writers` threads at once; each opens the store at `path` itself and writes its runs. Returns the errors.
    func writeConcurrently(to path: String) -> [String] {
        let errors = ErrorList()
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for writer in 0..<Self.writers {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                start.wait()
                do {
                    let store = try RunStore(path: path)
                    for replication in 0..<Self.runsPerWriter {
                        try store.record(run(writer: writer, replication: replication),
                                         metrics: [RunMetricRecord(name: "throughput_per_hour", value: Double(writer), unit: "jobs/h"),
                                                   RunMetricRecord(name: "failures", value: Double(replication), unit: "count")],
                                         stations: [StationStatRecord(position: 0, station: "s", servers: 1, jobs: writer, meanWaitS: 1,
                                                                      meanTimeInStationS: 2, probWait: 0.5, meanQueueLength: 0.1,
                                                                      utilization: 0.8, working: 0.8, starved: 0.1, blocked: 0.05, failed: 0.05)])
                    }
                } catch {
                    errors.append("writer \(writer): \(error)")
                }
            }
        }
        for _ in 0..<Self.writers { start.signal() }
        group.wait()
        return errors.all
    }

    /// Every writer's every run, each with both metrics and its station row.
    func expectComplete(_ path: String, runsBefore: Int = 0) throws {
        let queue = try DatabaseQueue(path: path)
        let expected = runsBefore + Self.writers * Self.runsPerWriter
        let counts = try queue.read { db in
            try ["runs": "SELECT count(*) FROM runs",
                 "distinct": "SELECT count(DISTINCT batch || '/' || replication) FROM runs",
                 "metrics": "SELECT count(*) FROM run_metrics",
                 "stations": "SELECT count(*) FROM station_stats",
                 "migrations": "SELECT count(*) FROM grdb_migrations"].mapValues { try Int.fetchOne(db, sql: $0) ?? -1 }
        }
        #expect(counts["runs"] == expected)
        #expect(counts["distinct"] == expected)
        #expect(counts["metrics"] == 2 * expected)
        #expect(counts["stations"] == expected)
        #expect(counts["migrations"] == Schema.migrations.count)
    }

    @Test("Eight writers opening a store that does not exist yet all succeed and every run is stored (10 rounds)")
    func newStore() throws {
        for _ in 0..<10 {
            let path = temporaryPath()
            let errors = writeConcurrently(to: path)
            #expect(errors.isEmpty, "\(errors)")
            try expectComplete(path)
        }
    }

    @Test("Eight writers upgrading a store of the first schema at once keep its run and store every new one (5 rounds)")
    func oldStore() throws {
        for _ in 0..<5 {
            let path = temporaryPath()
            try MigrationTests.makeFirstSchemaStore(at: path)
            let errors = writeConcurrently(to: path)
            #expect(errors.isEmpty, "\(errors)")
            try expectComplete(path, runsBefore: 1)
        }
    }

    @Test("Eight writers on an existing, up-to-date store all succeed")
    func existingStore() throws {
        let path = temporaryPath()
        _ = try RunStore(path: path)
        #expect(writeConcurrently(to: path).isEmpty)
        try expectComplete(path)
    }
}

/// Errors collected from several threads.
private final class ErrorList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func append(_ error: String) { lock.withLock { list.append(error) } }
    var all: [String] { lock.withLock { list } }
}
