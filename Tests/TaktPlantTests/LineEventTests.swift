@testable import TaktPlant
import Testing

@Suite("Line model event kinds")
struct LineEventTests {
    @Test("Kinds are numbered 0, 1, 2, … in declaration order, so trace names are found by number, and names are unique")
    func numbering() {
        #expect(LineEvent.allCases.map(\.rawValue) == Array(0..<Int32(LineEvent.allCases.count)))
        #expect(Set(TraceRecord.kindNames).count == LineEvent.allCases.count)
        // Traces written before the kinds became an enum name them the same way.
        #expect(TraceRecord.kindNames.prefix(5) == ["arrival", "service-end", "failure", "repair", "warm-up-end"])
        // Kinds added later take the next numbers: those before keep theirs.
        #expect(TraceRecord.kindNames[14] == "batch-closed")
        #expect(TraceRecord.kindNames[15] == "duty-change")
        #expect(TraceRecord.kindNames[16] == "station-shift-change")
        #expect(TraceRecord.kindNames[17] == "carrier-returned")
        #expect(TraceRecord.kindNames[18] == "conveyor-end")
        #expect(TraceRecord.kindNames[19] == "conveyor-start-free")
        #expect(TraceRecord.kindNames.last == "walk-end")
    }
}
