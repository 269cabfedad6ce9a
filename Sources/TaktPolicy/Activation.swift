import CTaktKernels

/// What a network layer applies to each of its outputs before the next layer
/// reads them. The last layer of a network applies none: policies read raw
/// scores (logits).
public enum Activation: Sendable, Equatable, Hashable {
    case none
    case relu
    /// `x < 0 ? x × alpha : x`.
    case leakyRelu(alpha: Float)
    /// `min(max(x, min), max)`; ReLU6 is `clip(0, 6)`.
    case clip(min: Float, max: Float)
    /// `1 / (1 + e^−x)`.
    case sigmoid
    case tanh

    /// The name in policy files and messages: `none`, `relu`, `leaky_relu`, `clip`, `sigmoid`, `tanh`.
    public var name: String {
        switch self {
        case .none: "none"
        case .relu: "relu"
        case .leakyRelu: "leaky_relu"
        case .clip: "clip"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        }
    }

    /// A short description with the parameters, e.g. `leaky_relu(0.01)`, `clip(0, 6)`.
    public var summary: String {
        switch self {
        case let .leakyRelu(alpha): "leaky_relu(\(alpha))"
        case let .clip(lo, hi): "clip(\(lo), \(hi))"
        default: name
        }
    }

    /// Whether every output is zero or more (the int8 kernels then use 0…127).
    public var isNonnegative: Bool {
        switch self {
        case .relu, .sigmoid: true
        case let .clip(lo, _): lo >= 0
        default: false
        }
    }

    /// Whether it keeps every order of values (no two scores become equal): then
    /// it changes no argmax, and an importer may cut it after the last layer.
    public var isStrictlyIncreasing: Bool {
        switch self {
        case .sigmoid, .tanh: true
        case let .leakyRelu(alpha): alpha > 0
        default: false
        }
    }

    /// The kernels' code and parameters (`TAKT_ACT_*`, alpha, beta).
    var kernelCode: (code: Int32, alpha: Float, beta: Float) {
        switch self {
        case .none: (Int32(TAKT_ACT_NONE), 0, 0)
        case .relu: (Int32(TAKT_ACT_RELU), 0, 0)
        case let .leakyRelu(alpha): (Int32(TAKT_ACT_LEAKY_RELU), alpha, 0)
        case let .clip(lo, hi): (Int32(TAKT_ACT_CLIP), lo, hi)
        case .sigmoid: (Int32(TAKT_ACT_SIGMOID), 0, 0)
        case .tanh: (Int32(TAKT_ACT_TANH), 0, 0)
        }
    }

    /// The activation of one value, exactly as the fp32 kernels compute it.
    public func callAsFunction(_ x: Float) -> Float {
        let k = kernelCode
        return takt_activate(k.code, k.alpha, k.beta, x)
    }

    /// The activation from its file name and parameters; nil for an unknown name or missing parameters.
    public init?(name: String, alpha: Float?, min: Float?, max: Float?) {
        switch name {
        case "none": self = .none
        case "relu": self = .relu
        case "leaky_relu":
            guard let alpha, alpha.isFinite else { return nil }
            self = .leakyRelu(alpha: alpha)
        case "clip":
            guard let min, let max, !min.isNaN, !max.isNaN, min <= max else { return nil }
            self = .clip(min: min, max: max)
        case "sigmoid": self = .sigmoid
        case "tanh": self = .tanh
        default: return nil
        }
    }

    /// The activations Takt's MLPs had before they carried one per layer: ReLU between layers, none after the last.
    public static func standard(layers: Int) -> [Activation] {
        Array(repeating: .relu, count: max(0, layers - 1)) + [.none]
    }
}
