import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import Testing

/// MSER-5 warm-up detection.
@Suite("Warm-up by MSER-5")
struct WarmupTests {
    /// Unit-variance noise from a fixed stream.
    func noise(_ count: Int, seed: UInt64 = 1) -> [Double] {
        var rng = RandomStream(seed: seed, replication: 0, name: "noise")
        return (0..<count).map { _ in
            (-2 * log(rng.nextOpenUnit())).squareRoot() * cos(2 * .pi * rng.nextUnit())
        }
    }

    @Test("deletes an initial transient, to within a few batches")
    func transient() throws {
        // 200 observations that start 20 above the steady mean and decay linearly, then 1800 at the mean.
        let series = noise(2000).enumerated().map { i, x in x + (i < 200 ? 20 * Double(200 - i) / 200 : 0) }
        let d = try #require(MSER.truncation(series))
        #expect(d % 5 == 0)
        #expect(d >= 150 && d <= 260, "deleted \(d)")
    }

    @Test("keeps a stationary series nearly whole; refuses a trend and a series too short")
    func stationaryTrendShort() throws {
        let d = try #require(MSER.truncation(noise(2000, seed: 7)))
        #expect(d <= 200)
        let trend = noise(2000, seed: 3).enumerated().map { i, x in x + Double(i) / 10 }
        #expect(MSER.truncation(trend) == nil)
        #expect(MSER.truncation(Array(noise(19))) == nil)
    }

    @Test("a loaded M/M/1 queue that starts empty gets a warm-up within the first half of the run")
    func mm1() throws {
        let plant = try PlantLoader.parse(yaml: """
            plant: mm1-heavy
            run: {duration: 20d, warmup: 0s, replications: 5, seed: 3}
            sources: [{name: arrivals, interarrival: {dist: exponential, mean: 60s}, next: server}]
            stations: [{name: server, process: {dist: exponential, mean: 57s}, next: out}]
            sinks: [{name: out}]
            """, file: "mm1.yaml", directory: URL(fileURLWithPath: "."))
        let outcome = try WarmupDetection.mser5(plant, settings: plant.run, replications: 5)
        #expect(outcome.replications == 5 && outcome.observations > 25_000)
        #expect(outcome.truncated < outcome.observations / 2)
        #expect(outcome.warmup < 10 * 86_400 * Ticks.perSecond)
        // Deterministic: the same pilot gives the same warm-up.
        #expect(try WarmupDetection.mser5(plant, settings: plant.run, replications: 5) == outcome)
    }
}
