import Foundation
import TaktFit
import TaktPlant

extension FitReport {
    /// The families drawn in the charts: the best three fitted.
    var drawn: [DistributionFit.Candidate] { Array(fit.candidates.filter { $0.model != nil }.prefix(3)) }

    /// The fit as one self-contained XHTML page: summary, table, verdict, then a histogram with the fitted densities
    /// and a Q–Q plot, or, with censored values, the survival estimate with the fitted survival functions.
    public func html(generator: String) -> String {
        let summary = summaryLines.map { HTMLReport.paragraph($0) }.joined(separator: "\n")
        let notes = notes.map { HTMLReport.paragraph($0, "note") }.joined(separator: "\n")
        let rows = tableRows.map { $0.map(Markup.escape) }
        let verdict = verdictLines.map { HTMLReport.paragraph($0.trimmingCharacters(in: .whitespaces)) }.joined(separator: "\n")
        let charts = (sample.isCensored ? survival : histogram + "\n" + qq) + (homogeneity.map { "\n" + groupsChart($0.column, $0.test) } ?? "")
        return HTMLReport.page(title: "\(column ?? file) · Takt distribution fit", generator: generator, body: """
            <header>
            <p class="kicker">Takt distribution fit</p>
            <h1>\(Markup.escape(column ?? file))</h1>
            \(HTMLReport.paragraph(subject, "lead"))
            \(summary)
            </header>
            \(HTMLReport.section("fits", "Fits", HTMLReport.table(Self.tableHeader, rows, cls: "fits") + "\n" + notes + "\n" + verdict))
            \(HTMLReport.section("charts", "Charts", charts))
            <footer><p>Made by Takt \(Markup.escape(generator)).</p></footer>
            """)
    }

    /// The histogram with the fitted families' probabilities per bin.
    private var histogram: String {
        HTMLReport.chartBlock(
            "Histogram and fitted densities", FitHistogramChart(report: self).render(),
            caption: "Bars: the share of values in each bin. Lines: each fitted family's probability of the same bin. A family that fits follows the bars' outline, tails included.",
            id: "histogram")
    }

    /// The Q–Q plot of the data against the fitted families.
    private var qq: String {
        HTMLReport.chartBlock(
            "Q–Q plot", FitQuantileChart(report: self).render(),
            caption: "Each point pairs a value of the data (sorted) with the same quantile of a fitted family. A family that fits keeps its points on the diagonal; points that bend away in a tail show where it is too light or too heavy.",
            id: "qq")
    }

    /// A box per group, in order of median, for the test of whether they may be pooled.
    private func groupsChart(_ column: String, _ test: KruskalWallis) -> String {
        HTMLReport.chartBlock(
            "The groups by '\(column)'", FitGroupsChart(report: self, test: test).render(),
            caption: "Each group's values: the line from the shortest to the longest, the box the middle half, the bar the median; "
                + "groups in order of median (at most \(FitGroupsChart.maxGroups)). The Kruskal–Wallis test above says whether they differ by more than chance.",
            id: "groups")
    }

    /// Censored data's survival estimate with the fitted families' survival functions.
    private var survival: String {
        HTMLReport.chartBlock(
            "Survival: Kaplan–Meier estimate and fitted families", FitSurvivalChart(report: self).render(),
            caption: "Grey steps: the share of durations still running at each time, estimated from the data with the censored values counted as still running when they were cut off (ticks). Lines: each fitted family's share. A family that fits follows the steps. A histogram or a Q–Q plot of the values would count the censored ones as finished, so neither is drawn.",
            id: "survival")
    }
}

/// The data's histogram, with each drawn family's probability per bin as a line.
struct FitHistogramChart {
    let report: FitReport
    static let width = 900.0

    func render() -> String {
        let sample = report.sample
        let families = report.drawn
        let names = ["data"] + families.map(\.family.rawValue)
        var svg = SVG(width: Self.width, height: 292 + Double(Legend.rows(names, width: Self.width)) * 18)
        let frame = Axis.Frame(left: 70, top: 12, width: Self.width - 90, height: 210)
        let edges = Self.edges(sample)
        let n = Double(sample.count)
        var counts = [Int](repeating: 0, count: edges.count - 1)
        var bin = 0
        for x in sample.sorted {
            while bin < counts.count - 1 && x >= edges[bin + 1] { bin += 1 }
            counts[bin] += 1
        }
        let curves = families.map { candidate in
            (0..<counts.count).map { k in candidate.model!.cdf(edges[k + 1]) - candidate.model!.cdf(edges[k]) }
        }
        let top = max(counts.map { Double($0) / n }.max() ?? 0, curves.flatMap { $0 }.max() ?? 0)
        let f = report.chartUnit.factor
        let xScale = Scale.linear(edges[0] * f, edges[edges.count - 1] * f, to: (frame.left, frame.right), count: 8)
        let yScale = Scale.linear(0, top * 100, to: (frame.bottom, frame.top), count: 5)
        Axis.left(&svg, yScale, frame: frame, label: "share of values (%)") { Axis.linearTick($0, ticks: yScale.ticks) }
        Axis.bottom(&svg, xScale, frame: frame, label: report.axisLabel) { Axis.linearTick($0, ticks: xScale.ticks) }
        svg.open([("class", "histogram"), ("data-group", "data")])
        for k in counts.indices where counts[k] > 0 {
            let x1 = xScale.position(edges[k] * f), x2 = xScale.position(edges[k + 1] * f)
            let share = Double(counts[k]) / n
            let y = yScale.position(share * 100)
            svg.rect(x: x1 + 0.5, y: y, width: x2 - x1 - 1, height: frame.bottom - y,
                     [("fill", "#BBBBBB"), ("class", "bar"), ("data-lower", Format.exact(edges[k])), ("data-upper", Format.exact(edges[k + 1])),
                      ("data-count", String(counts[k]))],
                     tooltip: "\(counts[k]) values between \(report.duration(edges[k])) and \(report.duration(edges[k + 1]))")
        }
        svg.close()
        for (i, candidate) in families.enumerated() {
            var points: [(Double, Double)] = []
            for k in counts.indices {
                points.append((xScale.position((edges[k] + edges[k + 1]) / 2 * f), yScale.position(curves[i][k] * 100)))
            }
            svg.path(points, [("fill", "none"), ("stroke", Palette.group(i + 1)), ("stroke-width", "2"), ("class", "density"),
                              ("data-family", candidate.family.rawValue)], tooltip: candidate.family.rawValue)
        }
        Legend.draw(&svg, items: names.enumerated().map { ($1, $0 == 0 ? "#BBBBBB" : Palette.group($0), $0 == 0 ? "box" : "line") },
                    top: frame.bottom + 50, width: Self.width)
        return svg.markup(title: "Histogram of \(report.subject) with the fitted densities")
    }

    /// Bin edges: Freedman and Diaconis's width 2·IQR·n^(−1/3), 8 to 60 bins, a whole number of the data's resolution.
    static func edges(_ sample: ObservedSample) -> [Double] {
        let lo = sample.sorted[0], hi = sample.sorted[sample.count - 1]
        let iqr = sample.quantile(0.75) - sample.quantile(0.25)
        var width = 2 * iqr / pow(Double(sample.count), 1.0 / 3)
        width = min(max(width, (hi - lo) / 60), (hi - lo) / 8)
        var start = lo
        if let step = sample.resolution {
            width = max(step, (width / step).rounded() * step)
            start = lo - step / 2
        }
        var edges = [start]
        while edges[edges.count - 1] <= hi { edges.append(start + Double(edges.count) * width) }
        return edges
    }
}

/// Sorted data against each drawn family's quantiles, with the diagonal.
struct FitQuantileChart {
    let report: FitReport
    static let width = 900.0
    /// Most points drawn per family (evenly spaced ranks).
    static let maxPoints = 300

    func render() -> String {
        let sample = report.sample
        let families = report.drawn
        var svg = SVG(width: Self.width, height: 420 + Double(Legend.rows(families.map(\.family.rawValue), width: Self.width)) * 18)
        let frame = Axis.Frame(left: 70, top: 12, width: Self.width - 90, height: 340)
        let n = sample.count
        let step = max(1, n / Self.maxPoints)
        let ranks = Array(stride(from: 0, to: n, by: step))
        let quantiles = families.map { c in ranks.map { Self.quantile(c.model!, (Double($0) + 0.5) / Double(n), above: sample.sorted[n - 1]) } }
        let high = max(sample.sorted[n - 1], quantiles.flatMap { $0 }.max() ?? 0)
        let low = min(sample.sorted[0], quantiles.flatMap { $0 }.min() ?? 0)
        let (f, suffix) = report.chartUnit
        let xScale = Scale.linear(low * f, high * f, to: (frame.left, frame.right), count: 8)
        // The same domain on both axes (fewer ticks on the shorter one), so the diagonal is where data and model agree.
        let yTicks = xScale.ticks.count > 7 ? xScale.ticks.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) : xScale.ticks
        let yScale = Scale(domain: xScale.domain, range: (frame.bottom, frame.top), logarithmic: false, ticks: yTicks)
        Axis.left(&svg, yScale, frame: frame, label: "data (\(suffix))") { Axis.linearTick($0, ticks: yScale.ticks) }
        Axis.bottom(&svg, xScale, frame: frame, label: "the fitted family's quantile (\(suffix))") { Axis.linearTick($0, ticks: xScale.ticks) }
        let a = max(xScale.domain.lowerBound, yScale.domain.lowerBound), b = min(xScale.domain.upperBound, yScale.domain.upperBound)
        svg.line(x1: xScale.position(a), y1: yScale.position(a), x2: xScale.position(b), y2: yScale.position(b),
                 [("stroke", Palette.axis), ("stroke-dasharray", "4 3"), ("class", "diagonal")])
        for (i, candidate) in families.enumerated() {
            svg.open([("class", "qq"), ("data-family", candidate.family.rawValue), ("fill", Palette.group(i + 1))])
            for (j, rank) in ranks.enumerated() {
                svg.circle(cx: xScale.position(quantiles[i][j] * f), cy: yScale.position(sample.sorted[rank] * f), r: 2.2,
                           [("data-value", Format.exact(sample.sorted[rank])), ("data-quantile", Format.exact(quantiles[i][j]))])
            }
            svg.close()
        }
        Legend.draw(&svg, items: families.enumerated().map { ($1.family.rawValue, Palette.group($0 + 1), "box") },
                    top: frame.bottom + 50, width: Self.width)
        return svg.markup(title: "Q–Q plot of \(report.subject) against the fitted families")
    }

    /// The p-quantile of `model`, by bisection on its distribution function.
    static func quantile(_ model: FittedModel, _ p: Double, above: Double) -> Double {
        var lo = 0.0, hi = max(above, 1e-12)
        while model.cdf(hi) < p && hi < 1e300 { hi *= 2 }
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if model.cdf(mid) < p { lo = mid } else { hi = mid }
            if hi - lo <= 1e-12 * hi { break }
        }
        return (lo + hi) / 2
    }
}

extension FitReport {
    /// The charts' unit, chosen by the median as plant files write durations, and the factor from the data's unit to it.
    var chartUnit: (factor: Double, suffix: String) {
        let unit = DistributionText.unit(for: sample.quantile(0.5) * seconds)
        return (seconds / unit.size, unit.suffix)
    }

    /// The values' axis label: the column and the charts' unit.
    var axisLabel: String { "\(column ?? "value") (\(chartUnit.suffix))" }
}
