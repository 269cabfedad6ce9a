/// Post-training quantization of an MLP to int8, with activation scales
/// calibrated on recorded inputs (states seen at a decision point).
///
/// Weights: symmetric, one scale per output channel (`max |w| / 127`).
/// Activations: one symmetric scale per layer input, from the largest
/// magnitude seen in calibration (`max |a| / 127`); hidden layers are
/// nonnegative after ReLU and use 0…127 (other activations, −127…127). Biases become int32 in the
/// accumulator's units; each layer's outputs are requantized to the next
/// layer's scale.
public enum Quantizer {
    /// Problems that make quantization impossible.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noCalibrationData
        case wrongInputCount(expected: Int, got: Int, sample: Int)
        case notFinite(sample: Int)

        public var description: String {
            switch self {
            case .noCalibrationData: "no calibration states: record some decisions first"
            case let .wrongInputCount(expected, got, sample): "calibration state \(sample) has \(got) features, the network takes \(expected)"
            case let .notFinite(sample): "calibration state \(sample) has a value that is not a finite number"
            }
        }
    }

    /// Percentiles tried by `quantize(_:calibration:choosingPercentileBy:)`.
    public static let candidatePercentiles = [1.0, 0.9999, 0.999, 0.99]

    /// The int8 version of `mlp` at the calibration percentile whose choices
    /// agree best with fp32 on `decisions` (ties: the higher percentile), and that percentile.
    public static func quantize(_ mlp: MLP, calibration: [[Float]], choosingPercentileBy decisions: TrainingData) throws(Failure)
        -> (QuantizedMLP, Double) {
        var best = try quantize(mlp, calibration: calibration, percentile: candidatePercentiles[0])
        var chosen = candidatePercentiles[0]
        var bestAgreement = Agreement.measure(fp32: mlp, int8: best, on: decisions).share
        for percentile in candidatePercentiles.dropFirst() {
            let candidate = try quantize(mlp, calibration: calibration, percentile: percentile)
            let agreement = Agreement.measure(fp32: mlp, int8: candidate, on: decisions).share
            if agreement > bestAgreement + 1e-12 {
                (best, chosen, bestAgreement) = (candidate, percentile, agreement)
            }
        }
        return (best, chosen)
    }

    /// The int8 version of `mlp`, with activation scales from `calibration`:
    /// each layer input's range is the `percentile` of the magnitudes seen
    /// (1: the largest; lower values clip rare outliers for a finer step).
    public static func quantize(_ mlp: MLP, calibration: [[Float]], percentile: Double = 1) throws(Failure) -> QuantizedMLP {
        guard !calibration.isEmpty else { throw .noCalibrationData }
        var magnitudes = [[Float]](repeating: [], count: mlp.layers.count)  // per layer input, the largest |value| of each state
        for (i, x) in calibration.enumerated() {
            guard x.count == mlp.inputs else { throw .wrongInputCount(expected: mlp.inputs, got: x.count, sample: i) }
            guard x.allSatisfy(\.isFinite) else { throw .notFinite(sample: i) }
            magnitudes[0].append(x.reduce(0) { max($0, abs($1)) })
            let acts = mlp.activations(x)
            for l in 1..<mlp.layers.count { magnitudes[l].append(acts[l - 1].reduce(0) { max($0, abs($1)) }) }
        }
        let ranges = magnitudes.map { values -> Float in
            let sorted = values.sorted()
            let index = min(sorted.count - 1, max(0, Int((Double(sorted.count - 1) * min(max(percentile, 0), 1)).rounded(.up))))
            return sorted[index]
        }
        let scales = ranges.map { $0 > 0 ? $0 / 127 : 1 }
        var layers: [QuantizedLayer] = []
        for (l, layer) in mlp.layers.enumerated() {
            let inputScale = scales[l]
            let last = l == mlp.layers.count - 1
            let outputScale = last ? 0 : scales[l + 1]
            var weights = [Int8](repeating: 0, count: layer.inputs * layer.outputs)
            var weightScales = [Float](repeating: 1, count: layer.outputs)
            var bias = [Int32](repeating: 0, count: layer.outputs)
            var multipliers = [Float](repeating: 0, count: layer.outputs)
            for o in 0..<layer.outputs {
                let row = layer.weights[(o * layer.inputs)..<((o + 1) * layer.inputs)]
                let largest = row.reduce(0) { max($0, abs($1)) }
                let ws: Float = largest > 0 ? largest / 127 : 1
                weightScales[o] = ws
                for k in 0..<layer.inputs {
                    weights[o * layer.inputs + k] = Int8(min(max((layer.weight(o, k) / ws).rounded(.toNearestOrEven), -127), 127))
                }
                let unit = ws * inputScale
                bias[o] = Int32(min(max((layer.bias[o] / unit).rounded(.toNearestOrEven), -1_073_741_824), 1_073_741_824))
                multipliers[o] = last ? unit : unit / outputScale
            }
            layers.append(QuantizedLayer(inputs: layer.inputs, outputs: layer.outputs, weights: weights, weightScales: weightScales,
                                         bias: bias, multipliers: multipliers, outputScale: outputScale))
        }
        return QuantizedMLP(inputScale: scales[0], inputInverseScale: 1 / scales[0], layers: layers, activations: mlp.activations)
    }
}
