import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TaktTestSupport
import Testing

/// `takt draw`, end to end, and the drawing in `takt report`.
@Suite("takt draw, end to end")
struct DrawCommandTests {
    @Test("draws the EV plant to a well-formed SVG file, or to standard output")
    func draws() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("ev.svg").path
        let run = try CLI.run(["draw", Repository.path("Plants/xiaomi-ev.yaml"), "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("68 stations") && run.stderr.contains(out))
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(XMLParser(data: data).parse())
        #expect(String(decoding: data, as: UTF8.self).contains("data-node=\"battery-marriage\""))
        // The README shows this drawing: it stays the one takt draws.
        let committed = try Data(contentsOf: URL(fileURLWithPath: Repository.path("docs/xiaomi-ev.svg")))
        #expect(data == committed, "docs/xiaomi-ev.svg is stale: takt draw Plants/xiaomi-ev.yaml -o docs/xiaomi-ev.svg")
        let piped = try CLI.run(["draw", Repository.path("Plants/examples/rework.yaml"), "--out", "-", "--columns", "2"])
        #expect(piped.status == 0 && piped.stdout.hasPrefix("<?xml") && piped.stdout.contains("data-route=\"rework\""))
        #expect(XMLParser(data: Data(piped.stdout.utf8)).parse())
        // Without --out, the plant's name in the current folder.
        let named = try CLI.run(["draw", Repository.path("Plants/examples/rework.yaml")], in: dir)
        #expect(named.status == 0 && FileManager.default.fileExists(atPath: dir.appendingPathComponent("rework.svg").path))
    }

    @Test("a bad plant, a bad --columns and an unwritable output are refused with exit 2 and a clear message")
    func refuses() throws {
        let dir = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.yaml")
        try Data("plant: bad\nsources:\n  - name: in\n    takt: 60s\n    next: nowhere\nsinks:\n  - name: out\n".utf8).write(to: bad)
        let plant = try CLI.run(["draw", bad.path, "-o", "-"])
        #expect(plant.status == 2 && plant.stderr.contains("bad.yaml:") && plant.stdout.isEmpty, "\(plant.stderr)")
        let columns = try CLI.run(["draw", Repository.path("Plants/validation/mm1.yaml"), "--columns", "0"])
        #expect(columns.status == 2 && columns.stderr.contains("--columns must be in 1…40"))
        let missing = try CLI.run(["draw", Repository.path("Plants/validation/mm1.yaml"), "-o", dir.appendingPathComponent("no/such/dir.svg").path])
        #expect(missing.status == 2 && missing.stderr.contains("cannot write"), "\(missing.stderr)")
        #expect(![plant, columns, missing].contains { $0.stderr.contains("Fatal error") })
    }

    @Test("the report draws the plant its runs ran, with station states; a file changed since is drawn with a caveat, or not at all if its stations differ")
    func report() throws {
        let dir = try CLI.temporaryDirectory()
        let plant = dir.appendingPathComponent("workers.yaml")
        try String(contentsOfFile: Repository.path("Plants/examples/workers.yaml"), encoding: .utf8).write(to: plant, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", plant.path, "--db", db, "--replications", "2", "--duration", "2d", "--warmup", "0s"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let drawn = try CLI.run(["report", "--db", db, "--last", "2", "--out", "-"], in: dir)
        #expect(drawn.status == 0 && drawn.stdout.contains("data-drawing=\"plant\"") && drawn.stdout.contains("data-state=\"working\""))
        #expect(XMLParser(data: Data(drawn.stdout.utf8)).parse())
        // A comment added since the runs: the same plant, drawn without a caveat.
        let text = try String(contentsOf: plant, encoding: .utf8)
        try (text + "\n# edited\n").write(to: plant, atomically: true, encoding: .utf8)
        let commented = try CLI.run(["report", "--db", db, "--last", "2", "--out", "-"], in: dir)
        #expect(commented.status == 0 && commented.stdout.contains("data-drawing=\"plant\"") && !commented.stdout.contains("is not the version these runs ran"))
        // Edited since the runs, same stations: drawn, with a caveat.
        try text.replacingOccurrences(of: "mean: 60s", with: "mean: 61s").write(to: plant, atomically: true, encoding: .utf8)
        let edited = try CLI.run(["report", "--db", db, "--last", "2", "--out", "-"], in: dir)
        #expect(edited.status == 0 && edited.stdout.contains("data-drawing=\"plant\"") && edited.stdout.contains("is not the version these runs ran"))
        // A station renamed: not drawn, and said why.
        try text.replacingOccurrences(of: "glazing", with: "glass").write(to: plant, atomically: true, encoding: .utf8)
        let renamed = try CLI.run(["report", "--db", db, "--last", "2", "--out", "-"], in: dir)
        #expect(renamed.status == 0 && !renamed.stdout.contains("data-drawing=\"plant\"") && renamed.stdout.contains("now has other stations"))
    }

    @Test("an experiment's report draws its baseline variant with the experiment's overrides, read again from the experiment file")
    func experimentVariant() throws {
        let dir = try CLI.temporaryDirectory()
        try String(contentsOfFile: Repository.path("Plants/validation/mm1.yaml"), encoding: .utf8)
            .write(to: dir.appendingPathComponent("mm1.yaml"), atomically: true, encoding: .utf8)
        try """
            experiment: drawn
            plant: mm1.yaml
            baseline: small
            run: {replications: 2, duration: 1d, warmup: 0s}
            variants:
              - name: big
                set: {stations.server.buffer: 40}
              - name: small
                set: {stations.server.buffer: 7}
            """.write(to: dir.appendingPathComponent("drawn.yaml"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("runs.sqlite").path
        let compare = try CLI.run(["compare", "drawn.yaml", "--db", db], in: dir)
        #expect(compare.status == 0, "\(compare.stderr)")
        let report = try CLI.run(["report", "--db", db, "--experiment", "drawn", "--out", "-"], in: dir)
        #expect(report.status == 0 && report.stdout.contains("data-drawing=\"plant\""))
        #expect(report.stdout.contains("data-buffer=\"7\"") && !report.stdout.contains("data-buffer=\"40\""))
        #expect(!report.stdout.contains("is not the version these runs ran"))
    }
}
