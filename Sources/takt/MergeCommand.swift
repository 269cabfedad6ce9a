import ArgumentParser
import Foundation
import TaktStore

/// `takt merge OUT SHARD...`: combine run stores (e.g. the shards of a comparison).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine run stores (the shards of a comparison) into one.",
        discussion: """
            Copies every run that OUT lacks, with its rows and its experiment (and \
            the search behind an optimization's selection), one store at a time in \
            one transaction each. A run already in OUT (same batch, \
            replication and plant hash) is skipped, so merging the same shard twice \
            adds nothing. Then `takt compare EXPERIMENT --from-db --db OUT`.
            """
    )

    @Argument(help: "The store to merge into (created if missing).")
    var out: String

    @Argument(help: "The stores to merge from.")
    var shards: [String]

    func run() throws {
        for shard in shards where !FileManager.default.fileExists(atPath: shard) {
            throw CommandFailure(message: "error: \(shard): no such store", code: .badInput)
        }
        let store = try openStore(out)
        for shard in shards {
            do {
                let (added, skipped) = try store.merge(from: shard)
                print("\(shard): \(added) run(s) added, \(skipped) already in \(out)")
            } catch {
                throw CommandFailure(message: "error: \(error)", code: .storeError)
            }
        }
    }
}
