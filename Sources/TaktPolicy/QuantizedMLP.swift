import CTaktKernels

/// A dense layer in int8: symmetric per-output-channel weight scales and an
/// int32 bias in the accumulator's units.
public struct QuantizedLayer: Sendable, Equatable {
    public var inputs: Int
    public var outputs: Int
    /// Row-major `[outputs][inputs]`, each in −127…127.
    public var weights: [Int8]
    /// Per output: real weight = `weights × weightScales`.
    public var weightScales: [Float]
    /// Per output, in units of `weightScales[o] × input scale`.
    public var bias: [Int32]
    /// Per output: hidden layers, accumulator to next layer's int8 input
    /// (`weightScale × inputScale / outputScale`); the last layer, accumulator to logit.
    public var multipliers: [Float]
    /// Scale of this layer's int8 output (hidden layers; 0 for the last).
    public var outputScale: Float

    public init(inputs: Int, outputs: Int, weights: [Int8], weightScales: [Float], bias: [Int32], multipliers: [Float], outputScale: Float) {
        precondition(weights.count == inputs * outputs && weightScales.count == outputs && bias.count == outputs && multipliers.count == outputs,
                     "quantized layer shape mismatch")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.weightScales = weightScales
        self.bias = bias
        self.multipliers = multipliers
        self.outputScale = outputScale
    }
}

/// An int8 multilayer perceptron made by post-training quantization.
///
/// The arithmetic, which every kernel reproduces bit for bit:
/// 1. input: `q = rint(clamp(x × inputInverseScale, −127, 127))`;
/// 2. each layer: `acc = bias + Σ w × q` in int32, inputs in order;
/// 3. hidden layers: `v = Float(acc) × multiplier`, in the next layer's
///    input units; ReLU: `q' = clamp(rint(v), 0, 127)` (folded into the
///    clamp); no activation: `clamp(rint(v), −127, 127)`; the others as
///    `takt_requantize_activation` specifies (`Activation` applied to `v`, or
///    to `v × outputScale` for sigmoid and tanh, then back to int8 units);
/// 4. last layer: `logit = Float(acc) × multiplier`.
/// `rint` rounds half to even.
public struct QuantizedMLP: Sendable, Equatable {
    /// Real input = int8 input × `inputScale`; `inputInverseScale` is its stored reciprocal.
    public var inputScale: Float
    public var inputInverseScale: Float
    public var layers: [QuantizedLayer]
    /// What each layer applies to its outputs, as in the fp32 network; the last applies none.
    public var activations: [Activation]

    public init(inputScale: Float, inputInverseScale: Float, layers: [QuantizedLayer], activations: [Activation]? = nil) {
        precondition(!layers.isEmpty, "a network needs a layer")
        let activations = activations ?? Activation.standard(layers: layers.count)
        precondition(activations.count == layers.count && activations.last == Activation.none, "one activation per layer, none after the last")
        self.inputScale = inputScale
        self.inputInverseScale = inputInverseScale
        self.layers = layers
        self.activations = activations
    }

    /// Whether the activations are ReLU between layers.
    public var hasStandardActivations: Bool { activations == Activation.standard(layers: layers.count) }

    public var inputs: Int { layers[0].inputs }
    public var outputs: Int { layers[layers.count - 1].outputs }
    public var shape: [Int] { [inputs] + layers.map(\.outputs) }
    public var macs: Int { layers.reduce(0) { $0 + $1.inputs * $1.outputs } }

    /// The input as int8, step 1 above.
    public func quantizeInput(_ x: [Float]) -> [Int8] {
        x.map { Int8(min(max($0 * inputInverseScale, -127), 127).rounded(.toNearestOrEven)) }
    }

    /// The reference forward pass (the specification): logits for `x`.
    public func referenceForward(_ x: [Float]) -> [Float] {
        var q = quantizeInput(x)
        for (l, layer) in layers.enumerated() {
            var accumulators = [Int32](repeating: 0, count: layer.outputs)
            for o in 0..<layer.outputs {
                var acc = layer.bias[o]
                for k in 0..<layer.inputs { acc &+= Int32(layer.weights[o * layer.inputs + k]) * Int32(q[k]) }
                accumulators[o] = acc
            }
            if l == layers.count - 1 {
                return (0..<layer.outputs).map { Float(accumulators[$0]) * layer.multipliers[$0] }
            }
            q = requantize(accumulators, layer, activations[l])
        }
        return []
    }
}

extension QuantizedMLP {
    /// A hidden layer's accumulators to the next layer's int8 inputs, step 3.
    func requantize(_ accumulators: [Int32], _ layer: QuantizedLayer, _ activation: Activation) -> [Int8] {
        switch activation {
        case .relu, .none:
            let lo: Float = activation == .relu ? 0 : -127
            return (0..<layer.outputs).map { o in
                Int8(min(max((Float(accumulators[o]) * layer.multipliers[o]).rounded(.toNearestOrEven), lo), 127))
            }
        default:
            var table = layer.kernelLayer(activation)
            var out = [Int8](repeating: 0, count: layer.outputs)
            layer.multipliers.withUnsafeBufferPointer { m in
                table.scale = m.baseAddress
                takt_requantize_activation(&table, accumulators, &out, Int32(layer.outputs))
            }
            return out
        }
    }
}

extension QuantizedLayer {
    /// The kernels' description of the layer's activation (weights and biases left out).
    func kernelLayer(_ activation: Activation) -> TaktLayer {
        let k = activation.kernelCode
        return TaktLayer(weights: nil, bias: nil, bias_offset: nil, scale: nil, inputs: Int32(inputs), outputs: Int32(outputs), blocks: 0, groups: 0,
                         activation: k.code, alpha: k.alpha, beta: k.beta, out_scale: outputScale, out_inverse: outputScale > 0 ? 1 / outputScale : 0)
    }
}
