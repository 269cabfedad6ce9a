import Foundation
import TaktTestSupport
import Testing

@Suite("takt policy, train and quantize, end to end")
struct PolicyCommandTests {
    @Test("inspect checks a shipped model and shows what it is")
    func inspect() throws {
        let out = try CLI.run(["policy", "inspect", "Plants/policies/pick-int8.json"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("decision point   pick, features version 1"))
        #expect(out.stdout.contains("network          32-64-64-8 MLP"))
        #expect(out.stdout.contains("precision        int8"))
        #expect(out.stdout.contains("  model card\n    source                      quantized to int8 by takt quantize"))
        #expect(out.stdout.contains("agreement with fp32         99.66% of held-out decisions"))
        #expect(out.stdout.contains("decision cost here"))
    }

    @Test("the report shows a model card for each site a model file serves, with the cost its runs measured")
    func reportModelCards() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("cards.sqlite").path
        let plant = try String(contentsOfFile: Repository.path("Plants/examples/predictive-maintenance.yaml"), encoding: .utf8)
        let rule = try #require(plant.range(of: #"rule: [^\n]*"#, options: .regularExpression))
        let served = plant.replacingCharacters(in: rule, with: "rule: {policy: \(Repository.path("Plants/policies/maintenance-int8.json"))}")
        let path = dir.appendingPathComponent("plant.yaml").path
        try served.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", path, "--db", db, "--replications", "1", "--duration", "7d", "--warmup", "1d"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = dir.appendingPathComponent("r.html").path
        #expect(try CLI.run(["report", "--db", db, "--last", "1", "--out", report]).status == 0)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("id=\"model-cards\""))
        #expect(html.contains("quantized to int8 by takt quantize"))
        #expect(html.contains("data-metric=\"decision_ns\""))
        let plain = try CLI.run(["run", "Plants/validation/mm1.yaml", "--db", db, "--replications", "1"])
        #expect(plain.status == 0)
        #expect(try CLI.run(["report", "--db", db, "--last", "1", "--out", report]).status == 0)
        #expect(!(try String(contentsOfFile: report, encoding: .utf8)).contains("id=\"model-cards\""))
    }

    @Test("a corrupt model file is bad input (exit 2) naming the file and the problem")
    func corrupt() throws {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("m.json").path
        var text = try String(contentsOfFile: Repository.path("Plants/policies/pick-fp32.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"decision_point\" : \"pick\"", with: "\"decision_point\" : \"pack\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let out = try CLI.run(["policy", "inspect", path])
        #expect(out.status == 2)
        #expect(out.stderr.contains("\(path): checksum mismatch"))
    }

    @Test("import brings an ONNX MLP in as a pick policy that a plant can use; an unsupported graph is refused")
    func importONNX() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("imported.json").path
        let ok = try CLI.run(["policy", "import", "Tests/Fixtures/onnx/gemm-mlp.onnx", "--point", "pick", "--out", model])
        #expect(ok.status == 0, "\(ok.stderr)")
        let inspect = try CLI.run(["policy", "inspect", model])
        #expect(inspect.stdout.contains("32-16-8 MLP"))
        let conv = try CLI.run(["policy", "import", "Tests/Fixtures/onnx/conv.onnx", "--point", "pick", "--out", model])
        #expect(conv.status == 2)
        #expect(conv.stderr.contains("(Conv) is not supported"))
        let point = try CLI.run(["policy", "import", "Tests/Fixtures/onnx/gemm-mlp.onnx", "--point", "scrap", "--out", model])
        #expect(point.status == 2)
        #expect(point.stderr.contains("no decision point is named 'scrap'"))
        let shape = try CLI.run(["policy", "import", "Tests/Fixtures/onnx/gemm-mlp.onnx", "--point", "maintenance", "--out", model])
        #expect(shape.status == 2)
        #expect(shape.stderr.contains("maps 32 inputs to 8 scores; 'maintenance' gives 16 features and has 3 actions"))
        let direct = try CLI.run(["policy", "inspect", "Tests/Fixtures/onnx/gemm-mlp.onnx"])
        #expect(direct.status == 2 && direct.stderr.contains("`takt policy import MODEL.onnx --point POINT --out FILE.json`"), "\(direct.stderr)")
    }

    @Test("train and quantize make a working int8 policy, deterministically")
    func trainAndQuantize() throws {
        let dir = try CLI.temporaryDirectory()
        let fp32 = dir.appendingPathComponent("p32.json").path, int8 = dir.appendingPathComponent("p8.json").path
        let plant = "Plants/examples/colour-batching.yaml"
        let train = ["train", plant, "--point", "pick", "--at", "paint-booth", "--out", fp32, "--replications", "1", "--duration", "2d",
                     "--hidden", "16", "--epochs", "5", "--seed", "3"]
        let trained = try CLI.run(train)
        #expect(trained.status == 0, "\(trained.stderr)")
        let first = try Data(contentsOf: URL(fileURLWithPath: fp32))
        #expect(try CLI.run(train).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fp32)) == first)
        let quantized = try CLI.run(["quantize", fp32, "--plant", plant, "--point", "pick", "--at", "paint-booth", "--out", int8, "--replications", "2", "--duration", "2d"])
        #expect(quantized.status == 0, "\(quantized.stderr)")
        #expect(quantized.stdout.contains("int8 chooses as fp32 does on"))
        // The calibration's range named as people say it: a percentile, or the largest values seen.
        #expect(quantized.stdout.contains("th percentile;") || quantized.stdout.contains("at the largest values seen;"), "\(quantized.stdout)")
        #expect(!quantized.stdout.contains("0.99 percentile") && !quantized.stdout.contains("1.0 percentile"))
        let bad = try CLI.run(["train", plant, "--point", "pick", "--at", "nowhere", "--out", fp32])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("no station is named 'nowhere'"))
    }
}
