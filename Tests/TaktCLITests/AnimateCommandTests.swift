import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TaktTestSupport
import Testing

@Suite("takt animate")
struct AnimateCommandTests {
    @Test("writes one page per run, the same bytes for the same seed and replication, opening on the first shift after the warm-up")
    func animates() throws {
        let dir = try CLI.temporaryDirectory()
        let plant = Repository.path("Plants/xiaomi-ev.yaml")
        let out = dir.appendingPathComponent("ev.html").path
        let run = try CLI.run(["animate", plant, "-o", out, "--for", "1h", "--seed", "7", "--replication", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("server spans") && run.stderr.contains(out))
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(XMLParser(data: data).parse())
        let html = String(decoding: data, as: UTF8.self)
        // The warm-up ends at midnight, off shift: the window opens when the morning shift starts.
        #expect(html.contains("Replication 1 with seed 7, from day 3 06:00:00 to day 3 07:00:00"), "\(html.prefix(2_000))")
        let again = try CLI.run(["animate", plant, "-o", out, "--for", "1h", "--seed", "7", "--replication", "1"])
        let rewritten = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(again.status == 0 && rewritten == data)
        let other = try CLI.run(["animate", plant, "-o", "-", "--for", "1h", "--seed", "7", "--replication", "2"])
        #expect(other.status == 0 && other.stdout.contains("TAKT_TIMELINE") && other.stdout != html)
        // Without --out, the plant's name in the current folder; --from and --set as for takt run.
        let named = try CLI.run(["animate", Repository.path("Plants/validation/mm1.yaml"), "--from", "2h", "--for", "30min",
                                 "--set", "stations.server.buffer=7"], in: dir)
        #expect(named.status == 0, "\(named.stderr)")
        let page = try String(contentsOf: dir.appendingPathComponent("mm1-animation.html"), encoding: .utf8)
        #expect(page.contains("from day 1 02:00:00 to day 1 02:30:00") && page.contains("\"capacity\":7"))
    }

    @Test("a run that deadlocks is played back up to where it stopped, its machines left blocked, and exits 4; one that stops before the window writes nothing")
    func deadlock() throws {
        let dir = try CLI.temporaryDirectory()
        let plant = Repository.path("Plants/examples/deadlock.yaml")
        let out = dir.appendingPathComponent("deadlock.html").path
        let run = try CLI.run(["animate", plant, "--for", "10min", "-o", out])
        #expect(run.status == 4 && run.stderr.contains("deadlock") && run.stderr.contains("The page shows the run up to where it stopped"), "\(run.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("The run stopped: deadlock"))
        // Both machines end blocked (state 2), each holding a job for the other.
        let lists = try #require(try AnimationPlayerData.read(html)?["servers"] as? [[Double]])
        #expect(lists.count == 2 && lists.allSatisfy { $0.last == 2 }, "\(lists)")
        let late = try CLI.run(["animate", plant, "--from", "1h", "-o", dir.appendingPathComponent("late.html").path])
        #expect(late.status == 4 && late.stderr.contains("nothing to play back"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("late.html").path))
    }

    @Test("a bad plant, window, replication, --columns or output is refused with exit 2 and a clear message")
    func refuses() throws {
        let dir = try CLI.temporaryDirectory()
        let mm1 = Repository.path("Plants/validation/mm1.yaml")
        let bad = dir.appendingPathComponent("bad.yaml")
        try Data("plant: bad\nsources:\n  - name: in\n    takt: 60s\n    next: nowhere\nsinks:\n  - name: out\n".utf8).write(to: bad)
        let cases: [([String], String)] = [
            (["animate", bad.path, "-o", "-"], "bad.yaml:"),
            (["animate", mm1, "--for", "0s"], "--for must be in"),
            (["animate", mm1, "--for", "soon"], "--for"),
            (["animate", mm1, "--from=-1h"], "--from: duration '-1h' must not be negative"),
            (["animate", mm1, "--replication=-1"], "--replication must be in"),
            (["animate", mm1, "--columns", "41"], "--columns must be in 1…40"),
            (["animate", mm1, "-o", dir.appendingPathComponent("no/such/dir.html").path], "cannot write"),
        ]
        for (arguments, message) in cases {
            let run = try CLI.run(arguments)
            #expect(run.status == 2 && run.stderr.contains(message) && !run.stderr.contains("Fatal error"), "\(arguments): \(run.stderr)")
        }
    }
}
