import TaktKernel
import TaktPolicy

/// The decision sites of a plant served by the teacher or a policy, and what
/// each records: its policy, whether it asks the teacher too, its decision
/// statistics and its sampled audit trail.
///
/// Owned by the line model; the decisions themselves are made in
/// `LineModel+Decisions` and the points' files.
struct DecisionSiteState: LineComponent {
    /// Every site, in the plant's order.
    let all: [DecisionSite]
    /// Each site's policy (nil: the teacher decides), and the same when it is another process's.
    var policies: [DecisionPolicy?]
    let external: [ProcessPolicy?]
    /// The run's batching policy processes as this replication reaches them (nil: none shared; a batched site makes a pool of its own).
    let serving: PolicyServing?
    /// What decides at each process-served site once its process failed (nil: the failure ends the run),
    /// and the failure, once there is one.
    let processFallbacks: [ProcessFallback?]
    var processFailures: [String?]
    /// The running figures' totals before the warm-up reset, for processes that ask for figures.
    var figuresBeforeWarmUp = RunningFigures()
    /// Whether each site also asks the teacher, for the agreement figures.
    let compareWithTeacher: [Bool]
    var stats: [DecisionStatistics]
    /// The site deciding at each station, source, fleet, inspection and robot cell (−1: none).
    let atStation: [Int]
    let atSource: [Int]
    let atFleet: [Int]
    let atRework: [Int]
    let atMaintenance: [Int]
    /// The share of decisions sampled into the audit trail, each site's sampling stream, and the samples.
    let auditRate: Double
    var auditStreams: [RandomStream]
    var auditTrail: [DecisionAudit] = []
    /// What the teachers plan with, and the scratch of the decision being made.
    var scratch: TeacherScratch

    /// The sites of `plant`, their policies loaded, their streams for replication `replication` under `seed`;
    /// sites served in batches reach their processes through `serving`.
    init(plant: PlantDescription, seed: UInt64, replication: UInt64, auditRate: Double, serving: PolicyServing?) {
        let sites = DecisionSite.all(in: plant)
        all = sites
        self.serving = serving
        policies = sites.map { site in
            site.binding(in: plant).map { $0.makePolicy(for: site, in: plant, replication: Int(replication), seed: seed, key: "\(site)", serving: serving) }
        }
        external = policies.map { $0 as? ProcessPolicy }
        processFallbacks = sites.map { site -> ProcessFallback? in
            guard case let .process(command)? = site.binding(in: plant)?.model, let fallback = command.fallback else { return nil }
            switch fallback {
            case .oracle: return .teacher
            case let .policy(_, file): return .policy(file.network.makePolicy())
            }
        }
        processFailures = Array(repeating: nil, count: sites.count)
        compareWithTeacher = sites.map { $0.binding(in: plant)?.compareWithTeacher ?? false }
        stats = Array(repeating: DecisionStatistics(), count: sites.count)
        self.auditRate = auditRate
        auditStreams = sites.map { RandomStream(seed: seed, replication: replication, name: "audit:\($0.point)@\($0.name(in: plant))") }
        atStation = plant.stations.indices.map { s in sites.firstIndex(of: .pick(station: s)) ?? -1 }
        atSource = plant.sources.indices.map { i in sites.firstIndex(of: .release(source: i)) ?? -1 }
        atFleet = plant.fleets.indices.map { f in sites.firstIndex(of: .dispatch(fleet: f)) ?? -1 }
        atRework = plant.stations.indices.map { s in sites.firstIndex(of: .rework(station: s)) ?? -1 }
        atMaintenance = plant.stations.indices.map { s in sites.firstIndex(of: .maintenance(station: s)) ?? -1 }
        scratch = TeacherScratch(plant: plant)
    }
}

/// What decides at a site after its policy process failed.
enum ProcessFallback {
    case teacher
    case policy(DecisionPolicy)
}
