import Foundation

/// An ensemble of decision trees that scores each action (a class of a
/// classifier, or a target of a regressor), as ONNX-ML's
/// `TreeEnsembleClassifier` and `TreeEnsembleRegressor` define it.
///
/// Nodes of all trees are stored flat, one array per field (struct of
/// arrays); children are indices into those arrays. A leaf adds its weights
/// to the scores of its targets; the scores are the trees' sums (or their
/// average), plus `baseValues`. `postTransform` is what the source model
/// applied next (softmax, logistic, …): each keeps the order of the scores,
/// so Takt, which takes the best allowed score, leaves it out.
public struct TreeEnsemble: Sendable, Equatable {
    /// How a node decides (ONNX's `nodes_modes`); `x` is the feature's value, `t` the threshold.
    public enum Mode: String, Sendable, CaseIterable {
        case branchLEQ = "BRANCH_LEQ", branchLT = "BRANCH_LT", branchGTE = "BRANCH_GTE", branchGT = "BRANCH_GT"
        case branchEQ = "BRANCH_EQ", branchNEQ = "BRANCH_NEQ", leaf = "LEAF"

        /// Whether `x` goes to the true child (x not missing).
        @inline(__always)
        func holds(_ x: Float, _ t: Float) -> Bool {
            switch self {
            case .branchLEQ: x <= t
            case .branchLT: x < t
            case .branchGTE: x >= t
            case .branchGT: x > t
            case .branchEQ: x == t
            case .branchNEQ: x != t
            case .leaf: false
            }
        }
    }

    /// How the trees' contributions combine.
    public enum Aggregate: String, Sendable { case sum = "SUM", average = "AVERAGE" }

    /// What the source model applies to the scores; none changes which is highest.
    public enum PostTransform: String, Sendable { case none = "NONE", softmax = "SOFTMAX", logistic = "LOGISTIC", probit = "PROBIT" }

    /// Features read (the decision point's count).
    public var inputs: Int
    /// Scores made (the decision point's actions).
    public var outputs: Int
    /// Each tree's root node.
    public var roots: [Int32]
    public var feature: [Int32]
    public var threshold: [Float]
    public var mode: [Mode]
    public var trueChild: [Int32]
    public var falseChild: [Int32]
    /// Whether a missing value (NaN) goes to the true child; otherwise it goes where the comparison sends NaN.
    public var missingTracksTrue: [Bool]
    /// Node n's leaf weights are `leafTargets[j]`, `leafWeights[j]` for j in `leafStart[n]..<leafStart[n + 1]`.
    public var leafStart: [Int32]
    public var leafTargets: [Int32]
    public var leafWeights: [Float]
    /// Added to each score after aggregation (empty: zeros).
    public var baseValues: [Float]
    public var aggregate: Aggregate
    public var postTransform: PostTransform

    public init(inputs: Int, outputs: Int, roots: [Int32], feature: [Int32], threshold: [Float], mode: [Mode], trueChild: [Int32],
                falseChild: [Int32], missingTracksTrue: [Bool], leafStart: [Int32], leafTargets: [Int32], leafWeights: [Float],
                baseValues: [Float], aggregate: Aggregate, postTransform: PostTransform) {
        self.inputs = inputs
        self.outputs = outputs
        self.roots = roots
        self.feature = feature
        self.threshold = threshold
        self.mode = mode
        self.trueChild = trueChild
        self.falseChild = falseChild
        self.missingTracksTrue = missingTracksTrue
        self.leafStart = leafStart
        self.leafTargets = leafTargets
        self.leafWeights = leafWeights
        self.baseValues = baseValues
        self.aggregate = aggregate
        self.postTransform = postTransform
    }

    public var treeCount: Int { roots.count }
    public var nodeCount: Int { mode.count }
    public var leafCount: Int { mode.count { $0 == .leaf } }

    /// The child node `n` sends `x` to.
    @inline(__always)
    func next(_ n: Int, _ x: Float) -> Int {
        let goesTrue = x.isNaN ? (missingTracksTrue[n] || mode[n] == .branchNEQ) : mode[n].holds(x, threshold[n])
        return Int(goesTrue ? trueChild[n] : falseChild[n])
    }

    /// The leaf tree `t` reaches for features `x`.
    func leaf(of t: Int, _ x: [Float]) -> Int {
        var n = Int(roots[t])
        while mode[n] != .leaf { n = next(n, x[Int(feature[n])]) }
        return n
    }

    /// The scores for `x` (the reference every evaluator reproduces): each
    /// tree in order adds its leaf's weights; then the average (divided by
    /// the tree count) if so aggregated; then `baseValues` added.
    public func scores(_ x: [Float]) -> [Float] {
        var s = [Float](repeating: 0, count: outputs)
        for t in 0..<treeCount {
            let n = leaf(of: t, x)
            for j in Int(leafStart[n])..<Int(leafStart[n + 1]) { s[Int(leafTargets[j])] += leafWeights[j] }
        }
        if aggregate == .average { s = s.map { $0 / Float(treeCount) } }
        if !baseValues.isEmpty { for o in 0..<outputs { s[o] += baseValues[o] } }
        return s
    }

    /// The scores after `postTransform`, as the source model outputs them (probabilities of a classifier).
    public func transformedScores(_ x: [Float]) -> [Double] {
        let s = scores(x).map(Double.init)
        switch postTransform {
        case .none: return s
        case .logistic: return s.map { 1 / (1 + Foundation.exp(-$0)) }
        case .softmax:
            let top = s.max() ?? 0
            let e = s.map { Foundation.exp($0 - top) }
            let total = e.reduce(0, +)
            return e.map { $0 / total }
        case .probit: return s  // monotone; values not reproduced
        }
    }

    /// The deepest path from a root to a leaf, in branch nodes (needs a valid ensemble).
    public var depth: Int {
        var deepest = 0
        var stack: [(Int, Int)] = roots.map { (Int($0), 0) }
        while let (n, d) = stack.popLast() {
            if mode[n] == .leaf { deepest = max(deepest, d); continue }
            stack.append((Int(trueChild[n]), d + 1))
            stack.append((Int(falseChild[n]), d + 1))
        }
        return deepest
    }
}
