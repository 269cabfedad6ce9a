import ArgumentParser
import Foundation
import TaktPlant
import TaktPolicy

/// `takt policy inspect FILE`: what a model file holds.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Work with policy model files.",
        subcommands: [Inspect.self, Import.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a policy file from an MLP in ONNX (Gemm/MatMul/Add/Relu), e.g. exported from PyTorch.",
            discussion: """
                The network must take the decision point's features in the documented order \
                (`takt policy inspect` on a shipped policy lists them) and score its actions.
                """
        )

        @Argument(help: "The ONNX model file.")
        var onnx: String

        @Option(help: "The decision point the network serves (\(DecisionPoints.all.map(\.point).joined(separator: ", "))).")
        var point: String

        @Option(help: "Where to write the fp32 policy file.")
        var out: String

        func run() throws {
            guard let schema = DecisionPoints.schema(named: point) else {
                throw CommandFailure(message: "error: --point: no decision point is named '\(point)'; there are: \(DecisionPoints.all.map(\.point).joined(separator: ", "))", code: .badInput)
            }
            let mlp: MLP
            do {
                mlp = try ONNXImport.mlp(fromFile: onnx)
            } catch {
                throw CommandFailure(message: "error: \(error.description)", code: .badInput)
            }
            guard mlp.inputs == schema.features.count, mlp.outputs == schema.actions.count else {
                throw CommandFailure(message: "error: \(onnx): the network maps \(mlp.inputs) inputs to \(mlp.outputs) scores; '\(point)' gives \(schema.features.count) features and has \(schema.actions.count) actions", code: .badInput)
            }
            let file = PolicyFile(schema: schema, network: .fp32(mlp), provenance: ["imported_from": onnx, "takt_version": Takt.version])
            try writePolicy(file, to: out)
            print("Imported \(mlp.shape.map(String.init).joined(separator: "-")) from \(onnx) for '\(point)'; wrote \(out). Make an int8 version with `takt quantize`.")
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a model file and show its decision point, network, precision and provenance."
        )

        @Argument(help: "The model file.")
        var file: String

        func run() throws {
            let policy = try loadPolicy(file)
            let shape = policy.network.shape
            let macs = zip(shape, shape.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
            var lines = [
                "\(file): a valid takt-policy file (format version \(PolicyFile.version), checksum \(policy.checksum.prefix(19))… matches)",
                "  decision point   \(policy.schema.point), features version \(policy.schema.version)",
                "  network          \(shape.map(String.init).joined(separator: "-")) MLP, ReLU between layers, \(macs) multiply-adds per decision",
                "  precision        \(policy.network.precision.rawValue)",
            ]
            if case let .int8(q) = policy.network {
                lines.append("  quantization     symmetric per-output-channel weights; input scale \(q.inputScale); int32 accumulation; requantized between layers")
            }
            lines.append("  features         \(policy.schema.features.joined(separator: ", "))")
            lines.append("  actions          \(policy.schema.actions.joined(separator: ", "))")
            if !policy.provenance.isEmpty { lines.append("  provenance") }
            let width = policy.provenance.keys.map(\.count).max() ?? 0
            for key in policy.provenance.keys.sorted() {
                lines.append("    \(key.padding(toLength: width, withPad: " ", startingAt: 0))  \(policy.provenance[key]!)")
            }
            print(lines.joined(separator: "\n"))
        }
    }
}
