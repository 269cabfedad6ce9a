/// Horizontal bars, each split into coloured shares that add up to 100%.
struct StackChart {
    struct Segment {
        var name: String
        /// Share, 0…1.
        var share: Double
        var colour: String
        var data: [(String, String)]
        var tooltip: String
    }

    struct Bar {
        var label: String
        var segments: [Segment]
        var data: [(String, String)]
    }

    var title: String
    var bars: [Bar]
    var xLabel: String
    /// Legend entries (name, colour), in stacking order.
    var legend: [(String, String)]
    /// The share at the axis's right end (1: 100%).
    var domainMax = 1.0
    /// Whether to write each wide segment's percentage inside it.
    var labelSegments = true
    var attributes: [(String, String)] = []

    /// Segments dark enough to need white text.
    static let darkSegments: Set<String> = ["failed", "setup", "sole"]

    static let width = 900.0
    static let barHeight = 20.0
    static let rowHeight = 27.0

    func render() -> String {
        let rowLabels = RowLabels(bars.map(\.label), padding: 14, rowHeight: Self.rowHeight)
        let labelWidth = rowLabels.width, rowHeight = rowLabels.rowHeight
        let top = 8.0
        let legendTop = top + Double(bars.count) * rowHeight + 52
        var svg = SVG(width: Self.width, height: legendTop + Double((legend.count + 5) / 6) * 18 + 6)
        let frame = Axis.Frame(left: labelWidth, top: top, width: Self.width - labelWidth - 20, height: Double(bars.count) * rowHeight)
        let scale = domainMax >= 1
            ? Scale(domain: 0...1, range: (frame.left, frame.right), logarithmic: false, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1])
            : Scale.linear(0, domainMax, to: (frame.left, frame.right), count: 5)
        Axis.bottom(&svg, scale, frame: frame, label: xLabel) { Format.trimZeros(Format.fixed($0 * 100, decimals: 1)) + "%" }
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight + (rowHeight - Self.barHeight) / 2
            rowLabels.draw(&svg, row: i, right: labelWidth - 10, y: y + Self.barHeight / 2)
            svg.open([("class", "stack")] + bar.data)
            var start = 0.0
            for segment in bar.segments where segment.share > 0 {
                let x1 = scale.position(start), x2 = scale.position(min(scale.domain.upperBound, start + segment.share))
                svg.rect(x: x1, y: y, width: x2 - x1, height: Self.barHeight, [("fill", segment.colour), ("class", "segment")] + segment.data,
                         tooltip: segment.tooltip)
                // Label a segment wide enough to hold its percentage.
                if labelSegments, x2 - x1 >= 34 {
                    svg.text(Format.percent(segment.share, decimals: 0), x: (x1 + x2) / 2, y: y + Self.barHeight / 2 + 4, anchor: "middle",
                             [("class", Self.darkSegments.contains(segment.name) ? "in-bar light" : "in-bar")])
                }
                start += segment.share
            }
            svg.close()
        }
        let columnWidth = (Self.width - labelWidth - 20) / 6
        for (i, item) in legend.enumerated() {
            let x = labelWidth + Double(i % 6) * columnWidth, y = legendTop + Double(i / 6) * 18
            svg.rect(x: x, y: y - 6, width: 14, height: 12, [("fill", item.1)])
            svg.text(item.0, x: x + 20, y: y + 4, [("class", "legend")])
        }
        return svg.markup(title: title, attributes: attributes)
    }
}
