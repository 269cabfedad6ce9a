import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// The CI gate's decision rule, its JUnit report and the baseline file.
@Suite("Regression check")
struct RegressionCheckTests {
    let throughput = ResultFigure.named("throughput_per_operating_hour")!
    let leadTime = ResultFigure.named("lead_time_mean")!

    /// A check of one figure: the baseline's values and the run's, paired replication by replication.
    func check(_ figure: ResultFigure, baseline: [Double], current: [Double], rule: RegressionRule = RegressionRule()) -> RegressionCheck.FigureResult {
        RegressionCheck(figures: [figure], baseline: [FigureSample(baseline)], current: [FigureSample(current)], paired: true, rule: rule).figures[0]
    }

    let base: [Double] = [100, 104, 97, 101, 98, 103, 99, 102]

    @Test("beyond the tolerance but not significant passes: +5% on average, but the pairs disagree in sign")
    func beyondButNoise() {
        let noisy = zip(base, [30, -20, 25, -15, 20, -10, 15, -5] as [Double]).map { $0 + $1 }  // mean difference +5
        let f = check(leadTime, baseline: base, current: noisy)
        #expect(abs(f.relativeChange - 0.05) < 0.001)
        #expect(f.beyondTolerance && !f.significant)
        #expect(f.verdict == .notSignificant)
        #expect(RegressionCheck(figures: [leadTime], baseline: [FigureSample(base)], current: [FigureSample(noisy)], paired: true,
                                rule: RegressionRule()).passed)
    }

    @Test("significant but within the tolerance passes: +1% in every replication")
    func significantButSmall() {
        let f = check(leadTime, baseline: base, current: base.map { $0 * 1.01 })
        #expect(f.significant && !f.beyondTolerance)
        #expect(f.verdict == .withinTolerance)
    }

    @Test("significant and beyond the tolerance fails in the worse direction and passes, as improved, in the better one")
    func both() {
        let slower = base.enumerated().map { i, x in x * (1.05 + (i % 2 == 0 ? 0.002 : -0.002)) }
        let worse = check(leadTime, baseline: base, current: slower)
        #expect(worse.significant && worse.beyondTolerance && worse.worse)
        #expect(worse.verdict == .regressed)
        #expect(worse.reason.contains("mean lead time is 5.") && worse.reason.contains("worse") && worse.reason.contains("±2% tolerance and significant"))
        let c = RegressionCheck(figures: [throughput, leadTime], baseline: [FigureSample(base), FigureSample(base)],
                                current: [FigureSample(slower), FigureSample(slower)], paired: true, rule: RegressionRule())
        #expect(!c.passed)
        #expect(c.regressions.map(\.figure.name) == ["lead_time_mean"])  // more output is better
        #expect(c.improvements.map(\.figure.name) == ["throughput_per_operating_hour"])
    }

    @Test("a per-figure tolerance replaces the default; tolerance 0 fails any significant worsening")
    func tolerances() {
        let slower = base.map { $0 * 1.05 }
        #expect(check(leadTime, baseline: base, current: slower, rule: RegressionRule(tolerances: ["lead_time_mean": 0.06])).verdict == .withinTolerance)
        #expect(check(leadTime, baseline: base, current: slower, rule: RegressionRule(tolerances: ["throughput_per_operating_hour": 0.06])).verdict == .regressed)
        #expect(check(leadTime, baseline: base, current: base.map { $0 * 1.001 }, rule: RegressionRule(tolerance: 0)).verdict == .regressed)
    }

    @Test("identical replications are unchanged, never significant")
    func unchanged() {
        let f = check(throughput, baseline: base, current: base)
        #expect(f.difference == 0 && f.halfWidth == 0 && !f.significant && f.verdict == .unchanged)
        #expect(f.changeText == "0%")
    }

    @Test("the paired interval uses t at 1 − α/2k over the k figures (Bonferroni) with n − 1 degrees of freedom")
    func bonferroni() throws {
        let figures = Array(ResultFigure.all.prefix(6))
        let samples = figures.map { _ in FigureSample(base) }
        let shifted = figures.map { _ in FigureSample(base.enumerated().map { i, x in x + Double(i % 3) }) }
        let c = RegressionCheck(figures: figures, baseline: samples, current: shifted, paired: true, rule: RegressionRule())
        let t = try #require(c.tQuantile)
        #expect(abs(t - StudentT.quantile(1 - 0.05 / 12, degreesOfFreedom: 7)) < 1e-9)
        let d = FigureSample(base.indices.map { Double($0 % 3) })
        #expect(abs(c.figures[0].halfWidth - t * d.standardDeviation / 8.0.squareRoot()) < 1e-9)
        #expect(c.test == .paired)
    }

    @Test("a baseline kept as mean, sd and n is compared by Welch's t")
    func welch() {
        let b = FigureSample(mean: 100, standardDeviation: 2, count: 10)
        let now = FigureSample(mean: 105, standardDeviation: 2, count: 10)
        let c = RegressionCheck(figures: [throughput], baseline: [b], current: [now], paired: true, rule: RegressionRule())
        #expect(c.test == .welch)
        // se = √(0.4 + 0.4), Welch–Satterthwaite df = 18, t(0.975, 18) = 2.1009.
        #expect(abs(c.figures[0].halfWidth - 2.100922 * 0.8.squareRoot()) < 1e-4)
        #expect(c.figures[0].verdict == .improved && c.passed)
    }

    @Test("the JUnit report parses as XML: one test case per figure, a failure with the reason for the regression")
    func junit() throws {
        let slower = base.map { $0 * 1.05 }
        let c = RegressionCheck(figures: [throughput, leadTime], baseline: [FigureSample(base), FigureSample(base)],
                                current: [FigureSample(base), FigureSample(slower)], paired: true, rule: RegressionRule())
        let xml = c.junitXML(suite: "takt check <plant & \"co\">", className: "takt.check.plant", seconds: 1.5, output: "table\n<&>")
        let report = try JUnitReport(xml)
        #expect(report.suites == ["takt check <plant & \"co\">"])
        #expect(report.cases == ["throughput_per_operating_hour", "lead_time_mean"])
        #expect(report.failures.count == 1)
        #expect(report.failures["lead_time_mean"]?.contains("mean lead time is 5.00%") == true)
        #expect(report.output.contains("table\n<&>"))
    }

    @Test("a baseline survives its file exactly; broken files are refused with the reason")
    func baselineFile() throws {
        let plant = try PlantLoader.parse(yaml: """
            plant: mm1
            takt: 60s
            run: {duration: 2d, warmup: 2h, replications: 3, seed: 5}
            sources: [{name: arrivals, interarrival: {dist: exponential, mean: 60s}, next: server}]
            stations: [{name: server, process: {dist: exponential, mean: 42s}, next: out}]
            sinks: [{name: out}]
            """, file: "mm1.yaml", directory: URL(fileURLWithPath: "."))
        let results = try ReplicationRunner.run(plant, settings: plant.run, threads: 2)
        let baseline = Baseline(plant: plant, settings: plant.run, results: results, version: "test", figures: Baseline.keyFigures(of: plant))
        #expect(baseline.figures.map(\.name) == ["throughput_per_operating_hour", "interdeparture_p50", "interdeparture_p95",
                                                 "lead_time_mean", "lead_time_p95", "takt_adherence"])
        let text = try baseline.jsonText()
        let back = try Baseline.decode(Data(text.utf8), path: "b.json")
        #expect(back == baseline)
        #expect(try back.jsonText() == text)
        #expect(back.settings(auditRate: 0.01) == plant.run)
        #expect(baseline.incompatibility(with: plant) == nil)

        func refused(_ edit: (inout [String: Any]) -> Void) throws -> String {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            edit(&object)
            do {
                _ = try Baseline.decode(try JSONSerialization.data(withJSONObject: object), path: "b.json")
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(try refused { $0["format"] = "something" }.contains("is not a takt baseline: its format is 'something'"))
        #expect(try refused { $0["seed"] = nil }.contains("is not a takt baseline: seed is missing"))
        #expect(try refused { $0["format_version"] = 99 }.contains("format version 99"))
        #expect(try refused { o in
            var figures = o["figures"] as! [[String: Any]]
            figures[1]["values"] = [1.0]
            o["figures"] = figures
        }.contains("figures[1] (interdeparture_p50): needs one finite value per replication (3), has 1"))
        #expect(try refused { o in
            var figures = o["figures"] as! [[String: Any]]
            figures[0]["name"] = "throughput"
            o["figures"] = figures
        }.contains("unknown figure 'throughput'"))
        #expect(throws: Baseline.ReadError.self) { try Baseline.decode(Data("{".utf8), path: "b.json") }
    }

    @Test("a baseline of another plant or another structure is refused, saying what differs")
    func structure() throws {
        func plant(_ name: String, station: String, takt: Bool = true) throws -> PlantDescription {
            try PlantLoader.parse(yaml: """
                plant: \(name)
                \(takt ? "takt: 60s" : "")
                sources: [{name: arrivals, interarrival: {dist: exponential, mean: 60s}, next: \(station)}]
                stations: [{name: \(station), process: 42s, next: out}]
                sinks: [{name: out}]
                """, file: "p.yaml", directory: URL(fileURLWithPath: "."))
        }
        let original = try plant("line", station: "server")
        let baseline = Baseline(plant: original, settings: original.run, results: [], version: "test", figures: Baseline.keyFigures(of: original))
        #expect(baseline.incompatibility(with: try plant("other", station: "server"))?.contains("the baseline is of plant 'line'") == true)
        let renamed = try #require(baseline.incompatibility(with: try plant("line", station: "robot")))
        #expect(renamed.contains("stations added: robot; stations removed: server"))
        #expect(baseline.incompatibility(with: try plant("line", station: "server", takt: false))?.contains("takt adherence") == true)
    }
}
