import Foundation
import TaktTestSupport
import Testing

/// `takt compare` with `select:`: the best found by Kim and Nelson's procedure, the same whatever the threads or the store.
@Suite("takt compare, selecting the best")
struct SelectionCommandTests {
    /// The M/M/1 plant and an experiment selecting the lowest mean lead time among three service times.
    func experiment(in dir: URL) throws -> String {
        try String(contentsOfFile: Repository.path("Plants/validation/mm1.yaml"), encoding: .utf8)
            .write(to: dir.appendingPathComponent("mm1.yaml"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("select.yaml").path
        try """
            experiment: select-server
            plant: mm1.yaml
            run: {duration: 3d, warmup: 6h}
            select: {figure: lead_time_mean, indifference: 5, first_stage: 6, max_replications: 200}
            figures: [lead_time_mean, work_in_process]
            variants:
              - name: base
              - name: faster
                set: {stations.server.process: {dist: exponential, mean: 36s}}
              - name: fastest
                set: {stations.server.process: {dist: exponential, mean: 30s}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func selection(_ json: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?["selection"] as? [String: Any])
    }

    @Test("selects the fastest server, identically on one thread and two, and again from the store")
    func selects() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir)
        let one = try CLI.run(["compare", path, "--json", "--no-db", "--threads", "1"], in: dir)
        let two = try CLI.run(["compare", path, "--json", "--db", "runs.sqlite", "--threads", "2"], in: dir)
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        #expect(one.stdout == two.stdout)
        let s = try selection(one.stdout)
        #expect(s["selected"] as? String == "fastest" && s["status"] as? String == "selected")
        let variants = try #require(s["variants"] as? [[String: Any]])
        #expect(variants.map { $0["status"] as? String } == ["eliminated", "eliminated", "selected"])
        let used = variants.compactMap { $0["replications"] as? Int }
        #expect(used.count == 3 && used.allSatisfy { $0 >= 6 } && used[2] == used.max())
        // The store holds exactly the replications the procedure used, and replays to the same verdict.
        let stored = try CLI.run(["compare", path, "--json", "--db", "runs.sqlite", "--from-db"], in: dir)
        #expect(stored.status == 0 && stored.stdout == two.stdout)
        let runs = try CLI.run(["runs", "--db", "runs.sqlite", "--limit", "10000"], in: dir)
        #expect(runs.stdout.split(separator: "\n").count - 1 == used.reduce(0, +), "\(runs.stdout)")
        let text = try CLI.run(["compare", path, "--db", "runs.sqlite", "--from-db"], in: dir)
        #expect(text.stdout.contains("With probability at least 95%, 'fastest' has the best mean lead time"))
        // The report replays it from the store, next to the comparison and among the findings.
        let report = try CLI.run(["report", "--db", "runs.sqlite", "--experiment", "select-server", "--out", "-", "--markdown", "report.md"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.components(separatedBy: "fastest selected after \(used[2]) replications").count == 3)  // findings and comparison
        #expect(report.stdout.contains("data-selection=\"base\""))
        let markdown = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("fastest selected after"))
    }

    @Test("under a constraint on a figure: the infeasible are named, the store holds what was used and replays it, the report shows it")
    func selectsUnderAConstraint() throws {
        let dir = try CLI.temporaryDirectory()
        let path = Repository.path("Plants/experiments/select-test-stands.yaml")
        let run = try CLI.run(["compare", path, "--json", "--db", "runs.sqlite"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let s = try selection(run.stdout)
        #expect(s["selected"] as? String == "servers=7" && s["status"] as? String == "selected")
        let check = try #require(s["feasibility"] as? [String: Any])
        let constraints = try #require(check["constraints"] as? [[String: Any]])
        #expect(constraints.count == 1 && constraints[0]["at_most"] as? Double == 3900 && constraints[0]["tolerance"] as? Double == 60)
        let variants = try #require(s["variants"] as? [[String: Any]])
        #expect(variants.map { $0["status"] as? String } == ["infeasible", "infeasible", "selected", "eliminated"])
        #expect(variants[0]["breaks"] as? String == "lead_time_mean ≤ 3900 s" && variants[3]["eliminated_by"] as? String == "servers=7")
        let means = variants.compactMap { ($0["constraint_means"] as? [String: Double])?["lead_time_mean"] }
        #expect(means.count == 4 && means[0] > 3900 && means[2] < 3900)
        // Exactly the replications the check and the selection used are stored, and replay to the same verdict.
        let used = variants.compactMap { $0["replications"] as? Int }
        let runs = try CLI.run(["runs", "--db", "runs.sqlite", "--limit", "10000"], in: dir)
        #expect(runs.stdout.split(separator: "\n").count - 1 == used.reduce(0, +), "\(runs.stdout)")
        let stored = try CLI.run(["compare", path, "--json", "--db", "runs.sqlite", "--from-db"], in: dir)
        #expect(stored.status == 0 && stored.stdout == run.stdout)
        let report = try CLI.run(["report", "--db", "runs.sqlite", "--experiment", "select-test-stands", "--out", "-"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("infeasible: lead_time_mean ≤ 3900 s not kept"))
        #expect(report.stdout.contains("constrained figures&#39; means") || report.stdout.contains("constrained figures' means"))
        #expect(report.stdout.contains("servers=7 selected after"))
    }

    @Test("a selection cannot be sharded")
    func noShards() throws {
        let dir = try CLI.temporaryDirectory()
        let sharded = try CLI.run(["compare", try experiment(in: dir), "--shard", "0/2", "--db", "shard.sqlite"], in: dir)
        #expect(sharded.status == 2 && sharded.stderr.contains("(select:) cannot be sharded"))
    }
}
