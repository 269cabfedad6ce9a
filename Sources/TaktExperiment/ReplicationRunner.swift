import Foundation
import TaktPlant
import TaktPolicy

/// Runs independent replications of a plant on all cores (and on more
/// threads when a policy process answers replications in batches).
///
/// Each replication is a separate model with its own random streams, so the
/// results are the same whatever the number of threads. Completed
/// replications are handed to `onComplete` one at a time (serialized), as
/// soon as each finishes, so a caller can store them before the rest are done.
public enum ReplicationRunner {
    /// Runs replications `0..<settings.replications` and returns their results in order;
    /// `observer` sees replication 0's events. With `periods`, each result carries its
    /// figures' running totals at the ends of its measured window's periods (for batch means).
    ///
    /// - Throws: the `ModelError` of the lowest-numbered failed replication;
    ///   no new replication starts after a failure, and completed ones have
    ///   already been handed to `onComplete`.
    public static func run(
        _ plant: PlantDescription,
        settings: RunSettings,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        recorders: [DecisionRecorder]? = nil,
        recordSite: DecisionSite? = nil,
        observer: EventObserver? = nil,
        periods: Bool = false,
        onComplete: @escaping @Sendable (ReplicationResult) -> Void = { _ in }
    ) throws(ModelError) -> [ReplicationResult] {
        // Policy processes that answer in batches serve every replication of the run, as many at once as they take.
        let processes = PolicyServerPool()
        defer { processes.close() }
        let batch = plant.policyBatch
        let (results, failure) = WorkerPool.run(Array(0..<settings.replications), threads: max(threads, batch), body: { r throws(ModelError) in
            try Replication.run(plant, settings: settings, replication: r, recorder: recorders?[r], recordSite: recordSite,
                                observer: r == 0 ? observer : nil, serving: batch > 0 ? PolicyServing(pool: processes, scope: "plant") : nil,
                                periods: periods)
        }, onComplete: { _, result in onComplete(result) })
        if let (_, error) = failure { throw error }
        return results.compactMap { $0 }
    }
}
