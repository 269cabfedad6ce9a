import TaktExperiment
import TaktPlant
import TaktPolicy
import TaktStore

/// Everything a report shows, read from the run store: the groups compared
/// (an experiment's variants, or sets of runs), their comparison, and per
/// group the series, histograms, station states, bottlenecks, loss tree and
/// deployed decisions, with what is needed to reproduce them.
public struct Report: Sendable {
    /// What the report covers.
    public enum Subject: Sendable, Equatable {
        /// An experiment's stored runs: its name, content hash and file.
        case experiment(name: String, hash: String, file: String)
        /// Runs chosen by id or recency.
        case runs

        /// The experiment file, for an experiment.
        public var experimentFile: String? {
            if case let .experiment(_, _, file) = self { file } else { nil }
        }
    }

    public var subject: Subject
    /// The groups compared, in experiment order (or by first run id); one is the baseline.
    public var groups: [ReportGroup]
    /// Index of the baseline in `groups`.
    public var baseline: Int
    /// Means with 95% intervals, paired differences from the baseline (Bonferroni), ranking.
    public var comparison: Comparison
    /// Hours of the throughput series' blocks (one point per block).
    public var seriesBlockHours: Int
    /// The store read, when the report was made and by which Takt.
    public var storePath: String
    public var generatedAt: String
    public var generatorVersion: String
    /// What the store could not give (older runs without series, a missing takt), for the reader.
    public var notes: [String]
    /// The search behind an optimization's selection (`takt optimize`), when the store has it.
    public var search: StoredSearch? = nil

    /// The report's title, e.g. `Experiment deployment`.
    public var title: String {
        switch subject {
        case let .experiment(name, _, _): return "Experiment \(name)"
        case .runs: return groups.count == 1 ? "Runs of \(groups[0].plantName)" : "Runs of \(Set(groups.map(\.plantName)).sorted().joined(separator: ", "))"
        }
    }

    /// Whether any group has deployed decisions.
    public var hasDeployments: Bool { groups.contains { $0.deployment != nil } }
}

/// One group of runs: an experiment's variant, or the runs of one `takt run`.
public struct ReportGroup: Sendable {
    public var name: String
    /// The runs used (one per replication, the first stored), by replication.
    public var runIDs: [Int64]
    public var replications: [Int]
    public var plantName: String
    public var plantPath: String
    /// Every distinct value among the runs (normally one each).
    public var plantHashes: [String]
    public var seeds: [Int64]
    public var taktVersions: [String]
    public var durationSeconds: [Double]
    public var warmupSeconds: [Double]
    /// The plant's takt, seconds (nil: none, or runs stored before the store kept it).
    public var taktSeconds: Double?
    /// When the first and the last run finished (ISO 8601, UTC).
    public var firstFinished: String
    public var lastFinished: String
    /// Every metric all its runs have, over the runs (95% interval).
    public var metrics: [String: Estimate]
    /// Jobs per shift hour, block by block after warm-up, across replications (nil: not stored).
    public var throughput: [SeriesPoint]?
    /// Lead-time and interdeparture histograms, all replications pooled (nil: not stored).
    public var leadTime: PooledHistogram?
    public var interdeparture: PooledHistogram?
    /// Every station's state shares and bottleneck shares, in plant order.
    public var stations: [StationStates]
    /// Where design output went (nil without a takt).
    public var lossTree: LossTreeSummary?
    /// Deployed decisions (nil: every decision in process).
    public var deployment: DeploymentFigures?
    /// Decision sites, e.g. `pick at paint-basecoat: int8 policies/pick-int8.json on cell-controller (edge)`.
    public var decisionSites: [String]
    /// Each decision site served by a policy: its model card and what the runs measured.
    public var modelCards: [SiteModelCard] = []
    /// Sites whose policy process failed in some runs, the fallback deciding for it.
    public var processFailures = ProcessFailures(runs: [])
    /// Every figure the stations, the fleets and the worker pools declare (nil: no rows stored).
    public var stationFigures: FigureTable?
    public var fleetFigures: FigureTable?
    public var workerFigures: FigureTable?
    /// The plant as these runs ran it, read again from its file to draw it (nil: the file is gone or changed).
    public var plant: PlantDescription?
    /// Why the plant is not drawn, when it is not.
    public var plantNote: String?
    /// The replication with the lowest throughput per operating hour, and that throughput: the one worth playing back.
    public var slowestReplication: (replication: Int, throughput: Double)?

    /// Stations ranked by bottleneck share (sole + shifting), highest first; those never a bottleneck left out.
    public var bottleneckRanking: [StationStates] {
        stations.filter { $0.bottleneck > 0 }.sorted { $0.bottleneck > $1.bottleneck }
    }
}

/// One point of the throughput series: a block of on-shift hours.
public struct SeriesPoint: Sendable, Equatable {
    /// On-shift hours after warm-up at the block's start and end.
    public var startHour: Double
    public var endHour: Double
    /// Jobs per shift hour in the block, over the replications (95% interval).
    public var jobsPerHour: Estimate
}

/// A histogram of durations in the store's fixed bins, summed over replications.
public struct PooledHistogram: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        public var index: Int
        /// Edges, seconds (no upper edge: nil).
        public var lower: Double
        public var upper: Double?
        public var count: Int
    }

    /// The non-empty bins, in order.
    public var bins: [Bin]
    public var total: Int { bins.reduce(0) { $0 + $1.count } }
}

/// A station's shares of server time across replications, setup taken out of working.
public struct StationStates: Sendable {
    public var position: Int
    public var name: String
    public var servers: Int
    /// Working (setup excluded), setup (changeovers), starved, blocked, failed, off shift, waiting for workers: they sum to 1.
    public var working: Estimate
    public var setup: Estimate
    public var starved: Estimate
    public var blocked: Estimate
    public var failed: Estimate
    public var offShift: Estimate
    public var waitingWorker: Estimate
    /// Shares of on-shift time as sole and as shifting bottleneck.
    public var bottleneckSole: Estimate
    public var bottleneckShifting: Estimate

    /// Mean bottleneck share, sole + shifting.
    public var bottleneck: Double { bottleneckSole.mean + bottleneckShifting.mean }

    /// The states in drawing order, with their names (waiting for workers only at stations that did).
    public var states: [(name: String, share: Estimate)] {
        [("working", working), ("setup", setup), ("starved", starved), ("blocked", blocked), ("failed", failed), ("off shift", offShift)]
            + (waitingWorker.mean > 0 ? [("waiting for workers", waitingWorker)] : [])
    }
}

/// A group's deployed decisions across replications (after warm-up).
public struct DeploymentFigures: Sendable {
    /// The deployments used, e.g. `cloud-api (cloud)`.
    public var deployments: [String]
    /// Seconds from asking to the decision applied, every deployed site together.
    public var latencyP50: Estimate?
    public var latencyP95: Estimate?
    public var latencyP99: Estimate?
    /// Hours servers and sources waited for answers.
    public var waitHours: Estimate?
    /// Decisions asked, calls refused by the rate limit, abandoned at the time-out, decided by the fallback.
    public var requests: Estimate
    public var refused: Estimate
    public var timedOut: Estimate
    public var fallbacks: Estimate
    public var fallbackShare: Estimate?
    /// Cost of the calls per completed job, and joules per decision.
    public var costPerJob: Estimate?
    public var energyPerDecision: Estimate?
}

/// A decision site served by a policy, across a group's runs: the model
/// card of its file (when the file is found next to the plant) and the
/// decisions, cost and agreement the runs measured.
public struct SiteModelCard: Sendable {
    /// `pick at paint-basecoat`, and the rule as summaries name it.
    public var site: String
    public var rule: String
    /// The file's card (nil: a process, the teacher, or the file is not found).
    public var card: ModelCard?
    /// Decisions per replication and wall-clock nanoseconds per decision, measured in the runs.
    public var decisions: Estimate
    public var meanNs: Estimate
    /// Share of decisions where the teacher agreed, when the runs asked it.
    public var teacherAgreement: Estimate?
}
