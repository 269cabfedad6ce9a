import TaktExperiment
import TaktStore

extension ReportLoader {
    /// Gives the figures of groups with one replication the half-widths of
    /// their run's batch means (`batch_means`), in the comparison's table and
    /// the group's metrics; returns the note that says so (nil: no such group).
    static func applyBatchMeans(_ records: [BatchMeansRecord], to comparison: inout Comparison, groups: inout [ReportGroup]) -> String? {
        guard comparison.replications == 1 else { return nil }
        let plantFigures = Dictionary(grouping: records.filter { $0.station.isEmpty }, by: \.runId)
        var applied = false
        for (i, group) in groups.enumerated() {
            guard group.runIDs.count == 1, let rows = plantFigures[group.runIDs[0]], !rows.isEmpty else { continue }
            let byFigure = Dictionary(rows.map { ($0.figure, $0) }) { first, _ in first }
            func withHalfWidth(_ name: String, _ estimate: Estimate) -> Estimate {
                guard let row = byFigure[name] else { return estimate }
                return Estimate(mean: estimate.mean, halfWidth: row.halfWidth, count: 1)
            }
            if let v = comparison.variants.firstIndex(where: { $0.name == group.name }) {
                for (f, figure) in comparison.figures.enumerated() {
                    if let estimate = comparison.variants[v].estimates[f] { comparison.variants[v].estimates[f] = withHalfWidth(figure.name, estimate) }
                }
            }
            for (name, estimate) in group.metrics { groups[i].metrics[name] = withHalfWidth(name, estimate) }
            applied = true
        }
        guard applied else { return nil }
        return "One replication per group: ± are 95% half-widths from batch means of each run (a figure whose batches stayed correlated has none); "
            + "differences between groups need replications to be tested."
    }
}
