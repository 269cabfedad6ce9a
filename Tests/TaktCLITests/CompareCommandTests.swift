import Foundation
import GRDB
import TaktStore
import TaktTestSupport
import Testing

/// `takt compare`, end to end.
@Suite("takt compare, end to end")
struct CompareCommandTests {
    /// A two-variant experiment on the M/M/1 validation plant, written to `dir`.
    func experiment(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("faster.yaml").path
        try """
            experiment: faster-server
            plant: \(Repository.path("Plants/validation/mm1.yaml"))
            run: {replications: 4, duration: 5d}
            figures: [lead_time_mean, throughput_per_hour]
            variants:
              - name: base
              - name: faster
                set: {stations.server.process: {dist: exponential, mean: 30s}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("stores every replication under the experiment and its variant; --json gives the paired differences")
    func storesAndCompares() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let out = try CLI.run(["compare", try experiment(in: dir), "--db", db, "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(doc["baseline"] as? String == "base" && doc["replications"] as? Int == 4)
        let diffs = try #require(doc["differences"] as? [[String: Any]])
        let lead = try #require(diffs.first { $0["figure"] as? String == "lead_time_mean" })
        #expect(lead["significant"] as? Bool == true && lead["verdict"] as? String == "better")
        #expect(doc["ranking"] as? [String] == ["faster", "base"] || doc["ranking"] as? [String] == ["base", "faster"])
        let queue = try DatabaseQueue(path: db)
        let rows = try queue.read { try Row.fetchAll($0, sql: """
            SELECT e.name, r.variant, count(*) AS n FROM runs r JOIN experiments e ON e.id = r.experiment_id GROUP BY e.name, r.variant ORDER BY r.variant
            """) }
        #expect(rows.map { "\($0["name"] as String):\($0["variant"] as String):\($0["n"] as Int)" } == ["faster-server:base:4", "faster-server:faster:4"])
    }

    @Test("the table marks significant differences; a broken experiment is bad input (exit 2) at its line")
    func tableAndErrors() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir)
        let table = try CLI.run(["compare", path, "--no-db"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("2 variants × 4 replications, common random numbers; baseline 'base'"))
        #expect(table.stdout.contains("* better"))
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "stations.server.process", with: "stations.sever.process")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let broken = try CLI.run(["compare", path, "--no-db"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("faster.yaml:8:") && broken.stderr.contains("did you mean 'server'?"))
    }
}
