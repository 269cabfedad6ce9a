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
        let labelWidth = min(230, (steps.map { Axis.textWidth($0.label, size: 12.5) }.max() ?? 60) + 14)
        let valueColumn = 170.0
        let top = 8.0
        var svg = SVG(width: Self.width, height: top + Double(steps.count) * Self.rowHeight + 48)
        let frame = Axis.Frame(left: labelWidth, top: top, width: Self.width - labelWidth - valueColumn, height: Double(steps.count) * Self.rowHeight)
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
            let y = top + Double(i) * Self.rowHeight + 4
            let (from, to): (Double, Double) = step.isTotal ? (0, step.value) : (level - step.value, level)
            level = step.isTotal ? step.value : level - step.value
            let x1 = scale.position(min(from, to)), x2 = scale.position(max(from, to))
            let colour = step.isTotal ? "#4A6FA5" : step.value < 0 ? Palette.better : "#C9504B"
            svg.text(step.label, x: labelWidth - 10, y: y + 13, anchor: "end", [("class", "row-label")])
            svg.rect(x: x1, y: y, width: max(1, x2 - x1), height: Self.rowHeight - 8, [("fill", colour), ("class", "segment")] + step.data,
                     tooltip: step.tooltip)
            svg.text(step.valueText, x: frame.right + 10, y: y + 13, [("class", "value")])
            if i + 1 < steps.count {
                // A thin connector from this step's level to the next row.
                let x = scale.position(level)
                svg.line(x1: x, y1: y + Self.rowHeight - 8, x2: x, y2: y + Self.rowHeight, [("class", "connector")])
            }
        }
        return svg.markup(title: title, attributes: attributes)
    }
}
