import Foundation
import TaktExperiment
import TaktPlant
import TaktStore

/// Runs an experiment's replications and stores each as it completes, under
/// the experiment's name and content hash: `takt compare` and the selection
/// after `takt optimize`.
struct StoredExperiment {
    /// The new results, variant by variant, in replication order.
    var results: [[ReplicationResult]]
    /// Replications stored.
    var stored: Int
    /// Why the store could not keep them all; the results are complete regardless.
    var storeFailure: CommandFailure?
    /// The experiment's id in the store (nil without one).
    var experimentID: Int64?

    /// Runs `description`'s replications not in `previous` (none: all of them; within `shard`) on `threads` threads into `store` (at `db`).
    /// A replication that cannot be simulated is a model error naming the replications already stored.
    init(_ description: ExperimentDescription, threads: Int, store: RunStore?, db: String,
         shard: ExperimentRunner.Shard? = nil, previous: [Comparison.Samples]? = nil) throws {
        let previous = previous ?? Array(repeating: [:], count: description.variants.count)
        var experimentID: Int64?
        if let store {
            do {
                experimentID = try store.experimentID(ExperimentRecord(
                    name: description.name, hash: description.contentHash, file: description.file, baseline: description.baseline,
                    variants: description.variants.map(\.name), createdAt: StoreWriter.iso(Date()), figures: description.figures))
            } catch {
                throw CommandFailure(message: "error: \(error)", code: .storeError)
            }
        }
        let writers = description.variants.map { v in
            StoreWriter(store: store, plant: v.plant, settings: description.settings, version: Takt.version, experimentID: experimentID, variant: v.name)
        }
        let progress = Progress(total: ExperimentRunner.work(description, from: 0, to: description.settings.replications, shard: shard,
                                                             previous: previous).count, label: "replications")
        do {
            defer { progress.finish() }
            results = try ExperimentRunner.run(description, threads: threads, shard: shard, previous: previous) { i, result in
                writers[i].write(result)
                progress.advance()
            }
        } catch {
            let kept = writers.reduce(0) { $0 + $1.storedIDs.count }
            throw CommandFailure(message: "error: \(description.file): \(error)" + (kept > 0 ? "\n\(kept) replication(s) that completed were stored in \(db)." : ""),
                                 code: .modelError)
        }
        let stored = writers.reduce(0) { $0 + $1.storedIDs.count }
        self.stored = stored
        self.experimentID = experimentID
        storeFailure = writers.compactMap(\.failure).first.map { failure in
            CommandFailure(message: "error: \(failure)\n\(stored) replication(s) were stored before the failure; "
                           + "`takt compare --resume` completes the store once it can be written", code: .storeError)
        }
    }
}
