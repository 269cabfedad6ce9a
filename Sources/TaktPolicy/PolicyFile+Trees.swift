/// The JSON form of a tree ensemble in a policy file (`"model":
/// "tree_ensemble"`): the node arrays as they are in `TreeEnsemble`, modes by
/// their ONNX names. Checked like an imported ensemble on load.
struct TreeEnsembleJSON: Codable {
    var aggregate: String
    var postTransform: String
    var baseValues: [Float]
    var roots: [Int32]
    var feature: [Int32]
    var threshold: [Float]
    var mode: [String]
    var trueChild: [Int32]
    var falseChild: [Int32]
    var missingTracksTrue: [Bool]
    var leafStart: [Int32]
    var leafTargets: [Int32]
    var leafWeights: [Float]

    init(_ e: TreeEnsemble) {
        aggregate = e.aggregate.rawValue
        postTransform = e.postTransform.rawValue
        baseValues = e.baseValues
        roots = e.roots
        feature = e.feature
        threshold = e.threshold
        mode = e.mode.map(\.rawValue)
        trueChild = e.trueChild
        falseChild = e.falseChild
        missingTracksTrue = e.missingTracksTrue
        leafStart = e.leafStart
        leafTargets = e.leafTargets
        leafWeights = e.leafWeights
    }

    /// The ensemble, checked, for a file whose `shape` is [features, scores].
    func ensemble(shape: [Int], _ fail: (String) -> PolicyFileError) throws(PolicyFileError) -> TreeEnsemble {
        guard shape.count == 2 else { throw fail("shape: a tree ensemble's shape is [features, scores], got \(shape)") }
        guard let aggregate = TreeEnsemble.Aggregate(rawValue: aggregate) else { throw fail("trees.aggregate: '\(aggregate)' is not SUM or AVERAGE") }
        guard let post = TreeEnsemble.PostTransform(rawValue: postTransform) else {
            throw fail("trees.post_transform: '\(postTransform)' is not NONE, SOFTMAX, LOGISTIC or PROBIT")
        }
        var modes: [TreeEnsemble.Mode] = []
        modes.reserveCapacity(mode.count)
        for (i, name) in mode.enumerated() {
            guard let m = TreeEnsemble.Mode(rawValue: name) else { throw fail("trees.mode[\(i)]: '\(name)' is not a node mode") }
            modes.append(m)
        }
        let e = TreeEnsemble(inputs: shape[0], outputs: shape[1], roots: roots, feature: feature, threshold: threshold, mode: modes,
                             trueChild: trueChild, falseChild: falseChild, missingTracksTrue: missingTracksTrue, leafStart: leafStart,
                             leafTargets: leafTargets, leafWeights: leafWeights, baseValues: baseValues, aggregate: aggregate, postTransform: post)
        if let problem = e.problem() { throw fail("trees: \(problem)") }
        return e
    }
}
