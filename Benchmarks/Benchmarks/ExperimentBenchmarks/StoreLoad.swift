import Benchmark
import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktStore

/// The run store under load: the same short replications (one-day M/M/1)
/// run side by side with every result written to a new store, as `takt run`
/// writes them, and with nothing stored (`--no-db`). Issue target: the store
/// is not the bottleneck, with it at least 0.95× the replications per
/// second without it. `tools/store-load.sh` measures the same through the
/// command line with 10,000 replications.
func storeLoadBenchmarks(root: URL) {
    let perSecondStored = BenchmarkMetric.custom("Replications per second, stored", polarity: .prefersLarger, useScalingFactor: false)
    let perSecondUnstored = BenchmarkMetric.custom("Replications per second, no store", polarity: .prefersLarger, useScalingFactor: false)
    let ratio = BenchmarkMetric.custom("Stored ÷ no store, per mille", polarity: .prefersLarger, useScalingFactor: false)
    let rows = BenchmarkMetric.custom("Rows inserted per second", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark("Store load, 2,000 one-day M/M/1 replications",
              configuration: .init(metrics: [.wallClock, perSecondStored, perSecondUnstored, ratio, rows], scalingFactor: .one,
                                   maxDuration: .seconds(60), maxIterations: 3)) { benchmark in
        let plant = try PlantLoader.load(path: root.appendingPathComponent("Plants/validation/mm1.yaml").path)
        var settings = plant.run
        settings.replications = 2_000
        settings.duration = Ticks.from(seconds: 86_400)
        settings.warmup = Ticks.from(seconds: 3_600)
        AllocatorTuning.apply()  // as `takt` does
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-load-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try RunStore(path: folder.appendingPathComponent("load.sqlite").path)
            let stored = try seconds {
                let writer = StoreWriter(store: store, plant: plant, settings: settings, version: "benchmark")
                blackHole(try ReplicationRunner.run(plant, settings: settings) { writer.write($0) })
                if let failure = writer.failure { throw failure }
            }
            let unstored = try seconds { blackHole(try ReplicationRunner.run(plant, settings: settings)) }
            let written = try store.rowCount()
            benchmark.measurement(perSecondStored, Int(Double(settings.replications) / stored))
            benchmark.measurement(perSecondUnstored, Int(Double(settings.replications) / unstored))
            benchmark.measurement(ratio, Int(1000 * unstored / stored))
            benchmark.measurement(rows, Int(Double(written) / stored))
        }
    }
}

/// How long `body` takes, seconds.
private func seconds(_ body: () throws -> Void) rethrows -> Double {
    let started = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - started
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
