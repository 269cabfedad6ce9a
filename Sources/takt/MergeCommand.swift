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
        // OUT among the inputs (a glob run a second time, `merge all.sqlite *.sqlite`) holds what it holds: skipped, with a note.
        let outFile = Self.identity(out)
        let inputs = shards.filter { shard in
            guard let outFile, Self.identity(shard) == outFile else { return true }
            Console.error("note: \(shard) is the store merged into (\(out)): skipped\n")
            return false
        }
        let store = try openStore(out)
        for shard in inputs {
            do {
                let (added, skipped) = try store.merge(from: shard)
                print("\(shard): \(added) run(s) added, \(skipped) already in \(out)")
            } catch {
                throw CommandFailure(message: "error: \(error)", code: .storeError)
            }
        }
    }

    /// The file at `path` as the file system knows it (device and inode), whatever the path says; nil if it is not there.
    static func identity(_ path: String) -> [Int]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [Int(info.st_dev), Int(info.st_ino)]
    }
}
