import Foundation

/// One node of an ONNX graph as the importer works with it.
struct ONNXNode {
    var name: String
    var op: String
    var domain: String
    var inputs: [String]
    var outputs: [String]
    var attributes: [Onnx_AttributeProto]
    /// For a QuantizeLinear→DequantizeLinear pair read as one node: the range of values it lets through.
    var range: ClosedRange<Float>?

    init(_ node: Onnx_NodeProto) {
        name = node.name
        op = node.opType
        domain = node.domain
        inputs = node.input
        outputs = node.output
        attributes = node.attribute
    }

    init(name: String, op: String, inputs: [String], outputs: [String], attributes: [Onnx_AttributeProto] = []) {
        self.name = name
        self.op = op
        domain = ""
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    /// `node 'name' (Op)`, as errors name a node (its first output when it has no name).
    var label: String { "node '\(name.isEmpty ? outputs.first ?? "?" : name)' (\(op))" }

    func attribute(_ name: String) -> Onnx_AttributeProto? { attributes.first { $0.name == name } }
}

/// An ONNX graph read from an untrusted file: its nodes, its constant tensors
/// (initializers and `Constant` nodes, decoded and bounded), its feature
/// input and its outputs. Import steps rewrite the nodes and add notes on
/// what they changed.
struct ONNXGraph {
    /// Most nodes a graph may have.
    static let maxNodes = 100_000
    /// Largest file read (bytes).
    static let maxFileBytes = 256 << 20
    /// Most values all constant tensors together may hold.
    static let maxTotalElements = 1 << 26

    let path: String
    var nodes: [ONNXNode]
    var constants: [String: ONNXTensor]
    /// Constants of a type Takt does not compute with (a classifier's string labels), by name: their ONNX type.
    /// A tail that Takt cuts off may hold them; a layer that reads one is refused by `constant(_:of:_:)`.
    let opaque: [String: Int]
    /// String constants (a classifier's class labels), by name: their first `maxLabels` values, as `label(_:)` reads them.
    let strings: [String: [String]]
    /// Most class labels a note lists.
    static let maxLabels = 1024
    /// The graph input that is not a constant: the features.
    let input: String
    let outputs: Set<String>
    /// What the import changed or left out, for the message and the provenance.
    var notes: [String] = []

    func fail(_ message: String) -> PolicyFileError { PolicyFileError(path: path, message: message) }

    /// A class label from a file's bytes: its first 256 bytes as UTF-8.
    static func label(_ bytes: Data) -> String { String(decoding: bytes.prefix(256), as: UTF8.self) }

    init(_ model: Onnx_ModelProto, path: String) throws(PolicyFileError) {
        self.path = path
        func fail(_ message: String) -> PolicyFileError { PolicyFileError(path: path, message: message) }
        guard model.hasGraph, !model.graph.node.isEmpty else { throw fail("the ONNX model has no graph") }
        let graph = model.graph
        guard graph.node.count <= Self.maxNodes else { throw fail("the graph has \(graph.node.count) nodes; Takt reads at most \(Self.maxNodes)") }
        var constants: [String: ONNXTensor] = [:]
        var opaque: [String: Int] = [:]
        var strings: [String: [String]] = [:]
        var total = 0
        func add(_ t: Onnx_TensorProto, as name: String) throws(PolicyFileError) {
            if t.dataType == 8 || t.dataType == 9 {  // strings and booleans: class labels and flags, never weights
                opaque[name] = Int(t.dataType)
                if t.dataType == 8 { strings[name] = t.stringData.prefix(Self.maxLabels).map(Self.label) }
                return
            }
            var tensor = try ONNXTensor(t, fail)
            tensor.name = name
            total += tensor.count
            guard total <= Self.maxTotalElements else { throw fail("the model's constant tensors hold more than \(Self.maxTotalElements) values") }
            constants[name] = tensor
        }
        for t in graph.initializer { try add(t, as: t.name) }
        var nodes: [ONNXNode] = []
        for node in graph.node {
            if node.opType == "Constant", node.domain.isEmpty, let output = node.output.first {
                guard let value = node.attribute.first(where: { $0.name == "value" }), value.hasT else {
                    throw fail("node '\(node.name.isEmpty ? output : node.name)' (Constant): only a tensor 'value' can be imported")
                }
                try add(value.t, as: output)
            } else {
                nodes.append(ONNXNode(node))
            }
        }
        self.nodes = nodes
        self.constants = constants
        self.opaque = opaque
        self.strings = strings
        guard let input = graph.input.first(where: { constants[$0.name] == nil && opaque[$0.name] == nil })?.name else {
            throw fail("the graph has no input that is not a weight")
        }
        self.input = input
        outputs = Set(graph.output.map(\.name))
    }

    /// Which nodes read each value and which node writes it (indices into `nodes`).
    struct Index {
        var consumers: [String: [Int]] = [:]
        var producers: [String: Int] = [:]

        func consumers(of value: String) -> [Int] { consumers[value] ?? [] }
    }

    /// The index of the current nodes (rebuild it after rewriting them).
    func index() -> Index {
        var index = Index()
        for (i, node) in nodes.enumerated() {
            for name in Set(node.inputs) where !name.isEmpty { index.consumers[name, default: []].append(i) }
            for name in node.outputs where !name.isEmpty { index.producers[name] = i }
        }
        return index
    }

    /// The constant `name`, or an error naming `node`'s input `what`.
    func constant(_ name: String, of node: ONNXNode, _ what: String) throws(PolicyFileError) -> ONNXTensor {
        guard let t = try numeric(name, of: node, what) else { throw fail("\(node.label): its \(what) must be a constant (an initializer)") }
        return t
    }

    /// The numeric constant `name` read by `node` (nil: not a constant); a constant of strings or booleans is refused.
    func numeric(_ name: String, of node: ONNXNode, _ what: String = "input") throws(PolicyFileError) -> ONNXTensor? {
        if let type = opaque[name] {
            throw fail("\(node.label): its \(what) '\(name)' holds \(type == 8 ? "strings" : "booleans") (ONNX data type \(type)), not numbers")
        }
        return constants[name]
    }
}
