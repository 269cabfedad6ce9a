import Foundation
import TaktPolicy
import Testing

/// What onnxruntime computed for the exported test models
/// (Tests/Fixtures/onnx/ort-expected.json, written by make_exported.py).
struct ORTExpected: Decodable {
    var inputs: [[Float]]
    var trees: [String]
    var missingEvery: Int
    var missingFeature: Int
    var scores: [String: [[Double]]]

    static let shared: ORTExpected = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        // The fixture is committed; failing to read it is a broken checkout.
        return try! decoder.decode(ORTExpected.self, from: Data(contentsOf: fixture("ort-expected.json")))
    }()

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/onnx").appendingPathComponent(name)
    }

    /// The inputs onnxruntime was given for `model` (trees: some with a missing value).
    func inputs(for model: String) -> [[Float]] {
        guard trees.contains(model) else { return inputs }
        return inputs.enumerated().map { i, row in
            var row = row
            if i % missingEvery == 0 { row[missingFeature] = .nan }
            return row
        }
    }

    /// How Takt's `score` of each input agrees with onnxruntime's stored scores for `model`: the inputs
    /// with the same argmax (onnxruntime's ArgMax takes the first of equal scores, as `argmax` does),
    /// and the largest difference of the scores (logits, or probabilities for a classifier).
    func agreement(_ model: String, _ score: ([Float]) -> [Double]) throws -> (agreed: Int, of: Int, maxError: Double) {
        let want = try #require(scores[model])
        var agreed = 0, worst = 0.0
        for (x, stored) in zip(inputs, want) {
            let got = score(x)
            if Self.argmax(got) == Self.argmax(stored) { agreed += 1 }
            worst = max(worst, zip(got, stored).map { abs($0 - $1) }.max()!)
        }
        return (agreed, want.count, worst)
    }

    /// The index of the largest value (ties: the first).
    static func argmax<T: Comparable>(_ values: [T]) -> Int {
        values.indices.reduce(0) { values[$1] > values[$0] ? $1 : $0 }
    }

    /// Softmax in Double, as a classifier's tail computes it.
    static func softmax(_ logits: [Float]) -> [Double] {
        let top = Double(logits.max()!)
        let e = logits.map { exp(Double($0) - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }
}
