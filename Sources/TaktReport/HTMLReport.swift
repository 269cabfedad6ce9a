import TaktPlant

/// The report as one self-contained XHTML file: inline CSS and SVG, no
/// scripts, nothing fetched from the network; readable offline and printable.
///
/// The document is well-formed XML (every element closed, every text
/// escaped), so it can be checked with an XML parser; every chart mark
/// carries the stored numbers it draws in `data-*` attributes.
public enum HTMLReport {
    /// The whole document.
    public static func render(_ report: Report) -> String {
        var sections: [String] = []
        sections.append(header(report))
        sections.append(findings(report))
        sections.append(drawingSection(report))
        sections.append(provenance(report))
        sections.append(comparisonSection(report))
        if report.search != nil { sections.append(searchSection(report)) }
        sections.append(throughputSection(report))
        if report.hasDeployments { sections.append(deploymentSection(report)) }
        if report.groups.contains(where: { !$0.modelCards.isEmpty }) { sections.append(modelCardSection(report)) }
        sections.append(bottleneckSection(report))
        sections.append(lossTreeSection(report))
        sections.append(histogramSection(report))
        sections.append(figureSection(report))
        sections.append(methodSection(report))
        return page(title: "\(report.title) · Takt report", generator: report.generatorVersion, body: """
            \(sections.joined(separator: "\n"))
            <footer><p>Made by Takt \(Markup.escape(report.generatorVersion)) on \(Markup.escape(report.generatedAt)) from \(Markup.escape(report.storePath)).</p></footer>
            """)
    }

    /// A whole XHTML document: the report's style sheet in its head, `body` (markup) as its body.
    static func page(title: String, generator: String, style: String = "", body: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="Takt \(Markup.escape(generator))"/>
        <title>\(Markup.escape(title))</title>
        <style>
        \(ReportStyle.css)\(style.isEmpty ? "" : "\n" + style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// A section with a heading and an id.
    static func section(_ id: String, _ heading: String, _ content: String) -> String {
        Markup.element("section", [("id", id)], content: "\n" + Markup.text("h2", [], heading) + "\n" + content + "\n")
    }

    /// A paragraph of escaped text.
    static func paragraph(_ text: String, _ cls: String? = nil) -> String {
        Markup.text("p", cls.map { [("class", $0)] } ?? [], text)
    }

    /// A chart with its heading and a caption that says how to read it.
    static func chartBlock(_ heading: String, _ svg: String, caption: String, id: String? = nil) -> String {
        Markup.element("figure", [("class", "chart-block")] + (id.map { [("id", $0)] } ?? []),
                       content: "\n" + Markup.text("h3", [], heading) + "\n" + svg + "\n" + Markup.text("figcaption", [], caption) + "\n")
    }

    /// A table from a header row and body rows of already-escaped cells.
    static func table(_ head: [String], _ rows: [[String]], cls: String? = nil) -> String {
        let h = "<tr>" + head.map { Markup.text("th", [], $0) }.joined() + "</tr>"
        let b = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return Markup.element("table", cls.map { [("class", $0)] } ?? [], content: "\n<thead>\(h)</thead>\n<tbody>\n\(b)\n</tbody>\n")
    }

    /// The title, what was compared, and what the store could not give.
    static func header(_ r: Report) -> String {
        let notes = r.notes.map { paragraph($0, "note") }.joined(separator: "\n")
        return """
            <header>
            <p class="kicker">Takt simulation report</p>
            <h1>\(Markup.escape(r.title))</h1>
            \(paragraph(subtitle(r), "lead"))
            \(notes)
            </header>
            """
    }

    /// What ran (experiment, plant hashes, seed, run length, versions) and the commands that reproduce it.
    static func provenance(_ r: Report) -> String {
        var facts: [(String, String)] = []
        let base = r.groups[r.baseline]
        switch r.subject {
        case let .experiment(name, hash, file):
            facts.append(("Experiment", name))
            facts.append(("Experiment file", file))
            facts.append(("Experiment hash", "sha256:" + hash))
            facts.append(("Baseline", base.name))
        case .runs:
            facts.append(("Runs", runRange(r.groups.flatMap(\.runIDs))))
        }
        facts.append(("Plant", r.common { [$0.plantName] }.joined(separator: ", ") + " (" + r.common { [$0.plantPath] }.joined(separator: ", ") + ")"))
        facts.append(("Replications", "\(r.replicationsText) per \(r.groups.count > 1 ? "group" : "run set")"
            + (r.groups.count > 1 ? ", common random numbers (replication r of every group uses the same random streams)" : "")))
        facts.append(("Seed", r.common { $0.seeds }.map(String.init).joined(separator: ", ")))
        facts.append(("Run length", r.common { $0.durationSeconds }.map(DurationText.format).joined(separator: ", ") + " per replication, warm-up "
            + r.common { $0.warmupSeconds }.map(DurationText.format).joined(separator: ", ") + " (discarded)"))
        if let takt = base.taktSeconds {
            facts.append(("Takt", "\(Durations.text(takt)) (design rate \(Format.fixed(3600 / takt, decimals: 1)) jobs per hour)"))
        }
        facts.append(("Takt version of the runs", r.common { $0.taktVersions }.joined(separator: ", ")))
        facts.append(("Runs finished", "\(r.groups.map(\.firstFinished).min() ?? "") to \(r.groups.map(\.lastFinished).max() ?? "") (UTC)"))
        facts.append(("Report", "Takt \(r.generatorVersion), \(r.generatedAt), from \(r.storePath)"))
        let factRows = facts.map { Markup.text("th", [("scope", "row")], $0.0) + Markup.text("td", [], $0.1) }
            .map { "<tr>\($0)</tr>" }.joined(separator: "\n")
        let groupRows = r.groups.indices.map { i -> [String] in
            let g = r.groups[i]
            return [Markup.element("span", [("class", "swatch"), ("style", "background:\(r.colour(i))")], content: " ") + Markup.escape(r.label(i)),
                    Markup.escape(g.plantHashes.map { "sha256:" + $0 }.joined(separator: ", ")),
                    "\(g.runIDs.count)",
                    Markup.escape(runRange(g.runIDs)),
                    Markup.escape(g.decisionSites.isEmpty ? "rules only, in process" : g.decisionSites.joined(separator: "; "))]
        }
        var reproduce: [String] = []
        switch r.subject {
        case let .experiment(name, _, file):
            reproduce.append("takt compare \(file) --db \(r.storePath)")
            reproduce.append("takt report --db \(r.storePath) --experiment \(name) --out report.html")
        case .runs:
            for g in r.groups {
                let seed = g.seeds.first.map { " --seed \($0)" } ?? ""
                let length = (g.durationSeconds.first.map { " --duration \(DurationText.format($0))" } ?? "")
                    + (g.warmupSeconds.first.map { " --warmup \(DurationText.format($0))" } ?? "")
                reproduce.append("takt run \(g.plantPath)\(seed) --replications \(g.runIDs.count)\(length) --db \(r.storePath)")
            }
            // A replication played back needs the plant file as these runs ran it.
            if r.groups.count == 1, let g = r.groups.first, g.plant != nil, g.plantNote == nil, let slowest = g.slowestReplication {
                reproduce.append("takt animate \(g.plantPath)\(g.seeds.first.map { " --seed \($0)" } ?? "") --replication \(slowest.replication)"
                    + "   # plays back the replication with the lowest throughput (\(Format.fixed(slowest.throughput, decimals: 1)) jobs per shift hour) in a browser")
            }
            reproduce.append("takt report --db \(r.storePath) --run \(r.groups.flatMap(\.runIDs).sorted().map(String.init).joined(separator: " ")) --out report.html")
        }
        let content = """
            <table class="facts">
            \(factRows)
            </table>
            \(table(["group", "plant hash", "replications", "runs", "decision sites"], groupRows, cls: "groups"))
            <p class="reproduce-label">To reproduce (the same seed and Takt version give the same numbers):</p>
            <pre class="reproduce">\(Markup.escape(reproduce.joined(separator: "\n")))</pre>
            """
        return section("provenance", "What was run", content)
    }

    /// One sentence on what the report compares.
    static func subtitle(_ r: Report) -> String {
        let names = r.groups.map(\.name)
        if r.groups.count == 1 { return "\(r.replicationsText) \(r.replicationsNoun) of \(names[0]), from the run store." }
        return "\(r.groups.count) variants compared over the same random numbers: \(names.joined(separator: ", ")); "
            + "differences are paired against \(r.groups[r.baseline].name)."
    }

    /// `12–81` for a contiguous run of ids, else the list.
    /// Run ids as ranges of consecutive ids (`1–10, 14, 20–22`); more than four ranges as the first and last id and the count.
    static func runRange(_ ids: [Int64]) -> String {
        var ranges: [ClosedRange<Int64>] = []
        for id in Set(ids).sorted() {
            if let last = ranges.last, last.upperBound + 1 == id { ranges[ranges.count - 1] = last.lowerBound...id } else { ranges.append(id...id) }
        }
        guard let first = ranges.first, let last = ranges.last else { return "" }
        if ranges.count > 4 { return "\(ids.count) runs, ids \(first.lowerBound)–\(last.upperBound)" }
        return ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }.joined(separator: ", ")
    }

    static func findings(_ r: Report) -> String {
        let items = Findings.of(r).map { Markup.text("li", [], $0) }.joined(separator: "\n")
        return section("findings", "Key findings", "<ul class=\"findings\">\n\(items)\n</ul>")
    }
}
