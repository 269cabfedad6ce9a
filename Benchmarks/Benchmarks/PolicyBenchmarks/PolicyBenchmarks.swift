import Benchmark
import Foundation
import TaktPolicy

/// One decision of a 32-64-64-8 MLP (the shipped pick policies' shape): the
/// network's forward pass and the masked choice, as the simulation makes it.
/// The int8 target: at most half the time of the fastest fp32 decision.
/// And one decision of a tree ensemble (20 trees of depth 6 on the same 32
/// features, 8 actions; Benchmarks/peers/trees_onnxruntime.py builds the same
/// ensemble for onnxruntime): target at most 200 ns.
let benchmarks: @Sendable () -> Void = {
    var random = BenchmarkRandom(seed: 42)
    func unit() -> Float { random.unit() }
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
    let config = Benchmark.Configuration(metrics: [.wallClock, .instructions, .mallocCountTotal, .throughput], scalingFactor: .kilo,
                                         maxDuration: .seconds(2))

    /// A benchmark of `policy`'s decisions on the 256 states in turn, all actions allowed.
    func decisions(_ name: String, _ makePolicy: @escaping @Sendable () -> DecisionPolicy) {
        Benchmark(name, configuration: config) { benchmark in
            let policy = makePolicy()
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

    externalDecisionBenchmarks(states: flat, config: Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal, .throughput],
                                                                            scalingFactor: .one, maxDuration: .seconds(2)))
    let trees = PackedTrees(benchmarkEnsemble())
    decisions("Decision trees 20 x depth 6, 32 features, 8 actions") { TreeEnsemblePolicy(trees) }
    for level in KernelLevel.available {
        for (name, network) in [("fp32", fp32), ("int8", int8)] {
            decisions("Decision \(name) 32-64-64-8, \(level)") { NetworkPolicy(network, level: level) }
        }
    }
}

/// 20 full trees of depth 6 (63 branches on x ≤ t, 64 leaves each), tree t
/// scoring action t mod 8, as gradient boosting makes them; features,
/// thresholds and leaf weights drawn in breadth-first order, tree by tree,
/// from SplitMix64 seeded with 7 (Benchmarks/peers/trees_onnxruntime.py
/// draws the same numbers).
func benchmarkEnsemble() -> TreeEnsemble {
    var random = BenchmarkRandom(seed: 7)
    func unit() -> Float { random.unit() }
    let trees = 20, branches = 63, size = 127
    var feature: [Int32] = [], threshold: [Float] = [], mode: [TreeEnsemble.Mode] = []
    var yes: [Int32] = [], no: [Int32] = [], start: [Int32] = [0], targets: [Int32] = [], weights: [Float] = []
    for t in 0..<trees {
        let base = Int32(t * size)
        for i in 0..<size {
            let branch = i < branches
            feature.append(branch ? Int32(min(31, Int((unit() + 1) * 16))) : 0)
            threshold.append(branch ? unit() : 0)
            mode.append(branch ? .branchLEQ : .leaf)
            yes.append(branch ? base + Int32(2 * i + 1) : 0)
            no.append(branch ? base + Int32(2 * i + 2) : 0)
            if !branch {
                targets.append(Int32(t % 8))
                weights.append(unit())
            }
            start.append(Int32(targets.count))
        }
    }
    return TreeEnsemble(inputs: 32, outputs: 8, roots: (0..<trees).map { Int32($0 * size) }, feature: feature, threshold: threshold,
                        mode: mode, trueChild: yes, falseChild: no, missingTracksTrue: Array(repeating: false, count: trees * size),
                        leafStart: start, leafTargets: targets, leafWeights: weights, baseValues: [], aggregate: .sum, postTransform: .none)
}

/// SplitMix64, and uniform numbers in [-1, 1) from its top 24 bits (k / 2^23 - 1, exact in
/// Float: the peer scripts draw the same ones).
struct BenchmarkRandom {
    var seed: UInt64

    mutating func unit() -> Float {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Float((z ^ (z >> 31)) >> 40) / Float(1 << 23) - 1
    }
}
