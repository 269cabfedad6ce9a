import TaktExperiment
import TaktPlant

/// What `takt check` prints: where the numbers come from, one row per
/// figure, and the outcome.
enum CheckReport {
    /// The header and table.
    static func render(_ check: RegressionCheck, target: CheckTarget, baseline: Baseline, baselinePath: String,
                       settings: RunSettings, version: String) -> String {
        var out: [String] = []
        out.append("takt check · \(target.title) against \(baselinePath)")
        let reps = settings.replications == 1 ? "1 replication" : "\(settings.replications) replications"
        let sameReps = settings.replications == baseline.replications ? "as the baseline" : "the baseline has \(baseline.replications)"
        out.append("\(reps) × \(DurationText.format(baseline.durationSeconds)), warm-up \(DurationText.format(baseline.warmupSeconds)), "
            + "seed \(baseline.seed) (\(sameReps)); baseline made by Takt \(baseline.taktVersion)"
            + (baseline.taktVersion == version ? "" : ", this is Takt \(version): results may differ between versions"))
        if baseline.plantHash == target.plant.contentHash {
            out.append("The plant is unchanged since the baseline (sha256:\(baseline.plantHash.prefix(12))…).")
        } else {
            out.append("The plant changed since the baseline (sha256:\(baseline.plantHash.prefix(12))… → \(target.plant.contentHash.prefix(12))…).")
        }
        out.append("A figure fails when its change is beyond its tolerance and significant: \(check.testText).")
        out.append("")
        let header = ["figure", "baseline", "now", "change", "significant", "verdict"]
        let rows = check.figures.map { f in
            [f.figure.label, f.shown(f.baseline), f.figure.shown(f.current, like: f.baseline.mean), f.changeText,
             f.verdict == .unchanged ? "–" : f.significant ? "yes" : "no", verdict(f)]
        }
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        for row in [header] + rows {
            let cells = row.indices.map { c in
                c == 0 || c == row.count - 1 ? row[c].padding(toLength: widths[c], withPad: " ", startingAt: 0) : HumanSummary.pad(row[c], widths[c])
            }
            var line = "  " + cells.joined(separator: "   ")
            while line.hasSuffix(" ") { line.removeLast() }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    /// The verdict column.
    static func verdict(_ f: RegressionCheck.FigureResult) -> String {
        switch f.verdict {
        case .unchanged: return "pass (unchanged)"
        case .withinTolerance: return "pass (within \(f.toleranceText))"
        case .notSignificant: return "pass (not significant)"
        case .improved: return "improved"
        case .regressed: return "REGRESSION"
        }
    }

    /// The closing lines of a check that passed: PASS, and what improved.
    static func passed(_ check: RegressionCheck, update: String) -> String {
        var out = ["", "PASS: no figure is both beyond its tolerance and significantly worse than the baseline."]
        for f in check.improvements { out.append("improved: \(f.reason)") }
        if !check.improvements.isEmpty { out.append("improved: update the baseline with `\(update)` to keep the gain") }
        return out.joined(separator: "\n")
    }

    /// Why a check failed, as the error message.
    static func failed(_ check: RegressionCheck, baselinePath: String, update: String) -> String {
        let r = check.regressions
        let names = r.map(\.figure.label)
        let listed = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        var out = ["", "FAIL: \(listed) got worse than in \(baselinePath), beyond the tolerance and significantly "
            + "(\(r.count) of \(check.figures.count) figure\(check.figures.count == 1 ? "" : "s") regressed):"]
        out += r.map { "  - \($0.reason)" }
        out.append("If the change is intended, update the baseline: \(update)")
        return out.joined(separator: "\n")
    }
}
