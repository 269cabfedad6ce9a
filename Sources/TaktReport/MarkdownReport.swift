import TaktExperiment
import TaktPlant

/// The report's summary in GitHub-flavoured Markdown: what ran, the key
/// findings, the comparison table, the deployment and loss-tree tables.
public enum MarkdownReport {
    public static func render(_ r: Report) -> String {
        let c = r.comparison
        let base = r.groups[r.baseline]
        var out = "# \(escape(r.title)) — Takt report\n\n"
        switch r.subject {
        case let .experiment(_, hash, file):
            out += "Experiment file `\(code(file))`, hash `sha256:\(code(hash))`; baseline **\(escape(base.name))**.  \n"
        case .runs:
            out += "Runs \(r.groups.flatMap(\.runIDs).map(String.init).joined(separator: ", ")) of \(escape(r.common { [$0.plantName] }.joined(separator: ", "))).  \n"
        }
        out += "\(r.replicationsText) \(r.replicationsNoun) × \(r.common { $0.durationSeconds }.map(DurationText.format).joined(separator: ", ")), "
            + "warm-up \(r.common { $0.warmupSeconds }.map(DurationText.format).joined(separator: ", ")), seed \(r.common { $0.seeds }.map(String.init).joined(separator: ", ")), "
            + "Takt \(escape(r.common { $0.taktVersions }.joined(separator: ", "))); report by Takt \(escape(r.generatorVersion)) on \(r.generatedAt) from `\(code(r.storePath))`.\n\n"
        out += "| variant | plant hash | replications |\n|---|---|---|\n"
        for (i, g) in r.groups.enumerated() {
            out += "| \(escape(r.label(i))) | `\(code(g.plantHashes.map { "sha256:" + $0 }.joined(separator: ", ")))` | \(g.runIDs.count) |\n"
        }
        out += "\n## Key findings\n\n" + Findings.of(r).map { "- \(escape($0))\n" }.joined() + "\n"
        for note in r.notes { out += "> \(escape(note))\n\n" }
        if !c.figures.isEmpty {
            out += "## Comparison\n\n"
            out += r.groups.count > 1
                ? "Mean ± 95% half-width \(Report.intervalSource(replications: c.replications)); Δ: paired difference from \(escape(base.name)) ± its interval, "
                    + "Bonferroni-adjusted over \(c.comparisons) comparison\(c.comparisons == 1 ? "" : "s"); **\\*** marks a significant difference.\n\n"
                : "Mean ± 95% half-width \(Report.intervalSource(replications: c.replications)).\n\n"
            out += "| variant | " + c.figures.indices.map { escape(r.figureHeading($0)) }.joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: "---|", count: c.figures.count) + "\n"
            for (i, v) in c.variants.enumerated() {
                var cells = [escape(r.label(i))]
                for (f, figure) in c.figures.enumerated() {
                    var cell = Report.interval(v.estimates[f], r.displayUnit(figure: f))
                    if let d = c.difference(v.name, figure.name) {
                        let diff = "Δ " + r.differenceText(d, figure: f)
                        cell += "<br>" + (d.significant ? "**\(diff) \\* \(d.better == true ? "better" : "worse")**" : diff)
                    }
                    cells.append(cell)
                }
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
            if r.groups.count > 1 {
                out += "\nRanking by \(escape(c.figures[0].label)) (\(Report.direction(c.figures[0]))): \(c.ranking.map(escape).joined(separator: " > ")).\n"
            }
            if let selection = c.selection { out += "\n" + escape(Report.selectionText(selection)) + "\n" }
            out += "\n"
        }
        if let search = r.search {
            out += "## How the optimization searched\n\n" + escape(Report.searchText(search)) + "\n\n| rank | point | replications | search mean |\n|---|---|---|---|\n"
            for p in search.points.filter({ $0.rank != nil }).sorted(by: { $0.rank! < $1.rank! }).prefix(5) {
                out += "| \(p.rank!) | \(escape(p.point)) | \(p.replications) | \(p.mean.map { Format.fixed($0, decimals: 3) } ?? "—") |\n"
            }
            out += "\n"
        }
        if r.hasDeployments {
            out += "## Decisions per deployment strategy\n\n"
            out += "| variant | deployment | latency p50 | p95 | p99 | hours waiting | decided by fallback | cost per car | energy per decision |\n"
            out += "|---|---|---|---|---|---|---|---|---|\n"
            let hours = DisplayUnit(unit: "h", values: r.groups.compactMap { $0.deployment?.waitHours?.mean })
            for (i, g) in r.groups.enumerated() {
                guard let d = g.deployment else {
                    out += "| \(escape(r.label(i))) | in process | — | — | — | — | — | — | — |\n"
                    continue
                }
                let cells = [
                    escape(d.deployments.joined(separator: ", ")),
                    d.latencyP50.map { Durations.text($0.mean) } ?? "—", d.latencyP95.map { Durations.text($0.mean) } ?? "—",
                    d.latencyP99.map { Durations.text($0.mean) } ?? "—", d.waitHours.map { hours.interval($0.mean, $0.halfWidth) } ?? "—",
                    Format.fixed(d.fallbacks.mean, decimals: 0) + (d.fallbackShare.map { " (\(Format.percent($0.mean)))" } ?? ""),
                    d.costPerJob.map { Format.significant($0.mean, digits: 3) } ?? "—", d.energyPerDecision.map { Energy.text($0.mean) } ?? "—",
                ]
                out += "| \(escape(r.label(i))) | " + cells.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        let trees = r.groups.indices.compactMap { i in r.groups[i].lossTree.map { (i, $0) } }
        if !trees.isEmpty {
            out += "## Where output goes (loss tree, jobs per replication)\n\n"
            let keys = trees[0].1.losses.map(\.key)
            out += "| variant | design | " + keys.map { LossTree.column(of: $0) + " | " }.joined() + "completed |\n"
            out += "|" + String(repeating: "---|", count: keys.count + 3) + "\n"
            for (i, t) in trees {
                let values = [t.design] + keys.map { t.jobs(lostTo: $0) ?? Estimate([0]) } + [t.actual]
                out += "| \(escape(r.label(i))) | " + values.map { HTMLReport.jobsText($0, of: t.design.mean) }.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        let ranking = base.bottleneckRanking.prefix(5)
        if !ranking.isEmpty {
            // Bottleneck shares are of on-shift time; the states of server time, all of them, so that a row adds up to 100%.
            let staffed = ranking.contains { $0.waitingWorker.mean > 0 }
            let states = ["working", "setup", "starved", "blocked", "failed", "off shift"] + (staffed ? ["waiting for workers"] : [])
            out += "## Bottlenecks of \(escape(base.name))\n\nSole and shifting: shares of on-shift time as the bottleneck; the states: shares of server time (they add up to 100%).\n\n"
            out += "| station | sole | shifting | " + states.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: states.count + 3) + "\n"
            for s in ranking {
                let shares = [s.bottleneckSole, s.bottleneckShifting] + [s.working, s.setup, s.starved, s.blocked, s.failed, s.offShift]
                    + (staffed ? [s.waitingWorker] : [])
                out += "| \(escape(s.name)) | " + shares.map { Format.percent($0.mean) }.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        // The charts the HTML report has for these runs (without a takt there is no loss tree to draw).
        let charts = ["throughput over time", "station states"] + (trees.isEmpty ? [] : ["the loss tree"]) + ["cycle-time and lead-time histograms"]
        out += "The HTML report holds the charts: \(charts.joined(separator: ", ")).\n"
        return out
    }

    /// Text with Markdown's special characters escaped (a plant's names are the user's, not markup).
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "{", "}", "!": out += "\\\(ch)"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    /// Text for inside a code span: backticks and pipes would end it or the table cell.
    static func code(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
