import Foundation
import TaktKernel
import TaktPlant

/// Runs an experiment's variants over the same replications.
///
/// Variants run one after another, each variant's replications in parallel
/// on `threads` threads; results do not depend on the thread count. In
/// sequential mode (`precision`), replications are added to every variant
/// alike until each variant's interval for the precision figure is narrow
/// enough or the most replications are reached. In selection mode
/// (`select`), after the first stage one more replication of each variant
/// still in the running is added at a time until Kim and Nelson's procedure
/// has one left. A shard runs only its slice
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
        // Runs `work` on one pool over every (variant, replication), so the cores stay busy across variants.
        func execute(_ work: [(variant: Int, replication: Int)]) throws(Failure) {
            let (done, failure) = WorkerPool.replications(work.map { ($0.variant, $0.replication) }, settings: experiment.settings,
                                                          threads: threads, scope: "variant", plant: { experiment.variants[$0].plant },
                                                          onComplete: { item, result in onComplete(item.plant, result) })
            if let (item, error) = failure { throw Failure(variant: experiment.variants[item.plant].name, error: error) }
            for (item, result) in zip(work, done) { if let result { results[item.variant].append(result) } }
        }
        func samples() -> [Comparison.Samples] { zip(previous, results).map { old, new in old.merging(Comparison.samples(new)) { a, _ in a } } }
        var from = 0
        var target = experiment.settings.replications
        while true {
            try execute(Self.work(experiment, from: from, to: target, shard: shard, previous: previous))
            from = target
            guard shard == nil else { return results }
            if experiment.selection != nil {
                // Selecting the best: one more replication of each variant in the running, until one is left.
                while true {
                    let selection = Selection(experiment: experiment, samples: samples())
                    if selection.needed.isEmpty { return results }
                    try execute(selection.needed)
                }
            }
            guard let precision = experiment.precision, from < precision.maxReplications else { return results }
            let comparison = Comparison(experiment: experiment, samples: samples())
            guard let reached = comparison.relativePrecision(of: precision.figure), reached > precision.relative else { return results }
            target = nextCount(done: from, reached: reached, wanted: precision.relative, most: precision.maxReplications)
        }
    }

    /// The (variant, replication) pairs of replications `from..<to` still to run: within `shard`, not in `previous`.
    public static func work(_ experiment: ExperimentDescription, from: Int, to: Int, shard: Shard?,
                            previous: [Comparison.Samples]) -> [(variant: Int, replication: Int)] {
        experiment.variants.indices.flatMap { i in
            (from..<to).filter { previous[i][$0] == nil && (shard?.contains($0) ?? true) }.map { (i, $0) }
        }
    }

    /// Replications to reach relative precision `wanted` from `reached` after `done`:
    /// the half-width shrinks with √n, so n × (reached ÷ wanted)², with 10% to spare,
    /// at least one more and at most `most` (and at most twice as many at once).
    public static func nextCount(done: Int, reached: Double, wanted: Double, most: Int) -> Int {
        let estimate = reached.isFinite ? Double(done) * (reached / wanted) * (reached / wanted) * 1.1 : Double(2 * done)
        return min(most, max(done + 1, min(2 * done, Int(estimate.rounded(.up)))))
    }
}
