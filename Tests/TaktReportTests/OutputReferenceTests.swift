import Foundation
import TaktPlant
@testable import TaktReport
import TaktTestSupport
import Testing

/// The reference of every figure, generated from the declarations.
@Suite("Output reference")
struct OutputReferenceTests {
    @Test("docs/reference/outputs.md is what `takt outputs --markdown` prints now")
    func current() throws {
        let kept = try String(contentsOfFile: Repository.path("docs/reference/outputs.md"), encoding: .utf8)
        #expect(kept == OutputReference.markdown(),
                "docs/reference/outputs.md is out of date: swift run -c release takt outputs --markdown > docs/reference/outputs.md")
    }

    @Test("every declared figure has its row, once, with its unit and description")
    func complete() {
        let markdown = OutputReference.markdown()
        for output in StationOutputs.all {
            #expect(markdown.contains("| `\(output.name)` | \(output.unit) |"), "\(output.name)")
        }
        let plantRows = OutputReference.tables[0].rows.map { $0[0] }
        #expect(plantRows == (ResultFigure.all + ResultFigure.stored).map(\.name))
        for table in OutputReference.tables { #expect(Set(table.rows.map { $0[0] }).count == table.rows.count, "\(table.title)") }
        #expect(markdown.contains(StationOutputs.conveyorBackedUp.description))
        #expect(OutputReference.tables.allSatisfy { table in table.rows.allSatisfy { $0.count == table.header.count } })
        #expect(OutputReference.text().contains("conveyor_fill"))
    }

    @Test("the JSON reference has one object per figure, with its subject and columns")
    func json() throws {
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(OutputReference.json().utf8)) as? [[String: String]])
        #expect(rows.count == OutputReference.tables.reduce(0) { $0 + $1.rows.count })
        let fill = try #require(rows.first { $0["name"] == "conveyor_fill" })
        #expect(fill["subject"] == "Station figures" && fill["unit"] == "share" && fill["kind"] == "real")
        #expect(rows.first { $0["name"] == "lead_time_mean" }?["JSON"] == "lead_time_s.mean")
    }
}
