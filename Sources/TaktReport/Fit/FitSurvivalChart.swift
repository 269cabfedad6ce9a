import Foundation
import TaktFit

/// Censored data's Kaplan–Meier survival estimate as a step line, with each drawn family's survival function.
///
/// With censored values a histogram and a Q–Q plot of the values would count the
/// censored ones as finished; the survival estimate is what the data show.
struct FitSurvivalChart {
    let report: FitReport
    static let width = 900.0
    /// Points per family's curve.
    static let curvePoints = 200

    func render() -> String {
        let estimate = report.kaplanMeier!
        let families = report.drawn
        let names = ["data (Kaplan–Meier)"] + families.map(\.family.rawValue)
        var svg = SVG(width: Self.width, height: 352 + Double(Legend.rows(names, width: Self.width)) * 18)
        let frame = Axis.Frame(left: 70, top: 12, width: Self.width - 90, height: 270)
        let f = report.chartUnit.factor
        let xScale = Scale.linear(0, estimate.end * f, to: (frame.left, frame.right), count: 8)
        let yScale = Scale.linear(0, 100, to: (frame.bottom, frame.top), count: 5)
        Axis.left(&svg, yScale, frame: frame, label: "share still running (%)") { Axis.linearTick($0, ticks: yScale.ticks) }
        Axis.bottom(&svg, xScale, frame: frame, label: report.axisLabel) { Axis.linearTick($0, ticks: xScale.ticks) }
        var steps = [(xScale.position(0), yScale.position(100))]
        var level = 100.0
        for (t, s) in zip(estimate.times, estimate.survival) {
            steps.append((xScale.position(t * f), yScale.position(level)))
            level = s * 100
            steps.append((xScale.position(t * f), yScale.position(level)))
        }
        steps.append((xScale.position(estimate.end * f), yScale.position(level)))
        svg.path(steps, [("fill", "none"), ("stroke", "#555555"), ("stroke-width", "2"), ("class", "kaplan-meier")],
                 tooltip: "Kaplan–Meier estimate from \(report.sample.count) values, \(report.sample.censoredCount) censored")
        svg.open([("class", "censored"), ("fill", "none"), ("stroke", "#555555")])
        for i in report.sample.values.indices where report.sample.isCensored(i) {
            let x = report.sample.values[i]
            let y = yScale.position(estimate.survival(at: x) * 100)
            svg.line(x1: xScale.position(x * f), y1: y - 4, x2: xScale.position(x * f), y2: y + 4, [("data-value", Format.exact(x))])
        }
        svg.close()
        for (i, candidate) in families.enumerated() {
            let points = (0...Self.curvePoints).map { k -> (Double, Double) in
                let x = estimate.end * Double(k) / Double(Self.curvePoints)
                return (xScale.position(x * f), yScale.position(exp(candidate.model!.logSurvival(x)) * 100))
            }
            svg.path(points, [("fill", "none"), ("stroke", Palette.group(i + 1)), ("stroke-width", "2"), ("class", "survival"),
                              ("data-family", candidate.family.rawValue)], tooltip: candidate.family.rawValue)
        }
        Legend.draw(&svg, items: names.enumerated().map { ($1, $0 == 0 ? "#555555" : Palette.group($0), "line") },
                    top: frame.bottom + 50, width: Self.width)
        return svg.markup(title: "Kaplan–Meier estimate of \(report.subject) with the fitted families' survival functions")
    }
}
