import CTaktKernels

/// A policy that scores the actions with a neural network (fp32 or int8)
/// and takes the best allowed one.
public final class NetworkPolicy: DecisionPolicy {
    let evaluator: NetworkEvaluator
    let logits: AlignedBuffer<Float>
    let outputs: Int32

    public init(_ network: PackedNetwork, level: KernelLevel = .current) {
        evaluator = NetworkEvaluator(network, level: level)
        logits = AlignedBuffer(count: network.paddedOutputs)
        outputs = Int32(network.outputs)
    }

    public func choose(features: UnsafePointer<Float>, mask: UnsafePointer<Bool>) -> Int {
        evaluator.evaluate(features, into: logits.base, padded: true)
        // Bool is one byte, 0 or 1.
        let choice = UnsafeRawPointer(mask).withMemoryRebound(to: UInt8.self, capacity: Int(outputs)) {
            takt_masked_argmax(evaluator.level.rawValue, logits.base, $0, outputs)
        }
        return max(0, Int(choice))
    }
}
