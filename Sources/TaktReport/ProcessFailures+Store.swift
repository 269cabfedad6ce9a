import TaktExperiment
import TaktStore

extension ProcessFailures {
    /// Sums the decision sites the store holds for some runs, a list of `decision_stats` rows per run.
    public init(stored runs: [[DecisionStatRecord]]) {
        self.init(runs: runs.map { $0.map { ("\($0.point) at \($0.at)", $0.decisions, $0.processFallbacks, $0.processFailure) } })
    }
}
