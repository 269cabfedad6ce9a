import Foundation
import TaktPlant

/// Runs independent replications of a plant on all cores.
///
/// Each replication is a separate model with its own random streams, so the
/// results are the same whatever the number of threads. Completed
/// replications are handed to `onComplete` one at a time (serialized), as
/// soon as each finishes, so a caller can store them before the rest are done.
public enum ReplicationRunner {
    /// Runs replications `0..<settings.replications` and returns their results in order.
    public static func run(
        _ plant: PlantDescription,
        settings: RunSettings,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        onComplete: @escaping @Sendable (ReplicationResult) -> Void = { _ in }
    ) -> [ReplicationResult] {
        let count = settings.replications
        let collector = Collector(count: count, onComplete: onComplete)
        let workers = max(1, min(threads, count))
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let r = next.take(below: count) {
                collector.add(Replication.run(plant, settings: settings, replication: r))
            }
        }
        return collector.results
    }
}

/// Hands out replication indices to workers.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// Collects results in replication order and serializes the completion callback.
private final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ReplicationResult?]
    private let onComplete: @Sendable (ReplicationResult) -> Void

    init(count: Int, onComplete: @escaping @Sendable (ReplicationResult) -> Void) {
        slots = Array(repeating: nil, count: count)
        self.onComplete = onComplete
    }

    func add(_ result: ReplicationResult) {
        lock.lock(); defer { lock.unlock() }
        slots[result.replication] = result
        onComplete(result)
    }

    var results: [ReplicationResult] {
        lock.lock(); defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
