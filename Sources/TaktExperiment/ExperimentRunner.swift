import Foundation
import TaktKernel
import TaktPlant

/// Runs an experiment's variants over the same replications.
///
/// Variants run one after another, each variant's replications in parallel
/// on `threads` threads; results do not depend on the thread count. In
/// sequential mode (`precision`), replications are added to every variant
/// alike until each variant's interval for the precision figure is narrow
/// enough or the most replications are reached. A shard runs only its slice
/// of the replications; replications already done (a resumed run) are skipped.
public enum ExperimentRunner {
    /// A variant's replication could not be simulated to the end.
    public struct Failure: Error, CustomStringConvertible {
        public var variant: String
        public var error: ModelError
        public var description: String { "variant '\(variant)': \(error)" }
    }

    /// One slice of the replications: those r with r mod `count` = `index`.
    public struct Shard: Sendable, Equatable {
        public var index: Int
        public var count: Int

        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }

        public func contains(_ replication: Int) -> Bool { replication % count == index }
    }

    /// Runs every variant's replications that `previous` (per variant, from
    /// the store) does not have and that lie within `shard`, and returns the
    /// new results, variant by variant, in replication order. `onComplete`
    /// gets each finished replication with its variant's index. Sequential
    /// mode judges precision on the previous and the new replications together.
    public static func run(_ experiment: ExperimentDescription, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           shard: Shard? = nil, previous: [Comparison.Samples]? = nil,
                           onComplete: @escaping @Sendable (Int, ReplicationResult) -> Void = { _, _ in }) throws(Failure) -> [[ReplicationResult]] {
        let previous = previous ?? Array(repeating: [:], count: experiment.variants.count)
        var results: [[ReplicationResult]] = Array(repeating: [], count: experiment.variants.count)
        var from = 0
        var target = experiment.settings.replications
        while true {
            // One pool over every (variant, replication), so the cores stay busy across variants.
            var work: [(variant: Int, replication: Int)] = []
            for i in experiment.variants.indices {
                for r in from..<target where previous[i][r] == nil && (shard?.contains(r) ?? true) { work.append((i, r)) }
            }
            let pool = Pool(work: work, variants: experiment.variants.count, onComplete: onComplete)
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, work.count))) { _ in
                while let (i, r) = pool.take() {
                    switch Result(catching: { () throws(ModelError) in
                        try Replication.run(experiment.variants[i].plant, settings: experiment.settings, replication: r)
                    }) {
                    case let .success(result): pool.add(i, result)
                    case let .failure(error): pool.fail(Failure(variant: experiment.variants[i].name, error: error))
                    }
                }
            }
            if let failure = pool.firstFailure { throw failure }
            for i in results.indices { results[i] += pool.results[i].sorted { $0.replication < $1.replication } }
            from = target
            guard shard == nil, let precision = experiment.precision, from < precision.maxReplications else { return results }
            let samples = zip(previous, results).map { old, new in old.merging(Comparison.samples(new)) { a, _ in a } }
            let comparison = Comparison(experiment: experiment, samples: samples)
            guard let reached = comparison.relativePrecision(of: precision.figure), reached > precision.relative else { return results }
            target = nextCount(done: from, reached: reached, wanted: precision.relative, most: precision.maxReplications)
        }
    }

    /// Hands out work items and collects results; serializes the completion callback.
    private final class Pool: @unchecked Sendable {
        private let lock = NSLock()
        private let work: [(variant: Int, replication: Int)]
        private var next = 0
        private(set) var results: [[ReplicationResult]]
        private var failures: [(Int, Failure)] = []
        private let onComplete: @Sendable (Int, ReplicationResult) -> Void

        init(work: [(variant: Int, replication: Int)], variants: Int, onComplete: @escaping @Sendable (Int, ReplicationResult) -> Void) {
            self.work = work
            results = Array(repeating: [], count: variants)
            self.onComplete = onComplete
        }

        /// The next work item; none after a failure.
        func take() -> (Int, Int)? {
            lock.withLock {
                guard failures.isEmpty, next < work.count else { return nil }
                next += 1
                return work[next - 1]
            }
        }

        func add(_ variant: Int, _ result: ReplicationResult) {
            lock.withLock {
                results[variant].append(result)
                onComplete(variant, result)
            }
        }

        func fail(_ failure: Failure) {
            lock.withLock { failures.append((failure.error.replication, failure)) }
        }

        /// The failure of the lowest-numbered replication, if any.
        var firstFailure: Failure? { lock.withLock { failures.min { $0.0 < $1.0 }?.1 } }
    }

    /// Replications to reach relative precision `wanted` from `reached` after `done`:
    /// the half-width shrinks with √n, so n × (reached ÷ wanted)², with 10% to spare,
    /// at least one more and at most `most` (and at most twice as many at once).
    public static func nextCount(done: Int, reached: Double, wanted: Double, most: Int) -> Int {
        let estimate = reached.isFinite ? Double(done) * (reached / wanted) * (reached / wanted) * 1.1 : Double(2 * done)
        return min(most, max(done + 1, min(2 * done, Int(estimate.rounded(.up)))))
    }
}
