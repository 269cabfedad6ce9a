import GRDB

/// A row of one of the store's tables, one pattern for all of them: stored
/// properties named as the columns in camelCase (snake_case in SQL), with
/// defaults where a column has one, and the synthesized memberwise
/// initializer; only the rows the CLI builds (`RunRecord`,
/// `ExperimentRecord`) spell out a public one.
public protocol StoreRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {}

extension StoreRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// A row of `runs`: one completed replication.
public struct RunRecord: StoreRecord {
    public static let databaseTableName = "runs"
    public var id: Int64?
    public var batch: String
    public var startedAt: String
    public var finishedAt: String
    public var plantName: String
    public var plantPath: String
    public var plantHash: String
    public var seed: Int64
    public var replication: Int
    public var taktVersion: String
    public var durationS: Double
    public var warmupS: Double
    public var wallSeconds: Double
    public var events: Int
    public var status: String
    /// The experiment and variant the run belongs to (nil for a plain `takt run`).
    public var experimentId: Int64?
    public var variant: String?
    /// The plant's takt, seconds (nil: the plant has none, or the run predates migration v14).
    public var taktS: Double?

    public init(id: Int64? = nil, batch: String, startedAt: String, finishedAt: String, plantName: String, plantPath: String,
                plantHash: String, seed: Int64, replication: Int, taktVersion: String, durationS: Double, warmupS: Double,
                wallSeconds: Double, events: Int, status: String = "completed", experimentId: Int64? = nil, variant: String? = nil,
                taktS: Double? = nil) {
        self.id = id
        self.batch = batch
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.plantName = plantName
        self.plantPath = plantPath
        self.plantHash = plantHash
        self.seed = seed
        self.replication = replication
        self.taktVersion = taktVersion
        self.durationS = durationS
        self.warmupS = warmupS
        self.wallSeconds = wallSeconds
        self.events = events
        self.status = status
        self.experimentId = experimentId
        self.variant = variant
        self.taktS = taktS
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `run_metrics`: one named plant-level figure of a run.
public struct RunMetricRecord: StoreRecord, PersistableRecord {
    public static let databaseTableName = "run_metrics"
    public var runId: Int64 = 0
    public var name: String
    public var value: Double?
    public var unit: String
}

/// A row of `station_stats`: one station's figures in one run.
public struct StationStatRecord: StoreRecord, PersistableRecord {
    public static let databaseTableName = "station_stats"
    public var runId: Int64 = 0
    public var position: Int
    public var station: String
    public var servers: Int
    public var jobs: Int
    public var meanWaitS: Double
    public var meanTimeInStationS: Double
    public var probWait: Double
    public var meanQueueLength: Double
    public var utilization: Double
    public var working: Double
    public var starved: Double
    public var blocked: Double
    public var failed: Double
    public var shop: String? = nil
    public var energyKwh: Double = 0
    public var offShift: Double = 0
    public var bottleneckSole: Double = 0
    public var bottleneckShifting: Double = 0
    public var defects: Int = 0
    public var changeovers: Int = 0
    public var changeoverShare: Double = 0
    public var kitStockout: Double = 0
    public var kitShortages: Int = 0
    public var waitingWorker: Double = 0
}

/// A row of `robot_stats`: one robot of a robot cell in one run.
public struct RobotStatRecord: StoreRecord, PersistableRecord {
    public static let databaseTableName = "robot_stats"
    public var runId: Int64 = 0
    public var position: Int
    public var station: String
    public var robot: String
    public var failures: Int
    public var failed: Double
    public var energyKwh: Double = 0
    public var maintenances: Int = 0
}

/// A row of `decision_stats`: one decision site in one run.
public struct DecisionStatRecord: StoreRecord, PersistableRecord {
    public static let databaseTableName = "decision_stats"
    public var runId: Int64 = 0
    public var position: Int
    public var point: String
    public var at: String
    public var rule: String
    public var decisions: Int
    public var meanNs: Double
    public var teacherCompared: Int
    public var teacherAgreement: Double?
    /// The deployment and its calls after warm-up (all nil: in process).
    public var deployment: String?
    public var deploymentKind: String?
    public var requests: Int?
    public var calls: Int?
    public var refused: Int?
    public var timedOut: Int?
    public var fallbacks: Int?
    public var latencyP50S: Double?
    public var latencyP95S: Double?
    public var latencyP99S: Double?
    public var waitHours: Double?
    public var cost: Double?
    public var energyJ: Double?
    /// Decisions made by the fallback after the site's policy process failed, and why it failed.
    public var processFallbacks: Int = 0
    public var processFailure: String?

    /// Column names, spelt out: the snake-case strategies would write
    /// `latency_p50s` and could not read `latency_p50_s` back.
    enum CodingKeys: String, CodingKey {
        case runId = "run_id", position, point, at, rule, decisions, meanNs = "mean_ns", teacherCompared = "teacher_compared"
        case teacherAgreement = "teacher_agreement", deployment, deploymentKind = "deployment_kind", requests, calls, refused
        case timedOut = "timed_out", fallbacks, waitHours = "wait_hours", cost, energyJ = "energy_j"
        case processFallbacks = "process_fallbacks", processFailure = "process_failure"
        case latencyP50S = "latency_p50_s", latencyP95S = "latency_p95_s", latencyP99S = "latency_p99_s"
    }

    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .useDefaultKeys }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .useDefaultKeys }
}

/// A row of `fleet_stats`: one vehicle fleet in one run.
public struct FleetStatRecord: StoreRecord, PersistableRecord {
    public static let databaseTableName = "fleet_stats"
    public var runId: Int64 = 0
    public var position: Int
    public var fleet: String
    public var vehicles: Int
    public var deliveries: Int
    public var meanResponseS: Double
    public var idle: Double
    public var busy: Double
    public var charging: Double
    public var charges: Int
}

/// A row of `experiments`: one experiment file's content, by name and hash.
public struct ExperimentRecord: StoreRecord {
    public static let databaseTableName = "experiments"
    public var id: Int64?
    public var name: String
    public var hash: String
    public var file: String
    public var baseline: String
    /// The variants' names, in file order, separated by newlines.
    public var variants: String
    public var createdAt: String
    /// The figures compared, in file order (the first ranks), separated by newlines; nil before migration v14.
    public var figures: String?

    public init(id: Int64? = nil, name: String, hash: String, file: String, baseline: String, variants: [String], createdAt: String,
                figures: [String]? = nil) {
        self.id = id
        self.name = name
        self.hash = hash
        self.file = file
        self.baseline = baseline
        self.variants = variants.joined(separator: "\n")
        self.createdAt = createdAt
        self.figures = figures?.joined(separator: "\n")
    }

    /// The variants' names, in file order.
    public var variantNames: [String] { variants.split(separator: "\n").map(String.init) }

    /// The figures compared, in file order (nil when not recorded).
    public var figureNames: [String]? { figures.map { $0.split(separator: "\n").map(String.init) } }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `decision_audit`: one sampled decision of a run.
public struct DecisionAuditRecord: StoreRecord, PersistableRecord {
    public static let databaseTableName = "decision_audit"
    public var runId: Int64 = 0
    public var seq: Int
    public var timeS: Double
    public var point: String
    public var at: String
    public var policy: String
    public var modelHash: String?
    public var precision: String?
    public var deployment: String
    /// JSON arrays.
    public var features: String
    public var mask: String
    public var chosen: Int
    public var teacher: Int?
    public var latencyS: Double
    public var inferenceNs: Int
    public var fallback: Bool
}

/// A row of `run_series`: one bin of a time series of a run.
///
/// `completed_per_shift_hour`: jobs completed in on-shift hour `bin` after
/// warm-up (from `bin` to `bin` + 1 hours on the on-shift clock); the last
/// bin may be partial (the run's `operating_hours` metric says where it ends).
public struct RunSeriesRecord: StoreRecord, PersistableRecord {
    public static let databaseTableName = "run_series"
    public var runId: Int64 = 0
    public var series: String
    public var bin: Int
    public var value: Double
}

/// A row of `batch_means`: a mean figure's batch means in a run of one
/// replication (a long run cut into periods; `BatchMeans`).
public struct BatchMeansRecord: StoreRecord, PersistableRecord {
    public static let databaseTableName = "batch_means"
    public var runId: Int64 = 0
    /// The station of a station figure; empty for a plant figure.
    public var station: String
    public var figure: String
    /// The 95% half-width; nil when the batches stayed correlated.
    public var halfWidth: Double?
    public var batches: Int
    public var lag1: Double
}

/// A row of `run_histograms`: one non-empty bin of a histogram of a run.
///
/// The bins are fixed and the same for every run (20 per decade from 0.1 s),
/// so histograms of different runs add bin by bin.
public struct RunHistogramRecord: StoreRecord, PersistableRecord {
    public static let databaseTableName = "run_histograms"
    public var runId: Int64 = 0
    /// `lead_time` or `interdeparture`.
    public var histogram: String
    public var bin: Int
    /// The bin holds durations d with lowerS ≤ d < upperS (no upper edge: nil), seconds.
    public var lowerS: Double
    public var upperS: Double?
    public var count: Int
}
