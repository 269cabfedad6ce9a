import Foundation
import Testing
@testable import TaktReport

@Suite("Waterfall chart")
struct WaterfallChartTests {
    @Test("every value beside the bars ends inside the chart, however long")
    func valuesFit() throws {
        let text = "−2183 ± 167 jobs (−6.9%)"
        let steps = [WaterfallChart.Step(label: "design output", value: 31_000, isTotal: true, valueText: "31000 jobs (100.0%)", data: [], tooltip: ""),
                     WaterfallChart.Step(label: "speed and other", value: -2_183, isTotal: false, valueText: text, data: [], tooltip: ""),
                     WaterfallChart.Step(label: "completed", value: 33_183, isTotal: true, valueText: "33183 jobs (107.0%)", data: [], tooltip: "")]
        let svg = WaterfallChart(title: "t", steps: steps, xLabel: "jobs").render()
        // The value's text element: its x, and its width as the charts estimate it.
        let element = try #require(svg.components(separatedBy: "<text").first { $0.contains(text) })
        let x = try #require(element.range(of: #"x="([0-9.]+)""#, options: .regularExpression).map { Double(element[$0].dropFirst(3).dropLast())! })
        #expect(x + Axis.textWidth(text, size: 12) <= WaterfallChart.width, "x \(x)")
    }
}
