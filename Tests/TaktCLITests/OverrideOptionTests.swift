import Foundation
import TaktTestSupport
import Testing

/// `--set key.path=value` on `takt run` and `takt draw`, and the run JSON's `figures` table.
@Suite("takt run --set")
struct OverrideOptionTests {
    let mm1 = Repository.path("Plants/validation/mm1.yaml")

    func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try CLI.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test("--set changes the plant as an experiment variant would: other figures, another plant hash; the figures table repeats every figure by name")
    func changes() throws {
        let common = ["run", mm1, "--no-db", "--json", "--replications", "4", "--duration", "3d"]
        let base = try json(common)
        let faster = try json(common + ["--set", "stations.server.process={dist: exponential, mean: 30s}"])
        let again = try json(common + ["--set", "stations.server.process={dist: exponential, mean: 30s}"])
        #expect(base["plant_hash"] as? String != faster["plant_hash"] as? String)
        #expect(faster["plant_hash"] as? String == again["plant_hash"] as? String)
        func figure(_ d: [String: Any], _ name: String) -> Double? { ((d["figures"] as? [String: Any])?[name] as? [String: Any])?["mean"] as? Double }
        let baseLead = try #require(figure(base, "lead_time_mean")), fasterLead = try #require(figure(faster, "lead_time_mean"))
        #expect(fasterLead < baseLead * 0.7)  // M/M/1: 1/(μ − λ) falls from 140 s to 60 s
        #expect(figure(faster, "lead_time_mean") == figure(again, "lead_time_mean"))
        #expect(baseLead == (base["lead_time_s"] as? [String: Any])?["mean"] as? Double)
        #expect(figure(base, "throughput_per_hour") == base["throughput_per_hour"] as? Double)
        let table = try #require(base["figures"] as? [String: Any])
        #expect((table["lead_time_mean"] as? [String: Any])?["better"] as? String == "lower")
        #expect((table["throughput_per_hour"] as? [String: Any])?["unit"] as? String == "jobs/h")
        // The drawing shows the change too.
        let drawn = try CLI.run(["draw", mm1, "-o", "-", "--set", "stations.server.buffer=7"])
        #expect(drawn.status == 0 && drawn.stdout.contains("data-buffer=\"7\""))
    }

    @Test("a malformed --set, an unknown key and a bad value are exit 2 naming --set and the key path", arguments: [
        ("nonsense", "--set:1:1: 'nonsense' is not key.path=value"),
        ("stations.server.bufer=4", "--set:1:23: stations.server.bufer: unknown key 'bufer' (did you mean 'buffer'?)"),
        ("stations.server.buffer=[1", "stations.server.buffer: YAML syntax error"),
        ("stations.server.buffer=-3", "stations.server.buffer: must be in 0…"),
        ("stations.sever.buffer=3", "'stations' has no item named 'sever' (did you mean 'server'?)"),
    ])
    func refuses(set: String, message: String) throws {
        let run = try CLI.run(["run", mm1, "--no-db", "--set", set])
        #expect(run.status == 2 && run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty && !run.stderr.contains("Fatal error"))
    }
}
