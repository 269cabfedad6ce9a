import TaktExperiment
import TaktPlant

/// The report's key findings in plain sentences, shared by the HTML and the
/// Markdown: the ranking, every significant difference, the leading
/// bottleneck, the largest loss and what deployed decisions cost.
enum Findings {
    static func of(_ report: Report) -> [String] {
        var out: [String] = []
        let c = report.comparison
        let base = report.groups[report.baseline].name
        // First: figures a failed policy process leaves to its fallback are not the policy's.
        for group in report.groups {
            out += group.processFailures.sentences(variant: report.groups.count > 1 ? group.name : nil).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        }
        if let selection = c.selection { out.append(Report.selectionText(selection)) }
        if report.groups.count > 1, let first = c.figures.first, let f = c.figures.firstIndex(where: { $0.name == first.name }) {
            let unit = report.displayUnit(figure: f)
            // With constraints on figures, the variants the selection's check found infeasible are marked.
            let infeasible = Set(c.selection.map { s in s.variants.indices.filter { s.fate(of: $0).status == "infeasible" }.map { s.variants[$0] } } ?? [])
            let ranked = c.ranking.compactMap { name -> String? in
                guard let v = c.variants.first(where: { $0.name == name }), let e = v.estimates[f] else { return nil }
                return "\(name) \(unit.text(e.mean))" + (infeasible.contains(name) ? " (infeasible)" : "")
            }
            out.append("Ranked by \(first.label) (\(Report.direction(first)); only the differences below marked significant are beyond noise): "
                + "\(ranked.joined(separator: " > ")).")
            let significant = c.differences.filter(\.significant)
            for d in significant {
                guard let fi = c.figures.firstIndex(where: { $0.name == d.figure }) else { continue }
                let figure = c.figures[fi]
                let text = report.differenceText(d, figure: fi).dropFirst()  // no sign: the sentence says higher or lower
                out.append("\(d.variant): \(figure.label) \(d.mean > 0 ? "higher" : "lower") than \(base) by \(text) "
                    + "(significantly \(d.better == true ? "better" : "worse")).")
            }
            let tested = c.differences.count
            if significant.isEmpty {
                out.append("No difference from \(base) is significant (\(tested) paired comparisons, 95% Bonferroni-adjusted over \(variants(c.comparisons))).")
            } else if tested > significant.count {
                out.append("The other \(tested - significant.count) of \(tested) differences from \(base) are not significant "
                    + "(95% Bonferroni-adjusted over \(variants(c.comparisons))).")
            }
        } else if let first = c.figures.first, let e = c.variants.first?.estimates.first ?? nil {
            out.append("\(first.label.prefix(1).uppercased() + first.label.dropFirst()): \(Report.interval(e, report.displayUnit(figure: 0))) "
                + "(95% interval \(Report.intervalSource(replications: e.count))).")
        }
        let baseGroup = report.groups[report.baseline]
        if let top = baseGroup.bottleneckRanking.first {
            // The groups another station leads, by that station.
            var elsewhere: [(station: String, groups: [String])] = []
            for g in report.groups {
                guard let lead = g.bottleneckRanking.first?.name, lead != top.name else { continue }
                if let k = elsewhere.firstIndex(where: { $0.station == lead }) { elsewhere[k].groups.append(g.name) } else { elsewhere.append((lead, [g.name])) }
            }
            out.append("\(top.name) is the leading bottleneck\(report.groups.count > 1 ? " of \(base)" : "") "
                + "(sole \(Format.percent(top.bottleneckSole.mean)), shifting \(Format.percent(top.bottleneckShifting.mean)) of shift time); "
                + "it works \(Format.percent(top.working.mean)) of its time, is in setup \(Format.percent(top.setup.mean)), "
                + "starved \(Format.percent(top.starved.mean)), blocked \(Format.percent(top.blocked.mean)) and failed \(Format.percent(top.failed.mean))."
                + (report.groups.count == 1 ? "" : elsewhere.isEmpty ? " It leads in every other variant too."
                    : " " + elsewhere.map { "\($0.station) leads instead in \($0.groups.joined(separator: ", "))." }.joined(separator: " ")))
        }
        if let tree = baseGroup.lossTree, tree.design.mean > 0 {
            let losses = tree.losses.filter { $0.jobs.mean > 0 }.sorted { $0.jobs.mean > $1.jobs.mean }
            let named = losses.prefix(3).map { "\(LossTree.name(of: $0.key)) \(Format.percent($0.jobs.mean / tree.design.mean))" }
            out.append("Of the design output at the takt (\(Format.fixed(tree.design.mean, decimals: 0)) jobs), \(report.groups.count > 1 ? base : "the plant") "
                + "completed \(Format.fixed(tree.actual.mean, decimals: 0)) (\(Format.percent(tree.actual.mean / tree.design.mean))); "
                + "the largest losses: \(named.joined(separator: ", ")).")
        }
        let deployed = report.groups.filter { $0.deployment != nil }
        if !deployed.isEmpty {
            if let g = deployed.max(by: { ($0.deployment?.waitHours?.mean ?? 0) < ($1.deployment?.waitHours?.mean ?? 0) }),
               let wait = g.deployment?.waitHours {
                // "Longest in" and "most in" compare groups: with one, the finding just says how much.
                let where_ = deployed.count > 1 ? " longest in \(g.name):" : " in \(g.name) for"
                out.append("Waiting for decisions held the line\(where_) \(DisplayUnit(unit: "h", values: [wait.mean]).interval(wait.mean, wait.halfWidth)) "
                    + "per replication (\(durationText(report))).")
            }
            if let g = deployed.max(by: { ($0.deployment?.costPerJob?.mean ?? 0) < ($1.deployment?.costPerJob?.mean ?? 0) }),
               let cost = g.deployment?.costPerJob, cost.mean > 0 {
                out.append(deployed.count > 1 ? "Decisions cost most in \(g.name): \(Format.significant(cost.mean, digits: 3)) per car."
                    : "Decisions cost \(Format.significant(cost.mean, digits: 3)) per car in \(g.name).")
            }
        }
        return out
    }

    /// `1 variant`, `6 variants`.
    static func variants(_ n: Int) -> String { n == 1 ? "1 variant" : "\(n) variants" }

    /// The measured time per replication, e.g. `28d measured`.
    static func durationText(_ report: Report) -> String {
        let g = report.groups[report.baseline]
        guard let d = g.durationSeconds.first, let w = g.warmupSeconds.first else { return "" }
        return "\(DurationText.format(d - w)) measured"
    }
}


