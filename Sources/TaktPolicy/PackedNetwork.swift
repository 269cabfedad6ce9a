import CTaktKernels

/// A network's weights packed for the dense kernels: blocks of 16 outputs,
/// padded with zeros. Immutable once built, so replications share it.
public final class PackedNetwork: @unchecked Sendable {
    /// One packed layer.
    struct Layer {
        let inputs: Int
        let outputs: Int
        /// Output blocks of 16; int8 input groups of 4.
        let blocks: Int
        let groups: Int
        let weightsF32: AlignedBuffer<Float>?
        let biasF32: AlignedBuffer<Float>?
        let weightsS8: AlignedBuffer<Int8>?
        let biasS32: AlignedBuffer<Int32>?
        let multipliers: AlignedBuffer<Float>?
    }

    /// Full precision or int8.
    public enum Precision: String, Sendable { case fp32, int8 }

    public let precision: Precision
    let layers: [Layer]
    let inputInverseScale: Float
    /// Widest padded vector any layer reads or writes.
    let width: Int
    public let inputs: Int
    public let outputs: Int

    /// Packs a full-precision network.
    public init(_ mlp: MLP) {
        precision = .fp32
        inputInverseScale = 1
        inputs = mlp.inputs
        outputs = mlp.outputs
        layers = mlp.layers.map { layer in
            let blocks = (layer.outputs + 15) / 16
            let w = AlignedBuffer<Float>(count: blocks * 16 * layer.inputs)
            let b = AlignedBuffer<Float>(count: blocks * 16)
            for o in 0..<layer.outputs {
                b[o] = layer.bias[o]
                for k in 0..<layer.inputs { w[(o / 16) * layer.inputs * 16 + k * 16 + o % 16] = layer.weight(o, k) }
            }
            return Layer(inputs: layer.inputs, outputs: layer.outputs, blocks: blocks, groups: 0, weightsF32: w, biasF32: b,
                         weightsS8: nil, biasS32: nil, multipliers: nil)
        }
        width = Self.width(layers)
    }

    /// Packs an int8 network.
    public init(_ mlp: QuantizedMLP) {
        precision = .int8
        inputInverseScale = mlp.inputInverseScale
        inputs = mlp.inputs
        outputs = mlp.outputs
        layers = mlp.layers.map { layer in
            let blocks = (layer.outputs + 15) / 16, groups = (layer.inputs + 3) / 4
            let w = AlignedBuffer<Int8>(count: blocks * groups * 64)
            let b = AlignedBuffer<Int32>(count: blocks * 16)
            let m = AlignedBuffer<Float>(count: blocks * 16)
            for o in 0..<layer.outputs {
                b[o] = layer.bias[o]
                m[o] = layer.multipliers[o]
                for k in 0..<layer.inputs {
                    w[(o / 16) * groups * 64 + (k / 4) * 64 + (o % 16) * 4 + k % 4] = layer.weights[o * layer.inputs + k]
                }
            }
            return Layer(inputs: layer.inputs, outputs: layer.outputs, blocks: blocks, groups: groups, weightsF32: nil, biasF32: nil,
                         weightsS8: w, biasS32: b, multipliers: m)
        }
        width = Self.width(layers)
    }

    static func width(_ layers: [Layer]) -> Int {
        layers.reduce(0) { max($0, $1.blocks * 16, ($1.inputs + 15) / 16 * 16) }
    }
}

/// Evaluates a packed network with scratch space of its own: one per
/// replication (not shared between threads). Evaluation allocates nothing.
public final class NetworkEvaluator {
    public let network: PackedNetwork
    public let level: KernelLevel
    private let floatA: AlignedBuffer<Float>
    private let floatB: AlignedBuffer<Float>
    /// The quantized input: its padding (up to a multiple of 4) stays zero.
    private let int8Input: AlignedBuffer<Int8>
    private let int8A: AlignedBuffer<Int8>
    private let int8B: AlignedBuffer<Int8>
    private let accumulators: AlignedBuffer<Int32>

    public init(_ network: PackedNetwork, level: KernelLevel = .current) {
        self.network = network
        self.level = min(level, KernelLevel.supported)
        floatA = AlignedBuffer(count: network.width)
        floatB = AlignedBuffer(count: network.width)
        int8Input = AlignedBuffer(count: network.width)
        int8A = AlignedBuffer(count: network.width)
        int8B = AlignedBuffer(count: network.width)
        accumulators = AlignedBuffer(count: network.width)
    }

    /// Writes the network's `outputs` logits for `input` (`inputs` values) to `logits`.
    public func evaluate(_ input: UnsafePointer<Float>, into logits: UnsafeMutablePointer<Float>) {
        let level = Int32(level.rawValue)
        let layers = network.layers
        switch network.precision {
        case .fp32:
            var x = UnsafePointer(input)
            var into = floatA.base, other = floatB.base
            for (l, layer) in layers.enumerated() {
                let last = l == layers.count - 1
                takt_dense_f32(level, layer.weightsF32!.base, layer.biasF32!.base, x, into, Int32(layer.inputs), Int32(layer.blocks), last ? 0 : 1)
                x = UnsafePointer(into)
                swap(&into, &other)
            }
            logits.update(from: x, count: network.outputs)
        case .int8:
            takt_quantize(level, input, network.inputInverseScale, int8Input.base, Int32(network.inputs))
            var x = int8Input.base, into = int8A.base, other = int8B.base
            for (l, layer) in layers.enumerated() {
                takt_dense_s8(level, layer.weightsS8!.base, layer.biasS32!.base, x, accumulators.base, Int32(layer.groups), Int32(layer.blocks), l == 0 ? 0 : 1)
                if l == layers.count - 1 {
                    takt_dequantize(accumulators.base, layer.multipliers!.base, logits, Int32(layer.outputs))
                } else {
                    takt_requantize(level, accumulators.base, layer.multipliers!.base, into, Int32(layer.blocks * 16), 1)
                    x = into
                    swap(&into, &other)
                }
            }
        }
    }
}
