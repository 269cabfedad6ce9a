import TaktKernel
import TaktPlant

/// Where a line's output goes, from design output at the takt to actual output.
///
/// Design output is the measured calendar time divided by the takt. Off-shift
/// time loses its share outright. What is lost on shift is attributed to the
/// bottlenecks (stations weighted by their sole + shifting bottleneck shares):
/// the weighted share of on-shift time they spent failed, starved, blocked,
/// changing over or waiting for workers, times the on-shift design output, is
/// lost to down time (failures, and a robot cell's planned maintenance), starvation, blocking, changeovers and workers; the rest
/// of the gap (slower cycles than the takt, rework, a station's own breaks,
/// failures elsewhere that the weights do not see) is *speed and other*.
/// A practical bottleneck-based attribution in the OEE tradition, not an
/// exact decomposition: the categories sum to the gap by construction.
public struct LossTree: Sendable, Equatable {
    /// Jobs the takt allows over the measured calendar time.
    public var design: Double
    /// Lost to time off shift.
    public var offShift: Double
    /// Lost to the bottlenecks being down: failed and under repair, or (robot cells) under planned maintenance.
    public var failures: Double
    /// Lost to the bottlenecks waiting for work.
    public var starvation: Double
    /// Lost to the bottlenecks unable to pass work on.
    public var blocking: Double
    /// Lost to changeovers at the bottlenecks.
    public var changeovers: Double
    /// Lost to the bottlenecks waiting for workers (0 without worker pools).
    public var workers: Double
    /// The rest of the gap: cycles slower than the takt, rework, other.
    /// Negative when the bottlenecks cycle faster than the takt (a gain).
    public var speedAndOther: Double
    /// Jobs completed.
    public var actual: Double

    /// The loss tree of one replication, or nil without a takt.
    public init?(_ r: ReplicationResult, takt: Tick?, measuredSeconds: Double) {
        guard let takt else { return nil }
        self.init(taktSeconds: Ticks.seconds(takt), measuredSeconds: measuredSeconds, operatingHours: r.operatingHours,
                  jobsCompleted: Double(r.jobsCompleted),
                  stations: r.stations.map {
                      StationShares(bottleneck: $0.bottleneckSole + $0.bottleneckShifting, failed: $0.failed, starved: $0.starved,
                                    blocked: $0.blocked, changeover: $0.changeoverShare, waitingWorker: $0.waitingWorker)
                  })
    }

    /// What the loss tree needs of one station: its bottleneck weight (sole +
    /// shifting share of on-shift time) and its shares of measured server time.
    public struct StationShares: Sendable, Equatable {
        public var bottleneck: Double
        public var failed: Double
        public var starved: Double
        public var blocked: Double
        public var changeover: Double
        public var waitingWorker: Double

        public init(bottleneck: Double, failed: Double, starved: Double, blocked: Double, changeover: Double, waitingWorker: Double = 0) {
            self.bottleneck = bottleneck
            self.failed = failed
            self.starved = starved
            self.blocked = blocked
            self.changeover = changeover
            self.waitingWorker = waitingWorker
        }
    }

    /// The loss tree from a replication's stored figures (a store's rows
    /// give all of them), or nil without a takt or measured time.
    public init?(taktSeconds: Double, measuredSeconds: Double, operatingHours: Double, jobsCompleted: Double, stations: [StationShares]) {
        guard taktSeconds > 0, measuredSeconds > 0 else { return nil }
        design = measuredSeconds / taktSeconds
        let onShiftDesign = operatingHours * 3600 / taktSeconds
        offShift = design - onShiftDesign
        actual = jobsCompleted
        let total = stations.reduce(0) { $0 + $1.bottleneck }
        // Station shares are of all measured time; rescale to on-shift time.
        let onShiftFraction = design > 0 ? onShiftDesign / design : 0
        func weighted(_ share: (StationShares) -> Double) -> Double {
            guard total > 0, onShiftFraction > 0 else { return 0 }
            let mean = stations.reduce(0) { $0 + share($1) * $1.bottleneck } / total
            return mean / onShiftFraction * onShiftDesign
        }
        failures = weighted(\.failed)
        starvation = weighted(\.starved)
        blocking = weighted(\.blocked)
        changeovers = weighted(\.changeover)
        workers = weighted(\.waitingWorker)
        speedAndOther = onShiftDesign - actual - failures - starvation - blocking - changeovers - workers
    }
}

extension LossTree {
    /// The categories in order, with their JSON keys, names for people, short names for table columns, and values.
    public static let categories: [(key: String, name: String, column: String, jobs: @Sendable (LossTree) -> Double)] = [
        ("off_shift", "off shift", "off shift", \.offShift),
        ("failures", "bottleneck down", "down", \.failures),
        ("starvation", "bottleneck starved", "starved", \.starvation),
        ("blocking", "bottleneck blocked", "blocked", \.blocking),
        ("changeovers", "bottleneck setup", "setup", \.changeovers),
        ("workers", "bottleneck worker wait", "workers", \.workers),
        ("speed_and_other", "speed and other", "speed and other", \.speedAndOther),
    ]

    /// The name for people of the category with JSON key `key`.
    public static func name(of key: String) -> String {
        categories.first { $0.key == key }?.name ?? key.replacingOccurrences(of: "_", with: " ")
    }

    /// The short name (a table column's) of the category with JSON key `key`.
    public static func column(of key: String) -> String {
        categories.first { $0.key == key }?.column ?? key.replacingOccurrences(of: "_", with: " ")
    }
}
