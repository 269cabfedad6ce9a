import Foundation
import TaktKernel

/// The plant as a discrete-event model: sources, stations with parallel
/// servers and finite buffers, failures, routing and sinks.
///
/// Conventions (also in the README):
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
    enum Kind {
        static let arrival: Int32 = 0
        static let serviceEnd: Int32 = 1
        static let failure: Int32 = 2
        static let repair: Int32 = 3
        static let warmupEnd: Int32 = 4
    }

    let plant: PlantDescription
    let warmup: Tick

    // Stations and servers.
    let servers: Slab<ServerState>
    let firstServer: Slab<Int>
    let idleUp: Slab<Int>
    let queues: Slab<RingBuffer<Int32>>
    let capacity: Slab<Int>
    let blockedOn: Slab<RingBuffer<Int32>>
    let stats: Slab<StationStatistics>
    let roundRobin: Slab<Int>
    // Copies of the plant's per-station settings, flat for the hot path.
    let process: Slab<Distribution>
    let routing: Slab<RoutingRule>
    let successors: Slab<[NodeRef]>

    // Random streams: one per station's processing, per station's routing,
    // per server's failure process, per source's arrivals.
    let processStreams: Slab<RandomStream>
    let routeStreams: Slab<RandomStream>
    let failureStreams: Slab<RandomStream>
    let arrivalStreams: Slab<RandomStream>

    // Sources.
    let heldJob: Slab<Int32>

    // Jobs: struct-of-arrays with a free list.
    var jobCreated: [Tick] = []
    var jobEntered: [Tick] = []
    var freeJobs: [Int32] = []

    // Stations whose buffer just gained room; drained after each event.
    var roomMade: [Int] = []

    // Plant-level statistics.
    var output = OutputStatistics()

    /// Default for the most jobs that may be in the plant at once. A plant
    /// whose work in process grows past it is unstable (arrivals faster than
    /// an unlimited buffer's station can serve); the run stops with a
    /// `ModelError` rather than exhausting memory.
    public static let defaultJobLimit = 5_000_000
    let jobLimit: Int
    /// Set when the run had to stop early.
    var failure: String?
    var stopRequested = false

    /// Builds the model for replication `replication` of `plant` under `seed`.
    public init(plant: PlantDescription, seed: UInt64, replication: Int, warmup: Tick, jobLimit: Int = LineModel.defaultJobLimit) {
        self.plant = plant
        self.jobLimit = jobLimit
        self.warmup = warmup
        var servers: [ServerState] = []
        var firstServer: [Int] = []
        var idleUp: [Int] = []
        var queues: [RingBuffer<Int32>] = []
        var capacity: [Int] = []
        var blockedOn: [RingBuffer<Int32>] = []
        var stats: [StationStatistics] = []
        var roundRobin: [Int] = []
        var process: [Distribution] = []
        var routing: [RoutingRule] = []
        var successors: [[NodeRef]] = []
        var processStreams: [RandomStream] = []
        var routeStreams: [RandomStream] = []
        var failureStreams: [RandomStream] = []
        var arrivalStreams: [RandomStream] = []
        var heldJob: [Int32] = []
        let rep = UInt64(replication)
        for (s, station) in plant.stations.enumerated() {
            firstServer.append(servers.count)
            for k in 0..<station.servers {
                servers.append(ServerState(station: Int32(s)))
                if station.failures != nil {
                    failureStreams.append(RandomStream(seed: seed, replication: rep, name: "failure:\(station.name)#\(k)"))
                } else {
                    failureStreams.append(RandomStream(state: (1, 2, 3, 4)))
                }
            }
            idleUp.append(station.servers)
            queues.append(RingBuffer())
            capacity.append(station.buffer.limit)
            blockedOn.append(RingBuffer())
            stats.append(StationStatistics())
            roundRobin.append(0)
            process.append(station.process)
            routing.append(station.routing)
            successors.append(station.next)
            processStreams.append(RandomStream(seed: seed, replication: rep, name: "process:\(station.name)"))
            routeStreams.append(RandomStream(seed: seed, replication: rep, name: "route:\(station.name)"))
        }
        firstServer.append(servers.count)
        for source in plant.sources {
            arrivalStreams.append(RandomStream(seed: seed, replication: rep, name: "arrivals:\(source.name)"))
            heldJob.append(-1)
        }
        self.servers = Slab(servers)
        self.firstServer = Slab(firstServer)
        self.idleUp = Slab(idleUp)
        self.queues = Slab(queues)
        self.capacity = Slab(capacity)
        self.blockedOn = Slab(blockedOn)
        self.stats = Slab(stats)
        self.roundRobin = Slab(roundRobin)
        self.process = Slab(process)
        self.routing = Slab(routing)
        self.successors = Slab(successors)
        self.processStreams = Slab(processStreams)
        self.routeStreams = Slab(routeStreams)
        self.failureStreams = Slab(failureStreams)
        self.arrivalStreams = Slab(arrivalStreams)
        self.heldJob = Slab(heldJob)
        output.takt = plant.takt
    }

    deinit {
        servers.release()
        firstServer.release()
        idleUp.release()
        queues.release()
        capacity.release()
        blockedOn.release()
        stats.release()
        roundRobin.release()
        process.release()
        routing.release()
        successors.release()
        processStreams.release()
        routeStreams.release()
        failureStreams.release()
        arrivalStreams.release()
        heldJob.release()
    }

    /// Schedules the initial events: first arrivals, first failures, end of warm-up.
    public func start(in sim: Simulation) {
        for (i, source) in plant.sources.enumerated() {
            switch source.arrivals {
            case .interarrival:
                sim.schedule(Event(kind: Kind.arrival, target: Int32(i)), at: source.firstArrival)
            case .unlimited:
                blockedOn[source.next].append(-Int32(i) - 1)
                roomMade.append(source.next)
            }
        }
        for k in servers.indices {
            let s = Int(servers[k].station)
            guard let failures = plant.stations[s].failures else { continue }
            let ttf = failures.timeToFailure.sampleTicks(&failureStreams[k])
            switch failures.basis {
            case .calendar: sim.schedule(Event(kind: Kind.failure, target: Int32(k)), at: ttf)
            case .operating: servers[k].timeToFailure = ttf
            }
        }
        if warmup > 0 {
            sim.schedule(Event(kind: Kind.warmupEnd), at: warmup, priority: -1)
        }
        drainRoom(sim)
    }

    /// Handles one event.
    public func handle(_ event: Event, in sim: Simulation) {
        switch event.kind {
        case Kind.arrival: arrival(source: Int(event.target), sim)
        case Kind.serviceEnd: serviceEnded(server: Int(event.target), sim)
        case Kind.failure: failed(server: Int(event.target), sim)
        case Kind.repair: repaired(server: Int(event.target), sim)
        default: resetStatistics(at: sim.now)
        }
        if !roomMade.isEmpty { drainRoom(sim) }
        if stopRequested { sim.stop() }
    }

    // MARK: Jobs

    func newJob(at now: Tick) -> Int32 {
        if let id = freeJobs.popLast() {
            jobCreated[Int(id)] = now
            return id
        }
        if jobCreated.count >= jobLimit, failure == nil {
            var longest = 0
            for s in queues.indices where queues[s].count > queues[longest].count { longest = s }
            failure = "more than \(jobLimit) jobs are in the plant, \(queues[longest].count) of them waiting at '\(plant.stations[longest].name)': "
                + "the plant is unstable (jobs arrive faster than that station can serve them, and its buffer is unlimited)"
            stopRequested = true
        }
        jobCreated.append(now)
        jobEntered.append(now)
        return Int32(jobCreated.count - 1)
    }

    // MARK: Sources

    func arrival(source i: Int, _ sim: Simulation) {
        let source = plant.sources[i]
        let job = newJob(at: sim.now)
        output.arrived += 1
        if hasRoom(source.next) {
            admit(job, station: source.next, sim)
            scheduleNextArrival(i, sim)
        } else if source.whenFull == .lose {
            output.lost += 1
            freeJobs.append(job)
            scheduleNextArrival(i, sim)
        } else {
            heldJob[i] = job
            blockedOn[source.next].append(-Int32(i) - 1)
        }
    }

    func scheduleNextArrival(_ i: Int, _ sim: Simulation) {
        guard case let .interarrival(d) = plant.sources[i].arrivals else { return }
        sim.schedule(Event(kind: Kind.arrival, target: Int32(i)), after: d.sampleTicks(&arrivalStreams[i]))
    }

    // MARK: Stations

    /// A job from a source enters the plant at its first station; lead time starts now.
    func admit(_ job: Int32, station s: Int, _ sim: Simulation) {
        jobCreated[Int(job)] = sim.now
        output.workInProcess.add(1, at: sim.now)
        enter(job, station: s, sim)
    }

    /// True if station `s` can accept a job now.
    @inline(__always)
    func hasRoom(_ s: Int) -> Bool {
        idleUp[s] > 0 || queues[s].count < capacity[s]
    }

    /// A job enters station `s`: straight into a free server, else into the buffer.
    func enter(_ job: Int32, station s: Int, _ sim: Simulation) {
        jobEntered[Int(job)] = sim.now
        if idleUp[s] > 0 {
            var k = firstServer[s]
            while servers[k].phase != .idle || servers[k].down { k += 1 }
            startService(server: k, job: job, sim)
        } else {
            queues[s].append(job)
            stats[s].queueLength.update(to: Double(queues[s].count), at: sim.now)
        }
    }

    func setPhase(_ k: Int, _ phase: ServerState.Phase, at now: Tick) {
        closeStateInterval(k, at: now)
        servers[k].phase = phase
    }

    /// Books the time server `k` spent in its current state up to `now`.
    @inline(__always)
    func closeStateInterval(_ k: Int, at now: Tick) {
        stats[Int(servers[k].station)].times.add(now - servers[k].stateSince, to: servers[k].accountingState)
        servers[k].stateSince = now
    }

    func startService(server k: Int, job: Int32, _ sim: Simulation) {
        let s = Int(servers[k].station)
        if servers[k].phase == .idle { idleUp[s] -= 1 }
        let wait = sim.now - jobEntered[Int(job)]
        stats[s].serviceStarts += 1
        if wait > 0 { stats[s].waitedStarts += 1 }
        stats[s].wait.record(Ticks.seconds(wait))
        servers[k].job = job
        setPhase(k, .working, at: sim.now)
        let work = process.pointer(s).pointee.sampleTicks(&processStreams[s])
        beginWork(server: k, work: work, sim)
    }

    /// Works `work` ticks on the held job, unless a failure (operating basis) comes first.
    func beginWork(server k: Int, work: Tick, _ sim: Simulation) {
        let ttf = servers[k].timeToFailure
        if ttf < work {
            servers[k].remainingWork = work - ttf
            servers[k].timeToFailure = 0
            sim.schedule(Event(kind: Kind.failure, target: Int32(k)), after: ttf)
            return
        }
        if ttf != .max { servers[k].timeToFailure = ttf - work }
        servers[k].serviceEnd = sim.now + work
        servers[k].serviceEndHandle = sim.schedule(Event(kind: Kind.serviceEnd, target: Int32(k)), after: work)
    }

    func serviceEnded(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        let destination = route(from: s)
        switch destination {
        case .sink:
            leaveStation(server: k, sim)
            depart(servers[k].job, sim)
            freeServer(k, sim)
        case let .station(t):
            if hasRoom(t) {
                let job = servers[k].job
                leaveStation(server: k, sim)
                enter(job, station: t, sim)
                freeServer(k, sim)
            } else {
                servers[k].destination = destination
                setPhase(k, .blocked, at: sim.now)
                blockedOn[t].append(Int32(k))
            }
        }
    }

    /// Chooses the successor of station `s` for a finished job.
    func route(from s: Int) -> NodeRef {
        switch routing[s] {
        case .single:
            return successors[s][0]
        case let .probability(p):
            var u = routeStreams[s].nextUnit()
            for (i, pi) in p.enumerated() {
                if u < pi { return successors[s][i] }
                u -= pi
            }
            return successors[s][p.count - 1]
        case .roundRobin:
            let i = roundRobin[s]
            roundRobin[s] = (i + 1) % successors[s].count
            return successors[s][i]
        case .shortestQueue:
            var best = successors[s][0]
            var bestLength = Int.max
            for ref in successors[s] {
                let length: Int
                switch ref {
                case .sink: length = -1
                case let .station(t): length = hasRoom(t) ? queues[t].count : queues[t].count + 1_000_000
                }
                if length < bestLength { best = ref; bestLength = length }
            }
            return best
        case .firstFree:
            for ref in successors[s] {
                switch ref {
                case .sink: return ref
                case let .station(t): if hasRoom(t) { return ref }
                }
            }
            return successors[s][0]
        }
    }

    /// Records the held job's time in its station as it leaves.
    func leaveStation(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        stats[s].departures += 1
        stats[s].timeInStation.record(Ticks.seconds(sim.now - jobEntered[Int(servers[k].job)]))
    }

    /// The server let go of its job: take the next one, or wait idle.
    func freeServer(_ k: Int, _ sim: Simulation) {
        servers[k].job = -1
        setPhase(k, .idle, at: sim.now)
        serverAvailable(k, sim)
    }

    /// An idle server that is up looks for work, and the station gains room.
    func serverAvailable(_ k: Int, _ sim: Simulation) {
        guard !servers[k].down, servers[k].phase == .idle else { return }
        let s = Int(servers[k].station)
        idleUp[s] += 1
        if let job = queues[s].popFirst() {
            stats[s].queueLength.update(to: Double(queues[s].count), at: sim.now)
            startService(server: k, job: job, sim)
        }
        if !blockedOn[s].isEmpty { roomMade.append(s) }
    }

    /// Releases blocked predecessors into stations that gained room.
    func drainRoom(_ sim: Simulation) {
        while let s = roomMade.popLast() {
            var i = 0
            while hasRoom(s), i < blockedOn[s].count {
                let blocker = blockedOn[s][i]
                if blocker >= 0 {
                    let k = Int(blocker)
                    if servers[k].down { i += 1; continue }
                    blockedOn[s].remove(at: i)
                    let job = servers[k].job
                    leaveStation(server: k, sim)
                    enter(job, station: s, sim)
                    freeServer(k, sim)
                } else {
                    let src = Int(-blocker - 1)
                    blockedOn[s].remove(at: i)
                    switch plant.sources[src].arrivals {
                    case .unlimited:
                        output.arrived += 1
                        admit(newJob(at: sim.now), station: s, sim)
                        // Back in line behind any other blocked predecessors.
                        blockedOn[s].append(blocker)
                    case .interarrival:
                        admit(heldJob[src], station: s, sim)
                        heldJob[src] = -1
                        scheduleNextArrival(src, sim)
                    }
                }
            }
        }
    }

    // MARK: Failures

    func failed(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        guard let failures = plant.stations[s].failures else { return }
        if failures.basis == .calendar {
            switch servers[k].phase {
            case .working:
                sim.cancel(servers[k].serviceEndHandle)
                servers[k].remainingWork = servers[k].serviceEnd - sim.now
            case .idle:
                idleUp[s] -= 1
            case .blocked:
                break
            }
        }
        closeStateInterval(k, at: sim.now)
        servers[k].down = true
        output.failures += 1
        let ttr = failures.timeToRepair.sampleTicks(&failureStreams[k])
        sim.schedule(Event(kind: Kind.repair, target: Int32(k)), after: ttr)
    }

    func repaired(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        guard let failures = plant.stations[s].failures else { return }
        closeStateInterval(k, at: sim.now)
        servers[k].down = false
        let ttf = failures.timeToFailure.sampleTicks(&failureStreams[k])
        switch failures.basis {
        case .calendar:
            sim.schedule(Event(kind: Kind.failure, target: Int32(k)), after: ttf)
        case .operating:
            servers[k].timeToFailure = ttf
        }
        switch servers[k].phase {
        case .working:
            beginWork(server: k, work: servers[k].remainingWork, sim)
        case .idle:
            serverAvailable(k, sim)
        case .blocked:
            if case let .station(t) = servers[k].destination { roomMade.append(t) }
        }
    }

    // MARK: Sinks and statistics

    func depart(_ job: Int32, _ sim: Simulation) {
        output.recordDeparture(createdAt: jobCreated[Int(job)], at: sim.now)
        freeJobs.append(job)
    }

    func resetStatistics(at now: Tick) {
        for s in stats.indices { stats[s].reset(at: now) }
        for k in servers.indices { servers[k].stateSince = now }
        output.reset(at: now)
    }
}
