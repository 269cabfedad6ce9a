/// A horizontal waterfall: a total, the losses taken off it one by one, and
/// what is left.
struct WaterfallChart {
    struct Step {
        var label: String
        /// For a total, the bar's length; for a loss, what it takes off (negative: a gain).
        var value: Double
        var isTotal: Bool
        var valueText: String
        var data: [(String, String)]
        var tooltip: String
    }

    var title: String
    var steps: [Step]
    var xLabel: String
    var attributes: [(String, String)] = []

    static let width = 900.0
    static let rowHeight = 26.0

    func render() -> String {
        let rowLabels = RowLabels(steps.map(\.label), padding: 14, rowHeight: Self.rowHeight, maximum: 230)
        let labelWidth = rowLabels.width, rowHeight = rowLabels.rowHeight
        // The values beside the bars: as wide as the widest needs (with its gap), so none runs off the chart's right edge.
        let valueColumn = min(320, max(170, (steps.map { Axis.textWidth($0.valueText, size: 12) }.max() ?? 0) + 24))
        let top = 8.0
        var svg = SVG(width: Self.width, height: top + Double(steps.count) * rowHeight + 48)
        let frame = Axis.Frame(left: labelWidth, top: top, width: Self.width - labelWidth - valueColumn, height: Double(steps.count) * rowHeight)
        // The running level after each step, to find the scale's extent.
        var level = 0.0, extent = [0.0]
        for step in steps {
            level = step.isTotal ? step.value : level - step.value
            extent.append(level)
            if !step.isTotal { extent.append(level + step.value) }
        }
        let scale = Scale.linear(extent.min() ?? 0, extent.max() ?? 1, to: (frame.left, frame.right), count: 6, includeZero: true)
        Axis.bottom(&svg, scale, frame: frame, label: xLabel) { Axis.linearTick($0, ticks: scale.ticks) }
        level = 0
        for (i, step) in steps.enumerated() {
            let y = top + Double(i) * rowHeight + 4
            let (from, to): (Double, Double) = step.isTotal ? (0, step.value) : (level - step.value, level)
            level = step.isTotal ? step.value : level - step.value
            let x1 = scale.position(min(from, to)), x2 = scale.position(max(from, to))
            let colour = step.isTotal ? "#4A6FA5" : step.value < 0 ? Palette.better : "#C9504B"
            rowLabels.draw(&svg, row: i, right: labelWidth - 10, y: y + rowHeight / 2 - 4)
            svg.rect(x: x1, y: y, width: max(1, x2 - x1), height: rowHeight - 8, [("fill", colour), ("class", "segment")] + step.data,
                     tooltip: step.tooltip)
            svg.text(step.valueText, x: frame.right + 10, y: y + rowHeight / 2, [("class", "value")])
            if i + 1 < steps.count {
                // A thin connector from this step's level to the next row.
                let x = scale.position(level)
                svg.line(x1: x, y1: y + rowHeight - 8, x2: x, y2: y + rowHeight, [("class", "connector")])
            }
        }
        return svg.markup(title: title, attributes: attributes)
    }
}
