import Foundation
import TaktTestSupport
import Testing

/// `takt policy import` of models as exporters write them, through to a plant run.
@Suite("takt policy import: exported models, tree ensembles")
struct ImportedModelCommandTests {
    /// `takt policy import` of the fixture `name` for pick into a fresh folder: its outcome (expected to succeed) and the policy file.
    func importForPick(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (outcome: CLI.Outcome, model: String) {
        let model = try CLI.temporaryDirectory().appendingPathComponent("imported.json").path
        let outcome = try CLI.run(["policy", "import", "Tests/Fixtures/onnx/\(name)", "--point", "pick", "--out", model])
        #expect(outcome.status == 0, "\(outcome.stderr)", sourceLocation: sourceLocation)
        return (outcome, model)
    }

    @Test("a LightGBM ensemble imports for pick, inspects as trees, decides in a plant run, and is not quantized")
    func trees() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("trees.json").path
        let imported = try CLI.run(["policy", "import", "Tests/Fixtures/onnx/lightgbm.onnx", "--point", "pick", "--out", model])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 32 trees"))
        #expect(imported.stdout.contains("note: cut the classifier tail"))
        let inspect = try CLI.run(["policy", "inspect", model])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("model            tree ensemble: 32 trees, depth"))
        #expect(inspect.stdout.contains("32 features → 8 scores"))
        #expect(inspect.stdout.contains("import_note_1"))

        var plant = try String(contentsOfFile: Repository.path("Plants/examples/colour-batching.yaml"), encoding: .utf8)
        #expect(plant.contains("pick: batch"))
        plant = plant.replacingOccurrences(of: "pick: batch", with: "pick: {policy: \(model), teacher: oracle}")
        let plantPath = dir.appendingPathComponent("plant.yaml").path
        try plant.write(toFile: plantPath, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", plantPath, "--db", dir.appendingPathComponent("runs.sqlite").path, "--duration", "2d"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("fp32 policy"), "\(run.stdout)")

        let quantize = try CLI.run(["quantize", model, "--plant", plantPath, "--point", "pick", "--at", "paint-booth", "--out", model + ".int8"])
        #expect(quantize.status == 2)
        #expect(quantize.stderr.contains("the model is a tree ensemble; trees are evaluated in fp32 and are not quantized"))
    }

    @Test("a forest exported without ZipMap, trained on labels 1…8: the note lists them, and the policy file's provenance keeps it")
    func labels() throws {
        let (imported, model) = try importForPick("sklearn-forest-labels.onnx")
        let note = "the classifier's class labels (1, 2, 3, 4, 5, 6, 7, 8) are actions 0…7 in that order: class k scores action k, whatever its label"
        #expect(imported.stdout.contains("note: \(note)"), "\(imported.stdout)")
        let inspect = try CLI.run(["policy", "inspect", model])
        #expect(inspect.stdout.contains("import_note_1  \(note)"), "\(inspect.stdout)")
    }

    @Test("a PyTorch-style MLP imports with its activations, and inspect lists them")
    func activations() throws {
        let model = try importForPick("torch-style-mlp.onnx").model
        let inspect = try CLI.run(["policy", "inspect", model])
        #expect(inspect.stdout.contains("32-16-16-16-16-8 MLP, activations leaky_relu(0.1), tanh, sigmoid, clip(0.0, 6.0)"), "\(inspect.stdout)")
    }
}
