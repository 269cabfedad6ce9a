import Foundation
import TaktKernel
import TaktPlant

/// Runs an experiment's variants over the same replications.
///
/// Variants run one after another, each variant's replications in parallel
/// on `threads` threads; results do not depend on the thread count. In
/// sequential mode (`precision`), replications are added to every variant
/// alike until each variant's interval for the precision figure is narrow
/// enough or the most replications are reached.
public enum ExperimentRunner {
    /// A variant's replication could not be simulated to the end.
    public struct Failure: Error, CustomStringConvertible {
        public var variant: String
        public var error: ModelError
        public var description: String { "variant '\(variant)': \(error)" }
    }

    /// Runs every variant and returns their results (replications in order), variant by variant.
    /// `onComplete` gets each finished replication with its variant's index (serialized per variant).
    public static func run(_ experiment: ExperimentDescription, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           onComplete: @escaping @Sendable (Int, ReplicationResult) -> Void = { _, _ in }) throws(Failure) -> [[ReplicationResult]] {
        var results: [[ReplicationResult]] = Array(repeating: [], count: experiment.variants.count)
        var done = 0
        var target = experiment.settings.replications
        while true {
            for (i, variant) in experiment.variants.enumerated() {
                var settings = experiment.settings
                settings.replications = target
                do {
                    results[i] += try ReplicationRunner.run(variant.plant, settings: settings, threads: threads, first: done) { onComplete(i, $0) }
                } catch {
                    throw Failure(variant: variant.name, error: error)
                }
            }
            done = target
            guard let precision = experiment.precision, done < precision.maxReplications else { return results }
            let comparison = Comparison(experiment: experiment, results: results)
            guard let reached = comparison.relativePrecision(of: precision.figure), reached > precision.relative else { return results }
            target = nextCount(done: done, reached: reached, wanted: precision.relative, most: precision.maxReplications)
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
