import CTaktKernels

/// A tree ensemble packed for the evaluator (`takt_trees_scores`): every
/// branch reduced to x ≤ t or x == t (x < t is x ≤ the float below t, for
/// finite t; ≥, > and ≠ swap the children), a flag where a missing value must
/// go to the true child, and leaves that point to themselves. Immutable once
/// built, so replications share it.
public final class PackedTrees: @unchecked Sendable {
    public let inputs: Int
    public let outputs: Int
    /// The table the C evaluator reads (plain pointers into `storage`).
    let table: TaktTrees
    private let storage: [AnyObject]

    /// Packs a valid ensemble (`TreeEnsemble.problem()` is nil).
    public init(_ e: TreeEnsemble) {
        precondition(e.problem() == nil, "packing an invalid tree ensemble")
        inputs = e.inputs
        outputs = e.outputs
        let n = e.nodeCount
        let feature = AlignedBuffer<Int32>(count: n), threshold = AlignedBuffer<Float>(count: n), flags = AlignedBuffer<UInt8>(count: n)
        let yes = AlignedBuffer<Int32>(count: n), no = AlignedBuffer<Int32>(count: n)
        var plain = true
        for i in 0..<n {
            let mode = e.mode[i]
            guard mode != .leaf else {
                (yes[i], no[i]) = (Int32(i), Int32(i))
                continue
            }
            feature[i] = e.feature[i]
            // x ≥ t is not x < t, x > t not x ≤ t, x ≠ t not x == t (for x not NaN): swap the children.
            let swapped = mode == .branchGTE || mode == .branchGT || mode == .branchNEQ
            let strict = mode == .branchLT || mode == .branchGTE
            threshold[i] = strict ? e.threshold[i].nextDown : e.threshold[i]
            (yes[i], no[i]) = swapped ? (e.falseChild[i], e.trueChild[i]) : (e.trueChild[i], e.falseChild[i])
            let equality = mode == .branchEQ || mode == .branchNEQ
            // Where NaN must go (ONNX: the true child if tracked, else where the comparison sends it: ≠ holds for NaN).
            let missing = e.missingTracksTrue[i] || mode == .branchNEQ ? e.trueChild[i] : e.falseChild[i]
            flags[i] = (equality ? UInt8(TAKT_TREE_EQ) : 0) | (missing != no[i] ? UInt8(TAKT_TREE_NAN_TRUE) : 0)
            plain = plain && flags[i] == 0
        }
        let start = Self.buffer(e.leafStart), target = Self.buffer(e.leafTargets), weight = Self.buffer(e.leafWeights)
        let roots = Self.buffer(e.roots), base = Self.buffer(e.baseValues)
        storage = [feature, threshold, flags, yes, no, start, target, weight, roots, base]
        table = TaktTrees(feature: feature.base, threshold: threshold.base, flags: flags.base, true_child: yes.base, false_child: no.base,
                          leaf_start: start.base, leaf_target: target.base, leaf_weight: weight.base, roots: roots.base,
                          base: e.baseValues.isEmpty ? nil : UnsafePointer(base.base), trees: Int32(e.treeCount), depth: Int32(e.depth),
                          outputs: Int32(e.outputs), average: e.aggregate == .average ? 1 : 0, plain: plain ? 1 : 0)
    }

    var treeCount: Int { Int(table.trees) }

    private static func buffer<T: BitwiseCopyable>(_ values: [T]) -> AlignedBuffer<T> {
        let b = AlignedBuffer<T>(count: values.count)
        for (i, v) in values.enumerated() { b[i] = v }
        return b
    }
}

/// A policy that scores the actions with a tree ensemble and takes the best
/// allowed one. Each replication owns one (it keeps scratch space); choosing
/// allocates nothing.
public final class TreeEnsemblePolicy: DecisionPolicy {
    public let trees: PackedTrees
    private let cursor: AlignedBuffer<Int32>
    private let scores: AlignedBuffer<Float>
    private let level: Int32
    private let outputs: Int32

    public init(_ trees: PackedTrees, level: KernelLevel = .current) {
        self.trees = trees
        cursor = AlignedBuffer(count: trees.treeCount)
        scores = AlignedBuffer(count: (trees.outputs + 15) / 16 * 16)
        self.level = min(level, KernelLevel.supported).rawValue
        outputs = Int32(trees.outputs)
    }

    /// Writes the ensemble's scores for `features` to `into` (`outputs` values).
    public func evaluate(_ features: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        withUnsafePointer(to: trees.table) { takt_trees_scores($0, features, cursor.base, out) }
    }

    public func choose(features: UnsafePointer<Float>, mask: UnsafePointer<Bool>) -> Int {
        evaluate(features, into: scores.base)
        let choice = UnsafeRawPointer(mask).withMemoryRebound(to: UInt8.self, capacity: Int(outputs)) {
            takt_masked_argmax(level, scores.base, $0, outputs)
        }
        return max(0, Int(choice))
    }
}
