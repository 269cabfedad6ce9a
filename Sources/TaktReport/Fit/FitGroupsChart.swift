import Foundation
import TaktFit

/// A box per group of `--by` (each robot's repairs), in order of median: where each group's
/// values lie, next to the Kruskal–Wallis test of whether they may be pooled.
struct FitGroupsChart {
    let report: FitReport
    let test: KruskalWallis
    static let width = 900.0
    /// Most groups drawn (the chart says how many it leaves out).
    static let maxGroups = 80

    func render() -> String {
        var byGroup = Array(repeating: [Double](), count: test.groups)
        for (i, value) in report.sample.values.enumerated() { byGroup[test.groupOfValue[i]].append(value) }
        for g in byGroup.indices { byGroup[g].sort() }
        let quantile = ObservedSample.quantile(ofSorted:_:)
        let medians = byGroup.map { quantile($0, 0.5) }
        let order = byGroup.indices.sorted { (medians[$0], $0) < (medians[$1], $1) }.prefix(Self.maxGroups)
        let row = 14.0
        let frame = Axis.Frame(left: 150, top: 12, width: Self.width - 170, height: row * Double(order.count))
        var svg = SVG(width: Self.width, height: frame.bottom + 48)
        let f = report.chartUnit.factor
        let xScale = Scale.linear(report.sample.sorted[0] * f, report.sample.sorted[report.sample.count - 1] * f, to: (frame.left, frame.right), count: 8)
        Axis.bottom(&svg, xScale, frame: frame, label: report.axisLabel) { Axis.linearTick($0, ticks: xScale.ticks) }
        for (r, g) in order.enumerated() {
            let v = byGroup[g], y = frame.top + row * (Double(r) + 0.5)
            let (q1, median, q3) = (quantile(v, 0.25), medians[g], quantile(v, 0.75))
            svg.text(test.labels[g], x: frame.left - 8, y: y + 4, anchor: "end", [("class", "label")])
            svg.open([("class", "group"), ("data-group", test.labels[g]), ("data-values", "\(v.count)"), ("data-median", Format.exact(median)),
                      ("data-mean-rank", Format.exact(test.meanRanks[g]))])
            svg.line(x1: xScale.position(v[0] * f), y1: y, x2: xScale.position(v[v.count - 1] * f), y2: y, [("stroke", "#777777")])
            svg.rect(x: xScale.position(q1 * f), y: y - 4, width: max(1, xScale.position(q3 * f) - xScale.position(q1 * f)), height: 8,
                     [("fill", "#BBD5EC"), ("stroke", "#0072B2")],
                     tooltip: "\(test.labels[g]): \(v.count) values, median \(report.duration(median)), middle half \(report.duration(q1))–\(report.duration(q3)), "
                        + String(format: "mean rank %.1f", test.meanRanks[g]))
            svg.line(x1: xScale.position(median * f), y1: y - 5, x2: xScale.position(median * f), y2: y + 5, [("stroke", "#1d1d1d"), ("stroke-width", "2")])
            svg.close()
        }
        return svg.markup(title: "The values of each \(test.groups > order.count ? "of the first \(order.count) by median of the \(test.groups) groups" : "group"), in order of median")
    }
}
