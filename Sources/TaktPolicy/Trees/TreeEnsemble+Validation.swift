/// The checks that make an ensemble safe to evaluate, for ensembles read from
/// untrusted files (ONNX models and policy files): sizes within bounds,
/// array lengths that agree, every index in range, and each tree a tree (one
/// root, every node reached once, no cycle) no deeper than `maxDepth`.
extension TreeEnsemble {
    public static let maxTrees = 10_000
    public static let maxNodes = 1 << 20
    public static let maxDepth = 128
    public static let maxLeafWeights = 1 << 22

    /// Why the ensemble cannot be used, or nil when it can.
    public func problem() -> String? {
        let n = mode.count
        guard (1...Self.maxTrees).contains(roots.count) else { return "an ensemble has 1 to \(Self.maxTrees) trees, this one \(roots.count)" }
        guard (1...Self.maxNodes).contains(n) else { return "an ensemble has 1 to \(Self.maxNodes) nodes, this one \(n)" }
        guard (1...PolicyFile.maxWidth).contains(inputs), (1...PolicyFile.maxWidth).contains(outputs) else {
            return "features and scores must number 1 to \(PolicyFile.maxWidth), got \(inputs) and \(outputs)"
        }
        for (name, count) in [("feature", feature.count), ("threshold", threshold.count), ("true_child", trueChild.count),
                              ("false_child", falseChild.count), ("missing_tracks_true", missingTracksTrue.count)] where count != n {
            return "\(name) has \(count) entries for \(n) nodes"
        }
        guard leafStart.count == n + 1, leafStart.first == 0 else { return "leaf_start must have \(n + 1) entries starting at 0" }
        guard leafTargets.count == leafWeights.count, leafTargets.count <= Self.maxLeafWeights,
              Int(leafStart[n]) == leafTargets.count else { return "leaf_start, leaf_targets and leaf_weights do not agree" }
        guard baseValues.isEmpty || baseValues.count == outputs else { return "\(baseValues.count) base values for \(outputs) scores" }
        guard baseValues.allSatisfy(\.isFinite), leafWeights.allSatisfy(\.isFinite) else { return "a weight or base value is not a finite number" }
        for j in leafTargets.indices where !(0..<Int32(outputs)).contains(leafTargets[j]) {
            return "leaf weight \(j) is for score \(leafTargets[j]); there are \(outputs)"
        }
        for i in 0..<n {
            guard leafStart[i] <= leafStart[i + 1] else { return "leaf_start decreases at node \(i)" }
            if mode[i] == .leaf { continue }
            guard leafStart[i] == leafStart[i + 1] else { return "node \(i) is a branch but has leaf weights" }
            guard (0..<Int32(inputs)).contains(feature[i]) else { return "node \(i) reads feature \(feature[i]); there are \(inputs) features" }
            guard threshold[i].isFinite else { return "node \(i) has a threshold that is not a finite number" }
            for child in [trueChild[i], falseChild[i]] where !(0..<Int32(n)).contains(child) {
                return "node \(i) has child \(child); there are \(n) nodes"
            }
        }
        // Each tree: walk from its root; a node reached twice means a cycle or a shared node.
        var seen = [Bool](repeating: false, count: n)
        for (t, root) in roots.enumerated() {
            guard (0..<Int32(n)).contains(root) else { return "tree \(t) has root \(root); there are \(n) nodes" }
            var stack = [(Int(root), 0)]
            while let (i, d) = stack.popLast() {
                guard !seen[i] else { return "tree \(t) reaches node \(i) twice: a cycle, or a node shared between branches or trees" }
                seen[i] = true
                guard d <= Self.maxDepth else { return "tree \(t) is deeper than \(Self.maxDepth) levels" }
                if mode[i] != .leaf { stack += [(Int(trueChild[i]), d + 1), (Int(falseChild[i]), d + 1)] }
            }
        }
        if let stray = seen.firstIndex(of: false) { return "node \(stray) belongs to no tree" }
        return nil
    }
}
