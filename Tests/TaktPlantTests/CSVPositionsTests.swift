@testable import TaktPlant
import Testing

/// Where CSV records and fields start, for errors placed at a cell.
@Suite("CSV positions")
struct CSVPositionsTests {
    @Test("fields start after each comma; quoted commas, doubled quotes and line breaks belong to their field")
    func positions() {
        let p = CSVPositions("order,variant\nA1,max\n\"B, 2\",\"say \"\"hi\"\"\"\n\"C\n3\",std\n")
        #expect(p.position(record: 0, field: 1)! == (1, 7))
        #expect(p.position(record: 1, field: 1)! == (2, 4))
        #expect(p.position(record: 2, field: 1)! == (3, 8))
        // A quoted line break: the record starts on line 4, its second field on line 5.
        #expect(p.position(record: 3, field: 0)! == (4, 1) && p.position(record: 3, field: 1)! == (5, 4))
        #expect(p.position(record: 4, field: 0) == nil && p.position(record: 1, field: 2) == nil)
    }
}
