import Foundation
@testable import TaktPolicy
import Testing

/// Networks with activations other than ReLU: every kernel level equals the
/// reference bit for bit, in fp32 and int8, and policy files carry them.
@Suite("Activations between layers")
struct ActivationTests {
    static let mixes: [[Activation]] = [
        [.leakyRelu(alpha: 0.1), .tanh, .none],
        [.sigmoid, .clip(min: 0, max: 6), .none],
        [.none, .clip(min: -0.5, max: 0.5), .none],
        [.tanh, .relu, .none],
    ]

    func network(_ activations: [Activation], seed: UInt64) -> (MLP, [[Float]]) {
        var rng = TestRandom(state: seed)
        var mlp = rng.mlp([37, 50, 20, 8])
        mlp.activations = activations
        return (mlp, rng.inputs(37, count: 30))
    }

    func evaluate(_ network: PackedNetwork, _ x: [Float], level: KernelLevel) -> [Float] {
        let evaluator = NetworkEvaluator(network, level: level)
        var out = [Float](repeating: .nan, count: network.outputs)
        evaluator.evaluate(x, into: &out)
        return out
    }

    @Test("fp32 and int8 kernels equal the reference at every level this CPU has", arguments: mixes.indices)
    func exact(mix: Int) throws {
        let (mlp, states) = network(Self.mixes[mix], seed: UInt64(mix + 40))
        let q = try Quantizer.quantize(mlp, calibration: states)
        #expect(q.activations == mlp.activations)
        let fp32 = PackedNetwork(mlp), int8 = PackedNetwork(q)
        for x in states {
            for level in KernelLevel.available {
                #expect(evaluate(fp32, x, level: level) == mlp.referenceForward(x), "fp32 \(Self.mixes[mix]) \(level)")
                #expect(evaluate(int8, x, level: level) == q.referenceForward(x), "int8 \(Self.mixes[mix]) \(level)")
            }
        }
    }

    @Test("the reference applies each activation: a tanh network differs from its ReLU twin, and int8 stays close to fp32")
    func applied() throws {
        let (mlp, states) = network([.tanh, .sigmoid, .none], seed: 3)
        var relu = mlp
        relu.activations = Activation.standard(layers: 3)
        #expect(states.contains { mlp.referenceForward($0) != relu.referenceForward($0) })
        let hidden = mlp.activations(states[0])
        #expect(hidden[0].allSatisfy { (-1...1).contains($0) } && hidden[1].allSatisfy { (0...1).contains($0) })
        let q = try Quantizer.quantize(mlp, calibration: states)
        let worst = states.map { x in zip(mlp.referenceForward(x), q.referenceForward(x)).map { abs($0 - $1) }.max()! }.max()!
        #expect(worst < 0.15)
    }

    @Test("policy files carry the activations (fp32 and int8); a standard network's file is as before")
    func files() throws {
        let (mlp, states) = network([.leakyRelu(alpha: 0.01), .clip(min: 0, max: 6), .none], seed: 9)
        let schema = DecisionSchema(point: "pick", version: 1, features: (0..<37).map { "f\($0)" }, actions: (0..<8).map { "a\($0)" })
        for network in [PolicyFile.Network.fp32(mlp), .int8(try Quantizer.quantize(mlp, calibration: states))] {
            let file = PolicyFile(schema: schema, network: network)
            let data = try file.jsonData()
            #expect(String(decoding: data, as: UTF8.self).contains("\"leaky_alpha\" : 0.01"))
            #expect(try PolicyFile.decode(data, path: "a.json") == file)
        }
        var standard = mlp
        standard.activations = Activation.standard(layers: 3)
        let text = String(decoding: try PolicyFile(schema: schema, network: .fp32(standard)).jsonData(), as: UTF8.self)
        #expect(!text.contains("leaky_alpha") && !text.contains("clip_min") && !text.contains("\"model\""))
        // The shipped policies, written before activations were a choice, still load with their checksums.
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Plants/policies/pick-fp32.json").path
        #expect(try PolicyFile.load(path: shipped).network.kind == "mlp")
        let unknown = text.replacingOccurrences(of: "\"activation\" : \"relu\"", with: "\"activation\" : \"gelu\"")
        #expect(throws: PolicyFileError(path: "a.json", message: "layers[0].activation 'gelu' is not none, relu, leaky_relu (with leaky_alpha), clip (with clip_min ≤ clip_max), sigmoid or tanh")) {
            try PolicyFile.decode(Data(unknown.utf8), path: "a.json")
        }
    }
}
