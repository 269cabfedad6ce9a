import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TaktTestSupport
import Testing

/// `takt fit`, end to end.
@Suite("takt fit, end to end")
struct FitCommandTests {
    static let observed = Repository.path("Plants/examples/observed/paint-robots.csv")

    /// Expects `takt validate` to accept a plant whose one station's process time is `line`.
    static func expectPlantReads(_ line: String, in dir: URL) throws {
        let plant = dir.appendingPathComponent("fitted.yaml")
        try Data("""
            plant: fitted
            sources: [{name: in, takt: 30min, next: station}]
            stations: [{name: station, process: \(line), next: out}]
            sinks: [{name: out}]
            """.utf8).write(to: plant)
        let validate = try CLI.run(["validate", plant.path])
        #expect(validate.status == 0, "\(line): \(validate.stderr)")
    }

    @Test("fits repair times recorded in whole minutes, names the family they were drawn from, and its line reads in a plant")
    func fitsAndPlants() throws {
        let run = try CLI.run(["fit", Self.observed, "--column", "repair_min", "--unit", "min", "--bootstrap", "199", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["count"] as? Int == 240)
        #expect(document["resolution"] as? Double == 60)
        #expect(document["best"] as? String == "lognormal")
        let candidates = try #require(document["candidates"] as? [[String: Any]])
        #expect(candidates.count == 7 && candidates[0]["family"] as? String == "lognormal")
        #expect(candidates.first { $0["family"] as? String == "exponential" }?["fits"] as? Bool == false)
        // The line printed is a plant file's process time.
        let line = try #require(document["best_plant_file"] as? String)
        let dir = try CLI.temporaryDirectory()
        try Self.expectPlantReads(line, in: dir)

        let page = dir.appendingPathComponent("fit.html")
        let text = try CLI.run(["fit", Self.observed, "--column", "cycle_s", "--bootstrap", "99", "--families", "gamma", "exponential", "--html", page.path])
        #expect(text.status == 0 && text.stdout.contains("Best fit: gamma") && text.stdout.contains("recorded to 0.1 s"), "\(text.stdout)")
        #expect(!text.stdout.contains("lognormal"))
        // The page: well-formed, a density line and a Q-Q group per family, one bar per bin holding every value once.
        let html = try Data(contentsOf: page)
        #expect(XMLParser(data: html).parse())
        let markup = String(decoding: html, as: UTF8.self)
        for family in ["gamma", "exponential"] {
            #expect(markup.contains("class=\"density\" data-family=\"\(family)\"") && markup.contains("class=\"qq\" data-family=\"\(family)\""))
        }
        let counts = markup.components(separatedBy: "data-count=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(counts.reduce(0, +) == 240)
    }

    @Test("fits the times between failures of each robot from a log's date-times")
    func between() throws {
        let run = try CLI.run(["fit", Self.observed, "--between", "failed_at", "--by", "robot", "--bootstrap", "199", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        // The same gaps computed here with Foundation's date reader.
        let rows = try String(contentsOfFile: Self.observed, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var times: [String: [Double]] = [:]
        for row in rows {
            let date = try #require(formatter.date(from: row[1] + ":00Z"))
            times[String(row[0]), default: []].append(date.timeIntervalSince1970)
        }
        let gaps = times.values.flatMap { t in zip(t.sorted(), t.sorted().dropFirst()).map { $1 - $0 } }
        #expect(document["count"] as? Int == gaps.count)
        #expect(abs((document["mean"] as? Double ?? 0) - gaps.reduce(0, +) / Double(gaps.count)) < 1e-6)
        #expect(document["resolution"] as? Double == 60)
        // Failures at random: the exponential is kept.
        let candidates = try #require(document["candidates"] as? [[String: Any]])
        #expect(candidates.first { $0["family"] as? String == "exponential" }?["fits"] as? Bool == true)

        let bad = try CLI.temporaryDirectory().appendingPathComponent("log.csv")
        try Data("robot,at\nR1,2026-09-07T06:12\nR1,2026-09-31T06:12\n".utf8).write(to: bad)
        let refused = try CLI.run(["fit", bad.path, "--between", "at"])
        #expect(refused.status == 2 && refused.stderr.contains("log.csv:3: '2026-09-31T06:12' is not a date-time"), "\(refused.stderr)")
        let both = try CLI.run(["fit", Self.observed, "--between", "failed_at", "--column", "repair_min"])
        #expect(both.status == 2)
    }

    @Test("--shifted fits families with a minimum time: on cycle times of 45 s of program plus lognormal delays it finds the shift, and its line reads in a plant; without it the report says to try it")
    func shifted() throws {
        // 400 values of 45 s + a lognormal of mean 20 s and cv 0.8, to 0.1 s, from a fixed generator (Box–Muller on an LCG).
        var state: UInt64 = 12_345
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        let sigma = log1p(0.64).squareRoot(), mu = log(20.0) - sigma * sigma / 2
        let values = (0..<400).map { _ in 45 + exp(mu + sigma * (-2 * log(unit())).squareRoot() * cos(2 * .pi * unit())) }
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("cycles.csv")
        try Data(("cycle_s\n" + values.map { String(format: "%.1f", $0) }.joined(separator: "\n") + "\n").utf8).write(to: file)

        let plain = try CLI.run(["fit", file.path, "--bootstrap", "99"])
        #expect(plain.status == 0 && plain.stdout.contains("No family fits") && plain.stdout.contains("try --shifted"), "\(plain.stdout)")
        let run = try CLI.run(["fit", file.path, "--shifted", "--bootstrap", "99", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["best"] as? String == "shifted-lognormal" && document["shifted_bootstrap"] as? Int == 99)
        #expect((document["candidates"] as? [[String: Any]])?.count == 11)
        let line = try #require(document["best_plant_file"] as? String)
        #expect(line.hasPrefix("{dist: lognormal, ") && line.contains(", shift: 4"), "\(line)")
        try Self.expectPlantReads(line, in: dir)
        let unknown = try CLI.run(["fit", file.path, "--families", "shifted-lognormall"])
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'shifted-lognormal'"), "\(unknown.stderr)")
    }

    @Test("censored durations: gripper lives replaced early, and each robot's time from its last failure to the log's end, count as at least that long")
    func censored() throws {
        let lives = Repository.path("Plants/examples/observed/gripper-life.csv")
        let dir = try CLI.temporaryDirectory()
        let page = dir.appendingPathComponent("lives.html")
        let run = try CLI.run(["fit", lives, "--column", "life_h", "--censored", "replaced_early", "--unit", "h", "--bootstrap", "99", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let rows = try String(contentsOfFile: lives, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(document["count"] as? Int == rows.count && document["censored"] as? Int == rows.filter { $0[2] == "1" }.count)
        // Drawn from a Weibull of shape 2.2 and scale 900 h; without the censoring every family would run short.
        #expect(document["best"] as? String == "weibull")
        let candidates = try #require(document["candidates"] as? [[String: Any]])
        let weibull = try #require(candidates.first { $0["family"] as? String == "weibull" })
        let mean = try #require(weibull["mean"] as? Double) / 3600
        #expect(abs(mean - 900 * tgamma(1 + 1 / 2.2)) < 80, "\(mean) h")
        #expect(candidates.first { $0["family"] as? String == "uniform" }?["not_fitted"] as? String == "not fitted to censored data")
        let median = try #require(document["kaplan_meier_median"] as? Double) / 3600
        #expect(median > (document["median"] as? Double ?? 0) / 3600)
        try Self.expectPlantReads(try #require(document["best_plant_file"] as? String), in: dir)
        // The page draws the survival estimate with each family's curve, and no histogram.
        let text = try CLI.run(["fit", lives, "--column", "life_h", "--censored", "replaced_early", "--unit", "h", "--bootstrap", "0", "--html", page.path])
        #expect(text.status == 0 && text.stdout.contains("44 censored") && text.stdout.contains("Kaplan–Meier estimate: median"), "\(text.stdout)")
        let markup = try String(contentsOf: page, encoding: .utf8)
        #expect(XMLParser(data: Data(markup.utf8)).parse())
        #expect(markup.contains("class=\"kaplan-meier\"") && markup.contains("class=\"survival\" data-family=\"weibull\"") && !markup.contains("data-count="))

        // A log's end: each robot's last failure to it is a censored gap; the exponential's mean is then total time over failures.
        let log = try CLI.run(["fit", Self.observed, "--between", "failed_at", "--by", "robot", "--until", "2026-09-24", "--families", "exponential", "--bootstrap", "0", "--json"])
        #expect(log.status == 0, "\(log.stderr)")
        let logDocument = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any])
        let count = try #require(logDocument["count"] as? Int), censoredCount = try #require(logDocument["censored"] as? Int)
        let total = try #require(logDocument["mean"] as? Double) * Double(count)
        let exponential = try #require((logDocument["candidates"] as? [[String: Any]])?.first)
        #expect(abs((exponential["mean"] as? Double ?? 0) - total / Double(count - censoredCount)) < 1e-6 * total)
        #expect(censoredCount == Set(try String(contentsOfFile: Self.observed, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] }).count)

        // Bad flags, an end before the last event, and options that do not go together are refused.
        let flags = dir.appendingPathComponent("flags.csv")
        try Data(("t,cut\n" + (1...12).map { "\($0),0" }.joined(separator: "\n") + "\n13,maybe\n").utf8).write(to: flags)
        let flag = try CLI.run(["fit", flags.path, "--column", "t", "--censored", "cut"])
        #expect(flag.status == 2 && flag.stderr.contains("flags.csv:14: 'maybe' is not a censoring flag"), "\(flag.stderr)")
        let early = try CLI.run(["fit", Self.observed, "--between", "failed_at", "--until", "2026-09-20"])
        #expect(early.status == 2 && early.stderr.contains("comes after --until 2026-09-20"), "\(early.stderr)")
        for wrong in [["--column", "repair_min", "--until", "2026-09-24"], ["--between", "failed_at", "--censored", "robot"]] {
            #expect(try CLI.run(["fit", Self.observed] + wrong).status == 2)
        }
    }

    @Test("--downtime fits up-times: from the end of each repair to the robot's next failure, overlapping events named and left out")
    func upTimes() throws {
        let run = try CLI.run(["fit", Self.observed, "--between", "failed_at", "--by", "robot", "--downtime", "repair_min", "--unit", "min",
                               "--bootstrap", "0", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        // The same up-times computed here: next failure − (failure + repair), per robot; negative ones are the overlapping events.
        let rows = try String(contentsOfFile: Self.observed, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var events: [String: [(time: Double, repair: Double)]] = [:]
        for row in rows {
            let date = try #require(formatter.date(from: row[1] + ":00Z"))
            events[String(row[0]), default: []].append((date.timeIntervalSince1970, Double(row[2])! * 60))
        }
        let ups = events.values.flatMap { list -> [Double] in
            let sorted = list.sorted { $0.time < $1.time }
            return zip(sorted, sorted.dropFirst()).map { $1.time - ($0.time + $0.repair) }
        }
        let kept = ups.filter { $0 >= 0 }
        #expect(document["count"] as? Int == kept.count && kept.count == ups.count - 2)
        #expect(abs((document["mean"] as? Double ?? 0) - kept.reduce(0, +) / Double(kept.count)) < 1e-6)
        let text = try CLI.run(["fit", Self.observed, "--between", "failed_at", "--by", "robot", "--downtime", "repair_min", "--unit", "min", "--bootstrap", "0"])
        #expect(text.stdout.contains("2 event(s) came before the downtime of the one before them had ended (lines 60, 205)"), "\(text.stdout)")
        #expect(text.stdout.contains("up-time between failed_at per robot") && !text.stdout.contains("times between starts include each repair"))

        let bad = try CLI.temporaryDirectory().appendingPathComponent("log.csv")
        try Data("robot,at,down\nR1,2026-09-07T06:12,5\nR1,2026-09-07T08:12,-3\n".utf8).write(to: bad)
        let negative = try CLI.run(["fit", bad.path, "--between", "at", "--downtime", "down"])
        #expect(negative.status == 2 && negative.stderr.contains("log.csv:3: '-3' is not a non-negative number (column 'down', in s)"), "\(negative.stderr)")
        #expect(try CLI.run(["fit", Self.observed, "--column", "repair_min", "--downtime", "repair_min"]).status == 2)
    }

    @Test("--by with a column of durations tests whether the groups may be pooled: the robots' repairs may, a slower station's cycles may not")
    func groups() throws {
        let run = try CLI.run(["fit", Self.observed, "--column", "repair_min", "--unit", "min", "--by", "robot", "--bootstrap", "0", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let test = try #require(document["kruskal_wallis"] as? [String: Any])
        let robots = Set(try String(contentsOfFile: Self.observed, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        #expect(test["by"] as? String == "robot" && test["groups"] as? Int == robots.count && test["degrees_of_freedom"] as? Int == robots.count - 1)
        #expect((test["p"] as? Double ?? 0) > 0.05, "\(test)")

        // Three stations' cycle times, 40 each, from a fixed sequence; the third's 30% longer.
        let file = try CLI.temporaryDirectory().appendingPathComponent("cycles.csv")
        var rows = ["station,cycle_s"]
        for i in 0..<120 {
            let base = 60 + Double((i * 37) % 23) - 11
            rows.append("s\(i % 3),\(i % 3 == 2 ? base * 1.3 : base)")
        }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: file)
        let page = file.deletingLastPathComponent().appendingPathComponent("cycles.html")
        let slow = try CLI.run(["fit", file.path, "--column", "cycle_s", "--by", "station", "--bootstrap", "0", "--html", page.path])
        #expect(slow.status == 0 && slow.stdout.contains("by 'station': 3 groups (the smallest has 40 values)") && slow.stdout.contains("the groups differ")
                && slow.stdout.contains("the longest durations: s2 "), "\(slow.stdout)")
        // The page draws a box per group, in order of median: the slower station last.
        let markup = try String(contentsOf: page, encoding: .utf8)
        #expect(XMLParser(data: Data(markup.utf8)).parse())
        let drawn = markup.components(separatedBy: "class=\"group\" data-group=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(drawn.count == 3 && drawn.last == "s2", "\(drawn)")
        let censored = try CLI.run(["fit", file.path, "--column", "cycle_s", "--by", "station", "--censored", "station"])
        #expect(censored.status == 2 && censored.stderr.contains("--by"), "\(censored.stderr)")
    }

    @Test("when no family fits, the data themselves are offered as an empirical distribution")
    func empiricalFallback() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("bimodal.csv")
        // Two kinds of job: 30 s and 90 s, each with a little spread.
        var lines = ["t"]
        for i in 0..<400 {
            let centre: Double = i % 2 == 0 ? 30 : 90
            let spread = Double((i * 7) % 11) / 10
            lines.append("\(centre + spread)")
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let run = try CLI.run(["fit", file.path, "--bootstrap", "99"])
        #expect(run.status == 0 && run.stdout.contains("No family fits") && run.stdout.contains("{dist: empirical, file: \(file.path), column: t, interpolate: true}"), "\(run.stdout)")
    }

    @Test("bad files and options are refused with exit 2 and the file, line and column named")
    func refuses() throws {
        let dir = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.csv")
        try Data("a,b\n1,2\n3,x\n".utf8).write(to: bad)
        let cell = try CLI.run(["fit", bad.path, "--column", "b"])
        #expect(cell.status == 2 && cell.stderr.contains("bad.csv:3: 'x' is not a non-negative number (column 'b')"), "\(cell.stderr)")
        let column = try CLI.run(["fit", Self.observed, "--column", "repair_mn"])
        #expect(column.status == 2 && column.stderr.contains("no column 'repair_mn' (did you mean 'repair_min'?)"), "\(column.stderr)")
        let unnamed = try CLI.run(["fit", Self.observed])
        #expect(unnamed.status == 2 && unnamed.stderr.contains("--column"), "\(unnamed.stderr)")
        let few = try CLI.run(["fit", bad.path, "--column", "a"])
        #expect(few.status == 2 && few.stderr.contains("too few"), "\(few.stderr)")
        let family = try CLI.run(["fit", Self.observed, "--column", "cycle_s", "--families", "weibul"])
        #expect(family.status == 2 && family.stderr.contains("did you mean 'weibull'"), "\(family.stderr)")
        let missing = try CLI.run(["fit", dir.appendingPathComponent("none.csv").path])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read"), "\(missing.stderr)")
        // A headerless list of numbers needs no column.
        let list = dir.appendingPathComponent("list.txt")
        try Data((1...30).map { "\(Double($0) * 1.7)" }.joined(separator: "\n").utf8).write(to: list)
        let plain = try CLI.run(["fit", list.path, "--bootstrap", "0"])
        #expect(plain.status == 0 && plain.stdout.contains("30 values in") && plain.stdout.contains("not tested"), "\(plain.stdout)")
    }
}
