import Foundation
@testable import TaktPolicy
import Testing

/// The import's note on class labels: whenever a classifier's labels are not
/// 0, 1, 2, … in order, whatever the classifier and whether or not it was
/// exported with a ZipMap, the note lists them in action order.
@Suite("ONNX import: class labels")
struct ONNXClassLabelTests {
    func notes(_ name: String) throws -> [String] {
        try ONNXImport.model(fromFile: ORTExpected.fixture(name).path, features: 32).notes
    }

    func labelNote(_ notes: [String]) -> String? { notes.first { $0.contains("class labels") } }

    @Test("labels other than 0…7 are listed in action order: trees and MLPs, with and without ZipMap, numbers and strings",
          arguments: [
              ("sklearn-forest-labels.onnx", "1, 2, 3, 4, 5, 6, 7, 8"),  // zipmap False: the labels only in classlabels_int64s
              ("sklearn-mlp-slots.onnx", "slot10, slot3, slot4, slot5, slot6, slot7, slot8, slot9"),  // zipmap False: a string tensor
              ("sklearn-mlp-labels.onnx", "c0, c1, c2, c3, c4, c5, c6, c7"),  // ZipMap
          ])
    func listed(name: String, labels: String) throws {
        let notes = try notes(name)
        #expect(labelNote(notes) == "the classifier's class labels (\(labels)) are actions 0…7 in that order: class k scores action k, whatever its label",
                "\(notes)")
    }

    @Test("labels 0…7 in order, or none (a regressor-like PyTorch network), give no label note",
          arguments: ["sklearn-forest.onnx", "sklearn-mlp.onnx", "lightgbm.onnx", "xgboost.onnx", "torch-style-mlp.onnx"])
    func none(name: String) throws {
        let notes = try notes(name)
        #expect(labelNote(notes) == nil, "\(notes)")
    }

    @Test("the MLP with string labels scores as onnxruntime does; labels as huge numbers are shown, not trapped on")
    func slots() throws {
        let path = ORTExpected.fixture("sklearn-mlp-slots.onnx").path
        let mlp = try ONNXImport.mlp(fromFile: path)
        for (x, p) in zip(ORTExpected.shared.inputs, try #require(ORTExpected.shared.scores["sklearn-mlp-slots.onnx"])) {
            #expect(zip(ORTExpected.softmax(mlp.referenceForward(x)), p).allSatisfy { abs($0 - $1) <= 2e-6 })
        }
        var model = try Onnx_ModelProto(serializedBytes: Data(contentsOf: URL(fileURLWithPath: path)))
        let classes = try #require(model.graph.initializer.firstIndex { $0.name == "classes" })
        model.graph.initializer[classes].dataType = 7
        model.graph.initializer[classes].stringData = []
        model.graph.initializer[classes].int64Data = [Int64.max] + (1...7).map(Int64.init)
        let notes = try ONNXImport.model(from: model.serializedData(), path: "m.onnx", features: 32).notes
        #expect(labelNote(notes)?.contains("(9.223372036854776e+18, 1, 2, 3, 4, 5, 6, 7)") == true, "\(notes)")
    }
}
