import Foundation
import TaktKernel
import TaktPlant

/// The figures of a `takt run` across its replications: the documented JSON object.
///
/// Every statistical figure is the mean over replications; with more than one
/// replication each also carries its 95% confidence half-width in a sibling
/// key with the suffix `_hw95` (for example `throughput_per_hour_hw95`).
public struct RunSummary: Sendable {
    public var plant: String
    public var plantFile: String
    public var plantHash: String
    public var version: String
    public var seed: UInt64
    public var replications: Int
    /// Replications in which no job was completed after warm-up: their per-job figures (lead time,
    /// cycle time, due dates, yield) have nothing to measure and count as zero in the means.
    public var replicationsWithoutJobs: Int
    /// Replications with fewer than two departures after warm-up: no time between departures to measure.
    public var replicationsWithoutGaps: Int = 0
    /// Set when the line did not settle: its work in process grew while a station never waited for work.
    public var unsettled: Unsettled?
    /// The ids the run store gave the replications, ascending (empty: nothing stored).
    public var storedRunIDs: [Int64] = []
    public var durationSeconds: Double
    public var warmupSeconds: Double
    /// How the warm-up was chosen, when not given (`MSER-5: …`); nil: given.
    public var warmupRule: String?
    public var takt: Double?
    /// Every plant-level figure the plant reports (`ResultFigure.all` and
    /// `.stored`), over the replications; the JSON writes them where their
    /// declarations say.
    public var figures: [FigureEstimate]
    /// Whether the plant has a shift calendar.
    public var hasCalendar: Bool
    /// Whether any station inspects jobs.
    public var hasInspection: Bool { stations.contains { $0.figures.reports(StationOutputs.defects) } }
    /// Energy by shop, in the order shops first appear in the plant.
    public var shops: [ShopSummary]
    /// Completed jobs (and lead time) per variant and per colour.
    public var variants: [OrderSummary]
    public var colours: [OrderSummary]
    /// Design output to actual output, in jobs (nil without a takt).
    public var lossTree: LossTreeSummary?
    public var events: Int
    public var wallSeconds: Double
    public var stations: [StationSummary]
    /// Vehicle fleets.
    public var fleets: [FleetSummary]
    /// Worker pools.
    public var workerPools: [WorkerPoolSummary]
    /// Decision sites served by the oracle or a policy.
    public var decisions: [DecisionSummary]
    /// With one replication that recorded its periods: how its figures got half-widths from batch means.
    public var batchMeans: BatchMeansSummary?

    /// The estimate of the plant-level figure `name` (empty when the plant does not report it).
    public subscript(_ name: String) -> Estimate { figures.first { $0.figure.name == name }?.estimate ?? Estimate([]) }

    /// Whether the plant reports the figure `name`.
    public func reports(_ name: String) -> Bool { figures.contains { $0.figure.name == name } }

    /// The unit of the plant-level figure `name` as the plant reports it (money in its currency), empty when it does not.
    public func unit(of name: String) -> String { figures.first { $0.figure.name == name }?.figure.unit ?? "" }

    public var jobsCompleted: Estimate { self["jobs_completed"] }
    public var throughputPerHour: Estimate { self["throughput_per_hour"] }
    public var operatingHours: Estimate { self["operating_hours"] }
    public var throughputPerOperatingHour: Estimate { self["throughput_per_operating_hour"] }
    public var leadTimeMean: Estimate { self["lead_time_mean"] }
    public var leadTimeP50: Estimate { self["lead_time_p50"] }
    public var leadTimeP95: Estimate { self["lead_time_p95"] }
    public var interdepartureMean: Estimate { self["interdeparture_mean"] }
    public var interdepartureP95: Estimate { self["interdeparture_p95"] }
    /// Takt adherence (nil: the plant has no takt).
    public var taktAdherence: Estimate? { reports("takt_adherence") ? self["takt_adherence"] : nil }
    public var workInProcess: Estimate { self["work_in_process"] }
    public var jobsLost: Estimate { self["jobs_lost"] }
    public var firstPassYield: Estimate { self["first_pass_yield"] }
    public var failures: Estimate { self["failures"] }
    public var energyKWh: Estimate { self["energy_kwh"] }
    public var energyPerJobKWh: Estimate { self["energy_per_job_kwh"] }

    /// Robots modelled individually, in all cells.
    public var robotCount: Int { stations.reduce(0) { $0 + $1.robots.count } }

    /// Stations ranked by mean bottleneck share (sole + shifting), highest first.
    public var bottleneckRanking: [StationSummary] {
        func share(_ s: StationSummary) -> Double { s[StationOutputs.bottleneckSole].mean + s[StationOutputs.bottleneckShifting].mean }
        return stations.filter { share($0) > 0 }.sorted { share($0) > share($1) }
    }

    /// Summarizes the replication results of one run of `plant`.
    public init(plant: PlantDescription, settings: RunSettings, results: [ReplicationResult], version: String, wallSeconds: Double) {
        func est(_ f: (ReplicationResult) -> Double) -> Estimate { Estimate(results.map(f)) }
        self.plant = plant.name
        plantFile = plant.file
        plantHash = plant.contentHash
        self.version = version
        seed = settings.seed
        replications = results.count
        replicationsWithoutJobs = results.filter { $0.jobsCompleted == 0 }.count
        replicationsWithoutGaps = results.filter { $0.jobsCompleted < 2 }.count
        unsettled = Unsettled(results: results, plant: plant)
        durationSeconds = Ticks.seconds(settings.duration)
        warmupSeconds = Ticks.seconds(settings.warmup)
        takt = plant.takt.map(Ticks.seconds)
        figures = ResultFigure.measured.filter { $0.isReported(by: plant) }.compactMap { figure in
            let values = results.map(figure.value)
            // A figure no replication has (decision latencies without a deployment) is left out;
            // a replication without it counts as zero (takt adherence without departures).
            guard values.contains(where: { $0 != nil }) else { return nil }
            return FigureEstimate(figure: figure.priced(in: plant.costs?.currency), estimate: Estimate(values.map { $0 ?? 0 }))
        }
        hasCalendar = plant.calendar != nil
        var shopNames: [String] = []
        for station in plant.stations { if let shop = station.shop, !shopNames.contains(shop) { shopNames.append(shop) } }
        shops = shopNames.map { shop in
            func energy(_ r: ReplicationResult) -> Double { r.stations.filter { $0.shop == shop }.reduce(0) { $0 + $1.energyKWh } }
            return ShopSummary(name: shop, stations: plant.stations.filter { $0.shop == shop }.count,
                               energyKWh: est(energy), energyPerJobKWh: est { $0.jobsCompleted > 0 ? energy($0) / Double($0.jobsCompleted) : 0 })
        }
        func orders(_ pick: (ReplicationResult) -> [OrderResult], lead: Bool) -> [OrderSummary] {
            guard let first = results.first else { return [] }
            return pick(first).indices.map { i in
                OrderSummary(name: pick(first)[i].name,
                             jobs: Estimate(results.map { Double(pick($0)[i].jobs) }),
                             share: Estimate(results.map { $0.jobsCompleted > 0 ? Double(pick($0)[i].jobs) / Double($0.jobsCompleted) : 0 }),
                             leadTimeMean: lead ? Estimate(results.map { pick($0)[i].leadTimeMean }) : nil)
            }
        }
        variants = orders(\.variants, lead: true)
        colours = orders(\.colours, lead: false)
        let measured = Ticks.seconds(settings.duration - settings.warmup)
        let trees = results.compactMap { LossTree($0, takt: plant.takt, measuredSeconds: measured) }
        lossTree = trees.count == results.count && !trees.isEmpty ? LossTreeSummary(trees, staffed: !plant.workers.isEmpty) : nil
        events = results.reduce(0) { $0 + $1.events }
        self.wallSeconds = wallSeconds
        stations = plant.stations.indices.map { s in
            let spec = plant.stations[s], rows = results.map { $0.stations[s] }
            return StationSummary(
                name: spec.name, shop: spec.shop, servers: spec.servers,
                figures: OutputEstimates(StationOutputs.all, rows: rows, context: spec),
                robots: (spec.robots.map { cell in
                    cell.names.indices.map { i in
                        RobotSummary(name: cell.names[i], figures: OutputEstimates(RobotOutputs.all, rows: rows.map { $0.robots[i] }, context: cell))
                    }
                }) ?? [])
        }
        decisions = (results.first?.decisions ?? []).indices.map { d in
            let rows = results.map { $0.decisions[d] }
            return DecisionSummary(point: rows[0].point, at: rows[0].at, rule: rows[0].rule,
                                   figures: OutputEstimates(DecisionOutputs.all, rows: rows, context: DecisionSiteRuns(rows)),
                                   deployment: DeploymentSummary(rows.compactMap(\.deployment)),
                                   processFailure: rows.lazy.compactMap(\.processFailure).first)
        }
        fleets = plant.fleets.indices.map { f in
            FleetSummary(name: plant.fleets[f].name, vehicles: plant.fleets[f].vehicles,
                         figures: OutputEstimates(FleetOutputs.all, rows: results.map { $0.fleets[f] }, context: plant.fleets[f]))
        }
        workerPools = plant.workers.indices.map { p in
            WorkerPoolSummary(name: plant.workers[p].name, workers: plant.workers[p].count,
                              stations: plant.stations.filter { $0.workers?.pool == p }.map(\.name),
                              figures: OutputEstimates(WorkerOutputs.all, rows: results.map { $0.workerPools[p] }, context: plant.workers[p]))
        }
        if results.count == 1, let periods = results[0].periods { applyBatchMeans(periods) }
    }
}

/// The loss tree across replications, in jobs.
public struct LossTreeSummary: Sendable {
    public var design: Estimate
    /// The losses in order, with their JSON keys: off shift, failures,
    /// starvation, blocking, changeovers, workers (only for plants with
    /// worker pools), speed and other.
    public var losses: [(key: String, jobs: Estimate)]
    public var actual: Estimate

    /// The summary of one loss tree per replication.
    public init(_ trees: [LossTree], staffed: Bool) {
        func e(_ f: (LossTree) -> Double) -> Estimate { Estimate(trees.map(f)) }
        design = e(\.design)
        losses = LossTree.categories
            .filter { $0.key != "workers" || staffed }
            .map { ($0.key, e($0.jobs)) }
        actual = e(\.actual)
    }

    /// The jobs lost to the category with JSON key `key`, or nil when this tree has no such category.
    public func jobs(lostTo key: String) -> Estimate? {
        losses.first { $0.key == key }?.jobs
    }
}

/// One variant's or colour's completed jobs across replications.
public struct OrderSummary: Sendable {
    public var name: String
    public var jobs: Estimate
    /// Share of completed jobs.
    public var share: Estimate
    /// Mean lead time, seconds (variants only).
    public var leadTimeMean: Estimate?
}

/// One shop's energy across replications.
public struct ShopSummary: Sendable {
    public var name: String
    public var stations: Int
    public var energyKWh: Estimate
    public var energyPerJobKWh: Estimate
}

/// One station's figures across replications.
public struct StationSummary: Sendable {
    public var name: String
    public var shop: String?
    public var servers: Int
    /// Its declared figures (`StationOutputs`).
    public var figures: OutputEstimates<StationResult, StationSpec>
    /// Robots of a robot cell.
    public var robots: [RobotSummary]

    /// The estimate of one of its figures.
    public subscript(_ output: StationOutput) -> Estimate { figures[output] }
}

/// One decision site across replications.
public struct DecisionSummary: Sendable {
    /// The decision point and where (a station's or source's name).
    public var point: String
    public var at: String
    /// The rule or policy, as the summary names it.
    public var rule: String
    /// Its declared figures (`DecisionOutputs`).
    public var figures: OutputEstimates<DecisionResult, DecisionSiteRuns>
    /// The deployment answering the site and its calls (nil: in process).
    public var deployment: DeploymentSummary?
    /// The first failure of the site's policy process (nil: none failed).
    public var processFailure: String?

    /// Decisions per replication.
    public var decisions: Estimate { figures[DecisionOutputs.decisions] }
    /// Wall-clock nanoseconds per decision.
    public var meanNs: Estimate { figures[DecisionOutputs.meanNs] }
    /// Share of decisions where the teacher would have chosen the same (nil: not compared in every replication).
    public var teacherAgreement: Estimate? { figures.reports(DecisionOutputs.teacherAgreement) ? figures[DecisionOutputs.teacherAgreement] : nil }
    /// Decisions per replication made by the fallback after the site's policy process failed (nil: no process failed).
    public var processFallbacks: Estimate? { figures.reports(DecisionOutputs.processFallbacks) ? figures[DecisionOutputs.processFallbacks] : nil }
}

/// A deployed decision site's calls across replications (after warm-up).
public struct DeploymentSummary: Sendable {
    public var name: String
    public var kind: String
    /// Its declared figures (`DeploymentOutputs`).
    public var figures: OutputEstimates<DeploymentResult, Void>

    /// The summary of `rows` (one per replication); nil when there are none.
    init?(_ rows: [DeploymentResult]) {
        guard let first = rows.first else { return nil }
        name = first.name
        kind = first.kind
        figures = OutputEstimates(DeploymentOutputs.all, rows: rows, context: ())
    }
}

/// One vehicle fleet across replications.
public struct FleetSummary: Sendable {
    public var name: String
    public var vehicles: Int
    /// Its declared figures (`FleetOutputs`).
    public var figures: OutputEstimates<FleetResult, FleetSpec>

    /// The estimate of one of its figures.
    public subscript(_ output: FleetOutput) -> Estimate { figures[output] }
}

/// One worker pool across replications.
public struct WorkerPoolSummary: Sendable {
    public var name: String
    public var workers: Int
    /// The stations that draw on it, in plant-file order.
    public var stations: [String]
    /// Its declared figures (`WorkerOutputs`).
    public var figures: OutputEstimates<WorkerPoolResult, WorkerPoolSpec>

    /// The estimate of one of its figures.
    public subscript(_ output: WorkerOutput) -> Estimate { figures[output] }
}

/// One robot's figures across replications.
public struct RobotSummary: Sendable {
    public var name: String
    /// Its declared figures (`RobotOutputs`).
    public var figures: OutputEstimates<RobotResult, RobotsSpec>

    /// The estimate of one of its figures.
    public subscript(_ output: RobotOutput) -> Estimate { figures[output] }
}

/// A declared plant-level figure over the replications of a run.
public struct FigureEstimate: Sendable {
    public let figure: ResultFigure
    public let estimate: Estimate
}
