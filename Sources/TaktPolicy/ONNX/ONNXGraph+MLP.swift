/// Reading a multilayer perceptron from a graph: fully connected layers as
/// `Gemm` or `MatMul` + `Add`, an activation after each (Relu, LeakyRelu,
/// Sigmoid, Tanh, Clip as ReLU6, or none), shape-only nodes passed through,
/// and a classifier tail after the scores cut off.
extension ONNXGraph {
    /// Operators that only change the shape or type of one row of features.
    static let passThrough: Set<String> = ["Identity", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Dropout", "Cast"]

    /// What refused nodes are told.
    static let mlpRefusal = "is not supported: Takt imports MLPs (Gemm, or MatMul and Add, layers; Relu, LeakyRelu, Sigmoid, Tanh or Clip between them; int8 as onnxruntime quantizes them; a classifier tail after the scores) and tree ensembles (TreeEnsembleClassifier, TreeEnsembleRegressor): docs/importing-models.md"

    /// One layer being read: its weights, then what follows it.
    fileprivate struct Reading {
        var layer: DenseLayer
        var activation: Activation?
        var activationNode = ""
        /// The activation is only a QuantizeLinear/DequantizeLinear range (which a bias may still follow).
        var fromRange = false
    }

    /// The network from the features to the scores, and what was cut or changed.
    mutating func mlp() throws(PolicyFileError) -> MLP {
        let index = index()
        var reading: [Reading] = []
        var kept = Set<Int>()
        var current = input
        while true {
            let users = index.consumers(of: current)
            if users.isEmpty {
                guard outputs.contains(current) else { throw fail("'\(current)' is not used by any node and is not a graph output") }
                break
            }
            // The scores: where the chain ends, forks or goes on only into a tail (checked below, node by node).
            if !reading.isEmpty, outputs.contains(current) || users.count > 1 || users.allSatisfy({ Self.isTail(nodes[$0]) }),
               !leadsToLayer(current, index) { break }
            guard users.count == 1 else { throw fail("'\(current)' feeds \(users.count) nodes; an MLP is a single chain of layers") }
            let node = nodes[users[0]]
            guard !kept.contains(users[0]) else { throw fail("\(node.label) is part of a cycle: a graph must not feed a node its own output") }
            guard node.inputs.first == current || node.op == "Add" else {
                throw fail("\(node.label) takes '\(current)' as an input other than the first")
            }
            guard let output = node.outputs.first else { throw fail("\(node.label) has no output") }
            kept.insert(users[0])
            switch node.op {
            case "Gemm", "MatMul":
                let layer = node.op == "Gemm" ? try gemm(node) : try matMul(node)
                if let previous = reading.last {
                    guard previous.layer.outputs == layer.inputs else {
                        throw fail("\(node.label) takes \(layer.inputs) inputs but the layer before gives \(previous.layer.outputs)")
                    }
                    if previous.fromRange, case let .clip(lo, hi) = previous.activation, lo < 0 {
                        notes.append("the range [\(lo), \(hi)] of the quantization after layer \(reading.count) is applied as a clip")
                    }
                }
                guard layer.inputs <= PolicyFile.maxWidth, layer.outputs <= PolicyFile.maxWidth else {
                    throw fail("\(node.label): layers wider than \(PolicyFile.maxWidth) are not supported")
                }
                guard layer.weights.allSatisfy(\.isFinite), layer.bias.allSatisfy(\.isFinite) else {
                    throw fail("\(node.label) has a weight that is not a finite number")
                }
                guard reading.count < PolicyFile.maxLayers else { throw fail("\(node.label): more than \(PolicyFile.maxLayers) layers") }
                reading.append(Reading(layer: layer))
            case "Add":
                guard let other = node.inputs.first(where: { $0 != current }), let c = try numeric(other, of: node), let last = reading.last,
                      last.activation == nil || last.fromRange, c.count == last.layer.outputs else {
                    throw fail("\(node.label): only a bias added right after MatMul or Gemm can be imported")
                }
                if last.fromRange { notes.append("the quantization range between layer \(reading.count)'s product and its bias is dropped") }
                reading[reading.count - 1].activation = nil
                reading[reading.count - 1].fromRange = false
                for (o, v) in c.floats.enumerated() { reading[reading.count - 1].layer.bias[o] += v }
            case "QuantizeLinear" where node.range != nil:
                let range = node.range!
                if reading.isEmpty {
                    notes.append("the input's quantization range [\(range.lowerBound), \(range.upperBound)] is not applied: features are read as they are")
                } else {
                    reading[reading.count - 1].combine(range: range)
                }
            case "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Clip":
                guard let last = reading.last else { throw fail("\(node.label): a \(node.op) must follow a layer") }
                guard last.activation == nil || last.fromRange else {
                    throw fail("\(node.label): the layer before already has an activation (\(last.activation!.summary))")
                }
                let activation = try self.activation(node)
                reading[reading.count - 1].activation = activation
                reading[reading.count - 1].activationNode = node.label
                if last.fromRange, case let .clip(lo, hi) = last.activation { reading[reading.count - 1].combine(range: lo...hi) }
                reading[reading.count - 1].fromRange = false
            case _ where Self.passThrough.contains(node.op):
                if node.op == "Cast", node.attribute("to")?.i != Int64(ONNXTensor.DataType.float.rawValue) {
                    throw fail("\(node.label): only a cast to float can be passed through")
                }
            default:
                throw fail("\(node.label) \(Self.mlpRefusal)")
            }
            current = output
        }
        guard !reading.isEmpty else { throw fail("the graph has no fully connected layer") }
        let last = reading[reading.count - 1]
        if let activation = last.activation {
            if last.fromRange {
                notes.append("the quantization range after the last layer is dropped: Takt reads raw scores")
            } else if !activation.isStrictlyIncreasing {
                throw fail("the last layer is followed by \(last.activationNode): Takt's policies read raw scores (logits), "
                    + "and \(activation == .relu ? "a Relu cuts every negative score to 0, so actions tie" : "it does not keep their order")")
            } else {
                notes.append("cut \(last.activationNode) after the last layer: it keeps the order of the scores, so the chosen action is unchanged")
            }
        }
        let ranges = kept.filter { nodes[$0].range != nil }.count
        if ranges > 0 { notes.append("\(ranges) QuantizeLinear/DequantizeLinear pair(s) on activations read as the range they clip to (their rounding dropped)") }
        if let tail = try checkTail(after: [current], kept: kept, refusal: Self.mlpRefusal) { notes.append(tail) }
        if let labels = labelNote() { notes.append(labels) }
        return MLP(layers: reading.map(\.layer), activations: reading.dropLast().map { $0.activation ?? .none } + [.none])
    }
}

extension ONNXGraph {
    /// Operators that may stand between two layers.
    static let betweenLayers: Set<String> = passThrough.union(["Relu", "LeakyRelu", "Sigmoid", "Tanh", "Clip", "QuantizeLinear"])

    /// Whether a chain of activations and shape-only nodes leads from `value` to another layer
    /// (then a Sigmoid or Tanh there is a hidden activation, not the tail).
    func leadsToLayer(_ value: String, _ index: Index) -> Bool {
        var value = value
        for _ in 0..<nodes.count {
            let users = index.consumers(of: value)
            guard users.count == 1, let next = nodes[users[0]].outputs.first else { return false }
            let op = nodes[users[0]].op
            if op == "Gemm" || op == "MatMul" { return true }
            guard Self.betweenLayers.contains(op) else { return false }
            value = next
        }
        return false
    }
}

extension ONNXGraph.Reading {
    /// Narrows the layer's activation to a quantization range.
    fileprivate mutating func combine(range: ClosedRange<Float>) {
        let (lo, hi) = (range.lowerBound, range.upperBound)
        switch activation {
        case nil, Activation.none?:
            activation = .clip(min: lo, max: hi)
            fromRange = true
        case .relu?:
            activation = .clip(min: max(0, lo), max: hi)
        case let .clip(a, b)?:
            activation = .clip(min: max(a, lo), max: max(max(a, lo), min(b, hi)))
        default:
            break  // sigmoid, tanh, leaky ReLU: the range only rounds; kept as they are
        }
    }
}
