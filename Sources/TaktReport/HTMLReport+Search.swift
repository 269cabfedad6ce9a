import Foundation
import TaktPlant
import TaktStore

/// The search behind an optimization's selection (`takt optimize`): how it went, and the best points it found.
extension HTMLReport {
    static func searchSection(_ r: Report) -> String {
        guard let s = r.search, let first = s.iterations.first else { return "" }
        let figure = r.comparison.figures.first { $0.name == s.search.figure } ?? ResultFigure.named(s.search.figure)
        let label = figure?.label ?? s.search.figure, unit = figure?.unit ?? ""
        var content = paragraph(Report.searchText(s))
        let chart = BandChart(
            title: "The search's best point after each iteration",
            series: [BandChart.Series(name: "best point's mean in the search", colour: Palette.group(0), points: s.iterations.map { it in
                BandChart.Point(x: Double(it.replications), mean: it.bestMean, low: nil, high: nil,
                                data: [("data-iteration", String(it.iteration)), ("data-best", it.best), ("data-value", Format.exact(it.bestMean))],
                                tooltip: "iteration \(it.iteration): \(it.best), \(Format.fixed(it.bestMean, decimals: 3)) \(unit) over \(it.bestReplications) replications")
            }, band: false, emphasized: true)],
            xLabel: "replications run by the search", yLabel: "\(label) (\(unit))",
            reference: (first.bestMean, "start: \(Format.fixed(first.bestMean, decimals: 3))"),
            attributes: [("data-chart", "search")])
        content += "\n" + chartBlock("Best point so far", chart.render(),
                                     caption: "After each iteration, the sample mean of the best point visited so far (its replications grow while it stays the best). "
                                         + "The dashed line is the start point after the first iteration."
                                         + (s.points.contains { $0.keepsConstraints != nil }
                                            ? " With constraints on figures, the best is the point whose means break them least, so while none keeps them the line may fall."
                                            : ""))
        let ranked = s.points.filter { $0.rank != nil }.sorted { $0.rank! < $1.rank! }.prefix(10)
        let constrained = ranked.contains { $0.keepsConstraints != nil }
        let rows = ranked.map { p in
            [String(p.rank!), Markup.text("span", [("data-point", p.point)], p.point), String(p.replications),
             Markup.text("span", [("data-value", p.mean.map(Format.exact) ?? "")], p.mean.map { Format.fixed($0, decimals: 3) } ?? "—")]
                + (constrained ? [constraintText(p)] : [])
        }
        content += "\n" + table(["rank", "point", "replications", "search mean (\(unit))"] + (constrained ? ["constrained figures' means"] : []),
                                 Array(rows), cls: "search")
        let failed = s.points.filter { $0.failure != nil }
        if let f = failed.first {
            content += "\n" + paragraph("\(failed.count) point(s) could not be simulated and were left out, e.g. \(f.point): \(f.failure!)", "note")
        }
        return section("search", "How the optimization searched", content)
    }

    /// A point's constrained figures' means in the search, and whether they keep the bounds.
    private static func constraintText(_ p: OptimizationPointRecord) -> String {
        let means = (p.constraintMeans?.data(using: .utf8)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Double] } ?? [:]
        let text = means.keys.sorted().map { "\($0) \(Format.trimZeros(Format.significant(means[$0]!, digits: 5)))" }.joined(separator: ", ")
        return Markup.escape(text) + (p.keepsConstraints == true ? " (keep the bounds)" : " (break a bound)")
    }
}

extension Report {
    /// The search in one paragraph: what it did and why the selection, not the search, gives the verdict.
    static func searchText(_ s: StoredSearch) -> String {
        let stopped = s.search.stopped == "local optimum" ? "at a local optimum (every neighbour of the best visited and worse)" : "when its budget was spent"
        return "\(s.search.method) visited \(s.points.count) points in \(s.search.replications) of \(s.search.budget) replications "
            + "(\(s.search.replicationsPerSample) per sampled point, common random numbers) and stopped \(stopped). "
            + "Its best points went to the selection above, run again on fresh random numbers: a search's best means are optimistic "
            + "(the best of many noisy estimates), the selection's are not."
    }
}
