import TaktPlant

/// The decision sites of one variant (or run set) whose policy process
/// failed in some replications, so that the fallback made decisions the
/// figures owe to it: summed for a warning next to the figures.
///
/// A comparison ranks variants by their figures; a variant whose process
/// failed early is mostly its fallback's (the teacher, a rule), which can
/// rank it first. Whoever reads the ranking must be told.
public struct ProcessFailures: Sendable, Equatable {
    /// One site's failures over the replications.
    public struct Site: Sendable, Equatable {
        /// The decision point and where, e.g. `pick at paint-booth`.
        public var place: String
        public var failedRuns = 0
        public var runs = 0
        public var fallbacks = 0
        public var decisions = 0
        /// The first line of the first failure's message.
        public var first = ""
    }

    /// The sites whose process failed at least once, in the order first seen.
    public private(set) var sites: [Site] = []

    /// One run's site as the run recorded it.
    public typealias RunSite = (place: String, decisions: Int, fallbacks: Int, failure: String?)

    /// Sums `runs`, each its decision sites.
    public init(runs: [[RunSite]]) {
        var all: [Site] = []
        for run in runs {
            for site in run {
                let i: Int
                if let found = all.firstIndex(where: { $0.place == site.place }) {
                    i = found
                } else {
                    all.append(Site(place: site.place))
                    i = all.count - 1
                }
                all[i].runs += 1
                all[i].decisions += site.decisions
                all[i].fallbacks += site.fallbacks
                if let failure = site.failure {
                    all[i].failedRuns += 1
                    if all[i].first.isEmpty { all[i].first = String(failure.split(separator: "\n").first ?? "") }
                }
            }
        }
        sites = all.filter { $0.failedRuns > 0 }
    }

    /// Sums the decision sites of `results`, one variant's replications.
    public init(results: [ReplicationResult]) {
        self.init(runs: results.map { $0.decisions.map { ("\($0.point) at \($0.at)", $0.decisions, $0.processFallbacks, $0.processFailure) } })
    }

    /// A sentence per failed site, naming `variant` when given.
    public func sentences(variant: String?) -> [String] {
        sites.map { s in
            let share = s.decisions > 0 ? String(format: " (%.0f%%)", 100 * Double(s.fallbacks) / Double(s.decisions)) : ""
            return (variant.map { "variant '\($0)': " } ?? "") + "the policy process at \(s.place) failed in \(s.failedRuns) of \(s.runs) "
                + "replication\(s.runs == 1 ? "" : "s"); its fallback made \(s.fallbacks) of the \(s.decisions) decisions there\(share), "
                + "so its figures are partly the fallback's. First failure: \(s.first)"
        }
    }
}
