import TaktKernel
import TaktPlant

/// The declared figures of one subject (a station, a robot, a fleet) across
/// the replications of a run: each figure's estimate, and whether the plant
/// reports it for this subject.
public struct OutputEstimates<Subject: Sendable, Context: Sendable>: Sendable {
    /// One declared figure with its estimate.
    public struct Entry: Sendable {
        public let output: Output<Subject, Context>
        public let estimate: Estimate
        /// False for a figure the subject does not have (defects of a station that does not inspect).
        public let isReported: Bool
    }

    /// Every declared figure, in declaration order.
    public private(set) var entries: [Entry]

    /// Combines `rows` (the subject in each replication) figure by figure.
    init(_ outputs: [Output<Subject, Context>], rows: [Subject], context: Context) {
        entries = outputs.map { output in
            let estimate: Estimate
            switch output.combination {
            case .mean: estimate = Estimate(rows.compactMap(output.storedValue(of:)))  // the replications that have it
            }
            return Entry(output: output, estimate: estimate, isReported: output.isReported(for: context))
        }
    }

    /// The same figures with the half-widths of one long replication's batch means, from its running `totals` by figure name
    /// (a figure without a basis or totals keeps its estimate); returns each figure's batch means.
    @discardableResult
    mutating func applyBatchMeans(_ totals: [String: RunningTotals]) -> [(name: String, batchMeans: BatchMeans)] {
        var applied: [(name: String, batchMeans: BatchMeans)] = []
        for (i, entry) in entries.enumerated() {
            guard let means = totals[entry.output.name]?.batchMeans else { continue }
            entries[i] = Entry(output: entry.output, estimate: Estimate(mean: entry.estimate.mean, halfWidth: means.halfWidth, count: 1),
                               isReported: entry.isReported)
            applied.append((entry.output.name, means))
        }
        return applied
    }

    /// The estimate of `output` (zero for a figure the subject does not have).
    public subscript(_ output: Output<Subject, Context>) -> Estimate {
        entries.first { $0.output.name == output.name }?.estimate ?? Estimate([])
    }

    /// Whether the plant reports `output` for this subject.
    public func reports(_ output: Output<Subject, Context>) -> Bool {
        entries.first { $0.output.name == output.name }?.isReported ?? false
    }

    /// The figures the subject has, in declaration order.
    public var reported: [Entry] { entries.filter(\.isReported) }
}
