import ArgumentParser
import Foundation
import TaktPolicy

/// `takt policy inspect FILE`: what a model file holds.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Work with policy model files.",
        subcommands: [Inspect.self]
    )

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
