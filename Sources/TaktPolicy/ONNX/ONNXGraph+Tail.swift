/// The classifier tail after a network's scores: what skl2onnx, PyTorch and
/// onnxmltools put after the logits to make probabilities and labels. Each
/// node of a tail either maps the scores through one function that keeps
/// their order (Softmax, Sigmoid, Normalizer, a Mul or Div by a positive constant,
/// …), picks the argmax (ArgMax), or only reshapes, casts and names what
/// those give (ZipMap, Cast, Identity, ArrayFeatureExtractor of class labels,
/// …). So the best-scoring action is the same with or without it, and Takt
/// cuts it off. A QuantizeLinear/DequantizeLinear pair there (onnxruntime's
/// static quantization puts them on the Softmax) only rounds: it never
/// reverses two scores, though it can make close ones equal.
extension ONNXGraph {
    /// Operators a tail may hold.
    static let tailOperators: Set<String> = [
        "Softmax", "LogSoftmax", "Sigmoid", "Tanh", "Normalizer", "ArgMax", "ZipMap", "Cast", "Reshape", "Flatten",
        "Squeeze", "Unsqueeze", "Identity", "ArrayFeatureExtractor", "LabelEncoder", "Mul", "Div",
    ]

    /// Whether `node` may be part of a tail.
    static func isTail(_ node: ONNXNode) -> Bool {
        guard tailOperators.contains(node.op) else { return false }
        if node.op == "Normalizer" || node.op == "ZipMap" || node.op == "ArrayFeatureExtractor" || node.op == "LabelEncoder" {
            return node.domain == "ai.onnx.ml"
        }
        return node.domain.isEmpty || node.domain == "ai.onnx"
    }

    /// Checks that every node outside `kept` is a tail node fed only by
    /// `scores`, constants and other tail nodes, and returns a note naming the
    /// tail's operators (nil when there is none). `scores` are the values the
    /// kept nodes give (the last, the scores). A node that does not belong
    /// is refused with `refusal` (its label is put before it).
    func checkTail(after scores: [String], kept: Set<Int>, refusal: String) throws(PolicyFileError) -> String? {
        let index = index()
        func variableInputs(_ i: Int) -> Set<String> { Set(nodes[i].inputs.filter { !$0.isEmpty && constants[$0] == nil && opaque[$0] == nil }) }
        var waiting: [Int: Int] = [:]  // node → inputs not yet reached
        var settled = Set<Int>()
        var tail: [ONNXNode] = []
        var factors: [String] = []  // what the tail's Mul and Div nodes do
        var queue = scores
        var reached = Set(scores)
        while let value = queue.popLast() {
            for i in index.consumers(of: value) where !kept.contains(i) {
                let left = (waiting[i] ?? variableInputs(i).count) - 1
                waiting[i] = left
                guard left == 0 else { continue }
                guard Self.isTail(nodes[i]) || nodes[i].range != nil else {
                    // Reached through a tail node: that node, not this one, is out of place (a Softmax between layers).
                    if let p = index.producers[value], !kept.contains(p) {
                        throw fail("\(nodes[i].label) follows \(nodes[p].label): a \(nodes[p].op) is taken only in the classifier's tail, at the end"
                            + (refusal == Self.mlpRefusal ? ", after the last layer; between layers Takt takes Relu, LeakyRelu, Sigmoid, Tanh or Clip" : ""))
                    }
                    throw fail("\(nodes[i].label) \(refusal)")
                }
                if nodes[i].op == "Mul" || nodes[i].op == "Div" {
                    factors.append("\(nodes[i].op == "Mul" ? "multiplies them by" : "divides them by") \(try positiveFactor(of: nodes[i]))")
                }
                settled.insert(i)
                tail.append(nodes[i])
                for output in nodes[i].outputs where reached.insert(output).inserted { queue.append(output) }
            }
        }
        if let stray = nodes.indices.first(where: { !kept.contains($0) && !settled.contains($0) }) {
            throw fail("\(nodes[stray].label) \(refusal)")
        }
        guard !tail.isEmpty else { return nil }
        var seen = Set<String>()
        let ops = tail.map { $0.range == nil ? $0.op : "QuantizeLinear/DequantizeLinear" }.filter { seen.insert($0).inserted }
        let pairs = tail.filter { $0.range != nil }.count
        return "cut the classifier tail after the scores '\(scores.last ?? "")' (\(ops.joined(separator: ", "))): "
            + "it keeps the order of the scores or picks the argmax, so the chosen action is unchanged"
            + (factors.isEmpty ? "" : " (it \(factors.joined(separator: ", then ")), a positive constant)")
            + (pairs == 0 ? "" : "; its \(pairs) QuantizeLinear/DequantizeLinear pair(s) only round to their steps, which never reverses two scores "
                + "but can make close ones equal (onnxruntime's ArgMax then takes the first such class, Takt the higher score)")
    }

    /// The constant a tail's `Mul` multiplies the scores by, or its `Div` divides them by: one positive
    /// finite number, which keeps their order (anything else is refused).
    func positiveFactor(of node: ONNXNode) throws(PolicyFileError) -> Double {
        let refusal = "a \(node.op) in the classifier tail is taken only by one positive constant, which keeps the order of the scores"
        let others = node.inputs.filter { !$0.isEmpty && (constants[$0] != nil || opaque[$0] != nil) }
        guard node.inputs.count == 2 else { throw fail("\(node.label): \(refusal); it has \(node.inputs.count) inputs") }
        guard others.count == 1 else { throw fail("\(node.label): \(refusal); its inputs are two computed values") }
        // A constant divided by the scores reverses their order.
        guard node.op == "Mul" || others[0] == node.inputs[1] else { throw fail("\(node.label): \(refusal); it divides a constant by the scores") }
        let factor = try constant(others[0], of: node, "factor")
        guard factor.count == 1, let value = factor.values.first else {
            throw fail("\(node.label): \(refusal); its factor '\(others[0])' holds \(factor.count) values")
        }
        guard value.isFinite, value > 0 else { throw fail("\(node.label): \(refusal); its factor '\(others[0])' is \(value)") }
        return value
    }
}
