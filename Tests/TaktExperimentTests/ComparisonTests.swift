import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// The comparison statistics against known cases.
@Suite("Comparing variants")
struct ComparisonTests {
    /// An M/M/1 queue (ρ = 0.7) over one week, its station named `station`, serving in `service` seconds on average.
    func mm1(station: String = "server", service: Double = 42) throws -> PlantDescription {
        try PlantLoader.parse(yaml: """
            plant: mm1
            run: {duration: 7d, warmup: 1d, replications: 10, seed: 1}
            sources: [{name: arrivals, interarrival: {dist: exponential, mean: 60s}, next: \(station)}]
            stations: [{name: \(station), process: {dist: exponential, mean: \(service)s}, next: out}]
            sinks: [{name: out}]
            """, file: "mm1.yaml", directory: URL(fileURLWithPath: "."))
    }

    func compare(_ variants: [ExperimentDescription.Variant], seed: UInt64 = 1, replications: Int = 10, days: Int = 7) throws -> Comparison {
        var settings = variants[0].plant.run
        settings.seed = seed
        settings.duration = Tick(days) * 86_400 * Ticks.perSecond
        settings.replications = replications
        let experiment = ExperimentDescription(name: "test", variants: variants, settings: settings, figures: ["lead_time_mean", "throughput_per_hour"])
        return Comparison(experiment: experiment, results: try ExperimentRunner.run(experiment, threads: 2))
    }

    @Test("a variant compared with itself differs by exactly zero in every replication: never significant")
    func itself() throws {
        let plant = try mm1()
        let c = try compare([.init(name: "a", plant: plant), .init(name: "b", plant: plant)])
        #expect(c.differences.count == 2)
        for d in c.differences {
            #expect(d.mean == 0 && d.halfWidth == 0 && !d.significant)
        }
    }

    @Test("a figure the plants do not report has no estimate, not a default value: first-pass yield without inspection")
    func unreportedFigure() throws {
        let plant = try mm1()
        var settings = plant.run
        settings.replications = 3
        let experiment = ExperimentDescription(name: "test", variants: [.init(name: "a", plant: plant), .init(name: "b", plant: plant)],
                                               settings: settings, figures: ["throughput_per_hour", "first_pass_yield"])
        let c = Comparison(experiment: experiment, results: try ExperimentRunner.run(experiment, threads: 2))
        #expect(c.figures.map(\.name) == ["throughput_per_hour", "first_pass_yield"])
        #expect(c.variants.allSatisfy { $0.estimates[0] != nil && $0.estimates[1] == nil })
    }

    @Test("an equivalent variant on independent streams is significant at about the nominal 5% rate")
    func nominalRate() throws {
        // Renaming the station gives it other random streams: the same system, independent noise.
        let a = try mm1(), b = try mm1(station: "renamed")
        var significant = 0
        let experiments = 60
        for seed in 1...UInt64(experiments) {
            let c = try compare([.init(name: "a", plant: a), .init(name: "b", plant: b)], seed: seed, replications: 8, days: 3)
            if c.difference("b", "lead_time_mean")?.significant == true { significant += 1 }
        }
        // Binomial(60, 0.05): mean 3, P(more than 9) < 0.1%; a broken interval (too narrow) would give far more.
        #expect(significant <= 9, "\(significant) of \(experiments) significant")
    }

    @Test("a 10% faster server is found, and common random numbers make the paired interval narrower than separate ones")
    func knownDifference() throws {
        let c = try compare([.init(name: "base", plant: try mm1()), .init(name: "faster", plant: try mm1(service: 37.8))])
        let d = try #require(c.difference("faster", "lead_time_mean"))
        #expect(d.significant && d.better == true)
        // Theory: W = 1/(μ − λ): 140 s against 102.7 s, a difference of −37.3 s.
        #expect(abs(d.mean - (-37.3)) < 3 * d.halfWidth + 5)
        let separate = (c.variants[0].estimates[0]?.halfWidth ?? 0) + (c.variants[1].estimates[0]?.halfWidth ?? 0)
        #expect(d.halfWidth < separate)
        #expect(c.ranking == ["faster", "base"] || c.ranking == ["base", "faster"])
        // Throughput is the arrival rate for both: the difference is not significant.
        #expect(c.difference("faster", "throughput_per_hour")?.significant == false)
    }

    @Test("results do not depend on the thread count")
    func threads() throws {
        var settings = try mm1().run
        settings.replications = 4
        let experiment = ExperimentDescription(name: "t", variants: [.init(name: "a", plant: try mm1()), .init(name: "b", plant: try mm1(service: 40))],
                                               settings: settings)
        let one = try ExperimentRunner.run(experiment, threads: 1), two = try ExperimentRunner.run(experiment, threads: 2)
        #expect(one.map { $0.map(\.leadTimeMean) } == two.map { $0.map(\.leadTimeMean) })
    }

    @Test("sequential mode adds replications to every variant until the interval is narrow enough")
    func sequential() throws {
        var settings = try mm1().run
        settings.replications = 3
        let experiment = ExperimentDescription(
            name: "s", variants: [.init(name: "a", plant: try mm1()), .init(name: "b", plant: try mm1(service: 40))], settings: settings,
            precision: .init(figure: "lead_time_mean", relative: 0.05, maxReplications: 60), figures: ["lead_time_mean"])
        let results = try ExperimentRunner.run(experiment, threads: 2)
        #expect(results[0].count == results[1].count && results[0].count > 3)
        #expect(results[0].map(\.replication) == Array(0..<results[0].count))
        let c = Comparison(experiment: experiment, results: results)
        #expect(try #require(c.relativePrecision(of: "lead_time_mean")) <= 0.05 || results[0].count == 60)
        #expect(c.precision?.met == true || results[0].count == 60)
        // A target out of reach within the most replications: stopped there, and said to be missed.
        var strict = experiment
        strict.precision = .init(figure: "lead_time_mean", relative: 0.0001, maxReplications: 5)
        let capped = try ExperimentRunner.run(strict, threads: 2)
        #expect(capped[0].count == 5)
        let missed = try #require(Comparison(experiment: strict, results: capped).precision)
        #expect(!missed.met && missed.reached! > 0.0001 && missed.maxReplications == 5)
        #expect(ExperimentRunner.nextCount(done: 10, reached: 0.1, wanted: 0.05, most: 100) == 20)
        #expect(ExperimentRunner.nextCount(done: 10, reached: 0.06, wanted: 0.05, most: 100) == 16)
        #expect(ExperimentRunner.nextCount(done: 10, reached: 0.06, wanted: 0.05, most: 12) == 12)
    }
}
