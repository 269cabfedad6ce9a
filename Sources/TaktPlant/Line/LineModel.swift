import Foundation
import TaktKernel
import TaktPolicy

/// The plant as a discrete-event model: sources, stations with parallel
/// servers and finite buffers, jobs, routing and blocking: the line core.
/// Each further concern keeps its state in its own type, one stored property
/// here, built by its own initializer, with its behaviour in an extension in
/// its folder under `Components/` (robot cells, orders, changeovers, kits and
/// fleets, …), `Decisions/` or `Results/`; docs/line-model.md lists them.
///
/// Conventions (also in docs/manual/plant-files.md, "Conventions"):
/// - **Blocking after service**: a server that finishes a job keeps it until
///   the next station has room; while it holds it, the server is *blocked*.
/// - **Buffer capacity** counts jobs waiting in front of a station, not jobs
///   inside its servers. A station "has room" when a server is free or the
///   buffer is below capacity.
/// - **Failures** hit each server independently. A failure interrupts the job
///   in process, which resumes where it stopped after repair (preemptive
///   resume). With the `operating` basis, only working time ages a server;
///   with `calendar`, all time does, and a blocked or idle server can fail too.
/// - Released blocked jobs move in the order they became blocked.
public final class LineModel: EventHandler {
    let plant: PlantDescription
    /// The warm-up, the job limit, why the run stopped early, and what watches it.
    var control: RunControl

    // Stations, their servers and buffers.
    let servers: Slab<ServerState>
    /// Each station's range of servers and how many are idle and up.
    let pools: ServerPools
    var buffers: Buffers
    let stats: Slab<StationStatistics>
    let processing: ProcessTimes
    let routes: Routes
    /// Active stations and the shifting-bottleneck analysis.
    var activity: StationActivity
    /// The shift calendar: off shift or not, the on-shift clock.
    var shiftClock: ShiftState
    /// Server failures' random streams.
    var breakdowns: FailureState
    /// The sources' arrival streams and held jobs.
    let arrivals: Arrivals

    /// The jobs in the plant.
    var jobs = JobTable()
    /// Robot cells: each robot's failures, downtime and maintenance.
    var robotCells: RobotCellState
    /// Transfers: times, streams, jobs on their way.
    var transfers: TransferState
    /// Orders: mixes, order banks, each variant's work.
    var orders: OrderState
    /// Which optional features and rules each station uses: one byte read on
    /// the hot path instead of the (larger) optional settings themselves.
    struct Features: OptionSet {
        let rawValue: UInt16
        static let transfer = Features(rawValue: 1)
        static let changeover = Features(rawValue: 2)
        static let inspection = Features(rawValue: 4)
        static let assembly = Features(rawValue: 8)
        static let robotCell = Features(rawValue: 16)
        static let slowDownCell = Features(rawValue: 32)
        static let changeoverByColour = Features(rawValue: 64)
        static let batchPick = Features(rawValue: 128)
        static let kitted = Features(rawValue: 256)
        /// Picks from the buffer by the oracle or a learned policy (the pick decision point).
        static let decidedPick = Features(rawValue: 512)
        /// A job's work needs workers from a pool.
        static let staffed = Features(rawValue: 1024)
        /// The station has a calendar of its own.
        static let ownCalendar = Features(rawValue: 2048)
        /// A job starts here only on a free carrier (the station loads carriers).
        static let carried = Features(rawValue: 4096)
        /// Jobs leaving here leave their carriers.
        static let carrierUnload = Features(rawValue: 8192)
        /// A conveyor brings jobs here, in place of the buffer.
        static let conveyor = Features(rawValue: 16384)
        /// A job starts only when material is there: parts, a kit, a carrier, or the job itself at the conveyor's end.
        static let gated: Features = [.assembly, .kitted, .carried, .conveyor]
    }
    let features: Slab<Features>
    /// Assembly stations' part stores.
    var assemblyParts: AssemblyState
    /// Changeovers: times, streams, each server's last attribute.
    var changeovers: ChangeoverState
    /// Inspection and rework rules.
    var inspections: InspectionState
    /// Kits at kitted stations: stock, deliveries on their way, stock-outs.
    var kitting: KitState
    /// Carrier loops: free carriers at each load station, the jobs riding one.
    var carriers: CarrierState
    /// Conveyors in front of stations: where each one's jobs are, whether it runs.
    var conveyors: ConveyorState
    /// Worker pools: free workers, waiting requests, what each server holds.
    var workforce: WorkforceState
    /// The vehicle fleets.
    var fleets: [FleetState]
    /// Decision sites served by the teacher or a policy: policies, statistics, audit trail.
    var sites: DecisionSiteState
    /// Deployments: what decisions go through, and the decisions on their way.
    var deployments: DeploymentRuntime
    /// The time of the event being handled.
    var now: Tick = 0

    // Plant-level statistics.
    var output = OutputStatistics()

    /// The components above, each released with the model and reset at the end of warm-up.
    let components: ComponentRegistry

    /// Default for the most jobs that may be in the plant at once. A plant
    /// whose work in process grows past it is unstable (arrivals faster than
    /// an unlimited buffer's station can serve); the run stops with a
    /// `ModelError` rather than exhausting memory.
    public static let defaultJobLimit = 5_000_000

    /// Builds the model for replication `replication` of `plant` under `seed`.
    ///
    /// `duration` (warm-up included) sizes the series of jobs completed per
    /// on-shift hour; without it the series stays empty.
    public init(plant: PlantDescription, seed: UInt64, replication: Int, warmup: Tick, duration: Tick? = nil,
                jobLimit: Int = LineModel.defaultJobLimit, auditRate: Double = 0, serving: PolicyServing? = nil) {
        self.plant = plant
        control = RunControl(warmup: warmup, jobLimit: jobLimit)
        let rep = UInt64(replication)
        pools = ServerPools(plant: plant)
        servers = Slab(plant.stations.indices.flatMap { s in (0..<plant.stations[s].servers).map { _ in ServerState(station: Int32(s)) } })
        buffers = Buffers(plant: plant)
        stats = Slab(plant.stations.map { _ in StationStatistics() })
        processing = ProcessTimes(plant: plant, seed: seed, replication: rep)
        routes = Routes(plant: plant, seed: seed, replication: rep)
        var components = ComponentRegistry()
        breakdowns = components.register(\.breakdowns, FailureState(plant: plant, seed: seed, replication: rep))
        arrivals = Arrivals(plant: plant, seed: seed, replication: rep)
        let unloads = Set(plant.stations.compactMap { $0.carriers?.unload })
        self.features = Slab(plant.stations.enumerated().map { s, station in
            var f: Features = []
            if station.transfer != nil { f.insert(.transfer) }
            if station.changeover != nil { f.insert(.changeover) }
            if station.quality != nil { f.insert(.inspection) }
            if station.assembly != nil { f.insert(.assembly) }
            if station.robots != nil { f.insert(.robotCell) }
            if station.robots?.rule == .slowDown { f.insert(.slowDownCell) }
            if station.changeover?.by == .colour { f.insert(.changeoverByColour) }
            if station.pick == .batch { f.insert(.batchPick) }
            if station.kits != nil { f.insert(.kitted) }
            if station.workers != nil { f.insert(.staffed) }
            if station.calendar != nil { f.insert(.ownCalendar) }
            if station.carriers != nil { f.insert(.carried) }
            if unloads.contains(s) { f.insert(.carrierUnload) }
            if station.conveyor != nil { f.insert(.conveyor) }
            switch station.pick {
            case .oracle, .policy: f.insert(.decidedPick)
            case .fifo, .batch: break
            }
            return f
        })
        shiftClock = components.register(\.shiftClock, ShiftState(plant: plant))
        assemblyParts = components.register(\.assemblyParts, AssemblyState(plant: plant))
        changeovers = components.register(\.changeovers, ChangeoverState(plant: plant, servers: pools.servers, seed: seed, replication: rep))
        orders = components.register(\.orders, OrderState(plant: plant, seed: seed, replication: rep))
        transfers = components.register(\.transfers, TransferState(plant: plant, seed: seed, replication: rep))
        robotCells = components.register(\.robotCells, RobotCellState(plant: plant, seed: seed, replication: rep))
        kitting = components.register(\.kitting, KitState(plant: plant))
        carriers = components.register(\.carriers, CarrierState(plant: plant, seed: seed, replication: rep))
        conveyors = components.register(\.conveyors, ConveyorState(plant: plant))
        workforce = components.register(\.workforce, WorkforceState(plant: plant, servers: pools.servers, seed: seed, replication: rep))
        fleets = components.register(\.fleets, plant.fleets.map { fleet in
            FleetState(fleet, stations: plant.stations.count, stream: RandomStream(seed: seed, replication: rep, name: "fleet:\(fleet.name)"))
        })
        let sites = components.register(\.sites, DecisionSiteState(plant: plant, seed: seed, replication: rep, auditRate: auditRate,
                                                                        serving: serving))
        self.sites = sites
        deployments = components.register(\.deployments, DeploymentRuntime(plant: plant, sites: sites.all, servers: pools.servers, seed: seed,
                                                                                  replication: rep, serving: sites.serving))
        inspections = components.register(\.inspections, InspectionState(plant: plant, seed: seed, replication: rep))
        activity = components.register(\.activity, StationActivity(stations: plant.stations.count))
        self.components = components
        output.takt = plant.takt
        output.variantJobs = Array(repeating: 0, count: plant.variants.count)
        output.variantLeadTime = Array(repeating: Tally(), count: plant.variants.count)
        output.colourJobs = Array(repeating: 0, count: plant.colours.count)
        if let duration { output.sizeSeries(measured: duration - control.warmup) }
        for (i, source) in plant.sources.enumerated() where orders.enabled {
            orders.banks[i] = (0..<source.orderBank).map { _ in drawOrder(source: i) }
        }
    }

    deinit {
        servers.release()
        pools.release()
        buffers.release()
        stats.release()
        processing.release()
        routes.release()
        arrivals.release()
        features.release()
        components.release(self)
    }

    /// Schedules the initial events: first arrivals, first failures, end of warm-up.
    public func start(in sim: Simulation) {
        if let calendar = plant.calendar {
            let (on, next) = calendar.state(at: 0)
            setPlantOffShift(!on, at: 0)
            scheduleShiftChange(at: next, start: !on, sim)
        }
        for (i, source) in plant.sources.enumerated() {
            switch source.arrivals {
            case .interarrival, .listed:
                sim.schedule(Event(CoreEvent.arrival, target: Int32(i)), at: source.firstArrival)
            case .unlimited:
                buffers.blockedOn[source.next].append(-Int32(i) - 1)
                buffers.noteRoom(at: source.next)
            }
        }
        for k in servers.indices {
            let s = Int(servers[k].station)
            guard let failures = plant.stations[s].failures else { continue }
            let ttf = failures.timeToFailure.sampleTicks(&breakdowns.streams[k])
            switch failures.basis {
            case .calendar: sim.schedule(Event(FailureEvent.failure, target: Int32(k)), at: ttf)
            case .operating: servers[k].timeToFailure = ttf
            }
        }
        startRobots(sim)
        startInspections(sim)
        startWorkerCalendars(sim)
        startStationCalendars(sim)
        if control.warmup > 0 {
            sim.schedule(Event(CoreEvent.warmUpEnd), at: control.warmup, priority: -1)
        }
        drainRoom(sim)
        reportActivity(at: sim.now)
    }

    /// Handles one event.
    public func handle(_ event: Event, in sim: Simulation) {
        now = sim.now
        guard let kind = LineEvent(rawValue: event.kind) else {
            preconditionFailure("event kind \(event.kind) was never scheduled by the line model")
        }
        if let observer = control.instruments.observer {
            let job: Int32 = switch kind {
            case .core(.serviceEnd): servers[Int(event.target)].job
            case .transfers, .fleets: event.detail
            case .core, .failures, .shifts, .robotCells, .deployments, .workers, .carriers, .conveyors: -1
            }
            if !observer.observe(TraceRecord(time: now, kind: event.kind, object: event.target, job: job)) {
                sim.stop()
                return
            }
        }
        switch kind {
        case let .core(e): handle(e, event, sim)
        case let .failures(e): handle(e, event, sim)
        case let .shifts(e): handle(e, event, sim)
        case let .robotCells(e): handle(e, event, sim)
        case let .transfers(e): handle(e, event, sim)
        case let .fleets(e): handle(e, event, sim)
        case let .deployments(e): handle(e, event, sim)
        case let .workers(e): handle(e, event, sim)
        case let .carriers(e): handle(e, event, sim)
        case let .conveyors(e): handle(e, event, sim)
        }
        if !buffers.roomMade.isEmpty { drainRoom(sim) }
        if activity.changedCount > 0 { reportActivity(at: sim.now) }
        if control.stopRequested { sim.stop() }
    }

    /// Handles an event of the core.
    func handle(_ kind: CoreEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .arrival: arrival(source: Int(event.target), sim)
        case .serviceEnd: serviceEnded(server: Int(event.target), sim)
        case .warmUpEnd: resetStatistics(at: sim.now)
        }
    }
}
