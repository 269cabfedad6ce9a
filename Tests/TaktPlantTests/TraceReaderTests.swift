import Foundation
import TaktKernel
@testable import TaktPlant
import TaktTestSupport
import Testing

/// Trace files read from bytes, damaged ones included (inputs found by Fuzz/ are kept in Tests/Fixtures/fuzz).
@Suite("Trace reader")
struct TraceReaderTests {
    static let fixtures = Repository.root.appendingPathComponent("Tests/Fixtures")

    func records(_ reader: TraceReader) -> [TraceRecord] {
        var all: [TraceRecord] = []
        while let record = try? reader.next() { all.append(record) }
        return all
    }

    @Test("a trace read from its bytes has the header and records read from its file")
    func bytesAndFile() throws {
        let path = Repository.root.appendingPathComponent("Fuzz/seeds/trace/mm1.trace").path
        let fromFile = try TraceReader(path: path), fromBytes = try TraceReader(data: try Data(contentsOf: URL(fileURLWithPath: path)), name: path)
        #expect(fromFile.header == fromBytes.header && fromFile.header.plantPath == "Plants/validation/mm1.yaml")
        let read = records(fromFile)
        #expect(read.count == 112 && read == records(fromBytes))
        #expect(throws: TraceReader.Malformed.self) { try TraceReader(data: Data("takt-trace 2\n".utf8), name: "x.trace") }
    }

    @Test("times near Int64.max microseconds are described, not trapped converting to Int (found by fuzz-trace)")
    func hugeTimes() throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("fuzz/trace-time-near-int64-max.trace"))
        let all = records(try TraceReader(data: data, name: "damaged.trace"))
        let latest = try #require(all.map(\.time).max())
        #expect(latest > Tick.max / 2)
        #expect(all.allSatisfy { !$0.description.isEmpty })
        #expect(DurationText.format(Ticks.seconds(latest)).hasSuffix("s"))
        #expect(DurationText.format(9_223_372_036_854.775) == "9223372036854.775s")
        #expect(DurationText.format(86_400) == "1d" && DurationText.format(7_200) == "2h")
    }
}
