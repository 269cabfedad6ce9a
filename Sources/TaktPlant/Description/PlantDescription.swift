import TaktKernel
import TaktPolicy

/// A validated plant: every name resolved, every number checked.
///
/// Produced by `PlantLoader`; the line model trusts it completely, so nothing
/// in a description can make a run trap.
public struct PlantDescription: Sendable {
    /// The plant's name (`plant:` key, or the file name).
    public var name: String
    /// The file it was read from, as given.
    public var file: String
    /// SHA-256 of the plant file's bytes and any CSV files it reads, hex.
    public var contentHash: String
    /// The design takt, if any: adherence is measured against it.
    public var takt: Tick?
    /// Run settings from the file (command-line options override them).
    public var run: RunSettings
    /// When the plant works; nil means around the clock.
    public var calendar: ShiftCalendar?
    /// Product variants with their mix and work content (empty: one product).
    public var variants: [VariantSpec]
    /// Paint colours with their mix (empty: not modelled).
    public var colours: [ColourSpec]
    /// Where jobs come from.
    public var sources: [SourceSpec]
    /// Where work is done, in file order.
    public var stations: [StationSpec]
    /// Where jobs leave the plant.
    public var sinks: [SinkSpec]
    /// Vehicle fleets delivering part kits (empty: none).
    public var fleets: [FleetSpec] = []
    /// Where decision points' policies run (empty: all in process, answers at once).
    public var deployments: [DeploymentSpec] = []
    /// Worker pools shared by staffed stations (empty: no station needs workers).
    public var workers: [WorkerPoolSpec] = []
    /// What running the plant costs and earns (nil: no cost figures).
    public var costs: CostSpec? = nil
}

/// How long, how often and with which seed to run.
public struct RunSettings: Sendable, Equatable {
    /// Simulated time per replication, warm-up included.
    public var duration: Tick
    /// Time at the start of each replication whose statistics are discarded.
    public var warmup: Tick
    /// Number of independent replications.
    public var replications: Int
    /// Base seed; replication r uses streams derived from (seed, r, name).
    public var seed: UInt64
    /// Share of decisions written to the audit trail (each site samples with its own stream).
    public var auditRate: Double

    /// Creates run settings.
    public init(duration: Tick, warmup: Tick, replications: Int, seed: UInt64, auditRate: Double = 0.01) {
        self.duration = duration
        self.warmup = warmup
        self.replications = replications
        self.seed = seed
        self.auditRate = auditRate
    }
}

/// Where a routing decision sends a job.
public enum NodeRef: Hashable, Sendable {
    /// A station, by index into `PlantDescription.stations`.
    case station(Int)
    /// A sink, by index into `PlantDescription.sinks`.
    case sink(Int)
}

/// A buffer capacity: waiting jobs only, not jobs in a machine.
public enum Capacity: Hashable, Sendable {
    /// At most this many jobs wait (0 means none: a job enters only a free machine).
    case limited(Int)
    /// No limit.
    case unlimited

    /// The limit as a number (`Int.max` when unlimited).
    public var limit: Int {
        switch self {
        case let .limited(n): return n
        case .unlimited: return .max
        }
    }
}

/// A source of jobs.
public struct SourceSpec: Sendable {
    /// How jobs arrive.
    public enum Arrivals: Sendable {
        /// One job after each interarrival time (a fixed takt is deterministic).
        case interarrival(Distribution)
        /// A job is always ready: the first station never starves.
        case unlimited
        /// Jobs come at the release times of the source's order list.
        case listed
    }

    /// What happens to an arriving job when the first buffer is full.
    public enum WhenFull: String, Sendable {
        /// The source holds the job and stops until there is room; the next
        /// interarrival time starts when the held job enters.
        case block
        /// The job is turned away and counted as lost.
        case lose
    }

    /// Unique name.
    public var name: String
    /// How jobs arrive.
    public var arrivals: Arrivals
    /// Time of the first arrival.
    public var firstArrival: Tick
    /// Behaviour when the downstream buffer is full.
    public var whenFull: WhenFull
    /// Orders waiting to be released (0: each job draws its variant and colour as it is released).
    /// The release rule picks from them: the release decision point.
    public var orderBank: Int
    /// Which order of the bank goes next.
    public var releaseRule: ReleaseRule = .fifo
    /// Where the release policy runs, and the rule deciding when its answer fails (nil: in process, at once).
    public var releaseDeployment: SiteDeployment<ReleaseRule>?
    /// The station fed.
    public var next: Int
    /// The orders the source releases, in order (nil: it draws them from the mix without end).
    public var orderList: OrderList?
}

extension PlantDescription {
    /// True when an order list gives due dates: completed jobs are measured against them.
    public var hasDueDates: Bool { sources.contains { $0.orderList?.hasDueDates == true } }
}

/// Failures of each server of a station.
public struct FailureSpec: Sendable {
    /// Which clock ages a server towards its next failure.
    public enum Basis: String, Sendable {
        /// Only time spent working counts (operation-dependent failures).
        case operating
        /// Wall-clock time counts, whatever the server is doing.
        case calendar
    }

    /// Time to failure.
    public var timeToFailure: Distribution
    /// Time to repair.
    public var timeToRepair: Distribution
    /// Which clock counts towards failure.
    public var basis: Basis
    /// The workers a repair needs from a pool (nil: repairs start at once).
    /// The time to repair starts when they come; the server is down meanwhile.
    public var repair: StaffSpec?
}

/// How a job chooses among several next stations.
public enum RoutingRule: Sendable, Equatable {
    /// The only successor.
    case single
    /// At random, with the given (normalized) probabilities.
    case probability([Double])
    /// Each successor in turn.
    case roundRobin
    /// The successor with the fewest waiting jobs (ties: first listed).
    case shortestQueue
    /// The first listed successor with room; the first listed if none has.
    case firstFree
}

/// A station: identical parallel servers fed from one FIFO buffer.
public struct StationSpec: Sendable {
    /// Unique name.
    public var name: String
    /// Number of identical parallel servers (machines, robots).
    public var servers: Int
    /// Processing time per job.
    public var process: Distribution
    /// Capacity of the buffer in front of the station.
    public var buffer: Capacity
    /// Failures, applied to each server independently.
    public var failures: FailureSpec?
    /// Successors, in file order.
    public var next: [NodeRef]
    /// How a successor is chosen.
    public var routing: RoutingRule
    /// The shop (department) the station belongs to, for grouping figures.
    public var shop: String?
    /// Inspection: a share of jobs found defective and sent to rework.
    public var quality: QualitySpec?
    /// With several rework destinations: the options and how one is chosen (the rework decision point).
    public var reworkRouting: ReworkRouting?
    /// The robots doing the station's work, each with its own failures (a robot cell).
    public var robots: RobotsSpec?
    /// Time a finished job takes to reach its next station (a conveyor or transfer).
    public var transfer: Distribution?
    /// Sequence-dependent setups: a changeover whenever the colour or variant changes.
    public var changeover: ChangeoverSpec?
    /// How a free server picks its next job from the buffer.
    public var pick: PickRule = .fifo
    /// Where the pick policy runs, and the rule deciding when its answer fails (nil: in process, at once).
    public var pickDeployment: SiteDeployment<PickRule>?
    /// Assembly: one part from each feeder station joins each job here.
    public var assembly: AssemblySpec?
    /// Electrical power drawn by each server, per state; nil draws nothing.
    public var power: PowerSpec?
    /// Part kits delivered by a fleet; a job starts only with a kit.
    public var kits: KitSpec?
    /// Workers each job needs from a pool for its work (nil: the station needs none).
    public var workers: StaffSpec?
    /// The station's own calendar: it works only while the plant's calendar and
    /// this one are both on shift (nil: the plant's alone).
    public var calendar: ShiftCalendar?
    /// Carriers loaded here: a job starts only on a free carrier (nil: none).
    public var carriers: CarrierSpec?
    /// The conveyor that brings jobs here, in place of the buffer (nil: a buffer).
    public var conveyor: ConveyorSpec?
}

/// A closed loop of carriers (skids, pallets, hangers) loaded at one station:
/// a job starts there only when a carrier is free, rides it until it leaves
/// the unload station, and the empty carrier then takes `returnTime` back.
public struct CarrierSpec: Sendable {
    /// Carriers in the loop.
    public var count: Int
    /// The station whose finished jobs leave their carriers (by index).
    public var unload: Int
    /// The empty carrier's way back to the load station (nil: at once).
    public var returnTime: Distribution?
}

extension StationSpec {
    /// Every place a job may go from here: the successors and the rework station.
    public var allSuccessors: [NodeRef] {
        var all = next
        for option in reworkRouting?.options ?? quality.map({ [$0.rework] }) ?? [] where !all.contains(option) { all.append(option) }
        return all
    }
}

/// An assembly (marriage) station: a job from the main input starts only
/// when one part from each feeder is there; the parts are consumed.
public struct AssemblySpec: Sendable {
    /// The feeder stations, by index; each delivers one kind of part.
    public var parts: [Int]
    /// Places for parts waiting from each feeder.
    public var partBuffer: Int
}

/// How a free server picks its next job from the station's buffer: the
/// decision point of a resequencing (selectivity) bank.
public enum PickRule: Sendable, Equatable {
    /// The job that has waited longest.
    case fifo
    /// The longest-waiting job with the same changeover attribute as the
    /// server's last job, else the longest-waiting job (a batching heuristic).
    case batch
    /// The teacher: the best first job of an exact sequencing of the
    /// candidates (fewest weighted completion times with changeovers).
    case oracle
    /// A trained network from a model file.
    case policy(PolicyBinding)

    /// The name shown in summaries.
    public var name: String {
        switch self {
        case .fifo: "fifo"
        case .batch: "batch"
        case .oracle: "oracle"
        case let .policy(p): p.name
        }
    }
}

/// Which order of a source's bank is released next: the release decision
/// point (mixed-model sequencing).
public enum ReleaseRule: Sendable, Equatable {
    /// The order that entered the bank first.
    case fifo
    /// The first order in the colour released last, else the first order (colour blocks for paint).
    case colour
    /// Goal chasing: the order whose variant brings the released work content
    /// closest to the mix's average (spreads heavy variants out).
    case spread
    /// The teacher: sequences the first eight orders exactly (changes of
    /// colour, plus the squared drift of the work content from the average).
    case oracle
    /// A trained network from a model file.
    case policy(PolicyBinding)

    /// The name shown in summaries.
    public var name: String {
        switch self {
        case .fifo: "fifo"
        case .colour: "colour"
        case .spread: "spread"
        case .oracle: "oracle"
        case let .policy(p): p.name
        }
    }
}

/// The robots of a robot cell: each fails and is repaired on its own.
public struct RobotsSpec: Sendable {
    /// What a robot failure does to the cell.
    public enum Rule: String, Sendable {
        /// The cell stops until every robot works again.
        case stop
        /// The cell goes on with the remaining robots, slower in proportion
        /// (the work is redistributed); it stops only when no robot works.
        case slowDown = "slow_down"
    }

    /// Robot names, unique within the cell.
    public var names: [String]
    /// Failures of each robot.
    public var failures: FailureSpec
    /// What a robot failure does.
    public var rule: Rule
    /// Power each robot draws, by the state of its cell (failed while itself down); nil draws nothing.
    public var power: PowerSpec?
    /// Predictive maintenance of the robots (calendar basis only); nil: run to failure, no inspections.
    public var maintenance: MaintenanceSpec?
}

/// Inspection at a station: each finished job is defective with a fixed
/// probability and then goes to the rework station instead of `next`.
public struct QualitySpec: Sendable, Equatable {
    /// Probability that a finished job is defective, 0…1.
    public var defectRate: Double
    /// Where defective jobs go (a repair bay, or back into the line).
    public var rework: NodeRef

    /// Creates an inspection rule.
    public init(defectRate: Double, rework: NodeRef) {
        self.defectRate = defectRate
        self.rework = rework
    }
}

/// Several places a defective job may go, and how one is chosen.
public struct ReworkRouting: Sendable, Equatable {
    /// The destinations, in file order (the first is `QualitySpec.rework`).
    public var options: [NodeRef]
    public var rule: ReworkRule
}

/// How a defective job's rework destination is chosen: the rework decision point.
public enum ReworkRule: Sendable, Equatable {
    /// Always the first listed.
    case first
    /// The station with the fewest jobs waiting, among those with room first (ties: the first listed).
    case shortestQueue
    /// The teacher: the station where the repair is expected to finish first.
    case oracle
    case policy(PolicyBinding)

    public var name: String {
        switch self {
        case .first: "first"
        case .shortestQueue: "shortest_queue"
        case .oracle: "oracle"
        case let .policy(p): p.name
        }
    }
}

/// Electrical power a server draws in each state, in watts.
public struct PowerSpec: Sendable, Equatable {
    /// While processing a job.
    public var working: Double
    /// While waiting for work (starved).
    public var idle: Double
    /// While holding a finished job that cannot leave.
    public var blocked: Double
    /// While failed and under repair.
    public var failed: Double
    /// While the plant is off shift.
    public var offShift: Double

    /// Creates a power specification.
    public init(working: Double, idle: Double, blocked: Double, failed: Double, offShift: Double = 0) {
        self.working = working
        self.idle = idle
        self.blocked = blocked
        self.failed = failed
        self.offShift = offShift
    }
}

/// A sink: jobs leave the plant here.
public struct SinkSpec: Sendable {
    /// Unique name.
    public var name: String
}
