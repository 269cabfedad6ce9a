/// The nodes of an MLP one at a time: a fully connected layer from `Gemm` or
/// `MatMul`, an activation from `Relu`, `LeakyRelu`, `Sigmoid`, `Tanh` or `Clip`.
extension ONNXGraph {
    /// `Gemm`: `alpha × A × B(ᵀ) + beta × C` with a constant B and C, on a row of features.
    func gemm(_ node: ONNXNode) throws(PolicyFileError) -> DenseLayer {
        guard node.inputs.count >= 2, let b = try numeric(node.inputs[1], of: node), b.dims.count == 2 else {
            throw fail("\(node.label): its weight must be a two-dimensional initializer")
        }
        let transA = node.attribute("transA")?.i ?? 0, transB = node.attribute("transB")?.i ?? 0
        guard transA == 0 else { throw fail("\(node.label): transA = 1 is not a fully connected layer on a row of features") }
        let alpha = node.attribute("alpha")?.f ?? 1, beta = node.attribute("beta")?.f ?? 1
        let (outs, ins) = transB != 0 ? (b.dims[0], b.dims[1]) : (b.dims[1], b.dims[0])
        try checkWidths(node, ins, outs)
        let values = b.floats
        var weights = [Float](repeating: 0, count: outs * ins)
        for o in 0..<outs {
            for k in 0..<ins { weights[o * ins + k] = alpha * (transB != 0 ? values[o * ins + k] : values[k * outs + o]) }
        }
        var bias = [Float](repeating: 0, count: outs)
        if node.inputs.count >= 3, !node.inputs[2].isEmpty {
            guard let c = try numeric(node.inputs[2], of: node), c.count == outs else {
                throw fail("\(node.label): its bias must be an initializer of \(outs) values")
            }
            bias = c.floats.map { beta * $0 }
        }
        return DenseLayer(inputs: ins, outputs: outs, weights: weights, bias: bias)
    }

    /// `MatMul` of the features by a constant `[inputs, outputs]` matrix.
    func matMul(_ node: ONNXNode) throws(PolicyFileError) -> DenseLayer {
        guard node.inputs.count == 2, let b = try numeric(node.inputs[1], of: node), b.dims.count == 2 else {
            throw fail("\(node.label): expected the features times a two-dimensional weight initializer")
        }
        let (ins, outs) = (b.dims[0], b.dims[1])
        try checkWidths(node, ins, outs)
        let values = b.floats
        var weights = [Float](repeating: 0, count: outs * ins)
        for o in 0..<outs { for k in 0..<ins { weights[o * ins + k] = values[k * outs + o] } }
        return DenseLayer(inputs: ins, outputs: outs, weights: weights, bias: Array(repeating: 0, count: outs))
    }

    private func checkWidths(_ node: ONNXNode, _ ins: Int, _ outs: Int) throws(PolicyFileError) {
        guard (1...PolicyFile.maxWidth).contains(ins), (1...PolicyFile.maxWidth).contains(outs) else {
            throw fail("\(node.label): layers must be 1 to \(PolicyFile.maxWidth) wide, this one is \(ins) → \(outs)")
        }
    }

    /// The activation a node applies.
    func activation(_ node: ONNXNode) throws(PolicyFileError) -> Activation {
        switch node.op {
        case "Relu": return .relu
        case "Sigmoid": return .sigmoid
        case "Tanh": return .tanh
        case "LeakyRelu":
            let alpha = node.attribute("alpha")?.f ?? 0.01
            guard alpha.isFinite else { throw fail("\(node.label): alpha is not a finite number") }
            return .leakyRelu(alpha: alpha)
        default:  // Clip: bounds as inputs (opset 11 on) or attributes (before)
            func bound(_ at: Int, _ attribute: String, _ absent: Float) throws(PolicyFileError) -> Float {
                if node.inputs.count > at, !node.inputs[at].isEmpty {
                    guard let v = try numeric(node.inputs[at], of: node)?.scalar else { throw fail("\(node.label): its \(attribute) must be a constant scalar") }
                    return Float(v)
                }
                return node.attribute(attribute)?.f ?? absent
            }
            let lo = try bound(1, "min", -.greatestFiniteMagnitude), hi = try bound(2, "max", .greatestFiniteMagnitude)
            guard !lo.isNaN, !hi.isNaN, lo <= hi else { throw fail("\(node.label): min must not exceed max") }
            return .clip(min: max(lo, -.greatestFiniteMagnitude), max: min(hi, .greatestFiniteMagnitude))
        }
    }
}
