/// Reading models quantized by onnxruntime (`quantize_dynamic`, and
/// `quantize_static` in QDQ format) as the fp32 networks they approximate:
/// constant weights and biases are dequantized exactly (`(q − zero point) ×
/// scale`), and the quantization of activations is dropped. Takt's int8
/// kernels use symmetric scales without zero points, calibrated at a
/// decision point, so an exact mapping of onnxruntime's asymmetric uint8
/// activations (per call for dynamic quantization) does not exist; `takt
/// quantize` makes Takt's own int8 version of the imported network.
extension ONNXGraph {
    /// Applies every quantization rewrite.
    mutating func dequantize() throws(PolicyFileError) {
        try foldConstantDequantization()
        try foldFakeQuantization()
        try foldDynamicMatMul()
    }

    /// `DequantizeLinear` of constants (weights, int32 biases) becomes a float constant.
    mutating func foldConstantDequantization() throws(PolicyFileError) {
        var kept: [ONNXNode] = []
        var folded = 0
        for node in nodes {
            guard node.op == "DequantizeLinear", node.inputs.count >= 2, let output = node.outputs.first,
                  let q = try numeric(node.inputs[0], of: node), let scale = try numeric(node.inputs[1], of: node) else {
                kept.append(node)
                continue
            }
            let zero = node.inputs.count > 2 && !node.inputs[2].isEmpty ? try constant(node.inputs[2], of: node, "zero point") : nil
            constants[output] = try dequantized(q, scale: scale, zero: zero, node: node, name: output)
            folded += 1
        }
        nodes = kept
        if folded > 0 { notes.append("\(folded) quantized constant tensor(s) dequantized to fp32 ((q - zero point) x scale)") }
    }

    /// `(q − zero) × scale`, per tensor or per slice along the node's `axis`.
    func dequantized(_ q: ONNXTensor, scale: ONNXTensor, zero: ONNXTensor?, node: ONNXNode, name: String) throws(PolicyFileError) -> ONNXTensor {
        guard q.type.integerRange != nil else { throw fail("\(node.label): the quantized tensor must be int8, uint8 or int32") }
        guard scale.values.allSatisfy({ $0.isFinite && $0 > 0 }) else { throw fail("\(node.label): scales must be positive finite numbers") }
        if let zero, zero.count != scale.count { throw fail("\(node.label): \(zero.count) zero points for \(scale.count) scales") }
        if scale.count == 1 {
            let s = scale.values[0], z = zero?.values[0] ?? 0
            return ONNXTensor(name: name, dims: q.dims, values: q.values.map { ($0 - z) * s })
        }
        var axis = Int(node.attribute("axis")?.i ?? 1)
        if axis < 0 { axis += q.dims.count }
        guard q.dims.indices.contains(axis), q.dims[axis] == scale.count else {
            throw fail("\(node.label): \(scale.count) scales do not match axis \(axis) of shape \(q.dims)")
        }
        let stride = q.dims[(axis + 1)...].reduce(1, *)
        let values = q.values.indices.map { i in
            let c = (i / stride) % scale.count
            return (q.values[i] - (zero?.values[c] ?? 0)) * scale.values[c]
        }
        return ONNXTensor(name: name, dims: q.dims, values: values)
    }

    /// A `QuantizeLinear` → `DequantizeLinear` pair on an activation (same
    /// scale and zero point) becomes one node that clips to the range the
    /// pair can represent; the rounding to its steps is dropped. (onnxruntime
    /// removes a ReLU before such a pair when the range starts at 0: the clip
    /// keeps it.) `mlp()` notes the pairs in the network; `checkTail` drops
    /// those in a classifier tail.
    mutating func foldFakeQuantization() throws(PolicyFileError) {
        let index = index()
        var remove = Set<Int>()
        for (i, q) in nodes.enumerated() where q.op == "QuantizeLinear" && q.inputs.count >= 2 {
            guard let output = q.outputs.first, let users = index.consumers[output], users.count == 1 else { continue }
            let d = users[0]
            guard nodes[d].op == "DequantizeLinear", nodes[d].inputs.count >= 2, nodes[d].inputs[0] == output,
                  let dOutput = nodes[d].outputs.first else { continue }
            let scale = try constant(q.inputs[1], of: q, "scale")
            let zero = q.inputs.count > 2 && !q.inputs[2].isEmpty ? try constant(q.inputs[2], of: q, "zero point") : nil
            let dScale = try constant(nodes[d].inputs[1], of: nodes[d], "scale")
            let dZero = nodes[d].inputs.count > 2 && !nodes[d].inputs[2].isEmpty ? try constant(nodes[d].inputs[2], of: nodes[d], "zero point") : nil
            guard let s = scale.scalar, s.isFinite, s > 0, dScale.scalar == s, (zero?.values ?? [0]) == (dZero?.values ?? [0]) else {
                throw fail("\(q.label): only a per-tensor QuantizeLinear followed by a DequantizeLinear with the same scale and zero point can be imported")
            }
            let z = zero?.scalar ?? 0
            let type = zero?.type ?? .uint8
            guard let range = type.integerRange, type != .int32 else { throw fail("\(q.label): activations must be quantized to int8 or uint8") }
            var pair = ONNXNode(name: q.name, op: "QuantizeLinear", inputs: [q.inputs[0]], outputs: [dOutput])
            pair.range = Float((range.lowerBound - z) * s)...Float((range.upperBound - z) * s)
            nodes[i] = pair
            remove.insert(d)
        }
        nodes = nodes.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
    }

    /// `DynamicQuantizeLinear` → `MatMulInteger` → `Cast` → `Mul` by the
    /// product of the input's and the weight's scales becomes a float
    /// `MatMul` by the dequantized weights.
    mutating func foldDynamicMatMul() throws(PolicyFileError) {
        var index = index()
        var remove = Set<Int>()
        var folded = 0
        for (m, node) in nodes.enumerated() where node.op == "MatMulInteger" {
            func refuse(_ why: String) -> PolicyFileError {
                fail("\(node.label): \(why); Takt reads MatMulInteger as onnxruntime's dynamic quantization writes it")
            }
            guard node.inputs.count >= 2, let product = node.outputs.first,
                  let d = index.producers[node.inputs[0]], nodes[d].op == "DynamicQuantizeLinear", nodes[d].outputs.count == 3,
                  let x = nodes[d].inputs.first else { throw refuse("its input must come from a DynamicQuantizeLinear") }
            let (inputScale, inputZero) = (nodes[d].outputs[1], nodes[d].outputs[2])
            guard node.inputs.count < 3 || node.inputs[2] == inputZero else { throw refuse("its input zero point must be the DynamicQuantizeLinear's") }
            let weights = try constant(node.inputs[1], of: node, "weight")
            guard weights.dims.count == 2 else { throw refuse("its weight must be two-dimensional") }
            guard let castIndex = index.consumers[product]?.first, index.consumers(of: product).count == 1, nodes[castIndex].op == "Cast",
                  nodes[castIndex].attribute("to")?.i == Int64(ONNXTensor.DataType.float.rawValue), let cast = nodes[castIndex].outputs.first,
                  let mulIndex = index.consumers[cast]?.first, index.consumers(of: cast).count == 1, nodes[mulIndex].op == "Mul",
                  let scaleName = nodes[mulIndex].inputs.first(where: { $0 != cast }),
                  let scaleIndex = index.producers[scaleName], nodes[scaleIndex].op == "Mul", nodes[scaleIndex].inputs.contains(inputScale),
                  let weightScaleName = nodes[scaleIndex].inputs.first(where: { $0 != inputScale }),
                  index.consumers(of: scaleName).count == 1
            else { throw refuse("its result must be cast to float and multiplied by the input scale times the weight scale") }
            let weightScale = try constant(weightScaleName, of: nodes[scaleIndex], "weight scale")
            let zero = node.inputs.count > 3 && !node.inputs[3].isEmpty ? try constant(node.inputs[3], of: node, "weight zero point") : nil
            var dequantizeNode = node
            dequantizeNode.attributes = []  // per column: axis 1 of [in, out]
            let name = "\(node.inputs[1])_dequantized"
            constants[name] = try dequantized(weights, scale: weightScale, zero: zero, node: dequantizeNode, name: name)
            nodes[m] = ONNXNode(name: node.name, op: "MatMul", inputs: [x, name], outputs: nodes[mulIndex].outputs)
            remove.formUnion([castIndex, mulIndex, scaleIndex])
            folded += 1
        }
        guard folded > 0 else { return }
        nodes = nodes.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
        // The DynamicQuantizeLinear nodes no longer feed anything.
        index = self.index()
        nodes.removeAll { $0.op == "DynamicQuantizeLinear" && $0.outputs.allSatisfy { index.consumers(of: $0).isEmpty } }
        notes.append("\(folded) dynamically quantized MatMulInteger layer(s) read as fp32 MatMul with dequantized weights (the per-call input quantization dropped)")
    }
}
