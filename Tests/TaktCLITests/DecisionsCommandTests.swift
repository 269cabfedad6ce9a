import Foundation
import TaktStore
import TaktTestSupport
import Testing

/// The decision audit trail and `takt decisions`, end to end.
@Suite("Decision audit trail")
struct DecisionsCommandTests {
    /// The predictive-maintenance example served by the shipped int8 policy, the teacher asked too.
    func plant(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("pm.yaml").path
        try String(contentsOfFile: Repository.path("Plants/examples/predictive-maintenance.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "        rule: oracle", with: "        rule: {policy: \(Repository.path("Plants/policies/maintenance-int8.json")), teacher: oracle}")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func rows(_ out: CLI.Outcome) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]])
    }

    @Test("a run samples its decisions at the audit rate, the same ones for the same seed")
    func sampling() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try plant(in: dir)
        let db = dir.appendingPathComponent("runs.sqlite").path
        #expect(try CLI.run(["run", path, "--db", db, "--replications", "1", "--audit-rate", "0.1"]).status == 0)
        #expect(try CLI.run(["run", path, "--db", db, "--replications", "1", "--audit-rate", "0.1"]).status == 0)
        let all = try rows(try CLI.run(["decisions", "--db", db, "--limit", "100000", "--json"]))
        let first = all.filter { $0["run_id"] as? Int == 1 }, second = all.filter { $0["run_id"] as? Int == 2 }
        // 84 days × 6 inspections × up to 8 robots ≈ 4000 decisions; 10% of them: Binomial(≈4000, 0.1).
        #expect(first.count > 330 && first.count < 480, "\(first.count) audited")
        // Features and mask are arrays in the JSON (the store keeps them as JSON text).
        #expect(first.allSatisfy { ($0["features"] as? [Double])?.isEmpty == false && ($0["mask"] as? [Int])?.isEmpty == false })
        #expect(first.map { $0["features"] as? [Double] } == second.map { $0["features"] as? [Double] })
        #expect(first.map { $0["time_s"] as? Double } == second.map { $0["time_s"] as? Double })
        let row = try #require(first.first)
        #expect(row["point"] as? String == "maintenance" && row["at"] as? String == "framing" && row["precision"] as? String == "int8")
        #expect((row["model_hash"] as? String)?.hasPrefix("sha256:") == true && row["deployment"] as? String == "in-process")
        #expect(row["teacher"] is Int)
        // JSON and CSV give every matching decision unless --limit says otherwise; the table the first 50, saying more match.
        #expect(try rows(try CLI.run(["decisions", "--db", db, "--json"])).count == all.count)
        #expect(try CLI.run(["decisions", "--db", db, "--run", "1", "--csv"]).stdout.split(separator: "\n").count == first.count + 1)
        let table = try CLI.run(["decisions", "--db", db])
        #expect(table.stdout.split(separator: "\n").count == 51 && table.stderr.contains("note: the first 50 matching decisions; more match"),
                "\(table.stderr)")
        // The table's times on the run's clock (day 1 from the start), the JSON's in seconds: the first row in both.
        let seconds = Int(try #require(all.first?["time_s"] as? Double))
        let clock = String(format: "day %d %02d:%02d:%02d", seconds / 86_400 + 1, seconds % 86_400 / 3_600, seconds % 3_600 / 60, seconds % 60)
        #expect(table.stdout.split(separator: "\n")[1].contains(clock), "\(clock) in \(table.stdout.prefix(300))")
        #expect(try CLI.run(["decisions", "--db", db, "--limit", "\(all.count)"]).stderr.isEmpty)
        let none = dir.appendingPathComponent("none.sqlite").path
        #expect(try CLI.run(["run", path, "--db", none, "--replications", "1", "--audit-rate", "0"]).status == 0)
        #expect(try CLI.run(["decisions", "--db", none]).stdout.contains("No audited decisions"))
        #expect(try CLI.run(["run", path, "--no-db", "--audit-rate", "1.5"]).status == 2)
    }

    @Test("filters find where the int8 policy disagreed with the teacher; CSV quotes the vectors")
    func filters() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        #expect(try CLI.run(["run", try plant(in: dir), "--db", db, "--replications", "2", "--audit-rate", "0.5"]).status == 0)
        let disagreeing = try rows(try CLI.run(["decisions", "--db", db, "--policy", "int8", "--disagree", "--limit", "100000", "--json"]))
        let all = try rows(try CLI.run(["decisions", "--db", db, "--point", "maintenance", "--limit", "100000", "--json"]))
        #expect(!disagreeing.isEmpty && disagreeing.count < all.count / 10)
        #expect(disagreeing.allSatisfy { ($0["teacher"] as? Int) != nil && ($0["teacher"] as? Int) != ($0["chosen"] as? Int) })
        #expect(try rows(try CLI.run(["decisions", "--db", db, "--point", "pick", "--json"])).isEmpty)
        let csv = try CLI.run(["decisions", "--db", db, "--csv", "--limit", "3"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 4 && lines[0].hasPrefix("run_id,seq,time_s,point,at,policy"))
        #expect(lines[1].contains(",\"[1,1,1]\",\"["))
        let table = try CLI.run(["decisions", "--db", db, "--disagree", "--limit", "3"])
        #expect(table.stdout.contains("maintenance@framing") && table.stdout.contains("…/maintenance-int8.json"))
    }
}
