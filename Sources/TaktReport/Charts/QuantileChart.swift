/// Quantiles of a duration per group on a logarithmic axis: a line from the
/// median to the 99th percentile, a dot at the median, a diamond at p95, a
/// bar at p99.
struct QuantileChart {
    struct Row {
        var label: String
        var colour: String
        /// p50, p95, p99 in seconds (nil: the group has none).
        var quantiles: (Double, Double, Double)?
        var valueText: String
        var data: [(String, String)]
    }

    var title: String
    var rows: [Row]
    var xLabel: String
    var attributes: [(String, String)] = []

    static let width = 900.0
    static let rowHeight = 26.0

    func render() -> String {
        let rowLabels = RowLabels(rows.map(\.label), padding: 30, rowHeight: Self.rowHeight, maximum: 260)
        let labelWidth = rowLabels.width, rowHeight = rowLabels.rowHeight
        let valueColumn = 300.0, top = 8.0
        let legendTop = top + Double(rows.count) * rowHeight + 52
        var svg = SVG(width: Self.width, height: legendTop + 16)
        let frame = Axis.Frame(left: labelWidth, top: top, width: Self.width - labelWidth - valueColumn, height: Double(rows.count) * rowHeight)
        let values = rows.compactMap(\.quantiles).flatMap { [$0.0, $0.1, $0.2] }.filter { $0 > 0 }
        let scale = Scale.log(values.min() ?? 0.001, values.max() ?? 1, to: (frame.left + 6, frame.right - 6), candidates: Durations.niceValues, sparse: Durations.sparseValues, maxTicks: 8)
        Axis.bottom(&svg, scale, frame: frame, label: xLabel) { Durations.tick($0) }
        for (i, row) in rows.enumerated() {
            let y = top + (Double(i) + 0.5) * rowHeight
            rowLabels.draw(&svg, row: i, swatch: row.colour, right: labelWidth - 10, y: y)
            svg.open([("class", "quantiles")] + row.data)
            if let (p50, p95, p99) = row.quantiles, p50 > 0 {
                let x50 = scale.position(p50), x95 = scale.position(p95), x99 = scale.position(p99)
                svg.line(x1: x50, y1: y, x2: x99, y2: y, [("stroke", row.colour), ("class", "whisker")])
                svg.circle(cx: x50, cy: y, r: 4.5, [("fill", row.colour), ("class", "dot")], tooltip: "\(row.label): p50 \(Durations.text(p50))")
                svg.path([(x95, y - 6), (x95 + 6, y), (x95, y + 6), (x95 - 6, y)], closed: true, [("fill", "#ffffff"), ("stroke", row.colour), ("class", "dot")],
                         tooltip: "\(row.label): p95 \(Durations.text(p95))")
                svg.line(x1: x99, y1: y - 7, x2: x99, y2: y + 7, [("stroke", row.colour), ("class", "whisker")], tooltip: "\(row.label): p99 \(Durations.text(p99))")
            }
            svg.text(row.valueText, x: frame.right + 12, y: y + 4, [("class", "value")])
            svg.close()
        }
        // Legend of the markers.
        let x = labelWidth
        svg.circle(cx: x + 6, cy: legendTop, r: 4.5, [("fill", Palette.axis)])
        svg.text("median (p50)", x: x + 16, y: legendTop + 4, [("class", "legend")])
        svg.path([(x + 146, legendTop - 6), (x + 152, legendTop), (x + 146, legendTop + 6), (x + 140, legendTop)], closed: true,
                 [("fill", "#ffffff"), ("stroke", Palette.axis), ("class", "dot")])
        svg.text("p95", x: x + 160, y: legendTop + 4, [("class", "legend")])
        svg.line(x1: x + 226, y1: legendTop - 7, x2: x + 226, y2: legendTop + 7, [("stroke", Palette.axis), ("class", "whisker")])
        svg.text("p99", x: x + 234, y: legendTop + 4, [("class", "legend")])
        return svg.markup(title: title, attributes: attributes)
    }
}
