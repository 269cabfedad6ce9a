/// Lines over time, each point a mean over replications, with a shaded band
/// for its 95% interval where asked.
struct BandChart {
    struct Point {
        var x: Double
        var mean: Double
        var low: Double?
        var high: Double?
        var data: [(String, String)]
        var tooltip: String
    }

    struct Series {
        var name: String
        var colour: String
        var points: [Point]
        var band: Bool
        var emphasized: Bool
    }

    var title: String
    var series: [Series]
    var xLabel: String
    var yLabel: String
    /// A dashed horizontal line with its label (e.g. the design rate at the takt).
    var reference: (value: Double, label: String)?
    var attributes: [(String, String)] = []

    static let width = 900.0

    func render() -> String {
        let legendRows = Legend.rows(series.map(\.name), width: Self.width)
        let height = 300.0 + Double(legendRows) * 18
        var svg = SVG(width: Self.width, height: height)
        let frame = Axis.Frame(left: 70, top: 14, width: Self.width - 70 - 20, height: 220)
        let xs = series.flatMap { $0.points.map(\.x) }
        var lows = series.flatMap { $0.points.map { $0.low ?? $0.mean } }, highs = series.flatMap { $0.points.map { $0.high ?? $0.mean } }
        if let reference { lows.append(reference.value); highs.append(reference.value) }
        let xScale = Scale.linear(xs.min() ?? 0, xs.max() ?? 1, to: (frame.left, frame.right), count: 8)
        let yScale = Scale.linear(lows.min() ?? 0, highs.max() ?? 1, to: (frame.bottom, frame.top), count: 5)
        Axis.left(&svg, yScale, frame: frame, label: yLabel) { Axis.linearTick($0, ticks: yScale.ticks) }
        Axis.bottom(&svg, xScale, frame: frame, label: xLabel) { Axis.linearTick($0, ticks: xScale.ticks) }
        for s in series where s.band {
            let upper = s.points.compactMap { p in p.high.map { (xScale.position(p.x), yScale.position($0)) } }
            let lower = s.points.reversed().compactMap { p in p.low.map { (xScale.position(p.x), yScale.position($0)) } }
            if upper.count == s.points.count, lower.count == s.points.count {
                svg.path(upper + lower, closed: true, [("fill", s.colour), ("class", "ci-band")])
            }
        }
        if let reference {
            let y = yScale.position(reference.value)
            svg.line(x1: frame.left, y1: y, x2: frame.right, y2: y, [("class", "reference")])
            svg.text(reference.label, x: frame.right - 4, y: y - 5, anchor: "end", [("class", "note")])
        }
        // Emphasized series last, so they are drawn on top.
        for s in series.sorted(by: { !$0.emphasized && $1.emphasized }) {
            svg.open([("class", "series"), ("data-series", s.name)])
            svg.path(s.points.map { (xScale.position($0.x), yScale.position($0.mean)) },
                     [("fill", "none"), ("stroke", s.colour), ("class", s.emphasized ? "line strong" : "line")])
            for p in s.points {
                svg.circle(cx: xScale.position(p.x), cy: yScale.position(p.mean), r: s.emphasized ? 2.6 : 1.8,
                           [("fill", s.colour), ("class", "point")] + p.data, tooltip: p.tooltip)
            }
            svg.close()
        }
        Legend.draw(&svg, items: series.map { ($0.name, $0.colour, $0.band ? "band" : "line") }, top: frame.bottom + 48, width: Self.width)
        return svg.markup(title: title, attributes: attributes)
    }
}

/// A legend of coloured swatches, up to four to a row: as many as the longest name leaves room for.
enum Legend {
    /// Rows the legend of `names` takes.
    static func rows(_ names: [String], width: Double, left: Double = 70) -> Int {
        let c = columns(names, width: width, left: left)
        return (names.count + c - 1) / c
    }

    /// Columns that fit the longest of `names` beside its swatch (12 px text: about 7 px a character).
    private static func columns(_ names: [String], width: Double, left: Double) -> Int {
        let needed = 24 + 7 * Double(names.map(\.count).max() ?? 0) + 16
        return max(1, min(4, Int((width - left - 20) / needed)))
    }

    static func draw(_ svg: inout SVG, items: [(name: String, colour: String, kind: String)], top: Double, width: Double, left: Double = 70) {
        let columns = columns(items.map(\.name), width: width, left: left)
        let columnWidth = (width - left - 20) / Double(columns)
        for (i, item) in items.enumerated() {
            let x = left + Double(i % columns) * columnWidth, y = top + Double(i / columns) * 18
            switch item.kind {
            case "line":
                svg.line(x1: x, y1: y, x2: x + 18, y2: y, [("stroke", item.colour), ("class", "line strong")])
            case "band":
                svg.rect(x: x, y: y - 6, width: 18, height: 12, [("fill", item.colour), ("class", "ci-band")])
                svg.line(x1: x, y1: y, x2: x + 18, y2: y, [("stroke", item.colour), ("class", "line strong")])
            default:
                svg.rect(x: x, y: y - 6, width: 18, height: 12, [("fill", item.colour)])
            }
            svg.text(item.name, x: x + 24, y: y + 4, [("class", "legend")])
        }
    }
}
