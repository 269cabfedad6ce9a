import Benchmark
import Foundation
import TaktExperiment
import TaktPlant

/// How comparisons scale with cores: the same experiment (the default plant,
/// two variants × 8 replications of 30 days) on one thread and on two, in
/// replications per second. Issue target: two cores give at least 1.8× one.
let benchmarks: @Sendable () -> Void = {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let rate = BenchmarkMetric.custom("Replications per minute", polarity: .prefersLarger, useScalingFactor: false)
    for threads in [1, 2] {
        Benchmark("Compare, \(threads) thread\(threads == 1 ? "" : "s")",
                  configuration: .init(metrics: [.wallClock, rate], scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 5)) { benchmark in
            let plant = try PlantLoader.load(path: root.appendingPathComponent("Plants/xiaomi-ev.yaml").path)
            var settings = plant.run
            settings.replications = 8
            let experiment = ExperimentDescription(name: "scaling", variants: [.init(name: "a", plant: plant), .init(name: "b", plant: plant)],
                                                   settings: settings)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let started = ContinuousClock.now
                blackHole(try ExperimentRunner.run(experiment, threads: threads))
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                benchmark.measurement(rate, Int(16 * 60 / seconds))
            }
        }
    }
    storeLoadBenchmarks(root: root)
}
