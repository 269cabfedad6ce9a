/// The figures of one replication, measured after warm-up.
public struct ReplicationResult: Sendable, Codable, Equatable {
    /// Replication index (0-based).
    public var replication: Int
    /// Jobs that reached a sink.
    public var jobsCompleted: Int
    /// Jobs per hour of measured time.
    public var throughputPerHour: Double
    /// On-shift hours in the measured time (all of it without a calendar).
    public var operatingHours: Double
    /// Jobs per on-shift hour.
    public var throughputPerOperatingHour: Double
    /// Jobs released into the plant.
    public var jobsStarted: Int
    /// Jobs turned away by full sources (`when_full: lose`).
    public var jobsLost: Int
    /// Share of completed jobs never sent to rework.
    public var firstPassYield: Double
    /// Time from entering the first station to reaching a sink, seconds.
    public var leadTimeMean: Double
    public var leadTimeP50: Double
    public var leadTimeP95: Double
    /// Time between consecutive departures into sinks, seconds.
    public var interdepartureMean: Double
    public var interdepartureP50: Double
    public var interdepartureP95: Double
    /// Share of interdeparture times ≤ takt; nil without a takt.
    public var taktAdherence: Double?
    /// Time-average number of jobs in the plant.
    public var workInProcess: Double
    /// Jobs in the plant at the end less at the end of warm-up: about zero, give or take the
    /// level's own spread, in a line that settles; a line that cannot keep up gains jobs.
    public var workInProcessGrowth: Double = 0
    /// Failures that occurred after warm-up: of servers and of robots (a maintenance is not a failure).
    public var failures: Int
    /// Electrical energy of all stations with a `power`, kWh.
    public var energyKWh: Double
    /// Energy per completed job, kWh (0 when no job completed).
    public var energyPerJobKWh: Double
    /// Events handled (whole run, warm-up included).
    public var events: Int
    /// Wall-clock seconds for this replication.
    public var wallSeconds: Double
    /// Per-station figures, in plant-file order.
    public var stations: [StationResult]
    /// Completed jobs and mean lead time (seconds) per variant, in plant-file order.
    public var variants: [OrderResult]
    /// Completed jobs per colour, in plant-file order.
    public var colours: [OrderResult]
    /// Completed jobs with a due date: the share on time, and the mean and largest tardiness, seconds (nil: no order list gives due dates).
    public var onTimeShare: Double?
    public var tardinessMean: Double?
    public var tardinessMax: Double?
    /// Vehicle fleets, in plant-file order.
    public var fleets: [FleetResult] = []
    /// Worker pools, in plant-file order.
    public var workerPools: [WorkerPoolResult] = []
    /// Decision sites served by the oracle or a policy, stations first, in plant-file order.
    public var decisions: [DecisionResult] = []
    /// The sampled decisions of the audit trail (whole run), in time order.
    public var audit: [DecisionAudit] = []
    /// All deployed decision sites together, after warm-up (nil: every decision is made in process).
    public var deployed: DeploymentResult?
    /// What the replication cost and earned (nil: the plant gives no `costs:`).
    public var cost: CostResult? = nil
    /// Jobs completed in each on-shift hour after warm-up, by the operating
    /// clock (hour k: from k to k + 1 on-shift hours into the measured time);
    /// the last hour may be partial (`operatingHours` says where it ends).
    public var completedPerShiftHour: [Int] = []
    /// Lead times and interdeparture times after warm-up, counted in the
    /// fixed bins of `DurationHistogram` (bin k at index k).
    public var leadTimeHistogram: [Int] = []
    public var interdepartureHistogram: [Int] = []
    /// The figures' running totals at the ends of the measured window's periods, for batch means (nil: not asked for).
    public var periods: PeriodTotals? = nil
}

/// Calls of deployed decisions after warm-up: latency, what failed, what waited, what it cost.
public struct DeploymentResult: Sendable, Codable, Equatable {
    /// The deployment's name and kind (`edge`, `server`, `cloud`, `hybrid`); for the plant total, `all`.
    public var name: String
    public var kind: String
    /// Decisions asked; calls made (refused calls are not made); refused by the rate limit;
    /// abandoned at the time-out; decided by the fallback (refused or timed out).
    public var requests: Int
    public var calls: Int
    public var refused: Int
    public var timedOut: Int
    public var fallbacks: Int
    /// Time from asking to the decision applied, seconds.
    public var latencyP50: Double
    public var latencyP95: Double
    public var latencyP99: Double
    /// Time the asking servers and sources waited, summed, hours.
    public var waitHours: Double
    /// Cost of the calls (currency of the plant file) and energy of the decisions, joules.
    public var cost: Double
    public var energyJ: Double
}

/// One vehicle fleet in one replication.
public struct FleetResult: Sendable, Codable, Equatable {
    public var name: String
    public var vehicles: Int
    /// Kit deliveries completed.
    public var deliveries: Int
    /// Mean time from a station's request to the delivery, seconds.
    public var meanResponse: Double
    /// Shares of vehicle time idle, on trips, and charging (the drive to the charger included); they sum to 1.
    public var idle: Double
    public var busy: Double
    public var charging: Double
    /// Charges completed.
    public var charges: Int
}

/// One worker pool in one replication.
public struct WorkerPoolResult: Sendable, Codable, Equatable {
    public var name: String
    public var workers: Int
    /// Time-average share of the pool's workers at work, and on duty (1 without a calendar).
    public var utilization: Double
    public var onDuty: Double
    /// Requests served (jobs whose work got its workers).
    public var assignments: Int
    /// Mean time from a request to its workers, seconds (zero waits included).
    public var meanWait: Double
    /// Repairs whose crew came, and the mean time from a failure to its crew, seconds (zero waits included).
    public var repairs: Int
    public var meanRepairWait: Double
    /// Time-average number of requests waiting.
    public var meanWaiting: Double
    /// Time-average share of the pool's workers walking to a task (0 without a walk time).
    public var walking: Double = 0
}

/// Completed jobs of one variant or colour in one replication.
public struct OrderResult: Sendable, Codable, Equatable {
    public var name: String
    public var jobs: Int
    /// Mean lead time, seconds (variants only; 0 for colours).
    public var leadTimeMean: Double
}

/// The figures of one station in one replication.
public struct StationResult: Sendable, Codable, Equatable {
    public var name: String
    /// The shop it belongs to, if the plant says.
    public var shop: String?
    public var servers: Int
    /// Jobs that left the station.
    public var jobs: Int
    /// Jobs found defective here and sent to rework.
    public var defects: Int
    /// Changeovers, and their share of server time.
    public var changeovers: Int
    public var changeoverShare: Double
    /// Mean time in the buffer before service, seconds.
    public var meanWait: Double
    /// Mean time from entering to leaving (wait + service + blocked), seconds.
    public var meanTimeInStation: Double
    /// Share of jobs that waited at all.
    public var probWait: Double
    /// Time-average number of jobs waiting in the buffer.
    public var meanQueueLength: Double
    /// Share of server time spent working (same as `working`).
    public var utilization: Double
    /// Shares of server time per state; they sum to 1.
    public var working: Double
    public var starved: Double
    public var blocked: Double
    public var failed: Double
    /// Share of server time off shift (not failed).
    public var offShift: Double
    /// Share of server time holding a job whose work waits for workers (0 unless staffed).
    public var waitingWorker: Double = 0
    /// Share of on-shift time the station was the sole bottleneck (active-period method).
    public var bottleneckSole: Double
    /// Share of on-shift time the station was a shifting bottleneck.
    public var bottleneckShifting: Double
    /// Electrical energy drawn by its servers and robots, kWh.
    public var energyKWh: Double
    /// The robots of a robot cell, in file order (empty otherwise).
    public var robots: [RobotResult]
    /// Share of measured time the station had no kit (0 unless kitted).
    public var kitStockout: Double = 0
    /// Deliveries that reached the station after its kits had run out.
    public var kitShortages: Int = 0
    /// At a station loading carriers: the time-average share of them in use, the share of
    /// measured time with none free, and the mean carrier cycle in seconds (0 elsewhere).
    public var carriersInUse: Double = 0
    public var carrierShortage: Double = 0
    public var carrierCycle: Double = 0
    /// At a station fed by a conveyor: the time-average share of its places taken, and
    /// the share of measured time a job waited at its end (0 elsewhere).
    public var conveyorFill: Double = 0
    public var conveyorBackedUp: Double = 0
}

/// One decision site (a decision point at a station or source) served by the oracle or a policy.
public struct DecisionResult: Sendable, Codable, Equatable {
    /// The decision point, e.g. `pick`, and where: the station's or source's name.
    public var point: String
    public var at: String
    /// The rule or policy, as summaries name it.
    public var rule: String
    /// Decisions made (whole run, warm-up included).
    public var decisions: Int
    /// Mean wall-clock nanoseconds per decision, the oracle or policy call alone.
    public var meanNs: Double
    /// Decisions also put to the teacher, and the share where it agreed (nil when not compared).
    public var teacherCompared: Int
    public var teacherAgreement: Double?
    /// The deployment serving the site and its calls (nil: in process, answered at once).
    public var deployment: DeploymentResult?
    /// Decisions made by the fallback after the site's policy process failed (whole run), and why it failed.
    public var processFallbacks: Int = 0
    public var processFailure: String?
}

/// One robot of a robot cell in one replication.
public struct RobotResult: Sendable, Codable, Equatable {
    public var name: String
    /// Failures after warm-up.
    public var failures: Int
    /// Preventive maintenances after warm-up.
    public var maintenances: Int = 0
    /// Share of measured time the robot was down (failed or under maintenance).
    public var failed: Double
    /// Electrical energy the robot drew, kWh (0 without a robot power).
    public var energyKWh: Double = 0
}
