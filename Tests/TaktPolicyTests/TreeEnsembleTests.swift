import Foundation
@testable import TaktPolicy
import Testing

/// Tree ensembles from scikit-learn, XGBoost and LightGBM, against onnxruntime's outputs.
@Suite("Tree ensembles")
struct TreeEnsembleTests {
    let expected = ORTExpected.shared

    func ensemble(_ name: String) throws -> (TreeEnsemble, [String]) {
        let model = try ONNXImport.model(fromFile: ORTExpected.fixture(name).path, features: 32)
        guard case let .trees(e) = model.network else { throw PolicyFileError(path: name, message: "not a tree ensemble") }
        return (e, model.notes)
    }

    @Test("scores equal onnxruntime's (missing values included), and the policy picks the same class",
          arguments: ["sklearn-forest.onnx", "sklearn-boosting.onnx", "xgboost.onnx", "lightgbm.onnx", "lightgbm-nozipmap.onnx",
                       "sklearn-forest-labels.onnx"])
    func agreesWithONNXRuntime(name: String) throws {
        let (e, notes) = try ensemble(name)
        #expect(e.inputs == 32 && e.outputs == 8)
        #expect(notes.contains { $0.contains("ZipMap") || $0.contains("Cast") || $0.contains("post_transform") || $0.contains("class labels") })
        let want = try #require(expected.scores[name])
        let inputs = expected.inputs(for: name)
        #expect(inputs.contains { $0.contains(where: \.isNaN) })
        let policy = TreeEnsemblePolicy(PackedTrees(e))
        let all = [Bool](repeating: true, count: 8)
        var worst = 0.0
        for (x, p) in zip(inputs, want) {
            let got = e.transformedScores(x)
            worst = max(worst, zip(got, p).map { abs($0 - $1) }.max()!)
            #expect(policy.choose(features: x, mask: all) == ORTExpected.argmax(p), "\(name)")
        }
        #expect(worst < 1e-5, "\(name): largest difference from onnxruntime \(worst)")
    }

    @Test("the modes exporters use: sklearn and LightGBM branch on ≤, XGBoost on <; LightGBM tracks missing values")
    func modes() throws {
        #expect(Set(try ensemble("sklearn-forest.onnx").0.mode) == [.branchLEQ, .leaf])
        #expect(Set(try ensemble("xgboost.onnx").0.mode) == [.branchLT, .leaf])
        let lightgbm = try ensemble("lightgbm.onnx").0
        #expect(lightgbm.missingTracksTrue.contains(true))
        #expect(try ensemble("sklearn-boosting.onnx").0.postTransform == .softmax)
    }

    /// A small ensemble by hand: tree 0 uses every branch mode on feature 0/1, tree 1 is a single leaf.
    static func handmade(_ mode: TreeEnsemble.Mode, tracksMissing: Bool = false, aggregate: TreeEnsemble.Aggregate = .sum) -> TreeEnsemble {
        // node 0: branch on feature 1 at 0.5 → true: leaf 1 (score 0 += 1), false: leaf 2 (score 1 += 2); node 3: leaf (score 2 += 0.25)
        TreeEnsemble(inputs: 2, outputs: 3, roots: [0, 3], feature: [1, 0, 0, 0], threshold: [0.5, 0, 0, 0],
                     mode: [mode, .leaf, .leaf, .leaf], trueChild: [1, 0, 0, 0], falseChild: [2, 0, 0, 0],
                     missingTracksTrue: [tracksMissing, false, false, false], leafStart: [0, 0, 1, 2, 3],
                     leafTargets: [0, 1, 2], leafWeights: [1, 2, 0.25], baseValues: [0, 0, 10], aggregate: aggregate, postTransform: .none)
    }

    @Test("every node mode, missing values either way, sum and average, base values: the packed evaluator equals the reference",
          arguments: TreeEnsemble.Mode.allCases.filter { $0 != .leaf })
    func everyMode(mode: TreeEnsemble.Mode) {
        for tracks in [false, true] {
            for aggregate in [TreeEnsemble.Aggregate.sum, .average] {
                let e = Self.handmade(mode, tracksMissing: tracks, aggregate: aggregate)
                #expect(e.problem() == nil)
                let policy = TreeEnsemblePolicy(PackedTrees(e))
                for v: Float in [0.25, 0.5, 0.75, .nan, -.infinity] {
                    let x: [Float] = [0, v]
                    let goesTrue = v.isNaN ? (tracks || mode == .branchNEQ) : mode.holds(v, 0.5)
                    var want: [Float] = goesTrue ? [1, 0, 0.25] : [0, 2, 0.25]
                    if aggregate == .average { want = want.map { $0 / 2 } }
                    want[2] += 10
                    #expect(e.scores(x) == want, "\(mode) x=\(v) tracks=\(tracks) \(aggregate)")
                    var out = [Float](repeating: .nan, count: 3)
                    policy.evaluate(x, into: &out)
                    #expect(out == want, "packed: \(mode) x=\(v) tracks=\(tracks) \(aggregate)")
                }
            }
        }
    }

    @Test("the policy chooses the best allowed action exactly as the reference, with random masks")
    func maskedChoice() throws {
        let (e, _) = try ensemble("sklearn-boosting.onnx")
        let policy = TreeEnsemblePolicy(PackedTrees(e))
        var rng = TestRandom(state: 31)
        for x in expected.inputs(for: "sklearn-boosting.onnx") {
            let mask = (0..<8).map { _ in rng.next() % 3 != 0 }
            guard mask.contains(true) else { continue }
            #expect(policy.choose(features: x, mask: mask) == maskedArgmax(e.scores(x), mask, count: 8))
        }
    }

    @Test("tree policy files round-trip exactly, and inspect-level facts hold")
    func policyFile() throws {
        let (e, _) = try ensemble("lightgbm.onnx")
        let schema = DecisionSchema(point: "pick", version: 1, features: (0..<32).map { "f\($0)" }, actions: (0..<8).map { "a\($0)" })
        let file = PolicyFile(schema: schema, network: .trees(e), provenance: ["imported_from": "lightgbm.onnx"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trees-\(UUID().uuidString).json").path
        try file.write(to: path)
        let loaded = try PolicyFile.load(path: path)
        #expect(loaded == file)
        #expect(loaded.network.kind == "tree_ensemble" && loaded.network.shape == [32, 8])
        #expect(e.treeCount == 32 && e.depth >= 2)
        // A changed threshold no longer matches the checksum; a child out of range is refused even with a fixed checksum.
        let text = String(decoding: try file.jsonData(), as: UTF8.self)
        let edited = text.replacingOccurrences(of: "\"aggregate\" : \"SUM\"", with: "\"aggregate\" : \"AVERAGE\"")
        #expect(throws: PolicyFileError.self) { try PolicyFile.decode(Data(edited.utf8), path: "t.json") }
        var broken = e
        broken.trueChild[Int(e.roots[0])] = Int32(e.nodeCount + 5)
        let bad = PolicyFile(schema: schema, network: .trees(broken))
        let badJSON = try bad.jsonData()
        do {
            _ = try PolicyFile.decode(badJSON, path: "t.json")
            Issue.record("a child index out of range was accepted")
        } catch {
            #expect(error.description.contains("has child \(e.nodeCount + 5); there are \(e.nodeCount) nodes"))
        }
    }
}
