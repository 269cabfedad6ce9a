/// A fully connected layer in full precision: `y = W x + b`.
public struct DenseLayer: Sendable, Equatable {
    public var inputs: Int
    public var outputs: Int
    /// Row-major `[outputs][inputs]`.
    public var weights: [Float]
    public var bias: [Float]

    /// A layer with the given weights (row-major) and bias.
    public init(inputs: Int, outputs: Int, weights: [Float], bias: [Float]) {
        precondition(weights.count == inputs * outputs && bias.count == outputs, "layer shape mismatch")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
    }

    /// The weight from input `k` to output `o`.
    @inline(__always)
    public func weight(_ o: Int, _ k: Int) -> Float { weights[o * inputs + k] }
}

/// A multilayer perceptron: dense layers, each followed by its activation
/// (ReLU unless told otherwise), and raw scores (logits) out of the last.
public struct MLP: Sendable, Equatable {
    public var layers: [DenseLayer]
    /// What each layer applies to its outputs; the last applies none.
    public var activations: [Activation]

    /// A network from its layers; each layer's inputs must match the previous
    /// one's outputs. `activations` (one per layer, the last `.none`) defaults
    /// to ReLU between layers.
    public init(layers: [DenseLayer], activations: [Activation]? = nil) {
        precondition(!layers.isEmpty, "an MLP needs a layer")
        for (a, b) in zip(layers, layers.dropFirst()) { precondition(a.outputs == b.inputs, "layer sizes do not chain") }
        let activations = activations ?? Activation.standard(layers: layers.count)
        precondition(activations.count == layers.count && activations.last == Activation.none, "one activation per layer, none after the last")
        self.layers = layers
        self.activations = activations
    }

    /// Whether the activations are ReLU between layers (what every Takt network had before activations were a choice).
    public var hasStandardActivations: Bool { activations == Activation.standard(layers: layers.count) }

    public var inputs: Int { layers[0].inputs }
    public var outputs: Int { layers[layers.count - 1].outputs }
    /// Layer widths, input first: `[32, 64, 64, 8]`.
    public var shape: [Int] { [inputs] + layers.map(\.outputs) }
    /// Multiply-accumulates per evaluation.
    public var macs: Int { layers.reduce(0) { $0 + $1.inputs * $1.outputs } }

    /// The reference forward pass, the specification every kernel reproduces
    /// bit for bit: each output keeps four partial sums, one per input index
    /// mod 4, the first starting at the bias, each adding `w × x` in ascending
    /// input order with a fused multiply-add; the output is `(s0 + s1) + (s2 +
    /// s3)`; each layer then applies its activation (`Activation.callAsFunction`). (Four chains let vector kernels
    /// hide the multiply-add latency; fixing the order makes results identical
    /// on every CPU.)
    public func referenceForward(_ x: [Float]) -> [Float] {
        activations(x)[layers.count - 1]
    }

    /// Hidden activations of every layer (after its activation) and the logits, for calibration and training.
    public func activations(_ x: [Float]) -> [[Float]] {
        var out: [[Float]] = []
        var a = x
        for (l, layer) in layers.enumerated() {
            var y = [Float](repeating: 0, count: layer.outputs)
            for o in 0..<layer.outputs {
                var p: (Float, Float, Float, Float) = (layer.bias[o], 0, 0, 0)
                var k = 0
                while k + 4 <= layer.inputs {
                    p.0 = p.0.addingProduct(layer.weight(o, k), a[k])
                    p.1 = p.1.addingProduct(layer.weight(o, k + 1), a[k + 1])
                    p.2 = p.2.addingProduct(layer.weight(o, k + 2), a[k + 2])
                    p.3 = p.3.addingProduct(layer.weight(o, k + 3), a[k + 3])
                    k += 4
                }
                if k < layer.inputs { p.0 = p.0.addingProduct(layer.weight(o, k), a[k]) }
                if k + 1 < layer.inputs { p.1 = p.1.addingProduct(layer.weight(o, k + 1), a[k + 1]) }
                if k + 2 < layer.inputs { p.2 = p.2.addingProduct(layer.weight(o, k + 2), a[k + 2]) }
                let acc = (p.0 + p.1) + (p.2 + p.3)
                y[o] = activations[l](acc)
            }
            out.append(y)
            a = y
        }
        return out
    }
}

/// The index of the highest score among the allowed actions (ties: the
/// lowest index), or −1 when no action is allowed.
@inline(__always)
public func maskedArgmax(_ scores: UnsafePointer<Float>, _ mask: UnsafePointer<Bool>, count: Int) -> Int {
    // Branch-free: scores of masked actions never win; selects instead of jumps.
    var best = -1
    var bestScore = -Float.infinity
    for i in 0..<count {
        let allowed = mask[i]
        let take = allowed && (best < 0 || scores[i] > bestScore)
        best = take ? i : best
        bestScore = take ? scores[i] : bestScore
    }
    return best
}
