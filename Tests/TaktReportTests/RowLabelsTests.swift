import Testing
@testable import TaktReport

@Suite("Row labels of charts")
struct RowLabelsTests {
    @Test("a label too wide for its column is wrapped at spaces, every word kept, and its rows made taller; short labels stay on one line")
    func wrapped() {
        let long = "form.buffer=4 weld.buffer=15 coat.buffer=4 check.buffer=1"
        let labels = RowLabels([long, "baseline"], padding: 30, rowHeight: 24, maximum: 260)
        #expect(labels.width == 260)
        #expect(labels.lines[0] == ["form.buffer=4 weld.buffer=15", "coat.buffer=4 check.buffer=1"], "\(labels.lines[0])")
        #expect(labels.lines[1] == ["baseline"] && labels.rowHeight == 2 * RowLabels.lineHeight + 10)
        let narrow = RowLabels([long], padding: 30, rowHeight: 24, maximum: 150)
        let perLine = Int((150.0 - 30) / (12.5 * 0.58))
        #expect(narrow.lines[0].count == 3 && narrow.lines[0].allSatisfy { $0.count <= perLine } && narrow.lines[0].last?.hasSuffix("…") == true,
                "\(narrow.lines[0])")
        // The chart draws every line inside the picture, the whole label as a tooltip.
        let chart = IntervalChart(title: "t", labels: [long, "baseline"], labelColours: ["#000", "#111"], panels: [])
        let svg = chart.render()
        #expect(svg.contains("<title>\(long)</title>") && svg.contains(">coat.buffer=4 check.buffer=1</tspan>"), "\(svg)")
        let one = RowLabels(["trim", "glazing"], padding: 14, rowHeight: 27)
        #expect(one.rowHeight == 27 && one.lines == [["trim"], ["glazing"]] && one.width < 220)
    }

    @Test("a word longer than a line is cut, and past three lines the rest is elided")
    func cut() {
        #expect(RowLabels.wrap(String(repeating: "x", count: 25), perLine: 10) == ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"])
        #expect(RowLabels.wrap("aa bb cc dd ee ff gg hh", perLine: 5) == ["aa bb", "cc dd", "ee f…"])
        #expect(RowLabels.wrap("short", perLine: 10) == ["short"])
    }
}
