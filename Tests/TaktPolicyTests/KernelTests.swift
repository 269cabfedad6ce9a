import CTaktKernels
import Foundation
@testable import TaktPolicy
import Testing

/// A small deterministic generator for test networks (the trainer's SplitMix64).
struct TestRandom {
    var mix: SplitMix
    init(state: UInt64) { mix = SplitMix(state: state) }
    mutating func next() -> UInt64 { mix.next() }
    /// Uniform in [-1, 1).
    mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

    mutating func mlp(_ shape: [Int]) -> MLP {
        MLP(layers: zip(shape, shape.dropFirst()).map { i, o in
            let scale = 1 / Float(i).squareRoot()
            return DenseLayer(inputs: i, outputs: o, weights: (0..<(i * o)).map { _ in unit() * scale * 1.7 },
                              bias: (0..<o).map { _ in unit() * 0.1 })
        })
    }

    mutating func inputs(_ n: Int, count: Int) -> [[Float]] {
        (0..<count).map { _ in (0..<n).map { _ in unit() * 2 } }
    }
}

@Suite("Dense kernels against the reference")
struct KernelTests {
    /// Odd sizes that exercise padding of inputs (to 4) and outputs (to 16), and
    /// the one-block and four-block paths.
    static let shapes: [[Int]] = [[5, 13, 7], [37, 50, 3], [32, 64, 64, 8], [3, 1], [70, 80, 17], [1, 33, 2]]

    func evaluate(_ network: PackedNetwork, _ x: [Float], level: KernelLevel) -> [Float] {
        let evaluator = NetworkEvaluator(network, level: level)
        var out = [Float](repeating: .nan, count: network.outputs)
        x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { evaluator.evaluate(xp.baseAddress!, into: $0.baseAddress!) } }
        return out
    }

    @Test("int8 kernels equal the reference bit for bit, at every level this CPU has", arguments: shapes)
    func int8Exact(shape: [Int]) throws {
        var rng = TestRandom(state: UInt64(shape.reduce(7, *)))
        let mlp = rng.mlp(shape)
        let states = rng.inputs(shape[0], count: 40)
        let q = try Quantizer.quantize(mlp, calibration: states)
        let packed = PackedNetwork(q)
        for level in KernelLevel.available {
            // Reuse one evaluator across inputs: leftovers of one evaluation must not leak into the next.
            let evaluator = NetworkEvaluator(packed, level: level)
            for x in states + [states[0].map { $0 * 3 }] {  // out-of-range inputs clamp
                var out = [Float](repeating: .nan, count: packed.outputs)
                x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { evaluator.evaluate(xp.baseAddress!, into: $0.baseAddress!) } }
                #expect(out == q.referenceForward(x), "level \(level), shape \(shape)")
            }
        }
    }

    @Test("fp32 kernels equal the reference bit for bit, at every level this CPU has", arguments: shapes)
    func fp32Exact(shape: [Int]) {
        var rng = TestRandom(state: UInt64(shape.reduce(3, +)))
        let mlp = rng.mlp(shape)
        let packed = PackedNetwork(mlp)
        for x in rng.inputs(shape[0], count: 20) {
            let reference = mlp.referenceForward(x)
            for level in KernelLevel.available { #expect(evaluate(packed, x, level: level) == reference, "level \(level), shape \(shape)") }
        }
    }

    @Test("int8 logits stay close to fp32 and pick the same action almost always")
    func int8CloseToFP32() throws {
        var rng = TestRandom(state: 99)
        let mlp = rng.mlp([32, 64, 64, 8])
        let states = rng.inputs(32, count: 400)
        let q = try Quantizer.quantize(mlp, calibration: Array(states.prefix(200)))
        var agree = 0
        var worst: Float = 0
        for x in states.suffix(200) {
            let a = mlp.referenceForward(x), b = q.referenceForward(x)
            worst = max(worst, zip(a, b).map { abs($0 - $1) }.max()!)
            if a.firstIndex(of: a.max()!) == b.firstIndex(of: b.max()!) { agree += 1 }
        }
        // Logits here are of order 1; int8 error is a few percent of the range.
        #expect(worst < 0.1)
        #expect(agree >= 190)
    }

    @Test("quantization refuses calibration data that cannot be used")
    func quantizerErrors() {
        var rng = TestRandom(state: 1)
        let mlp = rng.mlp([4, 8, 2])
        #expect(throws: Quantizer.Failure.noCalibrationData) { try Quantizer.quantize(mlp, calibration: []) }
        #expect(throws: Quantizer.Failure.wrongInputCount(expected: 4, got: 3, sample: 1)) {
            try Quantizer.quantize(mlp, calibration: [[0, 0, 0, 0], [1, 2, 3]])
        }
        #expect(throws: Quantizer.Failure.notFinite(sample: 0)) { try Quantizer.quantize(mlp, calibration: [[0, .nan, 0, 0]]) }
    }

    @Test("masked argmax: best allowed action, lowest index on ties, −1 when none is allowed")
    func argmax() {
        let scores: [Float] = [0.5, 2, 2, 9]
        #expect(maskedArgmax(scores, [true, true, true, false], count: 4) == 1)
        #expect(maskedArgmax(scores, [true, false, false, false], count: 4) == 0)
        #expect(maskedArgmax(scores, [false, false, false, false], count: 4) == -1)
        #expect(maskedArgmax([-Float.infinity, -1], [true, false], count: 2) == 0)
    }

    @Test("the kernels' masked argmax matches the reference at every level, ties and -inf included")
    func kernelArgmax() {
        var rng = TestRandom(state: 17)
        for trial in 0..<500 {
            let n = 1 + trial % 16
            var scores = (0..<n).map { _ in Float(Int(rng.unit() * 4)) }  // few distinct values: many ties
            if trial % 7 == 0 { scores[0] = -.infinity }
            let mask = (0..<n).map { _ in rng.next() % 3 != 0 }
            let expected = maskedArgmax(scores, mask, count: n)
            for level in KernelLevel.available {
                let got = mask.map { UInt8($0 ? 1 : 0) }.withUnsafeBufferPointer { m in
                    takt_masked_argmax(level.rawValue, scores, m.baseAddress!, Int32(n))
                }
                #expect(Int(got) == expected, "level \(level), scores \(scores), mask \(mask)")
            }
        }
    }

    @Test("an int8 network policy chooses exactly what the reference arithmetic chooses, at every level")
    func networkPolicyChoice() throws {
        var rng = TestRandom(state: 23)
        let mlp = rng.mlp([32, 64, 64, 8])
        let states = rng.inputs(32, count: 300)
        let q = try Quantizer.quantize(mlp, calibration: Array(states.prefix(100)))
        let packed = PackedNetwork(q)
        for level in KernelLevel.available {
            let policy = NetworkPolicy(packed, level: level)
            for x in states {
                let mask = (0..<8).map { _ in rng.next() % 4 != 0 }
                guard mask.contains(true) else { continue }
                let expected = maskedArgmax(q.referenceForward(x), mask, count: 8)
                #expect(policy.choose(features: x, mask: mask) == expected, "level \(level)")
            }
        }
    }

    @Test("the CPU level is detected and can be lowered, never raised")
    func levels() {
        #expect(KernelLevel.available.first == .scalar)
        #expect(KernelLevel.current <= KernelLevel.supported)
        var rng = TestRandom(state: 2)
        #expect(NetworkEvaluator(PackedNetwork(rng.mlp([2, 2])), level: .avx512vnni).level <= KernelLevel.supported)
    }
}
