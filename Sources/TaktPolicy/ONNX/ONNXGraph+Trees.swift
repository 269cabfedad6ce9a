/// Reading ONNX-ML's `TreeEnsembleClassifier` and `TreeEnsembleRegressor`
/// (domain ai.onnx.ml) into a `TreeEnsemble`: the flat attribute arrays
/// (`nodes_*`, `class_*` or `target_*`) regrouped by tree, every id resolved
/// and checked, and the classifier's label output and any tail after the
/// scores cut off.
extension ONNXGraph {
    static let treeOperators: Set<String> = ["TreeEnsembleClassifier", "TreeEnsembleRegressor"]

    /// The one tree-ensemble node fed by the features, read; `features` (when known) bounds the feature indices.
    mutating func treeEnsemble(features: Int?) throws(PolicyFileError) -> TreeEnsemble {
        let index = index()
        var kept = Set<Int>()
        var current = input
        // Shape and type nodes may come before the ensemble.
        while let user = index.consumers(of: current).first, index.consumers(of: current).count == 1,
              Self.passThrough.contains(nodes[user].op), !kept.contains(user), let next = nodes[user].outputs.first {
            kept.insert(user)
            current = next
        }
        let users = index.consumers(of: current)
        guard users.count == 1, let t = users.first, Self.treeOperators.contains(nodes[t].op), nodes[t].inputs.first == current else {
            let node = users.first.map { nodes[$0].label } ?? "'\(current)'"
            throw fail("\(node): the features must go to one TreeEnsembleClassifier or TreeEnsembleRegressor")
        }
        let node = nodes[t]
        guard node.domain == "ai.onnx.ml" else { throw fail("\(node.label): expected the domain ai.onnx.ml, found '\(node.domain)'") }
        kept.insert(t)
        let ensemble = try TreeAttributes(node, graph: self).ensemble(features: features)
        let refusal = "cannot follow a tree ensemble: Takt imports the ensemble's scores and cuts a classifier's tail"
        if let tail = try checkTail(after: node.outputs.filter { !$0.isEmpty }, kept: kept, refusal: refusal) { notes.append(tail) }
        if let labels = labelNote() { notes.append(labels) }
        if ensemble.postTransform != .none {
            notes.append("the ensemble's post_transform \(ensemble.postTransform.rawValue) is left out: it keeps the order of the scores, so the chosen action is unchanged")
        }
        return ensemble
    }
}

/// A tree-ensemble node's attributes, read with their lengths checked.
private struct TreeAttributes {
    let node: ONNXNode
    let graph: ONNXGraph
    let isClassifier: Bool

    init(_ node: ONNXNode, graph: ONNXGraph) {
        self.node = node
        self.graph = graph
        isClassifier = node.op == "TreeEnsembleClassifier"
    }

    func fail(_ message: String) -> PolicyFileError { graph.fail("\(node.label): \(message)") }

    func ints(_ name: String, required: Bool = true) throws(PolicyFileError) -> [Int64] {
        guard let a = node.attribute(name) else {
            if required { throw fail("the attribute \(name) is missing") }
            return []
        }
        guard a.ints.count <= TreeEnsemble.maxNodes else { throw fail("\(name) has more than \(TreeEnsemble.maxNodes) entries") }
        return a.ints
    }

    /// Floats, or the same as a tensor (`NAME_as_tensor`, opset 3 of ai.onnx.ml).
    func floats(_ name: String, required: Bool = true) throws(PolicyFileError) -> [Float] {
        if let a = node.attribute(name) {
            guard a.floats.count <= TreeEnsemble.maxLeafWeights else { throw fail("\(name) has more than \(TreeEnsemble.maxLeafWeights) entries") }
            return a.floats
        }
        if let a = node.attribute(name + "_as_tensor"), a.hasT { return try ONNXTensor(a.t, graph.fail).floats }
        if required { throw fail("the attribute \(name) is missing") }
        return []
    }

    func string(_ name: String, default value: String) -> String {
        node.attribute(name).map { String(decoding: $0.s, as: UTF8.self) } ?? value
    }

    func ensemble(features: Int?) throws(PolicyFileError) -> TreeEnsemble {
        let treeIDs = try ints("nodes_treeids"), nodeIDs = try ints("nodes_nodeids"), featureIDs = try ints("nodes_featureids")
        let values = try floats("nodes_values"), trueIDs = try ints("nodes_truenodeids"), falseIDs = try ints("nodes_falsenodeids")
        let missing = try ints("nodes_missing_value_tracks_true", required: false)
        let modeNames = node.attribute("nodes_modes")?.strings ?? []
        let n = treeIDs.count
        guard n > 0 else { throw fail("the ensemble has no nodes") }
        for (name, count) in [("nodes_nodeids", nodeIDs.count), ("nodes_featureids", featureIDs.count), ("nodes_values", values.count),
                              ("nodes_modes", modeNames.count), ("nodes_truenodeids", trueIDs.count), ("nodes_falsenodeids", falseIDs.count)]
            where count != n { throw fail("\(name) has \(count) entries, nodes_treeids \(n)") }
        guard missing.isEmpty || missing.count == n else { throw fail("nodes_missing_value_tracks_true has \(missing.count) entries for \(n) nodes") }

        // Node (tree id, node id) → flat index; trees in order of first appearance.
        struct Key: Hashable { var tree: Int64, node: Int64 }
        var flat: [Key: Int32] = [:]
        var treeOrder: [Int64: Int] = [:]
        for i in 0..<n {
            guard flat.updateValue(Int32(i), forKey: Key(tree: treeIDs[i], node: nodeIDs[i])) == nil else {
                throw fail("tree \(treeIDs[i]) has node \(nodeIDs[i]) twice")
            }
            if treeOrder[treeIDs[i]] == nil { treeOrder[treeIDs[i]] = treeOrder.count }
        }
        guard treeOrder.count <= TreeEnsemble.maxTrees else { throw fail("more than \(TreeEnsemble.maxTrees) trees") }
        var modes: [TreeEnsemble.Mode] = []
        var trueChild = [Int32](repeating: 0, count: n), falseChild = [Int32](repeating: 0, count: n)
        var isChild = [Bool](repeating: false, count: n)
        for i in 0..<n {
            let name = String(decoding: modeNames[i], as: UTF8.self)
            guard let mode = TreeEnsemble.Mode(rawValue: name) else { throw fail("node \(nodeIDs[i]) of tree \(treeIDs[i]) has the mode '\(name)'") }
            modes.append(mode)
            guard mode != .leaf else { continue }
            for (id, side) in [(trueIDs[i], "true"), (falseIDs[i], "false")] {
                guard let child = flat[Key(tree: treeIDs[i], node: id)] else {
                    throw fail("node \(nodeIDs[i]) of tree \(treeIDs[i]) has a \(side) child \(id) that the tree does not have")
                }
                if side == "true" { trueChild[i] = child } else { falseChild[i] = child }
                isChild[Int(child)] = true
            }
            let limit = Int64(features ?? PolicyFile.maxWidth)
            guard (0..<limit).contains(featureIDs[i]) else {
                throw fail("node \(nodeIDs[i]) of tree \(treeIDs[i]) reads feature \(featureIDs[i]); the model has \(limit) features")
            }
        }
        var roots = [Int32](repeating: -1, count: treeOrder.count)
        for i in 0..<n where !isChild[i] {
            let t = treeOrder[treeIDs[i]]!
            guard roots[t] < 0 else { throw fail("tree \(treeIDs[i]) has more than one root (nodes no other node leads to)") }
            roots[t] = Int32(i)
        }
        if let t = roots.firstIndex(of: -1) {
            throw fail("tree \(treeOrder.first { $0.value == t }!.key) has no root: its nodes form a cycle")
        }
        let (leafStart, targets, weights, outputs) = try leaves(flat: { flat[Key(tree: $0, node: $1)] }, modes: modes)
        let inputs = features ?? Int(featureIDs.enumerated().filter { modes[$0.offset] != .leaf }.map(\.element).max() ?? 0) + 1
        let post = string("post_transform", default: "NONE")
        guard let postTransform = TreeEnsemble.PostTransform(rawValue: post) else {
            throw fail("post_transform \(post) is not supported (Takt reads NONE, SOFTMAX, LOGISTIC and PROBIT, which keep the order of the scores)")
        }
        let aggregateName = string("aggregate_function", default: "SUM")
        guard let aggregate = TreeEnsemble.Aggregate(rawValue: aggregateName) else {
            throw fail("aggregate_function \(aggregateName) is not supported (Takt reads SUM and AVERAGE)")
        }
        let base = try floats("base_values", required: false)
        let ensemble = TreeEnsemble(inputs: inputs, outputs: outputs, roots: roots, feature: featureIDs.map { Int32(clamping: $0) },
                                    threshold: values, mode: modes, trueChild: trueChild, falseChild: falseChild,
                                    missingTracksTrue: missing.isEmpty ? Array(repeating: false, count: n) : missing.map { $0 != 0 },
                                    leafStart: leafStart, leafTargets: targets, leafWeights: weights, baseValues: base,
                                    aggregate: aggregate, postTransform: postTransform)
        if let problem = ensemble.problem() { throw fail(problem) }
        return ensemble
    }

    /// The leaf weights grouped by node (`class_*` or `target_*`), and the number of scores.
    func leaves(flat: (Int64, Int64) -> Int32?, modes: [TreeEnsemble.Mode])
        throws(PolicyFileError) -> (start: [Int32], targets: [Int32], weights: [Float], outputs: Int) {
        let prefix = isClassifier ? "class" : "target"
        let trees = try ints("\(prefix)_treeids"), nodes = try ints("\(prefix)_nodeids"), ids = try ints("\(prefix)_ids")
        let weights = try floats("\(prefix)_weights")
        guard nodes.count == trees.count, ids.count == trees.count, weights.count == trees.count else {
            throw fail("\(prefix)_treeids, \(prefix)_nodeids, \(prefix)_ids and \(prefix)_weights differ in length")
        }
        let outputs: Int
        if isClassifier {
            let labels = max(node.attribute("classlabels_int64s")?.ints.count ?? 0, node.attribute("classlabels_strings")?.strings.count ?? 0)
            guard labels > 0 else { throw fail("the classifier has no class labels") }
            if labels == 2, Set(ids).count == 1 {
                throw fail("a binary classifier whose trees score one class only; Takt needs one score per action")
            }
            outputs = labels
        } else {
            outputs = Int(node.attribute("n_targets")?.i ?? 1)
        }
        guard (1...PolicyFile.maxWidth).contains(outputs) else { throw fail("\(outputs) scores; Takt reads 1 to \(PolicyFile.maxWidth)") }
        var perNode = [[(Int32, Float)]](repeating: [], count: modes.count)
        for j in trees.indices {
            guard let i = flat(trees[j], nodes[j]) else { throw fail("weight \(j) is for node \(nodes[j]) of tree \(trees[j]), which does not exist") }
            guard modes[Int(i)] == .leaf else { throw fail("weight \(j) is for node \(nodes[j]) of tree \(trees[j]), which is not a leaf") }
            guard (0..<Int64(outputs)).contains(ids[j]) else { throw fail("weight \(j) is for score \(ids[j]); there are \(outputs)") }
            perNode[Int(i)].append((Int32(ids[j]), weights[j]))
        }
        var start: [Int32] = [0]
        var targets: [Int32] = [], values: [Float] = []
        for list in perNode {
            for (target, weight) in list {
                targets.append(target)
                values.append(weight)
            }
            start.append(Int32(targets.count))
        }
        return (start, targets, values, outputs)
    }
}
