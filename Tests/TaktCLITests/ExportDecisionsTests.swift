import Foundation
import TaktStore
import TaktTestSupport
import Testing

/// `takt export-decisions`: a masked data set that keeps no name of the plant.
@Suite("Masked export of decisions")
struct ExportDecisionsTests {
    @Test("no original name survives; the same key gives the same data set, another key other hashes")
    func masked() throws {
        let dir = try CLI.temporaryDirectory()
        let plant = dir.appendingPathComponent("pm.yaml").path
        try String(contentsOfFile: Repository.path("Plants/examples/predictive-maintenance.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "        rule: oracle", with: "        rule: {policy: \(Repository.path("Plants/policies/maintenance-int8.json")), teacher: oracle}")
            .write(toFile: plant, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("runs.sqlite").path
        #expect(try CLI.run(["run", plant, "--db", db, "--replications", "2", "--audit-rate", "0.05"]).status == 0)
        let key = dir.appendingPathComponent("plant.key").path
        let missing = try CLI.run(["export-decisions", "--db", db, "--key", key, "--out", dir.appendingPathComponent("x").path])
        #expect(missing.status == 2 && missing.stderr.contains("--new-key"))
        func export(_ name: String, key: String) throws -> (csv: String, jsonl: String, schema: String) {
            let out = dir.appendingPathComponent(name)
            let result = try CLI.run(["export-decisions", "--db", db, "--key", key, "--new-key", "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            return (try String(contentsOf: out.appendingPathComponent("decisions.csv"), encoding: .utf8),
                    try String(contentsOf: out.appendingPathComponent("decisions.jsonl"), encoding: .utf8),
                    try String(contentsOf: out.appendingPathComponent("schema.json"), encoding: .utf8))
        }
        let first = try export("a", key: key), again = try export("b", key: key)
        #expect(first == again)
        let checksum = try #require(try RunStore(path: db).audit(RunStore.AuditQuery()).first?.modelHash)
        let secrets = ["framing", "predictive-maintenance", "maintenance-int8", "policies", String(checksum.dropFirst(7).prefix(12)), dir.path]
        for text in [first.csv, first.jsonl, first.schema] {
            for secret in secrets { #expect(!text.contains(secret), "'\(secret)' survived") }
        }
        let lines = first.csv.split(separator: "\n")
        #expect(lines.count > 50)
        #expect(lines[0] == "plant,run,seq,time_s,point,place,model,precision,deployment,chosen,teacher,latency_s,fallback,mask,features")
        let fields = lines[1].split(separator: ",", maxSplits: 8).map(String.init)
        #expect(fields[0].hasPrefix("plant_") && fields[1].hasPrefix("run_") && fields[5].hasPrefix("place_") && fields[6].hasPrefix("model_"))
        #expect(fields[3] == "0.0" && fields[4] == "maintenance" && fields[7] == "int8")
        // Times to the microsecond, without float noise from the subtraction.
        for line in lines.dropFirst() {
            let time = String(line.split(separator: ",", maxSplits: 4)[3])
            #expect((time.split(separator: ".").last?.count ?? 0) <= 6, "\(time)")
        }
        // Two runs: two run hashes; one place, one plant, one model.
        let rows = first.jsonl.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(Set(rows.compactMap { $0["run"] as? String }).count == 2 && Set(rows.compactMap { $0["place"] as? String }).count == 1)
        #expect(first.schema.contains("\"health\""))
        let other = try export("c", key: dir.appendingPathComponent("other.key").path)
        #expect(other.csv != first.csv)
        #expect(!other.csv.contains(fields[5]))
        // A filter naming nothing that exists is bad input, as for `takt decisions`; one that matches nothing says so.
        let noRun = try CLI.run(["export-decisions", "--db", db, "--key", key, "--run", "999", "--out", dir.appendingPathComponent("d").path])
        #expect(noRun.status == 2 && noRun.stderr.contains("--run: the store has no run 999"), "\(noRun.stderr)")
        let noPoint = try CLI.run(["export-decisions", "--db", db, "--key", key, "--point", "rewrok", "--out", dir.appendingPathComponent("e").path])
        #expect(noPoint.status == 2 && noPoint.stderr.contains("did you mean 'rework'"), "\(noPoint.stderr)")
        let none = try CLI.run(["export-decisions", "--db", db, "--key", key, "--point", "rework", "--out", dir.appendingPathComponent("f").path])
        #expect(none.status == 0 && none.stdout.contains("Wrote 0 decisions") && none.stderr.contains("note: no audited decision matches"), "\(none.stderr)")
    }
}
