import Foundation
import TaktPlant
import TaktTestSupport
import Testing

/// `takt run --trace` and `takt verify`, end to end.
@Suite("Event trace and verify")
struct TraceCommandTests {
    /// Two stations in series with fixed times; B's process time is `b` seconds.
    func plant(in dir: URL, b: Int = 40) throws -> String {
        let path = dir.appendingPathComponent("line.yaml").path
        try """
            plant: line
            run: {duration: 2d, warmup: 0s, replications: 2, seed: 5}
            sources: [{name: parts, takt: 60s, first_arrival: 0s, next: A}]
            stations:
              - {name: A, process: 50s, next: B, failures: {mttf: 5h, mttr: 10min, basis: calendar}}
              - {name: B, process: \(b)s, next: out}
            sinks: [{name: out}]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("an unchanged plant verifies clean, event for event")
    func clean() throws {
        let dir = try CLI.temporaryDirectory()
        let trace = dir.appendingPathComponent("run.trace").path
        let run = try CLI.run(["run", try plant(in: dir), "--no-db", "--trace", trace])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("events of replication 0 to"))
        let reader = try TraceReader(path: trace)
        #expect(reader.header.seed == 5 && reader.header.replication == 0 && reader.header.duration == 2 * 86_400 * 1_000_000)
        var records: [TraceRecord] = []
        while let r = try reader.next() { records.append(r) }
        // Arrivals every minute for two days, each job served by A and by B, plus failures, repairs and the end.
        #expect(records.filter { $0.kind == 0 }.count == 2 * 1440 + 1)  // 0 s, 60 s, …, and one at the end time itself
        #expect(records.first == TraceRecord(time: 0, kind: 0, object: 0, job: -1))
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.time <= $1.time })
        let verify = try CLI.run(["verify", trace])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("ok: \(records.count) events of replication 0 match"))
    }

    @Test("a slower station is caught at its first service end, with both versions of the event")
    func changedProcessTime() throws {
        let dir = try CLI.temporaryDirectory()
        let trace = dir.appendingPathComponent("run.trace").path
        #expect(try CLI.run(["run", try plant(in: dir), "--no-db", "--trace", trace]).status == 0)
        _ = try plant(in: dir, b: 45)
        let verify = try CLI.run(["verify", trace])
        #expect(verify.status == 1)
        // Arrival at 0, A ends at 50 s, the next arrival at 60 s, then B's end: 90 s traced, 95 s now.
        #expect(verify.stderr.contains("departs from the trace at event 4 (after 3 matching events)"), "\(verify.stderr)")
        #expect(verify.stderr.contains("trace: t=90s (90000000 ticks) service-end object 1 job 0 (B#0)"), "\(verify.stderr)")
        #expect(verify.stderr.contains("run:   t=95s (95000000 ticks) service-end object 1 job 0 (B#0)"), "\(verify.stderr)")
        #expect(verify.stdout.contains("has changed since the trace was written"))
    }

    @Test("a run with --set changes is verified with the same ones: the trace names them")
    func setChanges() throws {
        let dir = try CLI.temporaryDirectory()
        let trace = dir.appendingPathComponent("run.trace").path
        let path = try plant(in: dir)
        let change = "stations.B.process=45s"
        let run = try CLI.run(["run", path, "--no-db", "--trace", trace, "--set", change])
        #expect(run.status == 0 && run.stderr.contains("check it with `takt verify \(trace)`"), "\(run.stderr)")
        #expect(try TraceReader(path: trace).header.changes == [change])
        let same = try CLI.run(["verify", trace])
        #expect(same.status == 0 && !same.stdout.contains("note:"), "\(same.stdout)\n\(same.stderr)")
        // Other changes given here replace the trace's: another plant, which departs from it.
        let other = try CLI.run(["verify", trace, "--set", "stations.B.process=46s"])
        #expect(other.status == 1 && other.stdout.contains("with these --set changes is not the plant the trace was written with"), "\(other.stdout)")
    }

    /// The byte offset of event `n` (from 0) in a trace: past the two header lines and `n` events of four varints each.
    static func offset(ofEvent n: Int, in data: Data) -> Int {
        let bytes = [UInt8](data)
        let header = bytes.firstIndex(of: 10)! + 1
        var i = bytes[header...].firstIndex(of: 10)! + 1
        for _ in 0..<(4 * n) {
            while bytes[i] >= 0x80 { i += 1 }
            i += 1
        }
        return i
    }

    @Test("a missing or damaged trace is bad input")
    func badTraces() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["verify", dir.appendingPathComponent("none.trace").path]).status == 2)
        let trace = dir.appendingPathComponent("run.trace").path
        #expect(try CLI.run(["run", try plant(in: dir), "--no-db", "--trace", trace]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: trace))
        try data.prefix(data.count - 3).write(to: URL(fileURLWithPath: trace))
        let cut = try CLI.run(["verify", trace])
        #expect(cut.status == 2 && cut.stderr.contains("ends inside a record"), "\(cut.stderr)")
        // Cut at an event's boundary, the file still decodes: the missing end mark tells it from a shorter run.
        try data.prefix(Self.offset(ofEvent: 100, in: data)).write(to: URL(fileURLWithPath: trace))
        let short = try CLI.run(["verify", trace])
        #expect(short.status == 2 && short.stderr.contains("ends after 100 events without its end mark (cut short?)"), "\(short.stderr)")
        // A changed byte in a record: the run departs from the file, but its checksum says the file is damaged.
        var flipped = data
        let at = Self.offset(ofEvent: 500, in: data)
        flipped[at] ^= 0x01
        try flipped.write(to: URL(fileURLWithPath: trace))
        let damaged = try CLI.run(["verify", trace])
        #expect(damaged.status == 2 && damaged.stderr.contains("do not match their checksum"), "\(damaged.stdout)\n\(damaged.stderr)")
        try (data + Data([0])).write(to: URL(fileURLWithPath: trace))
        let extra = try CLI.run(["verify", trace])
        #expect(extra.status == 2 && extra.stderr.contains("bytes after its end mark"), "\(extra.stderr)")
        try Data("not a trace\\n".utf8).write(to: URL(fileURLWithPath: trace))
        let wrong = try CLI.run(["verify", trace])
        #expect(wrong.status == 2 && wrong.stderr.contains("not a takt trace file"))
        try data.write(to: URL(fileURLWithPath: trace))
        try FileManager.default.removeItem(atPath: dir.appendingPathComponent("line.yaml").path)
        let moved = try CLI.run(["verify", trace])
        #expect(moved.status == 2 && moved.stderr.contains("is not there") && moved.stderr.contains("--plant"), "\(moved.stderr)")
    }
}
