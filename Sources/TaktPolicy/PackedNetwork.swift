import CTaktKernels

/// A network's weights packed for the kernels: blocks of 16 outputs, padded
/// with zeros, and a layer table the C forward passes read. Immutable once
/// built, so replications share it.
public final class PackedNetwork: @unchecked Sendable {
    /// Full precision or int8.
    public enum Precision: String, Sendable { case fp32, int8 }

    public let precision: Precision
    public let inputs: Int
    public let outputs: Int
    /// Outputs rounded up to whole blocks of 16.
    public var paddedOutputs: Int { (outputs + 15) / 16 * 16 }
    /// The layer table (plain pointers: no reference counting on the hot path).
    let layers: UnsafeMutablePointer<TaktLayer>
    let layerCount: Int
    let inputInverseScale: Float
    /// Widest padded vector any layer reads or writes.
    let width: Int
    /// Keeps the packed arrays alive.
    private let storage: [AnyObject]

    /// Packs a full-precision network.
    public init(_ mlp: MLP) {
        precision = .fp32
        inputs = mlp.inputs
        outputs = mlp.outputs
        inputInverseScale = 1
        var keep: [AnyObject] = []
        var table: [TaktLayer] = []
        for layer in mlp.layers {
            let blocks = (layer.outputs + 15) / 16
            let w = AlignedBuffer<Float>(count: blocks * 16 * layer.inputs)
            let b = AlignedBuffer<Float>(count: blocks * 16)
            for o in 0..<layer.outputs {
                b[o] = layer.bias[o]
                for k in 0..<layer.inputs { w[(o / 16) * layer.inputs * 16 + k * 16 + o % 16] = layer.weight(o, k) }
            }
            keep += [w, b]
            let act = mlp.activations[table.count].kernelCode
            table.append(TaktLayer(weights: UnsafeRawPointer(w.base), bias: UnsafeRawPointer(b.base), bias_offset: nil, scale: nil,
                                   inputs: Int32(layer.inputs), outputs: Int32(layer.outputs), blocks: Int32(blocks), groups: 0,
                                   activation: act.code, alpha: act.alpha, beta: act.beta, out_scale: 0, out_inverse: 0))
        }
        (layers, layerCount, width, storage) = Self.finish(table, keep, mlp.layers.map { ($0.inputs, $0.outputs) })
    }

    /// Packs an int8 network.
    public init(_ mlp: QuantizedMLP) {
        precision = .int8
        inputs = mlp.inputs
        outputs = mlp.outputs
        inputInverseScale = mlp.inputInverseScale
        var keep: [AnyObject] = []
        var table: [TaktLayer] = []
        for (l, layer) in mlp.layers.enumerated() {
            let blocks = (layer.outputs + 15) / 16, groups = (layer.inputs + 3) / 4
            let w = AlignedBuffer<Int8>(count: blocks * groups * 64)
            let b = AlignedBuffer<Int32>(count: blocks * 16)
            let offset = AlignedBuffer<Int32>(count: blocks * 16)
            let m = AlignedBuffer<Float>(count: blocks * 16)
            for o in 0..<layer.outputs {
                b[o] = layer.bias[o]
                m[o] = layer.multipliers[o]
                var rowSum: Int32 = 0
                for k in 0..<layer.inputs {
                    let weight = layer.weights[o * layer.inputs + k]
                    w[(o / 16) * groups * 64 + (k / 4) * 64 + (o % 16) * 4 + k % 4] = weight
                    rowSum += Int32(weight)
                }
                // For inputs taken as q + 128 (the VNNI first layer): subtract what the offset adds.
                offset[o] = layer.bias[o] &- 128 &* rowSum
            }
            keep += [w, b, offset, m]
            var entry = layer.kernelLayer(mlp.activations[l])
            entry.weights = UnsafeRawPointer(w.base)
            entry.bias = UnsafeRawPointer(b.base)
            entry.bias_offset = l == 0 ? UnsafePointer(offset.base) : nil
            entry.scale = UnsafePointer(m.base)
            entry.blocks = Int32(blocks)
            entry.groups = Int32(groups)
            table.append(entry)
        }
        (layers, layerCount, width, storage) = Self.finish(table, keep, mlp.layers.map { ($0.inputs, $0.outputs) })
    }

    deinit {
        layers.deallocate()
    }

    private static func finish(_ table: [TaktLayer], _ keep: [AnyObject], _ sizes: [(Int, Int)])
        -> (UnsafeMutablePointer<TaktLayer>, Int, Int, [AnyObject]) {
        let pointer = UnsafeMutablePointer<TaktLayer>.allocate(capacity: table.count)
        pointer.initialize(from: table, count: table.count)
        let width = sizes.reduce(16) { max($0, ($1.0 + 63) / 64 * 64, ($1.1 + 15) / 16 * 16) }
        return (pointer, table.count, width, keep)
    }
}

/// Evaluates a packed network with scratch space of its own: one per
/// replication (not shared between threads). Evaluation allocates nothing
/// and makes one call into the kernels.
public final class NetworkEvaluator {
    public let network: PackedNetwork
    public let level: KernelLevel
    private let layers: UnsafePointer<TaktLayer>
    private let count: Int32
    private let levelCode: Int32
    private let isInt8: Bool
    private let inverseScale: Float
    private let floatA: AlignedBuffer<Float>
    private let floatB: AlignedBuffer<Float>
    private let int8A: AlignedBuffer<Int8>
    private let int8B: AlignedBuffer<Int8>
    private let accumulators: AlignedBuffer<Int32>

    public init(_ network: PackedNetwork, level: KernelLevel = .current) {
        self.network = network
        self.level = min(level, KernelLevel.supported)
        layers = UnsafePointer(network.layers)
        count = Int32(network.layerCount)
        levelCode = self.level.rawValue
        isInt8 = network.precision == .int8
        inverseScale = network.inputInverseScale
        floatA = AlignedBuffer(count: network.width)
        floatB = AlignedBuffer(count: network.width)
        int8A = AlignedBuffer(count: network.width)
        int8B = AlignedBuffer(count: network.width)
        accumulators = AlignedBuffer(count: network.width)
    }

    /// Writes the network's `outputs` logits for `input` (`inputs` values) to `logits`.
    /// With `padded`, `logits` has room for `paddedOutputs` values and may be written whole.
    @inline(__always)
    public func evaluate(_ input: UnsafePointer<Float>, into logits: UnsafeMutablePointer<Float>, padded: Bool = false) {
        if isInt8 {
            takt_forward_s8(levelCode, layers, count, input, inverseScale, int8A.base, int8B.base, accumulators.base, logits, padded ? 1 : 0)
        } else {
            takt_forward_f32(levelCode, layers, count, input, floatA.base, floatB.base, logits)
        }
    }
}
