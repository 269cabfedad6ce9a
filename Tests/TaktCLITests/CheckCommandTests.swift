import Foundation
import TaktTestSupport
import Testing

/// `takt check` and `takt baseline update`, end to end: the CI gate.
@Suite("takt check, end to end")
struct CheckCommandTests {
    /// An experiment with one variant of the default plant, written to `dir`: the paint
    /// basecoat booth (the plant's bottleneck) 10% slower, 72.6 s a body instead of 66 s.
    func slowerBasecoat(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("slower-basecoat.yaml").path
        try """
            experiment: slower-basecoat
            plant: \(Repository.path("Plants/xiaomi-ev.yaml"))
            variants:
              - name: basecoat-10pct-slower
                set: {stations.paint-basecoat.process: {dist: normal, mean: 72.6s, cv: 0.04}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// An experiment `<name>-server` with one variant `name` of the M/M/1 plant, its mean service time `mean`, written to `dir`.
    func mm1Server(_ name: String, mean: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("\(name).yaml").path
        try """
            experiment: \(name)-server
            plant: \(Repository.path("Plants/validation/mm1.yaml"))
            variants:
              - name: \(name)
                set: {stations.server.process: {dist: exponential, mean: \(mean)}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the unchanged default plant passes against its committed baseline: every figure exactly unchanged")
    func unchangedPasses() throws {
        let out = try CLI.run(["check", "Plants/xiaomi-ev.yaml", "--baseline", "Reports/baselines/xiaomi-ev.json"])
        #expect(out.status == 0, "\(out.stdout)\n\(out.stderr)")
        #expect(out.stdout.contains("The plant is unchanged since the baseline"))
        #expect(out.stdout.components(separatedBy: "pass (unchanged)").count - 1 == 6, "\(out.stdout)")
        #expect(out.stdout.contains("PASS: no figure is both beyond its tolerance and significantly worse"))
    }

    @Test("the paint basecoat booth 10% slower fails with exit 1, says why, and writes the failures to JUnit")
    func slowerStationFails() throws {
        let dir = try CLI.temporaryDirectory()
        let junit = dir.appendingPathComponent("check.xml").path
        let out = try CLI.run(["check", try slowerBasecoat(in: dir), "--baseline", "Reports/baselines/xiaomi-ev.json", "--junit", junit])
        #expect(out.status == 1, "\(out.stdout)\n\(out.stderr)")
        #expect(out.stdout.contains("The plant changed since the baseline"))
        let throughput = try #require(out.stdout.split(separator: "\n").first { $0.contains("throughput per shift hour") })
        #expect(throughput.contains("−3.") && throughput.hasSuffix("REGRESSION"), "\(throughput)")
        #expect(out.stderr.contains("FAIL: throughput per shift hour and mean lead time got worse than in Reports/baselines/xiaomi-ev.json"),
                "\(out.stderr)")
        #expect(out.stderr.contains("throughput per shift hour is 3.") && out.stderr.contains("worse")
                && out.stderr.contains("beyond its ±2% tolerance and significant"), "\(out.stderr)")
        #expect(out.stderr.contains("takt baseline update"))
        let report = try JUnitReport(try String(contentsOfFile: junit, encoding: .utf8))
        #expect(report.cases.count == 6)
        #expect(report.failures["throughput_per_operating_hour"]?.contains("throughput per shift hour is 3.") == true)
        #expect(report.failures["interdeparture_p50"] == nil)
    }

    @Test("--set checks a changed plant without editing a file; baseline update takes it too, and the advice repeats it")
    func setChanges() throws {
        let dir = try CLI.temporaryDirectory()
        let baseline = dir.appendingPathComponent("mm1.json").path
        let length = ["--replications", "4", "--duration", "3d", "--warmup", "2h"]
        #expect(try CLI.run(["baseline", "update", "Plants/validation/mm1.yaml", "--out", baseline] + length).status == 0)
        let faster = "stations.server.process={dist: exponential, mean: 30s}"
        let out = try CLI.run(["check", "Plants/validation/mm1.yaml", "--baseline", baseline, "--set", faster])
        #expect(out.status == 0, "\(out.stdout)\n\(out.stderr)")
        #expect(out.stdout.contains("mm1 (Plants/validation/mm1.yaml), changed by --set '\(faster)'"), "\(out.stdout)")
        #expect(out.stdout.contains("The plant changed since the baseline") && out.stdout.contains("improved: mean lead time is"))
        #expect(out.stdout.contains("`takt baseline update Plants/validation/mm1.yaml --set '\(faster)' --replications 4"), "\(out.stdout)")
        // A slower server fails the gate; a baseline made with the same change checks unchanged.
        let slower = try CLI.run(["check", "Plants/validation/mm1.yaml", "--baseline", baseline, "--set", "stations.server.process={dist: exponential, mean: 50s}"])
        #expect(slower.status == 1, "\(slower.stdout)\n\(slower.stderr)")
        let changedBaseline = dir.appendingPathComponent("mm1-faster.json").path
        #expect(try CLI.run(["baseline", "update", "Plants/validation/mm1.yaml", "--out", changedBaseline, "--set", faster] + length).status == 0)
        let same = try CLI.run(["check", "Plants/validation/mm1.yaml", "--baseline", changedBaseline, "--set", faster])
        #expect(same.status == 0 && same.stdout.contains("The plant is unchanged since the baseline"), "\(same.stdout)\n\(same.stderr)")
        // On an experiment file the change comes after the variant's own: here it undoes it.
        let experiment = try mm1Server("slower", mean: "50s", in: dir)
        let undone = try CLI.run(["check", experiment, "--baseline", changedBaseline, "--set", faster])
        #expect(undone.status == 0 && undone.stdout.contains("variant 'slower' of experiment slower-server"), "\(undone.stdout)\n\(undone.stderr)")
        // A key the plant does not have is bad input, named.
        let bad = try CLI.run(["check", "Plants/validation/mm1.yaml", "--baseline", baseline, "--set", "stations.nowhere.buffer=3"])
        #expect(bad.status == 2 && bad.stderr.contains("nowhere"), "\(bad.stderr)")
    }

    @Test("a baseline update is reproducible byte for byte; a better plant passes and is reported as improved")
    func updateAndImprove() throws {
        let dir = try CLI.temporaryDirectory()
        let baseline = dir.appendingPathComponent("mm1.json").path
        let args = ["baseline", "update", "Plants/validation/mm1.yaml", "--out", baseline, "--replications", "4", "--duration", "3d", "--warmup", "2h"]
        let first = try CLI.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Wrote \(baseline): mm1 (Plants/validation/mm1.yaml), 4 replications × 3d, warm-up 2h, seed 2024"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: baseline))
        #expect(try CLI.run(args).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: baseline)) == bytes)

        let faster = try mm1Server("faster", mean: "30s", in: dir)
        let out = try CLI.run(["check", faster, "--baseline", baseline])
        #expect(out.status == 0, "\(out.stdout)\n\(out.stderr)")
        #expect(out.stdout.contains("improved: mean lead time is"))
        #expect(out.stdout.contains("update the baseline with `takt baseline update \(faster) --replications 4 --duration 3d --warmup 2h --seed 2024 --out \(baseline)`"))
        // A figure's own tolerance: the lead time may move by 80%, the rest by 1%.
        let tolerant = try CLI.run(["check", faster, "--baseline", baseline, "--tolerance", "1%", "--tolerance", "lead_time_mean=80%"])
        #expect(tolerant.status == 0)
        #expect(tolerant.stdout.contains("pass (within ±80%)") && !tolerant.stdout.contains("improved: mean lead time"))
    }

    @Test("bad input is exit 2: a missing or corrupt baseline, another plant's, another structure, a bad tolerance")
    func badInput() throws {
        let dir = try CLI.temporaryDirectory()
        func check(_ plant: String, _ baseline: String, _ extra: [String] = []) throws -> CLI.Outcome {
            try CLI.run(["check", plant, "--baseline", baseline] + extra)
        }
        let missing = try check("Plants/validation/mm1.yaml", dir.appendingPathComponent("none.json").path)
        #expect(missing.status == 2 && missing.stderr.contains("no baseline at") && missing.stderr.contains("Make one with: takt baseline update"))
        // With --junit the check that could not be made is a test case in error, with the reason.
        let report = dir.appendingPathComponent("error.xml").path
        #expect(try check("Plants/validation/mm1.yaml", dir.appendingPathComponent("none.json").path, ["--junit", report]).status == 2)
        let xml = try JUnitReport(try String(contentsOfFile: report, encoding: .utf8))
        #expect(xml.cases.count == 1 && xml.errors["check"]?.contains("no baseline at") == true, "\(xml)")
        // Named as the check that runs is: one history per check in a CI system, whatever the outcome.
        let passed = dir.appendingPathComponent("passed.xml").path
        #expect(try check("Plants/validation/mm1.yaml", "Reports/baselines/mm1.json", ["--junit", passed]).status == 0)
        let passedXML = try JUnitReport(try String(contentsOfFile: passed, encoding: .utf8))
        #expect(xml.classes == ["takt.check.mm1"] && Set(passedXML.classes) == ["takt.check.mm1"])

        let corrupt = dir.appendingPathComponent("corrupt.json").path
        try "{\"format\": \"takt-baseline\"".write(toFile: corrupt, atomically: true, encoding: .utf8)
        let broken = try check("Plants/validation/mm1.yaml", corrupt)
        #expect(broken.status == 2 && broken.stderr.contains("is not a takt baseline"), "\(broken.stderr)")

        let other = try check("Plants/validation/mm1.yaml", "Reports/baselines/md1.json")
        #expect(other.status == 2 && other.stderr.contains("the baseline is of plant 'md1'"), "\(other.stderr)")

        let renamed = dir.appendingPathComponent("mm1.yaml").path
        try String(contentsOfFile: Repository.path("Plants/validation/mm1.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "name: server", with: "name: machine").replacingOccurrences(of: "next: server", with: "next: machine").write(toFile: renamed, atomically: true, encoding: .utf8)
        let restructured = try check(renamed, "Reports/baselines/mm1.json")
        #expect(restructured.status == 2, "\(restructured.stderr)")
        #expect(restructured.stderr.contains("structure differs from the baseline's (stations added: machine; stations removed: server)"))

        let tolerance = try check("Plants/validation/mm1.yaml", "Reports/baselines/mm1.json", ["--tolerance", "lead_time=5%"])
        #expect(tolerance.status == 2 && tolerance.stderr.contains("the baseline has no figure 'lead_time'"))
        // An output that cannot be written is said before the runs, not after them.
        let junit = try check("Plants/validation/mm1.yaml", "Reports/baselines/mm1.json", ["--junit", "/no/such/folder/check.xml"])
        #expect(junit.status == 2 && junit.stderr.contains("--junit: cannot write /no/such/folder/check.xml: the folder /no/such/folder does not exist")
                && junit.stdout.isEmpty, "\(junit.stdout)\n\(junit.stderr)")
        let bare = try check("Plants/validation/mm1.yaml", "Reports/baselines/mm1.json", ["--tolerance", "5"])
        #expect(bare.status == 2 && bare.stderr.contains("a bare number is a fraction (5 is ±500%); write 5% for ±5%"), "\(bare.stderr)")
        let badPlant = try check(dir.appendingPathComponent("nothing.yaml").path, "Reports/baselines/mm1.json")
        #expect(badPlant.status == 2)
    }
}
