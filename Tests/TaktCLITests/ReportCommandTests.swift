import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GRDB
import TaktPlant
import TaktStore
import TaktTestSupport
import Testing

/// `takt report`, end to end: the HTML parses as XML and its charts carry the store's numbers.
@Suite("takt report, end to end")
struct ReportCommandTests {
    /// A plant's name and a variant's name that would be markup if they were not escaped.
    static let hostilePlant = "<script>alert(1)</script> & \"mm1\""
    static let hostileVariant = "<b>faster</b>"

    /// The M/M/1 plant under a hostile name, and a two-variant experiment on it, written to `dir`.
    func experiment(in dir: URL, replications: Int = 4) throws -> String {
        let plant = try String(contentsOfFile: Repository.path("Plants/validation/mm1.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "plant: mm1", with: "plant: '\(Self.hostilePlant)'")
        try plant.write(to: dir.appendingPathComponent("mm1.yaml"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("report.yaml").path
        try """
            experiment: report-test
            plant: mm1.yaml
            run: {replications: \(replications), duration: 5d, warmup: 1d}
            figures: [lead_time_mean, throughput_per_hour, work_in_process]
            variants:
              - name: base
              - name: '\(Self.hostileVariant)'
                set: {stations.server.process: {dist: exponential, mean: 30s}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The document at `path`, parsed as XML.
    func document(_ path: String) throws -> XMLDocument {
        try XMLDocument(data: Data(contentsOf: URL(fileURLWithPath: path)), options: [])
    }

    /// Elements (any name, any namespace) matching an XPath predicate, e.g. `@data-kind='mean'`.
    func elements(_ doc: XMLDocument, _ predicate: String) throws -> [XMLElement] {
        try doc.nodes(forXPath: "//*[\(predicate)]").compactMap { $0 as? XMLElement }
    }

    /// The value of attribute `name` (looked up among all attributes: `attribute(forName:)` misses some on Linux).
    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }

    func number(_ element: XMLElement, _ name: String = "data-value") throws -> Double {
        try #require(attribute(element, name).flatMap(Double.init), "\(name) of \(element.xmlString)")
    }

    /// One value per row of an SQL query (first column).
    func values(_ db: String, _ sql: String, _ arguments: StatementArguments = []) throws -> [Double] {
        try DatabaseQueue(path: db).read { try Double.fetchAll($0, sql: sql, arguments: arguments) }
    }

    @Test("an experiment's report: XHTML that parses, charts and tables carrying the stored means and paired differences, names escaped")
    func experimentReport() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let compare = try CLI.run(["compare", try experiment(in: dir), "--db", db])
        #expect(compare.status == 0, "\(compare.stderr)")
        let html = dir.appendingPathComponent("report.html").path, md = dir.appendingPathComponent("report.md").path
        let out = try CLI.run(["report", "--db", db, "--experiment", "report-test", "--out", html, "--markdown", md])
        #expect(out.status == 0, "\(out.stderr)")
        let raw = try String(contentsOfFile: html, encoding: .utf8)
        let doc = try document(html)

        // Nothing from the plant or experiment file became markup; the names are there as text.
        #expect(try elements(doc, "local-name()='script'").isEmpty)
        #expect(!raw.contains("<script>") && !raw.contains("<b>faster"))
        #expect(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;mm1&quot;"))
        #expect(doc.rootElement()?.stringValue?.contains(Self.hostilePlant) == true)
        #expect(doc.rootElement()?.stringValue?.contains(Self.hostileVariant) == true)
        // Self-contained: no script, no stylesheet or image fetched from anywhere.
        #expect(!raw.contains("http://") || raw.components(separatedBy: "http://").dropFirst().allSatisfy { $0.hasPrefix("www.w3.org/") })
        #expect(!raw.contains("https://") && !raw.contains("<link") && !raw.contains("<img"))

        // Each variant's mean per figure, as drawn, equals the mean of its runs in the store.
        for variant in ["base", Self.hostileVariant] {
            for figure in ["lead_time_mean", "throughput_per_hour", "work_in_process"] {
                let stored = try values(db, """
                    SELECT avg(m.value) FROM run_metrics m JOIN runs r ON r.id = m.run_id WHERE r.variant = ? AND m.name = ?
                    """, [variant, figure])[0]
                let marks = try elements(doc, "@data-kind='mean' and @data-figure='\(figure)'").filter { attribute($0, "data-variant") == variant }
                #expect(marks.count == 1)
                let drawn = try number(try #require(marks.first))
                #expect(abs(drawn - stored) <= 1e-9 * max(1, abs(stored)), "\(variant) \(figure): drawn \(drawn), stored \(stored)")
            }
        }
        // The paired difference, as drawn, equals the mean of the per-replication differences in the store.
        let paired = try values(db, """
            SELECT avg(v.value - b.value) FROM run_metrics v JOIN runs rv ON rv.id = v.run_id
            JOIN runs rb ON rb.replication = rv.replication AND rb.variant = 'base'
            JOIN run_metrics b ON b.run_id = rb.id AND b.name = v.name
            WHERE rv.variant = ? AND v.name = 'lead_time_mean'
            """, [Self.hostileVariant])[0]
        let difference = try #require(try elements(doc, "@data-kind='difference' and @data-figure='lead_time_mean'").first)
        let drawnDifference = try number(difference)
        #expect(abs(drawnDifference - paired) < 1e-9 * max(1, abs(paired)))
        #expect(paired < 0 && attribute(difference, "data-significant") == "true")  // a faster server: shorter lead times, significantly

        // Throughput over time: each point is the mean over the runs of their jobs per shift hour in its block.
        let points = try elements(doc, "@data-start-h and @data-variant='base'")
        #expect(points.count >= 4)
        for point in points {
            let start = try number(point, "data-start-h"), end = try number(point, "data-end-h")
            let perRun = try values(db, """
                SELECT sum(s.value) FROM run_series s JOIN runs r ON r.id = s.run_id
                WHERE r.variant = 'base' AND s.series = 'completed_per_shift_hour' AND s.bin >= ? AND s.bin < ? GROUP BY r.id
                """, [start, end])
            let expected = perRun.reduce(0, +) / Double(perRun.count) / (end - start)
            let drawn = try number(point)
            #expect(perRun.count == 4 && abs(drawn - expected) < 1e-9)
        }
        // The series and the histograms add up to the jobs completed.
        for row in try DatabaseQueue(path: db).read({ try Row.fetchAll($0, sql: """
            SELECT (SELECT value FROM run_metrics WHERE run_id = r.id AND name = 'jobs_completed') AS jobs,
                   (SELECT sum(value) FROM run_series WHERE run_id = r.id) AS series,
                   (SELECT sum(count) FROM run_histograms WHERE run_id = r.id AND histogram = 'lead_time') AS lead
            FROM runs r
            """) }) {
            let jobs: Double = row["jobs"], series: Double = row["series"], lead: Double = row["lead"]
            #expect(series == jobs && lead == jobs)
        }
        // Station states: working (setup taken out) of the server, as drawn, against the store.
        let working = try values(db, """
            SELECT avg(s.working - s.changeover_share) FROM station_stats s JOIN runs r ON r.id = s.run_id WHERE r.variant = 'base' AND s.station = 'server'
            """)[0]
        let segment = try #require(try elements(doc, "@data-state='working' and @data-station='server'").first)
        let drawnWorking = try number(segment)
        #expect(abs(drawnWorking - working) < 1e-12 && working > 0.6 && working < 0.8)  // ρ = 0.7
        // The lead-time histogram's bars count every job of the baseline but the trimmed tails.
        let bars = try doc.nodes(forXPath: "//*[@data-histogram='lead_time']//*[@data-count]").compactMap { $0 as? XMLElement }
        let drawn = try bars.reduce(0) { $0 + Int(try number($1, "data-count")) }
        let stored = Int(try values(db, """
            SELECT sum(h.count) FROM run_histograms h JOIN runs r ON r.id = h.run_id WHERE r.variant = 'base' AND h.histogram = 'lead_time'
            """)[0])
        #expect(drawn <= stored && Double(drawn) >= Double(stored) * 0.99)

        // The Markdown: a GitHub table with every variant's means as the comparison gives them (lead times of minutes in minutes).
        let markdown = try String(contentsOfFile: md, encoding: .utf8)
        let comparison = try #require(markdown.components(separatedBy: "## Comparison").last)
        #expect(comparison.contains("| variant | mean lead time (min) | throughput per calendar hour (jobs/h) | work in process (jobs) |"))
        let row = try #require(comparison.split(separator: "\n").first { $0.hasPrefix("| \\<b\\>faster\\</b\\> |") })
        let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        let lead = try values(db, "SELECT avg(m.value) FROM run_metrics m JOIN runs r ON r.id = m.run_id WHERE r.variant = ? AND m.name = 'lead_time_mean'",
                              [Self.hostileVariant])[0]
        let shown = try #require(Double(cells[1].components(separatedBy: " ±")[0]), "\(cells)")
        #expect(abs(shown - lead / 60) <= 0.0005 + 1e-9, "\(cells[1]) against \(lead / 60) min")  // four significant digits
        #expect(cells[1].contains("Δ −") && cells[1].contains("min \\* better"))
        #expect(!markdown.contains("<script>"))
    }

    @Test("runs of a plant with a takt and shifts: throughput 60 jobs per shift hour block by block, the loss tree of takt run --json")
    func runsReport() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", Repository.path("Plants/examples/shifts.yaml"), "--replications", "2", "--db", db, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let tree = try #require(json["loss_tree_jobs"] as? [String: Any])
        let html = dir.appendingPathComponent("runs.html").path
        let out = try CLI.run(["report", "--db", db, "--last", "2", "--out", html])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try document(html)
        let points = try elements(doc, "@data-start-h")
        #expect(!points.isEmpty)
        // A 60 s cycle, never starved or blocked: 60 jobs in every shift hour, but 59 in the first (its first job leaves after one cycle).
        let rates = try points.map { try number($0) }
        let hours = try number(points[0], "data-end-h") - number(points[0], "data-start-h")
        #expect(rates[0] == (59 + 60 * (hours - 1)) / hours)
        #expect(rates.dropFirst().allSatisfy { $0 == 60 })
        // The loss tree computed from the stored rows is the one the run computed in memory.
        for (key, jsonKey) in [("design", "design"), ("off_shift", "off_shift"), ("actual", "actual")] {
            let mark = try #require(try elements(doc, "@data-loss='\(key)'").first)
            let expected = try #require((tree[jsonKey] as? NSNumber)?.doubleValue ?? ((tree[jsonKey] as? [String: Any])?["mean"] as? NSNumber)?.doubleValue,
                                        "\(jsonKey) in \(tree)")
            let drawn = try number(mark)
            #expect(abs(drawn - expected) < 1e-6, "\(key)")
        }
        let design = try number(try #require(try elements(doc, "@data-loss='design'").first))
        #expect(design == 7 * 24 * 60)
    }

    @Test("a report of one group's decisions says what they cost and how long the line waited, without comparing it with no other")
    func oneDeployedGroup() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", Repository.path("Plants/xiaomi-ev.yaml"), "--db", db, "--replications", "2", "--duration", "3d",
                               "--set", "deployments=[{name: cloud-api, cloud: {latency: {dist: lognormal, mean: 900ms, cv: 1.5}, timeout: 3s, cost_per_call: 0.004}}]",
                               "--set", "stations.paint-basecoat.pick={policy: oracle, deployment: cloud-api, fallback: batch}"])
        #expect(run.status == 0, "\(run.stderr)")
        let markdown = try CLI.run(["report", "--db", db, "--last", "2", "--out", dir.appendingPathComponent("r.html").path, "--markdown", "-"]).stdout
        #expect(markdown.contains("Waiting for decisions held the line in xiaomi-ev for ") && markdown.contains(" per car in xiaomi-ev."), "\(markdown.prefix(1500))")
        #expect(!markdown.contains("longest in") && !markdown.contains("cost most in"))
    }

    @Test("a report of runs names the command that plays back the replication with the lowest throughput, while the plant file is the one run")
    func playBackCommand() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let plant = dir.appendingPathComponent("setup-matrix.yaml")
        try FileManager.default.copyItem(atPath: Repository.path("Plants/examples/setup-matrix.yaml"), toPath: plant.path)
        let run = try CLI.run(["run", plant.path, "--replications", "4", "--duration", "3d", "--warmup", "1d", "--seed", "5", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let store = try RunStore(path: db)
        let runs = try store.runs(ids: Array(1...4))
        let throughput = Dictionary(uniqueKeysWithValues: try store.metrics(runIDs: Array(1...4)).filter { $0.name == "throughput_per_operating_hour" }
            .map { ($0.runId, $0.value ?? 0) })
        let slowest = try #require(runs.min { throughput[$0.id!]! < throughput[$1.id!]! })
        let html = dir.appendingPathComponent("runs.html").path
        #expect(try CLI.run(["report", "--db", db, "--last", "4", "--out", html]).status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("takt animate \(plant.path) --seed 5 --replication \(slowest.replication)   # plays back"), "\(page.suffix(3000))")
        // Runs finish in any order; the page names them in id order, as a range.
        #expect(page.contains("<td>1–4</td>") && page.contains("--run 1 2 3 4 --out"), "\(page.suffix(3000))")
        // A comment changes nothing the command would play back: it stays.
        let text = try String(contentsOf: plant, encoding: .utf8)
        try (text + "\n# changed\n").write(to: plant, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["report", "--db", db, "--last", "4", "--out", html]).status == 0)
        #expect((try String(contentsOfFile: html, encoding: .utf8)).contains("takt animate"))
        // Once the plant changes, the command would play back another plant: it is left out.
        try text.replacingOccurrences(of: "process: 2min", with: "process: 3min").write(to: plant, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["report", "--db", db, "--last", "4", "--out", html]).status == 0)
        #expect(!(try String(contentsOfFile: html, encoding: .utf8)).contains("takt animate"))
    }

    @Test("one long replication: the JSON's batch-means half-widths are stored with the run and shown by the report; several replications store none")
    func oneReplication() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", "Plants/validation/mm1.yaml", "--replications", "1", "--duration", "40d", "--json", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let lead = try #require(json["lead_time_s"] as? [String: Any])
        let hw = try #require(lead["mean_hw95"] as? Double)
        let batchMeans = try #require(json["batch_means"] as? [String: Any])
        #expect(batchMeans["periods"] as? Int == PeriodTotals.maximumPeriods)
        let stored = try values(db, "SELECT half_width FROM batch_means WHERE station = '' AND figure = 'lead_time_mean'")
        #expect(stored.count == 1 && abs(stored[0] - hw) < 1e-9 * hw, "\(stored) vs \(hw)")
        #expect(try values(db, "SELECT COUNT(*) FROM batch_means WHERE station = 'server' AND figure = 'mean_wait_s'") == [1])
        let markdown = try CLI.run(["report", "--db", db, "--run", "1", "--out", dir.appendingPathComponent("one.html").path, "--markdown", "-"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("from batch means of one replication"), "\(markdown.stdout)")
        // The comparison's row: throughput, mean lead time and work in process with a half-width, the quantiles without.
        let row = try #require(markdown.stdout.split(separator: "\n").last { $0.hasPrefix("| mm1") })
        #expect(row.components(separatedBy: " ± ").count - 1 == 3, "\(row)")
        let two = try CLI.run(["run", "Plants/validation/mm1.yaml", "--replications", "2", "--duration", "5d", "--db", db])
        #expect(two.status == 0)
        #expect(try values(db, "SELECT COUNT(*) FROM batch_means WHERE run_id > 1") == [0])
    }

    @Test("a staffed plant's loss tree has its worker column in the Markdown table, aligned with its values")
    func staffedLossTree() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("staffed.sqlite").path
        let run = try CLI.run(["run", Repository.path("Plants/examples/workers.yaml"), "--replications", "2", "--duration", "2d", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let out = try CLI.run(["report", "--db", db, "--last", "2", "--out", dir.appendingPathComponent("r.html").path, "--markdown", "-"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| variant | design | off shift") })
        #expect(lines[header].contains("| setup | workers | speed and other | completed |"), "\(lines[header])")
        let columns = lines[header].filter { $0 == "|" }.count
        #expect(lines[header + 1].filter { $0 == "|" }.count == columns && lines[header + 2].filter { $0 == "|" }.count == columns)
    }

    @Test("the station and fleet tables show every declared figure some subject has, with the stored means")
    func figureTables() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", Repository.path("Plants/examples/amr-kitting.yaml"), "--replications", "2", "--duration", "2d",
                               "--warmup", "4h", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let html = dir.appendingPathComponent("figures.html").path
        let out = try CLI.run(["report", "--db", db, "--last", "2", "--out", html])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try document(html)
        for (kind, table, subject) in [("station", "station_stats", "station"), ("fleet", "fleet_stats", "fleet")] {
            let details = try #require(try elements(doc, "@data-table='\(kind)-figures'").first, "\(kind) table")
            let headings = try details.nodes(forXPath: ".//*[@data-output]").compactMap { $0 as? XMLElement }
            let shown = headings.compactMap { attribute($0, "data-output") }
            // A column for each declared figure that some subject has: non-zero in some stored row.
            let declared = kind == "station" ? StationOutputs.all.map(\.name) : FleetOutputs.all.map(\.name)
            let nonZero = try declared.filter { name in
                try values(db, "SELECT count(*) FROM \(table) WHERE \(name) != 0").first ?? 0 > 0
            }
            #expect(shown == nonZero, "\(kind)")
            #expect(headings.allSatisfy { !(attribute($0, "title") ?? "").isEmpty }, "each heading says what it measures")
            let rows = try details.nodes(forXPath: ".//*[local-name()='tbody']/*").compactMap { $0 as? XMLElement }
            let subjects = try values(db, "SELECT count(DISTINCT \(subject)) FROM \(table)").first ?? 0
            #expect(Double(rows.count) == subjects, "one row per \(kind)")
        }
        // A count reads as its mean over the runs: the first station's jobs.
        let jobs = try values(db, "SELECT avg(jobs) FROM station_stats WHERE position = 0").first ?? -1
        let stationTable = try #require(try elements(doc, "@data-table='station-figures'").first)
        let column = try #require(try stationTable.nodes(forXPath: ".//*[@data-output]").compactMap { $0 as? XMLElement }
            .firstIndex { attribute($0, "data-output") == "jobs" })
        let firstRow = try #require(try stationTable.nodes(forXPath: ".//*[local-name()='tbody']/*").first as? XMLElement)
        let cell = try #require(firstRow.children?[column + 1].stringValue)
        let shownJobs = try #require(Double(cell.components(separatedBy: " ± ")[0].replacingOccurrences(of: ",", with: "")), "\(cell)")
        #expect(abs(shownJobs - jobs) <= 0.5, "\(cell) against \(jobs): four significant digits")
    }

    @Test("a report from merged shard stores equals the report from one store")
    func mergedShards() throws {
        let dir = try CLI.temporaryDirectory()
        let path = try experiment(in: dir)
        let single = dir.appendingPathComponent("single.sqlite").path
        #expect(try CLI.run(["compare", path, "--db", single]).status == 0)
        var shards: [String] = []
        for i in 0..<2 {
            let shard = dir.appendingPathComponent("shard-\(i).sqlite").path
            #expect(try CLI.run(["compare", path, "--db", shard, "--shard", "\(i)/2"]).status == 0)
            shards.append(shard)
        }
        let merged = dir.appendingPathComponent("merged.sqlite").path
        #expect(try CLI.run(["merge", merged] + shards).status == 0)
        var drawn: [[String]] = []
        for db in [single, merged] {
            let html = dir.appendingPathComponent("\(drawn.count).html").path
            let out = try CLI.run(["report", "--db", db, "--experiment", "report-test", "--out", html])
            #expect(out.status == 0, "\(out.stderr)")
            drawn.append(try elements(try document(html), "@data-value").map { "\(attribute($0, "data-variant") ?? "") \(attribute($0, "data-value") ?? "")" })
        }
        #expect(drawn[0].count > 50 && drawn[0] == drawn[1])
    }

    @Test("bad input is exit 2 with a reason; an unreadable store is exit 3")
    func errors() throws {
        let dir = try CLI.temporaryDirectory()
        let missing = try CLI.run(["report", "--db", dir.appendingPathComponent("none.sqlite").path, "--experiment", "x"])
        #expect(missing.status == 2 && missing.stderr.contains("no run store"))
        let empty = dir.appendingPathComponent("empty.sqlite").path
        _ = try RunStore(path: empty)
        let noRuns = try CLI.run(["report", "--db", empty, "--last", "3"])
        #expect(noRuns.status == 2 && noRuns.stderr.contains("holds no runs"))
        let unknown = try CLI.run(["report", "--db", empty, "--experiment", "nope"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no experiment named 'nope'"))
        let noRun = try CLI.run(["report", "--db", empty, "--run", "7"])
        #expect(noRun.status == 2 && noRun.stderr.contains("no run with id 7"))
        let nothing = try CLI.run(["report", "--db", empty])
        #expect(nothing.status == 2 && nothing.stderr.contains("exactly one of"))
        let garbage = dir.appendingPathComponent("garbage.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: garbage))
        let broken = try CLI.run(["report", "--db", garbage, "--last", "1"])
        #expect(broken.status == 3, "\(broken.stderr)")
    }
}
