import Benchmark
import Foundation
import TaktPolicy

/// One decision of a 32-64-64-8 MLP (the shipped pick policies' shape): the
/// network's forward pass and the masked choice, as the simulation makes it.
/// The int8 target: at most half the time of the fastest fp32 decision.
let benchmarks: @Sendable () -> Void = {
    var seed: UInt64 = 42
    func unit() -> Float {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Float((z ^ (z >> 31)) >> 40) / Float(1 << 23) - 1
    }
    let shape = [32, 64, 64, 8]
    let mlp = MLP(layers: zip(shape, shape.dropFirst()).map { i, o in
        DenseLayer(inputs: i, outputs: o, weights: (0..<(i * o)).map { _ in unit() * 0.3 }, bias: (0..<o).map { _ in unit() * 0.1 })
    })
    let states = (0..<256).map { _ in (0..<32).map { _ in unit() } }
    // Quantization cannot fail here: the calibration states are finite and the right width.
    let quantized = try! Quantizer.quantize(mlp, calibration: states)
    let fp32 = PackedNetwork(mlp), int8 = PackedNetwork(quantized)
    let flat = states.flatMap { $0 }
    let mask = [Bool](repeating: true, count: 8)
    let config = Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal, .throughput], scalingFactor: .kilo, maxDuration: .seconds(2))

    for level in KernelLevel.available {
        for (name, network) in [("fp32", fp32), ("int8", int8)] {
            Benchmark("Decision \(name) 32-64-64-8, \(level)", configuration: config) { benchmark in
                let policy = NetworkPolicy(network, level: level)
                var sum = 0
                flat.withUnsafeBufferPointer { x in
                    mask.withUnsafeBufferPointer { m in
                        benchmark.startMeasurement()
                        for i in benchmark.scaledIterations {
                            sum &+= policy.choose(features: x.baseAddress! + (i & 255) * 32, mask: m.baseAddress!)
                        }
                        benchmark.stopMeasurement()
                    }
                }
                blackHole(sum)
            }
        }
    }
}
