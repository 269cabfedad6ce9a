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

/// The same hold model as a bare, hand-written loop: a binary heap of
/// (time, sequence) pairs and nothing else. The peer the kernel is measured
/// against (DESIGN.md §7: the kernel should stay within 2× of it).
struct BareHeapLoop {
    var heap: [(time: Int64, seq: UInt64)] = []
    var seq: UInt64 = 0
    var rng = RandomStream(seed: 1, replication: 0, name: "hold")

    mutating func push(_ time: Int64) {
        seq &+= 1
        heap.append((time, seq))
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if heap[i] < heap[p] { heap.swapAt(i, p); i = p } else { break }
        }
    }

    mutating func pop() -> Int64 {
        let top = heap[0].time
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, heap[l] < heap[m] { m = l }
                if r < heap.count, heap[r] < heap[m] { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return top
    }

    mutating func run(events: Int) -> Int64 {
        var now: Int64 = 0
        for _ in 0..<events {
            now = pop()
            push(now + Ticks.from(seconds: -60 * log(rng.nextOpenUnit())))
        }
        return now
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

    // The same events through the bare hand-written loop above.
    Benchmark("Bare heap loop, 100 pending events") { benchmark in
        var loop = BareHeapLoop()
        for i in 0..<100 { loop.push(Int64(i)) }
        benchmark.startMeasurement()
        blackHole(loop.run(events: benchmark.scaledIterations.count))
    }

    // The serial-50 plant (Plants/bench/serial-50.yaml) for 30 simulated days:
    // about 1.37 M events per iteration.
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let plantPath = root.appendingPathComponent("Plants/bench/serial-50.yaml").path
    Benchmark("Serial-50 plant, 30 days", configuration: .init(scalingFactor: .one)) { benchmark in
        let plant = try PlantLoader.load(path: plantPath)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try Replication.run(plant, settings: plant.run, replication: 0))
        }
    }

    // The full default plant, one replication, for 30 and for 365 simulated
    // days: events per second of simulation (a custom metric)
    // and peak memory, which must not grow with the horizon.
    let eventRate = BenchmarkMetric.custom("Events per second", polarity: .prefersLarger, useScalingFactor: false)
    for days in [30, 365] {
        let metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, .peakMemoryResident, eventRate]
        Benchmark("Default plant, \(days) days", configuration: .init(metrics: metrics, scalingFactor: .one, maxIterations: 5)) { benchmark in
            let plant = try PlantLoader.load(path: root.appendingPathComponent("Plants/xiaomi-ev.yaml").path)
            var settings = plant.run
            settings.duration = Tick(days) * 86_400 * Ticks.perSecond
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let result = try Replication.run(plant, settings: settings, replication: 0)
                benchmark.measurement(eventRate, Int(Double(result.events) / result.wallSeconds))
            }
        }
    }
    Benchmark("Serial-50 event rate", configuration: .init(metrics: [eventRate], scalingFactor: .one, maxIterations: 10)) { benchmark in
        let plant = try PlantLoader.load(path: plantPath)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let result = try Replication.run(plant, settings: plant.run, replication: 0)
            benchmark.measurement(eventRate, Int(Double(result.events) / result.wallSeconds))
        }
    }
}
