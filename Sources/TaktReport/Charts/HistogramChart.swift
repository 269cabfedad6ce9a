import Foundation

/// Shares of jobs per duration bin on a logarithmic time axis: the first
/// group as bars, the others as step outlines over them.
struct HistogramChart {
    struct Group {
        var name: String
        var colour: String
        /// Share of the group's jobs per bin, aligned with `bins`.
        var shares: [Double]
        var counts: [Int]
    }

    var title: String
    /// Bin edges, seconds (the last bin's upper edge is finite: an open overflow bin is drawn one bin wide).
    var bins: [(lower: Double, upper: Double)]
    var groups: [Group]
    var xLabel: String
    var attributes: [(String, String)] = []

    static let width = 900.0

    func render() -> String {
        let legendRows = Legend.rows(groups.map(\.name), width: Self.width)
        var svg = SVG(width: Self.width, height: 292 + Double(legendRows) * 18)
        let frame = Axis.Frame(left: 70, top: 12, width: Self.width - 90, height: 210)
        let low = max(bins.first?.lower ?? 0.1, 1e-3), high = bins.last?.upper ?? 1
        let xScale = Scale.log(low, high, to: (frame.left, frame.right), candidates: Durations.niceValues, sparse: Durations.sparseValues, maxTicks: 10)
        let top = groups.flatMap(\.shares).max() ?? 1
        let yScale = Scale.linear(0, top * 100, to: (frame.bottom, frame.top), count: 5)
        Axis.left(&svg, yScale, frame: frame, label: "share of jobs (%)") { Axis.linearTick($0, ticks: yScale.ticks) }
        Axis.bottom(&svg, xScale, frame: frame, label: xLabel) { Durations.tick($0) }
        for (g, group) in groups.enumerated() {
            svg.open([("class", "histogram"), ("data-group", group.name)])
            if g == 0 {
                for (k, bin) in bins.enumerated() where group.counts[k] > 0 {
                    let x1 = xScale.position(max(bin.lower, low)), x2 = xScale.position(bin.upper)
                    let y = yScale.position(group.shares[k] * 100)
                    svg.rect(x: x1 + 0.5, y: y, width: x2 - x1 - 1, height: frame.bottom - y,
                             [("fill", group.colour), ("class", "bar"), ("data-lower-s", Format.exact(bin.lower)), ("data-upper-s", Format.exact(bin.upper)),
                              ("data-count", String(group.counts[k])), ("data-value", Format.exact(group.shares[k]))],
                             tooltip: "\(group.name): \(Format.percent(group.shares[k])) of jobs between \(Durations.text(bin.lower)) and \(Durations.text(bin.upper)) (\(group.counts[k]))")
                }
            } else {
                var points: [(Double, Double)] = [(xScale.position(max(bins[0].lower, low)), frame.bottom)]
                for (k, bin) in bins.enumerated() {
                    let y = yScale.position(group.shares[k] * 100)
                    points.append((xScale.position(max(bin.lower, low)), y))
                    points.append((xScale.position(bin.upper), y))
                }
                points.append((xScale.position(bins[bins.count - 1].upper), frame.bottom))
                svg.path(points, [("fill", "none"), ("stroke", group.colour), ("class", "step")], tooltip: group.name)
            }
            svg.close()
        }
        Legend.draw(&svg, items: groups.enumerated().map { ($1.name, $1.colour, $0 == 0 ? "box" : "line") }, top: frame.bottom + 50, width: Self.width)
        return svg.markup(title: title, attributes: attributes)
    }
}

/// Round durations for log-axis ticks, and how to write them.
enum Durations {
    /// 1 ms … 100 d in steps a reader knows (1, 2, 5, 10, 15, 30 s; 1, 2, 5, 10, 15, 30 min; 1, 2, 4, 8, 12 h; days).
    static let niceValues: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
                                       60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 43200,
                                       86400, 172_800, 432_000, 864_000, 1_728_000, 4_320_000, 8_640_000]

    /// Round durations about a decade apart, for long log axes.
    static let sparseValues: [Double] = [0.001, 0.01, 0.1, 1, 10, 60, 600, 3600, 21600, 86400, 604_800, 2_592_000]

    /// A duration for reading: `500 ms`, `76 s`, `7.9 min`, `21.5 h`, `30 d` — seconds below 2 min,
    /// minutes below 2 h, hours below 2 d; three significant digits.
    static func text(_ seconds: Double) -> String {
        let a = abs(seconds)
        let (symbol, size): (String, Double) = a == 0 ? ("s", 1) : a < 1e-3 ? ("µs", 1e-6) : a < 1 ? ("ms", 1e-3) : a < 120 ? ("s", 1)
            : a < 7200 ? ("min", 60) : a < 172_800 ? ("h", 3600) : ("d", 86400)
        return Format.trimZeros(Format.significant(seconds / size, digits: 3)) + " " + symbol
    }

    /// A round duration for an axis tick, in the largest unit it fills: `30 s`, `1 min`, `2 h`.
    static func tick(_ seconds: Double) -> String {
        let units: [(String, Double)] = [("d", 86400), ("h", 3600), ("min", 60), ("s", 1), ("ms", 1e-3), ("µs", 1e-6)]
        for (symbol, size) in units where abs(seconds) >= size * 0.9999 {
            return Format.trimZeros(Format.significant(seconds / size, digits: 3)) + " " + symbol
        }
        return "0 s"
    }
}
