import TaktKernel
import TaktPlant

/// How the figures of a run of one long replication got their half-widths:
/// batch means over the periods of its measured window (`BatchMeans`).
public struct BatchMeansSummary: Sendable {
    /// One figure's batch means.
    public struct Figure: Sendable {
        /// The station of a station figure; nil for a plant figure.
        public var station: String?
        public var figure: String
        public var batchMeans: BatchMeans

        /// The figure's name, with its station's for a station figure (`weld.mean_wait_s`).
        public var name: String { station.map { "\($0).\(figure)" } ?? figure }
    }

    /// Periods the measured window was cut into (0 when it was not).
    public var periods: Int
    /// How often the plant's calendars repeat, seconds (nil: no calendar); batches are whole repeats.
    public var cycleSeconds: Double?
    /// Why no figure has a half-width (an order list that ends, too few repeats of the calendar); nil when batch means ran.
    public var refusal: String?
    /// Each plant-level figure's batch means, in declaration order, then each station figure's.
    public var figures: [Figure]

    /// The figures whose batch means stayed correlated down to the fewest batches: no half-width.
    public var correlated: [Figure] { figures.filter { $0.batchMeans.halfWidth == nil } }
}

extension RunSummary {
    /// Gives the figures of a one-replication run the half-widths of its batch means.
    mutating func applyBatchMeans(_ periods: PeriodTotals) {
        var summary = BatchMeansSummary(periods: periods.ends.count, cycleSeconds: periods.cycleSeconds, refusal: periods.refusal, figures: [])
        defer { batchMeans = summary }
        guard periods.refusal == nil else { return }
        figures = figures.map { entry in
            guard let means = periods.figures[entry.figure.name]?.batchMeans else { return entry }
            summary.figures.append(.init(figure: entry.figure.name, batchMeans: means))
            return FigureEstimate(figure: entry.figure, estimate: Estimate(mean: entry.estimate.mean, halfWidth: means.halfWidth, count: 1))
        }
        for s in stations.indices where s < periods.stations.count {
            for (name, means) in stations[s].figures.applyBatchMeans(periods.stations[s]) {
                summary.figures.append(.init(station: stations[s].name, figure: name, batchMeans: means))
            }
        }
    }
}
