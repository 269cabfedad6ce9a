/// The classifier tail after a network's scores: what skl2onnx, PyTorch and
/// onnxmltools put after the logits to make probabilities and labels. Each
/// node of a tail either maps the scores through one function that keeps
/// their order (Softmax, Sigmoid, Normalizer, …), picks the argmax (ArgMax),
/// or only reshapes, casts and names what those give (ZipMap, Cast,
/// ArrayFeatureExtractor of class labels, …). So the best-scoring action is
/// the same with or without it, and Takt cuts it off.
extension ONNXGraph {
    /// Operators a tail may hold.
    static let tailOperators: Set<String> = [
        "Softmax", "LogSoftmax", "Sigmoid", "Tanh", "Normalizer", "ArgMax", "ZipMap", "Cast", "Reshape", "Flatten",
        "Squeeze", "Unsqueeze", "Identity", "ArrayFeatureExtractor", "LabelEncoder",
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
        var queue = scores
        var reached = Set(scores)
        while let value = queue.popLast() {
            for i in index.consumers(of: value) where !kept.contains(i) {
                let left = (waiting[i] ?? variableInputs(i).count) - 1
                waiting[i] = left
                guard left == 0 else { continue }
                guard Self.isTail(nodes[i]) else {
                    // Reached through a tail node: that node, not this one, is out of place (a Softmax between layers).
                    if let p = index.producers[value], !kept.contains(p) {
                        throw fail("\(nodes[i].label) follows \(nodes[p].label): a \(nodes[p].op) is taken only in the classifier's tail, "
                            + "after the last layer; between layers Takt takes Relu, LeakyRelu, Sigmoid, Tanh or Clip")
                    }
                    throw fail("\(nodes[i].label) \(refusal)")
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
        let ops = tail.map(\.op).filter { seen.insert($0).inserted }
        return "cut the classifier tail after the scores '\(scores.last ?? "")' (\(ops.joined(separator: ", "))): "
            + "it keeps the order of the scores or picks the argmax, so the chosen action is unchanged"
    }
}
