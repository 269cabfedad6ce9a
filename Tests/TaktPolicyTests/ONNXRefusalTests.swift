import Foundation
@testable import TaktPolicy
import Testing

/// Imported files are untrusted: each broken or hostile model is refused with
/// a message that names the file and what is wrong, and nothing crashes.
@Suite("ONNX import: refusals")
struct ONNXRefusalTests {
    func model(_ name: String) throws -> Onnx_ModelProto {
        try Onnx_ModelProto(serializedBytes: Data(contentsOf: ORTExpected.fixture(name)))
    }

    /// The import's error message for `model`, or "accepted".
    func refusal(_ model: Onnx_ModelProto, features: Int? = 32) throws -> String {
        let bytes = try model.serializedData()
        do {
            _ = try ONNXImport.model(from: bytes, path: "m.onnx", features: features)
            return "accepted"
        } catch {
            #expect(error.path == "m.onnx")
            return error.message
        }
    }

    /// `model` with an attribute of its tree-ensemble node changed.
    func editingTrees(_ name: String, _ edit: (inout [Onnx_AttributeProto]) -> Void) throws -> Onnx_ModelProto {
        var m = try model(name)
        let t = try #require(m.graph.node.firstIndex { $0.opType == "TreeEnsembleClassifier" })
        edit(&m.graph.node[t].attribute)
        return m
    }

    func set(_ attributes: inout [Onnx_AttributeProto], _ name: String, _ change: (inout Onnx_AttributeProto) -> Void) {
        let i = attributes.firstIndex { $0.name == name }!
        change(&attributes[i])
    }

    @Test("trees: a feature index out of range, a missing child, a cycle, two roots, an unknown mode, a weight on a branch")
    func hostileTrees() throws {
        let name = "sklearn-forest.onnx"
        #expect(try refusal(model(name)) == "accepted")
        let branch = try #require(model(name).graph.node[0].attribute.first { $0.name == "nodes_modes" }?.strings
            .firstIndex { $0 != Data("LEAF".utf8) })
        var m = try editingTrees(name) { a in set(&a, "nodes_featureids") { $0.ints[branch] = 99 } }
        #expect(try refusal(m).hasSuffix("reads feature 99; the model has 32 features"))
        #expect(try refusal(m, features: nil).contains("reads feature 99") == false)  // without a decision point: 100 features
        m = try editingTrees(name) { a in set(&a, "nodes_truenodeids") { $0.ints[branch] = 10_000 } }
        #expect(try refusal(m).contains("has a true child 10000 that the tree does not have"))
        m = try editingTrees(name) { a in set(&a, "nodes_falsenodeids") { $0.ints[branch + 2] = $0.ints[branch] } }
        let cycle = try refusal(m)
        #expect(cycle.contains("twice") || cycle.contains("more than one root") || cycle.contains("cycle"), "\(cycle)")
        m = try editingTrees(name) { a in set(&a, "nodes_truenodeids") { $0.ints[branch] = 0 } }  // the root points back to itself
        let loop = try refusal(m)
        #expect(loop.hasSuffix("node 0 belongs to no tree"), "\(loop)")
        m = try editingTrees(name) { a in set(&a, "nodes_modes") { $0.strings[branch] = Data("BRANCH_WHATEVER".utf8) } }
        #expect(try refusal(m).contains("has the mode 'BRANCH_WHATEVER'"))
        m = try editingTrees(name) { a in set(&a, "class_nodeids") { $0.ints[0] = 0 } }
        #expect(try refusal(m).contains("which is not a leaf"))
        m = try editingTrees(name) { a in set(&a, "class_ids") { $0.ints[0] = 42 } }
        #expect(try refusal(m).contains("is for score 42; there are 8"))
        m = try editingTrees(name) { a in set(&a, "nodes_values") { $0.floats.removeLast() } }
        #expect(try refusal(m).contains("nodes_values has"))
        m = try editingTrees(name) { a in set(&a, "post_transform") { $0.s = Data("SOFTMAX_ZERO".utf8) } }
        #expect(try refusal(m).contains("post_transform SOFTMAX_ZERO is not supported"))
    }

    @Test("a node after the ensemble's scores or the network's logits that is not a classifier tail is refused by name")
    func foreignTail() throws {
        for name in ["sklearn-forest.onnx", "torch-style-mlp.onnx"] {
            var m = try model(name)
            let scores = name.hasPrefix("sklearn") ? m.graph.node[0].output[1] : "logits"
            var mul = Onnx_NodeProto()
            (mul.name, mul.opType, mul.input, mul.output) = ("/scale/Mul", "Mul", [scores, scores], ["scaled"])
            m.graph.node.append(mul)
            let message = try refusal(m)
            #expect(message.hasPrefix("node '/scale/Mul' (Mul)"), "\(message)")
        }
    }

    @Test("LightGBM without ZipMap: its tail's Mul by the constant 1 is cut; a Mul by a non-positive or non-scalar constant is refused")
    func tailMul() throws {
        let name = "lightgbm-nozipmap.onnx"
        let notes = try ONNXImport.model(fromFile: ORTExpected.fixture(name).path, features: 32).notes
        #expect(notes.contains { $0.hasPrefix("cut the classifier tail") && $0.contains("Mul")
            && $0.hasSuffix("so the chosen action is unchanged (it multiplies them by 1.0, a positive constant)") }, "\(notes)")
        let expected = "node 'probabilities' (Mul): a Mul in the classifier tail is taken only by one positive constant, which keeps the order of the scores; "
        for (values, why) in [([Float(-1)], "its factor 'one' is -1.0"), ([0], "its factor 'one' is 0.0"), ([2, 3], "its factor 'one' holds 2 values")] {
            var m = try model(name)
            let one = try #require(m.graph.initializer.firstIndex { $0.name == "one" })
            (m.graph.initializer[one].dims, m.graph.initializer[one].rawData, m.graph.initializer[one].floatData) = ([Int64(values.count)], Data(), values)
            #expect(try refusal(m) == expected + why)
        }
        // A Div by the constant keeps the order too; the constant divided by the scores reverses it.
        var divided = try model(name)
        let mul = try #require(divided.graph.node.firstIndex { $0.opType == "Mul" })
        divided.graph.node[mul].opType = "Div"
        let constant = try #require(divided.graph.node[mul].input.firstIndex(of: "one"))
        divided.graph.node[mul].input.swapAt(constant, 1)
        #expect(try ONNXImport.model(from: divided.serializedData(), path: "m.onnx", features: 32).notes
            .contains { $0.contains("(it divides them by 1.0, a positive constant)") })
        divided.graph.node[mul].input.swapAt(0, 1)
        #expect(try refusal(divided) == "node 'probabilities' (Div): a Div in the classifier tail is taken only by one positive constant, "
            + "which keeps the order of the scores; it divides a constant by the scores")
    }

    @Test("external data, impossible shapes, bad bytes, too many nodes, a cycle in the graph")
    func hostileGraphs() throws {
        var m = try model("gemm-mlp.onnx")
        m.graph.initializer[0].dataLocation = 1
        #expect(try refusal(m).contains("keeps its data in an external file"))
        m = try model("gemm-mlp.onnx")
        m.graph.initializer[0].dims = [1 << 20, 1 << 20]
        #expect(try refusal(m).contains("more than 16777216 elements"))
        m = try model("gemm-mlp.onnx")
        m.graph.initializer[0].rawData = Data(repeating: 0, count: 7)
        m.graph.initializer[0].floatData = []
        #expect(try refusal(m).contains("bytes of data"))
        m = try model("gemm-mlp.onnx")
        m.graph.initializer[0].dataType = 8  // string
        let strings = try refusal(m)
        #expect(strings.contains("holds strings (ONNX data type 8), not numbers"), "\(strings)")
        m = try model("gemm-mlp.onnx")
        var identity = Onnx_NodeProto()
        identity.opType = "Identity"
        m.graph.node += Array(repeating: identity, count: ONNXGraph.maxNodes + 1)
        #expect(try refusal(m).contains("Takt reads at most \(ONNXGraph.maxNodes)"))
        // A graph that feeds a node its own output: Relu → Relu → back.
        m = try model("gemm-mlp.onnx")
        m.graph.node = m.graph.node.prefix(1) + [m.graph.node[1]]
        m.graph.node[1].output = ["loop"]
        m.graph.node[1].input = ["loop"]
        #expect(try refusal(m) != "accepted")
        #expect(throws: PolicyFileError.self) { try ONNXImport.model(from: Data([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), path: "x.onnx") }
    }

    @Test("activations in the wrong place and two activations in a row are refused; the last layer's ReLU too")
    func misplacedActivations() throws {
        var m = try model("torch-style-mlp.onnx")
        let relu = try #require(m.graph.node.firstIndex { $0.opType == "Sigmoid" })
        m.graph.node[relu].opType = "Relu"
        #expect(try refusal(m) == "accepted")
        m = try model("gemm-mlp.onnx")
        var last = Onnx_NodeProto()
        (last.name, last.opType, last.input, last.output) = ("/out/Relu", "Relu", ["logits"], ["relu_out"])
        m.graph.node.append(last)
        m.graph.output[0].name = "relu_out"
        #expect(try refusal(m) == "the last layer is followed by node '/out/Relu' (Relu): Takt's policies read raw scores (logits), "
                + "and a Relu cuts every negative score to 0, so actions tie")
        // A Softmax between two layers: named as the node out of place, not the layer after it.
        m = try model("gemm-mlp.onnx")
        let between = try #require(m.graph.node.firstIndex { $0.opType == "Relu" })
        m.graph.node[between].opType = "Softmax"
        m.graph.node[between].name = "mid_softmax"
        let message = try refusal(m)
        #expect(message.contains("follows node 'mid_softmax' (Softmax): a Softmax is taken only in the classifier's tail"), "\(message)")
        // After a tree ensemble, the same node is named, without advice about layers a forest does not have.
        var forest = try model("sklearn-forest.onnx")
        var softmax = Onnx_NodeProto(), after = Onnx_NodeProto()
        (softmax.name, softmax.opType, softmax.input, softmax.output) = ("tail_softmax", "Softmax", ["probabilities"], ["soft"])
        (after.name, after.opType, after.input, after.output) = ("after_softmax", "Relu", ["soft"], ["relu_out"])
        forest.graph.node += [softmax, after]
        #expect(try refusal(forest) == "node 'after_softmax' (Relu) follows node 'tail_softmax' (Softmax): a Softmax is taken only in the classifier's tail, at the end")
        m = try model("gemm-mlp.onnx")
        let firstRelu = try #require(m.graph.node.firstIndex { $0.opType == "Relu" })
        var tanh = m.graph.node[firstRelu]
        (tanh.name, tanh.opType, tanh.input, tanh.output) = ("/extra/Tanh", "Tanh", m.graph.node[firstRelu].output, ["tanh_out"])
        let next = try #require(m.graph.node.firstIndex { $0.input.first == m.graph.node[firstRelu].output[0] })
        m.graph.node[next].input[0] = "tanh_out"
        m.graph.node.insert(tanh, at: firstRelu + 1)
        #expect(try refusal(m).hasPrefix("node '/extra/Tanh' (Tanh): the layer before already has an activation (relu)"))
    }
}
