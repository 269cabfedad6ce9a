/// Dots with error bars, one row per group, in one or more panels side by
/// side (e.g. the means with their 95% intervals, and the differences from
/// the baseline with their Bonferroni intervals).
struct IntervalChart {
    /// One group's mark in a panel, in display units.
    struct Row {
        var mean: Double?
        var low: Double?
        var high: Double?
        var colour: String
        /// A filled dot (significant, or the baseline); else hollow.
        var filled: Bool
        /// Text right of the plot, e.g. `40.77 ± 0.41` (the axis gives the unit); shown in `colour` when `emphasized`.
        var valueText: String
        var emphasized = false
        /// `data-*` attributes carrying the stored numbers.
        var data: [(String, String)]
        var tooltip: String
    }

    struct Panel {
        var heading: String
        var axisLabel: String
        var rows: [Row]
        var logarithmic = false
        var includeZero = false
        /// Where to draw a dashed reference line (e.g. zero difference, the baseline's mean).
        var reference: Double?
        /// Tick labels of a log axis (linear axes print the number).
        var logTickText: ((Double) -> String)?
        /// Values for log-axis candidates (e.g. nice durations); 1-2-5 by default.
        var logCandidates: [Double]?
    }

    var title: String
    var labels: [String]
    var labelColours: [String]
    var panels: [Panel]
    var attributes: [(String, String)] = []

    static let width = 900.0
    /// The height of a row whose label fits on one line.
    static let rowHeight = 24.0
    static let valueColumn = 150.0

    func render() -> String {
        let rowLabels = RowLabels(labels, padding: 30, rowHeight: Self.rowHeight, maximum: 260)
        let labelWidth = rowLabels.width, rowHeight = rowLabels.rowHeight
        let top = 30.0, bottom = 48.0
        let height = top + Double(labels.count) * rowHeight + bottom
        var svg = SVG(width: Self.width, height: height)
        let gap = 22.0
        let panelWidth = (Self.width - labelWidth - 8 - gap * Double(panels.count - 1)) / Double(panels.count)
        let plotWidth = panelWidth - Self.valueColumn
        for i in labels.indices {
            let y = top + (Double(i) + 0.5) * rowHeight
            if i % 2 == 1 { svg.rect(x: 0, y: y - rowHeight / 2, width: Self.width, height: rowHeight, [("class", "band-row")]) }
            rowLabels.draw(&svg, row: i, swatch: labelColours[i], right: labelWidth - 10, y: y)
        }
        for (p, panel) in panels.enumerated() {
            let left = labelWidth + Double(p) * (panelWidth + gap)
            let frame = Axis.Frame(left: left, top: top, width: plotWidth, height: Double(labels.count) * rowHeight)
            let lows = panel.rows.compactMap { $0.low ?? $0.mean }, highs = panel.rows.compactMap { $0.high ?? $0.mean }
            let scale: Scale
            if panel.logarithmic {
                let positive = (lows + highs).filter { $0 > 0 }
                scale = Scale.log(positive.min() ?? 1, positive.max() ?? 10, to: (frame.left + 6, frame.right - 6), candidates: panel.logCandidates, maxTicks: 7)
            } else {
                scale = Scale.linear(lows.min() ?? 0, highs.max() ?? 1, to: (frame.left + 6, frame.right - 6), count: 4,
                                     includeZero: panel.includeZero || panel.reference == 0)
            }
            // A heading wider than its panel is cut, whole in its tooltip.
            let fits = max(8, Int(panelWidth / (12.5 * 0.62)))
            if panel.heading.count > fits {
                svg.raw(Markup.element("text", [("x", SVG.number(frame.left)), ("y", "14"), ("class", "panel-heading")],
                                       content: Markup.text("title", [], panel.heading) + Markup.escape(String(panel.heading.prefix(fits - 1)) + "…")))
            } else {
                svg.text(panel.heading, x: frame.left, y: 14, [("class", "panel-heading")])
            }
            Axis.bottom(&svg, scale, frame: frame, label: panel.axisLabel) { t in
                panel.logarithmic ? (panel.logTickText?(t) ?? Format.significant(t, digits: 3)) : Axis.linearTick(t, ticks: scale.ticks)
            }
            if let reference = panel.reference, scale.domain.contains(reference) {
                let x = scale.position(reference)
                svg.line(x1: x, y1: frame.top, x2: x, y2: frame.bottom, [("class", "reference")])
            }
            for (i, row) in panel.rows.enumerated() {
                let y = top + (Double(i) + 0.5) * rowHeight
                svg.open([("class", "mark")] + row.data)
                if let mean = row.mean, mean.isFinite, !panel.logarithmic || mean > 0 {
                    if let low = row.low, let high = row.high, low.isFinite, high.isFinite {
                        let x1 = scale.position(panel.logarithmic ? max(low, scale.domain.lowerBound) : low), x2 = scale.position(high)
                        svg.line(x1: x1, y1: y, x2: x2, y2: y, [("stroke", row.colour), ("class", "whisker")])
                        svg.line(x1: x1, y1: y - 5, x2: x1, y2: y + 5, [("stroke", row.colour), ("class", "whisker")])
                        svg.line(x1: x2, y1: y - 5, x2: x2, y2: y + 5, [("stroke", row.colour), ("class", "whisker")])
                    }
                    svg.circle(cx: scale.position(mean), cy: y, r: 4.5,
                               [("fill", row.filled ? row.colour : "#ffffff"), ("stroke", row.colour), ("class", "dot")], tooltip: row.tooltip)
                }
                svg.text(row.valueText, x: frame.right + 8, y: y + 4,
                         [("class", row.emphasized ? "value strong" : "value")] + (row.emphasized ? [("fill", row.colour)] : []))
                svg.close()
            }
        }
        return svg.markup(title: title, attributes: attributes)
    }
}
