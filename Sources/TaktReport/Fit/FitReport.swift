import Foundation
import TaktFit
import TaktPlant

/// A distribution fit as `takt fit` shows it: a table for people, JSON, or an
/// HTML page with a histogram and a Q–Q plot.
public struct FitReport {
    let fit: DistributionFit
    let file: String
    /// The column's header, nil for a headerless list.
    let column: String?
    /// The unit the values are in, and its length in seconds.
    let unit: String
    let seconds: Double
    let alpha: Double
    /// The file's column of the values, when they are its cells (not times between its events): the empirical distribution's column.
    let empiricalColumn: String?
    /// Sentences the caller adds to the summary (what the values are and are not).
    let remarks: [String]
    /// Whether the groups of a column (each robot's values) may be pooled: the column and the test.
    let homogeneity: (column: String, test: KruskalWallis)?
    /// The Kaplan–Meier estimate of censored values (nil when none is censored).
    let kaplanMeier: KaplanMeier?

    /// A report of `fit` to the values of `column` in `file`, given in `unit` (`seconds` long), tested at level `alpha`.
    public init(fit: DistributionFit, file: String, column: String?, unit: String, seconds: Double, alpha: Double, empiricalColumn: String?,
                homogeneity: (column: String, test: KruskalWallis)? = nil, remarks: [String] = []) {
        self.homogeneity = homogeneity
        kaplanMeier = fit.sample.isCensored ? KaplanMeier(fit.sample) : nil
        self.fit = fit
        self.file = file
        self.column = column
        self.unit = unit
        self.seconds = seconds
        self.alpha = alpha
        self.empiricalColumn = empiricalColumn
        self.remarks = remarks
    }

    var sample: ObservedSample { fit.sample }
    var bestAIC: Double { fit.candidates.first?.aic ?? 0 }

    /// The fit's plant-file text, in seconds-based units.
    func yaml(_ model: FittedModel) -> String { DistributionText.yaml(model.kind(unit: seconds), shift: model.shift * seconds) ?? "" }

    /// A value in the data's unit, written as a duration.
    func duration(_ value: Double) -> String { DistributionText.duration(value * seconds) }

    /// The empirical distribution of the data, as a plant file writes it, when the file has a header
    /// and nothing is censored (it would count censored values as finished).
    var empiricalYAML: String? {
        if sample.isCensored { return nil }
        return empiricalColumn.map { "{dist: empirical, file: \(file), column: \($0)\(unit == "s" ? "" : ", unit: \(unit)"), interpolate: true}" }
    }

    /// The truncated normal's note: how much of the untruncated normal lies below zero, when it matters.
    private func truncationNote(_ model: FittedModel?) -> String? {
        guard let model, model.truncatedShare >= 0.001 else { return nil }
        return String(format: "Takt's normal is truncated at zero: %.1f%% of this normal lies below it, and the simulated mean is %@",
                      model.truncatedShare * 100, duration(model.mean))
    }

    /// What was fitted: "240 values of 'repair_min' in repairs.csv, in min".
    var subject: String {
        "\(sample.count) values" + (column.map { " of '\($0)'" } ?? "") + " in \(file), in \(unit)"
            + (sample.isCensored ? ", \(sample.censoredCount) of them censored" : "")
    }

    /// The censored values' line and the Kaplan–Meier estimate's quantiles, for a censored sample.
    private var censoringLines: [String] {
        let censoredValues = sample.values.indices.filter { sample.isCensored($0) }.map { sample.values[$0] }
        let estimate = kaplanMeier!
        func quantile(_ p: Double) -> String { estimate.quantile(p).map(duration) ?? "beyond \(duration(estimate.end))" }
        return ["\(sample.censoredCount) censored (cut off before they ended), \(duration(censoredValues.min()!)) to \(duration(censoredValues.max()!)): "
                    + "the fits count each as at least that long",
                "Kaplan–Meier estimate: median \(quantile(0.5))  p90 \(quantile(0.9))  (the values' own summary above counts censored ones as finished)"]
    }

    /// The groups' test: whether pooling them is sound.
    private func homogeneityLine(_ column: String, _ test: KruskalWallis) -> String {
        String(format: "by '%@': %d groups (the smallest has %d value%@), Kruskal–Wallis H = %.2f on %d degrees of freedom, p %@", column, test.groups,
               test.smallestGroup, test.smallestGroup == 1 ? "" : "s", test.statistic, test.degreesOfFreedom,
               test.pValue < 0.001 ? "< 0.001" : String(format: "= %.3f", test.pValue))
            + (test.pValue >= alpha ? ": no sign that the groups differ, so one distribution for all of them is sound"
                : ": the groups differ (the highest mean ranks, the longest durations: \(extremes(test, longest: true)); the lowest: \(extremes(test, longest: false))); "
                    + "fit each on its own (a file per group) or model what sets them apart, rather than the pooled fit below")
            + (test.smallestGroup < 5 ? " (with fewer than about five values a group the p-value is rough)" : "")
    }

    /// The (at most three) groups with the highest or lowest mean rank, with their mean ranks.
    private func extremes(_ test: KruskalWallis, longest: Bool) -> String {
        let order = test.meanRanks.indices.sorted { longest ? test.meanRanks[$0] > test.meanRanks[$1] : test.meanRanks[$0] < test.meanRanks[$1] }
        return order.prefix(max(1, min(3, test.groups / 2))).map { String(format: "%@ %.1f", test.labels[$0], test.meanRanks[$0]) }.joined(separator: ", ")
    }

    /// The data's summary, resolution and independence check, a line each.
    var summaryLines: [String] {
        var lines = ["mean \(duration(sample.mean))  sd \(duration(sample.standardDeviation))  cv \(DistributionText.number(sample.coefficientOfVariation))"
            + "  min \(duration(sample.sorted[0]))  median \(duration(sample.quantile(0.5)))  p95 \(duration(sample.quantile(0.95)))  max \(duration(sample.sorted[sample.count - 1]))"]
        if sample.isCensored { lines += censoringLines }
        if let homogeneity { lines.append(homogeneityLine(homogeneity.column, homogeneity.test)) }
        if let step = sample.resolution {
            lines.append("recorded to \(DistributionText.number(step)) \(unit): the bootstrap rounds its samples the same way")
        }
        let r = sample.lag1Autocorrelation
        let band = 1.96 / Double(sample.count).squareRoot()
        lines.append(String(format: "lag-1 autocorrelation %.3f, %@ ±%.3f", r, abs(r) <= band ? "within" : "OUTSIDE", band)
            + (abs(r) <= band ? ": no sign that a value depends on the one before"
                : ": consecutive values depend on each other; a fit of independent values misses that (look at the order of the data: shifts, tool wear, batches)"))
        return lines + remarks
    }

    /// The verdict: the best fit and its plant-file line, or the data themselves; then how to read the table.
    var verdictLines: [String] {
        guard fit.bootstrapSamples > 0 else {
            let lowest = fit.candidates.first.flatMap { c in c.model.map { "Lowest AIC: \(c.family.rawValue)  \(yaml($0))" } }
            return ["Ranked by AIC; not tested (--bootstrap 0)."] + (lowest.map { [$0] } ?? [])
        }
        var lines: [String]
        if let best = fit.best(alpha: alpha), let model = best.model {
            lines = ["Best fit: \(best.family.rawValue)", "  \(yaml(model))"]
            let close = fit.candidates.filter { $0.family != best.family && $0.fits(alpha: alpha) && $0.aic - best.aic < 2 }
            if !close.isEmpty {
                lines.append("About as good (ΔAIC below 2 from it, kept by the test): \(close.map(\.family.rawValue).joined(separator: ", ")); the data cannot tell them apart.")
            }
        } else {
            lines = ["No family fits at level \(DistributionText.number(alpha)): every Anderson–Darling p-value is below it."]
            // Values that start well above zero (a fixed program time plus delays) are what a shift describes.
            if !fit.candidates.contains(where: \.family.isShifted), sample.sorted[0] > sample.standardDeviation {
                lines.append("The values start at \(duration(sample.sorted[0])), well above zero for their spread: a family with a shift (a minimum time) may fit; try --shifted.")
            }
            if sample.isCensored {
                lines.append("An empirical distribution of these values would count the censored ones as finished and run short: take the family with the lowest AIC as an approximation, or collect more data.")
            } else {
                lines += empiricalYAML.map { ["Use the data themselves:", "  \($0)"] } ?? ["Use the data themselves: an empirical distribution (it reads a column of durations from a CSV file with a header row)."]
            }
        }
        let shiftedCount = fit.candidates.contains(where: \.family.isShifted) && fit.shiftedBootstrapSamples != fit.bootstrapSamples
            ? " (\(fit.shiftedBootstrapSamples) per shifted family)" : ""
        lines.append("Ranked by AIC. p-values: parametric bootstrap, \(fit.bootstrapSamples) samples per family\(shiftedCount), each refitted (seed \(fit.seed)); "
            + "'fits' means the Anderson–Darling test keeps the family at level \(DistributionText.number(alpha)).")
        return lines
    }

    /// The summary, table and verdict for a terminal.
    public func text() -> String {
        var out = subject + "\n" + summaryLines.map { "  \($0)\n" }.joined() + "\n"
        out += Self.table(Self.tableHeader, tableRows)
        for note in notes { out += "\(note)\n" }
        return out + "\n" + verdictLines.map { "\($0)\n" }.joined()
    }

    /// The columns of the table of candidates.
    static let tableHeader = ["rank", "family", "ΔAIC", "KS D", "p", "AD A²", "p", "fits", "as a plant file writes it"]

    /// One row per candidate, best first; families not fitted last, with the reason.
    var tableRows: [[String]] {
        let tested = fit.bootstrapSamples > 0
        return fit.candidates.enumerated().map { i, candidate in
            guard let model = candidate.model, let statistics = candidate.statistics else {
                return ["-", candidate.family.rawValue, "", "", "", "", "", "", "not fitted: \(candidate.notApplicable ?? "")"]
            }
            return [
                "\(i + 1)", candidate.family.rawValue, String(format: "%.1f", candidate.aic - bestAIC),
                String(format: "%.4f", statistics.ks), tested ? String(format: "%.3f", candidate.ksPValue) : "-",
                String(format: "%.3f", statistics.ad), tested ? String(format: "%.3f", candidate.adPValue) : "-",
                tested ? (candidate.fits(alpha: alpha) ? "yes" : "no") : "-", yaml(model),
            ]
        }
    }

    /// Notes on fits that need one (a normal with mass below zero).
    var notes: [String] {
        fit.candidates.compactMap { truncationNote($0.model).map { "normal: " + $0 } }
    }

    /// Left-aligned columns two spaces apart.
    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max()! }
        return all.map { row in
            row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// The JSON document (`takt fit --json`): the data's summary and every candidate, parameters in seconds.
    public var jsonDocument: JSONDocument {
        let tested = fit.bootstrapSamples > 0
        let best = tested ? fit.best(alpha: alpha) : nil
        let candidates = fit.candidates.map { c in
            // A family not fitted has its reason and nothing else; one not tested has no p-values or verdict.
            let fitted = c.model != nil
            return JSONDocument.Candidate(
                family: c.family.rawValue, fitted: fitted, notFitted: c.notApplicable, plantFile: c.model.map(yaml),
                mean: c.model.map { $0.mean * seconds }, logLikelihood: fitted ? c.logLikelihood : nil, aic: fitted ? c.aic : nil,
                deltaAic: fitted ? c.aic - bestAIC : nil, ks: c.statistics?.ks, ksP: tested && fitted ? c.ksPValue : nil,
                ad: c.statistics?.ad, adP: tested && fitted ? c.adPValue : nil, fits: tested && fitted ? c.fits(alpha: alpha) : nil)
        }
        return JSONDocument(
            file: file, column: column, unit: unit, count: sample.count, mean: sample.mean * seconds, sd: sample.standardDeviation * seconds,
            cv: sample.coefficientOfVariation, min: sample.sorted[0] * seconds, median: sample.quantile(0.5) * seconds,
            max: sample.sorted[sample.count - 1] * seconds, censored: sample.censoredCount,
            kaplanMeierMedian: kaplanMeier?.quantile(0.5).map { $0 * seconds }, resolution: sample.resolution.map { $0 * seconds },
            lag1Autocorrelation: sample.lag1Autocorrelation,
            kruskalWallis: homogeneity.map { h in
                JSONDocument.Homogeneity(by: h.column, groups: h.test.groups, smallestGroup: h.test.smallestGroup, h: h.test.statistic,
                                         degreesOfFreedom: h.test.degreesOfFreedom, p: h.test.pValue,
                                         ranks: h.test.labels.indices.map { .init(group: h.test.labels[$0], values: h.test.sizes[$0], meanRank: h.test.meanRanks[$0]) })
            },
            bootstrap: fit.bootstrapSamples,
            shiftedBootstrap: fit.candidates.contains(where: \.family.isShifted) ? fit.shiftedBootstrapSamples : nil, seed: fit.seed, alpha: alpha,
            best: best?.family.rawValue, bestPlantFile: best?.model.map(yaml) ?? (tested ? empiricalYAML : nil), candidates: candidates)
    }

    /// `takt fit --json`'s document; keys in snake case.
    public struct JSONDocument: Encodable {
        /// The Kruskal–Wallis test of the groups.
        struct Homogeneity: Encodable {
            let by: String
            let groups: Int
            let smallestGroup: Int
            let h: Double
            let degreesOfFreedom: Int
            let p: Double
            /// Each group's size and mean rank, in order of first appearance.
            let ranks: [GroupRank]

            struct GroupRank: Encodable {
                let group: String
                let values: Int
                let meanRank: Double
            }
        }

        /// One family's fit.
        struct Candidate: Encodable {
            let family: String
            let fitted: Bool
            let notFitted: String?
            let plantFile: String?
            let mean: Double?
            let logLikelihood: Double?
            let aic: Double?
            let deltaAic: Double?
            let ks: Double?
            let ksP: Double?
            let ad: Double?
            let adP: Double?
            let fits: Bool?
        }

        let file: String
        let column: String?
        let unit: String
        let count: Int
        let mean: Double
        let sd: Double
        let cv: Double
        let min: Double
        let median: Double
        let max: Double
        /// How many values are censored (durations still running when the log ended).
        let censored: Int
        /// The Kaplan–Meier estimate's median, when values are censored and it reaches one half.
        let kaplanMeierMedian: Double?
        let resolution: Double?
        let lag1Autocorrelation: Double
        /// Whether the groups of `--by` may be pooled, when it was given with a column of durations.
        let kruskalWallis: Homogeneity?
        let bootstrap: Int
        /// Bootstrap samples per shifted family, when any was fitted.
        let shiftedBootstrap: Int?
        let seed: UInt64
        let alpha: Double
        let best: String?
        let bestPlantFile: String?
        let candidates: [Candidate]
    }
}
