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
            abstract: "Make a policy file from an ONNX model: an MLP (PyTorch, scikit-learn, onnxruntime-quantized) or a tree ensemble (scikit-learn, XGBoost, LightGBM).",
            discussion: """
                The model must take the decision point's features in the documented order \
                (`takt policy inspect` on a shipped policy lists them) and score its actions: \
                class k of a classifier scores action k. A classifier's tail after the scores \
                (Softmax, ArgMax, ZipMap, …) is cut off; it does not change the chosen action.
                """
        )

        @Argument(help: "The ONNX model file.")
        var onnx: String

        @Option(help: "The decision point the model serves (\(DecisionPoints.all.map(\.point).joined(separator: ", "))).")
        var point: String

        @Option(help: "Where to write the fp32 policy file.")
        var out: String

        func run() throws {
            guard let schema = DecisionPoints.schema(named: point) else {
                throw CommandFailure(message: "error: --point: no decision point is named '\(point)'; there are: \(DecisionPoints.all.map(\.point).joined(separator: ", "))", code: .badInput)
            }
            let imported: ImportedModel
            do {
                imported = try ONNXImport.model(fromFile: onnx, features: schema.features.count)
            } catch {
                throw CommandFailure(message: "error: \(error.description)", code: .badInput)
            }
            var network = imported.network
            if case var .trees(e) = network, e.inputs < schema.features.count {
                e.inputs = schema.features.count  // an ensemble need not read the last features
                network = .trees(e)
            }
            let shape = network.shape
            guard shape[0] == schema.features.count, shape[shape.count - 1] == schema.actions.count else {
                // A classifier trained on decisions that never chose the last actions knows fewer classes than the point has.
                let fewer = shape[shape.count - 1] < schema.actions.count
                    ? " (a classifier knows only the classes its training data had: train it on all \(schema.actions.count) actions' labels, "
                        + "or give it class labels 0…\(schema.actions.count - 1), e.g. by adding one example of each missing action)" : ""
                throw CommandFailure(message: "error: \(onnx): the model maps \(shape[0]) inputs to \(shape[shape.count - 1]) scores; '\(point)' gives "
                    + "\(schema.features.count) features and has \(schema.actions.count) actions\(fewer)", code: .badInput)
            }
            var provenance = ["imported_from": onnx, "takt_version": Takt.version]
            for (i, note) in imported.notes.enumerated() { provenance["import_note_\(i + 1)"] = note }
            let file = PolicyFile(schema: schema, network: network, provenance: provenance)
            try writePolicy(file, to: out)
            for note in imported.notes { print("note: \(note)") }
            switch network {
            case let .trees(e):
                print("Imported \(e.treeCount) trees (\(e.nodeCount) nodes, depth \(e.depth)) from \(onnx) for '\(point)'; wrote \(out). Trees are evaluated in fp32 (not quantized).")
            default:
                print("Imported \(shape.map(String.init).joined(separator: "-")) from \(onnx) for '\(point)'; wrote \(out). Make an int8 version with `takt quantize`.")
            }
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a model file and show its decision point, model, precision, model card and provenance."
        )

        @Argument(help: "The model file.")
        var file: String

        func run() throws {
            let policy = try loadPolicy(file)
            var lines = [
                "\(file): a valid takt-policy file (format version \(PolicyFile.version), checksum \(policy.checksum.prefix(19))… matches)",
                "  decision point   \(policy.schema.point), features version \(policy.schema.version)",
                "  \(policy.network.kind == "mlp" ? "network " : "model   ")         \(describe(policy.network))",
                "  precision        \(policy.network.precision.rawValue)",
            ]
            if case let .int8(q) = policy.network {
                lines.append("  quantization     symmetric per-output-channel weights; input scale \(q.inputScale); int32 accumulation; requantized between layers")
            }
            lines.append("  features         \(policy.schema.features.joined(separator: ", "))")
            lines.append("  actions          \(policy.schema.actions.joined(separator: ", "))")
            lines.append("  model card")
            let card = ModelCard(policy)
            for (label, value) in card.entries { lines.append("    " + label.padding(toLength: 28, withPad: " ", startingAt: 0) + value) }
            let cost = ModelCard.decisionCost(of: policy)
            lines.append("    " + "decision cost here".padding(toLength: 28, withPad: " ", startingAt: 0)
                + (cost >= 1000 ? String(format: "%.1f µs", cost / 1000) : String(format: "%.0f ns", cost))
                + " per decision (this machine, random features; `takt run` measures it in the plant)")
            if !policy.provenance.isEmpty { lines.append("  provenance") }
            let width = policy.provenance.keys.map(\.count).max() ?? 0
            for key in policy.provenance.keys.sorted() {
                lines.append("    \(key.padding(toLength: width, withPad: " ", startingAt: 0))  \(policy.provenance[key]!)")
            }
            print(lines.joined(separator: "\n"))
        }

        /// The model in one line: an MLP's shape and activations, or an ensemble's trees.
        func describe(_ network: PolicyFile.Network) -> String {
            let shape = network.shape.map(String.init).joined(separator: "-")
            let activations: [Activation]
            switch network {
            case let .trees(e):
                return "tree ensemble: \(e.treeCount) trees, depth \(e.depth), \(e.nodeCount) nodes (\(e.leafCount) leaves), "
                    + "\(e.inputs) features → \(e.outputs) scores, \(e.aggregate.rawValue.lowercased()) of leaf weights"
                    + (e.baseValues.isEmpty ? "" : " plus base values") + "; the source's post_transform \(e.postTransform.rawValue) is left out"
            case let .fp32(m): activations = m.activations
            case let .int8(m): activations = m.activations
            }
            let hidden = activations.dropLast()
            let between = hidden.allSatisfy { $0 == .relu } ? "ReLU between layers"
                : "activations " + hidden.map(\.summary).joined(separator: ", ")
            return "\(shape) MLP, \(between), \(network.macs) multiply-adds per decision"
        }
    }
}
