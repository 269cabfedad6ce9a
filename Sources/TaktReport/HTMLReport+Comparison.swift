import Foundation
import TaktExperiment
import TaktPlant

/// The comparison table and one interval chart per key figure.
extension HTMLReport {
    static func comparisonSection(_ r: Report) -> String {
        let c = r.comparison
        guard !c.figures.isEmpty else { return section("comparison", "Comparison", paragraph("The runs have none of the figures a report compares.")) }
        let base = r.groups[r.baseline].name
        // At most four figures to a table, so it fits the page.
        let chunks = stride(from: 0, to: c.figures.count, by: 4).map { Array($0..<min($0 + 4, c.figures.count)) }
        let tables = chunks.map { figureIndices -> String in
        var head = ["variant"]
        for f in figureIndices { head.append(r.figureHeading(f) + ", " + Report.direction(c.figures[f])) }
        let rows = c.variants.indices.map { i -> [String] in
            let v = c.variants[i]
            var cells = [Markup.element("span", [("class", "swatch"), ("style", "background:\(r.colour(i))")], content: " ") + Markup.escape(r.label(i))]
            for f in figureIndices {
                let figure = c.figures[f]
                let unit = r.displayUnit(figure: f)
                var cell = Markup.text("span", [("class", "mean"), ("data-figure", figure.name), ("data-variant", v.name),
                                                ("data-value", v.estimates[f].map { Format.exact($0.mean) } ?? "")],
                                       Report.interval(v.estimates[f], unit))
                if let d = c.difference(v.name, figure.name) {
                    let verdict = d.better.map { $0 ? " * better" : " * worse" } ?? ""
                    cell += Markup.text("span", [("class", "diff" + (d.better.map { $0 ? " better" : " worse" } ?? "")),
                                                 ("data-figure", figure.name), ("data-variant", v.name), ("data-difference", Format.exact(d.mean)),
                                                 ("data-significant", d.significant ? "true" : "false")],
                                        "Δ " + r.differenceText(d, figure: f) + verdict)
                }
                cells.append(cell)
            }
            return cells
        }
        return table(head, rows, cls: "comparison")
        }
        let explanation = r.groups.count > 1
            ? "Each cell: the mean ± the half-width of its 95% confidence interval \(Report.intervalSource(replications: c.replications)); below it (Δ) the paired "
                + "difference from \(base) in the same replications ± its interval, Bonferroni-adjusted over \(c.comparisons) comparison\(c.comparisons == 1 ? "" : "s") "
                + "(t = \(Format.fixed(c.tQuantile, decimals: 3))). * marks a significant difference: its interval excludes zero."
            : "Each cell: the mean ± the half-width of its 95% confidence interval \(Report.intervalSource(replications: c.replications))."
        var content = paragraph(explanation, "caption") + "\n" + tables.joined(separator: "\n")
        if r.groups.count > 1 {
            content += "\n" + paragraph("Ranking by \(c.figures[0].label) (\(Report.direction(c.figures[0]))): \(c.ranking.joined(separator: " > ")).", "ranking")
        }
        if let selection = c.selection { content += "\n" + selectionBlock(selection) }
        for f in c.figures.indices { content += "\n" + figureChart(r, f) }
        return section("comparison", "Comparison of key figures", content)
    }

    /// The selection of the best: its sentence, and each variant's replications, mean, constrained figures' means and fate.
    static func selectionBlock(_ s: Selection) -> String {
        let means = s.means
        let constrained = !s.requirementMeans.isEmpty
        let rows = s.variants.indices.map { i -> [String] in
            let constraintMeans = constrained
                ? [Markup.escape(zip(s.spec.requirements, s.requirementMeans[i]).map { "\($0.figure) \(Format.trimZeros(Format.significant($1, digits: 5)))" }
                    .joined(separator: ", "))]
                : []
            return [Markup.escape(s.variants[i]), "\(s.replications[i])",
                    Markup.text("span", [("data-selection", s.variants[i]), ("data-value", means.map { Format.exact($0[i]) } ?? "")],
                                means.map { Format.trimZeros(Format.significant($0[i], digits: 5)) } ?? "—")]
                + constraintMeans + [Markup.escape(s.fateText(of: i))]
        }
        let header = ["variant", "replications", "mean \(s.figure.label) (\(s.figure.unit))"] + (constrained ? ["constrained figures' means (feasibility check)"] : [])
        return paragraph(Report.selectionText(s), "ranking") + "\n" + table(header + ["outcome"], rows)
    }

    /// Means with 95% intervals and, with a baseline to compare with, the paired differences.
    static func figureChart(_ r: Report, _ f: Int) -> String {
        let c = r.comparison
        let figure = c.figures[f]
        let estimates = c.variants.map { $0.estimates[f] }
        let unit = r.displayUnit(figure: f)
        let positives = estimates.compactMap { $0?.mean }.filter { $0 > 0 }
        let logarithmic = ["s", "J"].contains(figure.unit) && positives.count == estimates.compactMap({ $0 }).count
            && (positives.max() ?? 0) / max(positives.min() ?? 1, 1e-300) > 100
        // A log axis is drawn in stored units with unit-aware ticks; a linear one in the display unit.
        let divisor = logarithmic ? 1 : unit.divisor
        let means = IntervalChart.Panel(
            heading: "mean and 95% confidence interval",
            axisLabel: figure.label + (logarithmic ? " (log scale)" : unit.axisUnit),
            rows: c.variants.indices.map { i in
                let e = estimates[i]
                return IntervalChart.Row(
                    mean: e.map { $0.mean / divisor }, low: e.flatMap { est in est.halfWidth.map { (est.mean - $0) / divisor } },
                    high: e.flatMap { est in est.halfWidth.map { (est.mean + $0) / divisor } },
                    colour: r.colour(i), filled: true, valueText: e == nil ? "none" : Report.interval(e, unit, showUnit: logarithmic),
                    data: [("data-kind", "mean"), ("data-figure", figure.name), ("data-variant", c.variants[i].name),
                           ("data-value", e.map { Format.exact($0.mean) } ?? ""), ("data-half-width", e?.halfWidth.map(Format.exact) ?? "")],
                    tooltip: "\(c.variants[i].name): \(Report.interval(e, unit))")
            },
            logarithmic: logarithmic, reference: logarithmic ? nil : estimates[r.baseline].map { $0.mean / divisor },
            logTickText: figure.unit == "J" ? { Energy.text($0) } : { Durations.tick($0) },
            logCandidates: figure.unit == "J" ? nil : Durations.niceValues)
        var panels = [means]
        let differences = c.variants.map { c.difference($0.name, figure.name) }
        if differences.contains(where: { $0 != nil }) {
            let magnitudes = differences.compactMap { $0 }.flatMap { [abs($0.mean) + ($0.halfWidth.isFinite ? $0.halfWidth : 0)] }
            // The means' unit and decimals when they share one; else one chosen for the differences.
            let (symbol, divisor) = DisplayUnit.choose(unit: figure.unit, largest: magnitudes.max() ?? 0)
            let du = unit.symbol != nil ? unit
                : DisplayUnit(stored: figure.unit, symbol: symbol, divisor: divisor, decimals: Format.decimals(forLargest: (magnitudes.max() ?? 0) / divisor))
            let dDivisor = du.divisor
            panels.append(IntervalChart.Panel(
                // The baseline is named in its row and the caption, and the caption says how the intervals are made:
                // the heading stays short enough for its panel (it was cut at "Bonferroni…").
                heading: r.groups[r.baseline].name.count > 16 ? "difference from the baseline" : "difference from \(r.groups[r.baseline].name)",
                axisLabel: "difference" + du.axisUnit,
                rows: c.variants.indices.map { i in
                    guard let d = differences[i] else {
                        return IntervalChart.Row(mean: nil, low: nil, high: nil, colour: Palette.neutral, filled: false,
                                                 valueText: i == r.baseline ? "baseline" : "none", data: [], tooltip: "")
                    }
                    let colour = d.better.map { $0 ? Palette.better : Palette.worse } ?? Palette.neutral
                    let hw = d.halfWidth.isFinite ? d.halfWidth : nil
                    return IntervalChart.Row(
                        mean: d.mean / dDivisor, low: hw.map { (d.mean - $0) / dDivisor }, high: hw.map { (d.mean + $0) / dDivisor },
                        colour: colour, filled: d.significant,
                        valueText: du.interval(d.mean, hw, signed: true, showUnit: false) + (d.better.map { $0 ? " * better" : " * worse" } ?? ""),
                        emphasized: d.significant,
                        data: [("data-kind", "difference"), ("data-figure", figure.name), ("data-variant", d.variant), ("data-value", Format.exact(d.mean)),
                               ("data-half-width", Format.exact(d.halfWidth)), ("data-significant", d.significant ? "true" : "false")],
                        tooltip: "\(d.variant) − \(r.groups[r.baseline].name): \(du.interval(d.mean, hw, signed: true))"
                            + (d.significant ? " (significant, \(d.better == true ? "better" : "worse"))" : " (not significant)"))
                },
                includeZero: true, reference: 0))
        }
        let chart = IntervalChart(title: "\(figure.label): mean and 95% interval per variant" + (panels.count > 1 ? ", and difference from the baseline" : ""),
                                  labels: r.groups.indices.map { r.label($0) }, labelColours: r.groups.indices.map { r.colour($0) }, panels: panels,
                                  attributes: [("data-chart", "figure"), ("data-figure", figure.name)])
        var caption = "Dot: mean over the replications; bar: 95% confidence interval."
        if panels.count > 1 {
            caption += " Right: difference from \(r.groups[r.baseline].name) in the same replications; filled and coloured when significant "
                + "(green better, red worse), hollow grey when the interval includes zero. \(Report.direction(figure).prefix(1).uppercased())\(Report.direction(figure).dropFirst())."
        }
        if estimates.contains(where: { $0 == nil }) { caption += " \"none\": the variant does not have this figure." }
        return chartBlock(r.figureHeading(f).prefix(1).uppercased() + r.figureHeading(f).dropFirst(), chart.render(), caption: caption)
    }
}

/// Energies written with their SI prefix: `0.27 µJ`, `400 mJ`, `1 kJ`.
enum Energy {
    static func text(_ joules: Double) -> String {
        let units: [(String, Double)] = [("MJ", 1e6), ("kJ", 1e3), ("J", 1), ("mJ", 1e-3)]
        for (symbol, size) in units where abs(joules) >= size * 0.9999 {
            return Format.trimZeros(Format.significant(joules / size, digits: 3)) + " " + symbol
        }
        return joules == 0 ? "0 J" : Format.trimZeros(Format.significant(joules / 1e-6, digits: 3)) + " µJ"
    }
}
