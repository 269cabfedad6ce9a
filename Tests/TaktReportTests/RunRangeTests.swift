import Testing
@testable import TaktReport

@Suite("Run ids in the provenance table")
struct RunRangeTests {
    @Test("consecutive ids become ranges; more than four ranges become a count with the first and last id")
    func ranges() {
        #expect(HTMLReport.runRange([]) == "")
        #expect(HTMLReport.runRange([7]) == "7")
        #expect(HTMLReport.runRange([3, 1, 2]) == "1–3")
        #expect(HTMLReport.runRange([1, 2, 3, 7, 9, 10]) == "1–3, 7, 9–10")
        #expect(HTMLReport.runRange([22, 21, 23, 30, 62, 65, 70, 74]) == "8 runs, ids 21–74")
    }
}
