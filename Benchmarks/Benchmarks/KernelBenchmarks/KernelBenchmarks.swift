import Benchmark
import Foundation
import TaktKernel
import TaktPlant

/// A "hold" model: a fixed population of pending events, each handled event
/// schedules one successor an exponential time later. The classic calendar
/// benchmark (Vaucher & Duval); measures the kernel alone.
final class HoldModel: EventHandler {
    var rng = RandomStream(seed: 1, replication: 0, name: "hold")
    func handle(_ event: Event, in simulation: Simulation) {
        let delay = Ticks.from(seconds: -60 * log(rng.nextOpenUnit()))
        simulation.schedule(event, after: delay)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    // Events through a calendar holding 100 pending events; one scaled
    // iteration is one event, so throughput reads as events per second.
    Benchmark("Kernel hold model, 100 pending events") { benchmark in
        let sim = Simulation()
        let model = HoldModel()
        for i in 0..<100 { sim.schedule(Event(kind: 0, target: Int32(i)), after: Tick(i)) }
        benchmark.startMeasurement()
        blackHole(sim.run(until: .max, handler: model, maxEvents: benchmark.scaledIterations.count))
    }

    // The serial-50 plant (Plants/bench/serial-50.yaml) for 30 simulated days:
    // about 1.37 M events per iteration.
    let plantPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Plants/bench/serial-50.yaml").path
    Benchmark("Serial-50 plant, 30 days", configuration: .init(scalingFactor: .one)) { benchmark in
        let plant = try PlantLoader.load(path: plantPath)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(Replication.run(plant, settings: plant.run, replication: 0))
        }
    }
}
