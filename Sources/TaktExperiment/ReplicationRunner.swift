import Foundation
import TaktPlant

/// Runs independent replications of a plant on all cores.
///
/// Each replication is a separate model with its own random streams, so the
/// results are the same whatever the number of threads. Completed
/// replications are handed to `onComplete` one at a time (serialized), as
/// soon as each finishes, so a caller can store them before the rest are done.
public enum ReplicationRunner {
    /// Runs the replications `indices` (default `0..<settings.replications`) and returns their results in that order.
    ///
    /// - Throws: the `ModelError` of the lowest-numbered failed replication;
    ///   no new replication starts after a failure, and completed ones have
    ///   already been handed to `onComplete`.
    public static func run(
        _ plant: PlantDescription,
        settings: RunSettings,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        indices: [Int]? = nil,
        recorders: [DecisionRecorder]? = nil,
        recordSite: DecisionSite? = nil,
        onComplete: @escaping @Sendable (ReplicationResult) -> Void = { _ in }
    ) throws(ModelError) -> [ReplicationResult] {
        let indices = indices ?? Array(0..<settings.replications)
        let collector = Collector(indices: indices, onComplete: onComplete)
        let workers = max(1, min(threads, indices.count))
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = next.take(below: indices.count) {
                let r = indices[i]
                switch Result(catching: { () throws(ModelError) in try Replication.run(plant, settings: settings, replication: r, recorder: recorders?[r], recordSite: recordSite) }) {
                case let .success(result):
                    collector.add(result)
                case let .failure(error):
                    collector.fail(error)
                    next.close()
                }
            }
        }
        if let error = collector.firstError { throw error }
        return collector.results
    }
}

/// Hands out replication indices to workers.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    private var closed = false

    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard !closed, value < limit else { return nil }
        value += 1
        return value - 1
    }

    /// Hands out no more indices.
    func close() {
        lock.lock(); defer { lock.unlock() }
        closed = true
    }
}

/// Collects results in replication order and serializes the completion callback.
private final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ReplicationResult?]
    private let position: [Int: Int]
    private let onComplete: @Sendable (ReplicationResult) -> Void

    init(indices: [Int], onComplete: @escaping @Sendable (ReplicationResult) -> Void) {
        position = Dictionary(indices.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        slots = Array(repeating: nil, count: indices.count)
        self.onComplete = onComplete
    }

    func add(_ result: ReplicationResult) {
        lock.lock(); defer { lock.unlock() }
        if let p = position[result.replication] { slots[p] = result }
        onComplete(result)
    }

    private var errors: [ModelError] = []

    func fail(_ error: ModelError) {
        lock.lock(); defer { lock.unlock() }
        errors.append(error)
    }

    var firstError: ModelError? {
        lock.lock(); defer { lock.unlock() }
        return errors.min { $0.replication < $1.replication }
    }

    var results: [ReplicationResult] {
        lock.lock(); defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
